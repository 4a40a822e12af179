// Reads a GasLib network given on the command line, and the installed corridor case from the
// folder the package config names (corridor_DATA_DIR), through the installed library.
#include <cstdio>
#include <string>

#include <corridor/io.h>
#include <corridor/scenario.h>
#include <corridor/version.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  // The header's version is the package's (find_package's corridor_VERSION).
  if (std::string(corridor::kVersion) != CORRIDOR_PACKAGE_VERSION) {
    std::fprintf(stderr, "version.h says %s, the package %s\n", corridor::kVersion,
                 CORRIDOR_PACKAGE_VERSION);
    return 1;
  }
  corridor::Network net;
  corridor::Diagnostics diag;
  corridor::Status s = corridor::ReadGasLibNetwork(argv[1], &net, &diag);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n%s", s.ToString().c_str(), diag.ToString().c_str());
    return 1;
  }
  std::printf("nodes=%zu arcs=%zu\n", net.nodes.size(), net.arcs.size());
  corridor::GasCase corridor_case;
  s = corridor::LoadCorridorNetwork(std::string(CORRIDOR_DATA) + "/corridor", &corridor_case,
                                    &diag);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n%s", s.ToString().c_str(), diag.ToString().c_str());
    return 1;
  }
  std::printf("corridor nodes=%zu\n", corridor_case.network.nodes.size());
  return net.nodes.empty() || corridor_case.network.nodes.empty() ? 1 : 0;
}
