// The LIF step for one precision (private header, included once by lif.c for float and
// once by lif_f64.c for double): the scalar path, the AVX2 and AVX-512 loops and the
// dispatch. Nengo's equations and the one departure from them are in LIFKernel.swift.
//
// The including file defines the precision's arithmetic:
//   LIF_T, LIF_K (its snn_lif_constants type), LIF_NAME(x) (x with the type's suffix);
//   LIF_RANGE: the polynomials' range, |x| < LIF_RANGE (libm beyond);
//   LIF_EXPM1(x), LIF_LOG1P(y): the scalar polynomials (libm beyond the range);
//   LIF_INTEGRATE(v, j, factor): the voltage after a step whose expm1(-dT / tau_rc) is factor;
//   LIF_CROSSING_ARG(v, j): -(v - 1) / (J - 1), the argument of the crossing time's log1p;
//   LIF_SPIKE_TIME(k, l): dt + tau_rc * l, the crossing time given that log1p;
// and, with AVX2, the same in vectors of LIF_VL lanes (LIF_V; LIF_V_* named after the
// operation, LIF_V_INTEGRATE(v, j, factor),
// LIF_V_SPIKE_TIME(tau, dt, l), LIF_V_EXPM1, LIF_V_LOG1P, LIF_V_APPEND(bits, index,
// height, event_index, event_value, count)); there the crossing argument is
// LIF_V_CROSSING_ARG(v, LIF_V_CROSSING_J(j, one), one, sign), the part that depends on J
// alone started as soon as J is loaded) and in AVX-512 vectors of 2 * LIF_VL lanes
// (LIF_W, LIF_MASK, LIF_W_*, LIF_W_APPEND(spiked, index, height, ...), with `index` the
// lanes' neuron numbers as eight or sixteen int32).
#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

/// A spike of neuron `i`, whose voltage reached `vv` > 1 under current `j`: the crossing
/// time inside the step, the reset and the refractory period.
static inline int64_t spike(
  const LIF_K *k, int64_t i, LIF_T vv, LIF_T j, LIF_T *v, LIF_T *ref, LIF_T *out, int32_t *event_index,
  LIF_T *event_value, int64_t count) {
  LIF_T t_spike = LIF_SPIKE_TIME(k, LIF_LOG1P(LIF_CROSSING_ARG(vv, j)));
  ref[i] = k->tau_ref + t_spike;
  v[i] = k->subtract ? vv - 1 : 0;
  out[i] = k->height;
  event_index[count] = (int32_t)i;
  event_value[count] = k->height;
  return count + 1;
}

/// Neuron `i` alone (the tail of a population, or every neuron without AVX2).
static inline int64_t scalar_step(
  const LIF_K *k, int64_t i, const LIF_T *j, LIF_T *v, LIF_T *ref, LIF_T *out, int32_t *event_index,
  LIF_T *event_value, int64_t count) {
  LIF_T jj = j[i], vv = v[i];
  LIF_T r = ref[i] - k->dt;
  LIF_T d = k->dt - r;
  LIF_T dT = d < 0 ? 0 : (d > k->dt ? k->dt : d);
  // A NaN refractory time integrates a whole step, as if not refractory. It comes from a
  // spike whose voltage starts the step above J > 1 (possible with reset by subtraction
  // under a strong input that then drops): log1p of a number below -1. Nengo carries the
  // NaN into the voltage and the neuron never fires again.
  LIF_T factor = dT == k->dt || isnan(dT) ? k->full_step : (dT > 0 ? LIF_EXPM1(-dT * k->inv_tau_rc) : 0);
  vv = LIF_INTEGRATE(vv, jj, factor);
  ref[i] = r;
  if (vv > 1) return spike(k, i, vv, jj, v, ref, out, event_index, event_value, count);
  out[i] = 0;
  v[i] = vv < k->min_voltage ? k->min_voltage : vv;
  return count;
}

#ifdef SNN_AVX2
/// Neurons `i..<i+m` one by one: the scalar path, for the rare vector block with a lane
/// outside the polynomials' range. Out of line, so that the vector loops make no calls and
/// keep their constants in registers.
__attribute__((noinline)) static int64_t scalar_block(
  const LIF_K *k, int64_t i, int64_t m, const LIF_T *j, LIF_T *v, LIF_T *ref, LIF_T *out, int32_t *event_index,
  LIF_T *event_value, int64_t count) {
  for (int64_t l = i; l < i + m; l++) count = scalar_step(k, l, j, v, ref, out, event_index, event_value, count);
  return count;
}

/// Whether a partial step can reach the polynomial's bound: |x| = dT / tau_rc < dt / tau_rc
/// (rounding is monotonic), so with Nengo's defaults (dt / tau_rc = 1/20) it cannot.
static inline int partial_may_be_far(const LIF_K *k) { return !(k->dt * k->inv_tau_rc < LIF_RANGE); }

/// The lanes where |x| < LIF_RANGE does not hold (NaN included), as bits.
static inline unsigned far_lanes(LIF_V x) {
  LIF_V magnitude = LIF_V_ANDNOT(LIF_V_SET1(-0.0), x);
  return (unsigned)LIF_V_MOVEMASK(LIF_V_CMP(magnitude, LIF_V_SET1(LIF_RANGE), _CMP_NLT_UQ));
}

/// Neurons in blocks of LIF_VL; returns the events and sets `*done` to the neurons stepped.
static int64_t LIF_NAME(lif_avx2)(
  const LIF_K *k, int64_t n, const LIF_T *j, LIF_T *v, LIF_T *ref, LIF_T *out, int32_t *event_index,
  LIF_T *event_value, int64_t *done) {
  int64_t count = 0, i = 0;
  const LIF_V dt = LIF_V_SET1(k->dt), zero = LIF_V_SET1(0), one = LIF_V_SET1(1);
  const LIF_V tau = LIF_V_SET1(k->tau_rc), inv_tau = LIF_V_SET1(k->inv_tau_rc);
  const LIF_V tau_ref = LIF_V_SET1(k->tau_ref);
  const LIF_V min_v = LIF_V_SET1(k->min_voltage), full = LIF_V_SET1(k->full_step);
  const LIF_V height = LIF_V_SET1(k->height), sign = LIF_V_SET1(-0.0);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const int check_x = partial_may_be_far(k);
  for (; i + LIF_VL <= n; i += LIF_VL) {
    LIF_V rv = LIF_V_SUB(LIF_V_LOAD(ref + i), dt);
    LIF_V dT = LIF_V_SUB(dt, rv);
    LIF_V jv = LIF_V_LOAD(j + i), v0 = LIF_V_LOAD(v + i);
    LIF_V cj = LIF_V_CROSSING_J(jv, one);
    // Refractory lanes (dT <= 0) do not integrate, lanes leaving the refractory period
    // inside this step integrate dT (a polynomial), all others a full step.
    LIF_V partial = LIF_V_AND(LIF_V_CMP(dT, dt, _CMP_LT_OQ), LIF_V_CMP(dT, zero, _CMP_GT_OQ));
    LIF_V factor = LIF_V_ANDNOT(LIF_V_CMP(dT, zero, _CMP_LE_OQ), full);  // NaN: a whole step
    // Both polynomials are computed whether or not a lane needs them: a branch on "some
    // lane leaves its refractory period" or "some lane spikes" goes either way about half
    // the time, at random, and its mispredictions cost more than the arithmetic.
    LIF_V x = LIF_V_MUL(LIF_V_XOR(dT, sign), inv_tau);
    factor = LIF_V_BLEND(factor, LIF_V_EXPM1(x), partial);
    unsigned far = check_x ? far_lanes(x) & (unsigned)LIF_V_MOVEMASK(partial) : 0;
    LIF_V vv = LIF_V_INTEGRATE(v0, jv, factor);
    LIF_V spiked = LIF_V_CMP(vv, one, _CMP_GT_OQ);
    unsigned bits = (unsigned)LIF_V_MOVEMASK(spiked);
    LIF_V new_v = LIF_V_BLEND(vv, min_v, LIF_V_CMP(vv, min_v, _CMP_LT_OQ));
    LIF_V y = LIF_V_CROSSING_ARG(vv, cj, one, sign);
    LIF_V t = LIF_V_SPIKE_TIME(tau, dt, LIF_V_LOG1P(y));
    // A partial step longer than tau_rc * LIF_RANGE, or a crossing far past threshold (J
    // near 1, or a voltage set above 1): libm, through the scalar path.
    if (__builtin_expect(far | (bits & far_lanes(y)), 0)) {
      count = scalar_block(k, i, LIF_VL, j, v, ref, out, event_index, event_value, count);
      continue;
    }
    LIF_V new_ref = LIF_V_BLEND(rv, LIF_V_ADD(tau_ref, t), spiked);
    new_v = LIF_V_BLEND(new_v, k->subtract ? LIF_V_SUB(vv, one) : zero, spiked);
    __m256i index = _mm256_add_epi32(lanes, _mm256_set1_epi32((int32_t)i));
    count = LIF_V_APPEND(bits, index, height, event_index, event_value, count);
    LIF_V_STORE(v + i, new_v);
    LIF_V_STORE(ref + i, new_ref);
    LIF_V_STORE(out + i, LIF_V_AND(spiked, height));
  }
  *done = i;
  return count;
}

/// All neurons in blocks of 2 * LIF_VL, the last one masked: the AVX2 lanes' operations,
/// with mask registers for the comparisons and a compress for the spiking lanes.
SNN_AVX512 static int64_t LIF_NAME(lif_avx512)(
  const LIF_K *k, int64_t n, const LIF_T *j, LIF_T *v, LIF_T *ref, LIF_T *out, int32_t *event_index,
  LIF_T *event_value) {
  enum { L = 2 * LIF_VL };
  int64_t count = 0;
  const LIF_W dt = LIF_W_SET1(k->dt), zero = LIF_W_SET1(0), one = LIF_W_SET1(1);
  const LIF_W tau = LIF_W_SET1(k->tau_rc), inv_tau = LIF_W_SET1(k->inv_tau_rc);
  const LIF_W tau_ref = LIF_W_SET1(k->tau_ref);
  const LIF_W min_v = LIF_W_SET1(k->min_voltage), full = LIF_W_SET1(k->full_step);
  const LIF_W height = LIF_W_SET1(k->height), range = LIF_W_SET1(LIF_RANGE), sign = LIF_W_SET1(-0.0);
  const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const int check_x = partial_may_be_far(k);
  for (int64_t i = 0; i < n; i += L) {
    LIF_MASK valid = n - i >= L ? (LIF_MASK)~0u : (LIF_MASK)((1u << (n - i)) - 1);
    LIF_W rv = LIF_W_SUB(LIF_W_MASKZ_LOAD(valid, ref + i), dt);
    LIF_W dT = LIF_W_SUB(dt, rv);
    LIF_W jv = LIF_W_MASKZ_LOAD(valid, j + i), v0 = LIF_W_MASKZ_LOAD(valid, v + i);
    LIF_W cj = LIF_W_CROSSING_J(jv, one);
    LIF_MASK partial = LIF_W_CMP(dT, dt, _CMP_LT_OQ) & LIF_W_CMP(dT, zero, _CMP_GT_OQ) & valid;
    LIF_W factor = LIF_W_MASKZ_MOV(LIF_W_CMP(dT, zero, _CMP_NLE_UQ), full);  // NaN: a whole step
    // Both polynomials are computed whether or not a lane needs them (as above).
    LIF_W x = LIF_W_MUL(LIF_W_XOR(dT, sign), inv_tau);
    factor = LIF_W_MASK_MOV(factor, partial, LIF_W_EXPM1(x));
    LIF_MASK far = check_x ? partial & LIF_W_CMP(LIF_W_ABS(x), range, _CMP_NLT_UQ) : 0;
    LIF_W vv = LIF_W_INTEGRATE(v0, jv, factor);
    LIF_MASK spiked = LIF_W_CMP(vv, one, _CMP_GT_OQ) & valid;
    LIF_W new_v = LIF_W_MASK_MOV(vv, LIF_W_CMP(vv, min_v, _CMP_LT_OQ), min_v);
    LIF_W y = LIF_W_CROSSING_ARG(vv, cj, one, sign);
    LIF_W t = LIF_W_SPIKE_TIME(tau, dt, LIF_W_LOG1P(y));
    LIF_MASK far_y = spiked & LIF_W_CMP(LIF_W_ABS(y), range, _CMP_NLT_UQ);
    if (__builtin_expect(far | far_y, 0)) {  // outside the polynomials' range: the scalar path
      count = scalar_block(k, i, n - i < L ? n - i : L, j, v, ref, out, event_index, event_value, count);
      continue;
    }
    LIF_W new_ref = LIF_W_MASK_MOV(rv, spiked, LIF_W_ADD(tau_ref, t));
    new_v = LIF_W_MASK_MOV(new_v, spiked, k->subtract ? LIF_W_SUB(vv, one) : zero);
    __m512i index = _mm512_add_epi32(lanes, _mm512_set1_epi32((int32_t)i));
    count = LIF_W_APPEND(spiked, index, height, event_index, event_value, count);
    LIF_W_MASK_STORE(v + i, valid, new_v);
    LIF_W_MASK_STORE(ref + i, valid, new_ref);
    LIF_W_MASK_STORE(out + i, valid, LIF_W_MASKZ_MOV(spiked, height));
  }
  return count;
}
#endif

/// The kernel for every path (snn_lif_step, snn_lif_step_f64).
static inline int64_t LIF_NAME(lif_step)(
  snn_path path, const LIF_K *k, int64_t n, const LIF_T *j, LIF_T *v, LIF_T *ref, LIF_T *out, int32_t *event_index,
  LIF_T *event_value) {
  int64_t count = 0, i = 0;
#ifdef SNN_AVX2
  if (path == SNN_PATH_AVX512) return LIF_NAME(lif_avx512)(k, n, j, v, ref, out, event_index, event_value);
  if (path != SNN_PATH_SCALAR) count = LIF_NAME(lif_avx2)(k, n, j, v, ref, out, event_index, event_value, &i);
#endif
  (void)path;
  for (; i < n; i++) count = scalar_step(k, i, j, v, ref, out, event_index, event_value, count);
  return count;
}
