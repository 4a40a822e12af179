// Names, option validation and the reports of the steady-state solver.
#include <algorithm>
#include <array>
#include <iterator>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corridor/steady.h"
#include "corridor/units.h"
#include "corridor/validate.h"
#include "core/problems.h"
#include "io/text.h"
#include "steady/steady_internal.h"

namespace corridor {

namespace {

constexpr FrictionLaw kAllFriction[] = {FrictionLaw::kNikuradse, FrictionLaw::kColebrookWhite,
                                        FrictionLaw::kHofer, FrictionLaw::kPandapipesNikuradse,
                                        FrictionLaw::kFixed};
constexpr EquationOfState kAllEos[] = {EquationOfState::kIdeal, EquationOfState::kPapay,
                                       EquationOfState::kAga, EquationOfState::kLinear,
                                       EquationOfState::kCnga};

// SteadyOptions::Validate's ranges beyond the plausible values of a case file
// (validate.h): each many times what any use takes, so that only a slip falls outside.
constexpr double kMaxMassTolerance_kg_per_s = 1.0;  // the default is 1e-7
constexpr double kMaxPressureTolerance_Pa = 1e5;    // 1 bar; the default is 0.01 Pa
constexpr double kMaxGravity_m_per_s2 = 100.0;      // the Earth's 9.78 to 9.83
constexpr double kMaxIsentropicExponent = 3.0;      // ideal gases 1 to 5/3; methane 1.31
constexpr double kMinEfficiency = 0.01;             // GasLib's placeholder drives' 0.01
// A short pipe's artificial loss (GasSteadySim's 1.24e4 Pa^2 s^2/kg^2, about 11 Pa at its
// flows): at 1e15, 1 kg/s alone would lose about 1 400 bar at 70 bar, no short pipe.
constexpr double kMaxShortPipeLossCoefficient = 1e15;
// The normal (reference) pressure of normal volumes: 1.01325 bar or 1 bar in use.
constexpr double kMinNormalPressure_Pa = 0.5e5, kMaxNormalPressure_Pa = 2e5;

std::string Bar(double pa) { return fmt::format("{:.6f} bar", pa / units::kBar); }

}  // namespace

const char* PipeModelName(PipeModel m) {
  switch (m) {
    case PipeModel::kStandard: return "standard";
    case PipeModel::kPandapipes: return "pandapipes";
  }
  return "unknown";
}

const char* FrictionLawName(FrictionLaw f) {
  switch (f) {
    case FrictionLaw::kNikuradse: return "nikuradse";
    case FrictionLaw::kColebrookWhite: return "colebrook-white";
    case FrictionLaw::kHofer: return "hofer";
    case FrictionLaw::kPandapipesNikuradse: return "pandapipes-nikuradse";
    case FrictionLaw::kFixed: return "fixed";
  }
  return "unknown";
}

bool FrictionLawRefusesSmoothPipes(FrictionLaw f) {
  return f == FrictionLaw::kNikuradse || f == FrictionLaw::kPandapipesNikuradse;
}

const char* EquationOfStateName(EquationOfState e) {
  switch (e) {
    case EquationOfState::kIdeal: return "ideal";
    case EquationOfState::kPapay: return "papay";
    case EquationOfState::kAga: return "aga";
    case EquationOfState::kLinear: return "linear";
    case EquationOfState::kCnga: return "cnga";
  }
  return "unknown";
}

bool ParseFrictionLaw(const std::string& name, FrictionLaw* out) {
  if (out == nullptr) return false;
  std::string n = io::AsciiLower(name);
  if (n == "colebrook" || n == "colebrook_white") n = "colebrook-white";
  if (n == "pandapipes_nikuradse" || n == "pp-nikuradse") n = "pandapipes-nikuradse";
  for (FrictionLaw f : kAllFriction) {
    if (n == FrictionLawName(f)) {
      *out = f;
      return true;
    }
  }
  return false;
}

bool ParseEquationOfState(const std::string& name, EquationOfState* out) {
  if (out == nullptr) return false;
  const std::string n = io::AsciiLower(name);
  for (EquationOfState e : kAllEos) {
    if (n == EquationOfStateName(e)) {
      *out = e;
      return true;
    }
  }
  return false;
}

bool ParsePipeModel(const std::string& name, PipeModel* out) {
  if (out == nullptr) return false;
  const std::string n = io::AsciiLower(name);
  for (PipeModel m : {PipeModel::kStandard, PipeModel::kPandapipes}) {
    if (n == PipeModelName(m)) {
      *out = m;
      return true;
    }
  }
  return false;
}

std::string PipeModelNames() {
  return fmt::format("{}, {}", PipeModelName(PipeModel::kStandard),
                     PipeModelName(PipeModel::kPandapipes));
}

std::string FrictionLawNames() {
  std::string s;
  for (FrictionLaw f : kAllFriction) s += (s.empty() ? "" : ", ") + std::string(FrictionLawName(f));
  return s;
}

std::string EquationOfStateNames() {
  std::string s;
  for (EquationOfState e : kAllEos)
    s += (s.empty() ? "" : ", ") + std::string(EquationOfStateName(e));
  return s;
}

const char* ElementModeName(ElementMode m) {
  switch (m) {
    case ElementMode::kOpen: return "open";
    case ElementMode::kClosed: return "closed";
    case ElementMode::kBypass: return "bypass";
    case ElementMode::kOutletPressure: return "outlet_pressure";
    case ElementMode::kRatio: return "ratio";
    case ElementMode::kInletPressure: return "inlet_pressure";
    case ElementMode::kFlow: return "flow";
    case ElementMode::kPressureDrop: return "delta_p";
  }
  return "unknown";
}

std::vector<ElementMode> ElementModesOf(ArcKind kind) {
  using M = ElementMode;
  std::vector<ElementMode> out;
  for (M m : {M::kOutletPressure, M::kInletPressure, M::kRatio, M::kPressureDrop, M::kFlow,
              M::kOpen, M::kBypass, M::kClosed})
    if (ElementTakesMode(kind, m)) out.push_back(m);
  return out;
}

ElementMode DefaultElementMode(ArcKind kind) {
  return kind == ArcKind::kCompressorStation ? ElementMode::kBypass : ElementMode::kOpen;
}

bool ElementTakesMode(ArcKind kind, ElementMode mode) {
  switch (kind) {
    case ArcKind::kValve: return mode == ElementMode::kOpen || mode == ElementMode::kClosed;
    case ArcKind::kControlValve: return mode != ElementMode::kRatio && mode != ElementMode::kFlow;
    case ArcKind::kCompressorStation:
      return mode != ElementMode::kOpen && mode != ElementMode::kPressureDrop;
    default: return false;
  }
}

const char* ElementHoldName(ElementHold h) {
  switch (h) {
    case ElementHold::kSetPoint: return "set-point";
    case ElementHold::kFlowMax: return "flow max";
    case ElementHold::kInletMin: return "inlet pressure min";
    case ElementHold::kOutletMax: return "outlet pressure max";
    case ElementHold::kRatioMin: return "ratio 1";
    case ElementHold::kDeltaPMin: return "pressure differential min";
    case ElementHold::kDeltaPMax: return "pressure differential max";
    case ElementHold::kMachine: return "machine limit";
    case ElementHold::kClosed: return "closed";
  }
  return "unknown";
}

const char* InfeasibilityName(Infeasibility i) {
  switch (i) {
    case Infeasibility::kNone: return "none";
    case Infeasibility::kPressure: return "pressure";
    case Infeasibility::kSetUp: return "set-up";
    case Infeasibility::kLimit: return "limit";
    case Infeasibility::kOther: return "other";
  }
  return "unknown";
}

const char* PressureLimitName(PressureLimit l) {
  switch (l) {
    case PressureLimit::kNone: return "none";
    case PressureLimit::kBelowZero: return "below-zero";
    case PressureLimit::kBeyondReach: return "beyond-reach";
    case PressureLimit::kChoked: return "choked";
  }
  return "unknown";
}

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kConverged: return "converged";
    case Verdict::kInfeasible: return "infeasible";
    case Verdict::kFailed: return "failed";
  }
  return "unknown";
}

namespace {
// Machine data built in code (the readers check what files hold): every number the station
// model reads finite, a drive's fuel never negative, every configuration with units. A NaN
// efficiency isoline was blamed on a node's injection, a negative energy rate fed gas into
// the network, a configuration without units read "cannot run within its machines'
// limits".
Status MachinesProblem(const CompressorStationData& cs) {
  auto finite = [](const auto& values) {
    return std::all_of(std::begin(values), std::end(values),
                       [](double v) { return std::isfinite(v); });
  };
  for (const StationMachines& st : cs.stations) {
    auto bad = [&](const std::string& what) {
      return Status::InvalidArgument(
          fmt::format("SteadyOptions.machines: station '{}': {}", st.id, what));
    };
    for (const TurboCompressor& t : st.turbo)
      if (!std::isfinite(t.speed_min_per_s) || !std::isfinite(t.speed_max_per_s) ||
          !finite(t.n_isoline) || !finite(t.eta_isoline) || !finite(t.surgeline) ||
          !finite(t.chokeline) ||
          (t.efficiency_of_chokeline && !std::isfinite(*t.efficiency_of_chokeline)))
        return bad(fmt::format("turbo compressor '{}' has a speed or map coefficient that is "
                               "not finite",
                               t.id));
    for (const PistonCompressor& p : st.piston)
      if (!finite(std::array<double, 7>{p.speed_min_per_s, p.speed_max_per_s,
                                        p.operating_volume_m3, p.maximal_torque_N_m,
                                        p.maximal_compression_ratio, p.adiabatic_efficiency,
                                        p.additional_reduction_vol_flow}))
        return bad(fmt::format("piston compressor '{}' has a number that is not finite", p.id));
    for (const Drive& d : st.drives) {
      if (!finite(d.energy_rate) || !finite(d.power_fun))
        return bad(fmt::format("drive '{}' has an energy-rate or power coefficient that is not "
                               "finite",
                               d.id));
      if (d.energy_rate[0] < 0.0 || d.energy_rate[1] < 0.0)
        return bad(fmt::format("drive '{}': energy rate coefficients e0 = {} and e1 = {} must "
                               "be >= 0 (fuel[kW] = e0 + e1 P + e2 P^2 would be negative)",
                               d.id, d.energy_rate[0], d.energy_rate[1]));
    }
    for (const Configuration& cf : st.configurations) {
      if (cf.stages.empty()) return bad(fmt::format("configuration '{}' has no stage", cf.id));
      for (const ConfigurationStage& sg : cf.stages) {
        if (sg.units.empty())
          return bad(fmt::format("configuration '{}' stage {} has no unit", cf.id, sg.stage_nr));
        for (const ConfigurationUnit& u : sg.units)
          if (!(std::isfinite(u.nominal_speed_per_s) && u.nominal_speed_per_s >= 0.0))
            return bad(fmt::format("configuration '{}': unit '{}' has nominal speed {}", cf.id,
                                   u.compressor_id, u.nominal_speed_per_s));
      }
    }
  }
  return Status::Ok();
}

// A unit's place in its map for the element list: the limit it violates, else the one
// nearest. A unit that recycles or throttles sits at an edge of its map (its surge line, its
// minimal speed) by doing so, which its "nearest limit" (the margin to the limits recycling
// and throttling do not take up) did not say: GasLib-11's CS02 at its minimal speed read
// "nearest limit speed max (-0.5)".
std::string UnitLimitText(const UnitOperatingPoint& u) {
  if (u.worst_violation > kStationLimitTolerance)
    return fmt::format("violates {} ({:.3g})", StationLimitName(u.worst_limit),
                       u.worst_violation) +
           (u.recycle_m3_per_s > 0.0 ? fmt::format(", recycles {:.4f} m3/s", u.recycle_m3_per_s)
                                     : "") +
           (u.throttle_head_J_per_kg > 0.0
                ? fmt::format(", throttles {:.3f} kJ/kg", u.throttle_head_J_per_kg / 1e3)
                : "");
  std::string edge;
  if (u.recycle_m3_per_s > 0.0)
    edge = fmt::format("recycles {:.4f} m3/s", u.recycle_m3_per_s);
  if (u.throttle_head_J_per_kg > 0.0)
    edge += fmt::format("{}throttles {:.3f} kJ/kg", edge.empty() ? "" : ", ",
                        u.throttle_head_J_per_kg / 1e3);
  // Within the tolerance of a limit is at it: 0, not the round-off's sign ("speed max
  // (4.44e-16)" read as violated by the sign rule: helper-286).
  const double g = (u.worst_violation > 0.0 ? 0.0 : u.worst_violation) + 0.0;
  if (edge.empty())
    return fmt::format("nearest limit {} ({:.3g})", StationLimitName(u.worst_limit), g);
  return fmt::format("{} (at the edge of its map), nearest other limit {} ({:.3g})", edge,
                     StationLimitName(u.worst_limit), g);
}

// The report's lines of a list of violations: the largest `gap` first (the first 20 of 81
// in the network's order showed 0.3 bar beside 63 bar: GasLib-582's cold_5), at most 20,
// then how many more. The list itself keeps the network's order.
template <class T, class Gap, class Line>
std::string LargestFirst(const std::vector<T>& items, Gap gap, Line line) {
  std::vector<const T*> order;
  for (const T& x : items) order.push_back(&x);
  std::stable_sort(order.begin(), order.end(),
                   [&](const T* x, const T* y) { return gap(*x) > gap(*y); });
  const std::size_t shown = std::min<std::size_t>(order.size(), 20);
  std::string s;
  for (std::size_t i = 0; i < shown; ++i) s += line(*order[i]);
  if (shown < order.size()) s += fmt::format("  ... and {} more\n", order.size() - shown);
  return s;
}
}  // namespace

Status SteadyOptions::Validate() const {
  // Every problem, in one Status (the first alone made a caller fix one per run).
  internal::Problems problems("SteadyOptions", &Status::InvalidArgument);
  auto positive = [](const char* field, double v) -> Status {
    if (std::isfinite(v) && v > 0.0) return Status::Ok();
    return Status::InvalidArgument(
        fmt::format("SteadyOptions.{} = {} must be a positive finite number", field, v));
  };
  // Enumerators within their types (a cast from a number outside them ran as "friction
  // unknown" and converged to the references' pressures everywhere).
  if (std::string_view(FrictionLawName(friction)) == "unknown" ||
      std::string_view(EquationOfStateName(eos)) == "unknown" ||
      std::string_view(PipeModelName(pipe_model)) == "unknown")
    problems.Add(fmt::format(
        "SteadyOptions: friction {}, eos {} or pipe_model {} is not one of the library's",
        static_cast<int>(friction), static_cast<int>(eos), static_cast<int>(pipe_model)));
  for (const ElementSetting& e : settings)
    if (std::string_view(ElementModeName(e.mode)) == "unknown")
      problems.Add(
          fmt::format("SteadyOptions.settings: the mode {} of arc '{}' is not one of the library's",
                      static_cast<int>(e.mode), e.arc_id));
  problems.Add(positive("gas.norm_density_kg_per_m3", gas.norm_density_kg_per_m3));
  if (max_iterations <= 0)
    problems.Add(fmt::format("SteadyOptions.max_iterations = {} must be positive", max_iterations));
  problems.Add(positive("time_limit_s", time_limit_s));
  if (threads < 0)
    problems.Add(
        fmt::format("SteadyOptions.threads = {} must be 0 (as many as useful) or more", threads));
  // Looser than 1 kg/s and 1 bar, a "converged" state is none (1e300 converged to the
  // references' pressures everywhere).
  problems.Add(positive("mass_tolerance_kg_per_s", mass_tolerance_kg_per_s));
  problems.Add(positive("pressure_tolerance_Pa", pressure_tolerance_Pa));
  if (mass_tolerance_kg_per_s > kMaxMassTolerance_kg_per_s)
    problems.Add(fmt::format("SteadyOptions.mass_tolerance_kg_per_s = {} must be at most {:g}",
                             mass_tolerance_kg_per_s, kMaxMassTolerance_kg_per_s));
  if (pressure_tolerance_Pa > kMaxPressureTolerance_Pa)
    problems.Add(fmt::format("SteadyOptions.pressure_tolerance_Pa = {} must be at most {:g}",
                             pressure_tolerance_Pa, kMaxPressureTolerance_Pa));
  if (!(std::isfinite(gravity_m_per_s2) && gravity_m_per_s2 >= 0.0 &&
        gravity_m_per_s2 <= kMaxGravity_m_per_s2))
    problems.Add(fmt::format("SteadyOptions.gravity_m_per_s2 = {} must lie in [0, {:g}]",
                             gravity_m_per_s2, kMaxGravity_m_per_s2));
  if (!(std::isfinite(velocity_note_m_per_s) && velocity_note_m_per_s >= 0.0))
    problems.Add(
        fmt::format("SteadyOptions.velocity_note_m_per_s = {} must be finite and >= 0 (0: no note)",
                    velocity_note_m_per_s));
  if (!(short_pipe_loss_coefficient >= 0.0 &&
        short_pipe_loss_coefficient <= kMaxShortPipeLossCoefficient))
    problems.Add(fmt::format(
        "SteadyOptions.short_pipe_loss_coefficient = {} must lie in [0, {:g}] Pa^2 s^2/kg^2",
        short_pipe_loss_coefficient, kMaxShortPipeLossCoefficient));
  problems.Add(positive("gas.temperature_K", gas.temperature_K));
  if (!(std::isfinite(gas.isentropic_exponent) && gas.isentropic_exponent > 1.0 &&
        gas.isentropic_exponent <= kMaxIsentropicExponent))
    problems.Add(fmt::format("SteadyOptions.gas.isentropic_exponent = {} must lie in (1, {:g}]",
                             gas.isentropic_exponent, kMaxIsentropicExponent));
  problems.Add(positive("gas.calorific_value_J_per_m3", gas.calorific_value_J_per_m3));
  if (!std::isnan(ambient_temperature_K))
    problems.Add(positive("ambient_temperature_K", ambient_temperature_K));
  // (At 1e-300 the fuel drawn was 1e300 kg/s.)
  if (!(std::isfinite(default_drive_efficiency) &&
        default_drive_efficiency >= kMinEfficiency && default_drive_efficiency <= 1.0))
    problems.Add(fmt::format("SteadyOptions.default_drive_efficiency = {} must lie in [{:g}, 1]",
                             default_drive_efficiency, kMinEfficiency));
  if (!(std::isfinite(estimate_efficiency) && estimate_efficiency >= kMinEfficiency &&
        estimate_efficiency <= 1.0))
    problems.Add(fmt::format("SteadyOptions.estimate_efficiency = {} must lie in [{:g}, 1]",
                             estimate_efficiency, kMinEfficiency));
  if (max_control_rounds <= 0)
    problems.Add(
        fmt::format("SteadyOptions.max_control_rounds = {} must be positive", max_control_rounds));
  if (gas.temperature_override_K != 0.0)
    problems.Add(positive("gas.temperature_override_K", gas.temperature_override_K));
  if (gas.specific_gas_constant_J_per_kg_K != 0.0)
    problems.Add(
        positive("gas.specific_gas_constant_J_per_kg_K", gas.specific_gas_constant_J_per_kg_K));
  else
    problems.Add(positive("gas.molar_mass_kg_per_mol", gas.molar_mass_kg_per_mol));
  if (eos == EquationOfState::kPapay || eos == EquationOfState::kAga) {
    problems.Add(positive("gas.pseudocritical_pressure_Pa", gas.pseudocritical_pressure_Pa));
    problems.Add(positive("gas.pseudocritical_temperature_K", gas.pseudocritical_temperature_K));
  }
  if (eos == EquationOfState::kCnga) {
    problems.Add(positive("gas.cnga_b1", gas.cnga_b1));
    if (!std::isfinite(gas.cnga_b2_per_Pa))
      problems.Add("SteadyOptions.gas.cnga_b2_per_Pa must be finite");
  }
  if (eos == EquationOfState::kLinear && !(std::isfinite(gas.linear_z_offset) &&
                                           std::isfinite(gas.linear_z_slope_per_Pa)))
    problems.Add("SteadyOptions.gas.linear_z_* must be finite");
  if (friction == FrictionLaw::kColebrookWhite || friction == FrictionLaw::kHofer ||
      friction == FrictionLaw::kPandapipesNikuradse) {
    problems.Add(positive("gas.dynamic_viscosity_Pa_s", gas.dynamic_viscosity_Pa_s));
  }
  if (pipe_model == PipeModel::kPandapipes) {
    problems.Add(positive("gas.normal_pressure_Pa", gas.normal_pressure_Pa));
    problems.Add(positive("gas.normal_temperature_K", gas.normal_temperature_K));
    const double rn = gas.pipe_law_norm_density_kg_per_m3 > 0.0
                          ? gas.pipe_law_norm_density_kg_per_m3
                          : gas.norm_density_kg_per_m3;
    problems.Add(positive("gas.pipe_law_norm_density_kg_per_m3 (or norm_density_kg_per_m3)", rn));
  }
  // 0 takes norm_density_kg_per_m3; a negative or NaN one did too, without a word.
  if (!(std::isfinite(gas.pipe_law_norm_density_kg_per_m3) &&
        gas.pipe_law_norm_density_kg_per_m3 >= 0.0))
    problems.Add(fmt::format(
        "SteadyOptions.gas.pipe_law_norm_density_kg_per_m3 = {} must be finite and >= 0 (0: "
        "norm_density_kg_per_m3)",
        gas.pipe_law_norm_density_kg_per_m3));
  // Pressures at most the plausible 1000 bar a case file and a controls file keep to
  // (docs/check.md): a reference at 1e300 Pa "failed" with a reason 300 digits long.
  for (const SlackNode& sl : slacks) {
    if (!(std::isfinite(sl.pressure_Pa) && sl.pressure_Pa >= plausible::kMinReferencePressure_Pa &&
          sl.pressure_Pa <= plausible::kMaxPressure_Pa))
      problems.Add(fmt::format(
          "SteadyOptions.slacks: node '{}' has pressure {} Pa; it must be absolute, at least "
          "{:g} Pa and at most {:g} Pa",
          sl.node_id, sl.pressure_Pa, plausible::kMinReferencePressure_Pa,
          plausible::kMaxPressure_Pa));
  }
  for (std::size_t i = 0; i < slacks.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (slacks[k].node_id == slacks[i].node_id)
        problems.Add(
            fmt::format("SteadyOptions.slacks: node '{}' is given twice ({} and {} Pa); give each "
                        "pressure reference once",
                        slacks[i].node_id, slacks[k].pressure_Pa, slacks[i].pressure_Pa));
  for (const ElementSetting& e : settings) {
    // Every rule of a setting's value is here (the solver's setup only matches settings to
    // arcs): a ratio positive, the pressures at least a reference's least, a flow and a
    // pressure drop not negative, every value finite (open, closed and bypass ignore theirs,
    // but a NaN is a slip).
    const bool set_pressure = e.mode == ElementMode::kOutletPressure ||
                              e.mode == ElementMode::kInletPressure;
    const bool above_zero = e.mode == ElementMode::kRatio;
    const bool non_negative = e.mode == ElementMode::kFlow || e.mode == ElementMode::kPressureDrop;
    if (!std::isfinite(e.value) || (above_zero && !(e.value > 0.0)) ||
        (set_pressure && !(e.value >= plausible::kMinReferencePressure_Pa)) ||
        (non_negative && e.value < 0.0)) {
      problems.Add(fmt::format(
          "SteadyOptions.settings: arc '{}' has value {} in mode {}; it must be finite{}", e.arc_id,
          e.value, ElementModeName(e.mode),
          above_zero     ? " and positive"
          : set_pressure ? fmt::format(" and at least {:g} Pa (a pressure reference's least)",
                                       plausible::kMinReferencePressure_Pa)
          : non_negative ? " and >= 0"
                         : ""));
      continue;  // (said once)
    }
    // The upper ends of a controls file's ranges (docs/controls.md) for what has a unit; a
    // ratio keeps the library's wider range (a ratio of 1e6 is held at a pressure limit).
    const bool pressure = e.mode == ElementMode::kOutletPressure ||
                          e.mode == ElementMode::kInletPressure ||
                          e.mode == ElementMode::kPressureDrop;
    const double max = pressure                        ? plausible::kMaxPressure_Pa
                       : e.mode == ElementMode::kFlow ? plausible::kMaxFlow_m3_per_s
                                                      : HUGE_VAL;
    // (Within a part in 1e12 of it: a controls file's 1 000 000 1000 Nm3/h, its range's
    // upper end, is 277777.7777777778 m3/s, one rounding above 1e9 / 3600.)
    if (e.value > max * (1.0 + 1e-12))
      problems.Add(fmt::format(
          "SteadyOptions.settings: arc '{}' has value {} {} in mode {}; it must be at most {:g}",
          e.arc_id, e.value, pressure ? "Pa" : "m3/s (normal)", ElementModeName(e.mode), max));
  }
  for (const auto& [id, v] : fixed_friction_factor) {
    // (At most 1, as the CLI's --lambda: the library took any positive value, a physics
    // audit's; a Darcy factor of a pipeline is about 0.005 to 0.03.)
    if (!(std::isfinite(v) && v > 0.0 && v <= 1.0))
      problems.Add(fmt::format(
          "SteadyOptions.fixed_friction_factor['{}'] = {} must lie in (0, 1] (a Darcy "
          "friction factor; pipelines have about 0.005 to 0.03)",
          id, v));
  }
  for (const auto& [id, v] : pipe_loss_coefficient) {
    if (!(std::isfinite(v) && v >= 0.0))
      problems.Add(
          fmt::format("SteadyOptions.pipe_loss_coefficient['{}'] = {} must be >= 0", id, v));
  }
  // The gas within the ranges a case file's source must keep (docs/check.md): a source
  // with a molar mass of 1e300 built in code mixed into a gas that "converged".
  {
    const bool mixed = gas.from_sources;
    // (Each value checked here was checked positive above: one not positive, or not
    // finite, is said there alone.)
    auto within = [&](const char* field, double v, double lo, double hi) -> Status {
      if (plausible::InRange(v, lo, hi) || !(std::isfinite(v) && v > 0.0)) return Status::Ok();
      return Status::InvalidArgument(fmt::format(
          "SteadyOptions.gas.{} = {} lies outside the plausible range [{}, {}]{}", field, v, lo,
          hi, mixed ? " (mixed from the sources' gas data: a source's lies outside it)" : ""));
    };
    problems.Add(within("norm_density_kg_per_m3", gas.norm_density_kg_per_m3,
                        plausible::kMinNormDensity_kg_per_m3,
                        plausible::kMaxNormDensity_kg_per_m3));
    if (gas.specific_gas_constant_J_per_kg_K == 0.0)
      problems.Add(within("molar_mass_kg_per_mol", gas.molar_mass_kg_per_mol,
                          plausible::kMinMolarMass_kg_per_mol,
                          plausible::kMaxMolarMass_kg_per_mol));
    if (eos == EquationOfState::kPapay || eos == EquationOfState::kAga) {
      problems.Add(within("pseudocritical_pressure_Pa", gas.pseudocritical_pressure_Pa,
                          plausible::kMinPseudocriticalPressure_Pa,
                          plausible::kMaxPseudocriticalPressure_Pa));
      problems.Add(within("pseudocritical_temperature_K", gas.pseudocritical_temperature_K,
                          plausible::kMinPseudocriticalTemperature_K,
                          plausible::kMaxPseudocriticalTemperature_K));
    }
    problems.Add(within("calorific_value_J_per_m3", gas.calorific_value_J_per_m3,
                        plausible::kMinCalorificValue_J_per_m3,
                        plausible::kMaxCalorificValue_J_per_m3));
    // The temperatures a case file keeps to (a gas at 1e300 K "failed" with equations not
    // finite; turbines at 1e-300 K ambient ran at -273.1 degC), the gas constant that of
    // the plausible molar masses (1e-300 J/(kg K) "converged" without a pressure drop).
    problems.Add(within("temperature_K", gas.temperature_K, plausible::kMinTemperature_K,
                        plausible::kMaxTemperature_K));
    if (gas.specific_gas_constant_J_per_kg_K != 0.0)
      problems.Add(within("specific_gas_constant_J_per_kg_K",
                          gas.specific_gas_constant_J_per_kg_K,
                          units::kGasConstant / plausible::kMaxMolarMass_kg_per_mol,
                          units::kGasConstant / plausible::kMinMolarMass_kg_per_mol));
    if (pipe_model == PipeModel::kPandapipes) {
      problems.Add(within("normal_pressure_Pa", gas.normal_pressure_Pa, kMinNormalPressure_Pa,
                          kMaxNormalPressure_Pa));
      problems.Add(within("normal_temperature_K", gas.normal_temperature_K,
                          plausible::kMinTemperature_K, plausible::kMaxTemperature_K));
    }
    if (gas.pipe_law_norm_density_kg_per_m3 > 0.0)
      problems.Add(within("pipe_law_norm_density_kg_per_m3", gas.pipe_law_norm_density_kg_per_m3,
                          plausible::kMinNormDensity_kg_per_m3,
                          plausible::kMaxNormDensity_kg_per_m3));
  }
  for (const auto& [field, v] :
       {std::pair{"gas.temperature_override_K", gas.temperature_override_K},
        std::pair{"ambient_temperature_K", ambient_temperature_K}})
    if (std::isfinite(v) && v > 0.0 &&
        !plausible::InRange(v, plausible::kMinTemperature_K, plausible::kMaxTemperature_K))
      problems.Add(fmt::format("SteadyOptions.{} = {} lies outside the plausible range [{}, {}]",
                               field, v, plausible::kMinTemperature_K,
                               plausible::kMaxTemperature_K));
  // A gas per arc: the laws it applies to, and each gas within a source's ranges (its
  // count against the network is the solve's to check: NamesAgainstNetwork).
  if (!arc_gas.empty()) {
    if (pipe_model != PipeModel::kStandard)
      problems.Add(
          "SteadyOptions.arc_gas is given under the pandapipes pipe law, whose norm density "
          "is one gas's: a gas per arc needs the standard law");
    if (!steady_internal::EosTakesGasData(eos))
      problems.Add(fmt::format(
          "SteadyOptions.arc_gas is given under the equation of state {}, whose coefficients "
          "are one gas's: a gas per arc needs ideal, Papay or AGA",
          EquationOfStateName(eos)));
    const bool critical = eos == EquationOfState::kPapay || eos == EquationOfState::kAga;
    for (std::size_t i = 0; i < arc_gas.size(); ++i) {
      const ArcGas& g = arc_gas[i];
      if (g.molar_mass_kg_per_mol == 0.0) continue;  // the options' gas
      auto check = [&](const char* field, double v, double lo, double hi) {
        if (!plausible::InRange(v, lo, hi))
          problems.Add(fmt::format(
              "SteadyOptions.arc_gas[{}].{} = {} lies outside the plausible range [{}, {}]", i,
              field, v, lo, hi));
      };
      check("molar_mass_kg_per_mol", g.molar_mass_kg_per_mol, plausible::kMinMolarMass_kg_per_mol,
            plausible::kMaxMolarMass_kg_per_mol);
      if (critical) {
        check("pseudocritical_pressure_Pa", g.pseudocritical_pressure_Pa,
              plausible::kMinPseudocriticalPressure_Pa, plausible::kMaxPseudocriticalPressure_Pa);
        check("pseudocritical_temperature_K", g.pseudocritical_temperature_K,
              plausible::kMinPseudocriticalTemperature_K,
              plausible::kMaxPseudocriticalTemperature_K);
      }
    }
  }
  // One setting per element (the solve refused two, after this passed them).
  {
    std::vector<const ElementSetting*> by_id;
    by_id.reserve(settings.size());
    for (const ElementSetting& e : settings) by_id.push_back(&e);
    std::stable_sort(by_id.begin(), by_id.end(),
                     [](const ElementSetting* a, const ElementSetting* b) {
                       return a->arc_id < b->arc_id;
                     });
    for (std::size_t i = 1; i < by_id.size(); ++i)
      if (by_id[i]->arc_id == by_id[i - 1]->arc_id)
        problems.Add(fmt::format(
            "SteadyOptions.settings: arc '{}' is given twice ({} and {}); give each element "
            "one setting",
            by_id[i]->arc_id, ElementModeName(by_id[i - 1]->mode),
            ElementModeName(by_id[i]->mode)));
  }
  if (machines != nullptr) problems.Add(MachinesProblem(*machines));
  return problems.ToStatus();
}

const BoundViolation* FarthestBoundViolation(const std::vector<BoundViolation>& violations) {
  const auto far = std::max_element(
      violations.begin(), violations.end(), [](const BoundViolation& x, const BoundViolation& y) {
        return std::abs(x.pressure_Pa - x.bound_Pa) < std::abs(y.pressure_Pa - y.bound_Pa);
      });
  return far == violations.end() ? nullptr : &*far;
}

std::string SteadySummary::BriefReport() const {
  std::string s = fmt::format("{}", VerdictName(verdict));
  if (verdict == Verdict::kConverged) {
    s += fmt::format(" in {} iteration{}{}: max mass imbalance {:.3g} kg/s, max element "
                     "residual {:.3g} Pa",
                     iterations, iterations == 1 ? "" : "s",
                     iterations == 0 ? " (the start met the tolerances)" : "",
                     max_mass_imbalance_kg_per_s, max_pressure_residual_Pa);
    // A converged state outside its bounds is no state within them: the one line said
    // only "converged" beside 81 pressure-bound violations on GasLib-582 (a library user's
    // audit), which FullReport lists.
    std::string outside;
    auto add = [&](std::size_t n, const char* what) {
      if (n == 0) return;
      outside += fmt::format("{}{} {}{}", outside.empty() ? "" : ", ", n, what,
                             n == 1 ? "" : "s");
    };
    add(bound_violations.size(), "pressure-bound violation");
    add(flow_bound_violations.size(), "flow-bound violation");
    add(arc_pressure_violations.size(), "arc-pressure violation");
    add(unheld_limits.size(), "element limit not held");
    if (const BoundViolation* b = FarthestBoundViolation(bound_violations))
      outside += fmt::format(" (farthest: node {} at {:.4f} bar, {} {:.4f} bar)", b->node_id,
                             b->pressure_Pa / units::kBar, b->below ? "below" : "above",
                             b->bound_Pa / units::kBar);
    if (!outside.empty()) s += "; " + outside;
  } else {
    s += ": " + reason;
  }
  return s;
}

std::string SteadySummary::FullReport(bool timings) const {
  std::string s;
  s += "corridor steady-state simulation\n";
  // An infeasible verdict's kind, where it tells the input to mend apart from the network's
  // capacity (a batch run read exit 2 for both).
  const Infeasibility kind = InfeasibilityKind();
  s += fmt::format("Verdict                : {}{}\n", VerdictName(verdict),
                   kind == Infeasibility::kSetUp
                       ? " (set-up: the references, settings and nomination contradict each "
                         "other)"
                   : kind == Infeasibility::kPressure
                       ? " (pressure: the network as set cannot carry the nomination)"
                   : kind == Infeasibility::kLimit
                       ? " (limit: a state of the equations breaks a set-point or limit)"
                   : kind == Infeasibility::kOther ? " (other: the reason says)"
                                                   : "");
  if (!reason.empty()) s += fmt::format("Reason                 : {}\n", reason);
  // (A first-use review met "Iterations : 36" beside a trace of two rows, unexplained.)
  std::string over;
  if (control_rounds > 1) over = fmt::format("{} control rounds", control_rounds);
  if (continuation_solves > 0)
    over += fmt::format("{}{} solve{} of the load continuation", over.empty() ? "" : ", ",
                        continuation_solves, continuation_solves == 1 ? "" : "s");
  // A converged state without a Newton step read as if nothing had been solved ("Iterations
  // : 0" on every corridor scenario): the start met the tolerances.
  if (iterations == 0 && verdict == Verdict::kConverged && over.empty())
    over = "none needed: the start met the tolerances";
  else if (!over.empty())
    over = "Newton steps over " + over;
  s += fmt::format("Iterations             : {}{}\n", iterations,
                   over.empty() ? std::string() : " (" + over + ")");
  s += fmt::format("Unknowns               : {} ({} nodes merged through ideal elements; "
                   "{} node groups on pendant trees solved in closed form; {} left after "
                   "eliminating pipe flows)\n",
                   unknowns, merged_nodes, tree_groups, factored_unknowns);
  // Residuals of a last iterate say so, and which arcs they leave out (GasLib-40 under
  // --eos ideal read 1e-5 Pa beside "infeasible": the core had converged, and the arcs
  // beyond the pendant tree's pipe that could not pass its flow have no pressures).
  std::string last;
  if (!equations_hold && verdict != Verdict::kConverged)
    last = arcs_without_pressures > 0
               ? fmt::format(" (last iterate; {} arc{} without a pressure at an end not "
                             "evaluated)",
                             arcs_without_pressures, arcs_without_pressures == 1 ? "" : "s")
               : std::string(" (last iterate)");
  if (!HasIterate()) {
    // Refused before any pressure was found (a part without a reference): no iterate, and
    // "0.000e+00 (last iterate)" read as a solved state.
    s += "Max mass imbalance     : not evaluated (refused before any iterate)\n";
    s += "Max element residual   : not evaluated (refused before any iterate)\n";
  } else {
    s += fmt::format("Max mass imbalance     : {:.3e} kg/s{}{}\n", max_mass_imbalance_kg_per_s,
                     worst_mass_node.empty() ? "" : " at node " + worst_mass_node,
                     last.empty() ? "" : " (last iterate)");
    s += fmt::format("Max element residual   : {:.3e} Pa{}{}\n", max_pressure_residual_Pa,
                     worst_residual_arc.empty() ? "" : " at arc " + worst_residual_arc, last);
  }
  if (!min_pressure_node.empty()) {
    // Extremes of an iterate that is no state of the network say so (GasLib-40 at four
    // times its nomination showed 853 bar as if it were a pressure of the network).
    const char* of = equations_hold ? "" : " (last iterate; its equations do not hold)";
    s += fmt::format("Min pressure           : {} at {}{}\n", Bar(min_pressure_Pa),
                     min_pressure_node, of);
    s += fmt::format("Max pressure           : {} at {}{}\n", Bar(max_pressure_Pa),
                     max_pressure_node, of);
  }
  if (!max_velocity_arc.empty())
    s += fmt::format("Max velocity           : {:.3f} m/s in {} at its lower-pressure end "
                     "({})\n",
                     max_velocity_m_per_s, max_velocity_arc, Bar(max_velocity_pressure_Pa));
  s += fmt::format("Pressure references    : {}\n", slack_rule);
  if (!elements.empty()) s += fmt::format("Element settings       : {}\n", elements);
  s += fmt::format("Model                  : {}\n", model);
  if (!gas.empty()) s += fmt::format("Gas                    : {}\n", gas);
  if (verdict != Verdict::kConverged) {
    s += "Bound violations       : not checked (no solved state)\n";
  } else {
    // (Nodes of a pinned part have no pressure: "0" alone read as every bound held.)
    std::string aside = bound_violations.size() > 1 ? "the largest first" : "";
    if (nodes_without_pressure > 0)
      aside += fmt::format("{}{} node{} without a pressure, not judged", aside.empty() ? "" : "; ",
                           nodes_without_pressure, nodes_without_pressure == 1 ? "" : "s");
    s += fmt::format("Bound violations       : {}{}\n", bound_violations.size(),
                     aside.empty() ? aside : " (" + aside + ")");
  }
  auto pressure_gap = [](const BoundViolation& b) { return std::abs(b.pressure_Pa - b.bound_Pa); };
  s += LargestFirst(bound_violations, pressure_gap, [&](const BoundViolation& b) {
    // (Below 0.0001 bar in Pa: "by 0.0000 bar" read as no violation at all.)
    const double by = pressure_gap(b);
    return fmt::format("  node {}: {} {} bound {}{} by {}\n", b.node_id, Bar(b.pressure_Pa),
                       b.below ? "below lower" : "above upper", Bar(b.bound_Pa),
                       b.nominated ? " (the nomination's)" : "",
                       by >= 1e-4 * units::kBar ? fmt::format("{:.4f} bar", by / units::kBar)
                                                : fmt::format("{:.3g} Pa", by));
  });
  // The arcs' flow bounds (GasLib's flowMin/flowMax), in the nomination's unit, where a
  // case's nomination asked for them (SimulateSteady).
  if (flow_bounds_checked && verdict != Verdict::kConverged)
    s += "Flow-bound violations  : not checked (no solved state)\n";
  else if (flow_bounds_checked)  // (the active elements' flow limits are their rules': a
    // station past its flowMax read "Flow-bound violations : 0" beside it, helper-306)
    s += fmt::format("Flow-bound violations  : {} (passive arcs{})\n", flow_bound_violations.size(),
                     flow_bound_violations.size() > 1 ? ", the largest first" : "");
  auto flow_gap = [](const FlowBoundViolation& f) {
    return std::abs(f.flow_m3_per_s - f.bound_m3_per_s);
  };
  s += LargestFirst(flow_bound_violations, flow_gap, [&](const FlowBoundViolation& f) {
    const double k = units::kThousandM3PerHour;
    return fmt::format("  arc {}: {:.6g} 1000 Nm3/h {} {} {:.6g} by {:.6g}\n", f.arc_id,
                       f.flow_m3_per_s / k, f.below ? "below" : "above",
                       f.below ? "flowMin" : "flowMax", f.bound_m3_per_s / k, flow_gap(f) / k);
  });
  // Pipes above their design pressure, valves beyond their differential (SimulateSteady).
  if (flow_bounds_checked && verdict == Verdict::kConverged)
    s += fmt::format("Arc-pressure violations: {}{}\n", arc_pressure_violations.size(),
                     arc_pressure_violations.size() > 1 ? " (the largest first)" : "");
  auto arc_gap = [](const ArcPressureViolation& v) { return v.value_Pa - v.bound_Pa; };
  s += LargestFirst(arc_pressure_violations, arc_gap, [&](const ArcPressureViolation& v) {
    return fmt::format("  {} {}: {} {} its {} {} by {:.4f} bar\n",
                       v.differential ? "valve" : "pipe", v.arc_id, Bar(v.value_Pa),
                       v.differential ? "held across it, above" : "at its higher end, above",
                       v.differential ? "pressureDifferentialMax" : "pressureMax",
                       Bar(v.bound_Pa), arc_gap(v) / units::kBar);
  });
  // (Before the active elements' block, which a run with element limits off and one round
  // leaves out: its limits were listed nowhere but in a note.)
  if (!unheld_limits.empty() && verdict == Verdict::kConverged) {
    const bool off = elements.find("element limits off") != std::string::npos;
    s += fmt::format("Limits not held        : {} ({})\n", unheld_limits.size(),
                     off ? "element limits off: no element was moved to one"
                         : "no state with them held there");
    for (const UnheldLimit& e : unheld_limits) s += "  " + e.Text() + "\n";
  }
  if (control_rounds > 1 || compressor_power_W > 0.0 || estimated_power_W > 0.0 ||
      machines_not_run_stations > 0 || !limited_elements.empty()) {
    // Figures of a state the verdict refuses say so, as the extremes do (GasLib-4197 with
    // its stations at a ratio of 8 printed 4.3 MW beside "not checked (no solved state)").
    const char* of = verdict == Verdict::kConverged ? ""
                     : equations_hold ? "; of a state the verdict refuses"
                                      : "; of the last iterate, whose equations do not hold";
    s += fmt::format("Compressor power       : {:.3f} MW (shaft, stations with machine "
                     "data){}{}{}\n",
                     compressor_power_W / 1e6,
                     estimated_stations == 0
                         ? std::string()
                         : fmt::format("; {} lifting without machine data: {:.3f} MW "
                                       "estimated (adiabatic head, see Active elements)",
                                       estimated_stations, estimated_power_W / 1e6),
                     machines_not_run_stations == 0
                         ? std::string()
                         : fmt::format("; {} with machine data lifting in no state, not "
                                       "counted",
                                       machines_not_run_stations),
                     of);
    // A station lifting without machine data burns no fuel in the balance: "0 kg/s" beside
    // its estimated 2.6 MW read as an oversight (an operator's audit, GasLib-134).
    s += fmt::format("Fuel gas               : {:.6g} kg/s ({:.3f} % of the gas supplied){}{}\n",
                     fuel_kg_per_s, 100.0 * fuel_share, of,
                     estimated_stations == 0
                         ? std::string()
                         : estimated_stations == 1
                         ? std::string("; the station lifting without machine data draws "
                                       "none (no drive to burn it; its power an estimate)")
                         : fmt::format("; the {} stations lifting without machine data draw "
                                       "none (no drives to burn it; their power an estimate)",
                                       estimated_stations));
    s += fmt::format("Elements at a limit    : {}\n", limited_elements.size());
    for (const std::string& e : limited_elements) s += "  " + e + "\n";
    s += fmt::format("Control rounds         : {}\n", control_rounds);
  }
  for (const std::string& n : notes) s += "Note                   : " + n + "\n";
  if (timings) {
    s += fmt::format("Setup time             : {:.6f} s\n", setup_seconds);
    s += fmt::format("Solve time             : {:.6f} s\n", solve_seconds);
    if (factorizations > 0)
      s += fmt::format("Per iteration          : {:.3f} ms, of which sparse LU {:.3f} ms "
                       "({} factorizations)\n",
                       1e3 * solve_seconds / factorizations,
                       1e3 * factor_seconds / factorizations, factorizations);
  }
  if (!trace.empty()) {
    s += fmt::format("Iteration trace ({}mass imbalance kg/s at node, element residual Pa at "
                     "arc, step):\n",
                     static_cast<int>(trace.size()) < iterations
                         ? "the last solve's steps; "
                         : "");
    for (const IterationRecord& r : trace)
      s += fmt::format("  {:3d}  {:12.4e} {:<12} {:12.4e} {:<12} {:.4g}\n", r.iteration,
                       r.max_mass_imbalance_kg_per_s, r.worst_node, r.max_pressure_residual_Pa,
                       r.worst_arc, r.step_length);
  }
  return s;
}

}  // namespace corridor

namespace corridor {

std::string_view StageSplitReason(const ActiveElementState& e) {
  if (e.point.stage_shares.empty()) return {};
  // (Held at a machine limit, the split at which its units reach the highest outlet
  // together, else the one it was moved there at: active_elements.cpp.)
  if (e.split_reaches) return "the split that reaches the highest outlet";
  if (e.split_towards_set_point) return "the split of most headroom at what its set-point asks";
  if (e.hold == ElementHold::kMachine) return "kept from its set-point's state";
  return e.point.inside ? "the split of least fuel" : "the split of least violation";
}

std::string ActiveElementsReport(const SteadySolution& solution, const SteadySummary& summary) {
  std::string s;
  if (solution.elements.empty()) return s;
  s += "Active elements (requested mode -> what holds; pressures in bar abs at the element's "
       "ends)\n";
  for (const ActiveElementState& e : solution.elements) {
    const bool pressure = e.mode == ElementMode::kOutletPressure ||
                          e.mode == ElementMode::kInletPressure ||
                          e.mode == ElementMode::kPressureDrop;
    const std::string req =
        e.mode == ElementMode::kFlow
            ? fmt::format("{:.6g} 1000 Nm3/h", e.value / units::kThousandM3PerHour)
            : pressure ? fmt::format("{:.6g} bar", e.value / units::kBar)
                       : fmt::format("{:.6g}", e.value);
    if (!std::isfinite(e.mass_flow_kg_per_s) || !std::isfinite(e.inlet_pressure_Pa) ||
        !std::isfinite(e.outlet_pressure_Pa)) {
      // No state to report (an infeasible or failed solve): where it was put, not numbers.
      s += fmt::format("  {} {}: {} {} -> {}; no state\n", ArcKindName(e.kind), e.arc_id,
                       ElementModeName(e.mode), req,
                       e.hold == ElementHold::kSetPoint ? "at its set-point"
                       : e.hold == ElementHold::kClosed ? e.limit
                                                        : "at " + e.limit);
      continue;
    }
    // An infeasible or failed solve's numbers are its last iterate, where the equations do
    // not hold: no element holds anything there (GasLib-24's CV01 at delta_p 30 bar, with
    // exit02 out of pressure, was listed as holding its set-point). Where they hold and the
    // verdict refuses the state (a limit it breaks), the elements hold what they hold in it,
    // and the numbers say whose they are (GasLib-11 at twice its load, CS01 beyond its
    // driver power, read "at its set-point, not held; last iterate: ..." beside residuals of
    // 7e-10 Pa).
    const bool converged = summary.verdict == Verdict::kConverged;
    const bool state = converged || summary.equations_hold;
    // A shut element (closed, or a station at a flow of 0) lifts or drops nothing: the
    // difference its ends settle at is no ratio it runs (GasLib-40's compressorStation_3 at
    // a flow of 0 read "ratio 0.9566").
    const bool shut = e.hold == ElementHold::kClosed ||
                      (e.mode == ElementMode::kFlow && e.value == 0.0 &&
                       e.hold == ElementHold::kSetPoint);
    s += fmt::format("  {} {}: {} {} -> {}; {}{:.6g} kg/s, {:.4f} -> {:.4f} bar ({})\n",
                     ArcKindName(e.kind), e.arc_id, ElementModeName(e.mode), req,
                     e.hold == ElementHold::kSetPoint
                         ? (state ? "holds its set-point" : "at its set-point, not held")
                     : e.hold == ElementHold::kClosed ? e.limit
                                                      : "at " + e.limit,
                     converged ? "" : state ? "in a state the verdict refuses: " : "last iterate: ",
                     e.mass_flow_kg_per_s, e.inlet_pressure_Pa / units::kBar,
                     e.outlet_pressure_Pa / units::kBar,
                     shut ? std::string("shut")
                          : fmt::format("ratio {:.4f}", e.inlet_pressure_Pa > 0.0
                                                            ? e.outlet_pressure_Pa /
                                                                  e.inlet_pressure_Pa
                                                            : 0.0));
    if (e.estimated_power_W > 0.0)
      s += fmt::format("    no machine data: estimated shaft power {:.4f} MW (the adiabatic "
                       "head between its machine pressures at an efficiency of {:.2f}; an "
                       "estimate, not a machine model)\n",
                       e.estimated_power_W / 1e6, e.estimated_efficiency);
    if (e.machines_not_run)
      s += "    machine data: no configuration run (no round of the solve had a state to "
           "choose one at); no power or fuel\n";
    if (!e.has_machines) continue;
    const ConfigurationPoint& p = e.point;
    // A drive past its maximal power burns that power's fuel: the point's fuel says so
    // (GasLib-11's CS01 read "fuel 28.4457 MW at this point" needing 20 MW and 203 MW of
    // shaft power alike, from a 9.4 MW drive).
    bool capped = false;
    for (const UnitOperatingPoint& u : p.units)
      capped = capped || (u.max_power_W > 0.0 && u.shaft_power_W > u.max_power_W);
    // Drives with GasLib's placeholder fuel data (0.01, 0, 0) burn an assumed fuel: shaft
    // power over the default drive efficiency, which only summary.json's fuel_model_given
    // said (an operator's audit: GasLib-135's 4.0930 MW read as the drive's own figure).
    double assumed_eff = 0.0;
    for (const UnitOperatingPoint& u : p.units)
      if (!u.fuel_model_given && u.fuel_power_W > 0.0 && assumed_eff == 0.0)
        assumed_eff = std::min(u.shaft_power_W, u.max_power_W > 0.0 ? u.max_power_W
                                                                     : u.shaft_power_W) /
                      u.fuel_power_W;
    const std::string assumed =
        assumed_eff > 0.0
            ? fmt::format(", assumed: no fuel data for its drive, shaft power / {:.2f}",
                          assumed_eff)
            : std::string();
    const std::string at_point =
        (capped ? "at this point, capped at its drives' maximal power" : "at this point") +
        assumed;
    const std::string fuel =
        e.fuel_note.empty()
            ? fmt::format("fuel {:.4f} MW ({:.6g} kg/s at {}{})", p.fuel_power_W / 1e6,
                          e.fuel_kg_per_s, e.fuel_node.empty() ? "-" : e.fuel_node,
                          assumed)
        : e.fuel_kg_per_s > 0.0
            ? fmt::format("fuel {:.4f} MW {}, {:.6g} kg/s drawn at {} ({})",
                          p.fuel_power_W / 1e6, at_point, e.fuel_kg_per_s, e.fuel_node,
                          e.fuel_note)
            : fmt::format("fuel {:.4f} MW {} ({})", p.fuel_power_W / 1e6, at_point,
                          e.fuel_note);
    // Stages in series that do not split the ratio equally (physics::BestStageShares).
    std::string split;
    const double r = e.machine_outlet_pressure_Pa / e.machine_inlet_pressure_Pa;
    for (std::size_t k = 0; k < p.stage_shares.size(); ++k)
      split += fmt::format("{}{:.4f}", k == 0 ? " (stage ratios " : " x ",
                           std::pow(r, p.stage_shares[k]));
    if (!split.empty()) split += fmt::format(", {})", StageSplitReason(e));
    s += fmt::format("    configuration {}: shaft power {:.4f} MW, {}, machines {:.4f} -> {:.4f} "
                     "bar{}, {}\n",
                     p.configuration_id, p.shaft_power_W / 1e6, fuel,
                     e.machine_inlet_pressure_Pa / units::kBar,
                     e.machine_outlet_pressure_Pa / units::kBar, split,
                     p.inside                             ? std::string("inside its map")
                     : e.hold == ElementHold::kMachine ? "on the limit it is held at"
                                                       : "outside: " + p.message);
    for (const UnitOperatingPoint& u : p.units)
      s += fmt::format("      stage {} {} {}: Q {:.4f} m3/s, H {:.3f} kJ/kg, n {:.1f} 1/min, "
                       "eta {:.4f}, P {:.4f} MW (max {:.4f}), {}\n",
                       u.stage, u.piston ? "piston" : "turbo", u.compressor_id,
                       u.volumetric_flow_m3_per_s, u.head_J_per_kg / 1e3, u.speed_per_s * 60.0,
                       u.efficiency, u.shaft_power_W / 1e6, u.max_power_W / 1e6,
                       UnitLimitText(u));
  }
  return s;
}

}  // namespace corridor
