/* reoffsim — a loaded configuration: shared run settings and the list of
 * scenarios (each a full rs_params), plus the source text for provenance. */
#ifndef REOFFSIM_CONFIG_H
#define REOFFSIM_CONFIG_H

#include "reoffsim/error.h"
#include "reoffsim/params.h"

#define RS_NAME_LEN 64
#define RS_MAX_CONFIG_FILES 9 /* a config and up to 8 base files */

typedef struct {
    char name[RS_NAME_LEN];
    char description[256];
    rs_params params;
} rs_scenario;

typedef struct {
    char path[1024];     /* file given to rs_config_load */
    int n_scenarios;     /* >= 1 */
    rs_scenario *scenarios;
    int reference;       /* index of the reference scenario for comparisons */
    int primary;         /* scenario whose difference from the reference is the headline
                            (drives --precision); -1 with a single scenario */
    char *text;          /* config text(s) as read, base files first (owned) */
    int n_files;         /* files read: the config, then its base files */
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
