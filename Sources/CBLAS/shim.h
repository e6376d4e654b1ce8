#include <cblas.h>

/// OpenBLAS's own thread count control (declared in openblas's cblas.h).
static inline void cblas_shim_set_threads(int n) { openblas_set_num_threads(n); }

/// OpenBLAS's own: stops its idle worker threads (the ones it uses between calls spin on
/// sched_yield for about 2^28 cycles after each call); the next threaded call starts them
/// again. Exported by libopenblas but not declared in its cblas.h.
void blas_thread_shutdown_(void);
static inline void cblas_shim_stop_idle_threads(void) { blas_thread_shutdown_(); }

// MARK: - LAPACK (Fortran routines exported by OpenBLAS)
//
// OpenBLAS exports LAPACK's Fortran symbols (`dposv_`, `dgelsd_`, ...) but ships no C
// header for them (LAPACKE is a separate Debian package). They follow the Fortran calling
// convention: every argument by pointer, matrices column-major, integers `blasint` (32-bit
// in Debian's build: OPENBLAS_USE64BITINT is not defined), and one hidden `size_t` length
// per character argument appended after the visible ones (gfortran >= 8). Only
// SNNKernels/Linear/LAPACK.swift calls these.

/// Solves A X = B for a symmetric positive definite A (n x n) by Cholesky factorisation;
/// A is overwritten by its factor, B (n x nrhs) by X. info > 0: the leading minor of that
/// order is not positive definite.
void dposv_(const char *uplo, const blasint *n, const blasint *nrhs, double *a,
            const blasint *lda, double *b, const blasint *ldb, blasint *info,
            size_t uplo_len);

/// Minimum-norm least squares min |A X - B| by divide-and-conquer SVD, treating singular
/// values s <= rcond * s_max as zero (what numpy.linalg.lstsq calls). A (m x n) is
/// destroyed, B (max(m, n) x nrhs) holds X in its first n rows. lwork = -1 is a workspace
/// query (optimal lwork in work[0], minimal liwork in iwork[0]). info > 0: the SVD did not
/// converge.
void dgelsd_(const blasint *m, const blasint *n, const blasint *nrhs, double *a,
             const blasint *lda, double *b, const blasint *ldb, double *s,
             const double *rcond, blasint *rank, double *work, const blasint *lwork,
             blasint *iwork, blasint *info);
