/* reoffsim — merge shard files (`run --replicate-range A:B`) of one run
 * back into the units of the whole run, so that the normal (streaming)
 * writer gives the same file as a single run with every replicate. */
#ifndef REOFFSIM_MERGE_H
#define REOFFSIM_MERGE_H

#include <signal.h>

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/error.h"

typedef struct rs_merge rs_merge;

/* Open and check n shard files: each a reoffsim results file of this
 * schema with a /shard group, all with one fingerprint (config text, seed,
 * agents, years, total replicates, build), their replicate ranges neither
 * overlapping nor leaving a gap in [0, total). The config named in the
 * shards is loaded again (it must be unchanged: its hash is in the
 * fingerprint). On success the caller owns cfg (rs_config_free) and *out
 * (rs_merge_free); *point_estimates is the shards' --point-estimates.
 * Problems with the inputs are RS_ERR_CONFIG with the file named. When
 * *stop becomes non-zero (a signal; stop may be NULL), it returns
 * RS_ERR_INTERRUPTED before the next shard file is read. */
int rs_merge_open(const char *const *paths, int n, const volatile sig_atomic_t *stop, rs_config *cfg,
                  int *point_estimates, rs_merge **out, rs_error *err);

/* Every unit of the shards, verified, to sink (replicates of the whole
 * run), shard by shard in replicate order and a block of rows at a time:
 * memory does not grow with the units. RS_ERR_CONFIG names a damaged,
 * missing or overlapping unit; RS_ERR_INTERRUPTED on *stop. */
int rs_merge_units(rs_merge *m, rs_unit_sink sink, void *ctx, rs_error *err);
int rs_merge_total_replicates(const rs_merge *m);
int rs_merge_n_shards(const rs_merge *m);
void rs_merge_free(rs_merge *m);

#endif
