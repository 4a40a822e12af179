// Equations of state, friction laws and element equations with analytic derivatives.
// The formulas are listed in docs/physics.md; tests/physics checks every derivative
// against central finite differences.
#include "physics/gas_physics.h"

#include <algorithm>
#include <cmath>

#include "corridor/units.h"

namespace corridor::physics {

namespace {
constexpr double kLn10 = 2.302585092994045684;
}  // namespace

ZValue Compressibility(const EosParams& e, double p) {
  ZValue z;
  switch (e.eos) {
    case EquationOfState::kIdeal:
      break;
    case EquationOfState::kPapay: {
      const double pr = p / e.pseudocritical_pressure_Pa;
      const double tr = e.temperature_K / e.pseudocritical_temperature_K;
      const double a = 3.52 * std::exp(-2.26 * tr);
      const double b = 0.274 * std::exp(-1.878 * tr);
      z.z = 1.0 - a * pr + b * pr * pr;
      z.dz_dp = (-a + 2.0 * b * pr) / e.pseudocritical_pressure_Pa;
      break;
    }
    case EquationOfState::kAga: {
      const double pr = p / e.pseudocritical_pressure_Pa;
      const double tr = e.temperature_K / e.pseudocritical_temperature_K;
      const double c = 0.257 - 0.533 / tr;
      z.z = 1.0 + c * pr;
      z.dz_dp = c / e.pseudocritical_pressure_Pa;
      break;
    }
    case EquationOfState::kLinear:
      z.z = e.linear_z_offset + e.linear_z_slope_per_Pa * p;
      z.dz_dp = e.linear_z_slope_per_Pa;
      break;
    case EquationOfState::kCnga: {
      const double d = e.cnga_b1 + e.cnga_b2_per_Pa * p;
      z.z = 1.0 / d;
      z.dz_dp = -e.cnga_b2_per_Pa / (d * d);
      break;
    }
  }
  return z;
}

DensityValue Density(const EosParams& e, double p) {
  const ZValue z = Compressibility(e, p);
  const double rt = e.specific_gas_constant * e.temperature_K;
  DensityValue d;
  d.rho = p / (z.z * rt);
  d.drho_dp = (z.z - p * z.dz_dp) / (z.z * z.z * rt);
  return d;
}

MeanPressure MeanPipePressure(double p1, double p2) {
  MeanPressure m;
  const double s = p1 + p2;
  if (!(std::abs(s) > 0.0)) {
    m.pm = 0.0;
    m.dpm_dp1 = m.dpm_dp2 = 0.5;
    return m;
  }
  const double n = p1 * p1 + p1 * p2 + p2 * p2;
  m.pm = 2.0 / 3.0 * n / s;
  m.dpm_dp1 = 2.0 / 3.0 * ((2.0 * p1 + p2) * s - n) / (s * s);
  m.dpm_dp2 = 2.0 / 3.0 * ((2.0 * p2 + p1) * s - n) / (s * s);
  return m;
}

LambdaValue ColebrookWhite(double re, double rel_rough) {
  // x = 1/sqrt(lambda): g(x) = x + 2 log10(a x + b) = 0, a = 2.51/Re, b = k/(3.71 D).
  const double a = 2.51 / re;
  const double b = rel_rough / 3.71;
  // Start from the Swamee-Jain style explicit value, then Newton (quadratic, monotone).
  double x = -2.0 * std::log10(b + 5.74 / std::pow(re, 0.9));
  if (!(x > 0.0)) x = 5.0;
  for (int i = 0; i < 60; ++i) {
    const double u = a * x + b;
    const double g = x + 2.0 * std::log10(u);
    const double dg = 1.0 + 2.0 * a / (u * kLn10);
    const double step = g / dg;
    double xn = x - step;
    if (!(xn > 0.0)) xn = 0.5 * x;
    const bool done = std::abs(xn - x) <= 1e-15 * std::abs(x);
    x = xn;
    if (done) break;
  }
  const double u = a * x + b;
  const double dg_dx = 1.0 + 2.0 * a / (u * kLn10);
  const double dg_da = 2.0 * x / (u * kLn10);
  const double dx_da = -dg_da / dg_dx;
  const double da_dre = -a / re;
  LambdaValue v;
  v.lambda = 1.0 / (x * x);
  v.dlambda_dq = -2.0 / (x * x * x) * dx_da * da_dre;  // d lambda / d Re here
  return v;
}

LambdaValue FrictionFactor(const FrictionParams& f, double q) {
  LambdaValue v;
  const double d = f.diameter_m;
  const double area = 0.25 * units::kPi * d * d;
  const double re_per_q = d / (area * f.dynamic_viscosity_Pa_s);  // Re = |q| re_per_q
  const double sign = q < 0.0 ? -1.0 : 1.0;
  const double re = std::abs(q) * re_per_q;
  switch (f.law) {
    case FrictionLaw::kNikuradse: {
      if (f.constant_lambda > 0.0) {
        v.lambda = f.constant_lambda;
        break;
      }
      const double t = 2.0 * std::log10(d / f.roughness_m) + 1.138;
      v.lambda = 1.0 / (t * t);
      break;
    }
    case FrictionLaw::kFixed:
      v.lambda = f.fixed_lambda;
      break;
    case FrictionLaw::kPandapipesNikuradse: {
      // The rough-pipe term: PrepareFriction's (the same expression) where it was prepared.
      if (f.constant_lambda > 0.0) {
        v.lambda = f.constant_lambda;
      } else {
        const double t = 2.0 * std::log10(d / f.roughness_m) + 1.14;
        v.lambda = 1.0 / (t * t);
      }
      if (re > 0.0) {
        v.lambda += 64.0 / re;
        v.dlambda_dq = -64.0 / (re * re) * re_per_q * sign;
      }
      break;
    }
    case FrictionLaw::kColebrookWhite: {
      const bool clamped = re < kMinReynolds;
      const LambdaValue c =
          ColebrookWhite(clamped ? kMinReynolds : re, f.roughness_m / d);
      v.lambda = c.lambda;
      v.dlambda_dq = clamped ? 0.0 : c.dlambda_dq * re_per_q * sign;
      break;
    }
    case FrictionLaw::kHofer: {
      const bool clamped = re < kMinReynolds;
      const double r = clamped ? kMinReynolds : re;
      const double u = 4.518 / r * std::log10(r / 7.0) + f.roughness_m / (3.71 * d);
      const double l = std::log10(u);
      v.lambda = 1.0 / (4.0 * l * l);
      if (!clamped) {
        const double dl_du = -1.0 / (2.0 * l * l * l * u * kLn10);
        const double du_dre = 4.518 / (r * r) * (1.0 / kLn10 - std::log10(r / 7.0));
        v.dlambda_dq = dl_du * du_dre * re_per_q * sign;
      }
      break;
    }
  }
  return v;
}

namespace {
// pandapipes' rough-pipe term 1 / (2 log10(D/k) + 1.14)^2.
double PandapipesRoughLambda(const FrictionParams& f) {
  const double rough = 2.0 * std::log10(f.diameter_m / f.roughness_m) + 1.14;
  return 1.0 / (rough * rough);
}
}  // namespace

void PrepareFriction(FrictionParams* f) {
  f->constant_lambda = 0.0;
  if (f->law == FrictionLaw::kNikuradse && f->roughness_m > 0.0 && f->diameter_m > 0.0)
    f->constant_lambda = FrictionFactor(*f, 1.0).lambda;
  if (f->law == FrictionLaw::kPandapipesNikuradse && f->roughness_m > 0.0 &&
      f->diameter_m > 0.0)
    f->constant_lambda = PandapipesRoughLambda(*f);
}

FrictionTerm RegularizedSquare(double q) {
  FrictionTerm t;
  const double s = std::sqrt(q * q + kFlowRegularization * kFlowRegularization);
  t.value = q * s;
  t.dvalue_dq = s + q * q / s;
  return t;
}

FrictionTerm LambdaPhi(const FrictionParams& f, double q) {
  const FrictionTerm phi = RegularizedSquare(q);
  FrictionTerm t;
  if (f.law == FrictionLaw::kPandapipesNikuradse) {
    const double d = f.diameter_m;
    const double area = 0.25 * units::kPi * d * d;
    // The rough-pipe term is fixed per pipe: PrepareFriction stores it (one log10 per pipe
    // per solve instead of one per evaluation); identical value either way.
    const double lr = f.constant_lambda > 0.0 ? f.constant_lambda : PandapipesRoughLambda(f);
    const double lin = 64.0 * area * f.dynamic_viscosity_Pa_s / d;
    t.value = lin * q + lr * phi.value;
    t.dvalue_dq = lin + lr * phi.dvalue_dq;
    return t;
  }
  const LambdaValue l = FrictionFactor(f, q);
  t.value = l.lambda * phi.value;
  t.dvalue_dq = l.dlambda_dq * phi.value + l.lambda * phi.dvalue_dq;
  return t;
}

namespace {

using detail::ExpFactor;  // (e^S - 1)/S, shared with the folded law (gas_physics.h)

// Pi(p) and Pi'(p), Pi''(p) of the CNGA integral (p^2/2 for other equations of state).
void PiFunction(const EosParams& e, double p, double* pi, double* dpi, double* ddpi) {
  if (e.eos == EquationOfState::kCnga) {
    *pi = e.cnga_b1 * p * p / 2.0 + e.cnga_b2_per_Pa * p * p * p / 3.0;
    *dpi = e.cnga_b1 * p + e.cnga_b2_per_Pa * p * p;
    *ddpi = e.cnga_b1 + 2.0 * e.cnga_b2_per_Pa * p;
  } else {
    *pi = p * p / 2.0;
    *dpi = p;
    *ddpi = 1.0;
  }
}

// r = N / Den with the quotient rule; dN and dDen are partial derivatives.
Residual Quotient(double n, double dn_pf, double dn_pt, double dn_q, double den,
                  double dden_pf, double dden_pt) {
  Residual r;
  r.r = n / den;
  r.dr_dpf = (dn_pf - r.r * dden_pf) / den;
  r.dr_dpt = (dn_pt - r.r * dden_pt) / den;
  r.dr_dq = dn_q / den;
  return r;
}

Residual StandardPipe(const PipeParams& pp, const EosParams& e, const FrictionParams& f,
                      double pf, double pt, double q) {
  const double d = pp.diameter_m;
  const double area = 0.25 * units::kPi * d * d;
  const double rst = e.specific_gas_constant * e.temperature_K;
  const FrictionTerm fr = LambdaPhi(f, q);
  if (e.eos == EquationOfState::kCnga) {
    // Exact integral of rho dp = -lambda/(2 D A^2) q|q| dx with rho a^2 = b1 p + b2 p^2.
    const double c = pp.length_m * rst / (2.0 * d * area * area);
    double pif, dpif, ddpif, pit, dpit, ddpit;
    PiFunction(e, pf, &pif, &dpif, &ddpif);
    PiFunction(e, pt, &pit, &dpit, &ddpit);
    const double n = pif - pit - c * fr.value;
    const double den = 0.5 * (dpif + dpit);
    return Quotient(n, dpif, -dpit, -c * fr.dvalue_dq, den, 0.5 * ddpif, 0.5 * ddpit);
  }
  // DESIGN section 3 with z at the mean pressure.
  const MeanPressure m = MeanPipePressure(pf, pt);
  const ZValue z = Compressibility(e, m.pm);
  const double c = rst * pp.length_m / (area * area * d);  // Lambda = lambda c z
  double s = 0.0, ds_dz = 0.0;
  if (pp.height_term) {
    const double s0 = 2.0 * pp.gravity * (pp.height_to_m - pp.height_from_m) / rst;
    s = s0 / z.z;
    ds_dz = -s / z.z;
  }
  const double es = s == 0.0 ? 1.0 : std::exp(s);
  double ef, def;
  ExpFactor(s, es, &ef, &def);
  const double n = pf * pf - es * pt * pt - c * z.z * fr.value * ef;
  const double dn_dz =
      -pt * pt * es * ds_dz - c * fr.value * (ef + z.z * def * ds_dz);
  const double dn_pf = 2.0 * pf + dn_dz * z.dz_dp * m.dpm_dp1;
  const double dn_pt = -2.0 * es * pt + dn_dz * z.dz_dp * m.dpm_dp2;
  const double dn_q = -c * z.z * ef * fr.dvalue_dq;
  return Quotient(n, dn_pf, dn_pt, dn_q, pf + pt, 1.0, 1.0);
}

Residual PandapipesPipe(const PipeParams& pp, const EosParams& e, const FrictionParams& f,
                        double pf, double pt, double q) {
  const double d = pp.diameter_m;
  const double area = 0.25 * units::kPi * d * d;
  // Friction part: (lambda L/D + zeta) phi(q).
  const FrictionTerm lp = LambdaPhi(f, q);
  const FrictionTerm phi = RegularizedSquare(q);
  const double fr = lp.value * pp.length_m / d + pp.loss_coefficient * phi.value;
  const double dfr = lp.dvalue_dq * pp.length_m / d + pp.loss_coefficient * phi.dvalue_dq;
  const double k = pp.normal_pressure_Pa * e.temperature_K /
                   (pp.normal_temperature_K * pp.norm_density * area * area);
  const MeanPressure m = MeanPipePressure(pf, pt);
  const ZValue z = Compressibility(e, m.pm);
  const double s = pf + pt;
  const double loss = k * z.z * fr / s;
  const double dloss_dz = k * fr / s;
  const double dloss_ds = -loss / s;
  Residual r;
  r.r = pf - pt - loss;
  r.dr_dpf = 1.0 - dloss_dz * z.dz_dp * m.dpm_dp1 - dloss_ds;
  r.dr_dpt = -1.0 - dloss_dz * z.dz_dp * m.dpm_dp2 - dloss_ds;
  r.dr_dq = -k * z.z * dfr / s;
  if (pp.height_term) {
    // rho(p) = rho_n T_n p / (T p_n Z(p)): the pandapipes density (its own constants).
    const double c = pp.norm_density * pp.normal_temperature_K /
                     (e.temperature_K * pp.normal_pressure_Pa);
    const ZValue zf = Compressibility(e, pf);
    const ZValue zt = Compressibility(e, pt);
    const double rf = c * pf / zf.z, rt = c * pt / zt.z;
    const double drf = c * (zf.z - pf * zf.dz_dp) / (zf.z * zf.z);
    const double drt = c * (zt.z - pt * zt.dz_dp) / (zt.z * zt.z);
    const double gdh = pp.gravity * (pp.height_from_m - pp.height_to_m);
    r.r += 0.5 * (rf + rt) * gdh;
    r.dr_dpf += 0.5 * drf * gdh;
    r.dr_dpt += 0.5 * drt * gdh;
  }
  return r;
}

}  // namespace

Residual PipeResidual(const PipeParams& pp, const EosParams& e, const FrictionParams& f,
                      double pf, double pt, double q) {
  if (pp.model == PipeModel::kPandapipes) return PandapipesPipe(pp, e, f, pf, pt, q);
  return StandardPipe(pp, e, f, pf, pt, q);
}

namespace {
// The standard law's constants (StandardPipe with Lambda = lambda c z folded).
bool PrepareStandardPipe(const PipeParams& pp, const EosParams& e, const FrictionParams& f,
                         PreparedPipe* out) {
  const double pc = e.pseudocritical_pressure_Pa;
  PreparedPipe c;
  c.standard = true;
  switch (e.eos) {
    case EquationOfState::kIdeal:
      break;
    case EquationOfState::kPapay: {  // 1 - a p/pc + b (p/pc)^2 (Compressibility)
      const double tr = e.temperature_K / e.pseudocritical_temperature_K;
      c.z1 = -3.52 * std::exp(-2.26 * tr) / pc;
      c.z2 = 0.274 * std::exp(-1.878 * tr) / (pc * pc);
      break;
    }
    case EquationOfState::kAga:
      c.z1 = (0.257 - 0.533 * e.pseudocritical_temperature_K / e.temperature_K) / pc;
      break;
    case EquationOfState::kLinear:
      c.z0 = e.linear_z_offset;
      c.z1 = e.linear_z_slope_per_Pa;
      break;
    case EquationOfState::kCnga:
      return false;  // not reached: PipeLawFolds
  }
  const double d = pp.diameter_m;
  const double area = 0.25 * units::kPi * d * d;
  const double rst = e.specific_gas_constant * e.temperature_K;
  c.c_sq = FrictionFactor(f, 1.0).lambda * rst * pp.length_m / (area * area * d);
  if (pp.height_term) c.height = 2.0 * pp.gravity * (pp.height_to_m - pp.height_from_m) / rst;
  *out = c;
  return true;
}
}  // namespace

bool PipeLawFolds(const PipeParams& pp, const EosParams& e, const FrictionParams& f) {
  if (pp.model == PipeModel::kStandard)
    return (f.law == FrictionLaw::kNikuradse || f.law == FrictionLaw::kFixed) &&
           e.eos != EquationOfState::kCnga;
  if (pp.model != PipeModel::kPandapipes) return false;
  return (e.eos == EquationOfState::kIdeal || e.eos == EquationOfState::kLinear) &&
         (f.law == FrictionLaw::kPandapipesNikuradse || f.law == FrictionLaw::kNikuradse ||
          f.law == FrictionLaw::kFixed);
}

bool PreparePipe(const PipeParams& pp, const EosParams& e, const FrictionParams& f,
                 PreparedPipe* out) {
  if (!PipeLawFolds(pp, e, f)) return false;
  if (pp.model == PipeModel::kStandard) return PrepareStandardPipe(pp, e, f, out);
  const double d = pp.diameter_m;
  const double area = 0.25 * units::kPi * d * d;
  const double k = pp.normal_pressure_Pa * e.temperature_K /
                   (pp.normal_temperature_K * pp.norm_density * area * area);
  const double l_d = pp.length_m / d;
  PreparedPipe c;
  if (f.law == FrictionLaw::kPandapipesNikuradse) {
    const double fd = f.diameter_m, farea = 0.25 * units::kPi * fd * fd;
    const double lr = f.constant_lambda > 0.0 ? f.constant_lambda : PandapipesRoughLambda(f);
    c.c_lin = k * (64.0 * farea * f.dynamic_viscosity_Pa_s / fd) * l_d;
    c.c_sq = k * (lr * l_d + pp.loss_coefficient);
  } else {
    c.c_sq = k * (FrictionFactor(f, 1.0).lambda * l_d + pp.loss_coefficient);
  }
  const ZValue z0 = Compressibility(e, 0.0);
  c.z0 = z0.z;
  c.z1 = z0.dz_dp;
  if (pp.height_term)
    c.height = 0.5 * pp.gravity * (pp.height_from_m - pp.height_to_m) * pp.norm_density *
               pp.normal_temperature_K / (e.temperature_K * pp.normal_pressure_Pa);
  *out = c;
  return true;
}

Residual DragResistorResidual(double zeta, double diameter_m, const EosParams& e, double pf,
                              double pt, double q) {
  const double area = 0.25 * units::kPi * diameter_m * diameter_m;
  // The density where the gas enters: the law is the same whichever way the arc is drawn
  // (at p_f always, a resistor running backwards took its outlet's density: GasLib-582's
  // resistor_1 drawn the other way lost 1.1 % more).
  const bool forward = q >= 0.0;
  const DensityValue rho = Density(e, forward ? pf : pt);
  const FrictionTerm phi = RegularizedSquare(q);
  const double c = zeta / (2.0 * area * area);
  const double drho_term = c * phi.value * rho.drho_dp / (rho.rho * rho.rho);
  Residual r;
  r.r = pf - pt - c * phi.value / rho.rho;
  r.dr_dpf = 1.0 + (forward ? drho_term : 0.0);
  r.dr_dpt = -1.0 + (forward ? 0.0 : drho_term);
  r.dr_dq = -c * phi.dvalue_dq / rho.rho;
  return r;
}

Residual FixedLossResidual(double loss_Pa, double pf, double pt, double q) {
  // hypot: q^2 overflows from |q| ~1e154, and q / inf = 0 made the law hold at any flow
  // beyond that where pf = pt (a random stress run converged to 4e280 kg/s so).
  const double s = std::hypot(q, kSignSmoothing);
  Residual r;
  r.r = pf - pt - loss_Pa * q / s;
  r.dr_dpf = 1.0;
  r.dr_dpt = -1.0;
  r.dr_dq = -loss_Pa * kSignSmoothing * kSignSmoothing / (s * s * s);
  return r;
}

Residual ShortPipeLossResidual(double coeff, const EosParams& e, double pf, double pt,
                               double q) {
  double pif, dpif, ddpif, pit, dpit, ddpit;
  PiFunction(e, pf, &pif, &dpif, &ddpif);
  PiFunction(e, pt, &pit, &dpit, &ddpit);
  const FrictionTerm phi = RegularizedSquare(q);
  const double n = pif - pit - coeff * phi.value;
  return Quotient(n, dpif, -dpit, -coeff * phi.dvalue_dq, 0.5 * (dpif + dpit), 0.5 * ddpif,
                  0.5 * ddpit);
}

Residual RatioResidual(double ratio, double pf, double pt) {
  Residual r;
  r.r = pt - ratio * pf;
  r.dr_dpf = -ratio;
  r.dr_dpt = 1.0;
  return r;
}

Residual OutletResidual(double set_Pa, double pt) {
  Residual r;
  r.r = pt - set_Pa;
  r.dr_dpt = 1.0;
  return r;
}

}  // namespace corridor::physics
