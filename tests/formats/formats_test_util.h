// Helpers of the format tests: the GasLib file sets, loading one, and an in-memory case
// that sets every field of the model (so that the JSON round trip is tested whether or not
// the shared data is there).
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "corridor/io.h"
#include "corridor/units.h"
#include "test_util.h"

namespace corridor::test {

/// One loadable GasLib case: a .net plus its nomination, .cs and .cdf where they exist.
struct GasLibSet {
  std::string name;
  std::vector<std::string> files;  // below GasLibDir()
};

inline std::vector<GasLibSet> GasLibSets() {
  std::vector<GasLibSet> sets = {
      {"GasLib-11", {"GasLib-11/GasLib-11.net", "GasLib-11/GasLib-11.scn", "GasLib-11/GasLib-11.cs"}},
      {"GasLib-24", {"GasLib-24/GasLib-24.net", "GasLib-24/GasLib-24.scn", "GasLib-24/GasLib-24.cs"}},
      {"GasLib-40", {"GasLib-40/GasLib-40.net", "GasLib-40/GasLib-40.scn", "GasLib-40/GasLib-40.cs"}},
      {"GasLib-135",
       {"GasLib-135/GasLib-135.net", "GasLib-135/GasLib-135.scn", "GasLib-135/GasLib-135.cs"}},
      {"GasLib-582",
       {"GasLib-582/GasLib-582-v2.net", "GasLib-582/nomination_cold_5.scn",
        "GasLib-582/GasLib-582-v2.cs", "GasLib-582/GasLib-582-v2.cdf"}},
      {"GasLib-4197",
       {"GasLib-4197/GasLib-4197.net", "GasLib-4197/nomination_mild_0006.scn",
        "GasLib-4197/GasLib-4197.cs", "GasLib-4197/GasLib-4197.cdf"}},
  };
  for (const char* day : {"2011-11-01", "2011-11-02", "2012-01-15", "2012-05-16", "2012-07-01",
                          "2013-01-31", "2014-02-01", "2015-09-12", "2016-01-28", "2016-02-17"})
    sets.push_back({std::string("GasLib-134 ") + day,
                    {"GasLib-134/GasLib-134-v2.net",
                     std::string("GasLib-134/nominations/") + day + ".scn"}});
  return sets;
}

/// Loads a set through LoadCase; fails the test (with the diagnostics) when it does not load.
inline bool LoadSet(const GasLibSet& set, GasCase* c) {
  std::vector<std::string> paths;
  for (const std::string& f : set.files) paths.push_back(GasLibDir() + "/" + f);
  Diagnostics diag(20);
  Status s = LoadCase(paths, c, &diag);
  EXPECT_TRUE(s.ok()) << set.name << ": " << s.ToString() << "\n" << diag.ToString();
  return s.ok();
}

/// A case that sets every field the model has, with awkward doubles (1/3, 0.1 + 0.2,
/// subnormals, 1e300, negative zero is avoided on purpose: it compares equal anyway),
/// awkward strings (quotes, backslashes, non-ASCII, "<&>") and every arc kind.
inline GasCase EveryFieldCase() {
  GasCase c;
  Network& n = c.network;
  n.info = {"title \"quoted\" \\ back", "gas", "2026-11-28", "doc <&> Ünïcødé\nsecond line", ""};

  Node s;
  s.id = "S1";
  s.kind = NodeKind::kSource;
  s.alias = "";
  s.has_alias = true;
  s.x = 1.0 / 3.0;
  s.y = -1e300;
  s.lat_deg = 48.9636070987;
  s.lon_deg = 6.83756607565;
  s.height_m = -2.799999952;
  s.pressure_min_Pa = 101325.0;
  s.pressure_max_Pa = 8101325.0;
  s.flow_min_m3_per_s = -10000 * units::kThousandM3PerHour;
  s.flow_max_m3_per_s = 0.1 + 0.2;
  SourceGas g;
  g.temperature_K = 283.15;
  g.calorific_value_J_per_m3 = 36454367.0654;
  g.norm_density_kg_per_m3 = 0.785;
  g.molar_mass_kg_per_mol = 0.0185674;
  g.pseudocritical_pressure_Pa = 4592934.57336;
  g.pseudocritical_temperature_K = 188.549758911;
  g.heat_capacity_A = 31.8251781464;
  g.heat_capacity_B = -0.00846800766885;
  g.heat_capacity_C = 7.44647331885e-05;
  s.gas = g;
  n.nodes.push_back(s);

  Node t;
  t.id = "T\u00e9 \"1\"";
  t.kind = NodeKind::kSink;
  t.x = std::numeric_limits<double>::denorm_min();
  t.y = std::numeric_limits<double>::max();
  t.height_m = 506.0;
  t.pressure_min_Pa = 0.0;
  t.pressure_max_Pa = 1e7 / 3.0;
  t.flow_min_m3_per_s = 0.0;
  t.flow_max_m3_per_s = 1.0 / 7.0;
  n.nodes.push_back(t);

  Node i;
  i.id = "I<&>";
  i.kind = NodeKind::kInnode;
  i.pressure_min_Pa = 1.0;
  i.pressure_max_Pa = 2.0;
  n.nodes.push_back(i);

  auto arc = [&](const char* id, ArcKind kind, const char* from, const char* to) {
    Arc a;
    a.id = id;
    a.kind = kind;
    a.from = from;
    a.to = to;
    a.flow_min_m3_per_s = -1.0 / 3.0;
    a.flow_max_m3_per_s = 1e-310;  // subnormal
    return a;
  };
  Arc p = arc("P", ArcKind::kPipe, "S1", "I<&>");
  p.alias = "alias with space";
  p.has_alias = true;
  p.pipe = {13071.0852297, 0.9144, 8e-06, 2.0, 2e7};
  n.arcs.push_back(p);
  Arc p2 = arc("P2", ArcKind::kPipe, "I<&>", "missing-node");  // left to validation
  p2.pipe = {10.0, 0.5, 5e-5, std::nullopt, std::nullopt};
  n.arcs.push_back(p2);
  n.arcs.push_back(arc("SP", ArcKind::kShortPipe, "I<&>", t.id.c_str()));
  Arc r = arc("R1", ArcKind::kResistor, "I<&>", t.id.c_str());
  r.resistor = {0.0, 0.4, std::nullopt};
  n.arcs.push_back(r);
  Arc r2 = arc("R2", ArcKind::kResistor, "I<&>", t.id.c_str());
  r2.resistor = {std::nullopt, std::nullopt, 50000.0};
  n.arcs.push_back(r2);
  Arc v = arc("V", ArcKind::kValve, "I<&>", t.id.c_str());
  v.valve.pressure_differential_max_Pa = 1.2e7;
  n.arcs.push_back(v);
  Arc cv = arc("CV", ArcKind::kControlValve, "I<&>", t.id.c_str());
  cv.control_valve.pressure_differential_min_Pa = 0.0;
  cv.control_valve.pressure_differential_max_Pa = 1.2e7;
  cv.control_valve.pressure_in_min_Pa = 2101325.0;
  cv.control_valve.pressure_out_max_Pa = 8000325.0;
  cv.control_valve.internal_bypass_required = 1;
  cv.control_valve.gas_preheater_existing = 0;
  cv.control_valve.loss_in.pressure_loss_Pa = 75000.0;
  cv.control_valve.loss_out.drag_factor = 0.0;
  cv.control_valve.loss_out.diameter_m = 0.9;
  n.arcs.push_back(cv);
  Arc cs = arc("CS", ArcKind::kCompressorStation, "S1", "I<&>");
  cs.compressor.fuel_gas_vertex = "S1";
  cs.compressor.internal_bypass_required = 0;
  cs.compressor.gas_cooler_existing = 1;
  cs.compressor.pressure_in_min_Pa = 4202325.0;
  cs.compressor.pressure_out_max_Pa = 7202325.0;
  cs.compressor.loss_in = {50000.0, 18.0, 0.9};
  cs.compressor.loss_out = {std::nullopt, 16.0, 0.9};
  n.arcs.push_back(cs);
  Arc cs2 = arc("CS-bare", ArcKind::kCompressorStation, "S1", "I<&>");
  n.arcs.push_back(cs2);
  n.BuildIndex();

  Nomination nom;
  nom.id = "scenario \"1\"";
  // Each file's own notices (the comments heading it), kept through every format.
  nom.notices = {" Scenario 1: Ünïcødé <&>\n     second line ", " a second comment "};
  nom.probability = 0.025;
  nom.scenario_temperature_K = 280.15;
  nom.contract_date = "2015-10-02";
  nom.soil_temperature_K = 282.65;
  nom.ambient_temperature_K = 280.15;
  NodeNomination e;
  e.node_id = "S1";
  e.is_entry = true;
  e.flow_lower_m3_per_s = e.flow_upper_m3_per_s = 146.403792395 * units::kThousandM3PerHour;
  e.pressure_lower_Pa = 5101325.0;
  e.pressure_upper_Pa = 8101325.0;
  e.contract_pressure_max_Pa = 8601325.0;
  nom.nodes.push_back(e);
  NodeNomination x;
  x.node_id = t.id;
  x.is_entry = false;
  x.flow_lower_m3_per_s = -426.42 * units::kThousandM3PerHour;  // negative exits exist
  x.flow_upper_m3_per_s = -426.0 * units::kThousandM3PerHour;
  nom.nodes.push_back(x);
  nom.arcs.push_back({"P", 311.0, 0});
  nom.arcs.push_back({"P2", std::nullopt, 0});
  c.nomination = nom;

  CompressorStationData st;
  st.notices = {" machine data: ESTIMATES "};
  StationMachines m;
  m.id = "CS";
  TurboCompressor tc;
  tc.id = "turbo_1";
  tc.drive = "drive_1";
  tc.speed_min_per_s = 4000.0 / 60.0;
  tc.speed_max_per_s = 7000.0 / 60.0;
  for (int k = 0; k < 9; ++k) {
    tc.n_isoline[k] = 1.0 / (k + 3);
    // (An efficiency near 0.8 over the measured points below: efficiency-range.)
    tc.eta_isoline[k] = k == 0 ? 0.8 : -1e-12 * k;
  }
  tc.surgeline = {1.0, 2.0, 3.0};
  tc.chokeline = {-1.0, 0.5, 1e-5};
  tc.efficiency_of_chokeline = 0.59;
  tc.surgeline_measurements.push_back({100.0, 20000.0, 1.5});
  tc.characteristic_measurements.push_back({0.8, {{100.0, 20000.0, 1.5}, {110.0, 25000.0, 2.5}}});
  m.turbo.push_back(tc);
  PistonCompressor pc;
  pc.id = "piston_1";
  pc.drive = "drive_2";
  pc.speed_min_per_s = 165.0 / 60.0;
  pc.speed_max_per_s = 350.0 / 60.0;
  pc.operating_volume_m3 = 0.5;
  pc.maximal_torque_N_m = 0.0;
  pc.maximal_compression_ratio = 2.0;
  pc.adiabatic_efficiency = 0.95;
  pc.additional_reduction_vol_flow = 0.35;
  m.piston.push_back(pc);
  Drive d1;
  d1.id = "drive_1";
  d1.kind = DriveKind::kGasTurbine;
  d1.energy_rate = {0.01, 0.0, 0.0};
  d1.power_fun = {1, 2, 3, 4, 5, 6, 7, 8, 9.5};
  d1.fuel_measurements.push_back({1e6, 3e6});
  d1.max_power_measurements.push_back({268.15, {{100.0, 2e7}}});
  m.drives.push_back(d1);
  Drive d2;
  d2.id = "drive_2";
  d2.kind = DriveKind::kGasDrivenMotor;
  d2.energy_rate = {1925.0, 2.5, 1e-4};
  d2.power_fun = {100.0, 2.0, -0.001};
  d2.max_power_measurements.push_back(
      {std::numeric_limits<double>::quiet_NaN(), {{3.0, 1e6}, {5.0, 1.5e6}}});
  m.drives.push_back(d2);
  Configuration conf;
  conf.id = "config_1";
  ConfigurationStage stage;
  stage.stage_nr = 1;
  stage.units.push_back({"turbo_1", 5200.0 / 60.0});
  stage.units.push_back({"piston_1", 300.0 / 60.0});
  conf.stages.push_back(stage);
  m.configurations.push_back(conf);
  st.stations.push_back(m);
  c.stations = st;

  CombinedDecisions cdf;
  cdf.notices = {" decisions "};
  DecisionGroup grp;
  grp.id = "dG_1";
  Decision dec;
  dec.id = "d_1";
  DecisionElement de1;
  de1.kind = DecisionElement::Kind::kValve;
  de1.arc_id = "V";
  de1.value = 1;
  de1.flow_direction = 1;
  dec.elements.push_back(de1);
  DecisionElement de2;
  de2.kind = DecisionElement::Kind::kControlValve;
  de2.arc_id = "CV";
  de2.value = 1;
  de2.mode = "bypass";
  dec.elements.push_back(de2);
  DecisionElement de3;
  de3.kind = DecisionElement::Kind::kCompressorStation;
  de3.arc_id = "CS";
  de3.value = 0;
  dec.elements.push_back(de3);
  grp.decisions.push_back(dec);
  cdf.groups.push_back(grp);
  c.decisions = cdf;
  return c;
}

/// True when some diagnostic (error or warning as asked) names all the given fragments in
/// its full text ("file: severity: element: message [rule]").
inline bool HasDiagnostic(const Diagnostics& diag, Diagnostic::Severity severity,
                          const std::vector<std::string>& fragments) {
  for (const Diagnostic& d : diag.items()) {
    if (d.severity != severity) continue;
    std::string text = d.ToString();
    bool all = true;
    for (const std::string& f : fragments) all = all && text.find(f) != std::string::npos;
    if (all) return true;
  }
  return false;
}

}  // namespace corridor::test
