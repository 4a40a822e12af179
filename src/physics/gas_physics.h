// Gas physics used by the steady-state solver: compressibility (equations of state),
// friction factor laws and the element equations, each returning its value together with
// its analytic derivatives (checked against finite differences in tests/physics).
//
// Everything is SI: p in Pa absolute, q (mass flow) in kg/s, lengths in m, T in K.
// Element residuals are expressed as pressures (Pa) so that the solver can stop on a
// physical tolerance; docs/physics.md gives every formula.
#pragma once

#include <cmath>
#include <limits>

#include "corridor/steady.h"

namespace corridor::physics {

/// Parameters of the equation of state for one (isothermal) gas.
struct EosParams {
  EquationOfState eos = EquationOfState::kIdeal;
  double temperature_K = 288.15;
  double specific_gas_constant = 518.28;  ///< R_s, J/(kg K)
  double pseudocritical_pressure_Pa = 45.9e5;
  double pseudocritical_temperature_K = 188.5;
  double linear_z_offset = 1.0;
  double linear_z_slope_per_Pa = -0.0022e-5;
  double cnga_b1 = 1.0;
  double cnga_b2_per_Pa = 0.0;
};

/// z and dz/dp at pressure p (Pa). For kCnga, rho a^2 = b1 p + b2 p^2 with a^2 = R_s T,
/// hence z = 1 / (b1 + b2 p).
struct ZValue {
  double z = 1.0;
  double dz_dp = 0.0;
};
ZValue Compressibility(const EosParams& e, double p);

/// Density rho = p / (z R_s T) and d rho / dp.
struct DensityValue {
  double rho = 0.0;
  double drho_dp = 0.0;
};
DensityValue Density(const EosParams& e, double p);

/// Mean pressure p_m = 2/3 (p1^2 + p1 p2 + p2^2) / (p1 + p2) (= 2/3 (p1^3 - p2^3) /
/// (p1^2 - p2^2)), and its partial derivatives.
struct MeanPressure {
  double pm = 0.0, dpm_dp1 = 0.0, dpm_dp2 = 0.0;
};
MeanPressure MeanPipePressure(double p1, double p2);

/// Friction law of one pipe.
struct FrictionParams {
  FrictionLaw law = FrictionLaw::kNikuradse;
  double diameter_m = 1.0;
  double roughness_m = 1e-5;
  double fixed_lambda = 0.01;            ///< kFixed
  double dynamic_viscosity_Pa_s = 1.1e-5;
  /// kNikuradse: lambda precomputed by PrepareFriction; kPandapipesNikuradse: its rough-pipe
  /// term 1/(2 log10(D/k) + 1.14)^2 (0 = compute on each call).
  double constant_lambda = 0.0;
};

/// Precomputes what does not depend on the flow (Nikuradse's lambda, pandapipes' rough term).
void PrepareFriction(FrictionParams* f);

/// Reynolds numbers below this are raised to it for Colebrook-White and Hofer (their
/// formulas have no solution at vanishing Re); dlambda/dq is 0 there.
inline constexpr double kMinReynolds = 100.0;
/// Regularization of q|q|: q sqrt(q^2 + eps^2) (kg/s).
inline constexpr double kFlowRegularization = 1e-6;
/// Smoothing of the sign of q in fixed-loss resistors: q / sqrt(q^2 + delta^2) (kg/s).
inline constexpr double kSignSmoothing = 1e-1;

/// lambda(q) and dlambda/dq (q in kg/s, Re = |q| D / (A eta)).
struct LambdaValue {
  double lambda = 0.0;
  double dlambda_dq = 0.0;
};
LambdaValue FrictionFactor(const FrictionParams& f, double q);

/// The friction term lambda(q) * phi(q) with phi(q) = q sqrt(q^2 + eps^2), and its
/// derivative. pandapipes' 64/Re part is taken exactly as (64 A eta / D) q (its product with
/// q|q| is linear in q), so that it stays finite at zero flow.
struct FrictionTerm {
  double value = 0.0;
  double dvalue_dq = 0.0;
};
FrictionTerm LambdaPhi(const FrictionParams& f, double q);

/// phi(q) = q sqrt(q^2 + eps^2) and its derivative.
FrictionTerm RegularizedSquare(double q);

/// Colebrook-White: 1/sqrt(lambda) = -2 log10(2.51/(Re sqrt(lambda)) + k/(3.71 D)),
/// solved by Newton to machine precision; also d lambda / d Re.
LambdaValue ColebrookWhite(double reynolds, double relative_roughness);

/// An element equation r(p_from, p_to, q) = 0, in Pa, with its partial derivatives.
struct Residual {
  double r = 0.0, dr_dpf = 0.0, dr_dpt = 0.0, dr_dq = 0.0;
};

/// Geometry and model data of one pipe.
struct PipeParams {
  PipeModel model = PipeModel::kStandard;
  double length_m = 0.0;
  double diameter_m = 1.0;
  double height_from_m = 0.0, height_to_m = 0.0;
  bool height_term = true;
  double gravity = 9.80665;
  double loss_coefficient = 0.0;  ///< zeta (kPandapipes)
  // kPandapipes constants.
  double norm_density = 0.785;    ///< rho_n of the pipe law
  double normal_pressure_Pa = 101325.0;
  double normal_temperature_K = 273.15;
};

/// The pipe law (PipeModel, EOS and friction as configured).
Residual PipeResidual(const PipeParams& pp, const EosParams& e, const FrictionParams& f,
                      double pf, double pt, double q);

/// A pipe law with its per-pipe constants folded once, for the solver's inner loop
/// (PreparedPipeResidual: the values of PipeResidual to rounding, with far fewer divisions
/// and no exponential for the gas law).
/// kPandapipes: r = p_f - p_t - z(p_m) (c_lin q + c_sq phi(q)) / (p_f + p_t)
///               + height (p_f / z(p_f) + p_t / z(p_t)),  z(p) = z0 + z1 p.
/// kStandard (DESIGN section 3, z at the mean pressure): r = (p_f^2 - e^S p_t^2
///               - c_sq z(p_m) phi(q) (e^S - 1) / S) / (p_f + p_t),  S = height / z(p_m),
///               z(p) = z0 + z1 p + z2 p^2 (Papay's temperature terms evaluated once).
struct PreparedPipe {
  bool standard = false;  ///< PipeModel::kStandard (else kPandapipes)
  double c_lin = 0.0;  ///< kPandapipes: k 64 A eta / D * L / D, the 64/Re part (linear in q)
  double c_sq = 0.0;   ///< kPandapipes: k (lambda L / D + zeta); kStandard: lambda R T L / (A^2 D)
  double z0 = 1.0, z1 = 0.0, z2 = 0.0;
  /// kPandapipes: g (h_f - h_t) rho_n T_n / (2 T p_n); kStandard: 2 g (h_t - h_f) / (R T);
  /// 0 without the height term.
  double height = 0.0;
};

/// Whether PreparePipe folds this combination of pipe model, equation of state and friction
/// law (it depends on nothing else): the friction factor is constant (besides pandapipes'
/// 64/Re part): kPandapipesNikuradse (pandapipes model only), kNikuradse, kFixed; and z is
/// a polynomial in p: kIdeal, kLinear, and for PipeModel::kStandard also kPapay and kAga.
bool PipeLawFolds(const PipeParams& pp, const EosParams& e, const FrictionParams& f);

/// Fills *out where PipeLawFolds; returns false (and leaves *out alone) otherwise.
bool PreparePipe(const PipeParams& pp, const EosParams& e, const FrictionParams& f,
                 PreparedPipe* out);

namespace detail {
// (e^S - 1)/S and its derivative, with a series near S = 0; es = e^S from the caller.
inline void ExpFactor(double s, double es, double* e, double* de) {
  if (std::abs(s) < 1e-4) {
    *e = 1.0 + s / 2.0 + s * s / 6.0 + s * s * s / 24.0;
    *de = 0.5 + s / 3.0 + s * s / 8.0;
  } else {
    *e = (es - 1.0) / s;
    *de = (s * es - es + 1.0) / (s * s);
  }
}

inline Residual PreparedStandardResidual(const PreparedPipe& c, double pf, double pt, double q) {
  const double sq = std::sqrt(q * q + kFlowRegularization * kFlowRegularization);
  const double phi = q * sq, dphi = sq + q * q / sq;
  const double s = pf + pt, inv_s = 1.0 / s;
  const double n3 = pf * pf + pf * pt + pt * pt;
  const double pm = 2.0 / 3.0 * n3 * inv_s;
  const double k = 2.0 / 3.0 * inv_s * inv_s;
  const double dpm_f = k * ((2.0 * pf + pt) * s - n3), dpm_t = k * ((2.0 * pt + pf) * s - n3);
  const double z = c.z0 + pm * (c.z1 + c.z2 * pm), dz = c.z1 + 2.0 * c.z2 * pm;
  double es = 1.0, ef = 1.0, def = 0.5, ds_dz = 0.0;
  if (c.height != 0.0) {
    const double iz = 1.0 / z;
    const double sh = c.height * iz;
    ds_dz = -sh * iz;
    es = std::exp(sh);
    ExpFactor(sh, es, &ef, &def);
  }
  const double cf = c.c_sq * phi;
  const double n = pf * pf - es * pt * pt - cf * z * ef;
  const double dn_dz = -pt * pt * es * ds_dz - cf * (ef + z * def * ds_dz);
  Residual r;
  r.r = n * inv_s;
  r.dr_dpf = (2.0 * pf + dn_dz * dz * dpm_f - r.r) * inv_s;
  r.dr_dpt = (-2.0 * es * pt + dn_dz * dz * dpm_t - r.r) * inv_s;
  r.dr_dq = -c.c_sq * z * ef * dphi * inv_s;
  return r;
}
}  // namespace detail

inline Residual PreparedPipeResidual(const PreparedPipe& c, double pf, double pt, double q) {
  if (c.standard) return detail::PreparedStandardResidual(c, pf, pt, q);
  const double sq = std::sqrt(q * q + kFlowRegularization * kFlowRegularization);
  const double fr = c.c_lin * q + c.c_sq * (q * sq);
  const double dfr = c.c_lin + c.c_sq * (sq + q * q / sq);
  const double s = pf + pt, inv_s = 1.0 / s;
  const double n = pf * pf + pf * pt + pt * pt;  // p_m = 2/3 n / s
  const double z = c.z0 + c.z1 * (2.0 / 3.0 * n * inv_s);
  const double loss = z * fr * inv_s;
  // d loss / d p_m * d p_m / d p_i = z1 fr / s * 2/3 ((2 p_i + p_j) s - n) / s^2
  const double g = c.z1 * fr * inv_s * (2.0 / 3.0) * inv_s * inv_s;
  Residual r;
  r.r = pf - pt - loss;
  r.dr_dpf = 1.0 - g * ((2.0 * pf + pt) * s - n) + loss * inv_s;
  r.dr_dpt = -1.0 - g * ((2.0 * pt + pf) * s - n) + loss * inv_s;
  r.dr_dq = -z * dfr * inv_s;
  if (c.height != 0.0) {
    const double izf = 1.0 / (c.z0 + c.z1 * pf), izt = 1.0 / (c.z0 + c.z1 * pt);
    r.r += c.height * (pf * izf + pt * izt);
    r.dr_dpf += c.height * c.z0 * izf * izf;  // d(p / z(p))/dp = z0 / z^2
    r.dr_dpt += c.height * c.z0 * izt * izt;
  }
  return r;
}

/// A start for the pressure at one end of a prepared pipe carrying q (kg/s, from -> to)
/// with the other end at p_near: both laws in squared-pressure form, solved for the far
/// end's square with z, the height terms and the mean pressure taken at the last estimate
/// (three rounds from p_near; z and the height terms vary little with the mean pressure:
/// within 1e-8 of the root for drops under a bar, 1.4e-6 up to 7 bar, 1.2e-4 at 24 bar
/// with a 240 m rise). NaN where the square would not be positive. The caller's Newton on
/// the law itself finishes (SolveTrees' FarEndPressure).
inline double PreparedPipeFarEnd(const PreparedPipe& c, double p_near, double q,
                                 bool near_is_from) {
  const double sq = std::sqrt(q * q + kFlowRegularization * kFlowRegularization);
  double far = p_near;
  for (int round = 0; round < 3; ++round) {
    const double pf = near_is_from ? p_near : far, pt = near_is_from ? far : p_near;
    const double s = pf + pt;
    const double pm = 2.0 / 3.0 * (pf * pf + pf * pt + pt * pt) / s;
    double square;
    if (c.standard) {  // pf^2 - e^S pt^2 = c_sq phi z ef
      const double z = c.z0 + pm * (c.z1 + c.z2 * pm);
      double es = 1.0, ef = 1.0;
      if (c.height != 0.0) {
        const double sh = c.height / z;
        double def;
        es = std::exp(sh);
        detail::ExpFactor(sh, es, &ef, &def);
      }
      const double drop = c.c_sq * q * sq * z * ef;
      square = near_is_from ? (pf * pf - drop) / es : es * pt * pt + drop;
    } else {  // pf^2 - pt^2 = z (c_lin q + c_sq q |q|) - height (pf / z_f + pt / z_t) s
      double drop = (c.z0 + c.z1 * pm) * (c.c_lin * q + c.c_sq * (q * sq));
      if (c.height != 0.0)
        drop -= c.height * (pf / (c.z0 + c.z1 * pf) + pt / (c.z0 + c.z1 * pt)) * s;
      square = near_is_from ? pf * pf - drop : pt * pt + drop;
    }
    if (!(square > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    far = std::sqrt(square);
  }
  return far;
}

/// A prepared pipe law's secant at equal end pressures p: |r(p, p, q) - r(p, p, 0)| / q =
/// a + b sqrt(q^2 + delta^2) for q > 0, exactly (z, and the height factor of the standard
/// law, depend on the pressures only). The linear-theory start's secants, without
/// evaluating the law.
inline void PreparedPipeSecant(const PreparedPipe& c, double p, double* a, double* b) {
  const double inv_2p = 0.5 / p;
  if (!c.standard) {  // loss = z(p) (c_lin q + c_sq q sqrt(q^2 + delta^2)) / (2 p)
    const double z = c.z0 + c.z1 * p;
    *a = z * c.c_lin * inv_2p;
    *b = z * c.c_sq * inv_2p;
    return;
  }
  // (p^2 - e^S p^2 - c_sq z ef q sqrt(q^2 + delta^2)) / (2 p), z and S at p_m = p.
  const double z = c.z0 + p * (c.z1 + c.z2 * p);
  double ef = 1.0;
  if (c.height != 0.0) {
    const double sh = c.height / z;
    double def = 0.0;
    detail::ExpFactor(sh, std::exp(sh), &ef, &def);
  }
  *a = 0.0;
  *b = c.c_sq * z * ef * inv_2p;
}

/// Resistor with drag factor zeta: p_f - p_t - zeta phi(q) / (2 A^2 rho(p_in)) = 0, p_in the
/// pressure where the gas enters (p_f for q >= 0, else p_t).
Residual DragResistorResidual(double zeta, double diameter_m, const EosParams& e, double pf,
                              double pt, double q);
/// Resistor with a fixed pressure loss dp that opposes the flow:
/// p_f - p_t - dp q / sqrt(q^2 + delta^2) = 0.
Residual FixedLossResidual(double loss_Pa, double pf, double pt, double q);
/// Short pipe with GasSteadySim's artificial loss, scaled to Pa:
/// (Pi(p_f) - Pi(p_t) - c phi(q)) / ((Pi'(p_f) + Pi'(p_t)) / 2), Pi = b1 p^2/2 + b2 p^3/3
/// for kCnga and p^2/2 otherwise.
Residual ShortPipeLossResidual(double coeff, const EosParams& e, double pf, double pt,
                               double q);
/// p_t - ratio * p_f = 0 (compressor at a fixed ratio).
Residual RatioResidual(double ratio, double pf, double pt);
/// p_t - set = 0 (outlet pressure set-point).
Residual OutletResidual(double set_Pa, double pt);

}  // namespace corridor::physics
