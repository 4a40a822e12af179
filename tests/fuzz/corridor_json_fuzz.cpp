// Fuzz entry point: corridor JSON (ReadCorridorJsonFromString, docs/json-format.md). A case
// that reads goes through WriteCorridorJson and back: the same case, bit for bit
// (tests/formats/roundtrip_test.cpp compares the JSON trip exactly).
#include <cstddef>
#include <cstdint>

#include "corridor/io.h"
#include "fuzz/fuzz_check.h"
#include "io/model_compare.h"

namespace corridor::fuzz {
namespace {

void Run(const std::string& text) {
  GasCase a;
  Diagnostics d;
  const Status s = Guard("ReadCorridorJsonFromString", [&] {
    return ReadCorridorJsonFromString(text, "fuzz.json", &a, &d);
  });
  CheckStatus("ReadCorridorJsonFromString", "fuzz.json", s, d);
  if (!s.ok()) return;

  const std::string again = Guard("WriteCorridorJson", [&] { return WriteCorridorJson(a); });
  GasCase b;
  Diagnostics d2;
  const Status s2 = Guard("ReadCorridorJsonFromString (written)", [&] {
    return ReadCorridorJsonFromString(again, "written.json", &b, &d2);
  });
  CheckStatus("ReadCorridorJsonFromString (written)", "written.json", s2, d2);
  if (!s2.ok())
    Fail(fmt::format("the written JSON does not read back: {}\n{}\nwritten text:\n{}",
                     s2.ToString(), d2.ToString(), again));
  const auto diff = Guard("CompareCases", [&] { return io::CompareCases(a, b, 10); });
  if (!diff.empty())
    Fail(fmt::format("the case changed through WriteCorridorJson:\n{}", JoinLines(diff)));
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
