// Internal entry points of the steady-state solver (not part of the public API).
#pragma once

#include <vector>

#include "corridor/steady.h"
#include "physics/gas_physics.h"

namespace corridor::steady_internal {

/// The equation-of-state parameters the options describe (temperature override applied).
physics::EosParams MakeEos(const SteadyOptions& options);

/// SolveSteady with per-node upper pressure bounds for the default slack rule (0 = use the
/// node's own pressure_max_Pa); SimulateSteady passes the scenario's bounds.
Status SolveWithHints(const Network& network, const std::vector<double>& injection,
                      const SteadyOptions& options, const std::vector<double>& upper_hint,
                      SteadySolution* solution, SteadySummary* summary);

/// Gas properties from the network's sources, weighted by positive injection (temperature:
/// plain mean over the sources that carry gas data). Fields without source data keep the
/// values of `gas`.
GasModel MixSourceGas(const Network& network, const std::vector<double>& injection,
                      const GasModel& gas);

}  // namespace corridor::steady_internal
