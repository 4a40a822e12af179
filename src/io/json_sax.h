// A SAX front end for nlohmann::json that keeps where the text goes wrong.
//
// json::parse throws out_of_range 406 (not a parse_error, and without a position) for a
// number that overflows a double such as 1e999; the readers must never throw. This front
// end builds the same DOM as json::parse (the last of a repeated key's values kept),
// records the byte position, token and id of the first error, and can refuse documents
// nested deeper than a limit (SAX events carry no position: use FirstTooDeep for the line).
//
// It builds the DOM itself rather than through nlohmann's json_sax_dom_parser: that one
// files each key with the object's operator[], which for ordered_json (ordered_map, a
// vector) searches every key before it, and an object of 80 000 keys took 23 s to read.
// Here a new key is appended, and a repeated one found through the key index that the
// duplicate-key check keeps anyway.
//
// It also refuses a document of more than kMaxValues values (failed, too_many): the DOM
// costs 16 bytes and more per value, and nlohmann's destructor flattens an array into a
// vector of its size, which when memory has run out throws from the destructor, and a
// throwing destructor terminates the program. Bounding the values bounds both.
//
// Usage:
//   json root;
//   io::PositionedDomParser<json> sax(&root);
//   json::sax_parse(text, &sax);
//   if (sax.failed) ... io::LineOfOffset(text, sax.ErrorOffset()) ...
//   sax.ReportDuplicateKeys(path, io::JsonLocator(text), diag);
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "corridor/status.h"
#include "io/json_locate.h"
#include "io/text.h"

namespace corridor::io {

/// Offset of the first bracket nested deeper than `max_depth` in JSON text, or npos; the
/// brackets inside strings are skipped.
inline std::size_t FirstTooDeep(const std::string& t, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string::npos;
}

/// Offset of the n-th value (1-based: scalars, arrays and objects, in the order a parser
/// meets them) of JSON text that parsed up to it, or npos; keys are not values.
inline std::size_t NthValue(const std::string& t, std::size_t n) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"') {
      const std::size_t start = i;
      for (++i; i < t.size() && t[i] != '"'; ++i)
        if (t[i] == '\\') ++i;
      std::size_t k = i + 1;
      while (k < t.size() && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n' || t[k] == '\r')) ++k;
      if ((k >= t.size() || t[k] != ':') && ++seen == n) return start;  // not a key
    } else if (c == '{' || c == '[') {
      if (++seen == n) return i;
    } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
      if (++seen == n) return i;
      while (i + 1 < t.size() && t[i + 1] != ',' && t[i + 1] != ']' && t[i + 1] != '}' &&
             t[i + 1] != ' ' && t[i + 1] != '\t' && t[i + 1] != '\n' && t[i + 1] != '\r')
        ++i;
    }
  }
  return std::string::npos;
}

/// The lines of keys of JSON text that parsed up to them, by their number (1-based, in the
/// order a parser meets them; `numbers` ascending), in one pass: a key is a string
/// followed by ':'. 0 for a number past the text's keys.
inline std::vector<int> KeyLines(const std::string& t, const std::vector<std::size_t>& numbers) {
  std::vector<int> lines(numbers.size(), 0);
  std::size_t seen = 0, next = 0;
  int line = 1;
  for (std::size_t i = 0; i < t.size() && next < numbers.size(); ++i) {
    if (t[i] == '\n') ++line;
    if (t[i] != '"') continue;
    const int start_line = line;
    for (++i; i < t.size() && t[i] != '"'; ++i)
      if (t[i] == '\\') ++i;
    std::size_t k = i + 1;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n' || t[k] == '\r')) ++k;
    if (k < t.size() && t[k] == ':') {
      ++seen;
      while (next < numbers.size() && numbers[next] == seen) lines[next++] = start_line;
    }
  }
  return lines;
}

/// Whether a number's digits before its exponent hold one that is not 0.
inline bool NonzeroMantissa(std::string_view s) {
  for (const char c : s) {
    if (c == 'e' || c == 'E') break;
    if (c >= '1' && c <= '9') return true;
  }
  return false;
}

/// A number token for a message: nlohmann hands over the whole token, which may be any
/// length.
inline std::string ShortToken(const std::string& t) {
  return t.size() <= 40 ? t : t.substr(0, 30) + "... (" + std::to_string(t.size()) + " characters)";
}

/// The keys of a document given twice with different values (the pointer of each and its
/// duplicate-key message, in document order), for readers that say each where they meet it,
/// at the element, and hand neither value on (as XML's duplicate attribute, judged by
/// neither copy: the last value was judged too, a negative-value beside the duplicate-key).
/// What no reader met is said at the end of the read.
struct KeyConflicts {
  std::vector<std::pair<std::string, std::string>> items;
  std::vector<bool> said;
  /// The line of each item's last repeated key, 0 where unknown: a pointer inside a value
  /// that a repeated key replaced leads a locator to the last value, not to this one.
  std::vector<int> lines;
  /// Each item's rule: "duplicate-key", or "not-finite" for a number out of a double's range
  /// that the read went on past (WithNumbersAsNull), whose value no reader takes either.
  std::vector<std::string> rules;
  const std::string& Rule(std::size_t k) const {
    static const std::string kDuplicate = "duplicate-key";
    return k < rules.size() ? rules[k] : kDuplicate;
  }
  /// The index of the first conflict at `pointer`, or -1. (By a map of the items, kept up
  /// with those added since: a scan of them on every member read made 5 486 numbers of
  /// 1e999 in GasLib-4197 take 5.9 s to check.)
  int Find(const std::string& pointer) const {
    for (; indexed_ < items.size(); ++indexed_)
      index_.emplace(items[indexed_].first, static_cast<int>(indexed_));
    const auto it = index_.find(pointer);
    return it == index_.end() ? -1 : it->second;
  }

 private:
  mutable std::unordered_map<std::string, int> index_;
  mutable std::size_t indexed_ = 0;
};

template <class Json>
class PositionedDomParser {
 public:
  /// At most this many values (scalars, arrays and objects) in a document: 140 times the
  /// largest real input (GasLib-4197 with its nomination and stations as corridor JSON
  /// holds about 118 000), and a DOM of a few hundred MB at most.
  static constexpr std::size_t kMaxValues = std::size_t{1} << 24;

  /// Nesting deeper than this is refused (failed, too_deep): no corridor input nests more
  /// than about ten levels, and 100 000 levels made nlohmann's recursive dump() of a value
  /// for a message overflow the stack.
  static constexpr int kMaxDepth = 512;

  /// max_depth 0: no limit.
  explicit PositionedDomParser(Json* root, int max_depth = kMaxDepth,
                               std::size_t max_values = kMaxValues)
      : root_(root),
        max_depth_(max_depth),
        max_values_(max_values) {}
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;
  using binary_t = typename Json::binary_t;

  bool null() { return Value() && Put(nullptr); }
  bool boolean(bool v) { return Value() && Put(v); }
  bool number_integer(number_integer_t v) {
    ++numbers_;
    return Value() && Put(v);
  }
  bool number_unsigned(number_unsigned_t v) {
    ++numbers_;
    return Value() && Put(v);
  }
  bool number_float(number_float_t v, const string_t& s) {
    ++numbers_;
    // A number below a double's range (1e-400) reads as 0 in nlohmann, silently; the
    // files' rule (ParseFiniteDouble: the CSV and XML readers) refuses it, and so does this
    // one, as nlohmann refuses one above the range (error 406, Overflow()).
    if (v == 0.0 && NonzeroMantissa(s)) {
      failed = true;
      error_id = 406;
      below_range = true;
      error_token = s;
      error_position = text_ != nullptr ? NumberOffset(*text_, numbers_) + 1 : 0;
      error_message = "number " + s + " lies below a double's range (it would read as 0)";
      return false;
    }
    return Value() && Put(v);
  }
  bool string(string_t& v) { return Value() && Put(v); }
  bool binary(binary_t& v) { return Value() && Put(Json::binary(v)); }
  bool start_object(std::size_t n) {
    (void)n;
    if (!Value()) return false;
    Json* at = Put(Json::value_t::object);
    Open(true, at);
    return Deeper();
  }
  bool key(string_t& v) {
    ++keys_seen_;
    Settle();  // the member before this one is complete
    const std::size_t before = Seen(v);
    std::string p;
    if (before != kNew) {
      p = Pointer();
      // Its own line, found after the parse (Parse): a locator finds a pointer's last match,
      // which for a key repeated in a value that a repeated key of an outer object replaces
      // is in that later value (a controls file's "value" given twice on line 5 was said
      // at line 10). Here the key's number.
      if (!duplicate_keys.empty() && duplicate_keys.back() == p) {  // a key given thrice: once
        duplicate_lines_.back().second = static_cast<int>(keys_seen_);
      } else if (duplicate_keys.size() < kMaxDuplicates) {
        duplicate_keys.push_back(p);
        duplicate_lines_.emplace_back(p, static_cast<int>(keys_seen_));
      }
    }
    Member(v, before);
    if (before != kNew) {
      // The value it had, to compare with the one that replaces it once that is complete.
      stash_.push_back({frames_.size() - 1, std::move(p), static_cast<int>(keys_seen_),
                        std::move(*member_), member_});
      *member_ = Json();
    }
    return true;
  }
  bool end_object() {
    Settle();
    --depth_;
    Close();
    return true;
  }
  bool start_array(std::size_t n) {
    (void)n;
    if (!Value()) return false;
    Json* at = Put(Json::value_t::array);
    Open(false, at);
    return Deeper();
  }
  bool end_array() {
    --depth_;
    Close();
    return true;
  }
  // nlohmann's message without its exception id and position: what was wrong.
  static std::string TrimmedMessage(std::string m) {
    const auto close = m.find("] ");
    if (m.rfind("[json.exception.", 0) == 0 && close != std::string::npos) m.erase(0, close + 2);
    const auto colon = m.find(": ");
    if (m.rfind("parse error at line", 0) == 0 && colon != std::string::npos)
      m.erase(0, colon + 2);
    return m;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    failed = true;
    error_position = position;
    error_token = last_token;
    error_id = ex.id;
    // nlohmann quotes the bytes it read last, raw: an invalid UTF-8 byte would reach the
    // terminal and the JSON reports. Its "[json.exception.parse_error.101] parse error at
    // line 2, column 4: " is left out: the readers give the line themselves, and it reached
    // five readers' messages (the controls file's, the hydro case's, the references').
    error_message = Shown(TrimmedMessage(ex.what()));
    return false;
  }

  /// Parses `text` into the DOM through this parser. A NUL byte anywhere is an error at its
  /// offset: nlohmann's lexer takes one for the end of the input, so a file with a NUL and
  /// anything after its document was read as valid (a controls file, a corridor case).
  void Parse(const std::string& text) {
    const std::size_t nul = text.find('\0');
    if (nul != std::string::npos || Bom16(text)) {
      failed = true;
      error_position = nul == std::string::npos ? 1 : nul + 1;
      error_token = "\\u0000";
      error_message = "a NUL byte (U+0000) at offset " + std::to_string(nul) +
                      ": a JSON text has none, and the rest of the file would be ignored";
      // A file saved as UTF-16 (its byte-order mark, or a NUL beside each ASCII character
      // from the start) was said to hold a NUL at offset 1, which reads as damage.
      if (StartsUtf32(text)) {  // (its mark begins as UTF-16's)
        error_position = 1;
        error_token.clear();
        error_message = std::string("the file is UTF-32 (a UTF-32 byte-order mark, or three "
                                    "NUL bytes beside each of its first characters): a JSON "
                                    "text is UTF-8; save it as UTF-8");
      } else if (LooksUtf16(text)) {
        error_position = 1;
        error_token.clear();
        error_message = std::string("the file is UTF-16 (") +
                        (Bom16(text) ? "it starts with UTF-16's byte-order mark"
                                     : "a NUL byte beside each of its first characters") +
                        "): a JSON text is UTF-8; save it as UTF-8";
      }
      return;
    }
    text_ = &text;
    Json::sax_parse(text, this);
    text_ = nullptr;
    // The repeated keys' numbers (key()) become their lines, in one pass over the text.
    std::vector<std::size_t> numbers;
    for (const auto& d : duplicate_lines_) numbers.push_back(static_cast<std::size_t>(d.second));
    for (const Conflict& c : conflicting_keys) numbers.push_back(static_cast<std::size_t>(c.line));
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    const std::vector<int> lines = KeyLines(text, numbers);
    auto line_of = [&](int n) {
      const auto at = std::lower_bound(numbers.begin(), numbers.end(), static_cast<std::size_t>(n));
      return at != numbers.end() && *at == static_cast<std::size_t>(n) ? lines[at - numbers.begin()]
                                                                       : 0;
    };
    for (auto& d : duplicate_lines_) d.second = line_of(d.second);
    for (Conflict& c : conflicting_keys) c.line = line_of(c.line);
    lines_known_ = true;
  }

  /// Offset of the character the error was found at (for LineOfOffset).
  std::size_t ErrorOffset() const { return error_position > 0 ? error_position - 1 : 0; }
  /// The same, and for a document nested too deep (SAX events carry no position) the first
  /// bracket below the limit in `text`, the document parsed.
  std::size_t ErrorOffsetIn(const std::string& text) const {
    if (too_many) {  // the value past the limit (it was line 1 always)
      const std::size_t at = NthValue(text, max_values_ + 1);
      return at == std::string::npos ? 0 : at;
    }
    if (!too_deep) return ErrorOffset();
    const std::size_t at = FirstTooDeep(text, max_depth_);
    return at == std::string::npos ? 0 : at;
  }
  /// The error is a number beyond a double's range (nlohmann's out_of_range 406).
  bool Overflow() const { return error_id == 406; }
  /// Where an Overflow() failure's number starts in `text`, the text parsed (nlohmann hands
  /// no number above the range to the parser, so numbers_ has not counted it).
  std::size_t NumberStart(const std::string& text) const {
    return below_range ? ErrorOffset() : NumberOffset(text, numbers_ + 1);
  }
  /// What an Overflow() failure says, the number as written (shortened): beyond a double's
  /// range, or below it.
  std::string NumberRangeMessage() const {
    return "number " + ShortToken(error_token) +
           (below_range ? " lies below a double's range (it would read as 0)"
                        : " does not fit a finite double");
  }

  bool failed = false, too_deep = false, too_many = false;
  bool below_range = false;  ///< the Overflow() is a number below a double's range
  std::size_t error_position = 0;
  std::string error_token, error_message;
  int error_id = 0;
  /// JSON pointers (RFC 6901) of members whose key appeared earlier in the same object
  /// (the DOM keeps the last value), each once, in document order, at most kMaxDuplicates.
  std::vector<std::string> duplicate_keys;
  // (50 until 2026-12-06: the 51st of 60 keys given twice with different values went
  // unsaid. The message cap, --max-messages, is the readers' Diagnostics'.)
  static constexpr std::size_t kMaxDuplicates = 100000;
  /// Of those, the keys whose values differ (XML's conflicting-child is an error too): the
  /// pointer and each value given (as JSON, shortened), in document order, at most
  /// kMaxDuplicates. A key given alike each time is in duplicate_keys only.
  struct Conflict {
    std::string pointer;
    std::vector<std::string> values;
    int line = 0;  ///< of the last repeated key, once Parse() has ended (0: unknown)
  };
  std::vector<Conflict> conflicting_keys;
  /// Each repeated key as found (duplicate_keys before a reader took any out), with the
  /// line of its last repetition (0 where Parse() did not run).
  std::vector<std::pair<std::string, int>> DuplicateKeyLines() const {
    std::vector<std::pair<std::string, int>> out = duplicate_lines_;
    if (!lines_known_)
      for (auto& d : out) d.second = 0;
    return out;
  }
  /// The readers' message for one of them (rule duplicate-key, a warning).
  static std::string DuplicateKeyMessage(const std::string& pointer) {
    return "key \"" + pointer.substr(pointer.rfind('/') + 1) +
           "\" appears more than once in its object; the last value counts";
  }
  /// Reports each of duplicate_keys to `diag`, element the pointer, at `lines.Line(pointer)`
  /// (a locator that answers, of a repeated key, the line of the last one, such as
  /// io::JsonLocator): a duplicate-key warning where each value is alike, an error naming
  /// the values where they differ (the file does not say which one it means). Without
  /// `conflicts`, the warnings only: a reader that says the errors where it meets the key
  /// (and then judges neither value) reports them itself.
  template <class Lines>
  void ReportDuplicateKeys(const std::string& file, const Lines& lines, Diagnostics* diag,
                           bool conflicts = true) const {
    std::size_t at = 0;  // in duplicate_lines_ (a reader may have taken keys out)
    for (const std::string& ptr : duplicate_keys) {
      while (at < duplicate_lines_.size() && duplicate_lines_[at].first != ptr) ++at;
      const int known = lines_known_ && at < duplicate_lines_.size() ? duplicate_lines_[at++].second
                                                                     : 0;
      const int line = known > 0 ? known : static_cast<int>(lines.Line(ptr));
      const auto c = std::find_if(conflicting_keys.begin(), conflicting_keys.end(),
                                  [&](const Conflict& x) { return x.pointer == ptr; });
      if (c == conflicting_keys.end())
        diag->Warning(file, line, ptr, "duplicate-key", DuplicateKeyMessage(ptr));
      else if (conflicts)
        diag->Error(file, line, ptr, "duplicate-key", ConflictMessage(*c));
    }
  }
  /// The conflicting keys with their messages, for a reader that says them (KeyConflicts).
  KeyConflicts Conflicts() const {
    KeyConflicts c;
    for (const Conflict& x : conflicting_keys) {
      c.items.emplace_back(x.pointer, ConflictMessage(x));
      c.lines.push_back(lines_known_ ? x.line : 0);
    }
    c.said.assign(c.items.size(), false);
    c.rules.assign(c.items.size(), "duplicate-key");
    return c;
  }
  /// The readers' message for a key given with different values (rule duplicate-key, an
  /// error): the values in document order.
  static std::string ConflictMessage(const Conflict& c) {
    std::string values;
    for (const std::string& v : c.values) values += (values.empty() ? "" : ", ") + v;
    return "key \"" + c.pointer.substr(c.pointer.rfind('/') + 1) +
           "\" appears more than once in its object with different values (" + values +
           "): give it once, with the value meant";
  }

 private:
  // An open object or array in the DOM. An object's distinct keys are keys_[key_start ..],
  // in the order of its members, keys_[current] the one whose value comes next; an array
  // counts its elements so far. One key stack for all frames: a closed object's keys are
  // dropped.
  struct Frame {
    bool object = false;
    Json* value = nullptr;  // the container in the DOM
    std::size_t elements = 0;
    std::size_t key_start = 0;
    std::size_t current = kNew;  // none yet
    // From 32 keys on, each key's member index (its place in keys_ less key_start).
    std::unique_ptr<std::unordered_map<std::string, std::size_t>> many;
  };
  static constexpr std::size_t kNew = static_cast<std::size_t>(-1);
  // A repeated key's earlier value, kept until the value that replaces it is complete.
  struct Stashed {
    std::size_t frame;  // the object's
    std::string pointer;
    int line;  // of the repeated key
    Json earlier;
    Json* slot;  // the member, in the object (not moved before Settle: see key())
  };
  std::vector<Stashed> stash_;
  // Compares the innermost object's repeated member, if its value is complete, with the
  // value it replaced; a difference goes to conflicting_keys.
  void Settle() {
    if (stash_.empty() || stash_.back().frame + 1 != frames_.size()) return;
    Stashed& st = stash_.back();
    if (st.earlier != *st.slot) {
      auto shown = [](const Json& v) {
        std::string t = Shown(v.dump(-1, ' ', false, Json::error_handler_t::replace));
        return t.size() > 40 ? t.substr(0, 37) + "..." : t;
      };
      if (!conflicting_keys.empty() && conflicting_keys.back().pointer == st.pointer) {
        conflicting_keys.back().values.push_back(shown(*st.slot));
        conflicting_keys.back().line = st.line;
      } else if (conflicting_keys.size() < kMaxDuplicates) {
        conflicting_keys.push_back({st.pointer, {shown(st.earlier), shown(*st.slot)}, st.line});
      }
    }
    stash_.pop_back();
  }
  // Records key k in the innermost object: its member index where it was there already,
  // else kNew (and k is its next member).
  std::size_t Seen(const std::string& k) {
    Frame& f = frames_.back();
    const std::size_t count = keys_.size() - f.key_start;
    std::size_t at = kNew;
    if (f.many) {
      const auto [it, added] = f.many->emplace(k, count);
      if (!added) at = it->second;
    } else {
      for (std::size_t i = 0; i < count && at == kNew; ++i)
        if (keys_[f.key_start + i] == k) at = i;
      if (at == kNew && count + 1 >= 32) {
        f.many = std::make_unique<std::unordered_map<std::string, std::size_t>>();
        for (std::size_t i = 0; i < count; ++i) f.many->emplace(keys_[f.key_start + i], i);
        f.many->emplace(k, count);
      }
    }
    if (at == kNew) {
      f.current = keys_.size();
      keys_.push_back(k);
    } else {
      f.current = f.key_start + at;
    }
    return at;
  }
  // The DOM's member for key k of the innermost object, `at` what Seen said of it: a new
  // one appended (nlohmann's ordered_map is a vector; std::map finds its place), or the
  // earlier one, whose value the next one replaces.
  void Member(const string_t& k, std::size_t at) {
    auto& obj = *frames_.back().value->template get_ptr<typename Json::object_t*>();
    if constexpr (requires { obj.emplace_back(k, Json()); }) {
      if (at == kNew) {
        obj.emplace_back(k, Json());
        member_ = &obj.back().second;
      } else {
        member_ = &(obj.begin() + static_cast<std::ptrdiff_t>(at))->second;
      }
    } else {
      member_ = &obj[k];
    }
  }
  // Stores a value where the next one goes (the root, the innermost array's next element
  // or the object member just keyed) and returns it.
  template <class V>
  Json* Put(V&& v) {
    if (frames_.empty()) {
      *root_ = Json(std::forward<V>(v));
      return root_;
    }
    Frame& f = frames_.back();
    if (!f.object) {
      auto& arr = *f.value->template get_ptr<typename Json::array_t*>();
      arr.emplace_back(std::forward<V>(v));
      return &arr.back();
    }
    *member_ = Json(std::forward<V>(v));
    return member_;
  }
  void Open(bool object, Json* value) {
    Frame& f = frames_.emplace_back();
    f.object = object;
    f.value = value;
    f.key_start = keys_.size();
  }
  void Close() {
    keys_.resize(frames_.back().key_start);
    frames_.pop_back();
  }
  // A value starts: inside an array it is the next element. False, with the document
  // marked failed, once there are more than max_values_.
  bool Value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().elements;
    if (++values_ <= max_values_) return true;
    failed = too_many = true;
    error_message = "the document holds more than " + std::to_string(max_values_) +
                    " values, far more than any corridor input";
    return false;
  }
  // The pointer of the current place (the member just keyed, or the current element).
  std::string Pointer() const {
    std::string p;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      p += '/';
      if (!f.object) {
        p += std::to_string(f.elements == 0 ? 0 : f.elements - 1);
        continue;
      }
      if (f.current == kNew) continue;  // no key yet
      p += PointerToken(keys_[f.current]);
    }
    return p;
  }
  std::vector<Frame> frames_;
  std::vector<std::string> keys_;
  bool Deeper() {
    too_deep = max_depth_ > 0 && ++depth_ > max_depth_;
    if (max_depth_ <= 0) ++depth_;
    if (too_deep && !failed) {
      failed = true;
      error_message = "the document is nested deeper than " + std::to_string(max_depth_) +
                      " levels, far more than any corridor input";
    }
    return !too_deep;
  }
  // Whether `t` starts with UTF-16's byte-order mark (FF FE or FE FF).
  static bool Bom16(const std::string& t) {
    return t.size() >= 2 &&
           ((t[0] == '\xFF' && t[1] == '\xFE') || (t[0] == '\xFE' && t[1] == '\xFF'));
  }
  // Whether `t` reads as UTF-16: its byte-order mark, or of its first (up to) 8 pairs of
  // bytes, at least 2, each one NUL and one ASCII character a JSON text begins with (tab to
  // '~'), the NUL on the same side. (One pair decided it: the bytes 00 01 02 were "UTF-16".)
  static bool LooksUtf16(const std::string& t) {
    if (Bom16(t)) return true;
    const std::size_t pairs = std::min<std::size_t>(t.size() / 2, 8);
    if (pairs < 2) return false;
    const bool low_nul = t[0] == '\0';
    for (std::size_t k = 0; k < pairs; ++k) {
      const char a = t[2 * k], b = t[2 * k + 1];
      const char other = low_nul ? b : a;
      if ((a == '\0') == (b == '\0') || (a == '\0') != low_nul || other < '\t' || other > '~')
        return false;
    }
    return true;
  }
  static bool NonzeroMantissa(const std::string& s) { return io::NonzeroMantissa(s); }
  // Offset of the n-th number (1-based) of a JSON text that parsed up to it: outside
  // strings every '-' or digit starts one, and nothing else does.
  static std::size_t NumberOffset(const std::string& text, std::size_t n) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '"') {
        for (++i; i < text.size() && text[i] != '"'; ++i)
          if (text[i] == '\\') ++i;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (++seen == n) return i;
        while (i + 1 < text.size() && (text[i + 1] == '-' || text[i + 1] == '+' ||
                                        text[i + 1] == '.' || text[i + 1] == 'e' ||
                                        text[i + 1] == 'E' ||
                                        (text[i + 1] >= '0' && text[i + 1] <= '9')))
          ++i;
      }
    }
    return 0;
  }
  const std::string* text_ = nullptr;  // the text Parse() is parsing
  std::size_t numbers_ = 0;            // numbers seen so far
  std::size_t keys_seen_ = 0;          // keys seen so far
  // Each of duplicate_keys as found, with the line of its last repetition once Parse() has
  // ended (lines_known_; before, the key's number), else none: the locator's is taken.
  std::vector<std::pair<std::string, int>> duplicate_lines_;
  bool lines_known_ = false;           // duplicate_lines_ and Conflict::line are lines
  Json* root_;
  Json* member_ = nullptr;  // the member of the innermost object just keyed
  int max_depth_ = 0;
  int depth_ = 0;
  std::size_t max_values_ = kMaxValues;
  std::size_t values_ = 0;
};

/// A number beyond or below a double's range: where it starts in the text, and what
/// PositionedDomParser::NumberRangeMessage says of it.
struct NumberFault {
  std::size_t offset = 0;
  std::string message;
};

/// For a number token of JSON's form, E where its value is 0.d... x 10^E (d not 0), held
/// within +-1e9; false where the token is not of that form or its digits are all 0.
inline bool DecimalExponent(std::string_view t, long long* e) {
  std::size_t i = t.size() > 0 && t[0] == '-' ? 1 : 0;
  long long digits_before_point = 0, first_nonzero = -1, digit = 0;
  bool point = false, any = false;
  for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') {
      if (point) return false;
      point = true;
      continue;
    }
    if (t[i] < '0' || t[i] > '9') return false;
    any = true;
    if (t[i] != '0' && first_nonzero < 0) first_nonzero = digit;
    if (!point) ++digits_before_point;
    ++digit;
  }
  if (!any || first_nonzero < 0) return false;
  long long exp = 0;
  if (i < t.size()) {
    ++i;
    bool negative = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
    if (i == t.size()) return false;
    for (; i < t.size(); ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      exp = std::min(exp * 10 + (t[i] - '0'), 1000000000LL);
    }
    if (negative) exp = -exp;
  }
  *e = digits_before_point - first_nonzero + exp;
  return true;
}

/// Where `first`, a parse of `text`, stopped at a number out of a double's range
/// (Overflow()), every such number of the text, at most `cap`, in the text's order. Empty
/// where `first` did not stop at one. One pass over the text finds those clearly out
/// (outside strings, a token of 10^309 or more, whose double is infinite, or of less than
/// 10^-324 but not 0, whose double is 0, as DecimalExponent says: no locale's strtod); each
/// is written as a finite number of the same length ("1e000",
/// offsets and lines kept) and the text parsed again, and a number the pass missed is found
/// by that parse, as the first was. (Found one parse per number, 50 at most, a file with
/// 51 was listed in part, without a word, its other problems unread.)
template <class Json>
std::vector<NumberFault> NumbersOutOfRange(const std::string& text,
                                           const PositionedDomParser<Json>& first,
                                           std::size_t cap = 100000) {
  std::vector<NumberFault> out;
  if (!first.failed || !first.Overflow() || cap == 0) return out;
  std::string work = text;
  // The token at `at` written finite; false where it cannot be (then no parse goes on).
  const auto defuse = [&](std::size_t at, std::string_view token) {
    const std::size_t sign = !token.empty() && token[0] == '-' ? 1 : 0;
    if (token.size() < sign + 3 || at > work.size() ||
        work.compare(at, token.size(), token) != 0)
      return false;
    work.replace(at + sign, token.size() - sign, "1e" + std::string(token.size() - sign - 2, '0'));
    return true;
  };
  std::string token;
  for (std::size_t i = 0; i < text.size() && out.size() < cap; ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) continue;
    std::size_t end = i + 1;
    while (end < text.size() && std::string_view("+-.eE0123456789").find(text[end]) !=
                                    std::string_view::npos)
      ++end;
    token.assign(text, i, end - i);
    long long e = 0;
    const bool known = DecimalExponent(token, &e);
    const bool above = known && e >= 310, below = known && e <= -324;
    if ((above || below) && defuse(i, token))
      out.push_back({i, "number " + ShortToken(token) +
                            (below ? " lies below a double's range (it would read as 0)"
                                   : " does not fit a finite double")});
    i = end - 1;
  }
  // Any the pass left (a number next to the range's ends), one parse each: the parser's
  // word is final.
  for (std::size_t extra = 0; out.size() < cap && extra < 50; ++extra) {
    Json root;
    PositionedDomParser<Json> again(&root);
    again.Parse(work);
    if (!again.failed || !again.Overflow()) break;
    const std::size_t at = again.NumberStart(work);
    out.push_back({at, again.NumberRangeMessage()});
    if (!defuse(at, again.error_token)) break;
  }
  std::sort(out.begin(), out.end(),
            [](const NumberFault& a, const NumberFault& b) { return a.offset < b.offset; });
  return out;
}

/// The number that starts at `offset` of `text`, as written ("1e400"), for a reader that
/// says it in its own words: a fault's (NumbersOutOfRange) token.
inline std::string_view NumberAt(std::string_view text, std::size_t offset) {
  std::size_t end = std::min(offset, text.size());
  while (end < text.size() &&
         std::string_view("+-0123456789.eE").find(text[end]) != std::string_view::npos)
    ++end;
  return text.substr(std::min(offset, text.size()), end - std::min(offset, text.size()));
}

/// `text` with each number of `faults` (NumbersOutOfRange) written as null, padded with
/// spaces to the number's length, so that offsets and lines stay and a parse can go on past
/// them; false where a number is shorter than "null" (none out of range is).
inline bool WithNumbersAsNull(std::string* text, const std::vector<NumberFault>& faults) {
  for (const NumberFault& f : faults) {
    const std::size_t end = f.offset + NumberAt(*text, f.offset).size();
    if (end - f.offset < 4) return false;
    text->replace(f.offset, end - f.offset, "null" + std::string(end - f.offset - 4, ' '));
  }
  return true;
}

/// Parses `text` into *root with a PositionedDomParser, going on past numbers out of a
/// double's range: where the parse stops at one, every such number is listed in *faults
/// (NumbersOutOfRange) and *patched, the text with each written as null (WithNumbersAsNull),
/// is parsed instead. Returns the parser of the text read and sets *doc to it (`text` or
/// *patched); where the read cannot go on (more numbers than listed), the first parser,
/// failed on the first number, with *doc = &text and *faults listed. `max_depth` as
/// PositionedDomParser's.
template <class Json>
std::unique_ptr<PositionedDomParser<Json>> ParsePastNumbersOutOfRange(
    const std::string& text, Json* root, std::string* patched, std::vector<NumberFault>* faults,
    const std::string** doc, int max_depth = PositionedDomParser<Json>::kMaxDepth) {
  auto parser = std::make_unique<PositionedDomParser<Json>>(root, max_depth);
  parser->Parse(text);
  *doc = &text;
  faults->clear();
  if (!parser->failed || !parser->Overflow()) return parser;
  *faults = NumbersOutOfRange(text, *parser);
  *patched = text;
  if (!WithNumbersAsNull(patched, *faults)) return parser;
  *root = Json();
  auto again = std::make_unique<PositionedDomParser<Json>>(root, max_depth);
  again->Parse(*patched);
  if (again->failed && again->Overflow()) {  // more than listed: the read ends
    *root = Json();
    return parser;
  }
  *doc = patched;
  return again;
}

/// The JSON pointer of each null that a number of `faults` became (WithNumbersAsNull) in
/// `root`, the document parsed from the text `where` locates in, with the fault's index;
/// a fault whose null no value holds (under a key given again) has none.
template <class Json>
std::vector<std::pair<std::string, std::size_t>> FaultPointers(
    const Json& root, const JsonLocator& where, const std::vector<NumberFault>& faults) {
  std::vector<std::pair<std::string, std::size_t>> out;
  if (faults.empty()) return out;
  // The faults by their offset (each null's was a scan of all of them).
  std::unordered_map<std::size_t, std::vector<std::size_t>> at_offset;
  for (std::size_t k = 0; k < faults.size(); ++k) at_offset[faults[k].offset].push_back(k);
  std::string pointer;
  const auto walk = [&](const auto& self, const Json& v) -> void {
    if (v.is_null()) {
      const auto it = at_offset.find(where.Offset(pointer));
      if (it == at_offset.end()) return;
      for (const std::size_t k : it->second) out.emplace_back(pointer, k);
      at_offset.erase(it);
      return;
    }
    if (!v.is_structured()) return;
    const std::size_t size = pointer.size();
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        pointer += "/" + PointerToken(it.key());
        self(self, *it);
        pointer.resize(size);
      }
    } else {
      for (std::size_t i = 0; i < v.size(); ++i) {
        pointer += "/" + std::to_string(i);
        self(self, v[i]);
        pointer.resize(size);
      }
    }
  };
  walk(walk, root);
  return out;
}

/// A JSON value for a message: a scalar as written (cut beyond 60 characters), an object or
/// an array by its kind and size, never dumped whole (dump() recurses: a value nested
/// 100 000 deep overflowed the stack while a message was built).
template <class Json>
std::string ShownValue(const Json& v) {
  if (v.is_object()) return "an object of " + std::to_string(v.size()) + " member(s)";
  if (v.is_array()) return "an array of " + std::to_string(v.size()) + " element(s)";
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  return s.size() <= 60 ? s : s.substr(0, 50) + "... (" + std::to_string(s.size()) + " characters)";
}

/// What a message says a JSON value was: "null", "an object of 2 member(s)", "a string
/// \"40 bar\"", "an integer 3", "a number 1.5", "a boolean true" (its kind said once: a
/// null read "got null null", an object "got an object an object of 2 member(s)").
template <class Json>
std::string GotValue(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_object() || v.is_array()) return ShownValue(v);
  const char* kind = v.is_string()           ? "a string"
                     : v.is_boolean()        ? "a boolean"
                     : v.is_number_integer() ? "an integer"
                                             : "a number";
  return std::string(kind) + " " + ShownValue(v);
}

/// GotValue for a value that must be a number: a number that is only out of range is shown
/// as written ("must be >= 0, got -1"), anything else with its kind.
template <class Json>
std::string GotNumber(const Json& v) {
  return v.is_number() ? ShownValue(v) : GotValue(v);
}

/// 1-based line of a byte offset; lines end at "\n", "\r\n" or a lone "\r".
inline int LineOfOffset(const std::string& text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    line += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'));
  return line;
}


}  // namespace corridor::io
