#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

// The polynomials are Horner schemes of fused multiply-adds (one rounding each, and half
// the latency of a multiply and an add), written out the same way in the vector lanes.

float snn_expm1_small(float x) {
  if (!(fabsf(x) < 0.125f)) return expm1f(x);
  float p = fmaf(x, 1.0f / 720, 1.0f / 120);
  p = fmaf(x, p, 1.0f / 24);
  p = fmaf(x, p, 1.0f / 6);
  p = fmaf(x, p, 1.0f / 2);
  p = fmaf(x, p, 1);
  return x * p;
}

float snn_log1p_small(float y) {
  if (!(fabsf(y) < 0.125f)) return log1pf(y);
  float p = fmaf(-y, 1.0f / 8, 1.0f / 7);
  p = fmaf(-y, p, 1.0f / 6);
  p = fmaf(-y, p, 1.0f / 5);
  p = fmaf(-y, p, 1.0f / 4);
  p = fmaf(-y, p, 1.0f / 3);
  p = fmaf(-y, p, 1.0f / 2);
  p = fmaf(-y, p, 1);
  return y * p;
}

/// A spike of neuron `i`, whose voltage reached `vv` > 1 under current `j`: the crossing
/// time inside the step, the reset and the refractory period.
static inline int64_t spike(
  const snn_lif_constants *k, int64_t i, float vv, float j, float *v, float *ref, float *out, int32_t *event_index,
  float *event_value, int64_t count) {
  float rcp = 1 / (j - 1);
  float t_spike = fmaf(k->tau_rc, snn_log1p_small(-(vv - 1) * rcp), k->dt);
  ref[i] = k->tau_ref + t_spike;
  v[i] = k->subtract ? vv - 1 : 0;
  out[i] = k->height;
  event_index[count] = (int32_t)i;
  event_value[count] = k->height;
  return count + 1;
}

/// Neuron `i` alone (the tail of a population, or every neuron without AVX2).
static inline int64_t scalar_step(
  const snn_lif_constants *k, int64_t i, const float *j, float *v, float *ref, float *out, int32_t *event_index,
  float *event_value, int64_t count) {
  float jj = j[i], vv = v[i];
  float r = ref[i] - k->dt;
  float d = k->dt - r;
  float dT = d < 0 ? 0 : (d > k->dt ? k->dt : d);
  // A NaN refractory time integrates a whole step, as if not refractory. It comes from a
  // spike whose voltage starts the step above J > 1 (possible with reset by subtraction
  // under a strong input that then drops): log1p of a number below -1. Nengo carries the
  // NaN into the voltage and the neuron never fires again.
  float factor = dT == k->dt || isnan(dT) ? k->full_step : (dT > 0 ? snn_expm1_small(-dT * k->inv_tau_rc) : 0);
  vv = fmaf(-(jj - vv), factor, vv);
  ref[i] = r;
  if (vv > 1) return spike(k, i, vv, jj, v, ref, out, event_index, event_value, count);
  out[i] = 0;
  v[i] = vv < k->min_voltage ? k->min_voltage : vv;
  return count;
}

/// Neurons `i..<i+m` one by one: the scalar path, for the rare vector block with a lane
/// outside the polynomials' range. Out of line, so that the vector loops make no calls and
/// keep their constants in registers.
__attribute__((noinline)) static int64_t scalar_block(
  const snn_lif_constants *k, int64_t i, int64_t m, const float *j, float *v, float *ref, float *out,
  int32_t *event_index, float *event_value, int64_t count) {
  for (int64_t l = i; l < i + m; l++) count = scalar_step(k, l, j, v, ref, out, event_index, event_value, count);
  return count;
}

/// Whether a partial step can reach the polynomial's bound: |x| = dT / tau_rc < dt / tau_rc
/// (rounding is monotonic), so with Nengo's defaults (dt / tau_rc = 1/20) it cannot.
static inline int partial_may_be_far(const snn_lif_constants *k) { return !(k->dt * k->inv_tau_rc < 0.125f); }

#ifdef SNN_AVX2
/// snn_expm1_small's polynomial in every lane, the same operations in the same order.
static inline __m256 expm1_lanes(__m256 x) {
  __m256 p = _mm256_fmadd_ps(x, _mm256_set1_ps(1.0f / 720), _mm256_set1_ps(1.0f / 120));
  p = _mm256_fmadd_ps(x, p, _mm256_set1_ps(1.0f / 24));
  p = _mm256_fmadd_ps(x, p, _mm256_set1_ps(1.0f / 6));
  p = _mm256_fmadd_ps(x, p, _mm256_set1_ps(1.0f / 2));
  p = _mm256_fmadd_ps(x, p, _mm256_set1_ps(1));
  return _mm256_mul_ps(x, p);
}

/// snn_log1p_small's series in every lane, the same operations in the same order.
static inline __m256 log1p_lanes(__m256 y) {
  __m256 p = _mm256_fnmadd_ps(y, _mm256_set1_ps(1.0f / 8), _mm256_set1_ps(1.0f / 7));
  p = _mm256_fnmadd_ps(y, p, _mm256_set1_ps(1.0f / 6));
  p = _mm256_fnmadd_ps(y, p, _mm256_set1_ps(1.0f / 5));
  p = _mm256_fnmadd_ps(y, p, _mm256_set1_ps(1.0f / 4));
  p = _mm256_fnmadd_ps(y, p, _mm256_set1_ps(1.0f / 3));
  p = _mm256_fnmadd_ps(y, p, _mm256_set1_ps(1.0f / 2));
  p = _mm256_fnmadd_ps(y, p, _mm256_set1_ps(1));
  return _mm256_mul_ps(y, p);
}

static inline __m256 abs_lanes(__m256 x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }
#endif

#ifdef SNN_AVX2
/// Neurons in blocks of eight; returns the events and sets `*done` to the neurons stepped.
static int64_t lif_avx2(
  const snn_lif_constants *k, int64_t n, const float *j, float *v, float *ref, float *out, int32_t *event_index,
  float *event_value, int64_t *done) {
  int64_t count = 0, i = 0;
  const __m256 dt = _mm256_set1_ps(k->dt), zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1);
  const __m256 tau = _mm256_set1_ps(k->tau_rc), inv_tau = _mm256_set1_ps(k->inv_tau_rc);
  const __m256 tau_ref = _mm256_set1_ps(k->tau_ref);
  const __m256 min_v = _mm256_set1_ps(k->min_voltage), full = _mm256_set1_ps(k->full_step);
  const __m256 height = _mm256_set1_ps(k->height), range = _mm256_set1_ps(0.125f), sign = _mm256_set1_ps(-0.0f);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const int check_x = partial_may_be_far(k);
  for (; i + 8 <= n; i += 8) {
    __m256 rv = _mm256_sub_ps(_mm256_loadu_ps(ref + i), dt);
    __m256 dT = _mm256_sub_ps(dt, rv);
    __m256 jv = _mm256_loadu_ps(j + i), v0 = _mm256_loadu_ps(v + i);
    // 1 / (J - 1) for the crossing time, started early: it depends on J alone.
    __m256 rcp = _mm256_div_ps(one, _mm256_sub_ps(jv, one));
    // Refractory lanes (dT <= 0) do not integrate, lanes leaving the refractory period
    // inside this step integrate dT (a polynomial), all others a full step.
    __m256 partial = _mm256_and_ps(_mm256_cmp_ps(dT, dt, _CMP_LT_OQ), _mm256_cmp_ps(dT, zero, _CMP_GT_OQ));
    __m256 factor = _mm256_andnot_ps(_mm256_cmp_ps(dT, zero, _CMP_LE_OQ), full);  // NaN: a whole step
    // Both polynomials are computed whether or not a lane needs them: a branch on "some
    // lane leaves its refractory period" or "some lane spikes" goes either way about half
    // the time, at random, and its mispredictions cost more than the arithmetic.
    __m256 x = _mm256_mul_ps(_mm256_xor_ps(dT, sign), inv_tau);
    factor = _mm256_blendv_ps(factor, expm1_lanes(x), partial);
    unsigned far = check_x
      ? (unsigned)_mm256_movemask_ps(_mm256_and_ps(partial, _mm256_cmp_ps(abs_lanes(x), range, _CMP_GE_OQ)))
      : 0;
    __m256 vv = _mm256_fnmadd_ps(_mm256_sub_ps(jv, v0), factor, v0);
    __m256 spiked = _mm256_cmp_ps(vv, one, _CMP_GT_OQ);
    unsigned bits = (unsigned)_mm256_movemask_ps(spiked);
    __m256 new_v = _mm256_blendv_ps(vv, min_v, _mm256_cmp_ps(vv, min_v, _CMP_LT_OQ));
    __m256 y = _mm256_mul_ps(_mm256_xor_ps(_mm256_sub_ps(vv, one), sign), rcp);
    __m256 t = _mm256_fmadd_ps(tau, log1p_lanes(y), dt);
    unsigned far_y = bits & (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(abs_lanes(y), range, _CMP_GE_OQ));
    // A partial step longer than tau_rc / 8, or a crossing far past threshold (J near 1,
    // or a voltage set above 1): libm, through the scalar path.
    if (__builtin_expect(far | far_y, 0)) {
      count = scalar_block(k, i, 8, j, v, ref, out, event_index, event_value, count);
      continue;
    }
    __m256 new_ref = _mm256_blendv_ps(rv, _mm256_add_ps(tau_ref, t), spiked);
    new_v = _mm256_blendv_ps(new_v, k->subtract ? _mm256_sub_ps(vv, one) : zero, spiked);
    __m256 o = _mm256_and_ps(spiked, height);
    __m256i index = _mm256_add_epi32(lanes, _mm256_set1_epi32((int32_t)i));
    count = snn_append_lanes(bits, index, height, event_index, event_value, count);
    _mm256_storeu_ps(v + i, new_v);
    _mm256_storeu_ps(ref + i, new_ref);
    _mm256_storeu_ps(out + i, o);
  }
  *done = i;
  return count;
}

/// snn_expm1_small's polynomial in 16 lanes.
SNN_AVX512 static inline __m512 expm1_lanes16(__m512 x) {
  __m512 p = _mm512_fmadd_ps(x, _mm512_set1_ps(1.0f / 720), _mm512_set1_ps(1.0f / 120));
  p = _mm512_fmadd_ps(x, p, _mm512_set1_ps(1.0f / 24));
  p = _mm512_fmadd_ps(x, p, _mm512_set1_ps(1.0f / 6));
  p = _mm512_fmadd_ps(x, p, _mm512_set1_ps(1.0f / 2));
  p = _mm512_fmadd_ps(x, p, _mm512_set1_ps(1));
  return _mm512_mul_ps(x, p);
}

/// snn_log1p_small's series in 16 lanes.
SNN_AVX512 static inline __m512 log1p_lanes16(__m512 y) {
  __m512 p = _mm512_fnmadd_ps(y, _mm512_set1_ps(1.0f / 8), _mm512_set1_ps(1.0f / 7));
  p = _mm512_fnmadd_ps(y, p, _mm512_set1_ps(1.0f / 6));
  p = _mm512_fnmadd_ps(y, p, _mm512_set1_ps(1.0f / 5));
  p = _mm512_fnmadd_ps(y, p, _mm512_set1_ps(1.0f / 4));
  p = _mm512_fnmadd_ps(y, p, _mm512_set1_ps(1.0f / 3));
  p = _mm512_fnmadd_ps(y, p, _mm512_set1_ps(1.0f / 2));
  p = _mm512_fnmadd_ps(y, p, _mm512_set1_ps(1));
  return _mm512_mul_ps(y, p);
}

/// All neurons in blocks of 16, the last one masked: the AVX2 lanes' operations, with
/// mask registers for the comparisons and a compress for the spiking lanes.
SNN_AVX512 static int64_t lif_avx512(
  const snn_lif_constants *k, int64_t n, const float *j, float *v, float *ref, float *out, int32_t *event_index,
  float *event_value) {
  int64_t count = 0;
  const __m512 dt = _mm512_set1_ps(k->dt), zero = _mm512_setzero_ps(), one = _mm512_set1_ps(1);
  const __m512 tau = _mm512_set1_ps(k->tau_rc), inv_tau = _mm512_set1_ps(k->inv_tau_rc);
  const __m512 tau_ref = _mm512_set1_ps(k->tau_ref);
  const __m512 min_v = _mm512_set1_ps(k->min_voltage), full = _mm512_set1_ps(k->full_step);
  const __m512 height = _mm512_set1_ps(k->height), range = _mm512_set1_ps(0.125f), sign = _mm512_set1_ps(-0.0f);
  const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const int check_x = partial_may_be_far(k);
  for (int64_t i = 0; i < n; i += 16) {
    __mmask16 valid = n - i >= 16 ? 0xFFFF : (__mmask16)((1u << (n - i)) - 1);
    __m512 rv = _mm512_sub_ps(_mm512_maskz_loadu_ps(valid, ref + i), dt);
    __m512 dT = _mm512_sub_ps(dt, rv);
    __m512 jv = _mm512_maskz_loadu_ps(valid, j + i), v0 = _mm512_maskz_loadu_ps(valid, v + i);
    // 1 / (J - 1) for the crossing time, started early: it depends on J alone.
    __m512 rcp = _mm512_div_ps(one, _mm512_sub_ps(jv, one));
    __mmask16 partial = _mm512_cmp_ps_mask(dT, dt, _CMP_LT_OQ) & _mm512_cmp_ps_mask(dT, zero, _CMP_GT_OQ) & valid;
    __m512 factor = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(dT, zero, _CMP_NLE_UQ), full);  // NaN: a whole step
    // Both polynomials are computed whether or not a lane needs them: a branch on "some
    // lane leaves its refractory period" or "some lane spikes" is taken about half the
    // time, at random, and its mispredictions cost more than the arithmetic.
    __m512 x = _mm512_mul_ps(_mm512_xor_ps(dT, sign), inv_tau);
    factor = _mm512_mask_mov_ps(factor, partial, expm1_lanes16(x));
    __mmask16 far = check_x ? partial & _mm512_cmp_ps_mask(_mm512_abs_ps(x), range, _CMP_GE_OQ) : 0;
    __m512 vv = _mm512_fnmadd_ps(_mm512_sub_ps(jv, v0), factor, v0);
    __mmask16 spiked = _mm512_cmp_ps_mask(vv, one, _CMP_GT_OQ) & valid;
    __m512 new_v = _mm512_mask_mov_ps(vv, _mm512_cmp_ps_mask(vv, min_v, _CMP_LT_OQ), min_v);
    __m512 y = _mm512_mul_ps(_mm512_xor_ps(_mm512_sub_ps(vv, one), sign), rcp);
    __m512 t = _mm512_fmadd_ps(tau, log1p_lanes16(y), dt);
    __mmask16 far_y = spiked & _mm512_cmp_ps_mask(_mm512_abs_ps(y), range, _CMP_GE_OQ);
    if (__builtin_expect(far | far_y, 0)) {  // outside the polynomials' range: the scalar path
      count = scalar_block(k, i, n - i < 16 ? n - i : 16, j, v, ref, out, event_index, event_value, count);
      continue;
    }
    __m512 new_ref = _mm512_mask_mov_ps(rv, spiked, _mm512_add_ps(tau_ref, t));
    new_v = _mm512_mask_mov_ps(new_v, spiked, k->subtract ? _mm512_sub_ps(vv, one) : zero);
    __m512 o = _mm512_maskz_mov_ps(spiked, height);
    __m512i index = _mm512_add_epi32(lanes, _mm512_set1_epi32((int32_t)i));
    _mm512_storeu_si512(event_index + count, _mm512_maskz_compress_epi32(spiked, index));
    _mm512_storeu_ps(event_value + count, _mm512_maskz_compress_ps(spiked, height));
    count += __builtin_popcount(spiked);
    _mm512_mask_storeu_ps(v + i, valid, new_v);
    _mm512_mask_storeu_ps(ref + i, valid, new_ref);
    _mm512_mask_storeu_ps(out + i, valid, o);
  }
  return count;
}
#endif

int64_t snn_lif_step(
  snn_path path, const snn_lif_constants *k, int64_t n, const float *j, float *v, float *ref, float *out,
  int32_t *event_index, float *event_value) {
  int64_t count = 0, i = 0;
#ifdef SNN_AVX2
  if (path == SNN_PATH_AVX512) return lif_avx512(k, n, j, v, ref, out, event_index, event_value);
  if (path != SNN_PATH_SCALAR) count = lif_avx2(k, n, j, v, ref, out, event_index, event_value, &i);
#endif
  (void)path;
  for (; i < n; i++) count = scalar_step(k, i, j, v, ref, out, event_index, event_value, count);
  return count;
}
