// corridor convert FILES... --to json|geojson|gaslib -o OUT: load a case (GasLib
// .net/.scn/.cs/.cdf or corridor JSON, kinds detected from content) and write it in another
// format.
//
// Nothing is written unless everything can be: the input must load without errors, every
// output is produced in memory first and checked (JSON and GasLib output are read back
// and compared with the loaded model field by field), and the files are then written
// atomically; when one write fails, the files already written by this run are removed.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/validate.h"
// Internal header of the library (apps/corridor/CMakeLists.txt does not put src/ on the
// include path of the CLI; the relative path keeps this file in step with the header).
#include "io/model_compare.h"
#include "io/xml_util.h"

namespace corridor::cli {

namespace {

struct ConvertArgs {
  std::vector<std::string> files;
  std::string to;
  std::string output;
  bool drawing_coordinates = false;
  bool no_drawing_coordinates = false;  // the default; accepted as before
  std::size_t max_messages = 50;
};

struct OutputFile {
  std::string path, content, what;
};

// Relative tolerance of the GasLib read-back check: SI -> GasLib unit -> SI may change the
// last bits of a value no decimal in the GasLib unit gives back exactly (a JSON case's 0.1 Pa
// is 1e-06 bar, read back as 0.09999999999999999 Pa); values read from GasLib come back
// exactly. Each value that changes is said (a warning), not only checked.
constexpr double kGasLibReadBackTolerance = 1e-14;

// Reports a failed read-back check; returns false.
bool ReadBackFailed(const std::string& what, const std::vector<std::string>& lines) {
  std::fprintf(stderr, "corridor convert: the %s output does not read back as the same model:\n",
               what.c_str());
  for (const std::string& l : lines) std::fprintf(stderr, "  %s\n", l.c_str());
  return false;
}

// Where a read-back difference of io::CompareCases ("network.arcs[0] 'p1'.pipe.length_m:
// 5e-324 != 0") lies in the input `c`: its file, line and element, and the rest of the
// line (the field and the two values). A difference of no listed element keeps the
// network's file at line 0 and the whole line.
struct InputPlace {
  std::string file, element, rest;
  int line = 0;
};
InputPlace LocateDifference(const GasCase& c, const std::string& diff) {
  InputPlace at{c.network.info.source_file, "", diff, 0};
  const std::size_t open = diff.find('['), close = diff.find("] '");
  if (open == std::string::npos || close == std::string::npos || close < open) return at;
  const std::string base = diff.substr(0, open);
  std::size_t i = 0;
  const auto [end, ec] = std::from_chars(diff.data() + open + 1, diff.data() + close, i);
  if (ec != std::errc() || end != diff.data() + close) return at;
  const std::size_t id_end = diff.find('\'', close + 3);
  if (id_end == std::string::npos) return at;
  const std::string id = diff.substr(close + 3, id_end - close - 3);
  auto found = [&](const std::string& file, int line, const char* kind) {
    at.file = file;
    at.line = line;
    at.element = fmt::format("{} '{}'", kind, id);
    at.rest = diff.substr(id_end + 1);
    if (!at.rest.empty() && at.rest[0] == '.') at.rest.erase(0, 1);
  };
  if (base == "network.nodes" && i < c.network.nodes.size())
    found(c.network.info.source_file, c.network.nodes[i].line, "node");
  else if (base == "network.arcs" && i < c.network.arcs.size())
    found(c.network.info.source_file, c.network.arcs[i].line, "arc");
  else if (base == "nomination.nodes" && c.nomination && i < c.nomination->nodes.size())
    found(c.nomination->source_file, c.nomination->nodes[i].line, "node");
  else if (base == "nomination.arcs" && c.nomination && i < c.nomination->arcs.size())
    found(c.nomination->source_file, c.nomination->arcs[i].line, "arc");
  else if (base == "stations.stations" && c.stations && i < c.stations->stations.size())
    found(c.stations->source_file, c.stations->stations[i].line, "compressor station");
  else if (base == "decisions.groups" && c.decisions && i < c.decisions->groups.size())
    found(c.decisions->source_file, c.decisions->groups[i].line, "decision group");
  return at;
}

// Whether `text` is one number as a whole ("5e-324", "-0.5", "inf").
bool IsNumber(const std::string& text) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

// Reports the values of `c` that the GasLib XML would not give back (io::CompareCases'
// lines), each at its element in the input, rule not-representable: a pipe of 5e-324 m,
// which in km reads back as 0, was said without a file, line or rule. A number that
// changes is one the GasLib units cannot hold; any other difference (a name, a count, a
// part present on one side only) is said as it is. CompareCases' closing "... and N more
// differences" stays a plain line. Returns false.
bool NotRepresentable(const GasCase& c, const std::vector<std::string>& diff) {
  for (const std::string& d : diff) {
    if (d.rfind("... and ", 0) == 0) {
      std::fprintf(stderr, "  %s\n", Printable(d).c_str());
      continue;
    }
    const InputPlace at = LocateDifference(c, d);
    // "FIELD: X != Y" -> "FIELD X would read back as Y"
    std::string said = at.rest;
    const std::size_t colon = said.find(": "), ne = said.rfind(" != ");
    if (colon != std::string::npos && ne != std::string::npos && ne > colon) {
      const std::string field = said.substr(0, colon);
      const std::string was = said.substr(colon + 2, ne - colon - 2), back = said.substr(ne + 4);
      said = IsNumber(was) && IsNumber(back)
                 ? fmt::format("{} {} would read back as {} from GasLib XML, whose units "
                               "cannot hold it",
                               field, was, back)
                 : fmt::format("{} {} would read back as {} from GasLib XML", field, was,
                               back);
    }
    // (A difference of no element, as the network's texts, has no line of its own.)
    std::fprintf(stderr, "%s%s: error: %s%s%s [not-representable]\n",
                 Printable(at.file).c_str(),
                 at.line > 0 ? fmt::format(":{}", at.line).c_str() : "",
                 Printable(at.element).c_str(),
                 at.element.empty() ? "" : ": ", Printable(said).c_str());
  }
  std::fprintf(stderr,
               "corridor convert: the GasLib XML output would not read back as the same model "
               "(listed above)\n");
  return false;
}

// The line after a capped list: how many findings were not listed (and that errors took
// the places of warnings).
void PrintDropped(const Diagnostics& d) {
  if (d.dropped() == 0) return;
  const Diagnostics::DroppedCounts left = d.dropped_counts();
  std::fprintf(stderr, "%s\n",
               DroppedLine(left.errors, left.warnings, left.notes, d.items().size(),
                           d.displaced() > 0)
                   .c_str());
}

// `cap`: --max-messages, for the read-back's findings as for the reading's (they were held
// to a fixed 20 and the default cap).
bool BuildJson(const GasCase& c, const std::string& out, std::size_t cap,
               std::vector<OutputFile>* files) {
  std::string text = WriteCorridorJson(c);
  Diagnostics diag(cap);
  GasCase back;
  Status s = ReadCorridorJsonFromString(text, out, &back, &diag);
  if (!s.ok()) {
    PrintDiagnostics(diag);
    return ReadBackFailed("JSON", {s.ToString()});
  }
  std::vector<std::string> diff = io::CompareCases(c, back, cap);
  if (!diff.empty()) return ReadBackFailed("JSON", diff);
  files->push_back({out, std::move(text), "corridor JSON"});
  return true;
}

// "source 'A'" for the first start tag with an id on line `line` (from 1) of `xml`, the id
// as pugixml reads it (references decoded: the model's id again); empty where there is
// none. The tag is taken up to its first '>' outside quotes and parsed on its own.
std::string StartTagOnLine(const std::string& xml, int line) {
  std::size_t at = 0;
  for (int l = 1; l < line && at != std::string::npos; ++l) {
    at = xml.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  const std::size_t lt = at == std::string::npos ? at : xml.find('<', at);
  if (lt == std::string::npos || xml.find('\n', at) < lt) return {};
  std::size_t end = lt + 1;
  for (char quote = 0; end < xml.size() && (quote != 0 || xml[end] != '>'); ++end)
    if (quote == 0 && (xml[end] == '"' || xml[end] == '\''))
      quote = xml[end];
    else if (xml[end] == quote)
      quote = 0;
  if (end >= xml.size()) return {};
  std::string tag = xml.substr(lt, end - lt);
  if (tag.back() != '/') tag += '/';
  tag += '>';
  pugi::xml_document doc;
  if (!doc.load_string(tag.c_str())) return {};
  const pugi::xml_node e = doc.first_child();
  const pugi::xml_attribute id = e.attribute("id");
  if (!id) return {};
  return fmt::format("{} '{}'", io::LocalName(e), id.value());
}

// The read-back's findings on the XML that would be written, moved onto the input they
// come from: the element's file and line there (its id is the one quoted in the finding),
// since the lines of an output that is never written help nobody. `part` maps each output
// path to the input file of that part; an element not found there keeps line 0. A finding
// of the XML layer names no element (a character reference XML does not allow: a control
// character in an alias): its element is the start tag on its line of `made`, which the
// writers give one line each.
Diagnostics OnTheInput(const Diagnostics& found, const GasCase& c,
                       const std::vector<std::pair<std::string, std::string>>& part,
                       const std::vector<OutputFile>& made) {
  Diagnostics moved(found.items().size() + 1);
  for (Diagnostic d : found.items()) {
    if (d.element.empty() && d.line > 0)
      for (const OutputFile& f : made)
        if (f.path == d.file) d.element = StartTagOnLine(f.content, d.line);
    const std::size_t open = d.element.find('\''), close = d.element.rfind('\'');
    const std::string id = open != std::string::npos && close > open
                               ? d.element.substr(open + 1, close - open - 1)
                               : std::string();
    std::string input;
    for (const auto& [written, from] : part)
      if (written == d.file) input = from;
    int line = 0;
    if (!id.empty() && input == c.network.info.source_file) {
      if (auto v = c.network.FindNode(id)) line = c.network.nodes[*v].line;
      if (auto a = c.network.FindArc(id)) line = c.network.arcs[*a].line;
    } else if (!id.empty() && c.nomination && input == c.nomination->source_file) {
      for (const NodeNomination& nn : c.nomination->nodes)
        if (nn.node_id == id) line = nn.line;
    }
    d.file = input.empty() ? d.file : input;
    d.line = line;
    // (A character XML cannot hold is one the model has, written by the GasLib writer as it
    // stands or as a reference; anything else the read-back refuses is data GasLib needs.)
    const bool character = d.rule == "bad-char" || d.rule == "bad-char-ref";
    // A finite value of the model that its GasLib unit makes infinite (1e308 m3/s is
    // 3.6e308 1000 m3/h): the model lacks nothing (it was "GasLib requires what the model
    // lacks", not-finite).
    const bool overflow =
        d.rule == "not-finite" &&
        (d.message.find("value 'inf'") != std::string::npos ||
         d.message.find("value '-inf'") != std::string::npos);
    if (overflow) d.rule = "not-representable";
    d.message = (character ? "GasLib XML cannot hold a character of this text (as the GasLib "
                             "writer would write it): "
                 : overflow ? "GasLib's unit cannot hold the model's value, beyond a double's "
                              "range there: "
                            : "GasLib requires what the model lacks: ") +
                d.message;
    moved.Add(std::move(d));
  }
  return moved;
}

bool BuildGasLib(const GasCase& c, const std::string& out, std::size_t cap,
                 std::vector<OutputFile>* files) {
  namespace fs = std::filesystem;
  auto beside = [&](const char* ext) { return fs::path(out).replace_extension(ext).string(); };
  // The network goes to OUT: one named as another GasLib kind (-o case.cs without station
  // data) was written there, as "case.cs (GasLib network)", with exit 0.
  std::string ext = fs::path(out).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == ".scn" || ext == ".cs" || ext == ".cdf") {
    std::fprintf(stderr,
                 "corridor convert: -o '%s' names a %s file, but OUT is where the GasLib "
                 "network is written (the other parts go beside it); give -o a path ending "
                 "in .net [output-name]\n",
                 out.c_str(), ext.c_str());
    return false;
  }
  GasCase back;
  Diagnostics diag(cap);
  std::vector<OutputFile> made;
  std::vector<std::pair<std::string, std::string>> part;  // output path -> input file

  made.push_back({out, WriteGasLibNetwork(c.network), "GasLib network"});
  part.emplace_back(out, c.network.info.source_file);
  Status s = ReadGasLibNetworkFromString(made.back().content, out, &back.network, &diag);
  if (c.nomination) {
    std::string path = beside(".scn");
    part.emplace_back(path, c.nomination->source_file);
    made.push_back({path, WriteGasLibNomination(*c.nomination, c.network.info.notices),
                    "GasLib nomination"});
    Nomination n;
    Status t = ReadGasLibNominationFromString(made.back().content, path, &n, &diag);
    if (s.ok()) s = t;
    back.nomination = std::move(n);
  }
  if (c.stations) {
    std::string path = beside(".cs");
    part.emplace_back(path, c.stations->source_file);
    made.push_back({path, WriteGasLibCompressorStations(*c.stations, c.network.info.notices),
                    "GasLib compressor-station data"});
    CompressorStationData d;
    Status t = ReadGasLibCompressorStationsFromString(made.back().content, path, &d, &diag);
    if (s.ok()) s = t;
    back.stations = std::move(d);
  }
  if (c.decisions) {
    std::string path = beside(".cdf");
    part.emplace_back(path, c.decisions->source_file);
    made.push_back({path, WriteGasLibCombinedDecisions(*c.decisions, c.network.info.notices),
                    "GasLib combined decisions"});
    CombinedDecisions d;
    Status t = ReadGasLibCombinedDecisionsFromString(made.back().content, path, &d, &diag);
    if (s.ok()) s = t;
    back.decisions = std::move(d);
  }
  // Two outputs on one path (e.g. -o case.scn with a nomination) would overwrite each other.
  for (std::size_t i = 0; i < made.size(); ++i)
    for (std::size_t k = i + 1; k < made.size(); ++k)
      if (made[i].path == made[k].path) {
        std::fprintf(stderr,
                     "corridor convert: the %s and the %s would both be written to '%s'; give "
                     "-o a path ending in .net\n",
                     made[i].what.c_str(), made[k].what.c_str(), made[i].path.c_str());
        return false;
      }
  if (!s.ok() || diag.has_errors()) {
    PrintDiagnostics(OnTheInput(diag, c, part, made));
    PrintDropped(diag);
    return ReadBackFailed("GasLib XML",
                          {"the XML it would write does not load (why: listed above at the "
                           "input's elements)"});
  }
  // A part read without notices of its own is headed by the network's (io.h), which read
  // back as its own: the same model.
  auto fallback = [&](const std::vector<std::string>& given, std::vector<std::string>* read) {
    if (given.empty() && *read == c.network.info.notices) read->clear();
  };
  if (c.nomination) fallback(c.nomination->notices, &back.nomination->notices);
  if (c.stations) fallback(c.stations->notices, &back.stations->notices);
  if (c.decisions) fallback(c.decisions->notices, &back.decisions->notices);
  // Everything must come back as it was (the header's carriage returns too: the writer
  // gives them as references).
  std::vector<std::string> diff = io::CompareCases(c, back, cap, kGasLibReadBackTolerance);
  if (!diff.empty()) return NotRepresentable(c, diff);
  const std::size_t shown = std::min<std::size_t>(cap, 5);
  const std::vector<std::string> last_bits = io::CompareCases(c, back, shown + 1, 0.0);
  if (!last_bits.empty()) {
    std::fprintf(stderr,
                 "corridor convert: warning: %s value%s GasLib's units hold only to the last "
                 "digits (read back within %g):\n",
                 last_bits.size() > shown ? fmt::format("more than {}", shown).c_str()
                                          : std::to_string(last_bits.size()).c_str(),
                 last_bits.size() == 1 ? "" : "s", kGasLibReadBackTolerance);
    for (std::size_t k = 0; k < std::min(last_bits.size(), shown); ++k)
      std::fprintf(stderr, "  %s\n", last_bits[k].c_str());
  }
  for (OutputFile& f : made) files->push_back(std::move(f));
  return true;
}

int RunConvert(const ConvertArgs& args) {
  const bool to_stdout = args.output == "-";
  // With -o -, standard output is the file: the report goes to stderr.
  std::FILE* const report = to_stdout ? stderr : stdout;
  Diagnostics diag(args.max_messages);
  GasCase c;
  Status loaded = LoadCase(args.files, &c, &diag);
  // Text GasLib XML cannot hold, each said where the reader met it (not-xml-char): a
  // warning that check gives, an error here, where it refuses the run (it was listed as a
  // warning above the refusal).
  // A notice an XML comment cannot hold (xml-comment: "--", a carriage return, a last '-')
  // too: it failed later as not-representable, and the count said 1 of 3 such texts.
  const std::size_t unheld =
      args.to == "gaslib" ? diag.Promote("not-xml-char") + diag.Promote("xml-comment") : 0;
  // An option of another output format would change nothing (--drawing-coordinates with
  // --to json was taken without a word): refused, as simulate refuses --lambda without
  // --friction fixed. (--no-drawing-coordinates states the default, which holds for every
  // format: a script may pass it always.)
  std::vector<std::string> problems;
  if (args.drawing_coordinates && args.to != "geojson")
    problems.push_back(fmt::format("--drawing-coordinates applies to --to geojson only (here "
                                   "--to {}) [needs-geojson]",
                                   args.to));
  // -o - is standard output (it wrote a file named "-"), which holds one file: a GasLib case
  // is a file per part.
  if (to_stdout && args.to == "gaslib")
    problems.push_back("-o -: standard output holds one file, and a GasLib case is written as "
                       "one file per part (.net, .scn, .cs, .cdf); give -o a path ending in "
                       ".net [needs-file]");
  PrintProblems("convert", problems, diag, /*problems_first=*/true);
  if (!loaded.ok() || diag.error_count() > unheld) {
    std::fprintf(stderr, "corridor convert: %zu error%s in the input; nothing written\n",
                 diag.error_count(), diag.error_count() == 1 ? "" : "s");
    return 1;
  }
  if (!problems.empty()) {
    std::fprintf(stderr, "corridor convert: nothing written\n");
    return 1;
  }
  if (unheld > 0) {
    // (Past --max-messages more may be among the unlisted: "at least".)
    std::fprintf(stderr,
                 "corridor convert: GasLib XML cannot hold %s%zu text%s of the input (listed "
                 "above, not-xml-char and xml-comment); nothing written\n",
                 diag.dropped() > 0 ? "at least " : "", unheld, unheld == 1 ? "" : "s");
    return 1;
  }
  std::vector<OutputFile> files;
  std::string note;
  bool ok = true;
  if (args.to == "json") {
    ok = BuildJson(c, args.output, args.max_messages, &files);
  } else if (args.to == "gaslib") {
    ok = BuildGasLib(c, args.output, args.max_messages, &files);
  } else {
    GeoJsonOptions options;
    options.allow_drawing_coordinates = args.drawing_coordinates;
    std::vector<GeoJsonUnheld> nulled;
    files.push_back({args.output, WriteGeoJson(c.network, options, &note, &nulled), "GeoJSON"});
    // A value that its display unit turns infinite became null without a word (a flow of
    // 1e308 m3/s); said at its element, as --to gaslib refuses it (a map is still drawn).
    Diagnostics said(args.max_messages);
    for (const GeoJsonUnheld& u : nulled) {
      const bool arc = u.arc && u.index < c.network.arcs.size();
      const bool node = !u.arc && u.index < c.network.nodes.size();
      if (!arc && !node) continue;
      Diagnostic d;
      d.severity = Diagnostic::Severity::kWarning;
      d.file = c.network.info.source_file;
      d.line = arc ? c.network.arcs[u.index].line : c.network.nodes[u.index].line;
      d.element = arc ? fmt::format("{} '{}'", ArcKindName(c.network.arcs[u.index].kind),
                                    c.network.arcs[u.index].id)
                      : fmt::format("{} '{}'", NodeKindName(c.network.nodes[u.index].kind),
                                    c.network.nodes[u.index].id);
      d.rule = "not-representable";
      d.message = fmt::format("{} is written as null: the model's value is beyond a double's "
                              "range in that unit",
                              u.key);
      said.Add(std::move(d));
    }
    PrintDiagnostics(said);  // (with its "... and N more" line)
  }
  if (!ok) {
    std::fprintf(stderr, "corridor convert: nothing written\n");
    return 1;
  }

  if (to_stdout) {
    // (One file: json or geojson. Written whole; a failure is said as the file's, not again
    // as the report's.)
    const OutputFile& f = files.front();
    errno = 0;
    const bool written =
        std::fwrite(f.content.data(), 1, f.content.size(), stdout) == f.content.size() &&
        std::fflush(stdout) == 0 && !std::ferror(stdout);
    if (!written) {
      const int err = errno;
      std::clearerr(stdout);
      std::fprintf(stderr,
                   "corridor convert: the %s could not be written to standard output%s%s\n",
                   f.what.c_str(), err != 0 ? ": " : "", err != 0 ? std::strerror(err) : "");
      return 4;
    }
    std::fprintf(report, "Wrote standard output (%s, %zu bytes)\n", f.what.c_str(),
                 f.content.size());
  } else {
    // All or nothing: every file is written beside its target before any is replaced.
    std::vector<FileContent> out;
    std::vector<std::string> paths;
    for (const OutputFile& f : files) {
      out.push_back({f.path, f.content});
      paths.push_back(f.path);
    }
    if (const std::string clash = OutputIsAnInput(args.files, paths); !clash.empty()) {
      std::fprintf(stderr, "corridor convert: %s [output-clash]\ncorridor convert: nothing "
                   "written\n",
                   clash.c_str());
      return 1;
    }
    // Missing folders are made, as simulate and run make theirs (and removed again when
    // the write fails).
    std::vector<std::string> folders;
    for (const std::string& p : paths) {
      const std::string parent = std::filesystem::path(p).parent_path().string();
      if (!parent.empty()) folders.push_back(parent);
    }
    if (Status s = WriteFilesIntoFolders(folders, out); !s.ok()) {
      std::fprintf(stderr, "corridor convert: %s\ncorridor convert: nothing written\n",
                   s.ToString().c_str());
      return 1;
    }
    for (const OutputFile& f : files)
      std::printf("Wrote %s (%s, %zu bytes)\n", f.path.c_str(), f.what.c_str(),
                  f.content.size());
    // A GasLib case is a set of files with one stem: one this case lacks, left from an
    // earlier conversion to the same stem, would be read with the new .net as if it belonged
    // to it (same node ids, another nomination). Said, not removed: it may be the user's own
    // file.
    if (args.to == "gaslib")
      for (const auto& [ext, what] : {std::pair<const char*, const char*>{".scn", "nomination"},
                                      {".cs", "compressor-station data"},
                                      {".cdf", "combined decisions"}}) {
        const std::string path =
            std::filesystem::path(args.output).replace_extension(ext).string();
        std::error_code ec;
        if (std::find(paths.begin(), paths.end(), path) == paths.end() &&
            std::filesystem::exists(path, ec))
          std::fprintf(stderr,
                       "corridor convert: warning: %s was not written (this case has no %s) "
                       "and is left as it was: it is not this case's, so do not load it with "
                       "%s\n",
                       path.c_str(), what, args.output.c_str());
      }
  }
  std::fprintf(report, "Network        : %zu nodes, %zu arcs%s%s%s\n",
               c.network.nodes.size(), c.network.arcs.size(),
               c.nomination ? ", nomination" : "", c.stations ? ", compressor-station data" : "",
               c.decisions ? ", combined decisions" : "");
  // (The line above is what was read: GeoJSON holds the network alone, which it did not
  // say.)
  if (args.to == "geojson") {
    std::vector<const char*> left;
    if (c.nomination) left.push_back("nomination");
    if (c.stations) left.push_back("compressor-station data");
    if (c.decisions) left.push_back("combined decisions");
    std::string parts;
    for (std::size_t k = 0; k < left.size(); ++k)
      parts += fmt::format("{}{}", k == 0 ? "" : k + 1 == left.size() ? " and " : ", ", left[k]);
    if (!parts.empty())
      std::fprintf(report,
                   "Not written    : the %s (GeoJSON holds the network and its data only)\n",
                   parts.c_str());
  }
  if (!note.empty()) {
    // Where no node has a position, the option that draws them anyway (before the
    // sentence's full stop).
    if (note.rfind("none of the ", 0) == 0 && !args.drawing_coordinates && note.back() == '.')
      note.insert(note.size() - 1,
                  " (--drawing-coordinates puts them in the geometries, not geographic)");
    std::fprintf(report, "Note           : %s\n", note.c_str());
  }
  // convert writes what it read, but files that do not belong together (GasLib-11.net with
  // GasLib-24.scn) gave exit 0 and no word, and check then called the product not usable.
  // A conversion stays possible (to mend a case in an editor); the product's state is said.
  // GeoJSON holds the network alone: it is checked alone (GasLib-11.net beside GasLib-24.scn
  // said "the case written is not usable" over a nomination it had not written).
  const bool network_only = args.to == "geojson";
  GasCase network_case;
  if (network_only) network_case.network = c.network;
  const char* written = network_only ? "network" : "case";
  ValidationSummary vs;
  Diagnostics found(1);
  const Status v = ValidateCase(network_only ? network_case : c, ValidateOptions(), &vs, &found);
  if (!v.ok() && found.error_count() == 0)  // (refused as a whole: no finding to count)
    std::fprintf(stderr, "corridor convert: warning: the %s written could not be checked: %s\n",
                 written, v.ToString().c_str());
  else if (!v.ok() || !vs.usable)
    std::fprintf(stderr,
                 "corridor convert: warning: the %s written is not usable as it stands: %zu "
                 "error%s that `corridor check` lists%s%s\n",
                 written, found.error_count(), found.error_count() == 1 ? "" : "s",
                 found.items().empty() ? "" : ", the first: ",
                 found.items().empty() ? "" : found.items()[0].ToString().c_str());
  return 0;
}

}  // namespace

Command RegisterConvert(CLI::App& app) {
  auto args = std::make_shared<ConvertArgs>();
  auto usage = std::make_shared<std::vector<std::string>>();
  CLI::App* sub = app.add_subcommand(
      "convert",
      "Convert a case to corridor JSON, GeoJSON or GasLib XML. Input: GasLib .net with "
      "optional .scn/.cs/.cdf, or corridor JSON, in any order (kinds are detected from the "
      "content).");
  Checked(sub->add_option("files", args->files, "Input files")->required(), usage,
          {NonEmptyPath(PathUse::kPositional)});
  Checked(sub->add_option("--to", args->to, "Output format: json, geojson or gaslib")->required(),
          usage,
          {CLI::IsMember({"json", "geojson", "gaslib"}, CLI::ignore_case).name("unknown-choice")});
  Checked(sub->add_option("-o,--output", args->output,
                          "Output file; - is standard output (json and geojson: the report "
                          "then goes to stderr)")
              ->required(),
          usage, {NonEmptyPath(PathUse::kOutputOrStandardOutput), NoEqualsSign()});
  CLI::Option* drawing = sub->add_flag(
      "--drawing-coordinates", args->drawing_coordinates,
      "GeoJSON, for a network where no node has a geoWGS84 position: every node at its "
      "drawing coordinates x/y, which are not longitude/latitude (a GIS places them wrongly), "
      "instead of null geometries (where some nodes have a position, the others get a null "
      "geometry anyway)");
  sub->add_flag("--no-drawing-coordinates", args->no_drawing_coordinates,
                "GeoJSON: null geometries for nodes without a geoWGS84 position (the default)")
      ->excludes(drawing);
  Checked(sub->add_option("--max-messages", args->max_messages,
                          "Most problems listed (the rest are counted; default 50)"),
          usage, {CLI::Range(std::size_t{1}, std::size_t{1000000})}, args->max_messages);
  sub->footer(
      "Outputs:\n"
      "  json     one corridor JSON file (docs/json-format.md) holding the network and, when\n"
      "           loaded, the nomination, compressor-station data and combined decisions.\n"
      "  gaslib   OUT is the .net file (one ending in .scn, .cs or .cdf is refused); a loaded\n"
      "           nomination, .cs and .cdf are written beside it with the same stem:\n"
      "           -o dir/case.net writes dir/case.net, dir/case.scn,\n"
      "           dir/case.cs, dir/case.cdf. Pressures in bar absolute, flows in\n"
      "           1000m_cube_per_hour at normal conditions. A file of that stem the case\n"
      "           does not write (an older dir/case.scn) is left as it was, with a warning.\n"
      "  geojson  RFC 7946 FeatureCollection: nodes as points, arcs as lines, positions\n"
      "           [lon, lat] from geoWGS84; where some nodes have none, they and the arcs\n"
      "           touching them get a null geometry, with a note (printed, and in the\n"
      "           file's corridor_note); where no node has one, every geometry is null\n"
      "           (--drawing-coordinates: the drawing coordinates x/y, not geographic).\n"
      "JSON and GasLib output is read back and compared with the loaded model before\n"
      "anything is written. All files are written atomically; if one fails, none is left.\n"
      "Missing folders on the way to OUT are made (and removed again if a write fails).\n"
      "convert writes the case as read; where `corridor check` would find errors (a\n"
      "nomination of nodes the network lacks), it says so in a warning and writes it.\n"
      "Exit status: 0 when everything was written, 1 otherwise, 4 when standard output (the\n"
      "report, or the file with -o -) could not be written.");
  return {sub,
          [args, usage] {
            if (const int status = ListUsageProblems("convert", *usage, 1); status >= 0)
              return status;
            return RunConvert(*args);
          },
          1, usage};
}

}  // namespace corridor::cli
