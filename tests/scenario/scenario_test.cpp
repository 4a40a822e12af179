// The corridor case run through the scenario module: mass balance, limits at 2 bcm/y, the
// 55 bcm/y verdict, the headroom against hand calculations, options validation.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/scenario.h"
#include "corridor/tracking.h"
#include "corridor/units.h"
#include "physics/station_model.h"
#include "scenario/scenario_internal.h"
#include "test_util.h"

namespace corridor {
namespace {

std::string CaseDir() { return test::SourceDir() + "/data/corridor"; }

// A scratch copy of the corridor case without its annotations.json (and with its baseline
// .scn when asked), in a fresh temporary folder: for the tests that write a damaged one.
std::filesystem::path ScratchCase(const std::string& name, bool with_baseline) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "scenarios");
  for (const char* f : {"corridor.net", "corridor.cs"}) fs::copy_file(CaseDir() + "/" + f, dir / f);
  if (with_baseline)
    fs::copy_file(CaseDir() + "/scenarios/baseline.scn", dir / "scenarios/baseline.scn");
  return dir;
}

// Writes into `dir` (a copy of the case) the scenario with T bcm/y (20 degC) of Russian
// transit, as the headroom search moves it: Mozdok supplies d more and Saveh d less (1000
// m3/h at 0 degC). The scenario must nominate none.
void WriteWithTransit(const std::filesystem::path& dir, const std::string& scenario, double T) {
  const double d = T * 1e9 * 273.15 / 293.15 / 8760.0 / 1000.0;
  std::string ann_text, scn;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann_text).ok());
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/scenarios/" + scenario + ".scn", &scn).ok());
  nlohmann::ordered_json ann = nlohmann::ordered_json::parse(ann_text);
  auto& s = ann["scenarios"][scenario];
  ASSERT_EQ(s["russian_transit_bcm_y_20C"].get<double>(), 0.0);
  auto& f = s["flows_1000m3_per_h"];
  for (const auto& [node, delta] : {std::pair<const char*, double>{"ru_mozdok", d},
                                    {"ir_saveh", -d}}) {
    const double v = f[node].get<double>() + delta;
    const std::string open = fmt::format("<node type=\"entry\" id=\"{}\">", node);
    const std::size_t at = scn.find("value=\"", scn.find(open));
    ASSERT_NE(at, std::string::npos) << node;
    const std::size_t end = scn.find('"', at + 7);
    scn.replace(at + 7, end - at - 7, fmt::format("{:.6f}", v));
    f[node] = v;
  }
  s["russian_transit_bcm_y_20C"] = T;
  s["russian_transit_1000m3_per_h"] = d;
  ASSERT_TRUE(WriteFileAtomically((dir / "annotations.json").string(), ann.dump(1)).ok());
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios" / (scenario + ".scn")).string(), scn).ok());
}

// How many of `d`'s findings have this rule.
int RuleCount(const Diagnostics& d, const std::string& rule) {
  return static_cast<int>(std::count_if(d.items().begin(), d.items().end(),
                                        [&](const Diagnostic& x) { return x.rule == rule; }));
}

// Writes `annotations` as the scratch case's annotations.json, runs the scenarios there
// under `o` (all, or the named ones without the headroom searches) and removes the folder;
// the run's status (or the write's, where that failed).
// The keys the run requires (groups, border_points, compressor_stations: rule missing-key)
// are added from the bundled case where `annotations` lacks them, after its last member, so
// that its lines stay where the test expects them.
Status RunScratchCase(const std::filesystem::path& dir, const std::string& annotations,
                      CorridorReport* r, Diagnostics* d,
                      const std::vector<std::string>& only = {}, bool add_required = true,
                      ScenarioOptions o = {}) {
  std::string text = annotations;
  if (add_required) {
    std::string more;
    if (text.find("\"groups\"") == std::string::npos)
      more += R"(, "groups": {"Russia": ["ru_mozdok", "ru_aksai"],
  "Turkmenistan": ["tm_korpeje", "tm_dauletabad"], "Azerbaijan": ["az_sangachal"],
  "Iran": ["ir_saveh"]})";
    if (text.find("\"border_points\"") == std::string::npos)
      more += R"(, "border_points": [{"id": "bp_ru_az_samur", "arc": "p_border_hajigabul",
  "from_country": "RU", "to_country": "AZ", "positive_arc_flow": "RU->AZ"}])";
    if (text.find("\"compressor_stations\"") == std::string::npos)
      more += R"(, "compressor_stations": {"cs_gazimagomed": {"max_units_running": 2},
  "cs_astara": {"max_units_running": 2}, "cs_korpeje": {"max_units_running": 2},
  "cs_ardabil": {"max_units_running": 2}})";
    const auto last = text.rfind('}');
    if (!more.empty() && last != std::string::npos) text.insert(last, more);
  }
  Status s = WriteFileAtomically((dir / "annotations.json").string(), text);
  if (s.ok()) {
    o.data_dir = dir.string();
    o.scenarios = only;
    o.headroom = only.empty();
    s = RunCorridorScenarios(o, r, d);
  }
  std::filesystem::remove_all(dir);
  return s;
}

// An origin mix line per watched node: the shares, "none" where tracking found no gas there
// (swap-stopped's Astara went missing without a word), and no line where the node was not
// tracked or the network lacks it (a case without ir_rasht read "none" for Rasht).
TEST(ScenarioReport, AnOriginMixLineSaysNoneOnlyForANodeTracked) {
  ScenarioSummary s;
  s.name = "x";
  s.mix_astara = {{"Iran", 1.0}};
  s.mix_astara_tracked = true;
  std::string r = s.FullReport(false);
  EXPECT_NE(r.find("Origin mix at Astara (IR) : Iran 100.0 %"), std::string::npos) << r;
  EXPECT_EQ(r.find("Origin mix at Rasht"), std::string::npos) << r;
  s.mix_rasht_tracked = true;
  r = s.FullReport(false);
  EXPECT_NE(r.find("Origin mix at Rasht : none (no gas arrives there)"), std::string::npos) << r;
}

// Runs the bundled scenario `scenario` with `edits` (each a text replaced once) and every
// nominated flow times `factor` (its Russian transit figure, which the annotations hold
// against the file, too), as scenario `name` of a scratch case, alone and without the
// headroom searches; the run's status (or why the files could not be made).
Status RunEditedScenario(const std::string& name, const std::string& scenario,
                         const std::vector<std::pair<std::string, std::string>>& edits,
                         double factor, CorridorReport* r, Diagnostics* d,
                         const ScenarioOptions& o = {}) {
  const std::filesystem::path dir = ScratchCase("corridor_" + name, false);
  std::string scn;
  if (Status s = ReadFileToString(CaseDir() + "/scenarios/" + scenario + ".scn", &scn); !s.ok())
    return s;
  for (const auto& [from, to] : edits) {
    const std::size_t at = scn.find(from);
    if (at == std::string::npos)
      return Status::InvalidArgument(scenario + ".scn holds no " + from);
    scn.replace(at, from.size(), to);
  }
  if (factor != 1.0) {
    const std::regex flow(R"((<flow [^>]*value=")([0-9.eE+-]+)("))");
    std::string scaled;
    auto at = scn.cbegin();
    for (std::sregex_iterator m(scn.begin(), scn.end(), flow), end; m != end; ++m) {
      scaled.append(at, (*m)[2].first);
      scaled += fmt::format("{:.9g}", std::stod((*m)[2].str()) * factor);
      at = (*m)[2].second;
    }
    scaled.append(at, scn.cend());
    scn = std::move(scaled);
  }
  std::string ann;
  if (Status s = ReadFileToString(CaseDir() + "/annotations.json", &ann); !s.ok()) return s;
  const double transit = nlohmann::json::parse(ann)["scenarios"][scenario].value(
      "russian_transit_bcm_y_20C", 0.0);
  const std::string file = "scenarios/" + name + ".scn";
  if (Status s = WriteFileAtomically((dir / file).string(), scn); !s.ok()) return s;
  return RunScratchCase(dir,
                        fmt::format(R"({{"scenarios": {{"{}": {{"file": "{}", )"
                                    R"("russian_transit_bcm_y_20C": {:.9g}}}}}}})",
                                    name, file, transit * factor),
                        r, d, {name}, true, o);
}

Status RunEditedBaseline(const std::string& name,
                         const std::vector<std::pair<std::string, std::string>>& edits,
                         CorridorReport* r, Diagnostics* d, const ScenarioOptions& o = {}) {
  return RunEditedScenario(name, "baseline", edits, 1.0, r, d, o);
}

// A table's row with its columns' padding taken out (one space between words).
std::string Squeezed(const std::string& row) {
  std::string out;
  for (char ch : row)
    if (ch != ' ' || (!out.empty() && out.back() != ' ')) out += ch;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// 1000 m^3/h (0 degC) of the Astara station's flowMax in corridor.net (2 x 5 mcm/d at 20 degC).
constexpr double kAstaraFlowMax1000m3h = 388.239809;
// Swap delivered at Astara IR->AZ in baseline (annotations.json), 1000 m^3/h at 0 degC.
constexpr double kSwapBaseline1000m3h = 177.739459;
constexpr double kCis20ToNormal = 273.15 / 293.15;

// bcm/y at 20 degC of a flow given in 1000 m^3/h at 0 degC.
double Bcm20(double q1000) {
  return q1000 * units::kThousandM3PerHour / units::kBcmPerYear / kCis20ToNormal;
}

// The bundled case run once per test suite: every scenario with each pipe's own gas
// (kOneGas false), or the baseline and winter-peak with one gas in the pipes
// (ScenarioOptions::gas_per_arc off: every arc the entries' mean, the model of the reports
// before the 74th session), whose figures the searches' mechanics were first checked on.
template <bool kOneGas>
class ScenarioRunOnce : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ScenarioOptions opt;
    opt.data_dir = CaseDir();
    if (kOneGas) {
      opt.scenarios = {"baseline", "winter-peak"};
      opt.gas_per_arc = false;
    }
    report_ = new CorridorReport();
    Diagnostics diag;
    status_ = new Status(RunCorridorScenarios(opt, report_, &diag));
    diag_ = diag.ToString();
  }
  static void TearDownTestSuite() {
    delete report_;
    delete status_;
  }
  static const ScenarioSummary& Get(const std::string& name) {
    for (const ScenarioSummary& s : report_->scenarios)
      if (s.name == name) return s;
    ADD_FAILURE() << "scenario " << name << " missing";
    return report_->scenarios.front();
  }
  static CorridorReport* report_;
  static Status* status_;
  static std::string diag_;
};
template <bool kOneGas>
CorridorReport* ScenarioRunOnce<kOneGas>::report_ = nullptr;
template <bool kOneGas>
Status* ScenarioRunOnce<kOneGas>::status_ = nullptr;
template <bool kOneGas>
std::string ScenarioRunOnce<kOneGas>::diag_;
using CorridorScenarios = ScenarioRunOnce<false>;
using CorridorScenariosOneGas = ScenarioRunOnce<true>;

TEST_F(CorridorScenarios, RunsEveryScenarioAndPrintsItsTime) {
  ASSERT_TRUE(status_->ok()) << status_->ToString() << "\n" << diag_;
  ASSERT_EQ(report_->scenarios.size(), 7u);
  std::printf("whole run (7 scenarios with headroom): %.3f s, %d steady solves\n",
              report_->seconds, report_->solves);
  // Issue 5's 2 s budget is measured (printed above, docs/corridor-report.md), not
  // asserted: timed tests fail on a loaded machine for the wrong reason.
}

// Issue 6: the report shows the origin mix at Astara and Rasht in ru-phase1 and the swap
// balance, with obligation = (1 - fee) x input, in swap-contract.
// A station's power or head past its limit prints with the decimals it takes to show it
// past ("Astara compressor power (8.85 MW needed > 8.85 MW available)" read as a
// contradiction; it was 8.852 > 8.846, and is 8.853 > 8.852 with each pipe's own gas), as
// the pressures past their bounds do.
TEST_F(CorridorScenarios, ALimitPassedPrintsPastItsLimit) {
  ASSERT_TRUE(status_->ok());
  const std::string report = report_->FullReport(false);
  const std::regex past(R"re(\(([0-9.]+) (MW|kJ/kg) needed > ([0-9.]+) )re"
                        R"re((MW available|kJ/kg at top speed)\))re");
  int found = 0;
  for (auto it = std::sregex_iterator(report.begin(), report.end(), past);
       it != std::sregex_iterator(); ++it, ++found)
    EXPECT_NE((*it)[1].str(), (*it)[3].str()) << (*it)[0].str();
  EXPECT_GT(found, 3) << report;
  EXPECT_NE(report.find("Astara compressor power (8.853 MW needed > 8.852 MW available)"),
            std::string::npos)
      << report;
}

TEST_F(CorridorScenarios, ReportShowsOriginMixAndSwapBalance) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& p1 = Get("ru-phase1");
  EXPECT_FALSE(p1.mix_astara.empty());
  double sum = 0.0;
  for (const auto& [g, f] : p1.mix_astara) sum += f;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  const std::string r1 = p1.FullReport(false);
  EXPECT_NE(r1.find("Origin mix at Astara (IR) :"), std::string::npos) << r1;
  EXPECT_NE(r1.find("Origin mix at Rasht :"), std::string::npos) << r1;
  const std::string rs = Get("swap-contract").FullReport(false);
  EXPECT_NE(rs.find("Swap input         : 5.1056 mcm/d"), std::string::npos) << rs;
  // 0.75 x 5.1056 = 3.8292 mcm/d
  EXPECT_NE(rs.find("Obligation         : 3.8292 mcm/d = (1 - 0.25) x input"), std::string::npos)
      << rs;
  EXPECT_FALSE(Get("swap-stopped").swap);
  EXPECT_EQ(Get("swap-stopped").swap_report.find("Swap input"), std::string::npos);
}

// A data folder the system refuses to look into (a name too long) is a Status: the check
// for corridor.cs beside the network threw std::filesystem's exception out of the library.
TEST(CorridorNetwork, AnUnusableDataFolderIsAStatus) {
  GasCase c;
  Diagnostics d;
  Status s = LoadCorridorNetwork(std::string(5000, 'x'), &c, &d);
  EXPECT_FALSE(s.ok());
}

// A converged summary whose solution is not the network's (another case, a vector cut short)
// is refused, naming the sizes, with nothing written: nodes.csv and arcs.csv were left out
// while summary.json said converged, and the call returned OK.
TEST(CorridorOutputs, ASolutionOfAnotherSizeIsRefused) {
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok());
  const std::size_t n = c.network.nodes.size(), a = c.network.arcs.size();
  ScenarioSummary s;
  s.name = "sized";
  s.steady.verdict = Verdict::kConverged;
  s.solution.pressure_Pa.assign(n, 50e5);
  s.solution.mass_flow_kg_per_s.assign(a, 1.0);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor_outputs_sized_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(WriteScenarioOutputs(s, c.network, dir.string()).ok());
  EXPECT_TRUE(std::filesystem::exists(dir / "nodes.csv"));
  std::filesystem::remove_all(dir);
  s.solution.pressure_Pa.pop_back();
  Status st = WriteScenarioOutputs(s, c.network, dir.string());
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find(fmt::format("solution.pressure_Pa has {} entries, the network {}",
                                          n - 1, n)),
            std::string::npos)
      << st.ToString();
  EXPECT_FALSE(std::filesystem::exists(dir));
  // Another, smaller network than the one it was run on.
  s.solution.pressure_Pa.push_back(50e5);
  Network smaller = c.network;
  smaller.arcs.pop_back();
  st = WriteScenarioOutputs(s, smaller, dir.string());
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("mass_flow_kg_per_s"), std::string::npos) << st.ToString();
  EXPECT_FALSE(std::filesystem::exists(dir));
}

// A data folder that does not exist is NotFound (its corridor.net is a named file that does
// not exist), as ReadGasLibNetwork says; it was ParseError.
TEST(CorridorNetwork, AMissingDataFolderIsNotFound) {
  GasCase c;
  Diagnostics d;
  const Status s = LoadCorridorNetwork("/nonexistent/corridor-data", &c, &d);
  EXPECT_EQ(s.code(), Status::Code::kNotFound) << s.ToString();
  EXPECT_EQ(d.error_count(), 1u) << d.ToString();
}

// The two conventions for a nominated volume's mass, on ru-phase1: by default the Russian
// entry's 2 bcm/y are Russian gas (0.731079 kg/m3, its normDensity); with
// volumes_at_gas_density off, the entries' mean gas, as SimulateSteady converts them.
TEST(CorridorVolumes, TheRussianEntryCarriesRussianGasUnlessTheMeanIsAskedFor) {
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok()) << d.ToString();
  Nomination nom;
  ASSERT_TRUE(ReadGasLibNomination(CaseDir() + "/scenarios/ru-phase1.scn", &nom, &d).ok());
  double volume = 0.0;
  for (const NodeNomination& nn : nom.nodes)
    if (nn.node_id == "ru_mozdok") volume = nn.flow();
  ASSERT_GT(volume, 0.0);
  const std::size_t mozdok = *c.network.FindNode("ru_mozdok");
  for (bool own : {true, false}) {
    ScenarioOptions o;
    o.data_dir = CaseDir();
    o.scenarios = {"ru-phase1"};
    o.headroom = false;
    o.volumes_at_gas_density = own;
    CorridorReport r;
    ASSERT_TRUE(RunCorridorScenarios(o, &r, &d).ok()) << d.ToString();
    ASSERT_EQ(r.scenarios.size(), 1u);
    const ScenarioSummary& s = r.scenarios[0];
    ASSERT_EQ(s.steady.verdict, Verdict::kConverged);
    const double rho = own ? 0.731079 : s.steady.norm_density_kg_per_m3;
    EXPECT_NEAR(s.solution.injection_kg_per_s[mozdok], volume * rho, 1e-9 * volume) << own;
    if (!own) EXPECT_GT(s.steady.norm_density_kg_per_m3, 0.78);  // the mean is heavier
  }
}

// Node balance sum(in) - sum(out) + injection = 0 at every node, in every converged scenario,
// and the injections at non-reference nodes equal the nomination.
TEST_F(CorridorScenarios, MassBalanceToRoundOff) {
  ASSERT_TRUE(status_->ok());
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok()) << d.ToString();
  const Network& n = c.network;
  int checked = 0;
  for (const ScenarioSummary& s : report_->scenarios) {
    if (s.steady.verdict != Verdict::kConverged) continue;
    ++checked;
    std::vector<double> bal = s.solution.injection_kg_per_s;
    ASSERT_EQ(bal.size(), n.nodes.size());
    double scale = 0.0, total = 0.0;
    for (double v : bal) {
      scale += std::abs(v);
      total += v;
    }
    for (std::size_t a = 0; a < n.arcs.size(); ++a) {
      bal[n.arcs[a].from_index] -= s.solution.mass_flow_kg_per_s[a];
      bal[n.arcs[a].to_index] += s.solution.mass_flow_kg_per_s[a];
    }
    double worst = 0.0;
    for (double v : bal) worst = std::max(worst, std::abs(v));
    std::printf("%-14s worst node imbalance %.2e kg/s, total injection %.2e kg/s (scale %.1f)\n",
                s.name.c_str(), worst, total, scale);
    EXPECT_LT(worst, 1e-10 * scale) << s.name;
    EXPECT_LT(std::abs(total), 1e-10 * scale) << s.name;
    // Every nominated volume is the mass of the gas at its node: an entry's at its
    // source's norm density, an exit's at the tracked mix there. The reference (Mozdok)
    // then supplies exactly its nomination too: mixing conserves normal volumes, so the
    // nomination's volume balance is a mass balance.
    Nomination nom;
    ASSERT_TRUE(ReadGasLibNomination(s.file, &nom, &d).ok());
    ASSERT_EQ(s.norm_density_kg_per_m3.size(), n.nodes.size());
    // Those densities are the mix that tracking finds on the reported flows, flows within
    // the solution's resolution taken as none (swap-stopped's closed Astara border keeps a
    // flow below it, whose gas a 1e-9 line gave the idle Astara nodes).
    TrackingSummary ts;
    TrackingOptions to;
    to.zero_flow_kg_per_s = std::max(to.zero_flow_kg_per_s, FlowResolution(n, s.solution));
    ASSERT_TRUE(TrackGas(n, s.solution.mass_flow_kg_per_s, s.solution.injection_kg_per_s,
                         GroupPerSource(n), to, &ts)
                    .ok());
    for (std::size_t i = 0; i < n.nodes.size(); ++i)
      if (ts.nodes[i].has_gas)
        EXPECT_NEAR(s.norm_density_kg_per_m3[i], ts.nodes[i].quality.norm_density_kg_per_m3,
                    1e-12)
            << s.name << " " << n.nodes[i].id;
    for (const NodeNomination& nn : nom.nodes) {
      const std::size_t i = *n.FindNode(nn.node_id);
      const double rho = nn.is_entry && nn.flow() > 0.0 ? n.nodes[i].gas->norm_density_kg_per_m3
                                                        : s.norm_density_kg_per_m3[i];
      const double want = (nn.is_entry ? 1 : -1) * nn.flow() * rho;
      EXPECT_NEAR(s.solution.injection_kg_per_s[i], want, 1e-9 * scale) << s.name << " "
                                                                         << nn.node_id;
    }
  }
  EXPECT_GE(checked, 5);
}

// ru-phase1 (2 bcm/y at 20 degC): converged, every node within its bounds, stations within
// flow and power; the border flow equals the nominated transit.
TEST_F(CorridorScenarios, PhaseOneWithinLimits) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-phase1");
  EXPECT_EQ(s.steady.verdict, Verdict::kConverged) << s.steady.reason;
  EXPECT_TRUE(s.feasible) << s.FullReport(false);
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok());
  double worst = -1e300;
  std::string worst_node;
  for (std::size_t i = 0; i < c.network.nodes.size(); ++i) {
    const Node& nd = c.network.nodes[i];
    const double p = s.solution.pressure_Pa[i];
    const double v = std::max(nd.pressure_min_Pa - p, p - nd.pressure_max_Pa);
    if (v > worst) {
      worst = v;
      worst_node = nd.id;
    }
  }
  std::printf("ru-phase1: closest to a bound: %s, %.3f bar inside\n", worst_node.c_str(),
              -worst / units::kBar);
  EXPECT_LE(worst, 100.0);  // 1 mbar, ScenarioOptions::pressure_tolerance_Pa
  // Astara delivery pressure (IR) against the 40 barg contract minimum.
  bool seen = false;
  for (const PressureCheck& p : s.pressures)
    if (p.node_id == "ir_astara") {
      seen = true;
      EXPECT_GE(p.pressure_Pa, 41.01325e5 - 100.0);
      EXPECT_TRUE(p.ok);
    }
  EXPECT_TRUE(seen);
  for (const StationCheck& st : s.stations) {
    EXPECT_FALSE(st.over_flow) << st.id;
    EXPECT_FALSE(st.over_power) << st.id;
  }
  // RU->AZ border flow = the nominated 2 bcm/y at 20 degC (212.734 x 1000 m^3/h at 0 degC).
  bool border = false;
  for (const BorderFlow& b : s.borders)
    if (b.id == "bp_ru_az_samur") {
      border = true;
      EXPECT_NEAR(b.volume_m3_per_s / units::kThousandM3PerHour, 212.734142, 1e-3);
    }
  EXPECT_TRUE(border);
  // Post-hoc head and power by hand, from the solved pressures (docs/corridor-report.md):
  // H = z R_s T k/(k-1) ((p_out/p_in)^((k-1)/k) - 1), k = 1.3, z Papay at the suction, R_s
  // and the pseudocritical point those of the gas at the suction, T the solver's; power =
  // m H / eta. The gas is mixed here by hand from the origin shares TrackGas finds at the
  // suction node: 1/M = sum f_s / M_s, Kay's rule with mole fractions (f_s / M_s) M. (It
  // compared power with m H / eta of the reported head: a head 25 % off passed.)
  const OriginGroups per_source = GroupPerSource(c.network);
  TrackingSummary ts;
  ASSERT_TRUE(TrackGas(c.network, s.solution.mass_flow_kg_per_s, s.solution.injection_kg_per_s,
                       per_source, TrackingOptions(), &ts)
                  .ok());
  const double T = s.steady.temperature_K, k = 1.3;
  int running = 0;
  for (const StationCheck& st : s.stations)
    if (st.running) {
      ++running;
      const std::size_t a = *c.network.FindArc(st.id);
      const std::size_t up = st.mass_flow_kg_per_s >= 0.0 ? c.network.arcs[a].from_index
                                                         : c.network.arcs[a].to_index;
      double inv_m = 0.0, pc = 0.0, tc = 0.0;
      for (std::size_t g = 0; g < per_source.names.size(); ++g) {
        const double f = ts.nodes[up].group_share[g];
        if (f <= 0.0) continue;
        const SourceGas& sg = *c.network.nodes[*c.network.FindNode(per_source.names[g])].gas;
        inv_m += f / sg.molar_mass_kg_per_mol;
        pc += f / sg.molar_mass_kg_per_mol * sg.pseudocritical_pressure_Pa;
        tc += f / sg.molar_mass_kg_per_mol * sg.pseudocritical_temperature_K;
      }
      ASSERT_GT(inv_m, 0.0) << st.id;
      pc /= inv_m;
      tc /= inv_m;
      const double rs = 8.314462618 * inv_m;
      const double pr = st.inlet_Pa / pc, tr = T / tc;
      const double z =
          1.0 - 3.52 * pr * std::exp(-2.26 * tr) + 0.274 * pr * pr * std::exp(-1.878 * tr);
      const double head =
          z * rs * T * k / (k - 1.0) * (std::pow(st.outlet_Pa / st.inlet_Pa, (k - 1.0) / k) - 1.0);
      std::printf("%s: head %.4f kJ/kg (by hand %.4f), power %.4f MW\n", st.id.c_str(),
                  st.head_J_per_kg / 1e3, head / 1e3, st.power_W / 1e6);
      EXPECT_NEAR(st.head_J_per_kg, head, 1e-6 * head) << st.id;
      // Recycling units compress m Q_m / Q, throttling ones deliver H + the throttled head.
      const double machine_mass =
          st.mass_flow_kg_per_s * st.machine_flow_m3_per_s / st.unit_flow_m3_per_s;
      EXPECT_EQ(st.recycling, st.machine_flow_m3_per_s > st.unit_flow_m3_per_s) << st.id;
      EXPECT_NEAR(st.power_W,
                  machine_mass * (head + st.throttle_head_J_per_kg) / st.efficiency,
                  1e-6 * st.power_W)
          << st.id;
      EXPECT_GT(st.max_power_W, 0.0) << st.id;
      // The station model of simulate's element limits (physics::ChooseConfiguration) on
      // that gas, at those pressures, among the configurations of at most 2 units (every
      // station's max_units_running in annotations.json): the same configuration and power.
      // (The check had a model of its own, which ran every unit allowed: ru-phase1's Astara
      // needed 2.69 MW here and 1.34 MW in simulate.)
      const StationMachines* sm = nullptr;
      for (const StationMachines& x : c.stations->stations)
        if (x.id == st.id) sm = &x;
      ASSERT_NE(sm, nullptr) << st.id;
      physics::StationGas gas;
      gas.eos.eos = EquationOfState::kPapay;
      gas.eos.temperature_K = T;
      gas.eos.specific_gas_constant = rs;
      gas.eos.pseudocritical_pressure_Pa = pc;
      gas.eos.pseudocritical_temperature_K = tc;
      gas.isentropic_exponent = k;
      std::vector<ConfigurationPoint> points;
      const int best = physics::ChooseConfiguration(*sm, gas, st.mass_flow_kg_per_s,
                                                    st.inlet_Pa, st.outlet_Pa, &points, 2);
      ASSERT_GE(best, 0) << st.id;
      EXPECT_EQ(st.configuration_id, points[best].configuration_id) << st.id;
      EXPECT_EQ(st.units_running, static_cast<int>(points[best].units.size())) << st.id;
      EXPECT_NEAR(st.power_W, points[best].shaft_power_W, 1e-9 * st.power_W) << st.id;
    }
  EXPECT_GE(running, 2);
  // The total says how much of it rests on an assumed suction (Korpeje's was most of it,
  // unsaid in the total and the header).
  double assumed = 0.0;
  for (const StationCheck& st : s.stations)
    if (st.running && st.inlet_assumed) assumed += st.power_W;
  ASSERT_GT(assumed, 0.0);
  const std::string report = s.FullReport(false);
  EXPECT_NE(report.find(fmt::format("Total compressor power : {:.3f} MW ({:.3f} MW of it at "
                                    "Korpeje, whose suction is assumed",
                                    s.total_power_W / 1e6, assumed / 1e6)),
            std::string::npos)
      << report;
}

// A unit left of its surge line recycles to the surge flow, and its power is the machine's
// there. In ru-phase1 Astara runs one unit (the least fuel inside its limits) at Q = 0.17
// m3/s and H = 30.5 kJ/kg; the map gives eta 0.09 there, which the check once replaced by
// the default 0.8 (0.29 MW). The surge line of corridor.cs, H_s = -143.47 + 299.06 Q -
// 85.46 Q^2 kJ/kg, reaches 30.5 at Q_s = (299.06 - sqrt(299.06^2 - 4 x 85.46 x (143.47 +
// 30.5))) / (2 x 85.46) = 0.74 m3/s: rho_in Q_s H / eta(Q_s, n) = 45.5 kg/m3 x 0.737 m3/s
// x 30.5 kJ/kg / 0.761 (the map at 6764 rpm) = 1.34 MW (rho_in = 54.65 bar / (z 0.88 x R_s
// 470 J/kg/K x 288 K)), as simulate finds at those pressures. Gazimagomed's 4.8 kJ/kg (4.1
// with one gas in the pipes) lies below the map's lowest point: its unit runs at the corner
// where the choke line meets the minimum speed line, recycling and throttling (1.50 MW; the
// check's own model had priced 4.1 kJ/kg at the default efficiency, 0.55 MW, and simulate
// 1.59 MW).
TEST_F(CorridorScenarios, AUnitLeftOfSurgeRecyclesToTheSurgeFlow) {
  ASSERT_TRUE(status_->ok());
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok());
  ASSERT_TRUE(c.stations);
  const ScenarioSummary& s = Get("ru-phase1");
  int seen = 0;
  for (const StationCheck& st : s.stations) {
    if (st.id != "cs_astara" && st.id != "cs_gazimagomed") continue;
    ASSERT_TRUE(st.running) << st.id;
    ++seen;
    const TurboCompressor* tc = nullptr;
    for (const StationMachines& sm : c.stations->stations)
      if (sm.id == st.id) tc = &sm.turbo.front();  // every unit of a station is alike here
    ASSERT_NE(tc, nullptr) << st.id;
    EXPECT_EQ(st.units_running, 1) << st.id;
    EXPECT_TRUE(st.recycling) << st.id;
    const double h = st.head_J_per_kg / 1e3;
    const double h_m = h + st.throttle_head_J_per_kg / 1e3;  // the head the machine makes
    std::printf("%s: Q %.3f m3/s per unit, H %.2f kJ/kg, machine %.3f m3/s at %.2f kJ/kg, "
                "power %.3f MW, eta %.3f\n",
                st.id.c_str(), st.unit_flow_m3_per_s, h, st.machine_flow_m3_per_s, h_m,
                st.power_W / 1e6, st.efficiency);
    const double q_m = st.machine_flow_m3_per_s;
    ASSERT_LT(st.unit_flow_m3_per_s, q_m) << st.id;  // left of surge in this scenario
    // rho_in Q_m H_m / eta, rho_in Q = m (one unit).
    const double power = st.mass_flow_kg_per_s * (q_m / st.unit_flow_m3_per_s) * h_m * 1e3 /
                         st.efficiency;
    EXPECT_NEAR(st.power_W, power, 1e-6 * st.power_W) << st.id;
    const bool astara = st.id == "cs_astara";
    if (astara) {
      // The machine on its surge line: the surge flow at the head by the quadratic formula
      // (rising branch, s2 < 0), no throttle; the hand figures of the comment above.
      const double s0 = tc->surgeline[0], s1 = tc->surgeline[1], s2 = tc->surgeline[2];
      const double q_s = (-s1 + std::sqrt(s1 * s1 - 4.0 * s2 * (s0 - h))) / (2.0 * s2);
      EXPECT_EQ(st.throttle_head_J_per_kg, 0.0);
      EXPECT_NEAR(q_m, q_s, 1e-9 * q_s);
      EXPECT_NEAR(q_s, 0.737, 0.005);
      EXPECT_NEAR(st.power_W / 1e6, 1.34, 0.01);
    } else {
      // Below the map: the machine at its lowest corner, where the minimum speed line meets
      // the choke line (the surge line lies far above there).
      EXPECT_GT(st.throttle_head_J_per_kg, 0.0);
      EXPECT_NEAR(TurboHead(*tc, q_m, tc->speed_min_per_s) / 1e3, h_m, 1e-6 * h_m);
      EXPECT_NEAR(ChokeLineHead(*tc, q_m) / 1e3, h_m, 1e-6 * h_m);
      EXPECT_NEAR(st.power_W / 1e6, 1.51, 0.01);
    }
  }
  EXPECT_EQ(seen, 2);
  const std::string r = s.FullReport(false);
  EXPECT_NE(r.find("Astara: head 30.5 kJ/kg, 1 unit(s) (config_1), recycling (Q 0.17 -> 0.74 "
                   "m3/s per unit), efficiency map (n = 6764 rpm"),
            std::string::npos)
      << r;
}

// Korpeje's wording says what is assumed and what is computed: it read "bypass (no suction
// reference)" beside running, 14.6 MW and a suction of 21.01 bar, while nodes.csv gives its
// suction node the discharge pressure (46.29 bar): the hydraulics bypass it, the power check
// compresses from its pressureInMin.
TEST_F(CorridorScenarios, AFieldStationSaysItsSuctionIsAssumed) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-phase1");
  const StationCheck* k = nullptr;
  for (const StationCheck& st : s.stations)
    if (st.id == "cs_korpeje") k = &st;
  ASSERT_NE(k, nullptr);
  ASSERT_TRUE(k->running && k->inlet_assumed);
  EXPECT_EQ(k->mode, "hydraulic bypass, suction assumed");
  const std::string r = s.FullReport(false);
  EXPECT_NE(r.find(fmt::format("{:.2f}*", k->inlet_Pa / units::kBar)), std::string::npos) << r;
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok());
  const double p_node = s.solution.pressure_Pa[*c.network.FindNode("tm_korpeje")];
  EXPECT_NE(r.find(fmt::format("so its suction node carries the discharge pressure, {:.2f} bar, "
                               "as in nodes.csv",
                               p_node / units::kBar)),
            std::string::npos)
      << r;
  // Its head at that assumed suction lies beyond its map: not judged, where its row read
  // "ok".
  ASSERT_GT(k->head_J_per_kg, k->top_speed_head_J_per_kg);
  EXPECT_NE(r.find("head beyond its map at the assumed suction: not judged"), std::string::npos)
      << r;
}

// The swap balance in summary.json (it had no keys), and ru-phase1's net position said for
// what it is: no gas crosses IR->AZ at Astara, where the Russian transit flows the other
// way, so the swap delivery is netted by displacement and the physical net position, minus
// the obligation 0.75 x 5.6877 = 4.2657 mcm/d, read as an Iranian shortfall.
TEST_F(CorridorScenarios, SwapBalanceIsWrittenAndItsDisplacementSaid) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-phase1");
  ASSERT_TRUE(s.swap);
  EXPECT_EQ(s.swap->delivered_m3_per_s, 0.0);
  EXPECT_GT(s.swap->against_m3_per_s, 0.0);
  EXPECT_NE(s.swap_report.find("Net position       : -4.2657 mcm/d"), std::string::npos)
      << s.swap_report;
  EXPECT_NE(s.swap_report.find("not a measured shortfall: no gas crosses IR->AZ; a delivery "
                               "is made by displacement"),
            std::string::npos)
      << s.swap_report;
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok());
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor_swap_json_" + std::to_string(::getpid()));
  for (const char* name : {"ru-phase1", "swap-stopped"}) {
    ASSERT_TRUE(WriteScenarioOutputs(Get(name), c.network, dir.string()).ok());
    std::string text;
    ASSERT_TRUE(ReadFileToString((dir / "summary.json").string(), &text).ok());
    const auto j = nlohmann::json::parse(text);
    if (std::string(name) == "swap-stopped") {
      EXPECT_TRUE(j["swap"].is_null()) << text;
      continue;
    }
    ASSERT_TRUE(j["swap"].is_object()) << text;
    EXPECT_EQ(j["swap"]["checked"], true);
    EXPECT_NEAR(j["swap"]["obligation_mcm_per_d"].get<double>(), 4.2657, 1e-4);
    EXPECT_NEAR(j["swap"]["net_position_mcm_per_d"].get<double>(), -4.2657, 1e-4);
    EXPECT_NEAR(j["swap"]["fee"].get<double>(), 0.25, 1e-12);
    EXPECT_GT(j["swap"]["against_flow_mcm_per_d"].get<double>(), 0.0);
    // A station at an assumed suction is not judged against its machines: null, as the
    // report's "not judged" (Korpeje's over_head read false beside a head beyond its map).
    bool assumed = false;
    for (const auto& st : j["stations"]) {
      if (st["inlet_assumed"] != true) continue;
      assumed = true;
      for (const char* k : {"over_power", "over_head", "over_machine_limit"})
        EXPECT_TRUE(st[k].is_null()) << k << " " << st.dump();
      EXPECT_FALSE(st["power_MW"].is_null()) << st.dump();
    }
    EXPECT_TRUE(assumed) << text;
  }
  std::filesystem::remove_all(dir);
}

// A scenario without a solution checks no station's head or power: they read "not checked",
// not "ok" with 0 MW (ru-10bcm's Gazimagomed at 25.46 mcm/d did).
TEST_F(CorridorScenarios, StationsOfAnUnsolvedScenarioAreNotChecked) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-10bcm");
  ASSERT_NE(s.steady.verdict, Verdict::kConverged);
  for (const StationCheck& st : s.stations) EXPECT_FALSE(st.checked) << st.id;
  const std::string r = s.FullReport(false);
  const auto at = r.find("  Gazimagomed ");
  ASSERT_NE(at, std::string::npos) << r;
  const std::string line = r.substr(at, r.find('\n', at) - at);
  EXPECT_NE(line.find("flow ok; head, power not checked"), std::string::npos) << line;
  EXPECT_NE(line.substr(line.size() - 4), "  ok") << line;
  EXPECT_NE(r.find("Total compressor power : not checked (no solution)"), std::string::npos) << r;
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok());
  const auto dir = std::filesystem::temp_directory_path() /
                   ("corridor_unchecked_" + std::to_string(::getpid()));
  ASSERT_TRUE(WriteScenarioOutputs(s, c.network, dir.string()).ok());
  std::string text;
  ASSERT_TRUE(ReadFileToString((dir / "summary.json").string(), &text).ok());
  std::filesystem::remove_all(dir);
  const auto j = nlohmann::json::parse(text);
  EXPECT_TRUE(j["total_compressor_power_MW"].is_null()) << text;
  // Its swap input is there, unbalanced: said, not null as for a scenario without one.
  EXPECT_NE(s.swap_report.find("Swap               : not checked: no solution (the "
                               "scenario's swap input is 5.6877 mcm/d at 0 degC)"),
            std::string::npos)
      << s.swap_report;
  ASSERT_TRUE(j["swap"].is_object()) << text;
  EXPECT_EQ(j["swap"]["checked"], false);
  EXPECT_NEAR(j["swap"]["input_mcm_per_d"].get<double>(), 5.6877, 1e-4);
  for (const auto& st : j["stations"]) {
    EXPECT_EQ(st["checked"], false) << st.dump();
    for (const char* k : {"over_power", "over_head", "power_MW", "running", "efficiency"})
      EXPECT_TRUE(st[k].is_null()) << k << " " << st.dump();
    EXPECT_FALSE(st["over_flow"].is_null()) << st.dump();  // from the nominations (a tree)
  }
}

// 55 bcm/y is beyond the existing system, and the report says which element binds.
TEST_F(CorridorScenarios, FiftyFiveIsInfeasibleWithTheBindingElementNamed) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-55bcm");
  EXPECT_FALSE(s.feasible);
  ASSERT_FALSE(s.binding.empty());
  bool astara_flow = false;
  for (const BindingElement& b : s.binding) {
    std::printf("ru-55bcm binds: %s (%s)\n", b.element.c_str(), b.detail.c_str());
    if (b.element == "Astara compressor flow above capacity") {
      astara_flow = true;
      EXPECT_NE(b.detail.find("] mcm/d (0 degC)"), std::string::npos) << b.detail;
    }
  }
  // Flow through Astara from the nominations: 136.14 mcm/d vs 2 x 5 mcm/d (20 degC) capacity.
  EXPECT_TRUE(astara_flow);
  EXPECT_NE(s.FullReport(false).find("Scenario ru-55bcm : "), std::string::npos);
}

// Headroom against a hand calculation: the Astara station's flowMax binds. Its flow is the
// transit less the swap delivery netted at Astara, so the limit is
// (flowMax + swap) in bcm/y at 20 degC (baseline), and flowMax alone (swap-stopped).
TEST_F(CorridorScenarios, HeadroomBracketsTheHandCalculation) {
  ASSERT_TRUE(status_->ok());
  struct Case {
    const char* name;
    double limit;
  } cases[] = {{"baseline", Bcm20(kAstaraFlowMax1000m3h + kSwapBaseline1000m3h)},
               {"swap-stopped", Bcm20(kAstaraFlowMax1000m3h)},
               {"ru-phase1", Bcm20(kAstaraFlowMax1000m3h + kSwapBaseline1000m3h)}};
  for (const Case& k : cases) {
    const HeadroomResult& h = Get(k.name).headroom;
    ASSERT_TRUE(h.searched);
    ASSERT_FALSE(h.none_carried) << k.name;
    ASSERT_FALSE(h.limited_by_bracket) << k.name;
    std::printf("%-12s headroom %.3f .. %.3f bcm/y, hand %.3f, binds: %s\n", k.name,
                h.max_transit_bcm_per_year, h.upper_bracket_bcm_per_year, k.limit,
                h.binding.empty() ? "-" : h.binding.front().element.c_str());
    EXPECT_NEAR(h.upper_bracket_bcm_per_year - h.max_transit_bcm_per_year, 0.01, 1e-9);
    EXPECT_LE(h.max_transit_bcm_per_year, k.limit + 1e-9) << k.name;
    EXPECT_GE(h.upper_bracket_bcm_per_year, k.limit - 1e-9) << k.name;
    ASSERT_FALSE(h.binding.empty());
    EXPECT_EQ(h.binding.front().element, "Astara compressor flow above capacity");
  }
  // Every scenario's search ends between its brackets with a named element.
  for (const ScenarioSummary& s : report_->scenarios) {
    EXPECT_TRUE(s.headroom.searched);
    if (!s.headroom.limited_by_bracket) EXPECT_FALSE(s.headroom.binding.empty()) << s.name;
    EXPECT_LE(s.headroom.max_transit_bcm_per_year, s.headroom.upper_bracket_bcm_per_year);
  }
}

// The published capacities (annotations.json) beside the state: the report said nothing of
// them, and the transit of 3.65 bcm/y (swap stopped) puts 5.29 bcm/y (20 degC) through
// the Hajigabul-Astara line, published at 4 (S37), with the southern-Azerbaijan offtake
// upstream of Astara (1.64). Said beside the headroom, not a bound of it.
TEST_F(CorridorScenarios, PublishedCapacitiesAreSaidBesideTheState) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("swap-stopped");
  ASSERT_FALSE(s.capacity_use.empty());
  const CapacityUse* astara = nullptr;
  for (const CapacityUse& u : s.headroom.capacity_use_at_max)
    if (u.system.rfind("Gazimagomed-Astara", 0) == 0) astara = &u;
  ASSERT_NE(astara, nullptr);
  EXPECT_EQ(astara->arc_id, "p_hajigabul_astara");
  EXPECT_EQ(astara->unit, "bcm/y");
  EXPECT_EQ(astara->conditions, "20 degC");
  // 4 bcm/y at 20 degC in normal m3/s, and the flow: the transit and the offtake.
  EXPECT_NEAR(astara->capacity_m3_per_s, 4.0 * units::kBcmPerYear * 273.15 / 293.15, 1e-6);
  EXPECT_NEAR(astara->flow_m3_per_s / astara->unit_m3_per_s, 3.65 + 1.64, 0.03);
  const std::string report = s.FullReport(false);
  EXPECT_NE(report.find("; there above a published capacity (not a bound here): "
                        "Gazimagomed-Astara-Bid Boland (AZ part) 5.29 of 4 bcm/y (20 degC) [S37"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("Published capacities (each pipeline's busiest segment; not bounds of "
                        "the run):\n  Mozdok-Makhachkala-Kazimagomed"),
            std::string::npos)
      << report;
  // At the scenario's own state (1.64 bcm/y: the offtake alone), below it.
  for (const CapacityUse& u : s.capacity_use)
    if (u.system.rfind("Gazimagomed-Astara", 0) == 0) EXPECT_LT(u.Share(), 0.5);
}

// A scenario without a solution said nothing of the published capacities ("capacity_use":
// []), and ru-10bcm nominates 10 bcm/y of transit beside Dagestan's offtake on the 10 bcm/y
// Mozdok line. Where a pipeline's segment is the only path between its sides, its flow is
// the nominations' alone: the volumes nominated on one side (checked by hand here against
// the nominated entry at Mozdok, which feeds everything upstream of Gazimagomed), in the
// scenario's table and in Q2's answer.
TEST_F(CorridorScenarios, AScenarioWithoutASolutionHasTheCapacitiesItsNominationsFix) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-10bcm");
  ASSERT_FALSE(s.feasible);
  ASSERT_FALSE(s.capacity_use.empty());
  const CapacityUse* mozdok = nullptr;
  for (const CapacityUse& u : s.capacity_use) {
    EXPECT_TRUE(u.from_nominations) << u.system;
    if (u.system == "Mozdok-Makhachkala-Kazimagomed") mozdok = &u;
    // (Rasht-Chelavand and IGAT-3 lie on loops: the hydraulics split their flows.)
    EXPECT_NE(u.system, "IGAT-3");
  }
  ASSERT_NE(mozdok, nullptr);
  GasCase c;
  Diagnostics diag;
  ASSERT_TRUE(LoadCase({CaseDir() + "/corridor.net", CaseDir() + "/scenarios/ru-10bcm.scn"}, &c,
                       &diag)
                  .ok())
      << diag.ToString();
  double entry = 0.0;
  for (const NodeNomination& nn : c.nomination->nodes)
    if (nn.node_id == "ru_mozdok" || nn.node_id == "ru_aksai")
      entry += nn.is_entry ? nn.flow() : -nn.flow();
  EXPECT_GT(entry, 0.0);
  EXPECT_NEAR(mozdok->flow_m3_per_s, entry, 1e-9 * entry);
  EXPECT_NEAR(mozdok->flow_m3_per_s / mozdok->unit_m3_per_s, 11.83, 0.01);
  const std::string report = s.FullReport(false);
  EXPECT_NE(report.find("Published capacities (no solution: the flows the nominations alone fix, "
                        "on the pipelines\nwhere a segment is the only path between its sides; "
                        "not bounds of the run):\n  Mozdok-Makhachkala-Kazimagomed"),
            std::string::npos)
      << report;
  const std::string h = report_->Header();
  const std::size_t q2 = h.find("Q2. ");
  ASSERT_NE(q2, std::string::npos) << h;
  EXPECT_NE(h.find("\n    Its nominations alone pass published capacities (not bounds of the "
                   "run; flows from the nominations): Mozdok-Makhachkala-Kazimagomed 11.83 of "
                   "10 bcm/y (20 degC) [S22",
                   q2),
            std::string::npos)
      << h;
  // A converged scenario has none of them.
  for (const CapacityUse& u : Get("ru-phase1").capacity_use) EXPECT_FALSE(u.from_nominations);
  // Every judgement of "above" is the evaluator's one, beyond the limits' tolerance.
  for (const ScenarioSummary& x : report_->scenarios)
    for (const CapacityUse& u : x.capacity_use)
      EXPECT_EQ(u.above, u.Share() > 1.0 + ScenarioOptions{}.limit_tolerance)
          << x.name << " " << u.system;
  EXPECT_TRUE(mozdok->above);
}

// The third search holds every state to the published capacities too. Swap stopped, the
// Hajigabul-Astara line (4 bcm/y at 20 degC, S37) carries the transit beside southern
// Azerbaijan's offtake upstream of Astara, so by hand the transit within it is 4 less that
// offtake, the line's flow in the scenario's own state (no transit). The 3.65 bcm/y without
// the swap, which puts 5.29 through it, was the only figure; 2.35 was said nowhere but in
// the docs.
TEST_F(CorridorScenarios, TheHeadroomWithinThePublishedCapacitiesBracketsTheHandCalculation) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("swap-stopped");
  ASSERT_EQ(s.transit_bcm_per_year, 0.0);
  const CapacityUse* own = nullptr;
  for (const CapacityUse& u : s.capacity_use)
    if (u.arc_id == "p_hajigabul_astara") own = &u;
  ASSERT_NE(own, nullptr);
  const double offtake = own->flow_m3_per_s / own->unit_m3_per_s;  // bcm/y at 20 degC
  EXPECT_NEAR(offtake, 1.64, 0.01);
  const double hand = 4.0 - offtake;
  const HeadroomResult& h = s.headroom_within_published_capacities;
  ASSERT_TRUE(h.searched);
  ASSERT_FALSE(h.none_carried);
  ASSERT_FALSE(h.limited_by_bracket);
  std::printf("swap-stopped within the published capacities %.2f .. %.2f bcm/y, hand %.4f\n",
              h.max_transit_bcm_per_year, h.upper_bracket_bcm_per_year, hand);
  EXPECT_LE(h.max_transit_bcm_per_year, hand + 1e-9);
  EXPECT_GE(h.upper_bracket_bcm_per_year, hand - 1e-9);
  EXPECT_NEAR(h.upper_bracket_bcm_per_year - h.max_transit_bcm_per_year, 0.01, 1e-9);
  ASSERT_FALSE(h.binding.empty());
  EXPECT_EQ(h.binding.front().element,
            "Gazimagomed-Astara-Bid Boland (AZ part) above its published capacity");
  // The flow printed above the figure, not rounded onto it ("4.00 of 4"), with the arc; the
  // figure's source in its estimate mark, since no source states its temperature basis (it
  // had no mark: the figures within the capacities read as sourced).
  double flow = 0.0, figure = 0.0;
  ASSERT_EQ(std::sscanf(h.binding.front().detail.c_str(), "%lf of %lf bcm/y", &flow, &figure), 2)
      << h.binding.front().detail;
  EXPECT_GT(flow, figure);
  EXPECT_EQ(figure, 4.0);
  EXPECT_NE(h.binding.front().detail.find(" (20 degC) in p_hajigabul_astara"),
            std::string::npos)
      << h.binding.front().detail;
  EXPECT_EQ(h.binding.front().estimate.rfind("p_hajigabul_astara capacity: S37 (current", 0),
            0u)
      << h.binding.front().estimate;
  EXPECT_NE(h.binding.front().estimate.find("+ estimate: the source states no temperature "
                                            "basis; read at 20 degC (CIS/GOST)"),
            std::string::npos)
      << h.binding.front().estimate;
  // At the largest carried no published capacity is passed.
  for (const CapacityUse& u : h.capacity_use_at_max) EXPECT_LE(u.Share(), 1.0 + 1e-6) << u.system;
  // Another limit can only lower the largest transit; the case's own limits come first where
  // both bind. In every scenario here the line's figure binds before the stations' bounds.
  for (const ScenarioSummary& x : report_->scenarios) {
    const HeadroomResult& w = x.headroom_within_published_capacities;
    ASSERT_TRUE(w.searched) << x.name;
    EXPECT_LE(w.max_transit_bcm_per_year, x.headroom.max_transit_bcm_per_year) << x.name;
    ASSERT_FALSE(w.binding.empty()) << x.name;
    EXPECT_NE(w.binding.front().element.find("above its published capacity"), std::string::npos)
        << x.name << ": " << w.binding.front().element;
  }
  // Said in the scenario's report, beside the other two.
  const std::string report = s.FullReport(false);
  EXPECT_NE(report.find(fmt::format(
                "\nMax transit within the published capacities : {:.2f} bcm/y (20 degC) [not "
                "carried at {:.2f}]; binds: Gazimagomed-Astara-Bid Boland (AZ part) above its "
                "published capacity ({} of 4 bcm/y (20 degC) in p_hajigabul_astara) [rests on "
                "an estimated bound: p_hajigabul_astara capacity: S37",
                h.max_transit_bcm_per_year, h.upper_bracket_bcm_per_year,
                h.binding.front().detail.substr(0, h.binding.front().detail.find(' ')))),
            std::string::npos)
      << report;
}

// Off, the third search is not run and not said.
TEST(ScenarioRun, TheSearchWithinThePublishedCapacitiesCanBeLeftOut) {
  ScenarioOptions o;
  o.data_dir = CaseDir();
  o.scenarios = {"swap-stopped"};
  o.headroom_within_published_capacities = false;
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunCorridorScenarios(o, &r, &d).ok()) << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  EXPECT_FALSE(r.scenarios[0].headroom_within_published_capacities.searched);
  EXPECT_TRUE(r.scenarios[0].headroom.searched);
  EXPECT_EQ(r.FullReport(false).find("within the published capacities"), std::string::npos);
}

// The facts give the Hajigabul-Astara line at 1200 mm (S30; S31; S34) and at 1020 mm (S37;
// S38) and ask for both; the network has the first, annotations.json the second as an
// alternative, which nothing ran. Each searched scenario runs again with it: the plants'
// flow bound and the line's published figure do not depend on the bore, what the pipe and
// the machines carry beyond the plants' bounds does (6.32 -> 5.08 bcm/y with the swap
// stopped: more head at Astara for the narrower line).
TEST_F(CorridorScenarios, ThePublishedDiameterOfHajigabulAstaraIsRunAsASensitivity) {
  ASSERT_TRUE(status_->ok());
  for (const ScenarioSummary& x : report_->scenarios)
    EXPECT_EQ(x.sensitivities.empty(), x.name != "swap-stopped" && x.name != "baseline")
        << x.name;
  const ScenarioSummary& s = Get("swap-stopped");
  ASSERT_EQ(s.sensitivities.size(), 1u);
  const Sensitivity& x = s.sensitivities[0];
  EXPECT_EQ(x.arc_id, "p_hajigabul_astara");
  EXPECT_EQ(x.arc_name, "Hajigabul-Astara");
  EXPECT_EQ(x.parameter, "diameter");
  EXPECT_NEAR(x.value_m, 0.996, 1e-12);
  EXPECT_NEAR(x.network_value_m, 1.19, 1e-12);
  EXPECT_EQ(x.headroom.max_transit_bcm_per_year, s.headroom.max_transit_bcm_per_year);
  EXPECT_EQ(x.headroom_within_published_capacities.max_transit_bcm_per_year,
            s.headroom_within_published_capacities.max_transit_bcm_per_year);
  EXPECT_LT(x.headroom_without_station_flow_limits.max_transit_bcm_per_year,
            s.headroom_without_station_flow_limits.max_transit_bcm_per_year - 0.5);
  EXPECT_GT(x.solves, 0);
  const std::string h = report_->Header();
  const std::string head =
      "Sensitivity to published alternatives of the network's values (annotations.json\n"
      "alternatives, each alone; largest transits in bcm/y at 20 degC, the network's beside):\n"
      "    Hajigabul-Astara (p_hajigabul_astara) diameter 996 mm, not the network's 1190 mm "
      "[S37; S38 (1020 mm OD) + estimate: wall 12 mm]:\n";
  EXPECT_NE(h.find(head), std::string::npos) << h;
  EXPECT_NE(h.find(fmt::format("      swap-stopped: largest {:.2f}, binds: Astara compressor flow "
                               "above capacity (network {:.2f}); ",
                               x.headroom.max_transit_bcm_per_year,
                               s.headroom.max_transit_bcm_per_year)),
            std::string::npos)
      << h;
  EXPECT_NE(s.FullReport(false).find("\nSensitivity, Hajigabul-Astara (p_hajigabul_astara) "
                                     "diameter 996 mm, not the network's 1190 mm [S37; S38 "
                                     "(1020 mm OD) + estimate: wall 12 mm]:\n  Max transit : "),
            std::string::npos)
      << s.FullReport(false);
}

// An alternative that is the network's own value varies nothing: a warning at its line, and
// no sensitivity run (it was searched again and printed as one); the other still runs.
TEST(ScenarioRun, AnAlternativeEqualToTheNetworksValueIsNotRun) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("same_alt_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CaseDir(), dir, fs::copy_options::recursive);
  std::string text;
  ASSERT_TRUE(ReadFileToString((dir / "annotations.json").string(), &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  auto& alts = j["arcs"]["p_hajigabul_astara"]["alternatives"];
  ASSERT_EQ(alts.size(), 1u);
  nlohmann::ordered_json same = nlohmann::ordered_json::object();
  same["parameter"] = "diameter";
  same["value_mm"] = 1190;
  alts.insert(alts.begin(), same);
  ASSERT_TRUE(WriteFileAtomically((dir / "annotations.json").string(), j.dump(1)).ok());
  ScenarioOptions o;
  o.data_dir = dir.string();
  o.scenarios = {"swap-stopped"};
  o.headroom_within_published_capacities = false;
  CorridorReport r;
  Diagnostics d;
  const Status s = RunCorridorScenarios(o, &r, &d);
  fs::remove_all(dir);
  ASSERT_TRUE(s.ok()) << d.ToString();
  EXPECT_EQ(d.error_count(), 0u) << d.ToString();
  ASSERT_EQ(RuleCount(d, "same-as-network"), 1) << d.ToString();
  const auto w = std::find_if(d.items().begin(), d.items().end(),
                              [](const Diagnostic& x) { return x.rule == "same-as-network"; });
  EXPECT_EQ(w->severity, Diagnostic::Severity::kWarning);
  EXPECT_GT(w->line, 0);
  EXPECT_EQ(w->element, "arc 'p_hajigabul_astara'");
  EXPECT_EQ(w->message,
            "the alternative diameter 1190 mm is the network's own value: it varies nothing, and "
            "no sensitivity is run for it");
  ASSERT_EQ(r.scenarios.size(), 1u);
  ASSERT_EQ(r.scenarios[0].sensitivities.size(), 1u);
  EXPECT_NEAR(r.scenarios[0].sensitivities[0].value_m, 0.996, 1e-12);
}

// A flow above its published figure prints above it however small the excess: 0.3 m3/s over
// by 1e-6 read "0.300000 of 0.3" (decimals stopped at 6). Not beyond: two decimals.
TEST(ScenarioReport, AFlowAboveItsCapacityPrintsAboveIt) {
  CapacityUse u;
  u.unit = "m3/s";
  u.conditions = "0 degC";
  u.capacity_m3_per_s = 0.3;
  u.flow_m3_per_s = 0.3 * (1.0 + 1e-6);
  EXPECT_EQ(scenario_internal::CapacityText(u, true), "0.3000003 of 0.3 m3/s (0 degC)");
  EXPECT_EQ(scenario_internal::CapacityText(u, false), "0.30 of 0.3 m3/s (0 degC)");
  u.flow_m3_per_s = 0.31;
  EXPECT_EQ(scenario_internal::CapacityText(u, true), "0.31 of 0.3 m3/s (0 degC)");
}

// A pressure past its bound prints past it: "26.01 bar < 26.01 bar" read as no violation.
TEST(ScenarioReport, APressurePastItsBoundPrintsPastIt) {
  EXPECT_EQ(scenario_internal::PastBound("ir_sari", 26.0095, '<', 26.01325),
            "ir_sari 26.009 bar < 26.013 bar");
  EXPECT_EQ(scenario_internal::PastBound("ir_sari", 25.32, '<', 26.01325),
            "ir_sari 25.32 bar < 26.01 bar");
  EXPECT_EQ(scenario_internal::PastBound("x", 54.9503, '>', 54.94982),
            "x 54.9503 bar > 54.9498 bar");
}

// Where the published capacities bind (the third search), a carried state is not "above a
// published capacity (not a bound here)"; in the other searches, whose limits they are not,
// one beyond the tolerance is (CapacityUse::above, which the evaluator sets: one within it
// is at its figure in every search, as in the verdict).
TEST(ScenarioReport, ACapacityWithinTheToleranceIsNotAboveItWhereCapacitiesBind) {
  ScenarioSummary s;
  s.name = "x";
  CapacityUse u;
  u.system = "Line";
  u.arc_id = "p";
  u.unit = "bcm/y";
  u.conditions = "20 degC";
  u.capacity_m3_per_s = 4.0;
  u.flow_m3_per_s = 4.0 * (1.0 + 5e-6);
  u.above = true;
  for (HeadroomResult* h : {&s.headroom, &s.headroom_within_published_capacities}) {
    h->searched = true;
    h->step_bcm_per_year = 0.01;
    h->max_transit_bcm_per_year = 2.35;
    h->upper_bracket_bcm_per_year = 2.36;
    h->binding = {{"Line above its published capacity", "4.000002 of 4", ""}};
    h->capacity_use_at_max = {u};
  }
  s.headroom_within_published_capacities.published_capacities_bind = true;
  const std::string r = s.FullReport(false);
  const std::size_t within = r.find("Max transit within the published capacities : ");
  ASSERT_NE(within, std::string::npos) << r;
  const std::string line = r.substr(within, r.find('\n', within) - within);
  EXPECT_EQ(line.find("not a bound here"), std::string::npos) << line;
  EXPECT_NE(r.find("there above a published capacity (not a bound here): Line 4.00002 of 4"),
            std::string::npos)
      << r;
  // Within the tolerance (not above): said in neither search.
  s.headroom.capacity_use_at_max[0].above = false;
  EXPECT_EQ(s.FullReport(false).find("there above a published capacity"), std::string::npos);
}

// The header's sensitivity figures say a transit below them that was not carried, as the
// summary's lines do (winter-peak's 3.07 is not carried at 1.40): a figure alone read as if
// every transit up to it were.
TEST(ScenarioReport, TheHeadersSensitivityFiguresSayAGap) {
  CorridorReport r;
  ScenarioSummary s;
  s.name = "winter-peak";
  for (HeadroomResult* h : {&s.headroom, &s.headroom_within_published_capacities}) {
    h->searched = true;
    h->step_bcm_per_year = 0.01;
    h->max_transit_bcm_per_year = 5.32;
    h->upper_bracket_bcm_per_year = 5.33;
    h->gap_scan_step_bcm_per_year = 0.25;
    h->gap_carried_to_bcm_per_year = 1.39;
    h->gap_not_carried_at_bcm_per_year = 1.40;
  }
  s.headroom_within_published_capacities.max_transit_bcm_per_year = 3.07;
  s.headroom_within_published_capacities.upper_bracket_bcm_per_year = 3.08;
  Sensitivity x;
  x.arc_id = "p_hajigabul_astara";
  x.arc_name = "Hajigabul-Astara";
  x.parameter = "diameter";
  x.value_m = 0.996;
  x.network_value_m = 1.19;
  x.headroom = s.headroom;  // (a gap as the network's)
  x.headroom_within_published_capacities = s.headroom_within_published_capacities;
  x.headroom_within_published_capacities.gap_carried_to_bcm_per_year = 0.0;
  x.headroom_within_published_capacities.gap_not_carried_at_bcm_per_year = 0.0;  // none
  s.sensitivities.push_back(x);
  r.scenarios.push_back(s);
  const std::string h = r.Header();
  EXPECT_NE(h.find("      winter-peak: largest 5.32 (not every transit below it: not 1.40) "
                   "(network 5.32 (not every transit below it: not 1.40)); within the "
                   "published capacities 3.07 (network 3.07 (not every transit below it: not "
                   "1.40))\n"),
            std::string::npos)
      << h;
}

// The questions name the scenarios' own transits (an edited ru-10bcm at 4.5 read "Q2. At
// 10 bcm/y: carried."), and a question whose scenario the case lacks says so (without
// ru-phase1, Q1's heading went and its lines stood under none).
TEST(ScenarioReport, TheQuestionsNameTheScenariosOwnTransits) {
  CorridorReport r;
  ScenarioSummary s;
  s.name = "ru-phase1";
  s.transit_bcm_per_year = 1.8;
  s.feasible = true;
  r.scenarios.push_back(s);
  s.name = "ru-10bcm";
  s.transit_bcm_per_year = 4.5;
  r.scenarios.push_back(s);
  std::string h = r.Header();
  EXPECT_NE(h.find("Q1. Can the existing corridor carry 1.8 bcm/y on top of today's flows"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("Q2. At 4.5 bcm/y: carried.\n"), std::string::npos) << h;
  EXPECT_NE(h.find("Q3. Not answered: the case has no scenario ru-55bcm.\n"), std::string::npos)
      << h;
  r.scenarios.erase(r.scenarios.begin());
  h = r.Header();
  EXPECT_NE(h.find("Q1. Can the existing corridor carry more gas on top of today's flows? Not "
                   "answered: the case has no scenario ru-phase1.\n"),
            std::string::npos)
      << h;
}

// A published capacity passed by less than its rounding shows the decimals that say so
// ("4.00 of 4 bcm/y ... 100 % above it"), as the headroom lines do.
TEST(ScenarioReport, ACapacityPassedByLittleShowsItInTheTable) {
  ScenarioSummary s;
  s.name = "swap-stopped";
  CapacityUse u;
  u.system = "Gazimagomed-Astara";
  u.unit = "bcm/y";
  u.conditions = "20 degC";
  u.capacity_m3_per_s = 4.0;
  u.flow_m3_per_s = 4.002;
  u.above = true;  // (as the evaluator sets it: beyond ScenarioOptions::limit_tolerance)
  s.capacity_use.push_back(u);
  u.system = "IGAT-1";
  u.flow_m3_per_s = 3.65;
  u.above = false;
  s.capacity_use.push_back(u);
  const std::string rep = s.FullReport(false);
  EXPECT_NE(rep.find("4.002 of 4 bcm/y (20 degC)   100 %  above it"), std::string::npos) << rep;
  EXPECT_NE(rep.find("3.65 of 4 bcm/y (20 degC)    91 %\n"), std::string::npos) << rep;
}

// The sensitivity is the case with the value edited: the network file's Hajigabul-Astara at
// 996 mm, run alone, gives the same three searches bit for bit.
TEST(ScenarioRun, ASensitivityIsTheCaseWithItsValueEdited) {
  namespace fs = std::filesystem;
  ScenarioOptions o;
  o.data_dir = CaseDir();
  o.scenarios = {"swap-stopped"};
  CorridorReport with;
  Diagnostics d;
  ASSERT_TRUE(RunCorridorScenarios(o, &with, &d).ok()) << d.ToString();
  ASSERT_EQ(with.scenarios.size(), 1u);
  ASSERT_EQ(with.scenarios[0].sensitivities.size(), 1u);
  const Sensitivity& x = with.scenarios[0].sensitivities[0];
  const fs::path dir = fs::temp_directory_path() / ("edited_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CaseDir(), dir, fs::copy_options::recursive);
  std::string net;
  ASSERT_TRUE(ReadFileToString((dir / "corridor.net").string(), &net).ok());
  const std::string pipe = "<pipe id=\"p_hajigabul_astara\"";
  const std::size_t at = net.find("<diameter value=\"1190\" unit=\"mm\"/>", net.find(pipe));
  ASSERT_NE(at, std::string::npos);
  net.replace(at, std::string("<diameter value=\"1190\"").size(), "<diameter value=\"996\"");
  ASSERT_TRUE(WriteFileAtomically((dir / "corridor.net").string(), net).ok());
  o.data_dir = dir.string();
  o.sensitivity_scenarios.clear();
  CorridorReport edited;
  Diagnostics d2;
  const Status s = RunCorridorScenarios(o, &edited, &d2);
  fs::remove_all(dir);
  ASSERT_TRUE(s.ok()) << d2.ToString();
  ASSERT_EQ(edited.scenarios.size(), 1u);
  const ScenarioSummary& e = edited.scenarios[0];
  EXPECT_TRUE(e.sensitivities.empty());
  for (const auto& [alt, own] :
       {std::pair{&x.headroom, &e.headroom},
        {&x.headroom_within_published_capacities, &e.headroom_within_published_capacities},
        {&x.headroom_without_station_flow_limits, &e.headroom_without_station_flow_limits}}) {
    EXPECT_EQ(alt->max_transit_bcm_per_year, own->max_transit_bcm_per_year);
    EXPECT_EQ(alt->upper_bracket_bcm_per_year, own->upper_bracket_bcm_per_year);
    ASSERT_EQ(alt->binding.size(), own->binding.size());
    for (std::size_t k = 0; k < alt->binding.size(); ++k)
      EXPECT_EQ(alt->binding[k].detail, own->binding[k].detail);
  }
}

// A scenario asked for the sensitivities that the case lacks is said, not an error (the
// default names today's flows of the bundled case); one named twice is refused.
TEST(ScenarioRun, ASensitivityScenarioTheCaseLacksIsSaid) {
  ScenarioOptions o;
  o.data_dir = CaseDir();
  o.scenarios = {"ru-phase1"};
  o.headroom = false;
  o.sensitivity_scenarios = {"ru-phase1", "no-such"};
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunCorridorScenarios(o, &r, &d).ok()) << d.ToString();
  EXPECT_TRUE(r.scenarios[0].sensitivities.empty());  // (no headroom searched)
  EXPECT_EQ(r.sensitivity_scenarios_missing, std::vector<std::string>{"no-such"});
  EXPECT_NE(r.Header().find("    (not run in no-such: not a scenario of the case)\n"),
            std::string::npos)
      << r.Header();
  o.sensitivity_scenarios = {"baseline", "baseline"};
  const Status s = o.Validate();
  EXPECT_NE(s.ToString().find("ScenarioOptions.sensitivity_scenarios names 'baseline' twice"),
            std::string::npos)
      << s.ToString();
}

// The swap's energy position rests on the origins' compositions, which the case estimates:
// said under it (baseline's +113 MW at balanced volumes read as a measured figure), with the
// calorific basis (gross). Only the origins in the balance are named: the swap input's and
// the delivered molecules' (the note named Azerbaijan too, whose gas is in neither).
TEST_F(CorridorScenarios, TheSwapsEnergyPositionSaysWhatItRestsOn) {
  ASSERT_TRUE(status_->ok());
  const std::string report = Get("baseline").FullReport(false);
  EXPECT_NE(report.find("  note: MW at gross calorific value (25 degC combustion); the "
                        "compositions of Turkmenistan, Iran are estimates\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("Delivered molecules: Iran "), std::string::npos) << report;
  const std::string phase1 = Get("ru-phase1").FullReport(false);
  EXPECT_NE(phase1.find("the composition of Turkmenistan is an estimate\n"), std::string::npos)
      << phase1;
}

// The search runs on a grid (0.01 bcm/y), so that one limit gives one bracket wherever it
// binds. Bisected from each scenario's own transit to a width of 0.05, the Astara limit of
// 5.321 bcm/y (the hand calculation above) printed as 5.30 in the baseline and 5.31 in
// ru-phase1, whose searches started from 0 and 2.
TEST_F(CorridorScenarios, OneLimitGivesOneBracketInEveryScenario) {
  ASSERT_TRUE(status_->ok());
  const HeadroomResult& b = Get("baseline").headroom;
  // The doubles nearest the grid's points (706 * 0.01 is not the double nearest 7.06:
  // summary.json wrote 7.0600000000000005 where one gas in the pipes put this bracket there).
  EXPECT_EQ(b.max_transit_bcm_per_year, 5.32);
  EXPECT_EQ(b.upper_bracket_bcm_per_year, 5.33);
  EXPECT_EQ(Get("baseline").headroom_without_station_flow_limits.upper_bracket_bcm_per_year,
            6.78);
  const std::string line = "5.32 bcm/y (20 degC) [not carried at 5.33]; binds: Astara";
  // ru-10bcm and ru-55bcm search down from their own transit, the others up from theirs.
  for (const char* name : {"baseline", "ru-phase1", "ru-10bcm", "ru-55bcm", "winter-peak"}) {
    const HeadroomResult& h = Get(name).headroom;
    EXPECT_EQ(h.max_transit_bcm_per_year, b.max_transit_bcm_per_year) << name;
    EXPECT_EQ(h.upper_bracket_bcm_per_year, b.upper_bracket_bcm_per_year) << name;
    EXPECT_NE(Get(name).FullReport(false).find("Max transit : " + line), std::string::npos)
        << name;
  }
}

// Another grid: every transit tried is a multiple of its step (the scenario's own aside),
// and the report prints as many decimals as the step has.
// The Damghan regulator opens fully once the level its zone asks lies at or above its inlet
// pressure (the policy's step 4, docs/corridor-report.md). It waited for the levels to
// settle, which on winter-peak with 1.2 to 1.7 bcm/y of Russian transit they never did: the
// set-point swung between 47.8 bar (Sari below its minimum) and 49.6 (above the 49.2 bar
// inlet) for all 30 passes, and the scenario read "infeasible (control valve
// 'cv_damghan_sari' cannot reach its outlet pressure 49.630098 bar ...)", below the 5.32
// bcm/y its own headroom search carried. Open, 1.3 bcm/y is carried; from about 1.4 Sari's
// contract minimum binds, the limit named. And a station whose gas the solve runs
// backwards is bypassed: the directions come from the nominated volumes, the masses from
// each gas's density, and the baseline at 1.675 bcm/y read "cs_astara would run backwards
// (0.0909423 kg/s ...)" between two transits carried (both found by a headroom consistency
// check).
TEST(ScenarioRun, TheDamghanRegulatorOpensWhereItsZoneAsksMoreThanItsInlet) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("wp_transit_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CaseDir(), dir, fs::copy_options::recursive);
  // (winter-peak at 1.5 bcm/y is carried with each pipe's own gas; with one gas in the
  // pipes Sari fell 0.01 bar below its minimum.)
  const struct {
    const char* scenario;
    double transit;
    bool carried, gas_per_arc;
  } cases[] = {{"winter-peak", 1.3, true, true},
               {"winter-peak", 1.5, true, true},
               {"winter-peak", 1.5, false, false},
               {"baseline", 1.675, true, true}};
  for (const auto& k : cases) {
    WriteWithTransit(dir, k.scenario, k.transit);
    if (HasFatalFailure()) return;
    ScenarioOptions o;
    o.data_dir = dir.string();
    o.scenarios = {k.scenario};
    o.headroom = false;
    o.gas_per_arc = k.gas_per_arc;
    CorridorReport r;
    Diagnostics d;
    ASSERT_TRUE(RunCorridorScenarios(o, &r, &d).ok()) << d.ToString();
    ASSERT_EQ(r.scenarios.size(), 1u);
    const ScenarioSummary& s = r.scenarios[0];
    const std::string report = s.FullReport(false);
    EXPECT_EQ(report.find("cannot reach its outlet pressure"), std::string::npos) << report;
    EXPECT_EQ(report.find("would run backwards"), std::string::npos) << report;
    if (k.carried) {
      EXPECT_TRUE(s.feasible) << k.scenario << " " << k.transit << "\n" << report;
    } else {
      EXPECT_FALSE(s.feasible) << report;
      // (Its 25 barg is the case's estimate: an assumed contract minimum.)
      EXPECT_NE(report.find("pressure at Sari / Neka below an assumed contract minimum"),
                std::string::npos)
          << report;
    }
  }
  fs::remove_all(dir);
}

// A scenario whose own transit is not carried but lies in a gap: winter-peak given 1.50
// bcm/y, with one gas in the pipes. The search took the own for its upper bracket and
// reported "Max transit: 1.39 bcm/y [not carried at 1.40]", the largest below the own, where
// 5.32 is carried (as for winter-peak itself). It now runs over the whole range, and the
// scan from 0 finds the own's gap, which the report says holds the own.
TEST(ScenarioRun, AnOwnTransitInsideAGapDoesNotHideTheLargestCarried) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("wp_gap_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CaseDir(), dir, fs::copy_options::recursive);
  WriteWithTransit(dir, "winter-peak", 1.5);
  if (HasFatalFailure()) return;
  ScenarioOptions o;
  o.data_dir = dir.string();
  o.scenarios = {"winter-peak"};
  o.gas_per_arc = false;  // the gap is the one-gas model's (CorridorScenariosOneGas)
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunCorridorScenarios(o, &r, &d).ok()) << d.ToString();
  fs::remove_all(dir);
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& s = r.scenarios[0];
  EXPECT_FALSE(s.feasible);
  const HeadroomResult& h = s.headroom;
  EXPECT_FALSE(h.own_carried);
  EXPECT_NEAR(h.max_transit_bcm_per_year, 5.32, 1e-9);
  EXPECT_NEAR(h.gap_carried_to_bcm_per_year, 1.39, 1e-9);
  EXPECT_NEAR(h.gap_not_carried_at_bcm_per_year, 1.40, 1e-9);
  EXPECT_NEAR(h.gap_not_carried_to_bcm_per_year, 1.68, 1e-9);
  EXPECT_NEAR(h.gap_carried_again_at_bcm_per_year, 1.69, 1e-9);
  EXPECT_EQ(h.gap_scan_from_bcm_per_year, 0.0);
  EXPECT_TRUE(h.OwnInGap());
  EXPECT_FALSE(h.OwnNotCarriedBelowLargest());
  const std::string report = s.FullReport(false);
  EXPECT_NE(report.find("Max transit : 5.32 bcm/y (20 degC) [not carried at 5.33]"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("; but not every transit below it: not carried from 1.40 to 1.68 (1.39 "
                        "is, 1.69 is again), the scenario's own 1.50 among them, where tried "
                        "(every 0.25 bcm/y from 0, the edges refined); binds at 1.40: "),
            std::string::npos)
      << report;
  // The other searches alike (within the capacities: 3.07, as winter-peak's own).
  EXPECT_NEAR(s.headroom_within_published_capacities.max_transit_bcm_per_year, 3.07, 1e-9);
  EXPECT_TRUE(s.headroom_within_published_capacities.OwnInGap());
  EXPECT_TRUE(s.headroom_without_station_flow_limits.OwnInGap());
}

// The bisection takes every transit below the largest carried as carried; winter-peak with
// one gas in the pipes, which nominates no transit, carries 5.32 bcm/y but not 1.40 to 1.68
// (Sari below its
// contract minimum while the bypassed Astara station, the swap's IR->AZ delivery about the
// transit, ties the Iranian north to Azerbaijan's 54.95 bar). The scan every 0.25 bcm/y
// finds it (at 1.5), refined to 1.39 carried and 1.40 not, and goes on to its far edge, 1.68
// not and 1.69 carried again (it read as the one transit 1.40); the report says both. The
// baseline has no such gap.
TEST_F(CorridorScenariosOneGas, ATransitBelowTheLargestThatIsNotCarriedIsSaid) {
  ASSERT_TRUE(status_->ok()) << status_->ToString() << "\n" << diag_;
  ASSERT_EQ(report_->scenarios.size(), 2u);
  for (const ScenarioSummary& s : report_->scenarios) {
    for (const HeadroomResult* h : {&s.headroom, &s.headroom_without_station_flow_limits,
                                    &s.headroom_within_published_capacities}) {
      ASSERT_TRUE(h->searched) << s.name;
      EXPECT_EQ(h->gap_scan_step_bcm_per_year, 0.25) << s.name;
      EXPECT_EQ(h->HasGap(), s.name == "winter-peak") << s.name << ": "
                                                      << h->gap_not_carried_at_bcm_per_year;
    }
  }
  const ScenarioSummary& w = Get("winter-peak");
  for (const HeadroomResult* h : {&w.headroom, &w.headroom_without_station_flow_limits,
                                  &w.headroom_within_published_capacities}) {
    EXPECT_NEAR(h->gap_carried_to_bcm_per_year, 1.39, 1e-9);
    EXPECT_NEAR(h->gap_not_carried_at_bcm_per_year, 1.40, 1e-9);
    EXPECT_NEAR(h->gap_not_carried_to_bcm_per_year, 1.68, 1e-9);
    EXPECT_NEAR(h->gap_carried_again_at_bcm_per_year, 1.69, 1e-9);
    ASSERT_FALSE(h->gap_binding.empty());
    EXPECT_NE(h->gap_binding[0].element.find("Sari"), std::string::npos)
        << h->gap_binding[0].element;
    // (Within the published capacities: 3.07, the Hajigabul-Astara line's figure.)
    EXPECT_GT(h->max_transit_bcm_per_year, 3.0);
  }
  const std::string report = report_->FullReport(false);
  const std::size_t row = report.find("\n  winter-peak  ");
  ASSERT_NE(row, std::string::npos) << report;
  EXPECT_EQ(Squeezed(report.substr(row + 1, report.find('\n', row + 1) - row - 1)),
            "winter-peak converged, within limits 0.00 5.32 3.07 (below the largest, not carried "
            "from 1.40 to 1.68; below the published, not carried from 1.40 to 1.68)")
      << report;
  EXPECT_NE(w.FullReport(false).find("; but not every transit below it: not carried from 1.40 to "
                                     "1.68 (1.39 is, 1.69 is again), where tried (every 0.25 "
                                     "bcm/y from the scenario's own, the edges refined); binds "
                                     "at 1.40: pressure at Sari / Neka"),
            std::string::npos)
      << w.FullReport(false);
}

// The gases are tracked on the flows of each state's first solve (the entries' mean for
// every volume and pipe): ru-10bcm and ru-55bcm have no such state, and their reports say
// that their verdict is that model's; the scenarios with a state do not.
TEST_F(CorridorScenarios, AVerdictWithoutAStateToTrackTheGasesOnSaysWhoseItIs) {
  ASSERT_TRUE(status_->ok());
  const std::string note =
      "its state has no solution with the entries' mean gas for every volume and pipe";
  for (const ScenarioSummary& s : report_->scenarios) {
    const bool said = std::any_of(s.notes.begin(), s.notes.end(), [&](const std::string& n) {
      return n.find(note) != std::string::npos;
    });
    EXPECT_EQ(said, s.name == "ru-10bcm" || s.name == "ru-55bcm") << s.name;
    if (said) EXPECT_EQ(s.steady.verdict, Verdict::kInfeasible) << s.name;
  }
}

// With each pipe's own gas winter-peak has no such gap: its Sari stays above the contract
// minimum from 1.40 to 1.68 bcm/y, where with one gas in the pipes it fell 0.01 bar short
// (above). The scan still runs in every scenario and finds nothing.
TEST_F(CorridorScenarios, WithEachPipesOwnGasEveryTransitBelowTheLargestIsCarried) {
  ASSERT_TRUE(status_->ok());
  for (const ScenarioSummary& s : report_->scenarios)
    for (const HeadroomResult* h : {&s.headroom, &s.headroom_without_station_flow_limits,
                                    &s.headroom_within_published_capacities}) {
      ASSERT_TRUE(h->searched) << s.name;
      EXPECT_EQ(h->gap_scan_step_bcm_per_year, 0.25) << s.name;
      EXPECT_FALSE(h->HasGap()) << s.name << ": " << h->gap_not_carried_at_bcm_per_year;
    }
  EXPECT_EQ(report_->FullReport(false).find("not every transit below it"), std::string::npos);
}

TEST(ScenarioRun, TheHeadroomGridIsTheOptionsStep) {
  struct Case {
    double step;
    const char* scenario;  // ru-phase1 nominates 2 bcm/y, carried; ru-10bcm 10, not
    double max, upper;
    const char* text;
  } cases[] = {{0.005, "ru-phase1", 5.320, 5.325, "5.320 bcm/y (20 degC) [not carried at 5.325]"},
               {0.3, "ru-phase1", 5.1, 5.4, "5.10 bcm/y (20 degC) [not carried at 5.40]"},
               {0.3, "ru-10bcm", 5.1, 5.4, "5.10 bcm/y (20 degC) [not carried at 5.40]"}};
  for (const Case& k : cases) {
    ScenarioOptions o;
    o.data_dir = CaseDir();
    o.scenarios = {k.scenario};
    o.headroom_precision_bcm_per_year = k.step;
    CorridorReport r;
    Diagnostics d;
    ASSERT_TRUE(RunCorridorScenarios(o, &r, &d).ok()) << d.ToString();
    ASSERT_EQ(r.scenarios.size(), 1u);
    const HeadroomResult& h = r.scenarios[0].headroom;
    EXPECT_NEAR(h.max_transit_bcm_per_year, k.max, 1e-9) << k.step << " " << k.scenario;
    EXPECT_NEAR(h.upper_bracket_bcm_per_year, k.upper, 1e-9) << k.step << " " << k.scenario;
    EXPECT_NE(r.scenarios[0].FullReport(false).find("Max transit : " + std::string(k.text)),
              std::string::npos)
        << r.scenarios[0].FullReport(false);
  }
}

// Beyond the station flow bounds, Gazi-Magomed's units reach their map's top speed before
// their drives' power: the search stops there (it went on to ~7.0 bcm/y on heads of up to
// 82 kJ/kg from units sized for 68, at an efficiency of 0.8 taken outside the map). A
// review's independent script found the units on their map up to 6.5 bcm/y and off it
// from about 6.6 when every nominated volume was the mean gas's (0.788 kg/m3). Russian gas
// is 0.731 kg/m3: the same mass at the top speed is at most 0.788 / 0.731 = 1.078 times the
// volume (7.09 / 6.65 = 1.066 measured), and the head of that lighter gas is higher: about
// 7.0 bcm/y once each volume was its own gas's (ScenarioOptions::volumes_at_gas_density)
// and each head the gas at its suction's, with one gas in the pipes (below). With each
// pipe's own gas the Russian line's lighter gas loses more pressure per kilogram, so
// Hajigabul's suction is lower and the head higher: 6.77. A check with the Russian gas in
// every pipe (corridor simulate --gas, 2026-12-06) bound at 6.65 to 6.7, its Azerbaijani
// line into Hajigabul also too light: the figure lies between the two models'.
TEST_F(CorridorScenariosOneGas, TheSecondHeadroomStopsAtTheMachinesTopSpeed) {
  ASSERT_TRUE(status_->ok());
  const HeadroomResult& h = Get("baseline").headroom_without_station_flow_limits;
  ASSERT_TRUE(h.searched);
  ASSERT_FALSE(h.binding.empty());
  EXPECT_EQ(h.binding.front().element, "Gazimagomed compressor head beyond its machines");
  EXPECT_GT(h.max_transit_bcm_per_year, 6.5 * 1.078);
  EXPECT_LT(h.upper_bracket_bcm_per_year, 6.7 * 1.078);
  EXPECT_EQ(h.max_transit_bcm_per_year, 7.05);
}

// The header's winter-peak line says its gap (one gas in the pipes).
TEST_F(CorridorScenariosOneGas, TheHeaderSaysTheWinterPeaksGap) {
  ASSERT_TRUE(status_->ok());
  const std::string h = report_->Header();
  const std::size_t winter = h.find("\n    On a winter peak day (winter-peak, ");
  ASSERT_NE(winter, std::string::npos) << h;
  const std::string line = h.substr(winter + 1, h.find('\n', winter + 1) - winter - 1);
  EXPECT_NE(line.find("; but not every transit below it: not carried from 1.40 to 1.68"),
            std::string::npos)
      << line;
}

TEST_F(CorridorScenarios, TheSecondHeadroomStopsAtTheMachinesTopSpeed) {
  ASSERT_TRUE(status_->ok());
  const HeadroomResult& h = Get("baseline").headroom_without_station_flow_limits;
  ASSERT_TRUE(h.searched);
  ASSERT_FALSE(h.binding.empty());
  EXPECT_EQ(h.binding.front().element, "Gazimagomed compressor head beyond its machines");
  double needed = 0.0, top = 0.0;
  ASSERT_EQ(std::sscanf(h.binding.front().detail.c_str(), "%lf kJ/kg needed > %lf kJ/kg", &needed,
                        &top),
            2)
      << h.binding.front().detail;
  EXPECT_GT(needed, top);
  EXPECT_GT(h.max_transit_bcm_per_year, 6.65);  // the Russian gas in every pipe
  EXPECT_LT(h.upper_bracket_bcm_per_year, 7.05);  // the entries' mean in every pipe
  // A station held to its map is flagged only with a head above its top speed; one whose
  // suction is assumed (Korpeje) never.
  for (const ScenarioSummary& s : report_->scenarios)
    for (const StationCheck& st : s.stations) {
      if (st.over_head) EXPECT_GT(st.head_J_per_kg, st.top_speed_head_J_per_kg) << s.name;
      if (st.inlet_assumed) EXPECT_FALSE(st.over_head) << s.name << " " << st.id;
    }
}

TEST_F(CorridorScenarios, HeaderAnswersTheQuestions) {
  ASSERT_TRUE(status_->ok());
  const std::string h = report_->Header();
  EXPECT_NE(h.find("Q1. Can the existing corridor carry 2 bcm/y on top of today's flows "
                   "(annual averages)? YES."),
            std::string::npos)
      << h;
  // Q1's YES is for the baseline's annual averages (an analyst's audit: read as holding on
  // every day). The winter peak's own search is said under it, and that a winter peak with
  // the swap stopped is no scenario of the case.
  const std::size_t winter = h.find(
      "\n    On a winter peak day (winter-peak, swap assumed running, 4.27 mcm/d (0 degC) "
      "due at Astara): " +
      fmt::format("{:.2f} bcm/y (20 degC) [not carried at ",
                  Get("winter-peak").headroom.max_transit_bcm_per_year));
  ASSERT_NE(winter, std::string::npos) << h;
  EXPECT_LT(winter, h.find("Q2. ")) << h;
  // The stations off the transit path: Korpeje's power at its assumed suction needs a speed
  // past its machines' top, which the line says beside the figure (said only under the
  // station table, it was taken as read).
  const StationCheck* korpeje = nullptr;
  for (const StationCheck& st : Get("ru-phase1").stations)
    if (st.id == "cs_korpeje") korpeje = &st;
  ASSERT_NE(korpeje, nullptr);
  ASSERT_TRUE(korpeje->inlet_assumed && korpeje->beyond_top_speed);
  EXPECT_NE(h.find(fmt::format("\n    Off the transit path: Korpeje (TM) {:.2f} MW at an assumed "
                               "suction (a worst case; its machines' map extrapolated past "
                               "their top speed); ",
                               korpeje->power_W / 1e6)),
            std::string::npos)
      << h;
  // Its figure within the published capacities under it, as the annual-average lines have
  // theirs (the winter line alone passed the Hajigabul-Astara line's 4 bcm/y).
  EXPECT_NE(h.find(fmt::format("\n      within the published capacities too: {:.2f} bcm/y (20 "
                               "degC) [not carried at ",
                               Get("winter-peak")
                                   .headroom_within_published_capacities.max_transit_bcm_per_year),
                   winter),
            std::string::npos)
      << h;
  // With its gap where it has one (one gas in the pipes, CorridorScenariosOneGas below),
  // which the annual-average lines above do not have.
  const std::string line = h.substr(winter + 1, h.find('\n', winter + 1) - winter - 1);
  EXPECT_EQ(line.find("; but not every transit below it: not carried from ") != std::string::npos,
            Get("winter-peak").headroom.HasGap())
      << line;
  EXPECT_NE(h.find("      (a winter peak with the swap stopped, its state in Jan 2024, is no "
                   "scenario of the case:"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("Q2. At 10 bcm/y: NOT carried."), std::string::npos) << h;
  EXPECT_NE(h.find("Q3. At 55 bcm/y: NOT carried."), std::string::npos) << h;
  // The network every answer rests on, before the answers: a line modelled in service
  // though under construction was said only in a published capacity's provenance in
  // summary.json (a domain review's).
  const std::size_t network = h.find(
      "\nNetwork: every scenario runs the same network: Chelvand-Ardabil (S42) is modelled in "
      "service although S42 reports it under construction");
  EXPECT_NE(network, std::string::npos) << h;
  EXPECT_LT(network, h.find("Q1. "));
  // And the stations it does not model, on which Q2's and Q3's "pipeline capacity" rest
  // (said only in docs/corridor-case.md: an analyst's review of 2026-12-07).
  EXPECT_NE(h.find("no compressor station on the Russian side or on Iran's IGAT lines is "
                   "modelled, since the facts name none (FACTS gaps)",
                   network),
            std::string::npos)
      << h;
}

// Q1's largest transit depends on the Turkmen swap, whose delivery at Astara nets against
// the transit there. The header gave only the baseline's 5.30 bcm/y, on a swap at its
// "last documented rate" of 4.5 mcm/d, where the facts (S72) give 10 mcm/d for Mar-Aug 2023
// and a suspension in Jan 2024: it now gives the figure without the swap (swap-stopped)
// and the baseline's as an assumption, each its scenario's own search. The former was
// called "firm" until an analyst found it 32 % above the Hajigabul-Astara line's published
// capacity: the label is now the swap's state alone.
// Its power line kept Korpeje's 14.6 MW (Turkmenistan, not on the transit path) in one
// total with the transit stations': those are now said apart.
TEST_F(CorridorScenarios, HeaderSaysTheHeadroomWithoutTheSwapAndTheSwapsApart) {
  ASSERT_TRUE(status_->ok());
  const std::string h = report_->Header();
  struct Case {
    const char* name;
    const char* label;
  } cases[] = {{"swap-stopped", "swap stopped, as last reported (Jan 2024)"},
               // 4.5 mcm/d at 15 degC, the FY2022/23 average (S72), is 4.27 at 0 degC.
               {"baseline", "swap assumed running, 4.27 mcm/d (0 degC) due at Astara"}};
  for (const Case& k : cases) {
    char want[200];
    std::snprintf(want, sizeof want, "%s (%s): %.2f bcm/y (20 degC)", k.label, k.name,
                  Get(k.name).headroom.max_transit_bcm_per_year);
    EXPECT_NE(h.find(want), std::string::npos) << want << "\n" << h;
  }
  EXPECT_LT(Get("swap-stopped").headroom.max_transit_bcm_per_year,
            Get("baseline").headroom.max_transit_bcm_per_year);
  EXPECT_EQ(h.find("firm"), std::string::npos) << h;
  // Under each, the transit within the published capacities too (the 3.65 without the swap put 5.29
  // bcm/y through the Hajigabul-Astara line, published at 4); Q2 says its scenario's.
  for (const char* name : {"swap-stopped", "baseline"}) {
    const std::string line = h.substr(h.find(std::string("(") + name + "): "));
    const std::string next = line.substr(line.find('\n') + 1);
    EXPECT_EQ(next.rfind(fmt::format("        within the published capacities too: {:.2f} "
                                     "bcm/y (20 degC) [not carried at ",
                                     Get(name).headroom_within_published_capacities
                                         .max_transit_bcm_per_year),
                         0),
              0u)
        << next;
  }
  EXPECT_NE(h.find(fmt::format("\n    Within the published capacities too: {:.2f} bcm/y",
                               Get("ru-10bcm")
                                   .headroom_within_published_capacities.max_transit_bcm_per_year)),
            std::string::npos)
      << h;
  EXPECT_EQ(h.find("last documented"), std::string::npos) << h;
  EXPECT_EQ(Get("baseline").description.find("last documented"), std::string::npos);
  // Power: the stations in Russia and Azerbaijan apart from the others.
  double path_W = 0.0;
  bool korpeje = false;
  for (const StationCheck& st : Get("ru-phase1").stations) {
    if (st.id == "cs_korpeje") {
      EXPECT_EQ(st.country, "TM");
      korpeje = st.running;
    }
    if (st.running && (st.country == "RU" || st.country == "AZ")) path_W += st.power_W;
  }
  ASSERT_TRUE(korpeje);
  ASSERT_GT(path_W, 0.0);
  EXPECT_LT(path_W, Get("ru-phase1").total_power_W);
  // The figure rests on ru-phase1's swap (its delivery nets against the transit at Astara),
  // and the line says so.
  ASSERT_TRUE(Get("ru-phase1").swap.has_value());
  char want[300];
  std::snprintf(want, sizeof want,
                "Compressor power on the transit path, as the operating policy sets its "
                "stations (post hoc; ru-phase1, swap assumed running, %.2f mcm/d (0 degC) "
                "due at Astara): %.2f MW",
                Get("ru-phase1").swap->obligation_m3_per_s * 86400.0 / 1e6, path_W / 1e6);
  EXPECT_NE(h.find(want), std::string::npos) << want << "\n" << h;
  EXPECT_NE(h.find("Off the transit path: Korpeje (TM)"), std::string::npos) << h;
  EXPECT_NE(h.find("MW for all running stations."), std::string::npos) << h;
  // Q2's and Q3's largest transits hold while the baseline's swap runs, and say so.
  for (const char* q : {"Q2. ", "Q3. "}) {
    const std::string part = h.substr(h.find(q));
    const std::string largest = part.substr(part.find("    Largest transit in that scenario"));
    EXPECT_EQ(largest.rfind("    Largest transit in that scenario (swap assumed running, ", 0),
              0u)
        << largest;
  }
  // A headroom that a compressor's head ends rests on the estimated machine sizing.
  const std::string beyond = h.substr(h.find("Beyond the station flow bounds"));
  EXPECT_NE(beyond.find("[depends on the estimated machine sizing"), std::string::npos) << h;
  // So does each scenario's own line of it (the docs said so; only the header's had it).
  const std::string r = Get("ru-10bcm").FullReport(false);
  const std::size_t at = r.find("Max transit without the station flow bounds");
  ASSERT_NE(at, std::string::npos) << r;
  const std::string line = r.substr(at, r.find('\n', at) - at);
  ASSERT_NE(line.find("compressor head"), std::string::npos) << line;
  EXPECT_NE(line.find("[depends on the estimated machine sizing"), std::string::npos) << line;
  // A headroom that another estimated bound ends names it: the figure without the swap ends
  // at the Astara station's flow capacity, S35's 10 mcm/d read at an assumed 20 degC (was
  // unmarked).
  const std::string firm = h.substr(h.find("(Jan 2024) (swap-stopped)"));
  const std::string firm_line = firm.substr(0, firm.find('\n'));
  ASSERT_NE(firm_line.find("Astara compressor flow above capacity"), std::string::npos)
      << firm_line;
  EXPECT_NE(firm_line.find("[rests on an estimated bound: cs_astara flowMax: S35"),
            std::string::npos)
      << firm_line;
  bool marked = false;
  for (const BindingElement& b : Get("swap-stopped").headroom.binding)
    marked = marked || b.estimate.rfind("cs_astara flowMax: ", 0) == 0;
  EXPECT_TRUE(marked);
}

// A scenario's own transit off the grid is a bracket: printed to the grid's decimals, 5.324
// not carried read "5.32 [not carried at 5.32]". The carried bracket is rounded down and the
// other up; a step of 0.025 has 3 decimals (2 printed 5.325 as 5.32).
TEST(ScenarioReport, HeadroomBracketsAreRoundedOutwards) {
  struct Case {
    double step, max, upper;
    const char* shown;
  } cases[] = {{0.01, 5.32, 5.324, "5.32 bcm/y (20 degC) [not carried at 5.33]"},
               {0.01, 5.326, 5.33, "5.32 bcm/y (20 degC) [not carried at 5.33]"},
               {0.01, 0.0, 0.003, "0.00 bcm/y (20 degC) [not carried at 0.01]"},
               {0.01, 5.32, 5.33, "5.32 bcm/y (20 degC) [not carried at 5.33]"},
               {0.025, 5.3, 5.325, "5.300 bcm/y (20 degC) [not carried at 5.325]"}};
  for (const Case& k : cases) {
    ScenarioSummary s;
    s.name = "x";
    s.headroom.searched = true;
    s.headroom.step_bcm_per_year = k.step;
    s.headroom.max_transit_bcm_per_year = k.max;
    s.headroom.upper_bracket_bcm_per_year = k.upper;
    EXPECT_NE(s.FullReport(false).find(std::string("Max transit : ") + k.shown),
              std::string::npos)
        << k.max << " " << k.upper << "\n" << s.FullReport(false);
  }
}

// A case whose scenarios give no Turkmen swap (no `swap` block, no inputs) had both lines
// labelled "swap stopped, as last reported (Jan 2024); firm": the Q1 lines now carry the
// scenarios' names alone, and a scenario without a swap beside one with it says so.
TEST(ScenarioHeader, SaysNoSwapWhereNoScenarioGivesOne) {
  CorridorReport r;
  for (const char* name : {"swap-stopped", "baseline"}) {
    ScenarioSummary s;
    s.name = name;
    s.headroom.searched = true;
    s.headroom.max_transit_bcm_per_year = 5.0;
    s.headroom.upper_bracket_bcm_per_year = 5.1;
    r.scenarios.push_back(s);
  }
  std::string h = r.Header();
  EXPECT_EQ(h.find("swap stopped"), std::string::npos) << h;
  EXPECT_NE(h.find("on today's flows (no scenario gives a Turkmen swap input):\n"
                   "      swap-stopped: 5.00 bcm/y (20 degC)"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("\n      baseline: 5.00 bcm/y (20 degC)"), std::string::npos) << h;
  EXPECT_EQ(h.find("Mar-Aug 2023"), std::string::npos) << h;
  // The swap in swap-stopped's place: the baseline without one says it has none.
  r.scenarios[0].swap.emplace();
  r.scenarios[0].swap->obligation_m3_per_s = 1.0e6 / 86400.0;
  h = r.Header();
  EXPECT_NE(h.find("swap assumed running, 1.00 mcm/d (0 degC) due at Astara "
                   "(swap-stopped)"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("no swap input in this scenario (baseline): 5.00"), std::string::npos) << h;
  EXPECT_NE(h.find("by the state of the Turkmen swap"), std::string::npos) << h;
}

// What a scenario that is not carried rests on is marked as its headrooms are: ru-10bcm's
// "What limits it" named Astara's estimated flow capacity and the pipes' capacity from
// Mozdok held at its estimated pressure limit (the Russian side's design pressure is not
// published) and marked neither; summary.json's binding gave a head beyond the machines an
// empty estimate where the console said the machines' sizing.
TEST_F(CorridorScenarios, WhatLimitsAScenarioSaysTheEstimatesItRestsOn) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-10bcm");
  ASSERT_FALSE(s.feasible);
  bool capacity = false, astara = false;
  for (const BindingElement& b : s.binding) {
    if (b.element.find("pipeline capacity with the entry at its pressure limit") !=
        std::string::npos) {
      capacity = true;
      EXPECT_EQ(b.estimate.rfind("ru_mozdok pressureMax: estimate", 0), 0u) << b.estimate;
    }
    if (b.element == "Astara compressor flow above capacity") {
      astara = true;
      EXPECT_EQ(b.estimate.rfind("cs_astara flowMax: ", 0), 0u) << b.estimate;
    }
  }
  EXPECT_TRUE(capacity && astara);
  // ru-55bcm runs out at Parchin, behind the Astara station held at its discharge bound:
  // that bound's estimate, not Mozdok's.
  bool behind = false;
  for (const BindingElement& b : Get("ru-55bcm").binding)
    if (b.element.find("pipeline capacity with Astara's outlet at its pressure limit: "
                       "pressure would fall below zero at node ir_parchin") !=
        std::string::npos) {
      behind = true;
      EXPECT_EQ(b.estimate.rfind("cs_astara pressureOutMax: estimate", 0), 0u) << b.estimate;
    }
  EXPECT_TRUE(behind);
  bool sizing = false;
  for (const BindingElement& b : s.headroom_without_station_flow_limits.binding)
    if (b.element.find("compressor head") != std::string::npos) {
      sizing = true;
      EXPECT_EQ(b.estimate, "estimated machine sizing: corridor.cs, SOURCES.md");
    }
  EXPECT_TRUE(sizing);
  // The header's line and the scenario's list say both, each in full once.
  const std::string h = report_->Header();
  const std::size_t at = h.find("What limits it");
  ASSERT_NE(at, std::string::npos) << h;
  const std::string line = h.substr(at, h.find('\n', at) - at);
  EXPECT_NE(line.find("cs_astara flowMax"), std::string::npos) << line;
  EXPECT_NE(line.find("[rests on an estimated bound: ru_mozdok pressureMax: estimate"),
            std::string::npos)
      << line;
  const std::string r = s.FullReport(false);
  const std::size_t solver = r.find("  - solver: infeasible (pipeline capacity");
  ASSERT_NE(solver, std::string::npos) << r;
  EXPECT_NE(r.substr(solver, r.find('\n', solver) - solver)
                .find("[rests on an estimated bound: ru_mozdok pressureMax"),
            std::string::npos)
      << r;
}

// Q1's 2.86 MW on the transit path read as the cost of 2 bcm/y, where most of it drives the
// machines' anti-surge recycle and the head they throttle: the header says what the gas
// carried needs, its mass flow at the network's head over the machines' efficiency.
TEST_F(CorridorScenarios, TheHeaderSaysWhatTheCarriedGasNeeds) {
  ASSERT_TRUE(status_->ok());
  double path_W = 0.0, carried_W = 0.0;
  for (const StationCheck& st : Get("ru-phase1").stations) {
    if (!st.running || (st.country != "RU" && st.country != "AZ")) continue;
    ASSERT_GT(st.efficiency, 0.0);
    path_W += st.power_W;
    carried_W += std::abs(st.mass_flow_kg_per_s) * st.head_J_per_kg / st.efficiency;
  }
  ASSERT_GT(path_W, 0.0);
  EXPECT_LT(carried_W, 0.5 * path_W);  // the machines recycle most of what they move
  char want[120];
  std::snprintf(want, sizeof want, "Of it, the gas carried needs %.2f MW at the same efficiencies",
                carried_W / 1e6);
  const std::string h = report_->Header();
  EXPECT_NE(h.find(want), std::string::npos) << want << "\n" << h;
}

// Where the Russian gas is used: the border flows said 5.1 mcm/d enter Azerbaijan and
// 0.84 mcm/d cross to Iran, not that nearly all the Russian gas stays in Azerbaijan (its own
// gas crossing beside it). What crosses at Samur is used in Azerbaijan or crosses again.
TEST_F(CorridorScenarios, TheReportSaysWhereEachOriginsGasIsUsed) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("ru-phase1");
  double az = 0.0, ir = 0.0, into_az = 0.0;
  for (const OriginTransit& t : s.origin_transit) {
    if (t.group != "Russia") continue;
    if (t.country == "AZ") {
      az = t.net_m3_per_s();
      into_az = t.in_m3_per_s;
    }
    if (t.country == "IR") ir = t.net_m3_per_s();
  }
  ASSERT_GT(az, 0.0);
  ASSERT_GT(ir, 0.0);
  EXPECT_GT(az, 10.0 * ir);  // most of it stays in Azerbaijan
  double samur = 0.0;
  for (const BorderFlow& b : s.borders)
    if (b.id == "bp_ru_az_samur") samur = b.volume_m3_per_s;
  EXPECT_NEAR(into_az, samur, 1e-9 * samur);
  EXPECT_NEAR(az + ir, samur, 1e-9 * samur);
  const std::string r = s.FullReport(false);
  char want[160];
  std::snprintf(want, sizeof want,
                "Gas used by origin (net across the border points, mcm/d at 0 degC):\n"
                "  Russia: AZ %.3f, IR %.3f;",
                az * 86400 / 1e6, ir * 86400 / 1e6);
  EXPECT_NE(r.find(want), std::string::npos) << want << "\n" << r;
}

// What holds a state where it is: winter-peak's Saveh entry sat at its 69.96 bar maximum
// (with one gas in the pipes; now Sangachal's entry at its 54.95), and Sari at its contract
// minimum in most scenarios, and the report showed neither (its pressure table watches
// Astara and the Iranian exits only).
TEST_F(CorridorScenarios, NodesAtAPressureBoundAreSaid) {
  ASSERT_TRUE(status_->ok());
  const ScenarioSummary& s = Get("winter-peak");
  bool sangachal = false, sari = false;
  for (const PressureCheck& p : s.at_bound) {
    const bool low = std::abs(p.pressure_Pa - p.min_Pa) <= 1000.0;
    const bool high = std::abs(p.pressure_Pa - p.max_Pa) <= 1000.0;
    EXPECT_TRUE(low || high) << p.node_id;
    if (p.node_id == "az_sangachal") {
      sangachal = true;
      EXPECT_TRUE(high);
    }
    if (p.node_id == "ir_sari") {
      sari = true;
      EXPECT_TRUE(low);
    }
  }
  EXPECT_TRUE(sangachal);
  EXPECT_TRUE(sari);
  const std::string r = s.FullReport(false);
  EXPECT_NE(r.find("At a pressure bound (within 0.01 bar): "), std::string::npos) << r;
  EXPECT_NE(r.find("az_sangachal 54.95 max"), std::string::npos) << r;
  EXPECT_NE(r.find("ir_sari 26.01 min"), std::string::npos) << r;
}

// contract_limits, the file's format and version and the stations' entries are checked as
// docs/corridor-case.md says: a node "NOPE", a kind "bogus", a value "nan" or -11, a unit
// "psi", a value that is not the node's bound the run applies, format "other", version 99
// and an entry for a station the network lacks all ran without a word. Each is one finding
// at its line, and nothing runs.
TEST(ScenarioAnnotations, ContractLimitsAndIdsAreChecked) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  ASSERT_GE(j["contract_limits"].size(), 6u);
  // (A misspelt node: the network's nearest is offered.)
  const std::string limited = j["contract_limits"][0]["node"].get<std::string>();
  j["contract_limits"][0]["node"] = limited + "x";
  j["contract_limits"][1]["kind"] = "bogus";
  j["contract_limits"][2]["value"] = "nan";
  j["contract_limits"][3]["value"] = -11;
  j["contract_limits"][4]["unit"] = "psi";
  j["contract_limits"][5]["value"] = 40.0;
  j["format"] = "other";
  j["version"] = 99;
  j["compressor_stations"]["cs_nope"] = {{"max_units_running", 1}};
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("contract_limits", true);
  EXPECT_FALSE(RunScratchCase(dir, j.dump(1), &r, &d, {"baseline"}).ok());
  EXPECT_TRUE(r.scenarios.empty());
  for (const auto& [rule, count] : std::vector<std::pair<std::string, int>>{
           {"unknown-node", 1}, {"unknown-kind", 1}, {"wrong-type", 1}, {"out-of-range", 1},
           {"unknown-unit", 1}, {"contract-limit", 1}, {"format", 1}, {"version", 1},
           {"unknown-arc", 1}})
    EXPECT_EQ(RuleCount(d, rule), count) << rule << "\n" << d.ToString();
  const std::string all = d.ToString();
  EXPECT_NE(all.find("contract_limits[5]: min_delivery_pressure 40 bar at"), std::string::npos)
      << all;
  EXPECT_NE(all.find("contract_limits[0]: node '" + limited + "x' is not in the network (did "
                     "you mean '" + limited + "'?) [unknown-node]"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("'cs_nope', which is not a compressor station of the network"),
            std::string::npos)
      << all;
  // Every finding names its line in the file.
  for (const Diagnostic& x : d.items())
    if (x.severity == Diagnostic::Severity::kError) EXPECT_GT(x.line, 0) << x.message;
}

// A published capacity is read with its unit and conditions, each fault at its line: an
// unknown unit, conditions without a factor, a value not above zero.
TEST(ScenarioAnnotations, APublishedCapacityIsReadWithItsUnitAndConditions) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  auto& a = j["arcs"];
  a["p_hajigabul_astara"]["capacity"]["unit"] = "bcm/d";
  a["p_igat1_rasht_qazvin"]["capacity"]["conditions"] = "ir16";
  a["p_makhachkala_border"]["capacity"]["value"] = 0;
  a["p_igat1_qazvin_saveh"]["capacity"].erase("unit");
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("capacities", true);
  EXPECT_FALSE(RunScratchCase(dir, j.dump(1), &r, &d, {"baseline"}).ok());
  const std::string all = d.ToString();
  EXPECT_EQ(d.error_count(), 4u) << all;
  for (const char* said :
       {"arc 'p_igat1_qazvin_saveh': the capacity has no \"unit\" [missing-key]",
        "arc 'p_hajigabul_astara': capacity unit \"bcm/d\" is not one corridor reads (bcm/y, "
        "mcm/d) [unknown-unit]",
        "arc 'p_igat1_rasht_qazvin': capacity conditions \"ir16\" are not \"gaslib\" or a key "
        "of \"reference_conditions\" with its \"_to_gaslib_factor\" [unknown-conditions]",
        "arc 'p_makhachkala_border': a capacity must be > 0, got 0 [out-of-range]"})
    EXPECT_NE(all.find(said), std::string::npos) << said << "\n" << all;
  for (const Diagnostic& x : d.items()) EXPECT_GT(x.line, 0) << x.message;
}

// A number out of a double's range in annotations.json read "malformed JSON: number
// overflow parsing '4e400'" and nothing else; it is said as the other readers say it, once
// (the groups, read from the same file, said it again), and the rest of the file is read
// on: its other problems are listed beside it.
TEST(ScenarioAnnotations, ANumberOutOfRangeIsSaidOnceAndTheRestRead) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  const auto replace = [&](const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("\"value\": 4,", "\"value\": 4e400,");
  replace("\"max_units_running\": 2", "\"max_units_running\": -2e999");
  // Read by other checks: a conditions factor nine capacities use (each read "unknown
  // conditions" too), and the file's version ("must be 1, got null").
  replace("\"cis20_to_gaslib_factor\": 0.9317755415316391", "\"cis20_to_gaslib_factor\": 9e999");
  replace("\"version\": 1,", "\"version\": 1e999,");
  const std::size_t transit = text.find("\"russian_transit_bcm_y_20C\"");
  ASSERT_NE(transit, std::string::npos);
  const std::size_t value = text.find(':', transit) + 1;
  text.replace(value, text.find(',', value) - value, " \"two\"");
  const auto line = [&](const std::string& needle) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + text.find(needle), '\n'));
  };
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("overflow", true);
  EXPECT_FALSE(RunScratchCase(dir, text, &r, &d, {"baseline"}, false).ok());
  const std::string all = d.ToString();
  EXPECT_EQ(d.error_count(), 5u) << all;
  EXPECT_EQ(RuleCount(d, "not-finite"), 4) << all;
  EXPECT_EQ(RuleCount(d, "unknown-conditions"), 0) << all;
  EXPECT_EQ(RuleCount(d, "json-syntax"), 0) << all;
  // Each at its line and with its value's pointer, as the other readers say it.
  EXPECT_NE(all.find(fmt::format("annotations.json:{}: error: number 4e400 does not fit a finite "
                                 "double (at /arcs/p_hajigabul_astara/capacity/value) "
                                 "[not-finite]",
                                 line("4e400"))),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(fmt::format("annotations.json:{}: error: number -2e999 does not fit a "
                                 "finite double (at /compressor_stations/cs_gazimagomed/"
                                 "max_units_running) [not-finite]",
                                 line("-2e999"))),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("\"russian_transit_bcm_y_20C\" must be a number, got a string \"two\" "
                     "[wrong-type]"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("null"), std::string::npos) << all;
}

// Another of corridor's files in the annotations' place is said once, with what reads it,
// and nothing is run (a hydro case gave a missing key for each section and an unknown
// scenario with no names known).
TEST(ScenarioAnnotations, AnotherCorridorFileIsSaidAsWhatItIs) {
  const std::string text = "{\n  \"format\": \"corridor-hydro-case\",\n  \"version\": 1\n}\n";
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("hydro_as_annotations", true);
  EXPECT_FALSE(RunScratchCase(dir, text, &r, &d, {"baseline"}, false).ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "wrong-file-kind");
  EXPECT_EQ(d.items()[0].line, 2);
  EXPECT_NE(d.items()[0].message.find("got \"corridor-hydro-case\": the file is a hydro case, "
                                      "which `corridor hydro FILE` reads; nothing else of it "
                                      "is read"),
            std::string::npos)
      << d.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  // A file saved as UTF-16 likewise, as the groups reader says it (it read malformed JSON).
  Diagnostics dw;
  const auto wide = ScratchCase("wide_annotations", true);
  EXPECT_FALSE(RunScratchCase(wide, std::string("{\0\n\0", 4), &r, &dw, {"baseline"}, false)
                   .ok());
  ASSERT_EQ(dw.error_count(), 1u) << dw.ToString();
  EXPECT_EQ(dw.items()[0].rule, "bad-utf8");
  Diagnostics de;  // (an empty file was json-syntax)
  const auto empty = ScratchCase("empty_annotations", true);
  EXPECT_FALSE(RunScratchCase(empty, "\n", &r, &de, {"baseline"}, false).ok());
  ASSERT_EQ(de.error_count(), 1u) << de.ToString();
  EXPECT_EQ(de.items()[0].rule, "empty-file");
  Diagnostics db;  // (a byte order mark and blanks: it was json-syntax)
  const auto marked = ScratchCase("marked_empty_annotations", true);
  EXPECT_FALSE(
      RunScratchCase(marked, "\xEF\xBB\xBF \n", &r, &db, {"baseline"}, false).ok());
  ASSERT_EQ(db.error_count(), 1u) << db.ToString();
  EXPECT_EQ(db.items()[0].rule, "empty-file");
}

// A transit beyond any gas there is (1e300 bcm/y) is out of range at its line: it reached
// the headroom search, whose grid index overflowed, and a 300-digit "at least" was printed
// (helper-292).
TEST(ScenarioAnnotations, ATransitBeyondAnyGasIsOutOfRange) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  const std::size_t transit = text.find("\"russian_transit_bcm_y_20C\"");
  ASSERT_NE(transit, std::string::npos);
  const std::size_t value = text.find(':', transit) + 1;
  text.replace(value, text.find(',', value) - value, " 1e300");
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + transit, '\n'));
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("transit1e300", true);
  EXPECT_FALSE(RunScratchCase(dir, text, &r, &d, {"baseline"}, false).ok());
  const std::string all = d.ToString();
  EXPECT_EQ(d.error_count(), 1u) << all;
  EXPECT_NE(all.find(fmt::format(":{}: error: scenario 'baseline': russian_transit_bcm_y_20C "
                                 "must be >= 0 and at most 10000 (some 2.5 times the "
                                 "world's gas production), got 1e+300 [out-of-range]",
                                 line)),
            std::string::npos)
      << all;
}

// A pipe's published alternatives (arcs.*.alternatives) are read with their units and
// checked: they were in the file and read by nothing, so a misspelt one would vary nothing.
TEST(ScenarioAnnotations, APipesAlternativesAreReadAndChecked) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  auto& a = j["arcs"];
  auto& alts = a["p_hajigabul_astara"]["alternatives"];
  ASSERT_EQ(alts.size(), 1u);
  alts.push_back({{"parameter", "wall"}, {"value_mm", 12}});
  alts.push_back({{"parameter", "length"}, {"value_mm", 300}});
  alts.push_back({{"parameter", "roughness"}, {"value_mm", 1e-9}});
  alts.push_back({{"parameter", "diameter"}, {"value_mm", 99999}, {"unit", "mm"}});
  alts.push_back(7);
  alts.push_back({{"parameter", "roughness"}, {"value_mm", 8}});  // (valid)
  alts.push_back({{"parameter", "roughness"}, {"value_mm", 0}});  // smooth: ends the run
  a["cs_astara"]["alternatives"] = {{{"parameter", "diameter"}, {"value_mm", 500}}};
  a["p_sangachal_hajigabul"]["alternatives"] = {{{"parameter", "diameter"}, {"value_mm", 1}}};
  a["p_igat1_rasht_qazvin"]["alternatives"] = {{{"value_mm", 500}}};
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("alternatives", true);
  {  // (a rough line, so that a bore of 1 mm is too narrow for it)
    std::string net;
    ASSERT_TRUE(ReadFileToString((dir / "corridor.net").string(), &net).ok());
    const std::size_t at = net.find("<roughness value=\"0.05\"",
                                    net.find("<pipe id=\"p_sangachal_hajigabul\""));
    ASSERT_NE(at, std::string::npos);
    net.replace(at, std::string("<roughness value=\"0.05\"").size(), "<roughness value=\"1\"");
    ASSERT_TRUE(WriteFileAtomically((dir / "corridor.net").string(), net).ok());
  }
  EXPECT_FALSE(RunScratchCase(dir, j.dump(1), &r, &d, {"baseline"}).ok());
  const std::string all = d.ToString();
  EXPECT_EQ(d.error_count(), 9u) << all;
  for (const char* said :
       {"arc 'p_hajigabul_astara' alternatives[1]: parameter \"wall\" is not one corridor "
        "varies (diameter, roughness, length) [unknown-parameter]",
        "arc 'p_hajigabul_astara' alternatives[2]: an alternative length is given as "
        "\"value_km\", which is missing [missing-key]",
        "arc 'p_hajigabul_astara' alternatives[3]: roughness value_mm must lie in [1e-06, 10], "
        "got 1e-09 [implausible-value]",
        "arc 'p_hajigabul_astara' alternatives[4]: diameter value_mm must lie in [1, 10000], got "
        "99999 [implausible-value]",
        "arc 'p_hajigabul_astara' alternatives[4]: unknown key \"unit\" (not read) "
        "[unknown-key]",
        "arc 'p_hajigabul_astara': \"alternatives[5]\" must be an object, got an integer 7 "
        "[wrong-type]",
        "arc 'p_igat1_rasht_qazvin' alternatives[0]: the alternative has no \"parameter\" "
        "[missing-key]",
        "arc 'cs_astara': \"alternatives\" of 'cs_astara', which is not a pipe of the network",
        "arc 'p_hajigabul_astara' alternatives[7]: roughness value_mm must lie in [1e-06, 10], "
        "got 0 [implausible-value]",
        "arc 'p_sangachal_hajigabul': the alternative diameter gives the pipe a roughness of 1 "
        "mm with a diameter of 1 mm: the roughness must be below half the diameter "
        "[roughness-diameter]"})
    EXPECT_NE(all.find(said), std::string::npos) << said << "\n" << all;
  for (const Diagnostic& x : d.items()) EXPECT_GT(x.line, 0) << x.message;
}

// A scenario's file that holds another scenario, and flows_1000m3_per_h unlike the file's:
// warnings at the entry (baseline.scn copied over winter-peak.scn ran as "Peak winter day"
// on baseline's flows without a word; the flows in the entry were never read).
TEST(ScenarioAnnotations, AScenariosFileIsCheckedAgainstItsEntry) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  auto& sc = j["scenarios"];
  sc["winter-peak"]["file"] = "scenarios/baseline.scn";
  sc["baseline"]["flows_1000m3_per_h"]["az_baku"] = 1.0;
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("scenario_file_entry", true);
  const Status s = RunScratchCase(dir, j.dump(1), &r, &d, {"baseline", "winter-peak"});
  const std::string all = d.ToString();
  EXPECT_EQ(RuleCount(d, "scenario-file-mismatch"), 1) << all;
  EXPECT_NE(all.find("scenario 'winter-peak': its file scenarios/baseline.scn holds scenario "
                     "'baseline' (the run uses the file's nominations under this scenario's "
                     "name) [scenario-file-mismatch]"),
            std::string::npos)
      << all;
  // (winter-peak's own flows differ from baseline's file too.)
  EXPECT_NE(all.find("scenario 'baseline': flows_1000m3_per_h differs from "
                     "scenarios/baseline.scn at 1 node: az_baku 1 against the file's 524.124 "
                     "(the run uses the file) [flows-mismatch]"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("scenario 'winter-peak': flows_1000m3_per_h differs from "
                     "scenarios/baseline.scn at "),
            std::string::npos)
      << all;
  for (const Diagnostic& x : d.items()) EXPECT_GT(x.line, 0) << x.message;
  (void)s;
}

// Each node's country is a code of "countries" (or two joined by '/'), and every node of
// the network has one: a node put in "Ir", or in none, was left out of the pressures at the
// Iranian exits without a word. Codes not in "countries" are errors at their lines; nodes
// without a country, and entries for nodes the network lacks, one warning each.
TEST(ScenarioAnnotations, NodeCountriesAreCodesOfCountries) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  auto& n = j["nodes"];
  n["ir_rasht"]["country"] = "Ir";
  n["ru_aksai"]["country"] = "RU/AZ/IR";
  n["ru_makhachkala"]["country"] = "RU/";
  n["az_hajigabul"].erase("country");
  n.erase("border_ru_az");
  n["ghost"] = {{"country", "IR"}};
  n["ir_sarri"] = {{"country", "IR"}};  // misspelt: the network's nearest is offered
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("node_countries", true);
  EXPECT_FALSE(RunScratchCase(dir, j.dump(1), &r, &d, {"baseline"}).ok());
  EXPECT_TRUE(r.scenarios.empty());
  const std::string all = d.ToString();
  EXPECT_EQ(RuleCount(d, "unknown-country"), 3) << all;
  EXPECT_EQ(d.error_count(), 3u) << all;
  EXPECT_NE(all.find("node 'ir_rasht': country \"Ir\" names 'Ir', not a code of \"countries\""
                     ": \"country\" is a code of \"countries\" (RU, AZ, IR, TM)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("node 'ru_aksai': country \"RU/AZ/IR\" joins more than two codes"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("node 'ru_makhachkala': country \"RU/\" names ''"), std::string::npos)
      << all;
  EXPECT_NE(all.find("nodes: 2 nodes of the network have no \"country\" here ('border_ru_az', "
                     "'az_hajigabul')"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("node 'ghost': \"nodes\" describes 2 nodes the network does not have "
                     "('ghost', 'ir_sarri'): not read (did you mean 'ir_sari' for 'ir_sarri'?)"),
            std::string::npos)
      << all;
  for (const Diagnostic& x : d.items()) EXPECT_GT(x.line, 0) << x.message;
  // The case as shipped: every node in a country of its codes.
  Diagnostics clean;
  EXPECT_TRUE(
      RunScratchCase(ScratchCase("node_countries", true), text, &r, &clean, {"baseline"}).ok())
      << clean.ToString();
  EXPECT_EQ(RuleCount(clean, "missing-country") + RuleCount(clean, "unknown-node"), 0)
      << clean.ToString();
}

// A scenario named "" ran, and printed "Scenario  : ...": an empty-id error at its line.
TEST(ScenarioAnnotations, AScenarioWithoutANameIsRefused) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  j["scenarios"][""] = j["scenarios"]["baseline"];
  CorridorReport r;
  Diagnostics d;
  EXPECT_FALSE(RunScratchCase(ScratchCase("no_name", true), j.dump(1), &r, &d, {"baseline"}).ok());
  EXPECT_TRUE(r.scenarios.empty());
  EXPECT_EQ(RuleCount(d, "empty-id"), 1) << d.ToString();
  EXPECT_NE(d.ToString().find("error: scenario '': a scenario's name is empty"), std::string::npos)
      << d.ToString();
}

// A network that does not load leaves the checks of the annotations against it undone,
// and says so: a bad length in corridor.net hid a contract limit's unknown node unsaid.
TEST(ScenarioAnnotations, ChecksThatNeedTheNetworkAreSaidToWait) {
  std::string text, net;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  const auto dir = ScratchCase("net_broken", true);
  ASSERT_TRUE(ReadFileToString((dir / "corridor.net").string(), &net).ok());
  const std::size_t at = net.find("<length value=\"");
  ASSERT_NE(at, std::string::npos);
  net.insert(at + 15, "x");
  ASSERT_TRUE(WriteFileAtomically((dir / "corridor.net").string(), net).ok());
  CorridorReport r;
  Diagnostics d;
  EXPECT_FALSE(RunScratchCase(dir, text, &r, &d, {"baseline"}).ok());
  EXPECT_EQ(RuleCount(d, "not-a-number"), 1) << d.ToString();
  EXPECT_EQ(RuleCount(d, "not-checked"), 1) << d.ToString();
  EXPECT_NE(d.ToString().find(
                "is checked once the network and its compressor data load [not-checked]"),
            std::string::npos)
      << d.ToString();
}

// A border point's countries are codes of "countries" (one "Ru"->"AZ" point, spelt alike in
// its direction, kept the transit check out), and a case without any point from RU to AZ
// says that the transit goes unchecked (deleting the Samur point skipped it unsaid).
TEST(ScenarioAnnotations, BorderPointCountriesAndTheTransitCheck) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  const auto base = nlohmann::ordered_json::parse(text);
  const auto dir = ScratchCase("border_countries", true);
  auto j = base;
  std::size_t samur = 0;
  for (std::size_t k = 0; k < j["border_points"].size(); ++k)
    if (j["border_points"][k]["id"] == "bp_ru_az_samur") samur = k;
  ASSERT_EQ(j["border_points"][samur]["from_country"], "RU");
  j["border_points"][samur]["from_country"] = "Ru";
  j["border_points"][samur]["positive_arc_flow"] = "Ru->AZ";
  CorridorReport r;
  Diagnostics d;
  EXPECT_FALSE(RunScratchCase(dir, j.dump(1), &r, &d, {"baseline"}).ok());
  EXPECT_EQ(RuleCount(d, "unknown-country"), 1) << d.ToString();
  EXPECT_NE(d.ToString().find("border point 'bp_ru_az_samur': from_country \"Ru\" is not a "
                              "code of \"countries\" (RU, AZ, IR, TM)"),
            std::string::npos)
      << d.ToString();
  // One typo, one finding: not again as the transit going unchecked (no RU->AZ point left).
  EXPECT_EQ(d.items().size(), 1u) << d.ToString();
  // Countries given only by positive_arc_flow: the typo is said against that key.
  j = base;
  j["border_points"][samur].erase("from_country");
  j["border_points"][samur].erase("to_country");
  j["border_points"][samur]["positive_arc_flow"] = "Ru->AZ";
  Diagnostics d1;
  EXPECT_FALSE(
      RunScratchCase(ScratchCase("border_countries", true), j.dump(1), &r, &d1, {"baseline"})
          .ok());
  EXPECT_EQ(d1.items().size(), 1u) << d1.ToString();
  EXPECT_NE(d1.ToString().find("border point 'bp_ru_az_samur': positive_arc_flow \"Ru->AZ\" "
                               "names \"Ru\", not a code of \"countries\" (RU, AZ, IR, TM)"),
            std::string::npos)
      << d1.ToString();
  j = base;
  j["border_points"].erase(samur);
  Diagnostics d2;
  const Status s2 =
      RunScratchCase(ScratchCase("border_countries", true), j.dump(1), &r, &d2, {"baseline"});
  EXPECT_TRUE(s2.ok()) << s2.ToString() << d2.ToString();
  EXPECT_EQ(RuleCount(d2, "transit-unchecked"), 1) << d2.ToString();
  Diagnostics clean;
  EXPECT_TRUE(
      RunScratchCase(ScratchCase("border_countries", true), text, &r, &clean, {"baseline"}).ok())
      << clean.ToString();
  EXPECT_EQ(RuleCount(clean, "transit-unchecked"), 0) << clean.ToString();
}

// A RU->AZ border point the transit check cannot use skipped the check unsaid: one given by
// its node without its arc, and one whose arc lies on a loop (no cut, so the nominations do
// not fix the flow across it). Each is a warning at the point's line; the run goes on.
TEST(ScenarioAnnotations, ARussianPointTheTransitCheckCannotUseIsSaid) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  std::size_t samur = 0;
  for (std::size_t k = 0; k < j["border_points"].size(); ++k)
    if (j["border_points"][k]["id"] == "bp_ru_az_samur") samur = k;
  ASSERT_EQ(j["border_points"][samur]["arc"], "p_border_hajigabul");
  const std::string with_arc = j.dump(1);
  j["border_points"][samur].erase("arc");
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(ScratchCase("transit_node", true), j.dump(1), &r, &d, {"baseline"});
  EXPECT_TRUE(s.ok()) << s.ToString() << d.ToString();
  EXPECT_EQ(RuleCount(d, "transit-unchecked"), 1) << d.ToString();
  EXPECT_NE(d.ToString().find("border point 'bp_ru_az_samur': a border point from RU to AZ "
                              "given by its node 'border_ru_az' without its arc"),
            std::string::npos)
      << d.ToString();
  for (const Diagnostic& x : d.items())
    if (x.rule == "transit-unchecked") EXPECT_GT(x.line, 0) << x.message;
  // A second pipe beside the Samur one puts its arc on a loop.
  const auto dir = ScratchCase("transit_loop", true);
  std::string net;
  ASSERT_TRUE(ReadFileToString((dir / "corridor.net").string(), &net).ok());
  const std::size_t open = net.find("<pipe id=\"p_border_hajigabul\"");
  ASSERT_NE(open, std::string::npos);
  const std::size_t close = net.find("</pipe>", open) + 7;
  std::string twin = net.substr(open, close - open);
  twin.replace(twin.find("p_border_hajigabul"), 18, "p_border_hajigabul_twin");
  net.insert(close, "\n    " + twin);
  ASSERT_TRUE(WriteFileAtomically((dir / "corridor.net").string(), net).ok());
  Diagnostics loop;
  s = RunScratchCase(dir, with_arc, &r, &loop, {"baseline"});
  EXPECT_TRUE(s.ok()) << s.ToString() << loop.ToString();
  EXPECT_EQ(RuleCount(loop, "transit-unchecked"), 1) << loop.ToString();
  EXPECT_NE(loop.ToString().find("border point 'bp_ru_az_samur': arc 'p_border_hajigabul' lies "
                                 "on a loop"),
            std::string::npos)
      << loop.ToString();
}

// A scenario's swap input beyond what its nomination injects at the swap's supplier: an error
// at the input's line (5000 beside baseline's 1194.29 of Turkmen gas ran "within limits",
// exit 0, with the swapper owing 85.7 mcm/d). All of it is still a swap input.
TEST(ScenarioAnnotations, ASwapInputBeyondTheSupplyIsRefused) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  j["scenarios"]["baseline"]["swap_turkmen_input_1000m3_per_h"] = 5000;
  CorridorReport r;
  Diagnostics d;
  EXPECT_FALSE(
      RunScratchCase(ScratchCase("swap_supply", true), j.dump(1), &r, &d, {"baseline"}).ok());
  EXPECT_TRUE(r.scenarios.empty());
  EXPECT_EQ(RuleCount(d, "swap-exceeds-supply"), 1) << d.ToString();
  EXPECT_NE(d.ToString().find("scenario 'baseline': swap_turkmen_input_1000m3_per_h is 5000, "
                              "but the nomination scenarios/baseline.scn injects 1194.29 (1000 "
                              "m3/h at 0 degC) at the swap's supplier (supplier_entries "
                              "tm_korpeje, tm_dauletabad)"),
            std::string::npos)
      << d.ToString();
  for (const Diagnostic& x : d.items()) EXPECT_GT(x.line, 1) << x.message;
  // The file-wide input, which a scenario without its own takes, likewise.
  j["scenarios"]["baseline"].erase("swap_turkmen_input_1000m3_per_h");
  j["swap"]["input_1000m3_per_h"] = 5000;
  Diagnostics wide;
  EXPECT_FALSE(
      RunScratchCase(ScratchCase("swap_supply", true), j.dump(1), &r, &wide, {"baseline"}).ok());
  EXPECT_EQ(RuleCount(wide, "swap-exceeds-supply"), 1) << wide.ToString();
  EXPECT_NE(wide.ToString().find("scenario 'baseline': the file-wide swap input "
                                 "(swap.input_1000m3_per_h) is 5000"),
            std::string::npos)
      << wide.ToString();
  j["swap"].erase("input_1000m3_per_h");
  j["scenarios"]["baseline"]["swap_turkmen_input_1000m3_per_h"] = 1194.289584;
  Diagnostics all_of_it;
  EXPECT_TRUE(RunScratchCase(ScratchCase("swap_supply", true), j.dump(1), &r, &all_of_it,
                             {"baseline"})
                  .ok())
      << all_of_it.ToString();
}

// A node whose entry was refused (a "country" not a string, an entry not an object) is not
// said again among the nodes missing their country, nor is every node when "nodes" itself
// is refused: one problem, one finding.
TEST(ScenarioAnnotations, ARefusedNodeEntryIsNotSaidAgainAsMissingItsCountry) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  j["nodes"]["ir_rasht"]["country"] = 5;
  j["nodes"]["ru_aksai"] = "RU";
  j["nodes"]["az_hajigabul"].erase("country");
  CorridorReport r;
  Diagnostics d;
  EXPECT_FALSE(
      RunScratchCase(ScratchCase("refused_nodes", true), j.dump(1), &r, &d, {"baseline"}).ok());
  EXPECT_EQ(RuleCount(d, "wrong-type"), 2) << d.ToString();
  EXPECT_EQ(RuleCount(d, "missing-country"), 1) << d.ToString();
  EXPECT_NE(d.ToString().find("nodes: 1 node of the network has no \"country\" here "
                              "('az_hajigabul')"),
            std::string::npos)
      << d.ToString();
  j["nodes"] = nlohmann::ordered_json::array();
  Diagnostics whole;
  EXPECT_FALSE(
      RunScratchCase(ScratchCase("refused_nodes", true), j.dump(1), &r, &whole, {"baseline"})
          .ok());
  EXPECT_EQ(RuleCount(whole, "wrong-type"), 1) << whole.ToString();
  EXPECT_EQ(RuleCount(whole, "missing-country"), 0) << whole.ToString();
}

// A station entry without its max_units_running counted one unit, unsaid (the section
// missing was already an error for that reason); a key an entry of the stations, the
// contract limits or the scenarios does not have is a warning at its line (a misspelt
// "max_unit_running" cut ru-phase1's headroom without station bounds from 7.04 to 6.30);
// a border point's empty "arc" is an error (Astara read as a node point, its flow gone).
TEST(ScenarioAnnotations, EntriesKeysAreChecked) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  auto& gazi = j["compressor_stations"]["cs_gazimagomed"];
  gazi["max_unit_running"] = gazi["max_units_running"];
  gazi.erase("max_units_running");
  j["contract_limits"][0]["valu"] = 1.0;
  j["scenarios"]["baseline"]["swap_fees"] = 0.1;
  for (auto& bp : j["border_points"])
    if (bp["id"] == "bp_az_ir_astara") bp["arc"] = "";
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("entries_keys", true);
  EXPECT_FALSE(RunScratchCase(dir, j.dump(1), &r, &d, {"baseline"}).ok());
  EXPECT_TRUE(r.scenarios.empty());
  EXPECT_EQ(RuleCount(d, "missing-key"), 1) << d.ToString();
  EXPECT_EQ(RuleCount(d, "unknown-key"), 3) << d.ToString();
  EXPECT_EQ(RuleCount(d, "empty-id"), 1) << d.ToString();
  const std::string all = d.ToString();
  for (const char* part :
       {"compressor station 'cs_gazimagomed': \"max_units_running\" is missing",
        "compressor station 'cs_gazimagomed': unknown key \"max_unit_running\" (not read)",
        "contract_limits[0]: unknown key \"valu\"", "scenario 'baseline': unknown key "
        "\"swap_fees\"", "border point 'bp_az_ir_astara': \"arc\" is empty"})
    EXPECT_NE(all.find(part), std::string::npos) << part << "\n" << all;
  for (const Diagnostic& x : d.items()) EXPECT_GT(x.line, 0) << x.message;
}

// A swap input given for the whole file (annotations.json `swap.input_1000m3_per_h`) and
// none in the scenario's entry: the balance was dropped in silence, then said to be none.
// A scenario's own input still wins, and its 0 is no swap.
TEST(ScenarioSwap, AFileWideSwapInputIsTheScenariosWhereItGivesNone) {
  std::string text;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &text).ok());
  auto j = nlohmann::ordered_json::parse(text);
  j["swap"]["input_1000m3_per_h"] = 100.0;
  j["scenarios"]["baseline"].erase("swap_turkmen_input_1000m3_per_h");
  CorridorReport r;
  Diagnostics d;
  const auto dir = ScratchCase("file_wide_swap", true);
  ASSERT_TRUE(RunScratchCase(dir, j.dump(1), &r, &d, {"baseline"}).ok()) << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& s = r.scenarios[0];
  ASSERT_TRUE(s.swap) << s.swap_report;
  EXPECT_NEAR(s.swap->input_m3_per_s, 100.0 * units::kThousandM3PerHour, 1e-9);
  EXPECT_EQ(s.swap_report.find("none in this scenario"), std::string::npos) << s.swap_report;
}

// The header says volumes are at 20 degC unless marked 0 degC: the stations' flows and the
// swap balance, at 0 degC, were unmarked (S72's 4.5 mcm/d at 15 degC then read as a 5 %
// shortfall), and swap-stopped dropped the swap block in silence.
TEST_F(CorridorScenarios, TheSwapAndStationVolumesSayTheirConditions) {
  ASSERT_TRUE(status_->ok());
  const std::string b = Get("baseline").FullReport(false);
  EXPECT_NE(b.find("Swap balance (volumes at 0 degC, 1.01325 bar):\nSwap               : "),
            std::string::npos)
      << b;
  EXPECT_NE(b.find("with the solver's element limits off; flows at 0 degC):\n"),
            std::string::npos)
      << b;
  const std::string s = Get("swap-stopped").FullReport(false);
  // (Its entry gives 0: "gives it no swap input" misread that.)
  EXPECT_NE(s.find("\nSwap               : none in this scenario (annotations.json gives it "
                   "a swap input of 0)\n"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("Swap balance"), std::string::npos) << s;
}

// No hidden state: two runs in two threads give the same reports (timings left out) as a
// run alone.
TEST(ScenarioRun, TwoThreadsGiveTheSameReport) {
  ScenarioOptions o;
  o.data_dir = CaseDir();
  o.scenarios = {"ru-phase1", "swap-stopped"};
  CorridorReport solo, r1, r2;
  Diagnostics d0, d1, d2;
  ASSERT_TRUE(RunCorridorScenarios(o, &solo, &d0).ok());
  Status s1, s2;
  std::thread t1([&] { s1 = RunCorridorScenarios(o, &r1, &d1); });
  std::thread t2([&] { s2 = RunCorridorScenarios(o, &r2, &d2); });
  t1.join();
  t2.join();
  ASSERT_TRUE(s1.ok() && s2.ok());
  EXPECT_EQ(r1.FullReport(false), solo.FullReport(false));
  EXPECT_EQ(r2.FullReport(false), solo.FullReport(false));
  ASSERT_EQ(r1.scenarios.size(), 2u);
  EXPECT_EQ(r1.scenarios[0].solution.pressure_Pa, solo.scenarios[0].solution.pressure_Pa);
}

TEST(ScenarioOptionsTest, ValidateNamesTheField) {
  ScenarioOptions o;
  EXPECT_FALSE(o.Validate().ok());  // no data_dir
  o.data_dir = "x";
  EXPECT_TRUE(o.Validate().ok());
  o.steady.slacks = {{"n", 1e5}};
  Status s = o.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("slacks"), std::string::npos);
  o.steady.slacks.clear();
  o.headroom_precision_bcm_per_year = 0.0;
  EXPECT_NE(o.Validate().message().find("headroom_precision_bcm_per_year"), std::string::npos);
  // Below the doubles' spacing the search never ended (a reviewer's 1e-16: 240 s and on).
  o.headroom_precision_bcm_per_year = 1e-16;
  EXPECT_NE(o.Validate().message().find("must be >= 1e-6"), std::string::npos);
  o.headroom_precision_bcm_per_year = 0.05;
  o.headroom_max_bcm_per_year = std::numeric_limits<double>::infinity();
  EXPECT_NE(o.Validate().message().find("headroom_max_bcm_per_year"), std::string::npos);
  o.headroom_max_bcm_per_year = 60.0;
  // Infinite numbers switched checks off (a NaN head or drive power passed as "ok").
  const double inf = std::numeric_limits<double>::infinity();
  for (double ScenarioOptions::*field :
       {&ScenarioOptions::kappa, &ScenarioOptions::ambient_temperature_K,
        &ScenarioOptions::pressure_tolerance_Pa, &ScenarioOptions::limit_tolerance}) {
    ScenarioOptions bad = o;
    bad.*field = inf;
    EXPECT_FALSE(bad.Validate().ok());
    EXPECT_NE(bad.Validate().message().find("finite"), std::string::npos)
        << bad.Validate().message();
  }
  // Element limits for zero rounds: refused, not a crash in the report.
  o.steady.max_control_rounds = 0;
  CorridorReport r;
  Diagnostics d;
  o.data_dir = CaseDir();
  o.scenarios = {"baseline"};
  const Status run = RunCorridorScenarios(o, &r, &d);
  EXPECT_FALSE(run.ok());
  EXPECT_NE(run.message().find("max_control_rounds"), std::string::npos) << run.ToString();
  // A node the policy or the headroom search names that the network lacks is the option's
  // fault, each said (the first alone was; an empty reference node read "reference node
  // ''", without its field).
  o.steady.max_control_rounds = 40;
  o.iran_supply = "nope";
  o.reference_node = "";
  o.iran_outlet = "ir_saveh";  // a source, not a sink
  const Status nope = RunCorridorScenarios(o, &r, &d);
  EXPECT_EQ(nope.code(), Status::Code::kInvalidArgument) << nope.ToString();
  for (const char* want : {"ScenarioOptions has 3 problems: ",
                           "ScenarioOptions.reference_node = '' is not a node",
                           "ScenarioOptions.iran_supply = 'nope' is not a source",
                           "ScenarioOptions.iran_outlet = 'ir_saveh' is not a sink"})
    EXPECT_NE(nope.message().find(want), std::string::npos) << want << "\n" << nope.ToString();
  // Names the network lacks, and nothing else: NotFound, as SolveSteady's unknown slack.
  o.iran_outlet = "ir_rasht";
  o.reference_node = "nowhere";
  const Status lacked = RunCorridorScenarios(o, &r, &d);
  EXPECT_EQ(lacked.code(), Status::Code::kNotFound) << lacked.ToString();
  EXPECT_NE(lacked.message().find("ScenarioOptions has 2 problems: "), std::string::npos)
      << lacked.ToString();
  // An empty name is a bad argument, not a node the network lacks.
  o.iran_supply = ScenarioOptions().iran_supply;
  o.reference_node = "";
  EXPECT_EQ(RunCorridorScenarios(o, &r, &d).code(), Status::Code::kInvalidArgument);
}

// A gap scan finer than 1/10 000 of the search's range ran for hours (1e-3 bcm/y took 79 s
// for one scenario, 1e-6 about a day); a scenario named twice ran twice.
// The post-hoc check's kappa, efficiency and ambient keep SteadyOptions' ranges (1e300,
// 1e-300 and 1e-300 K passed).
TEST(ScenarioOptionsTest, ThePostHocChecksValuesKeepTheSolversRanges) {
  ScenarioOptions o;
  o.data_dir = "x";
  o.kappa = 1e300;
  o.default_efficiency = 1e-300;
  o.ambient_temperature_K = 1e-300;
  const Status s = o.Validate();
  EXPECT_EQ(s.message().rfind("ScenarioOptions has 3 problems: ", 0), 0u) << s.message();
  for (const char* want : {"kappa = 1e+300 must be finite and lie in (1, 3]",
                           "default_efficiency = 1e-300 must lie in [0.01, 1]",
                           "ambient_temperature_K = 1e-300 must be finite and lie in"})
    EXPECT_NE(s.message().find(want), std::string::npos) << want << "\n" << s.message();
}

TEST(ScenarioOptionsTest, AnEndlessGapScanAndAScenarioGivenTwiceAreRefused) {
  ScenarioOptions o;
  o.data_dir = "x";
  o.headroom_precision_bcm_per_year = 1e-3;
  o.headroom_gap_scan_bcm_per_year = 1e-3;
  o.scenarios = {"ru-10bcm", "baseline", "ru-10bcm"};
  const Status s = o.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  for (const char* want :
       {"ScenarioOptions.headroom_gap_scan_bcm_per_year = 0.001 would try up to 60000 "
        "transits below headroom_max_bcm_per_year = 60: at most 10000 (a step of at least "
        "0.006, or 0: no scan)",
        "ScenarioOptions.scenarios names 'ru-10bcm' twice"})
    EXPECT_NE(s.message().find(want), std::string::npos) << want << "\n" << s.message();
  o.scenarios = {"ru-10bcm"};
  o.headroom_gap_scan_bcm_per_year = 0.01;  // 6 000 steps
  EXPECT_TRUE(o.Validate().ok()) << o.Validate().message();
  o.headroom_gap_scan_bcm_per_year = 0.0;  // no scan, whatever the precision
  EXPECT_TRUE(o.Validate().ok()) << o.Validate().message();
}

// The nested steady options are checked by Validate as well, named by their path: threads
// -1 or a negative mass tolerance passed Validate and were refused only by the run.
TEST(ScenarioOptionsTest, ValidateChecksTheSteadyOptions) {
  ScenarioOptions o;
  o.data_dir = "x";
  ASSERT_TRUE(o.Validate().ok());
  ScenarioOptions threads = o;
  threads.steady.threads = -1;
  Status s = threads.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_EQ(s.message().rfind("ScenarioOptions.steady.threads = -1", 0), 0u) << s.ToString();
  ScenarioOptions tolerance = o;
  tolerance.steady.mass_tolerance_kg_per_s = -1.0;
  s = tolerance.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_EQ(s.message().rfind("ScenarioOptions.steady.mass_tolerance_kg_per_s = -1", 0), 0u)
      << s.ToString();
  // Every problem in one Status, the nested ones each named by its path (the first alone
  // made a caller fix one per run).
  ScenarioOptions many = o;
  many.kappa = 0.5;
  many.steady.threads = -1;
  many.steady.max_iterations = 0;
  s = many.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_EQ(s.message().rfind("ScenarioOptions has 2 problems: ScenarioOptions.kappa = 0.5", 0),
            0u)
      << s.ToString();
  for (const char* want : {"ScenarioOptions.steady has 2 problems: "
                           "ScenarioOptions.steady.max_iterations = 0",
                           "; ScenarioOptions.steady.threads = -1"})
    EXPECT_NE(s.message().find(want), std::string::npos) << want << "\n" << s.ToString();
}

TEST(ScenarioRun, UnknownScenarioIsReportedWithTheKnownNames) {
  ScenarioOptions o;
  o.data_dir = CaseDir();
  o.scenarios = {"ru-phase1", "no-such", "also-not", "ru-10bcn", "scenarios/winter-peak.scn"};
  CorridorReport r;
  Diagnostics d;
  Status s = RunCorridorScenarios(o, &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_EQ(d.error_count(), 4u);  // every unknown name, not only the first
  // Said as the name asked for ("no scenario named" read as a fault of the file).
  EXPECT_NE(d.ToString().find("the scenario asked for, 'no-such', is not one of \"scenarios\"; "
                              "known: "),
            std::string::npos)
      << d.ToString();
  // A name a letter off is suggested.
  EXPECT_NE(d.ToString().find("the scenario asked for, 'ru-10bcn', is not one of \"scenarios\" "
                              "(did you mean 'ru-10bcm'?); known: "),
            std::string::npos)
      << d.ToString();
  // A scenario's file for its name: the scenario.
  EXPECT_NE(d.ToString().find("'scenarios/winter-peak.scn', is not one of \"scenarios\" (a "
                              "scenario is given by its name, not its file: did you mean "
                              "'winter-peak'?)"),
            std::string::npos)
      << d.ToString();
  EXPECT_NE(d.ToString().find("ru-phase1"), std::string::npos);  // the known names
  EXPECT_TRUE(r.scenarios.empty());
  // The names come from the caller: the line is that of the list they are missing from.
  std::string ann;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann).ok());
  const std::size_t at = ann.find("\"scenarios\": {");
  ASSERT_NE(at, std::string::npos);
  const int line = 1 + static_cast<int>(std::count(ann.begin(), ann.begin() + at, '\n'));
  for (const Diagnostic& x : d.items()) {
    EXPECT_EQ(x.rule, "unknown-scenario");
    EXPECT_EQ(x.line, line) << x.ToString();
    EXPECT_NE(x.ToString().find(fmt::format("annotations.json:{}: error: scenario '", line)),
              std::string::npos)
        << x.ToString();
  }
}

// Scenario files that cannot be read: all listed before anything runs, each with a note at
// the line of annotations.json that names it.
TEST(ScenarioRun, BadScenarioFilesAreAllListedBeforeAnyRuns) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_scenario_files", true);
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/broken.scn").string(), "<boundaryValue>\n")
                  .ok());
  const std::string text = R"({
  "scenarios": {
    "baseline": {"file": "scenarios/baseline.scn"},
    "gone": {"file": "scenarios/gone.scn"},
    "broken": {"description": "its file is not XML",
               "file": "scenarios/broken.scn"}
  }
}
)";
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, text, &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  EXPECT_EQ(d.error_count(), 2u) << d.ToString();
  auto has = [&](const std::string& file_end, int line, const std::string& rule) {
    for (const Diagnostic& x : d.items())
      if (x.rule == rule && x.line == line && x.file.size() >= file_end.size() &&
          x.file.compare(x.file.size() - file_end.size(), file_end.size(), file_end) == 0)
        return true;
    return false;
  };
  EXPECT_TRUE(has("scenarios/gone.scn", 0, "file-not-found")) << d.ToString();
  EXPECT_TRUE(has("annotations.json", 4, "scenario-file")) << d.ToString();
  EXPECT_TRUE(has("annotations.json", 6, "scenario-file")) << d.ToString();
  EXPECT_NE(d.ToString().find("scenario 'gone': its file 'scenarios/gone.scn' is named here"),
            std::string::npos)
      << d.ToString();
}

// A scenario file of another kind, or an empty one, says what it holds (both read
// "truncated or malformed XML: No document element found", where `check` says it): corridor
// JSON, a GasLib network, and nothing but a byte-order mark and white space.
TEST(ScenarioRun, AScenarioFileOfAnotherKindSaysWhatItHolds) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_scenario_kinds", true);
  std::string net;
  ASSERT_TRUE(ReadFileToString((dir / "corridor.net").string(), &net).ok());
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/net.scn").string(), net).ok());
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/json.scn").string(),
                                  "{\"format\": \"corridor-network\"}\n")
                  .ok());
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/empty.scn").string(), "\xEF\xBB\xBF \n").ok());
  // (A binary file: one error, not one bad-char error per NUL byte.)
  ASSERT_TRUE(
      WriteFileAtomically((dir / "scenarios/binary.scn").string(), std::string("ab\0\0\0cd", 7))
          .ok());
  // (UTF-16: said so, as check says it, not as a binary file.)
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/wide.scn").string(),
                                  std::string("\xFF\xFE<\0b\0", 6))
                  .ok());
  const std::string text = R"({
  "scenarios": {
    "net": {"file": "scenarios/net.scn"},
    "json": {"file": "scenarios/json.scn"},
    "empty": {"file": "scenarios/empty.scn"},
    "binary": {"file": "scenarios/binary.scn"},
    "wide": {"file": "scenarios/wide.scn"}
  }
}
)";
  CorridorReport r;
  Diagnostics d;
  EXPECT_EQ(RunScratchCase(dir, text, &r, &d).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(d.error_count(), 5u) << d.ToString();
  EXPECT_NE(d.ToString().find("wide.scn:1: error: the file is UTF-16"), std::string::npos)
      << d.ToString();
  const std::string all = d.ToString();
  for (const char* said :
       {"net.scn: error: the file holds a GasLib network (.net), and a scenario is a GasLib "
        "nomination (.scn, root <boundaryValue>) [wrong-file-kind]",
        "json.scn: error: the file holds corridor JSON, and a scenario is",
        "empty.scn: error: the file is empty: a scenario is a GasLib nomination (.scn, root "
        "<boundaryValue>) [empty-file]",
        "binary.scn:1: error: a binary file (a NUL byte at offset 2), not text: a scenario is"})
    EXPECT_NE(all.find(said), std::string::npos) << said << "\n" << all;
  EXPECT_EQ(all.find("malformed"), std::string::npos) << all;
}

// The checks after the files are read go on where a file is missing: a missing scenario
// file hid a bad swap_fee (and every later finding) until it was there, and a missing
// corridor.cs everything after it.
TEST(ScenarioRun, AMissingScenarioFileDoesNotHideTheOtherProblems) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_staged_checks", true);
  fs::remove(dir / "corridor.cs");
  const std::string text = R"({
  "scenarios": {
    "baseline": {"file": "scenarios/baseline.scn", "swap_fee": 2},
    "gone": {"file": "scenarios/gone.scn"}
  }
}
)";
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, text, &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_NE(s.message().find("3 errors in the case under"), std::string::npos) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
  const std::string all = d.ToString();
  EXPECT_NE(all.find("gone.scn: error: no such file [file-not-found]"), std::string::npos) << all;
  EXPECT_NE(all.find("no compressor-station data (corridor.cs)"), std::string::npos) << all;
  EXPECT_NE(all.find("annotations.json:3: error: scenario 'baseline': swap_fee must be a share "
                     "in [0, 1), got 2 [bad-fee]"),
            std::string::npos)
      << all;
  // Likewise a corridor.cs the case names: the network is then not read at all, and the
  // checks of annotations.json alone still run (it hid the bad swap_fee).
  const fs::path named = ScratchCase("corridor_named_cs", true);
  fs::remove(named / "corridor.cs");
  Diagnostics dn;
  s = RunScratchCase(named, "{\"compressor_data\": \"corridor.cs\", " + text.substr(1), &r, &dn);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  const std::string both = dn.ToString();
  EXPECT_EQ(dn.error_count(), 3u) << both;
  EXPECT_NE(both.find("corridor.cs: error: no such file [file-not-found]"), std::string::npos)
      << both;
  EXPECT_NE(both.find("swap_fee must be a share in [0, 1), got 2 [bad-fee]"), std::string::npos)
      << both;
}

// An error in annotations.json (a value refused) does not stop the checks either: the
// scenario files, the network and every station's count are still checked (a unit count of
// 0 hid a bad nomination, a missing corridor.cs and a second station's bad count); the
// refused count itself is not judged against the machines again.
TEST(ScenarioRun, AnErrorInTheAnnotationsDoesNotHideTheOtherProblems) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_annotation_errors", true);
  const std::string text = R"({
  "scenarios": {
    "baseline": {"file": "scenarios/baseline.scn"},
    "gone": {"file": "scenarios/gone.scn"}
  },
  "compressor_stations": {"cs_gazimagomed": {"max_units_running": 0},
    "cs_astara": {"max_units_running": 5}, "cs_korpeje": {"max_units_running": 2},
    "cs_ardabil": {"max_units_running": 2}}
}
)";
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, text, &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  const std::string all = d.ToString();
  EXPECT_EQ(d.error_count(), 3u) << all;
  EXPECT_NE(all.find("annotations.json:6: error: compressor station 'cs_gazimagomed': "
                     "max_units_running must be at least 1, got 0 [out-of-range]"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("annotations.json:7: error: compressor station 'cs_astara': "
                     "max_units_running 5 is no configuration"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("gone.scn: error: no such file [file-not-found]"), std::string::npos) << all;
}

// A station at an assumed suction (Korpeje) is not judged, whatever its machines' verdict:
// with one unit its 115 kJ/kg lie past the end of the top speed's curve (a head of -91.6
// kJ/kg there), and the label read "ok at the assumed suction" beside a throttle claimed
// of a point without a speed.
TEST(ScenarioRun, AnAssumedSuctionBeyondTheMapIsNotJudged) {
  const std::filesystem::path dir = ScratchCase("corridor_korpeje_one_unit", true);
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunScratchCase(dir, R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}},
  "compressor_stations": {"cs_gazimagomed": {"max_units_running": 2},
  "cs_astara": {"max_units_running": 2}, "cs_korpeje": {"max_units_running": 1},
  "cs_ardabil": {"max_units_running": 2}}})",
                             &r, &d, {"baseline"})
                  .ok())
      << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& s = r.scenarios.front();
  const StationCheck* k = nullptr;
  for (const StationCheck& st : s.stations)
    if (st.id == "cs_korpeje") k = &st;
  ASSERT_NE(k, nullptr);
  ASSERT_TRUE(k->running && k->inlet_assumed);
  EXPECT_EQ(k->units_running, 1);
  EXPECT_TRUE(k->beyond_top_speed);
  EXPECT_TRUE(k->outside_machines);
  EXPECT_FALSE(k->over_head);  // not judged
  EXPECT_FALSE(k->recycling);
  EXPECT_EQ(k->throttle_head_J_per_kg, 0.0);
  EXPECT_NE(k->efficiency_source.find("whose curve ends before that flow"), std::string::npos)
      << k->efficiency_source;
  const std::string report = s.FullReport(false);
  EXPECT_NE(report.find("head beyond its map at the assumed suction: not judged"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("ok at the assumed suction"), std::string::npos) << report;
}

// Every station of the network needs its machines in corridor.cs: one left out read 0.288
// MW needed against 0 MW available as "ok", "converged, within limits".
TEST(ScenarioRun, AStationWithoutMachinesIsRefused) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_station_without_machines", true);
  std::string cs;
  ASSERT_TRUE(ReadFileToString((dir / "corridor.cs").string(), &cs).ok());
  const std::size_t from = cs.find("<compressorStation id=\"cs_astara\"");
  ASSERT_NE(from, std::string::npos);
  const std::string end_tag = "</compressorStation>";
  const std::size_t to = cs.find(end_tag, from);
  ASSERT_NE(to, std::string::npos);
  cs.erase(from, to + end_tag.size() - from);
  ASSERT_TRUE(WriteFileAtomically((dir / "corridor.cs").string(), cs).ok());
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(
      dir, R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}}})", &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  const std::string all = d.ToString();
  EXPECT_EQ(d.error_count(), 1u) << all;
  EXPECT_NE(all.find("compressor station 'cs_astara': the network's station 'cs_astara' has no "
                     "machines in corridor.cs: its power cannot be checked [missing-machines]"),
            std::string::npos)
      << all;
  // Machines without a configuration run nothing either (an empty <configurations/> read
  // 0.288 MW needed beside 0 MW available, "within limits").
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/corridor.cs", &cs).ok());
  const std::size_t st = cs.find("<compressorStation id=\"cs_astara\"");
  ASSERT_NE(st, std::string::npos);
  const std::size_t a = cs.find("<configurations>", st);
  const std::size_t b = cs.find("</configurations>", a);
  ASSERT_NE(b, std::string::npos);
  cs.replace(a, b + std::string("</configurations>").size() - a, "<configurations/>");
  const fs::path dir2 = ScratchCase("corridor_station_without_configurations", true);
  ASSERT_TRUE(WriteFileAtomically((dir2 / "corridor.cs").string(), cs).ok());
  Diagnostics d2;
  s = RunScratchCase(dir2, R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}}})",
                     &r, &d2);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_NE(d2.ToString().find("the network's station 'cs_astara' has no configuration in "
                               "corridor.cs: its power cannot be checked [missing-machines]"),
            std::string::npos)
      << d2.ToString();
}

// Each nomination is checked against the network before any runs, as `corridor simulate`
// does: the reference's flow is free, and 100 1000 Nm3/h more at Rasht ran as "converged,
// within limits" with 0.9 bcm/y of unnominated Russian gas at the border.
TEST(ScenarioRun, ANominationThatDoesNotBalanceIsRefused) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_unbalanced", true);
  std::string scn;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/scenarios/baseline.scn", &scn).ok());
  const std::string rasht = R"(value="734.656429")";
  const std::size_t at = scn.find(rasht);
  ASSERT_NE(at, std::string::npos);
  std::string more = scn;
  more.replace(at, rasht.size(), R"(value="834.656429")");
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/more.scn").string(), more).ok());
  std::string stranger = scn;
  const std::string rasht_id = R"(id="ir_rasht")";
  stranger.replace(stranger.find(rasht_id), rasht_id.size(), R"(id="ir_tabriz")");
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/stranger.scn").string(), stranger).ok());
  const std::string text = R"({
  "scenarios": {
    "baseline": {"file": "scenarios/baseline.scn"},
    "more": {"file": "scenarios/more.scn"},
    "stranger": {"file": "scenarios/stranger.scn"}
  }
}
)";
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, text, &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  const std::string all = d.ToString();
  auto count = [&](const std::string& rule) { return RuleCount(d, rule); };
  // (stranger: Rasht's exit renamed to a node the network lacks is its unknown-node alone,
  // not also an imbalance: one slip, one finding.)
  EXPECT_EQ(count("unbalanced-nomination"), 1) << all;
  EXPECT_GE(count("unknown-node"), 1) << all;
  EXPECT_NE(all.find("more.scn"), std::string::npos) << all;
  EXPECT_NE(all.find("scenario 'more': its file 'scenarios/more.scn' is named here"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("scenarios/baseline.scn"), std::string::npos) << all;  // (it balances)
}

// A reverse flow through the Astara station past its flowMin is said as that, not as "flow
// above capacity": 458.3 (1000 m3/h) more at Baku and at Saveh send Iranian gas north.
TEST(ScenarioRun, AReverseStationFlowPastFlowMinIsSaidAsSuch) {
  CorridorReport r;
  Diagnostics d;
  const Status s = RunEditedBaseline("reverse",
                                     {{R"(value="524.123742")", R"(value="982.423742")"},
                                      {R"(value="1633.742692")", R"(value="2092.042692")"}},
                                     &r, &d);
  ASSERT_TRUE(s.ok()) << s.ToString() << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  std::string said;
  bool below = false;
  for (const BindingElement& b : r.scenarios[0].binding) {
    said += b.element + ": " + b.detail + "\n";
    EXPECT_NE(b.element, "Astara compressor flow above capacity") << b.detail;
    below = below || b.element == "Astara compressor flow below its flowMin";
  }
  EXPECT_TRUE(below) << said;
}

// A scenario's own pressure bounds (<pressure> in its .scn) are held and judged, as
// `simulate` holds them: run left them out and said "within limits" with Rasht at 54.99 bar
// under a nominated minimum of 60. The Pressures table and nodes.csv give the bound judged.
TEST(ScenarioRun, TheScenariosPressureBoundsAreJudged) {
  CorridorReport r;
  Diagnostics d;
  const std::string rasht = R"(<flow bound="both" value="734.656429" unit="1000m_cube_per_hour"/>)";
  const Status s = RunEditedBaseline(
      "pmin", {{rasht, std::string(rasht) + R"(<pressure bound="lower" value="60" unit="bar"/>)"}},
      &r, &d);
  ASSERT_TRUE(s.ok()) << s.ToString() << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  EXPECT_FALSE(sc.feasible);
  EXPECT_EQ(sc.verdict, "converged, limits violated");
  std::string said;
  bool rasht_low = false;
  for (const BindingElement& b : sc.binding) {
    said += b.element + ": " + b.detail + "\n";
    if (b.element.find("ir_rasht below the scenario's minimum") != std::string::npos) {
      rasht_low = true;
      EXPECT_NE(b.detail.find("< 60.00 bar"), std::string::npos) << b.detail;
      EXPECT_TRUE(b.estimate.empty()) << b.estimate;  // the scenario's own bound
    }
  }
  EXPECT_TRUE(rasht_low) << said;
  // The bounds judged, for the Pressures table and nodes.csv: one node's lower is nominated.
  ASSERT_EQ(sc.pressure_bounds.size(), sc.solution.pressure_Pa.size());
  EXPECT_EQ(std::count_if(sc.pressure_bounds.begin(), sc.pressure_bounds.end(),
                          [](const NodePressureBounds& b) {
                            return b.lower_nominated && b.lower_Pa == 60e5;
                          }),
            1);
  // An upper bound tightens the policy's own levels: Mozdok, the reference, held at 40 bar
  // (its network maximum 54.95) instead of the 54.33 bar it runs at otherwise.
  CorridorReport r2;
  Diagnostics d2;
  const std::string mozdok = R"(<flow bound="both" value="194.119904" unit="1000m_cube_per_hour"/>)";
  ASSERT_TRUE(RunEditedBaseline("pmax",
                                {{mozdok, std::string(mozdok) +
                                              R"(<pressure bound="upper" value="40" unit="bar"/>)"}},
                                &r2, &d2)
                  .ok())
      << d2.ToString();
  ASSERT_EQ(r2.scenarios.size(), 1u);
  const ScenarioSummary& s2 = r2.scenarios[0];
  bool mozdok_seen = false;
  for (const PressureCheck& p : s2.at_bound)
    if (p.node_id == "ru_mozdok") {
      mozdok_seen = true;
      EXPECT_NEAR(p.pressure_Pa, 40e5, 1000.0);
      EXPECT_DOUBLE_EQ(p.max_Pa, 40e5);
    }
  EXPECT_TRUE(mozdok_seen) << s2.FullReport(false);
}

// An arc other than a station outside its flow bounds binds: with 502.6 (1000 m3/h) less at
// Sari and at Saveh the Damghan-Sari regulator (flowMin 0, toward Sari only) carried 6.6
// mcm/d in reverse, and no limit named it.
TEST(ScenarioRun, AnArcPastItsFlowBoundsBinds) {
  CorridorReport r;
  Diagnostics d;
  const Status s = RunEditedBaseline("cv",
                                     {{R"(value="710.957834")", R"(value="208.357834")"},
                                      {R"(value="1633.742692")", R"(value="1131.142692")"}},
                                     &r, &d);
  ASSERT_TRUE(s.ok()) << s.ToString() << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  EXPECT_FALSE(sc.feasible);
  std::string said;
  const BindingElement* cv = nullptr;
  for (const BindingElement& b : sc.binding) {
    said += b.element + ": " + b.detail + "\n";
    if (b.element == "controlValve 'cv_damghan_sari' flow below its flowMin") cv = &b;
  }
  ASSERT_NE(cv, nullptr) << said;
  EXPECT_NE(cv->detail.find(" mcm/d outside [0.00, 240.00] mcm/d (0 degC)"), std::string::npos)
      << cv->detail;
  EXPECT_EQ(cv->detail.rfind("-6.", 0), 0u) << cv->detail;
  // At its bound to the solution's resolution it does not bind: 227.626086 less at each left
  // the regulator -2.1e-7 kg/s, "-0.00 mcm/d outside [0.00, 240.00]".
  CorridorReport at;
  Diagnostics da;
  ASSERT_TRUE(RunEditedBaseline("cv0",
                                {{R"(value="710.957834")", R"(value="483.331748")"},
                                 {R"(value="1633.742692")", R"(value="1406.116606")"}},
                                &at, &da)
                  .ok())
      << da.ToString();
  ASSERT_EQ(at.scenarios.size(), 1u);
  for (const BindingElement& b : at.scenarios[0].binding)
    EXPECT_EQ(b.element.find("cv_damghan_sari"), std::string::npos) << b.element << b.detail;
}

// Options that trace the operating policy's passes (ScenarioSummary::notes), with each
// pipe's gas or one gas in the pipes.
ScenarioOptions Traced(bool gas_per_arc) {
  ScenarioOptions o;
  o.trace = true;
  o.gas_per_arc = gas_per_arc;
  return o;
}

// The policy's passes among a traced scenario's notes, in order.
std::vector<std::string> PolicyPasses(const ScenarioSummary& sc) {
  std::vector<std::string> passes;
  for (const std::string& n : sc.notes)
    if (n.rfind("policy pass ", 0) == 0) passes.push_back(n);
  return passes;
}

// A level that ran a zone dry is not tried again. With the Saveh cut above, the Sarakhs
// entry's 69.96 bar maximum asks Mozdok's zone for less than Ardabil needs to stay fed
// (each pipe's own gas: the lighter Turkmen gas runs at higher pressure). The policy swung
// between converged levels and dry ones (19.9, 10.7, 15.3, 9.6, 12.5, 9.0 ... bar), used
// up its halvings and ended on a failed solve: "solver: infeasible ... at ir_ardabil_in".
// Bisecting between the last level that solved and the highest that failed ends on the
// lowest level that solves, where Sarakhs' bound and Ardabil's suction are judged.
TEST(ScenarioRun, ALevelThatRanAZoneDryIsNotTriedAgain) {
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunEditedBaseline("dry",
                                {{R"(value="710.957834")", R"(value="208.357834")"},
                                 {R"(value="1633.742692")", R"(value="1131.142692")"}},
                                &r, &d, Traced(true))
                  .ok())
      << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  const std::regex pass(R"(^policy pass \d+: ru_mozdok = ([0-9.]+) bar; (.*) -> (\w+))");
  double highest_dry = 0.0, last = 0.0;
  int passes = 0, dry = 0;
  for (const std::string& n : PolicyPasses(sc)) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(n, m, pass)) << n;
    // After the first pass only Mozdok's level moves (Ardabil's zone at its minimum).
    if (passes++ > 0) EXPECT_EQ(m[2].str(), "cs_ardabil=26.014") << n;
    last = std::stod(m[1].str());
    EXPECT_GT(last, highest_dry) << n;
    if (m[3].str() != "converged") {
      ++dry;
      highest_dry = std::max(highest_dry, last);
      EXPECT_TRUE(n.find("at node ir_ardabil_in") != std::string::npos ||
                  n.find("pipe 'p_chelavand_ardabil'") != std::string::npos)
          << n;
    }
  }
  ASSERT_GT(dry, 1);  // the bisection ran (a single failure would not show it)
  EXPECT_LE(passes, 31);  // (30 and one solving the last good levels again)
  EXPECT_EQ(sc.steady.verdict, Verdict::kConverged) << sc.FullReport(false);
  // The lowest level that solved, to the bracket (2 kPa).
  EXPECT_GT(last, highest_dry);
  EXPECT_LE(last - highest_dry, 0.02);
  bool sarakhs = false, suction = false;
  for (const BindingElement& b : sc.binding) {
    EXPECT_NE(b.element.rfind("solver:", 0), 0u) << b.element;
    const std::string said = b.element + " (" + b.detail + ")";
    sarakhs = sarakhs || (said.find("above its pressure limit (border_tm_ir_sarakhs") !=
                          std::string::npos);
    suction = suction || b.element == "Ardabil compressor suction below minimum";
  }
  EXPECT_TRUE(sarakhs) << sc.FullReport(false);
  EXPECT_TRUE(suction) << sc.FullReport(false);
  // The report says why Mozdok's level stops there, Sarakhs' bound violated.
  bool said = false;
  for (const std::string& n : sc.notes)
    said = said || (n.rfind("the operating policy ends on the last levels that solved "
                            "(ru_mozdok at ",
                            0) == 0 &&
                    n.find("at node ir_ardabil_in") != std::string::npos);
  EXPECT_TRUE(said) << sc.FullReport(false);
}

// A switch keeps the last levels that solved. With winter-peak's flows at 80 % and one gas
// in the pipes, the first move took Damghan's regulator to 34.9 bar and Ardabil's station
// to 26.0, below its suction: bypassed, and with it bypassed Sari ran dry at the same
// levels. A switch had discarded the levels that solved, so nothing was left to go back
// to, and the scenario ended "solver: infeasible ... below zero at node ir_sari".
TEST(ScenarioRun, ASwitchKeepsTheLevelsThatSolved) {
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunEditedScenario("cold80", "winter-peak", {}, 0.8, &r, &d, Traced(false)).ok())
      << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  const std::vector<std::string> passes = PolicyPasses(sc);
  const std::regex cv(R"(cv_damghan_sari=([0-9.]+))");
  bool recovered = false;
  for (std::size_t k = 1; k + 1 < passes.size(); ++k) {
    if (passes[k].find("below zero at node ir_sari") == std::string::npos) continue;
    // The pass before switched Ardabil's station off at the same levels ...
    EXPECT_NE(passes[k - 1].find("cs_ardabil="), std::string::npos) << passes[k - 1];
    EXPECT_EQ(passes[k].find("cs_ardabil="), std::string::npos) << passes[k];
    // ... and the next goes back toward the regulator's level that solved.
    std::smatch failed, next;
    ASSERT_TRUE(std::regex_search(passes[k], failed, cv)) << passes[k];
    ASSERT_TRUE(std::regex_search(passes[k + 1], next, cv)) << passes[k + 1];
    EXPECT_GT(std::stod(next[1].str()), std::stod(failed[1].str()) + 10.0) << passes[k + 1];
    recovered = true;
  }
  EXPECT_TRUE(recovered) << sc.FullReport(false);
  EXPECT_EQ(sc.steady.verdict, Verdict::kConverged) << sc.FullReport(false);
  EXPECT_TRUE(sc.feasible) << sc.FullReport(false);
}

// A policy whose halvings end within the bracket of a failed level solves the last levels
// that solved again and ends there. Winter-peak with Saveh's maximum at 50 bar (one gas)
// bisects Mozdok's level down toward where Sari runs dry (44.644 bar solved, 44.526 failed,
// then 44.585, 44.615, 44.629: within 2 kPa) and ended on the last failed solve before.
TEST(ScenarioRun, APolicyEndsOnTheLastLevelsThatSolved) {
  CorridorReport r;
  Diagnostics d;
  const std::string saveh = R"(<node type="entry" id="ir_saveh">)";
  ASSERT_TRUE(RunEditedScenario("saveh50", "winter-peak",
                                {{saveh, saveh + R"(<pressure bound="upper" value="50" )"
                                                 R"(unit="bar"/>)"}},
                                1.0, &r, &d, Traced(false))
                  .ok())
      << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  const std::vector<std::string> passes = PolicyPasses(sc);
  ASSERT_GE(passes.size(), 3u);
  const std::string& last = passes.back();
  ASSERT_NE(last.find("; the last levels that solved, again"), std::string::npos) << last;
  EXPECT_NE(last.find("-> converged"), std::string::npos) << last;
  // Its levels are those of the last pass that converged before it, and every pass between
  // failed.
  auto levels = [](const std::string& n) {
    const std::size_t colon = n.find(": "), arrow = n.find(" -> ");
    return n.substr(colon, arrow - colon);
  };
  std::size_t k = passes.size() - 2;
  while (k > 0 && passes[k].find("-> converged") == std::string::npos) --k;
  EXPECT_LT(k, passes.size() - 2);  // a failed pass before the restoring one
  EXPECT_EQ(levels(passes[k]), levels(last)) << passes[k] << "\n" << last;
  EXPECT_EQ(sc.steady.verdict, Verdict::kConverged) << sc.FullReport(false);
  for (const BindingElement& b : sc.binding) EXPECT_NE(b.element.rfind("solver:", 0), 0u);
  std::smatch level;
  ASSERT_TRUE(std::regex_search(last, level, std::regex(R"(ru_mozdok = ([0-9.]+) bar)")));
  const std::string note = fmt::format(
      "the operating policy ends on the last levels that solved (ru_mozdok at {} bar), "
      "solved again: its last move from them failed (ru_mozdok at ",
      level[1].str());
  EXPECT_NE(std::find_if(sc.notes.begin(), sc.notes.end(),
                         [&](const std::string& n) { return n.rfind(note, 0) == 0; }),
            sc.notes.end())
      << note << "\n" << sc.FullReport(false);
}

// Where even the last levels that solved fail once elements have switched, the verdict is
// that state's and the report says so: winter-peak at 130 % opens Damghan's regulator, and
// with it open Sari cannot be supplied with every level at its cap.
TEST(ScenarioRun, ALevelThatFailsOnceSwitchedIsSaid) {
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunEditedScenario("cold130", "winter-peak", {}, 1.3, &r, &d).ok())
      << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  EXPECT_EQ(sc.steady.verdict, Verdict::kInfeasible);
  EXPECT_EQ(sc.steady.limiting_node, "ir_sari");
  bool said = false;
  for (const std::string& n : sc.notes)
    said = said || (n.rfind("the operating policy's moves from the last levels that solved "
                            "(ru_mozdok at 54.950 bar) failed",
                            0) == 0 &&
                    n.find("and those levels fail too with the elements switched since") !=
                        std::string::npos);
  EXPECT_TRUE(said) << sc.FullReport(false);
}

// A state with a choked pipe solves the equations, but no more gas passes the pipe: the
// level that gave it ran the zone dry, and the policy goes back from it. Winter-peak at
// 120 % of its flows moved Mozdok down to 52.973 bar, where Damghan-Sari chokes at Sari,
// and levelled from that state as from a good one, ending on it.
TEST(ScenarioRun, AChokedPipeMarksALevelTooLow) {
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunEditedScenario("cold120", "winter-peak", {}, 1.2, &r, &d, Traced(true)).ok())
      << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  const std::regex pass(R"(^policy pass \d+: ru_mozdok = ([0-9.]+) bar;.* -> (\w+))");
  double choked = 0.0;
  bool went_back = false;
  for (const std::string& n : PolicyPasses(sc)) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(n, m, pass)) << n;
    const double level = std::stod(m[1].str());
    if (choked > 0.0 && level > choked) went_back = true;
    if (n.find("cannot carry the flow") != std::string::npos) choked = level;
  }
  ASSERT_GT(choked, 0.0) << sc.FullReport(false);  // the case reaches a choked state
  EXPECT_TRUE(went_back) << sc.FullReport(false);
  EXPECT_EQ(sc.steady.verdict, Verdict::kConverged) << sc.FullReport(false);
  EXPECT_EQ(sc.steady.limiting_pressure, PressureLimit::kNone);
}

// The policy ends on a state that solves across the bundled scenarios' flows scaled from
// 60 to 120 %, with each pipe's gas and with one gas: a sweep of this grid found six runs
// of winter-peak ending "solver: infeasible" (80 % and 105 % with one gas, 115 % and 120 %
// with both) before the failed levels were bisected, a switch kept the levels that solved
// and a regulator was judged against its inlet after the move. (From 125 % winter-peak's
// Sari cannot be supplied at any level, and ru-10bcm and ru-55bcm fail with every level at
// its cap: those verdicts are the solver's, rightly.)
TEST(ScenarioRun, ScaledFlowsEndOnAStateThatSolves) {
  for (const char* scenario :
       {"baseline", "ru-phase1", "winter-peak", "swap-contract", "swap-stopped"})
    for (const double factor : {0.6, 0.8, 1.05, 1.15, 1.2})
      for (const bool per_arc : {true, false}) {
        SCOPED_TRACE(fmt::format("{} x {} {}", scenario, factor,
                                 per_arc ? "each pipe's gas" : "one gas"));
        CorridorReport r;
        Diagnostics d;
        ScenarioOptions o;
        o.gas_per_arc = per_arc;
        ASSERT_TRUE(RunEditedScenario("scaled", scenario, {}, factor, &r, &d, o).ok())
            << d.ToString();
        ASSERT_EQ(r.scenarios.size(), 1u);
        const ScenarioSummary& sc = r.scenarios[0];
        EXPECT_EQ(sc.steady.verdict, Verdict::kConverged) << sc.steady.reason;
        for (const BindingElement& b : sc.binding) EXPECT_NE(b.element.rfind("solver:", 0), 0u);
      }
}

// A regulator opens when its zone asks for more than its inlet will have after the move.
// With winter-peak's flows at 105 % and one gas, Mozdok's zone asked for 52.41 bar and
// Sari's for 51.41 from the Damghan regulator, whose inlet was at 51.50 bar and fell to
// 50.15 with Mozdok: judged against the inlet before the move, the regulator stayed, could
// not reach its set-point, was levelled from (the equations solved), and the two swung so
// for all 30 passes, ending "solver: infeasible ... cannot reach its outlet pressure".
TEST(ScenarioRun, ARegulatorOpensWhereItsInletFallsBelowTheLevelAsked) {
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunEditedScenario("cold105", "winter-peak", {}, 1.05, &r, &d, Traced(false)).ok())
      << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  const std::vector<std::string> passes = PolicyPasses(sc);
  ASSERT_FALSE(passes.empty());
  EXPECT_LT(passes.size(), 20u) << passes.back();  // the levels settled
  EXPECT_EQ(passes.back().find("cv_damghan_sari="), std::string::npos) << passes.back();
  EXPECT_EQ(sc.steady.verdict, Verdict::kConverged) << sc.FullReport(false);
  // What binds is then said in the network's words: Sari below its minimum.
  bool sari = false;
  for (const BindingElement& b : sc.binding) {
    EXPECT_NE(b.element.rfind("solver:", 0), 0u) << b.element;
    sari = sari || b.detail.rfind("ir_sari ", 0) == 0;
  }
  EXPECT_TRUE(sari) << sc.FullReport(false);
}

// A pressure bound no level of the reference can meet does not pull the level down: the
// swap at 10 mcm/d with the Turkmen input raised to match (data/corridor/tools/
// swap10_sensitivity.py's swap10a) pushes the Turkmen side above its ratings at any level;
// the policy took that as a level of 1 bar, the pipes ran dry, and the run blamed Baku
// ("infeasible", the entry's level). Now the state solves and the ratings are named.
TEST(ScenarioRun, ABoundNoLevelCanMeetIsNamedNotChased) {
  CorridorReport r;
  Diagnostics d;
  const Status s =
      RunEditedBaseline("swap10a",
                        {{R"(value="986.979968")", R"(value="769.742852")"},    // az_sangachal
                         {R"(value="1633.742692")", R"(value="1561.330320")"},  // ir_saveh
                         {R"(value="477.715834")", R"(value="593.575629")"},    // tm_korpeje
                         {R"(value="716.573750")", R"(value="890.363443")"}},  // tm_dauletabad
                        &r, &d);
  ASSERT_TRUE(s.ok()) << s.ToString() << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& sc = r.scenarios[0];
  EXPECT_EQ(sc.verdict, "converged, limits violated");
  std::string said;
  for (const BindingElement& b : sc.binding) said += b.element + ": " + b.detail + "\n";
  for (const char* node : {"ir_khangiran", "border_tm_ir_sarakhs", "tm_dauletabad"})
    EXPECT_NE(said.find(fmt::format("above its pressure limit: {} ", node)), std::string::npos)
        << node << "\n" << said;
  EXPECT_EQ(said.find("solver:"), std::string::npos) << said;
  EXPECT_EQ(said.find("az_baku"), std::string::npos) << said;
  // Korpeje's units run past their top speed (15 794 of 11 600 rpm) with surge the worst
  // limit: the efficiency is the map's extrapolated, and said so (it read "map").
  bool korpeje = false;
  for (const StationCheck& st : sc.stations) {
    if (st.id != "cs_korpeje") continue;
    korpeje = true;
    EXPECT_EQ(st.efficiency_source.rfind("map extrapolated past its top speed (n = ", 0), 0u)
        << st.efficiency_source;
    EXPECT_TRUE(st.beyond_top_speed);  // (the flag the report's limit words read)
  }
  EXPECT_TRUE(korpeje);
}

// Regression: a bad number in a scenario file stopped the checks against the network for it,
// so that an unknown node on another line went unsaid (`corridor check` lists both). Now
// the file is checked as read, without follow-on findings from the refused value (the
// balance it leaves unknown), and its note comes once.
TEST(ScenarioRun, ABadNumberDoesNotHideTheNominationsOtherErrors) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_bad_number", false);
  std::string scn;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/scenarios/baseline.scn", &scn).ok());
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{R"(id="ru_aksai")", R"(id="ru_aksaiX")"},
        {R"(value="986.979968")", R"(value="abc")"}}) {
    const std::size_t at = scn.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    scn.replace(at, from.size(), to);
  }
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/baseline.scn").string(), scn).ok());
  const std::string text = R"({
  "scenarios": {
    "baseline": {"file": "scenarios/baseline.scn"}
  }
}
)";
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, text, &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  const std::string all = d.ToString();
  std::printf("%s", all.c_str());
  auto count = [&](const std::string& rule) { return RuleCount(d, rule); };
  EXPECT_EQ(count("not-a-number"), 1) << all;
  EXPECT_EQ(count("unknown-node"), 1) << all;
  EXPECT_NE(all.find("ru_aksaiX"), std::string::npos) << all;
  EXPECT_EQ(count("unbalanced-nomination"), 0) << all;  // unknown with a flow refused
  EXPECT_EQ(d.error_count(), 2u) << all;
  EXPECT_EQ(count("scenario-file"), 1) << all;
}

// A damaged annotations.json: every problem reported at once, each with its line and the
// element it concerns, and nothing run.
TEST(ScenarioRun, DamagedAnnotationsAreReportedWithLinesAndElements) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_annotations", false);
  const std::string text = R"({
  "format": "corridor-annotations",
  "scenarios": {
    "baseline": {"file": "scenarios/baseline.scn",
                 "russian_transit_bcm_y_20C": "two"},
    "winter": {"description": 7}
  },
  "nodes": {"az_baku": {"name": "Baku", "country": 31}},
  "compressor_stations": {"cs_gazimagomed": {"max_units_running": 0}},
  "contract_limits": {"node": "ir_rasht"},
  "format": "corridor-annotations"
}
)";
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, text, &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  // The five below, and what the checks after them find (they go on after an error in
  // annotations.json): the two scenario files this scratch case lacks, and the three
  // stations of corridor.cs without an entry.
  EXPECT_EQ(d.error_count(), 10u) << d.ToString();
  auto has = [&](int line, const std::string& what) {
    for (const Diagnostic& x : d.items())
      if (x.line == line && x.ToString().find(what) != std::string::npos) return true;
    return false;
  };
  // A wrong value's kind is said as every JSON reader says it (io::GotValue): "got a string
  // \"two\"", not "got string".
  EXPECT_TRUE(has(5, "scenario 'baseline': \"russian_transit_bcm_y_20C\" must be a number, got "
                     "a string \"two\" [wrong-type]"))
      << d.ToString();
  EXPECT_TRUE(has(6, "scenario 'winter': \"description\" must be a string, got an integer 7"))
      << d.ToString();
  EXPECT_TRUE(has(8, "node 'az_baku': \"country\" must be a string, got an integer 31"))
      << d.ToString();
  EXPECT_TRUE(has(9, "compressor station 'cs_gazimagomed': max_units_running must be at least "
                     "1, got 0 [out-of-range]"))
      << d.ToString();
  EXPECT_TRUE(has(10, "\"contract_limits\" must be an array, got an object of 1 member(s)"))
      << d.ToString();
  // "format" twice: a warning at the one that counts.
  EXPECT_TRUE(has(11, "/format: key \"format\" appears more than once in its object; the last "
                      "value counts [duplicate-key]"))
      << d.ToString();
}

// Origin groups that are there but wrong: refused with their lines, not silently dropped
// (which left the reports without origins).
TEST(ScenarioRun, BadOriginGroupsAreReportedNotDropped) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_scenario_groups", true);
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, R"({
  "scenarios": {"baseline": {"file": "scenarios/baseline.scn"}},
  "groups": {
    "Russia": ["nowhere"]
  }
}
)", &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  bool found = false;
  for (const Diagnostic& x : d.items())
    found = found || (x.rule == "unknown-source" && x.line == 4 &&
                      x.ToString().find("source 'nowhere' is not a node") != std::string::npos);
  EXPECT_TRUE(found) << d.ToString();
}

// The running units must be a configuration of the station's machines: 5 at Astara, whose
// .cs has configurations of 1 and 2 units, counted 18.7 MW of drives where there are 7.5.
TEST(ScenarioRun, UnitsRunningMustBeAConfigurationOfTheMachines) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_annotations_units5", true);
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, R"({
  "scenarios": {"baseline": {"file": "scenarios/baseline.scn"}},
  "compressor_stations": {"cs_astara": {"max_units_running": 5}}
}
)", &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_NE(d.ToString().find(":3: error: compressor station 'cs_astara': max_units_running 5 "
                              "is no configuration"),
            std::string::npos)
      << d.ToString();
  EXPECT_TRUE(r.scenarios.empty());
}

// Without corridor.cs no power can be checked: refused (every station read "ok" with a
// maximal power of 0).
TEST(ScenarioRun, AMissingStationFileIsRefused) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_no_cs", true);
  fs::remove(dir / "corridor.cs");
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(
      dir, R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}}})", &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_NE(d.ToString().find("corridor.cs: error: no compressor-station data (corridor.cs): "
                              "the stations' power cannot be checked [file-not-found]"),
            std::string::npos)
      << d.ToString();
}

// Keys the report cannot be right without are required: without "groups" the border flows
// went missing and the transit check was skipped (ru-phase1's headroom read 3.31 for 5.31
// bcm/y, exit 0); without "compressor_stations" every station counted one unit.
TEST(ScenarioRun, KeysTheReportNeedsAreRequired) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_missing_keys", true);
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(
      dir, R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}}})", &r, &d,
      {"baseline"}, /*add_required=*/false);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  std::vector<std::string> missing;
  for (const Diagnostic& x : d.items())
    if (x.rule == "missing-key") missing.push_back(x.message.substr(0, x.message.find(':')));
  EXPECT_EQ(missing, (std::vector<std::string>{"\"groups\" is missing",
                                               "\"border_points\" is missing",
                                               "\"compressor_stations\" is missing"}))
      << d.ToString();
  // `points`, the groups reader's other name for `border_points`, is taken for it (run
  // refused a file that track reads).
  {
    const fs::path dir_points = ScratchCase("corridor_points_alias", true);
    Diagnostics dp;
    (void)RunScratchCase(dir_points,
                         R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}},
  "points": []})",
                         &r, &dp, {"baseline"}, /*add_required=*/false);
    std::vector<std::string> without;
    for (const Diagnostic& x : dp.items())
      if (x.rule == "missing-key") without.push_back(x.message.substr(0, x.message.find(':')));
    EXPECT_EQ(without, (std::vector<std::string>{"\"groups\" is missing",
                                                 "\"compressor_stations\" is missing"}))
        << dp.ToString();
  }
  // A station of corridor.cs without an entry in compressor_stations likewise.
  const fs::path dir2 = ScratchCase("corridor_missing_station", true);
  Diagnostics d2;
  s = RunScratchCase(dir2, R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}},
  "compressor_stations": {"cs_gazimagomed": {"max_units_running": 2},
    "cs_astara": {"max_units_running": 2}, "cs_korpeje": {"max_units_running": 2}}})",
                     &r, &d2, {"baseline"});
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_NE(d2.ToString().find(":2: error: compressor station 'cs_ardabil': "
                               "\"compressor_stations\" has no entry for 'cs_ardabil'"),
            std::string::npos)
      << d2.ToString();
}

// A scenario's swap_fee is its swap's fee, and checked: 0.15, "x" and 1.5 on a scenario all
// printed "fee 25 %" (the swap's own). Baseline's input is 5.6877 mcm/d: at 15 % the
// obligation is 0.85 x 5.6877 = 4.8345 mcm/d.
TEST(ScenarioRun, AScenarioSwapFeeIsUsedAndChecked) {
  namespace fs = std::filesystem;
  std::string ann;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann).ok());
  const std::string fee = "\"swap_fee\": 0.25,";
  const std::size_t at = ann.find(fee, ann.find("\"baseline\": {"));
  ASSERT_NE(at, std::string::npos);
  const int line = 1 + static_cast<int>(std::count(ann.begin(), ann.begin() + at, '\n'));
  {
    std::string a = ann;
    a.replace(at, fee.size(), "\"swap_fee\": 0.15,");
    const fs::path dir = ScratchCase("corridor_swap_fee", true);
    CorridorReport r;
    Diagnostics d;
    ASSERT_TRUE(RunScratchCase(dir, a, &r, &d, {"baseline"}).ok()) << d.ToString();
    const std::string rep = r.scenarios.front().FullReport(false);
    EXPECT_NE(rep.find("Obligation         : 4.8345 mcm/d = (1 - 0.15) x input"),
              std::string::npos)
        << rep;
    // Its provenance is the scenario's too (the note named the file-wide swap.fee).
    EXPECT_NE(rep.find("note: swap fee 0.15 from annotations.json scenarios entry for "
                       "baseline.scn"),
              std::string::npos)
        << rep;
  }
  // Checked by the origin groups' reader, as the swap's own fee (`track` reads it too).
  for (const auto& [value, rule] : {std::pair<const char*, const char*>{"\"x\"", "bad-fee"},
                                    {"1.5", "bad-fee"}, {"-0.1", "bad-fee"}}) {
    std::string a = ann;
    a.replace(at, fee.size(), std::string("\"swap_fee\": ") + value + ",");
    const fs::path dir = ScratchCase("corridor_swap_fee_bad", true);
    CorridorReport r;
    Diagnostics d;
    EXPECT_EQ(RunScratchCase(dir, a, &r, &d, {"baseline"}).code(), Status::Code::kInvalidInput)
        << value;
    int found = 0;
    for (const Diagnostic& x : d.items())
      found += x.rule == rule && x.line == line && x.element == "scenario 'baseline'";
    EXPECT_EQ(found, 1) << value << "\n" << d.ToString();  // once: one reader checks it
  }
}

// An exit nominated negative injects: run converts its volume at the gas it injects (the
// sources' mean, gas of unknown origin as tracking counts it), as `track --local-density`
// does, not at the mix arriving there. Parchin lies on the line from Saveh, so the mix
// there holds Iranian gas (0.820 kg/m3) and differs from the injected gas.
TEST(ScenarioRun, AnExitNominatedNegativeInjectsTheGasTrackingGivesIt) {
  namespace fs = std::filesystem;
  std::string ann, scn;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann).ok());
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/scenarios/baseline.scn", &scn).ok());
  // Parchin 0 -> -100 x 1000 m3/h; Rasht takes the 100 more, so the volumes still balance.
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{
            "id=\"ir_parchin\">\n      <flow bound=\"both\" value=\"0.000000\"",
            "id=\"ir_parchin\">\n      <flow bound=\"both\" value=\"-100\""},
        {"value=\"734.656429\"", "value=\"834.656429\""}}) {
    const std::size_t at = scn.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    scn.replace(at, from.size(), to);
  }
  const fs::path dir = ScratchCase("corridor_negative_exit", false);
  ASSERT_TRUE(WriteFileAtomically((dir / "scenarios/baseline.scn").string(), scn).ok());
  CorridorReport r;
  Diagnostics d;
  ASSERT_TRUE(RunScratchCase(dir, ann, &r, &d, {"baseline"}).ok()) << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& s = r.scenarios[0];
  ASSERT_EQ(s.steady.verdict, Verdict::kConverged) << s.steady.reason;

  GasCase c;
  ASSERT_TRUE(LoadCorridorNetwork(CaseDir(), &c, &d).ok()) << d.ToString();
  const std::size_t parchin = *c.network.FindNode("ir_parchin");
  const double volume = 100.0 * units::kThousandM3PerHour;
  const double rho_run = s.solution.injection_kg_per_s[parchin] / volume;
  TrackingOptions to;
  TrackingSummary t;
  ASSERT_TRUE(TrackGas(c.network, s.solution.mass_flow_kg_per_s, s.solution.injection_kg_per_s,
                       GroupPerSource(c.network), to, &t)
                  .ok());
  double injected = 0.0;
  for (const InjectionPoint& p : t.points)
    if (p.node_index == parchin) injected = p.gas.norm_density_kg_per_m3;
  ASSERT_GT(injected, 0.0);
  const double mix = t.nodes[parchin].quality.norm_density_kg_per_m3;
  std::printf("  Parchin: run %.6f, injected gas %.6f, mix there %.6f kg/m3\n", rho_run,
              injected, mix);
  EXPECT_NEAR(rho_run, injected, 1e-9 * injected);
  EXPECT_GT(std::abs(mix - injected), 1e-3 * injected);  // the mix would be another mass
}

// annotations.json's "network" and "compressor_data" name the case's files (they were
// documented but corridor.net and corridor.cs were hardcoded): a renamed .cs named there is
// read, and a named file that is not there is an error.
TEST(ScenarioRun, TheAnnotatedFilesAreTheOnesRead) {
  namespace fs = std::filesystem;
  const std::string scn = R"({"scenarios": {"baseline": {"file": "scenarios/baseline.scn"}}, )";
  {
    const fs::path dir = ScratchCase("corridor_files_renamed", true);
    fs::rename(dir / "corridor.cs", dir / "machines.cs");
    CorridorReport r;
    Diagnostics d;
    Status s = RunScratchCase(dir, scn + R"("compressor_data": "machines.cs"})", &r, &d,
                              {"baseline"});
    EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << d.ToString();
  }
  {
    const fs::path dir = ScratchCase("corridor_files_missing", true);
    CorridorReport r;
    Diagnostics d;
    Status s = RunScratchCase(dir, scn + R"("network": "other.net"})", &r, &d, {"baseline"});
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(r.scenarios.empty());
    EXPECT_NE(d.ToString().find("other.net: error: no such file [file-not-found]"),
              std::string::npos)
        << d.ToString();
  }
}

// A border point's positive_arc_flow must agree with the countries of its arc's ends:
// "IR->AZ" on p_astara_interconnector (from az_astara_cs_out, AZ, to ir_astara, IR) printed
// AZ->IR +4.266 where the gas flows IR->AZ.
TEST(ScenarioRun, ABorderDirectionAgainstTheNodesCountriesIsRefused) {
  namespace fs = std::filesystem;
  std::string ann;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann).ok());
  const std::string right = "\"positive_arc_flow\": \"AZ->IR\"";
  const auto at = ann.find(right);
  ASSERT_NE(at, std::string::npos);
  ann.replace(at, right.size(), "\"positive_arc_flow\": \"IR->AZ\"");
  const int line = 1 + static_cast<int>(std::count(ann.begin(), ann.begin() + at, '\n'));
  const fs::path dir = ScratchCase("corridor_border_direction", true);
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, ann, &r, &d, {"baseline"});
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  bool found = false;
  for (const Diagnostic& x : d.items())
    found = found || (x.rule == "direction-mismatch" && x.element == "border point "
                      "'bp_az_ir_astara'" && x.line > 0 && x.line < line &&
                      x.message.find("goes IR->AZ") != std::string::npos);
  EXPECT_TRUE(found) << d.ToString();
  EXPECT_EQ(d.error_count(), 1u) << d.ToString();  // the other three points agree
}

// A scenario's Russian transit must be what its nomination sends across the RU->AZ border:
// 2.0 beside a nomination of none printed "transit nominated: 2.00" and a headroom 2 bcm/y
// too high.
TEST(ScenarioRun, ATransitTheNominationDoesNotSendIsRefused) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_transit", true);
  std::string ann;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann).ok());
  const std::string zero = R"("russian_transit_bcm_y_20C": 0.0,)";
  const std::size_t at = ann.find(zero, ann.find(R"("baseline": {)"));
  ASSERT_NE(at, std::string::npos);
  ann.replace(at, zero.size(), R"("russian_transit_bcm_y_20C": 2.0,)");
  const std::size_t line = std::count(ann.begin(), ann.begin() + at, '\n') + 1;
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, ann, &r, &d, {"baseline"});
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_TRUE(r.scenarios.empty());
  EXPECT_NE(d.ToString().find(fmt::format(
                ":{}: error: scenario 'baseline': russian_transit_bcm_y_20C is 2.000, but the "
                "nomination scenarios/baseline.scn sends 0.000 bcm/y (20 degC)",
                line)),
            std::string::npos)
      << d.ToString();
}

// A nomination outside its node's flow bounds: its warning is printed and the bound is a
// violated limit (ru-55bcm's Mozdok entry passed its flowMax unsaid).
TEST(ScenarioRun, ANominationBeyondItsFlowBoundIsALimit) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_flowmax", true);
  std::string net;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/corridor.net", &net).ok());
  const std::string rasht_max = R"(<flowMax value="3791.775" unit="1000m_cube_per_hour"/>)";
  const std::size_t at = net.find(rasht_max, net.find(R"(id="ir_rasht")"));
  ASSERT_NE(at, std::string::npos);
  net.replace(at, rasht_max.size(), R"(<flowMax value="700" unit="1000m_cube_per_hour"/>)");
  ASSERT_TRUE(WriteFileAtomically((dir / "corridor.net").string(), net).ok());
  std::string ann;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann).ok());
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, ann, &r, &d, {"baseline"});
  ASSERT_TRUE(s.ok()) << s.ToString() << d.ToString();
  bool warned = false;
  for (const Diagnostic& x : d.items())
    warned |= x.rule == "flow-outside-bounds" && x.element == "node 'ir_rasht'";
  EXPECT_TRUE(warned) << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  EXPECT_FALSE(r.scenarios[0].feasible);
  bool bound = false;
  for (const BindingElement& b : r.scenarios[0].binding)
    bound |= b.element.find("exit flow above its flowMax") != std::string::npos &&
             b.detail.find("ir_rasht") != std::string::npos;
  EXPECT_TRUE(bound) << r.scenarios[0].FullReport(false);
}

// A pipe above its pressureMax is a violated limit, as simulate judges it: the scenarios'
// checks passed every pipe's design pressure unread.
TEST(ScenarioRun, APipeAboveItsPressureMaxIsALimit) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_pipe_pressure_max", true);
  std::string net;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/corridor.net", &net).ok());
  const std::string design = R"(<pressureMax value="54.94982" unit="bar"/>)";
  const std::size_t at = net.find(design, net.find(R"(<pipe id="p_mozdok_aksai")"));
  ASSERT_NE(at, std::string::npos);
  net.replace(at, design.size(), R"(<pressureMax value="40" unit="bar"/>)");
  ASSERT_TRUE(WriteFileAtomically((dir / "corridor.net").string(), net).ok());
  std::string ann;
  ASSERT_TRUE(ReadFileToString(CaseDir() + "/annotations.json", &ann).ok());
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, ann, &r, &d, {"baseline"});
  ASSERT_TRUE(s.ok()) << s.ToString() << d.ToString();
  ASSERT_EQ(r.scenarios.size(), 1u);
  EXPECT_FALSE(r.scenarios[0].feasible);
  bool bound = false;
  for (const BindingElement& b : r.scenarios[0].binding)
    bound |= b.element == "pipe 'p_mozdok_aksai' above its pressureMax" &&
             b.detail.find("p_mozdok_aksai ") == 0 &&
             b.detail.find(" > 40.00 bar") != std::string::npos;
  EXPECT_TRUE(bound) << r.scenarios[0].FullReport(false);
}

// A unit count beyond int's range is refused as it stands, not wrapped to another number.
TEST(ScenarioRun, AHugeUnitCountIsRefusedNotWrapped) {
  namespace fs = std::filesystem;
  const fs::path dir = ScratchCase("corridor_annotations_units", false);
  CorridorReport r;
  Diagnostics d;
  Status s = RunScratchCase(dir, R"({
  "scenarios": {"baseline": {"file": "scenarios/baseline.scn"}},
  "compressor_stations": {"cs_gazimagomed": {"max_units_running": 4294967297}}
}
)", &r, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
  EXPECT_NE(d.ToString().find(":3: error: compressor station 'cs_gazimagomed': "
                              "max_units_running must be at most 1000, got 4294967297"),
            std::string::npos)
      << d.ToString();
}

}  // namespace
}  // namespace corridor
