// Compressor-station machine model: operating points, limits and their exact gradients.
//
// Every quantity of a unit is carried as a value with its gradient in (m, p_in, p_out)
// (forward-mode automatic differentiation, type D3 below). Where a GasLib polynomial enters,
// the *WithDerivatives evaluators of compressor_map.cpp supply the partials and the chain
// rule is applied once; the turbo speed, defined implicitly by H(Q, n) = H, gets its
// gradient from the implicit function theorem, dn = (dH - H_Q dQ) / H_n. So the operating
// point (EvaluateConfiguration) and the limit functions (EvaluateLimit) come from one code
// path and cannot disagree.
#include "physics/station_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "corridor/units.h"

namespace corridor {

const char* StationLimitName(StationLimit limit) {
  switch (limit) {
    case StationLimit::kNone: return "none";
    case StationLimit::kSpeedMin: return "speed min";
    case StationLimit::kSpeedMax: return "speed max";
    case StationLimit::kSurge: return "surge line";
    case StationLimit::kChoke: return "choke line";
    case StationLimit::kPower: return "driver power";
    case StationLimit::kRatio: return "compression ratio";
    case StationLimit::kTorque: return "torque";
    case StationLimit::kNoOperatingPoint: return "no operating point";
  }
  return "unknown";
}

}  // namespace corridor

namespace corridor::physics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kKilo = 1.0e3;
constexpr double kPerMin = 60.0;  // n[1/min] = 60 n[1/s]

// Whole revolutions; in exponent form beyond any machine's (a .cs coefficient of 1e300 gave a
// speed written out in 154 digits).
std::string Rpm(double n) {
  const double rpm = n * kPerMin;
  return std::abs(rpm) < 1e9 ? fmt::format("{:.0f} 1/min", rpm)
                             : fmt::format("{:.4g} 1/min", rpm);
}

// Violation given to a unit without operating point: far beyond any real limit, so that
// ChooseConfiguration prefers every configuration that has one.
constexpr double kNoPointViolation = 1.0e3;

// A value with its gradient in (m, p_in, p_out).
struct D3 {
  double v = 0.0;
  std::array<double, 3> d{};
};

D3 Const(double v) { return {v, {0.0, 0.0, 0.0}}; }
D3 Seed(double v, int i) {
  D3 x = Const(v);
  x.d[i] = 1.0;
  return x;
}
// f(x) with f'(x) = dfx.
D3 Chain(double f, double dfx, const D3& x) {
  return {f, {dfx * x.d[0], dfx * x.d[1], dfx * x.d[2]}};
}
// f(x, y) with partials dfx, dfy.
D3 Chain(double f, double dfx, const D3& x, double dfy, const D3& y) {
  D3 r{f, {}};
  for (int i = 0; i < 3; ++i) r.d[i] = dfx * x.d[i] + dfy * y.d[i];
  return r;
}
D3 operator+(const D3& a, const D3& b) { return Chain(a.v + b.v, 1.0, a, 1.0, b); }
D3 operator-(const D3& a, const D3& b) { return Chain(a.v - b.v, 1.0, a, -1.0, b); }
D3 operator*(const D3& a, const D3& b) { return Chain(a.v * b.v, b.v, a, a.v, b); }
D3 operator/(const D3& a, const D3& b) {
  const double q = a.v / b.v;
  return Chain(q, 1.0 / b.v, a, -q / b.v, b);
}
D3 operator-(const D3& a, double b) { return Chain(a.v - b, 1.0, a); }
D3 operator-(double a, const D3& b) { return Chain(a - b.v, -1.0, b); }
D3 operator*(double a, const D3& b) { return Chain(a * b.v, a, b); }
D3 operator/(const D3& a, double b) { return Chain(a.v / b, 1.0 / b, a); }
// x^e for x > 0.
D3 Pow(const D3& x, double e) {
  const double p = std::pow(x.v, e);
  return Chain(p, e * p / x.v, x);
}

bool IsFuelPlaceholder(const Drive& d) {
  return d.energy_rate[0] == 0.01 && d.energy_rate[1] == 0.0 && d.energy_rate[2] == 0.0;
}

// How the machine point differs from the network point (station.h).
enum class Fix {
  kNone,          // machine point = network point
  kSurgeRecycle,  // Q_m = Q_s(H) on the surge line
  kSpeedRecycle,  // Q_m = Q_min(H) on the minimum speed line (piston: Q_m = n_min V_eff)
  kThrottle,      // H_m = H_c(Q) on the choke line
  kCornerSpeed,   // the map's corner where the choke line meets the minimum speed line
  kCornerSurge,   // the corner where the choke line meets the surge line
};

bool Recycles(Fix f) { return f != Fix::kNone && f != Fix::kThrottle; }
bool Throttles(Fix f) {
  return f == Fix::kThrottle || f == Fix::kCornerSpeed || f == Fix::kCornerSurge;
}

// Everything known about one unit at one point.
struct UnitEval {
  const TurboCompressor* turbo = nullptr;
  const PistonCompressor* piston = nullptr;
  const Drive* drive = nullptr;
  std::string compressor_id;
  int stage = 0;
  // Why the unit has no operating point; empty when it has one.
  std::string no_point;
  double no_point_violation = 0.0;
  D3 m_u, p_k, r_s, z, head, q, n, eta, power, fuel, torque;
  D3 p_max, surge, choke;  // p_max valid when p_max_known; surge/choke for turbo units
  // Machine point: equal to (q, head) unless the unit recycles or throttles.
  D3 qm, hm;
  // The efficiency the map or the piston's data give, before a value outside (0, 1] is
  // replaced by 1 (then the unit has no operating point): what the outputs show.
  double eta_given = 0.0;
  Fix fix = Fix::kNone;
  bool p_max_known = false;
  bool fuel_given = false;
  double speed_min = 0.0, speed_max = 0.0;  // 1/s
  double n_drive = 0.0;  // 1/s: the speed p_max is taken at, n clamped to the speed range
  bool n_clamped = false;  // n_drive != n: n lies outside the speed range
  double ratio_max = 0.0, torque_max = 0.0;  // piston
};

const TurboCompressor* FindTurbo(const StationMachines& s, const std::string& id) {
  for (const TurboCompressor& c : s.turbo)
    if (c.id == id) return &c;
  return nullptr;
}
const PistonCompressor* FindPiston(const StationMachines& s, const std::string& id) {
  for (const PistonCompressor& c : s.piston)
    if (c.id == id) return &c;
  return nullptr;
}
const Drive* FindDrive(const StationMachines& s, const std::string& id) {
  for (const Drive& d : s.drives)
    if (d.id == id) return &d;
  return nullptr;
}

// The root x of c0 + c1 x + c2 x^2 = y on the rising branch (c1 + 2 c2 x = sqrt(disc) > 0);
// false when there is none.
bool RisingRoot(double c0, double c1, double c2, double y, double* x) {
  const double disc = c1 * c1 - 4.0 * c2 * (c0 - y);
  double root = kNaN;
  if (disc > 0.0) {
    const double s = std::sqrt(disc);  // = the slope at the root
    // The two forms are the same root; each avoids cancellation on its side.
    if (c1 >= 0.0) root = 2.0 * (y - c0) / (c1 + s);
    else if (c2 != 0.0) root = (s - c1) / (2.0 * c2);
  }
  if (!std::isfinite(root)) return false;
  *x = root;
  return true;
}
// The root on the falling branch (slope < 0).
bool FallingRoot(double c0, double c1, double c2, double y, double* x) {
  return RisingRoot(-c0, -c1, -c2, -y, x);
}

// Turbo speed [1/s] on the rising branch of H(Q, n) = head (GasLib units inside: the speed
// line is a2 N^2 + a1 N + a0 in kJ/kg with N in 1/min). Returns false when there is no such
// root; *n_per_s is then the speed at the top (or bottom) of the parabola, and *gap the head
// missing there in kJ/kg.
bool TurboSpeed(const TurboCompressor& c, double q, double head_J_per_kg, double* n_per_s,
                double* gap) {
  const auto& k = c.n_isoline;
  const double a0 = k[0] + q * (k[3] + q * k[6]);
  const double a1 = k[1] + q * (k[4] + q * k[7]);
  const double a2 = k[2] + q * (k[5] + q * k[8]);
  const double h = head_J_per_kg / kKilo;
  double root = 0.0;
  if (RisingRoot(a0, a1, a2, h, &root)) {
    *n_per_s = root / kPerMin;
    *gap = 0.0;
    return true;
  }
  // No rising-branch root: report the parabola's vertex (or the maximal speed for a falling
  // line) and how far the head is from it.
  const double vertex = a2 != 0.0 ? -a1 / (2.0 * a2) : c.speed_max_per_s * kPerMin;
  *n_per_s = vertex / kPerMin;
  *gap = std::abs(h - (a0 + vertex * (a1 + vertex * a2)));
  return false;
}

// --- Recycle and throttle of a turbo unit (values only; EvaluateUnit adds the gradients) ---

// The speed line of n_min as a quadratic in Q (kJ/kg, Q in m^3/s).
std::array<double, 3> MinSpeedLine(const TurboCompressor& c) {
  const auto& k = c.n_isoline;
  const double n = c.speed_min_per_s * kPerMin;
  return {k[0] + n * (k[1] + n * k[2]), k[3] + n * (k[4] + n * k[5]),
          k[6] + n * (k[7] + n * k[8])};
}

// The speed at (q, h) on the rising branch; false when there is none.
bool SpeedAt(const TurboCompressor& c, double q, double h, double* n) {
  double gap = 0.0, hq = 0.0, hn = 0.0;
  if (!TurboSpeed(c, q, h, n, &gap)) return false;
  TurboHeadWithDerivatives(c, q, *n, &hq, &hn);
  return hn > 0.0;
}

// Q_s(h): the surge-line flow at head h, on the line's rising branch (a surge line rises
// with the flow; beyond a vertex it means nothing).
bool SurgeFlow(const TurboCompressor& c, double h, double* q) {
  const auto& s = c.surgeline;
  return RisingRoot(s[0], s[1], s[2], h / kKilo, q);
}

// Q_min(h): the flow at which n_min delivers head h, on the speed line's falling branch
// (dH/dQ < 0, where the speed needed at head h grows with the flow, so flows above Q_min
// need more than n_min); n_min must lie on the rising branch in n there.
bool MinSpeedFlow(const TurboCompressor& c, double h, double* q) {
  if (!(c.speed_min_per_s > 0.0)) return false;
  const std::array<double, 3> b = MinSpeedLine(c);
  if (!FallingRoot(b[0], b[1], b[2], h / kKilo, q)) return false;
  double hq = 0.0, hn = 0.0;
  TurboHeadWithDerivatives(c, *q, c.speed_min_per_s, &hq, &hn);
  return hq < 0.0 && hn > 0.0;
}

// The smallest flow >= q at head h that is inside the surge line and the minimum speed
// line, as far as the roots exist (the caller finds the rest violated). *fix says which
// line binds (kNone: q itself is inside both).
double RecycleFlow(const TurboCompressor& c, double q, double h, Fix* fix) {
  *fix = Fix::kNone;
  double qm = q, x = 0.0, n = 0.0;
  if (h > SurgeLineHead(c, q) && SurgeFlow(c, h, &x) && x > qm) {
    qm = x;
    *fix = Fix::kSurgeRecycle;
  }
  if (SpeedAt(c, qm, h, &n) && n < c.speed_min_per_s && MinSpeedFlow(c, h, &x) && x > qm) {
    qm = x;
    *fix = Fix::kSpeedRecycle;
  }
  return qm;
}

// The lowest point of the map, where the choke line meets its left boundary: the minimum
// speed line (falling root of H(Q, n_min) - H_c(Q), inside the surge line) or the surge
// line (rising root of H_s - H_c, at a speed >= n_min); the higher of the two when both
// qualify. False when neither exists.
bool MapCorner(const TurboCompressor& c, double* q, double* h, Fix* fix) {
  bool found = false;
  double x = 0.0, n = 0.0, hq = 0.0, hn = 0.0;
  const auto& ch = c.chokeline;
  if (c.speed_min_per_s > 0.0) {
    const std::array<double, 3> b = MinSpeedLine(c);
    if (FallingRoot(b[0] - ch[0], b[1] - ch[1], b[2] - ch[2], 0.0, &x) && x >= 0.0) {
      const double hx = ChokeLineHead(c, x);
      TurboHeadWithDerivatives(c, x, c.speed_min_per_s, &hq, &hn);
      if (hn > 0.0 && hx <= SurgeLineHead(c, x)) {
        *q = x;
        *h = hx;
        *fix = Fix::kCornerSpeed;
        found = true;
      }
    }
  }
  const auto& su = c.surgeline;
  if (RisingRoot(su[0] - ch[0], su[1] - ch[1], su[2] - ch[2], 0.0, &x) && x >= 0.0) {
    const double hx = SurgeLineHead(c, x);
    if (SpeedAt(c, x, hx, &n) && n >= c.speed_min_per_s && (!found || hx > *h)) {
      *q = x;
      *h = hx;
      *fix = Fix::kCornerSurge;
      found = true;
    }
  }
  return found;
}

// A unit's largest inlet flow [m^3/s]: a turbo unit's where its maximal speed line meets
// the choke line (the map's right corner), a piston unit's n_max V_op (1 -
// additional_reduction_vol_flow). NaN where the data give none.
double UnitCapacity(const StationMachines& station, const std::string& compressor_id) {
  if (const TurboCompressor* c = FindTurbo(station, compressor_id)) {
    const auto& k = c->n_isoline;
    const auto& ch = c->chokeline;
    const double n = c->speed_max_per_s * kPerMin;
    // H(Q, n_max) - H_c(Q) falls through zero at the corner (from above zero at Q = 0 on
    // the maps of GasLib's parallel units).
    const double b0 = k[0] + n * (k[1] + n * k[2]), b1 = k[3] + n * (k[4] + n * k[5]),
                 b2 = k[6] + n * (k[7] + n * k[8]);
    double q = kNaN;
    if (c->speed_max_per_s > 0.0 && FallingRoot(b0 - ch[0], b1 - ch[1], b2 - ch[2], 0.0, &q) &&
        q > 0.0)
      return q;
    return kNaN;
  }
  if (const PistonCompressor* c = FindPiston(station, compressor_id)) {
    const double q =
        c->speed_max_per_s * c->operating_volume_m3 * (1.0 - c->additional_reduction_vol_flow);
    return q > 0.0 ? q : kNaN;
  }
  return kNaN;
}

// The share of its stage's flow a unit takes (station.h): its capacity over the stage's, or
// 1/N where some unit of the stage has none.
double UnitShare(const StationMachines& station, const ConfigurationStage& stage, int unit) {
  const std::size_t n = stage.units.size();
  if (n <= 1) return 1.0;
  double total = 0.0, own = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    const double c = UnitCapacity(station, stage.units[j].compressor_id);
    if (!std::isfinite(c)) return 1.0 / static_cast<double>(n);
    total += c;
    if (static_cast<int>(j) == unit) own = c;
  }
  return own / total;
}

// Sets u->qm, u->hm and u->fix for a turbo unit from its network point (u->q, u->head):
// recycle at head H, else throttle at flow Q, else the map's corner (station.h).
void TurboMachinePoint(const TurboCompressor& c, UnitEval* u) {
  const double q = u->q.v, h = u->head.v;
  Fix recycle = Fix::kNone, corner = Fix::kNone, unused = Fix::kNone;
  const double qr = RecycleFlow(c, q, h, &recycle);
  const double hc = ChokeLineHead(c, q);
  double qx = 0.0, hx = 0.0;
  if (h >= ChokeLineHead(c, qr)) {
    u->fix = recycle;  // inside as it is, or recycled
  } else if (hc > h && RecycleFlow(c, q, hc, &unused) == q) {
    u->fix = Fix::kThrottle;
  } else if (MapCorner(c, &qx, &hx, &corner) && qx >= q && hx >= h) {
    u->fix = corner;
  } else {
    // No way into the map: keep the recycle (if any); the choke line shows as violated.
    u->fix = recycle;
  }
  double d = 0.0, hq = 0.0, hn = 0.0, x = 0.0;
  switch (u->fix) {
    case Fix::kNone:
      u->qm = u->q;
      u->hm = u->head;
      break;
    case Fix::kSurgeRecycle:  // H_s(Q_m) = H  =>  dQ_m = dH / H_s'(Q_m)
      SurgeLineHeadWithDerivative(c, qr, &d);
      u->qm = Chain(qr, 1.0 / d, u->head);
      u->hm = u->head;
      break;
    case Fix::kSpeedRecycle:  // H(Q_m, n_min) = H  =>  dQ_m = dH / H_Q(Q_m, n_min)
      TurboHeadWithDerivatives(c, qr, c.speed_min_per_s, &hq, &hn);
      u->qm = Chain(qr, 1.0 / hq, u->head);
      u->hm = u->head;
      break;
    case Fix::kThrottle:
      x = ChokeLineHeadWithDerivative(c, q, &d);
      u->qm = u->q;
      u->hm = Chain(x, d, u->q);
      break;
    case Fix::kCornerSpeed:
    case Fix::kCornerSurge:
      u->qm = Const(qx);
      u->hm = Const(hx);
      break;
  }
}

void MarkNoPoint(UnitEval* u, std::string why, double extra) {
  u->no_point = std::move(why);
  u->no_point_violation = kNoPointViolation + (std::isfinite(extra) ? std::abs(extra) : 0.0);
}

// The unit `unit_index` of stage `stage_index` of `config` at (m, p_in, p_out).
UnitEval EvaluateUnit(const StationMachines& station, const Configuration& config,
                      const StationGas& gas, int stage_index, int unit_index, double m_v,
                      double p_in_v, double p_out_v, std::span<const double> shares) {
  const ConfigurationStage& st = config.stages[stage_index];
  UnitEval u;
  u.compressor_id = st.units[unit_index].compressor_id;
  u.stage = stage_index + 1;
  u.turbo = FindTurbo(station, u.compressor_id);
  u.piston = u.turbo ? nullptr : FindPiston(station, u.compressor_id);
  if (!u.turbo && !u.piston) {
    MarkNoPoint(&u, fmt::format("unit {} is not a compressor of station {}", u.compressor_id,
                                station.id), 0.0);
    return u;
  }
  u.drive = FindDrive(station, u.turbo ? u.turbo->drive : u.piston->drive);
  if (!(p_in_v > 0.0 && p_out_v > 0.0)) {
    MarkNoPoint(&u, fmt::format("machine pressures must be positive, got {:.6g} and {:.6g} Pa",
                                p_in_v, p_out_v), 0.0);
    return u;
  }

  const D3 m = Seed(m_v, 0), p_in = Seed(p_in_v, 1), p_out = Seed(p_out_v, 2);
  const double stages = static_cast<double>(config.stages.size());
  const double rt = gas.eos.specific_gas_constant * gas.eos.temperature_K;
  const double kappa = gas.isentropic_exponent;
  const double e = (kappa - 1.0) / kappa;

  if (shares.size() == config.stages.size()) {
    // Stage k lifts by r^(w_k) from p_in r^(w_1 + ... + w_(k-1)).
    double before = 0.0;
    for (int j = 0; j < stage_index; ++j) before += shares[j];
    const D3 r = p_out / p_in;
    u.r_s = Pow(r, shares[stage_index]);
    u.p_k = stage_index == 0 ? p_in : p_in * Pow(r, before);
  } else {
    u.r_s = Pow(p_out / p_in, 1.0 / stages);
    u.p_k = stage_index == 0 ? p_in : p_in * Pow(u.r_s, static_cast<double>(stage_index));
  }
  u.m_u = UnitShare(station, st, unit_index) * m;
  const ZValue zv = Compressibility(gas.eos, u.p_k.v);
  u.z = Chain(zv.z, zv.dz_dp, u.p_k);
  u.head = (rt / e) * u.z * (Pow(u.r_s, e) - 1.0);
  u.q = rt * u.m_u * u.z / u.p_k;

  u.qm = u.q;
  u.hm = u.head;
  bool eta_above_one = false;
  if (u.turbo) {
    const TurboCompressor& c = *u.turbo;
    u.speed_min = c.speed_min_per_s;
    u.speed_max = c.speed_max_per_s;
    if (gas.recycle_and_throttle) TurboMachinePoint(c, &u);
    // On the minimum speed line (recycled to it, or at its corner with the choke line) the
    // speed is n_min by construction; elsewhere it is solved at the machine point.
    const bool at_min_speed = u.fix == Fix::kSpeedRecycle || u.fix == Fix::kCornerSpeed;
    double n = c.speed_min_per_s, gap = 0.0;
    const bool found = at_min_speed || TurboSpeed(c, u.qm.v, u.hm.v, &n, &gap);
    double hq = 0.0, hn = 0.0;
    TurboHeadWithDerivatives(c, u.qm.v, n, &hq, &hn);
    if (at_min_speed) {
      u.n = Const(n);
    } else if (found && hn > 0.0) {
      // H(Q(x), n(x)) = H(x)  =>  dn = (dH - H_Q dQ) / H_n.
      u.n = Chain(n, 1.0 / hn, u.hm, -hq / hn, u.qm);
    } else {
      u.n = Const(n);
      MarkNoPoint(&u, fmt::format("no speed of unit {} reaches head {:.2f} kJ/kg at {:.4g} m^3/s "
                                  "(short by {} kJ/kg at {})",
                                  u.compressor_id, u.hm.v / kKilo, u.qm.v,
                                  std::abs(gap) < 1e9 ? fmt::format("{:.2f}", gap)
                                                      : fmt::format("{:.4g}", gap),
                                  Rpm(n)),
                  gap * kKilo / kStationReferenceHead_J_per_kg);
    }
    double eq = 0.0, en = 0.0;
    const double eta = TurboEfficiencyWithDerivatives(c, u.qm.v, u.n.v, &eq, &en);
    u.eta = Chain(eta, eq, u.qm, en, u.n);
    // An efficiency above 1 within the map's speeds is a spoilt map (one coefficient gave
    // 150 521 and a unit "inside its map" needing almost no power); beyond them the speed
    // limit is the one violated: no point's fault of its own, though its power is still
    // efficiency 1's (below).
    eta_above_one = eta > 1.0 && u.n.v >= c.speed_min_per_s * (1.0 - 1e-9) &&
                    u.n.v <= c.speed_max_per_s * (1.0 + 1e-9);
    double ds = 0.0, dc = 0.0;
    const double hs = SurgeLineHeadWithDerivative(c, u.qm.v, &ds);
    const double hc = ChokeLineHeadWithDerivative(c, u.qm.v, &dc);
    // The line the machine runs on equals its head exactly (g = 0 with a zero gradient).
    const bool on_surge = u.fix == Fix::kSurgeRecycle || u.fix == Fix::kCornerSurge;
    const bool on_choke = Throttles(u.fix);
    u.surge = on_surge ? u.hm : Chain(hs, ds, u.qm);
    u.choke = on_choke ? u.hm : Chain(hc, dc, u.qm);
  } else {
    const PistonCompressor& c = *u.piston;
    u.speed_min = c.speed_min_per_s;
    u.speed_max = c.speed_max_per_s;
    u.ratio_max = c.maximal_compression_ratio;
    u.torque_max = c.maximal_torque_N_m;
    const double v_eff = c.operating_volume_m3 * (1.0 - c.additional_reduction_vol_flow);
    if (!(v_eff > 0.0)) {
      MarkNoPoint(&u, fmt::format("piston unit {} has no effective volume ({} m^3)",
                                  u.compressor_id, v_eff), 0.0);
      return u;
    }
    if (gas.recycle_and_throttle && u.q.v < c.speed_min_per_s * v_eff) {
      u.fix = Fix::kSpeedRecycle;
      u.qm = Const(c.speed_min_per_s * v_eff);
      u.n = Const(c.speed_min_per_s);
    } else {
      u.n = u.q / v_eff;
    }
    u.eta = Const(c.adiabatic_efficiency);
    eta_above_one = c.adiabatic_efficiency > 1.0;  // (as a turbo map's, no operating point)
    u.surge = u.choke = Const(kNaN);
  }
  u.eta_given = u.eta.v;
  if (!(u.eta.v > 0.0) || eta_above_one) {
    if (u.no_point.empty())
      MarkNoPoint(&u, fmt::format("efficiency of unit {} is {:.4g} at {:.4g} m^3/s, {}, "
                                  "outside (0, 1]",
                                  u.compressor_id, u.eta.v, u.qm.v, Rpm(u.n.v)),
                  u.eta.v);
    u.eta = Const(1.0);  // keeps the numbers below finite; the unit is invalid anyway
  } else if (u.eta.v > 1.0) {
    // Beyond the map's speeds, where the speed is the limit violated: the polynomial's
    // extrapolation past 1 put the power below the gas's m H (GasLib-40 at ratio 5 with
    // --no-limits: efficiency 7.1, 0.45 MW where m H is 3.2 MW). The power and fuel are
    // efficiency 1's, as outside (0, 1] within the speeds; eta_given keeps the map's value.
    u.eta = Const(1.0);
  }
  // A recycling machine passes m_u Q_m / Q = rho(p_k) Q_m, which stays finite at Q = 0.
  const D3 m_machine = Recycles(u.fix) ? u.p_k / (rt * u.z) * u.qm : u.m_u;
  u.power = m_machine * u.hm / u.eta;
  if (u.piston) {
    // P / (2 pi n) with n = Q / V_eff and Q = m_u z R_s T / p_k: finite at m = 0.
    const double v_eff =
        u.piston->operating_volume_m3 * (1.0 - u.piston->additional_reduction_vol_flow);
    u.torque = (v_eff / (2.0 * units::kPi * rt)) * u.p_k * u.head / (u.eta * u.z);
  }

  if (u.drive) {
    // The drive's maximal power is known on the unit's speed range only; beyond it the
    // polynomial is an extrapolation, and past the range the speed limit is the one
    // violated. There the drive gives what it gives at the nearest end of the range (a
    // constant: the speed outside the range does not move it). Before, GasLib-11's turbine
    // gave 3.99 MW at 12 884 1/min (9.38 MW at its speed max 6500), and the fuel capped by
    // it fell as the station was pushed further out: 15.0 MW at ratio 4, 27.5 at ratio 2.5;
    // where it fell to zero there was no cap (GasLib-135 at ratio 3: 94 % of its supply).
    u.n_drive = u.n.v;
    if (u.speed_max > 0.0 && u.n.v > u.speed_max) {
      u.n_drive = u.speed_max;
      u.n_clamped = true;
    } else if (u.speed_min > 0.0 && u.n.v < u.speed_min) {
      u.n_drive = u.speed_min;
      u.n_clamped = true;
    }
    double dpn = 0.0;
    const double pmax =
        DriveMaxPowerWithDerivative(*u.drive, u.n_drive, gas.ambient_temperature_K, &dpn);
    u.p_max_known = std::isfinite(pmax) && std::isfinite(dpn);
    u.p_max = !u.p_max_known ? Const(kNaN) : u.n_clamped ? Const(pmax) : Chain(pmax, dpn, u.n);
    u.fuel_given = !IsFuelPlaceholder(*u.drive);
  }
  // A drive burns at most what its maximal power takes: past it the point is not one the
  // unit can run (the driver-power limit says so), and the fuel of a power it cannot give,
  // drawn from the network, ran away (GasLib-11 with its controls at 1.85 times its
  // nomination: 74 kg/s of fuel, 38 % of the supply, and "pressure would fall below zero").
  const D3 p_fuel =
      u.p_max_known && u.p_max.v > 0.0 && u.power.v > u.p_max.v ? u.p_max : u.power;
  if (u.fuel_given) {
    double dfp = 0.0;
    const double f = DriveFuelPowerWithDerivative(*u.drive, p_fuel.v, &dfp);
    u.fuel = Chain(f, dfp, p_fuel);
  } else {
    u.fuel = p_fuel / gas.default_drive_efficiency;
  }
  return u;
}

// The limit function g of station.h for one unit. Returns false when the limit does not
// apply to this unit (or cannot be evaluated: P_max <= 0).
bool LimitFunction(const UnitEval& u, StationLimit limit, D3* g) {
  switch (limit) {
    case StationLimit::kSpeedMin:
      if (!(u.speed_min > 0.0)) return false;
      *g = 1.0 - u.n / u.speed_min;
      return true;
    case StationLimit::kSpeedMax:
      if (!(u.speed_max > 0.0)) return false;
      *g = u.n / u.speed_max - 1.0;
      return true;
    case StationLimit::kSurge:
      if (!u.turbo) return false;
      *g = (u.hm - u.surge) / kStationReferenceHead_J_per_kg;
      return true;
    case StationLimit::kChoke:
      if (!u.turbo) return false;
      *g = (u.choke - u.hm) / kStationReferenceHead_J_per_kg;
      return true;
    case StationLimit::kPower:
      if (!u.p_max_known || !(u.p_max.v > 0.0)) return false;
      *g = u.power / u.p_max - 1.0;
      return true;
    case StationLimit::kRatio:
      if (!u.piston || !(u.ratio_max > 0.0)) return false;
      *g = u.r_s / u.ratio_max - 1.0;
      return true;
    case StationLimit::kTorque:
      if (!u.piston || !(u.torque_max > 0.0)) return false;
      *g = u.torque / u.torque_max - 1.0;
      return true;
    case StationLimit::kNoOperatingPoint: {
      // Beyond every speed: the head the top speed line gives at the machine flow, as a
      // row that exists where no speed root does (it vanishes where n = speed max on the
      // rising branch): g = (H_m - H(Q_m, n_max)) / H_ref.
      if (!u.turbo || !(u.speed_max > 0.0)) return false;
      double hq = 0.0, hn = 0.0;
      const double top = TurboHeadWithDerivatives(*u.turbo, u.qm.v, u.speed_max, &hq, &hn);
      *g = (u.hm - Chain(top, hq, u.qm)) / kStationReferenceHead_J_per_kg;
      return true;
    }
    case StationLimit::kNone:
      return false;
  }
  return false;
}

constexpr StationLimit kCheckedLimits[] = {
    StationLimit::kSpeedMin, StationLimit::kSpeedMax, StationLimit::kSurge,
    StationLimit::kChoke,    StationLimit::kPower,    StationLimit::kRatio,
    StationLimit::kTorque};

std::string Kw(double w) { return fmt::format("{:.0f} kW", w / kKilo); }
std::string Kj(double h) { return fmt::format("{:.2f} kJ/kg", h / kKilo); }

// Whether the unit's machine head lies above the top of a surge line that bends over
// (s3 < 0): no flow holds it on the line there.
bool AboveSurgeTop(const UnitEval& u) {
  double q_s = 0.0;
  return u.turbo != nullptr && u.turbo->surgeline[2] < 0.0 && !SurgeFlow(*u.turbo, u.hm.v, &q_s);
}

// The limit in words: "unit T would need 6890 1/min > speed max 6500 1/min" when violated,
// "unit T needs 6100 1/min <= speed max 6500 1/min" when inside.
std::string LimitWords(const UnitEval& u, StationLimit limit, bool violated) {
  const std::string& id = u.compressor_id;
  const char* need = violated ? "would need" : "needs";
  const char* above = violated ? ">" : "<=";
  const char* below = violated ? "<" : ">=";
  switch (limit) {
    case StationLimit::kSpeedMin:
      return fmt::format("unit {} {} {} {} speed min {}", id, need, Rpm(u.n.v), below,
                         Rpm(u.speed_min));
    case StationLimit::kSpeedMax:
      return fmt::format("unit {} {} {} {} speed max {}", id, need, Rpm(u.n.v), above,
                         Rpm(u.speed_max));
    case StationLimit::kSurge: {
      // Above the top of a surge line that bends over, no flow at that head lies inside it,
      // and the line's head at this flow says nothing: the corridor's cs_astara needing 325
      // kJ/kg at 0.46 m^3/s read "> surge line -24.31 kJ/kg", its fit below its map.
      if (const TurboCompressor* c = u.turbo; violated && AboveSurgeTop(u)) {
        const double q_top = -c->surgeline[1] / (2.0 * c->surgeline[2]);
        if (q_top > 0.0)
          return fmt::format("unit {} {} head {} at {:.4g} m^3/s, above the top of its surge "
                             "line ({} at {:.4g} m^3/s)",
                             id, need, Kj(u.hm.v), u.qm.v, Kj(SurgeLineHead(*c, q_top)), q_top);
      }
      return fmt::format("unit {} {} head {} at {:.4g} m^3/s {} surge line {}", id, need,
                         Kj(u.hm.v), u.qm.v, above, Kj(u.surge.v));
    }
    case StationLimit::kChoke:
      return fmt::format("unit {} {} head {} at {:.4g} m^3/s {} choke line {}", id, need,
                         Kj(u.hm.v), u.qm.v, below, Kj(u.choke.v));
    case StationLimit::kPower:
      if (!(u.p_max.v > 0.0))
        return fmt::format("drive of unit {} gives no power at {} (maximal power {})", id,
                           Rpm(u.n_drive), Kw(u.p_max.v));
      // Outside the speed range: the drive's power at its end (a unit held at its speed max
      // lies on it to round-off, and reads as before).
      if (u.n_clamped && std::abs(u.n.v - u.n_drive) > 1e-9 * u.n_drive)
        return fmt::format("unit {} {} {} {} driver power {} at its speed {} {} (at {})", id,
                           need, Kw(u.power.v), above, Kw(u.p_max.v),
                           u.n.v > u.n_drive ? "max" : "min", Rpm(u.n_drive), Rpm(u.n.v));
      return fmt::format("unit {} {} {} {} driver power {} at {}", id, need, Kw(u.power.v),
                         above, Kw(u.p_max.v), Rpm(u.n.v));
    case StationLimit::kRatio:
      return fmt::format("unit {} {} stage ratio {:.4f} {} maximal compression ratio {:.4f}",
                         id, need, u.r_s.v, above, u.ratio_max);
    case StationLimit::kTorque:
      return fmt::format("unit {} {} torque {:.2f} kN m {} maximal torque {:.2f} kN m", id,
                         need, u.torque.v / kKilo, above, u.torque_max / kKilo);
    case StationLimit::kNoOperatingPoint:
      return u.no_point;
    case StationLimit::kNone:
      break;
  }
  return fmt::format("unit {} has no limit", id);
}

// "unit T recycles 0.62 m^3/s (minimum speed)"; empty when the unit does neither.
std::string FixWords(const UnitEval& u) {
  const std::string recycle = fmt::format("recycles {:.4g} m^3/s", u.qm.v - u.q.v);
  const std::string throttle = fmt::format("throttles {}", Kj(u.hm.v - u.head.v));
  switch (u.fix) {
    case Fix::kNone: return {};
    case Fix::kSurgeRecycle:
      return fmt::format("unit {} {} (surge line)", u.compressor_id, recycle);
    case Fix::kSpeedRecycle:
      return fmt::format("unit {} {} (minimum speed)", u.compressor_id, recycle);
    case Fix::kThrottle:
      return fmt::format("unit {} {} (choke line)", u.compressor_id, throttle);
    case Fix::kCornerSpeed:
    case Fix::kCornerSurge:
      return fmt::format("unit {} {} and {} (map corner of the choke and {} lines)",
                         u.compressor_id, recycle, throttle,
                         u.fix == Fix::kCornerSpeed ? "minimum speed" : "surge");
  }
  return {};
}

// Surge, speed min and choke of a unit that may recycle and throttle count as violated only
// where recycling or throttling could not reach them (g clearly above 0).
constexpr double kFixedLineTolerance = 1e-9;
bool FixedByRecycleOrThrottle(StationLimit l, double g) {
  return (l == StationLimit::kSpeedMin || l == StationLimit::kSurge ||
          l == StationLimit::kChoke) && g <= kFixedLineTolerance;
}

// Finds the unit's stage and index from the flat index of ConfigurationPoint::units.
bool LocateUnit(const Configuration& config, int flat, int* stage, int* unit) {
  if (flat < 0) return false;
  for (std::size_t s = 0; s < config.stages.size(); ++s) {
    const int n = static_cast<int>(config.stages[s].units.size());
    if (flat < n) {
      *stage = static_cast<int>(s);
      *unit = flat;
      return true;
    }
    flat -= n;
  }
  return false;
}

LimitValue ToLimitValue(const D3& x, bool valid) {
  LimitValue r;
  r.valid = valid;
  if (!valid) return r;
  r.g = x.v;
  r.dg_dm = x.d[0];
  r.dg_dpin = x.d[1];
  r.dg_dpout = x.d[2];
  return r;
}

// Sum of power (or fuel) over every unit.
LimitValue SumOverUnits(const StationMachines& station, const Configuration& config,
                        const StationGas& gas, double m, double p_in, double p_out, bool fuel,
                        std::span<const double> shares) {
  D3 sum = Const(0.0);
  bool valid = !config.stages.empty();
  for (std::size_t s = 0; s < config.stages.size(); ++s) {
    if (config.stages[s].units.empty()) valid = false;
    for (std::size_t k = 0; k < config.stages[s].units.size(); ++k) {
      const UnitEval u = EvaluateUnit(station, config, gas, static_cast<int>(s),
                                      static_cast<int>(k), m, p_in, p_out, shares);
      if (!u.no_point.empty()) valid = false;
      sum = sum + (fuel ? u.fuel : u.power);
    }
  }
  LimitValue r = ToLimitValue(sum, true);
  r.valid = valid;
  return r;
}

}  // namespace

namespace {

// EvaluateConfiguration; without `words`, only the configuration's figures (worst limit,
// unit and violation, inside, shaft and fuel power): no ids, units, message or words
// (BestStageShares' search compares only those; the rest was about nine tenths of an
// evaluation of GasLib-24's CS3, 2.7 us for its two units' points).
ConfigurationPoint Evaluate(const StationMachines& station, const Configuration& config,
                            const StationGas& gas, double m, double p_in, double p_out,
                            std::span<const double> shares, bool words) {
  ConfigurationPoint cp;
  if (words) cp.configuration_id = config.id;
  if (shares.size() == config.stages.size() && config.stages.size() > 1)
    cp.stage_shares.assign(shares.begin(), shares.end());
  std::string worst_words, fix_words;
  int units = 0;  // (cp.units holds them with `words` only)
  for (std::size_t s = 0; s < config.stages.size(); ++s) {
    for (std::size_t k = 0; k < config.stages[s].units.size(); ++k) {
      const UnitEval u = EvaluateUnit(station, config, gas, static_cast<int>(s),
                                      static_cast<int>(k), m, p_in, p_out, shares);
      UnitOperatingPoint op;
      if (words) {
        op.compressor_id = u.compressor_id;
        op.drive_id = u.drive ? u.drive->id : std::string();
      }
      op.stage = u.stage;
      op.piston = u.piston != nullptr;
      op.valid = u.no_point.empty();
      op.mass_flow_kg_per_s = u.m_u.v;
      op.volumetric_flow_m3_per_s = u.qm.v;
      op.head_J_per_kg = u.hm.v;
      op.network_volumetric_flow_m3_per_s = u.q.v;
      op.network_head_J_per_kg = u.head.v;
      op.recycle_m3_per_s = u.qm.v - u.q.v;
      op.throttle_head_J_per_kg = u.hm.v - u.head.v;
      op.speed_per_s = u.n.v;
      op.efficiency = u.eta_given;
      op.shaft_power_W = u.power.v;
      op.max_power_W = u.p_max_known ? u.p_max.v : kNaN;
      op.fuel_power_W = u.fuel.v;
      op.fuel_model_given = u.fuel_given;
      op.inlet_pressure_Pa = u.p_k.v;
      op.outlet_pressure_Pa = u.p_k.v * u.r_s.v;
      op.surge_head_J_per_kg = u.turbo ? u.surge.v : kNaN;
      op.choke_head_J_per_kg = u.turbo ? u.choke.v : kNaN;
      op.torque_N_m = u.torque.v;
      op.worst_violation = -std::numeric_limits<double>::infinity();
      if (!op.valid) {
        op.worst_limit = StationLimit::kNoOperatingPoint;
        op.worst_violation = u.no_point_violation;
      } else {
        // Above the top of a surge line that bends over, no flow holds the head on it: the
        // surge line is a limit no state reaches there, and another violated one (the top
        // speed) is the unit's (the corridor's cs_astara at 325 kJ/kg and 0.46 m^3/s, 349
        // kJ/kg "beyond" a surge line that the fit puts at -24.31 there, was moved to it,
        // could not be held, and passed its gas in bypass).
        const bool above_surge_top = AboveSurgeTop(u);
        double surge_g = -std::numeric_limits<double>::infinity();
        for (StationLimit l : kCheckedLimits) {
          D3 g;
          if (!LimitFunction(u, l, &g)) continue;
          if (gas.recycle_and_throttle && FixedByRecycleOrThrottle(l, g.v)) continue;
          if (l == StationLimit::kSurge && above_surge_top) {
            surge_g = g.v;
            continue;
          }
          if (g.v > op.worst_violation) {
            op.worst_limit = l;
            op.worst_violation = g.v;
          }
        }
        if (surge_g > kStationLimitTolerance && !(op.worst_violation > kStationLimitTolerance)) {
          op.worst_limit = StationLimit::kSurge;
          op.worst_violation = surge_g;
        }
        // A drive that gives no power at this speed cannot run the unit.
        if (u.p_max_known && !(u.p_max.v > 0.0) && u.power.v > 0.0) {
          op.worst_limit = StationLimit::kPower;
          op.worst_violation = kNoPointViolation;
        }
        if (op.worst_limit == StationLimit::kNone) op.worst_violation = 0.0;
      }
      if (words)
        if (const std::string fix = FixWords(u); !fix.empty()) fix_words += "; " + fix;
      cp.shaft_power_W += op.shaft_power_W;
      cp.fuel_power_W += op.fuel_power_W;
      if (cp.worst_unit < 0 || op.worst_violation > cp.worst_violation) {
        cp.worst_unit = units;
        cp.worst_limit = op.worst_limit;
        cp.worst_violation = op.worst_violation;
        if (words)
          worst_words =
              LimitWords(u, op.worst_limit, op.worst_violation > kStationLimitTolerance);
      }
      if (words) cp.units.push_back(std::move(op));
      ++units;
    }
  }
  if (units == 0) {
    cp.worst_limit = StationLimit::kNoOperatingPoint;
    cp.worst_violation = kNoPointViolation;
    if (words) cp.message = fmt::format("configuration {} has no units", config.id);
    return cp;
  }
  cp.inside = cp.worst_violation <= kStationLimitTolerance;
  if (!words) return cp;
  cp.message = cp.inside ? fmt::format("inside all limits; nearest: {} ({} {:.4f})",
                                       worst_words, StationLimitName(cp.worst_limit),
                                       cp.worst_violation)
                         : worst_words;
  cp.message += fix_words;
  return cp;
}

}  // namespace

ConfigurationPoint EvaluateConfiguration(const StationMachines& station,
                                         const Configuration& config, const StationGas& gas,
                                         double m, double p_in, double p_out,
                                         std::span<const double> shares) {
  return Evaluate(station, config, gas, m, p_in, p_out, shares, true);
}

int ConfigurationUnits(const Configuration& config) {
  std::size_t n = 0;
  for (const auto& stage : config.stages) n += stage.units.size();
  return static_cast<int>(n);
}

namespace {

// Whether point a comes before b: inside every limit before outside; of two inside, less
// fuel (equal fuel, as of the same drives or both on the default efficiency: less shaft
// power); of two outside, the smaller worst violation.
bool Better(const ConfigurationPoint& a, const ConfigurationPoint& b) {
  if (a.inside != b.inside) return a.inside;
  if (!a.inside) return a.worst_violation < b.worst_violation;
  const double tol = 1e-12 * std::max(std::abs(a.fuel_power_W), std::abs(b.fuel_power_W));
  return std::abs(a.fuel_power_W - b.fuel_power_W) <= tol ? a.shaft_power_W < b.shaft_power_W
                                                          : a.fuel_power_W < b.fuel_power_W;
}

}  // namespace

std::vector<double> BestStageShares(const StationMachines& station, const Configuration& config,
                                    const StationGas& gas, double m, double p_in, double p_out,
                                    SplitFor goal) {
  if (config.stages.size() != 2 || !(m >= 0.0) || !(p_in > 0.0) || !(p_out > p_in) ||
      !std::isfinite(p_out))
    return {};
  // The order splits are chosen in: Better, or with the most headroom first (the least worst
  // violation, which inside every limit is the nearest limit's negative distance).
  auto before = [goal](const ConfigurationPoint& a, const ConfigurationPoint& b) {
    if (goal == SplitFor::kMostHeadroom &&
        std::abs(a.worst_violation - b.worst_violation) > 1e-12)
      return a.worst_violation < b.worst_violation;
    return Better(a, b);
  };
  auto at = [&](double x) {
    const std::array<double, 2> w = {x, 1.0 - x};
    return Evaluate(station, config, gas, m, p_in, p_out, w, false);
  };
  const ConfigurationPoint equal = Evaluate(station, config, gas, m, p_in, p_out, {}, false);
  // A scan of the first stage's share x, then golden sections within a scan step either
  // side of each of the scan's best local minima (the order has jumps and corners where a
  // unit starts to recycle or reaches a limit: GasLib-4197's compressorStation_12 has its
  // least fuel just beside one, where one scan point and its neighbours missed it).
  constexpr int kScan = 48, kRefined = 3;
  std::vector<ConfigurationPoint> scan;
  scan.reserve(kScan);
  for (int i = 0; i < kScan; ++i) scan.push_back(at((i + 0.5) / kScan));
  std::vector<int> local;
  for (int i = 0; i < kScan; ++i)
    if ((i == 0 || !before(scan[i - 1], scan[i])) &&
        (i + 1 == kScan || !before(scan[i + 1], scan[i])))
      local.push_back(i);
  // The kRefined best of them, picked one at a time: `before` compares fuel within a
  // tolerance and is no strict weak order, which std::sort needs.
  std::vector<int> minima;
  for (int k = 0; k < kRefined && !local.empty(); ++k) {
    auto best_local = local.begin();
    for (auto it = local.begin(); it != local.end(); ++it)
      if (before(scan[*it], scan[*best_local])) best_local = it;
    minima.push_back(*best_local);
    local.erase(best_local);
  }
  ConfigurationPoint best = equal;
  double best_x = 0.5;
  const double golden = 0.5 * (std::sqrt(5.0) - 1.0);
  for (int i : minima) {
    double a = std::max(0.0, (i - 0.5) / kScan), b = std::min(1.0, (i + 1.5) / kScan);
    double x1 = b - golden * (b - a), x2 = a + golden * (b - a);
    ConfigurationPoint p1 = at(x1), p2 = at(x2);
    for (int it = 0; it < 60 && b - a > 1e-10; ++it) {
      if (before(p1, p2)) {
        b = x2;
        x2 = x1;
        p2 = std::move(p1);
        x1 = b - golden * (b - a);
        p1 = at(x1);
      } else {
        a = x1;
        x1 = x2;
        p1 = std::move(p2);
        x2 = a + golden * (b - a);
        p2 = at(x2);
      }
    }
    const double xi = (i + 0.5) / kScan;
    for (auto [x, p] : {std::pair{xi, &scan[i]}, std::pair{x1, &p1}, std::pair{x2, &p2}})
      if (before(*p, best)) {
        best = *p;
        best_x = x;
      }
  }
  if (!before(best, equal)) return {};
  return {best_x, 1.0 - best_x};
}

namespace {

// SplitReach::binding at r->p_out and r->shares.
void Bind(const StationMachines& station, const Configuration& config, const StationGas& gas,
          double m, double p_in, SplitReach* r) {
  const ConfigurationPoint& at = r->point;
  auto usable = [](const ConfigurationPoint& p) {
    return p.worst_unit >= 0 && p.worst_limit != StationLimit::kNone &&
           p.worst_limit != StationLimit::kNoOperatingPoint;
  };
  if (!usable(at)) return;
  r->binding = {{at.worst_unit, at.worst_limit, 1.0}};
  const double x = r->shares.size() == 2 ? r->shares[0] : 0.5;
  constexpr double kH = 1e-6;
  if (!(x - kH > 0.0 && x + kH < 1.0)) return;
  auto point_at = [&](double y) {
    const std::array<double, 2> w = {y, 1.0 - y};
    return Evaluate(station, config, gas, m, p_in, r->p_out, w, false);
  };
  const ConfigurationPoint left = point_at(x - kH), right = point_at(x + kH);
  if (!usable(left) || !usable(right) ||
      (left.worst_unit == right.worst_unit && left.worst_limit == right.worst_limit))
    return;
  auto slope = [&](const ConfigurationPoint& p) {
    const std::array<double, 2> a = {x - kH, 1.0 - x + kH}, b = {x + kH, 1.0 - x - kH};
    const LimitValue ga = EvaluateLimit(station, config, gas, p.worst_limit, p.worst_unit, m,
                                        p_in, r->p_out, a);
    const LimitValue gb = EvaluateLimit(station, config, gas, p.worst_limit, p.worst_unit, m,
                                        p_in, r->p_out, b);
    return ga.valid && gb.valid ? (gb.g - ga.g) / (2.0 * kH)
                                : std::numeric_limits<double>::quiet_NaN();
  };
  // Unit A worst left of the split, B right of it: A's g falls and B's rises with x.
  const double sa = slope(left), sb = slope(right);
  if (!(sa < 0.0) || !(sb > 0.0) || !std::isfinite(sa) || !std::isfinite(sb)) return;
  r->binding = {{left.worst_unit, left.worst_limit, sb / (sb - sa)},
                {right.worst_unit, right.worst_limit, -sa / (sb - sa)}};
}

}  // namespace

SplitReach HighestOutletWithinLimits(const StationMachines& station, const Configuration& config,
                                     const StationGas& gas, double m, double p_in, double p_lo,
                                     double p_hi) {
  SplitReach r;
  if (config.stages.size() != 2 || !(m >= 0.0) || !(p_in > 0.0) || !(p_lo > p_in) ||
      !(p_hi > p_lo) || !std::isfinite(p_hi))
    return r;
  // H at an outlet: the configuration at its split of most headroom.
  struct At {
    std::vector<double> shares;
    ConfigurationPoint point;
  };
  auto at = [&](double p_out) {
    At a;
    a.shares = BestStageShares(station, config, gas, m, p_in, p_out, SplitFor::kMostHeadroom);
    a.point = Evaluate(station, config, gas, m, p_in, p_out, a.shares, false);
    return a;
  };
  At low = at(p_lo);
  At high;
  double hi = p_hi;
  if (!(low.point.worst_violation <= kStationLimitTolerance)) {
    // Outside at every split: an outlet below that is not, the bracket's upper end p_lo.
    high = std::move(low);
    hi = p_lo;
    for (double step = 1e-4 * (p_lo - p_in);; step *= 4.0) {
      const double p = p_lo - step;
      if (!(p > p_in)) return r;
      low = at(p);
      if (low.point.worst_violation <= kStationLimitTolerance) {
        p_lo = p;
        break;
      }
      high = std::move(low);
      hi = p;
    }
  } else {
    high = at(p_hi);
    if (high.point.worst_violation <= kStationLimitTolerance) {
      r.found = r.whole = true;
      r.p_out = p_hi;
      r.shares = std::move(high.shares);
      r.point = std::move(high.point);
      Bind(station, config, gas, m, p_in, &r);
      return r;
    }
  }
  r.found = true;
  // H is a violation (dimensionless, about 1 at twice a limit) where it is finite; a unit
  // without an operating point reads 1000 or more, no slope to follow.
  auto slope_end = [](const At& a) {
    return a.point.worst_violation < 10.0 ? a.point.worst_violation
                                          : std::numeric_limits<double>::quiet_NaN();
  };
  double lo = p_lo;
  double fl = std::min(low.point.worst_violation, 0.0), fh = slope_end(high);
  int side = 0;
  // (Every third step halves the bracket where the two before did not: a jump or a flat
  // stretch of H still closes it.)
  double width_before = hi - lo;
  for (int it = 0; it < 200 && hi - lo > std::max(1e-3, 1e-13 * hi); ++it) {
    double mid = 0.5 * (lo + hi);
    const bool halve = it % 3 == 2 && hi - lo > 0.25 * width_before;
    if (it % 3 == 2) width_before = hi - lo;
    if (!halve && std::isfinite(fh) && fh > fl) mid = lo + (hi - lo) * (-fl) / (fh - fl);
    if (!(mid > lo && mid < hi)) mid = 0.5 * (lo + hi);
    At a = at(mid);
    if (a.point.worst_violation <= 0.0) {
      lo = mid;
      fl = a.point.worst_violation;
      low = std::move(a);
      if (side == -1 && std::isfinite(fh)) fh *= 0.5;
      side = -1;
    } else {
      hi = mid;
      fh = slope_end(a);
      if (side == 1) fl *= 0.5;
      side = 1;
    }
  }
  r.p_out = lo;
  r.shares = std::move(low.shares);
  r.point = std::move(low.point);
  Bind(station, config, gas, m, p_in, &r);
  return r;
}

int ChooseConfiguration(const StationMachines& station, const StationGas& gas, double m,
                        double p_in, double p_out, std::vector<ConfigurationPoint>* all,
                        int max_units) {
  std::vector<ConfigurationPoint> points;
  points.reserve(station.configurations.size());
  for (const Configuration& c : station.configurations)
    points.push_back(EvaluateConfiguration(station, c, gas, m, p_in, p_out,
                                           BestStageShares(station, c, gas, m, p_in, p_out)));
  int best = -1;
  for (int i = 0; i < static_cast<int>(points.size()); ++i) {
    if (max_units > 0 && ConfigurationUnits(station.configurations[i]) > max_units) continue;
    if (best < 0 || Better(points[i], points[best])) best = i;
  }
  if (all) *all = std::move(points);
  return best;
}

LimitValue EvaluateLimit(const StationMachines& station, const Configuration& config,
                         const StationGas& gas, StationLimit limit, int unit, double m,
                         double p_in, double p_out, std::span<const double> shares) {
  int s = 0, k = 0;
  if (!LocateUnit(config, unit, &s, &k)) return ToLimitValue(Const(0.0), false);
  const UnitEval u = EvaluateUnit(station, config, gas, s, k, m, p_in, p_out, shares);
  D3 g;
  const bool applies = LimitFunction(u, limit, &g);
  // The top-speed-line row is meant for units without an operating point.
  return ToLimitValue(g, applies && (u.no_point.empty() ||
                                     limit == StationLimit::kNoOperatingPoint));
}

LimitValue ConfigurationPower(const StationMachines& station, const Configuration& config,
                              const StationGas& gas, double m, double p_in, double p_out,
                              std::span<const double> shares) {
  return SumOverUnits(station, config, gas, m, p_in, p_out, /*fuel=*/false, shares);
}

LimitValue ConfigurationFuelPower(const StationMachines& station, const Configuration& config,
                                  const StationGas& gas, double m, double p_in, double p_out,
                                  std::span<const double> shares) {
  return SumOverUnits(station, config, gas, m, p_in, p_out, /*fuel=*/true, shares);
}

SideLossValue SideLossDrop(const SideLoss& loss, const EosParams& eos, double p_terminal,
                           double m) {
  SideLossValue r;
  if (loss.pressure_loss_Pa) r.drop_Pa = *loss.pressure_loss_Pa;
  if (loss.drag_factor && loss.diameter_m && *loss.diameter_m > 0.0) {
    const double d = *loss.diameter_m;
    const double area = 0.25 * units::kPi * d * d;
    const DensityValue rho = Density(eos, p_terminal);
    const double c = *loss.drag_factor / (2.0 * rho.rho * area * area);
    const double drag = c * m * std::abs(m);
    r.drop_Pa += drag;
    r.d_dm = 2.0 * c * std::abs(m);
    r.d_dp = -drag * rho.drho_dp / rho.rho;
  }
  return r;
}

double IsentropicExponent(double A, double B, double C, double T) {
  const double cp = MolarHeatCapacity(A, B, C, T);
  return cp / (cp - units::kGasConstant);
}

}  // namespace corridor::physics
