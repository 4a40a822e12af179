// Fuzz entry point: GasLib .net (ReadGasLibNetworkFromString). A network that reads is
// written with WriteGasLibNetwork and read again: the model must be the same, doubles
// within 1e-14 relative (what tests/formats/roundtrip_test.cpp allows for the XML trip).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"
#include "io/model_compare.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& xml) {
  GasCase a;
  Diagnostics d;
  const Status s = Guard("ReadGasLibNetworkFromString", [&] {
    return ReadGasLibNetworkFromString(xml, "fuzz.net", &a.network, &d);
  });
  CheckStatus("ReadGasLibNetworkFromString", "fuzz.net", s, d);
  if (!s.ok()) return;

  const std::string again =
      Guard("WriteGasLibNetwork", [&] { return WriteGasLibNetwork(a.network); });
  GasCase b;
  Diagnostics d2;
  const Status s2 = Guard("ReadGasLibNetworkFromString (written)", [&] {
    return ReadGasLibNetworkFromString(again, "written.net", &b.network, &d2);
  });
  CheckStatus("ReadGasLibNetworkFromString (written)", "written.net", s2, d2);
  if (!s2.ok())
    Fail(fmt::format("the written network does not read back: {}\n{}\nwritten text:\n{}",
                     s2.ToString(), d2.ToString(), again));
  const auto diff = Guard("CompareCases", [&] { return io::CompareCases(a, b, 10, 1e-14); });
  if (!diff.empty())
    Fail(fmt::format("the network changed through WriteGasLibNetwork:\n{}", JoinLines(diff)));
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
