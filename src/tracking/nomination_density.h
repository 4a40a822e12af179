// Internal: the norm density at which a node's nominated volume becomes a mass, one rule for
// `track --local-density` (TrackSteady) and `run` (the scenarios' volumes at their gas,
// docs/tracking.md). Not public API.
#pragma once

#include <vector>

#include "corridor/io.h"
#include "corridor/tracking.h"

namespace corridor::tracking_internal {

/// Per node of `c.network` (kg/m3 at normal conditions), by the sign of the nominated flow,
/// not the kind of node: a node that injects (an entry nominated positive, an exit nominated
/// negative) at the gas it injects as `tracked` counts it (InjectionPoint::gas: the source's
/// own gas, else the sources' mean); a node that withdraws at the mix `tracked` finds there.
/// `fallback` where neither is known (no nomination, no gas arriving, no injection point).
std::vector<double> NominationNormDensities(const GasCase& c, const TrackingSummary& tracked,
                                            double fallback);

}  // namespace corridor::tracking_internal
