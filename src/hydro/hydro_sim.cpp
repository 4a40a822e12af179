// The daily cascade simulation. docs/hydro.md gives the equations and the rules; the
// comments here say why each step is done the way it is.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "corridor/hydro.h"
#include "hydro/hydro_internal.h"
#include "core/guarded_call.h"
#include "core/problems.h"

namespace corridor {
namespace {

constexpr double kDay = 86400.0;
constexpr int kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// Linear interpolation of y(x) in a table with x strictly increasing; clamped at the ends.
// NaN for NaN, or for a table that is empty or whose columns differ in length.
double Interp(const std::vector<double>& x, const std::vector<double>& y, double v) {
  if (x.empty() || y.size() != x.size() || std::isnan(v))
    return std::numeric_limits<double>::quiet_NaN();
  if (v <= x.front()) return y.front();
  if (v >= x.back()) return y.back();
  auto it = std::upper_bound(x.begin(), x.end(), v);
  std::size_t k = static_cast<std::size_t>(it - x.begin());
  double t = (v - x[k - 1]) / (x[k] - x[k - 1]);
  return y[k - 1] + t * (y[k] - y[k - 1]);
}

struct DayOfYear {
  int month;         // 0..11
  int day_in_month;  // 0-based
};

DayOfYear Calendar(int doy) {
  int m = 0;
  while (doy >= kDaysInMonth[m]) {
    doy -= kDaysInMonth[m];
    ++m;
  }
  return {m, doy};
}

// The target level at the end of the day: the monthly end-of-month targets joined
// linearly day by day (Simulate converts it to a volume and keeps that within [dead,
// full]).
double TargetLevel(const HydroReservoir& r, int doy) {
  DayOfYear c = Calendar(doy);
  double prev = r.target_level_m[(c.month + 11) % 12];
  double end = r.target_level_m[c.month];
  double frac = static_cast<double>(c.day_in_month + 1) / kDaysInMonth[c.month];
  return prev + (end - prev) * frac;
}

using internal::Problems;

// The case as the reader checks a file (docs/hydro.md, rules of the case reader), for cases
// built in code: every problem is listed (when the first one was the Status, a caller fixed
// one per run). A check whose input an earlier one found unusable is skipped, not run on it:
// a table of the wrong length is not indexed, a level is not looked up in a table that is
// not finite and increasing, and a NaN is said once as not finite rather than again as out
// of range. A rule about the twelve months is said once per reservoir (at its first month),
// one about a unit or a withdrawal once for each. Comparisons are written so that a NaN
// fails them (!(x >= 0), not x < 0): a NaN dead volume passed "dead < 0 || dead >= full".
Status CheckCase(const HydroCase& hc) {
  Problems problems("hydro case");
  if (hc.reservoirs.empty()) problems.Add("hydro case has no reservoir");
  // The reader's ranges (hydro_internal): a density of 1e-300 gave no energy at all.
  if (!(hc.water_density_kg_m3 >= hydro_internal::kMinWaterDensity_kg_m3 &&
        hc.water_density_kg_m3 <= hydro_internal::kMaxWaterDensity_kg_m3))
    problems.Add(fmt::format("hydro case: water density {} must be {:g} to {:g} kg/m3",
                             hc.water_density_kg_m3, hydro_internal::kMinWaterDensity_kg_m3,
                             hydro_internal::kMaxWaterDensity_kg_m3));
  if (!(hc.gravity_m_s2 >= hydro_internal::kMinGravity_m_s2 &&
        hc.gravity_m_s2 <= hydro_internal::kMaxGravity_m_s2))
    problems.Add(fmt::format("hydro case: gravity {} must be {:g} to {:g} m/s2",
                             hc.gravity_m_s2, hydro_internal::kMinGravity_m_s2,
                             hydro_internal::kMaxGravity_m_s2));
  // Every number finite (a NaN target level or inflow factor read past the end of a table),
  // within the ranges that have a meaning.
  auto finite = [](const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
  };
  if (hc.monthly_inflow_factor.size() != 12) {
    problems.Add("hydro case: monthly inflow factors need 12 values");
  } else if (!finite(hc.monthly_inflow_factor) ||
             std::any_of(hc.monthly_inflow_factor.begin(), hc.monthly_inflow_factor.end(),
                         [](double f) { return !(f >= 0.0); })) {
    problems.Add("hydro case: monthly inflow factors must be finite and >= 0");
  } else {
    // Twelve finite factors only: the mean indexes all twelve.
    double mean = 0.0;
    for (int m = 0; m < 12; ++m) mean += hc.monthly_inflow_factor[m] * kDaysInMonth[m] / 365.0;
    if (!(std::abs(mean - 1.0) <= 0.01))
      problems.Add(fmt::format(
          "hydro case: the day-weighted mean of the monthly inflow factors must be 1 (+-0.01), "
          "got {:.4f}",
          mean));
  }
  if (hc.year_types.empty()) problems.Add("hydro case: at least one year type is needed");
  std::set<std::string> year_names;
  for (const HydroYearType& y : hc.year_types) {
    if (!hydro_internal::IsPlainName(y.name))
      problems.Add(fmt::format(
          "hydro case: year type \"{}\" must be letters, digits, '_', '-' or '.' (it names "
          "output files)",
          y.name));
    if (!year_names.insert(y.name).second)
      problems.Add(fmt::format("hydro case: year type '{}' is given twice", y.name));
    if (!std::isfinite(y.factor) || !(y.factor > 0.0))
      problems.Add(fmt::format("hydro case: year type '{}': factor {} must be finite and > 0",
                               y.name, y.factor));
  }
  // Ids are told apart in the summary and name CSV columns: each given and used once in the
  // case (units and withdrawals), and plain where they name columns.
  std::set<std::string> reservoir_ids, unit_ids, withdrawal_ids;
  for (std::size_t i = 0; i < hc.reservoirs.size(); ++i) {
    const HydroReservoir& r = hc.reservoirs[i];
    auto bad = [&](const std::string& what) {
      problems.Add(fmt::format("reservoir '{}': {}", r.id, what));
    };
    if (!hydro_internal::IsPlainName(r.id))
      bad("the id must be letters, digits, '_', '-' or '.' (it names CSV columns)");
    if (!reservoir_ids.insert(r.id).second) bad("the reservoir id is used twice");
    const std::size_t n = r.curve_level_m.size();
    const bool table_shaped =
        n >= 2 && r.curve_volume_m3.size() == n && r.curve_area_m2.size() == n;
    if (!table_shaped) bad("level-volume-area table needs >= 2 points of equal length");
    const bool table_finite =
        finite(r.curve_level_m) && finite(r.curve_volume_m3) && finite(r.curve_area_m2);
    const bool volumes_finite = std::isfinite(r.full_volume_m3) &&
                                std::isfinite(r.dead_volume_m3) &&
                                std::isfinite(r.initial_volume_m3);
    if (!table_finite || !finite(r.target_level_m) || !finite(r.net_evaporation_m_per_s) ||
        !finite(r.environmental_flow_m3s) || !volumes_finite ||
        !std::isfinite(r.spillway_capacity_m3s) || !std::isfinite(r.tailwater_bed_m) ||
        !std::isfinite(r.tailwater_a) || !std::isfinite(r.tailwater_b) ||
        !std::isfinite(r.published_energy_J))
      bad("every number of the table, the monthly rules, the volumes and the tailwater "
          "rating must be finite");
    // The table's order and signs, on a table of one length and finite numbers only; a
    // level is looked up (below) only in one that also increases.
    bool table_usable = table_shaped && table_finite;
    if (table_usable) {
      for (std::size_t k = 1; k < n; ++k)
        if (!(r.curve_level_m[k] > r.curve_level_m[k - 1]) ||
            !(r.curve_volume_m3[k] > r.curve_volume_m3[k - 1])) {
          bad("level-volume table must increase strictly");
          table_usable = false;
          break;
        }
      if (!(r.curve_volume_m3.front() >= 0.0)) bad("the table's volumes must be >= 0");
      for (std::size_t k = 0; k < n; ++k)
        if (!(r.curve_area_m2[k] >= 0.0) ||
            (k > 0 && !(r.curve_area_m2[k] >= r.curve_area_m2[k - 1]))) {
          bad("the table's areas must be >= 0 and must not decrease with the level");
          break;
        }
    }
    if (r.release_priority < 1 || r.release_priority > 1000000)
      bad("the release priority must be >= 1 (and at most 1000000)");
    if (r.target_level_m.size() != 12 || r.net_evaporation_m_per_s.size() != 12 ||
        r.environmental_flow_m3s.size() != 12)
      bad("target levels, evaporation and environmental flow need 12 months");
    if (!std::isfinite(r.local_inflow_mean_m3s) || !(r.local_inflow_mean_m3s >= 0.0)) {
      bad("mean local inflow must be finite and >= 0");
    } else {
      // The pattern's largest day (the warm-up years have factor 1) within an inflow file's
      // bound, of the factors found sound above.
      double peak = r.local_inflow_mean_m3s;
      if (hc.monthly_inflow_factor.size() == 12 && finite(hc.monthly_inflow_factor))
        peak *= *std::max_element(hc.monthly_inflow_factor.begin(),
                                  hc.monthly_inflow_factor.end());
      double year = 1.0;
      for (const HydroYearType& y : hc.year_types)
        if (std::isfinite(y.factor)) year = std::max(year, y.factor);
      if (peak * year > hydro_internal::kMaxPlausibleInflow_m3s)
        bad(fmt::format("local inflow {:.4g} m3/s (mean x largest monthly factor x largest "
                        "year-type factor) exceeds {:g} m3/s: not a river inflow",
                        peak * year, hydro_internal::kMaxPlausibleInflow_m3s));
    }
    if (!(r.head_loss_fraction >= 0.0 && r.head_loss_fraction < 1.0))
      bad("head loss fraction must lie in [0, 1)");
    // The ranges below are of numbers found finite above (a NaN is said there, once).
    if (finite(r.environmental_flow_m3s))
      for (double e : r.environmental_flow_m3s)
        if (!(e >= 0.0)) {
          bad("environmental flows must be >= 0");
          break;
        }
    // (In mm/d, the unit the case file gives: 50 mm/d is beyond any lake's; a part in 1e12
    // over it is the conversion's rounding of a file's 50.)
    if (finite(r.net_evaporation_m_per_s))
      for (double e : r.net_evaporation_m_per_s)
        if (!(std::abs(e * kDay * 1e3) <= 50.0 * (1.0 + 1e-12))) {
          bad("net evaporation must lie within -50..50 mm/d");
          break;
        }
    if (volumes_finite &&
        (!(r.full_volume_m3 > 0) || !(r.dead_volume_m3 >= 0) ||
         !(r.dead_volume_m3 < r.full_volume_m3) || !(r.initial_volume_m3 >= 0) ||
         !(r.initial_volume_m3 <= r.full_volume_m3)))
      bad("volumes must satisfy 0 <= dead < full and 0 <= initial <= full");
    // The full level is looked up in the table only where it lies inside a usable one.
    bool full_in_table = false;
    if (table_usable && std::isfinite(r.full_volume_m3)) {
      full_in_table = r.full_volume_m3 >= r.curve_volume_m3.front() &&
                      r.full_volume_m3 <= r.curve_volume_m3.back();
      if (!full_in_table) bad("the full volume must lie inside the level-volume table");
    }
    if (table_usable && volumes_finite &&
        std::min(r.dead_volume_m3, r.initial_volume_m3) < r.curve_volume_m3.front())
      bad("the dead and initial volumes must not lie below the level-volume table");
    if (table_usable && finite(r.target_level_m))
      for (double z : r.target_level_m)
        if (!(z >= r.curve_level_m.front() && z <= r.curve_level_m.back())) {
          bad(fmt::format("target level {} m is outside the table's {}..{} m", z,
                          r.curve_level_m.front(), r.curve_level_m.back()));
          break;
        }
    if (std::isfinite(r.spillway_capacity_m3s) && !(r.spillway_capacity_m3s >= 0.0))
      bad("spillway capacity must be >= 0 m3/s (0 = not limited)");
    if (std::isfinite(r.published_energy_J) && !(r.published_energy_J >= 0.0))
      bad("published energy must be >= 0");
    else if (r.published_energy_J > 0.0 &&
             r.published_energy_J < hydro_internal::kMinPublishedEnergy_J)
      bad("published energy must be 0 (none) or at least 0.001 GWh/y");
    if (std::isfinite(r.tailwater_a) && !(r.tailwater_a >= 0.0))
      bad("rating coefficient a must be >= 0");
    if (std::isfinite(r.tailwater_b) && !(r.tailwater_b > 0.0 && r.tailwater_b <= 2.0))
      bad("rating exponent b must lie in (0, 2]");
    // The water never stands above the full level, so a tailwater bed at or above it
    // leaves the plant without head on every day.
    if (full_in_table && std::isfinite(r.tailwater_bed_m)) {
      const double full_level = HydroLevelFromVolume(r, r.full_volume_m3);
      if (!(r.tailwater_bed_m < full_level))
        bad(fmt::format("tailwater bed {} m is not below the full level {} m",
                        r.tailwater_bed_m, full_level));
    }
    for (const auto& u : r.units)
      if (!(u.max_power_W > 0) || !(u.max_flow_m3s > 0) || !(u.efficiency > 0) ||
          !(u.efficiency <= 1.0) || !std::isfinite(u.max_power_W) ||
          !std::isfinite(u.max_flow_m3s) || !std::isfinite(u.min_head_m) || !(u.min_head_m >= 0))
        bad(fmt::format("unit '{}' needs finite positive power and flow, an efficiency in "
                        "(0, 1] and a minimum head >= 0",
                        u.id));
    for (const auto& u : r.units)
      if (u.status != "operating" && u.status != "built" && u.status != "planned")
        bad(fmt::format("unit '{}': status '{}' is none of \"operating\", \"built\" and "
                        "\"planned\"",
                        u.id, u.status));
    for (const auto& w : r.withdrawals) {
      if (w.monthly_share.size() != 12 || !(w.annual_volume_m3 >= 0) ||
          !std::isfinite(w.annual_volume_m3) || !finite(w.monthly_share) ||
          std::any_of(w.monthly_share.begin(), w.monthly_share.end(),
                      [](double x) { return !(x >= 0.0); })) {
        bad(fmt::format("withdrawal '{}' needs 12 finite monthly shares >= 0 and a finite "
                        "volume >= 0",
                        w.id));
        continue;  // the sum of shares that are not twelve finite ones says nothing more
      }
      double sum = 0.0;
      for (double x : w.monthly_share) sum += x;
      if (!(std::abs(sum - 1.0) <= 1e-6))
        bad(fmt::format("withdrawal '{}': monthly shares must sum to 1, got {:.6f}", w.id, sum));
    }
    for (const auto& u : r.units)
      if (u.id.empty() || !unit_ids.insert(u.id).second)
        bad(u.id.empty() ? std::string("a unit has an empty id")
                         : fmt::format("unit id '{}' is used twice", u.id));
    for (const auto& w : r.withdrawals)
      if (w.id.empty() || !withdrawal_ids.insert(w.id).second)
        bad(w.id.empty() ? std::string("a withdrawal has an empty id")
                         : fmt::format("withdrawal id '{}' is used twice", w.id));
    for (const auto& u : r.units)
      if (!hydro_internal::IsPlainName(u.country))
        bad(fmt::format("unit '{}': country \"{}\" must be letters, digits, '_', '-' or '.' "
                        "(it names CSV columns)",
                        u.id, u.country));
    for (const auto& w : r.withdrawals)
      if (!hydro_internal::IsPlainName(w.country))
        bad(fmt::format("withdrawal '{}': country \"{}\" must be letters, digits, '_', '-' "
                        "or '.' (it names CSV columns)",
                        w.id, w.country));
    for (const auto& w : r.withdrawals)
      if (w.priority < 1 || w.priority > 1000000)
        bad(fmt::format("withdrawal '{}': priority {} must be >= 1 (and at most 1000000)",
                        w.id, w.priority));
    // One chain: each release goes to the next reservoir in the list, which the steps
    // below assume; an empty link above the bottom was followed for the water but not for
    // the tailwater.
    if (!r.downstream.empty() &&
        (i + 1 >= hc.reservoirs.size() || hc.reservoirs[i + 1].id != r.downstream))
      bad("the downstream reservoir must be the next one in the list");
    if (r.downstream.empty() && i + 1 < hc.reservoirs.size())
      bad(fmt::format("downstream is empty, but reservoir '{}' follows in the list: only the "
                      "last reservoir has none",
                      hc.reservoirs[i + 1].id));
  }
  // A published share compares with units the case has: each plant named once, and each
  // with a unit of the share's country (the reader's rules).
  for (const HydroPublishedShare& sh : hc.published_shares) {
    auto bad = [&](const std::string& what) {
      problems.Add(fmt::format("published share of '{}': {}", sh.country, what));
    };
    if (!std::isfinite(sh.energy_J) || !(sh.energy_J >= 0.0))
      bad("the published energy must be finite and >= 0");
    else if (sh.energy_J > 0.0 && sh.energy_J < hydro_internal::kMinPublishedEnergy_J)
      bad("the published energy must be 0 (none) or at least 0.001 GWh/y");
    if (!hydro_internal::IsPlainName(sh.country))
      bad("the country must be letters, digits, '_', '-' or '.', as a unit's");
    if (sh.plants.empty()) bad("it names no plant");
    for (const HydroPublishedShare& before : hc.published_shares) {
      if (&before == &sh) break;
      if (hydro_internal::SameShare(before, sh))
        bad("a second published share of that country for the same plants");
    }
    for (std::size_t k = 0; k < sh.plants.size(); ++k) {
      if (std::find(sh.plants.begin(), sh.plants.begin() + k, sh.plants[k]) !=
          sh.plants.begin() + k) {
        bad(fmt::format("plant '{}' is named twice", sh.plants[k]));
        continue;
      }
      const auto r = std::find_if(hc.reservoirs.begin(), hc.reservoirs.end(),
                                  [&](const HydroReservoir& x) { return x.id == sh.plants[k]; });
      if (r == hc.reservoirs.end())
        bad(fmt::format("plant '{}' is no reservoir of the case", sh.plants[k]));
      else if (std::none_of(r->units.begin(), r->units.end(),
                            [&](const HydroUnit& u) { return u.country == sh.country; }))
        bad(fmt::format("reservoir '{}' has no unit of '{}'", sh.plants[k], sh.country));
    }
  }
  // Every column of the daily CSV needs its own name (every clash, as the reader says them).
  std::vector<std::string> ids;
  for (const auto& r : hc.reservoirs) ids.push_back(r.id);
  for (const auto& clash :
       hydro_internal::DailyColumnClashes(ids, hydro_internal::CaseCountries(hc)))
    problems.Add("hydro case: " + clash.message);
  return problems.ToStatus();
}

// Daily local inflow (m^3/s) of each reservoir over all simulated days (warm-up first).
std::vector<std::vector<double>> BuildInflow(const HydroCase& hc, const HydroInflow* user,
                                             double factor, int total_days, int warmup_days) {
  std::size_t nr = hc.reservoirs.size();
  std::vector<std::vector<double>> q(nr, std::vector<double>(total_days, 0.0));
  for (std::size_t i = 0; i < nr; ++i) {
    int col = -1;
    if (user != nullptr)
      for (std::size_t c = 0; c < user->reservoir_ids.size(); ++c)
        if (user->reservoir_ids[c] == hc.reservoirs[i].id) col = static_cast<int>(c);
    for (int d = 0; d < total_days; ++d) {
      int m = Calendar(d % 365).month;
      if (user == nullptr) {
        // Warm-up years are average years (factor 1), so that "a dry year" starts from the
        // storage an average sequence leaves.
        double f = d < warmup_days ? 1.0 : factor;
        q[i][d] = hc.reservoirs[i].local_inflow_mean_m3s * hc.monthly_inflow_factor[m] * f;
      } else if (col >= 0 && user->kind == HydroInflow::Kind::kMonthly) {
        q[i][d] = user->values[col][m];
      } else if (col >= 0) {
        // The warm-up repeats the file's first year.
        int k = d < warmup_days ? d % 365 : d - warmup_days;
        q[i][d] = user->values[col][k];
      }
    }
  }
  return q;
}

// The largest power exceeded (>=) on at least a fraction p of the days.
double Firm(std::vector<double> daily, double p) {
  if (daily.empty()) return 0.0;
  std::sort(daily.begin(), daily.end(), std::greater<double>());
  std::size_t k = static_cast<std::size_t>(std::ceil(p * daily.size() - 1e-9));
  if (k == 0) k = 1;
  if (k > daily.size()) k = daily.size();
  return daily[k - 1];
}

// The energy of a plant, a country or a published share from its summed daily mean power
// over the reported years.
HydroEnergy EnergyOf(const std::string& name, const std::vector<double>& daily,
                     int years_reported, double firm_exceedance) {
  HydroEnergy e;
  e.name = name;
  for (int y = 0; y < years_reported; ++y) {
    double ej = 0.0;
    for (int d = y * 365; d < (y + 1) * 365; ++d) ej += daily[d] * kDay;
    e.annual_energy_J.push_back(ej);
    e.mean_annual_energy_J += ej / years_reported;
  }
  e.firm_power_W = Firm(daily, firm_exceedance);
  e.firm_energy_J = e.firm_power_W * 365 * kDay;
  return e;
}

void Simulate(const HydroCase& hc, const HydroOptions& opt, const HydroInflow* user, double factor,
              int years_reported, HydroRun* run) {
  const std::size_t nr = hc.reservoirs.size();
  const int warmup_days = opt.warmup_years * 365;
  const int report_days = years_reported * 365;
  const int total_days = warmup_days + report_days;
  const double rho_g = hc.water_density_kg_m3 * hc.gravity_m_s2;
  std::vector<std::vector<double>> local = BuildInflow(hc, user, factor, total_days, warmup_days);

  run->days = report_days;
  run->years = years_reported;
  run->reservoirs.assign(nr, {});
  for (std::size_t i = 0; i < nr; ++i) {
    const HydroReservoir& r = hc.reservoirs[i];
    HydroReservoirSeries& s = run->reservoirs[i];
    s.id = r.id;
    for (auto* v : {&s.storage_m3, &s.level_m, &s.target_level_m, &s.inflow_m3s,
                    &s.local_inflow_m3s, &s.evaporation_m3s, &s.turbine_m3s, &s.bypass_m3s,
                    &s.spill_m3s, &s.tailwater_m, &s.net_head_m})
      v->reserve(report_days);
    s.withdrawal_m3s.assign(r.withdrawals.size(), {});
    s.withdrawal_demand_m3s.assign(r.withdrawals.size(), {});
    s.unit_flow_m3s.assign(r.units.size(), {});
    s.unit_power_W.assign(r.units.size(), {});
  }

  std::vector<double> S(nr), prev_release(nr), target(nr), required(nr), evap_est(nr);
  std::vector<double> target_level(nr);  // the level of target[i], for the series
  // The first day's tailwater only: the mean flow through each dam, its own local inflow
  // and all above it (its local inflow alone put Giz Galasi, which has none, on the bare
  // river bed on day 1 without warm-up). The mean is of the inflows this run uses, over its
  // first simulated year: the case's mean local inflow put the tailwater of a run on an
  // --inflow file of zeros at the stage of 86 m3/s on day 1, and that of a dry year without
  // warm-up at an average year's.
  const int first_year = std::min(total_days, 365);
  for (std::size_t i = 0; i < nr; ++i) {
    S[i] = hc.reservoirs[i].initial_volume_m3;
    double sum = 0.0;
    for (int d = 0; d < first_year; ++d) sum += local[i][d];
    const double mean = first_year > 0 ? sum / first_year : 0.0;
    prev_release[i] = mean + (i > 0 ? prev_release[i - 1] : 0.0);
  }

  for (int d = 0; d < total_days; ++d) {
    const int doy = d % 365;
    const int month = Calendar(doy).month;
    const bool report = d >= warmup_days;
    if (d == warmup_days)
      for (std::size_t i = 0; i < nr; ++i) {
        run->reservoirs[i].initial_storage_m3 = S[i];
        run->reservoirs[i].initial_level_m = HydroLevelFromVolume(hc.reservoirs[i], S[i]);
      }

    // Targets and evaporation estimates at the start of the day.
    for (std::size_t i = 0; i < nr; ++i) {
      const HydroReservoir& r = hc.reservoirs[i];
      // A target outside [dead, full] aims at the nearer of the two (the case may set one
      // anywhere inside its level-volume table); the series show the one aimed at.
      target_level[i] = TargetLevel(r, doy);
      const double v = HydroVolumeFromLevel(r, target_level[i]);
      target[i] = std::clamp(v, r.dead_volume_m3, r.full_volume_m3);
      if (target[i] != v) target_level[i] = HydroLevelFromVolume(r, target[i]);
      double area = HydroAreaFromLevel(r, HydroLevelFromVolume(r, S[i]));
      evap_est[i] = r.net_evaporation_m_per_s[month] * area;
    }
    // Bottom-up: the release each reservoir must pass down. The lowest one owes its
    // environmental flow; each one above also owes what the one below needs for its own
    // withdrawals, evaporation and required release beyond its local inflow and the water
    // it holds above its target.
    for (std::size_t k = nr; k-- > 0;) {
      const HydroReservoir& r = hc.reservoirs[k];
      double req = r.environmental_flow_m3s[month];
      if (k + 1 < nr) {
        const HydroReservoir& b = hc.reservoirs[k + 1];
        // Net evaporation with its sign: rain on the reservoir below is water it has
        // (docs/hydro.md 3.2).
        double need = required[k + 1] + evap_est[k + 1] - local[k + 1][d] -
                      std::max(0.0, S[k + 1] - target[k + 1]) / kDay;
        for (const auto& w : b.withdrawals)
          need += opt.irrigation_scale * w.annual_volume_m3 * w.monthly_share[month] /
                  (kDaysInMonth[month] * kDay);
        req = std::max(req, need);
      }
      required[k] = req;
    }

    // Top-down: the water balance of each reservoir with the same-day release from above.
    double from_above = 0.0;
    std::vector<double> level_start(nr);
    for (std::size_t i = 0; i < nr; ++i)
      level_start[i] = HydroLevelFromVolume(hc.reservoirs[i], S[i]);
    for (std::size_t i = 0; i < nr; ++i) {
      const HydroReservoir& r = hc.reservoirs[i];
      const double S0 = S[i];
      const double inflow = local[i][d] + from_above;
      // Evaporation from the start-of-day area; it cannot take more than there is.
      double evap = std::min(evap_est[i], (S0 + inflow * kDay) / kDay);

      // Allocate by priority: the required release and the local withdrawals, from the
      // water above the dead storage. Equal priorities share pro rata.
      double avail = std::max(0.0, (S0 + (inflow - evap) * kDay - r.dead_volume_m3) / kDay);
      std::size_t nw = r.withdrawals.size();
      std::vector<double> demand(nw + 1), priority(nw + 1), given(nw + 1, 0.0);
      demand[0] = required[i];
      priority[0] = r.release_priority;
      for (std::size_t k = 0; k < nw; ++k) {
        const auto& w = r.withdrawals[k];
        demand[k + 1] = opt.irrigation_scale * w.annual_volume_m3 * w.monthly_share[month] /
                        (kDaysInMonth[month] * kDay);
        priority[k + 1] = w.priority;
      }
      std::vector<double> levels(priority);
      std::sort(levels.begin(), levels.end());
      levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
      for (double p : levels) {
        double total = 0.0;
        for (std::size_t k = 0; k <= nw; ++k)
          if (priority[k] == p) total += demand[k];
        if (total <= 0.0) continue;
        double give = std::min(total, avail);
        for (std::size_t k = 0; k <= nw; ++k)
          if (priority[k] == p) given[k] = demand[k] * (give / total);
        avail -= give;
      }
      double withdrawn = 0.0;
      for (std::size_t k = 0; k < nw; ++k) withdrawn += given[k + 1];
      const double release_req = given[0];

      // Head: level at the start of the day over the tailwater, which is the river stage
      // for yesterday's release or the pool below where that is higher.
      double z = level_start[i];
      double tail = r.tailwater_bed_m +
                    r.tailwater_a * std::pow(std::max(0.0, prev_release[i]), r.tailwater_b);
      if (i + 1 < nr && !r.downstream.empty()) tail = std::max(tail, level_start[i + 1]);
      double h_net = std::max(0.0, (1.0 - r.head_loss_fraction) * (z - tail));
      std::vector<double> cap(r.units.size(), 0.0);
      double q_cap = 0.0;
      for (std::size_t u = 0; u < r.units.size(); ++u) {
        const HydroUnit& un = r.units[u];
        if (h_net <= 0.0 || h_net < un.min_head_m) continue;
        cap[u] = std::min(un.max_flow_m3s, un.max_power_W / (un.efficiency * rho_g * h_net));
        q_cap += cap[u];
      }

      // Water above the target goes through the units as far as they can take it; it is
      // never spilled below full. A required release the units cannot take is bypassed.
      double S1 = S0 + (inflow - evap - withdrawn - release_req) * kDay;
      double extra = std::max(0.0, (S1 - target[i]) / kDay);
      extra = std::min(extra, std::max(0.0, q_cap - release_req));
      // Bypassed: only the required release the units cannot take (extra is within what
      // they can). release_req + extra - min(q_cap, ...) left 2.8e-14 m3/s of round-off
      // "bypassed" on days the units ran full (Aras in a flood year); the units' flow stays
      // within their capacity too, where release_req + extra lies an ulp above it (the day's
      // balance then closes to that ulp, far inside its 3e-7 m3).
      const double bypass = release_req > q_cap ? release_req - q_cap : 0.0;
      const double turbine = release_req > q_cap ? q_cap : std::min(q_cap, release_req + extra);
      double S2 = S1 - extra * kDay;
      double spill = 0.0;
      double S_end = S2;
      if (S2 > r.full_volume_m3) {
        spill = (S2 - r.full_volume_m3) / kDay;
        S_end = r.full_volume_m3;
      }
      // A lake emptied to a dead storage of 0 ends a rounding below it (-1.9e-9 m3, written
      // as -1.9e-15 mcm): storage is never negative (docs/hydro.md, section 10).
      if (S_end < 0.0) S_end = 0.0;
      const double release = turbine + bypass + spill;

      if (report) {
        HydroReservoirSeries& s = run->reservoirs[i];
        s.storage_m3.push_back(S_end);
        s.level_m.push_back(HydroLevelFromVolume(r, S_end));
        s.target_level_m.push_back(target_level[i]);
        s.inflow_m3s.push_back(inflow);
        s.local_inflow_m3s.push_back(local[i][d]);
        s.evaporation_m3s.push_back(evap);
        for (std::size_t k = 0; k < nw; ++k) {
          s.withdrawal_m3s[k].push_back(given[k + 1]);
          s.withdrawal_demand_m3s[k].push_back(demand[k + 1]);
        }
        s.turbine_m3s.push_back(turbine);
        s.bypass_m3s.push_back(bypass);
        s.spill_m3s.push_back(spill);
        s.tailwater_m.push_back(tail);
        s.net_head_m.push_back(h_net);
        for (std::size_t u = 0; u < r.units.size(); ++u) {
          // (Within the unit's capacity to the ulp, as the plant's flow is.)
          double qu = q_cap > 0.0 ? std::min(cap[u], turbine * cap[u] / q_cap) : 0.0;
          s.unit_flow_m3s[u].push_back(qu);
          s.unit_power_W[u].push_back(r.units[u].efficiency * rho_g * h_net * qu);
        }
        // The balance check uses the recorded values, as a reader of the CSV would.
        double terms = (inflow - evap - withdrawn - turbine - bypass - spill) * kDay;
        double scale = std::max({S0, S_end, std::abs(inflow) * kDay, 1.0});
        double rel = std::abs(S_end - S0 - terms) / scale;
        if (rel >= run->max_balance_residual_rel) {
          run->max_balance_residual_rel = rel;
          run->worst_balance_reservoir = r.id;
        }
        if (spill > 0.0) ++run->spill_days;
        if (r.spillway_capacity_m3s > 0.0 && spill > r.spillway_capacity_m3s)
          ++run->spillway_exceeded_days;
        if (release < r.environmental_flow_m3s[month] * (1.0 - 1e-12))
          ++run->env_flow_shortfall_days;
        if (S_end < r.dead_volume_m3 * (1.0 - 1e-12)) ++run->below_dead_days;
      }
      S[i] = S_end;
      prev_release[i] = release;
      from_above = release;
    }
    if (report) {
      bool short_day = false;
      for (std::size_t i = 0; i < nr; ++i) {
        const auto& s = run->reservoirs[i];
        for (std::size_t k = 0; k < s.withdrawal_m3s.size(); ++k)
          short_day = short_day ||
                      s.withdrawal_m3s[k].back() < s.withdrawal_demand_m3s[k].back() * (1.0 - 1e-9);
      }
      if (short_day) ++run->shortage_days;
    }
  }

  // Energy per plant and per country; firm power from the daily means.
  std::map<std::string, std::vector<double>> country_daily;
  std::map<std::string, double> country_capacity, country_not_in_service;
  std::map<std::string, HydroCountryWater> water;
  for (std::size_t i = 0; i < nr; ++i) {
    const HydroReservoir& r = hc.reservoirs[i];
    const HydroReservoirSeries& s = run->reservoirs[i];
    double capacity = 0.0, not_in_service = 0.0;
    std::vector<double> daily(report_days, 0.0);
    for (std::size_t u = 0; u < r.units.size(); ++u) {
      capacity += r.units[u].max_power_W;
      country_capacity[r.units[u].country] += r.units[u].max_power_W;
      if (r.units[u].status != "operating") {
        not_in_service += r.units[u].max_power_W;
        country_not_in_service[r.units[u].country] += r.units[u].max_power_W;
      }
      auto& cd = country_daily[r.units[u].country];
      cd.resize(report_days, 0.0);
      auto& cw = water[r.units[u].country];
      cw.country = r.units[u].country;
      for (int d = 0; d < report_days; ++d) {
        daily[d] += s.unit_power_W[u][d];
        cd[d] += s.unit_power_W[u][d];
        cw.turbined_m3 += s.unit_flow_m3s[u][d] * kDay / years_reported;
      }
    }
    for (std::size_t k = 0; k < r.withdrawals.size(); ++k) {
      auto& cw = water[r.withdrawals[k].country];
      cw.country = r.withdrawals[k].country;
      for (int d = 0; d < report_days; ++d) {
        cw.withdrawal_demand_m3 += s.withdrawal_demand_m3s[k][d] * kDay / years_reported;
        cw.withdrawal_delivered_m3 += s.withdrawal_m3s[k][d] * kDay / years_reported;
      }
    }
    HydroEnergy e = EnergyOf(r.id, daily, years_reported, opt.firm_exceedance);
    e.capacity_W = capacity;
    e.not_in_service_capacity_W = not_in_service;
    run->plants.push_back(std::move(e));
  }
  for (auto& [country, daily] : country_daily) {
    HydroEnergy e = EnergyOf(country, daily, years_reported, opt.firm_exceedance);
    e.capacity_W = country_capacity[country];
    e.not_in_service_capacity_W = country_not_in_service[country];
    run->countries.push_back(std::move(e));
  }
  for (auto& [country, w] : water) run->water.push_back(w);
  // The published shares: their country's units at their plants (none where
  // --existing-units left them all out).
  for (const HydroPublishedShare& sh : hc.published_shares) {
    double capacity = 0.0, not_in_service = 0.0;
    std::vector<double> daily(report_days, 0.0);
    for (std::size_t i = 0; i < nr; ++i) {
      const HydroReservoir& r = hc.reservoirs[i];
      if (std::find(sh.plants.begin(), sh.plants.end(), r.id) == sh.plants.end()) continue;
      for (std::size_t u = 0; u < r.units.size(); ++u) {
        if (r.units[u].country != sh.country) continue;
        capacity += r.units[u].max_power_W;
        if (r.units[u].status != "operating") not_in_service += r.units[u].max_power_W;
        for (int d = 0; d < report_days; ++d) daily[d] += run->reservoirs[i].unit_power_W[u][d];
      }
    }
    HydroEnergy e =
        EnergyOf(hydro_internal::ShareName(sh), daily, years_reported, opt.firm_exceedance);
    e.capacity_W = capacity;
    e.not_in_service_capacity_W = not_in_service;
    run->shares.push_back(std::move(e));
  }
}

}  // namespace

double HydroLevelFromVolume(const HydroReservoir& r, double volume_m3) {
  return Interp(r.curve_volume_m3, r.curve_level_m, volume_m3);
}
double HydroVolumeFromLevel(const HydroReservoir& r, double level_m) {
  return Interp(r.curve_level_m, r.curve_volume_m3, level_m);
}
double HydroAreaFromLevel(const HydroReservoir& r, double level_m) {
  return Interp(r.curve_level_m, r.curve_area_m2, level_m);
}

Status HydroOptions::Validate() const {
  Problems problems("HydroOptions", &Status::InvalidArgument);
  if (years < 1 || years > 200)
    problems.Add(fmt::format("HydroOptions.years = {}: must be 1..200", years));
  if (warmup_years < 0 || warmup_years > 50)
    problems.Add(fmt::format("HydroOptions.warmup_years = {}: must be 0..50", warmup_years));
  if (!(irrigation_scale >= 0 && irrigation_scale <= 10))
    problems.Add(
        fmt::format("HydroOptions.irrigation_scale = {}: must be in [0, 10]", irrigation_scale));
  if (!(firm_exceedance > 0 && firm_exceedance <= 1))
    problems.Add(
        fmt::format("HydroOptions.firm_exceedance = {}: must be in (0, 1]", firm_exceedance));
  // A year type named twice would run twice under one label, and the outputs' files of the
  // two runs collide (WriteHydroOutputs then refused without saying why).
  for (std::size_t i = 0; i < year_types.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (year_types[j] == year_types[i]) {
        problems.Add(fmt::format("HydroOptions.year_types names '{}' twice", year_types[i]));
        break;
      }
  return problems.ToStatus();
}

namespace {

// How many months or days a user inflow spans: its columns' length, else its `steps`.
std::size_t InflowLength(const HydroInflow& in) {
  return in.values.empty() ? in.steps : in.values[0].size();
}

// An inflow built in code, checked as the file reader checks one: every problem listed
// (capped). A column's bad values are said once for the column, with the first of them
// and their count; the lengths' rules are judged only when the columns agree in length.
Status CheckInflow(const HydroCase& hc, const HydroInflow& in) {
  if (in.values.size() != in.reservoir_ids.size())
    return Status::InvalidInput(fmt::format(
        "hydro inflow {}: {} series for {} reservoir columns: one series per column is needed",
        in.file, in.values.size(), in.reservoir_ids.size()));
  Problems problems("hydro inflow " + in.file);
  bool one_length = true;
  for (std::size_t c = 0; c < in.reservoir_ids.size(); ++c) {
    const std::string& id = in.reservoir_ids[c];
    bool known = false;
    for (const auto& r : hc.reservoirs) known = known || r.id == id;
    if (!known)
      problems.Add(fmt::format("hydro inflow {}: column '{}' names no reservoir", in.file, id));
    for (std::size_t e = 0; e < c; ++e)
      if (in.reservoir_ids[e] == id) {
        problems.Add(fmt::format("hydro inflow {}: column '{}' is given twice", in.file, id));
        break;
      }
    const std::vector<double>& v = in.values[c];
    if (v.size() != in.values[0].size()) {
      problems.Add(fmt::format(
          "hydro inflow {}: column '{}' has {} values, column '{}' {}: columns differ in length",
          in.file, id, v.size(), in.reservoir_ids[0], in.values[0].size()));
      one_length = false;
    }
    // As the file reader checks them: a NaN inflow ran to an energy of 0 and "OK".
    std::size_t bad = 0, first = 0;
    for (std::size_t t = 0; t < v.size(); ++t)
      if (!std::isfinite(v[t]) || v[t] < 0.0)
        if (bad++ == 0) first = t;
    if (bad > 0)
      problems.Add(fmt::format(
          "hydro inflow {}: column '{}', value {} is {} m3/s: inflows must be finite and >= 0{}",
          in.file, id, first + 1, v[first],
          bad > 1 ? fmt::format(" ({} values of the column break this rule)", bad) : ""));
  }
  // A kind cast from a number (5 ran as neither monthly nor daily, unchecked).
  if (in.kind != HydroInflow::Kind::kMonthly && in.kind != HydroInflow::Kind::kDaily)
    problems.Add(fmt::format("hydro inflow {}: kind {} is neither monthly nor daily", in.file,
                             static_cast<int>(in.kind)));
  const std::size_t len = InflowLength(in);
  if (one_length && in.steps != 0 && !in.values.empty() && len != in.steps)
    problems.Add(fmt::format("hydro inflow {}: the columns have {} values but steps says {}",
                             in.file, len, in.steps));
  if (one_length) {
    // (A monthly inflow without columns and steps is twelve months of nothing: no column
    // is a reservoir without local inflow. A daily one says nothing of its years.)
    if (in.kind == HydroInflow::Kind::kMonthly && len != 12 &&
        !(in.values.empty() && in.steps == 0))
      problems.Add(
          fmt::format("hydro inflow {}: monthly series need 12 values, got {}", in.file, len));
    if (in.kind == HydroInflow::Kind::kDaily && in.values.empty() && in.steps == 0)
      problems.Add(fmt::format(
          "hydro inflow {}: a daily inflow without reservoir columns must say how many days "
          "it spans (HydroInflow::steps)",
          in.file));
    else if (in.kind == HydroInflow::Kind::kDaily && (len < 365 || len % 365 != 0))
      problems.Add(fmt::format(
          "hydro inflow {}: daily series need a whole number of 365-day years, got {} days",
          in.file, len));
    // The years HydroOptions::years allows (a daily series' length sets them: 1e6 years
    // took 17 GB within a minute).
    else if (in.kind == HydroInflow::Kind::kDaily &&
             len > 365u * static_cast<unsigned>(hydro_internal::kMaxInflowYears))
      problems.Add(fmt::format(
          "hydro inflow {}: a daily series spans at most {} years ({} days), got {} days",
          in.file, hydro_internal::kMaxInflowYears, hydro_internal::MaxInflowDaysText(), len));
  }
  return problems.ToStatus();
}

Status SimulateHydroUnguarded(const HydroCase& case_in, const HydroOptions& options,
                              HydroSummary* summary) {
  auto t0 = std::chrono::steady_clock::now();
  Status s = options.Validate();
  if (!s.ok()) return s;
  s = CheckCase(case_in);
  if (!s.ok()) return s;
  // The plants as they stand: drop planned units (a copy; the caller's case is unchanged).
  HydroCase existing;
  if (options.existing_units_only) {
    existing = case_in;
    for (auto& r : existing.reservoirs)
      r.units.erase(std::remove_if(r.units.begin(), r.units.end(),
                                   [](const HydroUnit& u) { return u.status == "planned"; }),
                    r.units.end());
  }
  const HydroCase& hc = options.existing_units_only ? existing : case_in;
  *summary = HydroSummary();
  // The texts the reports print, as one line each: a case built in code is not read, and
  // its newline forged a line of the report (the reader makes a file's so).
  const auto one_line = [](std::string text) {
    hydro_internal::AsOneLine(&text);
    return text;
  };
  summary->case_name = one_line(hc.name);
  summary->case_file = hc.file;
  summary->options = options;
  summary->options.inflow = nullptr;
  for (const auto& y : hc.year_types) summary->run_labels.push_back(y.name);
  summary->run_labels.push_back("user");
  for (const auto& r : hc.reservoirs) {
    summary->reservoir_ids.push_back(r.id);
    summary->reservoir_names.push_back(r.name.empty() ? r.id : one_line(r.name));
    summary->case_initial_storage_m3.push_back(r.initial_volume_m3);
    std::vector<std::string> ids, countries, wids, wcountries;
    for (const auto& u : r.units) {
      ids.push_back(u.id);
      countries.push_back(u.country);
    }
    for (const auto& w : r.withdrawals) {
      wids.push_back(w.id);
      wcountries.push_back(w.country);
    }
    summary->unit_ids.push_back(ids);
    summary->unit_countries.push_back(countries);
    summary->withdrawal_ids.push_back(wids);
    summary->withdrawal_countries.push_back(wcountries);
    summary->published_energy_J.push_back(r.published_energy_J);
    summary->published_energy_source.push_back(one_line(r.published_energy_source));
    summary->published_energy_note.push_back(one_line(r.published_energy_note));
    // (The case's units, planned ones included: hc may have left them out.)
    double all = 0.0, left_out = 0.0;
    for (const HydroUnit& u : case_in.reservoirs[summary->reservoir_ids.size() - 1].units) {
      all += u.max_power_W;
      if (options.existing_units_only && u.status == "planned") left_out += u.max_power_W;
      if (!options.existing_units_only && u.status == "planned")
        summary->planned_simulated_W += u.max_power_W;
    }
    summary->units_all_W.push_back(all);
    summary->units_left_out_W.push_back(left_out);
  }
  summary->published_shares = case_in.published_shares;
  for (HydroPublishedShare& sh : summary->published_shares) {
    sh.source = one_line(sh.source);
    sh.note = one_line(sh.note);
  }
  for (const HydroPublishedShare& sh : case_in.published_shares) {
    double all = 0.0, left_out = 0.0;
    for (const HydroReservoir& r : case_in.reservoirs)
      if (std::find(sh.plants.begin(), sh.plants.end(), r.id) != sh.plants.end())
        for (const HydroUnit& u : r.units)
          if (u.country == sh.country) {
            all += u.max_power_W;
            if (options.existing_units_only && u.status == "planned") left_out += u.max_power_W;
          }
    summary->share_units_all_W.push_back(all);
    summary->share_units_left_out_W.push_back(left_out);
  }

  // Year types are named against the case whether or not they are run: a misspelt name
  // beside an inflow file was silently ignored. Every unknown name is listed.
  {
    std::string known;
    for (const auto& y : hc.year_types) known += (known.empty() ? "" : ", ") + y.name;
    Problems unknown("HydroOptions.year_types", &Status::InvalidArgument);
    for (const auto& name : options.year_types) {
      bool found = false;
      for (const auto& y : hc.year_types) found = found || y.name == name;
      if (!found)
        unknown.Add(fmt::format("year type '{}' is not in the case (known: {})", name, known));
    }
    if (!unknown.empty()) return unknown.ToStatus();
  }
  const HydroInflow* user = options.inflow;
  if (user != nullptr) {
    if (Status bad = CheckInflow(hc, *user); !bad.ok()) return bad;
    const std::size_t len = InflowLength(*user);
    HydroRun run;
    run.label = "user";
    int years =
        user->kind == HydroInflow::Kind::kDaily ? static_cast<int>(len / 365) : options.years;
    summary->inflow_source =
        fmt::format("{} ({} inflow file)", user->file,
                    user->kind == HydroInflow::Kind::kDaily ? "daily" : "monthly");
    // Said without naming an option: the caller may not have chosen HydroOptions::years
    // (the CLI's default of 1 read as "--years 1 was not used"); the CLI adds its own note
    // when --years was given.
    if (user->kind == HydroInflow::Kind::kDaily)
      summary->notes.push_back(fmt::format(
          "the daily inflow file holds {} year(s), all of them reported", years));
    Simulate(hc, options, user, 1.0, years, &run);
    summary->runs.push_back(std::move(run));
  } else {
    summary->inflow_source = "case pattern (mean local inflows x monthly factors x year type)";
    // None named: every year type of the case (a case without "dry" or "wet" could not
    // run by default, and a "flood" beside them was never run).
    std::vector<std::string> names = options.year_types;
    if (names.empty())
      for (const HydroYearType& y : hc.year_types) names.push_back(y.name);
    for (const auto& name : names) {
      const HydroYearType* yt = nullptr;
      for (const auto& y : hc.year_types)
        if (y.name == name) yt = &y;
      // Every name was found in the case above (the unknown ones listed there).
      if (yt == nullptr)
        return Status::Internal(fmt::format("year type '{}' was checked but not found", name));
      HydroRun run;
      run.label = yt->name;
      run.inflow_factor = yt->factor;
      Simulate(hc, options, nullptr, yt->factor, options.years, &run);
      summary->runs.push_back(std::move(run));
    }
  }
  bool daily = user != nullptr && user->kind == HydroInflow::Kind::kDaily;
  summary->notes.push_back(daily ? "365-day years; no routing lag between dams"
                                 : "365-day years; inflow constant within each month; no "
                                   "routing lag between dams");
  if (options.existing_units_only) {
    summary->notes.push_back(
        "existing units only (status operating or built); planned units left out");
  } else {
    // What the case says of its units, by status and plant ("operating: Aras (AZ, IR);
    // built: Giz Galasi (IR)"): the Araz case's own state was said for every case.
    std::string by_status;
    for (const char* status : {"operating", "built", "planned"}) {
      std::string plants;
      for (const auto& r : hc.reservoirs) {
        std::vector<std::string> seen;  // whole codes ("A" is not in "AZ")
        std::string countries;
        for (const auto& u : r.units)
          if (u.status == status &&
              std::find(seen.begin(), seen.end(), u.country) == seen.end()) {
            seen.push_back(u.country);
            countries += (countries.empty() ? "" : ", ") + u.country;
          }
        if (!countries.empty())
          plants += (plants.empty() ? "" : ", ") + (r.name.empty() ? r.id : r.name) + " (" +
                    countries + ")";
      }
      if (!plants.empty())
        by_status += (by_status.empty() ? "" : "; ") + std::string(status) + ": " + plants;
    }
    summary->notes.push_back(
        by_status.find("planned: ") == std::string::npos
            ? "all units of the case are simulated as running (none is planned)"
            : "all units of the case are simulated as running, planned ones included (by the "
              "case's status, " + by_status + ")");
  }
  // As the reader warns: a unit that needs more head than the dam can ever give.
  for (const auto& r : hc.reservoirs) {
    const double full_level = HydroLevelFromVolume(r, r.full_volume_m3);
    const double max_head = (1.0 - r.head_loss_fraction) * (full_level - r.tailwater_bed_m);
    for (const auto& u : r.units)
      if (u.min_head_m > max_head)
        summary->notes.push_back(fmt::format(
            "unit '{}' never runs: its minimum head {} m exceeds the largest net head {:.2f} m "
            "(full level over the tailwater bed, less losses)",
            u.id, u.min_head_m, max_head));
  }
  if (options.irrigation_scale != 1.0)
    summary->notes.push_back(
        fmt::format("irrigation demands scaled by {}", options.irrigation_scale));
  summary->simulate_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

}  // namespace

Status SimulateHydro(const HydroCase& case_in, const HydroOptions& options, HydroSummary* summary) {
  if (summary == nullptr) return Status::InvalidArgument("SimulateHydro: summary is null");
  // (A long run's daily series on little memory: a Status, not an exception.)
  Status s = internal::GuardedCall(
      "SimulateHydro", [&] { return SimulateHydroUnguarded(case_in, options, summary); });
  if (!s.ok()) *summary = HydroSummary();  // nothing half-filled from a refused run
  return s;
}

}  // namespace corridor
