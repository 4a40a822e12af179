// Tracking on solved steady states: GasLib-40, GasLib-135, GasLib-582 and the corridor case.
// Skips (saying what is missing) when the shared data is absent or the steady solver does not
// converge on a case: tracking needs a solved state.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "corridor/io.h"
#include "corridor/steady.h"
#include "corridor/tracking.h"
#include "test_util.h"
#include "tracking/nomination_density.h"

namespace corridor {
namespace {

struct Solved {
  GasCase c;
  SteadySolution sol;
  SteadySummary sum;
  std::string failure;  // non-empty: why the case could not be solved (a test failure)
};

Solved Solve(const std::vector<std::string>& files, const SteadyOptions& opt = SteadyOptions()) {
  Solved s;
  for (const auto& f : files)
    if (!std::filesystem::exists(f)) {
      s.failure = "missing file " + f;
      return s;
    }
  Diagnostics d;
  Status st = LoadCase(files, &s.c, &d);
  if (!st.ok()) {
    s.failure = "case does not load: " + st.ToString() + "\n" + d.ToString();
    return s;
  }
  st = SimulateSteady(s.c, opt, &s.sol, &s.sum);
  if (!st.ok()) {
    s.failure = "SimulateSteady failed: " + st.ToString();
    return s;
  }
  if (s.sum.verdict != Verdict::kConverged)
    s.failure = std::string("the steady solver did not converge (") + VerdictName(s.sum.verdict) +
             ": " + s.sum.reason + "): nothing to track yet";
  return s;
}

void CheckConservation(const TrackingSummary& t, const SteadySummary& ss, const char* name) {
  std::printf("  %s: %zu injection points, %d nodes without gas, max |sum shares - 1| = %.3g "
              "(node %s), energy in %.3f MW, relative imbalance %.3g (solver mass imbalance "
              "%.3g kg/s)\n",
              name, t.points.size(), t.nodes_without_gas, t.max_share_sum_error,
              t.worst_share_node.c_str(), t.energy_in_W * 1e-6, t.energy_imbalance_relative,
              ss.max_mass_imbalance_kg_per_s);
  // Shares sum to 1 to round-off (measured up to 4.4e-16); the energy balance follows the
  // solver's own mass balance, 1e-9 kg/s here (measured up to 1.3e-13 relative, GasLib-4197).
  EXPECT_LE(t.max_share_sum_error, 1e-13);
  EXPECT_LE(t.energy_imbalance_relative, 1e-12);
  double worst = 0.0;
  for (const NodeGas& g : t.nodes) {
    if (!g.has_gas) continue;
    double sum = 0.0;
    for (double x : g.group_share) {
      EXPECT_GE(x, -1e-12);
      sum += x;
    }
    worst = std::max(worst, std::abs(sum - 1.0));
  }
  EXPECT_LE(worst, 1e-12);
}

// The mixing rule itself, node by node, from the flows (GasLib-40's and GasLib-135's sources
// all give one gas, so the shares' sum and the energy balance alone would pass any rule,
// helper-293): at a node with gas, what each group brings in through the arcs that flow into
// it (their upstream node's share) and through its own injection is its share of the
// throughflow. Nodes fed from a node without gas are left out (their count is printed).
void CheckMixing(const Network& net, const std::vector<double>& flow,
                 const std::vector<double>& injection, const OriginGroups& groups,
                 const TrackingSummary& t, const char* name) {
  const std::size_t ng = t.group_names.size();
  auto group_index = [&](const std::string& node_id) {
    const auto named = groups.group_of.find(node_id);
    const std::string& g = named != groups.group_of.end() ? named->second
                                                          : TrackingOptions().unassigned_group_name;
    return static_cast<std::size_t>(
        std::find(t.group_names.begin(), t.group_names.end(), g) - t.group_names.begin());
  };
  std::vector<std::vector<double>> in(net.nodes.size(), std::vector<double>(ng, 0.0));
  std::vector<char> unfed(net.nodes.size(), 0);
  for (std::size_t a = 0; a < net.arcs.size(); ++a) {
    if (flow[a] == 0.0) continue;
    const std::size_t u = flow[a] > 0.0 ? net.arcs[a].from_index : net.arcs[a].to_index;
    const std::size_t v = flow[a] > 0.0 ? net.arcs[a].to_index : net.arcs[a].from_index;
    if (!t.nodes[u].has_gas) {
      unfed[v] = 1;
      continue;
    }
    for (std::size_t g = 0; g < ng; ++g) in[v][g] += std::abs(flow[a]) * t.nodes[u].group_share[g];
  }
  int checked = 0, left_out = 0;
  double worst = 0.0;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) {
    if (!t.nodes[v].has_gas) continue;
    if (unfed[v]) {
      ++left_out;
      continue;
    }
    if (injection[v] > 0.0) {
      const std::size_t g = group_index(net.nodes[v].id);
      ASSERT_LT(g, ng) << net.nodes[v].id;
      in[v][g] += injection[v];
    }
    const double through = t.nodes[v].throughflow_kg_per_s;
    for (std::size_t g = 0; g < ng; ++g) {
      const double dev = std::abs(through * t.nodes[v].group_share[g] - in[v][g]);
      worst = std::max(worst, dev / std::max(through, 1e-300));
      EXPECT_LE(dev, 1e-12 * through + 1e-15)
          << name << ": node " << net.nodes[v].id << " group " << t.group_names[g];
    }
    ++checked;
  }
  std::printf("  %s: mixing checked at %d nodes (%d fed from a node without gas left out), "
              "worst %.3g of the throughflow\n",
              name, checked, left_out, worst);
  EXPECT_GT(checked, 0);
}

SteadyOptions Tight() {
  SteadyOptions o;
  o.mass_tolerance_kg_per_s = 1e-9;  // tracking's balances reflect the solver's imbalance
  return o;
}

void RunGasLib(const std::string& dir, const std::string& net, const std::string& scn) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/" + dir + "/";
  Solved s = Solve({d + net, d + scn}, Tight());
  if (!s.failure.empty()) FAIL() << dir << ": " << s.failure;
  TrackingSummary t;
  Status st = TrackGas(s.c.network, s.sol.mass_flow_kg_per_s, s.sol.injection_kg_per_s,
                       GroupPerSource(s.c.network), TrackingOptions(), &t);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckConservation(t, s.sum, dir.c_str());
  CheckMixing(s.c.network, s.sol.mass_flow_kg_per_s, s.sol.injection_kg_per_s,
              GroupPerSource(s.c.network), t, dir.c_str());
}

TEST(TrackingCases, GasLib40) { RunGasLib("GasLib-40", "GasLib-40.net", "GasLib-40.scn"); }
TEST(TrackingCases, GasLib135) { RunGasLib("GasLib-135", "GasLib-135.net", "GasLib-135.scn"); }
TEST(TrackingCases, GasLib582) {
  RunGasLib("GasLib-582", "GasLib-582-v2.net", "nomination_cold_5.scn");
}

// GasLib-4197 has exits with negative withdrawals: they inject gas of unknown origin.
TEST(TrackingCases, GasLib4197) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-4197/";
  Solved s = Solve({d + "GasLib-4197.net", d + "nomination_mild_0006.scn"}, Tight());
  if (!s.failure.empty()) FAIL() << "GasLib-4197: " << s.failure;
  TrackingSummary t;
  ASSERT_TRUE(TrackGas(s.c.network, s.sol.mass_flow_kg_per_s, s.sol.injection_kg_per_s,
                       GroupPerSource(s.c.network), TrackingOptions(), &t)
                  .ok());
  CheckConservation(t, s.sum, "GasLib-4197");
  CheckMixing(s.c.network, s.sol.mass_flow_kg_per_s, s.sol.injection_kg_per_s,
              GroupPerSource(s.c.network), t, "GasLib-4197");
  int unassigned = 0;
  for (const auto& p : t.points) unassigned += p.group == "unassigned";
  std::printf("  %d injection points of unknown origin (exits fed in)\n", unassigned);
  // docs/tracking.md: 39 injection points, 33 of them exits with negative withdrawals,
  // 584 nodes without flow (only printed before: an audit's finding).
  EXPECT_EQ(t.points.size(), 39u);
  EXPECT_EQ(unassigned, 33);
  EXPECT_EQ(t.nodes_without_gas, 584);
}

// The hydraulics <-> mixing loop reaches its fixed point on GasLib-40.
TEST(TrackingCases, OuterLoopGasLib40) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string d = test::GasLibDir() + "/GasLib-40/";
  Solved probe = Solve({d + "GasLib-40.net", d + "GasLib-40.scn"});
  if (!probe.failure.empty()) FAIL() << probe.failure;
  TrackSteadyOptions o;
  o.steady = Tight();
  SteadySolution sol;
  SteadySummary ss;
  TrackingSummary t;
  ASSERT_TRUE(TrackSteady(probe.c, GroupPerSource(probe.c.network), o, &sol, &ss, &t).ok());
  ASSERT_EQ(ss.verdict, Verdict::kConverged) << ss.reason;
  std::printf("  outer iterations %d, trace:", t.outer_iterations);
  for (double x : t.outer_trace) std::printf(" %.3g", x);
  std::printf("\n");
  EXPECT_TRUE(t.outer_converged);
  EXPECT_GE(t.outer_iterations, 2);
  EXPECT_LT(t.outer_trace.back(), o.outer_tolerance);
  CheckConservation(t, ss, "GasLib-40 coupled");
  CheckMixing(probe.c.network, sol.mass_flow_kg_per_s, sol.injection_kg_per_s,
              GroupPerSource(probe.c.network), t, "GasLib-40 coupled");
}

// A small GasLib case written here: sources S1 (0.73 kg/m3) and S3 (0.778 kg/m3) feed J, S3
// through the exit E1, which injects 50 (x 1000 m3/h, a negative withdrawal); J feeds the
// exit E2 (450) and the source S2 (0.82 kg/m3), nominated -100: it withdraws.
std::string SignsCaseNet() {
  auto source = [](const char* id, double rho, double M) {
    return fmt::format(R"(<source id="{}" x="0" y="0"><height value="0" unit="m"/>
<pressureMin unit="bar" value="1.01325"/><pressureMax unit="bar" value="100"/>
<flowMin unit="1000m_cube_per_hour" value="-2000"/><flowMax unit="1000m_cube_per_hour" value="2000"/>
<gasTemperature unit="Celsius" value="10"/><calorificValue unit="MJ_per_m_cube" value="40"/>
<normDensity unit="kg_per_m_cube" value="{}"/>
<coefficient-A-heatCapacity value="31.8251781464"/><coefficient-B-heatCapacity value="-0.00846800766885"/>
<coefficient-C-heatCapacity value="7.44647331885e-05"/><molarMass unit="kg_per_kmol" value="{}"/>
<pseudocriticalPressure unit="bar" value="45.9"/><pseudocriticalTemperature unit="K" value="190"/>
</source>
)",
                       id, rho, M);
  };
  auto sink = [](const char* id) {
    return fmt::format(R"(<sink id="{}" x="0" y="0"><height value="0" unit="m"/>
<pressureMin unit="bar" value="1.01325"/><pressureMax unit="bar" value="100"/>
<flowMin unit="1000m_cube_per_hour" value="-2000"/><flowMax unit="1000m_cube_per_hour" value="2000"/>
</sink>
)",
                       id);
  };
  auto pipe = [](const char* id, const char* from, const char* to) {
    return fmt::format(R"(<pipe id="{}" from="{}" to="{}">
<flowMin unit="1000m_cube_per_hour" value="-5000"/><flowMax unit="1000m_cube_per_hour" value="5000"/>
<length unit="km" value="50"/><diameter unit="mm" value="900"/><roughness unit="mm" value="0.1"/>
<pressureMax unit="bar" value="200"/><heatTransferCoefficient unit="W_per_m_square_per_K" value="2"/>
</pipe>
)",
                       id, from, to);
  };
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<network xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://gaslib.zib.de/Gas" xmlns:framework="http://gaslib.zib.de/Framework">
<framework:information><framework:title>signs</framework:title><framework:type>gas</framework:type></framework:information>
<framework:nodes>
)" + source("S1", 0.73, 16.3) +
         source("S2", 0.82, 18.3) + source("S3", 0.778, 17.4) +
         R"(<innode id="J" x="0" y="0"><height value="0" unit="m"/><pressureMin unit="bar" value="1.01325"/><pressureMax unit="bar" value="100"/></innode>
)" + sink("E1") + sink("E2") +
         "</framework:nodes>\n<framework:connections>\n" + pipe("pS1", "S1", "J") +
         pipe("pS3", "S3", "E1") + pipe("pE1", "E1", "J") + pipe("pS2", "J", "S2") +
         pipe("pE2", "J", "E2") + "</framework:connections>\n</network>\n";
}

std::string SignsCaseScn() {
  std::string s = R"(<?xml version="1.0" encoding="UTF-8"?>
<boundaryValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://gaslib.zib.de/Gas" xmlns:framework="http://gaslib.zib.de/Framework">
<scenario id="signs">
)";
  for (auto [id, type, q] : std::vector<std::tuple<const char*, const char*, int>>{
           {"S1", "entry", 300}, {"S3", "entry", 200}, {"S2", "entry", -100},
           {"E1", "exit", -50}, {"E2", "exit", 450}})
    s += fmt::format(R"(<node type="{}" id="{}"><flow bound="lower" value="{}" unit="1000m_cube_per_hour"/><flow bound="upper" value="{}" unit="1000m_cube_per_hour"/></node>
)",
                     type, id, q, q);
  return s + "</scenario>\n</boundaryValue>\n";
}

// With volumes at each node's own gas, every node's volume is its nomination whichever way it
// flows: the entry S2 nominated -100 withdraws the local mix (it was converted at its own
// gas, 0.82 kg/m3, and delivered 112 instead of 100), and the exit E1 nominated -50 injects
// gas of the sources' mean quality (it was converted at the local mix).
TEST(TrackingCases, LocalDensitiesFollowTheSignOfTheNomination) {
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(ReadGasLibNetworkFromString(SignsCaseNet(), "signs.net", &c.network, &d).ok())
      << d.ToString();
  Nomination nom;
  ASSERT_TRUE(ReadGasLibNominationFromString(SignsCaseScn(), "signs.scn", &nom, &d).ok())
      << d.ToString();
  c.nomination = nom;
  TrackSteadyOptions o;
  o.steady = Tight();
  o.steady.slacks = {{"S1", 80e5}};
  o.volumes_at_gas_density = true;
  SteadySolution sol;
  SteadySummary ss;
  TrackingSummary t;
  ASSERT_TRUE(TrackSteady(c, GroupPerSource(c.network), o, &sol, &ss, &t).ok());
  ASSERT_EQ(ss.verdict, Verdict::kConverged) << ss.reason;
  EXPECT_TRUE(t.outer_converged);
  auto withdrawn_m3_per_s = [&](const char* id) {
    const NodeGas& g = t.nodes[*c.network.FindNode(id)];
    return g.withdrawal_kg_per_s / g.quality.norm_density_kg_per_m3;
  };
  auto injected_m3_per_s = [&](const char* id) {
    for (const InjectionPoint& p : t.points)
      if (p.node_id == id) return p.mass_flow_kg_per_s / p.gas.norm_density_kg_per_m3;
    return 0.0;
  };
  const double per_1000m3_h = 1000.0 / 3600.0;
  EXPECT_NEAR(withdrawn_m3_per_s("S2"), 100 * per_1000m3_h, 1e-6 * 100 * per_1000m3_h);
  EXPECT_NEAR(withdrawn_m3_per_s("E2"), 450 * per_1000m3_h, 1e-6 * 450 * per_1000m3_h);
  EXPECT_NEAR(injected_m3_per_s("E1"), 50 * per_1000m3_h, 1e-6 * 50 * per_1000m3_h);
  EXPECT_NEAR(injected_m3_per_s("S3"), 200 * per_1000m3_h, 1e-6 * 200 * per_1000m3_h);
  CheckConservation(t, ss, "signs, local densities");
  auto one_density_note = [](const TrackingSummary& ts) {
    for (const std::string& n : ts.notes)
      if (n.find("became masses at one norm density") != std::string::npos) return n;
    return std::string();
  };
  EXPECT_EQ(one_density_note(t), "");
  // At one norm density (the entries' mean, (300 x 0.73 + 200 x 0.778) / 500 = 0.7492
  // kg/m3) S3's 200 became less mass than its own gas' 200: the volume tracked at its gas
  // is 200 x 0.7492 / 0.778 = 192.6, and a note says so (its 3.7 % is the largest).
  o.volumes_at_gas_density = false;
  ASSERT_TRUE(TrackSteady(c, GroupPerSource(c.network), o, &sol, &ss, &t).ok());
  ASSERT_EQ(ss.verdict, Verdict::kConverged) << ss.reason;
  const double rho = (300 * 0.73 + 200 * 0.778) / 500;
  EXPECT_NEAR(injected_m3_per_s("S3"), 200 * rho / 0.778 * per_1000m3_h, 1e-6);
  const std::string note = one_density_note(t);
  EXPECT_NE(note.find(fmt::format("the solve's {:.4f} kg/m3", rho)), std::string::npos) << note;
  EXPECT_NE(note.find(fmt::format("read up to {:+.1f} % off those nominated (S3: its gas "
                                  "0.7780 kg/m3",
                                  100 * (rho / 0.778 - 1))),
            std::string::npos)
      << note;
  // With S3 the pressure reference, nominated 20 where the rest needs it to inject 230, its
  // injection balances the rest, not its nomination: not judged (it was named, 5.8 % off, with
  // an injection made up from its 20); S1 is next.
  o.steady.slacks = {{"S3", 80e5}};
  for (NodeNomination& nn : c.nomination->nodes)
    if (nn.node_id == "S3") nn.flow_lower_m3_per_s = nn.flow_upper_m3_per_s = 20 * per_1000m3_h;
  ASSERT_TRUE(TrackSteady(c, GroupPerSource(c.network), o, &sol, &ss, &t).ok());
  ASSERT_EQ(ss.verdict, Verdict::kConverged) << ss.reason;
  const double rho20 = (300 * 0.73 + 20 * 0.778) / 320;
  const std::string next = one_density_note(t);
  EXPECT_EQ(next.find("(S3:"), std::string::npos) << next;
  EXPECT_NE(next.find(fmt::format("the solve's {:.4f} kg/m3", rho20)), std::string::npos) << next;
  EXPECT_NE(next.find(fmt::format("read up to {:+.1f} % off those nominated (S1: its gas "
                                  "0.7300 kg/m3",
                                  100 * (rho20 / 0.73 - 1))),
            std::string::npos)
      << next;
}

// The corridor case: origin mix at Astara and Rasht with Russian transit (ru-phase1), and
// the swap balance (swap-contract).
struct CorridorRun {
  Solved s;
  OriginGroups g;
  TrackingSummary t;
};

void RunCorridor(const std::string& scenario, CorridorRun* r) {
  const std::string dir = test::SourceDir() + "/data/corridor/";
  r->s = Solve({dir + "corridor.net", dir + "scenarios/" + scenario + ".scn"}, Tight());
  if (!r->s.failure.empty()) return;
  Diagnostics d;
  ASSERT_TRUE(ReadOriginGroups(dir + "annotations.json", r->s.c.network, GroupsReadOptions(),
                               &r->g, &d)
                  .ok())
      << d.ToString();
  // The bundled file reads without a finding (a key the reader did not know was warned
  // about in every run: the record of each origin's gas beside its composition).
  EXPECT_TRUE(d.items().empty()) << d.ToString();
  auto it = r->g.scenario_swap_input_m3_per_s.find(scenario + ".scn");
  if (r->g.swap && it != r->g.scenario_swap_input_m3_per_s.end())
    r->g.swap->input_m3_per_s = it->second;
  Status st = TrackGas(r->s.c.network, r->s.sol.mass_flow_kg_per_s, r->s.sol.injection_kg_per_s,
                       r->g, TrackingOptions(), &r->t);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

double ShareOf(const TrackingSummary& t, const Network& n, const std::string& node,
               const std::string& group) {
  auto k = std::find(t.group_names.begin(), t.group_names.end(), group) - t.group_names.begin();
  return t.nodes[*n.FindNode(node)].group_share[k];
}

TEST(TrackingCases, CorridorRussianPhase1) {
  CorridorRun r;
  RunCorridor("ru-phase1", &r);
  if (!r.s.failure.empty()) FAIL() << "corridor ru-phase1: " << r.s.failure;
  CheckConservation(r.t, r.s.sum, "corridor ru-phase1");
  std::printf("%s", r.t.FullReport(false).c_str());
  const Network& n = r.s.c.network;
  // Russian gas crosses at the Samur border; at Astara the AZ->IR flow carries Russian gas.
  const PointFlow* samur = nullptr;
  const PointFlow* astara = nullptr;
  for (const auto& p : r.t.accounting) {
    if (p.point.id == "bp_ru_az_samur") samur = &p;
    if (p.point.id == "bp_az_ir_astara") astara = &p;
  }
  ASSERT_NE(samur, nullptr);
  ASSERT_NE(astara, nullptr);
  EXPECT_GT(samur->mass_flow_kg_per_s, 0.0);
  EXPECT_NEAR(samur->group_mass_kg_per_s[0], samur->mass_flow_kg_per_s,
              1e-9 * samur->mass_flow_kg_per_s);  // only Russian gas north of the border
  EXPECT_GT(astara->mass_flow_kg_per_s, 0.0);        // net AZ->IR in this scenario
  // Russian gas delivered at Astara cannot exceed what entered at the border.
  EXPECT_LE(astara->group_mass_kg_per_s[0], samur->group_mass_kg_per_s[0] * (1 + 1e-12));
  const double ru_astara = ShareOf(r.t, n, "ir_astara", "Russia");
  const double ru_rasht = ShareOf(r.t, n, "ir_rasht", "Russia");
  std::printf("  Russian share at ir_astara %.4f, at ir_rasht %.4f\n", ru_astara, ru_rasht);
  EXPECT_GT(ru_astara, 0.0);
  EXPECT_GE(ru_rasht, 0.0);
  // All gas that reaches Iran from Azerbaijan crosses at Astara: the Russian gas delivered at
  // Iranian exits equals the Russian gas crossing there.
  double ru_iran = 0.0;
  for (std::size_t v = 0; v < n.nodes.size(); ++v)
    if (n.nodes[v].id.rfind("ir_", 0) == 0)
      ru_iran += r.t.nodes[v].withdrawal_kg_per_s * r.t.nodes[v].group_share[0];
  std::printf("  Russian gas: border %.6f kg/s, Astara %.6f kg/s, Iranian exits %.6f kg/s\n",
              samur->group_mass_kg_per_s[0], astara->group_mass_kg_per_s[0], ru_iran);
  EXPECT_NEAR(ru_iran, astara->group_mass_kg_per_s[0], 1e-9 * samur->mass_flow_kg_per_s);
  // Transit by origin: Russian gas into AZ at Samur - Russian gas out at Astara = Russian gas
  // delivered at the Azerbaijani exits (volumes at the Russian gas's norm density).
  const double rho_ru = n.nodes[*n.FindNode("ru_mozdok")].gas->norm_density_kg_per_m3;
  double ru_az = 0.0;
  for (std::size_t v = 0; v < n.nodes.size(); ++v)
    if (n.nodes[v].id.rfind("az_", 0) == 0)
      ru_az += r.t.nodes[v].withdrawal_kg_per_s * r.t.nodes[v].group_share[0] / rho_ru;
  const double kept = samur->group_volume_m3_per_s[0] - astara->group_volume_m3_per_s[0];
  std::printf("  Russian gas kept in AZ %.6f m3/s, delivered at AZ exits %.6f m3/s\n", kept, ru_az);
  EXPECT_NEAR(kept, ru_az, 1e-9 * samur->group_volume_m3_per_s[0]);
  const std::string transit = r.t.TransitTable();
  std::printf("%s", transit.c_str());
  EXPECT_NE(transit.find("Russia         AZ"), std::string::npos) << transit;
  // Rasht sees Russian gas exactly when gas runs from Chelavand towards Rasht.
  double to_rasht = 0.0;
  for (std::size_t a = 0; a < n.arcs.size(); ++a) {
    const Arc& arc = n.arcs[a];
    if (arc.from == "ir_chelavand" && arc.to == "ir_rasht") to_rasht += r.s.sol.mass_flow_kg_per_s[a];
    if (arc.to == "ir_chelavand" && arc.from == "ir_rasht") to_rasht -= r.s.sol.mass_flow_kg_per_s[a];
  }
  std::printf("  flow Chelavand -> Rasht %.4f kg/s\n", to_rasht);
  if (to_rasht > 1e-6)
    EXPECT_GT(ru_rasht, 0.0);
  else
    EXPECT_EQ(ru_rasht, 0.0);
}

// The corridor's ru-phase1 tracked with fuel given by hand, the pressure reference at `slack`
// (held at its pressure in the solve without fuel, `probe`).
struct FuelRun {
  Solved probe;
  SteadySolution sol;
  SteadySummary ss;
  TrackingSummary t;
  std::size_t slack = 0;  // the reference's node index
  std::string failure;    // non-empty: why there is no converged tracking (a test failure)
};

FuelRun TrackRuPhase1WithFuel(const std::string& slack, std::vector<StationFuel> fuel) {
  FuelRun r;
  const std::string dir = test::SourceDir() + "/data/corridor/";
  r.probe = Solve({dir + "corridor.net", dir + "scenarios/ru-phase1.scn"});
  if (!r.probe.failure.empty()) {
    r.failure = "corridor ru-phase1: " + r.probe.failure;
    return r;
  }
  Diagnostics d;
  OriginGroups g;
  if (Status s = ReadOriginGroups(dir + "annotations.json", r.probe.c.network,
                                  GroupsReadOptions(), &g, &d);
      !s.ok()) {
    r.failure = s.ToString();
    return r;
  }
  TrackSteadyOptions o;
  o.steady = Tight();
  r.slack = *r.probe.c.network.FindNode(slack);
  o.steady.slacks = {{slack, r.probe.sol.pressure_Pa[r.slack]}};
  o.tracking.fuel = std::move(fuel);
  if (Status st = TrackSteady(r.probe.c, g, o, &r.sol, &r.ss, &r.t); !st.ok())
    r.failure = st.ToString();
  else if (r.ss.verdict != Verdict::kConverged)
    r.failure = "not converged with fuel: " + r.ss.reason;
  return r;
}

std::string Lines(const std::vector<std::string>& notes) {
  return fmt::format("{}", fmt::join(notes, "\n"));
}

// Fuel on the corridor: Gazi-Magomed burns gas at its suction node az_hajigabul, whose mix is
// partly Russian in ru-phase1; Korpeje burns Turkmen gas at its entry. Energy in = delivered +
// fuel, and the fuel's origin follows the fuel node's mix.
// A summary returned from a function whose case is gone (an integrator's helper, a
// library user's audit): it kept a pointer to the network for its names, and its report
// read freed memory (valgrind). It now keeps the node ids themselves.
TEST(TrackingCases, TheSummaryOutlivesItsCase) {
  TrackingSummary kept;
  std::string while_alive;
  {
    CorridorRun r;
    RunCorridor("ru-phase1", &r);
    if (!r.s.failure.empty()) FAIL() << "corridor ru-phase1: " << r.s.failure;
    ASSERT_EQ(r.t.node_ids.size(), r.s.c.network.nodes.size());
    for (std::size_t v = 0; v < r.t.node_ids.size(); ++v)
      EXPECT_EQ(r.t.node_ids[v], r.s.c.network.nodes[v].id);
    while_alive = r.t.FullReport(false);
    kept = r.t;
  }
  EXPECT_EQ(kept.FullReport(false), while_alive);
  EXPECT_NE(while_alive.find("ir_astara"), std::string::npos) << while_alive;
  // Without ids, rows are named by position.
  kept.node_ids.clear();
  EXPECT_NE(kept.FullReport(false).find("#"), std::string::npos);
}

TEST(TrackingCases, CorridorFuelByOrigin) {
  const FuelRun r =
      TrackRuPhase1WithFuel("ir_saveh", {{"cs_gazimagomed", 0.3}, {"cs_korpeje", 0.8}});
  if (!r.failure.empty()) FAIL() << r.failure;
  const TrackingSummary& t = r.t;
  CheckConservation(t, r.ss, "corridor ru-phase1 with fuel");
  std::printf("%s", t.FuelTable().c_str());
  ASSERT_EQ(t.fuel.size(), 2u);
  EXPECT_EQ(t.fuel[0].fuel_node, "az_hajigabul");
  const double ru = ShareOf(t, r.probe.c.network, "az_hajigabul", "Russia");
  EXPECT_NEAR(t.fuel[0].group_mass_kg_per_s[0], 0.3 * ru, 1e-12);
  EXPECT_GT(t.fuel[0].group_mass_kg_per_s[0], 0.0);
  EXPECT_NEAR(t.fuel[1].group_mass_kg_per_s[1], 0.8, 1e-12);  // all Turkmen
  EXPECT_NEAR(t.group_mass_fuel_kg_per_s[0] + t.group_mass_fuel_kg_per_s[1] +
                  t.group_mass_fuel_kg_per_s[2] + t.group_mass_fuel_kg_per_s[3],
              1.1, 1e-12);
  // The slack supplied the fuel: its injection grew by 1.1 kg/s, and a note says so.
  EXPECT_NEAR(r.sol.injection_kg_per_s[r.slack] - r.probe.sol.injection_kg_per_s[r.slack], 1.1,
              1e-6);
  EXPECT_NE(std::find(t.notes.begin(), t.notes.end(),
                      "fuel 1.1 kg/s in all, supplied by the pressure reference: ir_saveh +1.1 "
                      "kg/s"),
            t.notes.end())
      << Lines(t.notes);
}

// A pressure reference that is an exit supplies the fuel by delivering less than its
// nomination: the notes say how much less (it read as the delivery, with nothing said).
TEST(TrackingCases, FuelFromAnExitReferenceIsAShortfallSaid) {
  const FuelRun r = TrackRuPhase1WithFuel("ir_qazvin", {{"cs_korpeje", 5.0}});
  if (!r.failure.empty()) FAIL() << r.failure;
  const double nominated = -r.probe.sol.injection_kg_per_s[r.slack];
  ASSERT_GT(nominated, 5.0);
  EXPECT_NEAR(-r.sol.injection_kg_per_s[r.slack], nominated - 5.0, 1e-6);
  const std::string want = fmt::format(
      "fuel 5 kg/s in all, supplied by the pressure reference: ir_qazvin +5 kg/s (it withdraws: "
      "it delivers {:.6g} kg/s, {:.3g} % less than the {:.6g} kg/s of the nomination)",
      nominated - 5.0, 500.0 / nominated, nominated);
  EXPECT_NE(std::find(r.t.notes.begin(), r.t.notes.end(), want), r.t.notes.end())
      << want << "\n" << Lines(r.t.notes);
  // The same where the reference is the station's own fuel node (cs_gazimagomed draws at
  // az_hajigabul): its net injection does not move, and the note was missing (a review's
  // probe).
  const FuelRun h = TrackRuPhase1WithFuel("az_hajigabul", {{"cs_gazimagomed", 0.3}});
  if (!h.failure.empty()) FAIL() << h.failure;
  const double hn = -h.probe.sol.injection_kg_per_s[h.slack];
  ASSERT_GT(hn, 0.3);
  const std::string said = fmt::format(
      "fuel 0.3 kg/s in all, supplied by the pressure reference: az_hajigabul +0.3 kg/s (it "
      "withdraws: it delivers {:.6g} kg/s, {:.3g} % less than the {:.6g} kg/s of the "
      "nomination)",
      hn - 0.3, 30.0 / hn, hn);
  EXPECT_NE(std::find(h.t.notes.begin(), h.t.notes.end(), said), h.t.notes.end())
      << said << "\n" << Lines(h.t.notes);
}

// The coupled outer loop solves with the gas the solver mixed from the sources, calorific
// value included: running stations burn what SimulateSteady has them burn, up to the
// coupling's small change of molar mass. It used to hand the solver the options' default
// 36.45 MJ/m3 from its second pass (the corridor's sources give 41.34): 12.7 % more fuel.
TEST(TrackingCases, CoupledTrackingBurnsTheSolversFuel) {
  const std::string dir = test::SourceDir() + "/data/corridor/";
  Solved probe =
      Solve({dir + "corridor.net", dir + "scenarios/ru-phase1.scn", dir + "corridor.cs"});
  if (!probe.failure.empty()) FAIL() << "corridor ru-phase1: " << probe.failure;
  Diagnostics d;
  OriginGroups g;
  ASSERT_TRUE(ReadOriginGroups(dir + "annotations.json", probe.c.network, GroupsReadOptions(),
                               &g, &d).ok());
  SteadyOptions so;
  so.settings = {{"cs_ardabil", ElementMode::kRatio, 1.1}, {"cs_astara", ElementMode::kRatio, 1.1}};
  so.slacks = {{"ir_saveh", 50e5}};
  SteadySolution plain;
  SteadySummary plain_sum;
  ASSERT_TRUE(SimulateSteady(probe.c, so, &plain, &plain_sum).ok());
  ASSERT_EQ(plain_sum.verdict, Verdict::kConverged) << plain_sum.reason;
  ASSERT_GT(plain_sum.fuel_kg_per_s, 0.0);
  for (bool couple : {false, true}) {
    TrackSteadyOptions o;
    o.steady = so;
    o.couple_hydraulics = couple;
    SteadySolution sol;
    SteadySummary ss;
    TrackingSummary t;
    Status st = TrackSteady(probe.c, g, o, &sol, &ss, &t);
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_EQ(ss.verdict, Verdict::kConverged) << ss.reason;
    std::printf("coupled %d: fuel %.5f kg/s (simulate %.5f)\n", couple, ss.fuel_kg_per_s,
                plain_sum.fuel_kg_per_s);
    EXPECT_NEAR(ss.fuel_kg_per_s, plain_sum.fuel_kg_per_s, (couple ? 0.01 : 1e-9) *
                                                              plain_sum.fuel_kg_per_s);
  }
}

// track --gas-per-arc couples each arc's own gas, its upstream end's tracked mix, as the
// corridor scenarios do: the Russian line carries the Russian source's gas exactly, the
// Turkmen lines the Turkmen, the solve says how many arcs carry a gas of their own, and the
// state differs from the one-gas coupling's. Without the coupling, or under a law whose
// coefficients are one gas's, it is refused.
TEST(TrackingCases, EachArcCanCoupleItsOwnGas) {
  const std::string dir = test::SourceDir() + "/data/corridor/";
  Solved probe = Solve({dir + "corridor.net", dir + "scenarios/ru-phase1.scn"});
  if (!probe.failure.empty()) FAIL() << "corridor ru-phase1: " << probe.failure;
  Diagnostics d;
  OriginGroups g;
  ASSERT_TRUE(ReadOriginGroups(dir + "annotations.json", probe.c.network, GroupsReadOptions(),
                               &g, &d).ok());
  TrackSteadyOptions o;
  o.steady.slacks = {{"ir_saveh", 50e5}};
  SteadySolution one, own;
  SteadySummary one_sum, own_sum;
  TrackingSummary one_t, own_t;
  ASSERT_TRUE(TrackSteady(probe.c, g, o, &one, &one_sum, &one_t).ok());
  o.gas_per_arc = true;
  ASSERT_TRUE(TrackSteady(probe.c, g, o, &own, &own_sum, &own_t).ok());
  ASSERT_EQ(own_sum.verdict, Verdict::kConverged) << own_sum.reason;
  EXPECT_TRUE(own_t.outer_converged);
  EXPECT_NE(own_sum.model.find("arcs carry a gas of their own"), std::string::npos)
      << own_sum.model;
  EXPECT_EQ(one_sum.model.find("arcs carry a gas of their own"), std::string::npos);
  const Network& n = probe.c.network;
  const std::size_t hajigabul = *n.FindNode("az_hajigabul");
  std::printf("Hajigabul: %.4f bar with one coupled gas, %.4f bar with each arc's own\n",
              one.pressure_Pa[hajigabul] / 1e5, own.pressure_Pa[hajigabul] / 1e5);
  EXPECT_GT(std::abs(own.pressure_Pa[hajigabul] - one.pressure_Pa[hajigabul]), 1e3);
  // The gases the last pass took, from the state it kept (the coupling's fixed point).
  const std::vector<ArcGas> gases = tracking_internal::TrackedArcGases(
      n, own.mass_flow_kg_per_s, own_t, 1e-9);
  ASSERT_EQ(gases.size(), n.arcs.size());
  auto source_m = [&](const char* id) {
    return probe.c.network.nodes[*n.FindNode(id)].gas->molar_mass_kg_per_mol;
  };
  EXPECT_NEAR(gases[*n.FindArc("p_mozdok_aksai")].molar_mass_kg_per_mol, source_m("ru_mozdok"),
              1e-12);
  EXPECT_NEAR(gases[*n.FindArc("p_dauletabad_border")].molar_mass_kg_per_mol,
              source_m("tm_dauletabad"), 1e-12);
  // Refused: without the coupling, and under the linear law.
  TrackSteadyOptions bad = o;
  bad.couple_hydraulics = false;
  EXPECT_NE(bad.Validate().message().find("gas_per_arc needs couple_hydraulics"),
            std::string::npos);
  bad = o;
  bad.steady.eos = EquationOfState::kLinear;
  EXPECT_NE(bad.Validate().message().find("gas_per_arc needs the standard pipe law and an "
                                          "equation of state that takes a gas's data"),
            std::string::npos)
      << bad.Validate().message();
}

// An arc's gas is its upstream end's; within the flow resolution its from node's (or its to
// node's where only that has gas), whatever the round-off's sign: the corridor's idle border
// pipe at +-1e-13 kg/s flipped between an end with gas and one without and never settled.
TEST(TrackingCases, AnArcWithoutFlowTakesOneEndsGasWhateverTheSign) {
  Network n;
  for (const char* id : {"A", "B", "C"}) {
    Node x;
    x.id = id;
    n.nodes.push_back(x);
  }
  for (const auto& [id, from, to] : {std::tuple{"AB", "A", "B"}, std::tuple{"CB", "C", "B"}}) {
    Arc a;
    a.id = id;
    a.kind = ArcKind::kPipe;
    a.from = from;
    a.to = to;
    n.arcs.push_back(a);
  }
  n.BuildIndex();
  TrackingSummary t;
  t.nodes.resize(3);
  t.nodes[0].has_gas = true;  // A: a gas; B: none; C: another gas
  t.nodes[0].quality.molar_mass_kg_per_mol = 0.016;
  t.nodes[2].has_gas = true;
  t.nodes[2].quality.molar_mass_kg_per_mol = 0.018;
  for (NodeGas* g : {&t.nodes[0], &t.nodes[2]}) {
    g->quality.pseudocritical_pressure_Pa = 46e5;
    g->quality.pseudocritical_temperature_K = 195.0;
  }
  for (const double round_off : {1e-13, -1e-13}) {
    const std::vector<ArcGas> g =
        tracking_internal::TrackedArcGases(n, {round_off, round_off}, t, 1e-9);
    ASSERT_EQ(g.size(), 2u);
    EXPECT_EQ(g[0].molar_mass_kg_per_mol, 0.016) << round_off;  // A's, whatever the sign
    EXPECT_EQ(g[1].molar_mass_kg_per_mol, 0.018) << round_off;  // C's
  }
  // Beyond the resolution the upstream end's: AB backwards comes from B, which has none.
  const std::vector<ArcGas> g = tracking_internal::TrackedArcGases(n, {-1.0, 1.0}, t, 1e-9);
  EXPECT_EQ(g[0].molar_mass_kg_per_mol, 0.0);
  EXPECT_EQ(g[1].molar_mass_kg_per_mol, 0.018);
  EXPECT_EQ(tracking_internal::ArcGasChange(g, g), 0.0);
  EXPECT_EQ(tracking_internal::ArcGasChange(g, {}), 1.0);
  std::vector<ArcGas> h = g;
  h[1].pseudocritical_temperature_K *= 1.001;
  EXPECT_NEAR(tracking_internal::ArcGasChange(g, h), 0.001 / 1.001, 1e-12);
}

TEST(TrackingCases, CorridorSwapContract) {
  CorridorRun r;
  RunCorridor("swap-contract", &r);
  if (!r.s.failure.empty()) FAIL() << "corridor swap-contract: " << r.s.failure;
  CheckConservation(r.t, r.s.sum, "corridor swap-contract");
  ASSERT_TRUE(r.t.swap.has_value());
  std::printf("%s", r.t.SwapReport().c_str());
  const SwapBalance& b = *r.t.swap;
  EXPECT_FALSE(b.input_from_flows);
  // annotations: Turkmen swap input 212.734142 (1000 m3/h), 75 % delivered at Astara.
  EXPECT_NEAR(b.input_m3_per_s, 212.734142 / 3.6, 1e-9);
  EXPECT_NEAR(b.obligation_m3_per_s, 0.75 * 212.734142 / 3.6, 1e-9);
  // The scenario nominates the delivery so that Iran meets its obligation: the physical IR->AZ
  // flow at Astara (converted with the mix's own norm density, while the solver converts the
  // nomination with one mean density) is within a few percent of it.
  std::printf("  delivered %.4f m3/s vs obligation %.4f m3/s\n", b.delivered_m3_per_s,
              b.obligation_m3_per_s);
  EXPECT_GT(b.delivered_m3_per_s, 0.0);
  EXPECT_NEAR(b.delivered_m3_per_s / b.obligation_m3_per_s, 1.0, 0.1);

  // With the nominated volumes converted at each node's own gas, normal volumes are conserved
  // and the physical delivery equals the nominated 159.550606 x 1000 m3/h = obligation.
  TrackSteadyOptions o;
  o.steady = Tight();
  const std::size_t saveh = *r.s.c.network.FindNode("ir_saveh");
  o.steady.slacks = {{"ir_saveh", r.s.sol.pressure_Pa[saveh]}};
  o.volumes_at_gas_density = true;
  SteadySolution sol;
  SteadySummary ss;
  TrackingSummary t;
  ASSERT_TRUE(TrackSteady(r.s.c, r.g, o, &sol, &ss, &t).ok());
  ASSERT_EQ(ss.verdict, Verdict::kConverged) << ss.reason;
  ASSERT_TRUE(t.swap.has_value());
  std::printf("  local densities: %d outer iterations, delivered %.6f m3/s vs obligation %.6f "
              "m3/s (nominated 159.550606 x 1000 m3/h = %.6f m3/s)\n",
              t.outer_iterations, t.swap->delivered_m3_per_s, t.swap->obligation_m3_per_s,
              159.550606 / 3.6);
  EXPECT_TRUE(t.outer_converged);
  EXPECT_NEAR(t.swap->delivered_m3_per_s, 159.550606 / 3.6, 1e-6 * 159.550606 / 3.6);
  CheckConservation(t, ss, "corridor swap-contract, local densities");
}

// TrackSteady runs under the scenario's own swap entry of the groups file, as `corridor
// track` does: the library took the file-wide swap (its input from the flows, 29.24 mcm/d,
// "swapper owes" 18.2 mcm/d) where the CLI took the scenario's 5.11 mcm/d, and an input
// beyond the nominated supply ran. A given input or fee wins over the scenario's.
TEST(TrackingCases, TrackSteadyTakesTheScenariosSwap) {
  const std::string dir = test::SourceDir() + "/data/corridor/";
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCase({dir + "corridor.net", dir + "corridor.cs",
                        dir + "scenarios/swap-contract.scn"},
                       &c, &d)
                  .ok())
      << d.ToString();
  OriginGroups g;
  ASSERT_TRUE(ReadOriginGroups(dir + "annotations.json", c.network, GroupsReadOptions(), &g, &d)
                  .ok())
      << d.ToString();
  const double own = g.scenario_swap_input_m3_per_s.at("swap-contract.scn");
  TrackSteadyOptions o;
  SteadySolution sol;
  SteadySummary ss;
  TrackingSummary t;
  ASSERT_TRUE(TrackSteady(c, g, o, &sol, &ss, &t).ok());
  ASSERT_TRUE(t.swap.has_value());
  EXPECT_FALSE(t.swap->input_from_flows);
  EXPECT_DOUBLE_EQ(t.swap->input_m3_per_s, own);
  // Given: the input and the fee in its place.
  o.swap.input_m3_per_s = 0.5 * own;
  o.swap.fee = 0.4;
  ASSERT_TRUE(TrackSteady(c, g, o, &sol, &ss, &t).ok());
  ASSERT_TRUE(t.swap.has_value());
  EXPECT_DOUBLE_EQ(t.swap->input_m3_per_s, 0.5 * own);
  EXPECT_NEAR(t.swap->obligation_m3_per_s, 0.6 * 0.5 * own, 1e-12);
  // Where the fee came from is said, as the input's is (it was said nowhere).
  EXPECT_NE(std::find(t.swap->notes.begin(), t.swap->notes.end(), "swap fee 0.4 from given"),
            t.swap->notes.end())
      << t.SwapReport();
  // Beyond what the nomination supplies at the swap's supplier: refused.
  SwapSpec swap;
  ASSERT_TRUE(SwapForNomination(g, *c.nomination, SwapGiven{}, &swap).ok());
  o.swap = SwapGiven{};
  o.swap.input_m3_per_s = 4.0 * NominatedSwapSupply(swap, g, *c.nomination);
  const Status refused = TrackSteady(c, g, o, &sol, &ss, &t);
  EXPECT_EQ(refused.code(), Status::Code::kInvalidArgument) << refused.ToString();
  EXPECT_NE(refused.message().find("[swap-exceeds-supply]"), std::string::npos)
      << refused.ToString();
  // A swap given where the groups define none.
  OriginGroups none = GroupPerSource(c.network);
  EXPECT_EQ(TrackSteady(c, none, o, &sol, &ss, &t).code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace corridor
