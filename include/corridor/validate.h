// Validation: does a loaded case make sense for a solve? Run after loading, separately.
//
// Checks topology (dangling arcs, duplicate ids, connected components and whether each
// has a pressure reference or a balanced nomination), values (positive lengths and
// diameters, min <= max bounds, plausible magnitudes), the nomination (balance, unknown
// nodes) and .cs/.cdf data (elements the network lacks, files for another network).
// Everything found is reported as Diagnostics; docs/check.md lists the rules.
// ValidateCase is thread-safe: it reads the case and writes only its outputs
// (Validate.NoHiddenStateAcrossThreads).
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "corridor/io.h"
#include "corridor/status.h"

namespace corridor {

/// The plausible ranges of ValidateCase (rule implausible-value): a value outside them is
/// one no gas network has (a typo, a unit slip, a placeholder such as 1e300), and a solve
/// started from it gives nonsense or fails inside the solver, so validation refuses it,
/// naming the value and the range. The ranges are generous on purpose, many times the
/// extremes of real networks (docs/check.md gives the reasons); SI units.
namespace plausible {
/// Absolute pressures (node, pipe, station and valve bounds, nominated pressures) and
/// pressure differences (valve differentials, fixed losses): at most 1000 bar, five times
/// the highest pipeline pressure (about 200 bar, offshore).
inline constexpr double kMaxPressure_Pa = 1000.0e5;
/// A pressure reference (a slack node's pressure): at least 1 mbar absolute. Below it no gas
/// network holds gas (1e-300 bar was taken, and printed as 0.000000 bar, where 0 is refused).
inline constexpr double kMinReferencePressure_Pa = 100.0;
/// Pipe length: 1 mm to 40 000 km (the Earth's circumference; the longest lines are a few
/// thousand km).
inline constexpr double kMinLength_m = 1.0e-3;
inline constexpr double kMaxLength_m = 4.0e7;
/// Pipe roughness: 0 (a smooth pipe) or at least 1 nm, the scale of a few atoms (drawn
/// tubing has about 1.5 um, coated steel 5 to 20 um). A positive roughness below it is a
/// unit slip or a placeholder, and one so small that D/k overflows (k = 5e-324 m) left
/// the rough-pipe laws without friction.
inline constexpr double kMinPositiveRoughness_m = 1.0e-9;
/// ... and at most 10 mm: riveted steel, the roughest pipe material in the friction tables
/// (Moody: 0.9 to 9 mm), stays below it, and GasLib's roughest pipes have 1 mm. A value
/// above it is most likely millimetres written as metres (unit="m" value="0.1"), which
/// left check "usable" and simulate "infeasible" far from the cause.
inline constexpr double kMaxRoughness_m = 10.0e-3;
/// Diameters of pipes, resistors and inlet/outlet losses: 1 mm to 10 m (the largest
/// pipelines are 1.4 m).
inline constexpr double kMinDiameter_m = 1.0e-3;
inline constexpr double kMaxDiameter_m = 10.0;
/// Node height: -11 000 m (the deepest sea) to 9 000 m (above the highest mountain).
inline constexpr double kMinHeight_m = -11000.0;
inline constexpr double kMaxHeight_m = 9000.0;
/// Flows at normal conditions (nominations, node and arc flow bounds), in either direction:
/// at most 1e6 1000 Nm3/h (24 000 mcm/d, several times the world's gas production).
inline constexpr double kMaxFlow_m3_per_s = 1.0e9 / 3600.0;
/// Temperatures (gas of a source, scenario, soil and ambient temperatures, --temperature):
/// -100 degC to 200 degC.
inline constexpr double kMinTemperature_K = 173.15;
inline constexpr double kMaxTemperature_K = 473.15;
/// Gas of a source: norm density 0.05 to 5 kg/m3 (hydrogen 0.09, CO2 1.98), molar mass 1 to
/// 200 kg/kmol (hydrogen 2, CO2 44), pseudocritical pressure 1 to 1000 bar (hydrogen 13,
/// methane 46), pseudocritical temperature 1 to 1000 K (hydrogen 33, methane 191),
/// calorific value 1 to 200 MJ/m3 where given (hydrogen's 12.7 is the least of a fuel gas,
/// butane's 134 the most; below 1 MJ/m3 is kJ written as MJ; 0 in a case file: not given).
inline constexpr double kMinNormDensity_kg_per_m3 = 0.05;
inline constexpr double kMaxNormDensity_kg_per_m3 = 5.0;
inline constexpr double kMinMolarMass_kg_per_mol = 1.0e-3;
inline constexpr double kMaxMolarMass_kg_per_mol = 0.2;
inline constexpr double kMinPseudocriticalPressure_Pa = 1.0e5;
inline constexpr double kMaxPseudocriticalPressure_Pa = 1000.0e5;
inline constexpr double kMinPseudocriticalTemperature_K = 1.0;
inline constexpr double kMaxPseudocriticalTemperature_K = 1000.0;
inline constexpr double kMinCalorificValue_J_per_m3 = 1.0e6;
inline constexpr double kMaxCalorificValue_J_per_m3 = 200.0e6;
/// Mass flows (the reference cases' injections, in kg/s), in either direction: at most
/// kMaxFlow_m3_per_s of the densest plausible gas (about 1.4e6 kg/s).
inline constexpr double kMaxMassFlow_kg_per_s = kMaxFlow_m3_per_s * kMaxNormDensity_kg_per_m3;
/// Whether `value` lies in [lo, hi], each end widened by 1e-12 of itself: a bound met in
/// another unit stays inside after the conversion (-100 degC is 173.14999999999998 K).
inline bool InRange(double value, double lo, double hi) {
  return value >= lo - 1e-12 * std::abs(lo) && value <= hi + 1e-12 * std::abs(hi);
}
}  // namespace plausible

struct ValidateOptions {
  /// A nomination whose |entries - exits| exceeds this fraction of the total entry flow
  /// is an error; a smaller nonzero imbalance is a warning. Finite, >= 0.
  double balance_relative_tolerance = 1e-4;
  /// Imbalances below this (m^3/s at normal conditions) are treated as round-off. Finite,
  /// >= 0.
  double balance_absolute_floor_m3_per_s = 1e-9;
  /// Warn of pipes of roughness 0 (rule smooth-pipe): the rough-pipe friction laws, among
  /// them simulate's default, refuse them. Off where the caller's law takes them
  /// (colebrook-white, hofer).
  bool smooth_pipe_warning = true;
  /// The friction law the caller will solve with, where it refuses pipes of roughness 0
  /// (FrictionLawName: "nikuradse", "pandapipes-nikuradse"); empty: none. Rule smooth-pipe
  /// is then an error naming that law, at each such pipe's roughness (simulate and track
  /// refused them in one message from the solver, without a rule, at the pipe's first line).
  std::string smooth_pipe_refused_by;
  /// Set when the case was read only in part (LoadCaseAsRead found errors; not owned, kept
  /// alive by the caller): validation then checks what was read without repeating the
  /// readers and without findings that follow from what they could not read
  /// (docs/check.md, "After reader errors"). The elements the readers reported are checked
  /// only for their ids and connections, not for their values (one of them is missing or
  /// refused); connectivity (isolated-node, no-pressure-reference, the balance of each
  /// connected part) is not checked where an arc or one of its ends could not be read, and
  /// says so in a note; a reference to an element the readers could not build is no
  /// finding. summary->usable is then false whatever validation finds. nullptr: the case
  /// was read whole (or built in code), and every rule applies.
  const ReadErrors* read_errors = nullptr;
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
