// Fuzz entry point: GasLib .cdf (ReadGasLibCombinedDecisionsFromString). Decisions that
// read go through WriteGasLibCombinedDecisions and back: the same decisions
// (tests/formats/roundtrip_test.cpp).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& text) {
  CheckRoundTrip(
      text, "ReadGasLibCombinedDecisionsFromString", "WriteGasLibCombinedDecisions", "decisions", ".cdf",
      [](const std::string& t, const std::string& f, GasCase* c, Diagnostics* d) {
        c->decisions.emplace();
        return ReadGasLibCombinedDecisionsFromString(t, f, &*c->decisions, d);
      },
      [](const GasCase& c) { return WriteGasLibCombinedDecisions(*c.decisions); }, 1e-14);
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
