/* reoffsim — a loaded configuration: shared run settings and the list of
 * scenarios (each a full rs_params), plus the source text for provenance. */
#ifndef REOFFSIM_CONFIG_H
#define REOFFSIM_CONFIG_H

#include <stdint.h>

#include "reoffsim/error.h"
#include "reoffsim/params.h"

#define RS_NAME_LEN 64
#define RS_MAX_CONFIG_FILES 9 /* a config and up to 8 base files */

typedef struct {
    char name[RS_NAME_LEN];
    char description[256];
    rs_params params;
} rs_scenario;

/* A parameter sweep (config `sweep:`, config_sweep.c): scenarios generated
 * over a grid of one or two parameters, each a key or keys set together. */
#define RS_SWEEP_MAX_DIMS 2
#define RS_SWEEP_MAX_KEYS 8
#define RS_SWEEP_MAX_VALUES 64
typedef struct {
    int n_keys;
    uint32_t keys[RS_SWEEP_MAX_KEYS]; /* schema indices, all set to each value */
    int n_values;
    double values[RS_SWEEP_MAX_VALUES];
} rs_sweep_dim;

typedef struct {
    int n_dims;  /* 0: the config has no sweep */
    int from;    /* the scenario every point copies (services and set) */
    int first;   /* scenario of point (i, j): first + i * dim[1].n_values + j */
    rs_sweep_dim dim[RS_SWEEP_MAX_DIMS];
} rs_sweep;

/* Points of the sweep (product of the dimensions' values; 0 without one). */
static inline int rs_sweep_points(const rs_sweep *s)
{
    int n = s->n_dims ? 1 : 0;
    for (int d = 0; d < s->n_dims; d++) n *= s->dim[d].n_values;
    return n;
}

typedef struct {
    char path[1024];     /* file given to rs_config_load */
    int n_scenarios;     /* >= 1 */
    rs_scenario *scenarios;
    int reference;       /* index of the reference scenario for comparisons */
    int primary;         /* scenario whose difference from the reference is the headline
                            (drives --precision); -1 with a single scenario */
    char *text;          /* config text(s) as read, base files first (owned) */
    int n_files;         /* files read: the config, then its base files */
    rs_sweep sweep;      /* generated scenarios, after the listed ones */
    struct {
        unsigned long long dev, ino;
    } files[RS_MAX_CONFIG_FILES]; /* identity of each (so no output replaces an input) */
    struct rs_posterior *posterior; /* `calibration: {posterior: FILE}` (owned), or NULL */
} rs_config;

/* Load and validate a YAML config. Errors are "file:line: key: message" with
 * code RS_ERR_CONFIG. On success the caller owns cfg and frees it with
 * rs_config_free. On failure cfg holds nothing that needs freeing. */
int rs_config_load(const char *path, rs_config *cfg, rs_error *err);
void rs_config_free(rs_config *cfg);

/* Index of path among the files cfg was read from (0: the config itself,
 * then its base files), compared by device and inode; -1 if none or missing. */
int rs_config_file_index(const rs_config *cfg, const char *path);

/* Apply run-level overrides (negative/zero = keep) to every scenario. */
void rs_config_override_run(rs_config *cfg, int replicates, int n_agents, int years,
                            const uint64_t *seed);

#endif
