/* reoffsim — checkpoints of a run: an append-only journal of the finished
 * work units (each record with its own CRC-32C), tied to the run by a
 * fingerprint, fsynced at each checkpoint, so that an interrupted or killed
 * run can resume. Only which units are done is kept in memory. */
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
 * `reoffsim merge` can rebuild the whole run: group /shard of its results
 * file, written by the streaming writer (results_stream.h). */
#define RS_SHARD_GROUP "shard"

typedef struct rs_ckpt rs_ckpt;

/* A journal for the units of cfg (shaped like the ensemble this process
 * runs) at path; every_seconds > 0 makes rs_ckpt_due say when a periodic
 * checkpoint is due. Units are appended from the first rs_ckpt_put to a
 * temporary beside path; the first rs_ckpt_write renames it to path. The
 * caller frees it with rs_ckpt_free, which removes a journal never
 * checkpointed. */
int rs_ckpt_create(const rs_config *cfg, const rs_run_identity *id, const char *path, double every_seconds,
                   rs_ckpt **out, rs_error *err);
void rs_ckpt_free(rs_ckpt *c);
const char *rs_ckpt_path(const rs_ckpt *c);

/* Where rs_ckpt_load sends the units it reads back (local replicate index). */
void rs_ckpt_set_sink(rs_ckpt *c, rs_unit_sink sink, void *ctx);

/* Read the journal at the store's path: every unit, verified (record CRC,
 * place in the run, values), goes to the sink and is marked done; later
 * units are appended to it. *found = 0 when there is no file. A record cut
 * short at the end (killed while writing it) is dropped. RS_ERR_CONFIG
 * (exit 2 material), naming the file and the record, when it belongs to a
 * different run, is not a journal, or a record is damaged. */
int rs_ckpt_load(rs_ckpt *c, int *found, rs_error *err);

int rs_ckpt_n_done(const rs_ckpt *c);
int rs_ckpt_n_units(const rs_ckpt *c);
/* [s * n_replicates + r] non-zero when unit (s, r) is done. */
const unsigned char *rs_ckpt_done(const rs_ckpt *c);

/* Append a finished unit to the journal (buffered; a unit already done is
 * ignored). A write error is reported by the next rs_ckpt_write. */
void rs_ckpt_put(rs_ckpt *c, int s, int r, const rs_unit_result *res);

/* A periodic checkpoint is due: the interval has passed since the last one
 * (or the start) and units finished since. */
int rs_ckpt_due(const rs_ckpt *c);

/* Checkpoint: write out the buffered records and fsync the journal (the
 * first time, also move it to its path). Never rewrites what is there. */
int rs_ckpt_write(rs_ckpt *c, rs_error *err);

/* Remove the checkpoint file at path (after the final results are written). */
int rs_ckpt_remove(const char *path, rs_error *err);

#endif
