// Compressor-station machine data (GasLib .cs) and combined decisions (GasLib .cdf).
//
// Stored in SI: speeds in 1/s, heads in J/kg, volumetric flows in m^3/s (at compressor
// inlet conditions), powers in W, temperatures in K, volumes in m^3, torques in N m.
// Polynomial coefficients are kept exactly as GasLib writes them; their variables are in
// GasLib's units (H kJ/kg, Q m^3/s, n 1/min, P kW, T degC), which the evaluation
// functions below convert at their boundary so that callers stay in SI.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace corridor {

/// One measured point of a turbo compressor map.
struct MapPoint {
  double speed_per_s = 0.0;          ///< rotational speed, 1/s
  double head_J_per_kg = 0.0;        ///< adiabatic head
  double volumetric_flow_m3_per_s = 0.0;
};

/// Measured points of one iso-efficiency line.
struct EfficiencyLine {
  double efficiency = 0.0;           ///< adiabatic efficiency (0..1)
  std::vector<MapPoint> points;
};

struct TurboCompressor {
  std::string id;     ///< the machine's id, unique within its station
  std::string drive;  ///< id of the drive (in the same station's drives) that powers it
  double speed_min_per_s = 0.0, speed_max_per_s = 0.0;
  /// H[kJ/kg] = sum_{i,j=0..2} n_isoline[3i+j] Q^i n^j, Q m^3/s, n 1/min.
  std::array<double, 9> n_isoline{};
  /// eta = sum eta_isoline[3i+j] Q^i n^j (same variables).
  std::array<double, 9> eta_isoline{};
  std::array<double, 3> surgeline{};  ///< H[kJ/kg] = s0 + s1 Q + s2 Q^2
  std::array<double, 3> chokeline{};  ///< H[kJ/kg] = c0 + c1 Q + c2 Q^2
  std::optional<double> efficiency_of_chokeline;
  std::vector<MapPoint> surgeline_measurements;
  std::vector<EfficiencyLine> characteristic_measurements;
  int line = 0;
};

struct PistonCompressor {
  std::string id;     ///< the machine's id, unique within its station
  std::string drive;  ///< id of the drive (in the same station's drives) that powers it
  double speed_min_per_s = 0.0, speed_max_per_s = 0.0;
  double operating_volume_m3 = 0.0;
  double maximal_torque_N_m = 0.0;     ///< 0 in GasLib means "no limit given"
  /// Largest outlet/inlet pressure ratio the machine reaches (dimensionless).
  double maximal_compression_ratio = 0.0;
  /// Adiabatic (isentropic) efficiency, 0..1, constant over the operating range: the
  /// shaft power is mass flow x adiabatic head / this.
  double adiabatic_efficiency = 0.0;
  /// Fraction (0..1) by which the swept volume flow, operating_volume_m3 x speed, is
  /// reduced to the flow delivered (clearance and valve losses): Q = V n (1 - this).
  double additional_reduction_vol_flow = 0.0;
  int line = 0;
};

/// Point of a drive's specific-energy-consumption curve.
struct FuelPoint {
  double compressor_power_W = 0.0;
  double fuel_consumption_W = 0.0;
};

/// Point of a drive's maximal-power curve.
struct MaxPowerPoint {
  double speed_per_s = 0.0;
  double maximal_power_W = 0.0;
};

/// Maximal-power measurements at one ambient temperature (gas turbines).
struct AmbientMaxPower {
  double ambient_temperature_K = 0.0;
  std::vector<MaxPowerPoint> points;
};

enum class DriveKind { kGasTurbine, kGasDrivenMotor };

struct Drive {
  std::string id;
  DriveKind kind = DriveKind::kGasTurbine;
  /// fuel[kW] = e0 + e1 P + e2 P^2, P compressor power in kW.
  std::array<double, 3> energy_rate{};
  /// Gas turbine: 9 coefficients, P_max[kW] = sum c[3i+j] T^i n^j (T degC ambient, n 1/min).
  /// Gas-driven motor: 3 coefficients, P_max[kW] = c0 + c1 n + c2 n^2.
  std::vector<double> power_fun;
  std::vector<FuelPoint> fuel_measurements;
  /// Gas-driven motors: one entry with ambient_temperature_K = NaN (no temperature level).
  std::vector<AmbientMaxPower> max_power_measurements;
  int line = 0;
};

struct ConfigurationUnit {
  std::string compressor_id;
  /// GasLib `nominalSpeed` (written without unit; 1/min in the file). It may lie outside
  /// the unit's [speedMin, speedMax] (GasLib-24 and 4197 have such references).
  double nominal_speed_per_s = 0.0;
  int line = 0;  ///< line in the file it was read from (0 when built in code or from JSON)
};

struct ConfigurationStage {
  /// GasLib `stageNr` as written (1-based in every GasLib file). `nrOfSerialStages` and
  /// `nrOfParallelUnits` are not stored: the reader checks that they equal the counts of
  /// stages and units, and the writer writes the counts.
  int stage_nr = 0;
  std::vector<ConfigurationUnit> units;  ///< in parallel
  int line = 0;  ///< line in the file it was read from (0 when built in code or from JSON)
};

/// One way to run the station: stages in series, units of a stage in parallel.
struct Configuration {
  std::string id;
  std::vector<ConfigurationStage> stages;
  int line = 0;
};

/// Machine data of one compressor station; linked to the network's compressorStation arc
/// by `id`.
struct StationMachines {
  std::string id;
  std::vector<TurboCompressor> turbo;
  std::vector<PistonCompressor> piston;
  std::vector<Drive> drives;
  std::vector<Configuration> configurations;
  int line = 0;
};

/// Contents of a .cs file.
struct CompressorStationData {
  std::string source_file;
  /// The comments before the file's root element, verbatim (as NetworkInfo::notices): the
  /// GasLib writer puts them back at the head of the file it writes; corridor JSON keeps
  /// them as "notices".
  std::vector<std::string> notices;
  std::vector<StationMachines> stations;
};

/// One element setting inside a decision of a .cdf file.
struct DecisionElement {
  enum class Kind { kValve, kControlValve, kCompressorStation };
  Kind kind = Kind::kValve;
  std::string arc_id;
  int value = 0;                           ///< 1 = open / running, 0 = closed / off
  std::optional<int> flow_direction;       ///< 0 = from -> to, 1 = to -> from
  std::optional<std::string> mode;         ///< "active" or "bypass" (control valves)
  int line = 0;
};

struct Decision {
  std::string id;
  std::vector<DecisionElement> elements;
  int line = 0;
};

/// Exactly one decision of a group holds.
struct DecisionGroup {
  std::string id;
  std::vector<Decision> decisions;
  int line = 0;
};

/// The state a decision sets an element to: "closed" (value 0), "open" (a valve), "bypass"
/// (a control valve with mode bypass), else "run" (a control valve active or without a
/// mode, a compressor station running). Two decisions that both hold conflict where they
/// set one element to two states, or open it for two flow directions.
const char* DecidedState(const DecisionElement& e);

/// Contents of a .cdf file.
struct CombinedDecisions {
  std::string source_file;
  std::vector<std::string> notices;  ///< as CompressorStationData::notices
  std::vector<DecisionGroup> groups;
};

// --- Evaluation in SI (inputs and outputs SI; conversions to GasLib's units inside) ---

/// Adiabatic head [J/kg] of the speed-line polynomial at flow Q [m^3/s] and speed n [1/s].
double TurboHead(const TurboCompressor& c, double q_m3_per_s, double n_per_s);
/// Adiabatic efficiency of the map polynomial at Q [m^3/s] and n [1/s].
double TurboEfficiency(const TurboCompressor& c, double q_m3_per_s, double n_per_s);
/// Surge-line head [J/kg] at Q [m^3/s].
double SurgeLineHead(const TurboCompressor& c, double q_m3_per_s);
/// Choke-line head [J/kg] at Q [m^3/s].
double ChokeLineHead(const TurboCompressor& c, double q_m3_per_s);
/// Fuel power [W] of a drive delivering shaft power P [W]
/// (fuel[kW] = e0 + e1 P + e2 P^2 with P in kW; `energy_rate` = (0.01, 0, 0) in GasLib means
/// that no fuel model is given).
double DriveFuelPower(const Drive& d, double shaft_power_W);
/// Maximal shaft power [W] of a drive at speed n [1/s] and ambient temperature [K]
/// (the temperature is ignored when `power_fun` has 3 coefficients, as for gas-driven
/// motors). NaN, no cap known, when `power_fun` has neither 3 nor 9 coefficients or they are
/// all 0 (GasLib's way of giving none).
double DriveMaxPower(const Drive& d, double n_per_s, double ambient_temperature_K);

// --- The same functions with their analytic partial derivatives (SI), for Newton solvers.
// Each returns the value of the function above; the derivative pointers may be null. ---

/// dH/dQ in (J/kg)/(m^3/s), dH/dn in (J/kg)/(1/s).
double TurboHeadWithDerivatives(const TurboCompressor& c, double q_m3_per_s, double n_per_s,
                                double* dh_dq, double* dh_dn);
/// deta/dQ in 1/(m^3/s), deta/dn in 1/(1/s).
double TurboEfficiencyWithDerivatives(const TurboCompressor& c, double q_m3_per_s,
                                      double n_per_s, double* deta_dq, double* deta_dn);
/// dH/dQ of the surge line, (J/kg)/(m^3/s).
double SurgeLineHeadWithDerivative(const TurboCompressor& c, double q_m3_per_s, double* dh_dq);
/// dH/dQ of the choke line, (J/kg)/(m^3/s).
double ChokeLineHeadWithDerivative(const TurboCompressor& c, double q_m3_per_s, double* dh_dq);
/// dFuel/dP (W per W, dimensionless).
double DriveFuelPowerWithDerivative(const Drive& d, double shaft_power_W, double* dfuel_dp);
/// dPmax/dn in W/(1/s) (NaN, like the value, when `power_fun` has neither 3 nor 9 terms or
/// they are all 0).
double DriveMaxPowerWithDerivative(const Drive& d, double n_per_s, double ambient_temperature_K,
                                   double* dp_dn);

}  // namespace corridor
