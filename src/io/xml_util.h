// Internal helpers shared by the GasLib readers: byte offset -> line mapping, strict
// number parsing and unit conversion to SI. Not part of the public API.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "corridor/status.h"

namespace corridor::io {

/// Maps byte offsets of a buffer to 1-based line numbers (pugixml gives offsets only).
/// The readers ask in document order, so this counts newlines forward from the last
/// answer instead of indexing every line up front: one pass over the text in all, and
/// nothing stored. A query behind the last one (an error message pointing back) counts
/// again from the start. Keeps a view of `text`, which must outlive it; not thread-safe.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text)
      : text_(text), has_cr_(text.find('\r') != std::string_view::npos) {}
  /// Lines end at "\n", "\r\n" or a lone "\r" (old Mac files put every finding on line 1).
  int LineOf(std::ptrdiff_t offset) const;
  int LineOf(const pugi::xml_node& n) const { return LineOf(n.offset_debug()); }

 private:
  std::string_view text_;
  bool has_cr_ = false;  // without any '\r', the plain count of '\n'
  mutable std::size_t at_ = 0;  // text_[0, at_) holds line_ - 1 newlines
  mutable int line_ = 1;
};

/// `s` without the white space (ASCII, as the C locale has it) at its start and end: what
/// ParseFiniteDouble and ParseInt allow around a number, and the GasLib readers around a
/// word of a closed set (a nominated node's type, a bound).
std::string_view TrimAsciiSpace(std::string_view s);

/// What is wrong with an id's white space, or "" when it has none at either end: "is only
/// white space", "has white space at its start", "... at its end", "... at its start and
/// end". Every reader of ids (GasLib .net, .scn, .cs, .cdf, corridor JSON) reports it as
/// bad-id once, with IdWhiteSpaceMessage, and hands the id on trimmed, so that one stray
/// space is one finding, not dangling-arc + unknown-node + missing-nomination.
/// Unicode spaces and invisible characters (U+00A0, U+2000 to U+200D, U+202F, U+3000,
/// U+FEFF, ...) count at the ends as ASCII white space does, named by their code points.
std::string IdWhiteSpace(std::string_view id);
/// `id` without the white space IdWhiteSpace finds at its ends (ASCII and invisible).
std::string_view TrimIdSpace(std::string_view id);
/// `s` with each invisible space of IdWhiteSpace's kind, wherever it stands, written as
/// "<U+200B>": for a message that quotes a value which should hold none (a number option's
/// "1" followed by a zero-width space read as "'1' is not a whole decimal number").
std::string MarkInvisible(std::string_view s);
/// The bad-id message for `name` (the attribute or key) holding `id`, whose white space
/// IdWhiteSpace described as `where`.
std::string IdWhiteSpaceMessage(std::string_view name, std::string_view id,
                                std::string_view where);

/// Parses a whole string as one finite decimal number: an optional single sign, digits
/// with an optional '.' and exponent, white space around allowed; '.' is the decimal
/// point whatever the locale. "1e999", "+-5", "inf", "0x10", "1,5", "abc", "", "1.5x"
/// fail and leave *out unchanged.
bool ParseFiniteDouble(std::string_view text, double* out);

/// Offset of the first character of UTF-8 text that XML 1.0 cannot hold, written or by
/// reference (a control character other than tab, line feed and carriage return; U+FFFE,
/// U+FFFF), or npos; NonXmlCharacter: its code point, or -1 (a corridor JSON text that
/// GasLib XML cannot carry: the not-xml-char warning).
std::size_t FirstNonXmlChar(std::string_view text);
long NonXmlCharacter(std::string_view text);

/// Whether `text` can be an XML comment's as it is and read back so (no "--" in it, no
/// carriage return, no '-' at its end).
bool FitsXmlComment(std::string_view text);
/// `text` made fit for an XML comment: "- -" for each "--", no carriage return, a space
/// after a last '-'.
std::string AsXmlComment(std::string_view text);
/// The comment the network writer heads its files with after the case's notices.
extern const char* const kCorridorNotice;
/// The comments the .cs and .cdf writer heads its files with after the file's notices, one
/// a line (each the text between "<!--" and "-->").
extern const std::array<const char*, 7> kCorridorCsNotice;
/// The comments before the root element of `doc`, verbatim and in order, but corridor's own
/// (kCorridorNotice, kCorridorCsNotice: a file written and read again keeps one).
std::vector<std::string> HeadComments(const pugi::xml_document& doc);
/// What corridor JSON's readers say of a notice's text (`what`, such as "\"notices\"[2]":
/// NetworkInfo::notices and the files' own): rule "bad-char", an error that keeps it out
/// (a NUL, which no text of a case holds); "not-xml-char" or "xml-comment", warnings (it
/// cannot be written as an XML comment, so the case cannot be converted to GasLib XML);
/// rule "" where it reads as it is.
struct NoticeFinding {
  std::string rule;
  bool error = false;
  std::string message;
};
NoticeFinding JudgeNotice(std::string_view text, std::string_view what);

/// Why ParseFiniteDouble refuses `text`, for a message after the value: "lies below a
/// double's range (it would read as 0)" for a number such as 1e-400, "lies beyond a
/// double's range" for 1e400, else "is not a finite number" (XML's 1e-400 read "is not a
/// finite number", which it is).
std::string_view NotFiniteDoubleWhy(std::string_view text);
/// Whether a reason NotFiniteDoubleWhy gave is its range's ("lies below/beyond a double's
/// range"): the text is a number, out of range, rather than no number at all.
inline bool IsDoubleRangeWhy(std::string_view why) { return why.rfind("lies ", 0) == 0; }
/// The rule of a value ParseFiniteDouble refuses, as every reader names it: "not-finite"
/// for a number beyond or below a double's range (1e400, 1e-400), inf or nan;
/// "not-a-number" for other text ("abc", "1,5", "").
const char* NumberRule(std::string_view text);
/// Parses a whole string as an int (white space around allowed, no '+').
bool ParseInt(std::string_view text, int* out);

/// Physical quantities that GasLib files give with a unit attribute.
enum class Quantity {
  kLength,        ///< km, m, mm
  kDiameter,      ///< mm, m (same units as length)
  kPressure,      ///< bar (absolute), barg (gauge: + 1.01325 bar)
  kPressureDiff,  ///< bar (a difference: no gauge offset)
  kTemperature,   ///< Celsius, K
  kVolumeFlow,    ///< 1000m_cube_per_hour (normal conditions) -> m^3/s
  kHeight,        ///< m, meter, or no unit (metres, inferred)
  kCalorific,     ///< MJ_per_m_cube -> J/m^3
  kDensity,       ///< kg_per_m_cube
  kMolarMass,     ///< kg_per_kmol -> kg/mol
  kSpeed,         ///< per_min -> 1/s
  kHead,          ///< kJ_per_kg -> J/kg
  kFlowRate,      ///< m_cube_per_s
  kPower,         ///< kW -> W
  kVolume,        ///< m_cube
  kTorque,        ///< kNm -> N m
  kHeatTransfer,  ///< W_per_m_square_per_K
  kDimensionless, ///< no unit attribute expected
};

/// Converts `value` given in `unit` to SI. Returns false when the unit is not one that
/// GasLib uses for this quantity; *expected then lists the accepted units.
bool ToSI(Quantity q, std::string_view unit, double value, double* si, std::string* expected);

/// The attributes given more than once on one element (<length value="-5" value="2"/>),
/// which ParseXml reports (rule duplicate-attribute). Which copy was meant is not guessed, so
/// a reader judges neither: a value rule applied to the first copy (the one pugixml's
/// attribute(name) finds) reported the same line twice, once as if that copy were the value.
/// Empty for a well-formed file, where every query is a size test.
class RepeatedAttributes {
 public:
  bool empty() const { return first_.empty(); }
  /// `a` is the first copy of an attribute its element has more than once.
  bool IsFirst(const pugi::xml_attribute& a) const {
    return !first_.empty() && a && std::find(first_.begin(), first_.end(), a) != first_.end();
  }
  /// `a` is a second or later copy (a loop over all attributes says nothing more of it).
  bool IsRepeat(const pugi::xml_attribute& a) const {
    return !repeat_.empty() && a && std::find(repeat_.begin(), repeat_.end(), a) != repeat_.end();
  }
  void Add(const pugi::xml_attribute& first, const pugi::xml_attribute& repeat) {
    if (!IsFirst(first)) first_.push_back(first);
    repeat_.push_back(repeat);
  }
  /// `a`'s value is one XML refuses (a raw '<', a bad '&': ParseXml's lt-in-attribute and
  /// bad-entity): judged by no reader's rule either, as a first copy is not (value="5&5"
  /// was bad-entity and not-a-number, one mistake said twice).
  void Refuse(const pugi::xml_attribute& a) {
    if (a && !IsFirst(a)) first_.push_back(a);
  }

 private:
  std::vector<pugi::xml_attribute> first_, repeat_;
};

/// Reading context for one file: where messages go and how to name lines.
struct XmlContext {
  std::string file;
  const LineIndex* lines = nullptr;
  Diagnostics* diag = nullptr;
  /// The attributes ParseXml found given twice (may be null: none).
  const RepeatedAttributes* repeated = nullptr;

  /// `a` is given more than once on its element (reported already): its value is not judged.
  bool Repeated(const pugi::xml_attribute& a) const {
    return repeated != nullptr && repeated->IsFirst(a);
  }
  /// `a` is a second or later copy of an attribute (reported already).
  bool RepeatCopy(const pugi::xml_attribute& a) const {
    return repeated != nullptr && repeated->IsRepeat(a);
  }

  int Line(const pugi::xml_node& n) const { return lines ? lines->LineOf(n) : 0; }
  void Error(const pugi::xml_node& n, const std::string& element, const std::string& rule,
             const std::string& message) const {
    diag->Error(file, Line(n), element, rule, message);
  }
  void Warning(const pugi::xml_node& n, const std::string& element, const std::string& rule,
               const std::string& message) const {
    diag->Warning(file, Line(n), element, rule, message);
  }
};

/// True when the C string `s` (a pugixml name or value) is `lit`. Inline, and without the
/// strlen that a string_view of `s` needs: such lookups and pugixml's strcmp were a fifth
/// of reading GasLib-4197.net.
inline bool CStrIs(const char* s, std::string_view lit) {
  for (char ch : lit)
    if (*s++ != ch) return false;
  return *s == '\0';
}

/// Equal short strings, compared inline (string_view's == calls memcmp whenever the
/// lengths match, as "flowMin" and "flowMax" do).
inline bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

/// Element name without a namespace prefix ("framework:nodes" -> "nodes").
inline std::string_view LocalName(const pugi::xml_node& n) {
  const char* name = n.name();
  const char* local = name;
  const char* p = name;
  for (; *p != '\0'; ++p)
    if (*p == ':' && local == name) local = p + 1;
  return {local, static_cast<std::size_t>(p - local)};
}

/// The first attributes of `e` with the given names, found in one pass over its
/// attributes (pugixml's attribute(name) walks them again for every name).
template <std::size_t N>
class Attributes {
 public:
  Attributes(const pugi::xml_node& e, const std::array<std::string_view, N>& names)
      : names_(names) {
    for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) {
      const char* name = a.name();
      for (std::size_t i = 0; i < N; ++i) {
        if (!found_[i] && CStrIs(name, names_[i])) {
          found_[i] = a;
          break;
        }
      }
    }
  }
  /// The attribute `name` (one of the names given), or an empty one.
  pugi::xml_attribute Get(std::string_view name) const {
    for (std::size_t i = 0; i < N; ++i)
      if (SameText(names_[i], name)) return found_[i];
    return {};
  }

 private:
  std::array<std::string_view, N> names_;
  std::array<pugi::xml_attribute, N> found_{};
};
/// First child with this local name (prefix ignored), or an empty node.
pugi::xml_node ChildByLocalName(const pugi::xml_node& n, std::string_view local);

/// Reads <tag value=".." unit=".."/> below `parent` and converts it to SI.
/// Missing child: if required, reports "missing-element"; returns false either way.
/// Bad number or unit: reports "not-a-number" or "not-finite" (NumberRule) / "unknown-unit"
/// and returns false.
/// What the element holds beyond its value is warned about and ignored: an attribute other
/// than value and unit (rule unknown-attribute), text or child elements inside it
/// (ignored-content). A value or unit given twice is ParseXml's error (duplicate-attribute).
bool ReadValue(const XmlContext& ctx, const pugi::xml_node& parent, std::string_view tag,
               Quantity q, const std::string& element, bool required, double* out);

/// Reads an already located <tag value=".." unit=".."/> element `c` and converts it to SI
/// (same rules and messages as ReadValue; `c` must not be empty). `more_attributes` are
/// further attributes the element may carry (a nomination's <flow bound="..">), which the
/// caller reads.
bool ReadValueOf(const XmlContext& ctx, const pugi::xml_node& c, Quantity q,
                 const std::string& element, double* out,
                 std::initializer_list<std::string_view> more_attributes = {});

/// Parses an XML buffer; on failure reports file:line with pugixml's description
/// ("truncated or malformed XML") and returns false. What pugixml takes but XML 1.0 calls
/// not well-formed is an error at its line too; where the document is still read (an '&'
/// that starts no reference or an undefined one: rule bad-entity; text or an element around
/// the root; an attribute given twice on an element: rule duplicate-attribute; a raw '<' in
/// an attribute value, "]]>" in text, "--" in a comment: rules lt-in-attribute,
/// cdata-end-in-text, double-hyphen-in-comment) it returns true after reporting, so that the
/// reader adds its own findings, and the caller's status follows the error count. A comment
/// or CDATA section never closed is reported on the line where it opens. With `repeated`,
/// the attributes given twice are noted there (for XmlContext::repeated).
bool ParseXml(const std::string& text, const std::string& file, pugi::xml_document* doc,
              LineIndex* lines, Diagnostics* diag, RepeatedAttributes* repeated = nullptr);
/// `*lines` keeps a view of `text`, which must outlive it: a temporary is refused.
bool ParseXml(std::string&& text, const std::string& file, pugi::xml_document* doc,
              LineIndex* lines, Diagnostics* diag,
              RepeatedAttributes* repeated = nullptr) = delete;

}  // namespace corridor::io
