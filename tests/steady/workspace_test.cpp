// SteadyWorkspace: the analysis kept between solves of one network. The same answers (to
// the tolerances: another pivot order may change the last bits) as solves without it, the
// analysis reused where the system is the same and redone where it is not, and one
// workspace per thread giving the same answers as alone.
#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/io.h"
#include "corridor/reference.h"
#include "corridor/steady.h"
#include "reference/lattice.h"
#include "test_util.h"

namespace corridor {
namespace {

struct Solved {
  SteadySolution sol;
  SteadySummary sum;
};

Solved Simulate(const GasCase& c, double scale, SteadyWorkspace* ws) {
  GasCase scaled = c;
  for (NodeNomination& n : scaled.nomination->nodes) {
    n.flow_lower_m3_per_s *= scale;
    n.flow_upper_m3_per_s *= scale;
  }
  SteadyOptions o;
  o.workspace = ws;
  Solved r;
  EXPECT_TRUE(SimulateSteady(scaled, o, &r.sol, &r.sum).ok());
  return r;
}

// Largest pressure difference (Pa) and flow difference (kg/s) between two solutions.
std::pair<double, double> Difference(const SteadySolution& a, const SteadySolution& b) {
  double dp = 0.0, dq = 0.0;
  for (std::size_t v = 0; v < a.pressure_Pa.size(); ++v)
    dp = std::max(dp, std::abs(a.pressure_Pa[v] - b.pressure_Pa[v]));
  for (std::size_t i = 0; i < a.mass_flow_kg_per_s.size(); ++i)
    dq = std::max(dq, std::abs(a.mass_flow_kg_per_s[i] - b.mass_flow_kg_per_s[i]));
  return {dp, dq};
}

GasCase LoadGasLib(const std::string& net, const std::string& scn) {
  GasCase c;
  Diagnostics diag;
  EXPECT_TRUE(LoadCase({test::GasLibDir() + "/" + net, test::GasLibDir() + "/" + scn}, &c, &diag)
                  .ok())
      << diag.ToString();
  return c;
}

TEST(SteadyWorkspace, RepeatedSolvesReuseTheAnalysisWithTheSameAnswers) {
  CORRIDOR_REQUIRE_SHARED();
  const GasCase c = LoadGasLib("GasLib-582/GasLib-582-v2.net", "GasLib-582/nomination_cold_5.scn");
  SteadyWorkspace ws;
  for (double scale : {1.0, 0.8, 1.1, 0.5}) {
    const Solved cold = Simulate(c, scale, nullptr);
    const Solved warm = Simulate(c, scale, &ws);
    ASSERT_EQ(cold.sum.verdict, Verdict::kConverged) << cold.sum.reason;
    ASSERT_EQ(warm.sum.verdict, Verdict::kConverged) << warm.sum.reason;
    EXPECT_EQ(cold.sum.analyses_reused, 0);
    EXPECT_EQ(warm.sum.analyses_reused, scale == 1.0 ? 0 : 1) << "scale " << scale;
    const auto [dp, dq] = Difference(cold.sol, warm.sol);
    EXPECT_LT(dp, 1e-2) << "scale " << scale;  // Pa: the pressure tolerance
    EXPECT_LT(dq, 1e-6) << "scale " << scale;  // kg/s
    EXPECT_LE(warm.sum.max_mass_imbalance_kg_per_s, 1e-7);
  }
  EXPECT_EQ(ws.analyses(), 1);
  EXPECT_EQ(ws.reuses(), 3);
}

TEST(SteadyWorkspace, AnotherNetworkIsAnalysedAnew) {
  CORRIDOR_REQUIRE_SHARED();
  const GasCase a = LoadGasLib("GasLib-40/GasLib-40.net", "GasLib-40/GasLib-40.scn");
  const GasCase b = LoadGasLib("GasLib-135/GasLib-135.net", "GasLib-135/GasLib-135.scn");
  SteadyWorkspace ws;
  for (const GasCase* c : {&a, &b, &a}) {
    const Solved cold = Simulate(*c, 1.0, nullptr);
    const Solved warm = Simulate(*c, 1.0, &ws);
    ASSERT_EQ(warm.sum.verdict, Verdict::kConverged) << warm.sum.reason;
    EXPECT_EQ(warm.sum.analyses_reused, 0);
    const auto [dp, dq] = Difference(cold.sol, warm.sol);
    EXPECT_LT(dp, 1e-2);
    EXPECT_LT(dq, 1e-6);
  }
  EXPECT_EQ(ws.analyses(), 3);
  EXPECT_EQ(ws.reuses(), 0);
}

TEST(SteadyWorkspace, TheCholeskyPathOfALatticeReusesItsAnalysis) {
  ReferenceCase rc;
  reference::LatticeOptions lo;
  lo.nx = lo.ny = 80;  // large enough for the Cholesky path (nodal_factor_test)
  ASSERT_TRUE(reference::MakeLatticeCase(lo, &rc).ok());
  SteadyWorkspace ws;
  for (double scale : {1.0, 1.5, 0.7}) {
    std::vector<double> inj = rc.injection_kg_per_s;
    for (double& v : inj) v *= scale;
    SteadyOptions o = rc.options;
    Solved cold, warm;
    ASSERT_TRUE(SolveSteady(rc.network, inj, o, &cold.sol, &cold.sum).ok());
    o.workspace = &ws;
    ASSERT_TRUE(SolveSteady(rc.network, inj, o, &warm.sol, &warm.sum).ok());
    ASSERT_EQ(warm.sum.verdict, Verdict::kConverged) << warm.sum.reason;
    EXPECT_EQ(warm.sum.iterations, cold.sum.iterations);
    const auto [dp, dq] = Difference(cold.sol, warm.sol);
    EXPECT_LT(dp, 1e-2);
    EXPECT_LT(dq, 1e-6);
  }
  EXPECT_EQ(ws.analyses(), 1);
  EXPECT_EQ(ws.reuses(), 2);
}

TEST(SteadyWorkspace, OnePerThreadGivesTheSameAnswersAsAlone) {
  CORRIDOR_REQUIRE_SHARED();
  const GasCase a = LoadGasLib("GasLib-582/GasLib-582-v2.net", "GasLib-582/nomination_cold_5.scn");
  const GasCase b = LoadGasLib("GasLib-135/GasLib-135.net", "GasLib-135/GasLib-135.scn");
  // Alone: the same sequence of solves through one workspace each.
  auto sequence = [](const GasCase& c, std::vector<SteadySolution>* out) {
    SteadyWorkspace ws;
    for (int i = 0; i < 6; ++i) out->push_back(Simulate(c, 1.0 - 0.05 * i, &ws).sol);
  };
  std::vector<SteadySolution> alone_a, alone_b, ta, tb;
  sequence(a, &alone_a);
  sequence(b, &alone_b);
  std::thread x([&] { sequence(a, &ta); });
  std::thread y([&] { sequence(b, &tb); });
  x.join();
  y.join();
  ASSERT_EQ(ta.size(), alone_a.size());
  ASSERT_EQ(tb.size(), alone_b.size());
  for (std::size_t i = 0; i < ta.size(); ++i) {
    EXPECT_EQ(ta[i].pressure_Pa, alone_a[i].pressure_Pa);
    EXPECT_EQ(ta[i].mass_flow_kg_per_s, alone_a[i].mass_flow_kg_per_s);
    EXPECT_EQ(tb[i].pressure_Pa, alone_b[i].pressure_Pa);
    EXPECT_EQ(tb[i].mass_flow_kg_per_s, alone_b[i].mass_flow_kg_per_s);
  }
}

}  // namespace
}  // namespace corridor
