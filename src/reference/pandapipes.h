// Internal: the pandapipes reference cases (data/reference/pandapipes, README there).
//
// A case file `cases/NAME.json` (format "gaslib-simplified-steady-v1") describes one
// network with its exact pandapipes physics; `results/NAME_TAG_FRICTION_{nodes,edges}.csv`
// hold pandapipes' solution for one friction law. One case file therefore yields one
// ReferenceCase per results pair found, or a single case without expected values (a
// "solved, no reference" case such as GasLib-4197) when there is none.
//
// The pandapipes pipe law, as the case files write it out (i = from, j = to, SI units):
//   p_i - p_j + rho_m g (h_i - h_j) = p_n T Z(p_m) / (T_n rho_n A^2) (lambda L/D + zeta) m|m| / (p_i + p_j)
//   p_m = 2/3 (p_i^3 - p_j^3)/(p_i^2 - p_j^2),  Z(p) = offset + slope p,
//   rho(p) = rho_n T_n p / (T p_n Z(p)),  rho_m = (rho(p_i) + rho(p_j)) / 2,  g = 9.81.
// Verified against the stored results: every pipe of the Nikuradse results satisfies it to
// 1e-3 Pa (tests/reference/pandapipes_test.cpp).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "corridor/reference.h"
#include "corridor/status.h"

namespace corridor::reference {

/// Everything a pandapipes case prescribes beyond the network itself. Kept apart from
/// SteadyOptions so that the residual check (check.h) evaluates the case's own equations
/// independently of how the solver represents them.
struct PandapipesPhysics {
  double temperature_K = 288.15;
  double norm_density_kg_per_m3 = 0.0;   ///< the pandapipes fluid's rho_n (not GasLib's)
  double norm_pressure_Pa = 101325.0;
  double norm_temperature_K = 273.15;
  double viscosity_Pa_s = 0.0;
  double z_offset = 1.0;
  double z_slope_per_Pa = 0.0;
  double gravity_m_per_s2 = 9.81;
  bool colebrook = false;                ///< else pandapipes' "nikuradse"
};

/// One case file as read (before it becomes ReferenceCases).
struct PandapipesCase {
  std::string name;                      ///< file stem, e.g. "GasLib-582_cr1.1"
  std::string default_friction;          ///< model.friction_model
  double compressor_ratio = 1.0;
  /// GasLib's norm density that converted the nominations to kg/s (gas.rho_n_gaslib).
  double gaslib_norm_density = 0.0;
  std::string slack_node;
  double slack_pressure_Pa = 0.0;
  PandapipesPhysics physics;
  Network network;
  std::vector<double> injection_kg_per_s;  ///< per node; 0 at the slack
  /// Per arc: the loss coefficient zeta (0 for everything but resistor pipes).
  std::vector<double> loss_coefficient;
  /// Per arc: the compressor ratio (1 for non-compressors).
  std::vector<double> pressure_ratio;
  std::vector<std::string> removed_edges;
  std::vector<std::string> disconnected_nodes;
};

/// Reads cases/NAME.json. Every problem found goes to *diag (file:line, element, rule);
/// returns non-OK when any error was found.
Status ReadPandapipesCaseFile(const std::string& path, PandapipesCase* out, Diagnostics* diag);

/// Reads a results pair (nodes.csv / edges.csv) into absolute pressures (Pa) keyed by node
/// id and mass flows (kg/s, from -> to) keyed by edge id.
Status ReadPandapipesResults(const std::string& nodes_csv, const std::string& edges_csv,
                             std::unordered_map<std::string, double>* pressure_Pa,
                             std::unordered_map<std::string, double>* flow_kg_per_s,
                             Diagnostics* diag);

/// Turns a case into a ReferenceCase for one friction law ("nikuradse" or "colebrook"):
/// network, injections, slack, options with the case's physics and the README tolerances
/// (Nikuradse 1e-4 bar / 1e-4 kg/s, Colebrook 2e-4 bar / 0.02 kg/s).
Status MakePandapipesReference(const PandapipesCase& pc, const std::string& friction,
                               ReferenceCase* out);
/// Same, moving the network and injections out of `pc` instead of copying them (what a
/// one-shot load wants: copying GasLib-4197's case took 0.5 ms).
Status MakePandapipesReference(PandapipesCase&& pc, const std::string& friction,
                               ReferenceCase* out);

/// Loads every case under `pandapipes_dir` (cases/*.json) with each of its results pairs
/// in results/. Cases are sorted by name; a case without results yields one
/// ReferenceCase with empty expected maps. With a `filter`, only the files of cases whose
/// name ("pandapipes/NAME/FRICTION", or FRICTION@TAG, see LoadReferenceCases) can contain
/// it are read.
Status LoadPandapipesCases(const std::string& pandapipes_dir, std::vector<ReferenceCase>* out,
                           Diagnostics* diag, const std::string& filter = "");

/// Recovers the pandapipes physics a ReferenceCase was built with (false when `rc` is not a
/// pandapipes case). Used by the residual check.
bool PandapipesPhysicsOf(const ReferenceCase& rc, PandapipesPhysics* physics,
                         std::vector<double>* loss_coefficient);

}  // namespace corridor::reference
