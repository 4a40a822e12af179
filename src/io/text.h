// Internal: what every reader does with raw text, whatever its format: the UTF-8 check and
// user text shown in messages. Not part of the public API.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::io {

/// A field of the CSV files corridor writes: quoted, its quotes doubled, where it holds a
/// comma, a quote or a line break (RFC 4180).
inline std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

/// What one of corridor's JSON files is, by its "format", and the command that reads it
/// ("a hydro case, which `corridor hydro FILE` reads"), for a reader given the wrong one;
/// nullptr for a format of no file corridor writes or reads.
inline const char* CorridorFileWords(std::string_view format) {
  if (format == "corridor-network")
    return "a gas network case, which `corridor simulate FILE` reads";
  if (format == "corridor-hydro-case") return "a hydro case, which `corridor hydro FILE` reads";
  if (format == "corridor-controls")
    return "settings of the active elements, which `simulate`, `track` and `check` take as "
           "`--controls FILE`";
  if (format == "corridor-annotations")
    return "the corridor case's annotations, which `corridor run --data DIR` reads from the "
           "folder that holds them";
  return nullptr;
}

/// For the reader of corridor's `own` format given a file whose "format" is `format`: the
/// wrong-file-kind message where that is another of corridor's files ("\"format\" must be
/// \"corridor-controls\", got \"corridor-hydro-case\": the file is a hydro case, which
/// `corridor hydro FILE` reads; nothing else of it is read"), and "" where it is `own` or no
/// file corridor knows. Every reader of a corridor JSON file says it so, and stops.
inline std::string OtherCorridorFile(std::string_view format, std::string_view own) {
  const char* what = format == own ? nullptr : CorridorFileWords(format);
  if (what == nullptr) return {};
  return "\"format\" must be \"" + std::string(own) + "\", got \"" + std::string(format) +
         "\": the file is " + what + "; nothing else of it is read";
}

/// Line ends in t[from, to): "\n", "\r\n" (one) or a lone "\r", as every reader counts
/// lines (old Mac files put every finding on line 1).
inline int LineEnds(std::string_view t, std::size_t from, std::size_t to) {
  int n = 0;
  for (std::size_t i = from; i < to; ++i)
    n += t[i] == '\n' || (t[i] == '\r' && (i + 1 >= t.size() || t[i + 1] != '\n'));
  return n;
}

/// `s` with A-Z made a-z, whatever the locale (std::tolower follows it): names of modes,
/// laws and options are compared without case.
inline std::string AsciiLower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// Offset of the first byte of `s` that does not belong to a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points above U+10FFFF included), or npos.
std::size_t FirstInvalidUtf8(std::string_view s);

/// Splits one line of a CSV file into RFC 4180 fields: unquoted fields are trimmed (spaces,
/// tabs, a CR), quoted ones keep their content, "" standing for a quote ("61,5" is one
/// field). A record may not span lines. False with *why (naming the field) on a malformed
/// line. Every CSV reader splits so (the controls file, the origin groups, the inflow).
bool SplitCsvRecord(std::string_view s, std::vector<std::string>* out, std::string* why);

/// Whether `s` starts as UTF-32 text: a byte-order mark (FF FE 00 00 or 00 00 FE FF), or
/// without one an ASCII character with three NUL bytes beside it.
inline bool StartsUtf32(std::string_view s) {
  if (s.size() < 4) return false;
  if (s.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4) ||
      s.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4))
    return true;
  auto ascii = [](char c) { return c != '\0' && static_cast<unsigned char>(c) < 0x80; };
  return (ascii(s[0]) && s[1] == '\0' && s[2] == '\0' && s[3] == '\0') ||
         (s[0] == '\0' && s[1] == '\0' && s[2] == '\0' && ascii(s[3]));
}

/// Whether `s` starts as UTF-16 or UTF-32 text: a byte-order mark (FF FE or FE FF, or
/// StartsUtf32's), as a Windows editor saves "Unicode", or without one two ASCII characters
/// each with a NUL byte beside it ("<\0?\0", "\0<\0?"), which no UTF-8 text of a corridor
/// input starts with. Every reader refuses it with WideRefusal (rule bad-utf8) at line 1,
/// instead of findings about the NUL bytes between its characters (a root element
/// <\x00?\x00x\x00m\x00l\x00>).
inline bool StartsUtf16(std::string_view s) {
  if (StartsUtf32(s)) return true;
  if (s.size() >= 2 &&
      ((s[0] == '\xFF' && s[1] == '\xFE') || (s[0] == '\xFE' && s[1] == '\xFF')))
    return true;
  auto ascii = [](char c) { return c != '\0' && static_cast<unsigned char>(c) < 0x80; };
  return s.size() >= 4 && ((ascii(s[0]) && s[1] == '\0' && ascii(s[2]) && s[3] == '\0') ||
                           (s[0] == '\0' && ascii(s[1]) && s[2] == '\0' && ascii(s[3])));
}
inline constexpr const char* kUtf16Refusal =
    "the file is UTF-16 (a UTF-16 byte-order mark, or NUL bytes between its first "
    "characters), and corridor reads UTF-8 only: save it as UTF-8";
inline constexpr const char* kUtf32Refusal =
    "the file is UTF-32 (a UTF-32 byte-order mark, or three NUL bytes beside each of its "
    "first characters), and corridor reads UTF-8 only: save it as UTF-8";
/// The refusal of a text StartsUtf16 holds: UTF-32's where it is that (its byte-order mark
/// FF FE 00 00 begins as UTF-16's, and it was called UTF-16), else UTF-16's.
inline const char* WideRefusal(std::string_view s) {
  return StartsUtf32(s) ? kUtf32Refusal : kUtf16Refusal;
}

/// The noncharacter U+FFFE or U+FFFF (0xFFFE, 0xFFFF) whose UTF-8 (EF BF BE, EF BF BF)
/// starts at byte i of `s`, else 0: XML 1.0 allows neither, written or by reference.
inline unsigned XmlNonCharacterAt(std::string_view s, std::size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xEF ||
      static_cast<unsigned char>(s[i + 1]) != 0xBF)
    return 0;
  const auto last = static_cast<unsigned char>(s[i + 2]);
  return last == 0xBE ? 0xFFFE : last == 0xBF ? 0xFFFF : 0;
}

/// User text echoed in a message, with control and non-ASCII bytes as \xNN: a field may
/// hold any byte, and messages end up in terminals and in JSON reports that require UTF-8.
std::string Shown(std::string_view s);

/// Shown, cut to its first 30 bytes (and the length) when longer than 40.
std::string ShownShort(std::string_view s);

/// `s` with every line end ("\r\n", or a lone "\r" of old Mac files) made "\n", line
/// for line: the line-based readers (CSV) took a file with lone CRs for one comment line.
std::string UnixLineEnds(std::string_view s);

}  // namespace corridor::io
