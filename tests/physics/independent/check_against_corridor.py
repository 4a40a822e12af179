#!/usr/bin/env python3
"""Holds `corridor simulate` to model.py, an independent model written from docs/physics.md.

For GasLib-11, -24 and -40 (../shared/data/gaslib) and variants of them that exercise rules
the instances alone cannot tell apart (heights, sources with different gas, a resistor drawn
backwards, a fixed-loss resistor, an idle source with another gas, an upper pressure bound in
the nomination), under the default model and the options physics.md documents, it compares
every node's pressure (nodes.csv) and every arc's mass flow (arcs.csv):

  |dp| <= 1e-7 bar (0.01 Pa, the solver's residual tolerance per element, which over pipes
  in series allows a few times that: docs/physics.md, Numerics, step 7; the two agree to
  about 5e-9 bar, the 10 significant digits nodes.csv is written with)
  |dm| <= 1e-6 of the flow, or of 1e-6 of the largest flow for flows below that

It does the same for fixed settings of the active elements (`--set`: valves and stations
closed, stations at ratios and at outlet and inlet pressures, the control valve at an outlet
pressure and a pressure drop; SETTING_SETS) on GasLib-11, -24 and two variants of GasLib-40
at half its load under lower entry bounds, where its stations can lift: each run must
converge with every setting held (summary.json's held_at, arcs.csv's mode), and model.py
must find no documented limit binding in its state.

Negative controls: the same comparison must reject model.py made wrong in one documented rule
(z at the arithmetic mean pressure, the gas mixed by mass, g = 9.81 on the hilly variant, a
station's ratio applied the other way round): a check blind to those would pass anything.

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


def settings(*items):
    return [w for item in items for w in ('--set', item)]


# Fixed settings of the active elements (`--set`; docs/physics.md "Elements" and "Active
# elements"), per case, where no documented limit binds (model.py judges that in its state and
# the run must hold each setting: summary.json's held_at, arcs.csv's mode), beside the option
# sets above. GasLib-24's elements all carry an exit's flow alone (closed, the nomination does
# not balance), and at its 70 bar reference CS1 and CS3 lie at their outlet maxima: a given
# reference of 60 bar lets them lift. 40-low: GasLib-40's stations at its 81 bar lie above
# their 71 bar pressureOutMax; only CS3 (compressorStation_3) lies in a loop.
SETTING_SETS = {
    '11': {
        'V01=closed': settings('V01_N01_N03=closed'),
        'CS01=ratio:1.03': settings('CS01_entry03_N01=ratio:1.03'),
        'CS02=ratio:1.08': settings('CS02_N04_N05=ratio:1.08'),
        'CS01=outlet:68': settings('CS01_entry03_N01=outlet:68'),
        'CS02=outlet:66': settings('CS02_N04_N05=outlet:66'),
        'CS01=inlet:65 (ref moved)': settings('CS01_entry03_N01=inlet:65'),
        'V01 closed,CS01,CS02': settings('V01_N01_N03=closed', 'CS01_entry03_N01=ratio:1.03',
                                         'CS02_N04_N05=outlet:66'),
        'CS02=ratio colebrook-aga': settings('CS02_N04_N05=ratio:1.08') + [
            '--friction', 'colebrook-white', '--eos', 'aga'],
    },
    '11-hilly': {
        'CS01=outlet,CS02=ratio': settings('CS02_N04_N05=ratio:1.08',
                                           'CS01_entry03_N01=outlet:68'),
    },
    '24': {
        'CV01=outlet:60': settings('CV01=outlet:60'),
        'CV01=dp:5': settings('CV01=dp:5'),
        'CS2=ratio:1.02': settings('CS2=ratio:1.02'),
        'CS2=outlet:69.5': settings('CS2=outlet:69.5'),
        'slack60 CS1=ratio:1.1': ['--slack', 'entry01=60'] + settings('CS1=ratio:1.1'),
        'slack60 CS3=ratio:1.1': ['--slack', 'entry01=60'] + settings('CS3=ratio:1.1'),
        'slack60 CS1,CS3,CV01': ['--slack', 'entry01=60'] + settings(
            'CS1=ratio:1.05', 'CS3=outlet:62', 'CV01=outlet:55'),
        'CV01=outlet:60 pandapipes': settings('CV01=outlet:60') + ['--pipe-model', 'pandapipes'],
    },
    '40-low': {
        'default': [],
        'CS3=closed': settings('compressorStation_3=closed'),
        'CS6=ratio:1.1': settings('compressorStation_6=ratio:1.1'),
        'CS4=ratio:1.08': settings('compressorStation_4=ratio:1.08'),
        'CS3=ratio:1.02 (loop)': settings('compressorStation_3=ratio:1.02'),
        'CS1=ratio:1.05': settings('compressorStation_1=ratio:1.05'),
        'CS5=outlet:64 (ref moved)': settings('compressorStation_5=outlet:64'),
        'CS6=inlet:58 (ref moved)': settings('compressorStation_6=inlet:58'),
        'CS3 closed,CS6,CS4,CS2': settings('compressorStation_3=closed',
                                           'compressorStation_6=ratio:1.1',
                                           'compressorStation_4=ratio:1.08',
                                           'compressorStation_2=outlet:68.5'),
    },
    '40-low-idle-entry': {
        'CS6=inlet:50 (ref moved)': settings('compressorStation_6=inlet:50'),
    },
}
SETTINGS_ONLY = ('40-low', '40-low-idle-entry')  # variants for the settings alone
SET_MODES = {'closed': 'closed', 'ratio': 'ratio', 'outlet': 'outlet_pressure',
             'inlet': 'inlet_pressure', 'dp': 'delta_p'}


def option_sets(case):
    sets = {} if case in SETTINGS_ONLY else dict(OPTION_SETS)
    sets.update(SETTING_SETS.get(case, {}))
    return sets


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

    # GasLib-40 at half its load, its entries bounded at 60 barg: the reference at 61.01 bar
    # brings the stations' inlets below their pressureOutMax, so that they can lift
    scn = read_text(g('40', 'scn'))
    low, n = re.subn(r'(<node type="entry" id="source_\d">\s*<pressure value="0" '
                     r'bound="lower" unit="barg"/>\s*<pressure value=")80(" bound="upper")',
                     r'\g<1>60\2', scn)
    low, m = re.subn(r'(<flow value=")([0-9.]+)(")',
                     lambda f: '%s%g%s' % (f.group(1), 0.5 * float(f.group(2)), f.group(3)), low)
    if n != 3 or m != 32:
        raise RuntimeError('variant 40-low: the edit did not apply')
    # and with source_1 nominating what source_3 gave, source_3 idle under a higher bound
    idle = edit_node(edit_node(low, 'source_1', 'flow value="362.5"', 'flow value="725"'),
                     'source_3', 'flow value="362.5"', 'flow value="0"')
    idle = edit_node(idle, 'source_3', 'value="60" bound="upper"', 'value="65" bound="upper"')
    for name, text in (('40-low', low), ('40-low-idle-entry', idle)):
        path = os.path.join(data, 'GasLib-%s.scn' % name)
        write_text(path, text)
        cases[name] = (g('40', 'net'), path)
    return cases


def edit_node(text, node_id, old, new):
    """A copy of .scn text with `old` replaced by `new` once in one node's block."""
    i = text.index('id="%s"' % node_id)
    j = text.index('</node>', i)
    if text[i:j].count(old) != 1:
        raise RuntimeError('variant: %s not found once in %s' % (old, node_id))
    return text[:i] + text[i:j].replace(old, new) + text[j:]


def column(path, key, col):
    with open(path, newline='') as f:
        return {r[key]: float(r[col]) if r[col] != '' else float('nan')
                for r in csv.DictReader(f)}


def differences(out_dir, net, scn, options, judge_limits=True):
    """(max |dp| bar and its node, max relative |dm| and its arc) of model.py against the
    corridor results in out_dir; an error where a documented limit binds in the model's state
    (corridor would not hold the setting there), unless judge_limits is false."""
    o = model.parse_options([net, scn] + options)
    _, _, pressure_Pa, flow, info = model.simulate(net, scn, o)
    if judge_limits and info['limits']:
        raise RuntimeError('a documented limit binds: ' + '; '.join(info['limits']))
    p = column(os.path.join(out_dir, 'nodes.csv'), 'id', 'pressure_bar_abs')
    m = column(os.path.join(out_dir, 'arcs.csv'), 'id', 'mass_flow_kg_per_s')
    if set(p) != set(pressure_Pa) or set(m) != set(flow):
        raise RuntimeError('the node or arc ids differ from the model\'s')
    # An empty or NaN value compares false both ways, and max() over (value, id) pairs then
    # drops it unless it comes first: every value must be a number, and the model's own
    # solve must have converged (a negative control that fails to converge is no control).
    bad = [k for k, v in list(p.items()) + list(m.items()) if not math.isfinite(v)]
    if bad:
        raise RuntimeError('corridor wrote no finite value for %s' % ', '.join(sorted(bad)[:5]))
    if not (info['max_mass_res'] <= 1e-9 and info['max_elem_res'] <= 1e-3):
        raise RuntimeError('model.py did not converge: %.1e kg/s, %.1e Pa' %
                           (info['max_mass_res'], info['max_elem_res']))
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
        summary = json.load(f)
    if summary['verdict'] != 'converged':
        return 'verdict %s' % summary['verdict']
    return settings_not_held(out_dir, summary, options)


def settings_not_held(out_dir, summary, options):
    """None where the run holds every --set as given: arcs.csv's mode closed for a closed
    element, summary.json's held_at 'set-point' for a set-point; else what holds instead."""
    with open(os.path.join(out_dir, 'arcs.csv'), newline='') as f:
        modes = {r['id']: r['mode'] for r in csv.DictReader(f)}
    held = {e['id']: e for e in summary['active_elements']}
    for item in (options[i + 1] for i, o in enumerate(options) if o == '--set'):
        arc, _, setting = item.partition('=')
        mode = SET_MODES[setting.split(':')[0]]
        e = held.get(arc, {})
        if modes.get(arc) != mode:
            return '%s: mode %s in arcs.csv, not %s' % (arc, modes.get(arc), mode)
        if mode != 'closed' and e.get('held_at') != 'set-point':
            return '%s not held at its set-point: %s %s' % (arc, e.get('held_at'),
                                                            e.get('limit'))
    return None


def main():
    a = check_arguments(__doc__)
    if not os.path.isdir(os.path.join(a.gaslib, 'GasLib-40')):
        print('SKIPPED: the GasLib instances are not at %s (set CORRIDOR_SHARED_DIR)' % a.gaslib)
        return 77
    cases = make_cases(a.gaslib, os.path.join(a.work, 'data'))
    failures, rows = [], 0
    worst_dp, worst_dm = (0.0, ''), (0.0, '')
    for case, (net, scn) in cases.items():
        for name, options in option_sets(case).items():
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
                ('11-hilly', 'default', ['--gravity', '9.81'],
                 'g = 9.81 where corridor has 9.80665'),
                ('11', 'CS02=ratio:1.08', ['--deviation', 'ratio-inverted'],
                 'a ratio applied the other way round')]
    for case, name, deviation, what in controls:
        net, scn = cases[case]
        out = os.path.join(a.work, 'corridor', case, name)
        dp, _ = differences(out, net, scn, option_sets(case)[name] + deviation,
                            judge_limits=False)
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
