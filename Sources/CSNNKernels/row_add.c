#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

// Every path adds, for each column, the events' products in event order with one fused
// multiply-add each: the paths differ only in how many columns share an instruction, so
// they give the same bits.

/// Columns `from..<width` one at a time.
static void row_add_scalar(
  const float *w, int64_t width, int64_t from, const int32_t *event_index, const float *event_value, int64_t count,
  float *dest) {
  for (int64_t c = from; c < width; c++) {
    float a = dest[c];
    for (int64_t e = 0; e < count; e++) a = fmaf(w[(int64_t)event_index[e] * width + c], event_value[e], a);
    dest[c] = a;
  }
}

#ifdef SNN_AVX2
/// Columns in tiles of 64 (eight AVX2 accumulators held across all events, no spills),
/// then of 8, then one at a time.
static void row_add_avx2(
  const float *w, int64_t width, const int32_t *event_index, const float *event_value, int64_t count, float *dest) {
  int64_t c = 0;
  for (; c + 64 <= width; c += 64) {
    float *d = dest + c;
    __m256 a0 = _mm256_loadu_ps(d), a1 = _mm256_loadu_ps(d + 8), a2 = _mm256_loadu_ps(d + 16);
    __m256 a3 = _mm256_loadu_ps(d + 24), a4 = _mm256_loadu_ps(d + 32), a5 = _mm256_loadu_ps(d + 40);
    __m256 a6 = _mm256_loadu_ps(d + 48), a7 = _mm256_loadu_ps(d + 56);
    for (int64_t e = 0; e < count; e++) {
      const float *r = w + (int64_t)event_index[e] * width + c;
      __m256 s = _mm256_set1_ps(event_value[e]);
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(r), s, a0), a1 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 8), s, a1);
      a2 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 16), s, a2), a3 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 24), s, a3);
      a4 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 32), s, a4), a5 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 40), s, a5);
      a6 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 48), s, a6), a7 = _mm256_fmadd_ps(_mm256_loadu_ps(r + 56), s, a7);
    }
    _mm256_storeu_ps(d, a0), _mm256_storeu_ps(d + 8, a1), _mm256_storeu_ps(d + 16, a2);
    _mm256_storeu_ps(d + 24, a3), _mm256_storeu_ps(d + 32, a4), _mm256_storeu_ps(d + 40, a5);
    _mm256_storeu_ps(d + 48, a6), _mm256_storeu_ps(d + 56, a7);
  }
  for (; c + 8 <= width; c += 8) {
    __m256 a = _mm256_loadu_ps(dest + c);
    for (int64_t e = 0; e < count; e++)
      a = _mm256_fmadd_ps(_mm256_loadu_ps(w + (int64_t)event_index[e] * width + c), _mm256_set1_ps(event_value[e]), a);
    _mm256_storeu_ps(dest + c, a);
  }
  row_add_scalar(w, width, c, event_index, event_value, count, dest);
}
#endif

#ifdef SNN_AVX2
/// Columns in tiles of 128 (eight AVX-512 accumulators), then of 16, the last one masked.
SNN_AVX512 static void row_add_avx512(
  const float *w, int64_t width, const int32_t *event_index, const float *event_value, int64_t count, float *dest) {
  int64_t c = 0;
  for (; c + 128 <= width; c += 128) {
    float *d = dest + c;
    __m512 a0 = _mm512_loadu_ps(d), a1 = _mm512_loadu_ps(d + 16), a2 = _mm512_loadu_ps(d + 32);
    __m512 a3 = _mm512_loadu_ps(d + 48), a4 = _mm512_loadu_ps(d + 64), a5 = _mm512_loadu_ps(d + 80);
    __m512 a6 = _mm512_loadu_ps(d + 96), a7 = _mm512_loadu_ps(d + 112);
    for (int64_t e = 0; e < count; e++) {
      const float *r = w + (int64_t)event_index[e] * width + c;
      __m512 s = _mm512_set1_ps(event_value[e]);
      a0 = _mm512_fmadd_ps(_mm512_loadu_ps(r), s, a0), a1 = _mm512_fmadd_ps(_mm512_loadu_ps(r + 16), s, a1);
      a2 = _mm512_fmadd_ps(_mm512_loadu_ps(r + 32), s, a2), a3 = _mm512_fmadd_ps(_mm512_loadu_ps(r + 48), s, a3);
      a4 = _mm512_fmadd_ps(_mm512_loadu_ps(r + 64), s, a4), a5 = _mm512_fmadd_ps(_mm512_loadu_ps(r + 80), s, a5);
      a6 = _mm512_fmadd_ps(_mm512_loadu_ps(r + 96), s, a6), a7 = _mm512_fmadd_ps(_mm512_loadu_ps(r + 112), s, a7);
    }
    _mm512_storeu_ps(d, a0), _mm512_storeu_ps(d + 16, a1), _mm512_storeu_ps(d + 32, a2);
    _mm512_storeu_ps(d + 48, a3), _mm512_storeu_ps(d + 64, a4), _mm512_storeu_ps(d + 80, a5);
    _mm512_storeu_ps(d + 96, a6), _mm512_storeu_ps(d + 112, a7);
  }
  for (; c < width; c += 16) {
    __mmask16 m = width - c >= 16 ? 0xFFFF : (__mmask16)((1u << (width - c)) - 1);
    __m512 a = _mm512_maskz_loadu_ps(m, dest + c);
    for (int64_t e = 0; e < count; e++)
      a = _mm512_fmadd_ps(
        _mm512_maskz_loadu_ps(m, w + (int64_t)event_index[e] * width + c), _mm512_set1_ps(event_value[e]), a);
    _mm512_mask_storeu_ps(dest + c, m, a);
  }
}
#endif

void snn_row_add(
  snn_path path, const float *w, int64_t width, const int32_t *event_index, const float *event_value, int64_t count,
  float *dest) {
#ifdef SNN_AVX2
  if (path == SNN_PATH_AVX512) {
    row_add_avx512(w, width, event_index, event_value, count, dest);
    return;
  }
  if (path != SNN_PATH_SCALAR) {
    row_add_avx2(w, width, event_index, event_value, count, dest);
    return;
  }
#endif
  (void)path;
  row_add_scalar(w, width, 0, event_index, event_value, count, dest);
}
