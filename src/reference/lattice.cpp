// The synthetic lattice of the steady-state benchmark (lattice.h).
#include "reference/lattice.h"

#include <fmt/format.h>

#include "corridor/units.h"

namespace corridor::reference {

Status LatticeOptions::Validate() const {
  if (nx < 2 || ny < 2)
    return Status::InvalidArgument(fmt::format("LatticeOptions: nx and ny must be >= 2, got {} x {}", nx, ny));
  if (!(side_m > 0.0))
    return Status::InvalidArgument(fmt::format("LatticeOptions.side_m must be positive, got {}", side_m));
  if (!(diameter_m > 0.0) || !(roughness_m > 0.0) || !(roughness_m < diameter_m))
    return Status::InvalidArgument(fmt::format(
        "LatticeOptions: need 0 < roughness_m < diameter_m, got k {} m, D {} m", roughness_m, diameter_m));
  if (!(temperature_K > 0.0) || !(slack_pressure_Pa > 0.0) || !(norm_density_kg_per_m3 > 0.0) ||
      !(viscosity_Pa_s > 0.0))
    return Status::InvalidArgument("LatticeOptions: temperature, slack pressure, density and "
                                   "viscosity must be positive");
  return Status::Ok();
}

Status MakeLatticeCase(const LatticeOptions& lo, ReferenceCase* out) {
  Status s = lo.Validate();
  if (!s.ok()) return s;
  ReferenceCase rc;
  rc.name = fmt::format("lattice-{}x{}", lo.nx, lo.ny);
  Network& net = rc.network;
  net.info.title = rc.name;
  const std::size_t n = static_cast<std::size_t>(lo.nx) * static_cast<std::size_t>(lo.ny);
  net.nodes.reserve(n);
  const double dx = lo.side_m / (lo.nx - 1), dy = lo.side_m / (lo.ny - 1);
  for (int j = 0; j < lo.ny; ++j)
    for (int i = 0; i < lo.nx; ++i) {
      Node node;
      node.id = fmt::format("n_{}_{}", i, j);
      node.kind = (i == 0 && j == 0) ? NodeKind::kSource : NodeKind::kSink;
      node.x = i * dx;
      node.y = j * dy;
      net.nodes.push_back(std::move(node));
    }
  auto pipe = [&](std::string id, int i0, int j0, int i1, int j1, double length) {
    Arc a;
    a.id = std::move(id);
    a.kind = ArcKind::kPipe;
    a.from = fmt::format("n_{}_{}", i0, j0);
    a.to = fmt::format("n_{}_{}", i1, j1);
    a.pipe.length_m = length;
    a.pipe.diameter_m = lo.diameter_m;
    a.pipe.roughness_m = lo.roughness_m;
    net.arcs.push_back(std::move(a));
  };
  net.arcs.reserve(2 * n);
  for (int j = 0; j < lo.ny; ++j)
    for (int i = 0; i < lo.nx; ++i) {
      if (i + 1 < lo.nx) pipe(fmt::format("h_{}_{}", i, j), i, j, i + 1, j, dx);
      if (j + 1 < lo.ny) pipe(fmt::format("v_{}_{}", i, j), i, j, i, j + 1, dy);
    }
  net.BuildIndex();

  const double each = lo.total_withdrawal_kg_per_s / static_cast<double>(n - 1);
  rc.injection_kg_per_s.assign(n, -each);
  rc.injection_kg_per_s[0] = 0.0;  // the slack balances

  SteadyOptions& o = rc.options;
  o.element_limits = false;  // the reference model: set-points are plain equations
  o.fuel_gas = false;
  o.pipe_model = PipeModel::kPandapipes;
  o.friction = FrictionLaw::kPandapipesNikuradse;
  o.eos = EquationOfState::kLinear;
  o.height_term = true;  // all heights 0
  o.gravity_m_per_s2 = 9.81;
  o.slacks = {{"n_0_0", lo.slack_pressure_Pa}};
  GasModel& g = o.gas;
  g.from_sources = false;
  g.temperature_K = lo.temperature_K;
  g.norm_density_kg_per_m3 = lo.norm_density_kg_per_m3;
  g.pipe_law_norm_density_kg_per_m3 = lo.norm_density_kg_per_m3;
  g.dynamic_viscosity_Pa_s = lo.viscosity_Pa_s;
  g.linear_z_offset = 1.0;
  g.linear_z_slope_per_Pa = -0.0022 / units::kBar;
  g.normal_pressure_Pa = units::kNormalPressure;
  g.normal_temperature_K = units::kNormalTemperature;
  g.specific_gas_constant_J_per_kg_K =
      units::kNormalPressure / (lo.norm_density_kg_per_m3 * units::kNormalTemperature);
  g.molar_mass_kg_per_mol = units::kGasConstant / g.specific_gas_constant_J_per_kg_K;
  rc.model = fmt::format("pandapipes nikuradse, Z linear, T {:.2f} K", lo.temperature_K);
  *out = std::move(rc);
  return Status::Ok();
}

}  // namespace corridor::reference
