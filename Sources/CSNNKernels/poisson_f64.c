// snn_poisson_step_f64: the Poisson draw of poisson.h with double lambdas and outputs.
#include "lanes.h"

#define POISSON_T double
#define POISSON_NAME(x) x##_f64

#ifdef SNN_AVX2
/// Eight counts as two vectors of four doubles.
static inline int64_t append_counts8(
  unsigned bits, __m256i index, __m256i k, double height, int32_t *event_index, double *event_value,
  int64_t count) {
  const __m256d h = _mm256_set1_pd(height);
  __m256d lo = _mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(k)), h);
  __m256d hi = _mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(k, 1)), h);
  count = snn_append_lanes_f64(bits & 15, index, lo, event_index, event_value, count);
  __m256i upper = _mm256_permute2x128_si256(index, index, 1);
  return snn_append_lanes_f64(bits >> 4, upper, hi, event_index, event_value, count);
}

/// Sixteen counts as two vectors of eight doubles, compressed one after the other.
SNN_AVX512 static inline int64_t append_counts16(
  __mmask16 spiked, __m512i index, __m512i k, double height, int32_t *event_index, double *event_value,
  int64_t count) {
  const __m512d h = _mm512_set1_pd(height);
  __m512d lo = _mm512_mul_pd(_mm512_cvtepi32_pd(_mm512_castsi512_si256(k)), h);
  __m512d hi = _mm512_mul_pd(_mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(k, 1)), h);
  _mm512_storeu_si512(event_index + count, _mm512_maskz_compress_epi32(spiked, index));
  int64_t middle = count + __builtin_popcount(spiked & 0xFF);
  _mm512_storeu_pd(event_value + count, _mm512_maskz_compress_pd((__mmask8)spiked, lo));
  _mm512_storeu_pd(event_value + middle, _mm512_maskz_compress_pd((__mmask8)(spiked >> 8), hi));
  return count + __builtin_popcount(spiked);
}
#endif

#include "poisson.h"

int64_t snn_poisson_step_f64(
  snn_path path, int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride,
  const double *lambda, const double *const *tail, double height, snn_xoshiro128x8 *rng, double *output, int32_t *event_index,
  double *event_value) {
  return poisson_step_f64(
    path, active, active_index, threshold, stride, lambda, tail, height, rng, output, event_index, event_value);
}
