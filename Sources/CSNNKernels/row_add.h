// The event-driven row add for one element type (private header, included once by
// row_add.c for float and once by row_add_f64.c for double).
//
// Every path adds, for each column, the events' products in event order with one fused
// multiply-add each: the paths differ only in how many columns share an instruction, so
// they give the same bits.
//
// The including file defines, for its element type:
//   ROW_T          the element type;                ROW_FMA    its scalar fused multiply-add;
//   ROW_NAME(x)    x with the type's suffix;        ROW_LANES  elements per AVX2 vector;
//   ROW_V2, ROW_LOAD2, ROW_STORE2, ROW_SET2, ROW_FMA2: the AVX2 vector type and operations;
//   ROW_V5, ROW_LOAD5, ROW_STORE5, ROW_SET5, ROW_FMA5, ROW_MASK5, ROW_MASKZ_LOAD5,
//   ROW_MASK_STORE5: their AVX-512 twins (vectors of 2 * ROW_LANES, a mask bit a lane).
#include <math.h>
#include "snn_kernels.h"
#include "lanes.h"

/// Columns `from..<width` one at a time.
static void ROW_NAME(row_add_scalar)(
  const ROW_T *w, int64_t width, int64_t from, const int32_t *event_index, const ROW_T *event_value, int64_t count,
  ROW_T *dest) {
  for (int64_t c = from; c < width; c++) {
    ROW_T a = dest[c];
    for (int64_t e = 0; e < count; e++) a = ROW_FMA(w[(int64_t)event_index[e] * width + c], event_value[e], a);
    dest[c] = a;
  }
}

#ifdef SNN_AVX2
/// Columns in tiles of eight AVX2 vectors (eight accumulators held across all events, no
/// spills), then of one vector, then one at a time.
static void ROW_NAME(row_add_avx2)(
  const ROW_T *w, int64_t width, const int32_t *event_index, const ROW_T *event_value, int64_t count, ROW_T *dest) {
  enum { L = ROW_LANES };
  int64_t c = 0;
  for (; c + 8 * L <= width; c += 8 * L) {
    ROW_T *d = dest + c;
    ROW_V2 a0 = ROW_LOAD2(d), a1 = ROW_LOAD2(d + L), a2 = ROW_LOAD2(d + 2 * L), a3 = ROW_LOAD2(d + 3 * L);
    ROW_V2 a4 = ROW_LOAD2(d + 4 * L), a5 = ROW_LOAD2(d + 5 * L), a6 = ROW_LOAD2(d + 6 * L), a7 = ROW_LOAD2(d + 7 * L);
    for (int64_t e = 0; e < count; e++) {
      const ROW_T *r = w + (int64_t)event_index[e] * width + c;
      ROW_V2 s = ROW_SET2(event_value[e]);
      a0 = ROW_FMA2(ROW_LOAD2(r), s, a0), a1 = ROW_FMA2(ROW_LOAD2(r + L), s, a1);
      a2 = ROW_FMA2(ROW_LOAD2(r + 2 * L), s, a2), a3 = ROW_FMA2(ROW_LOAD2(r + 3 * L), s, a3);
      a4 = ROW_FMA2(ROW_LOAD2(r + 4 * L), s, a4), a5 = ROW_FMA2(ROW_LOAD2(r + 5 * L), s, a5);
      a6 = ROW_FMA2(ROW_LOAD2(r + 6 * L), s, a6), a7 = ROW_FMA2(ROW_LOAD2(r + 7 * L), s, a7);
    }
    ROW_STORE2(d, a0), ROW_STORE2(d + L, a1), ROW_STORE2(d + 2 * L, a2), ROW_STORE2(d + 3 * L, a3);
    ROW_STORE2(d + 4 * L, a4), ROW_STORE2(d + 5 * L, a5), ROW_STORE2(d + 6 * L, a6), ROW_STORE2(d + 7 * L, a7);
  }
  for (; c + L <= width; c += L) {
    ROW_V2 a = ROW_LOAD2(dest + c);
    for (int64_t e = 0; e < count; e++)
      a = ROW_FMA2(ROW_LOAD2(w + (int64_t)event_index[e] * width + c), ROW_SET2(event_value[e]), a);
    ROW_STORE2(dest + c, a);
  }
  ROW_NAME(row_add_scalar)(w, width, c, event_index, event_value, count, dest);
}

/// Columns in tiles of eight AVX-512 vectors, then of one vector, the last one masked.
SNN_AVX512 static void ROW_NAME(row_add_avx512)(
  const ROW_T *w, int64_t width, const int32_t *event_index, const ROW_T *event_value, int64_t count, ROW_T *dest) {
  enum { L = 2 * ROW_LANES };
  int64_t c = 0;
  for (; c + 8 * L <= width; c += 8 * L) {
    ROW_T *d = dest + c;
    ROW_V5 a0 = ROW_LOAD5(d), a1 = ROW_LOAD5(d + L), a2 = ROW_LOAD5(d + 2 * L), a3 = ROW_LOAD5(d + 3 * L);
    ROW_V5 a4 = ROW_LOAD5(d + 4 * L), a5 = ROW_LOAD5(d + 5 * L), a6 = ROW_LOAD5(d + 6 * L), a7 = ROW_LOAD5(d + 7 * L);
    for (int64_t e = 0; e < count; e++) {
      const ROW_T *r = w + (int64_t)event_index[e] * width + c;
      ROW_V5 s = ROW_SET5(event_value[e]);
      a0 = ROW_FMA5(ROW_LOAD5(r), s, a0), a1 = ROW_FMA5(ROW_LOAD5(r + L), s, a1);
      a2 = ROW_FMA5(ROW_LOAD5(r + 2 * L), s, a2), a3 = ROW_FMA5(ROW_LOAD5(r + 3 * L), s, a3);
      a4 = ROW_FMA5(ROW_LOAD5(r + 4 * L), s, a4), a5 = ROW_FMA5(ROW_LOAD5(r + 5 * L), s, a5);
      a6 = ROW_FMA5(ROW_LOAD5(r + 6 * L), s, a6), a7 = ROW_FMA5(ROW_LOAD5(r + 7 * L), s, a7);
    }
    ROW_STORE5(d, a0), ROW_STORE5(d + L, a1), ROW_STORE5(d + 2 * L, a2), ROW_STORE5(d + 3 * L, a3);
    ROW_STORE5(d + 4 * L, a4), ROW_STORE5(d + 5 * L, a5), ROW_STORE5(d + 6 * L, a6), ROW_STORE5(d + 7 * L, a7);
  }
  for (; c < width; c += L) {
    ROW_MASK5 m = width - c >= L ? (ROW_MASK5)~0u : (ROW_MASK5)((1u << (width - c)) - 1);
    ROW_V5 a = ROW_MASKZ_LOAD5(m, dest + c);
    for (int64_t e = 0; e < count; e++)
      a = ROW_FMA5(ROW_MASKZ_LOAD5(m, w + (int64_t)event_index[e] * width + c), ROW_SET5(event_value[e]), a);
    ROW_MASK_STORE5(dest + c, m, a);
  }
}
#endif

/// The kernel for every path (snn_row_add, snn_row_add_f64).
static inline void ROW_NAME(row_add)(
  snn_path path, const ROW_T *w, int64_t width, const int32_t *event_index, const ROW_T *event_value, int64_t count,
  ROW_T *dest) {
#ifdef SNN_AVX2
  if (path == SNN_PATH_AVX512) {
    ROW_NAME(row_add_avx512)(w, width, event_index, event_value, count, dest);
    return;
  }
  if (path != SNN_PATH_SCALAR) {
    ROW_NAME(row_add_avx2)(w, width, event_index, event_value, count, dest);
    return;
  }
#endif
  (void)path;
  ROW_NAME(row_add_scalar)(w, width, 0, event_index, event_value, count, dest);
}
