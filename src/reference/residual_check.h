// Internal: an independent check that a solution satisfies a reference case's own
// equations, and the detailed form of RunReferenceCase that returns it.
//
// The check does not reuse the solver's physics: it re-evaluates, from the node pressures
// and arc flows alone, (1) the mass balance at every node that is not a slack and (2) the
// element law of every arc it knows, written out here a second time from the references'
// own descriptions (data/reference/README.md):
//   - PipeModel::kPandapipes: the pandapipes gas pipe (see reference/pandapipes.h), with
//     pandapipes' "nikuradse" or Colebrook-White friction, ideal valves, and compressors
//     that lift by their ratio only for forward flow;
//   - EquationOfState::kCnga with FrictionLaw::kFixed (GasSteadySim, GasTranSim):
//     Pi(p_from) - Pi(p_to) = lambda L R_s T m|m| / (2 D A^2), Pi(p) = b1 p^2/2 + b2 p^3/3,
//     short pipes Pi(p_from) - Pi(p_to) = c m|m|, ideal valves / control valves /
//     resistors, compressors at their ratio;
// Arcs of other models are counted as unchecked. Pipe-law residuals are expressed in Pa
// (Pi residuals divided by dPi/dp at the mean pressure).
//
// Only public headers are included so that the CLI can use this file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "corridor/reference.h"
#include "corridor/status.h"

namespace corridor::reference {

/// Thresholds of the residual check: ten times the solver's default tolerances
/// (SteadyOptions: 1e-7 kg/s, 1e-2 Pa), so that a converged solve always passes and a
/// wrong element law never does (the references' own laws hold to 1e-3 Pa).
inline constexpr double kCheckMassTolerance_kg_per_s = 1e-6;
inline constexpr double kCheckPressureTolerance_Pa = 0.1;

struct ResidualCheck {
  std::string law;                       ///< "pandapipes", "gassteadysim" or "balance only"
  double max_mass_imbalance_kg_per_s = 0.0;
  std::string worst_mass_node;
  double max_law_residual_Pa = 0.0;
  std::string worst_law_arc;
  std::size_t checked_arcs = 0, unchecked_arcs = 0;
  /// Empty, or the first node where the state leaves the model's domain: a pressure that
  /// is not positive, or (linear Z) Z(p) <= 0, where the density and the friction term
  /// change sign and the equations describe no gas (Z = 1 - 0.0022 p[bar] reaches 0 at
  /// 454.5 bar). Such a state may satisfy the equations but is not a solution.
  std::string domain_violation;
  bool pass = false;  ///< both maxima within the thresholds above and no domain violation
  /// "mass 3.1e-09 kg/s (N12), law 2.0e-04 Pa (P7), 133/133 arcs[, <domain violation>]"
  std::string Brief() const;
};

/// Re-evaluates the case equations at the given state (per node Pa absolute, per arc
/// kg/s). Thresholds: the constants above unless overridden (e.g. for looser references).
Status CheckResiduals(const ReferenceCase& rc, const std::vector<double>& pressure_Pa,
                      const std::vector<double>& flow_kg_per_s, ResidualCheck* out,
                      double mass_tolerance_kg_per_s = kCheckMassTolerance_kg_per_s,
                      double pressure_tolerance_Pa = kCheckPressureTolerance_Pa);

/// The same check at the case's expected values (a test of the reference and of this
/// check); fails with NotFound when the case has no expected values for every node/arc.
Status CheckExpectedResiduals(const ReferenceCase& rc, ResidualCheck* out,
                              double mass_tolerance_kg_per_s, double pressure_tolerance_Pa);

/// RunReferenceCase with everything it computed: the solution and the residual check.
/// `out->pass` requires a converged solve, a passed residual check and (when the case has
/// expected values) every deviation within the case's tolerances. A case without expected
/// values passes when converged with a passed check or judged infeasible with a reason.
struct ReferenceRun {
  ReferenceComparison comparison;
  ResidualCheck check;
  bool has_reference = false;
  std::vector<double> pressure_Pa, flow_kg_per_s;
};
Status RunReferenceCaseDetailed(const ReferenceCase& rc, ReferenceRun* out,
                                const ReferenceOptions& options = ReferenceOptions());

}  // namespace corridor::reference
