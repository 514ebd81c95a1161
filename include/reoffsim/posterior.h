/* reoffsim — a calibration posterior sample (`reoffsim calibrate --posterior`,
 * HDF5 /calibration/posterior) used by a run: each replicate r takes one
 * weighted draw, chosen by the Philox stream (run seed, r; agent 0,
 * POSTERIOR), so every scenario of a replicate gets the same draw (common
 * random numbers) whatever the thread or rank count. */
#ifndef REOFFSIM_POSTERIOR_H
#define REOFFSIM_POSTERIOR_H

#include <stddef.h>
#include <stdint.h>

#include "reoffsim/params.h"

#define RS_POSTERIOR_MAX_PARAMS 16
#define RS_POSTERIOR_MAX_DRAWS 1000000 /* 16 parameters: at most 128 MB of draws */

typedef struct rs_posterior {
    int n_draws, n_params;
    uint32_t keys[RS_POSTERIOR_MAX_PARAMS]; /* schema index of each parameter */
    double *draws;     /* n_draws x n_params, row-major (owned) */
    double *weights;   /* n_draws, as stored (owned) */
    double *cumulative;/* n_draws, normalised running sum of weights; last = 1 (owned) */
    char path[1024];   /* as given in the config, resolved against its directory */
    uint32_t crc32c;   /* CRC-32C of the file's bytes, for provenance */
    uint64_t size;     /* bytes */
    uint64_t spec_seed;/* the calibration's seed */
} rs_posterior;

/* Read and check path's /calibration/posterior: draws [draw, parameter]
 * finite and inside each key's schema range, weights finite and positive,
 * parameter names real-valued schema keys, each once. On success the caller
 * owns *out (rs_posterior_free). On failure returns RS_ERR_CONFIG (or
 * RS_ERR_NOMEM) with err->msg "PATH: what is wrong" (no file:line: the
 * config loader adds its own). */
int rs_posterior_read(const char *path, rs_posterior **out, rs_error *err);
void rs_posterior_free(rs_posterior *post);

/* Index of the draw replicate r of a run with this seed takes. */
int rs_posterior_pick(const rs_posterior *post, uint64_t seed, uint32_t replicate);

/* Set p's calibrated parameters to replicate r's draw (seed: p->run.seed). */
void rs_posterior_apply(const rs_posterior *post, rs_params *p, uint32_t replicate);

/* Index of schema key k among the posterior's parameters, or -1. */
int rs_posterior_param(const rs_posterior *post, uint32_t key);

#endif
