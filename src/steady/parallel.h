// Two-way parallelism for the passes over large systems (the 200 x 200 lattice's 80 000
// pipes, its Cholesky factor's lanes): OpenMP where the build has it (GCC's libgomp), else
// one after the other. Callers split their work into two fixed parts that write disjoint
// data, so that the answers do not depend on whether two threads ran.
#pragma once

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace corridor::steady_internal {

// Runs f(0) and f(1): on two threads where `parallel` holds, OpenMP is built in and
// omp_get_max_threads() allows two (OMP_NUM_THREADS=1 does not; nor does a call from
// inside the caller's own parallel region, whose team is then one thread), else one after
// the other on this thread. f must not throw.
template <class F>
void RunTwo(bool parallel, const F& f) {
#if defined(_OPENMP)
  if (parallel && omp_get_max_threads() >= 2) {
#pragma omp parallel num_threads(2)
    {
      if (omp_get_num_threads() == 2) {
        f(omp_get_thread_num());
      } else {
        f(0);
        f(1);
      }
    }
    return;
  }
#endif
  f(0);
  f(1);
}

}  // namespace corridor::steady_internal
