/* reoffsim — counter-based random numbers (Random123 Philox4x32-10).
 * key = (seed, replicate); counter = (agent, purpose, occurrence, lane).
 * A draw depends only on *what* is decided, never on thread or rank. */
#ifndef REOFFSIM_RNG_H
#define REOFFSIM_RNG_H

#include <stdint.h>

/* What a random number is for. Part of the counter, so each purpose has its
 * own independent stream per agent. Append only: reordering changes results. */
typedef enum {
    RS_PURPOSE_DEMOGRAPHY = 1, /* sex, age, entry date, disposal */
    RS_PURPOSE_HISTORY,        /* age at first sanction, previous sanctions */
    RS_PURPOSE_NEEDS,          /* latent factor and needs (Gaussian copula) */
    RS_PURPOSE_OFFENCE_TYPE0,  /* index offence category */
    RS_PURPOSE_FRAILTY,        /* individual frailty (gamma) */
    RS_PURPOSE_OFFENCE,        /* k-th offence: clock, type, detection, delay */
    RS_PURPOSE_CASE,           /* c-th case: police, remand, court delay, verdict */
    RS_PURPOSE_SENTENCE,       /* c-th case: sentence type and length */
    RS_PURPOSE_LICENCE,        /* n-th release: breach clock */
    RS_PURPOSE_PARAMS,         /* parameter draws (agent = parameter index) */
    RS_PURPOSE_SERVICE,        /* service decisions (occurrence = contact) */
    RS_PURPOSE_COMMUNITY_TREATMENT, /* c-th case: drug treatment by community routes */
    RS_PURPOSE_NEED_RELAPSE,   /* n-th release from custody: needs met that recur */
    RS_PURPOSE_POSTERIOR,      /* replicate's draw from a calibration posterior (agent 0) */
    RS_PURPOSE_ABC,            /* ABC-SMC sampler: proposals, resampling (agent = particle) */
    RS_PURPOSE_COUNT
} rs_purpose;

typedef struct {
    uint32_t k[2];
} rs_rng_key;

typedef struct {
    uint32_t v[4];
} rs_rng_block;

/* Key for one replicate of a run with the given seed. */
rs_rng_key rs_rng_key_make(uint64_t seed, uint32_t replicate);

/* Raw Philox4x32-10 of counter c under key k (for known-answer tests). */
rs_rng_block rs_rng_philox(const uint32_t c[4], const uint32_t k[2]);

/* Four 32-bit words for (agent, purpose, occurrence, lane). */
rs_rng_block rs_rng_block_at(rs_rng_key key, uint32_t agent, rs_purpose purpose,
                             uint32_t occurrence, uint32_t lane);

/* A 32-bit word mapped to a double strictly inside (0, 1). */
static inline double rs_rng_u01(uint32_t x) { return ((double)x + 0.5) * (1.0 / 4294967296.0); }

/* Standard normal from two words (Box–Muller, cosine branch). */
double rs_rng_normal(uint32_t a, uint32_t b);

/* Both of Box–Muller's independent normals from two words: out[0] is
 * rs_rng_normal(a, b), out[1] the sine branch. */
void rs_rng_normal_pair(uint32_t a, uint32_t b, double out[2]);

#endif
