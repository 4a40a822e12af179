// Combined decisions (GasLib .cdf) as element settings: `corridor simulate --decisions`.
//
// A .cdf lists groups of decisions; in each group exactly one decision holds, and a decision
// sets each element it names: a valve open (value 1) or closed (0), a control valve closed,
// open in bypass or active (regulating), a compressor station off or running, and for an open
// element the direction its flow may take (flowDirection 0: from -> to, 1: to -> from).
// GasLib-4197's .cdf fixes 406 of its 413 groups (one decision each: 147 valves closed, for
// instance, one of them valve_22, which its .net lacks); GasLib-582's two groups allow 4 and
// 19 decisions.
//
// ApplyDecisions turns the decisions taken into the settings a simulation can use: what a
// decision fixes (open, closed, bypass) becomes an ElementSetting; what it runs (an active
// control valve, a running station) needs a set-point that no .cdf gives, so it is listed for
// the caller to set. A control valve run to -> from regulates nothing (it reduces pressure
// from -> to only): it is set to bypass. DecisionDirectionViolations checks a solved state
// against the decided flow directions. docs/controls.md, "Combined decisions", says how
// `corridor simulate` merges them with a controls file and --set.
//
// Usage:
//   AppliedDecisions applied;
//   Status s = ApplyDecisions(*gas_case.decisions, gas_case.network, {}, &applied);
//   options.settings = applied.settings;  // then the controls file's and --set's over them
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "corridor/compressor_data.h"
#include "corridor/network.h"
#include "corridor/status.h"
#include "corridor/steady.h"

namespace corridor {

struct DecisionOptions {
  /// The decision taken in a group that allows several: (group id, decision id). A group
  /// with one decision takes it without a choice (a choice naming it is accepted).
  std::vector<std::pair<std::string, std::string>> choices;
};

/// One decision taken.
struct TakenDecision {
  std::string group, decision;
  bool chosen = false;  ///< by DecisionOptions::choices; else its group's only decision
};

/// A flow direction that a decision taken asks of an element it opens.
struct DecidedDirection {
  std::string arc_id, group, decision;
  bool forward = true;  ///< flowDirection 0: from -> to; 1: to -> from
};

/// What the decisions taken set, in the groups' order.
struct AppliedDecisions {
  std::string source_file;
  std::size_t groups = 0;  ///< groups in the .cdf
  /// Valves open or closed, control valves closed or open (bypass: not regulating; also
  /// those run to -> from, `reversed`), stations closed: one setting per element.
  std::vector<ElementSetting> settings;
  /// For each setting, the group and decision it comes from.
  std::vector<TakenDecision> setting_from;
  std::vector<TakenDecision> taken;
  /// Groups with several decisions and none chosen: their elements keep their settings.
  std::vector<std::string> open_groups;
  /// Elements a decision taken runs: control valves `active` (or open without a mode) and
  /// running stations. The decision gives no set-point: theirs come from elsewhere (a
  /// controls file, --set), else they keep their defaults.
  std::vector<std::string> run;
  std::vector<TakenDecision> run_from;  ///< for each of `run`, its group and decision
  /// Control valves a decision runs to -> from (value 1, flowDirection 1, not `bypass`): a
  /// control valve reduces pressure from -> to only (GasLib's model; a bidirectional one,
  /// flowMin < 0, passes the reverse flow unregulated), so each is set to bypass in
  /// `settings` rather than run, and named here. GasLib-582's dG_2/d1_4 runs
  /// controlValve_1 so.
  std::vector<std::string> reversed;
  std::vector<DecidedDirection> directions;
  /// Elements a decision names that the network lacks, or has as another kind: skipped
  /// (ValidateCase reports them).
  std::vector<std::string> skipped;
};

/// The settings that the decisions of `cdf` give on `network`: each group's only decision,
/// or the one `options` chooses. Every problem of the choices is refused together in the
/// Status (kInvalidArgument), one line each with its rule: a group the .cdf lacks
/// (unknown-group, with the nearest ids), a decision its group lacks (unknown-decision,
/// naming the first ten of the group's decisions), a group chosen twice (duplicate-choice).
/// Then, of the decisions taken, an element set to two states by two groups, or opened for
/// two flow directions, is refused (kInvalidInput, conflicting-decisions, at the file and
/// line of the second, naming both decisions and the first's line); the same state twice is
/// one setting. `out` is untouched on any error.
Status ApplyDecisions(const CombinedDecisions& cdf, const Network& network,
                      const DecisionOptions& options, AppliedDecisions* out);

/// An element that carries flow against the direction a decision taken asks of it.
struct DirectionViolation {
  std::string arc_id, group, decision;
  bool forward = true;              ///< the decided direction: from -> to
  double mass_flow_kg_per_s = 0.0;  ///< signed as the arc: from -> to positive
};

/// The decided directions that `sol` breaks by more than `tolerance_kg_per_s`, the largest
/// flow against its direction first. Elements `sol` has no finite flow for are skipped.
std::vector<DirectionViolation> DecisionDirectionViolations(const AppliedDecisions& applied,
                                                            const Network& network,
                                                            const SteadySolution& sol,
                                                            double tolerance_kg_per_s);

}  // namespace corridor
