// Internal: the synthetic meshed lattice of the steady-state benchmark (issue 3).
//
// nx x ny junctions on a side x side square, joined to their right and upper neighbours
// by pipes (length side/(n-1)), one pressure-fixed corner (node "n_0_0") and the total
// withdrawal split equally over every other junction. The physics is pandapipes' (pipe
// model kPandapipes, its "nikuradse" friction, Z = 1 - 0.0022 p[bar], H-gas), the model of
// the pandapipes figure the benchmark is compared with (5.7 s for 200 x 200).
#pragma once

#include "corridor/reference.h"

namespace corridor::reference {

struct LatticeOptions {
  int nx = 200;                         ///< junctions per row (>= 2)
  int ny = 200;                         ///< junctions per column (>= 2)
  double side_m = 60e3;                 ///< the square's side
  double diameter_m = 0.6;
  double roughness_m = 0.02e-3;
  double temperature_K = 288.15;
  double slack_pressure_Pa = 70e5 + 101325.0;  ///< 70 bar gauge at the corner
  double total_withdrawal_kg_per_s = 300.0;
  /// pandapipes "hgas": rho_n at 273.15 K (its fluid library value) and the viscosity at
  /// 288.15 K (extrapolated from its value at 289.15 K with the lgas slope of 3.26e-8
  /// Pa s/K seen in the reference cases: it only enters the 64/Re term).
  double norm_density_kg_per_m3 = 0.7329404506632858;
  double viscosity_Pa_s = 1.0858e-5;
  Status Validate() const;
};

/// Builds the lattice as a ReferenceCase without expected values. Node ids "n_i_j"
/// (column i, row j), pipe ids "h_i_j" (to the right) and "v_i_j" (upwards).
Status MakeLatticeCase(const LatticeOptions& options, ReferenceCase* out);

}  // namespace corridor::reference
