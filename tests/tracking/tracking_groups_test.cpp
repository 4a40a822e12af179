// Groups files: good JSON and CSV, and every rule of the bad ones with its message.
#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/tracking.h"
#include "test_util.h"
#include "tracking/tracking_test_util.h"

namespace corridor {
namespace {

using test::MakeGas;
using test::NetBuilder;

Network ThreeSources() {
  return NetBuilder()
      .Source("ru", MakeGas(0.73, 40e6, 0.0164))
      .Source("tm", MakeGas(0.76, 40e6, 0.017))
      .Source("ir", MakeGas(0.82, 42e6, 0.0183))
      .Inner("j")
      .Sink("x")
      .Pipe("p_ru", "ru", "j")
      .Pipe("p_tm", "tm", "j")
      .Pipe("p_ir", "ir", "j")
      .Pipe("p_x", "j", "x")
      .Build();
}

bool HasMessage(const Diagnostics& d, const std::string& rule, const std::string& text,
                int line = -1) {
  for (const auto& it : d.items())
    if (it.rule == rule && it.message.find(text) != std::string::npos &&
        (line < 0 || it.line == line))
      return true;
  return false;
}

// HasMessage for one element's finding.
bool HasFinding(const Diagnostics& d, const std::string& rule, const std::string& element,
                const std::string& text, int line = -1) {
  for (const auto& it : d.items())
    if (it.rule == rule && it.element == element &&
        it.message.find(text) != std::string::npos && (line < 0 || it.line == line))
      return true;
  return false;
}

TEST(TrackingGroups, ReadsJsonWithPointsSwapAndComposition) {
  Network n = ThreeSources();
  const std::string text = R"({
  "groups": {
    "Russia": ["ru"],
    "Turkmenistan": ["tm"],
    "Iran": ["ir"]
  },
  "border_points": [
    {"id": "bp1", "node": "j", "arc": "p_tm", "from_country": "TM", "to_country": "IR",
     "positive_arc_flow": "TM->IR"}
  ],
  "gas_origins": {"Russia": {"composition_mol_pct": {"methane": 98.0, "ethane": 2.0}}},
  "swap": {"fee": 0.3, "turkmen_entries": ["tm"], "delivery_border_point": "bp1",
           "delivery_direction": "IR->TM", "input_1000m3_per_h": 36}
})";
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(text, "g.json", n, GroupsReadOptions(), &g, &d);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << d.ToString();
  EXPECT_EQ(g.names, (std::vector<std::string>{"Russia", "Turkmenistan", "Iran"}));
  EXPECT_EQ(g.group_of.at("tm"), "Turkmenistan");
  ASSERT_EQ(g.points.size(), 1u);
  EXPECT_EQ(g.points[0].direction, 1);
  ASSERT_TRUE(g.swap.has_value());
  EXPECT_EQ(g.swap->supplier_group, "Turkmenistan");
  EXPECT_DOUBLE_EQ(g.swap->fee, 0.3);
  EXPECT_NEAR(g.swap->input_m3_per_s, 10.0, 1e-12);  // 36 x 1000 m3/h
  ASSERT_EQ(g.composition.at("Russia").size(), 2u);
  EXPECT_NEAR(g.composition.at("Russia")[0].second, 0.98, 1e-15);
}

// The swap direction is kept as it was checked: "IR -> TM" was accepted (the countries
// trimmed) but stored with its blanks, and tracking then matched it with no point.
TEST(TrackingGroups, SwapDirectionIsStoredWithoutBlanks) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru"], "T": ["tm"], "I": ["ir"]},
 "border_points": [{"id": "bp1", "arc": "p_tm", "from_country": "TM", "to_country": "IR"}],
 "swap": {"supplier_group": "T", "delivery_border_point": "bp1",
          "delivery_direction": " IR -> TM "}})",
                                        "g.json", n, GroupsReadOptions(), &g, &d);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << d.ToString();
  ASSERT_TRUE(g.swap.has_value());
  EXPECT_EQ(g.swap->delivery_direction, "IR->TM");
}

// The swap direction must name the delivery point's countries, in either order: without
// "delivery_direction" the swap ran IR->AZ on any network, across a point X->Y, and the
// all-zero balance was reported as "volumes balanced", exit 0.
TEST(TrackingGroups, SwapDirectionMustNameTheDeliveryPointsCountries) {
  Network n = ThreeSources();
  auto read = [&](const std::string& direction, Diagnostics* d) {
    OriginGroups g;
    return ReadOriginGroupsFromString(
        "{\"groups\": {\"A\": [\"ru\"], \"B\": [\"tm\"], \"C\": [\"ir\"]},\n"
        " \"swap\": {\"fee\": 0.2, \"supplier_group\": \"A\", \"delivery_border_point\": \"bp\"" +
            direction +
            "},\n"
            " \"border_points\": [{\"id\": \"bp\", \"arc\": \"p_tm\", \"from_country\": \"X\",\n"
            "                    \"to_country\": \"Y\"}]}",
        "o.json", n, GroupsReadOptions(), &g, d);
  };
  Diagnostics d;
  EXPECT_FALSE(read("", &d).ok());
  EXPECT_TRUE(HasMessage(d, "bad-direction",
                         "delivery_direction \"IR->AZ\" (the default: none given) matches "
                         "neither X->Y nor Y->X, the countries of delivery point 'bp'",
                         2))
      << d.ToString();
  Diagnostics d2;
  EXPECT_FALSE(read(",\n \"delivery_direction\": \"X->Z\"", &d2).ok());
  EXPECT_TRUE(HasMessage(d2, "bad-direction", "\"X->Z\" matches neither X->Y nor Y->X", 3))
      << d2.ToString();
  // Either orientation is one: the point's own (its positive flow delivers) or the reverse.
  for (const char* ok : {"X->Y", "Y -> X"}) {
    Diagnostics d3;
    EXPECT_TRUE(read(std::string(", \"delivery_direction\": \"") + ok + "\"", &d3).ok())
        << ok << "\n" << d3.ToString();
  }
}

// The options' two names had no check: an empty one made a group '', and the same name for
// both merged the ungrouped sources' gas with gas of no group. Refused, every problem said.
TEST(TrackingGroups, OptionsNamesMustBeGivenAndDiffer) {
  Network n = ThreeSources();
  GroupsReadOptions o;
  EXPECT_TRUE(o.Validate().ok());
  o.other_group_name = o.unassigned_group_name;
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString("ru,Russia\n", "g.csv", n, o, &g, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("both 'unassigned'"), std::string::npos) << s.ToString();
  o.other_group_name.clear();
  o.unassigned_group_name.clear();
  s = o.Validate();
  EXPECT_EQ(s.message().rfind("GroupsReadOptions has 2 problems: ", 0), 0u) << s.ToString();
}

TEST(TrackingGroups, ReadsCsv) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  ASSERT_TRUE(ReadOriginGroupsFromString("source_id,group\n# comment\nru, Russia\ntm,TM\n\nir,TM\n",
                                         "g.csv", n, GroupsReadOptions(), &g, &d)
                  .ok())
      << d.ToString();
  EXPECT_EQ(g.names, (std::vector<std::string>{"Russia", "TM"}));
  EXPECT_EQ(g.group_of.at("ir"), "TM");
  // The header after comments and blank lines, as docs/tracking.md says (it was taken for
  // a source 'source_id' of group 'group' unless on line 1); later, it is an unknown source.
  OriginGroups g2;
  Diagnostics d2;
  ASSERT_TRUE(ReadOriginGroupsFromString("# groups\n\nsource_id,group\nru,Russia\ntm,TM\nir,TM\n",
                                         "g.csv", n, GroupsReadOptions(), &g2, &d2)
                  .ok())
      << d2.ToString();
  EXPECT_EQ(g2.names, (std::vector<std::string>{"Russia", "TM"}));
  OriginGroups g3;
  Diagnostics d3;
  EXPECT_FALSE(ReadOriginGroupsFromString("ru,Russia\nsource_id,group\ntm,TM\nir,TM\n", "g.csv",
                                          n, GroupsReadOptions(), &g3, &d3)
                   .ok());
  EXPECT_NE(d3.ToString().find("g.csv:2:"), std::string::npos) << d3.ToString();
  // Fields in quotes, as the controls file reads them: a group "Russia, north" is one
  // field (it was "expected source_id,group" and a spurious "in no group" warning).
  OriginGroups g4;
  Diagnostics d4;
  ASSERT_TRUE(ReadOriginGroupsFromString("\"source_id\",\"group\"\nru,\"Russia, north\"\n"
                                         "\"tm\",TM\nir,\"TM\"\n",
                                         "g.csv", n, GroupsReadOptions(), &g4, &d4)
                  .ok())
      << d4.ToString();
  EXPECT_EQ(g4.names, (std::vector<std::string>{"Russia, north", "TM"}));
  EXPECT_EQ(d4.items().size(), 0u) << d4.ToString();
  OriginGroups g5;
  Diagnostics d5;
  EXPECT_FALSE(ReadOriginGroupsFromString("ru,Russia\ntm,\"TM\ntm2,TM,x\n", "g.csv", n,
                                          GroupsReadOptions(), &g5, &d5)
                   .ok());
  EXPECT_NE(d5.ToString().find("g.csv:2: error: field 2 opens a quote that the line does not "
                               "close"),
            std::string::npos)
      << d5.ToString();
  EXPECT_NE(d5.ToString().find("g.csv:3: error: expected \"source_id,group\" (2 fields), got 3"),
            std::string::npos)
      << d5.ToString();
  // A source id with an invisible space at an end: one bad-id naming it, the id read as
  // meant (it was "source 'tm ' is not a node ... (did you mean 'tm'?)").
  OriginGroups g6;
  Diagnostics d6;
  EXPECT_FALSE(ReadOriginGroupsFromString("ru,Russia\ntm\xC2\xA0,TM\nir,TM\n", "g.csv", n,
                                          GroupsReadOptions(), &g6, &d6)
                   .ok());
  EXPECT_EQ(d6.error_count(), 1u) << d6.ToString();
  EXPECT_NE(d6.ToString().find("g.csv:2: error: group 'TM': source='tm\xC2\xA0' has an invisible "
                               "space (U+00A0, unseen in most editors) at its end"),
            std::string::npos)
      << d6.ToString();
}

TEST(TrackingGroups, RejectsUnknownSourceWithLine) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(
      "{\n \"groups\": {\n  \"Russia\": [\"ru\", \"nowhere\"],\n  \"X\": [\"j\"],\n"
      "  \"TM\": [\"tm\", \"ir\"]\n }\n}\n",
      "bad.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(HasMessage(d, "unknown-source", "'nowhere' is not a node of the network", 3));
  EXPECT_TRUE(HasMessage(d, "unknown-source", "node 'j' is not a source (its kind is innode)", 4));
  EXPECT_NE(d.ToString().find("bad.json:3: error: group 'Russia'"), std::string::npos)
      << d.ToString();
}

// A group's name becomes a CSV column and a report row (a review's probe: "", " " and a
// newline were taken from JSON, the CSV reader trims); 'unassigned' is the name of gas of
// no group. Each name once, at its line, and the group's list still checked.
TEST(TrackingGroups, GroupNamesAreUsableAndNotReserved) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(
      "{\"groups\": {\n\"\": [\"ru\"],\n\" A\": [\"tm\"],\n\"x\\ny\": [\"ir\"],\n"
      "\"unassigned\": [\"nowhere\"]}}",
      "names.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(HasMessage(d, "bad-group-name", "a group needs a name", 2)) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "bad-group-name", "no space at either end", 3)) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "bad-group-name", "no control character", 4)) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "reserved-group", "'unassigned' is the name of gas of no origin",
                         5))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "unknown-source", "'nowhere'", 5)) << d.ToString();
  EXPECT_EQ(d.error_count(), 5u) << d.ToString();
  Diagnostics d2;
  s = ReadOriginGroupsFromString("ru,unassigned\ntm,unassigned\nir,B\n", "names.csv", n,
                                 GroupsReadOptions(), &g, &d2);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(HasMessage(d2, "reserved-group", "'unassigned'", 1)) << d2.ToString();
  EXPECT_EQ(d2.error_count(), 1u) << d2.ToString();
  // Another name for gas of no group frees this one.
  GroupsReadOptions renamed;
  renamed.unassigned_group_name = "no origin";
  Diagnostics d3;
  EXPECT_TRUE(ReadOriginGroupsFromString("ru,unassigned\ntm,unassigned\nir,B\n", "names.csv",
                                         n, renamed, &g, &d3)
                  .ok())
      << d3.ToString();
}

// Members are named at their own lines, also after a repeated key and where a member is no
// string (a review's probe: the line of the literal before, and lines after a repeated
// key ran ahead); both "border_points" and its older name "points" are an error.
TEST(TrackingGroups, MembersAtTheirLinesAndOneListOfPoints) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  const std::string text = R"({
  "groups": {
    "A": ["ru"],
    "B": ["tm",
          7,
          "nosuch"]
  },
  "border_points": [{"id": "p1", "node": "j"}],
  "points": [{"id": "p2", "node": "x"}]
})";
  EXPECT_FALSE(ReadOriginGroupsFromString(text, "m.json", n, GroupsReadOptions(), &g, &d).ok());
  EXPECT_TRUE(HasMessage(d, "wrong-type", "source ids must be strings, got an integer 7", 5))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "unknown-source", "'nosuch'", 6)) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "conflicting-keys", "keep one list", 9)) << d.ToString();
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
}

TEST(TrackingGroups, RejectsSourceInTwoGroups) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(
      "{\"groups\": {\n\"A\": [\"ru\", \"tm\"],\n\"B\": [\"tm\", \"ir\"],\n\"C\": [\"ir\", \"ir\"]}}",
      "two.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(HasFinding(d, "duplicate-source", "source 'tm'", "in two groups: 'A' and 'B'", 3));
  EXPECT_TRUE(HasFinding(d, "duplicate-source", "source 'ir'", "in two groups: 'B' and 'C'", 4));
  // CSV too
  Diagnostics d2;
  s = ReadOriginGroupsFromString("ru,A\ntm,A\ntm,B\nir,B\n", "two.csv", n, GroupsReadOptions(),
                                 &g, &d2);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(HasFinding(d2, "duplicate-source", "source 'tm'", "in two groups", 3));
}

TEST(TrackingGroups, RejectsEmptyGroup) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(
      "{\"groups\": {\"A\": [\"ru\", \"tm\", \"ir\"],\n \"Empty\": []}}", "e.json", n,
      GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(HasMessage(d, "empty-group", "has no sources", 2)) << d.ToString();
  Diagnostics d2;
  s = ReadOriginGroupsFromString("# nothing\n", "e.csv", n, GroupsReadOptions(), &g, &d2);
  EXPECT_FALSE(s.ok());
  // (Comments alone are an empty file, as the controls reader says it; it was empty-group.)
  EXPECT_TRUE(HasMessage(d2, "empty-file", "the groups file is empty", 1)) << d2.ToString();
  Diagnostics d0;
  s = ReadOriginGroupsFromString("", "e0.csv", n, GroupsReadOptions(), &g, &d0);
  EXPECT_EQ(d0.error_count(), 1u) << d0.ToString();
  EXPECT_TRUE(HasMessage(d0, "empty-file", "the groups file is empty", 1)) << d0.ToString();
}

TEST(TrackingGroups, RejectsMalformedJsonAndCsv) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString("{\"groups\": {\"A\": [\"ru\",\n \"tm\"\n}", "m.json", n,
                                        GroupsReadOptions(), &g, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "json-syntax");
  EXPECT_EQ(d.items()[0].line, 3);
  EXPECT_NE(d.items()[0].message.find("malformed JSON"), std::string::npos);
  Diagnostics d2;
  s = ReadOriginGroupsFromString("{\"groupz\": {}}", "m.json", n, GroupsReadOptions(), &g, &d2);
  EXPECT_TRUE(HasMessage(d2, "missing-groups", "needs a \"groups\" object")) << d2.ToString();
  Diagnostics d3;
  s = ReadOriginGroupsFromString("ru,A\ntm;B\nir,B,C\n", "m.csv", n, GroupsReadOptions(), &g, &d3);
  EXPECT_TRUE(HasMessage(d3, "malformed-line", "expected \"source_id,group\"", 2)) << d3.ToString();
  EXPECT_TRUE(HasMessage(d3, "malformed-line", "expected \"source_id,group\"", 3)) << d3.ToString();
  // An empty cell has the JSON form's rules: an empty id, a group without a name (each cell
  // said; both were one bad-csv).
  Diagnostics d4;
  s = ReadOriginGroupsFromString("ru,A\n,B\ntm,\n,\n", "e.csv", n, GroupsReadOptions(), &g,
                                 &d4);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(d4.error_count(), 4u) << d4.ToString();
  EXPECT_TRUE(HasMessage(d4, "empty-id", "the source id is empty in \",B\"", 2)) << d4.ToString();
  EXPECT_TRUE(HasMessage(d4, "bad-group-name", "the group is empty in \"tm,\"", 3))
      << d4.ToString();
  EXPECT_TRUE(HasMessage(d4, "empty-id", "the source id is empty in \",\"", 4)) << d4.ToString();
  EXPECT_TRUE(HasMessage(d4, "bad-group-name", "the group is empty in \",\"", 4))
      << d4.ToString();
  EXPECT_NE(d4.ToString().find("e.csv:2: error: group 'B': the source id is empty"),
            std::string::npos)
      << d4.ToString();
  // The JSON form's empty source likewise (it read "source '' is not a node").
  Diagnostics d5;
  s = ReadOriginGroupsFromString("{\"groups\": {\"A\": [\"ru\",\n \"\"], \"B\": [\"tm\", \"ir\"]}}",
                                 "e.json", n, GroupsReadOptions(), &g, &d5);
  EXPECT_EQ(d5.error_count(), 1u) << d5.ToString();
  EXPECT_TRUE(HasMessage(d5, "empty-id", "a source id is empty", 2)) << d5.ToString();
  // A border point's empty id too (it was wrong-type), at its line.
  Diagnostics d6;
  s = ReadOriginGroupsFromString("{\"groups\": {\"A\": [\"ru\", \"tm\", \"ir\"]},\n"
                                 " \"border_points\": [{\"arc\": \"p_tm\",\n  \"id\": \"\"}]}",
                                 "b.json", n, GroupsReadOptions(), &g, &d6);
  EXPECT_EQ(d6.error_count(), 1u) << d6.ToString();
  EXPECT_TRUE(HasMessage(d6, "empty-id", "\"id\" is empty: a border point needs an id", 3))
      << d6.ToString();
  EXPECT_EQ(d6.items()[0].element, "border point #0") << d6.ToString();
}

// Regression: a number beyond a double (1e999) made nlohmann throw out_of_range out of the
// reader, which caught parse_error only. Now a diagnostic on the number's line.
TEST(TrackingGroups, NumberOverflowHasLine) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s;
  EXPECT_NO_THROW(s = ReadOriginGroupsFromString(
                      "{\"groups\": {\"A\": [\"ru\", \"tm\", \"ir\"]},\n \"swap\": {\"fee\": 0.1,\n"
                      "  \"input_1000m3_per_h\": -1e999}}\n",
                      "big.json", n, GroupsReadOptions(), &g, &d));
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(HasMessage(d, "not-finite", "number -1e999 does not fit a finite double", 3))
      << d.ToString();
  // The read goes on past it: the swap's other problems are said too (its default supplier
  // group is none of this file's, and it names no delivery point).
  EXPECT_TRUE(HasMessage(d, "unknown-group", "swap supplier group 'Turkmenistan' is not a "
                                             "group", 2))
      << d.ToString();
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
}

// Each number out of range is said at its line and pointer, and the read goes on past them
// (it stopped at the first): the file's other problems are listed too, and the null that
// stands for a number is not judged again ("source ids must be strings, got null").
TEST(TrackingGroups, NumbersOutOfRangeAndOtherProblemsAreAllListed) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  const Status s = ReadOriginGroupsFromString(
      "{\"groups\": {\"A\": [\"ru\", 1e999, \"tm\", \"ir\"]},\n"
      " \"swap\": {\"fee\": 2e999,\n"
      "  \"supplier_group\": 7,\n"
      "  \"input_1000m3_per_h\": -1e999}}\n",
      "big.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(HasMessage(d, "not-finite", "number 1e999 does not fit a finite double", 1))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "not-finite", "number 2e999 does not fit a finite double", 2))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "not-finite", "number -1e999 does not fit a finite double", 4))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "wrong-type", "\"supplier_group\" must be a string", 3))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "missing-key", "the swap names no delivery point", 2))
      << d.ToString();
  EXPECT_EQ(d.error_count(), 5u) << d.ToString();
  for (const Diagnostic& x : d.items())
    EXPECT_EQ(x.message.find("null"), std::string::npos) << x.ToString();
  // Each at its pointer, as annotations.json's are said (`run` reads the same file).
  std::vector<std::string> pointers;
  for (const Diagnostic& x : d.items())
    if (x.rule == "not-finite")
      pointers.push_back(x.message.substr(x.message.rfind(" (at ") + 5));
  EXPECT_EQ(pointers,
            (std::vector<std::string>{"/groups/A/1)", "/swap/fee)", "/swap/input_1000m3_per_h)"}));
}

// Regression: a spreadsheet's byte-order mark stuck to the first cell of the CSV
// ("\xEF\xBB\xBFsource_id"), so the header was read as a source named that.
TEST(TrackingGroups, CsvByteOrderMarkIsSkipped) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s =
      ReadOriginGroupsFromString("\xEF\xBB\xBFsource_id,group\nru,Russia\ntm,TM\nir,TM\n",
                                 "bom.csv", n, GroupsReadOptions(), &g, &d);
  ASSERT_TRUE(s.ok()) << d.ToString();
  EXPECT_EQ(d.items().size(), 0u) << d.ToString();
  EXPECT_EQ(g.names, (std::vector<std::string>{"Russia", "TM"}));
  // Without a header the first source is read, and lines keep their numbers.
  Diagnostics d2;
  s = ReadOriginGroupsFromString("\xEF\xBB\xBFru,Russia\nxx,TM\n", "bom.csv", n,
                                 GroupsReadOptions(), &g, &d2);
  EXPECT_EQ(g.group_of.count("ru"), 1u) << d2.ToString();
  EXPECT_TRUE(HasMessage(d2, "unknown-source", "source 'xx'", 2)) << d2.ToString();
  EXPECT_EQ(d2.error_count(), 1u) << d2.ToString();
  // JSON with a mark reads too.
  Diagnostics d3;
  const std::string json = "\xEF\xBB\xBF{\"groups\": {\"A\": [\"ru\", \"tm\", \"ir\"]}}";
  EXPECT_TRUE(
      ReadOriginGroupsFromString(json, "bom.json", n, GroupsReadOptions(), &g, &d3).ok())
      << d3.ToString();
}

// A case's XML file given as the groups file is said once, naming what it is (a .net gave
// one malformed-line error per line of XML, up to the cap), and the caller's groups stay.
TEST(TrackingGroups, AnXmlFileIsNotAGroupsFile) {
  Network n = ThreeSources();
  OriginGroups g;
  g.names = {"kept"};
  Diagnostics d;
  EXPECT_FALSE(ReadOriginGroupsFromString("<?xml version=\"1.0\"?>\n<!-- a comment -->\n"
                                          "<network xmlns=\"http://gaslib.zib.de/Gas\">\n"
                                          "  <nodes/>\n</network>\n",
                                          "g.csv", n, GroupsReadOptions(), &g, &d)
                   .ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "wrong-file-kind");
  EXPECT_EQ(d.items()[0].line, 1);
  EXPECT_EQ(d.items()[0].message,
            "this is a GasLib network (.net), not a groups file (CSV or JSON, docs/tracking.md)");
  Diagnostics dx;
  EXPECT_FALSE(ReadOriginGroupsFromString("<groups/>\n", "g.csv", n, GroupsReadOptions(), &g,
                                          &dx)
                   .ok());
  ASSERT_EQ(dx.error_count(), 1u) << dx.ToString();
  EXPECT_NE(dx.items()[0].message.find("this is an XML file, not a groups file"),
            std::string::npos)
      << dx.ToString();
  EXPECT_EQ(g.names, (std::vector<std::string>{"kept"}));
  // Another of corridor's JSON files likewise, at its "format"; the annotations are a
  // groups file.
  Diagnostics dj;
  EXPECT_FALSE(ReadOriginGroupsFromString("{\n \"format\": \"corridor-controls\",\n"
                                          " \"version\": 1, \"controls\": [], \"x\": 1e999,"
                                          " \"x\": 2\n}\n",
                                          "g.json", n, GroupsReadOptions(), &g, &dj)
                   .ok());
  ASSERT_EQ(dj.error_count(), 1u) << dj.ToString();
  EXPECT_EQ(dj.warning_count(), 0u) << dj.ToString();
  // A controls CSV likewise, at its header (each line was a malformed line, and no group).
  Diagnostics dc;
  EXPECT_FALSE(ReadOriginGroupsFromString("# settings\nid,mode,value\nCS1,ratio,1.2\n",
                                          "c.csv", n, GroupsReadOptions(), &g, &dc)
                   .ok());
  ASSERT_EQ(dc.error_count(), 1u) << dc.ToString();
  EXPECT_TRUE(HasMessage(dc, "wrong-file-kind", "this is a controls file (header id,mode,value)",
                         2))
      << dc.ToString();
  EXPECT_TRUE(HasMessage(dj, "wrong-file-kind",
                         "\"format\" is \"corridor-controls\": the file is settings of the "
                         "active elements, which `simulate`, `track` and `check` take as "
                         "`--controls FILE`, not a groups file",
                         2))
      << dj.ToString();
  EXPECT_EQ(g.names, (std::vector<std::string>{"kept"}));
}

// Regression: a group name that was not UTF-8 was taken and written raw into CSV headers,
// while every other reader refuses such bytes. A CSV groups file that is not UTF-8 is
// refused, at the line of the first bad byte, as the GasLib readers do.
TEST(TrackingGroups, CsvThatIsNotUtf8IsRefused) {
  Network n = ThreeSources();
  OriginGroups g;
  g.names = {"kept"};
  Diagnostics d;
  Status s = ReadOriginGroupsFromString("source_id,group\nru,A\xFF\ntm,B\nir,B\n", "g.csv", n,
                                        GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "bad-utf8");
  EXPECT_EQ(d.items()[0].line, 2);
  EXPECT_EQ(d.items()[0].message, "the file is not valid UTF-8: byte 0xFF at offset 20");
  // UTF-16 is named as such, not as a bad byte at offset 0.
  Diagnostics d16;
  EXPECT_FALSE(ReadOriginGroupsFromString(std::string("\xFF\xFEr\0u\0,\0A\0", 10), "g.csv",
                                          n, GroupsReadOptions(), &g, &d16)
                   .ok());
  ASSERT_EQ(d16.error_count(), 1u) << d16.ToString();
  EXPECT_EQ(d16.items()[0].rule, "bad-utf8");
  EXPECT_EQ(d16.items()[0].line, 1);
  EXPECT_NE(d16.items()[0].message.find("UTF-16"), std::string::npos) << d16.ToString();
  // A JSON groups file too, without a byte-order mark (it starts with '{' and a NUL).
  Diagnostics dj;
  EXPECT_FALSE(ReadOriginGroupsFromString(std::string("{\0\"\0g\0", 6), "g.json", n,
                                          GroupsReadOptions(), &g, &dj)
                   .ok());
  ASSERT_EQ(dj.error_count(), 1u) << dj.ToString();
  EXPECT_EQ(dj.items()[0].rule, "bad-utf8") << dj.ToString();
  EXPECT_EQ(g.names, (std::vector<std::string>{"kept"}));
  // Well-formed multi-byte names (Cyrillic, after a byte-order mark) are fine.
  Diagnostics d2;
  ASSERT_TRUE(ReadOriginGroupsFromString("\xEF\xBB\xBFru,\xD0\xA0\xD0\xA4\ntm,TM\nir,TM\n", "g.csv",
                                         n, GroupsReadOptions(), &g, &d2)
                  .ok())
      << d2.ToString();
  EXPECT_EQ(g.names[0], "\xD0\xA0\xD0\xA4");
}

TEST(TrackingGroups, UngroupedSourcesErrorOrOther) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  ASSERT_TRUE(ReadOriginGroupsFromString("ru,Russia\n", "u.csv", n, GroupsReadOptions(), &g, &d)
                  .ok());
  EXPECT_EQ(d.warning_count(), 2u);
  EXPECT_EQ(g.group_of.at("tm"), "other");
  EXPECT_EQ(g.names.back(), "other");
  GroupsReadOptions strict;
  strict.allow_ungrouped = false;
  Diagnostics d2;
  EXPECT_FALSE(ReadOriginGroupsFromString("ru,Russia\n", "u.csv", n, strict, &g, &d2).ok());
  EXPECT_TRUE(HasFinding(d2, "ungrouped-source", "source 'tm'", "in no group"));
}

// A group the file names "other" takes the ungrouped sources in, and the warning says so
// (the two were one group without a word); a border point's node that is no end of its arc
// is an error (it was read).
TEST(TrackingGroups, AGroupNamedOtherAndANodeOffItsArcAreSaid) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  ASSERT_TRUE(ReadOriginGroupsFromString(R"({"groups": {"other": ["ru"], "A": ["ir"]}})",
                                         "o.json", n, GroupsReadOptions(), &g, &d)
                  .ok());
  EXPECT_EQ(g.group_of.at("tm"), "other");
  EXPECT_TRUE(HasMessage(d, "ungrouped-source",
                         "counted in group 'other', which the file defines too"));
  Diagnostics d2;
  EXPECT_FALSE(ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "border_points": [{"id": "b1", "node": "x", "arc": "p_tm"},
                   {"id": "b2", "node": "j", "arc": "p_tm"}]})",
                                          "p.json", n, GroupsReadOptions(), &g, &d2)
                   .ok());
  EXPECT_TRUE(HasMessage(d2, "node-not-on-arc", "node 'x' is no end of arc 'p_tm' (tm -> j)", 2));
  EXPECT_EQ(d2.error_count(), 1u) << d2.ToString();
}

TEST(TrackingGroups, RejectsBadPointsAndSwap) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "border_points": [{"id": "b1", "node": "zz", "arc": "p_tm"},
                   {"id": "b2", "arc": "qq"},
                   {"id": "b3", "arc": "p_tm", "from_country": "TM", "to_country": "IR",
                    "positive_arc_flow": "AZ->IR"}],
 "swap": {"fee": 1.5, "delivery_border_point": "nope"}})",
                                        "p.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(HasMessage(d, "unknown-node", "node 'zz' is not in the network", 2));
  EXPECT_TRUE(HasMessage(d, "unknown-arc", "arc 'qq' is not in the network", 3));
  EXPECT_TRUE(HasMessage(d, "bad-direction", "matches neither TM->IR", 5));
  EXPECT_TRUE(HasMessage(d, "bad-fee", "fee must be a share in [0, 1)"));
  EXPECT_TRUE(HasMessage(d, "unknown-point", "'nope' is not a border point"));
  // None given: said so, with the points there are (it read "swap delivery point '' is not
  // a border point of this file").
  Diagnostics none;
  EXPECT_FALSE(ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "border_points": [{"id": "b3", "arc": "p_tm", "from_country": "TM", "to_country": "IR"},
                   {"id": "b4", "arc": "p_tm", "from_country": "IR", "to_country": "TM"}],
 "swap": {"fee": 0.1, "supplier_group": "A"}})",
                                          "p.json", n, GroupsReadOptions(), &g, &none)
                   .ok());
  EXPECT_TRUE(HasMessage(none, "missing-key",
                         "the swap names no delivery point: give \"delivery_border_point\", "
                         "one of b3, b4",
                         4))
      << none.ToString();
  EXPECT_FALSE(HasMessage(none, "unknown-point", "")) << none.ToString();
}

// The swap's entries must be the supplier group's sources, and "turkmen_entries" is an alias
// of "supplier_entries": an entry of another group, or both keys with different lists, were
// taken without a word (the alias dropped).
TEST(TrackingGroups, SwapEntriesAgreeWithTheGroupAndTheirAlias) {
  Network n = ThreeSources();
  const std::string head = R"({"groups": {"T": ["tm"], "R": ["ru"], "I": ["ir"]},
 "border_points": [{"id": "b", "arc": "p_x", "from_country": "IR", "to_country": "AZ"}],
 "swap": {"delivery_border_point": "b", )";
  struct Case {
    std::string swap;
    bool ok;
    const char* rule;
    const char* said;
    int line;
  };
  const std::vector<Case> cases = {
      {R"("supplier_group": "T",
  "supplier_entries": ["tm", "ru"]}})",
       false, "conflicting-keys", "lists 'ru' (R) of another group than supplier_group 'T'", 4},
      {R"("supplier_entries": ["tm"],
  "turkmen_entries": ["ru"]}})",
       false, "conflicting-keys", "listing different entries", 4},
      {R"("supplier_entries": ["tm"],
  "turkmen_entries": ["tm"]}})",
       true, "duplicate-key", "\"turkmen_entries\" is an alias of \"supplier_entries\"", 4},
      {R"("supplier_group": "T",
  "supplier_entries": ["tm"]}})",
       true, "", "", 0},
  };
  for (const Case& c : cases) {
    OriginGroups g;
    Diagnostics d;
    Status s = ReadOriginGroupsFromString(head + c.swap, "p.json", n, GroupsReadOptions(), &g, &d);
    EXPECT_EQ(s.ok() && !d.has_errors(), c.ok) << c.swap << "\n" << d.ToString();
    if (*c.rule != '\0')
      EXPECT_TRUE(HasMessage(d, c.rule, c.said, c.line)) << c.swap << "\n" << d.ToString();
    else
      EXPECT_EQ(d.items().size(), 0u) << d.ToString();
  }
  // An entry that is no source, without supplier_group: its one error. The default group
  // that the entry's own would have replaced was said too ("swap supplier group
  // 'Turkmenistan' is not a group").
  OriginGroups g;
  Diagnostics d;
  EXPECT_FALSE(ReadOriginGroupsFromString(head + R"("supplier_entries": ["x"]}})", "p.json", n,
                                          GroupsReadOptions(), &g, &d)
                   .ok());
  EXPECT_TRUE(HasMessage(d, "unknown-source", "swap entry \"x\" is not a source", 3))
      << d.ToString();
  EXPECT_EQ(d.items().size(), 1u) << d.ToString();
}

// Each problem of a border point or of the swap is reported at the line of its value (they
// were at the point's id line and at the "swap" key); a point id given twice is an error
// (the swap took the last silently); a scenario's swap input that is no volume is an error
// (it was skipped, and the swap counted every flow as input).
TEST(TrackingGroups, PointAndSwapProblemsAtTheirValuesLines) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "border_points": [
   {"id": "b1",
    "arc": "qq"},
   {"id": "b2", "arc": "p_tm", "from_country": "TM", "to_country": "IR",
    "positive_arc_flow": "AZ->IR"},
   {"id": "b4", "arc": "p_tm"},
   {"id":
    "b4", "arc": "p_ru"}],
 "swap": {
   "fee": 1.5,
   "supplier_entries": ["ru",
                        "j"],
   "delivery_border_point":
     "nope",
   "delivery_direction": "IR",
   "input_1000m3_per_h": -1},
 "scenarios": {"s1": {"file": "a.scn",
                      "swap_turkmen_input_1000m3_per_h": -212.7},
               "s2": {"file": "b.scn", "swap_turkmen_input_1000m3_per_h": "212.7"},
               "s3": {"file": "c.scn", "swap_turkmen_input_1000m3_per_h": 1e12,
                      "swap_fees": 0.1}}})",
                                        "p.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  std::printf("%s", d.ToString().c_str());
  // A scenario's input beyond 1e6 mcm/d, as --swap-input's (1e12 ran as 24e9 mcm/d, 1e308
  // lost the origin mix, exit 0), and a key an entry does not have (a misspelt "swap_fees"
  // ran at the file-wide fee unsaid).
  EXPECT_TRUE(HasMessage(d, "out-of-range", "(1e6 mcm/d), got 1000000000000.0", 21));
  EXPECT_TRUE(HasMessage(d, "unknown-key", "unknown key \"swap_fees\" (not read)", 22));
  EXPECT_TRUE(HasMessage(d, "unknown-arc", "arc 'qq' is not in the network", 4));
  EXPECT_TRUE(HasMessage(d, "bad-direction", "matches neither TM->IR", 6));
  EXPECT_TRUE(HasMessage(d, "duplicate-point", "'b4' is defined twice", 9));
  EXPECT_TRUE(HasMessage(d, "bad-fee", "fee must be a share in [0, 1)", 11));
  EXPECT_TRUE(HasMessage(d, "unknown-source", "\"j\" is not a source", 13));
  EXPECT_TRUE(HasMessage(d, "unknown-point", "'nope' is not a border point", 15));
  EXPECT_TRUE(HasMessage(d, "bad-direction", "delivery_direction must read", 16));
  EXPECT_TRUE(HasMessage(d, "out-of-range",
                         "input_1000m3_per_h must be a number in [0, 4.16667e+07] (1e6 mcm/d), "
                         "got -1",
                         17));
  EXPECT_TRUE(HasMessage(d, "out-of-range", "(1e6 mcm/d), got -212.7", 19));
  EXPECT_TRUE(HasMessage(d, "wrong-type", "(1e6 mcm/d), got a string \"212.7\"", 20));
}

// Scenarios that give a swap input or fee in a file without "swap": one warning, at the
// first (the swap balance was dropped without a word).
TEST(TrackingGroups, ASwapInputWithoutASwapIsSaid) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "scenarios": {"s1": {"file": "a.scn", "description": "x"},
               "s2": {"file": "b.scn",
                      "swap_turkmen_input_1000m3_per_h": 212.7, "swap_fee": 0.1},
               "s3": {"file": "c.scn", "swap_fee": 0.2}}})",
                                        "p.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_TRUE(s.ok()) << d.ToString();
  EXPECT_EQ(d.warning_count(), 1u) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "no-swap",
                         "gives a swap input or fee (and 1 other scenario), but the file has "
                         "no \"swap\"",
                         4))
      << d.ToString();
}

// Two scenario entries whose files have one name would mix value by value (scenarios are
// matched to a .scn by its file name): one entry's fee with the other's input, silently.
TEST(TrackingGroups, TwoScenariosWithOneFileNameAreAnError) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "scenarios": {"b": {"file": "other/s.scn", "swap_turkmen_input_1000m3_per_h": 300,
                     "swap_fee": 0.5},
               "a": {"file": "scenarios/s.scn",
                     "swap_turkmen_input_1000m3_per_h": 100},
               "c": {"file": "scenarios/t.scn", "swap_fee": 0.1}}})",
                                        "s.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "duplicate-scenario-file",
                         "names the file 'scenarios/s.scn', whose name scenario 'b' names too",
                         4))
      << d.ToString();
  EXPECT_EQ(d.items()[0].element, "scenario 'a'");
}

// A value of the wrong type is an error naming the key and the type wanted, at its line:
// each was read as absent and replaced by a default ("arc": 7 made a node point, the swap ran
// IR->AZ for "delivery_direction": 12, "supplier_group": 7 was reported as "'Turkmenistan' is
// not a group"), and non-object gas origins or scenarios were skipped without a word.
TEST(TrackingGroups, WrongTypesAreErrorsNamingTheKey) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru"], "B": ["tm"], "C": ["ir"]},
 "border_points": [
   {"id": "bp1", "node": "x",
    "arc": 7, "from_country": "X", "to_country": "Y"},
   {"id": "bp2", "arc": "p_tm", "from_country": "X", "to_country": "Y",
    "positive_arc_flow": 3, "name": false},
   {"id": 5, "arc": "p_ir"}],
 "gas_origins": {"A": {"composition_mol_pct": "CH4 100"},
                 "B": 5},
 "scenarios": ["x"],
 "swap": {"fee": 0.2,
          "supplier_entries": "ru",
          "supplier_group": 7,
          "delivery_border_point": "bp2",
          "delivery_direction": 12}})",
                                        "t.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(
      HasMessage(d, "wrong-type", "\"arc\" must be a string (an arc id), got an integer 7", 4));
  EXPECT_TRUE(HasMessage(d, "wrong-type", "\"positive_arc_flow\" must be a string", 6));
  EXPECT_TRUE(HasMessage(d, "wrong-type", "\"name\" must be a string, got a boolean false", 6));
  EXPECT_TRUE(HasMessage(d, "wrong-type",
                         "\"id\" must be a string (the point's id), got an integer 5", 7));
  EXPECT_TRUE(HasMessage(d, "wrong-type",
                         "\"composition_mol_pct\" must be an object (component -> mol %), "
                         "got a string \"CH4 100\"",
                         8));
  EXPECT_TRUE(HasMessage(d, "wrong-type", "a gas origin must be an object", 9));
  EXPECT_TRUE(HasMessage(d, "wrong-type", "\"scenarios\" must be an object", 10));
  EXPECT_TRUE(
      HasMessage(d, "wrong-type",
                 "\"supplier_entries\" must be a list of source ids, got a string \"ru\"",
                 12));
  EXPECT_TRUE(HasMessage(d, "wrong-type", "\"supplier_group\" must be a string (a group name), "
                                          "got an integer 7",
                         13));
  EXPECT_TRUE(HasMessage(d, "wrong-type", "\"delivery_direction\" must be a string", 15));
  // Said once, as what it is: no "needs a node or an arc", no "not a group", no "not a border
  // point" for a point whose own errors are listed.
  EXPECT_EQ(d.error_count(), 10u) << d.ToString();
  // A scenario that is no object is said too.
  Diagnostics d2;
  EXPECT_FALSE(ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "gas_origins": [],
 "scenarios": {"s1":
   "swap-contract.scn"}})",
                                          "t.json", n, GroupsReadOptions(), &g, &d2)
                   .ok());
  EXPECT_TRUE(HasMessage(d2, "wrong-type", "\"gas_origins\" must be an object", 2)) << d2.ToString();
  EXPECT_TRUE(HasMessage(d2, "wrong-type", "a scenario must be an object", 4)) << d2.ToString();
  EXPECT_EQ(d2.error_count(), 2u) << d2.ToString();
}

// A composition's problems are at the line of the offending value (all were at the group's
// line): a component that is no number >= 0 at its own, a wrong sum at the composition's.
TEST(TrackingGroups, CompositionProblemsAtTheirValuesLines) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru"], "B": ["tm"], "C": ["ir"]},
 "gas_origins": {
   "A": {"composition_mol_pct": {
     "CH4": 99,
     "C2H6": -1,
     "N2": "2"}},
   "B": {
     "composition_mol_pct":
       {"CH4": 90,
        "N2": 5}}}})",
                                        "c.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(HasMessage(d, "bad-composition",
                         "component 'C2H6' must be a number >= 0 (mol %), got -1", 5));
  EXPECT_TRUE(HasMessage(d, "wrong-type",
                         "component 'N2' must be a number >= 0 (mol %), got a string \"2\"", 6));
  EXPECT_TRUE(HasMessage(d, "bad-composition", "composition sums to 95.0000 mol %, not 100", 9));
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
}

// A component's name becomes a column (mol_pct_<name>): an empty one, or one with an
// invisible space at its end, is a bad-composition; "ch4" beside "CH4" (two columns of one
// gas) a warning. A misspelt "composition" is an unknown key (the group had none, unsaid),
// a group name ending in a zero-width space a bad-group-name, an empty entries list a
// warning. All were taken without a word.
TEST(TrackingGroups, ComponentAndGroupNamesThatMakeBadColumns) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru"], "B": ["tm"], "C\u200b": ["ir"]},
 "gas_origins": {
   "A": {"composition_mol_pct": {"CH4": 95, "C2H6": 5}},
   "B": {"composition_mol_pct": {
     "ch4": 95,
     "": 5}, "colour": "red"}},
 "border_points": [{"id": "bp", "arc": "p_tm", "from_country": "X", "to_country": "Y"}],
 "swap": {"supplier_entries": [], "supplier_group": "A", "delivery_border_point": "bp",
          "delivery_direction": "X->Y"}})",
                                        "c.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(HasMessage(d, "bad-group-name",
                         "a group name has no space at either end; 'C<U+200B>' has an invisible "
                         "space (U+200B",
                         1))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "component-case",
                         "component 'ch4' differs from 'CH4' only in case", 5))
      << d.ToString();
  EXPECT_TRUE(HasMessage(d, "bad-composition", "a component needs a name", 6)) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "unknown-key", "unknown key \"colour\"", 6)) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "empty-list", "\"supplier_entries\" lists no entry", 8))
      << d.ToString();
  EXPECT_EQ(d.error_count(), 2u) << d.ToString();
  EXPECT_EQ(d.warning_count(), 3u) << d.ToString();
}

// Checked without the network (a case that did not load): the file's own rules only.
TEST(TrackingGroups, CheckedWithoutTheNetwork) {
  GroupsReadOptions alone;
  alone.check_against_network = false;
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "x1"], "B": ["x1"]},
 "border_points": [{"id": "bp", "arc": "no_arc", "from_country": "X", "to_country": "Y"}],
 "swap": {"supplier_entries": ["nowhere"], "supplier_group": "A",
          "delivery_border_point": "bp", "delivery_direction": "X->Z"}})",
                                        "n.json", Network(), alone, &g, &d);
  EXPECT_FALSE(s.ok());
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(HasFinding(d, "duplicate-source", "source 'x1'", "in two groups", 1));
  EXPECT_TRUE(HasMessage(d, "bad-direction", "\"X->Z\" matches neither X->Y nor Y->X", 4));
  EXPECT_EQ(d.error_count(), 2u) << d.ToString();
  EXPECT_EQ(d.warning_count(), 0u) << d.ToString();
}

// A misspelt key is a warning at its line, where the reader owns the object (the file ran
// to "tracked" with no border points and no swap, unsaid); a repeated point id is an error
// and the point's other fields are still checked.
TEST(TrackingGroups, UnknownKeysWarnAndARepeatedPointIsStillChecked) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  Status s = ReadOriginGroupsFromString(R"({"groups": {"A": ["ru", "tm", "ir"]},
 "border_point": [],
 "border_points": [
   {"id": "b1", "arc": "p_tm", "from_country": "TM", "to_country": "IR"},
   {"id": "b1", "arc": "qq", "form_country": "TM"}],
 "swapp": {},
 "swap": {"supplier_group": "A", "delivery_border_point": "b1",
          "delivery_direction": "IR->TM", "fe": 0.3}})",
                                        "p.json", n, GroupsReadOptions(), &g, &d);
  EXPECT_FALSE(s.ok());
  std::printf("%s", d.ToString().c_str());
  EXPECT_TRUE(HasMessage(d, "unknown-key", "unknown key \"border_point\" (not read)", 2));
  EXPECT_TRUE(HasMessage(d, "unknown-key", "unknown key \"swapp\"", 6));
  EXPECT_TRUE(HasMessage(d, "unknown-key", "unknown key \"form_country\"", 5));
  EXPECT_TRUE(HasMessage(d, "unknown-key", "unknown key \"fe\"", 8));
  EXPECT_TRUE(HasMessage(d, "duplicate-point", "'b1' is defined twice", 5));
  EXPECT_TRUE(HasMessage(d, "unknown-arc", "arc 'qq' is not in the network", 5));
  EXPECT_EQ(d.warning_count(), 4u) << d.ToString();
}

// What is missing is reported where it belongs: the "groups" object (JSON), line 1 (CSV).
TEST(TrackingGroups, MissingThingsHaveALine) {
  Network n = ThreeSources();
  GroupsReadOptions strict;
  strict.allow_ungrouped = false;
  OriginGroups g;
  Diagnostics d;
  EXPECT_FALSE(ReadOriginGroupsFromString("{\"swap_note\": \"x\",\n \"groups\":\n {\"R\": [\"ru\"]}}",
                                          "u.json", n, strict, &g, &d)
                   .ok());
  EXPECT_TRUE(HasFinding(d, "ungrouped-source", "source 'tm'", "in no group", 3)) << d.ToString();
  EXPECT_TRUE(HasFinding(d, "ungrouped-source", "source 'ir'", "in no group", 3)) << d.ToString();
  Diagnostics d2;
  EXPECT_FALSE(ReadOriginGroupsFromString("{\n\"groups\": {}}", "e.json", n, strict, &g, &d2).ok());
  EXPECT_TRUE(HasMessage(d2, "empty-group", "defines no group", 2)) << d2.ToString();
  Diagnostics d3;
  EXPECT_FALSE(ReadOriginGroupsFromString("# nothing\n", "e.csv", n, strict, &g, &d3).ok());
  EXPECT_TRUE(HasMessage(d3, "empty-file", "the groups file is empty", 1)) << d3.ToString();
  Diagnostics d4;
  EXPECT_TRUE(ReadOriginGroupsFromString("\nru,Russia\n", "u.csv", n, GroupsReadOptions(), &g, &d4)
                  .ok());
  EXPECT_TRUE(HasFinding(d4, "ungrouped-source", "source 'tm'", "in no group", 1))
      << d4.ToString();
  for (const Diagnostic& x : d.items()) EXPECT_GT(x.line, 0) << x.ToString();
}

// A file with errors leaves the output as it was: nothing half read.
TEST(TrackingGroups, ErrorsLeaveTheOutputUntouched) {
  Network n = ThreeSources();
  OriginGroups g;
  g.source_file = "keep";
  Diagnostics d;
  EXPECT_FALSE(ReadOriginGroupsFromString("{\"groups\": {\"R\": [\"ru\", \"nowhere\"]}}", "g.json",
                                          n, GroupsReadOptions(), &g, &d)
                   .ok());
  EXPECT_EQ(g.source_file, "keep");
  EXPECT_TRUE(g.names.empty());
  EXPECT_TRUE(g.group_of.empty());
}

// A key given twice: a warning at the one that counts; a missing file: a diagnostic.
// A group given twice would lose its first list (a review's probe: a warning, and the
// first list's source counted in 'other'); another key given twice is a warning.
TEST(TrackingGroups, DuplicateGroupIsAnErrorAndMissingFileIsReported) {
  Network n = ThreeSources();
  OriginGroups g;
  Diagnostics d;
  const std::string text = R"({
  "groups": {
    "R": ["tm"],
    "I": ["ir"],
    "R": ["ru", "tm"]
  },
  "border_points": [], "border_points": []
})";
  EXPECT_FALSE(ReadOriginGroupsFromString(text, "g.json", n, GroupsReadOptions(), &g, &d).ok());
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  ASSERT_EQ(d.warning_count(), 1u) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "duplicate-group", "group 'R' is defined twice", 5)) << d.ToString();
  EXPECT_TRUE(HasMessage(d, "duplicate-key", "\"border_points\"", 7)) << d.ToString();
  // Found whatever other keys are repeated before it (the parser's list stops at 50), and
  // the sources of the lost list are not called ungrouped (an error with strict groups).
  std::string many = "{\"border_points\": [";
  for (int k = 0; k < 60; ++k)
    many += fmt::format("{}{{\"id\": \"p{}\", \"node\": \"j\", \"note\": \"a\", "
                        "\"note\": \"b\"}}\n",
                        k == 0 ? "" : ",", k);
  many += "],\n\"groups\": {\"R\": [\"ru\"],\n\"I\": [\"ir\", \"tm\"],\n\"R\": [\"tm\"]}}";
  GroupsReadOptions strict;
  strict.allow_ungrouped = false;
  Diagnostics dm;
  EXPECT_FALSE(ReadOriginGroupsFromString(many, "many.json", n, strict, &g, &dm).ok());
  EXPECT_TRUE(HasMessage(dm, "duplicate-group", "group 'R' is defined twice", 64))
      << dm.ToString();
  EXPECT_FALSE(HasMessage(dm, "ungrouped-source", "")) << dm.ToString();
  // In a "groups" object that a second one replaces (the DOM and the locator see the last
  // only): the error still, at its line, besides the second's own; a review's probe passed
  // with the duplicate-key warning alone.
  const std::string outer = R"({"groups": {
  "R": ["ru", "tm"],
  "R": ["ru", "tm"], "I": ["ir"]},
  "groups": {"R": ["ru", "tm"], "I": ["ir"],
  "I": ["ir"]}})";
  Diagnostics dd;
  EXPECT_FALSE(ReadOriginGroupsFromString(outer, "o.json", n, GroupsReadOptions(), &g, &dd).ok());
  EXPECT_EQ(dd.error_count(), 2u) << dd.ToString();
  EXPECT_TRUE(HasMessage(dd, "duplicate-group", "group 'R' is defined twice", 3)) << dd.ToString();
  EXPECT_TRUE(HasMessage(dd, "duplicate-group", "group 'I' is defined twice", 5)) << dd.ToString();
  EXPECT_TRUE(HasMessage(dd, "duplicate-key", "\"groups\"", 4)) << dd.ToString();
  Diagnostics d2;
  EXPECT_FALSE(
      ReadOriginGroups("/nonexistent/g.json", n, GroupsReadOptions(), &g, &d2).ok());
  ASSERT_EQ(d2.error_count(), 1u) << d2.ToString();
  EXPECT_EQ(d2.items()[0].rule, "file-not-found");
  EXPECT_EQ(d2.items()[0].file, "/nonexistent/g.json");
}

TEST(TrackingGroups, CorridorAnnotationsAreAGroupsFile) {
  GasCase c;
  Diagnostics d;
  const std::string dir = test::SourceDir() + "/data/corridor/";
  ASSERT_TRUE(LoadCase({dir + "corridor.net"}, &c, &d).ok()) << d.ToString();
  OriginGroups g;
  Status s = ReadOriginGroups(dir + "annotations.json", c.network, GroupsReadOptions(), &g, &d);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << d.ToString();
  EXPECT_EQ(g.names, (std::vector<std::string>{"Russia", "Turkmenistan", "Azerbaijan", "Iran"}));
  EXPECT_EQ(g.points.size(), 4u);
  ASSERT_TRUE(g.swap.has_value());
  EXPECT_EQ(g.swap->supplier_group, "Turkmenistan");
  EXPECT_EQ(g.swap->delivery_point, "bp_az_ir_astara");
  EXPECT_DOUBLE_EQ(g.swap->fee, 0.25);
  EXPECT_EQ(g.composition.size(), 4u);
  EXPECT_EQ(g.scenario_swap_input_m3_per_s.count("swap-contract.scn"), 1u);
  EXPECT_EQ(d.warning_count(), 0u) << d.ToString();
}

// The supply a swap input is checked against: the supplier group's sources, or the listed
// supplier_entries, by the nomination's signs (an entry injects its flow, an exit its
// negative one); other nodes do not count.
TEST(TrackingGroups, NominatedSwapSupplyCountsTheSuppliersInjections) {
  OriginGroups g;
  g.group_of = {{"tm1", "Turkmenistan"}, {"tm2", "Turkmenistan"}, {"ir1", "Iran"}};
  Nomination nom;
  auto add = [&](const char* id, bool entry, double q) {
    NodeNomination nn;
    nn.node_id = id;
    nn.is_entry = entry;
    nn.flow_lower_m3_per_s = nn.flow_upper_m3_per_s = q;
    nom.nodes.push_back(nn);
  };
  add("tm1", true, 10.0);
  add("tm2", true, 2.5);
  add("ir1", true, 100.0);
  add("x", false, 50.0);
  SwapSpec sw;
  sw.supplier_group = "Turkmenistan";
  EXPECT_EQ(NominatedSwapSupply(sw, g, nom), 12.5);
  sw.supplier_entries = {"tm2"};
  EXPECT_EQ(NominatedSwapSupply(sw, g, nom), 2.5);
  sw.supplier_entries = {"x"};  // an exit nominated 50 takes 50 out
  EXPECT_EQ(NominatedSwapSupply(sw, g, nom), -50.0);
}

}  // namespace
}  // namespace corridor
