// snn_row_add: the row add of row_add.h for float.
#define ROW_T float
#define ROW_NAME(x) x##_f32
#define ROW_FMA fmaf
#define ROW_LANES 8
#define ROW_V2 __m256
#define ROW_LOAD2 _mm256_loadu_ps
#define ROW_STORE2 _mm256_storeu_ps
#define ROW_SET2 _mm256_set1_ps
#define ROW_FMA2 _mm256_fmadd_ps
#define ROW_V5 __m512
#define ROW_LOAD5 _mm512_loadu_ps
#define ROW_STORE5 _mm512_storeu_ps
#define ROW_SET5 _mm512_set1_ps
#define ROW_FMA5 _mm512_fmadd_ps
#define ROW_MASK5 __mmask16
#define ROW_MASKZ_LOAD5 _mm512_maskz_loadu_ps
#define ROW_MASK_STORE5 _mm512_mask_storeu_ps
#include "row_add.h"

void snn_row_add(
  snn_path path, const float *w, int64_t width, const int32_t *event_index, const float *event_value, int64_t count,
  float *dest) {
  row_add_f32(path, w, width, event_index, event_value, count, dest);
}
