// Fuzz entry point: the hydro inflow CSV reader (ParseHydroInflow) against the bundled Araz
// case (data/araz/case.json, read once). No writer exists; an accepted file must have the
// shape hydro.h promises: columns that name reservoirs of the case, 12 values each (month)
// or N values with N a positive multiple of 365 (day), every value finite and >= 0.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "corridor/hydro.h"
#include "fuzz/fuzz_check.h"

namespace corridor::fuzz {
namespace {

const HydroCase& ArazCase() {
  static const HydroCase c = [] {
    HydroCase out;
    Diagnostics d;
    const std::string path = std::string(CORRIDOR_SOURCE_DIR) + "/data/araz/case.json";
    const Status s = ReadHydroCase(path, &out, &d);
    if (!s.ok()) Fail(fmt::format("cannot read {}: {}\n{}", path, s.ToString(), d.ToString()));
    return out;
  }();
  return c;
}

void Run(const std::string& text) {
  const HydroCase& hc = ArazCase();
  HydroInflow in;
  Diagnostics d;
  const Status s = Guard("ParseHydroInflow",
                         [&] { return ParseHydroInflow(text, "fuzz.csv", hc, &in, &d); });
  CheckStatus("ParseHydroInflow", "fuzz.csv", s, d);
  if (!s.ok()) return;
  if (in.values.size() != in.reservoir_ids.size())
    Fail(fmt::format("{} columns of values for {} reservoir ids", in.values.size(),
                     in.reservoir_ids.size()));
  for (std::size_t c = 0; c < in.values.size(); ++c) {
    bool known = false;
    for (const HydroReservoir& r : hc.reservoirs) known = known || r.id == in.reservoir_ids[c];
    if (!known) Fail(fmt::format("accepted column '{}' is no reservoir", in.reservoir_ids[c]));
    const std::size_t n = in.values[c].size();
    const bool shape = in.kind == HydroInflow::Kind::kMonthly ? n == 12 : n > 0 && n % 365 == 0;
    if (!shape)
      Fail(fmt::format("accepted {} column '{}' has {} values",
                       in.kind == HydroInflow::Kind::kMonthly ? "monthly" : "daily",
                       in.reservoir_ids[c], n));
    for (double v : in.values[c])
      if (!std::isfinite(v) || v < 0.0)
        Fail(fmt::format("accepted column '{}' holds {}", in.reservoir_ids[c], v));
  }
}

}  // namespace
}  // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::Run(corridor::fuzz::AsText(data, size));
  return 0;
}
