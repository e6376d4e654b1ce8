// snn_lif_step_f64: the LIF step of lif.h in double, with Nengo's operations in Nengo's
// order (so a neuron integrating a whole step gets Nengo's bits) and expm1/log1p
// polynomials long enough for double precision.
#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

/// The range of the polynomials: |x| < 1/8 (libm beyond, through the scalar path).
#define LIF_RANGE 0.125

/// (expm1(x) - x) / x^2 = sum x^m / (m + 2)! to degree 9, highest first.
static const double expm1_q[] = {
  1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040,
  1.0 / 720,      1.0 / 120,     1.0 / 24,     1.0 / 6,     1.0 / 2,
};

/// (log1p(y) - y) / y^2 = sum (-1)^(m + 1) y^m / (m + 2) to degree 16, highest first.
static const double log1p_r[] = {
  -1.0 / 18, 1.0 / 17, -1.0 / 16, 1.0 / 15, -1.0 / 14, 1.0 / 13, -1.0 / 12, 1.0 / 11, -1.0 / 10,
  1.0 / 9,   -1.0 / 8, 1.0 / 7,   -1.0 / 6, 1.0 / 5,   -1.0 / 4, 1.0 / 3,   -1.0 / 2,
};

#define TERMS(c) ((int)(sizeof(c) / sizeof(c[0])))

// Each polynomial is a Horner scheme of fused multiply-adds, then `x + x * (x * P(x))`
// with the last addition fused: the rounding errors of P reach the result scaled by x,
// so it stays within 0.6 ulp (measured against Float80 series, CKernelFloat64Tests). The
// vector lanes do the same operations.

static inline double horner(const double *c, int terms, double x) {
  double p = c[0];
  for (int m = 1; m < terms; m++) p = fma(x, p, c[m]);
  return p;
}

double snn_expm1_small_f64(double x) {
  if (!(fabs(x) < LIF_RANGE)) return expm1(x);
  return fma(x, x * horner(expm1_q, TERMS(expm1_q), x), x);
}

double snn_log1p_small_f64(double y) {
  if (!(fabs(y) < LIF_RANGE)) return log1p(y);
  return fma(y, y * horner(log1p_r, TERMS(log1p_r), y), y);
}

#ifdef SNN_AVX2
static inline __m256d horner_lanes(const double *c, int terms, __m256d x) {
  __m256d p = _mm256_set1_pd(c[0]);
  for (int m = 1; m < terms; m++) p = _mm256_fmadd_pd(x, p, _mm256_set1_pd(c[m]));
  return p;
}

/// snn_expm1_small_f64's polynomial in every lane.
static inline __m256d expm1_lanes(__m256d x) {
  return _mm256_fmadd_pd(x, _mm256_mul_pd(x, horner_lanes(expm1_q, TERMS(expm1_q), x)), x);
}

/// snn_log1p_small_f64's polynomial in every lane.
static inline __m256d log1p_lanes(__m256d y) {
  return _mm256_fmadd_pd(y, _mm256_mul_pd(y, horner_lanes(log1p_r, TERMS(log1p_r), y)), y);
}

SNN_AVX512 static inline __m512d horner_lanes8(const double *c, int terms, __m512d x) {
  __m512d p = _mm512_set1_pd(c[0]);
  for (int m = 1; m < terms; m++) p = _mm512_fmadd_pd(x, p, _mm512_set1_pd(c[m]));
  return p;
}

/// snn_expm1_small_f64's polynomial in eight lanes.
SNN_AVX512 static inline __m512d expm1_lanes8(__m512d x) {
  return _mm512_fmadd_pd(x, _mm512_mul_pd(x, horner_lanes8(expm1_q, TERMS(expm1_q), x)), x);
}

/// snn_log1p_small_f64's polynomial in eight lanes.
SNN_AVX512 static inline __m512d log1p_lanes8(__m512d y) {
  return _mm512_fmadd_pd(y, _mm512_mul_pd(y, horner_lanes8(log1p_r, TERMS(log1p_r), y)), y);
}

/// The spiking lanes' indices (lanes 0..7 of `index`) compressed to the front, and eight
/// heights.
SNN_AVX512 static inline int64_t append_lanes8(
  __mmask8 spiked, __m512i index, __m512d height, int32_t *event_index, double *event_value, int64_t count) {
  __m256i packed = _mm256_maskz_compress_epi32(spiked, _mm512_castsi512_si256(index));
  _mm256_storeu_si256((__m256i *)(event_index + count), packed);
  _mm512_storeu_pd(event_value + count, height);
  return count + __builtin_popcount(spiked);
}
#endif

#define LIF_T double
#define LIF_K snn_lif_constants_f64
#define LIF_NAME(x) x##_f64
#define LIF_EXPM1 snn_expm1_small_f64
#define LIF_LOG1P snn_log1p_small_f64
// Nengo's `v -= (J - v) * expm1(-dT / tau_rc)`: two roundings.
#define LIF_INTEGRATE(v, j, factor) ((v) - ((j) - (v)) * (factor))
// Nengo's `-(v - 1) / (J - 1)`: negating v - 1 and the quotient is exact, so (1 - v) /
// (J - 1) is the same number.
#define LIF_CROSSING_ARG(v, j) ((1 - (v)) / ((j) - 1))
// Nengo's `dt + tau_rc * log1p(...)`: two roundings.
#define LIF_SPIKE_TIME(k, l) ((k)->dt + (k)->tau_rc * (l))

#define LIF_VL 4
#define LIF_V __m256d
#define LIF_V_SET1 _mm256_set1_pd
#define LIF_V_LOAD _mm256_loadu_pd
#define LIF_V_STORE _mm256_storeu_pd
#define LIF_V_ADD _mm256_add_pd
#define LIF_V_SUB _mm256_sub_pd
#define LIF_V_MUL _mm256_mul_pd
#define LIF_V_AND _mm256_and_pd
#define LIF_V_ANDNOT _mm256_andnot_pd
#define LIF_V_XOR _mm256_xor_pd
#define LIF_V_CMP _mm256_cmp_pd
#define LIF_V_BLEND _mm256_blendv_pd
#define LIF_V_MOVEMASK _mm256_movemask_pd
#define LIF_V_EXPM1 expm1_lanes
#define LIF_V_LOG1P log1p_lanes
#define LIF_V_INTEGRATE(v, j, factor) _mm256_sub_pd(v, _mm256_mul_pd(_mm256_sub_pd(j, v), factor))
#define LIF_V_CROSSING_J(j, one) _mm256_sub_pd(j, one)
#define LIF_V_CROSSING_ARG(v, j_minus_1, one, sign) _mm256_div_pd(_mm256_sub_pd(one, v), j_minus_1)
#define LIF_V_SPIKE_TIME(tau, dt, l) _mm256_add_pd(dt, _mm256_mul_pd(tau, l))
#define LIF_V_APPEND snn_append_lanes_f64

#define LIF_W __m512d
#define LIF_MASK __mmask8
#define LIF_W_SET1 _mm512_set1_pd
#define LIF_W_MASKZ_LOAD _mm512_maskz_loadu_pd
#define LIF_W_MASK_STORE _mm512_mask_storeu_pd
#define LIF_W_ADD _mm512_add_pd
#define LIF_W_SUB _mm512_sub_pd
#define LIF_W_MUL _mm512_mul_pd
#define LIF_W_XOR _mm512_xor_pd
#define LIF_W_ABS _mm512_abs_pd
#define LIF_W_CMP _mm512_cmp_pd_mask
#define LIF_W_MASK_MOV _mm512_mask_mov_pd
#define LIF_W_MASKZ_MOV _mm512_maskz_mov_pd
#define LIF_W_EXPM1 expm1_lanes8
#define LIF_W_LOG1P log1p_lanes8
#define LIF_W_INTEGRATE(v, j, factor) _mm512_sub_pd(v, _mm512_mul_pd(_mm512_sub_pd(j, v), factor))
#define LIF_W_CROSSING_J(j, one) _mm512_sub_pd(j, one)
#define LIF_W_CROSSING_ARG(v, j_minus_1, one, sign) _mm512_div_pd(_mm512_sub_pd(one, v), j_minus_1)
#define LIF_W_SPIKE_TIME(tau, dt, l) _mm512_add_pd(dt, _mm512_mul_pd(tau, l))
#define LIF_W_APPEND append_lanes8

#include "lif.h"

int64_t snn_lif_step_f64(
  snn_path path, const snn_lif_constants_f64 *k, int64_t n, const double *j, double *v, double *ref, double *out,
  int32_t *event_index, double *event_value) {
  return lif_step_f64(path, k, n, j, v, ref, out, event_index, event_value);
}
