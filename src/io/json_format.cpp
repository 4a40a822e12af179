// corridor's own JSON network format (docs/json-format.md): writer and strict reader.
//
// The writer emits every field of GasCase in SI, with the unit in each key name, in a
// stable order (nlohmann::ordered_json). Doubles are written by nlohmann's shortest
// round-trip conversion and re-read bit-exactly (tested on random bit patterns).
//
// The reader checks the format name and version first (a newer version is refused with a
// message saying so), then walks the document, reporting every problem it finds with the
// JSON pointer of the offending value, the element id when known, and a rule:
//   unknown node/arc kinds and nomination types are errors, unknown keys are warnings,
//   missing required keys, wrong types and non-finite numbers are errors. Values are held
//   to the GasLib readers' checks, under their rule names, so that a case reads from JSON
//   exactly when it would read from GasLib XML: negative-value (lengths, diameters,
//   pressures, temperatures...), bad-flag (0/1 flags), bad-probability, incomplete-loss (a
//   drag factor without its diameter, or the reverse).
// Syntax errors (truncated text, NaN, numbers that overflow a double such as 1e999) stop
// the parse and are reported with file:line.
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "core/file_internal.h"
#include "core/printable.h"
#include "core/suggest.h"
#include "io/as_read.h"
#include "io/json_cs.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/xml_util.h"

namespace corridor {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// ----------------------------------------------------------------------------------------
// Writer
// ----------------------------------------------------------------------------------------

void PutOpt(ordered_json& j, const char* key, const std::optional<double>& v) {
  if (v) j[key] = *v;
}
void PutOpt(ordered_json& j, const char* key, const std::optional<int>& v) {
  if (v) j[key] = *v;
}

ordered_json LossToJson(const SideLoss& l) {
  ordered_json j = ordered_json::object();
  PutOpt(j, "pressure_loss_Pa", l.pressure_loss_Pa);
  PutOpt(j, "drag_factor", l.drag_factor);
  PutOpt(j, "diameter_m", l.diameter_m);
  return j;
}
bool LossEmpty(const SideLoss& l) {
  return !l.pressure_loss_Pa && !l.drag_factor && !l.diameter_m;
}

ordered_json NodeToJson(const Node& n) {
  ordered_json j = ordered_json::object();
  j["id"] = n.id;
  j["kind"] = NodeKindName(n.kind);
  if (n.has_alias) j["alias"] = n.alias;
  j["x"] = n.x;
  j["y"] = n.y;
  PutOpt(j, "lat_deg", n.lat_deg);
  PutOpt(j, "lon_deg", n.lon_deg);
  j["height_m"] = n.height_m;
  j["pressure_min_Pa"] = n.pressure_min_Pa;
  j["pressure_max_Pa"] = n.pressure_max_Pa;
  PutOpt(j, "flow_min_m3_per_s", n.flow_min_m3_per_s);
  PutOpt(j, "flow_max_m3_per_s", n.flow_max_m3_per_s);
  if (n.gas) {
    const SourceGas& g = *n.gas;
    ordered_json gj = ordered_json::object();
    gj["temperature_K"] = g.temperature_K;
    gj["calorific_value_J_per_m3"] = g.calorific_value_J_per_m3;
    gj["norm_density_kg_per_m3"] = g.norm_density_kg_per_m3;
    gj["molar_mass_kg_per_mol"] = g.molar_mass_kg_per_mol;
    gj["pseudocritical_pressure_Pa"] = g.pseudocritical_pressure_Pa;
    gj["pseudocritical_temperature_K"] = g.pseudocritical_temperature_K;
    gj["heat_capacity_A"] = g.heat_capacity_A;
    gj["heat_capacity_B"] = g.heat_capacity_B;
    gj["heat_capacity_C"] = g.heat_capacity_C;
    j["gas"] = std::move(gj);
  }
  return j;
}

ordered_json ArcToJson(const Arc& a) {
  ordered_json j = ordered_json::object();
  j["id"] = a.id;
  j["kind"] = ArcKindName(a.kind);
  j["from"] = a.from;
  j["to"] = a.to;
  if (a.has_alias) j["alias"] = a.alias;
  j["flow_min_m3_per_s"] = a.flow_min_m3_per_s;
  j["flow_max_m3_per_s"] = a.flow_max_m3_per_s;
  switch (a.kind) {
    case ArcKind::kPipe:
      j["length_m"] = a.pipe.length_m;
      j["diameter_m"] = a.pipe.diameter_m;
      j["roughness_m"] = a.pipe.roughness_m;
      PutOpt(j, "heat_transfer_W_per_m2_K", a.pipe.heat_transfer_W_per_m2_K);
      PutOpt(j, "pressure_max_Pa", a.pipe.pressure_max_Pa);
      break;
    case ArcKind::kShortPipe:
      break;
    case ArcKind::kResistor:
      PutOpt(j, "drag_factor", a.resistor.drag_factor);
      PutOpt(j, "diameter_m", a.resistor.diameter_m);
      PutOpt(j, "pressure_loss_Pa", a.resistor.pressure_loss_Pa);
      break;
    case ArcKind::kValve:
      PutOpt(j, "pressure_differential_max_Pa", a.valve.pressure_differential_max_Pa);
      break;
    case ArcKind::kControlValve: {
      const ControlValveData& cv = a.control_valve;
      PutOpt(j, "pressure_differential_min_Pa", cv.pressure_differential_min_Pa);
      PutOpt(j, "pressure_differential_max_Pa", cv.pressure_differential_max_Pa);
      PutOpt(j, "pressure_in_min_Pa", cv.pressure_in_min_Pa);
      PutOpt(j, "pressure_out_max_Pa", cv.pressure_out_max_Pa);
      PutOpt(j, "internal_bypass_required", cv.internal_bypass_required);
      PutOpt(j, "gas_preheater_existing", cv.gas_preheater_existing);
      if (!LossEmpty(cv.loss_in)) j["loss_in"] = LossToJson(cv.loss_in);
      if (!LossEmpty(cv.loss_out)) j["loss_out"] = LossToJson(cv.loss_out);
      break;
    }
    case ArcKind::kCompressorStation: {
      const CompressorStationArcData& cs = a.compressor;
      if (!cs.fuel_gas_vertex.empty()) j["fuel_gas_vertex"] = cs.fuel_gas_vertex;
      PutOpt(j, "internal_bypass_required", cs.internal_bypass_required);
      PutOpt(j, "gas_cooler_existing", cs.gas_cooler_existing);
      PutOpt(j, "pressure_in_min_Pa", cs.pressure_in_min_Pa);
      PutOpt(j, "pressure_out_max_Pa", cs.pressure_out_max_Pa);
      if (!LossEmpty(cs.loss_in)) j["loss_in"] = LossToJson(cs.loss_in);
      if (!LossEmpty(cs.loss_out)) j["loss_out"] = LossToJson(cs.loss_out);
      break;
    }
  }
  return j;
}

ordered_json NominationToJson(const Nomination& nom) {
  ordered_json j = ordered_json::object();
  j["id"] = nom.id;
  if (!nom.notices.empty()) j["notices"] = nom.notices;
  PutOpt(j, "probability", nom.probability);
  PutOpt(j, "scenario_temperature_K", nom.scenario_temperature_K);
  if (nom.contract_date) j["contract_date"] = *nom.contract_date;
  PutOpt(j, "soil_temperature_K", nom.soil_temperature_K);
  PutOpt(j, "ambient_temperature_K", nom.ambient_temperature_K);
  ordered_json nodes = ordered_json::array();
  for (const NodeNomination& n : nom.nodes) {
    ordered_json nj = ordered_json::object();
    nj["node"] = n.node_id;
    nj["type"] = n.is_entry ? "entry" : "exit";
    nj["flow_lower_m3_per_s"] = n.flow_lower_m3_per_s;
    nj["flow_upper_m3_per_s"] = n.flow_upper_m3_per_s;
    PutOpt(nj, "pressure_lower_Pa", n.pressure_lower_Pa);
    PutOpt(nj, "pressure_upper_Pa", n.pressure_upper_Pa);
    PutOpt(nj, "contract_pressure_max_Pa", n.contract_pressure_max_Pa);
    nodes.push_back(std::move(nj));
  }
  j["nodes"] = std::move(nodes);
  if (!nom.arcs.empty()) {
    ordered_json arcs = ordered_json::array();
    for (const ArcScenarioData& a : nom.arcs) {
      ordered_json aj = ordered_json::object();
      aj["arc"] = a.arc_id;
      PutOpt(aj, "soil_temperature_K", a.soil_temperature_K);
      arcs.push_back(std::move(aj));
    }
    j["arcs"] = std::move(arcs);
  }
  return j;
}

// ----------------------------------------------------------------------------------------
// Reader
// ----------------------------------------------------------------------------------------

struct Ctx {
  std::string file;
  Diagnostics* diag = nullptr;
  const io::JsonLocator* where = nullptr;  // lines of the text read (none: line 0)
  /// Reused by every element's NestedMemberLines (no allocation per element).
  std::vector<io::JsonLocator::NestedMember> members;
  /// The keys given twice with different values: Obj::Get (and the compressor-data reader)
  /// says each where it meets it and hands neither value on; the rest, in keys no reader
  /// knows, at the end of the read.
  io::KeyConflicts conflicts;
  /// The line of a JSON pointer, or of a diagnostic's element field "<pointer> (<label>)".
  int Line(const std::string& element) const {
    return where != nullptr ? where->Line(std::string_view(element).substr(0, element.find(" ("))) : 0;
  }
  void Error(const std::string& element, const std::string& rule, const std::string& msg) {
    diag->Error(file, Line(element), element, rule, msg);
  }
  /// Conflict k of `conflicts` at `element`: at the line of its repeated key where known.
  void ConflictError(std::size_t k, const std::string& element) {
    const int line = conflicts.lines[k] > 0 ? conflicts.lines[k] : Line(element);
    diag->Error(file, line, element, conflicts.Rule(k), conflicts.items[k].second);
  }
  void Warning(const std::string& element, const std::string& rule, const std::string& msg) {
    diag->Warning(file, Line(element), element, rule, msg);
  }
};

// Reads the members of one JSON object, remembering which keys were used so that the
// rest can be reported as unknown. Every accessor reports its own problems.
class Obj {
 public:
  /// `ptr` is the JSON pointer of the object; `label` names the element ("node 'N01'"),
  /// possibly empty.
  Obj(Ctx& ctx, const json& j, std::string ptr, std::string label)
      : ctx_(ctx), j_(j), ptr_(std::move(ptr)), label_(std::move(label)) {
    if (!j_.is_object()) {
      valid_ = false;
      // An element written as a number out of a double's range (a null here) is said once,
      // as that number, not also as "got null".
      if (const int k = j_.is_null() && !ctx_.conflicts.items.empty()
                            ? ctx_.conflicts.Find(ptr_)
                            : -1;
          k >= 0 && ctx_.conflicts.Rule(k) == "not-finite") {
        if (!ctx_.conflicts.said[k]) ctx_.ConflictError(k, Where(""));
        ctx_.conflicts.said[k] = true;
        return;
      }
      ctx_.Error(Where(""), "wrong-type",
                 fmt::format("expected an object, got {}", io::GotValue(j_)));
    }
  }
  bool valid() const { return valid_; }
  void set_label(std::string label) { label_ = std::move(label); }
  const std::string& label() const { return label_; }
  const std::string& ptr() const { return ptr_; }
  /// Whether the member is there, whatever its value.
  bool Has(const std::string& key) const { return valid_ && j_.contains(key); }

  /// "<pointer>/<key> (<label>)": the element field of a diagnostic.
  std::string Where(const std::string& key) const {
    std::string p = key.empty() ? (ptr_.empty() ? std::string("/") : ptr_)
                                : ptr_ + "/" + io::PointerToken(key);
    return label_.empty() ? p : fmt::format("{} ({})", p, label_);
  }
  std::string Pointer(const std::string& key) const { return ptr_ + "/" + io::PointerToken(key); }

  /// The member, or nullptr (reported when required).
  const json* Get(const std::string& key, bool required) {
    if (!valid_) return nullptr;
    used_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (required)
        ctx_.Error(Where(""), "missing-key", fmt::format("required key \"{}\" is missing", key));
      return nullptr;
    }
    if (!ctx_.conflicts.items.empty()) {
      if (const int k = ctx_.conflicts.Find(Pointer(key)); k >= 0) {
        if (!ctx_.conflicts.said[k]) ctx_.ConflictError(k, Where(key));
        ctx_.conflicts.said[k] = true;
        return nullptr;
      }
    }
    return &*it;
  }

  bool Double(const std::string& key, double* out, bool required) {
    const json* v = Get(key, required);
    if (!v) return false;
    if (!v->is_number()) {
      ctx_.Error(Where(key), "wrong-type",
                 fmt::format("\"{}\" must be a number, got {}", key, io::GotValue(*v)));
      return false;
    }
    double d = v->get<double>();
    if (!std::isfinite(d)) {
      ctx_.Error(Where(key), "not-finite", fmt::format("\"{}\" must be finite", key));
      return false;
    }
    *out = d;
    return true;
  }
  void OptDouble(const std::string& key, std::optional<double>* out) {
    double d = 0.0;
    if (Double(key, &d, false)) *out = d;
  }

  bool Int(const std::string& key, int* out, bool required) {
    const json* v = Get(key, required);
    if (!v) return false;
    if (!v->is_number_integer()) {
      ctx_.Error(Where(key), "wrong-type",
                 fmt::format("\"{}\" must be an integer, got {}", key, io::GotValue(*v)));
      return false;
    }
    bool fits = v->is_number_unsigned()
                    ? v->get<std::uint64_t>() <=
                          static_cast<std::uint64_t>(std::numeric_limits<int>::max())
                    : (v->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                       v->get<std::int64_t>() <= std::numeric_limits<int>::max());
    if (!fits) {
      ctx_.Error(Where(key), "out-of-range",
                 fmt::format("\"{}\" = {} does not fit an int", key, io::ShownValue(*v)));
      return false;
    }
    *out = static_cast<int>(v->get<std::int64_t>());
    return true;
  }
  void OptInt(const std::string& key, std::optional<int>* out) {
    int i = 0;
    if (Int(key, &i, false)) *out = i;
  }
  /// An optional 0/1 flag (GasLib's internalBypassRequired, ...): rule bad-flag otherwise.
  void OptFlag(const std::string& key, std::optional<int>* out) {
    int i = 0;
    if (!Int(key, &i, false)) return;
    if (i != 0 && i != 1) {
      ctx_.Error(Where(key), "bad-flag", fmt::format("\"{}\" = {} must be 0 or 1", key, i));
      return;
    }
    *out = i;
  }

  /// Reports a value that no physical quantity of its kind can take, as the GasLib readers
  /// do (rule negative-value): a negative length, an absolute pressure below vacuum, a
  /// temperature below absolute zero. `what` says why, after the key.
  void NonNegative(const std::string& key, double v, const char* what = "must not be negative") {
    if (v >= 0.0) return;
    ctx_.Error(Where(key), "negative-value", fmt::format("\"{}\" {}, got {}", key, what, v));
  }
  void NonNegative(const std::string& key, const std::optional<double>& v,
                   const char* what = "must not be negative") {
    if (v) NonNegative(key, *v, what);
  }
  /// A required non-negative number (Double, then NonNegative).
  bool NonNegativeDouble(const std::string& key, double* out,
                         const char* what = "must not be negative") {
    if (!Double(key, out, true)) return false;
    NonNegative(key, *out, what);
    return true;
  }
  /// An optional non-negative number.
  void OptNonNegative(const std::string& key, std::optional<double>* out,
                      const char* what = "must not be negative") {
    OptDouble(key, out);
    NonNegative(key, *out, what);
  }

  /// Two members that mean something only together (a drag factor and the diameter it
  /// refers to): one without the other is rule incomplete-loss, reported at the one given.
  void Together(const std::string& a, const std::string& b) {
    if (Has(a) == Has(b)) return;
    ctx_.Error(Where(Has(a) ? a : b), "incomplete-loss",
               fmt::format("\"{}\" and \"{}\" must be given together", a, b));
  }

  bool String(const std::string& key, std::string* out, bool required) {
    const json* v = Get(key, required);
    if (!v) return false;
    if (!v->is_string()) {
      ctx_.Error(Where(key), "wrong-type",
                 fmt::format("\"{}\" must be a string, got {}", key, io::GotValue(*v)));
      return false;
    }
    *out = v->get<std::string>();
    if (out->find('\0') != std::string::npos) {
      // No text of a case holds one, and C strings end there: an alias "nul\u0000x" was
      // written to GasLib XML as "nul", and convert's message about it cut short.
      ctx_.Error(Where(key), "bad-char",
                 fmt::format("\"{}\" holds the character U+0000 (NUL): no text of a case "
                             "holds one",
                             key));
      out->clear();  // refused, not handed on: an id kept fanned out into unknown-node
      return false;
    }
    // A character GasLib XML cannot hold: said here, with its line and element, every one
    // (convert --to gaslib refuses the case for it; it said the first only, at an offset
    // of the XML it would have written, and check passed the file).
    if (const long cp = io::NonXmlCharacter(*out); cp >= 0)
      ctx_.Warning(Where(key), "not-xml-char",
                   fmt::format("\"{}\" holds the character U+{:04X}, which XML cannot hold: "
                               "the case cannot be converted to GasLib XML",
                               key, cp));
    return true;
  }
  /// A required string that must not be empty (ids). An id others refer to (`matched`:
  /// not the nomination's own name) with white space at an end is bad-id and handed on
  /// trimmed, as the GasLib readers do (io::IdWhiteSpace).
  bool Id(const std::string& key, std::string* out, bool matched = true) {
    if (!String(key, out, true)) return false;
    if (out->empty()) {
      ctx_.Error(Where(key), "empty-id", fmt::format("\"{}\" must not be empty", key));
      return false;
    }
    if (const std::string where = io::IdWhiteSpace(*out); matched && !where.empty()) {
      ctx_.Error(Where(key), "bad-id", io::IdWhiteSpaceMessage(key, *out, where));
      *out = std::string(io::TrimIdSpace(*out));
    }
    return true;
  }
  /// bad-id for an id with white space at an end (`where`), at its key.
  void IdSpaceError(const std::string& key, const std::string& id, const std::string& where) {
    ctx_.Error(Where(key), "bad-id", io::IdWhiteSpaceMessage(key, id, where));
  }
  void OptString(const std::string& key, std::optional<std::string>* out) {
    std::string s;
    if (String(key, &s, false)) *out = s;
  }

  /// A member that must be an array (reported otherwise); nullptr when absent or wrong.
  const json* Array(const std::string& key, bool required) {
    const json* v = Get(key, required);
    if (!v) return nullptr;
    if (!v->is_array()) {
      ctx_.Error(Where(key), "wrong-type",
                 fmt::format("\"{}\" must be an array, got {}", key, io::GotValue(*v)));
      return nullptr;
    }
    return v;
  }

  /// The optional array "notices" (texts the GasLib writers put back as comments at the head
  /// of a file: NetworkInfo::notices, Nomination::notices) appended to *out, each judged by
  /// io::JudgeNotice; one that is no string, or holds a NUL, is said and left out.
  void Notices(std::vector<std::string>* out) {
    const json* notices = Array("notices", false);
    for (std::size_t i = 0; notices != nullptr && i < notices->size(); ++i) {
      const json& v = (*notices)[i];
      const std::string what = fmt::format("\"notices\"[{}]", i);
      if (!v.is_string()) {
        ctx_.Error(Where("notices"), "wrong-type",
                   fmt::format("{} must be a string, got {}", what, io::GotValue(v)));
        continue;
      }
      const std::string& t = v.get_ref<const std::string&>();
      if (const io::NoticeFinding f = io::JudgeNotice(t, what); f.error) {
        ctx_.Error(Where("notices"), f.rule, f.message);
        continue;
      } else if (!f.rule.empty()) {
        ctx_.Warning(Where("notices"), f.rule, f.message);
      }
      out->push_back(t);
    }
  }

  /// Warns about every key that no accessor asked for, with the keys asked for and not
  /// given that are near it: "nominations" dropped the whole nomination, and
  /// "pressure_max_pa" a pipe's limit, with a bare warning (helper-291). (A warning still:
  /// a newer minor version's key must not stop an older reader.)
  void Finish() {
    if (!valid_) return;
    std::vector<std::string_view> absent;
    for (const std::string& k : used_)
      if (j_.find(k) == j_.end()) absent.push_back(k);
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (used_.count(it.key())) continue;
      ctx_.Warning(Where(it.key()), "unknown-key",
                   fmt::format("unknown key \"{}\" is ignored{}", it.key(),
                               DidYouMean(it.key(), absent)));
    }
  }

 private:
  Ctx& ctx_;
  const json& j_;
  std::string ptr_, label_;
  bool valid_ = true;
  std::set<std::string> used_;
};

// Which values of one element raised the reader's errors (ReadErrors::node_fields,
// arc_fields, nominated_node_fields), told apart as by the GasLib reader's ValueLog: by the
// error count around each read. An error raised outside them refuses every value.
class FieldLog {
 public:
  /// Construct before the element's first error can be raised.
  explicit FieldLog(const Diagnostics& diag) : diag_(diag), start_(diag.error_count()) {}

  /// Runs `read` (a read of one or more members, or a rule between them) and returns what
  /// it returns; the values of `bits` are refused where it raised an error (0: an error
  /// about no value that validation judges, an alias).
  template <class Read>
  auto Note(std::uint32_t bits, Read&& read) {
    const std::size_t before = diag_.error_count();
    if constexpr (std::is_void_v<decltype(read())>) {
      read();
      Count(bits, before);
    } else {
      auto result = read();
      Count(bits, before);
      return result;
    }
  }
  /// The values refused; every bit where an error of the element was none of them.
  std::uint32_t Refused() const {
    return diag_.error_count() - start_ > attributed_ ? ~std::uint32_t{0} : refused_;
  }

 private:
  void Count(std::uint32_t bits, std::size_t before) {
    if (const std::size_t raised = diag_.error_count() - before; raised > 0) {
      refused_ |= bits;
      attributed_ += raised;
    }
  }
  const Diagnostics& diag_;
  std::size_t start_;
  std::size_t attributed_ = 0;
  std::uint32_t refused_ = 0;
};

// The field of each member an element's values are read from (`outer` the key of the
// object that holds it, "" for the element's own members): for the line of each value.
template <class Field>
struct MemberField {
  std::string_view outer, key;
  Field field;
};

constexpr MemberField<NodeField> kNodeMembers[] = {
    {"", "id", NodeField::kId},
    {"", "x", NodeField::kX},
    {"", "y", NodeField::kY},
    {"", "lat_deg", NodeField::kPosition},
    {"", "lon_deg", NodeField::kPosition},
    {"", "height_m", NodeField::kHeight},
    {"", "pressure_min_Pa", NodeField::kPressureMin},
    {"", "pressure_max_Pa", NodeField::kPressureMax},
    {"", "flow_min_m3_per_s", NodeField::kFlowMin},
    {"", "flow_max_m3_per_s", NodeField::kFlowMax},
    {"gas", "temperature_K", NodeField::kGasTemperature},
    {"gas", "calorific_value_J_per_m3", NodeField::kCalorificValue},
    {"gas", "norm_density_kg_per_m3", NodeField::kNormDensity},
    {"gas", "molar_mass_kg_per_mol", NodeField::kMolarMass},
    {"gas", "pseudocritical_pressure_Pa", NodeField::kPseudocriticalPressure},
    {"gas", "pseudocritical_temperature_K", NodeField::kPseudocriticalTemperature},
    {"gas", "heat_capacity_A", NodeField::kHeatCapacity},
    {"gas", "heat_capacity_B", NodeField::kHeatCapacity},
    {"gas", "heat_capacity_C", NodeField::kHeatCapacity},
};

constexpr MemberField<ArcField> kArcMembers[] = {
    {"", "id", ArcField::kId},
    {"", "from", ArcField::kFrom},
    {"", "to", ArcField::kTo},
    {"", "flow_min_m3_per_s", ArcField::kFlowMin},
    {"", "flow_max_m3_per_s", ArcField::kFlowMax},
    {"", "length_m", ArcField::kLength},
    {"", "diameter_m", ArcField::kDiameter},
    {"", "roughness_m", ArcField::kRoughness},
    {"", "pressure_max_Pa", ArcField::kPressureMax},
    {"", "heat_transfer_W_per_m2_K", ArcField::kHeatTransfer},
    {"", "drag_factor", ArcField::kDragFactor},
    {"", "pressure_loss_Pa", ArcField::kPressureLoss},
    {"", "pressure_differential_min_Pa", ArcField::kPressureDifferentialMin},
    {"", "pressure_differential_max_Pa", ArcField::kPressureDifferentialMax},
    {"", "pressure_in_min_Pa", ArcField::kPressureInMin},
    {"", "pressure_out_max_Pa", ArcField::kPressureOutMax},
    {"", "internal_bypass_required", ArcField::kFlags},
    {"", "gas_preheater_existing", ArcField::kFlags},
    {"", "gas_cooler_existing", ArcField::kFlags},
    {"", "fuel_gas_vertex", ArcField::kFuelGasVertex},
    {"loss_in", "pressure_loss_Pa", ArcField::kPressureLossIn},
    {"loss_in", "drag_factor", ArcField::kDragFactorIn},
    {"loss_in", "diameter_m", ArcField::kDiameterIn},
    {"loss_out", "pressure_loss_Pa", ArcField::kPressureLossOut},
    {"loss_out", "drag_factor", ArcField::kDragFactorOut},
    {"loss_out", "diameter_m", ArcField::kDiameterOut},
};

constexpr MemberField<NominationField> kNominationMembers[] = {
    {"", "node", NominationField::kNodeId},
    {"", "type", NominationField::kType},
    {"", "flow_lower_m3_per_s", NominationField::kFlowLower},
    {"", "flow_upper_m3_per_s", NominationField::kFlowUpper},
    {"", "pressure_lower_Pa", NominationField::kPressureLower},
    {"", "pressure_upper_Pa", NominationField::kPressureUpper},
    {"", "contract_pressure_max_Pa", NominationField::kContractPressureMax},
};

// Notes in `lines` (Node::field_lines...) the line of each value of the element at `ptr`
// that `table` names. A member given twice: the last, whose value a DOM keeps. One walk
// over the element's text, no copy: the read of every element pays for it.
template <class Field, std::size_t N>
void NoteFieldLines(Ctx& ctx, const std::string& ptr, const MemberField<Field> (&table)[N],
                    std::int32_t* lines) {
  if (ctx.where == nullptr) return;
  ctx.where->NestedMemberLines(ptr, &ctx.members);
  for (const io::JsonLocator::NestedMember& m : ctx.members)
    for (const MemberField<Field>& f : table)
      if (f.key == m.key && f.outer == m.outer) {
        lines[static_cast<int>(f.field)] = m.line;
        break;
      }
}

void ReadLoss(Ctx& ctx, Obj& parent, const char* key, const SideLossFields& f, FieldLog* log,
              SideLoss* out) {
  const json* v = parent.Get(key, false);
  if (!v) return;
  const std::uint32_t all = FieldBit(f.loss) | FieldBit(f.drag) | FieldBit(f.diameter);
  std::optional<Obj> o;
  log->Note(all, [&] { o.emplace(ctx, *v, parent.Pointer(key), parent.label()); });
  if (!o->valid()) return;
  log->Note(FieldBit(f.loss),
            [&] { o->OptNonNegative("pressure_loss_Pa", &out->pressure_loss_Pa); });
  log->Note(FieldBit(f.drag), [&] { o->OptNonNegative("drag_factor", &out->drag_factor); });
  log->Note(FieldBit(f.diameter), [&] { o->OptNonNegative("diameter_m", &out->diameter_m); });
  // The pair's own error: neither value is then judged (validation's incomplete-loss would
  // say it again).
  log->Note(FieldBit(f.drag) | FieldBit(f.diameter),
            [&] { o->Together("drag_factor", "diameter_m"); });
  o->Finish();
}

bool ParseNodeKind(const std::string& s, NodeKind* k) {
  for (NodeKind c : {NodeKind::kSource, NodeKind::kSink, NodeKind::kInnode})
    if (s == NodeKindName(c)) { *k = c; return true; }
  return false;
}
bool ParseArcKind(const std::string& s, ArcKind* k) {
  for (ArcKind c : {ArcKind::kPipe, ArcKind::kShortPipe, ArcKind::kResistor, ArcKind::kValve,
                    ArcKind::kControlValve, ArcKind::kCompressorStation})
    if (s == ArcKindName(c)) { *k = c; return true; }
  return false;
}

// As the GasLib reader: a position must be whole and on the globe (warnings half-position
// and bad-position); the GeoJSON export treats such a node as having none.
void CheckPosition(Ctx& ctx, const Obj& o, const std::optional<double>& lat,
                   const std::optional<double>& lon) {
  if (lat.has_value() != lon.has_value()) {
    ctx.Warning(o.Where(lat ? "lat_deg" : "lon_deg"), "half-position",
                fmt::format("\"{}\" is given without \"{}\": the node has no geographic "
                            "position",
                            lat ? "lat_deg" : "lon_deg", lat ? "lon_deg" : "lat_deg"));
    return;
  }
  if (lat && !(*lat >= -90.0 && *lat <= 90.0))
    ctx.Warning(o.Where("lat_deg"), "bad-position",
                fmt::format("\"lat_deg\" = {} is outside [-90, 90] degrees", *lat));
  if (lon && !(*lon >= -180.0 && *lon <= 180.0))
    ctx.Warning(o.Where("lon_deg"), "bad-position",
                fmt::format("\"lon_deg\" = {} is outside [-180, 180] degrees", *lon));
}

// An arc not built (of no known kind, or in the nodes' array), noted in `re` (LoadCaseAsRead):
// its id, and the first such arc's line and name for the not-checked note.
void NoteUnbuiltArc(ReadErrors* re, const std::string& id, int line, const std::string& name) {
  if (re == nullptr) return;
  if (id.empty()) re->arcs_incomplete = true;
  else re->unbuilt_arc_ids.push_back(id);
  re->arcs_missing = true;
  if (re->missing_arc_line == 0) {
    re->missing_arc_line = line;
    re->missing_arc = name;
  }
}

// A node is kept only when it was read without an error, unless `re` is given
// (LoadCaseAsRead): then every node of a known kind is kept, and one with an error noted.
void ReadNode(Ctx& ctx, const json& j, const std::string& ptr, Network* net, ReadErrors* re) {
  const std::size_t before = ctx.diag->error_count();
  Obj o(ctx, j, ptr, "");
  if (!o.valid()) {
    if (re != nullptr) re->nodes_incomplete = true;
    return;
  }
  Node n;
  n.line = ctx.Line(ptr);
  NoteFieldLines(ctx, ptr, kNodeMembers, n.field_lines.data());
  FieldLog log(*ctx.diag);
  bool ok = log.Note(FieldBit(NodeField::kId), [&] { return o.Id("id", &n.id); });
  if (ok) o.set_label(fmt::format("node '{}'", n.id));
  std::string kind;
  bool kind_ok = false;
  // (A node of no known kind is not built: its errors refuse every value.)
  ArcKind arc_kind;
  if (o.String("kind", &kind, true) && ParseArcKind(kind, &arc_kind)) {
    // An arc among the nodes: said where it belongs, and not read as a node (its keys were
    // eight missing-key and unknown-key findings), but noted as an arc not built, so that
    // its ends are not called isolated, nor their parts unbalanced. Named as the arc it is.
    if (!n.id.empty()) o.set_label(fmt::format("{} '{}'", kind, n.id));
    ctx.Error(o.Where("kind"), "unknown-kind",
              fmt::format("kind \"{}\" is an arc's: it belongs in \"arcs\", not \"nodes\"",
                          kind));
    NoteUnbuiltArc(re, n.id, n.line, n.id.empty() ? kind : fmt::format("{} '{}'", kind, n.id));
    return;
  }
  if (!kind.empty() && !ParseNodeKind(kind, &n.kind)) {
    ctx.Error(o.Where("kind"), "unknown-kind",
              fmt::format("unknown node kind \"{}\" (expected source, sink or innode)", kind));
    ok = false;
  } else if (kind.empty()) {
    ok = false;
  } else {
    kind_ok = true;
  }
  log.Note(0, [&] {
    if (o.String("alias", &n.alias, false)) n.has_alias = true;
  });
  log.Note(FieldBit(NodeField::kX), [&] { o.Double("x", &n.x, false); });
  log.Note(FieldBit(NodeField::kY), [&] { o.Double("y", &n.y, false); });
  log.Note(FieldBit(NodeField::kPosition), [&] {
    o.OptDouble("lat_deg", &n.lat_deg);
    o.OptDouble("lon_deg", &n.lon_deg);
  });
  // Not where a coordinate given was refused (reported), as the GasLib reader.
  if (o.Has("lat_deg") == n.lat_deg.has_value() && o.Has("lon_deg") == n.lon_deg.has_value())
    CheckPosition(ctx, o, n.lat_deg, n.lon_deg);
  auto required = [&](NodeField f, auto&& read) { ok &= log.Note(FieldBit(f), read); };
  required(NodeField::kHeight, [&] { return o.Double("height_m", &n.height_m, true); });
  required(NodeField::kPressureMin,
           [&] { return o.NonNegativeDouble("pressure_min_Pa", &n.pressure_min_Pa); });
  required(NodeField::kPressureMax,
           [&] { return o.NonNegativeDouble("pressure_max_Pa", &n.pressure_max_Pa); });
  log.Note(FieldBit(NodeField::kFlowMin),
           [&] { o.OptDouble("flow_min_m3_per_s", &n.flow_min_m3_per_s); });
  log.Note(FieldBit(NodeField::kFlowMax),
           [&] { o.OptDouble("flow_max_m3_per_s", &n.flow_max_m3_per_s); });
  // Keys of another kind of node (GasLib's innodes have no flow bounds, only sources have
  // gas data): said here, where they are, not by the GasLib writer later without a line;
  // whatever else is wrong with the node (every problem is listed), once its kind is known.
  if (kind_ok && n.kind == NodeKind::kInnode)
    for (auto [key, f] : {std::pair{"flow_min_m3_per_s", NodeField::kFlowMin},
                          std::pair{"flow_max_m3_per_s", NodeField::kFlowMax}})
      if (o.Get(key, false) != nullptr) {
        log.Note(FieldBit(f), [&] {
          ctx.Error(o.Where(key), "key-for-kind",
                    fmt::format("'{}' belongs to a source or sink; an innode has no flow bounds",
                                key));
        });
        ok = false;
      }
  constexpr std::uint32_t kGas =
      FieldBit(NodeField::kGasTemperature) | FieldBit(NodeField::kCalorificValue) |
      FieldBit(NodeField::kNormDensity) | FieldBit(NodeField::kHeatCapacity) |
      FieldBit(NodeField::kMolarMass) | FieldBit(NodeField::kPseudocriticalPressure) |
      FieldBit(NodeField::kPseudocriticalTemperature);
  if (kind_ok && n.kind != NodeKind::kSource && o.Get("gas", false) != nullptr) {
    log.Note(kGas, [&] {
      ctx.Error(o.Where("gas"), "key-for-kind",
                fmt::format("'gas' belongs to a source; a {} has no gas data",
                            NodeKindName(n.kind)));
    });
    ok = false;
  } else if (const json* g = o.Get("gas", false)) {  // (on a sink: what it holds is not read)
    std::optional<Obj> go;
    log.Note(kGas, [&] {
      go.emplace(ctx, *g, o.Pointer("gas"), n.id.empty() ? "" : fmt::format("node '{}'", n.id));
    });
    if (go->valid()) {
      SourceGas gas;
      auto positive = [&](NodeField f, const char* key, double* out) {
        required(f, [&] { return go->NonNegativeDouble(key, out); });
      };
      positive(NodeField::kGasTemperature, "temperature_K", &gas.temperature_K);
      positive(NodeField::kCalorificValue, "calorific_value_J_per_m3",
               &gas.calorific_value_J_per_m3);
      positive(NodeField::kNormDensity, "norm_density_kg_per_m3", &gas.norm_density_kg_per_m3);
      positive(NodeField::kMolarMass, "molar_mass_kg_per_mol", &gas.molar_mass_kg_per_mol);
      positive(NodeField::kPseudocriticalPressure, "pseudocritical_pressure_Pa",
               &gas.pseudocritical_pressure_Pa);
      positive(NodeField::kPseudocriticalTemperature, "pseudocritical_temperature_K",
               &gas.pseudocritical_temperature_K);
      for (auto [key, out] : {std::pair{"heat_capacity_A", &gas.heat_capacity_A},
                              std::pair{"heat_capacity_B", &gas.heat_capacity_B},
                              std::pair{"heat_capacity_C", &gas.heat_capacity_C}})
        required(NodeField::kHeatCapacity, [&] { return go->Double(key, out, true); });
      go->Finish();
      n.gas = gas;
    } else {
      ok = false;
    }
  }
  o.Finish();
  if (re != nullptr && ctx.diag->error_count() > before) {
    if (!kind_ok) {
      if (n.id.empty()) re->nodes_incomplete = true;
      else re->unbuilt_node_ids.push_back(n.id);
      return;
    }
    re->nodes.push_back(net->nodes.size());
    re->node_fields.push_back(log.Refused());
    if (n.id.empty()) re->nodes_incomplete = true;
    ok = true;
  }
  if (ok) net->nodes.push_back(std::move(n));
}

// As ReadNode: with `re`, every arc of a known kind is kept.
void ReadArc(Ctx& ctx, const json& j, const std::string& ptr, Network* net, ReadErrors* re) {
  const std::size_t before = ctx.diag->error_count();
  Obj o(ctx, j, ptr, "");
  if (!o.valid()) {
    if (re != nullptr) re->arcs_incomplete = re->arcs_missing = true;
    return;
  }
  Arc a;
  a.line = ctx.Line(ptr);
  NoteFieldLines(ctx, ptr, kArcMembers, a.field_lines.data());
  FieldLog log(*ctx.diag);
  bool ok = log.Note(FieldBit(ArcField::kId), [&] { return o.Id("id", &a.id); });
  if (ok) o.set_label(fmt::format("arc '{}'", a.id));
  std::string kind;
  // (An arc of no known kind is not built: its errors refuse every value.)
  bool kind_ok = o.String("kind", &kind, true);
  NodeKind node_kind;
  if (kind_ok && ParseNodeKind(kind, &node_kind)) {
    // A node among the arcs: said where it belongs, and noted as a node not built (the arcs
    // naming it do not dangle). Named as the node it is.
    if (!a.id.empty()) o.set_label(fmt::format("{} '{}'", kind, a.id));
    ctx.Error(o.Where("kind"), "unknown-kind",
              fmt::format("kind \"{}\" is a node's: it belongs in \"nodes\", not \"arcs\"",
                          kind));
    if (re != nullptr) {
      if (a.id.empty()) re->nodes_incomplete = true;
      else re->unbuilt_node_ids.push_back(a.id);
    }
    return;
  }
  if (kind_ok && !ParseArcKind(kind, &a.kind)) {
    ctx.Error(o.Where("kind"), "unknown-kind",
              fmt::format("unknown arc kind \"{}\" (expected pipe, shortPipe, resistor, valve, "
                          "controlValve or compressorStation)",
                          kind));
    kind_ok = false;
  }
  if (ok && kind_ok) o.set_label(fmt::format("{} '{}'", kind, a.id));
  ok &= kind_ok;
  auto required = [&](ArcField f, auto&& read) { ok &= log.Note(FieldBit(f), read); };
  auto optional = [&](ArcField f, const char* key, std::optional<double>* out) {
    log.Note(FieldBit(f), [&] { o.OptNonNegative(key, out); });
  };
  // Endpoints must be strings; whether they name existing nodes is validation's business.
  required(ArcField::kFrom, [&] { return o.Id("from", &a.from); });
  required(ArcField::kTo, [&] { return o.Id("to", &a.to); });
  log.Note(0, [&] {
    if (o.String("alias", &a.alias, false)) a.has_alias = true;
  });
  required(ArcField::kFlowMin,
           [&] { return o.Double("flow_min_m3_per_s", &a.flow_min_m3_per_s, true); });
  required(ArcField::kFlowMax,
           [&] { return o.Double("flow_max_m3_per_s", &a.flow_max_m3_per_s, true); });
  if (kind_ok) {
    switch (a.kind) {
      case ArcKind::kPipe:
        required(ArcField::kLength,
                 [&] { return o.NonNegativeDouble("length_m", &a.pipe.length_m); });
        required(ArcField::kDiameter,
                 [&] { return o.NonNegativeDouble("diameter_m", &a.pipe.diameter_m); });
        required(ArcField::kRoughness,
                 [&] { return o.NonNegativeDouble("roughness_m", &a.pipe.roughness_m); });
        optional(ArcField::kHeatTransfer, "heat_transfer_W_per_m2_K",
                 &a.pipe.heat_transfer_W_per_m2_K);
        optional(ArcField::kPressureMax, "pressure_max_Pa", &a.pipe.pressure_max_Pa);
        break;
      case ArcKind::kShortPipe:
        break;
      case ArcKind::kResistor:
        optional(ArcField::kDragFactor, "drag_factor", &a.resistor.drag_factor);
        optional(ArcField::kDiameter, "diameter_m", &a.resistor.diameter_m);
        optional(ArcField::kPressureLoss, "pressure_loss_Pa", &a.resistor.pressure_loss_Pa);
        // Errors between the values: none of them is then judged (validation's
        // resistor-data and incomplete-loss would say them again).
        if (!o.Has("drag_factor") && !o.Has("diameter_m") && !o.Has("pressure_loss_Pa"))
          log.Note(FieldBit(ArcField::kDragFactor) | FieldBit(ArcField::kDiameter) |
                       FieldBit(ArcField::kPressureLoss),
                   [&] {
                     ctx.Error(o.Where(""), "missing-key",
                               "a resistor needs \"drag_factor\" with \"diameter_m\", or "
                               "\"pressure_loss_Pa\"");
                   });
        else
          log.Note(FieldBit(ArcField::kDragFactor) | FieldBit(ArcField::kDiameter),
                   [&] { o.Together("drag_factor", "diameter_m"); });
        break;
      case ArcKind::kValve:
        optional(ArcField::kPressureDifferentialMax, "pressure_differential_max_Pa",
                 &a.valve.pressure_differential_max_Pa);
        break;
      case ArcKind::kControlValve: {
        ControlValveData& cv = a.control_valve;
        optional(ArcField::kPressureDifferentialMin, "pressure_differential_min_Pa",
                 &cv.pressure_differential_min_Pa);
        optional(ArcField::kPressureDifferentialMax, "pressure_differential_max_Pa",
                 &cv.pressure_differential_max_Pa);
        optional(ArcField::kPressureInMin, "pressure_in_min_Pa", &cv.pressure_in_min_Pa);
        optional(ArcField::kPressureOutMax, "pressure_out_max_Pa", &cv.pressure_out_max_Pa);
        log.Note(FieldBit(ArcField::kFlags), [&] {
          o.OptFlag("internal_bypass_required", &cv.internal_bypass_required);
          o.OptFlag("gas_preheater_existing", &cv.gas_preheater_existing);
        });
        ReadLoss(ctx, o, "loss_in", kInletLossFields, &log, &cv.loss_in);
        ReadLoss(ctx, o, "loss_out", kOutletLossFields, &log, &cv.loss_out);
        break;
      }
      case ArcKind::kCompressorStation: {
        CompressorStationArcData& cs = a.compressor;
        // Optional, and "" is no vertex: as GasLib's fuelGasVertex="", which the XML
        // reader reads as absent (the writer then leaves the key out).
        log.Note(FieldBit(ArcField::kFuelGasVertex),
                 [&] {
                   // As an id (white space at an end is bad-id, and trimmed, as in GasLib
                   // XML and for from/to: it read as an unknown node at the arc's line).
                   if (o.String("fuel_gas_vertex", &cs.fuel_gas_vertex, false) &&
                       !cs.fuel_gas_vertex.empty())
                     if (const std::string where = io::IdWhiteSpace(cs.fuel_gas_vertex);
                         !where.empty()) {
                       o.IdSpaceError("fuel_gas_vertex", cs.fuel_gas_vertex, where);
                       cs.fuel_gas_vertex = std::string(io::TrimIdSpace(cs.fuel_gas_vertex));
                     }
                 });
        log.Note(FieldBit(ArcField::kFlags), [&] {
          o.OptFlag("internal_bypass_required", &cs.internal_bypass_required);
          o.OptFlag("gas_cooler_existing", &cs.gas_cooler_existing);
        });
        optional(ArcField::kPressureInMin, "pressure_in_min_Pa", &cs.pressure_in_min_Pa);
        optional(ArcField::kPressureOutMax, "pressure_out_max_Pa", &cs.pressure_out_max_Pa);
        ReadLoss(ctx, o, "loss_in", kInletLossFields, &log, &cs.loss_in);
        ReadLoss(ctx, o, "loss_out", kOutletLossFields, &log, &cs.loss_out);
        break;
      }
    }
    // Keys of other kinds are reported as unknown keys by Finish().
    o.Finish();
  }
  if (re != nullptr && ctx.diag->error_count() > before) {
    if (!kind_ok) {
      NoteUnbuiltArc(re, a.id, a.line,
                     a.id.empty() ? std::string("arc") : fmt::format("arc '{}'", a.id));
      return;
    }
    re->arcs.push_back(net->arcs.size());
    re->arc_fields.push_back(log.Refused());
    if (a.id.empty()) re->arcs_incomplete = true;
    ok = true;
  }
  if (ok) net->arcs.push_back(std::move(a));
}

void ReadNetwork(Ctx& ctx, const json& j, Network* net, ReadErrors* re) {
  Obj o(ctx, j, "/network", "");
  if (!o.valid()) {
    if (re != nullptr) re->nodes_incomplete = re->arcs_incomplete = re->arcs_missing = true;
    return;
  }
  if (const json* info = o.Get("info", false)) {
    Obj io(ctx, *info, "/network/info", "");
    if (io.valid()) {
      io.String("title", &net->info.title, false);
      io.String("type", &net->info.type, false);
      io.String("date", &net->info.date, false);
      io.String("documentation", &net->info.documentation, false);
      io.Notices(&net->info.notices);  // the file's notices (NetworkInfo::notices)
      io.Finish();
    }
  }
  if (const json* nodes = o.Array("nodes", true)) {
    net->nodes.reserve(nodes->size());
    for (std::size_t i = 0; i < nodes->size(); ++i)
      ReadNode(ctx, (*nodes)[i], fmt::format("/network/nodes/{}", i), net, re);
  } else if (re != nullptr) {
    re->nodes_incomplete = true;
  }
  if (const json* arcs = o.Array("arcs", true)) {
    net->arcs.reserve(arcs->size());
    for (std::size_t i = 0; i < arcs->size(); ++i)
      ReadArc(ctx, (*arcs)[i], fmt::format("/network/arcs/{}", i), net, re);
  } else if (re != nullptr) {
    re->arcs_incomplete = re->arcs_missing = true;
  }
  o.Finish();
}

constexpr const char* kBelowVacuum = "must not be below vacuum";
constexpr const char* kBelowAbsoluteZero = "is below absolute zero";

// With `re` (LoadCaseAsRead), every entry is kept and one with an error noted.
void ReadNomination(Ctx& ctx, const json& j, Nomination* nom, ReadErrors* re) {
  Obj o(ctx, j, "/nomination", "");
  if (!o.valid()) {
    if (re != nullptr) re->nomination_incomplete = re->scenario_values = true;
    return;
  }
  o.Notices(&nom->notices);  // (no value of the scenario: ReadErrors is not told)
  std::size_t before = ctx.diag->error_count();
  o.Id("id", &nom->id, /*matched=*/false);  // as GasLib's <scenario id="">: refused
  o.OptDouble("probability", &nom->probability);
  if (nom->probability && !(*nom->probability >= 0.0 && *nom->probability <= 1.0))
    ctx.Error(o.Where("probability"), "bad-probability",
              fmt::format("\"probability\" must lie in [0, 1], got {}", *nom->probability));
  o.OptNonNegative("scenario_temperature_K", &nom->scenario_temperature_K, kBelowAbsoluteZero);
  o.OptString("contract_date", &nom->contract_date);
  o.OptNonNegative("soil_temperature_K", &nom->soil_temperature_K, kBelowAbsoluteZero);
  o.OptNonNegative("ambient_temperature_K", &nom->ambient_temperature_K, kBelowAbsoluteZero);
  if (nom->scenario_temperature_K)
    nom->scenario_temperature_line = ctx.Line("/nomination/scenario_temperature_K");
  if (nom->soil_temperature_K)
    nom->soil_temperature_line = ctx.Line("/nomination/soil_temperature_K");
  if (nom->ambient_temperature_K)
    nom->ambient_temperature_line = ctx.Line("/nomination/ambient_temperature_K");
  if (re != nullptr && ctx.diag->error_count() > before) re->scenario_values = true;
  const json* nodes = o.Array("nodes", true);
  if (nodes == nullptr && re != nullptr) re->nomination_incomplete = true;
  if (nodes != nullptr) {
    for (std::size_t i = 0; i < nodes->size(); ++i) {
      before = ctx.diag->error_count();
      Obj no(ctx, (*nodes)[i], fmt::format("/nomination/nodes/{}", i), "");
      if (!no.valid()) {
        if (re != nullptr) re->nomination_incomplete = true;
        continue;
      }
      NodeNomination n;
      n.line = ctx.Line(no.ptr());
      NoteFieldLines(ctx, no.ptr(), kNominationMembers, n.field_lines.data());
      FieldLog log(*ctx.diag);
      bool ok = log.Note(FieldBit(NominationField::kNodeId),
                         [&] { return no.Id("node", &n.node_id); });
      if (ok) no.set_label(fmt::format("nomination of node '{}'", n.node_id));
      ok &= log.Note(FieldBit(NominationField::kType), [&] {
        std::string type;
        if (!no.String("type", &type, true)) return false;
        if (type == "entry") {
          n.is_entry = true;
        } else if (type == "exit") {
          n.is_entry = false;
        } else {
          ctx.Error(no.Where("type"), "unknown-kind",
                    fmt::format("unknown nomination type \"{}\" (expected entry or exit)", type));
          return false;
        }
        return true;
      });
      ok &= log.Note(FieldBit(NominationField::kFlowLower), [&] {
        return no.Double("flow_lower_m3_per_s", &n.flow_lower_m3_per_s, true);
      });
      ok &= log.Note(FieldBit(NominationField::kFlowUpper), [&] {
        return no.Double("flow_upper_m3_per_s", &n.flow_upper_m3_per_s, true);
      });
      for (auto [f, key, out] :
           {std::tuple{NominationField::kPressureLower, "pressure_lower_Pa", &n.pressure_lower_Pa},
            std::tuple{NominationField::kPressureUpper, "pressure_upper_Pa", &n.pressure_upper_Pa},
            std::tuple{NominationField::kContractPressureMax, "contract_pressure_max_Pa",
                       &n.contract_pressure_max_Pa}})
        log.Note(FieldBit(f), [&] { no.OptNonNegative(key, out, kBelowVacuum); });
      no.Finish();
      if (re != nullptr && ctx.diag->error_count() > before) {
        re->nominated_nodes.push_back(nom->nodes.size());
        re->nominated_node_fields.push_back(log.Refused());
        if (n.node_id.empty()) re->nomination_incomplete = true;
        ok = true;
      }
      if (ok) nom->nodes.push_back(std::move(n));
    }
  }
  if (const json* arcs = o.Array("arcs", false)) {
    for (std::size_t i = 0; i < arcs->size(); ++i) {
      before = ctx.diag->error_count();
      Obj ao(ctx, (*arcs)[i], fmt::format("/nomination/arcs/{}", i), "");
      if (!ao.valid()) continue;
      ArcScenarioData a;
      a.line = ctx.Line(ao.ptr());
      bool ok = ao.Id("arc", &a.arc_id);
      if (ok) ao.set_label(fmt::format("scenario data of arc '{}'", a.arc_id));
      ao.OptNonNegative("soil_temperature_K", &a.soil_temperature_K, kBelowAbsoluteZero);
      if (a.soil_temperature_K)
        a.soil_temperature_line = ctx.Line(ao.ptr() + "/soil_temperature_K");
      ao.Finish();
      if (re != nullptr && ctx.diag->error_count() > before) {
        re->nominated_arcs.push_back(nom->arcs.size());
        ok = true;
      }
      if (ok) nom->arcs.push_back(std::move(a));
    }
  }
  o.Finish();
}

}  // namespace

std::string WriteCorridorJson(const GasCase& c) {
  ordered_json root = ordered_json::object();
  root["format"] = kJsonFormatName;
  root["format_version"] = kJsonFormatVersion;
  ordered_json net = ordered_json::object();
  ordered_json info = ordered_json::object();
  info["title"] = c.network.info.title;
  info["type"] = c.network.info.type;
  info["date"] = c.network.info.date;
  info["documentation"] = c.network.info.documentation;
  if (!c.network.info.notices.empty()) info["notices"] = c.network.info.notices;
  net["info"] = std::move(info);
  ordered_json nodes = ordered_json::array();
  for (const Node& n : c.network.nodes) nodes.push_back(NodeToJson(n));
  net["nodes"] = std::move(nodes);
  ordered_json arcs = ordered_json::array();
  for (const Arc& a : c.network.arcs) arcs.push_back(ArcToJson(a));
  net["arcs"] = std::move(arcs);
  root["network"] = std::move(net);
  if (c.nomination) root["nomination"] = NominationToJson(*c.nomination);
  // Where the data came from is not part of the model (like element lines): the reader
  // sets source_file to the JSON file's path.
  if (c.stations) {
    json cs = io::CompressorStationsToJson(*c.stations);
    cs.erase("source_file");
    root["compressor_stations"] = ordered_json(std::move(cs));
  }
  if (c.decisions) {
    json cdf = io::CombinedDecisionsToJson(*c.decisions);
    cdf.erase("source_file");
    root["combined_decisions"] = ordered_json(std::move(cdf));
  }
  return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Status ReadCorridorJson(const std::string& path, GasCase* out, Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadCorridorJson", path, &text, out, diag); !s.ok())
    return s;
  return ReadCorridorJsonFromString(text, path, out, diag);
}

namespace {

// With `re` (LoadCaseAsRead), the case is handed over as read, whatever the errors, once
// the format is known (*parsed), and the elements with an error are noted in *re.
Status ReadCorridorJsonInto(const std::string& text, const std::string& path, GasCase* out,
                            Diagnostics* diag, ReadErrors* re = nullptr,
                            bool* parsed = nullptr) {
  const std::size_t errors_before = diag->error_count();
  json root;
  // Numbers beyond a double's range (1e400) stop the parse. Each is said, and the read goes
  // on past them, each written as null (same length: lines kept) that no reader takes, so
  // that the file's other problems are listed too: it stopped after listing the numbers.
  const std::string* doc = nullptr;
  std::string patched;
  std::vector<io::NumberFault> faults;
  const auto parser = io::ParsePastNumbersOutOfRange(text, &root, &patched, &faults, &doc);
  // (Counted forward from the last fault's line: one from the text's start for each of 5 486
  // numbers out of range was most of a 5.9 s check.)
  const io::LineIndex lines_of(text);
  auto line_of = [&](std::size_t offset) {
    return lines_of.LineOf(static_cast<std::ptrdiff_t>(offset));
  };
  if (doc == &text && !faults.empty()) {  // (more than listed: those are said, and no more)
    for (const io::NumberFault& f : faults)
      diag->Error(path, line_of(f.offset), "", "not-finite", f.message);
    return Status::ParseError(fmt::format("{}: not valid JSON", Printable(path)));
  }
  io::PositionedDomParser<json>& sax = *parser;
  if (sax.failed) {
    for (const io::NumberFault& f : faults)
      diag->Error(path, line_of(f.offset), "", "not-finite", f.message);
    diag->Error(path, io::LineOfOffset(*doc, sax.ErrorOffsetIn(*doc)), "", "json-syntax",
                fmt::format("malformed JSON: {}", sax.error_message));
    return Status::ParseError(fmt::format("{}: not valid JSON", Printable(path)));
  }

  const io::JsonLocator where(*doc);
  Ctx ctx{path, diag, &where, {}, sax.Conflicts()};
  // Each number out of range at the pointer of its null, said by the reader that meets it
  // as a conflicting key is (and neither read); one no value holds (under a key given
  // again) is said here.
  if (!faults.empty()) {
    std::vector<bool> placed(faults.size(), false);
    for (const auto& [pointer, k] : io::FaultPointers(root, where, faults)) {
      placed[k] = true;
      ctx.conflicts.items.emplace_back(pointer, faults[k].message);
      ctx.conflicts.said.push_back(false);
      ctx.conflicts.lines.push_back(line_of(faults[k].offset));
      ctx.conflicts.rules.emplace_back("not-finite");
    }
    for (std::size_t k = 0; k < faults.size(); ++k)
      if (!placed[k])
        diag->Error(path, line_of(faults[k].offset), "", "not-finite", faults[k].message);
  }
  // A file refused before its members are read: its numbers out of range are said all the
  // same.
  const auto refused = [&](Status st) {
    for (std::size_t k = 0; k < ctx.conflicts.items.size(); ++k)
      if (!ctx.conflicts.said[k] && ctx.conflicts.Rule(k) == "not-finite") {
        ctx.ConflictError(k, ctx.conflicts.items[k].first);
        ctx.conflicts.said[k] = true;
      }
    return st;
  };
  sax.ReportDuplicateKeys(path, where, diag, /*conflicts=*/false);
  if (!root.is_object()) {
    ctx.Error("/", "wrong-type",
              fmt::format("the document must be a JSON object, got {}", io::GotValue(root)));
    return refused(
        Status::ParseError(fmt::format("{}: not a corridor network file", Printable(path))));
  }
  Obj top(ctx, root, "", "");
  std::string format;
  if (!top.String("format", &format, true))
    return refused(
        Status::ParseError(fmt::format("{}: not a corridor network file", Printable(path))));
  if (format != kJsonFormatName) {
    ctx.Error("/format", "format",
              fmt::format("\"format\" is \"{}\", expected \"{}\"", format, kJsonFormatName));
    return refused(
        Status::ParseError(fmt::format("{}: not a corridor network file", Printable(path))));
  }
  int version = 0;
  if (!top.Int("format_version", &version, true))
    return refused(
        Status::ParseError(fmt::format("{}: no usable format_version", Printable(path))));
  if (version > kJsonFormatVersion) {
    ctx.Error("/format_version", "version",
              fmt::format("format_version {} is newer than this corridor reads (up to {}); "
                          "upgrade corridor to read this file",
                          version, kJsonFormatVersion));
    return refused(
        Status::ParseError(fmt::format("{}: written by a newer corridor", Printable(path))));
  }
  if (version < 1) {
    ctx.Error("/format_version", "version",
              fmt::format("format_version {} is not a valid version (versions start at 1)",
                          version));
    return refused(
        Status::ParseError(fmt::format("{}: bad format_version", Printable(path))));
  }
  if (parsed != nullptr) *parsed = true;

  GasCase result;
  if (const json* net = top.Get("network", true)) {
    ReadNetwork(ctx, *net, &result.network, re);
  } else if (re != nullptr) {
    re->nodes_incomplete = re->arcs_incomplete = true;
  }
  result.network.info.source_file = path;
  if (const json* nom = top.Get("nomination", false)) {
    Nomination n;
    ReadNomination(ctx, *nom, &n, re);
    n.source_file = path;
    result.nomination = std::move(n);
  }
  if (const json* cs = top.Get("compressor_stations", false)) {
    CompressorStationData d;
    io::CompressorStationsFromJson(*cs, path, &d, diag, &where, re, &ctx.conflicts);
    d.source_file = path;
    result.stations = std::move(d);
  }
  if (const json* cdf = top.Get("combined_decisions", false)) {
    CombinedDecisions d;
    io::CombinedDecisionsFromJson(*cdf, path, &d, diag, &where, re, &ctx.conflicts);
    d.source_file = path;
    result.decisions = std::move(d);
  }
  top.Finish();
  for (std::size_t k = 0; k < ctx.conflicts.items.size(); ++k)
    if (!ctx.conflicts.said[k]) ctx.ConflictError(k, ctx.conflicts.items[k].first);

  const std::size_t errors = diag->error_count() - errors_before;
  if (errors > 0 && re == nullptr)
    return Status::ParseError(fmt::format("{}: {} error{} in corridor JSON", Printable(path),
                                          errors, errors == 1 ? "" : "s"));
  result.network.BuildIndex();
  *out = std::move(result);
  if (errors > 0)
    return Status::ParseError(fmt::format("{}: {} error{} in corridor JSON", Printable(path),
                                          errors, errors == 1 ? "" : "s"));
  return Status::Ok();
}

}  // namespace

Status ReadCorridorJsonFromString(const std::string& text, const std::string& path,
                                  GasCase* out, Diagnostics* diag) {
  return file_internal::GuardedRead("ReadCorridorJsonFromString", path, out, diag,
                                     [&] { return ReadCorridorJsonInto(text, path, out, diag); });
}

Status io::ReadCorridorJsonAsRead(const std::string& text, const std::string& path,
                                  GasCase* out, ReadErrors* errors, bool* parsed,
                                  Diagnostics* diag) {
  *parsed = false;
  bool handed = false;  // not when memory ran out in the reader
  Status status = file_internal::GuardedRead("ReadCorridorJsonAsRead", path, out, diag, [&] {
    Status s = ReadCorridorJsonInto(text, path, out, diag, errors, parsed);
    handed = *parsed;
    return s;
  });
  *parsed = handed;
  return status;
}

}  // namespace corridor
