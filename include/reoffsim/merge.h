/* reoffsim — merge shard files (`run --replicate-range A:B`) of one run
 * back into the ensemble of the whole run, so that the normal writer gives
 * the same file as a single run with every replicate. */
#ifndef REOFFSIM_MERGE_H
#define REOFFSIM_MERGE_H

#include <signal.h>

#include <signal.h>

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/error.h"

/* Read and check n shard files: each a reoffsim results file of this schema
 * with a /shard group, all with one fingerprint (config text, seed, agents,
 * years, total replicates, build), their replicate ranges neither
 * overlapping nor leaving a gap in [0, total). The config named in the
 * shards is loaded again (it must be unchanged: its hash is in the
 * fingerprint). On success the caller owns cfg (rs_config_free) and e
 * (rs_ensemble_free); *point_estimates is the shards' --point-estimates.
 * Problems with the inputs are RS_ERR_CONFIG with the file named. When
 * *stop becomes non-zero (a signal; stop may be NULL), it returns
 * RS_ERR_INTERRUPTED before the next shard file is read. */
int rs_merge_shards(const char *const *paths, int n, const volatile sig_atomic_t *stop, rs_config *cfg,
                    rs_ensemble *e, int *point_estimates, rs_error *err);

#endif
