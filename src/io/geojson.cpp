// GeoJSON (RFC 7946) export: one FeatureCollection with the nodes as Point features and
// the arcs as two-point LineString features (from -> to), or a Point where both ends lie
// on one position.
//
// Positions are [longitude, latitude] from geoWGS84Long/Lat where a node has them, both
// of them and on the globe (latitude in [-90, 90], longitude in [-180, 180]; RFC 7946
// section 3.1.1: anything else is no geographic position, and a GIS would misplace it).
// A node without one, and the arcs touching it, get a null geometry (allowed by RFC 7946
// section 3.2), and the top-level foreign member "corridor_note" says how many. Where no
// node has one (GasLib-11, -24, -134), allow_drawing_coordinates puts every node on its
// drawing coordinates [x, y] instead (never a mix of both), with a note that these are not
// geographic coordinates.
//
// Properties use the units people read on a map, named in each key: bar absolute,
// 1000 Nm3/h (normal conditions 0 degC, 1.01325 bar), km, mm, m, degC. Each is written as
// the shortest decimal that maps back to the model's SI value exactly (InUnit), so that a
// value read from GasLib shows as the file wrote it: 18.5674 kg/kmol, not the quotient
// 18.567400000000003.
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "corridor/io.h"
#include "corridor/units.h"

namespace corridor {

namespace {

using nlohmann::ordered_json;

// `si` in a display unit (si = shown * factor + offset, the GasLib reader's conversion):
// the double with the fewest significant digits that converts back to exactly `si`. A
// value read from GasLib has one, the number in the file; a value computed in code may
// not, and is shown as the plain quotient.
double InUnit(double si, double factor, double offset = 0.0) {
  const double x = (si - offset) / factor;
  if (!std::isfinite(x) || (factor == 1.0 && offset == 0.0)) return x;
  for (int digits = 1; digits < 17; ++digits) {
    const std::string text = fmt::format("{:.{}g}", x, digits);
    double c = 0.0;  // (from_chars: strtod reads "1.5" as 1 under a decimal-comma locale)
    std::from_chars(text.data(), text.data() + text.size(), c);
    if (c * factor + offset == si) return c;
  }
  return x;
}

double Bar(double pa) { return InUnit(pa, units::kBar); }
double KNm3h(double m3s) { return InUnit(m3s, units::kThousandM3PerHour); }

void PutOpt(ordered_json& j, const char* key, const std::optional<double>& v, double scale) {
  if (v) j[key] = InUnit(*v, scale);
}

// Whether the node has a geographic position to write: both halves, on the globe.
bool HasGeoPosition(const Node& n) {
  return n.lat_deg && n.lon_deg && *n.lat_deg >= -90.0 && *n.lat_deg <= 90.0 &&
         *n.lon_deg >= -180.0 && *n.lon_deg <= 180.0;
}

ordered_json NodeProperties(const Node& n) {
  ordered_json p = ordered_json::object();
  p["id"] = n.id;
  p["kind"] = NodeKindName(n.kind);
  if (n.has_alias && !n.alias.empty()) p["alias"] = n.alias;
  p["height_m"] = n.height_m;
  p["pressure_min_bar_abs"] = Bar(n.pressure_min_Pa);
  p["pressure_max_bar_abs"] = Bar(n.pressure_max_Pa);
  if (n.flow_min_m3_per_s) p["flow_min_1000Nm3_per_h"] = KNm3h(*n.flow_min_m3_per_s);
  if (n.flow_max_m3_per_s) p["flow_max_1000Nm3_per_h"] = KNm3h(*n.flow_max_m3_per_s);
  if (n.gas) {
    p["gas_temperature_degC"] = InUnit(n.gas->temperature_K, 1.0, units::kZeroCelsius);
    p["calorific_value_MJ_per_Nm3"] = InUnit(n.gas->calorific_value_J_per_m3, 1.0e6);
    p["norm_density_kg_per_Nm3"] = n.gas->norm_density_kg_per_m3;
    p["molar_mass_kg_per_kmol"] = InUnit(n.gas->molar_mass_kg_per_mol, 1.0e-3);
  }
  p["drawing_x"] = n.x;
  p["drawing_y"] = n.y;
  return p;
}

ordered_json ArcProperties(const Arc& a) {
  ordered_json p = ordered_json::object();
  p["id"] = a.id;
  p["kind"] = ArcKindName(a.kind);
  p["from"] = a.from;
  p["to"] = a.to;
  if (a.has_alias && !a.alias.empty()) p["alias"] = a.alias;
  p["flow_min_1000Nm3_per_h"] = KNm3h(a.flow_min_m3_per_s);
  p["flow_max_1000Nm3_per_h"] = KNm3h(a.flow_max_m3_per_s);
  switch (a.kind) {
    case ArcKind::kPipe:
      p["length_km"] = InUnit(a.pipe.length_m, units::kKm);
      p["diameter_mm"] = InUnit(a.pipe.diameter_m, units::kMm);
      p["roughness_mm"] = InUnit(a.pipe.roughness_m, units::kMm);
      PutOpt(p, "pressure_max_bar_abs", a.pipe.pressure_max_Pa, units::kBar);
      break;
    case ArcKind::kShortPipe:
      break;
    case ArcKind::kResistor:
      PutOpt(p, "drag_factor", a.resistor.drag_factor, 1.0);
      PutOpt(p, "diameter_mm", a.resistor.diameter_m, units::kMm);
      PutOpt(p, "pressure_loss_bar", a.resistor.pressure_loss_Pa, units::kBar);
      break;
    case ArcKind::kValve:
      PutOpt(p, "pressure_differential_max_bar", a.valve.pressure_differential_max_Pa,
             units::kBar);
      break;
    case ArcKind::kControlValve:
      PutOpt(p, "pressure_differential_min_bar", a.control_valve.pressure_differential_min_Pa,
             units::kBar);
      PutOpt(p, "pressure_differential_max_bar", a.control_valve.pressure_differential_max_Pa,
             units::kBar);
      PutOpt(p, "pressure_in_min_bar_abs", a.control_valve.pressure_in_min_Pa, units::kBar);
      PutOpt(p, "pressure_out_max_bar_abs", a.control_valve.pressure_out_max_Pa, units::kBar);
      break;
    case ArcKind::kCompressorStation:
      if (!a.compressor.fuel_gas_vertex.empty())
        p["fuel_gas_vertex"] = a.compressor.fuel_gas_vertex;
      PutOpt(p, "pressure_in_min_bar_abs", a.compressor.pressure_in_min_Pa, units::kBar);
      PutOpt(p, "pressure_out_max_bar_abs", a.compressor.pressure_out_max_Pa, units::kBar);
      break;
  }
  return p;
}

// The own properties of `p` that came out non-finite (nlohmann writes them as null): every
// model value is finite, so each is one its display unit cannot hold.
void Unheld(const ordered_json& p, bool arc, std::size_t i, std::vector<GeoJsonUnheld>* out) {
  if (out == nullptr) return;
  for (const auto& [key, value] : p.items())
    if (value.is_number_float() && !std::isfinite(value.get<double>()))
      out->push_back({arc, i, key});
}

// The added properties not written: an empty key, and a key given before among them (an
// added "p" given twice replaced the first without a word). Their keys go into *keys.
std::vector<bool> SkippedProperties(const std::vector<GeoJsonProperty>& extra,
                                    std::set<std::string>* keys) {
  std::vector<bool> skip(extra.size(), false);
  std::set<std::string> seen;
  for (std::size_t k = 0; k < extra.size(); ++k)
    if (extra[k].key.empty() || !seen.insert(extra[k].key).second) {
      skip[k] = true;
      keys->insert(extra[k].key);
    }
  return skip;
}

// Adds each property's value for element `i` (one the element has already takes the added
// value: simulate's bounds), but those `skip` marks.
void AddProperties(ordered_json& p, const std::vector<GeoJsonProperty>& extra, std::size_t i,
                   const std::vector<bool>& skip) {
  for (std::size_t k = 0; k < extra.size(); ++k) {
    if (skip[k]) continue;
    const GeoJsonProperty& e = extra[k];
    if (!e.numbers.empty()) {
      if (i < e.numbers.size() && std::isfinite(e.numbers[i]))
        p[e.key] = e.numbers[i] == 0.0 ? 0.0 : e.numbers[i];  // no -0 (the CSVs have none)
      else
        p[e.key] = nullptr;
    } else if (i < e.texts.size() && !e.texts[i].empty()) {
      p[e.key] = e.texts[i];
    } else {
      p[e.key] = nullptr;
    }
  }
}

}  // namespace

std::string WriteGeoJson(const Network& n, const GeoJsonOptions& options, std::string* note,
                         std::vector<GeoJsonUnheld>* unheld) {
  if (unheld != nullptr) unheld->clear();
  std::size_t without_geo = 0;
  for (const Node& node : n.nodes)
    if (!HasGeoPosition(node)) ++without_geo;
  const bool geographic = without_geo == 0;
  // Drawing coordinates only for a network without any geographic position: where some
  // nodes have one, the others get no geometry rather than every node a drawing position
  // (GasLib-40 with one latitude missing lost its 39 real positions).
  const bool drawing =
      without_geo == n.nodes.size() && !n.nodes.empty() && options.allow_drawing_coordinates;

  std::string sentence;
  if (drawing) {
    sentence = fmt::format(
        "none of the {} nodes has a usable geoWGS84 position, so all positions are the "
        "network's drawing coordinates x/y (no unit), not longitude/latitude: they are not "
        "geographic and will not line up with a map.",
        n.nodes.size());
  } else if (without_geo == n.nodes.size() && !n.nodes.empty()) {
    sentence = fmt::format(
        "none of the {} nodes has a usable geoWGS84 position, so every geometry is null "
        "(RFC 7946 positions are longitude/latitude); the network's drawing coordinates x/y "
        "are in the nodes' properties drawing_x and drawing_y.",
        n.nodes.size());
  } else if (!geographic) {
    sentence = fmt::format(
        "{} of {} nodes {} no usable geoWGS84 position; {} and the arcs touching {} have a "
        "null geometry.",
        without_geo, n.nodes.size(), without_geo == 1 ? "has" : "have",
        without_geo == 1 ? "it" : "they", without_geo == 1 ? "it" : "them");
  }
  if (note) *note = sentence;

  // Position of each node (or none), by id; the first node of a duplicated id wins.
  std::unordered_map<std::string, ordered_json> position;
  position.reserve(n.nodes.size());
  for (const Node& node : n.nodes) {
    if (position.count(node.id)) continue;
    if (geographic || (HasGeoPosition(node) && !drawing)) {
      position.emplace(node.id, ordered_json::array({*node.lon_deg, *node.lat_deg}));
    } else if (drawing) {
      position.emplace(node.id, ordered_json::array({node.x, node.y}));
    }
  }

  ordered_json features = ordered_json::array();
  std::set<std::string> skipped_node_keys, skipped_arc_keys;
  const std::vector<bool> skip_node =
      SkippedProperties(options.node_properties, &skipped_node_keys);
  const std::vector<bool> skip_arc = SkippedProperties(options.arc_properties, &skipped_arc_keys);
  for (std::size_t i = 0; i < n.nodes.size(); ++i) {
    const Node& node = n.nodes[i];
    ordered_json f = ordered_json::object();
    f["type"] = "Feature";
    f["id"] = node.id;
    auto it = position.find(node.id);
    if (it != position.end()) {
      ordered_json g = ordered_json::object();
      g["type"] = "Point";
      g["coordinates"] = it->second;
      f["geometry"] = std::move(g);
    } else {
      f["geometry"] = nullptr;
    }
    f["properties"] = NodeProperties(node);
    Unheld(f["properties"], false, i, unheld);
    AddProperties(f["properties"], options.node_properties, i, skip_node);
    features.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < n.arcs.size(); ++i) {
    const Arc& a = n.arcs[i];
    ordered_json f = ordered_json::object();
    f["type"] = "Feature";
    f["id"] = a.id;
    auto from = position.find(a.from);
    auto to = position.find(a.to);
    if (from != position.end() && to != position.end()) {
      // Ends at one position (valves, regulators and stations drawn on one spot: 954 of
      // GasLib-4197's arcs) are a Point: a line of length 0 is drawn by no GIS, and a
      // closed valve was nowhere on the map.
      ordered_json g = ordered_json::object();
      const bool spot = from->second == to->second;
      g["type"] = spot ? "Point" : "LineString";
      g["coordinates"] =
          spot ? from->second : ordered_json::array({from->second, to->second});
      f["geometry"] = std::move(g);
    } else {
      f["geometry"] = nullptr;
    }
    f["properties"] = ArcProperties(a);
    Unheld(f["properties"], true, i, unheld);
    AddProperties(f["properties"], options.arc_properties, i, skip_arc);
    features.push_back(std::move(f));
  }

  ordered_json root = ordered_json::object();
  root["type"] = "FeatureCollection";
  if (!n.info.title.empty()) root["name"] = n.info.title;  // GDAL/QGIS use it as layer name
  if (!sentence.empty()) root["corridor_note"] = sentence;
  // The network's copyright notices (GasLib's CC BY 3.0 asks that they be kept intact), as
  // the JSON and GasLib writers keep them: a foreign member, as RFC 7946 allows.
  if (!n.info.notices.empty()) root["corridor_notices"] = n.info.notices;
  // A caller's member never replaces GeoJSON's own or this writer's (a member "type" made
  // the file no FeatureCollection; "features" was dropped without a word): left out, and
  // said in *note.
  // Each with its reason (a member given twice was said to be GeoJSON's own).
  std::string left_out;
  std::set<std::string> given;
  for (const auto& [key, text] : options.members) {
    const char* why = key.empty()                                            ? "empty"
                      : key == "type" || key == "features" || key == "bbox" ? "GeoJSON's own"
                      : given.count(key) > 0                                 ? "given twice"
                      : key == "name" || key == "corridor_note" || key == "corridor_notices"
                          ? "the writer's own"  // (whether this network has it or not)
                          : nullptr;
    given.insert(key);
    if (why != nullptr) {
      left_out += fmt::format("{}'{}' ({})", left_out.empty() ? "" : ", ", key, why);
      continue;
    }
    root[key] = text;
  }
  auto add_note = [&](const std::string& words) {
    if (note != nullptr) *note += (note->empty() ? "" : " ") + words;
  };
  if (!left_out.empty())
    add_note(fmt::format("GeoJsonOptions.members {} not written.", left_out));
  for (const auto& [what, keys] : {std::pair{"node_properties", &skipped_node_keys},
                                   std::pair{"arc_properties", &skipped_arc_keys}}) {
    if (keys->empty()) continue;
    std::string list;
    for (const std::string& k : *keys) list += fmt::format("{}'{}'", list.empty() ? "" : ", ", k);
    add_note(fmt::format(
        "GeoJsonOptions.{} {} not written: an empty key, or one given before among them.",
        what, list));
  }
  root["features"] = std::move(features);
  return root.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace corridor
