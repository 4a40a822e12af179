// SolveSteady / SimulateSteady: from a loaded case to node injections and the gas model.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "corridor/steady.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "physics/gas_physics.h"
#include "physics/station_model.h"
#include "steady/large_buffer.h"
#include "steady/steady_internal.h"
#include "core/guarded_call.h"
#include "core/problems.h"

namespace corridor {

namespace steady_internal {

// The sources' gas data as the mixing takes it, for a network built in code (a file's is
// ValidateCase's): each value finite and not negative (0: not given), a temperature given
// within the plausible range. The mixing skipped a NaN, 0 or -5 K temperature without a
// word and took 1e6 K as it was; an infinite one was blamed on SteadyOptions.gas.
Status SourceGasStatus(const Network& network) {
  internal::Problems problems("the sources' gas data", &Status::InvalidArgument);
  for (const Node& n : network.nodes) {
    if (!n.gas) continue;
    const SourceGas& g = *n.gas;
    for (const auto& [name, v] :
         {std::pair<const char*, double>{"temperature_K", g.temperature_K},
          {"calorific_value_J_per_m3", g.calorific_value_J_per_m3},
          {"norm_density_kg_per_m3", g.norm_density_kg_per_m3},
          {"molar_mass_kg_per_mol", g.molar_mass_kg_per_mol},
          {"pseudocritical_pressure_Pa", g.pseudocritical_pressure_Pa},
          {"pseudocritical_temperature_K", g.pseudocritical_temperature_K}})
      if (!(std::isfinite(v) && v >= 0.0))
        problems.Add(fmt::format("node '{}': gas {} = {} must be finite and >= 0 (0: not given)",
                                 n.id, name, v));
    if (std::isfinite(g.temperature_K) && g.temperature_K > 0.0 &&
        !plausible::InRange(g.temperature_K, plausible::kMinTemperature_K,
                            plausible::kMaxTemperature_K))
      problems.Add(fmt::format("node '{}': gas temperature_K = {} lies outside the plausible "
                               "range [{}, {}]",
                               n.id, g.temperature_K, plausible::kMinTemperature_K,
                               plausible::kMaxTemperature_K));
  }
  return problems.ToStatus();
}

GasModel MixSourceGas(const Network& network, const std::vector<double>& injection,
                      const GasModel& gas) {
  // No source injects (a nomination of zeros): the plain mean of every source's gas, as for
  // the temperature below, and said so; before, the defaults' gas (GasLib-11's data) stood
  // beside the network's own mean temperature.
  bool injects = false;
  // (A source counts with the molar mass the mixture below weighs.)
  for (std::size_t v = 0; v < network.nodes.size() && !injects; ++v)
    injects = network.nodes[v].gas && network.nodes[v].gas->molar_mass_kg_per_mol > 0.0 &&
              v < injection.size() && injection[v] > 0.0;
  if (!injects) {
    // (Only sources with a molar mass: with none, the call below would find none injecting
    // again, and so on without end; the options' gas stays then.)
    std::vector<double> equal(network.nodes.size(), 0.0);
    bool any = false;
    for (std::size_t v = 0; v < network.nodes.size(); ++v)
      if (network.nodes[v].gas && network.nodes[v].gas->molar_mass_kg_per_mol > 0.0)
        any = true, equal[v] = 1.0;
    if (any) {
      GasModel g = MixSourceGas(network, equal, gas);
      g.origin = "from the sources (none injects: the plain mean of their gas)";
      return g;
    }
    // No source gives gas data (a network of sinks, some nominated below zero): the options'
    // gas stands, and the Gas line said "from the sources (the nominated entries' mixture)"
    // of corridor's defaults.
    GasModel g = gas;
    // (Corridor's defaults, unless a caller set the gas' own properties.)
    const GasModel d;
    const bool defaults = gas.molar_mass_kg_per_mol == d.molar_mass_kg_per_mol &&
                          gas.norm_density_kg_per_m3 == d.norm_density_kg_per_m3 &&
                          gas.pseudocritical_pressure_Pa == d.pseudocritical_pressure_Pa &&
                          gas.pseudocritical_temperature_K == d.pseudocritical_temperature_K &&
                          gas.temperature_K == d.temperature_K;
    const std::string what = defaults ? "corridor's default gas" : "the options' gas";
    g.origin = gas.origin.empty()
                   ? what + " (no source gives gas data)"
                   : gas.origin + " (no source gives gas data: the rest is " + what + ")";
    return g;
  }
  // Injections near a double's end (1e308 kg/s, built in code) overflowed the weighted sums
  // below: the weights scaled by a power of two, which changes no other figure's bits.
  double largest = 0.0;
  for (const double q : injection) largest = std::max(largest, q);
  if (largest > 1e300 && std::isfinite(largest)) {
    std::vector<double> scaled(injection);
    for (double& q : scaled) q = std::ldexp(q, -std::ilogb(largest));
    return MixSourceGas(network, scaled, gas);
  }
  GasModel g = gas;
  // Each property is weighted over the injecting sources that give it (a value of 0 is
  // "not given": a GasLib source may leave out calorificValue, a SourceGas built through the
  // API any of them). GasLib-11 without entry01's calorificValue mixed 17.0 MJ/m3 for 36.5,
  // its weight counted beside a value of 0, and drew twice the drives' fuel gas.
  struct Weighted {
    double sum = 0.0, weight = 0.0;
    void Add(double q, double value) {
      if (!(value > 0.0)) return;
      sum += q * value;
      weight += q;
    }
    void Into(double* out) const {
      if (weight > 0.0) *out = sum / weight;
    }
  };
  Weighted pc, tc, rn, hs;
  double w = 0.0, m = 0.0, t = 0.0, wk = 0.0;
  double wt = 0.0, t_all = 0.0;  // temperature: the injecting sources' weight; all sources
  int nt = 0;
  struct Cp {
    double q, a, b, c;
  };
  std::vector<Cp> cps;
  for (std::size_t v = 0; v < network.nodes.size(); ++v) {
    const Node& n = network.nodes[v];
    if (!n.gas) continue;
    const double q = v < injection.size() ? injection[v] : 0.0;
    if (n.gas->temperature_K > 0.0) {
      t_all += n.gas->temperature_K;
      ++nt;
      if (q > 0.0) {
        t += q * n.gas->temperature_K;
        wt += q;
      }
    }
    if (!(q > 0.0) || !(n.gas->molar_mass_kg_per_mol > 0.0)) continue;
    w += q;
    m += q * n.gas->molar_mass_kg_per_mol;
    pc.Add(q, n.gas->pseudocritical_pressure_Pa);
    tc.Add(q, n.gas->pseudocritical_temperature_K);
    rn.Add(q, n.gas->norm_density_kg_per_m3);
    hs.Add(q, n.gas->calorific_value_J_per_m3);
    // Given where any coefficient is (all 0: not given), as check judges it.
    if (n.gas->heat_capacity_A != 0.0 || n.gas->heat_capacity_B != 0.0 ||
        n.gas->heat_capacity_C != 0.0) {
      cps.push_back({q, n.gas->heat_capacity_A, n.gas->heat_capacity_B, n.gas->heat_capacity_C});
      wk += q;
    }
  }
  if (w > 0.0) g.molar_mass_kg_per_mol = m / w;
  pc.Into(&g.pseudocritical_pressure_Pa);
  tc.Into(&g.pseudocritical_temperature_K);
  rn.Into(&g.norm_density_kg_per_m3);
  hs.Into(&g.calorific_value_J_per_m3);
  // The gas's temperature as its composition: the injecting sources' weighted by their
  // flow (before, the plain mean over every source: GasLib-582's idle sources moved it from
  // 283.33 to 286.73 K); the plain mean where no source with a temperature injects.
  if (wt > 0.0)
    g.temperature_K = t / wt;
  else if (nt > 0)
    g.temperature_K = t_all / nt;
  // Isentropic exponent from the mixture's molar heat capacity at the gas temperature, of
  // the sources whose own heat capacity gives one a gas can have (1 < kappa <= 5/3 at
  // 15 degC, where check's gas-heat-capacity judges it and says so): a source whose A was
  // left out (read as 0) has c_p below R, and averaged in it took GasLib-11's kappa from
  // 1.307 to 1.822.
  const double T = g.temperature_override_K > 0.0 ? g.temperature_override_K : g.temperature_K;
  std::erase_if(cps, [&](const Cp& x) {
    return !physics::PossibleIsentropicExponent(
        physics::IsentropicExponent(x.a, x.b, x.c, physics::kHeatCapacityJudgedAt_K));
  });
  wk = 0.0;
  for (const Cp& x : cps) wk += x.q;
  if (wk > 0.0) {
    double a = 0.0, b = 0.0, c = 0.0;
    for (const Cp& x : cps) {
      a += x.q * x.a / wk;
      b += x.q * x.b / wk;
      c += x.q * x.c / wk;
    }
    // (The sources were judged at 15 degC; at T the mix may lie just past 5/3.)
    const double kappa = physics::IsentropicExponent(a, b, c, T);
    if (std::isfinite(kappa) && kappa > 1.0) g.isentropic_exponent = kappa;
  }
  return g;
}

}  // namespace steady_internal

std::size_t ReleaseSteadyMemory() {
  const std::size_t bytes = steady_internal::KeptBytes();
  steady_internal::ReleaseKept();
  return bytes;
}

namespace {

// The bound violations against `bounds`, or (null) against the network's own bounds without
// building a copy of them (SolveSteady, once per solve); `unjudged` (where not null) counts
// the nodes without a pressure.
std::vector<BoundViolation> Violations(const Network& network,
                                       const std::vector<double>& pressure_Pa,
                                       const std::vector<NodePressureBounds>* bounds,
                                       double tolerance_Pa, std::size_t* unjudged = nullptr) {
  std::vector<BoundViolation> out;
  std::size_t n = std::min(network.nodes.size(), pressure_Pa.size());
  if (bounds != nullptr) n = std::min(n, bounds->size());
  for (std::size_t v = 0; v < n; ++v) {
    const double p = pressure_Pa[v];
    if (!std::isfinite(p)) {
      if (unjudged != nullptr) ++*unjudged;
      continue;
    }
    const Node& node = network.nodes[v];
    const NodePressureBounds b =
        bounds != nullptr ? (*bounds)[v]
                          : NodePressureBounds{node.pressure_min_Pa, node.pressure_max_Pa};
    if (b.lower_Pa > 0.0 && p < b.lower_Pa - tolerance_Pa)
      out.push_back({node.id, p, b.lower_Pa, true, b.lower_nominated});
    else if (b.upper_Pa > 0.0 && p > b.upper_Pa + tolerance_Pa)
      out.push_back({node.id, p, b.upper_Pa, false, b.upper_nominated});
  }
  return out;
}

}  // namespace

std::vector<BoundViolation> PressureBoundViolations(const Network& network,
                                                    const std::vector<double>& pressure_Pa,
                                                    const std::vector<NodePressureBounds>& bounds,
                                                    double tolerance_Pa) {
  return Violations(network, pressure_Pa, &bounds, tolerance_Pa);
}

double FrictionFactorAtZeroFlow(const Arc& pipe, FrictionLaw law, double at_flow) {
  if (pipe.kind != ArcKind::kPipe || law == FrictionLaw::kFixed) return at_flow;
  physics::FrictionParams f;
  f.law = law;
  f.diameter_m = pipe.pipe.diameter_m;
  f.roughness_m = pipe.pipe.roughness_m;
  physics::PrepareFriction(&f);
  return physics::FrictionFactor(f, 0.0).lambda;
}

double FlowResolution(const Network& network, const SteadySolution& solution) {
  double throughput = 0.0;
  for (double q : solution.injection_kg_per_s)
    if (std::isfinite(q)) throughput += std::abs(q);
  const std::size_t nn = network.nodes.size(), na = network.arcs.size();
  if (solution.injection_kg_per_s.size() != nn || solution.mass_flow_kg_per_s.size() != na)
    return 1e-12 * throughput;
  std::vector<double> imbalance = solution.injection_kg_per_s;
  for (std::size_t a = 0; a < na; ++a) {
    const Arc& arc = network.arcs[a];
    const double q = solution.mass_flow_kg_per_s[a];
    if (arc.from_index >= nn || arc.to_index >= nn || !std::isfinite(q)) continue;
    imbalance[arc.from_index] -= q;
    imbalance[arc.to_index] += q;
  }
  double total = 0.0;
  for (double b : imbalance)
    if (std::isfinite(b)) total += std::abs(b);
  return std::max(1e-12 * throughput, total);
}

std::vector<NodePressureBounds> CasePressureBounds(const GasCase& c) {
  const Network& net = c.network;
  std::vector<NodePressureBounds> b(net.nodes.size());
  for (std::size_t v = 0; v < net.nodes.size(); ++v) {
    b[v].lower_Pa = net.nodes[v].pressure_min_Pa;
    b[v].upper_Pa = net.nodes[v].pressure_max_Pa;
  }
  if (!c.nomination) return b;
  for (const NodeNomination& nn : c.nomination->nodes) {
    const auto v = net.FindNode(nn.node_id);
    if (!v) continue;
    NodePressureBounds& x = b[*v];
    if (nn.pressure_lower_Pa && *nn.pressure_lower_Pa > x.lower_Pa) {
      x.lower_Pa = *nn.pressure_lower_Pa;
      x.lower_nominated = true;
    }
    if (nn.pressure_upper_Pa && *nn.pressure_upper_Pa > 0.0 &&
        (!(x.upper_Pa > 0.0) || *nn.pressure_upper_Pa < x.upper_Pa)) {
      x.upper_Pa = *nn.pressure_upper_Pa;
      x.upper_nominated = true;
    }
  }
  return b;
}

namespace {

// The passive arcs outside their flow bounds (SteadySummary::flow_bound_violations), the
// flows as normal volumes at rho_n. A copy of GasLib-11 with pipe01's flowMax at 50 carried
// 163 1000 Nm3/h and read "Bound violations: 0": only pressures were checked.
std::vector<FlowBoundViolation> FlowViolations(const Network& network,
                                               const std::vector<double>& flow_kg_per_s,
                                               const SteadyOptions& options, double rho_n) {
  std::vector<FlowBoundViolation> out;
  if (!(rho_n > 0.0)) return out;
  const double tol = options.mass_tolerance_kg_per_s / rho_n;
  const std::size_t n = std::min(network.arcs.size(), flow_kg_per_s.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Arc& a = network.arcs[i];
    if (a.flow_min_m3_per_s == 0.0 && a.flow_max_m3_per_s == 0.0) continue;
    if (a.kind == ArcKind::kControlValve || a.kind == ArcKind::kCompressorStation) continue;
    const double q = flow_kg_per_s[i] / rho_n;
    if (!std::isfinite(q)) continue;
    const double lo = a.flow_min_m3_per_s, hi = a.flow_max_m3_per_s;
    const bool below = q < lo - tol - 1e-9 * std::abs(lo);
    const bool above = !below && hi >= lo && q > hi + tol + 1e-9 * std::abs(hi);
    if (!below && !above) continue;
    if (a.kind == ArcKind::kValve &&
        std::any_of(options.settings.begin(), options.settings.end(),
                    [&](const ElementSetting& e) {
                      return e.arc_id == a.id && e.mode == ElementMode::kClosed;
                    }))
      continue;
    out.push_back({a.id, q, below ? lo : hi, below});
  }
  return out;
}

// The summary's bound violations: against `bounds` (null: the network's) in a converged
// state, none otherwise; with rho_n > 0 the arcs' flow bounds too, at that norm density
// (SimulateSteady's cases, whose flows are nominated volumes: not in every SolveSteady,
// where a pass over the arcs' bounds, in a cache line no solve reads, cost GasLib-4197's
// pandapipes benchmark 76 000 instructions for bounds it does not have).
void ListBoundViolations(const Network& network, const std::vector<NodePressureBounds>* bounds,
                         const SteadyOptions& options, const SteadySolution& solution,
                         double rho_n, SteadySummary* summary) {
  summary->bound_violations.clear();
  summary->flow_bound_violations.clear();
  summary->arc_pressure_violations.clear();
  summary->flow_bounds_checked = rho_n > 0.0;
  summary->nodes_without_pressure = 0;
  if (summary->verdict != Verdict::kConverged) return;
  summary->bound_violations = Violations(network, solution.pressure_Pa, bounds,
                                         options.pressure_tolerance_Pa,
                                         &summary->nodes_without_pressure);
  if (rho_n > 0.0) {
    summary->flow_bound_violations =
        FlowViolations(network, solution.mass_flow_kg_per_s, options, rho_n);
    summary->arc_pressure_violations =
        steady_internal::ArcPressureViolations(network, solution.pressure_Pa,
                                               options.pressure_tolerance_Pa);
  }
}

// SteadySummary::elements: per kind of active element, how many run in which mode, the
// defaults said as such (GasLib-4197 under the defaults left 691 nodes above their bounds
// behind open regulators, and the report did not say that no regulator regulated), then the
// rules that apply to them.
std::string ElementsLine(const Network& network, const SteadyOptions& o) {
  struct Kind {
    ArcKind kind;
    const char* name;
    std::map<std::string, int> set;  // mode name -> count, given by the settings
    int total = 0, given = 0;
  };
  std::array<Kind, 3> kinds = {{{ArcKind::kValve, "valves", {}},
                                {ArcKind::kControlValve, "control valves", {}},
                                {ArcKind::kCompressorStation, "compressor stations", {}}}};
  for (const Arc& a : network.arcs)
    for (Kind& k : kinds) k.total += a.kind == k.kind;
  if (kinds[0].total + kinds[1].total + kinds[2].total == 0) return std::string();
  for (const ElementSetting& st : o.settings) {
    const auto a = network.FindArc(st.arc_id);
    if (!a) continue;
    for (Kind& k : kinds)
      if (network.arcs[*a].kind == k.kind) {
        ++k.set[ElementModeName(st.mode)];
        ++k.given;
      }
  }
  std::string s;
  for (const Kind& k : kinds) {
    if (k.total == 0) continue;
    std::string modes;
    if (k.total > k.given)
      modes = fmt::format("{} {} (default{})", k.total - k.given,
                          ElementModeName(DefaultElementMode(k.kind)),
                          k.kind == ArcKind::kControlValve ? ": not regulating" : "");
    for (const auto& [mode, n] : k.set)
      modes += fmt::format("{}{} {}", modes.empty() ? "" : ", ", n, mode);
    s += fmt::format("{}{} {}", s.empty() ? "" : "; ", k.name, modes);
  }
  s += o.element_limits ? "; element limits enforced"
                        : "; element limits off (set-points are plain equations)";
  if (kinds[2].total > 0 && o.machines != nullptr) {
    s += o.fuel_gas ? "; fuel gas drawn" : "; no fuel gas drawn";
    s += std::isnan(o.ambient_temperature_K)
             ? "; gas turbines at 15 degC ambient (ISO)"
             : fmt::format("; gas turbines at {:.1f} degC ambient",
                           o.ambient_temperature_K - units::kZeroCelsius);
  }
  return s;
}

}  // namespace

static Status SolveSteadyUnguarded(const Network& network,
                                   const std::vector<double>& injection_kg_per_s,
                                   const SteadyOptions& options, SteadySolution* solution,
                                   SteadySummary* summary) {
  // A call that is refused leaves nothing of an earlier call's (its verdict, iterations and
  // pressures were kept beside "Reason: not solved").
  if (summary != nullptr) *summary = SteadySummary{};
  if (solution != nullptr) *solution = SteadySolution{};
  // A network of no nodes (a case moved from, one never read) "converged" with nothing
  // solved.
  if (network.nodes.empty())
    return steady_internal::Refused(
        Status::InvalidInput("the network has no nodes: nothing to solve"), summary);
  Status s;
  if (!options.gas.from_sources) {
    s = steady_internal::SolveWithControls(network, injection_kg_per_s, options, {}, false,
                                           solution, summary);
  } else if (Status g = steady_internal::SourceGasStatus(network); !g.ok()) {
    return steady_internal::Refused(g, summary);
  } else {
    SteadyOptions o = options;
    o.gas = steady_internal::MixSourceGas(network, injection_kg_per_s, options.gas);
    s = steady_internal::SolveWithControls(network, injection_kg_per_s, o, {}, false,
                                           solution, summary);
  }
  if (s.ok()) {
    ListBoundViolations(network, nullptr, options, *solution, 0.0, summary);
    summary->elements = ElementsLine(network, options);
  }
  return s;
}

Status SolveSteady(const Network& network, const std::vector<double>& injection_kg_per_s,
                   const SteadyOptions& options, SteadySolution* solution, SteadySummary* summary) {
  return internal::GuardedCall("SolveSteady", [&] {
    return SolveSteadyUnguarded(network, injection_kg_per_s, options, solution, summary);
  });
}

namespace {

// What SimulateSteady solves: the node injections of the nomination (kg/s), the nominated
// upper pressures of the entries, and the gas (from the sources when options say so, with
// the norm density that converted the nomination).
Status PrepareCase(const GasCase& c, const SteadyOptions& options, std::vector<double>* inj,
                   std::vector<double>* upper, GasModel* gas) {
  if (!c.nomination)
    return Status::InvalidArgument(
        "the case has no nomination (.scn): SimulateSteady needs the boundary flows");
  if (options.gas.from_sources)
    if (Status g = steady_internal::SourceGasStatus(c.network); !g.ok()) return g;
  const Network& net = c.network;
  // The nominated nodes' indices, looked up once.
  std::vector<std::optional<std::size_t>> node_of;
  node_of.reserve(c.nomination->nodes.size());
  for (const NodeNomination& nn : c.nomination->nodes) node_of.push_back(net.FindNode(nn.node_id));
  // One norm density for every node keeps the mass balance exact: the flow-weighted mean of
  // the entries' normDensity.
  // A nomination built in code may hold what no file could (the readers refuse flows beyond
  // 1e6 1000 Nm3/h): a flow of NaN, or of 1e308 m3/s, whose sum below overflowed and was
  // blamed on the norm density ("got -nan kg/m3").
  for (const NodeNomination& nn : c.nomination->nodes)
    if (!std::isfinite(nn.flow_lower_m3_per_s) || !std::isfinite(nn.flow_upper_m3_per_s))
      return Status::InvalidArgument(fmt::format(
          "nomination '{}': node '{}' has a flow of {} m3/s (bounds {} to {}): a flow must "
          "be a finite number",
          c.nomination->id, nn.node_id, nn.flow(), nn.flow_lower_m3_per_s,
          nn.flow_upper_m3_per_s));
  double rn = options.gas.norm_density_kg_per_m3;
  if (options.gas.from_sources) {
    // The weights scaled by a power of two near the largest, so that no sum overflows and
    // no figure's bits change.
    double largest = 0.0;
    for (std::size_t k = 0; k < c.nomination->nodes.size(); ++k)
      if (node_of[k] && c.nomination->nodes[k].is_entry)
        largest = std::max(largest, c.nomination->nodes[k].flow());
    largest = largest > 0.0 ? std::ldexp(1.0, std::ilogb(largest)) : 1.0;
    double w = 0.0, s = 0.0;
    for (std::size_t k = 0; k < c.nomination->nodes.size(); ++k) {
      const NodeNomination& nn = c.nomination->nodes[k];
      const auto& idx = node_of[k];
      if (!idx || !nn.is_entry || !(nn.flow() > 0.0)) continue;
      const Node& n = net.nodes[*idx];
      if (!n.gas || !(n.gas->norm_density_kg_per_m3 > 0.0)) continue;
      w += nn.flow() / largest;
      s += nn.flow() / largest * n.gas->norm_density_kg_per_m3;
    }
    if (w > 0.0) {
      rn = s / w;
    } else {  // (no entry injects: the plain mean of the sources', as MixSourceGas takes)
      double sum = 0.0;
      int count = 0;
      for (const Node& n : net.nodes)
        if (n.gas && n.gas->norm_density_kg_per_m3 > 0.0)
          sum += n.gas->norm_density_kg_per_m3, ++count;
      if (count > 0) rn = sum / count;
    }
  }
  if (!(rn > 0.0))
    return Status::InvalidArgument(fmt::format(
        "no usable norm density to convert the nomination to mass flows (got {} kg/m3)", rn));
  inj->assign(net.nodes.size(), 0.0);
  upper->assign(net.nodes.size(), 0.0);
  for (std::size_t k = 0; k < c.nomination->nodes.size(); ++k) {
    const NodeNomination& nn = c.nomination->nodes[k];
    const auto& idx = node_of[k];
    if (!idx) {
      // Only on the way out: a node that is there but not found means a stale index.
      for (const Node& n : net.nodes)
        if (n.id == nn.node_id)
          return Status::InvalidArgument(fmt::format(
              "nomination names node '{}', which the network has but its index does not "
              "find: Network::BuildIndex() was not called after editing",
              nn.node_id));
      return Status::InvalidInput(fmt::format(
          "{}:{}: nomination names node '{}', which is not in the network",
          c.nomination->source_file, nn.line, nn.node_id));
    }
    const double q = nn.flow() * rn;
    (*inj)[*idx] += nn.is_entry ? q : -q;
    if (!std::isfinite((*inj)[*idx]))
      return Status::InvalidArgument(fmt::format(
          "nomination '{}': the flows at node '{}' come to more mass than a double holds "
          "({} m3/s x {} kg/m3)",
          c.nomination->id, nn.node_id, nn.flow(), rn));
    if (nn.pressure_upper_Pa) (*upper)[*idx] = *nn.pressure_upper_Pa;
  }
  *gas = options.gas;
  if (options.gas.from_sources) {
    *gas = steady_internal::MixSourceGas(net, *inj, options.gas);
    gas->norm_density_kg_per_m3 = rn;
  }
  return Status::Ok();
}

}  // namespace

static Status CaseGasUnguarded(const GasCase& c, const SteadyOptions& options, GasModel* gas) {
  if (gas == nullptr) return Status::InvalidArgument("CaseGas: gas must not be null");
  std::vector<double> inj, upper;
  GasModel g;
  if (Status s = PrepareCase(c, options, &inj, &upper, &g); !s.ok()) return s;
  if (g.temperature_override_K > 0.0) g.temperature_K = g.temperature_override_K;
  g.temperature_override_K = 0.0;
  if (g.from_sources && g.origin.empty())
    g.origin = "from the sources (the nominated entries' mixture)";
  g.from_sources = false;
  *gas = g;
  return Status::Ok();
}

Status CaseGas(const GasCase& c, const SteadyOptions& options, GasModel* gas) {
  return internal::GuardedCall("CaseGas", [&] { return CaseGasUnguarded(c, options, gas); });
}

namespace steady_internal {

// The pipes above their pressureMax and the valves beyond their pressureDifferentialMax
// (SteadySummary::arc_pressure_violations): both were read and never judged, a pipe of 40
// bar design pressure run at 70 bar within every node's bounds.
std::vector<ArcPressureViolation> ArcPressureViolations(const Network& network,
                                                        const std::vector<double>& p,
                                                        double tol) {
  std::vector<ArcPressureViolation> out;
  for (const Arc& a : network.arcs) {
    const std::optional<double>& bound = a.kind == ArcKind::kPipe ? a.pipe.pressure_max_Pa
                                         : a.kind == ArcKind::kValve
                                             ? a.valve.pressure_differential_max_Pa
                                             : std::nullopt;
    // (A pipe's pressureMax not above 0, which check refuses, is judged by nothing here: a
    // network built in code may hold one, and every state would have violated it.)
    if (!bound || (a.kind == ArcKind::kPipe && !(*bound > 0.0)) || a.from_index >= p.size() ||
        a.to_index >= p.size())
      continue;
    const double pf = p[a.from_index], pt = p[a.to_index];
    if (!std::isfinite(pf) || !std::isfinite(pt)) continue;
    const bool differential = a.kind == ArcKind::kValve;
    const double value = differential ? std::abs(pf - pt) : std::max(pf, pt);
    if (value > *bound + tol) out.push_back({a.id, value, *bound, differential});
  }
  return out;
}

// Each arc's velocity at its lower-pressure end: the mean-pressure velocity the solve gives
// times rho(p_m) / rho(p_low), with the density of the solve's law (under pandapipes' law
// its norm-density scale cancels in the quotient), and the fastest.
void LowEndVelocities(const Network& net, const SteadyOptions& o, SteadySolution* sol,
                      SteadySummary* sum) {
  const physics::EosParams eos = steady_internal::MakeEos(o);
  const std::size_t na = net.arcs.size();
  sol->velocity_low_end_m_per_s.assign(na, std::numeric_limits<double>::quiet_NaN());
  if (sol->velocity_m_per_s.size() != na) return;
  std::size_t fastest = na;
  for (std::size_t i = 0; i < na; ++i) {
    const Arc& a = net.arcs[i];
    const double v = sol->velocity_m_per_s[i];
    const double pf = sol->pressure_Pa[a.from_index], pt = sol->pressure_Pa[a.to_index];
    if (!std::isfinite(v) || !std::isfinite(pf) || !std::isfinite(pt)) continue;
    // (The arc's own gas where the arcs carry gases of their own.)
    const physics::EosParams own = ArcEos(o, eos, i);
    const double rho_m = physics::Density(own, physics::MeanPipePressure(pf, pt).pm).rho;
    const double rho_low = physics::Density(own, std::min(pf, pt)).rho;
    if (!(rho_m > 0.0 && rho_low > 0.0)) continue;
    const double v_low = std::abs(v) * rho_m / rho_low;
    sol->velocity_low_end_m_per_s[i] = v_low;
    if (fastest == na || v_low > sol->velocity_low_end_m_per_s[fastest]) fastest = i;
  }
  if (fastest == na) return;
  const Arc& a = net.arcs[fastest];
  sum->max_velocity_m_per_s = sol->velocity_low_end_m_per_s[fastest];
  sum->max_velocity_pressure_Pa =
      std::min(sol->pressure_Pa[a.from_index], sol->pressure_Pa[a.to_index]);
  sum->max_velocity_arc = a.id;
}

}  // namespace steady_internal

static Status SimulateSteadyUnguarded(const GasCase& c, const SteadyOptions& options,
                                      SteadySolution* solution, SteadySummary* summary) {
  if (solution == nullptr || summary == nullptr)
    return steady_internal::Refused(
        Status::InvalidArgument("SimulateSteady: solution and summary must not be null"),
        summary);
  *summary = SteadySummary{};  // (as SolveSteady: nothing of an earlier call's)
  *solution = SteadySolution{};
  std::vector<double> inj, upper;
  SteadyOptions o = options;
  if (Status s = PrepareCase(c, options, &inj, &upper, &o.gas); !s.ok())
    return steady_internal::Refused(s, summary);
  const Network& net = c.network;
  if (o.machines == nullptr && c.stations) o.machines = &*c.stations;
  if (std::isnan(o.ambient_temperature_K) && c.nomination->ambient_temperature_K)
    o.ambient_temperature_K = *c.nomination->ambient_temperature_K;
  Status s = steady_internal::SolveWithControls(net, inj, o, upper, true, solution, summary);
  if (s.ok()) {
    const std::vector<NodePressureBounds> bounds = CasePressureBounds(c);
    ListBoundViolations(net, &bounds, options, *solution, o.gas.norm_density_kg_per_m3,
                        summary);
    summary->elements = ElementsLine(net, o);
    if (summary->verdict == Verdict::kConverged)
      steady_internal::LowEndVelocities(net, o, solution, summary);
    // The drives' fuel is no part of the nomination: the references feed it beyond theirs
    // (GasLib-11's entry01 fed 163.0 of its fixed 160 1000 Nm3/h, unsaid).
    if (summary->verdict == Verdict::kConverged && summary->fuel_kg_per_s > 0.0 &&
        o.gas.norm_density_kg_per_m3 > 0.0) {
      std::string who;
      int n = 0;
      double surplus = 0.0;
      const double k = units::kThousandM3PerHour * o.gas.norm_density_kg_per_m3;
      for (std::size_t v = 0; v < net.nodes.size() && v < solution->injection_kg_per_s.size();
           ++v) {
        // What it takes in: its injection is net of the fuel drawn there (a reference that
        // is a fuel node took in the fuel, and the note was left out).
        const double here = v < solution->fuel_kg_per_s.size() ? solution->fuel_kg_per_s[v] : 0.0;
        const double in = solution->injection_kg_per_s[v] + here;
        const double more = in - inj[v];
        if (!(more > o.mass_tolerance_kg_per_s)) continue;
        surplus += more;
        if (n++ < 3)
          who += fmt::format("{}{}: {:.6g} 1000 Nm3/h against the {:.6g} nominated{}",
                             who.empty() ? "" : "; ", net.nodes[v].id, in / k, inj[v] / k,
                             here > 0.0 ? fmt::format(", {:.6g} of it drawn there", here / k)
                                        : std::string());
      }
      // Only where the surplus is the fuel: references at different pressures share the
      // flow by them (a note of its own says so), and 18 1000 Nm3/h at a second reference
      // were put down to 0.6 kg/s of fuel.
      if (n > 0 && std::abs(surplus - summary->fuel_kg_per_s) <=
                       1e-6 * summary->fuel_kg_per_s + n * o.mass_tolerance_kg_per_s)
        summary->notes.push_back(fmt::format(
            "the drives' fuel ({:.6g} kg/s) is no part of the nomination: the pressure "
            "reference{} feed{} it beyond {} nomination{} ({}{})",
            summary->fuel_kg_per_s, n == 1 ? "" : "s", n == 1 ? "s" : "", n == 1 ? "its" : "their",
            n == 1 ? "" : "s", who, n > 3 ? ", ..." : ""));
    }
    // A flow set-point above all the gas the nomination supplies passes only round a loop:
    // `CS,flow,300000` (Nm3/h for 1000 Nm3/h) was held at a limit without a word of the
    // figure (session 65's controls audit).
    {
      double supply = 0.0;
      for (const double x : inj) supply += std::max(x, 0.0);
      for (const ElementSetting& e : o.settings) {
        if (e.mode != ElementMode::kFlow || !(supply > 0.0)) continue;
        const double asked = e.value * o.gas.norm_density_kg_per_m3;
        if (!(asked > 2.0 * supply)) continue;
        const double k = units::kThousandM3PerHour * o.gas.norm_density_kg_per_m3;
        summary->notes.push_back(fmt::format(
            "the flow set-point of '{}', {:.6g} 1000 Nm3/h, is {:.4g} times all the gas the "
            "nomination supplies ({:.6g} 1000 Nm3/h): only a loop could pass it{}",
            e.arc_id, asked / k, asked / supply, supply / k,
            asked > 100.0 * supply ? "; a figure in Nm3/h, where 1000 Nm3/h are read?" : ""));
      }
    }
    // The model is isothermal at the gas' one temperature: the nomination's scenario and
    // soil temperatures do not enter it (GasLib-24's 311 K for pipe L101 was dropped unsaid;
    // the ambient temperature enters the drives' limits, the Element settings line).
    {
      const Nomination& nom = *c.nomination;
      std::vector<std::string> unused;
      auto celsius = [](double K) { return fmt::format("{:.2f} degC", K - units::kZeroCelsius); };
      if (nom.scenario_temperature_K)
        unused.push_back("scenario temperature " + celsius(*nom.scenario_temperature_K));
      if (nom.soil_temperature_K)
        unused.push_back("soil temperature " + celsius(*nom.soil_temperature_K));
      std::size_t arcs = 0;
      std::string first;
      for (const ArcScenarioData& d : nom.arcs)
        if (d.soil_temperature_K && arcs++ == 0)
          first = fmt::format("{}: {}", d.arc_id, celsius(*d.soil_temperature_K));
      if (arcs > 0)
        unused.push_back(fmt::format("soil temperature{} of {} arc{} ({}{})",
                                     arcs == 1 ? "" : "s", arcs, arcs == 1 ? "" : "s", first,
                                     arcs == 1 ? "" : ", ..."));
      if (!unused.empty()) {
        std::string list;
        for (std::size_t i = 0; i < unused.size(); ++i)
          list += (i == 0 ? "" : i + 1 == unused.size() ? " and " : ", ") + unused[i];
        summary->notes.push_back(fmt::format(
            "the nomination's {} {} not enter the model, which is isothermal at the gas' "
            "{} (--temperature sets it)",
            list, unused.size() == 1 && arcs <= 1 ? "does" : "do",
            celsius(summary->temperature_K)));
      }
    }
    // Every nominated volume became a mass at this one norm density (a reader comparing an
    // entry's mass flow with its own gas' normDensity found 4 % apart, unexplained).
    if (!summary->gas.empty())
      summary->gas += "; the nomination's volumes are masses at this rho_n, one for every node";
  }
  return s;
}

Status SimulateSteady(const GasCase& c, const SteadyOptions& options, SteadySolution* solution,
                      SteadySummary* summary) {
  return internal::GuardedCall(
      "SimulateSteady", [&] { return SimulateSteadyUnguarded(c, options, solution, summary); });
}

}  // namespace corridor
