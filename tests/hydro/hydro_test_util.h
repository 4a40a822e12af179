// Helpers for the hydro tests: the bundled case, small hand-made cases.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "corridor/file.h"
#include "corridor/hydro.h"
#include "test_util.h"

namespace corridor::test {

inline std::string ArazCasePath() { return SourceDir() + "/data/araz/case.json"; }

inline std::string ArazCaseText() {
  std::string text;
  Status s = ReadFileToString(ArazCasePath(), &text);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return text;
}

inline HydroCase ArazCase() {
  HydroCase c;
  Diagnostics diag;
  Status s = ReadHydroCase(ArazCasePath(), &c, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  return c;
}

/// One reservoir with a prismatic (constant-area) basin: level = 100 m + V / 10 km^2,
/// table 100..160 m; full at 150 m (500 mcm), dead at 105 m (50 mcm); target = full;
/// tailwater fixed at 100 m; no losses, evaporation, environmental flow or withdrawals.
/// Constant inflow `q` m^3/s; one unit with the given limits and efficiency 0.9.
inline HydroCase PrismaticCase(double q, double max_power_W, double max_flow_m3s,
                               double initial_m3 = 500e6) {
  HydroCase c;
  c.name = "prismatic";
  c.water_density_kg_m3 = 1000.0;
  c.gravity_m_s2 = 9.81;
  c.monthly_inflow_factor.assign(12, 1.0);
  c.year_types = {{"average", 1.0}};
  HydroReservoir r;
  r.id = "r1";
  r.curve_level_m = {100.0, 160.0};
  r.curve_volume_m3 = {0.0, 600e6};
  r.curve_area_m2 = {10e6, 10e6};
  r.full_volume_m3 = 500e6;
  r.dead_volume_m3 = 50e6;
  r.initial_volume_m3 = initial_m3;
  r.target_level_m.assign(12, 150.0);
  r.net_evaporation_m_per_s.assign(12, 0.0);
  r.environmental_flow_m3s.assign(12, 0.0);
  r.local_inflow_mean_m3s = q;
  r.tailwater_bed_m = 100.0;
  r.tailwater_a = 0.0;
  r.tailwater_b = 1.0;
  r.head_loss_fraction = 0.0;
  HydroUnit u;
  u.id = "u1";
  u.country = "AZ";
  u.max_power_W = max_power_W;
  u.max_flow_m3s = max_flow_m3s;
  u.efficiency = 0.9;
  r.units = {u};
  c.reservoirs = {r};
  return c;
}

}  // namespace corridor::test
