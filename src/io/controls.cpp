// Reader and writer of controls files (include/corridor/controls.h, docs/controls.md).
//
// Both formats are first reduced to rows (id, mode, value and where each came from); one
// checker then applies every rule to every row, so CSV and JSON report the same problems
// with the same rule names. Settings are collected aside and handed out only when the
// whole file is clean.
#include "corridor/controls.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "corridor/file.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "core/file_internal.h"
#include "core/printable.h"
#include "core/suggest.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/text.h"
#include "io/xml_util.h"
#include "network/index.h"

namespace corridor {
namespace {

using io::AsciiLower;
using io::JsonLocator;
using io::PointerAppend;
using nlohmann::json;

constexpr std::array<ElementMode, 8> kAllModes = {
    ElementMode::kOpen,          ElementMode::kClosed,        ElementMode::kBypass,
    ElementMode::kOutletPressure, ElementMode::kInletPressure, ElementMode::kRatio,
    ElementMode::kFlow,          ElementMode::kPressureDrop};

/// The file unit of a mode's value and its accepted range (in that unit). Modes without
/// a value have unit == nullptr.
struct ValueRule {
  const char* unit = nullptr;  ///< as shown in messages; "" for dimensionless
  double to_si = 1.0;          ///< SI = file value * to_si
  double min = 0.0, max = 0.0;
  bool min_exclusive = false;  ///< pressures must be > 0, the others >= min
  const char* why = "";        ///< what the value is, or why its lower bound
  bool why_low_only = false;   ///< `why` explains the lower bound: said below it alone
};

ValueRule RuleOf(ElementMode m) {
  switch (m) {
    case ElementMode::kOutletPressure:
    case ElementMode::kInletPressure:
      // From a pressure reference's least (plausible::kMinReferencePressure_Pa, --slack's
      // 0.001 bar): a set-point of 0.0001 bar was taken where a reference of it was not.
      return {"bar", units::kBar, plausible::kMinReferencePressure_Pa / units::kBar, 1000.0,
              false, " (absolute pressure)"};
    case ElementMode::kRatio:
      return {"", 1.0, 1.0, 10.0, false, " (a compressor cannot reduce pressure)", true};
    case ElementMode::kFlow:
      return {"1000 Nm3/h", units::kThousandM3PerHour, 0.0, 1.0e6, false, ""};
    case ElementMode::kPressureDrop:
      return {"bar", units::kBar, 0.0, 1000.0, false, ""};
    case ElementMode::kOpen:
    case ElementMode::kClosed:
    case ElementMode::kBypass:
      break;
  }
  return {};
}

bool HasValue(ElementMode m) { return RuleOf(m).unit != nullptr; }

// "" when `value` (in the file's unit, written as `text`) lies in the mode's range.
std::string RangeProblem(ElementMode mode, double value, const std::string& text) {
  const ValueRule r = RuleOf(mode);
  if (r.unit == nullptr ||
      !(value > r.max || value < r.min || (r.min_exclusive && value == r.min)))
    return "";
  const std::string in_unit = *r.unit ? std::string(", in ") + r.unit : "";
  // A lower bound's reason with a value below it only: ratio 99 read "(a compressor
  // cannot reduce pressure)".
  const bool low = value < r.min || (r.min_exclusive && value == r.min);
  return fmt::format("{} must be {} {} and <= {}{}{}, got {}", ElementModeName(mode),
                     r.min_exclusive ? ">" : ">=", r.min, r.max, in_unit,
                     low || !r.why_low_only ? r.why : "", text);
}


/// A kind in words, for sentences ("control valve"); element names keep GasLib's
/// spelling ("controlValve 'CV1'") as the other readers do.
const char* KindInWords(ArcKind kind) {
  switch (kind) {
    case ArcKind::kPipe: return "pipe";
    case ArcKind::kShortPipe: return "short pipe";
    case ArcKind::kResistor: return "resistor";
    case ArcKind::kValve: return "valve";
    case ArcKind::kControlValve: return "control valve";
    case ArcKind::kCompressorStation: return "compressor station";
  }
  return "arc";
}

std::string ModeList(const std::vector<ElementMode>& modes) {
  std::string s;
  for (ElementMode m : modes) s += (s.empty() ? "" : ", ") + std::string(ElementModeName(m));
  return s;
}

bool ParseMode(const std::string& name, ElementMode* out) {
  const std::string l = AsciiLower(name);
  for (ElementMode m : kAllModes)
    if (l == ElementModeName(m)) {
      *out = m;
      return true;
    }
  // simulate --set's short spellings, taken here too (a file with "outlet" was refused
  // where --set refused "outlet_pressure").
  static constexpr std::pair<const char*, ElementMode> kShort[] = {
      {"outlet", ElementMode::kOutletPressure},
      {"inlet", ElementMode::kInletPressure},
      {"dp", ElementMode::kPressureDrop}};
  for (const auto& [short_name, m] : kShort)
    if (l == short_name) {
      *out = m;
      return true;
    }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

using io::Shown;  // user text in messages, bytes that are not printable ASCII as \xNN

/// How a value field reads.
enum class ValueKind { kAbsent, kNumber, kNotFinite, kNotNumber };

/// A decimal number, locale-independent: "inf", "nan" and values beyond a double's range
/// ("1e999") are kNotFinite, anything else that is not wholly a number kNotNumber.
ValueKind ParseNumber(std::string_view t, double* v) {
  if (t.empty()) return ValueKind::kAbsent;
  const bool plus = t.front() == '+';  // from_chars takes '-' but not '+'
  if (plus) t.remove_prefix(1);
  if (t.empty() || (plus && t.front() == '-')) return ValueKind::kNotNumber;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), *v);
  if (ptr != t.data() + t.size()) return ValueKind::kNotNumber;
  if (ec == std::errc::result_out_of_range) return ValueKind::kNotFinite;
  if (ec != std::errc()) return ValueKind::kNotNumber;
  return std::isfinite(*v) ? ValueKind::kNumber : ValueKind::kNotFinite;
}

/// One control as read from either format, with the line (and for JSON the pointer) of
/// each field so that a message points at the field at fault.
struct Row {
  std::string ptr;  ///< JSON pointer of the entry; empty for CSV
  int line = 0;     ///< line of the row / entry
  bool has_id = false, has_mode = false;
  std::string id, mode;
  int id_line = 0, mode_line = 0, value_line = 0;
  ValueKind value_kind = ValueKind::kAbsent;
  double value = 0.0;
  std::string value_text;  ///< as written, for messages
};

// Applies every rule to rows one by one; keeps the settings of clean rows.
class Checker {
 public:
  /// nodes_allowed false: the settings-only readers, which refuse node rows. network null:
  /// the file's form only (CheckControlsWithoutNetwork): an id is not looked up, and a row
  /// in mode `pressure` is taken for a node's.
  Checker(const std::string& file, const Network* network, bool nodes_allowed, Diagnostics* diag)
      : file_(file), net_(network), nodes_allowed_(nodes_allowed), diag_(diag) {}

  void Error(int line, const std::string& ptr, const std::string& element,
             const std::string& rule, const std::string& msg) {
    diag_->Error(file_, line, element, rule,
                 ptr.empty() ? msg : fmt::format("{} (at {})", msg, ptr));
  }

  void Check(const Row& row);

  /// The line a file that sets nothing is said at: the CSV's header, the JSON's "controls".
  int empty_line = 1;
  bool json = false;  ///< the file is JSON (its empty list is no header with no rows)

  /// How messages name the element with this id before its row is read: its kind and id
  /// ("controlValve 'CV01'", "source 'entry01'"); "arc 'X'" where the network has none
  /// (docs/controls.md), "element 'X'" where no network is given.
  std::string Named(const std::string& id) const {
    if (net_ == nullptr) return fmt::format("element '{}'", Shown(id));
    if (auto a = net_->FindArc(id))
      return fmt::format("{} '{}'", ArcKindName(net_->arcs[*a].kind), id);
    if (auto v = net_->FindNode(id))
      return fmt::format("{} '{}'", NodeKindName(net_->nodes[*v].kind), id);
    return fmt::format("arc '{}'", Shown(id));
  }

  std::vector<ElementSetting> settings;
  std::vector<SlackNode> slacks;

 private:
  // The network's arc and node ids, for DidYouMean: gathered at the first unknown id, the
  // first 100 unknown ids answered.
  NameHints hints_{[this](std::vector<std::string_view>* ids) {
    if (net_ == nullptr) return;
    for (const Arc& a : net_->arcs) ids->push_back(a.id);
    for (const Node& v : net_->nodes) ids->push_back(v.id);
  }};
  void CheckNode(const Row& row, const std::string& element, const std::string& id);
  void ValueWithoutMode(const Row& row, const std::string& element);

  const std::string& file_;
  const Network* net_;
  const bool nodes_allowed_;
  Diagnostics* diag_;
  std::unordered_map<std::string, int> first_line_;  ///< arc id -> line it was first set on
  std::unordered_map<std::string, int> first_node_line_;  ///< the same for node ids
};

void Checker::Check(const Row& given) {
  const std::size_t errors_before = diag_->error_count();
  const Arc* arc = nullptr;
  std::string element = "arc (no id)";
  const std::string id_ptr = given.ptr.empty() ? "" : given.ptr + "/id";
  // White space at an id's ends, the invisible kinds too (a no-break space before entry01
  // read as an unknown arc, then "mode 'pressure' sets a node's pressure" of a node):
  // bad-id once, as the case readers say it, and the row read with the id as meant.
  Row row = given;
  if (const std::string where = io::IdWhiteSpace(row.id); row.has_id && !where.empty()) {
    Error(row.id_line, id_ptr, fmt::format("element '{}'", Shown(row.id)), "bad-id",
          io::IdWhiteSpaceMessage("id", row.id, where));
    row.id = std::string(io::TrimIdSpace(row.id));
    if (row.id.empty()) return;  // (no id left: "the id is empty" said it twice)
  }
  if (row.has_id) {
    if (row.id.empty()) {
      Error(row.id_line, id_ptr, element, "empty-id", "the id is empty");
    } else if (net_ == nullptr) {
      if (row.has_mode && AsciiLower(row.mode) == "pressure") {
        CheckNode(row, fmt::format("node '{}'", Shown(row.id)), row.id);
        return;
      }
      element = fmt::format("element '{}'", Shown(row.id));
    } else if (auto pnode = row.has_mode && AsciiLower(row.mode) == "pressure"
                                ? net_->FindNode(row.id)
                                : std::nullopt) {
      // Only a node takes a pressure: where an arc has the node's id too, the row is the
      // node's (it was refused as the arc's, though --slack took the node).
      const Node& n = net_->nodes[*pnode];
      CheckNode(row, fmt::format("{} '{}'", NodeKindName(n.kind), n.id), n.id);
      return;
    } else if (auto idx = net_->FindArc(row.id)) {
      arc = &net_->arcs[*idx];
      element = fmt::format("{} '{}'", ArcKindName(arc->kind), arc->id);
    } else if (auto node = net_->FindNode(row.id)) {
      const Node& n = net_->nodes[*node];
      CheckNode(row, fmt::format("{} '{}'", NodeKindName(n.kind), n.id), n.id);
      return;
    } else {
      // (None of the network's: "arc 'X'", or "node 'X'" on a pressure row, which only a
      // node takes: the row's value is then checked as a node's, with no second error
      // saying that mode 'pressure' is a node's.)
      const bool node_row = row.has_mode && AsciiLower(row.mode) == "pressure";
      element = node_row ? fmt::format("node '{}'", Shown(row.id)) : Named(row.id);
      // (Suggestions for the first unknown ids only: each is a pass over every id of the
      // network, and a file of thousands is another network's, not a typo.)
      Error(row.id_line, id_ptr, element, "unknown-id",
            "no arc or node of the network has this id" + hints_.For(row.id));
      if (node_row) {
        const std::size_t kept = slacks.size();
        CheckNode(row, element, row.id);
        slacks.resize(kept);  // (no node to take it)
        return;
      }
    }
    if (!row.id.empty()) {
      auto [it, fresh] = first_line_.emplace(row.id, row.line);
      if (!fresh)
        Error(row.id_line, id_ptr, element, "duplicate-id",
              fmt::format("set twice: already set on line {}", it->second));
    }
  }
  std::vector<ElementMode> allowed;
  if (arc) {
    allowed = ElementModesOf(arc->kind);
    if (allowed.empty())
      Error(row.id_line, id_ptr, element, "no-controls",
            fmt::format("a {} has no controls; only valves, control valves and compressor "
                        "stations have",
                        KindInWords(arc->kind)));
  }
  ElementMode mode = ElementMode::kOpen;
  bool mode_ok = false;
  if (row.has_mode) {
    const std::string mode_ptr = row.ptr.empty() ? "" : row.ptr + "/mode";
    const std::string takes =
        arc && !allowed.empty()
            ? fmt::format("a {} takes {}", KindInWords(arc->kind), ModeList(allowed))
            : fmt::format("modes are {}", ModeList({kAllModes.begin(), kAllModes.end()}));
    if (AsciiLower(row.mode) == "pressure") {
      Error(row.mode_line, mode_ptr, element, "mode-not-allowed",
            fmt::format("mode 'pressure' sets a node's pressure (a pressure reference); {}",
                        takes));
    } else if (!ParseMode(row.mode, &mode)) {
      Error(row.mode_line, mode_ptr, element, "unknown-mode",
            fmt::format("unknown mode '{}'; {}", Shown(row.mode), takes));
    } else if (arc && !allowed.empty() &&
               std::find(allowed.begin(), allowed.end(), mode) == allowed.end()) {
      Error(row.mode_line, mode_ptr, element, "mode-not-allowed",
            fmt::format("no mode '{}' here; {}", ElementModeName(mode), takes));
      mode_ok = true;  // the value can still be checked against the mode's own rule
    } else {
      mode_ok = true;
    }
  }
  double si = 0.0;
  if (mode_ok) {
    const std::string value_ptr = row.ptr.empty() ? "" : row.ptr + "/value";
    const char* name = ElementModeName(mode);
    const ValueRule r = RuleOf(mode);
    if (!HasValue(mode)) {
      if (row.value_kind != ValueKind::kAbsent)
        Error(row.value_line, value_ptr, element, "unexpected-value",
              fmt::format("mode '{}' takes no value, got '{}' (leave the value empty)", name,
                          Shown(row.value_text)));
    } else if (row.value_kind == ValueKind::kAbsent) {
      Error(row.value_line, value_ptr, element, "missing-value",
            fmt::format("mode '{}' needs a value ({})", name, *r.unit ? r.unit : "p_out/p_in"));
    } else if (row.value_kind == ValueKind::kNotNumber) {
      Error(row.value_line, value_ptr, element, "not-a-number",
            fmt::format("value '{}' of mode '{}' is not a number", Shown(row.value_text), name));
    } else if (row.value_kind == ValueKind::kNotFinite) {
      Error(row.value_line, value_ptr, element, "not-finite",
            fmt::format("value '{}' of mode '{}' is not a finite number within a double's range",
                        Shown(row.value_text), name));
    } else if (std::string problem = RangeProblem(mode, row.value, row.value_text);
               !problem.empty()) {
      Error(row.value_line, value_ptr, element, "out-of-range", problem);
    } else {
      si = row.value * r.to_si;
    }
  } else {
    // No mode to judge the value by; one that is no number, or out of a double's range, is
    // said all the same (in JSON, where the read went on past it, it was said nowhere; a
    // mode refused hid "abc" until the mode was mended).
    ValueWithoutMode(row, element);
  }
  if (diag_->error_count() == errors_before && row.has_id && row.has_mode)
    settings.push_back({row.id, mode, si});
}

// A row's value where its mode is refused: what it is wrong as any number is said.
void Checker::ValueWithoutMode(const Row& row, const std::string& element) {
  const std::string value_ptr = row.ptr.empty() ? "" : row.ptr + "/value";
  if (row.value_kind == ValueKind::kNotFinite)
    Error(row.value_line, value_ptr, element, "not-finite",
          fmt::format("value '{}' is not a finite number within a double's range",
                      Shown(row.value_text)));
  else if (row.value_kind == ValueKind::kNotNumber)
    Error(row.value_line, value_ptr, element, "not-a-number",
          fmt::format("value '{}' is not a number", Shown(row.value_text)));
}

// A node row: `NODE,pressure,BAR` makes the node a pressure reference (slack) at that
// absolute pressure; nodes take no other mode.
void Checker::CheckNode(const Row& row, const std::string& element, const std::string& id) {
  const std::size_t errors_before = diag_->error_count();
  const std::string id_ptr = row.ptr.empty() ? "" : row.ptr + "/id";
  const std::string mode_ptr = row.ptr.empty() ? "" : row.ptr + "/mode";
  const std::string value_ptr = row.ptr.empty() ? "" : row.ptr + "/value";
  // Nodes and arcs may share an id: a node's row is a duplicate of the node's alone.
  auto [it, fresh] = first_node_line_.emplace(row.id, row.line);
  if (!fresh)
    Error(row.id_line, id_ptr, element, "duplicate-id",
          fmt::format("set twice: already set on line {}", it->second));
  // Refused rather than dropped, each at its line (the rest of the row is not checked).
  if (!nodes_allowed_) {
    Error(row.id_line, id_ptr, element, "no-node-controls",
          "this reader takes element settings only; node pressures need the ControlsFile "
          "overload");
    return;
  }
  if (!row.has_mode) return;
  if (AsciiLower(row.mode) != "pressure") {
    Error(row.mode_line, mode_ptr, element, "mode-not-allowed",
          fmt::format("no mode '{}' here; a node takes pressure (bar absolute: a pressure "
                      "reference)",
                      Shown(row.mode)));
    ValueWithoutMode(row, element);
    return;
  }
  if (row.value_kind == ValueKind::kAbsent) {
    Error(row.value_line, value_ptr, element, "missing-value",
          "mode 'pressure' needs a value (bar)");
  } else if (row.value_kind == ValueKind::kNotNumber) {
    Error(row.value_line, value_ptr, element, "not-a-number",
          fmt::format("value '{}' of mode 'pressure' is not a number", Shown(row.value_text)));
  } else if (row.value_kind == ValueKind::kNotFinite) {
    Error(row.value_line, value_ptr, element, "not-finite",
          fmt::format("value '{}' of mode 'pressure' is not a finite number within a "
                      "double's range",
                      Shown(row.value_text)));
  } else if (const double p = row.value * units::kBar;
             !(p >= plausible::kMinReferencePressure_Pa) || p > plausible::kMaxPressure_Pa) {
    // The solver's range of a reference (SteadyOptions::Validate): below 1 mbar the file
    // was read and the run refused it in Pa, without the file's line.
    Error(row.value_line, value_ptr, element, "out-of-range",
          fmt::format("pressure must be >= {:g} and <= {:g}, in bar (absolute pressure), got {}",
                      plausible::kMinReferencePressure_Pa / units::kBar,
                      plausible::kMaxPressure_Pa / units::kBar, row.value_text));
  }
  if (diag_->error_count() == errors_before) slacks.push_back({id, row.value * units::kBar});
}

// ---- CSV --------------------------------------------------------------------------------

/// Reads CSV rows into the checker; the first line with content must be the header.
/// False (reported) when there is no such line.
bool ReadCsv(const std::string& text, Checker* check) {
  int line_no = 0;
  bool have_header = false;
  std::vector<std::string> cells;
  std::string why;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view raw(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const bool split = io::SplitCsvRecord(line, &cells, &why);
    if (!have_header) {
      have_header = true;
      check->empty_line = line_no;
      // A spreadsheet of another locale separates by ';' (or a tab): said once, not as a
      // bad header and a malformed line for every row (helper-288).
      for (const char sep : {';', '\t'}) {
        std::string lowered = AsciiLower(std::string(line));
        lowered.erase(std::remove(lowered.begin(), lowered.end(), ' '), lowered.end());
        if (lowered == fmt::format("id{}mode{}value", sep, sep)) {
          check->Error(line_no, "", "header", "bad-header",
                       fmt::format("the fields are separated by {}, not by commas (a "
                                   "spreadsheet saved in a locale that writes decimal commas?): "
                                   "the file is id,mode,value with '.' in numbers",
                                   sep == ';' ? "';'" : "tabs"));
          return true;
        }
      }
      if (!split || cells.size() != 3 || AsciiLower(cells[0]) != "id" ||
          AsciiLower(cells[1]) != "mode" || AsciiLower(cells[2]) != "value")
        check->Error(line_no, "", "header", "bad-header",
                     fmt::format("the first line must be the header 'id,mode,value', got '{}'",
                                 Shown(line)));
      continue;
    }
    // (A line whose id cannot be told is the row's: every message names an element.)
    if (!split) {
      check->Error(line_no, "", "row", "malformed-line", why);
      continue;
    }
    if (cells.size() != 3) {
      check->Error(line_no, "",
                   cells[0].empty() ? "row" : check->Named(cells[0]),
                   "malformed-line",
                   fmt::format("expected 3 fields (id,mode,value; the value may be empty), "
                               "got {}{}",
                               cells.size(),
                               // (CV,outlet,1,5: a decimal comma, the number split in two.)
                               cells.size() == 4 && !cells[2].empty() && !cells[3].empty() &&
                                       std::all_of(cells[3].begin(), cells[3].end(),
                                                   [](char ch) { return ch >= '0' && ch <= '9'; })
                                   ? fmt::format(" ('{},{}': a decimal comma? write {}.{})",
                                                 Shown(cells[2]), Shown(cells[3]),
                                                 Shown(cells[2]), Shown(cells[3]))
                                   : std::string()));
      continue;
    }
    Row row;
    row.line = row.id_line = row.mode_line = row.value_line = line_no;
    row.has_id = row.has_mode = true;
    row.id = cells[0];
    row.mode = cells[1];
    row.value_text = cells[2];
    row.value_kind = ParseNumber(cells[2], &row.value);
    check->Check(row);
  }
  if (!have_header)
    check->Error(1, "", "file", "empty-file",
                 "the file is empty: no header 'id,mode,value' (only blank or # lines) and no "
                 "JSON object");
  return have_header;
}

// ---- JSON -------------------------------------------------------------------------------

/// Reads the JSON document into the checker. False on a syntax error (reported).
bool ReadJson(const std::string& text, const std::string& file, Checker* check,
              Diagnostics* diag) {
  json parsed;
  // A number beyond a double's range ("1e999") is its own rule, at its own line, each, and
  // the read goes on past it (io::ParsePastNumbersOutOfRange: written as null of its
  // length), so that the file's other problems are listed too: it stopped there. A
  // control's value so written is said by the control's own check, with its element and
  // mode, as the CSV's "1e999" is; any other is said here, and its null is not judged.
  const std::string* doc = nullptr;
  std::string patched;
  std::vector<io::NumberFault> faults;
  const auto parser = io::ParsePastNumbersOutOfRange(text, &parsed, &patched, &faults, &doc);
  io::PositionedDomParser<json>& sax = *parser;
  auto say_fault = [&](const io::NumberFault& f) {
    diag->Error(file, io::LineOfOffset(text, f.offset), "controls", "not-finite", f.message);
  };
  if (sax.failed) {
    for (const io::NumberFault& f : faults) say_fault(f);
    if (doc == &text && !faults.empty()) return false;  // (more than listed: no further)
    diag->Error(file, io::LineOfOffset(*doc, sax.ErrorOffsetIn(*doc)), "controls",
                "json-syntax", "malformed JSON: " + sax.error_message);
    return false;
  }
  const json& root = parsed;
  const JsonLocator lines(*doc);
  // Another of corridor's files is said as such, with what reads it, and nothing more of it
  // is read (a hydro case gave a flood of unknown keys), as the case and hydro readers do:
  // before its numbers and keys are judged (its 1e999 and repeated keys were said first).
  if (const auto f = root.find("format"); f != root.end() && f->is_string())
    if (std::string other = io::OtherCorridorFile(f->get_ref<const std::string&>(),
                                                  "corridor-controls");
        !other.empty()) {
      check->Error(lines.Line("/format"), "/format", "controls", "wrong-file-kind", other);
      return true;
    }
  std::map<std::string, std::size_t> faulted;  // the pointer of each fault's null
  for (const auto& [pointer, k] : io::FaultPointers(root, lines, faults)) faulted[pointer] = k;
  // A control's value held back for its control's check: said here where no check said it
  // (a "controls" that is no array, a row its check leaves before its value).
  std::vector<std::pair<std::string, std::size_t>> held;  // pointer, fault
  const std::size_t items_before = diag->items().size();
  const auto say_held = [&] {
    const auto& items = diag->items();
    for (const auto& [pointer, k] : held) {
      const std::string at = " (at " + pointer + ")";  // as the check's messages end
      if (std::none_of(items.begin() + std::min(items_before, items.size()), items.end(),
                       [&](const Diagnostic& d) { return d.message.ends_with(at); }))
        check->Error(io::LineOfOffset(text, faults[k].offset), pointer, "controls",
                     "not-finite", faults[k].message);
    }
  };
  {
    std::vector<const std::string*> at(faults.size(), nullptr);  // in the file's order
    for (const auto& [pointer, k] : faulted) at[k] = &pointer;
    for (std::size_t k = 0; k < faults.size(); ++k) {
      if (at[k] == nullptr) {  // (under a key given again)
        say_fault(faults[k]);
        continue;
      }
      const std::string& pointer = *at[k];
      const std::string_view p(pointer), head("/controls/"), tail("/value");
      const bool value = p.size() > head.size() + tail.size() &&
                         p.substr(0, head.size()) == head &&
                         p.substr(p.size() - tail.size()) == tail &&
                         std::all_of(p.begin() + head.size(), p.end() - tail.size(),
                                     [](char ch) { return ch >= '0' && ch <= '9'; });
      if (value)  // (a control's value is said with its control)
        held.emplace_back(pointer, k);
      else
        check->Error(io::LineOfOffset(text, faults[k].offset), pointer, "controls",
                     "not-finite", faults[k].message);
    }
  }
  const auto said = [&](const std::string& ptr, const json& v) {
    return v.is_null() && faulted.count(ptr) > 0;
  };
  sax.ReportDuplicateKeys(file, lines, diag);
  auto err = [&](const std::string& ptr, const std::string& element, const std::string& rule,
                 const std::string& msg) {
    check->Error(lines.Line(ptr), ptr.empty() ? "/" : ptr, element, rule, msg);
  };
  // Detection guarantees an object at the root: the first character is '{'.
  for (auto it = root.begin(); it != root.end(); ++it)
    if (it.key() != "format" && it.key() != "version" && it.key() != "controls")
      err(PointerAppend("", it.key()), "controls", "unknown-key",
          fmt::format("unknown key '{}'; allowed here: format, version, controls", it.key()));
  const bool has_format = root.contains("format"), has_version = root.contains("version");
  if ((!has_format || root.at("format") != "corridor-controls") &&
      !(has_format && said("/format", root.at("format"))))
    // (Absent: missing-key, as the other readers of corridor's JSON files say it.)
    err(has_format ? "/format" : "", "controls", has_format ? "format" : "missing-key",
        fmt::format("\"format\" must be \"corridor-controls\", got {}",
                    has_format ? io::ShownValue(root.at("format")) : "nothing"));
  if ((!has_version || !root.at("version").is_number_integer() || root.at("version") != 1) &&
      !(has_version && said("/version", root.at("version"))))
    err(has_version ? "/version" : "", "controls", has_version ? "version" : "missing-key",
        fmt::format("\"version\" must be 1, got {}",
                    has_version ? io::ShownValue(root.at("version")) : "nothing"));
  if (!root.contains("controls")) {
    err("", "controls", "missing-key", "missing key 'controls' (an array of controls)");
    return true;
  }
  const json& list = root.at("controls");
  if (!list.is_array()) {
    if (!said("/controls", list))
      err("/controls", "controls", "wrong-type",
          fmt::format("'controls' must be an array, got {}", io::GotValue(list)));
    say_held();
    return true;
  }
  check->empty_line = lines.Line("/controls");
  check->json = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& c = list[i];
    Row row;
    row.ptr = "/controls/" + std::to_string(i);
    row.line = lines.Line(row.ptr);
    const std::string entry = fmt::format("controls[{}]", i);
    if (!c.is_object()) {
      if (!said(row.ptr, c))
        err(row.ptr, entry, "wrong-type",
            fmt::format("a control must be an object {{\"id\", \"mode\", \"value\"}}, got {}",
                        io::GotValue(c)));
      continue;
    }
    const std::string named = c.contains("id") && c.at("id").is_string()
                                  ? check->Named(c.at("id").get<std::string>())
                                  : entry;
    for (auto it = c.begin(); it != c.end(); ++it)
      if (it.key() != "id" && it.key() != "mode" && it.key() != "value")
        err(PointerAppend(row.ptr, it.key()), named, "unknown-key",
            fmt::format("unknown key '{}'; allowed here: id, mode, value", it.key()));
    auto text_field = [&](const char* key, bool* has, std::string* out, int* line) {
      const std::string p = PointerAppend(row.ptr, key);
      *line = lines.Line(p);
      if (!c.contains(key)) {
        err(row.ptr, named, "missing-key", fmt::format("missing key '{}'", key));
      } else if (!c.at(key).is_string()) {
        if (!said(p, c.at(key)))
          err(p, named, "wrong-type",
              fmt::format("'{}' must be a string, got {}", key, io::GotValue(c.at(key))));
      } else {
        *has = true;
        *out = c.at(key).get<std::string>();
      }
    };
    text_field("id", &row.has_id, &row.id, &row.id_line);
    text_field("mode", &row.has_mode, &row.mode, &row.mode_line);
    row.value_line = lines.Line(row.ptr + "/value");
    // An absent value and null both mean "no value"; a number out of range is the CSV's.
    if (const auto f = faulted.find(row.ptr + "/value");
        f != faulted.end() && c.contains("value") && c.at("value").is_null()) {
      row.value_text = io::NumberAt(text, faults[f->second].offset);
      row.value_kind = ValueKind::kNotFinite;
    } else if (c.contains("value") && !c.at("value").is_null()) {
      const json& v = c.at("value");
      row.value_text = io::ShownValue(v);
      if (!v.is_number()) {
        row.value_kind = ValueKind::kNotNumber;
      } else {
        row.value = v.get<double>();
        row.value_kind = std::isfinite(row.value) ? ValueKind::kNumber : ValueKind::kNotFinite;
      }
    }
    check->Check(row);
  }
  say_held();
  return true;
}

// ---- writing ------------------------------------------------------------------------------

std::string CsvField(const std::string& s) {
  const bool quote = s.empty() || s.find_first_of(",\"\r\n") != std::string::npos ||
                     s.front() == ' ' || s.front() == '\t' || s.front() == '#' ||
                     s.back() == ' ' || s.back() == '\t';
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// The file value of `si`: the fewest significant digits that read back (x * to_si) to
/// `si` exactly, so that 360 stays "360" and not "359.99999999999994". Some doubles are
/// x * to_si for no x at all (the product rounds); they get the nearest quotient.
std::string FileValue(double si, double to_si) {
  for (int digits = 1; digits <= 17; ++digits) {
    // Rounded to `digits` significant digits, then printed shortest ("360", not "3.6e+02").
    double x = 0.0;
    if (ParseNumber(fmt::format("{:.{}e}", si / to_si, digits - 1), &x) == ValueKind::kNumber &&
        x * to_si == si)
      return fmt::format("{}", x);
  }
  return fmt::format("{}", si / to_si);
}

}  // namespace

double InFileUnits(double si, double to_si) {
  double x = si / to_si;
  if (std::isfinite(si)) ParseNumber(FileValue(si, to_si), &x);
  return x;
}

namespace {

Status ReadControlsText(const std::string& text, const std::string& path,
                        const Network* network, bool nodes_allowed, ControlsFile* out,
                        Diagnostics* diag) {
  const std::size_t errors_before = diag->error_count();
  // A UTF-8 byte order mark (spreadsheets write one) is not content.
  std::string body = text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text;
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  Checker check(path, network, nodes_allowed, diag);
  if (io::StartsUtf16(body)) {
    // Read as bytes, its NULs made every row a finding about ids shown as \x00C\x00S...
    diag->Error(path, 1, "", "bad-utf8", io::WideRefusal(body));
    return Status::ParseError(fmt::format("{}: not UTF-8", Printable(path)));
  }
  if (first != std::string::npos && body[first] == '<') {
    // XML, a case's file given as the controls: once, naming what it is (a .scn gave one
    // bad-header and a malformed-line error per line of XML, a .net 130).
    std::size_t at = first;
    for (;;) {  // past the declaration, comments and a DOCTYPE, to the root's start tag
      const std::string_view rest(body.data() + at, body.size() - at);
      const std::size_t end = rest.rfind("<!--", 0) == 0 ? rest.find("-->")
                              : rest.rfind("<?", 0) == 0 || rest.rfind("<!", 0) == 0
                                  ? rest.find('>')
                                  : std::string_view::npos;
      if (end == std::string_view::npos) break;
      const std::size_t next = body.find('<', at + end);
      if (next == std::string::npos) break;
      at = next;
    }
    std::size_t stop = at + 1;
    while (stop < body.size() && (std::isalnum(static_cast<unsigned char>(body[stop])) ||
                                  body[stop] == '_' || body[stop] == ':' || body[stop] == '-'))
      ++stop;
    const std::string root = body.substr(at + 1, stop - at - 1);
    const std::string local = root.substr(root.find(':') == std::string::npos
                                              ? 0
                                              : root.find(':') + 1);
    const char* kind = local == "network"              ? "a GasLib network (.net)"
                       : local == "boundaryValue"      ? "a GasLib nomination (.scn)"
                       : local == "compressorStations" ? "GasLib compressor-station data (.cs)"
                       : local == "combinedDecisions"  ? "GasLib combined decisions (.cdf)"
                                                       : "an XML file";
    const int line = io::LineIndex(body).LineOf(static_cast<std::ptrdiff_t>(at));
    diag->Error(path, line, "", "wrong-file-kind",
                fmt::format("this is {} (<{}>), not a controls file (CSV id,mode,value or JSON, "
                            "docs/controls.md): a case's files are given as the command's file "
                            "arguments",
                            kind, Printable(root)));
    return Status::InvalidInput(
        fmt::format("{}: not a controls file", Printable(path)));
  }
  if (first != std::string::npos && body[first] == '{') {
    if (!ReadJson(body, path, &check, diag))
      return Status::ParseError(fmt::format("{}: not valid JSON", Printable(path)));
  } else if (!ReadCsv(io::UnixLineEnds(body), &check)) {
    return Status::ParseError(fmt::format("{}: empty controls file", Printable(path)));
  }
  const std::size_t n = diag->error_count() - errors_before;
  if (n > 0)
    return Status::InvalidInput(
        fmt::format("{}: {} error{} in the controls file", Printable(path), n, n == 1 ? "" : "s"));
  // A header alone (or "controls": []) was read without a word: every element kept its
  // default where a user had meant rows that were never saved.
  if (check.settings.empty() && check.slacks.empty())
    diag->Warning(path, check.empty_line, "controls", "sets-nothing",
                  fmt::format("the file sets nothing ({}): every element keeps its default",
                              check.json ? "its \"controls\" list is empty"
                                         : "no rows after its header"));
  out->settings = std::move(check.settings);
  out->slacks = std::move(check.slacks);
  return Status::Ok();
}

}  // namespace

Status ReadControlsFromString(const std::string& text, const std::string& path,
                              const Network& network, ControlsFile* out, Diagnostics* diag) {
  if (IndexLooksStale(network)) return StaleIndex("ReadControls");
  return file_internal::GuardedRead("ReadControlsFromString", path, out, diag, [&] {
    return ReadControlsText(text, path, &network, /*nodes_allowed=*/true, out, diag);
  });
}

Status ReadControlsFromString(const std::string& text, const std::string& path,
                              const Network& network, std::vector<ElementSetting>* out,
                              Diagnostics* diag) {
  if (IndexLooksStale(network)) return StaleIndex("ReadControls");
  return file_internal::GuardedRead("ReadControlsFromString", path, out, diag, [&] {
    ControlsFile f;
    Status s = ReadControlsText(text, path, &network, /*nodes_allowed=*/false, &f, diag);
    if (s.ok()) *out = std::move(f.settings);
    return s;
  });
}

Status ReadControls(const std::string& path, const Network& network, ControlsFile* out,
                    Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadControls", path, &text, out, diag); !s.ok())
    return s;
  return ReadControlsFromString(text, path, network, out, diag);
}

Status ReadControls(const std::string& path, const Network& network,
                    std::vector<ElementSetting>* out, Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("ReadControls", path, &text, out, diag); !s.ok())
    return s;
  return ReadControlsFromString(text, path, network, out, diag);
}

Status CheckControlsWithoutNetwork(const std::string& path, Diagnostics* diag) {
  std::string text;
  if (Status s = file_internal::ReadFileFor("CheckControlsWithoutNetwork",
                                            path, &text, &text, diag);
      !s.ok())
    return s;
  ControlsFile unused;
  Status s = file_internal::GuardedRead("CheckControlsWithoutNetwork", path, &unused, diag, [&] {
    return ReadControlsText(text, path, nullptr, /*nodes_allowed=*/true, &unused, diag);
  });
  if (s.code() != Status::Code::kParseError)
    diag->Note(path, 0, "controls", "not-checked",
               "checked without a network: whether each id names an element of the network, "
               "and whether its kind takes the mode, is checked once the case loads");
  return s;
}

std::string SettingValueProblem(ElementMode mode, double value) {
  if (std::string_view(ElementModeName(mode)) == "unknown")
    return fmt::format("mode {} is not one of the library's", static_cast<int>(mode));
  // NaN compares false with either end of a range: it passed as in range.
  if (HasValue(mode) && !std::isfinite(value))
    return fmt::format("{} must be a finite number, got {}", ElementModeName(mode), value);
  // (Shortest digits that read back: "{:g}" said "ratio must be >= 1 ..., got 1" for
  // 0.99999999.)
  return RangeProblem(mode, value, fmt::format("{}", value));
}

std::string SettingText(const ElementSetting& s) {
  const ValueRule r = RuleOf(s.mode);
  if (!r.unit) return ElementModeName(s.mode);
  return fmt::format("{} {}{}{}", ElementModeName(s.mode), FileValue(s.value, r.to_si),
                     *r.unit ? " " : "", r.unit);
}

std::string ControlsToCsv(const std::vector<ElementSetting>& settings) {
  std::string out = "id,mode,value\n";
  for (const ElementSetting& s : settings) {
    const ValueRule r = RuleOf(s.mode);
    out += fmt::format("{},{},{}\n", CsvField(s.arc_id), ElementModeName(s.mode),
                       r.unit ? FileValue(s.value, r.to_si) : "");
  }
  return out;
}

std::string ControlsFileToCsv(const ControlsFile& file,
                              const std::vector<std::string>& comments) {
  std::string out;
  for (const std::string& c : comments) {
    std::size_t at = 0;
    do {
      const std::size_t end = c.find('\n', at);
      out += "# " + c.substr(at, end == std::string::npos ? end : end - at) + "\n";
      at = end == std::string::npos ? end : end + 1;
    } while (at != std::string::npos);
  }
  out += ControlsToCsv(file.settings);
  for (const SlackNode& n : file.slacks)
    out += fmt::format("{},pressure,{}\n", CsvField(n.node_id),
                       FileValue(n.pressure_Pa, units::kBar));
  return out;
}

}  // namespace corridor
