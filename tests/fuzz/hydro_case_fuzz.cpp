// Fuzz entry point: the hydro case reader (ParseHydroCase, docs/hydro.md). There is no case
// writer, so the checks are the Status / Diagnostics promises and a few facts an accepted
// case must have (every number finite: the reader's "wrong-type" and "not-finite" rules).
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "corridor/hydro.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

void CheckFinite(const char* what, double v) {
  if (!std::isfinite(v)) Fail(fmt::format("accepted case holds a non-finite {}: {}", what, v));
}

void Run(const std::string& text) {
  HydroCase c;
  Diagnostics d;
  const Status s =
      Guard("ParseHydroCase", [&] { return ParseHydroCase(text, "fuzz.json", &c, &d); });
  CheckStatus("ParseHydroCase", "fuzz.json", s, d);
  if (!s.ok()) return;
  CheckFinite("water density", c.water_density_kg_m3);
  CheckFinite("gravity", c.gravity_m_s2);
  for (double f : c.monthly_inflow_factor) CheckFinite("monthly inflow factor", f);
  for (const HydroYearType& y : c.year_types) CheckFinite("year-type factor", y.factor);
  for (const HydroReservoir& r : c.reservoirs) {
    for (const auto* v : {&r.curve_level_m, &r.curve_volume_m3, &r.curve_area_m2,
                          &r.target_level_m, &r.net_evaporation_m_per_s, &r.environmental_flow_m3s})
      for (double x : *v) CheckFinite("curve or monthly value", x);
    for (double x : {r.full_volume_m3, r.dead_volume_m3, r.initial_volume_m3,
                     r.spillway_capacity_m3s, r.local_inflow_mean_m3s, r.tailwater_bed_m,
                     r.tailwater_a, r.tailwater_b, r.head_loss_fraction, r.published_energy_J})
      CheckFinite("reservoir value", x);
    for (const HydroUnit& u : r.units)
      for (double x : {u.max_power_W, u.max_flow_m3s, u.efficiency, u.min_head_m})
        CheckFinite("unit value", x);
    for (const HydroWithdrawal& w : r.withdrawals) {
      CheckFinite("withdrawal volume", w.annual_volume_m3);
      for (double x : w.monthly_share) CheckFinite("withdrawal share", x);
    }
  }
  // The library checks a case by the reader's rules on values (docs/hydro.md section 6):
  // a case the reader accepts must not be refused by SimulateHydro (one reported year, no
  // warm-up, to keep the run short).
  HydroOptions opt;
  opt.years = 1;
  opt.warmup_years = 0;
  HydroSummary sum;
  const Status sim = SimulateHydro(c, opt, &sum);
  if (sim.code() == Status::Code::kInvalidInput)
    Fail("SimulateHydro refuses a case the reader accepted: " + sim.ToString());
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
