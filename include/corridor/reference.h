// Reference cases from other simulators (GasSteadySim.jl, GasTranSim.jl, pandapipes),
// each loaded with the exact model that produced it, so that corridor can solve the same
// case and be compared (used by `corridor validate`, tests and benchmarks).
#pragma once

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

struct ReferenceComparison {
  std::string case_name, model;
  double max_abs_dp_Pa = 0.0, max_rel_dp = 0.0;
  std::string worst_pressure_node;
  double max_abs_dm_kg_per_s = 0.0, max_rel_dm = 0.0;
  std::string worst_flow_arc;
  SteadySummary summary;
  bool pass = false;
};

/// Solves a reference case and compares with its expected values. Thread-safe
/// (ReferenceCases.TwoThreadsGiveTheSameAnswersAsAlone) unless two cases' options share a
/// SteadyOptions::workspace; the loaders above share no state between calls either (their
/// parse buffers are per thread).
Status RunReferenceCase(const ReferenceCase& rc, ReferenceComparison* out);

}  // namespace corridor
