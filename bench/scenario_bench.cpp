// The main job: every scenario of the bundled corridor case (data/corridor) with its
// headroom searches, as `corridor` runs it without arguments. Issue 5 asked for it in
// under 2 s from a fresh build; measured here, never asserted. Run by hand:
//   build/bench/scenario_bench --benchmark_min_time=2
// Counters: solves (steady solves of one run) and the time per solve. `headroom:0` is the
// scenarios' own states alone (verdicts, limits, tracking).
#include <chrono>
#include <string>

#include <benchmark/benchmark.h>

#include "corridor/scenario.h"

namespace {

using namespace corridor;

void BM_CorridorMainJob(benchmark::State& state) {
  ScenarioOptions o;
  o.data_dir = std::string(CORRIDOR_SOURCE_DIR) + "/data/corridor";
  o.headroom = state.range(0) != 0;
  int solves = 0;
  double seconds = 0.0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    CorridorReport r;
    Diagnostics d;
    if (!RunCorridorScenarios(o, &r, &d).ok()) return state.SkipWithError("the run failed");
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    solves = r.solves;
    benchmark::DoNotOptimize(r);
  }
  state.counters["solves"] = solves;
  // The run's time over its steady solves (the policy's and the checks' work included).
  state.counters["us_per_solve"] =
      solves > 0 ? seconds * 1e6 / (static_cast<double>(solves) * state.iterations()) : 0.0;
}
BENCHMARK(BM_CorridorMainJob)
    ->ArgName("headroom")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
