// Case loading: file kinds decided from content, then each file handed to its reader.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/file.h"
#include "corridor/io.h"
#include "core/file_internal.h"
#include "io/as_read.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/text.h"
#include "io/xml_util.h"

namespace corridor {
namespace {

/// What precedes the first element: where a comment, a processing instruction or a
/// DOCTYPE opened that does not close (FirstXmlElement; npos where none), and what it is.
struct Prolog {
  std::size_t unclosed_at = std::string_view::npos;
  const char* unclosed = "";
};

/// Skips whitespace, a byte-order mark, the XML declaration, processing instructions,
/// comments and a DOCTYPE, and stray text between them (the XML reader says it, rule
/// content-before-root: it was "cannot tell what this file holds", without a line);
/// returns the local name of the first element, or "" when the text does not start like
/// XML or a construct before the root does not close (*prolog says which, may be null).
std::string_view FirstXmlElement(std::string_view t, Prolog* prolog = nullptr) {
  std::size_t i = 0;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  bool markup = false;  // markup seen: text after it is stray, not "not XML"
  const auto unclosed = [&](const char* what) {
    if (prolog != nullptr) {
      prolog->unclosed_at = i;
      prolog->unclosed = what;
    }
    return std::string_view();
  };
  while (i < t.size()) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')) ++i;
    if (i < t.size() && t[i] != '<' && markup) i = std::min(t.find('<', i), t.size());
    if (i >= t.size() || t[i] != '<') return {};
    markup = true;
    std::string_view rest = t.substr(i);
    std::size_t end;
    if (rest.substr(0, 4) == "<!--") {
      end = rest.find("-->");
      if (end == std::string_view::npos) return unclosed("comment ('<!--')");
      i += end + 3;
    } else if (rest.substr(0, 2) == "<?") {
      end = rest.find("?>");
      if (end == std::string_view::npos) return unclosed("processing instruction ('<?')");
      i += end + 2;
    } else if (rest.substr(0, 2) == "<!") {
      // A DOCTYPE may hold declarations in [...], each with its own '>' (the reader then
      // says that such a DOCTYPE is not supported; here only the root element matters).
      const std::size_t open = rest.find('[');
      end = rest.find('>');
      if (open != std::string_view::npos && open < end) end = rest.find("]", open);
      if (end != std::string_view::npos) end = rest.find('>', end);
      if (end == std::string_view::npos) return unclosed("declaration ('<!')");
      i += end + 1;
    } else {
      std::size_t j = 1;
      while (j < rest.size() && rest[j] != ' ' && rest[j] != '>' && rest[j] != '/' &&
             rest[j] != '\t' && rest[j] != '\r' && rest[j] != '\n')
        ++j;
      std::string_view name = rest.substr(1, j - 1);
      std::size_t colon = name.find(':');
      return colon == std::string_view::npos ? name : name.substr(colon + 1);
    }
  }
  return {};
}

// XML's and JSON's white space. (std::strchr(" \t\r\n", c) finds the terminator for a NUL
// byte: a file of NULs was skipped as white space and said to hold nothing to tell.)
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

FileKind DetectKindFromContent(std::string_view text) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && IsSpace(text[i])) ++i;
  if (i < text.size() && text[i] == '{') {
    // corridor JSON names its format; other JSON is not ours.
    return text.find(fmt::format("\"{}\"", kJsonFormatName)) != std::string_view::npos
               ? FileKind::kCorridorJson
               : FileKind::kUnknown;
  }
  std::string_view root = FirstXmlElement(text);
  if (root == "network") return FileKind::kGasLibNetwork;
  if (root == "boundaryValue") return FileKind::kGasLibNomination;
  if (root == "compressorStations") return FileKind::kGasLibCompressorStations;
  if (root == "combinedDecisions") return FileKind::kGasLibCombinedDecisions;
  return FileKind::kUnknown;
}

// Why a file's kind could not be told, where the text says more than "not ours": text
// before the first markup (an XML file starts with '<'), or a root element that no corridor
// reader takes. Returns the line the reason is about (0: none) and the reason, "" when
// there is nothing particular to say; `known` where the file is another of corridor's
// (the reason says what it is).
struct Unknown {
  int line = 0;
  std::string why;
  bool known = false;
};
Unknown WhyUnknown(const std::string& text) {
  const std::string_view t = text;
  std::size_t i = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < t.size() && IsSpace(t[i])) ++i;
  // Lines end at "\n", "\r\n" or a lone "\r", as the readers count them (LineIndex, and
  // JsonLocator below): counting only '\n' put everything in a CR-only file on line 1.
  const io::LineIndex lines(t);
  auto line_at = [&](std::size_t pos) { return lines.LineOf(static_cast<std::ptrdiff_t>(pos)); };
  auto shown = [](std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 40)) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    return s.size() > 40 ? out + "..." : out;
  };
  if (i >= t.size()) return {0, ""};
  // A NUL byte near the start: a binary file (UTF-16 is said before this), which text before
  // the markup quoted without its NULs ('\x01\x02' of "\0\x01\x02"), or not at all.
  if (const std::size_t nul = io::BinaryNulAt(t); nul != std::string_view::npos)
    return {line_at(nul), fmt::format("a binary file (a NUL byte at offset {}), not text", nul)};
  if (t[i] == '{' || t[i] == '[') {
    // JSON: corridor's names its format; say what this one names, where. JSON that does
    // not parse (a file cut short, its "format" after the cut) or an array is said so, at
    // its line: both read "cannot tell what this file holds" with no line (helper-291).
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(t);
    } catch (const nlohmann::json::exception& e) {
      const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&e);
      const std::size_t at = parse != nullptr && parse->byte > 0 ? parse->byte - 1 : i;
      std::string why = e.what();
      if (const std::size_t colon = why.find(": "); colon != std::string::npos)
        why = why.substr(colon + 2);
      for (char& c : why)
        if (c == '\r' || c == '\n' || c == '\t') c = ' ';
      if (why.size() > 120) why = why.substr(0, 117) + "...";
      return {line_at(std::min(at, t.size())),
              fmt::format("JSON that does not parse ({})", why)};
    }
    if (j.is_array())
      return {line_at(i), "a JSON array, where a corridor JSON case is one object"};
    if (!j.is_object()) return {0, ""};
    const auto f = j.find("format");
    if (f == j.end())
      return {0, fmt::format("a JSON object without a \"format\" member")};
    // The line of the top-level member's value, as the JSON reader gives it for
    // its rule format ("/format"); not of the first "format" anywhere in the text.
    const int line = io::JsonLocator(text).Line("/format");
    // corridor's other JSON files, given where a case is read: said what each is and
    // which command reads it (the bundled hydro case read "cannot tell what this file
    // holds").
    if (f->is_string())
      if (const char* what = io::CorridorFileWords(f->get<std::string>()))
        return {line, fmt::format("{} (\"format\": \"{}\")", what, f->get<std::string>()),
                true};
    return {line, fmt::format("\"format\" is {}, not \"{}\"",
                              shown(io::ShownValue(*f)),
                              kJsonFormatName)};
  }
  const std::size_t lt = t.find('<', i);
  if (t[i] != '<') {
    if (lt == std::string_view::npos) return {0, ""};
    std::string_view before = t.substr(i, lt - i);
    const std::size_t nl = before.find_first_of("\r\n");
    return {line_at(i), fmt::format("text '{}' before the XML markup (line {}): an XML file "
                                    "starts with '<' (its declaration, a comment or the root "
                                    "element)",
                                    shown(nl == std::string_view::npos ? before
                                                                       : before.substr(0, nl)),
                                    line_at(lt))};
  }
  Prolog prolog;
  const std::string_view root = FirstXmlElement(t, &prolog);
  // A comment never closed before the root (a download cut off in GasLib's licence
  // comment), as the XML reader says one inside it.
  if (root.empty() && prolog.unclosed_at != std::string_view::npos)
    return {line_at(prolog.unclosed_at),
            fmt::format("the {} opened on line {} is never closed, so no root element follows "
                        "(a file cut off?)",
                        prolog.unclosed, line_at(prolog.unclosed_at))};
  if (root.empty()) return {0, ""};
  return {line_at(static_cast<std::size_t>(root.data() - t.data())),
          fmt::format("root element <{}> is not one corridor reads", shown(root))};
}

const char* KindLabel(FileKind k) {
  switch (k) {
    case FileKind::kGasLibNetwork: return "GasLib network (.net)";
    case FileKind::kGasLibNomination: return "GasLib nomination (.scn)";
    case FileKind::kGasLibCompressorStations: return "GasLib compressor-station data (.cs)";
    case FileKind::kGasLibCombinedDecisions: return "GasLib combined decisions (.cdf)";
    case FileKind::kCorridorJson: return "corridor JSON";
    case FileKind::kUnknown: return "unknown";
  }
  return "unknown";
}

}  // namespace

namespace io {
FileKind KindOfText(std::string_view text) { return DetectKindFromContent(text); }
std::size_t BinaryNulAt(std::string_view text) { return text.substr(0, 4096).find('\0'); }
const char* FileKindLabel(FileKind kind) { return KindLabel(kind); }
std::string XmlKindWords(std::string_view text) {
  const FileKind kind = KindOfText(text);
  return kind == FileKind::kUnknown ? "an XML file" : std::string("a ") + KindLabel(kind);
}
}  // namespace io

FileKind DetectFileKind(const std::string& path) {
  // Only a regular file within the size limit is looked into: a FIFO would block the
  // open and lose what it hands over, a device may never end (as ReadFileToString).
  std::uintmax_t size = 0;
  if (!file_internal::CheckInputFile(path, &size).ok()) return FileKind::kUnknown;
  try {
    // The root element sits after the licence comment (about 1.5 kB in GasLib files);
    // 64 kB is plenty for XML. JSON needs the `format` member, which may come anywhere.
    std::ifstream in(path, std::ios::binary);
    if (!in) return FileKind::kUnknown;
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    FileKind k = DetectKindFromContent(head);
    if (k == FileKind::kUnknown && !head.empty() && head.find('{') != std::string::npos &&
        in.gcount() > 0 && !in.eof()) {
      std::string all;
      if (ReadFileToString(path, &all).ok()) k = DetectKindFromContent(all);
    }
    return k;
  } catch (const std::bad_alloc&) {
    return FileKind::kUnknown;
  }
}

namespace {

// With `re` (LoadCaseAsRead), the case is handed over as read, and *re says what was not.
Status LoadCaseInto(const std::vector<std::string>& paths, GasCase* out_case,
                    Diagnostics* diag, ReadErrors* re) {
  const std::size_t errors_before = diag->error_count();
  // Built apart and handed over only without errors, as each reader does.
  GasCase result;
  GasCase* out = &result;
  auto unread = [&](const std::string& p) {
    if (re != nullptr) re->unread_files.push_back(p);
  };

  // First pass: read every file and decide its kind, so that the network is read before
  // the files that refer to it and duplicate kinds are caught whatever the order.
  struct Input {
    std::string path, text;
    FileKind kind = FileKind::kUnknown;
  };
  std::vector<Input> inputs;
  std::string seen[6];  // first path per FileKind
  // Whether the first problem is a named file that does not exist: then the Status is
  // NotFound, as ReadGasLibNetwork's for the same path (status.h), not ParseError.
  bool first_is_missing = false;
  for (const std::string& p : paths) {
    Input in;
    in.path = p;
    const bool none_yet = diag->error_count() == errors_before;
    if (Status r = ReadFileReporting(p, &in.text, diag); !r.ok()) {
      first_is_missing = first_is_missing || (none_yet && r.code() == Status::Code::kNotFound);
      unread(p);
      continue;
    }
    in.kind = DetectKindFromContent(in.text);
    // UTF-16 (a Windows editor's "Unicode"): said so, not "cannot tell what this file holds"
    // with the byte-order mark's bytes as the text it found.
    if (in.kind == FileKind::kUnknown && io::StartsUtf16(in.text)) {
      diag->Error(p, 1, "", "bad-utf8", io::WideRefusal(in.text));
      unread(p);
      continue;
    }
    if (in.kind == FileKind::kUnknown) {
      const auto [line, why, known] = WhyUnknown(in.text);
      // Another of corridor's files is the wrong kind of file, as a .scn given for a
      // network is; a JSON object naming a format of no file corridor knows breaks the
      // JSON format's own rule; an empty file is empty-file, as every reader says it.
      const char* kind_rule = in.text.empty()                        ? "empty-file"
                              : known                                ? "wrong-file-kind"
                              : why.rfind("\"format\" is ", 0) == 0 ? "format"
                                                                     : "unknown-file-kind";
      const std::string expected = fmt::format(
          "a GasLib XML file (root <network>, <boundaryValue>, <compressorStations> or "
          "<combinedDecisions>) or corridor JSON (\"format\": \"{}\")",
          kJsonFormatName);
      diag->Error(p, line, "", kind_rule,
                  in.text.empty()
                      ? std::string("the file is empty (expected a GasLib .net, .scn, .cs, "
                                    ".cdf or a corridor JSON file)")
                  : known ? fmt::format("{}: a gas network case is {}", why, expected)
                          : fmt::format("cannot tell what this file holds{}{}: expected {}",
                                        why.empty() ? "" : ": ", why, expected));
      unread(p);
      continue;
    }
    std::string& first = seen[static_cast<int>(in.kind)];
    if (!first.empty()) {
      diag->Error(p, 0, "", "duplicate-input",
                  fmt::format("a second {} file; '{}' was given already (at most one of each "
                              "kind)",
                              KindLabel(in.kind), first));
      unread(p);
      continue;
    }
    first = p;
    inputs.push_back(std::move(in));
  }
  const bool have_net = !seen[static_cast<int>(FileKind::kGasLibNetwork)].empty();
  const bool have_json = !seen[static_cast<int>(FileKind::kCorridorJson)].empty();
  if (have_net && have_json) {
    // Which network is meant is not guessed: the JSON file is read for its own findings,
    // and (as read) left out.
    unread(seen[static_cast<int>(FileKind::kCorridorJson)]);
    diag->Error(seen[static_cast<int>(FileKind::kCorridorJson)], 0, "", "duplicate-input",
                fmt::format("both a GasLib network ('{}') and a corridor JSON network were "
                            "given; give one of them",
                            seen[static_cast<int>(FileKind::kGasLibNetwork)]));
  } else if (!have_net && !have_json && diag->error_count() == errors_before) {
    diag->Error(paths.front(), 0, "", "no-network",
                "no network among the inputs: give a GasLib .net or a corridor JSON file");
  }

  // As read: a file read in part or not at all is noted in *re; the network counts once
  // read at all.
  auto noted = [&](const Input& in, std::size_t before, bool parsed) {
    if (re == nullptr) return;
    if (!parsed) re->unread_files.push_back(in.path);
    else if (diag->error_count() > before) re->partial_files.push_back(in.path);
  };
  // Second pass: the network first, then the files that refer to it.
  auto pass = [&](FileKind k) {
    for (const Input& in : inputs) {
      if (in.kind != k) continue;
      const std::size_t before = diag->error_count();
      bool parsed = false;
      switch (k) {
        case FileKind::kGasLibNetwork:
          if (re == nullptr) {
            (void)ReadGasLibNetworkFromString(in.text, in.path, &out->network, diag);
            break;
          }
          (void)io::ReadGasLibNetworkAsRead(in.text, in.path, &out->network, re, &parsed, diag);
          noted(in, before, parsed);
          re->network_read |= parsed;
          break;
        case FileKind::kCorridorJson: {
          GasCase j;
          if (re == nullptr) {
            (void)ReadCorridorJsonFromString(in.text, in.path, &j, diag);
          } else if (have_net) {
            ReadErrors ignored;  // left out (above): read for its findings only
            (void)io::ReadCorridorJsonAsRead(in.text, in.path, &j, &ignored, &parsed, diag);
            break;
          } else {
            (void)io::ReadCorridorJsonAsRead(in.text, in.path, &j, re, &parsed, diag);
            noted(in, before, parsed);
            re->network_read |= parsed;
          }
          out->network = std::move(j.network);
          if (j.nomination) out->nomination = std::move(j.nomination);
          if (j.stations) out->stations = std::move(j.stations);
          if (j.decisions) out->decisions = std::move(j.decisions);
          break;
        }
        case FileKind::kGasLibNomination: {
          if (out->nomination) {
            diag->Error(in.path, 0, "", "duplicate-input",
                        "the JSON case already holds a nomination; give only one");
            unread(in.path);
            break;
          }
          Nomination n;
          if (re == nullptr) {
            (void)ReadGasLibNominationFromString(in.text, in.path, &n, diag);
          } else {
            (void)io::ReadGasLibNominationAsRead(in.text, in.path, &n, re, &parsed, diag);
            noted(in, before, parsed);
            if (!parsed) break;
          }
          out->nomination = std::move(n);
          break;
        }
        case FileKind::kGasLibCompressorStations: {
          if (out->stations) {
            diag->Error(in.path, 0, "", "duplicate-input",
                        "the JSON case already holds compressor-station data; give only one");
            unread(in.path);
            break;
          }
          CompressorStationData cs;
          if (re == nullptr) {
            (void)ReadGasLibCompressorStationsFromString(in.text, in.path, &cs, diag);
          } else {
            (void)io::ReadGasLibCompressorStationsAsRead(in.text, in.path, &cs, re, &parsed, diag);
            noted(in, before, parsed);
            if (!parsed) break;
          }
          out->stations = std::move(cs);
          break;
        }
        case FileKind::kGasLibCombinedDecisions: {
          if (out->decisions) {
            diag->Error(in.path, 0, "", "duplicate-input",
                        "the JSON case already holds combined decisions; give only one");
            unread(in.path);
            break;
          }
          CombinedDecisions cdf;
          if (re == nullptr) {
            (void)ReadGasLibCombinedDecisionsFromString(in.text, in.path, &cdf, diag);
          } else {
            (void)io::ReadGasLibCombinedDecisionsAsRead(in.text, in.path, &cdf, re, &parsed, diag);
            noted(in, before, parsed);
            if (!parsed) break;
          }
          out->decisions = std::move(cdf);
          break;
        }
        case FileKind::kUnknown: break;
      }
    }
  };
  pass(FileKind::kCorridorJson);
  pass(FileKind::kGasLibNetwork);
  pass(FileKind::kGasLibNomination);
  pass(FileKind::kGasLibCompressorStations);
  pass(FileKind::kGasLibCombinedDecisions);
  // No BuildIndex here: each network reader leaves its network indexed, and a move keeps
  // the index (a second one cost 0.5 ms on GasLib-4197).

  const std::size_t n = diag->error_count() - errors_before;
  if (n == 0 || re != nullptr) *out_case = std::move(result);
  if (n == 0) return Status::Ok();
  std::string m = fmt::format("{} error{} while loading the case", n, n == 1 ? "" : "s");
  return first_is_missing ? Status::NotFound(std::move(m)) : Status::ParseError(std::move(m));
}

}  // namespace

Status LoadCase(const std::vector<std::string>& paths, GasCase* out_case, Diagnostics* diag) {
  if (Status n = file_internal::NeedOutputs("LoadCase", out_case, diag); !n.ok()) return n;
  if (paths.empty()) {
    diag->Error("", 0, "", "no-input", "no input files given (expected a GasLib .net or a "
                                       "corridor JSON file)");
    return Status::InvalidArgument("no input files");
  }
  // Each reader answers its own allocation failures; this catches those of the loading
  // around them (the texts of all inputs are held at once).
  return file_internal::CatchOutOfMemory(
      paths.front(), diag, [&] { return LoadCaseInto(paths, out_case, diag, nullptr); });
}

Status LoadCaseAsRead(const std::vector<std::string>& paths, GasCase* out_case,
                      ReadErrors* errors, Diagnostics* diag) {
  if (Status n = file_internal::NeedOutputs("LoadCaseAsRead", out_case, diag); !n.ok()) return n;
  if (errors == nullptr) return Status::InvalidArgument("LoadCaseAsRead: errors must not be null");
  *errors = ReadErrors();
  *out_case = GasCase();
  if (paths.empty()) {
    diag->Error("", 0, "", "no-input", "no input files given (expected a GasLib .net or a "
                                       "corridor JSON file)");
    return Status::InvalidArgument("no input files");
  }
  bool done = false;
  Status s = file_internal::CatchOutOfMemory(paths.front(), diag, [&] {
    Status read = LoadCaseInto(paths, out_case, diag, errors);
    done = true;
    return read;
  });
  if (!done) errors->network_read = false;  // memory ran out: the case read so far is gone
  return s;
}

}  // namespace corridor
