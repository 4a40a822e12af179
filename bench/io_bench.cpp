// Reading and validating GasLib-4197 (3 MB .net + .scn + .cs + .cdf). Target: well under
// 100 ms on one core for the whole case (issue 2); and reading its pandapipes reference
// case (issue 3's end-to-end figures). Run by hand:
//   build/bench/io_bench --benchmark_min_time=0.5
// Each phase is measured on its own too, so that the .net/.scn path is timed even when
// the .cs reader is not built.
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "corridor/file.h"
#include "corridor/io.h"
#include "corridor/validate.h"
#include "reference/pandapipes.h"

namespace {

using namespace corridor;

std::string Dir() { return std::string(CORRIDOR_SHARED_DIR) + "/data/gaslib/GasLib-4197/"; }
std::string Net() { return Dir() + "GasLib-4197.net"; }
std::string Scn() { return Dir() + "nomination_mild_0006.scn"; }
std::string Cs() { return Dir() + "GasLib-4197.cs"; }
std::string Cdf() { return Dir() + "GasLib-4197.cdf"; }

bool HaveData(benchmark::State& state) {
  if (std::filesystem::exists(Net())) return true;
  state.SkipWithError("shared GasLib-4197 data not found");
  return false;
}

void BM_ReadNet4197_FromMemory(benchmark::State& state) {
  if (!HaveData(state)) return;
  std::string text;
  if (!ReadFileToString(Net(), &text).ok()) return state.SkipWithError("read failed");
  for (auto _ : state) {
    Diagnostics d;
    Network n;
    Status s = ReadGasLibNetworkFromString(text, Net(), &n, &d);
    if (!s.ok()) return state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(n.nodes.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReadNet4197_FromMemory)->Unit(benchmark::kMillisecond);

void BM_ReadScn4197(benchmark::State& state) {
  if (!HaveData(state)) return;
  for (auto _ : state) {
    Diagnostics d;
    Nomination n;
    Status s = ReadGasLibNomination(Scn(), &n, &d);
    if (!s.ok()) return state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(n.nodes.data());
  }
}
BENCHMARK(BM_ReadScn4197)->Unit(benchmark::kMillisecond);

void BM_Validate4197(benchmark::State& state) {
  if (!HaveData(state)) return;
  Diagnostics d;
  GasCase c;
  if (!LoadCase({Net(), Scn()}, &c, &d).ok()) return state.SkipWithError("load failed");
  for (auto _ : state) {
    Diagnostics vd;
    ValidationSummary s;
    (void)ValidateCase(c, ValidateOptions(), &s, &vd);
    benchmark::DoNotOptimize(s.usable);
  }
}
BENCHMARK(BM_Validate4197)->Unit(benchmark::kMillisecond);

/// .net + .scn from disk, then validation: the path that needs only this module.
void BM_LoadAndValidate4197_NetScn(benchmark::State& state) {
  if (!HaveData(state)) return;
  for (auto _ : state) {
    Diagnostics d;
    GasCase c;
    Status st = LoadCase({Net(), Scn()}, &c, &d);
    if (!st.ok()) return state.SkipWithError(st.ToString().c_str());
    ValidationSummary s;
    (void)ValidateCase(c, ValidateOptions(), &s, &d);
    if (!s.usable) return state.SkipWithError("GasLib-4197 not usable");
  }
}
BENCHMARK(BM_LoadAndValidate4197_NetScn)->Unit(benchmark::kMillisecond);

/// The whole case: .net + .scn + .cs + .cdf from disk, then validation.
void BM_LoadAndValidate4197_Full(benchmark::State& state) {
  if (!HaveData(state)) return;
  for (auto _ : state) {
    Diagnostics d;
    GasCase c;
    Status st = LoadCase({Net(), Scn(), Cs(), Cdf()}, &c, &d);
    if (!st.ok()) return state.SkipWithError(st.ToString().c_str());
    ValidationSummary s;
    (void)ValidateCase(c, ValidateOptions(), &s, &d);
    if (!s.usable) return state.SkipWithError("GasLib-4197 not usable");
  }
}
BENCHMARK(BM_LoadAndValidate4197_Full)->Unit(benchmark::kMillisecond);

/// GasLib-4197 (.net + .scn + .cs + .cdf) as corridor JSON, read from memory: the reader
/// locates the line of every element and of each of its values' members.
void BM_ReadCorridorJson4197(benchmark::State& state) {
  if (!HaveData(state)) return;
  Diagnostics ld;
  GasCase c;
  if (!LoadCase({Net(), Scn(), Cs(), Cdf()}, &c, &ld).ok())
    return state.SkipWithError("load failed");
  const std::string text = WriteCorridorJson(c);
  for (auto _ : state) {
    Diagnostics d;
    GasCase r;
    Status s = ReadCorridorJsonFromString(text, "GasLib-4197.json", &r, &d);
    if (!s.ok()) return state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(r.network.nodes.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReadCorridorJson4197)->Unit(benchmark::kMillisecond);

/// The pandapipes reference case of GasLib-4197 (2 MB of JSON): what BM_EndToEnd in
/// steady_bench reads before it solves.
void BM_ReadPandapipesCase4197(benchmark::State& state) {
  const std::string path =
      std::string(CORRIDOR_SHARED_DIR) + "/data/reference/pandapipes/cases/GasLib-4197.json";
  if (!std::filesystem::exists(path)) return state.SkipWithError("pandapipes case not found");
  for (auto _ : state) {
    Diagnostics d;
    reference::PandapipesCase pc;
    Status s = reference::ReadPandapipesCaseFile(path, &pc, &d);
    if (!s.ok()) return state.SkipWithError(s.ToString().c_str());
    benchmark::DoNotOptimize(pc.network.arcs.data());
  }
}
BENCHMARK(BM_ReadPandapipesCase4197)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
