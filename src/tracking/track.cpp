// TrackGas: origin fractions by complete mixing at nodes, solved as one sparse system.
//
// With q_a = |m_a| the flow of arc a towards its downstream node, each node v with gas obeys
//     f_v,s - sum_{a into v} (q_a / T_v) f_u(a),s = (inj+_v / T_v) [s == v],
// i.e. (I - P) F = B with P row-substochastic. Every node with gas is reachable, along the
// flow, from an injection (rows with inj+ > 0 have row sum < 1), so I - P is nonsingular
// (irreducibly diagonally dominant on each strongly connected block) even when flows run in
// cycles (a loop through a compressor). Nodes that no injection reaches get the identity
// row and no gas. One KLU factorization, one solve with all injection points as right-hand
// sides.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <klu.h>

#include "corridor/tracking.h"
#include "corridor/validate.h"
#include "core/ids.h"
#include "core/guarded_call.h"
#include "core/problems.h"
#include "io/xml_util.h"

namespace corridor {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool UsableGas(const SourceGas& g) {
  return g.norm_density_kg_per_m3 > 0.0 && g.molar_mass_kg_per_mol > 0.0 &&
         g.calorific_value_J_per_m3 >= 0.0 && std::isfinite(g.calorific_value_J_per_m3);
}

GasQuality FromSourceGas(const SourceGas& g) {
  GasQuality q;
  q.calorific_value_J_per_m3 = g.calorific_value_J_per_m3;
  q.norm_density_kg_per_m3 = g.norm_density_kg_per_m3;
  q.molar_mass_kg_per_mol = g.molar_mass_kg_per_mol;
  q.pseudocritical_pressure_Pa = g.pseudocritical_pressure_Pa;
  q.pseudocritical_temperature_K = g.pseudocritical_temperature_K;
  return q;
}

// Mix of gases with mass fractions w (need not sum to 1: normalized here).
GasQuality MixQualities(const std::vector<const GasQuality*>& gas, const std::vector<double>& w) {
  GasQuality m;
  double sw = 0.0, vol = 0.0, energy = 0.0, moles = 0.0, pc = 0.0, tc = 0.0;
  for (std::size_t i = 0; i < gas.size(); ++i) {
    if (w[i] == 0.0) continue;
    const GasQuality& g = *gas[i];
    sw += w[i];
    vol += w[i] / g.norm_density_kg_per_m3;
    energy += w[i] * g.SpecificEnergy();
    const double n = w[i] / g.molar_mass_kg_per_mol;
    moles += n;
    pc += n * g.pseudocritical_pressure_Pa;
    tc += n * g.pseudocritical_temperature_K;
  }
  if (!(sw > 0.0) || !(vol > 0.0)) {
    m.calorific_value_J_per_m3 = m.norm_density_kg_per_m3 = m.molar_mass_kg_per_mol = kNaN;
    m.pseudocritical_pressure_Pa = m.pseudocritical_temperature_K = kNaN;
    return m;
  }
  m.norm_density_kg_per_m3 = sw / vol;
  m.calorific_value_J_per_m3 = energy / vol;
  m.molar_mass_kg_per_mol = sw / moles;
  m.pseudocritical_pressure_Pa = pc / moles;
  m.pseudocritical_temperature_K = tc / moles;
  // Composition: only when every contributing gas has one.
  bool all = true;
  for (std::size_t i = 0; i < gas.size(); ++i)
    if (w[i] != 0.0 && gas[i]->composition.empty()) all = false;
  if (all) {
    std::vector<std::pair<std::string, double>> acc;
    for (std::size_t i = 0; i < gas.size(); ++i) {
      if (w[i] == 0.0) continue;
      const double n = w[i] / gas[i]->molar_mass_kg_per_mol;
      for (const auto& component : gas[i]->composition) {
        // (Not a structured binding: clang before 16 cannot capture those in a lambda.)
        const std::string& name = component.first;
        const double x = component.second;
        auto it = std::find_if(acc.begin(), acc.end(), [&](auto& p) { return p.first == name; });
        if (it == acc.end())
          acc.emplace_back(name, n * x);
        else
          it->second += n * x;
      }
    }
    for (auto& p : acc) p.second /= moles;
    m.composition = std::move(acc);
  }
  return m;
}

std::string Trim(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

// "IR->AZ" -> {"IR", "AZ"}, blanks around the countries dropped as the groups reader drops
// them (a swap built in code with "IR -> AZ" delivered nothing: " AZ" is no country).
// False when there is no "->" between two countries.
bool SplitCountries(const std::string& direction, std::string* from, std::string* to) {
  const auto p = direction.find("->");
  if (p == std::string::npos) return false;
  *from = Trim(direction.substr(0, p));
  *to = Trim(direction.substr(p + 2));
  return !from->empty() && !to->empty();
}

struct KluHandles {
  klu_common common;
  klu_symbolic* symbolic = nullptr;
  klu_numeric* numeric = nullptr;
  KluHandles() { klu_defaults(&common); }
  ~KluHandles() {
    if (numeric) klu_free_numeric(&numeric, &common);
    if (symbolic) klu_free_symbolic(&symbolic, &common);
  }
};

}  // namespace

double GasQuality::WobbeIndex() const {
  if (!(norm_density_kg_per_m3 > 0.0)) return 0.0;
  return calorific_value_J_per_m3 / std::sqrt(norm_density_kg_per_m3 / kAirNormDensity_kg_per_m3);
}

Status TrackingOptions::Validate() const {
  // Every problem, in one Status. Comparisons a NaN fails (a NaN default gas passed "< 0").
  internal::Problems problems("TrackingOptions", &Status::InvalidArgument);
  if (!(zero_flow_kg_per_s >= 0.0) || !std::isfinite(zero_flow_kg_per_s))
    problems.Add(fmt::format("TrackingOptions.zero_flow_kg_per_s must be finite and >= 0, got {}",
                             zero_flow_kg_per_s));
  for (const auto& [name, v] :
       {std::pair<const char*, double>{"norm_density_kg_per_m3",
                                       default_gas.norm_density_kg_per_m3},
        {"molar_mass_kg_per_mol", default_gas.molar_mass_kg_per_mol},
        {"calorific_value_J_per_m3", default_gas.calorific_value_J_per_m3},
        {"pseudocritical_pressure_Pa", default_gas.pseudocritical_pressure_Pa},
        {"pseudocritical_temperature_K", default_gas.pseudocritical_temperature_K}})
    if (!(std::isfinite(v) && v >= 0.0))
      problems.Add(fmt::format(
          "TrackingOptions.default_gas.{} = {} must be finite and >= 0 (0 = the sources' mean "
          "or not known)",
          name, v));
  if (default_gas.norm_density_kg_per_m3 > 0.0 && !(default_gas.molar_mass_kg_per_mol > 0.0))
    problems.Add("TrackingOptions.default_gas: a norm density was given without a molar mass");
  for (const auto& [component, x] : default_gas.composition) {
    if (!(std::isfinite(x) && x >= 0.0 && x <= 1.0))
      problems.Add(fmt::format(
          "TrackingOptions.default_gas.composition: '{}' = {} must be a mole fraction in [0, 1]",
          component, x));
    // A component's name becomes a column (mol_pct_<name>), as in a groups file: not empty,
    // no white space at an end (" CH4" beside "CH4" made two columns of one gas).
    if (component.empty())
      problems.Add("TrackingOptions.default_gas.composition: a component needs a name (it "
                   "becomes the column mol_pct_<name>)");
    else if (const std::string where = io::IdWhiteSpace(component); !where.empty())
      problems.Add(fmt::format("TrackingOptions.default_gas.composition: component '{}' {}",
                               io::MarkInvisible(component), where));
  }
  if (unassigned_group_name.empty())
    problems.Add("TrackingOptions.unassigned_group_name must not be empty");
  // A gas given keeps to the ranges of a source's in a case file (docs/check.md).
  for (const auto& [name, v, lo, hi] :
       {std::tuple<const char*, double, double, double>{
            "norm_density_kg_per_m3", default_gas.norm_density_kg_per_m3,
            plausible::kMinNormDensity_kg_per_m3, plausible::kMaxNormDensity_kg_per_m3},
        {"molar_mass_kg_per_mol", default_gas.molar_mass_kg_per_mol,
         plausible::kMinMolarMass_kg_per_mol, plausible::kMaxMolarMass_kg_per_mol},
        {"calorific_value_J_per_m3", default_gas.calorific_value_J_per_m3,
         plausible::kMinCalorificValue_J_per_m3, plausible::kMaxCalorificValue_J_per_m3},
        {"pseudocritical_pressure_Pa", default_gas.pseudocritical_pressure_Pa,
         plausible::kMinPseudocriticalPressure_Pa, plausible::kMaxPseudocriticalPressure_Pa},
        {"pseudocritical_temperature_K", default_gas.pseudocritical_temperature_K,
         plausible::kMinPseudocriticalTemperature_K,
         plausible::kMaxPseudocriticalTemperature_K}})
    if (std::isfinite(v) && v > 0.0 && !plausible::InRange(v, lo, hi))
      problems.Add(fmt::format(
          "TrackingOptions.default_gas.{} = {} lies outside the plausible range [{}, {}]", name,
          v, lo, hi));
  // (Once each is a fraction: one that is not is said above.)
  double mole_sum = 0.0;
  bool fractions = true;
  for (const auto& [component, x] : default_gas.composition) {
    fractions = fractions && std::isfinite(x) && x >= 0.0 && x <= 1.0;
    mole_sum += x;
  }
  if (fractions && mole_sum > 1.0 + 1e-6)
    problems.Add(fmt::format(
        "TrackingOptions.default_gas.composition: the mole fractions sum to {}, above 1",
        mole_sum));
  // A station's fuel at most the plausible mass flows (1e300 kg/s was taken, and its
  // energy written as 4.6e307 W), and once (a second entry was taken without a word).
  std::vector<const StationFuel*> by_station;
  for (const StationFuel& f : fuel) {
    by_station.push_back(&f);
    if (!(f.mass_flow_kg_per_s >= 0.0) || !std::isfinite(f.mass_flow_kg_per_s) ||
        f.mass_flow_kg_per_s > plausible::kMaxMassFlow_kg_per_s)
      problems.Add(fmt::format(
          "TrackingOptions.fuel: station '{}' fuel must be finite, >= 0 and at most {:g} kg/s, "
          "got {}",
          f.station_id, plausible::kMaxMassFlow_kg_per_s, f.mass_flow_kg_per_s));
  }
  std::stable_sort(by_station.begin(), by_station.end(),
                   [](const StationFuel* a, const StationFuel* b) {
                     return a->station_id < b->station_id;
                   });
  for (std::size_t i = 1; i < by_station.size(); ++i)
    if (by_station[i]->station_id == by_station[i - 1]->station_id)
      problems.Add(fmt::format(
          "TrackingOptions.fuel: station '{}' is given twice ({} and {} kg/s); give each "
          "station's fuel once",
          by_station[i]->station_id, by_station[i - 1]->mass_flow_kg_per_s,
          by_station[i]->mass_flow_kg_per_s));
  return problems.ToStatus();
}

static Status TrackGasUnguarded(const Network& network,
                                const std::vector<double>& mass_flow_kg_per_s,
                                const std::vector<double>& injection_kg_per_s,
                                const OriginGroups& groups, const TrackingOptions& options,
                                TrackingSummary* summary) {
  const auto t0 = std::chrono::steady_clock::now();
  if (summary == nullptr) return Status::InvalidArgument("TrackGas: summary must not be null");
  *summary = TrackingSummary();
  summary->node_ids.reserve(network.nodes.size());
  for (const Node& n : network.nodes) summary->node_ids.push_back(n.id);
  Status st = options.Validate();
  if (!st.ok()) return st;
  // Gas of no group would merge with the group's in every balance (ReadOriginGroups refuses
  // such a group as reserved-group).
  if (std::find(groups.names.begin(), groups.names.end(), options.unassigned_group_name) !=
      groups.names.end())
    return Status::InvalidArgument(fmt::format(
        "TrackGas: a group is named '{}', the name of gas of no origin group "
        "(TrackingOptions.unassigned_group_name): rename one of them",
        options.unassigned_group_name));
  // A group named twice became two columns of one name, one of them empty, unsaid
  // (ReadOriginGroups refuses it as duplicate-group).
  for (std::size_t k = 0; k < groups.names.size(); ++k)
    if (std::find(groups.names.begin(), groups.names.begin() + static_cast<std::ptrdiff_t>(k),
                  groups.names[k]) != groups.names.begin() + static_cast<std::ptrdiff_t>(k))
      return Status::InvalidArgument(fmt::format(
          "TrackGas: group '{}' is named twice in OriginGroups::names", groups.names[k]));
  const std::size_t n = network.nodes.size(), na = network.arcs.size();
  if (mass_flow_kg_per_s.size() != na)
    return Status::InvalidArgument(fmt::format(
        "TrackGas: {} arc flows given for {} arcs", mass_flow_kg_per_s.size(), na));
  if (injection_kg_per_s.size() != n)
    return Status::InvalidArgument(fmt::format(
        "TrackGas: {} node injections given for {} nodes", injection_kg_per_s.size(), n));
  for (std::size_t a = 0; a < na; ++a) {
    if (!std::isfinite(mass_flow_kg_per_s[a]))
      return Status::InvalidArgument(
          fmt::format("TrackGas: arc '{}' has a non-finite flow", network.arcs[a].id));
    // The index is checked as SolveSteady checks it: the ids at the indices it gives.
    const Arc& arc = network.arcs[a];
    if (arc.from_index >= n || arc.to_index >= n ||
        !ids::Same(network.nodes[arc.from_index].id, arc.from) ||
        !ids::Same(network.nodes[arc.to_index].id, arc.to))
      return Status::InvalidArgument(fmt::format(
          "TrackGas: arc '{}' ('{}' -> '{}') does not match the network index: its endpoints "
          "are missing or Network::BuildIndex() was not called after editing",
          arc.id, arc.from, arc.to));
  }
  for (std::size_t v = 0; v < n; ++v)
    if (!std::isfinite(injection_kg_per_s[v]))
      return Status::InvalidArgument(
          fmt::format("TrackGas: node '{}' has a non-finite injection", network.nodes[v].id));
  // The groups reader's rules for points and compositions built in code: a direction of 7
  // counted seven times the arc's flow, a composition of 2.0 wrote mol_pct 200.
  for (const AccountingPoint& p : groups.points)
    if (p.direction != 1 && p.direction != -1)
      return Status::InvalidArgument(fmt::format(
          "TrackGas: point '{}' has direction {}; it must be +1 (the arc's positive flow runs "
          "from_country -> to_country) or -1",
          p.id, p.direction));
  for (const auto& [group, composition] : groups.composition)
    for (const auto& [component, x] : composition)
      if (!(std::isfinite(x) && x >= 0.0 && x <= 1.0))
        return Status::InvalidArgument(fmt::format(
            "TrackGas: group '{}' has composition '{}' = {}; it must be a mole fraction in "
            "[0, 1]",
            group, component, x));
  if (groups.swap) {
    // The groups reader's rules, for a swap built in code (a fee of NaN or 5 gave "fee nan %"
    // and NaN positions).
    const SwapSpec& sw = *groups.swap;
    if (!(sw.fee >= 0.0 && sw.fee < 1.0))
      return Status::InvalidArgument(
          fmt::format("TrackGas: the swap's fee {} must lie in [0, 1)", sw.fee));
    if (!std::isfinite(sw.input_m3_per_s))
      return Status::InvalidArgument("TrackGas: the swap's input must be finite (< 0: unknown)");
    auto dp = std::find_if(groups.points.begin(), groups.points.end(),
                           [&](const AccountingPoint& p) { return p.id == sw.delivery_point; });
    if (dp == groups.points.end())
      return Status::InvalidArgument(fmt::format(
          "TrackGas: the swap's delivery point '{}' is not one of the groups' points",
          sw.delivery_point));
    // The direction names the point's two countries, in either order (a direction across
    // another border gave an all-zero balance, reported as balanced).
    std::string from, to;
    if (!SplitCountries(sw.delivery_direction, &from, &to) ||
        !((from == dp->from_country && to == dp->to_country) ||
          (from == dp->to_country && to == dp->from_country)))
      return Status::InvalidArgument(fmt::format(
          "TrackGas: the swap's delivery direction \"{}\" matches neither {}->{} nor {}->{}, "
          "the countries of its delivery point '{}'",
          sw.delivery_direction, dp->from_country, dp->to_country, dp->to_country,
          dp->from_country, dp->id));
  }
  const double eps = options.zero_flow_kg_per_s;

  // --- fuel: where each station burns it. The fuel is part of the net injection given
  // (a withdrawal at the fuel node); the node's own supply or demand is the rest. ---
  std::vector<double> fuel_at(n, 0.0);
  std::vector<std::size_t> fuel_node_of(options.fuel.size(), 0);
  for (std::size_t i = 0; i < options.fuel.size(); ++i) {
    const StationFuel& f = options.fuel[i];
    auto a = network.FindArc(f.station_id);
    if (!a || network.arcs[*a].kind != ArcKind::kCompressorStation)
      return Status::InvalidArgument(fmt::format(
          "TrackGas: fuel given for '{}', which is not a compressor station of the network",
          f.station_id));
    const Arc& arc = network.arcs[*a];
    std::size_t fv = mass_flow_kg_per_s[*a] >= 0.0 ? arc.from_index : arc.to_index;
    if (!f.node_id.empty()) {
      auto v = network.FindNode(f.node_id);
      if (!v)
        return Status::InvalidArgument(fmt::format(
            "TrackGas: fuel of station '{}' drawn at node '{}', which is not in the network",
            f.station_id, f.node_id));
      fv = *v;
    } else if (!arc.compressor.fuel_gas_vertex.empty()) {
      auto v = network.FindNode(arc.compressor.fuel_gas_vertex);
      if (!v)
        return Status::InvalidArgument(fmt::format(
            "TrackGas: station '{}' draws fuel at node '{}', which is not in the network",
            f.station_id, arc.compressor.fuel_gas_vertex));
      fv = *v;
    }
    fuel_node_of[i] = fv;
    fuel_at[fv] += f.mass_flow_kg_per_s;
  }
  // Supply (+) or demand (-) of each node without its fuel.
  std::vector<double> gross(injection_kg_per_s);
  for (std::size_t v = 0; v < n; ++v) gross[v] += fuel_at[v];

  // --- groups and injection points ---
  std::vector<std::string>& gnames = summary->group_names;
  gnames = groups.names;
  auto group_index = [&](const std::string& g) {
    auto it = std::find(gnames.begin(), gnames.end(), g);
    if (it != gnames.end()) return static_cast<std::size_t>(it - gnames.begin());
    gnames.push_back(g);
    return gnames.size() - 1;
  };
  // Default gas: the sources' mix weighted by their injection.
  GasQuality def = options.default_gas;
  if (!(def.norm_density_kg_per_m3 > 0.0)) {
    std::vector<GasQuality> gs;
    std::vector<double> w;
    for (std::size_t v = 0; v < n; ++v) {
      const Node& nd = network.nodes[v];
      if (nd.gas && UsableGas(*nd.gas) && gross[v] > eps) {
        gs.push_back(FromSourceGas(*nd.gas));
        w.push_back(gross[v]);
      }
    }
    if (gs.empty()) {
      for (const Node& nd : network.nodes)
        if (nd.gas && UsableGas(*nd.gas)) {
          gs.push_back(FromSourceGas(*nd.gas));
          w.push_back(1.0);
        }
    }
    std::vector<const GasQuality*> ptr;
    for (const auto& g : gs) ptr.push_back(&g);
    if (!gs.empty()) {
      def = MixQualities(ptr, w);
      def.composition.clear();
    } else {
      // No gas data anywhere: GasLib's typical H-gas, the steady solve's defaults (GasModel),
      // its calorific value too (energies and Wobbe indices read 0 beside a solve that had
      // burnt its fuel at 36.45 MJ/m3).
      const GasModel typical;
      def.norm_density_kg_per_m3 = typical.norm_density_kg_per_m3;
      def.molar_mass_kg_per_mol = typical.molar_mass_kg_per_mol;
      def.pseudocritical_pressure_Pa = typical.pseudocritical_pressure_Pa;
      def.pseudocritical_temperature_K = typical.pseudocritical_temperature_K;
      def.calorific_value_J_per_m3 = typical.calorific_value_J_per_m3;
      summary->notes.push_back(fmt::format(
          "no node carries gas data: GasLib's typical H-gas assumed, as the steady solve "
          "takes it (norm density {:g} kg/m3, molar mass {:g} kg/kmol, calorific value {:g} "
          "MJ/m3)",
          def.norm_density_kg_per_m3, def.molar_mass_kg_per_mol * 1e3,
          def.calorific_value_J_per_m3 / 1e6));
    }
  }
  std::vector<int> point_of_node(n, -1);
  int unassigned = 0;
  for (std::size_t v = 0; v < n; ++v) {
    const double q = gross[v];
    if (!(q > eps)) continue;
    const Node& nd = network.nodes[v];
    InjectionPoint p;
    p.node_id = nd.id;
    p.node_index = v;
    p.mass_flow_kg_per_s = q;
    auto git = groups.group_of.find(nd.id);
    if (git != groups.group_of.end()) {
      p.group = git->second;
    } else if (nd.kind == NodeKind::kSource && groups.names.empty()) {
      p.group = nd.id;  // no groups at all: one per source
    } else {
      p.group = options.unassigned_group_name;
      ++unassigned;
    }
    p.group_index = group_index(p.group);
    if (nd.gas && UsableGas(*nd.gas)) {
      p.gas = FromSourceGas(*nd.gas);
      p.has_gas_data = true;
    } else {
      p.gas = def;
    }
    auto cit = groups.composition.find(p.group);
    if (cit != groups.composition.end() && p.has_gas_data) p.gas.composition = cit->second;
    point_of_node[v] = static_cast<int>(summary->points.size());
    summary->points.push_back(p);
  }
  if (unassigned > 0) {
    std::string list;
    int k = 0;
    for (const auto& p : summary->points)
      if (p.group == options.unassigned_group_name && k++ < 5)
        list += (list.empty() ? "" : ", ") + p.node_id;
    summary->notes.push_back(fmt::format(
        "{} injection point{} with no origin group ({}{}): counted as '{}'{}", unassigned,
        unassigned == 1 ? "" : "s", list, unassigned > 5 ? ", ..." : "",
        options.unassigned_group_name,
        " (an exit with a negative withdrawal or a slack at a non-source node injects gas of "
        "unknown origin, with the sources' mean quality)"));
  }
  const std::size_t np = summary->points.size(), ng = gnames.size();

  // --- reachability along the flow from the injections ---
  std::vector<std::vector<std::pair<std::size_t, double>>> down(n);  // u -> (w, q)
  for (std::size_t a = 0; a < na; ++a) {
    const double m = mass_flow_kg_per_s[a];
    if (!(std::abs(m) > eps)) continue;
    const Arc& arc = network.arcs[a];
    const std::size_t u = m > 0 ? arc.from_index : arc.to_index;
    const std::size_t w = m > 0 ? arc.to_index : arc.from_index;
    if (u == w) continue;
    down[u].emplace_back(w, std::abs(m));
  }
  std::vector<char> has_gas(n, 0);
  std::queue<std::size_t> bfs;
  for (const auto& p : summary->points) {
    has_gas[p.node_index] = 1;
    bfs.push(p.node_index);
  }
  while (!bfs.empty()) {
    const std::size_t u = bfs.front();
    bfs.pop();
    for (const auto& [w, q] : down[u])
      if (!has_gas[w]) {
        has_gas[w] = 1;
        bfs.push(w);
      }
  }
  std::vector<double> T(n, 0.0);
  for (std::size_t u = 0; u < n; ++u) {
    if (!has_gas[u]) continue;
    for (const auto& [w, q] : down[u]) T[w] += q;
  }
  for (const auto& p : summary->points) T[p.node_index] += p.mass_flow_kg_per_s;
  // What runs through a node without gas (a circulation that no injection feeds), for its
  // row: T leaves it 0, and the row said no flow where GasLib-4197 circulates 3.4e-5 kg/s.
  std::vector<double> circulating(n, 0.0);
  for (std::size_t u = 0; u < n; ++u)
    for (const auto& [w, q] : down[u])
      if (!has_gas[w]) circulating[w] += q;

  // --- the sparse system (I - P) F = B, CSC with merged duplicates ---
  std::vector<std::vector<std::pair<int, double>>> cols(n);  // column u: (row w, value)
  for (std::size_t v = 0; v < n; ++v) cols[v].emplace_back(static_cast<int>(v), 1.0);
  for (std::size_t u = 0; u < n; ++u) {
    if (!has_gas[u]) continue;
    for (const auto& [w, q] : down[u]) cols[u].emplace_back(static_cast<int>(w), -q / T[w]);
  }
  std::vector<int> Ap(n + 1, 0), Ai;
  std::vector<double> Ax;
  for (std::size_t u = 0; u < n; ++u) {
    auto& c = cols[u];
    std::sort(c.begin(), c.end(), [](auto& x, auto& y) { return x.first < y.first; });
    for (std::size_t k = 0; k < c.size(); ++k) {
      if (!Ai.empty() && static_cast<int>(Ap[u]) < static_cast<int>(Ai.size()) &&
          Ai.back() == c[k].first) {
        Ax.back() += c[k].second;
      } else {
        Ai.push_back(c[k].first);
        Ax.push_back(c[k].second);
      }
    }
    Ap[u + 1] = static_cast<int>(Ai.size());
  }
  std::vector<double> F(n * np, 0.0);  // column-major: F[v + n * p]
  for (std::size_t p = 0; p < np; ++p) {
    const std::size_t v = summary->points[p].node_index;
    F[v + n * p] = summary->points[p].mass_flow_kg_per_s / T[v];
  }
  if (n > 0 && np > 0) {
    KluHandles klu;
    const int ni = static_cast<int>(n);
    klu.symbolic = klu_analyze(ni, Ap.data(), Ai.data(), &klu.common);
    if (klu.symbolic == nullptr)
      return Status::Internal(fmt::format("TrackGas: KLU analysis failed (status {})",
                                          klu.common.status));
    klu.numeric = klu_factor(Ap.data(), Ai.data(), Ax.data(), klu.symbolic, &klu.common);
    if (klu.numeric == nullptr || klu.common.status == KLU_SINGULAR)
      return Status::Internal(fmt::format(
          "TrackGas: the mixing matrix is singular (KLU status {}); every node with gas "
          "should be fed by an injection",
          klu.common.status));
    // Solve in blocks of right-hand sides (KLU's ldim/nrhs interface).
    const int block = 64;
    for (std::size_t p0 = 0; p0 < np; p0 += block) {
      const int nr = static_cast<int>(std::min<std::size_t>(block, np - p0));
      if (!klu_solve(klu.symbolic, klu.numeric, ni, nr, F.data() + n * p0, &klu.common))
        return Status::Internal(
            fmt::format("TrackGas: KLU solve failed (status {})", klu.common.status));
    }
  }

  // --- per node: shares, mixed quality ---
  std::vector<const GasQuality*> pgas(np);
  for (std::size_t p = 0; p < np; ++p) pgas[p] = &summary->points[p].gas;
  // energy per kg by group at each node (for the accounting)
  std::vector<double> group_epk(n * ng, 0.0);
  summary->nodes.resize(n);
  std::vector<double> w(np);
  for (std::size_t v = 0; v < n; ++v) {
    NodeGas& g = summary->nodes[v];
    g.has_gas = has_gas[v] != 0;
    g.throughflow_kg_per_s = has_gas[v] ? T[v] : circulating[v];
    g.fuel_kg_per_s = fuel_at[v];
    g.withdrawal_kg_per_s = std::max(0.0, -gross[v]);
    if (!(g.withdrawal_kg_per_s > eps)) g.withdrawal_kg_per_s = 0.0;
    g.withdrawal_kg_per_s += fuel_at[v];
    g.group_share.assign(ng, 0.0);
    if (!g.has_gas) {
      ++summary->nodes_without_gas;
      g.quality = MixQualities({}, {});
      continue;
    }
    double sum = 0.0;
    for (std::size_t p = 0; p < np; ++p) {
      w[p] = F[v + n * p];
      g.group_share[summary->points[p].group_index] += w[p];
      group_epk[v * ng + summary->points[p].group_index] += w[p] * pgas[p]->SpecificEnergy();
      sum += w[p];
    }
    const double err = std::abs(sum - 1.0);
    if (err > summary->max_share_sum_error || summary->worst_share_node.empty()) {
      summary->max_share_sum_error = err;
      summary->worst_share_node = network.nodes[v].id;
    }
    g.quality = MixQualities(pgas, w);
  }
  if (summary->nodes_without_gas > 0) {
    std::string list;
    int k = 0;
    for (std::size_t v = 0; v < n; ++v)
      if (!summary->nodes[v].has_gas && k++ < 5)
        list += (list.empty() ? "" : ", ") + network.nodes[v].id;
    summary->notes.push_back(fmt::format(
        "{} node{} reached by no injected gas (no inflow along the solved flows, or only a "
        "circulation that no injection feeds): {}{}",
        summary->nodes_without_gas, summary->nodes_without_gas == 1 ? "" : "s", list,
        summary->nodes_without_gas > 5 ? ", ..." : ""));
  }
  if (options.keep_point_fractions) {
    summary->point_fraction.assign(n * np, 0.0);
    for (std::size_t v = 0; v < n; ++v)
      for (std::size_t p = 0; p < np; ++p) summary->point_fraction[v * np + p] = F[v + n * p];
  }

  // --- fuel by origin ---
  for (std::size_t i = 0; i < options.fuel.size(); ++i) {
    const StationFuel& f = options.fuel[i];
    const std::size_t fv = fuel_node_of[i];
    const NodeGas& g = summary->nodes[fv];
    StationFuelByOrigin so;
    so.station_id = f.station_id;
    so.fuel_node = network.nodes[fv].id;
    so.mass_flow_kg_per_s = f.mass_flow_kg_per_s;
    so.group_mass_kg_per_s.assign(ng, 0.0);
    so.group_energy_W.assign(ng, 0.0);
    for (std::size_t k = 0; k < ng; ++k) {
      so.group_mass_kg_per_s[k] = f.mass_flow_kg_per_s * g.group_share[k];
      so.group_energy_W[k] = f.mass_flow_kg_per_s * group_epk[fv * ng + k];
      so.energy_W += so.group_energy_W[k];
    }
    summary->fuel.push_back(so);
  }

  // --- balances ---
  summary->group_mass_in_kg_per_s.assign(ng, 0.0);
  summary->group_mass_out_kg_per_s.assign(ng, 0.0);
  summary->group_mass_fuel_kg_per_s.assign(ng, 0.0);
  for (const auto& p : summary->points) {
    summary->energy_in_W += p.mass_flow_kg_per_s * p.gas.SpecificEnergy();
    summary->group_mass_in_kg_per_s[p.group_index] += p.mass_flow_kg_per_s;
  }
  double withdrawn_without_gas = 0.0;
  for (std::size_t v = 0; v < n; ++v) {
    const NodeGas& g = summary->nodes[v];
    if (!(g.withdrawal_kg_per_s > 0.0)) continue;
    if (!g.has_gas) {
      withdrawn_without_gas += g.withdrawal_kg_per_s;
      continue;
    }
    const double deliver = g.withdrawal_kg_per_s - g.fuel_kg_per_s;
    for (std::size_t k = 0; k < ng; ++k) {
      summary->energy_out_W += deliver * group_epk[v * ng + k];
      summary->energy_fuel_W += g.fuel_kg_per_s * group_epk[v * ng + k];
      summary->group_mass_out_kg_per_s[k] += deliver * g.group_share[k];
      summary->group_mass_fuel_kg_per_s[k] += g.fuel_kg_per_s * g.group_share[k];
    }
  }
  if (withdrawn_without_gas > 0.0)
    summary->notes.push_back(fmt::format(
        "{:.6g} kg/s withdrawn at nodes that no gas reaches (the flows do not balance there)",
        withdrawn_without_gas));
  summary->energy_imbalance_relative =
      summary->energy_in_W > 0.0
          ? std::abs(summary->energy_in_W - summary->energy_out_W - summary->energy_fuel_W) /
                summary->energy_in_W
          : 0.0;
  // Mass balance of the input itself (tracking conserves what the flows conserve).
  {
    std::vector<double> imb(injection_kg_per_s);
    for (std::size_t a = 0; a < na; ++a) {
      imb[network.arcs[a].from_index] -= mass_flow_kg_per_s[a];
      imb[network.arcs[a].to_index] += mass_flow_kg_per_s[a];
    }
    double worst = 0.0;
    std::size_t wv = 0;
    for (std::size_t v = 0; v < n; ++v)
      if (std::abs(imb[v]) > worst) {
        worst = std::abs(imb[v]);
        wv = v;
      }
    if (worst > 1e-6)
      summary->notes.push_back(fmt::format(
          "the given flows do not balance: {:.3g} kg/s at node '{}' (energy balance reflects it)",
          worst, network.nodes[wv].id));
  }

  // --- accounting points ---
  for (const AccountingPoint& ap : groups.points) {
    PointFlow pf;
    pf.point = ap;
    pf.group_mass_kg_per_s.assign(ng, 0.0);
    pf.group_energy_W.assign(ng, 0.0);
    pf.group_volume_m3_per_s.assign(ng, 0.0);
    std::size_t gv = 0;
    double m = 0.0;
    if (!ap.arc_id.empty()) {
      auto a = network.FindArc(ap.arc_id);
      if (!a)
        return Status::InvalidArgument(
            fmt::format("TrackGas: border point '{}' names unknown arc '{}'", ap.id, ap.arc_id));
      const Arc& arc = network.arcs[*a];
      const double q = mass_flow_kg_per_s[*a];
      // A flow within the zero-flow line is none: its gas is its from node's whatever the
      // residue's sign (GasLib-134's node_6_ld2 named its to node beside 20 idle arcs that
      // named their from node).
      const bool flows = std::abs(q) > eps;
      gv = flows && q < 0.0 ? arc.to_index : arc.from_index;
      m = flows ? q * ap.direction : 0.0;
    } else {
      auto v = network.FindNode(ap.node_id);
      if (!v)
        return Status::InvalidArgument(fmt::format(
            "TrackGas: border point '{}' names unknown node '{}'", ap.id, ap.node_id));
      gv = *v;
      m = (summary->nodes[gv].withdrawal_kg_per_s - summary->nodes[gv].fuel_kg_per_s) *
          ap.direction;
      // A node's point counts what the network delivers there; gas that enters there is
      // none of it (a Turkmen entry given as the TM->IR point read 0 mcm/d, and the
      // transit table made the Turkmen gas in Iran negative, without a word).
      const double in = injection_kg_per_s[gv];  // (sized n: checked above)
      if (in > eps)
        summary->notes.push_back(fmt::format(
            "border point '{}' at node '{}' counts what the network delivers there, and the "
            "node injects {:.6g} kg/s here, which it does not count: give the point as the "
            "arc that carries that gas on (docs/tracking.md, border points)",
            ap.id, ap.node_id, in));
    }
    pf.gas_node = network.nodes[gv].id;
    pf.mass_flow_kg_per_s = m;
    const NodeGas& g = summary->nodes[gv];
    if (g.has_gas && m != 0.0) {
      pf.volume_m3_per_s = m / g.quality.norm_density_kg_per_m3;
      for (std::size_t k = 0; k < ng; ++k) {
        pf.group_mass_kg_per_s[k] = m * g.group_share[k];
        pf.group_energy_W[k] = m * group_epk[gv * ng + k];
        pf.energy_W += pf.group_energy_W[k];
      }
      for (std::size_t p = 0; p < np; ++p)
        pf.group_volume_m3_per_s[summary->points[p].group_index] +=
            m * F[gv + n * p] / summary->points[p].gas.norm_density_kg_per_m3;
    } else if (m != 0.0) {
      // Gas that no injection feeds (a circulation): no origin's, of no known density or
      // calorific value. Its volume and energy are unknown, not 0 (they read 0 mcm/d and
      // 0 MW beside the mass flow); by origin it is none's.
      pf.volume_m3_per_s = pf.energy_W = kNaN;
      summary->notes.push_back(fmt::format(
          "border point '{}' carries {:.6g} kg/s of gas that no injection feeds at node '{}' "
          "(it circulates, or the flows do not balance there): its volume and energy are "
          "unknown and it counts for no origin",
          ap.id, m, pf.gas_node));
    }
    summary->accounting.push_back(pf);
  }

  // --- swap balance ---
  if (groups.swap) {
    const SwapSpec& sp = *groups.swap;
    SwapBalance sb;
    sb.spec = sp;
    sb.spec.fee += 0.0;  // a fee of -0 (a share of 0 given so) reads 0 in every report
    const std::size_t sg = group_index(sp.supplier_group);
    if (sg >= ng) {  // a group that no point injects: grow the per-group vectors consistently
      // (cannot happen for groups listed in the file; kept for robustness)
      sb.notes.push_back(fmt::format("supplier group '{}' injects nothing", sp.supplier_group));
    }
    std::string dfrom, dto;
    SplitCountries(sp.delivery_direction, &dfrom, &dto);
    const PointFlow* dp = nullptr;
    for (const PointFlow& pf : summary->accounting)
      if (pf.point.id == sp.delivery_point) dp = &pf;
    sb.delivered_group_m3_per_s.assign(gnames.size(), 0.0);
    if (dp == nullptr) {
      sb.notes.push_back(fmt::format("delivery point '{}' not found", sp.delivery_point));
    } else {
      // +1: the swap runs in the point's direction, -1: against it (checked above: one of
      // the two).
      const int sign = dp->point.from_country == dfrom && dp->point.to_country == dto ? 1 : -1;
      const double m = sign * dp->mass_flow_kg_per_s;
      if (m != 0.0 && !std::isfinite(dp->volume_m3_per_s))
        sb.notes.push_back(fmt::format(
            "the gas crossing '{}' is fed by no injection (it circulates, or the flows do not "
            "balance there): its volume, the delivery and the net position are unknown",
            dp->point.id));
      if (m > 0.0) {
        sb.delivered_m3_per_s = sign * dp->volume_m3_per_s;
        sb.delivered_energy_W = sign * dp->energy_W;
        auto gv = network.FindNode(dp->gas_node);
        for (std::size_t k = 0; k < ng && gv; ++k) {
          // volume of each origin's gas delivered (its own norm density)
          double vol = 0.0;
          for (std::size_t p = 0; p < np; ++p)
            if (summary->points[p].group_index == k)
              vol += m * F[*gv + n * p] / summary->points[p].gas.norm_density_kg_per_m3;
          sb.delivered_group_m3_per_s[k] = vol;
        }
      } else if (m < 0.0) {
        sb.against_m3_per_s = -sign * dp->volume_m3_per_s;
        sb.notes.push_back(fmt::format(
            "no physical flow in the swap direction {} at '{}' ({:.4g} kg/s run the other "
            "way): a swap delivery there can only be made by displacement, netted against "
            "that flow",
            sp.delivery_direction, dp->point.id, -m));
      } else {
        // No flow at all (swap-stopped): there is nothing to displace either.
        sb.notes.push_back(fmt::format("no flow at '{}' in either direction: nothing delivered",
                                       dp->point.id));
      }
    }
    // Supplier gas quality: the supplier's injections (entries if listed, else the group).
    // Which injection points are the supplier's, once (its gas quality, its share of each
    // border point's gas below).
    std::vector<char> supplier(np, 0);
    for (std::size_t p = 0; p < np; ++p)
      supplier[p] = sp.supplier_entries.empty()
                        ? summary->points[p].group == sp.supplier_group
                        : std::find(sp.supplier_entries.begin(), sp.supplier_entries.end(),
                                    summary->points[p].node_id) != sp.supplier_entries.end();
    double sm = 0.0, svol = 0.0, sen = 0.0;
    for (std::size_t k = 0; k < np; ++k) {
      if (!supplier[k]) continue;
      const InjectionPoint& p = summary->points[k];
      sm += p.mass_flow_kg_per_s;
      svol += p.mass_flow_kg_per_s / p.gas.norm_density_kg_per_m3;
      sen += p.mass_flow_kg_per_s * p.gas.SpecificEnergy();
    }
    const double cv_supplier = svol > 0.0 ? sen / svol : 0.0;  // J per normal m^3
    sb.supplier_injection_m3_per_s = svol;
    // Where the fee came from (said nowhere: a scenario's 40 % read as the file's).
    sb.notes.push_back(fmt::format("swap fee {:g} from {}", sp.fee + 0.0,  // (-0 as 0)
                                   sp.fee_provenance.empty() ? "the default"
                                                             : sp.fee_provenance));
    if (sp.input_m3_per_s >= 0.0) {
      sb.input_m3_per_s = sp.input_m3_per_s + 0.0;  // (-0 as 0)
      if (!sp.input_provenance.empty())
        sb.notes.push_back("swap input from " + sp.input_provenance);
    } else {
      // All of the supplier's gas that crosses into the swapping country (the "from" of the
      // delivery direction): its share at every point where gas enters that country, a point
      // written the other way (from that country, its flow negative) as well, as the transit
      // table counts it (Kordkuy written IR->TM left 11.7 of 29.2 mcm/d out).
      // With supplier_entries, the gas of those entries alone (the group's was taken: 29.2
      // mcm/d of Turkmen gas where the one entry listed supplies 11.2, the cap the same file
      // enforces on a given input): each point's flow times their shares at its gas node.
      sb.input_from_flows = true;
      const bool listed = !sp.supplier_entries.empty();
      double vol = 0.0;
      for (const PointFlow& pf : summary->accounting) {
        if ((!listed && sg >= ng) || !(svol > 0.0)) continue;
        const int into = pf.point.to_country == dfrom ? 1 : pf.point.from_country == dfrom ? -1 : 0;
        double m = 0.0;
        if (!listed) {
          m = into * pf.group_mass_kg_per_s[sg];
        } else if (const auto gv = network.FindNode(pf.gas_node); gv && into != 0) {
          double share = 0.0;
          for (std::size_t p = 0; p < np; ++p)
            if (supplier[p]) share += F[*gv + n * p];
          m = into * pf.mass_flow_kg_per_s * share;
        }
        if (m > 0.0) vol += m * (svol / sm);
      }
      sb.input_m3_per_s = vol;
      sb.notes.push_back(
          listed ? fmt::format("no swap input given: all gas of supplier_entries {} crossing "
                               "into {} counted as swap input",
                               fmt::join(sp.supplier_entries, ", "), dfrom)
                 : fmt::format("no swap input given: all {} gas crossing into {} counted as "
                               "swap input",
                               sp.supplier_group, dfrom));
    }
    sb.input_energy_W = sb.input_m3_per_s * cv_supplier;
    sb.fee_m3_per_s = sb.spec.fee * sb.input_m3_per_s;
    sb.obligation_m3_per_s = (1.0 - sp.fee) * sb.input_m3_per_s;
    sb.net_position_m3_per_s = sb.delivered_m3_per_s - sb.obligation_m3_per_s;
    sb.net_position_energy_W = sb.delivered_energy_W - (1.0 - sp.fee) * sb.input_energy_W;
    summary->swap = sb;
  }
  // group_index may have grown the names (swap supplier without injection): pad vectors.
  const std::size_t ngf = gnames.size();
  for (auto& g : summary->nodes) g.group_share.resize(ngf, 0.0);
  for (auto& pf : summary->accounting) {
    pf.group_mass_kg_per_s.resize(ngf, 0.0);
    pf.group_energy_W.resize(ngf, 0.0);
    pf.group_volume_m3_per_s.resize(ngf, 0.0);
  }
  for (auto& f : summary->fuel) {
    f.group_mass_kg_per_s.resize(ngf, 0.0);
    f.group_energy_W.resize(ngf, 0.0);
  }
  summary->group_mass_in_kg_per_s.resize(ngf, 0.0);
  summary->group_mass_out_kg_per_s.resize(ngf, 0.0);
  summary->group_mass_fuel_kg_per_s.resize(ngf, 0.0);
  if (summary->swap) summary->swap->delivered_group_m3_per_s.resize(ngf, 0.0);

  summary->solve_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

Status TrackGas(const Network& network, const std::vector<double>& mass_flow_kg_per_s,
                const std::vector<double>& injection_kg_per_s, const OriginGroups& groups,
                const TrackingOptions& options, TrackingSummary* summary) {
  return internal::GuardedCall("TrackGas", [&] {
    return TrackGasUnguarded(network, mass_flow_kg_per_s, injection_kg_per_s, groups, options,
                             summary);
  });
}

}  // namespace corridor
