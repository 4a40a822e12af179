#!/usr/bin/env python3
"""Holds `corridor hydro` to model.py, an independent model written from docs/hydro.md.

For the bundled Araz case (data/araz) and variants of it that exercise rules the default run
alone cannot tell apart (a prolonged drought, no warm-up, today's units only, canals with no
and with too much water, a flood that spills, user monthly and daily inflow files, and case
files with unequal units, rain on the lakes, other priorities, a low-head stop and other
year-type factors, written under --work), it runs `corridor hydro --out DIR` and compares
every cell of every daily_<run>.csv and every row of annual.csv with model.py:

  |d| <= TOL_REL x max(|corridor|, |model|) + floor of the column's kind (FLOORS)

TOL_REL = 1e-9. The files carry every digit a double needs (docs/hydro.md section 6), so the
two can differ only by the order of floating-point operations: a storage of 1.6e9 m3 rounds to
2.4e-7 m3, i.e. 2.8e-12 m3/s in a flow worked out as (storage - target) / 86,400 s, and the two
agree to about 4e-14 of each value on the bundled case. 1e-9 leaves a margin of more than 1e4
on that and lies five orders of magnitude below the smallest rule error the negative controls
make (g 9.80665 against 9.81: 3.4e-4 of the power). The floors cover values that are 0 in one
and rounding-sized in the other (a spill of 1e-12 m3/s).

Independently of model.py's operating rule it also checks, on corridor's written numbers and
the case's parameters alone (IDENTITY_TOL):
  water balance  S_d - S_d-1 = (I - E - W_AZ - W_IR - Q_t - Q_b - Q_s) x 86,400 s, in m3, per
                 reservoir per day, day 1 from the day-0 row: within 1e-6 m3 (storages are
                 written in mcm to 17 digits, one rounding of 1,612 mcm is 2.3e-7 m3, and the
                 residual takes two of them and the sum's own);
  inflow         I = local inflow + the reservoir above's Q_t + Q_b + Q_s the same day
  level          z_d = the level-volume table at S_d, linear (section 2)
  evaporation    E = min(e_month x A(z_d-1), S_d-1 / 86,400 s + I), e in mm/d, A in km2
  tailwater      max(bed + a Q^b on the previous day's Q_t + Q_b + Q_s, the level of the
                 reservoir below at the start of the day), from day 2; head = (1 - f) (z - tail)
  turbines       Q_t <= sum of Q_cap,u (section 2); bypass only with the units full; end
                 level above the day's target only with the units full or a spill
  power          per country per plant: sum over its units of eta rho g H Q_u, Q_u shared in
                 proportion to Q_cap; the country and total columns the sums over plants
  spill          only on days the storage is exactly full; 0 <= S <= S_full
  energy         annual.csv: energy = sum of the daily mean power x 24 h, per year and mean;
                 capacity factor; firm power (95% of the days) and firm energy over 8,760 h
  50/50 split    with twin units on both sides and equal canals, AZ's power, withdrawal and
                 energy equal IR's on every day (section 3, rule 5)

Negative controls: the same comparison and the identities must reject model.py made wrong in
one documented rule (g = 9.80665 where the case says 9.81, evaporation left out, the level
from the power law instead of the table, the tailwater on today's release): a check blind to
those would pass anything.

Usage: check_against_corridor.py --corridor BIN --data DIR --work DIR
(DIR holds araz/case.json.) Exit 0 all agree, 1 a difference or a failed run.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import model  # noqa: E402
from independent_util import check_arguments  # noqa: E402

TOL_REL = 1e-9
FLOORS = {'m': 1e-9, 'mcm': 1e-9, 'm3_per_s': 1e-9, 'MW': 1e-9, 'GWh': 1e-9,
          'capacity_factor': 1e-12, 'GWh_per_y': 1e-9}
BALANCE_TOL_M3 = 1e-6
IDENTITY_TOL = 1e-9          # relative, as TOL_REL, with the same floors
DT = 86400.0


def floor_of(column):
    for suffix, f in sorted(FLOORS.items(), key=lambda x: -len(x[0])):
        if column.endswith(suffix):
            return f
    return 1e-9


def excess(a, b, column, rel=TOL_REL):
    """|a - b| over its allowance (<= 1 passes); infinite where either is not a number (a NaN
    compares false both ways, and a check that kept the largest excess skipped it)."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    return abs(a - b) / (rel * max(abs(a), abs(b)) + floor_of(column))


# ----------------------------------------------------------------------------- variants
def write_json(path, obj):
    with open(path, 'w') as f:
        json.dump(obj, f, indent=1)


def make_variants(data, work):
    """{name: (case path, options)}: the runs compared; files written under work/data."""
    case = os.path.join(data, 'araz', 'case.json')
    d = os.path.join(work, 'data')
    os.makedirs(d, exist_ok=True)
    with open(case) as f:
        base = json.load(f)
    ids = [r['id'] for r in base['reservoirs']]
    runs = {
        'default (average, dry, wet)': (case, []),
        'dry x3 (prolonged drought)': (case, ['--year-type', 'dry', '--years', '3']),
        'no warm-up, average': (case, ['--warmup-years', '0', '--year-type', 'average']),
        'no warm-up, wet x2': (case, ['--warmup-years', '0', '--year-type', 'wet',
                                      '--years', '2']),
        'existing units': (case, ['--existing-units']),
        'irrigation x0': (case, ['--irrigation-scale', '0', '--year-type', 'average']),
        'irrigation x3 (shortage)': (case, ['--irrigation-scale', '3', '--year-type', 'dry']),
        'example monthly file': (case, ['--inflow', os.path.join(data, 'araz',
                                                                 'inflow_monthly_example.csv')]),
    }
    # a flood: the average year's pattern x 3 as a monthly file (spills)
    fac = model.value(base['inflow']['monthly_factor'])
    means = [model.value(r['local_inflow_mean_m3s']) for r in base['reservoirs']]
    path = os.path.join(d, 'flood_x3_monthly.csv')
    with open(path, 'w') as f:
        f.write('# the case pattern x 3, m3/s\nmonth,%s\n' % ','.join(ids))
        for m in range(12):
            f.write('%d,%s\n' % (m + 1, ','.join('%.6f' % (3 * q * fac[m]) for q in means)))
    runs['flood x3 monthly file'] = (case, ['--inflow', path, '--years', '2'])
    # a daily file: two years, a scaled and wobbling hydrograph, no Giz Galasi column
    path = os.path.join(d, 'daily_two_years.csv')
    with open(path, 'w') as f:
        f.write('day,%s\n' % ','.join(ids[:2]))
        for day in range(730):
            m = model.MONTH_OF_DAY[day % 365]
            s = (0.55 if day < 365 else 1.6) * (1 + 0.3 * math.sin(day / 5.0))
            f.write('%d,%s\n' % (day + 1, ','.join('%.4f' % (s * q * fac[m])
                                                    for q in means[:2])))
    runs['daily file, 2 years'] = (case, ['--inflow', path, '--warmup-years', '1'])
    # case variant: unequal units and parameters the bundled case holds equal
    v = json.loads(json.dumps(base))
    v['gravity_m_s2']['value'] = 9.8
    v['water_density_kg_m3']['value'] = 998.0
    aras, khud, giz = v['reservoirs']
    for u in aras['units'][:2]:
        u['min_head_m']['value'] = 25.5               # AZ's Aras units stop at low head
    khud['head_loss_fraction']['value'] = 0.05
    khud['net_evaporation_mm_d']['value'] = [-1.5, -0.8, 0.2] + \
        khud['net_evaporation_mm_d']['value'][3:11] + [-2.0]   # rain on the lake in winter
    gu = giz['units'][0]
    gu['max_power_mw']['value'] = 30
    gu['efficiency']['value'] = 0.91
    gu['max_flow_m3s']['value'] = 120.0
    giz['net_evaporation_mm_d']['value'][5:8] = [-6.0, -9.0, -4.0]  # rain on the pond below
    giz['withdrawals'][0]['priority']['value'] = 1    # AZ canal with the release, IR after
    giz['withdrawals'][1]['priority']['value'] = 3
    giz['withdrawals'][1]['annual_mcm']['value'] = 1800
    khud['withdrawals'] = [{'id': 'khud_ir_pump', 'country': 'IR',
                            'priority': {'value': 2, 'source': 'estimate: test'},
                            'annual_mcm': {'value': 300, 'source': 'estimate: test'},
                            'monthly_share': giz['withdrawals'][0]['monthly_share']}]
    path = os.path.join(d, 'case_unequal.json')
    write_json(path, v)
    runs['case: unequal units, rain, priorities'] = (path, [])
    runs['case: unequal, existing, dry x2'] = (path, ['--existing-units', '--year-type', 'dry',
                                                      '--years', '2'])
    # case variant: other year-type factors (the warm-up's factor; a flood type)
    v = json.loads(json.dumps(base))
    v['inflow']['year_types']['average']['value'] = 1.1
    v['inflow']['year_types']['flood'] = {'value': 2.6, 'source': 'estimate: test'}
    v['reservoirs'][1]['initial_volume_mcm']['value'] = 1500
    path = os.path.join(d, 'case_year_types.json')
    write_json(path, v)
    runs['case: average 1.1, flood 2.6'] = (path, ['--warmup-years', '1'])
    # case variant at the edges: starts below the dead storage, targets beyond dead and full,
    # flat-bottomed lakes that evaporation (and at Giz Galasi the canals, with no dead
    # storage) empty, no inflow to the Aras dam: evaporation capped at S/dt + I, water owed
    # below that cannot be given, levels below the tailwater
    v = json.loads(json.dumps(base))
    aras, khud, giz = v['reservoirs']
    aras['initial_volume_mcm']['value'] = 1           # below its 98 mcm dead storage
    aras['net_evaporation_mm_d']['value'] = [50.0] * 12
    khud['initial_volume_mcm']['value'] = 40          # below its 117 mcm dead storage
    khud['target_level_m']['value'] = [226.0, 226.0, 240.0, 250.0, 258.0, 261.5, 261.5, 258.0,
                                       250.0, 240.0, 230.0, 226.0]
    giz['dead_volume_mcm']['value'] = 0
    giz['net_evaporation_mm_d']['value'] = [45.0] * 12
    for r in (aras, giz):
        r['curve']['area_km2'][0] = r['curve']['area_km2'][1]
    giz['units'][1]['min_head_m']['value'] = 0        # runs at any head above 0
    path = os.path.join(d, 'case_edges.json')
    write_json(path, v)
    flows = os.path.join(d, 'edges_monthly.csv')
    with open(flows, 'w') as f:
        f.write('month,%s\n' % ','.join(ids))
        for m in range(12):
            f.write('%d,0,%.6f,0\n' % (m + 1, 0.7 * means[1] * fac[m]))
    runs['case: edges (empty lakes), irrigation x3'] = (
        path, ['--warmup-years', '0', '--irrigation-scale', '3', '--inflow', flows])
    return runs


# ----------------------------------------------------------------------------- reading
def read_csv(path):
    with open(path, newline='') as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


def num(x):
    return None if x == '' else float(x)


def run_corridor(corridor, case, options, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    r = subprocess.run([corridor, 'hydro', case, '--no-timings', '--out', out_dir] + options,
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return 'corridor hydro exit %d: %s' % (r.returncode, (r.stdout + r.stderr)[-400:])
    return None


def load_outputs(out_dir, runs):
    daily = {}
    for run in runs:
        head, rows = read_csv(os.path.join(out_dir, 'daily_%s.csv' % run))
        daily[run] = (head, [{k: num(v) for k, v in row.items()} for row in rows])
    _, rows = read_csv(os.path.join(out_dir, 'annual.csv'))
    annual = {(r['run'], r['kind'], r['name'], r['year']): r for r in rows}
    return daily, annual


# ----------------------------------------------------------------------------- comparison
def compare(daily, annual, m_daily, m_annual):
    """(worst excess over the allowance, where, |d| there, problems) of corridor vs model."""
    worst = (0.0, '', 0.0)
    problems = []
    if set(daily) != set(m_daily):
        problems.append('runs differ: corridor %s, model %s' % (sorted(daily), sorted(m_daily)))
    for run in set(daily) & set(m_daily):
        head, rows = daily[run]
        mrows = m_daily[run]
        if len(rows) != len(mrows):
            problems.append('%s: %d rows, model %d' % (run, len(rows), len(mrows)))
            continue
        cols = [c for c in head if c not in ('day', 'year', 'month')]
        missing = set(cols) ^ set(k for k in mrows[1] if k not in ('day', 'year', 'month'))
        if missing:
            problems.append('%s: columns not in both: %s' % (run, sorted(missing)))
        for row, mrow in zip(rows, mrows):
            for k in ('day', 'year', 'month'):
                if row[k] != mrow[k]:
                    problems.append('%s day %s: %s %s, model %s' % (run, row['day'], k, row[k],
                                                                   mrow[k]))
            for c in cols:
                if row[c] is None:
                    if row['day'] != 0 or c in mrow:
                        problems.append('%s day %g: %s empty' % (run, row['day'], c))
                    continue
                if c not in mrow:
                    continue
                x = excess(row[c], mrow[c], c)
                if x > worst[0]:
                    worst = (x, '%s day %d %s' % (run, row['day'], c), abs(row[c] - mrow[c]))
    if set(annual) != set(m_annual):
        problems.append('annual.csv rows differ: only corridor %s; only model %s' % (
            sorted(set(annual) - set(m_annual))[:4], sorted(set(m_annual) - set(annual))[:4]))
    for key in set(annual) & set(m_annual):
        for c, v in m_annual[key].items():
            x = excess(float(annual[key][c]), v, c)
            if x > worst[0]:
                worst = (x, 'annual %s %s' % ('/'.join(key), c), abs(float(annual[key][c]) - v))
    return worst, problems


# ----------------------------------------------------------------------------- identities
class Worst:
    """The largest excess over its allowance of each identity, and where."""

    def __init__(self):
        self.by = {}

    def see(self, name, x, where, d):
        if math.isnan(x):  # an identity on a NaN figure fails, as excess() makes it
            x = math.inf
        if x > self.by.get(name, (-1.0,))[0]:
            self.by[name] = (x, where, d)

    def rel(self, name, a, b, column, where):
        self.see(name, excess(a, b, column, IDENTITY_TOL), where, abs(a - b))

    def fails(self):
        return {k: v for k, v in self.by.items() if v[0] > 1}


def identities(case, o, daily, annual, w, split_5050=False):
    """Checks corridor's written numbers against the documented formulas (see the module
    docstring), with the case's parameters; model.py's simulation is not used."""
    R = case.reservoirs
    units = [[u for u in r.units if not o.existing_units or u.status in ('operating', 'built')]
             for r in R]
    for run, (_, rows) in daily.items():
        for k in range(1, len(rows)):
            prev, row = rows[k - 1], rows[k]
            where = '%s day %d' % (run, row['day'])
            m = int(row['month']) - 1
            q_above = 0.0
            for i, r in enumerate(R):
                p = r.id + '_'
                g = lambda c: row[p + c]
                s0, s1 = prev[p + 'storage_mcm'] * 1e6, g('storage_mcm') * 1e6
                wsum = sum(g('withdrawal_%s_m3_per_s' % c) for c in case.countries)
                out = g('turbine_m3_per_s') + g('bypass_m3_per_s') + g('spill_m3_per_s')
                flux = (g('inflow_m3_per_s') - g('evaporation_m3_per_s') - wsum - out) * DT
                res = s1 - s0 - flux
                w.see('balance', abs(res) / BALANCE_TOL_M3, where + ' ' + r.id, abs(res))
                w.rel('inflow', g('inflow_m3_per_s'), g('local_inflow_m3_per_s') + q_above,
                      'm3_per_s', where + ' ' + r.id)
                q_above = out
                w.rel('level', g('level_m'), r.curve.level(s1), 'm', where + ' ' + r.id)
                z0 = prev[p + 'level_m']
                e = 0.0 if o.deviation == 'no-evaporation' else r.evap[m]
                e_exp = min(e / 1000.0 * r.curve.area(z0) / DT, s0 / DT + g('inflow_m3_per_s'))
                w.rel('evaporation', g('evaporation_m3_per_s'), e_exp, 'm3_per_s',
                      where + ' ' + r.id)
                if k >= 2:
                    q_prev = (prev[p + 'turbine_m3_per_s'] + prev[p + 'bypass_m3_per_s']
                              + prev[p + 'spill_m3_per_s'])
                    if o.deviation == 'tailwater-today':
                        q_prev = out
                    tw = r.tw_bed + r.tw_a * q_prev ** r.tw_b
                    if i + 1 < len(R):
                        tw = max(tw, prev[R[i + 1].id + '_level_m'])
                    w.rel('tailwater', g('tailwater_m'), tw, 'm', where + ' ' + r.id)
                h = g('net_head_m')
                h_doc = (1 - r.f_loss) * (z0 - g('tailwater_m'))
                if model.NET_HEAD_FLOOR_ZERO:
                    h_doc = max(0.0, h_doc)
                w.rel('head', h, h_doc, 'm', where + ' ' + r.id)
                caps = model.unit_caps(case, r, units[i], h)
                cap = sum(caps)
                qt = g('turbine_m3_per_s')
                tol = TOL_REL * max(cap, qt) + floor_of('m3_per_s')
                w.see('turbine <= capacity', max(0.0, qt - cap) / tol, where + ' ' + r.id,
                      max(0.0, qt - cap))
                full = cap - qt <= tol
                if g('bypass_m3_per_s') > floor_of('m3_per_s'):
                    w.see('bypass only with units full', max(0.0, cap - qt) / tol,
                          where + ' ' + r.id, cap - qt)
                above = g('level_m') - g('target_level_m')
                if above > 1e-6 and not full and g('spill_m3_per_s') == 0:
                    w.see('above target only with units full', 2.0, where + ' ' + r.id, above)
                if g('spill_m3_per_s') > 0:
                    w.see('spill only when full', abs(s1 - r.v_full) / BALANCE_TOL_M3,
                          where + ' ' + r.id, abs(s1 - r.v_full))
                w.see('0 <= storage <= full', max(0.0, s1 - r.v_full, -s1) / BALANCE_TOL_M3,
                      where + ' ' + r.id, max(0.0, s1 - r.v_full, -s1))
                pc = {c: 0.0 for c in case.countries}
                for u, cu in zip(units[i], caps):
                    q_u = qt * cu / cap if cap > 0 else 0.0
                    pc[u.country] += u.eta * case.rho * case.g * h * q_u / 1e6
                for c in case.countries:
                    w.rel('power = eta rho g H Q', g('power_%s_MW' % c), pc[c], 'MW',
                          '%s %s %s' % (where, r.id, c))
                if split_5050:
                    a, b = case.countries[:2]
                    w.rel('50/50 split', g('power_%s_MW' % a), g('power_%s_MW' % b), 'MW',
                          where + ' ' + r.id)
                    w.rel('50/50 split', g('withdrawal_%s_m3_per_s' % a),
                          g('withdrawal_%s_m3_per_s' % b), 'm3_per_s', where + ' ' + r.id)
            for c in case.countries:
                w.rel('country = sum of plants', row['power_%s_MW' % c],
                      sum(row[r.id + '_power_%s_MW' % c] for r in R), 'MW', where)
            w.rel('total = sum of countries', row['power_total_MW'],
                  sum(row['power_%s_MW' % c] for c in case.countries), 'MW', where)
        # annual.csv from the daily means
        days = rows[1:]
        n_years = len(days) // 365
        series = {('plant', r.id): [sum(d[r.id + '_power_%s_MW' % c] for c in case.countries)
                                    for d in days] for r in R}
        series.update({('country', c): [d['power_%s_MW' % c] for d in days]
                       for c in case.countries})
        series.update({('share', model.share_name(c, plants)):
                       [sum(d[p + '_power_%s_MW' % c] for p in plants) for d in days]
                       for c, plants in case.shares})
        for (kind, name), s in series.items():
            energies = [sum(s[365 * y:365 * (y + 1)]) * 24 / 1000 for y in range(n_years)]
            firm = model.firm_power(s)
            for y, e in list(enumerate(energies, 1)) + [('mean', sum(energies) / n_years)]:
                row = annual.get((run, kind, name, str(y)))
                where = 'annual %s %s %s %s' % (run, kind, name, y)
                if row is None:
                    w.see('energy = sum of power x 24 h', 2.0, where + ' missing', 0.0)
                    continue
                w.rel('energy = sum of power x 24 h', float(row['energy_GWh']), e, 'GWh', where)
                capa = float(row['capacity_MW'])
                if capa > 0:
                    w.rel('capacity factor', float(row['capacity_factor']), e / (capa * 8.76),
                          'capacity_factor', where)
                w.rel('firm power (95% of days)', float(row['firm_power_MW']), firm, 'MW', where)
                w.rel('firm energy', float(row['firm_energy_GWh_per_y']), firm * 8.76,
                      'GWh_per_y', where)
                if split_5050 and kind == 'country':
                    other = case.countries[1 - case.countries.index(name)]
                    w.rel('50/50 split', float(row['energy_GWh']), float(
                        annual[(run, kind, other, str(y))]['energy_GWh']), 'GWh', where)


# ----------------------------------------------------------------------------- main
def check_one(case_path, options, out_dir, deviation=None):
    """(worst comparison, problems, Worst of the identities) for one corridor output."""
    o = model.parse_options(options + (['--deviation', deviation] if deviation else []))
    m_daily, m_annual, case = model.simulate(case_path, o)
    daily, annual = load_outputs(out_dir, list(m_daily))
    worst, problems = compare(daily, annual, m_daily, m_annual)
    w = Worst()
    twins = case_path.endswith(os.path.join('araz', 'case.json')) and not o.existing_units
    identities(case, o, daily, annual, w, split_5050=twins)
    return worst, problems, w


def main():
    a = check_arguments(__doc__, '--data')
    t0 = time.time()
    runs = make_variants(a.data, a.work)
    failures, count = [], 0
    worst_all = (0.0, '', 0.0)
    worst_id = Worst()
    outs = {}
    for i, (name, (case, options)) in enumerate(runs.items()):
        out = os.path.join(a.work, 'corridor', 'run%02d' % i)
        outs[name] = out
        error = run_corridor(a.corridor, case, options, out)
        if error is None:
            try:
                worst, problems, w = check_one(case, options, out)
            except Exception as e:  # the model's own failure is this check's failure
                error = 'model.py or reading: %r' % e
        if error is not None:
            failures.append('%s: %s' % (name, error))
            continue
        count += 1
        failures += ['%s: %s' % (name, p) for p in problems[:10]]
        bad = w.fails()
        print('%-38s worst %.1e of its allowance (|d| %.1e, %s); identities worst %.1e (%s)' % (
            name, worst[0], worst[2], worst[1], max(v[0] for v in w.by.values()),
            max(w.by.items(), key=lambda kv: kv[1][0])[0]))
        if worst[0] > 1:
            failures.append('%s differs from model.py: |d| %.3e at %s (%.1f x allowance)' % (
                name, worst[2], worst[1], worst[0]))
        for k, v in bad.items():
            failures.append('%s: identity "%s" off by %.3e at %s (%.1f x allowance)' % (
                name, k, v[2], v[1], v[0]))
        if worst[0] > worst_all[0]:
            worst_all = (worst[0], name + ': ' + worst[1], worst[2])
        for k, v in w.by.items():
            worst_id.see(k, v[0], name + ': ' + v[1], v[2])
    print('identities, worst over all runs (excess over allowance, |d|, where):')
    for k, v in sorted(worst_id.by.items()):
        print('  %-36s %.1e  |d| %.1e  %s' % (k, v[0], v[2], v[1]))
    # Negative controls: a model wrong in one rule must be told apart, by the comparison and
    # by the identities that rule enters.
    controls = [('g-standard', 'default (average, dry, wet)', 'power = eta rho g H Q',
                 'g = 9.80665 where the case says 9.81'),
                ('no-evaporation', 'default (average, dry, wet)', 'evaporation',
                 'evaporation left out'),
                ('power-law-level', 'default (average, dry, wet)', 'level',
                 'level by the power law, not the table'),
                ('tailwater-today', 'no warm-up, average', 'tailwater',
                 'tailwater on today\'s release')]
    for deviation, name, ident, what in controls:
        if name not in outs or not os.path.isdir(outs[name]):
            failures.append('negative control (%s): no corridor output to hold it to' % what)
            continue
        case, options = runs[name]
        worst, problems, w = check_one(case, options, outs[name], deviation)
        x = w.by.get(ident, (0.0, '', 0.0))
        print('negative control %-40s comparison |d| %.2e (%.1e x allowance, %s); '
              'identity "%s" %.1e x allowance' % (what + ':', worst[2], worst[0], worst[1],
                                                  ident, x[0]))
        if worst[0] <= 1 and not problems:
            failures.append('negative control (%s) passed the comparison' % what)
        if x[0] <= 1:
            failures.append('negative control (%s) passed identity "%s"' % (what, ident))
    print('%d corridor runs compared with model.py; worst %.1e of the allowance (|d| %.2e, %s);'
          ' TOL_REL %.0e; %.1f s' % (count, worst_all[0], worst_all[2], worst_all[1], TOL_REL,
                                     time.time() - t0))
    for f in failures:
        print('FAIL ' + f)
    return 1 if failures or count != len(runs) else 0


if __name__ == '__main__':
    sys.exit(main())
