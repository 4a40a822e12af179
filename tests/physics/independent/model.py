"""An independent steady-state model of a GasLib network, written from docs/physics.md (the
specification) and ../shared/data/gaslib/SCHEMA.md (the file format) alone, not from corridor's
sources: the reference that check_against_corridor.py holds `corridor simulate` to on the small
GasLib instances and variants of them (the default model and the options physics.md lists).

Python's standard library only: a dense Newton method on the pressures of the groups that
ideal elements join and the flows of the other arcs, with a central finite-difference
Jacobian and a backtracking line search. Slow, and meant to be: nothing of corridor's
numerics (its nodal elimination, its linear start, its analytic derivatives) is shared.

`Options.deviation` makes the model deliberately wrong in one documented rule, so that the
check can show it would catch such a mistake (its negative controls):
  'z-arithmetic-mean'  z at (p_f + p_t)/2 instead of the mean pressure of physics.md
  'mix-by-mass'        the sources' molar mass and temperature weighted by mass instead of
                       by normal volume
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
                d = {'id': a.get('id'), 'kind': local(a.tag), 'from': a.get('from'), 'to': a.get('to')}
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
            return (Pi(pf) - Pi(pt) - s.lam_phi(q, D, k) * L * s.Rs * s.T / (2 * D * A * A)) / ((dPi(pf) + dPi(pt)) / 2)
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
                return s.pipe_res(pf, pt, q, {'D': D, 'L': 0.0, 'k': 1e-5, 'zeta': a['zeta']}, hf, ht)
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

# ----------------------------------------------------------------------------- network
def is_ideal(a):
    k = a['kind']
    if k in ('shortPipe', 'valve', 'controlValve', 'compressorStation'):
        return True    # open / bypass (defaults)
    if k == 'resistor':
        return not ((a['zeta'] > 0 and a['D'] > 0) or a['dp'] > 0)
    return False

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
    # default reference: entry with largest nominated inflow (tie: smallest id),
    # at the highest upper bound over the injecting entries (scenario's if given)
    entries = [n for n in order if nodes[n]['kind'] == 'source' and inj[n] > 0]
    best = max(inj[n] for n in entries)
    ref = min(n for n in entries if inj[n] == best)
    def ub(n):
        d = nom.get(n)
        return d['pu'] if d and d['pu'] is not None else nodes[n]['pmax']
    pref = max(ub(n) for n in entries)
    if opts.slack:
        ref, pb = opts.slack.split('=')
        pref = float(pb) * 1e5

    # union-find merge of ideal arcs
    parent = {n: n for n in order}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a in arcs:
        if is_ideal(a):
            ra, rb = find(a['from']), find(a['to'])
            if ra != rb:
                parent[ra] = rb
    groups = {}
    for n in order:
        groups.setdefault(find(n), []).append(n)
    gref = find(ref)
    gid = [g for g in groups if g != gref]
    gindex = {g: i for i, g in enumerate(gid)}
    real = [a for a in arcs if not is_ideal(a)]
    np_ = len(gid)
    nx = np_ + len(real)
    ginj = {g: sum(inj[n] for n in groups[g]) for g in groups}
    # heights: nodes merged by ideal arcs keep their own heights for pipe ends
    def unpack(x):
        P = {g: (pref if g == gref else x[gindex[g]]) for g in groups}
        return P
    def F(x):
        P = unpack(x)
        r = [0.0] * nx
        for g in gid:
            r[gindex[g]] = ginj[g]
        for j, a in enumerate(real):
            q = x[np_ + j]
            gf, gt = find(a['from']), find(a['to'])
            if gf != gref:
                r[gindex[gf]] -= q
            if gt != gref:
                r[gindex[gt]] += q
            pf, pt = P[gf], P[gt]
            hf, ht = nodes[a['from']]['h'], nodes[a['to']]['h']
            if a['kind'] == 'pipe':
                r[np_ + j] = m.pipe_res(pf, pt, q, a, hf, ht)
            else:
                r[np_ + j] = m.resistor_res(pf, pt, q, a, hf, ht)
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
    flow = {}
    for j, a in enumerate(real):
        flow[a['id']] = x[np_ + j]
    # ideal arcs: BFS spanning tree per group, surplus passed to parent; loop arcs 0
    for g, mem in groups.items():
        ideal_arcs = [a for a in arcs if is_ideal(a) and find(a['from']) == g]
        if not ideal_arcs:
            continue
        surplus = {n: inj[n] for n in mem}
        for j, a in enumerate(real):
            q = x[np_ + j]
            if a['from'] in surplus:
                surplus[a['from']] -= q
            if a['to'] in surplus:
                surplus[a['to']] += q
        if g == gref:
            root = ref
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
    info = {'ref': ref, 'pref': pref, 'gas': gas, 'Rs': m.Rs, 'iters': it,
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
    ap.add_argument('--slack')
    ap.add_argument('--deviation', choices=['z-arithmetic-mean', 'mix-by-mass'])
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
