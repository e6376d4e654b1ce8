// snn_lif_step: the LIF step of lif.h in float, with degree-6/8 polynomials for expm1 and
// log1p and fused multiply-adds where they shorten the chain.
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

/// The spiking lanes' indices and heights, compressed to the front.
SNN_AVX512 static inline int64_t append_lanes16(
  __mmask16 spiked, __m512i index, __m512 height, int32_t *event_index, float *event_value, int64_t count) {
  _mm512_storeu_si512(event_index + count, _mm512_maskz_compress_epi32(spiked, index));
  _mm512_storeu_ps(event_value + count, _mm512_maskz_compress_ps(spiked, height));
  return count + __builtin_popcount(spiked);
}
#endif

#define LIF_T float
#define LIF_K snn_lif_constants
#define LIF_NAME(x) x##_f32
#define LIF_RANGE 0.125f
#define LIF_EXPM1 snn_expm1_small
#define LIF_LOG1P snn_log1p_small
// One rounding: -(J - v) * factor + v fused.
#define LIF_INTEGRATE(v, j, factor) fmaf(-((j) - (v)), factor, v)
// 1 / (J - 1) depends on J alone: the vector loops start it as soon as J is loaded, and a
// multiplication keeps the division out of the chain from the voltage to the spike time.
#define LIF_CROSSING_ARG(v, j) (-((v) - 1) * (1 / ((j) - 1)))
#define LIF_SPIKE_TIME(k, l) fmaf((k)->tau_rc, l, (k)->dt)

#define LIF_VL 8
#define LIF_V __m256
#define LIF_V_SET1 _mm256_set1_ps
#define LIF_V_LOAD _mm256_loadu_ps
#define LIF_V_STORE _mm256_storeu_ps
#define LIF_V_ADD _mm256_add_ps
#define LIF_V_SUB _mm256_sub_ps
#define LIF_V_MUL _mm256_mul_ps
#define LIF_V_AND _mm256_and_ps
#define LIF_V_ANDNOT _mm256_andnot_ps
#define LIF_V_XOR _mm256_xor_ps
#define LIF_V_CMP _mm256_cmp_ps
#define LIF_V_BLEND _mm256_blendv_ps
#define LIF_V_MOVEMASK _mm256_movemask_ps
#define LIF_V_EXPM1 expm1_lanes
#define LIF_V_LOG1P log1p_lanes
#define LIF_V_INTEGRATE(v, j, factor) _mm256_fnmadd_ps(_mm256_sub_ps(j, v), factor, v)
#define LIF_V_CROSSING_J(j, one) _mm256_div_ps(one, _mm256_sub_ps(j, one))
#define LIF_V_CROSSING_ARG(v, rcp, one, sign) _mm256_mul_ps(_mm256_xor_ps(_mm256_sub_ps(v, one), sign), rcp)
#define LIF_V_SPIKE_TIME(tau, dt, l) _mm256_fmadd_ps(tau, l, dt)
#define LIF_V_APPEND snn_append_lanes

#define LIF_W __m512
#define LIF_MASK __mmask16
#define LIF_W_SET1 _mm512_set1_ps
#define LIF_W_MASKZ_LOAD _mm512_maskz_loadu_ps
#define LIF_W_MASK_STORE _mm512_mask_storeu_ps
#define LIF_W_ADD _mm512_add_ps
#define LIF_W_SUB _mm512_sub_ps
#define LIF_W_MUL _mm512_mul_ps
#define LIF_W_XOR _mm512_xor_ps
#define LIF_W_ABS _mm512_abs_ps
#define LIF_W_CMP _mm512_cmp_ps_mask
#define LIF_W_MASK_MOV _mm512_mask_mov_ps
#define LIF_W_MASKZ_MOV _mm512_maskz_mov_ps
#define LIF_W_EXPM1 expm1_lanes16
#define LIF_W_LOG1P log1p_lanes16
#define LIF_W_INTEGRATE(v, j, factor) _mm512_fnmadd_ps(_mm512_sub_ps(j, v), factor, v)
#define LIF_W_CROSSING_J(j, one) _mm512_div_ps(one, _mm512_sub_ps(j, one))
#define LIF_W_CROSSING_ARG(v, rcp, one, sign) _mm512_mul_ps(_mm512_xor_ps(_mm512_sub_ps(v, one), sign), rcp)
#define LIF_W_SPIKE_TIME(tau, dt, l) _mm512_fmadd_ps(tau, l, dt)
#define LIF_W_APPEND append_lanes16

#include "lif.h"

int64_t snn_lif_step(
  snn_path path, const snn_lif_constants *k, int64_t n, const float *j, float *v, float *ref, float *out,
  int32_t *event_index, float *event_value) {
  return lif_step_f32(path, k, n, j, v, ref, out, event_index, event_value);
}
