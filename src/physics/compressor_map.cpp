// Evaluation of GasLib compressor and drive polynomials in SI.
//
// GasLib's coefficients are fitted in GasLib's units (SCHEMA.md §6): head in kJ/kg,
// volumetric flow in m^3/s, speed in 1/min, power in kW, ambient temperature in degC.
// Each function converts its SI arguments to those units, evaluates the polynomial exactly
// as GasLib defines it, and converts the result back to SI. Nothing else is done here:
// whether a point lies inside the map (speed range, surge/choke lines) is the caller's
// business.
#include <algorithm>
#include <cmath>
#include <limits>

#include "corridor/compressor_data.h"
#include "corridor/units.h"

namespace corridor {

namespace {

constexpr double kPerMinPerPerS = 60.0;  // n[1/min] = 60 n[1/s]
constexpr double kKilo = 1.0e3;

// f(x, y) = sum_{i,j=0..2} c[3i+j] x^i y^j, evaluated as a Horner scheme in x of Horner
// schemes in y, with df/dx and df/dy when asked for.
double Biquadratic(const double* c, double x, double y, double* df_dx, double* df_dy) {
  double r[3], dr[3];  // r_i(y) and r_i'(y)
  for (int i = 0; i < 3; ++i) {
    r[i] = c[3 * i] + y * (c[3 * i + 1] + y * c[3 * i + 2]);
    dr[i] = c[3 * i + 1] + 2.0 * y * c[3 * i + 2];
  }
  if (df_dx) *df_dx = r[1] + 2.0 * x * r[2];
  if (df_dy) *df_dy = dr[0] + x * (dr[1] + x * dr[2]);
  return r[0] + x * (r[1] + x * r[2]);
}

double Quadratic(const double* c, double x, double* df_dx) {
  if (df_dx) *df_dx = c[1] + 2.0 * x * c[2];
  return c[0] + x * (c[1] + x * c[2]);
}

}  // namespace

double TurboHeadWithDerivatives(const TurboCompressor& c, double q_m3_per_s, double n_per_s,
                                double* dh_dq, double* dh_dn) {
  double fx = 0.0, fy = 0.0;
  const double h = kKilo * Biquadratic(c.n_isoline.data(), q_m3_per_s,
                                       n_per_s * kPerMinPerPerS, &fx, &fy);
  if (dh_dq) *dh_dq = kKilo * fx;
  if (dh_dn) *dh_dn = kKilo * kPerMinPerPerS * fy;
  return h;
}

double TurboEfficiencyWithDerivatives(const TurboCompressor& c, double q_m3_per_s,
                                      double n_per_s, double* deta_dq, double* deta_dn) {
  double fx = 0.0, fy = 0.0;
  const double eta =
      Biquadratic(c.eta_isoline.data(), q_m3_per_s, n_per_s * kPerMinPerPerS, &fx, &fy);
  if (deta_dq) *deta_dq = fx;
  if (deta_dn) *deta_dn = kPerMinPerPerS * fy;
  return eta;
}

double SurgeLineHeadWithDerivative(const TurboCompressor& c, double q_m3_per_s, double* dh_dq) {
  double d = 0.0;
  const double h = kKilo * Quadratic(c.surgeline.data(), q_m3_per_s, &d);
  if (dh_dq) *dh_dq = kKilo * d;
  return h;
}

double ChokeLineHeadWithDerivative(const TurboCompressor& c, double q_m3_per_s, double* dh_dq) {
  double d = 0.0;
  const double h = kKilo * Quadratic(c.chokeline.data(), q_m3_per_s, &d);
  if (dh_dq) *dh_dq = kKilo * d;
  return h;
}

double DriveFuelPowerWithDerivative(const Drive& d, double shaft_power_W, double* dfuel_dp) {
  double g = 0.0;  // d fuel[kW] / d P[kW] = d fuel[W] / d P[W]
  const double fuel = kKilo * Quadratic(d.energy_rate.data(), shaft_power_W / kKilo, &g);
  if (dfuel_dp) *dfuel_dp = g;
  return fuel;
}

double DriveMaxPowerWithDerivative(const Drive& d, double n_per_s, double ambient_temperature_K,
                                   double* dp_dn) {
  const double n_per_min = n_per_s * kPerMinPerPerS;
  double dn = 0.0;
  double p = std::numeric_limits<double>::quiet_NaN();
  // Coefficients all 0 are no curve given: no cap (compressor-data.md, drive-power), as the
  // reader takes them. Read as a cap of 0 kW, they put the station in bypass, its set-point
  // dropped, and the run "converged".
  if (std::all_of(d.power_fun.begin(), d.power_fun.end(), [](double c) { return c == 0.0; })) {
    if (dp_dn) *dp_dn = std::numeric_limits<double>::quiet_NaN();
    return p;
  }
  if (d.power_fun.size() == 9) {
    const double t_celsius = ambient_temperature_K - units::kZeroCelsius;
    p = kKilo * Biquadratic(d.power_fun.data(), t_celsius, n_per_min, nullptr, &dn);
  } else if (d.power_fun.size() == 3) {
    p = kKilo * Quadratic(d.power_fun.data(), n_per_min, &dn);
  } else {
    // A reader never produces another length; say "unknown" rather than guess.
    dn = std::numeric_limits<double>::quiet_NaN();
  }
  if (dp_dn) *dp_dn = kKilo * kPerMinPerPerS * dn;
  return p;
}

double TurboHead(const TurboCompressor& c, double q_m3_per_s, double n_per_s) {
  return TurboHeadWithDerivatives(c, q_m3_per_s, n_per_s, nullptr, nullptr);
}

double TurboEfficiency(const TurboCompressor& c, double q_m3_per_s, double n_per_s) {
  return TurboEfficiencyWithDerivatives(c, q_m3_per_s, n_per_s, nullptr, nullptr);
}

double SurgeLineHead(const TurboCompressor& c, double q_m3_per_s) {
  return SurgeLineHeadWithDerivative(c, q_m3_per_s, nullptr);
}

double ChokeLineHead(const TurboCompressor& c, double q_m3_per_s) {
  return ChokeLineHeadWithDerivative(c, q_m3_per_s, nullptr);
}

double DriveFuelPower(const Drive& d, double shaft_power_W) {
  return DriveFuelPowerWithDerivative(d, shaft_power_W, nullptr);
}

double DriveMaxPower(const Drive& d, double n_per_s, double ambient_temperature_K) {
  return DriveMaxPowerWithDerivative(d, n_per_s, ambient_temperature_K, nullptr);
}

}  // namespace corridor
