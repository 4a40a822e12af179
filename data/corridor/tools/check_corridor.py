#!/usr/bin/env python3
"""Checks the corridor case files and runs an independent hand-style steady-state estimate.

  python3 data/corridor/tools/check_corridor.py [SCENARIO ...]

1. Structure: well-formed XML, unique ids, every arc's from/to exists, every .scn lists every
   source and sink of corridor.net exactly once, entries = exits to 1e-9, every .cs station
   matches a compressorStation arc, every node and arc has provenance in annotations.json.
2. Steady-state estimate (NOT the corridor solver; a cross-check in pure Python): the network
   is a tree once parallel pipes are merged, so the nominations fix every flow (parallel pipes
   split by 1/sqrt(Lambda)). Pressures are propagated along the tree with the isothermal pipe
   law of DESIGN.md §3 (Nikuradse friction, Papay z at the mean pressure, height term).
   Compressor stations with forward flow separate pressure zones (ratio >= 1); with reverse flow
   they are bypassed. In every zone the pressure level is set as high as the node and pipe
   maxima allow (operators run at maximum discharge); the result lists the pressures against
   the limits, the station ratios and powers (adiabatic, eta 0.8, kappa 1.3) against the
   estimated installed power, and the verdict.
Only the Python standard library is used.
"""
import json
import math
import re
import os
import sys
import xml.dom.minidom
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = os.path.dirname(HERE)
NS = {"g": "http://gaslib.zib.de/Gas", "f": "http://gaslib.zib.de/Framework",
      "c": "http://gaslib.zib.de/CompressorStations"}
R = 8.314462618
T = 288.15
G = 9.80665
PN = 101325.0
TN = 273.15


def val(el, tag):
    e = el.find("g:" + tag, NS)
    return float(e.get("value")) if e is not None else None


def load_net(path):
    root = ET.parse(path).getroot()
    nodes, arcs = {}, []
    for kind in ("source", "sink", "innode"):
        for e in root.find("f:nodes", NS).findall("g:" + kind, NS):
            n = {"id": e.get("id"), "kind": kind, "h": val(e, "height"),
                 "pmin": val(e, "pressureMin"), "pmax": val(e, "pressureMax")}
            if kind == "source":
                n.update(M=val(e, "molarMass"), rho=val(e, "normDensity"),
                         pc=val(e, "pseudocriticalPressure"),
                         tc=val(e, "pseudocriticalTemperature"))
            if n["id"] in nodes:
                raise SystemExit("duplicate node id " + n["id"])
            nodes[n["id"]] = n
    for e in root.find("f:connections", NS):
        kind = e.tag.split("}")[1]
        a = {"id": e.get("id"), "kind": kind, "from": e.get("from"), "to": e.get("to"),
             "fmin": val(e, "flowMin"), "fmax": val(e, "flowMax")}
        if kind == "pipe":
            a.update(L=val(e, "length") * 1e3, D=val(e, "diameter") * 1e-3,
                     k=val(e, "roughness") * 1e-3, pmax=val(e, "pressureMax"))
        elif kind in ("compressorStation", "controlValve"):
            a.update(pin_min=val(e, "pressureInMin"), pout_max=val(e, "pressureOutMax"))
        arcs.append(a)
    return nodes, arcs


def load_scn(path):
    root = ET.parse(path).getroot()
    sc = root.find("g:scenario", NS)
    out = {}
    for e in sc.findall("g:node", NS):
        f = e.find("g:flow", NS)
        if e.get("id") in out:
            raise SystemExit("%s: node %s twice" % (path, e.get("id")))
        assert f.get("bound") == "both", path
        out[e.get("id")] = (e.get("type"), float(f.get("value")))
    return out


def structure_checks(nodes, arcs, ann):
    problems = []
    ids = list(nodes) + [a["id"] for a in arcs]
    if len(ids) != len(set(ids)):
        problems.append("ids not unique")
    for a in arcs:
        for end in ("from", "to"):
            if a[end] not in nodes:
                problems.append("%s: %s node %s missing" % (a["id"], end, a[end]))
        if a["id"] not in ann["arcs"]:
            problems.append("%s: no provenance in annotations.json" % a["id"])
    for n in nodes:
        if n not in ann["nodes"]:
            problems.append("%s: no provenance in annotations.json" % n)
    cs = ET.parse(os.path.join(CASE, "corridor.cs")).getroot()
    cs_ids = {e.get("id") for e in cs.findall("c:compressorStation", NS)}
    arc_cs = {a["id"] for a in arcs if a["kind"] == "compressorStation"}
    if cs_ids != arc_cs:
        problems.append("corridor.cs stations %s != .net stations %s" % (cs_ids, arc_cs))
    for grp, members in ann["groups"].items():
        for m in members:
            if m not in nodes or nodes[m]["kind"] != "source":
                problems.append("group %s: %s is not a source" % (grp, m))
    in_groups = [m for ms in ann["groups"].values() for m in ms]
    srcs = [n for n in nodes if nodes[n]["kind"] == "source"]
    if sorted(in_groups) != sorted(srcs):
        problems.append("groups do not cover every source exactly once")
    for bp in ann["border_points"]:
        if bp["node"] not in nodes:
            problems.append("border point %s: node missing" % bp["id"])
        if bp["arc"] not in {a["id"] for a in arcs}:
            problems.append("border point %s: arc missing" % bp["id"])
    # every provenance string names a source id or an estimate method
    def walk(o, path):
        if isinstance(o, dict):
            for k, v in o.items():
                if k in ("provenance", "flow_provenance") or k.endswith("_provenance"):
                    for t, sv in (v.items() if isinstance(v, dict) else [(k, v)]):
                        if not (re.search(r"\bS\d{2,3}\b", sv) or "estimate:" in sv
                                or sv.startswith("see gas_origins.")):
                            problems.append("provenance without source or estimate at %s.%s: %s"
                                            % (path, t, sv[:60]))
                else:
                    walk(v, path + "." + k)
        elif isinstance(o, list):
            for i, v in enumerate(o):
                walk(v, "%s[%d]" % (path, i))
    walk(ann, "annotations")
    return problems


def papay(p, pc, tc):
    pr, tr = p / pc, T / tc
    return 1 - 3.52 * pr * math.exp(-2.26 * tr) + 0.274 * pr * pr * math.exp(-1.878 * tr)


def nikuradse(D, k):
    return (2 * math.log10(D / k) + 1.138) ** -2


def pipe_to(p_from, q, a, hf, ht, gas):
    """p_to [Pa] from p_from [Pa] and mass flow q [kg/s] (positive from->to); None if <= 0."""
    Rs = R / (gas["M"] * 1e-3)
    A = math.pi * a["D"] ** 2 / 4
    lam = nikuradse(a["D"], a["k"])
    p_to = p_from
    for _ in range(30):
        pm = 2.0 / 3.0 * (p_from + p_to - p_from * p_to / (p_from + p_to))
        z = papay(pm, gas["pc"], gas["tc"])
        Lam = lam * Rs * z * T * a["L"] / (A * A * a["D"])
        S = 2 * G * (ht - hf) / (Rs * z * T)
        f = (math.expm1(S) / S) if abs(S) > 1e-12 else 1.0
        p2 = math.exp(-S) * (p_from * p_from - Lam * q * abs(q) * f)
        if p2 <= 0:
            return None
        new = math.sqrt(p2)
        if abs(new - p_to) < 1e-3:
            return new
        p_to = new
    return p_to


def pipe_from(p_to, q, a, hf, ht, gas):
    """Inverse: p_from given p_to."""
    Rs = R / (gas["M"] * 1e-3)
    A = math.pi * a["D"] ** 2 / 4
    lam = nikuradse(a["D"], a["k"])
    p_from = p_to
    for _ in range(30):
        pm = 2.0 / 3.0 * (p_from + p_to - p_from * p_to / (p_from + p_to))
        z = papay(pm, gas["pc"], gas["tc"])
        Lam = lam * Rs * z * T * a["L"] / (A * A * a["D"])
        S = 2 * G * (ht - hf) / (Rs * z * T)
        f = (math.expm1(S) / S) if abs(S) > 1e-12 else 1.0
        p2 = math.exp(S) * p_to * p_to + Lam * q * abs(q) * f
        if p2 <= 0:
            return None
        new = math.sqrt(p2)
        if abs(new - p_from) < 1e-3:
            return new
        p_from = new
    return p_from


def lam_plain(a, gas):
    Rs = R / (gas["M"] * 1e-3)
    A = math.pi * a["D"] ** 2 / 4
    return nikuradse(a["D"], a["k"]) * Rs * T * a["L"] / (A * A * a["D"])


def steady(nodes, arcs, scn, ann, verbose=True):
    # mixed gas (flow-weighted over the entries; a single-gas estimate)
    tot = sum(v for (t, v) in scn.values() if t == "entry")
    gas = {}
    for key in ("M", "rho", "pc", "tc"):
        gas[key] = sum(nodes[i][key] * v for i, (t, v) in scn.items() if t == "entry") / tot
    gas["pc"] *= 1e5
    kgps = lambda q: q / 3.6 * gas["rho"]          # 1000 m3/h -> kg/s
    inj = {n: 0.0 for n in nodes}                  # net injection kg/s
    for i, (t, v) in scn.items():
        inj[i] += kgps(v) if t == "entry" else -kgps(v)
    # merge parallel arcs into groups
    groups = {}
    for a in arcs:
        key = tuple(sorted((a["from"], a["to"])))
        groups.setdefault(key, []).append(a)
    adj = {n: [] for n in nodes}
    for key, g in groups.items():
        adj[key[0]].append((key[1], g))
        adj[key[1]].append((key[0], g))
    # tree check and flows by subtree sums
    root = "ir_saveh"
    order, parent, seen = [], {root: (None, None)}, {root}
    stack = [root]
    while stack:
        u = stack.pop()
        order.append(u)
        for v, g in adj[u]:
            if v in seen:
                if parent[u][0] != v:
                    raise SystemExit("network has a cycle through %s-%s: not a tree" % (u, v))
                continue
            seen.add(v)
            parent[v] = (u, g)
            stack.append(v)
    if len(seen) != len(nodes):
        raise SystemExit("network not connected")
    sub = dict(inj)
    flow = {}   # arc id -> kg/s in from->to sense
    for v in reversed(order):
        u, g = parent[v]
        if u is None:
            continue
        f_uv = -sub[v]            # mass flowing u -> v
        sub[u] += sub[v]
        # split over parallel arcs by 1/sqrt(Lambda)
        ws = [1 / math.sqrt(lam_plain(a, gas)) if a["kind"] == "pipe" else 1.0 for a in g]
        for a, w in zip(g, ws):
            share = f_uv * w / sum(ws)
            flow[a["id"]] = share if a["from"] == u else -share
    if abs(sub[root]) > 1e-6:
        raise SystemExit("nomination does not balance: %g kg/s" % sub[root])
    # zones: compressor stations and control valves with forward flow separate zones;
    # with reverse flow they are bypassed (open).
    def separates(a):
        """Active (forward flow) or closed (no flow) stations and regulators separate zones;
        with reverse flow they are bypassed."""
        return a["kind"] in ("compressorStation", "controlValve") and flow[a["id"]] > -1e-9

    def active(a):
        return a["kind"] in ("compressorStation", "controlValve") and flow[a["id"]] > 1e-9
    zone_of = {}
    zid = 0
    for n0 in nodes:
        if n0 in zone_of:
            continue
        zone_of[n0] = zid
        st = [n0]
        while st:
            u = st.pop()
            for v, g in adj[u]:
                if separates(g[0]):
                    continue
                if v not in zone_of:
                    zone_of[v] = zid
                    st.append(v)
        zid += 1
    # node bounds, tightened by the pipes' maxima and the active elements' limits
    pmax_node = {n: nodes[n]["pmax"] * 1e5 for n in nodes}
    pmin_node = {n: nodes[n]["pmin"] * 1e5 for n in nodes}
    for a in arcs:
        if a["kind"] == "pipe":
            for e in (a["from"], a["to"]):
                pmax_node[e] = min(pmax_node[e], a["pmax"] * 1e5)
        elif active(a):
            pmin_node[a["from"]] = max(pmin_node[a["from"]], a["pin_min"] * 1e5)
            pmax_node[a["to"]] = min(pmax_node[a["to"]], a["pout_max"] * 1e5)
    fail = {}

    def propagate(z, p0):
        members = [n for n in nodes if zone_of[n] == z]
        zroot = members[0]
        p = {zroot: p0}
        st = [zroot]
        while st:
            u = st.pop()
            for v, g in adj[u]:
                if zone_of[v] != z or v in p:
                    continue
                a = g[0]
                if a["kind"] != "pipe":   # bypassed station or open valve
                    p[v] = p[u]
                else:
                    q = flow[a["id"]]
                    if a["from"] == u:
                        pv = pipe_to(p[u], q, a, nodes[u]["h"], nodes[v]["h"], gas)
                    else:
                        pv = pipe_from(p[u], q, a, nodes[v]["h"], nodes[u]["h"], gas)
                    if pv is None:
                        fail[z] = a["id"]
                        return None
                    p[v] = pv
                st.append(v)
        return p

    def solve_level(z, ok):
        """Smallest root pressure in [0.5, 300] bar with ok(p) true (ok is monotone)."""
        lo, hi = 0.5e5, 300e5
        ph = propagate(z, hi)
        if ph is None or not ok(ph):
            return None
        for _ in range(60):
            mid = (lo + hi) / 2
            pm = propagate(z, mid)
            if pm is not None and ok(pm):
                hi = mid
            else:
                lo = mid
        return hi

    def solve_level_max(z, members):
        """Largest root pressure with every member at or below its maximum (None: none)."""
        lo, hi = 0.5e5, 300e5
        for _ in range(60):
            mid = (lo + hi) / 2
            pm = propagate(z, mid)
            if pm is None or all(pm[n] <= pmax_node[n] + 1 for n in members):
                lo = mid
            else:
                hi = mid
        pm = propagate(z, lo)
        if pm is None or not all(pm[n] <= pmax_node[n] + 1 for n in members):
            return None
        return lo
    lo_z, hi_z, bad = {}, {}, {}
    for z in range(zid):
        members = [n for n in nodes if zone_of[n] == z]
        lo_z[z] = solve_level(z, lambda p, m=members: all(p[n] >= pmin_node[n] - 1 for n in m))
        hi_z[z] = solve_level_max(z, members)
        if lo_z[z] is None or hi_z[z] is None or lo_z[z] > hi_z[z] + 1:
            bad[z] = True
    suction = {zone_of[a["from"]] for a in arcs
               if a["kind"] == "compressorStation" and active(a)}
    # operating policy: zones that feed a running compressor are held as high as their maxima
    # allow (maximum suction pressure); all other zones as low as their minima allow.
    level = {z: (None if z in bad else hi_z[z] if z in suction else lo_z[z])
             for z in range(zid)}

    def at(z, n):
        return propagate(z, level[z])[n]
    for _ in range(50):
        changed = False
        for a in arcs:
            if not active(a):
                continue
            za, zb = zone_of[a["from"]], zone_of[a["to"]]
            if level[za] is None or level[zb] is None:
                continue
            pa, pb = at(za, a["from"]), at(zb, a["to"])
            if a["kind"] == "compressorStation" and pb < pa - 1:
                lv = solve_level(zb, lambda p, n=a["to"], t=pa: p[n] >= t)
                if lv is not None and lv <= hi_z[zb] + 1:
                    level[zb], changed = lv, True
                else:   # cannot raise the discharge side: lower the suction side
                    lv = solve_level(za, lambda p, n=a["from"], t=pb: p[n] > t) if False else None
                    lo_, hi_ = lo_z[za], level[za]
                    for _ in range(60):
                        mid = (lo_ + hi_) / 2
                        if propagate(za, mid)[a["from"]] <= pb:
                            lo_ = mid
                        else:
                            hi_ = mid
                    if lo_ < level[za] - 1 and lo_ >= lo_z[za] - 1:
                        level[za], changed = lo_, True
            if a["kind"] == "controlValve" and pa < pb - 1:
                lv = solve_level(za, lambda p, n=a["from"], t=pb: p[n] >= t)
                if lv is not None and lv <= hi_z[za] + 1 and lv > level[za]:
                    level[za], changed = lv, True
        if not changed:
            break
    press = {}
    for z in range(zid):
        if level[z] is not None:
            press.update(propagate(z, level[z]))
    lines, violations = [], []
    for z in range(zid):
        if z in bad:
            members = sorted(n for n in nodes if zone_of[n] == z)
            what = ("no pressure level meets both the minima and the maxima" if
                    lo_z[z] is not None and hi_z[z] is not None else
                    "the flow cannot be pushed within the maximum pressures" if hi_z[z] is None
                    else "no pressure level meets the minima")
            if lo_z[z] is not None:
                pl = propagate(z, lo_z[z])
                over = sorted(((pl[n] - pmax_node[n], n) for n in members
                               if pl[n] > pmax_node[n] + 1), reverse=True)
                detail = "; ".join("%s would need %.1f bar > maximum %.2f bar" % (
                    n, pl[n] / 1e5, pmax_node[n] / 1e5) for _, n in over[:2])
            else:
                fail.pop(z, None)
                propagate(z, 300e5)
                detail = "pipe %s cannot carry its flow even at 300 bar" % fail.get(z, "-")
            violations.append("%s in the zone of %s: %s" % (
                what, ", ".join(members[:4]) + (" ..." if len(members) > 4 else ""), detail))
    for n in nodes:
        if n not in press:
            continue
        pb = press[n] / 1e5
        if press[n] > pmax_node[n] + 1:
            violations.append("%s: %.2f bar > maximum %.2f bar" % (n, pb, pmax_node[n] / 1e5))
    stations = []
    for a in arcs:
        if a["kind"] != "compressorStation":
            continue
        q = flow[a["id"]]
        if q > 1e-9 and q * 3.6 / gas["rho"] > a["fmax"] + 1e-6:
            violations.append("%s: flow %.1f > station capacity %.1f (1000 m3/h)" % (
                a["id"], q * 3.6 / gas["rho"], a["fmax"]))
        if q < 0 and q * 3.6 / gas["rho"] < a["fmin"] - 1e-6:
            violations.append("%s: reverse flow %.1f below bound %.1f (1000 m3/h)" % (
                a["id"], q * 3.6 / gas["rho"], a["fmin"]))
        if a["from"] not in press or a["to"] not in press:
            continue
        pin, pout = press[a["from"]], press[a["to"]]
        if -1e-9 < q <= 1e-9:
            pout = pin
        ratio = pout / pin
        state = ("active" if q > 1e-9 else "closed (no flow)" if q > -1e-9
                 else "bypass (reverse flow)")
        Rs = R / (gas["M"] * 1e-3)
        z_in = papay(pin, gas["pc"], gas["tc"])
        kap = 1.3
        H = z_in * Rs * T * kap / (kap - 1) * (max(ratio, 1.0) ** ((kap - 1) / kap) - 1)
        Pw = max(q, 0) * H / 0.8
        cs = ann["compressor_stations"][a["id"]]
        Pinst = cs["max_units_running"] * cs["sizing"]["power_kW"] * 1e3
        if q > 1e-9 and ratio < 1 - 1e-6:
            violations.append("%s: discharge zone needs %.2f bar < suction %.2f bar" % (
                a["id"], pout / 1e5, pin / 1e5))
        if Pw > Pinst:
            violations.append("%s: power %.1f MW > estimated installed %.1f MW" % (
                a["id"], Pw / 1e6, Pinst / 1e6))
        if pin < a["pin_min"] * 1e5 - 1 and q > 1e-9:
            violations.append("%s: suction %.2f bar < pressureInMin %.2f" % (
                a["id"], pin / 1e5, a["pin_min"]))
        stations.append((a["id"], state, q, pin / 1e5, pout / 1e5, ratio, Pw / 1e6))
    return gas, flow, press, stations, violations


def with_transit(scn, q):
    """Adds q (1000 m3/h) of Russian transit: Mozdok up, Saveh down (excess leaves at Parchin)."""
    s = dict(scn)
    t, v = s["ru_mozdok"]
    s["ru_mozdok"] = (t, v + q)
    t, sv = s["ir_saveh"]
    take = min(sv, q)
    s["ir_saveh"] = (t, sv - take)
    t, pv = s["ir_parchin"]
    s["ir_parchin"] = (t, pv + q - take)
    return s


def headroom(nodes, arcs, scn, ann):
    """Largest extra Russian transit (1000 m3/h) for which the estimate finds no violation."""
    ok = lambda q: not steady(nodes, arcs, with_transit(scn, q), ann)[4]
    if not ok(0.0):
        return 0.0, steady(nodes, arcs, scn, ann)[4]
    lo, hi = 0.0, 6000.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return lo, steady(nodes, arcs, with_transit(scn, hi * 1.001 + 1e-3), ann)[4]


def main():
    ann = json.load(open(os.path.join(CASE, "annotations.json")))
    for f in ["corridor.net", "corridor.cs"] + ["scenarios/" + s for s in
                                                sorted(os.listdir(os.path.join(CASE, "scenarios")))]:
        xml.dom.minidom.parse(os.path.join(CASE, f))
    nodes, arcs = load_net(os.path.join(CASE, "corridor.net"))
    probs = structure_checks(nodes, arcs, ann)
    names = sys.argv[1:] or [s[:-4] for s in sorted(os.listdir(os.path.join(CASE, "scenarios")))]
    srcsink = {n for n in nodes if nodes[n]["kind"] != "innode"}
    for name in names:
        scn = load_scn(os.path.join(CASE, "scenarios", name + ".scn"))
        if set(scn) != srcsink:
            probs.append("%s: lists %s, misses %s" % (name, sorted(set(scn) - srcsink),
                                                      sorted(srcsink - set(scn))))
        for i, (t, v) in scn.items():
            want = "entry" if nodes[i]["kind"] == "source" else "exit"
            if t != want:
                probs.append("%s: %s type %s" % (name, i, t))
        bal = sum(v if t == "entry" else -v for t, v in scn.values())
        if abs(bal) > 1e-9:
            probs.append("%s: entries - exits = %g" % (name, bal))
    print("structure: %d nodes, %d arcs, %d scenarios: %s" % (
        len(nodes), len(arcs), len(names), "OK" if not probs else "PROBLEMS"))
    for p in probs:
        print("  " + p)
    bp_arcs = {bp["arc"]: bp for bp in ann["border_points"]}
    for name in names:
        scn = load_scn(os.path.join(CASE, "scenarios", name + ".scn"))
        gas, flow, press, stations, viol = steady(nodes, arcs, scn, ann)
        print("\n== %s  (mixed gas M %.2f kg/kmol, rho_n %.4f kg/m3)" % (name, gas["M"], gas["rho"]))
        for aid, bp in bp_arcs.items():
            q = flow[aid] * 3.6 / gas["rho"] / 41.6667
            print("  border %-18s %8.3f mcm/d (0 degC, + = %s)" % (bp["id"], q,
                                                                bp["positive_arc_flow"]))
        for n in ("ru_mozdok", "border_ru_az", "az_hajigabul", "az_astara", "ir_astara",
                  "ir_rasht", "ir_ardabil", "ir_qazvin", "ir_saveh", "ir_sari", "ir_kordkuy",
                  "ir_mashhad", "ir_khangiran"):
            if n in press:
                print("  p %-16s %7.2f bar  [%.2f, %.2f]" % (n, press[n] / 1e5, nodes[n]["pmin"],
                                                             nodes[n]["pmax"]))
        for s in stations:
            print("  cs %-15s %-28s q %7.2f kg/s  %6.2f -> %6.2f bar  ratio %.3f  %.2f MW" % s)
        print("  verdict: %s" % ("feasible" if not viol else "INFEASIBLE"))
        for v in viol:
            print("    " + v)
        base = dict(scn)
        ru0 = ann["scenarios"][name]["russian_transit_1000m3_per_h"]
        if ru0 > 0:   # headroom measured on top of the scenario without its transit
            base = with_transit(base, 0.0)
            t, v = base["ru_mozdok"]
            base["ru_mozdok"] = (t, v - ru0)
            t, pv = base["ir_parchin"]
            back = min(pv, ru0)
            base["ir_parchin"] = (t, pv - back)
            t, sv = base["ir_saveh"]
            base["ir_saveh"] = (t, sv + ru0 - back)
        h, binding = headroom(nodes, arcs, base, ann)
        cis = 273.15 / 293.15
        print("  headroom (estimate): %.1f (1000 m3/h) = %.2f bcm/y at 20 degC of Russian transit "
              "on top of the scenario's other flows; first violation beyond it: %s" % (
                  h, h / 41.6667 / cis / (1000 / 365), binding[0] if binding else "-"))
    return 1 if probs else 0


if __name__ == "__main__":
    sys.exit(main())
