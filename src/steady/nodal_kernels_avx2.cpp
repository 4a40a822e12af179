// AVX2 + FMA kernels of NodalCholesky (nodal_kernels.h). This file alone is compiled with
// -mavx2 -mfma (src/steady/sources.cmake), and NodalCholesky enters it only after checking
// the processor. Against the one-definition trap (an inline or template function compiled
// here with AVX2 instructions being the copy the linker keeps for the baseline callers),
// it includes nothing but its own header (plain declarations) and <immintrin.h> (whose
// intrinsics are always inlined, never emitted), uses no std:: or Eigen function, and
// every helper (templates included) is in an anonymous namespace: the only symbols it
// defines are the entry points of nodal_kernels.h.
#include "steady/nodal_kernels.h"

#include <immintrin.h>

namespace corridor::steady_internal::nodal_avx2 {

namespace {

// The first m lanes (m <= 0: none, m >= 4: all).
__m256i Mask(int m) {
  return _mm256_set_epi64x(m > 3 ? -1 : 0, m > 2 ? -1 : 0, m > 1 ? -1 : 0, m > 0 ? -1 : 0);
}

// The first m (> 0) entries at p: whole vectors unmasked (a masked store is slow on some
// processors), the tail masked.
__m256d Load(const double* p, int m) {
  return m >= 4 ? _mm256_loadu_pd(p) : _mm256_maskload_pd(p, Mask(m));
}
void Store(double* p, int m, __m256d v) {
  if (m >= 4) {
    _mm256_storeu_pd(p, v);
  } else {
    _mm256_maskstore_pd(p, Mask(m), v);
  }
}

double Sum(__m256d v) {
  const __m128d h = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(h, _mm_unpackhi_pd(h, h)));
}

// col[r .. r + 8) -= (lo, hi) where contiguous, else entry by entry from row `from` of the
// tile on (rows through rel, or themselves).
void Subtract(double* col, const int* rel, int i0, int ib, int from, bool contiguous,
              __m256d lo, __m256d hi) {
  if (contiguous) {
    double* c = col + (rel != nullptr ? rel[i0] : i0);
    _mm256_storeu_pd(c, _mm256_sub_pd(_mm256_loadu_pd(c), lo));
    _mm256_storeu_pd(c + 4, _mm256_sub_pd(_mm256_loadu_pd(c + 4), hi));
    return;
  }
  alignas(32) double v[8];
  _mm256_store_pd(v, lo);
  _mm256_store_pd(v + 4, hi);
  for (int q = from; q < ib; ++q) col[rel != nullptr ? rel[i0 + q] : i0 + q] -= v[q];
}

}  // namespace

// 8 x 4 tiles of the product, accumulated in registers over p and subtracted from their
// place: no update matrix in memory. Rows i < j of the diagonal tiles are skipped.
void Update(const double* a, long lda, int k, int n1, int n2, const int* rel, double* t,
            long ldt) {
  for (int j0 = 0; j0 < n1; j0 += 4) {
    const int jb = n1 - j0 < 4 ? n1 - j0 : 4;
    // Columns past n1 repeat the last one (computed, never stored).
    const int j1 = jb > 1 ? j0 + 1 : j0, j2 = jb > 2 ? j0 + 2 : j1, j3 = jb > 3 ? j0 + 3 : j2;
    for (int i0 = j0; i0 < n2; i0 += 8) {
      const int ib = n2 - i0 < 8 ? n2 - i0 : 8;
      __m256d c0 = _mm256_setzero_pd(), c1 = c0, c2 = c0, c3 = c0;  // rows i0 .. i0 + 4
      __m256d d0 = c0, d1 = c0, d2 = c0, d3 = c0;                   // rows i0 + 4 .. i0 + 8
      const double* ap = a + i0;
      const double* bp = a;
      // One step of p: the tile's rows (x: the first four, y: the next) times its columns.
      auto step = [&](__m256d x, __m256d y) {
        __m256d b = _mm256_broadcast_sd(bp + j0);
        c0 = _mm256_fmadd_pd(x, b, c0);
        d0 = _mm256_fmadd_pd(y, b, d0);
        b = _mm256_broadcast_sd(bp + j1);
        c1 = _mm256_fmadd_pd(x, b, c1);
        d1 = _mm256_fmadd_pd(y, b, d1);
        b = _mm256_broadcast_sd(bp + j2);
        c2 = _mm256_fmadd_pd(x, b, c2);
        d2 = _mm256_fmadd_pd(y, b, d2);
        b = _mm256_broadcast_sd(bp + j3);
        c3 = _mm256_fmadd_pd(x, b, c3);
        d3 = _mm256_fmadd_pd(y, b, d3);
      };
      if (ib == 8) {  // full tiles without masks in the inner loop
        for (int p = 0; p < k; ++p, ap += lda, bp += lda)
          step(_mm256_loadu_pd(ap), _mm256_loadu_pd(ap + 4));
      } else {
        const __m256i m0 = Mask(ib), m1 = Mask(ib - 4);
        for (int p = 0; p < k; ++p, ap += lda, bp += lda)
          step(_mm256_maskload_pd(ap, m0), _mm256_maskload_pd(ap + 4, m1));
      }
      const bool dense = ib == 8 && (rel == nullptr || rel[i0 + 7] - rel[i0] == 7);
      const __m256d lo[4] = {c0, c1, c2, c3}, hi[4] = {d0, d1, d2, d3};
      for (int q = 0; q < jb; ++q) {
        const int j = j0 + q;
        double* col = t + (rel != nullptr ? rel[j] : j) * ldt;
        const int from = j > i0 ? j - i0 : 0;  // first row of the tile on or below j
        Subtract(col, rel, i0, ib, from, dense && from == 0, lo[q], hi[q]);
      }
    }
  }
}

// Left-looking by blocks of four columns: each block takes the update of the columns
// before it (Update, rows mapping to themselves), factors its 4 x 4 diagonal block and
// solves the rows below against it, four rows per vector.
bool Panel(double* l, long ld, int nrow, int ncol) {
  for (int j0 = 0; j0 < ncol; j0 += 4) {
    const int jb = ncol - j0 < 4 ? ncol - j0 : 4;
    double* blk = l + j0 + j0 * ld;  // entry (j0, j0)
    if (j0 > 0) Update(l + j0, ld, j0, jb, nrow - j0, nullptr, blk, ld);
    double inv[4] = {0.0, 0.0, 0.0, 0.0};
    for (int c = 0; c < jb; ++c) {
      double* col = blk + c * ld;
      for (int q = 0; q < c; ++q) {
        const double f = blk[q * ld + c];
        for (int i = c; i < jb; ++i) col[i] -= f * blk[q * ld + i];
      }
      const double piv = col[c];
      if (!(piv > 0.0 && piv < __builtin_inf())) return false;
      const double dj = _mm_cvtsd_f64(_mm_sqrt_pd(_mm_set_sd(piv)));
      col[c] = dj;
      inv[c] = 1.0 / dj;
      for (int i = c + 1; i < jb; ++i) col[i] *= inv[c];
    }
    // Rows below: x_c := (x_c - sum_{q < c} x_q L(c, q)) / L(c, c), c < jb.
    const int m = nrow - j0 - jb;
    double* x = blk + jb;
    const __m256d i0 = _mm256_set1_pd(inv[0]), i1 = _mm256_set1_pd(inv[1]);
    const __m256d i2 = _mm256_set1_pd(inv[2]), i3 = _mm256_set1_pd(inv[3]);
    const __m256d l10 = _mm256_set1_pd(jb > 1 ? blk[1] : 0.0);
    const __m256d l20 = _mm256_set1_pd(jb > 2 ? blk[2] : 0.0);
    const __m256d l30 = _mm256_set1_pd(jb > 3 ? blk[3] : 0.0);
    const __m256d l21 = _mm256_set1_pd(jb > 2 ? blk[ld + 2] : 0.0);
    const __m256d l31 = _mm256_set1_pd(jb > 3 ? blk[ld + 3] : 0.0);
    const __m256d l32 = _mm256_set1_pd(jb > 3 ? blk[2 * ld + 3] : 0.0);
    for (int i = 0; i < m; i += 4) {
      const int mi = m - i;
      double* r = x + i;
      const __m256d x0 = _mm256_mul_pd(Load(r, mi), i0);
      Store(r, mi, x0);
      if (jb < 2) continue;
      const __m256d x1 = _mm256_mul_pd(_mm256_fnmadd_pd(x0, l10, Load(r + ld, mi)), i1);
      Store(r + ld, mi, x1);
      if (jb < 3) continue;
      const __m256d x2 = _mm256_mul_pd(
          _mm256_fnmadd_pd(x1, l21, _mm256_fnmadd_pd(x0, l20, Load(r + 2 * ld, mi))), i2);
      Store(r + 2 * ld, mi, x2);
      if (jb < 4) continue;
      const __m256d x3 = _mm256_fnmadd_pd(
          x2, l32, _mm256_fnmadd_pd(x1, l31, _mm256_fnmadd_pd(x0, l30, Load(r + 3 * ld, mi))));
      Store(r + 3 * ld, mi, _mm256_mul_pd(x3, i3));
    }
  }
  return true;
}

namespace {

// The factor's entries as doubles, from double or float storage (the first m > 0).
__m256d LoadL(const double* p, int m) { return Load(p, m); }
__m256d LoadL(const float* p, int m) {
  if (m >= 4) return _mm256_cvtps_pd(_mm_loadu_ps(p));
  const __m128i mk = _mm_set_epi32(m > 3 ? -1 : 0, m > 2 ? -1 : 0, m > 1 ? -1 : 0, m > 0 ? -1 : 0);
  return _mm256_cvtps_pd(_mm_maskload_ps(p, mk));
}

// Column by column in storage order, as the baseline loops (the solves stream the factor
// from memory: a second pass over a supernode's columns, or columns out of order, cost
// more than the arithmetic saved). The rows below go through the dense t. A template of
// this file's own namespace: each instance has internal linkage.
template <class T>
void ForwardT(const T* l, int nrow, int ncol, int k1, const int* rows, double* y, double* t) {
  double* yk = y + k1;
  const int below = nrow - ncol;
  for (int j = 0; j < ncol; ++j) {
    const T* col = l + static_cast<long>(j) * nrow;
    const double v = yk[j] / static_cast<double>(col[j]);
    yk[j] = v;
    for (int i = j + 1; i < ncol; ++i) yk[i] -= static_cast<double>(col[i]) * v;
    const T* cb = col + ncol;
    const __m256d vv = _mm256_set1_pd(v);
    for (int i = 0; i < below; i += 4) {
      const int m = below - i;
      const __m256d c = LoadL(cb + i, m);
      Store(t + i, m, j == 0 ? _mm256_mul_pd(c, vv) : _mm256_fmadd_pd(c, vv, Load(t + i, m)));
    }
  }
  for (int i = 0; i < below; ++i) y[rows[i]] -= t[i];
}

template <class T>
void BackwardT(const T* l, int nrow, int ncol, int k1, const int* rows, double* y, double* t) {
  double* yk = y + k1;
  const int below = nrow - ncol;
  for (int i = 0; i < below; ++i) t[i] = y[rows[i]];
  for (int j = ncol - 1; j >= 0; --j) {
    const T* col = l + static_cast<long>(j) * nrow;
    const T* cb = col + ncol;
    __m256d s0 = _mm256_setzero_pd(), s1 = s0;  // two sums: the add chain bounds one
    int i = 0;
    for (; i + 8 <= below; i += 8) {
      s0 = _mm256_fmadd_pd(LoadL(cb + i, 4), _mm256_loadu_pd(t + i), s0);
      s1 = _mm256_fmadd_pd(LoadL(cb + i + 4, 4), _mm256_loadu_pd(t + i + 4), s1);
    }
    for (; i < below; i += 4)
      s0 = _mm256_fmadd_pd(LoadL(cb + i, below - i), Load(t + i, below - i), s0);
    double v = yk[j] - Sum(_mm256_add_pd(s0, s1));
    for (int q = j + 1; q < ncol; ++q) v -= static_cast<double>(col[q]) * yk[q];
    yk[j] = v / static_cast<double>(col[j]);
  }
}

}  // namespace

bool ToSingle(const double* x, long n, float* xf) {
  const __m256d zero = _mm256_setzero_pd(), sign = _mm256_set1_pd(-0.0);
  const __m256d lo = _mm256_set1_pd(1.17549435082228750797e-38);  // FLT_MIN
  const __m256d hi = _mm256_set1_pd(3.40282346638528859812e+38);  // FLT_MAX
  __m256d bad = zero;
  long i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d v = _mm256_loadu_pd(x + i), a = _mm256_andnot_pd(sign, v);
    const __m256d tiny =
        _mm256_and_pd(_mm256_cmp_pd(a, zero, _CMP_NEQ_OQ), _mm256_cmp_pd(a, lo, _CMP_LT_OQ));
    bad = _mm256_or_pd(bad, _mm256_or_pd(tiny, _mm256_cmp_pd(a, hi, _CMP_NLE_UQ)));
    _mm_storeu_ps(xf + i, _mm256_cvtpd_ps(v));
  }
  bool ok = _mm256_movemask_pd(bad) == 0;
  for (; i < n; ++i) {
    const double a = x[i] < 0.0 ? -x[i] : x[i];
    ok &= (a == 0.0 || a >= 1.17549435082228750797e-38) && a <= 3.40282346638528859812e+38;
    xf[i] = static_cast<float>(x[i]);
  }
  return ok;
}

void Forward(const double* l, int nrow, int ncol, int k1, const int* rows, double* y,
             double* t) {
  ForwardT(l, nrow, ncol, k1, rows, y, t);
}
void Backward(const double* l, int nrow, int ncol, int k1, const int* rows, double* y,
              double* t) {
  BackwardT(l, nrow, ncol, k1, rows, y, t);
}
void Forward(const float* l, int nrow, int ncol, int k1, const int* rows, double* y,
             double* t) {
  ForwardT(l, nrow, ncol, k1, rows, y, t);
}
void Backward(const float* l, int nrow, int ncol, int k1, const int* rows, double* y,
              double* t) {
  BackwardT(l, nrow, ncol, k1, rows, y, t);
}

}  // namespace corridor::steady_internal::nodal_avx2
