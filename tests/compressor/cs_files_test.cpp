// Every GasLib .cs and .cdf file loads, with the counts of SCHEMA.md §6/§7, and the
// polynomials reproduce the measurements stored in the files within what SCHEMA.md states.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/compressor_data.h"
#include "corridor/io.h"
#include "cs_test_util.h"

namespace corridor {
namespace {

using test::GasLibDir;

CompressorStationData LoadCs(const std::string& rel) {
  CompressorStationData cs;
  Diagnostics diag;
  Status s = ReadGasLibCompressorStations(GasLibDir() + "/" + rel, &cs, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  EXPECT_EQ(diag.error_count(), 0u) << diag.ToString();
  EXPECT_EQ(diag.warning_count(), 0u) << diag.ToString();
  return cs;
}

CombinedDecisions LoadCdf(const std::string& rel) {
  CombinedDecisions cdf;
  Diagnostics diag;
  Status s = ReadGasLibCombinedDecisions(GasLibDir() + "/" + rel, &cdf, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
  return cdf;
}

// Only coefficients 2, 7, 8 (1-based) non-zero: H = c2 n + c7 Q^2 + c8 Q^2 n.
bool IsThreeTerm(const TurboCompressor& c) {
  for (int k : {0, 2, 3, 4, 5, 8})
    if (c.n_isoline[k] != 0.0) return false;
  return true;
}

// compressor_1 of GasLib-4197 holds two placeholder points (H = 0, Q = 0), SCHEMA.md §6.1.
bool IsPlaceholder(const MapPoint& p) {
  return p.head_J_per_kg == 0.0 && p.volumetric_flow_m3_per_s == 0.0;
}

struct Counts {
  int stations, turbo, piston, gas_turbines, gas_motors, configurations;
  int turbo_with_measurements, drives_with_measurements, two_stage_configs;
};

// SCHEMA.md §6 table.
const std::map<std::string, Counts>& ExpectedCounts() {
  static const std::map<std::string, Counts> m = {
      {"GasLib-11", {2, 2, 0, 2, 0, 2, 0, 0, 0}},
      {"GasLib-24", {3, 6, 0, 6, 0, 6, 0, 0, 1}},
      {"GasLib-40", {6, 6, 0, 6, 0, 6, 0, 0, 0}},
      {"GasLib-135", {29, 29, 0, 29, 0, 29, 29, 0, 0}},
      {"GasLib-582-v2", {5, 8, 1, 8, 1, 10, 8, 1, 0}},
      {"GasLib-4197", {12, 22, 0, 22, 0, 33, 22, 10, 9}},
  };
  return m;
}

TEST(CsFiles, CountsMatchSchema) {
  CORRIDOR_REQUIRE_SHARED();
  for (const auto& f : test::CsFiles()) {
    SCOPED_TRACE(f.name);
    const CompressorStationData cs = LoadCs(f.path);
    Counts got{};
    got.stations = static_cast<int>(cs.stations.size());
    for (const StationMachines& s : cs.stations) {
      got.turbo += static_cast<int>(s.turbo.size());
      got.piston += static_cast<int>(s.piston.size());
      for (const Drive& d : s.drives) {
        (d.kind == DriveKind::kGasTurbine ? got.gas_turbines : got.gas_motors)++;
        if (!d.fuel_measurements.empty() || !d.max_power_measurements.empty())
          got.drives_with_measurements++;
        EXPECT_EQ(d.power_fun.size(), d.kind == DriveKind::kGasTurbine ? 9u : 3u) << d.id;
      }
      got.configurations += static_cast<int>(s.configurations.size());
      for (const Configuration& c : s.configurations)
        if (c.stages.size() == 2) got.two_stage_configs++;
      for (const TurboCompressor& t : s.turbo)
        if (!t.characteristic_measurements.empty() && !t.surgeline_measurements.empty())
          got.turbo_with_measurements++;
    }
    // nominalSpeed outside [speedMin, speedMax]: 5 references in GasLib-24, 4 in 4197
    // (SCHEMA.md §6); efficiencyOfChokeline ranges 135: 0.59, 582: 0.3-0.6, 4197: 0.45-0.82.
    int outside = 0;
    double eta_lo = 1.0, eta_hi = 0.0;
    for (const StationMachines& s : cs.stations) {
      std::map<std::string, std::pair<double, double>> range;
      for (const TurboCompressor& t : s.turbo) {
        range[t.id] = {t.speed_min_per_s, t.speed_max_per_s};
        if (t.efficiency_of_chokeline) {
          eta_lo = std::min(eta_lo, *t.efficiency_of_chokeline);
          eta_hi = std::max(eta_hi, *t.efficiency_of_chokeline);
        }
      }
      for (const PistonCompressor& p : s.piston) range[p.id] = {p.speed_min_per_s, p.speed_max_per_s};
      for (const Configuration& c : s.configurations)
        for (const ConfigurationStage& st : c.stages)
          for (const ConfigurationUnit& u : st.units) {
            const auto [lo, hi] = range.at(u.compressor_id);
            if (u.nominal_speed_per_s < lo || u.nominal_speed_per_s > hi) ++outside;
          }
    }
    const std::map<std::string, int> want_outside = {{"GasLib-24", 5}, {"GasLib-4197", 4}};
    EXPECT_EQ(outside, want_outside.count(f.name) ? want_outside.at(f.name) : 0);
    const std::map<std::string, std::pair<double, double>> want_eta = {
        {"GasLib-135", {0.59, 0.59}}, {"GasLib-582-v2", {0.3, 0.6}}, {"GasLib-4197", {0.45, 0.82}}};
    if (want_eta.count(f.name)) {
      EXPECT_NEAR(eta_lo, want_eta.at(f.name).first, 0.005);
      EXPECT_NEAR(eta_hi, want_eta.at(f.name).second, 0.005);
    }
    const Counts& want = ExpectedCounts().at(f.name);
    fmt::print("{}: {} stations, {} turbo, {} piston, {} gas turbines, {} gas-driven motors, "
               "{} configurations ({} two-stage), {} turbo units and {} drives with "
               "measurements\n",
               f.name, got.stations, got.turbo, got.piston, got.gas_turbines, got.gas_motors,
               got.configurations, got.two_stage_configs, got.turbo_with_measurements,
               got.drives_with_measurements);
    EXPECT_EQ(got.stations, want.stations);
    EXPECT_EQ(got.turbo, want.turbo);
    EXPECT_EQ(got.piston, want.piston);
    EXPECT_EQ(got.gas_turbines, want.gas_turbines);
    EXPECT_EQ(got.gas_motors, want.gas_motors);
    EXPECT_EQ(got.configurations, want.configurations);
    EXPECT_EQ(got.turbo_with_measurements, want.turbo_with_measurements);
    EXPECT_EQ(got.drives_with_measurements, want.drives_with_measurements);
    EXPECT_EQ(got.two_stage_configs, want.two_stage_configs);
  }
}

TEST(CsFiles, SpotValuesInSI) {
  CORRIDOR_REQUIRE_SHARED();
  // GasLib-582-v2, compressorStation_5: compressor_1 (turbo, speedMin 4700 per_min,
  // first surge point 4700 per_min / 63.62545284932694 kJ/kg / 0.20223 m^3/s) and the
  // piston compressor_2 (SCHEMA.md §6.2); drive_2 is the gas-driven motor.
  const CompressorStationData cs = LoadCs("GasLib-582/GasLib-582-v2.cs");
  const StationMachines* st = nullptr;
  for (const StationMachines& s : cs.stations)
    if (s.id == "compressorStation_5") st = &s;
  ASSERT_NE(st, nullptr);
  ASSERT_FALSE(st->turbo.empty());
  const TurboCompressor& t = st->turbo[0];
  EXPECT_EQ(t.id, "compressor_1");
  EXPECT_EQ(t.drive, "drive_1");
  EXPECT_DOUBLE_EQ(t.speed_min_per_s, 4700.0 / 60.0);
  EXPECT_DOUBLE_EQ(t.speed_max_per_s, 6500.0 / 60.0);
  EXPECT_EQ(t.n_isoline[1], 0.01357578307692308);
  EXPECT_EQ(t.efficiency_of_chokeline, 0.5);
  ASSERT_FALSE(t.surgeline_measurements.empty());
  EXPECT_DOUBLE_EQ(t.surgeline_measurements[0].head_J_per_kg, 63625.45284932694);
  EXPECT_DOUBLE_EQ(t.surgeline_measurements[0].volumetric_flow_m3_per_s, 0.2022300000000003);
  ASSERT_EQ(st->piston.size(), 1u);
  const PistonCompressor& p = st->piston[0];
  EXPECT_EQ(p.id, "compressor_2");
  EXPECT_EQ(p.drive, "drive_2");
  EXPECT_DOUBLE_EQ(p.speed_min_per_s, 165.0 / 60.0);
  EXPECT_DOUBLE_EQ(p.speed_max_per_s, 350.0 / 60.0);
  EXPECT_EQ(p.operating_volume_m3, 0.5);
  EXPECT_EQ(p.maximal_torque_N_m, 0.0);
  EXPECT_EQ(p.maximal_compression_ratio, 2.0);
  EXPECT_EQ(p.adiabatic_efficiency, 0.95);
  EXPECT_EQ(p.additional_reduction_vol_flow, 0.35);
  const Drive* motor = nullptr;
  for (const Drive& d : st->drives)
    if (d.id == "drive_2") motor = &d;
  ASSERT_NE(motor, nullptr);
  EXPECT_EQ(motor->kind, DriveKind::kGasDrivenMotor);
  ASSERT_EQ(motor->max_power_measurements.size(), 1u);
  EXPECT_TRUE(std::isnan(motor->max_power_measurements[0].ambient_temperature_K));
  ASSERT_EQ(motor->max_power_measurements[0].points.size(), 3u);
  EXPECT_DOUBLE_EQ(motor->max_power_measurements[0].points[0].maximal_power_W, 4375.0e3);
  ASSERT_EQ(motor->fuel_measurements.size(), 3u);
  EXPECT_DOUBLE_EQ(motor->fuel_measurements[0].compressor_power_W, 5250.0e3);
  EXPECT_DOUBLE_EQ(motor->fuel_measurements[0].fuel_consumption_W, 15997.0e3);
  // config_3 runs the piston and the turbo unit in parallel; nominalSpeed 350 and 6500 1/min.
  const Configuration* c3 = nullptr;
  for (const Configuration& c : st->configurations)
    if (c.id == "config_3") c3 = &c;
  ASSERT_NE(c3, nullptr);
  ASSERT_EQ(c3->stages.size(), 1u);
  ASSERT_EQ(c3->stages[0].units.size(), 2u);
  EXPECT_EQ(c3->stages[0].units[0].compressor_id, "compressor_2");
  EXPECT_DOUBLE_EQ(c3->stages[0].units[0].nominal_speed_per_s, 350.0 / 60.0);
  EXPECT_DOUBLE_EQ(c3->stages[0].units[1].nominal_speed_per_s, 6500.0 / 60.0);
}

// Characteristic-diagram, surge- and choke-line polynomials against the measurement points
// (SCHEMA.md §6.1). Deviations printed per file in kJ/kg.
TEST(CsFiles, TurboPolynomialsReproduceMeasurements) {
  CORRIDOR_REQUIRE_SHARED();
  // Documented maxima of |eta_poly - eta_label| (SCHEMA.md §6.1).
  const std::map<std::string, double> eta_3term = {
      {"GasLib-135", 0.037}, {"GasLib-582-v2", 0.065}, {"GasLib-4197", 0.048}};
  int units_checked = 0;
  for (const auto& f : test::CsFiles()) {
    const CompressorStationData cs = LoadCs(f.path);
    double h3 = 0.0, ss3 = 0.0, s3 = 0.0, c3 = 0.0, e3 = 0.0;  // 3-term: head, surge, choke, eta
    double h9 = 0.0, s9 = 0.0, c9 = 0.0, e9 = 0.0, surge_on_speed9 = 0.0;
    std::string h3_worst, h9_worst;
    int n3 = 0, n9 = 0, points = 0;
    for (const StationMachines& s : cs.stations) {
      for (const TurboCompressor& t : s.turbo) {
        if (t.characteristic_measurements.empty()) continue;
        SCOPED_TRACE(fmt::format("{} {}", f.name, t.id));
        ++units_checked;
        const bool three = IsThreeTerm(t);
        (three ? n3 : n9)++;
        double unit_h = 0.0, unit_e = 0.0, unit_s = 0.0, unit_c = 0.0, unit_ss = 0.0;
        for (const EfficiencyLine& l : t.characteristic_measurements) {
          for (const MapPoint& p : l.points) {
            if (t.id == "compressor_1" && IsPlaceholder(p)) continue;
            ++points;
            const double q = p.volumetric_flow_m3_per_s, n = p.speed_per_s;
            unit_h = std::max(unit_h, std::abs(TurboHead(t, q, n) - p.head_J_per_kg) / 1e3);
            unit_e = std::max(unit_e, std::abs(TurboEfficiency(t, q, n) - l.efficiency));
            if (t.efficiency_of_chokeline && l.efficiency == *t.efficiency_of_chokeline)
              unit_c = std::max(unit_c, std::abs(ChokeLineHead(t, q) - p.head_J_per_kg) / 1e3);
          }
        }
        for (const MapPoint& p : t.surgeline_measurements) {
          unit_s = std::max(unit_s,
                            std::abs(SurgeLineHead(t, p.volumetric_flow_m3_per_s) -
                                     p.head_J_per_kg) / 1e3);
          unit_ss = std::max(unit_ss, std::abs(TurboHead(t, p.volumetric_flow_m3_per_s,
                                                         p.speed_per_s) - p.head_J_per_kg) / 1e3);
        }
        if (three) {
          if (unit_h > h3) h3_worst = t.id;
          h3 = std::max(h3, unit_h);
          ss3 = std::max(ss3, unit_ss);
          s3 = std::max(s3, unit_s);
          c3 = std::max(c3, unit_c);
          e3 = std::max(e3, unit_e);
          // Exact up to rounding (SCHEMA: 1.1e-13 .. 1.6e-13 kJ/kg; we allow 1e-9).
          EXPECT_LE(unit_h, 1e-9);
          EXPECT_LE(unit_ss, 1e-9);  // surge points lie on the speed lines
          EXPECT_LE(unit_s, 1e-9);   // surge line exact on its points
          EXPECT_LE(unit_c, 1e-9);   // choke line exact on the eta = efficiencyOfChokeline points
        } else {
          if (unit_h > h9) h9_worst = t.id;
          h9 = std::max(h9, unit_h);
          s9 = std::max(s9, unit_s);
          c9 = std::max(c9, unit_c);
          e9 = std::max(e9, unit_e);
          surge_on_speed9 = std::max(surge_on_speed9, unit_ss);
          // Least-squares fits: 0.24 .. 1.0 kJ/kg for nine units, 1.37 for compressor_1
          // without its placeholders (SCHEMA.md §6.1; bounds widened by 0.01 for the
          // rounding of the documented figures).
          if (t.id == "compressor_1") {
            EXPECT_NEAR(unit_h, 1.37, 0.01);
          } else {
            EXPECT_GE(unit_h, 0.24 - 0.01);
            EXPECT_LE(unit_h, 1.0 + 0.01);
          }
          EXPECT_LE(unit_s, 1.64 + 0.01);  // least-squares quadratic through surge points
          // SCHEMA.md: "up to 3.7 kJ/kg" (rounded); observed 3.714 (compressor_7).
          EXPECT_LE(unit_c, 3.75);
          EXPECT_LE(unit_e, 0.031 + 0.0005);
        }
      }
    }
    if (n3 > 0) EXPECT_LE(e3, eta_3term.at(f.name) + 0.0005) << f.name;
    fmt::print("{}: {} 3-term units: max |H_poly - H_meas| {:.3g} kJ/kg (unit {}), surge points "
               "vs speed lines {:.3g}, surge line {:.3g}, choke line {:.3g} kJ/kg, "
               "|eta_poly - eta| {:.3g}\n",
               f.name, n3, h3, h3_worst.empty() ? "-" : h3_worst, ss3, s3, c3, e3);
    if (n9 > 0)
      fmt::print("{}: {} 9-term units: max |H_poly - H_meas| {:.3g} kJ/kg (unit {}), surge "
                 "points vs speed lines {:.3g}, surge line {:.3g}, choke line {:.3g} kJ/kg, "
                 "|eta_poly - eta| {:.3g}\n",
                 f.name, n9, h9, h9_worst, surge_on_speed9, s9, c9, e9);
    fmt::print("{}: {} measured map points compared\n", f.name, points);
  }
  EXPECT_EQ(units_checked, 29 + 8 + 22);
}

// Drive polynomials against specificEnergyConsumptionMeasurements and
// maximalPowerMeasurements (SCHEMA.md §6.3).
TEST(CsFiles, DrivePolynomialsReproduceMeasurements) {
  CORRIDOR_REQUIRE_SHARED();
  struct Worst {
    double fuel_kW = 0.0, fuel_rel = 0.0, power_kW = 0.0, power_rel = 0.0;
    int drives = 0, fuel_points = 0, power_points = 0;
  };
  std::map<std::string, Worst> by;  // "GasLib-4197 gasTurbine", ...
  for (const auto& f : test::CsFiles()) {
    const CompressorStationData cs = LoadCs(f.path);
    for (const StationMachines& s : cs.stations) {
      for (const Drive& d : s.drives) {
        if (d.fuel_measurements.empty() && d.max_power_measurements.empty()) continue;
        Worst& w = by[fmt::format("{} {}", f.name, d.kind == DriveKind::kGasTurbine
                                                       ? "gasTurbine"
                                                       : "gasDrivenMotor")];
        ++w.drives;
        for (const FuelPoint& p : d.fuel_measurements) {
          const double err = std::abs(DriveFuelPower(d, p.compressor_power_W) -
                                      p.fuel_consumption_W) / 1e3;
          w.fuel_kW = std::max(w.fuel_kW, err);
          w.fuel_rel = std::max(w.fuel_rel, err * 1e3 / p.fuel_consumption_W);
          ++w.fuel_points;
        }
        for (const AmbientMaxPower& l : d.max_power_measurements)
          for (const MaxPowerPoint& p : l.points) {
            const double err = std::abs(DriveMaxPower(d, p.speed_per_s, l.ambient_temperature_K) -
                                        p.maximal_power_W) / 1e3;
            w.power_kW = std::max(w.power_kW, err);
            w.power_rel = std::max(w.power_rel, err * 1e3 / p.maximal_power_W);
            ++w.power_points;
          }
      }
    }
  }
  for (const auto& [k, w] : by)
    fmt::print("{}: {} drives; fuel max |d| {:.3g} kW (rel {:.2g}) over {} points; "
               "max power max |d| {:.3g} kW (rel {:.2g}) over {} points\n",
               k, w.drives, w.fuel_kW, w.fuel_rel, w.fuel_points, w.power_kW, w.power_rel,
               w.power_points);
  ASSERT_EQ(by.count("GasLib-4197 gasTurbine"), 1u);
  ASSERT_EQ(by.count("GasLib-582-v2 gasDrivenMotor"), 1u);
  ASSERT_EQ(by.size(), 2u);
  const Worst& gt = by["GasLib-4197 gasTurbine"];
  EXPECT_EQ(gt.drives, 10);
  EXPECT_EQ(gt.fuel_points, 41);
  EXPECT_EQ(gt.power_points, 272);
  // SCHEMA.md §6.3: fuel 1.15 kW (4.5e-05 relative); max power 90.9 kW (0.45 %).
  EXPECT_LE(gt.fuel_kW, 1.15 + 0.005);
  EXPECT_GE(gt.fuel_kW, 1.15 - 0.05);  // our evaluation finds the documented figure
  EXPECT_LE(gt.power_kW, 90.9 + 0.05);
  EXPECT_GE(gt.power_kW, 90.9 - 0.5);
  EXPECT_LE(gt.power_rel, 0.0045 + 0.00005);
  const Worst& gm = by["GasLib-582-v2 gasDrivenMotor"];
  EXPECT_EQ(gm.fuel_points, 3);
  EXPECT_EQ(gm.power_points, 3);
  EXPECT_LE(gm.fuel_kW, 1e-6);  // documented 4e-08 kW: three points, three coefficients
  EXPECT_LE(gm.power_kW, 1e-6);
}

TEST(CdfFiles, CountsMatchSchema) {
  CORRIDOR_REQUIRE_SHARED();
  struct Want {
    int groups, decisions, modes, single_decision_groups;
    // distinct arc ids named, by kind: valve, controlValve, compressorStation
    std::size_t valves, control_valves, stations;
    // value="1" without flowDirection, by kind (-1: not stated in SCHEMA.md)
    int open_no_dir_valves, open_no_dir_cv, open_no_dir_stations;
  };
  const std::map<std::string, Want> want = {
      {"GasLib-582-v2", {2, 23, 0, 0, 15, 2, 4, -1, -1, -1}},
      {"GasLib-4197", {413, 428, 34, 406, 426, 38, 9, 263, 12, 4}}};
  for (const auto& f : test::CdfFiles()) {
    SCOPED_TRACE(f.name);
    const CombinedDecisions cdf = LoadCdf(f.path);
    int decisions = 0, modes = 0, singles = 0, elements = 0;
    std::set<std::string> ids[3];
    int open_no_dir[3] = {0, 0, 0};
    for (const DecisionGroup& g : cdf.groups) {
      decisions += static_cast<int>(g.decisions.size());
      if (g.decisions.size() == 1) ++singles;
      for (const Decision& d : g.decisions)
        for (const DecisionElement& e : d.elements) {
          ++elements;
          if (e.mode) ++modes;
          const int k = static_cast<int>(e.kind);
          ids[k].insert(e.arc_id);
          if (e.value == 1 && !e.flow_direction) ++open_no_dir[k];
          // flowDirection and mode occur only with value 1 (SCHEMA.md §7).
          if (e.flow_direction || e.mode) EXPECT_EQ(e.value, 1) << e.arc_id;
          if (e.kind == DecisionElement::Kind::kCompressorStation && e.flow_direction)
            EXPECT_EQ(*e.flow_direction, 0) << e.arc_id;
        }
    }
    fmt::print("{}: {} groups, {} decisions ({} single-decision groups), {} element settings, "
               "{} with mode\n",
               f.name, cdf.groups.size(), decisions, singles, elements, modes);
    const Want& w = want.at(f.name);
    EXPECT_EQ(static_cast<int>(cdf.groups.size()), w.groups);
    EXPECT_EQ(decisions, w.decisions);
    EXPECT_EQ(modes, w.modes);
    EXPECT_EQ(singles, w.single_decision_groups);
    using K = DecisionElement::Kind;
    EXPECT_EQ(ids[static_cast<int>(K::kValve)].size(), w.valves);
    EXPECT_EQ(ids[static_cast<int>(K::kControlValve)].size(), w.control_valves);
    EXPECT_EQ(ids[static_cast<int>(K::kCompressorStation)].size(), w.stations);
    if (w.open_no_dir_valves >= 0) {
      EXPECT_EQ(open_no_dir[static_cast<int>(K::kValve)], w.open_no_dir_valves);
      EXPECT_EQ(open_no_dir[static_cast<int>(K::kControlValve)], w.open_no_dir_cv);
      EXPECT_EQ(open_no_dir[static_cast<int>(K::kCompressorStation)], w.open_no_dir_stations);
    }
    if (std::string(f.name) == "GasLib-582-v2") {
      ASSERT_EQ(cdf.groups.size(), 2u);
      EXPECT_EQ(cdf.groups[0].decisions.size(), 4u);
      EXPECT_EQ(cdf.groups[1].decisions.size(), 19u);
    }
  }
}

}  // namespace
}  // namespace corridor
