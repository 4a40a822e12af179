// Fuzz entry point: GasLib .cs (ReadGasLibCompressorStationsFromString). Station data that
// reads goes through WriteGasLibCompressorStations and back: the same data, doubles within
// 1e-14 relative (tests/formats/roundtrip_test.cpp).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& text) {
  CheckRoundTrip(
      text, "ReadGasLibCompressorStationsFromString", "WriteGasLibCompressorStations", ".cs data", ".cs",
      [](const std::string& t, const std::string& f, GasCase* c, Diagnostics* d) {
        c->stations.emplace();
        return ReadGasLibCompressorStationsFromString(t, f, &*c->stations, d);
      },
      [](const GasCase& c) { return WriteGasLibCompressorStations(*c.stations); }, 1e-14);
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
