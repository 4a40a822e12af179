// The AVX2 element-law kernel (law_kernels.h) against the scalar law it replaces: the same
// values and derivatives bit for bit (both round every operation alike), the tail and the
// arcs it does not own left to the caller, non-finite values reported only for its own
// arcs; and whole solves with and without it giving identical answers.
#include "steady/law_kernels.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/reference.h"
#include "physics/gas_physics.h"
#include "reference/lattice.h"
#include "reference/pandapipes.h"
#include "steady/steady_internal.h"
#include "test_util.h"

namespace corridor::steady_internal {
namespace {

#define REQUIRE_VECTOR_LAWS()                                                   \
  if (!VectorLawsAvailable())                                                   \
  GTEST_SKIP() << "the AVX2 law kernel is not built for this target or the "    \
                  "processor lacks AVX2: the solver uses the scalar laws alone"

// Arcs as the solver lays them out: constants by arc, ends on unknowns or references.
struct Arcs {
  std::vector<unsigned char> on;
  std::vector<int> vf, vt;
  std::vector<double> pfc, ptc, c_lin, c_sq, z0, z1, height;
  std::vector<physics::PreparedPipe> pipe;
};

Arcs RandomArcs(int m, int np, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Arcs a;
  for (int j = 0; j < m; ++j) {
    physics::PreparedPipe c;
    c.c_lin = u(rng) < 0.3 ? 0.0 : 1e3 * u(rng);
    c.c_sq = 1e2 + 1e4 * u(rng);
    c.z0 = 0.98 + 0.02 * u(rng);
    c.z1 = -2.5e-9 * u(rng);
    c.height = u(rng) < 0.4 ? 0.0 : 1e-4 * (u(rng) - 0.5);
    a.pipe.push_back(c);
    a.on.push_back(u(rng) < 0.9 ? 1 : 0);
    a.vf.push_back(u(rng) < 0.15 ? -1 : static_cast<int>(u(rng) * np));
    a.vt.push_back(u(rng) < 0.15 ? -1 : static_cast<int>(u(rng) * np));
    a.pfc.push_back(a.vf.back() < 0 ? 40e5 + 40e5 * u(rng) : std::nan(""));
    a.ptc.push_back(a.vt.back() < 0 ? 40e5 + 40e5 * u(rng) : std::nan(""));
    a.c_lin.push_back(c.c_lin);
    a.c_sq.push_back(c.c_sq);
    a.z0.push_back(c.z0);
    a.z1.push_back(c.z1);
    a.height.push_back(c.height);
  }
  return a;
}

constexpr double kEps2 = physics::kFlowRegularization * physics::kFlowRegularization;

int RunKernel(const Arcs& a, int m, const std::vector<double>& x, int np, std::vector<double>* f,
        std::vector<double>* out, bool* finite) {
  f->assign(m, -7.0);
  out->assign(4 * static_cast<std::size_t>(m), -7.0);
  return law_avx2::PandapipesLaw(m, a.on.data(), a.vf.data(), a.vt.data(), a.pfc.data(),
                                 a.ptc.data(), a.c_lin.data(), a.c_sq.data(), a.z0.data(),
                                 a.z1.data(), a.height.data(), kEps2, x.data(), x.data() + np,
                                 f->data(), out->data(), finite);
}

TEST(LawKernel, MatchesTheScalarLawBitForBit) {
  REQUIRE_VECTOR_LAWS();
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int np = 50, m = 203;  // 203: three arcs of tail for the caller
  const Arcs a = RandomArcs(m, np, rng);
  std::vector<double> x(np + m);
  for (int i = 0; i < np; ++i) x[i] = 30e5 + 50e5 * u(rng);
  for (int j = 0; j < m; ++j) {  // flows from reversed to laminar to turbulent, and zero
    const double r = u(rng);
    x[np + j] = r < 0.1 ? 0.0 : r < 0.3 ? 1e-4 * (u(rng) - 0.5) : 400.0 * (u(rng) - 0.4);
  }
  std::vector<double> f, out;
  bool finite = false;
  ASSERT_EQ(RunKernel(a, m, x, np, &f, &out, &finite), 200);
  EXPECT_TRUE(finite);
  for (int j = 0; j < 200; ++j) {
    const double pf = a.vf[j] >= 0 ? x[a.vf[j]] : a.pfc[j];
    const double pt = a.vt[j] >= 0 ? x[a.vt[j]] : a.ptc[j];
    const physics::Residual want = physics::PreparedPipeResidual(a.pipe[j], pf, pt, x[np + j]);
    const std::string what = "arc " + std::to_string(j);
#if defined(__FP_FAST_FMA)  // this test's scalar law may fuse what the kernel rounds twice
    EXPECT_NEAR(f[j], want.r, 1e-12 * std::abs(pf)) << what;
    EXPECT_NEAR(out[4 * j + 1], want.dr_dpf, 1e-13) << what;
    EXPECT_NEAR(out[4 * j + 2], want.dr_dpt, 1e-13) << what;
    EXPECT_NEAR(out[4 * j + 3], want.dr_dq, 1e-13 * std::abs(want.dr_dq)) << what;
#else
    EXPECT_EQ(f[j], want.r) << what;
    EXPECT_EQ(out[4 * j], want.r) << what;
    EXPECT_EQ(out[4 * j + 1], want.dr_dpf) << what;
    EXPECT_EQ(out[4 * j + 2], want.dr_dpt) << what;
    EXPECT_EQ(out[4 * j + 3], want.dr_dq) << what;
#endif
  }
  for (int j = 200; j < m; ++j) {  // the tail is the caller's: untouched
    EXPECT_EQ(f[j], -7.0);
    for (int c = 0; c < 4; ++c) EXPECT_EQ(out[4 * j + c], -7.0);
  }
}

TEST(LawKernel, ReportsNonFiniteValuesOfItsOwnArcsOnly) {
  REQUIRE_VECTOR_LAWS();
  std::mt19937 rng(9);
  const int np = 8, m = 8;
  Arcs a = RandomArcs(m, np, rng);
  for (int j = 0; j < m; ++j) {
    a.vf[j] = j;
    a.vt[j] = -1;
    a.ptc[j] = 50e5;
    a.on[j] = j != 5;
  }
  std::vector<double> x(np + m, 60e5), f, out;
  for (int j = 0; j < m; ++j) x[np + j] = 10.0;
  x[5] = std::numeric_limits<double>::quiet_NaN();  // arc 5's inlet: not the kernel's arc
  bool finite = false;
  RunKernel(a, m, x, np, &f, &out, &finite);
  EXPECT_TRUE(finite);
  a.on[5] = 1;  // now it is
  RunKernel(a, m, x, np, &f, &out, &finite);
  EXPECT_FALSE(finite);
  x[5] = 60e5;
  x[np + 2] = std::numeric_limits<double>::infinity();  // a flow
  RunKernel(a, m, x, np, &f, &out, &finite);
  EXPECT_FALSE(finite);
}

// Whole solves: the kernel's path and the scalar path give identical answers.
void ExpectSameSolve(const ReferenceCase& rc) {
  SolveExtras vector_path, scalar_path;
  scalar_path.scalar_laws = true;
  SteadySolution a, b;
  SteadySummary sa, sb;
  ASSERT_TRUE(SolveCore(rc.network, rc.injection_kg_per_s, rc.options, vector_path, &a, &sa).ok());
  ASSERT_TRUE(SolveCore(rc.network, rc.injection_kg_per_s, rc.options, scalar_path, &b, &sb).ok());
  ASSERT_EQ(sa.verdict, Verdict::kConverged) << rc.name << ": " << sa.reason;
  EXPECT_EQ(sa.iterations, sb.iterations) << rc.name;
#if !defined(__FP_FAST_FMA)
  EXPECT_EQ(a.pressure_Pa, b.pressure_Pa) << rc.name;
  EXPECT_EQ(a.mass_flow_kg_per_s, b.mass_flow_kg_per_s) << rc.name;
#endif
}

TEST(LawKernel, SolvesAreIdenticalWithAndWithoutIt) {
  REQUIRE_VECTOR_LAWS();
  ReferenceCase lattice;
  reference::LatticeOptions lo;
  lo.nx = lo.ny = 30;
  ASSERT_TRUE(reference::MakeLatticeCase(lo, &lattice).ok());
  ExpectSameSolve(lattice);
  CORRIDOR_REQUIRE_SHARED();
  for (const char* name : {"GasLib-582_cr1.1", "GasLib-4197"}) {
    reference::PandapipesCase pc;
    Diagnostics diag;
    ReferenceCase rc;
    ASSERT_TRUE(reference::ReadPandapipesCaseFile(
                    test::SharedDir() + "/data/reference/pandapipes/cases/" + name + ".json",
                    &pc, &diag)
                    .ok())
        << diag.ToString();
    ASSERT_TRUE(reference::MakePandapipesReference(std::move(pc), "nikuradse", &rc).ok());
    ExpectSameSolve(rc);
  }
}

}  // namespace
}  // namespace corridor::steady_internal
