#include <cblas.h>

/// OpenBLAS's own thread count control (declared in openblas's cblas.h).
static inline void cblas_shim_set_threads(int n) { openblas_set_num_threads(n); }

/// OpenBLAS's own: stops its idle worker threads (the ones it uses between calls spin on
/// sched_yield for about 2^28 cycles after each call); the next threaded call starts them
/// again. Exported by libopenblas but not declared in its cblas.h.
void blas_thread_shutdown_(void);
static inline void cblas_shim_stop_idle_threads(void) { blas_thread_shutdown_(); }
