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
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corridor/compressor_data.h"
#include "corridor/io.h"
#include "corridor/network.h"
#include "corridor/station.h"
#include "corridor/units.h"
#include "corridor/status.h"
#include "corridor/validate.h"  // plausible::, the ranges named below

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

/// Which pipe equation is used (docs/physics.md).
enum class PipeModel {
  /// DESIGN section 3: p_to^2 = e^-S (p_from^2 - Lambda q|q| (e^S - 1)/S) with z(p_m);
  /// with EquationOfState::kCnga the exact integral Pi(p_from) - Pi(p_to) = lambda L R_s T
  /// q|q| / (2 D A^2), Pi(p) = b1 p^2/2 + b2 p^3/3 (GasSteadySim), which has no height
  /// term: with height_term on, a network whose pipes change height is refused under it.
  kStandard,
  /// pandapipes' gas pipe (SI form of its bar equation):
  /// p_i - p_j + rho_m g (h_i - h_j) = p_n T Z(p_m) / (T_n rho_n A^2) (lambda L/D + zeta)
  ///   m|m| / (p_i + p_j),  p_m = 2/3 (p_i^3 - p_j^3)/(p_i^2 - p_j^2),
  ///   rho(p) = rho_n T_n p / (T p_n Z(p)), rho_m = (rho(p_i) + rho(p_j))/2,
  /// with rho_n = GasModel::pipe_law_norm_density (or norm_density when 0), p_n, T_n =
  /// GasModel::normal_*, g = SteadyOptions::gravity, zeta per pipe from
  /// SteadyOptions::pipe_loss_coefficient (a resistor is a pipe with L = 0 and zeta).
  kPandapipes,
};

const char* PipeModelName(PipeModel m);        ///< "standard", "pandapipes"
const char* FrictionLawName(FrictionLaw f);     ///< "nikuradse", "colebrook-white", ...
/// Whether the law refuses a pipe of roughness 0: the rough-pipe laws (nikuradse,
/// pandapipes-nikuradse) have no value of log10(D/k) there; Colebrook-White and Hofer (their
/// Reynolds term) and a fixed lambda take it.
bool FrictionLawRefusesSmoothPipes(FrictionLaw f);
const char* EquationOfStateName(EquationOfState e);  ///< "ideal", "papay", ...
/// Parses the names above (case-insensitive); false if unknown or `out` is null.
bool ParseFrictionLaw(const std::string& name, FrictionLaw* out);
bool ParseEquationOfState(const std::string& name, EquationOfState* out);
bool ParsePipeModel(const std::string& name, PipeModel* out);
/// Names accepted by the parsers, for help texts: "nikuradse, colebrook-white, ...".
std::string FrictionLawNames();
std::string EquationOfStateNames();
std::string PipeModelNames();

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
  /// When > 0, the gas temperature used even when from_sources is true (CLI --temperature).
  double temperature_override_K = 0.0;
  /// Normal conditions of the pipe law of PipeModel::kPandapipes. Volumes do not use them:
  /// a normal volume becomes a mass with the norm density alone (q = Q rho_n).
  double normal_pressure_Pa = 101325.0;
  double normal_temperature_K = 273.15;
  /// PipeModel::kPandapipes: rho_n inside the pipe law (pandapipes' fluid property), which
  /// may differ from the norm density that converted the nomination. 0 = norm_density.
  double pipe_law_norm_density_kg_per_m3 = 0.0;
  /// Isentropic exponent kappa of the compressor head (from_sources: c_p / (c_p - R) from
  /// the sources' heat capacity at the gas temperature, weighted like the molar mass).
  double isentropic_exponent = 1.3;
  /// Gross calorific value per normal m^3: converts the drives' fuel power to gas drawn
  /// from the network (from_sources: mixed like the norm density).
  double calorific_value_J_per_m3 = 36.4543670654e6;
  /// Where this gas came from, in words, for the report's Gas line (SteadySummary::gas),
  /// e.g. which properties a user gave. Empty: "from the sources (the nominated entries'
  /// mixture)" with from_sources, else "given". CaseGas fills it.
  std::string origin;
};

/// The gas one arc carries where the arcs do not all carry one gas (SteadyOptions::arc_gas):
/// what the equation of state takes of it. A molar mass of 0 leaves the arc the options' gas.
struct ArcGas {
  double molar_mass_kg_per_mol = 0.0;
  double pseudocritical_pressure_Pa = 0.0;  ///< Papay and AGA only
  double pseudocritical_temperature_K = 0.0;  ///< Papay and AGA only
};

/// A pressure reference.
struct SlackNode {
  std::string node_id;
  double pressure_Pa = 0.0;  ///< absolute, 100 Pa (plausible::kMinReferencePressure_Pa) to 1000 bar
};

/// Operating mode of an active element (valve, control valve, compressor station).
enum class ElementMode {
  kOpen,            ///< valve / control valve: p_from = p_to
  kClosed,          ///< no flow
  kBypass,          ///< control valve or compressor station: like an open valve
  kOutletPressure,  ///< value: outlet pressure, Pa absolute (p_to = value)
  kRatio,           ///< compressor: value = p_out / p_in
  kInletPressure,   ///< compressor, or control valve as a pressure-sustaining regulator
                    ///< (the operating limits hold one at its minimal inlet pressure):
                    ///< value: inlet pressure, Pa absolute (p_from = value)
  kFlow,            ///< compressor: value: flow, m^3/s at normal conditions (from -> to)
  kPressureDrop,    ///< control valve: value: p_from - p_to, Pa
};

/// Name of a mode as the controls file writes it ("outlet_pressure", "delta_p", ...).
const char* ElementModeName(ElementMode m);

/// Whether an element of this kind takes this mode in SteadyOptions.settings: valves open
/// and closed; control valves every mode but ratio and flow; compressor stations every mode
/// but open and delta_p; pipes, short pipes and resistors none.
bool ElementTakesMode(ArcKind kind, ElementMode mode);
/// The modes ElementTakesMode gives an element of `kind`, in the order docs/controls.md
/// lists them (set-points, then open, bypass, closed); empty for pipes, short pipes and
/// resistors. Messages that list what a kind takes are built from it.
std::vector<ElementMode> ElementModesOf(ArcKind kind);

/// The mode of a valve, control valve or compressor station that SteadyOptions.settings does
/// not name: bypass for a station, open for the valves (docs/physics.md, defaults).
ElementMode DefaultElementMode(ArcKind kind);

/// One element's mode and set-point. The value is SI: Pa absolute for outlet and inlet
/// pressures (at least plausible::kMinReferencePressure_Pa, a pressure reference's least), Pa
/// for delta_p (>= 0); these three at most plausible::kMaxPressure_Pa, 1000 bar. m^3/s at
/// normal conditions for flow (>= 0, at most plausible::kMaxFlow_m3_per_s), p_out/p_in for a
/// ratio (> 0); ignored by open, closed and bypass (finite all the same).
/// SteadyOptions::Validate refuses the rest. (plausible:: is corridor/validate.h's.)
struct ElementSetting {
  std::string arc_id;
  ElementMode mode = ElementMode::kOpen;
  double value = 0.0;
};

namespace steady_internal {
struct WorkspaceAccess;
}

/// Work that SolveSteady can keep between solves of one network: the fill-reducing ordering
/// and symbolic analysis of the Newton system and the pivot order of its last
/// factorization (DESIGN section 4: symbolic analysis once per topology). A caller that
/// solves one network many times (other nominations or set-points, a search over a transit
/// rate, the rounds of the active-element loop) passes the same workspace to every call
/// (SteadyOptions::workspace) and skips that work after the first; where the system's
/// structure differs from the last call's (another network, other element roles) the
/// workspace is analysed anew. Results can differ from a solve without it by rounding
/// (another pivot order), never beyond the tolerances. One workspace per thread: it is
/// mutable state and not synchronized.
class SteadyWorkspace {
 public:
  SteadyWorkspace();
  ~SteadyWorkspace();
  SteadyWorkspace(SteadyWorkspace&&) noexcept;
  SteadyWorkspace& operator=(SteadyWorkspace&&) noexcept;
  SteadyWorkspace(const SteadyWorkspace&) = delete;
  SteadyWorkspace& operator=(const SteadyWorkspace&) = delete;
  /// Newton starts that analysed the system, and those that reused the analysis.
  int analyses() const;
  int reuses() const;

 private:
  friend struct steady_internal::WorkspaceAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The physics, the references and settings, and the numerics of one steady-state solve
/// (docs/physics.md gives every option's equations). Validate() lists the rules.
struct SteadyOptions {
  FrictionLaw friction = FrictionLaw::kNikuradse;  ///< the pipes' friction law
  EquationOfState eos = EquationOfState::kPapay;   ///< the compressibility z(p, T)
  bool height_term = true;   ///< include the static head rho g dh in pipes
  /// The pipe law: corridor's (kStandard) or pandapipes' (kPandapipes: its norm density
  /// inside the law, GasModel::pipe_law_norm_density_kg_per_m3, and its loss terms).
  PipeModel pipe_model = PipeModel::kStandard;
  double gravity_m_per_s2 = units::kGravity;  ///< 9.80665; pandapipes uses 9.81 (0 to 100)
  /// A note names the pipes whose gas runs faster than this at their lower-pressure end
  /// (where it is fastest; the velocity in the solution is at the mean pressure); 0: none.
  /// 20 m/s is a common design limit of transmission pipelines (noise, erosion, the
  /// pressure drop growing with v^2).
  double velocity_note_m_per_s = 20.0;
  GasModel gas;
  /// Per arc, in the network's order, the gas it carries where the arcs do not all carry
  /// `gas` (sources of different gases: the scenarios fill it from the gas tracked along
  /// the solved flows, docs/physics.md "A gas per arc"). Empty: every arc carries `gas`.
  /// It sets the gas constant and z of the pipes', drag resistors' and lossy short pipes'
  /// laws and the gas a station compresses, its head, power and fuel power (with `gas`'s
  /// temperature, viscosity and isentropic exponent); the nodes' checks, the normal volumes
  /// and the fuel power's conversion to gas drawn (calorific value) keep `gas`.
  /// Under the standard pipe law and an equation of state that takes the gas's data
  /// (ideal, Papay, AGA) only; one entry per arc.
  std::vector<ArcGas> arc_gas;
  /// Pressure references. Empty: the default rule (documented in docs/physics.md) picks
  /// one and SteadySummary::slack_rule says which.
  std::vector<SlackNode> slacks;
  /// Active element settings; elements not named take the defaults (valves open,
  /// control valves open, compressor stations bypass).
  std::vector<ElementSetting> settings;
  /// Flow directions to keep where the physics leaves a flow free: on loops made only of
  /// ideal elements (valves, short pipes without loss), the flow around which no law
  /// determines, each arc named here is routed as if its flow bounds held it to that
  /// direction (arc id -> true: from -> to, false: to -> from). A .cdf's decided directions
  /// (simulate --decisions): a direction the routing could keep was reported as violated.
  /// Elsewhere they change nothing; every id must name an arc of the network.
  std::unordered_map<std::string, bool> flow_directions;
  /// Per-pipe friction factor for FrictionLaw::kFixed (pipe id -> lambda).
  std::unordered_map<std::string, double> fixed_friction_factor;
  /// Per-pipe loss coefficient zeta (pipe id -> zeta, dimensionless) added to lambda L/D
  /// in PipeModel::kPandapipes; pipes of length 0 with a zeta are pandapipes resistors.
  std::unordered_map<std::string, double> pipe_loss_coefficient;
  /// pandapipes semantics: a compressor ratio acts only while flow runs from -> to.
  bool compressor_forward_only = false;
  /// Artificial loss on short pipes, Pi(p_from) - Pi(p_to) = coeff * m |m| (Pa^2 s^2/kg^2)
  /// with Pi(p) = b1 p^2/2 + b2 p^3/3 for kCnga and p^2/2 otherwise; 0 = ideal.
  /// (Reproduces GasSteadySim's short-pipe model; its cases use 1.24e4.) At most 1e15: there
  /// 1 kg/s alone would lose about 1 400 bar at 70 bar.
  double short_pipe_loss_coefficient = 0.0;

  /// Newton iterations per start (each cold start and each step of the load continuation
  /// has its own); SteadySummary::iterations counts them across all starts.
  int max_iterations = 100;
  /// For the whole solve, the load continuation's solves included.
  double time_limit_s = 30.0;
  /// Where Newton's cold starts cannot solve the nomination, solve a fraction of it and
  /// step the injections up to the whole, each solve from the last state that converged
  /// (docs/physics.md, "Load continuation"). Where that stalls, the verdict is the one at
  /// the smallest fraction that failed, with the fraction carried in its reason.
  bool load_continuation = true;
  /// Threads a solve may use: 0 = as many as it can use, 1 = this thread only; a solve
  /// never uses more than two (where the process may run on two processors), so
  /// 2 and more mean two. Systems of 1 000 factored unknowns or 2 000 arcs and more
  /// (GasLib-4197, meshed grids) use the second one for parts of the solve: the analysis
  /// beside the setup, the pendant trees beside the expansion, and from 20 000 arcs the
  /// passes over the elements in halves. The answers are the same bit for bit either way
  /// (docs/physics.md, "Two threads").
  int threads = 0;
  /// Converged when every node's mass imbalance is below this (at most 1 kg/s) ...
  double mass_tolerance_kg_per_s = 1e-7;
  /// ... and every element equation holds to this, expressed as a pressure (Pa; at most
  /// 1 bar).
  double pressure_tolerance_Pa = 1e-2;

  // --- Active elements (docs/physics.md, "Active elements") ---
  /// Machine data of the compressor stations (GasLib .cs), not owned: it must outlive the
  /// call. SimulateSteady uses the case's .cs when this is null. Without machine data a
  /// station has only its pressure and flow limits, no power and no fuel.
  const CompressorStationData* machines = nullptr;
  /// Work kept between solves of one network, not owned (SteadyWorkspace); null: every
  /// solve analyses its system afresh (the rounds of one solve's active-element loop still
  /// share one).
  SteadyWorkspace* workspace = nullptr;
  /// Move an element whose set-point cannot be held within its limits (flow bound, inlet
  /// minimum / outlet maximum pressure of the element and of its end nodes, ratio >= 1,
  /// control-valve pressure differential range, and with machine data the top speed,
  /// driver power, piston ratio and torque) to the limiting constraint, and report it.
  /// Below the surge or minimum-speed line a unit recycles and right of the choke line it
  /// throttles (station.h): the station then holds its set-point and pays in power.
  /// false: set-points are plain equations (the references' model); operating points are
  /// still reported.
  bool element_limits = true;
  /// Draw the drives' fuel gas from the network at each running station's fuelGasVertex
  /// (stations with machine data only); counted in the mass balance.
  bool fuel_gas = true;
  /// Ambient temperature for the gas turbines' maximal power. NaN: the scenario's
  /// ambientTemperature when SimulateSteady has one, else 15 degC (ISO).
  double ambient_temperature_K = std::numeric_limits<double>::quiet_NaN();
  /// Drive efficiency where a drive has no fuel model (GasLib's placeholder 0.01, 0, 0);
  /// 0.01 to 1.
  double default_drive_efficiency = 0.35;
  /// Adiabatic efficiency of the power estimate of a station that lifts gas without
  /// machine data (ActiveElementState::estimated_power_W): an estimate, not a model; 0.01
  /// to 1.
  double estimate_efficiency = 0.8;
  /// Rounds of the outer loop (limits and fuel) before giving up.
  int max_control_rounds = 40;

  /// Checks each field; the message names the field, its value and the rule. Values a
  /// case file holds (temperatures, the gas) keep to its plausible ranges (validate.h,
  /// docs/check.md); the rest to the ranges their fields name (gravity at most 100 m/s2,
  /// the isentropic exponent in (1, 3], the calorific value at least 1 MJ/m3, the normal
  /// pressure 0.5 to 2 bar); each element takes one setting.
  Status Validate() const;
};

/// How an element was held at its limit.
enum class ElementHold {
  kSetPoint,   ///< holds the requested set-point
  kFlowMax,    ///< at the arc's flowMax
  kInletMin,   ///< at the minimal inlet pressure (pressureInMin or the inlet node's minimum)
  kOutletMax,  ///< at the maximal outlet pressure (pressureOutMax or the outlet node's max)
  kRatioMin,   ///< compressor at ratio 1: its outlet set-point lies below its inlet pressure
  kDeltaPMin,  ///< control valve at pressureDifferentialMin (fully open)
  kDeltaPMax,  ///< control valve at pressureDifferentialMax
  kMachine,    ///< a machine limit (top speed or top speed line, driver power, piston
               ///< ratio or torque; ActiveElementState::machine_limit says which)
  kClosed,     ///< shut, no flow: at its set-point it would pass gas backwards, or it
               ///< closes a loop of set-points whose pressure already exceeds its own
               ///< (a regulator beside one with a higher set-point)
};
const char* ElementHoldName(ElementHold h);  ///< "set-point", "flow max", ...

/// The state of one controlled element: a control valve or compressor station running with
/// a set-point (not open, bypass or closed).
struct ActiveElementState {
  std::string arc_id;
  ArcKind kind = ArcKind::kCompressorStation;
  ElementMode mode = ElementMode::kBypass;  ///< requested mode
  double value = 0.0;                       ///< requested value (SI, as ElementSetting)
  ElementHold hold = ElementHold::kSetPoint;
  StationLimit machine_limit = StationLimit::kNone;  ///< with ElementHold::kMachine
  std::string limit;         ///< what holds it, in domain words with numbers; empty at set-point
  double mass_flow_kg_per_s = 0.0;
  double inlet_pressure_Pa = 0.0, outlet_pressure_Pa = 0.0;    ///< at the element's ends
  /// Machine pressures (after the inlet loss, before the outlet loss); NaN where none works
  /// (shut, at ratio 1, passing gas unlifted).
  double machine_inlet_pressure_Pa = 0.0, machine_outlet_pressure_Pa = 0.0;
  bool has_machines = false;               ///< a running station with machine data (not shut)
  ConfigurationPoint point;                ///< the configuration it runs, at its operating point
  /// Held at a machine limit short of its set-point with two stages in series: true where
  /// point.stage_shares are the split at which its units reach the highest outlet together
  /// (physics::HighestOutletWithinLimits), false where they are the split it was moved there
  /// at (docs/physics.md, "Stages in series").
  bool split_reaches = false;
  /// Likewise, where what its set-point asks is within reach at some split by the state it
  /// moved from: true where point.stage_shares are the split of most headroom there (it
  /// stays held where that split's limits stop it short).
  bool split_towards_set_point = false;
  double fuel_kg_per_s = 0.0;              ///< drawn at fuel_node
  std::string fuel_node;
  /// Why fuel_kg_per_s is not the fuel of `point` (point.fuel_power_W), where it is not:
  /// fuel gas off, or a point outside the map, where a station keeps the fuel of its last
  /// point inside it (none before one). Empty where it is.
  std::string fuel_note;
  /// A station that lifts gas without machine data (no .cs, or none for it): the shaft
  /// power of its adiabatic head, m z(p_in) R_s T kappa/(kappa-1) ((p_out/p_in)^((kappa-1)/
  /// kappa) - 1) / SteadyOptions::estimate_efficiency, between its machine pressures (the
  /// ends' less the station's inlet and outlet losses); 0 otherwise (its power read 0 MW
  /// beside a lift of 88 kg/s by a ratio of 1.3).
  double estimated_power_W = 0.0;
  double estimated_efficiency = 0.0;  ///< the efficiency that estimate took
  /// A station with machine data that lifts gas in the last iterate of a solve in which no
  /// round had a state to choose its configuration at: no machine was run, no power or fuel
  /// is given for it (nor an estimate: it read "no machine data" beside its machines).
  bool machines_not_run = false;
};

/// The computed state.
struct SteadySolution {
  std::vector<double> pressure_Pa;          ///< per node, absolute
  std::vector<double> mass_flow_kg_per_s;   ///< per arc, positive from -> to
  std::vector<double> friction_factor;      ///< per arc (NaN where not a pipe)
  std::vector<double> velocity_m_per_s;     ///< per arc, mean velocity (NaN where undefined)
  /// SimulateSteady, converged: per arc with a velocity, the velocity at its lower-pressure
  /// end, where the gas runs fastest (velocity_m_per_s is at the law's mean pressure; a pipe
  /// down to 20 bar there runs 1.5 times faster than at 30); NaN elsewhere. Empty after
  /// SolveSteady.
  std::vector<double> velocity_low_end_m_per_s;
  std::vector<double> injection_kg_per_s;   ///< per node, as solved (slacks balance; fuel drawn)
  /// Per node: fuel gas drawn by compressor drives (kg/s, >= 0; already in injection).
  std::vector<double> fuel_kg_per_s;
  /// Control valves and compressor stations running with a set-point, in arc order.
  std::vector<ActiveElementState> elements;
};

enum class Verdict { kConverged, kInfeasible, kFailed };
const char* VerdictName(Verdict v);  ///< "converged", "infeasible", "failed"

/// How the pressure gives out at the node where a nomination cannot be carried
/// (SteadySummary::limiting_node).
enum class PressureLimit {
  kNone,
  /// "pressure would fall below zero at node X": more is drawn there than the pipes bring.
  kBelowZero,
  /// "the pressure at node X would have to rise past any ...": more enters there than the
  /// pipes carry away at any pressure.
  kBeyondReach,
  /// "pipe P cannot carry the flow the nomination and the pressure references ask of it:
  /// ... choking flow ... at node X":
  /// the gas would pass the isothermal speed of sound at X, the pipe's lower-pressure end,
  /// where a steady flow chokes (SteadySummary::sonic_flows lists every such pipe).
  kChoked,
};
/// "none", "below-zero", "beyond-reach", "choked"
const char* PressureLimitName(PressureLimit l);

/// What kind of infeasible verdict a solve gave (SteadySummary::Infeasibility): for a
/// script that must tell an input to mend from a network that cannot carry a nomination
/// (an operator's audit: both exited 2 alike). Set where the solver knows it, else read
/// from the summary's fields (SteadySummary::InfeasibilityKind()).
enum class Infeasibility {
  kNone,      ///< the verdict is not infeasible
  /// The pressure gives out at SteadySummary::limiting_node: the network, as set, cannot
  /// carry the nomination (a capacity limit).
  kPressure,
  /// The pressure references, settings and nomination contradict each other: refused
  /// before any iterate (a part without a reference that takes or supplies gas, slacks
  /// joined at different pressures, a set-point that leaves a side without a reference, a
  /// loop of set-points), or found after (a nomination that does not balance in a part the
  /// closed elements split off; set-points with no state at any fraction of the load): the
  /// input is to be mended, whatever the load.
  kSetUp,
  /// A state of the equations that breaks a set-point or limit (equations_hold: with
  /// plain set-points, a control valve that would pass gas backwards, say).
  kLimit,
  kOther,  ///< none of these: the reason says
};
const char* InfeasibilityName(Infeasibility i);  ///< "none", "pressure", "set-up", ...

struct BoundViolation {
  std::string node_id;
  double pressure_Pa = 0.0;
  double bound_Pa = 0.0;
  bool below = true;  ///< below the lower bound (else above the upper)
  /// The bound is the nomination's (a .scn's <pressure>, tighter than the network's).
  bool nominated = false;
};

/// The violation farthest from its bound, or null where there is none.
const BoundViolation* FarthestBoundViolation(const std::vector<BoundViolation>& violations);

/// A pipe whose pressure exceeds its pressureMax (GasLib's design pressure of the pipe, the
/// most its wall may carry), or a valve holding more than its pressureDifferentialMax.
struct ArcPressureViolation {
  std::string arc_id;
  /// The pipe's higher end pressure (its highest: along a pipe the pressure runs between its
  /// ends' pressures), or the valve's |p_from - p_to|, Pa.
  double value_Pa = 0.0;
  double bound_Pa = 0.0;      ///< pressureMax, or pressureDifferentialMax
  bool differential = false;  ///< a valve's differential (else a pipe's pressure)
};

/// An arc whose flow lies outside its flowMin/flowMax (GasLib's bounds, normal volume).
struct FlowBoundViolation {
  std::string arc_id;
  double flow_m3_per_s = 0.0;   ///< normal volume at the solve's norm density, signed
  double bound_m3_per_s = 0.0;
  bool below = true;  ///< below flowMin (else above flowMax)
};

/// A node's pressure bounds in a case, Pa absolute, 0 where there is none.
struct NodePressureBounds {
  double lower_Pa = 0.0, upper_Pa = 0.0;
  bool lower_nominated = false, upper_nominated = false;  ///< the nomination's bound
};

/// A pipe whose flow reaches the isothermal speed of sound at its lower-pressure end, where a
/// steady isothermal flow chokes (the pipe laws have no choking term).
struct SonicFlow {
  std::string arc_id;
  double mass_flow_kg_per_s = 0.0;     ///< signed, as the solution's
  /// p_low A / sqrt(z(p_low) R T), R the pipe law's gas constant (R_s, or under
  /// PipeModel::kPandapipes p_n / (T_n rho_n) of its norm density)
  double choking_flow_kg_per_s = 0.0;
  double low_pressure_Pa = 0.0;        ///< the lower end's pressure
};

/// An element limit that a converged state violates and the element could not be moved to
/// (SteadySummary::unheld_limits).
struct UnheldLimit {
  std::string arc_id;
  /// Which limit, as the hold it would have been moved to: kFlowMax, kInletMin, kOutletMax
  /// (also a station whose inlet lies above its outlet maximum), kDeltaPMin, kDeltaPMax or
  /// kMachine (machine_limit says which).
  ElementHold limit = ElementHold::kFlowMax;
  StationLimit machine_limit = StationLimit::kNone;
  /// In domain words with numbers: "violates flowMax 50 1000 Nm3/h by 50 1000 Nm3/h (it
  /// carries 100 1000 Nm3/h)".
  std::string what;
  /// "id: what", as the report's "Limits not held" lists it.
  std::string Text() const { return arc_id + ": " + what; }
};

struct IterationRecord {
  int iteration = 0;
  double max_mass_imbalance_kg_per_s = 0.0;
  double max_pressure_residual_Pa = 0.0;
  double step_length = 1.0;
  std::string worst_node;  ///< where the mass imbalance is largest (group representative)
  std::string worst_arc;   ///< where the element residual is largest
};

struct SteadySummary {
  Verdict verdict = Verdict::kFailed;
  std::string reason;             ///< domain-language explanation when not converged
  /// Where the reason says that the nomination cannot be carried because the pressure gives
  /// out at a node, that node's id and how (for callers and scripts, which need not read
  /// the reason's words; the load continuation's verdict names the node of the smallest
  /// load that failed). Empty and kNone for every other verdict and reason.
  std::string limiting_node;
  PressureLimit limiting_pressure = PressureLimit::kNone;
  /// An infeasible verdict's kind where its maker knows it beyond what the fields below
  /// tell (a nomination that does not balance found after Newton ran: kSetUp, not kLimit;
  /// set-points with no state at any load: kSetUp, not kPressure); kNone: read it from them
  /// (InfeasibilityKind()).
  Infeasibility infeasibility = Infeasibility::kNone;
  /// Whether the reported state satisfies every equation to the tolerances (Newton
  /// converged and the pendant trees solved). Always true for a converged verdict. An
  /// infeasible verdict with equations_hold is a state of the equations that breaks a limit
  /// (a bound, a set-point, a station outside its map); without it, as for every failed
  /// verdict, the residuals, extremes and flows are those of the last iterate, not of a
  /// state of the network.
  bool equations_hold = false;
  /// Newton steps, over every start, every solve of the load continuation and every round
  /// of the active elements' limits (for one solve: the trace's rows past each start's
  /// row 0).
  int iterations = 0;
  double setup_seconds = 0.0, solve_seconds = 0.0;
  /// Part of solve_seconds spent in the sparse LU (numeric refactorizations and solves),
  /// and how many numeric factorizations were done: solve / factorizations vs
  /// factor / factorizations is the per-iteration cost beside its floor.
  double factor_seconds = 0.0;
  int factorizations = 0;
  /// Factorizations that searched for pivots (KLU's, with partial pivoting). The others
  /// took static pivots (pressures on their diagonal, kept flows paired with an end
  /// pressure, each pivot passing KLU's own threshold test) or reused KLU's last pivot
  /// order (docs/physics.md, "Numerics"). Large systems (the Cholesky and Eigen paths)
  /// count none.
  int pivoting_factorizations = 0;
  double max_mass_imbalance_kg_per_s = 0.0;
  std::string worst_mass_node;
  double max_pressure_residual_Pa = 0.0;
  std::string worst_residual_arc;
  /// Arcs whose law was not evaluated for max_pressure_residual_Pa because an end has no
  /// pressure: beyond a pendant tree's arc that could not pass its flow, or in a part cut
  /// off without gas or reference (converged, its pressures undefined).
  int arcs_without_pressures = 0;
  double min_pressure_Pa = 0.0, max_pressure_Pa = 0.0;
  std::string min_pressure_node, max_pressure_node;
  /// SimulateSteady, converged: the largest velocity_low_end_m_per_s, its arc and the
  /// pressure there ("" and NaN where no arc has one).
  double max_velocity_m_per_s = std::numeric_limits<double>::quiet_NaN();
  double max_velocity_pressure_Pa = std::numeric_limits<double>::quiet_NaN();
  std::string max_velocity_arc;
  /// Nodes outside their pressure bounds in the solved state (the network's; with
  /// SimulateSteady the nomination's too). Empty unless converged: an infeasible or failed
  /// solve's last iterate is no state of the network (GasLib-40 at ten times its nomination
  /// listed 29 "violations" of up to 348 bar).
  std::vector<BoundViolation> bound_violations;
  /// Nodes the converged state gives no pressure (parts pinned without a reference and
  /// without flow: NaN in the solution), whose bounds bound_violations therefore does not
  /// judge; the report's bound line says how many. 0 unless converged.
  std::size_t nodes_without_pressure = 0;
  /// SimulateSteady: passive arcs (pipes, short pipes, resistors, valves not set closed)
  /// whose normal volume flow, at the solve's norm density, lies outside their [flowMin,
  /// flowMax] (an arc with both 0 has none; control valves' and stations' flow limits are
  /// the active elements' rules). Empty unless converged, as bound_violations, and after
  /// SolveSteady, whose injections are masses.
  std::vector<FlowBoundViolation> flow_bound_violations;
  /// SimulateSteady: pipes above their pressureMax and valves holding more than their
  /// pressureDifferentialMax, in arc order. Empty unless converged, and after SolveSteady
  /// (checked where the flow bounds are); TrackSteady judges the state it tracks.
  std::vector<ArcPressureViolation> arc_pressure_violations;
  /// Whether flow bounds were asked for (SimulateSteady): without it the report has no
  /// flow-bound or arc-pressure line, and flow_bound_violations and arc_pressure_violations
  /// say nothing.
  bool flow_bounds_checked = false;
  /// The active elements' settings and rules in effect: how many valves, control valves
  /// and stations run in which mode (and which by default: valves and control valves open,
  /// stations in bypass), whether element limits are enforced, whether fuel is drawn, and
  /// the ambient temperature of the gas turbines. Empty where the network has none.
  std::string elements;
  std::string slack_rule;         ///< which slacks were used and why
  std::string model;              ///< the physics used, every option named
  /// The gas used: its origin (GasModel::origin) and the properties `model` leaves out
  /// (norm density, calorific value, isentropic exponent).
  std::string gas;
  std::vector<IterationRecord> trace;
  /// Remarks that are not failures: pinned components, flows distributed on loops of
  /// ideal elements, merged nodes, clamped Reynolds numbers ...
  std::vector<std::string> notes;
  int unknowns = 0;               ///< size of the Newton system
  /// Size of the linear system each step factors: the pressures and the flows that are not
  /// eliminated (docs/physics.md, "Unknowns and equations").
  int factored_unknowns = 0;
  /// Node groups on pendant trees (parts that hang off the rest through pipes, resistors
  /// and lossy short pipes only): no unknowns of Newton; their flows follow from the
  /// injections, their pressures from each pipe's law after it (docs/physics.md).
  int tree_groups = 0;
  /// Newton starts of this solve that reused the workspace's analysis (SteadyWorkspace).
  int analyses_reused = 0;
  /// Solves of the load continuation (SteadyOptions::load_continuation); 0: none ran.
  int continuation_solves = 0;
  /// Where the load continuation stalls with the pressure falling below zero at a node:
  /// the arcs in which the squared pressure fell most at the largest fraction carried, on
  /// the way the gas took to that node (upstream along each node's largest inflow, to a
  /// reference, an entry or an element holding a pressure), with their shares of the falls
  /// on that way, largest first (at most
  /// three; the reason names them too). The node is where the pressure ran out, these are
  /// where it was lost: az_baku's reason named only its last pipe, whose inlet had already
  /// fallen to 0.75 bar. Empty otherwise.
  std::vector<std::pair<std::string, double>> capacity_bottleneck;
  /// That way whole: the arcs it walked, in order from where the pressure ran out (or, with
  /// PressureLimit::kBeyondReach, from the node that pushes, downstream), the bottleneck's
  /// among them. Also where a pendant tree's exact verdict names the node the continuation
  /// ran out at, whose figures (and empty bottleneck) stay; empty otherwise. `simulate`
  /// names the stations in bypass on it (a set-point there may carry the nomination), not
  /// every station of the network.
  std::vector<std::string> capacity_way;
  /// Gas data actually used (after mixing the sources): reports convert mass flows to
  /// normal volumes with this norm density.
  double norm_density_kg_per_m3 = 0.0;
  double temperature_K = 0.0;
  int merged_nodes = 0;           ///< nodes folded into others through ideal elements
  /// Active elements: total shaft power of the running stations (W), fuel gas drawn
  /// (kg/s) and its share of the gas supplied, the elements at a limit ("id: limit"), and
  /// how many rounds the outer loop over limits and fuel took.
  double compressor_power_W = 0.0;
  /// The estimates of the stations lifting gas without machine data, summed
  /// (ActiveElementState::estimated_power_W); not in compressor_power_W.
  double estimated_power_W = 0.0;
  int estimated_stations = 0;
  /// Stations with machine data whose machines no state ran (ActiveElementState::
  /// machines_not_run): in neither figure above.
  int machines_not_run_stations = 0;
  double fuel_kg_per_s = 0.0;
  /// fuel_kg_per_s over the gas the nodes take in from outside (a node's injection and the
  /// fuel drawn there: the injection is net of it).
  double fuel_share = 0.0;
  std::vector<std::string> limited_elements;
  /// Converged with element limits on: the limits elements violate in the solved state
  /// and could not be moved to (no state exists with them held there: a station carrying
  /// twice its flowMax where the nomination forces the gas through it), in the order of the
  /// controlled elements. Like a bound violation, they leave the verdict converged and are
  /// not within bounds. With element limits off (SteadyOptions::element_limits false),
  /// every limit a converged state violates, no element having been moved to one.
  std::vector<UnheldLimit> unheld_limits;
  /// The pipes carrying gas at or beyond the isothermal speed of sound at their
  /// lower-pressure end, the largest multiple of the choking flow first: the state holds the
  /// model's equations but is no steady flow there, and the verdict is infeasible
  /// (limiting_pressure kChoked, limiting_node the first one's lower-pressure end;
  /// equations_hold true, or false where the load continuation found the choke at a
  /// fraction of the load: then the list is that step's). Empty for every other verdict.
  std::vector<SonicFlow> sonic_flows;
  int control_rounds = 0;

  /// Whether the residuals and extremes describe an iterate: false where the solve was
  /// refused before any pressure was found (a part without a reference), whose residuals
  /// are no figures (0 read as a solved state).
  bool HasIterate() const {
    return equations_hold || verdict == Verdict::kConverged || !min_pressure_node.empty();
  }
  /// The kind of an infeasible verdict (kNone for the other verdicts): `infeasibility`
  /// where the verdict's maker set it; else kPressure where limiting_node is set, kSetUp
  /// where the solve was refused before any iterate, kLimit where the equations hold,
  /// kOther otherwise.
  Infeasibility InfeasibilityKind() const {
    if (verdict != Verdict::kInfeasible) return Infeasibility::kNone;
    if (infeasibility != Infeasibility::kNone) return infeasibility;
    if (!limiting_node.empty()) return Infeasibility::kPressure;
    if (!HasIterate()) return Infeasibility::kSetUp;
    return equations_hold ? Infeasibility::kLimit : Infeasibility::kOther;
  }

  /// Whether the state lies within every bound judged: no pressure-, flow- or arc-pressure
  /// bound violated, every element limit held, and every node with a pressure to judge
  /// (summary.json's within_bounds, simulate --strict-bounds; meaningful where converged).
  bool WithinBounds() const {
    return bound_violations.empty() && flow_bound_violations.empty() &&
           arc_pressure_violations.empty() && unheld_limits.empty() &&
           nodes_without_pressure == 0;
  }

  /// One line: the verdict with its iterations and residuals, and where converged, the
  /// counts of pressure- and flow-bound violations and limits not held, with
  /// the farthest pressure violation; else the reason.
  std::string BriefReport() const;
  /// Full report; with timings=false the timing lines are left out (stable for tests).
  std::string FullReport(bool timings = true) const;
};

/// Per controlled element: requested mode, what holds it, flow and pressures; for stations
/// with machine data the configuration, shaft power, fuel and every unit's operating point
/// (flow, head, speed, efficiency, power against its maximum, nearest or violated limit).
/// Empty when no element runs with a set-point. Without a converged verdict the numbers are
/// those of a state the verdict refuses (summary.equations_hold), said as such, or else the
/// last iterate's, whose equations do not hold: an element there is listed as put at its
/// set-point or limit, never as holding it.
std::string ActiveElementsReport(const SteadySolution& solution, const SteadySummary& summary);

/// Why a running station's stages in series split its ratio as e.point.stage_shares say, in
/// the report's words: "the split of least fuel", "the split of least violation", "kept from
/// its set-point's state" (held at a machine limit at the split it was moved there at),
/// "the split that reaches the highest outlet" (e.split_reaches) or "the split of most
/// headroom at what its set-point asks" (e.split_towards_set_point); empty for the equal
/// split (docs/physics.md, "Stages in series").
std::string_view StageSplitReason(const ActiveElementState& e);

/// Solves with explicit node injections (kg/s per node, + into the network; ignored at
/// slack nodes). The network's index must be current (Network::BuildIndex()). With
/// options.gas.from_sources the gas data of the source nodes is mixed by their positive
/// injections. Thread-safe: no shared state between calls (each thread keeps only the memory
/// of its arrays: ReleaseSteadyMemory). docs/physics.md gives the
/// equations, the default slack rule and the algorithm.
///
/// A verdict (converged, infeasible, failed) comes with an Ok Status. Any other Status means
/// nothing was solved: summary->verdict is then kFailed with the Status in its reason, and
/// *solution is unspecified; neither holds anything of an earlier call's. Large networks
/// (SteadyOptions::threads) use a second thread, one kept for each calling thread from its
/// first such solve until it ends; where none can be started (no memory for its stack, a
/// limit on threads) the solve runs on the calling thread alone, with the same answers.
Status SolveSteady(const Network& network, const std::vector<double>& injection_kg_per_s,
                   const SteadyOptions& options, SteadySolution* solution,
                   SteadySummary* summary);

/// SolveSteady keeps the memory of its arrays between 4 KiB and 2 MiB for the next solve on
/// the same thread (at most 64 MiB per thread, contents never; docs/benchmarks.md, eleventh
/// round): a process that solves a large network many times no longer faults that memory
/// in again on every solve. This frees what the calling thread keeps; the rest goes when
/// the thread ends. Returns the bytes freed.
std::size_t ReleaseSteadyMemory();

/// The gas SimulateSteady would solve `c` with under `options`: with
/// options.gas.from_sources, the mixture of the nominated entries' gas data and the norm
/// density that converts the nomination (docs/physics.md, "Gas"); otherwise options.gas.
/// Returned with from_sources = false and any temperature override folded into
/// temperature_K, so that a caller can change some properties and solve with the result
/// (`corridor simulate --gas`). Errors as SimulateSteady's for the nomination.
Status CaseGas(const GasCase& c, const SteadyOptions& options, GasModel* gas);

/// Each node's pressure bounds in `c`: the network's pressureMin/pressureMax, tightened by
/// the nomination's where its .scn bounds a node's pressure (GasLib scenarios give an exit's
/// contractual minimum, an entry's maximum): lower = max of the two, upper = min. These are
/// the bounds SimulateSteady checks and `corridor simulate` writes to nodes.csv.
std::vector<NodePressureBounds> CasePressureBounds(const GasCase& c);

/// The nodes whose pressure lies more than `tolerance_Pa` outside `bounds` (indexed like
/// network.nodes; a node without a finite pressure is skipped), in node order.
std::vector<BoundViolation> PressureBoundViolations(const Network& network,
                                                    const std::vector<double>& pressure_Pa,
                                                    const std::vector<NodePressureBounds>& bounds,
                                                    double tolerance_Pa);

/// The resolution of a solution's arc flows (kg/s): the larger of 1e-12 times the sum of
/// |injection| over its nodes (the references' balancing injections included) and the sum
/// of its nodes' |mass imbalance| (injection less net outflow). A flow below it is not known
/// to be one: round-off of the balance sums an ideal element's or a pendant tree's flow
/// comes from (0.1 + (0.2 - 0.3) = 2.8e-17 kg/s) or of Newton's pressures (up to 2e-10 kg/s
/// on GasLib-4197, whose smallest real flow is 2.3e-5), or what a start within the
/// tolerances leaves (-1.8e-9 kg/s across the corridor's closed Astara border; a flow into
/// a part nominated nothing is minus the imbalances there). Its sign is noise: the writers
/// (arcs.csv, GeoJSON, run's summary.json) write such a flow, and the volumes and velocities
/// from it, as 0, so that no map draws a direction for it, and tracking after a solve
/// takes it as none. The solution keeps it. 0 without injections; the first term alone
/// where the solution does not fit the network.
double FlowResolution(const Network& network, const SteadySolution& solution);

/// The friction factor a pipe's law gives at zero flow: what the writers give a pipe whose
/// flow they write as 0 (FlowResolution). pandapipes' "nikuradse" keeps its rough-pipe term
/// alone there; at the round-off flow itself its 64/Re term made up to 1.5e29 (GasLib-4197).
/// Nikuradse and Colebrook-White or Hofer (Re held at its floor, 100) give what they give at
/// any round-off flow. `at_flow`, the solution's factor, is returned under law 'fixed' and
/// for an arc that is no pipe (a resistor the pandapipes cases give a pipe's fixed factor,
/// 0.01 on GasLib-4197, was written empty).
double FrictionFactorAtZeroFlow(const Arc& pipe, FrictionLaw law, double at_flow);

/// Solves a loaded case: node injections from its nomination (normal volume x norm
/// density, see docs/physics.md), gas from its sources unless options.gas says otherwise.
/// Bound violations are checked against CasePressureBounds (the nomination's bounds too),
/// and only in a converged state: the last iterate of an infeasible or failed solve is no
/// state of the network, so its summary lists none.
Status SimulateSteady(const GasCase& c, const SteadyOptions& options, SteadySolution* solution,
                      SteadySummary* summary);

/// Writes the result files `corridor simulate --out DIR` writes (docs/outputs.md) for a
/// solve of `c` with `options`: DIR/nodes.csv, DIR/arcs.csv and DIR/network.geojson where
/// the verdict is converged, and DIR/summary.json always (with the verdict and reason),
/// all or nothing (WriteFilesIntoFolders: the folder is made if missing, and removed again
/// if this call made it and the write fails). `timings`: the
/// solve's times in summary.json (off: files that compare equal across runs). What only the
/// command's options know is left out: the .cdf decisions' columns and record, and which
/// gas properties were given. A solution of another network (its sizes) is InvalidArgument,
/// nothing written. Files of an earlier run in DIR that this one does not write stay.
Status WriteSteadyOutputs(const GasCase& c, const SteadyOptions& options,
                          const SteadySolution& solution, const SteadySummary& summary,
                          const std::string& dir, bool timings = true);

}  // namespace corridor
