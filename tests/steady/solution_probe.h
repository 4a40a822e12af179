// Reading a steady solution in tests: a node's pressure and an arc's flow by id, and the
// worst node balance recomputed from the solution alone.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "corridor/network.h"
#include "corridor/steady.h"

namespace corridor::test {

inline double P(const Network& n, const SteadySolution& s, const char* id) {
  return s.pressure_Pa[*n.FindNode(id)];
}
inline double Q(const Network& n, const SteadySolution& s, const char* id) {
  return s.mass_flow_kg_per_s[*n.FindArc(id)];
}
// Injection + inflow - outflow at every node; the largest magnitude.
inline double MaxImbalance(const Network& n, const SteadySolution& s) {
  std::vector<double> b = s.injection_kg_per_s;
  for (std::size_t i = 0; i < n.arcs.size(); ++i) {
    b[n.arcs[i].from_index] -= s.mass_flow_kg_per_s[i];
    b[n.arcs[i].to_index] += s.mass_flow_kg_per_s[i];
  }
  double m = 0.0;
  for (double x : b) m = std::max(m, std::abs(x));
  return m;
}

}  // namespace corridor::test
