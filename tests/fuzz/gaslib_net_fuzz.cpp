// Fuzz entry point: GasLib .net (ReadGasLibNetworkFromString). A network that reads is
// written with WriteGasLibNetwork and read again: the model must be the same, doubles
// within 1e-14 relative (what tests/formats/roundtrip_test.cpp allows for the XML trip).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& text) {
  CheckRoundTrip(
      text, "ReadGasLibNetworkFromString", "WriteGasLibNetwork", "network", ".net",
      [](const std::string& t, const std::string& f, GasCase* c, Diagnostics* d) {
        return ReadGasLibNetworkFromString(t, f, &c->network, d);
      },
      [](const GasCase& c) { return WriteGasLibNetwork(c.network); }, 1e-14);
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
