/* reoffsim — checkpoints of a run: which work units are done and their
 * results, tied to the run by a fingerprint, written atomically (temporary
 * name, fsync, rename) so that an interrupted or killed run can resume. */
#ifndef REOFFSIM_CHECKPOINT_H
#define REOFFSIM_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/error.h"
#include "reoffsim/metrics.h"

#define RS_FINGERPRINT_LEN 2048

/* What makes two runs (or a run and its shards) the same run, beyond the
 * config: cfg's run.replicates is the replicates this process runs. */
typedef struct {
    int total_replicates; /* replicates of the whole run; a shard runs some of them */
    int first_replicate;  /* first replicate this process runs (0 unless a shard) */
    int point_estimates;  /* --point-estimates */
} rs_run_identity;

/* The fingerprint of the whole run as "key value" lines: format, reoffsim
 * version and commit, HDF5 schema, unit layout, config text hash, seed,
 * total replicates, agents, years, point estimates, scenario names. The
 * replicate range is not part of it (shards of one run share it). */
void rs_fingerprint(const rs_config *cfg, const rs_run_identity *id, char *out, size_t n);

/* If fingerprints a and b differ, describe the first difference ("seed: 7
 * in A_NAME, 42 in B_NAME") into msg and return 1. */
int rs_fingerprint_diff(const char *a, const char *a_name, const char *b, const char *b_name, char *msg, size_t n);

/* One unit as bytes (checkpoints, shards, MPI messages): the struct with its
 * year pointer and padding cleared, then the year arrays. Whole structs are
 * copied, so fields added to rs_unit_result travel without changes here
 * (unit_pack.c). */
size_t rs_unit_packed_size(int years);
void rs_unit_pack(const rs_unit_result *res, unsigned char *buf);
/* res must have year storage for res->years years; -1 (res untouched) when
 * the bytes hold another number of years. The values are not checked here
 * (unit_check.h does that for units read from files). */
int rs_unit_unpack(const unsigned char *buf, rs_unit_result *res);

/* A shard (`run --replicate-range`) also stores its raw units, so that
 * `reoffsim merge` can rebuild the ensemble of the whole run: group /shard
 * of the results file `file` (an open HDF5 file id, see rs_run_info.extra). */
#define RS_SHARD_GROUP "shard"
int rs_shard_write(int64_t file, const rs_config *cfg, const rs_run_identity *id, const rs_ensemble *e);

typedef struct rs_ckpt rs_ckpt;

/* A store for the units of cfg (shaped like the ensemble this process
 * runs), checkpointed to path; every_seconds > 0 makes rs_ckpt_due say when
 * a periodic write is due. The caller frees it with rs_ckpt_free. */
int rs_ckpt_create(const rs_config *cfg, const rs_run_identity *id, const char *path, double every_seconds,
                   rs_ckpt **out, rs_error *err);
void rs_ckpt_free(rs_ckpt *c);
const char *rs_ckpt_path(const rs_ckpt *c);

/* Load the checkpoint at the store's path into the store. *found = 0 when
 * there is no file. RS_ERR_CONFIG (exit 2 material) when it belongs to a
 * different run or is not a reoffsim checkpoint. */
int rs_ckpt_load(rs_ckpt *c, int *found, rs_error *err);

int rs_ckpt_n_done(const rs_ckpt *c);
int rs_ckpt_n_units(const rs_ckpt *c);
/* [s * n_replicates + r] non-zero when unit (s, r) is done. */
const unsigned char *rs_ckpt_done(const rs_ckpt *c);

/* Record a finished unit / copy a done unit out (returns 1 if it was done). */
void rs_ckpt_put(rs_ckpt *c, int s, int r, const rs_unit_result *res);
int rs_ckpt_get(const rs_ckpt *c, int s, int r, rs_unit_result *res);

/* A periodic write is due: the interval has passed since the last write
 * (or the start) and units finished since. */
int rs_ckpt_due(const rs_ckpt *c);

/* Write every done unit to the path atomically; never a partial file there. */
int rs_ckpt_write(rs_ckpt *c, rs_error *err);

/* Move the complete results out of the store into out (the store is left
 * empty). RS_ERR_INTERRUPTED if some unit is not done. */
int rs_ckpt_take(rs_ckpt *c, rs_ensemble *out, rs_error *err);

/* Checkpoint a complete ensemble e of cfg to path in one go (a run stopped
 * after its units were done, e.g. during --tornado). */
int rs_ckpt_save(const rs_config *cfg, const rs_run_identity *id, const char *path, const rs_ensemble *e,
                 rs_error *err);

/* Remove the checkpoint file at path (after the final results are written). */
int rs_ckpt_remove(const char *path, rs_error *err);

#endif
