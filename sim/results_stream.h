/* reoffsim — the results file written while the units run: each finished
 * unit goes (in any order) to rs_rstream_put; replicates are taken in
 * replicate order, a block at a time appended to chunked, extendible HDF5
 * datasets (/results per unit, /economics per unit and year) in a temporary
 * beside the target. What the summaries need stays in memory: per-unit
 * scalars (the percentile intervals need them: O(scenarios x replicates)),
 * sums and means by scenario and year. Then the summary groups, fsync and
 * rename. Bitwise the same file as writing a whole in-memory ensemble. */
#ifndef REOFFSIM_RESULTS_STREAM_H
#define REOFFSIM_RESULTS_STREAM_H

#include "reoffsim/checkpoint.h"
#include "reoffsim/config.h"
#include "reoffsim/economics.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/io_hdf5.h"
#include "reoffsim/tornado.h"

typedef struct rs_rstream rs_rstream;

/* Start the results file `path` of cfg's units: n_replicates replicates
 * from global index first_replicate, cfg's run.years years. Refuses an
 * existing path unless force (checked again at the rename). */
int rs_rstream_open(const char *path, int force, const rs_config *cfg, int n_replicates, int first_replicate,
                    rs_rstream **out, rs_error *err);

/* A shard (`run --replicate-range`): also keep every unit raw in /shard
 * (checkpoint.h's units group, rows in replicate order), for `reoffsim
 * merge`. Call before the first unit. */
int rs_rstream_keep_units(rs_rstream *st, const rs_config *cfg, const rs_run_identity *id, rs_error *err);

/* A finished unit (scenario s, local replicate r), copied. Units may come
 * in any order, each once; the ones ahead of the next replicate wait. */
int rs_rstream_put(rs_rstream *st, int s, int r, const rs_unit_result *res, rs_error *err);

/* Units taken in so far, and all of them (S x R). */
long long rs_rstream_n_put(const rs_rstream *st);

/* After the last unit: the streamed ensemble (no year arrays: see
 * ensemble.h) and the economics, both the caller's to free. */
int rs_rstream_units_done(rs_rstream *st, rs_ensemble *e, rs_economics *econ, rs_error *err);

/* Write the summary groups from e and econ (those of rs_rstream_units_done,
 * or of the same units in memory), close and move the file into place;
 * st is freed either way. */
int rs_rstream_close(rs_rstream *st, const rs_config *cfg, const rs_ensemble *e, const rs_economics *econ,
                     const rs_tornado *tornado, const rs_run_info *info, rs_error *err);

/* Give up: close and remove the temporary (st may be NULL). */
void rs_rstream_abort(rs_rstream *st);

/* Bytes the stream holds per unit (the streamed ensemble and economics) and
 * for its buffers, for the memory estimate (memory_check.c). */
double rs_rstream_bytes_per_unit(int years);
double rs_rstream_bytes_fixed(int n_scenarios, int years);

#endif
