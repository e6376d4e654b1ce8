// The innermost loops of SNNKernels — the event-driven row add, the LIF step and the
// Poisson draw — in C: portable scalar C everywhere, AVX2/FMA intrinsics where the
// compiler targets them (x86-64 builds of this package do), and AVX-512 versions chosen
// at run time on CPUs that have it. Every path gives the same numbers. Swift's SIMD types
// cannot express the operations these loops live on — a lane mask as bits, packing the
// spiking lanes to the front of a vector, mask registers — and without them the loops took
// three to four times the instructions (README, "Performance"). Everything else stays in
// Swift (SNNKernels).
#ifndef SNN_KERNELS_H
#define SNN_KERNELS_H

#include <stdint.h>

/// Which instructions a kernel uses. Every path gives the same numbers (tests check it bit
/// for bit); the fastest one the CPU has is the default.
typedef enum {
  /// Portable C, one lane at a time.
  SNN_PATH_SCALAR = 0,
  /// AVX2 and FMA (x86-64 builds of this package require them).
  SNN_PATH_AVX2 = 1,
  /// AVX-512 (F, DQ, BW, VL) where the CPU has it, else AVX2.
  SNN_PATH_AVX512 = 2,
} snn_path;

/// The fastest path this CPU (and the OS) supports.
snn_path snn_cpu_path(void);

/// The event-driven synaptic update `dest[c] += sum over e < count of event_value[e] *
/// w[event_index[e] * width + c]` for `c < width` (`w` has rows of `width` floats), each
/// column's products added in event order with one fused multiply-add each.
/// `path` (here and below) must be one the CPU has: at most snn_cpu_path().
void snn_row_add(
  snn_path path, const float *w, int64_t width, const int32_t *event_index, const float *event_value, int64_t count,
  float *dest);

/// snn_row_add in double: `w`, `event_value` and `dest` hold doubles, each product added
/// with one fused multiply-add in event order, the same on every path.
void snn_row_add_f64(
  snn_path path, const double *w, int64_t width, const int32_t *event_index, const double *event_value, int64_t count,
  double *dest);

/// Constants of one LIF population (Nengo's LIF with `dt`), all in seconds except where
/// noted.
typedef struct {
  float dt;
  float tau_rc;
  /// 1 / tau_rc, in 1/s (the kernels multiply: a division would lengthen every step's
  /// critical path by a divide's latency).
  float inv_tau_rc;
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
/// Requires room for `n + 16` events (all lanes of a vector are written before the count
/// advances past the spiking ones).
/// Returns the number of events.
int64_t snn_lif_step(
  snn_path path, const snn_lif_constants *k, int64_t n, const float *current, float *voltage, float *refractory,
  float *output, int32_t *event_index, float *event_value);

/// expm1(x): a degree-6 Taylor polynomial for |x| < 1/8 (float precision), libm beyond.
float snn_expm1_small(float x);

/// log1p(y): a degree-8 series for |y| < 1/8 (float precision), libm beyond.
float snn_log1p_small(float y);

/// Constants of one LIF population in double (see snn_lif_constants; the same fields and
/// units).
typedef struct {
  double dt;
  double tau_rc;
  double inv_tau_rc;
  double tau_ref;
  double min_voltage;
  double height;
  double full_step;
  int32_t subtract;
} snn_lif_constants_f64;

/// snn_lif_step in double, for comparisons with Nengo (numpy float64) to 1e-9: Nengo's
/// operations in Nengo's order — `v - (J - v) * factor` and `dt + tau_rc * log1p(y)` with
/// two roundings each, `y = (1 - v) / (J - 1)` divided — so a neuron integrating a whole
/// step gets Nengo's bits. expm1 and log1p are polynomials within 0.6 ulp of the exact
/// value for |x| < 1/8 (snn_expm1_small_f64, snn_log1p_small_f64) and libm beyond; the
/// argument of expm1 is `-dT * inv_tau_rc` (within an ulp of Nengo's `-dT / tau_rc`). The
/// float kernel's one departure from Nengo holds here too: a NaN crossing time (a spike
/// from a voltage above J > 1) integrates a whole step on the next one instead of turning
/// the voltage NaN for good.
/// Requires room for `n + 16` events. Returns the number of events.
int64_t snn_lif_step_f64(
  snn_path path, const snn_lif_constants_f64 *k, int64_t n, const double *current, double *voltage,
  double *refractory, double *output, int32_t *event_index, double *event_value);

/// expm1(x) in double: `x + x * (x * Q(x))`, Q the Taylor series of (expm1(x) - x) / x^2
/// to degree 9 (truncation below 3e-19 relative), for |x| < 1/8; libm beyond.
double snn_expm1_small_f64(double x);

/// log1p(y) in double: `y + y * (y * R(y))`, R the Taylor series of (log1p(y) - y) / y^2
/// to degree 16 (truncation below 3e-18 relative), for |y| < 1/8; libm beyond.
double snn_log1p_small_f64(double y);

/// xoshiro128++ in eight independent lanes; the memory layout of Swift's `Xoshiro128x8`.
typedef struct {
  uint32_t s0[8], s1[8], s2[8], s3[8];
} snn_xoshiro128x8;

/// The next eight 32-bit numbers of `rng`.
void snn_xoshiro128x8_next(snn_xoshiro128x8 *rng, uint32_t out[8]);

/// Threshold rows of a Poisson population: `P(k <= m) * 2^32` for m = 0..7.
#define SNN_POISSON_ROWS 8

/// One step of a Poisson population's active neurons (see PoissonKernel.swift):
/// `active` neurons listed in `active_index`, with thresholds `P(k <= m) * 2^32` for
/// m = 0..7 in SNN_POISSON_ROWS rows of `stride` (`threshold[m * stride + a]`). Draws one
/// number per active neuron, in blocks of 16 (the generator's next eight, and the next
/// eight again if the block has more than eight neurons); the count is the number of
/// thresholds it passed, and past the last one the CDF of Poisson(`lambda[i]`) is inverted
/// further, in neuron order after the block's draws. Appends (index, count * height)
/// events and, when `output` is not null, writes `output[i]` (which the caller zeroed).
/// `tail`, when not null, holds for each active neuron (`tail[a]`) its lambda's table from
/// snn_poisson_tail, or null: the inversion past the last threshold then reads the table
/// instead of summing the CDF (the same counts, without an `exp` per draw).
/// Requires `stride` >= `active` rounded up to 16 (the entries past `active` are read but
/// not used) and room for `active + 16` events.
/// Returns the number of events.
int64_t snn_poisson_step(
  snn_path path, int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride,
  const float *lambda, const double *const *tail, float height, snn_xoshiro128x8 *rng, float *output,
  int32_t *event_index, float *event_value);

/// snn_poisson_step with double rates, heights and outputs: the same thresholds, the same
/// draws from `rng` and the same counts as the float kernel given the same thresholds
/// and generator state (and lambdas that agree where counts pass the last threshold).
/// The thresholds stay 32-bit: a count is exact for `u`, but `P(k <= m)` is rounded down
/// to a multiple of 2^-32 (about 2.3e-10), so each count's probability is off by at most
/// that much, far below what a float64 comparison with Nengo can see (Nengo draws its own
/// random numbers; only distributions compare). Past the last threshold the CDF of
/// Poisson(`lambda[i]`) is inverted in double, from the same `u`.
int64_t snn_poisson_step_f64(
  snn_path path, int64_t active, const int32_t *active_index, const uint32_t *threshold, int64_t stride,
  const double *lambda, const double *const *tail, double height, snn_xoshiro128x8 *rng, double *output,
  int32_t *event_index, double *event_value);

/// Entries of a table of snn_poisson_tail: enough for every lambda up to 64 (the largest
/// one the CDF is inverted for; lambda = 64 needs 114).
#define SNN_POISSON_TAIL 128

/// The CDF of Poisson(`lambda`) from k = 8 on, for snn_poisson_step's `tail`:
/// `cdf[j] = P(k <= 8 + j)`, summed term by term exactly as the kernel's CDF inversion sums
/// it (so a count drawn through the table equals the one drawn without it, bit for bit),
/// up to the first entry no draw can exceed (1 - 2^-33, or +inf where that inversion
/// stops: k = 1000 or a term that underflows to 0), then +inf up to `capacity`. Returns the
/// entries before that padding, or 0 when they do not fit in `capacity` (then pass a null
/// table). snn_poisson_step searches all SNN_POISSON_TAIL entries: give it tables of that
/// capacity.
int64_t snn_poisson_tail(double lambda, double *cdf, int64_t capacity);

#endif
