// The innermost neuron loops of SNNKernels, in C with AVX2/FMA intrinsics where the
// compiler targets them (x86-64 builds of this package do) and portable scalar C
// elsewhere; both give the same numbers. Swift's SIMD types cannot express the two
// operations these loops live on — a lane mask as bits, and packing the spiking lanes
// to the front of a vector — and without them the loops took three to four times the
// instructions (README, "Performance"). Everything else stays in Swift (SNNKernels).
#ifndef SNN_KERNELS_H
#define SNN_KERNELS_H

#include <stdint.h>

/// Constants of one LIF population (Nengo's LIF with `dt`), all in seconds except where
/// noted.
typedef struct {
  float dt;
  float tau_rc;
  float tau_ref;
  /// Lower bound of the membrane voltage (dimensionless).
  float min_voltage;
  /// Output of a spiking neuron for this step: amplitude / dt (1/s times amplitude).
  float height;
  /// expm1(-dt / tau_rc): the voltage factor of a whole step.
  float full_step;
  /// Nonzero: a spike subtracts 1 from the voltage instead of resetting it to 0.
  int32_t subtract;
} snn_lif_constants;

/// Steps `n` LIF neurons one time step (Nengo's `LIF.step`): updates `voltage` and
/// `refractory`, writes `output`, and appends the spiking neurons' indices and outputs
/// to `event_index` / `event_value`.
/// Requires room for `n + 8` events (all eight lanes of a block are written before the
/// count advances past the spiking ones).
/// Returns the number of events.
int64_t snn_lif_step(
  const snn_lif_constants *k, int64_t n, const float *current, float *voltage, float *refractory, float *output,
  int32_t *event_index, float *event_value);

/// expm1(x): a degree-6 Taylor polynomial for |x| < 1/8 (float precision), libm beyond.
float snn_expm1_small(float x);

/// log1p(y): a degree-8 series for |y| < 1/8 (float precision), libm beyond.
float snn_log1p_small(float y);

/// xoshiro128++ in eight independent lanes; the memory layout of Swift's `Xoshiro128x8`.
typedef struct {
  uint32_t s0[8], s1[8], s2[8], s3[8];
} snn_xoshiro128x8;

/// The next eight 32-bit numbers of `rng`.
void snn_xoshiro128x8_next(snn_xoshiro128x8 *rng, uint32_t out[8]);

/// One step of a Poisson population's active neurons (see PoissonKernel.swift):
/// `active` neurons listed in `active_index`, with thresholds `P(k <= m) * 2^32` for m = 0..3
/// in four rows of `stride` (`threshold[m * stride + a]`). Draws one number per active
/// neuron; the count is the number of thresholds it passed, and past the fourth the CDF
/// of Poisson(`lambda[i]`) is inverted further. Appends (index, count * height) events and,
/// when `output` is not null, writes `output[i]` (which the caller zeroed).
/// Requires `stride` >= `active` rounded up to 8 and room for `active + 8` events.
/// Returns the number of events.
int64_t snn_poisson_step(
  int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride, const float *lambda,
  float height, snn_xoshiro128x8 *rng, float *output, int32_t *event_index, float *event_value);

#endif
