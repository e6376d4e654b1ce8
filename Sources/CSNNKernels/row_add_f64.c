// snn_row_add_f64: the row add of row_add.h for double.
#define ROW_T double
#define ROW_NAME(x) x##_f64
#define ROW_FMA fma
#define ROW_LANES 4
#define ROW_V2 __m256d
#define ROW_LOAD2 _mm256_loadu_pd
#define ROW_STORE2 _mm256_storeu_pd
#define ROW_SET2 _mm256_set1_pd
#define ROW_FMA2 _mm256_fmadd_pd
#define ROW_V5 __m512d
#define ROW_LOAD5 _mm512_loadu_pd
#define ROW_STORE5 _mm512_storeu_pd
#define ROW_SET5 _mm512_set1_pd
#define ROW_FMA5 _mm512_fmadd_pd
#define ROW_MASK5 __mmask8
#define ROW_MASKZ_LOAD5 _mm512_maskz_loadu_pd
#define ROW_MASK_STORE5 _mm512_mask_storeu_pd
#include "row_add.h"

void snn_row_add_f64(
  snn_path path, const double *w, int64_t width, const int32_t *event_index, const double *event_value,
  int64_t count, double *dest) {
  row_add_f64(path, w, width, event_index, event_value, count, dest);
}
