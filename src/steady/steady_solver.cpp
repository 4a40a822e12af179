// Steady-state solver: full node-arc Newton with a sparse LU (SuiteSparse KLU).
//
// Algorithm (docs/physics.md, "Numerics"):
//  1. Classify arcs: closed (removed, q = 0), ideal (p_from = p_to: short pipes without
//     loss, open valves and control valves, bypassed stations, resistors without data) and
//     active (pipes, resistors, lossy short pipes, compressors and control valves with a
//     set-point). Nodes joined by ideal arcs are merged (union-find) into groups, so that
//     loops of ideal elements never make the system singular.
//  2. Components of the group graph (over active arcs): each needs a pressure reference.
//     Pressure-constraint arcs whose equation does not involve q (ratio, outlet set-point)
//     that close a cycle through the references are "chords": their flow is set to 0 and
//     their constraint is checked after the solve.
//  3. Unknowns: p at every non-slack group, q on every active arc. Equations: mass balance
//     per group (kg/s) and the element law per arc (in Pa). z(p_m) and lambda(Re) are part
//     of the element laws, with their derivatives (no outer loop).
//  4. Initial guess: flows on a BFS spanning tree from the slacks, pressures propagated
//     from the slacks along the tree. Newton with the KLU symbolic analysis done once,
//     numeric refactorization per iteration, and a backtracking line search on the
//     residual norm scaled by the tolerances, keeping pressures positive. The step's linear
//     system is factored in nodal form (the flows of pipes with a folded law eliminated:
//     see NodalLu, FlowEliminated and PatternEntries).
//  5. Expand: pressures to the members of each group, flows on ideal arcs distributed over a
//     spanning tree of each group's ideal arcs (chords of ideal loops carry 0), slack
//     injections from the balance; then every equation is re-evaluated independently.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <klu.h>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include "core/ids.h"
#include "core/problems.h"
#include "corridor/steady.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "physics/gas_physics.h"
#include "steady/large_buffer.h"
#include "steady/law_kernels.h"
#include "steady/nodal_factor.h"
#include "steady/nodal_ordering.h"
#include "steady/parallel.h"
#include "steady/steady_internal.h"

namespace corridor {

#if !defined(CORRIDOR_LAW_AVX2)
namespace steady_internal::law_avx2 {  // not built for this target: never called
int PandapipesLaw(int, const unsigned char*, const int*, const int*, const double*,
                  const double*, const double*, const double*, const double*, const double*,
                  const double*, double, const double*, const double*, double*, double*,
                  bool* finite) {
  *finite = true;
  return 0;
}
}  // namespace steady_internal::law_avx2
#endif

bool steady_internal::VectorLawsAvailable() {
#if defined(CORRIDOR_LAW_AVX2)
  // libgcc's check includes the operating system's support of the 256-bit registers.
  static const bool available = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
  }();
  return available;
#else
  return false;
#endif
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// A fixed-loss resistor whose smoothed law applies less than this share of its loss (flow
/// below about 2 kSignSmoothing) is named in a note.
constexpr double kPartialLossShare = 0.9;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

using steady_internal::UnionFind;
using steady_internal::Iterations;

// Element values and derivatives of every row (the lattice's are 2.5 MB: huge pages).
using Residuals = steady_internal::LargeVector<physics::Residual>;

enum class Role {
  kClosed,
  kIdeal,
  kPipe,
  kResistorDrag,
  kResistorFixed,
  kShortLoss,
  kRatio,
  kRatioForward,
  kOutlet,
  kInlet,    // p_from = value
  kDeltaP,   // p_from - p_to = value
  kFlowSet,  // q = value (kg/s): no unknown; the flow shifts the injections of its ends
  kLimit,    // an operating limit of an active element, r(p_from, p_to, q) from the caller
};

// Equations that do not involve q: in a cycle with the references they cannot fix a flow.
bool FlowFree(Role r) {
  return r == Role::kRatio || r == Role::kRatioForward || r == Role::kOutlet ||
         r == Role::kInlet || r == Role::kDeltaP;
}

// Roles that join their end groups into one pressure system (an equation with both ends
// or with q); closed and fixed-flow arcs do not.
bool Couples(Role r) { return r != Role::kClosed && r != Role::kIdeal && r != Role::kFlowSet; }

// A pipe-like arc's law data (kPipe), apart from ArcModel: the passes over the topology
// (tree search, starts, expansion) then read 48 bytes per arc instead of ~220, and the
// model array stays in cache (GasLib-4197: the first read of each arc was a third of the
// tree propagation).
struct ArcLaw {
  physics::PipeParams pipe;
  physics::FrictionParams friction;
  // The gas the arc carries: Solver::eos_, or its entry of Solver::arc_eos_
  // (SteadyOptions::arc_gas).
  const physics::EosParams* eos = nullptr;
};

struct ArcModel {
  Role role = Role::kIdeal;
  int gf = -1, gt = -1;  // groups of from / to
  int var = -1;          // flow unknown (and equation row), -1 if none
  bool chord = false;    // flow-free arc closing a constraint cycle: q = 0, checked after
  bool own_loop = false;  // a chord of a loop of set-point elements alone (element limits)
  bool tree = false;     // on a pendant tree: flow and far-end pressure in closed form
  // kPipe: a length > 0 (its flow may be eliminated); a resistor under pandapipes' law
  // (friction law fixed, lambda unused): whether its flow is eliminated, without its law.
  bool has_length = false, drag = false;
  double value = 0.0;  // ratio, outlet set-point, zeta, loss or short-pipe coefficient
  double diameter = 0.0;
  const steady_internal::LimitEquation* limit = nullptr;  // kLimit
  ArcLaw* law = nullptr;  // this arc's entry of Solver::laws_ (every arc has one)
};

// The arcs that `keep` admits, as adjacency lists of their end groups (`ng` of them): group
// g's arcs are adj[start[g] .. start[g + 1]).
template <class Arcs, class Keep>
void GroupAdjacency(const Arcs& arcs, int ng, Keep keep, std::vector<int>* start,
                    std::vector<int>* adj) {
  start->assign(ng + 1, 0);
  for (const ArcModel& a : arcs)
    if (keep(a)) {
      ++(*start)[a.gf + 1];
      ++(*start)[a.gt + 1];
    }
  for (int g = 0; g < ng; ++g) (*start)[g + 1] += (*start)[g];
  adj->resize((*start)[ng]);
  std::vector<int> fill(start->begin(), start->end() - 1);
  for (std::size_t i = 0; i < arcs.size(); ++i)
    if (keep(arcs[i])) {
      (*adj)[fill[arcs[i].gf]++] = static_cast<int>(i);
      (*adj)[fill[arcs[i].gt]++] = static_cast<int>(i);
    }
}

// Whether the default rule's pocket searches cross arc `a` to group `other` (`set`: the set
// side of the element whose pocket it is): pipes, resistors and lossy short pipes fix a
// flow by their pressures; ratios and pressure drops tie two pressures and level nothing,
// but not into the set side itself (such a loop of set-points is the chords' to judge).
bool PassesRulePocket(const ArcModel& a, int other, int set) {
  const Role r = a.role;
  const bool passive = r == Role::kPipe || r == Role::kResistorDrag ||
                       r == Role::kResistorFixed || r == Role::kShortLoss;
  const bool ties = r == Role::kRatio || r == Role::kRatioForward || r == Role::kDeltaP;
  return passive || (ties && other != set);
}

// Whether an outlet or inlet set-point arc, reached at its free end (`other` its set side),
// borders a pocket (SearchPocket's `bounds`): its flow is what the part it levels asks.
bool BordersPocket(const ArcModel& a, int other) {
  return (a.role == Role::kOutlet && other == a.gt) || (a.role == Role::kInlet && other == a.gf);
}

// The pocket of a set-point arc `e` (`free` its free side's group, `set` its set side's):
// the groups reached from `free` over the adjacency lists without crossing `e` or `set`. An
// arc `passes(i, other)` refuses, or a reference group (`referenced(g)`) reached, ends the
// search: false. Else `pocket` holds the groups, `meets` counts the arcs that reach `set`
// and `via` is the last of them. `seen` (per group, as large as the groups) is marked with
// `e`, so one array serves every arc's search.
// An arc `bounds(i, other)` admits is the pocket's border: the search neither crosses it nor
// ends at it.
template <class Arcs, class Passes, class Referenced, class Bounds = bool (*)(int, int)>
bool SearchPocket(const Arcs& arcs, const std::vector<int>& start, const std::vector<int>& adj,
                  int e, int free, int set, Passes passes, Referenced referenced,
                  std::vector<int>* seen, std::vector<int>* pocket, int* meets, int* via,
                  Bounds bounds = [](int, int) { return false; }) {
  pocket->assign(1, free);
  (*seen)[free] = (*seen)[set] = e;
  *meets = 0;
  *via = -1;
  for (std::size_t k = 0; k < pocket->size(); ++k) {
    const int g = (*pocket)[k];
    for (int j = start[g]; j < start[g + 1]; ++j) {
      const int i = adj[j];
      if (i == e) continue;
      const int other = arcs[i].gf == g ? arcs[i].gt : arcs[i].gf;
      if (bounds(i, other)) continue;
      if (!passes(i, other)) return false;
      if (other == set) {
        ++*meets;
        *via = i;
        continue;
      }
      if ((*seen)[other] == e) continue;
      (*seen)[other] = e;
      if (referenced(other)) return false;
      pocket->push_back(other);
    }
  }
  return true;
}

// The sparse LU of the nodal system: KLU (its objects with RAII so that every exit path
// frees them), or, for systems whose factorization is large (meshed grids: the 200 x 200
// lattice factors 2.3e8 flops into 2.2e6 LU nonzeros), Eigen's supernodal SparseLU on the
// matrix in KLU's AMD order: dense kernels instead of KLU's column-by-column scatter, twice
// as fast there (57 against 90 to 110 ms) and far slower on GasLib-sized systems. A large
// system of pressures only (every flow eliminated: pipe-only networks) first goes to a
// Cholesky factor of its symmetric part with refinement (NodalCholesky, ~10 ms on the
// lattice); where that part is not positive definite or the refinement does not converge,
// this and every later factorization of the solve take the Eigen LU.
struct NodalLu {
  klu_common common;
  klu_symbolic* symbolic = nullptr;
  klu_numeric* numeric = nullptr;
  bool large = false;  // factorization flops >> LU nonzeros (set by Analyze)
  // Eigen path: the matrix permuted symmetrically to KLU's order, the value slot of each
  // entry of the solver's pattern in it, and the factorization.
  Eigen::SparseMatrix<double, Eigen::ColMajor, int> permuted;
  std::vector<int> to_permuted, order;
  Eigen::SparseLU<Eigen::SparseMatrix<double, Eigen::ColMajor, int>, Eigen::NaturalOrdering<int>>
      eigen;
  bool eigen_factored = false, eigen_ready = false;
  Eigen::VectorXd work, sol;
  // The pattern this was analysed for, its own copy (a workspace keeps this object across
  // solves, whose solvers and their patterns come and go), and the analysis' inputs.
  std::vector<int> pat_p, pat_i;
  int pat_arcs = -1;
  bool pat_pressures_only = false;
  bool analysed = false;  // the last Analyze succeeded
  int threads = 2;        // the Cholesky path's (SteadyOptions::threads)
  void SetThreads(int t) {
    threads = t;
    chol.SetThreads(t);
  }
  steady_internal::NodalCholesky chol;
  bool chol_ok = false;  // the Cholesky path applies (set by Analyze)
  bool use_chol = false, chol_factored = false;
  std::vector<double> chol_keep;  // the right-hand side, for the LU where refinement fails
  // Lean refactorization (systems that are not large): KLU's refactor, scaling and solve
  // carry an overhead of ~30 instructions per flop on GasLib-sized systems (GasLib-4197: 27k
  // flops per refactorization). With the pivot order, the row scaling and the patterns of
  // L and U from KLU's factorization with pivoting, a plain left-looking pass does the same
  // elimination. L unit lower and U strictly upper by column, each column of U in KLU's
  // order (topological: klu_refactor updates in that order too).
  bool lean = false;
  std::vector<int> p, pinv, q, lp, li, up, ui;
  // udi: 1 / U's diagonal (the solves multiply: a division in the back substitution's
  // chain of dependent updates was 1 % of a GasLib-4197 solve); rs: 1 / KLU's row scale,
  // by pivot position.
  std::vector<double> lx, ux, udi, x, rs;
  // Static pivots (StaticSymbolic): the lean patterns above were built from the ordered
  // pattern, and the first factorization has not yet been tried on them.
  bool static_pending = false;
  // The lean patterns are StaticSymbolic's: every factorization on them, not only the
  // first, holds each pivot to KLU's threshold test.
  bool static_lean = false;
  int pivoting = 0;  // factorizations with pivoting (klu_factor) so far
  // Set by the caller before Analyze: unknowns from first_flow on are kept flows, each of
  // whose own equation has its end pressures' derivatives (every kept element's but a
  // closed one's or a caller's limit), so that static pivots may pair them (StaticSymbolic).
  int first_flow = std::numeric_limits<int>::max();
  bool flows_pairable = false;
  // Set by the caller before Analyze: every eliminated flow's conductance is bounded (its
  // law has a laminar term), so that static pivots are tried at all. Under a pure q|q| law
  // an idle pipe joins its ends with a conductance up to 1e10 times the others', and a
  // diagonal pivot beside it cancels to 1e-9 of its column (GasLib-4197 from the XML, by
  // the second Newton iteration): KLU pivots from the start there.
  bool static_pivots = false;
  // With flows_pairable: kept flow first_flow + j's ends, flow_ends[2 j] and [2 j + 1]:
  // the pressures its own equation depends on, -1 for a reference (or a set-point's other
  // side), -2 for none (both ends in one group: its equation holds no pressure).
  std::vector<int> flow_ends;

  NodalLu() {
    klu_defaults(&common);
    // No block triangular form. The gas networks are (nearly) one strongly connected
    // block, so the block search (btf_maxtrans, btf_strongcomp) costs without saving, and
    // AMD on the unpermuted pattern gave less fill on meshed grids: the 200 x 200 lattice
    // solve went from 1.26 s to about 0.5 s (docs/benchmarks.md). Pivoting is unchanged.
    common.btf = 0;
  }
  ~NodalLu() {
    if (numeric != nullptr) klu_free_numeric(&numeric, &common);
    if (symbolic != nullptr) klu_free_symbolic(&symbolic, &common);
  }
  NodalLu(const NodalLu&) = delete;
  NodalLu& operator=(const NodalLu&) = delete;

  // Whether the last Analyze was for this very system (a workspace's next solve).
  bool Matches(const std::vector<int>& ap, const std::vector<int>& ai, int arcs,
               bool pressures_only) const {
    return analysed && arcs == pat_arcs && pressures_only == pat_pressures_only &&
           ap == pat_p && ai == pat_i;
  }
  // A new solve on an analysed system: the per-solve choices start over, the analysis and
  // the last pivot order (lean) stay.
  void BeginSolve() {
    use_chol = chol_ok;
    chol_factored = eigen_factored = false;
  }
  // Ordering (OrderPruned or AMD) and, for a large factorization, the permuted pattern.
  // arcs: the number of element laws evaluated per iteration (the cost a factorization is
  // weighed against).
  // pressures_only: no flow kept as an unknown (the Cholesky path may apply). allocated:
  // as NodalCholesky::Analyze's, where the Cholesky path applies (not called otherwise).
  bool Analyze(int n, std::vector<int> ap, std::vector<int> ai, int arcs, bool pressures_only,
               const std::function<void(std::span<const steady_internal::FreshMemory>)>&
                   allocated = {}) {
    if (numeric != nullptr) klu_free_numeric(&numeric, &common);
    if (symbolic != nullptr) klu_free_symbolic(&symbolic, &common);
    lean = large = eigen_ready = eigen_factored = analysed = static_pending = static_lean =
        false;
    chol_ok = use_chol = chol_factored = false;
    chol = steady_internal::NodalCholesky();
    chol.SetThreads(threads);
    pat_p = std::move(ap);
    pat_i = std::move(ai);
    pat_arcs = arcs;
    pat_pressures_only = pressures_only;
    // A mostly tree-like system (at least half its columns leaves or chain nodes, as gas
    // networks are) is ordered by OrderPruned: the same fill as AMD's in less time
    // (GasLib-4197: AMD and KLU's analysis took about 0.3 ms, OrderPruned and the given
    // order's analysis about 0.2 ms in the solve). Others, meshed grids among them, take
    // AMD on the whole matrix.
    //
    // AMD is called directly: klu_analyze without BTF runs the same amd_order on a copy of
    // the pattern (the same order, est_flops = NDIV + 2 NMULTSUBS_LU, lnz = unz = LNZ + n),
    // and a large system needs only the order: its copy and symbolic object were 2 of the
    // 200 x 200 lattice's 9 ms. KLU analyses the order where KLU factors.
    steady_internal::PrunedOrdering pruned;
    double flops = 0.0, lu_nz = 0.0;
    if (steady_internal::OrderPruned(n, pat_p.data(), pat_i.data(), &pruned, (n + 1) / 2)) {
      order.swap(pruned.order);
      flops = pruned.flops;
      lu_nz = 2.0 * pruned.lnz;
    } else {
      order.resize(n);
      double info[AMD_INFO];
      if (const int status = amd_order(n, pat_p.data(), pat_i.data(), order.data(), nullptr, info);
          status < AMD_OK) {
        common.status = status == AMD_OUT_OF_MEMORY ? KLU_OUT_OF_MEMORY : KLU_INVALID;
        return false;
      }
      flops = info[AMD_NDIV] + 2.0 * info[AMD_NMULTSUBS_LU];
      lu_nz = 2.0 * (info[AMD_LNZ] + n);
    }
    large = flops > 4.0 * (2.0 * lu_nz + 50.0 * static_cast<double>(arcs));
    if (!large) {
      // Static pivots (StaticSymbolic) where the eliminated flows' conductances are bounded
      // and the kept flows' equations all depend on their end pressures: every
      // factorization is tried on them (Factor), KLU's analysis made only where a pivot
      // fails.
      if (static_pivots && (pressures_only || flows_pairable) && StaticSymbolic(n)) {
        static_pending = analysed = true;
        return true;
      }
      analysed = AnalyzeKlu();
      return analysed;
    }
    // order: new position k holds old column order[k]
    chol_ok = use_chol = pressures_only && chol.Analyze(n, pat_p, pat_i, order.data(), allocated);
    analysed = use_chol || PrepareEigen();
    return analysed;
  }
  // KLU's analysis of the ordered pattern (P = Q = order: without BTF a null P is the
  // identity, not Q).
  bool AnalyzeKlu() {
    symbolic = klu_analyze_given(static_cast<int>(pat_p.size()) - 1, pat_p.data(),
                                 pat_i.data(), order.data(), order.data(), &common);
    return symbolic != nullptr;
  }
  // The lean patterns for static pivots in `order`. Pressures pivot on their diagonal. Kept
  // flows (first_flow on) are edges between their end pressures, and an end that is not an
  // unknown (a reference) joins a virtual root: on a spanning forest of that graph, grown
  // from the root first and then from pressures that have a diagonal entry, each pressure
  // reached through a flow pivots its column on that flow's own row (dr/dp, about 1 for
  // every law) and the flow's column on the pressure's balance row (+-1), the two side by
  // side where the first of them stood in `order`; a flow closing a cycle pivots on its
  // diagonal. This is how KLU pivots there: a flow's own dr/dq vanishes with an idle
  // resistor's flow, and a diagonal pivot on it grew GasLib-4197's factors by 1e7. Row k
  // of L and column k of U then hold the columns reached from the k-th row's entries up the
  // elimination tree of the permuted pattern made symmetric (cs_ereach in Davis' CSparse),
  // U's in that topological order, L's by column with rows ascending: O(nnz(L)) after two
  // passes over A. False where a pressure is left without a pivot (no diagonal entry and
  // not reached through a flow): KLU then.
  bool StaticSymbolic(int n) {
    const std::vector<int>& ap = pat_p;
    const std::vector<int>& ai = pat_i;
    const int nf = std::min(first_flow, n);  // pressures [0, nf), flows [nf, n)
    std::vector<char> diag(n, 0);
    for (int c = 0; c < n; ++c)
      for (int e = ap[c]; e < ap[c + 1]; ++e) diag[c] |= ai[e] == c;
    // mate: a pressure's flow and a flow's pressure where paired, else -1.
    std::vector<int> mate(n, -1);
    if (nf < n) {
      if (flow_ends.size() != 2 * static_cast<std::size_t>(n - nf)) return false;
      const std::vector<int>& ends = flow_ends;
      std::vector<int> start(nf + 1, 0);
      for (const int c : ends)
        if (c >= nf) return false;
        else if (c >= 0) ++start[c + 1];
      for (int c = 0; c < nf; ++c) start[c + 1] += start[c];
      std::vector<int> adj(start[nf]), next(start.begin(), start.end() - 1);
      for (int f = nf; f < n; ++f)
        for (int t = 0; t < 2; ++t)
          if (const int c = ends[2 * (f - nf) + t]; c >= 0) adj[next[c]++] = f;
      std::vector<char> seen(nf, 0), used(n - nf, 0);
      std::vector<int> queue;
      queue.reserve(nf);
      auto grow = [&](std::size_t h) {  // breadth first from queue[h..]
        for (; h < queue.size(); ++h)
          for (int t = start[queue[h]]; t < start[queue[h] + 1]; ++t) {
            const int f = adj[t];
            if (used[f - nf]) continue;
            used[f - nf] = 1;
            const int a = ends[2 * (f - nf)], b = ends[2 * (f - nf) + 1];
            const int o = a == queue[h] ? b : a;
            if (o < 0 || seen[o]) continue;  // a cycle (or the root again): its diagonal
            seen[o] = 1;
            mate[o] = f;
            mate[f] = o;
            queue.push_back(o);
          }
      };
      // From the root: flows between a pressure and a reference.
      for (int f = nf; f < n; ++f) {
        const int a = ends[2 * (f - nf)], b = ends[2 * (f - nf) + 1];
        const int c = a >= 0 ? a : b, other = a >= 0 ? b : a;
        if (c < 0 || other != -1 || seen[c]) continue;
        used[f - nf] = 1;
        seen[c] = 1;
        mate[c] = f;
        mate[f] = c;
        queue.push_back(c);
      }
      grow(0);
      for (int c = 0; c < nf; ++c)
        if (!seen[c] && diag[c]) {
          seen[c] = 1;
          queue.push_back(c);
          grow(queue.size() - 1);
        }
    }
    for (int c = 0; c < nf; ++c)
      if (!diag[c] && mate[c] < 0) return false;
    std::vector<int> column;
    column.reserve(n);
    std::vector<char>& done = diag;
    std::fill(done.begin(), done.end(), 0);
    for (int c : order) {
      if (done[c]) continue;
      const int pressure = mate[c] >= 0 && c >= nf ? mate[c] : c;
      column.push_back(pressure);
      done[pressure] = 1;
      if (const int f = mate[pressure]; f >= 0) {
        column.push_back(f);
        done[f] = 1;
      }
    }
    order.swap(column);
    q = order;
    p.resize(n);
    pinv.resize(n);
    std::vector<int> qinv(n);
    for (int k = 0; k < n; ++k) {
      p[k] = mate[q[k]] >= 0 ? mate[q[k]] : q[k];
      pinv[p[k]] = k;
      qinv[q[k]] = k;
    }
    // The permuted pattern's lower triangle by rows, made symmetric: (max, min) of each
    // off-diagonal entry's positions.
    std::vector<int> rowp(n + 2, 0), rowj(ai.size());
    for (int c = 0; c < n; ++c)
      for (int e = ap[c]; e < ap[c + 1]; ++e)
        if (const int i = pinv[ai[e]], j = qinv[c]; i != j) ++rowp[std::max(i, j) + 2];
    for (int k = 0; k < n; ++k) rowp[k + 2] += rowp[k + 1];
    for (int c = 0; c < n; ++c)
      for (int e = ap[c]; e < ap[c + 1]; ++e)
        if (const int i = pinv[ai[e]], j = qinv[c]; i != j)
          rowj[rowp[std::max(i, j) + 1]++] = std::min(i, j);
    // Elimination tree, with path compression through `anc`.
    std::vector<int> parent(n, -1), anc(n, -1);
    for (int k = 0; k < n; ++k)
      for (int t = rowp[k]; t < rowp[k + 1]; ++t)
        for (int j = rowj[t]; j != -1 && j < k;) {
          const int up_j = anc[j];
          anc[j] = k;
          if (up_j == -1) parent[j] = k;
          j = up_j;
        }
    // Row reaches: U's columns directly, their transpose gives L's.
    std::vector<int>& mark = anc;
    std::fill(mark.begin(), mark.end(), -1);
    std::vector<int> stack(n);
    up.assign(n + 1, 0);
    ui.clear();
    ui.reserve(2 * ai.size());
    std::vector<int> lcount(n + 1, 0);
    for (int k = 0; k < n; ++k) {
      mark[k] = k;
      int top = n;
      for (int t = rowp[k]; t < rowp[k + 1]; ++t) {
        int len = 0;
        for (int j = rowj[t]; mark[j] != k; j = parent[j]) {
          if (parent[j] == -1) return false;  // not below k: an inconsistent tree
          stack[len++] = j;
          mark[j] = k;
        }
        while (len > 0) stack[--top] = stack[--len];
      }
      for (int t = top; t < n; ++t) {
        ui.push_back(stack[t]);
        ++lcount[stack[t] + 1];
      }
      up[k + 1] = static_cast<int>(ui.size());
    }
    lp.assign(n + 1, 0);
    for (int j = 0; j < n; ++j) lp[j + 1] = lp[j] + lcount[j + 1];
    li.resize(ui.size());
    std::vector<int> fill(lp.begin(), lp.end() - 1);
    for (int k = 0; k < n; ++k)
      for (int t = up[k]; t < up[k + 1]; ++t) li[fill[ui[t]]++] = k;
    lx.assign(li.size(), 0.0);
    ux.assign(ui.size(), 0.0);
    udi.assign(n, 0.0);
    rs.assign(n, 1.0);
    x.assign(n, 0.0);
    return true;
  }
  // The Eigen path's permuted pattern and analysis (deferred while the Cholesky path holds).
  bool PrepareEigen() {
    const std::vector<int>& ap = pat_p;
    const std::vector<int>& ai = pat_i;
    const int n = static_cast<int>(ap.size()) - 1;
    std::vector<int> pos(n);
    for (int k = 0; k < n; ++k) pos[order[k]] = k;
    std::vector<Eigen::Triplet<double, int>> t;
    t.reserve(ai.size());
    for (int c = 0; c < n; ++c)
      for (int e = ap[c]; e < ap[c + 1]; ++e) t.emplace_back(pos[ai[e]], pos[c], static_cast<double>(e));
    // Values are the entry indices here, so that each permuted slot learns its source.
    permuted.resize(n, n);
    permuted.setFromTriplets(t.begin(), t.end());
    permuted.makeCompressed();
    to_permuted.assign(ai.size(), -1);
    for (int k = 0; k < static_cast<int>(permuted.nonZeros()); ++k)
      to_permuted[static_cast<int>(permuted.valuePtr()[k])] = k;
    eigen.isSymmetric(true);  // the pattern is: prefer diagonal pivots (threshold as KLU)
    eigen.setPivotThreshold(common.tol);
    eigen.analyzePattern(permuted);
    work.resize(n);
    sol.resize(n);
    eigen_ready = true;
    return true;
  }
  bool EigenFactor(const std::vector<double>& ax) {
    if (!eigen_ready && !PrepareEigen()) return false;
    double* v = permuted.valuePtr();
    for (std::size_t e = 0; e < ax.size(); ++e) v[to_permuted[e]] = ax[e];
    eigen.factorize(permuted);
    eigen_factored = eigen.info() == Eigen::Success;
    return eigen_factored;
  }
  bool Factored() const {
    return large ? chol_factored || eigen_factored : numeric != nullptr;
  }
  // Factorization with pivoting; refactor: KLU keeps the pivots of the last one where its
  // reciprocal condition estimate allows.
  bool Factor(const std::vector<int>& ap, const std::vector<int>& ai, const std::vector<double>& ax,
              bool refactor) {
    if (large) {
      chol_factored = use_chol && chol.Factor(ax);
      if (chol_factored) return true;
      use_chol = false;
      return EigenFactor(ax);
    }
    // The values of one Newton iteration can differ from those KLU factored by orders of
    // magnitude (an idle pipe's eliminated flow adds a conductance of ~1e10 to its rows):
    // stale row scale factors then fail LeanFactor's pivot-ratio test with pivots that are
    // fine once the rows are scaled again, which is tried before factoring with pivoting.
    const double tol = static_lean ? common.tol : 0.0;
    if (refactor && lean &&
        (LeanFactor(ap, ai, ax, tol) || (ScaleRows(ai, ax), LeanFactor(ap, ai, ax, tol))))
      return true;
    // The first factorization on the static patterns: each pivot must pass KLU's own
    // threshold test (|pivot| >= tol times the largest entry left in its column, rows
    // scaled by their largest entry), as every later one on them (static_lean).
    if (static_pending) {
      static_pending = false;
      ScaleRows(ai, ax);
      if (LeanFactor(ap, ai, ax, common.tol)) {
        lean = static_lean = true;
        return true;
      }
    }
    lean = static_lean = false;
    if (symbolic == nullptr && !AnalyzeKlu()) return false;
    if (numeric != nullptr) klu_free_numeric(&numeric, &common);
    ++pivoting;
    numeric = klu_factor(const_cast<int*>(ap.data()), const_cast<int*>(ai.data()),
                         const_cast<double*>(ax.data()), symbolic, &common);
    if (numeric == nullptr || common.status != KLU_OK) return false;
    lean = Extract();
    return true;
  }
  // The pivot order, the patterns of KLU's factors and their values (the lean pass would
  // compute the same factors again: 2 % of a GasLib-4197 solve).
  bool Extract() {
    const int n = symbolic->n;
    std::vector<int> Lp(n + 1), Up(n + 1);
    li.resize(numeric->lnz);  // KLU's factors, diagonals included, compacted below
    lx.resize(numeric->lnz);
    ui.resize(numeric->unz);
    ux.resize(numeric->unz);
    p.resize(n);
    q.resize(n);
    rs.assign(n, 1.0);
    if (klu_extract(numeric, symbolic, Lp.data(), li.data(), lx.data(), Up.data(), ui.data(),
                    ux.data(), nullptr, nullptr, nullptr, p.data(), q.data(),
                    common.scale > 0 ? rs.data() : nullptr, nullptr, &common) != 1)
      return false;
    // The same row scaling as KLU's factorization, kept: its pivot order was chosen on the
    // scaled rows (the node-arc rows differ by orders of magnitude in scale).
    for (double& v : rs) v = 1.0 / v;
    pinv.resize(n);
    for (int k = 0; k < n; ++k) pinv[p[k]] = k;
    // Without the diagonals (L's is 1, U's inverted to udi), in place: an entry never moves
    // past the one being read.
    udi.resize(n);
    lp.resize(n + 1);
    up.resize(n + 1);
    lp[0] = up[0] = 0;
    int nl = 0, nu = 0;
    for (int k = 0; k < n; ++k) {
      for (int e = Lp[k]; e < Lp[k + 1]; ++e)
        if (li[e] != k) {
          li[nl] = li[e];
          lx[nl++] = lx[e];
        }
      lp[k + 1] = nl;
      udi[k] = 0.0;
      for (int e = Up[k]; e < Up[k + 1]; ++e) {
        if (ui[e] == k) {
          udi[k] = 1.0 / ux[e];
        } else {
          ui[nu] = ui[e];
          ux[nu++] = ux[e];
        }
      }
      up[k + 1] = nu;
    }
    li.resize(nl);
    lx.resize(nl);
    ui.resize(nu);
    ux.resize(nu);
    x.assign(n, 0.0);
    return true;
  }
  // rs := 1 / (largest |entry| of each row) at the values ax, by pivot position (KLU's
  // scaling, redone for new values).
  void ScaleRows(const std::vector<int>& ai, const std::vector<double>& ax) {
    std::fill(rs.begin(), rs.end(), 0.0);
    for (std::size_t e = 0; e < ai.size(); ++e) {
      double& m = rs[pinv[ai[e]]];
      m = std::max(m, std::abs(ax[e]));
    }
    for (double& v : rs) v = v > 0.0 ? 1.0 / v : 1.0;
  }
  // Left-looking LU of P (R^-1 A) Q on the extracted patterns. False where a pivot
  // vanishes or the ratio of the smallest to the largest pivot falls below 1e-15 (KLU's
  // rcond test), and with pivot_tol > 0 where a pivot is below pivot_tol times the largest
  // entry under it: the caller then factors with pivoting again.
  bool LeanFactor(const std::vector<int>& ap, const std::vector<int>& ai,
                  const std::vector<double>& ax, double pivot_tol = 0.0) {
    const int n = static_cast<int>(udi.size());
    double dmin = std::numeric_limits<double>::infinity(), dmax = 0.0;
    for (int k = 0; k < n; ++k) {
      const int c = q[k];
      for (int e = ap[c]; e < ap[c + 1]; ++e) {
        const int r = pinv[ai[e]];
        x[r] = ax[e] * rs[r];
      }
      for (int t = up[k]; t < up[k + 1]; ++t) {
        const int j = ui[t];
        const double v = x[j];
        x[j] = 0.0;
        ux[t] = v;
        for (int e = lp[j]; e < lp[j + 1]; ++e) x[li[e]] -= lx[e] * v;
      }
      const double d = x[k];
      x[k] = 0.0;
      const double inv = 1.0 / d;
      udi[k] = inv;
      double below = 0.0;  // the largest entry left under the pivot
      for (int e = lp[k]; e < lp[k + 1]; ++e) {
        const double v = x[li[e]];
        below = std::max(below, std::abs(v));
        lx[e] = v * inv;
        x[li[e]] = 0.0;
      }
      if (pivot_tol > 0.0 && !(std::abs(d) >= pivot_tol * below && d != 0.0)) return false;
      dmin = std::min(dmin, std::abs(d));
      dmax = std::max(dmax, std::abs(d));
    }
    return std::isfinite(dmax) && dmin > 1e-15 * dmax;
  }
  // y := A^-1 y with the last factorization. rel_tol: the error the Cholesky path's
  // refinement may leave, relative to |y| (the LU paths solve exactly). A Newton step needs
  // no more than 1e-8 of itself (an inexact Newton step with that forcing term converges as
  // the exact one: the lattice takes the same iterations with 1e-6 to 1e-11); the residual
  // test decides convergence either way. One refinement step (two triangular solves) less
  // than NodalCholesky's default on the lattice.
  bool Solve(std::vector<double>* y, double rel_tol = 1e-8) {
    const int n = static_cast<int>(y->size());
    if (large) {
      if (chol_factored) {
        chol_keep = *y;
        if (chol.Solve(y, rel_tol)) return true;
        use_chol = chol_factored = false;  // refinement failed: LU of the same matrix
        *y = chol_keep;
        if (!EigenFactor(chol.Values())) return false;
      }
      for (int k = 0; k < n; ++k) work[k] = (*y)[order[k]];
      sol = eigen.solve(work);
      for (int k = 0; k < n; ++k) (*y)[order[k]] = sol[k];
      return eigen.info() == Eigen::Success;
    }
    if (!lean) return klu_solve(symbolic, numeric, n, 1, y->data(), &common) == 1;
    for (int k = 0; k < n; ++k) x[k] = (*y)[p[k]] * rs[k];
    for (int k = 0; k < n; ++k) {
      const double v = x[k];
      for (int e = lp[k]; e < lp[k + 1]; ++e) x[li[e]] -= lx[e] * v;
    }
    for (int k = n - 1; k >= 0; --k) {
      const double v = x[k] * udi[k];
      x[k] = v;
      for (int t = up[k]; t < up[k + 1]; ++t) x[ui[t]] -= ux[t] * v;
    }
    for (int k = 0; k < n; ++k) {
      (*y)[q[k]] = x[k];
      x[k] = 0.0;
    }
    return true;
  }
  // The column KLU found singular (-1: unknown).
  int SingularColumn() const { return large ? -1 : static_cast<int>(common.singular_col); }
};

}  // namespace

// --- SteadyWorkspace: the factorization object kept between solves -----------------------

struct SteadyWorkspace::Impl {
  NodalLu lu;
  int analyses = 0, reuses = 0;
};

SteadyWorkspace::SteadyWorkspace() : impl_(std::make_unique<Impl>()) {}
SteadyWorkspace::~SteadyWorkspace() = default;
SteadyWorkspace::SteadyWorkspace(SteadyWorkspace&&) noexcept = default;
SteadyWorkspace& SteadyWorkspace::operator=(SteadyWorkspace&&) noexcept = default;
int SteadyWorkspace::analyses() const { return impl_ ? impl_->analyses : 0; }
int SteadyWorkspace::reuses() const { return impl_ ? impl_->reuses : 0; }

namespace steady_internal {
struct WorkspaceAccess {
  using Impl = SteadyWorkspace::Impl;
  static Impl* Get(SteadyWorkspace* w) { return w != nullptr ? w->impl_.get() : nullptr; }
};
}  // namespace steady_internal

namespace {

using WorkspaceImpl = steady_internal::WorkspaceAccess::Impl;

// Unknowns from which the factorization's analysis runs beside the setup (Run()): the
// 200 x 200 lattice has 39 999; GasLib-4197 1 840 once its pendant trees are solved apart,
// whose ordering and static analysis about match the balance rows, the tree start and the
// linear network's preparation on the first thread (docs/benchmarks.md, tenth and eleventh
// rounds: 2.31 -> 2.06 ms); GasLib-582's 151 lose by it (0.146 -> 0.173 ms).
constexpr int kAnalysisThreadMin = 1000;
// Arcs from which the passes over every element (laws, expansion) run in two halves
// (steady/parallel.h): a parallel region costs a few microseconds, a law pass over
// GasLib-4197's 4 459 arcs a few tens (kept on one thread), over the lattice's 79 600
// about 600.
constexpr int kParallelArcsMin = 20000;
// Arcs from which the pendant trees' pressures run beside the expansion of the flows
// after Newton (Run()): about 0.1 ms each on GasLib-4197.
constexpr int kBesideArcsMin = 2000;

// An element on a loop made only of ideal elements, for RouteWithinBounds: its ends (the
// loops' own node numbers) and its flow bounds in kg/s (-inf and +inf where it has none).
struct LoopArc {
  int from = 0, to = 0;
  double lo = 0.0, hi = 0.0;
};

// The bridges of the multigraph `arcs` on `nodes` nodes (1 where an arc lies on no cycle:
// no flow around a loop passes it), by depth-first low links, without recursion.
std::vector<char> Bridges(int nodes, const std::vector<LoopArc>& arcs) {
  const int m = static_cast<int>(arcs.size());
  std::vector<int> start(nodes + 1, 0), adj(2 * m);
  for (const LoopArc& a : arcs) ++start[a.from + 1], ++start[a.to + 1];
  for (int v = 0; v < nodes; ++v) start[v + 1] += start[v];
  std::vector<int> next(start.begin(), start.end() - 1);
  for (int e = 0; e < m; ++e) adj[next[arcs[e].from]++] = e, adj[next[arcs[e].to]++] = e;
  std::vector<char> bridge(m, 0);
  std::vector<int> disc(nodes, -1), low(nodes, 0);
  struct Frame {
    int v, via, at;  // the node, the arc it was reached by (-1: a root), its next arc
  };
  std::vector<Frame> stack;
  int time = 0;
  for (int r = 0; r < nodes; ++r) {
    if (disc[r] >= 0) continue;
    disc[r] = low[r] = time++;
    stack.push_back({r, -1, start[r]});
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.at < start[f.v + 1]) {
        const int e = adj[f.at++];
        if (e == f.via) continue;  // (a parallel arc is another arc: it closes a cycle)
        const int w = arcs[e].from == f.v ? arcs[e].to : arcs[e].from;
        if (disc[w] < 0) {
          disc[w] = low[w] = time++;
          stack.push_back({w, e, start[w]});
        } else {
          low[f.v] = std::min(low[f.v], disc[w]);
        }
        continue;
      }
      const Frame done = f;
      stack.pop_back();
      if (stack.empty()) break;
      const int u = stack.back().v;
      low[u] = std::min(low[u], low[done.v]);
      if (low[done.v] > disc[u]) bridge[done.via] = 1;
    }
  }
  return bridge;
}

// The flows around loops made only of ideal elements are not the physics' to choose
// (ExpandFlows puts them on a spanning tree). Where the tree's flows leave an element
// outside its flow bounds, this moves flow around the loops so that the amount beyond the
// bounds, summed over the elements, is as small as it can be: it cancels cycles of negative
// cost in the residual graph, a change of an element's flow costing -1, 0 or +1 per kg/s as
// it takes the flow towards its bounds, within them or beyond them. Bellman-Ford finds each
// cycle; after every pass its predecessor graph is searched for one (a cycle there has
// negative cost), which finds most long before the last pass. A cycle adds at every node as
// much as it takes, so every balance holds as before. Changes below `tol` (kg/s) are none.
// Returns whether the least amount was reached: false where `work` (edge relaxations) ran
// out first, the flows then moved as far as it went.
bool RouteWithinBounds(int nodes, const std::vector<LoopArc>& arcs, double tol, long work,
                       std::vector<double>* flow) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const int m = static_cast<int>(arcs.size());
  // Residual edge e: arc e / 2, its flow raised (even e: from -> to) or lowered (odd e:
  // to -> from); its cost per kg/s and how far it holds.
  auto marginal = [&](int e, double* room) {
    const LoopArc& a = arcs[e / 2];
    const double f = (*flow)[e / 2];
    // Raising f: towards lo from below it, then within [lo, hi], then beyond hi (and the
    // mirror image for lowering it).
    const double toward = e % 2 == 0 ? a.lo - f : f - a.hi;
    const double within = e % 2 == 0 ? a.hi - f : f - a.lo;
    const double far = e % 2 == 0 ? a.hi : a.lo;
    if (toward > tol) {
      *room = toward;
      return -1;
    }
    if (within > tol) {
      *room = within;
      return 0;
    }
    *room = kInf;
    return std::isfinite(far) ? 1 : 0;
  };
  auto tail = [&](int e) { return e % 2 == 0 ? arcs[e / 2].from : arcs[e / 2].to; };
  std::vector<int> dist(nodes), pred(nodes), mark(nodes);
  // A node on a cycle of the predecessor graph, or -1: each walk marks its nodes with its
  // own number and stops at a node marked before (a cycle where it is its own).
  auto cycle_node = [&]() {
    std::fill(mark.begin(), mark.end(), -1);
    for (int s = 0; s < nodes; ++s) {
      int v = s;
      while (v >= 0 && mark[v] < 0) {
        mark[v] = s;
        v = pred[v] >= 0 ? tail(pred[v]) : -1;
      }
      if (v >= 0 && mark[v] == s) return v;
    }
    return -1;
  };
  for (;;) {
    std::fill(dist.begin(), dist.end(), 0);
    std::fill(pred.begin(), pred.end(), -1);
    int on_cycle = -1;
    for (int pass = 0; pass <= nodes && on_cycle < 0; ++pass) {
      if ((work -= 2 * m) < 0) return false;
      bool relaxed = false;
      for (int e = 0; e < 2 * m; ++e) {
        double room = 0.0;
        const int c = marginal(e, &room);
        if (room <= tol) continue;
        const int u = tail(e), v = tail(e ^ 1);
        if (dist[u] + c < dist[v]) {
          dist[v] = dist[u] + c;
          pred[v] = e;
          relaxed = true;
        }
      }
      if (!relaxed) return true;  // no negative cycle: the least amount
      on_cycle = cycle_node();
    }
    if (on_cycle < 0) return true;  // (not reached: relaxing after every pass has a cycle)
    std::vector<int> cycle;
    for (int v = on_cycle;;) {
      cycle.push_back(pred[v]);
      v = tail(pred[v]);
      if (v == on_cycle) break;
    }
    double push = kInf;
    int cost = 0;
    for (int e : cycle) {
      double room = 0.0;
      cost += marginal(e, &room);
      push = std::min(push, room);
    }
    if (cost >= 0 || !(push > tol) || !std::isfinite(push)) return true;
    for (int e : cycle) (*flow)[e / 2] += e % 2 == 0 ? push : -push;
  }
}

class Solver {
 public:
  Solver(const Network& n, const std::vector<double>& inj, const SteadyOptions& o,
         const steady_internal::SolveExtras& extras, SteadySolution* sol, SteadySummary* sum)
      : net_(n), inj_(inj), opt_(o), extras_(extras), upper_hint_(extras.upper_hint),
        sol_(sol), sum_(sum), workspace_(steady_internal::WorkspaceAccess::Get(o.workspace)),
        workspace_lu_(workspace_ != nullptr ? &workspace_->lu : nullptr),
        two_threads_(o.threads != 1) {}

  Status Run();
  // After Run(): Newton ran and none of its starts solved the equations.
  bool NewtonFailed() const { return newton_failed_; }
  // After Run(): a pendant tree (or a forest) has no state below a core that converged, and
  // the verdict is infeasible.
  bool TreeInfeasible() const { return tree_infeasible_; }

 private:
  Status Classify();
  // Classify's error where a pipe has no roughness under a rough-pipe law: every such pipe
  // counted and the first named with their lines (a case with three got the first alone,
  // one per run). Built only on that failure (both halves may build it: it only reads).
  Status SmoothPipes() const;
  Status Slacks();
  bool Components();  // false: verdict decided (infeasible)
  void Number();
  // Pendant trees (Number): the non-reference groups that hang off the rest of their
  // component through pipes, resistors and lossy short pipes alone, found by stripping
  // leaves. Each tree arc's flow is its subtree's injection, added to the group the tree
  // hangs from; those groups and arcs are no unknowns of Newton, and SolveTrees gives their
  // pressures from the solution, each arc's law solved for its far end.
  void PruneTrees();
  // False where a tree pressure cannot be found; where Newton had converged, the verdict
  // becomes infeasible (an arc that cannot pass its flow into 1 Pa) or failed (else).
  bool SolveTrees();
  // Reads what SolveTrees reads but the solution (on the thread that will run it, Beside():
  // run at the end of that thread's part of the setup, idle during Newton).
  void WarmTrees();
  double warm_sink_ = 0.0;  // WarmTrees' sum, kept so that its reads are made
  // The nodal system's pattern, in two steps: each active arc's ends and folded law, the
  // kept flows numbered (n_red_),
  void PatternUnknowns();
  // then rp_, ri_ (CSC, rows sorted), each arc's value slots and the constant entries.
  void PatternEntries();
  bool BoundedConductances() const;
  void StaticPivotInputs(NodalLu& lu, bool flows_known) const;
  // A kept flow's entry in NodalLu::flow_ends: the pressures its equation depends on.
  static void FlowEnds(Role r, int vf, int vt, std::vector<int>* ends);
  bool LawFolds(FrictionLaw law) const;
  // rp_, ri_, flow_ends_ and flows_pairable_ as PatternUnknowns and PatternEntries make
  // them, from Number()'s results alone (for an analysis that starts before those two);
  // returns the number of factored unknowns (n_red_ to be).
  int EarlyPattern(std::vector<int>* ap, std::vector<int>* ai, std::vector<int>* flow_ends,
                   bool* pairable) const;
  void AnalyzeBeside(NodalLu& lu, bool own_pattern);
  void BuildRows();
  void InitialGuess();
  // Residual at x, and per active arc k (unknown n_p_ + k) its law's value and partial
  // derivatives when der != nullptr. Returns false on NaN.
  bool Evaluate(const std::vector<double>& x, std::vector<double>* f,
                Residuals* der) const;
  bool FlowEliminated(const ArcModel& a, bool prepared) const;
  // The nodal system at residuals f and derivatives der: values into *rx (unless null),
  // right-hand side into *rhs. Returns -1, or the arc whose eliminated flow has no finite
  // 1 / (dr/dq). values: the element rows' residuals where they are not der's own (a chord
  // step: the derivatives of the last factorization, the residuals of now).
  int AssembleNodal(const std::vector<double>& f, const Residuals& der,
                    std::vector<double>* rx, std::vector<double>* rhs,
                    const Residuals* values = nullptr) const;
  // The full Newton step dx from the nodal solution y (values as for AssembleNodal).
  void RecoverStep(const std::vector<double>& y, const Residuals& der,
                   std::vector<double>* dx, const Residuals* values = nullptr) const;
  double Merit(const std::vector<double>& f) const;
  void MaxResiduals(const std::vector<double>& f, double* mass, int* mass_row, double* pres,
                    int* pres_row) const;
  // branch: forward-only compressors, -1 = by the sign of q, 0 = no lift, 1 = ratio.
  physics::Residual ArcResidual(const ArcModel& a, double pf, double pt, double q,
                                int branch = -1) const;
  // Sets the branch of each forward-only compressor from the sign of its flow in x; true
  // if one changed.
  bool UpdateBranches(const std::vector<double>& x);
  int LowPressureNode(const std::vector<double>& x) const;
  bool PassiveEntry(int g) const;
  // The pressure at which a pipe's flow peaks (PushPeakPressure), once per solve.
  double PushPeak() const {
    if (std::isnan(push_peak_)) push_peak_ = steady_internal::PushPeakPressure(eos_);
    return push_peak_;
  }
  mutable double push_peak_ = std::numeric_limits<double>::quiet_NaN();
  // Newton from x_ (kGiven: the spanning-tree start or a warm one), or from the
  // linear-network start (kLinear: LinearFlows(), or where that fails the spanning tree's
  // flows with their pressures propagated). linear_start_ says whether it ran.
  enum class Start { kGiven, kLinear };
  bool Newton(Start start);
  // The expansion to the caller's nodes and arcs, in three parts: the flows and injections
  // (they need no pressure of a pendant tree, and run beside SolveTrees on large systems),
  void ExpandFlows();
  void RouteIdealLoops(const std::vector<int>& order, const std::vector<int>& parent);
  // the node pressures,
  void ExpandPressures();
  // and the friction factors and velocities.
  void ExpandRates();
  // The extremes and bound violations of the expanded pressures.
  void Extremes();
  // The check of the expanded solution, in two parts: every balance and element equation
  // (a set-point that a loop of them contradicts comes back in *violation),
  void CheckEquations(std::string* violation);
  // then the equation of state's range and the set-points' admissibility.
  void CheckAdmissible(std::string violation);
  // A converged state with a pipe at or beyond its choking flow: infeasible.
  void Choked();
  void Describe();
  std::string GroupName(int g) const;
  // The default rule's upper bound of node v: the scenario's (SolveExtras::upper_hint)
  // where it gives one, else the node's pressureMax.
  double UpperBound(std::size_t v) const {
    return v < upper_hint_.size() && upper_hint_[v] > 0.0 ? upper_hint_[v]
                                                          : net_.nodes[v].pressure_max_Pa;
  }
  std::string NodesOf(int comp) const;
  // The closed elements on the border of component `comp`, named (five, then a count).
  std::string ClosedAround(int comp) const;
  // The same for the components marked in `comps` (indexed like comp_has_slack_).
  std::string NodesOfParts(const std::vector<char>& comps) const;
  // Whether every part that flow set-points alone join to the rest can balance with their
  // flows: under the default rule a part with its own reference, and under any rule a part
  // without one (else the reason, kInfeasible; the set-points a limit would relieve in
  // SolveExtras::excess_flow_arcs).
  // (Not inlined: Components runs in every solve, this only with flow set-points.)
  [[gnu::noinline]] bool FlowSetPartsBalance();
  // The default rule's references off parts that set-points level, and those of the other
  // parts that no set-point levels (`extra`: their nodes and pressures; Components, only
  // where a setting asks for an outlet or inlet pressure or a round moved a reference).
  [[gnu::noinline]] void ReferencesOffSetPointLevels(
      std::vector<int>* best, std::vector<double>* bound, std::vector<std::string>* moved,
      std::vector<steady_internal::MovedReference>* extra);
  // Under a fitted z (linear, CNGA) whose coefficients the user gives: refuses those that
  // leave no gas at a pressure reference, where the solve certainly is (z outside 0.1 to
  // 10; z = 0.1 is where the starts cap their pressures). Before, Newton ran and the verdict
  // was "failed" (z = -0.17 at a reference of 70 bar with CNGA's b2 = -0.1 1/bar), or
  // "converged" with z = 1e-9 (b1 = 1e9) and drops of nanobars.
  Status GasAtReferences() const;
  // The ideal arcs on a shortest path of them from node `from` to node `to`, listed from
  // `to`'s end (empty where none joins them; on failing paths only).
  std::vector<int> IdealArcPath(int from, int to) const;
  // That path as words ("valve 'V' open, compressorStation 'S' in bypass, its default"; the
  // first six), for the reason of two references joined by them.
  std::string IdealPath(int from, int to) const;
  void SetPointLoop(int closing, const std::vector<int>& kept);
  bool FixedLossBetweenSetPoints(const std::vector<int>& kept);
  bool SetPointPockets(const std::vector<int>& kept);

  const Network& net_;
  const std::vector<double>& inj_;
  const SteadyOptions& opt_;
  const steady_internal::SolveExtras& extras_;
  const std::vector<double>& upper_hint_;
  SteadySolution* sol_;
  SteadySummary* sum_;
  WorkspaceImpl* workspace_;  // null: no workspace
  NodalLu* workspace_lu_;     // its factorization object, or null
  bool two_threads_;          // SteadyOptions::threads allows a second thread
  bool newton_failed_ = false;
  bool tree_infeasible_ = false;
  double max_flow_scale_ = 0.0;  // CheckEquations: |injection| + 2 na max |flow| bound
  // Whether a pass over n elements runs in two halves (steady/parallel.h).
  bool Halves(std::size_t n) const {
    return two_threads_ && n >= static_cast<std::size_t>(kParallelArcsMin);
  }
  // Whether the analysis may start beside the setup, from the pattern EarlyPattern makes
  // (Run(); not where a workspace holds an analysis already): n_p_ known (Number()).
  bool EarlyAnalysis() const { return two_threads_ && n_p_ >= kAnalysisThreadMin; }
  // Whether the pendant trees' pressures run beside the expansion of the flows (Run()):
  // from kBesideArcsMin arcs, and not where the passes run in halves themselves.
  bool Beside() const {
    const std::size_t na = net_.arcs.size();
    return two_threads_ && na >= static_cast<std::size_t>(kBesideArcsMin) && !Halves(na);
  }

  physics::EosParams eos_;
  std::vector<physics::EosParams> arc_eos_;  // per arc where SteadyOptions::arc_gas is given
  steady_internal::LargeVector<ArcModel> arcs_;
  steady_internal::LargeVector<ArcLaw> laws_;  // per arc, pointed to by ArcModel::law
  std::vector<int> group_of_;             // node -> group
  std::vector<int> group_rep_;            // group -> a representative node
  std::vector<double> group_slack_;       // group -> slack pressure or NaN
  std::vector<int> slack_node_of_group_;  // group -> first slack node or -1
  std::vector<double> group_inj_;         // group -> injection (non-slack nodes)
  std::vector<int> comp_of_group_;
  std::vector<char> comp_has_slack_;
  std::vector<char> comp_active_;         // component part of the Newton system
  std::vector<int> pvar_;                 // group -> pressure unknown or -1
  // Pendant trees (PruneTrees): per group whether it lies on one; the tree groups leaves
  // first, each with the arc towards the rest of the network and that arc's flow; the
  // trees' pressures once solved (SolveTrees), by group.
  std::vector<char> on_tree_;
  std::vector<int> tree_groups_, tree_arcs_;
  std::vector<double> tree_flow_, tree_p_;
  // Per tree arc: its law folded (PreparePipe) where it folds, for SolveTrees and the
  // linear start's typical gradient.
  std::vector<char> tree_prepared_;
  steady_internal::LargeVector<physics::PreparedPipe> tree_pipe_;
  double qref_ = 1.0;  // the linear start's flow scale (PruneTrees, PrepareLinear)
  int n_ = 0, n_p_ = 0;
  std::vector<int> row_group_;            // row -> group (balance rows) or -1
  std::vector<int> row_arc_;              // row -> arc (element rows) or -1
  // Per active arc (row n_p_ + k), what EarlyPattern reads on the second thread, written
  // by Number(): a few bytes instead of the arc models, which the first thread writes
  // again in the next solve (a model read over there made that 0.1 ms slower).
  struct EarlyArc {
    int vf = -1, vt = -1;  // the ends' pressure unknowns (-1: a reference)
    Role role = Role::kPipe;
    bool eliminated = false;  // FlowEliminated, the law's folding decided from the options
  };
  std::vector<EarlyArc> early_arcs_;
  // group -> active arcs incident, in arc order (one flat list: no allocation per group).
  struct Incidence {
    std::vector<int> start, arcs;
    std::span<const int> operator[](std::size_t g) const {
      return {arcs.data() + start[g], static_cast<std::size_t>(start[g + 1] - start[g])};
    }
  };
  Incidence group_arcs_;
  Incidence members_;  // group -> its nodes, in node order (the same flat layout)
  // Arc -> node index of its from / to end, compact (an Arc is ~1 kB: walking net_.arcs for
  // them missed the cache once per arc in every pass after the setup).
  std::vector<int> af_, at_;
  // Balance rows: linear with fixed coefficients, their terms laid out once per topology.
  std::vector<int> bal_offset_;
  std::vector<int> bal_var_;        // per balance entry: the flow unknown
  std::vector<double> bal_coef_;    // per balance entry: +1 into the group, -1 out of it
  // The linear system of a Newton step, in nodal (Schur complement) form: the flow of every
  // pipe with a folded law and of every chord is eliminated (FlowEliminated),
  // dq = -(r + dr/dpf dp_f + dr/dpt dp_t) / (dr/dq), and substituted into the balance rows.
  // Left: the pressures (unknowns 0 .. n_p_-1, as in x) and behind them the other flows
  // (set-point arcs, resistors, Reynolds-dependent laws). The same step as the node-arc system,
  // at about half its size and factorization cost. Pattern built once per topology.
  int n_red_ = 0;
  std::vector<int> act_vf_, act_vt_;  // active arc k: pressure unknowns of its ends or -1
  std::vector<double> act_pf_, act_pt_;  // active arc k: its ends' reference pressures (-1)
  // Active arc k: a pipe whose law PreparedPipeResidual evaluates (constants folded once).
  std::vector<char> act_prepared_;
  steady_internal::LargeVector<physics::PreparedPipe> act_pipe_;
  // Active arc k evaluated four at a time by law_avx2::PandapipesLaw (a prepared pandapipes
  // law, where the processor has AVX2), with its constants by arc; empty: none is.
  std::vector<unsigned char> act_vector_;
  std::vector<double> vec_c_lin_, vec_c_sq_, vec_z0_, vec_z1_, vec_height_;
  int vec_count_ = 0;  // arcs below this the kernel evaluates (a multiple of 4)
  std::vector<int> red_var_;          // active arc k: its flow's nodal unknown, -1: eliminated
  int pivots_before_ = 0;             // NodalLu::pivoting when this solve began
  bool flows_pairable_ = false;       // NodalLu::flows_pairable (PatternUnknowns)
  std::vector<int> flow_ends_;        // NodalLu::flow_ends (PatternUnknowns)
  std::vector<int> red_arc_;          // nodal unknown n_p_ + j -> arc
  // Active arc k, eliminated: value slots of S_ff, S_ft, S_tf, S_tt; kept: of dr/dq,
  // dr/dpf, dr/dpt. -1 where the entry does not exist (slack ends).
  std::vector<std::array<int, 4>> red_slot_;
  std::vector<int> rp_, ri_;          // CSC pattern
  std::vector<double> rx_const_;      // values with only the kept flows' balance entries set
  std::vector<double> x_;
  std::string slack_text_;
  double min_p_hit_ = 0.0;
  int min_p_group_ = -1;
  // The group named by the last "pressure would fall below zero" verdict (InfeasibleLow),
  // and the node it named: a pendant tree's arc's own end, else -1 (the group's name).
  int collapse_group_ = -1;
  int collapse_node_ = -1;
  // The pendant tree's group whose pressure could not be found with the gas leaving the
  // tree from it (SolveTrees; SolveExtras::overfull_nodes).
  int overfull_group_ = -1;
  // The pendant tree's group whose pressure would have to rise past any that carries its gas
  // away (SolveTrees' infeasible verdict; SteadySummary::limiting_node).
  int beyond_group_ = -1;
  // `detail`, where the arc that cannot carry its flow is known for certain (a pendant
  // tree's: its flow is all that is withdrawn beyond it), names it, and `node`, that arc's
  // end in g, is the node named (the group's name was another member: GasLib-134 blamed
  // node_ld37 for p_br64, which ends at node_65, joined to it by a short pipe).
  void InfeasibleLow(int g, const std::string& detail = {}, int node = -1) {
    collapse_group_ = g;
    collapse_node_ = node;
    sum_->verdict = Verdict::kInfeasible;
    sum_->reason = fmt::format(
        "pressure would fall below zero at node {}: the nominated flow exceeds what the "
        "pipes can carry from the pressure references{}",
        CollapseName(), detail.empty() ? "" : "; " + detail);
  }
  std::string CollapseName() const {
    return collapse_node_ >= 0 ? net_.nodes[collapse_node_].id : GroupName(collapse_group_);
  }
  int positivity_caps_ = 0;
  Clock::time_point solve_start_ = Clock::now();  // reset in Run(): time limit per solve
  std::vector<int> branch_;  // per arc, forward-only compressors (frozen in a line search)
  std::vector<int> forward_arcs_;  // the active forward-only compressors (not chords)
  // Initial guess: BFS tree from the references.
  std::vector<int> tree_order_, tree_parent_;
  double mean_slack_ = 50e5;
  bool linear_start_ = false;
  // Start pressures beyond the equation of state's range (PropagatePressures): p_cap_, the
  // pressure where z falls to 0.1 (StartPressureCap; NaN until computed); cap_bound_, z
  // was 0.1 or less at the highest start pressure; cap_start_, they are held below p_cap_.
  double p_cap_ = std::numeric_limits<double>::quiet_NaN();
  bool cap_bound_ = false, cap_start_ = false;
  bool forest_ = false;  // every active arc is a tree arc: the tree start is the solution
  // exact: the tree's flows are the solution's (tol 1e-6 per step, the error left ~1e-12);
  // otherwise a start (1e-4 per step, ~1e-8 left: far below the error of its flows).
  void PropagatePressures(bool exact = false);
  double StartPressureCap();
  std::string NotFiniteAt(const std::vector<double>& x) const;
  std::string NoGasBand() const;
  // The linear network of LinearFlows before its first solve: each element's secant (and
  // what it needs to be taken again), the residuals and derivatives at the start.
  struct LinearNetwork {
    std::vector<double> k, r0, fit_a, fit_b, f;
    Residuals der;
  };
  void PrepareLinear(LinearNetwork* ln) const;
  // An active element's law value at flow q, both ends at the mean reference pressure, and
  // its secant K(q) = |r(q) - r(0)| / q there.
  double MeanPressureLaw(const ArcModel& a, double q) const;
  double Secant(const LinearNetwork& ln, std::size_t i, double q) const;
  bool LinearFlows(NodalLu* lu, LinearNetwork* prepared);
  bool WarmGuess();
  // The factorization object: the workspace's, else this solve's own (kept across starts).
  NodalLu& Lu();
  std::unique_ptr<NodalLu> own_lu_;
  // A large system's analysis (ordering, symbolic factorization), made in Run() on a
  // second thread while this one built the balance rows, the tree start and the linear
  // network: 1 analysed, 0 failed, -1 not made there (Newton analyses itself). The first
  // Newton start takes it and the prepared network.
  int early_analysis_ = -1;
  LinearNetwork early_linear_;
  bool early_linear_ready_ = false;
};

// Stores a setup error and says the step failed (Classify's per-arc step returns a bool,
// not a Status per arc).
bool Fail(Status* error, Status s) {
  *error = std::move(s);
  return false;
}

// A pass over the Network's arcs (656 bytes each) and their end nodes (272 bytes, scattered)
// misses the cache at every arc: the hardware prefetcher does not follow a stride that
// long, and half of Classify's time was the first load of each arc (GasLib-4197). Fetch
// ahead the lines the pass reads: those of the arc kArcAhead on, and the end nodes of the
// arc kNodeAhead on (whose indices were fetched by then).
void PrefetchArc(const Network& net, std::size_t i) {
  constexpr std::size_t kArcAhead = 8, kNodeAhead = 4;
  const std::size_t na = net.arcs.size();
  if (i + kArcAhead < na) {
    const Arc& b = net.arcs[i + kArcAhead];
    __builtin_prefetch(&b.kind);        // with the id and the ends' ids
    __builtin_prefetch(&b.from_index);  // with the ends' indices
    __builtin_prefetch(&b.pipe);
    __builtin_prefetch(&b.resistor);
  }
  if (i + kNodeAhead < na) {  // ids::Prefetch: GCC drops a builtin one of a loaded address
    const Arc& a = net.arcs[i + kNodeAhead];
    for (const std::size_t v : {a.from_index, a.to_index})
      if (v < net.nodes.size()) ids::Prefetch(&net.nodes[v].id);  // height_m beside it
  }
}

NodalLu& Solver::Lu() {
  if (workspace_lu_ != nullptr) return *workspace_lu_;
  if (own_lu_ == nullptr) own_lu_ = std::make_unique<NodalLu>();
  return *own_lu_;
}

std::string Solver::GroupName(int g) const {
  return net_.nodes[group_rep_[g]].id;
}

Status Solver::SmoothPipes() const {
  std::string named;
  int n = 0;
  for (const Arc& a : net_.arcs)
    if (a.kind == ArcKind::kPipe && !(a.pipe.roughness_m > 0.0) && a.pipe.length_m > 0.0 &&
        ++n <= 5)
      named += fmt::format("{}'{}'{}", named.empty() ? "" : ", ", a.id,
                           a.line <= 0 ? std::string()
                           : net_.info.source_file.empty()
                               ? fmt::format(" (line {})", a.line)
                               : fmt::format(" ({}:{})", net_.info.source_file, a.line));
  return Status::InvalidInput(fmt::format(
      "{} pipe{} no roughness (k <= 0), which friction law '{}' cannot take (its "
      "log10(D/k) has no value for a smooth pipe): {}{}; give them a roughness or choose "
      "colebrook-white or hofer, which take k = 0",
      n, n == 1 ? " has" : "s have", FrictionLawName(opt_.friction), named,
      n > 5 ? ", ..." : ""));
}

// Every name the options give checked against the network at once: the settings' arcs and
// modes, the loss coefficients' and friction factors' arcs, the slacks' nodes. The solve
// stopped at the first (a library user's audit: an unknown slack node and an unknown
// setting gave only the setting's message). One problem keeps its own message and code;
// several are listed (capped), NotFound where all are unknown names.
Status NamesAgainstNetwork(const Network& net, const SteadyOptions& opt) {
  std::vector<std::string> problems;
  bool all_unknown = true;
  auto add = [&](bool unknown, std::string m) {
    all_unknown = all_unknown && unknown;
    problems.push_back(std::move(m));
  };
  std::vector<const ElementSetting*> seen;
  if (!opt.settings.empty()) seen.assign(net.arcs.size(), nullptr);
  for (const ElementSetting& s : opt.settings) {
    const auto idx = net.FindArc(s.arc_id);
    if (!idx) {
      add(true, fmt::format("SteadyOptions.settings names arc '{}', which is not in the network",
                            s.arc_id));
      continue;
    }
    if (*idx >= net.arcs.size() || net.arcs[*idx].id != s.arc_id) {
      add(false, fmt::format("SteadyOptions.settings names arc '{}', which does not match the "
                             "network index: Network::BuildIndex() was not called after "
                             "editing",
                             s.arc_id));
      continue;
    }
    const Arc& a = net.arcs[*idx];
    if (!ElementTakesMode(a.kind, s.mode)) {
      std::string takes;
      for (ElementMode m : ElementModesOf(a.kind))
        takes += fmt::format("{}{}", takes.empty() ? "" : ", ", ElementModeName(m));
      add(false, fmt::format("SteadyOptions.settings: mode {} not applicable to {} '{}' ({})",
                             ElementModeName(s.mode), ArcKindName(a.kind), a.id,
                             takes.empty() ? "it has no modes" : "it takes " + takes));
    } else if (seen[*idx] != nullptr) {
      add(false, fmt::format("SteadyOptions.settings names {} '{}' twice ({} and {}): give "
                             "each element one setting",
                             ArcKindName(a.kind), a.id, ElementModeName(seen[*idx]->mode),
                             ElementModeName(s.mode)));
    } else {
      seen[*idx] = &s;
    }
  }
  for (const auto& [id, z] : opt.pipe_loss_coefficient)
    if (const auto idx = net.FindArc(id); !idx || *idx >= net.arcs.size() ||
                                          net.arcs[*idx].id != id)
      add(true, fmt::format(
                    "SteadyOptions.pipe_loss_coefficient names arc '{}', which is not in the "
                    "network",
                    id));
  for (const auto& [id, forward] : opt.flow_directions)
    if (const auto idx = net.FindArc(id); !idx || *idx >= net.arcs.size() ||
                                          net.arcs[*idx].id != id)
      add(true, fmt::format("SteadyOptions.flow_directions names arc '{}', which is not in "
                            "the network",
                            id));
  for (const auto& [id, lambda] : opt.fixed_friction_factor)
    if (!net.FindArc(id))
      add(true, fmt::format(
                    "SteadyOptions.fixed_friction_factor names arc '{}', which is not in the "
                    "network",
                    id));
  if (!opt.arc_gas.empty() && opt.arc_gas.size() != net.arcs.size())
    add(false, fmt::format("SteadyOptions.arc_gas has {} entries and the network {} arcs: give "
                           "one per arc, in the network's order",
                           opt.arc_gas.size(), net.arcs.size()));
  for (const SlackNode& sl : opt.slacks) {
    const auto idx = net.FindNode(sl.node_id);
    if (!idx)
      add(true, fmt::format("slack node '{}' is not in the network", sl.node_id));
    else if (*idx >= net.nodes.size() || net.nodes[*idx].id != sl.node_id)
      add(false, fmt::format("slack node '{}' does not match the network index: "
                             "Network::BuildIndex() was not called after editing",
                             sl.node_id));
  }
  if (problems.empty()) return Status::Ok();
  if (problems.size() == 1)
    return all_unknown ? Status::NotFound(problems.front())
                       : Status::InvalidArgument(problems.front());
  internal::Problems list("SteadyOptions against the network",
                          all_unknown ? &Status::NotFound : &Status::InvalidArgument);
  for (std::string& m : problems) list.Add(std::move(m));
  return list.ToStatus();
}

Status Solver::Classify() {
  const std::size_t nn = net_.nodes.size();
  // Ids name the nodes and arcs of settings, slacks and results: two with one id leave the
  // second unreachable by it (ValidateCase reports every duplicate of a file).
  if (const auto d = net_.FirstDuplicateNode())
    return Status::InvalidArgument(fmt::format(
        "node id '{}' is used twice (node {} and an earlier one): ids must be unique",
        net_.nodes[*d].id, *d));
  if (const auto d = net_.FirstDuplicateArc())
    return Status::InvalidArgument(fmt::format(
        "arc id '{}' is used twice (arc {} and an earlier one): ids must be unique",
        net_.arcs[*d].id, *d));
  // Every name checked first, all problems at once: below, each arc is in the index, takes
  // its mode, and has one setting.
  if (Status st = NamesAgainstNetwork(net_, opt_); !st.ok()) return st;
  // The setting of each arc, by index (the index is found once per setting; no hash of
  // every valve's id).
  std::vector<const ElementSetting*> setting;
  if (!opt_.settings.empty()) setting.assign(net_.arcs.size(), nullptr);
  for (const ElementSetting& s : opt_.settings) setting[*net_.FindArc(s.arc_id)] = &s;
  // Pipe loss coefficients by arc: the few given, looked up by id once each rather than a
  // hash of every pipe's id.
  std::vector<double> zeta_of;
  if (!opt_.pipe_loss_coefficient.empty()) {
    zeta_of.assign(net_.arcs.size(), 0.0);
    for (const auto& [id, z] : opt_.pipe_loss_coefficient) zeta_of[*net_.FindArc(id)] = z;
  }
  // (A factor for an arc the network lacks was ignored: a misspelt id left its pipe with
  // none. NamesAgainstNetwork refuses it now, and a pipe without one is refused below.)
  arcs_.assign(net_.arcs.size(), ArcModel{});
  laws_.assign(net_.arcs.size(), ArcLaw{});
  arc_eos_.clear();
  if (!opt_.arc_gas.empty()) {  // (its count checked against the arcs above)
    arc_eos_.reserve(net_.arcs.size());
    for (std::size_t i = 0; i < net_.arcs.size(); ++i)
      arc_eos_.push_back(steady_internal::ArcEos(opt_, eos_, i));
  }
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    arcs_[i].law = &laws_[i];
    laws_[i].eos = arc_eos_.empty() ? &eos_ : &arc_eos_[i];
  }
  af_.resize(net_.arcs.size());
  at_.resize(net_.arcs.size());
  const double rn_pipe = opt_.gas.pipe_law_norm_density_kg_per_m3 > 0.0
                             ? opt_.gas.pipe_law_norm_density_kg_per_m3
                             : opt_.gas.norm_density_kg_per_m3;
  // One arc's model (its first error, if any). On large systems two halves of the arcs side
  // by side, each arc writing only its own entries; the error reported is the first by
  // index either way.
  // The last pipe's friction constant per half (PrepareFriction's log10): pipes in a row
  // mostly share their law, diameter and roughness (all 79 600 of the lattice's do).
  struct LastFriction {
    FrictionLaw law = FrictionLaw::kNikuradse;
    double diameter = -1.0, roughness = -1.0, constant = 0.0;
  };
  auto classify = [&](std::size_t i, Status* error, LastFriction* last) -> bool {
    PrefetchArc(net_, i);
    // The index is checked where the solve uses it, by comparing ids at the indices it
    // gives (no hashing of every arc id): each arc's endpoints here, in the one pass over
    // the arcs (an Arc is 656 bytes: a second pass was 4 % of a lattice solve), the arcs and
    // nodes that settings and slacks name above and in Slacks().
    const Arc& a = net_.arcs[i];
    if (a.from_index >= nn || a.to_index >= nn ||
        !ids::Same(net_.nodes[a.from_index].id, a.from) ||
        !ids::Same(net_.nodes[a.to_index].id, a.to))
      return Fail(error, Status::InvalidArgument(fmt::format(
          "arc '{}' ('{}' -> '{}') does not match the network index: its endpoints are "
          "missing or Network::BuildIndex() was not called after editing",
          a.id, a.from, a.to)));
    af_[i] = static_cast<int>(a.from_index);
    at_[i] = static_cast<int>(a.to_index);
    ArcModel& m = arcs_[i];
    // Only valves, control valves and stations take settings (rejected above for the rest).
    const ElementSetting* s = setting.empty() ? nullptr : setting[i];
    auto pipe_like = [&](double length, double diameter, double roughness, double zeta) {
      m.role = Role::kPipe;
      m.law->pipe.model = opt_.pipe_model;
      m.law->pipe.length_m = length;
      m.law->pipe.diameter_m = diameter;
      m.law->pipe.height_from_m = net_.nodes[a.from_index].height_m;
      m.law->pipe.height_to_m = net_.nodes[a.to_index].height_m;
      m.law->pipe.height_term = opt_.height_term;
      m.law->pipe.gravity = opt_.gravity_m_per_s2;
      m.law->pipe.loss_coefficient = zeta;
      m.law->pipe.norm_density = rn_pipe;
      m.law->pipe.normal_pressure_Pa = opt_.gas.normal_pressure_Pa;
      m.law->pipe.normal_temperature_K = opt_.gas.normal_temperature_K;
      m.law->friction.law = opt_.friction;
      m.law->friction.diameter_m = diameter;
      m.law->friction.roughness_m = roughness;
      m.law->friction.dynamic_viscosity_Pa_s = opt_.gas.dynamic_viscosity_Pa_s;
      m.diameter = diameter;
      m.has_length = length > 0.0;
    };
    switch (a.kind) {
      case ArcKind::kPipe: {
        const PipeData& p = a.pipe;
        if (!(p.diameter_m > 0.0) || !(p.length_m >= 0.0) || !std::isfinite(p.diameter_m) ||
            !std::isfinite(p.length_m) || !std::isfinite(p.roughness_m))
          return Fail(error, Status::InvalidInput(fmt::format(
              "pipe '{}': diameter {} m and length {} m must be positive and finite, "
              "roughness {} m finite",
              a.id, p.diameter_m, p.length_m, p.roughness_m)));
        // The friction laws hold for a roughness below half the diameter (ValidateCase's
        // roughness-diameter): Nikuradse's has a pole near k = 3.7 D and falls beyond it, so
        // a rougher pipe lost less pressure and k = 1e300 none at all.
        // A positive roughness below 1 nm (plausible::kMinPositiveRoughness_m) is a slip:
        // k = 5e-324 m overflowed D/k and left the rough-pipe laws without friction.
        const bool has_law = p.length_m > 0.0 && opt_.friction != FrictionLaw::kFixed;
        if (has_law && !(p.roughness_m < 0.5 * p.diameter_m))
          return Fail(error, Status::InvalidInput(fmt::format(
                                 "pipe '{}': roughness {} m must be below half its diameter {} "
                                 "m: the friction laws need k < D/2",
                                 a.id, p.roughness_m, p.diameter_m)));
        if (has_law && p.roughness_m > 0.0 && p.roughness_m < plausible::kMinPositiveRoughness_m)
          return Fail(error, Status::InvalidInput(fmt::format(
                                 "pipe '{}': roughness {} m is neither 0 (a smooth pipe) nor at "
                                 "least {:g} m",
                                 a.id, p.roughness_m, plausible::kMinPositiveRoughness_m)));
        const double zeta = zeta_of.empty() ? 0.0 : zeta_of[i];
        if (p.length_m == 0.0 && zeta == 0.0) {
          m.role = Role::kIdeal;  // no length, no loss: an ideal connection
          break;
        }
        pipe_like(p.length_m, p.diameter_m, p.roughness_m, zeta);
        for (const std::size_t v : {a.from_index, a.to_index})
          if (!std::isfinite(net_.nodes[v].height_m))
            return Fail(error, Status::InvalidInput(fmt::format(
                "node '{}': height {} m must be finite (pipe '{}')", net_.nodes[v].id,
                net_.nodes[v].height_m, a.id)));
        if (opt_.friction == FrictionLaw::kFixed) {
          auto f = opt_.fixed_friction_factor.find(a.id);
          if (f == opt_.fixed_friction_factor.end())
            return Fail(error, Status::InvalidArgument(fmt::format(
                "friction law 'fixed' needs SteadyOptions.fixed_friction_factor for pipe '{}'",
                a.id)));
          m.law->friction.fixed_lambda = f->second;
        } else if (!(p.roughness_m > 0.0) && p.length_m > 0.0 &&
                   FrictionLawRefusesSmoothPipes(opt_.friction)) {  // (smooth pipes only)
          return Fail(error, SmoothPipes());
        }
        break;
      }
      case ArcKind::kShortPipe:
        if (opt_.short_pipe_loss_coefficient > 0.0) {
          m.role = Role::kShortLoss;
          m.value = opt_.short_pipe_loss_coefficient;
        } else {
          m.role = Role::kIdeal;
        }
        break;
      case ArcKind::kResistor: {
        const ResistorData& r = a.resistor;
        // A value given must be one (a NaN or negative one made the resistor an ideal
        // connection without a word, where ValidateCase refuses it); 0 is no loss.
        for (const auto& [what, v] : {std::pair{"drag factor", r.drag_factor},
                                      std::pair{"diameter", r.diameter_m},
                                      std::pair{"pressure loss", r.pressure_loss_Pa}})
          if (v && !(std::isfinite(*v) && *v >= 0.0))
            return Fail(error, Status::InvalidInput(fmt::format(
                                   "resistor '{}': {} {} must be finite and >= 0", a.id, what,
                                   *v)));
        if (r.drag_factor && r.diameter_m && *r.drag_factor > 0.0 && *r.diameter_m > 0.0) {
          if (r.pressure_loss_Pa && *r.pressure_loss_Pa > 0.0)  // (ValidateCase's too)
            return Fail(error, Status::InvalidInput(fmt::format(
                                   "resistor '{}': both a drag factor and a pressure loss "
                                   "are given; a resistor has one or the other",
                                   a.id)));
          if (opt_.pipe_model == PipeModel::kPandapipes) {
            pipe_like(0.0, *r.diameter_m, 1e-5, *r.drag_factor);
            m.law->friction.law = FrictionLaw::kFixed;  // L = 0: lambda does not enter
            m.drag = true;
          } else {
            m.role = Role::kResistorDrag;
            m.value = *r.drag_factor;
            m.diameter = *r.diameter_m;
          }
        } else if (r.pressure_loss_Pa && *r.pressure_loss_Pa > 0.0) {
          m.role = Role::kResistorFixed;
          m.value = *r.pressure_loss_Pa;
        } else {
          m.role = Role::kIdeal;
        }
        // A diameter given gives the velocity (ExpandRates) of a lossless or fixed-loss one
        // too (GasLib-4197's resistor_3, drag factor 0 at 400 mm, had none).
        if (m.role != Role::kResistorDrag && r.diameter_m && *r.diameter_m > 0.0 &&
            m.diameter == 0.0)
          m.diameter = *r.diameter_m;
        break;
      }
      case ArcKind::kValve:
        m.role = (s && s->mode == ElementMode::kClosed) ? Role::kClosed : Role::kIdeal;
        break;
      case ArcKind::kControlValve:
      case ArcKind::kCompressorStation:
        m.role = Role::kIdeal;  // default: open (control valves), bypass (stations)
        if (!s) break;
        m.value = s->value;
        switch (s->mode) {
          case ElementMode::kOpen:
          case ElementMode::kBypass: m.role = Role::kIdeal; break;
          case ElementMode::kClosed: m.role = Role::kClosed; break;
          case ElementMode::kOutletPressure: m.role = Role::kOutlet; break;
          case ElementMode::kInletPressure: m.role = Role::kInlet; break;
          case ElementMode::kPressureDrop: m.role = Role::kDeltaP; break;
          case ElementMode::kRatio:
            // Forward-only at ratio 1: both branches are p_to = p_from, an ideal connection
            // (merged with its ends, no flow unknown, as a bypass). Plain ratio mode keeps
            // its role at 1 too: Check() judges its flow's direction.
            m.role = !opt_.compressor_forward_only ? Role::kRatio
                     : s->value == 1.0             ? Role::kIdeal
                                                   : Role::kRatioForward;
            break;
          case ElementMode::kFlow:  // normal volume -> mass with the nomination's density
            m.role = Role::kFlowSet;
            m.value = s->value * opt_.gas.norm_density_kg_per_m3;
            break;
        }
        break;
      default:  // a number cast to ArcKind: it solved as an ideal connection
        return Fail(error, Status::InvalidArgument(fmt::format(
                               "arc '{}' has kind {}, which is not one of the library's", a.id,
                               static_cast<int>(a.kind))));
    }
    if (!extras_.limits.empty()) {
      if (auto lim = extras_.limits.find(i); lim != extras_.limits.end()) {
        m.role = Role::kLimit;
        m.limit = &lim->second;
      }
    }
    if (m.role == Role::kPipe) {
      physics::FrictionParams& f = m.law->friction;
      if (f.law == last->law && f.diameter_m == last->diameter &&
          f.roughness_m == last->roughness) {
        f.constant_lambda = last->constant;
      } else {
        physics::PrepareFriction(&f);
        *last = {f.law, f.diameter_m, f.roughness_m, f.constant_lambda};
      }
    }
    return true;
  };
  const std::size_t na = net_.arcs.size();
  Status first[2];  // each half stops at its first error
  steady_internal::RunHalves(Halves(na), na, [&](int h, std::size_t begin, std::size_t end) {
    LastFriction last;
    for (std::size_t i = begin; i < end; ++i)
      if (!classify(i, &first[h], &last)) return;
  });
  for (const Status& st : first)
    if (!st.ok()) return st;
  if (opt_.eos == EquationOfState::kCnga && opt_.height_term &&
      opt_.pipe_model == PipeModel::kStandard) {
    // GasSteadySim's law integrates rho dp exactly along a level pipe: it has no height
    // term, and a pipe that climbs would be solved as level while the report said "height
    // term on" (a reviewer's GasLib-582 with --eos cnga: identical to ideal gas without it).
    std::string climbs;
    int n = 0;
    for (std::size_t i = 0; i < arcs_.size(); ++i)
      if (arcs_[i].role == Role::kPipe &&
          laws_[i].pipe.height_to_m != laws_[i].pipe.height_from_m && ++n <= 3)
        climbs += fmt::format("{}'{}' ({:+.6g} m)", climbs.empty() ? "" : ", ", net_.arcs[i].id,
                              laws_[i].pipe.height_to_m - laws_[i].pipe.height_from_m);
    if (n > 0)
      return Status::InvalidArgument(fmt::format(
          "equation of state 'cnga' (GasSteadySim's exact integral along a level pipe) has no "
          "height term, and {} pipe{} change height ({}{}): turn the height term off "
          "(SteadyOptions.height_term = false, --no-height) or choose another equation of "
          "state",
          n, n == 1 ? "" : "s", climbs, n > 3 ? ", ..." : ""));
  }
  // Merge nodes joined by ideal arcs.
  UnionFind uf(nn);
  for (std::size_t i = 0; i < arcs_.size(); ++i)
    if (arcs_[i].role == Role::kIdeal)
      uf.Unite(af_[i], at_[i]);
  group_of_.assign(nn, -1);
  std::vector<int> root_group(nn, -1);
  for (std::size_t v = 0; v < nn; ++v) {
    const int r = uf.Find(static_cast<int>(v));
    if (root_group[r] < 0) {
      root_group[r] = static_cast<int>(group_rep_.size());
      group_rep_.push_back(static_cast<int>(v));
    }
    group_of_[v] = root_group[r];
  }
  members_.start.assign(group_rep_.size() + 1, 0);
  for (std::size_t v = 0; v < nn; ++v) ++members_.start[group_of_[v] + 1];
  for (std::size_t g = 0; g < group_rep_.size(); ++g)
    members_.start[g + 1] += members_.start[g];
  members_.arcs.resize(nn);
  {
    std::vector<int> next(members_.start.begin(), members_.start.end() - 1);
    for (std::size_t v = 0; v < nn; ++v) members_.arcs[next[group_of_[v]]++] = static_cast<int>(v);
  }
  sum_->merged_nodes = static_cast<int>(nn - group_rep_.size());
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    arcs_[i].gf = group_of_[af_[i]];
    arcs_[i].gt = group_of_[at_[i]];
  }
  return Status::Ok();
}

Status Solver::Slacks() {
  const std::size_t ng = group_rep_.size();
  group_slack_.assign(ng, kNaN);
  slack_node_of_group_.assign(ng, -1);
  for (const SlackNode& s : opt_.slacks) {
    // (In the index: NamesAgainstNetwork, in Classify, refused any other.)
    const auto idx = net_.FindNode(s.node_id);
    const int g = group_of_[*idx];
    // Two references on one merged node hold one pressure: within the solve's pressure
    // tolerance the first is taken (1e-10 bar apart was "infeasible ... different pressures
    // (60.000000 and 60.000000 bar)").
    if (!std::isnan(group_slack_[g]) && group_slack_[g] != s.pressure_Pa) {
      const double apart = std::abs(group_slack_[g] - s.pressure_Pa);
      const std::string& first = net_.nodes[slack_node_of_group_[g]].id;
      if (apart <= opt_.pressure_tolerance_Pa) {
        sum_->notes.push_back(fmt::format(
            "slack nodes '{}' and '{}' are joined by ideal elements and given pressures "
            "{:.3g} Pa apart, within the solve's pressure tolerance: the pressure of '{}', "
            "{:.6f} bar, holds both",
            first, s.node_id, apart, first, group_slack_[g] / units::kBar));
        continue;
      }
      sum_->verdict = Verdict::kInfeasible;
      sum_->reason = fmt::format(
          "slack nodes '{}' and '{}' are joined by ideal elements ({}) but are given different "
          "pressures ({:.6f} and {:.6f} bar, {:.6g} Pa apart): give one of them no pressure, "
          "or set or close an element between them",
          first, s.node_id, IdealPath(slack_node_of_group_[g], static_cast<int>(*idx)),
          group_slack_[g] / units::kBar, s.pressure_Pa / units::kBar, apart);
      // (Components, which says which references hold, does not run after this verdict:
      // the report's line was empty.)
      std::string given = "given: ";
      for (std::size_t k = 0; k < opt_.slacks.size(); ++k)
        given += fmt::format("{}{} at {:.6f} bar", k ? ", " : "", opt_.slacks[k].node_id,
                             opt_.slacks[k].pressure_Pa / units::kBar);
      sum_->slack_rule = given;
    }
    group_slack_[g] = s.pressure_Pa;
    if (slack_node_of_group_[g] < 0) slack_node_of_group_[g] = static_cast<int>(*idx);
  }
  return Status::Ok();
}

std::vector<int> Solver::IdealArcPath(int from, int to) const {
  // Breadth first over the ideal arcs. (emplace_back: more calls of push_back(const int&)
  // made GCC stop inlining it in Number, +60 000 instructions a GasLib-4197 solve.)
  const std::size_t nn = net_.nodes.size();
  std::vector<std::vector<int>> at(nn);
  for (std::size_t i = 0; i < arcs_.size(); ++i)
    if (arcs_[i].role == Role::kIdeal) {
      at[af_[i]].emplace_back(static_cast<int>(i));
      at[at_[i]].emplace_back(static_cast<int>(i));
    }
  std::vector<int> via(nn, -2);
  std::vector<int> queue{from};
  via[from] = -1;
  for (std::size_t h = 0; h < queue.size() && via[to] == -2; ++h)
    for (int i : at[queue[h]]) {
      const int o = af_[i] == queue[h] ? at_[i] : af_[i];
      if (via[o] != -2) continue;
      via[o] = i;
      queue.emplace_back(o);
    }
  std::vector<int> path;
  for (int v = to; v != from && via[v] >= 0; v = af_[via[v]] == v ? at_[via[v]] : af_[via[v]])
    path.emplace_back(via[v]);
  return path;
}

std::string Solver::IdealPath(int from, int to) const {
  const std::vector<int> path = IdealArcPath(from, to);
  std::string out;
  constexpr std::size_t kShown = 6;
  for (std::size_t k = 0; k < path.size() && k < kShown; ++k) {
    const Arc& a = net_.arcs[path[path.size() - 1 - k]];
    const bool set = std::any_of(opt_.settings.begin(), opt_.settings.end(),
                                 [&](const ElementSetting& e) { return e.arc_id == a.id; });
    const char* how = a.kind == ArcKind::kCompressorStation
                          ? (set ? " in bypass" : " in bypass, its default")
                      : a.kind == ArcKind::kControlValve ? (set ? " open" : " open, its default")
                      : a.kind == ArcKind::kValve        ? " open"
                                                         : "";
    out += fmt::format("{}{} '{}'{}", k ? ", " : "", ArcKindName(a.kind), a.id, how);
  }
  if (path.size() > kShown) out += fmt::format(" and {} more", path.size() - kShown);
  return out.empty() ? std::string("short pipes, open valves") : out;
}

Status Solver::GasAtReferences() const {
  // (Every law but the ideal: AGA's z is linear in p and falls below zero at p_r = 1 /
  // (0.533/T_r - 0.257), about 470 bar at 10 degC for GasLib's gas, Papay's only where T_r
  // is below 0.918 (below 0.1 from about 0.95). Such a reference was said only after
  // the solve, as a failure with exit 3, where the same one under a linear law was refused
  // before it.)
  if (opt_.eos == EquationOfState::kIdeal) return Status::Ok();
  // The references given (few), else every group's (the default rule's: one per part). A
  // scan of every group took 40 000 instructions of a GasLib-4197 solve under the
  // pandapipes model, whose z is linear.
  std::vector<int> groups;
  for (const SlackNode& sl : opt_.slacks)
    if (const auto v = net_.FindNode(sl.node_id)) groups.push_back(group_of_[*v]);
  if (opt_.slacks.empty())
    for (std::size_t g = 0; g < group_slack_.size(); ++g) groups.push_back(static_cast<int>(g));
  for (const int g : groups) {
    const double p = group_slack_[g];
    if (!std::isfinite(p)) continue;
    const double z = physics::Compressibility(eos_, p).z;
    if (z >= 0.1 && z <= 10.0) continue;
    const bool coefficients =
        opt_.eos == EquationOfState::kLinear || opt_.eos == EquationOfState::kCnga;
    return Status::InvalidInput(fmt::format(
        "equation of state {} ({}) gives z = {:.4g} at the pressure reference '{}' ({:.6f} "
        "bar, {:.2f} K): no gas has that (z must lie between 0.1 and 10 where the solve "
        "holds a pressure); {}",
        EquationOfStateName(opt_.eos),
        opt_.eos == EquationOfState::kLinear
            ? fmt::format("z = {:.6g} {:+.6g} p[bar]", eos_.linear_z_offset,
                          eos_.linear_z_slope_per_Pa * units::kBar)
        : opt_.eos == EquationOfState::kCnga
            ? fmt::format("rho a^2 = b1 p + b2 p^2, b1 = {:.6g}, b2 = {:.6g} 1/bar",
                          eos_.cnga_b1, eos_.cnga_b2_per_Pa * units::kBar)
        : opt_.eos == EquationOfState::kAga
            ? std::string("z = 1 + 0.257 p_r - 0.533 p_r / T_r")
            : std::string("z = 1 - 3.52 p_r e^(-2.26 T_r) + 0.274 p_r^2 e^(-1.878 T_r)"),
        z, net_.nodes[slack_node_of_group_[g] >= 0 ? slack_node_of_group_[g] : group_rep_[g]].id,
        p / units::kBar, eos_.temperature_K,
        coefficients ? "check the coefficients"
                     : "the reference's pressure and the gas temperature lie beyond the "
                       "law's range"));
  }
  return Status::Ok();
}

std::string Solver::ClosedAround(int comp) const {
  std::string cut;
  int n = 0;
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    const ArcModel& a = arcs_[i];
    if (a.role != Role::kClosed || a.gf < 0 || a.gt < 0 ||
        (comp_of_group_[a.gf] == comp) == (comp_of_group_[a.gt] == comp))
      continue;
    if (++n <= 5)
      cut += fmt::format("{}{} '{}'", cut.empty() ? "" : ", ", ArcKindName(net_.arcs[i].kind),
                         net_.arcs[i].id);
  }
  if (n > 5) cut += fmt::format(" and {} more", n - 5);
  return cut;
}

std::string Solver::NodesOf(int comp) const {
  std::vector<char> mask(comp_has_slack_.size(), 0);
  if (comp >= 0 && comp < static_cast<int>(mask.size())) mask[comp] = 1;
  return NodesOfParts(mask);
}

std::string Solver::NodesOfParts(const std::vector<char>& comps) const {
  std::string s;
  int count = 0, total = 0;
  for (std::size_t g = 0; g < group_rep_.size(); ++g) {
    if (!comps[comp_of_group_[g]]) continue;
    for (int v : members_[g]) {
      ++total;
      if (count < 5) {
        s += (s.empty() ? "" : ", ") + net_.nodes[v].id;
        ++count;
      }
    }
  }
  if (total > count) s += fmt::format(" and {} more", total - count);
  return s;
}

// The default rule makes each part's largest entry its reference on the premise that the
// part balances (the loop's check of the final state, CheckNominationKept, holds it to
// that). A flow set-point arc joins nothing (Couples): where such arcs alone join a part to
// the rest, its nominated flows must balance with theirs, else no state of the nomination
// exists at those set-points. Before, the reference fed the difference: the corridor's
// cs_astara at a flow of 0 "held its set-point" while az_sangachal fed the 177.7 1000 Nm3/h
// that the swap brings from Iran there, and at any forward flow it ended in bypass; GasLib-11's
// CS01 "held" a flow of 300 1000 Nm3/h with entry02 feeding a third of its nomination, and at
// 302 the outlet maximum took it back to the nominated flow. Parts that closed elements cut
// off are left to that check (their imbalance is the nomination's, not the set-points').
bool Solver::FlowSetPartsBalance() {
  std::vector<int> flow_set;
  for (std::size_t i = 0; i < arcs_.size(); ++i)
    if (arcs_[i].role == Role::kFlowSet &&
        comp_of_group_[arcs_[i].gf] != comp_of_group_[arcs_[i].gt])
      flow_set.push_back(static_cast<int>(i));
  if (flow_set.empty()) return true;
  const int nc = static_cast<int>(comp_has_slack_.size());
  const int ng = static_cast<int>(group_rep_.size());
  const bool default_rule = opt_.slacks.empty();
  // Per part: the net of its injections with the set flows across its border, its entries
  // (the tolerance's scale, as CheckNominationKept's), all the gas it exchanges (a part
  // without a reference and without any is pinned, not refused), and the parts that the
  // set-points join (their injections alone must balance for the set-points to be the
  // cause of an imbalance where a reference stands).
  std::vector<double> net(nc, 0.0), entries(nc, 0.0), gross(nc, 0.0), whole_net(nc, 0.0),
      whole_entries(nc, 0.0);
  UnionFind joined(nc);
  for (int g = 0; g < ng; ++g) net[comp_of_group_[g]] += group_inj_[g];
  for (std::size_t v = 0; v < net_.nodes.size() && v < inj_.size(); ++v) {
    const int c = comp_of_group_[group_of_[v]];
    if (inj_[v] > 0.0) entries[c] += inj_[v];
    gross[c] += std::abs(inj_[v]);
  }
  for (const int i : flow_set) {
    const ArcModel& a = arcs_[i];
    const int cf = comp_of_group_[a.gf], ct = comp_of_group_[a.gt];
    joined.Unite(cf, ct);
    entries[ct] += a.value;
    gross[cf] += a.value;
    gross[ct] += a.value;
  }
  for (std::size_t v = 0; v < net_.nodes.size() && v < inj_.size(); ++v) {
    const int r = joined.Find(comp_of_group_[group_of_[v]]);
    whole_net[r] += inj_[v];
    if (inj_[v] > 0.0) whole_entries[r] += inj_[v];
  }

  // (1e-4 of the entries: ValidateOptions::balance_relative_tolerance, what `corridor
  // check` accepts as slightly unbalanced and the reference absorbs.)
  constexpr double kBalanceTolerance = 1e-4;
  const double tiny = 10.0 * opt_.mass_tolerance_kg_per_s;
  auto off = [&](double n, double e) {
    return std::abs(n) > std::max(kBalanceTolerance * e, tiny);
  };
  auto whole_off = [&](int c) {
    const int r = joined.Find(c);
    return off(whole_net[r], whole_entries[r]);
  };
  // What a set-point a limit would relieve: one above the forward flow its part with a
  // reference leaves, or one into a part without a reference above what that part takes
  // (out of one, above what it supplies), where it alone joins the part to the rest: held
  // at a pressure limit, the station joins the two (SolveExtras::excess_flow_arcs), and its
  // outlet maximum (inlet minimum) gives a part without a reference its level.
  std::vector<char> relievable(arcs_.size(), 0);
  // Per relievable set-point, the components of the part that makes it so (the reason's).
  std::unordered_map<int, std::vector<char>> relieved_side;
  // Per arc: relieved for a part without a reference on its inlet side (its inlet minimum).
  std::vector<char> no_level_inlet(arcs_.size(), 0);
  // The parts once those are held at their limits: what is still out of balance there is
  // the cause, not them (GasLib-40's compressorStation_4 at 800 1000 Nm3/h, above its
  // 725, was named beside _5 at 700, below its 725, which no limit of _4 mends; GasLib-11's
  // CS01 at 170 beside CS02 at 210, each converging alone, was refused for CS02). Taken
  // to a fixed point: with the stations around it held, a part between two set-points has
  // one border left (GasLib-24's CS2 at 400, above its 344.3, between CS1 at 600 and CS3 at
  // 300, each above theirs, was named as if set too low).
  UnionFind after(nc);
  std::vector<double> anet(nc), aentries(nc), agross(nc);
  std::vector<int> aborders(nc);
  std::vector<char> aslack(nc), alevel(nc), awhole_off(nc);
  for (bool grew = true; grew;) {
    grew = false;
    std::fill(anet.begin(), anet.end(), 0.0);
    std::fill(aentries.begin(), aentries.end(), 0.0);
    std::fill(agross.begin(), agross.end(), 0.0);
    std::fill(aborders.begin(), aborders.end(), 0);
    std::fill(aslack.begin(), aslack.end(), 0);
    std::fill(alevel.begin(), alevel.end(), 0);
    std::fill(awhole_off.begin(), awhole_off.end(), 0);
    for (int c = 0; c < nc; ++c) {
      const int r = after.Find(c);
      anet[r] += net[c];
      aentries[r] += entries[c];
      agross[r] += gross[c];
      aslack[r] |= comp_has_slack_[c];
      awhole_off[r] |= whole_off(c);
    }
    for (const int i : flow_set) {
      const int rf = after.Find(comp_of_group_[arcs_[i].gf]);
      const int rt = after.Find(comp_of_group_[arcs_[i].gt]);
      if (rf != rt)
        ++aborders[rf], ++aborders[rt];
      else if (relievable[i])
        alevel[rf] = 1;  // (a station held at a pressure limit sets a level there)
    }
    for (const int i : flow_set) {
      if (relievable[i]) continue;
      const ArcModel& a = arcs_[i];
      const int rf = after.Find(comp_of_group_[a.gf]), rt = after.Find(comp_of_group_[a.gt]);
      for (const int r : {rf, rt}) {
        if (aborders[r] != 1) continue;
        bool more = false;
        const double need = r == rf ? a.value + anet[r] : a.value - anet[r];
        if (aslack[r]) {
          more = default_rule && off(anet[r], aentries[r]) && !awhole_off[r] &&
                 need >= -tiny && a.value > need;
        } else if (r == rt) {
          // (Above by more than the mass tolerance, not the nomination's balance tolerance:
          // GasLib-11's CS02 at 200.01 1000 Nm3/h beside the 200 its exits take was refused,
          // "its pressures are undetermined", where at 200.02 it converged held.)
          more = anet[r] > tiny;
        } else {
          // (Out of a part without a reference that supplies less, forward: held at its
          // inlet minimum, the station gives that part its level, as its outlet maximum
          // gives one a part of exits. GasLib-11's CS01 at 200 beside the 160 its entries
          // supply, under a given reference behind it, was refused.)
          more = need >= -tiny && a.value > need + tiny;
          no_level_inlet[i] = more;
        }
        if (!more) continue;
        relievable[i] = 1;
        std::vector<char>& side = relieved_side[i];
        side.assign(nc, 0);
        for (int c = 0; c < nc; ++c) side[c] = after.Find(c) == r;
        grew = true;
        break;
      }
    }
    for (const int i : flow_set)
      if (relievable[i]) after.Unite(comp_of_group_[arcs_[i].gf], comp_of_group_[arcs_[i].gt]);
  }
  // A part that cannot stand as it is once those are held: one with a reference (default
  // rule) out of balance by the set-points, or one without any that exchanges gas and has
  // no level from a held station or cannot balance by itself.
  auto bad = [&](int r) {
    if (aslack[r]) return default_rule && off(anet[r], aentries[r]) && !awhole_off[r];
    if (alevel[r]) return off(anet[r], aentries[r]);
    return agross[r] > 0.0;
  };
  // The part to name: one that a single set-point joins to the rest first (its flow then
  // says what is wrong), else one that several join; only where none is left, the parts
  // of the set-points a limit relieves (all handed out: the loop holds them together).
  int arc = -1, part = -1;  // the set-point and the part (a root of `after`)
  for (const int single : {1, 0})
    for (std::size_t k = 0; k < flow_set.size() && part < 0; ++k) {
      const int i = flow_set[k];
      if (relievable[i]) continue;
      for (const int c : {comp_of_group_[arcs_[i].gf], comp_of_group_[arcs_[i].gt]}) {
        const int r = after.Find(c);
        if (bad(r) && (aborders[r] == 1) == (single == 1)) {
          arc = i, part = r;
          break;
        }
      }
    }
  const bool relieve = part < 0;
  if (relieve) {
    // Which limit each takes: the joined parts share one reference under the default rule
    // (their largest entry); a station whose inlet side holds it fixes its outlet (its
    // outlet maximum), one whose outlet side holds it fixes its inlet (its inlet minimum).
    // Held at the outlet maximum with the reference behind it, the station left its inlet
    // side without a level (GasLib-40's compressorStation_1 at 210 beside _2 at 80, each
    // converging alone, was refused for _1).
    std::vector<int> ref_comp(nc, -1);  // per root of `after`: the component of its entry
    if (default_rule) {
      std::vector<int> best(nc, -1);
      for (std::size_t v = 0; v < net_.nodes.size() && v < inj_.size(); ++v) {
        if (!(inj_[v] > 0.0)) continue;
        const int r = after.Find(comp_of_group_[group_of_[v]]);
        const int b = best[r];
        if (b < 0 || inj_[v] > inj_[b] ||
            (inj_[v] == inj_[b] && net_.nodes[v].id < net_.nodes[b].id))
          best[r] = static_cast<int>(v);
      }
      for (int r = 0; r < nc; ++r)
        if (best[r] >= 0) ref_comp[r] = comp_of_group_[group_of_[best[r]]];
    }
    // Whether `from` reaches `to` over the relieved set-points other than `skip`.
    auto reaches = [&](int from, int to, int skip) {
      std::vector<char> seen(nc, 0);
      std::vector<int> queue{from};
      seen[from] = 1;
      for (std::size_t h = 0; h < queue.size(); ++h)
        for (const int j : flow_set) {
          if (!relievable[j] || j == skip) continue;
          const int f = comp_of_group_[arcs_[j].gf], t = comp_of_group_[arcs_[j].gt];
          for (const auto& [x, y] : {std::pair{f, t}, std::pair{t, f}})
            if (x == queue[h] && !seen[y]) seen[y] = 1, queue.push_back(y);
        }
      return seen[to] != 0;
    };
    for (const int i : flow_set) {
      if (!relievable[i]) continue;
      if (extras_.excess_flow_arcs != nullptr) extras_.excess_flow_arcs->push_back(i);
      const int cf = comp_of_group_[arcs_[i].gf], ct = comp_of_group_[arcs_[i].gt];
      const int rc = ref_comp[after.Find(cf)];
      if (extras_.excess_flow_at_inlet != nullptr &&
          (no_level_inlet[i] || (rc >= 0 && comp_has_slack_[cf] && reaches(rc, ct, i))))
        extras_.excess_flow_at_inlet->push_back(i);
      if (arc < 0) arc = i;
    }
    if (arc < 0) return true;
  }
  // The named part's nodes, references and balance: a part of `after`, or (relieve) a
  // component.
  std::vector<char> mask(nc, 0);
  for (int c = 0; c < nc; ++c) mask[c] = relieve ? relieved_side[arc][c] : after.Find(c) == part;
  std::string refs;
  int n_refs = 0;
  for (int g = 0; g < ng; ++g)
    if (mask[comp_of_group_[g]] && slack_node_of_group_[g] >= 0 && ++n_refs <= 2)
      refs += (n_refs > 1 ? ", " : "") + net_.nodes[slack_node_of_group_[g]].id;
  // (Relieved, the part as it was when found: its sums over its components.)
  double part_net = 0.0, part_entries = 0.0;
  int part_borders = 0;
  for (int c = 0; c < nc; ++c)
    if (mask[c]) part_net += net[c], part_entries += entries[c];
  for (const int j : flow_set)
    part_borders += mask[comp_of_group_[arcs_[j].gf]] != mask[comp_of_group_[arcs_[j].gt]];
  const double rho_n = opt_.gas.norm_density_kg_per_m3;
  auto knm3h = [rho_n](double kg_per_s) { return kg_per_s / rho_n / units::kThousandM3PerHour; };
  const ArcModel& a = arcs_[arc];
  const Arc& e = net_.arcs[arc];
  std::string sets;  // the set-points on its border
  int n = 0;
  for (const int j : flow_set) {
    if (mask[comp_of_group_[arcs_[j].gf]] == mask[comp_of_group_[arcs_[j].gt]]) continue;
    if (++n <= 3)
      sets += fmt::format("{}{} '{}' at {:.6g}", n > 1 ? ", " : "", ArcKindName(net_.arcs[j].kind),
                          net_.arcs[j].id, knm3h(arcs_[j].value));
  }
  if (n > 3) sets += fmt::format(" and {} more", n - 3);
  sum_->verdict = Verdict::kInfeasible;
  if (extras_.flow_parts_unbalanced != nullptr) *extras_.flow_parts_unbalanced = true;
  if (n_refs == 0) {
    // No reference there: what it takes or supplies against the set flows.
    const bool balanced = !off(part_net, part_entries);
    if (part_borders == 1 && !balanced) {
      const bool into = mask[comp_of_group_[a.gt]] != 0;
      const double own = into ? part_net - a.value : part_net + a.value;  // its injections
      // What it takes (into) or supplies (out of); + 0.0 writes a dead end's -0 as 0.
      const double there = (into ? -own : own) + 0.0;
      const bool more = a.value > there;
      sum_->reason = fmt::format(
          "{} '{}' is set to a flow of {:.6g} 1000 Nm3/h ({:.6g} kg/s) {} the part of the "
          "network with nodes {}, which has no pressure reference and {} {:.6g} 1000 Nm3/h "
          "({:.6g} kg/s) there: nothing there {} the rest",
          ArcKindName(e.kind), e.id, knm3h(a.value), a.value, into ? "into" : "out of",
          NodesOfParts(mask), into ? "takes" : "supplies", knm3h(there), there,
          more == into ? "takes" : "supplies");
    } else if (!balanced) {
      sum_->reason = fmt::format(
          "the part of the network with nodes {} has no pressure reference and only flow "
          "set-points join it to the rest ({} 1000 Nm3/h), with whose flows its nominations "
          "do not balance (net {:+.6g} kg/s): nothing there can make up the difference",
          NodesOfParts(mask), sets, part_net);
    } else {
      std::string also;
      if (part_borders == 1)
        also = fmt::format(", or set {} '{}' by its {} pressure", ArcKindName(e.kind), e.id,
                           mask[comp_of_group_[a.gt]] ? "outlet" : "inlet");
      sum_->reason = fmt::format(
          "the part of the network with nodes {} has no pressure reference (its flows "
          "balance with the flow set-points on its border, but its pressures are "
          "undetermined): give it a slack{}",
          NodesOfParts(mask), also);
    }
    return false;
  }
  const std::string where =
      fmt::format("nodes {}; pressure reference{} {}, by the default rule", NodesOfParts(mask),
                  n_refs > 1 ? "s" : "", refs);
  if (part_borders == 1) {
    const bool inlet = mask[comp_of_group_[a.gf]] != 0;
    const double need = inlet ? a.value + part_net : a.value - part_net;
    // A flow set-point drives the gas forward only (and stations take no "open"); its
    // flowMax may lie below the flow; above the flow, with plain set-points, the limits
    // that would take the rest are off.
    const double qmax = e.flow_max_m3_per_s > 0.0 ? e.flow_max_m3_per_s * rho_n : 0.0;
    std::string advice = "set that flow";
    if (need < 0.0)
      advice = fmt::format("a flow set-point cannot carry that: leave it {}",
                           e.kind == ArcKind::kCompressorStation ? "in bypass" : "open");
    else if (qmax > 0.0 && need > qmax * (1.0 + 1e-9) + opt_.mass_tolerance_kg_per_s)
      advice = fmt::format("its flowMax of {:.6g} 1000 Nm3/h lies below that flow",
                           knm3h(qmax));
    else if (relieve && !opt_.element_limits)
      advice += " (with the element limits on, a flow above it holds the station at a "
                "pressure limit, where it passes that flow)";
    sum_->reason = fmt::format(
        "{} '{}' is set to a flow of {:.6g} 1000 Nm3/h ({:.6g} kg/s), but it alone joins the "
        "part of the network on its {} side ({}) to the rest, and the nominated flows balance "
        "there only with {:.6g} 1000 Nm3/h ({:.6g} kg/s) through it{}: under the default rule "
        "each part's reference feeds what is nominated there; {}, change the nomination, or "
        "give pressure references (slacks) to take the difference",
        ArcKindName(e.kind), e.id, knm3h(a.value), a.value, inlet ? "inlet" : "outlet", where,
        knm3h(need), need, need < 0.0 ? ", from its outlet to its inlet" : "", advice);
    return false;
  }
  sum_->reason = fmt::format(
      "the part of the network ({}) is joined to the rest only by flow set-points ({} "
      "1000 Nm3/h), and its nominated flows do not balance with theirs: its entries {} its "
      "exits by {:.6g} 1000 Nm3/h ({:.6g} kg/s); under the default rule each part's reference "
      "feeds what is nominated there: change the set-points or the nomination, or give "
      "pressure references (slacks) to take the difference",
      where, sets, part_net > 0.0 ? "exceed" : "fall short of", std::abs(knm3h(part_net)),
      std::abs(part_net));
  return false;
}

// The default rule's reference is a pressure level. Where the part of the network it lies
// in (joined by everything that ties the pressures of both ends: pipes, resistors, ratios;
// not by outlet or inlet set-points) holds a level already, the outlet side of a station
// at an outlet set-point, or the inlet side of one at an inlet set-point, that part has
// two levels and the flow between them follows their pressures, not the nomination, while
// the set-point's other side has none. The reference then goes to the largest entry of a
// part that no set-point levels (its largest injection, ties to the smallest id), fixed at
// the highest upper bound of that part's entries: a station set by its outlet pressure
// takes the gas of the entries behind it at their level and delivers it at its set-point,
// and the entry ahead of it feeds its nomination. Before, every such setting with the
// largest entry ahead of the station was refused ("fixes the pressure on its outlet side
// only": GasLib-40's compressorStation_4, the corridor's cs_korpeje at any outlet
// pressure). Where no part is free, it goes to the part that a station at a set-point
// meets again through pipes, if its own lies on no loop of set-points (loop_pocket_entry
// below). A part without entries to take it keeps the rule's reference (the level check
// below names the set-point).
// A reference an earlier solve of the same run moved (SolveExtras::moved_references: the
// active-element loop's rounds, which say which to keep) stays where it went, at the
// pressure it went with, while no set-point levels the rule's part: else a station at an
// outlet set-point below that entry's bound went to ratio 1, which ties its sides and gave
// the reference back to the largest entry, whose level lay below the set-point, back to
// its set-point, and so on until the rounds ran out.
// Every other part of the same connected part that no set-point levels and that has entries
// then gets a reference of its own (`extra`), at its largest entry and the highest upper
// bound of its entries: its level is the free side of a set-point (the inlet of a station
// at an outlet pressure) and nothing else gives one. Two stations at outlet set-points into
// one header, each from its own entry, each take their entry's gas at its level (GasLib-40's
// compressorStation_4 and _5 at outlet pressures were refused, "the part on its inlet side
// (node source_3) then has no pressure reference", where each alone converged). A part
// without entries still has none: the level check names the element.
void Solver::ReferencesOffSetPointLevels(
    std::vector<int>* best, std::vector<double>* bound, std::vector<std::string>* moved,
    std::vector<steady_internal::MovedReference>* extra) {
  const int ng = static_cast<int>(group_rep_.size());
  UnionFind tie(ng);
  for (const ArcModel& a : arcs_)
    if (Couples(a.role) && a.role != Role::kOutlet && a.role != Role::kInlet)
      tie.Unite(a.gf, a.gt);
  std::vector<int> leveled_by(ng, -1);  // per root of `tie`: a set-point that levels it
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    const ArcModel& a = arcs_[i];
    if (a.role != Role::kOutlet && a.role != Role::kInlet) continue;
    int& by = leveled_by[tie.Find(a.role == Role::kOutlet ? a.gt : a.gf)];
    if (by < 0) by = static_cast<int>(i);
  }
  const int nv = static_cast<int>(std::min(net_.nodes.size(), inj_.size()));
  auto free_entry = [&](int v) {
    return v >= 0 && v < nv && inj_[v] > 0.0 && leveled_by[tie.Find(group_of_[v])] < 0;
  };
  // The highest upper bound of the entries of v's part.
  auto part_bound = [&](int v) {
    const int part = tie.Find(group_of_[v]);
    double ub_max = 0.0;
    for (int u = 0; u < nv; ++u) {
      if (inj_[u] > 0.0 && tie.Find(group_of_[u]) == part)
        ub_max = std::max(ub_max, UpperBound(static_cast<std::size_t>(u)));
    }
    return ub_max;
  };
  // Where no part of component c is free, the reference would level the rule's part a
  // second time. That is the place for it only where the part lies on a loop of set-points,
  // whose gas then goes round by the pressures. Else it goes to the pocket of such a loop:
  // the part that a station at a set-point meets again through pipes, reached from its free
  // side without crossing its set side (a set-point met at its free end borders it, one met
  // at its set end levels it). GasLib-40 with compressorStation_1 at an inlet of 40 bar and
  // _3 and _4 at outlets of 85, all three clamped to their pressureOutMax of 71 bar: once _4
  // went to ratio 1, source_1 kept its reference beside _1's level, and _3's outlet side,
  // which meets its inlet side again through pipes, split its gas freely: "pressure would
  // fall below zero at node innode_2", _4's ratio 1 blocked, and the verdict "cannot reach
  // its outlet pressure", where all three at ratio 1 is a state. Returns the largest entry
  // of the first such pocket with entries (`ub`: the highest upper bound of its entries;
  // `why`: what the report says), or -1.
  auto loop_pocket_entry = [&](int c, int b, double* ub, std::string* why) {
    const int rb = tie.Find(group_of_[b]);
    std::vector<int> loops;  // set-point arcs of component c
    for (std::size_t i = 0; i < arcs_.size(); ++i) {
      const ArcModel& a = arcs_[i];
      if ((a.role == Role::kOutlet || a.role == Role::kInlet) && comp_of_group_[a.gf] == c)
        loops.push_back(static_cast<int>(i));
    }
    // The rule's part on a loop of set-points: an arc at it that the others bridge.
    for (const int i : loops) {
      const int rf = tie.Find(arcs_[i].gf), rt = tie.Find(arcs_[i].gt);
      if (rf != rb && rt != rb) continue;
      if (rf == rt) return -1;
      UnionFind parts(ng);
      for (const int j : loops)
        if (j != i) parts.Unite(tie.Find(arcs_[j].gf), tie.Find(arcs_[j].gt));
      if (parts.Find(rf) == parts.Find(rt)) return -1;
    }
    std::vector<int> start, adj;
    GroupAdjacency(
        arcs_, ng, [](const ArcModel& a) { return Couples(a.role) && a.gf != a.gt; }, &start,
        &adj);
    std::vector<int> seen(ng, -1), pocket;
    for (const int e : loops) {
      const ArcModel& a = arcs_[e];
      const int set = a.role == Role::kOutlet ? a.gt : a.gf;
      const int free = a.role == Role::kOutlet ? a.gf : a.gt;
      if (free == set || tie.Find(free) != tie.Find(set)) continue;
      auto passes = [&](int i, int other) { return PassesRulePocket(arcs_[i], other, set); };
      auto borders = [&](int i, int other) { return BordersPocket(arcs_[i], other); };
      auto referenced = [&](int g) { return !std::isnan(group_slack_[g]); };
      int meets = 0, via = -1;
      if (!SearchPocket(arcs_, start, adj, e, free, set, passes, referenced, &seen, &pocket,
                        &meets, &via, borders) ||
          meets == 0)
        continue;
      int entry = -1;
      *ub = 0.0;
      for (const int g : pocket)
        for (const int v : members_[g]) {
          if (v >= nv || !(inj_[v] > 0.0)) continue;
          *ub = std::max(*ub, UpperBound(static_cast<std::size_t>(v)));
          if (entry < 0 || inj_[v] > inj_[entry] ||
              (inj_[v] == inj_[entry] && net_.nodes[v].id < net_.nodes[entry].id))
            entry = v;
        }
      if (entry < 0 || !(*ub > 0.0)) continue;
      const Arc& arc = net_.arcs[static_cast<std::size_t>(e)];
      *why = fmt::format(
          "the part on the {} side of {} '{}', which holds its {} at {:.6g} bar: that part "
          "meets its {} side again through {} '{}', and a level in it fixes the split of the "
          "gas between the two",
          a.role == Role::kOutlet ? "inlet" : "outlet", ArcKindName(arc.kind), arc.id,
          a.role == Role::kOutlet ? "outlet" : "inlet", a.value / units::kBar,
          a.role == Role::kOutlet ? "outlet" : "inlet",
          ArcKindName(net_.arcs[static_cast<std::size_t>(via)].kind),
          net_.arcs[static_cast<std::size_t>(via)].id);
      return entry;
    }
    return -1;
  };
  std::vector<steady_internal::MovedReference> kept;
  for (std::size_t c = 0; c < best->size(); ++c) {
    const int b = (*best)[c];
    if (b < 0) continue;
    const int by = leveled_by[tie.Find(group_of_[b])];
    // Kept from an earlier solve where the rule's part is free now and that one's still is
    // (a part leveled now moves the reference anew, below).
    const steady_internal::MovedReference* earlier = nullptr;
    if (by < 0 && extras_.moved_references != nullptr)
      for (const steady_internal::MovedReference& m : *extras_.moved_references)
        if (!m.extra && free_entry(m.node) &&
            comp_of_group_[group_of_[m.node]] == static_cast<int>(c))
          earlier = &m;
    if (by < 0 && earlier == nullptr) continue;
    steady_internal::MovedReference to;
    double pocket_ub = 0.0;
    std::string pocket_why;
    if (earlier != nullptr) {
      to = *earlier;
    } else {
      for (int v = 0; v < nv; ++v) {
        if (!free_entry(v) || comp_of_group_[group_of_[v]] != static_cast<int>(c)) continue;
        if (to.node < 0 || inj_[v] > inj_[to.node] ||
            (inj_[v] == inj_[to.node] && net_.nodes[v].id < net_.nodes[to.node].id))
          to.node = v;
      }
      if (to.node < 0)
        to.node = loop_pocket_entry(static_cast<int>(c), b, &pocket_ub, &pocket_why);
      if (to.node < 0) continue;
      const Arc& arc = net_.arcs[static_cast<std::size_t>(by)];
      const bool outlet = arcs_[by].role == Role::kOutlet;
      to.displaced = net_.nodes[b].id;
      to.arc = by;
      to.outlet = outlet;
      to.element = fmt::format("{} '{}'", ArcKindName(arc.kind), arc.id);
      to.holds = fmt::format("its {} at {:.6g} bar", outlet ? "outlet" : "inlet",
                             arcs_[by].value / units::kBar);
    }
    if (to.node == b) continue;
    // (A kept reference keeps its pressure too: the element at ratio 1 ties its part to the
    // other side, whose entries' bounds would change it.)
    const double ub_max = earlier != nullptr     ? to.bound_Pa
                          : !pocket_why.empty() ? pocket_ub
                                                : part_bound(to.node);
    if (!(ub_max > 0.0)) continue;
    to.bound_Pa = ub_max;
    if (!pocket_why.empty())
      (*moved)[c] = fmt::format(
          " (in place of {}, on the side where {} holds {}: no part is free of a set-point's "
          "level, and that side lies on no loop of set-points; in {}; at the highest upper "
          "bound of that part's entries)",
          to.displaced, to.element, to.holds, pocket_why);
    else
      (*moved)[c] = fmt::format(
          " (in place of {}, {} {}; at the highest upper bound of the entries on its own side)",
          to.displaced,
          by < 0 ? "since an earlier control round, when on that side " + to.element + " held"
                 : "on the side where " + to.element + " holds",
          to.holds);
    (*best)[c] = to.node;
    (*bound)[c] = ub_max;
    kept.push_back(std::move(to));
  }
  // The other free parts with entries, in components whose reference stands (each part's
  // largest entry, ties to the smallest id; one an earlier round gave it stays).
  std::vector<char> has_ref(ng, 0);  // per root of `tie`
  for (std::size_t c = 0; c < best->size(); ++c)
    if ((*best)[c] >= 0 && (*bound)[c] > 0.0) has_ref[tie.Find(group_of_[(*best)[c]])] = 1;
  for (int g = 0; g < ng; ++g)
    if (!std::isnan(group_slack_[g])) has_ref[tie.Find(g)] = 1;
  std::vector<int> part_entry(ng, -1);  // per free root without a reference: its entry
  for (int v = 0; v < nv; ++v) {
    if (!free_entry(v)) continue;
    const int r = tie.Find(group_of_[v]);
    const int c = comp_of_group_[group_of_[v]];
    if (has_ref[r] || (*best)[c] < 0 || !((*bound)[c] > 0.0)) continue;
    int& e = part_entry[r];
    if (e < 0 || inj_[v] > inj_[e] || (inj_[v] == inj_[e] && net_.nodes[v].id < net_.nodes[e].id))
      e = v;
  }
  for (int r = 0; r < ng; ++r) {
    if (part_entry[r] < 0) continue;
    steady_internal::MovedReference to;
    if (extras_.moved_references != nullptr)
      for (const steady_internal::MovedReference& m : *extras_.moved_references)
        if (m.extra && m.via.empty() && free_entry(m.node) && tie.Find(group_of_[m.node]) == r)
          to = m;
    if (to.node < 0) {
      // The set-point whose free side this part is (one there is: the part is not the
      // component's whole).
      for (std::size_t i = 0; i < arcs_.size() && to.arc < 0; ++i) {
        const ArcModel& a = arcs_[i];
        if ((a.role == Role::kOutlet && tie.Find(a.gf) == r) ||
            (a.role == Role::kInlet && tie.Find(a.gt) == r)) {
          to.arc = static_cast<int>(i);
          to.outlet = a.role == Role::kOutlet;
        }
      }
      if (to.arc < 0) continue;
      const Arc& arc = net_.arcs[static_cast<std::size_t>(to.arc)];
      to.node = part_entry[r];
      to.extra = true;
      to.element = fmt::format("{} '{}'", ArcKindName(arc.kind), arc.id);
      to.holds = fmt::format("its {} at {:.6g} bar", to.outlet ? "outlet" : "inlet",
                             arcs_[to.arc].value / units::kBar);
      to.bound_Pa = part_bound(to.node);
      if (!(to.bound_Pa > 0.0)) continue;
    }
    extra->push_back(to);
    kept.push_back(std::move(to));
  }
  // The free side of a set-point can also meet its set side again through pipes (one from a
  // station's outlet side back to its inlet): such a pocket, with no reference and no other
  // set-point on its way, leaves the split of its gas between the element and that way free
  // (SetPointPockets refuses it). Where it has entries, its largest takes a reference, at
  // the highest upper bound of its entries, as a free part's does: GasLib-40's
  // compressorStation_3 at an inlet set-point, whose outlet side meets its inlet through
  // pipe_33, held the reference of the whole part (source_1) while no other set-point
  // levelled it, and lost it to compressorStation_4's inlet side when that one took an
  // outlet set-point ("the split of that part's gas between them is undetermined").
  std::vector<char> ref_group(ng, 0);
  for (std::size_t c = 0; c < best->size(); ++c)
    if ((*best)[c] >= 0 && (*bound)[c] > 0.0) ref_group[group_of_[(*best)[c]]] = 1;
  for (const steady_internal::MovedReference& m : *extra) ref_group[group_of_[m.node]] = 1;
  for (int g = 0; g < ng; ++g)
    if (!std::isnan(group_slack_[g])) ref_group[g] = 1;
  std::vector<int> start, adj;  // the groups' coupling arcs
  GroupAdjacency(
      arcs_, ng, [](const ArcModel& a) { return Couples(a.role) && a.gf != a.gt; }, &start,
      &adj);
  std::vector<int> seen(ng, -1), pocket;
  for (std::size_t e = 0; e < arcs_.size(); ++e) {
    const ArcModel& a = arcs_[e];
    if (a.role != Role::kOutlet && a.role != Role::kInlet) continue;
    const int set = a.role == Role::kOutlet ? a.gt : a.gf;
    const int free = a.role == Role::kOutlet ? a.gf : a.gt;
    if (free == set || ref_group[free] || tie.Find(free) != tie.Find(set)) continue;
    // (It meets the set side only through pipes, resistors and short pipes with losses,
    // which fix a flow by their pressures: a station beside the element at a ratio meets it
    // too, but such a loop of set-points is the chords' to judge, and GasLib-11's CS01 at
    // ratio 1.05 beside a second station at an inlet set-point then took a reference.
    // Ratios and pressure drops inside it tie two pressures and level nothing: the search
    // crosses them, as SetPointPockets' does.)
    auto passes = [&](int i, int other) { return PassesRulePocket(arcs_[i], other, set); };
    auto referenced = [&](int g) { return ref_group[g] != 0; };
    int meets = 0, via = -1;
    if (!SearchPocket(arcs_, start, adj, static_cast<int>(e), free, set, passes, referenced,
                      &seen, &pocket, &meets, &via) ||
        meets == 0)
      continue;
    steady_internal::MovedReference to;
    double ub = 0.0;
    for (const int g : pocket)
      for (const int v : members_[g]) {
        if (v >= nv || !(inj_[v] > 0.0)) continue;
        ub = std::max(ub, UpperBound(static_cast<std::size_t>(v)));
        if (to.node < 0 || inj_[v] > inj_[to.node] ||
            (inj_[v] == inj_[to.node] && net_.nodes[v].id < net_.nodes[to.node].id))
          to.node = v;
      }
    if (to.node < 0 || !(ub > 0.0)) continue;
    // (One an earlier round put in this pocket stays, at its pressure.)
    if (extras_.moved_references != nullptr)
      for (const steady_internal::MovedReference& m : *extras_.moved_references)
        if (m.extra && !m.via.empty() &&
            std::find(pocket.begin(), pocket.end(), group_of_[m.node]) != pocket.end()) {
          to = m;
          ub = m.bound_Pa;
        }
    const Arc& arc = net_.arcs[e];
    to.arc = static_cast<int>(e);
    to.outlet = a.role == Role::kOutlet;
    to.extra = true;
    to.element = fmt::format("{} '{}'", ArcKindName(arc.kind), arc.id);
    to.holds = fmt::format("its {} at {:.6g} bar", to.outlet ? "outlet" : "inlet",
                           a.value / units::kBar);
    to.via = fmt::format("{} '{}'", ArcKindName(net_.arcs[via].kind), net_.arcs[via].id);
    to.bound_Pa = ub;
    for (const int g : pocket) ref_group[g] = 1;
    extra->push_back(to);
    kept.push_back(std::move(to));
  }
  if (extras_.moved_references != nullptr) *extras_.moved_references = std::move(kept);
}

bool Solver::Components() {
  const int ng = static_cast<int>(group_rep_.size());
  UnionFind uf(ng);
  for (const ArcModel& a : arcs_)
    if (Couples(a.role)) uf.Unite(a.gf, a.gt);
  comp_of_group_.assign(ng, -1);
  std::vector<int> root_comp(ng, -1);
  int nc = 0;
  for (int g = 0; g < ng; ++g) {
    const int r = uf.Find(g);
    if (root_comp[r] < 0) root_comp[r] = nc++;
    comp_of_group_[g] = root_comp[r];
  }
  group_inj_.assign(ng, 0.0);
  for (std::size_t v = 0; v < net_.nodes.size(); ++v) group_inj_[group_of_[v]] += inj_[v];
  for (const ArcModel& a : arcs_)
    if (a.role == Role::kFlowSet) {
      group_inj_[a.gf] -= a.value;
      group_inj_[a.gt] += a.value;
    }
  comp_has_slack_.assign(nc, 0);
  for (int g = 0; g < ng; ++g)
    if (!std::isnan(group_slack_[g])) comp_has_slack_[comp_of_group_[g]] = 1;

  // Default rule: per component without a slack, the node with the largest injection,
  // at the highest upper pressure bound over the nodes with a positive injection.
  std::vector<std::string> rule_parts;
  if (opt_.slacks.empty()) {
    std::vector<int> best(nc, -1);
    std::vector<int> tied(nc, 0);  // other nodes with the best injection
    std::vector<double> bound(nc, 0.0);
    std::vector<int> bound_node(nc, -1);  // whose upper bound that is
    for (std::size_t v = 0; v < net_.nodes.size(); ++v) {
      if (!(inj_[v] > 0.0)) continue;
      const int c = comp_of_group_[group_of_[v]];
      // Ties go to the smallest id, not the first in the file: the six sources of GasLib-135
      // nominate 660 each, and the reference (pressures up to 2.8 bar apart) followed the
      // order of the nodes in the XML.
      if (best[c] < 0 || inj_[v] > inj_[best[c]]) {
        best[c] = static_cast<int>(v);
        tied[c] = 0;
      } else if (inj_[v] == inj_[best[c]]) {
        ++tied[c];
        if (net_.nodes[v].id < net_.nodes[best[c]].id) best[c] = static_cast<int>(v);
      }
      if (const double ub = UpperBound(v); ub > bound[c]) {
        bound[c] = ub;
        bound_node[c] = static_cast<int>(v);
      }
    }
    std::vector<std::string> moved(nc);
    std::vector<steady_internal::MovedReference> extra;
    if ((extras_.moved_references != nullptr && !extras_.moved_references->empty()) ||
        std::any_of(opt_.settings.begin(), opt_.settings.end(), [](const ElementSetting& e) {
          return e.mode == ElementMode::kOutletPressure || e.mode == ElementMode::kInletPressure;
        }))
      ReferencesOffSetPointLevels(&best, &bound, &moved, &extra);
    for (int c = 0; c < nc; ++c) {
      if (best[c] < 0 || !(bound[c] > 0.0)) continue;
      const int g = group_of_[best[c]];
      group_slack_[g] = bound[c];
      slack_node_of_group_[g] = best[c];
      comp_has_slack_[c] = 1;
      // (A moved reference says why it stands where it does instead of the tie.)
      std::string why =
          tied[c] > 0 && moved[c].empty()
              ? fmt::format(" (the smallest id of {} nodes with that injection)", tied[c] + 1)
              : moved[c];
      // A reference above its own node's bound is a bound violation the rule makes: said
      // where it is set (GasLib-134's node_20 at 66.4 bar, its own maximum 55 bar, read as
      // an error of the network).
      if (const double own = UpperBound(best[c]); moved[c].empty() && own > 0.0 &&
                                                    bound[c] > own + opt_.pressure_tolerance_Pa &&
                                                    bound_node[c] >= 0)
        why += fmt::format(" (above its own upper bound, {:.6f} bar: the highest of its part's "
                           "entries is {}'s; a reference given, as --slack, sets another)",
                           own / units::kBar, net_.nodes[bound_node[c]].id);
      rule_parts.push_back(fmt::format("{} at {:.6f} bar{}", net_.nodes[best[c]].id,
                                       bound[c] / units::kBar, why));
      for (const steady_internal::MovedReference& m : extra) {
        const int ge = group_of_[m.node];
        if (comp_of_group_[ge] != c) continue;
        group_slack_[ge] = m.bound_Pa;
        slack_node_of_group_[ge] = m.node;
        if (m.via.empty())
          rule_parts.push_back(fmt::format(
              "{} at {:.6f} bar (the largest entry of the part on the {} side of {}, which "
              "holds {}: no set-point levels that part and no other reference lies in it; at "
              "the highest upper bound of its entries)",
              net_.nodes[m.node].id, m.bound_Pa / units::kBar, m.outlet ? "inlet" : "outlet",
              m.element, m.holds));
        else
          rule_parts.push_back(fmt::format(
              "{} at {:.6f} bar (the largest entry of the part on the {} side of {}, which "
              "holds {}, and that part meets its {} side again through {} alone: no other "
              "reference lies in it; at the highest upper bound of its entries)",
              net_.nodes[m.node].id, m.bound_Pa / units::kBar, m.outlet ? "inlet" : "outlet",
              m.element, m.holds, m.outlet ? "outlet" : "inlet", m.via));
      }
    }
    slack_text_ = "default rule (per connected part: the node with the largest injection, "
                  "fixed at the highest upper pressure bound of the injecting nodes): ";
  } else {
    slack_text_ = "given: ";
    for (const SlackNode& s : opt_.slacks)
      rule_parts.push_back(fmt::format("{} at {:.6f} bar", s.node_id, s.pressure_Pa / units::kBar));
  }
  for (std::size_t i = 0; i < rule_parts.size(); ++i)
    slack_text_ += (i ? ", " : "") + rule_parts[i];
  if (rule_parts.empty()) slack_text_ += "none";
  sum_->slack_rule = slack_text_;

  comp_active_.assign(nc, 0);
  // The parts that flow set-points join to the rest are FlowSetPartsBalance's, after the
  // others: a part without a reference that no set-point touches but that exchanges gas
  // (closed elements cut it off) is refused first, for itself (GasLib-24 with CS3 closed,
  // its exits cut off, named CS1 at a flow of 600 beside it). A pass over the arcs only
  // where a setting asks for a flow: Components runs in every solve, and the scan took
  // 71 000 instructions of GasLib-4197's.
  std::vector<char> flow_border;
  if (std::any_of(opt_.settings.begin(), opt_.settings.end(),
                  [](const ElementSetting& e) { return e.mode == ElementMode::kFlow; })) {
    flow_border.assign(nc, 0);
    for (const ArcModel& a : arcs_)
      if (a.role == Role::kFlowSet && comp_of_group_[a.gf] != comp_of_group_[a.gt])
        flow_border[comp_of_group_[a.gf]] = flow_border[comp_of_group_[a.gt]] = 1;
  }
  // Per part without a reference, the gas that enters or leaves it: the nodes' injections
  // and the flows that flow-set elements carry across its border (both ends inside: a
  // circulation, counted in gross only). The largest node names the reason where no
  // flow-set element crosses the border (worst). One pass over the groups and one over the
  // arcs, where some part has no reference.
  struct Part {
    double net = 0.0, gross = 0.0, largest = 0.0;
    int worst = -1;
    bool closed = false;  // a closed element touches it
  };
  std::vector<Part> parts(nc);
  const bool unreferenced =
      std::find(comp_has_slack_.begin(), comp_has_slack_.end(), 0) != comp_has_slack_.end();
  for (int g = 0; g < ng && unreferenced; ++g) {
    Part& p = parts[comp_of_group_[g]];
    p.net += group_inj_[g];
    for (int v : members_[g]) {
      p.gross += std::abs(inj_[v]);
      if (inj_[v] != 0.0 && std::abs(inj_[v]) > p.largest) {
        p.largest = std::abs(inj_[v]);
        p.worst = v;
      }
    }
  }
  for (std::size_t i = 0; i < arcs_.size() && unreferenced; ++i) {
    const ArcModel& a = arcs_[i];
    // (One pass for every part: a scan of all arcs per part took 112 000 steps where
    // GasLib-4197's .cdf cuts 25 dead ends off.)
    if (a.role == Role::kClosed && a.gf >= 0 && a.gt >= 0)
      parts[comp_of_group_[a.gf]].closed = parts[comp_of_group_[a.gt]].closed = true;
    if (a.role != Role::kFlowSet || a.value == 0.0) continue;
    for (const int c : {comp_of_group_[a.gf], comp_of_group_[a.gt]})
      parts[c].gross += std::abs(a.value);
  }
  // Parts pinned (no reference, no flow), by why: cut off by closed elements (0) or with
  // nothing nominated (1). One note for each why, however many parts: GasLib-4197 with its
  // .cdf's closed valves printed 25 notes of one sentence.
  std::vector<int> pinned[2];
  bool part_refused = false;  // a part without a reference whose gas cannot balance
  auto say_pinned = [&] {
    for (int why = 0; why < 2; ++why) {
      const std::vector<int>& list = pinned[why];
      if (list.empty()) continue;
      if (list.size() == 1) {
        sum_->notes.push_back(fmt::format(
            "no pressure reference and no flow in the part with nodes {}: its pressures are "
            "undefined (NaN) and its flows 0 ({})",
            NodesOf(list[0]),
            why == 0 ? "it is cut off by closed elements"
                     : "nothing is nominated there, so no entry injects for the default rule "
                       "to take: give a pressure reference (--slack) to have its pressures"));
        continue;
      }
      std::string parts_text;
      const std::size_t shown = std::min<std::size_t>(list.size(), 5);
      for (std::size_t k = 0; k < shown; ++k)
        parts_text += (k == 0 ? "" : "; ") + NodesOf(list[k]);
      if (list.size() > shown)
        parts_text += fmt::format("; and {} more parts", list.size() - shown);
      std::vector<char> in(nc, 0);
      for (int c : list) in[c] = 1;
      std::size_t nodes = 0;
      for (std::size_t g = 0; g < group_rep_.size(); ++g)
        if (in[comp_of_group_[g]]) nodes += members_[g].size();
      sum_->notes.push_back(fmt::format(
          "no pressure reference and no flow in {} parts of the network ({} nodes), their "
          "pressures undefined (NaN) and their flows 0 ({}): the parts with nodes {}",
          list.size(), nodes,
          why == 0 ? "each is cut off by closed elements"
                   : "in each nothing is nominated, so no entry injects for the default rule "
                     "to take: give each a pressure reference (--slack) to have its pressures",
          parts_text));
    }
  };
  for (int c = 0; c < nc; ++c) {
    if (comp_has_slack_[c]) {
      comp_active_[c] = 1;
      continue;
    }
    const double net = parts[c].net, gross = parts[c].gross;
    const int worst = parts[c].worst;
    // Whether closed elements cut the part off (else the network itself is in parts).
    const bool closed = parts[c].closed;
    if (gross == 0.0) {
      // Why it has neither: closed elements cut it off, or nothing is nominated there (a
      // nomination of zero flows: the default rule finds no injecting entry).
      pinned[closed ? 0 : 1].emplace_back(c);  // (emplace_back: see IdealArcPath)
      continue;
    }
    if (!flow_border.empty() && flow_border[c]) continue;  // (FlowSetPartsBalance's)
    // The first such part refuses the solve; the rest are still scanned, so that the note
    // of the pinned parts lists them all whatever the verdict.
    if (part_refused) continue;
    part_refused = true;
    sum_->verdict = Verdict::kInfeasible;
    if (std::abs(net) > opt_.mass_tolerance_kg_per_s && worst >= 0) {
      // The closed elements on its border, named, and the flows in the nomination's unit
      // too (as the unbalanced parts' reason gives them: this one said "closed elements"
      // and kg/s only).
      const std::string cut = closed ? ClosedAround(c) : std::string();
      const double k = 1.0 / opt_.gas.norm_density_kg_per_m3 / units::kThousandM3PerHour;
      sum_->reason = fmt::format(
          "node {} {} {:.6g} 1000 Nm3/h ({:.6g} kg/s) but the part of the network it is in "
          "(nodes {}) has no pressure reference and its nominations do not balance (net "
          "{:+.6g} 1000 Nm3/h, {:+.6g} kg/s): {}, so nothing there can make up the difference",
          net_.nodes[worst].id, inj_[worst] < 0 ? "withdraws" : "injects",
          std::abs(inj_[worst]) * k, std::abs(inj_[worst]), NodesOf(c), net * k, net,
          closed ? (cut.empty() ? std::string("closed elements cut it off from every pressure "
                                              "reference")
                                : "closed elements cut it off from every pressure reference (" +
                                      cut + ")")
                 : std::string("no arc joins it to a part with a pressure reference"));
    } else {
      sum_->reason = fmt::format(
          "the part of the network with nodes {} has no pressure reference (its flows "
          "balance, but its pressures are undetermined): give it a slack",
          NodesOf(c));
    }
  }
  say_pinned();
  if (part_refused) return false;

  // A fixed-loss resistor between two pressure references: its law, a drop of L sign(q)
  // (the sign smoothed), takes a difference under L only, with a flow that grows without
  // bound as the difference nears L (Newton then ended with a singular Jacobian, or with
  // an arbitrary large flow where the difference was L itself).
  // So does a path of them (joined by ideal elements or through nodes of any other
  // connection): each holds less than its loss, the path less than their sum. Two in series
  // between references 20 bar apart, losses 0.5 and 2 bar, ended "failed: the line search
  // found no decrease". The tightest path of each pair of references is judged (Dijkstra
  // on the losses, over the groups the resistors join).
  // (Found first by a plain scan: the map's inserts in the pass over every arc cost
  // GasLib-4197, which has none, 25 000 instructions.)
  // (Ordered maps: which failing pair is named follows the groups' order, not a hash's.)
  std::map<int, std::vector<int>> fixed_at;  // group -> its fixed-loss resistors
  const auto first_fixed = std::find_if(arcs_.begin(), arcs_.end(), [](const ArcModel& a) {
    return a.role == Role::kResistorFixed;
  });
  for (auto it = first_fixed; it != arcs_.end(); ++it) {
    const ArcModel& a = *it;
    if (a.role != Role::kResistorFixed || !comp_active_[comp_of_group_[a.gf]]) continue;
    const int i = static_cast<int>(it - arcs_.begin());
    fixed_at[a.gf].push_back(i);
    fixed_at[a.gt].push_back(i);
  }
  for (const auto& [r, first_arcs] : fixed_at) {
    if (std::isnan(group_slack_[r])) continue;
    std::map<int, std::pair<double, int>> reach;  // group -> (losses, last arc)
    std::vector<std::pair<double, int>> heap = {{0.0, r}};
    reach[r] = {0.0, -1};
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), std::greater<>());
      const auto [d, g] = heap.back();
      heap.pop_back();
      if (d > reach.at(g).first) continue;
      for (const int i : fixed_at.at(g)) {
        const int h = arcs_[i].gf == g ? arcs_[i].gt : arcs_[i].gf;
        const double dh = d + arcs_[i].value;
        if (auto it = reach.find(h); it != reach.end() && it->second.first <= dh) continue;
        reach[h] = {dh, i};
        heap.push_back({dh, h});
        std::push_heap(heap.begin(), heap.end(), std::greater<>());
      }
    }
    for (const auto& [t, way] : reach) {
      const double pr = group_slack_[r], pt = group_slack_[t];
      if (t == r || std::isnan(pt) || !(std::abs(pr - pt) >= way.first)) continue;
      std::vector<int> path;  // from t back to r
      for (int g = t; g != r;) {
        const int i = reach.at(g).second;
        path.push_back(i);
        g = arcs_[i].gf == g ? arcs_[i].gt : arcs_[i].gf;
      }
      sum_->verdict = Verdict::kInfeasible;
      if (path.size() == 1) {
        const ArcModel& a = arcs_[path[0]];
        sum_->reason = fmt::format(
            "resistor '{}' joins the pressure references at {} ({:.6f} bar) and {} ({:.6f} "
            "bar): their difference of {:.6f} bar is not below its fixed pressure loss of "
            "{:.6f} bar, which no flow through it reaches (release one of the two pressures, "
            "or change the loss)",
            net_.arcs[path[0]].id, GroupName(a.gf), group_slack_[a.gf] / units::kBar,
            GroupName(a.gt), group_slack_[a.gt] / units::kBar,
            std::abs(group_slack_[a.gf] - group_slack_[a.gt]) / units::kBar,
            a.value / units::kBar);
      } else {
        // (From the higher reference down, the way the gas would go.)
        if (pr >= pt) std::reverse(path.begin(), path.end());
        const int hi = pr >= pt ? r : t, lo = pr >= pt ? t : r;
        std::string names;
        for (const int i : path)
          names += fmt::format("{}'{}' ({:.6g} bar)", names.empty() ? "" : ", ",
                               net_.arcs[i].id, arcs_[i].value / units::kBar);
        sum_->reason = fmt::format(
            "the resistors {} join the pressure references at {} ({:.6f} bar) and {} ({:.6f} "
            "bar) in series: their difference of {:.6f} bar is not below the sum of their "
            "fixed pressure losses, {:.6f} bar, which no flows through them reach (release "
            "one of the two pressures, or change the losses)",
            names, GroupName(hi), group_slack_[hi] / units::kBar, GroupName(lo),
            group_slack_[lo] / units::kBar, std::abs(pr - pt) / units::kBar,
            way.first / units::kBar);
      }
      return false;
    }
  }

  // The two checks below concern set-point arcs only (outlet and inlet set-points for the
  // levels, every flow-free role for the chords): networks without any skip their passes.
  bool setpoints = false;
  for (const ArcModel& a : arcs_) setpoints |= FlowFree(a.role);
  if (!setpoints) return flow_border.empty() || FlowSetPartsBalance();
  // Pressure levels: arcs whose equation ties the pressures of both ends join them; an
  // outlet set-point fixes only its outlet side, an inlet set-point only its inlet side.
  // A part tied this way needs its own level (a slack or such a set-point), else its
  // pressures float: say which element cut it off instead of a singular Jacobian.
  // The parts tied that way and whether each has a level (chords left out where asked:
  // a chord's equation is dropped).
  auto levels = [&](bool without_chords, UnionFind* tie, std::vector<char>* level) {
    for (const ArcModel& a : arcs_)
      if (Couples(a.role) && !(without_chords && a.chord) && a.role != Role::kOutlet &&
          a.role != Role::kInlet)
        tie->Unite(a.gf, a.gt);
    level->assign(ng, 0);
    for (int g = 0; g < ng; ++g)
      if (!std::isnan(group_slack_[g])) (*level)[tie->Find(g)] = 1;
    for (const ArcModel& a : arcs_) {
      if (without_chords && a.chord) continue;
      if (a.role == Role::kOutlet) (*level)[tie->Find(a.gt)] = 1;
      if (a.role == Role::kInlet) (*level)[tie->Find(a.gf)] = 1;
    }
  };
  // The flow set-points' balance is judged after the levels where no side without a level
  // touches one of them: a part's imbalance is the loop's to relieve (it holds the element
  // at a limit), such a side is not, and refused for the set-point first, the loop held it at
  // its limits round after round and ended on the flow's reason (the corridor's ru-phase1
  // with cs_astara at 100 1000 Nm3/h beside cs_ardabil at an inlet of 40 bar, whose outlet
  // side has no reference: "cs_astara is set to a flow of 100 1000 Nm3/h ...", where
  // cs_astara alone converges at its limits). Where one does, the flow's limit may give it
  // its level (cs_astara held at its inlet minimum levels cs_gazimagomed's outlet side, at
  // an inlet set-point): the balance first, as before.
  bool flow_first = false;
  {
    UnionFind tie(ng);
    std::vector<char> level;
    levels(false, &tie, &level);
    if (!flow_border.empty()) {
      std::vector<char> flow_end(ng, 0);  // per root of `tie`
      for (const ArcModel& a : arcs_)
        if (a.role == Role::kFlowSet) flow_end[tie.Find(a.gf)] = flow_end[tie.Find(a.gt)] = 1;
      for (const ArcModel& a : arcs_) {
        if (a.role != Role::kOutlet && a.role != Role::kInlet) continue;
        const int r = tie.Find(a.role == Role::kOutlet ? a.gf : a.gt);
        flow_first = flow_first || (!level[r] && flow_end[r]);
      }
    }
    if (flow_first && !FlowSetPartsBalance()) return false;
    bool refused = false;
    std::vector<std::string> also;  // the others, named after the first
    // The nodes of the part free_side is in, the element's end first, up to `most` named:
    // "node X" or "nodes X, Y and 7 more" (it named that node alone, as if it were the whole
    // part: GasLib-11's CS02 at an outlet pressure with a reference behind it read "(node
    // N04)" for N04, N02, N03, N01 and the entries behind them; so did the others listed
    // after the first, "(inlet side, node innode_4)").
    auto part_nodes = [&](int free_side, int most) {
      std::string nodes;
      int named = 0, total = 0;
      auto add = [&](int g) {
        for (const int v : members_[g])
          if (++total <= most) nodes += (named++ ? ", " : "") + net_.nodes[v].id;
      };
      add(free_side);
      const int root = tie.Find(free_side);
      for (int g = 0; g < ng; ++g)
        if (g != free_side && tie.Find(g) == root) add(g);
      if (total > named) nodes += fmt::format(" and {} more", total - named);
      return (total > 1 ? "nodes " : "node ") + nodes;
    };
    for (std::size_t i = 0; i < arcs_.size(); ++i) {
      const ArcModel& a = arcs_[i];
      if (a.role != Role::kOutlet && a.role != Role::kInlet) continue;
      if (!comp_active_[comp_of_group_[a.gf]]) continue;
      const int free_side = a.role == Role::kOutlet ? a.gf : a.gt;
      if (level[tie.Find(free_side)]) continue;
      // Every such arc is handed to the caller (the limit loop blames their switches);
      // the verdict names the first and then the others (a controls file with three
      // stations so set took three runs to find them).
      if (extras_.unleveled_arcs != nullptr)
        extras_.unleveled_arcs->push_back(static_cast<int>(i));
      const Arc& arc = net_.arcs[i];
      if (refused) {
        also.push_back(fmt::format("{} '{}' ({} side, {})", ArcKindName(arc.kind), arc.id,
                                   a.role == Role::kOutlet ? "inlet" : "outlet",
                                   part_nodes(free_side, 3)));
        continue;
      }
      refused = true;
      const std::string nodes = part_nodes(free_side, 5);
      sum_->verdict = Verdict::kInfeasible;
      sum_->reason = fmt::format(
          "{} '{}' in {} mode fixes the pressure on its {} side only; the part of the "
          "network on its {} side ({}) then has no pressure reference: give that part "
          "a slack, or set the element by {}",
          ArcKindName(arc.kind), arc.id,
          a.role == Role::kOutlet ? "outlet-pressure" : "inlet-pressure",
          a.role == Role::kOutlet ? "outlet" : "inlet", a.role == Role::kOutlet ? "inlet" : "outlet",
          nodes,
          // (A control valve has no ratio: its mode that ties both sides is delta_p.)
          arc.kind == ArcKind::kControlValve ? "its pressure drop (delta_p)" : "ratio");
    }
    if (!also.empty()) {
      constexpr std::size_t kNamed = 5;
      std::string list;
      for (std::size_t k = 0; k < also.size() && k < kNamed; ++k)
        list += (k == 0 ? "" : ", ") + also[k];
      if (also.size() > kNamed) list += fmt::format(" and {} more", also.size() - kNamed);
      sum_->reason += fmt::format("; the same holds for {}", list);
    }
    if (refused) return false;
  }
  if (!flow_first && !flow_border.empty() && !FlowSetPartsBalance()) return false;

  // Constraint arcs (ratio / outlet set-points) that close a cycle through the pressure
  // references: chords, q = 0 and their constraint checked after the solve.
  // Beside them (ff), the loops that the set-point elements left form with each other, with
  // the references (which take any flow) or around one merged node: their equations fix
  // pressures only, so the flow around such a loop changes no equation, and the Jacobian
  // is singular for every nomination and every start. A loop the chord rule closed drops a
  // constraint the loop already implies; any other is refused here, exactly, naming its
  // elements (it was "failed: the Jacobian is singular", after a load continuation that no
  // fraction could help).
  std::vector<int> kept;  // the flow-free arcs in ff's forest
  std::vector<int> own_loops;  // chords of loops of set-point elements alone (limits)
  std::vector<std::string> notes;
  // The order that picks the chords: arcs in their order, except that the outlet set-points
  // take their places by descending value and the inlet set-points by ascending value. Of
  // regulators in parallel into one node the highest outlet set-point (of back-pressure
  // regulators the lowest inlet one) then keeps its equation and the others become chords,
  // as a real node is held: the others see their set-points exceeded and shut, which the
  // active-element loop finds at zero flow (active_elements.cpp, "closed").
  // `levels_last`: the outlet and inlet set-points after every other flow-free arc (below).
  // Returns false where a loop is refused (SetPointLoop's verdict set, unless `trial`).
  auto pick = [&](bool levels_last, bool reversed, bool trial) {
    for (ArcModel& a : arcs_) a.chord = a.own_loop = false;
    kept.clear();
    own_loops.clear();
    notes.clear();
    UnionFind cf(ng + 1), ff(ng + 1);  // ng = ground (all references)
    for (int g = 0; g < ng; ++g)
      if (!std::isnan(group_slack_[g])) {
        cf.Unite(g, ng);
        ff.Unite(g, ng);
      }
    std::vector<int> visit(arcs_.size());
    std::iota(visit.begin(), visit.end(), 0);
    std::vector<int> at[2];  // the outlet and the inlet set-points, in arc order
    for (std::size_t i = 0; i < arcs_.size(); ++i)
      if (arcs_[i].role == Role::kOutlet || arcs_[i].role == Role::kInlet)
        at[arcs_[i].role == Role::kInlet].push_back(static_cast<int>(i));
    for (int r = 0; r < 2; ++r) {
      if (at[r].size() < 2) continue;
      std::vector<int> ids = at[r];
      std::stable_sort(ids.begin(), ids.end(), [&](int x, int y) {
        return r == 0 ? arcs_[x].value > arcs_[y].value : arcs_[x].value < arcs_[y].value;
      });
      for (std::size_t k = 0; k < ids.size(); ++k) visit[at[r][k]] = ids[k];
    }
    if (levels_last) {
      const auto levels_from =
          std::stable_partition(visit.begin(), visit.end(), [&](int i) {
            return arcs_[i].role != Role::kOutlet && arcs_[i].role != Role::kInlet;
          });
      if (reversed) std::reverse(levels_from, visit.end());
    }
    for (const int vi : visit) {
      const std::size_t i = static_cast<std::size_t>(vi);
      ArcModel& a = arcs_[i];
      if (!FlowFree(a.role) || !comp_active_[comp_of_group_[a.gf]]) continue;
      const bool joined = a.role == Role::kOutlet  ? !cf.Unite(a.gt, ng)
                          : a.role == Role::kInlet ? !cf.Unite(a.gf, ng)
                                                   : !cf.Unite(a.gf, a.gt);
      if (joined) {
        a.chord = true;
        notes.push_back(fmt::format(
            "{} '{}' closes a loop of set-point elements and pressure references: its flow "
            "is undetermined and set to 0, its set-point is checked after the solve",
            ArcKindName(net_.arcs[i].kind), net_.arcs[i].id));
      } else if (ff.Unite(a.gf, a.gt)) {
        kept.push_back(static_cast<int>(i));
      } else if (opt_.element_limits) {
        // Under the operating limits such a loop is a chord as well: the devices settle it
        // (a regulator whose node a station beside it holds above its set-point shuts, as
        // the active-element loop finds at zero flow); with plain set-points it is refused.
        // (Its fixed side was joined to the ground in cf above: a chord fixes nothing, so
        // whether every part keeps a pressure level is checked again below.)
        a.chord = a.own_loop = true;
        own_loops.push_back(static_cast<int>(i));
      } else {
        if (!trial) SetPointLoop(static_cast<int>(i), kept);
        return false;
      }
    }
    // Without its own-loop chords every part must still have a pressure level (a
    // reference, or an outlet or inlet set-point on its side): a chord whose set-point was
    // the only level of its outlet side (two stations in parallel, one at an inlet and one
    // at an outlet set-point) left that side floating, "failed: the Jacobian is singular".
    // Then the loop is refused by name, as with plain set-points.
    if (own_loops.empty()) return true;
    UnionFind tie(ng);
    std::vector<char> level;
    levels(true, &tie, &level);
    for (int g = 0; g < ng; ++g)
      if (comp_active_[comp_of_group_[g]] && !level[tie.Find(g)]) {
        for (int i : own_loops) arcs_[i].chord = arcs_[i].own_loop = false;
        if (!trial) SetPointLoop(own_loops.front(), kept);
        return false;
      }
    for (int i : own_loops)
      notes.push_back(fmt::format(
          "{} '{}' closes a loop of set-point elements: its flow is undetermined and set to "
          "0, its set-point is checked after the solve",
          ArcKindName(net_.arcs[i].kind), net_.arcs[i].id));
    return true;
  };
  // Where the chords in that order leave a part without a level (a station at an outlet
  // set-point beside one at a ratio the other way round, a recycle line, listed first),
  // the outlet and inlet set-points are taken last, so that a ratio keeps its equation and
  // the set-point that closes the loop becomes the chord, for the active-element loop to
  // settle (it shuts); the same pair in the other order of the XML did so. Then those
  // set-points in the reverse order (two outlet set-points the other way round each
  // other: the one listed second keeps its equation). Where that leaves no level either,
  // the first order's refusal stands.
  const bool limits = opt_.element_limits;
  if (!pick(/*levels_last=*/false, /*reversed=*/false, /*trial=*/limits) &&
      (!limits || !pick(/*levels_last=*/true, /*reversed=*/false, /*trial=*/true)) &&
      (!limits || !pick(/*levels_last=*/true, /*reversed=*/true, /*trial=*/true)) &&
      (!limits || !pick(/*levels_last=*/false, /*reversed=*/false, /*trial=*/false)))
    return false;
  for (std::string& n : notes) sum_->notes.push_back(std::move(n));
  return SetPointPockets(kept) && FixedLossBetweenSetPoints(kept);
}

// An outlet (inlet) set-point whose inlet (outlet) side is a pocket: the part of the network
// it reaches without crossing the set side holds no reference and no other set-point
// element, yet meets the set side through other elements too (a pipe beside a station that
// feeds its own inlet from its outlet). The pocket's gas then leaves through the element
// and through those others in any split, its pressures following the split: the
// equations are singular for every nomination. (Met by nothing but the element, the
// pocket has no pressure level: the level check above says so.) Before, Newton ended
// "failed: the Jacobian is singular (pressure at node X)" after a load continuation.
bool Solver::SetPointPockets(const std::vector<int>& kept) {
  bool any = false;
  for (int i : kept) any |= arcs_[i].role == Role::kOutlet || arcs_[i].role == Role::kInlet;
  if (!any) return true;
  const int ng = static_cast<int>(group_rep_.size());
  // The groups' coupling arcs (chords carry nothing and tie nothing) as adjacency lists.
  std::vector<int> start, adj;
  auto couples = [&](const ArcModel& a) {
    return Couples(a.role) && !a.chord && a.gf != a.gt && comp_active_[comp_of_group_[a.gf]];
  };
  GroupAdjacency(arcs_, ng, couples, &start, &adj);
  std::vector<int> seen(ng, -1), pocket;  // seen: the set-point arc whose search met it
  // Another pressure set-point met at its set end levels the pocket: its flow may take the
  // balance. Met at its free end it borders the pocket and takes none: its flow is what the
  // part it levels asks, by that part's balance or its references (GasLib-40's
  // compressorStation_3 at an inlet of 60 bar, whose outlet side meets its inlet through
  // pipe_33 and feeds _1 at an outlet of 60 into source_1's part, "failed: the line search
  // found no decrease" with plain equations). With the element limits on, such a set-up goes
  // to Newton as before: its failure is a round of the active-element loop, which moves the
  // elements that cannot hold (with limits, _1 goes to ratio 1 and the pair converges).
  // A ratio or a pressure drop levels nothing: it ties two pressures, its flow one more
  // unknown, and the search goes on across it (a ring closed by a station at a ratio beside
  // one at an inlet set-point "failed: the Jacobian is singular ... not by the network's
  // structure").
  auto passes = [&](int i, int) {
    return arcs_[i].role != Role::kOutlet && arcs_[i].role != Role::kInlet;
  };
  int border = -1;  // the last set-point arc a search met at its free end
  auto borders = [&](int i, int other) {
    if (opt_.element_limits || !BordersPocket(arcs_[i], other)) return false;
    border = i;
    return true;
  };
  auto referenced = [&](int g) { return !std::isnan(group_slack_[g]); };
  for (int e : kept) {
    const ArcModel& a = arcs_[e];
    if (a.role != Role::kOutlet && a.role != Role::kInlet) continue;
    const int set = a.role == Role::kOutlet ? a.gt : a.gf;
    const int free = a.role == Role::kOutlet ? a.gf : a.gt;
    if (free == set || !std::isnan(group_slack_[free])) continue;
    int meets = 0, via = -1;
    border = -1;
    if (!SearchPocket(arcs_, start, adj, e, free, set, passes, referenced, &seen, &pocket,
                      &meets, &via, borders) ||
        meets == 0)
      continue;
    std::string nodes;
    for (std::size_t k = 0; k < pocket.size() && k < 8; ++k)
      nodes += (k ? ", " : "") + GroupName(pocket[k]);
    if (pocket.size() > 8) nodes += fmt::format(" and {} more", pocket.size() - 8);
    const Arc& arc = net_.arcs[e];
    const Arc& by = net_.arcs[via];
    const bool outlet = a.role == Role::kOutlet;
    sum_->verdict = Verdict::kInfeasible;
    sum_->reason = fmt::format(
        "{} '{}' in {} mode {} the part of the network with nodes {}, which has no pressure "
        "reference and no other element at an outlet or inlet set-point{} and meets the {} "
        "side (node {}) through "
        "{} '{}'{} as well: the split of that part's gas between them is undetermined and "
        "the equations are singular for every nomination; give that part a supply of its "
        "own{}",
        ArcKindName(arc.kind), arc.id, outlet ? "outlet-pressure" : "inlet-pressure",
        outlet ? "takes its gas from" : "delivers its gas into", nodes,
        border < 0 ? std::string()
                   : fmt::format(" inside it ({} '{}' on its border holds the pressure of "
                                 "the other side and passes what that side asks)",
                                 ArcKindName(net_.arcs[border].kind), net_.arcs[border].id),
        outlet ? "outlet" : "inlet", outlet ? arc.to : arc.from, ArcKindName(by.kind), by.id,
        meets > 1 ? fmt::format(" ({} elements in all)", meets) : std::string(),
        arc.kind == ArcKind::kCompressorStation
            ? ", close that connection, or set the station by ratio"
            : " or close that connection");
    return false;
  }
  return true;
}

// A fixed-loss resistor whose two ends the references and the set-points fix (the check
// above for two references, extended): its law, a drop of L sign(q) with the sign smoothed,
// takes a difference under L only. Pressures follow from the references along the
// set-point arcs that are not chords (kept, a forest): an outlet or inlet set-point fixes
// its side, a ratio or a pressure drop carries a fixed side to the other (a forward-only
// ratio not: its direction is not known yet). Exact: such pressures hold in every state.
// Before, Newton ended "failed: the Jacobian is singular (flow on arc X)" after a load
// continuation that no fraction could help (random stress: about a third of those).
bool Solver::FixedLossBetweenSetPoints(const std::vector<int>& kept) {
  bool any = false;
  for (const ArcModel& a : arcs_)
    any |= a.role == Role::kResistorFixed && comp_active_[comp_of_group_[a.gf]] &&
           (std::isnan(group_slack_[a.gf]) || std::isnan(group_slack_[a.gt]));
  if (!any) return true;
  const int ng = static_cast<int>(group_rep_.size());
  std::vector<double> p(group_slack_.begin(), group_slack_.end());
  std::vector<int> by(ng, -1);  // the set-point arc that fixed the group (-1: a reference)
  for (int i : kept) {
    const ArcModel& a = arcs_[i];
    if (a.role == Role::kOutlet && std::isnan(p[a.gt])) {
      p[a.gt] = a.value;
      by[a.gt] = i;
    } else if (a.role == Role::kInlet && std::isnan(p[a.gf])) {
      p[a.gf] = a.value;
      by[a.gf] = i;
    }
  }
  // Ratios and drops carry fixed sides on until nothing changes (the forest has at most
  // ng - 1 arcs, so at most that many rounds; typically one or two).
  for (bool changed = true; changed;) {
    changed = false;
    for (int i : kept) {
      const ArcModel& a = arcs_[i];
      if (a.role != Role::kRatio && a.role != Role::kDeltaP) continue;
      const bool ratio = a.role == Role::kRatio;
      if (!std::isnan(p[a.gf]) && std::isnan(p[a.gt])) {
        p[a.gt] = ratio ? a.value * p[a.gf] : p[a.gf] - a.value;
        by[a.gt] = i;
        changed = true;
      } else if (std::isnan(p[a.gf]) && !std::isnan(p[a.gt])) {
        p[a.gf] = ratio ? p[a.gt] / a.value : p[a.gt] + a.value;
        by[a.gf] = i;
        changed = true;
      }
    }
  }
  auto fixed_by = [&](int g) {
    if (by[g] < 0) return std::string("a pressure reference");
    const Arc& arc = net_.arcs[by[g]];
    return fmt::format("{} '{}'", ArcKindName(arc.kind), arc.id);
  };
  // Where neither end is fixed, the pressure drops alone may still fix their difference:
  // the trees of the forest's pressure-drop arcs, each group's pressure as its root's plus
  // an offset (depth and parent arc to name the path).
  std::vector<int> root(ng), depth(ng, 0), up(ng, -1);
  std::vector<double> offset(ng, 0.0);
  std::iota(root.begin(), root.end(), 0);
  {
    std::vector<std::vector<int>> drops(ng);
    for (int i : kept)
      if (arcs_[i].role == Role::kDeltaP) {
        drops[arcs_[i].gf].push_back(i);
        drops[arcs_[i].gt].push_back(i);
      }
    std::vector<int> queue;
    std::vector<char> done(ng, 0);
    for (int r = 0; r < ng; ++r) {
      if (drops[r].empty() || done[r]) continue;
      queue.assign(1, r);
      done[r] = 1;
      for (std::size_t k = 0; k < queue.size(); ++k) {
        const int g = queue[k];
        for (int i : drops[g]) {
          const ArcModel& a = arcs_[i];
          const int h = a.gf == g ? a.gt : a.gf;
          if (done[h]) continue;  // the parent (the arcs form a forest)
          done[h] = 1;
          root[h] = r;
          depth[h] = depth[g] + 1;
          up[h] = i;
          offset[h] = offset[g] + (a.gf == g ? -a.value : a.value);  // p_from - p_to = value
          queue.push_back(h);
        }
      }
    }
  }
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    const ArcModel& a = arcs_[i];
    if (a.role != Role::kResistorFixed || !comp_active_[comp_of_group_[a.gf]]) continue;
    if (!std::isnan(group_slack_[a.gf]) && !std::isnan(group_slack_[a.gt])) continue;
    const double pf = p[a.gf], pt = p[a.gt];
    if ((std::isnan(pf) || std::isnan(pt)) && root[a.gf] == root[a.gt] && a.gf != a.gt &&
        std::abs(offset[a.gf] - offset[a.gt]) >= a.value) {
      // The drops on the path between the two ends, up to their common group.
      std::string path;
      int shown = 0;
      for (int f = a.gf, t = a.gt; f != t;) {
        int& g = depth[f] >= depth[t] ? f : t;
        const Arc& arc = net_.arcs[up[g]];
        if (shown++ < 4)
          path += fmt::format("{}{} '{}' ({:.6f} bar)", shown > 1 ? ", " : "",
                              ArcKindName(arc.kind), arc.id, arcs_[up[g]].value / units::kBar);
        g = arcs_[up[g]].gf == g ? arcs_[up[g]].gt : arcs_[up[g]].gf;
      }
      if (shown > 4) path += fmt::format(" and {} more", shown - 4);
      sum_->verdict = Verdict::kInfeasible;
      sum_->reason = fmt::format(
          "resistor '{}' joins {} and {}, whose pressures the pressure-drop set-point{} {} "
          "hold{} {:.6f} bar apart: not below its fixed pressure loss of {:.6f} bar, which no "
          "flow through it reaches (change a set-point, or change the loss)",
          net_.arcs[i].id, GroupName(a.gf), GroupName(a.gt), shown > 1 ? "s" : "", path,
          shown > 1 ? "" : "s", std::abs(offset[a.gf] - offset[a.gt]) / units::kBar,
          a.value / units::kBar);
      return false;
    }
    if (std::isnan(pf) || std::isnan(pt) || std::abs(pf - pt) < a.value) continue;
    sum_->verdict = Verdict::kInfeasible;
    sum_->reason = fmt::format(
        "resistor '{}' joins {} ({:.6f} bar, fixed by {}) and {} ({:.6f} bar, fixed by {}): "
        "their difference of {:.6f} bar is not below its fixed pressure loss of {:.6f} bar, "
        "which no flow through it reaches (change a set-point, release a pressure, or change "
        "the loss)",
        net_.arcs[i].id, GroupName(a.gf), pf / units::kBar, fixed_by(a.gf), GroupName(a.gt),
        pt / units::kBar, fixed_by(a.gt), std::abs(pf - pt) / units::kBar,
        a.value / units::kBar);
    return false;
  }
  return true;
}

// The infeasible verdict for a loop of set-point elements that the arc `closing` closes
// (Components): the path between its ends through the other set-point elements (kept, a
// forest, with every reference joined to a ground) named element by element.
void Solver::SetPointLoop(int closing, const std::vector<int>& kept) {
  const int ng = static_cast<int>(group_rep_.size());
  // The forest's adjacency (arc -1: a reference's tie to the ground ng), then a search
  // from the closing arc's inlet group to its outlet group.
  std::vector<std::vector<std::pair<int, int>>> adj(ng + 1);
  for (int i : kept) {
    adj[arcs_[i].gf].push_back({arcs_[i].gt, i});
    adj[arcs_[i].gt].push_back({arcs_[i].gf, i});
  }
  for (int g = 0; g < ng; ++g)
    if (!std::isnan(group_slack_[g])) {
      adj[g].push_back({ng, -1});
      adj[ng].push_back({g, -1});
    }
  const int from = arcs_[closing].gf, to = arcs_[closing].gt;
  std::vector<std::pair<int, int>> came(ng + 1, {-2, -1});  // previous group, arc
  std::vector<int> queue{from};
  came[from] = {from, -1};
  for (std::size_t k = 0; k < queue.size() && came[to].first == -2; ++k)
    for (const auto& [g, i] : adj[queue[k]])
      if (came[g].first == -2) {
        came[g] = {queue[k], i};
        queue.push_back(g);
      }
  auto describe = [&](int i) {
    const ArcModel& a = arcs_[i];
    const Arc& arc = net_.arcs[i];
    const bool ratio = a.role == Role::kRatio || a.role == Role::kRatioForward;
    const char* what = ratio                       ? "ratio"
                       : a.role == Role::kOutlet ? "outlet pressure"
                       : a.role == Role::kInlet  ? "inlet pressure"
                                                 : "pressure drop";
    const std::string set = ratio ? fmt::format("{} {:.6g}", what, a.value)
                                  : fmt::format("{} {:.6f} bar", what, a.value / units::kBar);
    return fmt::format("{} '{}' ({})", ArcKindName(arc.kind), arc.id, set);
  };
  std::string loop = describe(closing);
  bool through_references = false;
  int shown = 1, more = 0;
  for (int g = to; g != from && came[g].first != -2; g = came[g].first) {
    const int i = came[g].second;
    if (i < 0) {
      through_references = true;
    } else if (shown < 8) {
      loop += ", " + describe(i);
      ++shown;
    } else {
      ++more;
    }
  }
  if (more > 0) loop += fmt::format(" and {} more", more);
  sum_->verdict = Verdict::kInfeasible;
  if (from == to) {
    // The ideal elements that join its two ends (a bypass valve left open beside a control
    // valve set to an outlet pressure, GasLib-582).
    const std::vector<int> path = IdealArcPath(af_[closing], at_[closing]);
    std::string joined;
    for (std::size_t k = 0; k < path.size() && k < 4; ++k)
      joined += fmt::format("{}{} '{}'", k ? ", " : "", ArcKindName(net_.arcs[path[k]].kind),
                            net_.arcs[path[k]].id);
    if (path.size() > 4) joined += fmt::format(" and {} more", path.size() - 4);
    sum_->reason = fmt::format(
        "the set-point element {} forms a loop on its own (its two ends are one node, joined "
        "by ideal elements{}): its flow leaves and enters that node, so nothing determines it "
        "and the equations are singular for every nomination (its set-point over-determines "
        "the pressures): close or bypass it, or set it to a fixed flow{}",
        loop, joined.empty() ? "" : ": " + joined,
        joined.empty() ? "" : ", or close what joins its ends");
  } else {
    sum_->reason = fmt::format(
        "the set-point elements {} form a loop{}: their equations fix pressures only, so the "
        "flow around the loop is undetermined and the equations are singular for every "
        "nomination (the settings over-determine the pressures): close or bypass one of "
        "them, or set one to a fixed flow",
        loop, through_references ? " through the pressure references" : "");
  }
}

void Solver::PruneTrees() {
  const int ng = static_cast<int>(group_rep_.size());
  on_tree_.assign(ng, 0);
  tree_groups_.clear();
  tree_arcs_.clear();
  tree_flow_.clear();
  // The linear start's flow scale: the mean nonzero group injection before the trees'
  // injections move to the groups they hang from.
  double sum = 0.0;
  int cnt = 0;
  for (double v : group_inj_)
    if (v != 0.0) {
      sum += std::abs(v);
      ++cnt;
    }
  qref_ = cnt ? std::max(sum / cnt, 1e-3) : 1.0;
  if (extras_.keep_trees) return;
  // Degrees over the arcs that may lie on a tree; a group that another coupling arc (a
  // set-point, a limit, one with both ends in the group) needs stays in Newton's system.
  std::vector<int> deg(ng, 0), start(ng + 1, 0);
  std::vector<char> held(ng, 0);
  // 1: the arc may lie on a tree; 0: it holds its ends in Newton's system; -1: no matter.
  auto kind = [&](const ArcModel& a) {
    if (!Couples(a.role) || !comp_active_[comp_of_group_[a.gf]]) return -1;
    const bool law = a.role == Role::kPipe || a.role == Role::kResistorDrag ||
                     a.role == Role::kResistorFixed || a.role == Role::kShortLoss;
    return law && a.gf != a.gt && !a.chord ? 1 : 0;
  };
  for (const ArcModel& a : arcs_) {
    if (const int k = kind(a); k == 0) {
      held[a.gf] = held[a.gt] = 1;
    } else if (k == 1) {
      ++deg[a.gf];
      ++deg[a.gt];
    }
  }
  for (int g = 0; g < ng; ++g) start[g + 1] = start[g] + deg[g];
  std::vector<int> adj(start[ng]), next(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    if (const ArcModel& a = arcs_[i]; kind(a) == 1) {
      adj[next[a.gf]++] = static_cast<int>(i);
      adj[next[a.gt]++] = static_cast<int>(i);
    }
  }
  auto leaf = [&](int g) {
    return deg[g] == 1 && !held[g] && std::isnan(group_slack_[g]) &&
           comp_active_[comp_of_group_[g]];
  };
  for (int g = 0; g < ng; ++g)
    if (leaf(g)) tree_groups_.emplace_back(g);
  // Leaves first: a group joins once all but one of its arcs lead to groups already taken.
  std::vector<double> sub(group_inj_);
  for (std::size_t h = 0; h < tree_groups_.size(); ++h) {
    const int g = tree_groups_[h];
    on_tree_[g] = 1;
    int arc = -1;
    for (int t = start[g]; t < start[g + 1] && arc < 0; ++t)
      if (!arcs_[adj[t]].tree) arc = adj[t];
    ArcModel& a = arcs_[arc];
    a.tree = true;
    const int o = a.gf == g ? a.gt : a.gf;
    tree_arcs_.emplace_back(arc);
    tree_flow_.push_back(a.gf == g ? sub[g] : -sub[g]);  // the subtree's surplus leaves g
    sub[o] += sub[g];
    if (--deg[o] == 1 && leaf(o)) tree_groups_.emplace_back(o);
  }
  sum_->tree_groups = static_cast<int>(tree_groups_.size());
  // The groups the trees hang from take their injections.
  for (int g = 0; g < ng; ++g)
    if (!on_tree_[g]) group_inj_[g] = sub[g];
  tree_prepared_.assign(tree_arcs_.size(), 0);
  tree_pipe_.assign(tree_arcs_.size(), physics::PreparedPipe{});
  for (std::size_t h = 0; h < tree_arcs_.size(); ++h)
    if (const ArcModel& a = arcs_[tree_arcs_[h]]; a.role == Role::kPipe)
      tree_prepared_[h] =
          physics::PreparePipe(a.law->pipe, *a.law->eos, a.law->friction, &tree_pipe_[h]);
}

void Solver::WarmTrees() {
  double sum = 0.0;
  for (std::size_t h = 0; h < tree_arcs_.size(); ++h) {
    const ArcModel& a = arcs_[tree_arcs_[h]];
    const int o = a.gt == tree_groups_[h] ? a.gf : a.gt;
    const physics::PreparedPipe& pp = tree_pipe_[h];
    sum += tree_flow_[h] + pp.c_lin + pp.height + tree_prepared_[h] + on_tree_[o] + pvar_[o] +
           group_slack_[o];
  }
  warm_sink_ = sum;
}

bool Solver::SolveTrees() {
  const int ng = static_cast<int>(group_rep_.size());
  tree_p_.assign(ng, kNaN);
  bool ok = true;
  for (std::size_t h = tree_groups_.size(); h-- > 0;) {
    const int g = tree_groups_[h];
    const ArcModel& a = arcs_[tree_arcs_[h]];
    const double q = tree_flow_[h];
    const bool child_is_to = a.gt == g;
    const int o = child_is_to ? a.gf : a.gt;
    const double pk = on_tree_[o] ? tree_p_[o] : pvar_[o] >= 0 ? x_[pvar_[o]] : group_slack_[o];
    if (!std::isfinite(pk)) continue;
    auto law = [&](double pu) {
      const double pf = child_is_to ? pk : pu, pt = child_is_to ? pu : pk;
      return tree_prepared_[h] ? physics::PreparedPipeResidual(tree_pipe_[h], pf, pt, q)
                               : ArcResidual(a, pf, pt, q);
    };
    const double start =
        tree_prepared_[h] ? physics::PreparedPipeFarEnd(tree_pipe_[h], pk, q, child_is_to) : kNaN;
    const double pu = steady_internal::FarEndPressure(law, child_is_to, pk,
                                                      opt_.pressure_tolerance_Pa, start);
    const bool converged = !std::isnan(pu);
    if (!converged) {
      // An arc that cannot pass its flow towards this node even into a pressure of 1 Pa
      // (as LowPressureNode judges Newton's arcs): infeasible. Anything else (a law not
      // finite, no root found) is a failure, named with the arc.
      if (ok && sum_->verdict == Verdict::kConverged) {
        const double rt = law(steady_internal::kFarEndFloorPa).r;
        const bool into = child_is_to ? q > 0.0 : q < 0.0;
        if (into && (child_is_to ? rt < 0.0 : -rt < 0.0)) {
          // (A first-use review found no pipe named: the bottleneck was left to a sort of
          // arcs.csv, of a state that was not solved.)
          // The arc's own near end (its group's first node was named: GasLib-11 at twice
          // its nomination blamed pipe07_N05_exit02 "from node N04", joined to N05 through
          // the bypassed CS02).
          const Arc& arc = net_.arcs[tree_arcs_[h]];
          InfeasibleLow(g, fmt::format("{} '{}' would have to carry {:.6g} kg/s into it (the "
                                       "net withdrawal beyond it), more than it can from "
                                       "node {} at {:.6f} bar",
                                       ArcKindName(arc.kind), arc.id, std::abs(q),
                                       child_is_to ? arc.from : arc.to, pk / units::kBar),
                        static_cast<int>(child_is_to ? arc.to_index : arc.from_index));
        } else {
          // Why: where the gas comes from the far end, its pressure in steps of 10 % from
          // the near end's, until the law changes sign, is no longer finite, or the equation
          // of state has no gas (z <= 0: the law's root there, if any, is no state of gas).
          // About 150 law values at most, on this failure only.
          std::string why;
          const double r0 = law(pk).r;
          const bool from_far = child_is_to ? q < 0.0 : q > 0.0;
          bool kept_sign = from_far && std::isfinite(r0);  // up to 1e6 pk (below)
          if (const double z = physics::Compressibility(*a.law->eos, pk).z; !(z > 0.0))
            why = fmt::format(": at the other end the equation of state {} has no gas already "
                              "(z = {:.3g})",
                              EquationOfStateName(opt_.eos), z);
          for (double pu_try = 1.1 * pk;
               from_far && why.empty() && std::isfinite(r0) && pu_try <= 1e6 * pk;
               pu_try *= 1.1) {
            const double z = physics::Compressibility(*a.law->eos, pu_try).z;
            const double r = z > 0.0 ? law(pu_try).r : kNaN;
            if (std::isfinite(r) && r * r0 > 0.0) continue;
            kept_sign = false;
            if (!std::isfinite(r))
              why = fmt::format(
                  ": no pressure up to {:.3f} bar passes that flow, and at {:.3f} bar {}",
                  pu_try / 1.1 / units::kBar, pu_try / units::kBar,
                  z > 0.0 ? std::string("the law is not finite")
                          : fmt::format("the equation of state {} has no gas (z = {:.3g})",
                                        EquationOfStateName(opt_.eos), z));
            break;
          }
          if (from_far) overfull_group_ = g;
          const Arc& arc = net_.arcs[tree_arcs_[h]];
          if (kept_sign && why.empty()) {
            // The law kept its sign, finite, up to a million times the other end's pressure:
            // no pressure there pushes that flow away (under an equation of state whose z
            // grows with pressure, a pipe's flow has a maximum; the ideal gas has none). The
            // nomination's entries beyond it push more than the pipes carry: infeasible, as
            // a collapse is (an entry behind a 106 mm pipe read "failed: could not be found").
            sum_->verdict = Verdict::kInfeasible;
            beyond_group_ = g;
            sum_->reason = fmt::format(
                "the pressure at node {} would have to rise past any at which {} '{}' carries "
                "the {:.6g} kg/s that enter beyond it (the net injection there) on to node {} "
                "at {:.6f} bar: the nominated inflow exceeds what the pipes can carry away to "
                "the pressure references (none up to {:.6g} bar does, under the equation of "
                "state {})",
                GroupName(g), ArcKindName(arc.kind), arc.id, std::abs(q),
                child_is_to ? arc.from : arc.to, pk / units::kBar, 1e6 * pk / units::kBar,
                EquationOfStateName(opt_.eos));
            ok = false;
            continue;
          }
          sum_->verdict = Verdict::kFailed;
          sum_->reason = fmt::format(
              "the pressure at node {} (on a pendant tree) could not be found from the law of "
              "arc {} with its flow of {:.6g} kg/s and {:.6f} bar at its other end{}",
              GroupName(g), arc.id, q, pk / units::kBar, why);
        }
      }
      ok = false;
      continue;  // its subtree stays NaN
    }
    tree_p_[g] = pu;
  }
  return ok;
}

void Solver::Number() {
  const int ng = static_cast<int>(group_rep_.size());
  pvar_.assign(ng, -1);
  PruneTrees();
  n_ = 0;
  row_group_.reserve(ng + arcs_.size());
  row_arc_.reserve(ng + arcs_.size());
  for (int g = 0; g < ng; ++g) {
    if (!comp_active_[comp_of_group_[g]] || !std::isnan(group_slack_[g]) || on_tree_[g])
      continue;
    pvar_[g] = n_++;
    // (emplace_back here and in PruneTrees: as this file grew, GCC stopped inlining
    // vector<int>::push_back(const int&) into Number, +18 000 instructions on GasLib-4197.)
    row_group_.emplace_back(g);
    row_arc_.push_back(-1);
  }
  n_p_ = n_;
  std::vector<int>& start = group_arcs_.start;
  start.assign(ng + 1, 0);
  // (A pipe's law folds exactly where PipeLawFolds holds: PreparePipe in PatternUnknowns.)
  const bool pipes_fold = LawFolds(opt_.friction), drags_fold = LawFolds(FrictionLaw::kFixed);
  // What EarlyPattern reads, only where the analysis may run beside the setup.
  const bool early = EarlyAnalysis();
  early_arcs_.clear();
  if (early) early_arcs_.reserve(arcs_.size());
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    ArcModel& a = arcs_[i];
    if (!Couples(a.role) || a.tree) continue;
    if (!comp_active_[comp_of_group_[a.gf]]) continue;
    a.var = n_++;
    row_group_.push_back(-1);
    row_arc_.push_back(static_cast<int>(i));
    if (early) {
      const bool folds =
          a.role == Role::kPipe && !a.chord && (a.drag ? drags_fold : pipes_fold);
      early_arcs_.push_back({pvar_[a.gf], pvar_[a.gt], a.role, FlowEliminated(a, folds)});
    }
    ++start[a.gf + 1];
    if (a.gt != a.gf) ++start[a.gt + 1];
  }
  for (int g = 0; g < ng; ++g) start[g + 1] += start[g];
  group_arcs_.arcs.resize(start[ng]);
  std::vector<int> next(start.begin(), start.end() - 1);
  for (int var = n_p_; var < n_; ++var) {
    const int i = row_arc_[var];
    const ArcModel& a = arcs_[i];
    group_arcs_.arcs[next[a.gf]++] = i;
    if (a.gt != a.gf) group_arcs_.arcs[next[a.gt]++] = i;
  }
  sum_->unknowns = n_;
}

// Flows that the nodal system eliminates: chords (dr/dq = 1e3) and pipes with a length
// whose law is folded (PreparePipe: pandapipes' law, and the standard law with a constant
// friction factor), dq = -(r + dr/dpf dp_f + dr/dpt dp_t) / (dr/dq). Kept as unknowns:
// set-point arcs (no q in their law), resistors, lossy short and zero-length pipes, and
// pipes under a Reynolds-dependent friction law (Colebrook, Hofer) with the standard law.
// A pure q|q| law at rest makes dr/dq ~1e-8 of its working value, so an idle pipe joins its
// two pressures with a conductance of ~1e10 of the others: the balances then hold only to
// ~1e-3 kg/s between early iterations and converge with the rest (test
// ZeroFlowPipesAndDeadEnds: 1e-12 kg/s at the end). Measured on GasLib-4197 from the XML
// (standard law, Papay, Nikuradse; docs/benchmarks.md): 10 iterations instead of 11.
bool Solver::FlowEliminated(const ArcModel& a, bool prepared) const {
  return a.chord || (prepared && a.role == Role::kPipe && a.has_length);
}

// Whether PreparePipe folds a pipe's law under this friction law: PipeLawFolds depends on
// the pipe model, the equation of state and the friction law alone (a pipe's is the
// options', a pandapipes resistor's the fixed one).
bool Solver::LawFolds(FrictionLaw law) const {
  physics::PipeParams pp;
  pp.model = opt_.pipe_model;
  physics::FrictionParams f;
  f.law = law;
  return physics::PipeLawFolds(pp, eos_, f);
}

void Solver::PatternUnknowns() {
  const int na = n_ - n_p_;
  act_vf_.assign(na, -1);
  act_vt_.assign(na, -1);
  red_var_.assign(na, -1);
  red_arc_.clear();
  n_red_ = n_p_;
  act_pf_.assign(na, kNaN);
  act_pt_.assign(na, kNaN);
  act_prepared_.assign(na, 0);
  act_pipe_.assign(na, physics::PreparedPipe{});
  // Each active arc's ends and folded law (two halves side by side on large systems: each
  // writes only its own entries), then the kept flows numbered in order.
  steady_internal::RunHalves(Halves(na), na,
                             [&](int, std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      const ArcModel& a = arcs_[row_arc_[n_p_ + k]];
      act_vf_[k] = pvar_[a.gf];
      act_vt_[k] = pvar_[a.gt];
      act_pf_[k] = group_slack_[a.gf];
      act_pt_[k] = group_slack_[a.gt];
      if (a.role == Role::kPipe && !a.chord)
        act_prepared_[k] =
            physics::PreparePipe(a.law->pipe, *a.law->eos, a.law->friction, &act_pipe_[k]);
    }
  });
  flows_pairable_ = true;
  flow_ends_.clear();
  for (int k = 0; k < na; ++k) {
    const int i = row_arc_[n_p_ + k];
    if (FlowEliminated(arcs_[i], act_prepared_[k])) continue;
    red_var_[k] = n_red_++;
    red_arc_.push_back(i);
    // A closed element's row (1e3 q) and a caller's limit need not depend on a pressure.
    const Role r = arcs_[i].role;
    flows_pairable_ &= r != Role::kClosed && r != Role::kLimit;
    FlowEnds(r, act_vf_[k], act_vt_[k], &flow_ends_);
  }
}

void Solver::FlowEnds(Role r, int vf, int vt, std::vector<int>* ends) {
  if (r == Role::kOutlet) vf = -1;  // p_to = value
  if (r == Role::kInlet) vt = -1;   // p_from = value
  if (vf == vt) vf = vt = -2;       // one group (or references only): no pressure
  ends->push_back(vf);
  ends->push_back(vt);
}

// What NodalLu's static pivots read besides the pattern; the kept flows' (PatternUnknowns)
// where `flows_known`, else none (a system of pressures only).
void Solver::StaticPivotInputs(NodalLu& lu, bool flows_known) const {
  lu.first_flow = n_p_;
  lu.static_pivots = BoundedConductances();
  lu.flows_pairable = flows_known && flows_pairable_;
  if (flows_known) lu.flow_ends = flow_ends_;
}

// Every eliminated flow's law has a laminar term, which bounds its conductance at zero
// flow (pandapipes' pipe law with its Nikuradse: 64/Re; NodalLu::static_pivots).
bool Solver::BoundedConductances() const {
  return opt_.pipe_model == PipeModel::kPandapipes &&
         opt_.friction == FrictionLaw::kPandapipesNikuradse &&
         opt_.gas.dynamic_viscosity_Pa_s > 0.0;
}

int Solver::EarlyPattern(std::vector<int>* ap, std::vector<int>* ai,
                         std::vector<int>* flow_ends, bool* pairable) const {
  const int na = n_ - n_p_;
  // The kept flows, numbered and described as PatternUnknowns does, from Number()'s
  // early_arcs_ alone.
  std::vector<int> kept(na, -1);
  int n = n_p_;
  flow_ends->clear();
  *pairable = true;
  for (int k = 0; k < na; ++k) {
    const EarlyArc& a = early_arcs_[k];
    if (a.eliminated) continue;
    kept[k] = n++;
    *pairable &= a.role != Role::kClosed && a.role != Role::kLimit;
    FlowEnds(a.role, a.vf, a.vt, flow_ends);
  }
  // The entries PatternEntries makes, as a symmetric graph: an eliminated flow's arc
  // between two groups puts a diagonal at each end that is an unknown and, where both
  // are, the two entries between them; a kept flow its diagonal and the entries between
  // it and each end that is an unknown. The neighbours are listed by column (unsorted,
  // repeated by parallel arcs), then a pass over the columns in order lists each column c
  // in its neighbours' rows, which therefore come out ascending, a repeat being the row's
  // last entry; the pattern is symmetric, so a row's columns are its column's rows. No
  // sort: two linear passes over the 160 000 neighbours of the 200 x 200 lattice.
  auto each_link = [&](auto&& link, auto&& diag) {
    for (int k = 0; k < na; ++k) {
      const int vf = early_arcs_[k].vf, vt = early_arcs_[k].vt;
      if (const int v = kept[k]; v >= 0) {
        diag(v);
        if (vf >= 0) link(v, vf);
        if (vt >= 0) link(v, vt);
        continue;
      }
      if (vf == vt) continue;
      if (vf >= 0) diag(vf);
      if (vt >= 0) diag(vt);
      if (vf >= 0 && vt >= 0) link(vf, vt);
    }
  };
  std::vector<int> start(n + 1, 0);
  std::vector<char> diagonal(n, 0);
  each_link([&](int x, int y) { ++start[x + 1], ++start[y + 1]; },
            [&](int x) { diagonal[x] = 1; });
  for (int c = 0; c < n; ++c) start[c + 1] += start[c];
  std::vector<int> neighbours(start[n]);
  std::vector<int> next(start.begin(), start.end() - 1);
  each_link(
      [&](int x, int y) {
        neighbours[next[x]++] = y;
        neighbours[next[y]++] = x;
      },
      [](int) {});
  std::vector<int> sorted(start[n]);
  std::vector<int>& end = next;  // each row's sorted entries: sorted[start[r], end[r])
  std::copy(start.begin(), start.end() - 1, end.begin());
  for (int c = 0; c < n; ++c)
    for (int e = start[c]; e < start[c + 1]; ++e) {
      const int r = neighbours[e];
      if (end[r] == start[r] || sorted[end[r] - 1] != c) sorted[end[r]++] = c;
    }
  ap->assign(n + 1, 0);
  ai->clear();
  ai->reserve(static_cast<std::size_t>(start[n]) + n);
  for (int c = 0; c < n; ++c) {
    int e = start[c];
    for (; e < end[c] && sorted[e] < c; ++e) ai->push_back(sorted[e]);
    if (diagonal[c]) ai->push_back(c);
    for (; e < end[c]; ++e) ai->push_back(sorted[e]);
    (*ap)[c + 1] = static_cast<int>(ai->size());
  }
  return n;
}

void Solver::PatternEntries() {
  // Nodal system: unknowns, then the entries of each active arc with an id (4 k + j for its
  // own entries, 4 na + 2 k + j for a kept flow's balance entries) that maps to a value slot.
  const int na = n_ - n_p_;
  struct Entry {
    int col, row, id;
  };
  steady_internal::LargeVector<Entry> e;
  e.reserve(5 * static_cast<std::size_t>(na));  // 4 per eliminated flow, 5 per kept one
  auto add = [&](int row, int col, int id) {
    if (row >= 0 && col >= 0) e.push_back({col, row, id});
  };
  for (int k = 0; k < na; ++k) {
    const int vf = act_vf_[k], vt = act_vt_[k], v = red_var_[k];
    if (v < 0) {
      if (vf == vt) continue;  // both ends in one group: no balance term
      add(vf, vf, 4 * k);
      add(vf, vt, 4 * k + 1);
      add(vt, vf, 4 * k + 2);
      add(vt, vt, 4 * k + 3);
    } else {
      add(v, v, 4 * k);
      add(v, vf, 4 * k + 1);
      add(v, vt, 4 * k + 2);
      add(vf, v, 4 * na + 2 * k);
      add(vt, v, 4 * na + 2 * k + 1);
    }
  }
  // Sort by (col, row): a counting sort on the column, then the few entries of each column
  // by row (a general sort of all entries was 5 % of a GasLib-4197 solve).
  {
    std::vector<int> start(n_red_ + 1, 0);
    for (const Entry& x : e) ++start[x.col + 1];
    for (int c = 0; c < n_red_; ++c) start[c + 1] += start[c];
    steady_internal::LargeVector<Entry> sorted(e.size());
    std::vector<int> next(start.begin(), start.end() - 1);
    for (const Entry& x : e) sorted[next[x.col]++] = x;
    for (int c = 0; c < n_red_; ++c)
      std::sort(sorted.begin() + start[c], sorted.begin() + start[c + 1],
                [](const Entry& x, const Entry& y) { return x.row < y.row; });
    e.swap(sorted);
  }
  std::vector<int> slot(4 * static_cast<std::size_t>(na) + 2 * static_cast<std::size_t>(na), -1);
  rp_.assign(n_red_ + 1, 0);
  ri_.clear();
  for (std::size_t k = 0; k < e.size(); ++k) {
    if (k == 0 || e[k].col != e[k - 1].col || e[k].row != e[k - 1].row) {
      ri_.push_back(e[k].row);
      rp_[e[k].col + 1] = static_cast<int>(ri_.size());
    }
    slot[e[k].id] = static_cast<int>(ri_.size()) - 1;
  }
  for (int c = 0; c < n_red_; ++c) rp_[c + 1] = std::max(rp_[c + 1], rp_[c]);
  red_slot_.assign(na, {-1, -1, -1, -1});
  rx_const_.assign(ri_.size(), 0.0);
  for (int k = 0; k < na; ++k) {
    for (int j = 0; j < 4; ++j) red_slot_[k][j] = slot[4 * k + j];
    if (red_var_[k] < 0) continue;
    if (const int sf = slot[4 * na + 2 * k]; sf >= 0) rx_const_[sf] -= 1.0;  // out of from
    if (const int st = slot[4 * na + 2 * k + 1]; st >= 0) rx_const_[st] += 1.0;  // into to
  }
}

// What the element laws' evaluation reads besides the pattern (Evaluate): each balance
// row's terms, and the four-at-a-time kernel's constants.
void Solver::BuildRows() {
  // Balance rows: their terms (flow unknown and sign), so that Evaluate need not walk the
  // arc models for them.
  const std::size_t ng = group_rep_.size();
  const int na = n_ - n_p_;
  bal_offset_.assign(ng + 1, 0);
  bal_var_.clear();
  bal_coef_.clear();
  bal_var_.reserve(group_arcs_.arcs.size());
  bal_coef_.reserve(group_arcs_.arcs.size());
  for (std::size_t g = 0; g < ng; ++g) {
    bal_offset_[g] = static_cast<int>(bal_var_.size());
    if (pvar_[g] < 0) continue;
    for (int ai : group_arcs_[g]) {
      const ArcModel& a = arcs_[ai];
      double coef = 0.0;
      if (a.gt == static_cast<int>(g)) coef += 1.0;
      if (a.gf == static_cast<int>(g)) coef -= 1.0;
      bal_var_.push_back(a.var);
      bal_coef_.push_back(coef);
    }
  }
  bal_offset_[ng] = static_cast<int>(bal_var_.size());

  // The kernel's constants, where it pays (most arcs prepared pandapipes pipes).
  act_vector_.clear();
  vec_count_ = 0;
  if (!extras_.scalar_laws && steady_internal::VectorLawsAvailable()) {
    int vec = 0;
    for (int k = 0; k < na; ++k) vec += act_prepared_[k] && !act_pipe_[k].standard;
    if (vec >= 16 && 2 * vec >= na) {
      act_vector_.assign(na, 0);
      vec_c_lin_.assign(na, 0.0);
      vec_c_sq_.assign(na, 0.0);
      vec_z0_.assign(na, 1.0);
      vec_z1_.assign(na, 0.0);
      vec_height_.assign(na, 0.0);
      for (int k = 0; k < na; ++k) {
        if (!act_prepared_[k] || act_pipe_[k].standard) continue;
        const physics::PreparedPipe& c = act_pipe_[k];
        act_vector_[k] = 1;
        vec_c_lin_[k] = c.c_lin;
        vec_c_sq_[k] = c.c_sq;
        vec_z0_[k] = c.z0;
        vec_z1_[k] = c.z1;
        vec_height_[k] = c.height;
      }
      vec_count_ = na & ~3;
    }
  }
}

physics::Residual Solver::ArcResidual(const ArcModel& a, double pf, double pt, double q,
                                      int branch) const {
  physics::Residual r;
  if (a.chord) {
    r.r = q * 1e3;  // q = 0, scaled: 1 mg/s ~ 1 Pa
    r.dr_dq = 1e3;
    return r;
  }
  switch (a.role) {
    case Role::kPipe:
      return physics::PipeResidual(a.law->pipe, *a.law->eos, a.law->friction, pf, pt, q);
    case Role::kResistorDrag:
      return physics::DragResistorResidual(a.value, a.diameter, *a.law->eos, pf, pt, q);
    case Role::kResistorFixed:
      return physics::FixedLossResidual(a.value, pf, pt, q);
    case Role::kShortLoss:
      return physics::ShortPipeLossResidual(a.value, *a.law->eos, pf, pt, q);
    case Role::kRatio:
      return physics::RatioResidual(a.value, pf, pt);
    case Role::kRatioForward:
      if (branch < 0) branch = q >= 0.0 ? 1 : 0;
      return physics::RatioResidual(branch == 1 ? a.value : 1.0, pf, pt);
    case Role::kOutlet:
      return physics::OutletResidual(a.value, pt);
    case Role::kInlet:
      r.r = pf - a.value;
      r.dr_dpf = 1.0;
      return r;
    case Role::kDeltaP:
      r.r = pf - pt - a.value;
      r.dr_dpf = 1.0;
      r.dr_dpt = -1.0;
      return r;
    case Role::kLimit:
      return (*a.limit)(pf, pt, q);
    case Role::kFlowSet:
      r.r = (q - a.value) * 1e3;
      r.dr_dq = 1e3;
      return r;
    case Role::kIdeal:
      r.r = pf - pt;
      r.dr_dpf = 1.0;
      r.dr_dpt = -1.0;
      return r;
    case Role::kClosed:
      r.r = q * 1e3;
      r.dr_dq = 1e3;
      return r;
  }
  return r;
}

bool Solver::Evaluate(const std::vector<double>& x, std::vector<double>* f,
                      Residuals* der) const {
  f->resize(n_);
  if (der) der->resize(n_ - n_p_);
  // The balance rows of groups [g0, g1).
  auto balances = [&](std::size_t g0, std::size_t g1) {
    for (std::size_t g = g0; g < g1; ++g) {
      const int row = pvar_[g];
      if (row < 0) continue;
      double b = group_inj_[g];
      for (int k = bal_offset_[g]; k < bal_offset_[g + 1]; ++k)
        b += bal_coef_[k] * x[bal_var_[k]];
      (*f)[row] = b;
    }
  };
  const std::size_t ng = group_rep_.size();
  // The prepared pandapipes laws four at a time where the kernel applies (with the balance
  // rows, each half of them beside its half of the laws), then the rest.
  int k0 = 0;
  if (der != nullptr && vec_count_ > 0) {
    static_assert(sizeof(physics::Residual) == 4 * sizeof(double) &&
                  std::is_standard_layout_v<physics::Residual>);
    // Arcs [a, b), a and b multiples of 4: on large systems two halves side by side.
    auto law = [&](int a, int b, bool* finite) {
      return steady_internal::law_avx2::PandapipesLaw(
          b - a, act_vector_.data() + a, act_vf_.data() + a, act_vt_.data() + a,
          act_pf_.data() + a, act_pt_.data() + a, vec_c_lin_.data() + a, vec_c_sq_.data() + a,
          vec_z0_.data() + a, vec_z1_.data() + a, vec_height_.data() + a,
          physics::kFlowRegularization * physics::kFlowRegularization, x.data(),
          x.data() + n_p_ + a, f->data() + n_p_ + a, &(*der)[a].r, finite);
    };
    const int half = (vec_count_ / 2) & ~3;
    bool finite[2] = {true, true};
    steady_internal::RunTwo(Halves(vec_count_), [&](int h) {
      if (h == 0) {
        law(0, half, &finite[0]);
        balances(0, ng / 2);
      } else {
        law(half, vec_count_, &finite[1]);
        balances(ng / 2, ng);
      }
    });
    if (!finite[0] || !finite[1]) return false;
    k0 = vec_count_;
  } else {
    balances(0, ng);
  }
  for (int k = 0; k < n_ - n_p_; ++k) {
    if (k < k0 && act_vector_[k]) continue;
    const int var = n_p_ + k;
    const double pf = act_vf_[k] >= 0 ? x[act_vf_[k]] : act_pf_[k];
    const double pt = act_vt_[k] >= 0 ? x[act_vt_[k]] : act_pt_[k];
    physics::Residual r;
    if (act_prepared_[k]) {
      r = physics::PreparedPipeResidual(act_pipe_[k], pf, pt, x[var]);
    } else {
      const int i = row_arc_[var];
      r = ArcResidual(arcs_[i], pf, pt, x[var], branch_[i]);
    }
    if (!std::isfinite(r.r)) return false;
    (*f)[var] = r.r;
    if (der) (*der)[k] = r;
  }
  return true;
}

int Solver::AssembleNodal(const std::vector<double>& f, const Residuals& der,
                          std::vector<double>* rx, std::vector<double>* rhs,
                          const Residuals* values) const {
  if (rx) rx->assign(rx_const_.begin(), rx_const_.end());
  rhs->resize(n_red_);
  for (int i = 0; i < n_p_; ++i) (*rhs)[i] = -f[i];
  double* v = rx ? rx->data() : nullptr;
  const Residuals& res = values != nullptr ? *values : der;
  const int na = n_ - n_p_;
  // Each arc's entries, added to the rows `mine` accepts (an entry's slot lies in one row):
  // every slot takes its terms in arc order whoever adds them. Returns the first arc (by k)
  // whose eliminated flow has no finite 1 / (dr/dq), or -1.
  auto assemble = [&](auto mine) -> int {
    for (int k = 0; k < na; ++k) {
      const physics::Residual& d = der[k];
      const std::array<int, 4>& s = red_slot_[k];
      if (const int q = red_var_[k]; q >= 0) {  // kept flow: its row as in the node-arc system
        if (!mine(q)) continue;
        if (v) {
          v[s[0]] += d.dr_dq;
          if (s[1] >= 0) v[s[1]] += d.dr_dpf;
          if (s[2] >= 0) v[s[2]] += d.dr_dpt;
        }
        (*rhs)[q] = -res[k].r;
        continue;
      }
      // Balance of from (coefficient -1) and to (+1) with dq = -(r + r_pf dpf + r_pt dpt) w.
      const double w = 1.0 / d.dr_dq;
      if (!std::isfinite(w)) return k;
      const int vf = act_vf_[k], vt = act_vt_[k];
      if (vf == vt) continue;
      const bool from = mine(vf), to = mine(vt);  // rows vf (slots 0, 1) and vt (2, 3)
      if (!from && !to) continue;
      const double sf = d.dr_dpf * w, st = d.dr_dpt * w, sr = res[k].r * w;
      if (from) {
        if (v) {
          if (s[0] >= 0) v[s[0]] += sf;
          if (s[1] >= 0) v[s[1]] += st;
        }
        (*rhs)[vf] -= sr;
      }
      if (to) {
        if (v) {
          if (s[2] >= 0) v[s[2]] -= sf;
          if (s[3] >= 0) v[s[3]] -= st;
        }
        (*rhs)[vt] += sr;
      }
    }
    return -1;
  };
  int bad = -1;
  if (!Halves(na)) {
    bad = assemble([](int row) { return row >= 0; });
  } else {
    // Two halves of the rows side by side: the same sums, term for term.
    const int split = n_red_ / 2;
    int first[2] = {-1, -1};
    steady_internal::RunTwo(true, [&](int h) {
      first[h] = h == 0 ? assemble([split](int row) { return row >= 0 && row < split; })
                        : assemble([split](int row) { return row >= split; });
    });
    bad = first[0] >= 0 ? first[0] : first[1];
  }
  return bad >= 0 ? row_arc_[n_p_ + bad] : -1;
}

void Solver::RecoverStep(const std::vector<double>& y, const Residuals& der,
                         std::vector<double>* dx, const Residuals* values) const {
  dx->resize(n_);
  for (int i = 0; i < n_p_; ++i) (*dx)[i] = y[i];
  const Residuals& res = values != nullptr ? *values : der;
  const int na = n_ - n_p_;
  // Two halves side by side on large systems (each arc writes only its own flow's step).
  steady_internal::RunHalves(Halves(na), na,
                             [&](int, std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      if (red_var_[k] >= 0) {
        (*dx)[n_p_ + k] = y[red_var_[k]];
        continue;
      }
      const physics::Residual& d = der[k];
      const double dpf = act_vf_[k] >= 0 ? y[act_vf_[k]] : 0.0;
      const double dpt = act_vt_[k] >= 0 ? y[act_vt_[k]] : 0.0;
      (*dx)[n_p_ + k] = -(res[k].r + d.dr_dpf * dpf + d.dr_dpt * dpt) / d.dr_dq;
    }
  });
}

void Solver::MaxResiduals(const std::vector<double>& f, double* mass, int* mass_row,
                          double* pres, int* pres_row) const {
  // Balance rows are 0 .. n_p_-1, element rows the rest (Number).
  double m = 0.0, p = 0.0;
  int mr = -1, pr = -1;
  for (int i = 0; i < n_p_; ++i)
    if (const double v = std::abs(f[i]); v >= m) {
      m = v;
      mr = i;
    }
  for (int i = n_p_; i < n_; ++i)
    if (const double v = std::abs(f[i]); v >= p) {
      p = v;
      pr = i;
    }
  *mass = m;
  *pres = p;
  *mass_row = mr;
  *pres_row = pr;
}

double Solver::Merit(const std::vector<double>& f) const {
  // Balance rows first, then element rows (Number); reciprocals, not a division per row.
  // Four partial sums each: one chain of dependent additions bounded the speed (the
  // lattice's 120 000 rows, up to ten times a solve).
  const double wm = 1.0 / opt_.mass_tolerance_kg_per_s, wp = 1.0 / opt_.pressure_tolerance_Pa;
  auto sum = [&](int begin, int end, double w) {
    double a[4] = {0.0, 0.0, 0.0, 0.0};
    int i = begin;
    for (; i + 4 <= end; i += 4)
      for (int j = 0; j < 4; ++j) a[j] += (f[i + j] * w) * (f[i + j] * w);
    for (; i < end; ++i) a[0] += (f[i] * w) * (f[i] * w);
    return (a[0] + a[1]) + (a[2] + a[3]);
  };
  return sum(0, n_p_, wm) + sum(n_p_, n_, wp);
}

void Solver::InitialGuess() {
  const int ng = static_cast<int>(group_rep_.size());
  x_.assign(n_, 0.0);
  tree_parent_.assign(ng, -1);
  tree_order_.clear();
  tree_order_.reserve(ng);
  std::vector<char> seen(ng, 0);
  double mean_slack = 0.0;
  int n_slack = 0;
  for (int g = 0; g < ng; ++g) {
    if (!std::isnan(group_slack_[g])) {
      seen[g] = 1;
      tree_order_.push_back(g);
      mean_slack += group_slack_[g];
      ++n_slack;
    }
  }
  mean_slack_ = n_slack ? mean_slack / n_slack : 50e5;
  for (std::size_t h = 0; h < tree_order_.size(); ++h) {
    const int g = tree_order_[h];
    for (int ai : group_arcs_[g]) {
      const ArcModel& a = arcs_[ai];
      if (a.chord) continue;
      const int o = a.gf == g ? a.gt : a.gf;
      if (seen[o]) continue;
      seen[o] = 1;
      tree_parent_[o] = ai;
      tree_order_.push_back(o);
    }
  }
  // Flows on tree arcs from subtree injections.
  std::vector<double> sub(ng, 0.0);
  for (int g = 0; g < ng; ++g) sub[g] = group_inj_[g];
  for (std::size_t h = tree_order_.size(); h-- > 0;) {
    const int g = tree_order_[h];
    const int ai = tree_parent_[g];
    if (ai < 0) continue;
    const ArcModel& a = arcs_[ai];
    const int parent = a.gf == g ? a.gt : a.gf;
    x_[a.var] = a.gf == g ? sub[g] : -sub[g];  // the subtree's surplus flows to the parent
    sub[parent] += sub[g];
  }
  // Where every active arc is on the tree, its flows are the solution's and their
  // pressures are propagated now; otherwise only where this start is taken (Run()).
  int active = 0, on_tree = 0;
  for (const ArcModel& a : arcs_) active += a.var >= 0 && !a.chord;
  for (int g = 0; g < ng; ++g) on_tree += tree_parent_[g] >= 0;
  forest_ = active == on_tree;
  if (forest_) PropagatePressures(true);
}

// Pressures along the tree from the references: each tree arc's own law solved for its far
// end at the current flow (scalar Newton, kept within [0.1, 10] x per step, floor 0.1 bar).
// (Two law evaluations for most arcs from the near end's pressure; the closed-form start
// that SolveTrees takes would cost about one more.)
void Solver::PropagatePressures(bool exact) {
  const int ng = static_cast<int>(group_rep_.size());
  const double step_tol = exact ? 1e-6 : 1e-4;
  const double cap = cap_start_ ? StartPressureCap() : std::numeric_limits<double>::infinity();
  std::vector<double> p(ng, kNaN);
  for (int g = 0; g < ng; ++g)
    if (!std::isnan(group_slack_[g])) p[g] = group_slack_[g];
  auto propagate = [&](int g) {
    const int ai = tree_parent_[g];
    const ArcModel& a = arcs_[ai];
    const bool child_is_to = a.gt == g;
    const int parent = child_is_to ? a.gf : a.gt;
    const double pk = p[parent];
    double pu = pk;
    const int k = a.var - n_p_;  // tree arcs are active
    auto law = [&](double pf, double pt) {
      return act_prepared_[k] ? physics::PreparedPipeResidual(act_pipe_[k], pf, pt, x_[a.var])
                              : ArcResidual(a, pf, pt, x_[a.var]);
    };
    for (int it = 0; it < 60; ++it) {
      const physics::Residual r = child_is_to ? law(pk, pu) : law(pu, pk);
      const double d = child_is_to ? r.dr_dpt : r.dr_dpf;
      if (!std::isfinite(r.r) || d == 0.0) break;
      double next = pu - r.r / d;
      next = std::max(next, 0.1 * pu);
      next = std::min(next, 10.0 * pu);
      // Quadratic convergence: after a step of 1e-6 the error is ~1e-12 (relative).
      if (std::abs(next - pu) <= step_tol * pu) {
        pu = next;
        break;
      }
      pu = next;
    }
    p[g] = std::clamp(pu, 1e4, cap);
  };
  if (!Halves(tree_order_.size())) {
    for (int g : tree_order_)
      if (tree_parent_[g] >= 0) propagate(g);
  } else {
    // Two lanes of whole subtrees, each in the tree's order (a node needs only its parent's
    // pressure), after a short trunk computed first. The subtrees start as those below the
    // references; while the largest holds more than half of them all, its root joins the
    // trunk and its children's subtrees replace it (a breadth-first tree of the 200 x 200
    // lattice hangs 39 800 of its nodes below one neighbour of the reference and 199
    // below the other: about 100 trunk nodes then leave two halves). The subtrees go
    // largest first to the lighter lane. Each node's pressure is computed as on one
    // thread, so the answers are the same bit for bit.
    std::vector<int> parent_of(ng, -1), size(ng, 0), first_child(ng, -1), next_sibling(ng, -1);
    for (int g : tree_order_)
      if (const int ai = tree_parent_[g]; ai >= 0)
        parent_of[g] = arcs_[ai].gt == g ? arcs_[ai].gf : arcs_[ai].gt;
    for (auto it = tree_order_.rbegin(); it != tree_order_.rend(); ++it) {
      const int g = *it;
      if (parent_of[g] < 0) continue;
      size[g] += 1;
      next_sibling[g] = first_child[parent_of[g]];
      first_child[parent_of[g]] = g;
      if (tree_parent_[parent_of[g]] >= 0) size[parent_of[g]] += size[g];
    }
    // Subtree roots (a max-heap by size, ties by node), the trunk, each node's lane.
    auto smaller = [&](int a, int b) { return size[a] < size[b] || (size[a] == size[b] && a > b); };
    std::vector<int> roots;
    long all = 0;
    for (int g : tree_order_)
      if (parent_of[g] >= 0 && tree_parent_[parent_of[g]] < 0) {
        roots.push_back(g);
        all += size[g];
      }
    std::make_heap(roots.begin(), roots.end(), smaller);
    std::vector<char> trunk(ng, 0);
    while (!roots.empty() && 2L * size[roots.front()] > all && first_child[roots.front()] >= 0) {
      std::pop_heap(roots.begin(), roots.end(), smaller);
      const int g = roots.back();
      roots.pop_back();
      trunk[g] = 1;
      --all;
      for (int c = first_child[g]; c >= 0; c = next_sibling[c]) {
        roots.push_back(c);
        std::push_heap(roots.begin(), roots.end(), smaller);
      }
    }
    std::sort_heap(roots.begin(), roots.end(), smaller);  // ascending: largest last
    std::vector<signed char> lane(ng, -1);
    long load[2] = {0, 0};
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) {
      const int l = load[1] < load[0] ? 1 : 0;
      lane[*it] = static_cast<signed char>(l);
      load[l] += size[*it];
    }
    for (int g : tree_order_)
      if (parent_of[g] >= 0 && lane[g] < 0 && !trunk[g]) lane[g] = lane[parent_of[g]];
    for (int g : tree_order_)
      if (trunk[g]) propagate(g);
    steady_internal::RunTwo(true, [&](int l) {
      for (int g : tree_order_)
        if (lane[g] == l) propagate(g);
    });
  }
  double p_max = 0.0;
  for (int g = 0; g < ng; ++g)
    if (pvar_[g] >= 0) {
      x_[pvar_[g]] = std::isnan(p[g]) ? mean_slack_ : p[g];
      p_max = std::max(p_max, x_[pvar_[g]]);
    }
  // One z value: whether the start went beyond the range (Run's third start).
  if (!cap_start_ && eos_.eos != EquationOfState::kIdeal && p_max > 0.0)
    cap_bound_ |= !(physics::Compressibility(eos_, p_max).z > 0.1);
}

// The pressure where z falls to 0.1 at the gas temperature (infinite for an ideal gas, or
// where z stays above it up to 1e5 bar), by bisection in p: about 50 z values, once per
// solve and only for the third start.
double Solver::StartPressureCap() {
  if (!std::isnan(p_cap_)) return p_cap_;
  p_cap_ = std::numeric_limits<double>::infinity();
  auto fine = [&](double p) { return physics::Compressibility(eos_, p).z > 0.1; };
  double lo = 1e5, hi = 1e10;
  if (eos_.eos != EquationOfState::kIdeal && fine(lo) && !fine(hi)) {
    while (hi - lo > 1e-6 * hi) {
      const double mid = 0.5 * (lo + hi);
      (fine(mid) ? lo : hi) = mid;
    }
    p_cap_ = lo;
  }
  return p_cap_;
}

// The pressure where z(p) is least, where it has a least between 0 and infinity; -1 where
// not. Papay's z is quadratic in p with a positive p^2 term (z = 1 - a p_r + b p_r^2), so
// three values give that least exactly. AGA's and the linear z are linear in p, and CNGA's,
// 1/(b1 + b2 p), is monotone on each side of its pole: their least between two pressures is
// at one of them.
double InteriorLeastZPressure(const physics::EosParams& eos) {
  if (eos.eos != EquationOfState::kPapay) return -1.0;
  const double h = 100e5;
  const double z0 = physics::Compressibility(eos, 0.0).z;
  const double z1 = physics::Compressibility(eos, h).z;
  const double z2 = physics::Compressibility(eos, 2.0 * h).z;
  const double c = (z2 - 2.0 * z1 + z0) / (2.0 * h * h), b = (z1 - z0) / h - c * h;
  return c > 0.0 && -b > 0.0 ? -b / (2.0 * c) : -1.0;
}

// The least z between two pressures and where it is: at the higher end, the lower, or the
// interior least between them (InteriorLeastZPressure; the higher end where they tie).
struct LeastZ {
  double z = 1.0, at = 0.0;
};
LeastZ LeastZBetween(const physics::EosParams& eos, double p1, double p2) {
  const double low = std::min(p1, p2), high = std::max(p1, p2);
  LeastZ least{physics::Compressibility(eos, high).z, high};
  for (const double p : {low, InteriorLeastZPressure(eos)})
    if (p >= low && p <= high)
      if (const double zp = physics::Compressibility(eos, p).z; !(zp >= least.z))
        least = {zp, p};
  return least;
}

// Below its chart Papay's z, quadratic in p, can fall to zero and below between two
// pressures and be positive again above them: no state of gas passes through that band. It
// exists below T_r of about 0.918 (GasLib-4197's gas at -100 degC, T_r 0.916: from 192.9 to
// 223.6 bar; GasLib-11's at T_r 0.918 just has none). A solve whose references stand above
// it and whose exits lie below it then ends "pressure would fall below zero ... more than
// the pipes can carry" (one per cent of GasLib-4197's nomination, helper-294): "; at this
// temperature ... gives no gas ..." says the band, "" where there is none.
std::string Solver::NoGasBand() const {
  const double least = InteriorLeastZPressure(eos_);
  auto z = [&](double p) { return physics::Compressibility(eos_, p).z; };
  if (!(least > 0.0) || z(least) > 0.0) return "";
  // z > 0 at `pos`, <= 0 at `neg`: the pressure between them where z reaches 0.
  auto root = [&](double pos, double neg) {
    for (int k = 0; k < 200 && std::abs(pos - neg) > 1e-9 * std::abs(neg); ++k) {
      const double mid = 0.5 * (pos + neg);
      (z(mid) > 0.0 ? pos : neg) = mid;
    }
    return 0.5 * (pos + neg);
  };
  double above = 2.0 * least;
  while (z(above) <= 0.0 && above < 1e12) above *= 2.0;
  const double high = z(above) > 0.0 ? root(above, least) : std::numeric_limits<double>::infinity();
  return fmt::format(
      "; at this temperature {} gives no gas (z <= 0) from {:.1f} to {:.1f} bar ({:.2f} K), "
      "so no state passes through those pressures: where the pressure references stand "
      "above them and exits below, a verdict that the pressure falls away is the equation "
      "of state's, not the pipes' (another --eos, or a temperature within the chart)",
      EquationOfStateName(opt_.eos), root(0.0, least) / units::kBar, high / units::kBar,
      eos_.temperature_K);
}

// Where Evaluate found a residual that is not finite at x: ": <element> from p_f to p_t at
// q", with z where the equation of state has no gas between the ends; "" if none.
std::string Solver::NotFiniteAt(const std::vector<double>& x) const {
  for (int k = 0; k < n_ - n_p_; ++k) {
    const int var = n_p_ + k;
    const double pf = act_vf_[k] >= 0 ? x[act_vf_[k]] : act_pf_[k];
    const double pt = act_vt_[k] >= 0 ? x[act_vt_[k]] : act_pt_[k];
    const int i = row_arc_[var];
    const double r = act_prepared_[k]
                         ? physics::PreparedPipeResidual(act_pipe_[k], pf, pt, x[var]).r
                         : ArcResidual(arcs_[i], pf, pt, x[var], branch_[i]).r;
    if (std::isfinite(r)) continue;
    const Arc& arc = net_.arcs[i];
    // The least z between the ends: Papay's is quadratic in p, and below its chart (a gas at
    // -100 degC) it is negative between two pressures and positive again above them; judged
    // at the higher end alone, a law that took z across that gap was not said to.
    const auto [z, at] = LeastZBetween(*arcs_[i].law->eos, pf, pt);
    return fmt::format(
        ": {} '{}' from {:.3f} bar to {:.3f} bar at {:.6g} kg/s{}", ArcKindName(arc.kind),
        arc.id, pf / units::kBar, pt / units::kBar, x[var] + 0.0,  // (+0.0: no "-0")
        z > 0.0 ? std::string()
                : fmt::format(", where the equation of state {} has no gas (z = {:.3g} at "
                              "{:.3f} bar)",
                              EquationOfStateName(opt_.eos), z, at / units::kBar));
  }
  return "";
}

double Solver::MeanPressureLaw(const ArcModel& a, double q) const {
  const int j = a.var - n_p_;
  return act_prepared_[j]
             ? physics::PreparedPipeResidual(act_pipe_[j], mean_slack_, mean_slack_, q).r
             : ArcResidual(a, mean_slack_, mean_slack_, q).r;
}

// A folded pipe law's secant is A + B sqrt(q^2 + eps^2) exactly (PrepareLinear).
double Solver::Secant(const LinearNetwork& ln, std::size_t i, double q) const {
  constexpr double eps2 = physics::kFlowRegularization * physics::kFlowRegularization;
  return ln.fit_b[i] >= 0.0 ? ln.fit_a[i] + ln.fit_b[i] * std::sqrt(q * q + eps2)
                            : std::abs(MeanPressureLaw(arcs_[i], q) - ln.r0[i]) / q;
}

// Loop-aware initial flows: the network with every resistive element replaced by a linear
// resistance p_f - p_t = K q at the mean reference pressure (set-point elements keep their
// linear equations), solved a few times (the linear-theory method of Wood and Charles);
// pressures are then propagated again with the real laws.
void Solver::PrepareLinear(LinearNetwork* ln) const {
  const double qref = qref_;
  // K: first each element's secant at qref. A turbulent drop grows as q^2, so the flows of
  // parallel paths split as 1/sqrt(resistance), not as 1/resistance: with one secant flow
  // for every pipe, the small pipes of a loop started far off and Newton walked their flows
  // back by halving (GasLib-4197, pandapipes law: 10 iterations). A pipe's secant is taken
  // instead at the flow that gives it a typical pressure gradient (the median over the
  // pipes at qref): K = sqrt(c G L) for a drop c q^2.
  // The secant K(q) = |r(q) - r(0)| / q. A folded pipe law's is A + B sqrt(q^2 + eps^2)
  // exactly (the drop at equal end pressures is z (c_lin q + c_sq phi(q)) / (2 p) for the
  // pandapipes law, c_sq z ef phi(q) / (2 p) for the standard law): A and B from its
  // constants (PreparedPipeSecant), then a square root per pass instead of a law evaluation.
  std::vector<double>& k = ln->k;
  std::vector<double>& r0 = ln->r0;
  std::vector<double>& fit_a = ln->fit_a;
  std::vector<double>& fit_b = ln->fit_b;
  k.assign(arcs_.size(), 0.0);
  r0.assign(arcs_.size(), 0.0);
  fit_a.assign(arcs_.size(), 0.0);
  fit_b.assign(arcs_.size(), -1.0);
  std::vector<double> grad;
  auto law = [&](const ArcModel& a, double q) { return MeanPressureLaw(a, q); };
  auto secant = [&](std::size_t i, double q) { return Secant(*ln, i, q); };
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    const ArcModel& a = arcs_[i];
    if (a.var < 0 || a.chord) continue;
    if (a.role == Role::kPipe || a.role == Role::kResistorDrag || a.role == Role::kShortLoss ||
        a.role == Role::kResistorFixed) {
      if (const int j = a.var - n_p_; act_prepared_[j]) {
        physics::PreparedPipeSecant(act_pipe_[j], mean_slack_, &fit_a[i], &fit_b[i]);
        k[i] = secant(i, qref);
      } else {
        r0[i] = law(a, 0.0);
        k[i] = std::abs(law(a, qref) - r0[i]) / qref;
      }
      if (a.role == Role::kPipe && a.law->pipe.length_m > 0.0)
        grad.push_back(k[i] / a.law->pipe.length_m);
    }
  }
  // The pendant trees' pipes count in the median as well: the typical gradient is the
  // whole network's, as before they were solved apart (GasLib-4197 at ratio 1.1 from the
  // core's pipes alone: 5 Newton iterations instead of 4).
  for (std::size_t h = 0; h < tree_arcs_.size(); ++h) {
    const ArcModel& a = arcs_[tree_arcs_[h]];
    if (a.role != Role::kPipe || !(a.law->pipe.length_m > 0.0)) continue;
    double kt;
    if (tree_prepared_[h]) {
      constexpr double eps2 = physics::kFlowRegularization * physics::kFlowRegularization;
      double fa, fb;
      physics::PreparedPipeSecant(tree_pipe_[h], mean_slack_, &fa, &fb);
      kt = fa + fb * std::sqrt(qref * qref + eps2);
    } else {
      const double r0t = ArcResidual(a, mean_slack_, mean_slack_, 0.0).r;
      kt = std::abs(ArcResidual(a, mean_slack_, mean_slack_, qref).r - r0t) / qref;
    }
    grad.push_back(kt / a.law->pipe.length_m);
  }
  if (!grad.empty()) {
    std::nth_element(grad.begin(), grad.begin() + grad.size() / 2, grad.end());
    const double g = grad[grad.size() / 2];
    for (std::size_t i = 0; i < arcs_.size(); ++i) {
      const ArcModel& a = arcs_[i];
      if (!(k[i] > 0.0) || a.role != Role::kPipe || !(a.law->pipe.length_m > 0.0)) continue;
      const double qt = qref * std::sqrt(g * a.law->pipe.length_m / k[i]);
      if (const double kt = secant(i, qt); std::isfinite(kt) && kt > 0.0) k[i] = kt;
    }
  }
  for (double& v : k)
    if (v != 0.0) v = std::max(v, 1e-6);
  // The linear network at q = 0 and every unknown pressure at the mean reference pressure
  // (the step to its solution is exact from anywhere; from there it is small, so the flows
  // recovered from the pressure differences keep the balance to rounding): balance
  // residuals are the injections, each element's value its constant part there.
  std::vector<double>& f = ln->f;
  Residuals& der = ln->der;
  f.assign(n_, 0.0);
  der.assign(n_ - n_p_, physics::Residual{});
  for (std::size_t g = 0; g < group_rep_.size(); ++g)
    if (pvar_[g] >= 0) f[pvar_[g]] = group_inj_[g];
  for (int var = n_p_; var < n_; ++var) {
    const int i = row_arc_[var];
    const ArcModel& a = arcs_[i];
    const double pf = pvar_[a.gf] >= 0 ? mean_slack_ : group_slack_[a.gf];
    const double pt = pvar_[a.gt] >= 0 ? mean_slack_ : group_slack_[a.gt];
    physics::Residual r;
    if (k[i] > 0.0) {
      r.r = pf - pt;
      r.dr_dpf = 1.0;
      r.dr_dpt = -1.0;
    } else {
      r = ArcResidual(a, 0.0, 0.0, 0.0, 1);  // linear: its derivatives anywhere
      r.r = ArcResidual(a, pf, pt, 0.0, 1).r;
    }
    f[var] = r.r;
    der[var - n_p_] = r;
  }
}

bool Solver::LinearFlows(NodalLu* lu, LinearNetwork* prepared) {
  LinearNetwork own;
  LinearNetwork& ln = prepared != nullptr ? *prepared : own;
  if (prepared == nullptr) PrepareLinear(&ln);
  std::vector<double>& k = ln.k;
  std::vector<double>& f = ln.f;
  Residuals& der = ln.der;
  auto secant = [&](std::size_t i, double q) { return Secant(ln, i, q); };
  // Then each element's secant again at the flow the last solve gave it, averaged
  // geometrically with the K before (the plain secant overshoots: a pipe given too much
  // flow gets too high a K and then too little). Two passes: GasLib-582 5 -> 2 Newton
  // iterations, GasLib-4197 with every compressor ratio at 1.1 12 -> 4, each pass a
  // refactorization and a solve. Not on large systems, whose factorization costs more
  // than the Newton iterations the passes save (the lattice's chord steps reuse one).
  // More passes, on any system, while most elements' secants at the flows a pass gave are
  // 100x the K it was solved with or more (or 1/100 or less): K at the flow scale of the
  // injections cannot carry what references at different pressures drive between them.
  // Random meshed networks of 4 000 nodes with two or three references 2 bar apart got
  // flows of 1e5 kg/s from the one pass of a large system, 91 to 100 % of their secants
  // that far off; their linear start then ended "infeasible" after 3 to 7 iterations and
  // the spanning tree's took 20 more (test LargeRandomNetworksSolveAlikeOnOneThreadAndTwo).
  // With one pass more (0 to 3 % off after it): 7 or 8 iterations. The lattice's one pass
  // leaves 2 % off, GasLib-582's and GasLib-4197's second 0 to 0.2 %: no more passes.
  const int passes = lu->large ? 0 : 2;
  constexpr int kMaxPasses = 6;
  std::vector<double> rx, y, dx;
  // Each element's secant at the last pass' flow, K moved to the geometric mean where
  // `update`; returns the share of the elements whose secant is 100x K or more, or 1/100 K
  // or less.
  auto secants = [&](bool update) {
    int far = 0, count = 0;
    for (int var = n_p_; var < n_; ++var) {
      const int i = row_arc_[var];
      const double q = std::abs(dx[var]);
      if (!(k[i] > 0.0) || !(q > 1e-9)) continue;
      const double v = secant(i, q);
      if (!std::isfinite(v) || !(v > 0.0)) continue;
      far += v >= 100.0 * k[i] || 100.0 * v <= k[i];
      ++count;
      if (update) k[i] = std::max(std::sqrt(k[i] * v), 1e-6);
    }
    return count > 0 ? static_cast<double>(far) / count : 0.0;
  };
  double off = 1.0;  // the last share measured
  for (int pass = 0;; ++pass) {
    for (int var = n_p_; var < n_; ++var)
      if (const int i = row_arc_[var]; k[i] > 0.0) der[var - n_p_].dr_dq = -k[i];
    if (AssembleNodal(f, der, &rx, &y) >= 0) return false;
    // The factorization is kept: Newton's first iteration refactors it with its own values
    // (same pattern, pivots re-checked through rcond) instead of factoring from scratch.
    // A fresh analysis factors with pivoting; a reused one tries its last pivot order first.
    if (n_red_ > 0 && !(lu->Factor(rp_, ri_, rx, lu->lean) && lu->Solve(&y))) return false;
    RecoverStep(y, der, &dx);
    for (int var = n_p_; var < n_; ++var)
      if (!std::isfinite(dx[var])) return false;
    if (pass + 1 >= kMaxPasses) break;
    if (pass < passes) {
      off = secants(true);
      continue;
    }
    // After the fixed passes, another where the last pass measured and this one are both
    // mostly off (measured first, then taken again with the update: the rare path).
    if (!(off > 0.5) || !((off = secants(false)) > 0.5)) break;
    secants(true);
  }
  for (int var = n_p_; var < n_; ++var) x_[var] = dx[var];
  PropagatePressures();
  return true;
}

// x_ from the caller's previous state (node pressures, arc flows): false when there is none
// or it does not fit this network.
bool Solver::WarmGuess() {
  const SteadySolution* w = extras_.warm;
  if (w == nullptr || w->pressure_Pa.size() != net_.nodes.size() ||
      w->mass_flow_kg_per_s.size() != net_.arcs.size())
    return false;
  std::vector<double> x(n_, 0.0);
  for (std::size_t g = 0; g < group_rep_.size(); ++g) {
    if (pvar_[g] < 0) continue;
    const double p = w->pressure_Pa[group_rep_[g]];
    if (!(std::isfinite(p) && p > 0.0)) return false;
    x[pvar_[g]] = p;
  }
  for (std::size_t i = 0; i < arcs_.size(); ++i) {
    if (arcs_[i].var < 0) continue;
    const double q = w->mass_flow_kg_per_s[i];
    if (!std::isfinite(q)) return false;
    x[arcs_[i].var] = arcs_[i].chord ? 0.0 : q;
  }
  x_ = x;
  return true;
}

bool Solver::UpdateBranches(const std::vector<double>& x) {
  bool changed = false;
  for (int i : forward_arcs_) {
    const int b = x[arcs_[i].var] >= 0.0 ? 1 : 0;
    changed |= branch_[i] != b;
    branch_[i] = b;
  }
  return changed;
}

// Whether gas enters group g (its net injection, the pendant trees' included, above the
// mass tolerance) and only pipes and resistors join it to the rest: its pressure lies above
// one of its neighbours' in any state, so it is never where the pressure falls first.
bool Solver::PassiveEntry(int g) const {
  if (!(group_inj_[g] > opt_.mass_tolerance_kg_per_s)) return false;
  for (const int i : group_arcs_[g]) {
    const Role r = arcs_[i].role;
    if (r != Role::kPipe && r != Role::kResistorDrag && r != Role::kShortLoss) return false;
  }
  return true;
}

// A pipe (or resistor) whose current flow cannot pass even with zero pressure at its
// downstream end: the group there is where pressure "would fall below zero". -1 if none.
int Solver::LowPressureNode(const std::vector<double>& x) const {
  auto pressure = [&](int g) { return pvar_[g] >= 0 ? x[pvar_[g]] : group_slack_[g]; };
  int worst = -1;
  double worst_r = 0.0;
  for (const ArcModel& a : arcs_) {
    if (a.var < 0 || a.chord) continue;
    if (a.role != Role::kPipe && a.role != Role::kResistorDrag && a.role != Role::kShortLoss)
      continue;
    const double q = x[a.var];
    const double tiny = 1.0;  // Pa
    // (Not into a reference, whose pressure stays: where an arc cannot pass its flow into
    // one, its upstream end cannot push it there, and nothing falls. A random network with
    // --slack n14=80 read "pressure would fall below zero at node n14".)
    const bool into_reference = !std::isnan(group_slack_[q > 0.0 ? a.gt : a.gf]);
    if (into_reference) continue;
    // (Nor from an end pushed towards the peak of a pipe's flow: no pressure there passes
    // more, and nothing falls downstream either: the load continuation names such an end.)
    if (pressure(q > 0.0 ? a.gf : a.gt) >= 0.5 * PushPeak()) continue;
    if (q > 0.0) {
      const double r = ArcResidual(a, pressure(a.gf), tiny, q).r;  // < 0: cannot pass
      if (r < worst_r) { worst_r = r; worst = a.gt; }
    } else if (q < 0.0) {
      const double r = -ArcResidual(a, tiny, pressure(a.gt), q).r;
      if (r < worst_r) { worst_r = r; worst = a.gf; }
    }
  }
  return worst;
}

bool Solver::Newton(Start start) {
  // The workspace's factorization object where there is one (its analysis and last pivot
  // order serve again if this is the system it was analysed for), else the solve's own
  // (a second start reuses its analysis).
  NodalLu& lu = Lu();
  const auto t0 = solve_start_;  // the limit is per solve, over every start
  std::vector<double> f, fn, xn, dx(n_), rx, y;
  Residuals der, dern;
  // Chord steps (see below): the derivatives of the last factorization.
  bool chord = false;
  Residuals der_fact;
  branch_.assign(arcs_.size(), -1);
  forward_arcs_.clear();
  for (std::size_t i = 0; i < arcs_.size(); ++i)
    if (arcs_[i].role == Role::kRatioForward && arcs_[i].var >= 0 && !arcs_[i].chord)
      forward_arcs_.push_back(static_cast<int>(i));
  if (n_ == 0) return Evaluate(x_, &f, &der);
  // The analysis made in Run() beside the setup (early_analysis_) is this start's.
  const bool pending = early_analysis_ >= 0;
  const bool reuse = !pending && n_red_ > 0 && lu.Matches(rp_, ri_, n_ - n_p_, n_red_ == n_p_);
  if (reuse) {
    lu.BeginSolve();
    ++sum_->analyses_reused;
    if (workspace_ != nullptr) ++workspace_->reuses;
  } else if (n_red_ > 0 && workspace_ != nullptr) {
    ++workspace_->analyses;
  }
  bool analyzed = true;
  if (pending) {
    analyzed = early_analysis_ == 1;
    early_analysis_ = -1;
  } else if (n_red_ > 0 && !reuse) {
    StaticPivotInputs(lu, true);
    analyzed = lu.Analyze(n_red_, rp_, ri_, n_ - n_p_, n_red_ == n_p_);
  }
  const bool prepared = early_linear_ready_ && start == Start::kLinear;
  early_linear_ready_ = false;
  if (!analyzed) {
    sum_->verdict = Verdict::kFailed;
    sum_->reason = fmt::format("sparse symbolic analysis failed (KLU status {})",
                               lu.common.status);
    return false;
  }
  // Chord steps pay where one factorization costs more than ~4 solves and evaluations.
  chord = lu.large;
  // The linear-network start, or the spanning tree's where that network cannot be solved.
  linear_start_ =
      start == Start::kLinear && LinearFlows(&lu, prepared ? &early_linear_ : nullptr);
  if (start == Start::kLinear && !linear_start_) PropagatePressures();
  UpdateBranches(x_);
  if (!Evaluate(x_, &f, &der)) {
    sum_->verdict = Verdict::kFailed;
    sum_->reason = "the element equations are not finite at the initial guess" +
                   NotFiniteAt(x_);
    return false;
  }
  double phi = Merit(f);
  int stalls = 0;  // consecutive iterations whose accepted step made no real progress
  int crawls = 0;  // consecutive iterations with steps under 1/100 of Newton's
  double phi_crawl = 0.0;  // the merit before the first of them
  // The steps' solve tolerance (the Cholesky path's refinement; the LU paths are exact).
  // The nodal rows are the mass balances, so a step solved to a relative error e leaves
  // about e times the right-hand side as mass imbalance, which only the next step removes:
  // the step expected to be the last is solved to a Newton step's 1e-8, the others to
  // 1e-5 (one refinement step instead of two on the lattice, where it saves three pairs
  // of triangular solves and keeps the 4 iterations and the round-off mass balance at the
  // end). Expected last: the element residuals, shrinking at the last step's rate, would
  // fall within their tolerance (the balances follow any exact step).
  double pres_before = -1.0;
  for (int it = 0;; ++it) {
    double mass, pres;
    int mrow, prow;
    MaxResiduals(f, &mass, &mrow, &pres, &prow);
    const double rate = pres_before > 0.0 ? std::min(1.0, pres / pres_before) : 1.0;
    const double solve_tol = rate * pres <= opt_.pressure_tolerance_Pa ? 1e-8 : 1e-5;
    pres_before = pres;
    IterationRecord rec;
    rec.iteration = it;
    rec.max_mass_imbalance_kg_per_s = mass;
    rec.max_pressure_residual_Pa = pres;
    rec.step_length = 0.0;
    if (mrow >= 0) rec.worst_node = GroupName(row_group_[mrow]);
    if (prow >= 0) rec.worst_arc = net_.arcs[row_arc_[prow]].id;
    sum_->iterations = it;
    // Takes the trial point xn (evaluated into fn, dern) as the new iterate.
    auto take = [&](double step) {
      rec.step_length = step;
      sum_->trace.push_back(rec);
      x_.swap(xn);
      if (UpdateBranches(x_)) {
        Evaluate(x_, &f, &der);
      } else {
        f.swap(fn);
        der.swap(dern);
      }
      phi = Merit(f);
    };
    if (mass <= opt_.mass_tolerance_kg_per_s && pres <= opt_.pressure_tolerance_Pa) {
      sum_->trace.push_back(rec);
      return true;
    }
    const double elapsed = Seconds(t0, Clock::now());
    auto describe = [&]() {
      return fmt::format("max mass imbalance {:.3e} kg/s at node {}, max element residual "
                         "{:.3e} Pa at arc {}",
                         mass, mrow >= 0 ? GroupName(row_group_[mrow]) : "-", pres,
                         prow >= 0 ? net_.arcs[row_arc_[prow]].id : "-");
    };
    if (it >= opt_.max_iterations || elapsed > opt_.time_limit_s) {
      sum_->trace.push_back(rec);
      // Running out of iterations or time says nothing about feasibility: a half-solved
      // iterate often has some pipe that cannot pass its trial flow. Only pressures that
      // kept collapsing onto the positivity cap are evidence that the demand is too high.
      if (positivity_caps_ >= 8) {
        if (const int g = LowPressureNode(x_); g >= 0) {
          InfeasibleLow(g);
          return false;
        }
      }
      sum_->verdict = Verdict::kFailed;
      sum_->reason = fmt::format("Newton did not converge within {}: {}",
                                 it >= opt_.max_iterations
                                     ? Iterations(opt_.max_iterations)
                                     : fmt::format("the time limit of {:.3g} s",
                                                   NamedTimeLimit(opt_, extras_)),
                                 describe());
      return false;
    }
    // Chord step: where a factorization costs far more than an evaluation and a solve
    // (large meshed grids), first try the step with the Jacobian last factored, the element
    // values taken at x. Kept if it halves the residual norm or better; otherwise the
    // Jacobian is refactored at x as usual. The convergence test is the same either way.
    if (chord && lu.Factored() && !der_fact.empty()) {
      const auto tc = Clock::now();
      AssembleNodal(f, der_fact, nullptr, &y, &der);
      lu.Solve(&y, solve_tol);
      RecoverStep(y, der_fact, &dx, &der);
      sum_->factor_seconds += Seconds(tc, Clock::now());
      bool positive = true;
      xn.resize(n_);
      for (int i = 0; i < n_; ++i) xn[i] = x_[i] + dx[i];
      for (int i = 0; i < n_p_; ++i) positive &= xn[i] >= 0.1 * x_[i];
      if (positive && Evaluate(xn, &fn, &dern) && Merit(fn) <= 0.25 * phi) {
        take(1.0);
        continue;
      }
    }
    // Factorize (numeric refactor on the same pattern when possible).
    const auto tf = Clock::now();
    ++sum_->factorizations;
    const int bad_arc = AssembleNodal(f, der, &rx, &y);
    const bool ok = bad_arc < 0 && (n_red_ == 0 || lu.Factor(rp_, ri_, rx, true));
    if (!ok) {
      sum_->trace.push_back(rec);
      const int col = lu.SingularColumn();
      // A pressure whose column vanishes while some pipe cannot pass its flow even into
      // zero pressure: the pressure collapsing under a demand the pipes cannot carry (a
      // pipe's derivative in its downstream pressure, 2 p, goes to 0 with it). A radial
      // feed beyond its capacity with a loop behind it ended "failed: the Jacobian is
      // singular (pressure at node A)" at every load above the capacity; where the
      // nomination can be carried after all, the load continuation gets there.
      if (bad_arc < 0 && col >= 0 && col < n_p_) {
        if (const int g = LowPressureNode(x_); g >= 0) {
          InfeasibleLow(g);
          return false;
        }
      }
      sum_->verdict = Verdict::kFailed;
      std::string where;
      if (bad_arc >= 0) {
        where = fmt::format(" (flow on arc {})", net_.arcs[bad_arc].id);
      } else if (col >= 0 && col < n_red_) {
        where = col < n_p_ ? fmt::format(" (pressure at node {})", GroupName(row_group_[col]))
                           : fmt::format(" (flow on arc {})", net_.arcs[red_arc_[col - n_p_]].id);
      }
      // (Structural causes, a part without a pressure reference or a flow that nothing
      // determines, are refused before Newton: it said so of a loop of a 1 000 km x 10 mm
      // pipe beside a 1 m x 2 m one, whose laws differ by a factor of about 1e17.)
      sum_->reason = fmt::format(
          "the Jacobian is singular{} to working precision, not by the network's structure "
          "(every part has a pressure reference, every flow is determined): the laws of "
          "elements in one loop may differ by too many orders of magnitude (a very long, "
          "narrow pipe beside a short, wide one); {}",
          where, describe());
      return false;
    }
    if (chord) der_fact = der;
    if (n_red_ > 0) lu.Solve(&y, solve_tol);
    RecoverStep(y, der, &dx);
    sum_->factor_seconds += Seconds(tf, Clock::now());
    // Keep pressures positive: a node may lose at most 90% of its pressure per step.
    double alpha = 1.0;
    int cap_group = -1;
    for (int i = 0; i < n_p_; ++i) {
      if (dx[i] < 0.0 && x_[i] + dx[i] < 0.1 * x_[i]) {
        const double a = 0.9 * x_[i] / -dx[i];
        if (a < alpha) {
          alpha = a;
          cap_group = row_group_[i];
        }
      }
    }
    if (cap_group >= 0) {
      ++positivity_caps_;
      min_p_group_ = cap_group;
    } else {
      positivity_caps_ = 0;
    }
    bool accepted = false;
    for (int ls = 0; ls < 40; ++ls) {
      xn.resize(n_);
      for (int i = 0; i < n_; ++i) xn[i] = x_[i] + alpha * dx[i];
      // The Jacobian comes with the trial: an accepted full step needs no second pass.
      if (Evaluate(xn, &fn, &dern)) {
        const double phin = Merit(fn);
        if (phin <= (1.0 - 1e-4 * alpha) * phi || (ls == 39 && phin < phi)) {
          accepted = true;
          break;
        }
      }
      alpha *= 0.5;
    }
    // Ends this start where the line search cannot make progress: infeasible where the
    // pressures were being driven towards zero, failed otherwise.
    auto give_up = [&](const std::string& why) {
      if (const int g = LowPressureNode(x_); g >= 0) {
        InfeasibleLow(g);
        return;
      }
      // (Not where gas enters and pipes alone carry it away: no demand collapses there, as
      // any of its pipes' far ends would collapse first. The Q-shaped network of test
      // AnEntryThatPushesMoreThanThePipesCarryAwayIsNamed with --no-continuation read
      // "pressure would fall below zero at node S2", the entry pushing its gas.)
      const bool entry = min_p_group_ >= 0 && PassiveEntry(min_p_group_);
      if (min_p_group_ >= 0 && positivity_caps_ > 0 && !entry) {
        InfeasibleLow(min_p_group_);
        return;
      }
      sum_->verdict = Verdict::kFailed;
      sum_->reason = fmt::format("{}; {}", why, describe());
      if (entry && positivity_caps_ > 0)
        sum_->reason += fmt::format(
            "; its steps drove the pressure below zero at node {}, where {:.6g} kg/s enter "
            "and pipes alone carry them away: no demand collapses there (the load "
            "continuation, off with --no-continuation, names where the load runs out)",
            GroupName(min_p_group_), group_inj_[min_p_group_]);
    };
    if (!accepted) {
      sum_->trace.push_back(rec);
      give_up("the line search found no decrease of the residual");
      return false;
    }
    const double phi_before = phi;
    take(alpha);
    // A line search that keeps accepting steps of a millionth of Newton's or less without
    // a real decrease has stalled (typically against a demand the network cannot carry:
    // GasLib-4197 at twice its nomination spent 60 such iterations, 40 evaluations each).
    stalls = alpha < 1e-6 && phi > (1.0 - 1e-6) * phi_before ? stalls + 1 : 0;
    if (stalls >= 4) {
      give_up(fmt::format("the line search stalled ({} steps of at most 1e-6 of the Newton "
                          "step without reducing the residual)",
                          stalls));
      return false;
    }
    // Likewise a crawl: ten steps in a row under 1/100 of Newton's that have not halved the
    // residual between them (GasLib-4197 at twice its nomination from the linear start: 96
    // such iterations, the residual down by 13 %, ending infeasible). A start that converges
    // takes full steps long before. Steps between 1/100 and 1/20 do not break a crawl: a
    // random network near its capacity zig-zagged between 0.004 and 0.012 of Newton's step
    // to the iteration limit, 2 % off the residual per ten steps ("failed" for every load
    // fraction above 55.5 %, where the capacity lies).
    if (alpha < 1e-2) {
      if (crawls++ == 0) phi_crawl = phi_before;
      if (crawls >= 10) {
        if (phi > 0.5 * phi_crawl) {
          give_up(fmt::format("the line search crawled ({} steps under 1/100 of the Newton "
                              "step reduced the residual by {:.0f} %)",
                              crawls, 100.0 * (1.0 - phi / phi_crawl)));
          return false;
        }
        crawls = 0;
      }
    } else if (alpha >= 5e-2) {
      crawls = 0;
    }
    // Pressures collapsing towards zero for many steps while some pipe cannot pass its flow
    // even into zero pressure: the demand cannot be carried.
    if (positivity_caps_ >= 8) {
      if (const int g = LowPressureNode(x_); g >= 0) {
        InfeasibleLow(g);
        return false;
      }
    }
  }
}

void Solver::ExpandPressures() {
  const std::size_t nn = net_.nodes.size();
  const int ng = static_cast<int>(group_rep_.size());
  std::vector<double> gp(ng, kNaN);
  for (int g = 0; g < ng; ++g) {
    if (!comp_active_[comp_of_group_[g]]) continue;
    gp[g] = on_tree_[g] ? tree_p_[g] : pvar_[g] >= 0 ? x_[pvar_[g]] : group_slack_[g];
  }
  sol_->pressure_Pa.resize(nn);
  for (std::size_t v = 0; v < nn; ++v) sol_->pressure_Pa[v] = gp[group_of_[v]];
}

void Solver::ExpandFlows() {
  const std::size_t nn = net_.nodes.size(), na = net_.arcs.size();
  sol_->mass_flow_kg_per_s.assign(na, 0.0);
  sol_->injection_kg_per_s = inj_;
  const int ng = static_cast<int>(group_rep_.size());
  for (std::size_t i = 0; i < na; ++i) {
    if (arcs_[i].var >= 0) sol_->mass_flow_kg_per_s[i] = x_[arcs_[i].var];
    if (arcs_[i].role == Role::kFlowSet) sol_->mass_flow_kg_per_s[i] = arcs_[i].value;
  }
  for (std::size_t h = 0; h < tree_arcs_.size(); ++h)
    sol_->mass_flow_kg_per_s[tree_arcs_[h]] = tree_flow_[h];
  // Node excess from injections and non-ideal flows; slack nodes take their group's rest.
  std::vector<double> excess(nn, 0.0);
  for (std::size_t v = 0; v < nn; ++v) excess[v] = inj_[v];
  for (int g = 0; g < ng; ++g) {
    if (slack_node_of_group_[g] >= 0)
      for (int v : members_[g]) if (v == slack_node_of_group_[g]) excess[v] = 0.0;
  }
  for (std::size_t i = 0; i < na; ++i) {
    if (arcs_[i].role == Role::kIdeal) continue;
    const double q = sol_->mass_flow_kg_per_s[i];
    excess[af_[i]] -= q;
    excess[at_[i]] += q;
  }
  for (int g = 0; g < ng; ++g) {
    // (A reference group's pressure is its slack's, in an active component.)
    const int s = slack_node_of_group_[g];
    if (s < 0 || !comp_active_[comp_of_group_[g]] || std::isnan(group_slack_[g])) continue;
    double rest = 0.0;
    for (int v : members_[g]) rest += excess[v];
    sol_->injection_kg_per_s[s] = -rest;
    excess[s] -= rest;
  }
  // Ideal arcs: spanning forest of each group's ideal arcs, flows from subtree excess.
  // (Node -> ideal arcs as one flat list in arc order: no allocation per node.)
  Incidence ideal_adj;
  ideal_adj.start.assign(nn + 1, 0);
  int ideal_count = 0;
  for (std::size_t i = 0; i < na; ++i) {
    if (arcs_[i].role != Role::kIdeal) continue;
    ++ideal_adj.start[af_[i] + 1];
    ++ideal_adj.start[at_[i] + 1];
    ++ideal_count;
  }
  for (std::size_t v = 0; v < nn; ++v) ideal_adj.start[v + 1] += ideal_adj.start[v];
  ideal_adj.arcs.resize(ideal_adj.start[nn]);
  {
    std::vector<int> next(ideal_adj.start.begin(), ideal_adj.start.end() - 1);
    for (std::size_t i = 0; i < na; ++i) {
      if (arcs_[i].role != Role::kIdeal) continue;
      ideal_adj.arcs[next[af_[i]]++] = static_cast<int>(i);
      ideal_adj.arcs[next[at_[i]]++] = static_cast<int>(i);
    }
  }
  std::vector<char> seen(nn, 0);
  std::vector<int> parent(nn, -1), order;
  order.reserve(nn);
  int tree_arcs = 0;
  for (std::size_t r = 0; r < nn; ++r) {
    if (seen[r]) continue;
    seen[r] = 1;
    const std::size_t start = order.size();
    order.push_back(static_cast<int>(r));
    for (std::size_t h = start; h < order.size(); ++h) {
      const int v = order[h];
      for (int ai : ideal_adj[v]) {
        const int o = af_[ai] == v ? at_[ai] : af_[ai];
        if (seen[o]) continue;
        seen[o] = 1;
        parent[o] = ai;
        order.push_back(o);
        ++tree_arcs;
      }
    }
  }
  for (std::size_t h = order.size(); h-- > 0;) {
    const int v = order[h];
    const int ai = parent[v];
    if (ai < 0) continue;
    const int p = af_[ai] == v ? at_[ai] : af_[ai];
    // v's surplus leaves towards its parent p.
    sol_->mass_flow_kg_per_s[ai] = af_[ai] == v ? excess[v] : -excess[v];
    excess[p] += excess[v];
    excess[v] = 0.0;
  }
  if (ideal_count > tree_arcs) {
    sum_->notes.push_back(fmt::format(
        "{} ideal element(s) close loops made only of ideal elements; the flow around such a "
        "loop is not determined by the physics: those elements carry 0 and the others a "
        "spanning tree's flows",
        ideal_count - tree_arcs));
    RouteIdealLoops(order, parent);
  }
}

// ExpandFlows' spanning trees, where their flows leave an element on a loop of ideal
// elements outside its flow bounds (GasLib's flowMin/flowMax at the gas' norm density, as
// SimulateSteady's flow-bound check judges them): the flows around those loops moved to
// keep the bounds, or to break them by as little as can be (RouteWithinBounds), and the
// note says so. Control valves and stations keep the tree's flows: their limits are the
// active elements' rules, and the cheapest mend of a valve's bound was to run the gas
// backwards through a regulator beside it, which the control loop then shut as a
// regulator passing gas backwards. Bridges (on no loop) carry what the balances give them.
void Solver::RouteIdealLoops(const std::vector<int>& order, const std::vector<int>& parent) {
  const double rho_n = opt_.gas.norm_density_kg_per_m3;
  if (!(rho_n > 0.0)) return;
  const std::size_t nn = net_.nodes.size(), na = net_.arcs.size();
  const double tol = opt_.mass_tolerance_kg_per_s;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  auto movable = [&](std::size_t i) {
    return arcs_[i].role == Role::kIdeal && net_.arcs[i].kind != ArcKind::kControlValve &&
           net_.arcs[i].kind != ArcKind::kCompressorStation;
  };
  // A direction to keep (SteadyOptions::flow_directions: a .cdf's decisions) bounds its
  // flow as flowMin 0 or flowMax 0 would; looked up once (few are named), and only where
  // some are given.
  std::vector<signed char> direction;
  if (!opt_.flow_directions.empty()) direction.assign(na, 0);
  for (const auto& [id, forward] : opt_.flow_directions)
    if (const auto idx = net_.FindArc(id)) direction[*idx] = forward ? 1 : -1;
  auto bounds = [&](std::size_t i, double* lo, double* hi) {
    const Arc& a = net_.arcs[i];
    *lo = -kInf;
    *hi = kInf;
    if (!(a.flow_min_m3_per_s == 0.0 && a.flow_max_m3_per_s == 0.0)) {
      *lo = a.flow_min_m3_per_s * rho_n;
      if (a.flow_max_m3_per_s >= a.flow_min_m3_per_s) *hi = a.flow_max_m3_per_s * rho_n;
    }
    if (direction.empty()) return;
    if (direction[i] > 0) *lo = std::max(*lo, 0.0);
    if (direction[i] < 0) *hi = std::min(*hi, 0.0);
  };
  auto outside = [&](double q, double lo, double hi) { return q < lo - tol || q > hi + tol; };
  // Nothing more where no ideal element is outside its bounds (every solve with a loop of
  // ideal elements comes here: GasLib-4197's seven).
  std::vector<char> out(na, 0);
  bool any = false;
  for (std::size_t i = 0; i < na; ++i) {
    if (!movable(i)) continue;
    double lo = 0.0, hi = 0.0;
    bounds(i, &lo, &hi);
    any |= out[i] = outside(sol_->mass_flow_kg_per_s[i], lo, hi);
  }
  if (!any) return;
  // The trees (each from its root in `order`) that hold both a chord and an element
  // outside its bounds.
  std::vector<int> tree(nn, -1);
  int trees = -1;
  for (const int v : order) tree[v] = parent[v] < 0 ? ++trees : trees;
  std::vector<char> chord(static_cast<std::size_t>(trees + 1), 0), bad = chord;
  for (std::size_t i = 0; i < na; ++i) {
    if (!movable(i)) continue;
    const int k = static_cast<int>(i);
    chord[tree[af_[i]]] |= parent[af_[i]] != k && parent[at_[i]] != k;
    bad[tree[af_[i]]] |= out[i];
  }
  std::vector<int> local(nn, -1), ids, arc_of;  // the loops' nodes and arcs, numbered from 0
  auto local_of = [&](int v) {
    if (local[v] < 0) {
      local[v] = static_cast<int>(ids.size());
      ids.push_back(v);
    }
    return local[v];
  };
  std::vector<LoopArc> loop;
  std::vector<double> flow;
  for (std::size_t i = 0; i < na; ++i) {
    if (!movable(i) || !chord[tree[af_[i]]] || !bad[tree[af_[i]]]) continue;
    LoopArc a;
    bounds(i, &a.lo, &a.hi);
    a.from = local_of(af_[i]);
    a.to = local_of(at_[i]);
    loop.push_back(a);
    flow.push_back(sol_->mass_flow_kg_per_s[i]);
    arc_of.push_back(static_cast<int>(i));
  }
  // Only the elements on a loop (not bridges) can change.
  const std::vector<char> bridge = Bridges(static_cast<int>(ids.size()), loop);
  std::vector<LoopArc> cyc;
  std::vector<double> cyc_flow;
  std::vector<int> cyc_arc;
  int before = 0;
  for (std::size_t k = 0; k < loop.size(); ++k) {
    if (bridge[k]) continue;
    cyc.push_back(loop[k]);
    cyc_flow.push_back(flow[k]);
    cyc_arc.push_back(arc_of[k]);
    before += out[arc_of[k]];
  }
  if (before == 0) return;
  // (A work limit of 2e7 edge relaxations: the whole solve of a chain of 800 parallel valve
  // pairs, each pair's bound broken by the tree, took about 0.01 s.)
  const bool least = RouteWithinBounds(static_cast<int>(ids.size()), cyc, tol, 20'000'000L,
                                       &cyc_flow);
  int after = 0;
  bool moved = false;
  for (std::size_t k = 0; k < cyc.size(); ++k) {
    moved |= cyc_flow[k] != sol_->mass_flow_kg_per_s[cyc_arc[k]];
    sol_->mass_flow_kg_per_s[cyc_arc[k]] = cyc_flow[k];
    after += outside(cyc_flow[k], cyc[k].lo, cyc[k].hi);
  }
  if (!moved) return;
  sum_->notes.back() += fmt::format(
      "; where those flows left {} element{} on such loops outside {} flow bounds (flowMin, "
      "flowMax, a direction to keep), the flows around the loops were moved to keep them{}",
      before, before == 1 ? "" : "s", before == 1 ? "its" : "their",
      after == 0 ? std::string()
      : least    ? fmt::format(" (no flow around them keeps all: {} {} outside, with the least "
                               "flow beyond the bounds)",
                               after, after == 1 ? "stays" : "stay")
                 : fmt::format(" ({} {} outside where the search's work limit ended it)", after,
                               after == 1 ? "stays" : "stay"));
}

void Solver::ExpandRates() {
  const std::size_t na = net_.arcs.size();
  sol_->friction_factor.assign(na, kNaN);
  sol_->velocity_m_per_s.assign(na, kNaN);
  // Pipes whose flow may reach the isothermal speed of sound at their lower-pressure end
  // (below): candidates by z at the mean pressure, each half its own list.
  std::vector<int> sonic[2];
  // Likewise pipes whose gas may run faster than SteadyOptions::velocity_note_m_per_s there.
  std::vector<int> fast[2];
  // Fixed-loss resistors whose smoothed law (docs/physics.md) applies under 90 % of their
  // loss: |q| below about 2 delta. Said, not left to be found in arcs.csv (0.5 bar read 0.1).
  std::vector<int> partial[2];
  const double v_note = opt_.velocity_note_m_per_s;
  // pandapipes' pipe law has its own density, rho_n T_n p / (T p_n Z(p)), from the norm
  // density inside the law rather than R_s: the velocities follow the law's gas (the two
  // differ by 1 % on GasLib-582's data).
  const double rho_scale =
      opt_.pipe_model != PipeModel::kPandapipes
          ? 1.0
          : (opt_.gas.pipe_law_norm_density_kg_per_m3 > 0.0
                 ? opt_.gas.pipe_law_norm_density_kg_per_m3
                 : opt_.gas.norm_density_kg_per_m3) *
                opt_.gas.normal_temperature_K * eos_.specific_gas_constant /
                opt_.gas.normal_pressure_Pa;
  const bool holds = sum_->verdict == Verdict::kConverged;  // else no state to judge
  // (On large systems two halves side by side.)
  steady_internal::RunHalves(Halves(na), na, [&](int h, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const ArcModel& m = arcs_[i];
      const double q = sol_->mass_flow_kg_per_s[i];
      const double pf = sol_->pressure_Pa[af_[i]];
      const double pt = sol_->pressure_Pa[at_[i]];
      double d = m.diameter;
      // (Not a resistor under pandapipes' law: a pipe of length 0 whose placeholder factor
      // does not enter, written as 0.01 in arcs.csv.)
      if (m.role == Role::kPipe && !m.drag) {
        sol_->friction_factor[i] = physics::FrictionFactor(m.law->friction, q).lambda;
      } else if (holds && m.role == Role::kResistorFixed &&
                 std::abs(q) < kPartialLossShare * std::hypot(q, physics::kSignSmoothing)) {
        partial[h].push_back(static_cast<int>(i));
      }
      if (d > 0.0 && std::isfinite(pf) && std::isfinite(pt)) {
        const double pm = physics::MeanPipePressure(pf, pt).pm;
        const physics::DensityValue dv = physics::Density(*m.law->eos, pm);
        const double area = 0.25 * units::kPi * d * d;
        sol_->velocity_m_per_s[i] = q / (dv.rho * rho_scale * area);
        // v^2 >= p / rho at the low end <=> q^2 >= p_low^2 A^2 / (z_low R_s T); candidates
        // with z from the mean pressure (z R_s T = p_m / rho_m: z moves little), a 10 %
        // margin on the flow, no division.
        const double pl = std::min(pf, pt);
        if (holds && m.role == Role::kPipe && m.has_length &&
            q * q * pm >= 0.81 * pl * pl * area * area * dv.rho * rho_scale)
          sonic[h].push_back(static_cast<int>(i));
        // (the low end's velocity is about v_m p_m / p_low; a 10 % margin)
        if (holds && v_note > 0.0 && m.role == Role::kPipe && m.has_length &&
            std::abs(sol_->velocity_m_per_s[i]) * pm >= 0.9 * v_note * pl)
          fast[h].push_back(static_cast<int>(i));
      }
    }
  });
  // The isothermal model holds below the isothermal speed of sound sqrt(p / rho) =
  // sqrt(z R T), R the pipe law's gas constant (under pandapipes' law p_n / (T_n rho_n),
  // whose density the velocities take: R_s judged a pipe at 371 m/s as below 356 m/s):
  // beyond it a steady isothermal flow chokes (its pressure gradient would change sign).
  // Listed here; Choked() makes such a state infeasible.
  sum_->sonic_flows.clear();
  for (const std::vector<int>& list : sonic)
    for (int i : list) {
      const double p_low = std::min(sol_->pressure_Pa[af_[i]], sol_->pressure_Pa[at_[i]]);
      const physics::EosParams& eos = *arcs_[i].law->eos;
      const double z = physics::Compressibility(eos, p_low).z;
      const double rt = eos.specific_gas_constant * eos.temperature_K;
      const double d = arcs_[i].diameter;
      const double limit = p_low * 0.25 * units::kPi * d * d / std::sqrt(z * rt / rho_scale);
      if (!(std::abs(sol_->mass_flow_kg_per_s[i]) >= limit)) continue;
      sum_->sonic_flows.push_back(
          {net_.arcs[i].id, sol_->mass_flow_kg_per_s[i], limit, p_low});
    }
  std::sort(sum_->sonic_flows.begin(), sum_->sonic_flows.end(),
            [](const SonicFlow& a, const SonicFlow& b) {
              return std::abs(a.mass_flow_kg_per_s) / a.choking_flow_kg_per_s >
                     std::abs(b.mass_flow_kg_per_s) / b.choking_flow_kg_per_s;
            });
  if (const std::size_t n = partial[0].size() + partial[1].size(); n > 0) {
    // The one applying the least of its loss.
    int least = -1;
    double least_share = 2.0;
    for (const std::vector<int>& list : partial)
      for (int i : list) {
        const double q = sol_->mass_flow_kg_per_s[i];
        const double share = std::abs(q) / std::hypot(q, physics::kSignSmoothing);
        if (share < least_share) {
          least_share = share;
          least = i;
        }
      }
    sum_->notes.push_back(fmt::format(
        "{} resistor{} with a fixed pressure loss carr{} under {:.3g} kg/s, where the law, "
        "smoothed through zero flow (loss x q / sqrt(q^2 + {:g}^2)), applies less than {:g} % "
        "of the loss (the least, resistor '{}': {:.4g} kg/s, {:.3g} % of its {:.6g} bar)",
        n, n == 1 ? "" : "s", n == 1 ? "ies" : "y",
        physics::kSignSmoothing * kPartialLossShare /
            std::sqrt(1.0 - kPartialLossShare * kPartialLossShare),
        physics::kSignSmoothing, 100.0 * kPartialLossShare, net_.arcs[least].id,
        sol_->mass_flow_kg_per_s[least], 100.0 * least_share,
        arcs_[least].value / units::kBar));
  }
  // The velocity at the low end, where the gas expands most: a pipe at 0.5 bar there ran at
  // 337 m/s while its mean-pressure velocity read 13.5 m/s, with no note below Mach 1.
  int faster = 0;
  std::size_t fastest = na;
  double fastest_v = 0.0;
  for (const std::vector<int>& list : fast)
    for (int i : list) {
      const double p_low = std::min(sol_->pressure_Pa[af_[i]], sol_->pressure_Pa[at_[i]]);
      const double d = arcs_[i].diameter;
      const double rho_low = physics::Density(*arcs_[i].law->eos, p_low).rho * rho_scale;
      const double v =
          std::abs(sol_->mass_flow_kg_per_s[i]) / (rho_low * 0.25 * units::kPi * d * d);
      if (!(v > v_note)) continue;
      ++faster;
      if (v > fastest_v) {
        fastest_v = v;
        fastest = static_cast<std::size_t>(i);
      }
    }
  if (faster > 0)
    sum_->notes.push_back(fmt::format(
        "{} pipe{} carr{} gas faster than {:g} m/s at {} lower-pressure end (the fastest, "
        "pipe '{}': {:.4g} m/s at {:.4f} bar, {:.4g} m/s at its mean pressure)",
        faster, faster == 1 ? "" : "s", faster == 1 ? "ies" : "y", v_note,
        faster == 1 ? "its" : "their", net_.arcs[fastest].id, fastest_v,
        std::min(sol_->pressure_Pa[af_[fastest]], sol_->pressure_Pa[at_[fastest]]) /
            units::kBar,
        std::abs(sol_->velocity_m_per_s[fastest])));
}

void Solver::CheckEquations(std::string* violation_out) {
  // Independent re-evaluation of every equation on the expanded solution.
  const std::size_t nn = net_.nodes.size(), na = net_.arcs.size();
  std::vector<double> bal(nn, 0.0);
  max_flow_scale_ = 0.0;  // a bound on what meets at a node (CheckAdmissible)
  double max_flow = 0.0;
  for (std::size_t v = 0; v < nn; ++v) {
    bal[v] = sol_->injection_kg_per_s[v];
    max_flow_scale_ = std::max(max_flow_scale_, std::abs(bal[v]));
  }
  for (std::size_t i = 0; i < na; ++i) {
    bal[af_[i]] -= sol_->mass_flow_kg_per_s[i];
    bal[at_[i]] += sol_->mass_flow_kg_per_s[i];
    max_flow = std::max(max_flow, std::abs(sol_->mass_flow_kg_per_s[i]));
  }
  max_flow_scale_ += 2.0 * static_cast<double>(na) * max_flow;
  sum_->max_mass_imbalance_kg_per_s = 0.0;
  sum_->worst_mass_node.clear();
  for (std::size_t v = 0; v < nn; ++v) {
    if (std::abs(bal[v]) > sum_->max_mass_imbalance_kg_per_s || sum_->worst_mass_node.empty()) {
      sum_->max_mass_imbalance_kg_per_s = std::max(sum_->max_mass_imbalance_kg_per_s,
                                                   std::abs(bal[v]));
      if (std::abs(bal[v]) >= sum_->max_mass_imbalance_kg_per_s)
        sum_->worst_mass_node = net_.nodes[v].id;
    }
  }
  sum_->max_pressure_residual_Pa = 0.0;
  sum_->worst_residual_arc.clear();
  sum_->arcs_without_pressures = 0;
  std::string violation, also_chords;
  int more_chords = 0;
  std::size_t worst = na;
  // The pendant trees' folded laws by arc (SolveTrees').
  std::vector<int> tree_law;
  if (!tree_arcs_.empty()) {
    tree_law.assign(na, -1);
    for (std::size_t h = 0; h < tree_arcs_.size(); ++h)
      if (tree_prepared_[h]) tree_law[tree_arcs_[h]] = static_cast<int>(h);
  }
  for (std::size_t i = 0; i < na; ++i) {
    const ArcModel& m = arcs_[i];
    const Arc& arc = net_.arcs[i];
    const double pf = sol_->pressure_Pa[af_[i]];
    const double pt = sol_->pressure_Pa[at_[i]];
    const double q = sol_->mass_flow_kg_per_s[i];
    if (!std::isfinite(pf) || !std::isfinite(pt)) {
      ++sum_->arcs_without_pressures;
      continue;
    }
    double r = 0.0;
    if (m.role == Role::kClosed) {
      r = 0.0;
    } else if (m.var >= 0 && !m.chord && act_prepared_[m.var - n_p_]) {
      // A pipe under the folded law: the same values as PipeResidual to rounding.
      r = physics::PreparedPipeResidual(act_pipe_[m.var - n_p_], pf, pt, q).r;
    } else if (m.tree && !tree_law.empty() && tree_law[i] >= 0) {
      r = physics::PreparedPipeResidual(tree_pipe_[tree_law[i]], pf, pt, q).r;
    } else if (!m.chord) {
      r = ArcResidual(m, pf, pt, q).r;
    } else {
      ArcModel plain = m;
      plain.chord = false;
      r = ArcResidual(plain, pf, pt, q).r;
    }
    if (m.chord && std::abs(r) > opt_.pressure_tolerance_Pa && !violation.empty()) {
      // Every further chord that cannot hold its set-point is named beside the first, not
      // left as a residual of "equations that hold" (GasLib-582 with its stations at ratio
      // 1.1 and --ratio-forward-only: 8.4 bar at compressorStation_4 beside a reason naming
      // compressorStation_1 alone).
      if (++more_chords <= 3)
        also_chords += fmt::format("{}{} '{}' (off by {:.6f} bar)",
                                   also_chords.empty() ? "" : ", ", ArcKindName(arc.kind),
                                   arc.id, r / units::kBar);
      continue;
    }
    if (m.chord && std::abs(r) > opt_.pressure_tolerance_Pa && violation.empty()) {
      violation =
          m.own_loop
              ? fmt::format("{} '{}' cannot hold its set-point: it closes a loop of set-point "
                            "or ideal elements (its ends are tied by the others) whose "
                            "set-points contradict each other (off by {:.6f} bar): close or "
                            "bypass one of them, or close what joins its ends",
                            ArcKindName(arc.kind), arc.id, r / units::kBar)
              : fmt::format("{} '{}' cannot hold its set-point: it closes a loop of set-point "
                            "elements and pressure references whose set-points contradict "
                            "each other (off by {:.6f} bar)",
                            ArcKindName(arc.kind), arc.id, r / units::kBar);
      continue;  // reported as the verdict, not as a residual
    }
    if (std::abs(r) >= sum_->max_pressure_residual_Pa) {
      sum_->max_pressure_residual_Pa = std::abs(r);
      worst = i;
    }
  }
  if (worst < na) sum_->worst_residual_arc = net_.arcs[worst].id;
  if (more_chords > 0)
    violation += fmt::format("; likewise {}{}", also_chords,
                             more_chords > 3 ? fmt::format(" and {} more", more_chords - 3)
                                             : std::string());
  *violation_out = std::move(violation);
}

void Solver::CheckAdmissible(std::string violation) {
  const std::size_t nn = net_.nodes.size(), na = net_.arcs.size();
  if (sum_->verdict != Verdict::kConverged) return;
  // The equations can hold where no gas exists: a correlation's z can fall to zero or below
  // (linear z above ~455 bar, AGA above ~13 p_c, Papay at low T). Such a state is not a
  // solution, whatever the residuals say.
  for (std::size_t v = 0; v < nn; ++v) {
    const double p = sol_->pressure_Pa[v];
    if (!std::isfinite(p)) continue;
    const double z = physics::Compressibility(eos_, p).z;
    if (!(z > 0.0)) {
      sum_->verdict = Verdict::kFailed;
      sum_->reason = fmt::format(
          "the solution leaves the range of the equation of state {}: z = {:.4g} at node "
          "'{}' (p = {:.3f} bar, T = {:.2f} K); no gas exists in that state",
          EquationOfStateName(opt_.eos), z, net_.nodes[v].id, p / units::kBar,
          eos_.temperature_K);
      return;
    }
  }
  // Nor where the gas passes such a state between two nodes that have gas: Papay's z is
  // quadratic in p, and below its chart (-100 degC) negative between two pressures only (a
  // pipe from 400 to 100 bar "converged" with z(p_m) = -0.08 in its law). Where z's least
  // has no gas, each pipe and resistor whose ends lie on either side of it is judged (the
  // other correlations' least between two nodes is at one of them, judged above).
  // (Where the arcs carry gases of their own, each is judged with its own gas below.)
  if (arc_eos_.empty()) {
    const double p_least = InteriorLeastZPressure(eos_);
    const double z_least = p_least > 0.0 ? physics::Compressibility(eos_, p_least).z : 1.0;
    if (!(z_least > 0.0))
      for (std::size_t i = 0; i < na; ++i) {
        const Arc& arc = net_.arcs[i];
        if (arc.kind != ArcKind::kPipe && arc.kind != ArcKind::kResistor) continue;
        const double pf = sol_->pressure_Pa[af_[i]], pt = sol_->pressure_Pa[at_[i]];
        if (!(std::min(pf, pt) < p_least && p_least < std::max(pf, pt))) continue;
        sum_->verdict = Verdict::kFailed;
        sum_->reason = fmt::format(
            "the solution leaves the range of the equation of state {}: {} '{}' runs from "
            "{:.3f} to {:.3f} bar, through {:.3f} bar, where z = {:.4g} (T = {:.2f} K); no "
            "gas exists in that state",
            EquationOfStateName(opt_.eos), ArcKindName(arc.kind), arc.id, pf / units::kBar,
            pt / units::kBar, p_least / units::kBar, z_least, eos_.temperature_K);
        return;
      }
  }
  // Where the arcs carry gases of their own (SteadyOptions::arc_gas), each pipe's and
  // resistor's own gas at its ends and at its z's least between them: the nodes' checks
  // above are the options' gas's.
  for (std::size_t i = 0; i < arc_eos_.size(); ++i) {
    const Arc& arc = net_.arcs[i];
    if (arc.kind != ArcKind::kPipe && arc.kind != ArcKind::kResistor) continue;
    const double pf = sol_->pressure_Pa[af_[i]], pt = sol_->pressure_Pa[at_[i]];
    if (!std::isfinite(pf) || !std::isfinite(pt)) continue;
    const physics::EosParams& eos = arc_eos_[i];
    const auto [z, at] = LeastZBetween(eos, pf, pt);
    if (z > 0.0) continue;
    sum_->verdict = Verdict::kFailed;
    sum_->reason = fmt::format(
        "the solution leaves the range of the equation of state {} for the gas {} '{}' "
        "carries (molar mass {:.5g} g/mol): z = {:.4g} at {:.3f} bar (T = {:.2f} K); no gas "
        "exists in that state",
        EquationOfStateName(opt_.eos), ArcKindName(arc.kind), arc.id,
        units::kGasConstant / eos.specific_gas_constant * 1e3, z, at / units::kBar,
        eos.temperature_K);
    return;
  }
  // Balances that double precision cannot check: where the flows meeting at a node sum to
  // more than the mass tolerance / 1e-15 (1e8 kg/s at the default 1e-7), and to more than
  // 1e6 kg/s (a thousand times any pipeline's: a tight tolerance alone never rejects a
  // real network), a node's imbalance is lost in their rounding. (A random stress run
  // converged to 4e280 kg/s circulating between two fixed-loss resistors, the balances
  // "holding" to 1e-14 kg/s.)
  if (const double limit = std::max(1e6, opt_.mass_tolerance_kg_per_s * 1e15);
      max_flow_scale_ > limit) {  // else no node can reach it
    std::vector<double> scale(nn, 0.0);
    for (std::size_t v = 0; v < nn; ++v) scale[v] = std::abs(sol_->injection_kg_per_s[v]);
    for (std::size_t i = 0; i < na; ++i) {
      const double q = std::abs(sol_->mass_flow_kg_per_s[i]);
      scale[af_[i]] += q;
      scale[at_[i]] += q;
    }
    for (std::size_t v = 0; v < nn; ++v) {
      if (!(scale[v] > limit)) continue;
      sum_->verdict = Verdict::kFailed;
      sum_->reason = fmt::format(
          "flows of {:.3g} kg/s meet at node '{}': its balance cannot be checked to {:.3g} "
          "kg/s in double precision, and no pipeline carries such flows (not a physical "
          "state: an element whose law flattens out at large flows let them grow)",
          scale[v], net_.nodes[v].id, opt_.mass_tolerance_kg_per_s);
      return;
    }
  }
  // Physical admissibility of the set-points.
  for (std::size_t i = 0; i < na && violation.empty(); ++i) {
    const ArcModel& m = arcs_[i];
    // (Only stations and control valves are judged here, never in these roles.)
    if (m.role == Role::kPipe || m.role == Role::kIdeal || m.role == Role::kClosed) continue;
    const Arc& arc = net_.arcs[i];
    const double pf = sol_->pressure_Pa[af_[i]];
    const double pt = sol_->pressure_Pa[at_[i]];
    const double q = sol_->mass_flow_kg_per_s[i];
    const double tol = opt_.pressure_tolerance_Pa;
    if (arc.kind == ArcKind::kCompressorStation && m.role != Role::kIdeal &&
        m.role != Role::kClosed && m.role != Role::kRatioForward) {
      if (q < -opt_.mass_tolerance_kg_per_s)
        violation = fmt::format(
            "compressor station '{}' would run backwards ({:.6g} kg/s from '{}' to '{}'): "
            "its set-point forces gas against the flow; close or bypass it",
            arc.id, -q, arc.to, arc.from);
      else if (m.role == Role::kRatio && m.value < 1.0)
        violation = fmt::format(
            "compressor station '{}' is set to the pressure ratio {:.6g} < 1: a compressor "
            "cannot reduce pressure (use a control valve, or bypass the station)",
            arc.id, m.value);
      else if (m.role == Role::kOutlet && pt < pf - tol)
        violation = fmt::format(
            "compressor station '{}' cannot reach its outlet pressure {:.6f} bar: its inlet "
            "pressure is already {:.6f} bar (a compressor cannot reduce pressure)",
            arc.id, m.value / units::kBar, pf / units::kBar);
      else if (pt < pf - tol && !(m.role == Role::kFlowSet && m.value == 0.0))
        // (A flow set-point of 0 passes nothing: shut, it holds any difference.)
        violation = fmt::format(
            "compressor station '{}' would have to reduce pressure ({:.6f} bar in, {:.6f} "
            "bar out) to hold its {}: a compressor cannot reduce pressure",
            arc.id, pf / units::kBar, pt / units::kBar,
            m.role == Role::kInlet     ? "inlet pressure set-point"
            : m.role == Role::kFlowSet ? "flow set-point"
                                       : "operating limit");
    }
    if (arc.kind == ArcKind::kControlValve &&
        (m.role == Role::kOutlet || m.role == Role::kDeltaP || m.role == Role::kInlet ||
         m.role == Role::kLimit || m.role == Role::kFlowSet)) {
      if (pf < pt - tol)
        violation = fmt::format(
            "control valve '{}' cannot reach its outlet pressure {:.6f} bar: its inlet "
            "pressure is only {:.6f} bar",
            arc.id, pt / units::kBar, pf / units::kBar);
      else if (q < -opt_.mass_tolerance_kg_per_s)
        violation = fmt::format("control valve '{}' would pass {:.6g} kg/s backwards",
                                arc.id, -q);
    }
  }
  if (!violation.empty()) {
    sum_->verdict = Verdict::kInfeasible;
    sum_->reason = violation;
  }
}

void Solver::Choked() {
  // A state whose gas passes the isothermal speed of sound holds the model's equations (its
  // pipe laws have no choking term) but is no steady flow: more is asked of the pipe than
  // it can carry. It was "converged" with a note, exit 0: a scaled GasLib-11 at
  // 3e-5 bar and 1e7 m/s, every instance at the edge of what it carries.
  // (Listed for a choked verdict only: a state another check refused keeps none.)
  if (sum_->verdict != Verdict::kConverged) sum_->sonic_flows.clear();
  if (sum_->verdict != Verdict::kConverged || sum_->sonic_flows.empty()) return;
  const SonicFlow& worst = sum_->sonic_flows.front();
  const std::size_t i = *net_.FindArc(worst.arc_id);
  const Arc& arc = net_.arcs[i];
  const std::string& low =
      sol_->pressure_Pa[at_[i]] <= sol_->pressure_Pa[af_[i]] ? arc.to : arc.from;
  const double ratio = std::abs(worst.mass_flow_kg_per_s) / worst.choking_flow_kg_per_s;
  const double area = 0.25 * units::kPi * arcs_[i].diameter * arcs_[i].diameter;
  const std::size_t n = sum_->sonic_flows.size();
  sum_->verdict = Verdict::kInfeasible;
  // (The flow may be the pressure references', not the nomination's: two references 30 bar
  // apart drove 4 703 kg/s through 10 m of pipe where 22 kg/s were nominated.)
  sum_->reason = fmt::format(
      "pipe '{}' cannot carry the flow the nomination and the pressure references ask of it: "
      "{:.4g} kg/s is {:.3g} times its choking flow of {:.4g} kg/s at node '{}' ({:.4f} bar), "
      "where its gas would pass the isothermal speed of sound, {:.4g} m/s, and a steady flow "
      "chokes (the model's equations hold there, without a choking term, but no such flow "
      "passes){}",
      arc.id, std::abs(worst.mass_flow_kg_per_s), ratio, worst.choking_flow_kg_per_s, low,
      worst.low_pressure_Pa / units::kBar,
      worst.low_pressure_Pa * area / worst.choking_flow_kg_per_s,
      n == 1 ? std::string()
             : fmt::format("; {} pipes are at or beyond their choking flow", n));
  sum_->limiting_node = low;
  sum_->limiting_pressure = PressureLimit::kChoked;
  // Where the gas runs out, as a collapse's nodes: the active elements relieve it and name
  // a regulator it lies behind alike (with finer continuation steps a choke comes before
  // the pressure reaches 0 behind GasLib-4197's controlValve_17).
  if (extras_.collapse_nodes != nullptr) {
    const int v = sol_->pressure_Pa[at_[i]] <= sol_->pressure_Pa[af_[i]] ? at_[i] : af_[i];
    const auto nodes = members_[group_of_[v]];
    extras_.collapse_nodes->assign(nodes.begin(), nodes.end());
  }
}

void Solver::Describe() {
  std::string m = fmt::format(
      "pipe law {}; friction {}; equation of state {}; height term {}; T = {:.3f} K; "
      "R_s = {:.4f} J/(kg K)",
      PipeModelName(opt_.pipe_model), FrictionLawName(opt_.friction),
      EquationOfStateName(opt_.eos), opt_.height_term ? "on" : "off", eos_.temperature_K,
      eos_.specific_gas_constant);
  if (opt_.eos == EquationOfState::kPapay || opt_.eos == EquationOfState::kAga)
    m += fmt::format("; p_c = {:.4f} bar, T_c = {:.3f} K", eos_.pseudocritical_pressure_Pa / 1e5,
                     eos_.pseudocritical_temperature_K);
  if (!arc_eos_.empty()) {
    // The arcs' own gases (SteadyOptions::arc_gas): how many, and their molar masses' range.
    int own = 0;
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (std::size_t i = 0; i < opt_.arc_gas.size(); ++i)
      if (const double mm = opt_.arc_gas[i].molar_mass_kg_per_mol; mm > 0.0) {
        ++own;
        lo = std::min(lo, mm);
        hi = std::max(hi, mm);
      }
    m += own == 0 ? std::string("; a gas per arc given, every arc the gas above")
                  : fmt::format("; {} of {} arcs carry a gas of their own (molar mass {:.4f} to "
                                "{:.4f} g/mol; the gas above is the nodes' and the rest's)",
                                own, arcs_.size(), lo * 1e3, hi * 1e3);
  }
  if (opt_.eos == EquationOfState::kCnga)
    m += fmt::format("; b1 = {:.10g}, b2 = {:.10g} 1/bar", eos_.cnga_b1,
                     eos_.cnga_b2_per_Pa * units::kBar);
  if (opt_.eos == EquationOfState::kLinear)
    m += fmt::format("; z = {} {:+.6g} p[bar]", eos_.linear_z_offset,
                     eos_.linear_z_slope_per_Pa * 1e5);
  if (opt_.friction == FrictionLaw::kColebrookWhite || opt_.friction == FrictionLaw::kHofer ||
      opt_.friction == FrictionLaw::kPandapipesNikuradse)
    m += fmt::format("; viscosity {:.6g} Pa s", opt_.gas.dynamic_viscosity_Pa_s);
  if (opt_.pipe_model == PipeModel::kPandapipes) {
    // (g with its unit, and only where the height term uses it, as for the standard law.)
    // The law's gas constant beside the R_s above, which only the compressor heads use (one
    // R_s read as the pipe law's: 447.8 where the law takes 472.5 J/(kg K)).
    const double rho_n = arcs_.empty() ? 0.0
                         : opt_.gas.pipe_law_norm_density_kg_per_m3 > 0
                             ? opt_.gas.pipe_law_norm_density_kg_per_m3
                             : opt_.gas.norm_density_kg_per_m3;
    m += fmt::format("; pipe-law rho_n = {:.6g} kg/m3, p_n = {} Pa, T_n = {} K{} (its gas "
                     "constant p_n/(T_n rho_n) = {:.4f} J/(kg K); R_s is the compressors')",
                     rho_n, opt_.gas.normal_pressure_Pa, opt_.gas.normal_temperature_K,
                     opt_.height_term ? fmt::format(", g = {} m/s2", opt_.gravity_m_per_s2)
                                      : std::string(),
                     rho_n > 0.0 ? opt_.gas.normal_pressure_Pa /
                                       (opt_.gas.normal_temperature_K * rho_n)
                                 : 0.0);
  } else if (opt_.height_term && opt_.gravity_m_per_s2 != units::kGravity) {
    m += fmt::format("; g = {} m/s2", opt_.gravity_m_per_s2);
  }
  if (opt_.short_pipe_loss_coefficient > 0.0)
    m += fmt::format("; short-pipe loss {:.6g} Pa^2 s^2/kg^2", opt_.short_pipe_loss_coefficient);
  if (opt_.compressor_forward_only) m += "; compressor ratios only on forward flow";
  // What Newton's exact Jacobian differentiates besides the flows and pressures: z(p_m)
  // except for the ideal gas, lambda(Re) only for the laws that have a Reynolds number
  // (Nikuradse's depends on k/D alone, a fixed factor on nothing). CNGA's law integrates
  // z(p) over the pipe (no z(p_m)), and its z is constant where b2 is 0.
  // (Under the pandapipes pipe model CNGA's z is taken at p_m, as any equation of state's.)
  const bool cnga = opt_.eos == EquationOfState::kCnga && opt_.pipe_model == PipeModel::kStandard;
  const bool z_varies = cnga ? eos_.cnga_b2_per_Pa != 0.0 : opt_.eos != EquationOfState::kIdeal;
  const bool lambda_varies = opt_.friction == FrictionLaw::kColebrookWhite ||
                             opt_.friction == FrictionLaw::kHofer ||
                             opt_.friction == FrictionLaw::kPandapipesNikuradse;
  if (z_varies || lambda_varies)
    m += fmt::format("; {}{}{} inside Newton (exact Jacobian)",
                     z_varies ? (cnga ? "z(p) in the pressure integral" : "z(p_m)") : "",
                     z_varies && lambda_varies ? " and " : "",
                     lambda_varies ? "lambda(Re)" : "");
  else
    m += "; exact Jacobian";
  if (opt_.friction == FrictionLaw::kFixed)
    m += "; lambda fixed per pipe";
  sum_->model = m;
  const GasModel& g = opt_.gas;
  sum_->gas = fmt::format(
      "{}; rho_n = {:.6g} kg/m3, H_s = {:.6g} MJ/m3, kappa = {:.4f}",
      !g.origin.empty() ? g.origin
      : g.from_sources  ? "from the sources (the nominated entries' mixture)"
                        : "given",
      g.norm_density_kg_per_m3, g.calorific_value_J_per_m3 / 1e6, g.isentropic_exponent);
}

// The ordering and symbolic analysis on a second thread (parallel.h's, as for the other
// passes: a thread of its own beside that spinning one would make three on two cores)
// while this one builds the balance rows, the tree start and the linear network's secants
// for the first Newton start, and, with own_pattern, the pattern itself (PatternUnknowns,
// PatternEntries), which the analysis then builds for itself from the arcs' roles and ends
// (EarlyPattern). Once the factor's arrays exist, this thread faults their pages in
// (TouchPages), and the analysis' thread joins it when done: on the 200 x 200 lattice that
// first touch of 17 MB cost several ms inside the first factorizations. The parts are
// fixed: part 1 analyses, part 0 sets up and then waits for the factor's memory (run in
// turn, part 1 comes first).
void Solver::AnalyzeBeside(NodalLu& lu, bool own_pattern) {
  const int arcs = n_ - n_p_;
  bool analyzed = false;
  // With own_pattern, PatternUnknowns runs beside the analysis, which makes the kept
  // flows' part of the static pivots' inputs itself (EarlyPattern).
  StaticPivotInputs(lu, !own_pattern);
  std::atomic<bool> memory_known{false};
  steady_internal::FreshMemory fresh[2];
  auto known = [&memory_known]() {
    memory_known.store(true, std::memory_order_release);
    std::atomic_thread_fence(std::memory_order_seq_cst);  // (see parallel.cpp's Publish)
    memory_known.notify_one();
  };
  // Both parts fault the pages in, 2 MiB at a time, the analysis' once it is done.
  std::atomic<std::size_t> next_piece{0};
  auto touch = [&]() {
    constexpr std::size_t kPiece = std::size_t{2} << 20;
    for (std::size_t k = next_piece.fetch_add(1);; k = next_piece.fetch_add(1)) {
      std::size_t at = k * kPiece;
      int a = 0;
      for (; a < 2 && at >= fresh[a].bytes; ++a) at -= fresh[a].bytes;
      if (a == 2) return;
      steady_internal::TouchPages({static_cast<char*>(fresh[a].p) + at,
                                   std::min(kPiece, fresh[a].bytes - at)});
    }
  };
  steady_internal::RunTwo(true, [&](int h) {
    if (h == 1) {
      // However the analysis ends (no Cholesky factor, a failure, an exception), the other
      // part stops waiting.
      struct Known {
        const decltype(known)& set;
        ~Known() { set(); }
      } at_end{known};
      std::vector<int> ap, ai;
      // (n_red_ only where the other part does not write it: PatternUnknowns does, beside
      // this, with own_pattern; a thread sanitizer named the read.)
      int n = 0;
      if (own_pattern) {
        n = EarlyPattern(&ap, &ai, &lu.flow_ends, &lu.flows_pairable);
      } else {
        n = n_red_;
        ap = rp_;
        ai = ri_;
      }
      analyzed = lu.Analyze(n, std::move(ap), std::move(ai), arcs, n == n_p_,
                            [&](std::span<const steady_internal::FreshMemory> m) {
                              for (std::size_t k = 0; k < m.size() && k < 2; ++k) fresh[k] = m[k];
                              known();
                            });
      touch();
      // The pendant trees' data into this thread's caches, where it solves them after
      // Newton (Run()): written by the other thread in Number(), they came to it a cache
      // line at a time, and in some stretches of a 2-vCPU machine SolveTrees took 215 us
      // there against 79 us on the first thread (GasLib-4197; warmed here 98 us, the solve
      // 5 to 6 % shorter; in others no slower unwarmed: docs/benchmarks.md, 48th session).
      // Nothing of them is written after Number().
      if (Beside() && steady_internal::OnSecondThread()) WarmTrees();
      return;
    }
    if (own_pattern) {
      PatternUnknowns();  // its halves on this thread alone, inside this region
      PatternEntries();
    }
    BuildRows();
    InitialGuess();
    // The linear network of the start Run() takes next (not for a tree, whose start is the
    // solution, nor where a warm start comes first).
    if (!forest_ && extras_.warm == nullptr) {
      PrepareLinear(&early_linear_);
      early_linear_ready_ = true;
    }
    // (Where the second thread has not begun the analysis, this thread runs it first: a
    // second thread given no processor left this wait without end.)
    steady_internal::RunPartOneIfNotBegun();
    memory_known.wait(false, std::memory_order_acquire);
    touch();
  }, 1);
  // EarlyPattern builds what PatternUnknowns and PatternEntries do; were they ever to
  // differ, the analysis is made again for the pattern the solver uses.
  if (own_pattern && analyzed &&
      !(lu.Matches(rp_, ri_, arcs, n_red_ == n_p_) && lu.flow_ends == flow_ends_ &&
        lu.flows_pairable == flows_pairable_)) {
    StaticPivotInputs(lu, true);
    analyzed = lu.Analyze(n_red_, rp_, ri_, arcs, n_red_ == n_p_);
    if (workspace_ != nullptr) ++workspace_->analyses;  // a second one, counted
  }
  early_analysis_ = analyzed ? 1 : 0;
}

Status Solver::Run() {
  const auto t0 = Clock::now();
  *sum_ = SteadySummary{};
  *sol_ = SteadySolution{};
  if (Status s = opt_.Validate(); !s.ok()) return s;
  if (inj_.size() != net_.nodes.size())
    return Status::InvalidArgument(fmt::format(
        "injection vector has {} entries for {} nodes", inj_.size(), net_.nodes.size()));
  for (std::size_t v = 0; v < inj_.size(); ++v)
    if (!std::isfinite(inj_[v]))
      return Status::InvalidArgument(
          fmt::format("injection at node '{}' is not finite", net_.nodes[v].id));
  eos_ = steady_internal::MakeEos(opt_);
  sum_->norm_density_kg_per_m3 = opt_.gas.norm_density_kg_per_m3;
  sum_->temperature_K = eos_.temperature_K;
  if (Status s = Classify(); !s.ok()) return s;
  Describe();
  sum_->verdict = Verdict::kConverged;
  if (Status s = Slacks(); !s.ok()) return s;
  const bool go = sum_->verdict == Verdict::kConverged && Components();
  if (go)
    if (Status s = GasAtReferences(); !s.ok()) return s;
  if (go) {
    Number();
    // The ordering and symbolic analysis of a system of kAnalysisThreadMin unknowns or more
    // (AMD and NodalCholesky's: about 14 ms of the 200 x 200 lattice's solve; OrderPruned
    // and the static pivots' on GasLib-4197) go to a second thread beside the
    // rest of the setup (AnalyzeBeside). The pattern follows from the arcs' roles and ends
    // alone, and the analysis starts before this thread builds it (on GasLib-4197, whose 19
    // resistors keep their flows, it waited for PatternUnknowns and PatternEntries until
    // the twelfth round). Small systems, and a workspace that already holds an analysis,
    // keep the plain order.
    NodalLu& lu = Lu();
    pivots_before_ = lu.pivoting;
    lu.SetThreads(two_threads_ ? 2 : 1);
    if (EarlyAnalysis() && !lu.analysed) {
      AnalyzeBeside(lu, true);
    } else {
      PatternUnknowns();
      PatternEntries();
      if (two_threads_ && n_red_ >= kAnalysisThreadMin &&
          !lu.Matches(rp_, ri_, n_ - n_p_, n_red_ == n_p_)) {
        AnalyzeBeside(lu, false);
      } else {
        BuildRows();
        InitialGuess();
      }
    }
    sum_->factored_unknowns = n_red_;
  }
  const auto t1 = Clock::now();
  solve_start_ = t1;
  sum_->setup_seconds = Seconds(t0, t1);
  if (!go) {
    sum_->solve_seconds = 0.0;
    sol_->pressure_Pa.assign(net_.nodes.size(), kNaN);
    sol_->mass_flow_kg_per_s.assign(net_.arcs.size(), kNaN);
    sol_->friction_factor.assign(net_.arcs.size(), kNaN);
    sol_->velocity_m_per_s.assign(net_.arcs.size(), kNaN);
    sol_->injection_kg_per_s = inj_;
    return Status::Ok();
  }
  // Two starts: the linear-network flows (loop-aware: LinearFlows) and the spanning-tree
  // flows. The linear network comes first: with its linear-theory passes its residual was
  // orders of magnitude below the tree's on every reference case and every feasible GasLib
  // nomination from 0.25x to 3x (GasLib-4197: 1e16 against 5e19), set-point networks
  // included. A network whose active arcs are all on the tree starts from the tree, which
  // solves it. The other start runs only if the first does not converge; its verdict is the
  // one reported, the first is noted.
  const std::vector<double> tree_guess = x_;
  // A warm start (the previous state of the same network, from the caller's outer loop
  // over element limits) comes first; the cold starts remain the fallback.
  bool converged = false;
  if (WarmGuess()) {
    converged = Newton(Start::kGiven);
    if (!converged) {
      sum_->notes.push_back(fmt::format(
          "the warm start from the previous state ended {} after {} ({}); restarted cold",
          VerdictName(sum_->verdict), Iterations(sum_->iterations), sum_->reason));
      sum_->trace.clear();
      x_ = tree_guess;
      positivity_caps_ = 0;
      min_p_group_ = -1;
    }
  }
  if (!converged) converged = Newton(forest_ ? Start::kGiven : Start::kLinear);
  // A second start where there is another one: not where the linear network failed.
  if (!converged && (linear_start_ || forest_)) {
    const bool linear_first = linear_start_;
    const std::string first = fmt::format(
        "the first Newton start ({} flows) ended {} after {} ({}); restarted from the {} flows",
        linear_first ? "linear-network" : "spanning-tree", VerdictName(sum_->verdict),
        Iterations(sum_->iterations), sum_->reason,
        linear_first ? "spanning-tree" : "linear-network");
    const int first_iterations = sum_->iterations;
    const Verdict first_verdict = sum_->verdict;
    const std::string first_reason = sum_->reason;
    const int first_collapse = collapse_group_, first_collapse_node = collapse_node_;
    std::vector<IterationRecord> first_trace = std::move(sum_->trace);
    sum_->trace.clear();
    x_ = tree_guess;
    if (!forest_) PropagatePressures();
    positivity_caps_ = 0;
    min_p_group_ = -1;
    converged = Newton(linear_first ? Start::kGiven : Start::kLinear);
    sum_->notes.push_back(first);
    sum_->iterations += first_iterations;
    first_trace.insert(first_trace.end(), sum_->trace.begin(), sum_->trace.end());
    sum_->trace = std::move(first_trace);
    // An infeasibility found by one start outweighs a numerical failure of the other; of
    // two infeasibilities, the linear network's names the place (the tree start's flows run
    // the whole nomination down the tree's long paths, and where it collapses says more of
    // the tree than of the network: 13 unrelated failing settings of GasLib-4197's control
    // valves named its sink_821, where the linear start had found e.g. the valve's outlet).
    if (!converged && first_verdict == Verdict::kInfeasible &&
        (sum_->verdict == Verdict::kFailed ||
         (linear_first && sum_->verdict == Verdict::kInfeasible))) {
      if (sum_->verdict == Verdict::kInfeasible)
        sum_->notes.back() += fmt::format(", which ended {} after {} ({}) too",
                                          VerdictName(sum_->verdict),
                                          Iterations(sum_->iterations - first_iterations),
                                          sum_->reason);
      sum_->verdict = first_verdict;
      sum_->reason = first_reason;
      collapse_group_ = first_collapse;
      collapse_node_ = first_collapse_node;
    }
  }
  // A third start where the first ones propagated pressures beyond the equation of state's
  // range (z below 0.1): the linear-network start again with its pressures held below that
  // (a pipe that cannot carry its start flow marched them up to 750 bar, where AGA's z is
  // negative). Random stress, 16 000 networks: two that ended "infeasible" though a state
  // exists converge with it. Holding the pressures below that from the first start instead
  // converged seven such networks but lost six that converge now: a retry, not the start.
  if (!converged && cap_bound_ && !forest_) {
    const std::string before = fmt::format(
        "the first Newton starts ended {} after {} ({}); restarted from the "
        "linear-network flows with the start's pressures held below {:.3f} bar, where z "
        "falls to 0.1",
        VerdictName(sum_->verdict), Iterations(sum_->iterations), sum_->reason,
        StartPressureCap() / units::kBar);
    const int before_iterations = sum_->iterations;
    const Verdict before_verdict = sum_->verdict;
    const std::string before_reason = sum_->reason;
    const int before_collapse = collapse_group_, before_collapse_node = collapse_node_;
    std::vector<IterationRecord> before_trace = std::move(sum_->trace);
    sum_->trace.clear();
    x_ = tree_guess;
    cap_start_ = true;
    positivity_caps_ = 0;
    min_p_group_ = -1;
    converged = Newton(Start::kLinear);
    cap_start_ = false;
    // Taken only where its state is one of gas (z > 0 at every pressure): a state that
    // holds the equations beyond the range would turn a verdict into another failure.
    for (int i = 0; i < n_p_ && converged; ++i)
      converged = x_[i] > 0.0 && physics::Compressibility(eos_, x_[i]).z > 0.0;
    sum_->notes.push_back(before);
    sum_->iterations += before_iterations;
    before_trace.insert(before_trace.end(), sum_->trace.begin(), sum_->trace.end());
    sum_->trace = std::move(before_trace);
    if (!converged) {  // the first starts' verdict stands
      sum_->verdict = before_verdict;
      sum_->reason = before_reason;
      collapse_group_ = before_collapse;
      collapse_node_ = before_collapse_node;
    }
  }
  // A start that failed before this one converged is told in the notes; its reason is not
  // this solve's (a converged summary with "pressure would fall below zero at node ..." in
  // its report and summary.json was a contradiction).
  if (converged) {
    sum_->verdict = Verdict::kConverged;
    sum_->reason.clear();
  }
  // After Newton the pendant trees' pressures (the second thread, on large systems) and the
  // expansion of the flows and injections need nothing of each other; on one thread the
  // trees come first, the same work either way. (The check beside the rates was taken back:
  // it read the arc models on the other core, and the next solve's writes to them paid
  // for it; docs/benchmarks.md, twelfth round.) tree_p_ is sized here, from this thread's
  // heap (steady/parallel.h).
  tree_p_.resize(group_rep_.size());
  bool trees_ok = true;
  steady_internal::RunTwo(Beside(), [&](int h) {
    if (h == 0)
      ExpandFlows();
    else
      trees_ok = SolveTrees();
  }, 1);
  // Newton's own failure, where a load continuation may still get there (SolveCore): not a
  // forest's, whose flows and pressures follow from the injections alone, nor a pendant
  // tree's below a core that converged (both exact: no start would change them).
  newton_failed_ = !converged && !forest_;
  tree_infeasible_ = !newton_failed_ && !trees_ok && sum_->verdict == Verdict::kInfeasible;
  if (!trees_ok) converged = false;
  sum_->solve_seconds = Seconds(t1, Clock::now());
  sum_->pivoting_factorizations = Lu().pivoting - pivots_before_;
  sum_->equations_hold = converged;
  if (extras_.equations_hold != nullptr) *extras_.equations_hold = converged;
  ExpandPressures();
  std::string violation;
  ExpandRates();
  Extremes();
  CheckEquations(&violation);
  CheckAdmissible(std::move(violation));
  Choked();
  // The node where the pressure gives out, of the reason that stands (the starts restore
  // collapse_group_ with their reasons; a later reason of another kind replaces it).
  if (sum_->verdict == Verdict::kInfeasible) {
    if (collapse_group_ >= 0 &&
        sum_->reason.rfind("pressure would fall below zero at node ", 0) == 0) {
      sum_->limiting_node = CollapseName();
      sum_->limiting_pressure = PressureLimit::kBelowZero;
      if (extras_.collapse_nodes != nullptr) {
        const auto nodes = members_[collapse_group_];
        extras_.collapse_nodes->assign(nodes.begin(), nodes.end());
      }
    } else if (beyond_group_ >= 0 && sum_->reason.rfind("the pressure at node ", 0) == 0) {
      sum_->limiting_node = GroupName(beyond_group_);
      sum_->limiting_pressure = PressureLimit::kBeyondReach;
    }
  }
  if (extras_.overfull_nodes != nullptr && overfull_group_ >= 0 &&
      sum_->verdict != Verdict::kConverged) {
    const auto nodes = members_[overfull_group_];
    extras_.overfull_nodes->assign(nodes.begin(), nodes.end());
  }
  if (extras_.reference_nodes != nullptr) {
    extras_.reference_nodes->clear();
    for (const int v : slack_node_of_group_)
      if (v >= 0) extras_.reference_nodes->emplace_back(v);  // (not push_back: inlining)
    std::sort(extras_.reference_nodes->begin(), extras_.reference_nodes->end());
  }
  return Status::Ok();
}

void Solver::Extremes() {
  // The extremes' ids copied once, at the end.
  std::size_t vmin = net_.nodes.size(), vmax = vmin;
  for (std::size_t v = 0; v < net_.nodes.size(); ++v) {
    const double p = sol_->pressure_Pa[v];
    if (!std::isfinite(p)) continue;
    if (vmin == net_.nodes.size() || p < sum_->min_pressure_Pa) {
      sum_->min_pressure_Pa = p;
      vmin = v;
    }
    if (vmax == net_.nodes.size() || p > sum_->max_pressure_Pa) {
      sum_->max_pressure_Pa = p;
      vmax = v;
    }
  }
  if (vmin < net_.nodes.size()) sum_->min_pressure_node = net_.nodes[vmin].id;
  if (vmax < net_.nodes.size()) sum_->max_pressure_node = net_.nodes[vmax].id;
  // Papay and AGA are fits to the Standing-Katz chart: outside it (1.05 <= T_r <= 3,
  // p_r <= 15) their z is a guess (at -100 degC Papay gave 0.44 at 70 bar, AGA 0.51).
  if ((opt_.eos == EquationOfState::kPapay || opt_.eos == EquationOfState::kAga) &&
      vmax < net_.nodes.size() && eos_.pseudocritical_temperature_K > 0.0 &&
      eos_.pseudocritical_pressure_Pa > 0.0) {
    // AGA's simple formula is linear in p_r and quoted for pressures up to about 70 bar
    // (near T_r 1.05 its z reaches 0 at p_r 4, inside the chart).
    const bool aga = opt_.eos == EquationOfState::kAga;
    const double tr = eos_.temperature_K / eos_.pseudocritical_temperature_K;
    const double pr = sum_->max_pressure_Pa / eos_.pseudocritical_pressure_Pa;
    const bool tr_out = tr < 1.05 || tr > 3.0;
    // The pressures judged only in a state of the network: an infeasible solve's last
    // iterate (GasLib-4197 at 20 times its nomination: p_r up to 4.9e19) is none.
    if (sum_->verdict != Verdict::kConverged) {
      if (tr_out)
        sum_->notes.push_back(fmt::format(
            "{} is used outside the range it was fitted to (the Standing-Katz chart, 1.05 <= "
            "T_r <= 3): T_r = {:.3f}{}",
            EquationOfStateName(opt_.eos), tr, NoGasBand()));
    } else if (tr_out || pr > 15.0 || (aga && sum_->max_pressure_Pa > 70e5)) {
      sum_->notes.push_back(fmt::format(
          "{} is used outside the range it was fitted to (the Standing-Katz chart, 1.05 <= "
          "T_r <= 3, p_r <= 15{}): T_r = {:.3f}, p_r up to {:.3f} ({:.2f} bar at {}), where it "
          "gives z = {:.4f}; the densities and pressure drops rest on that guess",
          EquationOfStateName(opt_.eos), aga ? "; pressures up to about 70 bar" : "", tr, pr,
          sum_->max_pressure_Pa / units::kBar, sum_->max_pressure_node,
          physics::Compressibility(eos_, sum_->max_pressure_Pa).z));
    }
  }
}

}  // namespace

namespace steady_internal {

physics::EosParams MakeEos(const SteadyOptions& o) {
  physics::EosParams e;
  e.eos = o.eos;
  e.temperature_K = o.gas.temperature_override_K > 0.0 ? o.gas.temperature_override_K
                                                       : o.gas.temperature_K;
  e.specific_gas_constant = o.gas.specific_gas_constant_J_per_kg_K > 0.0
                                ? o.gas.specific_gas_constant_J_per_kg_K
                                : units::kGasConstant / o.gas.molar_mass_kg_per_mol;
  e.pseudocritical_pressure_Pa = o.gas.pseudocritical_pressure_Pa;
  e.pseudocritical_temperature_K = o.gas.pseudocritical_temperature_K;
  e.linear_z_offset = o.gas.linear_z_offset;
  e.linear_z_slope_per_Pa = o.gas.linear_z_slope_per_Pa;
  e.cnga_b1 = o.gas.cnga_b1;
  e.cnga_b2_per_Pa = o.gas.cnga_b2_per_Pa;
  return e;
}

physics::EosParams ArcEos(const SteadyOptions& o, const physics::EosParams& eos,
                          std::size_t arc) {
  if (arc >= o.arc_gas.size() || !(o.arc_gas[arc].molar_mass_kg_per_mol > 0.0)) return eos;
  const ArcGas& g = o.arc_gas[arc];
  physics::EosParams e = eos;
  e.specific_gas_constant = units::kGasConstant / g.molar_mass_kg_per_mol;
  if (o.eos == EquationOfState::kPapay || o.eos == EquationOfState::kAga) {
    e.pseudocritical_pressure_Pa = g.pseudocritical_pressure_Pa;
    e.pseudocritical_temperature_K = g.pseudocritical_temperature_K;
  }
  return e;
}

bool EosTakesGasData(EquationOfState eos) {
  return eos == EquationOfState::kIdeal || eos == EquationOfState::kPapay ||
         eos == EquationOfState::kAga;
}

Status SolveOnce(const Network& network, const std::vector<double>& injection,
                 const SteadyOptions& options, const SolveExtras& extras,
                 SteadySolution* solution, SteadySummary* summary, bool* newton_failed,
                 bool* tree_infeasible) {
  if (solution == nullptr || summary == nullptr)
    return Status::InvalidArgument("SolveSteady: solution and summary must not be null");
  Solver s(network, injection, options, extras, solution, summary);
  Status st = s.Run();
  if (newton_failed != nullptr) *newton_failed = st.ok() && s.NewtonFailed();
  if (tree_infeasible != nullptr) *tree_infeasible = st.ok() && s.TreeInfeasible();
  return st;
}

}  // namespace steady_internal

}  // namespace corridor
