// Readers of the hydro case (JSON) and of user inflow files (CSV). Loading and checking
// happen in one pass that reports every problem (capped by the Diagnostics), each with the
// file, the line, the JSON pointer or CSV column, the element and the rule.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "corridor/file.h"
#include "corridor/hydro.h"
#include "core/file_internal.h"
#include "core/printable.h"
#include "hydro/hydro_internal.h"
#include "io/as_read.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/text.h"
#include "io/xml_util.h"

namespace corridor {

namespace {
using hydro_internal::kMaxPlausibleInflow_m3s;
/// Upper bound on the magnitude of any number in a case file, in the file's units (the
/// largest real figures are ~1e5 mcm or GWh/y). A finite 1e303 MW overflowed to inf W.
constexpr double kMaxCaseMagnitude = 1.0e12;
/// Upper bound on a level's magnitude, m: the earth's surface lies within -430 (the Dead
/// Sea's shore) and 8849 m, and a local datum is no further off.
constexpr double kMaxLevel_m = 1.0e4;
}  // namespace
namespace {

using io::JsonLocator;
using io::PointerAppend;
using nlohmann::json;

constexpr int kDaysInMonth[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// What a message says an object's member was, "nothing" where it is absent.
std::string GotMember(const json& j, const char* key) {
  return j.contains(key) ? io::GotValue(j.at(key)) : std::string("nothing");
}

// Walks the parsed case, converting units (mcm -> m^3, km^2 -> m^2, MW -> W) and checking
// every rule. Numbers are "parameters": {"value": x, "source": "S95" | "estimate: ...",
// "note": "..."} so that every figure says where it comes from.
class CaseReader {
 public:
  CaseReader(const std::string& file, const JsonLocator& lines, Diagnostics* diag)
      : file_(file), lines_(lines), diag_(diag) {}

  /// The numbers out of a double's range that the read went on past, each at the pointer of
  /// the null that stands for it (io::FaultPointers): a complaint about that value (any but
  /// an unknown key's, which is about its key) says the number instead, once; SayFaults()
  /// says the rest.
  void SetFaults(std::map<std::string, std::string> faults) { faults_ = std::move(faults); }
  void SayFaults() {
    for (const auto& [ptr, message] : faults_)
      if (!faults_said_.count(ptr)) Error(ptr, "case", "not-finite", message);
  }

  void Error(const std::string& ptr, const std::string& element, const std::string& rule,
             const std::string& msg) {
    if (const auto f = faults_.find(ptr); f != faults_.end() && rule != "unknown-key") {
      if (!faults_said_.insert(ptr).second) return;
      diag_->Error(file_, lines_.Line(ptr), element, "not-finite",
                   fmt::format("{} (at {})", f->second, ptr.empty() ? "/" : ptr));
      return;
    }
    diag_->Error(file_, lines_.Line(ptr), element, rule,
                 fmt::format("{} (at {})", msg, ptr.empty() ? "/" : ptr));
  }
  void Warn(const std::string& ptr, const std::string& element, const std::string& rule,
            const std::string& msg) {
    diag_->Warning(file_, lines_.Line(ptr), element, rule,
                   fmt::format("{} (at {})", msg, ptr.empty() ? "/" : ptr));
  }

  // Reports keys of `obj` that are not in `allowed`.
  void CheckKeys(const json& obj, const std::string& ptr, const std::string& element,
                 std::initializer_list<const char*> allowed) {
    if (!obj.is_object()) return;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        Error(PointerAppend(ptr, it.key()), element, "unknown-key",
              fmt::format("unknown key '{}'; allowed here: {}", it.key(), list));
      }
    }
  }

  bool RequireObject(const json& j, const std::string& ptr, const std::string& element,
                     const std::string& what) {
    if (j.is_object()) return true;
    Error(ptr, element, "wrong-type",
          fmt::format("{} must be a JSON object, got {}", what, io::GotValue(j)));
    return false;
  }

  // The parameter object at obj[key]; nullptr (with an error) when missing or malformed.
  const json* Param(const json& obj, const char* key, const std::string& ptr,
                    const std::string& element) {
    std::string p = PointerAppend(ptr, key);
    if (!obj.contains(key)) {
      Error(ptr, element, "missing-key", fmt::format("missing parameter '{}'", key));
      return nullptr;
    }
    const json& pj = obj.at(key);
    if (!pj.is_object()) {
      Error(p, element, "parameter-form",
            fmt::format("'{}' must be an object {{\"value\": ..., \"source\": ...}}, got {}", key,
                        io::GotValue(pj)));
      return nullptr;
    }
    CheckKeys(pj, p, element, {"value", "source", "note"});
    CheckSource(pj, p, element, key);
    // A parameter's note is text (42 was taken without a word, but for the published
    // figure's, which the report prints).
    if (const auto note = pj.find("note"); note != pj.end() && !note->is_string())
      Error(PointerAppend(p, "note"), element, "wrong-type",
            fmt::format("note must be a string, got {}", io::GotValue(*note)));
    if (!pj.contains("value")) {
      Error(p, element, "missing-key", fmt::format("'{}' has no \"value\"", key));
      return nullptr;
    }
    return &pj.at("value");
  }

  void CheckSource(const json& pj, const std::string& p, const std::string& element,
                   const std::string& key) {
    if (!pj.contains("source")) {
      Error(p, element, "missing-source",
            fmt::format(
                "'{}' has no \"source\" (a fact id such as \"S95\" or \"estimate: method\")", key));
      return;
    }
    const json& s = pj.at("source");
    if (!s.is_string() || !IsValidSource(s.get<std::string>())) {
      Error(
          PointerAppend(p, "source"), element, "missing-source",
          fmt::format("'{}': source must start with a fact id (S<number>) or \"estimate:\", got {}",
                      key, io::GotValue(s)));
    }
  }

  // "estimate: <method>" (the method more than blanks), or a fact id S<digits> ending
  // there or before a separator ("S95", "S95; S96", "S95 (table 2)"): "S1xyz" passed.
  static bool IsValidSource(const std::string& s) {
    if (s.rfind("estimate:", 0) == 0)
      return s.find_first_not_of(" \t", 9) != std::string::npos;
    if (s.size() < 2 || s[0] != 'S') return false;
    std::size_t i = 1;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > 1 && (i == s.size() || !std::isalnum(static_cast<unsigned char>(s[i])));
  }

  // A number parameter; returns false (with an error) if absent or not a finite number.
  bool Number(const json& obj, const char* key, const std::string& ptr, const std::string& element,
              double* out) {
    const json* v = Param(obj, key, ptr, element);
    if (v == nullptr) return false;
    std::string p = PointerAppend(PointerAppend(ptr, key), "value");
    if (!v->is_number()) {
      Error(p, element, "wrong-type",
            fmt::format("'{}' must be a number, got {}", key, io::GotValue(*v)));
      return false;
    }
    *out = v->get<double>();
    if (!std::isfinite(*out)) {
      Error(p, element, "not-finite", fmt::format("'{}' must be finite", key));
      return false;
    }
    return Plausible(*out, p, element, key);
  }

  // A priority is an integer >= 1 (checked before the cast to int, which would be undefined
  // for a value beyond int).
  bool ValidPriority(double prio, const std::string& p, const std::string& element) {
    if (prio >= 1 && prio == std::floor(prio) && prio <= 1e6) return true;
    Error(p, element, "priority",
          fmt::format("priority must be an integer from 1 to 1000000, got {}", prio));
    return false;
  }

  // Rejects a number too large to be a real figure (its SI value could overflow).
  bool Plausible(double v, const std::string& p, const std::string& element,
                 const std::string& what) {
    if (std::abs(v) <= kMaxCaseMagnitude) return true;
    Error(p, element, "implausible-value",
          fmt::format("'{}' = {} is beyond any real figure (|value| <= {:g})", what, v,
                      kMaxCaseMagnitude));
    return false;
  }

  // An array parameter of numbers with exactly `n` entries (n = 0: any length >= 2).
  bool Numbers(const json& v, const std::string& p, const std::string& element,
               const std::string& key, std::size_t n, std::vector<double>* out) {
    if (!v.is_array()) {
      Error(p, element, "wrong-type",
            fmt::format("'{}' must be an array of numbers, got {}", key, io::GotValue(v)));
      return false;
    }
    bool ok = true;
    out->clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number() || !std::isfinite(v[i].get<double>())) {
        Error(p + "/" + std::to_string(i), element, "wrong-type",
              fmt::format("'{}'[{}] must be a finite number, got {}", key, i,
                          io::GotValue(v[i])));
        ok = false;
        out->push_back(0.0);
      } else {
        out->push_back(v[i].get<double>());
        if (!Plausible(out->back(), p + "/" + std::to_string(i), element,
                       fmt::format("{}[{}]", key, i))) {
          ok = false;
          out->back() = 0.0;
        }
      }
    }
    if (n == 12 && v.size() != 12) {
      // ("months 12..12 are missing" for one; "1 extra values".)
      const std::size_t off = v.size() < 12 ? 12 - v.size() : v.size() - 12;
      std::string which = v.size() == 11  ? std::string("month 12 is missing")
                          : v.size() < 12 ? fmt::format("months {}..12 are missing", v.size() + 1)
                          : off == 1      ? std::string("1 extra value")
                                          : fmt::format("{} extra values", off);
      Error(
          p, element, "missing-month",
          fmt::format("'{}' needs 12 monthly values (Jan..Dec), got {}: {}", key, v.size(), which));
      ok = false;
    }
    return ok;
  }

  bool Monthly(const json& obj, const char* key, const std::string& ptr, const std::string& element,
               std::vector<double>* out) {
    const json* v = Param(obj, key, ptr, element);
    if (v == nullptr) return false;
    return Numbers(*v, PointerAppend(PointerAppend(ptr, key), "value"), element, key, 12, out);
  }

  static void AsOneLine(std::string* text) { hydro_internal::AsOneLine(text); }

  bool String(const json& obj, const char* key, const std::string& ptr, const std::string& element,
              std::string* out, bool required = true) {
    if (!obj.contains(key)) {
      if (required) Error(ptr, element, "missing-key", fmt::format("missing key '{}'", key));
      return !required;
    }
    const json& v = obj.at(key);
    if (!v.is_string()) {
      Error(PointerAppend(ptr, key), element, "wrong-type",
            fmt::format("'{}' must be a string, got {}", key, io::GotValue(v)));
      return false;
    }
    *out = v.get<std::string>();
    return true;
  }

  /// A unit's or withdrawal's id: white space at an end (the invisible kinds too) or a
  /// control character is bad-id, as every reader says it (both were taken without a word;
  /// the id is matched as written and printed in messages).
  void CheckId(const std::string& id, const std::string& ptr, const std::string& element) {
    if (const std::string where = io::IdWhiteSpace(id); !id.empty() && !where.empty())
      Error(ptr, element, "bad-id", io::IdWhiteSpaceMessage("id", id, where));
    else if (std::any_of(id.begin(), id.end(), [](char ch) {
               return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F;
             }))
      Error(ptr, element, "bad-id", "an id holds no control character (it is printed in "
                                    "messages, where one would forge a line)");
  }

  /// A name that becomes part of CSV column names or file names (reservoir ids, countries,
  /// year types) must be plain (hydro_internal::IsPlainName).
  void CheckName(const std::string& name, const std::string& ptr, const std::string& element,
                 const char* what) {
    if (!hydro_internal::IsPlainName(name))
      Error(ptr, element, "name",
            fmt::format("{} \"{}\" must be letters, digits, '_', '-' or '.' (it names CSV "
                        "columns and output files)",
                        what, name));
  }

  void Read(const json& root, HydroCase* c);

 private:
  // True when the entry is an object with an id: the links to and from it can be judged.
  bool ReadReservoir(const json& rj, const std::string& ptr, HydroReservoir* r);
  void ReadUnit(const json& uj, const std::string& ptr, const std::string& res, HydroUnit* u);
  void ReadWithdrawal(const json& wj, const std::string& ptr, const std::string& res,
                      HydroWithdrawal* w);
  /// The optional published figures of a country's units at some plants
  /// (`published_country_energy`), judged against the reservoirs read (`known`: which were).
  void ReadShares(const json& root, const std::vector<bool>& known, HydroCase* c);
  /// Refuses reservoir ids and countries that would give two daily CSV columns one name.
  void CheckColumnNames(const HydroCase& c);
  /// A unit or withdrawal ("unit", "withdrawal") at `ptr` in reservoir `res`, as every
  /// message names it: by its id, or where it has none by its place in the list, as the
  /// JSON pointer counts ("unit #2 of 'aras'"; one run named it "unit of 'khudafarin'" in
  /// its empty-id error and "unit ''" in the next).
  static std::string MemberName(const char* kind, const std::string& id, const std::string& ptr,
                                const std::string& res) {
    if (!id.empty()) return fmt::format("{} '{}'", kind, id);
    return fmt::format("{} #{} of '{}'", kind, ptr.substr(ptr.rfind('/') + 1), res);
  }
  /// Refuses a case pattern whose local inflow exceeds what an inflow file may hold.
  void CheckPatternInflows(const HydroCase& c);

  std::string file_;
  const JsonLocator& lines_;
  Diagnostics* diag_;
  std::map<std::string, std::string> faults_;  // pointer -> message (SetFaults)
  std::set<std::string> units_read_;  // reservoirs whose every unit was read without error
  std::set<std::string> faults_said_;
};

void CaseReader::Read(const json& root, HydroCase* c) {
  if (!RequireObject(root, "", "case", "the case file")) return;
  // Another of corridor's files is said as such, and its keys are not read as a hydro
  // case's (the corridor annotations gave a flood of unknown and missing keys): what it is
  // and what reads it. A format of no file corridor knows is one problem among the rest.
  if (const auto f = root.find("format"); f != root.end() && f->is_string())
    if (std::string other = io::OtherCorridorFile(f->get_ref<const std::string&>(),
                                                  "corridor-hydro-case");
        !other.empty()) {
      Error("/format", "case", "wrong-file-kind", other);
      return;
    }
  CheckKeys(
      root, "", "case",
      {"format", "version", "name", "water_density_kg_m3", "gravity_m_s2", "inflow", "reservoirs",
       "published_country_energy"});
  std::string format;
  if (String(root, "format", "", "case", &format) && format != "corridor-hydro-case")
    Error("/format", "case", "format",
          fmt::format("format must be \"corridor-hydro-case\", got \"{}\"{}", format,
                      io::AsciiLower(format) == "corridor-hydro-case"
                          ? " (the name is written in lower case)"
                          : ""));
  // Compared as the 64-bit integer it is read as (get<int> took 4294967297 for 1).
  if (!root.contains("version") || !root.at("version").is_number_integer() ||
      root.at("version").get<std::int64_t>() != 1)
    Error(root.contains("version") ? "/version" : "", "case",
          root.contains("version") ? "version" : "missing-key",  // (as the other readers)
          "version must be the integer 1");
  if (String(root, "name", "", "case", &c->name)) AsOneLine(&c->name);
  // Ranges, not just > 0: a density of 1e-300 was taken and the plants made no energy.
  if (Number(root, "water_density_kg_m3", "", "case", &c->water_density_kg_m3) &&
      !(c->water_density_kg_m3 >= hydro_internal::kMinWaterDensity_kg_m3 &&
        c->water_density_kg_m3 <= hydro_internal::kMaxWaterDensity_kg_m3))
    Error("/water_density_kg_m3/value", "case", "out-of-range",
          fmt::format("water density must be {:g} to {:g} kg/m3 (fresh water 958 to 1000, sea "
                      "water 1025, a few percent more with a heavy sediment load), got {}",
                      hydro_internal::kMinWaterDensity_kg_m3,
                      hydro_internal::kMaxWaterDensity_kg_m3, c->water_density_kg_m3));
  if (Number(root, "gravity_m_s2", "", "case", &c->gravity_m_s2) &&
      !(c->gravity_m_s2 >= hydro_internal::kMinGravity_m_s2 &&
        c->gravity_m_s2 <= hydro_internal::kMaxGravity_m_s2))
    Error("/gravity_m_s2/value", "case", "out-of-range",
          fmt::format("gravity must be {:g} to {:g} m/s2 (the earth's surface), got {}",
                      hydro_internal::kMinGravity_m_s2, hydro_internal::kMaxGravity_m_s2,
                      c->gravity_m_s2));

  // Inflow pattern.
  if (!root.contains("inflow")) {
    Error("", "case", "missing-key", "missing key 'inflow'");
  } else if (RequireObject(root.at("inflow"), "/inflow", "inflow", "'inflow'")) {
    const json& in = root.at("inflow");
    CheckKeys(in, "/inflow", "inflow", {"monthly_factor", "year_types"});
    if (Monthly(in, "monthly_factor", "/inflow", "inflow", &c->monthly_inflow_factor)) {
      double mean = 0.0;
      bool neg = false;
      for (int m = 0; m < 12; ++m) {
        mean += c->monthly_inflow_factor[m] * kDaysInMonth[m] / 365.0;
        neg = neg || c->monthly_inflow_factor[m] < 0;
      }
      if (neg)
        Error("/inflow/monthly_factor/value", "inflow", "negative-value",
              "monthly inflow factors must be >= 0");
      if (std::abs(mean - 1.0) > 0.01)
        Error("/inflow/monthly_factor/value", "inflow", "factor-mean",
              fmt::format("day-weighted mean of the monthly factors must be 1 (+-0.01), got {:.4f}",
                          mean));
    }
    // Absent or empty is missing-key, another type wrong-type (both were missing-key), as
    // for every list of the case.
    if (!in.contains("year_types") || !in.at("year_types").is_object() ||
        in.at("year_types").empty()) {
      const bool typed = in.contains("year_types") && !in.at("year_types").is_object();
      Error(in.contains("year_types") ? "/inflow/year_types" : "/inflow", "inflow",
            typed ? "wrong-type" : "missing-key",
            fmt::format("'year_types' must be an object with at least one year type, e.g. "
                        "\"average\", got {}",
                        GotMember(in, "year_types")));
    } else {
      const json& yt = in.at("year_types");
      for (auto it = yt.begin(); it != yt.end(); ++it) {
        HydroYearType y;
        y.name = it.key();
        std::string el = fmt::format("year type '{}'", y.name);
        CheckName(y.name, PointerAppend("/inflow/year_types", it.key()), el, "year type");
        // "user" names the run of an --inflow file (daily_user.csv, annual.csv's run): a year
        // type of that name could not be told from it (nor "User" on a file system that
        // folds case).
        if (io::AsciiLower(y.name) == "user")
          Error(PointerAppend("/inflow/year_types", it.key()), el, "reserved-name",
                "'user' is the name of the run on an --inflow file (daily_user.csv and the run "
                "column of annual.csv): name the year type otherwise");
        // "all" is what --year-type takes for every year type: one of that name could not
        // be run alone.
        if (io::AsciiLower(y.name) == "all")
          Error(PointerAppend("/inflow/year_types", it.key()), el, "reserved-name",
                "'all' is what --year-type takes for every year type of the case, so a year "
                "type of that name could not be chosen alone: name it otherwise");
        // Names that differ only in case write files that are one on a file system that
        // folds case (daily_Dry.csv and daily_dry.csv).
        for (const HydroYearType& before : c->year_types)
          if (before.name != y.name && io::AsciiLower(before.name) == io::AsciiLower(y.name))
            Error(PointerAppend("/inflow/year_types", it.key()), el, "duplicate-name",
                  fmt::format("year types '{}' and '{}' differ only in case: their files "
                              "(daily_{}.csv, daily_{}.csv) are one file where names fold case",
                              before.name, y.name, before.name, y.name));
        if (Number(yt, it.key().c_str(), "/inflow/year_types", el, &y.factor) && !(y.factor > 0))
          Error(PointerAppend("/inflow/year_types", it.key()) + "/value", el, "positive",
                fmt::format("inflow factor must be > 0, got {}", y.factor));
        c->year_types.push_back(y);
      }
    }
  }

  // Reservoirs.
  if (!root.contains("reservoirs") || !root.at("reservoirs").is_array() ||
      root.at("reservoirs").empty()) {
    Error(root.contains("reservoirs") ? "/reservoirs" : "", "case",
          root.contains("reservoirs") && !root.at("reservoirs").is_array() ? "wrong-type"
                                                                          : "missing-key",
          fmt::format("'reservoirs' must be a non-empty array, upstream first, got {}",
                      GotMember(root, "reservoirs")));
    ReadShares(root, {}, c);  // (their own form: no plant can be judged)
    return;
  }
  const json& rs = root.at("reservoirs");
  // An entry that is no object or has no id is said once, by ReadReservoir: the judgements
  // that depend on it are left out below (its id twice, its own link, a link that may lead
  // to it, an empty link just above it), the others are made.
  std::vector<bool> known(rs.size());
  for (std::size_t i = 0; i < rs.size(); ++i) {
    HydroReservoir r;
    known[i] = ReadReservoir(rs[i], "/reservoirs/" + std::to_string(i), &r);
    c->reservoirs.push_back(std::move(r));
  }
  const bool all_known = std::all_of(known.begin(), known.end(), [](bool k) { return k; });
  // Ids unique; downstream links point to a later reservoir (the list runs downstream).
  std::set<std::string> seen;
  std::set<std::string> unit_ids;
  std::set<std::string> withdrawal_ids;
  for (std::size_t i = 0; i < c->reservoirs.size(); ++i) {
    const HydroReservoir& r = c->reservoirs[i];
    std::string p = "/reservoirs/" + std::to_string(i);
    std::string el = fmt::format("reservoir '{}'", r.id);
    if (known[i] && !seen.insert(r.id).second)
      Error(p + "/id", el, "duplicate-id", fmt::format("reservoir id '{}' is used twice", r.id));
    for (std::size_t k = 0; k < r.units.size(); ++k)
      if (!r.units[k].id.empty() && !unit_ids.insert(r.units[k].id).second)
        Error(p + "/units/" + std::to_string(k) + "/id", el, "duplicate-id",
              fmt::format("unit id '{}' is used twice", r.units[k].id));
    // Withdrawals are told apart by their ids in the summary, as units are.
    for (std::size_t k = 0; k < r.withdrawals.size(); ++k)
      if (!r.withdrawals[k].id.empty() && !withdrawal_ids.insert(r.withdrawals[k].id).second)
        Error(p + "/withdrawals/" + std::to_string(k) + "/id", el, "duplicate-id",
              fmt::format("withdrawal id '{}' is used twice", r.withdrawals[k].id));
    if (!known[i]) continue;
    const bool next_known = i + 1 >= known.size() || known[i + 1];
    if (r.downstream.empty()) {
      // The simulation passes each release to the next reservoir in the list and charges
      // each one with the needs of the next: an empty link above the bottom would still be
      // followed in the water balance but not in the tailwater, so the list must be one chain.
      if (i + 1 < c->reservoirs.size() && next_known)
        Error(p + "/downstream", el, "cascade-order",
              fmt::format("downstream is empty, but reservoir '{}' follows in the list: only "
                          "the last reservoir (the bottom of the cascade) has none",
                          c->reservoirs[i + 1].id));
      continue;
    }
    bool found = false;
    for (std::size_t j = 0; j < c->reservoirs.size(); ++j) {
      if (!known[j] || c->reservoirs[j].id != r.downstream) continue;
      found = true;
      if (j != i + 1)
        Error(p + "/downstream", el, "cascade-order",
              fmt::format("downstream reservoir '{}' must be the next one in the list (the "
                          "list runs from upstream to downstream)",
                          r.downstream));
      // A pool below that stands at or above this one's full level: the water cannot run
      // down to it, and this dam's plant never ran, unsaid (a datum mix-up: a pool from 300
      // m below a dam full at 250 m).
      const HydroReservoir& lower = c->reservoirs[j];
      auto table = [](const HydroReservoir& x) {
        const std::size_t n = x.curve_volume_m3.size();
        return n >= 2 && x.curve_level_m.size() == n && x.full_volume_m3 > 0.0 &&
               x.dead_volume_m3 >= 0.0 && x.full_volume_m3 <= x.curve_volume_m3.back();
      };
      if (table(r) && table(lower)) {
        const double top = HydroLevelFromVolume(r, r.full_volume_m3);
        const double below = HydroLevelFromVolume(lower, lower.dead_volume_m3);
        if (below >= top)
          Error(p + "/downstream", el, "cascade-levels",
                fmt::format("downstream reservoir '{}' stands at least at {:g} m (its level "
                            "at its dead volume), at or above this one's full level {:g} m: "
                            "the water cannot run down to it (levels on different datums?)",
                            lower.id, below, top));
      }
    }
    // (Where some entry has no id, the link may name it: said only where that entry cannot
    // be the next one.)
    if (!found && all_known)
      Error(p + "/downstream", el, "unknown-reservoir",
            fmt::format("downstream reservoir '{}' is not in the case", r.downstream));
    else if (!found && next_known)
      Error(p + "/downstream", el, "unknown-reservoir",
            fmt::format("downstream reservoir '{}' is not in the case (nor can it be an entry "
                        "that was not read: {})",
                        r.downstream,
                        i + 1 < c->reservoirs.size()
                            ? fmt::format("the next one in the list is '{}'",
                                          c->reservoirs[i + 1].id)
                            : std::string("this one is the last in the list")));
  }
  CheckColumnNames(*c);
  CheckPatternInflows(*c);
  ReadShares(root, known, c);
}

void CaseReader::ReadShares(const json& root, const std::vector<bool>& known, HydroCase* c) {
  if (!root.contains("published_country_energy")) return;  // optional
  const std::string base = "/published_country_energy";
  const json& list = root.at("published_country_energy");
  if (!list.is_array()) {
    Error(base, "case", "wrong-type",
          fmt::format("'published_country_energy' must be an array of objects {{\"country\", "
                      "\"plants\", \"energy_gwh_per_y\"}}, got {}",
                      io::GotValue(list)));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string ptr = base + "/" + std::to_string(i);
    const json& sj = list[i];
    std::string el = fmt::format("published share #{}", i);
    if (!RequireObject(sj, ptr, el, "a published share")) continue;
    HydroPublishedShare sh;
    bool ok = String(sj, "country", ptr, el, &sh.country);
    if (ok) {
      el = fmt::format("published share of '{}'", sh.country);
      CheckName(sh.country, ptr + "/country", el, "country");
      ok = hydro_internal::IsPlainName(sh.country);
    }
    const bool country_ok = ok;
    CheckKeys(sj, ptr, el, {"country", "plants", "energy_gwh_per_y"});
    const json* plants = sj.contains("plants") ? &sj.at("plants") : nullptr;
    if (plants == nullptr) {
      Error(ptr, el, "missing-key", "missing key 'plants' (the reservoir ids it is for)");
      ok = false;
    } else if (!plants->is_array() || plants->empty()) {
      Error(ptr + "/plants", el, plants->is_array() ? "missing-key" : "wrong-type",
            fmt::format("'plants' must be a non-empty array of reservoir ids, got {}",
                        io::GotValue(*plants)));
      ok = false;
    } else {
      for (std::size_t k = 0; k < plants->size(); ++k) {
        const std::string p = ptr + "/plants/" + std::to_string(k);
        const json& pj = (*plants)[k];
        if (!pj.is_string()) {
          Error(p, el, "wrong-type",
                fmt::format("a plant must be a reservoir id (a string), got {}",
                            io::GotValue(pj)));
          ok = false;
          continue;
        }
        const std::string id = pj.get<std::string>();
        if (std::find(sh.plants.begin(), sh.plants.end(), id) != sh.plants.end()) {
          Error(p, el, "duplicate-id", fmt::format("plant '{}' is named twice", id));
          ok = false;
          continue;
        }
        sh.plants.push_back(id);
        // (Where a reservoir was not read, the id may be its: judged only against a case
        // whose every reservoir was; and its units only where they were all read, with a
        // country said sound above: an error there was followed by 'no unit of'.)
        if (known.empty() || !std::all_of(known.begin(), known.end(), [](bool b) { return b; }))
          continue;
        const auto r = std::find_if(c->reservoirs.begin(), c->reservoirs.end(),
                                    [&](const HydroReservoir& x) { return x.id == id; });
        if (r == c->reservoirs.end()) {
          Error(p, el, "unknown-reservoir",
                fmt::format("plant '{}' is no reservoir of the case", id));
          ok = false;
        } else if (country_ok && units_read_.count(id) &&
                   std::none_of(r->units.begin(), r->units.end(),
                                [&](const HydroUnit& u) { return u.country == sh.country; })) {
          // (A figure for units the case does not have compares with nothing.)
          Error(p, el, "no-unit",
                fmt::format("reservoir '{}' has no unit of '{}': the figure would compare "
                            "with nothing there",
                            id, sh.country));
          ok = false;
        }
      }
    }
    double gwh = 0.0;
    if (Number(sj, "energy_gwh_per_y", ptr, el, &gwh)) {
      if (gwh < 0) {
        Error(ptr + "/energy_gwh_per_y/value", el, "negative-value",
              fmt::format("published energy must be >= 0 GWh/y, got {}", gwh));
        ok = false;
      } else if (gwh > 0 && gwh * 3.6e12 < hydro_internal::kMinPublishedEnergy_J) {
        Error(ptr + "/energy_gwh_per_y/value", el, "out-of-range",
              fmt::format("published energy {} GWh/y is below any plant's (0 for none, or at "
                          "least 0.001 GWh/y)",
                          gwh));
        ok = false;
      }
      const json& pj = sj.at("energy_gwh_per_y");
      if (pj.contains("source") && pj.at("source").is_string())
        AsOneLine(&(sh.source = pj.at("source").get<std::string>()));
      if (pj.contains("note") && pj.at("note").is_string())
        AsOneLine(&(sh.note = pj.at("note").get<std::string>()));
    } else {
      ok = false;
    }
    sh.energy_J = gwh * 3.6e12;
    // One figure per country and set of plants: a second prints a second line. (A figure
    // of 0 is none, and no second.)
    if (ok)
      for (const HydroPublishedShare& before : c->published_shares)
        if (hydro_internal::SameShare(before, sh)) {
          Error(ptr + "/plants", el, "duplicate-share",
                fmt::format("a second published share of '{}' for the same plants", sh.country));
          ok = false;
        }
    if (ok) c->published_shares.push_back(std::move(sh));
  }
}

void CaseReader::CheckPatternInflows(const HydroCase& c) {
  // The case pattern's daily local inflow is mean x monthly factor x year-type factor (1 in
  // the warm-up years), and it meets the bound an --inflow file's values meet: a year type
  // of 1e6 ran with 1.7e8 m3/s into Aras and exit 0. The largest product per reservoir,
  // from the values that were read (one refused above as beyond any real figure is left
  // out: it is said once).
  static constexpr const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int month = -1;
  double month_factor = 0.0;
  for (std::size_t m = 0; m < c.monthly_inflow_factor.size() && m < 12; ++m)
    if (c.monthly_inflow_factor[m] > month_factor) {
      month = static_cast<int>(m);
      month_factor = c.monthly_inflow_factor[m];
    }
  if (month < 0) return;
  const HydroYearType* year = nullptr;  // nullptr: a warm-up year (factor 1)
  for (const HydroYearType& y : c.year_types)
    if (y.factor <= kMaxCaseMagnitude && y.factor > (year == nullptr ? 1.0 : year->factor))
      year = &y;
  const double year_factor = year == nullptr ? 1.0 : year->factor;
  for (std::size_t i = 0; i < c.reservoirs.size(); ++i) {
    const HydroReservoir& r = c.reservoirs[i];
    const double q = r.local_inflow_mean_m3s * month_factor * year_factor;
    if (!(q > kMaxPlausibleInflow_m3s) || r.local_inflow_mean_m3s > kMaxCaseMagnitude) continue;
    Error("/reservoirs/" + std::to_string(i) + "/local_inflow_mean_m3s/value",
          fmt::format("reservoir '{}'", r.id), "implausible-value",
          fmt::format("local inflow {:.4g} m3/s in {} of {} (mean {} m3/s x monthly factor {} "
                      "x year-type factor {}) exceeds {:g} m3/s, as no inflow file may (more "
                      "than the Amazon's mean discharge): not a river inflow",
                      q, kMonths[month],
                      year == nullptr ? std::string("a warm-up year")
                                      : fmt::format("year type '{}'", year->name),
                      r.local_inflow_mean_m3s, month_factor, year_factor,
                      kMaxPlausibleInflow_m3s));
  }
}

void CaseReader::CheckColumnNames(const HydroCase& c) {
  // Where each country is first named, to point at it.
  std::map<std::string, std::pair<std::string, std::string>> named_at;  // ptr, element
  for (std::size_t i = 0; i < c.reservoirs.size(); ++i) {
    const HydroReservoir& r = c.reservoirs[i];
    const std::string p = "/reservoirs/" + std::to_string(i);
    for (std::size_t k = 0; k < r.units.size(); ++k)
      named_at.emplace(r.units[k].country,
                       std::pair{p + "/units/" + std::to_string(k) + "/country",
                                 MemberName("unit", r.units[k].id,
                                            p + "/units/" + std::to_string(k), r.id)});
    for (std::size_t k = 0; k < r.withdrawals.size(); ++k)
      named_at.emplace(r.withdrawals[k].country,
                       std::pair{p + "/withdrawals/" + std::to_string(k) + "/country",
                                 MemberName("withdrawal", r.withdrawals[k].id,
                                            p + "/withdrawals/" + std::to_string(k), r.id)});
  }
  std::vector<std::string> ids;
  for (const auto& r : c.reservoirs) ids.push_back(r.id);
  for (const auto& clash :
       hydro_internal::DailyColumnClashes(ids, hydro_internal::CaseCountries(c))) {
    // Reported at the later name, or at the earlier one when the later is a fixed column
    // (a country "total" against power_total_MW).
    const hydro_internal::DailyColumn& at =
        clash.second.reservoir >= 0 || !clash.second.country.empty() ? clash.second
                                                                      : clash.first;
    std::string ptr = "", el = "case";
    if (at.reservoir >= 0) {
      ptr = "/reservoirs/" + std::to_string(at.reservoir) + "/id";
      el = fmt::format("reservoir '{}'", ids[at.reservoir]);
    } else if (auto it = named_at.find(at.country); it != named_at.end()) {
      std::tie(ptr, el) = it->second;
    }
    Error(ptr, el, "column-clash",
          clash.message + ": rename one (every column of the daily CSV needs its own name)");
  }
}

bool CaseReader::ReadReservoir(const json& rj, const std::string& ptr, HydroReservoir* r) {
  r->id = fmt::format("#{}", ptr.substr(ptr.rfind('/') + 1));  // until its own is read
  if (!RequireObject(rj, ptr, "reservoir", "a reservoir")) return false;
  r->id.clear();
  bool has_id = false;
  if (String(rj, "id", ptr, "reservoir", &r->id)) {
    if (r->id.empty())  // (as a unit's; it was the rule of a name's characters)
      Error(ptr + "/id", "reservoir", "empty-id", "reservoir id is empty");
    else
      CheckName(r->id, ptr + "/id", "reservoir", "reservoir id");
    has_id = !r->id.empty();
  }
  if (r->id.empty()) r->id = fmt::format("#{}", ptr.substr(ptr.rfind('/') + 1));
  std::string el = fmt::format("reservoir '{}'", r->id);
  CheckKeys(rj, ptr, el,
            {"id", "name", "downstream", "full_volume_mcm", "dead_volume_mcm", "initial_volume_mcm",
             "spillway_capacity_m3s", "curve", "target_level_m", "net_evaporation_mm_d",
             "environmental_flow_m3s", "release_priority", "local_inflow_mean_m3s", "tailwater",
             "head_loss_fraction", "units", "withdrawals", "published_energy_gwh_per_y"});
  if (String(rj, "name", ptr, el, &r->name, false)) AsOneLine(&r->name);
  String(rj, "downstream", ptr, el, &r->downstream);

  double full = 0, dead = 0, init = 0;
  bool have_full = Number(rj, "full_volume_mcm", ptr, el, &full);
  bool have_dead = Number(rj, "dead_volume_mcm", ptr, el, &dead);
  bool have_init = Number(rj, "initial_volume_mcm", ptr, el, &init);
  // (A negative full volume read "must be >= 0", and 0 is refused too: > 0 there.)
  auto check_volume = [&](bool have, double v, const char* key) {
    if (have && v < 0)
      Error(PointerAppend(ptr, key) + "/value", el, "negative-volume",
            fmt::format("'{}' must be {} 0, got {} mcm", key,
                        std::string_view(key) == "full_volume_mcm" ? ">" : ">=", v));
  };
  check_volume(have_full, full, "full_volume_mcm");
  check_volume(have_dead, dead, "dead_volume_mcm");
  check_volume(have_init, init, "initial_volume_mcm");
  if (have_full && full == 0.0)
    Error(ptr + "/full_volume_mcm/value", el, "positive", "full volume must be > 0 mcm");
  if (have_full && have_dead && dead >= 0 && full > 0 && dead >= full)
    Error(ptr + "/dead_volume_mcm/value", el, "volume-order",
          fmt::format("dead volume {} mcm must be below the full volume {} mcm", dead, full));
  if (have_full && have_init && init >= 0 && full > 0 && init > full)
    Error(ptr + "/initial_volume_mcm/value", el, "volume-order",
          fmt::format("initial volume {} mcm exceeds the full volume {} mcm", init, full));
  r->full_volume_m3 = full * 1e6;
  r->dead_volume_m3 = dead * 1e6;
  r->initial_volume_m3 = init * 1e6;

  double spill = 0;
  if (Number(rj, "spillway_capacity_m3s", ptr, el, &spill) && spill < 0)
    Error(ptr + "/spillway_capacity_m3s/value", el, "negative-value",
          "spillway capacity must be >= 0 m3/s (0 = not limited)");
  r->spillway_capacity_m3s = spill;

  // Level-volume-area table. The full level (the level at the full volume, above which the
  // reservoir spills) is the highest the water stands; NaN until the table and the full
  // volume are known to fit.
  double full_level = std::nan("");
  std::string cp = ptr + "/curve";
  if (!rj.contains("curve")) {
    Error(ptr, el, "missing-key", "missing key 'curve'");
  } else if (RequireObject(rj.at("curve"), cp, el, "'curve'")) {
    const json& cj = rj.at("curve");
    CheckKeys(cj, cp, el, {"level_m", "volume_mcm", "area_km2", "source", "note"});
    CheckSource(cj, cp, el, "curve");
    std::vector<double> lv, vol, area;
    bool ok = true;
    for (auto [key, vec] : {std::pair<const char*, std::vector<double>*>{"level_m", &lv},
                            {"volume_mcm", &vol},
                            {"area_km2", &area}}) {
      if (!cj.contains(key)) {
        Error(cp, el, "missing-key", fmt::format("curve has no '{}'", key));
        ok = false;
      } else {
        ok = Numbers(cj.at(key), cp + "/" + key, el, key, 0, vec) && ok;
      }
    }
    if (ok) {
      if (lv.size() < 2 || vol.size() != lv.size() || area.size() != lv.size()) {
        Error(cp, el, "curve-size",
              fmt::format("level_m, volume_mcm and area_km2 need the same length >= 2, got {}, "
                          "{}, {}",
                          lv.size(), vol.size(), area.size()));
      } else {
        // Elevations (above sea level, or a local datum): 1e9 m passed up to the case's 1e12
        // limit, and a chart of such levels did not end. Said once, at the first.
        const auto far = std::find_if(lv.begin(), lv.end(),
                                      [](double z) { return std::abs(z) > kMaxLevel_m; });
        if (far != lv.end()) {
          const auto k = static_cast<std::size_t>(far - lv.begin());
          const auto more = std::count_if(far + 1, lv.end(),
                                          [](double z) { return std::abs(z) > kMaxLevel_m; });
          Error(cp + "/level_m/" + std::to_string(k), el, "implausible-value",
                fmt::format("curve level[{}] = {} m is no dam's level (|level| <= {:g} m, above "
                            "sea level or a local datum){}",
                            k, lv[k], kMaxLevel_m,
                            more > 0 ? fmt::format("; {} more levels of the curve alike", more)
                                     : std::string()));
        }
        for (std::size_t k = 0; k < lv.size(); ++k) {
          std::string kk = std::to_string(k);
          if (vol[k] < 0)
            Error(cp + "/volume_mcm/" + kk, el, "negative-volume",
                  fmt::format("curve volume[{}] = {} mcm is negative", k, vol[k]));
          if (area[k] < 0)
            Error(cp + "/area_km2/" + kk, el, "negative-area",
                  fmt::format("curve area[{}] = {} km2 is negative", k, area[k]));
          if (k == 0) continue;
          if (!(lv[k] > lv[k - 1]))
            Error(cp + "/level_m/" + kk, el, "curve-monotone",
                  fmt::format("curve levels must increase strictly: level[{}] = {} m after {} m", k,
                              lv[k], lv[k - 1]));
          if (!(vol[k] > vol[k - 1]))
            Error(cp + "/volume_mcm/" + kk, el, "curve-monotone",
                  fmt::format("curve volumes must increase strictly: volume[{}] = {} mcm after "
                              "{} mcm",
                              k, vol[k], vol[k - 1]));
          if (area[k] < area[k - 1])
            Error(cp + "/area_km2/" + kk, el, "curve-monotone",
                  fmt::format("curve areas must not decrease: area[{}] = {} km2 after {} km2", k,
                              area[k], area[k - 1]));
        }
        // Dead and initial storage below the table: the levels, heads and areas there are
        // not in it (5 mcm under a table from 20 mcm ran at the table's first level, 20 m of
        // head and its area, without a word).
        const std::pair<bool, double> low[] = {{have_dead, dead}, {have_init, init}};
        const char* low_key[] = {"dead_volume_mcm", "initial_volume_mcm"};
        for (int k = 0; k < 2; ++k)
          if (low[k].first && low[k].second >= 0 && low[k].second < vol.front())
            Error(PointerAppend(ptr, low_key[k]) + "/value", el, "outside-curve",
                  fmt::format("{} volume {} mcm is below the curve's lowest, {} mcm: the "
                              "level, head and area there are not in it",
                              k == 0 ? "dead" : "initial", low[k].second, vol.front()));
        bool full_inside = have_full && full > 0;
        if (full_inside && (full < vol.front() || full > vol.back())) {
          full_inside = false;
          Error(ptr + "/full_volume_mcm/value", el, "outside-curve",
                fmt::format("full volume {} mcm is outside the curve's {}..{} mcm", full,
                            vol.front(), vol.back()));
        }
        for (std::size_t k = 0; k < lv.size(); ++k) {
          r->curve_level_m.push_back(lv[k]);
          r->curve_volume_m3.push_back(vol[k] * 1e6);
          r->curve_area_m2.push_back(area[k] * 1e6);
        }
        if (full_inside) full_level = HydroLevelFromVolume(*r, r->full_volume_m3);
      }
    }
  }

  if (Monthly(rj, "target_level_m", ptr, el, &r->target_level_m) && r->curve_level_m.size() >= 2) {
    for (int m = 0; m < 12; ++m) {
      double z = r->target_level_m[m];
      if (z < r->curve_level_m.front() || z > r->curve_level_m.back())
        Error(ptr + "/target_level_m/value/" + std::to_string(m), el, "outside-curve",
              fmt::format("target level {} m (month {}) is outside the curve's {}..{} m", z, m + 1,
                          r->curve_level_m.front(), r->curve_level_m.back()));
    }
  }
  // In mm/d in the file, m/s in the model (SI inside; it was kept in mm/d and converted in
  // the simulation).
  if (std::vector<double> mm_d; Monthly(rj, "net_evaporation_mm_d", ptr, el, &mm_d)) {
    for (int m = 0; m < 12; ++m)
      if (std::abs(mm_d[m]) > 50)
        Error(ptr + "/net_evaporation_mm_d/value/" + std::to_string(m), el, "out-of-range",
              fmt::format("net evaporation {} mm/d (month {}) is outside -50..50 mm/d", mm_d[m],
                          m + 1));
    r->net_evaporation_m_per_s.resize(mm_d.size());
    for (std::size_t m = 0; m < mm_d.size(); ++m)
      r->net_evaporation_m_per_s[m] = mm_d[m] * 1e-3 / 86400.0;
  }
  if (Monthly(rj, "environmental_flow_m3s", ptr, el, &r->environmental_flow_m3s)) {
    for (int m = 0; m < 12; ++m)
      if (r->environmental_flow_m3s[m] < 0)
        Error(ptr + "/environmental_flow_m3s/value/" + std::to_string(m), el, "negative-value",
              fmt::format("environmental flow must be >= 0, got {} m3/s (month {})",
                          r->environmental_flow_m3s[m], m + 1));
      else if (r->environmental_flow_m3s[m] > hydro_internal::kMaxPlausibleInflow_m3s)
        // (The inflows' bound: 1e9 m3/s ran with the plant at 0 MW and nothing said.)
        Error(ptr + "/environmental_flow_m3s/value/" + std::to_string(m), el, "out-of-range",
              fmt::format("environmental flow {} m3/s (month {}) is beyond any river's (at most "
                          "{:g} m3/s, the inflows' bound)",
                          r->environmental_flow_m3s[m], m + 1,
                          hydro_internal::kMaxPlausibleInflow_m3s));
  }
  double prio = 1;
  if (Number(rj, "release_priority", ptr, el, &prio)) {
    if (!ValidPriority(prio, ptr + "/release_priority/value", el)) prio = 1;
    r->release_priority = static_cast<int>(prio);
  }
  if (Number(rj, "local_inflow_mean_m3s", ptr, el, &r->local_inflow_mean_m3s) &&
      r->local_inflow_mean_m3s < 0)
    Error(ptr + "/local_inflow_mean_m3s/value", el, "negative-value",
          fmt::format("mean local inflow must be >= 0, got {} m3/s", r->local_inflow_mean_m3s));
  bool have_loss = Number(rj, "head_loss_fraction", ptr, el, &r->head_loss_fraction);
  if (have_loss && (r->head_loss_fraction < 0 || r->head_loss_fraction >= 1)) {
    have_loss = false;
    Error(ptr + "/head_loss_fraction/value", el, "out-of-range",
          fmt::format("head loss fraction must be in [0, 1), got {}", r->head_loss_fraction));
  }

  if (rj.contains("published_energy_gwh_per_y")) {  // optional: a figure to compare with
    double gwh = 0;
    if (Number(rj, "published_energy_gwh_per_y", ptr, el, &gwh)) {
      if (gwh < 0)
        Error(ptr + "/published_energy_gwh_per_y/value", el, "negative-value",
              fmt::format("published energy must be >= 0 GWh/y, got {}", gwh));
      else if (gwh > 0 && gwh * 3.6e12 < hydro_internal::kMinPublishedEnergy_J)
        Error(ptr + "/published_energy_gwh_per_y/value", el, "out-of-range",
              fmt::format("published energy {} GWh/y is below any plant's (0 for none, or at "
                          "least 0.001 GWh/y)",
                          gwh));
      r->published_energy_J = gwh * 3.6e12;
      const json& pj = rj.at("published_energy_gwh_per_y");
      if (pj.contains("source") && pj.at("source").is_string())
        AsOneLine(&(r->published_energy_source = pj.at("source").get<std::string>()));
      // The note is printed as the report's own line: a string, its control characters
      // (a newline, a tab) as spaces. Another type is refused (42 was dropped unsaid).
      // (Another type is refused as every parameter's note is.)
      if (pj.contains("note") && pj.at("note").is_string()) {
        r->published_energy_note = pj.at("note").get<std::string>();
        AsOneLine(&r->published_energy_note);
      }
    }
  }
  std::string tp = ptr + "/tailwater";
  bool have_bed = false;
  if (!rj.contains("tailwater")) {
    Error(ptr, el, "missing-key", "missing key 'tailwater'");
  } else if (RequireObject(rj.at("tailwater"), tp, el, "'tailwater'")) {
    const json& tj = rj.at("tailwater");
    CheckKeys(tj, tp, el, {"bed_m", "a", "b"});
    have_bed = Number(tj, "bed_m", tp, el, &r->tailwater_bed_m);
    if (have_bed && std::abs(r->tailwater_bed_m) > kMaxLevel_m) {
      Error(tp + "/bed_m/value", el, "implausible-value",
            fmt::format("tailwater bed {} m is no river's level (|level| <= {:g} m, above sea "
                        "level or a local datum)",
                        r->tailwater_bed_m, kMaxLevel_m));
      have_bed = false;
    }
    if (Number(tj, "a", tp, el, &r->tailwater_a) && r->tailwater_a < 0)
      Error(tp + "/a/value", el, "negative-value", "rating coefficient a must be >= 0");
    if (Number(tj, "b", tp, el, &r->tailwater_b) && !(r->tailwater_b > 0 && r->tailwater_b <= 2))
      Error(tp + "/b/value", el, "out-of-range", "rating exponent b must be in (0, 2]");
    // The water never stands above the full level (it spills), so a bed at or above that
    // level leaves the plant without head on every day: compared with the top of the
    // table, a bed 1.5 m above Giz Galasi's full level ran to 0 GWh and "OK".
    if (have_bed && r->tailwater_bed_m >= full_level) {
      have_bed = false;
      Error(tp + "/bed_m/value", el, "tailwater-above-dam",
            fmt::format("tailwater bed {} m is not below the full level {} m (the level at the "
                        "full volume): the plant would never have a head",
                        r->tailwater_bed_m, full_level));
    }
  }

  if (!rj.contains("units") || !rj.at("units").is_array()) {
    Error(rj.contains("units") ? ptr + "/units" : ptr, el,
          rj.contains("units") ? "wrong-type" : "missing-key",
          fmt::format("'units' must be an array (may be empty), got {}",
                      GotMember(rj, "units")));
  } else {
    const json& us = rj.at("units");
    // The largest net head there can be: the full level over the bare river bed, less the
    // losses. A unit that needs more never runs; that may be meant (a unit for a higher
    // future level), so it is a warning.
    const bool have_max_head = have_bed && have_loss && std::isfinite(full_level);
    const double max_head = (1.0 - r->head_loss_fraction) * (full_level - r->tailwater_bed_m);
    const std::size_t errors_before_units = diag_->error_count();
    for (std::size_t k = 0; k < us.size(); ++k) {
      HydroUnit u;
      const std::string up = ptr + "/units/" + std::to_string(k);
      const std::size_t errors = diag_->error_count();
      ReadUnit(us[k], up, r->id, &u);
      if (have_max_head && diag_->error_count() == errors && u.min_head_m > max_head)
        Warn(up + "/min_head_m/value", MemberName("unit", u.id, up, r->id), "min-head-unreachable",
             fmt::format("minimum head {} m exceeds the largest net head {:.2f} m (full level "
                         "{} m over the tailwater bed {} m, less {:g}% losses): the unit can "
                         "never run",
                         u.min_head_m, max_head, full_level, r->tailwater_bed_m,
                         100 * r->head_loss_fraction));
      r->units.push_back(u);
    }
    if (diag_->error_count() == errors_before_units) units_read_.insert(r->id);
  }
  if (!rj.contains("withdrawals") || !rj.at("withdrawals").is_array()) {
    Error(rj.contains("withdrawals") ? ptr + "/withdrawals" : ptr, el,
          rj.contains("withdrawals") ? "wrong-type" : "missing-key",
          fmt::format("'withdrawals' must be an array (may be empty), got {}",
                      GotMember(rj, "withdrawals")));
  } else {
    const json& ws = rj.at("withdrawals");
    for (std::size_t k = 0; k < ws.size(); ++k) {
      HydroWithdrawal w;
      ReadWithdrawal(ws[k], ptr + "/withdrawals/" + std::to_string(k), r->id, &w);
      r->withdrawals.push_back(w);
    }
  }
  return has_id;
}

void CaseReader::ReadUnit(const json& uj, const std::string& ptr, const std::string& res,
                          HydroUnit* u) {
  if (!RequireObject(uj, ptr, fmt::format("reservoir '{}'", res), "a unit")) return;
  const std::string unnamed = MemberName("unit", "", ptr, res);
  if (String(uj, "id", ptr, unnamed, &u->id) && uj.contains("id") && u->id.empty())
    Error(ptr + "/id", unnamed, "empty-id", "unit id is empty");
  const std::string el = MemberName("unit", u->id, ptr, res);
  CheckId(u->id, ptr + "/id", el);  // (named as its other findings are)
  CheckKeys(
      uj, ptr, el,
      {"id", "country", "max_power_mw", "max_flow_m3s", "efficiency", "min_head_m", "status"});
  if (String(uj, "country", ptr, el, &u->country))
    CheckName(u->country, ptr + "/country", el, "country");
  if (const json* st = Param(uj, "status", ptr, el)) {
    std::string p = ptr + "/status/value";
    if (!st->is_string() ||
        (st->get<std::string>() != "operating" && st->get<std::string>() != "built" &&
         st->get<std::string>() != "planned")) {
      Error(p, el, "unit-status",
            fmt::format("status must be \"operating\", \"built\" or \"planned\", got {}",
                        io::GotValue(*st)));
    } else {
      u->status = st->get<std::string>();
    }
  }
  double mw = 0;
  if (Number(uj, "max_power_mw", ptr, el, &mw) && !(mw > 0))
    Error(ptr + "/max_power_mw/value", el, "positive",
          fmt::format("rated power must be > 0 MW, got {}", mw));
  u->max_power_W = mw * 1e6;
  if (Number(uj, "max_flow_m3s", ptr, el, &u->max_flow_m3s) && !(u->max_flow_m3s > 0))
    Error(ptr + "/max_flow_m3s/value", el, "positive",
          fmt::format("turbine flow limit must be > 0 m3/s, got {}", u->max_flow_m3s));
  if (Number(uj, "efficiency", ptr, el, &u->efficiency) &&
      !(u->efficiency > 0 && u->efficiency <= 1))
    Error(ptr + "/efficiency/value", el, "out-of-range",
          fmt::format("efficiency must be in (0, 1], got {}", u->efficiency));
  if (Number(uj, "min_head_m", ptr, el, &u->min_head_m) && u->min_head_m < 0)
    Error(ptr + "/min_head_m/value", el, "negative-value",
          fmt::format("minimum head must be >= 0 m, got {}", u->min_head_m));
}

void CaseReader::ReadWithdrawal(const json& wj, const std::string& ptr, const std::string& res,
                                HydroWithdrawal* w) {
  if (!RequireObject(wj, ptr, fmt::format("reservoir '{}'", res), "a withdrawal")) return;
  const std::string unnamed = MemberName("withdrawal", "", ptr, res);
  if (String(wj, "id", ptr, unnamed, &w->id) && wj.contains("id") && w->id.empty())
    Error(ptr + "/id", unnamed, "empty-id", "withdrawal id is empty");
  const std::string el = MemberName("withdrawal", w->id, ptr, res);
  CheckId(w->id, ptr + "/id", el);
  CheckKeys(wj, ptr, el, {"id", "country", "priority", "annual_mcm", "monthly_share"});
  if (String(wj, "country", ptr, el, &w->country))
    CheckName(w->country, ptr + "/country", el, "country");
  double prio = 2;
  if (Number(wj, "priority", ptr, el, &prio)) {
    if (!ValidPriority(prio, ptr + "/priority/value", el)) prio = 2;
    w->priority = static_cast<int>(prio);
  }
  double mcm = 0;
  if (Number(wj, "annual_mcm", ptr, el, &mcm) && mcm < 0)
    Error(ptr + "/annual_mcm/value", el, "negative-volume",
          fmt::format("annual demand must be >= 0 mcm, got {}", mcm));
  w->annual_volume_m3 = mcm * 1e6;
  if (Monthly(wj, "monthly_share", ptr, el, &w->monthly_share)) {
    double sum = 0;
    for (int m = 0; m < 12; ++m) {
      sum += w->monthly_share[m];
      if (w->monthly_share[m] < 0)
        Error(ptr + "/monthly_share/value/" + std::to_string(m), el, "negative-value",
              fmt::format("monthly share must be >= 0, got {} (month {})", w->monthly_share[m],
                          m + 1));
    }
    if (std::abs(sum - 1.0) > 1e-6)
      Error(ptr + "/monthly_share/value", el, "shares-sum",
            fmt::format("monthly shares must sum to 1, got {:.6f}", sum));
  }
}

// Spreadsheets and some editors start UTF-8 files with a byte-order mark. It is not part
// of the first cell (nor of the JSON text for JsonLocator); it holds no newline, so lines
// keep their numbers once it is dropped.
bool HasUtf8Bom(const std::string& text) { return text.compare(0, 3, "\xEF\xBB\xBF") == 0; }

// A case file nests five levels or so; nlohmann's DOM recurses once per level, so absurd
// nesting is refused while parsing.
constexpr int kMaxCaseDepth = 64;


std::string Trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

// One whole decimal number, finite, independent of the global locale (strtod is not).
bool StrictDouble(const std::string& s, double* out) { return io::ParseFiniteDouble(s, out); }

}  // namespace

namespace {

// The parsers proper; the public ones below hand the result over only when it is clean.
Status ParseHydroCaseInto(const std::string& text, const std::string& file, HydroCase* out,
                          Diagnostics* diag) {
  out->file = file;
  // nlohmann skips a byte-order mark itself; JsonLocator would not.
  const bool bom = HasUtf8Bom(text);
  const std::string stripped = bom ? text.substr(3) : std::string();
  const std::string& body = bom ? stripped : text;
  // A file in UTF-16 or UTF-32, and a case's XML file, are said once as what they are, as
  // the other readers say them (both read "malformed JSON").
  if (io::StartsUtf16(text)) {
    diag->Error(file, 1, "case", "bad-utf8", io::WideRefusal(text));
    return Status::ParseError(fmt::format("{}: not UTF-8", Printable(file)));
  }
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {  // (it read "malformed JSON")
    diag->Error(file, 1, "case", "empty-file", "the file is empty: a hydro case is a JSON object");
    return Status::ParseError(fmt::format("{}: empty file", Printable(file)));
  }
  if (body[first] == '<') {
    diag->Error(file, io::LineOfOffset(body, first), "case", "wrong-file-kind",
                fmt::format("this is {}, not a hydro case (corridor JSON, \"format\": "
                            "\"corridor-hydro-case\"); nothing else of it is read",
                            io::XmlKindWords(body)));
    return Status::ParseError(fmt::format("{}: not a hydro case", Printable(file)));
  }
  json root;
  // A number beyond a double's range (1e400) ended the read, listed with the others like it
  // and nothing else. Each is said at its value, and the read goes on past them, each
  // written as null of its length (lines kept), so that the file's other problems are
  // listed too.
  const std::string* doc = nullptr;
  std::string patched;
  std::vector<io::NumberFault> faults;
  const auto parser =
      io::ParsePastNumbersOutOfRange(body, &root, &patched, &faults, &doc, kMaxCaseDepth);
  io::PositionedDomParser<json>& sax = *parser;
  if (sax.too_deep) {
    // (Numbers out of range found before the depth stopped the read are said too.)
    for (const io::NumberFault& f : faults)
      diag->Error(file, io::LineOfOffset(body, f.offset), "case", "not-finite", f.message);
    diag->Error(file, io::LineOfOffset(body, io::FirstTooDeep(body, kMaxCaseDepth)), "case",
                "json-syntax",
                fmt::format("JSON nested deeper than {} levels; a case file needs about 5",
                            kMaxCaseDepth));
    return Status::ParseError(fmt::format("{}: JSON nested too deeply", Printable(file)));
  }
  if (sax.failed) {
    for (const io::NumberFault& f : faults)
      diag->Error(file, io::LineOfOffset(body, f.offset), "case", "not-finite", f.message);
    if (doc == &body && !faults.empty())  // (more than listed: the read ends)
      return Status::ParseError(fmt::format(
          "{}: {} error(s) in the hydro case ({} beyond a double; read no further)",
          Printable(file), faults.size(), faults.size() == 1 ? "a number" : "numbers"));
    diag->Error(file, io::LineOfOffset(*doc, sax.ErrorOffsetIn(*doc)), "case", "json-syntax",
                "malformed JSON: " + sax.error_message);
    return Status::ParseError(fmt::format("{}: not valid JSON", Printable(file)));
  }
  const JsonLocator lines(*doc);
  std::size_t before = diag->error_count();
  sax.ReportDuplicateKeys(file, lines, diag);  // a key with two values is an error
  CaseReader reader(file, lines, diag);
  {
    std::map<std::string, std::string> at;
    std::vector<bool> placed(faults.size(), false);
    for (const auto& [pointer, k] : io::FaultPointers(root, lines, faults)) {
      at.emplace(pointer, faults[k].message);
      placed[k] = true;
    }
    for (std::size_t k = 0; k < faults.size(); ++k)  // (under a key given again)
      if (!placed[k])
        diag->Error(file, io::LineOfOffset(body, faults[k].offset), "case", "not-finite",
                    faults[k].message);
    reader.SetFaults(std::move(at));
  }
  reader.Read(root, out);
  reader.SayFaults();
  std::size_t errors = diag->error_count() - before;
  if (errors > 0)
    return Status::InvalidInput(
        fmt::format("{}: {} error(s) in the hydro case", Printable(file), errors));
  return Status::Ok();
}

}  // namespace

Status ParseHydroCase(const std::string& text, const std::string& file, HydroCase* out,
                      Diagnostics* diag) {
  return file_internal::GuardedRead("ParseHydroCase", file, out, diag, [&] {
    HydroCase result;
    Status s = ParseHydroCaseInto(text, file, &result, diag);
    if (s.ok()) *out = std::move(result);
    return s;
  });
}

Status ReadHydroCase(const std::string& path, HydroCase* out, Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadHydroCase", path, &text, out, diag); !s.ok())
    return s;
  return ParseHydroCase(text, path, out, diag);
}

namespace {

Status ParseHydroInflowInto(const std::string& text, const std::string& file,
                            const HydroCase& hydro_case, HydroInflow* out, Diagnostics* diag) {
  out->file = file;
  std::size_t before = diag->error_count();
  std::istringstream in(io::UnixLineEnds(HasUtf8Bom(text) ? text.substr(3) : text));
  std::string raw;
  int line_no = 0;
  bool have_header = false;
  std::vector<int> column_of;  // CSV column -> index into out->reservoir_ids (-1 = skip)
  std::vector<std::string> column_name;  // the header's text per column, for messages
  std::vector<int> month_line(12, 0);
  // Months of rows refused before their month was read (a malformed line, a wrong count of
  // values): not missing as well, where the row's first field names one ("1,\"57,27,0"
  // read malformed-line and then missing-month 1).
  std::vector<bool> month_refused(12, false);
  const auto refuse_month = [&](const std::string& row) {
    std::string first = row.substr(0, row.find(','));
    std::erase(first, '"');
    double m = 0;
    if (StrictDouble(first, &m) && m >= 1 && m <= 12 && m == std::floor(m))
      month_refused[static_cast<std::size_t>(m) - 1] = true;
  };
  std::vector<std::vector<double>> monthly;
  int expected_day = 1;
  int day_rows = 0;  // the days given, counted by row (a day out of sequence moved the count)
  int first_beyond_line = 0;  // of the first day beyond hydro_internal::kMaxInflowYears
  // Rows refused since the last day read (malformed, the wrong number of cells, no whole
  // day): the next day may be up to that many ahead without a day-sequence error of its own,
  // those rows counted as its days before it (one bad row read as every later day out of
  // sequence, or a stray note line as one day too many).
  int skipped = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    // (RFC 4180 fields, as the controls file: "month" and "86.2" in quotes are read as
    // written, a quoted "172,91" is one field, refused as a decimal comma.)
    std::vector<std::string> cells;
    std::string why;
    if (!io::SplitCsvRecord(line, &cells, &why)) {
      diag->Error(file, line_no, have_header ? "row" : "header", "malformed-line", why);
      if (!have_header)
        return Status::InvalidInput(fmt::format("{}: bad inflow header", Printable(file)));
      refuse_month(line);
      ++skipped;
      continue;
    }
    if (!have_header) {
      have_header = true;
      // ASCII only: ::tolower is undefined for the negative chars of UTF-8 bytes.
      const std::string first = io::AsciiLower(cells[0]);
      if (first == "month") {
        out->kind = HydroInflow::Kind::kMonthly;
      } else if (first == "day") {
        out->kind = HydroInflow::Kind::kDaily;
      } else {
        diag->Error(file, line_no, "header", "inflow-header",
                    fmt::format("first column must be 'month' (12 rows, 1..12) or 'day' "
                                "(1..N), got '{}'",
                                io::ShownShort(cells[0])));
        return Status::InvalidInput(fmt::format("{}: bad inflow header", Printable(file)));
      }
      column_of.assign(cells.size(), -1);
      column_name.assign(cells.begin(), cells.end());
      for (std::size_t c = 1; c < cells.size(); ++c) {
        bool known = false;
        for (const auto& r : hydro_case.reservoirs) known = known || r.id == cells[c];
        if (!known) {
          std::string ids;
          for (const auto& r : hydro_case.reservoirs) ids += (ids.empty() ? "" : ", ") + r.id;
          diag->Error(file, line_no, fmt::format("column '{}'", io::ShownShort(cells[c])),
                      "unknown-reservoir",
                      fmt::format("column {} names no reservoir of the case (known: {})", c + 1,
                                  ids));
          continue;
        }
        if (std::find(out->reservoir_ids.begin(), out->reservoir_ids.end(), cells[c]) !=
            out->reservoir_ids.end()) {
          diag->Error(file, line_no, fmt::format("column '{}'", cells[c]), "duplicate-column",
                      "reservoir appears twice in the header");
          continue;
        }
        column_of[c] = static_cast<int>(out->reservoir_ids.size());
        out->reservoir_ids.push_back(cells[c]);
      }
      out->values.assign(out->reservoir_ids.size(), {});
      if (out->kind == HydroInflow::Kind::kMonthly)
        for (auto& v : out->values) v.assign(12, 0.0);
      for (const auto& r : hydro_case.reservoirs)
        if (std::find(out->reservoir_ids.begin(), out->reservoir_ids.end(), r.id) ==
            out->reservoir_ids.end())
          diag->Warning(file, line_no, fmt::format("reservoir '{}'", r.id), "no-column",
                        "no column for this reservoir: its local inflow is zero");
      continue;
    }
    if (cells.size() != column_of.size()) {
      diag->Error(file, line_no, "row", "column-count",
                  fmt::format("expected {} values as in the header, got {}", column_of.size(),
                              cells.size()));
      refuse_month(line);
      ++skipped;
      continue;
    }
    double key = 0;
    int index = -1;
    // A row whose month or day is wrong keeps nothing, but its values are checked all the
    // same (a bad month hid the bad inflows beside it until it was mended).
    bool keep = true;
    if (!StrictDouble(cells[0], &key) || key != std::floor(key)) {
      diag->Error(
          file, line_no,
          fmt::format("column '{}'", out->kind == HydroInflow::Kind::kMonthly ? "month" : "day"),
          "not-an-integer", fmt::format("'{}' is not an integer", io::ShownShort(cells[0])));
      keep = false;
      ++skipped;
    } else if (out->kind == HydroInflow::Kind::kMonthly) {
      if (key < 1 || key > 12) {
        diag->Error(file, line_no, "column 'month'", "month-range",
                    fmt::format("month must be 1..12, got {}", cells[0]));
        keep = false;
      } else if (index = static_cast<int>(key) - 1; month_line[index] != 0) {
        diag->Error(file, line_no, fmt::format("month {}", index + 1), "duplicate-month",
                    fmt::format("month {} already given on line {}", index + 1, month_line[index]));
        keep = false;
      } else {
        month_line[index] = line_no;
      }
    } else {
      if (key > expected_day && key <= expected_day + skipped) {
        // The rows refused just before were its days before it.
        day_rows += static_cast<int>(key) - expected_day;
        expected_day = static_cast<int>(key);
      } else if (key != expected_day) {
        diag->Error(file, line_no, "column 'day'", "day-sequence",
                    fmt::format("days must run 1, 2, 3, ... without gaps: expected {}, got {}",
                                expected_day, cells[0]));
        // Go on from the day given, unless it is beyond any daily series (casting such a
        // value to int would be undefined), and not back before the days already seen: a
        // series from day 0, or two rows swapped, flagged the right rows after them too.
        if (key >= 0 && key <= 365.0 * 10000)
          expected_day = std::max(expected_day - 1, static_cast<int>(key));
      }
      ++expected_day;
      ++day_rows;
      skipped = 0;
      // (Rows refused just before a day move the count by more than one.)
      if (first_beyond_line == 0 && day_rows > 365 * hydro_internal::kMaxInflowYears)
        first_beyond_line = line_no;
    }
    for (std::size_t c = 1; c < cells.size(); ++c) {
      double v = 0;
      // (A column the header names no reservoir of is named by the header too: it read
      // "column '4'" after "column 'giz_galasi # c'" was refused.)
      std::string el = c < column_of.size() && column_of[c] >= 0
                           ? fmt::format("column '{}'", out->reservoir_ids[column_of[c]])
                       : c < column_name.size()
                           ? fmt::format("column '{}'", io::ShownShort(column_name[c]))
                           : fmt::format("column {}", c + 1);
      if (!StrictDouble(cells[c], &v)) {
        // (A number beyond a double's range, 1e400, inf or nan, is said so, as the other
        // readers say it; it read "'1e400' is not a number".)
        const std::string_view range = io::NotFiniteDoubleWhy(cells[c]);
        const bool number = std::string_view(io::NumberRule(cells[c])) == "not-finite";
        diag->Error(file, line_no, el, number ? "not-finite" : "not-a-number",
                    number ? fmt::format("inflow (m3/s) '{}' {}", io::ShownShort(cells[c]), range)
                           : fmt::format("inflow '{}' is not a number (m3/s)",
                                         io::ShownShort(cells[c])));
        v = 0;
      } else if (v < 0) {
        diag->Error(file, line_no, el, "negative-value",
                    fmt::format("inflow must be >= 0 m3/s, got {}", v));
      } else if (v > kMaxPlausibleInflow_m3s) {
        // An absurd value (1e308) overflowed the water balance to inf and the run "worked".
        diag->Error(file, line_no, el, "implausible-value",
                    fmt::format("inflow {} m3/s exceeds {} m3/s (more than the Amazon's mean "
                                "discharge): not a river inflow",
                                v, kMaxPlausibleInflow_m3s));
      }
      if (column_of[c] < 0 || !keep) continue;
      if (out->kind == HydroInflow::Kind::kMonthly) {
        out->values[column_of[c]][index] = v;
      } else {
        out->values[column_of[c]].push_back(v);
      }
    }
  }
  if (!have_header) {
    // (At line 1, as the controls reader says it: a 0-byte file had no line at all.)
    diag->Error(file, 1, "file", "empty-file", "no header line (month,... or day,...)");
  } else if (out->kind == HydroInflow::Kind::kMonthly) {
    std::string missing;
    for (int m = 0; m < 12; ++m)
      if (month_line[m] == 0 && !month_refused[m])
        missing += (missing.empty() ? "" : ", ") + std::to_string(m + 1);
    if (!missing.empty())
      diag->Error(file, line_no, "months", "missing-month",
                  fmt::format("monthly inflow needs all 12 months; missing: {}", missing));
  } else {
    const int days = day_rows;
    // (A gauge's series with its leap days read "got 1461 days" and no way out.)
    const int extra = days % 365, years = days / 365;
    if (days < 365 || extra != 0)
      diag->Error(
          file, line_no, "days", "whole-years",
          fmt::format("daily inflow needs a whole number of 365-day years, got {} days{}", days,
                      years >= 1 && extra <= years / 4 + 1
                          ? fmt::format(" ({} x 365 + {}: leap days? The model's years have "
                                        "365 days; drop each 29 February)",
                                        years, extra)
                          : std::string()));
    // (Said by the run alone, with neither line nor rule, once the file was read.)
    if (days > 365 * hydro_internal::kMaxInflowYears)
      diag->Error(file, first_beyond_line, "days", "too-many-years",
                  fmt::format("a daily inflow spans at most {} years ({} days), got {} days: "
                              "this is the first day beyond",
                              hydro_internal::kMaxInflowYears,
                              hydro_internal::MaxInflowDaysText(), days));
  }
  std::size_t errors = diag->error_count() - before;
  if (errors > 0)
    return Status::InvalidInput(
        fmt::format("{}: {} error(s) in the inflow file", Printable(file), errors));
  out->steps = out->kind == HydroInflow::Kind::kMonthly ? 12 : day_rows;
  return Status::Ok();
}

}  // namespace

Status ParseHydroInflow(const std::string& text, const std::string& file,
                        const HydroCase& hydro_case, HydroInflow* out, Diagnostics* diag) {
  return file_internal::GuardedRead("ParseHydroInflow", file, out, diag, [&] {
    HydroInflow result;
    Status s = ParseHydroInflowInto(text, file, hydro_case, &result, diag);
    if (s.ok()) *out = std::move(result);
    return s;
  });
}

Status ReadHydroInflow(const std::string& path, const HydroCase& hydro_case, HydroInflow* out,
                       Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadHydroInflow", path, &text, out, diag); !s.ok())
    return s;
  return ParseHydroInflow(text, path, hydro_case, out, diag);
}

}  // namespace corridor
