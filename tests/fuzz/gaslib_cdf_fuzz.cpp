// Fuzz entry point: GasLib .cdf (ReadGasLibCombinedDecisionsFromString). Decisions that
// read go through WriteGasLibCombinedDecisions and back: the same decisions
// (tests/formats/roundtrip_test.cpp).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"
#include "io/model_compare.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& xml) {
  GasCase a;
  a.decisions.emplace();
  Diagnostics d;
  const Status s = Guard("ReadGasLibCombinedDecisionsFromString", [&] {
    return ReadGasLibCombinedDecisionsFromString(xml, "fuzz.cdf", &*a.decisions, &d);
  });
  CheckStatus("ReadGasLibCombinedDecisionsFromString", "fuzz.cdf", s, d);
  if (!s.ok()) return;

  const std::string again = Guard("WriteGasLibCombinedDecisions",
                                  [&] { return WriteGasLibCombinedDecisions(*a.decisions); });
  GasCase b;
  b.decisions.emplace();
  Diagnostics d2;
  const Status s2 = Guard("ReadGasLibCombinedDecisionsFromString (written)", [&] {
    return ReadGasLibCombinedDecisionsFromString(again, "written.cdf", &*b.decisions, &d2);
  });
  CheckStatus("ReadGasLibCombinedDecisionsFromString (written)", "written.cdf", s2, d2);
  if (!s2.ok())
    Fail(fmt::format("the written .cdf does not read back: {}\n{}\nwritten text:\n{}",
                     s2.ToString(), d2.ToString(), again));
  const auto diff = Guard("CompareCases", [&] { return io::CompareCases(a, b, 10, 1e-14); });
  if (!diff.empty())
    Fail(fmt::format("the decisions changed through WriteGasLibCombinedDecisions:\n{}",
                     JoinLines(diff)));
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
