#!/usr/bin/env python3
"""Holds `corridor track` to model.py, an independent model written from docs/tracking.md.

The flows are corridor's own: each case's first run makes every arc a border point in its
groups file, so that track_points.csv gives each arc's signed mass flow in the state track
solved (coupled gas, controls, fuel and all; `track` writes no arcs.csv). model.py takes those
flows, the nomination converted at the entries' mean norm density (the pressure references'
injections from the flows' balance), each station's fuel and the sources' gas data, mixes by
its own method (strongly connected components in topological order; a dense Gaussian
elimination on a cycle), and every figure that follows from the mixing is compared: per node
(has_gas, throughflow, withdrawal, fuel, shares, calorific value, Wobbe index, norm density,
molar mass: track_nodes.csv), per exit (delivery in kg/s and mcm/d, calorific value, Wobbe
index, MW, GWh/d, shares, MW by origin: track_exits.csv), per border point, every arc and exit
(gas node, kg/s, mcm/d, MW, kg/s and MW by origin: track_points.csv), per station (fuel node,
kg/s, MW, kg/s by origin: track_fuel.csv), track_summary.json's counts and balances
(injection points, nodes without gas, MW in, out and burnt, each group's kg/s in, delivered
and burnt) and the report's transit by origin (MW and mcm/d in and out per origin and
country). Besides: the flows carry the nomination at every node but the references, and with
--fuel the references supply exactly the fuel.

Cases: GasLib-11, -24, -40 and -134 (nomination 2011-11-01) as given; -24, -40 and -134 with
sources of different gas (norm density, calorific value, molar mass: mixing by mass and by
volume differ there); 40-loop: GasLib-40 (mixed gas) at half load with a fourth source joined
to innode_3 and compressorStation_3 at ratio 1.1 (`--controls`), which drives the gas of two
origins round a loop of 4 nodes (a cyclic flow graph); 40-mixed-3-references: the three
entries all pressure references, 4 arcs reversed against the default state; fuel (`--fuel`,
`--slack`) on GasLib-11 (at junctions) and on mixed-gas GasLib-40 (at an entry, an exit and a
junction). Runs per case: 'own' (a JSON groups file: each source its own group, every arc and
exit a border point), 'default' (no --groups: each source its own group; the four instances),
'grouped' (a JSON file: two groups, the rest left to 'other', the network cut into two
countries at its median x, the cut arcs, every other one written the other way round, and
the exits as border points) and, on GasLib-11 and -24, 'csv' (the same groups as CSV).

Tolerances. corridor writes every number with 10 significant digits, a relative rounding of at
most 5e-10 (FLOW_EPS). model.py carries the rounding of its inputs (the flows, and the
references' injections made from them) through the mixing to first order: a node's shares are
a weighted mean of the shares flowing in, whose weights x_j / T_v move by at most
sum_j 2 |dx_j| (1 - w_j) / T_v, the shares by half that times their spread, plus the mean of
the upstream errors; this bound e_v is solved with the mixing system itself (model.mix). A
figure is compared within  S (2 e_v + 1e-9) + 1e-12:  S its scale (1 for shares; a gas
property's own value: the sources' data differ by less than 40 %, so a property moves by at
most 2.5 e_v (R - 1) <= e_v relative; the flow for kg/s, times the largest specific energy
for MW, over the smallest norm density for mcm/d; the network's total for the balances, with
the largest e_v and the references' rounding added), 1e-9 the 10-digit rounding of the figure
and of the flow it stems from, 1e-12 what a 0 may be written as. The report's transit is
printed at 0.01 MW and 0.0001 mcm/d: half of that is added. e_v is 1e-10 to 7e-10 on these
cases, so shares are held to 1.2e-9 to 2.5e-9.

Negative controls: the same comparison must reject model.py made wrong in one rule (inflows
weighted by normal volume instead of mass on mixed gas; a node's own injection left out where
gas also flows in; the circulating gas left out of the loop's mix; an entry's injection taken
less the fuel it burns; a border point given the gas of the arc's downstream node).

Usage: check_against_corridor.py --corridor BIN --gaslib DIR --work DIR
Exit 0 all agree, 1 a difference or a failed run, 77 the GasLib data is missing (skipped).
"""
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import model  # noqa: E402
from independent_util import (  # noqa: E402
    check_arguments, edit_source, read_text, write_text)

FLOW_EPS = 5e-10   # relative rounding of a number written with 10 significant digits
REL = 1e-9         # the rounding of a compared figure and of the flow it stems from
ABS = 1e-12        # kg/s, MW, mcm/d or share: what a 0 may be written as
TRANSIT_MW = 0.005  # half the report's 0.01 MW
TRANSIT_MCM_D = 5e-5  # half its 0.0001 mcm/d

# gas data of the mixed-gas variants: source -> (norm density kg/m3, calorific value MJ/m3,
# molar mass kg/kmol); the others keep their own
MIXED = {
    '24': {'entry01': (0.76, 35.0, 17.6), 'entry02': (0.81, 39.5, 19.9)},
    '40': {'source_1': (0.74, 35.2, 16.9), 'source_2': (0.80, 38.9, 19.4),
           'source_3': (0.83, 40.6, 20.3)},
    '134': {'node_20': (0.79, 38.0, 18.9), 'node_80': (0.82, 39.9, 20.1)},
}


def make_cases(gaslib, data):
    """[(name, net, scn, options)]: the instances and the variants, written under `data`."""
    os.makedirs(data, exist_ok=True)
    g = lambda n, ext: os.path.join(gaslib, 'GasLib-%s' % n, 'GasLib-%s.%s' % (n, ext))
    net = {'11': g('11', 'net'), '24': g('24', 'net'), '40': g('40', 'net'),
           '134': os.path.join(gaslib, 'GasLib-134', 'GasLib-134-v2.net')}
    scn = {'11': g('11', 'scn'), '24': g('24', 'scn'), '40': g('40', 'scn'),
           '134': os.path.join(gaslib, 'GasLib-134', 'nominations', '2011-11-01.scn')}
    cases = [(n, net[n], scn[n], []) for n in ('11', '24', '40', '134')]
    mixed = {}
    for n, gases in MIXED.items():
        text = read_text(net[n])
        for source, (rho, cv, m) in gases.items():
            text = edit_source(text, source, normDensity=rho, calorificValue=cv, molarMass=m)
        mixed[n] = os.path.join(data, 'GasLib-%s-mixed.net' % n)
        write_text(mixed[n], text)
        cases.append((n + '-mixed', mixed[n], scn[n], []))
    # GasLib-40 (mixed gas) at half load under entries bounded at 60 barg (the stations can
    # lift there), a fourth source of its own gas joined to innode_3 by a short pipe and
    # nominating 100 of source_3's 362.5, compressorStation_3 at ratio 1.1 (--controls): gas
    # of source_3 and source_4 circulates round sink_19, innode_3, sink_10, innode_2
    low, k = re.subn(r'(<node type="entry" id="source_\d">\s*<pressure value="0" '
                     r'bound="lower" unit="barg"/>\s*<pressure value=")80(" bound="upper")',
                     r'\g<1>60\2', read_text(scn['40']))
    low, m = re.subn(r'(<flow value=")([0-9.]+)(")',
                     lambda f: '%s%g%s' % (f.group(1), 0.5 * float(f.group(2)), f.group(3)), low)
    if k != 3 or m != 32:
        raise RuntimeError('variant 40-loop: the edit of the nomination did not apply')
    low = edit_node(low, 'source_3', 'flow value="362.5"', 'flow value="262.5"')
    i = low.index('<node type="entry" id="source_3">')
    low = low[:i] + ('<node type="entry" id="source_4">\n'
                     '      <pressure value="0" bound="lower" unit="barg"/>\n'
                     '      <pressure value="60" bound="upper" unit="barg"/>\n'
                     '      <flow value="100" bound="both" unit="1000m_cube_per_hour"/>\n'
                     '    </node>\n    ') + low[i:]
    text = read_text(mixed['40'])
    i = text.rindex('<source', 0, text.index('id="source_3"'))
    j = text.index('</source>', i) + len('</source>')
    block = re.sub(r' y="[^"]*" x="[^"]*"', ' y="6700" x="4600"',
                   text[i:j].replace('id="source_3"', 'id="source_4"'))
    block = edit_source(block, 'source_4', normDensity=0.77, calorificValue=37.5,
                        molarMass=17.8)
    k = text.index('</framework:connections>')
    text = (text[:j] + '\n    ' + block + text[j:k] +
            '  <shortPipe from="source_4" id="sp_source_4" to="innode_3">\n'
            '      <flowMin unit="1000m_cube_per_hour" value="0"/>\n'
            '      <flowMax unit="1000m_cube_per_hour" value="10000"/>\n'
            '    </shortPipe>\n  ' + text[k:])
    loop_net = os.path.join(data, 'GasLib-40-loop.net')
    loop_scn = os.path.join(data, 'GasLib-40-loop.scn')
    write_text(loop_net, text)
    write_text(loop_scn, low)
    controls = os.path.join(data, 'cs3-ratio.csv')
    write_text(controls, 'id,mode,value\ncompressorStation_3,ratio,1.1\n')
    cases.append(('40-loop', loop_net, loop_scn, ['--controls', controls]))
    # the three entries all pressure references, source_3 lower: their split is the flows',
    # and arcs reverse against the state under the default reference
    cases.append(('40-mixed-3-references', mixed['40'], scn['40'],
                  ['--slack', 'source_1=81.01325', '--slack', 'source_2=81.01325',
                   '--slack', 'source_3=75']))
    cases.append(('11-fuel', net['11'], scn['11'],
                  ['--slack', 'entry01=70', '--fuel', 'CS01_entry03_N01=0.2',
                   '--fuel', 'CS02_N04_N05=0.4']))
    cases.append(('40-mixed-fuel', mixed['40'], scn['40'],
                  ['--slack', 'source_1=81.01325', '--fuel', 'compressorStation_4=0.5',
                   '--fuel', 'compressorStation_2=0.3', '--fuel', 'compressorStation_1=0.2']))
    return cases


def cyclic_successors(state):
    succ = {v: set() for v in state.nodes}
    for a, (f, t, _) in state.arcs.items():
        m = state.flows[a]
        if abs(m) > state.zero_line:
            succ[f if m > 0 else t].add(t if m > 0 else f)
    return {v: sorted(w) for v, w in succ.items()}


def gases(net):
    return model.parse_net(net)[2]


def references_of(options):
    return [options[i + 1].partition('=')[0] for i, o in enumerate(options) if o == '--slack']


def edit_node(text, node_id, old, new):
    """A copy of .scn text with `old` replaced by `new` once in one node's block."""
    i = text.index('id="%s"' % node_id)
    j = text.index('</node>', i)
    if text[i:j].count(old) != 1:
        raise RuntimeError('variant: %s not found once in %s' % (old, node_id))
    return text[:i] + text[i:j].replace(old, new) + text[j:]


def fuel_of(options):
    out = {}
    for i, o in enumerate(options):
        if o == '--fuel':
            station, _, amount = options[i + 1].partition('=')
            out[station] = float(amount)
    return out


# ----------------------------------------------------------------------------- groups files
def own_groups(net):
    """Each source its own group; every arc a border point X->Y in its own direction, every
    exit (sink) a node point Y->Z."""
    nodes, arcs, gas, _, _ = model.parse_net(net)
    points = [{'id': 'a:' + a, 'name': a, 'node': t, 'arc': a, 'from_country': 'X',
               'to_country': 'Y', 'positive_arc_flow': 'X->Y'}
              for a, (f, t, _) in sorted(arcs.items())]
    points += [{'id': 'n:' + v, 'node': v, 'from_country': 'Y', 'to_country': 'Z'}
               for v in sorted(nodes) if nodes[v] == 'sink']
    return {'groups': {s: [s] for s in sorted(gas)}, 'border_points': points}


def two_groups(net):
    """Two groups of the sources, a third of them left to 'other'; countries West and East
    split at the median x; the cut arcs as points (every other one written the other way
    round: countries swapped, positive_arc_flow naming the arc's direction); the exits as
    node points into 'Consumers'."""
    nodes, arcs, gas, _, coords = model.parse_net(net)
    sources = sorted(gas)
    k = max(1, len(sources) // 3)
    groups = {'North group': sources[:k], 'G2': sources[k:2 * k]}
    if 2 * k >= len(sources):
        raise RuntimeError('too few sources for two groups and other')
    xs = sorted(x for x, _ in coords.values())
    median = xs[len(xs) // 2]
    country = {v: 'West' if coords[v][0] < median else 'East' for v in nodes}
    points, flip = [], False
    for a, (f, t, _) in sorted(arcs.items()):
        cf, ct = country[f], country[t]
        if cf == ct:
            continue
        p = {'id': 'cut:' + a, 'node': t, 'arc': a, 'positive_arc_flow': '%s->%s' % (cf, ct)}
        p.update({'from_country': ct, 'to_country': cf} if flip else
                 {'from_country': cf, 'to_country': ct})
        flip = not flip
        points.append(p)
    points += [{'id': 'exit:' + v, 'node': v, 'from_country': country[v],
                'to_country': 'Consumers'} for v in sorted(nodes) if nodes[v] == 'sink']
    return {'groups': groups, 'border_points': points}


def groups_csv(net):
    """The same groups as two_groups, as a CSV file (no border points)."""
    g = two_groups(net)['groups']
    lines = ['# written by check_against_corridor.py', 'source_id,group']
    lines += ['%s,%s' % (s, name) for name, members in g.items() for s in members]
    return '\n'.join(lines) + '\n'


# ----------------------------------------------------------------------------- running
def run_track(corridor, net, scn, options, out_dir, groups_file):
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [corridor, 'track', net, scn, '--no-timings', '--out', out_dir] + options
    if groups_file:
        cmd += ['--groups', groups_file]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError('corridor track exit %d: %s' % (r.returncode,
                                                           (r.stdout + r.stderr)[-600:]))
    return r.stdout


def rows(path, key):
    with open(path, newline='') as f:
        return {r[key]: r for r in csv.DictReader(f)}


def num(text):
    return float(text) if text != '' else float('nan')


def read_transit(report):
    """{(origin, country): {in_mcm_d, out_mcm_d, in_MW, out_MW}} of the report's table."""
    out, inside = {}, False
    for line in report.splitlines():
        if line.startswith('Transit by origin'):
            inside = True
            continue
        if inside:
            w = line.split()
            if not w or line.startswith('('):
                break
            if w[0] == 'origin':
                continue
            v = [float(x) for x in w[-6:]]
            out[(' '.join(w[:-7]), w[-7])] = {'in_mcm_d': v[0], 'out_mcm_d': v[1],
                                              'in_MW': v[3], 'out_MW': v[4]}
    return out


class Comparison:
    """Worst |difference| / tolerance per kind of figure; failures listed."""

    def __init__(self):
        self.worst = {}
        self.failures = []
        self.count = 0

    def add(self, kind, where, got, want, scale, e, extra=0.0):
        tol = abs(scale) * (2 * e + REL) + ABS + extra
        self.count += 1
        if isinstance(got, str) or isinstance(want, str) or isinstance(got, bool):
            ok, d = got == want, 0.0 if got == want else float('inf')
        elif math.isnan(want) or math.isnan(got):
            ok, d = math.isnan(want) and math.isnan(got), 0.0
            d = 0.0 if ok else float('inf')
        else:
            d = abs(got - want)
            ok = d <= tol
        ratio = d / tol
        if kind not in self.worst or ratio > self.worst[kind][0]:
            self.worst[kind] = (ratio, d, tol, where)
        if not ok:
            self.failures.append('%s %s: corridor %r, model %r (|d| %.3g > tol %.3g)' % (
                kind, where, got, want, d, tol))

    def worst_ratio(self):
        return max((w[0] for w in self.worst.values()), default=0.0)


def compare(cmp, res, out_dir, report, gases, points_given):
    """Every figure of one run's outputs against model.track's result `res`."""
    e_max_spec = max(g['cv'] / g['rho_n'] for g in gases.values())  # MJ/kg
    rho_min = min(g['rho_n'] for g in gases.values())
    groups = res['groups']
    nodes = rows(os.path.join(out_dir, 'track_nodes.csv'), 'node_id')
    if set(nodes) != set(res['nodes']):
        cmp.failures.append('track_nodes.csv: node ids differ from the network\'s')
        return
    for v, want in res['nodes'].items():
        got, e = nodes[v], want['bound'] or 0.0
        has = want['has_gas']
        cmp.add('node has_gas', v, got['has_gas'], '1' if has else '0', 0, 0)
        t = want['throughflow_kg_per_s']
        for col in ('throughflow_kg_per_s', 'withdrawal_kg_per_s', 'fuel_kg_per_s'):
            cmp.add('node kg/s', '%s %s' % (v, col), num(got[col]), want[col], t, 0)
        for col in ('calorific_value_MJ_per_m3', 'wobbe_index_MJ_per_m3',
                    'norm_density_kg_per_m3', 'molar_mass_kg_per_kmol'):
            w = want.get(col, float('nan'))
            cmp.add('node property', '%s %s' % (v, col), num(got[col]), w,
                    0 if math.isnan(w) else w, e)
        for g in groups:
            w = want['shares'][g] if has else 0.0
            cmp.add('node share', '%s %s' % (v, g), num(got['share_' + g]), w, 1, e)
    exits = rows(os.path.join(out_dir, 'track_exits.csv'), 'node_id')
    if set(exits) != set(res['exits']):
        cmp.failures.append('track_exits.csv: exits %s, model %s' % (
            sorted(exits), sorted(res['exits'])))
    for v in set(exits) & set(res['exits']):
        got, want, e = exits[v], res['exits'][v], res['exits'][v]['bound'] or 0.0
        d = want['delivery_kg_per_s']
        cmp.add('exit kg/s', v, num(got['delivery_kg_per_s']), d, d, 0)
        cmp.add('exit mcm/d', v, num(got['delivery_mcm_per_d']), want['delivery_mcm_per_d'],
                want['delivery_mcm_per_d'], e)
        for col in ('calorific_value_MJ_per_m3', 'wobbe_index_MJ_per_m3'):
            cmp.add('exit property', '%s %s' % (v, col), num(got[col]), want[col], want[col], e)
        cmp.add('exit MW', v, num(got['energy_MW']), want['energy_MW'], d * e_max_spec, e)
        cmp.add('exit MW', v + ' GWh/d', num(got['energy_GWh_per_d']),
                want['energy_GWh_per_d'], d * e_max_spec * 0.024, e)
        for g in groups:
            cmp.add('exit share', '%s %s' % (v, g), num(got['share_' + g]), want['shares'][g],
                    1, e)
            cmp.add('exit MW by origin', '%s %s' % (v, g), num(got['energy_MW_' + g]),
                    want['energy_MW_by_group'][g], d * e_max_spec, e)
    points = rows(os.path.join(out_dir, 'track_points.csv'), 'point_id')
    if set(points) != {p['id'] for p in points_given}:
        cmp.failures.append('track_points.csv: point ids differ from the groups file\'s')
    for p in points_given:
        got, want = points.get(p['id']), res['points'][p['id']]
        if got is None:
            continue
        e, m = want['bound'] or 0.0, want['mass_flow_kg_per_s']
        cmp.add('point gas node', p['id'], got['gas_node'], want['gas_node'], 0, 0)
        cmp.add('point kg/s', p['id'], num(got['mass_flow_kg_per_s']), m, m, 0)
        cmp.add('point mcm/d', p['id'], num(got['flow_mcm_per_d']), want['flow_mcm_per_d'],
                m / rho_min * model.MCM_PER_D, e)
        cmp.add('point MW', p['id'], num(got['energy_MW']), want['energy_MW'],
                m * e_max_spec, e)
        for g in groups:
            cmp.add('point kg/s by origin', '%s %s' % (p['id'], g),
                    num(got['mass_kg_per_s_' + g]), want['mass_by_group'][g], m, e)
            cmp.add('point MW by origin', '%s %s' % (p['id'], g), num(got['energy_MW_' + g]),
                    want['energy_by_group'][g], m * e_max_spec, e)
    fuel = rows(os.path.join(out_dir, 'track_fuel.csv'), 'station_id')
    if set(fuel) != set(res['fuel']):
        cmp.failures.append('track_fuel.csv: stations %s, model %s' % (sorted(fuel),
                                                                        sorted(res['fuel'])))
    for s in set(fuel) & set(res['fuel']):
        got, want = fuel[s], res['fuel'][s]
        e, f = want['bound'] or 0.0, want['fuel_kg_per_s']
        cmp.add('fuel node', s, got['fuel_node'], want['fuel_node'], 0, 0)
        cmp.add('fuel kg/s', s, num(got['fuel_kg_per_s']), f, f, 0)
        cmp.add('fuel MW', s, num(got['fuel_MW']), want['fuel_MW'], f * e_max_spec, e)
        for g in groups:
            cmp.add('fuel kg/s by origin', '%s %s' % (s, g),
                    num(got['fuel_kg_per_s_' + g]), want['by_group'][g], f, e)
    with open(os.path.join(out_dir, 'track_summary.json')) as f:
        summary = json.load(f)
    want = res['summary']
    e = res['max_bound']
    total = want['energy_in_MW']
    for key in ('injection_points', 'nodes_without_gas'):
        cmp.add('summary count', key, str(summary[key]), str(want[key]), 0, 0)
    slack_err = res['reference_error']  # the references' injections, from rounded flows
    for key in ('energy_in_MW', 'energy_out_MW', 'energy_fuel_MW'):
        cmp.add('summary MW', key, summary[key], want[key], total, e, slack_err * e_max_spec)
    mass = sum(x['in'] for x in want['group_mass_kg_per_s'].values())
    if sorted(summary['group_mass_kg_per_s']) != sorted(groups):
        cmp.failures.append('summary groups %s, model %s' % (
            sorted(summary['group_mass_kg_per_s']), groups))
    for g, x in want['group_mass_kg_per_s'].items():
        for key, value in x.items():
            got = summary['group_mass_kg_per_s'].get(g, {}).get(key, float('nan'))
            cmp.add('summary kg/s by origin', '%s %s' % (g, key), got, value, mass, e,
                    slack_err)
    if points_given:
        transit = read_transit(report)
        total_volume = mass / rho_min * model.MCM_PER_D
        if set(transit) != set(res['transit']):
            cmp.failures.append('transit rows %s, model %s' % (sorted(transit),
                                                               sorted(res['transit'])))
        for key in set(transit) & set(res['transit']):
            for col in ('in_MW', 'out_MW'):
                cmp.add('transit MW', '%s %s %s' % (key + (col,)), transit[key][col],
                        res['transit'][key][col], total, e, TRANSIT_MW)
            for col in ('in_mcm_d', 'out_mcm_d'):
                cmp.add('transit mcm/d', '%s %s %s' % (key + (col,)), transit[key][col],
                        res['transit'][key][col], total_volume, e, TRANSIT_MCM_D)


def fuel_supplied(case, state, scn, options):
    """With --fuel the pressure references supply the fuel (tracking.md, Fuel gas): their
    injections exceed their nominations by the fuel burnt, within the flows' rounding."""
    fuel = fuel_of(options)
    if not fuel:
        return []
    nominated = model.nominated_masses(scn, state.gas)
    refs = references_of(options)
    grew = sum(state.reference_injection[v] - nominated.get(v, 0.0) for v in refs)
    err = sum(state.inj_err[v] for v in refs)
    print('%-24s the references (%s) supply %.9f kg/s beyond their nominations for %.9f kg/s '
          'of fuel' % (case, ', '.join(refs), grew, sum(fuel.values())))
    if abs(grew - sum(fuel.values())) > err:
        return ['%s: the references supply %.9g kg/s, the fuel is %.9g kg/s' % (
            case, grew, sum(fuel.values()))]
    return []


def main():
    a = check_arguments(__doc__)
    if not os.path.isdir(os.path.join(a.gaslib, 'GasLib-134')):
        print('SKIPPED: the GasLib instances are not at %s (set CORRIDOR_SHARED_DIR)' % a.gaslib)
        return 77
    data = os.path.join(a.work, 'data')
    cases = make_cases(a.gaslib, data)
    failures, runs, kept = [], 0, {}
    total = Comparison()
    for case, net, scn, options in cases:
        own, two = own_groups(net), two_groups(net)
        files = {'own': (own, 'json'), 'grouped': (two, 'json')}
        if case in ('11', '24'):
            files['csv'] = (groups_csv(net), 'csv')
        if case in ('11', '24', '40', '134'):
            files['default'] = (None, None)
        try:
            state = res_own = None
            for run in ('own', 'default', 'grouped', 'csv'):
                if run not in files:
                    continue
                content, ext = files[run]
                path = None
                if content is not None:
                    path = os.path.join(data, '%s-%s.%s' % (case, run, ext))
                    write_text(path, json.dumps(content, indent=1) if ext == 'json'
                               else content)
                out = os.path.join(a.work, 'corridor', case, run)
                report = run_track(a.corridor, net, scn, options, out, path)
                if state is None:  # the flows of the state track solved, from 'own'
                    flows = {r['arc']: float(r['mass_flow_kg_per_s']) for r in
                             rows(os.path.join(out, 'track_points.csv'), 'point_id').values()
                             if r['arc']}
                    state = model.State(net, flows, model.nominated_masses(scn, gases(net)),
                                        references_of(options), fuel_of(options),
                                        eps=FLOW_EPS)
                    if state.mismatch:
                        raise RuntimeError('the flows do not carry the nomination at %s' % (
                            ', '.join('%s (nominated %.10g kg/s, balance %.10g)' % x
                                      for x in state.mismatch[:4])))
                    failures += fuel_supplied(case, state, scn, options)
                groups = None
                points = []
                if run in ('grouped', 'csv'):
                    groups = {s: g for g, members in two['groups'].items() for s in members}
                if ext == 'json':
                    points = content['border_points']
                res = model.track(state, groups, points)
                if run == 'own':
                    res_own = res
                cmp = Comparison()
                compare(cmp, res, out, report, state.gas, points)
                runs += 1
                total.count += cmp.count
                kept[(case, run)] = (state, groups, points, out, report)
                for k, w in cmp.worst.items():
                    if k not in total.worst or w[0] > total.worst[k][0]:
                        total.worst[k] = (w[0], w[1], w[2], '%s/%s %s' % (case, run, w[3]))
                print('%-24s %-8s worst |d|/tol %.2f  max e_v %.1e' % (
                    case, run, cmp.worst_ratio(), res['max_bound']))
                failures += ['%s/%s %s' % (case, run, f) for f in cmp.failures[:10]]
                if len(cmp.failures) > 10:
                    failures.append('%s/%s: %d more' % (case, run, len(cmp.failures) - 10))
            info = res_own['info']
            reversed_arcs = sum(1 for m in state.flows.values() if m < -model.ZERO_FLOW)
            print('%-24s flow graph: %d cyclic component(s) (largest %d nodes), %d arcs '
                  'against their direction, %d nodes without gas, mixing residual %.1e' % (
                      '', info['cyclic_components'], info['largest_component'], reversed_arcs,
                      res_own['summary']['nodes_without_gas'], info['residual']))
            # the model's own mixing, node by node on its solution (a share is a fraction)
            if not info['residual'] <= 1e-12:
                failures.append('%s: model.py\'s mixing residual %.1e' % (case, info['residual']))
        except Exception as e:  # a failed run or the model's own failure fails the check
            failures.append('%s: %s' % (case, e))
    # the loop variant must circulate gas of two origins, the reference variant reverse arcs
    if ('40-loop', 'own') not in kept:
        failures.append('the loop variant did not run')
    else:
        st = kept[('40-loop', 'own')][0]
        mixed, _, _ = model.mix(st)
        loop = [v for c in model.strong_components(sorted(st.nodes), cyclic_successors(st))
                if len(c) > 1 for v in c]
        mixes = [v for v in loop if sum(1 for x in mixed[v][1].values() if 1e-6 < x) > 1]
        print('40-loop: circulation round %s; %d of them mix two origins' % (
            ', '.join(loop), len(mixes)))
        if not mixes:
            failures.append('40-loop: no circulation of mixed gas in the flow graph')
    if ('40-mixed', 'own') in kept and ('40-mixed-3-references', 'own') in kept:
        f0 = kept[('40-mixed', 'own')][0].flows
        f1 = kept[('40-mixed-3-references', 'own')][0].flows
        flipped = [x for x in f0 if f0[x] * f1[x] < 0 and min(abs(f0[x]), abs(f1[x])) > 1e-3]
        print('40-mixed-3-references: %d arcs flow the other way than in 40-mixed (%s)' % (
            len(flipped), ', '.join(sorted(flipped)[:4])))
        if not flipped:
            failures.append('40-mixed-3-references: no arc reverses')
    # Negative controls: a model wrong in one rule must be told apart.
    controls = [('40-mixed', 'own', 'mix-by-volume', 'inflows weighted by normal volume'),
                ('24', 'own', 'no-own-injection', 'own injection left out of the mix'),
                ('40-loop', 'own', 'no-recirculation', 'the circulating gas left out'),
                ('40-mixed-fuel', 'own', 'fuel-from-net-supply',
                 'an entry\'s injection less its fuel'),
                ('11', 'grouped', 'downstream-gas', 'points with the downstream gas')]
    for case, run, deviation, what in controls:
        if (case, run) not in kept:
            failures.append('negative control %s: its run is missing' % what)
            continue
        state, groups, points, out, report = kept[(case, run)]
        if deviation == 'fuel-from-net-supply':  # a rule of the state's injections
            net, scn, options = [c[1:] for c in cases if c[0] == case][0]
            state = model.State(net, state.flows, model.nominated_masses(scn, state.gas),
                                references_of(options), fuel_of(options), eps=FLOW_EPS,
                                deviation=deviation)
        cmp = Comparison()
        compare(cmp, model.track(state, groups, points, deviation), out, report, state.gas,
                points)
        finite = [(k, w) for k, w in cmp.worst.items() if math.isfinite(w[0])]
        kind, w = max(finite, key=lambda kw: kw[1][0])
        share = cmp.worst.get('node share', (0.0, 0.0, 0.0, '-'))
        print('negative control: %s (%s/%s): %d figures rejected; worst %s |d| %.3g = %.1e x '
              'tol (%s); worst share |d| %.3g (%s)' % (
                  what, case, run, len(cmp.failures), kind, w[1], w[0], w[3], share[1],
                  share[3]))
        if not cmp.failures:
            failures.append('negative control (%s) passed the check' % what)
    print('%d runs, %d figures compared; worst difference against its tolerance per kind of '
          'figure:' % (runs, total.count))
    for k in sorted(total.worst):
        r, d, tol, where = total.worst[k]
        print('  %-24s |d| %.2e  tol %.2e  (%.2f; %s)' % (k, d, tol, r, where))
    for f in failures:
        print('FAIL ' + f)
    return 1 if failures or runs == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
