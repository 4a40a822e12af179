// Helpers of the compressor-data tests: the GasLib file list and an exact, field-by-field
// comparison of .cs / .cdf data that names the first difference.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "corridor/compressor_data.h"
#include "test_util.h"

namespace corridor::test {

struct CsFile {
  const char* name;  // for messages
  const char* path;  // below GasLibDir()
};

inline const std::vector<CsFile>& CsFiles() {
  static const std::vector<CsFile> files = {
      {"GasLib-11", "GasLib-11/GasLib-11.cs"},      {"GasLib-24", "GasLib-24/GasLib-24.cs"},
      {"GasLib-40", "GasLib-40/GasLib-40.cs"},      {"GasLib-135", "GasLib-135/GasLib-135.cs"},
      {"GasLib-582-v2", "GasLib-582/GasLib-582-v2.cs"},
      {"GasLib-4197", "GasLib-4197/GasLib-4197.cs"}};
  return files;
}

inline const std::vector<CsFile>& CdfFiles() {
  static const std::vector<CsFile> files = {{"GasLib-582-v2", "GasLib-582/GasLib-582-v2.cdf"},
                                            {"GasLib-4197", "GasLib-4197/GasLib-4197.cdf"}};
  return files;
}

// Exact comparison (NaN equals NaN); `line` and `source_file` are ignored because they say
// where the data came from, not what it is. Returns "" when equal, else the first
// difference as "path: a != b".
class CsDiff {
 public:
  std::string first;

  bool Num(const std::string& path, double a, double b) {
    if (a == b || (std::isnan(a) && std::isnan(b))) return true;
    return Fail(fmt::format("{}: {} != {}", path, a, b));
  }
  bool Str(const std::string& path, const std::string& a, const std::string& b) {
    return a == b || Fail(fmt::format("{}: '{}' != '{}'", path, a, b));
  }
  bool Int(const std::string& path, long a, long b) {
    return a == b || Fail(fmt::format("{}: {} != {}", path, a, b));
  }
  template <typename T, typename F>
  bool List(const std::string& path, const T& a, const T& b, F&& each) {
    if (!Int(path + ".size()", static_cast<long>(a.size()), static_cast<long>(b.size())))
      return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!each(fmt::format("{}[{}]", path, i), a[i], b[i])) return false;
    return true;
  }
  template <typename T>
  bool Nums(const std::string& path, const T& a, const T& b) {
    return List(path, a, b, [&](const std::string& p, double x, double y) { return Num(p, x, y); });
  }
  template <typename T, typename F>
  bool Opt(const std::string& path, const std::optional<T>& a, const std::optional<T>& b, F&& eq) {
    if (a.has_value() != b.has_value())
      return Fail(fmt::format("{}: present {} != {}", path, a.has_value(), b.has_value()));
    return !a || eq(path, *a, *b);
  }

  bool Point(const std::string& p, const MapPoint& a, const MapPoint& b) {
    return Num(p + ".speed", a.speed_per_s, b.speed_per_s) &&
           Num(p + ".head", a.head_J_per_kg, b.head_J_per_kg) &&
           Num(p + ".flow", a.volumetric_flow_m3_per_s, b.volumetric_flow_m3_per_s);
  }
  bool Turbo(const std::string& p, const TurboCompressor& a, const TurboCompressor& b) {
    return Str(p + ".id", a.id, b.id) && Str(p + ".drive", a.drive, b.drive) &&
           Num(p + ".speed_min", a.speed_min_per_s, b.speed_min_per_s) &&
           Num(p + ".speed_max", a.speed_max_per_s, b.speed_max_per_s) &&
           Nums(p + ".n_isoline", a.n_isoline, b.n_isoline) &&
           Nums(p + ".eta_isoline", a.eta_isoline, b.eta_isoline) &&
           Nums(p + ".surgeline", a.surgeline, b.surgeline) &&
           Nums(p + ".chokeline", a.chokeline, b.chokeline) &&
           Opt(p + ".efficiency_of_chokeline", a.efficiency_of_chokeline,
               b.efficiency_of_chokeline,
               [&](const std::string& q, double x, double y) { return Num(q, x, y); }) &&
           List(p + ".surge_meas", a.surgeline_measurements, b.surgeline_measurements,
                [&](const std::string& q, const MapPoint& x, const MapPoint& y) {
                  return Point(q, x, y);
                }) &&
           List(p + ".char_meas", a.characteristic_measurements, b.characteristic_measurements,
                [&](const std::string& q, const EfficiencyLine& x, const EfficiencyLine& y) {
                  return Num(q + ".efficiency", x.efficiency, y.efficiency) &&
                         List(q + ".points", x.points, y.points,
                              [&](const std::string& r, const MapPoint& u, const MapPoint& v) {
                                return Point(r, u, v);
                              });
                });
  }
  bool Piston(const std::string& p, const PistonCompressor& a, const PistonCompressor& b) {
    return Str(p + ".id", a.id, b.id) && Str(p + ".drive", a.drive, b.drive) &&
           Num(p + ".speed_min", a.speed_min_per_s, b.speed_min_per_s) &&
           Num(p + ".speed_max", a.speed_max_per_s, b.speed_max_per_s) &&
           Num(p + ".operating_volume", a.operating_volume_m3, b.operating_volume_m3) &&
           Num(p + ".maximal_torque", a.maximal_torque_N_m, b.maximal_torque_N_m) &&
           Num(p + ".maximal_compression_ratio", a.maximal_compression_ratio,
               b.maximal_compression_ratio) &&
           Num(p + ".adiabatic_efficiency", a.adiabatic_efficiency, b.adiabatic_efficiency) &&
           Num(p + ".additional_reduction_vol_flow", a.additional_reduction_vol_flow,
               b.additional_reduction_vol_flow);
  }
  bool DriveEq(const std::string& p, const Drive& a, const Drive& b) {
    return Str(p + ".id", a.id, b.id) &&
           Int(p + ".kind", static_cast<int>(a.kind), static_cast<int>(b.kind)) &&
           Nums(p + ".energy_rate", a.energy_rate, b.energy_rate) &&
           Nums(p + ".power_fun", a.power_fun, b.power_fun) &&
           List(p + ".fuel", a.fuel_measurements, b.fuel_measurements,
                [&](const std::string& q, const FuelPoint& x, const FuelPoint& y) {
                  return Num(q + ".power", x.compressor_power_W, y.compressor_power_W) &&
                         Num(q + ".fuel", x.fuel_consumption_W, y.fuel_consumption_W);
                }) &&
           List(p + ".max_power", a.max_power_measurements, b.max_power_measurements,
                [&](const std::string& q, const AmbientMaxPower& x, const AmbientMaxPower& y) {
                  return Num(q + ".T", x.ambient_temperature_K, y.ambient_temperature_K) &&
                         List(q + ".points", x.points, y.points,
                              [&](const std::string& r, const MaxPowerPoint& u,
                                  const MaxPowerPoint& v) {
                                return Num(r + ".speed", u.speed_per_s, v.speed_per_s) &&
                                       Num(r + ".power", u.maximal_power_W, v.maximal_power_W);
                              });
                });
  }
  bool Config(const std::string& p, const Configuration& a, const Configuration& b) {
    return Str(p + ".id", a.id, b.id) &&
           List(p + ".stages", a.stages, b.stages,
                [&](const std::string& q, const ConfigurationStage& x,
                    const ConfigurationStage& y) {
                  return Int(q + ".stage_nr", x.stage_nr, y.stage_nr) &&
                         List(q + ".units", x.units, y.units,
                              [&](const std::string& r, const ConfigurationUnit& u,
                                  const ConfigurationUnit& v) {
                                return Str(r + ".compressor_id", u.compressor_id,
                                           v.compressor_id) &&
                                       Num(r + ".nominal_speed", u.nominal_speed_per_s,
                                           v.nominal_speed_per_s);
                              });
                });
  }
  bool Stations(const CompressorStationData& a, const CompressorStationData& b) {
    return List("stations", a.stations, b.stations,
                [&](const std::string& p, const StationMachines& x, const StationMachines& y) {
                  return Str(p + ".id", x.id, y.id) &&
                         List(p + ".turbo", x.turbo, y.turbo,
                              [&](const std::string& q, const auto& u, const auto& v) {
                                return Turbo(q, u, v);
                              }) &&
                         List(p + ".piston", x.piston, y.piston,
                              [&](const std::string& q, const auto& u, const auto& v) {
                                return Piston(q, u, v);
                              }) &&
                         List(p + ".drives", x.drives, y.drives,
                              [&](const std::string& q, const auto& u, const auto& v) {
                                return DriveEq(q, u, v);
                              }) &&
                         List(p + ".configurations", x.configurations, y.configurations,
                              [&](const std::string& q, const auto& u, const auto& v) {
                                return Config(q, u, v);
                              });
                });
  }
  bool Decisions(const CombinedDecisions& a, const CombinedDecisions& b) {
    return List("groups", a.groups, b.groups,
                [&](const std::string& p, const DecisionGroup& x, const DecisionGroup& y) {
                  return Str(p + ".id", x.id, y.id) &&
                         List(p + ".decisions", x.decisions, y.decisions,
                              [&](const std::string& q, const Decision& u, const Decision& v) {
                                return Str(q + ".id", u.id, v.id) &&
                                       List(q + ".elements", u.elements, v.elements,
                                            [&](const std::string& r, const DecisionElement& e,
                                                const DecisionElement& f) {
                                              return Elem(r, e, f);
                                            });
                              });
                });
  }
  bool Elem(const std::string& r, const DecisionElement& e, const DecisionElement& f) {
    auto int_eq = [&](const std::string& q, int x, int y) { return Int(q, x, y); };
    auto str_eq = [&](const std::string& q, const std::string& x, const std::string& y) {
      return Str(q, x, y);
    };
    return Int(r + ".kind", static_cast<int>(e.kind), static_cast<int>(f.kind)) &&
           Str(r + ".arc_id", e.arc_id, f.arc_id) && Int(r + ".value", e.value, f.value) &&
           Opt(r + ".flow_direction", e.flow_direction, f.flow_direction, int_eq) &&
           Opt(r + ".mode", e.mode, f.mode, str_eq);
  }

 private:
  bool Fail(std::string s) {
    if (first.empty()) first = std::move(s);
    return false;
  }
};

inline std::string DiffStations(const CompressorStationData& a, const CompressorStationData& b) {
  CsDiff d;
  d.Stations(a, b);
  return d.first;
}
inline std::string DiffDecisions(const CombinedDecisions& a, const CombinedDecisions& b) {
  CsDiff d;
  d.Decisions(a, b);
  return d.first;
}

}  // namespace corridor::test
