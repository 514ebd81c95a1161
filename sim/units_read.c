/* reoffsim — raw work-unit results read back from HDF5 (checkpoint.h:
 * shards and checkpoints) and verified before any use: the format, the
 * group checksum over the header and the unit checksums, the range of every
 * header value, then per unit its CRC-32C, its place in the run and the
 * range of every value (unit_check.c). A file that fails is refused with
 * RS_ERR_CONFIG naming the file and, for a unit, its scenario and replicate. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "unit_check.h"

/* Limits of the config schema (params_schema.c): run.years, run.n_agents, run.replicates. */
#define MAX_YEARS 100
#define MAX_AGENTS 50000000LL
#define MAX_REPLICATES 10000000LL
#define MAX_SCENARIOS 256LL /* config.c */

/* ---------- HDF5 helpers ---------- */

int rs_h5_read_attr_string(hid_t obj, const char *name, char *out, size_t n)
{
    out[0] = '\0';
    hid_t attr = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
    if (attr < 0) return -1;
    hid_t type = H5Aget_type(attr);
    int rc = -1;
    if (type >= 0 && H5Tget_class(type) == H5T_STRING && !H5Tis_variable_str(type)) {
        size_t size = H5Tget_size(type);
        char *buf = size < (1u << 20) ? calloc(size + 1, 1) : NULL;
        if (buf && H5Aread(attr, type, buf) >= 0) {
            snprintf(out, n, "%s", buf);
            rc = 0;
        }
        free(buf);
    }
    if (type >= 0) H5Tclose(type);
    H5Aclose(attr);
    return rc;
}

int rs_h5_read_attr_llong(hid_t obj, const char *name, long long *out)
{
    hid_t attr = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
    if (attr < 0) return -1;
    hid_t type = H5Aget_type(attr);
    hid_t space = H5Aget_space(attr);
    int ok = type >= 0 && H5Tget_class(type) == H5T_INTEGER && space >= 0 && H5Sget_simple_extent_npoints(space) == 1 &&
             H5Aread(attr, H5T_NATIVE_LLONG, out) >= 0;
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
    H5Aclose(attr);
    return ok ? 0 : -1;
}

/* Rows (first dimension) of dataset `name`, checking its rank and row
 * width (elements); -1 when it is missing or of another shape. */
static long long dataset_rows(hid_t grp, const char *name, int rank_want, hsize_t row_elems)
{
    hid_t ds = H5Lexists(grp, name, H5P_DEFAULT) > 0 ? H5Dopen2(grp, name, H5P_DEFAULT) : -1;
    if (ds < 0) return -1;
    hid_t space = H5Dget_space(ds);
    hsize_t dims[2] = {0, 1};
    int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    if (rank == rank_want) H5Sget_simple_extent_dims(space, dims, NULL);
    if (space >= 0) H5Sclose(space);
    H5Dclose(ds);
    if (rank != rank_want || (rank == 2 && dims[1] != row_elems) || dims[0] > (hsize_t)LLONG_MAX) return -1;
    return (long long)dims[0];
}

/* Read a whole dataset of n rows (checked shape) into buf. */
static int read_rows(hid_t grp, const char *name, hid_t mem_type, size_t n, size_t row_elems, void *buf)
{
    if (dataset_rows(grp, name, row_elems > 1 ? 2 : 1, row_elems) != (long long)n) return -1;
    hid_t ds = H5Dopen2(grp, name, H5P_DEFAULT);
    if (ds < 0) return -1;
    int rc = n > 0 && H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0 ? -1 : 0;
    H5Dclose(ds);
    return rc;
}

/* Rows [k0, k0 + n) of a dataset whose shape read_rows checked. */
static int read_block(hid_t grp, const char *name, hid_t mem_type, size_t k0, size_t n, size_t row_elems, void *buf)
{
    hid_t ds = H5Dopen2(grp, name, H5P_DEFAULT);
    if (ds < 0) return -1;
    int rank = row_elems > 1 ? 2 : 1;
    hsize_t start[2] = {k0, 0}, count[2] = {n, row_elems};
    hid_t fspace = H5Dget_space(ds), mspace = H5Screate_simple(rank, count, NULL);
    int rc = fspace < 0 || mspace < 0 || H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
             H5Dread(ds, mem_type, mspace, fspace, H5P_DEFAULT, buf) < 0 ? -1 : 0;
    if (mspace >= 0) H5Sclose(mspace);
    if (fspace >= 0) H5Sclose(fspace);
    H5Dclose(ds);
    return rc;
}

/* ---------- the header ---------- */

static int parse_seed(const char *s, uint64_t *seed)
{
    if (*s < '0' || *s > '9') return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *seed = v;
    return 0;
}

/* Every header value in the range a run can have. */
static int check_header_ranges(const long long *v, const char *file, const char *name, rs_error *err)
{
    long long total = v[0], first = v[1], n = v[2], agents = v[3], years = v[4], point = v[5], units = v[6];
    const char *bad = total < 1 || total > MAX_REPLICATES     ? "total_replicates"
                      : first < 0 || first >= total           ? "first_replicate"
                      : n < 1 || n > total - first            ? "n_replicates"
                      : agents < 1 || agents > MAX_AGENTS     ? "n_agents"
                      : years < 1 || years > MAX_YEARS        ? "years"
                      : point != 0 && point != 1              ? "point_estimates"
                      : units < 0 || units > n * MAX_SCENARIOS ? "n_units"
                                                               : NULL;
    if (!bad) return RS_OK;
    return rs_error_set(err, RS_ERR_CONFIG,
                        "%s: /%s: %s is out of range (total_replicates %lld, first_replicate %lld, n_replicates %lld, "
                        "n_agents %lld, years %lld, point_estimates %lld, n_units %lld): damaged or not written by reoffsim",
                        file, name, bad, total, first, n, agents, years, point, units);
}

static int check_group_checksum(hid_t grp, const char *file, const char *name, const rs_units_header *h,
                                rs_error *err);

static int read_header_attrs(hid_t grp, rs_units_header *h, char *format, size_t nf, long long *v)
{
    static const char *const keys[8] = {"total_replicates", "first_replicate", "n_replicates", "n_agents",
                                        "years", "point_estimates", "n_units", "checksum"};
    char seed[32];
    int rc = rs_h5_read_attr_string(grp, "format", format, nf);
    if (!rc && strcmp(format, RS_UNITS_FORMAT) != 0) return -2;
    if (!rc) rc = rs_h5_read_attr_string(grp, "fingerprint", h->fingerprint, sizeof h->fingerprint);
    if (!rc) rc = rs_h5_read_attr_string(grp, "config_path", h->config_path, sizeof h->config_path);
    if (!rc) rc = rs_h5_read_attr_string(grp, "seed", seed, sizeof seed);
    if (!rc) rc = parse_seed(seed, &h->seed);
    for (int k = 0; !rc && k < 8; k++) rc = rs_h5_read_attr_llong(grp, keys[k], &v[k]);
    return rc;
}

int rs_units_read_header(hid_t loc, const char *name, const char *file, rs_units_header *h, rs_error *err)
{
    memset(h, 0, sizeof *h);
    hid_t grp = H5Lexists(loc, name, H5P_DEFAULT) > 0 ? H5Gopen2(loc, name, H5P_DEFAULT) : -1;
    if (grp < 0) return rs_error_set(err, RS_ERR_CONFIG, "%s: no /%s group", file, name);
    char format[64];
    long long v[8] = {0};
    int rc = read_header_attrs(grp, h, format, sizeof format, v);
    if (rc == -2)
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: /%s is in format '%s', this reoffsim reads '%s' ('reoffsim "
                          "units 1', from older builds, has no checksums): rerun what wrote it with this build",
                          file, name, format, RS_UNITS_FORMAT);
    else if (rc)
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: /%s is incomplete (truncated or not written by reoffsim)", file, name);
    if (!rc) rc = check_header_ranges(v, file, name, err);
    if (!rc && (v[7] < 0 || v[7] > (long long)UINT32_MAX))
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: /%s: checksum is out of range (damaged file)", file, name);
    if (!rc) {
        h->total_replicates = (int)v[0];
        h->first_replicate = (int)v[1];
        h->n_replicates = (int)v[2];
        h->n_agents = (int)v[3];
        h->years = (int)v[4];
        h->point_estimates = (int)v[5];
        h->n_units = v[6];
        h->checksum = (uint32_t)v[7];
        rc = check_group_checksum(grp, file, name, h, err);
    }
    H5Gclose(grp);
    return rc;
}

/* ---------- the units ---------- */

/* Name of scenario s from the fingerprint's "scenarios: a,b,c" line, or its number. */
static void scenario_label(const char *fingerprint, int s, char *out, size_t n)
{
    const char *p = strstr(fingerprint, "\nscenarios: ");
    snprintf(out, n, "%d", s);
    if (!p || s < 0) return;
    p += strlen("\nscenarios: ");
    for (int k = 0; k < s && p; k++) {
        p = strpbrk(p, ",\n");
        p = p && *p == ',' ? p + 1 : NULL;
    }
    if (p) snprintf(out, n, "%d '%.*s'", s, (int)strcspn(p, ",\n"), p);
}

/* Rows are read BLOCK_ROWS at a time: memory does not grow with the units. */
#define BLOCK_ROWS 256

typedef struct {
    const char *file;
    const rs_units_header *h;
    int *scen, *rep;
    uint32_t *crc;
    unsigned char *bytes;
    size_t n, packed, k0; /* rows held: [k0, k0 + n) of the group */
} reader;

static int unit_error(const reader *rd, size_t k, rs_error *err, const char *msg)
{
    char label[128];
    scenario_label(rd->h->fingerprint, rd->scen[k], label, sizeof label);
    return rs_error_set(err, RS_ERR_CONFIG, "%s: unit (scenario %s, replicate %d), row %zu: %s", rd->file, label,
                        rd->rep[k], rd->k0 + k, msg);
}

static int alloc_rows(reader *rd, size_t n)
{
    rd->scen = malloc(sizeof *rd->scen * (n + 1));
    rd->rep = malloc(sizeof *rd->rep * (n + 1));
    rd->crc = malloc(sizeof *rd->crc * (n + 1));
    rd->bytes = malloc(rd->packed * (n + 1));
    return rd->scen && rd->rep && rd->crc && rd->bytes ? 0 : -1;
}

static void free_rows(reader *rd)
{
    free(rd->scen);
    free(rd->rep);
    free(rd->crc);
    free(rd->bytes);
}

static int check_row_crc(const reader *rd, size_t k, rs_error *err)
{
    if (rs_unit_crc(rd->scen[k], rd->rep[k], rd->bytes + k * rd->packed, rd->packed) == rd->crc[k]) return RS_OK;
    return unit_error(rd, k, err, "checksum mismatch: the file is damaged (or was edited); rerun what wrote it");
}

/* Where the units go: the run's shape, which are done, and the sink. */
typedef struct {
    int n_scenarios, n_replicates, first_replicate;
    unsigned char *done;
    rs_unit_sink sink;
    void *ctx;
} target;

/* Verify row k and hand it to the sink (tmp: a unit with year storage,
 * where it is checked first). */
static int place_unit(const reader *rd, size_t k, const target *t, rs_unit_result *tmp, rs_error *err)
{
    const unsigned char *bytes = rd->bytes + k * rd->packed;
    int rc = check_row_crc(rd, k, err);
    if (rc) return rc;
    int s = rd->scen[k], r = rd->rep[k] - t->first_replicate;
    if (s < 0 || s >= t->n_scenarios || r < 0 || r >= t->n_replicates)
        return unit_error(rd, k, err, "outside this run");
    size_t u = (size_t)s * (size_t)t->n_replicates + (size_t)r;
    if (t->done[u]) return unit_error(rd, k, err, "already in another file (overlap)");
    char why[256], msg[300];
    if (rs_unit_unpack(bytes, tmp) != 0) {
        int years;
        memcpy(&years, bytes + offsetof(rs_unit_result, years), sizeof years);
        snprintf(msg, sizeof msg, "bad value: years = %d, the run has %d", years, tmp->years);
        return unit_error(rd, k, err, msg);
    }
    if (rs_unit_check(tmp, rd->h->years, rd->h->n_agents, why, sizeof why) != 0) {
        snprintf(msg, sizeof msg, "bad value: %s", why);
        return unit_error(rd, k, err, msg);
    }
    t->done[u] = 1;
    return t->sink(t->ctx, s, r, tmp, err);
}

/* Rows [k0, k0 + n) into rd. */
static int read_rows_at(hid_t grp, const char *name, reader *rd, size_t k0, size_t n, rs_error *err)
{
    rd->k0 = k0;
    rd->n = n;
    if (read_block(grp, "scenario", H5T_NATIVE_INT, k0, n, 1, rd->scen) < 0 ||
        read_block(grp, "replicate", H5T_NATIVE_INT, k0, n, 1, rd->rep) < 0 ||
        read_block(grp, "crc32c", H5T_NATIVE_UINT32, k0, n, 1, rd->crc) < 0 ||
        read_block(grp, "unit", H5T_NATIVE_UINT8, k0, n, rd->packed, rd->bytes) < 0)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: /%s: unit data missing or of another layout (truncated file?)",
                            rd->file, name);
    return RS_OK;
}

/* Every column has the header's n_units rows (of the packed width). */
static int check_columns(hid_t grp, const char *name, const reader *rd, rs_error *err)
{
    long long n = rd->h->n_units;
    if (dataset_rows(grp, "scenario", 1, 1) != n || dataset_rows(grp, "replicate", 1, 1) != n ||
        dataset_rows(grp, "crc32c", 1, 1) != n || dataset_rows(grp, "unit", 2, rd->packed) != n)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: /%s: unit data missing or of another layout (truncated file?)",
                            rd->file, name);
    return RS_OK;
}

/* The group checksum failed: name the first row whose own checksum fails,
 * if there is one (RS_ERR_CONFIG), else RS_OK (the header is damaged). */
static int find_damaged_row(hid_t grp, const char *file, const rs_units_header *h, rs_error *err)
{
    reader rd = {file, h, NULL, NULL, NULL, NULL, 0, rs_unit_packed_size(h->years), 0};
    int rc = alloc_rows(&rd, BLOCK_ROWS) ? rs_error_set(err, RS_ERR_NOMEM, "out of memory reading %s", file) : RS_OK;
    rs_error ignored;
    if (!rc && check_columns(grp, "", &rd, &ignored) == RS_OK)
        for (size_t k0 = 0; !rc && k0 < (size_t)h->n_units; k0 += BLOCK_ROWS) {
            size_t n = (size_t)h->n_units - k0 < BLOCK_ROWS ? (size_t)h->n_units - k0 : BLOCK_ROWS;
            if (read_rows_at(grp, "", &rd, k0, n, &ignored)) break;
            for (size_t k = 0; !rc && k < n; k++) rc = check_row_crc(&rd, k, err);
        }
    free_rows(&rd);
    return rc;
}

/* The stored unit checksums must give the stored group checksum. */
static int check_group_checksum(hid_t grp, const char *file, const char *name, const rs_units_header *h,
                                rs_error *err)
{
    size_t n = (size_t)h->n_units;
    uint32_t *crc = malloc(sizeof *crc * (n + 1));
    if (!crc) return rs_error_set(err, RS_ERR_NOMEM, "out of memory reading %s", file);
    int rc = RS_OK;
    if (read_rows(grp, "crc32c", H5T_NATIVE_UINT32, n, 1, crc) < 0)
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: /%s: unit checksums missing or not %lld (truncated or damaged file)",
                          file, name, h->n_units);
    else if (rs_units_checksum(h, crc, n) != h->checksum && !(rc = find_damaged_row(grp, file, h, err)))
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: /%s: checksum mismatch in the header: "
                          "the file is damaged (or was edited); rerun what wrote it", file, name);
    free(crc);
    return rc;
}

int rs_units_stream(hid_t loc, const char *name, const char *file, const rs_units_header *h, int n_scenarios,
                    int first_replicate, int n_replicates, unsigned char *done, rs_unit_sink sink, void *ctx,
                    int *n_read, rs_error *err)
{
    *n_read = 0;
    if (h->n_units > (long long)n_scenarios * n_replicates)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: holds %lld work units, more than this run's %lld", file,
                            h->n_units, (long long)n_scenarios * n_replicates);
    hid_t grp = H5Lexists(loc, name, H5P_DEFAULT) > 0 ? H5Gopen2(loc, name, H5P_DEFAULT) : -1;
    if (grp < 0) return rs_error_set(err, RS_ERR_CONFIG, "%s: no /%s group", file, name);
    reader rd = {file, h, NULL, NULL, NULL, NULL, 0, rs_unit_packed_size(h->years), 0};
    target t = {n_scenarios, n_replicates, first_replicate, done, sink, ctx};
    int no_rows = alloc_rows(&rd, BLOCK_ROWS), rc = RS_OK;
    double *year = malloc(sizeof *year * (size_t)h->years * RS_N_YEAR_TOTALS);
    rs_unit_result tmp = {.years = h->years, .year = year};
    if (no_rows || !year) rc = rs_error_set(err, RS_ERR_NOMEM, "out of memory reading %s", file);
    /* rs_units_read_header verified the group checksum over the stored
     * unit checksums; each row is checked against its own below. */
    if (!rc) rc = check_columns(grp, name, &rd, err);
    for (size_t k0 = 0; !rc && k0 < (size_t)h->n_units; k0 += BLOCK_ROWS) {
        size_t n = (size_t)h->n_units - k0 < BLOCK_ROWS ? (size_t)h->n_units - k0 : BLOCK_ROWS;
        rc = read_rows_at(grp, name, &rd, k0, n, err);
        for (size_t k = 0; !rc && k < n; k++) rc = place_unit(&rd, k, &t, &tmp, err);
        if (!rc) *n_read += (int)n;
    }
    H5Gclose(grp);
    free_rows(&rd);
    free(year);
    return rc;
}

static int into_ensemble(void *ctx, int s, int r, const rs_unit_result *res, rs_error *err)
{
    (void)err;
    rs_ensemble_copy_unit(rs_ensemble_unit(ctx, s, r), res);
    return RS_OK;
}

int rs_units_read(hid_t loc, const char *name, const char *file, const rs_units_header *h, rs_ensemble *into,
                  unsigned char *done, int *n_read, rs_error *err)
{
    *n_read = 0;
    if (h->years != into->years)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: its units have %d years, this run %d", file, h->years, into->years);
    return rs_units_stream(loc, name, file, h, into->n_scenarios, into->first_replicate, into->n_replicates, done,
                           into_ensemble, into, n_read, err);
}
