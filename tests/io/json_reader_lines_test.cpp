// The compressor-data parts of a corridor JSON file (compressor_stations,
// combined_decisions): every problem with the line of its value, not line 0. And the
// value checks the GasLib readers make, which the JSON reader makes too, under the same
// rule names, with the lines of the values.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/controls.h"
#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/tracking.h"
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

// Regression: `corridor check` accepted in JSON what the GasLib readers reject (a flag 2,
// a probability 1.5, a soil temperature of -5 K, a nomination pressure below vacuum, a
// side loss with a diameter but no drag factor). Every value check of the .net and .scn
// readers has its JSON counterpart; each bad value stands on its own line here.
const char kBadValues[] = R"({
  "format": "corridor-network", "format_version": 1,
  "network": {
    "nodes": [
      {"id": "S", "kind": "source", "height_m": 0,
       "pressure_min_Pa": -1,
       "pressure_max_Pa": 7e6, "flow_min_m3_per_s": 0, "flow_max_m3_per_s": 100,
       "gas": {"temperature_K": 283.15, "calorific_value_J_per_m3": 3.6e7,
               "norm_density_kg_per_m3": -0.785,
               "molar_mass_kg_per_mol": 0.0185674, "pseudocritical_pressure_Pa": 4.6e6,
               "pseudocritical_temperature_K": 190, "heat_capacity_A": 31.8,
               "heat_capacity_B": -0.008, "heat_capacity_C": 7e-5}},
      {"id": "N", "kind": "innode", "height_m": -3, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6}
    ],
    "arcs": [
      {"id": "P", "kind": "pipe", "from": "S", "to": "N", "flow_min_m3_per_s": -100,
       "flow_max_m3_per_s": 100, "length_m": 1000, "diameter_m": 0.5, "roughness_m": 1e-5,
       "heat_transfer_W_per_m2_K": -2},
      {"id": "R", "kind": "resistor", "from": "S", "to": "N", "flow_min_m3_per_s": -100,
       "flow_max_m3_per_s": 100,
       "drag_factor": 2},
      {"id": "E", "kind": "resistor", "from": "S", "to": "N", "flow_min_m3_per_s": -100,
       "flow_max_m3_per_s": 100},
      {"id": "CV", "kind": "controlValve", "from": "S", "to": "N", "flow_min_m3_per_s": 0,
       "flow_max_m3_per_s": 100,
       "internal_bypass_required": 2,
       "pressure_differential_max_Pa": -1e5,
       "loss_in": {"pressure_loss_Pa": 0,
                   "drag_factor": -1, "diameter_m": 0.3},
       "loss_out": {"diameter_m": 0.3}},
      {"id": "CS", "kind": "compressorStation", "from": "S", "to": "N", "flow_min_m3_per_s": 0,
       "flow_max_m3_per_s": 100, "internal_bypass_required": 1,
       "gas_cooler_existing": -1,
       "pressure_in_min_Pa": -5}
    ]
  },
  "nomination": {"id": "n1",
    "probability": 1.5,
    "soil_temperature_K": -5,
    "nodes": [
      {"node": "S", "type": "entry", "flow_lower_m3_per_s": 10, "flow_upper_m3_per_s": 10,
       "pressure_lower_Pa": -1e5}],
    "arcs": [{"arc": "P",
      "soil_temperature_K": -1}]}
}
)";

// The problems of kBadValues: rule, element (pointer and label), the text on its line.
struct Expected {
  const char* rule;
  const char* element;
  const char* needle;
};

void ExpectAll(const Diagnostics& d, const std::string& text,
               std::initializer_list<Expected> expected) {
  for (const Expected& e : expected)
    EXPECT_TRUE(test::HasDiag(d, "case.json", LineOf(text, e.needle), e.element, e.rule))
        << e.element;
}

class JsonValueChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    status_ = ReadCorridorJsonFromString(kBadValues, "case.json", &out_, &d_);
  }
  const std::string text_ = kBadValues;
  Diagnostics d_{100};
  GasCase out_;
  Status status_;
};

TEST_F(JsonValueChecks, TheFileIsRefusedAndNothingIsHandedOut) {
  EXPECT_FALSE(status_.ok());
  EXPECT_TRUE(out_.network.nodes.empty());
  EXPECT_EQ(d_.error_count(), 15u) << d_.ToString();  // exactly those below, no more
  EXPECT_EQ(d_.warning_count(), 0u) << d_.ToString();
}

// A byte-order mark, or lone CR line ends, leave every finding at its line (with a BOM
// every one was on line 1).
TEST(CorridorJsonLines, ByteOrderMarkAndOldMacLinesKeepTheLines) {
  const std::string body = "{\n  \"format\": \"corridor-network\", \"format_version\": 1,\n"
                           "  \"network\": {\n    \"nodes\": [\n"
                           "      {\"id\": \"N\", \"kind\": \"innode\",\n"
                           "       \"height_m\": \"x\", \"pressure_min_Pa\": 4e6,\n"
                           "       \"pressure_max_Pa\": 7e6}\n    ],\n    \"arcs\": []\n  }\n}\n";
  std::string cr = body;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  for (const std::string& text : {"\xEF\xBB\xBF" + body, cr}) {
    GasCase c;
    Diagnostics d;
    EXPECT_FALSE(ReadCorridorJsonFromString(text, "b.json", &c, &d).ok());
    ASSERT_GE(d.error_count(), 1u);
    EXPECT_EQ(d.items()[0].line, 6) << d.ToString();
  }
}

// Regression: the lines of the elements kept for the station and decision checks
// (JsonLocator::ElementLines) counted only '\n', while every other line counts a lone '\r'
// too: with old-Mac line ends an unknown station was said at the first station's line.
TEST(CorridorJsonLines, ElementLinesCountEveryKindOfLineEnd) {
  const std::string body =
      "{\"combined_decisions\": {\"groups\": [\n"
      " {\"id\": \"g\", \"decisions\": [\n"
      "  {\"id\": \"d\", \"elements\": [\n"
      "   {\"kind\": \"valve\", \"arc_id\": \"v\", \"value\": 1},\n"
      "   {\"kind\": \"valve\", \"arc_id\": \"w\", \"value\": 1}]},\n"
      "  {\"id\": \"e\", \"elements\": []}]}]}}";
  std::string cr = body, crlf;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  for (char ch : body) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  for (const std::string& text : {body, cr, crlf}) {
    const io::JsonLocator where(text);
    const std::string elements = "/combined_decisions/groups/0/decisions/0/elements";
    EXPECT_EQ(where.ElementLines(elements), (std::vector<int>{4, 5}));
    EXPECT_EQ(where.ElementLines("/combined_decisions/groups/0/decisions"),
              (std::vector<int>{3, 6}));
    const nlohmann::json j = nlohmann::json::parse(text);
    CombinedDecisions out;
    Diagnostics d;
    EXPECT_TRUE(io::CombinedDecisionsFromJson(j.at("combined_decisions"), "case.json", &out, &d,
                                              &where))
        << d.ToString();
    ASSERT_EQ(out.groups.size(), 1u);
    ASSERT_EQ(out.groups[0].decisions.size(), 2u);
    ASSERT_EQ(out.groups[0].decisions[0].elements.size(), 2u);
    EXPECT_EQ(out.groups[0].decisions[0].elements[1].line, 5);
    EXPECT_EQ(out.groups[0].decisions[1].line, 6);
  }
}

// Regression: the compressor-data part wrote the pointer of an unknown key unescaped
// ("/compressor_stations/stations/0/a/b~c", a pointer to another place, and the line
// of the station) and named no element; it is RFC 6901 ("a~1b~0c"), at the key's line, and
// the element is named as the network part names it.
TEST(CorridorJsonLines, CompressorDataPointersAreEscapedAndNameTheElement) {
  const std::string dir = test::SourceDir() + "/data/corridor/";
  GasCase c;
  Diagnostics d;
  ASSERT_TRUE(LoadCase({dir + "corridor.net", dir + "corridor.cs"}, &c, &d).ok()) << d.ToString();
  ASSERT_TRUE(c.stations && !c.stations->stations.empty() &&
              !c.stations->stations[0].turbo.empty());
  const std::string station = c.stations->stations[0].id;
  const std::string turbo = c.stations->stations[0].turbo[0].id;
  std::string text = WriteCorridorJson(c);
  const std::size_t at = text.find("\"turbo_compressors\"");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "\"a/b~c\": 1,\n        ");
  text = ReplaceValue(text, "\"speed_max_per_s\": ", "\"fast\"");
  GasCase out;
  Diagnostics bad;
  EXPECT_FALSE(ReadCorridorJsonFromString(text, "case.json", &out, &bad).ok());
  EXPECT_TRUE(test::HasDiag(bad, "case.json", LineOf(text, "\"a/b~c\""),
                            "/compressor_stations/stations/0/a~1b~0c (compressorStation '" +
                                station + "')",
                            "unknown-key"));
  EXPECT_TRUE(test::HasDiag(bad, "case.json", LineOf(text, "\"fast\""),
                            "/turbo_compressors/0/speed_max_per_s (turboCompressor '" + turbo +
                                "' in compressorStation '" + station + "')",
                            "wrong-type"));
}

// Keys of another kind of node are refused where they are: check called a case with flow
// bounds on an innode usable, and convert --to gaslib then refused it without a line.
TEST(CorridorJsonLines, KeysOfAnotherNodeKindAreRefused) {
  const std::string text = R"({
  "format": "corridor-network", "format_version": 1,
  "network": {
    "nodes": [
      {"id": "N", "kind": "innode", "height_m": 0, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6,
       "flow_max_m3_per_s": 100},
      {"id": "T", "kind": "sink", "height_m": 0, "pressure_min_Pa": 4e6, "pressure_max_Pa": 7e6,
       "flow_min_m3_per_s": 0, "flow_max_m3_per_s": 100,
       "gas": {"temperature_K": 283.15}}
    ],
    "arcs": []
  }
}
)";
  GasCase c;
  Diagnostics d;
  EXPECT_FALSE(ReadCorridorJsonFromString(text, "kinds.json", &c, &d).ok());
  EXPECT_TRUE(test::HasDiag(d, "kinds.json", LineOf(text, "\"flow_max_m3_per_s\": 100}"),
                            "/network/nodes/0/flow_max_m3_per_s (node 'N')", "key-for-kind"))
      << d.ToString();
  EXPECT_TRUE(test::HasDiag(d, "kinds.json", LineOf(text, "\"gas\":"),
                            "/network/nodes/1/gas (node 'T')", "key-for-kind"))
      << d.ToString();
}

// Regression: key-for-kind was said only of a node with no other error (both checks were
// guarded by the node's "ok"): an innode with flow bounds, gas data and a height "x" had
// only its wrong-type listed. Every problem is listed.
TEST(CorridorJsonLines, KeysOfAnotherNodeKindAreListedWithTheNodesOtherErrors) {
  const std::string text = R"({
  "format": "corridor-network", "format_version": 1,
  "network": {
    "nodes": [
      {"id": "N", "kind": "innode", "height_m": "x", "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6,
       "flow_min_m3_per_s": 1,
       "gas": {}}
    ],
    "arcs": []
  }
}
)";
  GasCase c;
  Diagnostics d{100};
  EXPECT_FALSE(ReadCorridorJsonFromString(text, "kinds.json", &c, &d).ok());
  EXPECT_TRUE(test::HasDiag(d, "kinds.json", LineOf(text, "\"height_m\": \"x\""),
                            "/network/nodes/0/height_m (node 'N')", "wrong-type"))
      << d.ToString();
  EXPECT_TRUE(test::HasDiag(d, "kinds.json", LineOf(text, "\"flow_min_m3_per_s\": 1"),
                            "/network/nodes/0/flow_min_m3_per_s (node 'N')", "key-for-kind"))
      << d.ToString();
  EXPECT_TRUE(test::HasDiag(d, "kinds.json", LineOf(text, "\"gas\":"),
                            "/network/nodes/0/gas (node 'N')", "key-for-kind"))
      << d.ToString();
  // What a refused "gas" holds is not read: its nine missing keys followed from the one slip.
  EXPECT_EQ(d.error_count(), 3u) << d.ToString();
}

TEST_F(JsonValueChecks, FlagsAreZeroOrOne) {
  ExpectAll(d_, text_,
            {{"bad-flag", "/network/arcs/3/internal_bypass_required (controlValve 'CV')",
              "\"internal_bypass_required\": 2"},
             {"bad-flag", "/network/arcs/4/gas_cooler_existing (compressorStation 'CS')",
              "\"gas_cooler_existing\": -1"}});
}

TEST_F(JsonValueChecks, ProbabilityLiesInZeroOne) {
  ExpectAll(d_, text_, {{"bad-probability", "/nomination/probability", "\"probability\": 1.5"}});
}

TEST_F(JsonValueChecks, NoNegativeLengthPressureTemperatureOrGasProperty) {
  ExpectAll(d_, text_,
            {{"negative-value", "/network/nodes/0/pressure_min_Pa (node 'S')",
              "\"pressure_min_Pa\": -1"},
             {"negative-value", "/network/nodes/0/gas/norm_density_kg_per_m3 (node 'S')",
              "-0.785"},
             {"negative-value", "/network/arcs/0/heat_transfer_W_per_m2_K (pipe 'P')",
              "\"heat_transfer_W_per_m2_K\": -2"},
             {"negative-value", "/network/arcs/3/pressure_differential_max_Pa (controlValve 'CV')",
              "\"pressure_differential_max_Pa\": -1e5"},
             {"negative-value", "/network/arcs/3/loss_in/drag_factor (controlValve 'CV')",
              "\"drag_factor\": -1"},
             {"negative-value", "/network/arcs/4/pressure_in_min_Pa (compressorStation 'CS')",
              "\"pressure_in_min_Pa\": -5"},
             {"negative-value", "/nomination/soil_temperature_K", "\"soil_temperature_K\": -5"},
             {"negative-value", "/nomination/nodes/0/pressure_lower_Pa (nomination of node 'S')",
              "\"pressure_lower_Pa\": -1e5"},
             {"negative-value", "/nomination/arcs/0/soil_temperature_K (scenario data of arc 'P')",
              "\"soil_temperature_K\": -1"}});
  // A height below the reference and flow bounds below zero are values, not errors.
  for (const Diagnostic& x : d_.items()) {
    EXPECT_EQ(x.element.find("height_m"), std::string::npos) << x.ToString();
    EXPECT_EQ(x.element.find("flow_"), std::string::npos) << x.ToString();
  }
}

TEST_F(JsonValueChecks, DragFactorAndDiameterComeTogether) {
  ExpectAll(d_, text_,
            {{"incomplete-loss", "/network/arcs/1/drag_factor (resistor 'R')",
              "\"drag_factor\": 2"},
             {"incomplete-loss", "/network/arcs/3/loss_out/diameter_m (controlValve 'CV')",
              "\"loss_out\": {\"diameter_m\": 0.3}"},
             {"missing-key", "/network/arcs/2 (resistor 'E')", "{\"id\": \"E\""}});
  // loss_in has both: its negative drag factor is its only problem.
  for (const Diagnostic& x : d_.items())
    if (x.element.find("loss_in") != std::string::npos)
      EXPECT_EQ(x.rule, "negative-value") << x.ToString();
}

// As the GasLib reader: half a position, or one off the globe, is warned about.
TEST(CorridorJsonLines, HalfOrOutOfRangePositionIsAWarning) {
  const std::string text = R"({
  "format": "corridor-network", "format_version": 1,
  "network": {
    "nodes": [
      {"id": "A", "kind": "innode", "height_m": 0, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6,
       "lat_deg": 49.2},
      {"id": "B", "kind": "innode", "height_m": 0, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6, "lat_deg": 90,
       "lon_deg": 180.5},
      {"id": "C", "kind": "innode", "height_m": 0, "pressure_min_Pa": 4e6,
       "pressure_max_Pa": 7e6, "lat_deg": -90, "lon_deg": -180}
    ],
    "arcs": []
  }
}
)";
  GasCase out;
  Diagnostics d;
  ASSERT_TRUE(ReadCorridorJsonFromString(text, "case.json", &out, &d).ok()) << d.ToString();
  EXPECT_TRUE(test::HasDiag(d, "case.json", LineOf(text, "\"lat_deg\": 49.2"),
                            "/network/nodes/0/lat_deg (node 'A')", "half-position"));
  EXPECT_TRUE(test::HasDiag(d, "case.json", LineOf(text, "\"lon_deg\": 180.5"),
                            "/network/nodes/1/lon_deg (node 'B')", "bad-position"));
  EXPECT_EQ(d.warning_count(), 2u) << d.ToString();
  // A coordinate given and refused (wrong type) is not also a half position.
  std::string refused = text;
  refused.replace(refused.find("\"lat_deg\": 90"), 13, "\"lat_deg\": \"N\"");
  Diagnostics r;
  EXPECT_FALSE(ReadCorridorJsonFromString(refused, "case.json", &out, &r).ok());
  EXPECT_TRUE(test::HasDiag(r, "case.json", LineOf(refused, "\"lat_deg\": \"N\""),
                            "/network/nodes/1/lat_deg (node 'B')", "wrong-type"))
      << r.ToString();
  EXPECT_EQ(r.ToString().find("node 'B'): lon_deg"), std::string::npos) << r.ToString();
  EXPECT_EQ(r.error_count(), 1u) << r.ToString();
  EXPECT_EQ(r.warning_count(), 1u) << r.ToString();  // node A's half-position only
}

// The compressor-station part: the ranges of the .cs reader (speeds, efficiencies, piston
// data), with the line of the value.
TEST(CorridorJsonLines, CompressorDataOutsideItsRangeIsAnError) {
  const std::string zeros9 = "[0, 0, 0, 0, 0, 0, 0, 0, 0]", zeros3 = "[0, 0, 0]";
  const std::string text =
      "{\"compressor_stations\": {\"stations\": [{\"id\": \"cs\", \"drives\": [],\n"
      " \"configurations\": [], \"turbo_compressors\": [\n"
      "  {\"id\": \"t\", \"drive\": \"\", \"speed_max_per_s\": 10,\n"
      "   \"speed_min_per_s\": -1,\n"
      "   \"n_isoline_coeff\": " + zeros9 + ", \"eta_ad_isoline_coeff\": " + zeros9 + ",\n"
      "   \"surgeline_coeff\": " + zeros3 + ", \"chokeline_coeff\": " + zeros3 + ",\n"
      "   \"efficiency_of_chokeline\": 0,\n"
      "   \"characteristic_measurements\": [{\"points\": [],\n"
      "     \"efficiency\": 1.5}]}],\n"
      " \"piston_compressors\": [\n"
      "  {\"id\": \"p\", \"drive\": \"\", \"speed_min_per_s\": 0, \"speed_max_per_s\": 10,\n"
      "   \"operating_volume_m3\": 0,\n"
      "   \"maximal_torque_N_m\": -1,\n"
      "   \"maximal_compression_ratio\": 0.9,\n"
      "   \"adiabatic_efficiency\": 0,\n"
      "   \"additional_reduction_vol_flow\": 1.1}]}]}}";
  const nlohmann::json j = nlohmann::json::parse(text);
  const io::JsonLocator where(text);
  CompressorStationData out;
  Diagnostics d;
  EXPECT_FALSE(
      io::CompressorStationsFromJson(j.at("compressor_stations"), "case.json", &out, &d, &where));
  for (const char* key : {"speed_min_per_s\": -1", "efficiency_of_chokeline", "efficiency\": 1.5",
                          "operating_volume_m3", "maximal_torque_N_m",
                          "maximal_compression_ratio", "adiabatic_efficiency",
                          "additional_reduction_vol_flow"}) {
    const std::string name = std::string(key).substr(0, std::string_view(key).find('"'));
    EXPECT_TRUE(test::HasDiag(d, "case.json", LineOf(text, key), "/" + name, "out-of-range")) << key;
  }
  // And the two drives "" (no drive to check against): empty-id, as GasLib's drive="".
  EXPECT_TRUE(test::HasDiag(d, "case.json", 3, "/turbo_compressors/0/drive", "empty-id"));
  EXPECT_TRUE(test::HasDiag(d, "case.json", 11, "/piston_compressors/0/drive", "empty-id"));
  EXPECT_EQ(d.error_count(), 10u) << d.ToString();
  // A NUL in an id is refused, as in the case reader (C strings end at one).
  nlohmann::json nul = j;
  nul["compressor_stations"]["stations"][0]["id"] = std::string("c\0s", 3);
  Diagnostics dn;
  EXPECT_FALSE(io::CompressorStationsFromJson(nul.at("compressor_stations"), "case.json", &out,
                                              &dn, nullptr));
  EXPECT_TRUE(test::HasDiag(dn, "case.json", 0, "/stations/0/id", "bad-char")) << dn.ToString();
  // White space at an end of an id: bad-id, as in the .cs reader.
  nlohmann::json ws = j;
  ws["compressor_stations"]["stations"][0]["id"] = "cs ";
  Diagnostics dw;
  io::CompressorStationsFromJson(ws.at("compressor_stations"), "case.json", &out, &dw, nullptr);
  EXPECT_TRUE(test::HasDiag(dw, "case.json", 0, "/stations/0/id", "bad-id")) << dw.ToString();
}

// A document nested 100 000 deep (400 KB) crashed check, convert, simulate and track: the
// message about a bad "format", groups or controls value dumped it recursively. Every JSON
// reader now refuses nesting deeper than 512 levels, and a value is shown by its kind.
TEST(JsonReaders, AbsurdNestingIsRefusedNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string tmp = testing::TempDir() + "/deep_format.json";
  ASSERT_TRUE(WriteFileAtomically(tmp, "{\"format\": " + deep + "}").ok());
  GasCase c;
  Diagnostics d;
  EXPECT_FALSE(LoadCase({tmp}, &c, &d).ok());
  EXPECT_NE(d.ToString().find("\"format\" is an array of 1 element(s)"), std::string::npos)
      << d.ToString().substr(0, 500);
  const Network net = [] {
    GasCase t;
    Diagnostics td;
    EXPECT_TRUE(ReadGasLibNetworkFromString(test::TinyNet(), "tiny.net", &t.network, &td).ok());
    t.network.BuildIndex();
    return t.network;
  }();
  std::vector<ElementSetting> settings;
  Diagnostics dc;
  EXPECT_FALSE(ReadControlsFromString("{\"controls\": " + deep + "}", "c.json", net, &settings,
                                      &dc)
                   .ok());
  EXPECT_NE(dc.ToString().find("nested deeper than 512 levels"), std::string::npos)
      << dc.ToString().substr(0, 500);
  OriginGroups g;
  Diagnostics dg;
  EXPECT_FALSE(ReadOriginGroupsFromString("{\"groups\": {\"A\": " + deep + "}}", "g.json", net,
                                          GroupsReadOptions(), &g, &dg)
                   .ok());
  EXPECT_NE(dg.ToString().find("nested deeper than 512 levels"), std::string::npos)
      << dg.ToString().substr(0, 500);
  std::remove(tmp.c_str());
}

}  // namespace
}  // namespace corridor
