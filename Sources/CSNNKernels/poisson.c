#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

/// The Poisson count whose CDF interval holds `u` (called when `u` is past P(k <= 3)).
static int spike_count(uint32_t u, float lambda, snn_xoshiro128x8 *rng) {
  double lam = lambda;
  double uu = ((double)u + 0.5) * (1.0 / 4294967296.0);
  if (lam > 64) {  // normal approximation round(lambda + sqrt(lambda) z), z by Box-Muller
    uint32_t r[8];
    snn_xoshiro128x8_next(rng, r);
    double u2 = ((double)r[0] + 0.5) * (1.0 / 4294967296.0);
    double z = sqrt(-2 * log(uu)) * cos(2 * M_PI * u2);
    double k = round(lam + sqrt(lam) * z);
    return k > 0 ? (int)k : 0;
  }
  int k = 0;
  double p = exp(-lam), cdf = p;
  while (uu > cdf && k < 1000) {
    k += 1;
    p *= lam / k;
    cdf += p;
    if (p == 0) break;
  }
  return k > 4 ? k : 4;
}

#ifdef SNN_AVX2
static inline __m256i next_lanes(snn_xoshiro128x8 *r) {
  __m256i s0 = _mm256_loadu_si256((const __m256i *)r->s0), s1 = _mm256_loadu_si256((const __m256i *)r->s1);
  __m256i s2 = _mm256_loadu_si256((const __m256i *)r->s2), s3 = _mm256_loadu_si256((const __m256i *)r->s3);
  __m256i sum = _mm256_add_epi32(s0, s3);
  __m256i result = _mm256_add_epi32(_mm256_or_si256(_mm256_slli_epi32(sum, 7), _mm256_srli_epi32(sum, 25)), s0);
  __m256i t = _mm256_slli_epi32(s1, 9);
  s2 = _mm256_xor_si256(s2, s0);
  s3 = _mm256_xor_si256(s3, s1);
  s1 = _mm256_xor_si256(s1, s2);
  s0 = _mm256_xor_si256(s0, s3);
  s2 = _mm256_xor_si256(s2, t);
  s3 = _mm256_or_si256(_mm256_slli_epi32(s3, 11), _mm256_srli_epi32(s3, 21));
  _mm256_storeu_si256((__m256i *)r->s0, s0), _mm256_storeu_si256((__m256i *)r->s1, s1);
  _mm256_storeu_si256((__m256i *)r->s2, s2), _mm256_storeu_si256((__m256i *)r->s3, s3);
  return result;
}
#endif

int64_t snn_poisson_step(
  int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride, const float *lambda,
  float height, snn_xoshiro128x8 *rng, float *output, int32_t *event_index, float *event_value) {
  int64_t count = 0;
#ifdef SNN_AVX2
  const __m256i flip = _mm256_set1_epi32((int32_t)0x80000000), lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i four = _mm256_set1_epi32(4);
  const __m256 h = _mm256_set1_ps(height);
  for (int64_t a = 0; a < active; a += 8) {
    __m256i u = next_lanes(rng);
    // k = the number of thresholds u has reached: 4 minus those above it (unsigned t > u
    // as a signed compare of both with the top bit flipped; a true compare is -1).
    __m256i us = _mm256_xor_si256(u, flip), k = four;
    for (int m = 0; m < 4; m++) {
      __m256i t = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(threshold + m * stride + a)), flip);
      k = _mm256_add_epi32(k, _mm256_cmpgt_epi32(t, us));
    }
    // Lanes past the active list hold stale thresholds: they never spike.
    __m256i valid = _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)(active - a)), lanes);
    k = _mm256_and_si256(k, valid);
    __m256i index = _mm256_loadu_si256((const __m256i *)(active_index + a));
    __m256 spikes = _mm256_cvtepi32_ps(k);
    unsigned tail = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(k, four)));
    if (tail) {  // past P(k <= 3) (rare unless lambda is large): invert the CDF further
      uint32_t us_[8];
      int32_t is[8];
      float ss[8];
      _mm256_storeu_si256((__m256i *)us_, u), _mm256_storeu_si256((__m256i *)is, index), _mm256_storeu_ps(ss, spikes);
      for (int l = 0; l < 8; l++)
        if (tail >> l & 1) ss[l] = (float)spike_count(us_[l], lambda[is[l]], rng);
      spikes = _mm256_loadu_ps(ss);
    }
    unsigned bits = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(k, _mm256_setzero_si256())));
    int64_t first = count;
    count = snn_append_lanes(bits, index, _mm256_mul_ps(spikes, h), event_index, event_value, count);
    if (output)
      for (int64_t e = first; e < count; e++) output[event_index[e]] = event_value[e];
  }
#else
  for (int64_t a = 0; a < active; a += 8) {
    uint32_t u[8];
    snn_xoshiro128x8_next(rng, u);
    for (int l = 0; l < 8 && a + l < active; l++) {
      int k = 0;
      for (int m = 0; m < 4; m++) k += u[l] >= threshold[m * stride + a + l];
      if (k == 0) continue;
      int32_t i = active_index[a + l];
      if (k == 4) k = spike_count(u[l], lambda[i], rng);
      event_index[count] = i;
      event_value[count] = (float)k * height;
      if (output) output[i] = event_value[count];
      count++;
    }
  }
#endif
  return count;
}
