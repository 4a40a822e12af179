// TrackSteady: hydraulics <-> mixing fixed point.
//
// The steady solver takes one gas for the whole network (steady.h GasModel), so the coupling
// is network-wide: after each solve the gas seen by the pipes (each pipe's upstream mix,
// weighted by |mass flow| x length; moles additive, so R_s averages like 1/M) replaces the
// solver's gas (molar mass and pseudocritical data, Kay's rule), and the solve repeats until
// the molar mass changes by less than outer_tolerance. The norm density that converts the
// nomination to mass flows is kept at the solver's own choice (the entries' volume-weighted
// mean), so the boundary mass flows do not move between iterations. A per-pipe gas (each
// pipe with its own R_s and z) needs a per-arc gas in steady.h; docs/tracking.md notes it.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corridor/tracking.h"
#include "core/problems.h"
#include "core/options_path.h"
#include "steady/steady_internal.h"
#include "tracking/nomination_density.h"
#include "core/guarded_call.h"

namespace corridor {

namespace {

// The gas the pipes see: harmonic mean of M (arithmetic in moles) weighted by |m| L.
bool PipeMix(const Network& net, const SteadySolution& sol, const TrackingSummary& tr,
             GasModel* g) {
  double wsum = 0.0, moles = 0.0, pc = 0.0, tc = 0.0;
  for (std::size_t a = 0; a < net.arcs.size(); ++a) {
    const Arc& arc = net.arcs[a];
    const double m = sol.mass_flow_kg_per_s[a];
    const double len = arc.kind == ArcKind::kPipe ? arc.pipe.length_m : 0.0;
    const double w = std::abs(m) * len;
    if (!(w > 0.0)) continue;
    const std::size_t up = m >= 0.0 ? arc.from_index : arc.to_index;
    const NodeGas& ng = tr.nodes[up];
    if (!ng.has_gas || !(ng.quality.molar_mass_kg_per_mol > 0.0)) continue;
    const double n = w / ng.quality.molar_mass_kg_per_mol;
    wsum += w;
    moles += n;
    if (ng.quality.pseudocritical_pressure_Pa > 0.0) pc += n * ng.quality.pseudocritical_pressure_Pa;
    if (ng.quality.pseudocritical_temperature_K > 0.0)
      tc += n * ng.quality.pseudocritical_temperature_K;
  }
  if (!(moles > 0.0)) return false;
  g->molar_mass_kg_per_mol = wsum / moles;
  if (pc > 0.0) g->pseudocritical_pressure_Pa = pc / moles;
  if (tc > 0.0) g->pseudocritical_temperature_K = tc / moles;
  return true;
}

// Who supplied the fuel withdrawn by hand: the pressure references, whose injections the
// solve with fuel changed. A reference that is an exit (it withdraws) supplies it by
// delivering less than its nomination, which the report must say: read as a delivery, the
// shortfall looked like the network's answer (5 kg/s of Korpeje's fuel missing at Qazvin).
// `drawn`: the fuel taken at each node (a reference that is a fuel node takes it in and
// burns it there: its net injection did not move, and the note was missing).
std::string FuelSupplyNote(const Network& net, const SteadyOptions& so,
                           const std::vector<double>& before, const std::vector<double>& after,
                           const std::vector<double>& drawn, double total) {
  std::string by;
  int n = 0;
  for (const SlackNode& sl : so.slacks) {
    const auto v = net.FindNode(sl.node_id);
    if (!v) continue;
    const double gross = after[*v] + (*v < drawn.size() ? drawn[*v] : 0.0);
    const double d = gross - before[*v];
    if (!(std::abs(d) > so.mass_tolerance_kg_per_s)) continue;
    ++n;
    by += fmt::format("{}{} {:+.6g} kg/s", by.empty() ? "" : "; ", sl.node_id, d);
    if (before[*v] < 0.0 && d > 0.0)
      by += fmt::format(" (it withdraws: it delivers {:.6g} kg/s, {:.3g} % less than the "
                        "{:.6g} kg/s of the nomination)",
                        -gross, 100.0 * std::min(d, -before[*v]) / -before[*v], -before[*v]);
  }
  if (n == 0) return "";
  return fmt::format("fuel {:.6g} kg/s in all, supplied by the pressure reference{}: {}", total,
                     n == 1 ? "" : "s", by);
}

// Without volumes_at_gas_density every nominated volume became a mass at one norm density
// (SimulateSteady's): an entry whose own gas is lighter or heavier then delivers another
// volume of its own gas than nominated, and the report's volumes (at the gas that flows)
// read so. Said where an entry's own norm density lies 0.1 % or more off that one (ru-phase1:
// Samur 5.503 mcm/d against the 5.106 nominated, unexplained); empty otherwise. An entry
// whose injection the nomination does not set (a pressure reference: it injects what
// balances the rest) is not judged, as its volume is not the nominated one for another
// reason: it was named as "X nominated, Y of its own gas injected" with Y made up.
std::string OneDensityNote(const GasCase& c, const SteadyOptions& options,
                           const SteadySolution& solution) {
  GasModel g;
  if (!CaseGas(c, options, &g).ok() || !(g.norm_density_kg_per_m3 > 0.0)) return {};
  const double rho = g.norm_density_kg_per_m3;
  const NodeNomination* worst = nullptr;
  double worst_rho = rho;
  for (const NodeNomination& nn : c.nomination->nodes) {
    const auto v = c.network.FindNode(nn.node_id);
    if (!nn.is_entry || !(nn.flow() > 0.0) || !v || !c.network.nodes[*v].gas) continue;
    // A reference whose solved injection is not its nominated mass (where the nomination
    // balances, it injects just that, and the note holds for it). With references given,
    // only they (fuel given by hand, which those runs need, may be drawn at an entry).
    const bool other_mass = *v < solution.injection_kg_per_s.size() &&
                            std::abs(solution.injection_kg_per_s[*v] - nn.flow() * rho) >
                                options.mass_tolerance_kg_per_s + 1e-9 * nn.flow() * rho;
    const bool given =
        std::any_of(options.slacks.begin(), options.slacks.end(),
                    [&](const SlackNode& sl) { return sl.node_id == nn.node_id; });
    if (other_mass && (options.slacks.empty() || given)) continue;
    const double own = c.network.nodes[*v].gas->norm_density_kg_per_m3;
    if (own > 0.0 && std::abs(rho / own - 1.0) > std::abs(rho / worst_rho - 1.0)) {
      worst = &nn;
      worst_rho = own;
    }
  }
  if (worst == nullptr || std::abs(rho / worst_rho - 1.0) < 1e-3) return {};
  return fmt::format(
      "the nomination's volumes became masses at one norm density, the solve's {:.4f} kg/m3, "
      "not at each entry's own gas: volumes of the gas that flows (exits, border points) "
      "read up to {:+.1f} % off those nominated ({}: its gas {:.4f} kg/m3, {:.4f} mcm/d "
      "nominated, {:.4f} of its own gas injected); volumes_at_gas_density (--local-density, "
      "with --slack) converts each node's volume at its own gas",
      rho, 100.0 * (rho / worst_rho - 1.0), worst->node_id, worst_rho,
      worst->flow() / units::kMcmPerDay, worst->flow() * rho / worst_rho / units::kMcmPerDay);
}

}  // namespace

namespace tracking_internal {

std::vector<double> NominationNormDensities(const GasCase& c, const TrackingSummary& tracked,
                                            double fallback) {
  const std::size_t n = c.network.nodes.size();
  std::vector<double> rho(n, fallback);
  if (!c.nomination || tracked.nodes.size() != n) return rho;
  std::vector<double> injected(n, 0.0);
  for (const InjectionPoint& p : tracked.points)
    if (p.node_index < n) injected[p.node_index] = p.gas.norm_density_kg_per_m3;
  for (const NodeNomination& nn : c.nomination->nodes) {
    const auto v = c.network.FindNode(nn.node_id);
    if (!v) continue;
    const NodeGas& ng = tracked.nodes[*v];
    const bool injects = nn.is_entry ? nn.flow() > 0.0 : nn.flow() < 0.0;
    if (injects && injected[*v] > 0.0)
      rho[*v] = injected[*v];
    else if (!injects && ng.has_gas && ng.quality.norm_density_kg_per_m3 > 0.0)
      rho[*v] = ng.quality.norm_density_kg_per_m3;
  }
  return rho;
}

std::vector<ArcGas> TrackedArcGases(const Network& net, const std::vector<double>& mass_flow,
                                    const TrackingSummary& tracked, double zero_flow) {
  const std::size_t n = net.nodes.size(), na = net.arcs.size();
  if (tracked.nodes.size() != n || mass_flow.size() != na) return {};
  std::vector<ArcGas> g(na);
  for (std::size_t a = 0; a < na; ++a) {
    const Arc& arc = net.arcs[a];
    if (arc.from_index >= n || arc.to_index >= n) continue;
    const bool none = !(std::abs(mass_flow[a]) > zero_flow);
    const std::size_t up = none ? (tracked.nodes[arc.from_index].has_gas ? arc.from_index
                                                                         : arc.to_index)
                           : mass_flow[a] < 0.0 ? arc.to_index
                                                : arc.from_index;
    const NodeGas& ng = tracked.nodes[up];
    const GasQuality& q = ng.quality;
    if (ng.has_gas && q.molar_mass_kg_per_mol > 0.0 && q.pseudocritical_pressure_Pa > 0.0 &&
        q.pseudocritical_temperature_K > 0.0)
      g[a] = {q.molar_mass_kg_per_mol, q.pseudocritical_pressure_Pa,
              q.pseudocritical_temperature_K};
  }
  return g;
}

double ArcGasChange(const std::vector<ArcGas>& a, const std::vector<ArcGas>& b) {
  if (a.size() != b.size()) return 1.0;
  auto rel = [](double x, double y) {
    return x == y ? 0.0 : std::abs(x - y) / std::max(std::abs(x), std::abs(y));
  };
  double change = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k)
    change = std::max({change, rel(a[k].molar_mass_kg_per_mol, b[k].molar_mass_kg_per_mol),
                       rel(a[k].pseudocritical_pressure_Pa, b[k].pseudocritical_pressure_Pa),
                       rel(a[k].pseudocritical_temperature_K, b[k].pseudocritical_temperature_K)});
  return change;
}

}  // namespace tracking_internal

Status TrackSteadyOptions::Validate() const {
  // Every problem, the nested options' too, in one Status.
  internal::Problems problems("TrackSteadyOptions", &Status::InvalidArgument);
  // The relative change levels off near 2e-16: a tolerance below 1e-15 is never met, and
  // INT_MAX iterations ran for days.
  if (max_outer_iterations < 1 || max_outer_iterations > 1000)
    problems.Add(fmt::format("TrackSteadyOptions.max_outer_iterations must lie in [1, 1000], "
                             "got {}",
                             max_outer_iterations));
  if (!(outer_tolerance >= 1e-15) || !std::isfinite(outer_tolerance))
    problems.Add(fmt::format("TrackSteadyOptions.outer_tolerance must be finite and at least "
                             "1e-15, got {}",
                             outer_tolerance));
  if (gas_per_arc && !couple_hydraulics)
    problems.Add("TrackSteadyOptions.gas_per_arc needs couple_hydraulics: the arcs' gases are "
                 "the coupling's (--gas-per-arc without --no-couple)");
  if (gas_per_arc && (steady.pipe_model != PipeModel::kStandard ||
                      !steady_internal::EosTakesGasData(steady.eos)))
    problems.Add(fmt::format("TrackSteadyOptions.gas_per_arc needs the standard pipe law and an "
                             "equation of state that takes a gas's data (ideal, Papay, AGA), "
                             "not {} under {}: their coefficients are one gas's",
                             PipeModelName(steady.pipe_model), EquationOfStateName(steady.eos)));
  if (std::isnan(swap.input_m3_per_s) || std::isinf(swap.input_m3_per_s))
    problems.Add(fmt::format("TrackSteadyOptions.swap.input_m3_per_s must be finite (< 0: not "
                             "given), got {}",
                             swap.input_m3_per_s));
  if (std::isnan(swap.fee) || swap.fee >= 1.0)
    problems.Add(fmt::format("TrackSteadyOptions.swap.fee must lie in [0, 1) (< 0: not given), "
                             "got {}",
                             swap.fee));
  // The nested options, named by their path from here (SteadyOptions.threads ->
  // TrackSteadyOptions.steady.threads): they were checked only once a solve or the
  // tracking ran, so that this had no Validate to ask beforehand.
  problems.Add(
      NestedOptionsStatus(steady.Validate(), "SteadyOptions", "TrackSteadyOptions.steady"));
  problems.Add(
      NestedOptionsStatus(tracking.Validate(), "TrackingOptions", "TrackSteadyOptions.tracking"));
  return problems.ToStatus();
}

static Status TrackSteadyUnguarded(const GasCase& c, const OriginGroups& groups_given,
                                   const TrackSteadyOptions& options, SteadySolution* solution,
                                   SteadySummary* steady_summary, TrackingSummary* summary) {
  if (solution == nullptr || steady_summary == nullptr || summary == nullptr)
    return Status::InvalidArgument("TrackSteady: solution and summaries must not be null");
  // Nothing of an earlier call's stays where this one is refused (a converged verdict did).
  *solution = SteadySolution{};
  *steady_summary = SteadySummary{};
  *summary = TrackingSummary{};
  if (Status st = options.Validate(); !st.ok()) return st;
  // The swap the nomination runs under: the scenario's own input and fee were applied by
  // `corridor track` alone, so that the library gave another net position for the same
  // files, and an input beyond the supply ran, "swapper owes" the difference.
  const bool swap_given = options.swap.input_m3_per_s >= 0.0 || options.swap.fee >= 0.0;
  OriginGroups resolved;
  const OriginGroups* use = &groups_given;
  if (groups_given.swap && c.nomination) {
    resolved = groups_given;
    SwapSpec swap;
    if (Status st = SwapForNomination(groups_given, *c.nomination, options.swap, &swap);
        !st.ok())
      return st;
    resolved.swap = std::move(swap);
    use = &resolved;
  } else if (swap_given && !groups_given.swap) {
    return Status::InvalidArgument(
        "TrackSteadyOptions.swap gives a swap input or fee, but the groups define no swap "
        "[no-swap]");
  }
  const OriginGroups& groups = *use;
  SteadyOptions so = options.steady;
  // Fuel given by hand replaces the solver's own fuel model (no double count); the solver's
  // fuel needs the machine data, which SolveSteady (the --local-density path) takes from here.
  if (!options.tracking.fuel.empty()) so.fuel_gas = false;
  if (so.machines == nullptr && c.stations) so.machines = &*c.stations;
  const bool couple = options.couple_hydraulics && so.gas.from_sources;
  const bool local = options.volumes_at_gas_density;
  const bool fuel = !options.tracking.fuel.empty();
  const bool iterate = couple || local;
  std::vector<std::string> notes;
  std::string fuel_supply;  // the last fuel pass's: who supplied the fuel
  // Where the last fuel pass drew each station's fuel (options.tracking.fuel's order): the
  // tracking books it there. It took the node again from the flow after the fuel was drawn,
  // which the fuel had turned at a station without flow: drawn at its dead-end inlet, booked
  // at the other end as gas of no origin, and the dead end an exit nobody nominated.
  std::vector<std::string> fuel_nodes;
  if (options.couple_hydraulics && !so.gas.from_sources)
    notes.push_back("gas given explicitly (not from the sources): hydraulics not coupled to "
                    "the mixing");
  if ((fuel || local) && so.slacks.empty())
    return Status::InvalidArgument(fmt::format(
        "TrackSteady: {} needs explicit pressure references (SteadyOptions.slacks, --slack): "
        "the solve then runs with explicit node injections, balanced by the slacks",
        fuel ? "fuel gas" : "volumes_at_gas_density"));
  if (local && !c.nomination)
    return Status::InvalidArgument("TrackSteady: the case has no nomination (.scn)");
  std::vector<double> trace;
  std::vector<double> last_rho;  // per node: norm density used to convert its nomination
  double last_m = 0.0;
  bool converged = !iterate;
  int it = 0;
  for (it = 1; it <= (iterate ? options.max_outer_iterations : 1); ++it) {
    Status s;
    if (local && it > 1) {
      // Nominated volumes to mass at each node's own gas: what a node injects at the gas it
      // injects, what it withdraws at the mix found there by the previous tracking (normal
      // volumes are conserved by mixing, so the nomination's volume balance becomes a mass
      // balance).
      std::vector<double> inj(c.network.nodes.size(), 0.0);
      for (const NodeNomination& nn : c.nomination->nodes) {
        auto v = c.network.FindNode(nn.node_id);
        if (!v) continue;  // SimulateSteady reported it on the first pass
        const double q = nn.flow() * last_rho[*v];
        inj[*v] += nn.is_entry ? q : -q;
      }
      s = SolveSteady(c.network, inj, so, solution, steady_summary);
    } else {
      s = SimulateSteady(c, so, solution, steady_summary);
    }
    if (!s.ok()) return s;
    if (fuel && steady_summary->verdict == Verdict::kConverged) {
      // The solver has no fuel model: withdraw each station's fuel at its fuel node and solve
      // again with explicit injections (the slacks supply it).
      std::vector<double> inj = solution->injection_kg_per_s;
      const std::vector<double> unfuelled = inj;
      std::vector<double> drawn(inj.size(), 0.0);  // fuel by node
      double total = 0.0;
      fuel_nodes.clear();
      for (const StationFuel& f : options.tracking.fuel) {
        total += f.mass_flow_kg_per_s;
        auto a = c.network.FindArc(f.station_id);
        if (!a || c.network.arcs[*a].kind != ArcKind::kCompressorStation)
          return Status::InvalidArgument(fmt::format(
              "fuel given for '{}', which is not a compressor station of the network",
              f.station_id));
        const Arc& arc = c.network.arcs[*a];
        std::size_t fv =
            solution->mass_flow_kg_per_s[*a] >= 0.0 ? arc.from_index : arc.to_index;
        if (!arc.compressor.fuel_gas_vertex.empty()) {
          auto v = c.network.FindNode(arc.compressor.fuel_gas_vertex);
          if (!v)
            return Status::InvalidArgument(fmt::format(
                "station '{}' draws fuel at node '{}', which is not in the network",
                f.station_id, arc.compressor.fuel_gas_vertex));
          fv = *v;
        }
        inj[fv] -= f.mass_flow_kg_per_s;
        drawn[fv] += f.mass_flow_kg_per_s;
        fuel_nodes.push_back(c.network.nodes[fv].id);
        // A station that does not lift gas here (bypass, closed, shut or at ratio 1) burns
        // what it is given all the same: said (it was taken without a word).
        const auto e = std::find_if(
            solution->elements.begin(), solution->elements.end(),
            [&](const ActiveElementState& x) { return x.arc_id == f.station_id; });
        const bool lifts = e != solution->elements.end() && e->hold != ElementHold::kClosed &&
                           e->hold != ElementHold::kRatioMin;
        if (it == 1 && !lifts && f.mass_flow_kg_per_s > 0.0)
          notes.push_back(fmt::format(
              "fuel {:.6g} kg/s given for '{}', which lifts no gas in this state ({}): it is "
              "withdrawn all the same",
              f.mass_flow_kg_per_s, f.station_id,
              e == solution->elements.end() ? "bypass or closed"
                                            : std::string(ElementHoldName(e->hold))));
      }
      s = SolveSteady(c.network, inj, so, solution, steady_summary);
      if (!s.ok()) return s;
      // (This pass's, or none: never an earlier pass's beside a state it does not describe.)
      fuel_supply = steady_summary->verdict == Verdict::kConverged
                        ? FuelSupplyNote(c.network, so, unfuelled,
                                         solution->injection_kg_per_s, drawn, total)
                        : std::string();
      // Running stations with machine data that the list leaves out burn nothing here,
      // where the solver's own model would have drawn their fuel: said, not left to guess.
      std::string unlisted;
      int count = 0;
      if (it == 1 && options.steady.fuel_gas)
        for (const ActiveElementState& e : solution->elements) {
          if (e.kind != ArcKind::kCompressorStation || !e.has_machines) continue;
          const bool listed = std::any_of(
              options.tracking.fuel.begin(), options.tracking.fuel.end(),
              [&](const StationFuel& f) { return f.station_id == e.arc_id; });
          if (!listed && count++ < 5) unlisted += (unlisted.empty() ? "" : ", ") + e.arc_id;
        }
      if (count > 0)
        notes.push_back(fmt::format(
            "fuel given by hand replaces the solver's fuel model: {} running station{} with "
            "machine data, not given a fuel, burn{} none here ({}{})",
            count, count == 1 ? "" : "s", count == 1 ? "s" : "", unlisted,
            count > 5 ? ", ..." : ""));
    }
    if (steady_summary->verdict != Verdict::kConverged) {
      *summary = TrackingSummary();
      summary->node_ids.reserve(c.network.nodes.size());
      for (const Node& n : c.network.nodes) summary->node_ids.push_back(n.id);
      summary->outer_iterations = it;
      summary->outer_converged = false;
      summary->notes = notes;
      summary->notes.push_back(fmt::format(
          "the steady state did not converge (verdict {}, outer iteration {}): no tracking",
          VerdictName(steady_summary->verdict), it));
      return Status::Ok();
    }
    // The fuel the solver drew (running stations with machine data) is tracked as fuel.
    TrackingOptions topt = options.tracking;
    // A flow within the solution's resolution is not known to be one: with
    // volumes_at_gas_density, swap-stopped's closed Astara border read 7.2e-8 kg/s (1.8e-7
    // at another reference pressure) from a start within the tolerances, and the swap
    // balance said the swapper over-delivered.
    // With volumes_at_gas_density the masses themselves are settled to outer_tolerance
    // only: a flow that the nominated balance of a part makes zero is resolved no closer
    // than that share of the throughput.
    double line = FlowResolution(c.network, *solution);
    if (local) {
      double throughput = 0.0;
      for (double q : solution->injection_kg_per_s)
        if (std::isfinite(q)) throughput += std::abs(q);
      line = std::max(line, options.outer_tolerance * throughput);
    }
    topt.zero_flow_kg_per_s = std::max(topt.zero_flow_kg_per_s, line);
    if (fuel_nodes.size() == topt.fuel.size())
      for (std::size_t i = 0; i < topt.fuel.size(); ++i) topt.fuel[i].node_id = fuel_nodes[i];
    if (topt.fuel.empty())
      for (const ActiveElementState& e : solution->elements)
        if (e.fuel_kg_per_s > 0.0) {
          // Where the solver drew it: its fuelGasVertex, else its from end.
          const auto a = c.network.FindArc(e.arc_id);
          std::string at;
          if (a) {
            const Arc& arc = c.network.arcs[*a];
            const auto v = c.network.FindNode(arc.compressor.fuel_gas_vertex);
            at = c.network.nodes[v ? *v : arc.from_index].id;
          }
          topt.fuel.push_back({e.arc_id, e.fuel_kg_per_s, at});
        }
    Status t = TrackGas(c.network, solution->mass_flow_kg_per_s, solution->injection_kg_per_s,
                        groups, topt, summary);
    if (!t.ok()) return t;
    if (!iterate) break;
    double change = 0.0;
    if (couple) {
      // The first pass's gas is the one the solver mixed from the sources (CaseGas: its
      // calorific value and isentropic exponent too; the options' defaults, 36.45 MJ/m3
      // where the corridor's sources give 41.34, drew 12.7 % too much fuel from the second
      // pass on). The mixing then sets the molar mass and the pseudo-critical point.
      GasModel g = so.gas;
      if (it == 1) {
        if (Status gs = CaseGas(c, options.steady, &g); !gs.ok()) return gs;
      }
      if (options.gas_per_arc) {
        // Each arc its upstream end's mix; the network's gas stays the sources' mixture.
        std::vector<ArcGas> gases = tracking_internal::TrackedArcGases(
            c.network, solution->mass_flow_kg_per_s, *summary, topt.zero_flow_kg_per_s);
        change = tracking_internal::ArcGasChange(gases, so.arc_gas);
        so.arc_gas = std::move(gases);
        so.gas = g;
        so.gas.from_sources = false;
      } else if (PipeMix(c.network, *solution, *summary, &g)) {
        change = last_m > 0.0 ? std::abs(g.molar_mass_kg_per_mol - last_m) / last_m : 1.0;
        last_m = g.molar_mass_kg_per_mol;
        so.gas = g;
        so.gas.from_sources = false;
      } else if (it == 1) {
        notes.push_back("no pipe carries gas: hydraulics not coupled");
      }
    }
    if (local) {
      // Densities for the next pass (the first used the solver's single norm density), by
      // the sign of the nominated flow (NominationNormDensities). An entry nominated negative
      // withdraws the mix found there: converted at its source's own gas, it delivered 12 %
      // more than nominated.
      GasModel g0;
      if (Status gs = CaseGas(c, options.steady, &g0); !gs.ok()) return gs;
      const std::vector<double> rho = tracking_internal::NominationNormDensities(
          c, *summary, g0.norm_density_kg_per_m3);
      double dr = last_rho.empty() ? 1.0 : 0.0;
      if (!last_rho.empty())
        for (std::size_t v = 0; v < rho.size(); ++v)
          dr = std::max(dr, std::abs(rho[v] - last_rho[v]) / last_rho[v]);
      if (last_rho.empty()) {
        // first pass: compare against the single density SimulateSteady used
        last_rho.assign(rho.size(), g0.norm_density_kg_per_m3);
        dr = 0.0;
        for (std::size_t v = 0; v < rho.size(); ++v)
          dr = std::max(dr, std::abs(rho[v] - last_rho[v]) / last_rho[v]);
        dr = std::max(dr, 1e-300);
      }
      change = std::max(change, dr);
      last_rho = rho;
    }
    trace.push_back(change);
    if (it > 1 && change < options.outer_tolerance) {
      converged = true;
      break;
    }
  }
  // The state tracked against the arcs' pressure limits: a pass after the first solves with
  // SolveSteady, which judges none, and its summary held SimulateSteady's list of none.
  if (steady_summary->verdict == Verdict::kConverged)
    steady_summary->arc_pressure_violations = steady_internal::ArcPressureViolations(
        c.network, solution->pressure_Pa, so.pressure_tolerance_Pa);
  summary->outer_iterations = std::min(it, iterate ? options.max_outer_iterations : 1);
  summary->outer_converged = converged;
  summary->outer_trace = trace;
  for (auto& n : notes) summary->notes.push_back(n);
  if (!fuel_supply.empty()) summary->notes.push_back(fuel_supply);
  // A pressure reference at a source that the given pressures make withdraw: it shows as an
  // exit taking the local mix, which read as a delivery nobody nominated (two --slack in
  // one part turned Mozdok's 4.66 mcm/d entry into a 20 mcm/d exit without a word).
  if (converged || !iterate)
    for (const SlackNode& sl : so.slacks) {
      const auto v = c.network.FindNode(sl.node_id);
      if (!v || c.network.nodes[*v].kind != NodeKind::kSource) continue;
      const double inj = solution->injection_kg_per_s[*v];
      if (!(inj < -so.mass_tolerance_kg_per_s)) continue;
      summary->notes.push_back(fmt::format(
          "pressure reference '{}', a source, withdraws {:.6g} kg/s here: the pressures given "
          "draw gas into it, and it counts as an exit taking the local mix",
          sl.node_id, -inj));
    }
  if (couple)
    summary->notes.push_back(fmt::format(
        "hydraulics coupled to the mixing through the network-wide gas (pipe-weighted mix): "
        "molar mass {:.6f} kg/kmol after {} outer iteration{}",
        last_m * 1e3, summary->outer_iterations, summary->outer_iterations == 1 ? "" : "s"));
  if (local)
    summary->notes.push_back(
        "nominated volumes converted to mass at each node's own gas (what a node injects: the "
        "gas it injects; what it withdraws: the local mix), iterated with the mixing");
  else if (c.nomination)
    if (std::string n = OneDensityNote(c, options.steady, *solution); !n.empty())
      summary->notes.push_back(std::move(n));
  // A swap input taken from the flows is the supplier's gas at its own density; where the
  // nomination's volumes became masses at one density, it is not the volume nominated at the
  // supplier, which a given input is held to (track took 29.24 mcm/d from the flows and
  // refused 29.24 given, beside 28.08 nominated, without a word on why).
  if (!local && c.nomination && summary->swap && summary->swap->input_from_flows &&
      groups.swap) {
    const double nominated = NominatedSwapSupply(*groups.swap, groups, *c.nomination);
    const double injected = summary->swap->supplier_injection_m3_per_s;
    if (nominated > 0.0 && std::abs(injected / nominated - 1.0) > 1e-6)
      summary->swap->notes.push_back(fmt::format(
          "the swap input from the flows is the supplier's gas at its own density: its "
          "sources inject {:.4f} mcm/d of it where {:.4f} mcm/d are nominated (the nomination's "
          "volumes became masses at one density), and a given swap input is held to the "
          "nominated; --local-density puts both on one basis",
          injected * 86400.0 / 1e6, nominated * 86400.0 / 1e6));
  }
  return Status::Ok();
}

Status TrackSteady(const GasCase& c, const OriginGroups& groups, const TrackSteadyOptions& options,
                   SteadySolution* solution, SteadySummary* steady_summary,
                   TrackingSummary* summary) {
  return internal::GuardedCall("TrackSteady", [&] {
    return TrackSteadyUnguarded(c, groups, options, solution, steady_summary, summary);
  });
}

}  // namespace corridor
