// GeoJSON export: the structure RFC 7946 asks for (checked member by member, as a GIS
// would read it), positions from geoWGS84 (GasLib-40) or from the drawing coordinates
// with a note (GasLib-11), and properties in the units their keys name.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "corridor/io.h"
#include "formats_test_util.h"

namespace corridor {
namespace {

using nlohmann::json;

bool IsPosition(const json& p) {
  return p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number() &&
         std::isfinite(p[0].get<double>()) && std::isfinite(p[1].get<double>());
}

// Checks the RFC 7946 structure; returns the number of problems (each reported).
int CheckGeoJsonStructure(const json& root, bool geographic) {
  int problems = 0;
  auto fail = [&](const std::string& what) {
    ADD_FAILURE() << what;
    ++problems;
  };
  if (!root.is_object() || root.value("type", "") != "FeatureCollection")
    fail("root must be an object with \"type\": \"FeatureCollection\"");
  if (!root.contains("features") || !root["features"].is_array()) {
    fail("\"features\" must be an array");
    return problems;
  }
  if (root.contains("crs")) fail("RFC 7946 has no \"crs\" member");
  for (std::size_t i = 0; i < root["features"].size() && problems < 10; ++i) {
    const json& f = root["features"][i];
    std::string where = "feature " + std::to_string(i);
    if (!f.is_object() || f.value("type", "") != "Feature") fail(where + ": type must be Feature");
    if (!f.contains("geometry")) fail(where + ": geometry member missing");
    if (!f.contains("properties") || !(f["properties"].is_object() || f["properties"].is_null()))
      fail(where + ": properties must be an object or null");
    if (f.contains("id") && !(f["id"].is_string() || f["id"].is_number()))
      fail(where + ": id must be a string or number");
    const json& g = f["geometry"];
    if (g.is_null()) continue;
    std::string type = g.value("type", "");
    std::vector<json> positions;
    if (type == "Point") {
      if (!IsPosition(g["coordinates"])) fail(where + ": Point needs one [x, y] position");
      else positions.push_back(g["coordinates"]);
    } else if (type == "LineString") {
      if (!g["coordinates"].is_array() || g["coordinates"].size() < 2) {
        fail(where + ": LineString needs two or more positions");
      } else {
        for (const json& p : g["coordinates"]) {
          if (!IsPosition(p)) fail(where + ": bad LineString position");
          positions.push_back(p);
        }
      }
    } else {
      fail(where + ": unexpected geometry type '" + type + "'");
    }
    if (geographic)
      for (const json& p : positions)
        if (std::fabs(p[0].get<double>()) > 180 || std::fabs(p[1].get<double>()) > 90)
          fail(where + ": position is not [longitude, latitude]: " + p.dump());
  }
  return problems;
}

GasCase LoadNet(const char* net) {
  GasCase c;
  Diagnostics diag;
  Status s = LoadCase({test::GasLibDir() + "/" + net}, &c, &diag);
  EXPECT_TRUE(s.ok()) << diag.ToString();
  return c;
}

TEST(GeoJson, GasLib40UsesGeographicPositions) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-40/GasLib-40.net");
  std::string note = "unchanged";
  std::string text = WriteGeoJson(c.network, GeoJsonOptions(), &note);
  EXPECT_EQ(note, "");
  json root = json::parse(text);  // valid JSON, or the test throws
  EXPECT_EQ(CheckGeoJsonStructure(root, true), 0);
  EXPECT_FALSE(root.contains("corridor_note"));
  EXPECT_EQ(root.value("name", ""), "GasLib_40");
  // The network's copyright notices are kept, as the JSON and GasLib writers keep them
  // (GasLib's CC BY 3.0 asks it): the GeoJSON file dropped them.
  ASSERT_FALSE(c.network.info.notices.empty());
  EXPECT_EQ(root["corridor_notices"], json(c.network.info.notices));
  const json& features = root["features"];
  ASSERT_EQ(features.size(), c.network.nodes.size() + c.network.arcs.size());  // 40 + 45

  std::map<std::string, json> point;
  std::size_t points = 0, lines = 0;
  for (const json& f : features) {
    if (f["geometry"]["type"] == "Point") {
      ++points;
      point[f["id"]] = f["geometry"]["coordinates"];
    } else {
      ++lines;
    }
  }
  EXPECT_EQ(points, 40u);
  EXPECT_EQ(lines, 45u);
  // source_1: geoWGS84Long 6.83756607565, geoWGS84Lat 48.9636070987 -> [lon, lat].
  ASSERT_TRUE(point.count("source_1"));
  EXPECT_DOUBLE_EQ(point["source_1"][0].get<double>(), 6.83756607565);
  EXPECT_DOUBLE_EQ(point["source_1"][1].get<double>(), 48.9636070987);
  // Each line runs from its from-node's point to its to-node's point.
  for (const json& f : features) {
    if (f["geometry"]["type"] != "LineString") continue;
    EXPECT_EQ(f["geometry"]["coordinates"][0], point[f["properties"]["from"]]) << f["id"];
    EXPECT_EQ(f["geometry"]["coordinates"][1], point[f["properties"]["to"]]) << f["id"];
  }
  // Properties in display units: pipe_1 is 13.0710852297 km of 1000 mm pipe; the
  // node bounds are 1.01325 .. 81.01325 bar absolute; source flows 0 .. 10000 x 1000 Nm3/h.
  for (const json& f : features) {
    const json& p = f["properties"];
    if (f["id"] == "pipe_1") {
      EXPECT_EQ(p["kind"], "pipe");
      EXPECT_NEAR(p["length_km"].get<double>(), 13.0710852297, 1e-12);
      EXPECT_NEAR(p["diameter_mm"].get<double>(), 1000.0, 1e-9);
      EXPECT_NEAR(p["pressure_max_bar_abs"].get<double>(), 200.0, 1e-12);
    }
    if (f["id"] == "source_1") {
      EXPECT_EQ(p["kind"], "source");
      EXPECT_NEAR(p["pressure_min_bar_abs"].get<double>(), 1.01325, 1e-12);
      EXPECT_NEAR(p["pressure_max_bar_abs"].get<double>(), 81.01325, 1e-12);
      EXPECT_NEAR(p["flow_max_1000Nm3_per_h"].get<double>(), 10000.0, 1e-9);
      EXPECT_NEAR(p["gas_temperature_degC"].get<double>(), 0.0, 1e-12);
    }
  }
}

// Added properties follow the element's own, one value per element in the network's order:
// NaN, "" and an element past the end of the values are null, a key the element has already
// takes the added value, and the added members follow the note.
TEST(GeoJson, AddedPropertiesFollowTheElementsOwn) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-40/GasLib-40.net");
  const std::size_t nn = c.network.nodes.size();
  GeoJsonOptions o;
  GeoJsonProperty p{"pressure_bar_abs", std::vector<double>(nn, 50.0), {}};
  p.numbers[1] = std::nan("");
  p.numbers.pop_back();  // the last node has none
  GeoJsonProperty bound{"pressure_max_bar_abs", std::vector<double>(nn, 70.0), {}};
  GeoJsonProperty mode{"mode", {}, {"open", ""}};
  o.node_properties = {p, bound};
  o.arc_properties = {mode};
  o.members = {{"corridor_results", "a test"}};
  const std::string text = WriteGeoJson(c.network, o, nullptr);
  const json root = json::parse(text);
  EXPECT_EQ(CheckGeoJsonStructure(root, true), 0);
  EXPECT_EQ(root["corridor_results"], "a test");
  const nlohmann::ordered_json f = nlohmann::ordered_json::parse(text)["features"];
  EXPECT_EQ(f[0]["properties"]["pressure_bar_abs"].get<double>(), 50.0);
  EXPECT_TRUE(f[1]["properties"]["pressure_bar_abs"].is_null());
  EXPECT_TRUE(f[nn - 1]["properties"]["pressure_bar_abs"].is_null());
  EXPECT_EQ(f[0]["properties"]["pressure_max_bar_abs"].get<double>(), 70.0);  // replaced
  // ... in its place among the network's own, before the added one.
  std::vector<std::string> keys;
  for (auto it = f[0]["properties"].begin(); it != f[0]["properties"].end(); ++it)
    keys.push_back(it.key());
  EXPECT_EQ(keys.back(), "pressure_bar_abs");
  EXPECT_LT(std::find(keys.begin(), keys.end(), "pressure_max_bar_abs") - keys.begin(),
            std::find(keys.begin(), keys.end(), "drawing_x") - keys.begin());
  EXPECT_EQ(f[nn]["properties"]["mode"], "open");
  EXPECT_TRUE(f[nn + 1]["properties"]["mode"].is_null());
  EXPECT_TRUE(f[nn + 2]["properties"]["mode"].is_null());
  EXPECT_FALSE(f[0]["properties"].contains("mode"));  // arcs' properties only
}

// A key given twice or empty is not written, and the note says which and why: a second
// added "p" replaced the first without a word, an empty key was written, and a member given
// twice was said to be GeoJSON's own.
TEST(GeoJson, AddedKeysGivenTwiceOrEmptyAreSaid) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-40/GasLib-40.net");
  const std::size_t nn = c.network.nodes.size();
  GeoJsonOptions o;
  o.node_properties = {{"p", std::vector<double>(nn, 1.0), {}},
                       {"p", std::vector<double>(nn, 2.0), {}},
                       {"", std::vector<double>(nn, 3.0), {}}};
  o.members = {{"m", "first"}, {"m", "second"}, {"type", "x"}, {"corridor_note", "y"}};
  std::string note;
  const std::string text = WriteGeoJson(c.network, o, &note);
  const json root = json::parse(text);
  EXPECT_EQ(CheckGeoJsonStructure(root, true), 0);
  EXPECT_EQ(root["m"], "first");
  EXPECT_EQ(root["type"], "FeatureCollection");
  EXPECT_EQ(root["features"][0]["properties"]["p"].get<double>(), 1.0);
  EXPECT_FALSE(root["features"][0]["properties"].contains(""));
  EXPECT_NE(note.find("GeoJsonOptions.members 'm' (given twice), 'type' (GeoJSON's own), "
                      "'corridor_note' (the writer's own) not written."),
            std::string::npos)
      << note;
  EXPECT_NE(note.find("GeoJsonOptions.node_properties '', 'p' not written: an empty key, or "
                      "one given before among them."),
            std::string::npos)
      << note;
}

// An arc whose ends lie on one position is a Point there (a line of length 0 shows in no
// GIS): GasLib-4197 draws most valves, regulators and stations so; every other arc with
// both ends placed stays a line.
TEST(GeoJson, ArcsOnOneSpotArePoints) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-4197/GasLib-4197.net");
  const Network& n = c.network;
  const json root = json::parse(WriteGeoJson(n, GeoJsonOptions(), nullptr));
  EXPECT_EQ(CheckGeoJsonStructure(root, true), 0);
  const json& f = root["features"];
  ASSERT_EQ(f.size(), n.nodes.size() + n.arcs.size());
  std::size_t spots = 0;
  for (std::size_t i = 0; i < n.arcs.size(); ++i) {
    const Arc& a = n.arcs[i];
    const Node& x = n.nodes[*n.FindNode(a.from)];
    const Node& y = n.nodes[*n.FindNode(a.to)];
    const bool spot = *x.lon_deg == *y.lon_deg && *x.lat_deg == *y.lat_deg;
    const json& g = f[n.nodes.size() + i]["geometry"];
    EXPECT_EQ(g["type"], spot ? "Point" : "LineString") << a.id;
    if (spot) {
      EXPECT_EQ(g["coordinates"][0].get<double>(), *x.lon_deg) << a.id;
      EXPECT_EQ(g["coordinates"][1].get<double>(), *x.lat_deg) << a.id;
    }
    spots += spot;
  }
  EXPECT_GT(spots, 900u);
  EXPECT_LT(spots, n.arcs.size());
}

TEST(GeoJson, GasLib11UsesDrawingCoordinatesWithANote) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-11/GasLib-11.net");
  std::string note;
  GeoJsonOptions drawing;
  drawing.allow_drawing_coordinates = true;
  std::string text = WriteGeoJson(c.network, drawing, &note);
  json root = json::parse(text);
  EXPECT_EQ(CheckGeoJsonStructure(root, false), 0);
  EXPECT_NE(note.find("not geographic"), std::string::npos) << note;
  EXPECT_NE(note.find("none of the 11 nodes"), std::string::npos) << note;
  ASSERT_TRUE(root.contains("corridor_note"));
  EXPECT_EQ(root["corridor_note"], note);
  ASSERT_EQ(root["features"].size(), 22u);
  std::size_t with_geometry = 0;
  for (const json& f : root["features"]) {
    if (f["geometry"].is_null()) continue;
    ++with_geometry;
    if (f["geometry"]["type"] != "Point") continue;
    const Node& n = c.network.nodes[*c.network.FindNode(f["id"])];
    EXPECT_EQ(f["geometry"]["coordinates"][0].get<double>(), n.x) << n.id;
    EXPECT_EQ(f["geometry"]["coordinates"][1].get<double>(), n.y) << n.id;
  }
  EXPECT_EQ(with_geometry, 22u);
}

// By default a network without geographic positions has null geometries: drawing
// coordinates written as positions are read by a GIS as longitude/latitude, which RFC 7946
// positions are (GasLib-11's x reach 600, beyond any longitude).
TEST(GeoJson, WithoutDrawingCoordinatesNodesLackingAPositionHaveNullGeometry) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-11/GasLib-11.net");
  std::string note;
  json root = json::parse(WriteGeoJson(c.network, GeoJsonOptions(), &note));
  EXPECT_EQ(CheckGeoJsonStructure(root, true), 0);
  for (const json& f : root["features"]) {
    EXPECT_TRUE(f["geometry"].is_null()) << f["id"];
    if (f["properties"].contains("drawing_x")) {  // a node keeps them as properties
      const Node& n = c.network.nodes[*c.network.FindNode(f["id"])];
      EXPECT_EQ(f["properties"]["drawing_x"].get<double>(), n.x) << n.id;
    }
  }
  EXPECT_NE(note.find("none of the 11 nodes has a usable geoWGS84 position, so every "
                      "geometry is null"),
            std::string::npos)
      << note;
  EXPECT_NE(note.find("drawing_x and drawing_y"), std::string::npos) << note;
  EXPECT_EQ(root["corridor_note"], note);
}

TEST(GeoJson, MixedPositionsAndDanglingArcsInMemory) {
  // Without shared data: one node lacks a position, one arc names a missing node.
  GasCase c = test::EveryFieldCase();
  c.network.nodes[1].lat_deg = 10.0;
  c.network.nodes[1].lon_deg = 20.0;  // S1 and T have positions, I<&> has none
  GeoJsonOptions options;
  options.allow_drawing_coordinates = false;
  std::string note;
  json root = json::parse(WriteGeoJson(c.network, options, &note));
  EXPECT_EQ(CheckGeoJsonStructure(root, true), 0);
  std::size_t null_geometries = 0;
  for (const json& f : root["features"]) null_geometries += f["geometry"].is_null();
  // I<&> itself and the arcs touching it: all 9 arcs of the case do.
  EXPECT_EQ(null_geometries, 1u + 9u);
  EXPECT_NE(note.find("1 of 3 nodes"), std::string::npos) << note;
  // Drawing coordinates allowed: the same, since two nodes have geographic positions
  // (every node took its drawing position, the two real ones lost).
  GeoJsonOptions drawing;
  drawing.allow_drawing_coordinates = true;
  const std::string geographic = WriteGeoJson(c.network, drawing, &note);
  EXPECT_EQ(json::parse(geographic), root);
  EXPECT_NE(note.find("1 of 3 nodes"), std::string::npos) << note;
  // Without any geographic position, every feature has a drawing position except the
  // dangling arc P2.
  for (Node& n : c.network.nodes) n.lat_deg.reset(), n.lon_deg.reset();
  json drawn = json::parse(WriteGeoJson(c.network, drawing, &note));
  EXPECT_EQ(CheckGeoJsonStructure(drawn, false), 0);
  null_geometries = 0;
  for (const json& f : drawn["features"]) null_geometries += f["geometry"].is_null();
  EXPECT_EQ(null_geometries, 1u);
  EXPECT_NE(note.find("none of the 3 nodes has a usable geoWGS84 position"), std::string::npos)
      << note;
}

// Regression: values in display units were plain quotients, 18.567400000000003 kg/kmol
// for the file's 18.5674 (0.0185674 kg/mol x 1e3). Each now shows as the shortest number
// that maps back to the model's value, which for GasLib data is the number in the file.
TEST(GeoJson, ValuesShowAsTheFileWroteThem) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-11/GasLib-11.net");
  const std::string text = WriteGeoJson(c.network, GeoJsonOptions(), nullptr);
  EXPECT_NE(text.find("\"molar_mass_kg_per_kmol\": 18.5674,"), std::string::npos);
  EXPECT_EQ(text.find("18.567400000000003"), std::string::npos);
  EXPECT_EQ(text.find("499.99999999999994"), std::string::npos);  // a flowMax of 500
  // Each shown value still means the model's value exactly.
  // (Named: a range-for over json::parse(text)["features"] keeps only the member alive,
  // not the document it lies in, in C++20: a use after free under AddressSanitizer.)
  const json parsed = json::parse(text);
  for (const json& f : parsed["features"]) {
    if (f["id"] != "entry01") continue;
    const Node& n = c.network.nodes[*c.network.FindNode("entry01")];
    EXPECT_EQ(f["properties"]["molar_mass_kg_per_kmol"].get<double>() * 1e-3,
              n.gas->molar_mass_kg_per_mol);
    EXPECT_EQ(f["properties"]["gas_temperature_degC"].get<double>() + 273.15,
              n.gas->temperature_K);
  }
}

// Regression: a latitude of 148.9 (or only one half of a position) was written as a
// geographic position, [6.8, 148.9], which RFC 7946 does not allow. Such a node has no
// usable position: the export falls back as for a node without one.
TEST(GeoJson, AHalfOrOutOfRangePositionIsNoPosition) {
  CORRIDOR_REQUIRE_SHARED();
  GasCase c = LoadNet("GasLib-40/GasLib-40.net");
  c.network.nodes[0].lat_deg = 148.9;
  c.network.nodes[1].lon_deg.reset();
  c.network.nodes[2].lon_deg = -180.5;
  // The other 37 keep their positions (all 40 took drawing coordinates, which QGIS reads
  // as degrees), whether drawing coordinates are allowed or not.
  for (const bool allow : {true, false}) {
    GeoJsonOptions options;
    options.allow_drawing_coordinates = allow;
    std::string note;
    json root = json::parse(WriteGeoJson(c.network, options, &note));
    EXPECT_EQ(CheckGeoJsonStructure(root, true), 0);
    EXPECT_NE(note.find("3 of 40 nodes have no usable geoWGS84 position; they and the arcs "
                        "touching them"),
              std::string::npos)
        << note;
    EXPECT_EQ(note.find("not geographic"), std::string::npos) << note;
    std::size_t null_points = 0, geographic = 0;
    for (const json& f : root["features"]) {
      if (!f["properties"].contains("drawing_x")) continue;  // an arc
      null_points += f["geometry"].is_null();
      if (f["geometry"].is_null()) continue;
      const Node& n = c.network.nodes[*c.network.FindNode(f["id"])];
      EXPECT_EQ(f["geometry"]["coordinates"], json::array({*n.lon_deg, *n.lat_deg})) << n.id;
      ++geographic;
    }
    EXPECT_EQ(null_points, 3u);
    EXPECT_EQ(geographic, 37u);
  }
  // One such node: in the singular ("1 of 40 nodes have").
  c = LoadNet("GasLib-40/GasLib-40.net");
  c.network.nodes[0].lat_deg = 148.9;
  std::string note;
  WriteGeoJson(c.network, GeoJsonOptions(), &note);
  EXPECT_NE(note.find("1 of 40 nodes has no usable geoWGS84 position; it and the arcs touching "
                      "it have a null geometry."),
            std::string::npos)
      << note;
}

}  // namespace
}  // namespace corridor
