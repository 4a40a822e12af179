// The compressor-data parts of a corridor JSON file (compressor_stations,
// combined_decisions): every problem with the line of its value, not line 0.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/io.h"
#include "io/gaslib_test_util.h"
#include "io/json_cs.h"
#include "io/json_locate.h"
#include "test_util.h"

namespace corridor {
namespace {

using test::LineOf;

// Replaces the value after the first `key` (up to the next ',', newline or '}') by `value`.
std::string ReplaceValue(std::string text, const std::string& key, const std::string& value) {
  const std::size_t at = text.find(key);
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) return text;
  const std::size_t from = at + key.size(), to = text.find_first_of(",\n}", from);
  return text.replace(from, to - from, value);
}

TEST(CorridorJsonLines, CompressorStationProblemsHaveTheirLines) {
  const std::string dir = test::SourceDir() + "/data/corridor/";
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCase({dir + "corridor.net", dir + "corridor.cs"}, &c, &d).ok()) << d.ToString();
  std::string text = WriteCorridorJson(c);
  text = ReplaceValue(text, "\"speed_max_per_s\": ", "\"fast\"");
  text = ReplaceValue(text, "\"drive\": ", "\"no_such_drive\"");
  GasCase out;
  Diagnostics bad;
  EXPECT_FALSE(ReadCorridorJsonFromString(text, "case.json", &out, &bad).ok());
  ASSERT_GE(bad.error_count(), 2u) << bad.ToString();
  bool type = false, drive = false;
  for (const Diagnostic& x : bad.items()) {
    EXPECT_GT(x.line, 0) << x.ToString();
    if (x.rule == "wrong-type") {
      type = true;
      EXPECT_EQ(x.line, LineOf(text, "\"fast\"")) << x.ToString();
      EXPECT_NE(x.element.find("/speed_max_per_s"), std::string::npos) << x.ToString();
    }
    if (x.rule == "unknown-drive") {
      // At the compressor that names it: its object opens on an earlier line.
      drive = true;
      EXPECT_LT(x.line, LineOf(text, "no_such_drive")) << x.ToString();
      EXPECT_GT(x.line, LineOf(text, "\"compressor_stations\"")) << x.ToString();
    }
  }
  EXPECT_TRUE(type && drive) << bad.ToString();
}

TEST(CorridorJsonLines, CombinedDecisionProblemsHaveTheirLines) {
  const std::string text =
      "{\"combined_decisions\": {\"groups\": [\n"
      " {\"id\": \"g\", \"decisions\": [\n"
      "  {\"id\": \"d\", \"elements\": [\n"
      "   {\"kind\": \"valve\", \"arc_id\": \"v\", \"value\": 1},\n"
      "   {\"kind\": \"valve\", \"arc_id\": \"w\", \"value\": 3}]}]}]}}";
  const nlohmann::json j = nlohmann::json::parse(text);
  const io::JsonLocator where(text);
  CombinedDecisions out;
  Diagnostics d;
  EXPECT_FALSE(io::CombinedDecisionsFromJson(j.at("combined_decisions"), "case.json", &out, &d,
                                             &where));
  ASSERT_EQ(d.error_count(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].rule, "bad-value");
  EXPECT_EQ(d.items()[0].line, 5) << d.ToString();
  EXPECT_NE(d.ToString().find("case.json:5: error: /combined_decisions/groups/0/decisions/0/"
                              "elements/1/value"),
            std::string::npos)
      << d.ToString();
  // What was read keeps its lines, for the checks that come later (validation).
  ASSERT_EQ(out.groups.size(), 1u);
  EXPECT_EQ(out.groups[0].line, 2);
  ASSERT_EQ(out.groups[0].decisions.size(), 1u);
  EXPECT_EQ(out.groups[0].decisions[0].line, 3);
  ASSERT_EQ(out.groups[0].decisions[0].elements.size(), 2u);
  EXPECT_EQ(out.groups[0].decisions[0].elements[0].line, 4);
  EXPECT_EQ(out.groups[0].decisions[0].elements[1].line, 5);
}

}  // namespace
}  // namespace corridor
