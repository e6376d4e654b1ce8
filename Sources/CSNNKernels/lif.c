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
  float t_spike = fmaf(k->tau_rc, snn_log1p_small(-(vv - 1) / (j - 1)), k->dt);
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
  float factor = dT == k->dt ? k->full_step : (dT <= 0 ? 0 : snn_expm1_small(-dT / k->tau_rc));
  vv = fmaf(-(jj - vv), factor, vv);
  ref[i] = r;
  if (vv > 1) return spike(k, i, vv, jj, v, ref, out, event_index, event_value, count);
  out[i] = 0;
  v[i] = vv < k->min_voltage ? k->min_voltage : vv;
  return count;
}

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

int64_t snn_lif_step(
  const snn_lif_constants *k, int64_t n, const float *j, float *v, float *ref, float *out, int32_t *event_index,
  float *event_value) {
  int64_t count = 0, i = 0;
#ifdef SNN_AVX2
  const __m256 dt = _mm256_set1_ps(k->dt), zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1);
  const __m256 tau = _mm256_set1_ps(k->tau_rc), tau_ref = _mm256_set1_ps(k->tau_ref);
  const __m256 min_v = _mm256_set1_ps(k->min_voltage), full = _mm256_set1_ps(k->full_step);
  const __m256 height = _mm256_set1_ps(k->height), range = _mm256_set1_ps(0.125f), sign = _mm256_set1_ps(-0.0f);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (; i + 8 <= n; i += 8) {
    __m256 rv = _mm256_sub_ps(_mm256_loadu_ps(ref + i), dt);
    __m256 dT = _mm256_sub_ps(dt, rv);
    __m256 jv = _mm256_loadu_ps(j + i), v0 = _mm256_loadu_ps(v + i);
    // Refractory lanes (dT <= 0) do not integrate, lanes leaving the refractory period
    // inside this step integrate dT (a polynomial), all others a full step.
    __m256 x = _mm256_div_ps(_mm256_xor_ps(dT, sign), tau);
    __m256 partial = _mm256_and_ps(_mm256_cmp_ps(dT, dt, _CMP_LT_OQ), _mm256_cmp_ps(dT, zero, _CMP_GT_OQ));
    __m256 factor = _mm256_andnot_ps(_mm256_cmp_ps(dT, zero, _CMP_LE_OQ), full);
    factor = _mm256_blendv_ps(factor, expm1_lanes(x), partial);
    __m256 vv = _mm256_fnmadd_ps(_mm256_sub_ps(jv, v0), factor, v0);
    unsigned far = (unsigned)_mm256_movemask_ps(_mm256_and_ps(partial, _mm256_cmp_ps(abs_lanes(x), range, _CMP_GE_OQ)));
    if (far) {  // partial steps longer than tau_rc / 8 (not with Nengo's defaults): libm
      float xs[8], vs[8], js[8], v0s[8];
      _mm256_storeu_ps(xs, x), _mm256_storeu_ps(vs, vv), _mm256_storeu_ps(js, jv), _mm256_storeu_ps(v0s, v0);
      for (int l = 0; l < 8; l++)
        if (far >> l & 1) vs[l] = fmaf(-(js[l] - v0s[l]), snn_expm1_small(xs[l]), v0s[l]);
      vv = _mm256_loadu_ps(vs);
    }
    __m256 spiked = _mm256_cmp_ps(vv, one, _CMP_GT_OQ);
    unsigned bits = (unsigned)_mm256_movemask_ps(spiked);
    __m256 new_v = _mm256_blendv_ps(vv, min_v, _mm256_cmp_ps(vv, min_v, _CMP_LT_OQ));
    __m256 new_ref = rv, o = zero;
    if (bits) {
      __m256 y = _mm256_div_ps(_mm256_xor_ps(_mm256_sub_ps(vv, one), sign), _mm256_sub_ps(jv, one));
      __m256 t = _mm256_fmadd_ps(tau, log1p_lanes(y), dt);
      unsigned far_y = bits & (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(abs_lanes(y), range, _CMP_GE_OQ));
      if (far_y) {  // a crossing far past threshold (J near 1, or a voltage set above 1): libm
        float ys[8], ts[8];
        _mm256_storeu_ps(ys, y), _mm256_storeu_ps(ts, t);
        for (int l = 0; l < 8; l++)
          if (far_y >> l & 1) ts[l] = fmaf(k->tau_rc, snn_log1p_small(ys[l]), k->dt);
        t = _mm256_loadu_ps(ts);
      }
      new_ref = _mm256_blendv_ps(rv, _mm256_add_ps(tau_ref, t), spiked);
      new_v = _mm256_blendv_ps(new_v, k->subtract ? _mm256_sub_ps(vv, one) : zero, spiked);
      o = _mm256_and_ps(spiked, height);
      __m256i index = _mm256_add_epi32(lanes, _mm256_set1_epi32((int32_t)i));
      count = snn_append_lanes(bits, index, height, event_index, event_value, count);
    }
    _mm256_storeu_ps(v + i, new_v);
    _mm256_storeu_ps(ref + i, new_ref);
    _mm256_storeu_ps(out + i, o);
  }
#endif
  for (; i < n; i++) count = scalar_step(k, i, j, v, ref, out, event_index, event_value, count);
  return count;
}
