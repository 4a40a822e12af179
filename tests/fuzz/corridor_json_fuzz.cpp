// Fuzz entry point: corridor JSON (ReadCorridorJsonFromString, docs/json-format.md). A case
// that reads goes through WriteCorridorJson and back: the same case, bit for bit
// (tests/formats/roundtrip_test.cpp compares the JSON trip exactly).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& text) {
  CheckRoundTrip(
      text, "ReadCorridorJsonFromString", "WriteCorridorJson", "case", ".json",
      [](const std::string& t, const std::string& f, GasCase* c, Diagnostics* d) {
        return ReadCorridorJsonFromString(t, f, c, d);
      },
      [](const GasCase& c) { return WriteCorridorJson(c); }, 0.0);
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
