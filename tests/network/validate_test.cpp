// ValidateCase on networks built in code: every rule, the balance tolerance at its
// boundary, components, the .cs/.cdf cross-checks, the report, and no hidden state.
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/units.h"
#include "corridor/validate.h"

namespace corridor {
namespace {

Node MakeNode(const std::string& id, NodeKind k, int line) {
  Node n;
  n.id = id;
  n.kind = k;
  n.line = line;
  n.pressure_min_Pa = 40e5;
  n.pressure_max_Pa = 70e5;
  if (k != NodeKind::kInnode) {
    n.flow_min_m3_per_s = 0.0;
    n.flow_max_m3_per_s = 100.0;
  }
  if (k == NodeKind::kSource) {
    SourceGas g;
    g.norm_density_kg_per_m3 = 0.8;
    g.molar_mass_kg_per_mol = 0.01788;  // what rho_n implies (gas-inconsistent)
    g.pseudocritical_pressure_Pa = 45.9e5;
    g.pseudocritical_temperature_K = 188.5;
    g.calorific_value_J_per_m3 = 36.45e6;
    n.gas = g;
  }
  return n;
}

Arc MakePipe(const std::string& id, const std::string& from, const std::string& to, double L,
             int line) {
  Arc a;
  a.id = id;
  a.kind = ArcKind::kPipe;
  a.from = from;
  a.to = to;
  a.line = line;
  a.flow_min_m3_per_s = -100;
  a.flow_max_m3_per_s = 100;
  a.pipe.length_m = L;
  a.pipe.diameter_m = 0.5;
  a.pipe.roughness_m = 1e-4;
  return a;
}

/// S -P1(10 km)- N -P2(20 km)- T
GasCase Tiny() {
  GasCase c;
  c.network.info.source_file = "code.net";
  c.network.info.title = "code";
  c.network.nodes = {MakeNode("S", NodeKind::kSource, 1), MakeNode("N", NodeKind::kInnode, 2),
                     MakeNode("T", NodeKind::kSink, 3)};
  c.network.arcs = {MakePipe("P1", "S", "N", 10e3, 4), MakePipe("P2", "N", "T", 20e3, 5)};
  c.network.BuildIndex();
  return c;
}

Nomination Nom(double in, double out) {
  Nomination n;
  n.id = "nom";
  n.source_file = "code.scn";
  NodeNomination s, t;
  s.node_id = "S";
  s.is_entry = true;
  s.flow_lower_m3_per_s = s.flow_upper_m3_per_s = in;
  s.line = 3;
  t.node_id = "T";
  t.is_entry = false;
  t.flow_lower_m3_per_s = t.flow_upper_m3_per_s = out;
  t.line = 6;
  n.nodes = {s, t};
  return n;
}

struct Outcome {
  ValidationSummary s;
  Diagnostics d{500};
};

Outcome Validate(const GasCase& c, const ValidateOptions& o = ValidateOptions()) {
  Outcome r;
  Status st = ValidateCase(c, o, &r.s, &r.d);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return r;
}

bool HasRule(const Diagnostics& d, const std::string& rule, const std::string& element = "",
             Diagnostic::Severity sev = Diagnostic::Severity::kError) {
  for (const Diagnostic& x : d.items())
    if (x.rule == rule && x.severity == sev && x.element.find(element) != std::string::npos)
      return true;
  return false;
}

// A source without a calorific value (0: a GasLib source may leave it out) is said, with
// what a solve takes instead; one without heat capacity only where a station needs it.
TEST(Validate, AGasValueASourceLeavesOutIsSaid) {
  GasCase c = Tiny();
  c.nomination = Nom(10.0, 10.0);
  for (Node& n : c.network.nodes)
    if (n.gas) n.gas->calorific_value_J_per_m3 = 0.0;
  Outcome r = Validate(c);
  ASSERT_EQ(r.d.items().size(), 1u) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "gas-value-missing", "source 'S'", Diagnostic::Severity::kWarning));
  EXPECT_NE(r.d.items()[0].message.find("no calorific value (left out, or 0: not given): the "
                                        "steady gas takes its H_s from the injecting sources "
                                        "that give one"),
            std::string::npos)
      << r.d.ToString();
  EXPECT_TRUE(r.s.usable);
  // Heat capacity left out: said only where a station needs it.
  c = Tiny();
  c.nomination = Nom(10.0, 10.0);
  for (Node& n : c.network.nodes)
    if (n.gas) n.gas->heat_capacity_A = n.gas->heat_capacity_B = n.gas->heat_capacity_C = 0.0;
  r = Validate(c);
  EXPECT_FALSE(HasRule(r.d, "gas-value-missing", "", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  Arc cs = MakePipe("CS", "S", "N", 0, 22);
  cs.kind = ArcKind::kCompressorStation;
  c.network.arcs.push_back(cs);
  c.network.BuildIndex();
  r = Validate(c);
  bool said = false;
  for (const Diagnostic& x : r.d.items())
    said = said || (x.rule == "gas-value-missing" &&
                    x.message.find("no heat capacity") != std::string::npos);
  EXPECT_TRUE(said) << r.d.ToString();
}

TEST(Validate, OptionsAreChecked) {
  ValidateOptions o;
  EXPECT_TRUE(o.Validate().ok());
  o.balance_relative_tolerance = -1;
  EXPECT_EQ(o.Validate().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(o.Validate().message().find("balance_relative_tolerance"), std::string::npos);
  ValidationSummary s;
  Diagnostics d;
  EXPECT_FALSE(ValidateCase(Tiny(), o, &s, &d).ok());
  o = ValidateOptions();
  o.balance_absolute_floor_m3_per_s = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(o.Validate().ok());
  // The law said to refuse smooth pipes must be one that does (an API audit's
  // "nosuchlaw" made every smooth pipe an error naming it).
  o = ValidateOptions();
  o.smooth_pipe_refused_by = "nikuradse";
  EXPECT_TRUE(o.Validate().ok());
  for (const char* bad : {"nosuchlaw", "colebrook-white"}) {
    o.smooth_pipe_refused_by = bad;
    EXPECT_NE(o.Validate().message().find("is not a friction law that refuses smooth pipes"),
              std::string::npos)
        << bad;
  }
}

TEST(Validate, CleanCaseCountsAndReport) {
  GasCase c = Tiny();
  c.nomination = Nom(10.0, 10.0);
  Outcome r = Validate(c);
  EXPECT_EQ(r.d.items().size(), 0u) << r.d.ToString();
  EXPECT_TRUE(r.s.usable);
  EXPECT_EQ(r.s.node_counts[0], 1u);
  EXPECT_EQ(r.s.node_counts[1], 1u);
  EXPECT_EQ(r.s.node_counts[2], 1u);
  EXPECT_EQ(r.s.arc_counts[0], 2u);
  EXPECT_DOUBLE_EQ(r.s.total_pipe_length_m, 30e3);
  EXPECT_DOUBLE_EQ(r.s.min_pressure_bound_Pa, 40e5);
  EXPECT_DOUBLE_EQ(r.s.max_pressure_bound_Pa, 70e5);
  EXPECT_DOUBLE_EQ(r.s.total_entry_flow_m3_per_s, 10.0);
  EXPECT_DOUBLE_EQ(r.s.total_exit_flow_m3_per_s, 10.0);
  ASSERT_EQ(r.s.components.size(), 1u);
  EXPECT_EQ(r.s.components[0].node_count, 3u);
  EXPECT_EQ(r.s.components[0].arc_count, 2u);
  EXPECT_TRUE(r.s.components[0].has_pressure_reference);
  EXPECT_TRUE(r.s.components[0].nomination_balanced);
  const std::string rep = r.s.Report(c);
  EXPECT_NE(rep.find("Nodes           : 3 (source 1, sink 1, innode 1)"), std::string::npos) << rep;
  EXPECT_NE(rep.find("Pipe length     : 30.000 km total"), std::string::npos) << rep;
  EXPECT_NE(rep.find("Pressure bounds : 40 - 70 bar"), std::string::npos) << rep;
  // 10 m^3/s = 36 (1000 m^3/h); 10 m^3/s x 0.8 kg/m^3 = 8 kg/s.
  EXPECT_NE(rep.find("36 1000 Nm3/h"), std::string::npos) << rep;
  EXPECT_NE(rep.find("= 8 kg/s"), std::string::npos) << rep;
  EXPECT_NE(rep.find("Verdict         : usable"), std::string::npos) << rep;
}

// The small imbalance's warning names the node the solver's default rule makes the
// reference: the largest nominated inflow of any node (a sink nominated as an exit below
// zero injects), of equal ones the smallest id. It named the largest source, the first of
// equal ones in the file's order: not the solve's reference in either case.
TEST(Validate, SmallImbalanceNamesTheDefaultRulesReference) {
  GasCase c = Tiny();
  c.network.nodes.push_back(MakeNode("A", NodeKind::kSource, 6));
  c.network.arcs.push_back(MakePipe("P3", "A", "N", 10e3, 7));
  c.network.BuildIndex();
  auto warning = [&] {
    const Outcome r = Validate(c);
    EXPECT_TRUE(HasRule(r.d, "small-imbalance", "", Diagnostic::Severity::kWarning))
        << r.d.ToString();
    return r.d.ToString();
  };
  // S and A nominate 5 each (S first in the file): A, the smaller id.
  c.nomination = Nom(5.0, 10.0 * (1 - 0.5e-4));
  NodeNomination a = c.nomination->nodes[0];
  a.node_id = "A";
  a.line = 4;
  c.nomination->nodes.push_back(a);
  EXPECT_NE(warning().find("inflow, 'A';"), std::string::npos);
  // T, a sink, nominated as an exit of -12 with S and A at 1 each and U withdrawing the
  // 14 less 1e-4 of them: T injects the most.
  c.network.nodes.push_back(MakeNode("U", NodeKind::kSink, 8));
  c.network.arcs.push_back(MakePipe("P4", "N", "U", 10e3, 9));
  c.network.BuildIndex();
  auto set = [&](std::size_t i, double q) {
    c.nomination->nodes[i].flow_lower_m3_per_s = c.nomination->nodes[i].flow_upper_m3_per_s = q;
  };
  set(0, 1.0);
  set(2, 1.0);
  set(1, -12.0);
  NodeNomination u = c.nomination->nodes[1];
  u.node_id = "U";
  u.line = 7;
  u.flow_lower_m3_per_s = u.flow_upper_m3_per_s = 14.0 - 1e-4;
  c.nomination->nodes.push_back(u);
  EXPECT_NE(warning().find("inflow, 'T';"), std::string::npos);
}

// Regression: a height of -0 showed as "Heights : -0 - 200 m".
TEST(Validate, AMinusZeroHeightShowsAsZero) {
  GasCase c = Tiny();
  for (Node& n : c.network.nodes) n.height_m = -0.0;
  c.network.nodes[2].height_m = 200.0;
  const std::string rep = Validate(c).s.Report(c);
  EXPECT_NE(rep.find("Heights         : 0 - 200 m"), std::string::npos) << rep;
}

TEST(Validate, BalanceToleranceBoundary) {
  GasCase c = Tiny();
  // 0.5e-4 of the entry flow: warning naming the default rule's reference.
  c.nomination = Nom(10.0, 10.0 * (1 - 0.5e-4));
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable);
  EXPECT_TRUE(HasRule(r.d, "small-imbalance", "", Diagnostic::Severity::kWarning));
  EXPECT_NE(r.d.ToString().find("the pressure reference takes it up (by the default rule the "
                                "node with the largest nominated inflow, 'S'; a solve's "
                                "report names the references it used)"),
            std::string::npos)
      << r.d.ToString();
  // 2e-4: error.
  c.nomination = Nom(10.0, 10.0 * (1 - 2e-4));
  r = Validate(c);
  EXPECT_FALSE(r.s.usable);
  EXPECT_TRUE(HasRule(r.d, "unbalanced-nomination"));
  EXPECT_FALSE(r.s.components[0].nomination_balanced);
  EXPECT_NEAR(r.s.components[0].imbalance_m3_per_s, 10.0 * 2e-4, 1e-12);
  // Round-off (below the absolute floor): silent.
  c.nomination = Nom(10.0, 10.0 - 1e-12);
  r = Validate(c);
  EXPECT_EQ(r.d.items().size(), 0u) << r.d.ToString();
  // A looser tolerance turns the 2e-4 case into a warning.
  ValidateOptions loose;
  loose.balance_relative_tolerance = 1e-3;
  c.nomination = Nom(10.0, 10.0 * (1 - 2e-4));
  r = Validate(c, loose);
  EXPECT_TRUE(r.s.usable);
}

TEST(Validate, ComponentsAreBalancedSeparately) {
  // Two islands, each with a source and a sink; the nomination balances globally but
  // feeds island 1 and withdraws on island 2.
  GasCase c = Tiny();
  c.network.nodes.push_back(MakeNode("S2", NodeKind::kSource, 10));
  c.network.nodes.push_back(MakeNode("T2", NodeKind::kSink, 11));
  c.network.arcs.push_back(MakePipe("P3", "S2", "T2", 5e3, 12));
  c.network.BuildIndex();
  Nomination n = Nom(10.0, 0.0);
  NodeNomination s2 = n.nodes[0], t2 = n.nodes[1];
  s2.node_id = "S2";
  s2.flow_lower_m3_per_s = s2.flow_upper_m3_per_s = 0.0;
  t2.node_id = "T2";
  t2.flow_lower_m3_per_s = t2.flow_upper_m3_per_s = 10.0;
  n.nodes.push_back(s2);
  n.nodes.push_back(t2);
  c.nomination = n;
  Outcome r = Validate(c);
  ASSERT_EQ(r.s.components.size(), 2u);
  EXPECT_NEAR(r.s.components[0].imbalance_m3_per_s, 10.0, 1e-12);
  EXPECT_NEAR(r.s.components[1].imbalance_m3_per_s, -10.0, 1e-12);
  EXPECT_FALSE(r.s.usable);
  EXPECT_DOUBLE_EQ(r.s.total_entry_flow_m3_per_s - r.s.total_exit_flow_m3_per_s, 0.0);
  EXPECT_NE(r.d.ToString().find("the component containing 'S2'"), std::string::npos)
      << r.d.ToString();
}

TEST(Validate, ComponentWithoutSourceButBalancedNominationIsAccepted) {
  GasCase c = Tiny();
  c.network.nodes.push_back(MakeNode("A", NodeKind::kInnode, 10));
  c.network.nodes.push_back(MakeNode("B", NodeKind::kSink, 11));
  c.network.arcs.push_back(MakePipe("P3", "A", "B", 5e3, 12));
  c.network.BuildIndex();
  Nomination n = Nom(10, 10);
  NodeNomination b = n.nodes[1];
  b.node_id = "B";
  b.flow_lower_m3_per_s = b.flow_upper_m3_per_s = 0.0;
  n.nodes.push_back(b);
  c.nomination = n;
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  ASSERT_EQ(r.s.components.size(), 2u);
  EXPECT_FALSE(r.s.components[1].has_pressure_reference);
  EXPECT_TRUE(r.s.components[1].nomination_balanced);
  // Without the nomination that island has nothing fixing its pressure.
  c.nomination.reset();
  r = Validate(c);
  EXPECT_FALSE(r.s.usable);
  EXPECT_TRUE(HasRule(r.d, "no-pressure-reference", "node 'A'"));
  // With it, the island's undefined pressures are said (a warning at its first node)...
  c.nomination = n;
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "undetermined-pressures", "node 'A'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  // ...but not where the nomination moves gas there, balanced (5 in at A, an innode:
  // wrong-node-type, and 5 out at B): only where every flow nominated there is 0.
  c.nomination->nodes.back().flow_lower_m3_per_s = c.nomination->nodes.back().flow_upper_m3_per_s =
      5.0;
  NodeNomination a = c.nomination->nodes.front();
  a.node_id = "A";
  a.flow_lower_m3_per_s = a.flow_upper_m3_per_s = 5.0;
  c.nomination->nodes.push_back(a);
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "wrong-node-type", "node 'A'")) << r.d.ToString();
  EXPECT_FALSE(HasRule(r.d, "undetermined-pressures")) << r.d.ToString();
  EXPECT_FALSE(HasRule(r.d, "no-pressure-reference")) << r.d.ToString();
  // A network of one node has no isolated-node warning: it is said too.
  GasCase one;
  one.network.info.source_file = "one.net";
  one.network.nodes = {MakeNode("X", NodeKind::kInnode, 7)};
  one.network.BuildIndex();
  Nomination none;
  none.id = "none";
  none.source_file = "one.scn";
  one.nomination = none;
  r = Validate(one);
  EXPECT_TRUE(HasRule(r.d, "undetermined-pressures", "node 'X'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
}

// A source's normDensity against its molarMass: the norm density of that gas at 0 degC and
// 1.01325 bar (Papay's z there, by hand: pr = 101325 / 45.9e5, Tr = 273.15 / 188.5) within
// 2 %, else a warning naming both and the value implied.
TEST(Validate, NormDensityAgainstMolarMass) {
  const double pr = 101325.0 / 45.9e5, tr = 273.15 / 188.5;
  const double z = 1.0 - 3.52 * pr * std::exp(-2.26 * tr) + 0.274 * pr * pr * std::exp(-1.878 * tr);
  const double molar_mass = Tiny().network.nodes[0].gas->molar_mass_kg_per_mol;
  const double implied = 101325.0 * molar_mass / (z * 8.314462618 * 273.15);  // 0.800 kg/m3
  for (const double off : {0.0, 0.019, -0.019, 0.021, -0.055}) {
    SCOPED_TRACE(off);
    GasCase c = Tiny();
    c.network.nodes[0].gas->norm_density_kg_per_m3 = implied * (1.0 + off);
    const Outcome res = Validate(c);
    EXPECT_TRUE(res.s.usable);
    const bool warned = HasRule(res.d, "gas-inconsistent", "source 'S'",
                                Diagnostic::Severity::kWarning);
    EXPECT_EQ(warned, std::abs(off) > 0.02);
    if (off == -0.055) {
      bool said = false;
      for (const Diagnostic& x : res.d.items())
        said |= x.rule == "gas-inconsistent" &&
                x.message.find(fmt::format("is -5.5 % off the {:.4f} kg/m3 that molarMass "
                                           "{:.6g} kg/kmol implies (z = {:.4f}",
                                           implied, molar_mass * 1e3, z)) != std::string::npos;
      EXPECT_TRUE(said) << res.d.ToString();
    }
  }
}

// A source's heat capacity against natural gas': kappa = c_p / (c_p - R) at 15 degC, c_p
// = A + B T + C T^2 (J/(mol K)), between 1.20 and 1.36, said only where a station takes it.
// GasLib-24's first gas (32.23, -0.01, 0) gives 1.395, air's, unwarned until now.
TEST(Validate, HeatCapacityAgainstNaturalGas) {
  struct Case {
    double a, b, c;
    bool station, warned;
  } cases[] = {{32.23, -0.01, 0.0, true, true},    // GasLib-24: 1.395
               {32.23, -0.01, 0.0, false, false},  // no station takes it
               {23.2, 0.042, 0.0, true, false},    // 35.30 J/(mol K): 1.308, methane's
               {0.0, 0.0, 0.0, true, false},       // no coefficients given
               {8.0, 0.0, 0.0, true, true},        // below R: no exponent at all
               {50.0, 0.0, 0.0, true, true},       // 1.20 - 0.0: 1.199, just below
               {23.2, 0.042, 1e308, true, true},   // c_p overflows: was passed unsaid
               // c_p = 35 summed as the steady gas sums it (A + T (B + T C)); in the
               // order A + B T + C T^2 it overflowed and was said to be left out.
               {35.0, -1e308, 3.47041471455839e305, true, false}};
  for (const Case& k : cases) {
    SCOPED_TRACE(fmt::format("{} {} {} station {}", k.a, k.b, k.c, k.station));
    GasCase c = Tiny();
    c.network.nodes[0].gas->heat_capacity_A = k.a;
    c.network.nodes[0].gas->heat_capacity_B = k.b;
    c.network.nodes[0].gas->heat_capacity_C = k.c;
    if (k.station) {
      Arc cs = MakePipe("CS", "S", "N", 0, 22);
      cs.kind = ArcKind::kCompressorStation;
      c.network.arcs.push_back(cs);
      c.network.BuildIndex();
    }
    const Outcome res = Validate(c);
    EXPECT_EQ(HasRule(res.d, "gas-heat-capacity", "source 'S'", Diagnostic::Severity::kWarning),
              k.warned)
        << res.d.ToString();
    if (k.a == 32.23 && k.warned)
      EXPECT_NE(res.d.ToString().find("gives c_p = 29.35 J/(mol K) at 15 degC, an isentropic "
                                      "exponent of 1.395"),
                std::string::npos)
          << res.d.ToString();
    if (k.c == 1e308)
      EXPECT_NE(res.d.ToString().find("gives no finite c_p at 15 degC: the steady gas leaves "
                                      "this source's heat capacity out"),
                std::string::npos)
          << res.d.ToString();
  }
}

TEST(Validate, ElementRules) {
  GasCase c = Tiny();
  Network& n = c.network;
  n.nodes[0].gas->norm_density_kg_per_m3 = 0.0;
  n.nodes[0].gas->molar_mass_kg_per_mol = -1.0;
  n.nodes[2].flow_min_m3_per_s = 5.0;
  n.nodes[2].flow_max_m3_per_s = 1.0;
  n.arcs[0].pipe.diameter_m = 0.0;
  n.arcs[1].pipe.roughness_m = -1e-4;
  Arc r = MakePipe("R", "S", "T", 0, 20);
  r.kind = ArcKind::kResistor;
  n.arcs.push_back(r);
  Arc cv = MakePipe("CV", "N", "T", 0, 21);
  cv.kind = ArcKind::kControlValve;
  cv.control_valve.pressure_differential_min_Pa = 5e5;
  cv.control_valve.pressure_differential_max_Pa = 1e5;
  cv.flow_min_m3_per_s = 10;
  cv.flow_max_m3_per_s = 0;
  n.arcs.push_back(cv);
  Arc cs = MakePipe("CS", "S", "N", 0, 22);
  cs.kind = ArcKind::kCompressorStation;
  cs.compressor.fuel_gas_vertex = "T";
  n.arcs.push_back(cs);
  Arc big = MakePipe("ROUGH", "N", "T", 1e3, 23);
  big.pipe.roughness_m = 0.3;
  n.arcs.push_back(big);
  n.BuildIndex();
  Outcome res = Validate(c);
  EXPECT_FALSE(res.s.usable);
  EXPECT_TRUE(HasRule(res.d, "positive-gas-property", "source 'S'"));
  EXPECT_TRUE(HasRule(res.d, "min-max", "sink 'T'"));
  EXPECT_TRUE(HasRule(res.d, "positive-diameter", "pipe 'P1'"));
  EXPECT_TRUE(HasRule(res.d, "negative-roughness", "pipe 'P2'"));
  EXPECT_TRUE(HasRule(res.d, "resistor-data", "resistor 'R'"));
  EXPECT_TRUE(HasRule(res.d, "min-max", "controlValve 'CV'"));
  EXPECT_TRUE(HasRule(res.d, "roughness-diameter", "pipe 'ROUGH'"));
  EXPECT_TRUE(HasRule(res.d, "fuel-gas-vertex-off-arc", "compressorStation 'CS'",
                      Diagnostic::Severity::kWarning));
  // Two gas properties + flow bounds + diameter + roughness + resistor + 2 control valve
  // (differential, flow bounds) + roughness/diameter.
  EXPECT_EQ(res.d.error_count(), 9u) << res.d.ToString();
  for (const Diagnostic& x : res.d.items()) {
    EXPECT_EQ(x.file, "code.net");
    EXPECT_GT(x.line, 0) << x.ToString();
  }
}

// A node nominated twice would count its flow twice: rule duplicate-nomination, at the
// second, naming the first's line (untested before: an audit's finding).
TEST(Validate, ANodeNominatedTwiceIsAnError) {
  GasCase c = Tiny();
  Nomination n = Nom(10.0, 10.0);
  NodeNomination again = n.nodes[1];
  again.line = 9;
  n.nodes.push_back(again);
  c.nomination = n;
  Outcome res = Validate(c);
  EXPECT_FALSE(res.s.usable);
  bool found = false;
  for (const Diagnostic& x : res.d.items())
    found |= x.rule == "duplicate-nomination" && x.line == 9 && x.file == "code.scn" &&
             x.message.find("first on line 6") != std::string::npos;
  EXPECT_TRUE(found) << res.d.ToString();
}

// An id with a control character cannot be written as XML and means nothing: rule bad-id,
// with the finding on one line (the character shown as \xNN).
TEST(Validate, IdsWithControlCharactersAreRefused) {
  GasCase c = Tiny();
  c.network.nodes[1].id = "N\x01x";
  c.network.arcs[0].to = "N\x01x";
  c.network.arcs[1].from = "N\x01x";
  c.network.arcs[1].id = "P\n2";
  c.network.BuildIndex();
  Outcome res = Validate(c);
  EXPECT_FALSE(res.s.usable);
  EXPECT_TRUE(HasRule(res.d, "bad-id", "N\x01x")) << res.d.ToString();
  EXPECT_TRUE(HasRule(res.d, "bad-id", "P\n2")) << res.d.ToString();
  const std::string text = res.d.ToString();
  EXPECT_NE(text.find("'N\\x01x'"), std::string::npos) << text;
  EXPECT_NE(text.find("'P\\x0A2'"), std::string::npos) << text;
  EXPECT_EQ(res.d.error_count(), 2u) << text;
  // The noncharacters U+FFFE and U+FFFF neither (XML 1.0 excludes them; xmllint stops at
  // one), U+FFFD passes.
  GasCase n = Tiny();
  n.network.nodes[1].id = "N\xEF\xBF\xBEx";
  n.network.arcs[0].to = n.network.nodes[1].id;
  n.network.arcs[1].from = n.network.nodes[1].id;
  n.network.arcs[1].id = "P\xEF\xBF\xBD" "2";
  n.network.BuildIndex();
  res = Validate(n);
  EXPECT_FALSE(res.s.usable);
  EXPECT_TRUE(HasRule(res.d, "bad-id", "N\xEF\xBF\xBEx")) << res.d.ToString();
  EXPECT_NE(res.d.ToString().find("node id holds the noncharacter U+FFFE"), std::string::npos)
      << res.d.ToString();
  EXPECT_EQ(res.d.error_count(), 1u) << res.d.ToString();
}

// Values no gas network has (rule implausible-value): each named with its element, the
// value and the plausible range; the ends of the ranges themselves pass.
TEST(Validate, ImplausibleValuesAreErrors) {
  GasCase c = Tiny();
  Network& n = c.network;
  n.nodes[0].gas->molar_mass_kg_per_mol = 1e300;
  n.nodes[0].gas->pseudocritical_temperature_K = 1e-300;
  n.nodes[1].pressure_max_Pa = 1e308;
  n.nodes[2].height_m = 20000.0;
  n.arcs[0].pipe.length_m = 1e300;
  n.arcs[0].pipe.roughness_m = 5e-324;  // D/k overflowed: the rough-pipe laws lost friction
  n.arcs[1].pipe.diameter_m = 1e-6;
  n.arcs[1].pipe.roughness_m = 0.0;
  Arc cs = MakePipe("CS", "S", "N", 0, 22);
  cs.kind = ArcKind::kCompressorStation;
  cs.compressor.pressure_out_max_Pa = 5000e5;
  n.arcs.push_back(cs);
  n.BuildIndex();
  c.nomination = Nom(1e12, 1e12);
  c.nomination->ambient_temperature_K = 1e300;
  Outcome r = Validate(c);
  EXPECT_FALSE(r.s.usable);
  const std::string all = r.d.ToString();
  for (const char* want :
       {"code.net:1: error: source 'S': molarMass 1e+303 kg/kmol is not a value a gas network "
        "has (plausible: 1 to 200 kg/kmol) [implausible-value]",
        "code.net:1: error: source 'S': pseudocriticalTemperature 1e-300 K is not a value a gas "
        "network has (plausible: 1 to 1000 K)",
        "code.net:2: error: innode 'N': pressureMax 1e+303 bar is not a value a gas network has "
        "(plausible: at most 1000 bar)",
        "code.net:3: error: sink 'T': height 20000 m is not a value a gas network has "
        "(plausible: -11000 to 9000 m)",
        "code.net:4: error: pipe 'P1': length 1e+297 km is not a value a gas network has "
        "(plausible: 1e-06 to 40000 km)",
        "code.net:4: error: pipe 'P1': roughness 4.94e-321 mm is not a value a gas "
        "network has (plausible: 0 for a smooth pipe, or at least 1e-06 mm) "
        "[implausible-value]",
        "code.net:5: error: pipe 'P2': diameter 0.001 mm is not a value a gas network has "
        "(plausible: 1 to 10000 mm)",
        "code.net:5: warning: pipe 'P2': roughness 0: the rough-pipe friction laws (nikuradse, "
        "simulate's default, and pandapipes-nikuradse) refuse a smooth pipe; colebrook-white "
        "and hofer take it [smooth-pipe]",
        "code.net:22: error: compressorStation 'CS': pressureOutMax 5000 bar is not a value",
        "code.scn:3: error: node 'S': nominated flow 3.6e+12 1000 Nm3/h is not a value a gas "
        "network has (plausible: -1e+06 to 1e+06 1000 Nm3/h)",
        "code.scn:6: error: node 'T': nominated flow 3.6e+12 1000 Nm3/h",
        "code.scn: error: scenario 'nom': ambient temperature 1e+300 K is not a value a gas "
        "network has (plausible: 173.15 to 473.15 K)"})
    EXPECT_NE(all.find(want), std::string::npos) << want << "\n" << all;
  EXPECT_EQ(r.d.error_count(), 11u) << all;
  // A value that does not fit a double in the file's unit: value and range both in SI (they
  // were given in two units, m3/s against 1000 Nm3/h).
  GasCase f = Tiny();
  f.network.nodes[2].flow_min_m3_per_s = 1e308;
  f.network.nodes[2].flow_max_m3_per_s = std::numeric_limits<double>::max();
  Outcome fr = Validate(f);
  const std::string ft = fr.d.ToString();
  EXPECT_NE(ft.find("flowMin 1e+308 m3/s is not a value a gas network has (plausible: "
                    "-277778 to 277778 m3/s)"),
            std::string::npos)
      << ft;
  // Nor one that underflows there: 5e-324 m read "length 0 km" beside a range from 1e-06 km.
  GasCase u = Tiny();
  u.network.arcs[0].pipe.length_m = 5e-324;
  const std::string ut = Validate(u).d.ToString();
  EXPECT_NE(ut.find("length 4.94066e-324 m is not a value a gas network has (plausible: 0.001 "
                    "to 4e+07 m)"),
            std::string::npos)
      << ut;

  // The ends of the ranges are plausible.
  GasCase edge = Tiny();
  Network& e = edge.network;
  e.nodes[0].gas->molar_mass_kg_per_mol = plausible::kMaxMolarMass_kg_per_mol;
  e.nodes[0].gas->temperature_K = plausible::kMinTemperature_K;
  e.nodes[1].pressure_max_Pa = plausible::kMaxPressure_Pa;
  e.nodes[2].height_m = plausible::kMinHeight_m;
  e.arcs[0].pipe.length_m = plausible::kMaxLength_m;
  e.arcs[0].pipe.roughness_m = plausible::kMinPositiveRoughness_m;
  e.arcs[1].pipe.diameter_m = plausible::kMaxDiameter_m;
  edge.nomination = Nom(plausible::kMaxFlow_m3_per_s, plausible::kMaxFlow_m3_per_s);
  r = Validate(edge);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  EXPECT_EQ(r.d.error_count(), 0u) << r.d.ToString();
}

// A roughness of 0.1 m (100 mm: millimetres written as metres) was "usable", and simulate
// then said infeasible far from the cause; above 10 mm it is implausible-value, 10 mm is not.
TEST(Validate, RoughnessAboveTenMillimetresIsImplausible) {
  GasCase c = Tiny();
  c.network.arcs[0].pipe.roughness_m = 0.1;  // below D/2 = 250 mm: no roughness-diameter
  Outcome r = Validate(c);
  EXPECT_FALSE(r.s.usable);
  EXPECT_NE(r.d.ToString().find("code.net:4: error: pipe 'P1': roughness 100 mm is not a value "
                                "a gas network has (plausible: at most 10 mm) "
                                "[implausible-value]"),
            std::string::npos)
      << r.d.ToString();
  EXPECT_EQ(r.d.error_count(), 1u) << r.d.ToString();
  c.network.arcs[0].pipe.roughness_m = plausible::kMaxRoughness_m;
  r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  // Not small against the diameter: that one finding, not also implausible-value.
  c.network.arcs[0].pipe.roughness_m = 0.3;
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "roughness-diameter", "pipe 'P1'"));
  EXPECT_EQ(r.d.error_count(), 1u) << r.d.ToString();
}

// A node id given twice: every arc and nomination finds the first copy, and the second
// was also an isolated node, a component of its own and one more node in the counts (37 773
// isolated-node warnings for a GasLib-4197 with its nodes given twice). The one finding is
// duplicate-id.
TEST(Validate, SecondCopyOfANodeIdIsLeftOutOfTheGraphAndTheCounts) {
  GasCase c = Tiny();
  Node copy = c.network.nodes[2];  // sink T
  copy.line = 9;
  c.network.nodes.push_back(copy);
  c.network.BuildIndex();
  Outcome r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "duplicate-id", "sink 'T'"));
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();
  EXPECT_EQ(r.s.node_counts[static_cast<int>(NodeKind::kSink)], 1u);
  ASSERT_EQ(r.s.components.size(), 1u) << r.s.Report(c);
  EXPECT_EQ(r.s.components[0].node_count, 3u);
  // Nominated: balanced, and no missing-nomination for the copy either.
  c.nomination = Nom(10, 10);
  r = Validate(c);
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();
  EXPECT_TRUE(r.s.components[0].nomination_balanced);
  // Not nominated: one missing-nomination, for the first copy.
  c.nomination->nodes.pop_back();
  r = Validate(c);
  EXPECT_EQ(r.d.warning_count(), 1u) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "missing-nomination", "sink 'T'", Diagnostic::Severity::kWarning));
}

// An arc named like a node is legal (nodes and arcs are indexed apart), but outputs and
// reports that name an element by its id alone cannot tell the two apart: a warning naming
// both. It was said nowhere.
TEST(Validate, AnArcSharingANodesIdIsWarnedOf) {
  GasCase c = Tiny();
  c.network.arcs[1].id = c.network.nodes[2].id;  // pipe P2 becomes 'T', like sink T
  c.network.nodes[2].line = 3;
  c.network.BuildIndex();
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "shared-id", "pipe 'T'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("arc id 'T' is also the id of a node (sink on line 3)"),
            std::string::npos)
      << r.d.ToString();
  c.network.arcs[1].id = "P2";
  c.network.BuildIndex();
  EXPECT_EQ(Validate(c).d.items().size(), 0u);
}

// A part whose sources the nomination leaves idle has no reference by the default rule
// (a source that injects): simulate "converged" with every pressure undefined, and check
// said "usable" with no word of it (an audit, helper-280).
TEST(Validate, APartWhoseSourcesInjectNothingIsWarnedOf) {
  GasCase c = Tiny();
  c.nomination = Nom(0, 0);
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "undetermined-pressures", "node 'S'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("has sources, but the default rule takes its pressure "
                                "reference from one that injects, and the nomination sends "
                                "no gas there"),
            std::string::npos)
      << r.d.ToString();
  c.nomination = Nom(10, 10);
  EXPECT_FALSE(
      HasRule(Validate(c).d, "undetermined-pressures", "", Diagnostic::Severity::kWarning));
}

// An arc's pressure limits that its ends' bounds leave no room for, and a pressureMax below
// the atmosphere's: each was usable without a word, every state outside a bound (an audit,
// helper-280).
TEST(Validate, PressureLimitsThatCannotHoldTogetherAreWarnedOf) {
  GasCase c = Tiny();  // every node within [40, 70] bar
  c.network.arcs[0].pipe.pressure_max_Pa = 20e5;
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "bounds-conflict", "pipe 'P1'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("its pressureMax 20 bar lies below the pressureMin 40 bar of "
                                "its end 'S': no state keeps both within their bounds"),
            std::string::npos)
      << r.d.ToString();
  c.network.arcs[0].pipe.pressure_max_Pa = 40e5;  // meets it: no finding
  EXPECT_FALSE(HasRule(Validate(c).d, "bounds-conflict", "", Diagnostic::Severity::kWarning));
  c.network.arcs[1].kind = ArcKind::kShortPipe;  // N [40, 70] -- T [80, 90]
  c.network.nodes[2].pressure_min_Pa = 80e5;
  c.network.nodes[2].pressure_max_Pa = 90e5;
  c.network.BuildIndex();
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "bounds-conflict", "shortPipe 'P2'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("their bounds, [40, 70] bar at 'N' and [80, 90] bar at 'T', do "
                                "not meet"),
            std::string::npos)
      << r.d.ToString();
  c = Tiny();
  c.network.nodes[2].pressure_min_Pa = 0.0;
  c.network.nodes[2].pressure_max_Pa = 0.5e5;  // 0.5 bar absolute
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "below-atmospheric", "sink 'T'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
}

// A source whose gas Papay, simulate's default law, cannot hold at its pressureMax: check
// said "usable", and simulate refused the gas at its reference with no file or line (a
// pseudocritical temperature in degrees Rankine, 339.39 for 188.55 K; an audit, helper-280).
TEST(Validate, AGasPapayCannotHoldAtItsPressureIsWarnedOf) {
  GasCase c = Tiny();
  c.network.nodes[0].pressure_max_Pa = 110e5;
  c.network.nodes[0].gas->pseudocritical_temperature_K = 339.39;
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "eos-range", "source 'S'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("no gas has that, and simulate refuses it at a pressure "
                                "reference there"),
            std::string::npos)
      << r.d.ToString();
  c.network.nodes[0].gas->pseudocritical_temperature_K = 188.55;
  EXPECT_FALSE(HasRule(Validate(c).d, "eos-range", "", Diagnostic::Severity::kWarning));
}

// A pipe shorter than the rise between its ends, or far shorter than the straight line
// between their coordinates, is a slip: a 1 km pipe 5 000 m up, a 198.6 m pipe (km written
// as m) between coordinates 149.7 km apart were usable (an audit, helper-280). A pipe 10 %
// short of the line, as a route whose ends are towns' coordinates may be, is not said.
TEST(Validate, APipeShorterThanItsGeometryIsWarnedOf) {
  GasCase c = Tiny();  // P1: S -> N
  c.network.arcs[0].pipe.length_m = 5e3;
  c.network.nodes[1].height_m = 6e3;  // 6 000 m above S
  Outcome r = Validate(c);
  EXPECT_NE(r.d.ToString().find("pipe 'P1': its length 5 km is less than the 6000 m its ends "
                                "lie apart in height"),
            std::string::npos)
      << r.d.ToString();
  c.network.nodes[1].height_m = 0.0;
  // S at (41.0, 49.0), N 0.1 degree of latitude north: about 11.1 km.
  c.network.nodes[0].lat_deg = 41.0;
  c.network.nodes[0].lon_deg = 49.0;
  c.network.nodes[1].lat_deg = 41.1;
  c.network.nodes[1].lon_deg = 49.0;
  c.network.arcs[0].pipe.length_m = 2e3;
  r = Validate(c);
  EXPECT_NE(r.d.ToString().find("pipe 'P1': its length 2 km is 82 % short of the 11.1 km "
                                "straight line between its ends' coordinates"),
            std::string::npos)
      << r.d.ToString();
  c.network.arcs[0].pipe.length_m = 10e3;  // 10 % short: within the coordinates' slack
  EXPECT_FALSE(HasRule(Validate(c).d, "length-geometry", "", Diagnostic::Severity::kWarning));
}

// One slip in a nomination, one finding: an entry written as an exit was wrong-node-type and
// an unbalanced-nomination of -320 (229 %); a misspelt node was unknown-node, and the part
// it meant unbalanced too (an audit, helper-280).
TEST(Validate, ANominationSlipIsNotAlsoAnImbalance) {
  GasCase c = Tiny();
  c.nomination = Nom(10, 10);
  c.nomination->nodes[0].is_entry = false;  // S, a source, nominated as an exit
  Outcome r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "wrong-node-type", "node 'S'")) << r.d.ToString();
  EXPECT_FALSE(HasRule(r.d, "unbalanced-nomination")) << r.d.ToString();
  c.nomination = Nom(10, 10);
  c.nomination->nodes[0].node_id = "Z";  // no such node
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "unknown-node")) << r.d.ToString();
  EXPECT_FALSE(HasRule(r.d, "unbalanced-nomination")) << r.d.ToString();
  c.nomination = Nom(10, 12);  // a real imbalance is still one
  EXPECT_TRUE(HasRule(Validate(c).d, "unbalanced-nomination"));
}

// An element the solve may hold ideal between nodes of different heights is said: its
// ends are held at one pressure without the gas column's weight, and a loop of it and a
// pipe drove gas round for ever (an audit's siphon: 12.6 kg/s at zero pressure difference).
// A pipe across the same heights is no such element.
TEST(Validate, AnIdealElementAcrossAHeightIsWarnedOf) {
  GasCase c = Tiny();
  c.network.nodes[1].height_m = 50.0;
  c.network.arcs[0].kind = ArcKind::kShortPipe;  // S (0 m) -> N (50 m)
  c.network.BuildIndex();
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "ideal-height", "shortPipe 'P1'", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("its ends lie 50 m apart in height ('S' at 0 m, 'N' at 50 m)"),
            std::string::npos)
      << r.d.ToString();
  c.network.nodes[1].height_m = 0.9;  // within 1 m: not said
  c.network.BuildIndex();
  EXPECT_FALSE(HasRule(Validate(c).d, "ideal-height", "", Diagnostic::Severity::kWarning));
  c.network.nodes[1].height_m = 50.0;
  c.network.arcs[0].kind = ArcKind::kPipe;
  c.network.BuildIndex();
  EXPECT_FALSE(HasRule(Validate(c).d, "ideal-height", "", Diagnostic::Severity::kWarning));
}

// One mistake in a nomination, one finding: a node nominated twice was also counted twice
// in the balance (unbalanced-nomination), a lower flow above the upper was balanced with its
// middle (unbalanced-nomination), and a nominated flow was held against a node's inverted
// [flowMin, flowMax] (flow-outside-bounds).
TEST(Validate, AnInvertedOrRepeatedNominationIsOneFinding) {
  GasCase c = Tiny();
  c.nomination = Nom(10, 10);
  NodeNomination again = c.nomination->nodes[1];
  again.line = 9;
  c.nomination->nodes.push_back(again);
  Outcome r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "duplicate-nomination", "node 'T'"));
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();
  EXPECT_DOUBLE_EQ(r.s.total_exit_flow_m3_per_s, 10.0);

  c.nomination = Nom(10, 10);
  c.nomination->nodes[0].flow_lower_m3_per_s = 30;  // middle 20 against the exit's 10
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "min-max", "node 'S'"));
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();

  c.nomination = Nom(10, 10);
  c.network.nodes[2].flow_min_m3_per_s = 50.0;  // above its flowMax 0
  c.network.nodes[2].flow_max_m3_per_s = 0.0;
  r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "min-max", "sink 'T'"));
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();
}

// A resistor given both a drag factor and a pressure loss: which was meant is not guessed
// (the solver took the drag and dropped the loss unsaid). Either at 0 is the other alone.
TEST(Validate, AResistorWithBothLossesIsRefused) {
  GasCase c = Tiny();
  Arc r = MakePipe("R", "N", "T", 0, 7);
  r.kind = ArcKind::kResistor;
  r.resistor.drag_factor = 5.4;
  r.resistor.diameter_m = 0.5;
  r.resistor.pressure_loss_Pa = 5e5;
  c.network.arcs[1] = r;
  c.network.BuildIndex();
  Outcome res = Validate(c);
  EXPECT_FALSE(res.s.usable);
  EXPECT_NE(res.d.ToString().find("code.net:7: error: resistor 'R': both a pressure loss (5 bar) "
                                  "and a drag factor (5.4, line 7) are given"),
            std::string::npos)
      << res.d.ToString();
  EXPECT_EQ(res.d.error_count(), 1u) << res.d.ToString();
  c.network.arcs[1].resistor.pressure_loss_Pa = 0.0;
  EXPECT_TRUE(Validate(c).s.usable);
  c.network.arcs[1].resistor.pressure_loss_Pa = 5e5;
  c.network.arcs[1].resistor.drag_factor = 0.0;
  EXPECT_TRUE(Validate(c).s.usable);
}

// A flow just outside a bound is written with the digits that tell it from the bound: six
// read "nominated flow 100 lies outside the node's [flowMin, flowMax] = [100, 900]".
TEST(Validate, AFlowJustOutsideItsBoundIsToldFromIt) {
  GasCase c = Tiny();
  c.nomination = Nom(100 / 3.6, 100 / 3.6);            // 100 1000 Nm3/h in and out
  c.network.nodes[2].flow_min_m3_per_s = 100.0001 / 3.6;  // 100.0001 1000 Nm3/h
  Outcome r = Validate(c);
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("nominated flow 100 lies outside the node's [flowMin, flowMax] "
                                "= [100.0001, 360] (1000 Nm3/h, network line 3)"),
            std::string::npos)
      << r.d.ToString();
}

// A network without a source has no gas data; a simulation took corridor's default gas
// unsaid ("usable", no warning).
TEST(Validate, ANetworkWithoutASourceIsWarnedOfItsGas) {
  GasCase c = Tiny();
  c.network.nodes[0].kind = NodeKind::kSink;
  c.network.nodes[0].gas.reset();
  c.nomination = Nom(0, 10);
  c.nomination->nodes[0].is_entry = false;  // S, a sink fed back at 10 m3/s
  c.nomination->nodes[0].flow_lower_m3_per_s = c.nomination->nodes[0].flow_upper_m3_per_s = -10;
  c.network.nodes[0].flow_min_m3_per_s = -100;
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable) << r.d.ToString();
  EXPECT_TRUE(HasRule(r.d, "no-source-gas", "", Diagnostic::Severity::kWarning))
      << r.d.ToString();
  EXPECT_EQ(r.d.items().size(), 1u) << r.d.ToString();
  EXPECT_FALSE(HasRule(Validate(Tiny()).d, "no-source-gas", "", Diagnostic::Severity::kWarning));
}

TEST(Validate, MissingGasDataAndEmptyNetwork) {
  GasCase c = Tiny();
  c.network.nodes[0].gas.reset();
  Outcome r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "missing-gas-data", "source 'S'"));
  GasCase empty;
  r = Validate(empty);
  EXPECT_TRUE(HasRule(r.d, "empty-network"));
  EXPECT_FALSE(r.s.usable);
}

TEST(Validate, StationDataCrossChecks) {
  GasCase c = Tiny();
  Arc cs = MakePipe("CS", "S", "N", 0, 22);
  cs.kind = ArcKind::kCompressorStation;
  cs.compressor.fuel_gas_vertex = "S";
  c.network.arcs.push_back(cs);
  c.network.BuildIndex();
  CompressorStationData data;
  data.source_file = "code.cs";
  StationMachines m;
  m.id = "CS";
  m.line = 7;
  TurboCompressor t;
  t.id = "c1";
  t.drive = "d9";  // no such drive
  t.speed_min_per_s = 100;
  t.speed_max_per_s = 50;  // min > max
  t.line = 8;
  m.turbo.push_back(t);
  Drive d;
  d.id = "d1";
  m.drives.push_back(d);
  Configuration conf;
  conf.id = "conf1";
  conf.line = 9;
  ConfigurationStage stage;
  stage.stage_nr = 1;
  stage.units.push_back({"c7", 80.0});  // no such compressor
  conf.stages.push_back(stage);
  m.configurations.push_back(conf);
  data.stations.push_back(m);
  StationMachines other;
  other.id = "CS_elsewhere";
  other.line = 20;
  data.stations.push_back(other);
  c.stations = data;
  Outcome r = Validate(c);
  EXPECT_TRUE(HasRule(r.d, "unknown-drive", "compressorStation 'CS'"));
  EXPECT_TRUE(HasRule(r.d, "min-max", "compressorStation 'CS'"));
  EXPECT_TRUE(HasRule(r.d, "unknown-compressor", "compressorStation 'CS'"));
  EXPECT_TRUE(HasRule(r.d, "unknown-station", "CS_elsewhere", Diagnostic::Severity::kWarning));
  EXPECT_EQ(r.d.error_count(), 3u) << r.d.ToString();
}

TEST(Validate, DecisionsNamingMissingArcsAreWarnings) {
  GasCase c = Tiny();
  CombinedDecisions cdf;
  cdf.source_file = "code.cdf";
  DecisionGroup g;
  g.id = "g1";
  Decision dec;
  dec.id = "d1";
  DecisionElement e1;
  e1.kind = DecisionElement::Kind::kValve;
  e1.arc_id = "valve_22";
  e1.line = 5;
  DecisionElement e2;
  e2.kind = DecisionElement::Kind::kValve;
  e2.arc_id = "P1";  // a pipe, not a valve
  e2.line = 6;
  dec.elements = {e1, e2};
  g.decisions.push_back(dec);
  cdf.groups.push_back(g);
  c.decisions = cdf;
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable);
  EXPECT_TRUE(HasRule(r.d, "unknown-arc", "valve 'valve_22'", Diagnostic::Severity::kWarning));
  EXPECT_TRUE(HasRule(r.d, "wrong-arc-kind", "valve 'P1'", Diagnostic::Severity::kWarning));
}

// A decision that opens a valve for a direction its own flow bounds forbid is a warning at
// the entry; the allowed direction, a closed valve and bounds both 0 are not.
TEST(Validate, ADecidedDirectionAgainstTheFlowBoundsIsAWarning) {
  GasCase c = Tiny();
  Arc v;
  v.id = "V";
  v.kind = ArcKind::kValve;
  v.from = "N";
  v.to = "T";
  v.line = 7;
  v.flow_min_m3_per_s = -10.0;
  v.flow_max_m3_per_s = 0.0;  // backwards only
  c.network.arcs.push_back(v);
  v.id = "W";  // no bounds
  v.flow_min_m3_per_s = v.flow_max_m3_per_s = 0.0;
  c.network.arcs.push_back(v);
  c.network.BuildIndex();
  CombinedDecisions cdf;
  cdf.source_file = "code.cdf";
  auto el = [](const char* id, int value, int dir, int line) {
    DecisionElement e;
    e.kind = DecisionElement::Kind::kValve;
    e.arc_id = id;
    e.value = value;
    if (value == 1) e.flow_direction = dir;
    e.line = line;
    return e;
  };
  Decision fwd{"fwd", {el("V", 1, 0, 5), el("W", 1, 0, 6)}, 4};
  Decision back{"back", {el("V", 1, 1, 9), el("W", 1, 1, 10)}, 8};
  Decision shut{"shut", {el("V", 0, 0, 12), el("W", 0, 0, 13)}, 11};
  cdf.groups.push_back({"g", {fwd, back, shut}, 3});
  c.decisions = cdf;
  Outcome r = Validate(c);
  EXPECT_TRUE(r.s.usable);
  int said = 0;
  for (const Diagnostic& d : r.d.items()) {
    if (d.rule != "direction-against-flow-bounds") continue;
    ++said;
    EXPECT_EQ(d.severity, Diagnostic::Severity::kWarning);
    EXPECT_EQ(d.line, 5) << d.ToString();
    EXPECT_NE(d.ToString().find("code.cdf:5: warning: valve 'V': decision 'fwd' of group 'g' "
                                "opens it for flow from -> to, but its flowMax is 0 1000 "
                                "Nm3/h (network line 7)"),
              std::string::npos)
        << d.ToString();
  }
  EXPECT_EQ(said, 1) << r.d.ToString();
}

// Most of the arcs named missing from the network (three or more): a file for another
// network, one error (foreign-decisions) instead of a warning per entry.
TEST(Validate, DecisionsForAnotherNetworkAreAnError) {
  GasCase c = Tiny();
  CombinedDecisions cdf;
  cdf.source_file = "other.cdf";
  DecisionGroup g;
  g.id = "g1";
  Decision dec;
  dec.id = "d1";
  for (const char* id : {"valve_1", "valve_2", "valve_3", "P1"}) {
    DecisionElement e;
    e.kind = DecisionElement::Kind::kValve;
    e.arc_id = id;
    e.line = 5;
    dec.elements.push_back(e);
  }
  g.decisions.push_back(dec);
  cdf.groups.push_back(g);
  c.decisions = cdf;
  Outcome r = Validate(c);
  EXPECT_FALSE(r.s.usable);
  EXPECT_TRUE(HasRule(r.d, "foreign-decisions"));
  EXPECT_EQ(r.d.error_count(), 1u) << r.d.ToString();
  EXPECT_EQ(r.d.warning_count(), 0u) << r.d.ToString();
  EXPECT_NE(r.d.ToString().find("other.cdf: error: 3 of the 4 arcs the decisions name are not "
                                "in the network 'code.net'"),
            std::string::npos)
      << r.d.ToString();
}

TEST(Validate, NoHiddenStateAcrossThreads) {
  GasCase good = Tiny();
  good.nomination = Nom(10, 10);
  GasCase bad = Tiny();
  bad.nomination = Nom(10, 5);
  std::vector<std::string> reports(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 50; ++k) {
        const GasCase& c = i % 2 ? bad : good;
        Outcome r = Validate(c);
        reports[i] = r.s.Report(c) + r.d.ToString();
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 2; i < 8; ++i) EXPECT_EQ(reports[i], reports[i % 2]);
  EXPECT_NE(reports[0], reports[1]);
}

}  // namespace
}  // namespace corridor
