#include "steady/nodal_factor.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <memory>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "steady/nodal_kernels.h"
#include "steady/parallel.h"

namespace corridor::steady_internal {

#if !defined(CORRIDOR_NODAL_AVX2)
// Not built for this target (not x86-64, or a compiler without -mavx2 -mfma): never
// called, VectorKernelsAvailable() is false.
namespace nodal_avx2 {
void Update(const double*, long, int, int, int, const int*, double*, long) {}
bool Panel(double*, long, int, int) { return false; }
void Forward(const double*, int, int, int, const int*, double*, double*) {}
void Backward(const double*, int, int, int, const int*, double*, double*) {}
void Forward(const float*, int, int, int, const int*, double*, double*) {}
void Backward(const float*, int, int, int, const int*, double*, double*) {}
bool ToSingle(const double*, long, float*) { return false; }
}  // namespace nodal_avx2
#endif

bool NodalCholesky::VectorKernelsAvailable() {
#if defined(CORRIDOR_NODAL_AVX2)
  // libgcc's check includes the operating system's support of the 256-bit registers.
  static const bool available = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return available;
#else
  return false;
#endif
}

namespace {

using Panel = Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
using ConstPanel = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

double MaxAbs(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

}  // namespace

// The supernodal structure of L for the pattern in the given order (what CHOLMOD's
// analysis with a given order gave, computed here in one pass): the elimination tree
// (Liu's algorithm, path compression), its postorder, then the columns in that order.
// Column j joins the open supernode where j - 1 is its child and its structure is that of
// j - 1 without j (its entries below j and its other child supernodes' rows all among the
// supernode's rows: no zero added); otherwise it opens a supernode whose rows are the
// union of its entries and of its child supernodes' rows. O(|A| + the supernodes' row
// lists): on the lattice NodalCholesky's whole analysis went from 13-14 to 9-11 ms (CPU),
// CHOLMOD's transposes and column counts being the difference.
bool NodalCholesky::Symbolic(const std::vector<int>& ap, const std::vector<int>& ai,
                             const int* order) {
  const int n = n_;
  std::vector<int> pinv(n, -1), parent(n), anc(n);
  for (int k = 0; k < n; ++k) {  // the order must be a permutation
    if (order[k] < 0 || order[k] >= n || pinv[order[k]] != -1) return false;
    pinv[order[k]] = k;
  }
  for (int k = 0; k < n; ++k) {
    parent[k] = anc[k] = -1;
    const int c = order[k];
    for (int e = ap[c]; e < ap[c + 1]; ++e) {
      for (int i = pinv[ai[e]]; i != -1 && i < k;) {
        const int up = anc[i];
        anc[i] = k;
        if (up == -1) parent[i] = k;
        i = up;
      }
    }
  }
  // Postorder (children in ascending order, depth first): anc becomes the stack.
  std::vector<int> head(n, -1), next(n, -1), post(n);
  for (int j = n - 1; j >= 0; --j) {
    if (parent[j] == -1) continue;
    next[j] = head[parent[j]];
    head[parent[j]] = j;
  }
  int k = 0;
  for (int root = 0; root < n; ++root) {
    if (parent[root] != -1) continue;
    int top = 0;
    anc[0] = root;
    while (top >= 0) {
      const int v = anc[top], c = head[v];
      if (c == -1) {
        post[k++] = v;
        --top;
      } else {
        head[v] = next[c];
        anc[++top] = c;
      }
    }
  }
  if (k != n) return false;
  // The final order and the tree in it (anc: old position -> new).
  perm_.resize(n);
  for (int j = 0; j < n; ++j) {
    perm_[j] = order[post[j]];
    anc[post[j]] = j;
  }
  for (int j = 0; j < n; ++j) {
    pinv[perm_[j]] = j;
    const int p = parent[post[j]];
    head[j] = p == -1 ? -1 : anc[p];  // head: the parent in the final order
  }
  const std::vector<int>& par = head;
  // Supernodes. child / sibling: the closed supernodes below each column; mark: row ->
  // the supernode whose row list has it.
  std::vector<int> child(n, -1), sibling, mark(n, -1), rows, merged;
  super_.assign(1, 0);
  pi_.assign(1, 0);
  px_.assign(1, 0);
  s_.clear();
  int cur = -1;
  auto close = [&](int end) {  // the open supernode ends before column `end`
    super_.push_back(end);
    const long nrow = pi_[cur + 1] - pi_[cur];
    px_.push_back(px_.back() + nrow * (end - super_[cur]));
    sibling.push_back(-1);
    if (const int p = par[end - 1]; p != -1) {
      sibling[cur] = child[p];
      child[p] = cur;
    }
  };
  for (int j = 0; j < n; ++j) {
    const int c = perm_[j];
    bool join = cur >= 0 && par[j - 1] == j;
    for (int e = ap[c]; join && e < ap[c + 1]; ++e) {
      const int r = pinv[ai[e]];
      join = r <= j || mark[r] == cur;
    }
    for (int d = child[j]; join && d != -1; d = sibling[d])
      for (int q = pi_[d] + (super_[d + 1] - super_[d]); join && q < pi_[d + 1]; ++q)
        join = mark[s_[q]] == cur;
    if (join) continue;
    if (cur >= 0) close(j);
    cur = static_cast<int>(pi_.size()) - 1;
    // The new supernode's rows below j: A's column (a few entries, sorted here) merged with
    // each child's rows below its columns (sorted already), which is linear where sorting
    // the union was most of the symbolic analysis' time on the lattice.
    rows.clear();
    for (int e = ap[c]; e < ap[c + 1]; ++e)
      if (const int r = pinv[ai[e]]; r > j) rows.push_back(r);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int d = child[j]; d != -1; d = sibling[d]) {
      const auto first = s_.begin() + pi_[d] + (super_[d + 1] - super_[d]);
      const auto last = s_.begin() + pi_[d + 1];
      merged.clear();
      std::set_union(rows.begin(), rows.end(), std::upper_bound(first, last, j), last,
                     std::back_inserter(merged));
      rows.swap(merged);
    }
    mark[j] = cur;
    for (const int r : rows) mark[r] = cur;
    s_.push_back(j);
    s_.insert(s_.end(), rows.begin(), rows.end());
    pi_.push_back(static_cast<int>(s_.size()));
  }
  if (cur >= 0) close(n);
  nsuper_ = cur + 1;
  Amalgamate(par);
  return true;
}

// Relaxed amalgamation (as CHOLMOD's, with its thresholds as NodalCholesky had set them):
// a supernode merges into its parent's group where that group starts at the next column
// and the merged one stays narrow or gains few zeros: wider dense blocks for
// the kernels, at the price of some stored zeros. Going down from the root, so that a
// chain merges step by step; a merged supernode's rows are its columns and then the rows
// below its topmost part.
void NodalCholesky::Amalgamate(const std::vector<int>& parent) {
  const int ns = nsuper_;
  std::vector<int> up(ns, -1), owner(n_);
  for (int sn = 0; sn < ns; ++sn)
    for (int j = super_[sn]; j < super_[sn + 1]; ++j) owner[j] = sn;
  for (int sn = 0; sn < ns; ++sn)
    if (const int p = parent[super_[sn + 1] - 1]; p != -1) up[sn] = owner[p];
  // Per group, kept at its lowest supernode: columns, rows, entries of the exact factor.
  std::vector<long> ncol(ns), nrow(ns), exact(ns);
  for (int sn = 0; sn < ns; ++sn) {
    ncol[sn] = super_[sn + 1] - super_[sn];
    nrow[sn] = pi_[sn + 1] - pi_[sn];
    exact[sn] = ncol[sn] * nrow[sn] - ncol[sn] * (ncol[sn] - 1) / 2;
  }
  // rep: a supernode's group, by its lowest member (path compression as union-find).
  std::vector<int> rep(ns);
  for (int sn = 0; sn < ns; ++sn) rep[sn] = sn;
  auto find = [&](int v) {
    int r = v;
    while (rep[r] != r) r = rep[r];
    while (rep[v] != r) {
      const int w = rep[v];
      rep[v] = r;
      v = w;
    }
    return r;
  };
  std::vector<char> joins(ns, 0);  // sn's group goes on into sn + 1
  for (int sn = ns - 2; sn >= 0; --sn) {
    // The parent's group must start right after sn (sn is the last child of a member).
    if (up[sn] == -1 || find(up[sn]) != sn + 1) continue;
    const long c = ncol[sn] + ncol[sn + 1], r = ncol[sn] + nrow[sn + 1];
    const long total = c * r - c * (c - 1) / 2, nz = exact[sn] + exact[sn + 1];
    const double zeros = static_cast<double>(total - nz) / static_cast<double>(total);
    const bool merge = c <= 2 || (c <= 8 && zeros < 0.5) || (c <= 32 && zeros < 0.05) ||
                       zeros < 0.02;
    if (!merge) continue;
    joins[sn] = 1;
    rep[sn + 1] = sn;
    ncol[sn] = c;
    nrow[sn] = r;
    exact[sn] = nz;
  }
  std::vector<int> super{0}, pi{0}, s;
  std::vector<long> px{0};
  s.reserve(s_.size());
  for (int sn = 0; sn < ns;) {
    int top = sn;
    while (joins[top]) ++top;
    for (int j = super_[sn]; j < super_[top + 1]; ++j) s.push_back(j);
    s.insert(s.end(), s_.begin() + pi_[top] + (super_[top + 1] - super_[top]),
             s_.begin() + pi_[top + 1]);
    super.push_back(super_[top + 1]);
    pi.push_back(static_cast<int>(s.size()));
    px.push_back(px.back() + static_cast<long>(pi.back() - pi[pi.size() - 2]) *
                                 (super.back() - super[super.size() - 2]));
    sn = top + 1;
  }
  super_.swap(super);
  pi_.swap(pi);
  s_.swap(s);
  px_.swap(px);
  nsuper_ = static_cast<int>(super_.size()) - 1;
}

bool NodalCholesky::Analyze(int n, const std::vector<int>& ap, const std::vector<int>& ai,
                            const int* order,
                            const std::function<void(std::span<const FreshMemory>)>& allocated) {
  n_ = n;
  ap_ = &ap;
  ai_ = &ai;
  const std::size_t nnz = ai.size();
  // Transposed entry of each entry; the pattern must be symmetric with a full diagonal.
  std::vector<int>& te = transposed_;
  te.assign(nnz, -1);
  std::vector<int> walk(ap.begin(), ap.end() - 1);
  for (int c = 0; c < n; ++c) {
    bool diag = false;
    for (int e = ap[c]; e < ap[c + 1]; ++e) {
      const int r = ai[e];
      diag |= r == c;
      if (walk[r] >= ap[r + 1] || ai[walk[r]] != c) return false;
      te[e] = walk[r]++;
    }
    if (!diag) return false;
  }

  if (!Symbolic(ap, ai, order)) return false;
  // Left uninitialized: Factor clears each supernode as it assembles it (and rounds it into
  // xf_, made here where the vector kernels may need it: Newton's matrices are not
  // symmetric).
  const auto entries = static_cast<std::size_t>(px_[nsuper_]);
  x_ = MakeLargeArray<double>(entries);
  xf_.reset();
  if (vector_kernels_) xf_ = MakeLargeArray<float>(entries);
  single_ = false;
  if (allocated) {
    const FreshMemory fresh[2] = {{x_.get(), entries * sizeof(double)},
                                  {xf_.get(), xf_ ? entries * sizeof(float) : 0}};
    allocated(fresh);
  }

  // An update matrix (baseline kernels) has at most as many rows and columns as its source
  // supernode has rows below its diagonal block.
  csize_ = 0;
  for (int sn = 0; sn < nsuper_; ++sn) {
    const auto below =
        static_cast<std::size_t>(pi_[sn + 1] - pi_[sn] - (super_[sn + 1] - super_[sn]));
    csize_ = std::max(csize_, below * below);
  }
  col_super_.resize(n);
  for (int sn = 0; sn < nsuper_; ++sn)
    for (int j = super_[sn]; j < super_[sn + 1]; ++j) col_super_[j] = sn;
  std::vector<int> pinv(n);
  for (int k = 0; k < n; ++k) pinv[perm_[k]] = k;
  // Assembly, supernode by supernode: S's lower entry (max, min) in factor order takes
  // -(a_rc + a_cr) / 2 from entry e = (r, c) and its transpose (the diagonal: -a_cc).
  map_.assign(n, -1);
  asm_start_.assign(1, 0);
  asm_e_.clear();
  asm_t_.clear();
  asm_at_.clear();
  asm_e_.reserve((nnz + n) / 2);  // the lower triangle's entries, the diagonal included
  asm_t_.reserve((nnz + n) / 2);
  asm_at_.reserve((nnz + n) / 2);
  for (int sn = 0; sn < nsuper_; ++sn) {
    const int k1 = super_[sn], psi = pi_[sn], nsrow = pi_[sn + 1] - psi;
    for (int i = 0; i < nsrow; ++i) map_[s_[psi + i]] = i;
    for (int j = k1; j < super_[sn + 1]; ++j) {
      const int c = perm_[j];
      for (int e = ap[c]; e < ap[c + 1]; ++e) {
        const int hi = pinv[ai[e]];
        if (hi < j) continue;
        asm_e_.push_back(e);
        asm_t_.push_back(te[e]);
        asm_at_.push_back(static_cast<long>(j - k1) * nsrow + map_[hi]);
      }
    }
    asm_start_.push_back(static_cast<int>(asm_e_.size()));
  }
  head_.assign(nsuper_, -1);
  next_.assign(nsuper_, -1);
  rel_.assign(n, 0);
  lpos_.assign(nsuper_, 0);
  w_.resize(n);
  r_.resize(n);
  d_.resize(n);
  t_.resize(n);
  PlanLanes();
  return true;
}

// The work done while a supernode is processed (left-looking: its panel and every update
// it gathers from its descendants, each d -> sn costing about d's columns x the rows of d
// in sn's columns x d's rows from there down), summed over subtrees; then, from the
// roots down, the largest subtree's root moves to the top while that shortens the
// estimated time (the top's work plus the larger lane's after placing the subtrees
// largest first on the lighter lane). Lanes only where that time is at most 0.8 of the
// whole and the factor is large enough for a second thread to pay (1e7 flops: the
// 200 x 200 lattice has about 1e8).
void NodalCholesky::PlanLanes() {
  const int ns = nsuper_;
  lanes_ = false;
  lane_share_[0] = lane_share_[1] = 0.0;
  lane_share_[2] = 1.0;
  lane_of_.assign(ns, 2);
  top_sn_.resize(ns);
  for (int sn = 0; sn < ns; ++sn) top_sn_[sn] = sn;
  lane_[0].sn.clear();
  lane_[1].sn.clear();
  if (!allow_lanes_ || ns < 2) return;
  std::vector<double> work(ns, 0.0);
  std::vector<int> parent(ns, -1), first(ns);
  double total = 0.0;
  for (int d = 0; d < ns; ++d) {
    const int dcol = super_[d + 1] - super_[d];
    const int psi = pi_[d], pend = pi_[d + 1], nsrow = pend - psi;
    work[d] += static_cast<double>(dcol) * dcol * nsrow;  // the panel
    for (int p = psi + dcol; p < pend;) {
      const int t = col_super_[s_[p]];
      if (p == psi + dcol) parent[d] = t;
      int q = p;
      while (q < pend && s_[q] < super_[t + 1]) ++q;
      work[t] += 2.0 * dcol * (q - p) * (pend - p);
      p = q;
    }
  }
  std::vector<double> sub(work);
  for (int sn = 0; sn < ns; ++sn) {
    first[sn] = sn;
    total += work[sn];
  }
  for (int sn = 0; sn < ns; ++sn)
    if (const int p = parent[sn]; p >= 0) {
      sub[p] += sub[sn];
      first[p] = std::min(first[p], first[sn]);
    }
  if (total < 1e7) return;
  std::vector<int> child_start(ns + 1, 0), child(ns);
  for (int sn = 0; sn < ns; ++sn)
    if (parent[sn] >= 0) ++child_start[parent[sn] + 1];
  for (int sn = 0; sn < ns; ++sn) child_start[sn + 1] += child_start[sn];
  {
    std::vector<int> at(child_start.begin(), child_start.end() - 1);
    for (int sn = 0; sn < ns; ++sn)
      if (parent[sn] >= 0) child[at[parent[sn]]++] = sn;
  }
  // Candidate subtrees for the lanes: the big ones (at least 2 % of the work) by root, the
  // small ones only by their sum until the end. Splitting moves the largest big root to the
  // top and its children to the candidates; the estimate places the big ones largest first
  // on the lighter lane, then fills with the small ones.
  const double big_min = 0.02 * total;
  auto by_work = [&](int a, int b) { return sub[a] > sub[b] || (sub[a] == sub[b] && a < b); };
  std::vector<int> big, small;
  double small_sum = 0.0, top = 0.0;
  auto add = [&](int r) {
    if (sub[r] >= big_min) {
      big.push_back(r);
    } else {
      small.push_back(r);
      small_sum += sub[r];
    }
  };
  auto estimate = [&]() {
    std::sort(big.begin(), big.end(), by_work);
    double load[2] = {0.0, 0.0};
    for (int r : big) load[load[1] < load[0] ? 1 : 0] += sub[r];
    return top + std::max({load[0], load[1], 0.5 * (load[0] + load[1] + small_sum)});
  };
  auto reset = [&]() {
    big.clear();
    small.clear();
    small_sum = top = 0.0;
    for (int sn = 0; sn < ns; ++sn)
      if (parent[sn] < 0) add(sn);
  };
  auto split = [&]() {  // the largest big root to the top
    const int r = big.front();  // sorted by estimate()
    big.erase(big.begin());
    top += work[r];
    for (int c = child_start[r]; c < child_start[r + 1]; ++c) add(child[c]);
  };
  reset();
  double best = estimate();
  int best_steps = 0;
  for (int step = 1; step <= 4096 && !big.empty(); ++step) {
    split();
    if (const double t = estimate(); t < best) {
      best = t;
      best_steps = step;
    }
  }
  if (best > 0.8 * total) return;
  reset();
  for (int step = 0; step < best_steps; ++step) {
    estimate();
    split();
  }
  std::sort(big.begin(), big.end(), by_work);
  std::sort(small.begin(), small.end(), by_work);
  double load[2] = {0.0, 0.0};
  for (const std::vector<int>* set : {&big, &small})
    for (int r : *set) {
      const int l = load[1] < load[0] ? 1 : 0;
      load[l] += sub[r];
      for (int sn = first[r]; sn <= r; ++sn) lane_of_[sn] = static_cast<unsigned char>(l);
    }
  const double best_top = top;
  top_sn_.clear();
  for (int sn = 0; sn < ns; ++sn) {
    if (lane_of_[sn] == 2)
      top_sn_.push_back(sn);
    else
      lane_[lane_of_[sn]].sn.push_back(sn);
  }
  lanes_ = !lane_[0].sn.empty() && !lane_[1].sn.empty();
  // The lanes rely on each subtree being its root's range [first, root] (the supernodes are
  // in postorder): a supernode's parent is in its own lane or the top, a top supernode's in
  // the top. Checked; where it fails the plain order stays.
  for (int sn = 0; sn < ns && lanes_; ++sn)
    if (const int p = parent[sn]; p >= 0)
      lanes_ = lane_of_[p] == 2 || lane_of_[p] == lane_of_[sn];
  if (!lanes_) {
    lane_of_.assign(ns, 2);
    top_sn_.resize(ns);
    for (int sn = 0; sn < ns; ++sn) top_sn_[sn] = sn;
    lane_[0].sn.clear();
    lane_[1].sn.clear();
    return;
  }
  lane_share_[0] = load[0] / total;
  lane_share_[1] = load[1] / total;
  lane_share_[2] = best_top / total;
  for (LaneWork& lw : lane_) {
    lw.map.assign(n_, -1);
    lw.rel.assign(n_, 0);
    lw.head.assign(ns, -1);
    lw.t.resize(n_);
  }
  lane_[1].y.resize(n_);  // lane 1's copy of the forward solve's vector (SolveS)
  saved_.resize(n_);
}


bool NodalCholesky::Factor(const std::vector<double>& ax) {
  ax_ = ax;
  symmetric_ = true;
  for (std::size_t q = 0; q < asm_e_.size(); ++q) symmetric_ &= ax[asm_e_[q]] == ax[asm_t_[q]];
  // The single-precision copy for the solves (see single_), each supernode rounded while
  // it is in cache, where every entry is a normal float or zero.
  single_ = vector_kernels_ && !symmetric_;
  if (single_ && !xf_)
    xf_ = MakeLargeArray<float>(static_cast<std::size_t>(px_[nsuper_]));

  // Left-looking supernodal LL^T (as CHOLMOD's): each supernode gathers the updates of the
  // earlier supernodes whose rows reach its columns (linked per supernode, lpos_ = a
  // descendant's first row not yet used), then factors its diagonal block and solves for
  // the rows below it. The lanes first (side by side where allowed), then the top.
  std::fill(head_.begin(), head_.end(), -1);
  if (!vector_kernels_ && c_.size() < csize_) c_.assign(csize_, 0.0);
  if (lanes_) {
    for (LaneWork& lw : lane_) {
      if (!vector_kernels_ && lw.c.size() < csize_) lw.c.assign(csize_, 0.0);
      std::fill(lw.head.begin(), lw.head.end(), -1);
      lw.ok = true;
      lw.single = single_;
    }
    RunTwo(threads_ >= 2, [&](int l) {
      LaneWork& lw = lane_[l];
      for (int sn : lw.sn)
        if (!(lw.ok = FactorSupernode(sn, l, ax))) return;
    });
    if (!lane_[0].ok || !lane_[1].ok) return false;
    single_ = single_ && lane_[0].single && lane_[1].single;
  }
  for (int sn : top_sn_)
    if (!FactorSupernode(sn, 2, ax)) return false;
  return true;
}

bool NodalCholesky::FactorSupernode(int sn, int lane, const std::vector<double>& ax) {
  LaneWork* lw = lane < 2 ? &lane_[lane] : nullptr;
  int* map = lw != nullptr ? lw->map.data() : map_.data();
  int* rel = lw != nullptr ? lw->rel.data() : rel_.data();
  bool& single = lw != nullptr ? lw->single : single_;
  // Where a descendant's next target t is linked: a lane's own supernodes in head_, the
  // top's in the lane's heads while the lanes run; in the top's phase, head_.
  auto link = [&](int d, int t) {
    int& h = lw != nullptr && lane_of_[t] != lane ? lw->head[t] : head_[t];
    next_[d] = h;
    h = d;
  };
  const int k1 = super_[sn], k2 = super_[sn + 1], nscol = k2 - k1;
  const int psi = pi_[sn], nsrow = pi_[sn + 1] - psi;
  double* ls = x_.get() + px_[sn];
  std::fill(ls, x_.get() + px_[sn + 1], 0.0);
  for (int q = asm_start_[sn]; q < asm_start_[sn + 1]; ++q) {
    ls[asm_at_[q]] = -0.5 * (ax[asm_e_[q]] + ax[asm_t_[q]]);
  }
  for (int i = 0; i < nsrow; ++i) map[s_[psi + i]] = i;
  // The lists that reach sn: its own, and in the top's phase the lanes' (in that order).
  int lists[3] = {head_[sn], -1, -1};
  if (lw == nullptr && lanes_) {
    lists[0] = lane_[0].head[sn];
    lists[1] = lane_[1].head[sn];
    lists[2] = head_[sn];
  }
  head_[sn] = -1;
  for (int first : lists) {
    for (int d = first; d >= 0;) {
      const int dnext = next_[d];
      const int p1 = lpos_[d], pend = pi_[d + 1];
      int p2 = p1;
      while (p2 < pend && s_[p2] < k2) ++p2;
      const int nrow1 = p2 - p1, nrow2 = pend - p1, dnrow = pend - pi_[d];
      const double* ldp = x_.get() + px_[d] + (p1 - pi_[d]);
      const int dcol = super_[d + 1] - super_[d];
      for (int i = 0; i < nrow2; ++i) rel[i] = map[s_[p1 + i]];  // rows as positions in sn
      if (vector_kernels_) {
        nodal_avx2::Update(ldp, dnrow, dcol, nrow1, nrow2, rel, ls, nsrow);
      } else {
        std::vector<double>& cbuf = lw != nullptr ? lw->c : c_;
        ConstPanel ld(ldp, nrow2, dcol, Eigen::OuterStride<>(dnrow));
        Eigen::Map<Eigen::MatrixXd> c(cbuf.data(), nrow2, nrow1);
        c.noalias() = ld * ld.topRows(nrow1).transpose();
        for (int j = 0; j < nrow1; ++j) {
          double* col = ls + static_cast<long>(rel[j]) * nsrow;
          const double* cj = cbuf.data() + static_cast<long>(j) * nrow2;
          for (int i = j; i < nrow2; ++i) col[rel[i]] -= cj[i];
        }
      }
      lpos_[d] = p2;
      if (p2 < pend) link(d, col_super_[s_[p2]]);
      d = dnext;
    }
  }
  if (vector_kernels_) {
    if (!nodal_avx2::Panel(ls, nsrow, nsrow, nscol)) return false;
    if (single) single = nodal_avx2::ToSingle(ls, static_cast<long>(nsrow) * nscol,
                                              xf_.get() + px_[sn]);
  } else {
    Panel l(ls, nsrow, nscol, Eigen::OuterStride<>(nsrow));
    Eigen::Ref<Eigen::MatrixXd, 0, Eigen::OuterStride<>> diag = l.topRows(nscol);
    Eigen::LLT<Eigen::Ref<Eigen::MatrixXd, 0, Eigen::OuterStride<>>> llt(diag);
    if (llt.info() != Eigen::Success || !std::isfinite(diag.diagonal().sum())) return false;
    if (nsrow > nscol)
      diag.triangularView<Eigen::Lower>().transpose().solveInPlace<Eigen::OnTheRight>(
          l.bottomRows(nsrow - nscol));
  }
  if (nsrow > nscol) {
    lpos_[sn] = psi + nscol;
    link(sn, col_super_[s_[psi + nscol]]);
  }
  return true;
}

// Plain loops rather than Eigen's triangular solve and matrix-vector kernels: most
// supernodes are a few columns wide, where their call overhead dominated (the solve went
// from ~3.3 to ~1.9 ms on the lattice). Below-diagonal rows go through the dense t_.
void NodalCholesky::SolveS(std::vector<double>* w) {
  double* y = w->data();
  double* t = t_.data();
  if (vector_kernels_) {
    auto run = [&](const auto* l) {
      auto forward = [&](int sn, double* yy, double* tt) {
        const int nscol = super_[sn + 1] - super_[sn];
        nodal_avx2::Forward(l + px_[sn], pi_[sn + 1] - pi_[sn], nscol, super_[sn],
                            s_.data() + pi_[sn] + nscol, yy, tt);
      };
      auto backward = [&](int sn, double* yy, double* tt) {
        const int nscol = super_[sn + 1] - super_[sn];
        nodal_avx2::Backward(l + px_[sn], pi_[sn + 1] - pi_[sn], nscol, super_[sn],
                             s_.data() + pi_[sn] + nscol, yy, tt);
      };
      if (!lanes_) {
        for (int sn = 0; sn < nsuper_; ++sn) forward(sn, y, t);
        for (int sn = nsuper_ - 1; sn >= 0; --sn) backward(sn, y, t);
        return;
      }
      // Forward: each lane scatters into the top's rows of its own copy, zero there at the
      // start (lane 0 in y with the top's rows saved, lane 1 in its y); the top's rows then
      // take saved + lane 0's + lane 1's sums, in that order, and the top goes on.
      std::vector<double>& y1 = lane_[1].y;
      for (int sn : top_sn_)
        for (int j = super_[sn]; j < super_[sn + 1]; ++j) {
          saved_[j] = y[j];
          y[j] = y1[j] = 0.0;
        }
      for (int sn : lane_[1].sn)
        for (int j = super_[sn]; j < super_[sn + 1]; ++j) y1[j] = y[j];
      RunTwo(threads_ >= 2, [&](int ln) {
        double* yy = ln == 0 ? y : y1.data();
        for (int sn : lane_[ln].sn) forward(sn, yy, lane_[ln].t.data());
      });
      for (int sn : lane_[1].sn)
        for (int j = super_[sn]; j < super_[sn + 1]; ++j) y[j] = y1[j];
      for (int sn : top_sn_)
        for (int j = super_[sn]; j < super_[sn + 1]; ++j) y[j] = (saved_[j] + y[j]) + y1[j];
      for (int sn : top_sn_) forward(sn, y, t);
      // Backward: the top first; each lane then reads only its own rows and the top's.
      for (auto it = top_sn_.rbegin(); it != top_sn_.rend(); ++it) backward(*it, y, t);
      RunTwo(threads_ >= 2, [&](int ln) {
        const std::vector<int>& sns = lane_[ln].sn;
        for (auto it = sns.rbegin(); it != sns.rend(); ++it)
          backward(*it, y, lane_[ln].t.data());
      });
    };
    if (single_) {
      run(xf_.get());
    } else {
      run(x_.get());
    }
    return;
  }
  for (int sn = 0; sn < nsuper_; ++sn) {
    const int k1 = super_[sn], nscol = super_[sn + 1] - k1, psi = pi_[sn];
    const int nsrow = pi_[sn + 1] - psi, below = nsrow - nscol;
    const double* l = x_.get() + px_[sn];
    const int* rows = s_.data() + psi + nscol;
    std::fill(t, t + below, 0.0);
    for (int j = 0; j < nscol; ++j) {
      const double* col = l + static_cast<long>(j) * nsrow;
      const double v = y[k1 + j] / col[j];
      y[k1 + j] = v;
      for (int i = j + 1; i < nscol; ++i) y[k1 + i] -= col[i] * v;
      const double* cb = col + nscol;
      for (int i = 0; i < below; ++i) t[i] += cb[i] * v;
    }
    for (int i = 0; i < below; ++i) y[rows[i]] -= t[i];
  }
  for (int sn = nsuper_ - 1; sn >= 0; --sn) {
    const int k1 = super_[sn], nscol = super_[sn + 1] - k1, psi = pi_[sn];
    const int nsrow = pi_[sn + 1] - psi, below = nsrow - nscol;
    const double* l = x_.get() + px_[sn];
    const int* rows = s_.data() + psi + nscol;
    for (int i = 0; i < below; ++i) t[i] = y[rows[i]];
    for (int j = nscol - 1; j >= 0; --j) {
      const double* col = l + static_cast<long>(j) * nsrow;
      const double* cb = col + nscol;
      // Four partial sums: a dot product's add chain would otherwise bound the speed.
      double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
      int i = 0;
      for (; i + 4 <= below; i += 4) {
        a0 += cb[i] * t[i];
        a1 += cb[i + 1] * t[i + 1];
        a2 += cb[i + 2] * t[i + 2];
        a3 += cb[i + 3] * t[i + 3];
      }
      for (; i < below; ++i) a0 += cb[i] * t[i];
      double v = y[k1 + j] - ((a0 + a1) + (a2 + a3));
      for (int q = j + 1; q < nscol; ++q) v -= col[q] * y[k1 + q];
      y[k1 + j] = v / col[j];
    }
  }
}

bool NodalCholesky::Solve(std::vector<double>* y, double rel_tol) {
  const std::vector<int>& ap = *ap_;
  const std::vector<int>& ai = *ai_;
  std::vector<double>& b = *y;
  // d := -S^-1 v (S = -sym(A), so -S^-1 approximates A^-1), v in column order.
  auto apply = [&](const std::vector<double>& v) {
    for (int k = 0; k < n_; ++k) w_[k] = v[perm_[k]];
    SolveS(&w_);
    for (int k = 0; k < n_; ++k) d_[perm_[k]] = -w_[k];
  };
  apply(b);
  last_refinements_ = 0;
  if (symmetric_) {
    b.swap(d_);
    return std::isfinite(MaxAbs(b));
  }
  std::vector<double> sol(d_);
  double prev = MaxAbs(sol);
  bool converged = false;
  for (int it = 1; it <= 12 && !converged; ++it) {
    // r = b - A sol, row by row (the pattern is symmetric: row i's entries are those at the
    // transposed places of column i's), so that the two halves of the rows can run side by
    // side where the factor has lanes; each row's sum in the same order either way.
    RunHalves(lanes_ && threads_ >= 2, static_cast<std::size_t>(n_),
              [&](int, std::size_t begin, std::size_t end) {
                for (std::size_t i = begin; i < end; ++i) {
                  double v = b[i];
                  for (int e = ap[i]; e < ap[i + 1]; ++e) v -= ax_[transposed_[e]] * sol[ai[e]];
                  r_[i] = v;
                }
              });
    apply(r_);
    for (int k = 0; k < n_; ++k) sol[k] += d_[k];
    last_refinements_ = it;
    const double dn = MaxAbs(d_), yn = MaxAbs(sol);
    if (!std::isfinite(dn) || !std::isfinite(yn)) return false;
    // The error left after this step is about (dn / prev) dn (the steps shrink by a
    // constant ratio, ~1e-3 on the lattice): done when that is at rounding level, which an
    // LU's forward error (cond(A) eps) does not beat either. A step that gains less than a
    // factor 4 has reached the rounding floor (accepted if that floor is low) or does not
    // contract (A too far from symmetric).
    const double ratio = dn / prev;
    if (ratio > 0.25) {
      converged = dn <= 1e-10 * yn;
      if (!converged) return false;
    }
    converged = ratio * dn <= rel_tol * yn;
    prev = dn;
  }
  if (!converged) return false;
  b.swap(sol);
  return true;
}

}  // namespace corridor::steady_internal
