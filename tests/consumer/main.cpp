// Reads a GasLib network given on the command line through the installed library.
#include <cstdio>

#include <corridor/io.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  corridor::Network net;
  corridor::Diagnostics diag;
  corridor::Status s = corridor::ReadGasLibNetwork(argv[1], &net, &diag);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n%s", s.ToString().c_str(), diag.ToString().c_str());
    return 1;
  }
  std::printf("nodes=%zu arcs=%zu\n", net.nodes.size(), net.arcs.size());
  return net.nodes.empty() ? 1 : 0;
}
