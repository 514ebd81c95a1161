/* reoffsim robustness — libFuzzer harness for the reader of unit records (shards' /shard and
 * checkpoints' /units groups, sim/units_read.c). Each input describes one group: the header
 * values, the rows (scenario, replicate, CRC, unit bytes) and whether to give them valid
 * checksums, so that mutations reach the range checks behind the checksums too. The group is
 * written to an in-memory HDF5 file (core driver) with rs_units_write_rows and read back with
 * rs_units_read_header and rs_units_read, as merge and resume do. Contract: only RS_OK,
 * RS_ERR_CONFIG or RS_ERR_NOMEM, an error always has a message, and a unit read is one
 * rs_unit_check accepts. Linked with fuzz_replay_main.c it replays the files of the directories
 * given (CTest fuzz_units_replay); tests/fuzz/make_units_seeds.py writes the seed corpus.
 *
 * Input layout (native byte order, as the files):
 *   u8 flags            bit 0: recompute each row's CRC; bit 1: recompute the group checksum
 *   i32 x 7             total_replicates, first_replicate, n_replicates, n_agents, years,
 *                       point_estimates, n_units (the attribute; the rows are what follows)
 *   u32                 group checksum (unless bit 1)
 *   rows, each          i32 scenario, i32 replicate, u32 crc, then rs_unit_packed_size(Y) bytes,
 *                       Y = years if in [1, 8], else 3 (so other widths reach the reader too) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "unit_check.h"

#define MAX_ROWS 64
#define MAX_READ_REPLICATES 64 /* bigger runs are refused by the header check or skipped (memory) */
#define N_SCENARIOS 2

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *why, const char *detail)
{
    fprintf(stderr, "fuzz_units: %s%s%s\n", why, detail ? ": " : "", detail ? detail : "");
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    return 0;
}

/* Take n bytes from the input (zeros past its end). */
static void take(const uint8_t **p, const uint8_t *end, void *out, size_t n)
{
    size_t have = *p < end ? (size_t)(end - *p) : 0;
    if (have > n) have = n;
    memset(out, 0, n);
    memcpy(out, *p, have);
    *p += have;
}

typedef struct {
    rs_units_header h;
    int scen[MAX_ROWS], rep[MAX_ROWS];
    uint32_t crc[MAX_ROWS];
    unsigned char *bytes;
    size_t n, packed;
} group;

static void parse(const uint8_t *data, size_t size, group *g, uint8_t *flags)
{
    const uint8_t *p = data, *end = data + size;
    int32_t v[7];
    uint32_t checksum;
    take(&p, end, flags, 1);
    take(&p, end, v, sizeof v);
    take(&p, end, &checksum, sizeof checksum);
    memset(&g->h, 0, sizeof g->h);
    snprintf(g->h.fingerprint, sizeof g->h.fingerprint, "format: fuzz\nscenarios: first,second\n");
    snprintf(g->h.config_path, sizeof g->h.config_path, "fuzz.yaml");
    g->h.seed = 1;
    g->h.total_replicates = v[0], g->h.first_replicate = v[1], g->h.n_replicates = v[2];
    g->h.n_agents = v[3], g->h.years = v[4], g->h.point_estimates = v[5], g->h.n_units = v[6];
    g->h.checksum = checksum;
    int width_years = v[4] >= 1 && v[4] <= 8 ? v[4] : 3;
    g->packed = rs_unit_packed_size(width_years);
    size_t row = 12 + g->packed, left = p < end ? (size_t)(end - p) : 0;
    g->n = left / row < MAX_ROWS ? left / row : MAX_ROWS;
    g->bytes = calloc(g->n + 1, g->packed);
    if (!g->bytes) die("out of memory", NULL);
    for (size_t k = 0; k < g->n; k++) {
        take(&p, end, &g->scen[k], sizeof g->scen[k]);
        take(&p, end, &g->rep[k], sizeof g->rep[k]);
        take(&p, end, &g->crc[k], sizeof g->crc[k]);
        take(&p, end, g->bytes + k * g->packed, g->packed);
    }
    if (*flags & 1)
        for (size_t k = 0; k < g->n; k++) g->crc[k] = rs_unit_crc(g->scen[k], g->rep[k], g->bytes + k * g->packed, g->packed);
    if (*flags & 2) g->h.checksum = rs_units_checksum(&g->h, g->crc, g->n);
}

/* FUZZ_UNITS_VERBOSE=1: print each input's outcome (to see what the seeds reach). */
static void report(const char *stage, int rc, const rs_error *err)
{
    const char *v = getenv("FUZZ_UNITS_VERBOSE");
    if (v && *v == '1') fprintf(stderr, "  %s: %d %s\n", stage, rc, rc ? err->msg : "ok");
}

static void check_contract(int rc, const rs_error *err)
{
    if (rc != RS_OK && rc != RS_ERR_CONFIG && rc != RS_ERR_NOMEM) die("unexpected error code", err->msg);
    if (rc != RS_OK && err->msg[0] == '\0') die("error without a message", NULL);
}

/* Read the group back as merge does: an ensemble shaped by the header. */
static void read_back(hid_t file, const rs_units_header *h)
{
    rs_ensemble e;
    rs_error err;
    memset(&err, 0, sizeof err);
    if (rs_ensemble_alloc(&e, N_SCENARIOS, h->total_replicates, h->years, &err) != RS_OK) return;
    unsigned char done[N_SCENARIOS * MAX_READ_REPLICATES] = {0};
    int n_read = 0;
    int rc = rs_units_read(file, "units", "fuzz.h5", h, &e, done, &n_read, &err);
    report("units", rc, &err);
    check_contract(rc, &err);
    if (rc == RS_OK) {
        if (n_read != h->n_units) die("read a different number of units than the header says", NULL);
        char why[256];
        for (int u = 0; u < N_SCENARIOS * h->total_replicates; u++)
            if (done[u] && rs_unit_check(&e.units[u], h->years, h->n_agents, why, sizeof why) != 0)
                die("a unit read back fails the range checks", why);
    }
    rs_ensemble_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    group g;
    uint8_t flags;
    parse(data, size, &g, &flags);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_core(fapl, 1 << 16, 0);
    hid_t file = H5Fcreate("fuzz-units-in-memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (file < 0) die("cannot create an in-memory HDF5 file", NULL);
    rs_units_rows rows = {g.n, g.packed, g.scen, g.rep, g.crc, g.bytes};
    if (rs_units_write_rows(file, "units", &g.h, &rows) == 0) {
        rs_units_header back;
        rs_error err;
        memset(&err, 0, sizeof err);
        int rc = rs_units_read_header(file, "units", "fuzz.h5", &back, &err);
        report("header", rc, &err);
        check_contract(rc, &err);
        if (rc == RS_OK && back.total_replicates <= MAX_READ_REPLICATES) read_back(file, &back);
    }
    H5Fclose(file);
    free(g.bytes);
    return 0;
}
