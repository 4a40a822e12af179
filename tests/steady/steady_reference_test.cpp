// GasSteadySim / GasTranSim reference solutions reproduced by the steady solver, through
// the loader in src/reference (model: data/reference/README.md).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/reference.h"
#include "corridor/steady.h"
#include "reference/loaders.h"
#include "test_util.h"

namespace corridor {
namespace {

struct Deviation {
  double max_rel_p = 0.0, max_rel_q = 0.0, max_abs_p = 0.0, max_abs_q = 0.0;
  std::string worst_p, worst_q;
};

Deviation Compare(const ReferenceCase& rc, const SteadySolution& sol) {
  Deviation d;
  for (const auto& [id, expected] : rc.expected_pressure_Pa) {
    const double got = sol.pressure_Pa[*rc.network.FindNode(id)];
    const double rel = std::abs(got - expected) / std::abs(expected);
    if (!(rel <= d.max_rel_p)) {
      d.max_rel_p = rel;
      d.max_abs_p = std::abs(got - expected);
      d.worst_p = id;
    }
  }
  for (const auto& [id, expected] : rc.expected_flow_kg_per_s) {
    const double got = sol.mass_flow_kg_per_s[*rc.network.FindArc(id)];
    const double err = std::abs(got - expected);
    // Relative to the flow, with an absolute floor of 1e-6 kg/s for zero flows.
    const double rel = err / std::max(std::abs(expected), 1.0);
    if (!(rel <= d.max_rel_q)) {
      d.max_rel_q = rel;
      d.max_abs_q = err;
      d.worst_q = id;
    }
  }
  return d;
}

void RunCase(const std::string& dir, const std::string& solution, double rel_tol) {
  CORRIDOR_REQUIRE_SHARED();
  ReferenceCase rc;
  Diagnostics diag;
  Status s = reference::LoadGasSteadySimCase(dir, solution, &rc, &diag);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  SteadySolution sol;
  SteadySummary sum;
  s = SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, &sol, &sum);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(sum.verdict, Verdict::kConverged) << sum.FullReport(false);
  const Deviation d = Compare(rc, sol);
  std::printf("%s: worst pressure deviation %.3e relative (%.4g Pa) at %s; worst flow "
              "deviation %.3e relative (%.3g kg/s) at %s; %d iterations; mass imbalance "
              "%.2e kg/s\n",
              rc.name.c_str(), d.max_rel_p, d.max_abs_p, d.worst_p.c_str(), d.max_rel_q,
              d.max_abs_q, d.worst_q.c_str(), sum.iterations, sum.max_mass_imbalance_kg_per_s);
  EXPECT_LE(d.max_rel_p, rel_tol) << "node " << d.worst_p;
  EXPECT_LE(d.max_rel_q, rel_tol) << "arc " << d.worst_q;
  // Mass balance to round-off at convergence.
  EXPECT_LE(sum.max_mass_imbalance_kg_per_s, 1e-9);
  EXPECT_LE(sum.max_pressure_residual_Pa, 1e-3);
}

std::string Gss(const char* c) { return test::ReferenceDir() + "/gassteadysim/" + c; }

TEST(GasSteadySim, Gaslib40MultipleSlacksIdeal) { RunCase(Gss("GasLib-40-multiple-slacks"), "ideal", 1e-6); }
TEST(GasSteadySim, Gaslib40MultipleSlacksSimpleCnga) { RunCase(Gss("GasLib-40-multiple-slacks"), "simple_cnga", 1e-6); }
TEST(GasSteadySim, Gaslib40MultipleSlacksFullCnga) { RunCase(Gss("GasLib-40-multiple-slacks"), "full_cnga", 1e-6); }
TEST(GasSteadySim, EightNodeIdeal) { RunCase(Gss("8-node"), "ideal", 1e-6); }
TEST(GasSteadySim, EightNodeSimpleCnga) { RunCase(Gss("8-node"), "simple_cnga", 1e-6); }
TEST(GasSteadySim, EightNodeFullCnga) { RunCase(Gss("8-node"), "full_cnga", 1e-6); }
// GasLib-24 with the short-pipe loss modelled (README): 1e-6 instead of the 5e-6.
TEST(GasSteadySim, Gaslib24Ideal) { RunCase(Gss("GasLib-24"), "ideal", 1e-6); }
TEST(GasSteadySim, Gaslib24SimpleCnga) { RunCase(Gss("GasLib-24"), "simple_cnga", 1e-6); }
TEST(GasSteadySim, Gaslib24FullCnga) { RunCase(Gss("GasLib-24"), "full_cnga", 1e-6); }
TEST(GasTranSim, Gaslib40SingleSlack) {
  RunCase(test::ReferenceDir() + "/gastransim/GasLib-40-single-slack", "gastransim", 1e-6);
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

// Regression: a member of the wrong type in a GasSteadySim file made nlohmann's accessors
// throw out of the library; it is now a status, and the diagnostic names the file, the
// line, the node, the key and the rule.
TEST(GasSteadySimLoader, WrongMemberTypeIsAStatusNotAnException) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const fs::path src = test::ReferenceDir() + "/gassteadysim/8-node";
  const fs::path dir = fs::path(CORRIDOR_BINARY_DIR) / "gss_bad_member_8node";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(src)) fs::copy_file(e.path(), dir / e.path().filename());
  std::string text;
  ASSERT_TRUE(ReadFileToString((dir / "network.json").string(), &text).ok());
  const auto at = text.find("\"x_coord\": -1");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 13, "\"x_coord\": \"west\"");
  ASSERT_TRUE(WriteFileAtomically((dir / "network.json").string(), text).ok());
  ReferenceCase rc;
  Diagnostics diag;
  Status s;
  EXPECT_NO_THROW(s = reference::LoadGasSteadySimCase(dir.string(), "ideal", &rc, &diag));
  EXPECT_FALSE(s.ok());
  const int line = static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
  EXPECT_NE(diag.ToString().find(fmt::format(
                "{}:{}: error: node 'n1': \"x_coord\" must be a number, got a string \"west\" "
                "(at /nodes/1/x_coord) [wrong-type]",
                (dir / "network.json").string(), line)),
            std::string::npos)
      << diag.ToString();
  EXPECT_EQ(diag.error_count(), 1u) << diag.ToString();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace corridor
