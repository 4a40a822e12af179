// The corridor case as a job: run the scenarios of data/corridor, check every station and
// pressure limit, and search the Russian transit headroom (issue 5, first version).
//
// Usage:
//   ScenarioOptions opt;
//   opt.data_dir = "data/corridor";          // corridor.net, corridor.cs, annotations.json
//   CorridorReport rep;
//   Diagnostics diag;
//   Status s = RunCorridorScenarios(opt, &rep, &diag);
//   if (s.ok()) std::cout << rep.FullReport();
//
// Operating policy (docs/corridor-report.md gives the reasons). Each steady solve is run at
// set-points, with the solver's element limits and fuel gas off, and the limits are checked
// afterwards:
//   - the Russian entry (ru_mozdok) is the pressure reference of the network;
//   - a station whose nominated flow runs forward (from -> to, found by cutting the arc and
//     summing the nominations on its suction side) runs at a fixed outlet pressure; one whose
//     suction side has no pressure reference (a field station such as Korpeje) or whose
//     outlet side already has one is bypassed in the hydraulics; reverse or zero flow: bypass;
//   - the control valve stays open;
//   - each reference is moved to the highest level the upper pressure bounds of its zone
//     allow (the entry, stations feeding further compression), or, for a station feeding a
//     zone without further compression, to the lowest level its zone's minimum pressures
//     allow; a station whose set-point falls below its suction pressure is bypassed;
//   - station shaft power is evaluated post hoc, with the station model of simulate's
//     element limits (include/corridor/station.h) on the gas at each suction: adiabatic
//     head H = z R_s T kappa/(kappa-1) ((p_out/p_in)^((kappa-1)/kappa) - 1), the
//     configuration of at most max_units_running units with the least fuel inside every
//     limit, each unit at its machine point (recycle, throttle), power = m_machine H_m /
//     eta, eta from the machine map of corridor.cs (a stated default where no speed gives
//     the head), the limits of the machines (top speed, the drives' maximal power at their
//     speed and a stated ambient temperature). The solver itself runs without element
//     limits under this policy.
// A scenario is feasible when the solve converged, every node is within its pressure bounds
// and every station within its flow and power limits; otherwise the binding elements say why.
//
// Library rules: nothing printed, no exceptions across the API, no hidden state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "corridor/io.h"
#include "corridor/status.h"
#include "corridor/steady.h"
#include "corridor/tracking.h"

namespace corridor {

struct ScenarioOptions {
  /// Folder with corridor.net, corridor.cs, annotations.json and scenarios/*.scn.
  std::string data_dir;
  /// Scenario names (annotations.json `scenarios` keys, e.g. "ru-phase1"), each once;
  /// empty = all, in the file's order.
  std::vector<std::string> scenarios;
  /// Physics of the steady solves (friction, eos, gas ...). Slacks and element settings are
  /// set by the operating policy above and must be left empty; element_limits and fuel_gas
  /// are switched off in every solve (the policy sets the stations itself and checks their
  /// limits after it: docs/corridor-report.md), whatever they are here.
  SteadyOptions steady;
  /// Node that is the pressure reference (the Russian entry).
  std::string reference_node = "ru_mozdok";
  /// Russian entry and Iranian balancing nodes of the headroom search.
  std::string russian_entry = "ru_mozdok";
  std::string iran_supply = "ir_saveh";   ///< supply reduced first by added transit
  std::string iran_outlet = "ir_parchin";  ///< exit that takes transit beyond the north
  /// Each nominated volume becomes mass at the gas of its node, by the sign of the
  /// nominated flow as `track --local-density` converts it: what a node injects at the gas
  /// it injects (an entry's source's norm density; an exit nominated negative, the sources'
  /// mean), what it withdraws at the mix tracked there, iterated with the hydraulics until
  /// the masses settle (normal volumes are conserved by mixing, so the nomination's volume
  /// balance stays a mass balance). False: every node at the entries' mean norm density
  /// (SimulateSteady's convention), so that 2 bcm/y of Russian gas entered with the mass
  /// of 2 bcm/y of the mean gas. docs/corridor-report.md, "Volumes and masses".
  bool volumes_at_gas_density = true;
  /// With volumes_at_gas_density: each arc's hydraulics with the gas it carries (its
  /// upstream end's tracked mix: molar mass and pseudocritical data, SteadyOptions::arc_gas),
  /// iterated with the masses; the Russian line's lighter gas then loses more pressure per
  /// kilogram than the entries' mean. False: every arc the entries' mean (one gas in the
  /// pipes). docs/corridor-report.md, "A gas per pipe".
  bool gas_per_arc = true;
  /// Origin tracking at Astara and Rasht (annotations.json groups).
  bool track_origins = true;
  /// Search the largest Russian transit per scenario.
  bool headroom = true;
  /// With headroom: search it a third time with every published capacity (annotations.json
  /// arcs.*.capacity, each pipeline's figure on its busiest segment) binding beside the
  /// case's own limits (ScenarioSummary::headroom_within_published_capacities). The
  /// hydraulics and the stations' bounds carry more than some published figures (the
  /// Hajigabul-Astara line's 4 bcm/y, which also carries southern Azerbaijan's offtake):
  /// the report gives both.
  bool headroom_within_published_capacities = true;
  /// With headroom: the scenarios whose searches are run again under each published
  /// alternative of a pipe's parameter (annotations.json arcs.*.alternatives, e.g. the
  /// Hajigabul-Astara line at 1020 mm OD against the network's 1200 mm), one at a time
  /// (ScenarioSummary::sensitivities). Each named once; a name the case lacks is run
  /// nowhere, and the report says so. Default: the two states of today's flows that the
  /// report's first question answers with.
  std::vector<std::string> sensitivity_scenarios = {"swap-stopped", "baseline"};
  double headroom_max_bcm_per_year = 60.0;  ///< upper bracket, bcm/y at 20 degC; (0, 10000]
  /// The search's grid: every transit it tries is a multiple of this, so that its result is
  /// the largest multiple carried and the next one, the same wherever one limit binds, and
  /// the report prints as many decimals as the step has (2 to 6), the carried bracket
  /// rounded down and the other up.
  double headroom_precision_bcm_per_year = 0.01;
  /// The bisection takes every transit below the largest carried as carried, which need not
  /// hold (winter-peak: carried to 1.39 bcm/y, not from 1.40 to 1.69, again to 5.32). The
  /// transits between the scenario's own and the largest carried are tried on a grid of
  /// this step too, and the first not carried, refined to the precision, is reported beside
  /// the largest (HeadroomResult::gap_*). 0: not scanned; no finer than the precision, and
  /// at most 10 000 steps to headroom_max_bcm_per_year.
  double headroom_gap_scan_bcm_per_year = 0.25;
  /// Post-hoc compressor check.
  double kappa = 1.3;                    ///< isentropic exponent of the gas, (1, 3]
  double default_efficiency = 0.8;  ///< where no speed of the map gives the head; 0.01 to 1
  /// Drives' maximal power evaluated here (15 degC); -100 to 200 degC.
  double ambient_temperature_K = 288.15;
  /// Pressure bound tolerance (Pa): violations smaller than this are not counted. Finite,
  /// >= 0.
  double pressure_tolerance_Pa = 100.0;  ///< 1 mbar
  /// Relative flow/power tolerance for station limits. Finite, >= 0.
  double limit_tolerance = 1e-6;
  /// Record every pass of the operating policy (set-points and solver verdict) of the
  /// scenario's own evaluation in ScenarioSummary::notes.
  bool trace = false;

  /// Checks each field, steady's included (its messages name the field by its path, e.g.
  /// ScenarioOptions.steady.threads): RunCorridorScenarios refuses what this refuses.
  Status Validate() const;
};

/// Flow at a border point (annotations.json border_points), signed + from -> to.
struct BorderFlow {
  std::string id, name, from_country, to_country;
  double volume_m3_per_s = 0.0;  ///< normal m^3/s (0 degC, 1.01325 bar)
  double mass_kg_per_s = 0.0;
};

/// A pressure compared with its limits.
struct PressureCheck {
  std::string node_id, name;
  double pressure_Pa = 0.0, min_Pa = 0.0, max_Pa = 0.0;
  bool ok = true;
};

/// Post-hoc check of one compressor station.
struct StationCheck {
  std::string id, name;
  /// Country of the station's suction node (annotations.json nodes.*.country; empty when
  /// not given). The report's Q1 counts stations in RU and AZ, the route from Mozdok to the
  /// Astara delivery point, as the transit path.
  std::string country;
  /// "outlet pressure", "bypass (...)", or "hydraulic bypass, suction assumed" (no suction
  /// reference, Korpeje: bypassed in the hydraulics, compressed from pressureInMin).
  std::string mode;
  bool running = false;        ///< compresses in the evaluation
  double mass_flow_kg_per_s = 0.0;
  double volume_m3_per_s = 0.0;        ///< normal m^3/s, signed
  double flow_min_m3_per_s = 0.0, flow_max_m3_per_s = 0.0;
  double inlet_Pa = 0.0, outlet_Pa = 0.0;  ///< used for the head (suction may be assumed)
  bool inlet_assumed = false;  ///< suction = pressureInMin (no field pressure modelled)
  double head_J_per_kg = 0.0;
  /// Adiabatic efficiency (0..1) of the machines: power_W = the machines' mass flow
  /// (recycle included) x the head they deliver (throttle included) / efficiency, over the
  /// units. The map's at each unit's machine point (include/corridor/station.h); where no
  /// speed of the machines gives the head, ScenarioOptions::default_efficiency, and
  /// efficiency_source says which.
  double efficiency = 0.0;
  std::string efficiency_source;       ///< "map (n = ... rpm, Q = ...)" or "default ..."
  /// Units running: those of the configuration the station model chooses among the ones of
  /// at most annotations.json's max_units_running units (the least fuel inside every limit).
  int units_running = 0;
  std::string configuration_id;        ///< that configuration (corridor.cs)
  /// The station model's words for it: "inside all limits; nearest: ...", or the limit it
  /// violates, then the units that recycle or throttle.
  std::string machines;
  double power_W = 0.0;                ///< shaft power needed
  double max_power_W = 0.0;            ///< drives' maximal power at their speeds, units running
  bool over_flow = false, over_power = false, suction_low = false;
  /// The head needed lies above the map's top-speed curve at the unit's flow: no speed of
  /// the machines gives it (a limit like the power's).
  bool over_head = false;
  double top_speed_head_J_per_kg = 0.0;  ///< what the top speed gives at that flow
  /// A limit of the machines other than power and top speed is violated (machines says
  /// which).
  bool over_machine_limit = false;
  /// The station model's verdict, judged or not (at an assumed suction the flags above
  /// stay false): the units need a speed above their top speed, or none gives the head
  /// (beyond_top_speed), or some limit of the machines is violated (outside_machines).
  bool beyond_top_speed = false, outside_machines = false;
  /// Inlet flow of one unit (m^3/s at suction) that the network asks for, and the flow the
  /// machine runs at: larger where the unit recycles, left of its surge line or below its
  /// minimum speed at the head needed (its anti-surge valve returns gas from the outlet to
  /// the inlet; docs/corridor-report.md, "Anti-surge recycle"). The power and the
  /// efficiency are those of the machine's flow.
  double unit_flow_m3_per_s = 0.0;
  double machine_flow_m3_per_s = 0.0;
  bool recycling = false;
  /// Head the machines deliver above the network's, throttled after them (right of the
  /// choke line, or at the map's lowest corner); 0 without.
  double throttle_head_J_per_kg = 0.0;
  /// The post-hoc check ran on a solved state. False (no solution): only the flow from the
  /// nominations is known (flow_checked), head, power and their limits are not checked.
  bool checked = false;
  bool flow_checked = false;  ///< over_flow was evaluated (from the solution or the cut)
};

/// What limits a scenario or the transit.
struct BindingElement {
  std::string element;  ///< e.g. "Astara compressor power", "pressure at Rasht below contract minimum"
  std::string detail;   ///< numbers
  /// Where the bound passed is one the case estimates: its provenance ("cs_astara flowMax:
  /// S35; S32; S39 (2 plants x 5 mcm/d) + estimate: read at 20 degC"); for a compressor's
  /// head, power or machine limits "estimated machine sizing: corridor.cs, SOURCES.md"; for
  /// the solver's pipeline capacity, the upper bound of the level that feeds the node that
  /// runs out (the entry's pressureMax, or a station's or regulator's pressureOutMax) where
  /// that is estimated; empty otherwise.
  std::string estimate;
};

/// A pipeline's published capacity (annotations.json arcs.*.capacity) against the flow a
/// state puts through it. Not a bound of the run (the hydraulics and the stations' bounds
/// are): a published figure that a carried state exceeds is said beside it. Only the
/// headroom search within the published capacities holds a state to them.
struct CapacityUse {
  std::string system;   ///< the pipeline, the arcs' annotations "system" ("IGAT-1")
  std::string arc_id;   ///< of its arcs that carry the figure, the most loaded
  double flow_m3_per_s = 0.0;      ///< |volume| through that arc, normal m^3/s (0 degC)
  double capacity_m3_per_s = 0.0;  ///< the published figure, normal m^3/s (0 degC)
  /// The figure's unit and conditions as published ("bcm/y", "20 degC") and one of that
  /// unit in normal m^3/s, for the report's "5.29 of 4 bcm/y (20 degC)".
  std::string unit, conditions;
  double unit_m3_per_s = 1.0;
  std::string provenance;  ///< its sources ("S37 (current ...)")
  /// No solved state: the flow is the one the nominations alone put through the arc, where
  /// it is the only path between its two sides (the sum of the nominated volumes on one
  /// side); a pipeline none of whose arcs is such is left out.
  bool from_nominations = false;
  /// Beyond its figure by more than ScenarioOptions::limit_tolerance: the one judgement
  /// that the verdict (where the capacities bind), the tables and the answers' lines share
  /// (the lines took 1e-9 where the verdict took the tolerance).
  bool above = false;
  double Share() const {
    return capacity_m3_per_s > 0.0 ? flow_m3_per_s / capacity_m3_per_s : 0.0;
  }
};

/// Result of the headroom search.
struct HeadroomResult {
  bool searched = false;
  double scenario_transit_bcm_per_year = 0.0;  ///< the scenario's own transit (20 degC)
  /// The own transit is carried under this search's limits. Where it is not, the search
  /// still runs over the whole range: a larger transit may be carried (OwnInGap).
  bool own_carried = false;
  double max_transit_bcm_per_year = 0.0;       ///< largest carried (20 degC); lower bracket
  double upper_bracket_bcm_per_year = 0.0;     ///< smallest found not carried
  double step_bcm_per_year = 0.0;  ///< the grid searched (ScenarioOptions' precision)
  bool limited_by_bracket = false;  ///< even the upper bracket was carried
  bool none_carried = false;        ///< even zero transit fails
  /// The published capacities were limits of this search
  /// (ScenarioSummary::headroom_within_published_capacities): no carried state passes one.
  bool published_capacities_bind = false;
  std::vector<BindingElement> binding;         ///< at the upper bracket
  /// The published capacities at the largest transit carried (max_transit_bcm_per_year's
  /// state), as ScenarioSummary::capacity_use; empty where none was carried.
  std::vector<CapacityUse> capacity_use_at_max;
  int solves = 0;
  /// The scan below the largest carried (ScenarioOptions::headroom_gap_scan_bcm_per_year):
  /// its step (0: not scanned), and where a transit there was not carried, the first such
  /// on the precision's grid, the largest carried below it, and what binds at the former.
  double gap_scan_step_bcm_per_year = 0.0;
  /// Where the scan began: the scenario's own transit where it is carried, else 0.
  double gap_scan_from_bcm_per_year = 0.0;
  double gap_carried_to_bcm_per_year = 0.0;
  double gap_not_carried_at_bcm_per_year = 0.0;
  /// The gap's other edge: the largest transit found not carried below the next one carried
  /// (the scan's next point carried, or the largest carried, refined on the precision's
  /// grid), and that one. Where the scan tried no point inside the gap but its first, the
  /// two edges' not-carried transits are one.
  double gap_not_carried_to_bcm_per_year = 0.0;
  double gap_carried_again_at_bcm_per_year = 0.0;
  std::vector<BindingElement> gap_binding;
  bool HasGap() const { return gap_not_carried_at_bcm_per_year > 0.0; }
  /// The own transit, not carried, lies in the gap found (winter-peak given 1.50 bcm/y:
  /// 5.32 carried, not 1.40 to 1.68).
  bool OwnInGap() const {
    return !own_carried && HasGap() &&
           scenario_transit_bcm_per_year > gap_carried_to_bcm_per_year &&
           (!(gap_carried_again_at_bcm_per_year > 0.0) ||
            scenario_transit_bcm_per_year < gap_carried_again_at_bcm_per_year);
  }
  /// The own transit, not carried, lies below the largest carried outside the gap found
  /// (in a gap of its own, which the scan, stopping at the first, did not report).
  bool OwnNotCarriedBelowLargest() const {
    return !own_carried && !OwnInGap() &&
           scenario_transit_bcm_per_year < max_transit_bcm_per_year;
  }
};

/// A scenario's headroom searched again with one pipe's parameter at a published alternative
/// of its value (annotations.json arcs.*.alternatives; ScenarioOptions::
/// sensitivity_scenarios), everything else as in the case.
struct Sensitivity {
  std::string arc_id;
  std::string arc_name;   ///< annotations.json arcs.*.name ("Hajigabul-Astara"), or the id
  std::string parameter;  ///< "diameter", "length" or "roughness"
  double value_m = 0.0;          ///< the alternative
  double network_value_m = 0.0;  ///< the network's own
  std::string provenance;        ///< the alternative's sources
  /// The three searches of ScenarioSummary under the alternative (the third not searched
  /// where the scenario's is not).
  HeadroomResult headroom, headroom_within_published_capacities,
      headroom_without_station_flow_limits;
  int solves = 0;
};

/// One scenario evaluated.
struct ScenarioSummary {
  std::string name, description, file;
  double transit_bcm_per_year = 0.0;  ///< Russian transit nominated (20 degC)
  SteadySummary steady;
  SteadySolution solution;
  /// The solves' friction law (ScenarioOptions::steady), for the friction factor the
  /// writers give a flow at round-off (FrictionFactorAtZeroFlow).
  FrictionLaw friction = FrictionLaw::kNikuradse;
  /// Per node, the norm density of the gas there (kg/m3): the sources' own gas mixed along
  /// the solved flows; the solve's mean density (SteadySummary::norm_density_kg_per_m3)
  /// where no gas arrives. Every volume the scenario reports (border flows, station flows,
  /// the written CSV files) is a mass over the density of the gas that passes.
  std::vector<double> norm_density_kg_per_m3;
  /// Per arc, the gas its law took (ScenarioOptions::gas_per_arc: its upstream end's
  /// tracked mix); empty with one gas in the pipes, and an entry of molar mass 0 where the
  /// arc kept the entries' mean (no gas arrives at its end).
  std::vector<ArcGas> arc_gas;
  /// Per node, the pressure bounds the scenario was held to and judged by: the network's,
  /// tightened where the scenario's .scn bounds a node's pressure (CasePressureBounds).
  std::vector<NodePressureBounds> pressure_bounds;
  bool feasible = false;
  std::string verdict;                ///< "converged, within limits" / "infeasible" ...
  std::vector<BindingElement> binding;
  std::vector<BorderFlow> borders;
  std::vector<PressureCheck> pressures;  ///< Astara and the Iranian exits
  /// Every node within 0.01 bar of one of its pressure bounds, watched or not (the policy
  /// holds references and set-points at bounds: winter-peak's Saveh entry at its maximum,
  /// Sari at its contract minimum); those beyond a bound are in `binding`.
  std::vector<PressureCheck> at_bound;
  std::vector<StationCheck> stations;
  /// Every pipeline with a published capacity, in the order of the annotations, at the
  /// scenario's state; without a converged one, those whose flow the nominations fix
  /// (CapacityUse::from_nominations).
  std::vector<CapacityUse> capacity_use;
  double total_power_W = 0.0;
  /// Origin shares (group name, mass fraction) at Astara (IR) and Rasht; empty when not
  /// tracked, or where no gas arrives (the *_tracked flags tell the two apart).
  std::vector<std::pair<std::string, double>> mix_astara, mix_rasht;
  /// Origin tracking ran and the network has the node (an empty mix: no gas arrives there).
  bool mix_astara_tracked = false, mix_rasht_tracked = false;
  /// Each origin's gas across the border points, per country (tracking's Transit): where
  /// the Russian gas is used (ru-phase1: most of it in Azerbaijan, whose own gas crosses to
  /// Iran beside it); empty when not tracked.
  std::vector<OriginTransit> origin_transit;
  std::string tracking_note;
  /// The swap balance (tracking's SwapReport) when the scenario has a swap input; a line
  /// that it has none where the case has a swap and the scenario gives it no input
  /// (swap-stopped); empty without tracking.
  std::string swap_report;
  /// Its numbers, for summary.json (absent without a swap input).
  std::optional<SwapBalance> swap;
  /// The scenario's swap input (m3/s at 0 degC) where it has one and no solution to balance
  /// it against (swap_report then says "not checked"); 0 otherwise.
  double swap_input_unchecked_m3_per_s = 0.0;
  HeadroomResult headroom;
  /// The same search with the stations' flow bounds not binding (they are still reported):
  /// what the pipes and the compressor power allow if the plants' throughput were enlarged.
  HeadroomResult headroom_without_station_flow_limits;
  /// The same search with every published capacity binding too (a flow above one by more
  /// than ScenarioOptions::limit_tolerance ends it, named "<system> above its published
  /// capacity"): the largest transit within what the pipelines are published to carry.
  /// Not searched (searched = false) where ScenarioOptions::headroom_within_published_
  /// capacities is off or the case publishes no capacity.
  HeadroomResult headroom_within_published_capacities;
  /// Under each published alternative of a pipe's parameter, where the scenario is one of
  /// ScenarioOptions::sensitivity_scenarios; empty otherwise.
  std::vector<Sensitivity> sensitivities;
  std::vector<std::string> notes;
  int solves = 0;
  double seconds = 0.0;

  std::string BriefReport() const;
  std::string FullReport(bool timings = true) const;
};

struct CorridorReport {
  std::vector<ScenarioSummary> scenarios;
  std::string model;       ///< physics and policy used, every option named
  /// What the case says of the network every scenario runs (annotations.json
  /// scenario_common.network_in_service: a line modelled in service though under
  /// construction); empty: nothing. The header's "Network" line.
  std::string network_note;
  /// ScenarioOptions::sensitivity_scenarios the case does not have (said by the header).
  std::vector<std::string> sensitivity_scenarios_missing;
  double seconds = 0.0;
  int solves = 0;
  /// Plain-words answers: can the corridor carry 2 bcm/y on top of today's flows, what limits
  /// it at 10 and at 55 bcm/y.
  std::string Header() const;
  std::string FullReport(bool timings = true) const;
};

/// Runs every requested scenario (with the headroom search when asked). Thread-safe: runs
/// in two threads give the same report as one alone (ScenarioRun.TwoThreadsGiveTheSameReport),
/// unless their options share a SteadyOptions::workspace (one per thread).
Status RunCorridorScenarios(const ScenarioOptions& options, CorridorReport* report,
                            Diagnostics* diag);

/// Writes DIR/nodes.csv, DIR/arcs.csv, DIR/summary.json and DIR/network.geojson for one
/// evaluated scenario (network = the case it was run on), all or nothing; nodes/arcs only
/// when the solve converged, otherwise those of an earlier run are removed in the same
/// step, so that DIR holds one run's set. The folder is created if missing. A solution (or
/// per-node density) whose size is not the network's is InvalidArgument, naming the sizes,
/// and nothing is written; only an unconverged summary may come without a solution. Only
/// files that begin as corridor writes them are an earlier run's (a user's nodes.csv stays);
/// `note` (may be null) is set to what became of those that existed ("removed the earlier
/// run's DIR/nodes.csv, ...; kept ... (not a file corridor wrote)"; "" where none did).
Status WriteScenarioOutputs(const ScenarioSummary& s, const Network& network,
                            const std::string& dir, std::string* note = nullptr);

/// Loads data_dir's network (and machine data); used by `corridor run` for the outputs.
/// The Status is LoadCase's: NotFound for a folder without its network file. `files` (may
/// be null) receives the paths of the case's files: annotations.json, the network and the
/// machine data it names, and every scenario file it names (what an output must not
/// overwrite).
Status LoadCorridorNetwork(const std::string& data_dir, GasCase* out, Diagnostics* diag,
                           std::vector<std::string>* files = nullptr);

}  // namespace corridor
