#!/usr/bin/env python3
"""Holds `corridor simulate` to model.py, an independent model written from docs/physics.md.

For GasLib-11, -24 and -40 (../shared/data/gaslib) and variants of them that exercise rules
the instances alone cannot tell apart (heights, sources with different gas, a resistor drawn
backwards, a fixed-loss resistor, an idle source with another gas, an upper pressure bound in
the nomination), under the default model and the options physics.md documents, it compares
every node's pressure (nodes.csv) and every arc's mass flow (arcs.csv):

  |dp| <= 1e-7 bar (0.01 Pa, the solver's residual tolerance; the two agree to about 5e-9
  bar, the 10 significant digits nodes.csv is written with)
  |dm| <= 1e-6 of the flow, or of 1e-6 of the largest flow for flows below that

Negative controls: the same comparison must reject model.py made wrong in one documented rule
(z at the arithmetic mean pressure, the gas mixed by mass, g = 9.81 on the hilly variant):
a check blind to those would pass anything.

Usage: check_against_corridor.py --corridor BIN --gaslib DIR --work DIR
Exit 0 all agree, 1 a difference or a failed run, 77 the GasLib data is missing (skipped).
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402

DP_TOL_BAR = 1e-7
DM_TOL_REL = 1e-6

OPTION_SETS = {
    'default': [],
    'colebrook': ['--friction', 'colebrook-white'],
    'hofer': ['--friction', 'hofer'],
    'pandapipes-nikuradse': ['--friction', 'pandapipes-nikuradse'],
    'fixed-lambda': ['--friction', 'fixed', '--lambda', '0.012'],
    'ideal': ['--eos', 'ideal'],
    'aga': ['--eos', 'aga'],
    'linear': ['--eos', 'linear'],
    'linear-given': ['--eos', 'linear', '--gas', 'z0=1.01,z1=-0.003'],
    'cnga': ['--eos', 'cnga', '--cnga', '1.02,-0.003', '--no-height'],
    'temperature-25C': ['--temperature', '25'],
    'temperature-minus20C': ['--temperature', '-20'],
    'no-height': ['--no-height'],
    'gas-given': ['--gas', 'M=17,pc=46,Tc=195'],
    'colebrook-viscosity': ['--friction', 'colebrook-white', '--gas', 'mu=1.5e-5'],
    'colebrook-aga-5C': ['--friction', 'colebrook-white', '--eos', 'aga', '--temperature', '5'],
    'pandapipes-law': ['--pipe-model', 'pandapipes'],
    'pandapipes-law-nikuradse': ['--pipe-model', 'pandapipes', '--friction',
                                 'pandapipes-nikuradse'],
    'pandapipes-law-aga-hofer': ['--pipe-model', 'pandapipes', '--eos', 'aga', '--friction',
                                 'hofer'],
    'gravity-9.81': ['--gravity', '9.81'],
}


def read_text(path):
    with open(path, newline='') as f:
        return f.read()


def write_text(path, text):
    with open(path, 'w', newline='') as f:
        f.write(text)


def edit_source(text, source_id, **values):
    """A copy of .net text with values of one source's children replaced."""
    i = text.index('id="%s"' % source_id)
    j = text.index('</source>', i)
    block = text[i:j]
    for tag, value in values.items():
        block, n = re.subn(r'(<%s\b[^>]*value=")[^"]*(")' % tag, r'\g<1>%s\g<2>' % value, block)
        if n != 1:
            raise RuntimeError('variant: %s of %s not found once' % (tag, source_id))
    return text[:i] + block + text[j:]


def make_cases(gaslib, data):
    """{name: (net, scn)}: the instances and the variants, written under `data`."""
    os.makedirs(data, exist_ok=True)
    g = lambda n, ext: os.path.join(gaslib, 'GasLib-%s' % n, 'GasLib-%s.%s' % (n, ext))
    cases = {n: (g(n, 'net'), g(n, 'scn')) for n in ('11', '24', '40')}

    def hilly(n):  # every node at its own height, -40 to 459 m
        count = [0]

        def height(_):
            count[0] += 1
            return '<height value="%d" unit="m"/>' % ((count[0] * 137) % 500 - 40)
        text = re.sub(r'<height value="0" unit="(?:m|meter)"/>', height, read_text(g(n, 'net')))
        if count[0] < 10:
            raise RuntimeError('variant: GasLib-%s has fewer level heights than expected' % n)
        path = os.path.join(data, 'GasLib-%s-hilly.net' % n)
        write_text(path, text)
        return path
    cases['11-hilly'] = (hilly('11'), g('11', 'scn'))
    cases['40-hilly'] = (hilly('40'), g('40', 'scn'))

    mix = edit_source(read_text(g('24', 'net')), 'entry03', normDensity='0.81',
                      gasTemperature='30.0')
    mix = edit_source(mix, 'entry01', normDensity='0.76', gasTemperature='2.0')
    variants = {
        '24-mixed-gas': mix,
        '24-resistor-reversed': mix.replace('<resistor from="N101" id="re01" to="N01">',
                                            '<resistor from="N01" id="re01" to="N101">'),
        '24-fixed-loss': re.sub(r'<dragFactor value="[^"]*"/>\s*<diameter value="900.0" '
                                r'unit="mm"/>', '<pressureLoss value="0.5" unit="bar"/>', mix),
        '11-idle-source-gas': edit_source(read_text(g('11', 'net')), 'entry03', molarMass='25',
                                          gasTemperature='50', normDensity='0.9',
                                          pseudocriticalPressure='40',
                                          pseudocriticalTemperature='210'),
    }
    for name, text in variants.items():
        base = g(name.split('-')[0], 'net')
        if text == read_text(base) and name != '24-mixed-gas':
            raise RuntimeError('variant %s: the edit did not apply' % name)
        path = os.path.join(data, 'GasLib-%s.net' % name)
        write_text(path, text)
        cases[name] = (path, g(name.split('-')[0], 'scn'))
    scn = read_text(g('11', 'scn'))
    bounded = re.sub(r'(<node type="entry" id="entry02">)(\r?\n)',
                     r'\1\2      <pressure bound="upper" value="72" unit="bar"/>\2', scn)
    if bounded == scn:
        raise RuntimeError('variant 11-scenario-bound: the edit did not apply')
    path = os.path.join(data, 'GasLib-11-scenario-bound.scn')
    write_text(path, bounded)
    cases['11-scenario-bound'] = (g('11', 'net'), path)
    return cases


def column(path, key, col):
    with open(path, newline='') as f:
        return {r[key]: float(r[col]) if r[col] != '' else float('nan')
                for r in csv.DictReader(f)}


def differences(out_dir, net, scn, options):
    """(max |dp| bar and its node, max relative |dm| and its arc) of model.py against the
    corridor results in out_dir."""
    o = model.parse_options([net, scn] + options)
    _, _, pressure_Pa, flow, _ = model.simulate(net, scn, o)
    p = column(os.path.join(out_dir, 'nodes.csv'), 'id', 'pressure_bar_abs')
    m = column(os.path.join(out_dir, 'arcs.csv'), 'id', 'mass_flow_kg_per_s')
    if set(p) != set(pressure_Pa) or set(m) != set(flow):
        raise RuntimeError('the node or arc ids differ from the model\'s')
    dp = max((abs(p[n] - pressure_Pa[n] / 1e5), n) for n in p)
    largest = max(abs(v) for v in m.values())
    dm = max((abs(m[a] - flow[a]) / max(abs(m[a]), 1e-6 * largest, 1e-300), a) for a in m)
    return dp, dm


def run_corridor(corridor, net, scn, options, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    r = subprocess.run([corridor, 'simulate', net, scn, '--no-timings', '--out', out_dir]
                       + options, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        return 'corridor simulate exit %d: %s' % (r.returncode, (r.stdout + r.stderr)[-400:])
    with open(os.path.join(out_dir, 'summary.json')) as f:
        verdict = json.load(f)['verdict']
    return None if verdict == 'converged' else 'verdict %s' % verdict


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--corridor', required=True)
    ap.add_argument('--gaslib', required=True)
    ap.add_argument('--work', required=True)
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.gaslib, 'GasLib-40')):
        print('SKIPPED: the GasLib instances are not at %s (set CORRIDOR_SHARED_DIR)' % a.gaslib)
        return 77
    cases = make_cases(a.gaslib, os.path.join(a.work, 'data'))
    failures, rows = [], 0
    worst_dp, worst_dm = (0.0, ''), (0.0, '')
    for case, (net, scn) in cases.items():
        for name, options in OPTION_SETS.items():
            if '--gravity' in options and not case.endswith('hilly'):
                continue  # g enters the height term alone: only where heights differ
            out = os.path.join(a.work, 'corridor', case, name)
            error = run_corridor(a.corridor, net, scn, options, out)
            if error is None:
                try:
                    dp, dm = differences(out, net, scn, options)
                except Exception as e:  # the model's own failure is this check's failure
                    error = 'model.py: %s' % e
            label = '%-22s %-26s' % (case, name)
            if error is not None:
                failures.append('%s %s' % (label, error))
                continue
            rows += 1
            line = '%s max|dp| %.1e bar (%s)  max rel|dm| %.1e (%s)' % (
                label, dp[0], dp[1], dm[0], dm[1])
            print(line)
            if dp[0] > worst_dp[0]:
                worst_dp = (dp[0], ' '.join(label.split()))
            if dm[0] > worst_dm[0]:
                worst_dm = (dm[0], ' '.join(label.split()))
            if not (dp[0] <= DP_TOL_BAR and dm[0] <= DM_TOL_REL):
                failures.append('%s differs: %s' % (label, line[len(label):].strip()))
    # Negative controls: a model wrong in one rule must be told apart.
    controls = [('40', 'default', ['--deviation', 'z-arithmetic-mean'],
                 'z at the arithmetic mean pressure'),
                ('24-mixed-gas', 'default', ['--deviation', 'mix-by-mass'],
                 'the gas mixed by mass'),
                ('11-hilly', 'default', ['--gravity', '9.81'], 'g = 9.81 where corridor has 9.80665')]
    for case, name, deviation, what in controls:
        net, scn = cases[case]
        out = os.path.join(a.work, 'corridor', case, name)
        dp, _ = differences(out, net, scn, OPTION_SETS[name] + deviation)
        print('negative control %-40s max|dp| %.1e bar' % (what + ':', dp[0]))
        if dp[0] <= DP_TOL_BAR:
            failures.append('negative control (%s) passed the check: max|dp| %.1e bar' %
                            (what, dp[0]))
    print('%d runs compared; worst |dp| %.1e bar (%s), worst relative |dm| %.1e (%s); tolerances '
          '%.0e bar and %.0e' % (rows, worst_dp[0], worst_dp[1], worst_dm[0], worst_dm[1],
                                 DP_TOL_BAR, DM_TOL_REL))
    for f in failures:
        print('FAIL ' + f)
    return 1 if failures or rows == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
