// Load continuation around the Newton solve (SolveCore): where Newton's cold starts cannot
// solve a nomination, a fraction of it is solved and stepped up to the whole
// (docs/physics.md, Numerics 8).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "corridor/steady.h"
#include "corridor/units.h"
#include "steady/steady_internal.h"

namespace corridor::steady_internal {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

double PushPeakPressure(const physics::EosParams& eos) {
  // p^2 / z(2p/3) on a geometric scan from 1 bar, 2 % apart, up to 1e5 bar; where z has no
  // gas (z <= 0) the scan ends at the last pressure that had.
  double best = 0.0;
  for (double p = 1e5; p <= 1e10; p *= 1.02) {
    const double z = physics::Compressibility(eos, 2.0 / 3.0 * p).z;
    if (!(z > 0.0) || !std::isfinite(z)) return p / 1.02;
    const double g = p * p / z;
    if (g < best) return p / 1.02;
    best = g;
  }
  return std::numeric_limits<double>::infinity();
}

namespace {

// Whether a failed solve ended at Newton's iteration or time limit (not at the network).
bool LimitsHit(const SteadySummary& s) {
  return s.verdict == Verdict::kFailed && s.reason.rfind("Newton did not converge within", 0) == 0;
}

// Load continuation: where Newton's starts cannot solve a nomination from cold, a fraction
// of it (the injections scaled, everything else as given) is solved from cold, and from
// there the fraction is stepped up to one, each solve starting from the last state that
// converged (SolveExtras::warm); a step that fails is halved. A highly loaded meshed
// network with references at different pressures (random 1 500-node networks at a third
// of what they can carry) ended "infeasible" from both cold starts, though the same
// nomination converged from the state at a smaller load: a wrong verdict that would also
// understate every capacity searched through it. Where the continuation stalls below one,
// the nomination cannot be carried from the states it reached: the verdict is that of the
// smallest fraction that failed, its reason with the fraction carried.
class Continuation {
 public:
  Continuation(const Network& net, const std::vector<double>& inj, const SteadyOptions& opt,
               const SolveExtras& extras, SteadySolution* sol, SteadySummary* sum)
      : net_(net), inj_(inj), opt_(opt), extras_(extras), sol_(sol), sum_(sum) {}

  // *sum_ and *sol_ hold the failed cold solve of the whole nomination.
  // `cut_short`, where given: whether its time limit or its 64 solves ended it short of the
  // whole nomination.
  Status Run(Clock::time_point t0, bool* cut_short = nullptr) {
    const SteadySummary failed = *sum_;
    std::vector<double> inj(inj_.size());
    SteadySolution last, trial;
    SteadySummary trial_sum;
    int solves = 0, iterations = failed.iterations;
    // The LU's work over every solve, as the iterations and the time (the report's "Per
    // iteration" divided the time of all the solves by the last one's factorizations:
    // GasLib-11 at 3 times its nomination read 0.025 ms for 0.0047).
    int factorizations = failed.factorizations,
        pivoting_factorizations = failed.pivoting_factorizations;
    double factor_seconds = failed.factor_seconds;
    bool trial_hold = false;
    std::vector<int> trial_collapse;  // the node groups where trial's pressure fell below 0
    std::vector<int> trial_refs, last_refs;  // the pressure references of trial, of last
    // Solves `fraction` of the nomination into trial, trial_sum (converged only where the
    // equations hold and the state is admissible), trial_hold: whether they hold.
    auto solve = [&](double fraction, const SteadySolution* warm) -> Status {
      for (std::size_t v = 0; v < inj.size(); ++v) inj[v] = fraction * inj_[v];
      SolveExtras e;
      e.upper_hint = extras_.upper_hint;
      e.warm = warm;
      e.scalar_laws = extras_.scalar_laws;
      e.keep_trees = extras_.keep_trees;
      e.time_limit_named_s = NamedTimeLimit(opt_, extras_);
      bool hold = false;
      e.equations_hold = &hold;
      trial_collapse.clear();
      e.collapse_nodes = &trial_collapse;
      e.reference_nodes = &trial_refs;
      SteadyOptions o = opt_;
      o.time_limit_s = std::max(opt_.time_limit_s - Seconds(t0, Clock::now()), 1e-6);
      Status st = SolveOnce(net_, inj, o, e, &trial, &trial_sum, nullptr);
      ++solves;
      iterations += trial_sum.iterations;
      factorizations += trial_sum.factorizations;
      pivoting_factorizations += trial_sum.pivoting_factorizations;
      factor_seconds += trial_sum.factor_seconds;
      if (!hold && trial_sum.verdict == Verdict::kConverged) trial_sum.verdict = Verdict::kFailed;
      trial_hold = hold;
      return st;
    };
    bool out_of_time = false;
    auto time_left = [&]() {
      out_of_time = Seconds(t0, Clock::now()) > opt_.time_limit_s;
      return !out_of_time;
    };
    // A fraction that converges from cold: 1/2, 1/4, ... 1/64. Where the equations hold at
    // a fraction but its state is not admissible (a control valve that cannot reach its
    // outlet pressure there ...), a smaller load is no way round: the search ends.
    double carried = 0.0, first = 0.0, smallest_tried = 1.0;
    std::string inadmissible;
    for (double f = 0.5; f >= 1.0 / 64 && time_left(); f *= 0.5) {
      smallest_tried = f;
      if (Status st = solve(f, nullptr); !st.ok()) return st;
      if (trial_sum.verdict == Verdict::kConverged) {
        carried = first = f;
        std::swap(last, trial);
        last_refs = trial_refs;
        break;
      }
      // (Not where the load chokes a pipe: a smaller load is the way round that.)
      if (trial_hold && trial_sum.limiting_pressure != PressureLimit::kChoked) {
        inadmissible = fmt::format("at {:.4g} % of it the equations hold but the state is {}: {}",
                                   100.0 * f, VerdictName(trial_sum.verdict), trial_sum.reason);
        break;
      }
    }
    // Up from there: the step doubles after a success and halves after a failure, down to
    // 1/256 of the fraction carried (of the nomination, the bracket's width grew with the
    // multiple asked: GasLib-40 at 3 and 10 times its nomination named nodes nearer the
    // source than sink_12, where it runs out); no step goes past the smallest fraction that
    // failed above the last one carried (it may be tried again from a closer state). At
    // most 64 solves.
    constexpr double kMinStep = 1.0 / 256;
    constexpr int kMaxSolves = 64;
    double step = carried, failed_at = 1.0;
    SteadySummary smallest_failure = failed;
    std::vector<int> smallest_collapse;
    while (carried > 0.0 && carried < 1.0 && solves < kMaxSolves && time_left()) {
      const double target = std::min({1.0, carried + step, failed_at});
      if (Status st = solve(target, &last); !st.ok()) return st;
      if (trial_sum.verdict == Verdict::kConverged) {
        carried = target;
        std::swap(last, trial);
        last_refs = trial_refs;
        if (failed_at <= carried) {  // carried from a closer state after all
          failed_at = 1.0;
          smallest_failure = failed;
          smallest_collapse.clear();
        }
        step *= 2.0;
        continue;
      }
      if (target <= failed_at) {
        failed_at = target;
        smallest_failure = trial_sum;
        smallest_collapse = trial_collapse;
      }
      step *= 0.5;
      if (step < kMinStep * carried) break;
    }
    if (carried == 1.0) {
      // The state of the whole nomination, reached from the last fraction's; the summary
      // is that solve's, with the continuation's iterations and time.
      *sol_ = std::move(last);
      *sum_ = std::move(trial_sum);
      sum_->notes.insert(
          sum_->notes.begin(),
          fmt::format("converged by load continuation: Newton's cold starts ended {} ({}); "
                      "{} solves stepped the injections up from {:.4g} % of the nomination",
                      VerdictName(failed.verdict), failed.reason, solves, 100.0 * first));
    } else if (carried > 0.0) {
      // Not carried: the failed solve of the whole nomination stays the answer, with the
      // verdict and reason of the smallest fraction that failed.
      // The fractions are those with the active elements as this solve sets them: the
      // limit loop around it may carry more by moving them (GasLib-24 with its controls
      // at 2.5 times its nomination: 71 % here, while 2.05 times converges with its
      // regulator opened fully).
      const bool set_points =
          std::any_of(opt_.settings.begin(), opt_.settings.end(), [](const ElementSetting& e) {
            return e.mode != ElementMode::kOpen && e.mode != ElementMode::kClosed &&
                   e.mode != ElementMode::kBypass;
          });
      sum_->verdict = smallest_failure.verdict;
      sum_->limiting_node = smallest_failure.limiting_node;
      sum_->limiting_pressure = smallest_failure.limiting_pressure;
      // (The choked pipes of that step, which its reason names: the state reported is the
      // whole nomination's last iterate, whose equations do not hold.)
      sum_->sonic_flows = smallest_failure.sonic_flows;
      // A limit that did not end it, the last state carried says whether the nomination
      // pulls more than the pipes bring (a pressure falling towards zero) or pushes more
      // than they take away (an entry's pressure rising past any that carries it away).
      const double peak = PushPeakPressure(MakeEos(opt_));
      const int pushed = LimitsHit(smallest_failure) ? -1 : Pushed(last, last_refs, peak);
      // Where the failed step's iterate fell below zero first is no exact place where the
      // nomination's paths meet: GasLib-134 2011-11-01 at 2, 2.5 and 10 times its
      // nomination named node_68, node_65 and node_65 in turn, each the end of a branch
      // off its mesh, while node_72 stood lowest in every last state carried (4.27 bar at
      // 1.844 times) and ran out first. The lowest pressure of that part in the last state
      // carried, a step short of the failure, is named.
      std::string why = smallest_failure.reason;
      std::vector<int> collapse = smallest_collapse;
      const bool rename = pushed < 0 && !LimitsHit(smallest_failure) &&
                          smallest_failure.limiting_pressure == PressureLimit::kBelowZero;
      if (rename) {
        std::vector<int> lowest = LowestOfPart(last, smallest_collapse);
        const bool named = std::any_of(lowest.begin(), lowest.end(), [&](int v) {
          return net_.nodes[v].id == smallest_failure.limiting_node;
        });
        if (!lowest.empty() && !named) collapse = std::move(lowest);
      }
      std::size_t start = 0;
      sum_->capacity_bottleneck =
          pushed >= 0 ? Bottleneck(last, {pushed}, &start, &sum_->capacity_way, /*out=*/true)
                      : Bottleneck(last, collapse, &start, &sum_->capacity_way);
      if (collapse != smallest_collapse) {
        // The node the gas arrives at among those that stand lowest (nodes joined by ideal
        // elements stand alike), as the way to it starts.
        const std::size_t low =
            std::find(collapse.begin(), collapse.end(), static_cast<int>(start)) !=
                    collapse.end()
                ? start
                : static_cast<std::size_t>(collapse.front());
        const std::string& id = net_.nodes[low].id;
        // (The failed step's own account, with its figures, follows its node.)
        const std::string prefix = fmt::format(
            "pressure would fall below zero at node {}: the nominated flow exceeds what the "
            "pipes can carry from the pressure references",
            smallest_failure.limiting_node);
        std::string detail;
        if (why.rfind(prefix, 0) == 0) {
          detail = why.substr(prefix.size());
          if (detail.rfind("; ", 0) == 0) detail = ": " + detail.substr(2);
        }
        why = fmt::format(
            "pressure would fall below zero at node {}: the nominated flow exceeds what the "
            "pipes can carry from the pressure references (at {:.4g} % of the nomination, the "
            "last fraction carried, it stood lowest of its part, at {:.6f} bar; the step that "
            "failed fell below zero first at node {}{})",
            id, 100.0 * carried, last.pressure_Pa[low] / units::kBar,
            smallest_failure.limiting_node, detail);
        sum_->limiting_node = id;
      }
      std::string lost;
      for (const auto& [id, share] : sum_->capacity_bottleneck)
        lost += fmt::format("{}'{}' ({:.0f} %)", lost.empty() ? "" : ", ", id, 100.0 * share);
      // A step that failed (Newton's limits, not a collapse of pressure) says no capacity:
      // GasLib-4197 under --max-iterations 2 read "3.906 % of the nomination converged".
      // (Only Newton's iteration or time limit: a singular Jacobian or equations without a
      // finite value are no limit of the solver's.)
      const bool limits = LimitsHit(smallest_failure);
      const std::string limited =
          limits ? fmt::format(", each step within the solver's limits ({} Newton iteration{}, "
                               "{:g} s for the whole solve): the fractions say where those "
                               "limits ended it, not what the network carries",
                               opt_.max_iterations, opt_.max_iterations == 1 ? "" : "s",
                               NamedTimeLimit(opt_, extras_))
                 : std::string();
      if (pushed >= 0) {
        // (Where the failed step's own reason was a collapse "at" a node downstream, or a
        // reference's: random networks with entries behind narrow pipes read "pressure would
        // fall below zero at node X" with X at 49 bar and the entry at 938.)
        sum_->verdict = Verdict::kInfeasible;
        double p_ref = 0.0;
        for (const int r : last_refs) p_ref = std::max(p_ref, last.pressure_Pa[r]);
        const std::string& id = net_.nodes[pushed].id;
        sum_->limiting_node = id;
        sum_->limiting_pressure = PressureLimit::kBeyondReach;
        why = fmt::format(
            "the pressure at node {} would have to rise past any at which the pipes carry "
            "away the gas that enters there: the nominated inflow exceeds what they can carry "
            "to the pressure references (at {:.4g} % of the nomination node {} stood at "
            "{:.6f} bar, {:.3g} times the highest reference's {:.6f} bar; a pipe's flow peaks "
            "at an inlet of {:.0f} bar under the equation of state {})",
            id, 100.0 * carried, id, last.pressure_Pa[pushed] / units::kBar,
            last.pressure_Pa[pushed] / p_ref, p_ref / units::kBar, peak / units::kBar,
            EquationOfStateName(opt_.eos));
      }
      sum_->reason = fmt::format(
          "{} (load continuation: {:.4g} % of the nomination converged, {:.4g} % did not{}{}{}; "
          "the figures before are that step's, the residuals and pressures reported the last "
          "iterate's at the whole nomination){}",
          why, 100.0 * carried, 100.0 * failed_at, limited,
          set_points ? ", with the active elements held at these settings, their machines' "
                       "limits not checked at that fraction"
                     : "",
          out_of_time ? ", then the time limit ended it" : "",
          lost.empty() ? ""
          : pushed >= 0
              ? fmt::format("; at {:.4g} % the squared pressure fell most, on the gas' way "
                            "from node '{}', in {}",
                            100.0 * carried, net_.nodes[start].id, lost)
              : fmt::format("; at {:.4g} % the squared pressure fell most, on the gas' way "
                            "to node '{}', in {}",
                            100.0 * carried, net_.nodes[start].id, lost));
    } else if (!inadmissible.empty()) {
      sum_->notes.push_back(fmt::format(
          "load continuation: no fraction of the nomination tried converged ({} solves); {}",
          solves, inadmissible));
    } else if (solves == 0) {
      sum_->notes.push_back("the load continuation did not run: the time limit had passed");
    } else {
      sum_->notes.push_back(fmt::format(
          "load continuation: no fraction of the nomination down to {:.4g} % converged from "
          "cold ({} solves{})",
          100.0 * smallest_tried, solves, out_of_time ? ", then the time limit ended it" : ""));
      // With pressure set-points, a collapse at every fraction is no capacity of the pipes
      // for the nomination: GasLib-40 at 5 % of its nomination, two stations at outlet
      // set-points of 70 bar beside a 55 bar reference, read "the nominated flow exceeds
      // what the pipes can carry" (an operator's audit). The reason says so.
      std::string set;
      int n_set = 0;
      for (const ElementSetting& e : opt_.settings)
        if (e.mode == ElementMode::kOutletPressure || e.mode == ElementMode::kInletPressure ||
            e.mode == ElementMode::kPressureDrop || e.mode == ElementMode::kRatio) {
          if (++n_set <= 3)
            set += fmt::format("{}{} {}", set.empty() ? "" : ", ", e.arc_id,
                               ElementModeName(e.mode));
        }
      if (n_set > 3) set += ", ...";
      if (n_set > 0 && !out_of_time && sum_->verdict == Verdict::kInfeasible &&
          !LimitsHit(*sum_)) {
        sum_->infeasibility = Infeasibility::kSetUp;  // (the set-points, not the load)
        sum_->reason += fmt::format(
            "; but no fraction of the nomination down to {:.4g} % has a state either: not the "
            "nominated flow but the set-points ({}) ask more of the pipes than they "
            "carry (check them against the references and each other)",
            100.0 * smallest_tried, set);
      }
    }
    sum_->iterations = iterations;
    sum_->factorizations = factorizations;
    sum_->pivoting_factorizations = pivoting_factorizations;
    sum_->factor_seconds = factor_seconds;
    sum_->continuation_solves = solves;
    sum_->setup_seconds = failed.setup_seconds;
    sum_->solve_seconds = Seconds(t0, Clock::now()) - failed.setup_seconds;
    sum_->equations_hold = carried == 1.0;
    if (extras_.equations_hold != nullptr) *extras_.equations_hold = carried == 1.0;
    if (cut_short != nullptr) *cut_short = carried < 1.0 && (out_of_time || solves >= kMaxSolves);
    return Status::Ok();
  }

 private:
  // The node at which the converged `state` (its references `refs`) shows the nomination
  // pushing more gas than the pipes carry away: the highest pressure off the references,
  // at least half the pressure at which a pipe's flow peaks (PushPeakPressure: under an
  // equation of state whose z grows faster than p^2, as Papay's, a pipe's flow has a
  // maximum over its inlet pressure; an entry beyond it has no state, and its pressure
  // climbs towards it in the steps before), above twice both the highest reference's and
  // its own upper bound, and further above the references than the lowest pressure lies
  // below them (a pull's collapse); -1 if none. (Without the peak, an entry at 372 bar
  // behind a narrow pipe was named where an exit's pressure collapsed, under the ideal gas
  // too; genuine pushes stood at 1 000 bar and more.)
  int Pushed(const SteadySolution& state, const std::vector<int>& refs, double peak) const {
    const std::size_t nn = net_.nodes.size();
    if (refs.empty() || state.pressure_Pa.size() != nn) return -1;
    std::vector<char> is_ref(nn, 0);
    double ref_hi = 0.0, ref_lo = std::numeric_limits<double>::infinity();
    for (const int r : refs) {
      if (r < 0 || static_cast<std::size_t>(r) >= nn) return -1;
      is_ref[r] = 1;
      ref_hi = std::max(ref_hi, state.pressure_Pa[r]);
      ref_lo = std::min(ref_lo, state.pressure_Pa[r]);
    }
    int hi = -1;
    double lo = std::numeric_limits<double>::infinity();
    for (std::size_t v = 0; v < nn; ++v) {
      const double p = state.pressure_Pa[v];
      if (!std::isfinite(p)) continue;
      lo = std::min(lo, p);
      if (!is_ref[v] && (hi < 0 || p > state.pressure_Pa[hi])) hi = static_cast<int>(v);
    }
    if (hi < 0 || !(ref_hi > 0.0) || !(lo > 0.0)) return -1;
    const double p_hi = state.pressure_Pa[hi];
    const double bound = std::max(ref_hi, net_.nodes[hi].pressure_max_Pa);
    return p_hi >= 0.5 * peak && p_hi > 2.0 * bound &&
                   p_hi / ref_hi > ref_lo / lo
               ? hi
               : -1;
  }

  // SteadySummary::capacity_bottleneck: from the node of `collapse` (a merged group's nodes,
  // in the caller's numbering) with the largest inflow upstream in `state`, each step along
  // the arc that brings the node its largest inflow, until a pressure reference, a node
  // whose gas comes mainly from its own injection (an entry), an element that holds a
  // pressure (an outlet or inlet set-point: nothing above it is felt below), a node seen
  // before, or one without inflow; then the arcs with the largest falls of p^2 on that way,
  // as shares of all its falls. *start: the group's node the way starts from. `out`: the
  // mirror, from a node the nomination pushes (Pushed) along the arcs that take its largest
  // outflow, until a reference, a node whose gas goes mainly to its own withdrawal (an
  // exit), a held element, a node seen before, or one without outflow. *way: the arcs
  // walked, in order (SteadySummary::capacity_way); empty where the result is.
  // The nodes of lowest pressure in `state` among those joined to `collapse` by arcs that
  // set nothing (pipes, short pipes, resistors, and valves, control valves and stations
  // that no setting holds other than open or in bypass): where the gas of that part runs
  // out first as its load nears what it carries. Several where ideal elements join them
  // (one pressure); none where there is no such node.
  std::vector<int> LowestOfPart(const SteadySolution& state,
                                const std::vector<int>& collapse) const {
    const std::size_t nn = net_.nodes.size(), na = net_.arcs.size();
    if (collapse.empty() || state.pressure_Pa.size() != nn) return {};
    const int first = collapse.front();
    if (first < 0 || static_cast<std::size_t>(first) >= nn) return {};
    std::vector<char> cut(na, 0);
    for (const ElementSetting& st : opt_.settings)
      if (st.mode != ElementMode::kOpen && st.mode != ElementMode::kBypass)
        if (const auto a = net_.FindArc(st.arc_id)) cut[*a] = 1;
    std::vector<std::size_t> parent(nn);
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    auto find = [&](std::size_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (std::size_t a = 0; a < na; ++a) {
      const Arc& arc = net_.arcs[a];
      if (cut[a] || arc.from_index >= nn || arc.to_index >= nn) continue;
      parent[find(arc.from_index)] = find(arc.to_index);
    }
    const std::size_t part = find(static_cast<std::size_t>(first));
    std::vector<int> lowest;
    double p_low = std::numeric_limits<double>::infinity();
    for (std::size_t v = 0; v < nn; ++v) {
      const double p = state.pressure_Pa[v];
      if (find(v) != part || !std::isfinite(p) || p > p_low) continue;
      if (p < p_low) lowest.clear();
      p_low = p;
      lowest.push_back(static_cast<int>(v));
    }
    return lowest;
  }

  std::vector<std::pair<std::string, double>> Bottleneck(const SteadySolution& state,
                                                         const std::vector<int>& collapse,
                                                         std::size_t* start,
                                                         std::vector<std::string>* way,
                                                         bool out = false) const {
    way->clear();
    const std::size_t nn = net_.nodes.size(), na = net_.arcs.size();
    if (collapse.empty() || state.pressure_Pa.size() != nn ||
        state.mass_flow_kg_per_s.size() != na || state.injection_kg_per_s.size() != nn)
      return {};
    std::vector<std::vector<int>> at(nn);  // arcs at each node
    for (std::size_t a = 0; a < na; ++a) {
      const Arc& arc = net_.arcs[a];
      if (arc.from_index >= nn || arc.to_index >= nn) return {};
      at[arc.from_index].push_back(static_cast<int>(a));
      at[arc.to_index].push_back(static_cast<int>(a));
    }
    std::vector<char> held(na, 0), reference(nn, 0);
    for (const ElementSetting& st : opt_.settings)
      if (st.mode == ElementMode::kOutletPressure || st.mode == ElementMode::kInletPressure)
        if (const auto a = net_.FindArc(st.arc_id)) held[*a] = 1;
    for (const SlackNode& sn : opt_.slacks)
      if (const auto v = net_.FindNode(sn.node_id)) reference[*v] = 1;
    // The way in: the arc that brings v its largest inflow (-1: none) and v's inflow (out:
    // the way on, its largest outflow).
    auto way_in = [&](std::size_t v, double* inflow) {
      int best = -1;
      double largest = 0.0;
      *inflow = 0.0;
      for (int a : at[v]) {
        const Arc& arc = net_.arcs[a];
        if (arc.from_index == arc.to_index) continue;
        const double q = state.mass_flow_kg_per_s[a] *
                         ((out ? arc.from_index : arc.to_index) == v ? 1.0 : -1.0);
        if (!(q > 0.0)) continue;
        *inflow += q;
        if (q > largest) {
          largest = q;
          best = a;
        }
      }
      return best;
    };
    // The group's node the gas arrives at (its first node may be an idle one).
    std::size_t v = nn;
    double most = 0.0;
    for (int c : collapse) {
      if (c < 0 || static_cast<std::size_t>(c) >= nn) continue;
      double inflow = 0.0;
      way_in(static_cast<std::size_t>(c), &inflow);
      if (v == nn || inflow > most) {
        most = inflow;
        v = static_cast<std::size_t>(c);
      }
    }
    if (v >= nn) return {};
    *start = v;
    std::vector<char> seen(nn, 0);
    std::vector<std::pair<double, int>> falls;  // (fall of p^2, arc)
    double total = 0.0;
    while (!seen[v] && !(reference[v] && v != *start)) {
      seen[v] = 1;
      double inflow = 0.0;
      const int best = way_in(v, &inflow);
      const double own = out ? -state.injection_kg_per_s[v] : state.injection_kg_per_s[v];
      if (best < 0 || held[best] || own > inflow) break;
      const Arc& arc = net_.arcs[best];
      way->push_back(arc.id);
      const std::size_t u = arc.to_index == v ? arc.from_index : arc.to_index;
      const double pu = state.pressure_Pa[u], pv = state.pressure_Pa[v];
      const double fall = out ? pv * pv - pu * pu : pu * pu - pv * pv;
      if (std::isfinite(fall) && fall > 0.0) {
        falls.push_back({fall, best});
        total += fall;
      }
      v = u;
    }
    if (!(total > 0.0)) {
      way->clear();
      return {};
    }
    std::sort(falls.begin(), falls.end(), std::greater<>());
    std::vector<std::pair<std::string, double>> shares;
    for (std::size_t k = 0; k < falls.size() && k < 3; ++k)
      shares.push_back({net_.arcs[falls[k].second].id, falls[k].first / total});
    return shares;
  }

  const Network& net_;
  const std::vector<double>& inj_;
  const SteadyOptions& opt_;
  const SolveExtras& extras_;
  SteadySolution* sol_;
  SteadySummary* sum_;
};

}  // namespace

Status SolveCore(const Network& network, const std::vector<double>& injection,
                 const SteadyOptions& options, const SolveExtras& extras,
                 SteadySolution* solution, SteadySummary* summary) {
  const auto t0 = Clock::now();
  bool newton_failed = false, tree_infeasible = false;
  if (Status st = SolveOnce(network, injection, options, extras, solution, summary,
                            &newton_failed, &tree_infeasible);
      !st.ok())
    return st;
  // Only where Newton ran and none of its starts solved the equations (not a verdict
  // reached before it, nor one on a state that solves them), on a cold solve of the
  // nomination as given (the active-element rounds with their warm starts and limits keep
  // their own logic), and where there is a load to scale.
  const bool cold = extras.warm == nullptr && extras.limits.empty();
  // Without it, where the iterate collapsed is no bottleneck: GasLib-4197 at 5 times its
  // nomination named innode_1200, at 91.5 bar in the last state the network carries.
  if (!options.load_continuation && cold && newton_failed &&
      summary->verdict == Verdict::kInfeasible &&
      summary->reason.rfind("pressure would fall below zero at node", 0) == 0)
    summary->reason += " (where Newton's iterate at the whole nomination collapsed, which "
                       "need not be where the network runs out: the load continuation, off "
                       "here, finds that)";
  // A pendant tree that cannot pass its flow below a core that converged is an exact
  // verdict, but the tree it names need not be the one that runs out first: GasLib-582 ran
  // out at sink_26 from 1.4 times its nomination, and 1.46 to 1.55 times named innode_269,
  // innode_301 and innode_293 in turn. The continuation finds where the load runs out first;
  // where that is the node named, the whole nomination's figures stay (they are exact).
  if (!options.load_continuation || !cold || !(newton_failed || tree_infeasible) ||
      std::all_of(injection.begin(), injection.end(), [](double v) { return v == 0.0; }))
    return Status::Ok();
  if (!tree_infeasible)
    return Continuation(network, injection, options, extras, solution, summary).Run(t0);
  const SteadySolution whole = *solution;
  const SteadySummary exact = *summary;
  bool cut_short = false;
  if (Status st = Continuation(network, injection, options, extras, solution, summary)
                      .Run(t0, &cut_short);
      !st.ok())
    return st;
  if (summary->verdict != Verdict::kInfeasible || exact.limiting_node.empty() ||
      summary->limiting_node == exact.limiting_node) {
    // The pendant tree's exact verdict, with the way the continuation found to its node
    // (the note of the stations on it named all twelve of GasLib-4197's at twice its load).
    std::vector<std::string> way;
    if (summary->verdict == Verdict::kInfeasible && !exact.limiting_node.empty() &&
        summary->limiting_node == exact.limiting_node)
      way = std::move(summary->capacity_way);
    // A continuation that its time limit or its 64 solves ended did not find which tree
    // runs out first: said, with the work it did (GasLib-4197 at 3 times its nomination named
    // sink_705 under a short --time-limit and sink_704 without one, the report silent on
    // the limit and its solve time the first solve's alone).
    const SteadySummary continued = std::move(*summary);
    *solution = whole;
    *summary = exact;
    summary->capacity_way = std::move(way);
    const int solves = continued.continuation_solves;
    if ((cut_short || solves == 0 || continued.verdict != Verdict::kInfeasible) &&
        !exact.limiting_node.empty()) {
      summary->notes.push_back(fmt::format(
          "{}: the tree behind {} cannot carry the whole nomination, but another may run "
          "out before it",
          solves == 0 ? std::string("the load continuation, which finds the pendant tree that "
                                    "runs out first, did not run (the time limit had passed)")
                      : fmt::format("the load continuation, which finds the pendant tree "
                                    "that runs out first, ended {} after {} solve{}",
                                    cut_short ? "at the time limit (or its 64 solves)"
                                              : VerdictName(continued.verdict),
                                    solves, solves == 1 ? "" : "s"),
          exact.limiting_node));
      summary->iterations = continued.iterations;
      summary->factorizations = continued.factorizations;
      summary->pivoting_factorizations = continued.pivoting_factorizations;
      summary->factor_seconds = continued.factor_seconds;
      summary->continuation_solves = continued.continuation_solves;
      summary->solve_seconds = continued.solve_seconds;
    }
  }
  return Status::Ok();
}

}  // namespace corridor::steady_internal
