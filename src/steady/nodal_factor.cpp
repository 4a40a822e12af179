#include "steady/nodal_factor.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <cholmod.h>
#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "steady/nodal_kernels.h"

namespace corridor::steady_internal {

#if !defined(CORRIDOR_NODAL_AVX2)
// Not built for this target (not x86-64, or a compiler without -mavx2 -mfma): never
// called, VectorKernelsAvailable() is false.
namespace nodal_avx2 {
void Update(const double*, long, int, int, int, const int*, double*, long) {}
bool Panel(double*, long, int, int) { return false; }
void Forward(const double*, int, int, int, const int*, double*, double*) {}
void Backward(const double*, int, int, int, const int*, double*, double*) {}
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

bool NodalCholesky::Analyze(int n, const std::vector<int>& ap, const std::vector<int>& ai,
                            const int* order) {
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

  // Symbolic analysis by CHOLMOD: the upper triangle of the pattern, the order given,
  // postordered, supernodal (with CHOLMOD's default relaxed amalgamation).
  cholmod_common cm;
  cholmod_start(&cm);
  cm.print = 0;  // library code: failures are reported by the return value only
  cm.nmethods = 1;
  cm.method[0].ordering = CHOLMOD_GIVEN;
  cm.postorder = 1;
  cm.supernodal = CHOLMOD_SUPERNODAL;
  // Less relaxed amalgamation than CHOLMOD's default (4, 16, 48 columns; 80, 10, 5 %
  // zeros): on the lattice 23 % less storage, so cheaper solves (the refinement's cost),
  // and no slower a factorization.
  cm.nrelax[0] = 2;
  cm.nrelax[1] = 8;
  cm.nrelax[2] = 32;
  cm.zrelax[0] = 0.5;
  cm.zrelax[1] = 0.05;
  cm.zrelax[2] = 0.02;
  cholmod_sparse a{};
  a.nrow = a.ncol = static_cast<std::size_t>(n);
  a.nzmax = nnz;
  a.p = const_cast<int*>(ap.data());
  a.i = const_cast<int*>(ai.data());
  a.stype = 1;
  a.itype = CHOLMOD_INT;
  a.xtype = CHOLMOD_PATTERN;
  a.dtype = CHOLMOD_DOUBLE;
  a.sorted = 1;
  a.packed = 1;
  cholmod_factor* l = cholmod_analyze_p(&a, const_cast<int*>(order), nullptr, 0, &cm);
  const bool ok = l != nullptr && cm.status == CHOLMOD_OK && l->is_super;
  if (ok) {
    nsuper_ = static_cast<int>(l->nsuper);
    const int* su = static_cast<const int*>(l->super);
    const int* pi = static_cast<const int*>(l->pi);
    const int* px = static_cast<const int*>(l->px);
    const int* s = static_cast<const int*>(l->s);
    const int* perm = static_cast<const int*>(l->Perm);
    super_.assign(su, su + nsuper_ + 1);
    pi_.assign(pi, pi + nsuper_ + 1);
    px_.assign(px, px + nsuper_ + 1);
    s_.assign(s, s + pi_[nsuper_]);
    perm_.assign(perm, perm + n);
    x_.assign(l->xsize, 0.0);
  }
  if (l != nullptr) cholmod_free_factor(&l, &cm);
  cholmod_finish(&cm);
  if (!ok) return false;

  // An update matrix has at most as many rows and columns as its source supernode has rows
  // below its diagonal block.
  std::size_t csize = 0;
  for (int sn = 0; sn < nsuper_; ++sn) {
    const auto below =
        static_cast<std::size_t>(pi_[sn + 1] - pi_[sn] - (super_[sn + 1] - super_[sn]));
    csize = std::max(csize, below * below);
  }
  c_.assign(csize, 0.0);
  col_super_.resize(n);
  for (int sn = 0; sn < nsuper_; ++sn)
    for (int j = super_[sn]; j < super_[sn + 1]; ++j) col_super_[j] = sn;
  std::vector<int> pinv(n);
  for (int k = 0; k < n; ++k) pinv[perm_[k]] = k;
  // Value slots: entry (r, c) and its transpose (c, r) both go to the lower entry
  // (max, min) in factor order, each with half its value (the diagonal with all of it).
  map_.assign(n, -1);
  slot_.assign(nnz, -1);
  weight_.assign(nnz, -0.5);
  for (int sn = 0; sn < nsuper_; ++sn) {
    const int k1 = super_[sn], psi = pi_[sn], nsrow = pi_[sn + 1] - psi;
    for (int i = 0; i < nsrow; ++i) map_[s_[psi + i]] = i;
    for (int j = k1; j < super_[sn + 1]; ++j) {
      const int c = perm_[j];
      for (int e = ap[c]; e < ap[c + 1]; ++e) {
        const int hi = pinv[ai[e]];
        if (hi < j) continue;
        const long at = px_[sn] + static_cast<long>(j - k1) * nsrow + map_[hi];
        slot_[e] = slot_[te[e]] = at;
        if (hi == j) weight_[e] = -1.0;
      }
    }
  }
  head_.assign(nsuper_, -1);
  next_.assign(nsuper_, -1);
  rel_.assign(n, 0);
  lpos_.assign(nsuper_, 0);
  w_.resize(n);
  r_.resize(n);
  d_.resize(n);
  t_.resize(n);
  return true;
}

bool NodalCholesky::Factor(const std::vector<double>& ax) {
  ax_ = ax;
  std::fill(x_.begin(), x_.end(), 0.0);
  symmetric_ = true;
  for (std::size_t e = 0; e < ax.size(); ++e) {
    x_[slot_[e]] += weight_[e] * ax[e];
    symmetric_ &= ax[e] == ax[transposed_[e]];
  }

  // Left-looking supernodal LL^T (as CHOLMOD's): each supernode gathers the updates of the
  // earlier supernodes whose rows reach its columns (linked per supernode in head_/next_,
  // lpos_ = a descendant's first row not yet used), then factors its diagonal block and
  // solves for the rows below it.
  std::fill(head_.begin(), head_.end(), -1);
  for (int sn = 0; sn < nsuper_; ++sn) {
    const int k1 = super_[sn], k2 = super_[sn + 1], nscol = k2 - k1;
    const int psi = pi_[sn], nsrow = pi_[sn + 1] - psi;
    double* ls = x_.data() + px_[sn];
    for (int i = 0; i < nsrow; ++i) map_[s_[psi + i]] = i;
    for (int d = head_[sn]; d >= 0;) {
      const int dnext = next_[d];
      const int p1 = lpos_[d], pend = pi_[d + 1];
      int p2 = p1;
      while (p2 < pend && s_[p2] < k2) ++p2;
      const int nrow1 = p2 - p1, nrow2 = pend - p1, dnrow = pend - pi_[d];
      const double* ldp = x_.data() + px_[d] + (p1 - pi_[d]);
      const int dcol = super_[d + 1] - super_[d];
      int* rel = rel_.data();  // the update's rows as positions in this supernode
      for (int i = 0; i < nrow2; ++i) rel[i] = map_[s_[p1 + i]];
      if (vector_kernels_) {
        nodal_avx2::Update(ldp, dnrow, dcol, nrow1, nrow2, rel, ls, nsrow);
      } else {
        ConstPanel ld(ldp, nrow2, dcol, Eigen::OuterStride<>(dnrow));
        Eigen::Map<Eigen::MatrixXd> c(c_.data(), nrow2, nrow1);
        c.noalias() = ld * ld.topRows(nrow1).transpose();
        for (int j = 0; j < nrow1; ++j) {
          double* col = ls + static_cast<long>(rel[j]) * nsrow;
          const double* cj = c_.data() + static_cast<long>(j) * nrow2;
          for (int i = j; i < nrow2; ++i) col[rel[i]] -= cj[i];
        }
      }
      lpos_[d] = p2;
      if (p2 < pend) {
        const int t = col_super_[s_[p2]];
        next_[d] = head_[t];
        head_[t] = d;
      }
      d = dnext;
    }
    if (vector_kernels_) {
      if (!nodal_avx2::Panel(ls, nsrow, nsrow, nscol)) return false;
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
      const int t = col_super_[s_[psi + nscol]];
      next_[sn] = head_[t];
      head_[t] = sn;
    }
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
    for (int sn = 0; sn < nsuper_; ++sn)
      nodal_avx2::Forward(x_.data() + px_[sn], pi_[sn + 1] - pi_[sn], super_[sn + 1] - super_[sn],
                          super_[sn], s_.data() + pi_[sn] + (super_[sn + 1] - super_[sn]), y, t);
    for (int sn = nsuper_ - 1; sn >= 0; --sn)
      nodal_avx2::Backward(x_.data() + px_[sn], pi_[sn + 1] - pi_[sn],
                           super_[sn + 1] - super_[sn], super_[sn],
                           s_.data() + pi_[sn] + (super_[sn + 1] - super_[sn]), y, t);
    return;
  }
  for (int sn = 0; sn < nsuper_; ++sn) {
    const int k1 = super_[sn], nscol = super_[sn + 1] - k1, psi = pi_[sn];
    const int nsrow = pi_[sn + 1] - psi, below = nsrow - nscol;
    const double* l = x_.data() + px_[sn];
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
    const double* l = x_.data() + px_[sn];
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
    // r = b - A sol
    r_ = b;
    for (int c = 0; c < n_; ++c) {
      const double v = sol[c];
      for (int e = ap[c]; e < ap[c + 1]; ++e) r_[ai[e]] -= ax_[e] * v;
    }
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
