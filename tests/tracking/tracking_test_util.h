// Small hand-made networks for the tracking tests.
#pragma once

#include <string>
#include <vector>

#include "corridor/network.h"

namespace corridor::test {

inline SourceGas MakeGas(double rho, double cv_J_m3, double M_kg_mol) {
  SourceGas g;
  g.norm_density_kg_per_m3 = rho;
  g.calorific_value_J_per_m3 = cv_J_m3;
  g.molar_mass_kg_per_mol = M_kg_mol;
  g.pseudocritical_pressure_Pa = 46e5;
  g.pseudocritical_temperature_K = 190.0;
  return g;
}

class NetBuilder {
 public:
  NetBuilder& Source(const std::string& id, const SourceGas& g) {
    Node n;
    n.id = id;
    n.kind = NodeKind::kSource;
    n.gas = g;
    net.nodes.push_back(n);
    return *this;
  }
  NetBuilder& Sink(const std::string& id) { return Add(id, NodeKind::kSink); }
  NetBuilder& Inner(const std::string& id) { return Add(id, NodeKind::kInnode); }
  NetBuilder& Pipe(const std::string& id, const std::string& from, const std::string& to,
                   double length_m = 1000.0) {
    return Link(id, ArcKind::kPipe, from, to, length_m);
  }
  NetBuilder& Compressor(const std::string& id, const std::string& from, const std::string& to,
                         const std::string& fuel_vertex = "") {
    Link(id, ArcKind::kCompressorStation, from, to, 0.0);
    net.arcs.back().compressor.fuel_gas_vertex = fuel_vertex;
    return *this;
  }
  Network Build() {
    net.BuildIndex();
    return net;
  }
  Network net;

 private:
  NetBuilder& Add(const std::string& id, NodeKind k) {
    Node n;
    n.id = id;
    n.kind = k;
    net.nodes.push_back(n);
    return *this;
  }
  NetBuilder& Link(const std::string& id, ArcKind k, const std::string& from,
                   const std::string& to, double len) {
    Arc a;
    a.id = id;
    a.kind = k;
    a.from = from;
    a.to = to;
    a.pipe.length_m = len;
    a.pipe.diameter_m = 0.5;
    net.arcs.push_back(a);
    return *this;
  }
};

}  // namespace corridor::test
