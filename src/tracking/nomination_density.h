// Internal: the norm density at which a node's nominated volume becomes a mass, and the gas
// each arc carries, one rule for `track` (TrackSteady: --local-density, --gas-per-arc) and
// `run` (the scenarios' volumes and pipes at their gas, docs/tracking.md). Not public API.
#pragma once

#include <vector>

#include "corridor/io.h"
#include "corridor/steady.h"
#include "corridor/tracking.h"

namespace corridor::tracking_internal {

/// Per node of `c.network` (kg/m3 at normal conditions), by the sign of the nominated flow,
/// not the kind of node: a node that injects (an entry nominated positive, an exit nominated
/// negative) at the gas it injects as `tracked` counts it (InjectionPoint::gas: the source's
/// own gas, else the sources' mean); a node that withdraws at the mix `tracked` finds there.
/// `fallback` where neither is known (no nomination, no gas arriving, no injection point).
std::vector<double> NominationNormDensities(const GasCase& c, const TrackingSummary& tracked,
                                            double fallback);

/// Per arc of `net`, the gas its law takes where each arc carries its own
/// (SteadyOptions::arc_gas): its upstream end's mix as `tracked` finds it, by the sign of
/// `mass_flow`. An arc whose flow lies within `zero_flow` (tracked as none) takes its from
/// node's gas, or its to node's where only that has gas, whatever the round-off's sign (the
/// corridor's idle border pipe at +-1e-13 kg/s flipped between its ends, one without gas, and
/// never settled). An arc whose end has no gas, or no pseudocritical data, keeps the options'
/// gas (molar mass 0). Empty where `tracked` or `mass_flow` does not match the network.
std::vector<ArcGas> TrackedArcGases(const Network& net, const std::vector<double>& mass_flow,
                                    const TrackingSummary& tracked, double zero_flow);

/// The largest relative change of any arc's gas (molar mass, p_c, T_c) from `a` to `b`; 1
/// where their counts differ.
double ArcGasChange(const std::vector<ArcGas>& a, const std::vector<ArcGas>& b);

}  // namespace corridor::tracking_internal
