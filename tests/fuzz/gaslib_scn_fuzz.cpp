// Fuzz entry point: GasLib .scn (ReadGasLibNominationFromString). A nomination that reads
// goes through WriteGasLibNomination and back: the same nomination, doubles within 1e-14
// relative (tests/formats/roundtrip_test.cpp).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& text) {
  CheckRoundTrip(
      text, "ReadGasLibNominationFromString", "WriteGasLibNomination", "nomination", ".scn",
      [](const std::string& t, const std::string& f, GasCase* c, Diagnostics* d) {
        c->nomination.emplace();
        return ReadGasLibNominationFromString(t, f, &*c->nomination, d);
      },
      [](const GasCase& c) { return WriteGasLibNomination(*c.nomination); }, 1e-14);
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
