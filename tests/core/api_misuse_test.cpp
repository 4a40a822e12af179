// The public functions used wrongly by a program, as a dynamic audit of the API did: each
// answers with a Status (or says what it left out), never a crash, a write out of bounds, a
// pass on values that are no numbers, or an earlier call's results beside a refusal.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/controls.h"
#include "corridor/decisions.h"
#include "corridor/hydro.h"
#include "corridor/io.h"
#include "corridor/reference.h"
#include "corridor/scenario.h"
#include "corridor/steady.h"
#include "corridor/tracking.h"
#include "corridor/validate.h"
#include "io/text.h"
#include "test_util.h"

namespace corridor {
namespace {

GasCase GasLib11() {
  GasCase c;
  Diagnostics d;
  const std::string g = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11";
  EXPECT_TRUE(LoadCase({g + ".net", g + ".scn"}, &c, &d).ok()) << d.ToString();
  return c;
}

// A null output crashed ApplyDecisions (every other entry point refuses one).
TEST(ApiMisuse, ApplyDecisionsRefusesANullOutput) {
  const Status s = ApplyDecisions(CombinedDecisions{}, Network{}, DecisionOptions{}, nullptr);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
}

// A null output or diag given to a reader of a path was refused in the name of an internal
// function ("ReadFileReporting: diag must not be null"; LoadCorridorNetwork's as "LoadCase",
// RunCorridorScenarios' as "null output"). Each now names the function called and what is
// null, before any file is read.
TEST(ApiMisuse, ANullOutputIsNamedByTheFunctionCalled) {
  const std::string net = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11.net";
  Diagnostics d;
  Network n;
  std::vector<std::pair<std::string, Status>> calls = {
      {"ReadGasLibNetwork: diag must not be null", ReadGasLibNetwork(net, &n, nullptr)},
      {"ReadGasLibNetwork: the output must not be null", ReadGasLibNetwork(net, nullptr, &d)},
      {"ReadGasLibNomination: the output and diag", ReadGasLibNomination(net, nullptr, nullptr)},
      {"ReadGasLibCompressorStations: the output",
       ReadGasLibCompressorStations(net, nullptr, &d)},
      {"ReadGasLibCombinedDecisions: the output", ReadGasLibCombinedDecisions(net, nullptr, &d)},
      {"ReadCorridorJson: the output and diag", ReadCorridorJson(net, nullptr, nullptr)},
      {"ReadControls: the output",
       ReadControls(net, n, static_cast<ControlsFile*>(nullptr), &d)},
      {"ReadControls: the output and diag",
       ReadControls(net, n, static_cast<ControlsFile*>(nullptr), nullptr)},
      {"CheckControlsWithoutNetwork: diag", CheckControlsWithoutNetwork(net, nullptr)},
      {"ReadHydroCase: the output", ReadHydroCase(net, nullptr, &d)},
      {"ReadHydroInflow: the output and diag", ReadHydroInflow(net, HydroCase{}, nullptr, nullptr)},
      {"LoadCorridorNetwork: the output", LoadCorridorNetwork("/nonexistent", nullptr, &d)},
      {"RunCorridorScenarios: the output and diag",
       RunCorridorScenarios(ScenarioOptions{}, nullptr, nullptr)},
  };
  for (const auto& [expected, s] : calls) {
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << expected << ": " << s.ToString();
    EXPECT_EQ(s.message().rfind(expected, 0), 0u) << s.ToString();
  }
  EXPECT_TRUE(d.items().empty()) << d.ToString();  // no file was read
}

// A nomination built in code with flows no file could hold: 1e308 m3/s overflowed the
// weighted mean of the entries' norm densities, and the refusal blamed the density ("no
// usable norm density ... got -nan kg/m3"). Such flows are solved now, and the verdict
// names the flow a pipe cannot take; a NaN flow is refused at its node.
TEST(ApiMisuse, AHugeOrNaNNominatedFlowIsNamedNotBlamedOnTheDensity) {
  for (const double flow : {1e308, std::nan("")}) {
    GasCase c = GasLib11();
    ASSERT_TRUE(c.nomination.has_value());
    for (NodeNomination& nn : c.nomination->nodes)
      nn.flow_lower_m3_per_s = nn.flow_upper_m3_per_s = flow;
    SteadySolution sol;
    SteadySummary sum;
    const Status s = SimulateSteady(c, SteadyOptions(), &sol, &sum);
    EXPECT_EQ(s.message().find("norm density"), std::string::npos) << s.ToString();
    if (std::isnan(flow)) {
      EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
      EXPECT_NE(s.message().find("node 'entry01' has a flow of nan m3/s"), std::string::npos)
          << s.ToString();
    } else {
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_NE(sum.verdict, Verdict::kConverged);
      EXPECT_NE(sum.reason.find("e+307 kg/s"), std::string::npos) << sum.reason;
      EXPECT_NEAR(sum.norm_density_kg_per_m3, 0.785, 1e-12);  // the entries' own
    }
  }
}

// An id that is no UTF-8 (a network built in code) was written raw by WriteGasLibNetwork,
// whose reader then refused the file; ValidateCase said nothing. It is a bad-id now, as a
// control character in an id was.
TEST(ApiMisuse, AnIdThatIsNoUtf8IsABadId) {
  GasCase c = GasLib11();
  c.network.nodes[0].id = std::string("entry\xC3(01");
  c.network.BuildIndex();
  ValidationSummary vs;
  Diagnostics d;
  ASSERT_TRUE(ValidateCase(c, ValidateOptions(), &vs, &d).ok());
  EXPECT_FALSE(vs.usable);
  const std::string text = d.ToString();
  EXPECT_NE(text.find("node id holds the byte 0xC3 at offset 5, which is no UTF-8"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[bad-id]"), std::string::npos) << text;
  EXPECT_EQ(io::FirstInvalidUtf8(text), std::string::npos) << text;  // escaped in messages
}

// A kind cast from a number outside the library's indexed ValidateCase's counts past their
// ends (a write into the caller's frame); it is an error of its own now.
TEST(ApiMisuse, ValidateCaseNamesAnUnknownKind) {
  GasCase c;
  Node a, b;
  a.id = "a";
  a.kind = static_cast<NodeKind>(77);
  b.id = "b";
  Arc p;
  p.id = "p";
  p.from = "a";
  p.to = "b";
  p.kind = static_cast<ArcKind>(42);
  c.network.nodes = {a, b};
  c.network.arcs = {p};
  c.network.BuildIndex();
  ValidationSummary vs;
  Diagnostics d;
  ASSERT_TRUE(ValidateCase(c, ValidateOptions(), &vs, &d).ok());
  EXPECT_FALSE(vs.usable);
  const std::string text = d.ToString();
  EXPECT_NE(text.find("node kind 77 is not one of the library's"), std::string::npos) << text;
  EXPECT_NE(text.find("arc kind 42 is not one of the library's"), std::string::npos) << text;
  EXPECT_EQ(vs.node_counts[0] + vs.node_counts[1] + vs.node_counts[2], 1u);  // b alone
}

// A refused call left the earlier call's verdict, iterations and pressures in the summary
// ("Reason: not solved" beside "Iterations: 2"), and TrackSteady a converged verdict.
TEST(ApiMisuse, ARefusedCallLeavesNothingOfTheLastOne) {
  const GasCase c = GasLib11();
  SteadySolution sol;
  SteadySummary sum;
  ASSERT_TRUE(SimulateSteady(c, SteadyOptions(), &sol, &sum).ok());
  ASSERT_EQ(sum.verdict, Verdict::kConverged);
  ASSERT_GT(sum.iterations, 0);
  SteadyOptions bad;
  bad.max_iterations = 0;
  EXPECT_FALSE(SimulateSteady(c, bad, &sol, &sum).ok());
  EXPECT_EQ(sum.verdict, Verdict::kFailed);
  EXPECT_EQ(sum.iterations, 0);
  EXPECT_TRUE(sol.pressure_Pa.empty());
  const std::vector<double> inj(c.network.nodes.size(), 0.0);
  EXPECT_FALSE(SolveSteady(c.network, inj, bad, &sol, &sum).ok());
  EXPECT_EQ(sum.iterations, 0);
  // TrackSteady.
  TrackSteadyOptions to;
  TrackingSummary t;
  ASSERT_TRUE(TrackSteady(c, GroupPerSource(c.network), to, &sol, &sum, &t).ok());
  ASSERT_EQ(sum.verdict, Verdict::kConverged);
  to.max_outer_iterations = 0;
  EXPECT_FALSE(TrackSteady(c, GroupPerSource(c.network), to, &sol, &sum, &t).ok());
  EXPECT_NE(sum.verdict, Verdict::kConverged);
  EXPECT_TRUE(t.nodes.empty());
  // ValidateCase.
  ValidationSummary vs;
  Diagnostics d;
  ASSERT_TRUE(ValidateCase(c, ValidateOptions(), &vs, &d).ok());
  ASSERT_TRUE(vs.usable);
  ValidateOptions vbad;
  vbad.balance_relative_tolerance = -1.0;
  EXPECT_FALSE(ValidateCase(c, vbad, &vs, &d).ok());
  EXPECT_FALSE(vs.usable);
}

// TrackGas took a point's direction of 7 (seven times the arc's flow) and a composition of
// 2.0 (mol_pct 200 in track_exits.csv), which the groups reader refuses from a file.
TEST(ApiMisuse, TrackGasRefusesPointsAndCompositionsAFileCouldNotHave) {
  const GasCase c = GasLib11();
  SteadySolution sol;
  SteadySummary sum;
  ASSERT_TRUE(SimulateSteady(c, SteadyOptions(), &sol, &sum).ok());
  OriginGroups g = GroupPerSource(c.network);
  AccountingPoint p;
  p.id = "x";
  p.arc_id = c.network.arcs[0].id;
  p.direction = 7;
  g.points = {p};
  TrackingSummary t;
  Status s = TrackGas(c.network, sol.mass_flow_kg_per_s, sol.injection_kg_per_s, g,
                      TrackingOptions(), &t);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("direction 7"), std::string::npos) << s.ToString();
  g.points.clear();
  g.composition[g.names[0]] = {{"CH4", 2.0}};
  s = TrackGas(c.network, sol.mass_flow_kg_per_s, sol.injection_kg_per_s, g, TrackingOptions(),
               &t);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("'CH4' = 2"), std::string::npos) << s.ToString();
}

// A caller's member "type" replaced "FeatureCollection"; "features" was dropped unsaid.
TEST(ApiMisuse, GeoJsonMembersDoNotReplaceTheWritersOwn) {
  const GasCase c = GasLib11();
  GeoJsonOptions o;
  o.members = {{"type", "evil"}, {"features", "x"}, {"corridor_results", "fine"}};
  std::string note;
  const std::string text = WriteGeoJson(c.network, o, &note);
  EXPECT_NE(text.find("\"type\": \"FeatureCollection\""), std::string::npos);
  EXPECT_EQ(text.find("evil"), std::string::npos);
  EXPECT_NE(text.find("\"corridor_results\": \"fine\""), std::string::npos);
  EXPECT_NE(note.find("GeoJsonOptions.members 'type' (GeoJSON's own), 'features' (GeoJSON's "
                      "own) not written"),
            std::string::npos)
      << note;
}

// A stored value of +inf, or an infinite tolerance of the case's own, passed.
TEST(ApiMisuse, AReferenceCaseOfNoNumbersIsRefused) {
  const GasCase c = GasLib11();
  SteadySolution sol;
  SteadySummary sum;
  ASSERT_TRUE(SimulateSteady(c, SteadyOptions(), &sol, &sum).ok());
  ReferenceCase rc;
  rc.name = "inf";
  rc.network = c.network;
  rc.injection_kg_per_s = sol.injection_kg_per_s;
  rc.options.slacks = {{"entry01", sol.pressure_Pa[0]}};
  rc.expected_flow_kg_per_s[c.network.arcs[0].id] = HUGE_VAL;
  ReferenceComparison cmp;
  Status s = RunReferenceCase(rc, ReferenceOptions(), &cmp);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("is not finite"), std::string::npos) << s.ToString();
  rc.expected_flow_kg_per_s.clear();
  rc.rel_tol = HUGE_VAL;
  s = RunReferenceCase(rc, ReferenceOptions(), &cmp);
  EXPECT_NE(s.message().find("ReferenceCase.rel_tol = inf must be finite"), std::string::npos)
      << s.ToString();
}

// A source's gas data built in code: an infinite temperature was blamed on
// SteadyOptions.gas.temperature_K, a NaN one skipped without a word, 1e6 K taken.
TEST(ApiMisuse, ASourcesGasDataIsCheckedAtItsNode) {
  for (const double t : {HUGE_VAL, std::nan(""), -5.0, 1e6}) {
    GasCase c = GasLib11();
    for (Node& n : c.network.nodes)
      if (n.id == "entry02") n.gas->temperature_K = t;
    SteadySolution sol;
    SteadySummary sum;
    const Status s = SimulateSteady(c, SteadyOptions(), &sol, &sum);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << t << ": " << s.ToString();
    EXPECT_NE(s.message().find("node 'entry02': gas temperature_K"), std::string::npos)
        << s.ToString();
  }
}

// A network edited without BuildIndex: the controls and groups readers said "no arc or node
// of the network has this id" of a node it has; they name the cause now.
TEST(ApiMisuse, ReadersNameAStaleIndex) {
  GasCase c = GasLib11();
  Node extra = c.network.nodes.front();
  extra.id = "added_later";
  c.network.nodes.push_back(extra);  // no BuildIndex
  ControlsFile f;
  Diagnostics d;
  Status s = ReadControlsFromString("id,mode,value\nadded_later,pressure,60\n", "c.csv",
                                    c.network, &f, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("call Network::BuildIndex()"), std::string::npos) << s.ToString();
  OriginGroups g;
  s = ReadOriginGroupsFromString("entry01,A\n", "g.csv", c.network, GroupsReadOptions(), &g, &d);
  EXPECT_NE(s.message().find("call Network::BuildIndex()"), std::string::npos) << s.ToString();
  c.network.BuildIndex();
  Diagnostics d2;
  EXPECT_TRUE(ReadControlsFromString("id,mode,value\nadded_later,pressure,60\n", "c.csv",
                                     c.network, &f, &d2)
                  .ok())
      << d2.ToString();
}

}  // namespace
}  // namespace corridor
