// Two-way parallelism for the passes over large systems (the 200 x 200 lattice's 80 000
// pipes, its Cholesky factor's lanes): OpenMP where the build has it (GCC's libgomp), else
// one after the other. Callers split their work into two fixed parts that write disjoint
// data, so that the answers do not depend on whether two threads ran.
#pragma once

#include <cstddef>
#include <exception>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace corridor::steady_internal {

// Runs f(0) and f(1): on two threads where `parallel` holds, OpenMP is built in and
// omp_get_max_threads() allows two (OMP_NUM_THREADS=1 does not; nor does a call from
// inside the caller's own parallel region, whose team is then one thread), else one after
// the other on this thread, part `first` first (a part that waits for the other's progress
// must come second). Part 0 runs on the calling thread, whose allocations come from
// glibc's main arena (a worker's arena gave the 200 x 200 lattice's setup 8 000 more page
// faults a solve). An exception from either part (none may leave a parallel region) is
// caught there and rethrown here, part 0's first, after both have ended.
template <class F>
void RunTwo(bool parallel, const F& f, int first = 0) {
  std::exception_ptr error[2];
  auto run = [&](int h) {
    try {
      f(h);
    } catch (...) {
      error[h] = std::current_exception();
    }
  };
  bool in_turn = true;  // both parts still to run, one after the other on this thread
#if defined(_OPENMP)
  if (parallel && omp_get_max_threads() >= 2) {
    in_turn = false;
#pragma omp parallel num_threads(2)
    {
      if (omp_get_num_threads() == 2) {
        run(omp_get_thread_num());
      } else {
        run(first);
        run(1 - first);
      }
    }
  }
#else
  (void)parallel;
#endif
  if (in_turn) {
    run(first);
    run(1 - first);
  }
  for (const std::exception_ptr& e : error)
    if (e) std::rethrow_exception(e);
}

// Whether the caller runs on RunTwo's second thread (false where both parts run on one):
// for work worth doing only on the thread that does a later part too.
inline bool OnSecondThread() {
#if defined(_OPENMP)
  return omp_get_num_threads() == 2 && omp_get_thread_num() == 1;
#else
  return false;
#endif
}

// RunTwo over the two halves of [0, n): f(h, begin, end) for h = 0, 1.
template <class F>
void RunHalves(bool parallel, std::size_t n, const F& f) {
  RunTwo(parallel, [&](int h) { f(h, h == 0 ? 0 : n / 2, h == 0 ? n / 2 : n); });
}

}  // namespace corridor::steady_internal
