// corridor JSON: in-memory round trip of every field, bit-exact doubles, stable output,
// and the bad-input suite (each case asserts file, JSON pointer / element and rule).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/io.h"
#include "corridor/validate.h"
#include "formats_test_util.h"
#include "io/json_locate.h"
#include "io/json_sax.h"
#include "io/model_compare.h"

namespace corridor {
namespace {

using test::EveryFieldCase;
using test::HasDiagnostic;
using Sev = Diagnostic::Severity;

TEST(JsonFormat, EveryFieldRoundTripsExactly) {
  GasCase c = EveryFieldCase();
  std::string text = WriteCorridorJson(c);
  Diagnostics diag;
  GasCase back;
  Status s = ReadCorridorJsonFromString(text, "mem.json", &back, &diag);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  EXPECT_EQ(diag.warning_count(), 0u) << diag.ToString();
  std::vector<std::string> diff = io::CompareCases(c, back, 50);
  std::string all;
  for (const auto& d : diff) all += d + "\n";
  EXPECT_TRUE(diff.empty()) << all;
  EXPECT_EQ(io::MaxRelativeDifference(c, back), 0.0);
  // The JSON says what it is.
  nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j.at("format"), "corridor-network");
  EXPECT_EQ(j.at("format_version"), 1);
  EXPECT_EQ(back.network.info.source_file, "mem.json");
  // The index is built: the arc naming a missing node keeps SIZE_MAX.
  ASSERT_TRUE(back.network.FindArc("P2").has_value());
  EXPECT_EQ(back.network.arcs[*back.network.FindArc("P2")].to_index, SIZE_MAX);
}

TEST(JsonFormat, CompareCasesSeesADifferenceInTheLastBit) {
  // The round-trip tests are only as good as the comparison: a one-ulp change of a deep
  // field must be reported, with its path.
  GasCase a = EveryFieldCase();
  GasCase b = a;
  double& v = b.stations->stations[0].drives[1].max_power_measurements[0].points[1].maximal_power_W;
  v = std::nextafter(v, 2 * v);
  std::vector<std::string> diff = io::CompareCases(a, b, 10);
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_NE(diff[0].find("drives[1] 'drive_2'.max_power_measurements[0].points[1].maximal_power_W"),
            std::string::npos)
      << diff[0];
  EXPECT_TRUE(io::CompareCases(a, b, 10, 1e-15).empty());
  b = a;
  b.network.arcs[6].control_valve.loss_out.diameter_m.reset();
  diff = io::CompareCases(a, b, 10);
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_NE(diff[0].find("network.arcs[6] 'CV'.control_valve.loss_out.diameter_m: 0.9 != absent"),
            std::string::npos)
      << diff[0];
}

TEST(JsonFormat, OutputIsStable) {
  GasCase c = EveryFieldCase();
  std::string first = WriteCorridorJson(c);
  Diagnostics diag;
  GasCase back;
  ASSERT_TRUE(ReadCorridorJsonFromString(first, "mem.json", &back, &diag).ok()) << diag.ToString();
  EXPECT_EQ(WriteCorridorJson(back), first);
  // Key order: format first, then the version, then the network.
  EXPECT_EQ(first.find("\"format\""), first.find('"'));
  EXPECT_LT(first.find("\"format_version\""), first.find("\"network\""));
}

TEST(JsonFormat, DoublesReReadBitExactly) {
  // 20000 random bit patterns (finite ones) through x/y/height of nodes.
  std::mt19937_64 rng(20261128);
  GasCase c;
  std::size_t values = 0;
  while (values < 20000) {
    Node n;
    n.id = "n" + std::to_string(c.network.nodes.size());
    double* fields[] = {&n.x, &n.y, &n.height_m, &n.pressure_min_Pa};
    for (double* f : fields) {
      double d;
      do {
        std::uint64_t bits = rng();
        std::memcpy(&d, &bits, sizeof d);
      } while (!std::isfinite(d));
      *f = d;
      ++values;
    }
    // An absolute pressure below vacuum is refused by the reader (negative-value).
    n.pressure_min_Pa = std::fabs(n.pressure_min_Pa);
    c.network.nodes.push_back(n);
  }
  Diagnostics diag;
  GasCase back;
  ASSERT_TRUE(ReadCorridorJsonFromString(WriteCorridorJson(c), "mem.json", &back, &diag).ok())
      << diag.ToString();
  ASSERT_EQ(back.network.nodes.size(), c.network.nodes.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < c.network.nodes.size(); ++i) {
    const Node &a = c.network.nodes[i], &b = back.network.nodes[i];
    for (auto [x, y] : {std::pair{a.x, b.x}, {a.y, b.y}, {a.height_m, b.height_m},
                        {a.pressure_min_Pa, b.pressure_min_Pa}})
      if (std::memcmp(&x, &y, sizeof x) != 0) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0u) << "of " << values << " values";
}

// --- bad input --------------------------------------------------------------------------

// A small valid document that the cases below break one way each.
nlohmann::json ValidDoc() {
  return nlohmann::json::parse(R"({
    "format": "corridor-network", "format_version": 1,
    "network": {
      "info": {"title": "t", "type": "gas", "date": "2026-01-01", "documentation": ""},
      "nodes": [
        {"id": "S", "kind": "source", "height_m": 0, "pressure_min_Pa": 4e6,
         "pressure_max_Pa": 7e6, "flow_min_m3_per_s": 0, "flow_max_m3_per_s": 100},
        {"id": "N", "kind": "innode", "height_m": 0, "pressure_min_Pa": 4e6,
         "pressure_max_Pa": 7e6}
      ],
      "arcs": [
        {"id": "P", "kind": "pipe", "from": "S", "to": "N", "flow_min_m3_per_s": -100,
         "flow_max_m3_per_s": 100, "length_m": 1000, "diameter_m": 0.5, "roughness_m": 1e-5}
      ]
    },
    "nomination": {"id": "n1", "nodes": [
      {"node": "S", "type": "entry", "flow_lower_m3_per_s": 10, "flow_upper_m3_per_s": 10}]}
  })");
}

struct Outcome {
  Status status;
  Diagnostics diag{50};
  GasCase c;
};

Outcome Read(const std::string& text) {
  Outcome o;
  o.status = ReadCorridorJsonFromString(text, "dir/bad.json", &o.c, &o.diag);
  return o;
}
Outcome Read(const nlohmann::json& j) { return Read(j.dump(2)); }

TEST(JsonBadInput, ValidDocumentReads) {
  Outcome o = Read(ValidDoc());
  ASSERT_TRUE(o.status.ok()) << o.diag.ToString();
  EXPECT_EQ(o.diag.items().size(), 0u) << o.diag.ToString();
  EXPECT_EQ(o.c.network.nodes.size(), 2u);
  EXPECT_EQ(o.c.network.arcs.size(), 1u);
  EXPECT_EQ(o.c.nomination->nodes.size(), 1u);
}

TEST(JsonBadInput, WrongFormatName) {
  nlohmann::json j = ValidDoc();
  j["format"] = "geojson";
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/format", "\"geojson\"", "[format]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, NewerVersionIsRefusedWithAClearMessage) {
  nlohmann::json j = ValidDoc();
  j["format_version"] = 2;
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/format_version", "format_version 2 is newer",
                             "upgrade corridor", "[version]"}))
      << o.diag.ToString();
  EXPECT_EQ(o.diag.error_count(), 1u) << "nothing else is interpreted: " << o.diag.ToString();
}

TEST(JsonBadInput, VersionOfWrongType) {
  nlohmann::json j = ValidDoc();
  j["format_version"] = "1";
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/format_version", "must be an integer", "[wrong-type]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, MissingNodes) {
  nlohmann::json j = ValidDoc();
  j["network"].erase("nodes");
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/network", "\"nodes\" is missing", "[missing-key]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, NodeWithoutId) {
  nlohmann::json j = ValidDoc();
  j["network"]["nodes"][1].erase("id");
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/network/nodes/1", "\"id\" is missing",
                             "[missing-key]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, StringWhereANumberIsDue) {
  nlohmann::json j = ValidDoc();
  j["network"]["nodes"][1]["pressure_min_Pa"] = "40 bar";
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/network/nodes/1/pressure_min_Pa (node 'N')",
                             "must be a number, got a string \"40 bar\"", "[wrong-type]"}))
      << o.diag.ToString();
}

// A null or an object where a number is due is said once ("got null null" before, and "got
// an object an object of 1 member(s)").
TEST(JsonBadInput, NullOrObjectWhereANumberIsDue) {
  nlohmann::json j = ValidDoc();
  j["network"]["nodes"][1]["pressure_min_Pa"] = nullptr;
  j["network"]["nodes"][1]["pressure_max_Pa"] = {{"bar", 70}};
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/nodes/1/pressure_min_Pa (node 'N')",
                             "must be a number, got null [wrong-type]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/nodes/1/pressure_max_Pa (node 'N')",
                             "must be a number, got an object of 1 member(s) [wrong-type]"}))
      << o.diag.ToString();
  EXPECT_EQ(o.diag.ToString().find("null null"), std::string::npos) << o.diag.ToString();
}

TEST(JsonBadInput, UnknownArcKind) {
  nlohmann::json j = ValidDoc();
  j["network"]["arcs"][0]["kind"] = "pump";
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/network/arcs/0/kind (arc 'P')",
                             "unknown arc kind \"pump\"", "[unknown-kind]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, UnknownNodeKindAndNominationType) {
  nlohmann::json j = ValidDoc();
  j["network"]["nodes"][0]["kind"] = "entry";
  j["nomination"]["nodes"][0]["type"] = "source";
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json", "/network/nodes/0/kind (node 'S')",
                             "unknown node kind \"entry\"", "[unknown-kind]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/nomination/nodes/0/type (nomination of node 'S')",
                             "unknown nomination type \"source\"", "[unknown-kind]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, ProblemsAndElementsCarryTheirLines) {
  // The text as a user wrote it (not nlohmann's dump): each element on a known line.
  const std::string text = R"({
  "format": "corridor-network", "format_version": 1,
  "network": {
    "info": {"title": "t \"quoted\" [x]", "type": "gas", "date": "", "documentation": ""},
    "nodes": [
      {"id": "S", "kind": "source", "height_m": 0, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6, "flow_min_m3_per_s": 0, "flow_max_m3_per_s": 100},
      {"id": "N", "kind": "innode", "height_m": 0,
       "pressure_min_Pa": "40 bar", "pressure_max_Pa": 7e6},
      {"id": "S", "kind": "innode", "height_m": 0, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6}
    ],
    "arcs": [
      {"id": "P", "kind": "pipe", "from": "S", "to": "N", "flow_min_m3_per_s": -100,
       "flow_max_m3_per_s": 100, "length_m": 1000, "diameter_m": 0.5, "roughness_m": 1e-5},
      {"id": "Q", "kind": "pipe", "from": "N", "to": "S", "flow_min_m3_per_s": -100,
       "flow_max_m3_per_s": 100, "length_m": 1000, "roughness_m": 1e-5}
    ]
  },
  "nomination": {"id": "n1", "nodes": [
    {"node": "S", "type": "entry", "flow_lower_m3_per_s": 10, "flow_upper_m3_per_s": 10}]}
}
)";
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  auto line_of = [&](const std::string& what) {
    for (const Diagnostic& d : o.diag.items())
      if (d.ToString().find(what) != std::string::npos) return d.line;
    return -1;
  };
  EXPECT_EQ(line_of("/network/nodes/1/pressure_min_Pa"), 9) << o.diag.ToString();
  EXPECT_EQ(line_of("/network/arcs/1 (pipe 'Q')"), 16) << o.diag.ToString();  // diameter_m
  // Mended, the document reads, and its elements keep their lines so that validation can
  // point at them.
  std::string mended = text;
  mended.replace(mended.find("\"40 bar\""), 8, "4e6");
  mended.insert(mended.find("\"roughness_m\": 1e-5}\n    ]"), "\"diameter_m\": 0.5, ");
  Outcome m = Read(mended);
  ASSERT_TRUE(m.status.ok()) << m.diag.ToString();
  ASSERT_EQ(m.c.network.nodes.size(), 3u);
  EXPECT_EQ(m.c.network.nodes[0].line, 6);
  EXPECT_EQ(m.c.network.nodes[1].line, 8);
  EXPECT_EQ(m.c.network.nodes[2].line, 10);
  ASSERT_EQ(m.c.network.arcs.size(), 2u);
  EXPECT_EQ(m.c.network.arcs[0].line, 14);
  EXPECT_EQ(m.c.network.arcs[1].line, 16);
  ASSERT_TRUE(m.c.nomination.has_value());
  ASSERT_EQ(m.c.nomination->nodes.size(), 1u);
  EXPECT_EQ(m.c.nomination->nodes[0].line, 21);
  // Validation then names both lines of the duplicate id.
  Diagnostics v;
  ValidationSummary summary;
  ASSERT_TRUE(ValidateCase(m.c, ValidateOptions(), &summary, &v).ok());
  EXPECT_TRUE(HasDiagnostic(v, Sev::kError, {"dir/bad.json:10:", "used twice", "line 6",
                                             "[duplicate-id]"}))
      << v.ToString();
}

TEST(JsonBadInput, RepeatedKeysAreWarnedAtTheValueThatCounts) {
  std::string text = R"({
  "format": "corridor-network", "format_version": 1,
  "network": {
    "info": {"title": "t", "type": "gas", "date": "", "documentation": ""},
    "nodes": [
      {"id": "S", "kind": "source", "height_m": 12.5, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6, "flow_min_m3_per_s": 0, "flow_max_m3_per_s": 100,
       "height_m": 12.5}
    ],
    "arcs": []
  },
  "format": "corridor-network"
}
)";
  Outcome o = Read(text);
  ASSERT_TRUE(o.status.ok()) << o.diag.ToString();
  EXPECT_EQ(o.diag.error_count(), 0u);
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning,
                            {"dir/bad.json:8:", "/network/nodes/0/height_m",
                             "\"height_m\" appears more than once", "the last value counts",
                             "[duplicate-key]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning, {"dir/bad.json:12:", "/format",
                                                    "[duplicate-key]"}))
      << o.diag.ToString();
  ASSERT_EQ(o.c.network.nodes.size(), 1u);
  EXPECT_EQ(o.c.network.nodes[0].height_m, 12.5);
  // Given with two values, the file does not say which it means: an error, as XML's
  // conflicting-child (the last value was taken with a warning).
  text.replace(text.find("\"height_m\": 12.5"), 16, "\"height_m\": 0");
  o = Read(text);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json:8:", "/network/nodes/0/height_m",
                             "\"height_m\" appears more than once in its object with different "
                             "values (0, 12.5): give it once, with the value meant",
                             "[duplicate-key]"}))
      << o.diag.ToString();
  EXPECT_EQ(o.diag.error_count(), 1u) << o.diag.ToString();
  // Neither value is judged, as XML's duplicate attribute: a pressure bound given as 7e6 and
  // -1 was also a negative-value (of the value the file may not mean). The error names the
  // element, as the reader's own do.
  text = R"({"format": "corridor-network", "format_version": 1,
  "network": {"nodes": [
    {"id": "S", "kind": "source", "height_m": 0, "pressure_min_Pa": 4e6,
     "pressure_max_Pa": 7e6, "flow_min_m3_per_s": 0, "flow_max_m3_per_s": 100,
     "pressure_max_Pa": -1}], "arcs": []}})";
  o = Read(text);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"dir/bad.json:5:", "/network/nodes/0/pressure_max_Pa (node 'S')",
                             "different values (7000000.0, -1)", "[duplicate-key]"}))
      << o.diag.ToString();
  EXPECT_EQ(o.diag.error_count(), 1u) << o.diag.ToString();
}

// An object of many members is searched through an index (a line asked of each of 80 000
// keys took minutes): the same lines as the search, the last of a repeated key, escapes
// decoded, a missing key at its object.
TEST(JsonLocator, ManyMembersAreFoundThroughAnIndex) {
  std::string text = "{\n";
  for (int k = 0; k < 40; ++k)
    text += " \"k" + std::to_string(k) + "\": " + std::to_string(k) + ",\n";
  text += " \"k7\": \"again\",\n \"a\\/b\": [1,\n 2]\n}";
  const io::JsonLocator at(text);
  for (int k = 0; k < 40; ++k)
    if (k != 7) EXPECT_EQ(at.Line("/k" + std::to_string(k)), k + 2) << k;
  EXPECT_EQ(at.Line("/k7"), 42);  // the last, whose value a DOM keeps
  EXPECT_EQ(at.Line("/a~1b/1"), 44);
  EXPECT_EQ(at.Line("/nope"), 1);
}

TEST(JsonLocator, FindsPointersThroughStringsEscapesAndDepth) {
  const std::string text =
      "{\n"
      " \"a\": \"x \\\" ] } [ {\",\n"           // line 2: brackets and a quote in a string
      " \"b/c\": [1,\n"                            // line 3: a key with a slash (~1)
      "   {\"k\": [\n"                             // line 4
      "     [], {}\n"                              // line 5
      "   ]}\n"                                    // line 6
      " ],\n"
      " \"m~n\": null\n"                           // line 8: a key with a tilde (~0)
      "}\n";
  io::JsonLocator where(text);
  EXPECT_EQ(where.Line(""), 1);
  EXPECT_EQ(where.Line("/a"), 2);
  EXPECT_EQ(where.Line("/b~1c"), 3);
  EXPECT_EQ(where.Line("/b~1c/1"), 4);
  EXPECT_EQ(where.Line("/b~1c/1/k/1"), 5);
  EXPECT_EQ(where.Line("/m~0n"), 8);
  // Leading nowhere: the deepest part that exists.
  EXPECT_EQ(where.Line("/b~1c/1/missing"), 4);
  EXPECT_EQ(where.Line("/b~1c/7"), 3);
  EXPECT_EQ(where.Line("/nothing/at/all"), 1);
  EXPECT_EQ(where.ElementLines("/b~1c"), (std::vector<int>{3, 4}));
  EXPECT_TRUE(where.ElementLines("/a").empty());
  // The key "" ("/g/" ends with it) and keys written with escapes, as a DOM holds them
  // (both gave the enclosing object's line, or the document's).
  const std::string keys =
      "{\"g\": {\n"
      " \"\": 1,\n"               // line 2
      " \"x\\ny\": 2,\n"         // line 3: "x\ny" decoded
      " \"\\u00e9t\\u00e9\": 3\n"  // line 4: "été"
      "}}";
  io::JsonLocator wk(keys);
  EXPECT_EQ(wk.Line("/g/"), 2);
  EXPECT_EQ(wk.Line("/g/x\ny"), 3);
  EXPECT_EQ(wk.Line("/g/\xC3\xA9t\xC3\xA9"), 4);
  EXPECT_EQ(wk.Line("/"), 1);  // no root key "": the document
  const std::string root_key_text = "{\"a\": 1,\n\"\": 2}";  // (the locator keeps a reference)
  io::JsonLocator root_key(root_key_text);
  EXPECT_EQ(root_key.Line("/"), 2);  // the root's key ""
  // Members as written, a repeated key twice, decoded, at their values' lines.
  const std::string twice_text = "{\"g\": {\"A\": 1,\n\"B\": 2,\n\"\\u0041\": 3}}";
  io::JsonLocator twice(twice_text);
  EXPECT_EQ(twice.MemberLines("/g"),
            (std::vector<std::pair<std::string, int>>{{"A", 1}, {"B", 2}, {"A", 3}}));
  EXPECT_TRUE(twice.MemberLines("/g/A").empty());
  // Nesting costs no stack: 200 000 levels.
  const std::string deep = "{\"d\": " + std::string(200000, '[') + std::string(200000, ']') +
                           ",\n\"e\": 1}";
  io::JsonLocator w2(deep);
  EXPECT_EQ(w2.Line("/e"), 2);
}

TEST(JsonBadInput, ArcNamingAMissingNodeParses) {
  // Dangling endpoints are validation's business (validate.h), not the reader's.
  nlohmann::json j = ValidDoc();
  j["network"]["arcs"][0]["to"] = "nowhere";
  Outcome o = Read(j);
  ASSERT_TRUE(o.status.ok()) << o.diag.ToString();
  EXPECT_EQ(o.diag.error_count(), 0u);
  EXPECT_EQ(o.c.network.arcs[0].to, "nowhere");
}

TEST(JsonBadInput, NaNIsNotJson) {
  std::string text = ValidDoc().dump(2);
  std::size_t at = text.find("\"length_m\": 1000");
  ASSERT_NE(at, std::string::npos);
  at += 12;
  text.replace(at, 4, "NaN");
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", line), "malformed JSON",
                             "[json-syntax]"}))
      << o.diag.ToString();
}

// A NUL byte ends nlohmann's input: a case with one and garbage after its document was
// read as valid. It is an error at its line.
TEST(JsonBadInput, ANulByteIsAnError) {
  std::string text = ValidDoc().dump(2);
  text += std::string("\n\0garbage {{{", 13);
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  const int line = 2 + static_cast<int>(std::count(text.begin(), text.end() - 13, '\n'));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", line), "a NUL byte (U+0000)",
                             "[json-syntax]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, NumberThatOverflowsADouble) {
  std::string text = ValidDoc().dump(2);
  std::size_t at = text.find("\"length_m\": 1000");
  ASSERT_NE(at, std::string::npos);
  at += 12;
  text.replace(at, 4, "1e999");
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", line), "1e999",
                             "does not fit a finite double", "[not-finite]"}))
      << o.diag.ToString();
}

// Every number out of a double's range is listed, each at its line: the parse stops at the
// first, and a file with three took three corrections to read.
TEST(JsonBadInput, EveryNumberOutOfADoublesRangeIsListed) {
  std::string text = ValidDoc().dump(2);
  // Three numbers, first to last: each key's value.
  std::vector<std::size_t> starts;
  for (const std::string key : {"\"length_m\": ", "\"diameter_m\": ", "\"roughness_m\": "}) {
    const std::size_t at = text.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    starts.push_back(at + key.size());
  }
  std::sort(starts.begin(), starts.end());
  const std::vector<std::string> bad = {"1e999", "-1e-999", "123456789e99999999"};
  std::vector<int> lines;
  for (std::size_t k = 3; k-- > 0;) {  // from the last, so that the offsets stay
    const std::size_t at = starts[k];
    text.replace(at, text.find_first_of(",\n}", at) - at, bad[k]);
  }
  for (const std::string& b : bad) {
    const std::size_t at = text.find(": " + b);
    ASSERT_NE(at, std::string::npos) << b;
    lines.push_back(1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')));
  }
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 3u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", lines[0]), "number 1e999 does not "
                             "fit a finite double", "[not-finite]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", lines[1]), "number -1e-999 lies "
                             "below a double's range", "[not-finite]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", lines[2]),
                             "number 123456789e99999999 does not fit", "[not-finite]"}))
      << o.diag.ToString();
}

// A number out of range no longer ends the read: it is said at its value, with the element
// (a reader meets it as a value it cannot take), and the file's other problems are listed
// too. The read stopped after the numbers, so that a file took one correction per kind.
TEST(JsonBadInput, ANumberOutOfRangeDoesNotHideTheOtherProblems) {
  std::string text = ValidDoc().dump(2);
  const auto replace = [&](const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("\"length_m\": 1000", "\"length_m\": 1e999");
  replace("\"diameter_m\": 0.5", "\"diameter_m\": -0.5");
  replace("\"flow_lower_m3_per_s\": 10", "\"flow_lower_m3_per_s\": \"ten\"");
  const auto line = [&](const std::string& needle) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + text.find(needle), '\n'));
  };
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 3u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", line("1e999")),
                             "/network/arcs/0/length_m (pipe 'P'): number 1e999 does not fit a "
                             "finite double",
                             "[not-finite]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", line("-0.5")), "diameter_m"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", line("\"ten\"")),
                             "flow_lower_m3_per_s", "[wrong-type]"}))
      << o.diag.ToString();
  // Not read as null, nor as missing.
  const std::string all = o.diag.ToString();
  EXPECT_EQ(all.find("null"), std::string::npos) << all;
  EXPECT_EQ(all.find("missing"), std::string::npos) << all;
}

// Where the file is refused before its members are read, its numbers out of range are said
// all the same; and one in an array the compressor data read (a drive's coefficient) is
// said once, at its element, not as "expected a number, got null".
TEST(JsonBadInput, NumbersOutOfRangeAreSaidWhereverTheReadStops) {
  Outcome early = Read(std::string(R"({"format": "not-ours", "x": [1, -1e999]})"));
  EXPECT_FALSE(early.status.ok());
  EXPECT_TRUE(HasDiagnostic(early.diag, Sev::kError, {"[format]"})) << early.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(early.diag, Sev::kError,
                            {"/x/1", "number -1e999 does not fit a finite double",
                             "[not-finite]"}))
      << early.diag.ToString();
  std::string text;
  {
    std::ifstream in(test::SourceDir() + "/data/corridor/corridor.json");
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const std::size_t at = text.find("-0.979902192");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 12, "-1e400");
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 1u) << o.diag.ToString();
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {fmt::format("dir/bad.json:{}:", line),
                             "/compressor_stations/stations/0/drives/0/power_fun_coeff/3",
                             "number -1e400 does not fit a finite double", "[not-finite]"}))
      << o.diag.ToString();
}

// More than 50 numbers out of range: each is said at its element, and the file's other
// problems too. They were found one parse each, at most 50: a file with 51 was listed in
// part (50 lines without their elements), its other problems unread, and no word said so.
// And more than 50 keys given twice with different values are all said (the 51st of 60
// went unsaid).
TEST(JsonBadInput, MoreThanFiftyNumbersOutOfRangeOrConflictingKeysAreAllSaid) {
  std::string text;
  {
    std::ifstream in(test::SourceDir() + "/data/corridor/corridor.json");
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  // Every length and height written 1e999 (26 + 29), and one diameter made negative.
  std::string big = std::regex_replace(
      text, std::regex(R"re(("(length_m|height_m)": )[-0-9.eE+]+)re"), "$011e999");
  const std::size_t d = big.find("\"diameter_m\": ");
  ASSERT_NE(d, std::string::npos);
  big.insert(d + 14, "-");
  // (Outcome's Diagnostics keep 50.)
  GasCase c;
  Diagnostics diag(1000);
  EXPECT_FALSE(ReadCorridorJsonFromString(big, "dir/bad.json", &c, &diag).ok());
  int not_finite = 0, negative = 0;
  for (const Diagnostic& x : diag.items()) {
    not_finite += x.rule == "not-finite";
    negative += x.rule == "negative-value";
    if (x.rule == "not-finite")
      EXPECT_NE(x.element.find("/network/"), std::string::npos) << x.ToString();
  }
  EXPECT_EQ(not_finite, 55) << diag.ToString();
  EXPECT_EQ(negative, 1) << diag.ToString();
  // 60 keys given twice with different values: 60 errors.
  std::string twice = text;
  int doubled = 0;
  for (std::size_t at = 0; doubled < 60 && (at = twice.find("\"diameter_m\": ", at)) !=
                                                 std::string::npos;
       ++doubled) {
    twice.insert(at, "\"diameter_m\": 9.5, ");
    at += 40;
  }
  for (std::size_t at = 0; doubled < 60 && (at = twice.find("\"roughness_m\": ", at)) !=
                                                 std::string::npos;
       ++doubled) {
    twice.insert(at, "\"roughness_m\": 9.5, ");
    at += 40;
  }
  ASSERT_EQ(doubled, 60);
  Diagnostics twice_diag(1000);
  EXPECT_FALSE(ReadCorridorJsonFromString(twice, "dir/bad.json", &c, &twice_diag).ok());
  int conflicts = 0;
  for (const Diagnostic& x : twice_diag.items()) conflicts += x.rule == "duplicate-key";
  EXPECT_EQ(conflicts, 60) << twice_diag.ToString();
}

// A number out of range written where an element object goes (a node, a compressor
// station) is said once, as that number, not also as "expected an object, got null"; the
// other nodes and stations are read on.
TEST(JsonBadInput, NumberOutOfRangeInPlaceOfAnElementIsSaidOnce) {
  std::string text;
  {
    std::ifstream in(test::SourceDir() + "/data/corridor/corridor.json");
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  for (const char* array : {"\"stations\": [", "\"nodes\": ["}) {
    const std::size_t at = text.find(array);
    ASSERT_NE(at, std::string::npos) << array;
    text.insert(at + std::string(array).size(), "1e400, ");
  }
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 2u) << o.diag.ToString();
  for (const char* pointer : {"/network/nodes/0", "/compressor_stations/stations/0"})
    EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                              {pointer, "number 1e400 does not fit a finite double",
                               "[not-finite]"}))
        << pointer << "\n" << o.diag.ToString();
  EXPECT_EQ(o.diag.ToString().find("got null"), std::string::npos) << o.diag.ToString();
}

// The search itself: the same text in a string is not the number, a sign is kept, the
// offsets are the numbers' own, and `cap` bounds the list. The numbers at the range's ends,
// which the one pass over the text cannot judge alone, are the parser's: 1.7e308 is read,
// 1.8e308 is not; 3e-324 reads as the smallest subnormal, 2e-324 as 0 (below the range).
TEST(JsonBadInput, NumbersOutOfRangeFindsEachNumberByItsOffset) {
  for (const auto& [text, tokens] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"{\"1e999\": [1e999, -2e999, 3, 1e-999, 0e-999, 4E+999]}",
            {"1e999", "-2e999", "1e-999", "4E+999"}},
           {"[1e999, 1.7e308, 1.8e308, 3e-324, 2e-324, 0.0e-999, 1e-999]",
            {"1e999", "1.8e308", "2e-324", "1e-999"}}}) {
    nlohmann::json parsed;
    io::PositionedDomParser<nlohmann::json> first(&parsed);
    first.Parse(text);
    ASSERT_TRUE(first.Overflow());
    const std::vector<io::NumberFault> found = io::NumbersOutOfRange(text, first);
    ASSERT_EQ(found.size(), tokens.size()) << text;
    for (std::size_t k = 0; k < found.size(); ++k) {
      EXPECT_EQ(text.compare(found[k].offset, tokens[k].size(), tokens[k]), 0) << k;
      EXPECT_NE(found[k].message.find("number " + tokens[k]), std::string::npos)
          << found[k].message;
    }
  }
  const std::string text = "{\"1e999\": [1e999, -2e999, 3, 1e-999, 0e-999, 4E+999]}";
  nlohmann::json root;
  io::PositionedDomParser<nlohmann::json> sax(&root);
  sax.Parse(text);
  EXPECT_EQ(io::NumbersOutOfRange(text, sax, 2).size(), 2u);
  nlohmann::json ok_root;
  io::PositionedDomParser<nlohmann::json> ok(&ok_root);
  ok.Parse("[1, 2e10]");
  EXPECT_TRUE(io::NumbersOutOfRange(std::string("[1, 2e10]"), ok).empty());
}

// The parser builds its DOM itself (nlohmann's builder filed each key of an ordered_json by
// searching every key before it: 80 000 keys took 23 s): the DOM is json::parse's, the last
// of a repeated key's values in the first one's place, for both object kinds, below and
// above the 32 keys from which keys are indexed, and the repeated keys' pointers are said.
template <class Json>
void ExpectSameDomAsParse() {
  std::string wide = "{";
  for (int k = 0; k < 40; ++k)
    wide += "\"k" + std::to_string(k) + "\": " + std::to_string(k) + ", ";
  wide +=
      "\"k3\": [1, {\"k3\": 7, \"k3\": {\"x\": null}}], \"k39\": \"last\", \"end\": true}";
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"3.5", {}},
      {"[]", {}},
      {"{}", {}},
      {"{\"b\": 1, \"a\": [true, false, null, -2, 18446744073709551615, \"s\"], \"c\": {}}",
       {}},
      {"{\"a\": 1, \"b\": {\"a\": 2, \"a\": [3]}, \"a\": 4, \"a\": 5}", {"/b/a", "/a"}},
      {"[{\"x\": 1, \"x\": 2}, [{\"y\": {}, \"y\": {\"z\": 0}}]]", {"/0/x", "/1/0/y"}},
      {wide, {"/k3", "/k3/1/k3", "/k39"}},
  };
  for (const auto& [text, pointers] : cases) {
    Json root;
    io::PositionedDomParser<Json> sax(&root);
    sax.Parse(text);
    ASSERT_FALSE(sax.failed) << text;
    const Json expected = Json::parse(text);
    EXPECT_EQ(root, expected) << text;
    EXPECT_EQ(root.dump(), expected.dump()) << text;  // the members' order too
    EXPECT_EQ(sax.duplicate_keys, pointers) << text;
  }
}

TEST(JsonSax, BuildsTheDomJsonParseBuilds) {
  ExpectSameDomAsParse<nlohmann::json>();
  ExpectSameDomAsParse<nlohmann::ordered_json>();
}

// An object of many keys, one of them repeated far from its first place: its value is
// replaced there, found through the keys' index.
TEST(JsonSax, ManyKeysKeepTheirOrderAndARepeatReplacesInPlace) {
  std::string text = "{";
  for (int k = 0; k < 20000; ++k)
    text += "\"n" + std::to_string(k) + "\": " + std::to_string(k) + ",";
  text += "\"n7\": \"again\"}";
  nlohmann::ordered_json root;
  io::PositionedDomParser<nlohmann::ordered_json> sax(&root);
  sax.Parse(text);
  ASSERT_FALSE(sax.failed);
  ASSERT_EQ(root.size(), 20000u);
  EXPECT_EQ(root.begin().key(), "n0");
  EXPECT_EQ(std::next(root.begin(), 7).key(), "n7");
  EXPECT_EQ(root["n7"], "again");
  EXPECT_EQ(root["n19999"], 19999);
  EXPECT_EQ(sax.duplicate_keys, std::vector<std::string>{"/n7"});
}

// A key repeated with another value is a conflict, with each value given; one repeated
// alike is a duplicate only. Nested repeats are judged in their own objects.
TEST(JsonSax, RepeatedKeysWithOtherValuesAreConflicts) {
  const std::string text =
      R"({"a": 1, "a": 1.0, "b": {"x": [1], "x": [1]}, "c": 1, "c": 2, "c": "three",)"
      R"( "d": {"y": {"z": 1, "z": 2}}, "d": {"y": {"z": 2}}})";
  nlohmann::ordered_json root;
  io::PositionedDomParser<nlohmann::ordered_json> sax(&root);
  sax.Parse(text);
  ASSERT_FALSE(sax.failed);
  EXPECT_EQ(root, nlohmann::ordered_json::parse(text));
  EXPECT_EQ(sax.duplicate_keys,
            (std::vector<std::string>{"/a", "/b/x", "/c", "/d/y/z", "/d"}));
  ASSERT_EQ(sax.conflicting_keys.size(), 2u);
  EXPECT_EQ(sax.conflicting_keys[0].pointer, "/c");
  EXPECT_EQ(sax.conflicting_keys[0].values,
            (std::vector<std::string>{"1", "2", "\"three\""}));
  EXPECT_EQ(sax.conflicting_keys[1].pointer, "/d/y/z");
  EXPECT_EQ(sax.conflicting_keys[1].values, (std::vector<std::string>{"1", "2"}));
  Diagnostics d;
  sax.ReportDuplicateKeys("f.json", io::JsonLocator(text), &d);
  EXPECT_EQ(d.error_count(), 2u) << d.ToString();
  EXPECT_EQ(d.warning_count(), 3u) << d.ToString();
  EXPECT_NE(d.ToString().find("error: /c: key \"c\" appears more than once in its object with "
                              "different values (1, 2, \"three\")"),
            std::string::npos)
      << d.ToString();
}

// A repeated key is said at its own line, also inside a value that a repeated key of an
// outer object replaced: a controls file's "value" given twice on line 5 was said at line
// 10, in the second "controls" array, where the locator finds the pointer. A key given
// thrice is said at its last repeat, as the locator does. Escaped quotes and colons inside
// strings count no key.
TEST(JsonSax, RepeatedKeysAreSaidAtTheirOwnLines) {
  const std::string text =
      "{\n"                                                     // 1
      "  \"controls\": [\n"                                     // 2
      "    {\"id\": \"a\\\": b\", \"value\": 50,\n"             // 3
      "     \"value\": 51, \"t\": 1, \"t\": 1, \"t\": 1}\n"     // 4
      "  ],\n"                                                  // 5
      "  \"controls\": [\n"                                     // 6
      "    {\"id\": \"a\", \"value\": 50}\n"                    // 7
      "  ]\n"                                                   // 8
      "}\n";
  nlohmann::ordered_json root;
  io::PositionedDomParser<nlohmann::ordered_json> sax(&root);
  sax.Parse(text);
  ASSERT_FALSE(sax.failed);
  EXPECT_EQ(sax.duplicate_keys,
            (std::vector<std::string>{"/controls/0/value", "/controls/0/t", "/controls"}));
  Diagnostics d;
  sax.ReportDuplicateKeys("f.json", io::JsonLocator(text), &d);
  const std::string all = d.ToString();
  EXPECT_NE(all.find("f.json:4: error: /controls/0/value: key \"value\""), std::string::npos)
      << all;
  EXPECT_NE(all.find("f.json:4: warning: /controls/0/t: key \"t\""), std::string::npos) << all;
  EXPECT_NE(all.find("f.json:6: error: /controls: key \"controls\""), std::string::npos) << all;
  const io::KeyConflicts c = sax.Conflicts();
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0], 4);
  EXPECT_EQ(c.lines[1], 6);
  // A reader that takes keys out of the list keeps the others' lines.
  sax.duplicate_keys.erase(sax.duplicate_keys.begin());
  Diagnostics e;
  sax.ReportDuplicateKeys("f.json", io::JsonLocator(text), &e);
  EXPECT_NE(e.ToString().find("f.json:6: error: /controls"), std::string::npos) << e.ToString();
  EXPECT_EQ(e.ToString().find("/controls/0/value"), std::string::npos) << e.ToString();
}

// A file saved as UTF-16 was said to hold "a NUL byte at offset 1", which reads as damage:
// it is named UTF-16, with or without its byte-order mark, little- or big-endian; a NUL
// inside a UTF-8 text is still said as one.
TEST(JsonSax, Utf16IsNamedAsSuch) {
  const std::string le_bom("\xFF\xFE{\0}\0", 6), be(std::string("\0{\0\"\0a\0\"\0:\0""1\0}", 14));
  for (const std::string& text : {le_bom, be, std::string("\xFE\xFF", 2)}) {
    nlohmann::json root;
    io::PositionedDomParser<nlohmann::json> sax(&root);
    sax.Parse(text);
    EXPECT_TRUE(sax.failed);
    EXPECT_EQ(sax.ErrorOffset(), 0u);
    EXPECT_NE(sax.error_message.find("the file is UTF-16 ("), std::string::npos)
        << sax.error_message;
    EXPECT_NE(sax.error_message.find("save it as UTF-8"), std::string::npos) << sax.error_message;
  }
  // Binary bytes are not UTF-16 for one pair that has a NUL (00 01 02 was), nor for pairs
  // whose other byte is no character a JSON text begins with.
  for (const std::string& junk : {std::string("\0\1\2", 3), std::string("\0\1\0\2\0\3", 6)}) {
    nlohmann::json none;
    io::PositionedDomParser<nlohmann::json> bytes(&none);
    bytes.Parse(junk);
    EXPECT_TRUE(bytes.failed);
    EXPECT_EQ(bytes.error_message.find("UTF-16"), std::string::npos) << bytes.error_message;
  }
  nlohmann::json root;
  io::PositionedDomParser<nlohmann::json> sax(&root);
  sax.Parse(std::string("{\"a\": 1}\0{}", 10));
  EXPECT_TRUE(sax.failed);
  EXPECT_EQ(sax.ErrorOffset(), 8u);
  EXPECT_NE(sax.error_message.find("a NUL byte (U+0000) at offset 8"), std::string::npos)
      << sax.error_message;
}

// A huge document is refused by its number of values, before its DOM takes memory that
// nlohmann's destructor would need again to unwind (it copies the largest array): a 600 MB
// array of numbers under a 3 GB memory limit aborted `check` from that destructor.
TEST(JsonBadInput, TooManyValuesAreRefused) {
  const std::string text = "[1, 2, 3, [4, 5]]";  // seven values, the arrays counted
  for (const std::size_t max_values : {std::size_t{6}, std::size_t{7}}) {
    nlohmann::json root;
    io::PositionedDomParser<nlohmann::json> sax(&root, 0, max_values);
    const bool ok = nlohmann::json::sax_parse(text, &sax);
    EXPECT_EQ(ok, max_values == 7);
    EXPECT_EQ(sax.failed, max_values == 6);
    EXPECT_EQ(sax.too_many, max_values == 6);
    if (sax.too_many)
      EXPECT_EQ(sax.error_message,
                "the document holds more than 6 values, far more than any corridor input");
  }
  EXPECT_GE(io::PositionedDomParser<nlohmann::json>::kMaxValues, 100u * 118'000u)
      << "far above GasLib-4197 with its nomination and stations as corridor JSON";
}

// Regression: the too-many-values error was always said at line 1; it is at the line
// where the limit was crossed, as the hydro reader's nesting error is.
TEST(JsonBadInput, TooManyValuesAreSaidWhereTheLimitIsCrossed) {
  const std::string text =
      "{\"a\": \"x:\",\n \"b\": [true,\n  null, {\"c\"\r: -1.5e3},\r\n  \"d\",\n  [7]]}";
  // Values in order: {} "x:" [] true null {} -1.5e3 "d" [] 7.
  const int lines[] = {1, 1, 2, 2, 3, 3, 4, 5, 6, 6};
  for (std::size_t max_values = 0; max_values < 10; ++max_values) {
    nlohmann::json root;
    io::PositionedDomParser<nlohmann::json> sax(&root, 0, max_values);
    sax.Parse(text);
    ASSERT_TRUE(sax.too_many) << max_values;
    EXPECT_EQ(io::LineOfOffset(text, sax.ErrorOffsetIn(text)), lines[max_values]) << max_values;
  }
}

// nlohmann quotes the bytes it read last: a byte that is not UTF-8 is shown as \xNN, not
// passed on raw to the terminal and the JSON reports.
TEST(JsonBadInput, SyntaxErrorsShowBadBytesEscaped) {
  Outcome o = Read(std::string("{\"A\xFF\": 1}"));
  EXPECT_FALSE(o.status.ok());
  const std::string all = o.diag.ToString();
  EXPECT_NE(all.find("last read: '\"A\\xFF'"), std::string::npos) << all;
  EXPECT_EQ(all.find('\xFF'), std::string::npos) << all;
}

TEST(JsonBadInput, TruncatedJson) {
  // Cut after the nodes array, as an interrupted download would.
  std::string text = ValidDoc().dump(2);
  text.resize(text.find("\"arcs\""));
  int last_line = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  Outcome o = Read(text);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {fmt::format("dir/bad.json:{}:", last_line), "malformed JSON",
                                                  "unexpected end of input", "[json-syntax]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, RootIsNotAnObject) {
  Outcome o = Read(std::string("[1, 2, 3]"));
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {"dir/bad.json", "must be a JSON object",
                                                  "[wrong-type]"}))
      << o.diag.ToString();
}

// A key near one the reader asked for and did not find gets the name it likely meant: a
// misspelt "nominations" dropped the whole nomination, and "pressure_max_pa" a pipe's
// limit, with a bare warning (helper-291).
TEST(JsonBadInput, AMisspeltKeyIsGivenTheNameItLikelyMeant) {
  nlohmann::json j = ValidDoc();
  j["nominations"] = j["nomination"];
  j.erase("nomination");
  j["network"]["arcs"][0]["pressure_max_pa"] = 7e6;
  Outcome o = Read(j);
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning,
                            {"/nominations", "unknown key \"nominations\" is ignored (did you "
                             "mean 'nomination'?)", "[unknown-key]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning,
                            {"/network/arcs/0/pressure_max_pa (pipe 'P')",
                             "(did you mean 'pressure_max_Pa'?)", "[unknown-key]"}))
      << o.diag.ToString();
  // A key given is no suggestion for another (colour is near nothing the node lacks).
  j = ValidDoc();
  j["network"]["nodes"][0]["colour"] = "red";
  o = Read(j);
  EXPECT_EQ(o.diag.ToString().find("did you mean"), std::string::npos) << o.diag.ToString();
}

TEST(JsonBadInput, UnknownKeyIsAWarning) {
  nlohmann::json j = ValidDoc();
  j["network"]["nodes"][0]["colour"] = "red";
  j["network"]["arcs"][0]["pressure_loss_Pa"] = 1;  // a resistor key on a pipe
  j["extra"] = true;
  Outcome o = Read(j);
  ASSERT_TRUE(o.status.ok()) << o.diag.ToString();
  EXPECT_EQ(o.diag.error_count(), 0u);
  EXPECT_EQ(o.diag.warning_count(), 3u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning,
                            {"dir/bad.json", "/network/nodes/0/colour (node 'S')",
                             "unknown key \"colour\"", "[unknown-key]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning,
                            {"/network/arcs/0/pressure_loss_Pa (pipe 'P')", "[unknown-key]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning, {"/extra", "[unknown-key]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, IntegerFlagGivenAsFraction) {
  nlohmann::json j = ValidDoc();
  j["network"]["arcs"].push_back(nlohmann::json::parse(R"({"id": "C", "kind":
      "compressorStation", "from": "S", "to": "N", "flow_min_m3_per_s": 0,
      "flow_max_m3_per_s": 1, "gas_cooler_existing": 0.5})"));
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/arcs/1/gas_cooler_existing (compressorStation 'C')",
                             "must be an integer", "[wrong-type]"}))
      << o.diag.ToString();
}

// A fuel_gas_vertex with white space at an end is bad-id, at its key, and read trimmed, as in
// GasLib XML and for from/to (it read as an unknown node at the arc's line: helper-291).
TEST(JsonBadInput, AFuelGasVertexWithWhiteSpaceIsABadId) {
  nlohmann::json j = ValidDoc();
  j["network"]["arcs"].push_back(nlohmann::json::parse(R"({"id": "C", "kind":
      "compressorStation", "from": "S", "to": "N", "flow_min_m3_per_s": 0,
      "flow_max_m3_per_s": 1, "fuel_gas_vertex": "S "})"));
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/arcs/1/fuel_gas_vertex (compressorStation 'C')",
                             "fuel_gas_vertex='S ' has white space at its end", "[bad-id]"}))
      << o.diag.ToString();
  EXPECT_EQ(o.diag.error_count(), 1u) << o.diag.ToString();
}

// Regression: a nomination with the id "" was accepted, while GasLib refuses
// <scenario id="">: a case reads from JSON exactly when it would from GasLib XML.
TEST(JsonBadInput, AnEmptyNominationIdIsRefused) {
  nlohmann::json j = ValidDoc();
  j["nomination"]["id"] = "";
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 1u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {"/nomination/id", "[empty-id]"}))
      << o.diag.ToString();
}

// A NUL (U+0000) in a string (an alias "nul\u0000x") reached the GasLib writer, whose C
// strings ended there: it wrote the alias "nul", and convert's message about it was cut
// short too. No text of a case holds one: the reader refuses it, naming the key.
TEST(JsonBadInput, ANulCharacterInAStringIsRefused) {
  nlohmann::json j = ValidDoc();
  j["network"]["nodes"][0]["alias"] = std::string("nul\0x", 5);
  j["nomination"]["id"] = std::string("n\0", 2);
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 2u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/nodes/0/alias", "\"alias\" holds the character U+0000",
                             "[bad-char]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {"/nomination/id", "[bad-char]"}))
      << o.diag.ToString();
}

// The notices of the nomination, the stations' data and the decisions are judged as the
// network's: a value that is no string or holds a NUL is an error and left out; a text no
// XML comment can hold is a warning, and read.
TEST(JsonBadInput, EveryFilesNoticesAreJudgedAsTheNetworksAre) {
  nlohmann::json j = ValidDoc();
  j["nomination"]["notices"] = nlohmann::json::array({1, std::string("n\0", 2), " kept "});
  j["compressor_stations"] = {{"stations", nlohmann::json::array()},
                              {"notices", {" a -- b "}}};
  j["combined_decisions"] = {{"groups", nlohmann::json::array()}, {"notices", "one"}};
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 3u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/nomination/notices", "\"notices\"[0] must be a string, got",
                             "[wrong-type]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/nomination/notices", "\"notices\"[1] holds the character U+0000",
                             "[bad-char]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kWarning,
                            {"/compressor_stations/notices", "\"notices\"[0] holds \"--\"",
                             "which an XML comment cannot hold", "[xml-comment]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/combined_decisions/notices", "expected an array", "[wrong-type]"}))
      << o.diag.ToString();
}

// White space at an end of a node's or an arc's id or of an arc's end is one bad-id, the id
// read trimmed, as in the GasLib readers (it fanned out into dangling-arc, unknown-node and
// missing-nomination); the nomination's own name may hold any.
TEST(JsonBadInput, WhiteSpaceAroundAnIdIsOneBadId) {
  nlohmann::json j = ValidDoc();
  const std::string id = j["network"]["nodes"][0]["id"];
  j["network"]["nodes"][0]["id"] = " " + id;
  j["nomination"]["id"] = "nominated ";
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 1u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/nodes/0/id", "has white space at its start", "[bad-id]"}))
      << o.diag.ToString();
}

// A station's fuel_gas_vertex is optional, and "" is none, as GasLib's fuelGasVertex=""
// (which the XML reader reads as absent): no error, and the model holds no vertex.
TEST(JsonBadInput, AnEmptyFuelGasVertexIsNone) {
  nlohmann::json j = ValidDoc();
  j["network"]["arcs"].push_back(nlohmann::json::parse(R"({"id": "C", "kind":
      "compressorStation", "from": "S", "to": "N", "flow_min_m3_per_s": 0,
      "flow_max_m3_per_s": 1, "fuel_gas_vertex": ""})"));
  Outcome o = Read(j);
  ASSERT_TRUE(o.status.ok()) << o.diag.ToString();
  EXPECT_EQ(o.diag.items().size(), 0u) << o.diag.ToString();
  ASSERT_EQ(o.c.network.arcs.size(), 2u);
  EXPECT_TRUE(o.c.network.arcs[1].compressor.fuel_gas_vertex.empty());
  EXPECT_EQ(WriteCorridorJson(o.c).find("fuel_gas_vertex"), std::string::npos);
}

TEST(JsonBadInput, MissingRequiredPipeDataAndNominationFlow) {
  nlohmann::json j = ValidDoc();
  j["network"]["arcs"][0].erase("length_m");
  j["nomination"]["nodes"][0].erase("flow_upper_m3_per_s");
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/arcs/0 (pipe 'P')", "\"length_m\" is missing",
                             "[missing-key]"}))
      << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/nomination/nodes/0 (nomination of node 'S')",
                             "\"flow_upper_m3_per_s\" is missing", "[missing-key]"}))
      << o.diag.ToString();
}

TEST(JsonBadInput, EveryProblemIsReported) {
  // Five independent problems in one file: all five are listed.
  nlohmann::json j = ValidDoc();
  j["network"]["nodes"][0]["height_m"] = nullptr;
  j["network"]["nodes"][1]["id"] = "";
  j["network"]["arcs"][0]["diameter_m"] = true;
  j["network"]["arcs"].push_back(nlohmann::json::array());
  j["nomination"]["nodes"][0]["pressure_lower_Pa"] = {1, 2};
  Outcome o = Read(j);
  EXPECT_FALSE(o.status.ok());
  EXPECT_EQ(o.diag.error_count(), 5u) << o.diag.ToString();
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {"/network/nodes/0/height_m", "[wrong-type]"}));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {"/network/nodes/1/id", "[empty-id]"}));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {"/network/arcs/0/diameter_m", "[wrong-type]"}));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError,
                            {"/network/arcs/1", "expected an object, got an array", "[wrong-type]"}));
  EXPECT_TRUE(HasDiagnostic(o.diag, Sev::kError, {"/nomination/nodes/0/pressure_lower_Pa", "[wrong-type]"}));
  EXPECT_NE(o.status.message().find("5 errors"), std::string::npos) << o.status.ToString();
}

TEST(JsonBadInput, MissingFile) {
  Diagnostics diag;
  GasCase c;
  Status s = ReadCorridorJson("/nonexistent/dir/case.json", &c, &diag);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(HasDiagnostic(diag, Sev::kError, {"/nonexistent/dir/case.json", "[file-not-found]"}))
      << diag.ToString();
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

TEST(JsonFormat, TheExampleInTheDocsReads) {
  // docs/json-format.md must show a file that this reader accepts without a word.
  std::ifstream in(test::SourceDir() + "/docs/json-format.md");
  ASSERT_TRUE(in) << "docs/json-format.md not found";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  std::size_t example = doc.find("## Example");
  ASSERT_NE(example, std::string::npos);
  std::size_t begin = doc.find("```json\n", example);
  ASSERT_NE(begin, std::string::npos);
  begin += 8;
  std::size_t end = doc.find("```", begin);
  Diagnostics diag;
  GasCase c;
  Status s = ReadCorridorJsonFromString(doc.substr(begin, end - begin), "json-format.md", &c, &diag);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << diag.ToString();
  EXPECT_EQ(diag.items().size(), 0u) << diag.ToString();
  EXPECT_EQ(c.network.nodes.size(), 3u);
  EXPECT_EQ(c.network.arcs.size(), 2u);
  ASSERT_TRUE(c.nomination.has_value());
  // 160 x 1000 m^3/h at normal conditions, as the text says.
  EXPECT_NEAR(c.nomination->nodes[0].flow() / units::kThousandM3PerHour, 160.0, 1e-12);
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

TEST(JsonBadInput, RandomDamageNeverEscapesAsAnException) {
  // 3000 damaged copies of a full document (bytes deleted, replaced or duplicated): the
  // reader must answer each with a Status, never throw, and never report OK together with
  // an error.
  const std::string good = WriteCorridorJson(test::EveryFieldCase());
  std::mt19937 rng(7);
  const char alphabet[] = "{}[]\",:0123456789.eE-+ntruefalsx \n";
  std::size_t ok = 0, failed = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = good;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(at, 1 + rng() % 8); break;
        case 1: text[at] = alphabet[rng() % (sizeof alphabet - 1)]; break;
        default: text.insert(at, text.substr(at, 1 + rng() % 16)); break;
      }
    }
    Diagnostics diag(10);
    GasCase c;
    Status s;
    ASSERT_NO_THROW(s = ReadCorridorJsonFromString(text, "fuzz.json", &c, &diag)) << text;
    if (s.ok()) {
      ++ok;
      EXPECT_EQ(diag.error_count(), 0u) << diag.ToString();
    } else {
      ++failed;
      EXPECT_GT(diag.error_count(), 0u) << s.ToString();
    }
  }
  std::printf("[ fuzz    ] 3000 damaged documents: %zu read, %zu refused with errors\n", ok, failed);
  EXPECT_GT(failed, 1000u);
}

}  // namespace
}  // namespace corridor
