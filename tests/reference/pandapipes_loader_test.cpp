// Loading the pandapipes reference cases, and the independent residual check evaluated at
// pandapipes' own results (which tests the check, the loader's units and the reference).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/units.h"
#include "network/index.h"
#include "reference/pandapipes.h"
#include "reference/residual_check.h"
#include "test_util.h"

namespace corridor::reference {
namespace {

std::string PandapipesDir() { return test::ReferenceDir() + "/pandapipes"; }

// An empty scratch layout (cases/, results/) named `name` in the tests' temporary folder.
std::filesystem::path ScratchLayout(const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "cases");
  fs::create_directories(dir / "results");
  return dir;
}

PandapipesCase ReadCase(const std::string& name) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadPandapipesCaseFile(PandapipesDir() + "/cases/" + name + ".json", &pc, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  return pc;
}

std::size_t Count(const Network& n, ArcKind k) {
  std::size_t c = 0;
  for (const Arc& a : n.arcs) c += a.kind == k;
  return c;
}

// The first nine lines of the small hand-written cases below: format, model, gas, slack
// at node "a" (line numbers in the tests count from here).
const char* const kCaseHead = R"({
  "format": "gaslib-simplified-steady-v1",
  "model": {"friction_model": "nikuradse"},
  "gas": {"T_K": 289.15, "rho_n_gaslib_kg_per_Nm3": 0.74,
          "normal_conditions": {"p_bar": 1.01325, "T_K": 273.15},
          "pandapipes_fluid_properties": {"rho_n_kg_per_m3_at_273.15K": 0.73,
             "dynamic_viscosity_Pa_s_at_T": 1.1e-5,
             "compressibility": {"model": "linear", "offset": 1.0, "slope_per_bar": -0.0022}}},
  "slack": {"node": "a", "p_bar_abs": 60.0},
)";

// Reads `text` as a case file (written to a scratch file, removed after).
Status ReadCaseText(const std::string& name, const std::string& text, PandapipesCase* pc,
                    Diagnostics* diag) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  {
    std::ofstream f(path);
    f << text;
  }
  Status s = ReadPandapipesCaseFile(path, pc, diag);
  std::filesystem::remove(path);
  return s;
}

TEST(PandapipesLoader, GasLib134CountsSlackAndBalance) {
  CORRIDOR_REQUIRE_SHARED();
  PandapipesCase pc = ReadCase("GasLib-134");
  // cases/GasLib-134.json: 134 nodes; 86 pipes, 45 shortPipes + 1 controlValve as valves,
  // 1 compressor; nothing removed.
  EXPECT_EQ(pc.network.nodes.size(), 134u);
  EXPECT_EQ(pc.network.arcs.size(), 133u);
  EXPECT_EQ(Count(pc.network, ArcKind::kPipe), 86u);
  EXPECT_EQ(Count(pc.network, ArcKind::kValve), 46u);
  EXPECT_EQ(Count(pc.network, ArcKind::kCompressorStation), 1u);
  EXPECT_TRUE(pc.removed_edges.empty());
  EXPECT_EQ(pc.slack_node, "node_20");
  EXPECT_DOUBLE_EQ(pc.slack_pressure_Pa, 66.4e5);
  // Units at the edge: T, rho_n of the fluid, Z slope per Pa.
  EXPECT_DOUBLE_EQ(pc.physics.temperature_K, 289.15);
  EXPECT_DOUBLE_EQ(pc.physics.norm_density_kg_per_m3, 0.7329404506632858);
  EXPECT_NEAR(pc.physics.z_slope_per_Pa, -0.0022e-5, 1e-20);
  EXPECT_DOUBLE_EQ(pc.physics.norm_pressure_Pa, 101325.0);
  // The slack supplies the nominated balance: entries 500.2569 - exits 500.2569 with the
  // slack's 376.5721 (1000 Nm3/h) left out, i.e. -376.5721 * 1000/3600 * 0.7433 kg/s.
  const double total = std::accumulate(pc.injection_kg_per_s.begin(), pc.injection_kg_per_s.end(), 0.0);
  const double expected = -376.5720772634809 * 1000.0 / 3600.0 * 0.7433;
  std::printf("GasLib-134: sum of fixed injections %.9f kg/s, expected %.9f\n", total, expected);
  EXPECT_NEAR(total, expected, 1e-9 * std::abs(expected));
}

TEST(PandapipesLoader, GasLib582RemovedEdgesAndResistors) {
  CORRIDOR_REQUIRE_SHARED();
  PandapipesCase pc = ReadCase("GasLib-582_cr1.1");
  // GasLib-582: 609 arcs in the .net, 13 removed by the loop rule -> 596 edges:
  // 278 pipes + 8 drag-factor resistors as zeta pipes, 305 valves, 5 compressors.
  EXPECT_EQ(pc.network.nodes.size(), 582u);
  EXPECT_EQ(pc.network.arcs.size(), 596u);
  EXPECT_EQ(pc.removed_edges.size(), 13u);
  EXPECT_EQ(Count(pc.network, ArcKind::kPipe), 286u);
  EXPECT_EQ(Count(pc.network, ArcKind::kCompressorStation), 5u);
  for (const std::string& id : pc.removed_edges) EXPECT_FALSE(pc.network.FindArc(id)) << id;
  auto r1 = pc.network.FindArc("resistor_1");
  ASSERT_TRUE(r1);
  EXPECT_EQ(pc.network.arcs[*r1].pipe.length_m, 0.0);
  EXPECT_DOUBLE_EQ(pc.loss_coefficient[*r1], 63.50999832);
  auto cs = pc.network.FindArc("compressorStation_5");
  ASSERT_TRUE(cs);
  EXPECT_DOUBLE_EQ(pc.pressure_ratio[*cs], 1.1);

  ReferenceCase rc;
  ASSERT_TRUE(MakePandapipesReference(pc, "nikuradse", &rc).ok());
  EXPECT_EQ(rc.options.pipe_model, PipeModel::kPandapipes);
  EXPECT_EQ(rc.options.friction, FrictionLaw::kPandapipesNikuradse);
  EXPECT_TRUE(rc.options.compressor_forward_only);
  EXPECT_DOUBLE_EQ(rc.options.gravity_m_per_s2, 9.81);
  EXPECT_DOUBLE_EQ(rc.options.pipe_loss_coefficient.at("resistor_1"), 63.50999832);
  EXPECT_EQ(rc.options.pipe_loss_coefficient.size(), 8u);
  ASSERT_EQ(rc.options.slacks.size(), 1u);
  EXPECT_EQ(rc.options.slacks[0].node_id, "source_27");
  EXPECT_DOUBLE_EQ(rc.options.slacks[0].pressure_Pa, 86.013e5);
  EXPECT_DOUBLE_EQ(rc.pressure_abs_tol_Pa, 10.0);   // 1e-4 bar
  EXPECT_DOUBLE_EQ(rc.flow_abs_tol_kg_per_s, 1e-4);
  ASSERT_TRUE(MakePandapipesReference(pc, "colebrook", &rc).ok());
  EXPECT_DOUBLE_EQ(rc.pressure_abs_tol_Pa, 20.0);   // 2e-4 bar
  EXPECT_DOUBLE_EQ(rc.flow_abs_tol_kg_per_s, 0.02);
  EXPECT_FALSE(MakePandapipesReference(pc, "hofer", &rc).ok());
}

TEST(PandapipesLoader, GasLib4197HasNoResults) {
  CORRIDOR_REQUIRE_SHARED();
  PandapipesCase pc = ReadCase("GasLib-4197_cr1.1-cs8-12");
  EXPECT_EQ(pc.network.nodes.size(), 4197u);
  EXPECT_EQ(pc.network.arcs.size(), 4459u);  // 4466 - 7 removed
  EXPECT_EQ(pc.removed_edges.size(), 7u);
  int lifted = 0;
  for (std::size_t a = 0; a < pc.network.arcs.size(); ++a) lifted += pc.pressure_ratio[a] > 1.0;
  EXPECT_EQ(lifted, 5);  // stations 8..12 only
}

// Every case file with its results: counts of discovered cases and, at pandapipes' own
// solution, the case equations hold (the README: <= 1e-7 bar, 1e-4 bar with Colebrook,
// <= 1e-6 kg/s). This pins the pipe law, units, rho_n, g = 9.81, Z(p_m) and the p_m formula.
TEST(PandapipesLoader, ReferenceResultsSatisfyTheCaseEquations) {
  CORRIDOR_REQUIRE_SHARED();
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  Status s = LoadPandapipesCases(PandapipesDir(), &cases, &diag);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  std::set<std::string> names;
  int with_results = 0;
  for (const ReferenceCase& rc : cases) {
    names.insert(rc.name);
    if (rc.expected_pressure_Pa.empty()) continue;
    ++with_results;
    EXPECT_EQ(rc.expected_pressure_Pa.size(), rc.network.nodes.size()) << rc.name;
    EXPECT_EQ(rc.expected_flow_kg_per_s.size(), rc.network.arcs.size()) << rc.name;
    const bool colebrook = rc.options.friction == FrictionLaw::kColebrookWhite;
    ResidualCheck check;
    s = CheckExpectedResiduals(rc, &check, 1e-6, colebrook ? 10.0 : 0.01);
    ASSERT_TRUE(s.ok()) << s.ToString();
    std::printf("%-45s law %-10s worst balance %.2e kg/s (%s), worst law %.2e Pa (%s)\n",
                rc.name.c_str(), check.law.c_str(), check.max_mass_imbalance_kg_per_s,
                check.worst_mass_node.c_str(), check.max_law_residual_Pa,
                check.worst_law_arc.c_str());
    EXPECT_EQ(check.law, "pandapipes");
    EXPECT_EQ(check.unchecked_arcs, 0u);
    EXPECT_TRUE(check.pass) << rc.name << ": " << check.Brief();
  }
  EXPECT_EQ(with_results, 6);
  // 6 cases with results, 3 GasLib-4197 cases without.
  EXPECT_EQ(cases.size(), 9u);
  EXPECT_TRUE(names.count("pandapipes/GasLib-582_cr1.1/nikuradse"));
  EXPECT_TRUE(names.count("pandapipes/GasLib-582/colebrook"));
  EXPECT_TRUE(names.count("pandapipes/GasLib-4197_cr1.1/nikuradse"));
}

// Results that lack rows of the case are refused, naming how many and which (cut to two
// rows, or to the header, they compared what was left and passed).
TEST(PandapipesLoader, ResultsMissingRowsAreRefused) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const fs::path dir = ScratchLayout("pp_truncated");
  const fs::path src = PandapipesDir();
  fs::copy_file(src / "cases" / "GasLib-134.json", dir / "cases" / "GasLib-134.json");
  for (const char* part : {"nodes", "edges"}) {
    const std::string name = std::string("GasLib-134_pp0.14_nikuradse_") + part + ".csv";
    std::string text;
    ASSERT_TRUE(ReadFileToString((src / "results" / name).string(), &text).ok());
    std::size_t cut = 0;
    for (int lines = 0; lines < 3; ++lines) cut = text.find('\n', cut) + 1;  // header + 2 rows
    ASSERT_TRUE(WriteFileAtomically((dir / "results" / name).string(), text.substr(0, cut)).ok());
  }
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  EXPECT_FALSE(LoadPandapipesCases(dir.string(), &cases, &diag).ok());
  const std::string all = diag.ToString();
  EXPECT_NE(all.find("the results give 2 of the 134 nodes of case GasLib-134"), std::string::npos)
      << all;
  EXPECT_NE(all.find("[missing-rows]"), std::string::npos) << all;
  for (const ReferenceCase& rc : cases) EXPECT_NE(rc.name, "pandapipes/GasLib-134/nikuradse");
  fs::remove_all(dir);
}

// Every file under results/ is used or reported: a nodes file deleted beside its edges file
// made the case one "without reference" (its row vanished, the run exited 0), results whose
// tag holds '_' were skipped and the case listed as "solved, no reference", and files of no
// case were skipped in silence.
TEST(PandapipesLoader, EveryResultsFileIsUsedOrReported) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const fs::path dir = ScratchLayout("pp_orphans");
  const fs::path src = PandapipesDir();
  for (const char* c : {"GasLib-134.json", "GasLib-582.json"})
    fs::copy_file(src / "cases" / c, dir / "cases" / c);
  const fs::path res = src / "results";
  fs::copy_file(res / "GasLib-582_pp0.14_colebrook_edges.csv",
                dir / "results" / "GasLib-582_pp0.14_colebrook_edges.csv");
  for (const char* part : {"nodes", "edges"})
    fs::copy_file(
        res / (std::string("GasLib-134_pp0.14_nikuradse_") + part + ".csv"),
        dir / "results" / (std::string("GasLib-134_pp_0.14_nikuradse_") + part + ".csv"));
  fs::copy_file(res / "GasLib-582_pp0.14_nikuradse_nodes.csv",
                dir / "results" / "GasLib-999_pp0.14_nikuradse_nodes.csv");
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  EXPECT_FALSE(LoadPandapipesCases(dir.string(), &cases, &diag).ok());
  const std::string all = diag.ToString();
  EXPECT_NE(all.find("GasLib-582_pp0.14_colebrook_edges.csv: error: no matching nodes file"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("GasLib-134_pp_0.14_nikuradse_nodes.csv: error: results of case "
                     "GasLib-134 named 'pp_0.14_nikuradse'"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("[results-name]"), std::string::npos) << all;
  EXPECT_NE(all.find("GasLib-999_pp0.14_nikuradse_nodes.csv: error: results of no case"),
            std::string::npos)
      << all;
  // Neither case with broken results is taken as one without reference.
  EXPECT_TRUE(cases.empty()) << cases.size() << " " << (cases.empty() ? "" : cases[0].name);
  fs::remove_all(dir);
}

// Results of one friction under two tags (a rerun with another pandapipes version) are two
// cases named FRICTION@TAG: they were two rows of one name that --filter could not tell
// apart. A friction with one tag keeps its plain name.
TEST(PandapipesLoader, TwoTagsOfOneFrictionAreNamedApart) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const fs::path dir = ScratchLayout("pp_two_tags");
  const fs::path src = PandapipesDir();
  fs::copy_file(src / "cases" / "GasLib-134.json", dir / "cases" / "GasLib-134.json");
  for (const char* part : {"nodes", "edges"}) {
    const std::string p = std::string("_") + part + ".csv";
    fs::copy_file(src / "results" / ("GasLib-134_pp0.14_nikuradse" + p),
                  dir / "results" / ("GasLib-134_pp0.14_nikuradse" + p));
    fs::copy_file(src / "results" / ("GasLib-134_pp0.14_nikuradse" + p),
                  dir / "results" / ("GasLib-134_pp0.15_nikuradse" + p));
    fs::copy_file(src / "results" / ("GasLib-134_pp0.14_colebrook" + p),
                  dir / "results" / ("GasLib-134_pp0.14_colebrook" + p));
  }
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  ASSERT_TRUE(LoadPandapipesCases(dir.string(), &cases, &diag).ok()) << diag.ToString();
  std::set<std::string> names;
  for (const ReferenceCase& rc : cases) names.insert(rc.name);
  EXPECT_EQ(names, (std::set<std::string>{"pandapipes/GasLib-134/colebrook",
                                          "pandapipes/GasLib-134/nikuradse@pp0.14",
                                          "pandapipes/GasLib-134/nikuradse@pp0.15"}));
  // The filter selects one of them, and reads no other results.
  cases.clear();
  ASSERT_TRUE(LoadPandapipesCases(dir.string(), &cases, &diag, "nikuradse@pp0.15").ok());
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "pandapipes/GasLib-134/nikuradse@pp0.15");
  // A name no case can have reads no case file: with a broken case file whose one tag of
  // colebrook gives its case the plain name, "colebrook@pp0.14" selects nothing and reports
  // nothing (the file was read and its errors listed).
  std::string text;
  ASSERT_TRUE(ReadFileToString((dir / "cases" / "GasLib-134.json").string(), &text).ok());
  const std::size_t length = text.find("\"length_m\"");
  ASSERT_NE(length, std::string::npos);
  text.insert(text.find(':', length) + 1, " -");
  ASSERT_TRUE(WriteFileAtomically((dir / "cases" / "GasLib-134.json").string(), text).ok());
  for (const char* part : {"nodes", "edges"})
    fs::remove(dir / "results" / (std::string("GasLib-134_pp0.15_nikuradse_") + part + ".csv"));
  for (const char* none : {"colebrook@pp0.14", "nikuradse@pp0.14"}) {
    cases.clear();
    Diagnostics quiet;
    EXPECT_TRUE(LoadPandapipesCases(dir.string(), &cases, &quiet, none).ok()) << none;
    EXPECT_TRUE(cases.empty()) << none;
    EXPECT_EQ(quiet.error_count(), 0u) << none << ": " << quiet.ToString();
  }
  Diagnostics loud;  // (the file is broken: a filter that selects it reports it)
  EXPECT_FALSE(LoadPandapipesCases(dir.string(), &cases, &loud, "nikuradse").ok());
  EXPECT_GT(loud.error_count(), 0u);
  fs::remove_all(dir);
}

// The check must fail for the right reason: a pressure moved by 1 Pa or a wrong g shows.
TEST(PandapipesLoader, ResidualCheckDetectsAPerturbation) {
  CORRIDOR_REQUIRE_SHARED();
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  ASSERT_TRUE(LoadPandapipesCases(PandapipesDir(), &cases, &diag).ok());
  auto it = std::find_if(cases.begin(), cases.end(), [](const ReferenceCase& rc) {
    return rc.name == "pandapipes/GasLib-582/nikuradse";
  });
  ASSERT_NE(it, cases.end());
  ReferenceCase rc = *it;
  ResidualCheck check;
  rc.expected_pressure_Pa.at("innode_20") += 1.0;
  ASSERT_TRUE(CheckExpectedResiduals(rc, &check, 1e-6, 0.01).ok());
  EXPECT_FALSE(check.pass);
  EXPECT_GT(check.max_law_residual_Pa, 0.5);
  rc = *it;
  rc.options.gravity_m_per_s2 = units::kGravity;  // 9.80665 instead of pandapipes' 9.81
  ASSERT_TRUE(CheckExpectedResiduals(rc, &check, 1e-6, 0.01).ok());
  std::printf("with g = 9.80665 the worst law residual is %.3f Pa (%s)\n",
              check.max_law_residual_Pa, check.worst_law_arc.c_str());
  EXPECT_FALSE(check.pass);
  // Outside the model's domain: Z = 1 - 0.0022 p[bar] <= 0 above 454.5 bar.
  rc = *it;
  for (auto& [id, p] : rc.expected_pressure_Pa) p *= 6.0;  // ~500 bar
  ASSERT_TRUE(CheckExpectedResiduals(rc, &check, 1e-6, 1e30).ok());
  EXPECT_FALSE(check.pass);
  EXPECT_NE(check.domain_violation.find("outside the linear compressibility model"),
            std::string::npos) << check.Brief();
  rc = *it;
  rc.expected_flow_kg_per_s.at("pipe_1") += 1e-3;
  ASSERT_TRUE(CheckExpectedResiduals(rc, &check, 1e-6, 0.01).ok());
  EXPECT_FALSE(check.pass);
  EXPECT_NEAR(check.max_mass_imbalance_kg_per_s, 1e-3, 1e-6);
}

// A gas temperature outside the plausible range (a slip: degC for K) is the case file's
// error at its line, as in the GasSteadySim reader: T_K 16 was solved, and FAILed by 9.7 bar.
TEST(PandapipesLoader, AnImplausibleTemperatureIsRefused) {
  std::string head = kCaseHead;
  const std::string t = "\"T_K\": 289.15";
  ASSERT_NE(head.find(t), std::string::npos);
  head.replace(head.find(t), t.size(), "\"T_K\": 16");
  PandapipesCase pc;
  Diagnostics diag;
  const Status s = ReadCaseText("corridor_t_slip_case.json", head + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}
  ]
})", &pc, &diag);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "implausible-value");
  EXPECT_EQ(diag.items()[0].line, 4);
  EXPECT_NE(diag.items()[0].message.find("T_K must lie in [173.15, 473.15] K"),
            std::string::npos)
      << diag.ToString();
}

// Bad input: every problem is reported with file:line, element, rule and JSON pointer, the
// line that of the bad value (it was the line of the element's id: p1's diameter one line
// below it, and an edge under removed_edges at the edge, not at the entry naming it).
TEST(PandapipesLoader, ReportsEveryProblemWithLine) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("corridor_bad_pandapipes_case.json", std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": "x"}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": -0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"id": "p2", "type": "pipe", "from": "a", "to": "zz", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"id": "p3", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "roughness_m": 1e-5, "loss_coefficient": 0}
  ],
  "removed_edges": [{"id": "p2"}]
})", &pc, &diag);
  EXPECT_FALSE(s.ok());
  std::printf("%s", diag.ToString().c_str());
  std::map<std::string, int> line_of_rule;
  for (const Diagnostic& d : diag.items()) line_of_rule[d.rule] = d.line;
  EXPECT_EQ(diag.error_count(), 5u);
  EXPECT_EQ(line_of_rule["missing-key"], 19);         // p3 without its diameter
  EXPECT_EQ(line_of_rule["wrong-type"], 12);         // node b's inflow
  EXPECT_EQ(line_of_rule["positive-diameter"], 16);   // p1's diameter
  EXPECT_EQ(line_of_rule["unknown-node"], 17);        // p2 -> zz
  EXPECT_EQ(line_of_rule["removed-edge-present"], 22);
  const std::string all = diag.ToString();
  for (const char* want :
       {":16: error: pipe 'p1': diameter must be positive, got -0.5 m (at /edges/0/diameter_m) "
        "[positive-diameter]",
        ":12: error: node 'b': member 'inflow_kg_per_s' must be a number, got a string \"x\" (at "
        "/nodes/1/inflow_kg_per_s) [wrong-type]",
        ":17: error: pipe 'p2': node 'zz' is not in 'nodes' (at /edges/1/to) [unknown-node]",
        ":19: error: pipe 'p3': member 'diameter_m' is missing (at /edges/2/diameter_m) "
        "[missing-key]",
        ":22: error: edge 'p2': listed under removed_edges but still among the edges (at "
        "/removed_edges/0/id) [removed-edge-present]"})
    EXPECT_NE(all.find(want), std::string::npos) << want << "\n" << all;
}

// A length or loss coefficient below 0 is negative-value, the rule the network readers give
// a value that must be at least 0 (this reader's own names were nonnegative-length and
// nonnegative-loss); each at its line.
TEST(PandapipesLoader, ANegativeLengthOrLossIsANegativeValue) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("negative.json", std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": 1}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b",
     "length_m": -1000, "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"id": "p2", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5,
     "loss_coefficient": -2}
  ]
})", &pc, &diag);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(diag.error_count(), 2u) << diag.ToString();
  const std::string all = diag.ToString();
  for (const char* want :
       {":16: error: pipe 'p1': length must be >= 0, got -1000 m (at /edges/0/length_m) "
        "[negative-value]",
        ":19: error: pipe 'p2': loss coefficient must be >= 0, got -2 (at "
        "/edges/1/loss_coefficient) [negative-value]"})
    EXPECT_NE(all.find(want), std::string::npos) << want << "\n" << all;
}

// An edge from a node to itself is refused (it was solved: a pipe's flow from its height
// term alone, a valve's left undetermined, and validate passed or failed the case).
TEST(PandapipesLoader, EdgeFromANodeToItselfIsRefused) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("corridor_self_loop_pandapipes_case.json",
                          std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"id": "v1", "type": "valve", "from": "b", "to": "b"}
  ]
})", &pc, &diag);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_NE(diag.ToString().find(
                ":17: error: valve 'v1': joins node 'b' to itself (at /edges/1/to) [self-loop]"),
            std::string::npos)
      << diag.ToString();
}

// A number below a double's range is refused at its line, as the other JSON readers refuse
// it (simdjson read "length_m": 1e-400 as 0, and the pipe was solved as an ideal
// connection); a number with a large negative exponent that is in range is read.
TEST(PandapipesLoader, NumberBelowADoublesRangeIsRefused) {
  auto text = [](const std::string& length) {
    return std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": )" +
           length + R"(,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}
  ]
})";
  };
  const std::string zeros_400 = "0." + std::string(400, '0') + "1";
  for (const std::string& tiny : {std::string("1e-400"), std::string("0.5E-330"),
                                  std::string("1e-99999999999"),
                                  std::string("0.00000000000000000000000001e-299"), zeros_400}) {
    PandapipesCase pc;
    Diagnostics diag;
    EXPECT_FALSE(ReadCaseText("corridor_tiny_pandapipes_case.json", text(tiny), &pc, &diag).ok());
    ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
    EXPECT_NE(diag.ToString().find(fmt::format(
                  ":15: error: number {} lies below a double's range (it would read as 0) "
                  "[not-finite]",
                  tiny.size() <= 40 ? tiny
                                    : fmt::format("{}... ({} characters)", tiny.substr(0, 30),
                                                  tiny.size()))),
              std::string::npos)
        << diag.ToString();
  }
  // (A long mantissa rounded to the nearest double; 1e23 m, which the test read before, is
  // now beyond the plausible lengths.)
  for (const auto& [written, value] : {std::pair{"1000e-303", 1e-300},
                                       std::pair{"39999999.9999999999999999", 4e7}}) {
    PandapipesCase pc;
    Diagnostics diag;
    ASSERT_TRUE(
        ReadCaseText("corridor_tiny_pandapipes_case.json", text(written), &pc, &diag).ok())
        << diag.ToString();
    EXPECT_DOUBLE_EQ(pc.network.arcs[0].pipe.length_m, value) << written;
  }
}

// A pipe's roughness lies in [1 nm, D/2): 0 and 5e-324 m (D/k overflowed) and one at D/2
// were refused by the solver without file or line (a FAIL row where the case is
// unusable), or, 0, only as outside (0, D).
TEST(PandapipesLoader, RoughnessOutsideTheFrictionLawsRangeIsRefusedAtItsLine) {
  auto text = [](const std::string& roughness) {
    return std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000, "diameter_m": 0.5,
     "roughness_m": )" +
           roughness + R"(, "loss_coefficient": 0}
  ]
})";
  };
  for (const char* bad : {"0", "5e-324", "9.9e-10", "0.25", "0.4"}) {
    PandapipesCase pc;
    Diagnostics diag;
    EXPECT_FALSE(ReadCaseText("corridor_rough_pandapipes_case.json", text(bad), &pc, &diag).ok());
    EXPECT_NE(diag.ToString().find(fmt::format(
                  ":16: error: pipe 'p1': roughness must lie in [1e-09 m, D/2) = [1e-09, "
                  "0.25) m, got {} m (at /edges/0/roughness_m) [roughness-range]",
                  bad)),
              std::string::npos)
        << diag.ToString();
  }
  for (const char* good : {"1e-9", "0.249"}) {
    PandapipesCase pc;
    Diagnostics diag;
    EXPECT_TRUE(ReadCaseText("corridor_rough_pandapipes_case.json", text(good), &pc, &diag).ok())
        << good << ": " << diag.ToString();
  }
}

// An element's own warning (lossless-pipe) names the line of its '{', found back from its
// "id" where that is its first member (the locator walked the text to the element: 4 ms of
// every read of GasLib-4197, whose resistor_3 warns) and by the locator otherwise, or where
// the "id" found is that of an object nested in another element.
TEST(PandapipesLoader, AnElementsWarningNamesTheLineOfItsObject) {
  PandapipesCase pc;
  Diagnostics diag;
  ASSERT_TRUE(ReadCaseText("corridor_lossless_pandapipes_case.json",
                           std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1}
  ],
  "edges": [
    {
     "id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 0,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"type": "pipe",
     "id": "p2", "from": "a", "to": "b", "length_m": 0,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0,
     "note": {"id": "p3"}},
    {"id": "p3", "type": "pipe", "from": "a", "to": "b", "length_m": 0,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}
  ]
})",
                           &pc, &diag)
                  .ok())
      << diag.ToString();
  const std::string all = diag.ToString();
  EXPECT_EQ(diag.warning_count(), 3u) << all;
  EXPECT_NE(all.find(":15: warning: pipe 'p1': length 0 and loss coefficient 0: an ideal "
                     "connection (at /edges/0) [lossless-pipe]"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(":18: warning: pipe 'p2': length 0 and loss coefficient 0: an ideal "
                     "connection (at /edges/1) [lossless-pipe]"),
            std::string::npos)
      << all;
  // The first "id": "p3" ahead is a member's object inside p2, no element: p3's own line.
  EXPECT_NE(all.find(":22: warning: pipe 'p3': length 0 and loss coefficient 0: an ideal "
                     "connection (at /edges/2) [lossless-pipe]"),
            std::string::npos)
      << all;
}

// disconnected_nodes against the edges: a node no edge reaches that the list misses (its
// pressure is left NaN), and a listed node an edge reaches or that is no node, are warned
// of at their lines.
TEST(PandapipesLoader, DisconnectedNodesAreThoseNoEdgeReaches) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("corridor_disconnected_pandapipes_case.json",
                          std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1},
    {"id": "c", "gaslib_type": "innode", "height_m": 0, "kind": "load", "inflow_kg_per_s": 0},
    {"id": "d", "gaslib_type": "innode", "height_m": 0, "kind": "load", "inflow_kg_per_s": 0}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}
  ],
  "disconnected_nodes": ["d",
                         {"id": "b"},
                         "zz"]
})", &pc, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString();
  const std::string all = diag.ToString();
  EXPECT_EQ(diag.warning_count(), 3u) << all;
  for (const char* want :
       {":13: warning: node 'c': no edge reaches it, and disconnected_nodes does not list it: "
        "its pressure is undetermined (left NaN by the solve) (at /nodes/2) "
        "[disconnected-mismatch]",
        ":21: warning: node 'b': listed under disconnected_nodes but joined by 1 edge (at "
        "/disconnected_nodes/1) [disconnected-mismatch]",
        ":22: warning: node 'zz': listed under disconnected_nodes but not a node of the case "
        "(at /disconnected_nodes/2) [disconnected-mismatch]"})
    EXPECT_NE(all.find(want), std::string::npos) << want << "\n" << all;
  // An entry that names no node is refused at its index (it was dropped, and the entries
  // after it were named by the index before theirs).
  Diagnostics bad;
  EXPECT_FALSE(ReadCaseText("corridor_disconnected_pandapipes_case.json",
                            std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}
  ],
  "disconnected_nodes": [5,
                         {"id": 7}]
})",
                            &pc, &bad)
                   .ok());
  const std::string refused = bad.ToString();
  EXPECT_EQ(bad.error_count(), 2u) << refused;
  EXPECT_NE(refused.find(":18: error: disconnected_nodes: an entry of disconnected_nodes must be "
                         "a node id (a string, or an object with a string 'id'), got an "
                         "integer 5 (at /disconnected_nodes/0) [wrong-type]"),
            std::string::npos)
      << refused;
  EXPECT_NE(refused.find(":19: error: disconnected_nodes: "), std::string::npos) << refused;
}

// Another of corridor's files among the cases is said once, with what reads it (a hydro
// case gave five missing members besides); a case without "gas" names the member at
// "/gas" (it read "/gas/gas").
TEST(PandapipesLoader, AnotherCorridorFileIsSaidAsWhatItIs) {
  PandapipesCase pc;
  Diagnostics diag;
  EXPECT_FALSE(ReadCaseText("hydro.json", "{\n  \"format\": \"corridor-hydro-case\",\n"
                                          "  \"version\": 1\n}\n",
                            &pc, &diag)
                   .ok());
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_NE(diag.ToString().find(":2: error: case: \"format\" must be "
                                 "\"gaslib-simplified-steady-v1\", got \"corridor-hydro-case\": "
                                 "the file is a hydro case, which `corridor hydro FILE` reads; "
                                 "nothing else of it is read (at /format) [wrong-file-kind]"),
            std::string::npos)
      << diag.ToString();
  Diagnostics empty;  // (it was json-syntax)
  EXPECT_FALSE(ReadCaseText("empty.json", " \n", &pc, &empty).ok());
  ASSERT_EQ(empty.error_count(), 1u) << empty.ToString();
  EXPECT_EQ(empty.items()[0].rule, "empty-file");
  std::string text = std::string(kCaseHead) + R"(  "nodes": [], "edges": []
})";
  const std::size_t gas = text.find("  \"gas\"");
  ASSERT_NE(gas, std::string::npos);
  text.erase(gas, text.find("\n  \"slack\"") - gas + 1);
  Diagnostics no_gas;
  EXPECT_FALSE(ReadCaseText("no_gas.json", text, &pc, &no_gas).ok());
  EXPECT_NE(no_gas.ToString().find("member 'gas' is missing (at /gas) [missing-key]"),
            std::string::npos)
      << text << no_gas.ToString();
}

// The format's line and pointer; a key given twice is said, as the other JSON readers have
// it: a warning where its values are alike (the last counts), an error naming them where
// they differ (which one the file means is not known). A second "format" was taken in
// silence, and the format rule had no line.
TEST(PandapipesLoader, FormatHasItsLineAndARepeatedKeyIsSaid) {
  PandapipesCase pc;
  Diagnostics diag;
  std::string text = std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0,
     "height_m": 1}
  ],
  "edges": [],
  "format": "other"
})";
  EXPECT_FALSE(ReadCaseText("corridor_pandapipes_format.json", text, &pc, &diag).ok());
  const std::string all = diag.ToString();
  for (const char* want :
       {":15: error: case: key 'format' given more than once in one object with different "
        "values (\"gaslib-simplified-steady-v1\", \"other\"): give it once, with the value "
        "meant (at /format) [duplicate-key]",
        ":15: error: case: format must be 'gaslib-simplified-steady-v1', got 'other' (at "
        "/format) [format]",
        ":12: error: node 'a': key 'height_m' given more than once in one object with "
        "different values (0, 1): give it once, with the value meant (at /nodes/0/height_m) "
        "[duplicate-key]"})
    EXPECT_NE(all.find(want), std::string::npos) << want << "\n" << all;
  // Alike (1 and 1.0 are one number): warnings, and the case reads.
  Diagnostics alike;
  text = std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 1, "kind": "slack", "p_fixed_bar_abs": 60.0,
     "height_m": 1.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1}
  ],
  "edges": [{"id": "p", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
             "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0, "length_m": 1e3}],
  "format": "gaslib-simplified-steady-v1"
})";
  const Status s = ReadCaseText("corridor_pandapipes_alike.json", text, &pc, &alike);
  const std::string said = alike.ToString();
  EXPECT_EQ(alike.error_count(), 0u) << said;
  for (const char* want :
       {":17: warning: case: key 'format' given twice in one object: the last value counts (at "
        "/format) [duplicate-key]",
        ":12: warning: node 'a': key 'height_m' given twice in one object: the last value "
        "counts (at /nodes/0/height_m) [duplicate-key]",
        "warning: pipe 'p': key 'length_m' given twice in one object: the last value counts "
        "(at /edges/0/length_m) [duplicate-key]"})
    EXPECT_NE(said.find(want), std::string::npos) << want << "\n" << said;
  EXPECT_TRUE(s.ok()) << s.ToString() << said;
  // A key repeated alike does not hide another repeated with different values behind its
  // warning (999 was taken, unsaid).
  Diagnostics hidden;
  text = std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "height_m": 0, "kind": "load",
     "inflow_kg_per_s": -1, "inflow_kg_per_s": 999}
  ],
  "edges": [{"id": "p", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
             "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}]
})";
  EXPECT_FALSE(ReadCaseText("corridor_pandapipes_hidden.json", text, &pc, &hidden).ok());
  EXPECT_NE(hidden.ToString().find("node 'b': key 'inflow_kg_per_s' given more than once in "
                                   "one object with different values (-1, 999)"),
            std::string::npos)
      << hidden.ToString();
}

// A member of the wrong JSON type is wrong-type, not "missing" (a number for a string,
// an entry of nodes, edges or removed_edges that is no object), and an absent one
// missing-key; a root that is no object is wrong-type too.
TEST(PandapipesLoader, WrongTypesAreNotMissingMembers) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("corridor_pandapipes_types.json", std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": 3, "inflow_kg_per_s": -1},
    7
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": 5, "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    42
  ],
  "removed_edges": [7]
})", &pc, &diag);
  EXPECT_FALSE(s.ok());
  std::printf("%s", diag.ToString().c_str());
  std::map<std::string, int> count;
  for (const Diagnostic& d : diag.items()) ++count[d.rule];
  EXPECT_EQ(count["wrong-type"], 5) << diag.ToString();  // kind, from, 7, 42, removed 7
  EXPECT_EQ(count["missing-key"], 0) << diag.ToString();
  const std::string all = diag.ToString();
  for (const char* want : {"member 'kind' must be a string, got an integer 3",
                           "member 'from' must be a string, got an integer 5",
                           "nodes[2] must be an object, got an integer 7",
                           "edges[1] must be an object, got an integer 42",
                           "an entry of removed_edges must be an object"})
    EXPECT_NE(all.find(want), std::string::npos) << want;
  Diagnostics root;
  EXPECT_FALSE(ReadCaseText("corridor_pandapipes_root.json", "[1, 2]", &pc, &root).ok());
  ASSERT_EQ(root.items().size(), 1u) << root.ToString();
  EXPECT_EQ(root.items()[0].rule, "wrong-type");
  Diagnostics absent;
  EXPECT_FALSE(ReadCaseText("corridor_pandapipes_absent.json", std::string(kCaseHead) +
                                R"(  "nodes": {"a": 1})" + "\n}", &pc, &absent)
                   .ok());
  EXPECT_NE(absent.ToString().find(
                "member 'nodes' must be an array, got an object of 1 member(s) (at /nodes) "
                "[wrong-type]"),
            std::string::npos)
      << absent.ToString();
  EXPECT_NE(absent.ToString().find("array member 'edges' is missing (at /edges) [missing-key]"),
            std::string::npos)
      << absent.ToString();
  // A long value is shown in its first 57 characters.
  Diagnostics long_value;
  const std::string text(100, 'x');
  EXPECT_FALSE(ReadCaseText("corridor_pandapipes_long.json", std::string(kCaseHead) +
                                "  \"nodes\": \"" + text + "\"\n}", &pc, &long_value)
                   .ok());
  EXPECT_NE(long_value.ToString().find("got a string \"" + text.substr(0, 56) +
                                       "... (at /nodes) "
                                       "[wrong-type]"),
            std::string::npos)
      << long_value.ToString();
}

// Element lines across a gap of thousands of lines and bytes (the scan sums its newline
// counts every 4 KiB) and for a key in the last bytes of the file (the scan's scalar
// tail); then a shorter file read by the same thread (the kept buffer must not show
// through).
TEST(PandapipesLoader, ElementLinesAcrossLongGapsAndAtTheEnd) {
  const std::string head = kCaseHead;  // 9 lines
  std::string pad = "  \"pad\": [0";
  for (int i = 0; i < 3000; ++i) pad += ",\n   " + std::string(i % 7, ' ') + "0";
  pad += "],\n";  // lines 10 to 3010
  const std::string nodes = R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1.0}
  ],
  "edges": [
    {"type": "pipe", "from": "a", "to": "b", "length_m": 1000, "diameter_m": 0.5,
     "roughness_m": 1e-5, "loss_coefficient": 0, "id": "p1"}]})";
  const auto read = [&](const std::string& text, PandapipesCase* pc) {
    Diagnostics diag;
    EXPECT_TRUE(ReadCaseText("corridor_pandapipes_lines.json", text, pc, &diag).ok())
        << diag.ToString();
  };
  PandapipesCase pc;
  read(head + pad + nodes, &pc);
  ASSERT_EQ(pc.network.nodes.size(), 2u);
  ASSERT_EQ(pc.network.arcs.size(), 1u);
  EXPECT_EQ(pc.network.nodes[0].line, 3012);
  EXPECT_EQ(pc.network.nodes[1].line, 3013);
  EXPECT_EQ(pc.network.arcs[0].line, 3017);  // the line of its id
  read(head + nodes, &pc);
  EXPECT_EQ(pc.network.nodes[1].line, 12);
  EXPECT_EQ(pc.network.arcs[0].line, 16);
  EXPECT_EQ(pc.network.arcs[0].pipe.length_m, 1000.0);
}

// Members in any order, unknown ones among them, and a repeated key (alike, so a warning;
// given different values it is an error, FormatHasItsLineAndARepeatedKeyIsSaid): the reader
// guesses each member's key from the element before and must not be fooled.
TEST(PandapipesLoader, MembersInAnyOrderAndTheLastOfARepeatedKey) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("corridor_pandapipes_order.json", std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 1, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 2, "kind": "load", "inflow_kg_per_s": -1.0},
    {"height_m": 4.0, "note": "x", "kind": "load", "id": "c", "gaslib_type": "sink",
     "inflow_kg_per_s": -2.0, "height_m": 4},
    {"id": "d", "gaslib_type": "innode", "height_m": 5, "kind": "load", "inflow_kg_per_s": 0}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000, "diameter_m": 0.5,
     "roughness_m": 1e-5, "loss_coefficient": 0},
    {"to": "c", "from": "b", "id": "p2", "type": "pipe", "length_m": 2000, "diameter_m": 0.4,
     "roughness_m": 2e-5, "loss_coefficient": 0.5},
    {"id": "p3", "type": "pipe", "from": "c", "to": "d", "length_m": 3000, "diameter_m": 0.3,
     "roughness_m": 3e-5, "loss_coefficient": 0}
  ]
})", &pc, &diag);
  ASSERT_TRUE(s.ok()) << diag.ToString();
  const auto& nodes = pc.network.nodes;
  ASSERT_EQ(nodes.size(), 4u);
  EXPECT_EQ(nodes[2].id, "c");
  EXPECT_EQ(nodes[2].height_m, 4.0);
  EXPECT_EQ(diag.warning_count(), 1u) << diag.ToString();  // the repeat
  EXPECT_EQ(nodes[2].kind, NodeKind::kSink);
  EXPECT_EQ(pc.injection_kg_per_s[2], -2.0);
  EXPECT_EQ(nodes[3].height_m, 5.0);
  EXPECT_EQ(nodes[3].kind, NodeKind::kInnode);
  const auto& arcs = pc.network.arcs;
  ASSERT_EQ(arcs.size(), 3u);
  EXPECT_EQ(arcs[1].id, "p2");
  EXPECT_EQ(arcs[1].from, "b");
  EXPECT_EQ(arcs[1].to, "c");
  EXPECT_EQ(arcs[1].pipe.length_m, 2000.0);
  EXPECT_EQ(pc.loss_coefficient[1], 0.5);
  EXPECT_EQ(arcs[2].from, "c");
  EXPECT_EQ(arcs[2].pipe.diameter_m, 0.3);
  EXPECT_EQ(arcs[1].line, 20);
  EXPECT_EQ(arcs[2].line, 22);
}

// Repeated ids: each repetition is reported at its own line and left out; an edge to a
// node that exists only as a repeated id still finds it.
TEST(PandapipesLoader, ReportsEveryRepeatedIdAtItsLine) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("corridor_pandapipes_repeated.json", std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "innode_long_name_17", "gaslib_type": "sink", "height_m": 0, "kind": "load",
     "inflow_kg_per_s": -1.0},
    {"id": "innode_long_name_17", "gaslib_type": "sink", "height_m": 9, "kind": "load",
     "inflow_kg_per_s": -2.0}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "innode_long_name_17", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"id": "p1", "type": "pipe", "from": "a", "to": "innode_long_name_1", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"id": "p2", "type": "pipe", "from": "a", "to": "innode_long_name_1", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}
  ]
})", &pc, &diag);
  EXPECT_FALSE(s.ok());
  std::vector<std::pair<std::string, int>> rules;
  for (const Diagnostic& d : diag.items()) rules.emplace_back(d.rule, d.line);
  const std::vector<std::pair<std::string, int>> expected = {
      {"duplicate-id", 14}, {"duplicate-id", 20}, {"unknown-node", 22}};
  EXPECT_EQ(rules, expected) << diag.ToString();
  ASSERT_EQ(pc.network.nodes.size(), 2u);
  EXPECT_EQ(pc.network.nodes[1].height_m, 0.0);  // the first one stays
  EXPECT_EQ(pc.network.arcs.size(), 2u);
}

// The reader sets the Network's index from its own id tables: it must be exactly what
// BuildIndex leaves, slot for slot, with the same endpoint indices (SIZE_MAX for a missing
// node), on the reference cases and on cases with left-out elements (the tables then differ
// in size and the reader falls back to BuildIndex), unknown ends, ends that are not
// strings and an empty id.
void ExpectIndexAsBuildIndex(const Network& read) {
  Network built = read;
  built.BuildIndex();
  EXPECT_TRUE(NetworkIndexAccess::SameTables(read, built));
  ASSERT_EQ(read.arcs.size(), built.arcs.size());
  for (std::size_t a = 0; a < read.arcs.size(); ++a) {
    EXPECT_EQ(read.arcs[a].from_index, built.arcs[a].from_index) << read.arcs[a].id;
    EXPECT_EQ(read.arcs[a].to_index, built.arcs[a].to_index) << read.arcs[a].id;
    EXPECT_EQ(read.FindArc(read.arcs[a].id), built.FindArc(read.arcs[a].id));
  }
  for (const Node& n : read.nodes) EXPECT_EQ(read.FindNode(n.id), built.FindNode(n.id));
  EXPECT_EQ(read.FindNode("no such node"), std::nullopt);
  EXPECT_EQ(read.FindArc("no such edge"), std::nullopt);
}

TEST(PandapipesLoader, TheIndexIsBuildIndexs) {
  // n nodes: "a" (the slack), then "n<i>", every 5th not an object, the 4th with the
  // empty id, each `repeat`-th repeating the one before; edges "e<i>" from n<i> to
  // n<i+1>, every 9th repeating the one before, every 7th to an unknown node, every 11th
  // to a number, every 13th to "".
  const auto make = [](int n, int repeat) {
    std::string t = std::string(kCaseHead) + "  \"nodes\": [\n";
    for (int i = 0; i < n; ++i) {
      const bool repeated = repeat > 0 && i % repeat == repeat - 1;
      const std::string id = i == 0 ? "a" : i == 3 ? "" : fmt::format("n{}", repeated ? i - 1 : i);
      t += i == 0 ? "" : ",\n";
      t += i % 5 == 4 ? std::string("7")
                      : fmt::format(R"(    {{"id": "{}", "gaslib_type": "innode", "height_m": 0,
     "kind": "{}", "p_fixed_bar_abs": 60, "inflow_kg_per_s": 0}})",
                                    id, i == 0 ? "slack" : "load");
    }
    t += "\n  ],\n  \"edges\": [\n";
    for (int i = 0; i + 1 < n; ++i) {
      const std::string to = i % 7 == 6     ? "\"nowhere\""
                             : i % 11 == 10 ? "3"
                             : i % 13 == 12 ? "\"\""
                                            : fmt::format("\"n{}\"", i + 1);
      t += i == 0 ? "" : ",\n";
      t += fmt::format(R"(    {{"id": "e{}", "type": "valve", "from": "n{}", "to": {}}})",
                       i % 9 == 8 ? i - 1 : i, i, to);
    }
    return t + "\n  ]\n}\n";
  };
  for (const auto& [n, repeat] : std::vector<std::pair<int, int>>{
           {4, 0}, {9, 0}, {9, 3}, {40, 0}, {40, 6}, {300, 0}, {300, 2}, {1000, 25}}) {
    SCOPED_TRACE(fmt::format("{} nodes, repeat {}", n, repeat));
    PandapipesCase pc;
    Diagnostics diag;
    (void)ReadCaseText("corridor_pandapipes_index.json", make(n, repeat), &pc, &diag);
    EXPECT_FALSE(pc.network.nodes.empty()) << diag.ToString();
    ExpectIndexAsBuildIndex(pc.network);
  }
  CORRIDOR_REQUIRE_SHARED();  // the reference cases
  for (const auto& e : std::filesystem::directory_iterator(PandapipesDir() + "/cases")) {
    SCOPED_TRACE(e.path().string());
    ExpectIndexAsBuildIndex(ReadCase(e.path().stem().string()).network);
  }
}

// A file that is not JSON: the line and the reason, from the positioned re-parse.
TEST(PandapipesLoader, ReportsTheLineOfASyntaxError) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "corridor_bad_pandapipes_syntax.json").string();
  {
    std::ofstream f(path);
    f << "{\n  \"format\": \"gaslib-simplified-steady-v1\",\n  \"nodes\": [1, 2,]\n}\n";
  }
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadPandapipesCaseFile(path, &pc, &diag);
  std::filesystem::remove(path);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(diag.items().size(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "json-syntax");
  EXPECT_EQ(diag.items()[0].line, 3);
}

// A results row with a field too few or too many has its columns shifted: it is refused at
// its line, not read as another column's value (a missing cell read p_amb as a pressure).
TEST(PandapipesLoader, ResultsRowsMustHaveTheHeadersFields) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string nodes = (dir / "corridor_pp_rows_nodes.csv").string();
  const std::string edges = (dir / "corridor_pp_rows_edges.csv").string();
  auto write = [](const std::string& path, const std::string& text) {
    std::ofstream f(path);
    f << text;
  };
  write(nodes,
        "node_id,type,p_bar_abs,p_amb_bar\n"
        "a,junction,60.0,1.01325\n"
        "b,59.0,1.01325\n"               // short: type missing (p_amb would be read)
        "c,junction,58.0,1.01325,x\n");  // long
  write(edges, "edge_id,type,mdot_from_kg_per_s\np1,pipe,1.5\n");
  std::unordered_map<std::string, double> p, q;
  Diagnostics diag;
  EXPECT_FALSE(ReadPandapipesResults(nodes, edges, &p, &q, &diag).ok());
  ASSERT_EQ(diag.error_count(), 2u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "short-row");
  EXPECT_EQ(diag.items()[0].line, 3);
  EXPECT_EQ(diag.items()[0].element, "b");
  EXPECT_NE(diag.items()[0].message.find("row has 3 fields where the header has 4"),
            std::string::npos)
      << diag.ToString();
  EXPECT_EQ(diag.items()[1].rule, "long-row");
  EXPECT_EQ(diag.items()[1].line, 4);
  EXPECT_EQ(p.count("b"), 0u);
  EXPECT_EQ(p.count("c"), 0u);
  EXPECT_DOUBLE_EQ(p.at("a"), 60.0e5);
  // The same rows with their fields: read.
  write(nodes, "node_id,type,p_bar_abs,p_amb_bar\na,junction,60.0,1.01325\n");
  Diagnostics good;
  EXPECT_TRUE(ReadPandapipesResults(nodes, edges, &p, &q, &good).ok()) << good.ToString();
  EXPECT_DOUBLE_EQ(q.at("p1"), 1.5);
  std::filesystem::remove(nodes);
  std::filesystem::remove(edges);
}

// A results value is a decimal number as in every other file (strtod took hexadecimal and
// read a number below a double's range as 0: a pressure of 0 bar compared).
TEST(PandapipesLoader, ResultsValuesAreDecimalNumbers) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string nodes = (dir / "corridor_pp_numbers_nodes.csv").string();
  const std::string edges = (dir / "corridor_pp_numbers_edges.csv").string();
  {
    std::ofstream(nodes) << "node_id,type,p_bar_abs\na,junction,0x3C\nb,junction,1e-400\n"
                            "c,junction,inf\nd,junction,58.5\n";
    std::ofstream(edges) << "edge_id,type,mdot_from_kg_per_s\np1,pipe,1.5\n";
  }
  std::unordered_map<std::string, double> p, q;
  Diagnostics diag;
  EXPECT_FALSE(ReadPandapipesResults(nodes, edges, &p, &q, &diag).ok());
  ASSERT_EQ(diag.error_count(), 3u) << diag.ToString();
  // (0x3C is no decimal number; 1e-400 and inf are numbers beyond a double, not-finite as
  // in every reader: all three were not-a-number.)
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(diag.items()[k].rule, k == 0 ? "not-a-number" : "not-finite") << diag.ToString();
    EXPECT_EQ(diag.items()[k].line, k + 2) << diag.ToString();
  }
  EXPECT_DOUBLE_EQ(p.at("d"), 58.5e5);
  std::filesystem::remove(nodes);
  std::filesystem::remove(edges);
}

// The results files are CSV as RFC 4180 writes it: a quoted field holds commas and doubled
// quotes, so a decimal comma is a cell that is no number, named with its value (every '"'
// was dropped and every comma split: "long-row: row has 8 fields"). A UTF-8 byte order mark
// is skipped (it hid the id column: missing-column), a ';'-separated file is named so, and
// broken quoting is an error at its line.
TEST(PandapipesLoader, ResultsAreRfc4180CsvWithAByteOrderMark) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string nodes = (dir / "corridor_pp_rfc_nodes.csv").string();
  const std::string edges = (dir / "corridor_pp_rfc_edges.csv").string();
  auto read = [&](const std::string& n, const std::string& e, Diagnostics* diag,
                  std::unordered_map<std::string, double>* p) {
    std::ofstream(nodes) << n;
    std::ofstream(edges) << e;
    std::unordered_map<std::string, double> q;
    return ReadPandapipesResults(nodes, edges, p, &q, diag);
  };
  std::unordered_map<std::string, double> p;
  Diagnostics good;
  EXPECT_TRUE(read("\xEF\xBB\xBF\"node_id\",type,p_bar_abs\r\n\"a\",\"junc,tion\",60.5\r\n"
                   "\"b \"\"x\"\"\",junction,\"59.0\"\r\n",
                   "\xEF\xBB\xBF" "edge_id,type,mdot_from_kg_per_s\np1,pipe,1.5\n", &good, &p)
                  .ok())
      << good.ToString();
  EXPECT_DOUBLE_EQ(p.at("a"), 60.5e5);
  EXPECT_DOUBLE_EQ(p.at("b \"x\""), 59.0e5);
  // Lines that end at a lone \r (old Mac files) are lines: the file was one line, its header.
  Diagnostics cr;
  p.clear();
  EXPECT_TRUE(read("node_id,type,p_bar_abs\ra,junction,60.5\rb,junction,59.0\r",
                   "edge_id,type,mdot_from_kg_per_s\rp1,pipe,1.5\r", &cr, &p)
                  .ok())
      << cr.ToString();
  EXPECT_DOUBLE_EQ(p.at("b"), 59.0e5);
  Diagnostics comma;
  EXPECT_FALSE(read("node_id,type,p_bar_abs\na,junction,\"67,2157674\"\n",
                    "edge_id,type,mdot_from_kg_per_s\np1,pipe,1.5\n", &comma, &p)
                   .ok());
  ASSERT_EQ(comma.error_count(), 1u) << comma.ToString();
  EXPECT_EQ(comma.items()[0].rule, "not-a-number");
  EXPECT_EQ(comma.items()[0].line, 2);
  EXPECT_NE(comma.items()[0].message.find("got '67,2157674'"), std::string::npos)
      << comma.ToString();
  Diagnostics semicolon;
  EXPECT_FALSE(read("node_id;type;p_bar_abs\na;junction;60\n",
                    "edge_id,type,mdot_from_kg_per_s\np1,pipe,1.5\n", &semicolon, &p)
                   .ok());
  ASSERT_EQ(semicolon.error_count(), 1u) << semicolon.ToString();
  EXPECT_EQ(semicolon.items()[0].rule, "separator");
  EXPECT_NE(semicolon.items()[0].message.find("one field holding ';'"), std::string::npos)
      << semicolon.ToString();
  Diagnostics quotes;
  EXPECT_FALSE(read("node_id,type,p_bar_abs\na,\"junction,60\nb,jun\"ction,61\n"
                    "c,\"junction\"x,62\nd,junction,63\n",
                    "edge_id,type,mdot_from_kg_per_s\np1,pipe,1.5\n", &quotes, &p)
                   .ok());
  ASSERT_EQ(quotes.error_count(), 3u) << quotes.ToString();
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(quotes.items()[k].rule, "malformed-line") << quotes.ToString();
    EXPECT_EQ(quotes.items()[k].line, k + 2) << quotes.ToString();
  }
  EXPECT_DOUBLE_EQ(p.at("d"), 63e5);
  std::filesystem::remove(nodes);
  std::filesystem::remove(edges);
}

// A results row given twice: with another value no reference value is known (an error,
// naming the first row's line and value); with the same value, a warning.
TEST(PandapipesLoader, AResultsRowGivenTwiceMustAgree) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string nodes = (dir / "corridor_pp_twice_nodes.csv").string();
  const std::string edges = (dir / "corridor_pp_twice_edges.csv").string();
  std::ofstream(nodes) << "node_id,type,p_bar_abs\na,junction,60.5\nb,junction,59\n"
                          "a,junction,60.50\nb,junction,58\n";
  std::ofstream(edges) << "edge_id,type,mdot_from_kg_per_s\np1,pipe,1.5\n";
  std::unordered_map<std::string, double> p, q;
  Diagnostics diag;
  EXPECT_FALSE(ReadPandapipesResults(nodes, edges, &p, &q, &diag).ok());
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  ASSERT_EQ(diag.warning_count(), 1u) << diag.ToString();
  for (const Diagnostic& d : diag.items()) {
    EXPECT_EQ(d.rule, "duplicate-id");
    if (d.element == "a") {
      EXPECT_EQ(d.severity, Diagnostic::Severity::kWarning);
      EXPECT_EQ(d.line, 4);
      EXPECT_NE(d.message.find("first at line 2"), std::string::npos) << d.message;
    } else {
      EXPECT_EQ(d.severity, Diagnostic::Severity::kError);
      EXPECT_EQ(d.line, 5);
      EXPECT_NE(d.message.find("'p_bar_abs' 59 at line 3, 58 here"), std::string::npos)
          << d.message;
    }
  }
  std::filesystem::remove(nodes);
  std::filesystem::remove(edges);
}

// A case file with a UTF-8 byte order mark is read (simdjson refused it: "improper
// structure", no line); a repeated id names the line of its first occurrence.
TEST(PandapipesLoader, ACaseFileWithAByteOrderMarkIsReadAndARepeatedIdNamesTheFirst) {
  PandapipesCase pc;
  Diagnostics diag;
  Status s = ReadCaseText("corridor_pandapipes_bom.json",
                          "\xEF\xBB\xBF" + std::string(kCaseHead) + R"(  "nodes": [
    {"id": "a", "gaslib_type": "source", "height_m": 0, "kind": "slack", "p_fixed_bar_abs": 60.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1.0},
    {"id": "b", "gaslib_type": "sink", "height_m": 0, "kind": "load", "inflow_kg_per_s": -1.0}
  ],
  "edges": [
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0},
    {"id": "p1", "type": "pipe", "from": "a", "to": "b", "length_m": 1000,
     "diameter_m": 0.5, "roughness_m": 1e-5, "loss_coefficient": 0}
  ]
})", &pc, &diag);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(diag.error_count(), 2u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].line, 13);
  EXPECT_NE(diag.items()[0].message.find("node id appears more than once, first at line 12"),
            std::string::npos)
      << diag.ToString();
  EXPECT_EQ(diag.items()[1].line, 18);
  EXPECT_NE(diag.items()[1].message.find("edge id appears more than once, first at line 16"),
            std::string::npos)
      << diag.ToString();
}

// The model column gives the stations' ratios as solved (each edge's pressure_ratio), not
// the case's top-level compressor_ratio: an edge at 1.2 in a case at 1.0 said nothing.
TEST(PandapipesLoader, TheModelGivesTheRatiosSolved) {
  CORRIDOR_REQUIRE_SHARED();
  PandapipesCase pc = ReadCase("GasLib-134");
  ASSERT_EQ(pc.compressor_ratio, 1.0);
  ReferenceCase rc;
  ASSERT_TRUE(MakePandapipesReference(pc, "nikuradse", &rc).ok());
  EXPECT_EQ(rc.model.find("ratio"), std::string::npos) << rc.model;
  for (std::size_t a = 0; a < pc.network.arcs.size(); ++a)
    if (pc.network.arcs[a].kind == ArcKind::kCompressorStation) pc.pressure_ratio[a] = 1.2;
  ASSERT_TRUE(MakePandapipesReference(pc, "nikuradse", &rc).ok());
  EXPECT_NE(rc.model.find(", ratio 1.2"), std::string::npos) << rc.model;
  PandapipesCase some = ReadCase("GasLib-4197_cr1.1-cs8-12");
  ASSERT_TRUE(MakePandapipesReference(some, "nikuradse", &rc).ok());
  EXPECT_NE(rc.model.find(", ratio 1.1 at 5 of 12 stations"), std::string::npos) << rc.model;
}

// A case without results is one without reference, said with a warning naming the files
// looked for: GasLib-134's results deleted left its Nikuradse row "solved, no reference",
// its Colebrook row gone, exit 0, and nothing said why.
TEST(PandapipesLoader, ACaseWithoutResultsIsSaid) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const fs::path dir = ScratchLayout("pp_no_results");
  fs::copy_file(fs::path(PandapipesDir()) / "cases" / "GasLib-134.json",
                dir / "cases" / "GasLib-134.json");
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  EXPECT_TRUE(LoadPandapipesCases(dir.string(), &cases, &diag).ok()) << diag.ToString();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_TRUE(cases[0].expected_pressure_Pa.empty());
  ASSERT_EQ(diag.warning_count(), 1u) << diag.ToString();
  const Diagnostic& d = diag.items()[0];
  EXPECT_EQ(d.rule, "no-results");
  EXPECT_EQ(d.file, (dir / "cases" / "GasLib-134.json").string());
  EXPECT_NE(d.message.find("no file " + (dir / "results").string() +
                           "/GasLib-134_TAG_FRICTION_{nodes,edges}.csv"),
            std::string::npos)
      << d.message;
  fs::remove_all(dir);
}

// The case's own friction (Nikuradse, its friction_model) keeps its row where only the
// Colebrook results are there, said with a warning: the row vanished in silence, exit 0,
// where losing every results file was said.
TEST(PandapipesLoader, TheOwnFrictionsRowStaysWithoutItsResults) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const fs::path dir = ScratchLayout("pp_own_friction");
  const fs::path src = PandapipesDir();
  fs::copy_file(src / "cases" / "GasLib-134.json", dir / "cases" / "GasLib-134.json");
  for (const char* part : {"nodes", "edges"}) {
    const std::string file = std::string("GasLib-134_pp0.14_colebrook_") + part + ".csv";
    fs::copy_file(src / "results" / file, dir / "results" / file);
  }
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  EXPECT_TRUE(LoadPandapipesCases(dir.string(), &cases, &diag).ok()) << diag.ToString();
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].name, "pandapipes/GasLib-134/colebrook");
  EXPECT_FALSE(cases[0].expected_pressure_Pa.empty());
  EXPECT_EQ(cases[1].name, "pandapipes/GasLib-134/nikuradse");
  EXPECT_TRUE(cases[1].expected_pressure_Pa.empty());
  ASSERT_EQ(diag.warning_count(), 1u) << diag.ToString();
  const Diagnostic& d = diag.items()[0];
  EXPECT_EQ(d.rule, "no-results");
  EXPECT_NE(d.message.find("no results under its own friction model 'nikuradse' (only "
                           "colebrook): no file " +
                           (dir / "results").string() +
                           "/GasLib-134_TAG_nikuradse_{nodes,edges}.csv"),
            std::string::npos)
      << d.message;
  // A filter that leaves the own friction's row out says nothing of it; one that names the
  // case and selects it finds it.
  // (Nor does it read a case file whose results are of the other law alone: "colebrook"
  // read them all, and failed on this broken one it does not select.)
  ASSERT_TRUE(WriteFileAtomically((dir / "cases" / "Broken.json").string(), "{").ok());
  for (const char* part : {"nodes", "edges"})
    fs::copy_file(src / "results" / (std::string("GasLib-134_pp0.14_nikuradse_") + part + ".csv"),
                  dir / "results" / (std::string("Broken_pp0.14_nikuradse_") + part + ".csv"));
  cases.clear();
  Diagnostics only_cb;
  EXPECT_TRUE(LoadPandapipesCases(dir.string(), &cases, &only_cb, "colebrook").ok())
      << only_cb.ToString();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(only_cb.warning_count(), 0u) << only_cb.ToString();
  cases.clear();
  Diagnostics only_nk;
  EXPECT_TRUE(LoadPandapipesCases(dir.string(), &cases, &only_nk, "GasLib-134/nik").ok());
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "pandapipes/GasLib-134/nikuradse");
  EXPECT_EQ(only_nk.warning_count(), 1u) << only_nk.ToString();
  fs::remove_all(dir);
}

// GasLib-134's case and Nikuradse results in a scratch layout, its nodes file edited by
// `edit`, loaded into *diag.
void LoadEdited134(const char* name, const std::function<void(std::string*)>& edit,
                   Diagnostics* diag) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchLayout(name);
  const fs::path src = PandapipesDir();
  fs::copy_file(src / "cases" / "GasLib-134.json", dir / "cases" / "GasLib-134.json");
  for (const char* part : {"nodes", "edges"}) {
    const std::string file = std::string("GasLib-134_pp0.14_nikuradse_") + part + ".csv";
    std::string text;
    ASSERT_TRUE(ReadFileToString((src / "results" / file).string(), &text).ok());
    if (std::string(part) == "nodes") edit(&text);
    ASSERT_TRUE(WriteFileAtomically((dir / "results" / file).string(), text).ok());
  }
  std::vector<ReferenceCase> cases;
  EXPECT_FALSE(LoadPandapipesCases(dir.string(), &cases, diag).ok());
  fs::remove_all(dir);
}

// A results row cut short is reported once, as short-row (its id, a fragment, was also
// "not a node of the case").
TEST(PandapipesLoader, ACutRowIsReportedOnce) {
  CORRIDOR_REQUIRE_SHARED();
  Diagnostics diag;
  ASSERT_NO_FATAL_FAILURE(LoadEdited134("pp_cut_row", [](std::string* text) {
    *text = text->substr(0, text->rfind('\n', text->size() - 2) + 3);
  }, &diag));
  ASSERT_EQ(diag.error_count(), 2u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "short-row") << diag.ToString();
  EXPECT_EQ(diag.items()[1].rule, "missing-rows") << diag.ToString();
}

// A bad quote in a row's id is reported once, as malformed-line: the row was then reported again
// as missing ('node_2'), its id never read.
TEST(PandapipesLoader, ABadQuoteInAnIdIsReportedOnce) {
  CORRIDOR_REQUIRE_SHARED();
  Diagnostics diag;
  ASSERT_NO_FATAL_FAILURE(LoadEdited134("pp_quote_in_id", [](std::string* text) {
    text->insert(text->find('\n', text->find('\n') + 1) + 1, "\"");  // line 3
  }, &diag));
  ASSERT_EQ(diag.error_count(), 1u) << diag.ToString();
  EXPECT_EQ(diag.items()[0].rule, "malformed-line") << diag.ToString();
  EXPECT_EQ(diag.items()[0].line, 3) << diag.ToString();
  // Text after the id's closing quote likewise, the row named by the quoted id (it was
  // also missing, and named no element).
  Diagnostics after;
  std::string id;
  ASSERT_NO_FATAL_FAILURE(LoadEdited134("pp_text_after_quote", [&](std::string* text) {
    const std::size_t row = text->find('\n', text->find('\n') + 1) + 1;  // line 3
    id = text->substr(row, text->find(',', row) - row);
    text->replace(row, id.size(), "\"" + id + "\"x");
  }, &after));
  ASSERT_EQ(after.error_count(), 1u) << after.ToString();
  EXPECT_EQ(after.items()[0].rule, "malformed-line") << after.ToString();
  EXPECT_EQ(after.items()[0].element, id) << after.ToString();
}

}  // namespace
}  // namespace corridor::reference
