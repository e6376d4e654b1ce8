// Lane helpers shared by the C kernels (private header).
#ifndef SNN_LANES_H
#define SNN_LANES_H

#include <stdint.h>

#if defined(__AVX2__) && defined(__FMA__) && defined(__BMI2__)
#define SNN_AVX2 1
#include <immintrin.h>

/// Marks a function that uses AVX-512 (F, DQ, BW, VL): called only when snn_has_avx512().
#define SNN_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl")))

/// The permutation that moves the lanes set in `bits` (lane l = bit l) to the front, in
/// lane order (AVX2 "left-pack": BMI2 turns the bits into a byte shuffle).
static inline __m256i snn_pack_permutation(unsigned bits) {
  uint64_t expanded = _pdep_u64(bits, 0x0101010101010101ULL) * 0xFF;
  uint64_t wanted = _pext_u64(0x0706050403020100ULL, expanded);
  return _mm256_cvtepu8_epi32(_mm_cvtsi64_si128((long long)wanted));
}

/// Appends the lanes of `index` / `value` set in `bits` at `count`; returns the new count.
/// Writes eight entries whatever `bits` is.
static inline int64_t snn_append_lanes(
  unsigned bits, __m256i index, __m256 value, int32_t *event_index, float *event_value, int64_t count) {
  __m256i p = snn_pack_permutation(bits);
  _mm256_storeu_si256((__m256i *)(event_index + count), _mm256_permutevar8x32_epi32(index, p));
  _mm256_storeu_ps(event_value + count, _mm256_permutevar8x32_ps(value, p));
  return count + __builtin_popcount(bits);
}

/// snn_append_lanes for four doubles: appends lanes 0..3 of `index` / `value` set in
/// `bits` (four bits) at `count`; returns the new count. Writes eight indices and four
/// values whatever `bits` is.
static inline int64_t snn_append_lanes_f64(
  unsigned bits, __m256i index, __m256d value, int32_t *event_index, double *event_value, int64_t count) {
  _mm256_storeu_si256((__m256i *)(event_index + count), _mm256_permutevar8x32_epi32(index, snn_pack_permutation(bits)));
  // A double is two 32-bit lanes: bit l of `bits` selects lanes 2l and 2l + 1.
  __m256i p = snn_pack_permutation(_pdep_u32(bits, 0x55) * 3);
  _mm256_storeu_pd(event_value + count, _mm256_castps_pd(_mm256_permutevar8x32_ps(_mm256_castpd_ps(value), p)));
  return count + __builtin_popcount(bits);
}
#endif

#endif
