// Dense kernels of NodalCholesky's supernodal factorization and triangular solves, built for
// AVX2 + FMA (nodal_kernels_avx2.cpp, compiled with -mavx2 -mfma) and called only where the
// processor has both (NodalCholesky checks at run time). Column-major panels throughout.
//
// No inline function and no template may be shared with the rest of the library: one
// compiled there for AVX2 could be the copy the linker keeps for baseline callers. This
// header therefore declares plain functions only and includes nothing.
#pragma once

namespace corridor::steady_internal::nodal_avx2 {

// t[rel[i] + rel[j] ldt] -= sum_p a[i + p lda] a[j + p lda] for 0 <= j < n1, j <= i < n2,
// 0 <= p < k: the lower part of a descendant's update, scattered into an ancestor. rel ==
// nullptr: rows map to themselves. rel is strictly increasing.
void Update(const double* a, long lda, int k, int n1, int n2, const int* rel, double* t,
            long ldt);

// l (nrow x ncol, leading dimension ld) := its Cholesky panel: the top ncol x ncol block
// factored LL^T (lower), the rows below times that factor's inverse transposed. False
// where a pivot is not positive and finite.
bool Panel(double* l, long ld, int nrow, int ncol);

// One supernode (columns k1 .. k1 + ncol, rows k1 .. and rows[0 .. nrow - ncol) below) of
// the forward solve L z = y and of the backward solve L^T z = y, in place on y (factor
// order). t: nrow - ncol scratch.
void Forward(const double* l, int nrow, int ncol, int k1, const int* rows, double* y,
             double* t);
void Backward(const double* l, int nrow, int ncol, int k1, const int* rows, double* y,
              double* t);
// The same with the factor stored in single precision (arithmetic in double).
void Forward(const float* l, int nrow, int ncol, int k1, const int* rows, double* y,
             double* t);
void Backward(const float* l, int nrow, int ncol, int k1, const int* rows, double* y,
              double* t);

// xf[0 .. n) := x rounded to single precision; false where an entry is not zero and not
// a normal float (too small, too large, not finite).
bool ToSingle(const double* x, long n, float* xf);

}  // namespace corridor::steady_internal::nodal_avx2
