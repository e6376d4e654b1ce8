#include <cblas.h>

/// OpenBLAS's own thread count control (declared in openblas's cblas.h).
static inline void cblas_shim_set_threads(int n) { openblas_set_num_threads(n); }
