// Every reference case under data/reference solved by corridor and compared with the other
// simulator (README tolerances), with corridor's solution re-checked against the case
// equations; verdicts for the GasLib-4197 cases without results and for the GasLib
// nominations solved straight from the GasLib files.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <thread>
#include <unistd.h>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/reference.h"
#include "corridor/steady.h"
#include "corridor/units.h"
#include "physics/gas_physics.h"
#include "reference/lattice.h"
#include "reference/loaders.h"
#include "reference/residual_check.h"
#include "test_util.h"

namespace corridor::reference {
namespace {

// Loads once per test binary run (the 4197 cases take a moment); read-only afterwards.
const std::vector<ReferenceCase>& AllCases() {
  static const std::vector<ReferenceCase> cases = [] {
    std::vector<ReferenceCase> out;
    Diagnostics diag;
    Status s = LoadReferenceCases(test::ReferenceDir(), &out, &diag);
    EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
    return out;
  }();
  return cases;
}

std::vector<const ReferenceCase*> Select(const std::string& prefix) {
  std::vector<const ReferenceCase*> out;
  for (const ReferenceCase& rc : AllCases())
    if (rc.name.rfind(prefix, 0) == 0) out.push_back(&rc);
  return out;
}

// Solves each case, prints the worst deviations and expects PASS. *count: cases run.
void RunAndExpectPass(const std::vector<const ReferenceCase*>& cases, int* count) {
  int& n = *count;
  n = 0;
  for (const ReferenceCase* rc : cases) {
    if (rc->expected_pressure_Pa.empty()) continue;
    ++n;
    ReferenceRun run;
    Status s = RunReferenceCaseDetailed(*rc, &run);
    ASSERT_TRUE(s.ok()) << rc->name << ": " << s.ToString();
    const ReferenceComparison& c = run.comparison;
    std::printf("%-44s %-10s it %2d  max|dp| %.3e bar (%s, rel %.1e)  max|dm| %.3e kg/s (%s, "
                "rel %.1e)  check: %s\n",
                rc->name.c_str(), VerdictName(c.summary.verdict), c.summary.iterations,
                c.max_abs_dp_Pa / units::kBar, c.worst_pressure_node.c_str(), c.max_rel_dp,
                c.max_abs_dm_kg_per_s, c.worst_flow_arc.c_str(), c.max_rel_dm,
                run.check.Brief().c_str());
    EXPECT_EQ(c.summary.verdict, Verdict::kConverged) << rc->name << ": " << c.summary.reason;
    EXPECT_TRUE(run.check.pass) << rc->name << ": " << run.check.Brief();
    EXPECT_TRUE(c.pass) << rc->name;
    // The stated tolerance, asserted directly too (so that a change of the rule shows).
    EXPECT_LE(c.max_abs_dp_Pa, std::max(rc->pressure_abs_tol_Pa,
                                        rc->rel_tol * c.summary.max_pressure_Pa)) << rc->name;
  }
}

// A GasSteadySim solution without its flows (or some pressures) is refused, naming how
// many are missing: without them the comparison compared nothing and passed (a review
// stopped the loader storing the flows, and every test passed).
// The 8-node GasSteadySim case copied under a temporary root, with `file` edited by `edit`;
// the diagnostics of loading it.
// `refused`: whether the load must fail (else succeed, *loaded set to the cases read).
std::string LoadEdited8Node(const std::string& tag, const std::string& file,
                            const std::function<void(std::string*)>& edit, bool refused = true,
                            std::size_t* loaded = nullptr) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(testing::TempDir()) / tag;
  const fs::path dir = root / "gassteadysim" / "8-node";
  fs::remove_all(root);
  fs::create_directories(dir);
  const fs::path src = fs::path(test::ReferenceDir()) / "gassteadysim" / "8-node";
  for (const auto& e : fs::directory_iterator(src))
    fs::copy_file(e.path(), dir / e.path().filename());
  std::string text;
  EXPECT_TRUE(ReadFileToString((dir / file).string(), &text).ok());
  edit(&text);
  EXPECT_TRUE(WriteFileAtomically((dir / file).string(), text).ok());
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  EXPECT_EQ(LoadReferenceCases(root.string(), &cases, &diag).ok(), !refused) << diag.ToString();
  if (loaded != nullptr) *loaded = cases.size();
  fs::remove_all(root);
  return diag.ToString();
}

TEST(GasSteadySimLoader, ASolutionMissingValuesIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string all =
      LoadEdited8Node("gss_missing", "exact_sol_ideal.json", [](std::string* text) {
        // Drop the pipes' flows: the key and its object.
        const std::size_t at = text->find("\"pipe_flow\"");
        ASSERT_NE(at, std::string::npos);
        const std::size_t close = text->find('}', at);
        text->replace(at, close + 1 - at + ((*text)[close + 1] == ',' ? 1 : 0), "");
      });
  EXPECT_NE(all.find("element flows; missing"), std::string::npos) << all;
  EXPECT_NE(all.find("[missing-value]"), std::string::npos) << all;
}


// A stored pressure that is no state of gas is a broken solution file (an input error
// naming its line), not a case that fails against it.
TEST(GasSteadySimLoader, ASolutionPressureThatIsNoStateOfGasIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string all =
      LoadEdited8Node("gss_pressure", "exact_sol_ideal.json", [](std::string* text) {
        const std::size_t at = text->find("3.0018736199007197e6");
        ASSERT_NE(at, std::string::npos);
        text->replace(at, 20, "-3.0e6");
        const std::size_t at2 = text->find("3.0011786872863104e6");
        ASSERT_NE(at2, std::string::npos);
        text->replace(at2, 20, "1e300");
      });
  EXPECT_NE(all.find("exact_sol_ideal.json:3: error: node 'n5': a nodal pressure must lie in (0, "
                     "1e+08] Pa (the plausible pressures), got -3e+06"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("exact_sol_ideal.json:4: error: node 'n4': a nodal pressure must lie"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("[missing-value]"), std::string::npos) << all;  // said once, not twice
}

// A network.json that does not parse is that one error: the solutions' ids are not judged
// against it (each exact_sol entry was reported unknown, 72 errors filling the cap).
TEST(GasSteadySimLoader, ASyntaxErrorInTheNetworkIsTheOnlyError) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string all = LoadEdited8Node("gss_syntax", "network.json", [](std::string* t) {
    const std::size_t at = t->find("\"nodes\"");
    ASSERT_NE(at, std::string::npos);
    t->insert(at, ",,");
  });
  EXPECT_NE(all.find("[json-syntax]"), std::string::npos) << all;
  EXPECT_EQ(all.find("[unknown-node]"), std::string::npos) << all;
  EXPECT_EQ(all.find("[unknown-arc]"), std::string::npos) << all;
  EXPECT_EQ(all.find("[missing-value]"), std::string::npos) << all;
}

// Two elements of one id and an arc joining a node to itself are the network file's
// errors at their elements (duplicate-id, self-loop), as the pandapipes reader says them:
// the solve took them, and its rows FAILed ("arc id 'p1' is used twice", infeasible)
// without file, line or rule.
TEST(GasSteadySimLoader, ADuplicateIdOrASelfLoopIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string all = LoadEdited8Node("gss_dup", "network.json", [](std::string* t) {
    const std::string name = "\"name\": \"c1\"";
    const std::size_t at = t->find(name);
    ASSERT_NE(at, std::string::npos);
    t->replace(at, name.size(), "\"name\": \"p1\"");
    const std::string to = "\"fr_node\": 6,\n            \"to_node\": 2";
    const std::size_t loop = t->find(to);
    ASSERT_NE(loop, std::string::npos);
    t->replace(loop, to.size(), "\"fr_node\": 2,\n            \"to_node\": 2");
  });
  EXPECT_NE(all.find("network.json:97: error: pipe 'p1': joins node 'n2' to itself (at "
                     "/pipes/1/to_node) [self-loop]"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("network.json:145: error: compressorStation 'p1': the id 'p1' is already "
                     "that of the element /pipes/1 (at /compressors/1) [duplicate-id]"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("[unknown-arc]"), std::string::npos) << all;  // bc.json names it
  EXPECT_EQ(all.find("error:", all.find("[duplicate-id]")), std::string::npos) << all;
}

// A slack that bc.json also gives a flow, or that network.json says is none (slack_bool
// 0), and a slack_bool 1 without a pressure, are contradictions (slack-mismatch): the flow
// was ignored and the case compared as if consistent.
TEST(GasSteadySimLoader, AContradictedSlackIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string flow = LoadEdited8Node("gss_slack_flow", "bc.json", [](std::string* t) {
    const std::string old = "\"3\": 150,";
    const std::size_t at = t->find(old);
    ASSERT_NE(at, std::string::npos);
    t->replace(at, old.size(), "\"3\": 150, \"1\": 10,");
  });
  EXPECT_NE(flow.find("bc.json:21: error: node 'n1': node 1 is a slack here and has a flow in "
                      "boundary_nonslack_flow too"),
            std::string::npos)
      << flow;
  const std::string flag = LoadEdited8Node("gss_slack_bool", "network.json", [](std::string* t) {
    const std::string one = "\"slack_bool\": 1", zero = "\"slack_bool\": 0";
    const std::size_t at = t->find(one);
    ASSERT_NE(at, std::string::npos);
    t->replace(at, one.size(), zero);
    const std::size_t next = t->find(zero, at + zero.size());
    ASSERT_NE(next, std::string::npos);
    t->replace(next, zero.size(), one);  // node 2
  });
  EXPECT_NE(flag.find("error: node 'n1': node 1 is a slack here, and network.json gives it "
                      "slack_bool 0 (at /boundary_pslack/1) [slack-mismatch]"),
            std::string::npos)
      << flag;
  EXPECT_NE(flag.find("error: node 'n2': network.json gives node 2 slack_bool 1, and "
                      "boundary_pslack no pressure for it (at /boundary_pslack) "
                      "[slack-mismatch]"),
            std::string::npos)
      << flag;
}

// An element's "id" that is not its object's key is said (id-mismatch, a warning): the
// solutions and bc.json name it by its key, and the other id was taken in silence.
TEST(GasSteadySimLoader, AnIdThatIsNotItsKeyIsSaid) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t cases = 0;
  const std::string all = LoadEdited8Node(
      "gss_id_mismatch", "network.json",
      [](std::string* text) {
        const std::string pipe =
            "\"1\": {\n            \"id\": 1,\n            \"name\": \"p1\"";
        const std::size_t at = text->find(pipe);
        ASSERT_NE(at, std::string::npos);
        text->replace(at, pipe.size(),
                      "\"1\": {\n            \"id\": 7,\n            \"name\": \"p1\"");
      },
      /*refused=*/false, &cases);
  EXPECT_EQ(cases, 3u);
  EXPECT_EQ(all.find(": error:"), std::string::npos) << all;
  EXPECT_NE(all.find("network.json:94: warning: pipe 'p1': \"id\" is 7, but the key of its "
                     "object is 1: the solutions and the boundary conditions name it by its key "
                     "(at /pipes/1/id) [id-mismatch]"),
            std::string::npos)
      << all;
}

// The two spellings of one value that disagree: a from end that "fr_node" and "from_node"
// name differently is refused (conflicting-keys: "fr_node" was taken and the other passed
// unsaid); two names are said (name-mismatch, a warning: "name" names the element).
TEST(GasSteadySimLoader, TwoSpellingsThatDisagreeAreSaid) {
  CORRIDOR_REQUIRE_SHARED();
  auto edit_pipe_1 = [](const std::string& extra) {
    return [extra](std::string* t) {
      const std::string old = "\"name\": \"p1\",";
      const std::size_t at = t->find(old);
      ASSERT_NE(at, std::string::npos);
      t->replace(at, old.size(), old + " " + extra);
    };
  };
  const std::string ends =
      LoadEdited8Node("gss_two_ends", "network.json", edit_pipe_1("\"from_node\": 7,"));
  EXPECT_NE(ends.find("error: pipe 'p1': \"fr_node\" is 6 and \"from_node\" is 7: the two "
                      "spellings of the from end must name one node (at /pipes/1/from_node) "
                      "[conflicting-keys]"),
            std::string::npos)
      << ends;
  // The same node under both: nothing to say.
  std::size_t cases = 0;
  const std::string same = LoadEdited8Node("gss_same_ends", "network.json",
                                           edit_pipe_1("\"from_node\": 6,"), false, &cases);
  EXPECT_EQ(cases, 3u);
  EXPECT_EQ(same.find("conflicting-keys"), std::string::npos) << same;
  const std::string names = LoadEdited8Node(
      "gss_two_names", "network.json", edit_pipe_1("\"pipe_name\": \"pX\","), false, &cases);
  EXPECT_EQ(cases, 3u);
  EXPECT_NE(names.find("warning: pipe 'p1': \"name\" is p1 and \"pipe_name\" is pX: the element "
                       "is named by \"name\" (at /pipes/1/pipe_name) [name-mismatch]"),
            std::string::npos)
      << names;
}

// A compressor's limits that contradict themselves (c_min above c_max, min_flow above
// max_flow, a negative power) passed unsaid: warnings, since GasSteadySim's model does not
// hold them and the comparison stands.
TEST(GasSteadySimLoader, ACompressorsContradictoryLimitsAreSaid) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t cases = 0;
  const std::string all = LoadEdited8Node(
      "gss_cmin", "network.json",
      [](std::string* t) {
        for (const auto& [old, now] :
             {std::pair<std::string, std::string>{"\"c_min\": 1,", "\"c_min\": 2,"},
              {"\"max_power\": 9000000,", "\"max_power\": -5,"},
              {"\"min_flow\": 0,", "\"min_flow\": 500,"}}) {
          const std::size_t at = t->find(old);
          ASSERT_NE(at, std::string::npos) << old;
          t->replace(at, old.size(), now);
        }
      },
      false, &cases);
  EXPECT_EQ(cases, 3u);
  EXPECT_NE(all.find("warning: compressorStation 'c1': \"c_min\" = 2 lies above \"c_max\" = 1.4 "
                     "(not used: GasSteadySim's model ignores the compressors' limits) (at "
                     "/compressors/1/c_min) [inconsistent-bounds]"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("\"min_flow\" = 500 lies above \"max_flow\" = 275"), std::string::npos)
      << all;
  EXPECT_NE(all.find("warning: compressorStation 'c1': \"max_power\" = -5 is negative (not "
                     "used: GasSteadySim's model ignores it) (at /compressors/1/max_power) "
                     "[negative-value]"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find(": error:"), std::string::npos) << all;
}

// A compressor ratio below 1 is refused (ratio-range), as the pandapipes reader and
// controls files refuse it: 0.5 was read, and the rows failed as infeasible.
TEST(GasSteadySimLoader, ACompressorRatioBelowOneIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string all = LoadEdited8Node("gss_ratio", "bc.json", [](std::string* t) {
    const std::string old = "\"value\": 1.257963995";
    const std::size_t at = t->find(old);
    ASSERT_NE(at, std::string::npos);
    t->replace(at, old.size(), "\"value\": 0.5");
  });
  EXPECT_NE(all.find("pressure ratio must be >= 1 (a compressor cannot reduce pressure), got "
                     "0.5 (at /boundary_compressor/1/value) [ratio-range]"),
            std::string::npos)
      << all;
}

// RunReferenceCase takes its options (the project's rule: each capability an Options
// struct) and the comparison reads as one block. Default options give the answers of the
// two-argument form; a tolerance override judges the same solve again; a bad option is
// refused.
TEST(ReferenceCases, OptionsAndAReadableReport) {
  CORRIDOR_REQUIRE_SHARED();
  std::vector<ReferenceCase> cases;
  Diagnostics diag;
  ASSERT_TRUE(
      LoadReferenceCases(test::ReferenceDir(), &cases, &diag, "gassteadysim/8-node/").ok())
      << diag.ToString();
  ASSERT_FALSE(cases.empty());
  const ReferenceCase& rc = cases.front();
  ReferenceComparison plain, with_options;
  ASSERT_TRUE(RunReferenceCase(rc, &plain).ok());
  ASSERT_TRUE(RunReferenceCase(rc, ReferenceOptions(), &with_options).ok());
  EXPECT_TRUE(plain.pass) << plain.Report();
  EXPECT_TRUE(plain.has_reference);
  EXPECT_EQ(plain.max_abs_dp_Pa, with_options.max_abs_dp_Pa);
  EXPECT_EQ(plain.max_abs_dm_kg_per_s, with_options.max_abs_dm_kg_per_s);
  const std::string r = plain.Report();
  EXPECT_EQ(r.rfind("Case         : " + rc.name + "\n", 0), 0u) << r;
  for (const std::string& line :
       {"Model        : " + rc.model + "\n",
        fmt::format("Solve        : converged after {} iteration", plain.summary.iterations),
        fmt::format("Max |dp|     : {:.3e} bar (relative {:.3e}) at node {}\n",
                    plain.max_abs_dp_Pa / units::kBar, plain.max_rel_dp,
                    plain.worst_pressure_node),
        std::string("Max |dm|     : "), std::string("Result       : PASS\n")})
    EXPECT_NE(r.find(line), std::string::npos) << line << "\n" << r;
  // Tighter than the worst deviation: the same solve fails.
  if (plain.max_abs_dp_Pa > 0.0) {
    ReferenceOptions tight;
    tight.rel_tol = 0.0;
    tight.pressure_abs_tol_Pa = plain.max_abs_dp_Pa / 2;
    ReferenceComparison t;
    ASSERT_TRUE(RunReferenceCase(rc, tight, &t).ok());
    EXPECT_FALSE(t.pass);
    EXPECT_NE(t.Report().find("Result       : FAIL\n"), std::string::npos) << t.Report();
  }
  ReferenceOptions bad;
  bad.rel_tol = -1.0;
  ReferenceComparison b;
  const Status s = RunReferenceCase(rc, bad, &b);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("ReferenceOptions.rel_tol = -1"), std::string::npos)
      << s.ToString();
  bad = ReferenceOptions();
  bad.threads = -1;
  EXPECT_FALSE(bad.Validate().ok());
}

TEST(ReferenceCases, PandapipesNikuradse) {
  CORRIDOR_REQUIRE_SHARED();
  // GasLib-134, GasLib-134_cr1.1, GasLib-582, GasLib-582_cr1.1: 1e-4 bar, 1e-4 kg/s.
  std::vector<const ReferenceCase*> cases;
  for (const ReferenceCase* rc : Select("pandapipes/"))
    if (rc->name.find("/nikuradse") != std::string::npos) cases.push_back(rc);
  int n = 0;
  RunAndExpectPass(cases, &n);
  EXPECT_EQ(n, 4);
}

TEST(ReferenceCases, PandapipesColebrook) {
  CORRIDOR_REQUIRE_SHARED();
  // GasLib-134 and GasLib-582: 2e-4 bar, 0.02 kg/s (pandapipes stops Colebrook early).
  std::vector<const ReferenceCase*> cases;
  for (const ReferenceCase* rc : Select("pandapipes/"))
    if (rc->name.find("/colebrook") != std::string::npos) cases.push_back(rc);
  int n = 0;
  RunAndExpectPass(cases, &n);
  EXPECT_EQ(n, 2);
}

TEST(ReferenceCases, GasSteadySim) {
  CORRIDOR_REQUIRE_SHARED();
  // GasLib-24, GasLib-40-multiple-slacks, 8-node x {ideal, simple_cnga, full_cnga}.
  int n = 0;
  RunAndExpectPass(Select("gassteadysim/"), &n);
  EXPECT_EQ(n, 9);
}

TEST(ReferenceCases, GasTranSim) {
  CORRIDOR_REQUIRE_SHARED();
  int n = 0;
  RunAndExpectPass(Select("gastransim/"), &n);
  EXPECT_EQ(n, 1);
}

// GasTranSim's params.json gives the gas: its temperature (written with two decimals, so
// 288.71 K stands for GasSteadySim's 288.706 K, said in the model line; any other value as
// given) and its gravity; its keys are checked. A GasSteadySim case without params.json
// takes the example gas with a warning.
TEST(ReferenceCases, ParamsFilesGiveTheGas) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path() /
                       ("corridor_params_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  const fs::path tr = tmp / "GasLib-40-single-slack", st = tmp / "8-node";
  fs::create_directories(tr);
  fs::create_directories(st);
  for (const auto& e : fs::directory_iterator(test::ReferenceDir() + "/gastransim/GasLib-40-single-slack"))
    fs::copy_file(e.path(), tr / e.path().filename());
  for (const auto& e : fs::directory_iterator(test::ReferenceDir() + "/gassteadysim/8-node"))
    if (e.path().filename() != "params.json") fs::copy_file(e.path(), st / e.path().filename());
  auto load = [](const fs::path& dir, const std::string& sol, ReferenceCase* rc, Diagnostics* d) {
    return LoadGasSteadySimCase(dir.string(), sol, rc, d);
  };
  ReferenceCase rc;
  Diagnostics d;
  ASSERT_TRUE(load(tr, "gastransim", &rc, &d).ok()) << d.ToString();
  EXPECT_EQ(rc.options.gas.temperature_K, 288.706);
  EXPECT_NE(rc.model.find("T 288.706 K (params.json: 288.71 K, rounded)"), std::string::npos)
      << rc.model;
  std::string text;
  ASSERT_TRUE(ReadFileToString((tr / "params.json").string(), &text).ok());
  std::string t300 = text;
  t300.replace(t300.find("288.71"), 6, "300");
  t300.replace(t300.find("\"Gas specific gravity (G)\": 0.6"), 31, "\"Gas specific gravity (G)\": 0.7");
  ASSERT_TRUE(WriteFileAtomically((tr / "params.json").string(), t300).ok());
  d = Diagnostics();
  ASSERT_TRUE(load(tr, "gastransim", &rc, &d).ok()) << d.ToString();
  EXPECT_EQ(rc.options.gas.temperature_K, 300.0);
  EXPECT_NEAR(rc.options.gas.molar_mass_kg_per_mol, 0.7 * 0.02896, 1e-12);
  EXPECT_NE(rc.model.find("T 300 K"), std::string::npos) << rc.model;
  EXPECT_EQ(rc.model.find("rounded"), std::string::npos) << rc.model;
  t300.replace(t300.find("\"Output dt\""), 11, "\"Output Dt\"");
  ASSERT_TRUE(WriteFileAtomically((tr / "params.json").string(), t300).ok());
  d = Diagnostics();
  EXPECT_FALSE(load(tr, "gastransim", &rc, &d).ok());
  EXPECT_NE(d.ToString().find("unknown key \"Output Dt\""), std::string::npos) << d.ToString();
  d = Diagnostics();
  ASSERT_TRUE(load(st, "ideal", &rc, &d).ok()) << d.ToString();
  EXPECT_EQ(d.warning_count(), 1u) << d.ToString();
  EXPECT_NE(d.ToString().find("no params.json: the gas is taken as in GasSteadySim's examples, T "
                              "288.706 K and specific gravity 0.6 [missing-file]"),
            std::string::npos)
      << d.ToString();
  fs::remove_all(tmp);
}

// Static pivots where the eliminated flows' conductances are bounded (pandapipes' law with
// its Nikuradse; docs/physics.md, "Numerics"): pressures on their diagonal, each kept flow
// of a spanning forest paired with an end pressure (the pressure's column on the flow's
// row, the flow's column on the balance row), every pivot held to KLU's threshold test in
// every factorization, KLU's pivoting only where one fails. A lattice of pipes, with one
// pipe a resistor, and the pandapipes GasLib-582 and GasLib-4197 cases (resistors, three of
// them short-circuited by valves; at ratio 1.1 also compressors) never pivot, and end as
// accurate as with KLU's pivots (diagonal pivots on GasLib-4197's idle resistors grew its
// factors by 1e7 and left 5e-11 kg/s). GasLib-582 at ratio 1.1 failed a test and pivoted
// once, until its pendant trees left Newton's system.
TEST(ReferenceCases, StaticPivotsWhereKluWouldTakeThem) {
  CORRIDOR_REQUIRE_SHARED();
  ReferenceCase grid;
  LatticeOptions lo;
  lo.nx = lo.ny = 30;
  ASSERT_TRUE(MakeLatticeCase(lo, &grid).ok());
  SteadySolution sol;
  SteadySummary sum;
  for (int resistor = 0; resistor < 2; ++resistor) {
    if (resistor) {
      Arc& a = grid.network.arcs[grid.network.arcs.size() / 2];
      a.kind = ArcKind::kResistor;
      a.resistor.drag_factor = 2.0;
      a.resistor.diameter_m = a.pipe.diameter_m;
    }
    ASSERT_TRUE(
        SolveSteady(grid.network, grid.injection_kg_per_s, grid.options, &sol, &sum).ok());
    EXPECT_EQ(sum.verdict, Verdict::kConverged) << sum.reason;
    EXPECT_EQ(sum.pivoting_factorizations, 0) << resistor;
    EXPECT_LE(sum.max_mass_imbalance_kg_per_s, 1e-12) << resistor;
  }
  int seen = 0;
  for (const ReferenceCase* rc : Select("pandapipes/")) {
    const bool g4197 = rc->name.rfind("pandapipes/GasLib-4197", 0) == 0;
    const bool g582 = rc->name.rfind("pandapipes/GasLib-582", 0) == 0;
    if (rc->name.find("/nikuradse") == std::string::npos || !(g4197 || g582)) continue;
    ++seen;
    ReferenceRun run;
    ASSERT_TRUE(RunReferenceCaseDetailed(*rc, &run).ok()) << rc->name;
    const SteadySummary& s = run.comparison.summary;
    EXPECT_EQ(s.verdict, Verdict::kConverged) << rc->name << ": " << s.reason;
    EXPECT_TRUE(run.check.pass) << rc->name << ": " << run.check.Brief();
    EXPECT_LE(s.max_mass_imbalance_kg_per_s, 1e-11) << rc->name;
    EXPECT_EQ(s.pivoting_factorizations, 0) << rc->name;
    // The stations at ratio 1 merged: 3 316 unknowns (3 340 with their flows kept), of
    // which 1 474 pressures and 2 resistors' flows lie on pendant trees, solved after
    // Newton: 1 840 left.
    if (rc->name == "pandapipes/GasLib-4197/nikuradse") {
      EXPECT_EQ(s.factored_unknowns, 1840);
      EXPECT_EQ(s.tree_groups, 1474);
    }
    // The analysis beside the setup is made from the pattern the arcs' roles give, before
    // the solver builds it (19 resistors' flows kept on GasLib-4197): were the two to
    // differ, a second analysis would show in a workspace's count.
    if (g4197) {
      SteadyWorkspace ws;
      SteadyOptions o = rc->options;
      o.workspace = &ws;
      SteadySolution sol;
      SteadySummary sum;
      ASSERT_TRUE(SolveSteady(rc->network, rc->injection_kg_per_s, o, &sol, &sum).ok());
      EXPECT_EQ(sum.verdict, Verdict::kConverged) << rc->name << ": " << sum.reason;
      EXPECT_EQ(ws.analyses(), 1) << rc->name;
    }
  }
  EXPECT_EQ(seen, 5);  // GasLib-582 and its ratio case, GasLib-4197 and its two
}

// GasLib-4197 has no pandapipes results: each variant gets a verdict. Converged must mean a
// state that satisfies the case equations inside the model's domain (the residual check
// also rejects Z(p) <= 0, i.e. pressures above 454.5 bar with Z = 1 - 0.0022 p[bar]);
// otherwise corridor must say why, naming a node. With all 12 stations at ratio 1.1
// pandapipes diverges. Observed 2026-11-28 with an intermediate solver version: the
// stations-8-12 variant "converged" to a state with 1.0e6 kg/s circulating through
// compressorStation_8 and 669 bar at innode_642, where Z < 0 (equations met, no gas), and
// the all-stations variant was declared infeasible; this test fails on either. The solver
// of 19:35 converges on all three (91 to 119 bar with the stations at 1.1).
TEST(ReferenceCases, GasLib4197Verdicts) {
  CORRIDOR_REQUIRE_SHARED();
  int seen = 0;
  for (const ReferenceCase* rc : Select("pandapipes/GasLib-4197")) {
    ++seen;
    ReferenceRun run;
    Status s = RunReferenceCaseDetailed(*rc, &run);
    ASSERT_TRUE(s.ok()) << rc->name << ": " << s.ToString();
    const SteadySummary& sum = run.comparison.summary;
    std::printf("%-44s %-10s it %2d  p %.3f..%.3f bar  %s  %s\n", rc->name.c_str(),
                VerdictName(sum.verdict), sum.iterations, sum.min_pressure_Pa / units::kBar,
                sum.max_pressure_Pa / units::kBar, run.check.Brief().c_str(), sum.reason.c_str());
    EXPECT_FALSE(run.has_reference);
    EXPECT_NE(sum.verdict, Verdict::kFailed) << rc->name << ": " << sum.reason;
    if (sum.verdict == Verdict::kConverged) {
      EXPECT_TRUE(run.check.pass) << rc->name << ": " << run.check.Brief();
      EXPECT_GT(sum.min_pressure_Pa, 0.0);
      EXPECT_TRUE(run.comparison.pass) << rc->name;
    } else {
      bool names_node = false;
      for (const Node& n : rc->network.nodes)
        if (sum.reason.find(n.id) != std::string::npos) {
          names_node = true;
          break;
        }
      EXPECT_TRUE(names_node) << rc->name << ": " << sum.reason;
    }
    // Issue 3 accepts "infeasible with a reason" for the ratio-1.1 variants, which the
    // branch above checks; docs/validation.md says all three converge, and a verdict that
    // turned infeasible would be a regression to see, not a pass (a review's audit).
    EXPECT_EQ(sum.verdict, Verdict::kConverged) << rc->name << ": " << sum.reason;
    if (rc->name.find("_cr1.1") != std::string::npos && sum.verdict == Verdict::kConverged) {
      // "with the stations at 1.1 the pressures range from 91.0 to 119.2 bar"
      EXPECT_NEAR(sum.min_pressure_Pa / units::kBar, 91.0, 0.05) << rc->name;
      EXPECT_NEAR(sum.max_pressure_Pa / units::kBar, 119.2, 0.05) << rc->name;
    }
  }
  EXPECT_EQ(seen, 3);
}

// Nominations solved straight from the GasLib files with the documented defaults of
// SteadyOptions (valves and control valves open, compressor stations in bypass, the
// default slack rule, gas from the sources): every one gets a verdict that is not a
// numerical failure, and a converged one has a finite, positive pressure everywhere.
void SolveNominations(const std::string& net, const std::vector<std::string>& scns) {
  for (const std::string& scn : scns) {
    GasCase c;
    Diagnostics diag;
    Status s = LoadCase({net, scn}, &c, &diag);
    ASSERT_TRUE(s.ok()) << scn << ": " << s.ToString() << "\n" << diag.ToString();
    SteadyOptions opt;
    SteadySolution sol;
    SteadySummary sum;
    s = SimulateSteady(c, opt, &sol, &sum);
    ASSERT_TRUE(s.ok()) << scn << ": " << s.ToString();
    std::printf("%-60s %-10s it %2d  imbalance %.1e kg/s  p %.2f..%.2f bar  %zu bound "
                "violations  %s\n",
                std::filesystem::path(scn).filename().string().c_str(), VerdictName(sum.verdict),
                sum.iterations, sum.max_mass_imbalance_kg_per_s, sum.min_pressure_Pa / units::kBar,
                sum.max_pressure_Pa / units::kBar, sum.bound_violations.size(),
                sum.reason.c_str());
    EXPECT_NE(sum.verdict, Verdict::kFailed) << scn << ": " << sum.reason;
    // docs/validation.md: every one of these nominations converges under the defaults.
    EXPECT_EQ(sum.verdict, Verdict::kConverged) << scn << ": " << sum.reason;
    EXPECT_LE(sum.iterations, 10) << scn;
    if (sum.verdict == Verdict::kConverged) {
      EXPECT_LE(sum.max_mass_imbalance_kg_per_s, opt.mass_tolerance_kg_per_s);
      EXPECT_GT(sum.min_pressure_Pa, 0.0);
    } else {
      EXPECT_FALSE(sum.reason.empty()) << scn;
    }
  }
}

TEST(GasLibNominations, GasLib134AllTen) {
  CORRIDOR_REQUIRE_SHARED();
  std::vector<std::string> scns;
  for (const auto& e : std::filesystem::directory_iterator(test::GasLibDir() +
                                                           "/GasLib-134/nominations"))
    if (e.path().extension() == ".scn") scns.push_back(e.path().string());
  std::sort(scns.begin(), scns.end());
  ASSERT_EQ(scns.size(), 10u);
  SolveNominations(test::GasLibDir() + "/GasLib-134/GasLib-134-v2.net", scns);
}

TEST(GasLibNominations, GasLib582) {
  CORRIDOR_REQUIRE_SHARED();
  SolveNominations(test::GasLibDir() + "/GasLib-582/GasLib-582-v2.net",
                   {test::GasLibDir() + "/GasLib-582/nomination_cold_5.scn"});
}

TEST(GasLibNominations, GasLib4197) {
  CORRIDOR_REQUIRE_SHARED();
  SolveNominations(test::GasLibDir() + "/GasLib-4197/GasLib-4197.net",
                   {test::GasLibDir() + "/GasLib-4197/nomination_mild_0006.scn"});
}

// The friction factors and velocities corridor writes (arcs.csv: SteadySolution's
// friction_factor and velocity_m_per_s) against pandapipes' own (its edges CSV's `lambda`
// and `v_mean_m_per_s`, 6 significant digits), on every pipe with a length that carries gas
// (Reynolds number > 0: at zero flow the factor is a convention, docs/physics.md). validate
// compares pressures and flows only. Nikuradse: both as solved, within 1e-5 relative (the
// CSV's rounding is up to 6.3e-6). Colebrook: pandapipes stops its flows early (up to 8e-3
// kg/s apart on GasLib-582), and a nearly idle pipe's factor and velocity follow its flow;
// so corridor's law is taken at pandapipes' flow, the factor it writes is its law at its
// own flow, and the velocity per unit flow (1 / (rho A), from the pressures, which agree to
// 7e-5 bar) is compared.
TEST(ReferenceCases, FrictionFactorsAndVelocitiesMatchPandapipes) {
  CORRIDOR_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  const std::string results = test::ReferenceDir() + "/pandapipes/results";
  int cases = 0;
  for (const ReferenceCase* rc : Select("pandapipes/")) {
    if (rc->expected_pressure_Pa.empty()) continue;
    // "pandapipes/NAME/FRICTION" -> results/NAME_<tag>_FRICTION_edges.csv
    const std::size_t a = rc->name.find('/'), b = rc->name.rfind('/');
    const std::string name = rc->name.substr(a + 1, b - a - 1), friction = rc->name.substr(b + 1);
    std::string edges;
    for (const auto& e : fs::directory_iterator(results)) {
      const std::string f = e.path().filename().string();
      const std::string tail = "_" + friction + "_edges.csv";
      if (f.rfind(name + "_pp", 0) == 0 && f.size() > tail.size() &&
          f.compare(f.size() - tail.size(), tail.size(), tail) == 0)
        edges = e.path().string();
    }
    ASSERT_FALSE(edges.empty()) << rc->name;
    SteadySolution sol;
    SteadySummary sum;
    ASSERT_TRUE(SolveSteady(rc->network, rc->injection_kg_per_s, rc->options, &sol, &sum).ok());
    ASSERT_EQ(sum.verdict, Verdict::kConverged) << rc->name << ": " << sum.reason;
    const bool colebrook = friction == "colebrook";
    std::string text;
    ASSERT_TRUE(ReadFileToString(edges, &text).ok()) << edges;
    std::vector<std::string> head;
    int pipes = 0;
    double worst_lambda = 0.0, worst_velocity = 0.0;
    std::string at_lambda, at_velocity;
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t end = std::min(text.find('\n', pos), text.size());
      std::vector<std::string> f;
      for (std::size_t k = pos;;) {
        const std::size_t comma = std::min(text.find(',', k), end);
        f.push_back(text.substr(k, comma - k));
        if (comma >= end) break;
        k = comma + 1;
      }
      pos = end + 1;
      if (head.empty()) {
        head = f;
        continue;
      }
      ASSERT_EQ(f.size(), head.size()) << edges;
      auto col = [&](const char* key) {
        const auto it = std::find(head.begin(), head.end(), key);
        EXPECT_NE(it, head.end()) << key;
        return it == head.end() ? std::string() : f[static_cast<std::size_t>(it - head.begin())];
      };
      const auto i = rc->network.FindArc(col("edge_id"));
      ASSERT_TRUE(i.has_value()) << col("edge_id");
      const Arc& arc = rc->network.arcs[*i];
      if (col("type") != "pipe" || arc.kind != ArcKind::kPipe || !(arc.pipe.length_m > 0.0) ||
          !(std::stod(col("reynolds")) > 0.0))
        continue;
      ++pipes;
      const double lambda = std::stod(col("lambda")), v = std::stod(col("v_mean_m_per_s"));
      const double q = std::stod(col("mdot_from_kg_per_s"));
      double ours = sol.friction_factor[*i];
      double dv = std::abs(sol.velocity_m_per_s[*i] - v) / std::abs(v);
      if (colebrook) {
        physics::FrictionParams law;
        law.law = rc->options.friction;
        law.diameter_m = arc.pipe.diameter_m;
        law.roughness_m = arc.pipe.roughness_m;
        law.dynamic_viscosity_Pa_s = rc->options.gas.dynamic_viscosity_Pa_s;
        physics::PrepareFriction(&law);
        ours = physics::FrictionFactor(law, q).lambda;
        // What corridor writes is its law at its own flow (not compared above).
        EXPECT_NEAR(sol.friction_factor[*i],
                    physics::FrictionFactor(law, sol.mass_flow_kg_per_s[*i]).lambda,
                    1e-12 * sol.friction_factor[*i])
            << arc.id;
        dv = std::abs(sol.velocity_m_per_s[*i] / sol.mass_flow_kg_per_s[*i] - v / q) /
             std::abs(v / q);
      }
      const double dl = std::abs(ours - lambda) / lambda;
      if (!(dl <= worst_lambda)) {
        worst_lambda = dl;
        at_lambda = arc.id;
      }
      if (!(dv <= worst_velocity)) {
        worst_velocity = dv;
        at_velocity = arc.id;
      }
    }
    std::printf("%-40s %3d pipes: friction factor %.2e (%s), velocity %.2e (%s) relative\n",
                rc->name.c_str(), pipes, worst_lambda, at_lambda.c_str(), worst_velocity,
                at_velocity.c_str());
    EXPECT_GT(pipes, 70) << rc->name;
    EXPECT_LE(worst_lambda, 1e-5) << rc->name << " at " << at_lambda;
    EXPECT_LE(worst_velocity, 1e-5) << rc->name << " at " << at_velocity;
    ++cases;
  }
  EXPECT_EQ(cases, 6);
}

// LoadReferenceCases finds the whole data/reference tree: 9 GasSteadySim, 1 GasTranSim,
// 9 pandapipes (6 with results).
TEST(ReferenceCases, DiscoversEveryCase) {
  CORRIDOR_REQUIRE_SHARED();
  EXPECT_EQ(Select("gassteadysim/").size(), 9u);
  EXPECT_EQ(Select("gastransim/").size(), 1u);
  EXPECT_EQ(Select("pandapipes/").size(), 9u);
}

}  // namespace
}  // namespace corridor::reference

namespace corridor::reference {
namespace {

// The benchmark lattice at 30 x 30: a meshed network with a known symmetry. The square is
// symmetric under i <-> j (pipes h_i_j <-> v_j_i), so node n_i_j and n_j_i must carry the
// same pressure; the slack supplies the whole withdrawal; the residual check holds.
// Solves the benchmark lattice at nx = ny = n; the largest |p(n_i_j) - p(n_j_i)| (the
// square is symmetric under i <-> j, pipes h_i_j <-> v_j_i) and the residual check.
struct LatticeRun {
  ReferenceCase rc;
  SteadySolution sol;
  SteadySummary sum;
  double worst_asymmetry_Pa = 0.0;
  ResidualCheck check;
};

void SolveLattice(int n, LatticeRun* r) {
  LatticeOptions lo;
  lo.nx = lo.ny = n;
  ASSERT_TRUE(MakeLatticeCase(lo, &r->rc).ok());
  ASSERT_TRUE(
      SolveSteady(r->rc.network, r->rc.injection_kg_per_s, r->rc.options, &r->sol, &r->sum).ok());
  ASSERT_EQ(r->sum.verdict, Verdict::kConverged) << r->sum.reason;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < j; ++i) {
      const std::size_t a = static_cast<std::size_t>(j * n + i);
      const std::size_t b = static_cast<std::size_t>(i * n + j);
      r->worst_asymmetry_Pa =
          std::max(r->worst_asymmetry_Pa, std::abs(r->sol.pressure_Pa[a] - r->sol.pressure_Pa[b]));
    }
  ASSERT_TRUE(
      CheckResiduals(r->rc, r->sol.pressure_Pa, r->sol.mass_flow_kg_per_s, &r->check).ok());
}

TEST(LatticeSolve, SymmetricBalancedAndConsistent) {
  LatticeRun r;
  ASSERT_NO_FATAL_FAILURE(SolveLattice(30, &r));
  const SteadySolution& sol = r.sol;
  const SteadySummary& sum = r.sum;
  const ResidualCheck& check = r.check;
  const double worst = r.worst_asymmetry_Pa;
  std::printf("lattice 30x30: %d iterations, p %.4f..%.4f bar, worst asymmetry %.2e Pa, "
              "slack supplies %.9f kg/s, check: %s\n",
              sum.iterations, sum.min_pressure_Pa / units::kBar, sum.max_pressure_Pa / units::kBar,
              worst, sol.injection_kg_per_s[0], check.Brief().c_str());
  EXPECT_LT(worst, 1e-3);  // Pa; pressures are ~70e5 Pa
  EXPECT_NEAR(sol.injection_kg_per_s[0], 300.0, 1e-6);
  EXPECT_TRUE(check.pass) << check.Brief();
  EXPECT_EQ(check.law, "pandapipes");
  // The far corner is the lowest pressure.
  EXPECT_EQ(sum.min_pressure_node, "n_29_29");
}

// At 80 x 80 a factorization of the nodal system costs far more than a solve, so Newton
// takes chord steps (the Jacobian last factored, fewer factorizations than iterations);
// the answer must still be the symmetric, balanced solution the residual check accepts.
TEST(LatticeSolve, ChordStepsOnALargeGridKeepTheSolution) {
  LatticeRun r;
  ASSERT_NO_FATAL_FAILURE(SolveLattice(80, &r));
  const ReferenceCase& rc = r.rc;
  const SteadySolution& sol = r.sol;
  const SteadySummary& sum = r.sum;
  const ResidualCheck& check = r.check;
  const double worst = r.worst_asymmetry_Pa;
  std::printf("lattice 80x80: %d iterations, %d factorizations, worst asymmetry %.2e Pa, "
              "check: %s\n",
              sum.iterations, sum.factorizations, worst, check.Brief().c_str());
  EXPECT_LT(sum.factorizations, sum.iterations);
  EXPECT_LT(worst, 1e-3);
  EXPECT_NEAR(sol.injection_kg_per_s[0], 300.0, 1e-6);
  EXPECT_TRUE(check.pass) << check.Brief();
  EXPECT_LE(sum.max_mass_imbalance_kg_per_s, rc.options.mass_tolerance_kg_per_s);
  EXPECT_LE(sum.max_pressure_residual_Pa, rc.options.pressure_tolerance_Pa);
}

}  // namespace
}  // namespace corridor::reference

namespace corridor::reference {
namespace {

// No hidden state: GasLib-582 (Colebrook) and GasLib-4197 solved at the same time in
// two threads give bit-identical answers to the solves alone.
TEST(ReferenceCases, TwoThreadsGiveTheSameAnswersAsAlone) {
  CORRIDOR_REQUIRE_SHARED();
  const ReferenceCase* a = nullptr;
  const ReferenceCase* b = nullptr;
  for (const ReferenceCase& rc : AllCases()) {
    if (rc.name == "pandapipes/GasLib-582/colebrook") a = &rc;
    if (rc.name == "pandapipes/GasLib-4197/nikuradse") b = &rc;
  }
  ASSERT_TRUE(a != nullptr && b != nullptr);
  auto solve = [](const ReferenceCase* rc, SteadySolution* sol) {
    SteadySummary sum;
    Status s = SolveSteady(rc->network, rc->injection_kg_per_s, rc->options, sol, &sum);
    return s.ok() && sum.verdict == Verdict::kConverged;
  };
  SteadySolution alone_a, alone_b, par_a, par_b;
  ASSERT_TRUE(solve(a, &alone_a));
  ASSERT_TRUE(solve(b, &alone_b));
  for (int round = 0; round < 3; ++round) {
    bool ok_a = false, ok_b = false;
    std::thread ta([&] { ok_a = solve(a, &par_a); });
    std::thread tb([&] { ok_b = solve(b, &par_b); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ok_a && ok_b);
    EXPECT_EQ(par_a.pressure_Pa, alone_a.pressure_Pa);
    EXPECT_EQ(par_a.mass_flow_kg_per_s, alone_a.mass_flow_kg_per_s);
    EXPECT_EQ(par_b.pressure_Pa, alone_b.pressure_Pa);
    EXPECT_EQ(par_b.mass_flow_kg_per_s, alone_b.mass_flow_kg_per_s);
  }
}

}  // namespace
}  // namespace corridor::reference
