// The SI evaluation functions of compressor_data.h against hand calculations in GasLib's
// units (H kJ/kg, Q m^3/s, n 1/min, P kW, T degC).
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "corridor/compressor_data.h"

namespace corridor {
namespace {

TurboCompressor MakeTurbo() {
  TurboCompressor c;
  c.id = "t";
  // Every coefficient distinct so that a swapped index shows.
  c.n_isoline = {1.0, 2e-3, 3e-7, -4.0, 5e-4, 6e-8, -7.0, 8e-4, 9e-9};
  c.eta_isoline = {0.5, 1e-5, -1e-9, 0.06, 2e-6, -3e-10, -0.1, 1e-6, -5e-11};
  c.surgeline = {40.0, 100.0, -2.0};
  c.chokeline = {-40.0, 16.0, 0.5};
  return c;
}

TEST(CompressorMap, TurboHeadAndEfficiencyMatchHandCalculation) {
  const TurboCompressor c = MakeTurbo();
  const double q = 2.0;            // m^3/s
  const double n = 100.0;          // 1/s = 6000 1/min
  const double N = 6000.0;
  // H = sum c[3i+j] Q^i N^j, term by term.
  double h_kj = 0.0, eta = 0.0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      h_kj += c.n_isoline[3 * i + j] * std::pow(q, i) * std::pow(N, j);
      eta += c.eta_isoline[3 * i + j] * std::pow(q, i) * std::pow(N, j);
    }
  // Written out: 1 + 12 + 10.8 - 8 + 6 + 4.32 - 28 + 19.2 + 1.296 = 18.616 kJ/kg.
  EXPECT_NEAR(h_kj, 18.616, 1e-12);
  EXPECT_NEAR(TurboHead(c, q, n), 18616.0, 1e-8);
  EXPECT_NEAR(TurboEfficiency(c, q, n), eta, 1e-13);
  fmt::print("TurboHead(Q=2 m^3/s, n=100 1/s) = {} J/kg (hand 18616), eta = {} (hand {})\n",
             TurboHead(c, q, n), TurboEfficiency(c, q, n), eta);
}

TEST(CompressorMap, SurgeAndChokeLines) {
  const TurboCompressor c = MakeTurbo();
  // 40 + 100*1.5 - 2*2.25 = 185.5 kJ/kg; -40 + 16*3 + 0.5*9 = 12.5 kJ/kg.
  EXPECT_NEAR(SurgeLineHead(c, 1.5), 185500.0, 1e-9);
  EXPECT_NEAR(ChokeLineHead(c, 3.0), 12500.0, 1e-9);
}

TEST(CompressorMap, DriveFuelAndMaxPower) {
  Drive turbine;
  turbine.kind = DriveKind::kGasTurbine;
  turbine.energy_rate = {2000.0, 2.5, 1e-5};
  // P_max[kW] = sum c[3i+j] T^i n^j, T degC, n 1/min.
  turbine.power_fun = {1000.0, 2.0, -1e-4, -50.0, 0.01, 1e-7, 0.5, -1e-3, 2e-8};
  // Fuel at 10 MW shaft: 2000 + 2.5*10000 + 1e-5*1e8 = 28000 kW.
  EXPECT_NEAR(DriveFuelPower(turbine, 10.0e6), 28.0e6, 1e-6);
  // T = 15 degC (288.15 K), n = 5000 1/min (83.333 1/s):
  //   j-row 0: 1000 + 2*5000 - 1e-4*25e6 = 8500
  //   j-row 1: -50 + 0.01*5000 + 1e-7*25e6 = 2.5         (times T = 37.5)
  //   j-row 2: 0.5 - 1e-3*5000 + 2e-8*25e6 = -4.0        (times T^2 = -900)
  //   P_max = 8500 + 37.5 - 900 = 7637.5 kW
  EXPECT_NEAR(DriveMaxPower(turbine, 5000.0 / 60.0, 288.15), 7637.5e3, 1e-4);

  Drive motor;
  motor.kind = DriveKind::kGasDrivenMotor;
  motor.energy_rate = {2629.0, 2.47428571429, 1.37142857143e-05};
  motor.power_fun = {230.514705882, 24.4195632799, 0.00423351158645};
  // 582-v2 drive_2 at 250 1/min: 230.514705882 + 24.4195632799*250 + 0.00423351158645*62500
  // = 6600.0000 kW (the file's measurement), whatever the ambient temperature.
  EXPECT_NEAR(DriveMaxPower(motor, 250.0 / 60.0, 250.0), 6600.0e3, 1.0);
  EXPECT_EQ(DriveMaxPower(motor, 250.0 / 60.0, 250.0), DriveMaxPower(motor, 250.0 / 60.0, 300.0));
  // Fuel at 7000 kW: 2629 + 2.47428571429*7000 + 1.37142857143e-05*49e6 = 20621 kW.
  EXPECT_NEAR(DriveFuelPower(motor, 7.0e6), 20621.0e3, 1.0);

  Drive broken = motor;
  broken.power_fun = {1.0, 2.0};
  EXPECT_TRUE(std::isnan(DriveMaxPower(broken, 1.0, 288.15)));
  // Coefficients all 0 are no curve given (GasLib's way): no cap, not a cap of 0 kW, which
  // put GasLib-11's CS01 in bypass with its set-point dropped and the run "converged".
  for (const std::size_t n : {std::size_t{3}, std::size_t{9}}) {
    Drive none = n == 3 ? motor : turbine;
    none.power_fun.assign(n, 0.0);
    double d = 0.0;
    EXPECT_TRUE(std::isnan(DriveMaxPowerWithDerivative(none, 5000.0 / 60.0, 288.15, &d)));
    EXPECT_TRUE(std::isnan(d));
  }
}

// Central finite differences against the analytic derivatives, at several points of the
// map of every kind of polynomial (synthetic 9-term with all coefficients non-zero; the
// fitted coefficient magnitudes of real GasLib units are exercised the same way).
TEST(CompressorMap, DerivativesMatchFiniteDifferences) {
  const TurboCompressor c = MakeTurbo();
  Drive turbine;
  turbine.energy_rate = {2000.0, 2.5, 1e-5};
  turbine.power_fun = {1000.0, 2.0, -1e-4, -50.0, 0.01, 1e-7, 0.5, -1e-3, 2e-8};
  Drive motor;
  motor.kind = DriveKind::kGasDrivenMotor;
  motor.energy_rate = {2629.0, 2.47428571429, 1.37142857143e-05};
  motor.power_fun = {230.514705882, 24.4195632799, 0.00423351158645};

  double worst = 0.0;
  std::string worst_what;
  auto check = [&](const std::string& what, double analytic, double fd, double scale) {
    const double err = std::abs(analytic - fd) / std::max(std::abs(analytic), scale);
    if (err > worst) {
      worst = err;
      worst_what = what;
    }
    EXPECT_LE(err, 1e-7) << what << ": analytic " << analytic << " vs fd " << fd;
  };
  for (double q : {0.5, 1.7, 4.0})
    for (double n : {60.0, 90.0, 110.0}) {  // 3600 .. 6600 1/min
      const double hq = 1e-6 * q, hn = 1e-6 * n;
      double dq = 0, dn = 0;
      TurboHeadWithDerivatives(c, q, n, &dq, &dn);
      check("dH/dQ", dq, (TurboHead(c, q + hq, n) - TurboHead(c, q - hq, n)) / (2 * hq), 1.0);
      check("dH/dn", dn, (TurboHead(c, q, n + hn) - TurboHead(c, q, n - hn)) / (2 * hn), 1.0);
      TurboEfficiencyWithDerivatives(c, q, n, &dq, &dn);
      check("deta/dQ", dq,
            (TurboEfficiency(c, q + hq, n) - TurboEfficiency(c, q - hq, n)) / (2 * hq), 1e-3);
      check("deta/dn", dn,
            (TurboEfficiency(c, q, n + hn) - TurboEfficiency(c, q, n - hn)) / (2 * hn), 1e-5);
      SurgeLineHeadWithDerivative(c, q, &dq);
      check("dHsurge/dQ", dq, (SurgeLineHead(c, q + hq) - SurgeLineHead(c, q - hq)) / (2 * hq),
            1.0);
      ChokeLineHeadWithDerivative(c, q, &dq);
      check("dHchoke/dQ", dq, (ChokeLineHead(c, q + hq) - ChokeLineHead(c, q - hq)) / (2 * hq),
            1.0);
      for (const Drive* d : {&turbine, &motor}) {
        const double t = 268.15 + 10.0 * q;
        DriveMaxPowerWithDerivative(*d, n / 20.0, t, &dn);  // motors run at 165..350 1/min
        const double m = n / 20.0, hm = 1e-6 * m;
        check("dPmax/dn", dn,
              (DriveMaxPower(*d, m + hm, t) - DriveMaxPower(*d, m - hm, t)) / (2 * hm), 1.0);
        const double p = 1e6 * q * n / 20.0, hp = 1e-6 * p;
        double dp = 0;
        DriveFuelPowerWithDerivative(*d, p, &dp);
        check("dFuel/dP", dp, (DriveFuelPower(*d, p + hp) - DriveFuelPower(*d, p - hp)) / (2 * hp),
              1e-3);
      }
      // The value returned with the derivatives is the plain function's value.
      EXPECT_EQ(TurboHeadWithDerivatives(c, q, n, nullptr, nullptr), TurboHead(c, q, n));
    }
  fmt::print("worst relative deviation analytic vs central finite difference: {:.3g} ({})\n",
             worst, worst_what);
}

}  // namespace
}  // namespace corridor
