#!/usr/bin/env python3
"""Generates the Russia-Azerbaijan-Iran corridor case from one parameter table.

Writes, next to this folder's parent (data/corridor/):
  corridor.net            GasLib network (nodes, pipes, compressor stations)
  corridor.cs             GasLib compressor-station machine data
  scenarios/*.scn         GasLib nominations (7 scenarios)
  annotations.json        countries, roles, border points, origin groups, contract
                          limits and the provenance of every number
  SOURCES.md              the parameter table with value, unit and source / estimate

Every number below carries its provenance: a FACTS.md source id ("S22; S23") or
"estimate: <method>". Change a value here and rerun:

  python3 data/corridor/tools/make_corridor.py [--facts ../shared/data/corridor/corridor_facts.json]

Only the Python standard library is used. The output is deterministic.
"""
import argparse
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)  # data/corridor

# ---------------------------------------------------------------------------------------
# Reference conditions and conversions
# ---------------------------------------------------------------------------------------
T0 = 273.15            # K, GasLib normal temperature (0 degC)
T20 = 293.15           # K, CIS/GOST standard temperature (20 degC, 101.325 kPa)
T15 = 288.15           # K, Iranian figures are read at 15 degC (estimate, see SOURCES.md)
CIS_TO_N = T0 / T20    # 0.931775...: 1 m3 at 20 degC = 0.9318 m3 at 0 degC (same pressure)
IR_TO_N = T0 / T15     # 0.947944...
MCMD_TO_GASLIB = 1.0e6 / 24.0 / 1000.0     # 1 mcm/d = 41.6667 (1000 m3/h)
BCMY_TO_MCMD = 1000.0 / 365.0               # 1 bcm/y = 2.7397 mcm/d (FACTS: 2.740)
ATM = 1.01325          # bar; gauge -> absolute offset
KGF = 0.980665         # bar per kgf/cm2 (technical atmosphere)
PSI = 0.0689476        # bar per psi

CONV = {"cis20": CIS_TO_N, "ir15": IR_TO_N, "n0": 1.0}
CONV_TEXT = {
    "cis20": "CIS/GOST standard conditions 20 degC, 101.325 kPa",
    "ir15": "Iranian (NIGC) standard conditions, read as 15 degC, 101.325 kPa (estimate)",
    "n0": "GasLib normal conditions 0 degC, 101.325 kPa",
}


def to_gaslib(mcmd, conv):
    """mcm/d at the given reference conditions -> 1000 m3/h at 0 degC."""
    return mcmd * CONV[conv] * MCMD_TO_GASLIB


def P(value, prov, unit=""):
    """A parameter with its provenance."""
    return {"value": value, "prov": prov, "unit": unit}


# Standard provenance strings reused below.
EST_HEIGHT = ("estimate: elevation of the place from general topographic knowledge "
              "(town or terrain level, +-50 m); FACTS.md gives no heights")
EST_PMIN_INNODE = "estimate: no technical minimum in the facts; atmospheric (GasLib convention)"
EST_XY = "estimate: derived from geoWGS84 (equirectangular projection, km from 44E/36N)"
EST_HTC = "estimate: GasLib convention (2 W/m2/K on every pipe of every GasLib instance)"
EST_PIPE_FLOW = ("estimate: GasLib convention of +-10000 (1000 m3/h) on pipes: no separate "
                 "flow limit, hydraulics limit the flow; published capacities are in "
                 "annotations.json")
MAOP_AZ = 55 * KGF + ATM   # 55 kgf/cm2 gauge -> 54.95 bar abs
PROV_MAOP_AZ = ("S31; S34 + estimate: '55 atm' design of the AZ system read as 55 kgf/cm2 "
                "gauge (Soviet usage) = 53.94 barg = 54.95 bar abs")
PROV_MAOP_RU = ("estimate: Russian-side design pressure not found (FACTS gap); the AZ rating "
                "of the same line (55 kgf/cm2 g, S31; S34) is used = 54.95 bar abs")
MAOP_IR = 1000 * PSI + ATM  # 1000 psig -> 69.96 bar abs
PROV_MAOP_IGAT1 = "S46 + estimate: 1000 psi read as gauge (psig) = 68.95 barg = 69.96 bar abs"
PROV_MAOP_IR_EST = ("estimate: design pressure not found; the IGAT-1 rating it connects to "
                    "(1000 psig, S46) is used = 69.96 bar abs")
MAOP_TM = 75 * KGF + ATM   # 75 kgf/cm2 gauge -> 74.56 bar abs
PROV_MAOP_TM = ("estimate: design pressure not found; Soviet/CIS trunk-line class 75 kgf/cm2 "
                "gauge (7.35 MPa) = 74.56 bar abs")

# ---------------------------------------------------------------------------------------
# Gas quality per origin (FACTS §4: only a generic Russian proxy is published)
# ---------------------------------------------------------------------------------------
# component: (M kg/kmol, Tc K, Pc bar, GCV kJ/mol (ISO 6976, 25 degC combustion),
#             sqrt(b) summation factor at 0 degC (ISO 6976), cp polynomial a,b,c,d J/mol/K
#             (Poling, Prausnitz, O'Connell, "The Properties of Gases and Liquids", App. A))
COMP = {
    "CH4":    (16.043, 190.56, 45.99, 891.51, 0.0490, (19.25, 5.213e-2, 1.197e-5, -1.132e-8)),
    "C2H6":   (30.069, 305.32, 48.72, 1562.14, 0.1000, (5.409, 1.781e-1, -6.938e-5, 8.713e-9)),
    "C3H8":   (44.096, 369.83, 42.48, 2221.10, 0.1453, (-4.224, 3.063e-1, -1.586e-4, 3.215e-8)),
    "iC4H10": (58.122, 407.80, 36.40, 2870.58, 0.2049, (-1.390, 3.847e-1, -1.846e-4, 2.895e-8)),
    "nC4H10": (58.122, 425.12, 37.96, 2879.76, 0.2069, (9.487, 3.313e-1, -1.108e-4, -2.822e-9)),
    "iC5H12": (72.149, 460.40, 33.80, 3531.68, 0.2510, (-9.525, 5.066e-1, -2.729e-4, 5.723e-8)),
    "nC5H12": (72.149, 469.70, 33.70, 3538.60, 0.2702, (-3.626, 4.873e-1, -2.580e-4, 5.305e-8)),
    "C6H14":  (86.175, 507.60, 30.25, 4198.24, 0.3286, (-4.413, 5.820e-1, -3.119e-4, 6.494e-8)),
    "N2":     (28.014, 126.20, 33.98, 0.0, 0.0224, (31.15, -1.357e-2, 2.680e-5, -1.168e-8)),
    "CO2":    (44.010, 304.13, 73.77, 0.0, 0.0819, (19.80, 7.344e-2, -5.602e-5, 1.715e-8)),
}

GASES = {
    "Russia": {
        "composition_mol_pct": {"CH4": 98.156, "C2H6": 0.728, "C3H8": 0.212, "iC4H10": 0.039,
                                "nC4H10": 0.035, "iC5H12": 0.007, "nC5H12": 0.006,
                                "C6H14": 0.001, "N2": 0.786, "CO2": 0.030},
        "prov": ("S126 (generic 'Russian' reference mixture, a proxy, not measured on this "
                 "route); properties computed from it (method in SOURCES.md)"),
        "temperature_C": 15.0,
    },
    "Turkmenistan": {
        "composition_mol_pct": {"CH4": 95.0, "C2H6": 2.1, "C3H8": 0.4, "iC4H10": 0.07,
                                "nC4H10": 0.08, "iC5H12": 0.02, "nC5H12": 0.02,
                                "C6H14": 0.01, "N2": 1.0, "CO2": 1.3},
        "prov": ("estimate: typical lean Central Asian export gas (Dauletabad/Korpeje "
                 "type after treatment); no composition in FACTS (gap)"),
        "temperature_C": 15.0,
    },
    "Azerbaijan": {
        "composition_mol_pct": {"CH4": 91.0, "C2H6": 5.0, "C3H8": 1.5, "iC4H10": 0.2,
                                "nC4H10": 0.3, "iC5H12": 0.05, "nC5H12": 0.04,
                                "C6H14": 0.01, "N2": 0.9, "CO2": 1.0},
        "prov": ("estimate: typical processed Shah Deniz / ACG associated gas at Sangachal "
                 "(richer in ethane/propane); no composition in FACTS (gap)"),
        "temperature_C": 15.0,
    },
    "Iran": {
        "composition_mol_pct": {"CH4": 88.0, "C2H6": 6.0, "C3H8": 1.8, "iC4H10": 0.3,
                                "nC4H10": 0.4, "iC5H12": 0.1, "nC5H12": 0.08,
                                "C6H14": 0.02, "N2": 2.5, "CO2": 0.8},
        "prov": ("estimate: typical sweetened South Pars sales gas in IGAT; NIGC spec "
                 "IGS-M-CH-033 numbers not available (FACTS gap)"),
        "temperature_C": 15.0,
    },
}
PROV_GAS_T = ("estimate: 15 degC, mean ground temperature at pipe depth in the region "
              "(no gas temperature in FACTS)")


def gas_properties(x_pct):
    x = {k: v / 100.0 for k, v in x_pct.items()}
    s = sum(x.values())
    assert abs(s - 1.0) < 1e-9, s
    M = sum(x[k] * COMP[k][0] for k in x)
    Tpc = sum(x[k] * COMP[k][1] for k in x)           # Kay's rule
    Ppc = sum(x[k] * COMP[k][2] for k in x)
    gcv_molar = sum(x[k] * COMP[k][3] for k in x)      # kJ/mol
    sb = sum(x[k] * COMP[k][4] for k in x)
    Z0 = 1.0 - sb * sb                                 # ISO 6976 at 0 degC
    R = 8.314462618
    p0 = 101325.0
    vm = Z0 * R * T0 / p0                              # m3/mol (real gas)
    rho_n = M * 1e-3 / vm                              # kg/m3 at 0 degC
    gcv = gcv_molar * 1e3 / vm / 1e6                   # MJ/m3 at 0 degC
    # cp(T) = a + bT + cT^2 + dT^3 per component; least-squares quadratic A + BT + CT^2
    # over 250..350 K (GasLib's inferred form).
    Ts = [250.0 + i for i in range(101)]
    cps = []
    for T in Ts:
        cp = 0.0
        for k in x:
            a, b, c, d = COMP[k][5]
            cp += x[k] * (a + b * T + c * T * T + d * T ** 3)
        cps.append(cp)
    # normal equations for quadratic fit (centred for conditioning)
    Tm = 300.0
    S = [[0.0] * 3 for _ in range(3)]
    r = [0.0] * 3
    for T, cp in zip(Ts, cps):
        u = [1.0, T - Tm, (T - Tm) ** 2]
        for i in range(3):
            r[i] += u[i] * cp
            for j in range(3):
                S[i][j] += u[i] * u[j]
    a0, a1, a2 = solve3(S, r)
    # back to A + B T + C T^2
    A = a0 - a1 * Tm + a2 * Tm * Tm
    B = a1 - 2 * a2 * Tm
    C = a2
    fit_err = max(abs(A + B * T + C * T * T - cp) for T, cp in zip(Ts, cps))
    return {"molarMass": M, "normDensity": rho_n, "calorificValue": gcv,
            "pseudocriticalPressure": Ppc, "pseudocriticalTemperature": Tpc,
            "A": A, "B": B, "C": C, "Z0": Z0, "cp_fit_max_err": fit_err}


def solve3(S, r):
    import copy
    a = copy.deepcopy(S)
    b = list(r)
    n = 3
    for i in range(n):
        p = max(range(i, n), key=lambda k: abs(a[k][i]))
        a[i], a[p] = a[p], a[i]
        b[i], b[p] = b[p], b[i]
        for k in range(i + 1, n):
            f = a[k][i] / a[i][i]
            for j in range(i, n):
                a[k][j] -= f * a[i][j]
            b[k] -= f * b[i]
    xs = [0.0] * n
    for i in reversed(range(n)):
        xs[i] = (b[i] - sum(a[i][j] * xs[j] for j in range(i + 1, n))) / a[i][i]
    return xs


# ---------------------------------------------------------------------------------------
# Nodes
# ---------------------------------------------------------------------------------------
def node(id_, kind, country, roles, name, lat, lon, coord_prov, height, height_prov=EST_HEIGHT,
         pmin=ATM, pmin_prov=EST_PMIN_INNODE, pmax=None, pmax_prov=None, flow_max=None,
         flow_max_prov=None, origin=None):
    return {"id": id_, "kind": kind, "country": country, "roles": roles, "name": name,
            "lat": lat, "lon": lon, "coord_prov": coord_prov, "height": height,
            "height_prov": height_prov, "pmin": pmin, "pmin_prov": pmin_prov, "pmax": pmax,
            "pmax_prov": pmax_prov, "flow_max": flow_max, "flow_max_prov": flow_max_prov,
            "origin": origin}


# Contract / delivery minimum pressures (FACTS: not found -> estimates)
PMIN_ASTARA = 40.0 + ATM
PROV_PMIN_ASTARA = ("estimate: contract delivery pressure at Astara not found (FACTS gap: "
                    "interconnector specifications); 40 barg assumed, the level at which "
                    "gas enters a 1000-psig IGAT line with margin (the Astara CS exists to "
                    "lift AZ pressure to it)")
PMIN_IR_EXIT = 25.0 + ATM
PROV_PMIN_IR_EXIT = ("estimate: minimum at a provincial offtake of the trunk line not found; "
                     "25 barg assumed (city-gate stations regulate down to about 250 psig = "
                     "17 barg; 25 barg leaves the regulator margin)")
PMIN_AZ_EXIT = 10.0 + ATM
PROV_PMIN_AZ_EXIT = ("estimate: AZ offtake minimum not found; 10 barg assumed (the AZ section "
                     "was run at 12 atm during the 2014 repair, S27, so 10-12 barg still "
                     "supplies the regions)")
PMIN_RU_EXIT = 10.0 + ATM
PROV_PMIN_RU_EXIT = "estimate: Russian offtake minimum not found; 10 barg assumed as for AZ"

PROV_SINK_FLOWMAX = ("estimate: 3 x the winter-peak withdrawal of this scenario set, so that "
                     "the bound never binds before the hydraulics do")

NODES = [
    # ---------------- Russia ----------------
    node("ru_mozdok", "source", "RU", ["entry", "supply_Russia"],
         "Mozdok (North Ossetia): head of Mozdok-Makhachkala-Kazimagomed, Russian supply",
         43.7472, 44.6569, "S132", 135.0, pmax=MAOP_AZ, pmax_prov=PROV_MAOP_RU,
         flow_max=6500.0,
         flow_max_prov=("estimate: large enough for the 55 bcm/y target nomination (5850.19 of "
                        "transit and 194.12 of Dagestan offtake, 6044.31 (1000 m3/h) at 0 "
                        "degC); the line "
                        "capacity (10 bcm/y, S22) is left to the hydraulics"),
         origin="Russia"),
    node("ru_aksai", "source", "RU", ["entry", "supply_Russia", "junction"],
         "Aksai tie-in of the Kumli-Kizlyar-Babayurt-Aksai feeder (Makat-North Caucasus link)",
         43.36701, 46.43961, "S45 (P1477 start vertex); the feeder named in S44 (its tie-in with the Mozdok line at "
         "Kizlyar, S26)", 20.0,
         pmax=MAOP_AZ, pmax_prov=PROV_MAOP_RU,
         flow_max=8.5 * BCMY_TO_MCMD * MCMD_TO_GASLIB * CIS_TO_N,
         flow_max_prov="S44 (8.5 bcm/y) + estimate: read at 20 degC, converted to 0 degC",
         origin="Russia"),
    node("ru_makhachkala", "sink", "RU", ["exit", "demand_RU"],
         "Makhachkala offtake: southern Dagestan (Makhachkala, Kaspiysk, Izberbash, Derbent)",
         42.89212, 47.52069, "S45 (P0751 vertex nearest the city)", -10.0,
         pmin=PMIN_RU_EXIT, pmin_prov=PROV_PMIN_RU_EXIT, pmax=MAOP_AZ, pmax_prov=PROV_MAOP_RU),
    node("border_ru_az", "innode", "RU/AZ", ["border_point"],
         "RU-AZ border metering Novo-Filya (RU) / Shirvanovka (AZ) on the Samur",
         41.927, 48.296, "S45 (midpoint of the P0751 segment crossing the Samur; FACTS estimate)",
         -15.0, pmax=MAOP_AZ, pmax_prov=PROV_MAOP_AZ),
    # ---------------- Azerbaijan ----------------
    node("az_hajigabul", "sink", "AZ", ["exit", "demand_AZ", "junction", "compressor_suction"],
         "Hajigabul (Kazi-Magomed): hub of the RU line, the Astara leg and the line to Gazakh; "
         "exit = central/western regions via Hajigabul-Gazakh", 40.04333, 48.93556, "S129",
         0.0, pmin=PMIN_AZ_EXIT, pmin_prov=PROV_PMIN_AZ_EXIT, pmax=MAOP_AZ,
         pmax_prov=PROV_MAOP_AZ),
    node("az_hajigabul_cs_out", "innode", "AZ", ["compressor_discharge"],
         "Gazi-Magomed CS discharge into the Hajigabul-Astara line", 40.04293, 48.92151,
         "S45 (GEM start vertex of P0751/P0748 at Hajigabul)", 0.0, pmax=MAOP_AZ,
         pmax_prov=PROV_MAOP_AZ),
    node("az_sangachal", "source", "AZ", ["entry", "supply_Azerbaijan"],
         "Sangachal terminal / Garadagh: Shah Deniz and ACG associated gas into the AZ grid",
         40.18, 49.47,
         "estimate: Sangachal terminal position from general geographic knowledge (not in FACTS)",
         0.0, pmax=MAOP_AZ, pmax_prov=PROV_MAOP_AZ, flow_max=3000.0,
         flow_max_prov="estimate: not limiting (AZ production far exceeds the domestic grid)",
         origin="Azerbaijan"),
    node("az_baku", "sink", "AZ", ["exit", "demand_AZ"], "Baku / Absheron demand",
         40.409, 49.867, "estimate: Baku city centre from general geographic knowledge", 0.0,
         pmin=PMIN_AZ_EXIT, pmin_prov=PROV_PMIN_AZ_EXIT, pmax=MAOP_AZ, pmax_prov=PROV_MAOP_AZ),
    node("az_astara", "sink", "AZ", ["exit", "demand_AZ", "compressor_suction"],
         "Astara (AZ): Astara CS suction; exit = southern regions (Salyan-Lankaran-Astara)",
         38.45611, 48.87861, "S130 (town; CS site not found)", -15.0,
         pmin=PMIN_AZ_EXIT, pmin_prov=PROV_PMIN_AZ_EXIT, pmax=MAOP_AZ, pmax_prov=PROV_MAOP_AZ),
    node("az_astara_cs_out", "innode", "AZ", ["compressor_discharge"],
         "Astara CS discharge / export metering (AZ side of the border)", 38.45611, 48.87861,
         "S130 (town; CS site not found)", -15.0, pmax=MAOP_IR,
         pmax_prov=("estimate: discharge into the Iranian system, rated as IGAT-1 (1000 psig, "
                    "S46) = 69.96 bar abs")),
    # ---------------- Iran: north-west ----------------
    node("ir_astara", "innode", "IR", ["border_point", "delivery_point"],
         "Astara (IR): delivery point of the AZ-IR swaps and of Russian gas; IGAT-1 north end",
         38.4542, 48.8178, "S45 (IGAT-1 P3957 north vertex); delivery point S01; S69; S73",
         0.0, pmin=PMIN_ASTARA, pmin_prov=PROV_PMIN_ASTARA, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IGAT1),
    node("ir_chelavand", "innode", "IR", ["junction"],
         "Chelavand (Chelvand): IGAT-1, Rasht-Chelavand loop, Chelvand-Ardabil", 38.2913,
         48.8246, "S45 (P5984 start vertex; FACTS estimate)", -10.0, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IGAT1),
    node("ir_ardabil_in", "innode", "IR", ["compressor_suction"],
         "Ardabil pressure-boost station inlet (end of Chelvand-Ardabil)", 38.25167, 48.2975,
         "S134 (city; station site not found)", 1350.0, pmax=MAOP_IR, pmax_prov=PROV_MAOP_IR_EST),
    node("ir_ardabil", "sink", "IR", ["exit", "demand_IR"],
         "Ardabil: the part of the province supplied through Chelvand-Ardabil", 38.25167,
         48.2975, "S134", 1350.0, pmin=PMIN_IR_EXIT, pmin_prov=PROV_PMIN_IR_EXIT, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IR_EST),
    node("ir_rasht", "sink", "IR", ["exit", "demand_IR", "junction"],
         "Rasht: Gilan province demand; IGAT-1 / loop / IGAT-3 tail junction", 37.266667,
         49.583333, "S133", -5.0, pmin=PMIN_IR_EXIT, pmin_prov=PROV_PMIN_IR_EXIT, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IGAT1),
    node("ir_qazvin", "sink", "IR", ["exit", "demand_IR", "junction"],
         "Qazvin: Qazvin province offtake (IGAT-1 at Qazvin latitude)", 36.2749, 49.8208,
         "S45 (P3957 vertex at Qazvin latitude; FACTS estimate)", 1250.0, pmin=PMIN_IR_EXIT,
         pmin_prov=PROV_PMIN_IR_EXIT, pmax=MAOP_IR, pmax_prov=PROV_MAOP_IGAT1),
    node("ir_saveh", "source", "IR", ["entry", "supply_Iran", "junction"],
         "Saveh: IGAT-1 / IGAT-3 supply from South Pars into the northern grid", 35.0325,
         50.4694, "S45 (P3957 vertex at Saveh); IGAT-3 to Saveh S43", 1000.0, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IGAT1, flow_max=8000.0,
         flow_max_prov=("estimate: not limiting; stands for the net supply of the IGAT system "
                        "to the modelled north (IGAT-3 alone 90 mcm/d, S49)"),
         origin="Iran"),
    node("ir_parchin", "sink", "IR", ["exit", "junction"],
         "Parchin (south-east Tehran): start of the 48 in Parchin-Sangbast line; exit = gas "
         "onward to Tehran and the rest of the Iranian system", 35.52, 51.78,
         "estimate: Parchin position from general geographic knowledge (line named in S50)",
         1000.0, pmin=PMIN_IR_EXIT, pmin_prov=PROV_PMIN_IR_EXIT, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IR_EST),
    # ---------------- Iran: north-east ----------------
    node("ir_damghan", "innode", "IR", ["junction"],
         "Damghan: branch of Damghan-Kiasar-Sari-Neka off Parchin-Sangbast", 36.17, 54.34,
         "estimate: Damghan town from general geographic knowledge (junction named in S50)",
         1170.0, pmax=MAOP_IR, pmax_prov=PROV_MAOP_IR_EST),
    node("ir_damghan_cv_out", "innode", "IR", ["regulator_outlet"],
         "Damghan: outlet of the pressure regulation into the 42 in Mazandaran branch",
         36.17, 54.34, "estimate: same position as ir_damghan", 1170.0, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IR_EST),
    node("ir_sari", "sink", "IR", ["exit", "demand_IR", "junction"],
         "Sari / Neka: Mazandaran demand (incl. Neka power plant); end of Sarakhs-Sari and of "
         "Damghan-Sari-Neka", 36.54851, 53.04998, "S45 (P1639 end vertex; FACTS N_SARI_NEKA)",
         30.0, pmin=PMIN_IR_EXIT, pmin_prov=PROV_PMIN_IR_EXIT, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IR_EST),
    node("ir_kordkuy", "sink", "IR", ["exit", "demand_IR", "junction"],
         "Kordkuy (Golestan): receiving point of Korpeje-Kordkuy on Sarakhs-Sari; exit = "
         "Golestan demand", 36.6987, 54.1012,
         "S45 (end vertex of the Korpeje-Kordkuy geometry, file P0742.geojson, labels swapped)",
         0.0, pmin=PMIN_IR_EXIT, pmin_prov=PROV_PMIN_IR_EXIT, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IR_EST),
    node("ir_mashhad", "sink", "IR", ["exit", "demand_IR"],
         "Mashhad area offtake of Sarakhs-Sari (the part of Khorasan Razavi fed by this line)",
         36.0892, 59.2964, "S45 (P1639 vertex south-west of Mashhad)", 1100.0,
         pmin=PMIN_IR_EXIT, pmin_prov=PROV_PMIN_IR_EXIT, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IR_EST),
    node("ir_khangiran", "innode", "IR", ["junction"],
         "Khangiran (Sarakhs): DSK receiving point, start of Sarakhs-Sari", 36.5842, 60.9741,
         "S45 (end vertex of the DSK geometry, file P0749.geojson, labels swapped)", 350.0,
         pmax=MAOP_IR, pmax_prov=PROV_MAOP_IR_EST),
    node("border_tm_ir_sarakhs", "innode", "TM/IR", ["border_point"],
         "TM-IR border on the Dauletabad-Sarakhs-Khangiran line (Tejen/Harirud at Sarakhs)",
         36.5024, 61.2,
         ("estimate: point of the S45 DSK geometry (P0749.geojson) at the border longitude "
          "61.20 E"), 280.0, pmax=MAOP_IR, pmax_prov=PROV_MAOP_IR_EST),
    node("border_tm_ir_kordkuy", "innode", "TM/IR", ["border_point"],
         "TM-IR border on Korpeje-Kordkuy (Atrek river)", 37.3335, 54.0059,
         ("estimate: S45 vertex of the Korpeje-Kordkuy geometry at 152 of 223.5 km, matching "
          "the published 132 of 197 km in TM (S55)"), 0.0, pmax=MAOP_IR,
         pmax_prov=PROV_MAOP_IR_EST),
    # ---------------- Turkmenistan ----------------
    node("tm_korpeje", "source", "TM", ["entry", "supply_Turkmenistan", "compressor_suction"],
         "Korpeje field / compressor complex suction", 38.5903, 54.2397,
         "S45 (start vertex of the geometry in P0742.geojson, labels swapped)", 30.0,
         pmax=MAOP_TM, pmax_prov=PROV_MAOP_TM, flow_max=8.0 * BCMY_TO_MCMD * MCMD_TO_GASLIB
         * CIS_TO_N, flow_max_prov="S53; S52; S56 (8 bcm/y) + estimate: read at 20 degC",
         origin="Turkmenistan"),
    node("tm_korpeje_cs_out", "innode", "TM", ["compressor_discharge"],
         "Korpeje compressor complex discharge", 38.5903, 54.2397, "S45", 30.0, pmax=MAOP_TM,
         pmax_prov=PROV_MAOP_TM),
    node("tm_dauletabad", "source", "TM", ["entry", "supply_Turkmenistan"],
         "Dauletabad: head of Dauletabad-Sarakhs-Khangiran", 36.6051, 61.5857,
         ("S45 (start vertex of the 63 km DSK geometry stub in P0749.geojson; the field lies "
          "further along the 182 km line, position schematic)"), 300.0, pmax=MAOP_TM,
         pmax_prov=PROV_MAOP_TM, flow_max=12.0 * BCMY_TO_MCMD * MCMD_TO_GASLIB * CIS_TO_N,
         flow_max_prov="S51 (12 bcm/y) + estimate: read at 20 degC", origin="Turkmenistan"),
]

# ---------------------------------------------------------------------------------------
# Pipes and compressor stations
# ---------------------------------------------------------------------------------------
def inner(od_mm, wall_mm):
    return od_mm - 2 * wall_mm


ROUGH_OLD = P(0.1, "estimate: 0.1 mm effective roughness for a line built 1970-1990 (aged "
                   "unlined steel; GasLib uses 0.05 mm for its newer pipes)", "mm")
ROUGH_NEW = P(0.05, "estimate: 0.05 mm for a line built after 1995 (GasLib's value)", "mm")

D_1220 = P(inner(1220, 15), "S23; S44 (OD 1220 mm = DN1200; S24; S25) + estimate: wall 15 mm "
                            "-> inner 1190 mm", "mm")
D_HA = P(inner(1220, 15), "S30; S31; S34 (1200 mm = DN1200, OD 1220) + estimate: wall 15 mm -> "
                          "inner 1190 mm; alternative 1020 mm (S37; S38) kept as sensitivity "
                          "in annotations.json", "mm")
D_42 = P(inner(1066.8, 12.7), "S46; S49 (42 in = 1066.8 mm OD) + estimate: wall 0.5 in -> "
                              "inner 1041.4 mm", "mm")
D_42_LOOP = P(inner(1066.8, 12.7), "S40; S43 (42 in) + estimate: wall 0.5 in -> inner "
                                   "1041.4 mm", "mm")
D_42_DS = P(inner(1066.8, 12.7), "S50 (42 in) + estimate: wall 0.5 in -> inner 1041.4 mm", "mm")
D_30_ARD = P(inner(762.0, 11.9), "S42 (30 in) + estimate: wall 0.469 in -> inner 738.2 mm",
             "mm")
D_48_DSK = P(inner(1219.2, 19.1), "S51; S43 (48 in) + estimate: wall 0.75 in -> inner "
                                  "1181.0 mm", "mm")
D_48_PS = P(inner(1219.2, 19.1), "S50 (48 in Parchin-Sangbast) + estimate: wall 0.75 in -> "
                                 "inner 1181.0 mm", "mm")
D_48_IGAT3 = P(inner(1219.2, 19.1), "estimate: IGAT-3 north of Saveh to Rasht (S49) has no "
                                    "published diameter (FACTS gap); 48 in (one size below "
                                    "the 56 in to Saveh, S43), wall 0.75 in -> inner 1181.0 mm",
               "mm")
D_56 = P(inner(1422.4, 25.4), "estimate: Saveh-Parchin connection assumed in IGAT-3 size 56 in "
                              "(S43), wall 1.0 in -> inner 1371.6 mm", "mm")
D_36 = P(inner(914.4, 12.7), "S43 (30/36 in) + estimate: 36 in on Khangiran-Kordkuy (split of "
                             "the 30/36 not published), wall 0.5 in -> inner 889.0 mm", "mm")
D_30_SS = P(inner(762.0, 11.9), "S43 (30/36 in) + estimate: 30 in on Kordkuy-Sari, wall "
                                "0.469 in -> inner 738.2 mm", "mm")
D_KK = P(inner(1020, 12), "S43 (1000 mm, read as DN1000 = OD 1020 mm) + estimate: wall 12 mm "
                          "-> inner 996 mm", "mm")
D_AZ_GRID = P(inner(1220, 15), "estimate: Sangachal/Garadagh-Hajigabul and -Baku trunk lines "
                               "not in FACTS; DN1200 as the other AZ trunk lines, inner 1190 mm",
              "mm")
D_INTERCON = P(inner(1066.8, 12.7), "estimate: interconnector specifications not found (FACTS "
                                    "gap); IGAT-1 size 42 in assumed, inner 1041.4 mm", "mm")

# RU section chainage: S45 P0751 geometry chainage (km from Mozdok): tie-in 162.55 (projection
# of the P1477 end vertex, 18.5 km off the schematic route), Makhachkala vertex 262.2, border
# 392.95; scaled to the RU length 480 km (680 S22 - 200 S22/S23).
RU_SCALE = 480.0 / 392.95
PROV_RU_LEN = ("S22; S23 (680 km total, 200 km in AZ -> 480 km in RU, FACTS estimate) + "
               "estimate: split at the junctions by S45 P0751 chainage x 480/392.95")


def pipe(id_, frm, to, name, system, facts_id, country, length, diameter, rough, pmax,
         capacity=None):
    return {"id": id_, "kind": "pipe", "from": frm, "to": to, "name": name, "system": system,
            "facts_id": facts_id, "country": country, "length": length, "diameter": diameter,
            "roughness": rough, "pmax": pmax, "capacity": capacity}


def cap(value, unit, prov, conditions):
    # No source of a published capacity states its temperature basis (FACTS: "standard
    # conditions are not harmonised"): the basis read is an estimate, said as such (the
    # report's "within the published capacities" figures rest on it: S37's 4 bcm/y read at
    # 15 degC moves 2.35 to 2.43 bcm/y).
    basis = {"cis20": "20 degC (CIS/GOST)", "ir15": "15 degC (NIGC)"}[conditions]
    return {"value": value, "unit": unit, "conditions": conditions,
            "prov": prov + " + estimate: the source states no temperature basis; read at "
            + basis}


PM_AZ = P(MAOP_AZ, PROV_MAOP_AZ, "bar")
PM_RU = P(MAOP_AZ, PROV_MAOP_RU, "bar")
PM_IG1 = P(MAOP_IR, PROV_MAOP_IGAT1, "bar")
PM_IRE = P(MAOP_IR, PROV_MAOP_IR_EST, "bar")
PM_TM = P(MAOP_TM, PROV_MAOP_TM, "bar")

# IGAT-1's own capacity is S47's; S38's 10 bcm/y is the Kazi-Magomed-Astara system's design
# and S46 gives IGAT-1's size and pressure only.
IGAT1_CAP_PROV = ("S47 (IGAT-1 design export 600 MMSCFD in 1970 rising to 1000 MMSCFD in "
                  "1974; 1000 MMSCFD = 28.3 mcm/d = 10.3 bcm/y, rounded to 10)")
CAP_MOZ = cap(10, "bcm/y", "S22; S23; S24 (13 bcm/y in S20; S21 not used, FACTS §7)", "cis20")
CAP_HA = cap(4, "bcm/y", "S37 (current; design 10 bcm/y S30; S31; S34; ~3.65 via Astara CS)",
             "cis20")

ARCS = [
    # Mozdok-Makhachkala-Kazimagomed (P0751)
    pipe("p_mozdok_aksai", "ru_mozdok", "ru_aksai", "Mozdok-Kazimagomed: Mozdok - Aksai tie-in",
         "Mozdok-Makhachkala-Kazimagomed", "P_MOZDOK_HAJIGABUL", "RU",
         P(round(162.55 * RU_SCALE, 1), PROV_RU_LEN, "km"), D_1220, ROUGH_OLD, PM_RU, CAP_MOZ),
    pipe("p_aksai_makhachkala", "ru_aksai", "ru_makhachkala",
         "Mozdok-Kazimagomed: Aksai tie-in - Makhachkala", "Mozdok-Makhachkala-Kazimagomed",
         "P_MOZDOK_HAJIGABUL", "RU", P(round((262.2 - 162.55) * RU_SCALE, 1), PROV_RU_LEN, "km"),
         D_1220, ROUGH_OLD, PM_RU, CAP_MOZ),
    pipe("p_makhachkala_border", "ru_makhachkala", "border_ru_az",
         "Mozdok-Kazimagomed: Makhachkala - Novo-Filya (border)",
         "Mozdok-Makhachkala-Kazimagomed", "P_MOZDOK_HAJIGABUL", "RU",
         P(round(480.0 - round(162.55 * RU_SCALE, 1) - round((262.2 - 162.55) * RU_SCALE, 1), 1),
           PROV_RU_LEN, "km"), D_1220, ROUGH_OLD, PM_RU, CAP_MOZ),
    pipe("p_border_hajigabul", "border_ru_az", "az_hajigabul",
         "Hajigabul-Shirvanovka (AZ section of Mozdok-Kazimagomed)",
         "Mozdok-Makhachkala-Kazimagomed", "P_MOZDOK_HAJIGABUL", "AZ",
         P(200.0, "S22; S23 (straight line border-Hajigabul is 216 km, GEM geometry ~300 km; "
                  "conflict noted in docs/corridor-case.md)", "km"), D_1220, ROUGH_OLD, PM_AZ,
         CAP_MOZ),
    # Hajigabul-Astara (P0748, AZ part)
    pipe("p_hajigabul_astara", "az_hajigabul_cs_out", "az_astara", "Hajigabul-Astara",
         "Gazimagomed-Astara-Bid Boland (AZ part)", "P_HAJIGABUL_ASTARA", "AZ",
         P(210.0, "S22; S37", "km"), D_HA, ROUGH_OLD, PM_AZ, CAP_HA),
    # AZ domestic grid (not in FACTS)
    pipe("p_sangachal_hajigabul", "az_sangachal", "az_hajigabul",
         "Sangachal/Garadagh - Hajigabul (AZ grid)", "AZ domestic grid (estimate)", None, "AZ",
         P(55.0, "estimate: haversine Sangachal-Hajigabul 47.9 km x 1.15 routing factor", "km"),
         D_AZ_GRID, ROUGH_NEW, PM_AZ),
    pipe("p_sangachal_baku", "az_sangachal", "az_baku", "Sangachal/Garadagh - Baku (AZ grid)",
         "AZ domestic grid (estimate)", None, "AZ",
         P(49.0, "estimate: haversine Sangachal-Baku 42.2 km x 1.15 routing factor", "km"),
         D_AZ_GRID, ROUGH_NEW, PM_AZ),
    # Astara interconnector
    pipe("p_astara_interconnector", "az_astara_cs_out", "ir_astara",
         "Astara (AZ) - Astara (IR) border interconnector", "Astara interconnection",
         "P_ASTARA_BORDER", "AZ/IR",
         P(5.3, "estimate: haversine between the Astara CS (town, S130) and the IGAT-1 north "
                "vertex (S45); length not published (FACTS gap)", "km"), D_INTERCON, ROUGH_NEW,
         P(MAOP_IR, "estimate: rated as IGAT-1 (1000 psig, S46) = 69.96 bar abs", "bar")),
    # IGAT-1 north
    pipe("p_igat1_astara_chelavand", "ir_astara", "ir_chelavand", "IGAT-1: Astara - Chelavand",
         "IGAT-1", "P_IGAT1_ASTARA_RASHT", "IR",
         P(18.1, "S45 (chainage along the P3957 geometry, FACTS estimate)", "km"), D_42, ROUGH_OLD,
         PM_IG1, cap(10, "bcm/y", IGAT1_CAP_PROV, "ir15")),
    pipe("p_igat1_chelavand_rasht", "ir_chelavand", "ir_rasht", "IGAT-1: Chelavand - Rasht",
         "IGAT-1", "P_IGAT1_ASTARA_RASHT", "IR",
         P(145.9, "S45 (chainage along P3957, FACTS estimate)", "km"), D_42, ROUGH_OLD, PM_IG1,
         cap(10, "bcm/y", IGAT1_CAP_PROV, "ir15")),
    pipe("p_loop_chelavand_rasht", "ir_chelavand", "ir_rasht",
         "Rasht-Chelavand loop (parallel to IGAT-1; oriented like IGAT-1)", "Rasht-Chelavand",
         "P_RASHT_CHELAVAND", "IR", P(150.0, "S40; S43", "km"), D_42_LOOP, ROUGH_NEW, PM_IRE,
         cap(5.5, "bcm/y", "S41; S43 (transit to AZ)", "ir15")),
    pipe("p_chelavand_ardabil", "ir_chelavand", "ir_ardabil_in", "Chelvand-Ardabil",
         "Chelvand-Ardabil", "P_CHELVAND_ARDABIL", "IR", P(55.0, "S42", "km"), D_30_ARD, ROUGH_NEW,
         PM_IRE, cap(15.25, "mcm/d", "S42 (design; status: under construction, works began 21 Sep "
                                         "2023, commissioning targeted Mar 2026; modelled in "
                                         "service in every scenario; whether it is in service "
                                         "now is not documented)",
                     "ir15")),
    pipe("p_igat1_rasht_qazvin", "ir_rasht", "ir_qazvin", "IGAT-1: Rasht - Qazvin", "IGAT-1",
         "P_IGAT1_ASTARA_RASHT", "IR",
         P(134.7, "S45 (chainage along P3957: 298.7 - 164.0 km, as FACTS' Astara-Qazvin 299 km)",
           "km"), D_42, ROUGH_OLD, PM_IG1, cap(10, "bcm/y", IGAT1_CAP_PROV, "ir15")),
    pipe("p_igat1_qazvin_saveh", "ir_qazvin", "ir_saveh", "IGAT-1: Qazvin - Saveh", "IGAT-1",
         "P_IGAT1_ASTARA_RASHT", "IR",
         P(161.0, "S45 (chainage along P3957: 459.7 - 298.7 km; vertex at Saveh)", "km"), D_42,
         ROUGH_OLD, PM_IG1, cap(10, "bcm/y", IGAT1_CAP_PROV, "ir15")),
    pipe("p_igat3_rasht_qazvin", "ir_rasht", "ir_qazvin",
         "IGAT-3 northern tail: Rasht - Qazvin (parallel to IGAT-1)", "IGAT-3",
         "P_IGAT3_SAVEH_RASHT", "IR",
         P(134.7, "estimate: IGAT-3 reaches Rasht (S49); route not published (FACTS gap); "
                  "length taken equal to the parallel IGAT-1 section (S45 chainage)", "km"),
         D_48_IGAT3, ROUGH_NEW, PM_IRE,
         cap(90, "mcm/d", "S49 (whole IGAT-3; tail capacity not published)", "ir15")),
    pipe("p_igat3_qazvin_saveh", "ir_qazvin", "ir_saveh",
         "IGAT-3 northern tail: Qazvin - Saveh (parallel to IGAT-1)", "IGAT-3",
         "P_IGAT3_SAVEH_RASHT", "IR",
         P(161.0, "estimate: length taken equal to the parallel IGAT-1 section (S45 chainage)",
           "km"), D_48_IGAT3, ROUGH_NEW, PM_IRE,
         cap(90, "mcm/d", "S49 (whole IGAT-3)", "ir15")),
    # Link to the Tehran side and NE Iran
    pipe("p_saveh_parchin", "ir_saveh", "ir_parchin",
         "Saveh - Parchin (IGAT connection round south Tehran; estimate)",
         "Tehran-side link (estimate)", None, "IR",
         P(150.0, "estimate: haversine Saveh-Parchin 130.7 km x 1.15 routing factor; stands for "
                  "the IGAT links round south Tehran (not in FACTS)", "km"), D_56, ROUGH_NEW,
         PM_IRE),
    pipe("p_parchin_damghan", "ir_parchin", "ir_damghan",
         "Parchin-Sangbast 48 in: Parchin - Damghan", "Parchin-Sangbast", None, "IR",
         P(278.0, "estimate: haversine Parchin-Damghan 241.8 km x 1.15 routing factor (line "
                  "named in S50, length not published)", "km"), D_48_PS, ROUGH_NEW, PM_IRE),
    pipe("p_damghan_sari", "ir_damghan_cv_out", "ir_sari", "Damghan-Kiasar-Sari-Neka",
         "Damghan-Kiasar-Sari-Neka", "P_DAMGHAN_NEKA", "IR", P(170.0, "S50", "km"), D_42_DS,
         ROUGH_NEW, PM_IRE),
    # Sarakhs-Sari (P1639): 795 km (S43) split by S45 chainage x 795/824.4
    pipe("p_khangiran_mashhad", "ir_khangiran", "ir_mashhad", "Sarakhs-Sari: Khangiran - Mashhad",
         "Sarakhs-Sari", "P_SARAKHS_SARI", "IR",
         P(175.3, "S43 (795 km) + estimate: split by S45 P1639 chainage x 795/824.4", "km"), D_36,
         ROUGH_NEW, PM_IRE, cap(12, "bcm/y", "S43", "ir15")),
    pipe("p_mashhad_kordkuy", "ir_mashhad", "ir_kordkuy", "Sarakhs-Sari: Mashhad - Kordkuy",
         "Sarakhs-Sari", "P_SARAKHS_SARI", "IR",
         P(521.7, "S43 (795 km) + estimate: split by S45 P1639 chainage x 795/824.4 (Kordkuy "
                  "lies on the P1639 geometry)", "km"), D_36, ROUGH_NEW, PM_IRE,
         cap(12, "bcm/y", "S43", "ir15")),
    pipe("p_kordkuy_sari", "ir_kordkuy", "ir_sari", "Sarakhs-Sari: Kordkuy - Sari",
         "Sarakhs-Sari", "P_SARAKHS_SARI", "IR",
         P(98.0, "S43 (795 km) + estimate: split by S45 P1639 chainage x 795/824.4", "km"),
         D_30_SS, ROUGH_NEW, PM_IRE, cap(12, "bcm/y", "S43", "ir15")),
    # Korpeje-Kordkuy
    pipe("p_korpeje_border", "tm_korpeje_cs_out", "border_tm_ir_kordkuy",
         "Korpeje-Kordkuy: Korpeje - Atrek border (TM part)", "Korpeje-Kordkuy",
         "P_KORPEJE_KORDKUY", "TM", P(132.0, "S55 (132 km in TM)", "km"), D_KK, ROUGH_NEW, PM_TM,
         cap(8, "bcm/y", "S53; S52; S56", "cis20")),
    pipe("p_border_kordkuy", "border_tm_ir_kordkuy", "ir_kordkuy",
         "Korpeje-Kordkuy: Atrek border - Kordkuy (IR part)", "Korpeje-Kordkuy",
         "P_KORPEJE_KORDKUY", "IR", P(65.0, "S55 (197 km total - 132 km in TM)", "km"), D_KK,
         ROUGH_NEW, PM_IRE, cap(8, "bcm/y", "S53; S52; S56", "cis20")),
    # Dauletabad-Sarakhs-Khangiran
    pipe("p_dauletabad_border", "tm_dauletabad", "border_tm_ir_sarakhs",
         "Dauletabad-Sarakhs-Khangiran: Dauletabad - border (TM part)",
         "Dauletabad-Sarakhs-Khangiran", "P_DSK", "TM",
         P(151.5, "S51 (182 km) + estimate: minus the 30.5 km read as the Iranian part (S135)",
           "km"), D_48_DSK, ROUGH_NEW, PM_TM, cap(12, "bcm/y", "S51", "cis20")),
    pipe("p_border_khangiran", "border_tm_ir_sarakhs", "ir_khangiran",
         "Dauletabad-Sarakhs-Khangiran: border - Khangiran (IR part)",
         "Dauletabad-Sarakhs-Khangiran", "P_DSK", "IR",
         P(30.5, "S135 ('30.5 km long', read as the Iranian part: estimate of the reading)",
           "km"), D_48_DSK, ROUGH_NEW, PM_IRE, cap(12, "bcm/y", "S51", "cis20")),
]

# Compressor stations. Flow bounds in 1000 m3/h at 0 degC.
STATIONS = [
    {"id": "cs_gazimagomed", "kind": "compressorStation", "from": "az_hajigabul",
     "to": "az_hajigabul_cs_out", "country": "AZ", "facts_id": "CS_GAZIMAGOMED",
     "name": "Gazi-Magomed CS (Hajigabul), toward Astara",
     "system": "Gazimagomed-Astara-Bid Boland (AZ part)",
     "flow_min": P(-1000.0, "estimate: reverse flow (IR->AZ swap gas going north) passes the "
                            "station's bypass; 24 mcm/d allowed", "1000m_cube_per_hour"),
     "flow_max": P(round(10 * BCMY_TO_MCMD * MCMD_TO_GASLIB * CIS_TO_N, 6),
                   "S30; S31; S34 (10 bcm/y design of the Astara leg) + estimate: read at 20 degC",
                   "1000m_cube_per_hour"),
     "pin_min": P(10.0 + ATM, "estimate: suction minimum 10 barg (not published)", "bar"),
     "pout_max": P(MAOP_AZ, PROV_MAOP_AZ, "bar"),
     "diameter": D_HA,
     "units": 3, "duty": 2,
     "units_prov": ("estimate: power and units not found (FACTS gap); 3 units of the Soviet "
                    "10 MW class (GTK-10 type, the standard for DN1200 lines of the period), "
                    "2 duty + 1 standby"),
     "target": {"Qmax": 5.0, "Hmax": 68.0, "power_kW": 10000.0},
     "target_prov": ("estimate: per unit half of the 10 bcm/y leg design at 35 bar suction "
                     "(Q ~4.2 m3/s), pressure ratio up to 1.6 (H ~64 kJ/kg); the machines are "
                     "sized above that duty point, Qmax 5.0 m3/s (+19 %) and Hmax 68 kJ/kg "
                     "(+6 %), an assumed design margin")},
    {"id": "cs_astara", "kind": "compressorStation", "from": "az_astara",
     "to": "az_astara_cs_out", "country": "AZ", "facts_id": "CS_ASTARA",
     "name": "Astara CS (plants 1 and 2), export to Iran",
     "system": "Astara interconnection",
     "flow_min": P(round(-5.5 * BCMY_TO_MCMD * MCMD_TO_GASLIB * IR_TO_N, 6),
                   "estimate: reverse flow (IR->AZ deliveries) through the bypass, limited to "
                   "the Rasht-Chelavand transit capacity 5.5 bcm/y (S41; S43) read at 15 degC",
                   "1000m_cube_per_hour"),
     "flow_max": P(round(to_gaslib(10.0, "cis20"), 6),
                   "S35; S32; S39 (2 plants x 5 mcm/d) + estimate: read at 20 degC",
                   "1000m_cube_per_hour"),
     "pin_min": P(10.0 + ATM, "estimate: suction minimum 10 barg (not published)", "bar"),
     "pout_max": P(MAOP_IR, "estimate: discharge into the IGAT-1 system, 1000 psig (S46)", "bar"),
     "diameter": D_INTERCON,
     "units": 2, "duty": 2,
     "units_prov": ("S35; S32 (two plants of 5 mcm/d each) + estimate: each plant modelled as "
                    "one unit (6 compressors installed by 2011, S33; sizes not found)"),
     "target": {"Qmax": 2.5, "Hmax": 90.0, "power_kW": 4500.0},
     "target_prov": ("estimate: 5 mcm/d (20 degC) per plant = 1.8 m3/s at 30 bar suction; "
                     "ratio up to 1.8 (H ~ 80 kJ/kg), which reaches IGAT-1's 69.96 bar from 39 "
                     "bar suction (from 30 bar, ratio 2.33, it would need ~120 kJ/kg); the "
                     "machines are sized above that duty point, Qmax 2.5 m3/s (+39 %) and Hmax "
                     "90 kJ/kg (+13 %), an assumed design margin")},
    {"id": "cs_korpeje", "kind": "compressorStation", "from": "tm_korpeje",
     "to": "tm_korpeje_cs_out", "country": "TM", "facts_id": "CS_KORPEJE",
     "name": "Korpeje compressor complex", "system": "Korpeje-Kordkuy",
     "flow_min": P(0.0, "estimate: one-directional export station", "1000m_cube_per_hour"),
     "flow_max": P(round(8 * BCMY_TO_MCMD * MCMD_TO_GASLIB * CIS_TO_N, 6),
                   "S53; S52; S56 (line capacity 8 bcm/y) + estimate: read at 20 degC",
                   "1000m_cube_per_hour"),
     "pin_min": P(20.0 + ATM, "estimate: field gathering delivers >= 20 barg (not published)",
                  "bar"),
     "pout_max": P(MAOP_TM, PROV_MAOP_TM, "bar"),
     "diameter": D_KK,
     "units": 3, "duty": 2,
     "units_prov": ("S56 (complex exists, opened 2005, EUR 114 m) + estimate: power not found; "
                    "3 x 12 MW class units, 2 duty + 1 standby, sized for 8 bcm/y"),
     "target": {"Qmax": 4.2, "Hmax": 110.0, "power_kW": 12000.0},
     "target_prov": ("estimate: per unit half of 8 bcm/y at 35 bar suction (3.35 m3/s), ratio "
                     "up to 2.1 (H ~104 kJ/kg); the machines are sized above that duty point, "
                     "Qmax 4.2 m3/s (+25 %) and Hmax 110 kJ/kg (+6 %), an assumed design "
                     "margin")},
    {"id": "cs_ardabil", "kind": "compressorStation", "from": "ir_ardabil_in", "to": "ir_ardabil",
     "country": "IR", "facts_id": "CS_ARDABIL",
     "name": "Ardabil pressure-boost station", "system": "Chelvand-Ardabil",
     "flow_min": P(0.0, "estimate: one-directional (into Ardabil)", "1000m_cube_per_hour"),
     "flow_max": P(round(to_gaslib(15.25, "ir15"), 6),
                   "S42 (15.25 mcm/d design of the line) + estimate: read at 15 degC",
                   "1000m_cube_per_hour"),
     "pin_min": P(15.0 + ATM, "estimate: suction minimum 15 barg (not published)", "bar"),
     "pout_max": P(MAOP_IR, PROV_MAOP_IR_EST, "bar"),
     "diameter": D_30_ARD,
     "units": 2, "duty": 2,
     "units_prov": ("S42 (station named at the end of the line) + estimate: power not found; "
                    "2 x 5 MW class units"),
     "target": {"Qmax": 3.4, "Hmax": 60.0, "power_kW": 5000.0},
     "target_prov": ("estimate: per unit half of 15.25 mcm/d at 30 bar suction (2.8 m3/s), "
                     "ratio up to 1.5 (H ~55 kJ/kg); the machines are sized above that duty "
                     "point, Qmax 3.4 m3/s (+21 %) and Hmax 60 kJ/kg (+9 %), an assumed design "
                     "margin")},
]

CONTROL_VALVES = [
    {"id": "cv_damghan_sari", "kind": "controlValve", "from": "ir_damghan",
     "to": "ir_damghan_cv_out", "country": "IR", "facts_id": "P_DAMGHAN_NEKA",
     "name": "Damghan pressure regulation into the Damghan-Kiasar-Sari-Neka branch",
     "system": "Damghan-Kiasar-Sari-Neka",
     "prov": ("estimate: not in FACTS; a branch from a 48 in trunk into a 42 in regional line "
              "downhill to the Caspian coast is fed through a pressure-reduction station; it "
              "also keeps the pressure level of north-eastern Iran (fed by the Turkmen lines) "
              "independent of the Tehran side"),
     "flow_min": 0.0, "flow_max": 10000.0, "dp_min": 0.0, "dp_max": 60.0,
     "pin_min": ATM, "pout_max": MAOP_IR, "loss_in": 0.0, "loss_out": 0.0},
]

# ---------------------------------------------------------------------------------------
# Base turbo-compressor (GasLib-40 compressor_1 / drive_1, CC BY 3.0) and its scaling
# ---------------------------------------------------------------------------------------
BASE_N = [-9.12494, 0.00210704, 6.98108e-08, 10.566, -0.00011885, 1.33716e-07, -10.5652,
          0.00066214, -3.50928e-08]
BASE_ETA = [1.30314, -0.000270759, 1.36317e-08, 0.368873, 0.000203474, -1.52475e-08, -0.77351,
            6.18951e-05, -6.34336e-10]
BASE_SURGE = [-77.6315, 118.291, -24.711]
BASE_CHOKE = [0.168264, -0.228366, 2.47995]
BASE_ENERGY = [4001.75, 2.60806, 4.45109e-07]
BASE_POWER = [40.5236, 0.596875, -2.49783e-05, -0.32098, -0.00366812, 1.5354e-07, 0.00120491,
              4.3757e-06, -2.01141e-10]
BASE_SPEED = (5760.0, 11600.0, 7000.0)
BASE_QMAX = 3.42   # choke flow at speedMax (m3/s), computed from the polynomials
BASE_HMAX = 48.7   # surge head at speedMax (kJ/kg)


def base_pmax(T=15.0, n=11600.0):
    return sum(BASE_POWER[3 * i + j] * T ** i * n ** j for i in range(3) for j in range(3))


def scale_unit(target):
    fQ = target["Qmax"] / BASE_QMAX
    fH = target["Hmax"] / BASE_HMAX
    fP = target["power_kW"] / base_pmax()
    n_coef = [BASE_N[k] * fH / fQ ** (k // 3) for k in range(9)]
    eta = [BASE_ETA[k] / fQ ** (k // 3) for k in range(9)]
    surge = [BASE_SURGE[0] * fH, BASE_SURGE[1] * fH / fQ, BASE_SURGE[2] * fH / fQ ** 2]
    choke = [BASE_CHOKE[0] * fH, BASE_CHOKE[1] * fH / fQ, BASE_CHOKE[2] * fH / fQ ** 2]
    energy = [BASE_ENERGY[0] * fP, BASE_ENERGY[1], BASE_ENERGY[2] / fP]
    power = [c * fP for c in BASE_POWER]
    return {"fQ": fQ, "fH": fH, "fP": fP, "n": n_coef, "eta": eta, "surge": surge,
            "choke": choke, "energy": energy, "power": power}


# ---------------------------------------------------------------------------------------
# Scenarios (mcm/d at the stated reference conditions)
# ---------------------------------------------------------------------------------------
SWAP_FEE = 0.25
PROV_FEE = "estimate: 25 %, middle of the 20-30 % fee of the 2021 deal (S69)"

DEMAND_BASE = {  # annual averages
    "ru_makhachkala": (5.0, "cis20", "estimate: southern Dagestan supply from this line "
                       "(volume not found; S28: the line's operator near Makhachkala), "
                       "~1.8 bcm/y"),
    "az_baku": (13.5, "cis20", "S151 (~11 bcm/y = 30.1 mcm/d AZ demand, taken as 30.0) + "
                "estimate: 45 % to Baku/Absheron"),
    "az_hajigabul": (12.0, "cis20", "S151 + estimate: 40 % to central/western regions and "
                     "power plants via Hajigabul"),
    "az_astara": (4.5, "cis20", "S151 + estimate: 15 % to the southern regions"),
    "ir_rasht": (18.6, "ir15", "S85 (Gilan 6.8 bcm in FY1401 / 365 d)"),
    "ir_ardabil": (4.5, "ir15", "S88 (Ardabil ~9 mcm/d average) + estimate: half through "
                   "Chelvand-Ardabil (S42: the line doubles Ardabil's input)"),
    "ir_qazvin": (8.0, "ir15", "S93 (1.172 bcm in Mehr-Azar 1404, 23 Sep-21 Dec 2025, "
                  "90 days = 13.0 mcm/d with the heating season begun; 15.1 mcm/d on 31 Dec "
                  "2025) + estimate: annual average 8 (summer well below)"),
    "ir_sari": (18.0, "ir15", "S91 (36 mcm/d on record days) + estimate: annual average half"),
    "ir_kordkuy": (8.0, "ir15", "estimate: Golestan demand fed at Kordkuy (not in FACTS)"),
    "ir_mashhad": (10.0, "ir15", "estimate: the part of Khorasan Razavi fed from Sarakhs-Sari "
                   "(Mashhad's main supply via Parchin-Sangbast and Khangiran production is "
                   "outside the model)"),
}
DEMAND_WINTER = {
    "ru_makhachkala": (8.0, "cis20", "estimate: winter 1.6 x annual average"),
    "az_baku": (47.376 * 0.45, "cis20", "S94 (record 47.376 mcm/d, 24 Jan 2024) + estimate: "
                "45 % Baku"),
    "az_hajigabul": (47.376 * 0.40, "cis20", "S94 + estimate: 40 %"),
    "az_astara": (47.376 * 0.15, "cis20", "S94 + estimate: 15 %"),
    "ir_rasht": (32.0, "ir15", "S85 (FY1401: households 2.571, power 2.846, the rest 1.383 of "
                 "6.8 bcm) + estimate: households x3 on a peak day (21.1 mcm/d) + power 7.8 + "
                 "the rest 3.8 = 32.7, taken as 32"),
    "ir_ardabil": (12.0, "ir15", "S89 (11 mcm/d households, Dec 2025) + estimate: 12 through "
                   "Chelvand-Ardabil (design 15.25, S42)"),
    "ir_qazvin": (15.123, "ir15", "S93 (15.123 mcm/d on 31 Dec 2025)"),
    "ir_sari": (36.0, "ir15", "S91 (36 mcm/d on national record days)"),
    "ir_kordkuy": (12.0, "ir15", "estimate: 1.5 x annual average (the model serves only part "
                   "of Golestan's peak; see docs)"),
    "ir_mashhad": (12.0, "ir15", "estimate: 1.2 x annual average (Mashhad's winter peak is met "
                   "mostly from Khangiran production and Parchin-Sangbast, outside the model)"),
}
TM_IRAQ = (9.0 * BCMY_TO_MCMD, "cis20",
           "S58 (2024 agreement: 9 bcm/y to Iran for Iraq, 5 years; actual 2024-25 flows not "
           "found, contract level used) ")
TM_SPLIT = (0.4, "estimate: Korpeje 40 % / Dauletabad 60 %, pro rata to capacity 8 : 12 bcm/y "
                 "(S53; S51)")
SWAP_BASE_DELIVERED = (4.5, "ir15", "S72 (TM->AZ via IR, FY Mar 2022-Mar 2023 average) + "
                       "estimate: assumed that the swap runs at that average; S72 also gives "
                       "10 mcm/d for 21 Mar-Aug 2023 (not a scenario: docs/corridor-report.md) "
                       "and a temporary suspension in Jan 2024 (scenario swap-stopped); later "
                       "volumes not found")
SWAP_2023_DELIVERED = (10.0, "ir15", "S72 (TM->AZ via IR, 21 Mar-Aug 2023: 10 mcm/d, the "
                       "latest documented running rate, before the suspension of Jan 2024); "
                       "not a scenario: its Turkmen input (13.3 mcm/d at 15 degC, 12.6 at 0 "
                       "degC) on top of the 2024 contract volume (for Iraq, as a swap) cannot "
                       "be carried by the modelled "
                       "Turkmen-Iran lines (check_corridor.py: Khangiran would need ~100 bar); "
                       "its effect on the transit headroom: docs/corridor-report.md")
SWAP_CONTRACT_TM = (2.0 * BCMY_TO_MCMD, "cis20", "S64; S66; S67; S68 (contract 1.5-2 bcm/y, "
                    "upper value) + estimate: read as Turkmen input at 20 degC, of which Iran "
                    "delivers 75 % (fee 25 %) at Astara; the sources do not say which side "
                    "of the swap the volume counts: read as the volume delivered to "
                    "Azerbaijan, the input would be 2 / 0.75 = 2.67 bcm/y (not modelled)")
RU_PHASE1 = (2.0 * BCMY_TO_MCMD, "cis20", "S03; S04; S05 (start volume up to 2 bcm/y); the "
             "first phase is 1.8 bcm/y in S02; S14; S15, less than modelled here")
RU_10 = (10.0 * BCMY_TO_MCMD, "cis20", "S22 (line capacity 10 bcm/y)")
RU_55 = (55.0 * BCMY_TO_MCMD, "cis20", "S01; S03 (long-term 55 bcm/y)")

SCENARIOS = [
    ("baseline", "Recent annual-average flows, no Russian transit; Turkmen swap assumed "
                 "running at its FY2022/23 average (4.5 mcm/d at 15 degC, Iranian "
                 "standard conditions, delivered at Astara, S72; S72 also reports 10 mcm/d "
                 "in Mar-Aug 2023 and a suspension in Jan 2024, as in swap-stopped); "
                 "Turkmen gas for Iraq at the 2024 contract's 9 bcm/y (S58), an agreement "
                 "made after that swap average, so the two need not have run together",
     dict(winter=False, ru=None, swap="base")),
    ("ru-phase1", "Baseline plus the Russian start volume: 2 bcm/y (20 degC) from Mozdok to "
                  "Iran at Astara (\"up to 2 bcm/y\", S03-S05; the announced first phase is "
                  "1.8 bcm/y, S02, S14, below this); Iran's own supply from Saveh reduced by "
                  "the same volume",
     dict(winter=False, ru=RU_PHASE1, swap="base")),
    ("ru-10bcm", "Baseline plus 10 bcm/y (20 degC) of Russian transit to Iran",
     dict(winter=False, ru=RU_10, swap="base")),
    ("ru-55bcm", "Baseline plus the 55 bcm/y (20 degC) target, intentionally beyond the "
                 "existing system; gas beyond northern Iran's demand leaves at Parchin toward "
                 "Tehran",
     dict(winter=False, ru=RU_55, swap="base")),
    ("winter-peak", "Peak winter day: northern Iran and Azerbaijan at winter demand, swap at "
                    "the baseline rate, no Russian transit",
     dict(winter=True, ru=None, swap="base")),
    ("swap-contract", "Baseline with the Turkmen swap at the 2021 contract level: 2 bcm/y "
                      "(20 degC) of Turkmen gas into NE Iran, Iran delivers 75 % of it (fee "
                      "25 %) to Azerbaijan at Astara (an estimate: the contract volume read as "
                      "Turkmen input; so read, less swap than the baseline's FY2022/23 average, "
                      "the year in which a doubling was agreed, June 2022 MoU, S71; read as the "
                      "volume delivered, it would mean 2.67 bcm/y of input, more than the "
                      "baseline)",
     dict(winter=False, ru=None, swap="contract")),
    ("swap-stopped", "Baseline with the Turkmen swap stopped (as in Jan 2024): no swap gas "
                     "from Turkmenistan, no Iranian delivery at Astara",
     dict(winter=False, ru=None, swap="stopped")),
]

ROUND = 1e-6  # 1000 m3/h -> 1 m3/h resolution


def r6(x):
    return round(x / ROUND) * ROUND


def build_scenario(opts):
    dem = DEMAND_WINTER if opts["winter"] else DEMAND_BASE
    flows = {}   # node -> GasLib value (1000 m3/h at 0 degC)
    notes = {}   # node -> text
    for k, (v, conv, prov) in dem.items():
        flows[k] = r6(to_gaslib(v, conv))
        notes[k] = (v, conv, prov)
    # swap
    if opts["swap"] == "base":
        deliv = r6(to_gaslib(SWAP_BASE_DELIVERED[0], SWAP_BASE_DELIVERED[1]))
        swap_tm = r6(deliv / (1 - SWAP_FEE))
        swap_note = ("swap delivered at Astara %.4f mcm/d (15 degC) = %.6f (1000 m3/h, 0 degC), "
                     "Turkmen input = delivered / (1 - fee) = %.6f" % (
                         SWAP_BASE_DELIVERED[0], deliv, swap_tm))
    elif opts["swap"] == "contract":
        swap_tm = r6(to_gaslib(SWAP_CONTRACT_TM[0], SWAP_CONTRACT_TM[1]))
        deliv = r6(swap_tm * (1 - SWAP_FEE))
        swap_note = ("swap Turkmen input %.4f mcm/d (20 degC) = %.6f (1000 m3/h, 0 degC), "
                     "delivered at Astara = input x (1 - fee) = %.6f" % (
                         SWAP_CONTRACT_TM[0], swap_tm, deliv))
    else:
        swap_tm, deliv = 0.0, 0.0
        swap_note = "swap stopped: Turkmen swap input 0, Iranian delivery at Astara 0"
    tm_iraq = r6(to_gaslib(TM_IRAQ[0], TM_IRAQ[1]))
    tm_total = tm_iraq + swap_tm
    flows["tm_korpeje"] = r6(tm_total * TM_SPLIT[0])
    flows["tm_dauletabad"] = r6(tm_total - flows["tm_korpeje"])
    ru = r6(to_gaslib(opts["ru"][0], opts["ru"][1])) if opts["ru"] else 0.0
    flows["ru_mozdok"] = r6(flows["ru_makhachkala"] + ru)
    flows["ru_aksai"] = 0.0
    # Azerbaijan balances with Sangachal: AZ demand - Iranian swap delivery at Astara
    az_dem = flows["az_baku"] + flows["az_hajigabul"] + flows["az_astara"]
    flows["az_sangachal"] = r6(az_dem - deliv)
    # Iran balances with Saveh (or exports onward at Parchin)
    ir_sinks = sum(flows[k] for k in ("ir_rasht", "ir_ardabil", "ir_qazvin", "ir_sari",
                                     "ir_kordkuy", "ir_mashhad"))
    need = r6(ir_sinks + deliv - flows["tm_korpeje"] - flows["tm_dauletabad"] - ru)
    if need >= 0:
        flows["ir_saveh"], flows["ir_parchin"] = need, 0.0
    else:
        flows["ir_saveh"], flows["ir_parchin"] = 0.0, -need
    info = {"ru": ru, "swap_tm": swap_tm, "swap_delivered": deliv, "tm_iraq": tm_iraq,
            "swap_note": swap_note, "notes": notes}
    return flows, info


# ---------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!-- corridor: the Russia-Azerbaijan-Iran gas corridor case (Mozdok - Hajigabul - Astara -
     Rasht/Ardabil/Qazvin - Saveh, with the Turkmen entries into north-eastern Iran).
     Generated by data/corridor/tools/make_corridor.py; do not edit by hand.
     Every number traces to data/corridor/FACTS sources (S..) or a stated estimate:
     see data/corridor/SOURCES.md and annotations.json.
     Units: km, mm, bar (absolute), Celsius, 1000m_cube_per_hour at 0 degC and 1.01325 bar.
     The machine data in corridor.cs scale GasLib-40's compressor_1/drive_1
     (GasLib, CC BY 3.0: Schmidt et al., "GasLib - A Library of Gas Network Instances",
     Data 2(4):40, 2017; Pfetsch et al. (2012), ZIB-Report 12-41). -->
"""


def fmt(x):
    if isinstance(x, int):
        return str(x)
    s = repr(float(x))
    if s.endswith(".0"):
        s = s[:-2]
    return s


def xy(lat, lon):
    x = (lon - 44.0) * math.cos(math.radians(38.0)) * 111.32
    y = (lat - 36.0) * 110.57
    return round(x, 1), round(y, 1)


def node_pmax(n):
    return n["pmax"]


def write_net(gas_props):
    L = [HEADER]
    L.append('<network xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
             '         xmlns="http://gaslib.zib.de/Gas"\n'
             '         xsi:schemaLocation="http://gaslib.zib.de/Gas Gas.xsd"\n'
             '         xmlns:framework="http://gaslib.zib.de/Framework">\n')
    L.append('  <framework:information>\n'
             '    <framework:title>corridor_RU_AZ_IR</framework:title>\n'
             '    <framework:type>gas</framework:type>\n'
             '    <framework:date>2026-11-28</framework:date>\n'
             '    <framework:documentation>Russia-Azerbaijan-Iran gas corridor with the '
             'Turkmen entries into north-eastern Iran: %d nodes, %d arcs. See '
             'docs/corridor-case.md. Compressor machine data scaled from GasLib-40 (GasLib, '
             'CC BY 3.0: Schmidt et al., Data 2(4):40, 2017; Pfetsch et al., ZIB-Report '
             '12-41, 2012).</framework:documentation>\n'
             '  </framework:information>\n' % (len(NODES), len(ARCS) + len(STATIONS) + len(CONTROL_VALVES)))
    L.append('  <framework:nodes>\n')
    for n in NODES:
        x, y = xy(n["lat"], n["lon"])
        L.append('    <%s id="%s" alias="" x="%s" y="%s" geoWGS84Lat="%s" geoWGS84Long="%s">\n'
                 % (n["kind"], n["id"], fmt(x), fmt(y), fmt(n["lat"]), fmt(n["lon"])))
        L.append('      <height value="%s" unit="m"/>\n' % fmt(n["height"]))
        L.append('      <pressureMin value="%s" unit="bar"/>\n' % fmt(round(n["pmin"], 5)))
        L.append('      <pressureMax value="%s" unit="bar"/>\n' % fmt(round(n["pmax"], 5)))
        if n["kind"] in ("source", "sink"):
            L.append('      <flowMin value="0" unit="1000m_cube_per_hour"/>\n')
            L.append('      <flowMax value="%s" unit="1000m_cube_per_hour"/>\n'
                     % fmt(round(n["flow_max"], 6)))
        if n["kind"] == "source":
            g = gas_props[n["origin"]]
            L.append('      <gasTemperature value="%s" unit="Celsius"/>\n'
                     % fmt(GASES[n["origin"]]["temperature_C"]))
            L.append('      <calorificValue value="%.6f" unit="MJ_per_m_cube"/>\n'
                     % g["calorificValue"])
            L.append('      <normDensity value="%.6f" unit="kg_per_m_cube"/>\n' % g["normDensity"])
            L.append('      <coefficient-A-heatCapacity value="%.6f"/>\n' % g["A"])
            L.append('      <coefficient-B-heatCapacity value="%.6e"/>\n' % g["B"])
            L.append('      <coefficient-C-heatCapacity value="%.6e"/>\n' % g["C"])
            L.append('      <molarMass value="%.4f" unit="kg_per_kmol"/>\n' % g["molarMass"])
            L.append('      <pseudocriticalPressure value="%.4f" unit="bar"/>\n'
                     % g["pseudocriticalPressure"])
            L.append('      <pseudocriticalTemperature value="%.4f" unit="K"/>\n'
                     % g["pseudocriticalTemperature"])
        L.append('    </%s>\n' % n["kind"])
    L.append('  </framework:nodes>\n')
    L.append('  <framework:connections>\n')
    for a in ARCS:
        L.append('    <pipe id="%s" alias="" from="%s" to="%s">\n' % (a["id"], a["from"], a["to"]))
        L.append('      <flowMin value="-10000" unit="1000m_cube_per_hour"/>\n')
        L.append('      <flowMax value="10000" unit="1000m_cube_per_hour"/>\n')
        L.append('      <length value="%s" unit="km"/>\n' % fmt(a["length"]["value"]))
        L.append('      <diameter value="%s" unit="mm"/>\n' % fmt(round(a["diameter"]["value"], 1)))
        L.append('      <roughness value="%s" unit="mm"/>\n' % fmt(a["roughness"]["value"]))
        L.append('      <pressureMax value="%s" unit="bar"/>\n' % fmt(round(a["pmax"]["value"], 5)))
        L.append('      <heatTransferCoefficient value="2" unit="W_per_m_square_per_K"/>\n')
        L.append('    </pipe>\n')
    for c in CONTROL_VALVES:
        L.append('    <controlValve id="%s" alias="" from="%s" to="%s" internalBypassRequired="1" '
                 'gasPreheaterExisting="0">\n' % (c["id"], c["from"], c["to"]))
        L.append('      <flowMin value="%s" unit="1000m_cube_per_hour"/>\n' % fmt(c["flow_min"]))
        L.append('      <flowMax value="%s" unit="1000m_cube_per_hour"/>\n' % fmt(c["flow_max"]))
        L.append('      <pressureDifferentialMin value="%s" unit="bar"/>\n' % fmt(c["dp_min"]))
        L.append('      <pressureDifferentialMax value="%s" unit="bar"/>\n' % fmt(c["dp_max"]))
        L.append('      <pressureInMin value="%s" unit="bar"/>\n' % fmt(round(c["pin_min"], 5)))
        L.append('      <pressureOutMax value="%s" unit="bar"/>\n' % fmt(round(c["pout_max"], 5)))
        L.append('      <pressureLossIn value="%s" unit="bar"/>\n' % fmt(c["loss_in"]))
        L.append('      <pressureLossOut value="%s" unit="bar"/>\n' % fmt(c["loss_out"]))
        L.append('    </controlValve>\n')
    for s in STATIONS:
        L.append('    <compressorStation id="%s" alias="" from="%s" to="%s" fuelGasVertex="%s" '
                 'internalBypassRequired="1" gasCoolerExisting="0">\n'
                 % (s["id"], s["from"], s["to"], s["from"]))
        L.append('      <flowMin value="%s" unit="1000m_cube_per_hour"/>\n'
                 % fmt(s["flow_min"]["value"]))
        L.append('      <flowMax value="%s" unit="1000m_cube_per_hour"/>\n'
                 % fmt(s["flow_max"]["value"]))
        d = fmt(round(s["diameter"]["value"], 1))
        L.append('      <dragFactorIn value="0"/>\n')
        L.append('      <diameterIn value="%s" unit="mm"/>\n' % d)
        L.append('      <dragFactorOut value="0"/>\n')
        L.append('      <diameterOut value="%s" unit="mm"/>\n' % d)
        L.append('      <pressureInMin value="%s" unit="bar"/>\n' % fmt(round(s["pin_min"]["value"], 5)))
        L.append('      <pressureOutMax value="%s" unit="bar"/>\n'
                 % fmt(round(s["pout_max"]["value"], 5)))
        L.append('    </compressorStation>\n')
    L.append('  </framework:connections>\n')
    L.append('</network>\n')
    return "".join(L)


def write_cs():
    L = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    L.append("<!-- corridor compressor stations: ESTIMATES. FACTS.md has no compressor power\n"
             "     or machine data for any station on the corridor (gap). Every unit here is\n"
             "     GasLib-40's compressor_1 / drive_1 (GasLib, CC BY 3.0; Pfetsch et al. 2012,\n"
             "     ZIB-Report 12-41) scaled: volumetric flow x fQ, adiabatic head x fH (speed\n"
             "     unchanged), drive power and fuel x fP. Per station the factors and the\n"
             "     sizing reasoning are in annotations.json (compressor_stations) and\n"
             "     SOURCES.md. Generated by data/corridor/tools/make_corridor.py. -->\n")
    L.append('<compressorStations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
             '                    xmlns="http://gaslib.zib.de/CompressorStations"\n'
             '                    xsi:schemaLocation="http://gaslib.zib.de/CompressorStations '
             'CompressorStations.xsd"\n'
             '                    xmlns:gas="http://gaslib.zib.de/Gas"\n'
             '                    xmlns:framework="http://gaslib.zib.de/CompressorStations">\n')
    for s in STATIONS:
        sc = scale_unit(s["target"])
        s["scale"] = sc
        L.append('  <compressorStation id="%s">\n' % s["id"])
        L.append('    <compressors>\n')
        for u in range(1, s["units"] + 1):
            L.append('      <turboCompressor id="%s_c%d" drive="%s_d%d">\n'
                     % (s["id"], u, s["id"], u))
            L.append('        <speedMin value="%s" unit="per_min"/>\n' % fmt(BASE_SPEED[0]))
            L.append('        <speedMax value="%s" unit="per_min"/>\n' % fmt(BASE_SPEED[1]))
            for k in range(9):
                L.append('        <n_isoline_coeff_%d value="%.9g"/>\n' % (k + 1, sc["n"][k]))
            for k in range(9):
                L.append('        <eta_ad_isoline_coeff_%d value="%.9g"/>\n'
                         % (k + 1, sc["eta"][k]))
            for k in range(3):
                L.append('        <surgeline_coeff_%d value="%.9g"/>\n' % (k + 1, sc["surge"][k]))
            for k in range(3):
                L.append('        <chokeline_coeff_%d value="%.9g"/>\n' % (k + 1, sc["choke"][k]))
            L.append('      </turboCompressor>\n')
        L.append('    </compressors>\n')
        L.append('    <drives>\n')
        for u in range(1, s["units"] + 1):
            L.append('      <gasTurbine id="%s_d%d">\n' % (s["id"], u))
            for k in range(3):
                L.append('        <energy_rate_fun_coeff_%d value="%.9g"/>\n'
                         % (k + 1, sc["energy"][k]))
            for k in range(9):
                L.append('        <power_fun_coeff_%d value="%.9g"/>\n' % (k + 1, sc["power"][k]))
            L.append('      </gasTurbine>\n')
        L.append('    </drives>\n')
        L.append('    <configurations>\n')
        for m in range(1, s["duty"] + 1):
            L.append('      <configuration confId="config_%d" nrOfSerialStages="1">\n' % m)
            L.append('        <stage stageNr="1" nrOfParallelUnits="%d">\n' % m)
            for u in range(1, m + 1):
                L.append('          <compressor id="%s_c%d" nominalSpeed="%s"/>\n'
                         % (s["id"], u, fmt(BASE_SPEED[2])))
            L.append('        </stage>\n')
            L.append('      </configuration>\n')
        L.append('    </configurations>\n')
        L.append('  </compressorStation>\n')
    L.append('</compressorStations>\n')
    return "".join(L)


def write_scn(name, desc, flows, info):
    sources = [n for n in NODES if n["kind"] == "source"]
    sinks = [n for n in NODES if n["kind"] == "sink"]
    tot_in = sum(flows[n["id"]] for n in sources)
    tot_out = sum(flows[n["id"]] for n in sinks)

    def vol(q):  # 1000 m3/h at 0 degC -> mcm/d and bcm/y at 0 degC and at 20 degC
        mcmd = q / MCMD_TO_GASLIB
        return mcmd, mcmd / BCMY_TO_MCMD, mcmd / CIS_TO_N, mcmd / CIS_TO_N / BCMY_TO_MCMD

    C = []
    C.append("Scenario %s: %s." % (name, desc))
    C.append("Generated by data/corridor/tools/make_corridor.py; do not edit by hand.")
    C.append("Flows below: 1000m_cube_per_hour at 0 degC, 1.01325 bar (GasLib normal "
             "conditions).")
    C.append("Conversions: CIS/RU/AZ/TM figures are at 20 degC (x 273.15/293.15 = 0.931776); "
             "Iranian figures read at 15 degC (x 273.15/288.15 = 0.947944); 1 mcm/d = "
             "41.6667 (1000 m3/h); 1 bcm/y = 2.7397 mcm/d.")
    C.append("Volumes (mcm/d | bcm/y at 0 degC ; mcm/d | bcm/y at 20 degC):")
    for n in sources + sinks:
        q = flows[n["id"]]
        a, b, c, d = vol(q)
        C.append("  %-5s %-16s %10.3f mcm/d %7.3f bcm/y (0 degC) ; %8.3f mcm/d %7.3f bcm/y "
                 "(20 degC)" % ("entry" if n["kind"] == "source" else "exit", n["id"], a, b, c, d))
    a, b, c, d = vol(info["ru"])
    C.append("Russian transit RU->IR: %.3f mcm/d = %.3f bcm/y at 0 degC (%.3f mcm/d = %.3f bcm/y "
             "at 20 degC)." % (a, b, c, d))
    C.append("Turkmen swap: %s; fee %.0f %%." % (info["swap_note"], SWAP_FEE * 100))
    a, b, c, d = vol(info["tm_iraq"])
    C.append("Turkmen gas under the 2024 contract for Iraq (a swap: Iran delivers the like "
             "to Iraq): %.3f mcm/d at 0 degC "
             "(%.3f bcm/y at 20 degC)." % (a, d))
    C.append("Balance: sum entries = %.6f = sum exits = %.6f (1000 m3/h)." % (tot_in, tot_out))
    C.append("Network: Chelvand-Ardabil is modelled in service, although S42 reports it under "
             "construction (commissioning targeted Mar 2026; whether it is in service now is "
             "not documented).")
    C.append("Pressures are not fixed here (GasLib nominations give bounds); contract minima "
             "are in annotations.json.")
    body = "\n     ".join(C).replace("--", "-")
    L = ['<?xml version="1.0" encoding="UTF-8"?>\n', "<!-- " + body + " -->\n"]
    L.append('<boundaryValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
             '               xmlns="http://gaslib.zib.de/Gas"\n'
             '               xsi:schemaLocation="http://gaslib.zib.de/Gas Scenario.xsd"\n'
             '               xmlns:framework="http://gaslib.zib.de/Framework">\n')
    L.append('  <scenario id="%s">\n' % name)
    for n in sources + sinks:
        L.append('    <node type="%s" id="%s">\n'
                 % ("entry" if n["kind"] == "source" else "exit", n["id"]))
        L.append('      <flow bound="both" value="%s" unit="1000m_cube_per_hour"/>\n'
                 % ("%.6f" % flows[n["id"]]))
        L.append('    </node>\n')
    L.append('  </scenario>\n')
    L.append('</boundaryValue>\n')
    return "".join(L), tot_in, tot_out


# ---------------------------------------------------------------------------------------
# annotations.json and SOURCES.md
# ---------------------------------------------------------------------------------------
SRC_RE = re.compile(r"\bS\d{2,3}\b")


def source_ids(text):
    head = text.split("estimate:")[0]
    return SRC_RE.findall(head) + (SRC_RE.findall(text.split("estimate:", 1)[1])
                                   if "estimate:" in text else [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--facts", default=None,
                    help="corridor_facts.json (default: ../shared/data/corridor/ from the repo "
                         "root, or $CORRIDOR_SHARED_DIR/data/corridor)")
    args = ap.parse_args()
    repo = os.path.dirname(os.path.dirname(OUT))
    cands = [args.facts] if args.facts else [
        os.path.join(os.environ.get("CORRIDOR_SHARED_DIR", ""), "data/corridor/corridor_facts.json"),
        os.path.join(repo, "..", "shared", "data", "corridor", "corridor_facts.json"),
        "/work/shared/data/corridor/corridor_facts.json"]
    facts = None
    for c in cands:
        if c and os.path.exists(c):
            facts = json.load(open(c, encoding="utf-8"))
            break
    if facts is None:
        sys.exit("corridor_facts.json not found; pass --facts")

    gas_props = {k: gas_properties(v["composition_mol_pct"]) for k, v in GASES.items()}
    for n in NODES:
        if n["kind"] == "sink" and n["flow_max"] is None:
            if n["id"] in DEMAND_WINTER:
                v, conv, _ = DEMAND_WINTER[n["id"]]
                n["flow_max"] = round(3.0 * to_gaslib(v, conv), 3)
                n["flow_max_prov"] = PROV_SINK_FLOWMAX
            else:
                n["flow_max"] = 8000.0
                n["flow_max_prov"] = ("estimate: not limiting; onward flow to Tehran and the "
                                      "rest of Iran (used when Russian gas exceeds the north)")

    # consistency checks
    ids = ([n["id"] for n in NODES] + [a["id"] for a in ARCS] + [s["id"] for s in STATIONS]
           + [c["id"] for c in CONTROL_VALVES])
    assert len(ids) == len(set(ids)), "duplicate ids"
    nid = {n["id"] for n in NODES}
    for a in ARCS + STATIONS + CONTROL_VALVES:
        assert a["from"] in nid and a["to"] in nid, a["id"]

    net = write_net(gas_props)
    cs = write_cs()
    open(os.path.join(OUT, "corridor.net"), "w").write(net)
    open(os.path.join(OUT, "corridor.cs"), "w").write(cs)

    scen_meta = {}
    for name, desc, opts in SCENARIOS:
        flows, info = build_scenario(opts)
        txt, tin, tout = write_scn(name, desc, flows, info)
        assert abs(tin - tout) < 1e-9, (name, tin, tout)
        open(os.path.join(OUT, "scenarios", name + ".scn"), "w").write(txt)
        scen_meta[name] = {
            "file": "scenarios/%s.scn" % name, "description": desc,
            "russian_transit_1000m3_per_h": info["ru"],
            "russian_transit_bcm_y_20C": round(info["ru"] / MCMD_TO_GASLIB / CIS_TO_N
                                               / BCMY_TO_MCMD, 6),
            "swap_turkmen_input_1000m3_per_h": info["swap_tm"],
            "swap_delivered_at_astara_1000m3_per_h": info["swap_delivered"],
            "swap_fee": SWAP_FEE,
            "winter": opts["winter"],
            "flows_1000m3_per_h": flows,
            "flow_provenance": {k: "%s (%.4f mcm/d, %s)" % (v[2], v[0], CONV_TEXT[v[1]])
                                for k, v in info["notes"].items()},
        }

    used = set()

    def add(prov):
        used.update(source_ids(prov))
        return prov

    # annotations
    ann = {
        "format": "corridor-annotations",
        "version": 1,
        "network": "corridor.net",
        "compressor_data": "corridor.cs",
        "generated_by": "data/corridor/tools/make_corridor.py",
        "units": {
            "pressure": "bar (absolute)", "flow": "1000m_cube_per_hour at 0 degC, 1.01325 bar",
            "length": "km", "diameter": "mm (inner)", "roughness": "mm", "height": "m",
            "capacity": "as stated per entry, with its reference conditions"},
        "reference_conditions": {
            "gaslib": CONV_TEXT["n0"], "cis20": CONV_TEXT["cis20"], "ir15": CONV_TEXT["ir15"],
            "cis20_to_gaslib_factor": CIS_TO_N, "ir15_to_gaslib_factor": IR_TO_N,
            "mcm_per_day_to_1000m3_per_h": MCMD_TO_GASLIB, "bcm_per_year_to_mcm_per_day":
                BCMY_TO_MCMD},
        "countries": {"RU": "Russia", "AZ": "Azerbaijan", "IR": "Iran", "TM": "Turkmenistan"},
        "groups": {
            "Russia": [n["id"] for n in NODES if n.get("origin") == "Russia"],
            "Turkmenistan": [n["id"] for n in NODES if n.get("origin") == "Turkmenistan"],
            "Azerbaijan": [n["id"] for n in NODES if n.get("origin") == "Azerbaijan"],
            "Iran": [n["id"] for n in NODES if n.get("origin") == "Iran"],
        },
        "border_points": [
            {"id": "bp_ru_az_samur", "name": "Novo-Filya / Shirvanovka (Samur border)",
             "node": "border_ru_az", "arc": "p_border_hajigabul", "from_country": "RU",
             "to_country": "AZ", "positive_arc_flow": "RU->AZ",
             "provenance": add("S20; S21; S23 (metering names) + estimate: position (S45 midpoint)")},
            {"id": "bp_az_ir_astara", "name": "Astara (AZ) - Astara (IR)",
             "node": "ir_astara", "arc": "p_astara_interconnector", "from_country": "AZ",
             "to_country": "IR", "positive_arc_flow": "AZ->IR",
             "provenance": add("S01; S69; S73 (delivery point at Astara)")},
            {"id": "bp_tm_ir_kordkuy", "name": "Korpeje-Kordkuy at the Atrek border",
             "node": "border_tm_ir_kordkuy", "arc": "p_border_kordkuy", "from_country": "TM",
             "to_country": "IR", "positive_arc_flow": "TM->IR",
             "provenance": add("S55 (132 km in TM) + estimate: position on S45 geometry")},
            {"id": "bp_tm_ir_sarakhs", "name": "Dauletabad-Sarakhs-Khangiran at Sarakhs",
             "node": "border_tm_ir_sarakhs", "arc": "p_border_khangiran", "from_country": "TM",
             "to_country": "IR", "positive_arc_flow": "TM->IR",
             "provenance": add("S51 + estimate: position on S45 geometry at 61.20 E")},
        ],
        "contract_limits": [],
        "gas_origins": {},
        "nodes": {},
        "arcs": {},
        "compressor_stations": {},
        "scenarios": scen_meta,
        "swap": {"fee": SWAP_FEE, "fee_provenance": add(PROV_FEE),
                 "turkmen_entries": ["tm_korpeje", "tm_dauletabad"],
                 "delivery_border_point": "bp_az_ir_astara", "delivery_direction": "IR->AZ"},
        "sources": {},
    }
    for n in NODES:
        if n["kind"] == "sink" or "delivery_point" in n["roles"]:
            lim = {"node": n["id"], "country": n["country"], "kind": "min_delivery_pressure",
                   "value": round(n["pmin"], 5), "unit": "bar",
                   "applies_to": "withdrawal at this exit",
                   "provenance": add(n["pmin_prov"])}
            if n["id"] == "ir_astara":
                lim["applies_to"] = "deliveries AZ->IR (Russian gas, AZ exports) at Astara"
            ann["contract_limits"].append(lim)
    ann["contract_limits"].append({
        "node": "az_astara", "country": "AZ", "kind": "max_delivery_pressure",
        "value": round(MAOP_AZ, 5), "unit": "bar",
        "applies_to": ("deliveries IR->AZ (Turkmen swap) at Astara: they pass the Astara CS "
                       "bypass, so the Iranian pressure at Astara must not exceed the AZ rating"),
        "provenance": add(PROV_MAOP_AZ)})
    for k, g in GASES.items():
        p = gas_props[k]
        ann["gas_origins"][k] = {
            "composition_mol_pct": g["composition_mol_pct"],
            "composition_provenance": add(g["prov"]),
            "temperature_C": g["temperature_C"], "temperature_provenance": add(PROV_GAS_T),
            "calorificValue_MJ_per_m3": round(p["calorificValue"], 6),
            "normDensity_kg_per_m3": round(p["normDensity"], 6),
            "molarMass_kg_per_kmol": round(p["molarMass"], 4),
            "pseudocriticalPressure_bar": round(p["pseudocriticalPressure"], 4),
            "pseudocriticalTemperature_K": round(p["pseudocriticalTemperature"], 4),
            "heatCapacity_A_B_C": [round(p["A"], 6), float("%.6e" % p["B"]), float("%.6e" % p["C"])],
            "properties_provenance": add(
                "estimate: computed from the composition: molar mass and Kay's-rule "
                "pseudocritical point; gross calorific value and density at 0 degC, "
                "1.01325 bar with ISO 6976 molar values (25 degC combustion) and "
                "summation-factor compressibility; cp quadratic fitted 250-350 K to "
                "Poling et al. ideal-gas polynomials")}
    for n in NODES:
        x, y = xy(n["lat"], n["lon"])
        prov = {"geoWGS84Lat": add(n["coord_prov"]), "geoWGS84Long": n["coord_prov"],
                "x": EST_XY, "y": EST_XY, "height": add(n["height_prov"]),
                "pressureMin": add(n["pmin_prov"]), "pressureMax": add(n["pmax_prov"])}
        entry = {"country": n["country"], "roles": n["roles"], "name": n["name"],
                 "kind": n["kind"], "provenance": prov}
        if n["kind"] in ("source", "sink"):
            prov["flowMin"] = "estimate: 0 (GasLib convention: supply/withdrawal only)"
            if n["flow_max"] is None:
                n["flow_max"] = 0.0
            prov["flowMax"] = add(n["flow_max_prov"] or PROV_SINK_FLOWMAX)
        if n["kind"] == "source":
            entry["origin_group"] = n["origin"]
            for key in ("gasTemperature", "calorificValue", "normDensity",
                        "coefficient-A-heatCapacity", "coefficient-B-heatCapacity",
                        "coefficient-C-heatCapacity", "molarMass", "pseudocriticalPressure",
                        "pseudocriticalTemperature"):
                prov[key] = "see gas_origins.%s" % n["origin"]
        ann["nodes"][n["id"]] = entry
    for a in ARCS:
        prov = {"length": add(a["length"]["prov"]), "diameter": add(a["diameter"]["prov"]),
                "roughness": add(a["roughness"]["prov"]), "pressureMax": add(a["pmax"]["prov"]),
                "heatTransferCoefficient": EST_HTC, "flowMin": EST_PIPE_FLOW,
                "flowMax": EST_PIPE_FLOW}
        entry = {"kind": "pipe", "country": a["country"], "name": a["name"],
                 "system": a["system"], "facts_id": a["facts_id"], "provenance": prov}
        if a["capacity"]:
            c = a["capacity"]
            entry["capacity"] = {"value": c["value"], "unit": c["unit"],
                                 "conditions": c["conditions"], "provenance": add(c["prov"])}
        if a["id"] == "p_hajigabul_astara":
            entry["alternatives"] = [{"parameter": "diameter", "value_mm": inner(1020, 12),
                                      "provenance": add("S37; S38 (1020 mm OD) + estimate: "
                                                        "wall 12 mm")}]
        ann["arcs"][a["id"]] = entry
    for c in CONTROL_VALVES:
        pv = add(c["prov"])
        ann["arcs"][c["id"]] = {
            "kind": "controlValve", "country": c["country"], "name": c["name"],
            "system": c["system"], "facts_id": c["facts_id"],
            "provenance": {"element": pv,
                           "flowMin": "estimate: 0, regulates toward Sari only",
                           "flowMax": "estimate: not limiting (GasLib convention 10000)",
                           "pressureDifferentialMin": "estimate: 0 (may run fully open)",
                           "pressureDifferentialMax": "estimate: 60 bar (up to the full "
                                                      "pressure level of the branch)",
                           "pressureInMin": EST_PMIN_INNODE,
                           "pressureOutMax": add(PROV_MAOP_IR_EST),
                           "pressureLossIn": "estimate: 0 (no station loss modelled)",
                           "pressureLossOut": "estimate: 0 (no station loss modelled)"}}
    for s in STATIONS:
        sc = s["scale"]
        prov = {"flowMin": add(s["flow_min"]["prov"]), "flowMax": add(s["flow_max"]["prov"]),
                "pressureInMin": add(s["pin_min"]["prov"]),
                "pressureOutMax": add(s["pout_max"]["prov"]),
                "dragFactorIn": "estimate: 0 (no inlet loss modelled, as GasLib-40)",
                "dragFactorOut": "estimate: 0 (no outlet loss modelled, as GasLib-40)",
                "diameterIn": add(s["diameter"]["prov"]), "diameterOut": s["diameter"]["prov"],
                "fuelGasVertex": "estimate: the suction node (GasLib convention in 135/582/4197)"}
        ann["arcs"][s["id"]] = {"kind": "compressorStation", "country": s["country"],
                                "name": s["name"], "system": s["system"],
                                "facts_id": s["facts_id"], "provenance": prov}
        ann["compressor_stations"][s["id"]] = {
            "units": s["units"], "max_units_running": s["duty"],
            "units_provenance": add(s["units_prov"]),
            "sizing": s["target"], "sizing_provenance": add(s["target_prov"]),
            "base_unit": "GasLib-40 compressor_1 / drive_1 (CC BY 3.0)",
            "scale_factors": {"flow_fQ": round(sc["fQ"], 6), "head_fH": round(sc["fH"], 6),
                              "power_fP": round(sc["fP"], 6)},
            "scaling_rule": ("H'(Q,n) = fH*H(Q/fQ,n); eta'(Q,n) = eta(Q/fQ,n); surge/choke "
                             "H'(Q) = fH*S(Q/fQ); Pmax'(T,n) = fP*Pmax(T,n); fuel'(P) = "
                             "fP*fuel(P/fP)"),
            "rated_power_kW_at_15C_speedMax": round(s["target"]["power_kW"], 1)}
    for name, meta in scen_meta.items():
        for k, v in meta["flow_provenance"].items():
            add(v)
    add(TM_IRAQ[2]); add(TM_SPLIT[1]); add(SWAP_BASE_DELIVERED[2]); add(SWAP_CONTRACT_TM[2])
    add(RU_PHASE1[2]); add(RU_10[2]); add(RU_55[2])
    add("S45 (route geometries)")
    for _, desc, _ in SCENARIOS:  # (the swap-contract description cites S71)
        add(desc)
    for sid in sorted(used, key=lambda s: int(s[1:])):
        src = facts["sources"].get(sid)
        if src is None:
            sys.exit("unknown source id %s" % sid)
        ann["sources"][sid] = {"ref": src["ref"], "date": src["date"], "type": src["type"]}
    ann["scenario_common"] = {
        "turkmen_for_iran": add(TM_IRAQ[2]), "turkmen_split": add(TM_SPLIT[1]),
        "swap_baseline_delivered": add(SWAP_BASE_DELIVERED[2]),
        "swap_2023_delivered": add(SWAP_2023_DELIVERED[2]),
        "swap_contract_turkmen_input": add(SWAP_CONTRACT_TM[2]),
        "russian_phase1": add(RU_PHASE1[2]), "russian_10": add(RU_10[2]),
        "russian_55": add(RU_55[2]),
        "balancing": ("Azerbaijan balances at az_sangachal (AZ demand - Iranian swap delivery); "
                      "Iran balances at ir_saveh (Iranian demand + swap delivery - Turkmen - "
                      "Russian gas); when Russian gas exceeds that, ir_saveh is 0 and the excess "
                      "leaves at ir_parchin (onward to Tehran); Russia: ru_mozdok = Dagestan "
                      "offtake + transit; ru_aksai kept at 0 (its flows are unknown; the node, "
                      "the feeder's P1477 start vertex, lies some 18-23 km off the P0751 route "
                      "and no feeder pipe is modelled: a pass-through junction of the main "
                      "line)"),
        "network_in_service": ("every scenario runs the same network: Chelvand-Ardabil (S42) "
                               "is modelled in service although S42 reports it under "
                               "construction (works began 21 Sep 2023, commissioning targeted "
                               "Mar 2026); whether it is in service now is not documented")}
    open(os.path.join(OUT, "annotations.json"), "w").write(
        json.dumps(ann, indent=1, ensure_ascii=False) + "\n")
    write_sources_md(ann, gas_props)
    print("wrote corridor.net, corridor.cs, %d scenarios, annotations.json, SOURCES.md "
          "(%d source ids)" % (len(SCENARIOS), len(ann["sources"])))
    for k, p in gas_props.items():
        print("  gas %-13s M=%.3f rho_n=%.4f GCV=%.3f Ppc=%.2f Tpc=%.2f cp-fit err %.3f" % (
            k, p["molarMass"], p["normDensity"], p["calorificValue"],
            p["pseudocriticalPressure"], p["pseudocriticalTemperature"], p["cp_fit_max_err"]))


def md_escape(s):
    return str(s).replace("|", "\\|")


def write_sources_md(ann, gas_props):
    L = []
    L.append("# Sources of the corridor case\n")
    L.append("Generated by `data/corridor/tools/make_corridor.py` from the same table that "
             "writes `corridor.net`, `corridor.cs`, `scenarios/*.scn` and `annotations.json`; "
             "edit the script, not this file. Source ids (S..) are those of the corridor fact "
             "base (`../shared/data/corridor/FACTS.md`, relative to the repository root); "
             "\"estimate:\" gives the method where "
             "the facts have a gap. Design and modelling choices: `docs/corridor-case.md`.\n")
    L.append("## Reference conditions and volume conversions\n")
    L.append("GasLib flows are 1000 m³/h at normal conditions, 0 °C and 1.01325 bar. Russian, "
             "Azerbaijani and Turkmen (CIS/GOST) figures are at 20 °C and 101.325 kPa. At equal "
             "pressure the same gas occupies volumes in the ratio of the absolute "
             "temperatures (ideal-gas law; the compressibility factors at 1 atm, 0.9976 at 0 °C "
             "and 0.9981 at 20 °C for methane by ISO 6976's summation factors 0.0490 and "
             "0.0436, differ by about 0.05 %, which the conversion leaves out):\n")
    L.append("    V(0 °C) = V(20 °C) × 273.15 / 293.15 = V(20 °C) × 0.931776   "
             "(293.15 / 273.15 = 1.0732: the 7.3 % gap)\n")
    L.append("Iranian figures (NIGC, Shana) are read at 15 °C (ISO standard conditions; the "
             "NIGC convention is not stated in the facts, estimate):\n")
    L.append("    V(0 °C) = V(15 °C) × 273.15 / 288.15 = V(15 °C) × 0.947944\n")
    L.append("Rates: 1 mcm/d = 10⁶ m³ / 24 h = 41.6667 × 1000 m³/h; 1 bcm/y = 10⁹ m³ / 365 d "
             "= 2.7397 mcm/d = 114.155 × 1000 m³/h.\n")
    L.append("Worked examples:\n")
    ex = [("Russian start volume (ru-phase1), 2 bcm/y at 20 °C", 2.0 * BCMY_TO_MCMD, "cis20"),
          ("Russian first phase (S02; S14; S15), 1.8 bcm/y at 20 °C", 1.8 * BCMY_TO_MCMD, "cis20"),
          ("Mozdok line capacity, 10 bcm/y at 20 °C", 10 * BCMY_TO_MCMD, "cis20"),
          ("Long-term target, 55 bcm/y at 20 °C", 55 * BCMY_TO_MCMD, "cis20"),
          ("Astara CS, 2 × 5 mcm/d at 20 °C", 10.0, "cis20"),
          ("Swap delivery FY2022/23, 4.5 mcm/d at 15 °C", 4.5, "ir15"),
          ("Gilan FY1401, 6.8 bcm/y = 18.6 mcm/d at 15 °C", 18.6, "ir15")]
    L.append("| figure | mcm/d (source conditions) | × factor | mcm/d at 0 °C | bcm/y at 0 °C | "
             "1000 m³/h (GasLib) |")
    L.append("|---|---|---|---|---|---|")
    for t, v, c in ex:
        f = CONV[c]
        L.append("| %s | %.4f | %.6f | %.4f | %.4f | %.3f |" % (
            t, v, f, v * f, v * f / BCMY_TO_MCMD, v * f * MCMD_TO_GASLIB))
    L.append("")
    L.append("## Pressure conversions\n")
    L.append("- \"55 atm\" of the Azerbaijani system (S31; S34) is read as 55 kgf/cm² gauge, the "
             "Soviet usage: 55 × 0.980665 = 53.94 barg = %.2f bar abs." % MAOP_AZ)
    L.append("- IGAT-1 \"1000 psi\" (S46) is read as gauge: 1000 × 0.0689476 = 68.95 barg = "
             "%.2f bar abs." % MAOP_IR)
    L.append("- Turkmen lines (estimate): 75 kgf/cm² gauge = 73.55 barg = %.2f bar abs.\n"
             % MAOP_TM)
    L.append("## Gas data per origin\n")
    L.append("| origin | composition (mol %) | provenance | M kg/kmol | ρn kg/m³ (0 °C) | "
             "GCV MJ/m³ (0 °C) | p_pc bar | T_pc K | A | B | C | T °C |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for k, g in GASES.items():
        p = gas_props[k]
        comp = ", ".join("%s %g" % (c, v) for c, v in g["composition_mol_pct"].items())
        L.append("| %s | %s | %s | %.3f | %.4f | %.3f | %.2f | %.2f | %.4f | %.4e | %.4e | %g |"
                 % (k, comp, md_escape(g["prov"]), p["molarMass"], p["normDensity"],
                    p["calorificValue"], p["pseudocriticalPressure"],
                    p["pseudocriticalTemperature"], p["A"], p["B"], p["C"],
                    g["temperature_C"]))
    L.append("")
    L.append("Method (all four): molar mass ΣxᵢMᵢ; pseudocritical point by Kay's rule; gross "
             "calorific value Σxᵢ·Hcᵢ (ISO 6976 molar values, 25 °C combustion) divided by the "
             "real-gas molar volume at 0 °C, 1.01325 bar (Z = 1 − (Σxᵢ√bᵢ)², ISO 6976 "
             "summation factors); norm density M/V_m at the same state; heat capacity "
             "A + B·T + C·T² (J/(mol·K), GasLib's inferred form) fitted over 250–350 K to "
             "Σxᵢ·cp,ᵢ(T) with the ideal-gas polynomials of Poling, Prausnitz & O'Connell. "
             "Temperature: %s\n" % PROV_GAS_T)
    L.append("## Nodes\n")
    L.append("| node | kind | country | lat | lon | coordinates from | height m | height from | "
             "p_min bar | p_min from | p_max bar | p_max from | flowMax (1000 m³/h) | "
             "flowMax from |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in NODES:
        fm = "%.3f" % n["flow_max"] if n["kind"] != "innode" else "–"
        fmp = (n["flow_max_prov"] or PROV_SINK_FLOWMAX) if n["kind"] != "innode" else "–"
        L.append("| %s | %s | %s | %.5f | %.5f | %s | %g | %s | %.3f | %s | %.3f | %s | %s | %s |"
                 % (n["id"], n["kind"], n["country"], n["lat"], n["lon"],
                    md_escape(n["coord_prov"]), n["height"],
                    "estimate (see note)" if n["height_prov"] == EST_HEIGHT else n["height_prov"],
                    n["pmin"], md_escape(n["pmin_prov"]), n["pmax"], md_escape(n["pmax_prov"]),
                    fm, md_escape(fmp)))
    L.append("")
    L.append("Note on heights: %s. Drawing coordinates x, y: %s.\n" % (EST_HEIGHT, EST_XY))
    L.append("## Pipes\n")
    L.append("All pipes: flowMin/flowMax ±10000 (1000 m³/h) — %s; heat transfer 2 W/m²/K — %s.\n"
             % (EST_PIPE_FLOW, EST_HTC))
    L.append("| pipe | from → to | length km | from | inner diameter mm | from | roughness mm | "
             "from | p_max bar | from | published capacity |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for a in ARCS:
        c = a["capacity"]
        cs = ("%s %s (%s; %s)" % (c["value"], c["unit"], c["conditions"], c["prov"])) if c else "–"
        L.append("| %s | %s → %s | %g | %s | %.1f | %s | %g | %s | %.3f | %s | %s |" % (
            a["id"], a["from"], a["to"], a["length"]["value"], md_escape(a["length"]["prov"]),
            a["diameter"]["value"], md_escape(a["diameter"]["prov"]), a["roughness"]["value"],
            md_escape(a["roughness"]["prov"]), a["pmax"]["value"], md_escape(a["pmax"]["prov"]),
            md_escape(cs)))
    L.append("")
    L.append("## Control valve\n")
    for c in CONTROL_VALVES:
        L.append("- `%s` (%s → %s): %s. Δp 0–%g bar, outlet ≤ %.2f bar, flow ≥ 0. %s\n" % (
            c["id"], c["from"], c["to"], c["name"], c["dp_max"], c["pout_max"], c["prov"]))
    L.append("## Compressor stations\n")
    L.append("| station | from → to | flowMin | from | flowMax | from | p_in,min bar | from | "
             "p_out,max bar | from | units (max running) | from | sizing (Qmax m³/s, Hmax "
             "kJ/kg, kW) | from | fQ, fH, fP |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in STATIONS:
        sc = s["scale"]
        L.append("| %s | %s → %s | %.3f | %s | %.3f | %s | %.3f | %s | %.3f | %s | %d (%d) | %s | "
                 "%g, %g, %g | %s | %.4f, %.4f, %.4f |" % (
                     s["id"], s["from"], s["to"], s["flow_min"]["value"],
                     md_escape(s["flow_min"]["prov"]), s["flow_max"]["value"],
                     md_escape(s["flow_max"]["prov"]), s["pin_min"]["value"],
                     md_escape(s["pin_min"]["prov"]), s["pout_max"]["value"],
                     md_escape(s["pout_max"]["prov"]), s["units"], s["duty"],
                     md_escape(s["units_prov"]), s["target"]["Qmax"], s["target"]["Hmax"],
                     s["target"]["power_kW"], md_escape(s["target_prov"]), sc["fQ"], sc["fH"],
                     sc["fP"]))
    L.append("")
    L.append("Machine data (`corridor.cs`): every unit is GasLib-40 `compressor_1` with "
             "`drive_1` scaled — volumetric flow ×fQ, head ×fH at unchanged speed (5760–11600 "
             "1/min, nominal 7000), efficiency map stretched in Q, drive maximal power and fuel "
             "×fP. fQ = Qmax/3.42 m³/s and fH = Hmax/48.7 kJ/kg, where 3.42 m³/s and 48.7 kJ/kg "
             "are the base unit's choke flow and surge head at speedMax; fP = rated kW / %.0f "
             "kW, the base turbine's maximal power at 15 °C and 11600 1/min. GasLib-40 data: "
             "CC BY 3.0 (Pfetsch et al. 2012, ZIB-Report 12-41; Schmidt et al. 2017).\n"
             % base_pmax())
    L.append("## Scenario volumes\n")
    L.append("Each `.scn` opens with a comment giving every entry and exit in mcm/d and bcm/y at "
             "0 °C and 20 °C. The inputs:\n")
    L.append("| item | value | conditions | from |")
    L.append("|---|---|---|---|")
    for k, (v, c, p) in DEMAND_BASE.items():
        L.append("| %s annual average | %.3f mcm/d | %s | %s |" % (k, v, c, md_escape(p)))
    for k, (v, c, p) in DEMAND_WINTER.items():
        L.append("| %s winter peak | %.3f mcm/d | %s | %s |" % (k, v, c, md_escape(p)))
    for t, (v, c, p) in [("Turkmen gas for Iran (Iraq deal)", TM_IRAQ),
                         ("Swap delivered at Astara, baseline", SWAP_BASE_DELIVERED),
                         ("Swap Turkmen input, contract", SWAP_CONTRACT_TM),
                         ("Russian start volume (ru-phase1)", RU_PHASE1),
                         ("Russian 10 bcm/y", RU_10),
                         ("Russian 55 bcm/y", RU_55)]:
        L.append("| %s | %.4f mcm/d | %s | %s |" % (t, v, c, md_escape(p)))
    L.append("| Turkmen split Korpeje / Dauletabad | %.2f / %.2f | – | %s |"
             % (TM_SPLIT[0], 1 - TM_SPLIT[0], md_escape(TM_SPLIT[1])))
    L.append("| Swap fee | %.2f | – | %s |" % (SWAP_FEE, md_escape(PROV_FEE)))
    L.append("")
    L.append("Balancing: %s.\n" % ann["scenario_common"]["balancing"])
    L.append("## Source ids used\n")
    L.append("| id | reference | date | type |")
    L.append("|---|---|---|---|")
    for sid, s in ann["sources"].items():
        L.append("| %s | %s | %s | %s |" % (sid, md_escape(s["ref"]), md_escape(s["date"]),
                                           md_escape(s["type"])))
    L.append("")
    L.append("## Credits\n")
    L.append("- Corridor fact base: `../shared/data/corridor/FACTS.md` (from the repository "
             "root) and `corridor_facts.json` "
             "(compiled 2026-11; each fact with its source above).")
    L.append("- Route geometries: Global Energy Monitor, Global Gas Infrastructure Tracker route "
             "files (S45, repository GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes @6bfab45); "
             "the labels of P0742/P0749 are swapped in that data and were used swapped.")
    L.append("- Compressor machine data scaled from GasLib-40 (GasLib, CC BY 3.0: Schmidt et al., "
             "\"GasLib — A Library of Gas Network Instances\", Data 2(4):40, 2017; Pfetsch et al. "
             "(2012), ZIB-Report 12-41).")
    L.append("- Component data: ISO 6976 (calorific values, summation factors); Poling, "
             "Prausnitz & O'Connell, *The Properties of Gases and Liquids* (critical constants, "
             "ideal-gas heat capacities).")
    open(os.path.join(OUT, "SOURCES.md"), "w").write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
