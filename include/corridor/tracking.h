// Gas origin and quality tracking on a solved steady state, transit and swap accounting.
//
// Given a network, the solved arc mass flows and node injections, every node's gas is the
// complete mix of what flows into it: for each injection point s (a node where gas enters
// the network) and each node v,
//
//     T_v f_v,s = sum over arcs a flowing into v of |m_a| f_u(a),s  +  inj+_v [s == v]
//     T_v       = sum over arcs a flowing into v of |m_a|           +  inj+_v
//
// where f_v,s is the mass fraction of node v's gas that entered at s. This is one sparse
// linear system (one row per node, one right-hand side per injection point), solved with
// SuiteSparse KLU, so any flow pattern works, cycles through compressors included; no tree
// is assumed. Mixed properties follow from the fractions: specific energy and mass are
// additive, normal volumes and moles are additive (ideal mixing), so
//     1/rho_n,v = sum_s f_v,s / rho_n,s,   1/M_v = sum_s f_v,s / M_s,
//     CV_v = rho_n,v * sum_s f_v,s CV_s / rho_n,s  (J per normal m^3),
//     x_v,j = (sum_s f_v,s x_s,j / M_s) / (sum_s f_v,s / M_s)  (mole fractions).
// Conventions (docs/tracking.md gives the reasons):
//   - an injection point is any node with inj_v > 0 (a source, the slack, an exit with a
//     negative withdrawal). Its gas is the node's GasLib gas data when it has some, else
//     TrackingOptions::default_gas (sources' mean, see below); its origin group is taken
//     from OriginGroups (sources), else TrackingOptions::unassigned_group_name;
//   - a withdrawal (inj_v < 0, at an exit or at a source with a negative supply) takes the
//     local mix;
//   - a node reached by no gas (no inflow: isolated, zero flow, or only a circulation that no
//     injection feeds) has has_gas = false, all fractions 0 and NaN properties;
//   - flows with |m| <= TrackingOptions::zero_flow_kg_per_s count as no flow.
//
// Library rules: nothing printed, no exceptions across the API, no hidden state (two calls in
// two threads do not interfere).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "corridor/io.h"
#include "corridor/network.h"
#include "corridor/status.h"
#include "corridor/steady.h"

namespace corridor {

// ------------------------------------------------------------------------------------------
// Origin groups, border points, swap (the "groups file")
// ------------------------------------------------------------------------------------------

/// A point at which flows are accounted (a border or interconnection point): an arc whose
/// positive flow runs from `from_country` to `to_country`, or a node (then the flow counted
/// is the node's withdrawal, positive out of the network).
struct AccountingPoint {
  std::string id;
  std::string name;
  std::string node_id;                ///< border/delivery node (may be empty when arc is set)
  std::string arc_id;                 ///< crossing arc; empty = account the node's withdrawal
  std::string from_country, to_country;
  /// +1 when the arc's positive flow is from_country -> to_country, -1 when reversed.
  int direction = 1;
  int line = 0;                       ///< where it was read (0 when built in code)
};

/// The swap: gas of `supplier_group` delivered into the swapping country in exchange for a
/// delivery at `delivery_point` in `delivery_direction`, less a fee kept by the swapper.
struct SwapSpec {
  std::string supplier_group = "Turkmenistan";   ///< origin group of the gas swapped in
  std::vector<std::string> supplier_entries;     ///< its entries (source ids); empty = group
  std::string delivery_point;                    ///< AccountingPoint id (e.g. bp_az_ir_astara)
  /// "FROM->TO" of the swap delivery: the delivery point's two countries, in its order or
  /// the reverse (TrackGas refuses any other pair).
  std::string delivery_direction = "IR->AZ";
  double fee = 0.25;                             ///< share kept by the swapper, 0..1
  /// Swap input at the supplier's entries, m^3/s at normal conditions; < 0 = unknown (then
  /// all of the supplier group's gas crossing into the swapper counts, and a note says so).
  double input_m3_per_s = -1.0;
  std::string input_provenance;                  ///< where input_m3_per_s came from
  std::string fee_provenance;  ///< where the fee came from; empty: the default 0.25
};

/// Gas composition of an origin group (mole fractions by component name, summing to 1).
using Composition = std::vector<std::pair<std::string, double>>;

/// The content of a groups file: which source belongs to which origin group, and optionally
/// border points, a swap and per-group compositions.
struct OriginGroups {
  std::vector<std::string> names;                          ///< groups in file order
  std::unordered_map<std::string, std::string> group_of;   ///< source id -> group name
  std::vector<AccountingPoint> points;
  std::optional<SwapSpec> swap;
  std::unordered_map<std::string, Composition> composition;  ///< group -> composition
  /// Per-scenario swap inputs found in the file (annotations.json `scenarios`): scenario file
  /// base name (e.g. "swap-contract.scn") -> swap input m^3/s at normal conditions.
  std::unordered_map<std::string, double> scenario_swap_input_m3_per_s;
  /// Per-scenario swap fees (`scenarios.*.swap_fee`), by scenario file base name.
  std::unordered_map<std::string, double> scenario_swap_fee;
  std::string source_file;
};

struct GroupsReadOptions {
  /// Sources of the network that no group names: false = an error per source (rule
  /// "ungrouped-source"); true = they join a group named `other_group_name` (a warning each).
  bool allow_ungrouped = true;
  std::string other_group_name = "other";
  /// The name gas of no origin group goes by in TrackGas (TrackingOptions::
  /// unassigned_group_name): a group of this name is an error (rule "reserved-group").
  std::string unassigned_group_name = "unassigned";
  /// false: check the file on its own, for a case that did not load (its syntax, types,
  /// duplicates, fee, directions and inputs), not its ids against the network (no
  /// unknown-source, ungrouped-source, unknown-node or unknown-arc); the network given is
  /// not looked at. What it then reads is no groups of any network: use it to list problems.
  bool check_against_network = true;

  /// Both names given and different (the ungrouped sources' gas would merge with gas of no
  /// group in every balance), every problem listed. ReadOriginGroups checks it first.
  Status Validate() const;
};

/// Reads a groups file and checks it against the network. Two formats, told apart by content:
///  - JSON: {"groups": {"Russia": ["ru_mozdok", ...], ...}, optional "border_points":
///    [{id, name, node, arc, from_country, to_country, positive_arc_flow}], optional "swap":
///    {fee, turkmen_entries | supplier_entries, supplier_group, delivery_border_point,
///    delivery_direction, input_1000m3_per_h}, optional "gas_origins": {group:
///    {composition_mol_pct: {...}}}, optional "scenarios": {name: {file,
///    swap_turkmen_input_1000m3_per_h}}. data/corridor/annotations.json is such a file.
///  - CSV: lines "source_id,group" ('#' comments, blank lines and a header line
///    "source_id,group" allowed).
/// Every problem is reported (capped by the Diagnostics) with file:line (JSON: the line of
/// the offending value), the element and the rule: file-not-found, io-error, out-of-memory,
/// json-syntax, not-finite (a number beyond a double), bad-utf8 (a CSV file),
/// wrong-file-kind (an XML file), malformed-line (a CSV line), empty-id, wrong-type,
/// missing-groups, duplicate-group (JSON: the key given twice), bad-group-name
/// (empty, a space at either end, a control character), reserved-group (named
/// `unassigned_group_name`), conflicting-keys (border_points and points), empty-group,
/// unknown-source (not a source of
/// the network), duplicate-source (a source in two groups, or twice in one),
/// ungrouped-source, unknown-node, unknown-arc, node-not-on-arc, duplicate-point,
/// bad-direction, bad-fee, out-of-range, unknown-group, unknown-point, bad-composition;
/// warnings: duplicate-key (a JSON key given twice, at the last), unknown-key,
/// ungrouped-source (with allow_ungrouped), unknown-group (gas_origins naming no group).
/// docs/tracking.md, section 2, has the table.
/// On any error *out is left as it was.
Status ReadOriginGroups(const std::string& path, const Network& network,
                        const GroupsReadOptions& options, OriginGroups* out,
                        Diagnostics* diag);
Status ReadOriginGroupsFromString(const std::string& text, const std::string& path,
                                  const Network& network, const GroupsReadOptions& options,
                                  OriginGroups* out, Diagnostics* diag);
/// One group per source, named after the source (what `track` uses without --groups).
OriginGroups GroupPerSource(const Network& network);

/// The normal volume (m^3/s at 0 degC) that `nomination` injects at the swap's supplier:
/// at SwapSpec::supplier_entries where listed, else at the sources `groups` puts in its
/// supplier_group (an entry's flow in, an exit's out). A swap input above it is a
/// contradiction (`run` and `track` refuse it): an input of 120 mcm/d beside 28.7 mcm/d of
/// Turkmen gas read "swapper owes 85.7 mcm/d", exit 0.
double NominatedSwapSupply(const SwapSpec& swap, const OriginGroups& groups,
                           const Nomination& nomination);

/// A swap input and fee given for one run in place of the groups file's (`corridor track
/// --swap-input --fee`); < 0 where not given.
struct SwapGiven {
  double input_m3_per_s = -1.0;            ///< m^3/s at normal conditions (0 degC, 1.01325 bar)
  double fee = -1.0;                       ///< share kept by the swapper, 0..1
  std::string input_provenance = "given";  ///< how the report names a given input
  std::string fee_provenance = "given";    ///< how the report names a given fee
};

/// The swap that `nomination` runs under, as TrackSteady and `corridor track` take it: the
/// input and the fee each from `given` where given, else from the scenario's own entry in
/// `groups` for the nomination's file (scenario_swap_input_m3_per_s, scenario_swap_fee: by
/// the base name of Nomination::source_file), else the file-wide swap's. InvalidArgument
/// where `groups` defines no swap ("[no-swap]"), and where the input exceeds what the
/// nomination injects at the swap's supplier (NominatedSwapSupply: "[swap-exceeds-supply]").
Status SwapForNomination(const OriginGroups& groups, const Nomination& nomination,
                         const SwapGiven& given, SwapSpec* out);

// ------------------------------------------------------------------------------------------
// Tracking
// ------------------------------------------------------------------------------------------

/// Quality of a gas (per origin or mixed at a node).
struct GasQuality {
  double calorific_value_J_per_m3 = 0.0;   ///< gross, per normal m^3 (0 degC, 1.01325 bar)
  double norm_density_kg_per_m3 = 0.0;
  double molar_mass_kg_per_mol = 0.0;
  /// Pseudocritical data (Kay's rule, mole-weighted, in mixes); 0 when not known.
  double pseudocritical_pressure_Pa = 0.0;
  double pseudocritical_temperature_K = 0.0;
  Composition composition;                 ///< mole fractions; empty when not known
  /// Specific energy, J/kg (calorific value / norm density).
  double SpecificEnergy() const {
    return norm_density_kg_per_m3 > 0.0 ? calorific_value_J_per_m3 / norm_density_kg_per_m3
                                        : 0.0;
  }
  /// Norm density of dry air at 0 degC and 1.01325 bar (ISO 6976:2016), kg/m^3.
  static constexpr double kAirNormDensity_kg_per_m3 = 1.292923;
  /// Wobbe index, J/m^3: the calorific value over the square root of the relative density
  /// (norm density / air's), the interchangeability figure gas-quality specifications
  /// bound; 0 where the norm density is not known.
  double WobbeIndex() const;
};

/// Fuel gas burnt by a compressor station: `mass_flow_kg_per_s` is drawn at the station's
/// fuelGasVertex (its inlet when none is given: the from node for the solved flow direction),
/// with the local mix. The fuel MUST already be part of the net injection at that node in
/// the injection vector (a withdrawal the hydraulics carried there): the node's own supply
/// or demand is taken as injection + fuel, so a fuel node that is an exit delivers its
/// demand, and one that is an entry (GasLib puts fuelGasVertex at entries) supplies its
/// nominated flow, of which the fuel is burnt.
struct StationFuel {
  std::string station_id;
  double mass_flow_kg_per_s = 0.0;
  /// The node it was drawn at, where the caller knows it (TrackSteady: the node it withdrew
  /// the fuel at, chosen by the flow before the fuel was drawn, which the fuel itself may
  /// turn; the solver's fuel: where the solver drew it). Empty: the rule above. A node
  /// given here must exist.
  std::string node_id;
};

struct TrackingOptions {
  /// Arc flows and injections with magnitude at or below this are treated as zero (kg/s);
  /// finite, >= 0.
  double zero_flow_kg_per_s = 1e-9;
  /// Gas of injection points without gas data (slack at an innode, exit with a negative
  /// withdrawal). When its norm density is 0 (default) the injection-weighted mean of the
  /// sources' gas is used (the same mixture the steady solver assumes).
  GasQuality default_gas;
  std::string unassigned_group_name = "unassigned";
  /// Fuel per compressor station (see StationFuel). Empty = no fuel modelled.
  std::vector<StationFuel> fuel;
  /// Compute and keep per-node per-injection-point fractions (memory nodes x points).
  bool keep_point_fractions = true;

  /// Checks each field and lists every problem: a default gas given within a source's
  /// plausible ranges (docs/check.md) and its mole fractions summing to at most 1, each
  /// station's fuel once, finite, >= 0 and at most plausible::kMaxMassFlow_kg_per_s.
  Status Validate() const;
};

/// What is known about one injection point.
struct InjectionPoint {
  std::string node_id;
  std::size_t node_index = 0;
  std::string group;
  std::size_t group_index = 0;
  double mass_flow_kg_per_s = 0.0;  ///< > 0
  GasQuality gas;
  bool has_gas_data = false;        ///< false: default_gas was used
};

/// Per node: the gas found there.
struct NodeGas {
  bool has_gas = false;
  /// T_v: inflow through arcs + injection; at a node without gas the inflow (a circulation
  /// no injection feeds), 0 without flow.
  double throughflow_kg_per_s = 0.0;
  std::vector<double> group_share;         ///< mass fraction per group (sums to 1 with gas)
  GasQuality quality;                      ///< mixed properties (NaN without gas)
  double withdrawal_kg_per_s = 0.0;        ///< max(0, -inj_v): exits, fuel
  double fuel_kg_per_s = 0.0;              ///< part of the withdrawal burnt as fuel
};

/// Accounting at one point: mass and energy by group, in the point's positive direction.
struct PointFlow {
  AccountingPoint point;
  double mass_flow_kg_per_s = 0.0;          ///< signed, + in from_country -> to_country
  double volume_m3_per_s = 0.0;             ///< normal m^3/s, signed likewise
  double energy_W = 0.0;                    ///< signed likewise
  std::vector<double> group_mass_kg_per_s;  ///< signed likewise, per group
  std::vector<double> group_energy_W;
  std::vector<double> group_volume_m3_per_s;  ///< per group, at each origin's norm density
  std::string gas_node;                     ///< node whose mix crosses (upstream end)
};

/// Fuel burnt per station by origin.
struct StationFuelByOrigin {
  std::string station_id, fuel_node;
  double mass_flow_kg_per_s = 0.0, energy_W = 0.0;
  std::vector<double> group_mass_kg_per_s, group_energy_W;
};

/// The swap balance (all volumes at normal conditions, m^3/s; energies W).
struct SwapBalance {
  SwapSpec spec;
  double input_m3_per_s = 0.0;      ///< swap input used (spec, or supplier gas into swapper)
  double input_energy_W = 0.0;
  bool input_from_flows = false;    ///< true: no swap input given, all supplier gas counted
  /// What the supplier's injection points inject, normal m^3/s of their own gas (the volume
  /// a swap input from the flows is counted in).
  double supplier_injection_m3_per_s = 0.0;
  double delivered_m3_per_s = 0.0;  ///< physical delivery at the point, swap direction (>= 0)
  double delivered_energy_W = 0.0;
  std::vector<double> delivered_group_m3_per_s;  ///< what molecules physically delivered it
  double obligation_m3_per_s = 0.0;  ///< (1 - fee) x input
  double fee_m3_per_s = 0.0;         ///< fee x input, kept by the swapper
  /// delivered - obligation: > 0 the swapper over-delivered, < 0 it owes.
  double net_position_m3_per_s = 0.0;
  double net_position_energy_W = 0.0;  ///< delivered energy - (1 - fee) x input energy
  /// Physical flow at the point against the swap direction (>= 0): where it runs, no gas
  /// crosses in the swap direction and a delivery is made by displacement, netted against
  /// it, which the physical net position cannot show.
  double against_m3_per_s = 0.0;
  std::vector<std::string> notes;
};

/// One origin's gas across the border points of one country (TrackingSummary::Transit).
struct OriginTransit {
  std::string group, country;
  double in_m3_per_s = 0.0, out_m3_per_s = 0.0;  ///< normal m^3/s, at the origin's density
  double in_W = 0.0, out_W = 0.0;
  /// in - out: > 0 consumed or burnt in the country, < 0 produced there and exported.
  double net_m3_per_s() const { return in_m3_per_s - out_m3_per_s; }
};

struct TrackingSummary {
  std::vector<std::string> group_names;
  std::vector<InjectionPoint> points;          ///< injection points (columns)
  std::vector<NodeGas> nodes;                  ///< per network node
  /// Per node per injection point mass fraction, row-major [node * points + point]
  /// (empty when keep_point_fractions is false).
  std::vector<double> point_fraction;
  std::vector<PointFlow> accounting;           ///< per OriginGroups::points entry
  std::vector<StationFuelByOrigin> fuel;
  std::optional<SwapBalance> swap;

  // Balances (the conservation checks).
  double energy_in_W = 0.0;         ///< sum of injections x their specific energy
  double energy_out_W = 0.0;        ///< sum of deliveries (withdrawals less fuel) x mix
  double energy_fuel_W = 0.0;
  double energy_imbalance_relative = 0.0;   ///< |in - out - fuel| / in
  std::vector<double> group_mass_in_kg_per_s, group_mass_out_kg_per_s,
      group_mass_fuel_kg_per_s;
  double max_share_sum_error = 0.0;         ///< max over nodes with gas of |sum shares - 1|
  std::string worst_share_node;
  int nodes_without_gas = 0;
  double solve_seconds = 0.0;
  std::vector<std::string> notes;

  // Outer loop (TrackSteady only).
  int outer_iterations = 0;
  bool outer_converged = true;
  std::vector<double> outer_trace;          ///< per iteration: relative change (see TrackSteady)

  /// Exits (nodes with a delivery), their shares by group and energy in MW and GWh/d.
  std::string ExitTable() const;
  std::string AccountingTable() const;
  /// Per origin and country (from the points' countries, in order of appearance): gas
  /// entering across the points and leaving across them; pairs without either are left out.
  std::vector<OriginTransit> Transit() const;
  /// Transit() as a table, with the net (> 0 consumed or burnt there, < 0 exported).
  std::string TransitTable() const;
  std::string FuelTable() const;
  std::string SwapReport() const;
  std::string BriefReport() const;
  std::string FullReport(bool timings = true) const;
  /// The network's node ids, for names in the reports (TrackGas and TrackSteady copy them
  /// from the network they were given); empty: rows named by position, "#v". A copy, so
  /// that a summary outlives its network: until 2026-12-06 it kept a pointer to it, and a
  /// summary returned from a function whose GasCase was gone read freed memory.
  std::vector<std::string> node_ids;
};

/// Tracks origins and quality on given flows. `mass_flow_kg_per_s` per arc (+ from -> to),
/// `injection_kg_per_s` per node (+ into the network; the slack's balancing injection
/// included, e.g. SteadySolution::injection_kg_per_s). Fails (InvalidArgument) on vectors of
/// the wrong size, non-finite values, fuel named for an arc that is not a station, or a swap
/// whose fee, delivery point or direction breaks the groups reader's rules.
Status TrackGas(const Network& network, const std::vector<double>& mass_flow_kg_per_s,
                const std::vector<double>& injection_kg_per_s, const OriginGroups& groups,
                const TrackingOptions& options, TrackingSummary* summary);

/// Options of the coupled solve.
struct TrackSteadyOptions {
  SteadyOptions steady;
  TrackingOptions tracking;
  /// Iterate hydraulics <-> mixing: the network-wide gas (molar mass and pseudocritical data;
  /// the norm density converting the nomination stays the solver's) given to the solver is
  /// the mix seen by the pipes (weighted by |flow| x length) until it changes by less than
  /// outer_tolerance (relative). Only when steady.gas.from_sources (else a note says so).
  bool couple_hydraulics = true;
  /// With couple_hydraulics: each arc's own gas rather than one for the network, its
  /// upstream end's tracked mix (SteadyOptions::arc_gas, as the corridor scenarios give
  /// it), until no arc's gas changes by more than outer_tolerance (relative); the network's
  /// gas stays the sources' mixture for the nodes, the volumes and the fuel.
  bool gas_per_arc = false;
  /// Convert each node's nominated normal volume to mass with that node's own gas, by the
  /// sign of the nominated flow (what it injects: the gas it injects, the source's own or the
  /// sources' mean; what it withdraws, at an exit or an entry nominated negative: the mix
  /// tracked there), iterated with the mixing, so that every node's volume matches the
  /// nomination. Off: SimulateSteady's single norm density
  /// for every node (the solver's convention). Needs explicit steady.slacks.
  bool volumes_at_gas_density = false;
  /// 1 to 1000. (Ten left two gases of 16.5 and 23 kg/kmol at a relative change of 2e-6
  /// under volumes_at_gas_density: the passes converge linearly, at about a third a pass.)
  int max_outer_iterations = 50;
  double outer_tolerance = 1e-8;  ///< at least 1e-15 (the change levels off near 2e-16)
  /// A swap input and fee in place of the groups file's. With a nomination and a swap in the
  /// groups, TrackSteady runs under SwapForNomination's swap (the scenario's own entry of the
  /// groups file where nothing is given) and refuses what it refuses.
  SwapGiven swap;

  /// Checks each field, the nested steady and tracking options included (their messages
  /// name the field by its path, e.g. TrackSteadyOptions.steady.threads); TrackSteady
  /// refuses what this refuses.
  Status Validate() const;
};

/// SimulateSteady, then TrackGas; with couple_hydraulics, repeated with the mixed gas until
/// the fixed point (TrackingSummary::outer_*; the trace holds per iteration the larger of the
/// relative changes of molar mass and, with volumes_at_gas_density, of node densities). With
/// fuel in options.tracking (fuel given by hand), the solver's own fuel model is switched off
/// and each solve is followed by SolveSteady with that fuel withdrawn at the fuel nodes,
/// supplied by the slacks, which must then be given explicitly. Without it, the fuel the
/// solver draws for running stations with machine data (SteadyOptions::fuel_gas, controls)
/// is tracked as fuel. Flows within the solution's resolution are tracked as zero
/// (tracking.zero_flow_kg_per_s is raised to FlowResolution: the solve knows no flow more
/// closely). The steady verdict is in *steady_summary;
/// tracking runs only on a converged solution (else Status is OK and summary stays empty,
/// with a note).
Status TrackSteady(const GasCase& c, const OriginGroups& groups,
                   const TrackSteadyOptions& options, SteadySolution* solution,
                   SteadySummary* steady_summary, TrackingSummary* summary);

/// Writes DIR/track_nodes.csv, DIR/track_exits.csv, DIR/track_points.csv, DIR/track_fuel.csv
/// and DIR/track_summary.json, each atomically (all-or-nothing per file; the folder is
/// created if missing). When any injected gas has a composition, track_nodes.csv and
/// track_exits.csv end with the mixed composition in mol %, one column mol_pct_<component>
/// per component (empty cells where the mix is partly of unknown composition). `network` must
/// be the one the summary was tracked on (rows are labelled by position): a summary with
/// another number of nodes is InvalidArgument, naming both sizes, and nothing is written.
/// An empty summary is a state that was not tracked (TrackSteady's where the steady state
/// did not converge): the files are written with their headers alone, and with `steady`
/// track_summary.json gives the verdict, so that no earlier run's rows stand beside it.
/// With `steady` (TrackSteady's summary of the state tracked), track_summary.json says that
/// state too: `steady_state` with its verdict, iterations, mass imbalance, pressure
/// reference and the nodes outside their pressure bounds (count and farthest), so that the
/// file alone tells a state that breaks its limits.
Status WriteTrackingOutputs(const TrackingSummary& summary, const Network& network,
                            const std::string& dir, const SteadySummary* steady = nullptr);

}  // namespace corridor
