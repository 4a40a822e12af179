// Operating points of compressor-station machines (GasLib .cs data, compressor_data.h).
//
// The machine model (isothermal network, SI throughout):
//
//   Pressures. p_in is the machine inlet pressure (after the station's inlet loss), p_out the
//   machine outlet pressure (before its outlet loss); r = p_out / p_in. A configuration with
//   S stages in series splits the ratio in shares w_1 + ... + w_S = 1: stage k (1-based)
//   lifts by r_k = r^(w_k), taking in gas at p_k = p_in r^(w_1 + ... + w_(k-1)) and at the
//   network temperature T (the gas is cooled back to T between stages), and delivers it at
//   p_k r_k. The shares are those a dispatcher would set (BestStageShares): of the splits
//   inside every limit the one of least fuel, else the one of least violation; the equal
//   split r^(1/S) wherever none is better, and for three stages or more (until 2026-12-07
//   always, which made GasLib-24's CS3 at ratio 1.7 draw 29 % more power than a split
//   inside its limits needs). Within a solve they are held fixed, as the fuel is, and
//   chosen again from each control round's state; while a machine limit holds the station
//   short of its set-point, the split at which its units reach the highest outlet together
//   (HighestOutletWithinLimits, docs/physics.md); the limits' gradients are those at fixed
//   shares. Below, r_s
//   stands for a stage's ratio r_k. The N_k units of stage k run in parallel at the same
//   pressures and share the station mass flow m in proportion to their capacities,
//   m_u = m C_u / sum_k C (identical units: m / N_k). C is a unit's largest inlet flow: a
//   turbo unit's where its maximal speed line meets the choke line (the map's right corner:
//   the root at which H(Q, n_max) - H_c(Q) falls through zero),
//   a piston unit's n_max V_op (1 - additional_reduction_vol_flow). Where some unit of the
//   stage has none (no such corner, missing data) the units share equally. These flow shares
//   are fixed by the data, not chosen per operating point (the stages' ratio shares are).
//
//   Head and inlet flow of a unit of stage k (z from the network's equation of state):
//     H = z(p_k) R_s T kappa/(kappa-1) (r_s^((kappa-1)/kappa) - 1)         [J/kg]
//     Q = m_u z(p_k) R_s T / p_k                                            [m^3/s]
//
//   Turbo unit. The speed n solves H(Q, n) = H on the map's speed-line polynomial, which is
//   quadratic in n; of its two roots the one on the rising branch (dH/dn > 0) is taken (the
//   linear root when the n^2 coefficient vanishes). When no real root exists the unit has no
//   operating point (StationLimit::kNoOperatingPoint). Then eta = eta(Q, n) from the efficiency
//   polynomial, shaft power P = m_u H / eta, the drive's maximal power P_max(n, T_ambient) and
//   the fuel power F (below). P_max is taken at n clamped to [speed_min, speed_max]: past its
//   speed range a drive gives what it gives at the range's nearest end (the speed limit is
//   the one violated, and the polynomial beyond the range is an extrapolation). Inside the
//   map means: choke line H_c(Q) <= H <= surge line H_s(Q) (at equal Q the surge line lies
//   above the choke line), speed_min <= n <= speed_max and P <= P_max.
//
//   Recycle and throttle (StationGas::recycle_and_throttle, on by default). A turbo unit
//   whose network point (Q, H) lies left of the surge line or below the minimum speed line
//   recycles gas from its outlet to its inlet, and one right of the choke line throttles
//   after the machine; the network still gets (Q, H), the machine runs at (Q_m, H_m) with
//   Q_m >= Q, H_m >= H, and every number of the unit (speed, eta, power, fuel, the limits)
//   belongs to the machine point:
//     recycle   Q_m = the smallest flow >= Q inside the surge and minimum speed lines at
//               head H, i.e. max(Q, Q_s(H), Q_min(H)): Q_s(H) when H > H_s(Q), then Q_min(H)
//               when the speed at (that flow, H) is below n_min. Q_s(H) is the root of
//               H_s(Q) = H on the line's rising branch (dH_s/dQ > 0), Q_min(H) the root of
//               H(Q, n_min) = H on the speed line's falling branch (dH/dQ < 0: there the
//               speed needed at head H grows with the flow), where the unit runs at exactly
//               n_min. H_m = H.
//     throttle  when H < H_c(Q) and (Q, H_c(Q)) needs no recycle: Q_m = Q, H_m = H_c(Q).
//     corner    when neither alone reaches the map (a head below the map's lowest point,
//               where the choke line meets the minimum speed line, or the surge line when
//               that lies higher): the machine runs at that corner (Q*, H*), recycling
//               Q* - Q and throttling H* - H; (Q*, H*) depends on the map only.
//   The machine's mass flow is m_u Q_m / Q (= rho(p_k) Q_m, finite at Q = 0), so
//   P = m_u (Q_m / Q) H_m / eta(Q_m, n). Surge line, minimum speed and choke line are then
//   no longer limits of the network: the unit is inside when the remaining limits (speed
//   max, driver power) hold at the machine point. Only where recycling or throttling cannot
//   reach the map (no root, the corner lies at a smaller flow than Q, ...) do they stay
//   violated, measured at the machine point. With recycle_and_throttle = false the machine
//   point is the network point and all limits count as described above.
//
//   Piston unit. n = Q / (V_op (1 - additional_reduction_vol_flow)) [1/s]; eta is the unit's
//   adiabatic efficiency; P = m_u H / eta; torque P / (2 pi n) (evaluated in the form
//   p_k V_eff H / (2 pi eta z R_s T), which stays finite at zero flow). Limits: speed range,
//   r_s <= maximal_compression_ratio, torque <= maximal_torque when that is > 0, and
//   P <= P_max of the drive (as for a turbo unit). With recycle_and_throttle a piston unit
//   below speed_min recycles to Q_m = speed_min V_op (1 - additional_reduction_vol_flow) and
//   runs at speed_min (power from rho(p_k) Q_m as above; the torque does not change); it never
//   throttles.
//
//   Fuel. F(min(P, P_max)) with F(P) = e0 + e1 P + e2 P^2 (drive energy_rate in kW): a drive
//   burns at most the fuel of its maximal power, P_max as for the limit. Drives with GasLib's
//   placeholder (0.01, 0, 0) have no fuel model: F = P / default drive efficiency, and the
//   unit says so (fuel_model_given = false).
//
// Each limit is also written as a dimensionless function g, g = 0 on the limit, g < 0 inside,
// g > 0 violated; the "violation" numbers below are these g:
//   speed min 1 - n/n_min, speed max n/n_max - 1, surge line (H - H_s(Q))/H_ref,
//   choke line (H_c(Q) - H)/H_ref with H_ref = 10 kJ/kg, driver power P/P_max - 1,
//   compression ratio r_s/r_max - 1, torque torque/torque_max - 1. All are taken at the
//   machine point (n, Q_m, H_m); the line a recycling or throttling unit runs on has g = 0
//   there exactly (with a zero gradient), and surge, speed min and choke count as violated
//   only above 1e-9 when recycle_and_throttle is on.
#pragma once

#include <string>
#include <vector>

namespace corridor {

/// Which limit of a machine binds (or is nearest).
enum class StationLimit {
  kNone,      ///< no limit applies
  kSpeedMin,  ///< n below the unit's minimal speed
  kSpeedMax,  ///< n above the unit's maximal speed
  kSurge,     ///< head above the surge line (turbo)
  kChoke,     ///< head below the choke line (turbo)
  kPower,     ///< shaft power above the drive's maximal power
  kRatio,     ///< stage ratio above the maximal compression ratio (piston)
  kTorque,    ///< torque above the maximal torque (piston, when given)
  kNoOperatingPoint,  ///< no speed delivers the head, eta <= 0, or unit data missing
};

/// "none", "speed min", "speed max", "surge line", "choke line", "driver power",
/// "compression ratio", "torque", "no operating point".
const char* StationLimitName(StationLimit limit);

/// Head above the surge line / below the choke line is measured in units of this head.
inline constexpr double kStationReferenceHead_J_per_kg = 10.0e3;

/// One unit (compressor with its drive) of a configuration at an operating point.
struct UnitOperatingPoint {
  std::string compressor_id, drive_id;
  int stage = 0;                              ///< 1-based stage of the configuration
  bool piston = false;                        ///< piston compressor (else turbo)
  /// False when the unit has no operating point (no speed reaches the head, efficiency
  /// <= 0, or its compressor is missing from the station data). The numbers are then the
  /// nearest that could be computed (speed at the top of the speed parabola) and the
  /// violation is large (>= 1000).
  bool valid = true;
  double mass_flow_kg_per_s = 0.0;            ///< m_u (the unit's share of the network flow)
  /// Machine point (Q_m, H_m): equal to the network point unless the unit recycles or
  /// throttles. Flows at stage inlet conditions.
  double volumetric_flow_m3_per_s = 0.0;      ///< Q_m
  double head_J_per_kg = 0.0;                 ///< adiabatic head H_m delivered by the machine
  double network_volumetric_flow_m3_per_s = 0.0;  ///< Q of the network
  double network_head_J_per_kg = 0.0;         ///< head H the network asks for
  double recycle_m3_per_s = 0.0;              ///< Q_m - Q (anti-surge recycle), >= 0
  double throttle_head_J_per_kg = 0.0;        ///< H_m - H (throttled after the machine), >= 0
  double speed_per_s = 0.0;                   ///< n at the machine point
  /// Adiabatic efficiency eta at the machine point, as the map (or the piston's data)
  /// gives it. Outside (0, 1] the unit has no operating point (`valid` false), and its
  /// power and fuel are those of eta = 1, only to keep them finite.
  double efficiency = 0.0;
  double shaft_power_W = 0.0;                 ///< P = m_u (Q_m / Q) H_m / eta
  /// drive's P_max(n), n taken into [speed_min, speed_max]; NaN when unknown
  double max_power_W = 0.0;
  double fuel_power_W = 0.0;                  ///< F(min(P, P_max))
  bool fuel_model_given = true;               ///< false: F = P / default drive efficiency
  double inlet_pressure_Pa = 0.0;             ///< p_k
  double outlet_pressure_Pa = 0.0;            ///< p_k r_s
  double surge_head_J_per_kg = 0.0;           ///< H_s(Q_m); NaN for piston units
  double choke_head_J_per_kg = 0.0;           ///< H_c(Q_m); NaN for piston units
  double torque_N_m = 0.0;                    ///< P / (2 pi n)
  StationLimit worst_limit = StationLimit::kNone;  ///< the limit with the largest violation
  double worst_violation = 0.0;  ///< > kStationLimitTolerance violated, else inside (above)
};

/// A unit whose worst violation is at most this is inside its limits: a unit the solver
/// holds on a limit sits there to round-off either way (GasLib-24's CS1 at its driver
/// power read "violates driver power (3.3e-15)" at one set-point and "nearest limit" at
/// another). The violations are relative (speed, power, ratio, torque: value / limit - 1;
/// surge and choke: head difference / kStationReferenceHead_J_per_kg).
inline constexpr double kStationLimitTolerance = 1e-7;

/// One configuration of a station at an operating point (m, p_in, p_out).
struct ConfigurationPoint {
  std::string configuration_id;
  /// The stages' shares of the ratio, w_k with sum 1 (stage k lifts by r^(w_k)), where
  /// they are not the equal split 1/S; empty for the equal split and for one stage.
  std::vector<double> stage_shares;
  /// Units stage by stage, in the order of the configuration (this order is the `unit`
  /// index of the limit functions).
  std::vector<UnitOperatingPoint> units;
  double shaft_power_W = 0.0;                 ///< sum over the units
  double fuel_power_W = 0.0;                  ///< sum over the units
  bool inside = false;  ///< every unit inside every limit (to kStationLimitTolerance)
  StationLimit worst_limit = StationLimit::kNone;
  int worst_unit = -1;                        ///< index into `units`; -1 when there is none
  double worst_violation = 0.0;
  /// The worst limit in domain words with numbers, e.g. "unit T_CS2_M4 would need
  /// 6890 1/min > speed max 6500 1/min", or "inside all limits; nearest: ...", followed by
  /// the units that recycle or throttle ("; unit T_CS2_M4 recycles 0.2047 m^3/s (minimum
  /// speed)"; "... throttles 7.06 kJ/kg (choke line)").
  std::string message;
};

}  // namespace corridor
