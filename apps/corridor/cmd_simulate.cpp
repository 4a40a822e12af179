// corridor simulate FILES...: steady-state simulation of a loaded case.
//
// Prints the solver's report (verdict, iterations, residuals, extremes, bound violations,
// the model with every option, the active elements with their operating points and limits)
// and, with --out DIR, writes DIR/nodes.csv, DIR/arcs.csv, DIR/network.geojson (the network
// with those files' columns as properties) and DIR/summary.json, all or nothing. The first
// three are written only for a converged solution (an
// unconverged iterate is not a result; otherwise those of an earlier run are removed in
// the same step); summary.json always. --controls FILE sets the active elements
// (docs/controls.md); --plots DIR writes one SVG characteristic diagram per running
// compressor unit with its operating point (and removes the diagrams an earlier run drew for
// this network's units that this run does not draw).
//
// Exit status: 0 converged; 1 unusable input or options (nothing written); 2 infeasible;
// 3 failed (numerical); 4 the output could not be written.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "corridor/controls.h"
#include "corridor/decisions.h"
#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/plots.h"
#include "corridor/steady.h"
#include "corridor/units.h"
#include "corridor/validate.h"
// Internal header of the library (the CLI target has src/ on its include path).
#include "core/output_set.h"
#include "core/suggest.h"
#include "io/text.h"
#include "steady/steady_outputs.h"

namespace corridor::cli {

namespace {

using steady_outputs::ArcResults;
using steady_outputs::ArcsCsv;
using steady_outputs::Column;
using steady_outputs::NodeResults;
using steady_outputs::NodesCsv;
using steady_outputs::ResultsGeoJson;
using steady_outputs::SummaryJson;

/// --set's spellings of the modes (ARC=MODE or ARC=MODE:VALUE) and the factor from the value
/// as given to SI.
struct SetForm {
  const char* name;
  ElementMode mode;
  bool value;
  double to_si;
};
constexpr SetForm kSetForms[] = {
    {"open", ElementMode::kOpen, false, 1.0},
    {"closed", ElementMode::kClosed, false, 1.0},
    {"bypass", ElementMode::kBypass, false, 1.0},
    {"ratio", ElementMode::kRatio, true, 1.0},
    {"outlet", ElementMode::kOutletPressure, true, units::kBar},
    {"inlet", ElementMode::kInletPressure, true, units::kBar},
    {"flow", ElementMode::kFlow, true, units::kThousandM3PerHour},
    {"dp", ElementMode::kPressureDrop, true, units::kBar},
    // A controls file's spellings too (SetName takes the short ones above).
    {"outlet_pressure", ElementMode::kOutletPressure, true, units::kBar},
    {"inlet_pressure", ElementMode::kInletPressure, true, units::kBar},
    {"delta_p", ElementMode::kPressureDrop, true, units::kBar}};

/// The network's ids, for DidYouMean (on an error only).
std::vector<std::string_view> ArcIds(const Network& n) {
  std::vector<std::string_view> ids;
  ids.reserve(n.arcs.size());
  for (const Arc& a : n.arcs) ids.push_back(a.id);
  return ids;
}
std::vector<std::string_view> NodeIds(const Network& n) {
  std::vector<std::string_view> ids;
  ids.reserve(n.nodes.size());
  for (const Node& v : n.nodes) ids.push_back(v.id);
  return ids;
}

/// A mode in --set's spelling ("dp", not the library's "delta_p").
const char* SetName(ElementMode mode) {
  for (const SetForm& f : kSetForms)
    if (f.mode == mode) return f.name;
  return ElementModeName(mode);
}

/// The mode of an ARC=MODE[:VALUE] as written ("delta_p" where the user wrote it, not the
/// "dp" of SetName).
std::string_view SetModeAsWritten(std::string_view set) {
  set.remove_prefix(std::min(set.size(), set.rfind('=') + 1));
  return set.substr(0, set.find(':'));
}

/// What --set takes for an element of `kind`, in its spellings, from the solver's
/// ElementTakesMode (a list written out here had to be kept in step with it by hand).
std::string SetFormsOf(ArcKind kind) {
  std::string out;
  for (const SetForm& f : kSetForms)
    if (ElementTakesMode(kind, f.mode) && std::string_view(SetName(f.mode)) == f.name)
      out += fmt::format("{}{}{}", out.empty() ? "" : ", ", f.name, f.value ? ":VALUE" : "");
  return out.empty() ? std::string(" has no controls") : " takes " + out;
}

struct SimulateArgs {
  std::vector<std::string> files;
  std::vector<std::string> slacks;
  std::vector<std::string> sets;
  std::string friction = "nikuradse";
  std::string eos = "papay";
  std::string pipe_model = "standard";
  double gravity = std::nan("");
  bool ratio_forward_only = false;
  std::string cnga;  // "B1,B2" (B2 in 1/bar)
  std::string gas;   // "KEY=VALUE,..." (GasKeys)
  double temperature_C = std::nan("");
  bool no_height = false;
  std::string out_dir;
  std::string controls;
  std::string plots_dir;
  std::string save_controls;  // --save-controls FILE
  bool no_limits = false;
  bool no_fuel = false;
  double ambient_C = std::nan("");
  double scale = 1.0;  // every nominated flow times this (--scale)
  bool no_timings = false;
  bool strict_bounds = false;              // --strict-bounds: exit 5 outside a bound
  int max_iterations = 100;
  double time_limit_s = SteadyOptions().time_limit_s;  // --time-limit
  std::vector<std::string> lambdas;         // --lambda VALUE | PIPE=VALUE (--friction fixed)
  bool no_continuation = false;
  bool decisions = false;                  // --decisions: apply the .cdf
  std::vector<std::string> decision_choices;  // --decision GROUP=DECISION
  int threads = 0;
  std::size_t max_messages = 50;
};

// The result files (nodes.csv, arcs.csv, network.geojson, summary.json) are the library's
// (steady/steady_outputs.h): WriteSteadyOutputs writes the same for a library user.

// An id as a file name: characters outside [A-Za-z0-9._-] become '_'.
std::string SafeFileName(const std::string& id) {
  std::string s = id;
  for (char& ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-'))
      ch = '_';
  return s.empty() ? "_" : s;
}

// The diagrams in `dir` that an earlier `--plots` run wrote for these stations and that
// `files` does not write again: names "<station>__<compressor>.svg" and their numbered
// variants "<station>__<compressor>_<k>.svg", as the loop above gives them.
std::vector<std::string> StaleDiagrams(const std::string& dir, const CompressorStationData& cs,
                                       const std::vector<FileContent>& files) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  std::set<std::string> prefixes, written;
  for (const StationMachines& st : cs.stations) {
    for (const TurboCompressor& t : st.turbo)
      prefixes.insert(SafeFileName(st.id) + "__" + SafeFileName(t.id));
    for (const PistonCompressor& p : st.piston)
      prefixes.insert(SafeFileName(st.id) + "__" + SafeFileName(p.id));
  }
  for (const FileContent& f : files) written.insert(fs::path(f.path).filename().string());
  auto ours = [&](const std::string& name) {
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".svg") != 0) return false;
    std::string stem = name.substr(0, name.size() - 4);
    if (prefixes.count(stem)) return true;
    const std::size_t u = stem.rfind('_');
    if (u == std::string::npos || u + 1 == stem.size()) return false;
    for (std::size_t k = u + 1; k < stem.size(); ++k)
      if (!std::isdigit(static_cast<unsigned char>(stem[k]))) return false;
    return prefixes.count(stem.substr(0, u)) > 0;
  };
  std::vector<std::string> stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (ours(name) && !written.count(name)) stale.push_back((fs::path(dir) / name).string());
  }
  std::sort(stale.begin(), stale.end());
  return stale;
}


// The gas properties --gas gives, each in the unit the command takes, with the plausible
// range of docs/check.md where it has one.
struct GasKey {
  const char* key;
  const char* unit;
  double lo, hi;     // in the command's unit, inclusive
  double to_si;      // factor to SI
  double GasModel::*field;
};
constexpr GasKey kGasKeys[] = {
    {"M", "kg/kmol", plausible::kMinMolarMass_kg_per_mol * 1e3,
     plausible::kMaxMolarMass_kg_per_mol * 1e3, 1e-3, &GasModel::molar_mass_kg_per_mol},
    {"pc", "bar", plausible::kMinPseudocriticalPressure_Pa / units::kBar,
     plausible::kMaxPseudocriticalPressure_Pa / units::kBar, units::kBar,
     &GasModel::pseudocritical_pressure_Pa},
    {"Tc", "K", plausible::kMinPseudocriticalTemperature_K,
     plausible::kMaxPseudocriticalTemperature_K, 1.0, &GasModel::pseudocritical_temperature_K},
    {"rho_n", "kg/m3", plausible::kMinNormDensity_kg_per_m3,
     plausible::kMaxNormDensity_kg_per_m3, 1.0, &GasModel::norm_density_kg_per_m3},
    {"Hs", "MJ/m3", plausible::kMinCalorificValue_J_per_m3 / 1e6,
     plausible::kMaxCalorificValue_J_per_m3 / 1e6, 1e6,
     &GasModel::calorific_value_J_per_m3},
    {"mu", "Pa s", 1e-7, 1e-3, 1.0, &GasModel::dynamic_viscosity_Pa_s},
    {"kappa", "", 1.0001, 2.0, 1.0, &GasModel::isentropic_exponent},
    {"z0", "", 0.1, 2.0, 1.0, &GasModel::linear_z_offset},
    {"z1", "1/bar", -0.1, 0.1, 1.0 / units::kBar, &GasModel::linear_z_slope_per_Pa},
    // The norm density inside --pipe-model pandapipes' law (pandapipes' fluid property),
    // where it differs from the one that converts the nomination.
    {"rho_n_pipe", "kg/m3", plausible::kMinNormDensity_kg_per_m3,
     plausible::kMaxNormDensity_kg_per_m3, 1.0, &GasModel::pipe_law_norm_density_kg_per_m3},
};

std::string GasKeyList() {
  std::string list;
  for (const GasKey& k : kGasKeys)
    list += fmt::format("{}{}{}", list.empty() ? "" : ", ", k.key,
                        *k.unit ? fmt::format(" ({})", k.unit) : std::string());
  return list;
}

// --gas KEY=VALUE,...: the given properties (SI) with their keys, or the problems found.
struct GivenGas {
  std::vector<std::pair<const GasKey*, double>> values;
};
void ParseGas(const std::string& text, GivenGas* out, std::vector<std::string>* errors) {
  std::set<std::string> seen;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(at, end - at);
    at = end + 1;
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const GasKey* k = nullptr;
    for (const GasKey& g : kGasKeys)
      if (key == g.key) k = &g;
    if (eq == std::string::npos || k == nullptr) {
      errors->push_back(fmt::format("--gas '{}': expected KEY=VALUE with KEY one of {} "
                                    "[unknown-key]",
                                    item, GasKeyList()));
      continue;
    }
    if (!seen.insert(key).second) {
      errors->push_back(
          fmt::format("--gas gives {} twice; give each property once [duplicate-key]", key));
      continue;
    }
    if (eq + 1 == item.size()) {  // ("M=": was "'' is not a plausible value")
      errors->push_back(fmt::format("--gas {}= has no value (a number from {:g} to {:g}{}{}) "
                                    "[missing-value]",
                                    key, k->lo, k->hi, *k->unit ? " " : "", k->unit));
      continue;
    }
    double v = 0.0;
    const bool ok = io::ParseFiniteDouble(std::string_view(item).substr(eq + 1), &v);
    if (!ok) {  // (a word: "not a plausible value" suggested it was a number out of range)
      errors->push_back(fmt::format("--gas {}: '{}' is not a number (a number from {:g} to "
                                    "{:g}{}{}) [bad-number]",
                                    key, item.substr(eq + 1), k->lo, k->hi,
                                    *k->unit ? " " : "", k->unit));
      continue;
    }
    if (!plausible::InRange(v, k->lo, k->hi)) {
      errors->push_back(fmt::format("--gas {}: '{}' is not a plausible value (a number from "
                                    "{:g} to {:g}{}{}) [out-of-range]",
                                    key, item.substr(eq + 1), k->lo, k->hi,
                                    *k->unit ? " " : "", k->unit));
      continue;
    }
    out->values.push_back({k, v * k->to_si});
  }
}

// The options as parsed before any file is read.
struct ParsedOptions {
  SteadyOptions opt;
  std::vector<std::string> set_text;  // per opt.settings entry, as given (for messages)
  GivenGas given;                     // --gas
  bool friction_known = false;
  double lambda_all = 0.0;  // --lambda VALUE: every pipe's fixed friction factor (0: none)
  bool lambda_refused = false;  // a bare --lambda VALUE was refused (no missing-lambda then)
  std::vector<std::string> decision_texts;  // --decision, each GROUP=DECISION in form
};

// The options as SteadyOptions, and every problem of their values that needs no file, after
// those CLI11's checks refused (a range, a number's form): one run names every bad option.
std::vector<std::string> ParseSimulateOptions(const SimulateArgs& a,
                                              const std::vector<std::string>& usage,
                                              ParsedOptions* parsed) {
  SteadyOptions& opt = parsed->opt;
  GivenGas& given = parsed->given;
  std::vector<std::string> errors = usage;
  const bool friction_known = ParseFrictionLaw(a.friction, &opt.friction);
  parsed->friction_known = friction_known;
  if (!friction_known)
    errors.push_back(fmt::format("--friction '{}' unknown (one of: {}) [unknown-choice]",
                                 a.friction, FrictionLawNames()));
  // --lambda: a bare value for every pipe, PIPE=VALUE for one (checked against the
  // network later); only with --friction fixed, which needs a factor for every pipe.
  for (const std::string& item : a.lambdas) {
    const std::size_t eq = item.rfind('=');
    // (The pipe's name as the other options take it: white space around dropped.)
    const std::string id = eq == std::string::npos
                               ? std::string()
                               : std::string(io::TrimAsciiSpace(item.substr(0, eq)));
    const std::string_view text =
        std::string_view(item).substr(eq == std::string::npos ? 0 : eq + 1);
    double v = 0.0;
    const bool number = io::ParseFiniteDouble(text, &v);
    const std::string_view why = number ? std::string_view() : io::NotFiniteDoubleWhy(text);
    if (!number && io::IsDoubleRangeWhy(why) && (eq == std::string::npos || !id.empty())) {
      errors.push_back(fmt::format("--lambda '{}': the value {}; a friction factor is in (0, "
                                   "1] [out-of-range]",
                                   item, why));
      if (id.empty()) parsed->lambda_refused = true;  // (a bare value: every pipe's)
      continue;
    }
    if (!number || (eq != std::string::npos && id.empty())) {
      errors.push_back(fmt::format("--lambda '{}': expected VALUE or PIPE=VALUE, a friction "
                                   "factor in (0, 1]{} [bad-number]",
                                   item, FileAsValueHint(item)));
      if (id.empty()) parsed->lambda_refused = true;  // (a bare value: every pipe's)
      continue;
    }
    if (!(v > 0.0 && v <= 1.0)) {
      errors.push_back(fmt::format("--lambda '{}': a friction factor is in (0, 1], not {} "
                                   "[out-of-range]",
                                   item, v));
      if (id.empty()) parsed->lambda_refused = true;  // (a bare value: every pipe's)
      continue;
    }
    if (id.empty() && parsed->lambda_all > 0.0)
      errors.push_back(fmt::format("--lambda '{}': a value for every pipe is given twice "
                                   "[duplicate-id]",
                                   item));
    else if (id.empty())
      parsed->lambda_all = v;
    else if (!opt.fixed_friction_factor.emplace(id, v).second)
      errors.push_back(fmt::format("--lambda '{}': pipe '{}' is given twice [duplicate-id]",
                                   item, id));
  }
  if (!a.lambdas.empty() && friction_known && opt.friction != FrictionLaw::kFixed)
    errors.push_back(fmt::format("--lambda gives fixed friction factors, which only --friction "
                                 "fixed takes (--friction is {}) [needs-fixed-friction]",
                                 FrictionLawName(opt.friction)));
  const bool eos_known = ParseEquationOfState(a.eos, &opt.eos);
  if (!eos_known)
    errors.push_back(fmt::format("--eos '{}' unknown (one of: {}) [unknown-choice]", a.eos,
                                 EquationOfStateNames()));
  const bool model_known = ParsePipeModel(a.pipe_model, &opt.pipe_model);
  if (!model_known)
    errors.push_back(fmt::format("--pipe-model '{}' unknown (one of: {}) [unknown-choice]",
                                 a.pipe_model, PipeModelNames()));
  if (!std::isnan(a.gravity)) {
    // Gravity at the earth's surface lies between 9.78 (equator) and 9.84 m/s2 (poles,
    // heights of gas networks included); pandapipes takes 9.81.
    if (!plausible::InRange(a.gravity, 9.7, 9.9))
      errors.push_back(fmt::format("--gravity {}: expected the acceleration of gravity at "
                                   "the earth's surface, 9.7 to 9.9 m/s2 [out-of-range]",
                                   a.gravity));
    if (a.no_height)
      errors.push_back("--gravity enters only the height term, which --no-height leaves out "
                       "[needs-height]");
    opt.gravity_m_per_s2 = a.gravity;
  }
  opt.compressor_forward_only = a.ratio_forward_only;
  if (!a.cnga.empty()) {
    // GasSteadySim's coefficients of rho a^2 = b1 p + b2 p^2 (without them CNGA is ideal gas).
    const auto comma = a.cnga.find(',');
    double b1 = 0.0, b2 = 0.0;
    bool ok = comma != std::string::npos;
    if (ok) {
      const std::string_view c = a.cnga;
      ok = io::ParseFiniteDouble(c.substr(0, comma), &b1) &&
           io::ParseFiniteDouble(c.substr(comma + 1), &b2) && b1 > 0.0;
    }
    if (!ok)
      errors.push_back(
          fmt::format("--cnga '{}': expected B1,B2 (b1 > 0, b2 in 1/bar) [bad-number]", a.cnga));
    else if (opt.eos != EquationOfState::kCnga)
      errors.push_back(fmt::format("--cnga '{}' needs --eos cnga [needs-eos-cnga]", a.cnga));
    opt.gas.cnga_b1 = b1;
    opt.gas.cnga_b2_per_Pa = b2 / units::kBar;
  }
  if (!a.gas.empty()) ParseGas(a.gas, &given, &errors);
  for (const auto& [k, v] : given.values)
    if (k->field == &GasModel::pipe_law_norm_density_kg_per_m3 && model_known &&
        opt.pipe_model != PipeModel::kPandapipes)
      errors.push_back("--gas rho_n_pipe is the norm density inside the pandapipes pipe law "
                       "and needs --pipe-model pandapipes [needs-pandapipes-law]");
    else if ((k->field == &GasModel::linear_z_offset ||
              k->field == &GasModel::linear_z_slope_per_Pa) &&
             eos_known && opt.eos != EquationOfState::kLinear)
      errors.push_back(fmt::format("--gas {} is a coefficient of --eos linear's z = z0 + z1 p "
                                   "and needs --eos linear (without it, it has no effect) "
                                   "[needs-eos-linear]",
                                   k->key));
    // (As z0 and z1: a value that changes nothing was listed as given in the Gas line.)
    // (Under fixed too, a physics audit's: mu was listed as given and changed nothing.)
    else if (k->field == &GasModel::dynamic_viscosity_Pa_s && friction_known &&
             (opt.friction == FrictionLaw::kNikuradse || opt.friction == FrictionLaw::kFixed))
      errors.push_back(fmt::format(
          "--gas mu enters only the friction laws that depend on the Reynolds number "
          "(--friction colebrook-white, hofer, pandapipes-nikuradse); with {} it has no "
          "effect [needs-reynolds-friction]",
          opt.friction == FrictionLaw::kFixed ? "fixed friction factors"
                                              : "nikuradse's fully rough law"));
    else if ((k->field == &GasModel::pseudocritical_pressure_Pa ||
              k->field == &GasModel::pseudocritical_temperature_K) &&
             eos_known && opt.eos != EquationOfState::kPapay &&
             opt.eos != EquationOfState::kAga)
      errors.push_back(fmt::format("--gas {} enters only the compressibilities of --eos papay "
                                   "and aga; with --eos {} it has no effect "
                                   "[needs-papay-or-aga]",
                                   k->key, EquationOfStateName(opt.eos)));
  const FirstGiven first_slack(a.slacks);
  for (const std::string& s : a.slacks) {
    SlackNode sl;
    std::string err;
    if (!ParseSlack(s, &sl, &err)) {
      errors.push_back(err);
      continue;
    }
    if (const std::string* first = first_slack(sl.node_id, s)) {
      errors.push_back(fmt::format("--slack names node '{}' twice ('{}' and '{}'); give each "
                                   "pressure reference once [duplicate-id]",
                                   sl.node_id, *first, s));
      continue;
    }
    opt.slacks.push_back(std::move(sl));
  }
  const FirstGiven first_set(a.sets, true);
  for (const std::string& s : a.sets) {
    // ARC=open|closed|bypass|ratio:R|outlet:BAR|inlet:BAR|flow:KNM3H|dp:BAR, each value
    // within the range a controls file takes (docs/controls.md).
    const std::string forms =
        "expected ARC=open, ARC=closed, ARC=bypass, ARC=ratio:R, ARC=outlet:BAR, "
        "ARC=inlet:BAR (bar absolute), ARC=flow:Q (1000 Nm3/h) or ARC=dp:BAR (a controls "
        "file's outlet_pressure, inlet_pressure and delta_p too)";
    // At the last '=': no mode or value holds one, an id may ("CS=02=ratio:1.1").
    const auto eq = s.rfind('=');
    if (eq == 0) {  // (the forms alone did not say what was wrong)
      errors.push_back(fmt::format("--set '{}': the id is empty; {} [empty-id]", s, forms));
      continue;
    }
    if (eq == std::string::npos) {
      errors.push_back(fmt::format("--set '{}': {}{} [unknown-mode]", s, forms,
                                   FileAsValueHint(s)));
      continue;
    }
    ElementSetting es;
    es.arc_id = s.substr(0, eq);
    // White space at the id's ends is bad-id, as in a controls file (' =open' read "names
    // arc ' '"); the rest of the setting is still checked, with the id as meant.
    if (const std::string where = io::IdWhiteSpace(es.arc_id); !where.empty()) {
      errors.push_back(fmt::format("--set '{}': {} [bad-id]", s,
                                   io::IdWhiteSpaceMessage("id", es.arc_id, where)));
      es.arc_id = std::string(io::TrimIdSpace(es.arc_id));
      if (es.arc_id.empty()) continue;
    }
    const std::string m = s.substr(eq + 1);
    const auto colon = m.find(':');
    // Any case, as a controls file's modes ("Ratio:1.2" was refused here alone).
    const std::string mode = io::AsciiLower(m.substr(0, colon));
    const SetForm* form = nullptr;
    for (const SetForm& f : kSetForms)
      if (mode == f.name) form = &f;
    if (form == nullptr || form->value != (colon != std::string::npos)) {
      errors.push_back(fmt::format("--set '{}': {} [{}]", s, forms,
                                   form == nullptr ? "unknown-mode"
                                   : form->value   ? "missing-value"
                                                   : "unexpected-value"));
      continue;
    }
    es.mode = form->mode;
    if (form->value) {
      const std::string text = m.substr(colon + 1);
      double value = 0.0;
      if (!io::ParseFiniteDouble(text, &value)) {
        // The rules of a controls file's value, whose row a --set is: none given,
        // missing-value; inf, nan and a number beyond a double's range (1e400, 1e-400),
        // not-finite; other text, not-a-number.
        const std::string_view why = io::NotFiniteDoubleWhy(text);
        const bool not_finite = std::string_view(io::NumberRule(text)) == "not-finite";
        errors.push_back(
            io::TrimAsciiSpace(text).empty()
                ? fmt::format("--set '{}': mode '{}' needs a value [missing-value]", s,
                              ElementModeName(es.mode))
            : not_finite
                ? fmt::format("--set '{}': value '{}' of mode '{}' {} [not-finite]", s, text,
                              ElementModeName(es.mode),
                              io::IsDoubleRangeWhy(why) ? why : "is not a finite number")
                : fmt::format("--set '{}': value '{}' of mode '{}' is not a number "
                              "[not-a-number]",
                              s, text, ElementModeName(es.mode)));
        continue;
      }
      if (const std::string problem = SettingValueProblem(es.mode, value); !problem.empty()) {
        errors.push_back(fmt::format("--set '{}': {} [out-of-range]", s, problem));
        continue;
      }
      es.value = value * form->to_si;
    }
    if (const std::string* first = first_set(es.arc_id, s)) {
      errors.push_back(fmt::format("--set names arc '{}' twice ('{}' and '{}'); give each "
                                   "element one setting [duplicate-id]",
                                   es.arc_id, *first, s));
      continue;
    }
    opt.settings.push_back(es);
    parsed->set_text.push_back(s);
  }
  for (const std::string& s : a.decision_choices) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size()) {
      errors.push_back(fmt::format("--decision '{}': expected GROUP=DECISION, the ids of a "
                                   "decision group of the .cdf and of one of its decisions{} "
                                   "[bad-form]",
                                   s, FileAsValueHint(s)));
      continue;
    }
    parsed->decision_texts.push_back(s);
  }
  // Temperatures within validation's plausible range (docs/check.md): beyond it the
  // solve can only fail or mean nothing.
  auto temperature = [&](const char* option, double celsius) {
    const double k = celsius + units::kZeroCelsius;
    if (!plausible::InRange(k, plausible::kMinTemperature_K, plausible::kMaxTemperature_K))
      // (The value as given: {:g} showed -100.0001 as -100, inside the range it names.)
      errors.push_back(fmt::format("{} {} degC is not a temperature a gas network has "
                                   "(plausible: {:g} to {:g} degC) [out-of-range]",
                                   option, celsius,
                                   plausible::kMinTemperature_K - units::kZeroCelsius,
                                   plausible::kMaxTemperature_K - units::kZeroCelsius));
    return k;
  };
  if (!std::isnan(a.temperature_C))
    opt.gas.temperature_override_K = temperature("--temperature", a.temperature_C);
  if (!std::isnan(a.ambient_C))
    opt.ambient_temperature_K = temperature("--ambient-temperature", a.ambient_C);
  opt.element_limits = !a.no_limits;
  opt.fuel_gas = !a.no_fuel;
  opt.height_term = !a.no_height;
  opt.max_iterations = a.max_iterations;
  opt.time_limit_s = a.time_limit_s;
  opt.load_continuation = !a.no_continuation;
  opt.threads = a.threads;
  // --save-controls naming the folder --out or --plots writes into: said before the solve
  // ("same: is a folder, cannot write a file there" came after it, of a folder that did
  // not exist yet).
  if (!a.save_controls.empty()) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path mine = fs::weakly_canonical(a.save_controls, ec);
    const std::pair<const char*, const std::string*> dirs[] = {{"--out", &a.out_dir},
                                                               {"--plots", &a.plots_dir}};
    for (const auto& [option, dir] : dirs) {
      if (dir->empty()) continue;
      std::error_code ed;
      if (!ec && mine == fs::weakly_canonical(*dir, ed) && !ed)
        errors.push_back(fmt::format("--save-controls {} names the folder {} writes into: "
                                     "give the file another name [output-clash]",
                                     Printable(a.save_controls), option));
    }
  }
  // Nor one of --out's files (written or removed by this run or by the next: a run that did
  // not converge removed DIR/nodes.csv as stale and wrote the controls there), and --plots
  // neither ("oo/nodes.csv: is a folder" came after the solve, exit 4: the folder the
  // diagrams had made).
  const std::pair<const char*, const std::string*> others[] = {
      {"--save-controls", &a.save_controls}, {"--plots", &a.plots_dir}};
  for (const auto& [option, path] : others) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (path->empty() || a.out_dir.empty()) continue;
    const fs::path mine = fs::weakly_canonical(*path, ec);
    if (ec) continue;
    for (const char* name : {"nodes.csv", "arcs.csv", "network.geojson", "summary.json"}) {
      std::error_code ed;
      if (mine == fs::weakly_canonical(fs::path(a.out_dir) / name, ed) && !ed)
        errors.push_back(fmt::format("{} {} is --out's {}: give {} [output-clash]", option,
                                     Printable(*path), name,
                                     path == &a.plots_dir ? "the diagrams another folder"
                                                          : "it another name"));
    }
  }
  // An output that is one of the run's inputs (--save-controls the controls file read, --out
  // the folder of a .scn named summary.json): said before the solve too (the diagrams'
  // names, known only after it, are checked again there).
  {
    std::vector<std::string> inputs = a.files, outputs;
    if (!a.controls.empty()) inputs.push_back(a.controls);
    if (!a.save_controls.empty()) outputs.push_back(a.save_controls);
    if (!a.out_dir.empty())
      for (const char* name : {"nodes.csv", "arcs.csv", "network.geojson", "summary.json"})
        outputs.push_back((std::filesystem::path(a.out_dir) / name).string());
    if (const std::string clash = OutputIsAnInput(inputs, outputs); !clash.empty())
      errors.push_back(Printable(clash) + " [output-clash]");
  }
  return errors;
}

// --decision's texts as (group, decision): split at the first '=' after which a group of the
// .cdf ends ("g=1=a" chooses 'a' in group 'g=1'), else at the first.
DecisionOptions SplitChoices(const std::vector<std::string>& texts,
                             const CombinedDecisions& cdf) {
  std::set<std::string_view> groups;
  for (const DecisionGroup& g : cdf.groups) groups.insert(g.id);
  DecisionOptions o;
  for (const std::string& t : texts) {
    std::size_t eq = t.find('=');
    for (std::size_t at = eq; at != std::string::npos; at = t.find('=', at + 1))
      if (groups.count(std::string_view(t).substr(0, at))) {
        eq = at;
        break;
      }
    o.choices.push_back({t.substr(0, eq), t.substr(eq + 1)});
  }
  return o;
}

// An element that --controls or --set set otherwise than a decision taken.
struct Overridden {
  std::string id, decided, given;  // modes' names; "run" for what a decision runs
  TakenDecision from;
  bool reversed = false;  // a control valve the decision runs to -> from (AppliedDecisions)
  std::string Text() const {
    return fmt::format("{} ({} by {}/{}{}, given {})", id, decided, from.group, from.decision,
                       reversed ? ", which runs it to -> from" : "", given);
  }
};

std::vector<std::string> OverriddenIds(const std::vector<Overridden>& overridden) {
  std::vector<std::string> ids;
  for (const Overridden& o : overridden) ids.push_back(o.id);
  return ids;
}

// Whether a mode takes a set-point (outlet, inlet, ratio, flow, delta_p).
bool ModeTakesValue(ElementMode m) {
  return m != ElementMode::kOpen && m != ElementMode::kClosed && m != ElementMode::kBypass;
}

// The first five of `items`, then how many more.
std::string FirstFive(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t k = 0; k < items.size() && k < 5; ++k) s += (k ? ", " : "") + items[k];
  if (items.size() > 5) s += fmt::format(" and {} more", items.size() - 5);
  return s;
}

// The elements a decision runs that no setting gives a set-point: they keep their defaults.
std::vector<std::string> RunAtDefault(const AppliedDecisions& applied,
                                      const std::vector<ElementSetting>& settings) {
  std::unordered_map<std::string_view, ElementMode> mode;
  for (const ElementSetting& e : settings) mode.emplace(e.arc_id, e.mode);
  std::vector<std::string> out;
  for (const std::string& id : applied.run)
    if (!mode.count(id)) out.push_back(id);
  return out;
}

// "close 146, open 261 and put 4 in bypass": the parts whose count is not zero, each
// with its count in place of "{}", joined.
std::string Counts(const std::vector<std::pair<std::size_t, const char*>>& counts) {
  std::vector<std::string> parts;
  for (const auto& [n, form] : counts)
    if (n > 0) parts.push_back(fmt::format(fmt::runtime(form), n));
  std::string s;
  for (std::size_t k = 0; k < parts.size(); ++k)
    s += (k == 0 ? "" : k + 1 == parts.size() ? " and " : ", ") + parts[k];
  return s;
}

// What --decisions did, in the report's notes.
std::vector<std::string> DecisionNotes(const CombinedDecisions& cdf,
                                       const AppliedDecisions& applied,
                                       const std::vector<Overridden>& overridden,
                                       const std::vector<ElementSetting>& settings,
                                       const std::vector<DirectionViolation>* directions) {
  std::vector<std::string> notes;
  std::size_t chosen = 0, closed = 0, open = 0, bypass = 0;
  for (const TakenDecision& t : applied.taken) chosen += t.chosen;
  for (const ElementSetting& e : applied.settings)
    (e.mode == ElementMode::kClosed ? closed : e.mode == ElementMode::kBypass ? bypass : open)++;
  const std::string how =
      chosen == 0                     ? "each its group's only decision"
      : chosen == applied.taken.size() ? "each chosen by --decision"
                                       : fmt::format("{} chosen by --decision, the rest their "
                                                     "group's only decision",
                                                     chosen);
  std::string n = fmt::format("the .cdf's decisions are applied (--decisions): {} of its {} "
                              "group(s) taken",
                              applied.taken.size(), applied.groups);
  if (!applied.taken.empty()) {
    n += fmt::format(" ({})", how);
    const std::string counts =
        Counts({{closed, "close {}"},
                {open, "open {}"},
                {bypass, "put {} in bypass"},
                {applied.run.size(), "run {}"}});
    n += counts.empty() ? ", which set no element" : ", which " + counts + " element(s)";
    n += fmt::format(" beneath --controls and --set{}",
                     overridden.empty()
                         ? ""
                         : fmt::format(" ({} of them set otherwise there)", overridden.size()));
  }
  if (!applied.open_groups.empty()) {
    // Each open group with its decisions: the ids --decision takes.
    std::vector<std::string> groups;
    for (const std::string& id : applied.open_groups)
      for (const DecisionGroup& g : cdf.groups) {
        if (g.id != id) continue;
        std::vector<std::string> ds;
        for (const Decision& d : g.decisions) ds.push_back(d.id);
        groups.push_back(fmt::format("{} ({})", id, FirstFive(ds)));
        break;
      }
    n += fmt::format("; {} group(s) allow several decisions and none was chosen, so their "
                     "elements keep their settings: {} (choose with --decision GROUP=DECISION)",
                     applied.open_groups.size(), FirstFive(groups));
  }
  if (!applied.skipped.empty())
    n += fmt::format("; {} element(s) they name are not in the network as that kind, skipped: "
                     "{}",
                     applied.skipped.size(), FirstFive(applied.skipped));
  notes.push_back(n);
  if (const std::vector<std::string> idle = RunAtDefault(applied, settings); !idle.empty())
    notes.push_back(fmt::format(
        "the decisions run {} element(s) (a control valve active, a station running) without "
        "a set-point, which a .cdf does not give, and no setting gives one: {} keep their "
        "defaults (control valves open, not regulating; stations in bypass); give their "
        "set-points with --controls or --set",
        idle.size(), FirstFive(idle)));
  // (Those --controls or --set give a mode stand: the override note names them, saying
  // that the decision runs them to -> from.)
  std::vector<std::string> reversed;
  for (std::size_t k = 0; k < applied.settings.size(); ++k) {
    const std::string& id = applied.settings[k].arc_id;
    if (std::find(applied.reversed.begin(), applied.reversed.end(), id) !=
            applied.reversed.end() &&
        std::none_of(overridden.begin(), overridden.end(),
                     [&](const Overridden& o) { return o.id == id; }))
      reversed.push_back(fmt::format("{} ({}/{})", id, applied.setting_from[k].group,
                                     applied.setting_from[k].decision));
  }
  if (!reversed.empty())
    notes.push_back(fmt::format(
        "the decisions run {} control valve(s) to -> from, against the direction a control "
        "valve regulates (it reduces pressure from -> to only; GasLib's bidirectional ones, "
        "flowMin < 0, pass the reverse flow unregulated): {} {} the gas in bypass",
        reversed.size(), FirstFive(reversed), reversed.size() == 1 ? "passes" : "pass"));
  if (!overridden.empty()) {
    std::vector<std::string> items;
    for (const Overridden& o : overridden) items.push_back(o.Text());
    notes.push_back(fmt::format("{} element(s) the decisions set are set otherwise by "
                                "--controls or --set, which stand: {}",
                                overridden.size(), FirstFive(items)));
  }
  if (directions != nullptr && !directions->empty()) {
    std::vector<std::string> items;
    for (const DirectionViolation& d : *directions)
      items.push_back(fmt::format("{} ({:+.6g} kg/s, against {}/{})", d.arc_id,
                                  d.mass_flow_kg_per_s, d.group, d.decision));
    notes.push_back(fmt::format("{} element(s) carry gas against the flow direction their "
                                "decision asks of them (flow from -> to positive): {}",
                                directions->size(), FirstFive(items)));
  }
  return notes;
}

// summary.json's "decisions": what --decisions applied; null without it.
nlohmann::ordered_json DecisionsJson(const AppliedDecisions& applied,
                                     const std::vector<Overridden>& overridden,
                                     const std::vector<ElementSetting>& settings,
                                     const std::vector<DirectionViolation>* directions) {
  nlohmann::ordered_json j;
  j["source_file"] = applied.source_file;
  j["groups"] = applied.groups;
  auto& taken = j["taken"] = nlohmann::ordered_json::array();
  for (const TakenDecision& t : applied.taken)
    taken.push_back({{"group", t.group}, {"decision", t.decision}, {"chosen", t.chosen}});
  j["open_groups"] = applied.open_groups;
  auto& set = j["settings"] = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < applied.settings.size(); ++k)
    set.push_back({{"id", applied.settings[k].arc_id},
                   {"mode", ElementModeName(applied.settings[k].mode)},
                   {"group", applied.setting_from[k].group},
                   {"decision", applied.setting_from[k].decision}});
  auto& run = j["run"] = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < applied.run.size(); ++k)
    run.push_back({{"id", applied.run[k]},
                   {"group", applied.run_from[k].group},
                   {"decision", applied.run_from[k].decision}});
  auto& over = j["overridden"] = nlohmann::ordered_json::array();
  for (const Overridden& o : overridden)
    over.push_back({{"id", o.id},
                    {"decided", o.decided},
                    {"given", o.given},
                    {"group", o.from.group},
                    {"decision", o.from.decision}});
  j["run_without_set_point"] = RunAtDefault(applied, settings);
  j["reversed_control_valves"] = applied.reversed;
  j["skipped"] = applied.skipped;
  if (directions == nullptr) {
    j["direction_violations"] = nullptr;  // no converged state to judge
  } else {
    auto& dv = j["direction_violations"] = nlohmann::ordered_json::array();
    for (const DirectionViolation& d : *directions)
      dv.push_back({{"id", d.arc_id},
                    {"group", d.group},
                    {"decision", d.decision},
                    {"decided_direction", d.forward ? "from -> to" : "to -> from"},
                    {"mass_flow_kg_per_s", d.mass_flow_kg_per_s}});
  }
  return j;
}

int RunSimulate(const SimulateArgs& a, const std::vector<std::string>& usage) {
  // Options first: a bad option is reported before any file is read.
  ParsedOptions parsed;
  std::vector<std::string> errors = ParseSimulateOptions(a, usage, &parsed);
  SteadyOptions& opt = parsed.opt;
  const std::vector<std::string>& set_text = parsed.set_text;
  const GivenGas& given = parsed.given;
  const bool friction_known = parsed.friction_known;
  // The options' problems are listed with those that need the network (an arc --set names
  // that it lacks, a mode its kind does not take), as a controls file lists every row's:
  // before, the first kind found hid the others.
  Diagnostics diag(a.max_messages);
  // (Under the one cap of --max-messages with the files' diagnostics, before them or after.)
  auto print_errors = [&](bool first) { PrintProblems("simulate", errors, diag, first); };
  GasCase c;
  // What the readers could not read, where the case was read in part (LoadCaseAsRead below):
  // an id its network lacks may then be one the reader could not build, and is no finding
  // (ReadErrors::MayHaveArc), and the controls file is checked against a network read with
  // errors in its nodes or arcs for its form alone.
  ReadErrors read_errors;
  bool whole = true;  // the case was read without errors (set once it is read)
  const auto unknown_arc = [&](const std::string& id) {
    return whole || !read_errors.MayHaveArc(id);
  };
  const auto unknown_node = [&](const std::string& id) {
    return whole || !read_errors.MayHaveNode(id);
  };
  // Whether the decisions were read whole: no file with errors can hold them (a .cdf, a
  // corridor JSON, a file of no known kind).
  const auto decisions_whole = [&] {
    if (whole) return true;
    for (const auto* files : {&read_errors.unread_files, &read_errors.partial_files})
      for (const std::string& f : *files)
        if (const FileKind k = DetectFileKind(f); k != FileKind::kGasLibNetwork &&
                                                  k != FileKind::kGasLibNomination &&
                                                  k != FileKind::kGasLibCompressorStations)
          return false;
    return true;
  };
  // --decisions: the .cdf's decisions as settings, under the controls file's and --set's.
  const bool use_decisions = a.decisions || !a.decision_choices.empty();
  AppliedDecisions applied;
  bool decisions_applied = false;
  // --set and --slack name elements of this network, said in the options' words (the
  // library's "SteadyOptions.settings names arc 'nope'" named no option). Also where the
  // case has errors, as long as its network was read: one run lists them all.
  auto check_against_network = [&] {
    // The modes each kind takes are the solver's (ElementTakesMode), checked here for every
    // setting: the solver refuses only the first it cannot take.
    for (std::size_t k = 0; k < opt.settings.size(); ++k) {
      const ElementSetting& es = opt.settings[k];
      const auto idx = c.network.FindArc(es.arc_id);
      if (!idx) {
        if (!unknown_arc(es.arc_id)) continue;  // (maybe one the reader could not build)
        // (A node's pressure is --slack's: say so where the id is a node's.)
        errors.push_back(
            c.network.FindNode(es.arc_id)
                ? fmt::format("--set names '{}', a node, not an arc: a node's pressure is set "
                              "with --slack {}=BAR [unknown-id]",
                              es.arc_id, es.arc_id)
                : fmt::format("--set names arc '{}', which the network does not have{} "
                              "[unknown-id]",
                              es.arc_id, DidYouMean(es.arc_id, ArcIds(c.network))));
        continue;
      }
      const ArcKind kind = c.network.arcs[*idx].kind;
      const ElementMode md = es.mode;
      // (An element of no controls is no-controls, as a controls file's row says it.)
      if (!ElementTakesMode(kind, md))
        errors.push_back(fmt::format("--set '{}': {} '{}' does not take mode {} (it{}) [{}]",
                                     set_text[k], ArcKindName(kind), es.arc_id,
                                     SetModeAsWritten(set_text[k]), SetFormsOf(kind),
                                     ElementModesOf(kind).empty() ? "no-controls"
                                                                  : "mode-not-allowed"));
    }
    for (const SlackNode& sl : opt.slacks)
      if (!c.network.FindNode(sl.node_id) && unknown_node(sl.node_id))
        errors.push_back(UnknownSlackNode(c.network, sl.node_id) + " [unknown-id]");
    // --friction fixed: every pipe's factor, from --lambda PIPE=VALUE or --lambda VALUE.
    if (opt.friction == FrictionLaw::kFixed) {
      for (const auto& [id, v] : opt.fixed_friction_factor) {
        const auto k = c.network.FindArc(id);
        if (k ? c.network.arcs[*k].kind != ArcKind::kPipe : unknown_arc(id))
          errors.push_back(fmt::format("--lambda names '{}', which is not a pipe of the "
                                       "network{} [unknown-id]",
                                       id, k ? "" : DidYouMean(id, ArcIds(c.network))));
      }
      std::vector<std::string> without;
      for (const Arc& arc : c.network.arcs) {
        if (arc.kind != ArcKind::kPipe || opt.fixed_friction_factor.count(arc.id)) continue;
        if (parsed.lambda_all > 0.0)
          opt.fixed_friction_factor[arc.id] = parsed.lambda_all;
        else
          without.push_back(arc.id);
      }
      // (Not beside a refused --lambda VALUE, every pipe's: "--lambda 0" said 8 pipes had
      // none; a pipe's own refused value leaves the others' need as it was.)
      if (!without.empty() && !parsed.lambda_refused)
        errors.push_back(fmt::format("--friction fixed needs a friction factor for every pipe: "
                                     "{} have none ({}); give --lambda VALUE for all, or "
                                     "--lambda PIPE=VALUE [missing-lambda]",
                                     without.size(), FirstFive(without)));
    }
    if (!use_decisions || !decisions_whole()) return;  // (judged once they read)
    if (!c.decisions) {
      errors.push_back(fmt::format(
          "--{} applies a .cdf's combined decisions, and none is among the files: give the "
          "network's .cdf [no-decisions]",
          a.decisions ? "decisions" : "decision"));
    } else if (Status d = ApplyDecisions(*c.decisions, c.network,
                                         SplitChoices(parsed.decision_texts, *c.decisions),
                                         &applied);
               !d.ok()) {
      for (std::size_t at = 0; at <= d.message().size();) {  // one problem a line
        std::size_t end = d.message().find('\n', at);
        if (end == std::string::npos) end = d.message().size();
        // (The choices' problems are the option's; a .cdf's own names its file.)
        errors.push_back((d.code() == Status::Code::kInvalidArgument ? "--decision: " : "") +
                         d.message().substr(at, end - at));
        at = end + 1;
      }
    } else {
      decisions_applied = true;
    }
  };
  // A run that stops before the controls file is applied still lists its problems.
  auto check_controls = [&] {
    if (a.controls.empty()) return;
    if (!whole && !read_errors.NetworkWhole()) {  // (its ids may be elements not built)
      (void)CheckControlsWithoutNetwork(a.controls, &diag);
      return;
    }
    ControlsFile unused;
    std::string problem;
    ReadControlsInto(a.controls, c.network, &diag, &unused, &problem);
  };
  // A path CLI11's checks refused (an empty one, one that starts with '-') stops the run
  // before any file is read: the files named are not the user's. Other refused values
  // (--scale 0, --threads -1, --gravity nan) do not touch the reading, and the case's and
  // the controls file's problems are listed with them (the run stops before the solve:
  // `errors` holds them).
  if (std::any_of(usage.begin(), usage.end(), [](const std::string& u) {
        return u.ends_with("[missing-value]");
      })) {
    print_errors(true);
    return 1;
  }
  // A case with reader errors is taken as far as it was read, as `check` takes it, and
  // validated without what the readers refused (ValidateOptions::read_errors), its
  // --set/--slack ids and controls file checked against it: one run lists every problem
  // (a dangling arc and an unknown --set id were said only once the reader's errors were
  // mended). The run still stops before the solve.
  Status loaded = LoadCaseAsRead(a.files, &c, &read_errors, &diag);
  whole = loaded.ok();
  // A network to check the options and the controls file against.
  const bool read = whole || read_errors.network_read;
  if (read) {
    ValidationSummary vs;
    ValidateOptions vo;  // opt.friction is parsed before the case is read
    vo.smooth_pipe_warning = FrictionLawRefusesSmoothPipes(opt.friction);
    // (Not under a --friction that was refused: the law named would not be the user's.)
    if (vo.smooth_pipe_warning && friction_known)
      vo.smooth_pipe_refused_by = FrictionLawName(opt.friction);
    if (!whole) vo.read_errors = &read_errors;
    Status v = ValidateCase(c, vo, &vs, &diag);
    if (!v.ok()) loaded = v;
    else if (whole && !vs.usable)
      loaded = Status::InvalidInput("the case has errors (listed above)");
  }
  if (!loaded.ok() || diag.has_errors()) {
    if (read) check_against_network();
    // The controls file is checked too, so that one run lists its problems with the case's:
    // against the network where one was read, else for its form alone.
    if (read)
      check_controls();
    else if (!a.controls.empty())
      (void)CheckControlsWithoutNetwork(a.controls, &diag);
    print_errors(true);
    std::fprintf(stderr, "corridor simulate: %s%s\n",
                 loaded.ok() ? "the case has errors" : loaded.ToString().c_str(),
                 !whole && read ? "; the rest was checked as read" : "");
    return 1;
  }
  check_against_network();
  if (!c.nomination) {
    check_controls();  // (its problems too: one run lists them all)
    print_errors(true);
    std::fprintf(stderr,
                 "corridor simulate: no nomination: give a GasLib .scn file (or a corridor "
                 "JSON case holding one) beside the network [no-nomination]\n");
    return 1;
  }
  std::string replaced_references;  // the controls file's, where --slack replaced them
  std::string overridden_rows;      // the controls file's rows --set overrides
  int set_over = 0;
  if (!a.controls.empty()) {
    // The file's settings first; --set entries override them element by element, and
    // --slack entries replace the file's node pressures. Read also where the options had
    // problems, so that one run lists the file's with theirs (the file went unread).
    ControlsFile file;
    std::string problem;
    if (!ReadControlsInto(a.controls, c.network, &diag, &file, &problem)) {
      print_errors(false);
      std::fprintf(stderr, "corridor simulate: %s\n", problem.c_str());
      return 1;
    }
    std::vector<ElementSetting> merged;
    for (const ElementSetting& f : file.settings) {
      const auto g = std::find_if(opt.settings.begin(), opt.settings.end(),
                                  [&](const ElementSetting& x) { return x.arc_id == f.arc_id; });
      if (g == opt.settings.end()) {
        merged.push_back(f);
      } else if (g->mode != f.mode || g->value != f.value) {
        // As documented, but unsaid: a file's row gone from the run without a word (an
        // audit: CS,ratio,1.2 beside --set CS=outlet:60), as --slack's replacement is said.
        if (++set_over <= 3)
          overridden_rows += fmt::format("{}{} ({} -> {})", set_over == 1 ? "" : ", ", f.arc_id,
                                         SettingText(f), SettingText(*g));
      }
    }
    if (set_over > 3) overridden_rows += ", ...";
    merged.insert(merged.end(), opt.settings.begin(), opt.settings.end());
    opt.settings = std::move(merged);
    if (opt.slacks.empty()) {
      opt.slacks = file.slacks;
    } else {
      // Replaced as documented, but without a word the file's reference vanished from the
      // run (an operator's audit: `exit02,pressure,50` beside --slack entry01=70).
      replaced_references = ReplacedReferencesNote(a.controls, file.slacks);
    }
  }
  // The decisions' settings beneath the controls file's and --set's, element by element;
  // where those give another mode, theirs stands and the note names it.
  std::vector<Overridden> decisions_overridden;
  if (decisions_applied) {
    // Their directions are kept where a loop of ideal elements leaves the flow free (a valve
    // beside another was reported against its direction where the loop's flow could run
    // through the other one, helper-298).
    for (const DecidedDirection& d : applied.directions) opt.flow_directions[d.arc_id] = d.forward;
    std::unordered_map<std::string_view, ElementMode> given_mode;
    for (const ElementSetting& g : opt.settings) given_mode.emplace(g.arc_id, g.mode);
    std::vector<ElementSetting> merged;
    for (std::size_t k = 0; k < applied.settings.size(); ++k) {
      const ElementSetting& d = applied.settings[k];
      const auto g = given_mode.find(d.arc_id);
      // (A control valve's open is its bypass: docs/controls.md's table of modes.)
      auto passes = [](ElementMode m) {
        return m == ElementMode::kOpen || m == ElementMode::kBypass;
      };
      if (g == given_mode.end())
        merged.push_back(d);
      else if (g->second != d.mode && !(passes(g->second) && passes(d.mode)))
        decisions_overridden.push_back(
            {d.arc_id, ElementModeName(d.mode), ElementModeName(g->second),
             applied.setting_from[k],
             std::find(applied.reversed.begin(), applied.reversed.end(), d.arc_id) !=
                 applied.reversed.end()});
    }
    // An element a decision runs, given open, closed or bypass (a set-point is what it
    // waits for, no override).
    for (std::size_t k = 0; k < applied.run.size(); ++k) {
      const auto g = given_mode.find(applied.run[k]);
      if (g != given_mode.end() && !ModeTakesValue(g->second))
        decisions_overridden.push_back({applied.run[k], "run",
                                        ElementModeName(g->second), applied.run_from[k]});
    }
    merged.insert(merged.end(), opt.settings.begin(), opt.settings.end());
    opt.settings = std::move(merged);
  }
  if (!errors.empty()) {
    print_errors(false);
    return 1;
  }
  // The warnings of the case and the controls file: the run goes on, but what was ignored
  // or assumed (an unknown element skipped, a key given twice) is said, as check says it.
  PrintDiagnostics(diag);
  if (opt.compressor_forward_only &&
      std::none_of(opt.settings.begin(), opt.settings.end(),
                   [](const ElementSetting& e) { return e.mode == ElementMode::kRatio; }))
    std::fprintf(stderr,
                 "corridor simulate: warning: --ratio-forward-only changes nothing here: no "
                 "station is set to a ratio (--set ID=ratio:R or a controls file) [no-effect]\n");
  // --scale after the checks: they judge the file's values, at its lines (a scaled flow
  // was reported at the .scn's line as if written there); the note says what was solved.
  if (a.scale != 1.0 && c.nomination)
    for (NodeNomination& nn : c.nomination->nodes) {
      nn.flow_lower_m3_per_s *= a.scale;
      nn.flow_upper_m3_per_s *= a.scale;
    }
  // The gas: the sources' mixture (CaseGas), with what --gas gives in its place. Solved
  // as given gas either way, so summary.json can list every property the solve used.
  if (Status g = CaseGas(c, opt, &opt.gas); !g.ok()) {
    std::fprintf(stderr, "corridor simulate: %s\n", g.ToString().c_str());
    return 1;
  }
  std::string gas_line;
  for (const auto& [k, v] : given.values) {
    opt.gas.*(k->field) = v;
    gas_line += fmt::format("{}{} {:g}{}{}", gas_line.empty() ? "" : ", ", k->key,
                            v / k->to_si, *k->unit ? " " : "", k->unit);
    // R_s follows the molar mass (the sources never give it directly).
    if (k->field == &GasModel::molar_mass_kg_per_mol) opt.gas.specific_gas_constant_J_per_kg_K = 0.0;
  }
  // A given temperature: CaseGas folds it into the gas, whose origin then read "from the
  // sources" for a temperature the sources did not give.
  const bool t_given = !std::isnan(a.temperature_C);
  const std::string t_line =
      t_given ? fmt::format("T {:g} degC (--temperature)", a.temperature_C) : std::string();
  // (As the library's mixing judges it: a source's gas counts with its molar mass.)
  const bool no_source_gas =
      std::none_of(c.network.nodes.begin(), c.network.nodes.end(), [](const Node& n) {
        return n.gas && n.gas->molar_mass_kg_per_mol > 0.0;
      });
  if (!gas_line.empty())
    opt.gas.origin = "given (--gas): " + gas_line + (t_given ? "; " + t_line : std::string()) +
                     (no_source_gas ? "; the rest corridor's default gas (no source gives gas "
                                      "data)"
                                    : "; the rest from the sources");
  else if (t_given)
    opt.gas.origin += ", but " + t_line;
  SteadySolution sol;
  SteadySummary sum;
  Status s = SimulateSteady(c, opt, &sol, &sum);
  if (!s.ok()) {
    std::fprintf(stderr, "corridor simulate: %s\n", s.ToString().c_str());
    return 1;
  }
  if (!replaced_references.empty()) sum.notes.push_back(replaced_references);
  if (set_over > 0)
    sum.notes.push_back(fmt::format("--set overrides {} row{} of the controls file {}: {}",
                                    set_over, set_over == 1 ? "" : "s", a.controls,
                                    overridden_rows));
  // Options this case gives nothing to act on, said as --ratio-forward-only's warning is:
  // the report was the same, byte for byte, with them and without (helpers 286 and 288).
  {
    std::vector<const char*> idle;
    std::string why;
    auto add = [&](const std::vector<const char*>& options, const std::string& reason) {
      if (options.empty()) return;
      idle.insert(idle.end(), options.begin(), options.end());
      why += (why.empty() ? "" : "; ") + reason;
    };
    const bool machines = std::any_of(sol.elements.begin(), sol.elements.end(),
                                      [](const ActiveElementState& e) { return e.has_machines; });
    if (sum.verdict == Verdict::kConverged && !machines) {
      std::vector<const char*> fuel;
      if (a.no_fuel) fuel.push_back("--no-fuel");
      if (!std::isnan(a.ambient_C)) fuel.push_back("--ambient-temperature");
      add(fuel, "no running station has machine data (.cs) whose drives burn fuel or lose "
                "power to the heat");
    }
    const std::vector<Node>& nodes = c.network.nodes;
    if (!nodes.empty() && std::all_of(nodes.begin(), nodes.end(), [&](const Node& n) {
          return n.height_m == nodes.front().height_m;
        })) {
      std::vector<const char*> height;
      if (a.no_height) height.push_back("--no-height");
      if (!std::isnan(a.gravity)) height.push_back("--gravity");
      add(height, fmt::format("every node lies at {:g} m, so no pipe rises",
                              nodes.front().height_m));
    }
    std::string options;
    for (std::size_t k = 0; k < idle.size(); ++k)
      options += std::string(k == 0 ? "" : k + 1 == idle.size() ? " and " : ", ") + idle[k];
    if (!idle.empty())
      sum.notes.push_back(fmt::format("{} change{} nothing here: {}", options,
                                      idle.size() == 1 ? "s" : "", why));
  }
  if (a.scale != 1.0)
    sum.notes.push_back(fmt::format("every nominated flow is the nomination's times {:g} "
                                    "(--scale; the checks of the case judged the file's "
                                    "flows)",
                                    a.scale));
  // What a GasLib user may take for applied, or for a solver fault, said beside the state.
  std::vector<DirectionViolation> directions;
  const bool judged = sum.verdict == Verdict::kConverged;  // a state to judge
  if (decisions_applied) {
    // Against the direction by more than the mass tolerance ten times over (a dead end's
    // round-off is no flow).
    if (judged)
      directions = DecisionDirectionViolations(applied, c.network, sol,
                                               10.0 * opt.mass_tolerance_kg_per_s);
    for (std::string& n :
         DecisionNotes(*c.decisions, applied, decisions_overridden, opt.settings,
                       judged ? &directions : nullptr))
      sum.notes.push_back(std::move(n));
  } else if (c.decisions) {
    sum.notes.push_back(fmt::format(
        "the .cdf's {} decision group(s) were read and checked, not applied: the active "
        "elements are set by --controls, --set and the defaults (Element settings above); "
        "--decisions applies them",
        c.decisions->groups.size()));
  }
  const bool active = std::any_of(c.network.arcs.begin(), c.network.arcs.end(), [](const Arc& x) {
    return x.kind == ArcKind::kControlValve || x.kind == ArcKind::kCompressorStation;
  });
  // Whether any control valve or station is given a mode, and any a set-point.
  bool regulated = false, regulators_set = false;
  for (const ElementSetting& e : opt.settings) {
    const auto k = c.network.FindArc(e.arc_id);
    if (!k || c.network.arcs[*k].kind == ArcKind::kValve) continue;
    regulators_set = true;
    regulated = regulated || ModeTakesValue(e.mode);
  }
  if (sum.verdict == Verdict::kConverged && !sum.bound_violations.empty() && active &&
      !regulated)
    sum.notes.push_back(fmt::format(
        "{}: it is their set-points that keep a GasLib nomination within the pressure bounds; "
        "give them with --controls or --set (docs/controls.md)",
        regulators_set ? "no control valve or compressor station is given a set-point (each "
                         "is open, closed or in bypass)"
                       : "every control valve and compressor station is at its default "
                         "(control valves open, not regulating; stations in bypass)"));
  // Infeasible for want of pressure while every station idles in its default bypass: the
  // reason blamed the pipes alone (an operator's audit: GasLib-11 at twice its nomination,
  // which CS02 at an outlet set-point carries).
  if (sum.verdict == Verdict::kInfeasible && !sum.limiting_node.empty() && active &&
      !regulated) {
    // The stations in bypass: by default, or as given (one set closed is not); those on
    // the way the gas took to where the pressure ran out (SteadySummary::capacity_way)
    // first: the note named the network's first three (an operator's audit).
    const std::set<std::string_view> way(sum.capacity_way.begin(), sum.capacity_way.end());
    std::vector<std::string> bypassed, on_way;
    int all = 0;
    for (const Arc& x : c.network.arcs) {
      if (x.kind != ArcKind::kCompressorStation) continue;
      ++all;
      const auto set = std::find_if(opt.settings.begin(), opt.settings.end(),
                                    [&](const ElementSetting& e) { return e.arc_id == x.id; });
      if (set != opt.settings.end() && set->mode != ElementMode::kBypass) continue;
      bypassed.push_back(x.id);
      if (way.count(x.id)) on_way.push_back(x.id);
    }
    const std::size_t n = bypassed.size();
    auto whose = [&](std::size_t k) {
      return regulators_set ? "" : k == 1 ? "; its default" : "; their default";
    };
    // The way runs to where the pressure ran out, or from the entry that pushes
    // (PressureLimit::kBeyondReach) downstream.
    const bool push = sum.limiting_pressure == PressureLimit::kBeyondReach;
    const std::string where =
        push ? fmt::format("the gas' way from {}, whose pressure would have to rise past any "
                           "that carries it away",
                           sum.limiting_node)
             : fmt::format("the gas' way to {}, where the pressure ran out", sum.limiting_node);
    if (!on_way.empty())
      sum.notes.push_back(fmt::format(
          "{} compressor station{} in bypass ({}{}) {} on {} (of the network's {}, {} in "
          "bypass): the pipes alone cannot carry the nomination there, and {} may; give {} "
          "with --controls or --set (docs/controls.md)",
          on_way.size(), on_way.size() == 1 ? "" : "s", FirstFive(on_way),
          whose(on_way.size()), on_way.size() == 1 ? "lies" : "lie", where, all, n,
          on_way.size() == 1 ? "its set-point" : "their set-points",
          on_way.size() == 1 ? "it" : "them"));
    else if (n > 0)
      sum.notes.push_back(fmt::format(
          "{} of the network's {} compressor station{} {} in bypass ({}{}): the pipes alone "
          "cannot carry the nomination, and a station's set-point may; give them with "
          "--controls or --set (docs/controls.md){}",
          n == static_cast<std::size_t>(all) ? (all == 1 ? "the" : "all") : std::to_string(n),
          all, all == 1 ? "" : "s", n == 1 ? "is" : "are", FirstFive(bypassed), whose(n),
          way.empty() ? ""
                      : "; none of them lies on " + where +
                            " (along each node's largest " + (push ? "outflow" : "inflow") +
                            "): one may help only through another way"));
  }
  std::string report = sum.FullReport(!a.no_timings);
  report += ActiveElementsReport(sol, sum);
  std::fputs(report.c_str(), stdout);

  // Render everything first, then write all files at once: nothing is written if a
  // rendering or a write fails (WriteFilesAtomically is all or nothing).
  std::vector<FileContent> files;
  const bool converged = sum.verdict == Verdict::kConverged;
  std::string map_note;  // where the network's nodes have no geographic positions
  if (!a.out_dir.empty()) {
    if (converged) {
      const std::vector<Column> nodes =
          NodeResults(c, sol, sum.bound_violations, sum.norm_density_kg_per_m3);
      const std::vector<Column> arcs =
          ArcResults(c, sol, sum.norm_density_kg_per_m3, opt.friction, opt.settings,
                     decisions_applied ? &applied : nullptr, OverriddenIds(decisions_overridden),
                     sum.unheld_limits);
      files.push_back({a.out_dir + "/nodes.csv", NodesCsv(c, nodes)});
      files.push_back({a.out_dir + "/arcs.csv", ArcsCsv(c, arcs)});
      files.push_back({a.out_dir + "/network.geojson", ResultsGeoJson(c, nodes, arcs, &map_note)});
    }
    std::vector<std::string> keys;
    for (const auto& kv : given.values) keys.push_back(kv.first->key);
    if (t_given) keys.push_back("T");
    nlohmann::ordered_json decisions_json;  // null without --decisions
    if (decisions_applied)
      decisions_json = DecisionsJson(applied, decisions_overridden, opt.settings,
                                     judged ? &directions : nullptr);
    files.push_back({a.out_dir + "/summary.json",
                     SummaryJson(sum, sol, opt, keys, !a.no_timings, decisions_json)});
  }
  int plots = 0;
  std::set<std::string> used_names;
  if (!a.plots_dir.empty() && converged) {
    for (const ActiveElementState& e : sol.elements) {
      if (!e.has_machines || !c.stations) continue;
      const StationMachines* st = nullptr;
      for (const StationMachines& m : c.stations->stations)
        if (m.id == e.arc_id) st = &m;
      if (st == nullptr) continue;
      for (const UnitOperatingPoint& u : e.point.units) {
        DiagramOptions dopt;
        dopt.title = fmt::format("{} / {} (configuration {}, stage {})", e.arc_id,
                                 u.compressor_id, e.point.configuration_id, u.stage);
        std::vector<DiagramPoint> pts = {
            {u.volumetric_flow_m3_per_s, u.head_J_per_kg,
             fmt::format("{:.0f} 1/min, {:.2f} MW", u.speed_per_s * 60.0, u.shaft_power_W / 1e6)}};
        // Where the unit recycles or throttles, the point the network asks for too: the
        // machine point alone hid why it sits on the surge line.
        if (u.recycle_m3_per_s > 0.0 || u.throttle_head_J_per_kg > 0.0)
          pts.push_back({u.network_volumetric_flow_m3_per_s, u.network_head_J_per_kg,
                         u.recycle_m3_per_s > 0.0 && u.throttle_head_J_per_kg > 0.0
                             ? "network (recycled, throttled)"
                         : u.recycle_m3_per_s > 0.0 ? "network (recycled)"
                                                    : "network (throttled)",
                         true});
        std::string svg;
        for (const TurboCompressor& t : st->turbo)
          if (t.id == u.compressor_id) svg = TurboDiagramSvg(t, pts, dopt);
        for (const PistonCompressor& pc : st->piston)
          if (pc.id == u.compressor_id) svg = PistonDiagramSvg(pc, pts, dopt);
        if (svg.empty()) continue;
        // Distinct ids can map to one file name ("CS 1", "CS_1"): number the later ones.
        std::string name = SafeFileName(e.arc_id) + "__" + SafeFileName(u.compressor_id);
        for (int k = 2; !used_names.insert(name).second; ++k)
          name = fmt::format("{}__{}_{}", SafeFileName(e.arc_id), SafeFileName(u.compressor_id), k);
        files.push_back({fmt::format("{}/{}.svg", a.plots_dir, name), svg});
        ++plots;
      }
    }
  }
  if (!a.save_controls.empty()) {
    // The settings as given (the requested set-points, not where limits held them), the
    // references given, and in comments what is left to the defaults.
    std::vector<std::string> comments = {
        "corridor simulate: the settings this run solved with (docs/controls.md): edit them "
        "and give the file back with --controls.",
        "Elements not listed keep their defaults (valves and control valves open, stations "
        "in bypass); set-points are as given, where limits held an element elsewhere the "
        "report says so."};
    if (opt.slacks.empty())
      comments.push_back("Pressure references: " + sum.slack_rule +
                         ". A row NODE,pressure,BAR gives one.");
    if (a.scale != 1.0)
      comments.push_back(fmt::format("This run scaled the nomination by {:g} (--scale), "
                                     "which a controls file does not hold.",
                                     a.scale));
    if (decisions_applied)
      if (const std::vector<std::string> idle = RunAtDefault(applied, opt.settings);
          !idle.empty()) {
        comments.push_back(fmt::format(
            "The .cdf's decisions run {} element(s) without a set-point; give each a row, "
            "e.g. ID,outlet_pressure,BAR (a control valve or a station) or ID,ratio,R (a "
            "station):",
            idle.size()));
        for (const std::string& id : idle) comments.push_back("  " + id);
      }
    // (Lexically normal: "new/../x" needed a folder "new", and made one a failed write left.)
    files.push_back({std::filesystem::path(a.save_controls).lexically_normal().string(),
                     ControlsFileToCsv({opt.settings, opt.slacks}, comments)});
  }
  std::vector<std::string> dirs;
  for (const std::string& dir : {a.out_dir, a.plots_dir})
    if (!dir.empty()) dirs.push_back(dir);
  if (!a.save_controls.empty()) {
    const std::string parent =
        std::filesystem::path(a.save_controls).parent_path().lexically_normal().string();
    if (!parent.empty()) dirs.push_back(parent);
  }
  // This run's set replaces the previous one as a whole: without a converged solution the
  // nodes.csv and arcs.csv of an earlier run go, in the same all-or-nothing step (a
  // failed write leaves the folder as it was, and no empty folder behind).
  // Only files that begin as corridor writes them are an earlier run's: a user's nodes.csv
  // in the folder given went with the stale set, and nothing said so.
  std::vector<StaleOutput> stale;
  if (!a.out_dir.empty() && !converged)
    for (const char* name : {"nodes.csv", "arcs.csv", "network.geojson"})
      stale.push_back(SteadyStaleOutput(a.out_dir, name));
  // The same for the diagrams: an earlier run's SVG of a unit that does not run now (or of
  // any unit, after a run that did not converge) would read as this run's operating point.
  // Only names this command gives this network's units go; other files in DIR stay.
  const std::size_t stale_outputs = stale.size();  // (the diagrams' after them)
  if (!a.plots_dir.empty() && c.stations)
    for (const std::string& old : StaleDiagrams(a.plots_dir, *c.stations, files))
      stale.push_back({old, "<?xml", "<svg xmlns=\"http://www.w3.org/2000/svg\""});
  {
    // Neither written nor removed: an input (--controls out/summary.json was overwritten).
    // (Said before the solve already where the names were known then: the diagrams'.)
    std::vector<std::string> inputs = a.files, outputs;
    for (const StaleOutput& so : stale) outputs.push_back(so.path);
    if (!a.controls.empty()) inputs.push_back(a.controls);
    for (const FileContent& f : files) outputs.push_back(f.path);
    if (const std::string clash = OutputIsAnInput(inputs, outputs); !clash.empty()) {
      std::fprintf(stderr, "corridor simulate: %s; nothing written [output-clash]\n",
                   clash.c_str());
      return 4;
    }
  }
  StaleOutcome outcome;
  if (Status w = WriteOutputSet(dirs, files, stale, &outcome); !w.ok()) {
    std::fprintf(stderr, "corridor simulate: %s\n", w.ToString().c_str());
    return 4;
  }
  // What became of the earlier run's files, each on its folder's line: the diagrams on
  // Plots, the rest on Output (the diagrams were said on Output).
  StaleOutcome out_outcome, plot_outcome;
  {
    std::set<std::string> diagrams;
    for (std::size_t k = stale_outputs; k < stale.size(); ++k) diagrams.insert(stale[k].path);
    for (const std::string& p : outcome.removed)
      (diagrams.count(p) ? plot_outcome : out_outcome).removed.push_back(p);
    for (const auto& kept : outcome.kept)
      (diagrams.count(kept.first) ? plot_outcome : out_outcome).kept.push_back(kept);
  }
  if (!a.out_dir.empty())
    std::printf("Output                 : %s (%s)%s\n", a.out_dir.c_str(),
                converged ? "nodes.csv, arcs.csv, network.geojson, summary.json"
                          : "summary.json only: no converged solution to write",
                DescribeStaleOutcome(out_outcome).c_str());
  if (!a.out_dir.empty() && converged && !map_note.empty())
    std::printf("Map                    : network.geojson: %s\n", map_note.c_str());
  if (!a.save_controls.empty())
    std::printf("Controls saved         : %s (%zu element setting(s), %zu pressure "
                "reference(s))\n",
                a.save_controls.c_str(), opt.settings.size(), opt.slacks.size());
  if (!a.plots_dir.empty())
    std::printf("Plots                  : %s (%s)%s\n", a.plots_dir.c_str(),
                converged ? fmt::format("{} characteristic diagram(s)", plots).c_str()
                          : "none: no converged solution to draw",
                DescribeStaleOutcome(plot_outcome).c_str());
  switch (sum.verdict) {
    case Verdict::kConverged:
      // A converged state outside a bound is a state of the network, exit 0, unless the
      // caller asks a script's answer to it (summary.json's within_bounds says it too).
      return a.strict_bounds && !sum.WithinBounds() ? 5 : 0;
    case Verdict::kInfeasible: return 2;
    case Verdict::kFailed: return 3;
  }
  return 3;
}

}  // namespace

std::string FileAsValueHint(const std::string& value) {
  std::error_code ec;
  return value.find('=') == std::string::npos && std::filesystem::is_regular_file(value, ec)
             ? std::string(" (that is a file: --set and --slack take several values each, so "
                           "files after them are read as their values; give the files first, "
                           "or end the values with --, after which only files follow)")
             : std::string();
}

bool ParseSlack(const std::string& text, SlackNode* out, std::string* err) {
  const auto eq = text.rfind('=');  // (at the last: a node id may hold one, a number not)
  double bar = 0.0;
  // The files' number rule (std::stod took "0x3C" as 60).
  bool ok = eq != std::string::npos && eq > 0;
  // A number that is no pressure (0, -5) is out-of-range as 0.0001 is, not bad-number; so is
  // one beyond a double's range (1e400), as --lambda says it.
  const std::string_view value =
      ok ? std::string_view(text).substr(eq + 1) : std::string_view();
  if (ok) ok = io::ParseFiniteDouble(value, &bar);
  if (const std::string_view why = ok ? "" : io::NotFiniteDoubleWhy(value);
      eq != std::string::npos && eq > 0 && io::IsDoubleRangeWhy(why)) {
    *err = fmt::format("--slack '{}': the pressure {} (plausible: {:g} to {:g} bar) "
                       "[out-of-range]",
                       text, why, plausible::kMinReferencePressure_Pa / units::kBar,
                       plausible::kMaxPressure_Pa / units::kBar);
    return false;
  }
  if (!ok) {
    *err = fmt::format(
        "--slack '{}': expected NODE=BAR with a positive absolute pressure in bar{} "
        "[bad-number]",
        text, FileAsValueHint(text));
    return false;
  }
  if (const std::string range = SlackRangeProblem(bar); !range.empty()) {
    *err = fmt::format("--slack '{}': {} [out-of-range]", text, range);
    return false;
  }
  out->node_id = text.substr(0, eq);
  out->pressure_Pa = bar * units::kBar;
  return true;
}

std::string UnknownSlackNode(const Network& n, const std::string& id) {
  if (const auto arc = n.FindArc(id))
    return fmt::format("--slack names '{}', an arc, not a node: a pressure reference is a "
                       "node (one of its ends, {} or {})",
                       id, n.arcs[*arc].from, n.arcs[*arc].to);
  return fmt::format("--slack names node '{}', which the network does not have{}", id,
                     DidYouMean(id, NodeIds(n)));
}

void PrintDiagnostics(const Diagnostics& diag) {
  if (!diag.items().empty() || diag.dropped() > 0) std::fputs(diag.ToString().c_str(), stderr);
}

void PrintProblems(const char* command, const std::vector<std::string>& problems,
                   const Diagnostics& diag, bool problems_first) {
  const std::vector<Diagnostic>& items = diag.items();
  const std::size_t cap = diag.max_stored();
  auto print_problems = [&] {
    for (const std::string& p : problems)
      std::fprintf(stderr, "corridor %s: %s\n", command, p.c_str());
  };
  if (problems.size() + items.size() <= cap) {  // (then diag dropped none, or there are none)
    if (problems_first) print_problems();
    PrintDiagnostics(diag);
    if (!problems_first) print_problems();
    return;
  }
  struct Line {
    std::string text;
    Diagnostic::Severity severity;
    bool kept = true;
    bool error() const { return severity == Diagnostic::Severity::kError; }
  };
  std::vector<Line> lines;
  auto add_problems = [&] {
    for (const std::string& p : problems)
      lines.push_back({fmt::format("corridor {}: {}", command, p), Diagnostic::Severity::kError});
  };
  if (problems_first) add_problems();
  for (const Diagnostic& d : items)
    lines.push_back({d.ToString(), d.severity});
  if (!problems_first) add_problems();
  // The warnings and notes from the end give their places first, then the last errors.
  std::size_t over = lines.size() - cap;
  bool displaced = diag.displaced() > 0;  // a warning gave its place to an error
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t k = lines.size(); k-- > 0 && over > 0;)
      if (lines[k].kept && (pass == 1 || !lines[k].error())) {
        displaced = displaced || !lines[k].error();
        lines[k].kept = false;
        --over;
      }
  Diagnostics::DroppedCounts left = diag.dropped_counts();
  for (const Line& l : lines) {
    if (l.kept) {
      std::fprintf(stderr, "%s\n", l.text.c_str());
      continue;
    }
    ++(l.severity == Diagnostic::Severity::kError     ? left.errors
       : l.severity == Diagnostic::Severity::kWarning ? left.warnings
                                                       : left.notes);
  }
  // (Worded as Diagnostics::ToString words it.)
  std::fprintf(stderr, "%s\n",
               DroppedLine(left.errors, left.warnings, left.notes, cap, displaced).c_str());
}

std::string OutputIsAnInput(const std::vector<std::string>& inputs,
                            const std::vector<std::string>& outputs) {
  namespace fs = std::filesystem;
  for (const std::string& given : outputs) {
    // Through a folder not made yet and back (`new/../case.net`): the path names no file
    // now, but the folder is made before the write, which then lands on the input (convert
    // replaced a GasLib .net so, exit 0). The existing part resolved, the rest lexically:
    // the folders a command makes are plain folders, so that is where the write goes.
    std::error_code ec;
    fs::path out = fs::weakly_canonical(given, ec);
    if (ec) out = given;
    if (!fs::exists(out, ec)) continue;
    for (const std::string& in : inputs) {
      if (in.empty()) continue;
      std::error_code e2;
      if (fs::equivalent(out, in, e2) && !e2)
        return fmt::format("'{}' is the input '{}': writing it would destroy that input; "
                           "choose another output path",
                           given, in);
    }
  }
  return {};
}

std::string ReplacedReferencesNote(const std::string& file, const std::vector<SlackNode>& refs) {
  if (refs.empty()) return {};
  std::string which;
  for (std::size_t k = 0; k < refs.size() && k < 3; ++k)
    which += fmt::format("{}{} at {:g} bar", k ? ", " : "", refs[k].node_id,
                         refs[k].pressure_Pa / units::kBar);
  if (refs.size() > 3) which += ", ...";
  return fmt::format("--slack replaces the pressure references of the controls file {} ({}): "
                     "the references are --slack's alone",
                     file, which);
}

bool ReadControlsInto(const std::string& path, const Network& network, Diagnostics* diag,
                      ControlsFile* out, std::string* problem) {
  const std::size_t errors_before = diag->error_count();
  Status s = ReadControls(path, network, out, diag);
  if (s.ok() && diag->error_count() == errors_before) return true;
  *problem = s.ok() ? std::string("the controls file has errors") : s.ToString();
  return false;
}

Command RegisterSimulate(CLI::App& app) {
  auto args = std::make_shared<SimulateArgs>();
  auto usage = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "simulate",
      "Steady-state simulation of a case (GasLib .net + .scn [.cs] [.cdf], or corridor JSON). "
      "Prints the verdict, residuals, extremes, bound violations and the model; --out writes "
      "nodes.csv, arcs.csv, network.geojson and summary.json. Exit status: 0 converged, 1 "
      "unusable input or options, 2 infeasible, 3 failed, 4 outputs not written (whatever the "
      "verdict: the report still gives it), 5 converged outside a bound with --strict-bounds.");
  Checked(sub->add_option("files", args->files,
                          "input files (kinds are detected from their content)")
              ->required(),
          usage, {NonEmptyPath(PathUse::kPositional)});
  sub->add_option("--slack", args->slacks,
                  "pressure reference NODE=BAR (bar absolute; repeatable, each node once). "
                  "Default: per connected part, the node with the largest nominated inflow "
                  "(of equal ones the smallest id) at the highest upper pressure bound of the "
                  "injecting nodes (docs/physics.md, default slack rule)");
  sub->add_option("--set", args->sets,
                  "active element setting ARC=open|closed|bypass|ratio:R|outlet:BAR|inlet:BAR|"
                  "flow:Q|dp:BAR (bar absolute, Q in 1000 Nm3/h; repeatable, each arc once). "
                  "Default: valves "
                  "and control valves open, compressor stations bypassed");
  sub->add_flag("--decisions", args->decisions,
                "apply the .cdf's combined decisions: each group's only decision, or the one "
                "--decision chooses, closes, opens or bypasses its elements beneath --controls "
                "and --set; elements it runs (control valves active, stations) take their "
                "set-points from those; decided flow directions are checked");
  sub->add_option("--decision", args->decision_choices,
                  "GROUP=DECISION: the decision taken in a .cdf group that allows several "
                  "(repeatable, each group once; implies --decisions)");
  sub->add_option("--friction", args->friction,
                  "friction law: " + FrictionLawNames() +
                      " (default nikuradse; fixed takes its factors from --lambda)");
  sub->add_option("--lambda", args->lambdas,
                  "with --friction fixed: VALUE, every pipe's friction factor, or PIPE=VALUE, "
                  "one pipe's (repeatable; a pipe's own wins), in (0, 1]");
  sub->add_option("--eos", args->eos,
                  "compressibility: papay (default), ideal, aga, linear, cnga");
  sub->add_option("--pipe-model", args->pipe_model,
                  "pipe law: standard (the squared-pressure law of docs/physics.md, default) or "
                  "pandapipes (pandapipes' gas pipe: z at the mean pressure, the height "
                  "term's density the mean of the ends'; a "
                  "resistor's drag factor as the loss coefficient of a pipe of length 0)");
  Checked(sub->add_option("--gravity", args->gravity,
                          "acceleration of gravity in m/s2 for the height term, 9.7 to 9.9 "
                          "(default 9.80665; pandapipes takes 9.81)"),
          usage, {FiniteNumber()}, args->gravity);
  sub->add_flag("--ratio-forward-only", args->ratio_forward_only,
                "a station set to a ratio lifts only while gas flows from -> to; reverse flow "
                "passes without lift (pandapipes' compressor)");
  Checked(sub->add_option("--cnga", args->cnga,
                          "with --eos cnga: B1,B2 of rho a^2 = b1 p + b2 p^2, b2 in 1/bar "
                          "(GasSteadySim; default 1,0: ideal gas)"),
          usage, {NonEmptyValue("B1,B2")});
  Checked(sub->add_option("--gas", args->gas,
                          "gas properties given instead of the sources' mixture, KEY=VALUE,... "
                          "with KEY one of " + GasKeyList() +
                              " (z0, z1: --eos linear's z = z0 + z1 p; rho_n_pipe: the norm "
                              "density inside --pipe-model pandapipes' law, default rho_n); the "
                              "rest from the sources (corridor's default gas where the network "
                              "has none)"),
          usage, {NonEmptyValue("KEY=VALUE,...")});
  Checked(sub->add_option("--temperature", args->temperature_C,
                          "gas temperature in degC, -100 to 200 (default: the nominated "
                          "entries' temperatures, weighted by their nominated normal volume)"),
          usage, {FiniteNumber()}, args->temperature_C);
  sub->add_flag("--no-height", args->no_height, "leave out the height term of pipes");
  Checked(sub->add_option("--out", args->out_dir,
                          "folder for nodes.csv, arcs.csv, network.geojson (the network with "
                          "the results, for a GIS), summary.json"),
          usage, {NonEmptyPath(), OutputFolder()});
  Checked(sub->add_option("--controls", args->controls,
                          "controls file (CSV id,mode,value or JSON; docs/controls.md) setting "
                          "valves, control valves and compressor stations; --set entries "
                          "override it"),
          usage, {NonEmptyPath()});
  Checked(sub->add_option("--save-controls", args->save_controls,
                          "write the settings this run solved with (the .cdf's decisions, "
                          "--controls and --set; the pressure references given) as a "
                          "controls file, to edit and give back with --controls; what the "
                          "decisions run without a set-point is listed in its comments"),
          usage, {NonEmptyPath()});
  Checked(sub->add_option("--plots", args->plots_dir,
                          "folder for one SVG characteristic diagram per running compressor "
                          "unit, with its operating point (converged solutions only)"),
          usage, {NonEmptyPath(), OutputFolder()});
  sub->add_flag("--no-limits", args->no_limits,
                "treat set-points as plain equations: do not move elements to their limits "
                "(limits are still reported)");
  sub->add_flag("--no-fuel", args->no_fuel, "do not draw the drives' fuel gas from the network");
  Checked(sub->add_option("--ambient-temperature", args->ambient_C,
                          "ambient temperature in degC for the gas turbines' maximal power, "
                          "-100 to 200 (default: the scenario's, else 15)"),
          usage, {FiniteNumber()}, args->ambient_C);
  sub->add_flag("--no-timings", args->no_timings,
                "leave the timing lines out of the report, and the times out of "
                "summary.json (null): stable output for tests and diffs");
  Checked(sub->add_option("--time-limit", args->time_limit_s,
                          "seconds the whole solve may take, the load continuation and the "
                          "control rounds included (default 30): past it the verdict is "
                          "failed"),
          usage, {FiniteNumber(), CLI::Range(1e-6, 86400.0)}, args->time_limit_s);
  Checked(sub->add_option("--max-iterations", args->max_iterations,
                          "Newton iteration limit of each Newton start (default 100)"),
          usage, {CLI::Range(1, 100000)}, args->max_iterations);
  Checked(sub->add_option("--scale", args->scale,
                          "every nominated flow (entries and exits) times F, 0.01 to 100: a "
                          "load above or below the nomination (where Newton ran, an "
                          "infeasible verdict's load continuation says how much of it "
                          "converged)"),
          usage, {FiniteNumber(), CLI::Range(0.01, 100.0)}, args->scale);
  sub->add_flag("--strict-bounds", args->strict_bounds,
                "exit 5 where the state converges outside a node's pressure bounds, a "
                "passive arc's flow bounds, a pipe's pressureMax or a valve's "
                "pressureDifferentialMax, or with an element limit not held or a node "
                "without a pressure to judge (the report's violations; exit 0 without it)");
  sub->add_flag("--no-continuation", args->no_continuation,
                "where Newton's cold starts cannot solve the nomination, give their verdict "
                "instead of stepping the load up from a fraction of it (docs/physics.md, "
                "\"Load continuation\")");
  Checked(sub->add_option("--threads", args->threads,
                          "threads a solve may use: 0 = as many as it can use (default), 1 = "
                          "one (a solve uses at most two: 2 and more mean two; only large "
                          "networks, from 2 000 arcs or 1 000 unknowns, use the second); the "
                          "answers are the same either way"),
          usage, {CLI::Range(0, 1024)}, args->threads);
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "list at most this many diagnostics (the rest are counted; default 50)"),
          usage, {CLI::Range(std::size_t{1}, std::size_t{1000000})}, args->max_messages);
  Command command{sub, [args, usage]() { return RunSimulate(*args, *usage); }, 1, usage};
  command.option_problems = [args, usage]() {
    ParsedOptions parsed;
    return ParseSimulateOptions(*args, *usage, &parsed);
  };
  return command;
}

}  // namespace corridor::cli
