"""An independent model of gas origin tracking, written from docs/tracking.md (the
specification) and ../shared/data/gaslib/SCHEMA.md (the file format) alone, not from
corridor's sources: the reference that check_against_corridor.py holds `corridor track` to.

It takes a solved steady state as given (every arc's signed mass flow, as corridor wrote it)
and recomputes what tracking.md section 1 defines on it: complete mixing at the nodes, plug
flow along the arcs in the solved direction,

    T_v f_v,s = sum_{a into v} q_a f_up(a),s + inj+_v [s = v],  T_v = sum_{a into v} q_a + inj+_v

with the injections taken from the nodes' mass balance (plus the fuel a node burns: "the
node's own supply or demand is taken as injection + fuel"). The nodes are ordered by the
strongly connected components of the flow graph (Tarjan): a component of one node is solved
directly in topological order, a component with a cycle (circulating flow) by a dense
Gaussian elimination with partial pivoting on its own rows. Then the quantities of sections
1, 3 and 5: per node the shares, norm density, calorific value, Wobbe index and molar mass;
per exit delivery, volume, energy and shares; per border point flow, volume, energy and mass
and energy by origin; per station its fuel by origin; the balances of track_summary.json; the
transit by origin of the report.

Python's standard library only. Nothing of corridor's method (compressed columns, KLU, blocks
of right-hand sides) is shared.

`deviation` makes the model deliberately wrong in one rule, so that the check can show it
would catch such a mistake (its negative controls):
  'mix-by-volume'      each inflow (and the own injection) weighted by its normal volume
                       (mass over its gas's norm density) instead of its mass
  'no-own-injection'   a node's own injection left out of its mix where gas also flows in
  'downstream-gas'     a border point on an arc carries the gas of the arc's downstream node
  'no-recirculation'   the gas flowing in from the node's own cycle (its strongly connected
                       component) left out of its mix where other gas flows in, as a rule
                       made for trees would
  'fuel-from-net-supply'  a fuel node's injection taken as its supply less the fuel it burns
"""
import math
import xml.etree.ElementTree as ET

DRY_AIR_NORM_DENSITY = 1.292923  # kg/m3, ISO 6976 at 0 degC and 1.01325 bar (tracking.md s. 5)
MCM_PER_D = 86400.0 / 1e6        # normal m3/s -> million normal m3 per day
ZERO_FLOW = 1e-9                 # kg/s, zero_flow_kg_per_s (tracking.md s. 1, Conventions)
DEVIATIONS = ('mix-by-volume', 'no-own-injection', 'downstream-gas', 'no-recirculation',
              'fuel-from-net-supply')


# ----------------------------------------------------------------------------- the network
def _local(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag


def _child(el, name):
    for c in el:
        if isinstance(c.tag, str) and _local(c.tag) == name:
            return c
    return None


def parse_net(path):
    """(nodes {id: kind}, arcs {id: (from, to, kind)}, gas {source id: {rho_n, cv, M}},
    stations {id: fuelGasVertex or None}, coords {id: (x, y)}) of a GasLib .net."""
    root = ET.parse(path).getroot()
    nodes, arcs, gas, stations, coords = {}, {}, {}, {}, {}
    units = {'MJ_per_m_cube': 1.0, 'kg_per_m_cube': 1.0, 'kg_per_kmol': 1.0}
    for section in root:
        if not isinstance(section.tag, str):
            continue
        name = _local(section.tag)
        for el in section:
            if not isinstance(el.tag, str):
                continue
            kind = _local(el.tag)
            if name == 'nodes':
                nodes[el.get('id')] = kind
                coords[el.get('id')] = (float(el.get('x', 0)), float(el.get('y', 0)))
                if kind == 'source':
                    g = {}
                    for key, tag in (('cv', 'calorificValue'), ('rho_n', 'normDensity'),
                                     ('M', 'molarMass')):
                        c = _child(el, tag)
                        g[key] = float(c.get('value')) * units[c.get('unit')]
                    gas[el.get('id')] = g
            elif name == 'connections':
                arcs[el.get('id')] = (el.get('from'), el.get('to'), kind)
                if kind == 'compressorStation':
                    stations[el.get('id')] = el.get('fuelGasVertex')
    return nodes, arcs, gas, stations, coords


def parse_scn(path):
    """{node: nominated flow in 1000 normal m3/h, + entering (entry), - leaving (exit)} of a
    GasLib .scn; a range (lower and upper differ) at its midpoint (docs/physics.md, Gas)."""
    root = ET.parse(path).getroot()
    out = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or _local(el.tag) != 'node':
            continue
        values = {}
        for c in el:
            if isinstance(c.tag, str) and _local(c.tag) == 'flow':
                if c.get('unit') != '1000m_cube_per_hour':
                    raise ValueError('flow unit %s' % c.get('unit'))
                values[c.get('bound')] = float(c.get('value'))
        q = values['both'] if 'both' in values else 0.5 * (values['lower'] + values['upper'])
        out[el.get('id')] = q if el.get('type') == 'entry' else -q
    return out


def nominated_masses(scn_path, gas):
    """{node: kg/s}: the nomination converted with one norm density, the mean of the nominated
    entries' normDensity weighted by their nominated volume (tracking.md: "converts every
    nominated volume to mass at the entries' mean norm density"; docs/physics.md, Gas)."""
    q = parse_scn(scn_path)
    entries = [(v, x) for v, x in q.items() if x > 0 and v in gas]
    rho = sum(x * gas[v]['rho_n'] for v, x in entries) / sum(x for _, x in entries)
    return {v: x * rho / 3.6 for v, x in q.items()}


# ----------------------------------------------------------------------------- linear algebra
def gauss_solve(a, rhs):
    """Solves a x = rhs for several right-hand sides (rhs: list of columns) by Gaussian
    elimination with partial pivoting; a and rhs are copied."""
    n = len(a)
    m = [row[:] + [col[i] for col in rhs] for i, row in enumerate(a)]
    k = len(rhs)
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if m[p][c] == 0.0:
            raise ZeroDivisionError('singular mixing system')
        m[c], m[p] = m[p], m[c]
        piv = m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / piv
            if f != 0.0:
                row, top = m[r], m[c]
                for j in range(c, n + k):
                    row[j] -= f * top[j]
    x = [[0.0] * n for _ in range(k)]
    for j in range(k):
        for i in range(n - 1, -1, -1):
            s = m[i][n + j] - sum(m[i][t] * x[j][t] for t in range(i + 1, n))
            x[j][i] = s / m[i][i]
    return x


def strong_components(vertices, succ):
    """Tarjan's strongly connected components (iterative), upstream components first: every
    component comes after each component with an arc into it (topological order)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in vertices:
        if root in index:
            continue
        work = [(root, iter(succ.get(root, ())))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ.get(w, ()))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    out.reverse()  # Tarjan emits sinks first: upstream components first after reversing
    return out


# ----------------------------------------------------------------------------- the state
class State:
    """A solved state: the network, each arc's signed mass flow (kg/s, + from -> to) as
    written with a relative rounding `eps`, the nominated injections (kg/s, + in; nodes not
    named nominate 0), the pressure references (their injection is what the flows balance
    to), and the fuel per station (kg/s)."""

    def __init__(self, net_path, flows, nominated, references=(), fuel=None, eps=0.0,
                 zero_line=ZERO_FLOW, deviation=None):
        self.nodes, self.arcs, self.gas, self.stations, self.coords = parse_net(net_path)
        missing = set(self.arcs) - set(flows)
        if missing:
            raise ValueError('no flow for arcs %s' % sorted(missing)[:5])
        self.flows = dict(flows)
        self.eps = eps
        self.zero_line = zero_line
        self.fuel = {}            # node -> kg/s
        self.fuel_node = {}       # station -> node
        self.station_fuel = dict(fuel or {})
        for station, amount in (fuel or {}).items():
            node = self.stations[station]
            if not node:  # the station's inlet for the solved direction (tracking.md s. 1)
                f, t, _ = self.arcs[station]
                node = f if self.flows[station] >= 0 else t
            self.fuel_node[station] = node
            self.fuel[node] = self.fuel.get(node, 0.0) + amount
        self._balance(nominated, set(references), deviation == 'fuel-from-net-supply')

    def _balance(self, nominated, references, net_of_fuel=False):
        """Each node's gross injection (its supply less its demand, the fuel it burns not
        counted: "the node's own supply or demand is taken as injection + fuel"), from the
        nomination, or at a reference from the arcs' mass balance plus its fuel, with the
        bound of its rounding (inj_err); inj+ and the delivery are its two signs. Where the
        flows do not carry the nomination (beyond their rounding) `mismatch` lists the node."""
        net = dict.fromkeys(self.nodes, 0.0)
        through = dict.fromkeys(self.nodes, 0.0)
        for a, (f, t, _) in self.arcs.items():
            m = self.flows[a]
            net[f] += m
            net[t] -= m
            through[f] += abs(m)
            through[t] += abs(m)
        self.inj, self.delivery, self.inj_err, self.mismatch = {}, {}, {}, []
        self.reference_injection = {}
        for v in self.nodes:
            err = self.eps * through[v] + 2 * self.zero_line
            balanced = net[v] + self.fuel.get(v, 0.0)
            if v in references:
                gross = 0.0 if abs(balanced) <= err else balanced
                self.reference_injection[v] = gross
            else:
                gross, err = nominated.get(v, 0.0), 0.0
                if abs(balanced - gross) > self.eps * through[v] + 2 * self.zero_line:
                    self.mismatch.append((v, gross, balanced))
            if net_of_fuel and gross > 0:
                gross = max(gross - self.fuel.get(v, 0.0), 0.0)
            self.inj[v] = max(gross, 0.0)
            self.delivery[v] = max(-gross, 0.0)
            self.inj_err[v] = err


# ----------------------------------------------------------------------------- mixing
def mix(state, deviation=None, rho_of=None):
    """{node: (T_v, {origin: f_v,s} or None without gas)} and, as a second result, each node's
    first-order bound of how far its shares can move with the flows' and injections' rounding.
    rho_of(node) gives the norm density of a node's gas, for the 'mix-by-volume' deviation."""
    st = state
    q_in = {v: [] for v in st.nodes}   # (arc, upstream node, q)
    succ = {v: set() for v in st.nodes}
    for a, (f, t, _) in st.arcs.items():
        m = st.flows[a]
        if abs(m) <= st.zero_line:
            continue
        up, down = (f, t) if m > 0 else (t, f)
        q_in[down].append((a, up, abs(m)))
        succ[up].add(down)
    origins = sorted(v for v in st.nodes if st.inj[v] > 0)
    # nodes with gas: reachable along the flow from an injection point
    reach, todo = set(origins), list(origins)
    while todo:
        v = todo.pop()
        for w in succ[v]:
            if w not in reach:
                reach.add(w)
                todo.append(w)

    def weight(up, q):
        if deviation == 'mix-by-volume':
            return q / rho_of(up)
        return q

    def own(v):
        if st.inj[v] <= 0:
            return 0.0
        if deviation == 'no-own-injection' and q_in[v]:
            return 0.0
        if deviation == 'mix-by-volume':
            return st.inj[v] / st.gas[v]['rho_n'] if v in st.gas else st.inj[v]
        return st.inj[v]

    def rounding_source(v, t):
        """b_v T_v of the rounding bound (I - P) e = b: the node's weights w_j = x_j / T_v
        (its inflows and its injection) move by sum_j |dw_j| <= 2 sum_j |dx_j| (1 - w_j) / T_v
        when each x_j moves by dx_j, and its shares, a w-weighted mean, by half that times the
        spread of the mixed shares (sum_j dw_j = 0); upstream errors pass on as the mean."""
        parts = [(q, st.eps * q, shares[u]) for _, u, q in q_in[v] if u in shares]
        parts += [(q, st.eps * q, None) for _, u, q in q_in[v] if u not in shares]
        if st.inj[v] > 0:
            parts.append((st.inj[v], st.inj_err[v], {s: float(s == v) for s in origins}))
        if len(parts) < 2 or t <= 0:
            return 0.0
        spread = 1.0  # the largest range of one origin's share over the mixed streams
        known = [f for _, _, f in parts if f is not None]
        if len(known) == len(parts):
            spread = max(max(f[s] for f in known) - min(f[s] for f in known) for s in origins)
        return spread * sum(dx * (1 - x / t) for x, dx, _ in parts)

    shares, bound, total = {}, {}, {}
    order = strong_components(sorted(reach), {v: sorted(succ[v] & reach) for v in reach})
    self_check = 0.0
    for comp in order:
        inside = set(comp)
        rows = {v: i for i, v in enumerate(comp)}
        n = len(comp)
        a = [[0.0] * n for _ in range(n)]
        rhs = [[0.0] * n for _ in origins] + [[0.0] * n]  # the last: the rounding bound
        for v in comp:
            i = rows[v]
            mixed_in = q_in[v]
            if deviation == 'no-recirculation':  # a tree's rule: gas from the cycle left out
                outside = [x for x in q_in[v] if x[1] not in inside]
                mixed_in = outside if outside or own(v) > 0 else q_in[v]
            t = sum(weight(u, q) for _, u, q in mixed_in) + own(v)
            total[v] = sum(q for _, _, q in q_in[v]) + st.inj[v]
            a[i][i] += t
            for _, u, q in mixed_in:
                w = weight(u, q)
                if u in inside:
                    a[i][rows[u]] -= w
                else:
                    for k, s in enumerate(origins):
                        rhs[k][i] += w * shares[u][s]
                    rhs[-1][i] += w * bound[u]
            if own(v) > 0:
                rhs[origins.index(v)][i] += own(v)
            rhs[-1][i] += rounding_source(v, t)
        if n == 1 and not succ[comp[0]] & inside:
            x = [[col[0] / a[0][0]] for col in rhs]
        else:
            x = gauss_solve(a, rhs)
        for v in comp:
            i = rows[v]
            shares[v] = {s: x[k][i] for k, s in enumerate(origins)}
            bound[v] = x[-1][i]
    if deviation is None:  # the mixing rule itself, node by node, on the solution
        for v in reach:
            for s in origins:
                r = (total[v] * shares[v][s] - sum(q * shares[u][s] for _, u, q in q_in[v])
                     - (st.inj[v] if s == v else 0.0))
                self_check = max(self_check, abs(r) / total[v])
    result = {}
    for v in st.nodes:
        if v in reach:
            result[v] = (total[v], shares[v])
        else:
            result[v] = (sum(q for _, _, q in q_in[v]), None)
    cycles = sum(1 for c in order if len(c) > 1)
    return result, bound, {'origins': origins, 'cyclic_components': cycles,
                           'largest_component': max((len(c) for c in order), default=0),
                           'residual': self_check}


# ----------------------------------------------------------------------------- tracking
def quality(f, gases):
    """(norm density kg/m3, specific energy MJ/kg, calorific value MJ/m3, Wobbe MJ/m3, molar
    mass kg/kmol) of a mix of mass fractions f over origins with gas data `gases`."""
    inv_rho = sum(x / gases[s]['rho_n'] for s, x in f.items())
    e = sum(x * gases[s]['cv'] / gases[s]['rho_n'] for s, x in f.items())
    inv_m = sum(x / gases[s]['M'] for s, x in f.items())
    rho = 1.0 / inv_rho
    cv = rho * e
    return rho, e, cv, cv / math.sqrt(rho / DRY_AIR_NORM_DENSITY), 1.0 / inv_m


def track(state, groups=None, points=(), deviation=None):
    """Everything tracking.md defines on the state. groups: {source: group} (None: each source
    its own group, named by its id; sources missing from it join 'other'). points: border
    points as in a groups file ({id, node, arc?, from_country, to_country, positive_arc_flow}).
    """
    st = state
    if deviation not in (None,) + DEVIATIONS:
        raise ValueError('unknown deviation %s' % deviation)
    group_of = {}
    for s in st.gas:
        group_of[s] = s if groups is None else groups.get(s, 'other')
    rho_of = None
    if deviation == 'mix-by-volume':
        right, _, _ = mix(st)
        rho_of = lambda v: quality(right[v][1], origin_gas)[0]
    origin_gas = {}
    for v in st.nodes:
        if st.inj[v] > 0:
            if v not in st.gas:
                raise NotImplementedError('gas of unknown origin at %s' % v)
            origin_gas[v] = st.gas[v]
    mixed, bound, info = mix(st, deviation, rho_of)
    origins = info['origins']
    names = sorted(set(group_of.values()))

    def by_group(f, value=lambda s: 1.0):
        out = dict.fromkeys(names, 0.0)
        for s, x in f.items():
            out[group_of[s]] += x * value(s)
        return out
    energy_of = lambda s: origin_gas[s]['cv'] / origin_gas[s]['rho_n']  # MJ/kg
    nodes, exits = {}, {}
    for v in st.nodes:
        t, f = mixed[v]
        row = {'has_gas': f is not None, 'throughflow_kg_per_s': t,
               'fuel_kg_per_s': st.fuel.get(v, 0.0),
               'withdrawal_kg_per_s': st.delivery[v] + st.fuel.get(v, 0.0),
               'bound': bound.get(v)}
        if f is not None:
            rho, e, cv, wobbe, m = quality(f, origin_gas)
            row.update(norm_density_kg_per_m3=rho, calorific_value_MJ_per_m3=cv,
                       wobbe_index_MJ_per_m3=wobbe, molar_mass_kg_per_kmol=m, e=e,
                       shares=by_group(f), energy_shares=by_group(f, energy_of),
                       volume_shares=by_group(f, lambda s: 1.0 / origin_gas[s]['rho_n']))
        nodes[v] = row
        if st.delivery[v] > 0:
            d = st.delivery[v]
            x = {'delivery_kg_per_s': d, 'bound': bound.get(v)}
            if f is not None:
                x.update(delivery_mcm_per_d=d / rho * MCM_PER_D, calorific_value_MJ_per_m3=cv,
                         wobbe_index_MJ_per_m3=wobbe, energy_MW=d * e,
                         energy_GWh_per_d=d * e * 24 / 1000, shares=row['shares'],
                         energy_MW_by_group={g: d * y for g, y in row['energy_shares'].items()})
            exits[v] = x
    fuel = {}
    for station, v in st.fuel_node.items():
        amount = st.station_fuel[station]
        f = mixed[v][1]
        fuel[station] = {'fuel_node': v, 'fuel_kg_per_s': amount, 'bound': bound.get(v),
                         'fuel_MW': amount * nodes[v]['e'],
                         'by_group': {g: amount * y for g, y in by_group(f).items()}}
    out_points = {}
    for p in points:
        sign, flowing = 1.0, True
        if p.get('arc'):
            a = p['arc']
            f, t, _ = st.arcs[a]
            frm, to = p['positive_arc_flow'].split('->')
            if (frm, to) == (p['to_country'], p['from_country']):
                sign = -1.0
            m = st.flows[a] * sign
            up, down = (f, t) if st.flows[a] > 0 else (t, f)
            gas_node = down if deviation == 'downstream-gas' else up
            flowing = abs(m) > st.zero_line
            if not flowing:  # no flow (tracking.md): 0 of everything, the arc's from node
                m, gas_node = 0.0, f
        else:
            gas_node = p['node']
            m = st.delivery[gas_node]
        g = nodes[gas_node] if gas_node else {'has_gas': False}
        x = {'gas_node': gas_node, 'mass_flow_kg_per_s': m,
             'bound': bound.get(gas_node, 0.0)}
        if g['has_gas']:
            x.update(flow_mcm_per_d=m / g['norm_density_kg_per_m3'] * MCM_PER_D,
                     energy_MW=m * g['e'],
                     mass_by_group={k: m * y for k, y in g['shares'].items()},
                     energy_by_group={k: m * y for k, y in g['energy_shares'].items()},
                     volume_by_group={k: m * y * MCM_PER_D for k, y in
                                      g['volume_shares'].items()})
        else:  # no gas: the mass flow kept, volume and energy unknown, no origin's share
            nan = float('nan') if m != 0 else 0.0
            x.update(flow_mcm_per_d=nan, energy_MW=nan, mass_by_group=dict.fromkeys(names, 0.0),
                     energy_by_group=dict.fromkeys(names, 0.0),
                     volume_by_group=dict.fromkeys(names, 0.0))
        out_points[p['id']] = x
    mass_in = by_group({s: st.inj[s] for s in origins})
    delivered = dict.fromkeys(names, 0.0)
    burnt = dict.fromkeys(names, 0.0)
    e_out = e_fuel = 0.0
    for v in st.nodes:
        f = mixed[v][1]
        if f is None:
            continue
        for k, y in nodes[v]['shares'].items():
            delivered[k] += st.delivery[v] * y
            burnt[k] += st.fuel.get(v, 0.0) * y
        e_out += st.delivery[v] * nodes[v]['e']
        e_fuel += st.fuel.get(v, 0.0) * nodes[v]['e']
    summary = {
        'injection_points': len(origins),
        'nodes_without_gas': sum(1 for v in nodes.values() if not v['has_gas']),
        'energy_in_MW': sum(st.inj[s] * energy_of(s) for s in origins),
        'energy_out_MW': e_out, 'energy_fuel_MW': e_fuel,
        'group_mass_kg_per_s': {k: {'in': mass_in[k], 'delivered': delivered[k],
                                    'fuel': burnt[k]} for k in names},
    }
    return {'nodes': nodes, 'exits': exits, 'points': out_points, 'fuel': fuel,
            'summary': summary, 'transit': transit(points, out_points, names), 'info': info,
            'groups': names, 'max_bound': max(bound.values(), default=0.0),
            'reference_error': sum(st.inj_err.values())}


def transit(points, tracked, names):
    """{(origin, country): {in_MW, out_MW, in_mcm_d, out_mcm_d}} over the border points, for
    the origins and countries with gas across them: a positive flow leaves from_country and
    enters to_country, a negative one the other way. An origin's volume is its mass at its own
    gas's norm density (normal volumes add in ideal mixing; tracking.md does not say which
    density: see the check's report)."""
    out = {}
    for p in points:
        x = tracked[p['id']]
        m = x['mass_flow_kg_per_s']
        src, dst = (p['from_country'], p['to_country']) if m >= 0 else (
            p['to_country'], p['from_country'])
        for g in names:
            for country, side in ((dst, 'in_'), (src, 'out_')):
                row = out.setdefault((g, country), {'in_MW': 0.0, 'out_MW': 0.0,
                                                    'in_mcm_d': 0.0, 'out_mcm_d': 0.0})
                row[side + 'MW'] += abs(x['energy_by_group'][g])
                row[side + 'mcm_d'] += abs(x['volume_by_group'][g])
    return {k: v for k, v in out.items() if v['in_MW'] or v['out_MW']}
