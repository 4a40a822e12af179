// TrackGas on hand-made flows: a hand-computed five-node case, a flow cycle through a
// compressor, tree vs meshed networks against an independent fixed-point iteration, fuel,
// negative withdrawals, nodes without gas, and two threads at once.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/tracking.h"
#include "tracking/tracking_test_util.h"

namespace corridor {
namespace {

using test::MakeGas;
using test::NetBuilder;

double Share(const TrackingSummary& s, const Network& n, const std::string& node,
             const std::string& group) {
  auto v = n.FindNode(node);
  auto g = std::find(s.group_names.begin(), s.group_names.end(), group);
  EXPECT_TRUE(v.has_value()) << node;
  EXPECT_NE(g, s.group_names.end()) << group;
  return s.nodes[*v].group_share[g - s.group_names.begin()];
}

// Conservation checks every test applies: shares sum to 1 at every node with gas, each
// origin's mass is conserved (in = delivered + fuel), energy in = out + fuel.
void ExpectConservation(const TrackingSummary& s, double tol_share = 1e-12,
                        double tol_energy = 1e-9) {
  double worst = 0.0;
  for (const NodeGas& g : s.nodes) {
    if (!g.has_gas) continue;
    double sum = 0.0;
    for (double x : g.group_share) sum += x;
    worst = std::max(worst, std::abs(sum - 1.0));
  }
  std::printf("  worst |sum of shares - 1| = %.3g; energy imbalance (relative) = %.3g\n",
              worst, s.energy_imbalance_relative);
  EXPECT_LE(worst, tol_share);
  EXPECT_NEAR(s.max_share_sum_error, worst, 1e-15);
  EXPECT_LE(s.energy_imbalance_relative, tol_energy);
  double total_in = 0.0;
  for (double m : s.group_mass_in_kg_per_s) total_in += m;
  for (std::size_t k = 0; k < s.group_names.size(); ++k)
    EXPECT_NEAR(s.group_mass_in_kg_per_s[k],
                s.group_mass_out_kg_per_s[k] + s.group_mass_fuel_kg_per_s[k],
                1e-9 * std::max(1.0, total_in))
        << "origin " << s.group_names[k];
}

// Five nodes, worked by hand.
//   Injections: A +10 kg/s (gas 1), B +8 kg/s (gas 2); withdrawals: D 6, E 12.
//   Flows: A->C 10, B->C 5, B->E 3, C->D 9, C->E 6, D->E 3 (arc "ED" is oriented E->D and
//   carries -3, to exercise the sign convention).
//   C = (10 A + 5 B)/15: A 2/3, B 1/3.   D = C (its only inflow).
//   E = (6 C + 3 B + 3 D)/12 = (4 A + 2 B + 3 B + 2 A + 1 B)/12 = A 1/2, B 1/2.
//   Gas 1: rho_n 0.8 kg/m3, CV 40 MJ/m3 (e = 50 MJ/kg), M 18 kg/kmol.
//   Gas 2: rho_n 0.7 kg/m3, CV 38.5 MJ/m3 (e = 55 MJ/kg), M 16 kg/kmol.
//   E: 1/rho = 0.5/0.8 + 0.5/0.7 = 75/56 -> rho = 56/75; e = 52.5 MJ/kg ->
//      CV = 56/75 * 52.5 = 39.2 MJ/m3; 1/M = 0.5/18 + 0.5/16 = 2125/36000 -> M = 36/2125.
//   D: 1/rho = (2/3)/0.8 + (1/3)/0.7 = 55/42 -> rho = 42/55; e = (2*50 + 55)/3 = 155/3 MJ/kg.
//   Energy: in 10*50 + 8*55 = 940 MW; out D 6*155/3 = 310 MW, E 12*52.5 = 630 MW.
TEST(TrackingCore, HandComputedFiveNodes) {
  Network n = NetBuilder()
                  .Source("A", MakeGas(0.8, 40e6, 0.018))
                  .Source("B", MakeGas(0.7, 38.5e6, 0.016))
                  .Inner("C")
                  .Sink("D")
                  .Sink("E")
                  .Pipe("AC", "A", "C")
                  .Pipe("BC", "B", "C")
                  .Pipe("BE", "B", "E")
                  .Pipe("CD", "C", "D")
                  .Pipe("CE", "C", "E")
                  .Pipe("ED", "E", "D")
                  .Build();
  std::vector<double> m = {10, 5, 3, 9, 6, -3};
  std::vector<double> inj = {10, 8, 0, -6, -12};
  OriginGroups g = GroupPerSource(n);
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  ExpectConservation(s);
  EXPECT_NEAR(Share(s, n, "C", "A"), 2.0 / 3.0, 1e-14);
  EXPECT_NEAR(Share(s, n, "D", "A"), 2.0 / 3.0, 1e-14);
  EXPECT_NEAR(Share(s, n, "E", "A"), 0.5, 1e-14);
  EXPECT_NEAR(Share(s, n, "E", "B"), 0.5, 1e-14);
  const NodeGas& e = s.nodes[*n.FindNode("E")];
  EXPECT_NEAR(e.quality.norm_density_kg_per_m3, 56.0 / 75.0, 1e-14);
  EXPECT_NEAR(e.quality.calorific_value_J_per_m3, 39.2e6, 1e-6);
  EXPECT_NEAR(e.quality.molar_mass_kg_per_mol, 36.0 / 2125.0, 1e-16);
  EXPECT_NEAR(e.quality.SpecificEnergy(), 52.5e6, 1e-6);
  const NodeGas& d = s.nodes[*n.FindNode("D")];
  EXPECT_NEAR(d.quality.norm_density_kg_per_m3, 42.0 / 55.0, 1e-14);
  EXPECT_NEAR(s.energy_in_W, 940e6, 1e-4);
  EXPECT_NEAR(s.energy_out_W, 940e6, 1e-4);
  EXPECT_EQ(s.points.size(), 2u);
  EXPECT_EQ(s.nodes_without_gas, 0);
  // The report tables name the exits and their energy.
  const std::string table = s.ExitTable();
  EXPECT_NE(table.find("E "), std::string::npos) << table;
  EXPECT_NE(table.find("630.00"), std::string::npos) << table;
  EXPECT_NE(table.find("310.00"), std::string::npos) << table;
}

// A -> C -> D, one source.
Network Line() {
  return NetBuilder()
      .Source("A", MakeGas(0.8, 40e6, 0.018))
      .Inner("C")
      .Sink("D")
      .Pipe("AC", "A", "C")
      .Pipe("CD", "C", "D")
      .Build();
}

// The Wobbe index against methane's at 0 degC (combustion and metering): superior calorific
// value 39.840 MJ/m3 and norm density 0.7175 kg/m3 (ISO 6976; relative density 0.555), Wobbe
// index 53.48 MJ/m3 (the density given, not derived from air's, so that a wrong air density
// fails). It was given nowhere, though it is the figure a gas-quality specification bounds.
TEST(TrackingCore, TheWobbeIndexIsMethanesAtItsDensity) {
  GasQuality methane;
  methane.calorific_value_J_per_m3 = 39.840e6;
  methane.norm_density_kg_per_m3 = 0.7175;
  EXPECT_NEAR(methane.WobbeIndex() / 1e6, 53.48, 0.02);
  GasQuality unknown;
  unknown.calorific_value_J_per_m3 = 39.840e6;
  EXPECT_EQ(unknown.WobbeIndex(), 0.0);
}

// A group named as gas of no group would merge with it in every balance: refused (a
// review's probe: 'unassigned' took the user's sources and the unknown origin together).
TEST(TrackingCore, AGroupNamedAsGasOfNoGroupIsRefused) {
  const Network n = Line();
  const std::vector<double> m = {1, 1}, inj = {1, 0, -1};
  OriginGroups g;
  g.names = {"unassigned"};
  g.group_of["A"] = "unassigned";
  TrackingSummary s;
  Status st = TrackGas(n, m, inj, g, TrackingOptions(), &s);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("a group is named 'unassigned'"), std::string::npos)
      << st.message();
  TrackingOptions other;
  other.unassigned_group_name = "no origin";
  EXPECT_TRUE(TrackGas(n, m, inj, g, other, &s).ok());
}

// A group's name heads its columns cut to 32 bytes in the middle: every row was padded to
// the longest name, and a source id of a megabyte made the report some 50 GB (helper-292).
TEST(TrackingCore, ALongGroupNameIsCutInTheTables) {
  const Network n = Line();
  const std::vector<double> m = {1, 1}, inj = {1, 0, -1};
  const std::string longest = "Russia_" + std::string(100000, 'x') + "_Gazprom_B";
  OriginGroups g;
  g.names = {longest};
  g.group_of["A"] = longest;
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  const std::string report = s.FullReport(false) + s.ExitTable() + s.TransitTable();
  std::size_t widest = 0;
  for (std::size_t a = 0, b; a < report.size(); a = b + 1) {
    b = report.find('\n', a);
    if (b == std::string::npos) b = report.size();
    widest = std::max(widest, b - a);
  }
  EXPECT_LT(widest, 300u);
  EXPECT_NE(report.find("Russia_xxxxxxxx..xxxxx_Gazprom_B"), std::string::npos) << report;
  EXPECT_EQ(s.group_names[0], longest);  // (the summary and the files keep it whole)
}

// An index that no longer matches the network is refused, as SolveSteady refuses it (it
// was tracked on the wrong topology: every arc's indices 0 gave OK and 9 nodes without gas).
TEST(TrackingCore, AStaleIndexIsRefused) {
  const Network n = Line();
  const std::vector<double> m = {1, 1}, inj = {1, 0, -1};
  const OriginGroups g = GroupPerSource(n);
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  Network stale = n;
  for (Arc& a : stale.arcs) a.from_index = a.to_index = 0;
  Status st = TrackGas(stale, m, inj, g, TrackingOptions(), &s);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("'AC' ('A' -> 'C') does not match the network index"),
            std::string::npos)
      << st.message();
  stale = n;
  std::swap(stale.nodes[0], stale.nodes[2]);  // edited, not re-indexed
  EXPECT_FALSE(TrackGas(stale, m, inj, g, TrackingOptions(), &s).ok());
}

// A recirculation loop through a compressor: S1 -> 1 -> (compressor) -> 2 -> 3 -> 1, with
// S2 injecting at 2 and the exit X behind 3.
//   Flows: S1->1 10, 1->2 15, 2->3 20, 3->1 5, 3->X 15; S2 injects 5 at node 2.
//   a = S1 share at 1, b = S1 share at 2 (= at 3):  15 a = 10 + 5 b,  20 b = 15 a
//   -> b = 3a/4, 11.25 a = 10 -> a = 8/9, b = 2/3; X receives all 10 kg/s of S1 gas.
TEST(TrackingCore, FlowCycleThroughCompressor) {
  NetBuilder b;
  b.Source("S1", MakeGas(0.8, 40e6, 0.018)).Source("S2", MakeGas(0.7, 38.5e6, 0.016));
  b.Inner("1").Inner("2").Inner("3").Sink("X");
  b.Pipe("p_s1", "S1", "1").Compressor("cs", "1", "2", "1");
  b.Pipe("p_s2", "S2", "2").Pipe("p23", "2", "3").Pipe("p31", "3", "1").Pipe("p3x", "3", "X");
  Network n = b.Build();
  std::vector<double> m = {10, 15, 5, 20, 5, 15};
  std::vector<double> inj = {10, 5, 0, 0, 0, -15};
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, GroupPerSource(n), TrackingOptions(), &s).ok());
  ExpectConservation(s);
  EXPECT_NEAR(Share(s, n, "1", "S1"), 8.0 / 9.0, 1e-14);
  EXPECT_NEAR(Share(s, n, "2", "S1"), 2.0 / 3.0, 1e-14);
  EXPECT_NEAR(Share(s, n, "3", "S1"), 2.0 / 3.0, 1e-14);
  EXPECT_NEAR(Share(s, n, "X", "S2"), 1.0 / 3.0, 1e-14);
}

// Fuel drawn at the station's fuelGasVertex, with the local mix; energy in = out + fuel.
TEST(TrackingCore, FuelByOriginAndEnergyBalance) {
  NetBuilder b;
  b.Source("S1", MakeGas(0.8, 40e6, 0.018)).Source("S2", MakeGas(0.7, 38.5e6, 0.016));
  b.Inner("1").Inner("2").Sink("X");
  b.Pipe("p1", "S1", "1").Pipe("p2", "S2", "1").Compressor("cs", "1", "2", "1");
  b.Pipe("p3", "2", "X");
  Network n = b.Build();
  // node 1 receives 6 + 4 = 10 kg/s, burns 0.2 as fuel, passes 9.8.
  std::vector<double> m = {6, 4, 9.8, 9.8};
  std::vector<double> inj = {6, 4, -0.2, 0, -9.8};
  TrackingOptions opt;
  opt.fuel = {{"cs", 0.2}};
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, GroupPerSource(n), opt, &s).ok());
  ExpectConservation(s);
  ASSERT_EQ(s.fuel.size(), 1u);
  EXPECT_EQ(s.fuel[0].fuel_node, "1");
  EXPECT_NEAR(s.fuel[0].group_mass_kg_per_s[0], 0.2 * 0.6, 1e-15);
  EXPECT_NEAR(s.fuel[0].group_mass_kg_per_s[1], 0.2 * 0.4, 1e-15);
  // fuel energy: 0.2 kg/s * (0.6 * 50 + 0.4 * 55) MJ/kg = 10.4 MW
  EXPECT_NEAR(s.energy_fuel_W, 10.4e6, 1e-6);
  EXPECT_NEAR(s.energy_in_W, 6 * 50e6 + 4 * 55e6, 1e-6);
  EXPECT_NE(s.FuelTable().find("cs"), std::string::npos);

  // Fuel at an entry (GasLib puts fuelGasVertex at entries): S supplies 10 kg/s, its
  // station burns 0.5 of it, 9.5 enter the pipe (net injection 9.5).
  //   energy in 10 x 50 = 500 MW = out 9.5 x 50 = 475 MW + fuel 0.5 x 50 = 25 MW.
  {
    NetBuilder b2;
    b2.Source("S", MakeGas(0.8, 40e6, 0.018)).Inner("o").Sink("X");
    b2.Compressor("cs", "S", "o", "S").Pipe("p", "o", "X");
    Network n2 = b2.Build();
    TrackingOptions o2;
    o2.fuel = {{"cs", 0.5}};
    TrackingSummary s2;
    ASSERT_TRUE(TrackGas(n2, {9.5, 9.5}, {9.5, 0, -9.5}, GroupPerSource(n2), o2, &s2).ok());
    ExpectConservation(s2);
    EXPECT_NEAR(s2.energy_in_W, 500e6, 1e-6);
    EXPECT_NEAR(s2.energy_out_W, 475e6, 1e-6);
    EXPECT_NEAR(s2.energy_fuel_W, 25e6, 1e-6);
    EXPECT_NEAR(s2.fuel[0].group_mass_kg_per_s[0], 0.5, 1e-15);
  }
  Status st;
  opt.fuel = {{"p1", 0.1}};
  st = TrackGas(n, m, inj, GroupPerSource(n), opt, &s);
  EXPECT_NE(st.message().find("not a compressor station"), std::string::npos) << st.message();
}

// S -> X (4 kg/s, pipe a) beside a circulation C1 -> C2 -> C3 -> C1 that no injection
// feeds (pipes c1, c2, c3; c3 runs against its direction), 0.25 kg/s.
Network CirculationBeside(std::vector<double>* m, std::vector<double>* inj) {
  NetBuilder b;
  b.Source("S", MakeGas(0.8, 40e6, 0.018)).Sink("X").Inner("C1").Inner("C2").Inner("C3");
  b.Pipe("a", "S", "X").Pipe("c1", "C1", "C2").Pipe("c2", "C2", "C3").Pipe("c3", "C1", "C3");
  *m = {4, 0.25, 0.25, -0.25};
  *inj = {4, -4, 0, 0, 0};
  return b.Build();
}

// A circulation that no injection feeds has no gas, and its nodes' throughflow is what
// circulates (it read 0, as if nothing flowed: GasLib-4197 circulates 3.4e-5 kg/s so).
TEST(TrackingCore, ACirculationWithoutGasShowsItsThroughflow) {
  std::vector<double> m, inj;
  const Network n = CirculationBeside(&m, &inj);
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, GroupPerSource(n), TrackingOptions(), &s).ok());
  ExpectConservation(s);
  EXPECT_EQ(s.nodes_without_gas, 3);
  for (const char* id : {"C1", "C2", "C3"}) {
    const NodeGas& g = s.nodes[*n.FindNode(id)];
    EXPECT_FALSE(g.has_gas) << id;
    EXPECT_DOUBLE_EQ(g.throughflow_kg_per_s, 0.25) << id;
    EXPECT_EQ(g.group_share, std::vector<double>(g.group_share.size(), 0.0)) << id;
  }
  EXPECT_DOUBLE_EQ(s.nodes[*n.FindNode("X")].throughflow_kg_per_s, 4.0);
}

// A border point on that circulation: its mass flow is known, its volume and energy are not
// (they read 0 mcm/d and 0 MW beside 0.25 kg/s), and it is no origin's gas; the table shows
// "-", the note says why, and a swap delivered there has an unknown net position.
TEST(TrackingCore, ABorderPointOnACirculationWithoutGasHasNoVolumeOrEnergy) {
  std::vector<double> m, inj;
  const Network n = CirculationBeside(&m, &inj);
  OriginGroups g = GroupPerSource(n);
  g.points.push_back({"bp_loop", "", "", "c1", "AA", "BB", 1, 0});
  g.points.push_back({"bp_main", "", "", "a", "AA", "BB", 1, 0});
  SwapSpec sw;
  sw.supplier_group = g.names.front();
  sw.delivery_point = "bp_loop";
  sw.delivery_direction = "AA->BB";
  sw.input_m3_per_s = 1.0;
  g.swap = sw;
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  ExpectConservation(s);
  ASSERT_EQ(s.accounting.size(), 2u);
  const PointFlow& loop = s.accounting[0];
  EXPECT_DOUBLE_EQ(loop.mass_flow_kg_per_s, 0.25);
  EXPECT_TRUE(std::isnan(loop.volume_m3_per_s));
  EXPECT_TRUE(std::isnan(loop.energy_W));
  for (std::size_t k = 0; k < loop.group_mass_kg_per_s.size(); ++k) {
    EXPECT_EQ(loop.group_mass_kg_per_s[k], 0.0);
    EXPECT_EQ(loop.group_energy_W[k], 0.0);
    EXPECT_EQ(loop.group_volume_m3_per_s[k], 0.0);
  }
  // The fed point keeps its figures.
  EXPECT_NEAR(s.accounting[1].volume_m3_per_s, 4.0 / 0.8, 1e-12);
  EXPECT_GT(s.accounting[1].energy_W, 0.0);
  bool said = false;
  for (const std::string& note : s.notes)
    said |= note.find("border point 'bp_loop' carries 0.25 kg/s of gas that no injection "
                      "feeds at node 'C1'") != std::string::npos;
  EXPECT_TRUE(said) << ::testing::PrintToString(s.notes);
  const std::string table = s.AccountingTable();
  const std::size_t row = table.find("bp_loop");
  ASSERT_NE(row, std::string::npos) << table;
  const std::string line = table.substr(row, table.find('\n', row) - row);
  EXPECT_EQ(line.find("nan"), std::string::npos) << line;
  EXPECT_NE(line.find(" - "), std::string::npos) << line;
  ASSERT_TRUE(s.swap.has_value());
  EXPECT_TRUE(std::isnan(s.swap->delivered_m3_per_s));
  const std::string swap = s.SwapReport();
  EXPECT_NE(swap.find("unknown: the gas delivered is fed by no injection"), std::string::npos)
      << swap;
  EXPECT_NE(swap.find("fed by no injection (it circulates, or the flows do not balance "
                      "there)"),
            std::string::npos)
      << swap;
  EXPECT_EQ(swap.find("nan"), std::string::npos) << swap;  // "unknown" where it is
  EXPECT_NE(swap.find("Delivered          : unknown mcm/d, unknown MW"), std::string::npos)
      << swap;
}

// An exit with a negative withdrawal injects gas of unknown origin (the sources' mean
// quality); a source with a negative supply withdraws the local mix; a node no flow reaches
// has no gas.
TEST(TrackingCore, NegativeNominationsAndNodesWithoutGas) {
  NetBuilder b;
  b.Source("S1", MakeGas(0.8, 40e6, 0.018)).Source("S2", MakeGas(0.7, 38.5e6, 0.016));
  b.Sink("X1").Sink("X2").Inner("J").Inner("dead").Sink("X3");
  b.Pipe("a", "S1", "J").Pipe("b", "X1", "J").Pipe("c", "J", "S2").Pipe("d", "J", "X2");
  b.Pipe("e", "dead", "X3");
  Network n = b.Build();
  // S1 +10, X1 feeds in 2 (negative withdrawal), S2 takes out 3 (negative supply), X2 9.
  std::vector<double> m = {10, 2, 3, 9, 0};
  std::vector<double> inj = {10, -3, 2, -9, 0, 0, 0};
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, GroupPerSource(n), TrackingOptions(), &s).ok());
  ExpectConservation(s);
  EXPECT_NEAR(Share(s, n, "J", "S1"), 10.0 / 12.0, 1e-14);
  EXPECT_NEAR(Share(s, n, "J", "unassigned"), 2.0 / 12.0, 1e-14);
  EXPECT_NEAR(Share(s, n, "S2", "S1"), 10.0 / 12.0, 1e-14);  // withdrawn local mix
  EXPECT_EQ(s.nodes_without_gas, 2);                          // dead, X3
  EXPECT_FALSE(s.nodes[*n.FindNode("dead")].has_gas);
  EXPECT_TRUE(std::isnan(s.nodes[*n.FindNode("X3")].quality.norm_density_kg_per_m3));
  // The unassigned injection gets the injecting sources' gas (only S1 injects here).
  const InjectionPoint* x1 = nullptr;
  for (const auto& p : s.points)
    if (p.node_id == "X1") x1 = &p;
  ASSERT_NE(x1, nullptr);
  EXPECT_FALSE(x1->has_gas_data);
  EXPECT_NEAR(x1->gas.norm_density_kg_per_m3, 0.8, 1e-15);
  bool noted = false;
  for (const auto& note : s.notes) noted |= note.find("X1") != std::string::npos;
  EXPECT_TRUE(noted);
}

// Independent check: the plain fixed-point iteration of the mixing rule,
// c_v <- (sum_in q c_u + inj+_v e_v) / T_v, run to convergence.
std::vector<std::vector<double>> FixedPointShares(const Network& n, const std::vector<double>& m,
                                                  const std::vector<double>& inj,
                                                  const std::vector<std::string>& sources) {
  const std::size_t nn = n.nodes.size(), ns = sources.size();
  std::vector<std::vector<double>> c(nn, std::vector<double>(ns, 0.0));
  std::vector<double> T(nn, 0.0);
  for (std::size_t a = 0; a < n.arcs.size(); ++a)
    T[m[a] > 0 ? n.arcs[a].to_index : n.arcs[a].from_index] += std::abs(m[a]);
  for (std::size_t v = 0; v < nn; ++v) T[v] += std::max(0.0, inj[v]);
  for (int it = 0; it < 20000; ++it) {
    auto next = c;
    for (std::size_t v = 0; v < nn; ++v) {
      std::vector<double> acc(ns, 0.0);
      for (std::size_t s = 0; s < ns; ++s)
        if (n.nodes[v].id == sources[s] && inj[v] > 0) acc[s] += inj[v];
      for (std::size_t a = 0; a < n.arcs.size(); ++a) {
        if (m[a] == 0.0) continue;
        const std::size_t u = m[a] > 0 ? n.arcs[a].from_index : n.arcs[a].to_index;
        const std::size_t w = m[a] > 0 ? n.arcs[a].to_index : n.arcs[a].from_index;
        if (w != v) continue;
        for (std::size_t s = 0; s < ns; ++s) acc[s] += std::abs(m[a]) * c[u][s];
      }
      for (std::size_t s = 0; s < ns; ++s) next[v][s] = T[v] > 0 ? acc[s] / T[v] : 0.0;
    }
    c.swap(next);
  }
  return c;
}

// A lattice of 5 x 5 junctions with three sources and four exits: first a spanning tree
// carrying the flows, then the same plus circulations around lattice cells (conservation is
// kept, the flow pattern becomes meshed with cycles).
TEST(TrackingCore, TreeAndMeshedAgainstFixedPointIteration) {
  const int N = 5;
  NetBuilder b;
  b.Source("S0", MakeGas(0.8, 40e6, 0.018))
      .Source("S1", MakeGas(0.7, 38.5e6, 0.016))
      .Source("S2", MakeGas(0.75, 39e6, 0.017));
  auto id = [](int i, int j) { return "n" + std::to_string(i) + "_" + std::to_string(j); };
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) b.Inner(id(i, j));
  b.Pipe("s0", "S0", id(0, 0)).Pipe("s1", "S1", id(0, N - 1)).Pipe("s2", "S2", id(N - 1, 0));
  // horizontal arcs (i, j) -> (i, j+1), vertical (i, j) -> (i+1, j)
  for (int i = 0; i < N; ++i)
    for (int j = 0; j + 1 < N; ++j) b.Pipe("h" + id(i, j), id(i, j), id(i, j + 1));
  for (int i = 0; i + 1 < N; ++i)
    for (int j = 0; j < N; ++j) b.Pipe("v" + id(i, j), id(i, j), id(i + 1, j));
  Network n = b.Build();
  const std::size_t na = n.arcs.size();
  std::vector<double> inj(n.nodes.size(), 0.0);
  inj[0] = 30;
  inj[1] = 20;
  inj[2] = 10;
  auto nid = [&](int i, int j) { return *n.FindNode(id(i, j)); };
  inj[nid(N - 1, N - 1)] = -25;
  inj[nid(2, 2)] = -15;
  inj[nid(4, 2)] = -12;
  inj[nid(1, 3)] = -8;
  // Tree flows: route each source to each exit along a path and superpose (a path flow keeps
  // conservation). Paths go along row 0/col 0 then down/right: arcs oriented so flows >= 0
  // or negative where the path runs against them.
  std::vector<double> m(na, 0.0);
  auto arc = [&](const std::string& a) { return *n.FindArc(a); };
  m[arc("s0")] = 30;
  m[arc("s1")] = 20;
  m[arc("s2")] = 10;
  auto route = [&](int i0, int j0, int i1, int j1, double q) {  // horizontal then vertical
    int i = i0, j = j0;
    while (j != j1) {
      if (j1 > j) {
        m[arc("h" + id(i, j))] += q;
        ++j;
      } else {
        m[arc("h" + id(i, j - 1))] -= q;
        --j;
      }
    }
    while (i != i1) {
      if (i1 > i) {
        m[arc("v" + id(i, j))] += q;
        ++i;
      } else {
        m[arc("v" + id(i - 1, j))] -= q;
        --i;
      }
    }
  };
  route(0, 0, 4, 4, 25);
  route(0, 0, 2, 2, 5);
  route(0, N - 1, 2, 2, 10);
  route(0, N - 1, 1, 3, 8);
  route(0, N - 1, 4, 2, 2);
  route(N - 1, 0, 4, 2, 10);
  const std::vector<std::string> sources = {"S0", "S1", "S2"};
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) {
      // circulations around cells: (i,j)->(i,j+1)->(i+1,j+1)<-(i+1,j)<-(i,j) clockwise
      std::mt19937 rng(7);
      std::uniform_real_distribution<double> U(-6.0, 6.0);
      for (int i = 0; i + 1 < N; ++i)
        for (int j = 0; j + 1 < N; ++j) {
          const double c = U(rng);
          m[arc("h" + id(i, j))] += c;
          m[arc("v" + id(i, j + 1))] += c;
          m[arc("h" + id(i + 1, j))] -= c;
          m[arc("v" + id(i, j))] -= c;
        }
    }
    TrackingSummary s;
    ASSERT_TRUE(TrackGas(n, m, inj, GroupPerSource(n), TrackingOptions(), &s).ok());
    ExpectConservation(s);
    auto ref = FixedPointShares(n, m, inj, sources);
    double worst = 0.0;
    for (std::size_t v = 0; v < n.nodes.size(); ++v)
      for (std::size_t k = 0; k < 3; ++k)
        worst = std::max(worst, std::abs(s.nodes[v].group_share[k] - ref[v][k]));
    std::printf("  %s: worst |share - fixed-point iteration| = %.3g\n",
                pass == 0 ? "tree" : "meshed", worst);
    EXPECT_LE(worst, 1e-12);
    // Each origin's mass reaches the exits exactly.
    for (std::size_t k = 0; k < 3; ++k) {
      double out = 0.0;
      for (std::size_t v = 0; v < n.nodes.size(); ++v)
        out += s.nodes[v].withdrawal_kg_per_s * s.nodes[v].group_share[k];
      EXPECT_NEAR(out, inj[k], 1e-11) << sources[k];
    }
  }
}

// Accounting points and the swap balance on hand-made flows.
//   TM (gas T) enters IR; IR's own source I; the point "astara" is an arc from AZ node to IR
//   node oriented AZ->IR carrying -4 kg/s (IR->AZ delivery). IR node mix: T 6 + I 10.
// Turkmen and Iranian gas meet at ir_node, which feeds Azerbaijan over "astara" (arc
// az_node -> ir_node) and an Iranian exit.
Network AstaraNetwork() {
  NetBuilder b;
  b.Source("tm", MakeGas(0.76, 40e6, 0.017)).Source("ir", MakeGas(0.82, 42e6, 0.0183));
  b.Inner("ir_node").Sink("az_node").Sink("ir_exit");
  b.Pipe("p_tm", "tm", "ir_node").Pipe("p_ir", "ir", "ir_node");
  b.Pipe("astara", "az_node", "ir_node").Pipe("p_exit", "ir_node", "ir_exit");
  return b.Build();
}

// Without gas data anywhere, the gas is the steady solve's default (GasLib's typical
// H-gas), its calorific value too: energies and Wobbe indices read 0 beside a solve that
// burnt its fuel at 36.45 MJ/m3.
TEST(TrackingCore, WithoutGasDataTheSolvesDefaultGasIsTracked) {
  NetBuilder b;
  b.Inner("a").Sink("b").Pipe("ab", "a", "b");
  const Network n = b.Build();
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, {10.0}, {10.0, -10.0}, OriginGroups(), TrackingOptions(), &s).ok());
  ExpectConservation(s);
  const NodeGas& out = s.nodes[1];
  ASSERT_TRUE(out.has_gas);
  EXPECT_EQ(out.quality.calorific_value_J_per_m3, GasModel().calorific_value_J_per_m3);
  EXPECT_EQ(out.quality.norm_density_kg_per_m3, GasModel().norm_density_kg_per_m3);
  EXPECT_NEAR(s.energy_out_W, 10.0 / 0.785 * 36.4543670654e6, 1e-3);
  bool said = false;
  for (const std::string& note : s.notes)
    said |= note.find("no node carries gas data: GasLib's typical H-gas assumed") == 0 &&
            note.find("calorific value 36.4544 MJ/m3") != std::string::npos;
  EXPECT_TRUE(said) << ::testing::PrintToString(s.notes);
}

// A node's point counts what the network delivers there, not what enters: at an entry it
// reads 0 and says why (the Turkmen entry given as the TM->IR point read 0 mcm/d unsaid).
TEST(TrackingCore, ANodePointAtAnEntrySaysItCountsNoInflow) {
  Network n = AstaraNetwork();
  std::vector<double> m = {6, 10, -4, 12};
  std::vector<double> inj = {6, 10, 0, -4, -12};
  OriginGroups g;
  g.names = {"Turkmenistan", "Iran"};
  g.group_of = {{"tm", "Turkmenistan"}, {"ir", "Iran"}};
  AccountingPoint at_entry;
  at_entry.id = "bp_tm";
  at_entry.node_id = "tm";
  at_entry.from_country = "TM";
  at_entry.to_country = "IR";
  g.points = {at_entry};
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  ASSERT_EQ(s.accounting.size(), 1u);
  EXPECT_EQ(s.accounting[0].mass_flow_kg_per_s, 0.0);
  bool said = false;
  for (const std::string& note : s.notes)
    said |= note.rfind("border point 'bp_tm' at node 'tm' counts what the network delivers "
                       "there, and the node injects 6 kg/s here",
                       0) == 0;
  EXPECT_TRUE(said) << ::testing::PrintToString(s.notes);
  // At an exit, nothing to say.
  g.points[0].node_id = n.nodes[4].id;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  EXPECT_GT(s.accounting[0].mass_flow_kg_per_s, 0.0);
  for (const std::string& note : s.notes)
    EXPECT_EQ(note.find("counts what the network delivers"), std::string::npos) << note;
}

TEST(TrackingCore, BorderPointsAndSwap) {
  Network n = AstaraNetwork();
  std::vector<double> m = {6, 10, -4, 12};
  std::vector<double> inj = {6, 10, 0, -4, -12};
  OriginGroups g;
  g.names = {"Turkmenistan", "Iran"};
  g.group_of = {{"tm", "Turkmenistan"}, {"ir", "Iran"}};
  AccountingPoint tm_ir;
  tm_ir.id = "bp_tm";
  tm_ir.arc_id = "p_tm";
  tm_ir.from_country = "TM";
  tm_ir.to_country = "IR";
  AccountingPoint az_ir;
  az_ir.id = "bp_astara";
  az_ir.arc_id = "astara";
  az_ir.from_country = "AZ";
  az_ir.to_country = "IR";
  g.points = {tm_ir, az_ir};
  SwapSpec sw;
  sw.delivery_point = "bp_astara";
  sw.fee = 0.25;
  sw.input_m3_per_s = 4.0;  // normal m^3/s of Turkmen swap gas
  g.swap = sw;
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  ExpectConservation(s);
  ASSERT_EQ(s.accounting.size(), 2u);
  EXPECT_NEAR(s.accounting[0].mass_flow_kg_per_s, 6.0, 1e-15);
  EXPECT_NEAR(s.accounting[0].group_mass_kg_per_s[0], 6.0, 1e-15);
  // Astara: -4 kg/s in AZ->IR terms, gas of ir_node: T 6/16, I 10/16.
  EXPECT_NEAR(s.accounting[1].mass_flow_kg_per_s, -4.0, 1e-15);
  EXPECT_NEAR(s.accounting[1].group_mass_kg_per_s[0], -4.0 * 6 / 16, 1e-14);
  EXPECT_EQ(s.accounting[1].gas_node, "ir_node");
  ASSERT_TRUE(s.swap.has_value());
  // delivered volume: 1.5 kg/s / 0.76 + 2.5 kg/s / 0.82 (normal m^3/s)
  const double vol = 1.5 / 0.76 + 2.5 / 0.82;
  EXPECT_NEAR(s.swap->delivered_m3_per_s, vol, 1e-13);
  EXPECT_NEAR(s.swap->obligation_m3_per_s, 3.0, 1e-15);
  EXPECT_NEAR(s.swap->fee_m3_per_s, 1.0, 1e-15);
  EXPECT_NEAR(s.swap->net_position_m3_per_s, vol - 3.0, 1e-13);
  EXPECT_NEAR(s.swap->delivered_group_m3_per_s[0], 1.5 / 0.76, 1e-13);
  const std::string rep = s.SwapReport();
  EXPECT_NE(rep.find("Net position"), std::string::npos) << rep;
  EXPECT_NE(rep.find("fee 20 %"), std::string::npos) << rep;

  // A swap built in code follows the groups reader's rules (a fee of 5 or NaN gave NaN
  // positions; an unknown delivery point went unnoticed).
  for (double fee : {5.0, std::nan(""), 1.0}) {
    OriginGroups bad = g;
    bad.swap->fee = fee;
    EXPECT_NE(TrackGas(n, m, inj, bad, TrackingOptions(), &s).message().find("fee"),
              std::string::npos)
        << fee;
  }
  OriginGroups nowhere = g;
  nowhere.swap->delivery_point = "bp_nowhere";
  EXPECT_NE(TrackGas(n, m, inj, nowhere, TrackingOptions(), &s).message().find("'bp_nowhere'"),
            std::string::npos);

  // Without a swap input, all Turkmen gas crossing into IR counts (6 kg/s / 0.76).
  g.swap->input_m3_per_s = -1.0;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  EXPECT_TRUE(s.swap->input_from_flows);
  EXPECT_NEAR(s.swap->input_m3_per_s, 6.0 / 0.76, 1e-13);
  // The same with the Turkmen point written the other way round (IR->TM, its arc's positive
  // flow TM->IR): its flow is -6 kg/s IR->TM, gas entering IR all the same (it was left out).
  g.points[0].from_country = "IR";
  g.points[0].to_country = "TM";
  g.points[0].direction = -1;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  EXPECT_NEAR(s.accounting[0].group_mass_kg_per_s[0], -6.0, 1e-15);
  EXPECT_NEAR(s.swap->input_m3_per_s, 6.0 / 0.76, 1e-13);

  // A direction that is not across the delivery point (either orientation) is refused: it
  // was tracked as "nothing delivered" and reported as balanced.
  OriginGroups across = g;
  across.swap->delivery_direction = "IR->TM";
  const Status st = TrackGas(n, m, inj, across, TrackingOptions(), &s);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("\"IR->TM\" matches neither AZ->IR nor IR->AZ"), std::string::npos)
      << st.ToString();

  // Blanks around the countries of the swap direction are no part of them: " IR -> AZ "
  // matched neither orientation of the point, and the delivery was counted as 0.
  OriginGroups spaced = g;
  spaced.swap->delivery_direction = " IR -> AZ ";
  ASSERT_TRUE(TrackGas(n, m, inj, spaced, TrackingOptions(), &s).ok());
  EXPECT_NEAR(s.swap->delivered_m3_per_s, vol, 1e-13);
}

// No flow at the delivery point and no swap input: nothing was delivered, which is no
// balance struck ("volumes balanced") and no flow "run the other way" to displace.
TEST(TrackingCore, SwapWithNoFlowAtTheDeliveryPointSaysNothingWasDelivered) {
  Network n = AstaraNetwork();
  const std::vector<double> m = {6, 10, 0, 16}, inj = {6, 10, 0, 0, -16};
  OriginGroups g;
  g.names = {"Turkmenistan", "Iran"};
  g.group_of = {{"tm", "Turkmenistan"}, {"ir", "Iran"}};
  AccountingPoint az_ir;
  az_ir.id = "bp_astara";
  az_ir.arc_id = "astara";
  az_ir.from_country = "AZ";
  az_ir.to_country = "IR";
  g.points = {az_ir};
  SwapSpec sw;
  sw.delivery_point = "bp_astara";
  sw.input_m3_per_s = 0.0;
  g.swap = sw;
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, m, inj, g, TrackingOptions(), &s).ok());
  ASSERT_TRUE(s.swap.has_value());
  EXPECT_EQ(s.swap->delivered_m3_per_s, 0.0);
  const std::string rep = s.SwapReport();
  EXPECT_EQ(rep.find("volumes balanced"), std::string::npos) << rep;
  EXPECT_NE(rep.find("(nothing delivered, and no swap input to deliver for)"), std::string::npos)
      << rep;
  EXPECT_EQ(rep.find("run the other way"), std::string::npos) << rep;
  EXPECT_NE(rep.find("no flow at 'bp_astara' in either direction: nothing delivered"),
            std::string::npos)
      << rep;
}

// Compositions given per group are mixed at every node and written (mol %) to
// track_nodes.csv and track_exits.csv; they were read and mixed but written nowhere.
//   A (M 18 kg/kmol, 100 % CH4) 3 kg/s and B (M 16, 90 % CH4, 10 % C2H6) 1 kg/s into C:
//   moles 3/18 + 1/16 = 55/240; CH4 (3/18 + 0.9/16) / (55/240) = 107/110, C2H6 3/110.
//   D mixes B with E, whose group has no composition: its cells are empty.
TEST(TrackingCore, CompositionsAreWritten) {
  Network n = NetBuilder()
                  .Source("A", MakeGas(0.8, 40e6, 0.018))
                  .Source("B", MakeGas(0.7, 38.5e6, 0.016))
                  .Source("E", MakeGas(0.75, 39e6, 0.017))
                  .Sink("C")
                  .Sink("D")
                  .Pipe("ac", "A", "C")
                  .Pipe("bc", "B", "C")
                  .Pipe("bd", "B", "D")
                  .Pipe("ed", "E", "D")
                  .Build();
  OriginGroups g = GroupPerSource(n);
  g.composition["A"] = {{"CH4", 1.0}};
  g.composition["B"] = {{"CH4", 0.9}, {"C2H6", 0.1}};
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, {3, 1, 1, 1}, {3, 2, 1, -4, -2}, g, TrackingOptions(), &s).ok());
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("corridor_track_composition_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(WriteTrackingOutputs(s, n, dir.string()).ok());
  // Rows by their first cell, each as its cells.
  auto read = [&](const char* name) {
    std::string text;
    EXPECT_TRUE(ReadFileToString((dir / name).string(), &text).ok());
    std::map<std::string, std::vector<std::string>> rows;
    std::stringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> cells;
      std::stringstream cs(line);
      for (std::string c; std::getline(cs, c, ',');) cells.push_back(c);
      if (line.back() == ',') cells.push_back("");
      rows[cells[0]] = cells;
    }
    return rows;
  };
  for (const char* name : {"track_nodes.csv", "track_exits.csv"}) {
    auto rows = read(name);
    const std::vector<std::string>& h = rows["node_id"];
    ASSERT_GE(h.size(), 2u) << name;
    EXPECT_EQ(h[h.size() - 2], "mol_pct_CH4") << name;
    EXPECT_EQ(h.back(), "mol_pct_C2H6") << name;
    ASSERT_EQ(rows["C"].size(), h.size()) << name;
    EXPECT_NEAR(std::stod(rows["C"][h.size() - 2]), 100.0 * 107 / 110, 1e-8) << name;
    EXPECT_NEAR(std::stod(rows["C"].back()), 100.0 * 3 / 110, 1e-8) << name;
    ASSERT_EQ(rows["D"].size(), h.size()) << name;
    EXPECT_EQ(rows["D"][h.size() - 2], "") << name;
    EXPECT_EQ(rows["D"].back(), "") << name;
  }
  std::filesystem::remove_all(dir);
}

TEST(TrackingCore, RejectsBadInput) {
  Network n = NetBuilder().Source("A", MakeGas(0.8, 40e6, 0.018)).Sink("B").Pipe("p", "A", "B").Build();
  TrackingSummary s;
  Status st = TrackGas(n, {1.0, 2.0}, {1, -1}, GroupPerSource(n), TrackingOptions(), &s);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("2 arc flows given for 1 arcs"), std::string::npos);
  st = TrackGas(n, {NAN}, {1, -1}, GroupPerSource(n), TrackingOptions(), &s);
  EXPECT_NE(st.message().find("non-finite flow"), std::string::npos);
  TrackingOptions o;
  o.zero_flow_kg_per_s = -1;
  st = TrackGas(n, {1.0}, {1, -1}, GroupPerSource(n), o, &s);
  EXPECT_NE(st.message().find("zero_flow_kg_per_s"), std::string::npos);
  // A group named twice: two columns of one name, one empty, were written unsaid.
  OriginGroups twice = GroupPerSource(n);
  twice.names.push_back("A");
  st = TrackGas(n, {1.0}, {1, -1}, twice, TrackingOptions(), &s);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("group 'A' is named twice"), std::string::npos) << st.ToString();
}

// No hidden state: two trackings at once in two threads give the answers they give alone.
TEST(TrackingCore, TwoThreadsAgreeWithSerial) {
  Network n1 = NetBuilder()
                   .Source("A", MakeGas(0.8, 40e6, 0.018))
                   .Source("B", MakeGas(0.7, 38.5e6, 0.016))
                   .Sink("C")
                   .Pipe("ac", "A", "C")
                   .Pipe("bc", "B", "C")
                   .Build();
  std::vector<double> m1 = {3, 1}, i1 = {3, 1, -4};
  std::vector<double> m2 = {1, 3}, i2 = {1, 3, -4};
  TrackingSummary a, b, ta, tb;
  ASSERT_TRUE(TrackGas(n1, m1, i1, GroupPerSource(n1), TrackingOptions(), &a).ok());
  ASSERT_TRUE(TrackGas(n1, m2, i2, GroupPerSource(n1), TrackingOptions(), &b).ok());
  for (int rep = 0; rep < 20; ++rep) {
    std::thread t1([&] { (void)TrackGas(n1, m1, i1, GroupPerSource(n1), TrackingOptions(), &ta); });
    std::thread t2([&] { (void)TrackGas(n1, m2, i2, GroupPerSource(n1), TrackingOptions(), &tb); });
    t1.join();
    t2.join();
    EXPECT_EQ(ta.nodes[2].group_share, a.nodes[2].group_share);
    EXPECT_EQ(tb.nodes[2].group_share, b.nodes[2].group_share);
  }
  EXPECT_NEAR(a.nodes[2].group_share[0], 0.75, 1e-15);
}

// The rows are labelled by position in the network: another case's network gave wrong ids
// (and left rows out) with the call saying OK. Refused, naming both sizes, nothing written.
TEST(TrackingCore, WritingWithAnotherNetworkIsRefused) {
  Network n = NetBuilder()
                  .Source("A", MakeGas(0.8, 40e6, 0.018))
                  .Sink("B")
                  .Sink("C")
                  .Pipe("ab", "A", "B")
                  .Pipe("bc", "B", "C")
                  .Build();
  TrackingSummary s;
  ASSERT_TRUE(TrackGas(n, {2, 1}, {2, -1, -1}, GroupPerSource(n), TrackingOptions(), &s).ok());
  Network smaller = NetBuilder()
                        .Source("X", MakeGas(0.8, 40e6, 0.018))
                        .Sink("Y")
                        .Pipe("xy", "X", "Y")
                        .Build();
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("corridor_track_other_network_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const Status st = WriteTrackingOutputs(s, smaller, dir.string());
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("3 node(s), the network 2"), std::string::npos) << st.ToString();
  EXPECT_FALSE(std::filesystem::exists(dir));
  // The network it came from is still fine.
  EXPECT_TRUE(WriteTrackingOutputs(s, n, dir.string()).ok());
  std::filesystem::remove_all(dir);
}

// A summary edited by its caller (a group name pushed, a node's shares cut) had FullReport
// read past group_mass_in_kg_per_s and the writer past a node's shares. The reports now say
// the summary is inconsistent in place of their tables; the writer refuses, writing nothing.
TEST(TrackingCore, AnInconsistentSummaryIsReportedNotOverread) {
  Network n = NetBuilder()
                  .Source("A", MakeGas(0.8, 40e6, 0.018))
                  .Sink("B")
                  .Pipe("ab", "A", "B")
                  .Build();
  TrackingSummary good;
  ASSERT_TRUE(TrackGas(n, {2}, {2, -2}, GroupPerSource(n), TrackingOptions(), &good).ok());
  EXPECT_EQ(good.FullReport(false).find("Inconsistent"), std::string::npos);
  TrackingSummary extra = good;
  extra.group_names.push_back("pushed_by_the_caller");
  const std::string report = extra.FullReport(false);
  EXPECT_NE(report.find("Inconsistent summary: its tables are left out "
                        "(group_mass_in_kg_per_s has 1 entries for 2 group(s)"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("nodes[1].group_share has 1 entries for 2 group(s)"), std::string::npos)
      << report;
  EXPECT_EQ(report.find("Origin mass balance"), std::string::npos) << report;
  EXPECT_NE(extra.ExitTable().find("Inconsistent summary"), std::string::npos);
  TrackingSummary cut = good;
  cut.nodes[1].group_share.clear();
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("corridor_track_inconsistent_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const Status st = WriteTrackingOutputs(cut, n, dir.string());
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("nodes[1].group_share has 0 entries for 1 group(s)"),
            std::string::npos)
      << st.ToString();
  EXPECT_FALSE(std::filesystem::exists(dir));
  TrackingSummary index = good;
  index.points[0].group_index = 5;
  EXPECT_NE(index.FullReport(false).find("points[0].group_index 5 is no group of 1"),
            std::string::npos);
}

// An API review's: a fuel of 1e300 kg/s was taken (its energy 4.6e307 W), a station's fuel
// given twice passed, and a default gas of 1e300 kg/kmol or mole fractions summing to 3;
// the coupled loop's INT_MAX iterations at a tolerance of 1e-300 ran for days.
TEST(TrackingCore, ImplausibleFuelGasAndLoopsAreRefused) {
  TrackingOptions t;
  t.fuel = {{"cs1", 1e300}, {"cs2", 0.5}, {"cs2", 0.7}};
  t.default_gas.norm_density_kg_per_m3 = 0.8;
  t.default_gas.molar_mass_kg_per_mol = 1e300;
  t.default_gas.composition = {{"methane", 1.0}, {"ethane", 1.0}, {"propane", 1.0}};
  Status s = t.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  for (const char* want :
       {"station 'cs1' fuel must be finite, >= 0 and at most 1.38889e+06 kg/s, got 1e+300",
        "station 'cs2' is given twice (0.5 and 0.7 kg/s)",
        "default_gas.molar_mass_kg_per_mol = 1e+300 lies outside the plausible range",
        "the mole fractions sum to 3, above 1"})
    EXPECT_NE(s.message().find(want), std::string::npos) << want << "\n" << s.message();
  TrackSteadyOptions o;
  o.max_outer_iterations = 2147483647;
  o.outer_tolerance = 1e-300;
  s = o.Validate();
  EXPECT_NE(s.message().find("max_outer_iterations must lie in [1, 1000], got 2147483647"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("outer_tolerance must be finite and at least 1e-15, got 1e-300"),
            std::string::npos)
      << s.message();
  o.max_outer_iterations = 1000;
  o.outer_tolerance = 1e-15;
  EXPECT_TRUE(o.Validate().ok()) << o.Validate().message();
}

// A default gas's component name becomes a column as a groups file's does, and is held to
// the same rules: it took "" and " CH4" (a second column beside "CH4"). A calorific value
// below 1 MJ/m3 (kJ as MJ) is refused as in a case file; 0 is "not known".
TEST(TrackingCore, ADefaultGasComponentNeedsAColumnsName) {
  TrackingOptions t;
  t.default_gas.composition = {{"", 0.1}, {" CH4", 0.8}, {"C2H6", 0.1}};
  t.default_gas.calorific_value_J_per_m3 = 0.5e6;
  const Status s = t.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  for (const char* want :
       {"TrackingOptions.default_gas.composition: a component needs a name (it becomes the "
        "column mol_pct_<name>)",
        "TrackingOptions.default_gas.composition: component ' CH4' ",
        "TrackingOptions.default_gas.calorific_value_J_per_m3 = 500000 lies outside the "
        "plausible range [1000000, 200000000]"})
    EXPECT_NE(s.message().find(want), std::string::npos) << want << "\n" << s.message();
  EXPECT_EQ(s.message().find("'C2H6'"), std::string::npos) << s.message();
  t.default_gas.composition = {{"CH4", 0.9}, {"C2H6", 0.1}};
  t.default_gas.calorific_value_J_per_m3 = 0.0;
  EXPECT_TRUE(t.Validate().ok()) << t.Validate().message();
}

// The coupled solve's options had no Validate: the nested steady and tracking options were
// refused only once TrackSteady ran. Their messages name the field by its path.
TEST(TrackingCore, TrackSteadyOptionsValidateTheNestedOptions) {
  TrackSteadyOptions o;
  EXPECT_TRUE(o.Validate().ok());
  TrackSteadyOptions threads = o;
  threads.steady.threads = -1;
  Status s = threads.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_EQ(s.message().rfind("TrackSteadyOptions.steady.threads = -1", 0), 0u) << s.ToString();
  TrackSteadyOptions zero = o;
  zero.tracking.zero_flow_kg_per_s = -1.0;
  s = zero.Validate();
  EXPECT_EQ(s.message().rfind("TrackSteadyOptions.tracking.zero_flow_kg_per_s", 0), 0u)
      << s.ToString();
  TrackSteadyOptions rounds = o;
  rounds.max_outer_iterations = 0;
  EXPECT_NE(rounds.Validate().message().find("max_outer_iterations"), std::string::npos);
  TrackSteadyOptions swap = o;
  swap.swap.fee = 1.0;
  swap.swap.input_m3_per_s = NAN;
  s = swap.Validate();
  EXPECT_NE(s.message().find("TrackSteadyOptions.swap.fee must lie in [0, 1)"), std::string::npos)
      << s.ToString();
  EXPECT_NE(s.message().find("TrackSteadyOptions.swap.input_m3_per_s must be finite"),
            std::string::npos)
      << s.ToString();
  // TrackSteady refuses what Validate refuses, with the same message.
  GasCase c;
  c.network = NetBuilder().Source("A", MakeGas(0.8, 40e6, 0.018)).Sink("B").Pipe("ab", "A", "B")
                  .Build();
  SteadySolution sol;
  SteadySummary ss;
  TrackingSummary t;
  s = TrackSteady(c, GroupPerSource(c.network), zero, &sol, &ss, &t);
  EXPECT_EQ(s.message().rfind("TrackSteadyOptions.tracking.zero_flow_kg_per_s", 0), 0u)
      << s.ToString();
}

// A default gas of NaN passed ("< 0" is false for a NaN), and the options' problems are all
// listed, not the first alone.
TEST(TrackingCore, TrackingOptionsRefuseANotFiniteGasAndListEveryProblem) {
  TrackingOptions o;
  ASSERT_TRUE(o.Validate().ok());
  TrackingOptions nan = o;
  nan.default_gas.norm_density_kg_per_m3 = std::nan("");
  Status s = nan.Validate();
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("default_gas.norm_density_kg_per_m3 = nan must be finite"),
            std::string::npos)
      << s.ToString();
  TrackingOptions inf = o;
  inf.default_gas.calorific_value_J_per_m3 = HUGE_VAL;
  EXPECT_FALSE(inf.Validate().ok());
  TrackingOptions many = o;
  many.zero_flow_kg_per_s = -1.0;
  many.unassigned_group_name.clear();
  many.default_gas.composition = {{"CH4", 95.0}};  // per cent, not a fraction
  s = many.Validate();
  EXPECT_EQ(s.message().rfind("TrackingOptions has 3 problems: ", 0), 0u) << s.ToString();
  for (const char* want : {"zero_flow_kg_per_s", "unassigned_group_name", "'CH4' = 95"})
    EXPECT_NE(s.message().find(want), std::string::npos) << want << "\n" << s.ToString();
}

}  // namespace
}  // namespace corridor
