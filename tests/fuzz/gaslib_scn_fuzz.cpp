// Fuzz entry point: GasLib .scn (ReadGasLibNominationFromString). A nomination that reads
// goes through WriteGasLibNomination and back: the same nomination, doubles within 1e-14
// relative (tests/formats/roundtrip_test.cpp).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"
#include "io/model_compare.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& xml) {
  GasCase a;
  a.nomination.emplace();
  Diagnostics d;
  const Status s = Guard("ReadGasLibNominationFromString", [&] {
    return ReadGasLibNominationFromString(xml, "fuzz.scn", &*a.nomination, &d);
  });
  CheckStatus("ReadGasLibNominationFromString", "fuzz.scn", s, d);
  if (!s.ok()) return;

  const std::string again =
      Guard("WriteGasLibNomination", [&] { return WriteGasLibNomination(*a.nomination); });
  GasCase b;
  b.nomination.emplace();
  Diagnostics d2;
  const Status s2 = Guard("ReadGasLibNominationFromString (written)", [&] {
    return ReadGasLibNominationFromString(again, "written.scn", &*b.nomination, &d2);
  });
  CheckStatus("ReadGasLibNominationFromString (written)", "written.scn", s2, d2);
  if (!s2.ok())
    Fail(fmt::format("the written nomination does not read back: {}\n{}\nwritten text:\n{}",
                     s2.ToString(), d2.ToString(), again));
  const auto diff = Guard("CompareCases", [&] { return io::CompareCases(a, b, 10, 1e-14); });
  if (!diff.empty())
    Fail(fmt::format("the nomination changed through WriteGasLibNomination:\n{}", JoinLines(diff)));
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
