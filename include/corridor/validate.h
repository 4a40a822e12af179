// Validation: does a loaded case make sense for a solve? Run after loading, separately.
//
// Checks topology (dangling arcs, duplicate ids, connected components and whether each
// has a pressure reference or a balanced nomination), values (positive lengths and
// diameters, min <= max bounds), the nomination (balance, unknown nodes) and .cs/.cdf
// data (elements the network lacks). Everything found is reported as Diagnostics.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "corridor/io.h"
#include "corridor/status.h"

namespace corridor {

struct ValidateOptions {
  /// A nomination whose |entries - exits| exceeds this fraction of the total entry flow
  /// is an error; a smaller nonzero imbalance is a warning.
  double balance_relative_tolerance = 1e-4;
  /// Imbalances below this (m^3/s at normal conditions) are treated as round-off.
  double balance_absolute_floor_m3_per_s = 1e-9;
  Status Validate() const;
};

/// One connected component of the network graph (all arcs, regardless of state).
struct ComponentInfo {
  std::size_t node_count = 0;
  std::size_t arc_count = 0;
  std::size_t source_count = 0, sink_count = 0;
  /// True when a node of the component can serve as pressure reference (a source).
  bool has_pressure_reference = false;
  /// True when the nomination is given and balances within tolerance on this component.
  bool nomination_balanced = false;
  double imbalance_m3_per_s = 0.0;  ///< entries - exits on this component
  std::string example_node;         ///< one node id, to name the component
};

struct ValidationSummary {
  std::size_t node_counts[3] = {0, 0, 0};  ///< indexed by NodeKind
  std::size_t arc_counts[6] = {0, 0, 0, 0, 0, 0};  ///< indexed by ArcKind
  double total_pipe_length_m = 0.0;
  double min_pressure_bound_Pa = 0.0, max_pressure_bound_Pa = 0.0;
  double total_entry_flow_m3_per_s = 0.0;  ///< nomination, 0 without one
  double total_exit_flow_m3_per_s = 0.0;
  std::vector<ComponentInfo> components;
  bool usable = false;  ///< no errors were found
  /// A one-screen summary of the case (counts, lengths, bounds, components).
  std::string Report(const GasCase& c) const;
};

/// Validates the case; appends every problem to *diag and fills *summary.
/// Returns OK when validation ran (even if it found errors: see summary->usable).
Status ValidateCase(const GasCase& c, const ValidateOptions& options, ValidationSummary* summary,
                    Diagnostics* diag);

}  // namespace corridor
