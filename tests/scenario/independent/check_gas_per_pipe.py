#!/usr/bin/env python3
"""Holds the corridor scenarios' gas per pipe to the pipe law written from docs/physics.md.

`corridor run SCENARIO --out DIR` writes, per arc, the gas its law took (arcs.csv's
gas_molar_mass_kg_per_kmol, gas_pseudocritical_pressure_bar, gas_pseudocritical_temperature_K:
its upstream end's tracked mix, ScenarioOptions::gas_per_arc). For the bundled corridor case
(data/corridor) and four of its scenarios this check takes every pipe's end pressures and
mass flow from arcs.csv and evaluates the standard pipe law (Papay, Nikuradse, the height
term; tests/physics/independent/model.py, Python's standard library) with that pipe's own
gas: each must hold to 0.1 Pa (the solver's 0.01 Pa per element, and arcs.csv's nine
significant digits, about 0.01 Pa at 55 bar). It also checks what the gases must be:

  - every gas lies between the sources' (molar mass, p_c and T_c each within their range);
  - a pipe that only one source can feed carries that source's gas exactly (the Russian
    line from Mozdok, the Turkmen lines from Korpeje and Dauletabad);

A pipe without flow whose ends no gas reaches (swap-stopped's closed Astara interconnector)
keeps the entries' mean, which arcs.csv leaves empty: it is counted, not judged.

Negative control: the same laws with the Russian gas in every pipe must fail by more than
100 times the tolerance on every pipe whose own gas is not Russian, and hold on those that
carry it (a check blind to the pipes' gases would pass the one-gas model too).

Usage: check_gas_per_pipe.py --corridor BIN --data DIR --work DIR
Exit 0 all hold, 1 a difference or a failed run, 77 the case is missing (skipped).
"""
import argparse
import csv
import os
import subprocess
import sys
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                'physics', 'independent'))
import model  # noqa: E402

SCENARIOS = ['baseline', 'ru-phase1', 'winter-peak', 'swap-stopped']
TOL_PA = 0.1
# Pipes only one source can feed, by the network's topology (corridor.net): their gas.
SINGLE_SOURCE = {'p_mozdok_aksai': 'ru_mozdok', 'p_aksai_makhachkala': 'ru_mozdok',
                 'p_korpeje_border': 'tm_korpeje', 'p_dauletabad_border': 'tm_dauletabad'}


def law_options():
    return types.SimpleNamespace(friction='nikuradse', eos='papay', no_height=False,
                                 gravity=9.80665, cnga_b=(1.0, 0.0), lam=0.01,
                                 pipe_model='standard', deviation=None)


def residual(arc, nodes, row, gas, T):
    g = {'T': T, 'M': gas['M'], 'pc': gas['pc'], 'Tc': gas['Tc'], 'mu': 1.1e-5, 'z0': 1.0,
         'z1': -0.0022, 'rho_n_pipe': 0.8}
    m = model.Model(law_options(), g)
    pf = float(row['pressure_from_bar_abs']) * 1e5
    pt = float(row['pressure_to_bar_abs']) * 1e5
    q = float(row['mass_flow_kg_per_s'])
    return m.pipe_res(pf, pt, q, arc, nodes[arc['from']]['h'], nodes[arc['to']]['h'])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--corridor', required=True)
    ap.add_argument('--data', required=True)
    ap.add_argument('--work', required=True)
    a = ap.parse_args(argv)
    net = os.path.join(a.data, 'corridor.net')
    if not os.path.isfile(net):
        print(f'skipped: no {net}')
        return 77
    nodes, _, arcs = model.parse_net(net)
    by_id = {x['id']: x for x in arcs}
    sources = {k: n['gas'] for k, n in nodes.items() if n['kind'] == 'source'}
    temps = {g['T'] for g in sources.values()}
    if len(temps) != 1:
        print(f'FAIL: the sources have {len(temps)} gas temperatures; the check takes one')
        return 1
    T = temps.pop()
    lo = {k: min(g[k] for g in sources.values()) for k in ('M', 'pc', 'Tc')}
    hi = {k: max(g[k] for g in sources.values()) for k in ('M', 'pc', 'Tc')}
    failures, worst, pipes, idle, other, caught = [], 0.0, 0, 0, 0, 0
    for sc in SCENARIOS:
        out = os.path.join(a.work, sc)
        r = subprocess.run([a.corridor, 'run', sc, '--data', a.data, '--no-headroom',
                            '--no-timings', '--out', out], capture_output=True, text=True)
        if r.returncode != 0:
            failures.append(f'{sc}: corridor run exited {r.returncode}: {r.stderr[-400:]}')
            continue
        with open(os.path.join(out, 'arcs.csv'), newline='') as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            if row['type'] != 'pipe':
                continue
            arc = by_id[row['id']]
            if not row['gas_molar_mass_kg_per_kmol']:
                if float(row['mass_flow_kg_per_s']) != 0.0:
                    failures.append(f'{sc}: {row["id"]} carries a flow but no gas of its own')
                idle += 1
                continue
            gas = {'M': float(row['gas_molar_mass_kg_per_kmol']),
                   'pc': float(row['gas_pseudocritical_pressure_bar']) * 1e5,
                   'Tc': float(row['gas_pseudocritical_temperature_K'])}
            for k in ('M', 'pc', 'Tc'):
                if not lo[k] * (1 - 1e-6) <= gas[k] <= hi[k] * (1 + 1e-6):
                    failures.append(f'{sc}: {row["id"]} {k} = {gas[k]} outside the sources\' '
                                    f'[{lo[k]}, {hi[k]}]')
            if row['id'] in SINGLE_SOURCE:
                src = sources[SINGLE_SOURCE[row['id']]]
                for k in ('M', 'pc', 'Tc'):
                    if abs(gas[k] - src[k]) > 1e-6 * src[k]:
                        failures.append(f'{sc}: {row["id"]} {k} = {gas[k]}, its only source '
                                        f'{SINGLE_SOURCE[row["id"]]} has {src[k]}')
            res = residual(arc, nodes, row, gas, T)
            pipes += 1
            worst = max(worst, abs(res))
            if not abs(res) <= TOL_PA:
                failures.append(f'{sc}: {row["id"]} law with its own gas off by {res:.3g} Pa')
            # Negative control: the Russian gas in every pipe.
            russian = abs(gas['M'] - sources['ru_mozdok']['M']) <= 1e-6 * gas['M']
            off = abs(residual(arc, nodes, row, sources['ru_mozdok'], T))
            if russian and not off <= TOL_PA:
                failures.append(f'{sc}: {row["id"]} carries the Russian gas, whose law is off by '
                                f'{off:.3g} Pa')
            if not russian:
                other += 1
                caught += off > 100 * TOL_PA
    print(f'{pipes} pipes in {len(SCENARIOS)} scenarios ({idle} more idle without gas): worst '
          f'law residual with each pipe\'s own gas {worst:.3g} Pa (tolerance {TOL_PA} Pa); with '
          f'the Russian gas in every pipe, {caught} of the {other} carrying another gas are off '
          f'beyond {100 * TOL_PA:g} Pa')
    if other == 0 or caught < other:
        failures.append(f'negative control: the Russian gas in every pipe failed {caught} of '
                        f'{other} pipe laws of other gases: the check cannot tell them apart')
    for m in failures[:40]:
        print('FAIL:', m)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
