/* reoffsim — Philox4x32-10 streams keyed by (seed, replicate) with counters
 * (agent, purpose, occurrence, lane). Uses Random123's reference kernel. */
#include "reoffsim/rng.h"

#include <math.h>

#include <Random123/philox.h>

/* SplitMix64 finaliser: spreads a 64-bit seed over all key bits. */
static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

rs_rng_key rs_rng_key_make(uint64_t seed, uint32_t replicate)
{
    /* Mix the seed first so nearby seeds give unrelated keys, then fold the
     * replicate in: distinct (seed, replicate) pairs give distinct streams
     * with overwhelming probability. */
    uint64_t h = mix64(mix64(seed) ^ ((uint64_t)replicate * 0xd1b54a32d192ed03ULL));
    rs_rng_key key = {{(uint32_t)h, (uint32_t)(h >> 32)}};
    return key;
}

/* Inlined into rs_rng_block_at, which every draw goes through (LTO then
 * inlines that into the handlers: no call per block). */
static inline rs_rng_block philox(const uint32_t c[4], const uint32_t k[2])
{
    philox4x32_ctr_t ctr = {{c[0], c[1], c[2], c[3]}};
    philox4x32_key_t key = {{k[0], k[1]}};
    philox4x32_ctr_t r = philox4x32(ctr, key);
    rs_rng_block out = {{r.v[0], r.v[1], r.v[2], r.v[3]}};
    return out;
}

rs_rng_block rs_rng_philox(const uint32_t c[4], const uint32_t k[2]) { return philox(c, k); }

rs_rng_block rs_rng_block_at(rs_rng_key key, uint32_t agent, rs_purpose purpose,
                             uint32_t occurrence, uint32_t lane)
{
    const uint32_t c[4] = {agent, (uint32_t)purpose, occurrence, lane};
    return philox(c, key.k);
}

#define TWO_PI 6.283185307179586476925286766559

double rs_rng_normal(uint32_t a, uint32_t b)
{
    return sqrt(-2.0 * log(rs_rng_u01(a))) * cos(TWO_PI * rs_rng_u01(b));
}

void rs_rng_normal_pair(uint32_t a, uint32_t b, double out[2])
{
    double r = sqrt(-2.0 * log(rs_rng_u01(a))), theta = TWO_PI * rs_rng_u01(b);
    out[0] = r * cos(theta);
    out[1] = r * sin(theta);
}
