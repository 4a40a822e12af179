// Reports and output files of the scenario module. Views of the data only: no physics here.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/scenario.h"
#include "corridor/units.h"
#include "core/output_set.h"
#include "scenario/scenario_internal.h"
#include "tracking/swap_json.h"
#include "core/guarded_call.h"

namespace corridor {

namespace si = scenario_internal;

std::string scenario_internal::CapacityText(const CapacityUse& u, bool beyond) {
  const double flow = u.flow_m3_per_s / u.unit_m3_per_s;
  const double capacity = u.capacity_m3_per_s / u.unit_m3_per_s;
  // (The figure is printed as published, {:g}: not rounded to the flow's decimals.)
  const int decimals =
      beyond && flow > capacity ? si::DecimalsPast(flow, '>', capacity, false, 2, 15) : 2;
  return fmt::format("{:.{}f} of {:g} {} ({})", flow, decimals, capacity, u.unit, u.conditions);
}

namespace {

double McmD(double m3s) { return m3s / units::kMcmPerDay; }
double Bcm0(double m3s) { return m3s / units::kBcmPerYear; }
double Bcm20(double m3s) { return m3s / units::kBcmPerYear / si::kCis20ToNormal; }
double Bar(double pa) { return pa / units::kBar; }
// A station pressure of a run without a solution is none (it was written as 0.0 bar).
nlohmann::ordered_json PressureOrNull(double pa) {
  return pa > 0.0 ? nlohmann::ordered_json(Bar(pa)) : nlohmann::ordered_json(nullptr);
}
// Published capacities in summary.json: each pipeline's busiest arc, its flow and the
// figure in mcm/d at 0 degC, and the figure as published.
nlohmann::ordered_json CapacityJson(const std::vector<CapacityUse>& uses) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const CapacityUse& u : uses)
    a.push_back({{"system", u.system},
                 {"arc", u.arc_id},
                 {"flow_mcm_per_d", McmD(u.flow_m3_per_s)},
                 {"capacity_mcm_per_d", McmD(u.capacity_m3_per_s)},
                 {"share", u.Share()},
                 {"published", fmt::format("{:g} {} ({})", u.capacity_m3_per_s / u.unit_m3_per_s,
                                           u.unit, u.conditions)},
                 {"provenance", u.provenance},
                 {"flow_from_nominations", u.from_nominations},
                 {"above", u.above}});
  return a;
}

// "name [id]" within `width` characters: the name is shortened, the id kept (a long name
// pushed Mashhad's id out of its column).
std::string NameWithId(const std::string& name, const std::string& id, std::size_t width) {
  const std::string tail = " [" + id + "]";
  if (name.size() + tail.size() <= width || tail.size() >= width)
    return (name + tail).substr(0, width);
  return name.substr(0, width - tail.size() - 3) + "..." + tail;
}

std::string BindingText(const std::vector<BindingElement>& b) {
  if (b.empty()) return "nothing";
  std::string s;
  for (std::size_t i = 0; i < b.size() && i < 3; ++i) {
    if (i > 0) s += "; ";
    s += b[i].element;
    if (!b[i].detail.empty()) s += " (" + b[i].detail + ")";
  }
  if (b.size() > 3) s += fmt::format(" [+{} more]", b.size() - 3);
  return s;
}

// A headroom that a compressor's head or power ends depends on the machines' sizing, which
// the corridor case estimates (no compressor data in its facts: data/corridor/SOURCES.md);
// one that another estimated bound ends (a station's flow capacity read at an assumed
// reference temperature) rests on that estimate, named with its provenance.
constexpr std::string_view kSizingNote =
    " [depends on the estimated machine sizing: corridor.cs, SOURCES.md]";
constexpr std::string_view kEstimateNote = " [rests on an estimated bound: ";

// Every estimate the limits rest on, once each: the machines' sizing first, then each
// estimated bound (a scenario's infeasibility rested on two, Astara's flow capacity and
// Mozdok's pressure limit, and said neither).
std::string EstimateNotes(const std::vector<BindingElement>& binding) {
  bool sizing = false;
  std::vector<std::string_view> bounds;
  for (const BindingElement& b : binding) {
    if (b.estimate.empty()) continue;
    if (b.estimate == si::kMachineSizingEstimate)
      sizing = true;
    else if (std::find(bounds.begin(), bounds.end(), b.estimate) == bounds.end())
      bounds.push_back(b.estimate);
  }
  std::string r = sizing ? std::string(kSizingNote) : "";
  for (std::string_view e : bounds) r += std::string(kEstimateNote) + std::string(e) + "]";
  return r;
}

// In the whole report each EstimateNotes is said in full once; later ones name it and point
// back ("[rests on the estimated bound cs_astara flowMax, as above]"): the same 110
// characters stood on eleven lines of the main job.
std::string ShortenRepeatedNotes(std::string r) {
  auto shorten = [&r](std::string_view full, const std::string& short_form) {
    std::size_t at = r.find(full);
    if (at == std::string::npos) return;
    for (at = r.find(full, at + full.size()); at != std::string::npos;
         at = r.find(full, at + short_form.size())) {
      r.replace(at, full.size(), short_form);
    }
  };
  shorten(kSizingNote, " [depends on the estimated machine sizing, as above]");
  // Each estimated bound by its text, up to the bracket that closes its own (brackets
  // inside it counted). Taken up to a bracket that ended the line, it took in the
  // published-capacity clause after it ("; there above a published capacity ... 5.29 of 4
  // bcm/y [S37 ...]"), and the repeats of the two as one were cut back to the short form,
  // the clause with them: five "Max transit" lines of the main job lost it.
  auto note_end = [&r](std::size_t at) {
    int depth = 0;
    for (std::size_t e = r.find('[', at); e < r.size(); ++e) {
      if (r[e] == '[') ++depth;
      if (r[e] == ']' && --depth == 0) return e;
    }
    return std::string::npos;
  };
  std::vector<std::string> estimates;
  for (std::size_t at = r.find(kEstimateNote); at != std::string::npos;
       at = r.find(kEstimateNote, at + 1)) {
    const std::size_t end = note_end(at);
    if (end == std::string::npos) break;
    const std::string full = r.substr(at, end + 1 - at);
    if (std::find(estimates.begin(), estimates.end(), full) == estimates.end())
      estimates.push_back(full);
  }
  for (const std::string& full : estimates) {
    // The bound's name: the estimate's text up to its first colon ("cs_astara flowMax").
    const std::string body = full.substr(kEstimateNote.size());
    const std::string name = body.substr(0, body.find(':'));
    shorten(full, " [rests on the estimated bound " + name + ", as above]");
  }
  return r;
}

// The share of a station's shaft power that the gas it carries needs: its network flow at
// the network's head, at the machines' efficiency. The rest drives the anti-surge recycle
// (the machines' flow above the network's) and the head throttled after the machines.
double CarriedPower(const StationCheck& st) {
  double share = 1.0;
  if (st.machine_flow_m3_per_s > 0.0 && st.unit_flow_m3_per_s < st.machine_flow_m3_per_s)
    share *= st.unit_flow_m3_per_s / st.machine_flow_m3_per_s;
  const double head = st.head_J_per_kg + st.throttle_head_J_per_kg;
  if (st.throttle_head_J_per_kg > 0.0 && head > 0.0) share *= st.head_J_per_kg / head;
  return st.power_W * share;
}

// The decimals of the search's grid (at least 2): a step of 0.005 printed to 2 would show one
// limit as "5.32 [not carried at 5.32]".
int GridDecimals(const HeadroomResult& h) {
  // The step's own decimals, from its shortest form to 6 places (0.025: 3; ceil(-log10)
  // gave 2, which printed 5.325 as 5.32).
  int decimals = 2;
  if (h.step_bcm_per_year > 0.0) {
    std::string s = fmt::format("{:.6f}", h.step_bcm_per_year);
    while (!s.empty() && s.back() == '0') s.pop_back();
    const std::size_t dot = s.find('.');
    if (dot != std::string::npos) decimals = std::max(2, static_cast<int>(s.size() - dot - 1));
  }
  return decimals;
}

std::string GridTransit(const HeadroomResult& h, double bcm_per_year) {
  return fmt::format("{:.{}f}", bcm_per_year, GridDecimals(h));
}

// The brackets rounded outwards to the printed decimals: the carried one down, the other
// up. A scenario's own transit off the grid is a bracket (5.324 not carried printed "5.32
// [not carried at 5.32]"); rounded outwards, what is printed stays true of the limit.
double Outwards(const HeadroomResult& h, double bcm_per_year, bool up) {
  const double scale = std::pow(10.0, GridDecimals(h));
  const double x = bcm_per_year * scale;
  const double r = up ? std::ceil(x - 1e-7 * std::max(1.0, std::abs(x)))
                      : std::floor(x + 1e-7 * std::max(1.0, std::abs(x)));
  return r / scale;
}

// The published capacities a carried state exceeds, for the headroom line: "; above a
// published capacity there: Hajigabul-Astara 5.29 of 4 bcm/y (20 degC, S37 ...)"; empty
// where none is. (Not a bound of the search: the hydraulics and the stations' bounds are.)
std::string AboveCapacity(const HeadroomResult& h) {
  const std::vector<CapacityUse>& uses = h.capacity_use_at_max;
  // Where the capacities were limits, a state carried passed none beyond the tolerance; one
  // within it is at its figure, not "above (not a bound here)".
  if (h.published_capacities_bind) return "";
  std::string said;
  for (const CapacityUse& u : uses)
    if (u.above)
      said += fmt::format("{}{} {} [{}]", said.empty() ? "" : "; ", u.system,
                          si::CapacityText(u, /*beyond=*/true),
                          u.provenance.empty() ? "no source given" : u.provenance);
  return said.empty() ? said : "; there above a published capacity (not a bound here): " + said;
}

// Transits below the largest carried that are not carried (HeadroomResult::gap_*), said
// after the largest: "; but not every transit below it: not carried from 1.40 (1.39 is) to
// 1.68 (1.69 is again), where tried (every 0.25 bcm/y from the scenario's own, the edges
// refined); binds at 1.40: ...". Empty where the scan found none, or did not run.
double GapAt(const HeadroomResult& h) {
  return Outwards(h, h.gap_not_carried_at_bcm_per_year, true);
}
// "1.40 to 1.68", or "1.40" where the gap's two not-carried edges print alike (a gap read
// as the one transit 1.40 where it ran to 1.68).
std::string GapRange(const HeadroomResult& h) {
  const std::string from = GridTransit(h, GapAt(h));
  if (!(h.gap_not_carried_to_bcm_per_year > 0.0)) return from;
  const std::string to =
      GridTransit(h, Outwards(h, h.gap_not_carried_to_bcm_per_year, false));
  return to == from ? from : from + " to " + to;
}
std::string GapText(const HeadroomResult& h) {
  if (!h.HasGap()) return "";
  const std::string carried = GridTransit(h, Outwards(h, h.gap_carried_to_bcm_per_year, false));
  const std::string again =
      h.gap_carried_again_at_bcm_per_year > 0.0
          ? fmt::format(", {} is again",
                        GridTransit(h, Outwards(h, h.gap_carried_again_at_bcm_per_year, true)))
          : std::string();
  // The scan ran from the scenario's own transit where that is carried, else from 0; an own
  // not carried inside the gap is said there (HeadroomResult::OwnInGap: winter-peak given
  // 1.50 read "Max transit: 1.39", the largest below the own, where 5.32 is carried).
  return fmt::format("; but not every transit below it: not carried {} ({} is{}){}, where tried "
                     "(every {:g} bcm/y from {}, the edges refined); binds at {}: {}{}",
                     GapRange(h).find(" to ") == std::string::npos ? "at " + GapRange(h)
                                                                 : "from " + GapRange(h),
                     carried, again,
                     h.OwnInGap() ? ", the scenario's own " +
                                        GridTransit(h, h.scenario_transit_bcm_per_year) +
                                        " among them"
                                  : "",
                     h.gap_scan_step_bcm_per_year,
                     h.own_carried ? "the scenario's own" : "0", GridTransit(h, GapAt(h)),
                     BindingText(h.gap_binding), EstimateNotes(h.gap_binding));
}

// An own transit not carried below the largest and outside the gap said (a gap of its own,
// past the first that the scan reports).
std::string OwnBelowText(const HeadroomResult& h) {
  return h.OwnNotCarriedBelowLargest()
             ? fmt::format("; the scenario's own {} is not carried, below it",
                           GridTransit(h, h.scenario_transit_bcm_per_year))
             : std::string();
}

// Every headroom line, the per-scenario ones too, carries EstimateNotes where it applies.
std::string HeadroomLine(const HeadroomResult& h) {
  if (!h.searched) return "not searched";
  if (h.none_carried) return "none: even without Russian transit the case fails: " +
                             BindingText(h.binding) + EstimateNotes(h.binding);
  if (h.limited_by_bracket)
    return fmt::format("at least {} bcm/y (20 degC): the search bracket was carried{}{}{}",
                       GridTransit(h, Outwards(h, h.max_transit_bcm_per_year, false)),
                       AboveCapacity(h), GapText(h), OwnBelowText(h));
  return fmt::format("{} bcm/y (20 degC) [not carried at {}]; binds: {}{}{}{}{}",
                     GridTransit(h, Outwards(h, h.max_transit_bcm_per_year, false)),
                     GridTransit(h, Outwards(h, h.upper_bracket_bcm_per_year, true)),
                     BindingText(h.binding),
                     EstimateNotes(h.binding), AboveCapacity(h),
                     GapText(h), OwnBelowText(h));
}

// "Hajigabul-Astara (p_hajigabul_astara) diameter 996 mm, not the network's 1190 mm [S37;
// ...]": a sensitivity's alternative in the unit its file gives it in.
std::string AlternativeText(const Sensitivity& x) {
  const bool km = x.parameter == "length";
  const double scale = km ? 1e-3 : 1e3;
  return fmt::format("{} ({}) {} {:g} {}, not the network's {:g} {} [{}]", x.arc_name, x.arc_id,
                     x.parameter, x.value_m * scale, km ? "km" : "mm",
                     x.network_value_m * scale, km ? "km" : "mm",
                     x.provenance.empty() ? "no source given" : x.provenance);
}

// A headroom's figure alone ("3.65", "at least 60.00", "none"), for the header's comparisons,
// with a transit below it that was not carried ("3.07, not every transit below it (not
// 1.40)"): the figure alone read as if every transit up to it were carried.
std::string HeadroomFigure(const HeadroomResult& h) {
  if (!h.searched) return "not searched";
  if (h.none_carried) return "none";
  const std::string at = GridTransit(h, Outwards(h, h.max_transit_bcm_per_year, false));
  const std::string gap =
      h.HasGap() ? " (not every transit below it: not " + GapRange(h) + ")" : "";
  return (h.limited_by_bracket ? "at least " + at : at) + gap;
}

// A scenario's swap by its obligation at Astara: "due", not "delivered" (ru-phase1's
// delivery is made by displacement against the transit, and its balance says no gas
// crosses IR->AZ: "4.27 mcm/d delivered at Astara" contradicted it, an analyst found).
std::string SwapRunningLabel(const SwapBalance& swap) {
  return fmt::format("swap assumed running, {:.2f} mcm/d (0 degC) due at Astara",
                     McmD(swap.obligation_m3_per_s));
}

// The published capacities a scenario without a solution passes by its nominations alone
// (ru-10bcm's Mozdok line: its 10 bcm/y transit and Dagestan's offtake on a 10 bcm/y line,
// which the answer to Q2 did not say), as a line of the answer; empty where none is.
std::string NominatedAboveCapacity(const ScenarioSummary& s) {
  std::string said;
  for (const CapacityUse& u : s.capacity_use)
    if (u.from_nominations && u.above)
      said += fmt::format("{}{} {} [{}]", said.empty() ? "" : "; ", u.system,
                          si::CapacityText(u, /*beyond=*/true),
                          u.provenance.empty() ? "no source given" : u.provenance);
  return said.empty() ? said
                      : "    Its nominations alone pass published capacities (not bounds of the "
                        "run; flows from the nominations): " +
                            said + "\n";
}

const ScenarioSummary* Find(const CorridorReport& r, const std::string& name) {
  for (const ScenarioSummary& s : r.scenarios)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

std::string ScenarioSummary::BriefReport() const {
  return fmt::format("Scenario {} : {}", name, verdict);
}

std::string ScenarioSummary::FullReport(bool timings) const {
  std::string r;
  r += fmt::format("=== {} ===\n", name);
  if (!description.empty()) r += description + "\n";
  r += BriefReport() + "\n";
  r += fmt::format("Russian transit nominated : {:.2f} bcm/y (20 degC)\n", transit_bcm_per_year);
  const bool at_start = steady.iterations == 0 && steady.verdict == Verdict::kConverged;
  r += fmt::format("Solver : {} in {} iteration{}{}, max mass imbalance {:.1e} kg/s",
                   VerdictName(steady.verdict), steady.iterations,
                   steady.iterations == 1 ? "" : "s",
                   at_start ? " (the start met the tolerances)" : "",
                   steady.max_mass_imbalance_kg_per_s);
  if (!steady.reason.empty()) r += " (" + steady.reason + ")";
  r += "\n";
  if (!binding.empty()) {
    r += "Limits violated:\n";
    for (const BindingElement& b : binding)
      r += fmt::format("  - {}{}{}\n", b.element, b.detail.empty() ? "" : " (" + b.detail + ")",
                       EstimateNotes({b}));
  }
  if (!borders.empty()) {
    r += "Border flows (signed, + in the direction named; volumes at 0 degC, 1.01325 bar, of\n"
         "the gas that crosses, docs/corridor-report.md \"Volumes and masses\"; the 20 degC\n"
         "column is the same gas in Russian/CIS standard volumes, x 293.15/273.15):\n";
    r += fmt::format("  {:<44} {:>8} {:>12} {:>12} {:>13}\n", "border point", "dir",
                     "flow_mcm_d", "flow_bcm_y", "bcm_y_20degC");
    for (const BorderFlow& b : borders) {
      // A closed border carries rounding (1e-17 m3/s either way): no "-0.000" for it.
      const double v = std::abs(McmD(b.volume_m3_per_s)) < 5e-4 ? 0.0 : b.volume_m3_per_s;
      r += fmt::format("  {:<44} {:>8} {:>12.3f} {:>12.3f} {:>13.3f}\n", b.name.substr(0, 44),
                       b.from_country + "->" + b.to_country, McmD(v), Bcm0(v), Bcm20(v));
    }
  }
  if (!pressures.empty()) {
    r += "Pressures at Astara and the Iranian exits:\n";
    r += fmt::format("  {:<46} {:>16} {:>12} {:>12}  {}\n", "node", "pressure_bar_abs",
                     "min_bar_abs", "max_bar_abs", "ok");
    for (const PressureCheck& p : pressures)
      r += fmt::format("  {:<46} {:>16.2f} {:>12.2f} {:>12.2f}  {}\n",
                       NameWithId(p.name, p.node_id, 46), Bar(p.pressure_Pa),
                       Bar(p.min_Pa), Bar(p.max_Pa), p.ok ? "yes" : "NO");
  }
  // What holds the state where it is: the nodes the policy or the nominations put on a
  // bound (Saveh's entry at its maximum in winter-peak went unsaid).
  if (!at_bound.empty()) {
    r += "At a pressure bound (within 0.01 bar):";
    for (std::size_t i = 0; i < at_bound.size(); ++i) {
      const PressureCheck& p = at_bound[i];
      const bool low = si::AtLowerBound(p.pressure_Pa, p.min_Pa);
      r += fmt::format("{}{} {:.2f} {}", i == 0 ? " " : "; ", p.node_id, Bar(p.pressure_Pa),
                       low ? "min" : "max");
    }
    r += "\n";
  }
  // The fastest gas, at a pipe's lower-pressure end (simulate's Max velocity line): the
  // figure to hold against a design limit such as 20 m/s.
  if (steady.verdict == Verdict::kConverged && !steady.max_velocity_arc.empty())
    r += fmt::format("Max velocity : {:.1f} m/s in {} at its lower-pressure end ({:.2f} bar)\n",
                     steady.max_velocity_m_per_s, steady.max_velocity_arc,
                     Bar(steady.max_velocity_pressure_Pa));
  if (!stations.empty()) {
    r += "Compressor stations (post-hoc check; this policy sets each station, with the "
         "solver's element limits off; flows at 0 degC):\n";
    r += fmt::format("  {:<12} {:<34} {:>10} {:>8} {:>8} {:>8} {:>9} {:>9}  {}\n", "station",
                     "mode", "flow_mcm_d", "p_in_bar", "p_out_bar", "eta", "power_MW",
                     "max_MW", "limits");
    for (const StationCheck& s : stations) {
      std::string lim;
      if (s.over_flow) lim += "FLOW ";
      if (s.over_power) lim += "POWER ";
      if (s.over_head) lim += "HEAD ";
      if (s.over_machine_limit) lim += "MACHINES ";
      if (s.suction_low) lim += "SUCTION ";
      if (!lim.empty()) lim.pop_back();  // ("FLOW POWER ", its trailing space)
      // Without a solution only the flow (from the nominations) is checked: the rest is
      // "not checked", never "ok" (ru-10bcm's Gazimagomed at 25 mcm/d read "ok", 0 MW).
      if (!s.checked)
        lim = !s.flow_checked ? "not checked"
              : s.over_flow   ? "FLOW; head, power not checked"
                              : "flow ok; head, power not checked";
      // At an assumed suction (Korpeje: its field pressure is not modelled) the head is no
      // state of the network, so it is not judged; one beyond the map read "ok".
      // (A top-speed head below 0, past the choke line, read "ok" beside a unit beyond
      // its map and its drive: the station model's verdict decides.)
      if (lim.empty() && s.checked && s.inlet_assumed)
        lim = s.beyond_top_speed     ? "head beyond its map at the assumed suction: not judged"
              : s.outside_machines ? "outside its machines' limits at the assumed suction: "
                                     "not judged"
                                   : "ok at the assumed suction";
      if (lim.empty()) lim = "ok";
      // Without a solution a station has no pressures: "-", not 0.00 bar.
      auto bar = [](double pa) { return pa > 0.0 ? fmt::format("{:.2f}", Bar(pa)) : "-"; };
      auto num = [&](double x, int width) {
        return s.checked ? fmt::format("{:>{}.3f}", x, width) : fmt::format("{:>{}}", "-", width);
      };
      // A station that does not compress has no efficiency and runs no unit: "-" (its
      // "0.000" read as an efficiency of 0 and installed power of 0).
      auto running = [&](double x, int width) {
        return s.running ? num(x, width) : fmt::format("{:>{}}", "-", width);
      };
      // An idle station carries rounding (1e-17 m3/s either way): no "-0.000" for it.
      const double v = std::abs(McmD(s.volume_m3_per_s)) < 5e-4 ? 0.0 : s.volume_m3_per_s;
      // An assumed suction is marked: it is no pressure of the solved network.
      r += fmt::format("  {:<12} {:<34} {:>10.3f} {:>8} {:>9} {} {} {}  {}\n", s.name, s.mode,
                       McmD(v), bar(s.inlet_Pa) + (s.inlet_assumed ? "*" : ""),
                       bar(s.outlet_Pa),
                       running(s.efficiency, 8), num(s.power_W / 1e6, 9),
                       running(s.max_power_W / 1e6, 9), lim);
    }
    for (const StationCheck& s : stations) {
      if (!s.running) continue;
      r += fmt::format("    {}: head {:.1f} kJ/kg, {} unit(s){}, {}{}efficiency {}{}\n", s.name,
                       s.head_J_per_kg / 1e3, s.units_running,
                       s.configuration_id.empty() ? "" : " (" + s.configuration_id + ")",
                       s.recycling
                           ? fmt::format("recycling (Q {:.2f} -> {:.2f} m3/s per unit), ",
                                         s.unit_flow_m3_per_s, s.machine_flow_m3_per_s)
                           : std::string(),
                       s.throttle_head_J_per_kg > 0.0
                           ? fmt::format("throttling {:.1f} kJ/kg, ",
                                         s.throttle_head_J_per_kg / 1e3)
                           : std::string(),
                       s.efficiency_source,
                       s.inlet_assumed
                           ? fmt::format("; * suction assumed at its pressureInMin {:.2f} bar "
                                         "(field pressure not modelled: the hydraulics bypass "
                                         "the station, so its suction node carries the "
                                         "discharge pressure, {:.2f} bar, as in nodes.csv)",
                                         Bar(s.inlet_Pa), Bar(s.outlet_Pa))
                           : std::string());
    }
    double assumed = 0.0;
    std::string assumed_at;
    for (const StationCheck& s : stations)
      if (s.running && s.inlet_assumed) {
        assumed += s.power_W;
        assumed_at += (assumed_at.empty() ? "" : ", ") + s.name;
      }
    const bool any_checked = std::any_of(stations.begin(), stations.end(),
                                         [](const StationCheck& s) { return s.checked; });
    if (!any_checked)
      r += "  Total compressor power : not checked (no solution)\n";
    else
      r += fmt::format("  Total compressor power : {:.3f} MW{}\n", total_power_W / 1e6,
                       assumed > 0.0
                           ? fmt::format(" ({:.3f} MW of it at {}, whose suction is assumed "
                                         "at its minimum: a worst case)",
                                         assumed / 1e6, assumed_at)
                           : std::string());
  }
  auto mix = [&](const char* where, const std::vector<std::pair<std::string, double>>& m,
                 bool tracked) {
    // (swap-stopped's Astara line went missing without a word: no gas arrives there.)
    if (m.empty()) {
      if (tracked)
        r += fmt::format("Origin mix at {} : none (no gas arrives there)\n", where);
      return;
    }
    r += fmt::format("Origin mix at {} :", where);
    for (const auto& [g, f] : m) r += fmt::format(" {} {:.1f} %", g, 100.0 * f);
    r += " (of the mass)\n";  // (track says "share % of mass"; unsaid here)
  };
  mix("Astara (IR)", mix_astara, mix_astara_tracked);
  mix("Rasht", mix_rasht, mix_rasht_tracked);
  // Where each origin's gas is used: the border flows and the mixes said where gas crosses,
  // not that ru-phase1's Russian gas stays mostly in Azerbaijan.
  std::string used;
  for (const std::string& g : [&] {
         std::vector<std::string> groups;
         for (const OriginTransit& t : origin_transit)
           if (std::find(groups.begin(), groups.end(), t.group) == groups.end())
             groups.push_back(t.group);
         return groups;
       }()) {
    std::string where;
    for (const OriginTransit& t : origin_transit)
      if (t.group == g && McmD(t.net_m3_per_s()) >= 5e-4)
        where += fmt::format("{}{} {:.3f}", where.empty() ? "" : ", ", t.country,
                             McmD(t.net_m3_per_s()));
    if (!where.empty()) used += fmt::format("{}{}: {}", used.empty() ? "" : "; ", g, where);
  }
  if (!used.empty())
    r += "Gas used by origin (net across the border points, mcm/d at 0 degC):\n  " + used +
         "\n";
  if (!tracking_note.empty()) r += tracking_note + "\n";
  // Its volumes unmarked read as the header's 20 degC (5 % apart from S72's figures).
  if (swap) r += "Swap balance (volumes at 0 degC, 1.01325 bar):\n";
  r += swap_report;
  // The published capacities (annotations.json), beside the hydraulics: where a flow
  // passes one, the report said nothing (the Hajigabul-Astara line's 4 bcm/y).
  if (!capacity_use.empty()) {
    // (A state without a solution has the flows its nominations fix: ru-10bcm said nothing
    // of the Mozdok line its nomination alone passes.)
    const bool nominated = std::any_of(capacity_use.begin(), capacity_use.end(),
                                       [](const CapacityUse& u) { return u.from_nominations; });
    r += nominated ? "Published capacities (no solution: the flows the nominations alone fix, on "
                     "the pipelines\nwhere a segment is the only path between its sides; not "
                     "bounds of the run):\n"
                   : "Published capacities (each pipeline's busiest segment; not bounds of the "
                     "run):\n";
    std::size_t width = 0;
    for (const CapacityUse& u : capacity_use) width = std::max(width, u.system.size());
    for (const CapacityUse& u : capacity_use) {
      // (Above it with the decimals that show it: "4.00 of 4 ... 100 % above it".)
      const bool above = u.above;
      r += fmt::format("  {:<{}}  {:>32}  {:>4.0f} %{}\n", u.system, width,
                       si::CapacityText(u, above), 100.0 * u.Share(), above ? "  above it" : "");
    }
  }
  // The largest transit the search carries, not what is spare beside the scenario's own
  // ("Transit headroom : 5.31" in a scenario that nominates 10; the summary says both).
  r += "Max transit : " + HeadroomLine(headroom) + "\n";
  if (headroom_within_published_capacities.searched)
    r += "Max transit within the published capacities : " +
         HeadroomLine(headroom_within_published_capacities) + "\n";
  if (headroom_without_station_flow_limits.searched)
    r += "Max transit without the station flow bounds : " +
         HeadroomLine(headroom_without_station_flow_limits) + "\n";
  for (const Sensitivity& x : sensitivities) {
    r += "Sensitivity, " + AlternativeText(x) + ":\n";
    r += "  Max transit : " + HeadroomLine(x.headroom) + "\n";
    if (x.headroom_within_published_capacities.searched)
      r += "  Max transit within the published capacities : " +
           HeadroomLine(x.headroom_within_published_capacities) + "\n";
    r += "  Max transit without the station flow bounds : " +
         HeadroomLine(x.headroom_without_station_flow_limits) + "\n";
  }
  for (const std::string& n : notes) r += "Note: " + n + "\n";
  if (timings)
    r += fmt::format("Time : {:.3f} s, {} steady solves\n", seconds, solves);
  return r;
}

std::string CorridorReport::Header() const {
  std::string r;
  r += "corridor: the Russia - Azerbaijan - Iran corridor (data/corridor), every scenario\n";
  // (The Iranian capacities print at 15 degC, which the line did not name.)
  r += "Volumes: bcm/y of Russian gas at 20 degC (Gazprom's convention) unless marked 0 degC\n"
       "(GasLib normal conditions; 1 bcm/y at 20 degC = 0.932 bcm/y at 0 degC) or 15 degC\n"
       "(an Iranian figure's basis, read so: 1 bcm/y at 15 degC = 0.948 bcm/y at 0 degC).\n";
  // (Said in a published capacity's provenance in summary.json alone: every answer below
  // rests on it.)
  if (!network_note.empty()) r += "Network: " + network_note + ".\n";
  r += "\n";
  // A scenario's swap as its lines say it: ", swap assumed running, ..." (a scenario
  // without a solution has no balance, only its input), empty without one.
  auto swap_state_of = [](const ScenarioSummary& x) {
    if (x.swap) return ", " + SwapRunningLabel(*x.swap);
    if (x.swap_input_unchecked_m3_per_s > 0.0)
      return fmt::format(", swap assumed running, {:.2f} mcm/d (0 degC) of Turkmen input",
                         McmD(x.swap_input_unchecked_m3_per_s));
    return std::string();
  };
  // The questions name each scenario's own transit (the case's 2, 10 and 55 bcm/y; an
  // edited ru-10bcm at 4.5 read "Q2. At 10 bcm/y: carried").
  auto bcm = [](double x) { return fmt::format("{:g}", std::round(x * 100.0) / 100.0); };
  const ScenarioSummary* p1 = Find(*this, "ru-phase1");
  const ScenarioSummary* t10 = Find(*this, "ru-10bcm");
  const ScenarioSummary* t55 = Find(*this, "ru-55bcm");
  if (p1) {
    // Today's flows are the baseline's annual averages: a YES read as holding on every day
    // (a winter peak below, and with the swap stopped no scenario of the case).
    r += fmt::format("Q1. Can the existing corridor carry {} bcm/y on top of today's flows "
                     "(annual averages)? {}\n",
                     bcm(p1->transit_bcm_per_year), p1->feasible ? "YES." : "NO.");
    if (p1->feasible) {
      // The transit path is the route from Mozdok to the Astara delivery point: stations in
      // Russia and Azerbaijan. Others (Korpeje in Turkmenistan) run for other gas and are
      // said apart (their 14.6 MW made most of the old single figure).
      double path_W = 0.0, carried_W = 0.0;
      std::string path, other;
      for (const StationCheck& st : p1->stations) {
        if (!st.running) continue;
        const bool on_path = st.country == "RU" || st.country == "AZ";
        std::string& list = on_path ? path : other;
        // (Korpeje's 15.50 MW needs 12 375 rpm of an 11 600 rpm machine: said under the
        // station table only, where an analyst took the figure as read.)
        list += fmt::format("{}{}{} {:.2f} MW{}", list.empty() ? "" : ", ", st.name,
                            on_path || st.country.empty() ? "" : " (" + st.country + ")",
                            st.power_W / 1e6,
                            !st.inlet_assumed ? ""
                            : st.beyond_top_speed
                                ? " at an assumed suction (a worst case; its machines' map "
                                  "extrapolated past their top speed)"
                                : " at an assumed suction (a worst case)");
        if (on_path) {
          path_W += st.power_W;
          carried_W += CarriedPower(st);
        }
      }
      // A station compressing from an assumed suction (Korpeje) is not judged: "within
      // every limit" beside its head beyond the map read as a contradiction.
      std::string unjudged;
      for (const StationCheck& st : p1->stations)
        if (st.running && st.inlet_assumed)
          unjudged += (unjudged.empty() ? "" : ", ") + st.name;
      r += fmt::format("    ru-phase1 converges within every pressure, flow and power limit{}.\n",
                       unjudged.empty() ? ""
                                        : " (" + unjudged +
                                              "'s machines not judged: its suction is assumed, "
                                              "not modelled)");
      // What the policy spends, not what the flow needs: it holds a station that feeds
      // further compression at its discharge maximum, and ru-phase1's flows stay within
      // every bound with the stations bypassed (docs/corridor-report.md, "Operating
      // policy"). "Stations in RU and AZ" read as if a Russian one were modelled.
      // (Under ru-phase1's swap: its delivery at Astara nets against the transit there, and
      // Astara's share of the figure rests on it; the line did not say so.)
      const std::string swap = swap_state_of(*p1);
      r += fmt::format("    Compressor power on the transit path, as the operating policy sets "
                       "its stations (post hoc{}): {:.2f} MW{}\n"
                       "    (what the policy's set-points spend, not a minimum: "
                       "docs/corridor-report.md, \"Operating policy\")\n",
                       swap.empty() ? "" : "; ru-phase1" + swap, path_W / 1e6,
                       path.empty() ? "" : " (" + path + ")");
      // Most of it may be the machines' own recycle: 2.86 MW read as the cost of 2 bcm/y,
      // where the gas carried needed 0.57 MW.
      if (path_W - carried_W > 0.01 * path_W)
        r += fmt::format("    Of it, the gas carried needs {:.2f} MW at the same efficiencies; "
                         "the rest drives the\n    anti-surge recycle and the head throttled "
                         "after machines sized for more flow\n    (docs/corridor-report.md, "
                         "\"Anti-surge recycle\").\n",
                         carried_W / 1e6);
      if (!other.empty())
        r += fmt::format("    Off the transit path: {}; {:.2f} MW for all running stations.\n",
                         other,
                         p1->total_power_W / 1e6);
    } else {
      r += "    ru-phase1 fails: " + BindingText(p1->binding) + EstimateNotes(p1->binding) + "\n";
    }
  } else {
    // (The lines below, the largest transits on today's flows, stood under no heading.)
    r += "Q1. Can the existing corridor carry more gas on top of today's flows? Not answered: "
         "the case has no scenario ru-phase1.\n";
  }
  // The largest transit on today's flows depends on the Turkmen swap: its delivery IR->AZ
  // at Astara nets against the transit there and frees the Astara plants. The swap was
  // last reported suspended (Jan 2024, S72), so the figure without it does not rest on it;
  // the baseline's holds only while the swap runs at the rate it assumes. The swap's 10
  // mcm/d of Mar-Aug 2023 is no scenario of the case (docs/corridor-report.md, "Transit
  // headroom"). A case whose scenarios give no swap at all (no `swap` block, no inputs) said
  // "swap stopped ... firm" of both: the lines then carry the scenarios' names alone. (The
  // figure without the swap was labelled "firm" until an analyst found it 32 % above the
  // Hajigabul-Astara line's published capacity.)
  std::string by_swap;
  bool any_swap = false;
  for (const char* name : {"swap-stopped", "baseline"}) {
    const ScenarioSummary* s = Find(*this, name);
    any_swap = any_swap || (s && s->headroom.searched && s->swap);
  }
  for (const char* name : {"swap-stopped", "baseline"}) {
    const ScenarioSummary* s = Find(*this, name);
    if (!s || !s->headroom.searched) continue;
    // The rate is the scenario's own (its obligation: the nominated delivery at Astara).
    std::string label;
    if (s->swap)
      label = SwapRunningLabel(*s->swap);
    else if (any_swap && std::string_view(name) == "swap-stopped")
      label = "swap stopped, as last reported (Jan 2024)";
    else if (any_swap)
      label = "no swap input in this scenario";
    by_swap += label.empty()
                   ? fmt::format("      {}: {}\n", name, HeadroomLine(s->headroom))
                   : fmt::format("      {} ({}): {}\n", label, name, HeadroomLine(s->headroom));
    // The largest transit within the published capacities too: the Hajigabul-Astara line's
    // 4 bcm/y (S37) also carries southern Azerbaijan's offtake, and the figure without the
    // swap above passed it unsaid but for a note (docs/corridor-report.md, "Transit
    // headroom").
    if (s->headroom_within_published_capacities.searched)
      by_swap += "        within the published capacities too: " +
                 HeadroomLine(s->headroom_within_published_capacities) + "\n";
  }
  if (!by_swap.empty() && any_swap)
    r += "    Largest Russian transit on today's flows, by the state of the Turkmen swap (its\n"
         "    delivery at Astara nets against the transit there):\n" +
         by_swap +
         "      (the swap at 10 mcm/d, its Mar-Aug 2023 rate, is a sensitivity outside the case:\n"
         "      docs/corridor-report.md, \"Transit headroom\")\n";
  else if (!by_swap.empty())
    r += "    Largest Russian transit on today's flows (no scenario gives a Turkmen swap "
         "input):\n" +
         by_swap;
  // The lines above are for annual-average demand; a winter peak day loads the same lines
  // with the north's winter offtakes (the analyst's question: does the YES hold in winter?).
  if (const ScenarioSummary* w = Find(*this, "winter-peak"); w && w->headroom.searched) {
    const std::string state = swap_state_of(*w);
    r += "    On a winter peak day (winter-peak" + state + "): " + HeadroomLine(w->headroom) +
         "\n";
    // (As the lines above: the winter figure alone passed the Hajigabul-Astara line's
    // published 4 bcm/y, and the 3.07 within it, the lowest of the three, was left out.)
    if (w->headroom_within_published_capacities.searched)
      r += "      within the published capacities too: " +
           HeadroomLine(w->headroom_within_published_capacities) + "\n";
    if (w->swap || w->swap_input_unchecked_m3_per_s > 0.0)
      r += "      (a winter peak with the swap stopped, its state in Jan 2024, is no scenario "
           "of the case:\n      docs/corridor-report.md, \"Transit headroom\")\n";
  }
  // Q2's and Q3's scenarios keep the baseline's swap: their largest transits hold only
  // while it runs (5.31 beside Q1's 3.63 without the swap, with nothing said).
  auto swap_state = [&](const ScenarioSummary& x) {
    const std::string st = swap_state_of(x);
    return st.empty() ? st : " (" + st.substr(2) + ")";
  };
  if (t10) {
    r += fmt::format("Q2. At {} bcm/y: {}.\n", bcm(t10->transit_bcm_per_year),
                     t10->feasible ? "carried" : "NOT carried");
    if (!t10->feasible)
      r += "    What limits it: " + BindingText(t10->binding) + EstimateNotes(t10->binding) + "\n" +
           NominatedAboveCapacity(*t10);
    r += "    Largest transit in that scenario" + swap_state(*t10) + ": " +
         HeadroomLine(t10->headroom) + "\n";
    if (t10->headroom_within_published_capacities.searched)
      r += "    Within the published capacities too: " +
           HeadroomLine(t10->headroom_within_published_capacities) + "\n";
    r += "    Beyond the station flow bounds: " +
         HeadroomLine(t10->headroom_without_station_flow_limits) + "\n";
  }
  if (!t10) r += "Q2. Not answered: the case has no scenario ru-10bcm.\n";
  if (t55) {
    r += fmt::format("Q3. At {} bcm/y: {}.\n", bcm(t55->transit_bcm_per_year),
                     t55->feasible ? "carried" : "NOT carried");
    if (!t55->feasible)
      r += "    What limits it: " + BindingText(t55->binding) + EstimateNotes(t55->binding) + "\n" +
           NominatedAboveCapacity(*t55);
    r += "    Largest transit in that scenario" + swap_state(*t55) + ": " +
         HeadroomLine(t55->headroom) + "\n";
  }
  if (!t55) r += "Q3. Not answered: the case has no scenario ru-55bcm.\n";
  // The published alternatives of the network's values (annotations.json arcs.*.
  // alternatives), each in place of the network's: the facts ask for both of the
  // Hajigabul-Astara line's diameters, and the network has one. Per alternative, each
  // scenario's three figures beside the network's, with what binds under the alternative.
  std::vector<std::string> said;  // the alternatives, in their first scenario's order
  std::vector<std::string> lines;
  for (const ScenarioSummary& s : scenarios)
    for (const Sensitivity& x : s.sensitivities) {
      const std::string what = AlternativeText(x);
      std::size_t k = std::find(said.begin(), said.end(), what) - said.begin();
      if (k == said.size()) {
        said.push_back(what);
        lines.emplace_back();
      }
      auto figure = [&](const char* name, const HeadroomResult& alt, const HeadroomResult& own) {
        if (!alt.searched) return std::string();
        return fmt::format("{} {}{} (network {})", name, HeadroomFigure(alt),
                           alt.binding.empty() || alt.none_carried || alt.limited_by_bracket
                               ? std::string()
                               : ", binds: " + alt.binding.front().element,
                           HeadroomFigure(own));
      };
      std::string line = figure("largest", x.headroom, s.headroom);
      for (const std::string& more :
           {figure("within the published capacities", x.headroom_within_published_capacities,
                   s.headroom_within_published_capacities),
            figure("without the station flow bounds", x.headroom_without_station_flow_limits,
                   s.headroom_without_station_flow_limits)})
        if (!more.empty()) line += "; " + more;
      lines[k] += fmt::format("      {}: {}\n", s.name, line);
    }
  if (!said.empty() || !sensitivity_scenarios_missing.empty()) {
    r += "Sensitivity to published alternatives of the network's values (annotations.json\n"
         "alternatives, each alone; largest transits in bcm/y at 20 degC, the network's beside):\n";
    for (std::size_t k = 0; k < said.size(); ++k) r += "    " + said[k] + ":\n" + lines[k];
    if (!sensitivity_scenarios_missing.empty())
      r += fmt::format("    (not run in {}: not a scenario of the case)\n",
                       fmt::join(sensitivity_scenarios_missing, ", "));
  }
  r += "Compressor limits are checked after each solve (post hoc): this report's operating policy\n"
       "sets every station itself and runs the solver with its element limits off\n"
       "(docs/corridor-report.md, \"Operating policy\").\n";
  return r;
}

std::string CorridorReport::FullReport(bool timings) const {
  std::string r = Header() + "\n";
  // One row per scenario: its own transit beside the largest carried, and beside the
  // largest within the published capacities too. (The largest alone, 5.32 bcm/y, passes the
  // Hajigabul-Astara line's published 4 bcm/y: an analyst took it for the corridor's
  // figure, and the 4.02 within it stood only under Q1. The own beside the largest: "ru-phase1
  // ... headroom 5.31" read as 5.31 on top of its 2.)
  auto figure = [](const HeadroomResult& h) {
    if (!h.searched) return std::string("-");
    if (h.none_carried) return std::string("none");
    const std::string at = GridTransit(h, Outwards(h, h.max_transit_bcm_per_year, false));
    return h.limited_by_bracket ? "at least " + at : at;
  };
  std::vector<std::array<std::string, 5>> rows = {
      {"scenario", "verdict", "nominated", "largest", "published"}};
  std::vector<std::string> gaps = {""};
  for (const ScenarioSummary& s : scenarios) {
    rows.push_back({s.name, s.verdict, fmt::format("{:.2f}", s.transit_bcm_per_year),
                    figure(s.headroom), figure(s.headroom_within_published_capacities)});
    std::string gap;
    for (const auto& [label, h] :
         {std::pair{"largest", &s.headroom},
          std::pair{"published", &s.headroom_within_published_capacities}})
      if (h->searched && !h->none_carried && h->HasGap()) {
        const std::string range = GapRange(*h);
        gap += fmt::format("{}below the {}, not carried {}{}", gap.empty() ? "" : "; ", label,
                           range.find(" to ") == std::string::npos ? "at " : "from ", range);
      }
    gaps.push_back(gap.empty() ? gap : "  (" + gap + ")");
  }
  std::array<std::size_t, 5> width{};
  for (const auto& row : rows)
    for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], row[k].size());
  r += "Summary (Russian transit in bcm/y at 20 degC: nominated, the scenario's own; largest,\n"
       "the most it carries within every limit of the run; published, the most it carries\n"
       "within the published pipeline capacities too, each read at an assumed temperature\n"
       "basis: the marks in Q1 to Q3 say which):\n";
  for (std::size_t i = 0; i < rows.size(); ++i)
    r += fmt::format("  {:<{}}  {:<{}}  {:>{}}  {:>{}}  {:>{}}{}\n", rows[i][0], width[0],
                     rows[i][1], width[1], rows[i][2], width[2], rows[i][3], width[3],
                     rows[i][4], width[4], gaps[i]);
  r += "\n";
  for (const ScenarioSummary& s : scenarios) r += s.FullReport(timings) + "\n";
  r += "Model : " + model + "\n";
  if (timings) r += fmt::format("Total time : {:.3f} s, {} steady solves\n", seconds, solves);
  return ShortenRepeatedNotes(std::move(r));
}

static Status WriteScenarioOutputsUnguarded(const ScenarioSummary& s, const Network& network,
                                            const std::string& dir, std::string* stale_note) {
  if (stale_note != nullptr) stale_note->clear();
  namespace fs = std::filesystem;
  // The rows are the network's, by position: with another case's network, or a solution
  // vector cut short, nodes.csv and arcs.csv were silently left out while summary.json said
  // converged. A vector may be empty only where the solve did not converge (no solution).
  const bool converged = s.steady.verdict == Verdict::kConverged;
  struct Sized {
    const char* name;
    std::size_t size, want;
    bool may_be_empty;
  };
  for (const Sized& v :
       {Sized{"solution.pressure_Pa", s.solution.pressure_Pa.size(), network.nodes.size(),
              !converged},
        Sized{"solution.mass_flow_kg_per_s", s.solution.mass_flow_kg_per_s.size(),
              network.arcs.size(), !converged},
        Sized{"solution.injection_kg_per_s", s.solution.injection_kg_per_s.size(),
              network.nodes.size(), true},
        Sized{"norm_density_kg_per_m3", s.norm_density_kg_per_m3.size(), network.nodes.size(),
              true}}) {
    if (v.size != v.want && !(v.size == 0 && v.may_be_empty))
      return Status::InvalidArgument(fmt::format(
          "WriteScenarioOutputs: scenario {}: {} has {} entries, the network {}: not the "
          "network it was run on; nothing written",
          s.name, v.name, v.size, v.want));
  }
  const bool have = converged && !s.solution.pressure_Pa.empty() &&
                    !s.solution.mass_flow_kg_per_s.empty();
  const double rho_n = s.steady.norm_density_kg_per_m3 > 0 ? s.steady.norm_density_kg_per_m3 : 0.8;
  // Volumes at the norm density of the gas at a node (an arc: at its upstream end).
  auto rho_at = [&](std::size_t i) {
    return i < s.norm_density_kg_per_m3.size() ? s.norm_density_kg_per_m3[i] : rho_n;
  };
  // A node's injection: a source's own gas when it supplies, else the gas there.
  auto inj_rho = [&](std::size_t i, double inj) {
    const Node& nd = network.nodes[i];
    return inj > 0.0 && nd.gas && nd.gas->norm_density_kg_per_m3 > 0.0
               ? nd.gas->norm_density_kg_per_m3
               : rho_at(i);
  };
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:.9g}", v) : std::string(); };
  std::vector<std::pair<std::string, std::string>> files;
  nlohmann::ordered_json geo_extra = nlohmann::ordered_json::object();
  // Round-off is no flow, and no direction on the map (FlowResolution).
  const double resolution = FlowResolution(network, s.solution);
  auto resolved = [resolution](double q) { return std::abs(q) < resolution ? 0.0 : q; };
  if (have) {
    std::string n = std::string(kScenarioNodesHeader) + "\n";
    // The bounds the scenario was judged by (its .scn may tighten the network's).
    const bool scenario_bounds = s.pressure_bounds.size() == network.nodes.size();
    for (std::size_t i = 0; i < network.nodes.size(); ++i) {
      const Node& nd = network.nodes[i];
      const double inj = i < s.solution.injection_kg_per_s.size()
                             ? s.solution.injection_kg_per_s[i] : 0.0;
      const double lo = scenario_bounds ? s.pressure_bounds[i].lower_Pa : nd.pressure_min_Pa;
      const double hi = scenario_bounds ? s.pressure_bounds[i].upper_Pa : nd.pressure_max_Pa;
      n += fmt::format("{},{},{},{},{},{},{},{},{}\n", nd.id, NodeKindName(nd.kind),
                       num(Bar(s.solution.pressure_Pa[i])), num(Bar(lo)),
                       num(Bar(hi)), num(inj), num(McmD(inj / inj_rho(i, inj))),
                       nd.lat_deg ? num(*nd.lat_deg) : "", nd.lon_deg ? num(*nd.lon_deg) : "");
    }
    files.push_back({"nodes.csv", n});
    // A station's row carries its mode and the post-hoc check's shaft power (summary.json's
    // stations the rest): the file alone showed Korpeje at 46.29 -> 46.29 bar beside the
    // report's 14.5 MW from its assumed suction.
    // (Columns added later go last, so that the earlier ones keep their places: the
    // velocities, then the pressure drop and the friction factor as simulate writes them.)
    std::string a = std::string(kScenarioArcsHeader) + "\n";
    for (std::size_t j = 0; j < network.arcs.size(); ++j) {
      const Arc& arc = network.arcs[j];
      const double q = resolved(s.solution.mass_flow_kg_per_s[j]);
      const double rho = rho_at(q >= 0.0 ? arc.from_index : arc.to_index);
      std::string mode, power;
      for (const StationCheck& st : s.stations)
        if (st.id == arc.id) {
          mode = st.mode.find(',') == std::string::npos ? st.mode : "\"" + st.mode + "\"";
          if (st.checked) power = num(st.power_W / 1e6);
        }
      // Velocities as simulate writes them: 0 where round-off is the flow.
      auto speed = [&](const std::vector<double>& v) {
        if (j >= v.size() || !std::isfinite(v[j])) return std::string();
        return num(q == 0.0 ? 0.0 : v[j]);
      };
      const double p_from = s.solution.pressure_Pa[arc.from_index];
      const double p_to = s.solution.pressure_Pa[arc.to_index];
      // The friction factor of the pipes' law at the solved flow (at zero flow where the
      // flow is written as 0), empty for other arcs.
      double lambda = j < s.solution.friction_factor.size()
                          ? s.solution.friction_factor[j]
                          : std::numeric_limits<double>::quiet_NaN();
      if (q == 0.0 && std::isfinite(lambda))
        lambda = FrictionFactorAtZeroFlow(arc, s.friction, lambda);
      // The gas the arc's law took (ScenarioSummary::arc_gas), empty where it took the
      // entries' mean (summary.json's gas).
      std::string gas = ",,";
      if (j < s.arc_gas.size() && s.arc_gas[j].molar_mass_kg_per_mol > 0.0)
        gas = fmt::format("{},{},{}", num(s.arc_gas[j].molar_mass_kg_per_mol * 1e3),
                          num(Bar(s.arc_gas[j].pseudocritical_pressure_Pa)),
                          num(s.arc_gas[j].pseudocritical_temperature_K));
      a += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", arc.id,
                       ArcKindName(arc.kind), arc.from, arc.to, num(q), num(McmD(q / rho)),
                       num(Bcm0(q / rho)), num(Bar(p_from)), num(Bar(p_to)), mode, power,
                       speed(s.solution.velocity_m_per_s),
                       speed(s.solution.velocity_low_end_m_per_s), num(Bar(p_from - p_to)),
                       num(lambda), gas);
    }
    files.push_back({"arcs.csv", a});
  }
  // summary.json
  nlohmann::ordered_json j;
  j["scenario"] = s.name;
  j["description"] = s.description;
  j["verdict"] = s.verdict;
  j["feasible"] = s.feasible;
  j["solver_verdict"] = VerdictName(s.steady.verdict);
  j["solver_reason"] = s.steady.reason;
  j["iterations"] = s.steady.iterations;
  j["max_mass_imbalance_kg_s"] = s.steady.max_mass_imbalance_kg_per_s;  // simulate's key
  // The report's Max velocity line, with simulate's keys (null without a converged state).
  const bool fastest =
      s.steady.verdict == Verdict::kConverged && !s.steady.max_velocity_arc.empty();
  j["max_velocity_m_per_s"] = fastest ? nlohmann::ordered_json(s.steady.max_velocity_m_per_s)
                                      : nlohmann::ordered_json(nullptr);
  j["max_velocity_arc"] = fastest ? nlohmann::ordered_json(s.steady.max_velocity_arc)
                                  : nlohmann::ordered_json(nullptr);
  j["russian_transit_bcm_per_y_20degC"] = s.transit_bcm_per_year;
  j["volume_conditions"] = "0 degC, 1.01325 bar (GasLib); bcm_per_y_20degC = 0 degC / 0.931776";
  auto& jb = j["binding"] = nlohmann::ordered_json::array();
  for (const auto& b : s.binding)
    jb.push_back({{"element", b.element}, {"detail", b.detail}, {"estimate", b.estimate}});
  auto& jbo = j["border_flows"] = nlohmann::ordered_json::array();
  for (const auto& b : s.borders) {
    // Round-off across a closed border (-4.9e-11 kg/s) is 0, as in arcs.csv.
    const double v = resolved(b.mass_kg_per_s) == 0.0 ? 0.0 : b.volume_m3_per_s;
    jbo.push_back({{"id", b.id}, {"name", b.name}, {"from", b.from_country},
                   {"to", b.to_country}, {"flow_mcm_per_d", McmD(v)},
                   {"flow_bcm_per_y_0degC", Bcm0(v)}, {"flow_bcm_per_y_20degC", Bcm20(v)},
                   {"mass_flow_kg_per_s", resolved(b.mass_kg_per_s)}});
  }
  auto& jp = j["pressures"] = nlohmann::ordered_json::array();
  for (const auto& p : s.pressures)
    jp.push_back({{"node", p.node_id}, {"pressure_bar_abs", Bar(p.pressure_Pa)},
                  {"min_bar_abs", Bar(p.min_Pa)}, {"max_bar_abs", Bar(p.max_Pa)},
                  {"ok", p.ok}});
  auto& jab = j["at_pressure_bound"] = nlohmann::ordered_json::array();
  for (const auto& p : s.at_bound) {
    const bool low = si::AtLowerBound(p.pressure_Pa, p.min_Pa);
    jab.push_back({{"node", p.node_id}, {"pressure_bar_abs", Bar(p.pressure_Pa)},
                   {"bound", low ? "min" : "max"},
                   {"bound_bar_abs", Bar(low ? p.min_Pa : p.max_Pa)}});
  }
  j["capacity_use"] = CapacityJson(s.capacity_use);
  auto& js = j["stations"] = nlohmann::ordered_json::array();
  bool any_checked = false;
  for (const auto& st : s.stations) {
    // What was not checked (no solution) is null, never false or 0: ru-10bcm's Gazimagomed
    // read over_power false with 0 MW.
    using OJ = nlohmann::ordered_json;
    auto checked = [&](const OJ& v) { return st.checked ? v : OJ(nullptr); };
    // What a station that does not compress has not (efficiency, units, installed power
    // of the units it would run): null, not 0.
    auto running = [&](const OJ& v) { return st.checked && st.running ? v : OJ(nullptr); };
    // The machines' limits at an assumed suction (Korpeje's field pressure is not modelled)
    // are not judged, as the report says: null, not false (over_head read false beside a
    // head its machines do not reach).
    auto judged = [&](const OJ& v) { return st.checked && !st.inlet_assumed ? v : OJ(nullptr); };
    any_checked = any_checked || st.checked;
    js.push_back({{"id", st.id}, {"mode", st.mode}, {"checked", st.checked},
                  {"running", checked(st.running)},
                  {"flow_mcm_per_d",
                   McmD(resolved(st.mass_flow_kg_per_s) == 0.0 ? 0.0 : st.volume_m3_per_s)},
                  {"inlet_bar_abs", PressureOrNull(st.inlet_Pa)},
                  {"outlet_bar_abs", PressureOrNull(st.outlet_Pa)},
                  {"inlet_assumed", checked(st.inlet_assumed)},
                  {"head_kJ_per_kg", checked(st.head_J_per_kg / 1e3)},
                  {"unit_flow_m3_per_s", checked(st.unit_flow_m3_per_s)},
                  {"machine_flow_m3_per_s", checked(st.machine_flow_m3_per_s)},
                  {"recycling", checked(st.recycling)},
                  {"throttle_head_kJ_per_kg", checked(st.throttle_head_J_per_kg / 1e3)},
                  {"efficiency", running(st.efficiency)},
                  {"efficiency_source", running(st.efficiency_source)},
                  {"units_running", running(st.units_running)},
                  {"configuration", running(st.configuration_id)},
                  {"machines", running(st.machines)},
                  {"power_MW", checked(st.power_W / 1e6)},
                  {"max_power_MW", running(st.max_power_W / 1e6)},
                  {"over_flow", st.flow_checked ? OJ(st.over_flow) : OJ(nullptr)},
                  {"over_power", judged(st.over_power)}, {"over_head", judged(st.over_head)},
                  {"over_machine_limit", judged(st.over_machine_limit)},
                  {"suction_low", checked(st.suction_low)},
                  {"check", st.checked ? "post hoc; the solver does not move the station to "
                                         "its limit"
                                       : "not checked: no solution (the flow, where given, "
                                         "is the nominations')"}});
  }
  j["total_compressor_power_MW"] =
      any_checked ? nlohmann::ordered_json(s.total_power_W / 1e6) : nlohmann::ordered_json();
  // null where origins were not tracked (or the network lacks the node); {} where they were
  // and no gas arrives.
  auto mixj = [&](const std::vector<std::pair<std::string, double>>& m, bool tracked) {
    if (!tracked) return nlohmann::ordered_json();
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (const auto& [g, f] : m) o[g] = f;
    return o;
  };
  // The swap balance the report prints (it had no keys here); null without a swap input,
  // and without a solution to balance one against, what is known of it and checked false.
  j["swap"] = s.swap ? tracking_internal::SwapBalanceJson(*s.swap) : nlohmann::ordered_json();
  if (s.swap) {
    j["swap"]["checked"] = true;
  } else if (s.swap_input_unchecked_m3_per_s > 0.0) {
    j["swap"] = {{"checked", false},
                 {"input_mcm_per_d", McmD(s.swap_input_unchecked_m3_per_s)},
                 {"why", "no solution: the balance needs the flows"}};
  }
  // (Mass fractions, as the report's "(of the mass)"; origin_transit is in volumes.)
  j["origin_mix_basis"] = "mass fraction";
  j["origin_mix_astara_ir"] = mixj(s.mix_astara, s.mix_astara_tracked);
  auto& jt = j["origin_transit"] = nlohmann::ordered_json::array();
  for (const OriginTransit& t : s.origin_transit)
    jt.push_back({{"origin", t.group}, {"country", t.country},
                  {"in_mcm_per_d", McmD(t.in_m3_per_s)}, {"out_mcm_per_d", McmD(t.out_m3_per_s)},
                  {"net_mcm_per_d", McmD(t.net_m3_per_s())}});
  j["origin_mix_rasht"] = mixj(s.mix_rasht, s.mix_rasht_tracked);
  // Every headroom the report prints (the second was missing); null where none was searched
  // (--no-headroom), as docs/corridor-report.md says: the keys were left out.
  const auto headrooms = [&](nlohmann::ordered_json& into, const HeadroomResult& first,
                             const HeadroomResult& without, const HeadroomResult& within) {
    for (const auto& [key, hr] :
         {std::pair<const char*, const HeadroomResult*>{"headroom", &first},
          {"headroom_without_station_flow_bounds", &without},
          {"headroom_within_published_capacities", &within}}) {
      auto& h = into[key];
      if (!hr->searched) continue;  // h stays null
      h["max_transit_bcm_per_y_20degC"] = hr->max_transit_bcm_per_year;
      h["not_carried_at_bcm_per_y_20degC"] = hr->upper_bracket_bcm_per_year;
      h["grid_step_bcm_per_y"] = hr->step_bcm_per_year;
      h["limited_by_bracket"] = hr->limited_by_bracket;
      h["capacity_use_at_max"] = CapacityJson(hr->capacity_use_at_max);
      h["none_carried"] = hr->none_carried;
      // (Not carried, the search still ran over the whole range: a larger one may be.)
      h["own_carried"] = hr->own_carried;
      // The scan below the largest carried: null where it did not run, else its step and,
      // where it found a transit not carried, the largest carried below it and that one, and
      // the gap's other edge.
      auto& g = h["gap_scan"];
      if (hr->gap_scan_step_bcm_per_year > 0.0) {
        g["step_bcm_per_y"] = hr->gap_scan_step_bcm_per_year;
        g["from_bcm_per_y_20degC"] = hr->gap_scan_from_bcm_per_year;
        g["carried_to_bcm_per_y_20degC"] = hr->HasGap() ? nlohmann::ordered_json(
                                                              hr->gap_carried_to_bcm_per_year)
                                                        : nlohmann::ordered_json();
        g["not_carried_at_bcm_per_y_20degC"] =
            hr->HasGap() ? nlohmann::ordered_json(hr->gap_not_carried_at_bcm_per_year)
                         : nlohmann::ordered_json();
        // The gap's other edge (winter-peak's read as one transit, 1.40, where it ran to
        // 1.68): the largest found not carried, and the transit carried again above it.
        g["not_carried_to_bcm_per_y_20degC"] =
            hr->HasGap() && hr->gap_not_carried_to_bcm_per_year > 0.0
                ? nlohmann::ordered_json(hr->gap_not_carried_to_bcm_per_year)
                : nlohmann::ordered_json();
        g["carried_again_at_bcm_per_y_20degC"] =
            hr->HasGap() && hr->gap_carried_again_at_bcm_per_year > 0.0
                ? nlohmann::ordered_json(hr->gap_carried_again_at_bcm_per_year)
                : nlohmann::ordered_json();
        auto& gb = g["binding"] = nlohmann::ordered_json::array();
        for (const auto& b : hr->gap_binding)
          gb.push_back({{"element", b.element}, {"detail", b.detail}, {"estimate", b.estimate}});
      }
      auto& hb = h["binding"] = nlohmann::ordered_json::array();
      for (const auto& b : hr->binding)
        hb.push_back({{"element", b.element}, {"detail", b.detail}, {"estimate", b.estimate}});
    }
  };
  headrooms(j, s.headroom, s.headroom_without_station_flow_limits,
            s.headroom_within_published_capacities);
  // The same searches under each published alternative (empty: none asked for).
  auto& sens = j["sensitivities"] = nlohmann::ordered_json::array();
  for (const Sensitivity& x : s.sensitivities) {
    nlohmann::ordered_json o = {{"arc", x.arc_id},
                                {"name", x.arc_name},
                                {"parameter", x.parameter},
                                {"value_m", x.value_m},
                                {"network_value_m", x.network_value_m},
                                {"provenance", x.provenance}};
    headrooms(o, x.headroom, x.headroom_without_station_flow_limits,
              x.headroom_within_published_capacities);
    sens.push_back(std::move(o));
  }
  files.push_back({"summary.json", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"});
  // GeoJSON: the network as convert writes it (its data, and its rule for positions) with
  // the scenario's pressures and flows as properties (null without a solution).
  {
    GeoJsonOptions g;
    const std::size_t nn = network.nodes.size(), na = network.arcs.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    GeoJsonProperty p{"pressure_bar_abs", std::vector<double>(nn, nan), {}};
    for (std::size_t i = 0; i < nn && have; ++i) p.numbers[i] = Bar(s.solution.pressure_Pa[i]);
    GeoJsonProperty q{"mass_flow_kg_per_s", std::vector<double>(na, nan), {}};
    GeoJsonProperty mcm{"flow_mcm_per_d", std::vector<double>(na, nan), {}};
    for (std::size_t k = 0; k < na && have; ++k) {
      const Arc& arc = network.arcs[k];
      if (arc.from_index >= nn || arc.to_index >= nn) continue;
      q.numbers[k] = resolved(s.solution.mass_flow_kg_per_s[k]);
      mcm.numbers[k] = McmD(q.numbers[k] / rho_at(q.numbers[k] >= 0.0 ? arc.from_index
                                                                         : arc.to_index));
    }
    g.node_properties = {std::move(p)};
    g.arc_properties = {std::move(q), std::move(mcm)};
    g.members = {{"corridor_scenario", s.name}};
    std::string note;
    files.push_back({"network.geojson", WriteGeoJson(network, g, &note)});
  }
  std::vector<FileContent> out;
  for (const auto& [name, content] : files) out.push_back({(fs::path(dir) / name).string(), content});
  // All or nothing, the folder too; without a solution the nodes.csv and arcs.csv of an
  // earlier run go in the same step, so that the folder holds this run's set alone.
  // (Only files that begin as corridor writes them: a user's nodes.csv stays.)
  std::vector<StaleOutput> stale;
  if (!have) stale = {SteadyStaleOutput(dir, "nodes.csv"), SteadyStaleOutput(dir, "arcs.csv")};
  StaleOutcome outcome;
  Status w = WriteOutputSet({dir}, out, stale, &outcome);
  if (w.ok() && stale_note != nullptr) {
    *stale_note = DescribeStaleOutcome(outcome);
    if (!stale_note->empty()) stale_note->erase(0, 2);
  }
  return w;
}

Status WriteScenarioOutputs(const ScenarioSummary& s, const Network& network,
                            const std::string& dir, std::string* stale_note) {
  return internal::GuardedCall("WriteScenarioOutputs", [&] {
    return WriteScenarioOutputsUnguarded(s, network, dir, stale_note);
  });
}

}  // namespace corridor
