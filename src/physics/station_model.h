// Compressor-station machine model for the steady solver: operating points of the units of
// a configuration, the choice of configuration, each limit as a smooth function with its
// exact gradient in (m, p_in, p_out), and the station's side losses.
//
// The model and the sign convention of the limit functions are documented in
// include/corridor/station.h. Every gradient is exact (forward-mode automatic
// differentiation through z(p), the speed root, eta(Q, n) and P_max(n)); tests/physics
// checks them against central finite differences.
#pragma once

#include <span>
#include <vector>

#include "corridor/compressor_data.h"
#include "corridor/network.h"
#include "corridor/station.h"
#include "physics/gas_physics.h"

namespace corridor::physics {

/// Gas and ambient data the machine model needs besides the .cs data (kappa > 1 and the
/// default drive efficiency > 0 are the caller's to ensure).
struct StationGas {
  EosParams eos;                          ///< equation of state, R_s and temperature T
  double isentropic_exponent = 1.3;       ///< kappa (see IsentropicExponent)
  double ambient_temperature_K = 288.15;  ///< for gas turbines' maximal power
  double default_drive_efficiency = 0.35; ///< fuel = P / this, where a drive has no fuel model
  /// Units left of the surge line or below the minimum speed recycle, units right of the
  /// choke line throttle (station.h); only the remaining limits can then be violated.
  /// false: the machine point is the network point and every limit counts.
  bool recycle_and_throttle = true;
};

/// Operating point of every unit of `config` at station mass flow m [kg/s] and machine
/// pressures p_in, p_out [Pa]. Never NaN for m >= 0 and p_out >= p_in > 0 (a unit without
/// operating point is marked invalid and gets a violation >= 1000).
/// `shares`: the stages' shares of the ratio, w_k >= 0 with sum 1, stage k lifting by
/// r^(w_k) (station.h); empty, or not one per stage: the equal split r^(1/S).
ConfigurationPoint EvaluateConfiguration(const StationMachines& station,
                                         const Configuration& config, const StationGas& gas,
                                         double m, double p_in, double p_out,
                                         std::span<const double> shares = {});

/// What the stages' split of the ratio is chosen for: the least fuel (what the control loop
/// runs), or the most headroom (the split that leaves the machines furthest from their
/// limits; not run by the loop: docs/physics.md, "Stages in series").
enum class SplitFor { kLeastFuel, kMostHeadroom };

/// The stages' shares of the ratio at (m, p_in, p_out) that a dispatcher would set. For the
/// least fuel: of the splits inside every limit the one of least fuel power (ties: shaft
/// power), else the one of least worst violation (ConfigurationPoint's order, as
/// ChooseConfiguration compares configurations). For the most headroom: the least worst
/// violation, inside or not (ties: that order). Empty where no split is better than the
/// equal one, where the station does not lift (p_out <= p_in), and for any number of
/// stages but two: three or more keep the equal split (no GasLib instance has one).
/// Searched by a scan of 48 splits, then golden sections to about 1e-10 of the exponent
/// around each of the scan's three best local minima.
std::vector<double> BestStageShares(const StationMachines& station, const Configuration& config,
                                    const StationGas& gas, double m, double p_in, double p_out,
                                    SplitFor goal = SplitFor::kLeastFuel);

/// Where a configuration of two stages in series, at station mass flow m and machine inlet
/// p_in, reaches the highest machine outlet within every limit of its units, each outlet
/// judged at its split of most headroom (SplitFor::kMostHeadroom): the outlet a station held
/// at its machines' limits short of its set-point can give (docs/physics.md, "Stages in
/// series").
struct SplitReach {
  /// Some outlet in (p_in, p_hi] is within every limit at some split (to
  /// kStationLimitTolerance).
  bool found = false;
  bool whole = false;  ///< p_hi is, at the split of `shares`
  /// The highest outlet found, to about 1e-3 Pa: within every limit at `shares`, where an
  /// outlet just above it is not at any split (the least worst violation over the split,
  /// H(p_out), crosses 0 there; where H has a jump, at the jump).
  double p_out = 0.0;
  std::vector<double> shares;  ///< the split of most headroom at p_out (empty: the equal one)
  ConfigurationPoint point;    ///< the configuration at p_out and `shares` (figures only)
  /// The limits that bind at p_out, each with its weight in a row that holds the station
  /// there at fixed `shares`: one unit's, weight 1; or, where that split is one at which two
  /// units meet their limits (the worst changing from unit A's to unit B's across it), both,
  /// weighted (s_B, -s_A) / (s_B - s_A) by their slopes s in the first stage's share, so that
  /// the row's gradient in (m, p_in, p_out) is H's (the split that keeps the two equal moves
  /// with the state). Empty where the worst limit at p_out has no row (no operating point).
  struct Binding {
    int unit = -1;
    StationLimit limit = StationLimit::kNone;
    double weight = 1.0;
  };
  std::vector<Binding> binding;
};
/// Searched upwards from p_lo (p_in < p_lo < p_hi) by regula falsi (Illinois) on H, halving
/// where H has no slope to follow; where p_lo lies outside the limits at every split, first
/// downwards for an outlet that is not (steps growing fourfold from 1e-4 of p_lo - p_in).
/// Not found for any number of stages but two, nor where no outlet down to p_in is within
/// the limits.
SplitReach HighestOutletWithinLimits(const StationMachines& station, const Configuration& config,
                                     const StationGas& gas, double m, double p_in, double p_lo,
                                     double p_hi);

/// Index of the configuration to run: among those inside all limits the one with the least
/// fuel power (ties: least shaft power); if none is inside, the one with the smallest
/// worst_violation. -1 when the station has no configuration (or none within max_units).
/// `all`, when given, receives the points of every configuration in the station's order.
/// max_units > 0: only
/// configurations of at most that many units are candidates (an operator's rule of units
/// kept on standby); the others' points are still evaluated into `all`.
/// Each configuration is judged at its BestStageShares (ConfigurationPoint::stage_shares).
int ChooseConfiguration(const StationMachines& station, const StationGas& gas, double m,
                        double p_in, double p_out,
                        std::vector<ConfigurationPoint>* all = nullptr, int max_units = 0);

/// The number of units of a configuration, over all its stages.
int ConfigurationUnits(const Configuration& config);

/// A function of (m, p_in, p_out) with its gradient. valid = false when the function does
/// not apply (limit not defined for that unit, e.g. surge for a piston unit, torque without
/// a maximal torque, power without a P_max curve, unit index out of range) or cannot be
/// evaluated here (no speed reaches the head, eta <= 0, P_max <= 0); g and the gradient are
/// then not to be used (0 where the function does not apply at all).
struct LimitValue {
  double g = 0.0, dg_dm = 0.0, dg_dpin = 0.0, dg_dpout = 0.0;
  bool valid = true;
};

/// The limit `limit` of unit `unit` (index into ConfigurationPoint::units) as the
/// dimensionless g of station.h (g = 0 on the limit, < 0 inside) with its exact gradient,
/// at the unit's machine point (after recycle and throttle, on the branch that applies at
/// (m, p_in, p_out)).
/// StationLimit::kNoOperatingPoint gives, for turbo units, the row of the top speed line
/// g = (H_m - H(Q_m, speed_max)) / H_ref, defined also where no speed reaches the head (the
/// row a station is held on when it is asked for more head than its fastest speed gives).
/// The gradient is at fixed `shares` (as EvaluateConfiguration's).
LimitValue EvaluateLimit(const StationMachines& station, const Configuration& config,
                         const StationGas& gas, StationLimit limit, int unit, double m,
                         double p_in, double p_out, std::span<const double> shares = {});

/// Shaft power of the whole configuration [W] with its gradient (g in W). valid = false
/// when a unit has no operating point.
LimitValue ConfigurationPower(const StationMachines& station, const Configuration& config,
                              const StationGas& gas, double m, double p_in, double p_out,
                              std::span<const double> shares = {});

/// Fuel power of the whole configuration [W] with its gradient (g in W), as
/// ConfigurationPoint::fuel_power_W. valid = false when a unit has no operating point.
LimitValue ConfigurationFuelPower(const StationMachines& station, const Configuration& config,
                                  const StationGas& gas, double m, double p_in, double p_out,
                                  std::span<const double> shares = {});

/// Pressure drop of a station's (or control valve's) inlet or outlet loss at mass flow m
/// through it and the terminal pressure p (the pressure at which the density is taken):
///   drop = pressure_loss_Pa + zeta m |m| / (2 rho(p) A^2),  A = pi D^2 / 4,
/// each term only where its data are given (the drag term needs zeta and D > 0). The fixed
/// loss is a constant: the caller applies it while the flow runs forward.
struct SideLossValue {
  double drop_Pa = 0.0, d_dp = 0.0, d_dm = 0.0;
};
SideLossValue SideLossDrop(const SideLoss& loss, const EosParams& eos, double p_terminal,
                           double m);

/// GasLib's molar heat capacity c_p = A + B T + C T^2 [J/(mol K)], summed as A + T (B + T C)
/// (check's gas-heat-capacity and the steady gas' mix judge the same sum: in another order
/// an overflow was said of a c_p the mix keeps).
inline double MolarHeatCapacity(double A, double B, double C, double T) {
  return A + T * (B + T * C);
}

/// Isentropic exponent of an ideal gas with GasLib's molar heat capacity
/// c_p = A + B T + C T^2 [J/(mol K)]: kappa = c_p / (c_p - R).
double IsentropicExponent(double A, double B, double C, double T);

/// Where a source's heat capacity is judged, by check's gas-heat-capacity and by the steady
/// gas mix alike (judged at the gas temperature, the two disagreed near 5/3): 15 degC.
inline constexpr double kHeatCapacityJudgedAt_K = 288.15;
/// Whether `kappa` is one a gas can have: above 1, at most a monatomic gas's 5/3.
inline bool PossibleIsentropicExponent(double kappa) {
  return kappa > 1.0 && kappa <= 5.0 / 3.0;  // (NaN: false)
}

}  // namespace corridor::physics
