/* reoffsim — HDF5 results file: /results (per scenario, replicate, subgroup
 * or year, with dimension scales), /summary, /comparison, /economics,
 * /provenance and /provenance/run. Written to a temporary name, fsynced, then renamed. */
#ifndef REOFFSIM_IO_HDF5_H
#define REOFFSIM_IO_HDF5_H

#include <stdint.h>

#include "reoffsim/config.h"
#include "reoffsim/economics.h"
#include "reoffsim/tornado.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/error.h"

/* What legitimately differs between otherwise identical runs. */
typedef struct {
    const char *command_line;
    const char *started_at; /* ISO 8601 UTC */
    const char *host;
    double precision_target; /* --precision as a proportion; 0 if not used */
    int precision_reached;
    int point_estimates;     /* uncertain parameters held at their point values */
    /* May be NULL: more contents after the standard groups (a shard's /shard);
     * file is the open hid_t. Returns < 0 on failure. */
    int (*extra)(int64_t file, void *ctx);
    void *extra_ctx;
} rs_run_info;

/* Write the results of e (run from cfg, every unit with its year arrays)
 * to path: the same file as streaming its units (results_stream.h), which
 * is how it is written. Refuses an existing path unless force. Never leaves
 * a partial file at path. */
int rs_hdf5_write(const char *path, int force, const rs_config *cfg, const rs_ensemble *e, const rs_tornado *tornado,
                  const rs_run_info *info, rs_error *err);

/* mkstemp template of the temporary used while writing path: PATH.tmp-XXXXXX
 * beside it (a long file name shortened to fit NAME_MAX). */
void rs_hdf5_temp_name(const char *path, char *out, size_t out_len);

#endif
