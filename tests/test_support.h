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

#endif
