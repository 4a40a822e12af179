// corridor JSON for compressor-station data (.cs) and combined decisions (.cdf).
//
// Values are SI and every key that holds a quantity names its unit (speed_min_per_s,
// head_J_per_kg, maximal_power_W, ambient_temperature_K). Polynomial coefficients are
// GasLib's, in GasLib's variables (see docs/compressor-data.md). nlohmann::json writes
// doubles in their shortest round-trip form, so JSON -> model is exact.
//
// The reader is strict like the XML one: a missing key, a value of the wrong type, an
// array of the wrong length or a key it does not know is an error naming the JSON pointer,
// and so is a value outside the range the XML reader allows (speeds, efficiencies, piston
// data: rule out-of-range).
// Pointers assume the objects sit at the top-level keys "compressor_stations" and
// "combined_decisions" of a corridor JSON file (docs/json-format.md).
#include "io/json_cs.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "io/json_sax.h"
#include "io/xml_util.h"

namespace corridor {
namespace io {
namespace {

using nlohmann::json;

constexpr const char* kStationsRoot = "/compressor_stations";
constexpr const char* kDecisionsRoot = "/combined_decisions";
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- writing ----

json Array(const double* v, std::size_t n) {
  json a = json::array();
  for (std::size_t i = 0; i < n; ++i) a.push_back(v[i]);
  return a;
}

json PointJson(const MapPoint& p) {
  return json{{"speed_per_s", p.speed_per_s},
              {"head_J_per_kg", p.head_J_per_kg},
              {"volumetric_flow_m3_per_s", p.volumetric_flow_m3_per_s}};
}

json TurboJson(const TurboCompressor& c) {
  json j{{"id", c.id},
         {"drive", c.drive},
         {"speed_min_per_s", c.speed_min_per_s},
         {"speed_max_per_s", c.speed_max_per_s},
         {"n_isoline_coeff", Array(c.n_isoline.data(), c.n_isoline.size())},
         {"eta_ad_isoline_coeff", Array(c.eta_isoline.data(), c.eta_isoline.size())},
         {"surgeline_coeff", Array(c.surgeline.data(), c.surgeline.size())},
         {"chokeline_coeff", Array(c.chokeline.data(), c.chokeline.size())}};
  if (c.efficiency_of_chokeline) j["efficiency_of_chokeline"] = *c.efficiency_of_chokeline;
  json surge = json::array();
  for (const MapPoint& p : c.surgeline_measurements) surge.push_back(PointJson(p));
  j["surgeline_measurements"] = std::move(surge);
  json lines = json::array();
  for (const EfficiencyLine& l : c.characteristic_measurements) {
    json pts = json::array();
    for (const MapPoint& p : l.points) pts.push_back(PointJson(p));
    lines.push_back(json{{"efficiency", l.efficiency}, {"points", std::move(pts)}});
  }
  j["characteristic_measurements"] = std::move(lines);
  return j;
}

json PistonJson(const PistonCompressor& c) {
  return json{{"id", c.id},
              {"drive", c.drive},
              {"speed_min_per_s", c.speed_min_per_s},
              {"speed_max_per_s", c.speed_max_per_s},
              {"operating_volume_m3", c.operating_volume_m3},
              {"maximal_torque_N_m", c.maximal_torque_N_m},
              {"maximal_compression_ratio", c.maximal_compression_ratio},
              {"adiabatic_efficiency", c.adiabatic_efficiency},
              {"additional_reduction_vol_flow", c.additional_reduction_vol_flow}};
}

json DriveJson(const Drive& d) {
  json j{{"id", d.id},
         {"kind", d.kind == DriveKind::kGasTurbine ? "gasTurbine" : "gasDrivenMotor"},
         {"energy_rate_fun_coeff", Array(d.energy_rate.data(), d.energy_rate.size())},
         {"power_fun_coeff", Array(d.power_fun.data(), d.power_fun.size())}};
  json fuel = json::array();
  for (const FuelPoint& p : d.fuel_measurements)
    fuel.push_back(json{{"compressor_power_W", p.compressor_power_W},
                        {"fuel_consumption_W", p.fuel_consumption_W}});
  j["fuel_measurements"] = std::move(fuel);
  json levels = json::array();
  for (const AmbientMaxPower& l : d.max_power_measurements) {
    json pts = json::array();
    for (const MaxPowerPoint& p : l.points)
      pts.push_back(json{{"speed_per_s", p.speed_per_s}, {"maximal_power_W", p.maximal_power_W}});
    // No temperature level (gas-driven motors): null.
    json t = std::isnan(l.ambient_temperature_K) ? json(nullptr) : json(l.ambient_temperature_K);
    levels.push_back(json{{"ambient_temperature_K", std::move(t)}, {"points", std::move(pts)}});
  }
  j["max_power_measurements"] = std::move(levels);
  return j;
}

json ConfigurationJson(const Configuration& c) {
  json stages = json::array();
  for (const ConfigurationStage& st : c.stages) {
    json units = json::array();
    for (const ConfigurationUnit& u : st.units)
      units.push_back(json{{"compressor_id", u.compressor_id},
                           {"nominal_speed_per_s", u.nominal_speed_per_s}});
    stages.push_back(json{{"stage_nr", st.stage_nr}, {"units", std::move(units)}});
  }
  return json{{"id", c.id}, {"stages", std::move(stages)}};
}

const char* KindName(DecisionElement::Kind k) {
  switch (k) {
    case DecisionElement::Kind::kValve: return "valve";
    case DecisionElement::Kind::kControlValve: return "controlValve";
    case DecisionElement::Kind::kCompressorStation: return "compressorStation";
  }
  return "valve";
}

// ---- reading ----

// Reads typed members of JSON objects, reporting every problem with its pointer.
class JsonIn {
 public:
  JsonIn(const std::string& file, Diagnostics* diag, const JsonLocator* where,
         KeyConflicts* conflicts = nullptr)
      : file_(file), diag_(diag), where_(where), conflicts_(conflicts) {}

  /// The line of `ptr` in the text read (0 when no text was given).
  int Line(const std::string& ptr) const { return where_ != nullptr ? where_->Line(ptr) : 0; }
  /// Lines of the elements of the array at `ptr`, for the elements read to keep: one walk
  /// per array, not one per element. Index k: ElementLine(lines, k).
  std::vector<int> ElementLines(const std::string& ptr) const {
    return where_ != nullptr ? where_->ElementLines(ptr) : std::vector<int>();
  }
  static int ElementLine(const std::vector<int>& lines, std::size_t k) {
    return k < lines.size() ? lines[k] : 0;
  }
  /// The element field of a diagnostic: "<pointer> (<label>)", as the network part writes
  /// it ("/network/nodes/0/x (node 'N')"), or the bare pointer where no element is known.
  void Error(const std::string& ptr, const std::string& rule, const std::string& msg,
             int line = 0) {
    diag_->Error(file_, line > 0 ? line : Line(ptr),
                 label_.empty() ? ptr : fmt::format("{} ({})", ptr, label_), rule, msg);
  }
  void Warning(const std::string& ptr, const std::string& rule, const std::string& msg) {
    diag_->Warning(file_, Line(ptr), label_.empty() ? ptr : fmt::format("{} ({})", ptr, label_),
                   rule, msg);
  }

  /// The element being read, named as the GasLib reader names it ("turboCompressor 'T' in
  /// compressorStation 'S'"); "" where none is known.
  const std::string& label() const { return label_; }
  /// Names the element being read while it lives, then the enclosing one again.
  class Scope {
   public:
    Scope(JsonIn& in, std::string label) : in_(in), saved_(std::move(in.label_)) {
      in_.label_ = std::move(label);
    }
    ~Scope() { in_.label_ = std::move(saved_); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    JsonIn& in_;
    std::string saved_;
  };
  /// The string member `key` of j as written, or "" (not an object, absent, not a string):
  /// for naming an element before its members are read and judged.
  static std::string Peek(const json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
  /// "<kind> '<id>' <link> <parent>" ("<kind> '<id>'" without a parent, at the top), as the
  /// GasLib reader names an element; an id that is not known (empty, absent, not a string)
  /// is written '', as that reader writes an empty id attribute.
  static std::string Name(std::string_view kind, const std::string& id, const std::string& parent,
                          std::string_view link = "in") {
    if (parent.empty()) return fmt::format("{} '{}'", kind, id);
    return fmt::format("{} '{}' {} {}", kind, id, link, parent);
  }
  /// "<kind> in <parent>" ("<kind>" at the top): the element without its id, as the GasLib
  /// reader names it in the error about that id ("decision in decisionGroup 'G'").
  static std::string NameWithoutId(std::string_view kind, const std::string& parent) {
    if (parent.empty()) return std::string(kind);
    return fmt::format("{} in {}", kind, parent);
  }

  // What a wrong-type message says was found, as every JSON reader says it.
  static std::string Type(const json& j) { return GotValue(j); }

  // Checks that j is an object, and that it has no key outside `known`.
  bool Object(const json& j, const std::string& ptr, std::initializer_list<const char*> known) {
    if (!j.is_object()) {
      // A number out of a double's range written where an object goes (a null here) is
      // said once, as that number, not also as "got null".
      if (const int k = j.is_null() && conflicts_ != nullptr ? conflicts_->Find(ptr) : -1;
          k >= 0 && conflicts_->Rule(k) == "not-finite") {
        if (!conflicts_->said[k])
          Error(ptr, conflicts_->Rule(k), conflicts_->items[k].second, conflicts_->lines[k]);
        conflicts_->said[k] = true;
        return false;
      }
      Error(ptr, "wrong-type", fmt::format("expected an object, got {}", Type(j)));
      return false;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool ok = false;
      for (const char* k : known) ok |= it.key() == k;
      if (!ok)
        Error(PointerAppend(ptr, it.key()), "unknown-key",
              fmt::format("unknown key '{}'", it.key()));
    }
    return true;
  }

  // The member, or nullptr (reporting missing-key when required).
  // A key given twice with different values is said here (KeyConflicts), and neither read.
  const json* Member(const json& obj, const char* key, const std::string& ptr, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required)
        Error(ptr + "/" + key, "missing-key", fmt::format("required key '{}' is missing", key));
      return nullptr;
    }
    if (conflicts_ != nullptr && !conflicts_->items.empty()) {
      if (const int k = conflicts_->Find(PointerAppend(ptr, key)); k >= 0) {
        if (!conflicts_->said[k])
          Error(PointerAppend(ptr, key), conflicts_->Rule(k), conflicts_->items[k].second,
                conflicts_->lines[k]);
        conflicts_->said[k] = true;
        return nullptr;
      }
    }
    return &*it;
  }

  bool String(const json& obj, const char* key, const std::string& ptr, std::string* out) {
    const json* m = Member(obj, key, ptr, true);
    if (!m) return false;
    if (!m->is_string()) {
      Error(ptr + "/" + key, "wrong-type", fmt::format("expected a string, got {}", Type(*m)));
      return false;
    }
    *out = m->get<std::string>();
    if (out->find('\0') != std::string::npos) {
      // As the case reader (json_format.cpp): C strings end at one.
      Error(ptr + "/" + key, "bad-char",
            fmt::format("\"{}\" holds the character U+0000 (NUL): no text of a case holds one",
                        key));
      out->clear();  // refused, not handed on (as the case reader)
      return false;
    }
    if (const long cp = NonXmlCharacter(*out); cp >= 0)  // (as the case reader)
      Warning(ptr + "/" + key, "not-xml-char",
              fmt::format("\"{}\" holds the character U+{:04X}, which XML cannot hold: the "
                          "data cannot be converted to GasLib XML",
                          key, cp));
    return true;
  }

  /// The element's own id (Id), its errors naming the element as `unnamed` (NameWithoutId),
  /// not by the id at fault.
  bool OwnId(const json& obj, const char* key, const std::string& ptr, std::string* out,
             std::string unnamed) {
    Scope scope(*this, std::move(unnamed));
    return Id(obj, key, ptr, out);
  }

  /// A required string that must not be empty (an id, or a reference to one); an empty one
  /// is reported (rule empty-id, as in the network part) and left empty.
  bool Id(const json& obj, const char* key, const std::string& ptr, std::string* out) {
    if (!String(obj, key, ptr, out)) return false;
    if (out->empty()) {
      Error(ptr + "/" + key, "empty-id", fmt::format("\"{}\" must not be empty", key));
      return false;
    }
    // White space at an end: one bad-id and the id trimmed, as the .cs reader does.
    if (const std::string where = io::IdWhiteSpace(*out); !where.empty()) {
      Error(ptr + "/" + key, "bad-id", io::IdWhiteSpaceMessage(key, *out, where));
      *out = std::string(io::TrimIdSpace(*out));
    }
    return true;
  }

  bool NumberValue(const json& m, const std::string& p, double* out) {
    // A number out of a double's range, read past as null (io::WithNumbersAsNull): said
    // once, as such.
    if (m.is_null() && conflicts_ != nullptr)
      if (const int k = conflicts_->Find(p); k >= 0) {
        if (!conflicts_->said[k])
          Error(p, conflicts_->Rule(k), conflicts_->items[k].second, conflicts_->lines[k]);
        conflicts_->said[k] = true;
        return false;
      }
    if (!m.is_number()) {
      Error(p, "wrong-type", fmt::format("expected a number, got {}", Type(m)));
      return false;
    }
    *out = m.get<double>();
    if (!std::isfinite(*out)) {
      Error(p, "not-finite", "number is not finite");
      return false;
    }
    return true;
  }

  bool Number(const json& obj, const char* key, const std::string& ptr, double* out,
              bool required = true) {
    const json* m = Member(obj, key, ptr, required);
    return m && NumberValue(*m, ptr + "/" + key, out);
  }

  // A required number that must lie in [lo, hi], or (lo, hi] when lo_open: the XML
  // reader's range checks (rule out-of-range), on the same quantities. False when it is
  // missing, not a number or out of range (each reported).
  bool NumberIn(const json& obj, const char* key, const std::string& ptr, double lo, double hi,
                bool lo_open, double* out) {
    if (!Number(obj, key, ptr, out)) return false;
    return Range(ptr + "/" + key, key, *out, lo, hi, lo_open);
  }
  // False, after reporting it, when v is out of range.
  bool Range(const std::string& p, const char* what, double v, double lo, double hi,
             bool lo_open) {
    const bool bad = lo_open ? !(v > lo && v <= hi) : !(v >= lo && v <= hi);
    if (!bad) return true;
    if (std::isinf(hi))
      Error(p, "out-of-range",
            fmt::format("{} = {} must be {} {}", what, v, lo_open ? ">" : ">=", lo));
    else
      Error(p, "out-of-range",
            fmt::format("{} = {} is outside {}{}, {}]", what, v, lo_open ? "(" : "[", lo, hi));
    return false;
  }

  bool Int(const json& obj, const char* key, const std::string& ptr, int* out) {
    const json* m = Member(obj, key, ptr, true);
    if (!m) return false;
    if (!m->is_number_integer()) {
      Error(ptr + "/" + key, "wrong-type", fmt::format("expected an integer, got {}", Type(*m)));
      return false;
    }
    // An integer above 2^63 is held unsigned: read signed, it wrapped to a negative one
    // (18446744073709551615 read as -1, a usable value).
    const bool fits =
        m->is_number_unsigned()
            ? m->get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())
            : (m->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
               m->get<std::int64_t>() <= std::numeric_limits<int>::max());
    if (!fits) {
      Error(ptr + "/" + key, "out-of-range",
            fmt::format("integer {} does not fit an int", ShownValue(*m)));
      return false;
    }
    *out = static_cast<int>(m->get<std::int64_t>());
    return true;
  }

  // The optional array `notices` of obj (the file's own notices: CompressorStationData's,
  // CombinedDecisions') appended to *out, each judged as the network's are (io::JudgeNotice);
  // one that is no string, or holds a NUL, is said and left out.
  void Notices(const json& obj, const std::string& ptr, std::vector<std::string>* out) {
    const json* notices = ArrayMember(obj, "notices", ptr, false);
    for (std::size_t i = 0; notices != nullptr && i < notices->size(); ++i) {
      const json& v = (*notices)[i];
      const std::string at = ptr + "/notices";  // (as the network's notices are said)
      const std::string what = fmt::format("\"notices\"[{}]", i);
      if (!v.is_string()) {
        Error(at, "wrong-type", fmt::format("{} must be a string, got {}", what, Type(v)));
        continue;
      }
      const std::string& t = v.get_ref<const std::string&>();
      if (const NoticeFinding f = JudgeNotice(t, what); f.error) {
        Error(at, f.rule, f.message);
        continue;
      } else if (!f.rule.empty()) {
        Warning(at, f.rule, f.message);
      }
      out->push_back(t);
    }
  }

  // Array member; returns nullptr when missing (error if required) or not an array.
  const json* ArrayMember(const json& obj, const char* key, const std::string& ptr,
                          bool required) {
    const json* m = Member(obj, key, ptr, required);
    if (!m) return nullptr;
    if (!m->is_array()) {
      Error(ptr + "/" + key, "wrong-type", fmt::format("expected an array, got {}", Type(*m)));
      return nullptr;
    }
    return m;
  }

  // Array of numbers whose length is one of `sizes`.
  bool Numbers(const json& obj, const char* key, const std::string& ptr,
               std::initializer_list<std::size_t> sizes, std::vector<double>* out) {
    const json* a = ArrayMember(obj, key, ptr, true);
    if (!a) return false;
    bool size_ok = false;
    for (std::size_t s : sizes) size_ok |= a->size() == s;
    if (!size_ok) {
      std::string expected;
      for (std::size_t s : sizes) expected += (expected.empty() ? "" : " or ") + std::to_string(s);
      Error(ptr + "/" + key, "bad-length",
            fmt::format("expected {} numbers, got {}", expected, a->size()));
      return false;
    }
    out->assign(a->size(), 0.0);
    bool ok = true;
    for (std::size_t i = 0; i < a->size(); ++i)
      ok &= NumberValue((*a)[i], fmt::format("{}/{}/{}", ptr, key, i), &(*out)[i]);
    return ok;
  }

  template <std::size_t N>
  bool Fixed(const json& obj, const char* key, const std::string& ptr, std::array<double, N>* out) {
    std::vector<double> v;
    if (!Numbers(obj, key, ptr, {N}, &v)) return false;
    std::copy(v.begin(), v.end(), out->begin());
    return true;
  }

  const std::string& file() const { return file_; }
  Diagnostics* diag() const { return diag_; }

 private:
  const std::string& file_;
  Diagnostics* diag_;
  const JsonLocator* where_;
  KeyConflicts* conflicts_;
  std::string label_;
};

bool MapPointFromJson(JsonIn& in, const json& j, const std::string& ptr, MapPoint* p) {
  if (!in.Object(j, ptr, {"speed_per_s", "head_J_per_kg", "volumetric_flow_m3_per_s"}))
    return false;
  bool ok = in.Number(j, "speed_per_s", ptr, &p->speed_per_s);
  ok &= in.Number(j, "head_J_per_kg", ptr, &p->head_J_per_kg);
  ok &= in.Number(j, "volumetric_flow_m3_per_s", ptr, &p->volumetric_flow_m3_per_s);
  return ok;
}

// Reads both speeds of a compressor; false when either is missing or refused (reported).
template <typename C>
bool SpeedsFromJson(JsonIn& in, const json& j, const std::string& ptr, C* c) {
  const bool lo = in.NumberIn(j, "speed_min_per_s", ptr, 0.0, kInf, false, &c->speed_min_per_s);
  const bool hi = in.NumberIn(j, "speed_max_per_s", ptr, 0.0, kInf, false, &c->speed_max_per_s);
  return lo && hi;
}

// The readers of one compressor return whether both its speeds were read (false where the
// compressor is not an object: its speeds are not compared either).
bool TurboFromJson(JsonIn& in, const json& j, const std::string& ptr, TurboCompressor* c) {
  constexpr std::string_view kind = "turboCompressor";
  const std::string station = in.label();
  JsonIn::Scope scope(in, JsonIn::Name(kind, JsonIn::Peek(j, "id"), station));
  if (!in.Object(j, ptr,
                 {"id", "drive", "speed_min_per_s", "speed_max_per_s", "n_isoline_coeff",
                  "eta_ad_isoline_coeff", "surgeline_coeff", "chokeline_coeff",
                  "efficiency_of_chokeline", "surgeline_measurements",
                  "characteristic_measurements"}))
    return false;
  in.OwnId(j, "id", ptr, &c->id, JsonIn::NameWithoutId(kind, station));
  in.Id(j, "drive", ptr, &c->drive);
  const bool speeds = SpeedsFromJson(in, j, ptr, c);
  in.Fixed(j, "n_isoline_coeff", ptr, &c->n_isoline);
  in.Fixed(j, "eta_ad_isoline_coeff", ptr, &c->eta_isoline);
  in.Fixed(j, "surgeline_coeff", ptr, &c->surgeline);
  in.Fixed(j, "chokeline_coeff", ptr, &c->chokeline);
  double eta = 0.0;
  if (j.contains("efficiency_of_chokeline") &&
      in.NumberIn(j, "efficiency_of_chokeline", ptr, 0.0, 1.0, true, &eta))
    c->efficiency_of_chokeline = eta;
  if (const json* a = in.ArrayMember(j, "surgeline_measurements", ptr, false)) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      MapPoint p;
      if (MapPointFromJson(in, (*a)[i], fmt::format("{}/surgeline_measurements/{}", ptr, i), &p))
        c->surgeline_measurements.push_back(p);
    }
  }
  if (const json* a = in.ArrayMember(j, "characteristic_measurements", ptr, false)) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string lp = fmt::format("{}/characteristic_measurements/{}", ptr, i);
      const json& lj = (*a)[i];
      if (!in.Object(lj, lp, {"efficiency", "points"})) continue;
      EfficiencyLine line;
      in.NumberIn(lj, "efficiency", lp, 0.0, 1.0, true, &line.efficiency);
      if (const json* pts = in.ArrayMember(lj, "points", lp, true)) {
        for (std::size_t k = 0; k < pts->size(); ++k) {
          MapPoint p;
          if (MapPointFromJson(in, (*pts)[k], fmt::format("{}/points/{}", lp, k), &p))
            line.points.push_back(p);
        }
      }
      c->characteristic_measurements.push_back(std::move(line));
    }
  }
  return speeds;
}

bool PistonFromJson(JsonIn& in, const json& j, const std::string& ptr, PistonCompressor* c) {
  constexpr std::string_view kind = "pistonCompressor";
  const std::string station = in.label();
  JsonIn::Scope scope(in, JsonIn::Name(kind, JsonIn::Peek(j, "id"), station));
  if (!in.Object(j, ptr,
                 {"id", "drive", "speed_min_per_s", "speed_max_per_s", "operating_volume_m3",
                  "maximal_torque_N_m", "maximal_compression_ratio", "adiabatic_efficiency",
                  "additional_reduction_vol_flow"}))
    return false;
  in.OwnId(j, "id", ptr, &c->id, JsonIn::NameWithoutId(kind, station));
  in.Id(j, "drive", ptr, &c->drive);
  const bool speeds = SpeedsFromJson(in, j, ptr, c);
  in.NumberIn(j, "operating_volume_m3", ptr, 0.0, kInf, true, &c->operating_volume_m3);
  in.NumberIn(j, "maximal_torque_N_m", ptr, 0.0, kInf, false, &c->maximal_torque_N_m);
  in.NumberIn(j, "maximal_compression_ratio", ptr, 1.0, kInf, false,
              &c->maximal_compression_ratio);
  in.NumberIn(j, "adiabatic_efficiency", ptr, 0.0, 1.0, true, &c->adiabatic_efficiency);
  in.NumberIn(j, "additional_reduction_vol_flow", ptr, 0.0, 1.0, false,
              &c->additional_reduction_vol_flow);
  return speeds;
}

void DriveFromJson(JsonIn& in, const json& j, const std::string& ptr, Drive* d) {
  const std::string peeked = JsonIn::Peek(j, "kind");
  const std::string kind_name =
      peeked == "gasTurbine" || peeked == "gasDrivenMotor" ? peeked : "drive";
  const std::string station = in.label();
  JsonIn::Scope scope(in, JsonIn::Name(kind_name, JsonIn::Peek(j, "id"), station));
  if (!in.Object(j, ptr,
                 {"id", "kind", "energy_rate_fun_coeff", "power_fun_coeff", "fuel_measurements",
                  "max_power_measurements"}))
    return;
  in.OwnId(j, "id", ptr, &d->id, JsonIn::NameWithoutId(kind_name, station));
  std::string kind;
  bool kind_known = false;
  if (in.String(j, "kind", ptr, &kind)) {
    kind_known = true;
    if (kind == "gasTurbine") d->kind = DriveKind::kGasTurbine;
    else if (kind == "gasDrivenMotor") d->kind = DriveKind::kGasDrivenMotor;
    else {
      kind_known = false;
      in.Error(ptr + "/kind", "unknown-element",
               fmt::format("drive kind '{}' is not supported (expected 'gasTurbine' or "
                           "'gasDrivenMotor')", kind));
    }
  }
  in.Fixed(j, "energy_rate_fun_coeff", ptr, &d->energy_rate);
  // A gas turbine has 9 power coefficients. Of a drive whose kind is not known (reported),
  // any length a drive may have: the default kind's would be a follow-on error.
  if (kind_known && d->kind == DriveKind::kGasTurbine)
    in.Numbers(j, "power_fun_coeff", ptr, {9}, &d->power_fun);
  else
    in.Numbers(j, "power_fun_coeff", ptr, {3, 9}, &d->power_fun);
  if (const json* a = in.ArrayMember(j, "fuel_measurements", ptr, false)) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string p = fmt::format("{}/fuel_measurements/{}", ptr, i);
      const json& pj = (*a)[i];
      if (!in.Object(pj, p, {"compressor_power_W", "fuel_consumption_W"})) continue;
      FuelPoint fp;
      bool ok = in.Number(pj, "compressor_power_W", p, &fp.compressor_power_W);
      ok &= in.Number(pj, "fuel_consumption_W", p, &fp.fuel_consumption_W);
      if (ok) d->fuel_measurements.push_back(fp);
    }
  }
  if (const json* a = in.ArrayMember(j, "max_power_measurements", ptr, false)) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string lp = fmt::format("{}/max_power_measurements/{}", ptr, i);
      const json& lj = (*a)[i];
      if (!in.Object(lj, lp, {"ambient_temperature_K", "points"})) continue;
      AmbientMaxPower level;
      const json* t = in.Member(lj, "ambient_temperature_K", lp, true);
      if (t && t->is_null())
        level.ambient_temperature_K = std::numeric_limits<double>::quiet_NaN();
      else if (const std::string tp = lp + "/ambient_temperature_K";
               t && in.NumberValue(*t, tp, &level.ambient_temperature_K))
        in.Range(tp, "ambient_temperature_K", level.ambient_temperature_K, 0.0, kInf,
                 true);  // above absolute zero (-5 was kept, and written back)
      if (const json* pts = in.ArrayMember(lj, "points", lp, true)) {
        for (std::size_t k = 0; k < pts->size(); ++k) {
          const std::string pp = fmt::format("{}/points/{}", lp, k);
          const json& pj = (*pts)[k];
          if (!in.Object(pj, pp, {"speed_per_s", "maximal_power_W"})) continue;
          MaxPowerPoint mp;
          bool ok = in.Number(pj, "speed_per_s", pp, &mp.speed_per_s);
          ok &= in.Number(pj, "maximal_power_W", pp, &mp.maximal_power_W);
          if (ok) level.points.push_back(mp);
        }
      }
      d->max_power_measurements.push_back(std::move(level));
    }
  }
}

void ConfigurationFromJson(JsonIn& in, const json& j, const std::string& ptr, Configuration* c) {
  const std::string station = in.label();
  JsonIn::Scope scope(in, JsonIn::Name("configuration", JsonIn::Peek(j, "id"), station));
  if (!in.Object(j, ptr, {"id", "stages"})) return;
  in.OwnId(j, "id", ptr, &c->id, JsonIn::NameWithoutId("configuration", station));
  const json* stages = in.ArrayMember(j, "stages", ptr, true);
  if (!stages) return;
  const std::vector<int> stage_lines = in.ElementLines(ptr + "/stages");
  for (std::size_t i = 0; i < stages->size(); ++i) {
    const std::string sp = fmt::format("{}/stages/{}", ptr, i);
    const json& sj = (*stages)[i];
    if (!in.Object(sj, sp, {"stage_nr", "units"})) continue;
    ConfigurationStage st;
    st.line = JsonIn::ElementLine(stage_lines, i);
    in.Int(sj, "stage_nr", sp, &st.stage_nr);
    if (const json* units = in.ArrayMember(sj, "units", sp, true)) {
      const std::vector<int> unit_lines = in.ElementLines(sp + "/units");
      for (std::size_t k = 0; k < units->size(); ++k) {
        const std::string up = fmt::format("{}/units/{}", sp, k);
        const json& uj = (*units)[k];
        if (!in.Object(uj, up, {"compressor_id", "nominal_speed_per_s"})) continue;
        ConfigurationUnit u;
        u.line = JsonIn::ElementLine(unit_lines, k);
        in.Id(uj, "compressor_id", up, &u.compressor_id);
        in.Number(uj, "nominal_speed_per_s", up, &u.nominal_speed_per_s);
        st.units.push_back(std::move(u));
      }
    }
    c->stages.push_back(std::move(st));
  }
}

template <typename T, typename F>
void ReadList(JsonIn& in, const json& obj, const char* key, const std::string& ptr,
              std::vector<T>* out, F&& read_one, std::vector<bool>* speeds_unread = nullptr) {
  const json* a = in.ArrayMember(obj, key, ptr, true);
  if (!a) return;
  const std::vector<int> lines = in.ElementLines(fmt::format("{}/{}", ptr, key));
  for (std::size_t i = 0; i < a->size(); ++i) {
    out->emplace_back().line = JsonIn::ElementLine(lines, i);  // for the station checks
    const std::string p = fmt::format("{}/{}/{}", ptr, key, i);
    if constexpr (std::is_same_v<decltype(read_one(in, (*a)[i], p, &out->back())), bool>) {
      const bool speeds = read_one(in, (*a)[i], p, &out->back());  // a compressor's
      if (speeds_unread != nullptr) speeds_unread->push_back(!speeds);
    } else {
      read_one(in, (*a)[i], p, &out->back());
    }
  }
}

}  // namespace

json CompressorStationsToJson(const CompressorStationData& cs) {
  json stations = json::array();
  for (const StationMachines& s : cs.stations) {
    json turbo = json::array(), piston = json::array(), drives = json::array(),
         configs = json::array();
    for (const TurboCompressor& c : s.turbo) turbo.push_back(TurboJson(c));
    for (const PistonCompressor& c : s.piston) piston.push_back(PistonJson(c));
    for (const Drive& d : s.drives) drives.push_back(DriveJson(d));
    for (const Configuration& c : s.configurations) configs.push_back(ConfigurationJson(c));
    stations.push_back(json{{"id", s.id},
                            {"turbo_compressors", std::move(turbo)},
                            {"piston_compressors", std::move(piston)},
                            {"drives", std::move(drives)},
                            {"configurations", std::move(configs)}});
  }
  json out{{"source_file", cs.source_file}, {"stations", std::move(stations)}};
  if (!cs.notices.empty()) out["notices"] = cs.notices;
  return out;
}

json CombinedDecisionsToJson(const CombinedDecisions& cdf) {
  json groups = json::array();
  for (const DecisionGroup& g : cdf.groups) {
    json decisions = json::array();
    for (const Decision& d : g.decisions) {
      json elements = json::array();
      for (const DecisionElement& e : d.elements) {
        json ej{{"kind", KindName(e.kind)}, {"arc_id", e.arc_id}, {"value", e.value}};
        if (e.flow_direction) ej["flow_direction"] = *e.flow_direction;
        if (e.mode) ej["mode"] = *e.mode;
        elements.push_back(std::move(ej));
      }
      decisions.push_back(json{{"id", d.id}, {"elements", std::move(elements)}});
    }
    groups.push_back(json{{"id", g.id}, {"decisions", std::move(decisions)}});
  }
  json out{{"source_file", cdf.source_file}, {"groups", std::move(groups)}};
  if (!cdf.notices.empty()) out["notices"] = cdf.notices;
  return out;
}

bool CompressorStationsFromJson(const json& j, const std::string& file,
                                CompressorStationData* out, Diagnostics* diag,
                                const JsonLocator* where, ReadErrors* re,
                                KeyConflicts* conflicts) {
  const std::size_t errors_before = diag->error_count();
  *out = CompressorStationData{};
  JsonIn in(file, diag, where, conflicts);
  const std::string root = kStationsRoot;
  if (!in.Object(j, root, {"source_file", "notices", "stations"})) {
    if (re != nullptr) re->stations_incomplete = true;
    return false;
  }
  if (j.contains("source_file")) in.String(j, "source_file", root, &out->source_file);
  in.Notices(j, root, &out->notices);
  std::map<std::string, std::size_t> station_index;
  const json* stations = in.ArrayMember(j, "stations", root, true);
  if (stations == nullptr && re != nullptr) re->stations_incomplete = true;
  const std::vector<int> station_lines = in.ElementLines(root + "/stations");
  for (std::size_t i = 0; stations && i < stations->size(); ++i) {
    const std::string ptr = fmt::format("{}/stations/{}", root, i);
    const json& sj = (*stations)[i];
    const std::size_t before = diag->error_count();
    JsonIn::Scope scope(in, JsonIn::Name("compressorStation", JsonIn::Peek(sj, "id"), ""));
    if (!in.Object(sj, ptr, {"id", "turbo_compressors", "piston_compressors", "drives",
                             "configurations"})) {
      if (re != nullptr) re->stations_incomplete = true;  // not an object
      continue;
    }
    StationMachines s;
    s.line = JsonIn::ElementLine(station_lines, i);
    // A station without its id (reported) is not a second station with no id.
    if (in.OwnId(sj, "id", ptr, &s.id, JsonIn::NameWithoutId("compressorStation", ""))) {
      if (auto [it, fresh] = station_index.emplace(s.id, i); !fresh)
        in.Error(ptr + "/id", "duplicate-id",
                 fmt::format("station id '{}' is used twice (first at {}/stations/{})", s.id,
                             root, it->second));
    }
    cs_detail::StationReported reported;
    ReadList(in, sj, "turbo_compressors", ptr, &s.turbo, TurboFromJson, &reported.turbo_speeds);
    ReadList(in, sj, "piston_compressors", ptr, &s.piston, PistonFromJson,
             &reported.piston_speeds);
    ReadList(in, sj, "drives", ptr, &s.drives, DriveFromJson);
    ReadList(in, sj, "configurations", ptr, &s.configurations, ConfigurationFromJson);
    cs_detail::CheckStationConsistency(s, reported, file, diag);
    if (re != nullptr && diag->error_count() > before) {
      re->stations.push_back(out->stations.size());
      if (s.id.empty()) re->stations_incomplete = true;
    }
    out->stations.push_back(std::move(s));
  }
  return diag->error_count() == errors_before;
}

bool CombinedDecisionsFromJson(const json& j, const std::string& file, CombinedDecisions* out,
                               Diagnostics* diag, const JsonLocator* where, ReadErrors* re,
                               KeyConflicts* conflicts) {
  std::size_t element_nr = 0;  // across every group and decision (ReadErrors)
  const std::size_t errors_before = diag->error_count();
  *out = CombinedDecisions{};
  JsonIn in(file, diag, where, conflicts);
  const std::string root = kDecisionsRoot;
  if (!in.Object(j, root, {"source_file", "notices", "groups"})) return false;
  if (j.contains("source_file")) in.String(j, "source_file", root, &out->source_file);
  in.Notices(j, root, &out->notices);
  std::set<std::string> group_ids, decision_ids;
  const json* groups = in.ArrayMember(j, "groups", root, true);
  const std::vector<int> group_lines = in.ElementLines(root + "/groups");
  for (std::size_t gi = 0; groups && gi < groups->size(); ++gi) {
    const std::string gp = fmt::format("{}/groups/{}", root, gi);
    const json& gj = (*groups)[gi];
    JsonIn::Scope group_scope(in, JsonIn::Name("decisionGroup", JsonIn::Peek(gj, "id"), ""));
    if (!in.Object(gj, gp, {"id", "decisions"})) continue;
    DecisionGroup g;
    g.line = JsonIn::ElementLine(group_lines, gi);
    if (in.OwnId(gj, "id", gp, &g.id, JsonIn::NameWithoutId("decisionGroup", "")) &&
        !group_ids.insert(g.id).second)
      in.Error(gp + "/id", "duplicate-id", fmt::format("group id '{}' is used twice", g.id));
    const json* decisions = in.ArrayMember(gj, "decisions", gp, true);
    const std::vector<int> decision_lines = in.ElementLines(gp + "/decisions");
    for (std::size_t di = 0; decisions && di < decisions->size(); ++di) {
      const std::string dp = fmt::format("{}/decisions/{}", gp, di);
      const json& dj = (*decisions)[di];
      const std::string group = in.label();
      JsonIn::Scope decision_scope(in,
                                   JsonIn::Name("decision", JsonIn::Peek(dj, "id"), group, "of"));
      if (!in.Object(dj, dp, {"id", "elements"})) continue;
      Decision d;
      d.line = JsonIn::ElementLine(decision_lines, di);
      if (in.OwnId(dj, "id", dp, &d.id, JsonIn::NameWithoutId("decision", group)) &&
          !decision_ids.insert(d.id).second)
        in.Error(dp + "/id", "duplicate-id", fmt::format("decision id '{}' is used twice", d.id));
      std::set<std::string> arcs;
      const json* elements = in.ArrayMember(dj, "elements", dp, true);
      const std::vector<int> element_lines = in.ElementLines(dp + "/elements");
      for (std::size_t ei = 0; elements && ei < elements->size(); ++ei) {
        const std::string ep = fmt::format("{}/elements/{}", dp, ei);
        const json& ej = (*elements)[ei];
        const std::size_t before = diag->error_count();
        // Named by its kind and arc as the GasLib reader names it; by its decision where
        // the kind is not known (as that reader names an element of unknown kind).
        const std::string kind_name = JsonIn::Peek(ej, "kind");
        const bool kind_named = kind_name == "valve" || kind_name == "controlValve" ||
                                kind_name == "compressorStation";
        const std::string decision = in.label();
        JsonIn::Scope element_scope(
            in, kind_named ? JsonIn::Name(kind_name, JsonIn::Peek(ej, "arc_id"), decision)
                           : decision);
        if (!in.Object(ej, ep, {"kind", "arc_id", "value", "flow_direction", "mode"})) continue;
        DecisionElement e;
        e.line = JsonIn::ElementLine(element_lines, ei);
        std::string kind;
        bool kind_known = false;
        if (in.String(ej, "kind", ep, &kind)) {
          kind_known = true;
          if (kind == "valve") e.kind = DecisionElement::Kind::kValve;
          else if (kind == "controlValve") e.kind = DecisionElement::Kind::kControlValve;
          else if (kind == "compressorStation") e.kind = DecisionElement::Kind::kCompressorStation;
          else {
            kind_known = false;
            in.Error(ep + "/kind", "unknown-element",
                     fmt::format("kind '{}' is not one of valve, controlValve, compressorStation",
                                 kind));
          }
        }
        if (in.OwnId(ej, "arc_id", ep, &e.arc_id,
                     kind_named ? JsonIn::NameWithoutId(kind_name, decision) : decision) &&
            !arcs.insert(e.arc_id).second)
          in.Error(ep + "/arc_id", "duplicate-element",
                   fmt::format("'{}' is set twice in this decision", e.arc_id));
        if (in.Int(ej, "value", ep, &e.value) && e.value != 0 && e.value != 1)
          in.Error(ep + "/value", "bad-value",
                   fmt::format("value {} must be 0 (closed / off) or 1 (open / running)", e.value));
        if (ej.contains("flow_direction")) {
          int dir = -1;
          if (in.Int(ej, "flow_direction", ep, &dir)) {
            if (dir != 0 && dir != 1)
              in.Error(ep + "/flow_direction", "bad-flow-direction",
                       fmt::format("flow_direction {} must be 0 (from -> to) or 1 (to -> from)",
                                   dir));
            else
              e.flow_direction = dir;
          }
        }
        if (ej.contains("mode")) {
          std::string mode;
          if (in.String(ej, "mode", ep, &mode)) {
            // Neither judged nor kept for an element whose kind is not known (reported):
            // whether it may have a mode, and so which modes it may have, depends on the
            // kind, and the default kind's verdict would be a follow-on error.
            if (!kind_known) {
            } else if (e.kind != DecisionElement::Kind::kControlValve) {
              in.Error(ep + "/mode", "unexpected-attribute",
                       "'mode' is only defined for control valves");
            } else if (mode != "active" && mode != "bypass") {
              in.Error(ep + "/mode", "bad-mode",
                       fmt::format("mode '{}' must be 'active' or 'bypass'", mode));
            } else {
              e.mode = mode;
            }
          }
        }
        if (re != nullptr && diag->error_count() > before)
          re->decision_elements.push_back(element_nr);
        ++element_nr;
        d.elements.push_back(std::move(e));
      }
      g.decisions.push_back(std::move(d));
    }
    out->groups.push_back(std::move(g));
  }
  return diag->error_count() == errors_before;
}

}  // namespace io
}  // namespace corridor
