// Physical constants and unit factors. Everything inside corridor is SI (Pa absolute,
// kg/s, m, K, J); these factors are used only by readers, writers and reports.
#pragma once

namespace corridor::units {

inline constexpr double kBar = 1.0e5;                 ///< Pa per bar
inline constexpr double kAtmosphere = 101325.0;       ///< Pa; also GasLib's gauge offset
inline constexpr double kZeroCelsius = 273.15;        ///< K
inline constexpr double kKm = 1000.0;                 ///< m per km
inline constexpr double kMm = 1.0e-3;                 ///< m per mm
inline constexpr double kGravity = 9.80665;           ///< m/s^2, standard gravity
inline constexpr double kGasConstant = 8.314462618;   ///< J/(mol K)
inline constexpr double kPi = 3.14159265358979323846;

/// Normal conditions of GasLib volumes: 0 degC and 1.01325 bar.
inline constexpr double kNormalTemperature = 273.15;  ///< K
inline constexpr double kNormalPressure = 101325.0;   ///< Pa

/// 1000 m^3/h (GasLib's flow unit) in m^3/s.
inline constexpr double kThousandM3PerHour = 1000.0 / 3600.0;
/// Million m^3 per day in m^3/s.
inline constexpr double kMcmPerDay = 1.0e6 / 86400.0;
/// Billion m^3 per year (365 days) in m^3/s.
inline constexpr double kBcmPerYear = 1.0e9 / (365.0 * 86400.0);

}  // namespace corridor::units
