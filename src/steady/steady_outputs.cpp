// The result files of a steady-state solve: nodes.csv, arcs.csv, network.geojson and
// summary.json (docs/outputs.md), rendered from a solution and its summary. `corridor
// simulate` writes them with its own options' record; WriteSteadyOutputs the same for a
// library user.
#include "steady/steady_outputs.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "corridor/controls.h"
#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "core/guarded_call.h"
#include "io/text.h"

namespace corridor {
namespace steady_outputs {
namespace {

using io::CsvField;

std::string Num(double v, int digits = 9) {
  if (!std::isfinite(v)) return "";
  if (v == 0.0) v = 0.0;  // no "-0" in the CSV
  return fmt::format("{:.{}g}", v, digits);
}

nlohmann::json JsonNum(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

// A property given or averaged from given ones, in the file's unit: a unit's conversion and a
// mixture's average of equal values left the last bits ("norm_density_kg_per_m3":
// 0.7849999999999999 for three sources of 0.785, "linear_z_slope_per_bar":
// -0.0021999999999999997). A value within 15 significant digits of one of at most 12 is
// that one; another (pandapipes' 0.7329404506632858) keeps every digit.
nlohmann::json GivenNum(double v) {
  if (!std::isfinite(v)) return nullptr;
  const double at15 = std::strtod(fmt::format("{:.15g}", v).c_str(), nullptr);
  const double at12 = std::strtod(fmt::format("{:.12g}", v).c_str(), nullptr);
  return at15 == at12 ? at12 : v;
}



Column Numbers(std::string key, std::vector<double> v, int digits = 9) {
  Column c;
  c.key = std::move(key);
  c.numbers = std::move(v);
  c.digits = digits;
  return c;
}

Column Texts(std::string key, std::vector<std::string> v) {
  Column c;
  c.key = std::move(key);
  c.texts = std::move(v);
  return c;
}

std::string Csv(const std::vector<Column>& columns, std::size_t rows) {
  std::string s;
  for (std::size_t k = 0; k < columns.size(); ++k) s += (k ? "," : "") + columns[k].key;
  s += '\n';
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const Column& c = columns[k];
      if (k) s += ',';
      if (!c.numbers.empty())
        s += Num(c.numbers[i], c.digits);
      else
        s += CsvField(c.texts[i]);
    }
    s += '\n';
  }
  return s;
}

nlohmann::ordered_json ElementsJson(const SteadySolution& sol, const SteadySummary& sum) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const ActiveElementState& e : sol.elements) {
    nlohmann::ordered_json j;
    j["id"] = e.arc_id;
    j["type"] = ArcKindName(e.kind);
    j["mode"] = ElementModeName(e.mode);
    // The set-point asked for, in the units a controls file gives it (docs/controls.md):
    // with the mode, the run's settings can be read back from its own summary.
    switch (e.mode) {
      case ElementMode::kOutletPressure:
      case ElementMode::kInletPressure:
        j["set_point_pressure_bar_abs"] = JsonNum(InFileUnits(e.value, units::kBar));
        break;
      case ElementMode::kPressureDrop:
        j["set_point_pressure_drop_bar"] = JsonNum(InFileUnits(e.value, units::kBar));
        break;
      case ElementMode::kRatio: j["set_point_ratio"] = JsonNum(e.value); break;
      case ElementMode::kFlow:  // (the digits --set gave: 500, not 499.99999999999994)
        j["set_point_flow_1000Nm3_per_h"] =
            JsonNum(InFileUnits(e.value, units::kThousandM3PerHour));
        break;
      case ElementMode::kOpen:
      case ElementMode::kClosed:
      case ElementMode::kBypass: break;
    }
    // Without a state nothing is held (the numbers are the last iterate's): an element put
    // at its set-point says so, not that it holds it. In a state the verdict refuses (the
    // equations hold, a limit is broken) it holds it there, as the report says.
    const bool state = sum.verdict == Verdict::kConverged || sum.equations_hold;
    j["held_at"] = e.hold != ElementHold::kSetPoint ? ElementHoldName(e.hold)
                   : state                          ? "set-point"
                                                    : "set-point, not held";
    j["limit"] = e.limit;
    j["mass_flow_kg_per_s"] = JsonNum(e.mass_flow_kg_per_s);
    j["inlet_pressure_bar_abs"] = JsonNum(e.inlet_pressure_Pa / units::kBar);
    j["outlet_pressure_bar_abs"] = JsonNum(e.outlet_pressure_Pa / units::kBar);
    j["machine_inlet_pressure_bar_abs"] = JsonNum(e.machine_inlet_pressure_Pa / units::kBar);
    j["machine_outlet_pressure_bar_abs"] = JsonNum(e.machine_outlet_pressure_Pa / units::kBar);
    // Without machine data, the adiabatic estimate (null where there is none).
    j["estimated_shaft_power_MW"] =
        e.estimated_power_W > 0.0 ? JsonNum(e.estimated_power_W / 1e6) : nullptr;
    j["estimated_efficiency"] =
        e.estimated_power_W > 0.0 ? JsonNum(e.estimated_efficiency) : nullptr;
    // Machine data run (true), or lifting in no state (false); null without machine data or
    // where no machine works (shut, ratio 1).
    j["machines_run"] = e.has_machines       ? nlohmann::ordered_json(true)
                        : e.machines_not_run ? nlohmann::ordered_json(false)
                                             : nlohmann::ordered_json(nullptr);
    if (e.has_machines) {
      const ConfigurationPoint& p = e.point;
      j["configuration"] = p.configuration_id;
      // Stages in series at another split of the ratio than the equal one: each stage's
      // share w_k of its exponent (stage k lifts by r^(w_k)).
      if (!p.stage_shares.empty()) {
        nlohmann::ordered_json w = nlohmann::ordered_json::array();
        for (double x : p.stage_shares) w.push_back(nlohmann::ordered_json(JsonNum(x)));
        j["stage_shares"] = w;
        j["stage_split"] = StageSplitReason(e);
      }
      j["inside_map"] = p.inside;
      j["shaft_power_MW"] = JsonNum(p.shaft_power_W / 1e6);
      j["fuel_power_MW"] = JsonNum(p.fuel_power_W / 1e6);
      j["fuel_gas_kg_per_s"] = JsonNum(e.fuel_kg_per_s);
      j["fuel_node"] = e.fuel_node;
      if (!e.fuel_note.empty()) j["fuel_note"] = e.fuel_note;  // drawn is not the point's
      nlohmann::ordered_json units_j = nlohmann::ordered_json::array();
      for (const UnitOperatingPoint& u : p.units)
        units_j.push_back({{"compressor", u.compressor_id},
                           {"drive", u.drive_id},
                           {"stage", u.stage},
                           {"kind", u.piston ? "piston" : "turbo"},
                           {"volumetric_flow_m3_per_s", JsonNum(u.volumetric_flow_m3_per_s)},
                           {"head_kJ_per_kg", JsonNum(u.head_J_per_kg / 1e3)},
                           // the network's point and what recycle and throttle add to it
                           {"network_volumetric_flow_m3_per_s",
                            JsonNum(u.network_volumetric_flow_m3_per_s)},
                           {"network_head_kJ_per_kg", JsonNum(u.network_head_J_per_kg / 1e3)},
                           {"recycle_m3_per_s", JsonNum(u.recycle_m3_per_s)},
                           {"throttle_head_kJ_per_kg", JsonNum(u.throttle_head_J_per_kg / 1e3)},
                           {"speed_per_min", JsonNum(u.speed_per_s * 60.0)},
                           {"efficiency", JsonNum(u.efficiency)},
                           {"shaft_power_MW", JsonNum(u.shaft_power_W / 1e6)},
                           {"max_power_MW", JsonNum(u.max_power_W / 1e6)},
                           {"fuel_power_MW", JsonNum(u.fuel_power_W / 1e6)},
                           {"fuel_model_given", u.fuel_model_given},
                           {"worst_limit", StationLimitName(u.worst_limit)},
                           {"worst_violation", JsonNum(u.worst_violation)}});
      j["units"] = units_j;
    }
    arr.push_back(j);
  }
  return arr;
}

}  // namespace

// nodes.csv's columns after the id. The bounds are the case's (CasePressureBounds: the
// nomination's where tighter); the violation is signed (below the lower bound negative) and
// nonzero exactly at the nodes of the summary's bound_violations, beyond the solve's
// pressure tolerance (a node 1e-7 bar above its bound had a violation here and none in the
// report or summary.json). The injection is given in 1000 Nm3/h too, at the solve's norm
// density (rho_n), as the nomination and arcs.csv's flows (a GasLib user found it in kg/s
// only).
std::vector<Column> NodeResults(const GasCase& c, const SteadySolution& sol,
                                const std::vector<BoundViolation>& violations, double rho_n) {
  const std::size_t n = c.network.nodes.size();
  const std::vector<NodePressureBounds> bounds = CasePressureBounds(c);
  std::unordered_map<std::string_view, double> by_node;
  for (const BoundViolation& b : violations) by_node[b.node_id] = b.pressure_Pa - b.bound_Pa;
  std::vector<double> p(n), lo(n), hi(n), viol(n), inj(n), fuel(n), height(n), inj_vol(n);
  for (std::size_t v = 0; v < n; ++v) {
    const Node& nd = c.network.nodes[v];
    const auto found = by_node.find(nd.id);
    p[v] = sol.pressure_Pa[v] / units::kBar;
    lo[v] = bounds[v].lower_Pa / units::kBar;
    hi[v] = bounds[v].upper_Pa / units::kBar;
    // (A node without a pressure has no violation: 0 read as within its bounds.)
    viol[v] = !std::isfinite(sol.pressure_Pa[v])
                  ? std::numeric_limits<double>::quiet_NaN()
                  : (found != by_node.end() ? found->second : 0.0) / units::kBar;
    inj[v] = sol.injection_kg_per_s[v];
    fuel[v] = v < sol.fuel_kg_per_s.size() ? sol.fuel_kg_per_s[v] : 0.0;
    height[v] = nd.height_m;
    inj_vol[v] = sol.injection_kg_per_s[v] / rho_n / units::kThousandM3PerHour;
  }
  std::vector<Column> cols;
  cols.push_back(Numbers("pressure_bar_abs", std::move(p), 10));
  cols.push_back(Numbers("pressure_min_bar_abs", std::move(lo)));
  cols.push_back(Numbers("pressure_max_bar_abs", std::move(hi)));
  cols.push_back(Numbers("violation_bar", std::move(viol)));
  cols.push_back(Numbers("injection_kg_per_s", std::move(inj), 10));
  cols.push_back(Numbers("fuel_gas_kg_per_s", std::move(fuel), 10));
  cols.push_back(Numbers("height_m", std::move(height)));
  cols.push_back(Numbers("injection_1000Nm3_per_h", std::move(inj_vol), 10));
  return cols;
}

std::string NodesCsv(const GasCase& c, const std::vector<Column>& results) {
  std::vector<std::string> ids;
  for (const Node& n : c.network.nodes) ids.push_back(n.id);
  std::vector<Column> cols = {Texts("id", std::move(ids))};
  cols.insert(cols.end(), results.begin(), results.end());
  return Csv(cols, c.network.nodes.size());
}

// arcs.csv's columns after id, type, from and to.
std::vector<Column> ArcResults(const GasCase& c, const SteadySolution& sol, double rho_n,
                               FrictionLaw friction, const std::vector<ElementSetting>& settings,
                               const AppliedDecisions* decisions,
                               const std::vector<std::string>& overridden,
                               const std::vector<UnheldLimit>& unheld_limits) {
  const std::size_t n = c.network.arcs.size();
  std::unordered_map<std::string, const ActiveElementState*> active;
  for (const ActiveElementState& e : sol.elements) active[e.arc_id] = &e;
  // Valves, control valves and stations without a set-point: the mode they were given, or
  // their default (a valve closed by --set showed an empty mode beside its zero flow).
  std::unordered_map<std::string, ElementMode> given;
  for (const ElementSetting& st : settings) given[st.arc_id] = st.mode;
  const double nan = std::nan("");
  const double resolution = FlowResolution(c.network, sol);
  std::vector<double> q(n), kn(n), mcm(n), vel(n), dp(n), lambda(n), power(n, nan),
      fuel(n, nan), vel_low(n, nan);
  std::vector<std::string> mode(n), held(n), limit(n), config(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Arc& a = c.network.arcs[i];
    if (a.kind == ArcKind::kValve || a.kind == ArcKind::kControlValve ||
        a.kind == ArcKind::kCompressorStation) {
      const auto g = given.find(a.id);
      mode[i] = ElementModeName(g != given.end() ? g->second : DefaultElementMode(a.kind));
    }
    if (auto it = active.find(a.id); it != active.end()) {
      const ActiveElementState& e = *it->second;
      // held_at in summary.json's words, its sentence in limit (held_at held the sentence,
      // or nothing at a set-point, where summary.json says "set-point").
      mode[i] = ElementModeName(e.mode);
      held[i] = ElementHoldName(e.hold);
      if (e.hold != ElementHold::kSetPoint) limit[i] = e.limit;
      if (e.has_machines) {
        config[i] = e.point.configuration_id;
        power[i] = e.point.shaft_power_W / 1e6;
        fuel[i] = e.fuel_kg_per_s;
      }
    }
    q[i] = sol.mass_flow_kg_per_s[i];
    // Round-off (FlowResolution) is no flow, and no direction on the map.
    const bool noise = std::abs(q[i]) < resolution;
    if (noise) q[i] = 0.0;
    const double vol = rho_n > 0.0 ? q[i] / rho_n : nan;  // Nm3/s
    kn[i] = vol / units::kThousandM3PerHour;
    mcm[i] = vol / units::kMcmPerDay;
    vel[i] = noise && std::isfinite(sol.velocity_m_per_s[i]) ? 0.0 : sol.velocity_m_per_s[i];
    if (i < sol.velocity_low_end_m_per_s.size())
      vel_low[i] = noise && std::isfinite(sol.velocity_low_end_m_per_s[i])
                       ? 0.0
                       : sol.velocity_low_end_m_per_s[i];
    dp[i] = (sol.pressure_Pa[a.from_index] - sol.pressure_Pa[a.to_index]) / units::kBar;
    // A flow written as 0 has its law's friction factor at zero flow (pandapipes' 64/Re
    // made up to 1.5e29 of GasLib-4197's round-off).
    lambda[i] = noise && std::isfinite(sol.friction_factor[i])
                    ? FrictionFactorAtZeroFlow(a, friction, sol.friction_factor[i])
                    : sol.friction_factor[i];
  }
  std::vector<Column> cols;
  cols.push_back(Numbers("mass_flow_kg_per_s", std::move(q), 10));
  cols.push_back(Numbers("flow_1000Nm3_per_h", std::move(kn)));
  cols.push_back(Numbers("flow_mcm_per_d", std::move(mcm)));
  cols.push_back(Numbers("velocity_m_per_s", std::move(vel)));
  cols.push_back(Numbers("pressure_drop_bar", std::move(dp)));
  cols.push_back(Numbers("friction_factor", std::move(lambda)));
  cols.push_back(Texts("mode", std::move(mode)));
  cols.push_back(Texts("held_at", std::move(held)));
  cols.push_back(Texts("limit", std::move(limit)));
  cols.push_back(Texts("configuration", std::move(config)));
  cols.push_back(Numbers("shaft_power_MW", std::move(power)));
  cols.push_back(Numbers("fuel_gas_kg_per_s", std::move(fuel), 10));
  // (last: issue 3's columns keep their places)
  cols.push_back(Numbers("velocity_low_end_m_per_s", std::move(vel_low)));
  // The decision (group/decision) that sets or runs the element, with --decisions; none
  // where --controls or --set set it otherwise (it named a decision that closed a valve
  // --set had opened).
  std::vector<std::string> decided(n);
  if (decisions != nullptr) {
    const std::set<std::string_view> other(overridden.begin(), overridden.end());
    auto put = [&](const std::string& id, const TakenDecision& t) {
      if (other.count(id)) return;
      if (const auto k = c.network.FindArc(id)) decided[*k] = t.group + "/" + t.decision;
    };
    for (std::size_t k = 0; k < decisions->settings.size(); ++k)
      put(decisions->settings[k].arc_id, decisions->setting_from[k]);
    for (std::size_t k = 0; k < decisions->run.size(); ++k)
      put(decisions->run[k], decisions->run_from[k]);
  }
  cols.push_back(Texts("decision", std::move(decided)));
  // The element limits not held (SteadySummary::unheld_limits), each at its element: only
  // the report and summary.json said them, while the limit column showed another hold (an
  // operator's audit: GasLib-11's CS02 at an outlet set-point of 65 bar, 12.947 bar below
  // its pressureInMin). "; " between two of one element.
  std::vector<std::string> unheld(n);
  for (const UnheldLimit& u : unheld_limits)
    if (const auto i = c.network.FindArc(u.arc_id))
      unheld[*i] += (unheld[*i].empty() ? "" : "; ") + u.what;
  cols.push_back(Texts("limits_not_held", std::move(unheld)));
  return cols;
}

std::string ArcsCsv(const GasCase& c, const std::vector<Column>& results) {
  std::vector<std::string> id, type, from, to;
  for (const Arc& a : c.network.arcs) {
    id.push_back(a.id);
    type.push_back(ArcKindName(a.kind));
    from.push_back(a.from);
    to.push_back(a.to);
  }
  std::vector<Column> cols = {Texts("id", std::move(id)), Texts("type", std::move(type)),
                              Texts("from", std::move(from)), Texts("to", std::move(to))};
  cols.insert(cols.end(), results.begin(), results.end());
  return Csv(cols, c.network.arcs.size());
}

// The network with the results of nodes.csv and arcs.csv as properties (convert's GeoJSON,
// and its rule for positions, plus the results; pressure_min/max_bar_abs become the case's
// bounds, as nodes.csv's).
std::string ResultsGeoJson(const GasCase& c, const std::vector<Column>& nodes,
                           const std::vector<Column>& arcs, std::string* note) {
  GeoJsonOptions g;
  g.node_properties.assign(nodes.begin(), nodes.end());
  g.arc_properties.assign(arcs.begin(), arcs.end());
  g.members.push_back(
      {"corridor_results",
       "a converged steady state of corridor simulate: each feature's properties are the "
       "network's data followed by the columns of nodes.csv or arcs.csv (pressure bounds: "
       "the case's, the nomination's where tighter)"});
  return WriteGeoJson(c.network, g, note);
}


std::string SummaryJson(const SteadySummary& sum, const SteadySolution& sol,
                        const SteadyOptions& opt, const std::vector<std::string>& given_keys,
                        bool timings, const nlohmann::ordered_json& decisions) {
  nlohmann::ordered_json j;
  j["verdict"] = VerdictName(sum.verdict);
  // An infeasible verdict's kind (SteadySummary::InfeasibilityKind), null otherwise: a
  // script tells an input to mend ("set-up") from a capacity limit ("pressure").
  j["infeasibility"] = sum.verdict == Verdict::kInfeasible
                           ? nlohmann::ordered_json(InfeasibilityName(sum.InfeasibilityKind()))
                           : nlohmann::ordered_json(nullptr);
  j["reason"] = sum.reason;
  // Where the pressure gives out, if the reason says so (null otherwise).
  j["limiting_node"] = sum.limiting_node.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(sum.limiting_node);
  j["limiting_pressure"] =
      sum.limiting_pressure == PressureLimit::kNone
          ? nlohmann::ordered_json(nullptr)
          : nlohmann::ordered_json(PressureLimitName(sum.limiting_pressure));
  j["equations_hold"] = sum.equations_hold;
  j["iterations"] = sum.iterations;
  j["continuation_solves"] = sum.continuation_solves;
  auto& cb = j["capacity_bottleneck"] = nlohmann::ordered_json::array();
  for (const auto& [arc, share] : sum.capacity_bottleneck)
    cb.push_back({{"arc", arc}, {"share", share}});
  j["capacity_way"] = sum.capacity_way;
  // --no-timings: null (the keys stay), so that two runs' files compare equal.
  j["solve_seconds"] = timings ? nlohmann::ordered_json(sum.solve_seconds) : nullptr;
  j["setup_seconds"] = timings ? nlohmann::ordered_json(sum.setup_seconds) : nullptr;
  // No iterate (refused before any pressure was found): no residuals, as the report says.
  const bool iterate = sum.HasIterate();
  j["max_mass_imbalance_kg_s"] =
      iterate ? JsonNum(sum.max_mass_imbalance_kg_per_s) : nlohmann::json(nullptr);
  j["worst_mass_node"] = sum.worst_mass_node;
  j["max_element_residual_Pa"] =
      iterate ? JsonNum(sum.max_pressure_residual_Pa) : nlohmann::json(nullptr);
  j["worst_residual_arc"] = sum.worst_residual_arc;
  j["arcs_without_pressures"] = sum.arcs_without_pressures;
  // (No node with a pressure, e.g. nothing nominated: null, not 0 bar.)
  j["min_pressure_bar_abs"] = sum.min_pressure_node.empty()
                                  ? nullptr
                                  : JsonNum(sum.min_pressure_Pa / units::kBar);
  j["min_pressure_node"] = sum.min_pressure_node;
  j["max_pressure_bar_abs"] = sum.max_pressure_node.empty()
                                  ? nullptr
                                  : JsonNum(sum.max_pressure_Pa / units::kBar);
  j["max_pressure_node"] = sum.max_pressure_node;
  // The fastest gas, at an arc's lower-pressure end (null and "" without a converged state).
  j["max_velocity_m_per_s"] = JsonNum(sum.max_velocity_m_per_s);
  j["max_velocity_arc"] = sum.max_velocity_arc;
  nlohmann::ordered_json bv = nlohmann::ordered_json::array();
  for (const BoundViolation& b : sum.bound_violations) {
    nlohmann::ordered_json e;
    e["node"] = b.node_id;
    e["pressure_bar_abs"] = b.pressure_Pa / units::kBar;
    e["bound_bar_abs"] = b.bound_Pa / units::kBar;
    e["side"] = b.below ? "below_min" : "above_max";
    e["bound_from"] = b.nominated ? "nomination" : "network";
    bv.push_back(e);
  }
  // Not checked without a converged state: null, not an empty list (read as "none").
  const bool checked = sum.verdict == Verdict::kConverged;
  j["bound_violations"] = checked ? bv : nlohmann::ordered_json(nullptr);
  // The nodes whose bounds were not judged: a pinned part's, without a pressure.
  j["nodes_without_pressure"] = checked ? nlohmann::ordered_json(sum.nodes_without_pressure)
                                        : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json fv = nlohmann::ordered_json::array();
  for (const FlowBoundViolation& f : sum.flow_bound_violations)
    fv.push_back({{"arc", f.arc_id},
                  {"flow_1000Nm3_per_h", f.flow_m3_per_s / units::kThousandM3PerHour},
                  {"bound_1000Nm3_per_h", f.bound_m3_per_s / units::kThousandM3PerHour},
                  {"side", f.below ? "below_min" : "above_max"}});
  const bool flows = checked && sum.flow_bounds_checked;
  j["flow_bound_violations"] = flows ? fv : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json av = nlohmann::ordered_json::array();
  for (const ArcPressureViolation& v : sum.arc_pressure_violations)
    av.push_back({{"arc", v.arc_id},
                  {"limit", v.differential ? "pressureDifferentialMax" : "pressureMax"},
                  {"value_bar", v.value_Pa / units::kBar},
                  {"bound_bar", v.bound_Pa / units::kBar}});
  j["arc_pressure_violations"] = flows ? av : nlohmann::ordered_json(nullptr);
  // One flag for scripts: a converged state within every pressure and flow bound, and
  // every element limit held. A node without a pressure has bounds no one judged: not
  // within them (a zero nomination read true with no pressure anywhere).
  j["within_bounds"] =
      flows ? nlohmann::ordered_json(sum.WithinBounds()) : nlohmann::ordered_json(nullptr);
  // The pipes at or beyond the isothermal speed of sound: an empty list in a converged
  // state, the choked pipes of an infeasible one that holds the equations, else null.
  nlohmann::ordered_json sonic = nlohmann::ordered_json::array();
  for (const SonicFlow& f : sum.sonic_flows)
    sonic.push_back({{"arc", f.arc_id},
                     {"mass_flow_kg_per_s", JsonNum(f.mass_flow_kg_per_s)},
                     {"choking_flow_kg_per_s", JsonNum(f.choking_flow_kg_per_s)},
                     {"low_end_pressure_bar_abs", JsonNum(f.low_pressure_Pa / units::kBar)}});
  j["sonic_flows"] = flows || !sum.sonic_flows.empty() ? sonic : nlohmann::ordered_json(nullptr);
  j["slack_rule"] = sum.slack_rule;
  j["elements"] = sum.elements;
  j["element_limits"] = opt.element_limits;
  j["fuel_gas"] = opt.fuel_gas;
  j["model"] = sum.model;
  j["pipe_model"] = PipeModelName(opt.pipe_model);
  j["friction"] = FrictionLawName(opt.friction);
  if (opt.friction == FrictionLaw::kFixed) {
    // The factors the solve took (--lambda), to run it again: one value where every pipe
    // has it, else each pipe's, by id.
    std::map<std::string, double> by_pipe(opt.fixed_friction_factor.begin(),
                                          opt.fixed_friction_factor.end());
    auto& ff = j["fixed_friction_factors"];
    ff["pipes"] = by_pipe.size();
    const bool uniform =
        !by_pipe.empty() && std::all_of(by_pipe.begin(), by_pipe.end(), [&](const auto& e) {
          return e.second == by_pipe.begin()->second;
        });
    if (uniform)
      ff["every_pipe"] = by_pipe.begin()->second;
    else
      ff["by_pipe"] = by_pipe;
  }
  j["eos"] = EquationOfStateName(opt.eos);
  j["height_term"] = opt.height_term;
  j["gravity_m_per_s2"] = opt.gravity_m_per_s2;
  j["ratio_forward_only"] = opt.compressor_forward_only;
  j["temperature_K"] = GivenNum(sum.temperature_K);
  j["norm_density_kg_per_m3"] = GivenNum(sum.norm_density_kg_per_m3);
  const GasModel& g = opt.gas;
  j["gas"] = {{"molar_mass_kg_per_kmol", GivenNum(g.molar_mass_kg_per_mol * 1e3)},
              {"pseudocritical_pressure_bar",
               GivenNum(g.pseudocritical_pressure_Pa / units::kBar)},
              {"pseudocritical_temperature_K", GivenNum(g.pseudocritical_temperature_K)},
              {"norm_density_kg_per_m3", GivenNum(g.norm_density_kg_per_m3)},
              {"calorific_value_MJ_per_m3", GivenNum(g.calorific_value_J_per_m3 / 1e6)},
              {"dynamic_viscosity_Pa_s", GivenNum(g.dynamic_viscosity_Pa_s)},
              {"isentropic_exponent", GivenNum(g.isentropic_exponent)},
              {"linear_z_offset", GivenNum(g.linear_z_offset)},
              {"linear_z_slope_per_bar", GivenNum(g.linear_z_slope_per_Pa * units::kBar)},
              {"given", given_keys}};
  if (opt.eos == EquationOfState::kCnga) {  // rho a^2 = b1 p + b2 p^2, b2 as --cnga takes it
    j["gas"]["cnga_b1"] = GivenNum(g.cnga_b1);
    j["gas"]["cnga_b2_per_bar"] = GivenNum(g.cnga_b2_per_Pa * units::kBar);
  }
  if (opt.pipe_model == PipeModel::kPandapipes)  // the norm density inside its law
    j["gas"]["pipe_law_norm_density_kg_per_m3"] =
        GivenNum(g.pipe_law_norm_density_kg_per_m3 > 0.0 ? g.pipe_law_norm_density_kg_per_m3
                                                         : g.norm_density_kg_per_m3);
  j["unknowns"] = sum.unknowns;
  j["factored_unknowns"] = sum.factored_unknowns;
  j["tree_groups"] = sum.tree_groups;
  j["notes"] = sum.notes;
  j["compressor_power_MW"] = sum.compressor_power_W / 1e6;
  j["estimated_compressor_power_MW"] = sum.estimated_power_W / 1e6;  // no machine data
  j["fuel_gas_kg_per_s"] = sum.fuel_kg_per_s;
  j["fuel_gas_share"] = sum.fuel_share;
  j["limited_elements"] = sum.limited_elements;
  auto& unheld = j["unheld_limits"] = nlohmann::ordered_json::array();
  for (const UnheldLimit& u : sum.unheld_limits) {
    nlohmann::ordered_json e = {{"id", u.arc_id}, {"limit", ElementHoldName(u.limit)}};
    e["machine_limit"] = u.limit == ElementHold::kMachine
                             ? nlohmann::ordered_json(StationLimitName(u.machine_limit))
                             : nlohmann::ordered_json(nullptr);
    e["text"] = u.what;
    unheld.push_back(std::move(e));
  }
  j["control_rounds"] = sum.control_rounds;
  j["active_elements"] = ElementsJson(sol, sum);
  j["decisions"] = decisions;
  nlohmann::ordered_json tr = nlohmann::ordered_json::array();
  for (const IterationRecord& r : sum.trace)
    tr.push_back({{"iteration", r.iteration},
                  {"max_mass_imbalance_kg_s", r.max_mass_imbalance_kg_per_s},
                  {"max_element_residual_Pa", r.max_pressure_residual_Pa},
                  {"step", r.step_length}});
  j["trace"] = tr;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace steady_outputs

static Status WriteSteadyOutputsUnguarded(const GasCase& c, const SteadyOptions& options,
                                          const SteadySolution& solution,
                                          const SteadySummary& summary, const std::string& dir,
                                          bool timings) {
  using namespace steady_outputs;
  if (dir.empty()) return Status::InvalidArgument("WriteSteadyOutputs: dir must not be empty");
  if (summary.verdict == Verdict::kConverged &&
      (solution.pressure_Pa.size() != c.network.nodes.size() ||
       solution.mass_flow_kg_per_s.size() != c.network.arcs.size()))
    return Status::InvalidArgument(fmt::format(
        "WriteSteadyOutputs: the solution has {} pressures and {} flows, the network {} nodes "
        "and {} arcs: not the network it was solved on; nothing written",
        solution.pressure_Pa.size(), solution.mass_flow_kg_per_s.size(),
        c.network.nodes.size(), c.network.arcs.size()));
  std::vector<FileContent> files;
  if (summary.verdict == Verdict::kConverged) {
    const std::vector<Column> nodes =
        NodeResults(c, solution, summary.bound_violations, summary.norm_density_kg_per_m3);
    const std::vector<Column> arcs =
        ArcResults(c, solution, summary.norm_density_kg_per_m3, options.friction,
                   options.settings, nullptr, {}, summary.unheld_limits);
    std::string note;
    files.push_back({dir + "/nodes.csv", NodesCsv(c, nodes)});
    files.push_back({dir + "/arcs.csv", ArcsCsv(c, arcs)});
    files.push_back({dir + "/network.geojson", ResultsGeoJson(c, nodes, arcs, &note)});
  }
  // The gas section gives the gas solved with: the sources' mixture where the options take
  // it from them (CaseGas, as `corridor simulate` solves), not GasModel's defaults.
  SteadyOptions solved = options;
  if (options.gas.from_sources && c.nomination)
    if (Status g = CaseGas(c, options, &solved.gas); !g.ok()) return g;
  files.push_back({dir + "/summary.json",
                   SummaryJson(summary, solution, solved, {}, timings, nullptr)});
  return WriteFilesIntoFolders({dir}, files);
}

Status WriteSteadyOutputs(const GasCase& c, const SteadyOptions& options,
                          const SteadySolution& solution, const SteadySummary& summary,
                          const std::string& dir, bool timings) {
  return internal::GuardedCall("WriteSteadyOutputs", [&] {
    return WriteSteadyOutputsUnguarded(c, options, solution, summary, dir, timings);
  });
}

}  // namespace corridor
