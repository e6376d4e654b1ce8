#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

// The LIF step in double (snn_lif_step_f64): lif.c's loops with Nengo's operations in
// Nengo's order, and expm1/log1p polynomials long enough for double precision.

/// The range of the polynomials: |x| < 1/8 (libm beyond, through the scalar path).
static const double range = 0.125;

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
// so it stays within about half an ulp. The vector lanes do the same operations.

static inline double horner(const double *c, int terms, double x) {
  double p = c[0];
  for (int m = 1; m < terms; m++) p = fma(x, p, c[m]);
  return p;
}

double snn_expm1_small_f64(double x) {
  if (!(fabs(x) < range)) return expm1(x);
  return fma(x, x * horner(expm1_q, TERMS(expm1_q), x), x);
}

double snn_log1p_small_f64(double y) {
  if (!(fabs(y) < range)) return log1p(y);
  return fma(y, y * horner(log1p_r, TERMS(log1p_r), y), y);
}

/// A spike of neuron `i`, whose voltage reached `vv` > 1 under current `j`: the crossing
/// time inside the step (Nengo's `dt + tau_rc * log1p(-(v - 1) / (J - 1))`; negating
/// `v - 1` and the quotient is exact, so `(1 - v) / (J - 1)` is the same number), the
/// reset and the refractory period.
static inline int64_t spike(
  const snn_lif_constants_f64 *k, int64_t i, double vv, double j, double *v, double *ref, double *out,
  int32_t *event_index, double *event_value, int64_t count) {
  double t_spike = k->dt + k->tau_rc * snn_log1p_small_f64((1 - vv) / (j - 1));
  ref[i] = k->tau_ref + t_spike;
  v[i] = k->subtract ? vv - 1 : 0;
  out[i] = k->height;
  event_index[count] = (int32_t)i;
  event_value[count] = k->height;
  return count + 1;
}

/// Neuron `i` alone (the tail of a population, or every neuron without AVX2).
static inline int64_t scalar_step(
  const snn_lif_constants_f64 *k, int64_t i, const double *j, double *v, double *ref, double *out,
  int32_t *event_index, double *event_value, int64_t count) {
  double jj = j[i], vv = v[i];
  double r = ref[i] - k->dt;
  double d = k->dt - r;
  double dT = d < 0 ? 0 : (d > k->dt ? k->dt : d);
  // A NaN refractory time integrates a whole step (lif.c, scalar_step, says why).
  double factor = dT == k->dt || isnan(dT) ? k->full_step : (dT > 0 ? snn_expm1_small_f64(-dT * k->inv_tau_rc) : 0);
  vv = vv - (jj - vv) * factor;
  ref[i] = r;
  if (vv > 1) return spike(k, i, vv, jj, v, ref, out, event_index, event_value, count);
  out[i] = 0;
  v[i] = vv < k->min_voltage ? k->min_voltage : vv;
  return count;
}

/// Neurons `i..<i+m` one by one: the scalar path, for the rare vector block with a lane
/// outside the polynomials' range (out of line, as in lif.c).
__attribute__((noinline)) static int64_t scalar_block(
  const snn_lif_constants_f64 *k, int64_t i, int64_t m, const double *j, double *v, double *ref, double *out,
  int32_t *event_index, double *event_value, int64_t count) {
  for (int64_t l = i; l < i + m; l++) count = scalar_step(k, l, j, v, ref, out, event_index, event_value, count);
  return count;
}

/// Whether a partial step can reach the polynomial's bound (as in lif.c).
static inline int partial_may_be_far(const snn_lif_constants_f64 *k) { return !(k->dt * k->inv_tau_rc < range); }

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

/// The lanes where |x| < range does not hold (NaN included), as bits.
static inline unsigned far_lanes(__m256d x) {
  __m256d magnitude = _mm256_andnot_pd(_mm256_set1_pd(-0.0), x);
  return (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(magnitude, _mm256_set1_pd(range), _CMP_NLT_UQ));
}

/// Neurons in blocks of four; returns the events and sets `*done` to the neurons stepped.
static int64_t lif_avx2(
  const snn_lif_constants_f64 *k, int64_t n, const double *j, double *v, double *ref, double *out,
  int32_t *event_index, double *event_value, int64_t *done) {
  int64_t count = 0, i = 0;
  const __m256d dt = _mm256_set1_pd(k->dt), zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1);
  const __m256d tau = _mm256_set1_pd(k->tau_rc), inv_tau = _mm256_set1_pd(k->inv_tau_rc);
  const __m256d tau_ref = _mm256_set1_pd(k->tau_ref), sign = _mm256_set1_pd(-0.0);
  const __m256d min_v = _mm256_set1_pd(k->min_voltage), full = _mm256_set1_pd(k->full_step);
  const __m256d height = _mm256_set1_pd(k->height);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 0, 0, 0, 0);
  const int check_x = partial_may_be_far(k);
  for (; i + 4 <= n; i += 4) {
    __m256d rv = _mm256_sub_pd(_mm256_loadu_pd(ref + i), dt);
    __m256d dT = _mm256_sub_pd(dt, rv);
    __m256d jv = _mm256_loadu_pd(j + i), v0 = _mm256_loadu_pd(v + i);
    // Refractory lanes (dT <= 0) do not integrate, lanes leaving the refractory period
    // inside this step integrate dT (a polynomial), all others a full step.
    __m256d partial = _mm256_and_pd(_mm256_cmp_pd(dT, dt, _CMP_LT_OQ), _mm256_cmp_pd(dT, zero, _CMP_GT_OQ));
    __m256d factor = _mm256_andnot_pd(_mm256_cmp_pd(dT, zero, _CMP_LE_OQ), full);  // NaN: a whole step
    // Both polynomials are computed whether or not a lane needs them, as in lif.c.
    __m256d x = _mm256_mul_pd(_mm256_xor_pd(dT, sign), inv_tau);
    factor = _mm256_blendv_pd(factor, expm1_lanes(x), partial);
    unsigned far = check_x ? far_lanes(x) & (unsigned)_mm256_movemask_pd(partial) : 0;
    __m256d vv = _mm256_sub_pd(v0, _mm256_mul_pd(_mm256_sub_pd(jv, v0), factor));
    __m256d spiked = _mm256_cmp_pd(vv, one, _CMP_GT_OQ);
    unsigned bits = (unsigned)_mm256_movemask_pd(spiked);
    __m256d new_v = _mm256_blendv_pd(vv, min_v, _mm256_cmp_pd(vv, min_v, _CMP_LT_OQ));
    __m256d y = _mm256_div_pd(_mm256_sub_pd(one, vv), _mm256_sub_pd(jv, one));
    __m256d t = _mm256_add_pd(dt, _mm256_mul_pd(tau, log1p_lanes(y)));
    // A partial step longer than tau_rc / 8, or a crossing far past threshold (J near 1,
    // or a voltage set above 1): libm, through the scalar path.
    if (__builtin_expect(far | (bits & far_lanes(y)), 0)) {
      count = scalar_block(k, i, 4, j, v, ref, out, event_index, event_value, count);
      continue;
    }
    __m256d new_ref = _mm256_blendv_pd(rv, _mm256_add_pd(tau_ref, t), spiked);
    new_v = _mm256_blendv_pd(new_v, k->subtract ? _mm256_sub_pd(vv, one) : zero, spiked);
    __m256i index = _mm256_add_epi32(lanes, _mm256_set1_epi32((int32_t)i));
    count = snn_append_lanes_f64(bits, index, height, event_index, event_value, count);
    _mm256_storeu_pd(v + i, new_v);
    _mm256_storeu_pd(ref + i, new_ref);
    _mm256_storeu_pd(out + i, _mm256_and_pd(spiked, height));
  }
  *done = i;
  return count;
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

/// All neurons in blocks of eight, the last one masked: the AVX2 lanes' operations, with
/// mask registers for the comparisons and a compress for the spiking lanes.
SNN_AVX512 static int64_t lif_avx512(
  const snn_lif_constants_f64 *k, int64_t n, const double *j, double *v, double *ref, double *out,
  int32_t *event_index, double *event_value) {
  int64_t count = 0;
  const __m512d dt = _mm512_set1_pd(k->dt), zero = _mm512_setzero_pd(), one = _mm512_set1_pd(1);
  const __m512d tau = _mm512_set1_pd(k->tau_rc), inv_tau = _mm512_set1_pd(k->inv_tau_rc);
  const __m512d tau_ref = _mm512_set1_pd(k->tau_ref), sign = _mm512_set1_pd(-0.0);
  const __m512d min_v = _mm512_set1_pd(k->min_voltage), full = _mm512_set1_pd(k->full_step);
  const __m512d height = _mm512_set1_pd(k->height), bound = _mm512_set1_pd(range);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const int check_x = partial_may_be_far(k);
  for (int64_t i = 0; i < n; i += 8) {
    __mmask8 valid = n - i >= 8 ? 0xFF : (__mmask8)((1u << (n - i)) - 1);
    __m512d rv = _mm512_sub_pd(_mm512_maskz_loadu_pd(valid, ref + i), dt);
    __m512d dT = _mm512_sub_pd(dt, rv);
    __m512d jv = _mm512_maskz_loadu_pd(valid, j + i), v0 = _mm512_maskz_loadu_pd(valid, v + i);
    __mmask8 partial = _mm512_cmp_pd_mask(dT, dt, _CMP_LT_OQ) & _mm512_cmp_pd_mask(dT, zero, _CMP_GT_OQ) & valid;
    __m512d factor = _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(dT, zero, _CMP_NLE_UQ), full);  // NaN: a whole step
    // Both polynomials are computed whether or not a lane needs them, as in lif.c.
    __m512d x = _mm512_mul_pd(_mm512_xor_pd(dT, sign), inv_tau);
    factor = _mm512_mask_mov_pd(factor, partial, expm1_lanes8(x));
    __mmask8 far = check_x ? partial & _mm512_cmp_pd_mask(_mm512_abs_pd(x), bound, _CMP_NLT_UQ) : 0;
    __m512d vv = _mm512_sub_pd(v0, _mm512_mul_pd(_mm512_sub_pd(jv, v0), factor));
    __mmask8 spiked = _mm512_cmp_pd_mask(vv, one, _CMP_GT_OQ) & valid;
    __m512d new_v = _mm512_mask_mov_pd(vv, _mm512_cmp_pd_mask(vv, min_v, _CMP_LT_OQ), min_v);
    __m512d y = _mm512_div_pd(_mm512_sub_pd(one, vv), _mm512_sub_pd(jv, one));
    __m512d t = _mm512_add_pd(dt, _mm512_mul_pd(tau, log1p_lanes8(y)));
    __mmask8 far_y = spiked & _mm512_cmp_pd_mask(_mm512_abs_pd(y), bound, _CMP_NLT_UQ);
    if (__builtin_expect(far | far_y, 0)) {  // outside the polynomials' range: the scalar path
      count = scalar_block(k, i, n - i < 8 ? n - i : 8, j, v, ref, out, event_index, event_value, count);
      continue;
    }
    __m512d new_ref = _mm512_mask_mov_pd(rv, spiked, _mm512_add_pd(tau_ref, t));
    new_v = _mm512_mask_mov_pd(new_v, spiked, k->subtract ? _mm512_sub_pd(vv, one) : zero);
    __m256i index = _mm256_add_epi32(lanes, _mm256_set1_epi32((int32_t)i));
    _mm256_storeu_si256((__m256i *)(event_index + count), _mm256_maskz_compress_epi32(spiked, index));
    _mm512_storeu_pd(event_value + count, height);
    count += __builtin_popcount(spiked);
    _mm512_mask_storeu_pd(v + i, valid, new_v);
    _mm512_mask_storeu_pd(ref + i, valid, new_ref);
    _mm512_mask_storeu_pd(out + i, valid, _mm512_maskz_mov_pd(spiked, height));
  }
  return count;
}
#endif

int64_t snn_lif_step_f64(
  snn_path path, const snn_lif_constants_f64 *k, int64_t n, const double *j, double *v, double *ref, double *out,
  int32_t *event_index, double *event_value) {
  int64_t count = 0, i = 0;
#ifdef SNN_AVX2
  if (path == SNN_PATH_AVX512) return lif_avx512(k, n, j, v, ref, out, event_index, event_value);
  if (path != SNN_PATH_SCALAR) count = lif_avx2(k, n, j, v, ref, out, event_index, event_value, &i);
#endif
  (void)path;
  for (; i < n; i++) count = scalar_step(k, i, j, v, ref, out, event_index, event_value, count);
  return count;
}
