// AVX2 element laws (law_kernels.h). Built with -mavx2 and -ffp-contract=off: every
// product and sum rounds on its own, as in the baseline build of the scalar law, so the
// solver's answers do not depend on which path ran. Includes only its own header and the
// intrinsics (see law_kernels.h).
#include "steady/law_kernels.h"

#include <immintrin.h>

namespace corridor::steady_internal::law_avx2 {

int PandapipesLaw(int m, const unsigned char* on, const int* vf, const int* vt,
                  const double* pfc, const double* ptc, const double* c_lin,
                  const double* c_sq, const double* z0, const double* z1,
                  const double* height, double eps2, const double* x, const double* q,
                  double* f, double* out, bool* finite) {
  const __m256d one = _mm256_set1_pd(1.0), minus_one = _mm256_set1_pd(-1.0),
                two = _mm256_set1_pd(2.0), two_thirds = _mm256_set1_pd(2.0 / 3.0),
                zero = _mm256_setzero_pd(), sign = _mm256_set1_pd(-0.0),
                e2 = _mm256_set1_pd(eps2);
  const __m128i none = _mm_set1_epi32(-1);
  __m256d bad = zero;  // lanes of arcs with on[j] whose r is not finite
  const int m4 = m & ~3;
  for (int j = 0; j < m4; j += 4) {
    // Pressures: the unknown where there is one, else the reference's constant.
    const __m128i jf = _mm_loadu_si128(reinterpret_cast<const __m128i*>(vf + j));
    const __m128i jt = _mm_loadu_si128(reinterpret_cast<const __m128i*>(vt + j));
    const __m256d hf = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(jf, none)));
    const __m256d ht = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(jt, none)));
    const __m256d pf = _mm256_mask_i32gather_pd(_mm256_loadu_pd(pfc + j), x, jf, hf, 8);
    const __m256d pt = _mm256_mask_i32gather_pd(_mm256_loadu_pd(ptc + j), x, jt, ht, 8);
    const __m256d qj = _mm256_loadu_pd(q + j);
    const __m256d cl = _mm256_loadu_pd(c_lin + j), cs = _mm256_loadu_pd(c_sq + j);
    const __m256d a0 = _mm256_loadu_pd(z0 + j), a1 = _mm256_loadu_pd(z1 + j);
    const __m256d h = _mm256_loadu_pd(height + j);

    const __m256d qq = _mm256_mul_pd(qj, qj);
    const __m256d sq = _mm256_sqrt_pd(_mm256_add_pd(qq, e2));
    const __m256d fr =
        _mm256_add_pd(_mm256_mul_pd(cl, qj), _mm256_mul_pd(cs, _mm256_mul_pd(qj, sq)));
    const __m256d dfr =
        _mm256_add_pd(cl, _mm256_mul_pd(cs, _mm256_add_pd(sq, _mm256_div_pd(qq, sq))));
    const __m256d s = _mm256_add_pd(pf, pt);
    const __m256d inv_s = _mm256_div_pd(one, s);
    const __m256d n = _mm256_add_pd(
        _mm256_add_pd(_mm256_mul_pd(pf, pf), _mm256_mul_pd(pf, pt)), _mm256_mul_pd(pt, pt));
    const __m256d z = _mm256_add_pd(
        a0, _mm256_mul_pd(a1, _mm256_mul_pd(_mm256_mul_pd(two_thirds, n), inv_s)));
    const __m256d loss = _mm256_mul_pd(_mm256_mul_pd(z, fr), inv_s);
    const __m256d g = _mm256_mul_pd(
        _mm256_mul_pd(
            _mm256_mul_pd(_mm256_mul_pd(_mm256_mul_pd(a1, fr), inv_s), two_thirds), inv_s),
        inv_s);
    const __m256d li = _mm256_mul_pd(loss, inv_s);
    __m256d r = _mm256_sub_pd(_mm256_sub_pd(pf, pt), loss);
    const __m256d wf =
        _mm256_sub_pd(_mm256_mul_pd(_mm256_add_pd(_mm256_mul_pd(two, pf), pt), s), n);
    const __m256d wt =
        _mm256_sub_pd(_mm256_mul_pd(_mm256_add_pd(_mm256_mul_pd(two, pt), pf), s), n);
    __m256d dpf = _mm256_add_pd(_mm256_sub_pd(one, _mm256_mul_pd(g, wf)), li);
    __m256d dpt = _mm256_add_pd(_mm256_sub_pd(minus_one, _mm256_mul_pd(g, wt)), li);
    const __m256d dq = _mm256_mul_pd(_mm256_mul_pd(_mm256_xor_pd(z, sign), dfr), inv_s);
    // The height term where there is one, added as the scalar law adds it.
    const __m256d with_h = _mm256_cmp_pd(h, zero, _CMP_NEQ_UQ);
    if (_mm256_movemask_pd(with_h) != 0) {
      const __m256d izf = _mm256_div_pd(one, _mm256_add_pd(a0, _mm256_mul_pd(a1, pf)));
      const __m256d izt = _mm256_div_pd(one, _mm256_add_pd(a0, _mm256_mul_pd(a1, pt)));
      const __m256d hz = _mm256_mul_pd(h, a0);
      const __m256d rh = _mm256_add_pd(
          r, _mm256_mul_pd(h, _mm256_add_pd(_mm256_mul_pd(pf, izf), _mm256_mul_pd(pt, izt))));
      const __m256d dpfh = _mm256_add_pd(dpf, _mm256_mul_pd(_mm256_mul_pd(hz, izf), izf));
      const __m256d dpth = _mm256_add_pd(dpt, _mm256_mul_pd(_mm256_mul_pd(hz, izt), izt));
      r = _mm256_blendv_pd(r, rh, with_h);
      dpf = _mm256_blendv_pd(dpf, dpfh, with_h);
      dpt = _mm256_blendv_pd(dpt, dpth, with_h);
    }
    // r - r is 0 where r is finite, NaN elsewhere; only the lanes with on[j] count.
    int on4;
    __builtin_memcpy(&on4, on + j, 4);
    const __m256d lane_on = _mm256_castsi256_pd(_mm256_cvtepi8_epi64(
        _mm_cmpgt_epi8(_mm_cvtsi32_si128(on4), _mm_setzero_si128())));
    bad = _mm256_or_pd(
        bad, _mm256_and_pd(lane_on, _mm256_cmp_pd(_mm256_sub_pd(r, r), zero, _CMP_NEQ_UQ)));
    _mm256_storeu_pd(f + j, r);
    // Out: four (r, dr/dpf, dr/dpt, dr/dq) rows, one per arc, contiguous.
    const __m256d t0 = _mm256_unpacklo_pd(r, dpf), t1 = _mm256_unpackhi_pd(r, dpf);
    const __m256d t2 = _mm256_unpacklo_pd(dpt, dq), t3 = _mm256_unpackhi_pd(dpt, dq);
    double* o = out + 4L * j;
    _mm256_storeu_pd(o, _mm256_permute2f128_pd(t0, t2, 0x20));
    _mm256_storeu_pd(o + 4, _mm256_permute2f128_pd(t1, t3, 0x20));
    _mm256_storeu_pd(o + 8, _mm256_permute2f128_pd(t0, t2, 0x31));
    _mm256_storeu_pd(o + 12, _mm256_permute2f128_pd(t1, t3, 0x31));
  }
  *finite = _mm256_movemask_pd(bad) == 0;
  return m4;
}

}  // namespace corridor::steady_internal::law_avx2
