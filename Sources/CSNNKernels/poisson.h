// The Poisson draw for one output type (private header, included once by poisson.c for
// float and once by poisson_f64.c for double).
//
// Active neurons go in blocks of 16, on every path: the block draws one number per neuron
// (the generator's next eight, twice, the second time only if the block has more than
// eight neurons), then inverts the CDF further for its neurons past P(k <= 7), in neuron
// order (the normal approximation draws from the generator too). So every path consumes
// the generator in the same order and gives the same counts, whatever the output type.
//
// The including file defines POISSON_T (the type of lambda, heights and outputs),
// POISSON_NAME(x) (x with the type's suffix) and, with AVX2, the functions that turn a
// vector's counts into events:
//   int64_t append_counts8(unsigned bits, __m256i index, __m256i k, POISSON_T height,
//                          int32_t *event_index, POISSON_T *event_value, int64_t count);
//   SNN_AVX512 int64_t append_counts16(__mmask16 spiked, __m512i index, __m512i k, POISSON_T height,
//                          int32_t *event_index, POISSON_T *event_value, int64_t count);
// which append (index, k * height) for the lanes set in `bits` / `spiked`, in lane order,
// and return the new count.
#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

/// The Poisson count whose CDF interval holds `u` (called when `u` is past the last
/// threshold, P(k <= 7)), in double whatever POISSON_T is. `tail` is lambda's table from
/// snn_poisson_tail, or null: the table gives the count of the CDF loop below without its
/// `exp` and divisions.
static int spike_count(uint32_t u, double lam, const double *tail, snn_xoshiro128x8 *rng) {
  double uu = ((double)u + 0.5) * (1.0 / 4294967296.0);
  if (lam > 64) {  // normal approximation round(lambda + sqrt(lambda) z), z by Box-Muller
    uint32_t r[8];
    snn_xoshiro128x8_next(rng, r);
    double u2 = ((double)r[0] + 0.5) * (1.0 / 4294967296.0);
    double z = sqrt(-2 * log(uu)) * cos(2 * M_PI * u2);
    double k = round(lam + sqrt(lam) * z);
    return k > 0 ? (int)k : 0;
  }
  if (tail) {  // the smallest k >= 8 with uu <= P(k <= 8 + j) = tail[j], +inf past the table's end
    // A branchless binary search over all SNN_POISSON_TAIL (128) entries: seven compares
    // whose outcome the branch predictor never has to guess.
    int j = 0;
    for (int step = SNN_POISSON_TAIL / 2; step > 0; step >>= 1) j += tail[j + step - 1] < uu ? step : 0;
    return SNN_POISSON_ROWS + j;
  }
  int k = 0;
  double p = exp(-lam), cdf = p;
  while (uu > cdf && k < 1000) {
    k += 1;
    p *= lam / k;
    cdf += p;
    if (p == 0) break;
  }
  return k > SNN_POISSON_ROWS ? k : SNN_POISSON_ROWS;
}

/// Lane by lane.
static int64_t POISSON_NAME(poisson_scalar)(
  int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride, const POISSON_T *lambda,
  const double *const *tail, POISSON_T height, snn_xoshiro128x8 *rng, POISSON_T *output, int32_t *event_index,
  POISSON_T *event_value) {
  int64_t count = 0;
  for (int64_t a = 0; a < active; a += 16) {
    uint32_t u[16];
    snn_xoshiro128x8_next(rng, u);
    if (a + 8 < active) snn_xoshiro128x8_next(rng, u + 8);
    for (int l = 0; l < 16 && a + l < active; l++) {
      int k = 0;
      for (int m = 0; m < SNN_POISSON_ROWS; m++) k += u[l] >= threshold[m * stride + a + l];
      if (k == 0) continue;
      int32_t i = active_index[a + l];
      if (k == SNN_POISSON_ROWS) k = spike_count(u[l], lambda[i], tail ? tail[a + l] : 0, rng);
      event_index[count] = i;
      event_value[count] = (POISSON_T)k * height;
      if (output) output[i] = event_value[count];
      count++;
    }
  }
  return count;
}

#ifdef SNN_AVX2
/// Writes `output[i] = value` for the events `first..<count`, when there is an output.
static inline void write_output(
  POISSON_T *output, const int32_t *event_index, const POISSON_T *event_value, int64_t first, int64_t count) {
  if (output)
    for (int64_t e = first; e < count; e++) output[event_index[e]] = event_value[e];
}

/// Replaces the counts of the lanes set in `lanes` (past the last threshold) by the
/// inverted CDF, in lane order; `tail` is the block's first table (or null).
static void fix_tail(
  unsigned lanes, const uint32_t *u, const int32_t *index, int32_t *k, const POISSON_T *lambda,
  const double *const *tail, snn_xoshiro128x8 *rng) {
  for (int l = 0; l < 16; l++)
    if (lanes >> l & 1) k[l] = spike_count(u[l], lambda[index[l]], tail ? tail[l] : 0, rng);
}

/// xoshiro128++ on the eight lanes of (s0, s1, s2, s3), held in registers.
static inline __m256i next_lanes(__m256i *s0, __m256i *s1, __m256i *s2, __m256i *s3) {
  __m256i sum = _mm256_add_epi32(*s0, *s3);
  __m256i result = _mm256_add_epi32(_mm256_or_si256(_mm256_slli_epi32(sum, 7), _mm256_srli_epi32(sum, 25)), *s0);
  __m256i t = _mm256_slli_epi32(*s1, 9);
  *s2 = _mm256_xor_si256(*s2, *s0);
  *s3 = _mm256_xor_si256(*s3, *s1);
  *s1 = _mm256_xor_si256(*s1, *s2);
  *s0 = _mm256_xor_si256(*s0, *s3);
  *s2 = _mm256_xor_si256(*s2, t);
  *s3 = _mm256_or_si256(_mm256_slli_epi32(*s3, 11), _mm256_srli_epi32(*s3, 21));
  return result;
}

static inline void load_state(const snn_xoshiro128x8 *r, __m256i *s0, __m256i *s1, __m256i *s2, __m256i *s3) {
  *s0 = _mm256_loadu_si256((const __m256i *)r->s0), *s1 = _mm256_loadu_si256((const __m256i *)r->s1);
  *s2 = _mm256_loadu_si256((const __m256i *)r->s2), *s3 = _mm256_loadu_si256((const __m256i *)r->s3);
}

static inline void store_state(snn_xoshiro128x8 *r, __m256i s0, __m256i s1, __m256i s2, __m256i s3) {
  _mm256_storeu_si256((__m256i *)r->s0, s0), _mm256_storeu_si256((__m256i *)r->s1, s1);
  _mm256_storeu_si256((__m256i *)r->s2, s2), _mm256_storeu_si256((__m256i *)r->s3, s3);
}

/// The counts 0..8 of eight lanes: the number of thresholds `u` has reached, 8 minus
/// those above it (unsigned t > u as a signed compare of both with the top bit flipped;
/// a true compare is -1); lanes at or past `valid` get 0.
static inline __m256i counts8(__m256i u, const uint32_t *threshold, int64_t stride, int64_t valid) {
  const __m256i flip = _mm256_set1_epi32((int32_t)0x80000000), lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  __m256i us = _mm256_xor_si256(u, flip), k = _mm256_set1_epi32(SNN_POISSON_ROWS);
  for (int m = 0; m < SNN_POISSON_ROWS; m++) {
    __m256i t = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(threshold + m * stride)), flip);
    k = _mm256_add_epi32(k, _mm256_cmpgt_epi32(t, us));
  }
  return _mm256_and_si256(k, _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)valid), lanes));
}

static int64_t POISSON_NAME(poisson_avx2)(
  int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride, const POISSON_T *lambda,
  const double *const *tail, POISSON_T height, snn_xoshiro128x8 *rng, POISSON_T *output, int32_t *event_index,
  POISSON_T *event_value) {
  int64_t count = 0;
  const __m256i last = _mm256_set1_epi32(SNN_POISSON_ROWS), zero = _mm256_setzero_si256();
  __m256i s0, s1, s2, s3;
  load_state(rng, &s0, &s1, &s2, &s3);
  for (int64_t a = 0; a < active; a += 16) {
    int wide = a + 8 < active;
    __m256i u0 = next_lanes(&s0, &s1, &s2, &s3), u1 = zero;
    if (wide) u1 = next_lanes(&s0, &s1, &s2, &s3);
    __m256i k0 = counts8(u0, threshold + a, stride, active - a);
    __m256i k1 = wide ? counts8(u1, threshold + a + 8, stride, active - a - 8) : zero;
    // Lanes past the active list hold stale indices: they never spike.
    __m256i i0 = _mm256_loadu_si256((const __m256i *)(active_index + a));
    __m256i i1 = wide ? _mm256_loadu_si256((const __m256i *)(active_index + a + 8)) : zero;
    unsigned b0 = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(k0, zero)));
    unsigned b1 = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(k1, zero)));
    unsigned lanes = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(k0, last)))
      | (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(k1, last))) << 8;
    if (lanes) {  // past P(k <= 7) (rare unless lambda is large)
      uint32_t us[16];
      int32_t is[16], ks[16];
      _mm256_storeu_si256((__m256i *)us, u0), _mm256_storeu_si256((__m256i *)(us + 8), u1);
      _mm256_storeu_si256((__m256i *)is, i0), _mm256_storeu_si256((__m256i *)(is + 8), i1);
      _mm256_storeu_si256((__m256i *)ks, k0), _mm256_storeu_si256((__m256i *)(ks + 8), k1);
      store_state(rng, s0, s1, s2, s3);
      fix_tail(lanes, us, is, ks, lambda, tail ? tail + a : 0, rng);
      load_state(rng, &s0, &s1, &s2, &s3);
      k0 = _mm256_loadu_si256((const __m256i *)ks), k1 = _mm256_loadu_si256((const __m256i *)(ks + 8));
    }
    int64_t first = count;
    count = append_counts8(b0, i0, k0, height, event_index, event_value, count);
    count = append_counts8(b1, i1, k1, height, event_index, event_value, count);
    write_output(output, event_index, event_value, first, count);
  }
  store_state(rng, s0, s1, s2, s3);
  return count;
}

/// next_lanes with AVX-512 VL's 32-bit rotate (one instruction instead of three, twice).
SNN_AVX512 static inline __m256i next_lanes_vl(__m256i *s0, __m256i *s1, __m256i *s2, __m256i *s3) {
  __m256i result = _mm256_add_epi32(_mm256_rol_epi32(_mm256_add_epi32(*s0, *s3), 7), *s0);
  __m256i t = _mm256_slli_epi32(*s1, 9);
  *s2 = _mm256_xor_si256(*s2, *s0);
  *s3 = _mm256_xor_si256(*s3, *s1);
  *s1 = _mm256_xor_si256(*s1, *s2);
  *s0 = _mm256_xor_si256(*s0, *s3);
  *s2 = _mm256_xor_si256(*s2, t);
  *s3 = _mm256_rol_epi32(*s3, 11);
  return result;
}

/// Sixteen lanes per block: the generator twice, unsigned compares into masks, and a
/// compress for the spiking lanes.
SNN_AVX512 static int64_t POISSON_NAME(poisson_avx512)(
  int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride, const POISSON_T *lambda,
  const double *const *tail, POISSON_T height, snn_xoshiro128x8 *rng, POISSON_T *output, int32_t *event_index,
  POISSON_T *event_value) {
  int64_t count = 0;
  const __m512i one = _mm512_set1_epi32(1), last = _mm512_set1_epi32(SNN_POISSON_ROWS);
  __m256i s0, s1, s2, s3;
  load_state(rng, &s0, &s1, &s2, &s3);
  for (int64_t a = 0; a < active; a += 16) {
    __mmask16 valid = active - a >= 16 ? 0xFFFF : (__mmask16)((1u << (active - a)) - 1);
    __m256i u0 = next_lanes_vl(&s0, &s1, &s2, &s3), u1 = _mm256_setzero_si256();
    if (a + 8 < active) u1 = next_lanes_vl(&s0, &s1, &s2, &s3);
    __m512i u = _mm512_inserti64x4(_mm512_castsi256_si512(u0), u1, 1);
    // Whole blocks of thresholds (the rows are padded to 16); lanes past the active list
    // are cleared at the end.
    __m512i k = _mm512_setzero_si512();
    for (int m = 0; m < SNN_POISSON_ROWS; m++) {
      __m512i t = _mm512_loadu_si512(threshold + m * stride + a);
      k = _mm512_mask_add_epi32(k, _mm512_cmpge_epu32_mask(u, t), k, one);
    }
    k = _mm512_maskz_mov_epi32(valid, k);
    __m512i index = _mm512_loadu_si512(active_index + a);
    __mmask16 spiked = _mm512_test_epi32_mask(k, k);
    __mmask16 lanes = _mm512_cmpeq_epi32_mask(k, last);
    if (lanes) {  // past P(k <= 7) (rare unless lambda is large)
      uint32_t us[16];
      int32_t is[16], ks[16];
      _mm512_storeu_si512(us, u), _mm512_storeu_si512(is, index), _mm512_storeu_si512(ks, k);
      store_state(rng, s0, s1, s2, s3);
      fix_tail(lanes, us, is, ks, lambda, tail ? tail + a : 0, rng);
      load_state(rng, &s0, &s1, &s2, &s3);
      k = _mm512_loadu_si512(ks);
    }
    int64_t first = count;
    count = append_counts16(spiked, index, k, height, event_index, event_value, count);
    write_output(output, event_index, event_value, first, count);
  }
  store_state(rng, s0, s1, s2, s3);
  return count;
}
#endif

/// The kernel for every path (snn_poisson_step, snn_poisson_step_f64).
static inline int64_t POISSON_NAME(poisson_step)(
  snn_path path, int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride,
  const POISSON_T *lambda, const double *const *tail, POISSON_T height, snn_xoshiro128x8 *rng, POISSON_T *output,
  int32_t *event_index, POISSON_T *event_value) {
#ifdef SNN_AVX2
  if (path == SNN_PATH_AVX512)
    return POISSON_NAME(poisson_avx512)(
      active, active_index, threshold, stride, lambda, tail, height, rng, output, event_index, event_value);
  if (path != SNN_PATH_SCALAR)
    return POISSON_NAME(poisson_avx2)(
      active, active_index, threshold, stride, lambda, tail, height, rng, output, event_index, event_value);
#endif
  (void)path;
  return POISSON_NAME(poisson_scalar)(
    active, active_index, threshold, stride, lambda, tail, height, rng, output, event_index, event_value);
}
