// Internal entry points of the steady-state solver (not part of the public API).
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <numeric>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "corridor/steady.h"
#include "physics/gas_physics.h"
#include "physics/station_model.h"

namespace corridor::steady_internal {

// Disjoint sets of indices (path halving; the smaller index is the root).
struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int Find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  bool Unite(int a, int b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (a < b) std::swap(a, b);
    parent[a] = b;
    return true;
  }
};

/// The equation-of-state parameters the options describe (temperature override applied).
physics::EosParams MakeEos(const SteadyOptions& options);
/// The equation of state of arc `arc`: `eos` (MakeEos) with the gas constant and the
/// pseudocritical data of its SteadyOptions::arc_gas entry, where it has one.
physics::EosParams ArcEos(const SteadyOptions& options, const physics::EosParams& eos,
                          std::size_t arc);
/// Whether `eos` takes a gas's own data (molar mass; p_c and T_c under Papay and AGA), as a
/// gas per arc needs: ideal, Papay and AGA; the linear and CNGA laws' coefficients are one
/// gas's.
bool EosTakesGasData(EquationOfState eos);

/// An operating limit of an active element as an equation r(p_from, p_to, q) = 0 with its
/// partial derivatives, scaled like the other element rows (Pa).
using LimitEquation = std::function<physics::Residual(double pf, double pt, double q)>;

/// What the outer loop over element limits hands the core solver.
/// A default-rule reference moved off a part that an outlet or inlet set-point levels
/// (Solver::ReferencesOffSetPointLevels): the node it went to, and what the report says of
/// the move (the entry it replaced, the element and the pressure it holds).
struct MovedReference {
  int node = -1;
  std::string displaced;  ///< the id of the entry the rule had taken
  std::string element;    ///< the set-point element, "compressorStation 'X'"
  std::string holds;      ///< what it holds, "its outlet at 70 bar"
  int arc = -1;           ///< that element
  bool outlet = true;     ///< it holds its outlet (else its inlet)
  double bound_Pa = 0.0;  ///< the reference's pressure, fixed when it moved
  /// A reference of its own for a part beside the rule's (on the free side of `arc`,
  /// which another set-point's part left without one), not the rule's moved reference.
  bool extra = false;
  /// For an extra reference in a pocket (a free side that meets the element's set side
  /// again through pipes; Solver::SetPointPockets): the arc it meets it by, "pipe 'p'".
  std::string via;
};

struct SolveExtras {
  /// Per-node upper pressure bounds for the default slack rule (0 = the node's own
  /// pressure_max_Pa); SimulateSteady passes the scenario's bounds.
  std::vector<double> upper_hint;
  /// Previous state of the same network (warm start); null for a cold start.
  const SteadySolution* warm = nullptr;
  /// Arcs (by index) whose equation is an operating limit instead of their setting.
  std::unordered_map<std::size_t, LimitEquation> limits;
  /// Set to whether Newton satisfied the equations (the verdict may still be infeasible
  /// when a set-point is physically inadmissible, e.g. a compressor reducing pressure).
  bool* equations_hold = nullptr;
  /// Set, where a solve's verdict is "pressure would fall below zero at node X", to the
  /// indices of X and of the nodes ideal elements join to it (else left as it was).
  std::vector<int>* collapse_nodes = nullptr;
  /// Set, where a solve failed because no pressure at a pendant tree's node passes the gas
  /// that leaves the tree from it (its surplus needs a pressure beyond any the law reaches),
  /// to the indices of that node and of the nodes ideal elements join to it.
  std::vector<int>* overfull_nodes = nullptr;
  /// Set to the nodes this solve took as pressure references (given, or by the default
  /// rule: one per part), in node order.
  std::vector<int>* reference_nodes = nullptr;
  /// Set, where the solve is refused because an outlet or inlet set-point leaves a side of
  /// its element without a pressure level, to the indices of every such arc.
  std::vector<int>* unleveled_arcs = nullptr;
  /// Set, where the solve is refused because flow set-points alone join a part of the
  /// network to the rest and its nominated flows do not balance with theirs (default rule),
  /// to the indices of the flow set-point arcs that alone join such a part and are set above
  /// the flow, forward, that the nomination passes through them: pushing more than the other
  /// side takes, a station is held at a pressure limit, where the flow is the network's.
  std::vector<int>* excess_flow_arcs = nullptr;
  /// Of those, the ones to hold at their inlet minimum rather than their outlet maximum:
  /// the pressure reference the joined parts will share lies on their outlet side (or none
  /// lies on their inlet side), and held at the outlet maximum their inlet side would have
  /// no pressure level.
  std::vector<int>* excess_flow_at_inlet = nullptr;
  /// The default rule's moved references, in and out: a reference an earlier solve moved
  /// (the active-element loop's rounds, which keep those an element's requested outlet or
  /// inlet pressure moved) stays where it went while no set-point levels its part, and the
  /// references this solve moves or keeps replace the list. Null: each solve applies the
  /// rule to its own settings alone.
  std::vector<MovedReference>* moved_references = nullptr;
  /// Set to true where the solve is refused because flow set-points alone join a part of
  /// the network to the rest and its nomination does not balance with their flows (the
  /// loop then says so of a station it had moved to its flowMax).
  bool* flow_parts_unbalanced = nullptr;
  /// Every element law by the scalar code, also where the AVX2 kernel would take the
  /// prepared pandapipes laws (tests compare the two paths).
  bool scalar_laws = false;
  /// Keep the pendant trees in the Newton system instead of solving them after it in
  /// closed form (tests compare the two).
  bool keep_trees = false;
  /// The time limit the caller set, where SteadyOptions::time_limit_s is only what an outer
  /// loop (the active elements' rounds) has left of it: reasons name this one (0: name
  /// time_limit_s).
  double time_limit_named_s = 0.0;
};

/// The inlet pressure at which a pipe's flow peaks under `eos` with its outlet far below:
/// the standard law gives q^2 ~ p_in^2 / z(p_m), p_m ~ 2/3 p_in, which falls past the
/// pressure where z grows faster than p^2 (Papay: 1 163 bar for GasLib's H-gas at 15 degC);
/// +inf where it grows without a peak up to 1e5 bar (the ideal gas, AGA, CNGA, linear z).
/// An entry pushing more than its pipes carry away has a state only below that: its
/// pressure climbs towards it (continuation.cpp).
double PushPeakPressure(const physics::EosParams& eos);

/// The time limit a reason names: the caller's, not what an outer loop has left of it.
inline double NamedTimeLimit(const SteadyOptions& opt, const SolveExtras& extras) {
  return extras.time_limit_named_s > 0.0 ? extras.time_limit_named_s : opt.time_limit_s;
}

/// "1 iteration", "3 iterations" (the reasons and notes said "within 1 iterations").
inline std::string Iterations(int n) {
  return std::to_string(n) + (n == 1 ? " iteration" : " iterations");
}

/// The pressure p > 0 at the far end of an arc where its law holds (|r| <= tol), for a
/// pendant tree (SolveTrees): law(p) gives the arc's residual and derivatives with the far
/// end at p, its derivative with respect to p being dr_dpt where far_is_to, else dr_dpf.
/// Scalar Newton from `start` where that is a positive number (a closed-form estimate:
/// physics::PreparedPipeFarEnd), else from p0 (the near end's pressure), each step kept
/// within [0.1, 10] times the pressure, until the law holds at a pressure whose next step
/// is under 1e-12 of it (that step taken), or else one more step after the first under
/// 1e-6 of it (quadratic convergence: the error is then at rounding); where that does not
/// get there (a scaled residual that is not monotone far from its root, or no root),
/// bisection on the first interval from 1 Pa up, doubling from p0, over which r changes
/// sign. NaN where none holds.
inline constexpr double kFarEndFloorPa = 1.0;  // FarEndPressure's lowest bracket end
template <class Law>
double FarEndPressure(const Law& law, bool far_is_to, double p0, double tol,
                      double start = std::numeric_limits<double>::quiet_NaN()) {
  auto holds = [&](double p) {
    const double r = law(p).r;
    return p > 0.0 && std::isfinite(r) && std::abs(r) <= tol;
  };
  double p = start > 0.0 && std::isfinite(start) ? start : p0;
  bool close = false;
  for (int it = 0, last = -1; it < 100 && it != last; ++it) {
    const physics::Residual r = law(p);
    const double d = far_is_to ? r.dr_dpt : r.dr_dpf;
    if (!std::isfinite(r.r) || !std::isfinite(d) || d == 0.0) break;
    // Done where the law holds at p and the step from it is at rounding (that last step
    // taken: the law then holds within |dr/dp| 1e-12 p of its value at p).
    if (p > 0.0 && std::abs(r.r) <= tol && std::abs(r.r / d) <= 1e-12 * p) return p - r.r / d;
    const double next = std::clamp(p - r.r / d, 0.1 * p, 10.0 * p);
    if (last < 0 && std::abs(next - p) <= 1e-6 * p) {
      last = it + 2;
      close = true;
    }
    p = next;
  }
  if (close && holds(p)) return p;
  double lo = kFarEndFloorPa, hi = p0;
  double rlo = law(lo).r;
  for (int k = 0; k < 12 && std::isfinite(rlo) && !(rlo * law(hi).r <= 0.0); ++k) {
    lo = hi;
    rlo = law(lo).r;
    hi *= 2.0;
  }
  const double rhi = law(hi).r;
  if (!(std::isfinite(rlo) && std::isfinite(rhi) && rlo * rhi <= 0.0))
    return std::numeric_limits<double>::quiet_NaN();
  for (int k = 0; k < 200 && hi - lo > 1e-15 * hi; ++k) {
    const double mid = 0.5 * (lo + hi), rm = law(mid).r;
    if (!std::isfinite(rm)) break;
    if (rm * rlo > 0.0) {
      lo = mid;
      rlo = rm;
    } else {
      hi = mid;
    }
  }
  p = 0.5 * (lo + hi);
  return holds(p) ? p : std::numeric_limits<double>::quiet_NaN();
}

/// Whether this build and processor evaluate prepared pandapipes pipe laws four at a time
/// (law_kernels.h).
bool VectorLawsAvailable();

/// The Newton solve of one fixed set of element equations (no limit handling), with the
/// load continuation where its cold starts fail (continuation.cpp,
/// SteadyOptions::load_continuation).
Status SolveCore(const Network& network, const std::vector<double>& injection,
                 const SteadyOptions& options, const SolveExtras& extras,
                 SteadySolution* solution, SteadySummary* summary);
/// One Newton solve, without the continuation (steady_solver.cpp). *newton_failed (may be
/// null): Newton ran and none of its starts solved the equations, not counting a verdict
/// reached before Newton, one on a state that solves them, or a network whose flows
/// follow from its injections alone. *tree_infeasible (may be null): the equations hold
/// but on a pendant tree (or a forest), where the verdict is infeasible: exact, though the
/// tree it names need not be the one that runs out first as the load grows.
Status SolveOnce(const Network& network, const std::vector<double>& injection,
                 const SteadyOptions& options, const SolveExtras& extras,
                 SteadySolution* solution, SteadySummary* summary, bool* newton_failed,
                 bool* tree_infeasible = nullptr);

/// The row of a control valve held at a regulator differential `limit_Pa`:
/// (p_from - loss_in) - (p_to + loss_out) - limit, with its derivatives (active_elements.cpp).
physics::Residual RegulatorDifferentialRow(const Arc& arc, const physics::EosParams& eos,
                                           double limit_Pa, double pf, double pt, double q);
/// The row of a station held at a machine limit: 1e5 Pa x g(q, p_from - loss_in,
/// p_to + loss_out) of station.h, with its derivatives through the side losses, at the
/// stages' ratio shares `shares` (physics::EvaluateConfiguration's; empty: the equal split).
physics::Residual MachineLimitRow(const Arc& arc, const StationMachines& station,
                                  const Configuration& config, const physics::StationGas& gas,
                                  StationLimit limit, int unit, double pf, double pt, double q,
                                  std::span<const double> shares = {});

/// The full steady-state solve: SolveCore inside the loop that moves active elements to
/// their operating limits and draws the drives' fuel gas (active_elements.cpp). A part of
/// the network (split off by closed and shut elements) whose injections do not balance
/// makes a converged state infeasible under the default slack rule (its reference would
/// feed another flow than given); with given references, where `nomination` (the
/// injections are a nomination: SimulateSteady), a note says where they take the rest.
/// A refusal (any Status other than Ok) means nothing was solved: the summary, when there
/// is one, says so (verdict kFailed, the Status as its reason), whatever an earlier call or
/// the checks left in it. Returns `s`.
Status Refused(Status s, SteadySummary* summary);

Status SolveWithControls(const Network& network, const std::vector<double>& injection,
                         const SteadyOptions& options, const std::vector<double>& upper_hint,
                         bool nomination, SteadySolution* solution, SteadySummary* summary);

/// Gas properties from the network's sources, weighted by positive injection (temperature
/// too; where no source with a temperature injects, the plain mean over the sources that
/// have one). Each property is weighted over the sources that give it (above 0); fields
/// no injecting source gives keep the values of `gas`.
GasModel MixSourceGas(const Network& network, const std::vector<double>& injection,
                      const GasModel& gas);

/// SteadySolution::velocity_low_end_m_per_s and SteadySummary::max_velocity_* of a
/// converged state solved under `o` (SimulateSteady's; the corridor scenarios' last
/// SolveSteady too).
void LowEndVelocities(const Network& net, const SteadyOptions& o, SteadySolution* sol,
                      SteadySummary* sum);

/// The pipes above their pressureMax and the valves beyond their pressureDifferentialMax
/// in a state with node pressures `p` (Pa), in arc order, `tol` Pa allowed
/// (SteadySummary::arc_pressure_violations; track's and the scenarios' states solved with
/// SolveSteady too).
std::vector<ArcPressureViolation> ArcPressureViolations(const Network& network,
                                                        const std::vector<double>& p,
                                                        double tol);

}  // namespace corridor::steady_internal
