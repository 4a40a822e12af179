// `corridor convert` end to end: GasLib -> GasLib, GasLib -> JSON -> GasLib on real
// instances (compared with the loaded original), GeoJSON with its note, and bad input or a
// failing write leaving nothing behind (no output, no temporary files).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/file.h"
#include "corridor/io.h"
#include "formats_test_util.h"
#include "io/model_compare.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

#ifdef CORRIDOR_CLI
using test::CliResult;

/// The scratch folder's out/ is where every conversion writes.
class ConvertCli : public test::CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    fs::create_directories(dir_ / "out");
  }

  /// Names of the files in out/ (hidden temporary files included), sorted.
  std::vector<std::string> OutFiles() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_ / "out")) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string Out(const char* name) const { return (dir_ / "out" / name).string(); }
  /// GasLib-11 converted to corridor JSON by the CLI (empty where that failed, said), with
  /// the offset of entry01's "id" and the line of its object.
  std::string Gaslib11Json(std::size_t* id, int* line) {
    CliResult r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to",
                       "json", "-o", Out("g11.json")});
    EXPECT_EQ(r.status, 0) << r.err;
    std::string json;
    if (r.status != 0 || !ReadFileToString(Out("g11.json"), &json).ok()) return {};
    *id = json.find("\"id\": \"entry01\"");
    if (*id == std::string::npos) {
      ADD_FAILURE() << "no entry01 in g11.json";
      return {};
    }
    const auto open = json.begin() + static_cast<std::ptrdiff_t>(json.rfind('{', *id));
    *line = 1 + static_cast<int>(std::count(json.begin(), open, '\n'));
    return json;
  }
  /// `corridor convert` on the files of `set`, then `more`.
  CliResult Convert(const test::GasLibSet& set, const std::vector<std::string>& more) {
    std::vector<std::string> args = {"convert"};
    for (const auto& f : set.files) args.push_back(test::GasLibDir() + "/" + f);
    args.insert(args.end(), more.begin(), more.end());
    return Run(args);
  }
};

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

GasCase Load(const std::vector<std::string>& paths) {
  GasCase c;
  Diagnostics diag;
  Status s = LoadCase(paths, &c, &diag);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  return c;
}

TEST_F(ConvertCli, GasLibToGasLibWritesNetScnCsBesideEachOther) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[0];  // GasLib-11: .net .scn .cs
  CliResult r = Convert(set, {"--to", "gaslib", "-o", Out("g11.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(OutFiles(), (std::vector<std::string>{"g11.cs", "g11.net", "g11.scn"}));
  EXPECT_NE(r.out.find("Wrote " + Out("g11.scn")), std::string::npos) << r.out;
  GasCase original;
  ASSERT_TRUE(test::LoadSet(set, &original));
  GasCase back = Load({Out("g11.net"), Out("g11.scn"), Out("g11.cs")});
  std::vector<std::string> diff = io::CompareCases(original, back, 20);
  EXPECT_TRUE(diff.empty()) << Join(diff);
}

// OUT is the network's file: one named as another GasLib kind is refused, whatever else is
// written (-o case.cs without station data wrote the network as case.cs, exit 0).
TEST_F(ConvertCli, AnOutputNamedAsAnotherGasLibKindIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[0];
  for (const char* name : {"case.cs", "case.SCN", "case.cdf"}) {
    CliResult r = Convert(set, {"--to", "gaslib", "-o", Out(name)});
    EXPECT_EQ(r.status, 1) << name << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("give -o a path ending in .net"), std::string::npos) << r.err;
    EXPECT_TRUE(OutFiles().empty()) << name;
  }
}

// A .net converted alone to the stem of an earlier conversion with a nomination: the old
// .scn/.cs stay (they may be the user's), and the warning says they are not this case's
// (loaded with the new .net, a stale .scn with matching ids passed as its nomination).
TEST_F(ConvertCli, FilesOfTheStemThisCaseDoesNotWriteAreSaidToBeOthers) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[0];  // GasLib-11: .net .scn .cs
  CliResult r = Convert(set, {"--to", "gaslib", "-o", Out("g11.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  r = Run({"convert", test::GasLibDir() + "/" + set.files[0], "--to", "gaslib", "-o",
           Out("g11.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(OutFiles(), (std::vector<std::string>{"g11.cs", "g11.net", "g11.scn"}));
  for (const char* f : {"g11.scn", "g11.cs"})
    EXPECT_NE(r.err.find("warning: " + Out(f) + " was not written"), std::string::npos)
        << f << "\n" << r.err;
  EXPECT_EQ(r.err.find("g11.cdf"), std::string::npos) << r.err;  // none there
}

// Files that do not belong together (GasLib-11's network, GasLib-24's nomination) are
// converted as read, but no longer with exit 0 and no word: a warning says the product is
// not usable and names the first error check finds. A case that belongs together: none.
TEST_F(ConvertCli, ACaseCheckWouldRefuseIsConvertedWithAWarning) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir();
  CliResult r = Run({"convert", g + "/GasLib-11/GasLib-11.net", g + "/GasLib-24/GasLib-24.scn",
                     "--to", "json", "-o", Out("mixed.json")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(OutFiles(), (std::vector<std::string>{"mixed.json"}));
  // (3: the nominated nodes GasLib-11 lacks; not also the imbalance they leave, since the
  // 64th session.)
  EXPECT_NE(r.err.find("corridor convert: warning: the case written is not usable as it "
                       "stands: 3 errors that `corridor check` lists, the first: "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("GasLib-24.scn:64: error: node 'exit04': nominated node 'exit04' is not "
                       "in the network"),
            std::string::npos)
      << r.err;
  // GeoJSON holds the network alone, which is usable: no word on the nomination it does not
  // write ("the case written is not usable" was said of it).
  r = Run({"convert", g + "/GasLib-11/GasLib-11.net", g + "/GasLib-24/GasLib-24.scn", "--to",
           "geojson", "-o", Out("mixed.geojson")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("not usable"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Not written    : the nomination"), std::string::npos) << r.out;
  r = Convert(test::GasLibSets()[0], {"--to", "json", "-o", Out("g11.json")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  // The format's name in any case, as --friction and --eos take theirs.
  r = Convert(test::GasLibSets()[0], {"--to", "JSON", "-o", Out("g11-upper.json")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("(corridor JSON,"), std::string::npos) << r.out;
}

TEST_F(ConvertCli, GasLibToJsonToGasLibKeepsTheModel) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[4];  // GasLib-582 with .scn .cs .cdf
  CliResult r = Convert(set, {"--to", "json", "-o", Out("g582.json")});
  ASSERT_EQ(r.status, 0) << r.err;
  r = Run({"convert", Out("g582.json"), "--to", "gaslib", "-o", Out("back.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(OutFiles(), (std::vector<std::string>{"back.cdf", "back.cs", "back.net", "back.scn",
                                                  "g582.json"}));
  GasCase original;
  ASSERT_TRUE(test::LoadSet(set, &original));
  GasCase via_json = Load({Out("g582.json")});
  std::vector<std::string> diff = io::CompareCases(original, via_json, 20);
  EXPECT_TRUE(diff.empty()) << "GasLib -> JSON:\n" << Join(diff);
  GasCase back = Load({Out("back.net"), Out("back.scn"), Out("back.cs"), Out("back.cdf")});
  diff = io::CompareCases(original, back, 20);
  EXPECT_TRUE(diff.empty()) << "GasLib -> JSON -> GasLib:\n" << Join(diff);
}

// A documentation text with Windows line ends could not be converted to GasLib (the
// read-back differed: XML readers make every raw "\r\n" and "\r" a "\n"), and then came
// back with "\n" alone. Written as the reference &#13;, every carriage return survives.
TEST_F(ConvertCli, TextWithCarriageReturnsConvertsToGasLib) {
  CORRIDOR_REQUIRE_SHARED();
  CliResult r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to", "json",
                     "-o", Out("g11.json")});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string json;
  ASSERT_TRUE(ReadFileToString(Out("g11.json"), &json).ok());
  const std::string doc = "\"Gas network with 11 nodes.\"";
  const std::size_t at = json.find(doc);
  ASSERT_NE(at, std::string::npos) << json.substr(0, 400);
  json.replace(at, doc.size(), "\"one\\r\\ntwo\\rthree\"");
  const std::string crlf = Write("crlf.json", json);
  r = Run({"convert", crlf, "--to", "gaslib", "-o", Out("back.net")});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  GasCase back = Load({Out("back.net")});
  EXPECT_EQ(back.network.info.documentation, "one\r\ntwo\rthree");
  std::string xml;
  ASSERT_TRUE(ReadFileToString(Out("back.net"), &xml).ok());
  EXPECT_NE(xml.find("one&#13;\ntwo&#13;three"), std::string::npos);
}

// GasLib's copyright notice heads every file converted from it, verbatim, before
// corridor's own (CC BY 3.0 asks that copyright notices be kept intact; it was replaced by
// a citation). Converted again, each file keeps one copy: corridor's header is not taken for
// a notice. Through JSON it is kept as "notices"; one that an XML comment cannot hold is
// said where it is read, and the conversion to GasLib refused.
TEST_F(ConvertCli, GasLibsCopyrightNoticeHeadsEveryFileWritten) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[0];  // GasLib-11: .net .scn .cs
  std::string original;
  ASSERT_TRUE(ReadFileToString(test::GasLibDir() + "/" + set.files[0], &original).ok());
  const std::string notice = "<!-- Copyright (C) 2013";
  ASSERT_NE(original.find(notice), std::string::npos);
  const std::string block = original.substr(original.find("<!--"),
                                            original.find("<network") - original.find("<!--"));
  ASSERT_GT(block.size(), 500u);  // the whole head, its lines of dashes included
  CliResult r = Convert(set, {"--to", "gaslib", "-o", Out("g11.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  r = Run({"convert", Out("g11.net"), Out("g11.scn"), Out("g11.cs"), "--to", "gaslib", "-o",
           Out("again.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"g11.net", "g11.scn", "g11.cs", "again.net", "again.scn", "again.cs"}) {
    std::string xml;
    ASSERT_TRUE(ReadFileToString(Out(f), &xml).ok()) << f;
    const std::size_t at = xml.find(notice);
    ASSERT_NE(at, std::string::npos) << f << "\n" << xml.substr(0, 800);
    EXPECT_EQ(xml.find(notice, at + 1), std::string::npos) << f;  // once
    EXPECT_LT(at, xml.find("Written by corridor")) << f;
    // Line for line as in GasLib's file (what lies between the comments aside).
    for (std::size_t b = 0, e; (e = block.find('\n', b)) != std::string::npos; b = e + 1) {
      std::string line = block.substr(b, e - b);
      if (!line.empty() && line.back() == '\r') line.pop_back();  // (GasLib's files end so)
      if (line.rfind("<!--", 0) == 0)
        EXPECT_NE(xml.find(line), std::string::npos) << f << ": " << line;
    }
    EXPECT_EQ(xml.find("Written by corridor"), xml.rfind("Written by corridor")) << f;
  }
  r = Run({"convert", Out("g11.net"), "--to", "json", "-o", Out("g11.json")});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string json;
  ASSERT_TRUE(ReadFileToString(Out("g11.json"), &json).ok());
  const std::size_t key = json.find("\"notices\": [");
  ASSERT_NE(key, std::string::npos) << json.substr(0, 600);
  const std::size_t first = json.find('"', json.find('[', key)) + 1;
  json.insert(first, "a -- b - ");
  const std::string dashes = Write("dashes.json", json);
  r = Run({"convert", dashes, "--to", "gaslib", "-o", Out("dashes.net")});
  EXPECT_EQ(r.status, 1) << r.err;
  // An error here, as not-xml-char is, counted with them (it failed later, as
  // not-representable, and the count line left it out).
  EXPECT_NE(r.err.find(": error: /network/info/notices: \"notices\"[0] holds \"--\" or a "
                       "carriage return, or ends in '-', which an XML comment cannot hold: the "
                       "case cannot be converted to GasLib XML [xml-comment]"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("corridor convert: GasLib XML cannot hold 1 text of the input (listed "
                       "above, not-xml-char and xml-comment); nothing written"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(Out("dashes.net")));
  // To JSON it is kept as it is.
  r = Run({"convert", dashes, "--to", "json", "-o", Out("dashes.json")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Load({Out("dashes.json")}).network.info.notices[0].rfind("a -- b - ", 0), 0u);
}

// Each file keeps the comments that head it (Nomination::notices and the like). The corridor
// case's .cs says that its machine data are estimates and each scenario says what it is;
// both were replaced by the network's comment, in GasLib XML and through JSON alike.
// Converted again, every file reads the same, byte for byte.
TEST_F(ConvertCli, EachFileKeepsTheCommentsThatHeadIt) {
  const std::string dir = test::SourceDir() + "/data/corridor/";
  CliResult r = Run({"convert", dir + "corridor.net", dir + "scenarios/baseline.scn",
                     dir + "corridor.cs", "--to", "gaslib", "-o", Out("c.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  const char* const network = "the Russia-Azerbaijan-Iran gas corridor case";
  const char* const stations = "corridor compressor stations: ESTIMATES";
  const char* const scenario = "Scenario baseline: Recent annual-average flows";
  auto text = [&](const char* f) {
    std::string t;
    EXPECT_TRUE(ReadFileToString(Out(f), &t).ok()) << f;
    return t;
  };
  const std::string net = text("c.net"), scn = text("c.scn"), cs = text("c.cs");
  EXPECT_NE(net.find(network), std::string::npos);
  const std::size_t at = cs.find(stations);
  ASSERT_NE(at, std::string::npos) << cs.substr(0, 800);
  EXPECT_EQ(cs.find(stations, at + 1), std::string::npos);  // once
  EXPECT_LT(at, cs.find("Written by corridor"));
  EXPECT_EQ(cs.find(network), std::string::npos);
  EXPECT_NE(scn.find(scenario), std::string::npos) << scn.substr(0, 800);
  EXPECT_EQ(scn.find(network), std::string::npos);
  // Again from what was written, and through corridor JSON.
  r = Run({"convert", Out("c.net"), Out("c.scn"), Out("c.cs"), "--to", "gaslib", "-o",
           Out("again.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  r = Run({"convert", Out("c.net"), Out("c.scn"), Out("c.cs"), "--to", "json", "-o",
           Out("c.json")});
  ASSERT_EQ(r.status, 0) << r.err;
  r = Run({"convert", Out("c.json"), "--to", "gaslib", "-o", Out("json.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"again.scn", "json.scn"}) EXPECT_EQ(text(f), scn) << f;
  for (const char* f : {"again.cs", "json.cs"}) EXPECT_EQ(text(f), cs) << f;
  for (const char* f : {"again.net", "json.net"}) EXPECT_EQ(text(f), net) << f;
}

// A file without comments of its own is headed by the network's (GasLib's copyright notice
// stays with every file derived from its data), and that is no change of the model: the
// read-back check refused such a .scn ("nomination.notices 0 entries would read back as 22
// entries", a review's probe).
TEST_F(ConvertCli, AFileWithoutCommentsTakesTheNetworks) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string dir = test::GasLibDir() + "/GasLib-11/";
  std::string scn;
  ASSERT_TRUE(ReadFileToString(dir + "GasLib-11.scn", &scn).ok());
  for (std::size_t at; (at = scn.find("<!--")) != std::string::npos;)
    scn.erase(at, scn.find("-->", at) + 3 - at);
  ASSERT_EQ(scn.find("Copyright"), std::string::npos);
  const std::string bare = Write("bare.scn", scn);
  CliResult r = Run({"convert", dir + "GasLib-11.net", bare, "--to", "gaslib", "-o",
                     Out("g.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string written;
  ASSERT_TRUE(ReadFileToString(Out("g.scn"), &written).ok());
  EXPECT_NE(written.find("<!-- Copyright (C) 2013"), std::string::npos) << written.substr(0, 600);
  // Through JSON the nomination has no notices, and the same holds.
  r = Run({"convert", dir + "GasLib-11.net", bare, "--to", "json", "-o", Out("g.json")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(Load({Out("g.json")}).nomination->notices.empty());
  r = Run({"convert", Out("g.json"), "--to", "gaslib", "-o", Out("j.net")});
  ASSERT_EQ(r.status, 0) << r.err;
}

// A finite flow bound that GasLib's unit makes infinite (1e308 m3/s is 3.6e308 1000 m3/h):
// not-representable, at the source's line, and not "GasLib requires what the model lacks"
// (not-finite), which it does not.
TEST_F(ConvertCli, AValueBeyondADoubleInGasLibsUnitIsNotRepresentable) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t id = 0;
  int line = 0;
  std::string json = Gaslib11Json(&id, &line);
  ASSERT_FALSE(json.empty());
  const std::size_t key = json.find("\"flow_max_m3_per_s\": ", id);
  ASSERT_NE(key, std::string::npos);
  const std::size_t value = key + std::string("\"flow_max_m3_per_s\": ").size();
  json.replace(value, json.find_first_of(",\n", value) - value, "1e308");
  const std::string big = Write("big.json", json);
  CliResult r = Run({"convert", big, "--to", "gaslib", "-o", Out("back.net")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find(big + ":" + std::to_string(line) + ": error: source 'entry01': GasLib's "
                       "unit cannot hold the model's value, beyond a double's range there: "
                       "<flowMax> value 'inf' is not a finite number [not-representable]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("requires what the model lacks"), std::string::npos) << r.err;
  EXPECT_TRUE(OutFiles().empty() ||
              OutFiles() == std::vector<std::string>{"g11.json"}) << Join(OutFiles());
  // In GeoJSON, whose 1000 Nm3/h cannot hold it either: written as null (a map is still
  // drawn), said at the source's line; it was a silent null.
  r = Run({"convert", big, "--to", "geojson", "-o", Out("big.geojson")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find(big + ":" + std::to_string(line) + ": warning: source 'entry01': "
                       "flow_max_1000Nm3_per_h is written as null: the model's value is "
                       "beyond a double's range in that unit [not-representable]"),
            std::string::npos)
      << r.err;
  std::string text;
  ASSERT_TRUE(ReadFileToString(Out("big.geojson"), &text).ok());
  EXPECT_NE(text.find("\"flow_max_1000Nm3_per_h\": null"), std::string::npos);
  // One such value, one line: GasLib-11 as it is gives none.
  EXPECT_EQ(r.err.find("[not-representable]"), r.err.rfind("[not-representable]")) << r.err;
  r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to", "geojson", "-o",
           Out("g11.geojson")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("not-representable"), std::string::npos) << r.err;
  // Two such values under --max-messages 1: the line after the capped list once (it was
  // printed twice).
  const std::size_t next = json.find("\"flow_max_m3_per_s\": ", value);
  ASSERT_NE(next, std::string::npos);
  const std::size_t at = next + std::string("\"flow_max_m3_per_s\": ").size();
  json.replace(at, json.find_first_of(",\n", at) - at, "1e308");
  r = Run({"convert", Write("two.json", json), "--to", "geojson", "-o", Out("two.geojson"),
           "--max-messages", "1"});
  EXPECT_EQ(r.status, 0) << r.err;
  const std::size_t more = r.err.find("... and 1 more (1 warning");
  EXPECT_NE(more, std::string::npos) << r.err;
  EXPECT_EQ(more, r.err.rfind("... and 1 more (1 warning")) << r.err;
}

// A JSON model without what GasLib requires (a source's flow bounds): the refusal names the
// JSON file and the element's line there, not lines of the .net that is never written.
TEST_F(ConvertCli, AJsonModelGasLibCannotHoldIsRefusedAtItsOwnLines) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t id = 0;
  int line = 0;
  std::string json = Gaslib11Json(&id, &line);
  ASSERT_FALSE(json.empty());
  const std::size_t key = json.find("\"flow_min_m3_per_s\"", id);
  ASSERT_NE(key, std::string::npos);
  const std::size_t bol = json.rfind('\n', key) + 1;
  json.erase(bol, json.find('\n', key) + 1 - bol);  // the key's whole line (after `line`)
  const std::string bad = Write("no_flow_min.json", json);
  CliResult r = Run({"convert", bad, "--to", "gaslib", "-o", Out("back.net")});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(bad + ":" + std::to_string(line) + ": error: source 'entry01': "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("<flowMin> is missing [missing-element]"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("back.net:"), std::string::npos) << r.err;  // never written
  EXPECT_FALSE(fs::exists(Out("back.net")));
}

// A control character in an alias is JSON, and no XML can hold it: the refusal names the
// element and its line in the input (it named "<source>" of an output never written), as the
// reader met it (not-xml-char: check warns of it too), every one (a review's probe: a title
// with U+FFFF and a documentation with U+FFFE were said as the first only, at an offset of
// the XML that would have been written).
TEST_F(ConvertCli, AControlCharacterGasLibCannotHoldIsNamedAtItsElement) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t id = 0;
  int line = 0;
  std::string json = Gaslib11Json(&id, &line);
  ASSERT_FALSE(json.empty());
  ASSERT_EQ(json.find("\"alias\"", id), std::string::npos);  // GasLib-11 has none
  json.insert(id + 15, ", \"alias\": \"a\\u0001b\"");
  const std::string bad = Write("control_alias.json", json);
  CliResult r = Run({"convert", bad, "--to", "gaslib", "-o", Out("back.net")});
  EXPECT_EQ(r.status, 1);
  // (At the alias' own line, the line after the node's id; an error here, which refuses
  // the run, where check warns of it: it was listed as a warning above the refusal.)
  EXPECT_NE(r.err.find(bad + ":" + std::to_string(line + 1) +
                       ": error: /network/nodes/0/alias (node 'entry01'): \"alias\" holds the "
                       "character U+0001, which XML cannot hold"),
            std::string::npos)
      << line << "\n" << r.err;
  // Said as text GasLib XML cannot hold, not as data it requires and the model lacks.
  EXPECT_NE(r.err.find("corridor convert: GasLib XML cannot hold 1 text of the input (listed "
                       "above, not-xml-char and xml-comment); nothing written"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("lacks"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(Out("back.net")));
  // To JSON it converts; check warns (it passed the file without a word).
  r = Run({"convert", bad, "--to", "json", "-o", Out("again.json")});
  EXPECT_EQ(r.status, 0) << r.err;
  r = Run({"check", bad});
  EXPECT_NE((r.out + r.err).find("[not-xml-char]"), std::string::npos) << r.out << r.err;
  // Every one, each at its line: a title with U+FFFF and a documentation with U+FFFE too.
  std::string more = json;
  const std::size_t title = more.find("\"title\": \"");
  ASSERT_NE(title, std::string::npos);
  more.insert(title + 10, "\\uffff");
  const std::size_t doc = more.find("\"documentation\": \"");
  ASSERT_NE(doc, std::string::npos);
  more.insert(doc + 18, "\\ufffe");
  const std::string three = Write("three.json", more);
  r = Run({"convert", three, "--to", "gaslib", "-o", Out("back.net")});
  EXPECT_EQ(r.status, 1);
  for (const char* said : {"/network/info/title: \"title\" holds the character U+FFFF",
                           "/network/info/documentation: \"documentation\" holds the "
                           "character U+FFFE",
                           "cannot hold 3 texts of the input"})
    EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
  EXPECT_FALSE(fs::exists(Out("back.net")));
  // An id with markup characters is written as references, and found again through them.
  for (std::size_t at = 0; (at = json.find("\"entry01\"", at)) != std::string::npos;)
    json.replace(at, 9, "\"<en&try'01\"");
  const std::string marked = Write("control_alias_marked_id.json", json);
  r = Run({"convert", marked, "--to", "gaslib", "-o", Out("back.net")});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(marked + ":" + std::to_string(line + 1) +
                       ": error: /network/nodes/0/alias (node '<en&try'01'): "),
            std::string::npos)
      << r.err;
}

// A value no decimal in its GasLib unit gives back exactly (0.1 Pa is 1e-06 bar, read back
// as 0.09999999999999999 Pa) is written, and said: the read-back holds it within 1e-14
// only (it went unsaid).
TEST_F(ConvertCli, ValuesGasLibHoldsOnlyToTheLastDigitsAreSaid) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t id = 0;
  int line = 0;
  std::string json = Gaslib11Json(&id, &line);
  ASSERT_FALSE(json.empty());
  CliResult r = Run({"convert", Write("exact.json", json), "--to", "gaslib", "-o",
                     Out("exact.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("last digits"), std::string::npos) << r.err;
  const std::size_t key = json.find("\"pressure_min_Pa\": ", id);
  ASSERT_NE(key, std::string::npos);
  const std::size_t value = key + 19, end = json.find_first_of(",\n}", value);
  json.replace(value, end - value, "4000000.1428571427");
  r = Run({"convert", Write("last_digits.json", json), "--to", "gaslib", "-o",
           Out("last.net")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("warning: 1 value GasLib's units hold only to the last digits"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("'entry01'.pressure_min_Pa: 4000000.1428571427 != 4000000.142857143"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::exists(Out("last.net")));
}

// A value GasLib's units cannot hold (a pipe of 5e-324 m is 0 in km) is refused at its
// element in the input, with its rule: it was said without a file, line or rule.
TEST_F(ConvertCli, AValueGasLibCannotHoldIsRefusedAtItsElement) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t id = 0;
  int line = 0;
  std::string json = Gaslib11Json(&id, &line);
  ASSERT_FALSE(json.empty());
  const std::size_t key = json.find("\"length_m\": ");
  ASSERT_NE(key, std::string::npos);
  const std::size_t open = json.rfind('{', json.rfind("\"id\": ", key));
  const int arc_line = 1 + static_cast<int>(std::count(json.begin(), json.begin() + open, '\n'));
  const std::size_t value = key + 12, end = json.find_first_of(",\n}", value);
  json.replace(value, end - value, "5e-324");
  const std::string bad = Write("tiny.json", json);
  CliResult r = Run({"convert", bad, "--to", "gaslib", "-o", Out("tiny.net")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find(fmt::format("{}:{}: error: arc 'pipe01_entry01_entry03': "
                                   "pipe.length_m 5e-324 would read back as 0 from GasLib XML, "
                                   "whose units cannot hold it [not-representable]",
                                   bad, arc_line)),
            std::string::npos)
      << r.err;
  EXPECT_EQ(OutFiles(), std::vector<std::string>{"g11.json"});  // the input only
}

// Past the twenty differences listed, the count of the rest is a plain line, not an error
// at line 0 of the network file; a value the GasLib units hold only roughly (3.3e-310 Pa is
// a subnormal number of bar) is refused like one they cannot hold at all.
TEST_F(ConvertCli, DifferencesPastTheListedOnesAreCountedOnAPlainLine) {
  CORRIDOR_REQUIRE_SHARED();
  std::size_t id = 0;
  int line = 0;
  std::string json = Gaslib11Json(&id, &line);
  ASSERT_FALSE(json.empty());
  int replaced = 0;
  for (const std::string key : {"\"pressure_min_Pa\": ", "\"pressure_max_Pa\": "})
    for (std::size_t at = json.find(key); at != std::string::npos; at = json.find(key, at)) {
      const std::size_t value = at + key.size(), end = json.find_first_of(",\n}", value);
      const bool min = key.find("min") != std::string::npos;
      json.replace(value, end - value, min ? "5e-324" : "3.3e-310");
      at = value;
      ++replaced;
    }
  ASSERT_EQ(replaced, 30);  // the 11 nodes' two bounds, the 8 pipes' pressureMax
  const std::string bad = Write("subnormal.json", json);
  // Under --max-messages, as the reading's findings (the list was held to a fixed 20).
  auto listed = [](const std::string& err) {
    std::size_t n = 0;
    for (std::size_t at = err.find("[not-representable]"); at != std::string::npos;
         at = err.find("[not-representable]", at + 1))
      ++n;
    return n;
  };
  CliResult r = Run({"convert", bad, "--to", "gaslib", "-o", Out("subnormal.net")});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(listed(r.err), 30u) << r.err;  // all, within the default 50
  EXPECT_EQ(r.err.find("more differences"), std::string::npos) << r.err;
  r = Run({"convert", bad, "--to", "gaslib", "-o", Out("subnormal.net"), "--max-messages", "7"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(listed(r.err), 7u) << r.err;
  EXPECT_NE(r.err.find("\n  ... and 23 more differences\n"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(":0: error"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pressure_max_Pa 3.3e-310 would read back as 3.3000000004243e-310 from "
                       "GasLib XML, whose units cannot hold it [not-representable]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(OutFiles(), std::vector<std::string>{"g11.json"});  // the input only
}

TEST_F(ConvertCli, GeoJsonOfAnInstanceWithoutGeoPositionsPrintsTheNote) {
  CORRIDOR_REQUIRE_SHARED();
  CliResult r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to",
                     "geojson", "-o", Out("g11.geojson")});
  ASSERT_EQ(r.status, 0) << r.err;
  // By default null geometries, and the option that draws them anyway.
  EXPECT_NE(r.out.find("Note           : none of the 11 nodes has a usable geoWGS84 position, "
                       "so every geometry is null"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(--drawing-coordinates puts them in the geometries, not geographic)"),
            std::string::npos)
      << r.out;
  std::string text;
  ASSERT_TRUE(ReadFileToString(Out("g11.geojson"), &text).ok());
  EXPECT_EQ(text.find("\"coordinates\""), std::string::npos);
  EXPECT_EQ(OutFiles(), std::vector<std::string>{"g11.geojson"});
  r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to", "geojson", "-o",
           Out("g11.geojson"), "--drawing-coordinates"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("not geographic"), std::string::npos) << r.out;
  ASSERT_TRUE(ReadFileToString(Out("g11.geojson"), &text).ok());
  EXPECT_NE(text.find("\"coordinates\""), std::string::npos);
  r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to", "geojson", "-o",
           Out("g11.geojson"), "--drawing-coordinates", "--no-drawing-coordinates"});
  EXPECT_NE(r.status, 0);
  // To another format the option would change nothing: refused, nothing written (it was
  // taken without a word); --no-drawing-coordinates states the default, true of any.
  for (const char* to : {"json", "gaslib"}) {
    r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to", to, "-o",
             Out("g11.other"), "--drawing-coordinates"});
    EXPECT_EQ(r.status, 1) << to;
    EXPECT_NE(r.err.find(fmt::format("corridor convert: --drawing-coordinates applies to --to "
                                     "geojson only (here --to {}) [needs-geojson]",
                                     to)),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(Out("g11.other"))) << to;
    r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net", "--to", to, "-o",
             Out("g11.other"), "--no-drawing-coordinates"});
    EXPECT_EQ(r.status, 0) << to << r.err;
    fs::remove(Out("g11.other"));
    fs::remove(Out("g11.scn"));
  }
  r = Run({"convert", test::GasLibDir() + "/GasLib-40/GasLib-40.net", "--to", "geojson", "-o",
           Out("g40.geojson")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("not geographic"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Not written"), std::string::npos) << r.out;  // the network alone
  // The parts read that GeoJSON does not hold are said (the Network line lists what was
  // read, and read as if written).
  r = Run({"convert", test::GasLibDir() + "/GasLib-11/GasLib-11.net",
           test::GasLibDir() + "/GasLib-11/GasLib-11.scn", "--to", "geojson", "-o",
           Out("g11.geojson")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Not written    : the nomination (GeoJSON holds the network and its "
                       "data only)"),
            std::string::npos)
      << r.out;
}

// An output that is one of the inputs (by any name) is refused, the input kept: -o on the
// .scn it read wrote GeoJSON over the nomination and exited 0.
TEST_F(ConvertCli, AnOutputThatIsAnInputIsRefused) {
  CORRIDOR_REQUIRE_SHARED();
  const std::string g = test::GasLibDir() + "/GasLib-11/GasLib-11";
  std::string net, scn;
  ASSERT_TRUE(ReadFileToString(g + ".net", &net).ok());
  ASSERT_TRUE(ReadFileToString(g + ".scn", &scn).ok());
  const std::string n = Out("case.net"), s = Out("case.scn");
  ASSERT_TRUE(WriteFileAtomically(n, net).ok());
  ASSERT_TRUE(WriteFileAtomically(s, scn).ok());
  fs::create_symlink("case.scn", dir_ / "out" / "alias.json");
  // Also through a folder not made yet and back: the path named no file, the folder was made
  // and the .net replaced, exit 0.
  const std::string around = (dir_ / "out" / "new" / ".." / "case.net").string();
  for (const std::string& target : {s, n, Out("alias.json"), around}) {
    SCOPED_TRACE(target);
    CliResult r = Run({"convert", n, s, "--to", "geojson", "-o", target});
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("writing it would destroy that input"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[output-clash]"), std::string::npos) << r.err;
    std::string back;
    ASSERT_TRUE(ReadFileToString(s, &back).ok());
    EXPECT_EQ(back, scn);
    ASSERT_TRUE(ReadFileToString(n, &back).ok());
    EXPECT_EQ(back, net);
  }
}

TEST_F(ConvertCli, BadJsonInputWritesNothing) {
  const std::string bad = Write(
      "bad.json",
      "{\n  \"format\": \"corridor-network\",\n  \"format_version\": 1,\n  \"network\": {\n"
      "    \"nodes\": [ {\"id\": \"A\", \"kind\": \"source\", \"height_m\": 1e999");
  for (const char* to : {"json", "gaslib", "geojson"}) {
    SCOPED_TRACE(to);
    CliResult r = Run({"convert", bad, "--to", to, "-o", Out("x.out")});
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(OutFiles().empty()) << Join(OutFiles());
    EXPECT_NE(r.err.find(bad + ":5:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[not-finite]"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
  }
}

TEST_F(ConvertCli, BadGasLibInputWritesNothing) {
  CORRIDOR_REQUIRE_SHARED();
  // GasLib-11 with one pipe diameter made unreadable.
  std::string text;
  ASSERT_TRUE(ReadFileToString(test::GasLibDir() + "/GasLib-11/GasLib-11.net", &text).ok());
  std::size_t at = text.find("<diameter unit=\"mm\" value=\"500.0\"/>");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 35, "<diameter unit=\"mm\" value=\"abc\"/>");
  const std::string bad = Write("bad.net", text);
  CliResult r = Run({"convert", bad, "--to", "gaslib", "-o", Out("x.net")});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(OutFiles().empty()) << Join(OutFiles());
  EXPECT_NE(r.err.find(bad + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("abc"), std::string::npos) << r.err;
}

// CLI11 reads `-o=x.json` as the value "=x.json": convert wrote a file of that name. A value
// that begins with '=' is refused before anything runs; ./=x.json names such a file.
TEST_F(ConvertCli, AShortOptionsEqualsSignIsNoFileName) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[0];
  const std::string out = Out("x.json");
  const std::string joined = "-o=" + out;
  CliResult r = Convert(set, {"--to", "json", joined});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("' begins with '=': a short option takes its value without one (-o " +
                       out + ", or --output=" + out + "); a file so named is given as ./=" +
                       out + " [output-name]"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(OutFiles().empty()) << Join(OutFiles());
}

TEST_F(ConvertCli, AFailedWriteLeavesNoFileBehind) {
  CORRIDOR_REQUIRE_SHARED();
  // The .scn cannot be written (a folder has its name): the .net written before it must be
  // removed again, and no temporary file may remain.
  fs::create_directories(dir_ / "out" / "g11.scn");
  const test::GasLibSet set = test::GasLibSets()[0];
  CliResult r = Convert(set, {"--to", "gaslib", "-o", Out("g11.net")});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(OutFiles(), std::vector<std::string>{"g11.scn"}) << Join(OutFiles());
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "g11.scn"));
  EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
  // A folder that cannot be made (a file has its name): nothing at all.
  { std::ofstream(dir_ / "a_file") << "x"; }
  r = Convert(set, {"--to", "json", "-o", (dir_ / "a_file" / "sub" / "x.json").string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot create folder"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
}

// Missing output folders are made, as simulate makes its --out folder.
TEST_F(ConvertCli, MakesMissingFolders) {
  CORRIDOR_REQUIRE_SHARED();
  const test::GasLibSet set = test::GasLibSets()[0];
  const fs::path target = dir_ / "new" / "deeper" / "x.json";
  CliResult r = Convert(set, {"--to", "json", "-o", target.string()});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(fs::is_regular_file(target));
}

// -o - is standard output (it wrote a file named "-"): the file alone on stdout, the report
// on stderr; a GasLib case, a file per part, is refused; a failed write exits 4.
TEST_F(ConvertCli, DashIsStandardOutput) {
  const std::string net = test::SourceDir() + "/data/examples/GasLib-11/GasLib-11.net";
  const fs::path dash = fs::current_path() / "-";
  const bool dash_before = fs::exists(dash);
  for (const char* to : {"json", "geojson"}) {
    CliResult r = Run({"convert", net, "--to", to, "-o", Out("file")});
    ASSERT_EQ(r.status, 0) << r.err;
    std::string file;
    ASSERT_TRUE(ReadFileToString(Out("file"), &file).ok());
    CliResult piped = Run({"convert", net, "--to", to, "-o", "-"});
    EXPECT_EQ(piped.status, 0) << piped.err;
    EXPECT_EQ(piped.out, file) << to;
    EXPECT_NE(piped.err.find(fmt::format("Wrote standard output ({}", to == std::string("json")
                                                                         ? "corridor JSON"
                                                                         : "GeoJSON")),
              std::string::npos)
        << piped.err;
    EXPECT_NE(piped.err.find("Network        : 11 nodes"), std::string::npos) << piped.err;
  }
  CliResult r = Run({"convert", net, "--to", "gaslib", "-o", "-"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("-o -: standard output holds one file, and a GasLib case is written as "
                       "one file per part (.net, .scn, .cs, .cdf); give -o a path ending in "
                       ".net [needs-file]"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
  if (fs::exists("/dev/full")) {
    const std::string cmd = Quote(CORRIDOR_CLI) + " convert " + Quote(net) +
                            " --to json -o - > /dev/full 2> " + Quote((dir_ / "err").string());
    const int raw = std::system(cmd.c_str());
    EXPECT_EQ(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, 4);
    std::string err;
    ASSERT_TRUE(ReadFileToString((dir_ / "err").string(), &err).ok());
    EXPECT_NE(err.find("corridor convert: the corridor JSON could not be written to standard "
                       "output: No space left on device"),
              std::string::npos)
        << err;
    EXPECT_EQ(err.find("the report could not be written"), std::string::npos) << err;
  }
  EXPECT_EQ(fs::exists(dash), dash_before);
}

TEST_F(ConvertCli, HelpDocumentsTheFilesWrittenBesideTheNet) {
  CliResult r = Run({"convert", "--help"});
  EXPECT_NE(r.out.find("dir/case.scn"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("atomically"), std::string::npos) << r.out;
}

TEST_F(ConvertCli, UnknownTargetFormatIsRefused) {
  CliResult r = Run({"convert", "x.net", "--to", "shapefile", "-o", Out("x")});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(OutFiles().empty());
}

#endif  // CORRIDOR_CLI

}  // namespace
}  // namespace corridor
