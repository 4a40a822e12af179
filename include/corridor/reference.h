// Reference cases from other simulators (GasSteadySim.jl, GasTranSim.jl, pandapipes),
// each loaded with the exact model that produced it, so that corridor can solve the same
// case and be compared (used by `corridor validate`, tests and benchmarks).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "corridor/network.h"
#include "corridor/status.h"
#include "corridor/steady.h"

namespace corridor {

struct ReferenceCase {
  std::string name;         ///< e.g. "gassteadysim/GasLib-40-multiple-slacks/full_cnga"
  std::string model;        ///< short model description for the table
  Network network;
  std::vector<double> injection_kg_per_s;  ///< per node of `network`
  SteadyOptions options;    ///< the physics the case prescribes
  /// Expected results keyed by node / arc id (absolute Pa, kg/s).
  std::unordered_map<std::string, double> expected_pressure_Pa;
  std::unordered_map<std::string, double> expected_flow_kg_per_s;
  /// Comparison rule: PASS when every |dp| <= max(pressure_abs_tol_Pa, rel_tol*|p|) and
  /// every |dm| <= max(flow_abs_tol_kg_per_s, rel_tol*|m|).
  double rel_tol = 1e-6;
  double pressure_abs_tol_Pa = 0.0;
  double flow_abs_tol_kg_per_s = 0.0;
};

/// Finds and loads every reference case under `dir` (layout: dir/README.md). With a
/// `filter`, only cases whose name ("gassteadysim/CASE/MODEL", "gastransim/CASE",
/// "pandapipes/NAME/FRICTION", or "pandapipes/NAME/FRICTION@TAG" where results of one
/// friction come under two tags) contains it are loaded, and the files of the others are not
/// read (their problems are not reported).
Status LoadReferenceCases(const std::string& dir, std::vector<ReferenceCase>* cases,
                          Diagnostics* diag, const std::string& filter = "");

/// How RunReferenceCase solves and judges a case. The defaults are the case's own rule and
/// the residual check's thresholds, so that a default-constructed ReferenceOptions gives the
/// answers RunReferenceCase(rc, out) gives.
struct ReferenceOptions {
  /// Overrides of the case's comparison rule (ReferenceCase::rel_tol, pressure_abs_tol_Pa,
  /// flow_abs_tol_kg_per_s; each >= 0 and finite); absent = the case's own.
  std::optional<double> rel_tol;
  std::optional<double> pressure_abs_tol_Pa;
  std::optional<double> flow_abs_tol_kg_per_s;
  /// Thresholds of the independent residual check that every converged solve must pass:
  /// the largest mass imbalance at a node that is not a slack (kg/s) and the largest
  /// element-law residual of an arc (Pa). Ten times the solver's default tolerances, so
  /// that a converged solve passes and a wrong element law does not.
  double check_mass_tolerance_kg_per_s = 1e-6;
  double check_pressure_tolerance_Pa = 0.1;
  /// Threads of the solve (SteadyOptions::threads: 0 = as many as useful); absent = the
  /// case's options.
  std::optional<int> threads;

  /// Checks each field; the message names the field, its value and the rule.
  Status Validate() const;
};

/// A solved reference case against its expected values. The deviations are filled only
/// when the solve converged and the case has expected values (has_reference); else they
/// stay 0 and the worst ids empty.
struct ReferenceComparison {
  std::string case_name;  ///< ReferenceCase::name
  std::string model;      ///< ReferenceCase::model
  /// Whether the case has expected values (ReferenceCase::expected_*): GasLib-4197's
  /// reference states only that a solution exists.
  bool has_reference = false;
  /// Largest |p_corridor - p_expected| over the nodes with an expected pressure, Pa
  /// (absolute pressures); HUGE_VAL where a deviation is NaN. max_rel_dp: the largest
  /// |p_corridor - p_expected| / |p_expected| (dimensionless, relative to the expected
  /// absolute pressure, not to a pressure drop) over the nodes whose tolerance is relative
  /// (the rule's rel_tol |p_expected| above its absolute tolerance; a value near zero, judged
  /// by the absolute one, read 1.0); 0 where there are none (the pandapipes rules).
  double max_abs_dp_Pa = 0.0, max_rel_dp = 0.0;
  std::string worst_pressure_node;  ///< id of a node where max_abs_dp_Pa is reached
  /// The same for the arc mass flows, kg/s (signed from -> to before the difference);
  /// max_rel_dm relative to |m_expected| over the arcs whose tolerance is relative.
  double max_abs_dm_kg_per_s = 0.0, max_rel_dm = 0.0;
  std::string worst_flow_arc;  ///< id of an arc where max_abs_dm_kg_per_s is reached
  SteadySummary summary;       ///< the solve's verdict, iterations and residuals
  /// With expected values: converged, the residual check passed and every deviation within
  /// max(abs tol, rel_tol x |expected|). Without: converged with the check passed, or
  /// judged infeasible with a reason.
  bool pass = false;

  /// One readable block: case, model, verdict and iterations, max |dp| (bar) and max |dm|
  /// with their relative errors and where, and PASS or FAIL.
  std::string Report() const;
};

/// Solves a reference case and compares with its expected values. Thread-safe
/// (ReferenceCases.TwoThreadsGiveTheSameAnswersAsAlone) unless two cases' options share a
/// SteadyOptions::workspace; the loaders above share no state between calls either (their
/// parse buffers are per thread). Options that Validate refuses are InvalidArgument, and
/// nothing is solved.
Status RunReferenceCase(const ReferenceCase& rc, const ReferenceOptions& options,
                        ReferenceComparison* out);

/// RunReferenceCase with the default ReferenceOptions (the case's own rule).
Status RunReferenceCase(const ReferenceCase& rc, ReferenceComparison* out);

}  // namespace corridor
