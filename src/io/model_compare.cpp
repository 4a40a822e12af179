#include "io/model_compare.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace corridor::io {

namespace {

// Walks both cases in parallel and records every difference with its path.
class Comparator {
 public:
  Comparator(std::size_t max_differences, double rel_tol)
      : max_(max_differences), rel_tol_(rel_tol) {}

  void Double(const std::string& path, double a, double b) {
    if (std::isnan(a) && std::isnan(b)) return;
    if (a == b) return;
    double scale = std::max(std::fabs(a), std::fabs(b));
    double diff = std::fabs(a - b);
    if (std::isfinite(diff) && scale > 0) max_rel_ = std::max(max_rel_, diff / scale);
    if (std::isfinite(diff) && diff <= rel_tol_ * scale) return;
    Add(fmt::format("{}: {} != {}", path, a, b));
  }
  void Double(const std::string& path, const std::optional<double>& a,
              const std::optional<double>& b) {
    if (a.has_value() != b.has_value()) {
      Add(fmt::format("{}: {} != {}", path, a ? fmt::format("{}", *a) : "absent",
                      b ? fmt::format("{}", *b) : "absent"));
      return;
    }
    if (a) Double(path, *a, *b);
  }
  void Int(const std::string& path, long long a, long long b) {
    if (a != b) Add(fmt::format("{}: {} != {}", path, a, b));
  }
  void Int(const std::string& path, const std::optional<int>& a, const std::optional<int>& b) {
    if (a != b)
      Add(fmt::format("{}: {} != {}", path, a ? fmt::format("{}", *a) : "absent",
                      b ? fmt::format("{}", *b) : "absent"));
  }
  void Str(const std::string& path, const std::string& a, const std::string& b) {
    if (a != b) Add(fmt::format("{}: '{}' != '{}'", path, a, b));
  }
  void OptStr(const std::string& path, const std::optional<std::string>& a,
              const std::optional<std::string>& b) {
    if (a != b)
      Add(fmt::format("{}: {} != {}", path, a ? "'" + *a + "'" : "absent",
                      b ? "'" + *b + "'" : "absent"));
  }
  /// Compares sizes; returns the common size to walk.
  std::size_t Count(const std::string& path, std::size_t a, std::size_t b) {
    if (a != b) Add(fmt::format("{}: {} entries != {} entries", path, a, b));
    return std::min(a, b);
  }
  template <std::size_t N>
  void Array(const std::string& path, const std::array<double, N>& a,
             const std::array<double, N>& b) {
    for (std::size_t i = 0; i < N; ++i) Double(fmt::format("{}[{}]", path, i), a[i], b[i]);
  }
  void Vector(const std::string& path, const std::vector<double>& a,
              const std::vector<double>& b) {
    std::size_t n = Count(path, a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) Double(fmt::format("{}[{}]", path, i), a[i], b[i]);
  }

  std::vector<std::string> Take() {
    if (count_ > out_.size())
      out_.push_back(fmt::format("... and {} more differences", count_ - out_.size()));
    return std::move(out_);
  }
  double max_rel() const { return max_rel_; }

 private:
  void Add(std::string s) {
    ++count_;
    if (out_.size() < max_) out_.push_back(std::move(s));
  }
  std::size_t max_;
  double rel_tol_;
  std::vector<std::string> out_;
  std::size_t count_ = 0;
  double max_rel_ = 0.0;
};

std::string Label(const std::string& base, std::size_t i, const std::string& id) {
  return fmt::format("{}[{}] '{}'", base, i, id);
}

void CompareGas(Comparator& c, const std::string& p, const SourceGas& a, const SourceGas& b) {
  c.Double(p + ".temperature_K", a.temperature_K, b.temperature_K);
  c.Double(p + ".calorific_value_J_per_m3", a.calorific_value_J_per_m3,
           b.calorific_value_J_per_m3);
  c.Double(p + ".norm_density_kg_per_m3", a.norm_density_kg_per_m3, b.norm_density_kg_per_m3);
  c.Double(p + ".molar_mass_kg_per_mol", a.molar_mass_kg_per_mol, b.molar_mass_kg_per_mol);
  c.Double(p + ".pseudocritical_pressure_Pa", a.pseudocritical_pressure_Pa,
           b.pseudocritical_pressure_Pa);
  c.Double(p + ".pseudocritical_temperature_K", a.pseudocritical_temperature_K,
           b.pseudocritical_temperature_K);
  c.Double(p + ".heat_capacity_A", a.heat_capacity_A, b.heat_capacity_A);
  c.Double(p + ".heat_capacity_B", a.heat_capacity_B, b.heat_capacity_B);
  c.Double(p + ".heat_capacity_C", a.heat_capacity_C, b.heat_capacity_C);
}

void CompareNode(Comparator& c, const std::string& p, const Node& a, const Node& b) {
  c.Str(p + ".id", a.id, b.id);
  c.Str(p + ".kind", NodeKindName(a.kind), NodeKindName(b.kind));
  c.Int(p + ".has_alias", a.has_alias, b.has_alias);
  c.Str(p + ".alias", a.alias, b.alias);
  c.Double(p + ".x", a.x, b.x);
  c.Double(p + ".y", a.y, b.y);
  c.Double(p + ".lat_deg", a.lat_deg, b.lat_deg);
  c.Double(p + ".lon_deg", a.lon_deg, b.lon_deg);
  c.Double(p + ".height_m", a.height_m, b.height_m);
  c.Double(p + ".pressure_min_Pa", a.pressure_min_Pa, b.pressure_min_Pa);
  c.Double(p + ".pressure_max_Pa", a.pressure_max_Pa, b.pressure_max_Pa);
  c.Double(p + ".flow_min_m3_per_s", a.flow_min_m3_per_s, b.flow_min_m3_per_s);
  c.Double(p + ".flow_max_m3_per_s", a.flow_max_m3_per_s, b.flow_max_m3_per_s);
  if (a.gas.has_value() != b.gas.has_value()) {
    c.Str(p + ".gas", a.gas ? "present" : "absent", b.gas ? "present" : "absent");
  } else if (a.gas) {
    CompareGas(c, p + ".gas", *a.gas, *b.gas);
  }
}

void CompareLoss(Comparator& c, const std::string& p, const SideLoss& a, const SideLoss& b) {
  c.Double(p + ".pressure_loss_Pa", a.pressure_loss_Pa, b.pressure_loss_Pa);
  c.Double(p + ".drag_factor", a.drag_factor, b.drag_factor);
  c.Double(p + ".diameter_m", a.diameter_m, b.diameter_m);
}

void CompareArc(Comparator& c, const std::string& p, const Arc& a, const Arc& b) {
  c.Str(p + ".id", a.id, b.id);
  c.Str(p + ".kind", ArcKindName(a.kind), ArcKindName(b.kind));
  c.Str(p + ".from", a.from, b.from);
  c.Str(p + ".to", a.to, b.to);
  c.Int(p + ".has_alias", a.has_alias, b.has_alias);
  c.Str(p + ".alias", a.alias, b.alias);
  c.Double(p + ".flow_min_m3_per_s", a.flow_min_m3_per_s, b.flow_min_m3_per_s);
  c.Double(p + ".flow_max_m3_per_s", a.flow_max_m3_per_s, b.flow_max_m3_per_s);
  // Every block, whatever the kind: a model must not hide data in an unused block.
  c.Double(p + ".pipe.length_m", a.pipe.length_m, b.pipe.length_m);
  c.Double(p + ".pipe.diameter_m", a.pipe.diameter_m, b.pipe.diameter_m);
  c.Double(p + ".pipe.roughness_m", a.pipe.roughness_m, b.pipe.roughness_m);
  c.Double(p + ".pipe.heat_transfer_W_per_m2_K", a.pipe.heat_transfer_W_per_m2_K,
           b.pipe.heat_transfer_W_per_m2_K);
  c.Double(p + ".pipe.pressure_max_Pa", a.pipe.pressure_max_Pa, b.pipe.pressure_max_Pa);
  c.Double(p + ".resistor.drag_factor", a.resistor.drag_factor, b.resistor.drag_factor);
  c.Double(p + ".resistor.diameter_m", a.resistor.diameter_m, b.resistor.diameter_m);
  c.Double(p + ".resistor.pressure_loss_Pa", a.resistor.pressure_loss_Pa,
           b.resistor.pressure_loss_Pa);
  c.Double(p + ".valve.pressure_differential_max_Pa", a.valve.pressure_differential_max_Pa,
           b.valve.pressure_differential_max_Pa);
  const ControlValveData &cva = a.control_valve, &cvb = b.control_valve;
  c.Double(p + ".control_valve.pressure_differential_min_Pa",
           cva.pressure_differential_min_Pa, cvb.pressure_differential_min_Pa);
  c.Double(p + ".control_valve.pressure_differential_max_Pa",
           cva.pressure_differential_max_Pa, cvb.pressure_differential_max_Pa);
  c.Double(p + ".control_valve.pressure_in_min_Pa", cva.pressure_in_min_Pa,
           cvb.pressure_in_min_Pa);
  c.Double(p + ".control_valve.pressure_out_max_Pa", cva.pressure_out_max_Pa,
           cvb.pressure_out_max_Pa);
  c.Int(p + ".control_valve.internal_bypass_required", cva.internal_bypass_required,
        cvb.internal_bypass_required);
  c.Int(p + ".control_valve.gas_preheater_existing", cva.gas_preheater_existing,
        cvb.gas_preheater_existing);
  CompareLoss(c, p + ".control_valve.loss_in", cva.loss_in, cvb.loss_in);
  CompareLoss(c, p + ".control_valve.loss_out", cva.loss_out, cvb.loss_out);
  const CompressorStationArcData &csa = a.compressor, &csb = b.compressor;
  c.Str(p + ".compressor.fuel_gas_vertex", csa.fuel_gas_vertex, csb.fuel_gas_vertex);
  c.Int(p + ".compressor.internal_bypass_required", csa.internal_bypass_required,
        csb.internal_bypass_required);
  c.Int(p + ".compressor.gas_cooler_existing", csa.gas_cooler_existing,
        csb.gas_cooler_existing);
  c.Double(p + ".compressor.pressure_in_min_Pa", csa.pressure_in_min_Pa,
           csb.pressure_in_min_Pa);
  c.Double(p + ".compressor.pressure_out_max_Pa", csa.pressure_out_max_Pa,
           csb.pressure_out_max_Pa);
  CompareLoss(c, p + ".compressor.loss_in", csa.loss_in, csb.loss_in);
  CompareLoss(c, p + ".compressor.loss_out", csa.loss_out, csb.loss_out);
}

// A file's notices (NetworkInfo::notices, Nomination::notices and the like).
void CompareNotices(Comparator& c, const std::string& p, const std::vector<std::string>& a,
                    const std::vector<std::string>& b) {
  const std::size_t k = c.Count(p, a.size(), b.size());
  for (std::size_t i = 0; i < k; ++i) c.Str(fmt::format("{}[{}]", p, i), a[i], b[i]);
}

void CompareNetwork(Comparator& c, const Network& a, const Network& b) {
  c.Str("network.info.title", a.info.title, b.info.title);
  c.Str("network.info.type", a.info.type, b.info.type);
  c.Str("network.info.date", a.info.date, b.info.date);
  c.Str("network.info.documentation", a.info.documentation, b.info.documentation);
  CompareNotices(c, "network.info.notices", a.info.notices, b.info.notices);
  std::size_t n = c.Count("network.nodes", a.nodes.size(), b.nodes.size());
  for (std::size_t i = 0; i < n; ++i)
    CompareNode(c, Label("network.nodes", i, a.nodes[i].id), a.nodes[i], b.nodes[i]);
  n = c.Count("network.arcs", a.arcs.size(), b.arcs.size());
  for (std::size_t i = 0; i < n; ++i)
    CompareArc(c, Label("network.arcs", i, a.arcs[i].id), a.arcs[i], b.arcs[i]);
}

void CompareNomination(Comparator& c, const Nomination& a, const Nomination& b) {
  c.Str("nomination.id", a.id, b.id);
  CompareNotices(c, "nomination.notices", a.notices, b.notices);
  c.Double("nomination.probability", a.probability, b.probability);
  c.Double("nomination.scenario_temperature_K", a.scenario_temperature_K,
           b.scenario_temperature_K);
  c.OptStr("nomination.contract_date", a.contract_date, b.contract_date);
  c.Double("nomination.soil_temperature_K", a.soil_temperature_K, b.soil_temperature_K);
  c.Double("nomination.ambient_temperature_K", a.ambient_temperature_K,
           b.ambient_temperature_K);
  std::size_t n = c.Count("nomination.nodes", a.nodes.size(), b.nodes.size());
  for (std::size_t i = 0; i < n; ++i) {
    const NodeNomination &x = a.nodes[i], &y = b.nodes[i];
    std::string p = Label("nomination.nodes", i, x.node_id);
    c.Str(p + ".node_id", x.node_id, y.node_id);
    c.Int(p + ".is_entry", x.is_entry, y.is_entry);
    c.Double(p + ".flow_lower_m3_per_s", x.flow_lower_m3_per_s, y.flow_lower_m3_per_s);
    c.Double(p + ".flow_upper_m3_per_s", x.flow_upper_m3_per_s, y.flow_upper_m3_per_s);
    c.Double(p + ".pressure_lower_Pa", x.pressure_lower_Pa, y.pressure_lower_Pa);
    c.Double(p + ".pressure_upper_Pa", x.pressure_upper_Pa, y.pressure_upper_Pa);
    c.Double(p + ".contract_pressure_max_Pa", x.contract_pressure_max_Pa,
             y.contract_pressure_max_Pa);
  }
  n = c.Count("nomination.arcs", a.arcs.size(), b.arcs.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::string p = Label("nomination.arcs", i, a.arcs[i].arc_id);
    c.Str(p + ".arc_id", a.arcs[i].arc_id, b.arcs[i].arc_id);
    c.Double(p + ".soil_temperature_K", a.arcs[i].soil_temperature_K,
             b.arcs[i].soil_temperature_K);
  }
}

void ComparePoint(Comparator& c, const std::string& p, const MapPoint& a, const MapPoint& b) {
  c.Double(p + ".speed_per_s", a.speed_per_s, b.speed_per_s);
  c.Double(p + ".head_J_per_kg", a.head_J_per_kg, b.head_J_per_kg);
  c.Double(p + ".volumetric_flow_m3_per_s", a.volumetric_flow_m3_per_s,
           b.volumetric_flow_m3_per_s);
}

void CompareStation(Comparator& c, const std::string& p, const StationMachines& a,
                    const StationMachines& b) {
  c.Str(p + ".id", a.id, b.id);
  std::size_t n = c.Count(p + ".turbo", a.turbo.size(), b.turbo.size());
  for (std::size_t i = 0; i < n; ++i) {
    const TurboCompressor &x = a.turbo[i], &y = b.turbo[i];
    std::string q = Label(p + ".turbo", i, x.id);
    c.Str(q + ".id", x.id, y.id);
    c.Str(q + ".drive", x.drive, y.drive);
    c.Double(q + ".speed_min_per_s", x.speed_min_per_s, y.speed_min_per_s);
    c.Double(q + ".speed_max_per_s", x.speed_max_per_s, y.speed_max_per_s);
    c.Array(q + ".n_isoline", x.n_isoline, y.n_isoline);
    c.Array(q + ".eta_isoline", x.eta_isoline, y.eta_isoline);
    c.Array(q + ".surgeline", x.surgeline, y.surgeline);
    c.Array(q + ".chokeline", x.chokeline, y.chokeline);
    c.Double(q + ".efficiency_of_chokeline", x.efficiency_of_chokeline,
             y.efficiency_of_chokeline);
    std::size_t m = c.Count(q + ".surgeline_measurements", x.surgeline_measurements.size(),
                            y.surgeline_measurements.size());
    for (std::size_t k = 0; k < m; ++k)
      ComparePoint(c, fmt::format("{}.surgeline_measurements[{}]", q, k),
                   x.surgeline_measurements[k], y.surgeline_measurements[k]);
    m = c.Count(q + ".characteristic_measurements", x.characteristic_measurements.size(),
                y.characteristic_measurements.size());
    for (std::size_t k = 0; k < m; ++k) {
      const EfficiencyLine &ex = x.characteristic_measurements[k],
                           &ey = y.characteristic_measurements[k];
      std::string r = fmt::format("{}.characteristic_measurements[{}]", q, k);
      c.Double(r + ".efficiency", ex.efficiency, ey.efficiency);
      std::size_t l = c.Count(r + ".points", ex.points.size(), ey.points.size());
      for (std::size_t t = 0; t < l; ++t)
        ComparePoint(c, fmt::format("{}.points[{}]", r, t), ex.points[t], ey.points[t]);
    }
  }
  n = c.Count(p + ".piston", a.piston.size(), b.piston.size());
  for (std::size_t i = 0; i < n; ++i) {
    const PistonCompressor &x = a.piston[i], &y = b.piston[i];
    std::string q = Label(p + ".piston", i, x.id);
    c.Str(q + ".id", x.id, y.id);
    c.Str(q + ".drive", x.drive, y.drive);
    c.Double(q + ".speed_min_per_s", x.speed_min_per_s, y.speed_min_per_s);
    c.Double(q + ".speed_max_per_s", x.speed_max_per_s, y.speed_max_per_s);
    c.Double(q + ".operating_volume_m3", x.operating_volume_m3, y.operating_volume_m3);
    c.Double(q + ".maximal_torque_N_m", x.maximal_torque_N_m, y.maximal_torque_N_m);
    c.Double(q + ".maximal_compression_ratio", x.maximal_compression_ratio,
             y.maximal_compression_ratio);
    c.Double(q + ".adiabatic_efficiency", x.adiabatic_efficiency, y.adiabatic_efficiency);
    c.Double(q + ".additional_reduction_vol_flow", x.additional_reduction_vol_flow,
             y.additional_reduction_vol_flow);
  }
  n = c.Count(p + ".drives", a.drives.size(), b.drives.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Drive &x = a.drives[i], &y = b.drives[i];
    std::string q = Label(p + ".drives", i, x.id);
    c.Str(q + ".id", x.id, y.id);
    c.Int(q + ".kind", static_cast<int>(x.kind), static_cast<int>(y.kind));
    c.Array(q + ".energy_rate", x.energy_rate, y.energy_rate);
    c.Vector(q + ".power_fun", x.power_fun, y.power_fun);
    std::size_t m = c.Count(q + ".fuel_measurements", x.fuel_measurements.size(),
                            y.fuel_measurements.size());
    for (std::size_t k = 0; k < m; ++k) {
      std::string r = fmt::format("{}.fuel_measurements[{}]", q, k);
      c.Double(r + ".compressor_power_W", x.fuel_measurements[k].compressor_power_W,
               y.fuel_measurements[k].compressor_power_W);
      c.Double(r + ".fuel_consumption_W", x.fuel_measurements[k].fuel_consumption_W,
               y.fuel_measurements[k].fuel_consumption_W);
    }
    m = c.Count(q + ".max_power_measurements", x.max_power_measurements.size(),
                y.max_power_measurements.size());
    for (std::size_t k = 0; k < m; ++k) {
      const AmbientMaxPower &ax = x.max_power_measurements[k], &ay = y.max_power_measurements[k];
      std::string r = fmt::format("{}.max_power_measurements[{}]", q, k);
      c.Double(r + ".ambient_temperature_K", ax.ambient_temperature_K, ay.ambient_temperature_K);
      std::size_t l = c.Count(r + ".points", ax.points.size(), ay.points.size());
      for (std::size_t t = 0; t < l; ++t) {
        std::string s = fmt::format("{}.points[{}]", r, t);
        c.Double(s + ".speed_per_s", ax.points[t].speed_per_s, ay.points[t].speed_per_s);
        c.Double(s + ".maximal_power_W", ax.points[t].maximal_power_W,
                 ay.points[t].maximal_power_W);
      }
    }
  }
  n = c.Count(p + ".configurations", a.configurations.size(), b.configurations.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Configuration &x = a.configurations[i], &y = b.configurations[i];
    std::string q = Label(p + ".configurations", i, x.id);
    c.Str(q + ".id", x.id, y.id);
    std::size_t m = c.Count(q + ".stages", x.stages.size(), y.stages.size());
    for (std::size_t k = 0; k < m; ++k) {
      std::string r = fmt::format("{}.stages[{}]", q, k);
      c.Int(r + ".stage_nr", x.stages[k].stage_nr, y.stages[k].stage_nr);
      std::size_t l = c.Count(r + ".units", x.stages[k].units.size(), y.stages[k].units.size());
      for (std::size_t t = 0; t < l; ++t) {
        std::string s = fmt::format("{}.units[{}]", r, t);
        c.Str(s + ".compressor_id", x.stages[k].units[t].compressor_id,
              y.stages[k].units[t].compressor_id);
        c.Double(s + ".nominal_speed_per_s", x.stages[k].units[t].nominal_speed_per_s,
                 y.stages[k].units[t].nominal_speed_per_s);
      }
    }
  }
}

void CompareDecisions(Comparator& c, const CombinedDecisions& a, const CombinedDecisions& b) {
  CompareNotices(c, "decisions.notices", a.notices, b.notices);
  std::size_t n = c.Count("decisions.groups", a.groups.size(), b.groups.size());
  for (std::size_t i = 0; i < n; ++i) {
    const DecisionGroup &x = a.groups[i], &y = b.groups[i];
    std::string p = Label("decisions.groups", i, x.id);
    c.Str(p + ".id", x.id, y.id);
    std::size_t m = c.Count(p + ".decisions", x.decisions.size(), y.decisions.size());
    for (std::size_t k = 0; k < m; ++k) {
      const Decision &dx = x.decisions[k], &dy = y.decisions[k];
      std::string q = Label(p + ".decisions", k, dx.id);
      c.Str(q + ".id", dx.id, dy.id);
      std::size_t l = c.Count(q + ".elements", dx.elements.size(), dy.elements.size());
      for (std::size_t t = 0; t < l; ++t) {
        const DecisionElement &ex = dx.elements[t], &ey = dy.elements[t];
        std::string r = Label(q + ".elements", t, ex.arc_id);
        c.Int(r + ".kind", static_cast<int>(ex.kind), static_cast<int>(ey.kind));
        c.Str(r + ".arc_id", ex.arc_id, ey.arc_id);
        c.Int(r + ".value", ex.value, ey.value);
        c.Int(r + ".flow_direction", ex.flow_direction, ey.flow_direction);
        c.OptStr(r + ".mode", ex.mode, ey.mode);
      }
    }
  }
}

void CompareAll(Comparator& c, const GasCase& a, const GasCase& b) {
  CompareNetwork(c, a.network, b.network);
  if (a.nomination.has_value() != b.nomination.has_value())
    c.Str("nomination", a.nomination ? "present" : "absent", b.nomination ? "present" : "absent");
  else if (a.nomination)
    CompareNomination(c, *a.nomination, *b.nomination);
  if (a.stations.has_value() != b.stations.has_value()) {
    c.Str("stations", a.stations ? "present" : "absent", b.stations ? "present" : "absent");
  } else if (a.stations) {
    CompareNotices(c, "stations.notices", a.stations->notices, b.stations->notices);
    std::size_t n = c.Count("stations.stations", a.stations->stations.size(),
                            b.stations->stations.size());
    for (std::size_t i = 0; i < n; ++i)
      CompareStation(c, Label("stations.stations", i, a.stations->stations[i].id),
                     a.stations->stations[i], b.stations->stations[i]);
  }
  if (a.decisions.has_value() != b.decisions.has_value())
    c.Str("decisions", a.decisions ? "present" : "absent", b.decisions ? "present" : "absent");
  else if (a.decisions)
    CompareDecisions(c, *a.decisions, *b.decisions);
}

}  // namespace

std::vector<std::string> CompareCases(const GasCase& a, const GasCase& b,
                                      std::size_t max_differences) {
  return CompareCases(a, b, max_differences, 0.0);
}

std::vector<std::string> CompareCases(const GasCase& a, const GasCase& b,
                                      std::size_t max_differences, double relative_tolerance) {
  Comparator c(max_differences, relative_tolerance);
  CompareAll(c, a, b);
  return c.Take();
}

double MaxRelativeDifference(const GasCase& a, const GasCase& b) {
  Comparator c(0, 0.0);
  CompareAll(c, a, b);
  return c.max_rel();
}

}  // namespace corridor::io
