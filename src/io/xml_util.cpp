#include "io/xml_util.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "corridor/units.h"
#include "io/text.h"

namespace corridor::io {

int LineIndex::LineOf(std::ptrdiff_t offset) const {
  if (offset < 0) return 0;
  const std::size_t end = std::min(static_cast<std::size_t>(offset), text_.size());
  if (end < at_ && !has_cr_ && at_ - end < end) {
    // A step back (an element's line asked after its children's): count back, not again
    // from the start (GasLib-4197's .net read spent a fifth of its time recounting).
    int back = 0;
    for (std::size_t i = end; i < at_; ++i) back += text_[i] == '\n';
    line_ -= back;
    at_ = end;
    return line_;
  }
  if (end < at_) at_ = 0, line_ = 1;
  // A plain counting loop, which the compiler vectorizes (the lines are short: a memchr
  // call per line cost more).
  int n = 0;
  if (!has_cr_) {
    for (std::size_t i = at_; i < end; ++i) n += text_[i] == '\n';
  } else {  // a '\r' ends a line unless a '\n' follows it
    n = LineEnds(text_, at_, end);
  }
  line_ += n;
  at_ = end;
  return line_;
}

namespace {
// White space as the C locale has it: std::isspace follows the global locale, where a
// byte such as 0xA0 may count as space.
bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The Unicode spaces and invisible characters that an id may carry at an end unseen (a
// no-break space pasted from a spreadsheet, a zero-width space, a direction mark after a
// Persian name): code points, as ranges. Only at an end: joiners (U+200C/D) and marks
// belong inside names that carry them.
constexpr std::pair<unsigned, unsigned> kInvisibleSpaces[] = {
    {0x0085, 0x0085}, {0x00A0, 0x00A0}, {0x00AD, 0x00AD}, {0x034F, 0x034F},
    {0x061C, 0x061C}, {0x115F, 0x1160}, {0x1680, 0x1680}, {0x180E, 0x180E},
    {0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x2064}, {0x2066, 0x206F},
    {0x2800, 0x2800}, {0x3000, 0x3000}, {0x3164, 0x3164}, {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0}};

bool IsInvisibleSpace(unsigned c) {
  for (const auto& [lo, hi] : kInvisibleSpaces)
    if (c >= lo && c <= hi) return true;
  return false;
}

// The code point of the well-formed UTF-8 sequence s begins with, and its length (0: none).
std::pair<unsigned, std::size_t> DecodeFront(std::string_view s) {
  if (s.empty()) return {0, 0};
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned c0 = b(0);
  const std::size_t n = c0 < 0x80 ? 1 : (c0 & 0xE0) == 0xC0 ? 2 : (c0 & 0xF0) == 0xE0 ? 3
                        : (c0 & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || n > s.size()) return {0, 0};
  unsigned c = n == 1 ? c0 : c0 & (0x7F >> n);
  for (std::size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) return {0, 0};
    c = (c << 6) | (b(i) & 0x3F);
  }
  // Not an overlong form (E0 82 A0 is no U+00A0), a surrogate or beyond U+10FFFF.
  constexpr unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[n] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return {0, 0};
  return {c, n};
}

// The invisible space `s` begins (front) or ends (!front) with: its code point and length
// in bytes, or {0, 0}.
std::pair<unsigned, std::size_t> InvisibleAt(std::string_view s, bool front) {
  if (front) {
    const auto [c, n] = DecodeFront(s);
    return n > 1 && IsInvisibleSpace(c) ? std::pair{c, n} : std::pair{0u, std::size_t{0}};
  }
  // The last sequence: back over up to three continuation bytes to its lead byte.
  for (std::size_t n = 2; n <= 4 && n <= s.size(); ++n) {
    if ((static_cast<unsigned char>(s[s.size() - n + 1]) & 0xC0) != 0x80) break;
    const auto [c, len] = DecodeFront(s.substr(s.size() - n));
    if (len == n) return IsInvisibleSpace(c) ? std::pair{c, n} : std::pair{0u, std::size_t{0}};
  }
  return {0, 0};
}

// What TrimIdSpace took from one end: ASCII white space, and the code points of the
// invisible spaces (in the order met).
struct EndSpace {
  bool ascii = false;
  std::vector<unsigned> codes;
};

// Removes ASCII white space and invisible spaces from both ends; `ends` (may be null) gets
// what came off the front ([0]) and the back ([1]).
std::string_view TrimIdSpace(std::string_view s, EndSpace* ends) {
  for (bool changed = true; changed;) {
    changed = false;
    for (int end = 0; end < 2; ++end) {
      const bool front = end == 0;
      if (!s.empty() && IsAsciiSpace(front ? s.front() : s.back())) {
        front ? s.remove_prefix(1) : s.remove_suffix(1);
        if (ends != nullptr) ends[end].ascii = true;
        changed = true;
      } else if (const auto [c, n] = InvisibleAt(s, front); n > 0) {
        front ? s.remove_prefix(n) : s.remove_suffix(n);
        if (ends != nullptr) ends[end].codes.push_back(c);
        changed = true;
      }
    }
  }
  return s;
}

// "white space", "an invisible space (U+00A0, unseen in most editors)", or both.
std::string Describe(const EndSpace& e) {
  std::string kinds;
  for (unsigned c : e.codes)
    if (kinds.find(fmt::format("U+{:04X}", c)) == std::string::npos)
      kinds += fmt::format("{}U+{:04X}", kinds.empty() ? "" : ", ", c);
  const std::string invisible =
      e.codes.empty() ? std::string()
                      : fmt::format("{} ({}, unseen in most editors)",
                                    e.codes.size() == 1 ? "an invisible space" : "invisible spaces",
                                    kinds);
  if (!e.ascii) return invisible;
  return invisible.empty() ? "white space" : "white space and " + invisible;
}

}  // namespace

std::string_view TrimIdSpace(std::string_view id) { return TrimIdSpace(id, nullptr); }

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string IdWhiteSpace(std::string_view id) {
  EndSpace ends[2];
  const std::string_view trimmed = TrimIdSpace(id, ends);
  if (id.empty() || trimmed.size() == id.size()) return {};
  // (Characters no one sees are named by their code points: "N02" + U+00A0 read as a
  // dangling "N02" in three arcs, the node itself unnamed.)
  if (trimmed.empty()) {
    EndSpace all = ends[0];
    all.ascii = all.ascii || ends[1].ascii;
    all.codes.insert(all.codes.end(), ends[1].codes.begin(), ends[1].codes.end());
    return "is only " + Describe(all);
  }
  const std::string start = Describe(ends[0]), end = Describe(ends[1]);
  if (end.empty()) return "has " + start + " at its start";
  if (start.empty()) return "has " + end + " at its end";
  if (start == end) return "has " + start + " at its start and end";
  return "has " + start + " at its start and " + end + " at its end";
}

std::string MarkInvisible(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    if (const auto [c, n] = InvisibleAt(s, true); n > 0) {
      out += fmt::format("<U+{:04X}>", c);
      s.remove_prefix(n);
    } else {
      out += s.front();
      s.remove_prefix(1);
    }
  }
  return out;
}

std::string IdWhiteSpaceMessage(std::string_view name, std::string_view id,
                                std::string_view where) {
  const std::string_view trimmed = TrimIdSpace(id);
  if (trimmed.empty())
    return fmt::format("{}='{}' {}: an id needs a visible name", name, id, where);
  return fmt::format("{}='{}' {}: ids are matched as written, so '{}' elsewhere would not "
                     "match it; remove the white space",
                     name, id, where, trimmed);
}

bool ParseFiniteDouble(std::string_view text, double* out) {
  // Surrounding white space is allowed (XML attribute values may carry it).
  text = TrimAsciiSpace(text);
  // std::from_chars (locale independent) takes a '-' but no '+'. Take one sign here and
  // require a digit or '.' after it, so that "+-5", "-+5", "--5", "inf" and "nan" fail.
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || !((text.front() >= '0' && text.front() <= '9') || text.front() == '.'))
    return false;
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  if (!std::isfinite(v)) return false;
  *out = negative ? -v : v;
  return true;
}

std::string_view NotFiniteDoubleWhy(std::string_view text) {
  std::string_view t = TrimAsciiSpace(text);
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) t.remove_prefix(1);
  double v = 0.0;
  if (!t.empty() && ((t.front() >= '0' && t.front() <= '9') || t.front() == '.')) {
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec == std::errc::result_out_of_range && ptr == t.data() + t.size()) {
      const std::size_t e = t.find_first_of("eE");
      return e != std::string_view::npos && e + 1 < t.size() && t[e + 1] == '-'
                 ? "lies below a double's range (it would read as 0)"
                 : "lies beyond a double's range";
    }
  }
  return "is not a finite number";
}

const char* NumberRule(std::string_view text) {
  std::string_view t = TrimAsciiSpace(text);
  // (from_chars takes '-' only; "+-1e400" is no number, as the controls reader reads it.)
  if (!t.empty() && t.front() == '+') {
    t.remove_prefix(1);
    if (!t.empty() && t.front() == '-') return "not-a-number";
  }
  double v = 0.0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  const bool whole = !t.empty() && end == t.data() + t.size();
  const bool beyond =
      ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(v));
  return whole && beyond ? "not-finite" : "not-a-number";
}

bool ParseInt(std::string_view text, int* out) {
  text = TrimAsciiSpace(text);
  if (text.empty()) return false;
  int v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  *out = v;
  return true;
}

namespace {
struct UnitRule {
  Quantity q;
  std::string_view unit;  // a view: comparing with a const char* took a strlen each time
  double factor;
  double offset;  // si = value * factor + offset
};

constexpr UnitRule kUnits[] = {
    {Quantity::kLength, "km", units::kKm, 0.0},
    {Quantity::kLength, "m", 1.0, 0.0},
    {Quantity::kLength, "mm", units::kMm, 0.0},
    {Quantity::kDiameter, "mm", units::kMm, 0.0},
    {Quantity::kDiameter, "m", 1.0, 0.0},
    {Quantity::kPressure, "bar", units::kBar, 0.0},
    {Quantity::kPressure, "barg", units::kBar, units::kAtmosphere},
    {Quantity::kPressureDiff, "bar", units::kBar, 0.0},
    {Quantity::kTemperature, "Celsius", 1.0, units::kZeroCelsius},
    {Quantity::kTemperature, "K", 1.0, 0.0},
    {Quantity::kVolumeFlow, "1000m_cube_per_hour", units::kThousandM3PerHour, 0.0},
    {Quantity::kHeight, "m", 1.0, 0.0},
    {Quantity::kHeight, "meter", 1.0, 0.0},
    {Quantity::kHeight, "", 1.0, 0.0},
    {Quantity::kCalorific, "MJ_per_m_cube", 1.0e6, 0.0},
    {Quantity::kDensity, "kg_per_m_cube", 1.0, 0.0},
    {Quantity::kMolarMass, "kg_per_kmol", 1.0e-3, 0.0},
    {Quantity::kSpeed, "per_min", 1.0 / 60.0, 0.0},
    {Quantity::kHead, "kJ_per_kg", 1.0e3, 0.0},
    {Quantity::kFlowRate, "m_cube_per_s", 1.0, 0.0},
    {Quantity::kPower, "kW", 1.0e3, 0.0},
    {Quantity::kVolume, "m_cube", 1.0, 0.0},
    {Quantity::kTorque, "kNm", 1.0e3, 0.0},
    {Quantity::kHeatTransfer, "W_per_m_square_per_K", 1.0, 0.0},
    {Quantity::kDimensionless, "", 1.0, 0.0},
};
}  // namespace

bool ToSI(Quantity q, std::string_view unit, double value, double* si, std::string* expected) {
  for (const UnitRule& r : kUnits) {
    if (r.q == q && unit == r.unit) {
      *si = value * r.factor + r.offset;
      return true;
    }
  }
  if (expected) {  // only on failure: building it for every value cost more than the lookup
    expected->clear();
    for (const UnitRule& r : kUnits) {
      if (r.q != q) continue;
      if (!expected->empty()) *expected += ", ";
      *expected += r.unit.empty() ? std::string("no unit") : fmt::format("'{}'", r.unit);
    }
  }
  return false;
}

pugi::xml_node ChildByLocalName(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  return {};
}

bool ReadValue(const XmlContext& ctx, const pugi::xml_node& parent, std::string_view tag,
               Quantity q, const std::string& element, bool required, double* out) {
  pugi::xml_node c = ChildByLocalName(parent, tag);
  if (!c) {
    if (required)
      ctx.Error(parent, element, "missing-element",
                fmt::format("required child <{}> is missing", tag));
    return false;
  }
  return ReadValueOf(ctx, c, q, element, out);
}

namespace {

// Warns about what a value element holds beyond value and unit (and `more`): a misspelt
// or extra attribute, or a value written as text, would otherwise go unseen.
void WarnExtras(const XmlContext& ctx, const pugi::xml_node& c, const std::string& element,
                std::string_view tag, std::initializer_list<std::string_view> more) {
  for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    // A second value or unit is not well-formed XML: ParseXml reported it as an error, and
    // so a second copy of any attribute (its first is warned about, once).
    if (name == "value" || name == "unit" || ctx.RepeatCopy(a)) continue;
    if (name.substr(0, 5) == "xmlns" || name.substr(0, 4) == "xsi:" ||
        std::find(more.begin(), more.end(), name) != more.end())
      continue;
    std::string expected = "value, unit";
    for (std::string_view m : more) expected.append(", ").append(m);
    ctx.Warning(c, element, "unknown-attribute",
                fmt::format("unknown attribute {}='{}' on <{}> ignored (expected {})", name,
                            ShownShort(a.value()), tag, expected));
  }
  for (pugi::xml_node k = c.first_child(); k; k = k.next_sibling()) {
    if (k.type() == pugi::node_pcdata || k.type() == pugi::node_cdata)
      ctx.Warning(k, element, "ignored-content",
                  fmt::format("text '{}' inside <{}> ignored: the value is its 'value' "
                              "attribute",
                              ShownShort(k.value()), tag));
    else if (k.type() == pugi::node_element)
      ctx.Warning(k, element, "ignored-content",
                  fmt::format("element <{}> inside <{}> ignored: a value element holds "
                              "nothing",
                              k.name(), tag));
  }
}

// WarnExtras, and false where the value or unit is given twice. Kept out of line: inlined,
// its rare work made every ReadValueOf slower (GasLib-4197.net: 0.8 M instructions).
[[gnu::noinline, gnu::cold]] bool CheckExtras(const XmlContext& ctx, const pugi::xml_node& c,
                                               const std::string& element, std::string_view tag,
                                               std::initializer_list<std::string_view> more,
                                               const pugi::xml_attribute& va,
                                               const pugi::xml_attribute& ua) {
  WarnExtras(ctx, c, element, tag, more);
  return !ctx.Repeated(va) && !ctx.Repeated(ua);
}

}  // namespace

bool ReadValueOf(const XmlContext& ctx, const pugi::xml_node& c, Quantity q,
                 const std::string& element, double* out,
                 std::initializer_list<std::string_view> more_attributes) {
  const std::string_view tag = LocalName(c);
  pugi::xml_attribute va, ua;
  bool extras = !c.first_child().empty();  // text or elements inside
  for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
    if (!va && CStrIs(a.name(), "value")) va = a;
    else if (!ua && CStrIs(a.name(), "unit")) ua = a;
    else extras = true;
  }
  // Rare: the full check (with its messages) only where there is something to say. A value
  // or unit given twice (an extra too) was ParseXml's error: neither copy is judged, the
  // value is refused.
  if (extras && !CheckExtras(ctx, c, element, tag, more_attributes, va, ua)) return false;
  // A value or unit XML refused (a raw '<', a bad '&': said by ParseXml) is not judged
  // again (value="5&5" was also not-a-number). (A size test for a well-formed file.)
  if (ctx.repeated != nullptr && !ctx.repeated->empty() && (ctx.Repeated(va) || ctx.Repeated(ua)))
    return false;
  if (!va) {
    ctx.Error(c, element, "missing-attribute", fmt::format("<{}> has no 'value' attribute", tag));
    return false;
  }
  double v = 0.0;
  if (!ParseFiniteDouble(va.value(), &v)) {
    ctx.Error(c, element, NumberRule(va.value()),
              fmt::format("<{}> value '{}' {}", tag, va.value(),
                          NotFiniteDoubleWhy(va.value())));
    return false;
  }
  std::string expected;
  // (A unit is a word of a closed set, read without white space around as `type` and `bound`
  // are: unit=" km" was refused while type=" exit " was read.)
  if (!ToSI(q, ua ? TrimAsciiSpace(ua.value()) : std::string_view(), v, out, &expected)) {
    ctx.Error(c, element, "unknown-unit",
              ua ? fmt::format("<{}> unit '{}' is not accepted here (expected {})", tag,
                               ua.value(), expected)
                 : fmt::format("<{}> has no 'unit' attribute (expected {})", tag, expected));
    return false;
  }
  // 1e308 bar is a double, 1e313 Pa is not; nor is 1e308 m in mm, the unit a writer may
  // choose: the value must be a double in every unit of its quantity. No factor is below
  // 1e-3 and no offset above 1e6, so below 1e300 (every real value) nothing can overflow.
  // At the other end, a nonzero value must not vanish in SI (4.9e-324 mm of roughness read
  // as 0 m: a smooth pipe) nor in another unit of its quantity (1e-320 Pa is 1e-325 bar,
  // which no file can hold); above 1e-290 (every real value) nothing can.
  const double magnitude = std::abs(*out);
  if (magnitude < 1e300 && (magnitude > 1e-290 || v == 0.0)) return true;
  if (magnitude < 1e300) {
    // A unit with an offset lands on 0 exactly, and rightly (-1.01325 barg, -273.15 Celsius).
    if (*out == 0.0)
      for (const UnitRule& r : kUnits)
        if (r.q == q && r.unit == (ua ? ua.value() : "") && r.offset != 0.0) return true;
    for (const UnitRule& r : kUnits) {
      if (r.q != q || r.offset != 0.0) continue;  // (an offset rounds, it does not vanish)
      if (*out / r.factor == 0.0 || *out == 0.0) {
        ctx.Error(c, element, "not-finite",
                  fmt::format("<{}> value '{}' {} is not 0 but below a double's range in {}",
                              tag, va.value(), ua ? ua.value() : "",
                              *out == 0.0 ? "SI units" : fmt::format("'{}'", r.unit)));
        return false;
      }
    }
    return true;
  }
  for (const UnitRule& r : kUnits) {
    if (r.q != q) continue;
    const double in_unit = (*out - r.offset) / r.factor;
    if (!(std::isfinite(*out) && std::isfinite(in_unit))) {
      ctx.Error(c, element, "not-finite",
                fmt::format("<{}> value '{}' {} overflows a double in {}", tag, va.value(),
                            ua ? ua.value() : "",
                            std::isfinite(*out) ? fmt::format("'{}'", r.unit) : "SI units"));
      return false;
    }
  }
  return true;
}

namespace {
// XML 1.0's Char production: what a document may hold, literally or by reference.
bool IsXmlChar(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// Where offset `i` of `text` stands, for a message: in an attribute of the nearest tag
// before it, or in the text after that tag (a comment, CDATA section or processing
// instruction between them is passed over).
std::string WhereInXml(const std::string& text, std::size_t i) {
  const std::size_t size = text.size();
  std::size_t open = text.rfind('<', i);
  while (open != std::string::npos && open + 1 < size &&
         (text[open + 1] == '!' || text[open + 1] == '?'))
    open = open == 0 ? std::string::npos : text.rfind('<', open - 1);
  if (open == std::string::npos) return "before the first tag";
  const std::size_t n0 = open + 1 + (open + 1 < size && text[open + 1] == '/');
  const std::size_t n1 = std::min(text.find_first_of(" \t\r\n/>", n0), size);
  const std::string name = text.substr(n0, n1 - n0);
  // The tag ends at its first '>' outside quotes: an attribute value may hold a '>' (an id
  // "a>b&#1;" was said to be in the text after its tag).
  char quote = 0;
  for (std::size_t k = n1; k < i && k < size; ++k) {
    const char c = text[k];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return fmt::format("in the text after <{}>", name);
    }
  }
  return fmt::format("in an attribute of <{}>", name);
}

// XML's NameStartChar and NameChar, with every byte of a multi-byte UTF-8 character taken
// as one (the text is valid UTF-8 by then, and XML allows nearly all of them in names).
bool IsNameStartByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
bool IsNameByte(unsigned char c) {
  return IsNameStartByte(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// The end of a DOCTYPE that starts at `i`: past its '>', or past the "]>" of an internal
// subset where it has one (then *subset is set).
std::size_t SkipDoctype(const std::string& text, std::size_t i, bool* subset) {
  const std::size_t size = text.size();
  std::size_t j = text.find_first_of("[>", i);
  if (j == std::string::npos) return size;
  if (text[j] == '>') return j + 1;
  *subset = true;
  for (j = text.find(']', j); j != std::string::npos; j = text.find(']', j + 1)) {
    std::size_t k = j + 1;
    while (k < size && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n'))
      ++k;
    if (k < size && text[k] == '>') return k + 1;
  }
  return size;
}

// What names an element in a message: the nearest element at or above `e` with an id, as
// the readers name it ("pipe 'P2'" for a <length> inside <pipe id="P2">), or nothing.
std::string ElementWithId(pugi::xml_node e) {
  for (; e && e.type() == pugi::node_element; e = e.parent()) {
    if (pugi::xml_attribute id = e.attribute("id"))
      return fmt::format("{} '{}'", LocalName(e), ShownShort(id.value()));
  }
  return {};
}

struct ReferenceFindings {
  std::size_t bad_char_refs = 0;  // references to a character XML does not allow
  std::size_t bad_entities = 0;   // an '&' that starts no reference, or an undefined one
  std::vector<std::size_t> bad_entity_at;  // their offsets, ascending
  // Every finding, in the order of the text, said once the document is parsed, so that each
  // names the element it lies in (EmitReferenceFindings); the text alone names none.
  struct Finding {
    std::size_t at;
    const char* rule;
    std::string message;
  };
  std::vector<Finding> findings;
};

// Says each of `found`'s findings; with a parsed document, each names the element whose
// start tag or text holds it (the nearest with an id: "pipe 'p1'" for a <length> of that
// pipe), found in one walk in document order: the last element or text node that begins
// at or before the finding.
void EmitReferenceFindings(ReferenceFindings* found, const pugi::xml_document* doc,
                           const std::string& file, const LineIndex& lines, Diagnostics* diag) {
  std::vector<pugi::xml_node> holder(found->findings.size());
  if (doc != nullptr && !found->findings.empty()) {
    struct Walker : pugi::xml_tree_walker {
      const std::vector<ReferenceFindings::Finding>* findings;
      std::vector<pugi::xml_node>* holder;
      std::size_t next = 0;
      pugi::xml_node last;
      bool for_each(pugi::xml_node& n) override {
        const pugi::xml_node_type type = n.type();
        if (type != pugi::node_element && type != pugi::node_pcdata) return true;
        const std::ptrdiff_t at = n.offset_debug();
        if (at < 0) return true;
        for (; next < findings->size() && (*findings)[next].at < static_cast<std::size_t>(at);
             ++next)
          (*holder)[next] = last;
        last = n;
        return next < findings->size();
      }
    } walker;
    walker.findings = &found->findings;
    walker.holder = &holder;
    pugi::xml_node top = *doc;  // a handle: traverse() is not const
    top.traverse(walker);
    for (; walker.next < holder.size(); ++walker.next) holder[walker.next] = walker.last;
  }
  for (std::size_t k = 0; k < found->findings.size(); ++k) {
    ReferenceFindings::Finding& f = found->findings[k];
    pugi::xml_node e = holder[k];
    if (e && e.type() == pugi::node_pcdata) e = e.parent();
    diag->Error(file, lines.LineOf(static_cast<std::ptrdiff_t>(f.at)), ElementWithId(e), f.rule,
                std::move(f.message));
  }
  found->findings.clear();
}

// Every '&' outside comments, CDATA sections, processing instructions and the DOCTYPE must
// start a reference (XML 1.0, section 4.1), and pugixml checks none of them:
// - "&#N;" / "&#xH;" are decoded without a check: "&#0;" ended a value ("5&#0;0" read as 5),
//   "&#1;" and "&#xFFFE;" passed, "&#xD800;" (a surrogate) and "&#x110000;" became bytes
//   that are not UTF-8. One that is not a Char is a bad-char-ref.
// - a raw '&' ("A & B", value="a&b"), an incomplete reference ("&#38", "&#;") and a name
//   XML does not define ("&nbsp;": without a DTD only lt, gt, amp, apos and quot are) were
//   kept as they stand. Each is a bad-entity, with what to write instead. A DOCTYPE with
//   an internal subset may declare names; its own error (rule doctype) covers them.
// Each is an error at its line. One pass: from '&' to '&' (memchr), the comments and the
// like being looked for only up to the next '&', so that a file with one "&amp;" near its
// start costs next to nothing.
ReferenceFindings CheckReferences(const std::string& text) {
  ReferenceFindings found;
  const std::size_t size = text.size();
  bool subset = false;  // a DOCTYPE with declarations came before
  // The next "<!" or "<?" (a comment, CDATA section, DOCTYPE or processing instruction)
  // at or after `from`, and the end of the one at `p`. Found by their '!' and '?', which are
  // rare (memchr, each searched again only once passed): a look at every '<' cost a third
  // of the parse of GasLib-4197.net.
  std::size_t bang = 0, question = 0;
  auto next_special = [&](std::size_t from) {
    for (;;) {
      if (bang <= from) bang = text.find('!', from + 1);
      if (question <= from) question = text.find('?', from + 1);
      const std::size_t m = std::min(bang, question);
      if (m == std::string::npos) return size;
      if (text[m - 1] == '<') return m - 1;
      from = m;
    }
  };
  auto skip_to = [&](std::size_t from, const char* end) {
    const std::size_t j = text.find(end, from);
    return j == std::string::npos ? size : j + std::char_traits<char>::length(end);
  };
  auto end_of_special = [&](std::size_t p) {
    if (text.compare(p, 4, "<!--") == 0) return skip_to(p + 4, "-->");
    if (text.compare(p, 9, "<![CDATA[") == 0) return skip_to(p + 9, "]]>");
    if (text.compare(p, 2, "<?") == 0) return skip_to(p + 2, "?>");
    if (text.compare(p, 9, "<!DOCTYPE") == 0) return SkipDoctype(text, p + 9, &subset);
    return p + 2;  // not well-formed: pugixml says so
  };
  auto bad_entity = [&](std::size_t i, const char* what) {
    // What was found: the reference up to its ';', or what follows a lone '&' up to a space.
    std::size_t shown = i + 1;
    while (shown < size && shown - i < 12 &&
           std::string_view(" \t\r\n<&\"'").find(text[shown]) == std::string_view::npos)
      if (text[shown++] == ';') break;
    found.findings.push_back(
        {i, "bad-entity",
         fmt::format("'{}' {} {}; a literal ampersand is written &amp;",
                     ShownShort(std::string_view(text).substr(i, shown - i)),
                     WhereInXml(text, i), what)});
    ++found.bad_entities;
    found.bad_entity_at.push_back(i);
  };
  std::size_t special = next_special(0);
  for (std::size_t i = text.find('&'); i < size; i = text.find('&', i)) {
    bool inside = false;  // this '&' lies in a comment, CDATA section, PI or DOCTYPE
    while (special < i && !inside) {
      const std::size_t end = end_of_special(special);
      if (end > i) i = end, inside = true;
      special = next_special(end);
    }
    if (inside) continue;
    std::size_t k = i + 1;
    if (k >= size || text[k] != '#') {  // a named reference, or no reference at all
      if (k < size && IsNameStartByte(static_cast<unsigned char>(text[k])))
        while (++k < size && IsNameByte(static_cast<unsigned char>(text[k]))) {
        }
      if (k == i + 1 || k >= size || text[k] != ';') {
        bad_entity(i, "is not a reference: an '&' starts one (&name; or &#N;)");
      } else {
        const std::string_view name = std::string_view(text).substr(i + 1, k - i - 1);
        if (name != "lt" && name != "gt" && name != "amp" && name != "apos" && name != "quot" &&
            !subset)
          bad_entity(i,
                     "is an entity XML does not define (without a DTD only &lt; &gt; &amp; "
                     "&apos; &quot; are): write the character itself, or its number "
                     "(&#160; for a no-break space)");
      }
      i = k;
      continue;
    }
    const bool hex = ++k < size && text[k] == 'x';
    if (hex) ++k;
    std::uint32_t c = 0;
    std::size_t digits = 0;
    for (; k < size; ++k, ++digits) {
      const char ch = text[k];
      int d = -1;
      if (ch >= '0' && ch <= '9') d = ch - '0';
      if (hex && ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
      if (hex && ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
      if (d < 0) break;
      c = std::min<std::uint32_t>(c * (hex ? 16 : 10) + d, 0x110000);  // beyond Unicode stays so
    }
    if (digits == 0 || k >= size || text[k] != ';') {
      bad_entity(i,
                 "is not a complete character reference (&#N; or &#xH; with a small x: digits "
                 "and a ';')");
    } else if (!IsXmlChar(c)) {
      found.findings.push_back(
          {i, "bad-char-ref",
           fmt::format("the character reference '{}' {} is {}, which XML does not allow (tab, "
                       "line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and "
                       "U+10000-U+10FFFF only)",
                       ShownShort(std::string_view(text).substr(i, k + 1 - i)),
                       WhereInXml(text, i),
                       c > 0x10FFFF ? std::string("beyond U+10FFFF")
                                    : fmt::format("U+{:04X}", c))});
      ++found.bad_char_refs;
    }
    i = k;
  }
  return found;
}

}  // namespace

// A character XML does not allow written as it is (not by reference): a control character
// other than tab, line feed and carriage return, or U+FFFE or U+FFFF (EF BF BE, EF BF BF in
// UTF-8, which the text is by now); a reader of the file may stop there (xmllint and expat
// do). The first is reported, as for bad UTF-8.
std::size_t FirstNonXmlChar(std::string_view text) {
  auto suspect = [](unsigned char c) {
    return (static_cast<unsigned>(c < 0x20) & (c != '\t') & (c != '\n') & (c != '\r')) |
           static_cast<unsigned>(c == 0xEF);
  };
  auto bad = [&](std::size_t i) {
    return static_cast<unsigned char>(text[i]) != 0xEF || XmlNonCharacterAt(text, i) != 0;
  };
  // Block by block, a loop the compiler vectorizes (one that stops at the byte does not);
  // the byte is looked for only in a block that has one.
  constexpr std::size_t kBlock = 4096;
  for (std::size_t b = 0; b < text.size(); b += kBlock) {
    const std::size_t e = std::min(text.size(), b + kBlock);
    unsigned any = 0;
    for (std::size_t i = b; i < e; ++i) any |= suspect(static_cast<unsigned char>(text[i]));
    if (any == 0) continue;
    for (std::size_t i = b; i < e; ++i)
      if (suspect(static_cast<unsigned char>(text[i])) && bad(i)) return i;
  }
  return std::string_view::npos;
}

bool FitsXmlComment(std::string_view text) {
  return text.find("--") == std::string_view::npos && text.find('\r') == std::string_view::npos &&
         (text.empty() || text.back() != '-');
}

std::string AsXmlComment(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (const char c : text) {
    if (c == '\r') continue;  // (a reader makes "\r\n" "\n"; a reference is text there)
    if (c == '-' && !out.empty() && out.back() == '-') out += ' ';
    out += c;
  }
  if (!out.empty() && out.back() == '-') out += ' ';
  return out;
}

const char* const kCorridorNotice =
    "\n"
    "  Written by corridor, a gas transmission network engine.\n"
    "\n"
    "  When this file is derived from GasLib data: GasLib is licensed under the\n"
    "  Creative Commons Attribution 3.0 Unported License (CC BY 3.0); to view a copy\n"
    "  of this license, visit http://creativecommons.org/licenses/by/3.0/\n"
    "  Please cite, if you use this data:\n"
    "    Schmidt et al. (2017) \"GasLib - A Library of Gas Network Instances\",\n"
    "    Data 2(4):40, doi:10.3390/data2040040\n"
    "    Pfetsch et al. (2012) \"Validation of Nominations in Gas Network Optimization:\n"
    "    Models, Methods, and Solutions\", ZIB-Report 12-41\n"
    "\n"
    "  Units: pressures in bar are absolute; flows are 1000 m^3/h at normal conditions\n"
    "  (0 degC, 1.01325 bar).\n";

const std::array<const char*, 7> kCorridorCsNotice = {
    " Written by corridor from GasLib data.                                           ",
    " GasLib is licensed under the Creative Commons Attribution 3.0 Unported License   ",
    " (CC BY 3.0, http://creativecommons.org/licenses/by/3.0/). Please cite:           ",
    " Schmidt et al., \"GasLib - A Library of Gas Network Instances\", Data 2(4):40,     ",
    " 2017; and, as the original files ask, Pfetsch et al. (2012) \"Validation of       ",
    " Nominations in Gas Network Optimization: Models, Methods, and Solutions\",        ",
    " ZIB-Report 12-41.                                                                "};

std::vector<std::string> HeadComments(const pugi::xml_document& doc) {
  std::vector<std::string> out;
  auto corridors = [](std::string_view c) {
    return c == kCorridorNotice ||
           std::find(kCorridorCsNotice.begin(), kCorridorCsNotice.end(), c) !=
               kCorridorCsNotice.end();
  };
  for (pugi::xml_node n = doc.first_child(); n && n.type() != pugi::node_element;
       n = n.next_sibling())
    if (n.type() == pugi::node_comment && !corridors(n.value())) out.emplace_back(n.value());
  return out;
}

NoticeFinding JudgeNotice(std::string_view text, std::string_view what) {
  if (text.find('\0') != std::string_view::npos)
    return {"bad-char", true,
            fmt::format("{} holds the character U+0000 (NUL): no text of a case holds one",
                        what)};
  if (const long cp = NonXmlCharacter(text); cp >= 0)
    return {"not-xml-char", false,
            fmt::format("{} holds the character U+{:04X}, which XML cannot hold: the case "
                        "cannot be converted to GasLib XML",
                        what, cp)};
  if (!FitsXmlComment(text))
    return {"xml-comment", false,
            fmt::format("{} holds \"--\" or a carriage return, or ends in '-', which an XML "
                        "comment cannot hold: the case cannot be converted to GasLib XML",
                        what)};
  return {};
}

long NonXmlCharacter(std::string_view s) {
  const std::size_t at = FirstNonXmlChar(s);
  if (at == std::string_view::npos) return -1;
  const auto c = static_cast<unsigned char>(s[at]);
  return c == 0xEF ? static_cast<long>(XmlNonCharacterAt(s, at)) : c;
}

namespace {

// What pugixml takes though XML 1.0 calls the document not well-formed, found in one walk
// of the parsed tree (no second scan of the text):
// - An attribute given twice on one element (<node id="a" id="b">; "Unique Att Spec"):
//   pugixml keeps both, and a reader that asks for the attribute gets the first without a
//   word. Each attribute name is compared with those before it on the element (a few:
//   GasLib's value elements have two); each repeat is an error at the element's line (rule
//   duplicate-attribute).
// - A raw '<' in an attribute value ("No < in Attribute Values": write &lt;), rule
//   lt-in-attribute: looked for in the text as written (pugixml's decoded value has a '<'
//   for "&lt;" too), each element's attributes at once (CheckAttributeValues).
// - "]]>" in text outside a CDATA section (CharData), rule cdata-end-in-text: the text
//   of each text node, as written, up to the next '<'. Text around the root element is an
//   error of its own (content-before-root, content-after-root) and not looked at again.
// - "--" inside a comment, or a comment ending in "--->" (Comment), rule
//   double-hyphen-in-comment: the comment as written, up to its "-->". pugixml keeps
//   comments as nodes for this (parse_comments; GasLib files have a score of them).
// Each is an error at its line; the rest of the file is still read, as for bad-entity.
// pugixml's own traversal, and the names kept in a local array: each step of a walk by
// first_child / next_sibling, and each name() of a pairwise comparison, is a call into the
// library, and such a walk cost about as much as parsing GasLib-4197.net (this one, a third
// of it).
class WellFormedWalker : public pugi::xml_tree_walker {
 public:
  WellFormedWalker(const std::string& text, const char* buffer, const std::string& file,
                   const LineIndex& lines, Diagnostics* diag, RepeatedAttributes* repeated,
                   const std::vector<std::size_t>* bad_entity_at)
      : text_(text), buffer_(buffer), file_(file), lines_(lines), diag_(diag),
        repeated_(repeated), bad_entity_at_(bad_entity_at) {}

  bool for_each(pugi::xml_node& n) override {
    const pugi::xml_attribute first = n.first_attribute();  // none but on an element
    if (!first) {
      const pugi::xml_node_type type = n.type();
      if (type == pugi::node_pcdata) {
        if (n.parent().type() != pugi::node_document) CheckText(n);
      } else if (type == pugi::node_comment) {
        CheckComment(n);
      }
      return true;
    }
    const char* names[kKept];
    std::size_t kept = 0;
    std::unique_ptr<std::unordered_set<std::string_view>> many;  // made past kKept only
    pugi::xml_attribute last = first;
    const char* last_name = nullptr;
    for (pugi::xml_attribute a = first; a; a = a.next_attribute()) {
      last = a;
      const char* name = a.name();
      last_name = name;
      bool repeated = false;
      if (kept < kKept) {
        for (std::size_t j = 0; j < kept && !repeated; ++j)
          repeated = names[j][0] == name[0] && SameCStr(names[j], name);
        names[kept++] = name;
      } else {  // more attributes than kept (rare): through a set of their names (walking
                // the earlier ones made 200 000 attributes on one element take minutes)
        if (!many)
          many = std::make_unique<std::unordered_set<std::string_view>>(names, names + kKept);
        repeated = !many->insert(name).second;
      }
      if (repeated) Report(n, first, a);
    }
    CheckAttributeValues(n, first, names[0], last, last_name);
    if (repeated_ != nullptr && bad_entity_at_ != nullptr && !bad_entity_at_->empty())
      for (pugi::xml_attribute a = first; a; a = a.next_attribute())
        if (HoldsBadEntity(a)) repeated_->Refuse(a);
    return true;
  }

 private:
  static constexpr std::size_t kKept = 16;

  static bool SameCStr(const char* x, const char* y) {
    while (*x != '\0' && *x == *y) ++x, ++y;
    return *x == *y;
  }
  // The offset in the text of a value pugixml parsed in place (its buffer is a copy of the
  // text), or npos.
  std::size_t OffsetOf(const char* value) const {
    if (buffer_ == nullptr || value < buffer_ || value > buffer_ + text_.size())
      return std::string::npos;
    return static_cast<std::size_t>(value - buffer_);
  }
  int LineAt(std::size_t at) const { return lines_.LineOf(static_cast<std::ptrdiff_t>(at)); }

  // `a` repeats an attribute before it on `n`.
  void Report(const pugi::xml_node& n, pugi::xml_attribute b, const pugi::xml_attribute& a) {
    while (!SameCStr(b.name(), a.name())) b = b.next_attribute();
    if (repeated_ != nullptr) repeated_->Add(b, a);
    diag_->Error(file_, lines_.LineOf(n), ElementWithId(n), "duplicate-attribute",
                 fmt::format("<{}> has attribute '{}' twice ({}=\"{}\" and {}=\"{}\"): XML "
                             "allows an attribute once on an element; keep one",
                             n.name(), a.name(), a.name(), ShownShort(b.value()), a.name(),
                             ShownShort(a.value())));
  }
  // An element's attributes as written, from its first name to its last, hold no '<' but in
  // a value (names, '=', quotes and space have none): one memchr over them, found from the
  // names' places in the text (pugixml parsed it in place), no call per attribute. The last
  // value is looked at as pugixml decoded it (a '<' as written stays one), with strchr.
  // Looking at each decoded value in a loop cost a sixth of the parse of GasLib-4197.net.
  // Only where a '<' is found (or "&lt;" decoded to one) is each value looked at as written.
  void CheckAttributeValues(const pugi::xml_node& n, const pugi::xml_attribute& first,
                            const char* first_name, const pugi::xml_attribute& last,
                            const char* last_name) {
    bool lt = std::strchr(last.value(), '<') != nullptr;
    if (!lt && last_name != first_name) {
      const std::size_t from = OffsetOf(first_name), to = OffsetOf(last_name);
      if (from == std::string::npos || to == std::string::npos || to < from) return;
      lt = std::memchr(text_.data() + from, '<', to - from) != nullptr;
    }
    if (!lt) return;
    for (pugi::xml_attribute a = first; a; a = a.next_attribute()) CheckRawLt(n, a);
  }
  // An error where the value of `a` holds a '<' as written (between its quotes), not where
  // it was written &lt; or &#60;.
  void CheckRawLt(const pugi::xml_node& n, const pugi::xml_attribute& a) {
    const std::size_t from = OffsetOf(a.value());
    if (from == std::string::npos || from == 0) return;
    const char quote = text_[from - 1];
    if (quote != '"' && quote != '\'') return;
    const std::size_t end = std::min(text_.find(quote, from), text_.size());
    const std::size_t lt = text_.find('<', from);
    if (lt >= end) return;
    diag_->Error(file_, LineAt(lt), ElementWithId(n), "lt-in-attribute",
                 fmt::format("attribute {}=\"{}\" of <{}> holds a '<', which XML does not "
                             "allow in an attribute value: write it &lt;",
                             a.name(), ShownShort(std::string_view(text_).substr(from, end - from)),
                             n.name()));
    if (repeated_ != nullptr) repeated_->Refuse(a);
  }
  // Whether the value of `a` as written holds an '&' that CheckReferences refused.
  bool HoldsBadEntity(const pugi::xml_attribute& a) const {
    const std::size_t from = OffsetOf(a.value());
    if (from == std::string::npos || from == 0) return false;
    const char quote = text_[from - 1];
    if (quote != '"' && quote != '\'') return false;
    const std::size_t end = std::min(text_.find(quote, from), text_.size());
    const auto it = std::lower_bound(bad_entity_at_->begin(), bad_entity_at_->end(), from);
    return it != bad_entity_at_->end() && *it < end;
  }
  // Text as written, from the start of the node up to the next '<' (pugixml decoded the
  // value: "]]&gt;" reads as "]]>", and is allowed).
  void CheckText(const pugi::xml_node& n) {
    const std::ptrdiff_t at = n.offset_debug();
    if (at < 0) return;
    const std::size_t from = static_cast<std::size_t>(at);
    const std::size_t end = std::min(text_.find('<', from), text_.size());
    const std::size_t in = std::string_view(text_).substr(from, end - from).find("]]>");
    if (in == std::string_view::npos) return;
    const std::size_t bad = from + in;
    diag_->Error(file_, LineAt(bad), ElementWithId(n.parent()), "cdata-end-in-text",
                 fmt::format("']]>' in the text of <{}>: XML allows it only to end a CDATA "
                             "section; write ']]&gt;'",
                             n.parent().name()));
  }
  // A comment as written, from after its "<!--" to its "-->".
  void CheckComment(const pugi::xml_node& n) {
    const std::ptrdiff_t at = n.offset_debug();
    if (at < 0) return;
    const std::size_t from = static_cast<std::size_t>(at);
    const std::size_t end = text_.find("-->", from);
    if (end == std::string::npos) return;  // pugixml refuses an unclosed comment
    // A comment ending in "--->" has its "--" before the "-->" too.
    const std::size_t bad = text_.find("--", from);
    if (bad >= end) return;
    diag_->Error(file_, LineAt(bad), ElementWithId(n.parent()), "double-hyphen-in-comment",
                 fmt::format("'--' inside a comment{}: XML allows '--' in a comment only in "
                             "its closing '-->'; write '- -'",
                             bad + 1 == end ? " (it ends in '--->')" : ""));
  }

  const std::string& text_;
  const char* buffer_;  // where pugixml parsed the text (in place, in its own copy)
  const std::string& file_;
  const LineIndex& lines_;
  Diagnostics* diag_;
  RepeatedAttributes* repeated_;
  const std::vector<std::size_t>* bad_entity_at_;  // CheckReferences' bad '&'s (may be null)
};

// pugixml takes what XML forbids around the root element, and what it takes is never
// read: a second element or text after the root (a file appended to another) or before it.
// (It keeps such text only when parsing a fragment, which ParseXml therefore asks for.) It
// does not expand entities either: a DOCTYPE that declares some (an internal subset in
// [...]) would leave "&name;" in the values. Each is an error at its line; the rest of the
// file is still read, so that one run lists every problem. A DOCTYPE without declarations
// changes nothing and passes. An attribute given twice on any element, a raw '<' in an
// attribute value, "]]>" in text and "--" in a comment are errors as well
// (WellFormedWalker). False, after reporting it, when there is no root element.
bool CheckDocument(const pugi::xml_document& doc, const std::string& text,
                   const std::string& file, const LineIndex& lines, Diagnostics* diag,
                   RepeatedAttributes* repeated, const std::vector<std::size_t>* bad_entity_at) {
  const pugi::xml_node first = doc.document_element();
  if (!first) {  // what pugixml says of such a document when it does not parse a fragment
    diag->Error(file, lines.LineOf(static_cast<std::ptrdiff_t>(text.size())), "",
                "malformed-xml", "truncated or malformed XML: No document element found");
    return false;
  }
  pugi::xml_node root;  // once the loop has passed the root element
  for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
    switch (n.type()) {
      case pugi::node_element:
        if (!root) {
          root = n;
        } else {
          diag->Error(file, lines.LineOf(n), "", "content-after-root",
                      fmt::format("element <{}> after the root element <{}>: an XML file has "
                                  "one root element, and nothing after it is read",
                                  n.name(), root.name()));
        }
        break;
      case pugi::node_pcdata:
      case pugi::node_cdata: {
        // The line of the text itself, not of the line break before it.
        auto at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(n.offset_debug(), 0));
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' ||
                                    text[at] == '\n'))
          ++at;
        diag->Error(file, lines.LineOf(static_cast<std::ptrdiff_t>(at)), "",
                    root ? "content-after-root" : "content-before-root",
                    fmt::format("text '{}' {} the root element{}: an XML file holds only its "
                                "root element (with comments around it)",
                                ShownShort(TrimAsciiSpace(n.value())), root ? "after" : "before",
                                root ? fmt::format(" <{}>", root.name()) : std::string()));
        break;
      }
      case pugi::node_doctype:
        if (std::string_view(n.value()).find('[') != std::string_view::npos)
          diag->Error(file, lines.LineOf(n), "", "doctype",
                      "a DOCTYPE with declarations is not supported: GasLib files have none, "
                      "and entities it declares would not be expanded");
        break;
      default:  // the XML declaration, comments, processing instructions
        break;
    }
  }
  // Where pugixml's copy of the text begins: an element's name lies in it, offset_debug()
  // bytes in.
  const std::ptrdiff_t root_at = first.offset_debug();
  const char* buffer = root_at >= 0 ? first.name() - root_at : nullptr;
  WellFormedWalker walker(text, buffer, file, lines, diag, repeated, bad_entity_at);
  pugi::xml_node top = doc;  // a handle: traverse() is not const
  top.traverse(walker);
  return true;
}

// Where the markup at text[i] (a '<') that opens no element ends: past a comment's "-->", a
// CDATA section's "]]>", a processing instruction's "?>" or the DOCTYPE; npos where it is a
// start or end tag. (The replays below pass over these the same way.)
std::size_t SkipNonElement(const std::string& text, std::size_t i) {
  auto skip_to = [&](std::size_t from, const char* end) {
    const std::size_t j = text.find(end, from);
    return j == std::string::npos ? text.size() : j + std::char_traits<char>::length(end);
  };
  if (text.compare(i, 4, "<!--") == 0) return skip_to(i + 4, "-->");
  if (text.compare(i, 9, "<![CDATA[") == 0) return skip_to(i + 9, "]]>");
  if (text.compare(i, 2, "<?") == 0) return skip_to(i + 2, "?>");
  if (text.compare(i, 2, "<!") == 0) {
    bool subset = false;
    return SkipDoctype(text, i + 2, &subset);
  }
  return std::string::npos;
}

// pugixml notices an element left open only where the text stops fitting: at an end tag
// that does not match (perhaps hundreds of lines on), or at the end of the text. On that
// failure only, the tags up to it are replayed to say which element was left open and
// where it began, or that the end tag matches nothing open. Comments, CDATA sections,
// processing instructions, the DOCTYPE and quoted attribute values are passed over; a
// self-closing tag opens nothing. Empty when there is nothing to add. A comment that holds
// another "<!--" is named first, its offset in *cause (else *cause is left as it is).
std::string OpenElementNote(const std::string& text, std::size_t failed_at,
                            const LineIndex& lines, std::size_t* cause) {
  struct Open {
    std::string_view name;
    std::size_t at;
  };
  std::vector<Open> open;
  const std::size_t size = text.size();
  auto line = [&](std::size_t at) { return lines.LineOf(static_cast<std::ptrdiff_t>(at)); };
  auto name_at = [&](std::size_t from) {
    const std::size_t end = std::min(text.find_first_of(" \t\r\n/>", from), size);
    return std::string_view(text).substr(from, end - from);
  };
  auto skip_to = [&](std::size_t from, const char* end) {
    const std::size_t j = text.find(end, from);
    return j == std::string::npos ? size : j + std::char_traits<char>::length(end);
  };
  // "<b> opened on line 3, <a> opened on line 1": the innermost of open[from, to) first.
  auto list = [&](std::size_t from, std::size_t to) {
    std::string s;
    std::size_t shown = 0;
    for (std::size_t k = to; k-- > from && shown < 3; ++shown)
      s += fmt::format("{}<{}> opened on line {}", shown == 0 ? "" : ", ", open[k].name,
                       line(open[k].at));
    if (to - from > shown) s += fmt::format(" and {} more", to - from - shown);
    return s;
  };
  // A comment that holds another "<!--" on a later line, with tags between, was most likely
  // left open where it was meant to end (GasLib-24.net with "<!-- oops" on line 150: the
  // comment ran to a "-->" on line 267 and swallowed the tags between, and the finding named
  // only a mismatched end tag on line 272). One closed on its own line, or holding no tags
  // before the second "<!--", is a comment that quotes one.
  std::string unclosed_comment;
  auto with_comment = [&](std::string note) {
    if (unclosed_comment.empty()) return note;
    return note.empty() ? unclosed_comment : unclosed_comment + "; " + note;
  };
  auto holds_tags = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = text.find('<', from); k < to; k = text.find('<', k + 1))
      if (k + 1 < to && (std::isalpha(static_cast<unsigned char>(text[k + 1])) ||
                         text[k + 1] == '/' || text[k + 1] == '_'))
        return true;
    return false;
  };
  for (std::size_t i = text.find('<'); i < size && i <= failed_at; i = text.find('<', i)) {
    if (const std::size_t past = SkipNonElement(text, i); past != std::string::npos) {
      const std::size_t inner =
          text.compare(i, 4, "<!--") == 0 ? text.find("<!--", i + 4) : std::string::npos;
      if (unclosed_comment.empty() && inner < past && line(inner) > line(i) &&
          holds_tags(i + 4, inner)) {
        *cause = i;
        unclosed_comment = fmt::format(
            "the comment opened on line {} runs to the '-->' on line {} and holds another "
            "'<!--' (line {}): it was most likely left open where it was meant to end, and "
            "the markup between is read as its text",
            line(i), line(past == size ? size : past - 1), line(inner));
      }
      i = past;
    } else if (text.compare(i, 2, "</") == 0) {
      const std::string_view name = name_at(i + 2);
      if (!open.empty() && open.back().name == name) {
        open.pop_back();
        i = skip_to(i + 2, ">");
        continue;
      }
      // The end tag pugixml stopped at: closing an element further out, or none.
      std::size_t k = open.size();
      while (k > 0 && open[k - 1].name != name) --k;
      if (k > 0)
        return with_comment(fmt::format(
            "</{}> on line {} closes <{}> of line {}, but {} inside it {} never closed", name,
            line(i), name, line(open[k - 1].at), list(k, open.size()),
            open.size() - k == 1 ? "was" : "were"));
      if (!open.empty())
        return with_comment(fmt::format(
            "</{}> on line {} matches no open element: the innermost is {} (an end tag "
            "misspelt, or its start tag missing)",
            name, line(i), list(open.size() - 1, open.size())));
      return with_comment(fmt::format(
          "</{}> on line {} closes nothing: no element is open there", name, line(i)));
    } else {  // a start tag: to its '>', past quoted values
      const std::string_view name = name_at(i + 1);
      std::size_t j = i + 1 + name.size();
      while (j < size && text[j] != '>') {
        if (text[j] == '"' || text[j] == '\'') {
          j = text.find(text[j], j + 1);
          if (j == std::string::npos) j = size;
        }
        ++j;
      }
      if (j < size && text[j - 1] != '/') open.push_back({name, i});
      i = j;
    }
  }
  if (open.empty()) return with_comment({});
  return with_comment(fmt::format("the text ends while {} {} still open", list(0, open.size()),
                                  open.size() == 1 ? "is" : "are"));
}

// A quoted attribute value before `failed_at` that runs over a line end into markup (a line
// end, white space, then '<'): its closing quote is missing. value="50/> took the next
// line's "<diameter unit=" as its text and pugixml stopped a line later, at "m"; the finding
// then named that line and no attribute. The offset of its opening quote (the note in
// *note), or npos. Comments, CDATA sections, processing instructions and the DOCTYPE are
// passed over, as in OpenElementNote.
std::size_t UnclosedAttributeValue(const std::string& text, std::size_t failed_at,
                                   const LineIndex& lines, std::string* note) {
  const std::size_t size = text.size();
  for (std::size_t i = text.find('<'); i < size && i <= failed_at; i = text.find('<', i)) {
    if (const std::size_t past = SkipNonElement(text, i); past != std::string::npos) {
      i = past;
    } else {
      std::size_t j = i + 1;
      while (j < size && text[j] != '>') {
        if (text[j] == '"' || text[j] == '\'') {
          const std::size_t q = j;
          // Only a value opened before pugixml stopped (one after it is no cause of it).
          if (q >= failed_at) return std::string::npos;
          j = std::min(text.find(text[q], q + 1), size);
          const std::string_view value = std::string_view(text).substr(q + 1, j - q - 1);
          const std::size_t nl = value.find('\n');
          if (nl != std::string_view::npos) {
            const std::size_t next = value.find_first_not_of(" \t\r\n", nl);
            if (next != std::string_view::npos && value[next] == '<') {
              // The attribute's name: the name characters before its '=' (white space
              // around it allowed).
              auto name_char = [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
                       c == '-' || c == '.';
              };
              std::size_t name_end = q;
              while (name_end > i && (text[name_end - 1] == '=' || text[name_end - 1] == ' ' ||
                                      text[name_end - 1] == '\t'))
                --name_end;
              std::size_t name_start = name_end;
              while (name_start > i + 1 && name_char(text[name_start - 1])) --name_start;
              *note = fmt::format(
                  "the value of attribute '{}' opened on line {} has no closing quote on its "
                  "line: it runs on into the markup of line {}",
                  ShownShort(std::string_view(text).substr(name_start, name_end - name_start)),
                  lines.LineOf(static_cast<std::ptrdiff_t>(q)),
                  lines.LineOf(static_cast<std::ptrdiff_t>(q + 1 + next)));
              return q;
            }
          }
        }
        ++j;
      }
      i = j;
    }
  }
  return std::string::npos;
}

}  // namespace

bool ParseXml(const std::string& text, const std::string& file, pugi::xml_document* doc,
              LineIndex* lines, Diagnostics* diag, RepeatedAttributes* repeated) {
  *lines = LineIndex(text);
  // GasLib files are UTF-8 (their declaration says so); pugixml does not check it, and
  // invalid bytes would reach every writer downstream.
  // The offsets of the first 1000 bytes that are not UTF-8 (kept, each said at its element
  // below), and of the next one, from which the rest are said as they are found (a 20 MB
  // file of them kept 8 bytes an offset: 289 MB).
  constexpr std::size_t kBadBytesDescribed = 1000;
  const auto next_bad_utf8 = [&](std::size_t from) {
    const std::size_t bad =
        from >= text.size() ? std::string_view::npos
                            : FirstInvalidUtf8(std::string_view(text).substr(from));
    return bad == std::string_view::npos ? bad : from + bad;
  };
  std::vector<std::size_t> bad_utf8;
  std::size_t further_utf8 = next_bad_utf8(0);
  for (; further_utf8 != std::string_view::npos && bad_utf8.size() < kBadBytesDescribed;
       further_utf8 = next_bad_utf8(further_utf8 + 1))
    bad_utf8.push_back(further_utf8);
  if (!bad_utf8.empty()) {
    // A file that declares another encoding (ISO-8859-1, windows-1252) is refused for it,
    // once: the message should say so rather than leave the reader to guess, and each of
    // its accented letters is the same finding.
    std::string declared;
    if (text.rfind("<?xml", 0) == 0) {
      const std::size_t end = text.find("?>");
      const std::string_view decl = std::string_view(text).substr(0, end);
      if (const std::size_t e = decl.find("encoding"); e != std::string_view::npos) {
        const std::size_t q = decl.find_first_of("\"'", e);
        const std::size_t q2 = q == std::string_view::npos
                                   ? std::string_view::npos
                                   : decl.find(decl[q], q + 1);
        if (q2 != std::string_view::npos && q2 - q - 1 <= 40)
          declared = std::string(decl.substr(q + 1, q2 - q - 1));
      }
    }
    std::string upper = declared;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!declared.empty() && upper != "UTF-8") {
      const std::size_t bad = bad_utf8.front();
      diag->Error(file, lines->LineOf(static_cast<std::ptrdiff_t>(bad)), "", "bad-utf8",
                  fmt::format("the file is not valid UTF-8: byte 0x{:02X} at offset {} (it "
                              "declares encoding=\"{}\", and corridor reads UTF-8 only: save "
                              "it as UTF-8)",
                              static_cast<unsigned char>(text[bad]), bad, declared));
      return false;
    }
  }
  // Only where the text has an '&' at all (GasLib's files have none). A reference to a
  // character that XML does not allow ends the reading after the parse, since pugixml
  // decodes it; a bad '&' it keeps as it stands, so the rest of the file is checked too.
  ReferenceFindings references;
  if (text.find('&') != std::string::npos) references = CheckReferences(text);
  // Every character XML does not allow, as bad-char-ref lists every reference (only the
  // first was said: a file with three took three runs), each an error at its line, so that
  // the counts and the "... and N more" line are true. Like a bad reference, each is said
  // after the parse, at the element it lies in (pugixml reads them as they stand), and
  // ends the reading there. A text of such characters (a binary file that is valid UTF-8)
  // has the first kBadCharsDescribed described and kept for the parse; the rest (from
  // `further`) are said after them in a fixed sentence, straight into `diag`, without an
  // element (a finding kept per byte held 5 GB for a 30 MB file of them).
  constexpr std::size_t kBadCharsDescribed = kBadBytesDescribed;  // (one cap for both)
  std::size_t bad_chars = 0, further = std::string_view::npos;
  // Findings into the references', in the order of the text (the references' among them).
  const auto merge_in = [&](std::vector<ReferenceFindings::Finding>&& more) {
    if (more.empty()) return;
    std::vector<ReferenceFindings::Finding> all;
    all.reserve(more.size() + references.findings.size());
    std::merge(std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()),
               std::make_move_iterator(references.findings.begin()),
               std::make_move_iterator(references.findings.end()), std::back_inserter(all),
               [](const auto& x, const auto& y) { return x.at < y.at; });
    references.findings = std::move(all);
  };
  // Every byte that is not UTF-8 likewise, at the element it lies in (only the first was
  // said, and at no element: a file with five took five runs), the first kBadBytesDescribed
  // described and the rest in a fixed sentence.
  std::vector<ReferenceFindings::Finding> not_utf8;
  for (const std::size_t bad : bad_utf8)
    not_utf8.push_back({bad, "bad-utf8",
                        fmt::format("the file is not valid UTF-8: byte 0x{:02X} at offset {}",
                                    static_cast<unsigned char>(text[bad]), bad)});
  const auto say_further_utf8 = [&] {
    for (std::size_t bad = further_utf8; bad != std::string_view::npos;
         bad = next_bad_utf8(bad + 1))
      diag->Error(file, lines->LineOf(static_cast<std::ptrdiff_t>(bad)), "", "bad-utf8",
                  "a further byte that is not UTF-8 (the first 1000 are described)");
  };
  const auto next_bad = [&](std::size_t bad) {
    const std::size_t next = bad + (static_cast<unsigned char>(text[bad]) == 0xEF ? 3 : 1);
    const std::size_t rest = FirstNonXmlChar(std::string_view(text).substr(next));
    return rest == std::string_view::npos ? rest : next + rest;
  };
  const auto say_further = [&] {
    for (std::size_t bad = further; bad != std::string_view::npos; bad = next_bad(bad))
      diag->Error(file, lines->LineOf(static_cast<std::ptrdiff_t>(bad)), "", "bad-char",
                  "a further character XML does not allow (the first 1000 are described)");
  };
  if (std::size_t bad = FirstNonXmlChar(text); bad != std::string_view::npos) {
    std::vector<ReferenceFindings::Finding> chars;
    for (; bad != std::string_view::npos; bad = next_bad(bad), ++bad_chars) {
      if (bad_chars == kBadCharsDescribed) {
        further = bad;
        break;
      }
      const auto c = static_cast<unsigned char>(text[bad]);
      chars.push_back(
          {bad, "bad-char",
           c == 0xEF ? fmt::format("character U+{:04X} at offset {}: XML does not allow "
                                   "U+FFFE and U+FFFF",
                                   XmlNonCharacterAt(text, bad), bad)
                     : fmt::format("control character 0x{:02X} at offset {}: XML allows "
                                   "only tab, line feed and carriage return below U+0020",
                                   c, bad)});
    }
    merge_in(std::move(chars));
  }
  merge_in(std::move(not_utf8));
  // parse_doctype keeps a DOCTYPE as a node and parse_fragment text outside the root
  // element, so that CheckDocument sees them.
  // parse_comments keeps comments as nodes, for the check of their text and so that an
  // unclosed one is reported where it begins (not at the end of the file).
  pugi::xml_parse_result r = doc->load_buffer(
      text.data(), text.size(),
      pugi::parse_default | pugi::parse_doctype | pugi::parse_fragment | pugi::parse_comments,
      pugi::encoding_utf8);
  if (r.status == pugi::status_out_of_memory) {  // pugixml reports it, never throws
    EmitReferenceFindings(&references, nullptr, file, *lines, diag);
    say_further();
    say_further_utf8();
    diag->Error(file, lines->LineOf(r.offset), "", "out-of-memory",
                "not enough memory to read the XML document");
    return false;
  }
  if (!r) {
    // (A character XML does not allow may be what pugixml stopped at: a NUL ends its text.
    // The characters are said, as before the parse, and nothing more. A byte that is not
    // UTF-8 stops nothing, pugixml taking every byte above 0x7F as a name's or a text's:
    // where the file has only those, what stopped it is the markup's own fault and is said
    // too, first, so that no cap on the messages cuts it after a thousand bytes; a Latin-1
    // 'caf\xE9' beside an element never closed said the first alone.)
    const auto say_findings = [&] {
      EmitReferenceFindings(&references, nullptr, file, *lines, diag);
      say_further();
      say_further_utf8();
    };
    if (bad_chars > 0) {
      say_findings();
      return false;
    }
    std::string note;
    const auto at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(r.offset, 0));
    // The finding's line: pugixml's, or that of a cause found before it (an attribute
    // value or a comment left open), with pugixml's named beside it.
    std::size_t cause = std::string::npos;
    if (r.status == pugi::status_bad_attribute || r.status == pugi::status_bad_start_element ||
        r.status == pugi::status_end_element_mismatch)
      cause = UnclosedAttributeValue(text, at, *lines, &note);
    if (cause != std::string::npos) {
      // (The note is the attribute's.)
    } else if (r.status == pugi::status_end_element_mismatch) {
      note = OpenElementNote(text, at, *lines, &cause);
    } else if ((r.status == pugi::status_bad_start_element ||
                r.status == pugi::status_bad_attribute ||
                r.status == pugi::status_unrecognized_tag ||
                r.status == pugi::status_bad_end_element) &&
               text.find('>', at) == std::string::npos) {
      // Cut off inside a tag (a download ended mid-element): said, with the elements still
      // open, as where the cut falls between tags (pugixml named only the tag it stopped in).
      std::size_t unused = std::string::npos;
      note = OpenElementNote(text, text.size(), *lines, &unused);
      const std::string_view open_list = "the text ends while ";
      note = note.rfind(open_list, 0) == 0
                 ? "the text ends inside a tag, while " + note.substr(open_list.size())
                 : "the text ends inside a tag" + (note.empty() ? std::string() : "; " + note);
    } else if (r.status == pugi::status_bad_comment || r.status == pugi::status_bad_cdata) {
      // pugixml stops at the start of the comment's (the section's) text when it has no end:
      // the finding is on the line where it was opened, and says so.
      const bool comment = r.status == pugi::status_bad_comment;
      const char* open = comment ? "<!--" : "<![CDATA[";
      const std::size_t n = std::char_traits<char>::length(open);
      if (at >= n && text.compare(at - n, n, open) == 0 &&
          text.find(comment ? "-->" : "]]>", at) == std::string::npos)
        note = fmt::format("the {} opened here ('{}') is never closed: no '{}' follows it",
                           comment ? "comment" : "CDATA section", open,
                           comment ? "-->" : "]]>");
    }
    const std::ptrdiff_t where =
        cause == std::string::npos ? r.offset : static_cast<std::ptrdiff_t>(cause);
    diag->Error(file, lines->LineOf(where), "", "malformed-xml",
                fmt::format("truncated or malformed XML: {}{}{}", r.description(),
                            lines->LineOf(where) == lines->LineOf(r.offset)
                                ? std::string()
                                : fmt::format(" (on line {})", lines->LineOf(r.offset)),
                            note.empty() ? std::string() : "; " + note));
    say_findings();
    return false;
  }
  // A reference to a character XML does not allow ends the reading here (pugixml decoded
  // it), once the document has named the elements of every finding; so does a character.
  EmitReferenceFindings(&references, doc, file, *lines, diag);
  say_further();
  say_further_utf8();
  if (references.bad_char_refs > 0 || bad_chars > 0 || !bad_utf8.empty()) {
    doc->reset();
    return false;
  }
  return CheckDocument(*doc, text, file, *lines, diag, repeated, &references.bad_entity_at);
}

}  // namespace corridor::io
