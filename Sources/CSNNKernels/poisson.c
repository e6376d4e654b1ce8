// snn_poisson_step: the Poisson draw of poisson.h with float outputs.
#include "lanes.h"

#define POISSON_T float
#define POISSON_NAME(x) x##_f32

#ifdef SNN_AVX2
static inline int64_t append_counts8(
  unsigned bits, __m256i index, __m256i k, float height, int32_t *event_index, float *event_value, int64_t count) {
  __m256 value = _mm256_mul_ps(_mm256_cvtepi32_ps(k), _mm256_set1_ps(height));
  return snn_append_lanes(bits, index, value, event_index, event_value, count);
}

SNN_AVX512 static inline int64_t append_counts16(
  __mmask16 spiked, __m512i index, __m512i k, float height, int32_t *event_index, float *event_value,
  int64_t count) {
  __m512 value = _mm512_mul_ps(_mm512_cvtepi32_ps(k), _mm512_set1_ps(height));
  _mm512_storeu_si512(event_index + count, _mm512_maskz_compress_epi32(spiked, index));
  _mm512_storeu_ps(event_value + count, _mm512_maskz_compress_ps(spiked, value));
  return count + __builtin_popcount(spiked);
}
#endif

#include "poisson.h"

int64_t snn_poisson_step(
  snn_path path, int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride,
  const float *lambda, const double *const *tail, float height, snn_xoshiro128x8 *rng, float *output, int32_t *event_index, float *event_value) {
  return poisson_step_f32(
    path, active, active_index, threshold, stride, lambda, tail, height, rng, output, event_index, event_value);
}
