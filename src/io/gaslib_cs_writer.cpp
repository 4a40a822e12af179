// GasLib .cs and .cdf writers: files GasLib tools read, and that corridor's readers read back
// to exactly the same data.
//
// Exactness: the model holds SI values computed by the reader as value_in_file * factor
// (+ offset). Writing si / factor with 17 digits would re-read as a neighbouring double in
// some cases, so each value is written as the shortest decimal whose conversion *by the
// reader's own ToSI* gives back the stored double (searching 1..17 significant digits,
// then neighbouring doubles). Values read from GasLib files thus come back as they were
// written there ("4700", not "4700.0000000000009"). A temperature that has no exact
// Celsius spelling is written in K, which ToSI maps exactly.
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "corridor/io.h"
#include "io/xml_util.h"

namespace corridor {
namespace {

using io::Quantity;

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      // A reader normalizes these to spaces in an attribute ("CS\n1" read back "CS 1", and
      // the case could not be converted); as references they are kept.
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
  return out;
}

// Shortest round-trip decimal of a double ("4700", "1e-05", "0.01357578307692308").
std::string Num(double v) { return fmt::format("{}", v); }

bool ConvertsBack(Quantity q, std::string_view unit, double w, double si) {
  double back = 0.0;
  return io::ToSI(q, unit, w, &back, nullptr) && back == si;
}

// The value to write in `unit` so that the reader's ToSI gives back `si` exactly.
// *exact is false when no such double was found (then the nearest guess is returned).
double FromSI(Quantity q, std::string_view unit, double si, bool* exact) {
  *exact = true;
  double off = 0.0, one = 0.0;
  io::ToSI(q, unit, 0.0, &off, nullptr);
  io::ToSI(q, unit, 1.0, &one, nullptr);
  const double guess = (si - off) / (one - off);
  for (int digits = 1; digits <= 17; ++digits) {
    double w = 0.0;
    if (io::ParseFiniteDouble(fmt::format("{:.{}g}", guess, digits), &w) &&
        ConvertsBack(q, unit, w, si))
      return w;
  }
  double up = guess, down = guess;
  for (int step = 0; step < 256; ++step) {
    up = std::nextafter(up, HUGE_VAL);
    down = std::nextafter(down, -HUGE_VAL);
    if (ConvertsBack(q, unit, up, si)) return up;
    if (ConvertsBack(q, unit, down, si)) return down;
  }
  *exact = false;
  return guess;
}

class XmlOut {
 public:
  void Line(int indent, std::string_view text) {
    out_.append(static_cast<std::size_t>(2 * indent), ' ');
    out_ += text;
    out_ += '\n';
  }
  // <tag value=".." unit=".."/> from an SI value.
  void Value(int indent, std::string_view tag, Quantity q, std::string_view unit, double si) {
    bool exact = true;
    const double w = FromSI(q, unit, si, &exact);
    if (!exact && q == Quantity::kTemperature) {  // K is exact for any double
      Line(indent, fmt::format("<{} value=\"{}\" unit=\"K\"/>", tag, Num(si)));
      return;
    }
    Line(indent, fmt::format("<{} value=\"{}\" unit=\"{}\"/>", tag, Num(w), unit));
  }
  // <tag value=".."/> for a dimensionless number, written as is.
  void Plain(int indent, std::string_view tag, double v) {
    Line(indent, fmt::format("<{} value=\"{}\"/>", tag, Num(v)));
  }
  void Coefficients(int indent, std::string_view prefix, const double* c, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) Plain(indent, fmt::format("{}{}", prefix, k + 1), c[k]);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

constexpr const char* kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

void WriteMapPoint(XmlOut& x, int indent, const MapPoint& p) {
  x.Line(indent, "<measurement>");
  x.Value(indent + 1, "speed", Quantity::kSpeed, "per_min", p.speed_per_s);
  x.Value(indent + 1, "adiabaticHead", Quantity::kHead, "kJ_per_kg", p.head_J_per_kg);
  x.Value(indent + 1, "volumetricFlowrate", Quantity::kFlowRate, "m_cube_per_s",
          p.volumetric_flow_m3_per_s);
  x.Line(indent, "</measurement>");
}

void WriteTurbo(XmlOut& x, const TurboCompressor& c) {
  x.Line(3, fmt::format("<turboCompressor id=\"{}\" drive=\"{}\">", Escape(c.id), Escape(c.drive)));
  x.Value(4, "speedMin", Quantity::kSpeed, "per_min", c.speed_min_per_s);
  x.Value(4, "speedMax", Quantity::kSpeed, "per_min", c.speed_max_per_s);
  x.Coefficients(4, "n_isoline_coeff_", c.n_isoline.data(), c.n_isoline.size());
  x.Coefficients(4, "eta_ad_isoline_coeff_", c.eta_isoline.data(), c.eta_isoline.size());
  x.Coefficients(4, "surgeline_coeff_", c.surgeline.data(), c.surgeline.size());
  x.Coefficients(4, "chokeline_coeff_", c.chokeline.data(), c.chokeline.size());
  if (c.efficiency_of_chokeline) x.Plain(4, "efficiencyOfChokeline", *c.efficiency_of_chokeline);
  if (!c.surgeline_measurements.empty()) {
    x.Line(4, "<surgelineMeasurements>");
    for (const MapPoint& p : c.surgeline_measurements) WriteMapPoint(x, 5, p);
    x.Line(4, "</surgelineMeasurements>");
  }
  if (!c.characteristic_measurements.empty()) {
    x.Line(4, "<characteristicDiagramMeasurements>");
    for (const EfficiencyLine& l : c.characteristic_measurements) {
      x.Line(5, fmt::format("<adiabaticEfficiency value=\"{}\">", Num(l.efficiency)));
      for (const MapPoint& p : l.points) WriteMapPoint(x, 6, p);
      x.Line(5, "</adiabaticEfficiency>");
    }
    x.Line(4, "</characteristicDiagramMeasurements>");
  }
  x.Line(3, "</turboCompressor>");
}

void WritePiston(XmlOut& x, const PistonCompressor& c) {
  x.Line(3, fmt::format("<pistonCompressor id=\"{}\" drive=\"{}\">", Escape(c.id), Escape(c.drive)));
  x.Value(4, "speedMin", Quantity::kSpeed, "per_min", c.speed_min_per_s);
  x.Value(4, "speedMax", Quantity::kSpeed, "per_min", c.speed_max_per_s);
  x.Value(4, "operatingVolume", Quantity::kVolume, "m_cube", c.operating_volume_m3);
  x.Value(4, "maximalTorque", Quantity::kTorque, "kNm", c.maximal_torque_N_m);
  x.Plain(4, "maximalCompressionRatio", c.maximal_compression_ratio);
  x.Plain(4, "adiabaticEfficiency", c.adiabatic_efficiency);
  x.Plain(4, "additionalReductionVolFlow", c.additional_reduction_vol_flow);
  x.Line(3, "</pistonCompressor>");
}

void WriteMaxPowerPoint(XmlOut& x, int indent, const MaxPowerPoint& p) {
  x.Line(indent, "<measurement>");
  x.Value(indent + 1, "speed", Quantity::kSpeed, "per_min", p.speed_per_s);
  x.Value(indent + 1, "maximalPower", Quantity::kPower, "kW", p.maximal_power_W);
  x.Line(indent, "</measurement>");
}

void WriteDrive(XmlOut& x, const Drive& d) {
  const char* tag = d.kind == DriveKind::kGasTurbine ? "gasTurbine" : "gasDrivenMotor";
  x.Line(3, fmt::format("<{} id=\"{}\">", tag, Escape(d.id)));
  x.Coefficients(4, "energy_rate_fun_coeff_", d.energy_rate.data(), d.energy_rate.size());
  x.Coefficients(4, "power_fun_coeff_", d.power_fun.data(), d.power_fun.size());
  if (!d.fuel_measurements.empty()) {
    x.Line(4, "<specificEnergyConsumptionMeasurements>");
    for (const FuelPoint& p : d.fuel_measurements) {
      x.Line(5, "<measurement>");
      x.Value(6, "compressorPower", Quantity::kPower, "kW", p.compressor_power_W);
      x.Value(6, "fuelConsumption", Quantity::kPower, "kW", p.fuel_consumption_W);
      x.Line(5, "</measurement>");
    }
    x.Line(4, "</specificEnergyConsumptionMeasurements>");
  }
  if (!d.max_power_measurements.empty()) {
    x.Line(4, "<maximalPowerMeasurements>");
    for (const AmbientMaxPower& level : d.max_power_measurements) {
      if (std::isnan(level.ambient_temperature_K)) {  // no temperature level (gas motors)
        for (const MaxPowerPoint& p : level.points) WriteMaxPowerPoint(x, 5, p);
        continue;
      }
      bool exact = true;
      const double t = FromSI(Quantity::kTemperature, "Celsius", level.ambient_temperature_K,
                              &exact);
      x.Line(5, exact ? fmt::format("<ambientTemperature value=\"{}\" unit=\"Celsius\">", Num(t))
                      : fmt::format("<ambientTemperature value=\"{}\" unit=\"K\">",
                                    Num(level.ambient_temperature_K)));
      for (const MaxPowerPoint& p : level.points) WriteMaxPowerPoint(x, 6, p);
      x.Line(5, "</ambientTemperature>");
    }
    x.Line(4, "</maximalPowerMeasurements>");
  }
  x.Line(3, fmt::format("</{}>", tag));
}

void WriteConfiguration(XmlOut& x, const Configuration& c) {
  x.Line(3, fmt::format("<configuration confId=\"{}\" nrOfSerialStages=\"{}\">", Escape(c.id),
                        c.stages.size()));
  for (const ConfigurationStage& st : c.stages) {
    x.Line(4, fmt::format("<stage stageNr=\"{}\" nrOfParallelUnits=\"{}\">", st.stage_nr,
                          st.units.size()));
    for (const ConfigurationUnit& u : st.units) {
      bool exact = true;  // nominalSpeed has no unit attribute in GasLib: 1/min
      const double rpm = FromSI(Quantity::kSpeed, "per_min", u.nominal_speed_per_s, &exact);
      x.Line(5, fmt::format("<compressor id=\"{}\" nominalSpeed=\"{}\"/>", Escape(u.compressor_id),
                            Num(rpm)));
    }
    x.Line(4, "</stage>");
  }
  x.Line(3, "</configuration>");
}

// The declaration, the file's own notices, else the case's (NetworkInfo::notices: io.h),
// kept intact as CC BY 3.0 asks of copyright notices, and corridor's header.
std::string Head(const std::vector<std::string>& own, const std::vector<std::string>& notices) {
  std::string out = kDeclaration;
  for (const std::string& n : own.empty() ? notices : own)
    out += "<!--" + io::AsXmlComment(n) + "-->\n";
  for (const char* line : io::kCorridorCsNotice) out += fmt::format("<!--{}-->\n", line);
  return out;
}

}  // namespace

std::string WriteGasLibCompressorStations(const CompressorStationData& cs,
                                          const std::vector<std::string>& notices) {
  XmlOut x;
  x.Line(0, "<compressorStations xmlns=\"http://gaslib.zib.de/CompressorStations\"");
  x.Line(0, "                    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
  x.Line(0, "                    xsi:schemaLocation=\"http://gaslib.zib.de/CompressorStations "
            "http://gaslib.zib.de/schema/CompressorStations.xsd\">");
  for (const StationMachines& s : cs.stations) {
    x.Line(1, fmt::format("<compressorStation id=\"{}\">", Escape(s.id)));
    x.Line(2, "<compressors>");
    for (const TurboCompressor& c : s.turbo) WriteTurbo(x, c);
    for (const PistonCompressor& c : s.piston) WritePiston(x, c);
    x.Line(2, "</compressors>");
    x.Line(2, "<drives>");
    for (const Drive& d : s.drives) WriteDrive(x, d);
    x.Line(2, "</drives>");
    x.Line(2, "<configurations>");
    for (const Configuration& c : s.configurations) WriteConfiguration(x, c);
    x.Line(2, "</configurations>");
    x.Line(1, "</compressorStation>");
  }
  x.Line(0, "</compressorStations>");
  return Head(cs.notices, notices) + x.Take();
}

std::string WriteGasLibCombinedDecisions(const CombinedDecisions& cdf,
                                         const std::vector<std::string>& notices) {
  XmlOut x;
  x.Line(0, "<combinedDecisions xmlns=\"http://gaslib.zib.de/CombinedDecisions\"");
  x.Line(0, "                   xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
  x.Line(0, "                   xsi:schemaLocation=\"http://gaslib.zib.de/CombinedDecisions "
            "http://gaslib.zib.de/schema/CombinedDecisions.xsd\">");
  for (const DecisionGroup& g : cdf.groups) {
    x.Line(1, fmt::format("<decisionGroup id=\"{}\">", Escape(g.id)));
    for (const Decision& d : g.decisions) {
      x.Line(2, fmt::format("<decision id=\"{}\">", Escape(d.id)));
      for (const DecisionElement& e : d.elements) {
        const char* tag = e.kind == DecisionElement::Kind::kValve          ? "valve"
                          : e.kind == DecisionElement::Kind::kControlValve ? "controlValve"
                                                                           : "compressorStation";
        std::string line = fmt::format("<{} id=\"{}\" value=\"{}\"", tag, Escape(e.arc_id), e.value);
        if (e.flow_direction) line += fmt::format(" flowDirection=\"{}\"", *e.flow_direction);
        if (e.mode) line += fmt::format(" mode=\"{}\"", Escape(*e.mode));
        x.Line(3, line + "/>");
      }
      x.Line(2, "</decision>");
    }
    x.Line(1, "</decisionGroup>");
  }
  x.Line(0, "</combinedDecisions>");
  return Head(cdf.notices, notices) + x.Take();
}

}  // namespace corridor
