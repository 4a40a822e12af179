// Scenario runs of the corridor case: operating policy around the steady solver, post-hoc
// station checks, headroom bisection (docs/corridor-report.md).
//
// The policy runs the steady solver at fixed set-points (SteadyOptions::element_limits and
// fuel_gas off: its figures were checked by hand that way). Each evaluation therefore (1)
// decides which stations compress from the sign of the nominated flow across them (the
// network is a tree plus parallel pipes, so cutting a station arc splits it in two and the
// nominations on the suction side give the flow), (2) gives every pressure zone exactly one
// reference, (3) moves each reference to the level its zone's bounds ask for, re-solving a
// few times (pressure shifts are not 1:1 with the squared-pressure law), and (4) checks
// bounds, station flows and shaft power afterwards.
#include "corridor/scenario.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/tracking.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "core/problems.h"
#include "core/file_internal.h"
#include "core/options_path.h"
#include "core/suggest.h"
#include "io/as_read.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/text.h"
#include "io/xml_util.h"
#include "physics/gas_physics.h"
#include "physics/station_model.h"
#include "scenario/scenario_internal.h"
#include "steady/steady_internal.h"
#include "tracking/nomination_density.h"
#include "core/guarded_call.h"

namespace corridor {

namespace si = scenario_internal;

namespace scenario_internal {
std::string ShortName(const std::string& long_name, const std::string& id) {
  if (long_name.empty()) return id;
  const auto colon = long_name.find(':');
  std::string s = long_name.substr(0, colon);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s.empty() ? id : s;
}

int DecimalsPast(double value, char op, double bound, bool bound_rounded, int min, int max) {
  int d = min;
  // (Rounded as "{:.Nf}" prints it, to within the last place: no text read back, which a
  // program's locale could misread.)
  for (; d < max; ++d) {
    const double scale = std::pow(10.0, d);
    const double a = std::round(value * scale);
    const double b = bound_rounded ? std::round(bound * scale) : bound * scale;
    if (op == '<' ? a < b : a > b) break;
  }
  return d;
}

std::string PastBound(const std::string& id, double p_bar, char op, double bound_bar) {
  const int d = DecimalsPast(p_bar, op, bound_bar, true, 2, 6);
  return fmt::format("{} {:.{}f} bar {} {:.{}f} bar", id, p_bar, d, op, bound_bar, d);
}
}  // namespace scenario_internal

// The most transits one headroom search's gap scan may try (ScenarioOptions::Validate).
constexpr int kMaxGapScanPoints = 10000;
// The most transit a scenario or a search may name, bcm/y: some 2.5 times the world's gas
// production of about 4 000 bcm/y (a scenario's 1e300 reached the headroom grid, whose
// index overflowed, helper-292).
constexpr double kMaxTransit_bcm_per_year = 10000.0;

Status ScenarioOptions::Validate() const {
  // Every problem, in one Status.
  internal::Problems problems("ScenarioOptions", &Status::InvalidArgument);
  if (data_dir.empty()) problems.Add("ScenarioOptions.data_dir is empty");
  if (!steady.slacks.empty() || !steady.settings.empty())
    problems.Add(
        "ScenarioOptions.steady: slacks and settings must be empty (the operating policy "
        "sets them)");
  // The searched transit within what a network carries (the world's gas trade is about
  // 1 300 bcm/y), and a bisection width above the doubles' spacing there (1e-16 never
  // ended: the width stopped shrinking).
  if (!(headroom_max_bcm_per_year > 0.0 && headroom_max_bcm_per_year <= kMaxTransit_bcm_per_year))
    problems.Add(
        fmt::format("ScenarioOptions.headroom_max_bcm_per_year = {} must be > 0 and <= {:g}",
                    headroom_max_bcm_per_year, kMaxTransit_bcm_per_year));
  if (!(headroom_precision_bcm_per_year >= 1e-6 &&
        headroom_precision_bcm_per_year <= headroom_max_bcm_per_year))
    problems.Add(fmt::format(
        "ScenarioOptions.headroom_precision_bcm_per_year = {} must be >= 1e-6 and at most "
        "headroom_max_bcm_per_year",
        headroom_precision_bcm_per_year));
  if (!(headroom_gap_scan_bcm_per_year >= 0.0 &&
        headroom_gap_scan_bcm_per_year <= headroom_max_bcm_per_year))
    problems.Add(fmt::format(
        "ScenarioOptions.headroom_gap_scan_bcm_per_year = {} must be >= 0 (0: no scan) and at "
        "most headroom_max_bcm_per_year",
        headroom_gap_scan_bcm_per_year));
  // At most 10 000 transits scanned per search (a step of 1e-3 bcm/y took 79 s for one
  // scenario, 1e-6 would take about a day). The scan takes the precision where it is finer.
  else if (headroom_gap_scan_bcm_per_year > 0.0 &&
           headroom_max_bcm_per_year / std::max(headroom_gap_scan_bcm_per_year,
                                                headroom_precision_bcm_per_year) >
               kMaxGapScanPoints)
    problems.Add(fmt::format(
        "ScenarioOptions.headroom_gap_scan_bcm_per_year = {} would try up to {:.0f} transits "
        "below headroom_max_bcm_per_year = {}: at most {} (a step of at least {:g}, or 0: no "
        "scan)",
        headroom_gap_scan_bcm_per_year,
        headroom_max_bcm_per_year / std::max(headroom_gap_scan_bcm_per_year,
                                             headroom_precision_bcm_per_year),
        headroom_max_bcm_per_year, kMaxGapScanPoints,
        headroom_max_bcm_per_year / kMaxGapScanPoints));
  // Each scenario once (one named twice ran twice, its outputs colliding).
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (scenarios[k] == scenarios[i]) {
        problems.Add(fmt::format("ScenarioOptions.scenarios names '{}' twice", scenarios[i]));
        break;
      }
  for (std::size_t i = 0; i < sensitivity_scenarios.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (sensitivity_scenarios[k] == sensitivity_scenarios[i]) {
        problems.Add(fmt::format("ScenarioOptions.sensitivity_scenarios names '{}' twice",
                                 sensitivity_scenarios[i]));
        break;
      }
  // Finite as well: an infinite kappa or ambient temperature made the head or the drive's
  // power NaN, which switched the power check off.
  // The ranges SteadyOptions keeps the same quantities to (a kappa of 1e300, an efficiency
  // of 1e-300 or an ambient 1e-300 K passed here).
  if (!(kappa > 1.0 && kappa <= 3.0))
    problems.Add(
        fmt::format("ScenarioOptions.kappa = {} must be finite and lie in (1, 3]", kappa));
  if (!(default_efficiency >= 0.01 && default_efficiency <= 1.0))
    problems.Add(fmt::format("ScenarioOptions.default_efficiency = {} must lie in [0.01, 1]",
                             default_efficiency));
  if (!plausible::InRange(ambient_temperature_K, plausible::kMinTemperature_K,
                          plausible::kMaxTemperature_K))
    problems.Add(fmt::format(
        "ScenarioOptions.ambient_temperature_K = {} must be finite and lie in [{}, {}]",
        ambient_temperature_K, plausible::kMinTemperature_K, plausible::kMaxTemperature_K));
  if (!(pressure_tolerance_Pa >= 0.0 && std::isfinite(pressure_tolerance_Pa)) ||
      !(limit_tolerance >= 0.0 && std::isfinite(limit_tolerance)))
    problems.Add(fmt::format(
        "ScenarioOptions: pressure_tolerance_Pa = {} and limit_tolerance = {} must be finite "
        "and >= 0",
        pressure_tolerance_Pa, limit_tolerance));
  // The nested solver options too: a negative thread count or tolerance passed here and was
  // refused only by the run. Named by their path from here (SteadyOptions.threads ->
  // ScenarioOptions.steady.threads).
  problems.Add(NestedOptionsStatus(steady.Validate(), "SteadyOptions", "ScenarioOptions.steady"));
  return problems.ToStatus();
}

namespace {

using Json = nlohmann::ordered_json;

/// What annotations.json adds beyond the origin groups (read by ReadOriginGroups).
struct CaseAnnotations {
  struct Scn {
    std::string name, file, description;
    double transit_bcm20 = 0.0;
    int file_line = 0;  // of its "file" member (or of the entry, when the name is implied)
    int transit_line = 0;  // of its "russian_transit_bcm_y_20C" (or of the entry)
    int swap_input_line = 0;  // of its "swap_turkmen_input_1000m3_per_h" (or of the entry)
    // Its "flows_1000m3_per_h" (node, flow at 0 degC), the .scn's as the generator wrote
    // them: checked against the file, which the run uses.
    std::vector<std::pair<std::string, double>> flows;
    int flows_line = 0;
  };
  std::vector<Scn> scenarios;
  int scenarios_line = 0;  // of the "scenarios" section (of the document when absent)
  int compressor_stations_line = 0;  // of the "compressor_stations" section, likewise
  bool compressor_stations_given = false;  // an object (its absence or type said already)
  std::unordered_map<std::string, std::string> node_name, node_country;
  std::unordered_map<std::string, int> node_line;  // of each entry of "nodes"
  int nodes_line = 0;  // of the "nodes" section (of the document when absent)
  // Nodes whose entry was refused (not an object, or a "country" not a string), and whether
  // "nodes" itself was (not an object): not said again as missing their country.
  std::unordered_set<std::string> nodes_refused;
  bool nodes_refused_whole = false;
  // The border points that give "from_country" or "to_country" (the others take their
  // countries from "positive_arc_flow", which a wrong code is then said against).
  std::unordered_set<std::string> points_with_country_keys;
  int border_points_line = 0;  // of the "border_points" section, likewise
  int swap_input_line = 0;  // of "swap"'s "input_1000m3_per_h" (the file-wide swap input)
  // The codes of "countries" (empty where the section is not given: codes unchecked).
  std::vector<std::string> countries;
  std::unordered_map<std::string, int> units_running;
  std::unordered_map<std::string, int> units_running_line;
  std::unordered_set<std::string> contract_min_nodes;
  // The contract limits as read, each against its node's bound in the network (the run
  // applies the node's pressureMin/pressureMax, not these values).
  struct ContractLimit {
    std::string node;
    bool min = true;  // min_delivery_pressure (pressureMin), else max (pressureMax)
    double value_Pa = 0.0;
    int line = 0;
    std::size_t index = 0;
  };
  std::vector<ContractLimit> contract_limits;
  // The published capacities (arcs.*.capacity): the arc, its pipeline ("system"), the figure
  // in normal m3/s and as published.
  struct Capacity {
    std::string arc, system;
    CapacityUse figure;  // (flow_m3_per_s and arc_id filled per state)
  };
  std::vector<Capacity> capacities;
  // Other published values of a pipe's parameter (arcs.*.alternatives), for the
  // sensitivities of the headroom: in SI (m), with the arc's name and the entry's line.
  struct Alternative {
    std::string arc, name, parameter, provenance;
    double value_m = 0.0;
    int line = 0;
    /// The pipe's parameter that the alternative replaces.
    static double& Of(PipeData& pipe, const std::string& parameter) {
      return parameter == "diameter"    ? pipe.diameter_m
             : parameter == "roughness" ? pipe.roughness_m
                                        : pipe.length_m;
    }
    /// Whether it is the pipe's own value (to 1e-9, the mm and km read back): it varies
    /// nothing, and is not run.
    bool SameAs(PipeData pipe) const {
      const double v = Of(pipe, parameter);
      return std::abs(value_m - v) <= 1e-9 * std::abs(v);
    }
  };
  std::vector<Alternative> alternatives;
  // What the case says of the network every scenario runs (scenario_common.
  // network_in_service: an element modelled in service that is not yet); empty: nothing.
  std::string network_in_service;
  // The origins whose gas composition the case estimates (gas_origins.*.composition_provenance
  // says "estimate"): the swap's energy balance rests on them.
  std::vector<std::string> estimated_gas_origins;
  // The provenance of a node's or arc's bound ("id/flowMax") where the case estimates it
  // (the text says "estimate"): a headroom it ends rests on that estimate.
  std::unordered_map<std::string, std::string> estimated;
  // "ID FIELD: provenance" where that bound is estimated, else empty (BindingElement).
  std::string Estimate(const std::string& id, const char* field) const {
    const auto e = estimated.find(id + "/" + field);
    return e == estimated.end() ? std::string() : fmt::format("{} {}: {}", id, field, e->second);
  }
};

// annotations.json: what the scenarios add beyond the network (docs/corridor-case.md). Every
// problem is reported with its line and element; a member of the wrong type is reported and
// the rest read on, so that one pass lists them all.
Status ReadAnnotations(const std::string& path, CaseAnnotations* out, Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadAnnotations", path, &text, out, diag); !s.ok())
    return s;
  if (io::StartsUtf16(text)) {  // (it read "malformed JSON"; the groups reader said this)
    diag->Error(path, 1, "", "bad-utf8", io::WideRefusal(text));
    return Status::ParseError(path + ": not UTF-8");
  }
  // (Blanks after a byte order mark too: it read "malformed JSON".)
  if (std::string_view(text).substr(text.starts_with("\xEF\xBB\xBF") ? 3 : 0)
          .find_first_not_of(" \t\r\n") == std::string_view::npos) {
    diag->Error(path, 1, "", "empty-file", "the annotations file is empty");
    return Status::ParseError(path + ": empty file");
  }
  Json j;
  // A number beyond a double's range (4e400) read "malformed JSON: number overflow", the
  // only finding. Each is said as the other readers say it, and the read goes on past them,
  // each written as null of its length (lines kept), which no member below takes.
  const std::string* doc = nullptr;
  std::string patched;
  std::vector<io::NumberFault> faults;
  const auto parser = io::ParsePastNumbersOutOfRange(text, &j, &patched, &faults, &doc);
  // Each at its line, and where the read went on, with the JSON pointer of its value, as
  // the other readers say it.
  const auto say_faults = [&](const io::JsonLocator* where) {
    std::vector<std::string> at(faults.size());
    if (where != nullptr)
      for (const auto& [pointer, k] : io::FaultPointers(j, *where, faults)) at[k] = pointer;
    for (std::size_t k = 0; k < faults.size(); ++k)
      diag->Error(path, io::LineOfOffset(text, faults[k].offset), "", "not-finite",
                  at[k].empty() ? faults[k].message
                                : fmt::format("{} (at {})", faults[k].message, at[k]));
  };
  io::PositionedDomParser<Json>& sax = *parser;
  if (doc == &text && !faults.empty()) {
    say_faults(nullptr);
    return Status::ParseError(path + ": not valid JSON");
  }
  if (sax.failed) {
    say_faults(nullptr);
    diag->Error(path, io::LineOfOffset(*doc, sax.ErrorOffsetIn(*doc)), "", "json-syntax",
                fmt::format("malformed JSON: {}", sax.error_message));
    return Status::ParseError(path + ": not valid JSON");
  }
  if (!j.is_object()) {
    say_faults(nullptr);
    if (!j.is_null() || faults.empty())  // (a document that is such a number: said)
      diag->Error(path, 1, "", "wrong-type", "the annotations file must be a JSON object");
    return Status::ParseError(path + ": not a JSON object");
  }
  const io::JsonLocator where(*doc);
  // Another of corridor's files is said as such, with what reads it, and nothing more of it
  // is read (a hydro case gave a missing key for each section), as its other readers do.
  if (const auto f = j.find("format"); f != j.end() && f->is_string())
    if (std::string other = io::OtherCorridorFile(f->get_ref<const std::string&>(),
                                                  "corridor-annotations");
        !other.empty()) {
      diag->Error(path, where.Line("/format"), "", "wrong-file-kind", other);
      return Status::ParseError(path + ": not the corridor case's annotations");
    }
  say_faults(&where);
  const std::size_t errors_before = diag->error_count() - faults.size();
  sax.ReportDuplicateKeys(path, where, diag);
  std::unordered_set<std::string> faulted;  // the pointers of those numbers' nulls
  for (const auto& fp : io::FaultPointers(j, where, faults)) faulted.insert(fp.first);
  auto bad_type = [&](const std::string& ptr, const std::string& element, const std::string& key,
                      const char* want, const Json& got) {
    if (got.is_null() && faulted.count(ptr) > 0) return;  // said above
    diag->Error(path, where.Line(ptr), element, "wrong-type",
                fmt::format("\"{}\" must be {}, got {}", key, want, io::GotValue(got)));
  };
  // Member `key` of `o` (at pointer `ptr`) when present and of the wanted kind.
  auto member = [&](const Json& o, const std::string& ptr, const std::string& element,
                    const char* key, bool (Json::*is)() const noexcept,
                    const char* want) -> const Json* {
    auto it = o.find(key);
    if (it == o.end()) return nullptr;
    if (!((*it).*is)()) {
      bad_type(ptr + "/" + key, element, key, want, *it);
      return nullptr;
    }
    return &*it;
  };
  // A section: an object of objects, each handed to `read` with its key, pointer and value.
  auto section = [&](const char* key, auto read) {
    const Json* sec = member(j, "", "", key, &Json::is_object, "an object");
    if (sec == nullptr) return;
    for (auto it = sec->begin(); it != sec->end(); ++it) {
      const std::string ptr = std::string("/") + key + "/" + io::PointerToken(it.key());
      if (!it.value().is_object()) {
        bad_type(ptr, "", it.key(), "an object", it.value());
        continue;
      }
      read(it.key(), ptr, it.value());
    }
  };
  // Keys an entry of this file's own sections does not have (a misspelt
  // "max_unit_running" counted the station one unit, unsaid): warnings, at their lines.
  auto unknown_keys = [&](const Json& o, const std::string& ptr, const std::string& element,
                          std::initializer_list<std::string_view> known) {
    for (auto it = o.begin(); it != o.end(); ++it)
      if (std::find(known.begin(), known.end(), it.key()) == known.end())
        diag->Warning(path, where.Line(io::PointerAppend(ptr, it.key())), element,
                      "unknown-key", fmt::format("unknown key \"{}\" (not read)", it.key()));
  };
  auto string_or = [&](const Json& o, const std::string& ptr, const std::string& element,
                       const char* key, std::string fallback) {
    const Json* v = member(o, ptr, element, key, &Json::is_string, "a string");
    return v != nullptr ? v->get<std::string>() : fallback;
  };
  section("scenarios", [&](const std::string& name, const std::string& ptr, const Json& v) {
    // (One named "" ran, and printed "Scenario  : ...".)
    if (name.empty())
      diag->Error(path, where.Line(ptr), "scenario ''", "empty-id",
                  "a scenario's name is empty: the runs and the report name it");
    CaseAnnotations::Scn sc;
    sc.name = name;
    const std::string el = "scenario '" + name + "'";
    sc.file = string_or(v, ptr, el, "file", "scenarios/" + name + ".scn");
    sc.file_line = where.Line(ptr + "/file");
    sc.transit_line = where.Line(ptr + "/russian_transit_bcm_y_20C");
    sc.swap_input_line = where.Line(ptr + "/swap_turkmen_input_1000m3_per_h");
    sc.description = string_or(v, ptr, el, "description", "");
    if (const Json* t = member(v, ptr, el, "russian_transit_bcm_y_20C", &Json::is_number,
                               "a number")) {
      sc.transit_bcm20 = t->get<double>();
      if (!(sc.transit_bcm20 >= 0.0 && sc.transit_bcm20 <= kMaxTransit_bcm_per_year))
        diag->Error(path, where.Line(ptr + "/russian_transit_bcm_y_20C"), el, "out-of-range",
                    fmt::format("russian_transit_bcm_y_20C must be >= 0 and at most {:g} "
                                "(some 2.5 times the world's gas production), got {}",
                                kMaxTransit_bcm_per_year, sc.transit_bcm20));
    }
    if (const Json* f = member(v, ptr, el, "flows_1000m3_per_h", &Json::is_object,
                               "an object")) {
      sc.flows_line = where.Line(ptr + "/flows_1000m3_per_h");
      for (auto it = f->begin(); it != f->end(); ++it) {
        if (it.value().is_number())
          sc.flows.emplace_back(it.key(), it.value().get<double>());
        else
          bad_type(ptr + "/flows_1000m3_per_h/" + io::PointerToken(it.key()), el, it.key(),
                   "a number", it.value());
      }
    }
    out->scenarios.push_back(sc);
  });
  // The provenance of the bounds a headroom can end at.
  auto provenance = [&](const std::string& id, const std::string& ptr, const std::string& el,
                        const Json& v) {
    const Json* p = member(v, ptr, el, "provenance", &Json::is_object, "an object");
    if (p == nullptr) return;
    for (const char* key :
         {"pressureMin", "pressureMax", "flowMin", "flowMax", "pressureInMin", "pressureOutMax"}) {
      const std::string said = string_or(*p, ptr + "/provenance", el, key, "");
      if (said.find("estimate") != std::string::npos) out->estimated[id + "/" + key] = said;
    }
  };
  // The country codes, against which each node's country is checked (a node put in "Ir"
  // or in no country left the pressures at the Iranian exits without a word).
  if (const Json* cs = member(j, "", "", "countries", &Json::is_object, "an object"))
    for (auto it = cs->begin(); it != cs->end(); ++it) out->countries.push_back(it.key());
  out->nodes_line = where.Line("/nodes");
  out->border_points_line = where.Line("/border_points");
  out->swap_input_line = where.Line("/swap/input_1000m3_per_h");
  if (const auto ns = j.find("nodes"); ns != j.end()) {
    out->nodes_refused_whole = !ns->is_object();
    if (ns->is_object())
      for (auto it = ns->begin(); it != ns->end(); ++it)
        if (const auto c = it->find("country");
            !it->is_object() || (c != it->end() && !c->is_string()))
          out->nodes_refused.insert(it.key());
  }
  for (const char* key : {"border_points", "points"})
    if (const auto bp = j.find(key); bp != j.end() && bp->is_array())
      for (const Json& p : *bp)
        if (const auto id = p.find("id");
            p.is_object() && id != p.end() && id->is_string() &&
            (p.contains("from_country") || p.contains("to_country")))
          out->points_with_country_keys.insert(id->get<std::string>());
  section("nodes", [&](const std::string& id, const std::string& ptr, const Json& v) {
    const std::string el = "node '" + id + "'";
    out->node_name[id] = string_or(v, ptr, el, "name", "");
    out->node_line[id] = where.Line(ptr);
    const std::string country = string_or(v, ptr, el, "country", "");
    out->node_country[id] = country;
    // A code of "countries", or two joined by '/' for a node on a border ("RU/AZ").
    if (!out->countries.empty() && !country.empty()) {
      std::vector<std::string> bad;
      std::size_t parts = 0;
      for (std::size_t at = 0;; ++parts) {
        const std::size_t slash = country.find('/', at);
        const std::string code = country.substr(at, slash == std::string::npos ? slash
                                                                                : slash - at);
        if (std::find(out->countries.begin(), out->countries.end(), code) ==
            out->countries.end())
          bad.push_back("'" + io::Shown(code) + "'");
        if (slash == std::string::npos) break;
        at = slash + 1;
      }
      if (!bad.empty() || parts > 1)
        diag->Error(path, where.Line(ptr + "/country"), el, "unknown-country",
                    fmt::format("country \"{}\" {}: \"country\" is a code of \"countries\" "
                                "({}), or two joined by '/' for a node on a border",
                                io::Shown(country),
                                bad.empty() ? "joins more than two codes"
                                            : fmt::format("names {}, not a code of "
                                                          "\"countries\"",
                                                          fmt::join(bad, " and ")),
                                fmt::join(out->countries, ", ")));
    }
    provenance(id, ptr, el, v);
  });
  if (const Json* go = member(j, "", "", "gas_origins", &Json::is_object, "an object"))
    for (auto it = go->begin(); it != go->end(); ++it)
      if (const auto p = it.value().find("composition_provenance");
          it.value().is_object() && p != it.value().end() && p->is_string() &&
          p->get<std::string>().find("estimate") != std::string::npos)
        out->estimated_gas_origins.push_back(it.key());
  // The conditions a capacity is published at: a key of "reference_conditions" with its
  // factor to GasLib's normal conditions ("cis20" and "cis20_to_gaslib_factor"), or "gaslib".
  const Json* conditions = member(j, "", "", "reference_conditions", &Json::is_object,
                                  "an object");
  section("arcs", [&](const std::string& id, const std::string& ptr, const Json& v) {
    const std::string el = "arc '" + id + "'";
    provenance(id, ptr, el, v);
    // Published alternatives of a pipe's parameter: the diameter or the roughness in mm, the
    // length in km, each within the readers' plausible range (checked against the network,
    // a pipe of it, once that is read).
    if (const Json* alts = member(v, ptr, el, "alternatives", &Json::is_array, "an array"))
      for (std::size_t k = 0; k < alts->size(); ++k) {
        const Json& a = (*alts)[k];
        const std::string ap = fmt::format("{}/alternatives/{}", ptr, k);
        const std::string ael = fmt::format("{} alternatives[{}]", el, k);
        if (!a.is_object()) {
          bad_type(ap, el, fmt::format("alternatives[{}]", k).c_str(), "an object", a);
          continue;
        }
        unknown_keys(a, ap, ael, {"parameter", "value_mm", "value_km", "provenance"});
        const std::size_t errors = diag->error_count();
        CaseAnnotations::Alternative alt;
        alt.arc = id;
        alt.name = string_or(v, ptr, el, "name", id);
        alt.parameter = string_or(a, ap, ael, "parameter", "");
        alt.provenance = string_or(a, ap, ael, "provenance", "");
        alt.line = where.Line(ap);
        struct Kind {
          const char* parameter;
          const char* key;
          double to_m, min_m, max_m;
        };
        static constexpr Kind kinds[] = {
            {"diameter", "value_mm", 1e-3, plausible::kMinDiameter_m, plausible::kMaxDiameter_m},
            {"roughness", "value_mm", 1e-3, plausible::kMinPositiveRoughness_m,
             plausible::kMaxRoughness_m},
            {"length", "value_km", 1e3, plausible::kMinLength_m, plausible::kMaxLength_m}};
        const Kind* kind = nullptr;
        for (const Kind& x : kinds)
          if (alt.parameter == x.parameter) kind = &x;
        if (kind == nullptr) {
          if (a.find("parameter") == a.end())
            diag->Error(path, alt.line, ael, "missing-key", "the alternative has no \"parameter\"");
          else if (a["parameter"].is_string())
            diag->Error(path, where.Line(ap + "/parameter"), ael, "unknown-parameter",
                        fmt::format("parameter \"{}\" is not one corridor varies (diameter, "
                                    "roughness, length)",
                                    io::Shown(alt.parameter)));
          continue;
        }
        if (const Json* x = member(a, ap, ael, kind->key, &Json::is_number, "a number")) {
          alt.value_m = x->get<double>() * kind->to_m;
          // (A roughness of 0, a smooth pipe, is refused too: the rough-pipe friction laws
          // refuse one, and its failing solve would end the whole run.)
          if (!plausible::InRange(alt.value_m, kind->min_m, kind->max_m))
            diag->Error(path, where.Line(ap + "/" + kind->key), ael, "implausible-value",
                        fmt::format("{} {} must lie in [{:g}, {:g}], got {}", kind->parameter,
                                    kind->key, kind->min_m / kind->to_m,
                                    kind->max_m / kind->to_m, io::GotNumber(*x)));
        } else if (a.find(kind->key) == a.end()) {
          diag->Error(path, alt.line, ael, "missing-key",
                      fmt::format("an alternative {} is given as \"{}\", which is missing",
                                  kind->parameter, kind->key));
        }
        if (diag->error_count() == errors) out->alternatives.push_back(std::move(alt));
      }
    const Json* cap = member(v, ptr, el, "capacity", &Json::is_object, "an object");
    if (cap == nullptr) return;
    const std::string cp = ptr + "/capacity";
    const std::size_t errors = diag->error_count();
    CaseAnnotations::Capacity c;
    c.arc = id;
    c.system = string_or(v, ptr, el, "system", id);
    c.figure.system = c.system;
    double value = 0.0;
    if (const Json* x = member(*cap, cp, el, "value", &Json::is_number, "a number")) {
      value = x->get<double>();
      if (!(value > 0.0 && std::isfinite(value)))
        diag->Error(path, where.Line(cp + "/value"), el, "out-of-range",
                    fmt::format("a capacity must be > 0, got {}", io::GotNumber(*x)));
    } else if (cap->find("value") == cap->end()) {
      diag->Error(path, where.Line(cp), el, "missing-key", "the capacity has no \"value\"");
    }
    c.figure.unit = string_or(*cap, cp, el, "unit", "");
    double per_unit = 0.0;  // m3/s of one unit, at the figure's conditions
    if (c.figure.unit == "bcm/y")
      per_unit = units::kBcmPerYear;
    else if (c.figure.unit == "mcm/d")
      per_unit = units::kMcmPerDay;
    else if (cap->find("unit") == cap->end())
      diag->Error(path, where.Line(cp), el, "missing-key", "the capacity has no \"unit\"");
    else
      diag->Error(path, where.Line(cp + "/unit"), el, "unknown-unit",
                  fmt::format("capacity unit \"{}\" is not one corridor reads (bcm/y, mcm/d)",
                              io::Shown(c.figure.unit)));
    const std::string key = string_or(*cap, cp, el, "conditions", "");
    double factor = key == "gaslib" ? 1.0 : 0.0;
    if (conditions != nullptr && key != "gaslib")
      if (const auto f = conditions->find(key + "_to_gaslib_factor");
          f != conditions->end() && f->is_number() && f->get<double>() > 0.0)
        factor = f->get<double>();
    // (A factor out of a double's range is said once, not again per capacity.)
    const bool factor_faulted = faulted.count("/reference_conditions/" +
                                              io::PointerToken(key + "_to_gaslib_factor")) > 0;
    if (!(factor > 0.0) && !factor_faulted)
      diag->Error(path, where.Line(cp + "/conditions"), el, "unknown-conditions",
                  fmt::format("capacity conditions \"{}\" are not \"gaslib\" or a key of "
                              "\"reference_conditions\" with its \"_to_gaslib_factor\"",
                              io::Shown(key)));
    if (diag->error_count() > errors || factor_faulted) return;
    // The factor is the volume at 0 degC of one at the conditions: the temperature they
    // name, from it (273.15 K / factor).
    c.figure.conditions = key == "gaslib"
                              ? "0 degC"
                              : fmt::format("{:.0f} degC", units::kZeroCelsius / factor -
                                                               units::kZeroCelsius);
    c.figure.unit_m3_per_s = per_unit * factor;
    c.figure.capacity_m3_per_s = value * c.figure.unit_m3_per_s;
    c.figure.provenance = string_or(*cap, cp, el, "provenance", "");
    // (A capacity resting on an estimate, its temperature basis: an estimated bound too.)
    if (c.figure.provenance.find("estimate") != std::string::npos)
      out->estimated[id + "/capacity"] = c.figure.provenance;
    out->capacities.push_back(std::move(c));
  });
  section("compressor_stations", [&](const std::string& id, const std::string& ptr,
                                     const Json& v) {
    const std::string el = "compressor station '" + id + "'";
    unknown_keys(v, ptr, el,
                 {"max_units_running", "units", "base_unit", "scaling_rule", "scale_factors",
                  "rated_power_kW_at_15C_speedMax", "sizing", "sizing_provenance",
                  "units_provenance"});
    // A station without its count would run one unit, unsaid (the section missing is an
    // error for the same reason).
    if (v.find("max_units_running") == v.end())
      diag->Error(path, where.Line(ptr), el, "missing-key",
                  "\"max_units_running\" is missing: without it the station would count one "
                  "unit");
    // 0: a count refused here (said once: not judged again against the machines).
    int units = 1;
    if (const Json* u = member(v, ptr, el, "max_units_running", &Json::is_number_integer,
                               "an integer")) {
      // As a double first: get<int> would wrap an integer beyond int's range.
      const double n = u->get<double>();
      units = 0;
      if (n >= 1.0 && n <= 1000.0)
        units = static_cast<int>(n);
      else
        diag->Error(path, where.Line(ptr + "/max_units_running"), el, "out-of-range",
                    fmt::format("max_units_running must be at {}, got {}",
                                n < 1.0 ? "least 1" : "most 1000", io::GotNumber(*u)));
    }
    out->units_running[id] = units;
    out->units_running_line[id] = where.Line(ptr + "/max_units_running");
  });
  if (const Json* limits = member(j, "", "", "contract_limits", &Json::is_array, "an array")) {
    for (std::size_t k = 0; k < limits->size(); ++k) {
      const Json& c = (*limits)[k];
      const std::string ptr = fmt::format("/contract_limits/{}", k);
      if (!c.is_object()) {
        bad_type(ptr, "", fmt::format("contract_limits[{}]", k), "an object", c);
        continue;
      }
      // Each member the run or a reader of the file relies on (a node "NOPE", a kind
      // "bogus", a value "nan" or -11 and a unit "psi" were read without a word).
      const std::string el = fmt::format("contract_limits[{}]", k);
      unknown_keys(c, ptr, el,
                   {"node", "kind", "value", "unit", "country", "applies_to", "provenance"});
      CaseAnnotations::ContractLimit cl;
      cl.line = where.Line(ptr);
      cl.index = k;
      bool ok = true;
      for (const char* key : {"node", "kind", "value", "unit"})
        if (c.find(key) == c.end()) {
          diag->Error(path, cl.line, el, "missing-key",
                      fmt::format("\"{}\" is missing: a contract limit is {{node, kind, value, "
                                  "unit}} (docs/corridor-case.md, section 8)",
                                  key));
          ok = false;
        }
      cl.node = string_or(c, ptr, el, "node", "");
      const std::string kind = string_or(c, ptr, el, "kind", "");
      cl.min = kind == "min_delivery_pressure";
      if (c.contains("kind") && c["kind"].is_string() && !cl.min &&
          kind != "max_delivery_pressure") {
        diag->Error(path, where.Line(ptr + "/kind"), el, "unknown-kind",
                    fmt::format("\"kind\" must be \"min_delivery_pressure\" or "
                                "\"max_delivery_pressure\", got \"{}\"",
                                kind));
        ok = false;
      }
      const std::string unit = string_or(c, ptr, el, "unit", "bar");
      if (unit != "bar") {
        diag->Error(path, where.Line(ptr + "/unit"), el, "unknown-unit",
                    fmt::format("\"unit\" must be \"bar\" (absolute, as the file's units), "
                                "got \"{}\"",
                                unit));
        ok = false;
      }
      if (const Json* v = member(c, ptr, el, "value", &Json::is_number, "a number")) {
        const double bar = v->get<double>();
        if (!(bar > 0.0 && bar * units::kBar <= plausible::kMaxPressure_Pa)) {
          diag->Error(path, where.Line(ptr + "/value"), el, "out-of-range",
                      fmt::format("\"value\" must be an absolute pressure in (0, {:g}] bar, "
                                  "got {}",
                                  plausible::kMaxPressure_Pa / units::kBar, io::GotNumber(*v)));
          ok = false;
        }
        cl.value_Pa = bar * units::kBar;
      } else {
        ok = false;
      }
      if (!ok || cl.node.empty() || kind.empty()) continue;
      if (cl.min) out->contract_min_nodes.insert(cl.node);
      out->contract_limits.push_back(std::move(cl));
    }
  }
  // The file's kind and version, as the other readers of corridor's JSON files check theirs.
  if (const auto f = j.find("format"); f != j.end() && *f != "corridor-annotations")
    diag->Error(path, where.Line("/format"), "", "format",
                fmt::format("\"format\" must be \"corridor-annotations\", got {}",
                            io::ShownValue(*f)));
  if (const auto v = j.find("version");
      v != j.end() && !(v->is_number_integer() && *v == 1) && faulted.count("/version") == 0)
    diag->Error(path, where.Line("/version"), "", "version",
                fmt::format("\"version\" must be 1, got {}", io::ShownValue(*v)));
  // The network every scenario runs, where the case says more of it (the main report's
  // header says it: a line modelled in service though under construction was said only in
  // a published capacity's provenance in summary.json).
  if (const Json* common =
          member(j, "", "", "scenario_common", &Json::is_object, "an object"))
    out->network_in_service =
        string_or(*common, "/scenario_common", "", "network_in_service", "");
  // The case's files (read by LoadCorridorNetwork): strings when given.
  string_or(j, "", "", "network", "");
  string_or(j, "", "", "compressor_data", "");
  // Keys without which the report cannot be right: without `groups` the border points
  // were not read (the groups reader needs its groups), so the border flows went missing
  // and the transit check was skipped (headroom 3.31 for 5.31, exit 0); without
  // `compressor_stations` every station counted one unit. An error rather than a default.
  for (const auto& [key, why] :
       {std::pair<const char*, const char*>{
            "groups", "the origin groups: the border points, the border flows, the transit "
                      "check and the origin mixes are read with them"},
        {"border_points", "the border flows and the check of each scenario's transit against "
                          "its nomination need them"},
        {"compressor_stations", "each station's max_units_running: without it every station "
                                "would count one unit"}})
    // (`points` is the groups reader's other name for `border_points`.)
    if (j.find(key) == j.end() &&
        !(std::string_view(key) == "border_points" && j.find("points") != j.end()))
      diag->Error(path, 1, "", "missing-key", fmt::format("\"{}\" is missing: {}", key, why));
  out->scenarios_line = where.Line("/scenarios");
  out->compressor_stations_line = where.Line("/compressor_stations");
  const auto cs_it = j.find("compressor_stations");
  out->compressor_stations_given = cs_it != j.end() && cs_it->is_object();
  if (out->scenarios.empty() && diag->error_count() == errors_before)
    diag->Error(path, out->scenarios_line, "", "no-scenarios",
                "annotations.json lists no scenarios");
  if (diag->error_count() > errors_before)
    return Status::InvalidInput(fmt::format("{}: {} problem(s) in the annotations", path,
                                            diag->error_count() - errors_before));
  return Status::Ok();
}

/// The station model's gas (physics::StationGas) for the gas `eos` describes (the gas at a
/// station's suction), with the check's isentropic exponent and the drives' ambient.
physics::StationGas StationGasAt(const physics::EosParams& eos, double kappa,
                                 double ambient_temperature_K) {
  physics::StationGas g;
  g.eos = eos;
  g.isentropic_exponent = kappa;
  g.ambient_temperature_K = ambient_temperature_K;
  return g;
}

/// Gas data for the post-hoc head: nomination-weighted means over the sources.
struct HeadGas {
  double R_s = 500.0, pc = 46e5, Tc = 190.0, T = 288.15;
};

HeadGas MeanGas(const GasCase& c, double temperature_K) {
  double w = 0, M = 0, pc = 0, Tc = 0;
  for (const NodeNomination& nn : c.nomination->nodes) {
    if (!nn.is_entry || nn.flow() <= 0) continue;
    auto i = c.network.FindNode(nn.node_id);
    if (!i || !c.network.nodes[*i].gas) continue;
    const SourceGas& g = *c.network.nodes[*i].gas;
    if (g.molar_mass_kg_per_mol <= 0) continue;
    w += nn.flow();
    M += nn.flow() * g.molar_mass_kg_per_mol;
    pc += nn.flow() * g.pseudocritical_pressure_Pa;
    Tc += nn.flow() * g.pseudocritical_temperature_K;
  }
  HeadGas h;
  if (w > 0) {
    h.R_s = units::kGasConstant / (M / w);
    h.pc = pc / w;
    h.Tc = Tc / w;
  }
  h.T = temperature_K > 0 ? temperature_K : 288.15;
  return h;
}

/// The mode of a station with no suction reference (Korpeje): the hydraulics bypass it
/// (its suction node then carries the discharge pressure, in nodes.csv too), while the power
/// check compresses from an assumed suction (pressureInMin). "bypass (no suction
/// reference)" beside running, 14.5 MW and a suction of 21 bar against nodes.csv's 46 bar
/// read as a contradiction.
constexpr const char* kFieldStationMode = "hydraulic bypass, suction assumed";

/// Which limits bind in an evaluation (every one is reported either way).
struct Limits {
  bool station_flow = true;           ///< the stations' flowMin and flowMax
  bool published_capacities = false;  ///< annotations.json arcs.*.capacity
};

/// What kind of limit a state passes: which of them bind depends on the search (Limits).
enum class LimitKind { kCase, kStationFlow, kPublishedCapacity };

/// One evaluation: a nomination solved under the operating policy and checked.
struct Evaluation {
  SteadySummary steady;
  SteadySolution solution;
  bool converged = false;
  /// Every limit the state passes, in the report's order (stations, pressures, flows,
  /// published capacities, the solver), each with its kind. One state serves every search:
  /// the limits change what binds, not the state (the policy does not read them).
  std::vector<std::pair<BindingElement, LimitKind>> passed;
  /// Under the limits last applied (Apply): the state converged and passes none of them,
  /// and those it passes.
  bool feasible = false;
  std::vector<BindingElement> binding;
  void Apply(Limits limits) {
    binding.clear();
    for (const auto& [b, kind] : passed)
      if (kind == LimitKind::kCase ||
          (kind == LimitKind::kStationFlow && limits.station_flow) ||
          (kind == LimitKind::kPublishedCapacity && limits.published_capacities))
        binding.push_back(b);
    feasible = converged && binding.empty();
  }
  std::vector<StationCheck> stations;
  /// Converged states: each pipeline's busiest arc; others: the flows the nominations fix
  /// (CapacityUse::from_nominations).
  std::vector<CapacityUse> capacity_use;
  double total_power_W = 0.0;
  std::vector<std::string> notes;
  int solves = 0;
  /// Per node, the norm density of the gas there (kg/m3): each source's own, mixed along
  /// the solved flows (TrackGas); the solve's one mean density where no gas arrives or
  /// there is no converged state. Volumes of what passes a node are its mass over this.
  std::vector<double> norm_density;
  /// Origin tracking (one group per source) of `solution`, when Solve has it already
  /// (its last pass tracked the state it kept); else empty and Evaluate tracks.
  std::optional<TrackingSummary> tracking;
  /// Per node, the norm densities at which the last state's nominated volumes settled
  /// (Solve): the next policy pass's masses start there. Empty before the first.
  std::vector<double> settled_norm_density;
  /// Likewise the gas of each arc (ScenarioOptions::gas_per_arc). Empty before the first.
  std::vector<ArcGas> settled_arc_gas;
  /// The gas each arc's law took in `solution` (SteadyOptions::arc_gas); empty where every
  /// arc took the entries' mean.
  std::vector<ArcGas> arc_gas;
  /// `solution` is the first solve's of its state (every volume and pipe the entries' mean
  /// gas) and has no converged state to track the nodes' and arcs' gases on: its verdict is
  /// that model's (volumes_at_gas_density).
  bool one_gas_state = false;
};

class Evaluator {
 public:
  Evaluator(const ScenarioOptions& opt, const GasCase& base, const CaseAnnotations& ann)
      : opt_(opt), base_(base), ann_(ann), per_source_(GroupPerSource(base.network)) {}

  std::string NodeName(const std::string& id) const {
    auto it = ann_.node_name.find(id);
    return si::ShortName(it == ann_.node_name.end() ? std::string() : it->second, id);
  }
  static std::string StationName(const std::string& id) {
    std::string s = id.rfind("cs_", 0) == 0 ? id.substr(3) : id;
    // (ASCII only: std::toupper under a Latin-1 locale a program had set changed the lead
    // byte of a UTF-8 character.)
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }

  /// The state of `c` under the operating policy, checked against every limit, `binding`
  /// and `feasible` under `limits` (Evaluation::Apply).
  Status Evaluate(const GasCase& c, Evaluation* ev, Limits limits) const;

 private:
  /// One steady state of the case under `so`: SimulateSteady, then (volumes_at_gas_density)
  /// the nominated volumes at the gas of their nodes, iterated with the mixing.
  Status Solve(const GasCase& c, const SteadyOptions& so, Evaluation* ev) const;

  const ScenarioOptions& opt_;
  const GasCase& base_;
  const CaseAnnotations& ann_;
  // The policy passes and the headroom search solve one network hundreds of times: its
  // analysis is kept between them (where the caller's options bring no workspace).
  mutable SteadyWorkspace workspace_;
  const OriginGroups per_source_;  // for the gas's norm density at each node
};

Status Evaluator::Solve(const GasCase& c, const SteadyOptions& so, Evaluation* ev) const {
  ev->steady = SteadySummary();
  ev->tracking.reset();
  Status s = SimulateSteady(c, so, &ev->solution, &ev->steady);
  ev->arc_gas.clear();
  ev->one_gas_state = false;
  ev->solves++;
  if (!s.ok() || !opt_.volumes_at_gas_density) return s;
  // That state has the entries' mean gas for every volume and in every pipe: a start, on
  // whose flows the gases are tracked. Without a converged start there is nothing to track
  // them on, and the verdict is that model's (the report says so).
  if (ev->steady.verdict != Verdict::kConverged) {
    ev->one_gas_state = true;
    return s;
  }
  // The boundary masses move: each nominated volume at the gas of its node, what a node
  // injects at the gas it injects (an entry's source's), what it withdraws at the mix
  // arriving there; with gas_per_arc each arc's law takes the gas it carries, its upstream
  // end's mix (SimulateSteady's state, the first tracked, has the entries' mean in every
  // pipe). Mixing conserves normal volumes, so the nomination stays balanced in mass.
  const Network& net = c.network;
  const std::size_t N = net.nodes.size(), A = net.arcs.size();
  SteadyOptions fixed = so;
  if (Status g = CaseGas(c, so, &fixed.gas); !g.ok()) return g;
  const double mean = ev->steady.norm_density_kg_per_m3;
  TrackingOptions to;
  to.keep_point_fractions = false;
  // A flow within the solution's resolution is none (as TrackSteady takes it): the solves
  // below leave such flows across closed borders.
  std::vector<double> inj(N), last;
  double scale = 0.0;
  for (const NodeNomination& nn : c.nomination->nodes) scale += std::abs(nn.flow()) * mean;
  if (!(scale > 0.0)) return s;  // nothing nominated: no mass to move
  // The nominated volumes at the densities the previous policy pass settled at: a pass moves
  // the levels, not much the mixing, so the masses start near where they settle (a pass
  // then takes about three solves, not nine, to the same settled state).
  const auto masses = [&](const std::vector<double>& rho) {
    std::fill(inj.begin(), inj.end(), 0.0);
    for (const NodeNomination& nn : c.nomination->nodes) {
      const auto v = net.FindNode(nn.node_id);
      if (!v) continue;  // SimulateSteady refused the case before
      inj[*v] += (nn.is_entry ? 1.0 : -1.0) * nn.flow() * rho[*v];
    }
  };
  auto solve = [&] {
    SteadySolution sol;
    SteadySummary sum;
    Status st = SolveSteady(net, inj, fixed, &sol, &sum);
    ev->solves++;
    if (!st.ok()) return st;
    // The gas' speed at each arc's lower-pressure end, as SimulateSteady gives it.
    if (sum.verdict == Verdict::kConverged)
      steady_internal::LowEndVelocities(net, fixed, &sol, &sum);
    ev->solution = std::move(sol);
    ev->steady = std::move(sum);
    ev->arc_gas = fixed.arc_gas;
    return st;
  };
  // Each arc's gas, its upstream end's tracked mix (tracking_internal::TrackedArcGases).
  const bool per_arc = opt_.gas_per_arc;
  if (ev->settled_norm_density.size() == N) {
    masses(ev->settled_norm_density);
    if (per_arc && ev->settled_arc_gas.size() == A) fixed.arc_gas = ev->settled_arc_gas;
    last = inj;
    if (s = solve(); !s.ok()) return s;
    if (ev->steady.verdict != Verdict::kConverged) return Status::Ok();  // its own verdict
  }
  for (int it = 0; it < 20; ++it) {
    TrackingSummary ts;
    to.zero_flow_kg_per_s = std::max(TrackingOptions().zero_flow_kg_per_s,
                                     FlowResolution(net, ev->solution));
    if (Status t = TrackGas(net, ev->solution.mass_flow_kg_per_s,
                            ev->solution.injection_kg_per_s, per_source_, to, &ts);
        !t.ok())
      return t;
    // One rule with `track --local-density`: what a node injects at the gas it injects,
    // what it withdraws at the mix arriving there (an exit nominated negative injects).
    std::vector<double> rho = tracking_internal::NominationNormDensities(c, ts, mean);
    masses(rho);
    std::vector<ArcGas> gases =
        per_arc ? tracking_internal::TrackedArcGases(net, ev->solution.mass_flow_kg_per_s, ts,
                                                     to.zero_flow_kg_per_s)
                : std::vector<ArcGas>();
    if (!last.empty()) {
      double change = 0.0;
      for (std::size_t v = 0; v < N; ++v) change = std::max(change, std::abs(inj[v] - last[v]));
      // The masses and the arcs' gases have settled: ts is this state's.
      if (change <= 1e-12 * scale &&
          tracking_internal::ArcGasChange(gases, fixed.arc_gas) <= 1e-10) {
        ev->tracking = std::move(ts);
        ev->settled_norm_density = std::move(rho);
        ev->settled_arc_gas = std::move(fixed.arc_gas);
        return Status::Ok();
      }
    }
    last = inj;
    fixed.arc_gas = std::move(gases);
    if (s = solve(); !s.ok()) return s;
    if (ev->steady.verdict != Verdict::kConverged) return Status::Ok();  // its own verdict
  }
  // In the scenario's own notes, which the report prints (the steady summary's are not).
  ev->notes.push_back(
      per_arc ? "the nominated volumes at the gas of their nodes and the arcs' gases did not "
                "settle in 20 passes with the mixing: the last pass's are used"
              : "the nominated volumes at the gas of their nodes did not settle in 20 passes "
                "with the mixing: the last pass's masses are used");
  return Status::Ok();
}

/// Union-find over nodes joined by arcs that are not in `cut`.
std::vector<std::size_t> Zones(const Network& n, const std::vector<bool>& cut) {
  std::vector<std::size_t> parent(n.nodes.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t a = 0; a < n.arcs.size(); ++a) {
    if (cut[a]) continue;
    const Arc& arc = n.arcs[a];
    if (arc.from_index >= n.nodes.size() || arc.to_index >= n.nodes.size()) continue;
    parent[find(arc.from_index)] = find(arc.to_index);
  }
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = find(i);
  return parent;
}

Status Evaluator::Evaluate(const GasCase& c, Evaluation* ev, Limits limits) const {
  const Network& net = c.network;
  const std::size_t N = net.nodes.size(), A = net.arcs.size();
  ev->settled_norm_density.clear();  // (another case's: its passes start from the mean)
  // The pressure bounds the policy holds and the checks judge: the network's, tightened by
  // the scenario's (<pressure> in its .scn), as `simulate` holds them. They were left out: a
  // nominated 40 bar at Mozdok read "within limits" at 54 bar.
  const std::vector<NodePressureBounds> bounds = CasePressureBounds(c);
  // Nominated injection per node (m^3/s, + into the network).
  std::vector<double> inj(N, 0.0);
  for (const NodeNomination& nn : c.nomination->nodes) {
    auto i = net.FindNode(nn.node_id);
    if (i) inj[*i] += nn.is_entry ? nn.flow() : -nn.flow();
  }
  auto ref_node = net.FindNode(opt_.reference_node);
  if (!ref_node) return Status::NotFound("reference node '" + opt_.reference_node + "'");

  // Flow across each station from the cut: sum of injections on the suction side.
  std::vector<double> cut_flow(A, 0.0);
  auto is_active_kind = [&](std::size_t a) {
    return net.arcs[a].kind == ArcKind::kCompressorStation ||
           net.arcs[a].kind == ArcKind::kControlValve;
  };
  auto is_cv = [&](std::size_t a) { return net.arcs[a].kind == ArcKind::kControlValve; };
  std::vector<bool> on_loop(A, false);
  for (std::size_t a = 0; a < A; ++a) {
    if (!is_active_kind(a)) continue;
    std::vector<bool> cut(A, false);
    cut[a] = true;
    std::vector<std::size_t> z = Zones(net, cut);
    if (z[net.arcs[a].from_index] == z[net.arcs[a].to_index]) {  // on a loop
      on_loop[a] = true;
      continue;
    }
    double s = 0;
    for (std::size_t i = 0; i < N; ++i)
      if (z[i] == z[net.arcs[a].from_index]) s += inj[i];
    cut_flow[a] = s;
  }
  const double eps = 1e-6;  // m^3/s
  std::vector<bool> active(A, false), forced_bypass(A, false), no_suction_ref(A, false),
      second_ref(A, false);
  for (std::size_t a = 0; a < A; ++a)
    active[a] = is_active_kind(a) && cut_flow[a] > eps;

  // Give each zone exactly one reference: bypass stations that would make a second one or
  // whose suction zone has none.
  std::vector<std::size_t> zone;
  for (int guard = 0; guard < 64; ++guard) {
    zone = Zones(net, active);
    std::unordered_map<std::size_t, int> refs;
    refs[zone[*ref_node]]++;
    bool changed = false;
    for (std::size_t a = 0; a < A && !changed; ++a) {
      if (!active[a]) continue;
      if (++refs[zone[net.arcs[a].to_index]] > 1) {
        active[a] = false;
        second_ref[a] = true;
        changed = true;
      }
    }
    if (changed) continue;
    for (std::size_t a = 0; a < A && !changed; ++a) {
      if (!active[a]) continue;
      if (refs.find(zone[net.arcs[a].from_index]) == refs.end()) {
        active[a] = false;
        no_suction_ref[a] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }

  // Set-points and their policy.
  std::vector<double> value(A, 0.0);
  double slack_value = bounds[*ref_node].upper_Pa;
  auto cap_of = [&](std::size_t a) {
    const auto& o = is_cv(a) ? net.arcs[a].control_valve.pressure_out_max_Pa
                             : net.arcs[a].compressor.pressure_out_max_Pa;
    const double node_max = bounds[net.arcs[a].to_index].upper_Pa;
    return o ? (node_max > 0.0 && bounds[net.arcs[a].to_index].upper_nominated
                    ? std::min(*o, node_max)
                    : *o)
             : node_max;
  };
  for (std::size_t a = 0; a < A; ++a) {
    if (!active[a]) continue;
    value[a] = cap_of(a);
  }

  SteadyOptions so = opt_.steady;
  if (so.workspace == nullptr) so.workspace = &workspace_;
  // This policy sets every station itself and checks the machines' limits after each solve
  // (the report says "post hoc"); the solver's own limit handling and fuel gas would change
  // the hand-checked headroom figures, so they stay off here (docs/corridor-report.md).
  so.element_limits = false;
  so.fuel_gas = false;
  bool have_good = false;
  int halvings = 0;
  double good_slack = slack_value;
  std::vector<double> good_value = value;
  // The highest level each reference was moved down to where the solve then failed (0:
  // none), since the last switch: a later move never goes that far again but half-way
  // (bisecting between the last level that solved and the one that failed). Without it, a
  // bound that asks for a level below where a zone runs dry sent the reference there after
  // every good pass: cutting baseline's Saveh supply by 30 % swung Mozdok between 19.9,
  // 10.7, 15.3, 9.6, 12.5, 9.0 ... bar (Sarakhs' 69.96 bar maximum asking for less, Ardabil
  // running dry below about 12.3), used up the halvings and ended on a failed solve.
  double dry_slack = 0.0;
  std::vector<double> dry_value(A, 0.0);
  auto forget_dry = [&] {
    dry_slack = 0.0;
    std::fill(dry_value.begin(), dry_value.end(), 0.0);
  };
  // A move to within this of a failed level goes half-way between the current level and
  // the failed one instead, and where the two lie within twice this, the current level is
  // kept; a failure within twice this of the last good levels ends the halving there.
  constexpr double kDryBracketPa = 1e3;
  // Moves a level toward `target` unless it lies within the bracket of a failed one.
  auto bracketed = [&](double current, double target, double dry) {
    if (dry <= 0.0 || target > dry + kDryBracketPa) return target;
    return current - dry > 2 * kDryBracketPa ? 0.5 * (current + dry) : current;
  };
  // Passes of the policy; one more may solve the last good levels again, so that a run
  // whose last move failed ends on the levels that solved (with its bounds judged), not on
  // the failed ones. (Where elements switched since those levels solved, the state solved
  // again is another, and may fail too: then its failure is the verdict.)
  constexpr int kPasses = 30;
  bool restoring = false;
  // The elements as the last solve had them: a pass that switches after the last pass's
  // solve leaves `active` ahead of the state the checks below judge.
  std::vector<bool> solved_active = active, solved_forced = forced_bypass;
  // How the policy ended, for the report where its levels did not settle: the last move
  // that failed (its levels, the solve's reason), or the last level move where the passes
  // ran out.
  bool ran_out = false;
  std::string last_failure;
  double last_shift = 0.0;
  for (int outer = 0; outer <= kPasses; ++outer) {
    if (outer == kPasses && !restoring) {  // (the extra pass is the restoring one's)
      ran_out = true;
      break;
    }
    zone = Zones(net, active);
    // Terminal zones: no active station draws from them.
    std::unordered_set<std::size_t> feeds;
    for (std::size_t a = 0; a < A; ++a)
      if (active[a]) feeds.insert(zone[net.arcs[a].from_index]);
    so.slacks = {{opt_.reference_node, slack_value}};
    so.settings.clear();
    for (std::size_t a = 0; a < A; ++a) {
      const Arc& arc = net.arcs[a];
      if (arc.kind == ArcKind::kCompressorStation)
        so.settings.push_back({arc.id, active[a] ? ElementMode::kOutletPressure
                                                 : ElementMode::kBypass, value[a]});
      else if (arc.kind == ArcKind::kControlValve)
        so.settings.push_back({arc.id, active[a] ? ElementMode::kOutletPressure
                                                 : ElementMode::kOpen, value[a]});
    }
    Status s = Solve(c, so, ev);
    if (!s.ok()) return s;
    solved_active = active;
    solved_forced = forced_bypass;
    if (opt_.trace) {
      std::string t = fmt::format("policy pass {}: {} = {:.3f} bar;", outer,
                                  opt_.reference_node, slack_value / 1e5);
      for (std::size_t a = 0; a < A; ++a)
        if (active[a]) t += fmt::format(" {}={:.3f}", net.arcs[a].id, value[a] / 1e5);
      t += fmt::format(" -> {}{}", VerdictName(ev->steady.verdict),
                       ev->steady.reason.empty() ? "" : " (" + ev->steady.reason + ")");
      if (restoring) t += "; the last levels that solved, again";
      ev->notes.push_back(t);
    }
    if (restoring) break;
    const auto& p = ev->solution.pressure_Pa;
    const bool have_p = p.size() == N && std::all_of(p.begin(), p.end(), [](double x) {
                          return std::isfinite(x);
                        });
    // Hydraulics solved (a set-point may still be inadmissible: then the verdict is
    // infeasible but the pressures are those of the solved equations, good for levelling).
    // The residuals are the solver's re-evaluation of every equation on the solution; the
    // iteration count says nothing here (a start can already solve the equations).
    // A choked pipe's state solves the equations too, but no more gas passes it: the level
    // ran the zone as dry as one below zero, and is not levelled from (winter-peak at 120 %
    // of its flows choked Damghan-Sari at Mozdok 52.973 bar, and ended there).
    const bool hydraulic_ok =
        have_p && ev->steady.limiting_pressure != PressureLimit::kChoked &&
        (ev->steady.verdict == Verdict::kConverged ||
         (ev->steady.max_mass_imbalance_kg_per_s <= 10 * so.mass_tolerance_kg_per_s &&
          ev->steady.max_pressure_residual_Pa <= 10 * so.pressure_tolerance_Pa));
    if (!hydraulic_ok) {
      // A level move went too far (pressures would fall below zero): go back half-way to
      // the last level that solved, and remember how far down it failed: the level of the
      // zone that ran dry (the gas of a zone comes from its reference), or where the solve
      // names no node, each level that moved down.
      if (!have_good) break;
      last_failure = fmt::format("{} at {:.3f} bar", opt_.reference_node, slack_value / 1e5);
      for (std::size_t a = 0; a < A; ++a)
        if (active[a])
          last_failure += fmt::format(", {} at {:.3f}", net.arcs[a].id, value[a] / 1e5);
      const std::string& why = ev->steady.reason;
      last_failure += ": " + (why.size() > 120 ? why.substr(0, 117) + "..." : why);
      const auto dry = net.FindNode(ev->steady.limiting_node);
      auto ran_dry = [&](std::size_t node) { return !dry || zone[*dry] == zone[node]; };
      if (slack_value < good_slack && ran_dry(*ref_node))
        dry_slack = std::max(dry_slack, slack_value);
      for (std::size_t a = 0; a < A; ++a)
        if (active[a] && value[a] < good_value[a] && ran_dry(net.arcs[a].to_index))
          dry_value[a] = std::max(dry_value[a], value[a]);
      // Halving on toward levels within the bracket of the failed ones tries nothing new.
      double gap = std::abs(slack_value - good_slack);
      for (std::size_t a = 0; a < A; ++a)
        if (active[a]) gap = std::max(gap, std::abs(value[a] - good_value[a]));
      if (halvings < 12 && outer + 1 < kPasses && gap > 2 * kDryBracketPa) {
        ++halvings;
        slack_value = 0.5 * (slack_value + good_slack);
        for (std::size_t a = 0; a < A; ++a) value[a] = 0.5 * (value[a] + good_value[a]);
        continue;
      }
      slack_value = good_slack;
      value = good_value;
      restoring = true;
      continue;
    }
    // A station whose set-point is below its suction pressure need not compress, nor one
    // whose gas runs backwards (a regulator whose set-point is above its inlet pressure
    // opens fully, below). The directions come from the nominated volumes, the solve's
    // masses from each gas's own density: at Astara a transit that nets against the swap
    // to a few kg/s forward in volume ran 0.09 kg/s backwards in mass (baseline at 1.675
    // bcm/y, "cs_astara would run backwards"), where in bypass the state holds its limits.
    const auto& m = ev->solution.mass_flow_kg_per_s;
    const bool have_m = m.size() == A;
    bool switched = false;
    for (std::size_t a = 0; a < A; ++a) {
      const double pin = p[net.arcs[a].from_index];
      const bool backwards = have_m && m[a] < -so.mass_tolerance_kg_per_s;
      if (active[a] && !is_cv(a) && (pin >= value[a] - 1.0 || backwards)) {
        active[a] = false;
        forced_bypass[a] = true;
        switched = true;
      }
    }
    // A switch keeps the last levels that solved before the move that led here: the pass
    // after a switch solves the same levels with other elements, and where it runs a zone
    // dry, going back toward them can find a state (winter-peak at 0.8 times its flows:
    // Ardabil's station bypassed after a move that had taken Damghan's regulator to 34.9
    // bar, and Sari ran dry), where ending there at once left the solver's failure as the
    // verdict. The failed levels are forgotten: the zones changed.
    if (switched) {
      forget_dry();
      continue;
    }
    have_good = true;
    good_slack = slack_value;
    good_value = value;
    // Move each reference to its level. With p_i^2 ~ v^2 + c_i for the nodes of a zone whose
    // reference is at v (the squared-pressure law), the level that puts node i on its bound
    // b_i is sqrt(v^2 + b_i^2 - p_i^2): the highest level no upper bound forbids is the
    // minimum of that over the upper bounds, the lowest level every lower bound accepts the
    // maximum over the lower bounds (a margin of pressure_tolerance keeps the checks clear).
    // An upper bound no level can meet (v^2 + b_i^2 - p_i^2 <= 0: node i stays above b_i
    // even with the reference at zero, as where gas from entries of the zone must be pushed
    // up to it) does not move the level: it binds whatever the level, and the checks say so.
    // Taken at 1 bar, it sent the reference down until the pipes ran dry, and a case whose
    // Turkmen side lay above its rating was blamed on Baku (swap10a).
    const double margin = opt_.pressure_tolerance_Pa;
    auto level_for = [&](std::size_t z, double v, bool high) {
      double best = high ? std::numeric_limits<double>::infinity() : 0.0;
      for (std::size_t i = 0; i < N; ++i) {
        if (zone[i] != z) continue;
        if (high && bounds[i].upper_Pa > 0) {
          const double b = bounds[i].upper_Pa - margin, sq = v * v + b * b - p[i] * p[i];
          if (sq > 0.0) best = std::min(best, std::sqrt(std::max(sq, 1e10)));
        } else if (!high) {
          const double b = bounds[i].lower_Pa + margin;
          best = std::max(best, std::sqrt(std::max(v * v + b * b - p[i] * p[i], 1e10)));
        }
      }
      return std::isfinite(best) && best > 0 ? best : v;
    };
    const double slack_before = slack_value;
    const std::vector<double> before = value;
    slack_value = bracketed(slack_value,
                            std::min(level_for(zone[*ref_node], slack_value, true),
                                     bounds[*ref_node].upper_Pa),
                            dry_slack);
    double worst_shift = std::abs(slack_value - slack_before);
    for (std::size_t a = 0; a < A; ++a) {
      if (!active[a]) continue;
      const std::size_t z = zone[net.arcs[a].to_index];
      const bool high = feeds.count(z) > 0;
      value[a] = bracketed(before[a], std::min(level_for(z, before[a], high), cap_of(a)),
                           dry_value[a]);
    }
    // A regulator's inlet pressure once its inlet zone's reference has moved from v to v'
    // (the squared-pressure law again: p'^2 = p^2 + v'^2 - v^2).
    auto inlet_after = [&](std::size_t a) {
      const std::size_t from = net.arcs[a].from_index, z = zone[from];
      double was = std::numeric_limits<double>::quiet_NaN(), now = was;
      if (zone[*ref_node] == z) {
        was = slack_before;
        now = slack_value;
      }
      for (std::size_t b = 0; b < A && !std::isfinite(was); ++b)
        if (active[b] && zone[net.arcs[b].to_index] == z) {
          was = before[b];
          now = value[b];
        }
      if (!std::isfinite(was)) return p[from];
      return std::sqrt(std::max(p[from] * p[from] + now * now - was * was, 0.0));
    };
    // A regulator's zone that asks a level at or above the regulator's inlet pressure gets
    // all the regulator can give: it opens fully now (step 4), not once the levels settle.
    // They did not settle: winter-peak with 1.24 to 1.68 bcm/y of transit swung between
    // 47.8 bar (converged, Sari below its minimum) and 49.6 bar (above the 49.2 bar inlet:
    // infeasible) for all 30 passes and ended "cannot reach its outlet pressure"; open,
    // up to about 1.39 bcm/y is carried, and beyond it Sari's minimum binds, said as such.
    // The inlet pressure is the one after this move: with winter-peak's flows at 105 % and
    // one gas, Mozdok's zone asked for 52.41 bar and Sari's for 51.41 from the regulator,
    // whose inlet was at 51.50 bar; the next pass found its inlet at 50.15 (the regulator
    // short of its set-point, the equations solved), was levelled from, and the two swung
    // so for 30 passes.
    std::vector<std::size_t> opening;
    for (std::size_t a = 0; a < A; ++a)
      if (active[a] && is_cv(a) && value[a] >= inlet_after(a) - 1.0) opening.push_back(a);
    for (std::size_t a : opening) {
      active[a] = false;
      forced_bypass[a] = true;
    }
    const bool opened = !opening.empty();
    for (std::size_t a = 0; a < A; ++a)
      if (active[a]) worst_shift = std::max(worst_shift, std::abs(value[a] - before[a]));
    last_shift = worst_shift;
    if (opened) {
      forget_dry();
      continue;
    }
    if (worst_shift >= 10.0) continue;
    // Levels settled: a regulator whose set-point is above its inlet pressure opens fully.
    for (std::size_t a = 0; a < A; ++a) {
      if (active[a] && is_cv(a) && p[net.arcs[a].from_index] <= value[a] + 1.0) {
        active[a] = false;
        forced_bypass[a] = true;
        switched = true;
      }
    }
    if (!switched) break;
    forget_dry();
  }

  active = std::move(solved_active);
  forced_bypass = std::move(solved_forced);
  // Where the levels did not settle, the report says why its references sit where they do
  // (the Saveh cut's Sarakhs above its maximum: Mozdok's level could go no lower, Ardabil
  // running dry below it).
  const bool state_ran_dry = ev->steady.limiting_pressure == PressureLimit::kBelowZero ||
                             ev->steady.limiting_pressure == PressureLimit::kChoked;
  if (restoring && !state_ran_dry)
    ev->notes.push_back(fmt::format(
        "the operating policy ends on the last levels that solved ({} at {:.3f} bar), solved "
        "again: its last move from them failed ({})",
        opt_.reference_node, slack_value / 1e5, last_failure));
  else if (restoring)
    ev->notes.push_back(fmt::format(
        "the operating policy's moves from the last levels that solved ({} at {:.3f} bar) "
        "failed (the last: {}), and those levels fail too with the elements switched since: "
        "the verdict is that state's",
        opt_.reference_node, slack_value / 1e5, last_failure));
  else if (ran_out)
    ev->notes.push_back(fmt::format(
        "the operating policy's levels did not settle in {} passes (its last move {:.0f} Pa): "
        "the state is its last pass's",
        kPasses, last_shift));

  // Checks.
  ev->converged = ev->steady.verdict == Verdict::kConverged;
  ev->passed.clear();
  auto add = [&](BindingElement b, LimitKind kind = LimitKind::kCase) {
    ev->passed.emplace_back(std::move(b), kind);
  };
  BindingElement solver_binding;  // listed after the elements it explains
  if (!ev->converged) {
    std::string reason = ev->steady.reason;
    if (reason.size() > 160) reason = reason.substr(0, 157) + "...";
    // The pipes' capacity rests on the level where the gas comes from, held at its upper
    // bound: the entry's (an estimate at Mozdok: the Russian side's design pressure is not
    // published) where the node that runs out lies in the entry's zone, else the outlet
    // bound of the station or regulator that feeds its zone (ru-55bcm runs out at Parchin,
    // behind the Astara station's estimated 1000 psig discharge, and was marked Mozdok's).
    const bool capacity = state_ran_dry;  // (the same state: pressure gone, or choked)
    std::string source = "the entry", estimate;
    if (capacity) {
      // (A bound the scenario gives is its own, no estimate of the case.)
      if (!bounds[*ref_node].upper_nominated)
        estimate = ann_.Estimate(opt_.reference_node, "pressureMax");
      std::size_t v = N;  // the node that runs out (N: not named)
      if (const auto k = net.FindNode(ev->steady.limiting_node)) v = *k;
      const std::vector<std::size_t> zones = Zones(net, active);
      for (std::size_t a = 0; v < N && zones[v] != zones[*ref_node] && a < A; ++a) {
        const Arc& arc = net.arcs[a];
        if (!active[a] || zones[arc.to_index] != zones[v]) continue;
        const bool own = (is_cv(a) ? arc.control_valve.pressure_out_max_Pa
                                   : arc.compressor.pressure_out_max_Pa).has_value();
        estimate = own ? ann_.Estimate(arc.id, "pressureOutMax")
                   : bounds[arc.to_index].upper_nominated
                       ? std::string()
                       : ann_.Estimate(net.nodes[arc.to_index].id, "pressureMax");
        source = StationName(arc.id) + "'s outlet";
        break;
      }
    }
    solver_binding = {fmt::format("solver: {} ({}{})", VerdictName(ev->steady.verdict),
                                  capacity ? "pipeline capacity with " + source +
                                                 " at its pressure limit: "
                                           : std::string(),
                                  reason),
                      "", estimate};
  }
  const auto& p = ev->solution.pressure_Pa;
  const auto& m = ev->solution.mass_flow_kg_per_s;
  const bool have = p.size() == N && m.size() == A;
  const double rho_n = ev->steady.norm_density_kg_per_m3 > 0 ? ev->steady.norm_density_kg_per_m3
                                                              : 0.8;
  // The gas at each node, tracked on the solved flows (Solve's last pass tracked the state
  // it kept; else it is tracked here): a volume through an element is its mass over the
  // norm density of the gas that passes it, and a station's head is its suction gas's.
  ev->norm_density.assign(N, rho_n);
  TrackingSummary ts;
  bool tracked = false;
  if (have && ev->converged) {
    if (ev->tracking) {
      ts = std::move(*ev->tracking);
      ev->tracking.reset();
      tracked = true;
    } else {
      TrackingOptions to;
      to.keep_point_fractions = false;
      to.zero_flow_kg_per_s = std::max(to.zero_flow_kg_per_s, FlowResolution(net, ev->solution));
      tracked = TrackGas(net, m, ev->solution.injection_kg_per_s, per_source_, to, &ts).ok();
    }
    tracked = tracked && ts.nodes.size() == N;
    if (tracked)
      for (std::size_t i = 0; i < N; ++i)
        if (ts.nodes[i].has_gas && ts.nodes[i].quality.norm_density_kg_per_m3 > 0.0)
          ev->norm_density[i] = ts.nodes[i].quality.norm_density_kg_per_m3;
  }
  // The density of the gas an arc carries: its upstream end's.
  auto arc_rho = [&](std::size_t a) {
    return ev->norm_density[m[a] >= 0.0 ? net.arcs[a].from_index : net.arcs[a].to_index];
  };
  // The published capacities against the state: per pipeline, its most loaded arc.
  for (const CaseAnnotations::Capacity& cap : ann_.capacities) {
    const auto a = net.FindArc(cap.arc);
    if (!a) continue;
    CapacityUse use = cap.figure;
    use.arc_id = cap.arc;
    if (have && ev->converged) {
      if (!std::isfinite(m[*a])) continue;
      use.flow_m3_per_s = std::abs(m[*a]) / arc_rho(*a);
    } else {
      // No solved state: where the arc is the only path between its two sides, the
      // nominations alone fix its flow, the volumes nominated on one side (ru-10bcm said
      // nothing of the 10 bcm/y Mozdok line its nomination passes: "capacity_use": []).
      std::vector<bool> cut(A, false);
      cut[*a] = true;
      const std::vector<std::size_t> z = Zones(net, cut);
      const std::size_t side = z[net.arcs[*a].from_index];
      if (side == z[net.arcs[*a].to_index]) continue;  // on a loop: the hydraulics split it
      double sum = 0.0;
      for (std::size_t i = 0; i < N; ++i)
        if (z[i] == side) sum += inj[i];
      use.flow_m3_per_s = std::abs(sum);
      use.from_nominations = true;
    }
    auto same = std::find_if(ev->capacity_use.begin(), ev->capacity_use.end(),
                             [&](const CapacityUse& u) { return u.system == cap.system; });
    // (Segments published at different figures: the one nearest its own. Segments that
    // carry the same flow, Mozdok-Aksai and Aksai-Makhachkala where Aksai draws nothing:
    // the first, not the one round-off makes larger.)
    if (same == ev->capacity_use.end())
      ev->capacity_use.push_back(std::move(use));
    else if (use.Share() > same->Share() * (1.0 + 1e-9))
      *same = std::move(use);
  }
  for (CapacityUse& u : ev->capacity_use) u.above = u.Share() > 1.0 + opt_.limit_tolerance;
  if (have && ev->converged) {
    for (std::size_t i = 0; i < N; ++i) {
      const Node& nd = net.nodes[i];
      const NodePressureBounds& b = bounds[i];
      if (!std::isfinite(p[i])) continue;
      if (p[i] < b.lower_Pa - opt_.pressure_tolerance_Pa) {
        const bool contract = ann_.contract_min_nodes.count(nd.id) > 0 && !b.lower_nominated;
        // A contract minimum the case estimates is said to be assumed (Sari's 25 barg read
        // "contract minimum", a contract no source gives, beside its estimate note).
        std::string estimate =
            b.lower_nominated ? std::string() : ann_.Estimate(nd.id, "pressureMin");
        add({fmt::format("pressure at {} below {}", NodeName(nd.id),
                         b.lower_nominated      ? "the scenario's minimum"
                         : !contract            ? "its minimum"
                         : estimate.empty()     ? "contract minimum"
                                                : "an assumed contract minimum"),
             si::PastBound(nd.id, p[i] / units::kBar, '<', b.lower_Pa / units::kBar),
             std::move(estimate)});
      }
      if (b.upper_Pa > 0 && p[i] > b.upper_Pa + opt_.pressure_tolerance_Pa) {
        add(
            {fmt::format("{}{} above {}", NodeName(nd.id),
                         nd.kind == NodeKind::kSource ? " entry" : "",
                         b.upper_nominated ? "the scenario's pressure limit"
                                           : "its pressure limit"),
             si::PastBound(nd.id, p[i] / units::kBar, '>', b.upper_Pa / units::kBar),
             b.upper_nominated ? std::string() : ann_.Estimate(nd.id, "pressureMax")});
      }
    }
  }
  // Pipes above their pressureMax (the design pressure) and valves holding more than their
  // pressureDifferentialMax: simulate judged them, the scenarios' checks did not.
  if (have && ev->converged)
    for (const ArcPressureViolation& v :
         steady_internal::ArcPressureViolations(net, p, opt_.pressure_tolerance_Pa)) {
      const char* key = v.differential ? "pressureDifferentialMax" : "pressureMax";
      add({fmt::format("{} '{}' {} its {}", v.differential ? "valve" : "pipe", v.arc_id,
                       v.differential ? "holds more than" : "above", key),
           si::PastBound(v.arc_id, v.value_Pa / units::kBar, '>', v.bound_Pa / units::kBar),
           ann_.Estimate(v.arc_id, key)});
    }
  // Arcs other than stations (their flows are checked below, with their machines) outside
  // their flow bounds: the Damghan-Sari regulator (flowMin 0, toward Sari only) carried
  // 6.6 mcm/d in reverse with no limit naming it. At the gas that passes, in mcm/d at 0 degC.
  if (have && ev->converged)
    for (std::size_t a = 0; a < A; ++a) {
      const Arc& arc = net.arcs[a];
      const double lo = arc.flow_min_m3_per_s, hi = arc.flow_max_m3_per_s;
      if (arc.kind == ArcKind::kCompressorStation || !(hi > lo)) continue;
      // Within the solution's resolution of a bound is at it (a regulator at flowMin 0 bound
      // with -2.1e-7 kg/s, "-0.00 mcm/d outside [0.00, ...]"): 10 mass tolerances, as the
      // policy accepts a state's balance above.
      const double rho = arc_rho(a), q = m[a] / rho, tol = opt_.limit_tolerance;
      const double round_off = std::max(1e-9, 10.0 * opt_.steady.mass_tolerance_kg_per_s / rho);
      const bool over = q > hi + tol * std::abs(hi) + round_off;
      const bool under = q < lo - tol * std::abs(lo) - round_off;
      if (!over && !under) continue;
      add(
          {fmt::format("{} '{}' flow {} its {}", ArcKindName(arc.kind), arc.id,
                       over ? "above" : "below", over ? "flowMax" : "flowMin"),
           fmt::format("{:.2f} mcm/d outside [{:.2f}, {:.2f}] mcm/d (0 degC)",
                       q / units::kMcmPerDay, lo / units::kMcmPerDay, hi / units::kMcmPerDay),
           ann_.Estimate(arc.id, over ? "flowMax" : "flowMin")});
    }
  // Nominations outside their node's flow bounds: a limit of the entry or exit (the headroom
  // search moves the Russian entry; ru-55bcm's Mozdok nomination passed its flowMax unsaid).
  for (const NodeNomination& nn : c.nomination->nodes) {
    const auto i = net.FindNode(nn.node_id);
    if (!i) continue;
    const Node& nd = net.nodes[*i];
    const double q = nn.flow(), slack = 1e-9 * std::max(1.0, std::abs(q));
    const bool over = nd.flow_max_m3_per_s && q > *nd.flow_max_m3_per_s + slack;
    const bool under = nd.flow_min_m3_per_s && q < *nd.flow_min_m3_per_s - slack;
    if (over || under)
      add(
          {fmt::format("{} {} {} its {}", NodeName(nd.id),
                       nn.is_entry ? "entry flow" : "exit flow", over ? "above" : "below",
                       over ? "flowMax" : "flowMin"),
           fmt::format("{} {:.2f} mcm/d {} {:.2f} mcm/d", nd.id, q / units::kMcmPerDay,
                       over ? ">" : "<",
                       (over ? *nd.flow_max_m3_per_s : *nd.flow_min_m3_per_s) /
                           units::kMcmPerDay),
           ann_.Estimate(nd.id, over ? "flowMax" : "flowMin")});
  }
  // Stations, post hoc.
  ev->stations.clear();
  ev->total_power_W = 0.0;
  const HeadGas hg = MeanGas(c, ev->steady.temperature_K);
  physics::EosParams eos;
  eos.eos = so.eos == EquationOfState::kIdeal ? EquationOfState::kIdeal
                                               : EquationOfState::kPapay;
  eos.temperature_K = hg.T;
  eos.specific_gas_constant = hg.R_s;
  eos.pseudocritical_pressure_Pa = hg.pc;
  eos.pseudocritical_temperature_K = hg.Tc;
  for (std::size_t a = 0; a < A; ++a) {
    const Arc& arc = net.arcs[a];
    if (arc.kind != ArcKind::kCompressorStation) continue;
    StationCheck st;
    st.id = arc.id;
    st.name = StationName(arc.id);
    st.flow_min_m3_per_s = arc.flow_min_m3_per_s;
    st.flow_max_m3_per_s = arc.flow_max_m3_per_s;
    st.mode = active[a] ? "outlet pressure"
              : no_suction_ref[a] ? kFieldStationMode
              : second_ref[a]     ? "bypass (outlet zone has a reference)"
              : forced_bypass[a]  ? "bypass (set-point below suction)"
                                  : "bypass";
    const double tol = opt_.limit_tolerance;
    auto flow_check = [&] {
      st.flow_checked = true;
      st.over_flow = st.volume_m3_per_s > st.flow_max_m3_per_s * (1 + tol) + 1e-9 ||
                     st.volume_m3_per_s < st.flow_min_m3_per_s * (1 + tol) - 1e-9;
      if (st.over_flow) {
        // (A reverse flow past flowMin read "above capacity".)
        const bool above = st.volume_m3_per_s > st.flow_max_m3_per_s;
        add({st.name + (above ? " compressor flow above capacity"
                              : " compressor flow below its flowMin"),
             fmt::format("{:.2f} mcm/d outside [{:.2f}, {:.2f}] mcm/d (0 degC){}",
                         st.volume_m3_per_s / units::kMcmPerDay,
                         st.flow_min_m3_per_s / units::kMcmPerDay,
                         st.flow_max_m3_per_s / units::kMcmPerDay,
                         have && ev->converged ? "" : ", flow from the nominations"),
             ann_.Estimate(arc.id, above ? "flowMax" : "flowMin")},
            LimitKind::kStationFlow);
      }
    };
    // From the topology alone, so that a run without a solution labels it alike.
    if (second_ref[a] && !no_suction_ref[a]) {
      // Bypassed because its outlet zone had a reference already: when its suction side
      // alone (the station cut) holds no reference either, it is a field station whose
      // suction pressure is not modelled.
      std::vector<bool> cut = active;
      cut[a] = true;
      std::vector<std::size_t> zc = Zones(net, cut);
      bool ref = zc[arc.from_index] == zc[*ref_node];
      for (std::size_t b = 0; b < A; ++b)
        if (active[b] && zc[net.arcs[b].to_index] == zc[arc.from_index]) ref = true;
      if (!ref) {
        no_suction_ref[a] = true;
        st.mode = kFieldStationMode;
      }
    }
    if (!have || !ev->converged) {
      // No solution: on a tree the nominations alone fix the flow through the station.
      if (!on_loop[a]) {
        st.volume_m3_per_s = cut_flow[a];
        st.mass_flow_kg_per_s = cut_flow[a] * rho_n;
        flow_check();
      }
      ev->stations.push_back(st);
      continue;
    }
    st.checked = true;
    st.mass_flow_kg_per_s = m[a];
    st.volume_m3_per_s = m[a] / arc_rho(a);
    flow_check();
    st.inlet_Pa = p[arc.from_index];
    st.outlet_Pa = p[arc.to_index];
    if (no_suction_ref[a] && arc.compressor.pressure_in_min_Pa) {
      st.inlet_Pa = *arc.compressor.pressure_in_min_Pa;
      st.inlet_assumed = true;
    }
    st.running = m[a] > 1e-9 && st.outlet_Pa > st.inlet_Pa * (1 + 1e-9);
    if (st.running) {
      if (!st.inlet_assumed && arc.compressor.pressure_in_min_Pa &&
          st.inlet_Pa < *arc.compressor.pressure_in_min_Pa - opt_.pressure_tolerance_Pa)
        st.suction_low = true;
      // The gas the station compresses: the mix tracked at its suction (Kay's rule,
      // mole-weighted), where known; the entries' mean otherwise. (The mean made the
      // Russian gas at Gazi-Magomed 8 % heavier than it is, and its head as much lower.)
      HeadGas suction_gas = hg;
      physics::EosParams seos = eos;
      const std::size_t up = m[a] >= 0.0 ? arc.from_index : arc.to_index;
      if (tracked && ts.nodes[up].has_gas) {
        const GasQuality& q = ts.nodes[up].quality;
        if (q.molar_mass_kg_per_mol > 0.0 && q.pseudocritical_pressure_Pa > 0.0 &&
            q.pseudocritical_temperature_K > 0.0) {
          suction_gas.R_s = units::kGasConstant / q.molar_mass_kg_per_mol;
          suction_gas.pc = q.pseudocritical_pressure_Pa;
          suction_gas.Tc = q.pseudocritical_temperature_K;
          seos.specific_gas_constant = suction_gas.R_s;
          seos.pseudocritical_pressure_Pa = suction_gas.pc;
          seos.pseudocritical_temperature_K = suction_gas.Tc;
        }
      }
      const double z = physics::Compressibility(seos, st.inlet_Pa).z;
      const double k = opt_.kappa;
      st.head_J_per_kg = z * suction_gas.R_s * suction_gas.T * k / (k - 1) *
                         (std::pow(st.outlet_Pa / st.inlet_Pa, (k - 1) / k) - 1.0);
      auto u = ann_.units_running.find(arc.id);
      const int max_units = u == ann_.units_running.end() ? 1 : std::max(1, u->second);
      st.units_running = max_units;
      const double rho_in = st.inlet_Pa / (z * suction_gas.R_s * suction_gas.T);
      st.unit_flow_m3_per_s = st.machine_flow_m3_per_s = m[a] / max_units / rho_in;
      st.efficiency = opt_.default_efficiency;
      st.efficiency_source = fmt::format("default {:.2f} (no machine data)",
                                         opt_.default_efficiency);
      st.power_W = m[a] * st.head_J_per_kg / st.efficiency;
      const StationMachines* sm = nullptr;
      if (c.stations)
        for (const StationMachines& x : c.stations->stations)
          if (x.id == arc.id) sm = &x;
      std::vector<ConfigurationPoint> points;
      const int best =
          sm == nullptr ? -1
                        : physics::ChooseConfiguration(
                              *sm, StationGasAt(seos, k, opt_.ambient_temperature_K), m[a],
                              st.inlet_Pa, st.outlet_Pa, &points, max_units);
      // (A configuration without units has no operating point: the default above stands.)
      if (best >= 0 && !points[best].units.empty()) {
        // The station model of simulate's element limits (include/corridor/station.h), on
        // the gas at the suction: of the configurations of at most max_units_running
        // units, the one with the least fuel inside every limit (else the least violation);
        // each unit at its machine point, recycling left of the surge line or below its
        // minimum speed, throttling right of the choke line. (This check had a model of its
        // own until 2026-12-02: it ran every unit allowed, recycled to the surge line only
        // and priced a head below the speed range at the default efficiency; ru-phase1's
        // Astara needed 2.69 MW here and 1.34 MW in simulate at the same pressures.)
        const ConfigurationPoint& cp = points[best];
        const UnitOperatingPoint& u0 = cp.units.front();
        st.configuration_id = cp.configuration_id;
        st.units_running = static_cast<int>(cp.units.size());
        st.unit_flow_m3_per_s = u0.network_volumetric_flow_m3_per_s;
        st.machine_flow_m3_per_s = u0.volumetric_flow_m3_per_s;
        st.machines = cp.message;
        bool valid = true;
        double work = 0.0, max_power = 0.0;
        for (const UnitOperatingPoint& unit : cp.units) valid = valid && unit.valid;
        for (const UnitOperatingPoint& unit : cp.units) {
          work += unit.shaft_power_W * unit.efficiency;
          max_power += std::isfinite(unit.max_power_W) ? unit.max_power_W : 0.0;
          if (!valid) continue;  // (a point without a speed recycles and throttles nothing)
          st.recycling = st.recycling || unit.recycle_m3_per_s > 1e-12;
          st.throttle_head_J_per_kg = std::max(st.throttle_head_J_per_kg,
                                               unit.throttle_head_J_per_kg);
        }
        if (!valid) st.machine_flow_m3_per_s = st.unit_flow_m3_per_s;
        st.max_power_W = max_power;
        const TurboCompressor* tc = nullptr;
        for (const TurboCompressor& t : sm->turbo)
          if (t.id == u0.compressor_id) tc = &t;
        // Beyond the top speed (or no speed at all gives the head): the head the top speed
        // gives at the machine's flow, for the limit's words.
        const bool beyond_top = !cp.inside && (cp.worst_limit == StationLimit::kSpeedMax ||
                                               cp.worst_limit == StationLimit::kNoOperatingPoint);
        st.outside_machines = !cp.inside;
        // A speed past the top, where another limit is the worst (surge): its efficiency is
        // the map's polynomial extrapolated all the same (swap10a's Korpeje, 15 794 rpm of
        // 11 600, read "map" at efficiency 0.19 and 125 MW).
        const bool over_top = valid && !u0.piston && tc != nullptr &&
                              u0.speed_per_s > tc->speed_max_per_s * (1.0 + 1e-9);
        st.beyond_top_speed = beyond_top || over_top;
        if ((beyond_top || over_top) && tc != nullptr)
          st.top_speed_head_J_per_kg =
              TurboHead(*tc, u0.volumetric_flow_m3_per_s, tc->speed_max_per_s);
        if (valid && cp.shaft_power_W > 0.0) {
          st.power_W = cp.shaft_power_W;
          st.efficiency = work / cp.shaft_power_W;
          st.efficiency_source =
              u0.piston ? fmt::format("piston (n = {:.0f} rpm)", u0.speed_per_s * 60.0)
              : (beyond_top || over_top) && tc != nullptr
                  ? fmt::format("map extrapolated past its top speed (n = {:.0f} rpm > {:.0f} "
                                "rpm, where it gives {:.1f} kJ/kg; Q = {:.2f} m3/s per unit)",
                                u0.speed_per_s * 60.0, tc->speed_max_per_s * 60.0,
                                st.top_speed_head_J_per_kg / 1e3, u0.volumetric_flow_m3_per_s)
                  : fmt::format("map (n = {:.0f} rpm, Q = {:.2f} m3/s per unit)",
                                u0.speed_per_s * 60.0, u0.volumetric_flow_m3_per_s);
        } else if (tc != nullptr) {
          // No speed gives the head at that flow: priced at the default efficiency. (Past
          // the top speed's choke the polynomial goes negative: "gives -91.6 kJ/kg".)
          const std::string top =
              st.top_speed_head_J_per_kg > 0.0
                  ? fmt::format("which gives {:.1f} kJ/kg there",
                                st.top_speed_head_J_per_kg / 1e3)
                  : std::string("whose curve ends before that flow");
          st.efficiency_source = fmt::format(
              "default {:.2f} (H = {:.1f} kJ/kg at Q = {:.2f} m3/s per unit lies above the "
              "map's top speed, {:.0f} rpm, {}{})",
              opt_.default_efficiency, st.head_J_per_kg / 1e3, u0.volumetric_flow_m3_per_s,
              tc->speed_max_per_s * 60.0, top,
              st.inlet_assumed ? "; no limit at an assumed suction" : "");
        } else {
          // No operating point for another cause (a piston unit, a compressor the
          // configuration names but the data lack): the model's words.
          st.efficiency_source = fmt::format("default {:.2f} (no operating point: {})",
                                             opt_.default_efficiency, cp.message);
        }
        // A limit of the machines binds; not where the suction is the assumed worst case
        // (Korpeje's field pressure is not modelled: that head is no state of the network).
        if (!cp.inside && !st.inlet_assumed) {
          switch (cp.worst_limit) {
            case StationLimit::kPower: st.over_power = true; break;
            case StationLimit::kSpeedMax: st.over_head = true; break;
            case StationLimit::kNoOperatingPoint:
              // A head above the top speed for a turbo unit; else another cause.
              (tc != nullptr && !u0.piston ? st.over_head : st.over_machine_limit) = true;
              break;
            default: st.over_machine_limit = true; break;
          }
        }
      }
    }
    ev->total_power_W += st.power_W;
    // With the decimals it takes to print past the limit ("8.85 MW needed > 8.85 MW
    // available" read as a contradiction), as PastBound's pressures.
    if (st.over_power) {
      const int d = si::DecimalsPast(st.power_W / 1e6, '>', st.max_power_W / 1e6, true, 2, 6);
      add({st.name + " compressor power",
           fmt::format("{:.{}f} MW needed > {:.{}f} MW available", st.power_W / 1e6, d,
                       st.max_power_W / 1e6, d),
           si::kMachineSizingEstimate});
    }
    if (st.over_head)
      add(
          {st.name + " compressor head beyond its machines",
           st.top_speed_head_J_per_kg > 0.0
               ? fmt::format("{:.{}f} kJ/kg needed > {:.{}f} kJ/kg at top speed",
                             st.head_J_per_kg / 1e3,
                             si::DecimalsPast(st.head_J_per_kg / 1e3, '>',
                                              st.top_speed_head_J_per_kg / 1e3, true, 1, 6),
                             st.top_speed_head_J_per_kg / 1e3,
                             si::DecimalsPast(st.head_J_per_kg / 1e3, '>',
                                              st.top_speed_head_J_per_kg / 1e3, true, 1, 6))
               : fmt::format("{:.1f} kJ/kg needed at {:.2f} m3/s per unit, past the top speed "
                             "curve's end",
                             st.head_J_per_kg / 1e3, st.machine_flow_m3_per_s),
           si::kMachineSizingEstimate});
    if (st.over_machine_limit)
      add({st.name + " compressor outside its machines' limits", st.machines,
                             si::kMachineSizingEstimate});
    if (st.suction_low)
      add({st.name + " compressor suction below minimum",
                             fmt::format("{:.2f} bar", st.inlet_Pa / units::kBar),
                             ann_.Estimate(arc.id, "pressureInMin")});
    ev->stations.push_back(st);
  }
  // A published capacity passed (binding only where those bind): after the stations and the
  // pressures (the case's own limits), so that where both bind the case's is named first.
  // Marked as an estimated bound where its figure rests on one (no source states a
  // capacity's temperature basis, and S37's 4 bcm/y read at 15 degC moves the 2.35 bcm/y
  // carried within it to 2.43; the mark was given to the case's bounds alone), its sources
  // then in the mark alone (said twice, they made the line unreadable).
  for (const CapacityUse& u : ev->capacity_use) {
    if (!u.above) continue;
    std::string estimate = ann_.Estimate(u.arc_id, "capacity");
    const std::string where =
        u.arc_id + (u.from_nominations ? ", flow from the nominations" : "");
    add({u.system + " above its published capacity",
         !estimate.empty() ? fmt::format("{} in {}", si::CapacityText(u, true), where)
                           : fmt::format("{} in {}; {}", si::CapacityText(u, true), where,
                                         u.provenance.empty() ? "no source given"
                                                              : u.provenance),
         std::move(estimate)},
        LimitKind::kPublishedCapacity);
  }
  // Station limits first (the adviser's "what binds"), then pressures, then the solver.
  std::stable_partition(ev->passed.begin(), ev->passed.end(), [](const auto& b) {
    return b.first.element.find(" compressor ") != std::string::npos;
  });
  if (!solver_binding.element.empty()) add(solver_binding);
  ev->Apply(limits);
  return Status::Ok();
}

/// The case with the Russian transit set to `transit_bcm20` (bcm/y at 20 degC): the Russian
/// entry changes by the difference, Iran's balance (supply at iran_supply less the exit at
/// iran_outlet) by minus the difference.
GasCase WithTransit(const GasCase& base, const ScenarioOptions& opt, double base_transit_bcm20,
                    double transit_bcm20) {
  GasCase c = base;
  const double delta =
      (transit_bcm20 - base_transit_bcm20) * units::kBcmPerYear * si::kCis20ToNormal;
  auto find = [&](const std::string& id, bool entry) -> NodeNomination& {
    for (NodeNomination& nn : c.nomination->nodes)
      if (nn.node_id == id) return nn;
    NodeNomination nn;
    nn.node_id = id;
    nn.is_entry = entry;
    c.nomination->nodes.push_back(nn);
    return c.nomination->nodes.back();
  };
  NodeNomination& ru = find(opt.russian_entry, true);
  const double ru_new = ru.flow() + delta;
  ru.flow_lower_m3_per_s = ru.flow_upper_m3_per_s = ru_new;
  NodeNomination& sup = find(opt.iran_supply, true);
  const double sup0 = sup.flow();
  NodeNomination& out = find(opt.iran_outlet, false);
  const double out0 = out.flow();
  const double b = sup0 - out0 - delta;
  NodeNomination& sup2 = find(opt.iran_supply, true);
  sup2.flow_lower_m3_per_s = sup2.flow_upper_m3_per_s = std::max(b, 0.0);
  NodeNomination& out2 = find(opt.iran_outlet, false);
  out2.flow_lower_m3_per_s = out2.flow_upper_m3_per_s = std::max(-b, 0.0);
  return c;
}

// The transits between `from` (carried: the scenario's own, or 0) and the largest carried,
// tried every ScenarioOptions::headroom_gap_scan_bcm_per_year (its multiples strictly
// between), as the bisection assumes they are all carried; at the first not carried, the
// edge below it is bisected on the precision's grid. winter-peak, which nominates no
// transit, was reported to carry 5.32 bcm/y while 1.40 to 1.69 failed on Sari's minimum.
template <class Carried, class GridPoint, class GridBelow>
Status ScanForGap(const Carried& carried, const GridPoint& grid_point,
                  const GridBelow& grid_below, double from, const ScenarioOptions& options,
                  HeadroomResult* h) {
  // (No finer than the search's own grid, whose points the refinement takes.)
  const double scan = options.headroom_gap_scan_bcm_per_year > 0.0
                          ? std::max(options.headroom_gap_scan_bcm_per_year,
                                     options.headroom_precision_bcm_per_year)
                          : 0.0;
  if (!(scan > 0.0) || h->none_carried) return Status::Ok();
  h->gap_scan_step_bcm_per_year = scan;
  h->gap_scan_from_bcm_per_year = from;
  const double top = h->max_transit_bcm_per_year;
  // Bisects on the search's grid between a transit carried and one not, either above the
  // other, until they are neighbouring points: both move to the edge, and *not_ev (may be
  // null) is the state at the one not carried where it was solved here.
  const auto bisect = [&](double* carried_at, double* not_at, Evaluation* not_ev) -> Status {
    const bool not_above = *not_at > *carried_at;
    std::int64_t ck = grid_below(*carried_at), nk = grid_below(*not_at);
    while (std::abs(nk - ck) > 1) {
      const std::int64_t mid_k = ck + (nk - ck) / 2;
      const double mid = grid_point(mid_k);
      Evaluation m;
      if (Status st = carried(mid, &m); !st.ok()) return st;
      if (m.feasible) {
        ck = mid_k;
        // (An off-grid carried transit below lies under its grid point's neighbour above.)
        *carried_at = not_above ? std::max(*carried_at, mid) : mid;
      } else {
        nk = mid_k;
        *not_at = mid;
        if (not_ev != nullptr) *not_ev = std::move(m);
      }
    }
    return Status::Ok();
  };
  double below = from;  // carried
  for (double k = std::floor(from / scan + 1e-9) + 1.0; k * scan < top - 1e-9; k += 1.0) {
    const double T = k * scan;
    Evaluation e;
    if (Status st = carried(T, &e); !st.ok()) return st;
    if (e.feasible) {
      below = T;
      continue;
    }
    // Refine between `below` (carried) and T (not) on the search's grid.
    double lo = below, hi = T;
    if (Status st = bisect(&lo, &hi, &e); !st.ok()) return st;
    h->gap_carried_to_bcm_per_year = lo;
    h->gap_not_carried_at_bcm_per_year = hi;
    h->gap_binding = e.binding;
    // Where it is carried again: the scan's next point carried (the largest carried at the
    // latest), and the edge below it on the grid. winter-peak's gap read "1.39 carried,
    // 1.40 not" as if it were a point; it runs to 1.68.
    double not_to = T, again = top;
    for (double k2 = k + 1.0; k2 * scan < top - 1e-9; k2 += 1.0) {
      Evaluation e2;
      if (Status st = carried(k2 * scan, &e2); !st.ok()) return st;
      if (e2.feasible) {
        again = k2 * scan;
        break;
      }
      not_to = k2 * scan;
    }
    if (Status st = bisect(&again, &not_to, nullptr); !st.ok()) return st;
    h->gap_not_carried_to_bcm_per_year = not_to;
    h->gap_carried_again_at_bcm_per_year = again;
    break;
  }
  return Status::Ok();
}

/// Bisection over the Russian transit T (bcm/y at 20 degC) in [0, headroom_max] on the grid
/// of headroom_precision: the largest multiple of it whose evaluation is feasible, and the
/// next one. On a grid, one limit gives the same bracket in every scenario; bisected from
/// each scenario's own transit, the baseline's and ru-phase1's one Astara limit printed as
/// 5.30 and 5.31. `scenario_ev` (may be null) is the evaluation at the scenario's own
/// transit with the same limits; that transit is a bracket where no grid point is nearer
/// (the report rounds the carried bracket down and the other up, so that an off-grid one
/// does not print as "5.32 [not carried at 5.32]"). `states` (may be null) keeps each
/// transit's evaluation for the scenario's other searches: a state is the same whichever
/// limits bind (Evaluation::Apply), and the searches share most of their gap scan's points.
Status SearchHeadroom(const Evaluator& evaluator, const GasCase& c, const ScenarioOptions& options,
                      double transit0, const Evaluation* scenario_ev, Limits limits,
                      std::map<double, Evaluation>* states, HeadroomResult* h) {
  *h = HeadroomResult();
  h->searched = true;
  h->scenario_transit_bcm_per_year = transit0;
  h->step_bcm_per_year = options.headroom_precision_bcm_per_year;
  h->published_capacities_bind = limits.published_capacities;
  auto carried = [&](double T, Evaluation* e) -> Status {
    if (states != nullptr)
      if (const auto it = states->find(T); it != states->end()) {
        *e = it->second;
        e->Apply(limits);
        return Status::Ok();
      }
    GasCase ct = WithTransit(c, options, transit0, T);
    Status st = evaluator.Evaluate(ct, e, limits);
    h->solves += e->solves;
    if (st.ok() && states != nullptr) states->emplace(T, *e);
    return st;
  };
  Evaluation own;
  if (scenario_ev == nullptr) {
    Status st = carried(transit0, &own);
    if (!st.ok()) return st;
    scenario_ev = &own;
  }
  h->own_carried = scenario_ev->feasible;
  // Grid points k * step, k in [0, k_max]; 1e-9 keeps 5.3 / 0.01 from flooring to 529.
  const double step = options.headroom_precision_bcm_per_year;
  const auto grid_below = [&](double T) {
    return static_cast<std::int64_t>(std::floor(T / step + 1e-9));
  };
  // Point k of the grid: k / n where the step is 1/n (0.01: 706 / 100 is the double nearest
  // 7.06, where 706 * 0.01 is 7.0600000000000005, which summary.json wrote as it is).
  const double per_unit = std::round(1.0 / step);
  const bool inverse_whole = std::abs(1.0 / step - per_unit) <= 1e-9 * per_unit;
  const auto grid_point = [&](std::int64_t k) {
    return inverse_whole ? static_cast<double>(k) / per_unit : static_cast<double>(k) * step;
  };
  std::int64_t lo_k = 0, hi_k = grid_below(options.headroom_max_bcm_per_year);
  double lo = 0.0, hi = grid_point(hi_k);
  Evaluation e_hi;
  bool have_hi = false;
  // The published capacities at the largest transit carried so far (at lo).
  std::vector<CapacityUse> at_lo;
  if (scenario_ev->feasible) {
    lo = transit0;
    lo_k = std::min(grid_below(transit0), hi_k);
    at_lo = scenario_ev->capacity_use;
  } else {
    Evaluation e0;
    Status st = carried(0.0, &e0);
    if (!st.ok()) return st;
    if (!e0.feasible) {
      h->none_carried = true;
      h->binding = e0.binding;
      return Status::Ok();
    }
    at_lo = e0.capacity_use;
    // The own is not taken for the upper bracket: a larger transit may be carried (winter-
    // peak at 1.50 bcm/y, inside its gap, reported "Max transit: 1.39", the largest below
    // the own, where 5.32 is carried). The search runs over [0, top] as from a carried own,
    // and the scan from 0 finds the own's gap (HeadroomResult::OwnInGap).
  }
  if (!have_hi && lo < hi) {
    Status st = carried(hi, &e_hi);
    if (!st.ok()) return st;
    have_hi = !e_hi.feasible;
  }
  if (!have_hi) {  // the top of the grid (or a scenario's own transit above it) is carried
    h->limited_by_bracket = true;
    h->max_transit_bcm_per_year = h->upper_bracket_bcm_per_year = std::max(lo, hi);
    h->capacity_use_at_max = hi > lo ? e_hi.capacity_use : at_lo;
    // (An own not carried below it lies in a gap, which the scan finds.)
    return scenario_ev->feasible
               ? Status::Ok()
               : ScanForGap(carried, grid_point, grid_below, 0.0, options, h);
  }
  while (hi_k - lo_k > 1) {
    const std::int64_t mid_k = lo_k + (hi_k - lo_k) / 2;
    const double mid = grid_point(mid_k);
    Evaluation e;
    Status st = carried(mid, &e);
    if (!st.ok()) return st;
    if (e.feasible) {
      lo_k = mid_k;
      if (mid > lo) at_lo = std::move(e.capacity_use);
      lo = std::max(lo, mid);
    } else {
      hi_k = mid_k;
      hi = std::min(hi, mid);
      e_hi = std::move(e);
    }
  }
  // An own not carried between the brackets (off the grid) is the nearer upper bracket.
  if (!scenario_ev->feasible && transit0 > lo && transit0 < hi) {
    hi = transit0;
    e_hi = *scenario_ev;
  }
  h->binding = e_hi.binding;
  h->capacity_use_at_max = std::move(at_lo);
  h->max_transit_bcm_per_year = lo;
  h->upper_bracket_bcm_per_year = hi;
  return ScanForGap(carried, grid_point, grid_below, scenario_ev->feasible ? transit0 : 0.0,
                    options, h);
}

}  // namespace

static Status LoadCorridorNetworkUnguarded(const std::string& data_dir, GasCase* out,
                                           Diagnostics* diag,
                                           std::vector<std::string>* case_files) {
  namespace fs = std::filesystem;
  // (LoadCase, called below, named itself in this refusal.)
  if (Status n = file_internal::NeedOutputs("LoadCorridorNetwork", out, diag); !n.ok()) return n;
  // The files annotations.json names ("network", "compressor_data", relative to the
  // folder); they were hardcoded, so that the keys were documented but not read. Where it
  // names none (or cannot be read: the run's reader says why) corridor.net, and
  // corridor.cs when there is one. A file it names must be there (LoadCase's
  // file-not-found).
  std::string net = "corridor.net";
  std::optional<std::string> cs;
  std::vector<std::string> scenario_files;  // every scenario's, as RunCorridorScenarios finds it
  {
    std::string text;
    std::error_code ec;
    const fs::path ann = fs::path(data_dir) / "annotations.json";
    if (fs::is_regular_file(ann, ec) && ReadFileToString(ann.string(), &text).ok()) {
      Json j;  // the readers' parser: Json::parse filed 80 000 keys in 11 s (ordered_map)
      io::PositionedDomParser<Json> sax(&j);
      sax.Parse(text);
      if (!sax.failed && j.is_object()) {
        if (auto it = j.find("network"); it != j.end() && it->is_string())
          net = it->get<std::string>();
        if (auto it = j.find("compressor_data"); it != j.end() && it->is_string())
          cs = it->get<std::string>();
        if (auto it = j.find("scenarios"); it != j.end() && it->is_object())
          for (const auto& [name, sc] : it->items()) {
            const auto f = sc.is_object() ? sc.find("file") : sc.end();
            scenario_files.push_back(
                (fs::path(data_dir) / (f != sc.end() && f->is_string() ? f->get<std::string>()
                                                                       : "scenarios/" + name +
                                                                             ".scn"))
                    .string());
          }
      }
    }
  }
  std::vector<std::string> files = {(fs::path(data_dir) / net).string()};
  std::error_code ec;  // a path the system refuses (too long, no permission): no .cs here,
                       // and LoadCase says what is wrong with the .net beside it
  if (cs)
    files.push_back((fs::path(data_dir) / *cs).string());
  else if (fs::exists(fs::path(data_dir) / "corridor.cs", ec))
    files.push_back((fs::path(data_dir) / "corridor.cs").string());
  if (case_files != nullptr) {
    *case_files = files;
    case_files->push_back((fs::path(data_dir) / "annotations.json").string());
    // (Another scenario's file too: run's summary.json, a link to ru-10bcm.scn left there,
    // overwrote that scenario with the baseline's summary.)
    case_files->insert(case_files->end(), scenario_files.begin(), scenario_files.end());
  }
  return LoadCase(files, out, diag);
}

Status LoadCorridorNetwork(const std::string& data_dir, GasCase* out, Diagnostics* diag,
                           std::vector<std::string>* case_files) {
  return internal::GuardedCall("LoadCorridorNetwork", [&] {
    return LoadCorridorNetworkUnguarded(data_dir, out, diag, case_files);
  });
}

static Status RunCorridorScenariosUnguarded(const ScenarioOptions& options, CorridorReport* report,
                                            Diagnostics* diag) {
  namespace fs = std::filesystem;
  if (Status n = file_internal::NeedOutputs("RunCorridorScenarios", report, diag); !n.ok())
    return n;
  *report = CorridorReport();
  Status s = options.Validate();
  if (!s.ok()) return s;
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path dir(options.data_dir);
  const std::string ann_path = (dir / "annotations.json").string();
  // Every file is read and every check below made before anything is run, so that all
  // problems are listed at once (a missing scenario file hid a bad swap_fee, an error in
  // annotations.json everything else); a check skips only what an earlier problem left
  // unread. Each bad nomination file has a note at the line of annotations.json that names
  // it.
  const std::size_t errors_before_checks = diag->error_count();
  auto refuse = [&] {
    const std::size_t n = diag->error_count() - errors_before_checks;
    return Status::InvalidInput(fmt::format("{} error{} in the case under {}", n,
                                            n == 1 ? "" : "s", options.data_dir));
  };
  CaseAnnotations ann;
  s = file_internal::CatchOutOfMemory(ann_path, diag,
                                     [&] { return ReadAnnotations(ann_path, &ann, diag); });
  // Values refused in a file that was read: what was read is checked on.
  if (!s.ok() && s.code() != Status::Code::kInvalidInput) return s;

  for (const std::string& name : options.sensitivity_scenarios)
    if (std::none_of(ann.scenarios.begin(), ann.scenarios.end(),
                     [&](const CaseAnnotations::Scn& sc) { return sc.name == name; }))
      report->sensitivity_scenarios_missing.push_back(name);
  // Which scenarios: all, or the named ones (every unknown name reported).
  std::vector<CaseAnnotations::Scn> todo;
  if (options.scenarios.empty()) {
    todo = ann.scenarios;
  } else {
    std::string known;
    for (const auto& sc : ann.scenarios) known += (known.empty() ? "" : ", ") + sc.name;
    const std::size_t errors_before = diag->error_count();
    for (const std::string& name : options.scenarios) {
      auto it = std::find_if(ann.scenarios.begin(), ann.scenarios.end(),
                             [&](const auto& sc) { return sc.name == name; });
      // The name comes from the caller; the line is that of the list it is missing from.
      if (it == ann.scenarios.end()) {
        std::vector<std::string_view> names;
        for (const auto& sc : ann.scenarios) names.push_back(sc.name);
        // A scenario's file given for its name ("baseline.scn", "scenarios/baseline.scn"):
        // the scenario whose file that is, or whose name is the file's stem.
        std::string hint;
        const std::filesystem::path given(name);
        if (given.extension() == ".scn" || name.find('/') != std::string::npos)
          for (const auto& sc : ann.scenarios)
            if (sc.name == given.stem().string() ||
                std::filesystem::path(sc.file).filename() == given.filename()) {
              hint = fmt::format(" (a scenario is given by its name, not its file: did you "
                                 "mean '{}'?)",
                                 sc.name);
              break;
            }
        // (The name is the caller's: said as asked for, not as a fault of the file, whose
        // list of names is the line given.)
        diag->Error(ann_path, ann.scenarios_line, "scenario '" + name + "'", "unknown-scenario",
                    fmt::format("the scenario asked for, '{}', is not one of \"scenarios\"{}; "
                                "known: {}",
                                name, hint.empty() ? DidYouMean(name, names) : hint, known));
      }
      else
        todo.push_back(*it);
    }
    if (diag->error_count() > errors_before)
      return s.ok() ? Status::NotFound(fmt::format("unknown scenario name (known: {})", known))
                    : refuse();
  }

  // Each nomination as read, as `corridor check` reads it: a file read in part (a bad number)
  // is still checked against the network below, for what was read, so that its other
  // errors (an unknown node) are listed too; what the reader refused (ReadErrors) raises no
  // follow-on finding there.
  std::vector<Nomination> noms(todo.size());
  std::vector<bool> nom_ok(todo.size(), true);  // read, and sound against the network
  std::vector<bool> nom_read(todo.size(), false);  // read at all, whole or in part
  std::vector<ReadErrors> nom_errors(todo.size());
  for (std::size_t k = 0; k < todo.size(); ++k) {
    const std::string path = (dir / todo[k].file).string();
    std::string text;
    bool parsed = false;
    Status r = ReadFileReporting(path, &text, diag);
    // A file of another kind (corridor JSON saved as .scn) or none at all was "truncated or
    // malformed XML: No document element found", where `check` says what it holds.
    const FileKind kind = r.ok() ? io::KindOfText(text) : FileKind::kGasLibNomination;
    // (A byte-order mark alone is empty too: Notepad saves an "empty" file so.)
    const std::size_t body = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    const bool empty = text.find_first_not_of(" \t\r\n", body) == std::string::npos;
    // UTF-16 or UTF-32, and a binary file, said once as check says them (each was one
    // bad-char error per NUL byte).
    const bool wide = r.ok() && kind == FileKind::kUnknown && io::StartsUtf16(text);
    const std::size_t nul =
        kind == FileKind::kUnknown && !wide ? io::BinaryNulAt(text) : std::string::npos;
    if (wide) {
      diag->Error(path, 1, "", "bad-utf8", io::WideRefusal(text));
      r = Status::InvalidInput("not UTF-8: " + path);
    } else if (r.ok() && (empty || nul != std::string::npos ||
                          (kind != FileKind::kGasLibNomination && kind != FileKind::kUnknown))) {
      const char* scenario = "a scenario is a GasLib nomination (.scn, root <boundaryValue>)";
      const int line =
          nul != std::string::npos
              ? io::LineIndex(text).LineOf(static_cast<std::ptrdiff_t>(nul))
              : 0;
      diag->Error(path, line, "", empty ? "empty-file" : "wrong-file-kind",
                  empty ? fmt::format("the file is empty: {}", scenario)
                  : nul != std::string::npos
                      ? fmt::format("a binary file (a NUL byte at offset {}), not text: {}", nul,
                                    scenario)
                      : fmt::format("the file holds {}{}, and {}",
                                    kind == FileKind::kCorridorJson ? "" : "a ",
                                    io::FileKindLabel(kind), scenario));
      r = Status::InvalidInput("not a GasLib nomination: " + path);
    } else if (r.ok()) {
      r = io::ReadGasLibNominationAsRead(text, path, &noms[k], &nom_errors[k], &parsed, diag);
    }
    nom_read[k] = parsed;
    if (!r.ok()) {
      nom_ok[k] = false;
      diag->Note(ann_path, todo[k].file_line, "scenario '" + todo[k].name + "'",
                 "scenario-file", fmt::format("its file '{}' is named here", todo[k].file));
    }
  }

  GasCase base;
  s = LoadCorridorNetwork(options.data_dir, &base, diag);
  // Without the network (or its .cs), what needs it is not checked; the rest is (a missing
  // corridor.cs hid a bad swap_fee).
  const bool have_net = s.ok();
  if (!have_net && diag->error_count() == errors_before_checks) return s;
  // Said, so that mending the network does not surprise with new errors (a bad length in
  // corridor.net hid a contract limit's unknown node).
  if (!have_net)
    diag->Note(ann_path, 0, "annotations", "not-checked",
               "what annotations.json says of the network (contract limits' nodes and bounds, "
               "station entries, nodes' countries, border points, each scenario's transit) is "
               "checked once the network and its compressor data load");
  // The power checks need the machine data: without corridor.cs every station read "ok"
  // with a maximal power of 0.
  if (have_net && !base.stations)
    diag->Error((dir / "corridor.cs").string(), 0, "", "file-not-found",
                "no compressor-station data (corridor.cs): the stations' power cannot be "
                "checked");
  // Likewise every station of the network needs its machines (one left out of corridor.cs
  // read 0.288 MW needed against 0 MW available, "ok").
  if (have_net && base.stations)
    for (const Arc& arc : base.network.arcs) {
      if (arc.kind != ArcKind::kCompressorStation) continue;
      // (Machines without a configuration run nothing either: an empty <configurations/>
      // read 0.288 MW needed beside 0 MW available, "within limits".)
      const auto& st = base.stations->stations;
      const auto m = std::find_if(st.begin(), st.end(),
                                  [&](const StationMachines& x) { return x.id == arc.id; });
      if (m != st.end() && !m->configurations.empty()) continue;
      const auto line = ann.units_running_line.find(arc.id);
      diag->Error(line != ann.units_running_line.end() ? ann_path : base.stations->source_file,
                  line != ann.units_running_line.end() ? line->second : 0,
                  "compressor station '" + arc.id + "'", "missing-machines",
                  fmt::format("the network's station '{}' has {} in {}: its power cannot be "
                              "checked",
                              arc.id, m == st.end() ? "no machines" : "no configuration",
                              fs::path(base.stations->source_file).filename().string()));
    }
  // The ids the annotations name are the network's: a contract limit's node, with the
  // bound it states, and a station's entry (an entry for 'cs_nope' was read in silence).
  if (have_net) {
    // (A misspelt id gets the network's nearest: 'ir_rashtt' was only "not in the network".)
    std::vector<std::string_view> node_ids;
    node_ids.reserve(base.network.nodes.size());
    for (const Node& nd : base.network.nodes) node_ids.emplace_back(nd.id);
    for (const auto& cl : ann.contract_limits) {
      const std::string el = fmt::format("contract_limits[{}]", cl.index);
      const auto v = base.network.FindNode(cl.node);
      if (!v) {
        diag->Error(ann_path, cl.line, el, "unknown-node",
                    fmt::format("node '{}' is not in the network{}", cl.node,
                                DidYouMean(cl.node, node_ids)));
        continue;
      }
      const Node& nd = base.network.nodes[*v];
      const double bound = cl.min ? nd.pressure_min_Pa : nd.pressure_max_Pa;
      if (std::abs(bound - cl.value_Pa) > 1e-6 * units::kBar)
        diag->Error(ann_path, cl.line, el, "contract-limit",
                    fmt::format("{} {:.8g} bar at '{}' is not the node's {} {:.8g} bar in the "
                                "network, which the run applies: make the two agree",
                                cl.min ? "min_delivery_pressure" : "max_delivery_pressure",
                                cl.value_Pa / units::kBar, cl.node,
                                cl.min ? "pressureMin" : "pressureMax", bound / units::kBar));
    }
    // (In the file's order: the map's own order changed from build to build.)
    std::vector<std::pair<int, std::string>> stations;
    for (const auto& [id, line] : ann.units_running_line) stations.emplace_back(line, id);
    std::sort(stations.begin(), stations.end());
    std::vector<std::string_view> station_ids;
    for (const Arc& arc : base.network.arcs)
      if (arc.kind == ArcKind::kCompressorStation) station_ids.emplace_back(arc.id);
    for (const auto& [line, id] : stations) {
      const auto a = base.network.FindArc(id);
      if (!a || base.network.arcs[*a].kind != ArcKind::kCompressorStation)
        diag->Error(ann_path, line, "compressor station '" + id + "'", "unknown-arc",
                    fmt::format("\"compressor_stations\" names '{}', which is not a compressor "
                                "station of the network{}",
                                id, DidYouMean(id, station_ids)));
    }
    // An alternative's arc is a pipe of the network (one for 'p_nope', or for a valve, would
    // have varied nothing).
    std::vector<std::string_view> pipe_ids;
    for (const Arc& arc : base.network.arcs)
      if (arc.kind == ArcKind::kPipe) pipe_ids.emplace_back(arc.id);
    for (const CaseAnnotations::Alternative& alt : ann.alternatives) {
      const auto a = base.network.FindArc(alt.arc);
      if (!a || base.network.arcs[*a].kind != ArcKind::kPipe) {
        diag->Error(ann_path, alt.line, "arc '" + alt.arc + "'", "unknown-arc",
                    fmt::format("\"alternatives\" of '{}', which is not a pipe of the network{}",
                                alt.arc, DidYouMean(alt.arc, pipe_ids)));
        continue;
      }
      // With the pipe's other values, as the solver takes them (a roughness of half the bore
      // or more ended the whole run when the sensitivity was solved).
      const PipeData& pipe = base.network.arcs[*a].pipe;
      const double k = alt.parameter == "roughness" ? alt.value_m : pipe.roughness_m;
      const double d = alt.parameter == "diameter" ? alt.value_m : pipe.diameter_m;
      if (alt.parameter != "length" && !(k < 0.5 * d))
        diag->Error(ann_path, alt.line, "arc '" + alt.arc + "'", "roughness-diameter",
                    fmt::format("the alternative {} gives the pipe a roughness of {:g} mm with a "
                                "diameter of {:g} mm: the roughness must be below half the "
                                "diameter",
                                alt.parameter, k * 1e3, d * 1e3));
      // (One equal to the network's value was searched again, and printed as a sensitivity
      // that changed nothing.)
      if (alt.SameAs(pipe)) {
        const bool km = alt.parameter == "length";
        diag->Warning(ann_path, alt.line, "arc '" + alt.arc + "'", "same-as-network",
                      fmt::format("the alternative {} {:g} {} is the network's own value: it "
                                  "varies nothing, and no sensitivity is run for it",
                                  alt.parameter, alt.value_m * (km ? 1e-3 : 1e3),
                                  km ? "km" : "mm"));
      }
    }
    // Every node of the network in a country, and no entry of "nodes" for a node it lacks:
    // a node in no country was left out of the pressures at the Iranian exits, of its
    // station's row and of the border points' direction check without a word. One
    // finding each, the first ten named.
    auto listed = [](const std::vector<std::string>& ids) {
      std::string out;
      for (std::size_t k = 0; k < ids.size() && k < 10; ++k)
        out += (k == 0 ? "'" : ", '") + ids[k] + "'";
      if (ids.size() > 10) out += fmt::format(" and {} more", ids.size() - 10);
      return out;
    };
    std::vector<std::string> no_country;
    for (const Node& nd : base.network.nodes) {
      const auto it = ann.node_country.find(nd.id);
      if ((it == ann.node_country.end() || it->second.empty()) &&
          !ann.nodes_refused.count(nd.id) && !ann.nodes_refused_whole)
        no_country.push_back(nd.id);
    }
    if (!no_country.empty())
      diag->Warning(ann_path, ann.nodes_line, "nodes", "missing-country",
                    fmt::format("{} node{} of the network {} no \"country\" here ({}): the "
                                "pressures at the Iranian exits, the stations' countries and "
                                "the border points' direction check leave {} out",
                                no_country.size(), no_country.size() == 1 ? "" : "s",
                                no_country.size() == 1 ? "has" : "have", listed(no_country),
                                no_country.size() == 1 ? "it" : "them"));
    std::vector<std::pair<int, std::string>> strays;
    for (const auto& [id, line] : ann.node_line)
      if (!base.network.FindNode(id)) strays.emplace_back(line, id);
    if (!strays.empty()) {
      std::sort(strays.begin(), strays.end());
      std::vector<std::string> ids;
      for (const auto& st : strays) ids.push_back(st.second);
      // The nearest network node of each named one that has one.
      std::string near;
      for (std::size_t k = 0; k < ids.size() && k < 10; ++k)
        if (const auto n = NearestNames(ids[k], node_ids); !n.empty())
          near += fmt::format("{}'{}{}{}' for '{}'", near.empty() ? "" : ", ",
                              fmt::join(n.begin(), n.end() - 1, "', '"),
                              n.size() > 1 ? "' or '" : "", n.back(), ids[k]);
      diag->Warning(ann_path, strays.front().first, "node '" + ids.front() + "'", "unknown-node",
                    fmt::format("\"nodes\" describes {} node{} the network does not have ({}): "
                                "not read{}",
                                ids.size(), ids.size() == 1 ? "" : "s", listed(ids),
                                ids.size() == 1 ? DidYouMean(ids.front(), node_ids)
                                : near.empty()  ? std::string()
                                                : " (did you mean " + near + "?)"));
    }
  }
  // A station's running units must be a configuration of its machines (5 at a station of
  // two gave 18.7 MW of drives where there are 7.5).
  if (have_net && base.stations) {
    for (const auto& [id, units] : ann.units_running) {
      if (units == 0) continue;  // refused by ReadAnnotations
      for (const StationMachines& st : base.stations->stations) {
        if (st.id != id || st.configurations.empty()) continue;
        std::string counts;
        bool found = false;
        for (const Configuration& cf : st.configurations) {
          const int n = physics::ConfigurationUnits(cf);
          found = found || n == units;
          counts += fmt::format("{}{}", counts.empty() ? "" : ", ", n);
        }
        if (!found)
          diag->Error(ann_path, ann.units_running_line[id],
                      "compressor station '" + id + "'", "units-running",
                      fmt::format("max_units_running {} is no configuration of the station's "
                                  "machines in corridor.cs (units per configuration: {})",
                                  units, counts));
      }
    }
    // A station of corridor.cs without an entry counted one unit unsaid (each said where
    // the section is there: its absence is said once).
    for (const StationMachines& st : base.stations->stations)
      if (ann.compressor_stations_given && ann.units_running.count(st.id) == 0)
        diag->Error(ann_path, ann.compressor_stations_line, "compressor station '" + st.id + "'",
                    "missing-key",
                    fmt::format("\"compressor_stations\" has no entry for '{}' (a station of "
                                "corridor.cs): its max_units_running is needed",
                                st.id));
  }
  // The nodes the policy and the headroom search name are options: a wrong one is the
  // caller's, not a scenario file's (it read "baseline.scn:0: nomination names node
  // 'nope'"). Each is said (the first alone was), the reference node by its field too (an
  // empty one read "reference node ''").
  // NotFound where every one is a node the network lacks, as SolveSteady's unknown names
  // (a reference node it lacks was InvalidArgument here, a slack's NotFound there).
  if (have_net) {
    std::vector<std::string> problems;
    bool all_unknown = true;
    for (const auto& [field, id, kind] :
         {std::tuple{"reference_node", options.reference_node, std::optional<NodeKind>()},
          std::tuple{"russian_entry", options.russian_entry,
                     std::optional<NodeKind>(NodeKind::kSource)},
          std::tuple{"iran_supply", options.iran_supply,
                     std::optional<NodeKind>(NodeKind::kSource)},
          std::tuple{"iran_outlet", options.iran_outlet,
                     std::optional<NodeKind>(NodeKind::kSink)}}) {
      const auto v = base.network.FindNode(id);
      if (v && (!kind || base.network.nodes[*v].kind == *kind)) continue;
      all_unknown = all_unknown && !v && !id.empty();  // (an empty name is no node's)
      problems.push_back(fmt::format("ScenarioOptions.{} = '{}' is not a {} of the corridor "
                                     "network",
                                     field, id,
                                     !kind                        ? "node"
                                     : *kind == NodeKind::kSource ? "source"
                                                                  : "sink"));
    }
    if (!problems.empty() && diag->error_count() > errors_before_checks) return refuse();
    internal::Problems bad("ScenarioOptions",
                           all_unknown ? &Status::NotFound : &Status::InvalidArgument);
    for (std::string& p : problems) bad.Add(std::move(p));
    if (!bad.empty()) return bad.ToStatus();
  }
  // Each nomination against the network, as `corridor simulate` checks it: the reference
  // node's flow is free, so a nomination that does not balance (or names nodes the network
  // lacks) would be run with the reference feeding the difference (before, 100 1000 Nm3/h
  // more at Rasht gave "converged, within limits" with 0.9 bcm/y of unnominated Russian gas
  // at the border).
  {
    GasCase c;  // the network copied once, each nomination in turn
    c.network = base.network;
    for (std::size_t k = 0; k < todo.size() && have_net; ++k) {
      if (!nom_read[k]) continue;
      const bool read_whole = nom_ok[k];
      c.nomination = noms[k];
      Diagnostics vd;
      ValidationSummary vs;
      ValidateOptions vo;
      if (!read_whole) vo.read_errors = &nom_errors[k];
      s = ValidateCase(c, vo, &vs, &vd);
      if (!s.ok()) return s;
      bool bad = false;
      for (const Diagnostic& x : vd.items()) {
        // The nomination's warnings too (an entry above its flowMax went unsaid); the
        // network's come once, from check.
        if (x.severity != Diagnostic::Severity::kError) {
          if (x.file == noms[k].source_file) diag->Add(x);
          continue;
        }
        diag->Add(x);
        bad = true;
      }
      // A file the reader refused has its note already.
      if (bad && read_whole) {
        nom_ok[k] = false;
        diag->Note(ann_path, todo[k].file_line, "scenario '" + todo[k].name + "'",
                   "scenario-file", fmt::format("its file '{}' is named here", todo[k].file));
      }
    }
  }
  OriginGroups groups;
  bool have_groups = false;
  {
    // A missing "groups" object is ReadAnnotations' missing-key (said once, not again as
    // missing-groups). Groups that are there but wrong are refused like the rest of
    // annotations.json; their warnings (sources in no group) are passed on, but for
    // duplicate keys and numbers out of a double's range, which ReadAnnotations gave
    // already.
    Diagnostics gd;
    GroupsReadOptions go;
    go.check_against_network = have_net;
    have_groups = ReadOriginGroups(ann_path, base.network, go, &groups, &gd).ok() && have_net;
    for (const Diagnostic& x : gd.items()) {
      if (x.rule == "duplicate-key" || x.rule == "not-finite" || x.rule == "missing-groups") {
        have_groups = have_groups && x.rule != "not-finite";  // (its read stopped there)
        continue;
      }
      have_groups = have_groups && x.severity != Diagnostic::Severity::kError;
      diag->Add(x);
    }
  }
  // Each border point's positive_arc_flow against the countries of its arc's ends (nodes.*
  // .country; a border node's "RU/AZ" names both): "IR->AZ" on the arc from az_astara to
  // ir_astara printed AZ->IR +4.266 where the gas flows IR->AZ. Only where a country is known
  // at an end, and only a contradiction: the end the positive flow leaves lies in the
  // receiving country and not in the sending one, or the end it enters the other way round.
  bool point_country_refused = false;  // a border point's unknown country, said
  if (have_groups) {
    auto countries_of = [&](const std::string& node) {
      std::vector<std::string> out;
      auto it = ann.node_country.find(node);
      if (it == ann.node_country.end()) return out;
      std::string rest = it->second;
      for (std::size_t k; (k = rest.find('/')) != std::string::npos; rest = rest.substr(k + 1))
        out.push_back(rest.substr(0, k));
      if (!rest.empty()) out.push_back(rest);
      return out;
    };
    auto country_text = [&](const std::string& node) {
      auto it = ann.node_country.find(node);
      return it == ann.node_country.end() || it->second.empty() ? std::string("no country")
                                                                : it->second;
    };
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
      return std::find(v.begin(), v.end(), x) != v.end();
    };
    for (const AccountingPoint& ap : groups.points) {
      // Its countries are codes of "countries" (a point "Ru" -> "AZ" left the transit check
      // out without a word). Said against the key that gave them; a point refused here is
      // not judged again by its direction.
      const bool keyed = ann.points_with_country_keys.count(ap.id) > 0;
      bool known = true;
      for (const std::string* c : {&ap.from_country, &ap.to_country})
        if (!ann.countries.empty() && !c->empty() &&
            std::find(ann.countries.begin(), ann.countries.end(), *c) == ann.countries.end()) {
          known = false;
          point_country_refused = true;
          diag->Error(ann_path, ap.line, "border point '" + ap.id + "'", "unknown-country",
                      keyed ? fmt::format("{} \"{}\" is not a code of \"countries\" ({})",
                                          c == &ap.from_country ? "from_country" : "to_country",
                                          io::Shown(*c), fmt::join(ann.countries, ", "))
                            : fmt::format("positive_arc_flow \"{}->{}\" names \"{}\", not a "
                                          "code of \"countries\" ({})",
                                          io::Shown(ap.from_country), io::Shown(ap.to_country),
                                          io::Shown(*c), fmt::join(ann.countries, ", ")));
        }
      const auto a = base.network.FindArc(ap.arc_id);
      if (!known || !a || ap.from_country.empty() || ap.to_country.empty()) continue;
      const Arc& arc = base.network.arcs[*a];
      // The countries the arc's positive flow goes from and to.
      const std::string& src = ap.direction > 0 ? ap.from_country : ap.to_country;
      const std::string& dst = ap.direction > 0 ? ap.to_country : ap.from_country;
      const std::vector<std::string> cf = countries_of(arc.from), ct = countries_of(arc.to);
      const bool from_wrong = has(cf, dst) && !has(cf, src);
      const bool to_wrong = has(ct, src) && !has(ct, dst);
      if (from_wrong || to_wrong)
        diag->Error(ann_path, ap.line, "border point '" + ap.id + "'", "direction-mismatch",
                    fmt::format("positive_arc_flow says the flow from {} to {} on arc '{}' "
                                "goes {}->{}, but nodes.*.country puts '{}' in {} and '{}' in "
                                "{}",
                                arc.from, arc.to, ap.arc_id, src, dst, arc.from,
                                country_text(arc.from), arc.to, country_text(arc.to)));
    }
  }

  // Each scenario's Russian transit (annotations.json) against its nomination: the flow the
  // nominations send across the RU->AZ border points (on a tree, the sum of the injections
  // on the Russian side of the cut). A transit of 2.0 beside a nomination of none read
  // "transit nominated: 2.00" and moved the headroom up by 2 bcm/y.
  // Without a border point from RU to AZ there is nothing to check the transit against:
  // said once (deleting the Samur point skipped the check unsaid). A point the check cannot
  // use (a node without its arc, an arc on a loop, which no flow crosses alone) is said at
  // its line: a Samur point given by its node only skipped the check unsaid too. Not said
  // where a border point's country was refused above (that one typo is said once).
  struct TransitCut {
    std::string id;
    std::vector<std::size_t> zone;  // Zones() with the point's arc cut
    std::size_t ru_zone = 0;        // the zone of its Russian end
  };
  std::vector<TransitCut> cuts;
  if (have_groups && !todo.empty() && !point_country_refused) {
    const Network& net = base.network;
    bool any = false;
    for (const AccountingPoint& ap : groups.points) {
      if (ap.from_country != "RU" || ap.to_country != "AZ") continue;
      any = true;
      const auto a = net.FindArc(ap.arc_id);
      if (!a) {
        diag->Warning(ann_path, ap.line, "border point '" + ap.id + "'", "transit-unchecked",
                      fmt::format("a border point from RU to AZ given by its node '{}' without "
                                  "its arc: the scenarios' russian_transit_bcm_y_20C is not "
                                  "checked against the flow across it (give \"arc\")",
                                  ap.node_id));
        continue;
      }
      std::vector<bool> cut(net.arcs.size(), false);
      cut[*a] = true;
      TransitCut tc{ap.id, Zones(net, cut), 0};
      const Arc& arc = net.arcs[*a];
      if (tc.zone[arc.from_index] == tc.zone[arc.to_index]) {
        diag->Warning(ann_path, ap.line, "border point '" + ap.id + "'", "transit-unchecked",
                      fmt::format("arc '{}' lies on a loop, so the nominations alone do not "
                                  "fix the flow across it: the scenarios' "
                                  "russian_transit_bcm_y_20C is not checked against it",
                                  ap.arc_id));
        continue;
      }
      tc.ru_zone = tc.zone[ap.direction > 0 ? arc.from_index : arc.to_index];
      cuts.push_back(std::move(tc));
    }
    if (!any)
      diag->Warning(ann_path, ann.border_points_line, "border_points", "transit-unchecked",
                    "no border point goes from RU to AZ: the scenarios' "
                    "russian_transit_bcm_y_20C is not checked against their nominations, and "
                    "the border flows show no Russian crossing");
  }
  if (!cuts.empty()) {
    for (std::size_t k = 0; k < todo.size(); ++k) {
      if (!nom_ok[k]) continue;  // said above: its file, or its nodes against the network
      const Network& net = base.network;
      std::vector<double> inj(net.nodes.size(), 0.0);
      for (const NodeNomination& nn : noms[k].nodes)
        if (auto i = net.FindNode(nn.node_id)) inj[*i] += nn.is_entry ? nn.flow() : -nn.flow();
      double across = 0.0;
      std::string points;
      for (const TransitCut& tc : cuts) {
        for (std::size_t i = 0; i < net.nodes.size(); ++i)
          if (tc.zone[i] == tc.ru_zone) across += inj[i];
        points += (points.empty() ? "'" : ", '") + tc.id + "'";
      }
      const double nominated = across / units::kBcmPerYear / si::kCis20ToNormal;
      const double given = todo[k].transit_bcm20;  // (out of range: said where it was read)
      if (given >= 0.0 && given <= kMaxTransit_bcm_per_year &&
          std::abs(nominated - given) > 0.005)
        diag->Error(ann_path, todo[k].transit_line, "scenario '" + todo[k].name + "'",
                    "transit-mismatch",
                    fmt::format("russian_transit_bcm_y_20C is {:.3f}, but the nomination {} "
                                "sends {:.3f} bcm/y (20 degC) across the RU->AZ border ({}): "
                                "the headroom is measured from this figure",
                                todo[k].transit_bcm20, todo[k].file, nominated, points));
    }
  }
  // Each scenario's file against its entry: a file that holds another scenario (baseline.scn
  // copied over winter-peak.scn ran as "Peak winter day" on baseline's flows, exit 0), and
  // the entry's flows_1000m3_per_h against the file's. Warnings: the run uses the file.
  for (std::size_t k = 0; k < todo.size(); ++k) {
    if (!nom_ok[k]) continue;
    const std::string el = "scenario '" + todo[k].name + "'";
    if (!noms[k].id.empty() && noms[k].id != todo[k].name)
      diag->Warning(ann_path, todo[k].file_line, el, "scenario-file-mismatch",
                    fmt::format("its file {} holds scenario '{}' (the run uses the file's "
                                "nominations under this scenario's name)",
                                todo[k].file, noms[k].id));
    std::vector<std::string> differ;
    std::size_t count = 0;
    for (const auto& [node, given] : todo[k].flows) {
      double in_file = 0.0;
      for (const NodeNomination& nn : noms[k].nodes)
        if (nn.node_id == node) in_file = nn.flow() / units::kThousandM3PerHour;
      // (The files give 6 decimals.)
      if (std::abs(in_file - given) <= 5e-6 * std::max(1.0, std::abs(given))) continue;
      if (++count <= 3)
        differ.push_back(fmt::format("{} {:g} against the file's {:g}", node, given, in_file));
    }
    if (count > 0)
      diag->Warning(ann_path, todo[k].flows_line, el, "flows-mismatch",
                    fmt::format("flows_1000m3_per_h differs from {} at {} node{}: {}{} (the "
                                "run uses the file)",
                                todo[k].file, count, count == 1 ? "" : "s",
                                fmt::join(differ, "; "), count > 3 ? "; ..." : ""));
  }
  // Each scenario's swap input against what its nomination injects at the swap's supplier:
  // an input of 5000 (1000 m3/h) beside 1194 of Turkmen gas ran "within limits", exit 0,
  // with the swapper owing 85.7 mcm/d.
  if (have_groups && groups.swap)
    for (std::size_t k = 0; k < todo.size(); ++k) {
      if (!nom_ok[k]) continue;
      // (The scenario's own input, else the file-wide one, as the run takes them.)
      const std::string scn_file = std::filesystem::path(todo[k].file).filename().string();
      const auto own = groups.scenario_swap_input_m3_per_s.find(scn_file);
      const bool is_own = own != groups.scenario_swap_input_m3_per_s.end();
      const double input = is_own ? own->second : groups.swap->input_m3_per_s;
      const double supply = NominatedSwapSupply(*groups.swap, groups, noms[k]);
      if (!(input > 0.0 && input > supply * (1.0 + 1e-9) + 1e-9)) continue;
      const double per_1000m3h = 1000.0 / 3600.0;
      diag->Error(ann_path, is_own ? todo[k].swap_input_line : ann.swap_input_line,
                  "scenario '" + todo[k].name + "'", "swap-exceeds-supply",
                  fmt::format("{} is {:.6g}, but the nomination {} injects {:.6g} (1000 m3/h at "
                              "0 degC) at the swap's supplier ({}): the swap cannot take in "
                              "more gas than it supplies",
                              is_own ? "swap_turkmen_input_1000m3_per_h"
                                     : "the file-wide swap input (swap.input_1000m3_per_h)",
                              input / per_1000m3h, todo[k].file, supply / per_1000m3h,
                              groups.swap->supplier_entries.empty()
                                  ? "the sources of group '" + groups.swap->supplier_group + "'"
                                  : fmt::format("supplier_entries {}",
                                                fmt::join(groups.swap->supplier_entries, ", "))));
    }
  if (diag->error_count() > errors_before_checks) return refuse();

  const SteadyOptions& so = options.steady;
  report->network_note = ann.network_in_service;
  report->model = fmt::format(
      "steady: pipe model {}, friction {}, eos {}, height term {}; {}; reference {} at the "
      "highest level its zone allows; stations at outlet-pressure set-points (policy in "
      "docs/corridor-report.md); control valves regulate to the lowest level their outlet zone "
      "accepts, open when that is above their inlet; station power post hoc, for the gas "
      "tracked at each suction by the station model (the least-fuel configuration within "
      "max_units_running, recycle and throttle): kappa {:.2f}, efficiency from the map of "
      "corridor.cs (or {:.2f} where no speed gives the head), drive maximal power at the "
      "units' speed and {:.1f} degC ambient; fuel gas not withdrawn (supply = demand; "
      "corridor track --fuel draws it); {}",
      PipeModelName(so.pipe_model), FrictionLawName(so.friction), EquationOfStateName(so.eos),
      so.height_term ? "on" : "off",
      !options.volumes_at_gas_density
          ? "nominated volumes at the entries' mean norm density, one gas in the pipes"
      : options.gas_per_arc
          ? "nominated volumes at the gas of their nodes (entries their source's, exits the "
            "tracked mix), each pipe's law at the gas it carries (its upstream end's mix)"
          : "nominated volumes at the gas of their nodes (entries their source's, exits the "
            "tracked mix), one gas in the pipes (the entries' mean)",
      options.reference_node, options.kappa,
      options.default_efficiency, options.ambient_temperature_K - units::kZeroCelsius,
      // (Said with --no-headroom too, where no search ran.)
      options.headroom
          // (It said "over [0, its transit] for a scenario whose own transit is not
          // carried" after every search had come to run over the whole range.)
          ? fmt::format("headroom bisection on a grid of {:g} bcm/y over [0, {:.1f}] bcm/y (20 "
                        "degC; from the scenario's own transit where it is carried, else from "
                        "0)",
                        options.headroom_precision_bcm_per_year,
                        options.headroom_max_bcm_per_year)
          : std::string("no headroom search"));

  for (std::size_t k = 0; k < todo.size(); ++k) {
    const CaseAnnotations::Scn& sc = todo[k];
    const auto ts0 = std::chrono::steady_clock::now();
    ScenarioSummary sum;
    sum.name = sc.name;
    sum.description = sc.description;
    sum.file = (dir / sc.file).string();
    sum.transit_bcm_per_year = sc.transit_bcm20;
    GasCase c = base;
    c.nomination = std::move(noms[k]);
    sum.pressure_bounds = CasePressureBounds(c);
    Evaluator evaluator(options, c, ann);
    Evaluation ev;
    s = evaluator.Evaluate(c, &ev, {});
    if (!s.ok()) return s;
    sum.solves += ev.solves;
    sum.steady = ev.steady;
    sum.solution = ev.solution;
    sum.friction = options.steady.friction;
    sum.norm_density_kg_per_m3 = ev.norm_density;
    sum.arc_gas = ev.arc_gas;
    sum.feasible = ev.feasible;
    sum.binding = ev.binding;
    sum.stations = ev.stations;
    sum.capacity_use = ev.capacity_use;
    for (StationCheck& st : sum.stations) {
      auto a = c.network.FindArc(st.id);
      if (!a) continue;
      auto it = ann.node_country.find(c.network.arcs[*a].from);
      if (it != ann.node_country.end()) st.country = it->second;
    }
    sum.total_power_W = ev.total_power_W;
    sum.notes = ev.notes;
    if (ev.one_gas_state)
      sum.notes.push_back(
          "its state has no solution with the entries' mean gas for every volume and pipe (the "
          "first solve of each state), so neither the nodes' masses nor the pipes' gases could "
          "be tracked: its verdict is that model's");
    sum.verdict = ev.feasible ? "converged, within limits"
                  : ev.converged ? "converged, limits violated"
                                 : std::string(VerdictName(ev.steady.verdict));
    const Network& net = c.network;
    const bool have = ev.converged && ev.solution.pressure_Pa.size() == net.nodes.size();
    // Border flows.
    if (have_groups && have) {
      for (const AccountingPoint& ap : groups.points) {
        auto a = net.FindArc(ap.arc_id);
        if (!a) continue;
        BorderFlow bf;
        bf.id = ap.id;
        bf.name = ap.name;
        bf.from_country = ap.from_country;
        bf.to_country = ap.to_country;
        const double q = ev.solution.mass_flow_kg_per_s[*a];
        const Arc& arc = net.arcs[*a];
        bf.mass_kg_per_s = q * ap.direction;
        bf.volume_m3_per_s =
            bf.mass_kg_per_s / ev.norm_density[q >= 0.0 ? arc.from_index : arc.to_index];
        sum.borders.push_back(bf);
      }
    }
    // Pressures at Astara and at the Iranian exits.
    if (have) {
      for (std::size_t i = 0; i < net.nodes.size(); ++i) {
        const Node& nd = net.nodes[i];
        auto ctry = ann.node_country.find(nd.id);
        const bool iran = ctry != ann.node_country.end() && ctry->second == "IR";
        const bool astara = nd.id == "ir_astara" || nd.id == "az_astara";
        if (!astara && !(iran && nd.kind == NodeKind::kSink)) continue;
        PressureCheck pc;
        pc.node_id = nd.id;
        pc.name = evaluator.NodeName(nd.id);
        pc.pressure_Pa = ev.solution.pressure_Pa[i];
        pc.min_Pa = sum.pressure_bounds[i].lower_Pa;
        pc.max_Pa = sum.pressure_bounds[i].upper_Pa;
        pc.ok = pc.pressure_Pa >= pc.min_Pa - options.pressure_tolerance_Pa &&
                (pc.max_Pa <= 0 || pc.pressure_Pa <= pc.max_Pa + options.pressure_tolerance_Pa);
        sum.pressures.push_back(pc);
      }
      for (std::size_t i = 0; i < net.nodes.size(); ++i) {
        const Node& nd = net.nodes[i];
        const NodePressureBounds& b = sum.pressure_bounds[i];
        const double p = ev.solution.pressure_Pa[i];
        const bool low = si::AtLowerBound(p, b.lower_Pa);
        const bool high = b.upper_Pa > 0 && std::abs(p - b.upper_Pa) <= si::kAtBound_Pa;
        if (!low && !high) continue;
        sum.at_bound.push_back(
            {nd.id, evaluator.NodeName(nd.id), p, b.lower_Pa, b.upper_Pa, true});
      }
    }
    // Origins at Astara and Rasht.
    if (options.track_origins && have_groups && have) {
      TrackingOptions to;
      to.keep_point_fractions = false;
      to.zero_flow_kg_per_s = std::max(to.zero_flow_kg_per_s, FlowResolution(net, ev.solution));
      TrackingSummary tsum;
      // The swap balance needs the scenario's swap input (annotations.json `scenarios`).
      OriginGroups scenario_groups = groups;
      // The scenario's own swap fee (documented, but ignored: 0.15, "x" and 1.5 all read
      // "fee 25 %"), read and checked by the groups reader as for `corridor track`.
      if (auto f = scenario_groups.scenario_swap_fee.find(
              std::filesystem::path(sc.file).filename().string());
          scenario_groups.swap && f != scenario_groups.scenario_swap_fee.end()) {
        scenario_groups.swap->fee = f->second;
        // (Its provenance with it: the note named the file-wide swap.fee beside the
        // scenario's 0.30.)
        scenario_groups.swap->fee_provenance = "annotations.json scenarios entry for " + f->first;
      }
      // The scenario's own swap input wins over the file-wide one (as for `corridor track`);
      // its 0 (swap-stopped) is no swap. A file-wide input alone was dropped in silence.
      bool swap_input_known = false;
      bool swap_input_zero = false;  // given, as 0 (else not given at all)
      if (scenario_groups.swap) {
        const std::string scn_file = std::filesystem::path(sc.file).filename().string();
        auto it = scenario_groups.scenario_swap_input_m3_per_s.find(scn_file);
        if (it != scenario_groups.scenario_swap_input_m3_per_s.end()) {
          scenario_groups.swap->input_m3_per_s = it->second;
          scenario_groups.swap->input_provenance = "annotations.json scenarios entry for " + scn_file;
          swap_input_known = it->second > 0.0;
          swap_input_zero = !swap_input_known;
        } else {
          swap_input_known = scenario_groups.swap->input_m3_per_s > 0.0;
        }
      }
      Status t = TrackGas(net, ev.solution.mass_flow_kg_per_s, ev.solution.injection_kg_per_s,
                          scenario_groups, to, &tsum);
      if (t.ok() && swap_input_known && tsum.swap) {
        sum.swap_report = tsum.SwapReport();
        sum.swap = tsum.swap;
        // The MW of the balance are gross calorific values of the origins' gas: where the
        // case estimates their compositions, the energy position rests on them (baseline's
        // +113 MW at balanced volumes is Iran's 42.3 MJ/m3 against Turkmenistan's 40.0).
        // Only the origins in the balance: the swap input's and the delivered molecules'
        // (baseline's note named Azerbaijan too, whose gas is in neither).
        std::vector<std::string> in_balance;
        for (const std::string& origin : ann.estimated_gas_origins) {
          bool in = origin == tsum.swap->spec.supplier_group;
          const auto& delivered = tsum.swap->delivered_group_m3_per_s;
          for (std::size_t g = 0; g < delivered.size() && g < tsum.group_names.size(); ++g)
            in = in || (tsum.group_names[g] == origin && delivered[g] > 0.0);
          if (in) in_balance.push_back(origin);
        }
        if (!in_balance.empty())
          sum.swap_report += fmt::format(
              "  note: MW at gross calorific value (25 degC combustion); the {} of {} {}\n"
              "  (annotations.json gas_origins), and the energy position rests on {}\n",
              in_balance.size() == 1 ? "composition" : "compositions", fmt::join(in_balance, ", "),
              in_balance.size() == 1 ? "is an estimate" : "are estimates",
              in_balance.size() == 1 ? "it" : "them");
        // Said here because it decides how to read the net position: the hydraulics
        // converted every nominated volume to mass with one mean norm density.
        if (!options.volumes_at_gas_density)
          sum.swap_report +=
            "  note: the hydraulics convert every nominated volume with one mean norm density;\n"
            "  a delivery of gas denser or lighter than that mean then differs from its\n"
            "  nominated volume, which shows in the net position above. `corridor track\n"
            "  --local-density` iterates each node's own gas and removes this difference.\n";
      } else if (t.ok() && scenario_groups.swap) {
        // swap-stopped dropped the block in silence.
        // (swap-stopped gives 0, which "gives it no swap input" misread.)
        sum.swap_report = swap_input_zero
                              ? "Swap               : none in this scenario (annotations.json "
                                "gives it a swap input of 0)\n"
                              : "Swap               : none in this scenario (annotations.json "
                                "gives it no swap input)\n";
      }
      if (t.ok()) {
        // True where the node is there to track (a case without it has no such line).
        auto mix = [&](const std::string& id, std::vector<std::pair<std::string, double>>* out) {
          auto i = net.FindNode(id);
          if (!i || *i >= tsum.nodes.size()) return false;
          if (!tsum.nodes[*i].has_gas) return true;
          for (std::size_t g = 0; g < tsum.group_names.size(); ++g)
            if (g < tsum.nodes[*i].group_share.size() && tsum.nodes[*i].group_share[g] > 1e-6)
              out->push_back({tsum.group_names[g], tsum.nodes[*i].group_share[g]});
          return true;
        };
        sum.mix_astara_tracked = mix("ir_astara", &sum.mix_astara);
        sum.mix_rasht_tracked = mix("ir_rasht", &sum.mix_rasht);
        sum.origin_transit = tsum.Transit();
      } else {
        sum.tracking_note = "tracking failed: " + t.ToString();
      }
    }
    // A swap input without a solution: the balance needs the flows. Said, and kept apart in
    // summary.json from a scenario without a swap (ru-10bcm's swap read null, as
    // swap-stopped's).
    if (options.track_origins && have_groups && !have && groups.swap) {
      const std::string scn_file = std::filesystem::path(sc.file).filename().string();
      auto it = groups.scenario_swap_input_m3_per_s.find(scn_file);
      const double input = it != groups.scenario_swap_input_m3_per_s.end()
                               ? it->second
                               : groups.swap->input_m3_per_s;
      if (input > 0.0) {
        sum.swap_input_unchecked_m3_per_s = input;
        sum.swap_report = fmt::format(
            "Swap               : not checked: no solution (the scenario's swap input is {:.4f} "
            "mcm/d at 0 degC)\n",
            input / units::kMcmPerDay);
      }
    }
    // Headroom: with every limit, with the station flow bounds lifted (what the pipes and
    // the compressor power would allow if the plants' throughput were enlarged), and with
    // the published capacities binding too (what the pipelines are published to carry).
    if (options.headroom) {
      std::map<double, Evaluation> states;  // per transit, shared by the three searches
      s = SearchHeadroom(evaluator, c, options, sc.transit_bcm20, &ev, {}, &states,
                         &sum.headroom);
      if (!s.ok()) return s;
      s = SearchHeadroom(evaluator, c, options, sc.transit_bcm20, nullptr,
                         {.station_flow = false}, &states,
                         &sum.headroom_without_station_flow_limits);
      if (!s.ok()) return s;
      sum.solves += sum.headroom.solves + sum.headroom_without_station_flow_limits.solves;
      if (options.headroom_within_published_capacities && !ann.capacities.empty()) {
        s = SearchHeadroom(evaluator, c, options, sc.transit_bcm20, nullptr,
                           {.published_capacities = true}, &states,
                           &sum.headroom_within_published_capacities);
        if (!s.ok()) return s;
        sum.solves += sum.headroom_within_published_capacities.solves;
      }
      // The same searches under each published alternative of a pipe's parameter, one at a
      // time (the facts give the Hajigabul-Astara line at 1200 and at 1020 mm and ask for
      // both; the network has one).
      const auto& asked = options.sensitivity_scenarios;
      if (std::find(asked.begin(), asked.end(), sc.name) != asked.end())
        for (const CaseAnnotations::Alternative& alt : ann.alternatives) {
          GasCase ca = c;
          const auto a = ca.network.FindArc(alt.arc);
          if (!a) continue;  // (refused before any run)
          PipeData& pipe = ca.network.arcs[*a].pipe;
          if (alt.SameAs(pipe)) continue;  // (a warning at its line)
          double& value = CaseAnnotations::Alternative::Of(pipe, alt.parameter);
          Sensitivity sen;
          sen.arc_id = alt.arc;
          sen.arc_name = alt.name;
          sen.parameter = alt.parameter;
          sen.value_m = alt.value_m;
          sen.network_value_m = value;
          sen.provenance = alt.provenance;
          value = alt.value_m;
          const Evaluator alt_evaluator(options, ca, ann);
          Evaluation own;
          s = alt_evaluator.Evaluate(ca, &own, {});
          if (!s.ok()) return s;
          std::map<double, Evaluation> alt_states;
          s = SearchHeadroom(alt_evaluator, ca, options, sc.transit_bcm20, &own, {},
                             &alt_states, &sen.headroom);
          if (!s.ok()) return s;
          s = SearchHeadroom(alt_evaluator, ca, options, sc.transit_bcm20, nullptr,
                             {.station_flow = false}, &alt_states,
                             &sen.headroom_without_station_flow_limits);
          if (!s.ok()) return s;
          if (sum.headroom_within_published_capacities.searched) {
            s = SearchHeadroom(alt_evaluator, ca, options, sc.transit_bcm20, nullptr,
                               {.published_capacities = true}, &alt_states,
                               &sen.headroom_within_published_capacities);
            if (!s.ok()) return s;
          }
          sen.solves = own.solves + sen.headroom.solves +
                       sen.headroom_without_station_flow_limits.solves +
                       sen.headroom_within_published_capacities.solves;
          sum.solves += sen.solves;
          sum.sensitivities.push_back(std::move(sen));
        }
    }
    sum.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - ts0).count();
    report->solves += sum.solves;
    report->scenarios.push_back(std::move(sum));
  }
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

Status RunCorridorScenarios(const ScenarioOptions& options, CorridorReport* report,
                            Diagnostics* diag) {
  return internal::GuardedCall(
      "RunCorridorScenarios", [&] { return RunCorridorScenariosUnguarded(options, report, diag); });
}

}  // namespace corridor
