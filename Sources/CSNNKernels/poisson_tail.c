// snn_poisson_tail: the CDF of Poisson(lambda) past P(k <= 7), for spike_count (poisson.h).
#include <math.h>
#include "snn_kernels.h"

int64_t snn_poisson_tail(double lambda, double *cdf, int64_t capacity) {
  // The largest `uu` spike_count compares: (2^32 - 1 + 0.5) / 2^32.
  const double last_u = (4294967295.0 + 0.5) / 4294967296.0;
  if (capacity < 1) return 0;
  // spike_count's loop, term by term (the same operations in the same order, so the same
  // doubles): it stops at k with uu <= P(k <= k), at k = 1000, or at the first k whose
  // term underflows to 0 (returning k whatever uu is: +inf here).
  double p = exp(-lambda), sum = p;
  int64_t k = 0;
  for (;;) {
    int stop = k == 1000;
    if (k > 0) {
      p *= lambda / k;
      sum += p;
      stop = stop || p == 0;
    }
    if (k >= SNN_POISSON_ROWS || stop) {
      int64_t j = k >= SNN_POISSON_ROWS ? k - SNN_POISSON_ROWS : 0;
      if (j >= capacity) return 0;
      cdf[j] = stop ? INFINITY : sum;
      if (stop || sum >= last_u) {
        for (int64_t rest = j + 1; rest < capacity; rest++) cdf[rest] = INFINITY;
        return j + 1;
      }
    }
    k += 1;
  }
}
