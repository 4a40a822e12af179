// NodalCholesky (the Cholesky path of the steady solver's large nodal systems) against a
// dense LU with partial pivoting: the same solution on a lattice and on a meshed grid, and
// a refusal (so that the solver falls back to its LU) where the method does not apply.
#include "steady/nodal_factor.h"
#include "steady/nodal_ordering.h"
#include "steady/parallel.h"

#include "corridor/steady.h"
#include "reference/lattice.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <cstdio>

#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace corridor::steady_internal {
namespace {

// Built with -fsanitize=thread (CORRIDOR_SANITIZE): ThreadSanitizer starts no thread in a
// child forked from a process that has threads.
#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif
#else
constexpr bool kThreadSanitizer = false;
#endif

// A nodal matrix as the solver assembles it (Solver::AssembleNodal): per pipe f -> t with
// conductance w and asymmetry eps, dr/dp_f : -dr/dp_t = (1 + eps) : (1 - eps), so column f
// gets -w (1 + eps) (e_f - e_t) and column t gets w (1 - eps) (e_f - e_t). Node 0 is the
// slack (no unknown); unknown k is node k + 1. CSC, rows sorted.
struct Csc {
  int n = 0;
  std::vector<int> ap, ai;
  std::vector<double> ax;
};

struct Edge {
  int f, t;
  double w, eps;
};

Csc Assemble(int nodes, const std::vector<Edge>& edges) {
  const int n = nodes - 1;
  std::vector<std::vector<std::pair<int, double>>> cols(n);
  auto add = [&](int r, int c, double v) {
    if (r > 0 && c > 0) cols[c - 1].emplace_back(r - 1, v);
  };
  for (const Edge& e : edges) {
    const double sf = -e.w * (1.0 + e.eps), st = e.w * (1.0 - e.eps);
    add(e.f, e.f, sf);
    add(e.f, e.t, st);
    add(e.t, e.f, -sf);
    add(e.t, e.t, -st);
  }
  Csc m;
  m.n = n;
  m.ap.assign(1, 0);
  for (auto& col : cols) {
    std::sort(col.begin(), col.end());
    for (std::size_t k = 0; k < col.size(); ++k) {
      if (k > 0 && col[k].first == col[k - 1].first) {
        m.ax.back() += col[k].second;
        continue;
      }
      m.ai.push_back(col[k].first);
      m.ax.push_back(col[k].second);
    }
    m.ap.push_back(static_cast<int>(m.ai.size()));
  }
  return m;
}

// x = A^-1 b by dense Gaussian elimination with partial pivoting.
std::vector<double> DenseSolve(const Csc& m, std::vector<double> b) {
  const int n = m.n;
  std::vector<double> dense(static_cast<std::size_t>(n) * n, 0.0);  // row-major
  auto a = [&](int i, int j) -> double& { return dense[static_cast<std::size_t>(i) * n + j]; };
  for (int c = 0; c < n; ++c)
    for (int e = m.ap[c]; e < m.ap[c + 1]; ++e) a(m.ai[e], c) = m.ax[e];
  for (int k = 0; k < n; ++k) {
    int p = k;
    for (int i = k + 1; i < n; ++i)
      if (std::abs(a(i, k)) > std::abs(a(p, k))) p = i;
    if (p != k) {
      for (int j = 0; j < n; ++j) std::swap(a(k, j), a(p, j));
      std::swap(b[k], b[p]);
    }
    for (int i = k + 1; i < n; ++i) {
      const double f = a(i, k) / a(k, k);
      if (f == 0.0) continue;
      for (int j = k; j < n; ++j) a(i, j) -= f * a(k, j);
      b[i] -= f * b[k];
    }
  }
  for (int k = n - 1; k >= 0; --k) {
    double v = b[k];
    for (int j = k + 1; j < n; ++j) v -= a(k, j) * b[j];
    b[k] = v / a(k, k);
  }
  return b;
}

// eps of a pipe in a pressure field p: dr/dp_f : -dr/dp_t = p_f : p_t for the pipe law
// near its solution (as in d(p_f^2 - p_t^2)), so A = (symmetric) x diag(p). The method
// relies on that: random asymmetries of the same size would not contract on a lattice.
double Eps(const std::vector<double>& p, int f, int t) { return (p[f] - p[t]) / (p[f] + p[t]); }

// side x side junctions, node 0 (a corner) the slack; pressures fall by `drop` (relative)
// towards the far corner.
std::vector<Edge> Lattice(int side, double drop, std::mt19937* rng) {
  std::uniform_real_distribution<double> w(0.5, 1.5);
  std::vector<double> p(static_cast<std::size_t>(side) * side);
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j) p[i * side + j] = 70e5 * (1.0 - drop * (i + j) / (2.0 * side));
  std::vector<Edge> edges;
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j) {
      const int v = i * side + j;
      if (j + 1 < side) edges.push_back({v, v + 1, 1e-4 * w(*rng), Eps(p, v, v + 1)});
      if (i + 1 < side) edges.push_back({v, v + side, 1e-4 * w(*rng), Eps(p, v, v + side)});
    }
  return edges;
}

// Largest difference to the dense solution, relative to its largest entry.
double SolveAndCompare(const Csc& m, const std::vector<int>& order, int* refinements,
                       double rel_tol = 1e-11) {
  NodalCholesky chol;
  EXPECT_TRUE(chol.Analyze(m.n, m.ap, m.ai, order.data()));
  EXPECT_TRUE(chol.Factor(m.ax));
  std::vector<double> b(m.n);
  for (int k = 0; k < m.n; ++k) b[k] = -1.0 - 0.01 * (k % 7);  // withdrawals (kg/s)
  const std::vector<double> want = DenseSolve(m, b);
  std::vector<double> y = b;
  EXPECT_TRUE(chol.Solve(&y, rel_tol));
  *refinements = chol.LastRefinements();
  std::printf("%d unknowns: %d refinement steps\n", m.n, *refinements);
  double diff = 0.0, scale = 0.0;
  for (int k = 0; k < m.n; ++k) {
    diff = std::max(diff, std::abs(y[k] - want[k]));
    scale = std::max(scale, std::abs(want[k]));
  }
  return diff / scale;
}

std::vector<int> Natural(int n) {
  std::vector<int> o(n);
  std::iota(o.begin(), o.end(), 0);
  return o;
}

TEST(NodalCholesky, SymmetricLatticeNeedsNoRefinement) {
  std::mt19937 rng(1);
  const Csc m = Assemble(20 * 20, Lattice(20, 0.0, &rng));
  int refinements = -1;
  EXPECT_LT(SolveAndCompare(m, Natural(m.n), &refinements), 1e-11);
  EXPECT_EQ(refinements, 0);
}

TEST(NodalCholesky, NearlySymmetricLatticeMatchesTheLu) {
  std::mt19937 rng(2);
  const Csc m = Assemble(20 * 20, Lattice(20, 0.02, &rng));
  int refinements = -1;
  EXPECT_LT(SolveAndCompare(m, Natural(m.n), &refinements), 1e-10);
  EXPECT_GE(refinements, 1);
  EXPECT_LE(refinements, 6);
  // A Newton step's tolerance (steady_solver.cpp asks 1e-8): met, with fewer steps.
  int fewer = -1;
  EXPECT_LT(SolveAndCompare(m, Natural(m.n), &fewer, 1e-8), 1e-8);
  EXPECT_LT(fewer, refinements);
}

// An irregular meshed grid: a ring with random cross links (parallel pipes among them),
// conductances over four orders of magnitude. pressures: "flow" takes them from the linear
// network's potentials under even withdrawals (as real flows set them: smooth along the
// pipes), "random" draws them per node.
std::vector<Edge> MeshedGrid(int nodes, bool random_pressures, std::mt19937* rng) {
  std::uniform_real_distribution<double> lw(-6.0, -2.0), drop(0.0, 0.02);
  std::uniform_int_distribution<int> node(0, nodes - 1);
  std::vector<Edge> edges;
  for (int v = 0; v < nodes; ++v)
    edges.push_back({v, (v + 1) % nodes, std::pow(10.0, lw(*rng)), 0.0});
  for (int k = 0; k < 200; ++k) {
    const int f = node(*rng), t = node(*rng);
    if (f != t) edges.push_back({f, t, std::pow(10.0, lw(*rng)), 0.0});
  }
  std::vector<double> p(nodes, 70e5);
  if (random_pressures) {
    for (double& v : p) v *= 1.0 - drop(*rng);
  } else {
    const Csc lap = Assemble(nodes, edges);  // eps = 0: minus the graph Laplacian
    const std::vector<double> phi = DenseSolve(lap, std::vector<double>(nodes - 1, 1.0));
    const double lowest = *std::min_element(phi.begin(), phi.end());
    for (int v = 1; v < nodes; ++v) p[v] *= 1.0 - 0.02 * phi[v - 1] / lowest;
  }
  for (Edge& e : edges) e.eps = Eps(p, e.f, e.t);
  return edges;
}

TEST(NodalCholesky, MeshedGridMatchesTheLu) {
  std::mt19937 rng(3);
  const Csc m = Assemble(300, MeshedGrid(300, false, &rng));
  std::vector<int> order = Natural(m.n);
  std::shuffle(order.begin(), order.end(), rng);  // scattered supernodes
  int refinements = -1;
  EXPECT_LT(SolveAndCompare(m, order, &refinements), 1e-10);
  EXPECT_GE(refinements, 1);
}

// Pressures that vary from node to node regardless of the pipes: the asymmetry no longer
// follows a column scaling and the refinement diverges. Solve must say so (the solver
// then takes its LU), not return a wrong answer.
TEST(NodalCholesky, RefinementThatDoesNotContractIsRefused) {
  std::mt19937 rng(3);
  const Csc m = Assemble(300, MeshedGrid(300, true, &rng));
  NodalCholesky chol;
  ASSERT_TRUE(chol.Analyze(m.n, m.ap, m.ai, Natural(m.n).data()));
  ASSERT_TRUE(chol.Factor(m.ax));
  std::vector<double> y(m.n, -1.0);
  EXPECT_FALSE(chol.Solve(&y));
}

TEST(NodalCholesky, RefusesWhereItDoesNotApply) {
  std::mt19937 rng(4);
  const Csc m = Assemble(6 * 6, Lattice(6, 0.02, &rng));
  const std::vector<int> order = Natural(m.n);
  NodalCholesky chol;
  // A pattern that is not structurally symmetric: drop one off-diagonal entry.
  {
    Csc u = m;
    const int c = 3;
    int e = u.ap[c];
    if (u.ai[e] == c) ++e;
    u.ai.erase(u.ai.begin() + e);
    u.ax.erase(u.ax.begin() + e);
    for (int k = c + 1; k <= u.n; ++k) --u.ap[k];
    EXPECT_FALSE(chol.Analyze(u.n, u.ap, u.ai, order.data()));
  }
  {
    std::vector<int> twice = order;  // not a permutation
    twice[1] = twice[0];
    EXPECT_FALSE(chol.Analyze(m.n, m.ap, m.ai, twice.data()));
  }
  ASSERT_TRUE(chol.Analyze(m.n, m.ap, m.ai, order.data()));
  // The symmetric part of -A must be positive definite: A itself (its symmetric part
  // negative definite, as if every pipe's law had the opposite sign) is refused.
  {
    Csc neg = m;
    for (double& v : neg.ax) v = -v;
    EXPECT_FALSE(chol.Factor(neg.ax));
  }
  // Far from symmetric (dr/dp_f : -dr/dp_t = 1.9 : 0.1): the factorization or the
  // refinement refuses.
  {
    std::mt19937 r2(5);
    std::vector<Edge> edges = Lattice(6, 0.0, &r2);
    for (Edge& e : edges) e.eps = 0.9;
    const Csc far = Assemble(6 * 6, edges);
    NodalCholesky c2;
    ASSERT_TRUE(c2.Analyze(far.n, far.ap, far.ai, order.data()));
    std::vector<double> y(far.n, -1.0);
    EXPECT_FALSE(c2.Factor(far.ax) && c2.Solve(&y));
  }
  // Values that are not finite.
  {
    Csc bad = m;
    bad.ax[0] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(chol.Factor(bad.ax));
  }
}

// The symbolic analysis (elimination tree, supernodes, amalgamation) on random sparse
// patterns in random orders: a fill entry missing from a supernode's rows would give a
// wrong factor. Symmetric matrices, so that one solve with the factor is the answer.
TEST(NodalCholesky, RandomPatternsInRandomOrders) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    const int nodes = 20 + 10 * round;
    std::uniform_int_distribution<int> node(0, nodes - 1), extra(0, 3 * nodes);
    std::uniform_real_distribution<double> w(0.1, 10.0);
    std::vector<Edge> edges;
    for (int v = 1; v < nodes; ++v)  // a random tree: connected to the slack
      edges.push_back({v, std::uniform_int_distribution<int>(0, v - 1)(rng), w(rng), 0.0});
    for (int k = extra(rng); k > 0; --k) {
      const int f = node(rng), t = node(rng);
      if (f != t) edges.push_back({f, t, w(rng), 0.0});
    }
    const Csc m = Assemble(nodes, edges);
    std::vector<int> order = Natural(m.n);
    std::shuffle(order.begin(), order.end(), rng);
    for (const bool vec : {false, true}) {
      NodalCholesky chol;
      chol.UseVectorKernels(vec);
      ASSERT_TRUE(chol.Analyze(m.n, m.ap, m.ai, order.data()));
      ASSERT_TRUE(chol.Factor(m.ax));
      std::vector<double> b(m.n);
      for (int k = 0; k < m.n; ++k) b[k] = std::sin(1.0 + k);
      const std::vector<double> want = DenseSolve(m, b);
      ASSERT_TRUE(chol.Solve(&b));
      EXPECT_EQ(chol.LastRefinements(), 0);
      double diff = 0.0, scale = 0.0;
      for (int k = 0; k < m.n; ++k) {
        diff = std::max(diff, std::abs(b[k] - want[k]));
        scale = std::max(scale, std::abs(want[k]));
      }
      EXPECT_LT(diff, 1e-10 * scale) << "round " << round << (vec ? ", vector kernels" : "");
    }
  }
}

// The AVX2 + FMA kernels and the baseline ones give the same solutions to rounding and
// refuse the same matrices. Natural order on a lattice makes wide supernodes (the panel's
// blocks of four columns, updates within it), the shuffled meshed grid scattered ones
// (updates into rows that are not contiguous).
TEST(NodalCholesky, VectorKernelsMatchTheBaseline) {
  if (!NodalCholesky::VectorKernelsAvailable()) GTEST_SKIP() << "no AVX2 + FMA here";
  std::mt19937 rng(6);
  std::vector<std::pair<Csc, std::vector<int>>> cases;
  for (int side : {7, 23, 41}) {
    Csc m = Assemble(side * side, Lattice(side, 0.02, &rng));
    std::vector<int> order = Natural(m.n);
    cases.emplace_back(std::move(m), std::move(order));
  }
  {
    Csc m = Assemble(300, MeshedGrid(300, false, &rng));
    std::vector<int> order = Natural(m.n);
    std::shuffle(order.begin(), order.end(), rng);
    cases.emplace_back(std::move(m), std::move(order));
  }
  for (const auto& [m, order] : cases) {
    std::vector<double> y[2];
    for (int vec = 0; vec < 2; ++vec) {
      NodalCholesky chol;
      chol.UseVectorKernels(vec == 1);
      EXPECT_EQ(chol.VectorKernels(), vec == 1);
      ASSERT_TRUE(chol.Analyze(m.n, m.ap, m.ai, order.data()));
      ASSERT_TRUE(chol.Factor(m.ax));
      y[vec].resize(m.n);
      for (int k = 0; k < m.n; ++k) y[vec][k] = -1.0 - 0.01 * (k % 7);
      ASSERT_TRUE(chol.Solve(&y[vec]));
      Csc neg = m;  // negative definite symmetric part: refused by both
      for (double& v : neg.ax) v = -v;
      EXPECT_FALSE(chol.Factor(neg.ax));
    }
    double diff = 0.0, scale = 0.0;
    for (int k = 0; k < m.n; ++k) {
      diff = std::max(diff, std::abs(y[1][k] - y[0][k]));
      scale = std::max(scale, std::abs(y[0][k]));
    }
    std::printf("%d unknowns: vector kernels differ by %.2g relative\n", m.n, diff / scale);
    EXPECT_LT(diff, 1e-12 * scale) << m.n << " unknowns";
  }
}

// Lanes: a 100 x 100 lattice in a fill-reducing order (OrderPruned with AMD after the
// corners) is large enough for two. Two threads and one give the same solution bit for bit
// (the lanes fix the order of every sum), and the plain sequential order the same to
// rounding; with both kernels.
TEST(NodalCholesky, LanesGiveOneThreadsAnswerBitForBit) {
  if (std::thread::hardware_concurrency() < 2)
    GTEST_SKIP() << "one core here: two lanes cannot be compared with one";
  std::mt19937 rng(9);
  const int side = 100;
  const Csc m = Assemble(side * side, Lattice(side, 0.02, &rng));
  PrunedOrdering po;
  ASSERT_TRUE(OrderPruned(m.n, m.ap.data(), m.ai.data(), &po, 0));
  for (const bool vec : {true, false}) {
    if (vec && !NodalCholesky::VectorKernelsAvailable()) {
      std::printf("no AVX2 + FMA here: the vector kernels' case is not run\n");
      continue;
    }
    std::vector<double> y[3];  // two threads, one thread, no lanes
    for (int v = 0; v < 3; ++v) {
      NodalCholesky chol;
      chol.UseVectorKernels(vec);
      chol.SetThreads(v == 0 ? 2 : 1);
      chol.UseLanes(v < 2);
      ASSERT_TRUE(chol.Analyze(m.n, m.ap, m.ai, po.order.data()));
      ASSERT_EQ(chol.HasLanes(), v < 2);
      if (v < 2) {
        std::printf("lanes %.2f and %.2f, top %.2f of the work\n", chol.LaneShare(0),
                    chol.LaneShare(1), chol.LaneShare(2));
        EXPECT_GT(chol.LaneShare(0), 0.2);
        EXPECT_GT(chol.LaneShare(1), 0.2);
        EXPECT_NEAR(chol.LaneShare(0) + chol.LaneShare(1) + chol.LaneShare(2), 1.0, 1e-12);
      }
      ASSERT_TRUE(chol.Factor(m.ax));
      y[v].resize(m.n);
      for (int k = 0; k < m.n; ++k) y[v][k] = -1.0 - 0.01 * (k % 7);
      ASSERT_TRUE(chol.Solve(&y[v]));
      EXPECT_GE(chol.LastRefinements(), 1);
    }
    int differ = 0;
    double diff = 0.0, scale = 0.0;
    for (int k = 0; k < m.n; ++k) {
      differ += y[0][k] != y[1][k];
      diff = std::max(diff, std::abs(y[2][k] - y[0][k]));
      scale = std::max(scale, std::abs(y[2][k]));
    }
    EXPECT_EQ(differ, 0) << (vec ? "vector" : "baseline") << " kernels";
    std::printf("%s kernels: lanes against the sequential order %.2g relative\n",
                vec ? "vector" : "baseline", diff / scale);
    EXPECT_LT(diff, 1e-11 * scale);
  }
}

// steady/parallel.h: the two halves cover [0, n) exactly (an odd n too), and an exception
// from either part reaches the caller (part 0's first) after both parts have run.
TEST(Parallel, HalvesAndExceptions) {
  for (const bool parallel : {false, true}) {
    std::size_t cover[2][2] = {};
    RunHalves(parallel, 7, [&](int h, std::size_t b, std::size_t e) {
      cover[h][0] = b;
      cover[h][1] = e;
    });
    EXPECT_EQ(cover[0][0], 0u);
    EXPECT_EQ(cover[0][1], cover[1][0]);
    EXPECT_EQ(cover[1][1], 7u);
    bool ran[2] = {false, false};
    try {
      RunTwo(parallel, [&](int h) {
        ran[h] = true;
        throw std::runtime_error(h == 0 ? "zero" : "one");
      });
      ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "zero");
    }
    EXPECT_TRUE(ran[0] && ran[1]);
    // Run in turn, part `first` comes first (a part that waits for the other comes second).
    std::vector<int> order;
    RunTwo(false, [&](int h) { order.push_back(h); }, 1);
    EXPECT_EQ(order, (std::vector<int>{1, 0}));
  }
}

// Where the process may run on two processors, part 1 runs on the calling thread's second
// thread, the same one call after call, and a call from inside a part runs in turn on that
// part's thread (as the regions of the solver's Cholesky lanes do inside its setup's).
TEST(Parallel, PartOneOnAKeptSecondThread) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) != 0 || CPU_COUNT(&set) < 2)
    GTEST_SKIP() << "one processor here: both parts run in turn";
  // Part 0 waits (up to 10 s) for part 1 to begin, so that this thread does not take it
  // back (FinishSecond).
  auto wait_for = [](const std::atomic<bool>& begun) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!begun.load() && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  };
  std::thread::id id[2][2];
  bool second[2][2] = {};
  for (int call = 0; call < 2; ++call) {
    std::atomic<bool> begun{false};
    RunTwo(true, [&](int h) {
      if (h == 1) begun = true;
      if (h == 0) wait_for(begun);
      id[call][h] = std::this_thread::get_id();
      second[call][h] = OnSecondThread();
    });
  }
  const auto self = std::this_thread::get_id();
  EXPECT_EQ(id[0][0], self);
  EXPECT_NE(id[0][1], self);
  EXPECT_EQ(id[1][1], id[0][1]);
  EXPECT_FALSE(second[0][0]);
  EXPECT_TRUE(second[0][1]);
  std::thread::id inner[2][2];
  bool inner_second[2][2] = {};
  std::atomic<bool> begun{false};
  RunTwo(true, [&](int h) {
    if (h == 1) begun = true;
    if (h == 0) wait_for(begun);
    RunTwo(true, [&](int k) {
      inner[h][k] = std::this_thread::get_id();
      inner_second[h][k] = OnSecondThread();
    });
    EXPECT_EQ(OnSecondThread(), h == 1);  // restored after the nested call
  });
  EXPECT_EQ(inner[0][0], self);
  EXPECT_EQ(inner[0][1], self);
  EXPECT_EQ(inner[1][0], inner[1][1]);
  EXPECT_NE(inner[1][0], self);
  for (const auto& row : inner_second) EXPECT_FALSE(row[0] || row[1]);
  EXPECT_FALSE(OnSecondThread());
}

// Part 1 runs exactly once, on the second thread or taken back by this one where the second
// had not begun it when part 0 ended: many short calls race the two for it.
TEST(Parallel, EachPartRunsOnceWhoeverTakesIt) {
  constexpr int kCalls = 20000;
  std::vector<int> ran(2 * kCalls, 0);
  int here = 0;
  const auto self = std::this_thread::get_id();
  for (int c = 0; c < kCalls; ++c)
    RunTwo(true, [&](int h) {
      ++ran[2 * c + h];
      if (h == 0) {  // parts 0 of some length, so that either may take part 1
        volatile int sink = 0;
        for (int i = 0; i < (c % 64) * 40; ++i) sink = sink + i;
      }
      if (h == 1 && std::this_thread::get_id() == self) {
        ++here;
        EXPECT_FALSE(OnSecondThread());
      }
    });
  EXPECT_EQ(std::count(ran.begin(), ran.end(), 1), 2 * kCalls);
  std::printf("part 1 taken back by the calling thread in %d of %d calls\n", here, kCalls);
}

// Part 0 waiting for a flag that part 1 sets (the analysis beside the setup does) took part
// 1 back only after it ended: a second thread given no processor, or none at all, left the
// wait without end. RunPartOneIfNotBegun runs part 1 there where it has not begun; many
// short calls race the two for it, and each part runs once, without a hang.
TEST(Parallel, PartZeroRunsAPartOneItWaitsForWhereItHasNotBegun) {
  constexpr int kCalls = 20000;
  std::vector<int> ran(2 * kCalls, 0);
  int here = 0;
  const auto self = std::this_thread::get_id();
  for (int c = 0; c < kCalls; ++c) {
    std::atomic<bool> flag{false};
    RunTwo(true, [&](int h) {
      ++ran[2 * c + h];
      if (h == 1) {
        if (std::this_thread::get_id() == self) ++here;
        flag.store(true);
        flag.notify_one();
        return;
      }
      volatile int sink = 0;
      for (int i = 0; i < (c % 64) * 40; ++i) sink = sink + i;
      RunPartOneIfNotBegun();
      flag.wait(false);
    }, 1);
  }
  EXPECT_EQ(std::count(ran.begin(), ran.end(), 1), 2 * kCalls);
  std::printf("part 1 run by part 0 in %d of %d calls\n", here, kCalls);
}

// A solve from a thread_local's destructor that runs after the library's own kept second
// thread is gone (built later, destroyed first; at the main thread's exit, a static's
// destructor or an atexit handler is run after every thread_local) posted its part to the
// freed object and hung. Such regions run in turn. A forked child runs it, under an alarm.
struct SolveAtThreadExit {
  const ReferenceCase* rc = nullptr;
  int* result = nullptr;
  ~SolveAtThreadExit() {
    if (rc == nullptr) return;
    SteadySolution sol;
    SteadySummary sum;
    const Status st = SolveSteady(rc->network, rc->injection_kg_per_s, rc->options, &sol, &sum);
    *result = st.ok() && sum.verdict == Verdict::kConverged ? 0 : 2;
  }
};

TEST(Parallel, ASolveAfterTheKeptThreadIsGoneRunsInTurn) {
  if (kThreadSanitizer)
    GTEST_SKIP() << "ThreadSanitizer starts no thread in a child forked from a process with "
                    "threads (\"starting new threads after multi-threaded fork is not "
                    "supported\"), and this test's child must";
  ReferenceCase rc;
  reference::LatticeOptions lo;
  lo.nx = lo.ny = 40;  // 1 599 unknowns: the analysis beside the setup
  ASSERT_TRUE(reference::MakeLatticeCase(lo, &rc).ok());
  std::fflush(nullptr);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    alarm(60);
    int result = 1;
    std::thread t([&] {
      thread_local SolveAtThreadExit at_exit;  // built before the kept thread's object
      at_exit.rc = &rc;
      at_exit.result = &result;
      SteadySolution sol;
      SteadySummary sum;
      if (!SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, &sol, &sum).ok())
        result = 3;
    });
    t.join();
    _exit(result);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child ended by signal " << WTERMSIG(status)
                                 << " (SIGALRM: it hung)";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no solve at the thread's exit; 2, 3: no solve";
}

// Where no second thread can be started, a solve that would use one runs on this thread
// alone and gives the same answer. OpenMP's runtime, used before, ended the process
// ("libgomp: Thread creation failed"). This test runs itself again in a fresh process (a
// forked one would find the stacks of this one's threads kept for reuse), limited to a
// little more address space than it has: no thread's stack fits. It reports by its exit
// status.
TEST(Parallel, NoThreadToBeHadSolvesOnOne) {
  constexpr const char* kChild = "CORRIDOR_TEST_NO_THREAD_CHILD";
  const bool in_child = std::getenv(kChild) != nullptr;
  ReferenceCase rc;
  reference::LatticeOptions lo;
  lo.nx = lo.ny = 40;  // 1 599 unknowns: the analysis beside the setup
  ASSERT_TRUE(reference::MakeLatticeCase(lo, &rc).ok());
  SteadyOptions one = rc.options;
  one.threads = 1;
  SteadySolution expected;
  SteadySummary sum;
  ASSERT_TRUE(SolveSteady(rc.network, rc.injection_kg_per_s, one, &expected, &sum).ok());
  ASSERT_EQ(sum.verdict, Verdict::kConverged) << sum.reason;
  if (in_child) {
    long pages = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%ld", &pages) != 1) pages = 0;
      std::fclose(f);
    }
    if (pages <= 0) _exit(10);
    // Room for the solve's arrays, not for a thread's stack (8 MiB by default).
    const rlim_t room = static_cast<rlim_t>(pages) * sysconf(_SC_PAGESIZE) + (6u << 20);
    const rlimit lim{room, room};
    if (setrlimit(RLIMIT_AS, &lim) != 0) _exit(11);
    std::thread::id part1;
    RunTwo(true, [&](int h) {
      if (h == 1) part1 = std::this_thread::get_id();
    });
    if (part1 != std::this_thread::get_id()) _exit(12);  // a thread was started after all
    SteadyOptions two = rc.options;
    two.threads = 0;
    SteadySolution sol;
    SteadySummary s2;
    const Status st = SolveSteady(rc.network, rc.injection_kg_per_s, two, &sol, &s2);
    if (!st.ok()) _exit(13);
    if (s2.verdict != Verdict::kConverged) _exit(14);
    _exit(sol.pressure_Pa == expected.pressure_Pa &&
                  sol.mass_flow_kg_per_s == expected.mass_flow_kg_per_s
              ? 0
              : 15);
  }
  std::fflush(nullptr);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    setenv(kChild, "1", 1);
    execl("/proc/self/exe", "nodal_factor_test",
          "--gtest_filter=Parallel.NoThreadToBeHadSolvesOnOne", static_cast<char*>(nullptr));
    _exit(16);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "10, 11: the limit could not be set; 12: a thread started; 13, 14: no converged "
         "solve; 15: another answer; 16: no exec; 1: the process was ended (OpenMP's "
         "runtime did that) or the child's test failed";
}

// The solver end to end: an 80 x 80 lattice is large enough for the Cholesky path. At
// 2 000 kg/s (pressures 38 to 71 bar) the refinement of its first Newton step does not
// contract and the solve goes on with the LU; at 3 000 kg/s (infeasible) the symmetric part
// stops being positive definite. Both end as they did with the LU alone (8 iterations,
// converged; infeasible), checked here by their summaries.
void SolveLattice(double withdrawal, SteadySolution* sol, SteadySummary* sum) {
  ReferenceCase rc;
  reference::LatticeOptions lo;
  lo.nx = lo.ny = 80;
  lo.total_withdrawal_kg_per_s = withdrawal;
  ASSERT_TRUE(reference::MakeLatticeCase(lo, &rc).ok());
  // The verdict, not the time: under ThreadSanitizer (about 10 times slower) the infeasible
  // load's continuation ran past the default 30 s and ended "failed".
  rc.options.time_limit_s = 600.0;
  ASSERT_TRUE(SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, sol, sum).ok());
}

TEST(NodalCholeskyInTheSolver, FallsBackToTheLuWhereRefinementStalls) {
  SteadySolution sol;
  SteadySummary sum;
  ASSERT_NO_FATAL_FAILURE(SolveLattice(2000.0, &sol, &sum));
  ASSERT_EQ(sum.verdict, Verdict::kConverged) << sum.reason;
  EXPECT_EQ(sum.iterations, 8);
  EXPECT_NEAR(sol.injection_kg_per_s[0], 2000.0, 1e-6);
  // Symmetric about the diagonal through the slack corner.
  double worst = 0.0;
  for (int j = 0; j < 80; ++j)
    for (int i = 0; i < j; ++i)
      worst = std::max(worst, std::abs(sol.pressure_Pa[j * 80 + i] - sol.pressure_Pa[i * 80 + j]));
  EXPECT_LT(worst, 1e-2);  // Pa, at 38 to 71 bar (1.2e-3 when written, as with the LU alone)
}

TEST(NodalCholeskyInTheSolver, InfeasibleLatticeKeepsItsVerdict) {
  SteadySolution sol;
  SteadySummary sum;
  ASSERT_NO_FATAL_FAILURE(SolveLattice(3000.0, &sol, &sum));
  EXPECT_EQ(sum.verdict, Verdict::kInfeasible) << sum.reason;
}

}  // namespace
}  // namespace corridor::steady_internal
