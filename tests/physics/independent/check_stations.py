#!/usr/bin/env python3
"""Holds corridor's compressor-station machine model to an independent re-implementation.

Written from docs/physics.md ("Active elements: modes, limits, machines and fuel", "Gas"),
docs/compressor-data.md (section 4, evaluation) and ../shared/data/gaslib/SCHEMA.md (section 6,
the .cs format), with the model statement that physics.md defers to (the comment block at the
top of include/corridor/station.h, documentation; nothing of src/ is read). For each case it
runs `corridor simulate NET SCN CS --controls FILE [variant options]` and takes from
summary.json each running station's solved terminal pressures, machine pressures and mass
flow as INPUTS. It then recomputes, per configuration of the station's .cs data:

  per unit: stage pressures, network head H and suction flow Q, capacity share, the machine
  point (recycle / throttle / corner), speed n, efficiency eta, shaft power P, the drive's
  P_max(n clamped, 15 degC), fuel power F(min(P, P_max)), every limit's g and the nearest
  (or most violated) limit;
  per station: the configuration chosen (inside with least fuel, else least violation), each
  configuration judged at its own split of the ratio between stages in series (this check's
  search for the split of least fuel, else of least violation: station.h), its shaft and
  fuel power, its fuel gas in kg/s (F / H_s * rho_n) and its fuel node; the chosen
  configuration's figures at the split summary.json gives (stage_shares), which must be no
  worse than this check's own;
  a station held at a machine limit (held_at): its worst violation 0 to the inside tolerance;
  held at the split that reaches the highest outlet (stage_split, physics.md "Held at its
  machines' limits"): no split with more headroom at its outlet (this check's own search),
  every split beyond the limits REACH_DP above that outlet and some split within them
  REACH_DP below, and the limits the report names those of the units on their limits;
  units without an operating point (no speed gives the head, eta outside (0, 1]) and heads
  above the top of a surge line that bends over, as station.h and physics.md state them, for
  the configurations and splits the searches compare;
  the machine pressures from the terminal pressures and the side losses;
  and compares every figure summary.json (active_elements, compressor_power_MW,
  fuel_gas_kg_per_s), arcs.csv (configuration, shaft_power_MW, fuel_gas_kg_per_s), nodes.csv
  (fuel_gas_kg_per_s) and the report on standard output (its station, configuration and unit
  lines, at their printed digits) give for it.

Tolerances: relative 1e-9 on heads, flows, speeds, efficiencies, powers and fuel (both sides
evaluate the same closed forms in double precision; the inputs are summary.json's 17 digits);
absolute 1e-9 on the dimensionless g (1e-7, the inside tolerance, for a held unit on its
limit: the row holds a weighted pair of limits, or one at the last round's split); 1e-5 bar
(1 Pa) on machine pressures from the side losses (a station's fixed pressureLossIn/Out
applies in full, without a resistor's sign smoothing, which would move it 0.18 Pa at 75 kg/s:
physics.md says so since this check asked; corridor agrees to 1e-14 bar); fuel gas in kg/s
absolute 1e-8 kg/s per station (the withdrawals are iterated until they change by less than
a tenth of the 1e-7 kg/s mass tolerance, so the fuel drawn trails the final point's fuel
power by up to that); the CSV columns at their 10 significant digits (relative 1e-8); report
figures to half a unit of their last printed digit (plus 1e-9 relative; a printed g at least
1e-9, its round-off at 1e-15 printed in %g's form).

Negative controls: the same comparison must reject the model made wrong in one documented rule
(kappa 1.4 instead of the sources' c_p; an efficiency of 0.8 instead of the map's; z = 1 in
the head and suction flow).

Usage: check_stations.py --corridor BIN --gaslib DIR --work DIR
Exit 0 all agree, 1 a difference or a failed run, 77 the GasLib data is missing (skipped).
"""
import json
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import model  # noqa: E402  (the independent GasLib parsers and Papay z of the pipe check)
from independent_util import check_arguments  # noqa: E402

R_UNIV = 8.314462618
REL_TOL = 1e-9
G_TOL = 1e-9
P_TOL_BAR = 1e-5
CSV_REL = 1e-8
FUEL_ABS = 1e-8                # kg/s: the withdrawals iterate to a tenth of the 1e-7 mass tol.
H_REF = 10.0e3                 # J/kg, kStationReferenceHead
INSIDE_TOL = 1e-7              # kStationLimitTolerance
LINE_TOL = 1e-9                # surge/speed min/choke count only above this (recycle on)
AMBIENT_C = 15.0               # gas turbines' ambient temperature (ISO), the simulate default
EPS_Q = 1e-6                   # kg/s, phi(q) regularisation
DEFAULT_DRIVE_EFF = 0.35
NO_POINT_G = 1000.0            # station.h: a unit without an operating point violates >= 1000

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))

SKIPPED = []   # (figure, why): printed and counted, never silent


NOT_EXERCISED = [
    'piston units and gas-driven motors (none in GasLib-11/24/40)',
    "the placeholder fuel curve (0.01, 0, 0): F = P / 0.35 (coded, no such drive here)"]
# What the cases are chosen to exercise; each must be met by some case (a check that none
# reaches checks nothing). Filled by compare_case.
MUST_EXERCISE = ['a unit outside its map, its limit named as violated',
                 'fuel capped at the drive\'s P_max',
                 'a station held at a machine limit']
exercised = set()


# Stations whose chosen configuration runs stages in series at an unequal split (the case
# with GasLib-24's CS3 at ratio 1.7 is to have one), and those held where their units reach
# the highest outlet together (CS3 at 1.5 times the load with CS1 in bypass).
two_stage_chosen = []
held_reached = []


def skip(figure, why):
    if (figure, why) not in SKIPPED:
        SKIPPED.append((figure, why))


# ----------------------------------------------------------------------------- .cs data
def _loc(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag


def _kids(el, name=None):
    return [c for c in el if isinstance(c.tag, str) and (name is None or _loc(c.tag) == name)]


def _val(el, name):
    c = _kids(el, name)
    return float(c[0].get('value')) if c else None


def parse_cs(path):
    """{station id: {'units': {id: dict}, 'drives': {id: dict}, 'configs': [(id, stages)]}}."""
    out = {}
    for st in _kids(ET.parse(path).getroot(), 'compressorStation'):
        units, drives, configs = {}, {}, []
        for sec in _kids(st):
            name = _loc(sec.tag)
            for el in _kids(sec):
                kind = _loc(el.tag)
                if name == 'compressors':
                    u = {'kind': kind, 'drive': el.get('drive'),
                         'nmin': _val(el, 'speedMin'), 'nmax': _val(el, 'speedMax')}
                    for k in ('speedMin', 'speedMax'):
                        unit = _kids(el, k)[0].get('unit')
                        if unit != 'per_min':
                            raise RuntimeError('speed unit %s' % unit)
                    if kind == 'turboCompressor':
                        u['c'] = [_val(el, 'n_isoline_coeff_%d' % i) for i in range(1, 10)]
                        u['e'] = [_val(el, 'eta_ad_isoline_coeff_%d' % i) for i in range(1, 10)]
                        u['s'] = [_val(el, 'surgeline_coeff_%d' % i) for i in range(1, 4)]
                        u['ch'] = [_val(el, 'chokeline_coeff_%d' % i) for i in range(1, 4)]
                    else:
                        skip('piston units', 'none in GasLib-11/24/40')
                    units[el.get('id')] = u
                elif name == 'drives':
                    d = {'kind': kind,
                         'er': [_val(el, 'energy_rate_fun_coeff_%d' % i) for i in (1, 2, 3)],
                         'pf': [_val(el, 'power_fun_coeff_%d' % i) for i in range(1, 10)]}
                    d['pf'] = [v for v in d['pf'] if v is not None]
                    drives[el.get('id')] = d
                elif name == 'configurations':
                    stages = sorted(((int(s.get('stageNr')), [c.get('id') for c in
                                                              _kids(s, 'compressor')])
                                     for s in _kids(el, 'stage')))
                    configs.append((el.get('confId'), [ids for _, ids in stages]))
        out[st.get('id')] = {'units': units, 'drives': drives, 'configs': configs}
    return out


# ----------------------------------------------------------------------------- gas
def station_gas(net, scn, ambient_c, dev):
    """The mixed gas of physics.md "Gas": every property weighted by the sources' nominated
    normal-volume inflow; kappa = c_p / (c_p - R) of the mixed molar c_p = A + B T + C T^2."""
    nodes, order, arcs = model.parse_net(net)
    nom = model.parse_scn(scn)
    root = ET.parse(net).getroot()
    cp = {}
    for el in root.iter():
        if isinstance(el.tag, str) and _loc(el.tag) == 'source':
            cp[el.get('id')] = [_val(el, 'coefficient-%s-heatCapacity' % k) for k in 'ABC']
    src = [n for n in order if nodes[n]['kind'] == 'source']
    w = {n: max(nom.get(n, {}).get('Q', 0.0) or 0.0, 0.0) for n in src}
    if sum(w.values()) <= 0:
        w = {n: 1.0 for n in src}
    tot = sum(w.values())
    g = {k: sum(w[n] * nodes[n]['gas'][k] for n in src) / tot
         for k in ('M', 'pc', 'Tc', 'rho_n', 'T', 'Hs')}
    coef = [sum(w[n] * cp[n][i] for n in src) / tot for i in range(3)]
    T = g['T']
    c_p = coef[0] + coef[1] * T + coef[2] * T * T
    g['kappa'] = 1.4 if dev == 'kappa-1.4' else c_p / (c_p - R_UNIV)
    g['Rs'] = R_UNIV / (g['M'] * 1e-3)
    g['ambient_C'] = ambient_c

    class O:  # the options model.Model reads
        friction, eos, no_height, gravity, lam, pipe_model = 'nikuradse', 'papay', 0, 9.8, 0, ''
        cnga_b = (1.0, 0.0)
    mg = dict(g, mu=1.1e-5, z0=1.0, z1=0.0, rho_n_pipe=g['rho_n'])
    zmodel = model.Model(O, mg)
    g['z'] = (lambda p: 1.0) if dev == 'z-one' else zmodel.z
    return g, nodes, arcs


# ----------------------------------------------------------------------------- machines
def quad_roots(a2, a1, a0):
    """Real roots of a2 x^2 + a1 x + a0 = 0 (the linear one where a2 = 0)."""
    if a2 == 0.0:
        return [] if a1 == 0.0 else [-a0 / a1]
    disc = a1 * a1 - 4 * a2 * a0
    if disc < 0:
        return []
    s = math.sqrt(disc)
    return [(-a1 - s) / (2 * a2), (-a1 + s) / (2 * a2)]


def head_map(c, Q, n):
    return 1000.0 * sum(c[3 * i + j] * Q ** i * n ** j for i in range(3) for j in range(3))


def eta_map(e, Q, n):
    return sum(e[3 * i + j] * Q ** i * n ** j for i in range(3) for j in range(3))


def line(s, Q):
    return 1000.0 * (s[0] + s[1] * Q + s[2] * Q * Q)


def speed_for(u, Q, H):
    """n on the rising branch of H(Q, n) = H (dH/dn > 0), None where no real root."""
    b = [1000.0 * sum(u['c'][3 * i + j] * Q ** i for i in range(3)) for j in range(3)]
    for n in quad_roots(b[2], b[1], b[0] - H):
        if b[2] == 0.0 or b[1] + 2 * b[2] * n > 0:
            return n
    return None


def speed_line_coeffs(u, n):
    """H(Q, n) at fixed n as 1000 (a0 + a1 Q + a2 Q^2): [a0, a1, a2]."""
    return [sum(u['c'][3 * i + j] * n ** j for j in range(3)) for i in range(3)]


def capacity(u):
    """Largest inlet flow: where the maximal speed line meets the choke line (largest root)."""
    a, ch = speed_line_coeffs(u, u['nmax']), u['ch']
    r = [q for q in quad_roots(a[2] - ch[2], a[1] - ch[1], a[0] - ch[0]) if q > 0]
    return max(r) if r else None


def corner(u):
    """Lowest point of the map: the choke line on the minimum speed line."""
    a, ch = speed_line_coeffs(u, u['nmin']), u['ch']
    r = [q for q in quad_roots(a[2] - ch[2], a[1] - ch[1], a[0] - ch[0]) if q > 0]
    if not r:
        return None
    q = max(r)
    return q, line(ch, q)


def machine_point(u, Q, H):
    """(Q_m, H_m, how) of station.h's recycle and throttle (on by default)."""
    Hc, Hs = line(u['ch'], Q), line(u['s'], Q)
    if H < Hc:
        n = speed_for(u, Q, Hc)
        if Hc <= Hs and n is not None and n >= u['nmin']:
            return Q, Hc, 'throttle'
        c = corner(u)
        return c[0], c[1], 'corner'
    Qm = Q
    if H > Hs:
        r = [q for q in quad_roots(u['s'][2], u['s'][1], u['s'][0] - H / 1000.0)
             if u['s'][1] + 2 * u['s'][2] * q > 0]
        if not r:  # above the top of a surge line that bends over: no recycle reaches it
            n = speed_for(u, Q, H)
            return (Q, H, 'above surge top') if n is not None else None
        Qm = max(Qm, r[0])
    n = speed_for(u, Qm, H)
    if n is None or n < u['nmin']:
        a = speed_line_coeffs(u, u['nmin'])
        r = [q for q in quad_roots(a[2], a[1], a[0] - H / 1000.0) if a[1] + 2 * a[2] * q < 0]
        if not r:
            c = corner(u)
            return c[0], c[1], 'corner'
        Qm = max(Qm, r[0])
    if H < line(u['ch'], Qm):
        c = corner(u)
        return c[0], c[1], 'corner'
    return Qm, H, 'recycle' if Qm > Q else 'map'


def drive_pmax(d, n, ambient_c):
    pf = d['pf']
    if len(pf) == 9:
        return 1000.0 * sum(pf[3 * i + j] * ambient_c ** i * n ** j
                            for i in range(3) for j in range(3))
    return 1000.0 * (pf[0] + pf[1] * n + pf[2] * n * n)


def unit_point(u, d, m_u, p_k, r_s, gas, dev):
    z, Rs, T, k = gas['z'](p_k), gas['Rs'], gas['T'], gas['kappa']
    H = z * Rs * T * k / (k - 1) * (r_s ** ((k - 1) / k) - 1)
    Q = m_u * z * Rs * T / p_k
    rho = p_k / (z * Rs * T)
    mp = machine_point(u, Q, H)
    if mp is None:  # station.h: no operating point, a violation of at least 1000
        return {'Q': Q, 'H': H, 'Qm': Q, 'Hm': H, 'how': 'none', 'n': math.nan,
                'eta': math.nan, 'P': math.inf, 'Pmax': math.nan, 'F': math.inf,
                'given': True, 'm_u': m_u, 'worst': 'no operating point', 'g': NO_POINT_G,
                'recycle': 0.0, 'throttle': 0.0}
    Qm, Hm, how = mp
    n = speed_for(u, Qm, Hm)
    eta = 0.8 if dev == 'eta-0.8' else eta_map(u['e'], Qm, n)
    valid = 0.0 < eta <= 1.0  # station.h: else no operating point, its power that of eta 1
    P = rho * Qm * Hm / (eta if valid else 1.0)
    nc = min(max(n, u['nmin']), u['nmax'])
    Pmax = drive_pmax(d, nc, gas['ambient_C'])
    Pk = min(P, Pmax) / 1000.0
    if d['er'] == [0.01, 0.0, 0.0]:
        F = min(P, Pmax) / DEFAULT_DRIVE_EFF
        given = False
    else:
        F = 1000.0 * (d['er'][0] + d['er'][1] * Pk + d['er'][2] * Pk * Pk)
        given = True
    g = {'speed min': 1 - n / u['nmin'], 'speed max': n / u['nmax'] - 1,
         'surge line': (Hm - line(u['s'], Qm)) / H_REF,
         'choke line': (line(u['ch'], Qm) - Hm) / H_REF, 'driver power': P / Pmax - 1}
    cand = {k2: v for k2, v in g.items()
            if k2 in ('speed max', 'driver power') or v > LINE_TOL}
    if how == 'above surge top':
        # physics.md: no flow lies on the surge line there, so the line's head measures
        # nothing; another violated limit is the unit's, the surge line only where none is.
        other = {k2: v for k2, v in cand.items() if k2 != 'surge line' and v > INSIDE_TOL}
        if other:
            cand = other
    worst = max(cand, key=lambda k2: cand[k2])
    if not valid:
        worst, cand[worst] = 'no operating point', NO_POINT_G
    return {'Q': Q, 'H': H, 'Qm': Qm, 'Hm': Hm, 'how': how, 'n': n, 'eta': eta, 'P': P,
            'Pmax': Pmax, 'F': F, 'given': given, 'm_u': m_u, 'worst': worst,
            'g': cand[worst], 'recycle': Qm - Q, 'throttle': Hm - H}


def configuration_point(st, stages, m, p_in, p_out, gas, dev, split=None):
    """Stage k lifts by r**w_k from p_in r**(w_1 + ... + w_(k-1)); w = 1/S each without
    `split`."""
    S = len(stages)
    r = p_out / p_in
    r_s = r ** (1.0 / S)
    units = []
    for k, ids in enumerate(stages):
        p_k = p_in * r_s ** k
        if split:
            r_s = r ** split[k]
            p_k = p_in * r ** sum(split[:k])
        caps = [capacity(st['units'][i]) for i in ids]
        if dev == 'equal-shares' or any(c is None for c in caps):
            shares = [1.0 / len(ids)] * len(ids)
        else:
            shares = [c / sum(caps) for c in caps]
        for i, sh in zip(ids, shares):
            u = st['units'][i]
            pt = unit_point(u, st['drives'][u['drive']], m * sh, p_k, r_s, gas, dev)
            pt.update(id=i, drive=u['drive'], stage=k + 1)
            units.append(pt)
    worst = max(p['g'] for p in units)
    return {'units': units, 'P': sum(p['P'] for p in units), 'F': sum(p['F'] for p in units),
            'inside': worst <= INSIDE_TOL, 'worst': worst}


def order(pt):
    """Inside before outside; inside by fuel, then shaft power; outside by the violation."""
    return (0, pt['F'], pt['P']) if pt['inside'] else (1, pt['worst'], 0.0)


def least_split(key):
    """The first stage's share x in (0, 1) of least key(x): a scan of 1 000 splits, then
    ternary sections around the best to 1e-13 of the exponent."""
    n = 1000
    x = min(((i + 0.5) / n for i in range(n)), key=key)
    lo, hi = max(0.0, x - 1.0 / n), min(1.0, x + 1.0 / n)
    while hi - lo > 1e-13:
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if key(a) < key(b):
            hi = b
        else:
            lo = a
    return 0.5 * (lo + hi)


def best_split(st, stages, m, p_in, p_out, gas, dev):
    """(shares, point) of two stages in series at the split a dispatcher would set: of the
    splits inside every limit the one of least fuel, else the one of least violation; the
    equal split where none is better (shares None), and for any number of stages but two.
    A scan of 1 000 splits, then ternary sections around the best to 1e-13 of the exponent
    (written apart from corridor's search: its scan and golden sections are not read)."""
    equal = configuration_point(st, stages, m, p_in, p_out, gas, dev)
    if len(stages) != 2 or not p_out > p_in:
        return None, equal
    at = lambda x: configuration_point(st, stages, m, p_in, p_out, gas, dev, [x, 1.0 - x])
    x = least_split(lambda v: order(at(v)))
    pt = at(x)
    if not order(pt) < order(equal):
        return None, equal
    return [x, 1.0 - x], pt


def most_headroom(st, stages, m, p_in, p_out, gas, dev):
    """(x, worst) of two stages in series: the first stage's share x at which the units'
    worst violation is least (physics.md's split of most headroom), by a scan of 1 000 splits
    and ternary sections around the best to 1e-13 (this check's own search)."""
    at = lambda x: configuration_point(st, stages, m, p_in, p_out, gas, dev,
                                       [x, 1.0 - x])['worst']
    x = least_split(at)
    return x, at(x)


def choose(st, m, p_in, p_out, gas, dev):
    pts = [(cid, best_split(st, stages, m, p_in, p_out, gas, dev)[1])
           for cid, stages in st['configs']]
    inside = [x for x in pts if x[1]['inside']]
    if inside:
        return min(inside, key=lambda x: x[1]['F'])
    return min(pts, key=lambda x: x[1]['worst'])


def side_loss(arc_el, side, q, p_terminal, gas):
    """Fixed loss (in full at forward flow) plus drag zeta phi(q) / (2 A^2 rho(p_terminal)), Pa."""
    loss = 0.0
    fixed = _kids(arc_el, 'pressureLoss' + side)
    if fixed:
        loss += model.conv(fixed[0], 'pressure') * (1.0 if q > 0 else 0.0)
    zeta = _val(arc_el, 'dragFactor' + side)
    dia = _kids(arc_el, 'diameter' + side)
    if zeta and dia:
        A = math.pi * model.conv(dia[0], 'length') ** 2 / 4
        rho = p_terminal / (gas['z'](p_terminal) * gas['Rs'] * gas['T'])
        loss += zeta * q * math.sqrt(q * q + EPS_Q ** 2) / (2 * A * A * rho)
    return loss


# ----------------------------------------------------------------------------- comparison
class Cmp:
    def __init__(self):
        self.failures, self.count, self.worst = [], 0, {}

    def num(self, label, kind, got, want, tol, rel=True):
        self.count += 1
        if got is None or want is None or not (math.isfinite(got) and math.isfinite(want)):
            self.failures.append('%s: not a number (corridor %r, model %r)' % (label, got, want))
            return
        d = abs(got - want) / (max(abs(want), 1e-300) if rel else 1.0)
        if rel and abs(want) < 1e-12:
            d = abs(got - want)
        if d > self.worst.get(kind, (0.0, ''))[0]:
            self.worst[kind] = (d, label)
        if d > tol:
            self.failures.append('%s: corridor %.12g, model %.12g (%s diff %.2e > %.0e)' %
                                 (label, got, want, 'rel' if rel else 'abs', d, tol))

    def same(self, label, got, want):
        self.count += 1
        if got != want:
            self.failures.append('%s: corridor %r, model %r' % (label, got, want))

    def printed(self, label, text, want, floor=0.0):
        """A report figure against the model at its printed digits (at least `floor`)."""
        mant, _, exp = text.partition('e')
        digits = len(mant.split('.')[1]) if '.' in mant else 0
        tol = max(0.5 * 10 ** (int(exp or 0) - digits) * 1.0001 + 1e-9 * abs(want), floor)
        self.count += 1
        if not abs(float(text) - want) <= tol:
            self.failures.append('%s: report %s, model %.10g' % (label, text, want))


def station_arc_elements(net):
    out = {}
    for el in ET.parse(net).getroot().iter():
        if isinstance(el.tag, str) and _loc(el.tag) == 'compressorStation':
            out[el.get('id')] = el
    return out


def report_blocks(stdout):
    """{station id: [its report lines]} from the Active elements section."""
    blocks, cur = {}, None
    for ln in stdout.splitlines():
        m = re.match(r'  compressorStation (\S+): ', ln)
        if m:
            cur = m.group(1)
            blocks[cur] = [ln]
        elif cur and ln.startswith('    '):
            blocks[cur].append(ln)
        else:
            cur = None
    return blocks


NUM = r'(-?[0-9.]+)'
NUM_E = r'(-?[0-9.]+(?:e[-+][0-9]+)?)'  # a figure printed in %g's form


# summary.json's stage_split for a station held at its machines' limits at the split that
# reaches the highest outlet (physics.md, "Held at its machines' limits").
REACHES = 'the split that reaches the highest outlet'
REACH_DP = 10.0  # Pa: P* is bracketed to this either side of the held outlet
# The held splits chosen at another state than the solved one (the set-point's, or what the
# set-point asks): only their units' figures at that split are compared.
DECIDED_ELSEWHERE = ("kept from its set-point's state",
                     'the split of most headroom at what its set-point asks')


def held_at_reach(L, e, st, stages, m, p_in, p_out, gas, dev, cp, cmp):
    """A station held where its units reach their highest outlet P* together: at corridor's
    split its units sit on their limits (worst violation within the inside tolerance of 0),
    no split has more headroom there (this check's own search, to that tolerance), every
    split lies beyond the limits REACH_DP above the outlet and some split within them
    REACH_DP below (so the outlet is P* to REACH_DP at the solved flow and inlet), and the
    limits the report names are those of the units on their limits."""
    if dev is None and L not in held_reached:
        held_reached.append(L)
    cmp.same(L + ' held_at', e.get('held_at'), 'machine limit')
    _, h = most_headroom(st, stages, m, p_in, p_out, gas, dev)
    if cp['worst'] > h + INSIDE_TOL:
        cmp.failures.append('%s: split %s leaves worst %.3e where %.3e is the most headroom'
                            % (L, e['stage_shares'], cp['worst'], h))
    cmp.count += 1
    _, above = most_headroom(st, stages, m, p_in, p_out + REACH_DP, gas, dev)
    _, below = most_headroom(st, stages, m, p_in, p_out - REACH_DP, gas, dev)
    if not (above > INSIDE_TOL and below <= INSIDE_TOL):
        cmp.failures.append('%s: the highest outlet within limits is not the held %.6f bar to '
                            '%g Pa (most headroom %.3e above, %.3e below)' %
                            (L, p_out / 1e5, REACH_DP, above, below))
    cmp.count += 1
    named = set(re.findall(r'(speed max|speed min|driver power|surge line|choke line) of unit '
                           r'(\S+?)[ :]', e.get('limit') or ''))
    on = {(u['worst'], u['id']) for u in cp['units'] if abs(u['g']) <= INSIDE_TOL}
    cmp.same(L + ' limits named (held)', sorted(named), sorted(on))


def compare_case(case, out, stdout, net, cs_data, gas, dev, cmp, judge=True):
    """Compares one run; returns the number of running stations compared."""
    with open(os.path.join(out, 'summary.json')) as f:
        summ = json.load(f)
    arcs = {r['id']: r for r in csv.DictReader(open(os.path.join(out, 'arcs.csv'), newline=''))}
    nodes = {r['id']: r for r in csv.DictReader(open(os.path.join(out, 'nodes.csv'),
                                                     newline=''))}
    arc_el = station_arc_elements(net)
    blocks = report_blocks(stdout)
    total_P, total_fuel, fuel_at, n_run = 0.0, 0.0, {}, 0
    for e in summ['active_elements']:
        if e['type'] != 'compressorStation' or not e.get('machines_run'):
            continue
        sid, L = e['id'], '%s %s' % (case, e['id'])
        n_run += 1
        m = e['mass_flow_kg_per_s']
        p_in, p_out = e['machine_inlet_pressure_bar_abs'] * 1e5, \
            e['machine_outlet_pressure_bar_abs'] * 1e5
        el = arc_el[sid]
        # machine pressures from the terminals and the side losses
        pin_t, pout_t = e['inlet_pressure_bar_abs'] * 1e5, e['outlet_pressure_bar_abs'] * 1e5
        cmp.num(L + ' machine inlet (bar)', 'machine p (bar)', p_in / 1e5,
                (pin_t - side_loss(el, 'In', m, pin_t, gas)) / 1e5, P_TOL_BAR, rel=False)
        cmp.num(L + ' machine outlet (bar)', 'machine p (bar)', p_out / 1e5,
                (pout_t + side_loss(el, 'Out', m, pout_t, gas)) / 1e5, P_TOL_BAR, rel=False)
        cid, cp = choose(cs_data[sid], m, p_in, p_out, gas, dev)
        cmp.same(L + ' configuration', e['configuration'], cid)
        # Stages in series: the figures at corridor's split, which must be no worse than
        # this check's own (and near it: both search the same order); a station held at its
        # machines' limits at the split that reaches the highest outlet is judged by that.
        stages = dict(cs_data[sid]['configs']).get(cid)
        if e.get('stage_shares') is not None and stages is not None:
            w = e['stage_shares']
            if dev is None and L not in two_stage_chosen:
                two_stage_chosen.append(L)
            own = cp
            cp = configuration_point(cs_data[sid], stages, m, p_in, p_out, gas, dev, w)
            if e.get('stage_split') == REACHES:
                held_at_reach(L, e, cs_data[sid], stages, m, p_in, p_out, gas, dev, cp, cmp)
            elif e.get('stage_split') in DECIDED_ELSEWHERE:
                skip('the split "%s"' % e['stage_split'],
                     'chosen at another state than the one solved')
            else:
                cmp.same(L + ' split inside', cp['inside'], own['inside'])
                # no worse than this check's own split, to the searches' precision: the fuel
                # relative REL_TOL inside, the worst violation G_TOL outside (both search the
                # split to about 1e-10 of the exponent)
                if cp['inside'] and own['inside']:
                    cmp.num(L + ' split fuel (own search)', 'split fuel', cp['F'] / 1e6,
                            own['F'] / 1e6, 1e-6)
                    worse = cp['F'] > own['F'] * (1 + REL_TOL)
                elif not cp['inside'] and not own['inside']:
                    cmp.num(L + ' split worst violation (own search)', 'split worst (abs)',
                            cp['worst'], own['worst'], 1e-6, rel=False)
                    worse = cp['worst'] > own['worst'] + G_TOL
                else:
                    worse = order(cp) > order(own)
                if worse:
                    cmp.failures.append('%s: corridor\'s split %s is worse than %s' % (
                        L, w, 'fuel %.12g MW' % (own['F'] / 1e6) if own['inside'] else
                        'worst violation %.12g' % own['worst']))
        elif stages is not None and len(stages) > 1:
            shares, _ = best_split(cs_data[sid], stages, m, p_in, p_out, gas, dev)
            if shares is not None:
                cmp.failures.append('%s: the equal split, where %s is better' % (L, shares))
        cmp.same(L + ' inside_map', e['inside_map'], cp['inside'])
        if e.get('held_at') == 'machine limit':
            # held on a unit's limit: its worst violation 0 to the inside tolerance (the row
            # of the limit holds it there; at two units' limits, a weighted row of both)
            if dev is None:
                exercised.add('a station held at a machine limit')
            cmp.num(L + ' worst violation (held on its limits)', 'g on its limits (abs)',
                    cp['worst'], 0.0, INSIDE_TOL, rel=False)
        cmp.same(L + ' units', [u['compressor'] for u in e['units']], [u['id'] for u in
                                                                      cp['units']])
        cmp.num(L + ' shaft_power_MW', 'power', e['shaft_power_MW'], cp['P'] / 1e6, REL_TOL)
        cmp.num(L + ' fuel_power_MW', 'fuel', e['fuel_power_MW'], cp['F'] / 1e6, REL_TOL)
        fuel_kg = cp['F'] / (gas['Hs'] * 1e6) * gas['rho_n']
        cmp.num(L + ' fuel_gas_kg_per_s', 'fuel kg/s (abs)', e['fuel_gas_kg_per_s'], fuel_kg,
                FUEL_ABS, rel=False)
        fnode = el.get('fuelGasVertex') or el.get('from')
        cmp.same(L + ' fuel_node', e['fuel_node'], fnode)
        fuel_at[fnode] = fuel_at.get(fnode, 0.0) + fuel_kg
        total_P += cp['P']
        total_fuel += fuel_kg
        a = arcs[sid]
        cmp.same(L + ' arcs.csv configuration', a['configuration'], cid)
        cmp.num(L + ' arcs.csv shaft_power_MW', 'csv', float(a['shaft_power_MW']), cp['P'] / 1e6,
                CSV_REL)
        cmp.num(L + ' arcs.csv fuel_gas_kg_per_s', 'fuel kg/s (abs)',
                float(a['fuel_gas_kg_per_s']), fuel_kg, FUEL_ABS + CSV_REL * fuel_kg, rel=False)
        for cu, mu in zip(e['units'], cp['units']):
            U = '%s %s' % (L, mu['id'])
            cmp.same(U + ' drive', cu['drive'], mu['drive'])
            cmp.same(U + ' stage', cu['stage'], mu['stage'])
            cmp.same(U + ' kind', cu['kind'], 'turbo')
            for key, kind, want, scale in (
                    ('network_head_kJ_per_kg', 'head', mu['H'], 1e3),
                    ('network_volumetric_flow_m3_per_s', 'flow Q', mu['Q'], 1),
                    ('head_kJ_per_kg', 'head', mu['Hm'], 1e3),
                    ('volumetric_flow_m3_per_s', 'flow Q', mu['Qm'], 1),
                    ('speed_per_min', 'speed', mu['n'], 1),
                    ('efficiency', 'efficiency', mu['eta'], 1),
                    ('shaft_power_MW', 'power', mu['P'], 1e6),
                    ('max_power_MW', 'power', mu['Pmax'], 1e6),
                    ('fuel_power_MW', 'fuel', mu['F'], 1e6)):
                cmp.num(U + ' ' + key, kind, cu[key], want / scale, REL_TOL)
            # differences: absolute against the scale of the figures they differ
            cmp.num(U + ' recycle_m3_per_s', 'recycle/throttle (abs)', cu['recycle_m3_per_s'],
                    mu['recycle'], REL_TOL * max(mu['Qm'], 1.0), rel=False)
            cmp.num(U + ' throttle_head_kJ_per_kg', 'recycle/throttle (abs)',
                    cu['throttle_head_kJ_per_kg'], mu['throttle'] / 1e3,
                    REL_TOL * max(mu['Hm'] / 1e3, 1.0), rel=False)
            cmp.same(U + ' fuel_model_given', cu['fuel_model_given'], mu['given'])
            cmp.same(U + ' worst_limit', cu['worst_limit'], mu['worst'])
            cmp.num(U + ' worst_violation', 'g (abs)', cu['worst_violation'], mu['g'], G_TOL,
                    rel=False)
        # the report's lines for the station
        lines = blocks.get(sid, [])
        conf = [ln for ln in lines if ln.strip().startswith('configuration ')]
        if len(conf) != 1:
            cmp.failures.append(L + ': no configuration line in the report')
            continue
        mm = re.search(r'configuration (\S+): shaft power %s MW, fuel %s MW \(%s kg/s at (\S+)\)'
                       r', machines %s -> %s bar' % (NUM, NUM, NUM, NUM, NUM), conf[0])
        if not mm:
            cmp.failures.append(L + ': configuration line unreadable: ' + conf[0])
            continue
        cmp.same(L + ' report configuration', mm.group(1), cid)
        cmp.printed(L + ' report shaft power', mm.group(2), cp['P'] / 1e6)
        cmp.printed(L + ' report fuel power', mm.group(3), cp['F'] / 1e6)
        cmp.printed(L + ' report fuel kg/s', mm.group(4), fuel_kg)
        cmp.same(L + ' report fuel node', mm.group(5), fnode)
        cmp.printed(L + ' report machine inlet', mm.group(6), p_in / 1e5)
        cmp.printed(L + ' report machine outlet', mm.group(7), p_out / 1e5)
        cmp.same(L + ' report inside', conf[0].rstrip().endswith('inside its map'),
                 cp['inside'])
        ulines = [ln for ln in lines if re.match(r'\s+stage \d+ ', ln)]
        if len(ulines) != len(cp['units']):
            cmp.failures.append(L + ': %d unit lines, model %d units' % (len(ulines),
                                                                         len(cp['units'])))
            continue
        for ln, mu in zip(ulines, cp['units']):
            U = '%s %s report' % (L, mu['id'])
            um = re.search(r'stage (\d+) turbo (\S+): Q %s m3/s, H %s kJ/kg, n %s 1/min, eta %s,'
                           r' P %s MW \(max %s\)' % (NUM, NUM, NUM, NUM, NUM, NUM), ln)
            if not um:
                cmp.failures.append(U + ': unit line unreadable: ' + ln)
                continue
            cmp.same(U + ' stage/unit', (int(um.group(1)), um.group(2)), (mu['stage'], mu['id']))
            for text, want in zip(um.groups()[2:], (mu['Qm'], mu['Hm'] / 1e3, mu['n'],
                                                    mu['eta'], mu['P'] / 1e6, mu['Pmax'] / 1e6)):
                cmp.printed(U + ' Q/H/n/eta/P/max', text, want)
            rc = re.search(r'recycles %s m3/s' % NUM, ln)
            cmp.same(U + ' recycles named', rc is not None, mu['recycle'] > 0)
            if rc:
                cmp.printed(U + ' recycles', rc.group(1), mu['recycle'])
            th = re.search(r'throttles %s kJ/kg' % NUM, ln)
            cmp.same(U + ' throttles named', th is not None, mu['throttle'] > 0)
            if th:
                cmp.printed(U + ' throttles', th.group(1), mu['throttle'] / 1e3)
            nl = re.search(r'(nearest (?:other )?limit|violates) (.+?) \(%s\)' % NUM_E, ln)
            outside = mu['g'] > INSIDE_TOL
            if not nl:
                cmp.failures.append(U + ': no limit named: ' + ln)
                continue
            cmp.same(U + ' limit named as violated', nl.group(1) == 'violates', outside)
            cmp.same(U + ' nearest or violated limit', nl.group(2), mu['worst'])
            cmp.printed(U + ' its g', nl.group(3), mu['g'], G_TOL)  # (%g of round-off)
            if dev is None:
                if outside:
                    exercised.add('a unit outside its map, its limit named as violated')
                if mu['P'] > mu['Pmax'] * (1 + INSIDE_TOL):  # (not a unit held on it)
                    exercised.add('fuel capped at the drive\'s P_max')
    if judge and n_run:
        cmp.num(case + ' compressor_power_MW', 'power', summ['compressor_power_MW'],
                total_P / 1e6, REL_TOL)
        cmp.num(case + ' fuel_gas_kg_per_s', 'fuel kg/s (abs)', summ['fuel_gas_kg_per_s'],
                total_fuel, FUEL_ABS * n_run, rel=False)
        for node, kg in fuel_at.items():
            cmp.num('%s nodes.csv fuel_gas_kg_per_s %s' % (case, node), 'fuel kg/s (abs)',
                    float(nodes[node]['fuel_gas_kg_per_s']), kg, FUEL_ABS + CSV_REL * kg,
                    rel=False)
    return n_run


# ----------------------------------------------------------------------------- cases
def sets(*items):
    return [w for item in items for w in ('--set', item)]


CASES = [
    ('11', []),
    ('24', []),
    ('40', []),
    ('11', ['--scale', '1.3']),                                   # CS01 near speed max/power
    ('11', ['--scale', '1.4']),                                   # CS01 held at its speed max
    ('11', sets('CS01_entry03_N01=outlet:66', 'CS02_N04_N05=outlet:63')),
    ('24', sets('CS1=ratio:1.15', 'CS3=ratio:1.2')),              # inside, away from the lines
    ('24', ['--scale', '1.5']),                                   # CS3 picks configuration 4
    ('24', sets('CS3=ratio:1.7')),                # two stages in series at an unequal split
    ('40', sets('compressorStation_1=ratio:1.1', 'compressorStation_6=ratio:1.03')
     + ['--ambient-temperature', '30']),                          # P_max at 30 degC
    # CS3 held at its two machines' limits together, its second recycling, the equal split
    # and other configurations above the top of a surge line
    ('24', sets('CS1=bypass', 'CS3=ratio:2.2') + ['--scale', '1.5']),
    # CS3's units beyond their driver power with the limits off: the split of least
    # violation, the fuel of P_max
    ('24', sets('CS3=ratio:2.5') + ['--no-limits']),
]


def ambient_of(options):
    return float(options[options.index('--ambient-temperature') + 1]) \
        if '--ambient-temperature' in options else AMBIENT_C


def run_case(corridor, gaslib, n, options, out):
    g = lambda ext: os.path.join(gaslib, 'GasLib-%s' % n, 'GasLib-%s.%s' % (n, ext))
    ctl = os.path.join(ROOT, 'data', 'controls', 'GasLib-%s.csv' % n)
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([corridor, 'simulate', g('net'), g('scn'), g('cs'), '--controls', ctl,
                        '--no-timings', '--out', out] + options,
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return None, 'corridor simulate exit %d: %s' % (r.returncode, r.stdout[-400:])
    summ = json.load(open(os.path.join(out, 'summary.json')))
    if summ['verdict'] != 'converged':
        return None, 'verdict %s' % summ['verdict']
    amb = ambient_of(options)
    got = re.search(r'gas turbines at (-?[0-9.]+) degC ambient', summ['elements'])
    if not got or float(got.group(1)) != amb:
        return None, 'ambient temperature not %g degC: %s' % (amb, summ['elements'])
    return r.stdout, None


def main():
    a = check_arguments(__doc__)
    if not all(os.path.isfile(os.path.join(a.gaslib, 'GasLib-%s' % n, 'GasLib-%s.cs' % n))
               for n in ('11', '24', '40')):
        print('SKIPPED: the GasLib instances are not at %s (set CORRIDOR_SHARED_DIR)' % a.gaslib)
        return 77
    t0 = time.time()
    cmp = Cmp()
    runs, stations, kept = 0, 0, []
    for i, (n, options) in enumerate(CASES):
        label = 'GasLib-%s %s' % (n, ' '.join(options) or '(controls)')
        out = os.path.join(a.work, 'run%d' % i)
        stdout, error = run_case(a.corridor, a.gaslib, n, options, out)
        if error:
            cmp.failures.append('%s: %s' % (label, error))
            continue
        runs += 1
        g = lambda ext: os.path.join(a.gaslib, 'GasLib-%s' % n, 'GasLib-%s.%s' % (n, ext))
        try:
            gas, _, _ = station_gas(g('net'), g('scn'), ambient_of(options), None)
            before = len(cmp.failures)
            k = compare_case(label, out, stdout, g('net'), parse_cs(g('cs')), gas, None, cmp)
        except Exception as e:  # the model's own failure is this check's failure
            cmp.failures.append('%s: model: %r' % (label, e))
            continue
        stations += k
        if k == 0:  # every case is chosen to run stations: none compared is no check
            cmp.failures.append('%s: no station runs machines' % label)
        print('%-78s %d stations, %s' % (label, k, 'agree' if len(cmp.failures) == before
                                         else '%d differences' % (len(cmp.failures) - before)))
        kept.append((label, n, options, out, stdout))
    # Negative controls: each deliberately wrong model must be told apart on some case.
    for dev, what in (('kappa-1.4', 'kappa 1.4 instead of the sources\' c_p'),
                      ('eta-0.8', 'efficiency 0.8, not from the map'),
                      ('z-one', 'z = 1 in head and suction flow')):
        neg = Cmp()
        for label, n, options, out, stdout in kept:
            g = lambda ext: os.path.join(a.gaslib, 'GasLib-%s' % n, 'GasLib-%s.%s' % (n, ext))
            try:
                gas, _, _ = station_gas(g('net'), g('scn'), ambient_of(options), dev)
                compare_case(label, out, stdout, g('net'), parse_cs(g('cs')), gas, dev, neg)
            except Exception as e:
                neg.failures.append('model: %r' % e)
        big = max(((d, k) for k, (d, _) in neg.worst.items() if k in ('head', 'power')),
                  default=(0.0, ''))
        print('negative control %-44s %4d differences; worst rel %s %.2e' %
              (what + ':', len(neg.failures), big[1], big[0]))
        if not neg.failures:
            cmp.failures.append('negative control (%s) passed the check' % what)
    print('%d runs, %d running stations, %d figures compared in %.1f s' %
          (runs, stations, cmp.count, time.time() - t0))
    for kind, (d, label) in sorted(cmp.worst.items()):
        print('  worst %-24s %.2e  (%s)' % (kind, d, label))
    print('tolerances: rel %.0e (figures), abs %.0e (g), %.0e bar (machine pressures), '
          'rel %.0e (CSV), half a printed digit (report)' % (REL_TOL, G_TOL, P_TOL_BAR, CSV_REL))
    for fig, why in SKIPPED:
        print('SKIPPED figure: %s (%s)' % (fig, why))
    print('%d figures skipped' % len(SKIPPED))
    for what in NOT_EXERCISED:
        print('not exercised (no such point in these cases): ' + what)
    for what in MUST_EXERCISE:
        print('exercised: %s: %s' % (what, 'yes' if what in exercised else 'NO'))
        if what not in exercised:
            cmp.failures.append('no case exercised ' + what)
    print('stages in series at an unequal split: %s' % (', '.join(two_stage_chosen) or 'none'))
    if not two_stage_chosen:
        cmp.failures.append('no case ran a configuration of two stages at an unequal split')
    print('held where its units reach the highest outlet: %s' % (', '.join(held_reached)
                                                                  or 'none'))
    if not held_reached:
        cmp.failures.append('no case held a station where its units reach the highest outlet')
    for f in cmp.failures:
        print('FAIL ' + f)
    return 1 if cmp.failures or runs == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
