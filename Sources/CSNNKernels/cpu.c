#include "snn_kernels.h"
#include "lanes.h"

static snn_path detect(void) {
#ifdef SNN_AVX2
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw")
      && __builtin_cpu_supports("avx512vl"))
    return SNN_PATH_AVX512;
  return SNN_PATH_AVX2;
#else
  return SNN_PATH_SCALAR;
#endif
}

// Starts unknown (-1); racing first calls store the same value.
static int cpu = -1;

snn_path snn_cpu_path(void) {
  int p = __atomic_load_n(&cpu, __ATOMIC_RELAXED);
  if (p < 0) {
    p = (int)detect();
    __atomic_store_n(&cpu, p, __ATOMIC_RELAXED);
  }
  return (snn_path)p;
}
