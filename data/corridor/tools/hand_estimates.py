#!/usr/bin/env python3
"""Hand estimates quoted in docs/corridor-case.md (pure Python, no corridor code).

Isothermal pipe law p_in^2 - p_out^2 = Lambda q|q| (horizontal), Lambda = lambda R_s z T L /
(A^2 D), z by Papay at the mean pressure, T = 288.15 K, Russian gas (M 16.346 kg/kmol,
rho_n 0.7311 kg/m3, p_pc 45.91 bar, T_pc 191.5 K as in corridor.net). Friction: Weymouth
(lambda = 0.00941 D^-1/3, D in m; the transmission factor 11.18 D^1/6 with D in inches) and
Nikuradse (fully rough, k = 0.1 mm as in corridor.net for lines of 1970-1990).
"""
import math

R, T = 8.314462618, 288.15
M, RHO_N, PPC, TPC = 16.3462, 0.731079, 45.9081e5, 191.5093
RS = R / (M * 1e-3)
CIS = 273.15 / 293.15


def papay(p):
    pr, tr = p / PPC, T / TPC
    return 1 - 3.52 * pr * math.exp(-2.26 * tr) + 0.274 * pr * pr * math.exp(-1.878 * tr)


def lam_weymouth(D):
    return 0.00941 * D ** (-1.0 / 3.0)


def lam_nikuradse(D, k):
    return (2 * math.log10(D / k) + 1.138) ** -2


def p_out(p_in, q, L, D, lam):
    """Outlet pressure [Pa] or None if the flow cannot be pushed."""
    A = math.pi * D * D / 4
    po = p_in
    for _ in range(100):
        pm = 2 / 3 * (p_in + po - p_in * po / (p_in + po))
        z = papay(pm)
        lam_ = lam * RS * z * T * L / (A * A * D)
        p2 = p_in ** 2 - lam_ * q * q
        if p2 <= 0:
            return None
        new = math.sqrt(p2)
        if abs(new - po) < 1:
            return new
        po = new
    return po


def q_max(p_in, p_min, L, D, lam):
    lo, hi = 0.0, 5000.0
    for _ in range(80):
        mid = (lo + hi) / 2
        po = p_out(p_in, mid, L, D, lam)
        if po is not None and po >= p_min:
            lo = mid
        else:
            hi = mid
    return lo


def bcm20_to_kgs(b):
    return b * 1e9 * CIS / (365 * 86400) * RHO_N


def kgs_to_bcm20(q):
    return q / RHO_N * 365 * 86400 / CIS / 1e9


def main():
    P_AZ = (55 * 0.980665 + 1.01325) * 1e5     # 54.95 bar abs
    D, L = 1.190, 210e3
    print("Hajigabul-Astara: L 210 km, inner D 1190 mm (DN1200), inlet %.2f bar abs, Russian gas"
          % (P_AZ / 1e5))
    A = math.pi * D * D / 4
    for name, lam in (("Weymouth", lam_weymouth(D)), ("Nikuradse k=0.1mm", lam_nikuradse(D, 1e-4))):
        print("  %s: lambda = %.5f" % (name, lam))
        for b in (1.8, 2.0, 4.0, 10.0, 55.0):
            q = bcm20_to_kgs(b)
            po = p_out(P_AZ, q, L, D, lam)
            rho_in = P_AZ / (papay(P_AZ) * RS * T)
            v = q / (rho_in * A)
            if po is None:
                print("    %5.1f bcm/y (20 degC) = %7.1f kg/s: cannot be pushed (p_in^2 < "
                      "Lambda q^2); inlet velocity %.1f m/s" % (b, q, v))
            else:
                print("    %5.1f bcm/y (20 degC) = %7.1f kg/s: p_out %.2f bar, drop %.2f bar, "
                      "inlet velocity %.1f m/s" % (b, q, po / 1e5, (P_AZ - po) / 1e5, v))
        for pmin in (41.01325e5, 11.01325e5):
            qm = q_max(P_AZ, pmin, L, D, lam)
            print("    largest flow with p_out >= %.2f bar: %.1f kg/s = %.1f bcm/y (20 degC)"
                  % (pmin / 1e5, qm, kgs_to_bcm20(qm)))
        # inlet pressure needed for 55 bcm/y at 41 bar outlet
        q = bcm20_to_kgs(55.0)
        lo, hi = 41e5, 2000e5
        for _ in range(80):
            mid = (lo + hi) / 2
            po = p_out(mid, q, L, D, lam)
            if po is not None and po >= 41.01325e5:
                hi = mid
            else:
                lo = mid
        print("    inlet pressure needed for 55 bcm/y with 41 bar at Astara: %.0f bar" % (hi / 1e5))
    D2, L2 = 1.190, 680e3
    lam = lam_nikuradse(D2, 1e-4)
    print("Mozdok-Hajigabul: L 680 km (480 RU + 200 AZ), inner D 1190 mm, k 0.1 mm, "
          "lambda %.5f, no compression between Mozdok and Hajigabul" % lam)
    for pmin in (11.01325e5, 30e5):
        qm = q_max(P_AZ, pmin, L2, D2, lam)
        print("  inlet %.2f bar, Hajigabul >= %.1f bar: at most %.1f kg/s = %.2f bcm/y (20 degC)"
              % (P_AZ / 1e5, pmin / 1e5, qm, kgs_to_bcm20(qm)))
    for pin_kgf in (75,):
        pin = (pin_kgf * 0.980665 + 1.01325) * 1e5
        qm = q_max(pin, 11.01325e5, L2, D2, lam)
        print("  sensitivity, inlet %.2f bar (75 kgf/cm2 g): at most %.2f bcm/y (20 degC)"
              % (pin / 1e5, kgs_to_bcm20(qm)))
    print("Astara CS: 2 x 5 mcm/d (20 degC) = %.2f bcm/y; 55 bcm/y is %.1f times that"
          % (10 * 365 / 1000, 55 / (10 * 365 / 1000)))


if __name__ == "__main__":
    main()
