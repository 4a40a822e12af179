#!/usr/bin/env python3
"""Writes data/araz/case.json: the Araz cascade (Aras dam -> Khudafarin -> Giz Galasi).

Every number carries a "source": fact ids of ../shared/data/corridor/FACTS.md, or
"estimate: <method>". The level-area-volume tables and the design heads are not published
(FACTS.md, gaps); this script derives them, so that the derivation can be checked and
rerun. docs/hydro.md explains the method. Run: python3 data/araz/derive_case.py
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- Shape exponent of the volume-depth law V(h) = V_full (h / h_full)^n -----------------
# Calibrated on the one reservoir whose surface is published: the Aras dam, 1.35 km3 and
# 145 km2 (S115), dam 40 m high and 34 m above the river bed (S115). With an assumed 3 m
# freeboard the full depth at the dam is 31 m, and dV/dh = A gives n = A h_full / V_full.
FREEBOARD = 3.0            # m, estimate (typical for embankment dams of this size)
FOUNDATION = 40.0 - 34.0   # m below river bed, from the Aras dam (S115)
ARAS_H_FULL = 34.0 - FREEBOARD
N_SHAPE = 145e6 * ARAS_H_FULL / 1.35e9

# ---- River rating below the dams: z = bed + a Q^b (Manning, wide rectangular channel) ----
MANNING_N, WIDTH, SLOPE = 0.035, 100.0, 1.5e-3
RATING_B = 0.6
RATING_A = (MANNING_N / (WIDTH * math.sqrt(SLOPE))) ** RATING_B

EFF = 0.88
HEAD_LOSS = 0.02
RHO, G = 1000.0, 9.81


def aras_levels():
    h_full = ARAS_H_FULL
    # S124: 604 mcm at 771.43 m (25 Feb 2008) fixes the bed level through the same law. S124
    # calls it 48 %, i.e. ~1,258 mcm full; S115's 1,350 mcm is kept (docs/hydro.md section 4:
    # the bed would be 0.5 m lower).
    h_604 = h_full * (604.0 / 1350.0) ** (1.0 / N_SHAPE)
    bed = 771.43 - h_604
    return bed, bed + h_full


def khudafarin_levels():
    nwl = 260.0  # S109
    h_full = 64.0 - FOUNDATION - FREEBOARD
    return nwl - h_full, nwl


def giz_levels(khud_bed):
    # 12 km below Khudafarin (S101, S103); the river leaves the gorge here: slope 1.5 m/km
    # (estimate; the 196 km average from the Aras dam bed to the Khudafarin bed is steeper,
    # ~2.8 m/km, because it includes the Meghri gorge with its 200 m fall, S118).
    bed = khud_bed - 12.0 * 1.5
    h_full = 37.0 - FOUNDATION - FREEBOARD
    return bed, bed + h_full


def curve(bed, h_full, v_full, step=1.0, above=2.0):
    hs = []
    h = 0.0
    while h < h_full + above - 1e-9:
        hs.append(h)
        h += step
    if all(abs(x - h_full) > 1e-9 for x in hs):
        hs.append(h_full)
    hs.append(h_full + above)
    hs = sorted(set(round(x, 6) for x in hs))
    lv, vol, area = [], [], []
    for h in hs:
        lv.append(round(bed + h, 3))
        vol.append(round(v_full * (h / h_full) ** N_SHAPE / 1e6, 4))
        area.append(round(N_SHAPE * v_full * h ** (N_SHAPE - 1) / h_full ** N_SHAPE / 1e6, 4))
    return lv, vol, area


def rating(bed, q):
    return bed + RATING_A * q ** RATING_B


# Monthly inflow factors: 44% of the Aras is groundwater-fed (S120) and taken as uniform;
# the other 56% follows the Kura at Tbilisi (S123, analogue: no Aras monthly table exists).
KURA = [83.2, 91.3, 165, 456, 567, 353, 182, 110, 102, 114, 111, 95.8]  # Jan..Dec
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
kmean = sum(KURA) / 12.0
raw = [0.44 + 0.56 * k / kmean for k in KURA]
dw = sum(r * d for r, d in zip(raw, DAYS)) / 365.0
FACTORS = [round(r / dw, 5) for r in raw]

EVAP = [0.3, 0.5, 1.0, 2.0, 3.5, 5.5, 6.5, 6.0, 4.3, 2.4, 1.0, 0.4]
# How the model's AZ share compares with the ministry's 358 GWh/y (checked against the
# model by tests/hydro/hydro_cli_test.cpp: rerun it after changing the case).
SHARE_NOTE = ("AZ's 140 MW at the two dams, as the ministry gives it (FACTS.md splits it "
              "about 223 Khudafarin, 135 Giz Galasi); without any canal (--irrigation-scale 0) "
              "the model's AZ share gives 304 GWh/y, still 15 % short, most of it at "
              "Khudafarin, whose water the canals do not take: that points to the case's "
              "estimated mean flow (127 m3/s) or heads; docs/hydro.md section 8")
IRR_SHARE = [0.0, 0.0, 0.02, 0.08, 0.14, 0.18, 0.20, 0.18, 0.12, 0.06, 0.02, 0.0]


def v(value, source, note=None):
    d = {"value": value, "source": source}
    if note:
        d["note"] = note
    return d


def unit(uid, country, p_mw, h_design, src_p, status, src_status):
    q = p_mw * 1e6 / (EFF * RHO * G * h_design)
    return {
        "id": uid,
        "country": country,
        "max_power_mw": v(p_mw, src_p),
        "max_flow_m3s": v(round(q, 1), "estimate: rated power / (eta rho g H_design), "
                          f"H_design = {h_design:.1f} m net at normal levels"),
        "efficiency": v(EFF, "estimate: typical turbine x generator efficiency at design point"),
        "min_head_m": v(round(0.6 * h_design, 1),
                        "estimate: 60% of the design head (usual Francis operating range)"),
        "status": v(status, src_status),
    }


def write_sources(case):
    """SOURCES.md: every parameter of case.json with its value and source."""
    rows = []

    def short(value):
        if isinstance(value, list):
            if len(value) > 12:
                return "table of %d points" % len(value)
            return ", ".join(str(x) for x in value)
        return str(value)

    def walk(obj, path):
        if isinstance(obj, dict):
            if "source" in obj:
                if "value" in obj:
                    rows.append((path, short(obj["value"]), obj["source"]))
                else:  # the curve: its tables share one source
                    rows.append((path, "level/volume/area tables", obj["source"]))
                return
            for k, v in obj.items():
                walk(v, path + "/" + k)
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                label = v.get("id", str(i)) if isinstance(v, dict) else str(i)
                walk(v, path + "/" + label)

    walk(case, "")
    lines = [
        "# data/araz: sources of every parameter",
        "",
        "Generated by `derive_case.py` together with `case.json`; do not edit by hand.",
        "Fact ids (S95, S101, ...) refer to `../shared/data/corridor/FACTS.md` (section 5,",
        "Araz hydropower, and its source list); `corridor_facts.json` holds the same facts",
        "(`hydro_plants`, `river`). Everything else is marked `estimate:` with its method;",
        "docs/hydro.md explains the derivations (curves, heads, inflow pattern).",
        "",
        "Published figures not used as such: Khudafarin 102 MW (S108, wiki; 100 MW per side",
        "used), Giz Galasi 56.75 / 65 mcm (S95 / S136; 62 mcm used: S101, S103, S104, and the",
        "recommendation of corridor_facts.json's `conflicts`; FACTS.md section 7 lists the",
        "conflict), Aras dam 1.2 bcm normal volume (S117; 1.35 km3 with 145 km2 used,",
        "S115), 'regulated water' 1.6-2 bcm/y at Khudafarin (S96, S98; taken to be the Giz",
        "Galasi canal water). The published 270 GWh/y (Giz Galasi, S104, S138) and 358 GWh/y",
        "(AZ share, S95) are results to compare with, not inputs.",
        "",
        "| parameter (path in case.json; list items named by their id) | value | source |",
        "|---|---|---|",
    ]
    for path, value, source in rows:
        lines.append("| `%s` | %s | %s |" % (path, value.replace("|", "/"), source.replace("|", "/")))
    with open(os.path.join(HERE, "SOURCES.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    a_bed, a_nwl = aras_levels()
    k_bed, k_nwl = khudafarin_levels()
    g_bed, g_nwl = giz_levels(k_bed)
    q_aras, q_khud_local = 86.2, 127.0 - 86.2
    q_khud = q_aras + q_khud_local

    # Design net heads: normal water level minus the tailwater at the mean flow (or the
    # level of the full reservoir below where it is higher), less the head losses.
    hd_aras = (a_nwl - rating(a_bed, q_aras)) * (1 - HEAD_LOSS)
    hd_khud = (k_nwl - max(rating(k_bed, q_khud), g_nwl)) * (1 - HEAD_LOSS)
    hd_giz = (g_nwl - rating(g_bed, q_khud)) * (1 - HEAD_LOSS)

    curve_src = ("estimate: V(h) = V_full (h/h_full)^n, A = dV/dh, n = %.3f from the Aras "
                 "dam's 145 km2, 1.35 km3, 34 m above bed (S115) with 3 m freeboard; "
                 "docs/hydro.md" % N_SHAPE)
    rating_src = ("estimate: Manning wide channel, width 100 m, n = 0.035, slope 1.5 m/km: "
                  "a = (n/(B sqrt(S)))^0.6")
    evap_src = ("estimate: lake evaporation minus rain for the semi-arid Araz valley "
                "(about 1 m/y net); no figure in FACTS.md")
    head_loss_src = "estimate: intake, penstock and draft tube losses, 2% of gross head"
    # (An inauguration and a plan to rebuild say the plant stands, not that it runs.)
    ARAS_STATUS_SRC = ("S115 (inaugurated 1971), S117 (to be reconstructed, 2024): that the "
                       "units run today is assumed")

    def levels_rel(nwl, rel):
        return [round(nwl + r, 2) for r in rel]

    aras_lv, aras_v, aras_a = curve(a_bed, a_nwl - a_bed, 1350e6)
    khud_lv, khud_v, khud_a = curve(k_bed, k_nwl - k_bed, 1612e6)
    giz_lv, giz_v, giz_a = curve(g_bed, g_nwl - g_bed, 62e6)

    case = {
        "format": "corridor-hydro-case",
        "version": 1,
        "name": "Araz cascade: Aras dam -> Khudafarin -> Giz Galasi",
        "water_density_kg_m3": v(RHO, "estimate: fresh water"),
        "gravity_m_s2": v(G, "estimate: standard value at 39 N"),
        "inflow": {
            "monthly_factor": v(FACTORS, "estimate: 44% groundwater feeding (S120) uniform, "
                                "56% shaped like the Kura at Tbilisi (S123, analogue); "
                                "normalised to a day-weighted mean of 1; peak Apr-May (S120)"),
            "year_types": {
                "dry": v(0.70, "estimate: -30%, usual spread of snow-fed Caucasus rivers; "
                         "no Aras series published (FACTS.md gaps)"),
                "average": v(1.0, "estimate: the mean flows below"),
                "wet": v(1.35, "estimate: +35%, snowmelt years are skewed high"),
            },
        },
        "reservoirs": [
            {
                "id": "aras",
                "name": "Aras (Araz) dam",
                "downstream": "khudafarin",
                "full_volume_mcm": v(1350, "S115"),
                "dead_volume_mcm": v(98, "estimate: Khudafarin's dead share 117/1612 = 7.3% "
                                     "(S108) applied to 1,350 mcm"),
                "initial_volume_mcm": v(604, "S124 (state of 25 Feb 2008, used as start; "
                                        "warm-up years follow)"),
                "spillway_capacity_m3s": v(0, "estimate: not published; not limited"),
                "curve": {"level_m": aras_lv, "volume_mcm": aras_v, "area_km2": aras_a,
                          "source": curve_src + "; bed %.3f m from 604 mcm at 771.43 m (S124)"
                          % a_bed},
                "target_level_m": v(levels_rel(a_nwl, [-4, -5, -5, -3, -0.5, 0, -1, -2, -3,
                                                       -3.5, -4, -4]),
                                    "estimate: full after the Apr-May snowmelt (S120), drawn "
                                    "down 3-5 m over summer and winter"),
                "net_evaporation_mm_d": v(EVAP, evap_src),
                "environmental_flow_m3s": v([8.6] * 12, "estimate: 10% of the mean inflow "
                                            "86.2 m3/s (Tennant minimum)"),
                "release_priority": v(1, "estimate: environmental flow and downstream needs "
                                      "first"),
                "local_inflow_mean_m3s": v(q_aras, "S122 (upper Aras, Ararat plain, taken as "
                                           "the reservoir inflow net of upstream use)"),
                "tailwater": {"bed_m": v(round(a_bed, 3), "estimate: as the curve"),
                              "a": v(round(RATING_A, 5), rating_src),
                              "b": v(RATING_B, rating_src)},
                "head_loss_fraction": v(HEAD_LOSS, head_loss_src),
                "units": [unit("aras_az_%d" % i, "AZ", 11, hd_aras, "S115, S117",
                               "operating", ARAS_STATUS_SRC)
                          for i in (1, 2)] +
                         [unit("aras_ir_%d" % i, "IR", 11, hd_aras, "S115, S117",
                               "operating", ARAS_STATUS_SRC)
                          for i in (1, 2)],
                "withdrawals": [],
            },
            {
                "id": "khudafarin",
                "name": "Khudafarin",
                "downstream": "giz_galasi",
                "full_volume_mcm": v(1612, "S95, S98, S108"),
                "dead_volume_mcm": v(117, "S108 (1,612 total - 1,495 active)"),
                "initial_volume_mcm": v(503, "S111 (state of May 2024, used as start; "
                                        "warm-up years follow)"),
                "spillway_capacity_m3s": v(0, "estimate: not published; not limited"),
                "curve": {"level_m": khud_lv, "volume_mcm": khud_v, "area_km2": khud_a,
                          "source": curve_src + "; normal level 260 m (S109), depth 64 - 6 - 3"
                          " = 55 m (S108, foundation as Aras S115)"},
                "target_level_m": v(levels_rel(k_nwl, [-5, -6, -6, -4, -1, 0, -1, -3, -4.5,
                                                       -5, -5, -5]),
                                    "estimate: full in June after the snowmelt (S120), drawn "
                                    "down Jul-Sep to serve irrigation at Giz Galasi"),
                "net_evaporation_mm_d": v(EVAP, evap_src),
                "environmental_flow_m3s": v([12.7] * 12, "estimate: 10% of the mean flow "
                                            "127 m3/s (Tennant minimum)"),
                "release_priority": v(1, "estimate: environmental flow and downstream needs "
                                      "first"),
                "local_inflow_mean_m3s": v(round(q_khud_local, 1),
                                           "estimate: 127 m3/s at the Iran-Armenia reach "
                                           "(S118) minus 86.2 m3/s upper Aras (S122)"),
                "tailwater": {"bed_m": v(round(k_bed, 3), "estimate: as the curve"),
                              "a": v(round(RATING_A, 5), rating_src),
                              "b": v(RATING_B, rating_src)},
                "head_loss_fraction": v(HEAD_LOSS, head_loss_src),
                "units": [unit("khudafarin_az", "AZ", 100, hd_khud, "S95, S97, S107", "planned",
                               "S107 (tender being prepared, Oct 2025)"),
                          unit("khudafarin_ir", "IR", 100, hd_khud, "S106", "planned",
                               "S106 (powerhouse ~35% built, Nov 2025)")],
                "withdrawals": [],
            },
            {
                "id": "giz_galasi",
                "name": "Giz Galasi",
                "downstream": "",
                "full_volume_mcm": v(62, "S101, S103, S104 (56.75 in S95, 65 in S136)"),
                "dead_volume_mcm": v(20, "estimate: canal intakes need the pond within ~8 m "
                                     "of full; one third of the volume"),
                "initial_volume_mcm": v(60, "estimate: near full (diversion pond)"),
                "spillway_capacity_m3s": v(3440, "S101"),
                "curve": {"level_m": giz_lv, "volume_mcm": giz_v, "area_km2": giz_a,
                          "source": curve_src + "; bed 12 km x 1.5 m/km below Khudafarin's "
                          "(S101), depth 37 - 6 - 3 = 28 m (S101)"},
                "target_level_m": v(levels_rel(g_nwl, [-0.5] * 12),
                                    "estimate: diversion pond kept near full all year"),
                "net_evaporation_mm_d": v(EVAP, evap_src),
                "environmental_flow_m3s": v([12.7] * 12, "estimate: 10% of the mean flow "
                                            "127 m3/s (Tennant minimum)"),
                "release_priority": v(1, "estimate: environmental flow first"),
                "local_inflow_mean_m3s": v(0.0, "estimate: 12 km reach without a major "
                                           "tributary"),
                "tailwater": {"bed_m": v(round(g_bed, 3), "estimate: as the curve"),
                              "a": v(round(RATING_A, 5), rating_src),
                              "b": v(RATING_B, rating_src)},
                "head_loss_fraction": v(HEAD_LOSS, head_loss_src),
                "units": [unit("giz_galasi_az", "AZ", 40, hd_giz, "S95, S101, S103, S105", "planned",
                               "S107 (tender being prepared, Oct 2025)"),
                          unit("giz_galasi_ir", "IR", 40, hd_giz, "S101, S103, S105", "built",
                               "S106 (built, to be commissioned soon, Nov 2025)")],
                "published_energy_gwh_per_y": v(270, "S104, S138",
                                                "both sides, as announced; without the 2 bcm/y "
                                                "the canals take (before the turbines, as the "
                                                "case assumes; --irrigation-scale 0) the "
                                                "model's average "
                                                "year gives 234 GWh/y, still 13 % short: the "
                                                "figure may be a design value that leaves the "
                                                "canals out, at a higher flow or head than the "
                                                "case's estimates (neither is published); "
                                                "docs/hydro.md section 8"),
                "withdrawals": [
                    {"id": "giz_galasi_az_canal", "country": "AZ",
                     "priority": v(2, "estimate: after environmental flow"),
                     "annual_mcm": v(1000, "S102, S105 (2 bcm/y regulated, 1 to AZ)"),
                     "monthly_share": v(IRR_SHARE, "estimate: Mar-Nov irrigation season "
                                        "(2% in March and November), peak July")},
                    {"id": "giz_galasi_ir_canal", "country": "IR",
                     "priority": v(2, "estimate: after environmental flow"),
                     "annual_mcm": v(1000, "S102, S105 (2 bcm/y regulated, 1 to IR; "
                                     "Khudafarin's 1 bcm/y to Iran, S96/S98, is taken to be "
                                     "this same water)"),
                     "monthly_share": v(IRR_SHARE, "estimate: Mar-Nov irrigation season "
                                        "(2% in March and November), peak July")},
                ],
            },
        ],
        # The AZ ministry's figure for its side of both shared dams (FACTS.md: 140 MW ->
        # 358 GWh/y, S95; 368 in S99): a result to compare with, as Giz Galasi's 270.
        "published_country_energy": [
            {"country": "AZ", "plants": ["khudafarin", "giz_galasi"],
             "energy_gwh_per_y": v(358, "S95; 368 GWh/y in S99", SHARE_NOTE)},
        ],
    }
    with open(os.path.join(HERE, "case.json"), "w") as f:
        json.dump(case, f, indent=1)
        f.write("\n")
    write_sources(case)
    print("n = %.4f, rating a = %.5f" % (N_SHAPE, RATING_A))
    print("aras bed %.2f nwl %.2f Hd %.2f" % (a_bed, a_nwl, hd_aras))
    print("khud bed %.2f nwl %.2f Hd %.2f" % (k_bed, k_nwl, hd_khud))
    print("giz bed %.2f nwl %.2f Hd %.2f" % (g_bed, g_nwl, hd_giz))
    print("factors", FACTORS)


if __name__ == "__main__":
    main()
