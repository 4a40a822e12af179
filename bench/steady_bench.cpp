// Steady-state benchmarks (issue 3): the pandapipes GasLib-134, 582 and 4197 cases and the
// synthetic 200 x 200 lattice, with the physics of the pandapipes figures they are compared
// with (docs/benchmarks.md):
//   BM_Solve/<case>        SolveSteady alone (network and options already in memory);
//                          counters: Newton iterations, time per iteration.
//   BM_SolveOneThread/GasLib-4197  the same with SteadyOptions::threads = 1 (the
//                          instruction counts of callgrind's one-thread measurement).
//   BM_Refactor/<case>     one KLU numeric refactorization of a node-arc Jacobian with the
//                          dimensions and pattern of the full system (the floor of an
//                          iteration of the former node-arc solver): p at every non-slack
//                          node group, q on every arc that is not an ideal connection,
//                          values from the converged state.
//   BM_RefactorNodal/<case>  the same for the Schur complement on the pressures, close to the
//                          nodal system the solver now factors (which keeps the compressors'
//                          flows and refactors with its own pass on KLU's pivots, or with
//                          Eigen's SparseLU on the lattice: docs/benchmarks.md).
//   BM_RefactorNodalCholesky/lattice  the same matrix factored by the solver's Cholesky
//                          path for pressure-only systems (steady/nodal_factor.h), two
//                          lanes on two threads; counters: its analysis' time (after
//                          KLU's AMD), the lanes' and the top's shares of the work.
//   BM_NodalCholeskySolve/lattice  one refined solve with that factor (Newton's tolerance);
//                          counter: refinement steps. Both also /one_thread, and
//                          /baseline: without the AVX2 + FMA kernels, one thread.
//   BM_EndToEnd/<case>     reading the case file(s) + building the model + solving;
//                          GasLib-4197 reports the process' peak resident memory.
//   BM_SolveWorkspace/<case> SolveSteady repeated with one SteadyWorkspace (analysis reused).
//   BM_SimulateGasLib/...  SimulateSteady alone, default settings, the case read once.
//   BM_EndToEndGasLib/...  LoadCase(.net, .scn) + SimulateSteady with default settings.
// Run: build/bench/steady_bench --benchmark_min_time=2 (Google Benchmark 1.7 syntax).
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include <benchmark/benchmark.h>
#include <suitesparse/klu.h>

#include "corridor/io.h"
#include "corridor/reference.h"
#include "corridor/steady.h"
#include "corridor/units.h"
#include "reference/lattice.h"
#include "reference/pandapipes.h"
#include "steady/nodal_factor.h"

namespace {

using namespace corridor;

std::string CasePath(const std::string& name) {
  return std::string(CORRIDOR_SHARED_DIR) + "/data/reference/pandapipes/cases/" + name + ".json";
}

// Loads a pandapipes case (Nikuradse, as in pandapipes' timing) or builds the lattice.
bool LoadCase(const std::string& name, ReferenceCase* rc, benchmark::State& state) {
  if (name == "lattice") {
    Status s = reference::MakeLatticeCase(reference::LatticeOptions(), rc);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    return s.ok();
  }
  reference::PandapipesCase pc;
  Diagnostics diag;
  Status s = reference::ReadPandapipesCaseFile(CasePath(name), &pc, &diag);
  if (s.ok()) s = reference::MakePandapipesReference(std::move(pc), "nikuradse", rc);
  if (!s.ok()) state.SkipWithError((s.ToString() + " (shared data missing?)").c_str());
  return s.ok();
}

// The process's minor page faults so far (memory touched for the first time). Per
// iteration a counter: arrays faulted in anew by every solve cost about 2.4 us a 4 KiB
// page, which no instruction count shows (docs/benchmarks.md: the lattice went from 61 to
// 81 ms that way, unseen for two days).
double MinorFaults() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_minflt);
}

// Faults per iteration since `before` (the first iteration's first touches included).
double FaultsPerIteration(const benchmark::State& state, double before) {
  return (MinorFaults() - before) /
         static_cast<double>(std::max<benchmark::IterationCount>(1, state.iterations()));
}

// Runs solve(&sol, &sum) once per benchmark iteration, stops at a verdict other than
// converged, and reports the last solve's own timers.
template <class SolveFn>
void TimeSolves(benchmark::State& state, SolveFn solve) {
  SteadySolution sol;
  SteadySummary sum;
  const double faults = MinorFaults();
  for (auto _ : state) {
    Status s = solve(&sol, &sum);
    if (!s.ok() || sum.verdict != Verdict::kConverged) {
      state.SkipWithError(("not converged: " + s.ToString() + " " + sum.reason).c_str());
      return;
    }
    benchmark::DoNotOptimize(sol.pressure_Pa.data());
  }
  state.counters["iterations"] = sum.iterations;
  state.counters["setup_ms"] = 1e3 * sum.setup_seconds;
  state.counters["newton_ms"] = 1e3 * sum.solve_seconds;
  state.counters["ms_per_iteration"] =
      sum.iterations > 0 ? 1e3 * sum.solve_seconds / sum.iterations : 0.0;
  state.counters["faults"] = FaultsPerIteration(state, faults);
}

void BM_Solve(benchmark::State& state, const std::string& name, int threads) {
  ReferenceCase rc;
  if (!LoadCase(name, &rc, state)) return;
  rc.options.threads = threads;
  TimeSolves(state, [&](SteadySolution* sol, SteadySummary* sum) {
    return SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, sol, sum);
  });
  state.counters["nodes"] = static_cast<double>(rc.network.nodes.size());
  state.counters["arcs"] = static_cast<double>(rc.network.arcs.size());
}

// The same, every solve after the first reusing the analysis kept in one SteadyWorkspace
// (the ordering, the symbolic factorization, the last pivot order): repeated solves of one
// network, as in a scenario sweep or a search.
void BM_SolveWorkspace(benchmark::State& state, const std::string& name) {
  ReferenceCase rc;
  if (!LoadCase(name, &rc, state)) return;
  SteadyWorkspace ws;
  rc.options.workspace = &ws;
  TimeSolves(state, [&](SteadySolution* sol, SteadySummary* sum) {
    return SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, sol, sum);
  });
  state.counters["analyses"] = ws.analyses();
}

// --- the refactorization floor ---------------------------------------------------------

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int Find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

// The node-arc Jacobian of the solved state in compressed-column form. Ideal arcs (valves,
// lossless zero-length pipes) merge their end nodes; the slack group has no unknown.
// Entries: d(balance of group)/dq = -+1; d(arc law)/dp_from, dp_to, dq by central
// differences of the pandapipes law (reference/pandapipes.h); compressors p_to - r p_from.
struct Jacobian {
  int n = 0;
  std::vector<int> ap, ai;
  std::vector<double> ax;
};

// nodal = true: the Schur complement after eliminating the flows (the matrix of a nodal /
// Global Gradient formulation, p unknowns only), S = sum over arcs of the 2 x 2 blocks
// -+(dr/dp_from, dr/dp_to)/(dr/dq); compressors (dr/dq = 0) enter with the pattern of a pipe.
bool BuildJacobian(const ReferenceCase& rc, const SteadySolution& sol, bool nodal, Jacobian* jac) {
  const Network& net = rc.network;
  const std::size_t nn = net.nodes.size();
  UnionFind uf(nn);
  std::vector<bool> active(net.arcs.size(), false);
  for (std::size_t a = 0; a < net.arcs.size(); ++a) {
    const Arc& arc = net.arcs[a];
    const bool ideal =
        arc.kind == ArcKind::kValve ||
        (arc.kind == ArcKind::kPipe && arc.pipe.length_m == 0.0 &&
         rc.options.pipe_loss_coefficient.count(arc.id) == 0);
    if (ideal) {
      int x = uf.Find(static_cast<int>(arc.from_index)), y = uf.Find(static_cast<int>(arc.to_index));
      if (x != y) uf.parent[std::max(x, y)] = std::min(x, y);
    } else {
      active[a] = true;
    }
  }
  const int slack_group = uf.Find(static_cast<int>(*net.FindNode(rc.options.slacks[0].node_id)));
  std::vector<int> pvar(nn, -1);
  int n = 0;
  for (std::size_t i = 0; i < nn; ++i) {
    const int g = uf.Find(static_cast<int>(i));
    if (g == slack_group || pvar[g] >= 0) continue;
    pvar[g] = n++;
  }
  std::vector<int> qvar(net.arcs.size(), -1);
  const int np = n;
  for (std::size_t a = 0; a < net.arcs.size(); ++a)
    if (active[a]) qvar[a] = n++;
  if (nodal) n = np;
  // Triplets (row, col, value); rows: balance rows = group pvar index, arc rows = qvar.
  std::vector<std::array<double, 3>> t;
  reference::PandapipesPhysics ph;
  std::vector<double> zeta;
  if (!reference::PandapipesPhysicsOf(rc, &ph, &zeta)) return false;
  // The pandapipes law as a function of (p_i, p_j, m).
  auto law = [&](std::size_t a, double pi, double pj, double m) {
    const Arc& arc = net.arcs[a];
    const double D = arc.pipe.diameter_m, L = arc.pipe.length_m, A = units::kPi * D * D / 4;
    auto z = [&](double x) { return ph.z_offset + ph.z_slope_per_Pa * x; };
    auto rho = [&](double x) {
      return ph.norm_density_kg_per_m3 * ph.norm_temperature_K * x /
             (ph.temperature_K * ph.norm_pressure_Pa * z(x));
    };
    const double pm = pi == pj ? pi : 2.0 / 3.0 * (pi * pi * pi - pj * pj * pj) / (pi * pi - pj * pj);
    const double re = std::abs(m) * D / (ph.viscosity_Pa_s * A);
    const double lambda = L > 0 ? (re > 1e-12 ? 64.0 / re : 0.0) +
                                      1.0 / std::pow(2.0 * std::log10(D / arc.pipe.roughness_m) + 1.14, 2)
                                : 0.0;
    const double c = ph.norm_pressure_Pa * ph.temperature_K * z(pm) /
                     (ph.norm_temperature_K * ph.norm_density_kg_per_m3 * A * A);
    const double dh = net.nodes[arc.from_index].height_m - net.nodes[arc.to_index].height_m;
    return pi - pj + 0.5 * (rho(pi) + rho(pj)) * ph.gravity_m_per_s2 * dh -
           c * (lambda * L / D + zeta[a]) * m * std::abs(m) / (pi + pj);
  };
  for (std::size_t a = 0; a < net.arcs.size(); ++a) {
    if (!active[a]) continue;
    const Arc& arc = net.arcs[a];
    const int row = qvar[a];
    const int gf = uf.Find(static_cast<int>(arc.from_index)), gt = uf.Find(static_cast<int>(arc.to_index));
    if (!nodal) {
      if (pvar[gf] >= 0) t.push_back({double(pvar[gf]), double(row), -1.0});
      if (pvar[gt] >= 0) t.push_back({double(pvar[gt]), double(row), 1.0});
    }
    const double pi = sol.pressure_Pa[arc.from_index], pj = sol.pressure_Pa[arc.to_index];
    const double m = sol.mass_flow_kg_per_s[a];
    double dpi, dpj, dm;
    if (arc.kind == ArcKind::kCompressorStation) {
      double r = 1.0;
      for (const ElementSetting& s : rc.options.settings)
        if (s.arc_id == arc.id) r = s.value;
      dpi = -r, dpj = 1.0, dm = 0.0;
    } else {
      const double hp = 1e-3 * pi, hq = std::max(1e-6, 1e-4 * std::abs(m));
      dpi = (law(a, pi + hp, pj, m) - law(a, pi - hp, pj, m)) / (2 * hp);
      dpj = (law(a, pi, pj + hp, m) - law(a, pi, pj - hp, m)) / (2 * hp);
      dm = (law(a, pi, pj, m + hq) - law(a, pi, pj, m - hq)) / (2 * hq);
    }
    if (nodal) {
      if (dm == 0.0) dpi = 1.0, dpj = -1.0, dm = -1.0;
      const int vf = pvar[gf], vt = pvar[gt];
      if (vf >= 0) t.push_back({double(vf), double(vf), dpi / dm});
      if (vf >= 0 && vt >= 0) t.push_back({double(vf), double(vt), dpj / dm});
      if (vt >= 0 && vf >= 0) t.push_back({double(vt), double(vf), -dpi / dm});
      if (vt >= 0) t.push_back({double(vt), double(vt), -dpj / dm});
      continue;
    }
    if (pvar[gf] >= 0) t.push_back({double(row), double(pvar[gf]), dpi});
    if (pvar[gt] >= 0) t.push_back({double(row), double(pvar[gt]), dpj});
    t.push_back({double(row), double(row), dm == 0.0 ? 1e-12 : dm});
  }
  // Compress by column (duplicates summed).
  std::sort(t.begin(), t.end(), [](const auto& x, const auto& y) {
    return x[1] != y[1] ? x[1] < y[1] : x[0] < y[0];
  });
  jac->n = n;
  jac->ap.assign(n + 1, 0);
  jac->ai.clear();
  jac->ax.clear();
  int last_r = -1, last_c = -1;
  for (const auto& e : t) {
    const int r = static_cast<int>(e[0]), c = static_cast<int>(e[1]);
    if (r == last_r && c == last_c) {
      jac->ax.back() += e[2];
      continue;
    }
    jac->ai.push_back(r);
    jac->ax.push_back(e[2]);
    jac->ap[c + 1] = static_cast<int>(jac->ai.size());
    last_r = r;
    last_c = c;
  }
  for (int c = 0; c < n; ++c) jac->ap[c + 1] = std::max(jac->ap[c + 1], jac->ap[c]);
  return true;
}

// The converged state of the last case solved for BM_Refactor, so that the node-arc and the
// nodal variant share one solve (the lattice takes seconds). A benchmark program's cache.
struct SolvedCase {
  std::string name;
  ReferenceCase rc;
  SteadySolution sol;
};

// Cholesky modes (nodal only): the solver's Cholesky path for pressure-only systems
// (steady/nodal_factor.h) in KLU's AMD order instead of klu_refactor, timing its numeric
// factorization (counter: the analysis' time) or one refined solve to Newton's tolerance
// (counter: its refinement steps), with the vector kernels where the processor has them
// or the baseline ones.
enum class Mode { kKlu, kCholFactor, kCholSolve };

void BM_Refactor(benchmark::State& state, const std::string& name, bool nodal, Mode mode,
                 bool baseline, int threads) {
  static SolvedCase cache;
  if (cache.name != name) {
    cache = SolvedCase();
    if (!LoadCase(name, &cache.rc, state)) return;
    SteadySummary sum;
    Status s = SolveSteady(cache.rc.network, cache.rc.injection_kg_per_s, cache.rc.options,
                           &cache.sol, &sum);
    if (!s.ok() || sum.verdict != Verdict::kConverged) {
      state.SkipWithError("not converged");
      return;
    }
    cache.name = name;
  }
  const ReferenceCase& rc = cache.rc;
  const SteadySolution& sol = cache.sol;
  Jacobian jac;
  if (!BuildJacobian(rc, sol, nodal, &jac)) {
    state.SkipWithError("not a pandapipes case");
    return;
  }
  klu_common common;
  klu_defaults(&common);
  common.btf = 0;  // as the solver (src/steady/steady_solver.cpp, struct Klu)
  klu_symbolic* sym = klu_analyze(jac.n, jac.ap.data(), jac.ai.data(), &common);
  klu_numeric* num = sym ? klu_factor(jac.ap.data(), jac.ai.data(), jac.ax.data(), sym, &common)
                         : nullptr;
  if (num == nullptr) {
    if (sym) klu_free_symbolic(&sym, &common);
    state.SkipWithError("KLU could not factor the reconstructed Jacobian");
    return;
  }
  if (mode != Mode::kKlu) {
    steady_internal::NodalCholesky chol;
    chol.UseVectorKernels(!baseline);
    chol.SetThreads(threads);
    const auto ta = std::chrono::steady_clock::now();
    const bool analyzed = chol.Analyze(jac.n, jac.ap, jac.ai, sym->Q);
    state.counters["analyze_ms"] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ta).count();
    // The estimated split of the factorization's work: two lanes side by side, then the top.
    state.counters["lane0_share"] = chol.LaneShare(0);
    state.counters["lane1_share"] = chol.LaneShare(1);
    state.counters["top_share"] = chol.LaneShare(2);
    std::vector<double> y;
    if (!analyzed || !chol.Factor(jac.ax)) {
      state.SkipWithError("the Cholesky path does not apply");
    } else if (mode == Mode::kCholFactor) {
      for (auto _ : state) {
        chol.Factor(jac.ax);
        benchmark::ClobberMemory();
      }
    } else {
      bool solved = true;
      for (auto _ : state) {
        y.assign(jac.n, 1.0);
        solved &= chol.Solve(&y, 1e-8);  // NodalLu::Solve's tolerance for a Newton step
        benchmark::DoNotOptimize(y.data());
      }
      state.counters["refinements"] = solved ? chol.LastRefinements() : -1;
    }
  } else {
    for (auto _ : state) {
      klu_refactor(jac.ap.data(), jac.ai.data(), jac.ax.data(), sym, num, &common);
      benchmark::ClobberMemory();
    }
  }
  state.counters["unknowns"] = jac.n;
  state.counters["nonzeros"] = static_cast<double>(jac.ai.size());
  state.counters["lu_nonzeros"] = static_cast<double>(num->lnz + num->unz);
  klu_free_numeric(&num, &common);
  klu_free_symbolic(&sym, &common);
}

double PeakRssMiB() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux: KiB
}

void BM_EndToEnd(benchmark::State& state, const std::string& name) {
  SteadySummary sum;
  const double faults = MinorFaults();
  for (auto _ : state) {
    ReferenceCase rc;
    if (!LoadCase(name, &rc, state)) return;
    SteadySolution sol;
    Status s = SolveSteady(rc.network, rc.injection_kg_per_s, rc.options, &sol, &sum);
    if (!s.ok() || sum.verdict != Verdict::kConverged) {
      state.SkipWithError("not converged");
      return;
    }
    benchmark::DoNotOptimize(sol.pressure_Pa.data());
  }
  state.counters["iterations"] = sum.iterations;
  state.counters["peak_rss_MiB"] = PeakRssMiB();
  state.counters["faults"] = FaultsPerIteration(state, faults);
}

// A GasLib case (net, scn relative to the shared GasLib folder); false after reporting.
bool LoadGasLibCase(benchmark::State& state, const std::string& net, const std::string& scn,
                    GasCase* c) {
  const std::string dir = std::string(CORRIDOR_SHARED_DIR) + "/data/gaslib/";
  Diagnostics diag;
  Status s = corridor::LoadCase({dir + net, dir + scn}, c, &diag);
  if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  return s.ok();
}

void BM_EndToEndGasLib(benchmark::State& state, const std::string& net, const std::string& scn) {
  SteadySummary sum;
  for (auto _ : state) {
    GasCase c;
    if (!LoadGasLibCase(state, net, scn, &c)) return;
    SteadySolution sol;
    Status s = SimulateSteady(c, SteadyOptions(), &sol, &sum);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(sol.pressure_Pa.data());
  }
  state.counters["iterations"] = sum.iterations;
  state.counters["converged"] = sum.verdict == Verdict::kConverged ? 1 : 0;
  state.counters["peak_rss_MiB"] = PeakRssMiB();
}

// SimulateSteady alone on a GasLib case read once: the default physics (standard law, Papay,
// Nikuradse, height term) that `corridor simulate NET SCN` runs.
void BM_SimulateGasLib(benchmark::State& state, const std::string& net, const std::string& scn) {
  GasCase c;
  if (!LoadGasLibCase(state, net, scn, &c)) return;
  TimeSolves(state, [&](SteadySolution* sol, SteadySummary* sum) {
    return SimulateSteady(c, SteadyOptions(), sol, sum);
  });
}

void Register() {
  for (const char* name : {"GasLib-134", "GasLib-582", "GasLib-4197", "lattice"}) {
    const std::string n = name;
    // Real time: the lattice's factor runs on two threads where the machine has two
    // processors, and a benchmark's CPU time is its main thread's.
    benchmark::RegisterBenchmark(("BM_Solve/" + n).c_str(), BM_Solve, n, 0)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    if (n == "GasLib-4197")
      benchmark::RegisterBenchmark(("BM_SolveOneThread/" + n).c_str(), BM_Solve, n, 1)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_SolveWorkspace/" + n).c_str(), BM_SolveWorkspace, n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_Refactor/" + n).c_str(), BM_Refactor, n, false,
                                 Mode::kKlu, false, 1)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_RefactorNodal/" + n).c_str(), BM_Refactor, n, true,
                                 Mode::kKlu, false, 1)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_EndToEnd/" + n).c_str(), BM_EndToEnd, n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  // Two threads where there are two processors (real time: the second thread's work is not
  // in the main thread's CPU time), one thread, and the baseline kernels on one thread.
  for (const auto& [suffix, baseline, threads] :
       {std::tuple{"", false, 2}, std::tuple{"/one_thread", false, 1},
        std::tuple{"/baseline", true, 1}}) {
    benchmark::RegisterBenchmark(("BM_RefactorNodalCholesky/lattice" + std::string(suffix)).c_str(),
                                 BM_Refactor, std::string("lattice"), true, Mode::kCholFactor,
                                 baseline, threads)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("BM_NodalCholeskySolve/lattice" + std::string(suffix)).c_str(),
                                 BM_Refactor, std::string("lattice"), true, Mode::kCholSolve,
                                 baseline, threads)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  const std::array<std::array<const char*, 3>, 3> gaslib = {{
      {"GasLib-134", "GasLib-134/GasLib-134-v2.net", "GasLib-134/nominations/2011-11-01.scn"},
      {"GasLib-582", "GasLib-582/GasLib-582-v2.net", "GasLib-582/nomination_cold_5.scn"},
      {"GasLib-4197", "GasLib-4197/GasLib-4197.net", "GasLib-4197/nomination_mild_0006.scn"}}};
  for (const auto& [name, net, scn] : gaslib) {
    benchmark::RegisterBenchmark((std::string("BM_SimulateGasLib/") + name).c_str(),
                                 BM_SimulateGasLib, std::string(net), std::string(scn))
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string("BM_EndToEndGasLib/") + name).c_str(),
                                 BM_EndToEndGasLib, std::string(net), std::string(scn))
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Register();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
