// GasSteadySim.jl / GasTranSim.jl reference cases -> ReferenceCase (see loaders.h and
// data/reference/README.md for the model these solutions were computed with).
//
// A careful reader: every file is parsed with positions (a syntax error or an overflowing
// number names its line), every value is checked for its JSON type and its range before it
// is used, and keys the format does not have are errors (a misspelt key would otherwise
// leave its value at a default). Each problem names the file, the line, the element, the
// key (as a JSON pointer) and the rule. The files every solution shares (network, boundary
// conditions, parameters, id map) are read once per case, so a problem in them is reported
// once, not once per solution.
#include <algorithm>
#include <cmath>
#include <limits>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "core/printable.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "reference/loaders.h"

namespace corridor::reference {

namespace {

namespace fs = std::filesystem;
using io::PointerAppend;
using nlohmann::json;

constexpr double kGasSteadySimTemperature = 288.706;  // README: also for GasTranSim
constexpr double kGasSteadySimR = 8.314;
constexpr double kAirMolarMass = 0.02896;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One JSON file of a case: its text, its DOM and where each value is. Problems go to the
// diagnostics with the file, the line of the value and its JSON pointer.
class CaseFile {
 public:
  CaseFile(std::string path, Diagnostics* diag) : path_(std::move(path)), diag_(diag) {}
  CaseFile(const CaseFile&) = delete;
  CaseFile& operator=(const CaseFile&) = delete;

  // Reads and parses the file; false (the problem reported) when it cannot be read, is no
  // JSON or holds no JSON object. Keys given twice are warnings (the last value counts);
  // with `values_must_agree` (a stored solution: reference values), a key given twice with
  // different values is an error, since no reference value is known then.
  bool Read(bool values_must_agree = false) {
    if (!ReadFileReporting(path_, &text_, diag_).ok()) return false;
    io::PositionedDomParser<json> sax(&root_);
    sax.Parse(text_);
    if (sax.failed) {
      if (sax.Overflow()) {
        for (const io::NumberFault& f : io::NumbersOutOfRange(text_, sax))
          diag_->Error(path_, io::LineOfOffset(text_, f.offset), "", "not-finite", f.message);
      } else {
        diag_->Error(path_, io::LineOfOffset(text_, sax.ErrorOffsetIn(text_)), "",
                     "json-syntax", fmt::format("malformed JSON: {}", sax.error_message));
      }
      return false;
    }
    locator_.emplace(text_);
    if (!values_must_agree || sax.duplicate_keys.empty()) {
      sax.ReportDuplicateKeys(path_, *locator_, diag_);
    } else {
      const auto given = RepeatedValues(sax.duplicate_keys);
      for (const std::string& ptr : sax.duplicate_keys) {
        const auto it = given.find(ptr);
        const bool agree =
            it == given.end() ||
            std::all_of(it->second.begin(), it->second.end(),
                        [&](const json& v) { return v == it->second.front(); });
        if (agree) {
          diag_->Warning(path_, locator_->Line(ptr), ptr, "duplicate-key",
                         io::PositionedDomParser<json>::DuplicateKeyMessage(ptr));
          continue;
        }
        std::string list;
        for (const json& v : it->second) {
          std::string t = v.dump();
          if (t.size() > 40) t = t.substr(0, 37) + "...";
          list += (list.empty() ? "" : ", ") + t;
        }
        diag_->Error(path_, locator_->Line(ptr), ptr, "duplicate-key",
                     fmt::format("key \"{}\" appears more than once in its object with "
                                 "different values ({}): no reference value is known",
                                 ptr.substr(ptr.rfind('/') + 1), list));
      }
    }
    if (!root_.is_object()) {
      Error("", "", "wrong-type", fmt::format("the file must hold a JSON object, got {}",
                                              io::GotValue(root_)));
      return false;
    }
    return true;
  }

  const json& root() const { return root_; }
  const std::string& path() const { return path_; }

  // The values given to each of `pointers` (keys repeated in their object, the parser's
  // duplicate_keys), in document order: the DOM keeps only the last. A second parse of a
  // text already read, with nlohmann's callback (the error path only). Keys inside arrays
  // are not followed (no such file has any).
  std::map<std::string, std::vector<json>> RepeatedValues(
      const std::vector<std::string>& pointers) const {
    const std::set<std::string> wanted(pointers.begin(), pointers.end());
    std::map<std::string, std::vector<json>> out;
    const std::string kNone = "\x01";  // a container inside an array: never wanted
    std::vector<std::string> open;      // the pointers of the open containers
    std::vector<bool> is_array;
    std::vector<std::string> member;    // at depth d: the pointer of the current member
    auto here = [&](int d) {            // the pointer of a value at depth d
      if (d == 0) return std::string();
      if (is_array[static_cast<std::size_t>(d - 1)]) return kNone;
      return member[static_cast<std::size_t>(d)];
    };
    auto keep = [&](const std::string& ptr, const json& v) {
      if (wanted.count(ptr)) out[ptr].push_back(v);
    };
    json::parser_callback_t cb = [&](int d, json::parse_event_t e, json& v) {
      const auto u = static_cast<std::size_t>(d);
      switch (e) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
          open.resize(u + 1);
          is_array.resize(u + 1);
          open[u] = here(d);
          is_array[u] = e == json::parse_event_t::array_start;
          break;
        case json::parse_event_t::key:
          member.resize(u + 1);
          member[u] = open[u - 1] == kNone ? kNone
                                           : PointerAppend(open[u - 1], v.get<std::string>());
          break;
        case json::parse_event_t::value:
          keep(here(d), v);
          break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
          keep(open[u], v);
          break;
      }
      return true;
    };
    const json ignored = json::parse(text_, cb, false);  // (the DOM: not used)
    return out;
  }

  void Error(const std::string& ptr, const std::string& element, const std::string& rule,
             const std::string& message) const {
    diag_->Error(path_, locator_ ? locator_->Line(ptr) : 0, element, rule,
                 fmt::format("{} (at {})", message, ptr.empty() ? "/" : ptr));
  }
  void Warning(const std::string& ptr, const std::string& element, const std::string& rule,
               const std::string& message) const {
    diag_->Warning(path_, locator_ ? locator_->Line(ptr) : 0, element, rule,
                   fmt::format("{} (at {})", message, ptr.empty() ? "/" : ptr));
  }

  // Keys of the object `obj` (at `ptr`) that the format does not have: errors listing
  // those it has.
  void Keys(const json& obj, const std::string& ptr, const std::string& element,
            std::initializer_list<std::string_view> allowed) const {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      std::string list;
      for (std::string_view a : allowed) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", a);
      Error(PointerAppend(ptr, it.key()), element, "unknown-key",
            fmt::format("unknown key \"{}\" (known here: {})", it.key(), list));
    }
  }

  // obj[key] as an object: nullptr when absent (an error when required) or of another type
  // (an error).
  const json* Object(const json& obj, const std::string& ptr, const std::string& key,
                     const std::string& element, bool required) const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required)
        Error(ptr, element, "missing-key", fmt::format("\"{}\" is missing", key));
      return nullptr;
    }
    if (!it->is_object()) {
      Error(PointerAppend(ptr, key), element, "wrong-type",
            fmt::format("\"{}\" must be an object, got {}", key, io::GotValue(*it)));
      return nullptr;
    }
    return &*it;
  }

  // obj[key] as a number: false when absent (an error when required) or not a number (an
  // error). JSON numbers are finite (an overflowing one fails the parse).
  bool Number(const json& obj, const std::string& ptr, const std::string& key,
              const std::string& element, bool required, double* out) const {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required)
        Error(ptr, element, "missing-key", fmt::format("\"{}\" is missing", key));
      return false;
    }
    if (!it->is_number()) {
      Error(PointerAppend(ptr, key), element, "wrong-type",
            fmt::format("\"{}\" must be a number, got {}", key, io::GotValue(*it)));
      return false;
    }
    *out = it->get<double>();
    return true;
  }

  // A number that must lie in [lo, hi] (rule `rule`, the range named); false otherwise.
  bool NumberIn(const json& obj, const std::string& ptr, const std::string& key,
                const std::string& element, bool required, double lo, double hi,
                const char* rule, const std::string& range, double* out) const {
    double v = 0.0;
    if (!Number(obj, ptr, key, element, required, &v)) return false;
    if (!(v >= lo && v <= hi)) {
      Error(PointerAppend(ptr, key), element, rule,
            fmt::format("\"{}\" = {:g} is outside {}", key, v, range));
      return false;
    }
    *out = v;
    return true;
  }

  // An id as JSON writes it (an integer or a string) in its text form; false, with an
  // error, for any other type.
  bool Id(const json& v, const std::string& ptr, const std::string& element,
          const std::string& what, std::string* out) const {
    if (v.is_string()) {
      *out = v.get<std::string>();
      return true;
    }
    if (v.is_number_integer()) {
      *out = std::to_string(v.get<long long>());
      return true;
    }
    Error(ptr, element, "wrong-type",
          fmt::format("{} must be an id (an integer or a string), got {}", what, io::GotValue(v)));
    return false;
  }

  // Type checks of members the model does not use: each must be a number / a string.
  void Numbers(const json& obj, const std::string& ptr, const std::string& element,
               std::initializer_list<const char*> keys) const {
    double ignored = 0.0;
    for (const char* k : keys) Number(obj, ptr, k, element, false, &ignored);
  }
  void Strings(const json& obj, const std::string& ptr, const std::string& element,
               std::initializer_list<const char*> keys) const {
    for (const char* k : keys) {
      auto it = obj.find(k);
      if (it != obj.end() && !it->is_string())
        Error(PointerAppend(ptr, k), element, "wrong-type",
              fmt::format("\"{}\" must be a string, got {}", k, io::GotValue(*it)));
    }
  }
  // `key` (where given): the object's own key, which the solutions and bc.json name it by;
  // an id that says otherwise is a warning (id-mismatch: it was taken in silence).
  void Ids(const json& obj, const std::string& ptr, const std::string& element,
           std::initializer_list<const char*> keys, const std::string& key = {}) const {
    std::string id;
    for (const char* k : keys) {
      auto it = obj.find(k);
      if (it != obj.end() &&
          Id(*it, PointerAppend(ptr, k), element, fmt::format("\"{}\"", k), &id) &&
          !key.empty() && id != key)
        Warning(PointerAppend(ptr, k), element, "id-mismatch",
                fmt::format("\"{}\" is {}, but the key of its object is {}: the solutions and "
                            "the boundary conditions name it by its key",
                            k, id, key));
    }
  }

 private:
  std::string path_;
  Diagnostics* diag_;
  std::string text_;
  json root_;
  std::optional<io::JsonLocator> locator_;  // refers to text_ (the file is not moved)
};

struct KindSpec {
  const char* json_key;   // in network.json
  const char* map_key;    // in id_map_gassteadysim_to_gaslib.json
  const char* sol_key;    // in exact_sol_*.json
  const char* id_key;     // GasLib-24 spelling of the id
  const char* name_key;   // and of the name
  ArcKind kind;
};

constexpr KindSpec kKinds[] = {
    {"pipes", "pipe", "pipe_flow", "pipe_id", "pipe_name", ArcKind::kPipe},
    {"compressors", "compressorStation", "compressor_flow", "comp_id", "comp_name",
     ArcKind::kCompressorStation},
    {"short_pipes", "shortPipe", "short_pipe_flow", "short_pipe_id", "short_pipe_name",
     ArcKind::kShortPipe},
    {"valves", "valve", "valve_flow", "valve_id", "valve_name", ArcKind::kValve},
    {"control_valves", "controlValve", "control_valve_flow", "control_valve_id",
     "control_valve_name", ArcKind::kControlValve},
    {"resistors", "resistor", "resistor_flow", "resistor_id", "resistor_name",
     ArcKind::kResistor},
    {"loss_resistors", "lossResistor", "loss_resistor_flow", "loss_resistor_id",
     "loss_resistor_name", ArcKind::kResistor},
};

// What the files every solution of a case shares give: the network, the injections, the
// settings and slacks, the gas; and the ids, to read the solutions against.
struct CaseBase {
  bool transim = false;
  std::string case_dir, case_name;
  Network network;
  std::vector<double> injection_kg_per_s;
  SteadyOptions options;
  double temperature_K = kGasSteadySimTemperature;
  std::string temperature_note;  // where the temperature differs from params.json
  double gravity = 0.6;
  std::map<std::string, std::string> node_id;                       // json id -> our id
  std::map<std::string, std::map<std::string, std::string>> arc_id;  // sol key -> json id -> id
  // network.json's slack_bool of each node that gives one (json id -> flag), judged against
  // bc.json's slacks.
  std::map<std::string, bool> slack_bool;
  // Elements of network.json left out for their errors (sol key -> json ids): the
  // solutions' values for them are not reported again.
  std::map<std::string, std::set<std::string>> broken_arcs;
  // network.json was read: without it no id is known, and a solution's ids are not judged
  // (a syntax error in it listed every exact_sol entry as unknown, 72 errors filling the cap).
  bool network_read = false;
};

// The gas of a params object `p` at `ptr` under the keys each simulator writes: the
// temperature (returned, NaN when absent or refused), the specific gravity into *base, and
// the checks of the units flag and the heat capacity ratio.
double ReadGas(const CaseFile& f, const json& p, const std::string& ptr, const char* key_t,
               const char* key_g, const char* key_units, CaseBase* base) {
  double t = kNaN;
  if (!f.NumberIn(p, ptr, key_t, "params", false, plausible::kMinTemperature_K,
                  plausible::kMaxTemperature_K, "implausible-value",
                  fmt::format("the plausible gas temperatures, {:g} to {:g} K",
                              plausible::kMinTemperature_K, plausible::kMaxTemperature_K),
                  &t))
    t = kNaN;
  // G = M / M_air within the plausible molar masses.
  const double g_lo = plausible::kMinMolarMass_kg_per_mol / kAirMolarMass;
  const double g_hi = plausible::kMaxMolarMass_kg_per_mol / kAirMolarMass;
  f.NumberIn(p, ptr, key_g, "params", false, g_lo, g_hi, "implausible-value",
             fmt::format("the plausible specific gravities, {:.3g} to {:.3g} (molar mass 1 to "
                         "200 kg/kmol)", g_lo, g_hi),
             &base->gravity);
  double units = 0.0;
  f.NumberIn(p, ptr, key_units, "params", false, 0.0, 0.0, "unsupported-units",
             "what corridor reads: 0 (SI; standard units are not converted)", &units);
  double ratio = 0.0;
  f.NumberIn(p, ptr, "Specific heat capacity ratio", "params", false, 1.0, 2.0,
             "implausible-value", "1 to 2", &ratio);
  return t;
}

// params.json: the gas (temperature, specific gravity), SI units only.
void ReadParams(const CaseFile& f, CaseBase* base) {
  const json& root = f.root();
  f.Keys(root, "", "params", {"params"});
  const json* p = f.Object(root, "", "params", "params", true);
  if (p == nullptr) return;
  const std::string ptr = "/params";
  const char* kT = "Temperature (K):";
  const char* kG = "Gas specific gravity (G):";
  const char* kUnits = "units (SI = 0, standard = 1)";
  f.Keys(*p, ptr, "params",
         {kT, kG, kUnits, "Specific heat capacity ratio", "nominal_pressure", "nominal_length"});
  if (const double t = ReadGas(f, *p, ptr, kT, kG, kUnits, base); !std::isnan(t))
    base->temperature_K = t;
  f.Numbers(*p, ptr, "params", {"nominal_pressure", "nominal_length"});
}

// GasTranSim's params.json: {"simulation_params": {...}}, the gas and the transient's
// discretization (only the gas matters to a steady state). GasTranSim writes the
// temperature with two decimals: its GasLib-40 case says 288.71 K, and the stored solution
// fits the 288.706 K of GasSteadySim's cases (0.43 Pa against 20 Pa, reference README), so
// a value that rounds to 288.706 K is taken as that, and the model line says so.
void ReadTranSimParams(const CaseFile& f, CaseBase* base) {
  const json& root = f.root();
  f.Keys(root, "", "params", {"simulation_params"});
  const json* p = f.Object(root, "", "simulation_params", "params", true);
  if (p == nullptr) return;
  const std::string ptr = "/simulation_params";
  const char* kT = "Temperature (K)";
  const char* kG = "Gas specific gravity (G)";
  const char* kUnits = "units (SI=0, standard = 1)";
  const char* kCourant = "Courant number (must be between 0 and 1, recommended value is 0.9";
  f.Keys(*p, ptr, "params",
         {kT, kG, kUnits, "Specific heat capacity ratio", "Discretization time step", "Output dx",
          "Final time", kCourant, "Initial time", "Save final state", "Output dt"});
  if (const double t = ReadGas(f, *p, ptr, kT, kG, kUnits, base); !std::isnan(t)) {
    base->temperature_K = t;
    if (std::abs(t - kGasSteadySimTemperature) <= 0.005) {
      base->temperature_K = kGasSteadySimTemperature;
      base->temperature_note = fmt::format(" (params.json: {:g} K, rounded)", t);
    }
  }
  f.Numbers(*p, ptr, "params",
            {"Discretization time step", "Output dx", "Final time", kCourant, "Initial time",
             "Save final state", "Output dt"});
}

// The id map (GasLib ids): {"nodes": {json id: "id"}, "pipe": {...}, ...}.
void ReadMap(const CaseFile& f) {
  const json& root = f.root();
  f.Keys(root, "", "id map",
         {"nodes", "pipe", "compressorStation", "shortPipe", "valve", "controlValve", "resistor",
          "lossResistor"});
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string ptr = PointerAppend("", it.key());
    const json* kind = f.Object(root, "", it.key(), "id map", false);
    if (kind == nullptr) continue;
    for (auto e = kind->begin(); e != kind->end(); ++e)
      if (!e->is_string())
        f.Error(PointerAppend(ptr, e.key()), fmt::format("{} {}", it.key(), e.key()),
                "wrong-type", fmt::format("a GasLib id must be a string, got {}", io::GotValue(*e)));
  }
}

// network.json: nodes and arcs of every kind.
void ReadNetwork(const CaseFile& f, const json* map, CaseBase* base) {
  const json& root = f.root();
  f.Keys(root, "", "network",
         {"nodes", "pipes", "compressors", "short_pipes", "valves", "control_valves", "resistors",
          "loss_resistors", "gnodes"});
  const json empty = json::object();
  auto map_of = [&](const char* key) -> const json& {
    if (map == nullptr) return empty;
    auto it = map->find(key);
    return it != map->end() && it->is_object() ? *it : empty;
  };
  Network& net = base->network;
  net.info.title = base->case_name;
  net.info.source_file = f.path();

  const json* nodes = f.Object(root, "", "nodes", "network", true);
  if (nodes != nullptr && nodes->empty())
    f.Error("/nodes", "network", "no-nodes", "\"nodes\" is empty");
  const json& map_nodes = map_of("nodes");
  // Where each id was first given: two elements of one id (a name repeated, two keys the
  // id map maps to one GasLib id) were left to the solve, whose "arc id 'p1' is used
  // twice" made a FAIL row without file, line or rule.
  std::unordered_map<std::string, std::string> node_at, arc_at;
  auto unique = [&](std::unordered_map<std::string, std::string>& at, const std::string& id,
                    const std::string& ptr, const std::string& element, const char* what) {
    const auto [first, fresh] = at.emplace(id, ptr);
    if (!fresh)
      f.Error(ptr, element, "duplicate-id",
              fmt::format("the id '{}' is already that of the {} {}", id, what, first->second));
    return fresh;
  };
  if (nodes != nullptr) {
    for (auto it = nodes->begin(); it != nodes->end(); ++it) {
      const std::string& key = it.key();
      const std::string ptr = PointerAppend("/nodes", key);
      const json& jn = *it;
      std::string id = "n" + key;
      if (auto m = map_nodes.find(key); m != map_nodes.end() && m->is_string())
        id = m->get<std::string>();
      else if (auto n = jn.find("name"); jn.is_object() && n != jn.end() && n->is_string())
        id = n->get<std::string>();
      else if (auto nn = jn.find("node_name");
               jn.is_object() && nn != jn.end() && nn->is_string() && map == nullptr)
        id = nn->get<std::string>();
      const std::string element = fmt::format("node '{}'", id);
      unique(node_at, id, ptr, element, "node");
      base->node_id[key] = id;
      Node n;
      n.id = id;
      if (!jn.is_object()) {
        f.Error(ptr, element, "wrong-type",
                fmt::format("a node must be an object, got {}", io::GotValue(jn)));
        net.nodes.push_back(std::move(n));
        continue;
      }
      f.Keys(jn, ptr, element,
             {"id", "node_id", "name", "node_name", "x_coord", "y_coord", "min_pressure",
              "max_pressure", "min_injection", "max_injection", "slack_bool"});
      f.Ids(jn, ptr, element, {"id", "node_id"}, key);
      f.Strings(jn, ptr, element, {"name", "node_name"});
      f.Number(jn, ptr, "x_coord", element, false, &n.x);
      f.Number(jn, ptr, "y_coord", element, false, &n.y);
      const std::string pressures =
          fmt::format("0 to {:g} Pa (the plausible pressures)", plausible::kMaxPressure_Pa);
      f.NumberIn(jn, ptr, "min_pressure", element, false, 0.0, plausible::kMaxPressure_Pa,
                 "implausible-value", pressures, &n.pressure_min_Pa);
      f.NumberIn(jn, ptr, "max_pressure", element, false, 0.0, plausible::kMaxPressure_Pa,
                 "implausible-value", pressures, &n.pressure_max_Pa);
      f.Numbers(jn, ptr, element, {"min_injection", "max_injection"});
      double slack = 0.0;
      if (f.NumberIn(jn, ptr, "slack_bool", element, false, 0.0, 1.0, "bad-flag", "0 to 1",
                     &slack) &&
          jn.contains("slack_bool"))
        base->slack_bool[key] = slack != 0.0;
      net.nodes.push_back(std::move(n));
    }
  }

  for (const KindSpec& k : kKinds) {
    const json* arcs = f.Object(root, "", k.json_key, "network", false);
    if (arcs == nullptr) continue;
    const json& kmap = map_of(k.map_key);
    for (auto it = arcs->begin(); it != arcs->end(); ++it) {
      const std::string& key = it.key();
      const std::string ptr = PointerAppend(PointerAppend("", k.json_key), key);
      const json& ja = *it;
      Arc a;
      a.kind = k.kind;
      std::string id = fmt::format("{}_{}", k.map_key, key);
      if (auto m = kmap.find(key); m != kmap.end() && m->is_string())
        id = m->get<std::string>();
      else if (auto n = ja.find("name"); ja.is_object() && n != ja.end() && n->is_string())
        id = n->get<std::string>();
      a.id = id;
      const std::string element = fmt::format("{} '{}'", ArcKindName(k.kind), id);
      unique(arc_at, id, ptr, element, "element");
      if (!ja.is_object()) {
        f.Error(ptr, element, "wrong-type",
                fmt::format("an element must be an object, got {}", io::GotValue(ja)));
        continue;
      }
      std::vector<std::string_view> allowed = {"id", "name", "fr_node", "from_node", "to_node",
                                               k.id_key, k.name_key};
      switch (k.kind) {
        case ArcKind::kPipe:
          allowed.insert(allowed.end(), {"length", "diameter", "friction_factor", "disc_seg"});
          break;
        case ArcKind::kCompressorStation:
          allowed.insert(allowed.end(), {"c_min", "c_max", "min_flow", "max_flow", "max_power"});
          break;
        case ArcKind::kControlValve: allowed.push_back("bypass_required"); break;
        case ArcKind::kResistor:
          allowed.insert(allowed.end(), {"drag", "diameter", "pressure_loss"});
          break;
        default: break;
      }
      for (auto m = ja.begin(); m != ja.end(); ++m) {
        if (std::find(allowed.begin(), allowed.end(), m.key()) != allowed.end()) continue;
        std::string list;
        for (std::string_view s : allowed) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", s);
        f.Error(PointerAppend(ptr, m.key()), element, "unknown-key",
                fmt::format("unknown key \"{}\" (known here: {})", m.key(), list));
      }
      f.Ids(ja, ptr, element, {"id", k.id_key}, key);
      f.Strings(ja, ptr, element, {"name", k.name_key});
      // Both spellings of the name (GasLib-40's and GasLib-24's) that differ: the first
      // was taken and the other passed unsaid (a warning: the element's id is its key's map
      // or "name", and the other name names nothing else).
      if (auto n = ja.find("name"), n2 = ja.find(k.name_key);
          n != ja.end() && n2 != ja.end() && n->is_string() && n2->is_string() && *n != *n2)
        f.Warning(PointerAppend(ptr, k.name_key), element, "name-mismatch",
                  fmt::format("\"name\" is {} and \"{}\" is {}: the element is named by "
                              "\"name\"",
                              n->get<std::string>(), k.name_key, n2->get<std::string>()));
      bool ok = true;
      std::string ends[2];
      const char* from_key = ja.contains("fr_node") ? "fr_node" : "from_node";
      // Both spellings of the from end that name different nodes: "fr_node" was taken and
      // "from_node" passed unsaid, a pipe joined at the end one of them did not mean.
      if (auto a1 = ja.find("fr_node"), a2 = ja.find("from_node");
          a1 != ja.end() && a2 != ja.end()) {
        // (fr_node read quietly: the ends' reading below says its wrong type; from_node's,
        // which it does not read, is said here.)
        auto text = [](const json& v) {
          return v.is_string()            ? v.get<std::string>()
                 : v.is_number_integer()  ? std::to_string(v.get<long long>())
                                          : std::string();
        };
        const std::string v1 = text(*a1);
        std::string v2;
        if (f.Id(*a2, PointerAppend(ptr, "from_node"), element, "\"from_node\"", &v2) &&
            !v1.empty() && v1 != v2) {
          f.Error(PointerAppend(ptr, "from_node"), element, "conflicting-keys",
                  fmt::format("\"fr_node\" is {} and \"from_node\" is {}: the two spellings "
                              "of the from end must name one node",
                              v1, v2));
          ok = false;
        }
      }
      const char* end_keys[2] = {from_key, "to_node"};
      for (int e = 0; e < 2; ++e) {
        auto v = ja.find(end_keys[e]);
        if (v == ja.end()) {
          f.Error(ptr, element, "missing-key",
                  e == 0 ? std::string("\"fr_node\" (or \"from_node\") is missing")
                         : std::string("\"to_node\" is missing"));
          ok = false;
        } else if (!f.Id(*v, PointerAppend(ptr, end_keys[e]), element,
                         fmt::format("\"{}\"", end_keys[e]), &ends[e])) {
          ok = false;
        } else if (!base->node_id.count(ends[e])) {
          f.Error(PointerAppend(ptr, end_keys[e]), element, "unknown-node",
                  fmt::format("\"{}\" names node {}, which is not in \"nodes\"", end_keys[e],
                              ends[e]));
          ok = false;
        }
      }
      if (ok) {
        a.from = base->node_id[ends[0]];
        a.to = base->node_id[ends[1]];
        // (As in the pandapipes reader: the solve took it, and FAILed it as infeasible.
        // Kept, as an element of a duplicate id is: bc.json and the solutions name it.)
        if (a.from == a.to)
          f.Error(PointerAppend(ptr, "to_node"), element, "self-loop",
                  fmt::format("joins node '{}' to itself", a.from));
      }
      if (k.kind == ArcKind::kPipe) {
        double lambda = 0.0;
        ok &= f.NumberIn(ja, ptr, "length", element, true, plausible::kMinLength_m,
                         plausible::kMaxLength_m, "implausible-value",
                         fmt::format("the plausible pipe lengths, {:g} to {:g} m",
                                     plausible::kMinLength_m, plausible::kMaxLength_m),
                         &a.pipe.length_m);
        ok &= f.NumberIn(ja, ptr, "diameter", element, true, plausible::kMinDiameter_m,
                         plausible::kMaxDiameter_m, "implausible-value",
                         fmt::format("the plausible diameters, {:g} to {:g} m",
                                     plausible::kMinDiameter_m, plausible::kMaxDiameter_m),
                         &a.pipe.diameter_m);
        // A Darcy friction factor: a few hundredths in any pipe.
        ok &= f.NumberIn(ja, ptr, "friction_factor", element, true, 1e-6, 1.0,
                         "implausible-value", "the plausible friction factors, 1e-06 to 1",
                         &lambda);
        f.Numbers(ja, ptr, element, {"disc_seg"});
        if (ok) base->options.fixed_friction_factor[id] = lambda;
      } else {
        // Read for their types only: GasSteadySim ignores them (README: resistors p_from =
        // p_to, control valves open, compressors at the ratio of bc.json).
        f.Numbers(ja, ptr, element,
                  {"c_min", "c_max", "min_flow", "max_flow", "max_power", "bypass_required",
                   "drag", "diameter", "pressure_loss"});
        // A compressor's limits that contradict themselves are said all the same (c_min
        // above c_max, a negative power passed unsaid), as warnings: the case's model does
        // not hold them, and its comparison stands.
        auto number = [&](const char* name, double* v) {
          auto at = ja.find(name);
          return at != ja.end() && at->is_number() && (*v = at->get<double>(), true);
        };
        double lo = 0.0, hi = 0.0;
        for (const auto& [lo_key, hi_key] :
             {std::pair{"c_min", "c_max"}, std::pair{"min_flow", "max_flow"}})
          if (number(lo_key, &lo) && number(hi_key, &hi) && lo > hi)
            f.Warning(PointerAppend(ptr, lo_key), element, "inconsistent-bounds",
                      fmt::format("\"{}\" = {:g} lies above \"{}\" = {:g} (not used: "
                                  "GasSteadySim's model ignores the compressors' limits)",
                                  lo_key, lo, hi_key, hi));
        for (const char* name : {"c_min", "c_max", "max_power", "drag", "diameter"})
          if (number(name, &lo) && lo < 0.0)
            f.Warning(PointerAppend(ptr, name), element, "negative-value",
                      fmt::format("\"{}\" = {:g} is negative (not used: GasSteadySim's model "
                                  "ignores it)",
                                  name, lo));
      }
      if (!ok) {
        base->broken_arcs[k.sol_key].insert(key);
        continue;
      }
      base->arc_id[k.sol_key][key] = id;
      net.arcs.push_back(std::move(a));
    }
  }
  if (const json* g = f.Object(root, "", "gnodes", "network", false)) {
    for (auto it = g->begin(); it != g->end(); ++it) {
      const std::string ptr = PointerAppend("/gnodes", it.key());
      const std::string element = fmt::format("gnode {}", it.key());
      if (!it->is_object()) {
        f.Error(ptr, element, "wrong-type",
                fmt::format("a gnode must be an object, got {}", io::GotValue(*it)));
        continue;
      }
      f.Keys(*it, ptr, element, {"id", "gid", "gname"});
      f.Ids(*it, ptr, element, {"gid"});
      f.Strings(*it, ptr, element, {"gname"});
      // A gnode's "id" is the node it draws at (a dangling one passed without a word).
      std::string node;
      if (auto v = it->find("id"); v != it->end() &&
                                   f.Id(*v, PointerAppend(ptr, "id"), element, "\"id\"", &node) &&
                                   !base->node_id.count(node))
        f.Error(PointerAppend(ptr, "id"), element, "unknown-node",
                fmt::format("\"id\" names node {}, which is not in \"nodes\"", node));
    }
  }
  net.BuildIndex();
}

// bc.json / bc_steady.json: injections, slacks, compressor ratios, valve states.
void ReadBoundary(const CaseFile& f, CaseBase* base) {
  const json& root = f.root();
  f.Keys(root, "", "boundary conditions",
         {"boundary_nonslack_flow", "boundary_pslack", "boundary_compressor",
          "boundary_control_valve", "boundary_valve"});
  const Network& net = base->network;
  base->injection_kg_per_s.assign(net.nodes.size(), 0.0);
  auto node_of = [&](const std::string& key, const std::string& ptr, const char* what,
                     std::string* id) {
    auto n = base->node_id.find(key);
    if (n != base->node_id.end()) {
      *id = n->second;
      return true;
    }
    f.Error(ptr, fmt::format("node {}", key), "unknown-node",
            fmt::format("{} names node {}, which is not in network.json", what, key));
    return false;
  };
  std::set<std::string> given_flow;  // json ids with a nonslack flow
  if (const json* flows = f.Object(root, "", "boundary_nonslack_flow", "boundary conditions", false)) {
    for (auto it = flows->begin(); it != flows->end(); ++it) {
      const std::string ptr = PointerAppend("/boundary_nonslack_flow", it.key());
      std::string id;
      if (!node_of(it.key(), ptr, "boundary_nonslack_flow", &id)) continue;
      given_flow.insert(it.key());
      if (!it->is_number()) {
        f.Error(ptr, fmt::format("node '{}'", id), "wrong-type",
                fmt::format("a flow must be a number (kg/s), got {}", io::GotValue(*it)));
        continue;
      }
      // (1e300 kg/s reached the solver: FAIL rows without file or line.)
      const double q = it->get<double>();
      if (!plausible::InRange(q, -plausible::kMaxMassFlow_kg_per_s,
                              plausible::kMaxMassFlow_kg_per_s)) {
        f.Error(ptr, fmt::format("node '{}'", id), "implausible-value",
                fmt::format("flow {:g} kg/s is outside the plausible mass flows, {:g} to {:g} "
                            "kg/s",
                            q, -plausible::kMaxMassFlow_kg_per_s,
                            plausible::kMaxMassFlow_kg_per_s));
        continue;
      }
      // bc.json: positive = withdrawal; corridor: positive = injection.
      base->injection_kg_per_s[*net.FindNode(id)] = -q;
    }
  }
  const json* slacks_given = f.Object(root, "", "boundary_pslack", "boundary conditions", false);
  if (const json* slacks = slacks_given) {
    for (auto it = slacks->begin(); it != slacks->end(); ++it) {
      const std::string ptr = PointerAppend("/boundary_pslack", it.key());
      std::string id;
      if (!node_of(it.key(), ptr, "boundary_pslack", &id)) continue;
      const std::string element = fmt::format("node '{}'", id);
      // A slack is no node of given flow, nor one network.json says is none: both went
      // unsaid (the flow ignored), and the case was compared as if consistent.
      if (given_flow.count(it.key()))
        f.Error(ptr, element, "slack-mismatch",
                fmt::format("node {} is a slack here and has a flow in "
                            "boundary_nonslack_flow too: a slack's flow is what balances "
                            "the others",
                            it.key()));
      if (const auto sb = base->slack_bool.find(it.key());
          sb != base->slack_bool.end() && !sb->second)
        f.Error(ptr, element, "slack-mismatch",
                fmt::format("node {} is a slack here, and network.json gives it slack_bool 0",
                            it.key()));
      if (!it->is_number()) {
        f.Error(ptr, element, "wrong-type",
                fmt::format("a slack pressure must be a number (Pa), got {}", io::GotValue(*it)));
        continue;
      }
      const double p = it->get<double>();
      // (34.47 "Pa", bar given as Pa, reached the solver: an error without file or line.)
      if (!(p >= plausible::kMinReferencePressure_Pa && p <= plausible::kMaxPressure_Pa)) {
        f.Error(ptr, element, "implausible-value",
                fmt::format("slack pressure {:g} Pa is outside the plausible reference "
                            "pressures, {:g} to {:g} Pa",
                            p, plausible::kMinReferencePressure_Pa,
                            plausible::kMaxPressure_Pa));
        continue;
      }
      base->options.slacks.push_back({id, p});
    }
  }
  // (Not where boundary_pslack is of the wrong type: that error says it.)
  const bool pslack_read = slacks_given != nullptr || !root.contains("boundary_pslack");
  for (const auto& [key, flag] : base->slack_bool)
    if (flag && pslack_read && !(slacks_given != nullptr && slacks_given->contains(key)))
      f.Error("/boundary_pslack", fmt::format("node '{}'", base->node_id[key]), "slack-mismatch",
              fmt::format("network.json gives node {} slack_bool 1, and boundary_pslack no "
                          "pressure for it",
                          key));
  // Compressors at a fixed ratio (control_type 0); control valves and valves open (ratio 1)
  // or listed in "off" (closed).
  auto settings_of = [&](const char* bc_key, const char* sol_key, ArcKind kind) {
    const bool valve_like = kind != ArcKind::kCompressorStation;
    const json* b = f.Object(root, "", bc_key, "boundary conditions", false);
    const auto& arcs = base->arc_id[sol_key];
    const std::string bptr = PointerAppend("", bc_key);
    // A compressor has no default in GasSteadySim's model: each is given its ratio. One
    // left out ran bypassed, and its case failed as "infeasible" instead of being refused.
    if (!valve_like && (b != nullptr || !root.contains(bc_key)))
      for (const auto& [key, id] : arcs)
        if (b == nullptr || !b->contains(key))
          f.Error(bptr, fmt::format("{} '{}'", ArcKindName(kind), id), "missing-key",
                  fmt::format("{} gives no ratio for compressor {}: every compressor of "
                              "network.json needs one",
                              bc_key, key));
    if (b == nullptr) return;
    for (auto it = b->begin(); it != b->end(); ++it) {
      const std::string ptr = PointerAppend(bptr, it.key());
      if (it.key() == "on" || it.key() == "off") {
        // GasSteadySim reads every key of boundary_compressor as a compressor's id: it has
        // no on/off list for them (one "off" there was read as closing the compressor, and
        // then also said to give no ratio).
        if (!valve_like) {
          f.Error(ptr, bc_key, "unsupported-control",
                  fmt::format("\"{}\": {} has no on/off list (GasSteadySim reads each key as "
                              "a compressor's id, with its control_type and value)",
                              it.key(), bc_key));
          continue;
        }
        if (!it->is_array()) {
          f.Error(ptr, bc_key, "wrong-type",
                  fmt::format("\"{}\" must be an array of ids, got {}", it.key(), io::GotValue(*it)));
          continue;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
          const std::string eptr = PointerAppend(ptr, std::to_string(i));
          std::string key;
          if (!f.Id((*it)[i], eptr, bc_key, fmt::format("\"{}\"[{}]", it.key(), i), &key))
            continue;
          auto a = arcs.find(key);
          if (a == arcs.end()) {
            f.Error(eptr, fmt::format("{} {}", bc_key, key), "unknown-arc",
                    fmt::format("\"{}\" names element {}, which is not in network.json",
                                it.key(), key));
            continue;
          }
          if (it.key() == "off") base->options.settings.push_back({a->second, ElementMode::kClosed, 0.0});
        }
        continue;
      }
      auto a = arcs.find(it.key());
      if (a == arcs.end()) {
        f.Error(ptr, fmt::format("{} {}", bc_key, it.key()), "unknown-arc",
                fmt::format("{} names element {}, which is not in network.json", bc_key,
                            it.key()));
        continue;
      }
      const std::string element = fmt::format("{} '{}'", ArcKindName(kind), a->second);
      if (!it->is_object()) {
        f.Error(ptr, element, "wrong-type",
                fmt::format("a boundary condition must be an object {{\"control_type\", "
                            "\"value\"}}, got {}",
                            io::GotValue(*it)));
        continue;
      }
      f.Keys(*it, ptr, element, {"control_type", "value"});
      double type = 0.0, value = 0.0;
      const bool have_type = f.Number(*it, ptr, "control_type", element, true, &type);
      const bool have_value = f.Number(*it, ptr, "value", element, true, &value);
      if (have_type && type != 0.0) {
        f.Error(PointerAppend(ptr, "control_type"), element, "unsupported-control",
                fmt::format("control_type {:g} is not read (0 = pressure ratio p_to/p_from)",
                            type));
        continue;
      }
      if (!have_type || !have_value) continue;
      if (valve_like) {
        if (value != 1.0) {
          f.Error(PointerAppend(ptr, "value"), element, "unsupported-control",
                  fmt::format("ratio {:g}: a valve or control valve is read open (ratio 1) "
                              "or closed (\"off\") only", value));
          continue;
        }
        base->options.settings.push_back({a->second, ElementMode::kOpen, 0.0});
      } else {
        // Below 1 a compressor would reduce pressure, which none does: refused as the
        // pandapipes reader (ratio-range) and the controls file refuse it (0.5 was read, and
        // the rows failed as infeasible instead of the input being refused).
        if (!(value >= 1.0)) {
          f.Error(PointerAppend(ptr, "value"), element, "ratio-range",
                  fmt::format("pressure ratio must be >= 1 (a compressor cannot reduce "
                              "pressure), got {:g}",
                              value));
          continue;
        }
        if (!(value <= 100.0)) {
          f.Error(PointerAppend(ptr, "value"), element, "implausible-value",
                  fmt::format("pressure ratio {:g} is outside the plausible ratios, 1 to 100",
                              value));
          continue;
        }
        ElementSetting es;
        es.arc_id = a->second;
        es.mode = ElementMode::kRatio;
        es.value = value;
        base->options.settings.push_back(es);
      }
    }
  };
  settings_of("boundary_compressor", "compressor_flow", ArcKind::kCompressorStation);
  settings_of("boundary_control_valve", "control_valve_flow", ArcKind::kControlValve);
  settings_of("boundary_valve", "valve_flow", ArcKind::kValve);
}

// Reads the shared files of `case_dir` into *base.
void LoadBase(const std::string& case_dir, bool transim, CaseBase* base, Diagnostics* diag) {
  const fs::path dir(case_dir);
  base->transim = transim;
  base->case_dir = case_dir;
  base->case_name = dir.filename().string();
  std::error_code ec;
  // The id map first: it gives the ids the other files are reported with.
  std::optional<CaseFile> map;
  const std::string map_file = (dir / "id_map_gassteadysim_to_gaslib.json").string();
  if (fs::exists(map_file, ec)) {
    map.emplace(map_file, diag);
    if (map->Read()) ReadMap(*map);
    else map.reset();
  }
  // The gas: without params.json, GasSteadySim's example gas (T 288.706 K, G 0.6), said.
  const std::string params_file = (dir / "params.json").string();
  if (fs::exists(params_file, ec)) {
    CaseFile params(params_file, diag);
    if (params.Read()) {
      if (transim) ReadTranSimParams(params, base);
      else ReadParams(params, base);
    }
  } else {
    diag->Warning(params_file, 0, "", "missing-file",
                  fmt::format("no params.json: the gas is taken as in GasSteadySim's examples, "
                              "T {:g} K and specific gravity {:g}",
                              kGasSteadySimTemperature, base->gravity));
  }
  CaseFile net((dir / "network.json").string(), diag);
  if (!net.Read()) return;
  base->network_read = true;
  ReadNetwork(net, map ? &map->root() : nullptr, base);
  CaseFile bc((dir / (transim ? "bc_steady.json" : "bc.json")).string(), diag);
  if (bc.Read()) ReadBoundary(bc, base);
}

// The expected values of one solution file, and the model of that solution.
void AddSolution(const CaseBase& base, const std::string& solution, ReferenceCase* out,
                 Diagnostics* diag) {
  double b1 = 1.0, b2 = 0.0;
  if (solution == "simple_cnga") {
    b1 = 1.00300865;
    b2 = 2.96848838e-8;
  } else if (solution == "full_cnga") {
    b1 = 1.0024417832;
    b2 = 2.4092583e-8;
  }
  const fs::path dir(base.case_dir);
  *out = ReferenceCase();
  out->network = base.network;
  out->injection_kg_per_s = base.injection_kg_per_s;
  out->options = base.options;

  CaseFile sol((dir / (base.transim ? std::string("exact_sol_.json")
                                    : fmt::format("exact_sol_{}.json", solution)))
                   .string(),
               diag);
  // (Without the network the file is only read, for its own syntax.)
  if (sol.Read(/*values_must_agree=*/true) && base.network_read) {
    const json& root = sol.root();
    std::vector<std::string_view> allowed = {"nodal_pressure", "nodal_density"};
    for (const KindSpec& k : kKinds) allowed.push_back(k.sol_key);
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      std::string list;
      for (std::string_view s : allowed) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", s);
      sol.Error(PointerAppend("", it.key()), "solution", "unknown-key",
                fmt::format("unknown key \"{}\" (known here: {})", it.key(), list));
    }
    // Values keyed by a node (pressures, densities) or an arc of one kind (flows); the
    // nodes whose pressure and the elements whose flow was refused (not also "missing":
    // a string for a pressure was counted twice, wrong-type and missing-value).
    std::set<std::string> refused, refused_arcs;
    auto values = [&](const char* key, bool of_nodes, const std::map<std::string, std::string>& ids,
                      std::unordered_map<std::string, double>* into) {
      const json* obj = sol.Object(root, "", key, "solution", false);
      if (obj == nullptr) return;
      auto broken = base.broken_arcs.find(key);
      for (auto it = obj->begin(); it != obj->end(); ++it) {
        const std::string ptr = PointerAppend(PointerAppend("", key), it.key());
        auto id = ids.find(it.key());
        if (id == ids.end() && broken != base.broken_arcs.end() && broken->second.count(it.key()))
          continue;  // reported in network.json already
        if (id == ids.end()) {
          sol.Error(ptr, fmt::format("{} {}", key, it.key()), of_nodes ? "unknown-node" : "unknown-arc",
                    fmt::format("{} names {} {}, which is not in network.json", key,
                                of_nodes ? "node" : "element", it.key()));
          continue;
        }
        const std::string element =
            fmt::format("{} '{}'", of_nodes ? "node" : "element", id->second);
        if (!it->is_number()) {
          sol.Error(ptr, element, "wrong-type",
                    fmt::format("a {} must be a number, got {}",
                                of_nodes ? "nodal value (Pa, kg/m3)" : "flow (kg/s)", io::GotValue(*it)));
          if (into != nullptr) (of_nodes ? refused : refused_arcs).insert(id->second);
          continue;
        }
        // A stored pressure is a state of gas: -3e6 or 1e300 Pa is a broken file, not a
        // solution to compare with (it made the case FAIL).
        const double v = it->get<double>();
        if (std::string_view(key) == "nodal_pressure" &&
            !(v > 0.0 && v <= plausible::kMaxPressure_Pa)) {
          sol.Error(ptr, element, "implausible-value",
                    fmt::format("a nodal pressure must lie in (0, {:g}] Pa (the plausible "
                                "pressures), got {:g}",
                                plausible::kMaxPressure_Pa, v));
          refused.insert(id->second);
          continue;
        }
        // A flow beyond what any input may carry (1e300 kg/s) is a broken file as well: it
        // made the case FAIL by 1e300 kg/s.
        if (!of_nodes && !(std::abs(v) <= plausible::kMaxMassFlow_kg_per_s)) {
          sol.Error(ptr, element, "implausible-value",
                    fmt::format("a flow must lie within +-{:.3g} kg/s (the plausible flows), "
                                "got {:g}",
                                plausible::kMaxMassFlow_kg_per_s, v));
          refused_arcs.insert(id->second);
          continue;
        }
        if (std::string_view(key) == "nodal_density" && !(v > 0.0)) {
          sol.Error(ptr, element, "implausible-value",
                    fmt::format("a nodal density must be positive, got {:g} kg/m3", v));
          continue;
        }
        if (into != nullptr) (*into)[id->second] = v;
      }
    };
    values("nodal_pressure", true, base.node_id, &out->expected_pressure_Pa);
    values("nodal_density", true, base.node_id, nullptr);
    const std::map<std::string, std::string> none;
    for (const KindSpec& k : kKinds) {
      auto ids = base.arc_id.find(k.sol_key);
      values(k.sol_key, false, ids != base.arc_id.end() ? ids->second : none,
             &out->expected_flow_kg_per_s);
    }
    // Every node's pressure and every element's flow: a solution file without them
    // compared nothing and passed (a review emptied the flows, and all tests passed).
    // (Said at the object the values are missing from, where it is there: it said line 1,
    // "at /".)
    auto missing = [&](const char* what, const std::vector<std::string>& absent,
                       std::size_t total, const std::string& key) {
      if (absent.empty()) return;
      std::string first;
      for (std::size_t k = 0; k < absent.size() && k < 3; ++k)
        first += fmt::format("{}'{}'", k ? ", " : "", absent[k]);
      const auto at = root.find(key);
      sol.Error(at != root.end() && at->is_object() ? PointerAppend("", key) : "", "solution",
                "missing-value",
                fmt::format("the solution gives {} of the {} {}; missing {}{}",
                            total - absent.size(), total, what, first,
                            absent.size() > 3 ? fmt::format(" and {} more", absent.size() - 3)
                                              : std::string()));
    };
    std::vector<std::string> absent_nodes, absent_arcs;
    for (const Node& n : out->network.nodes)
      if (!out->expected_pressure_Pa.count(n.id) && !refused.count(n.id))
        absent_nodes.push_back(n.id);
    for (const Arc& a : out->network.arcs)
      if (!out->expected_flow_kg_per_s.count(a.id) && !refused_arcs.count(a.id))
        absent_arcs.push_back(a.id);
    missing("node pressures", absent_nodes, out->network.nodes.size(), "nodal_pressure");
    // (The flows of several kinds: at the object of the first missing one's kind.)
    std::string flow_key;
    for (const auto& [key, ids] : base.arc_id)
      for (const auto& [json_id, id] : ids)
        if (!absent_arcs.empty() && id == absent_arcs.front()) flow_key = key;
    missing("element flows", absent_arcs, out->network.arcs.size(), flow_key);
  }

  // The model (README): CNGA integral with fixed lambda, no height term, isothermal.
  SteadyOptions& o = out->options;
  o.element_limits = false;  // the reference model: set-points are plain equations
  o.fuel_gas = false;
  o.pipe_model = PipeModel::kStandard;
  o.friction = FrictionLaw::kFixed;
  o.eos = EquationOfState::kCnga;
  o.height_term = false;
  o.gas.from_sources = false;
  o.gas.temperature_K = base.temperature_K;
  o.gas.molar_mass_kg_per_mol = kAirMolarMass * base.gravity;
  o.gas.specific_gas_constant_J_per_kg_K = kGasSteadySimR / (kAirMolarMass * base.gravity);
  o.gas.cnga_b1 = b1;
  o.gas.cnga_b2_per_Pa = b2;
  o.short_pipe_loss_coefficient = kGasSteadySimShortPipeLoss;
  o.mass_tolerance_kg_per_s = 1e-9;
  o.pressure_tolerance_Pa = 1e-4;
  const Network& net = out->network;
  out->name = base.transim ? "gastransim/" + base.case_name
                           : "gassteadysim/" + base.case_name + "/" + solution;
  // (T to 12 digits: params.json's 288.706 reads as 288.70599999999996.)
  out->model = fmt::format("{}: fixed lambda, {}, no height, T {:.12g} K{}{}",
                           base.transim ? "GasTranSim" : "GasSteadySim",
                           b2 == 0.0 && b1 == 1.0 ? "ideal gas"
                                                  : fmt::format("CNGA b1={} b2={} 1/Pa", b1, b2),
                           base.temperature_K, base.temperature_note,
                           std::any_of(net.arcs.begin(), net.arcs.end(),
                                       [](const Arc& a) { return a.kind == ArcKind::kShortPipe; })
                               ? ", short-pipe loss 1.24e4"
                               : "");
  // (GasLib-24 too: its short pipe's loss is modelled, and its README's 5e-6 could not tell
  // whether it is. Removing the loss from the stored pressures, about 2e-6 relative,
  // passed at 5e-6; corridor's largest relative difference there is 1.3e-7.)
  out->rel_tol = 1e-6;
  out->pressure_abs_tol_Pa = 0.0;
  out->flow_abs_tol_kg_per_s = 1e-6;
}

Status CheckSolution(const std::string& solution) {
  if (solution == "ideal" || solution == "simple_cnga" || solution == "full_cnga" ||
      solution == "gastransim")
    return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "solution '{}' unknown: expected ideal, simple_cnga, full_cnga or gastransim", solution));
}

// The problems found since `errors_before`, as the status of a case; OK when none.
Status CaseStatus(const std::string& case_dir, const Diagnostics& diag, std::size_t errors_before) {
  const std::size_t n = diag.error_count() - errors_before;
  if (n == 0) return Status::Ok();
  return Status::InvalidInput(
      fmt::format("{}: {} error{} in the case files", Printable(case_dir), n, n == 1 ? "" : "s"));
}

}  // namespace

Status LoadGasSteadySimCases(const std::string& case_dir, const std::vector<std::string>& solutions,
                             std::vector<ReferenceCase>* out, Diagnostics* diag) {
  for (const std::string& s : solutions)
    if (Status st = CheckSolution(s); !st.ok()) return st;
  const bool transim =
      std::find(solutions.begin(), solutions.end(), "gastransim") != solutions.end();
  if (transim && solutions.size() != 1)
    return Status::InvalidArgument("solution 'gastransim' is a case of its own: load it alone");
  const std::size_t errors_before = diag->error_count();
  CaseBase base;
  LoadBase(case_dir, transim, &base, diag);
  std::vector<ReferenceCase> cases;
  for (const std::string& s : solutions) {
    ReferenceCase rc;
    AddSolution(base, s, &rc, diag);
    // What the checks above do not name (there should be nothing): the solver's own rules.
    if (Status v = rc.options.Validate(); !v.ok() && diag->error_count() == errors_before)
      diag->Error(case_dir, 0, rc.name, "unusable-model", v.message());
    cases.push_back(std::move(rc));
  }
  Status s = CaseStatus(case_dir, *diag, errors_before);
  if (!s.ok()) return s;
  for (ReferenceCase& rc : cases) out->push_back(std::move(rc));
  return Status::Ok();
}

Status LoadGasSteadySimCase(const std::string& case_dir, const std::string& solution,
                            ReferenceCase* out, Diagnostics* diag) {
  *out = ReferenceCase();
  std::vector<ReferenceCase> cases;
  Status s = LoadGasSteadySimCases(case_dir, {solution}, &cases, diag);
  if (s.ok()) *out = std::move(cases.front());
  return s;
}

Status LoadGasSteadySimCase(const std::string& case_dir, const std::string& solution,
                            std::vector<ReferenceCase>* out, Diagnostics* diag) {
  return LoadGasSteadySimCases(case_dir, {solution}, out, diag);
}

Status LoadGasTranSimCase(const std::string& case_dir, ReferenceCase* out, Diagnostics* diag) {
  return LoadGasSteadySimCase(case_dir, "gastransim", out, diag);
}

}  // namespace corridor::reference
