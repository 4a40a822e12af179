"""An independent daily model of the Araz dam cascade, written from docs/hydro.md (sections 2, 3,
5 and 6: the equations, the operating rules, the inflows and the case file) alone, not from
corridor's sources: the reference that check_against_corridor.py holds `corridor hydro` to.

Python's standard library only. It reads the same case.json (and --inflow files) as corridor,
runs the same runs (each year type after its warm-up years, or `user` on an inflow file) and
returns, per run, the rows of daily_<run>.csv and of annual.csv under corridor's column names.

What docs/hydro.md left open was resolved as noted at each place (marked `doc gap`; the page
now says each); the check compares the result day by day, so each such reading is put to the
test, not assumed. The net head's floor at 0 (NET_HEAD_FLOOR_ZERO) is such a reading, found by
this check and then said in docs/hydro.md.

`Options.deviation` makes the model deliberately wrong in one documented rule, so that the
check can show it would catch such a mistake (its negative controls):
  'g-standard'       g = 9.80665 m/s2 (the standard value) instead of the case's gravity_m_s2
  'no-evaporation'   the net evaporation left out of the balance
  'power-law-level'  level from volume by section 4's power law V = V_full (h/h_full)^3.33
                     instead of linear interpolation in the case's table
  'tailwater-today'  the tailwater rating on today's required release instead of yesterday's
                     whole release
"""
import argparse
import bisect
import csv
import json

DT = 86400.0                                              # s, one day
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
MONTH_OF_DAY = [m for m in range(12) for _ in range(MONTH_DAYS[m])]
DAY_IN_MONTH = [k + 1 for m in range(12) for k in range(MONTH_DAYS[m])]
G_STANDARD = 9.80665
# docs/hydro.md section 2: H_net = (1 - f_loss)(z(S) - z_tail), floored at 0 where a lake
# stands below its tailwater (the floor was found by this check, then documented). False
# reads the formula without it, as the page did before.
NET_HEAD_FLOOR_ZERO = True
DEVIATIONS = ('g-standard', 'no-evaporation', 'power-law-level', 'tailwater-today')


# ----------------------------------------------------------------------------- case
def value(p):
    """The value of a parameter object {"value": ..., "source": ...}."""
    return p['value'] if isinstance(p, dict) and 'value' in p else p


class Curve:
    """Level-volume-area table (levels m, volumes m3, areas m2), linear interpolation."""

    def __init__(self, c, deviation=None):
        self.z = [float(x) for x in c['level_m']]
        self.v = [float(x) * 1e6 for x in c['volume_mcm']]
        self.a = [float(x) * 1e6 for x in c['area_km2']]
        self.deviation = deviation

    @staticmethod
    def interp(xs, ys, x):
        slack = 1e-12 * (xs[-1] - xs[0])     # rounding: a pond emptied to 0 m3 gives -2e-9
        if x < xs[0] - slack or x > xs[-1] + slack:
            raise ValueError('%g outside the table [%g, %g]' % (x, xs[0], xs[-1]))
        x = min(max(x, xs[0]), xs[-1])
        i = min(max(bisect.bisect_right(xs, x) - 1, 0), len(xs) - 2)
        return ys[i] + (ys[i + 1] - ys[i]) * (x - xs[i]) / (xs[i + 1] - xs[i])

    def level(self, v):
        if self.deviation == 'power-law-level':   # negative control: the curve's law, not table
            return self.pl_bed + self.pl_hfull * (v / self.pl_vfull) ** (1 / 3.33)
        return self.interp(self.v, self.z, v)

    def volume(self, z):
        return self.interp(self.z, self.v, z)

    def area(self, z):
        return self.interp(self.z, self.a, z)


class Unit:
    def __init__(self, u):
        self.id = u['id']
        self.country = u['country']
        self.p_max = float(value(u['max_power_mw'])) * 1e6        # W
        self.q_max = float(value(u['max_flow_m3s']))
        self.eta = float(value(u['efficiency']))
        self.h_min = float(value(u['min_head_m']))
        self.status = value(u['status'])


class Withdrawal:
    def __init__(self, w):
        self.id = w['id']
        self.country = w['country']
        self.priority = int(value(w['priority']))
        self.annual = float(value(w['annual_mcm'])) * 1e6         # m3/y
        self.share = [float(x) for x in value(w['monthly_share'])]

    def demand(self, month, scale):
        """m3/s on a day of the month: the month's share spread evenly over its days."""
        return scale * self.annual * self.share[month] / (MONTH_DAYS[month] * DT)


class Reservoir:
    def __init__(self, r, deviation=None):
        self.id = r['id']
        self.v_full = float(value(r['full_volume_mcm'])) * 1e6
        self.v_dead = float(value(r['dead_volume_mcm'])) * 1e6
        self.v_init = float(value(r['initial_volume_mcm'])) * 1e6
        self.curve = Curve(r['curve'], deviation)
        if deviation == 'power-law-level':
            self.curve.pl_bed = self.curve.z[0]
            self.curve.pl_vfull = self.v_full
            self.curve.pl_hfull = self.curve.interp(self.curve.v, self.curve.z,
                                                    self.v_full) - self.curve.z[0]
        self.target = [float(x) for x in value(r['target_level_m'])]
        self.evap = [float(x) for x in value(r['net_evaporation_mm_d'])]
        self.q_env = [float(x) for x in value(r['environmental_flow_m3s'])]
        self.release_priority = int(value(r['release_priority']))
        self.q_mean = float(value(r['local_inflow_mean_m3s']))
        tw = r['tailwater']
        self.tw_bed = float(value(tw['bed_m']))
        self.tw_a = float(value(tw['a']))
        self.tw_b = float(value(tw['b']))
        self.f_loss = float(value(r['head_loss_fraction']))
        self.units = [Unit(u) for u in r['units']]
        self.withdrawals = [Withdrawal(w) for w in r['withdrawals']]
        # the levels a target is held to (docs/hydro.md section 6: below dead / above full)
        self.z_dead = self.curve.interp(self.curve.v, self.curve.z, self.v_dead)
        self.z_full = self.curve.interp(self.curve.v, self.curve.z, self.v_full)


class Case:
    def __init__(self, path, deviation=None):
        with open(path) as f:
            c = json.load(f)
        self.rho = float(value(c['water_density_kg_m3']))
        self.g = G_STANDARD if deviation == 'g-standard' else float(value(c['gravity_m_s2']))
        self.factor = [float(x) for x in value(c['inflow']['monthly_factor'])]
        self.year_types = {k: float(value(v)) for k, v in c['inflow']['year_types'].items()}
        self.reservoirs = [Reservoir(r, deviation) for r in c['reservoirs']]
        countries = []
        for r in self.reservoirs:
            for x in r.units + r.withdrawals:
                if x.country not in countries:
                    countries.append(x.country)
        self.countries = countries
        # published shares (country, plants): annual.csv's kind 'share' (docs/hydro.md)
        self.shares = [(x['country'], list(x['plants']))
                       for x in c.get('published_country_energy', [])]


def share_name(country, plants):
    """'AZ at khudafarin and giz_galasi', 'X at a, b and c'."""
    if len(plants) == 1:
        return '%s at %s' % (country, plants[0])
    return '%s at %s and %s' % (country, ', '.join(plants[:-1]), plants[-1])


# ----------------------------------------------------------------------------- inflows
def read_inflow(path, ids):
    """(kind, {id: list}) of a user file: 'month' (12 values) or 'day' (N values), m3/s;
    reservoirs without a column get zeros (docs/hydro.md section 5)."""
    with open(path, newline='') as f:
        lines = [ln for ln in f.read().splitlines()
                 if ln.strip() and not ln.lstrip().startswith('#')]
    rows = list(csv.reader(lines))
    head = [h.strip() for h in rows[0]]
    kind = head[0]
    data = sorted((int(r[0]), [float(x) for x in r[1:]]) for r in rows[1:])
    cols = {}
    for rid in ids:
        if rid in head:
            j = head.index(rid) - 1
            cols[rid] = [vals[j] for _, vals in data]
        else:
            cols[rid] = [0.0] * len(data)
    return kind, cols


def pattern_year(case, res, factor):
    """A year (365 days) of a reservoir's local inflow from the case pattern, m3/s."""
    return [res.q_mean * case.factor[MONTH_OF_DAY[d]] * factor for d in range(365)]


# ----------------------------------------------------------------------------- options
class Options:
    def __init__(self, years=1, warmup_years=3, year_type='all', inflow=None,
                 irrigation_scale=1.0, existing_units=False, deviation=None):
        self.years = years
        self.warmup_years = warmup_years
        self.year_type = year_type
        self.inflow = inflow
        self.irrigation_scale = irrigation_scale
        self.existing_units = existing_units
        self.deviation = deviation


def parse_options(argv):
    """corridor hydro's options that change the simulation (docs/hydro.md), plus --deviation."""
    ap = argparse.ArgumentParser()
    ap.add_argument('--years', type=int, default=1)
    ap.add_argument('--warmup-years', type=int, default=3)
    ap.add_argument('--year-type', default='all')
    ap.add_argument('--inflow')
    ap.add_argument('--irrigation-scale', type=float, default=1.0)
    ap.add_argument('--existing-units', action='store_true')
    ap.add_argument('--deviation', choices=DEVIATIONS)
    # parse_args, not parse_known_args: an option corridor takes that this model does not know
    # could change the simulation unseen, so it is an error here.
    a = ap.parse_args(argv)
    return Options(a.years, a.warmup_years, a.year_type, a.inflow, a.irrigation_scale,
                   a.existing_units, a.deviation)


def runs_of(case, o):
    """[(run name, {id: warm-up year inflows}, {id: reported inflows}, reported years)]."""
    ids = [r.id for r in case.reservoirs]
    if o.inflow:
        kind, cols = read_inflow(o.inflow, ids)
        if kind == 'month':
            year = {i: [cols[i][MONTH_OF_DAY[d]] for d in range(365)] for i in ids}
            n = o.years
            rep = {i: year[i] * n for i in ids}
        else:
            n = len(cols[ids[0]]) // 365
            year = {i: cols[i][:365] for i in ids}
            rep = {i: list(cols[i]) for i in ids}
        return [('user', year, rep, n)]
    names = sorted(case.year_types) if o.year_type == 'all' else [o.year_type]
    out = []
    for name in names:
        # doc gap: the warm-up years are "average" years; the implausible-value rule says
        # their factor is 1 (not the year type `average`'s factor); 1 is used here
        warm = {r.id: pattern_year(case, r, 1.0) for r in case.reservoirs}
        one = {r.id: pattern_year(case, r, case.year_types[name]) for r in case.reservoirs}
        out.append((name, warm, {i: one[i] * o.years for i in ids}, o.years))
    return out


# ----------------------------------------------------------------------------- simulation
def unit_caps(case, res, units, h_net):
    """Per unit Q_cap = min(Q_max, P_max / (eta rho g H_net)), 0 below H_min (section 2)."""
    caps = []
    for u in units:
        if h_net < u.h_min or h_net <= 0:       # doc gap: P_max / 0 at H_net = 0
            caps.append(0.0)
        else:
            caps.append(min(u.q_max, u.p_max / (u.eta * case.rho * case.g * h_net)))
    return caps


def target_level(res, day):
    """The day's target level: the 12 end-of-month levels joined linearly day by day, the
    value reached at the end of the day (doc gap: not said), held within dead..full."""
    m, k = MONTH_OF_DAY[day], DAY_IN_MONTH[day]
    z0, z1 = res.target[m - 1], res.target[m]            # m - 1 = -1: December's
    z = z0 + (z1 - z0) * k / MONTH_DAYS[m]
    return min(max(z, res.z_dead), res.z_full)


def simulate_run(case, o, warm, rep, n_years):
    """Daily rows (dicts under daily CSV column names) of the reported years of one run."""
    R = case.reservoirs
    n = len(R)
    units = [[u for u in r.units if not o.existing_units or u.status in ('operating', 'built')]
             for r in R]
    days = [(warm, d % 365, False) for d in range(365 * o.warmup_years)]
    days += [(rep, d, True) for d in range(365 * n_years)]
    S = [r.v_init for r in R]
    # first day's "yesterday's release": the mean local inflows of the reservoir and every
    # one above it over the first simulated year's inflows (section 2)
    first = warm if o.warmup_years > 0 else rep
    means = [sum(first[r.id][:365]) / 365.0 for r in R]
    q_prev = [sum(means[:i + 1]) for i in range(n)]
    rows = []
    reported_day = 0
    for src, d, reported in days:
        if reported and reported_day == 0:      # the day-0 row: the start of day 1
            row = {'day': 0, 'year': 1, 'month': 1}
            for i, r in enumerate(R):
                row[r.id + '_level_m'] = r.curve.level(S[i])
                row[r.id + '_storage_mcm'] = S[i] / 1e6
            rows.append(row)
        month = MONTH_OF_DAY[d % 365]
        q_loc = [src[r.id][d] for r in R]
        z0 = [r.curve.level(S[i]) for i, r in enumerate(R)]
        area = [r.curve.area(z0[i]) for i, r in enumerate(R)]
        e_est = [0.0 if o.deviation == 'no-evaporation' else
                 r.evap[month] / 1000.0 * area[i] / DT for i, r in enumerate(R)]
        w_dem = [[w.demand(month, o.irrigation_scale) for w in r.withdrawals] for r in R]
        z_tgt = [target_level(r, d % 365) for r in R]
        s_tgt = [r.curve.volume(z_tgt[i]) for i, r in enumerate(R)]
        # rule 2: required release, bottom-up, on start-of-day states
        req = [0.0] * n
        for i in range(n - 1, -1, -1):
            req[i] = R[i].q_env[month]
            if i + 1 < n:
                j = i + 1
                # E_i+1 as estimated, without the balance's cap S/dt + I (doc gap)
                need = (req[j] + e_est[j] + sum(w_dem[j]) - q_loc[j]
                        - max(0.0, S[j] - s_tgt[j]) / DT)
                req[i] = max(req[i], need)
        release_above = 0.0
        row = {'day': reported_day + 1, 'year': reported_day // 365 + 1, 'month': month + 1}
        power_c = {c: 0.0 for c in case.countries}
        q_out = [0.0] * n
        for i, r in enumerate(R):
            inflow = q_loc[i] + release_above
            evap = min(e_est[i], S[i] / DT + inflow)
            # rule 3: priorities on the water above the dead storage
            # doc gap: below the dead storage (a start there) avail is negative; taken as 0
            avail = max(0.0, (S[i] + (inflow - evap) * DT - r.v_dead) / DT)
            items = [('release', r.release_priority, req[i])]
            items += [(k2, w.priority, w_dem[i][k2]) for k2, w in enumerate(r.withdrawals)]
            got = {}
            for p in sorted(set(it[1] for it in items)):
                group = [it for it in items if it[1] == p]
                dem = sum(it[2] for it in group)
                share = 1.0 if dem <= avail else (avail / dem if dem > 0 else 0.0)
                for it in group:
                    got[it[0]] = it[2] * share
                avail -= min(dem, avail)
            release = got['release']
            w_got = [got[k2] for k2 in range(len(r.withdrawals))]
            # head and turbine capacity on start-of-day levels and yesterday's release
            if o.deviation == 'tailwater-today':
                q_tw = release
            else:
                q_tw = q_prev[i]
            z_tail = r.tw_bed + r.tw_a * q_tw ** r.tw_b
            if i + 1 < n:
                z_tail = max(z_tail, z0[i + 1])
            h_net = (1 - r.f_loss) * (z0[i] - z_tail)
            if NET_HEAD_FLOOR_ZERO:
                h_net = max(0.0, h_net)
            caps = unit_caps(case, r, units[i], h_net)
            cap = sum(caps)
            q_t = min(release, cap)
            q_b = release - q_t
            s1 = S[i] + (inflow - evap - sum(w_got) - release) * DT
            # rule 1: water above the day's target through the turbines as far as they can,
            # measured after evaporation, withdrawals and the required release (doc gap)
            extra = min(max(0.0, (s1 - s_tgt[i]) / DT), cap - q_t)
            q_t += extra
            s2 = s1 - extra * DT
            # rule 4: spill only what would lift the storage above full
            q_s = 0.0
            if s2 > r.v_full:
                q_s = (s2 - r.v_full) / DT
                s2 = r.v_full
            S[i] = s2
            q_out[i] = q_t + q_b + q_s
            release_above = q_out[i]
            p = r.id + '_'
            row[p + 'level_m'] = r.curve.level(s2)
            row[p + 'target_level_m'] = z_tgt[i]
            row[p + 'storage_mcm'] = s2 / 1e6
            row[p + 'inflow_m3_per_s'] = inflow
            row[p + 'local_inflow_m3_per_s'] = q_loc[i]
            row[p + 'evaporation_m3_per_s'] = evap
            for c in case.countries:
                row[p + 'withdrawal_%s_m3_per_s' % c] = sum(
                    w_got[k2] for k2, w in enumerate(r.withdrawals) if w.country == c)
            row[p + 'turbine_m3_per_s'] = q_t
            row[p + 'bypass_m3_per_s'] = q_b
            row[p + 'spill_m3_per_s'] = q_s
            row[p + 'tailwater_m'] = z_tail
            row[p + 'net_head_m'] = h_net
            pc = {c: 0.0 for c in case.countries}
            for u, cu in zip(units[i], caps):
                q_u = q_t * cu / cap if cap > 0 else 0.0      # shared in proportion to Q_cap
                pc[u.country] += u.eta * case.rho * case.g * h_net * q_u / 1e6   # MW
            for c in case.countries:
                row[p + 'power_%s_MW' % c] = pc[c]
                power_c[c] += pc[c]
        q_prev = q_out
        if reported:
            for c in case.countries:
                row['power_%s_MW' % c] = power_c[c]
            row['power_total_MW'] = sum(power_c.values())
            rows.append(row)
            reported_day += 1
    return rows, units


def firm_power(series):
    """The largest daily mean power reached or exceeded on at least 95% of the days."""
    s = sorted(series, reverse=True)
    k = (95 * len(s) + 99) // 100         # ceil(0.95 N) days at least
    return s[k - 1]


def annual(case, run, rows, units, n_years):
    """annual.csv rows {key: value} with key (run, kind, name, year)."""
    days = [r for r in rows if r['day'] > 0]
    out = {}
    series = {}
    caps = {}
    for i, r in enumerate(case.reservoirs):
        series[('plant', r.id)] = [sum(d[r.id + '_power_%s_MW' % c] for c in case.countries)
                                   for d in days]
        caps[('plant', r.id)] = sum(u.p_max for u in units[i]) / 1e6
    for c in case.countries:
        series[('country', c)] = [d['power_%s_MW' % c] for d in days]
        caps[('country', c)] = sum(u.p_max for us in units for u in us
                                   if u.country == c) / 1e6
    for c, plants in case.shares:
        key = ('share', share_name(c, plants))
        series[key] = [sum(d[p + '_power_%s_MW' % c] for p in plants) for d in days]
        caps[key] = sum(u.p_max for i, r in enumerate(case.reservoirs) if r.id in plants
                        for u in units[i] if u.country == c) / 1e6
    for (kind, name), s in series.items():
        firm = firm_power(s)
        energies = [sum(s[365 * y:365 * (y + 1)]) * 24 / 1000.0 for y in range(n_years)]
        for y, e in list(enumerate(energies, 1)) + [('mean', sum(energies) / n_years)]:
            cf = e / (caps[(kind, name)] * 8.76) if caps[(kind, name)] > 0 else 0.0
            out[(run, kind, name, str(y))] = {
                'capacity_MW': caps[(kind, name)], 'energy_GWh': e, 'capacity_factor': cf,
                'firm_power_MW': firm, 'firm_energy_GWh_per_y': firm * 8.76}
    return out


def simulate(case_path, o):
    """{run: daily rows}, {(run, kind, name, year): annual values}, the Case."""
    case = Case(case_path, o.deviation)
    daily, years = {}, {}
    for name, warm, rep, n_years in runs_of(case, o):
        rows, units = simulate_run(case, o, warm, rep, n_years)
        daily[name] = rows
        years.update(annual(case, name, rows, units, n_years))
    return daily, years, case


def main(argv=None):
    ap = argparse.ArgumentParser(description='independent model of corridor hydro')
    ap.add_argument('case')
    a, rest = ap.parse_known_args(argv)
    daily, years, _ = simulate(a.case, parse_options(rest))
    for key, v in sorted(years.items()):
        if key[3] == 'mean':
            print('%-8s %-8s %-12s %10.3f GWh' % (key[0], key[1], key[2], v['energy_GWh']))


if __name__ == '__main__':
    main()
