// Fuzz entry point: GasLib .cs (ReadGasLibCompressorStationsFromString). Station data that
// reads goes through WriteGasLibCompressorStations and back: the same data, doubles within
// 1e-14 relative (tests/formats/roundtrip_test.cpp).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"
#include "io/model_compare.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& xml) {
  GasCase a;
  a.stations.emplace();
  Diagnostics d;
  const Status s = Guard("ReadGasLibCompressorStationsFromString", [&] {
    return ReadGasLibCompressorStationsFromString(xml, "fuzz.cs", &*a.stations, &d);
  });
  CheckStatus("ReadGasLibCompressorStationsFromString", "fuzz.cs", s, d);
  if (!s.ok()) return;

  const std::string again = Guard("WriteGasLibCompressorStations",
                                  [&] { return WriteGasLibCompressorStations(*a.stations); });
  GasCase b;
  b.stations.emplace();
  Diagnostics d2;
  const Status s2 = Guard("ReadGasLibCompressorStationsFromString (written)", [&] {
    return ReadGasLibCompressorStationsFromString(again, "written.cs", &*b.stations, &d2);
  });
  CheckStatus("ReadGasLibCompressorStationsFromString (written)", "written.cs", s2, d2);
  if (!s2.ok())
    Fail(fmt::format("the written .cs does not read back: {}\n{}\nwritten text:\n{}",
                     s2.ToString(), d2.ToString(), again));
  const auto diff = Guard("CompareCases", [&] { return io::CompareCases(a, b, 10, 1e-14); });
  if (!diff.empty())
    Fail(fmt::format("the .cs data changed through WriteGasLibCompressorStations:\n{}",
                     JoinLines(diff)));
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
