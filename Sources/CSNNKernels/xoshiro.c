#include "snn_kernels.h"

void snn_xoshiro128x8_next(snn_xoshiro128x8 *r, uint32_t out[8]) {
  for (int l = 0; l < 8; l++) {
    uint32_t s0 = r->s0[l], s1 = r->s1[l], s2 = r->s2[l], s3 = r->s3[l];
    uint32_t sum = s0 + s3;
    out[l] = ((sum << 7) | (sum >> 25)) + s0;
    uint32_t t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >> 21);
    r->s0[l] = s0, r->s1[l] = s1, r->s2[l] = s2, r->s3[l] = s3;
  }
}
