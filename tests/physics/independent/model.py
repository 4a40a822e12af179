"""An independent steady-state model of a GasLib network, written from docs/physics.md (the
specification) and ../shared/data/gaslib/SCHEMA.md (the file format) alone, not from corridor's
sources: the reference that check_against_corridor.py holds `corridor simulate` to on the small
GasLib instances and variants of them (the default model and the options physics.md lists),
with every valve, control valve and compressor station open or in bypass (ideal, the default)
or at a fixed setting (`--set ARC=MODE`: closed, ratio, outlet, inlet, dp; "Elements" and
"Active elements"), its pressure references moved off a set-point's side as physics.md says.
The operating limits that would move an element off its setting are not modelled: the state
reports them (`limits`), and a setting compared must leave none.

Python's standard library only: a dense Newton method on the pressures of the groups that
ideal elements join and the flows of the other arcs, with a central finite-difference
Jacobian and a backtracking line search. Slow, and meant to be: nothing of corridor's
numerics (its nodal elimination, its linear start, its analytic derivatives) is shared.

`Options.deviation` makes the model deliberately wrong in one documented rule, so that the
check can show it would catch such a mistake (its negative controls):
  'z-arithmetic-mean'  z at (p_f + p_t)/2 instead of the mean pressure of physics.md
  'mix-by-mass'        the sources' molar mass and temperature weighted by mass instead of
                       by normal volume
  'ratio-inverted'     a station's ratio applied the other way round, p_from = r p_to
"""
import argparse
import math
import os
import xml.etree.ElementTree as ET

R_UNIV = 8.314462618          # J/(mol K)
EPS_Q = 1e-6                  # kg/s, regularisation of q|q|
DELTA_SIGN = 0.1              # kg/s, sign smoothing of fixed-loss resistors
MIN_RE = 100.0
P_N = 101325.0
T_N = 273.15
ACTIVE = ('valve', 'controlValve', 'compressorStation')
MODES = {'valve': ('open', 'closed'),
         'controlValve': ('open', 'bypass', 'closed', 'outlet', 'inlet', 'dp'),
         'compressorStation': ('bypass', 'closed', 'ratio', 'outlet', 'inlet')}
LONG_MODES = {'outlet_pressure': 'outlet', 'inlet_pressure': 'inlet', 'delta_p': 'dp'}

# ----------------------------------------------------------------------------- parsing
def local(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag

def child(el, name):
    for c in el:
        if isinstance(c.tag, str) and local(c.tag) == name:
            return c
    return None

def conv(el, kind):
    """value of <tag value=.. unit=..> in SI."""
    v = float(el.get('value'))
    u = el.get('unit')
    if kind == 'length':
        return {'km': 1000.0, 'm': 1.0, 'mm': 1e-3, 'meter': 1.0, None: 1.0}[u] * v
    if kind == 'pressure':
        if u == 'bar':
            return v * 1e5
        if u == 'barg':
            return (v + 1.01325) * 1e5
        raise ValueError(u)
    if kind == 'temp':
        if u == 'Celsius':
            return v + 273.15
        if u == 'K':
            return v
        raise ValueError(u)
    if kind == 'flow':
        assert u == '1000m_cube_per_hour', u
        return v
    return v

def parse_net(path):
    root = ET.parse(path).getroot()
    nodes, arcs = {}, []
    order = []
    for sec in root:
        if not isinstance(sec.tag, str):
            continue
        if local(sec.tag) == 'nodes':
            for n in sec:
                if not isinstance(n.tag, str):
                    continue
                d = {'id': n.get('id'), 'kind': local(n.tag)}
                h = child(n, 'height')
                d['h'] = conv(h, 'length') if h is not None else 0.0
                d['pmin'] = conv(child(n, 'pressureMin'), 'pressure')
                d['pmax'] = conv(child(n, 'pressureMax'), 'pressure')
                if d['kind'] == 'source':
                    g = {}
                    for key, name, kind in [('T', 'gasTemperature', 'temp'),
                                            ('Hs', 'calorificValue', None),
                                            ('rho_n', 'normDensity', None),
                                            ('M', 'molarMass', None),
                                            ('pc', 'pseudocriticalPressure', 'pressure'),
                                            ('Tc', 'pseudocriticalTemperature', 'temp')]:
                        e = child(n, name)
                        g[key] = conv(e, kind) if e is not None else 0.0
                    d['gas'] = g
                nodes[d['id']] = d
                order.append(d['id'])
        elif local(sec.tag) == 'connections':
            for a in sec:
                if not isinstance(a.tag, str):
                    continue
                d = {'id': a.get('id'), 'kind': local(a.tag), 'from': a.get('from'),
                     'to': a.get('to')}
                if d['kind'] == 'pipe':
                    d['L'] = conv(child(a, 'length'), 'length')
                    d['D'] = conv(child(a, 'diameter'), 'length')
                    d['k'] = conv(child(a, 'roughness'), 'length')
                elif d['kind'] == 'resistor':
                    z = child(a, 'dragFactor')
                    dl = child(a, 'diameter')
                    pl = child(a, 'pressureLoss')
                    d['zeta'] = float(z.get('value')) if z is not None else 0.0
                    d['D'] = conv(dl, 'length') if dl is not None else 0.0
                    d['dp'] = conv(pl, 'pressure') if pl is not None else 0.0
                elif d['kind'] in ACTIVE:
                    for key, name, kind in [('flowMax', 'flowMax', 'flow'),
                                            ('pInMin', 'pressureInMin', 'pressure'),
                                            ('pOutMax', 'pressureOutMax', 'pressure'),
                                            ('dpMin', 'pressureDifferentialMin', 'pressure'),
                                            ('dpMax', 'pressureDifferentialMax', 'pressure'),
                                            ('lossIn', 'pressureLossIn', 'pressure'),
                                            ('lossOut', 'pressureLossOut', 'pressure')]:
                        e = child(a, name)
                        d[key] = conv(e, kind) if e is not None else None
                    d['drag'] = any(float(e.get('value')) > 0 for e in a if isinstance(e.tag, str)
                                    and local(e.tag) in ('dragFactorIn', 'dragFactorOut'))
                arcs.append(d)
    return nodes, order, arcs

def parse_scn(path):
    root = ET.parse(path).getroot()
    res = {}
    for sc in root:
        if not isinstance(sc.tag, str) or local(sc.tag) != 'scenario':
            continue
        for n in sc:
            if not isinstance(n.tag, str) or local(n.tag) != 'node':
                continue
            d = {'type': n.get('type'), 'lo': None, 'hi': None, 'pl': None, 'pu': None}
            for c in n:
                if not isinstance(c.tag, str):
                    continue
                t = local(c.tag)
                if t == 'flow':
                    v = conv(c, 'flow')
                    b = c.get('bound')
                    if b in ('both', 'lower'):
                        d['lo'] = v
                    if b in ('both', 'upper'):
                        d['hi'] = v
                elif t == 'pressure':
                    v = conv(c, 'pressure')
                    if c.get('bound') == 'lower':
                        d['pl'] = v
                    else:
                        d['pu'] = v
            # nominated flow: lower == upper in every instance used here
            lo, hi = d['lo'], d['hi']
            d['Q'] = lo if hi is None else (hi if lo is None else 0.5 * (lo + hi))
            res[n.get('id')] = d
    return res

# ----------------------------------------------------------------------------- physics
class Model:
    def __init__(s, opts, gas):
        s.friction = opts.friction
        s.eos = opts.eos
        s.height = not opts.no_height
        s.g = opts.gravity
        s.T = gas['T']
        s.Rs = R_UNIV / (gas['M'] * 1e-3)
        s.pc = gas['pc']
        s.Tc = gas['Tc']
        s.eta = gas['mu']
        s.z0 = gas['z0']
        s.z1 = gas['z1'] / 1e5     # per Pa
        s.b1, s.b2 = opts.cnga_b
        s.b2 /= 1e5               # per Pa
        s.lam_fixed = opts.lam
        s.pipe_model = opts.pipe_model
        s.rho_n_pipe = gas['rho_n_pipe']
        s.deviation = getattr(opts, 'deviation', None)

    def z(s, p):
        e = s.eos
        if e == 'ideal':
            return 1.0
        pr, Tr = p / s.pc, s.T / s.Tc
        if e == 'papay':
            return 1 - 3.52 * pr * math.exp(-2.26 * Tr) + 0.274 * pr * pr * math.exp(-1.878 * Tr)
        if e == 'aga':
            return 1 + 0.257 * pr - 0.533 * pr / Tr
        if e == 'linear':
            return s.z0 + s.z1 * p
        if e == 'cnga':
            return 1.0 / (s.b1 + s.b2 * p)
        raise ValueError(e)

    def rho(s, p):
        return p / (s.z(p) * s.Rs * s.T)

    def lam(s, q, D, k):
        f = s.friction
        if f == 'nikuradse':
            return (2 * math.log10(D / k) + 1.138) ** -2
        if f == 'fixed':
            return s.lam_fixed
        A = math.pi * D * D / 4
        Re = abs(q) * D / (A * s.eta)
        if f == 'pandapipes-nikuradse':
            return 64 / Re + (2 * math.log10(D / k) + 1.14) ** -2  # caller handles 64/Re*q|q|
        Re = max(Re, MIN_RE)
        if f == 'hofer':
            return (-2 * math.log10(4.518 / Re * math.log10(Re / 7) + k / (3.71 * D))) ** -2
        if f == 'colebrook-white':
            a = k / (3.71 * D)
            # start: Swamee-Jain-like
            x = -2 * math.log10(a + 5.74 / Re ** 0.9)
            for _ in range(100):
                F = x + 2 * math.log10(2.51 * x / Re + a)
                dF = 1 + 2 / math.log(10) * (2.51 / Re) / (2.51 * x / Re + a)
                dx = -F / dF
                x += dx
                if abs(dx) <= 1e-15 * abs(x):
                    break
            return 1 / (x * x)
        raise ValueError(f)

    def lam_phi(s, q, D, k):
        """lambda(q) * phi(q), with pandapipes-nikuradse's 64/Re term taken exactly."""
        phi = q * math.sqrt(q * q + EPS_Q * EPS_Q)
        if s.friction == 'pandapipes-nikuradse':
            A = math.pi * D * D / 4
            return 64 * A * s.eta / D * q + (2 * math.log10(D / k) + 1.14) ** -2 * phi
        return s.lam(q, D, k) * phi

    def pipe_res(s, pf, pt, q, a, hf, ht):
        D, L, k = a['D'], a['L'], a['k']
        A = math.pi * D * D / 4
        pm = 2.0 / 3.0 * (pf * pf + pf * pt + pt * pt) / (pf + pt)
        if s.deviation == 'z-arithmetic-mean':
            pm = 0.5 * (pf + pt)
        if s.pipe_model == 'pandapipes':
            zeta = a.get('zeta', 0.0)
            zm = s.z(pm)
            rho_n = s.rho_n_pipe
            def rho(p):
                return rho_n * T_N * p / (s.T * P_N * s.z(p))
            rhom = 0.5 * (rho(pf) + rho(pt))
            hterm = rhom * s.g * (hf - ht) if s.height else 0.0
            if L > 0:
                lp = s.lam_phi(q, D, k) * L / D
            else:
                lp = 0.0
            lp += zeta * q * math.sqrt(q * q + EPS_Q * EPS_Q)
            return pf - pt + hterm - P_N * s.T * zm / (T_N * rho_n * A * A) * lp / (pf + pt)
        if s.eos == 'cnga':
            Pi = lambda p: s.b1 * p * p / 2 + s.b2 * p ** 3 / 3
            dPi = lambda p: s.b1 * p + s.b2 * p * p
            return ((Pi(pf) - Pi(pt) - s.lam_phi(q, D, k) * L * s.Rs * s.T / (2 * D * A * A))
                    / ((dPi(pf) + dPi(pt)) / 2))
        zm = s.z(pm)
        C = s.Rs * s.T * L / (A * A * D)
        dh = (ht - hf) if s.height else 0.0
        S = 2 * s.g * dh / (s.Rs * zm * s.T)
        if abs(S) < 1e-4:
            E = 1 + S / 2 + S * S / 6 + S ** 3 / 24
        else:
            E = (math.exp(S) - 1) / S
        N = pf * pf - math.exp(S) * pt * pt - C * zm * s.lam_phi(q, D, k) * E
        return N / (pf + pt)

    def resistor_res(s, pf, pt, q, a, hf, ht):
        if a['zeta'] > 0 and a['D'] > 0:
            D = a['D']
            A = math.pi * D * D / 4
            if s.pipe_model == 'pandapipes':
                return s.pipe_res(pf, pt, q, {'D': D, 'L': 0.0, 'k': 1e-5, 'zeta': a['zeta']},
                                  hf, ht)
            pin = pf if q >= 0 else pt
            phi = q * math.sqrt(q * q + EPS_Q * EPS_Q)
            return pf - pt - a['zeta'] * phi / (2 * A * A * s.rho(pin))
        if a['dp'] > 0:
            return pf - pt - a['dp'] * q / math.sqrt(q * q + DELTA_SIGN ** 2)
        raise RuntimeError('ideal resistor')

# ----------------------------------------------------------------------------- linear algebra
def solve_dense(A, b):
    n = len(b)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(M[r][c]))
        if M[piv][c] == 0:
            raise ZeroDivisionError('singular at column %d' % c)
        M[c], M[piv] = M[piv], M[c]
        pv = M[c][c]
        rowc = M[c]
        for r in range(c + 1, n):
            f = M[r][c] / pv
            if f != 0.0:
                rowr = M[r]
                for j in range(c, n + 1):
                    rowr[j] -= f * rowc[j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        sacc = M[r][n] - sum(M[r][j] * x[j] for j in range(r + 1, n))
        x[r] = sacc / M[r][r]
    return x

# ----------------------------------------------------------------------------- settings
def parse_settings(items, arcs):
    """{arc id: (mode, value in SI)} from `--set ARC=MODE[:VALUE]` (physics.md, "Elements" and
    "Active elements"; docs/controls.md): open, bypass, closed, ratio:R, outlet:BAR, inlet:BAR,
    dp:BAR, as far as the element has the mode. An element not named keeps its default, open
    or bypass: ideal."""
    kinds = {a['id']: a['kind'] for a in arcs}
    out = {}
    for item in items or []:
        arc, _, setting = item.partition('=')
        mode, _, value = setting.partition(':')
        mode = LONG_MODES.get(mode.lower(), mode.lower())
        if arc in out or mode not in MODES.get(kinds.get(arc), ()):
            raise ValueError('--set %s: no such setting of an element (or set twice)' % item)
        if mode in ('open', 'bypass', 'closed'):
            if value:
                raise ValueError('--set %s: %s takes no value' % (item, mode))
            out[arc] = (mode, None)
        elif mode == 'ratio':
            if not float(value) >= 1.0:
                raise ValueError('--set %s: a ratio below 1' % item)
            out[arc] = (mode, float(value))
        else:
            out[arc] = (mode, float(value) * 1e5)
    return out

def arc_mode(a, settings):
    """'ideal', 'closed', a set-point mode, or 'pipe' / 'resistor' for the passive arcs."""
    k = a['kind']
    if k in ACTIVE:
        mode = settings.get(a['id'], ('open', None))[0]
        return 'ideal' if mode in ('open', 'bypass') else mode
    if k == 'shortPipe':
        return 'ideal'
    if k == 'resistor' and not ((a['zeta'] > 0 and a['D'] > 0) or a['dp'] > 0):
        return 'ideal'
    return k

def setting_res(mode, v, pf, pt, deviation):
    """The Newton row of an element at a set-point, in Pa (physics.md's table of modes)."""
    if mode == 'ratio':
        return pf - v * pt if deviation == 'ratio-inverted' else pt - v * pf
    if mode == 'outlet':
        return pt - v
    if mode == 'inlet':
        return pf - v
    if mode == 'dp':
        return pf - pt - v
    raise ValueError(mode)

def components(order, arcs):
    """{node: root} of the parts that `arcs` join."""
    parent = {n: n for n in order}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a in arcs:
        ra, rb = find(a['from']), find(a['to'])
        if ra != rb:
            parent[ra] = rb
    return {n: find(n) for n in order}

def references(nodes, order, arcs, mode, inj, nom, opts):
    """{node: Pa}: the given references (--slack, repeatable), else in every connected part
    over the elements not closed its largest entry (ties: the smallest id) at the highest upper
    bound of its injecting entries, the scenario's where it gives one; where a set-point levels
    the side that entry lies on (an outlet set-point its outlet side, an inlet set-point its
    inlet side; pipes, resistors, ratios and pressure drops tie their ends, outlet and inlet
    set-points do not), the largest entry of the one side of that part that no set-point levels
    instead, at the highest upper bound of that side's injecting entries (physics.md, "A
    reference off a set-point's side")."""
    if opts.slack:
        refs = {}
        for item in opts.slack:
            n, pb = item.split('=')
            refs[n] = float(pb) * 1e5
        return refs
    def ub(n):
        d = nom.get(n)
        return d['pu'] if d and d['pu'] is not None else nodes[n]['pmax']
    def largest(entries):
        best = max(inj[n] for n in entries)
        return min(n for n in entries if inj[n] == best)
    live = [a for a in arcs if mode[a['id']] != 'closed']
    part = components(order, live)
    tie = components(order, [a for a in live if mode[a['id']] not in ('outlet', 'inlet')])
    leveled = set(tie[a['to']] for a in live if mode[a['id']] == 'outlet')
    leveled |= set(tie[a['from']] for a in live if mode[a['id']] == 'inlet')
    refs = {}
    for root in sorted(set(part.values())):
        entries = [n for n in order if part[n] == root and nodes[n]['kind'] == 'source'
                   and inj[n] > 0]
        if not entries:
            continue  # judged in simulate: pinned, or no reference for what it exchanges
        ref, side = largest(entries), entries
        if tie[ref] in leveled:
            sides = set(tie[n] for n in entries if tie[n] not in leveled)
            if len(sides) > 1:
                raise ValueError('several unleveled sides with entries: corridor refuses')
            if sides:
                side = [n for n in entries if tie[n] in sides]
                ref = largest(side)
        refs[ref] = max(ub(n) for n in side)
    return refs

def binding_limits(arcs, nodes, nom, settings, mode, pres, flow, rho_n):
    """The documented limits (physics.md, "Active elements"; limits on by default) that an
    element at its set-point violates in the state: corridor would move it off its set-point
    (shut it, open it, ratio 1, hold it at the limit), so the state is not that of the setting.
    The settings compared must leave this empty."""
    tol = 1.0                                  # Pa
    out = []
    def bound(n, key, side):
        d = nom.get(n)
        v = nodes[n][key]
        if d and d[side] is not None:
            v = max(v, d[side]) if side == 'pl' else min(v, d[side])
        return v
    for a in arcs:
        md = mode[a['id']]
        if md not in ('ratio', 'outlet', 'inlet', 'dp'):
            continue
        i, pf, pt, q = a['id'], pres[a['from']], pres[a['to']], flow[a['id']]
        if q < 1e-6:
            out.append('%s carries %.6g kg/s (no flow, or backwards: it would shut)' % (i, q))
        if a['kind'] == 'compressorStation' and pt < pf - tol:
            out.append('%s reduces pressure (it would go to ratio 1)' % i)
        if a['kind'] == 'controlValve' and pf < pt - tol:
            out.append('%s raises pressure' % i)
        lo = max(v for v in (a['pInMin'], bound(a['from'], 'pmin', 'pl')) if v is not None)
        if pf < lo - tol:
            out.append('%s: inlet %.6f bar below its minimum %.6f' % (i, pf / 1e5, lo / 1e5))
        hi = min(v for v in (a['pOutMax'], bound(a['to'], 'pmax', 'pu')) if v is not None)
        if pt > hi + tol:
            out.append('%s: outlet %.6f bar above its maximum %.6f' % (i, pt / 1e5, hi / 1e5))
        if a['flowMax'] is not None and q > a['flowMax'] * rho_n / 3.6 * (1 + 1e-9):
            out.append('%s: flow above its flowMax' % i)
        if a['kind'] == 'controlValve':
            if a['drag']:
                out.append('%s: drag-type side losses are not modelled here' % i)
            d = (pf - (a['lossIn'] or 0.0)) - (pt + (a['lossOut'] or 0.0))
            if (a['dpMin'] is not None and d < a['dpMin'] - tol
                    or a['dpMax'] is not None and d > a['dpMax'] + tol):
                out.append('%s: differential %.6f bar outside its range' % (i, d / 1e5))
    return out

# ----------------------------------------------------------------------------- network
def mix_gas(nodes, order, nom, opts):
    src = [n for n in order if nodes[n]['kind'] == 'source']
    w = {n: max(nom.get(n, {}).get('Q', 0.0) or 0.0, 0.0) for n in src}
    if getattr(opts, 'deviation', None) == 'mix-by-mass':
        w = {n: w[n] * nodes[n]['gas']['rho_n'] for n in src}
    if sum(w.values()) <= 0:
        w = {n: 1.0 for n in src}
    tot = sum(w.values())
    g = {}
    for key in ('M', 'pc', 'Tc', 'rho_n', 'T', 'Hs'):
        g[key] = sum(w[n] * nodes[n]['gas'][key] for n in src) / tot
    g['mu'] = 1.1e-5
    g['z0'], g['z1'] = 1.0, -0.0022
    if opts.temperature is not None:
        g['T'] = opts.temperature + 273.15
    for kv in (opts.gas.split(',') if opts.gas else []):
        k, v = kv.split('=')
        v = float(v)
        if k == 'pc':
            v *= 1e5
        g[k] = v
    g.setdefault('rho_n_pipe', g['rho_n'])
    return g

def simulate(netf, scnf, opts):
    nodes, order, arcs = parse_net(netf)
    nom = parse_scn(scnf)
    gas = mix_gas(nodes, order, nom, opts)
    m = Model(opts, gas)
    rho_n = gas['rho_n']
    inj = {}
    for n in order:
        d = nom.get(n)
        Q = d['Q'] if d else 0.0
        sgn = 1.0 if nodes[n]['kind'] == 'source' else -1.0
        inj[n] = sgn * Q * rho_n / 3.6 if d else 0.0
    settings = parse_settings(opts.set, arcs)
    mode = {a['id']: arc_mode(a, settings) for a in arcs}
    refs = references(nodes, order, arcs, mode, inj, nom, opts)
    live = [a for a in arcs if mode[a['id']] != 'closed']    # closed: removed, q = 0
    part = components(order, live)
    for root in set(part.values()):
        members = [n for n in order if part[n] == root]
        if any(n in refs for n in members):
            net = sum(inj[n] for n in members)
            supply = sum(inj[n] for n in members if inj[n] > 0)
            if not opts.slack and abs(net) > 1e-4 * supply:
                raise ValueError('the part of %s does not balance: corridor finds it '
                                 'infeasible' % members[0])
        elif any(inj[n] != 0 for n in members):
            raise ValueError('the part of %s exchanges gas without a reference: corridor finds '
                             'it infeasible' % members[0])
        else:
            raise ValueError('the part of %s is pinned (no pressure): not modelled here'
                             % members[0])

    # the groups that ideal arcs join
    root = components(order, [a for a in arcs if mode[a['id']] == 'ideal'])
    find = root.__getitem__
    groups = {}
    for n in order:
        groups.setdefault(find(n), []).append(n)
    fixed, root_of = {}, {}        # group -> its reference's pressure, and that reference
    for n in sorted(refs):
        g = find(n)
        if g in fixed and fixed[g] != refs[n]:
            raise ValueError('references %s and %s joined by ideal elements' % (root_of[g], n))
        fixed[g] = refs[n]
        root_of.setdefault(g, n)
    pref = max(refs.values())
    gid = [g for g in groups if g not in fixed]
    gindex = {g: i for i, g in enumerate(gid)}
    real = [a for a in live if mode[a['id']] != 'ideal']
    np_ = len(gid)
    nx = np_ + len(real)
    ginj = {g: sum(inj[n] for n in groups[g]) for g in groups}
    # heights: nodes merged by ideal arcs keep their own heights for pipe ends
    def unpack(x):
        P = {g: fixed[g] if g in fixed else x[gindex[g]] for g in groups}
        return P
    def F(x):
        P = unpack(x)
        r = [0.0] * nx
        for g in gid:
            r[gindex[g]] = ginj[g]
        for j, a in enumerate(real):
            q = x[np_ + j]
            gf, gt = find(a['from']), find(a['to'])
            if gf not in fixed:
                r[gindex[gf]] -= q
            if gt not in fixed:
                r[gindex[gt]] += q
            pf, pt = P[gf], P[gt]
            hf, ht = nodes[a['from']]['h'], nodes[a['to']]['h']
            md = mode[a['id']]
            if md == 'pipe':
                r[np_ + j] = m.pipe_res(pf, pt, q, a, hf, ht)
            elif md == 'resistor':
                r[np_ + j] = m.resistor_res(pf, pt, q, a, hf, ht)
            else:
                r[np_ + j] = setting_res(md, settings[a['id']][1], pf, pt, m.deviation)
        return r
    # start: pressures at reference, flows from a spanning tree of real arcs would be nicer;
    # here simply 1 kg/s in the direction from->to, Newton with backtracking does the rest
    x = [pref] * np_ + [1.0] * len(real)
    scale = [1e-7] * np_ + [1e-2] * len(real)   # tolerances used in merit
    def merit(r):
        return sum((ri / si) ** 2 for ri, si in zip(r, scale))
    r = F(x)
    mer = merit(r)
    it = 0
    for it in range(200):
        # FD Jacobian (central)
        J = [[0.0] * nx for _ in range(nx)]
        for c in range(nx):
            h = 1e-7 * max(abs(x[c]), 1e5 if c < np_ else 1.0)
            xp = x[:]; xp[c] += h
            xm = x[:]; xm[c] -= h
            rp, rm = F(xp), F(xm)
            for i in range(nx):
                J[i][c] = (rp[i] - rm[i]) / (2 * h)
        dx = solve_dense(J, [-v for v in r])
        t = 1.0
        # keep pressures positive
        for c in range(np_):
            if x[c] + dx[c] < 0.1 * x[c]:
                t = min(t, 0.9 * x[c] / -dx[c])
        while True:
            xn = [xi + t * di for xi, di in zip(x, dx)]
            try:
                rn = F(xn)
                mn = merit(rn)
            except (ValueError, ZeroDivisionError, OverflowError):
                mn = float('inf')
            if mn < mer or t < 1e-12:
                break
            t *= 0.5
        if not mn < mer:
            break
        x, r, mer = xn, rn, mn
        if max(abs(v) for v in r[:np_] + [0]) < 1e-13 and max(abs(v) for v in r[np_:] + [0]) < 1e-8:
            break
    P = unpack(x)
    pres = {n: P[find(n)] for n in order}
    flow = {a['id']: 0.0 for a in arcs}
    for j, a in enumerate(real):
        flow[a['id']] = x[np_ + j]
    # ideal arcs: BFS spanning tree per group, surplus passed to parent; loop arcs 0
    for g, mem in groups.items():
        ideal_arcs = [a for a in arcs if mode[a['id']] == 'ideal' and find(a['from']) == g]
        if not ideal_arcs:
            continue
        surplus = {n: inj[n] for n in mem}
        for j, a in enumerate(real):
            q = x[np_ + j]
            if a['from'] in surplus:
                surplus[a['from']] -= q
            if a['to'] in surplus:
                surplus[a['to']] += q
        if g in fixed:
            root = root_of[g]
        else:
            root = mem[0]
        adj = {n: [] for n in mem}
        for a in ideal_arcs:
            adj[a['from']].append(a)
            adj[a['to']].append(a)
        seen = {root}
        bfs = [root]
        par = {}
        i = 0
        while i < len(bfs):
            u = bfs[i]; i += 1
            for a in adj[u]:
                v = a['to'] if a['from'] == u else a['from']
                if v not in seen:
                    seen.add(v); par[v] = (u, a); bfs.append(v)
        for a in ideal_arcs:
            flow[a['id']] = 0.0
        for v in reversed(bfs[1:]):
            u, a = par[v]
            s_ = surplus[v]
            # surplus of v flows to u
            flow[a['id']] = s_ if a['from'] == v else -s_
            surplus[u] += s_
    info = {'refs': refs, 'gas': gas, 'Rs': m.Rs, 'iters': it,
            'limits': binding_limits(arcs, nodes, nom, settings, mode, pres, flow, rho_n),
            'max_mass_res': max([abs(v) for v in r[:np_]] + [0]),
            'max_elem_res': max([abs(v) for v in r[np_:]] + [0])}
    return order, arcs, pres, flow, info

def parse_options(argv):
    """The options of `corridor simulate` this model knows, from a command line that holds
    the network and nomination first (as corridor's), plus --deviation and --out."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('net')
    ap.add_argument('scn')
    ap.add_argument('--friction', default='nikuradse')
    ap.add_argument('--eos', default='papay')
    ap.add_argument('--temperature', type=float)
    ap.add_argument('--no-height', action='store_true')
    ap.add_argument('--gravity', type=float, default=9.80665)
    ap.add_argument('--gas')
    ap.add_argument('--lambda', dest='lam', type=float)
    ap.add_argument('--cnga', default='1,0')
    ap.add_argument('--pipe-model', default='standard')
    ap.add_argument('--slack', action='append')
    ap.add_argument('--set', action='append')
    ap.add_argument('--deviation', choices=['z-arithmetic-mean', 'mix-by-mass',
                                            'ratio-inverted'])
    ap.add_argument('--out')
    o = ap.parse_args(argv)
    o.cnga_b = [float(v) for v in o.cnga.split(',')]
    return o


def main(argv=None):
    o = parse_options(argv)
    order, arcs, pres, flow, info = simulate(o.net, o.scn, o)
    if o.out:
        os.makedirs(o.out, exist_ok=True)
        with open(os.path.join(o.out, 'nodes.csv'), 'w') as f:
            f.write('id,pressure_bar_abs\n')
            for n in order:
                f.write('%s,%.17g\n' % (n, pres[n] / 1e5))
        with open(os.path.join(o.out, 'arcs.csv'), 'w') as f:
            f.write('id,type,mass_flow_kg_per_s\n')
            for a in arcs:
                f.write('%s,%s,%.17g\n' % (a['id'], a['kind'], flow[a['id']]))
    print(info)


if __name__ == '__main__':
    main()
