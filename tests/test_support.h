/* reoffsim tests — shared helpers: temporary config files and the path of
 * the source tree's configs. */
#ifndef REOFFSIM_TEST_SUPPORT_H
#define REOFFSIM_TEST_SUPPORT_H

#include "reoffsim/config.h"

/* Path of configs/<name> in the source tree (REOFFSIM_SOURCE_DIR). */
const char *ts_config_path(const char *name, char *buf, size_t len);

/* Write text to a fresh temporary file; returns its path in buf (NULL on
 * failure). The caller removes it. Use ts_config_path for `base:` paths. */
const char *ts_write_config(const char *text, char *buf, size_t len);

/* Load baseline.yaml with run settings overridden (<= 0 keeps). */
int ts_load_baseline(rs_config *cfg, int agents, int replicates, int years);

/* Two unit results and a workspace over a loaded config: the fixture of the
 * engine-level tests. */
#include "reoffsim/engine.h"
#define TS_MAX_YEARS 10
typedef struct {
    rs_config cfg;
    rs_workspace *ws;
    double year[2][TS_MAX_YEARS * RS_N_YEAR_TOTALS];
    rs_unit_result res[2];
} ts_units;

/* Load configs/<config> with the run overrides; NULL on failure (message on stderr). */
ts_units *ts_units_create(const char *config, int agents, int years);
void ts_units_free(ts_units *f);
/* cmocka group teardown for a ts_units fixture in *state. */
int ts_units_teardown(void **state);
/* Run one unit into slot 0 or 1 (fails the test on error). */
const rs_unit_result *ts_units_run(ts_units *f, const rs_params *p, uint32_t replicate, int slot);

#endif
