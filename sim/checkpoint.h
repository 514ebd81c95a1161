/* reoffsim — work-unit results as stored in HDF5 (checkpoints and shard
 * files: a group of raw per-unit results plus the run's identity). Internal;
 * checkpoint_units.c. Format 2: every unit row carries a CRC-32C of its
 * (scenario, replicate, bytes), and the group a CRC-32C of the header and of
 * those unit checksums; everything read back is verified before use. */
#ifndef REOFFSIM_CHECKPOINT_INTERNAL_H
#define REOFFSIM_CHECKPOINT_INTERNAL_H

#include <hdf5.h>
#include <stdint.h>

#include "reoffsim/checkpoint.h"

#define RS_UNITS_FORMAT "reoffsim units 2"

/* Identity of the run a units group belongs to, and the replicates it covers. */
typedef struct {
    char fingerprint[RS_FINGERPRINT_LEN];
    char config_path[1024];
    uint64_t seed;
    int total_replicates, first_replicate, n_replicates; /* whole run; [first, first + n) here */
    int n_agents, years, point_estimates;
    long long n_units; /* unit rows in the group (set by the reader and rs_units_write_rows) */
    uint32_t checksum; /* rs_units_checksum of the group, as stored */
} rs_units_header;

void rs_units_header_init(rs_units_header *h, const rs_config *cfg, const rs_run_identity *id);

/* The rows of a units group as stored: n rows of `packed` bytes each. */
typedef struct {
    size_t n, packed;
    const int *scenario, *replicate;
    const uint32_t *crc;
    const unsigned char *bytes;
} rs_units_rows;

/* Write the group exactly as given (h->n_units and h->checksum included):
 * how tests and the fuzzer write (damaged) groups; a streamed shard's /shard
 * (results_stream.c) has the same layout. */
int rs_units_write_rows(hid_t loc, const char *name, const rs_units_header *h, const rs_units_rows *rows);

/* The header attributes of a units group (with h->n_units and h->checksum). */
int rs_units_write_header(hid_t grp, const rs_units_header *h);

/* CRC-32C of one unit row, and of the group (header values, then the n
 * unit checksums in row order). */
uint32_t rs_unit_crc(int scenario, int replicate, const unsigned char *bytes, size_t packed);
uint32_t rs_units_checksum(const rs_units_header *h, const uint32_t *crc, size_t n);

/* Read the header of group `name` (file: for messages) and verify it: the
 * format, the group checksum over the header and the unit checksums, and the
 * range of every value. RS_ERR_CONFIG, naming the file, when it is missing,
 * of another format, damaged or out of range. */
int rs_units_read_header(hid_t loc, const char *name, const char *file, rs_units_header *h, rs_error *err);

/* Read the units of group `name`, whose verified header is h, into `into`
 * (replicate g goes to local g - into->first_replicate) and mark them in
 * done[]. Each row's checksum and every value are verified before use.
 * RS_ERR_CONFIG, naming the file and the unit (scenario, replicate), when a
 * unit is damaged, out of range, outside `into` or already done (overlap).
 * *n_read counts them. */
int rs_units_read(hid_t loc, const char *name, const char *file, const rs_units_header *h, rs_ensemble *into,
                  unsigned char *done, int *n_read, rs_error *err);

/* The same, one unit at a time: each verified unit (scenario s, local
 * replicate r) goes to sink, which may fail (its error is returned). The
 * rows are read a block at a time, so memory does not grow with them. */
int rs_units_stream(hid_t loc, const char *name, const char *file, const rs_units_header *h, int n_scenarios,
                    int first_replicate, int n_replicates, unsigned char *done, rs_unit_sink sink, void *ctx,
                    int *n_read, rs_error *err);

/* HDF5 reading helpers that stay silent on failure (< 0). */
int rs_h5_read_attr_string(hid_t obj, const char *name, char *out, size_t n);
int rs_h5_read_attr_llong(hid_t obj, const char *name, long long *out);

#endif
