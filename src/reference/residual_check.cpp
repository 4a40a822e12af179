// Independent residual check of a solution against a reference case's equations, and the
// comparison of a corridor solve with a reference (residual_check.h).
#include "reference/residual_check.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "corridor/units.h"
#include "reference/pandapipes.h"

namespace corridor::reference {
namespace {

// Per-arc mode and value from the options (elements not named take the defaults of
// SteadyOptions::settings: valves and control valves open, stations bypass).
struct ElementRule {
  ElementMode mode = ElementMode::kOpen;
  double value = 0.0;
};

std::vector<ElementRule> Rules(const ReferenceCase& rc) {
  std::unordered_map<std::string, const ElementSetting*> by_id;
  for (const ElementSetting& s : rc.options.settings) by_id[s.arc_id] = &s;
  std::vector<ElementRule> rules(rc.network.arcs.size());
  for (std::size_t a = 0; a < rc.network.arcs.size(); ++a) {
    const Arc& arc = rc.network.arcs[a];
    if (arc.kind == ArcKind::kCompressorStation) rules[a].mode = ElementMode::kBypass;
    auto it = by_id.find(arc.id);
    if (it != by_id.end()) rules[a] = {it->second->mode, it->second->value};
  }
  return rules;
}

// pandapipes' friction factor for a pipe (pandapipes.h). Colebrook-White is solved to
// round-off (pandapipes itself stops at a mean change of 1e-4, see the README).
double PandapipesLambda(const PandapipesPhysics& ph, double D, double k, double m) {
  const double A = units::kPi * D * D / 4.0;
  const double re = std::abs(m) * D / (ph.viscosity_Pa_s * A);
  const double rough = 1.0 / std::pow(2.0 * std::log10(D / k) + 1.14, 2);
  if (!ph.colebrook) return (re > 1e-12 ? 64.0 / re : 0.0) + rough;
  if (re < 1e-12) return rough;
  double lambda = rough;
  for (int i = 0; i < 100; ++i) {
    double next = std::pow(-2.0 * std::log10(2.51 / (re * std::sqrt(lambda)) + k / (3.71 * D)), -2);
    if (std::abs(next - lambda) <= 1e-15 * lambda) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda;
}

double PandapipesPipeResidual(const PandapipesPhysics& ph, double zeta, const Arc& arc,
                              double hi, double hj, double pi, double pj, double m) {
  const double D = arc.pipe.diameter_m, L = arc.pipe.length_m;
  const double A = units::kPi * D * D / 4.0;
  auto z = [&](double p) { return ph.z_offset + ph.z_slope_per_Pa * p; };
  auto rho = [&](double p) {
    return ph.norm_density_kg_per_m3 * ph.norm_temperature_K * p /
           (ph.temperature_K * ph.norm_pressure_Pa * z(p));
  };
  const double pm = pi == pj ? pi : 2.0 / 3.0 * (pi * pi * pi - pj * pj * pj) / (pi * pi - pj * pj);
  const double rho_m = 0.5 * (rho(pi) + rho(pj));
  const double lambda = L > 0.0 ? PandapipesLambda(ph, D, arc.pipe.roughness_m, m) : 0.0;
  const double c = ph.norm_pressure_Pa * ph.temperature_K * z(pm) /
                   (ph.norm_temperature_K * ph.norm_density_kg_per_m3 * A * A);
  return pi - pj + rho_m * ph.gravity_m_per_s2 * (hi - hj) -
         c * (lambda * L / D + zeta) * m * std::abs(m) / (pi + pj);
}

}  // namespace

std::string ResidualCheck::Brief() const {
  std::string s = fmt::format("mass {:.1e} kg/s", max_mass_imbalance_kg_per_s);
  if (!worst_mass_node.empty()) s += fmt::format(" ({})", worst_mass_node);
  s += fmt::format(", law {:.1e} Pa", max_law_residual_Pa);
  if (!worst_law_arc.empty()) s += fmt::format(" ({})", worst_law_arc);
  s += fmt::format(", {}/{} arcs", checked_arcs, checked_arcs + unchecked_arcs);
  if (!domain_violation.empty()) s += ", " + domain_violation;
  return s;
}

Status CheckResiduals(const ReferenceCase& rc, const std::vector<double>& p,
                      const std::vector<double>& m, ResidualCheck* out,
                      double mass_tol, double pressure_tol) {
  const Network& net = rc.network;
  if (p.size() != net.nodes.size() || m.size() != net.arcs.size())
    return Status::InvalidArgument(fmt::format(
        "residual check of '{}': {} pressures for {} nodes, {} flows for {} arcs", rc.name,
        p.size(), net.nodes.size(), m.size(), net.arcs.size()));
  if (rc.injection_kg_per_s.size() != net.nodes.size())
    return Status::InvalidArgument(fmt::format("residual check of '{}': {} injections for {} nodes",
                                               rc.name, rc.injection_kg_per_s.size(),
                                               net.nodes.size()));
  *out = ResidualCheck();

  // (1) Mass balance at every node that is not a slack.
  std::vector<double> imbalance = rc.injection_kg_per_s;
  for (std::size_t a = 0; a < net.arcs.size(); ++a) {
    const Arc& arc = net.arcs[a];
    if (arc.from_index >= net.nodes.size() || arc.to_index >= net.nodes.size())
      return Status::InvalidArgument(fmt::format("arc '{}' has an unknown end node", arc.id));
    imbalance[arc.from_index] -= m[a];
    imbalance[arc.to_index] += m[a];
  }
  std::vector<bool> is_slack(net.nodes.size(), false);
  for (const SlackNode& s : rc.options.slacks)
    if (auto i = net.FindNode(s.node_id)) is_slack[*i] = true;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    if (is_slack[i]) continue;
    if (std::abs(imbalance[i]) > out->max_mass_imbalance_kg_per_s || !std::isfinite(imbalance[i])) {
      out->max_mass_imbalance_kg_per_s = std::isfinite(imbalance[i]) ? std::abs(imbalance[i])
                                                                     : HUGE_VAL;
      out->worst_mass_node = net.nodes[i].id;
    }
  }

  // (2) Element laws.
  const std::vector<ElementRule> rules = Rules(rc);
  PandapipesPhysics ph;
  std::vector<double> zeta;
  const bool pandapipes = PandapipesPhysicsOf(rc, &ph, &zeta);
  const SteadyOptions& o = rc.options;
  const bool pi_law = !pandapipes && o.pipe_model == PipeModel::kStandard &&
                      o.friction == FrictionLaw::kFixed && !o.height_term &&
                      (o.eos == EquationOfState::kCnga || o.eos == EquationOfState::kIdeal);
  out->law = pandapipes ? "pandapipes" : pi_law ? "gassteadysim" : "balance only";
  double b1 = 1.0, b2 = 0.0;
  if (o.eos == EquationOfState::kCnga) {
    b1 = o.gas.cnga_b1;
    b2 = o.gas.cnga_b2_per_Pa;
  }
  const double rs = o.gas.specific_gas_constant_J_per_kg_K > 0.0
                        ? o.gas.specific_gas_constant_J_per_kg_K
                        : units::kGasConstant / o.gas.molar_mass_kg_per_mol;
  const double a2 = rs * o.gas.temperature_K;
  auto Pi = [&](double x) { return b1 * x * x / 2.0 + b2 * x * x * x / 3.0; };
  auto dPi = [&](double x) { return b1 * x + b2 * x * x; };

  for (std::size_t a = 0; a < net.arcs.size(); ++a) {
    const Arc& arc = net.arcs[a];
    const double pi = p[arc.from_index], pj = p[arc.to_index], q = m[a];
    double r = std::numeric_limits<double>::quiet_NaN();  // NaN: not checked
    const ElementRule& rule = rules[a];
    const bool law_known = pandapipes || pi_law;
    switch (arc.kind) {
      case ArcKind::kPipe:
        if (pandapipes) {
          r = PandapipesPipeResidual(ph, zeta[a], arc, net.nodes[arc.from_index].height_m,
                                     net.nodes[arc.to_index].height_m, pi, pj, q);
        } else if (pi_law) {
          auto it = o.fixed_friction_factor.find(arc.id);
          if (it != o.fixed_friction_factor.end()) {
            const double D = arc.pipe.diameter_m, A = units::kPi * D * D / 4.0;
            const double rp = Pi(pi) - Pi(pj) -
                              it->second * arc.pipe.length_m * a2 * q * std::abs(q) / (2.0 * D * A * A);
            r = rp / dPi(0.5 * (pi + pj));
          }
        }
        break;
      case ArcKind::kShortPipe:
        if (pi_law) {
          const double rp = Pi(pi) - Pi(pj) - o.short_pipe_loss_coefficient * q * std::abs(q);
          r = rp / dPi(0.5 * (pi + pj));
        } else if (law_known) {
          r = pi - pj;
        }
        break;
      case ArcKind::kResistor:
        // GasSteadySim treats resistors as ideal; pandapipes cases turn them into zeta pipes.
        if (pi_law) r = pi - pj;
        break;
      case ArcKind::kValve:
      case ArcKind::kControlValve:
      case ArcKind::kCompressorStation:
        if (!law_known) break;
        switch (rule.mode) {
          case ElementMode::kOpen:
          case ElementMode::kBypass:
            r = pi - pj;
            break;
          case ElementMode::kClosed:
            // No pressure law; the flow must vanish (reported with the mass residuals).
            if (std::abs(q) > out->max_mass_imbalance_kg_per_s) {
              out->max_mass_imbalance_kg_per_s = std::abs(q);
              out->worst_mass_node = "closed " + arc.id;
            }
            r = 0.0;
            break;
          case ElementMode::kOutletPressure:
            r = pj - rule.value;
            break;
          case ElementMode::kInletPressure:
            r = pi - rule.value;
            break;
          case ElementMode::kPressureDrop:
            r = pi - pj - rule.value;
            break;
          case ElementMode::kFlow:
            // A flow set-point: the flow must equal it (reported with the mass residuals).
            if (std::abs(q - rule.value * o.gas.norm_density_kg_per_m3) >
                out->max_mass_imbalance_kg_per_s) {
              out->max_mass_imbalance_kg_per_s =
                  std::abs(q - rule.value * o.gas.norm_density_kg_per_m3);
              out->worst_mass_node = "flow set-point " + arc.id;
            }
            r = 0.0;
            break;
          case ElementMode::kRatio: {
            const double lifted = pj - rule.value * pi;
            if (!o.compressor_forward_only) {
              r = lifted;
            } else if (std::abs(q) <= mass_tol) {
              // At zero flow both branches of pandapipes' rule describe the same state.
              r = std::abs(lifted) < std::abs(pi - pj) ? lifted : pi - pj;
            } else {
              r = q >= 0.0 ? lifted : pi - pj;
            }
            break;
          }
        }
        break;
    }
    if (std::isnan(r) && !(std::isnan(pi) || std::isnan(pj) || std::isnan(q))) {
      ++out->unchecked_arcs;
      continue;
    }
    ++out->checked_arcs;
    const double ar = std::isfinite(r) ? std::abs(r) : HUGE_VAL;
    if (ar > out->max_law_residual_Pa) {
      out->max_law_residual_Pa = ar;
      out->worst_law_arc = arc.id;
    }
  }
  // (3) The model's domain: positive pressures and, with a linear Z, a positive Z.
  const bool linear_z = pandapipes || o.eos == EquationOfState::kLinear;
  const double z0 = pandapipes ? ph.z_offset : o.gas.linear_z_offset;
  const double z1 = pandapipes ? ph.z_slope_per_Pa : o.gas.linear_z_slope_per_Pa;
  for (std::size_t i = 0; i < net.nodes.size() && out->domain_violation.empty(); ++i) {
    if (std::isnan(p[i])) {  // the solver's mark of a node it gave no pressure
      out->domain_violation = fmt::format(
          "node {} has no pressure (a part that no pressure reference reaches, or no "
          "solution)",
          net.nodes[i].id);
    } else if (!(p[i] > 0.0)) {
      out->domain_violation = fmt::format("pressure {:.4g} bar at node {} is not positive",
                                          p[i] / units::kBar, net.nodes[i].id);
    } else if (linear_z && !(z0 + z1 * p[i] > 0.0)) {
      out->domain_violation = fmt::format(
          "Z = {:.3f} <= 0 at node {} ({:.1f} bar): outside the linear compressibility model",
          z0 + z1 * p[i], net.nodes[i].id, p[i] / units::kBar);
    }
  }
  out->pass = out->max_mass_imbalance_kg_per_s <= mass_tol &&
              out->max_law_residual_Pa <= pressure_tol && out->domain_violation.empty();
  return Status::Ok();
}

Status CheckExpectedResiduals(const ReferenceCase& rc, ResidualCheck* out, double mass_tol,
                              double pressure_tol) {
  std::vector<double> p(rc.network.nodes.size()), m(rc.network.arcs.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    auto it = rc.expected_pressure_Pa.find(rc.network.nodes[i].id);
    if (it == rc.expected_pressure_Pa.end())
      return Status::NotFound(fmt::format("case '{}': no expected pressure for node '{}'",
                                          rc.name, rc.network.nodes[i].id));
    p[i] = it->second;
  }
  for (std::size_t a = 0; a < m.size(); ++a) {
    auto it = rc.expected_flow_kg_per_s.find(rc.network.arcs[a].id);
    if (it == rc.expected_flow_kg_per_s.end())
      return Status::NotFound(fmt::format("case '{}': no expected flow for arc '{}'", rc.name,
                                          rc.network.arcs[a].id));
    m[a] = it->second;
  }
  return CheckResiduals(rc, p, m, out, mass_tol, pressure_tol);
}

}  // namespace corridor::reference
