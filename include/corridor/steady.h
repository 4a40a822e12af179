// Steady-state simulation: given a network, the flows injected or withdrawn at its nodes,
// one or more pressure references (slacks) and the settings of the active elements,
// compute every node pressure and every arc mass flow.
//
// Usage:
//   SteadyOptions opt;                 // defaults documented per field
//   opt.slacks = {{"entry01", 70e5}};
//   SteadySolution sol; SteadySummary sum;
//   Status s = SimulateSteady(gas_case, opt, &sol, &sum);
//   if (s.ok()) std::cout << sum.FullReport();
//
// Status says whether the call worked (bad options, unusable input). Whether the physics
// has a solution is the Summary's verdict: converged, infeasible (with the reason in
// domain words) or failed (numerical, with what diverged).
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "corridor/io.h"
#include "corridor/network.h"
#include "corridor/status.h"

namespace corridor {

/// Friction factor laws (docs/physics.md gives each formula).
enum class FrictionLaw {
  kNikuradse,            ///< fully rough: (2 log10(D/k) + 1.138)^-2
  kColebrookWhite,       ///< implicit in Re
  kHofer,                ///< explicit approximation of Colebrook-White
  kPandapipesNikuradse,  ///< 64/Re + (2 log10(D/k) + 1.14)^-2, pandapipes' "nikuradse"
  kFixed,                ///< lambda per pipe from SteadyOptions::fixed_friction_factor
};

/// Compressibility / equation of state.
enum class EquationOfState {
  kIdeal,   ///< z = 1
  kPapay,   ///< z = 1 - 3.52 pr e^(-2.26 Tr) + 0.274 pr^2 e^(-1.878 Tr)
  kAga,     ///< z = 1 + 0.257 pr - 0.533 pr / Tr
  kLinear,  ///< z = offset + slope p (pandapipes)
  kCnga,    ///< rho a^2 = b1 p + b2 p^2 (GasSteadySim)
};

const char* FrictionLawName(FrictionLaw f);     ///< "nikuradse", "colebrook-white", ...
const char* EquationOfStateName(EquationOfState e);  ///< "ideal", "papay", ...
/// Parses the names above (case-insensitive); false if unknown.
bool ParseFrictionLaw(const std::string& name, FrictionLaw* out);
bool ParseEquationOfState(const std::string& name, EquationOfState* out);

/// The gas, as one mixture for the whole network (isothermal model).
struct GasModel {
  /// Take molar mass, pseudocritical data, norm density and temperature from the
  /// sources (means weighted by nominated inflow). When false the fields below are used.
  bool from_sources = true;
  double temperature_K = 288.15;
  double molar_mass_kg_per_mol = 0.0185674;
  /// When > 0, overrides R / molar mass (some references fix R_s directly).
  double specific_gas_constant_J_per_kg_K = 0.0;
  double pseudocritical_pressure_Pa = 45.9293457336e5;
  double pseudocritical_temperature_K = 188.549758911;
  double norm_density_kg_per_m3 = 0.785;  ///< converts normal volumes to mass
  double dynamic_viscosity_Pa_s = 1.1e-5; ///< for Reynolds-dependent friction laws
  double linear_z_offset = 1.0;           ///< kLinear: z = offset + slope p
  double linear_z_slope_per_Pa = -0.0022e-5;
  double cnga_b1 = 1.0;                   ///< kCnga: rho a^2 = b1 p + b2 p^2
  double cnga_b2_per_Pa = 0.0;
};

/// A pressure reference.
struct SlackNode {
  std::string node_id;
  double pressure_Pa = 0.0;  ///< absolute
};

/// Operating mode of an active element (valve, control valve, compressor station).
enum class ElementMode {
  kOpen,            ///< valve / control valve: p_from = p_to
  kClosed,          ///< no flow
  kBypass,          ///< control valve or compressor station: like an open valve
  kOutletPressure,  ///< value: outlet pressure, Pa absolute
  kRatio,           ///< compressor: value = p_out / p_in
};

struct ElementSetting {
  std::string arc_id;
  ElementMode mode = ElementMode::kOpen;
  double value = 0.0;
};

struct SteadyOptions {
  FrictionLaw friction = FrictionLaw::kNikuradse;
  EquationOfState eos = EquationOfState::kPapay;
  bool height_term = true;   ///< include the static head rho g dh in pipes
  GasModel gas;
  /// Pressure references. Empty: the default rule (documented in docs/physics.md) picks
  /// one and SteadySummary::slack_rule says which.
  std::vector<SlackNode> slacks;
  /// Active element settings; elements not named take the defaults (valves open,
  /// control valves open, compressor stations bypass).
  std::vector<ElementSetting> settings;
  /// Per-pipe friction factor for FrictionLaw::kFixed (pipe id -> lambda).
  std::unordered_map<std::string, double> fixed_friction_factor;
  /// pandapipes semantics: a compressor ratio acts only while flow runs from -> to.
  bool compressor_forward_only = false;
  /// Artificial loss on short pipes, Pi(p_from) - Pi(p_to) = coeff * m |m| (Pa^2 s^2/kg^2);
  /// 0 = ideal. (Reproduces GasSteadySim's short-pipe model.)
  double short_pipe_loss_coefficient = 0.0;

  int max_iterations = 100;
  double time_limit_s = 30.0;
  /// Converged when every node's mass imbalance is below this ...
  double mass_tolerance_kg_per_s = 1e-7;
  /// ... and every element equation holds to this, expressed as a pressure (Pa).
  double pressure_tolerance_Pa = 1e-2;

  /// Checks each field; the message names the field, its value and the rule.
  Status Validate() const;
};

/// The computed state.
struct SteadySolution {
  std::vector<double> pressure_Pa;          ///< per node, absolute
  std::vector<double> mass_flow_kg_per_s;   ///< per arc, positive from -> to
  std::vector<double> friction_factor;      ///< per arc (NaN where not a pipe)
  std::vector<double> velocity_m_per_s;     ///< per arc, mean velocity (NaN where undefined)
  std::vector<double> injection_kg_per_s;   ///< per node, as solved (slacks balance)
};

enum class Verdict { kConverged, kInfeasible, kFailed };
const char* VerdictName(Verdict v);  ///< "converged", "infeasible", "failed"

struct BoundViolation {
  std::string node_id;
  double pressure_Pa = 0.0;
  double bound_Pa = 0.0;
  bool below = true;  ///< below the lower bound (else above the upper)
};

struct IterationRecord {
  int iteration = 0;
  double max_mass_imbalance_kg_per_s = 0.0;
  double max_pressure_residual_Pa = 0.0;
  double step_length = 1.0;
};

struct SteadySummary {
  Verdict verdict = Verdict::kFailed;
  std::string reason;             ///< domain-language explanation when not converged
  int iterations = 0;
  double setup_seconds = 0.0, solve_seconds = 0.0;
  double max_mass_imbalance_kg_per_s = 0.0;
  std::string worst_mass_node;
  double max_pressure_residual_Pa = 0.0;
  std::string worst_residual_arc;
  double min_pressure_Pa = 0.0, max_pressure_Pa = 0.0;
  std::string min_pressure_node, max_pressure_node;
  std::vector<BoundViolation> bound_violations;
  std::string slack_rule;         ///< which slacks were used and why
  std::string model;              ///< the physics used, every option named
  std::vector<IterationRecord> trace;

  std::string BriefReport() const;
  /// Full report; with timings=false the timing lines are left out (stable for tests).
  std::string FullReport(bool timings = true) const;
};

/// Solves with explicit node injections (kg/s per node, + into the network; ignored at
/// slack nodes). Thread-safe: no shared state between calls.
Status SolveSteady(const Network& network, const std::vector<double>& injection_kg_per_s,
                   const SteadyOptions& options, SteadySolution* solution,
                   SteadySummary* summary);

/// Solves a loaded case: node injections from its nomination (normal volume x norm
/// density, see docs/physics.md), gas from its sources unless options.gas says otherwise.
Status SimulateSteady(const GasCase& c, const SteadyOptions& options, SteadySolution* solution,
                      SteadySummary* summary);

}  // namespace corridor
