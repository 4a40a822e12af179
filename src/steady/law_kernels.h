// The solver's element laws for four arcs at a time, built for AVX2 (law_kernels_avx2.cpp,
// compiled with -mavx2 and without floating-point contraction) and called only where the
// processor has it (the solver checks at run time; elsewhere a stub that does nothing).
//
// Like nodal_kernels.h: plain functions only and no include, so that nothing compiled for
// AVX2 can be the copy of an inline function the linker keeps for baseline callers.
#pragma once

namespace corridor::steady_internal::law_avx2 {

// The pandapipes pipe law of physics::PreparedPipeResidual (the folded constants c_lin,
// c_sq, z0, z1, height; not the standard law) for the arcs j < m rounded down to a
// multiple of 4, which it returns. Arc j: pressures pf = vf[j] >= 0 ? x[vf[j]] : pfc[j]
// and likewise pt, flow q[j]; writes f[j] = r and out[4 j .. 4 j + 4) = r, dr/dpf, dr/dpt,
// dr/dq (physics::Residual's layout) for every arc, meaningful where on[j] (the caller
// evaluates the others itself, after this). The same operations in the same order as the
// scalar law: the same results, bit for bit, as its baseline build. *finite: false where
// the r of an arc with on[j] is not finite. eps2: the flow regularization squared.
int PandapipesLaw(int m, const unsigned char* on, const int* vf, const int* vt,
                  const double* pfc, const double* ptc, const double* c_lin,
                  const double* c_sq, const double* z0, const double* z1,
                  const double* height, double eps2, const double* x, const double* q,
                  double* f, double* out, bool* finite);

}  // namespace corridor::steady_internal::law_avx2
