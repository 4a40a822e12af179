// GasLib XML writers for networks (.net) and nominations (.scn).
//
// The files follow the layout of the GasLib instances (../shared/data/gaslib/SCHEMA.md):
// root <network> / <boundaryValue> in the namespace http://gaslib.zib.de/Gas with the
// framework containers in http://gaslib.zib.de/Framework, every number with an explicit
// unit, optional elements only when the model holds them, and the CC BY 3.0 citation
// header that GasLib asks for.
//
// Units written: lengths km, diameters and roughness mm, heights m, pressures bar
// (absolute, never barg), flows 1000m_cube_per_hour (normal conditions), temperatures K
// (exact: no Celsius offset), calorific value MJ_per_m_cube, molar mass kg_per_kmol.
//
// Exactness: the model is SI, GasLib is not, so each value is converted back to its GasLib
// unit. For every value we search the doubles next to si/factor for one that the reader's
// own conversion (io::ToSI) maps back to exactly the same SI double, and write the
// shortest decimal that re-reads as that double. A value read from GasLib always has such
// a preimage in the unit it was read in: where the unit written (km, bar) has none, the
// value is written in the one it may have come in (m, barg), so GasLib -> model ->
// GasLib -> model is bit-exact; a value built in code may lack one in every unit, and is
// then off by at most one unit in the last place (relative 2.2e-16).
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "corridor/io.h"
#include "corridor/units.h"
#include "io/xml_util.h"

namespace corridor {

namespace {

using io::Quantity;

struct UnitOut {
  Quantity q;
  const char* unit;  // as written; "" for no unit attribute
  double factor;     // si = value * factor + offset
  double offset;
};

constexpr UnitOut kLengthKm{Quantity::kLength, "km", units::kKm, 0.0};
constexpr UnitOut kDiameterMm{Quantity::kDiameter, "mm", units::kMm, 0.0};
constexpr UnitOut kHeightM{Quantity::kHeight, "m", 1.0, 0.0};
constexpr UnitOut kPressureBar{Quantity::kPressure, "bar", units::kBar, 0.0};
constexpr UnitOut kPressureDiffBar{Quantity::kPressureDiff, "bar", units::kBar, 0.0};
constexpr UnitOut kFlow{Quantity::kVolumeFlow, "1000m_cube_per_hour", units::kThousandM3PerHour,
                        0.0};
constexpr UnitOut kTemperatureK{Quantity::kTemperature, "K", 1.0, 0.0};
constexpr UnitOut kCalorific{Quantity::kCalorific, "MJ_per_m_cube", 1.0e6, 0.0};
constexpr UnitOut kDensity{Quantity::kDensity, "kg_per_m_cube", 1.0, 0.0};
constexpr UnitOut kMolarMass{Quantity::kMolarMass, "kg_per_kmol", 1.0e-3, 0.0};
constexpr UnitOut kHeatTransfer{Quantity::kHeatTransfer, "W_per_m_square_per_K", 1.0, 0.0};
constexpr UnitOut kNoUnit{Quantity::kDimensionless, "", 1.0, 0.0};

// Shortest decimal text of x that reads back as x (fmt's default for doubles).
std::string Num(double x) { return fmt::format("{}", x); }

// The text of `si` in unit u such that the reader's conversion gives back `si` exactly
// whenever some double does so (see the file comment); *exact says whether one did.
std::string ToUnitText(const UnitOut& u, double si, bool* exact = nullptr) {
  if (exact != nullptr) *exact = false;
  const double x0 = (si - u.offset) / u.factor;
  if (!std::isfinite(x0)) return Num(x0);
  // Candidates: x0 first, then its neighbours up to 8 ulps away on each side. Among the
  // exact ones the shortest text wins (ties: the earlier, i.e. closest to x0); without an
  // exact one, the closest.
  std::vector<double> candidates{x0};
  double lo = x0, hi = x0;
  for (int k = 0; k < 8; ++k) {
    lo = std::nextafter(lo, -INFINITY);
    hi = std::nextafter(hi, INFINITY);
    candidates.push_back(lo);
    candidates.push_back(hi);
  }
  std::string best;
  double best_err = INFINITY;
  bool best_exact = false;
  for (double x : candidates) {
    if (x == 0.0) x = 0.0;  // "0", not "-0" (which the reader reads as 0 anyway)
    double back = 0.0;
    std::string expected;
    if (!io::ToSI(u.q, u.unit, x, &back, &expected)) return Num(x0);  // cannot happen
    const double err = std::fabs(back - si);
    std::string text = Num(x);
    if (back == si) {
      if (!best_exact || text.size() < best.size()) best = std::move(text);
      best_exact = true;
    } else if (!best_exact && err < best_err) {
      best = std::move(text);
      best_err = err;
    }
  }
  if (exact != nullptr) *exact = best_exact;
  return best;
}

// The units a value is written in where u cannot hold it exactly, in order: those a value
// read from GasLib may have come in (a length read as 32449.3720453 m has no km double that
// reads back as it, a bound of 40.2 barg no bar double), so that GasLib -> model -> GasLib
// stays bit-exact.
std::vector<UnitOut> FallbackUnits(const UnitOut& u) {
  switch (u.q) {
    case Quantity::kLength: return {{Quantity::kLength, "m", 1.0, 0.0}};
    case Quantity::kDiameter: return {{Quantity::kDiameter, "m", 1.0, 0.0}};
    case Quantity::kPressure:
      return {{Quantity::kPressure, "barg", units::kBar, units::kAtmosphere}};
    default: return {};
  }
}

class XmlOut {
 public:
  /// <tag value=".." unit=".."/> below parent.
  /// In u, or where u cannot hold `si` exactly and a fallback unit can, in that one.
  static void Value(pugi::xml_node parent, const char* tag, const UnitOut& u, double si) {
    pugi::xml_node e = parent.append_child(tag);
    Attributes(e, u, si);
  }
  /// value=".." unit=".." on e, as Value writes them.
  static void Attributes(pugi::xml_node e, const UnitOut& u, double si) {
    bool exact = false;
    std::string text = ToUnitText(u, si, &exact);
    const char* unit = u.unit;
    // (Only within the magnitudes the reader takes in every unit of the quantity: 5e-324 m
    // written in m is refused as read back, and the writer's own check says why.)
    const double magnitude = std::fabs(si);
    if (!exact && magnitude > 1e-290 && magnitude < 1e300)
      for (const UnitOut& f : FallbackUnits(u))
        if (std::string t = ToUnitText(f, si, &exact); exact) {
          text = std::move(t);
          unit = f.unit;
          break;
        }
    e.append_attribute("value") = text.c_str();
    if (unit[0] != '\0') e.append_attribute("unit") = unit;
  }
  static void Opt(pugi::xml_node parent, const char* tag, const UnitOut& u,
                  const std::optional<double>& si) {
    if (si) Value(parent, tag, u, *si);
  }
};

// The case's own notices first (NetworkInfo::notices: GasLib's copyright notice, kept
// intact as CC BY 3.0 asks), then corridor's.
void AddHeader(pugi::xml_document& doc, const std::vector<std::string>& notices) {
  for (const std::string& n : notices)
    doc.append_child(pugi::node_comment).set_value(io::AsXmlComment(n).c_str());
  doc.append_child(pugi::node_comment).set_value(io::kCorridorNotice);
}

pugi::xml_node AddRoot(pugi::xml_document& doc, const char* name, const char* xsd) {
  pugi::xml_node root = doc.append_child(name);
  root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  root.append_attribute("xmlns") = "http://gaslib.zib.de/Gas";
  root.append_attribute("xsi:schemaLocation") = fmt::format("http://gaslib.zib.de/Gas {}", xsd).c_str();
  root.append_attribute("xmlns:framework") = "http://gaslib.zib.de/Framework";
  return root;
}

std::string Save(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

void AddIntAttribute(pugi::xml_node e, const char* name, const std::optional<int>& v) {
  if (v) e.append_attribute(name) = *v;
}

// Inlet/outlet losses: <pressureLossIn>, <dragFactorIn> + <diameterIn> (and *Out).
void AddLoss(pugi::xml_node e, const SideLoss& l, const char* side) {
  XmlOut::Opt(e, fmt::format("pressureLoss{}", side).c_str(), kPressureDiffBar,
              l.pressure_loss_Pa);
  XmlOut::Opt(e, fmt::format("dragFactor{}", side).c_str(), kNoUnit, l.drag_factor);
  XmlOut::Opt(e, fmt::format("diameter{}", side).c_str(), kDiameterMm, l.diameter_m);
}

void AddNode(pugi::xml_node parent, const Node& n) {
  pugi::xml_node e = parent.append_child(NodeKindName(n.kind));
  e.append_attribute("id") = n.id.c_str();
  if (n.has_alias) e.append_attribute("alias") = n.alias.c_str();
  e.append_attribute("x") = Num(n.x == 0.0 ? 0.0 : n.x).c_str();
  e.append_attribute("y") = Num(n.y == 0.0 ? 0.0 : n.y).c_str();
  if (n.lat_deg) e.append_attribute("geoWGS84Lat") = Num(*n.lat_deg).c_str();
  if (n.lon_deg) e.append_attribute("geoWGS84Long") = Num(*n.lon_deg).c_str();
  XmlOut::Value(e, "height", kHeightM, n.height_m);
  XmlOut::Value(e, "pressureMin", kPressureBar, n.pressure_min_Pa);
  XmlOut::Value(e, "pressureMax", kPressureBar, n.pressure_max_Pa);
  if (n.kind != NodeKind::kInnode) {
    XmlOut::Opt(e, "flowMin", kFlow, n.flow_min_m3_per_s);
    XmlOut::Opt(e, "flowMax", kFlow, n.flow_max_m3_per_s);
  }
  if (n.kind == NodeKind::kSource && n.gas) {
    const SourceGas& g = *n.gas;
    XmlOut::Value(e, "gasTemperature", kTemperatureK, g.temperature_K);
    // The optional ones only where the source has them: the reader keeps an absent
    // calorific value or heat capacity as 0 ("not given"), which written out read as a
    // real calorific value of 0 MJ/m3.
    if (g.calorific_value_J_per_m3 != 0.0)
      XmlOut::Value(e, "calorificValue", kCalorific, g.calorific_value_J_per_m3);
    XmlOut::Value(e, "normDensity", kDensity, g.norm_density_kg_per_m3);
    if (g.heat_capacity_A != 0.0 || g.heat_capacity_B != 0.0 || g.heat_capacity_C != 0.0) {
      XmlOut::Value(e, "coefficient-A-heatCapacity", kNoUnit, g.heat_capacity_A);
      XmlOut::Value(e, "coefficient-B-heatCapacity", kNoUnit, g.heat_capacity_B);
      XmlOut::Value(e, "coefficient-C-heatCapacity", kNoUnit, g.heat_capacity_C);
    }
    XmlOut::Value(e, "molarMass", kMolarMass, g.molar_mass_kg_per_mol);
    XmlOut::Value(e, "pseudocriticalPressure", kPressureBar, g.pseudocritical_pressure_Pa);
    XmlOut::Value(e, "pseudocriticalTemperature", kTemperatureK, g.pseudocritical_temperature_K);
  }
}

void AddArc(pugi::xml_node parent, const Arc& a) {
  pugi::xml_node e = parent.append_child(ArcKindName(a.kind));
  e.append_attribute("id") = a.id.c_str();
  if (a.has_alias) e.append_attribute("alias") = a.alias.c_str();
  e.append_attribute("from") = a.from.c_str();
  e.append_attribute("to") = a.to.c_str();
  if (a.kind == ArcKind::kControlValve) {
    AddIntAttribute(e, "internalBypassRequired", a.control_valve.internal_bypass_required);
    AddIntAttribute(e, "gasPreheaterExisting", a.control_valve.gas_preheater_existing);
  }
  if (a.kind == ArcKind::kCompressorStation) {
    if (!a.compressor.fuel_gas_vertex.empty())
      e.append_attribute("fuelGasVertex") = a.compressor.fuel_gas_vertex.c_str();
    AddIntAttribute(e, "internalBypassRequired", a.compressor.internal_bypass_required);
    AddIntAttribute(e, "gasCoolerExisting", a.compressor.gas_cooler_existing);
  }
  XmlOut::Value(e, "flowMin", kFlow, a.flow_min_m3_per_s);
  XmlOut::Value(e, "flowMax", kFlow, a.flow_max_m3_per_s);
  switch (a.kind) {
    case ArcKind::kPipe:
      XmlOut::Value(e, "length", kLengthKm, a.pipe.length_m);
      XmlOut::Value(e, "diameter", kDiameterMm, a.pipe.diameter_m);
      XmlOut::Value(e, "roughness", kDiameterMm, a.pipe.roughness_m);
      XmlOut::Opt(e, "pressureMax", kPressureBar, a.pipe.pressure_max_Pa);
      XmlOut::Opt(e, "heatTransferCoefficient", kHeatTransfer, a.pipe.heat_transfer_W_per_m2_K);
      break;
    case ArcKind::kShortPipe:
      break;
    case ArcKind::kResistor:
      XmlOut::Opt(e, "dragFactor", kNoUnit, a.resistor.drag_factor);
      XmlOut::Opt(e, "diameter", kDiameterMm, a.resistor.diameter_m);
      XmlOut::Opt(e, "pressureLoss", kPressureDiffBar, a.resistor.pressure_loss_Pa);
      break;
    case ArcKind::kValve:
      XmlOut::Opt(e, "pressureDifferentialMax", kPressureDiffBar,
                  a.valve.pressure_differential_max_Pa);
      break;
    case ArcKind::kControlValve: {
      const ControlValveData& cv = a.control_valve;
      XmlOut::Opt(e, "pressureDifferentialMin", kPressureDiffBar, cv.pressure_differential_min_Pa);
      XmlOut::Opt(e, "pressureDifferentialMax", kPressureDiffBar, cv.pressure_differential_max_Pa);
      XmlOut::Opt(e, "pressureInMin", kPressureBar, cv.pressure_in_min_Pa);
      XmlOut::Opt(e, "pressureOutMax", kPressureBar, cv.pressure_out_max_Pa);
      AddLoss(e, cv.loss_in, "In");
      AddLoss(e, cv.loss_out, "Out");
      break;
    }
    case ArcKind::kCompressorStation: {
      const CompressorStationArcData& cs = a.compressor;
      AddLoss(e, cs.loss_in, "In");
      AddLoss(e, cs.loss_out, "Out");
      XmlOut::Opt(e, "pressureInMin", kPressureBar, cs.pressure_in_min_Pa);
      XmlOut::Opt(e, "pressureOutMax", kPressureBar, cs.pressure_out_max_Pa);
      break;
    }
  }
}

// The document as text. The XML declaration is written here rather than as a pugixml node
// so that it is always the first line, followed by the licence comment. A carriage return
// in element text (a title with Windows line ends) goes out as the reference &#13;: written
// raw, XML reads it back as a line feed (XML 1.0, section 2.11), and the text changed in a
// round trip. pugixml writes none of its own (its line ends are "\n") and escapes those of
// attribute values, so every raw one is text's.
std::string Document(const pugi::xml_document& doc) {
  const std::string body = Save(doc);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (body.find('\r') == std::string::npos) return out + body;  // (every GasLib file)
  out.reserve(out.size() + body.size());
  for (const char ch : body) {
    if (ch == '\r')
      out += "&#13;";
    else
      out += ch;
  }
  return out;
}

}  // namespace

std::string WriteGasLibNetwork(const Network& n) {
  pugi::xml_document doc;
  AddHeader(doc, n.info.notices);
  pugi::xml_node root = AddRoot(doc, "network", "Gas.xsd");
  pugi::xml_node info = root.append_child("framework:information");
  // (Carriage returns in these texts are written as references: Document.)
  info.append_child("framework:title").text().set(n.info.title.c_str());
  info.append_child("framework:type").text().set(n.info.type.c_str());
  info.append_child("framework:date").text().set(n.info.date.c_str());
  info.append_child("framework:documentation").text().set(n.info.documentation.c_str());
  pugi::xml_node nodes = root.append_child("framework:nodes");
  for (const Node& node : n.nodes) AddNode(nodes, node);
  pugi::xml_node arcs = root.append_child("framework:connections");
  for (const Arc& a : n.arcs) AddArc(arcs, a);
  return Document(doc);
}

std::string WriteGasLibNomination(const Nomination& nom,
                                  const std::vector<std::string>& notices) {
  pugi::xml_document doc;
  AddHeader(doc, nom.notices.empty() ? notices : nom.notices);  // its own first (io.h)
  pugi::xml_node root = AddRoot(doc, "boundaryValue", "Scenario.xsd");
  pugi::xml_node sc = root.append_child("scenario");
  sc.append_attribute("id") = nom.id.c_str();
  XmlOut::Opt(sc, "scenarioProbability", kNoUnit, nom.probability);
  XmlOut::Opt(sc, "scenarioTemperature", kTemperatureK, nom.scenario_temperature_K);
  if (nom.contract_date)
    sc.append_child("contractDate").append_attribute("value") = nom.contract_date->c_str();
  XmlOut::Opt(sc, "soilTemperature", kTemperatureK, nom.soil_temperature_K);
  XmlOut::Opt(sc, "ambientTemperature", kTemperatureK, nom.ambient_temperature_K);
  for (const NodeNomination& n : nom.nodes) {
    pugi::xml_node e = sc.append_child("node");
    e.append_attribute("type") = n.is_entry ? "entry" : "exit";
    e.append_attribute("id") = n.node_id.c_str();
    // (In barg where bar holds the bound inexactly, as the network's bounds: 63.1 barg came
    // back 1e-9 Pa off, and simulate's figures with it.)
    auto pressure = [&](const char* bound, double si) {
      pugi::xml_node p = e.append_child("pressure");
      p.append_attribute("bound") = bound;
      XmlOut::Attributes(p, kPressureBar, si);
    };
    if (n.pressure_lower_Pa) pressure("lower", *n.pressure_lower_Pa);
    if (n.pressure_upper_Pa) pressure("upper", *n.pressure_upper_Pa);
    XmlOut::Opt(e, "contractPressureMax", kPressureBar, n.contract_pressure_max_Pa);
    auto flow = [&](const char* bound, double si) {
      pugi::xml_node f = e.append_child("flow");
      f.append_attribute("bound") = bound;
      f.append_attribute("value") = ToUnitText(kFlow, si).c_str();
      f.append_attribute("unit") = kFlow.unit;
    };
    if (n.flow_lower_m3_per_s == n.flow_upper_m3_per_s) {
      flow("both", n.flow_lower_m3_per_s);
    } else {
      flow("lower", n.flow_lower_m3_per_s);
      flow("upper", n.flow_upper_m3_per_s);
    }
  }
  // Per-arc data: the nomination does not record the arc's kind; GasLib readers accept any
  // arc element here, and GasLib's own files use <pipe>.
  for (const ArcScenarioData& a : nom.arcs) {
    pugi::xml_node e = sc.append_child("pipe");
    e.append_attribute("id") = a.arc_id.c_str();
    XmlOut::Opt(e, "soilTemperature", kTemperatureK, a.soil_temperature_K);
  }
  return Document(doc);
}

}  // namespace corridor
