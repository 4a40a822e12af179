// Views of a HydroSummary: text reports, CSV tables and SVG plots. Nothing here computes
// physics; it only formats what the simulation recorded (energies are sums of the
// recorded daily powers).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "corridor/file.h"
#include "corridor/hydro.h"
#include "core/output_set.h"
#include "hydro/hydro_internal.h"
#include "io/text.h"
#include "core/guarded_call.h"
#include "core/problems.h"

namespace corridor {
namespace {

// What the reports and files index by reservoir, unit, withdrawal, country and day, checked
// against the reservoir ids and each run's days: a summary edited by its caller (a
// reservoir id pushed, a day's value dropped) had them read past their vectors. Empty where
// the shapes agree.
internal::Problems ShapeProblems(const HydroSummary& s) {
  internal::Problems out("the hydro summary");
  const std::size_t n = s.reservoir_ids.size();
  auto sized = [&](const std::string& what, std::size_t size, std::size_t want,
                   const char* per) {
    if (size != want) out.Add(fmt::format("{} has {} entries for {} {}", what, size, want, per));
  };
  sized("reservoir_names", s.reservoir_names.size(), n, "reservoir(s)");
  sized("unit_countries", s.unit_countries.size(), n, "reservoir(s)");
  sized("withdrawal_countries", s.withdrawal_countries.size(), n, "reservoir(s)");
  sized("published_energy_J", s.published_energy_J.size(), n, "reservoir(s)");
  sized("published_energy_source", s.published_energy_source.size(), n, "reservoir(s)");
  sized("units_all_W", s.units_all_W.size(), n, "reservoir(s)");
  const std::size_t ns = s.published_shares.size();
  sized("share_units_all_W", s.share_units_all_W.size(), ns, "published share(s)");
  sized("share_units_left_out_W", s.share_units_left_out_W.size(), ns, "published share(s)");
  for (std::size_t k = 0; k < s.runs.size(); ++k) {
    const HydroRun& r = s.runs[k];
    const std::string run = fmt::format("runs[{}]", k);
    sized(run + ".reservoirs", r.reservoirs.size(), n, "reservoir(s)");
    sized(run + ".plants", r.plants.size(), n, "reservoir(s)");
    sized(run + ".shares", r.shares.size(), ns, "published share(s)");
    sized(run + ".countries", r.countries.size(), s.runs.front().countries.size(),
          "countries of runs[0]");
    if (r.days < 0 || r.years < 0)
      out.Add(fmt::format("{} has {} days in {} years", run, r.days, r.years));
    const std::size_t days = static_cast<std::size_t>(std::max(r.days, 0));
    for (std::size_t i = 0; i < r.reservoirs.size() && i < n; ++i) {
      const HydroReservoirSeries& x = r.reservoirs[i];
      const std::string at = fmt::format("{}.reservoirs[{}].", run, i);
      for (const auto& [name, v] :
           {std::pair<const char*, const std::vector<double>*>{"storage_m3", &x.storage_m3},
            {"level_m", &x.level_m}, {"target_level_m", &x.target_level_m},
            {"inflow_m3s", &x.inflow_m3s}, {"local_inflow_m3s", &x.local_inflow_m3s},
            {"evaporation_m3s", &x.evaporation_m3s}, {"turbine_m3s", &x.turbine_m3s},
            {"bypass_m3s", &x.bypass_m3s}, {"spill_m3s", &x.spill_m3s},
            {"tailwater_m", &x.tailwater_m}, {"net_head_m", &x.net_head_m}})
        sized(at + name, v->size(), days, "day(s)");
      if (i < s.withdrawal_countries.size())
        sized(at + "withdrawal_m3s", x.withdrawal_m3s.size(), s.withdrawal_countries[i].size(),
              "withdrawal(s)");
      if (i < s.unit_countries.size())
        sized(at + "unit_power_W", x.unit_power_W.size(), s.unit_countries[i].size(),
              "unit(s)");
      for (std::size_t w = 0; w < x.withdrawal_m3s.size(); ++w)
        sized(fmt::format("{}withdrawal_m3s[{}]", at, w), x.withdrawal_m3s[w].size(), days,
              "day(s)");
      for (std::size_t u = 0; u < x.unit_power_W.size(); ++u)
        sized(fmt::format("{}unit_power_W[{}]", at, u), x.unit_power_W[u].size(), days,
              "day(s)");
    }
  }
  return out;
}

constexpr double kGWh = 3.6e12;  // J
constexpr double kMcm = 1e6;     // m^3
constexpr int kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

int MonthOf(int doy) {
  int m = 0;
  while (doy >= kDaysInMonth[m]) doy -= kDaysInMonth[m++];
  return m;
}

std::string EnergyTable(const HydroSummary& s) {
  std::string out = fmt::format("{:<34}", "Annual energy, GWh/y (mean)");
  for (const auto& r : s.runs) out += fmt::format("{:>10}", r.label);
  out += "\n";
  if (s.runs.empty()) return out;
  auto row = [&](const std::string& label, auto get) {
    std::string line = fmt::format("  {:<32}", label);
    for (const auto& r : s.runs) line += fmt::format("{:>10.1f}", get(r));
    return line + "\n";
  };
  const HydroRun& first = s.runs.front();
  // Units not in service today (planned, or built and not commissioned) are simulated as
  // running unless --existing-units leaves the planned ones out: their rows are marked, and
  // a line after the table says how much of each figure they are, so that no row reads as
  // today's generation (Khudafarin's 200 MW were counted unmarked).
  std::string not_in_service;
  auto label = [&](const std::string& what, const HydroEnergy& e) {
    if (e.not_in_service_capacity_W <= 0.0)
      return fmt::format("{} ({:.0f} MW)", what, e.capacity_W / 1e6);
    not_in_service += fmt::format("{}{} {:.0f} of {:.0f} MW", not_in_service.empty() ? "" : ", ",
                                  e.name, e.not_in_service_capacity_W / 1e6, e.capacity_W / 1e6);
    return fmt::format("{} ({:.0f} MW)*", what, e.capacity_W / 1e6);
  };
  for (std::size_t i = 0; i < first.plants.size(); ++i)
    out += row(label("plant " + first.plants[i].name, first.plants[i]),
               [&](const HydroRun& r) { return r.plants[i].mean_annual_energy_J / kGWh; });
  for (std::size_t c = 0; c < first.countries.size(); ++c)
    out += row(label("country " + first.countries[c].name, first.countries[c]),
               [&](const HydroRun& r) { return r.countries[c].mean_annual_energy_J / kGWh; });
  out += row(not_in_service.empty() ? "total" : "total*", [&](const HydroRun& r) {
    double t = 0;
    for (const auto& p : r.plants) t += p.mean_annual_energy_J;
    return t / kGWh;
  });
  if (!not_in_service.empty())
    // (The option that leaves the planned ones out was said nowhere near them; it keeps
    // the built ones, and is not hinted once given.)
    out += "  * runs as in service the units that are not today (planned, or built and not\n"
           "    commissioned): " + not_in_service +
           (s.planned_simulated_W > 0.0
                ? fmt::format("; --existing-units leaves out the planned ones ({:.0f} MW)",
                              s.planned_simulated_W / 1e6)
                : std::string()) +
           "\n";
  return out;
}

}  // namespace

std::string HydroSummary::BriefReport() const {
  std::string out;
  out += fmt::format("Hydro case    : {}\n", case_name);
  if (const auto bad = ShapeProblems(*this); !bad.empty())
    return out + "Inconsistent summary: its tables are left out (" + bad.List() + ")\n";
  out += fmt::format("Reservoirs    : {}\n", fmt::join(reservoir_ids, " -> "));
  out += fmt::format("Inflow        : {}\n", inflow_source);
  out += fmt::format("Period        : {} year(s) per run after {} warm-up year(s), daily steps\n",
                     runs.empty() ? 0 : runs.front().years, options.warmup_years);
  // The warm-up moves the reservoirs off the case's start (Khudafarin's observation,
  // 503 mcm in May 2024) to where the pattern keeps them: said, since the figures depend on
  // it (26 % less energy without the warm-up).
  if (options.warmup_years > 0 && !runs.empty() &&
      case_initial_storage_m3.size() == reservoir_ids.size() &&
      runs.front().reservoirs.size() == reservoir_ids.size()) {
    std::string from, to;
    for (std::size_t i = 0; i < reservoir_ids.size(); ++i) {
      const char* sep = i == 0 ? "" : ", ";
      from += fmt::format("{}{} {:.0f}", sep, reservoir_ids[i], case_initial_storage_m3[i] / 1e6);
      to += fmt::format("{}{} {:.0f}", sep, reservoir_ids[i],
                        runs.front().reservoirs[i].initial_storage_m3 / 1e6);
    }
    out += fmt::format("Storage, mcm  : the warm-up starts from the case's: {}\n"
                       "                the {} run's reported years start at: {}\n"
                       "                (--warmup-years 0 reports from the case's start)\n",
                       from, runs.front().label, to);
  }
  out += EnergyTable(*this);
  // Where a run ends with more or less water stored than it started with: a dry year after
  // average ones drew 294 mcm from the Aras dam, and its 123.2 GWh/y read as what a dry
  // year gives (105.2 from its second year on). The change is of the figures shown (to
  // 0.1 mcm), so that they add up as printed.
  std::string changes;
  bool one_year_of_a_type = false;
  for (const auto& r : runs) {
    std::string line;
    for (std::size_t i = 0; i < r.reservoirs.size() && i < reservoir_ids.size(); ++i) {
      const HydroReservoirSeries& x = r.reservoirs[i];
      if (x.storage_m3.empty()) continue;
      // (In tenths of a mcm, whole numbers: 0.4 -> 1.4 is 1.0, where doubles read 0.99.)
      const double from_d = x.initial_storage_m3 / 1e5, to_d = x.storage_m3.back() / 1e5;
      if (!std::isfinite(from_d) || !std::isfinite(to_d)) continue;
      const long long from = std::llround(from_d), to = std::llround(to_d);
      if (std::llabs(to - from) < 10) continue;
      line += fmt::format("{}{} {:.1f} -> {:.1f} mcm ({:+.1f})", line.empty() ? "" : ", ",
                          reservoir_ids[i], from / 10.0, to / 10.0, (to - from) / 10.0);
    }
    if (line.empty()) continue;
    changes += fmt::format("{}{}: {}\n", changes.empty() ? "" : "                ", r.label,
                           line);
    one_year_of_a_type = one_year_of_a_type || (r.label != "user" && r.years == 1);
  }
  if (!changes.empty())
    out += "Storage change: " + changes +
           "                a fall is stored water the run released (through or past its "
           "turbines, to canals, over spillways) or lost to evaporation, a rise water it held "
           "back or rain on the lake" +
           (one_year_of_a_type ? " (--years N runs N years of a type in a row)" : "") + "\n";
  // A published figure beside each run's (giz_galasi's 111.8 beside 270 went without a
  // word, though the case says why): a plant's, then a country's share of some plants (the
  // AZ ministry's 358 GWh/y was left to docs/hydro.md, the plant's alone in the report).
  // With --existing-units the model may run fewer units than the figure is for (Giz
  // Galasi's one 40 MW unit against the 270 GWh/y of both sides read -59 %, unsaid).
  const auto published = [&](const std::string& what, double figure_J,
                              const std::string& source, const std::string& note,
                              double all_W, double left_out_W, auto energy_of) {
    // (A code-built case may give no source, which the reader refuses: "()" was printed.)
    const std::string from = source.empty() ? "no source given" : source;
    if (all_W > 0.0 && left_out_W >= all_W) {  // (0.0 GWh/y, -100 %, compared nothing)
      out += fmt::format("Published     : {} {:.6g} GWh/y ({}); not compared: "
                         "--existing-units leaves out all {:.0f} MW the figure is for\n",
                         what, figure_J / kGWh, from, all_W / 1e6);
      return;
    }
    std::string model;
    for (const auto& r : runs) {
      const double e = energy_of(r).mean_annual_energy_J;
      model += fmt::format("{}{} {:.1f} ({:+.0f} %)", model.empty() ? "" : ", ", r.label,
                           e / kGWh, 100.0 * (e / figure_J - 1.0));
    }
    const std::string fewer =
        left_out_W > 0.0 ? fmt::format("\n                the model runs {:.0f} of the {:.0f} MW "
                                       "the figure is for (--existing-units leaves the "
                                       "planned units out)",
                                       (all_W - left_out_W) / 1e6, all_W / 1e6)
                         : std::string();
    out += fmt::format("Published     : {} {:.6g} GWh/y ({}); model {}{}{}\n", what,
                       figure_J / kGWh, from, model, fewer,
                       note.empty() ? "" : "\n                " + note);
  };
  for (std::size_t i = 0; i < published_energy_J.size() && !runs.empty(); ++i)
    if (published_energy_J[i] > 0.0)
      published(reservoir_ids[i], published_energy_J[i], published_energy_source[i],
                i < published_energy_note.size() ? published_energy_note[i] : std::string(),
                units_all_W[i], i < units_left_out_W.size() ? units_left_out_W[i] : 0.0,
                [i](const HydroRun& r) -> const HydroEnergy& { return r.plants[i]; });
  for (std::size_t k = 0; k < published_shares.size() && !runs.empty(); ++k)
    if (published_shares[k].energy_J > 0.0)
      published(hydro_internal::ShareName(published_shares[k]), published_shares[k].energy_J,
                published_shares[k].source, published_shares[k].note, share_units_all_W[k],
                share_units_left_out_W[k],
                [k](const HydroRun& r) -> const HydroEnergy& { return r.shares[k]; });
  double worst = 0.0;
  std::string where;
  for (const auto& r : runs)
    if (r.max_balance_residual_rel >= worst) {
      worst = r.max_balance_residual_rel;
      where = r.label + "/" + r.worst_balance_reservoir;
    }
  if (worst <= 1e-9) {
    out += fmt::format("Water balance : closes within 1e-9 every day ({} run(s))\n", runs.size());
  } else {
    out += fmt::format("Water balance : NOT closed, worst daily residual {:.3g} at {}\n", worst,
                       where);
  }
  // What the energy lines do not show: withdrawals not served, releases below the
  // environmental flow, a spillway passed. Only --full's counts said them: three times the
  // irrigation left each country 1 248 of 3 000 mcm/y, and the brief report read as if all
  // were well.
  for (const auto& r : runs) {
    std::vector<std::string> said;
    if (r.shortage_days > 0) {
      double demand = 0.0, delivered = 0.0;
      for (const auto& w : r.water) {
        demand += w.withdrawal_demand_m3;
        delivered += w.withdrawal_delivered_m3;
      }
      said.push_back(fmt::format("withdrawals not fully served on {} day(s), {:.0f} of {:.0f} "
                                 "mcm/y delivered",
                                 r.shortage_days, delivered / kMcm, demand / kMcm));
    }
    if (r.env_flow_shortfall_days > 0)
      said.push_back(fmt::format("{} reservoir-day(s) released below the environmental flow",
                                 r.env_flow_shortfall_days));
    if (r.spillway_exceeded_days > 0)
      said.push_back(fmt::format("{} reservoir-day(s) above a spillway's capacity",
                                 r.spillway_exceeded_days));
    if (r.below_dead_days > 0)
      said.push_back(fmt::format("{} reservoir-day(s) ending below the dead storage (no release "
                                 "or withdrawal takes water from there: evaporation did, or the "
                                 "start lay there)",
                                 r.below_dead_days));
    if (!said.empty())
      out += fmt::format("Shortfalls    : {}: {} (--full: the tables)\n", r.label,
                         fmt::join(said, "; "));
  }
  if (show_timings) out += fmt::format("Time          : {:.4f} s\n", simulate_seconds);
  return out;
}

std::string HydroSummary::FullReport() const {
  std::string out = BriefReport();
  if (!ShapeProblems(*this).empty()) return out;  // (BriefReport said why)
  out += fmt::format("\nFirm power and energy ({:.0f}% of days), MW / GWh/y\n",
                     options.firm_exceedance * 100);
  for (const auto& r : runs) {
    out += fmt::format("  {}:", r.label);
    for (const auto& p : r.plants)
      out +=
          fmt::format("  {} {:.1f} / {:.0f}", p.name, p.firm_power_W / 1e6, p.firm_energy_J / kGWh);
    for (const auto& c : r.countries)
      out +=
          fmt::format("  {} {:.1f} / {:.0f}", c.name, c.firm_power_W / 1e6, c.firm_energy_J / kGWh);
    out += "\n";
  }
  bool multi_year = false;
  for (const auto& r : runs) multi_year = multi_year || r.years > 1;
  if (multi_year) {
    out += "\nEnergy per reported year, GWh\n";
    for (const auto& r : runs) {
      for (const auto* group : {&r.plants, &r.countries}) {
        for (const auto& e : *group) {
          out += fmt::format("  {:<8} {:<12}", r.label, e.name);
          for (double j : e.annual_energy_J) out += fmt::format(" {:8.1f}", j / kGWh);
          out += "\n";
        }
      }
    }
  }
  out += "\nWater per country, mcm/y: withdrawal demanded / delivered; turbined (summed over\n"
         "the country's units at every dam: water that passes several dams counts at each)\n";
  for (const auto& r : runs) {
    out += fmt::format("  {}:", r.label);
    for (const auto& w : r.water)
      out += fmt::format("  {} {:.0f} / {:.0f}; {:.0f}", w.country, w.withdrawal_demand_m3 / kMcm,
                         w.withdrawal_delivered_m3 / kMcm, w.turbined_m3 / kMcm);
    out += "\n";
  }
  out +=
      "\nReservoirs (reported period): level min / mean / max m; spill mcm/y; evaporation mcm/y\n";
  for (const auto& r : runs) {
    for (const auto& s : r.reservoirs) {
      if (s.level_m.empty()) continue;
      double mn = *std::min_element(s.level_m.begin(), s.level_m.end());
      double mx = *std::max_element(s.level_m.begin(), s.level_m.end());
      double mean = 0, spill = 0, evap = 0;
      for (std::size_t d = 0; d < s.level_m.size(); ++d) {
        mean += s.level_m[d] / s.level_m.size();
        spill += s.spill_m3s[d] * 86400.0 / r.years;
        evap += s.evaporation_m3s[d] * 86400.0 / r.years;
      }
      out +=
          fmt::format("  {:<8} {:<12} {:8.2f} / {:8.2f} / {:8.2f}   spill {:7.1f}   evap {:6.1f}\n",
                      r.label, s.id, mn, mean, mx, spill / kMcm, evap / kMcm);
    }
  }
  out +=
      "\nCounts per run: reservoir-days with spill, reservoir-days over a spillway's capacity, "
      "days with a withdrawal shortage, reservoir-days below the environmental flow\n";
  for (const auto& r : runs)
    out += fmt::format("  {:<8} {} / {} / {} / {}; worst balance residual {:.2g} ({})\n", r.label,
                       r.spill_days, r.spillway_exceeded_days, r.shortage_days,
                       r.env_flow_shortfall_days, r.max_balance_residual_rel,
                       r.worst_balance_reservoir);
  if (!notes.empty()) {
    out += "\nNotes:\n";
    for (const auto& n : notes) out += "  - " + n + "\n";
  }
  return out;
}

namespace {

// The shortest text that reads back as the same double: the daily balance recomputed from
// the CSV closes to round-off (six digits left up to 7 900 m3 a day in a storage of
// 1 174 mcm).
std::string Num(double v) { return fmt::format("{}", v); }

// A country's power at plant i on day d, W: its units' there (the daily CSV's columns, the
// generation chart's dashed lines).
double CountryPowerAt(const HydroSummary& s, const HydroRun& r, std::size_t i,
                      const std::string& country, int d) {
  const auto& x = r.reservoirs[i];
  double p = 0.0;
  for (std::size_t u = 0; u < x.unit_power_W.size(); ++u)
    if (s.unit_countries[i][u] == country) p += x.unit_power_W[u][d];
  return p;
}

std::string DailyCsv(const HydroSummary& s, const HydroRun& r) {
  std::vector<std::string> countries;
  for (const auto& cs : s.unit_countries)
    for (const auto& c : cs)
      if (std::find(countries.begin(), countries.end(), c) == countries.end())
        countries.push_back(c);
  for (const auto& cs : s.withdrawal_countries)
    for (const auto& c : cs)
      if (std::find(countries.begin(), countries.end(), c) == countries.end())
        countries.push_back(c);
  std::sort(countries.begin(), countries.end());
  std::vector<std::string> ids;
  for (const auto& x : r.reservoirs) ids.push_back(x.id);
  // The header from the one list of column names the case check also sees (so that it can
  // refuse names that would give two columns one name); the rows below follow its order.
  std::string out;
  for (const auto& col : hydro_internal::DailyColumns(ids, countries))
    out += (out.empty() ? "" : ",") + col.name;
  out += '\n';
  auto add = [&out](double v) {
    out += ',';
    out += Num(v);
  };
  // Day 0: the state at the start of day 1 (storage and level; the day's columns empty), so
  // that the first day's balance can be checked from the file as well.
  out += "0,1,1";
  for (std::size_t i = 0; i < r.reservoirs.size(); ++i) {
    const auto& x = r.reservoirs[i];
    out += ',' + Num(x.initial_level_m) + ',' + ',' + Num(x.initial_storage_m3 / kMcm);
    out += std::string(3 + countries.size() + 5 + countries.size(), ',');
  }
  out += std::string(countries.size() + 1, ',');
  out += '\n';
  for (int d = 0; d < r.days; ++d) {
    out += fmt::format("{},{},{}", d + 1, d / 365 + 1, MonthOf(d % 365) + 1);
    std::map<std::string, double> total;
    double all = 0;
    for (std::size_t i = 0; i < r.reservoirs.size(); ++i) {
      const auto& x = r.reservoirs[i];
      for (double v : {x.level_m[d], x.target_level_m[d], x.storage_m3[d] / kMcm, x.inflow_m3s[d],
                       x.local_inflow_m3s[d], x.evaporation_m3s[d]})
        add(v);
      for (const auto& c : countries) {
        double w = 0;
        for (std::size_t k = 0; k < x.withdrawal_m3s.size(); ++k)
          if (s.withdrawal_countries[i][k] == c) w += x.withdrawal_m3s[k][d];
        add(w);
      }
      for (double v :
           {x.turbine_m3s[d], x.bypass_m3s[d], x.spill_m3s[d], x.tailwater_m[d], x.net_head_m[d]})
        add(v);
      for (const auto& c : countries) {
        const double p = CountryPowerAt(s, r, i, c, d);
        total[c] += p;
        all += p;
        add(p / 1e6);
      }
    }
    for (const auto& c : countries) add(total[c] / 1e6);
    add(all / 1e6);
    out += '\n';
  }
  return out;
}

}  // namespace

namespace hydro_internal {

std::vector<DailyColumn> DailyColumns(const std::vector<std::string>& reservoir_ids,
                                      const std::vector<std::string>& countries) {
  std::vector<DailyColumn> cols;
  for (const char* name : {"day", "year", "month"}) cols.push_back({name, -1, ""});
  for (std::size_t i = 0; i < reservoir_ids.size(); ++i) {
    const std::string& id = reservoir_ids[i];
    const int k = static_cast<int>(i);
    for (const char* what : {"level_m", "target_level_m", "storage_mcm", "inflow_m3_per_s",
                             "local_inflow_m3_per_s", "evaporation_m3_per_s"})
      cols.push_back({fmt::format("{}_{}", id, what), k, ""});
    for (const auto& c : countries)
      cols.push_back({fmt::format("{}_withdrawal_{}_m3_per_s", id, c), k, ""});
    for (const char* what :
         {"turbine_m3_per_s", "bypass_m3_per_s", "spill_m3_per_s", "tailwater_m", "net_head_m"})
      cols.push_back({fmt::format("{}_{}", id, what), k, ""});
    for (const auto& c : countries) cols.push_back({fmt::format("{}_power_{}_MW", id, c), k, ""});
  }
  for (const auto& c : countries) cols.push_back({fmt::format("power_{}_MW", c), -1, c});
  cols.push_back({"power_total_MW", -1, ""});
  return cols;
}

std::vector<std::string> CaseCountries(const HydroCase& hc) {
  std::vector<std::string> countries;
  for (const auto& r : hc.reservoirs) {
    for (const auto& u : r.units) countries.push_back(u.country);
    for (const auto& w : r.withdrawals) countries.push_back(w.country);
  }
  std::sort(countries.begin(), countries.end());
  countries.erase(std::unique(countries.begin(), countries.end()), countries.end());
  return countries;
}

std::vector<DailyColumnClash> DailyColumnClashes(const std::vector<std::string>& reservoir_ids,
                                                 const std::vector<std::string>& countries) {
  auto owner = [&](const DailyColumn& c) {
    if (c.reservoir >= 0) return fmt::format("reservoir '{}'", reservoir_ids[c.reservoir]);
    if (!c.country.empty()) return fmt::format("country '{}'", c.country);
    return c.name == "power_total_MW" ? std::string("the total of all countries")
                                      : std::string("the date columns");
  };
  const std::vector<DailyColumn> cols = DailyColumns(reservoir_ids, countries);
  std::map<std::string, std::size_t> first_of;
  std::set<std::pair<std::string, std::string>> reported;
  std::vector<DailyColumnClash> clashes;
  for (std::size_t k = 0; k < cols.size(); ++k) {
    auto [it, fresh] = first_of.emplace(cols[k].name, k);
    if (fresh) continue;
    const DailyColumn& a = cols[it->second];
    const DailyColumn& b = cols[k];
    // A reservoir id given twice is a duplicate id, not a clash of two names.
    if (a.reservoir >= 0 && b.reservoir >= 0 &&
        reservoir_ids[a.reservoir] == reservoir_ids[b.reservoir])
      continue;
    if (!reported.insert({owner(a), owner(b)}).second) continue;
    clashes.push_back({a, b,
                       fmt::format("{} and {} both give the daily CSV column '{}'", owner(b),
                                   owner(a), b.name)});
  }
  return clashes;
}

}  // namespace hydro_internal

namespace {

std::string AnnualCsv(const HydroSummary& s) {
  std::string out =
      "run,kind,name,capacity_MW,year,energy_GWh,capacity_factor,firm_power_MW,"
      "firm_energy_GWh_per_y\n";
  for (const auto& r : s.runs) {
    auto rows = [&](const char* kind, const std::vector<HydroEnergy>& es) {
      for (const auto& e : es) {
        // (A share's name has commas from its third plant on: quoted then.)
        const std::string name = io::CsvField(e.name);
        for (std::size_t y = 0; y < e.annual_energy_J.size(); ++y)
          out += fmt::format(
              "{},{},{},{},{},{},{},{},{}\n", r.label, kind, name, Num(e.capacity_W / 1e6), y + 1,
              Num(e.annual_energy_J[y] / kGWh),
              Num(e.capacity_W > 0 ? e.annual_energy_J[y] / (e.capacity_W * 365 * 86400.0) : 0),
              Num(e.firm_power_W / 1e6), Num(e.firm_energy_J / kGWh));
        out += fmt::format(
            "{},{},{},{},mean,{},{},{},{}\n", r.label, kind, name, Num(e.capacity_W / 1e6),
            Num(e.mean_annual_energy_J / kGWh),
            Num(e.capacity_W > 0 ? e.mean_annual_energy_J / (e.capacity_W * 365 * 86400.0) : 0),
            Num(e.firm_power_W / 1e6), Num(e.firm_energy_J / kGWh));
      }
    };
    rows("plant", r.plants);
    rows("country", r.countries);
    rows("share", r.shares);
  }
  return out;
}

// ---- SVG -----------------------------------------------------------------------------

// "Nice" tick step (1, 2 or 5 x 10^k) giving about `n` ticks over `range`.
double NiceStep(double range, int n) {
  if (!(range > 0)) return 1.0;
  double raw = range / n;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

std::string Esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '&')
      o += "&amp;";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      o += ' ';  // (XML 1.0 allows none of them in text: the chart would not load)
    else
      o += c;
  }
  return o;
}

struct Line {
  std::string label;
  std::string color;
  bool dashed = false;
  const std::vector<double>* y = nullptr;
  double scale = 1.0;
};

// One panel: axes with ticks and labels, days on x (month ticks for one year, year ticks
// beyond), lines over the days.
std::string Panel(double x0, double y0, double w, double h, int days, const std::string& title,
                  const std::string& ylabel, const std::vector<Line>& lines) {
  double lo = 1e300, hi = -1e300;
  for (const auto& l : lines)
    for (double v : *l.y) {
      lo = std::min(lo, v * l.scale);
      hi = std::max(hi, v * l.scale);
    }
  if (!(hi >= lo)) lo = 0, hi = 1;
  // A range too narrow for its magnitude (levels 1e9 m apart by one ulp) is widened: a
  // step below the spacing of the doubles there left `v += step` where it was, and the
  // tick loop grew the chart without end.
  const double mag = std::max({1.0, std::abs(lo), std::abs(hi)});
  if (hi - lo < 1e-9 * mag) {
    const double widen = std::max(1.0, 1e-6 * mag);
    lo -= widen;
    hi += widen;
  }
  double step = NiceStep(hi - lo, 5);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  const long ticks = std::lround((hi - lo) / step);  // (a handful: NiceStep's target is 5)
  auto X = [&](double d) { return x0 + w * d / std::max(1, days); };
  auto Y = [&](double v) { return y0 + h - h * (v - lo) / (hi - lo); };
  std::string o;
  o += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='14' font-weight='bold'>{}</text>\n", x0,
                   y0 - 8, Esc(title));
  o += fmt::format(
      "<rect x='{:.1f}' y='{:.1f}' width='{:.1f}' height='{:.1f}' fill='none' "
      "stroke='black'/>\n",
      x0, y0, w, h);
  for (long k = 0; k <= ticks && k <= 100; ++k) {
    const double v = lo + static_cast<double>(k) * step;
    o += fmt::format("<line x1='{:.1f}' y1='{:.1f}' x2='{:.1f}' y2='{:.1f}' stroke='#ddd'/>\n", x0,
                     Y(v), x0 + w, Y(v));
    o += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='11' text-anchor='end'>{}</text>\n",
                     x0 - 4, Y(v) + 4, fmt::format("{:g}", std::round(v / step) * step));
  }
  o += fmt::format(
      "<text transform='translate({:.1f},{:.1f}) rotate(-90)' font-size='12' "
      "text-anchor='middle'>{}</text>\n",
      x0 - 48, y0 + h / 2, Esc(ylabel));
  static constexpr const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (days <= 366) {
    int start = 0;
    for (int m = 0; m < 12; ++m) {
      o += fmt::format(
          "<line x1='{0:.1f}' y1='{1:.1f}' x2='{0:.1f}' y2='{2:.1f}' stroke='black'/>\n", X(start),
          y0 + h, y0 + h + 4);
      o +=
          fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='11' text-anchor='middle'>{}</text>\n",
                      X(start + kDaysInMonth[m] / 2.0), y0 + h + 15, kMonths[m]);
      start += kDaysInMonth[m];
    }
    o += fmt::format(
        "<text x='{:.1f}' y='{:.1f}' font-size='12' text-anchor='middle'>day of the "
        "year (1 Jan .. 31 Dec)</text>\n",
        x0 + w / 2, y0 + h + 30);
  } else {
    int years = days / 365;
    int ystep = std::max(1, years / 10);
    for (int y = 0; y <= years; y += ystep) {
      o += fmt::format(
          "<line x1='{0:.1f}' y1='{1:.1f}' x2='{0:.1f}' y2='{2:.1f}' stroke='black'/>\n",
          X(y * 365), y0 + h, y0 + h + 4);
      o +=
          fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='11' text-anchor='middle'>{}</text>\n",
                      X(y * 365), y0 + h + 15, y);
    }
    o += fmt::format(
        "<text x='{:.1f}' y='{:.1f}' font-size='12' text-anchor='middle'>time, "
        "years</text>\n",
        x0 + w / 2, y0 + h + 30);
  }
  // Legend above the panel, right-aligned, so that it never hides the lines.
  double legend_w = 0;
  for (const auto& l : lines) legend_w += 30 + 7.0 * l.label.size();
  double lx = x0 + w - legend_w;
  for (const auto& l : lines) {
    std::string pts;
    for (std::size_t d = 0; d < l.y->size(); ++d)
      pts += fmt::format("{:.1f},{:.1f} ", X(d + 0.5), Y((*l.y)[d] * l.scale));
    o += fmt::format("<polyline fill='none' stroke='{}' stroke-width='1.5'{} points='{}'/>\n",
                     l.color, l.dashed ? " stroke-dasharray='5,3'" : "", pts);
    o += fmt::format(
        "<line x1='{:.1f}' y1='{:.1f}' x2='{:.1f}' y2='{:.1f}' stroke='{}' "
        "stroke-width='2'{}/>\n",
        lx, y0 - 12, lx + 18, y0 - 12, l.color, l.dashed ? " stroke-dasharray='5,3'" : "");
    o += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='11'>{}</text>\n", lx + 22, y0 - 8,
                     Esc(l.label));
    lx += 30 + 7.0 * l.label.size();
  }
  return o;
}

constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c",
                                    "#9467bd", "#ff7f0e", "#8c564b"};

std::string SvgDoc(double w, double h, const std::string& body) {
  return fmt::format(
      "<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg' "
      "width='{0:.0f}' height='{1:.0f}' viewBox='0 0 {0:.0f} {1:.0f}' "
      "font-family='sans-serif'>\n<rect width='100%' height='100%' fill='white'/>\n"
      "{2}</svg>\n",
      w, h, body);
}

// What a chart's title says of its run: "dry year", "dry years, 3 in a row", "--inflow file"
// (it read "(user year)", and "(dry year)" over three years).
std::string RunTitle(const HydroRun& r) {
  if (r.label == "user") return "--inflow file";
  return r.years > 1 ? fmt::format("{} years, {} in a row", r.label, r.years)
                     : fmt::format("{} year", r.label);
}

std::string LevelsSvg(const HydroSummary& s, const HydroRun& r) {
  const double W = 900, ph = 170, gap = 70, left = 80;
  std::string body;
  for (std::size_t i = 0; i < r.reservoirs.size(); ++i) {
    const auto& x = r.reservoirs[i];
    std::vector<Line> lines = {{"level", kColors[0], false, &x.level_m, 1.0},
                               {"target", "#888", true, &x.target_level_m, 1.0}};
    body += Panel(left, 40 + i * (ph + gap), W - left - 30, ph, r.days,
                  fmt::format("{} ({}): water level", s.reservoir_names[i], RunTitle(r)),
                  "level, m a.s.l.", lines);
  }
  return SvgDoc(W, 40 + r.reservoirs.size() * (ph + gap), body);
}

std::string GenerationSvg(const HydroSummary& s, const HydroRun& r) {
  const double W = 900, H = 360, left = 80;
  std::vector<std::vector<double>> power(r.reservoirs.size());
  std::vector<Line> lines;
  for (std::size_t i = 0; i < r.reservoirs.size(); ++i) {
    const auto& x = r.reservoirs[i];
    power[i].assign(r.days, 0.0);
    for (const auto& u : x.unit_power_W)
      for (int d = 0; d < r.days; ++d) power[i][d] += u[d] / 1e6;
  }
  for (std::size_t i = 0; i < r.reservoirs.size(); ++i)
    lines.push_back({s.reservoir_names[i], kColors[i % 6], false, &power[i], 1.0});
  // Each country's power over all plants, dashed (as the daily CSV's country totals); the
  // title stays short, since the legend begins where a long one ends.
  std::vector<std::vector<double>> country_power(r.countries.size());
  for (std::size_t k = 0; k < r.countries.size(); ++k) {
    country_power[k].assign(r.days, 0.0);
    for (std::size_t i = 0; i < r.reservoirs.size(); ++i)
      for (int d = 0; d < r.days; ++d)
        country_power[k][d] += CountryPowerAt(s, r, i, r.countries[k].name, d) / 1e6;
    lines.push_back({r.countries[k].name, kColors[(r.reservoirs.size() + k) % 6], true,
                     &country_power[k], 1.0});
  }
  std::string body =
      Panel(left, 40, W - left - 30, H - 90, r.days,
            fmt::format("Daily mean power ({})", RunTitle(r)), "power, MW", lines);
  return SvgDoc(W, H, body);
}

// The names of one run's files: daily, levels, generation (RenderHydroOutputs's order).
constexpr std::pair<const char*, const char*> kRunFiles[3] = {
    {"daily_", ".csv"}, {"levels_", ".svg"}, {"generation_", ".svg"}};

std::string RunFile(int kind, const std::string& label) {
  return kRunFiles[kind].first + label + kRunFiles[kind].second;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> RenderHydroOutputs(const HydroSummary& s) {
  std::vector<std::pair<std::string, std::string>> files;
  if (!ShapeProblems(s).empty()) return files;  // (WriteHydroOutputs says why)
  for (const auto& r : s.runs) {
    files.emplace_back(RunFile(0, r.label), DailyCsv(s, r));
    files.emplace_back(RunFile(1, r.label), LevelsSvg(s, r));
    files.emplace_back(RunFile(2, r.label), GenerationSvg(s, r));
  }
  files.emplace_back("annual.csv", AnnualCsv(s));
  files.emplace_back("report.txt", s.FullReport());
  return files;
}

static Status WriteHydroOutputsUnguarded(const HydroSummary& summary, const std::string& dir,
                                         std::string* note) {
  if (note != nullptr) note->clear();
  if (const auto bad = ShapeProblems(summary); !bad.empty())
    return Status::InvalidArgument(
        "WriteHydroOutputs: the summary's series do not match its reservoirs and days: " +
        bad.List() + "; nothing written");
  // Render everything before touching the disk, so that a rendering problem leaves nothing.
  auto files = RenderHydroOutputs(summary);
  std::vector<FileContent> out;
  for (const auto& [name, content] : files)
    out.push_back({(std::filesystem::path(dir) / name).string(), content});
  // All or nothing, the folder too, and an earlier run's files that this one does not
  // write go in the same step: those that begin as hydro writes them (a user's file under
  // such a name stays).
  // A daily CSV is hydro's when it begins "day,year,month," and names a reservoir's target
  // level, as every hydro case's header does ("aras_target_level_m,"): the first three
  // columns alone took a user's "day,year,month,rain_mm" with them, and this case's first
  // level column kept another case's run (reservoirs named otherwise) as "not files
  // corridor wrote", beside the new run's annual.csv.
  std::vector<StaleOutput> stale;
  for (const std::string& path : HydroStaleOutputs(summary, dir)) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (name.rfind(kRunFiles[0].first, 0) == 0)
      stale.push_back({path, "day,year,month,", "_target_level_m,"});
    else  // (the SVGs: their first text says whose chart it is)
      stale.push_back({path, "<?xml", "<svg xmlns='http://www.w3.org/2000/svg'"});
  }
  StaleOutcome outcome;
  Status w = WriteOutputSet({dir}, out, stale, &outcome);
  if (w.ok() && note != nullptr) {
    *note = DescribeStaleOutcome(outcome);
    if (!note->empty()) note->erase(0, 2);
  }
  return w;
}

Status WriteHydroOutputs(const HydroSummary& summary, const std::string& dir, std::string* note) {
  return internal::GuardedCall("WriteHydroOutputs",
                               [&] { return WriteHydroOutputsUnguarded(summary, dir, note); });
}

std::vector<std::string> HydroStaleOutputs(const HydroSummary& summary, const std::string& dir) {
  namespace fs = std::filesystem;
  // annual.csv and report.txt are always written; the run files are this run's or stale.
  std::set<std::string> written;
  for (const auto& r : summary.runs)
    for (int kind = 0; kind < 3; ++kind) written.insert(RunFile(kind, r.label));
  // Only the names this command gives a run of this case: <prefix><run><suffix> for one of
  // its run labels (any plain name took a user's daily_budget.csv with it).
  std::set<std::string> ours;
  for (const std::string& label : summary.run_labels)
    for (int kind = 0; kind < 3; ++kind) ours.insert(RunFile(kind, label));
  std::vector<std::string> stale;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (ours.count(name) && !written.count(name))
      stale.push_back((fs::path(dir) / name).string());
  }
  std::sort(stale.begin(), stale.end());
  return stale;
}

}  // namespace corridor
