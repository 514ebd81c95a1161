/* reoffsim — the results file streamed as units finish (results_stream.h):
 * a reorder window puts units back in replicate order, a block of
 * replicates is appended to the chunked per-unit datasets at a time, and
 * only per-unit scalars and (scenario, year) sums stay in memory. */
#define _GNU_SOURCE /* syscall */
#include "results_stream.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "h5_dims.h"
#include "h5_util.h"
#include "io_hdf5_parts.h"
#include "checkpoint.h"
#include "text_file.h"

#define T RS_N_YEAR_TOTALS
#define G RS_N_GROUPS
#define N_ECON_BY_YEAR 5
/* Bytes of per-unit data gathered before a block is written out (the
 * "one chunk" of the memory bound); at least one replicate. */
#define BLOCK_BYTES (1u << 20)

struct rs_rstream {
    const rs_config *cfg;
    char path[4096], tmp[4096];
    int force, created;    /* created: the temporary exists (ours, O_EXCL) */
    int probe_fd;          /* the temporary, for room_for */
    int in_memory;         /* a small file: built in memory, written at the end (text_file.h) */
    int write_errno;       /* a write failed: nothing more is written */
    hid_t file;
    rs_h5_dims res, eco;
    int S, R, Y, first, block;
    int next, b0;          /* next replicate to take; first replicate of the block */
    long long n_put;
    /* reorder window: replicate r waits in slot r % window */
    int window;
    rs_unit_result *win;   /* [slot][s] */
    double *win_year;      /* their year arrays */
    int *win_count;        /* units of the slot's replicate in */
    /* the block being gathered, laid out as the datasets' hyperslab */
    double *gbuf, *ybuf, *ebuf; /* [var][s][block][G], [total][s][block][Y], [s][block] */
    hid_t gds[16], yds[T], eds, econ_ds[N_ECON_BY_YEAR];
    /* what stays: the streamed ensemble and the economics */
    rs_ensemble e;
    int *mean_n;           /* [s][t][y] finite values behind e.year_mean's sums */
    rs_economics econ;
    /* a shard's raw units (/shard, for merge), rows in replicate order */
    int raw;
    rs_units_header raw_h;
    hid_t raw_grp, raw_ds[4]; /* scenario, replicate, unit, crc32c */
    size_t packed;
    int *raw_s, *raw_r;       /* [block][S] */
    uint32_t *raw_crc;        /* every row's, for the group checksum (4 bytes a unit) */
    unsigned char *raw_bytes; /* [block][S][packed] */
};

double rs_rstream_bytes_per_unit(int years)
{
    (void)years; /* per-unit memory does not depend on the years: they are streamed */
    return (double)sizeof(rs_unit_result) + T * sizeof(double) + 9 * sizeof(double) /* economics per unit */;
}

double rs_rstream_bytes_fixed(int n_scenarios, int years)
{
    /* the block buffers (BLOCK_BYTES of unit data, each kept twice: the
     * window and the block), sums by (scenario, total, year), HDF5's chunk cache */
    return 3.0 * BLOCK_BYTES + (double)n_scenarios * T * years * (sizeof(double) + sizeof(int)) + 32.0 * (1 << 20);
}

/* ---------- datasets ---------- */

/* A chunked double dataset (S, 0 .. unlimited, inner) (inner 0: rank 2). */
static hid_t create_var(const rs_rstream *st, hid_t group, const char *name, hsize_t inner, const char *units,
                        const char *long_name)
{
    int rank = inner ? 3 : 2;
    hsize_t dims[3] = {(hsize_t)st->S, 0, inner}, max[3] = {(hsize_t)st->S, H5S_UNLIMITED, inner};
    hsize_t chunk[3] = {1, (hsize_t)st->block, inner};
    hid_t space = H5Screate_simple(rank, dims, max);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE), dapl = H5Pcreate(H5P_DATASET_ACCESS);
    hid_t ds = -1;
    /* No chunk cache: every block writes whole chunks, once; a cache would
     * only hold up to 1 MiB per dataset (~60 of them) for nothing. */
    if (space >= 0 && dcpl >= 0 && dapl >= 0 && H5Pset_chunk(dcpl, rank, chunk) >= 0 &&
        H5Pset_chunk_cache(dapl, 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT) >= 0)
        ds = H5Dcreate2(group, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, dapl);
    if (dcpl >= 0) H5Pclose(dcpl);
    if (dapl >= 0) H5Pclose(dapl);
    if (space >= 0) H5Sclose(space);
    if (ds >= 0 && (rs_h5_attr_string(ds, "units", units) | rs_h5_attr_string(ds, "long_name", long_name))) {
        H5Dclose(ds);
        ds = -1;
    }
    return ds;
}

/* Append n replicates (from b0) of buf [S][block][inner] to ds. */
static int append(const rs_rstream *st, hid_t ds, hsize_t inner, int n, const double *buf)
{
    int rank = inner ? 3 : 2;
    hsize_t size[3] = {(hsize_t)st->S, (hsize_t)(st->b0 + n), inner};
    hsize_t start[3] = {0, (hsize_t)st->b0, 0}, count[3] = {(hsize_t)st->S, (hsize_t)n, inner};
    hsize_t mdims[3] = {(hsize_t)st->S, (hsize_t)st->block, inner}, mstart[3] = {0, 0, 0};
    if (H5Dset_extent(ds, size) < 0) return -1;
    hid_t fspace = H5Dget_space(ds), mspace = H5Screate_simple(rank, mdims, NULL);
    int rc = fspace < 0 || mspace < 0 ||
             H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
             H5Sselect_hyperslab(mspace, H5S_SELECT_SET, mstart, NULL, count, NULL) < 0 ||
             H5Dwrite(ds, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, buf) < 0;
    if (fspace >= 0) H5Sclose(fspace);
    if (mspace >= 0) H5Sclose(mspace);
    return rc ? -1 : 0;
}

static const struct { const char *name, *ln; } econ_vars[N_ECON_BY_YEAR] = {
    {"harm_cost", "cost of offences to communities and the economy (area, undiscounted)"},
    {"cjs_cost", "criminal justice costs of simulated activity (area, undiscounted)"},
    {"service_cost", "service budgets, pro rata to days active (area, undiscounted)"},
    {"saving_communities", "discounted saving to communities and the economy vs the reference"},
    {"saving_cjs", "discounted CJS saving vs the reference"},
};

static double *econ_block(const rs_economics *x, int k)
{
    double *v[N_ECON_BY_YEAR] = {x->harm, x->cjs, x->service, x->saving_communities, x->saving_cjs};
    return v[k];
}

static void no_datasets(rs_rstream *st)
{
    for (int i = 0; i < 16; i++) st->gds[i] = -1;
    for (int t = 0; t < T; t++) st->yds[t] = -1;
    for (int k = 0; k < N_ECON_BY_YEAR; k++) st->econ_ds[k] = -1;
    st->eds = -1;
    rs_h5_dims none = {-1, -1, -1, -1, -1};
    st->res = st->eco = none;
    for (int i = 0; i < 4; i++) st->raw_ds[i] = -1;
    st->raw_grp = -1;
}

static int create_datasets(rs_rstream *st)
{
    int rc = 0;
    for (size_t m = 0; !rc && m < rs_n_group_vars; m++)
        rc = (st->gds[m] = create_var(st, st->res.group, rs_group_vars[m].name, G, rs_group_vars[m].units,
                                      rs_group_vars[m].long_name)) < 0;
    for (int t = 0; !rc && t < T; t++) {
        char long_name[128];
        snprintf(long_name, sizeof long_name, "%s per simulated year (all offenders)", rs_year_total_name((rs_year_total)t));
        rc = (st->yds[t] = create_var(st, st->res.group, rs_year_total_name((rs_year_total)t), (hsize_t)st->Y,
                                      rs_year_total_units((rs_year_total)t), long_name)) < 0;
    }
    if (!rc) rc = (st->eds = create_var(st, st->res.group, "events", 0, "events", "events processed by the engine")) < 0;
    for (int k = 0; !rc && k < N_ECON_BY_YEAR; k++)
        rc = (st->econ_ds[k] = create_var(st, st->eco.group, econ_vars[k].name, (hsize_t)st->Y, "GBP", econ_vars[k].ln)) < 0;
    return rc ? -1 : 0;
}

/* Dimension scales on the per-unit /results datasets, once they have their extent. */
static int attach_scales(const rs_rstream *st)
{
    int rc = 0;
    hid_t g3[3] = {st->res.scenario, st->res.replicate, st->res.subgroup};
    hid_t y3[3] = {st->res.scenario, st->res.replicate, st->res.year};
    for (size_t m = 0; m < rs_n_group_vars; m++)
        for (unsigned i = 0; i < 3; i++) rc |= H5DSattach_scale(st->gds[m], g3[i], i) < 0;
    for (int t = 0; t < T; t++)
        for (unsigned i = 0; i < 3; i++) rc |= H5DSattach_scale(st->yds[t], y3[i], i) < 0;
    for (unsigned i = 0; i < 2; i++) rc |= H5DSattach_scale(st->eds, g3[i], i) < 0;
    return rc ? -1 : 0; /* /economics: rs_hdf5_end attaches them beside the means, in the order readers saw before */
}

static void close_datasets(rs_rstream *st)
{
    for (size_t m = 0; m < rs_n_group_vars; m++)
        if (st->gds[m] >= 0) H5Dclose(st->gds[m]);
    for (int t = 0; t < T; t++)
        if (st->yds[t] >= 0) H5Dclose(st->yds[t]);
    for (int k = 0; k < N_ECON_BY_YEAR; k++)
        if (st->econ_ds[k] >= 0) H5Dclose(st->econ_ds[k]);
    if (st->eds >= 0) H5Dclose(st->eds);
    for (size_t m = 0; m < rs_n_group_vars; m++) st->gds[m] = -1;
    for (int t = 0; t < T; t++) st->yds[t] = -1;
    for (int k = 0; k < N_ECON_BY_YEAR; k++) st->econ_ds[k] = -1;
    st->eds = -1;
}

/* ---------- the file ---------- */

/* The file descriptor HDF5 writes through (sec2 driver), or -1. */
static int hdf5_fd(hid_t file)
{
    void *handle = NULL;
    return file >= 0 && H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) >= 0 && handle ? *(int *)handle : -1;
}

/* After a write failed (a full disk): point HDF5's descriptor at a scratch
 * in-memory file, so that closing the file (which flushes what HDF5 still
 * holds) succeeds instead of failing for ever, which HDF5 cannot recover
 * from; the temporary is removed by name afterwards. */
static void discard_writes(const rs_rstream *st)
{
    int fd = st->in_memory ? -1 : hdf5_fd(st->file);
    if (fd < 0) return;
#ifdef __linux__
    int scratch = (int)syscall(SYS_memfd_create, "reoffsim-discarded", 0u);
#else
    int scratch = -1;
#endif
    if (scratch < 0) scratch = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (scratch < 0) return;
    dup2(scratch, fd);
    close(scratch);
}

/* Room for the next `want` bytes HDF5 will write: a write that fails inside
 * HDF5 (a full disk) can leave the file impossible to close (HDF5 1.10), so
 * write that much ourselves first, at the end of the temporary, and cut it
 * off again (the pages go before they reach the disk); 0 or an errno value.
 * After a failure nothing more goes to the file (discard_writes). */
static int room_for(const rs_rstream *st, off_t want)
{
    static const char zeros[1 << 16];
    if (st->in_memory) return 0;
    off_t end = lseek(st->probe_fd, 0, SEEK_END);
    int e = end < 0 ? errno : 0;
    for (off_t at = end; !e && at < end + want; at += (off_t)sizeof zeros) {
        ssize_t w = pwrite(st->probe_fd, zeros, sizeof zeros, at);
        if (w != (ssize_t)sizeof zeros) e = w < 0 ? errno : ENOSPC;
    }
    if (end >= 0 && ftruncate(st->probe_fd, end) != 0 && !e) e = errno;
    return e;
}

/* A file estimated below this many bytes is built in memory (HDF5's core
 * driver) and written in one go at the end, as before streaming: the
 * temporary then exists only while it is written, and a full disk never
 * reaches HDF5. REOFFSIM_STREAM_MIN_BYTES overrides it (0: always stream;
 * the robustness tests use it). */
#define IN_MEMORY_BELOW (32.0 * (1 << 20))

static double in_memory_below(void)
{
    const char *v = getenv("REOFFSIM_STREAM_MIN_BYTES");
    char *end;
    double x = v && *v ? strtod(v, &end) : -1.0;
    return v && *v && !*end && x >= 0 ? x : IN_MEMORY_BELOW;
}

/* Bytes of the per-unit datasets: what the file grows with. */
static double file_bytes(const rs_rstream *st)
{
    return (double)st->S * st->R * sizeof(double) * ((double)rs_n_group_vars * G + (double)(T + N_ECON_BY_YEAR) * st->Y + 1);
}

/* The temporary: an unpredictable name beside path, created by HDF5 itself
 * with O_EXCL (never an existing file or link), after a trial write showed
 * there is room. */
static int create_on_disk(rs_rstream *st, rs_error *err)
{
    int rc = rs_temp_pick(st->path, st->tmp, sizeof st->tmp, err);
    if (rc) return rc;
    /* Closing the file closes whatever is still open in it (after a failure). */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0) H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
    st->file = H5Fcreate(st->tmp, H5F_ACC_EXCL, H5P_DEFAULT, fapl >= 0 ? fapl : H5P_DEFAULT);
    if (fapl >= 0) H5Pclose(fapl);
    st->created = st->file >= 0;
    mode_t mask = umask(022);
    umask(mask);
    if (st->file < 0)
        return rs_error_set(err, RS_ERR_IO, "%s: cannot create the HDF5 temporary %s", st->path, st->tmp);
    if (fchmod(hdf5_fd(st->file), 0644 & ~mask) != 0) /* as the other outputs: 0644 less the umask */
        return rs_error_set(err, RS_ERR_IO, "%s: cannot set permissions: %s", st->tmp, strerror(errno));
    if ((st->probe_fd = open(st->tmp, O_WRONLY | O_CLOEXEC)) < 0)
        return rs_error_set(err, RS_ERR_IO, "%s: cannot open: %s", st->tmp, strerror(errno));
    return RS_OK;
}

static int open_file(rs_rstream *st, rs_error *err)
{
    int rc = rs_atomic_check(st->path, st->force, err);
    if (rc) return rc;
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    st->in_memory = file_bytes(st) < in_memory_below();
    if (st->in_memory && (st->file = rs_h5_create_in_memory()) < 0)
        rc = rs_error_set(err, RS_ERR_NOMEM, "%s: cannot build the HDF5 contents in memory", st->path);
    else if (!st->in_memory)
        rc = create_on_disk(st, err);
    rs_h5_extent x = {st->R, st->first, st->Y};
    if (!rc && (rs_hdf5_begin(st->file, st->cfg, &x, &st->res, &st->eco) || create_datasets(st)))
        rc = rs_error_set(err, RS_ERR_IO, "%s: cannot create the results datasets (disk full?)", st->path);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    return rc;
}

/* ---------- memory ---------- */

static int alloc_window(rs_rstream *st, int window)
{
    size_t n = (size_t)window * (size_t)st->S, per = (size_t)T * (size_t)st->Y;
    st->win = calloc(n, sizeof *st->win);
    st->win_year = calloc(n * per, sizeof *st->win_year);
    st->win_count = calloc((size_t)window, sizeof *st->win_count);
    if (!st->win || !st->win_year || !st->win_count) return -1;
    for (size_t k = 0; k < n; k++) {
        st->win[k].year = st->win_year + k * per;
        st->win[k].years = st->Y;
    }
    st->window = window;
    return 0;
}

static int alloc_all(rs_rstream *st)
{
    size_t S = (size_t)st->S, R = (size_t)st->R, B = (size_t)st->block, Y = (size_t)st->Y;
    st->gbuf = malloc(sizeof(double) * (rs_n_group_vars * S * B * G + 1));
    st->ybuf = malloc(sizeof(double) * ((size_t)T * S * B * Y + 1));
    st->ebuf = malloc(sizeof(double) * (S * B + 1));
    st->e.units = calloc(S * R + 1, sizeof *st->e.units);
    st->e.year_sum = calloc(S * R * T + 1, sizeof(double));
    st->e.year_mean = calloc(S * T * Y + 1, sizeof(double));
    st->mean_n = calloc(S * T * Y + 1, sizeof(int));
    if (!st->gbuf || !st->ybuf || !st->ebuf || !st->e.units || !st->e.year_sum || !st->e.year_mean || !st->mean_n)
        return -1;
    return alloc_window(st, 2 * (st->block > 8 ? st->block : 8) < st->R ? 2 * (st->block > 8 ? st->block : 8) : st->R);
}

static void free_window(rs_rstream *st)
{
    free(st->win);
    free(st->win_year);
    free(st->win_count);
    st->win = NULL;
    st->win_year = NULL;
    st->win_count = NULL;
}

/* Double the window, keeping the waiting replicates (next .. next + window - 1). */
static int grow_window(rs_rstream *st)
{
    rs_rstream old = *st;
    if (alloc_window(st, 2 * old.window)) {
        free_window(st);
        st->win = old.win, st->win_year = old.win_year, st->win_count = old.win_count, st->window = old.window;
        return -1;
    }
    for (int r = old.next; r < old.next + old.window && r < st->R; r++) {
        int from = r % old.window, to = r % st->window;
        st->win_count[to] = old.win_count[from];
        for (int s = 0; s < st->S; s++)
            rs_ensemble_copy_unit(&st->win[(size_t)to * (size_t)st->S + (size_t)s],
                                  &old.win[(size_t)from * (size_t)st->S + (size_t)s]);
    }
    free(old.win);
    free(old.win_year);
    free(old.win_count);
    return 0;
}

int rs_rstream_open(const char *path, int force, const rs_config *cfg, int n_replicates, int first_replicate,
                    rs_rstream **out, rs_error *err)
{
    *out = NULL;
    rs_rstream *st = calloc(1, sizeof *st);
    if (!st) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the results writer");
    st->cfg = cfg;
    st->file = -1;
    st->probe_fd = -1;
    no_datasets(st);
    snprintf(st->path, sizeof st->path, "%s", path);
    st->force = force;
    st->S = cfg->n_scenarios;
    st->R = n_replicates;
    st->Y = cfg->scenarios[0].params.run.years;
    st->first = first_replicate;
    size_t per_replicate = (size_t)st->S * (rs_n_group_vars * G + (size_t)(T + N_ECON_BY_YEAR) * (size_t)st->Y + 1) * sizeof(double);
    st->block = (int)(BLOCK_BYTES / per_replicate);
    if (st->block < 1) st->block = 1;
    if (st->block > st->R) st->block = st->R;
    st->e.n_scenarios = st->S;
    st->e.n_replicates = st->R;
    st->e.years = st->Y;
    st->e.first_replicate = first_replicate;
    int rc = alloc_all(st) ? rs_error_set(err, RS_ERR_NOMEM, "out of memory for the results writer") : RS_OK;
    if (!rc) rc = rs_economics_begin(cfg, st->R, st->Y, st->block, &st->econ, err);
    if (!rc) rc = open_file(st, err);
    if (rc) {
        rs_rstream_abort(st);
        return rc;
    }
    *out = st;
    return RS_OK;
}

/* ---------- a shard's raw units ---------- */

/* An extendible dataset of rows (0 .. unlimited) of `width` elements. */
static hid_t create_rows(hid_t grp, const char *name, hid_t type, hsize_t width, hsize_t chunk_rows)
{
    int rank = width > 1 ? 2 : 1;
    hsize_t dims[2] = {0, width}, max[2] = {H5S_UNLIMITED, width}, chunk[2] = {chunk_rows, width};
    hid_t space = H5Screate_simple(rank, dims, max), dcpl = H5Pcreate(H5P_DATASET_CREATE), ds = -1;
    hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
    if (space >= 0 && dcpl >= 0 && dapl >= 0 && H5Pset_chunk(dcpl, rank, chunk) >= 0 &&
        H5Pset_chunk_cache(dapl, 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT) >= 0)
        ds = H5Dcreate2(grp, name, type, space, H5P_DEFAULT, dcpl, dapl);
    if (dcpl >= 0) H5Pclose(dcpl);
    if (dapl >= 0) H5Pclose(dapl);
    if (space >= 0) H5Sclose(space);
    return ds;
}

/* Append n rows (from row k0) of buf to ds. */
static int append_rows(hid_t ds, hid_t mem_type, hsize_t k0, hsize_t n, hsize_t width, const void *buf)
{
    int rank = width > 1 ? 2 : 1;
    hsize_t size[2] = {k0 + n, width}, start[2] = {k0, 0}, count[2] = {n, width};
    if (H5Dset_extent(ds, size) < 0) return -1;
    hid_t fspace = H5Dget_space(ds), mspace = H5Screate_simple(rank, count, NULL);
    int rc = fspace < 0 || mspace < 0 || H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
             H5Dwrite(ds, mem_type, mspace, fspace, H5P_DEFAULT, buf) < 0;
    if (fspace >= 0) H5Sclose(fspace);
    if (mspace >= 0) H5Sclose(mspace);
    return rc ? -1 : 0;
}

int rs_rstream_keep_units(rs_rstream *st, const rs_config *cfg, const rs_run_identity *id, rs_error *err)
{
    size_t rows = (size_t)st->block * (size_t)st->S;
    st->packed = rs_unit_packed_size(st->Y);
    rs_units_header_init(&st->raw_h, cfg, id);
    st->raw_s = malloc(sizeof(int) * rows);
    st->raw_r = malloc(sizeof(int) * rows);
    st->raw_crc = malloc(sizeof(uint32_t) * ((size_t)st->S * (size_t)st->R + 1));
    st->raw_bytes = malloc(st->packed * rows);
    if (!st->raw_s || !st->raw_r || !st->raw_crc || !st->raw_bytes)
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the shard's units");
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    st->raw_grp = H5Gcreate2(st->file, RS_SHARD_GROUP, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = st->raw_grp < 0;
    if (!rc) rc = (st->raw_ds[0] = create_rows(st->raw_grp, "scenario", H5T_STD_I32LE, 1, rows)) < 0;
    if (!rc) rc = (st->raw_ds[1] = create_rows(st->raw_grp, "replicate", H5T_STD_I32LE, 1, rows)) < 0;
    if (!rc) rc = (st->raw_ds[2] = create_rows(st->raw_grp, "unit", H5T_NATIVE_UINT8, st->packed, (hsize_t)st->S)) < 0;
    if (!rc) rc = (st->raw_ds[3] = create_rows(st->raw_grp, "crc32c", H5T_STD_U32LE, 1, rows)) < 0;
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    st->raw = 1;
    return rc ? rs_error_set(err, RS_ERR_IO, "%s: cannot create the shard's unit datasets", st->path) : RS_OK;
}

/* Row (r - b0, s) of the block: unit (s, r) packed, with its checksum. */
static void raw_row(rs_rstream *st, int s, int r, const rs_unit_result *u)
{
    size_t row = (size_t)(r - st->b0) * (size_t)st->S + (size_t)s;
    unsigned char *bytes = st->raw_bytes + row * st->packed;
    rs_unit_pack(u, bytes);
    st->raw_s[row] = s;
    st->raw_r[row] = st->first + r;
    st->raw_crc[(size_t)r * (size_t)st->S + (size_t)s] = rs_unit_crc(s, st->first + r, bytes, st->packed);
}

static int flush_raw(rs_rstream *st, int n)
{
    hsize_t k0 = (hsize_t)st->b0 * (hsize_t)st->S, rows = (hsize_t)n * (hsize_t)st->S;
    int rc = append_rows(st->raw_ds[0], H5T_NATIVE_INT, k0, rows, 1, st->raw_s);
    if (!rc) rc = append_rows(st->raw_ds[1], H5T_NATIVE_INT, k0, rows, 1, st->raw_r);
    if (!rc) rc = append_rows(st->raw_ds[2], H5T_NATIVE_UINT8, k0, rows, st->packed, st->raw_bytes);
    if (!rc) rc = append_rows(st->raw_ds[3], H5T_NATIVE_UINT32, k0, rows, 1, st->raw_crc + k0);
    return rc;
}

/* The shard group's header, now that every row is in. */
static int finish_raw(rs_rstream *st)
{
    if (!st->raw) return 0;
    st->raw_h.n_units = (long long)st->S * st->R;
    st->raw_h.checksum = rs_units_checksum(&st->raw_h, st->raw_crc, (size_t)st->raw_h.n_units);
    return rs_units_write_header(st->raw_grp, &st->raw_h);
}

static void close_raw(rs_rstream *st)
{
    for (int i = 0; i < 4; i++)
        if (st->raw_ds[i] >= 0) H5Dclose(st->raw_ds[i]);
    if (st->raw_grp >= 0) H5Gclose(st->raw_grp);
    for (int i = 0; i < 4; i++) st->raw_ds[i] = -1;
    st->raw_grp = -1;
    free(st->raw_s), free(st->raw_r), free(st->raw_crc), free(st->raw_bytes);
    st->raw_s = st->raw_r = NULL;
    st->raw_crc = NULL;
    st->raw_bytes = NULL;
}

/* ---------- taking units ---------- */

/* Write out the block gathered so far (replicates b0 .. next - 1). */
static int flush_block(rs_rstream *st)
{
    int n = st->next - st->b0;
    if (n <= 0) return 0;
    size_t bytes = sizeof(double) * (size_t)st->S * (size_t)st->block *
                   (rs_n_group_vars * G + (size_t)(T + N_ECON_BY_YEAR) * (size_t)st->Y + 1) +
                   (st->raw ? st->packed * (size_t)st->S * (size_t)st->block : 0);
    if ((st->write_errno = room_for(st, (off_t)(2 * bytes + (1u << 20))))) {
        discard_writes(st);
        return -1;
    }
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    size_t S = (size_t)st->S, B = (size_t)st->block, Y = (size_t)st->Y;
    int rc = 0;
    for (size_t m = 0; !rc && m < rs_n_group_vars; m++) rc = append(st, st->gds[m], G, n, st->gbuf + m * S * B * G);
    for (int t = 0; !rc && t < T; t++) rc = append(st, st->yds[t], Y, n, st->ybuf + (size_t)t * S * B * Y);
    if (!rc) rc = append(st, st->eds, 0, n, st->ebuf);
    for (int k = 0; !rc && k < N_ECON_BY_YEAR; k++) rc = append(st, st->econ_ds[k], Y, n, econ_block(&st->econ, k));
    if (!rc && st->raw) rc = flush_raw(st, n);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    st->b0 = st->next;
    st->econ.by_year_first = st->b0;
    return rc;
}

/* What stays of unit (s, r), and its rows of the block. */
static void keep_unit(rs_rstream *st, int s, int r, const rs_unit_result *u)
{
    size_t S = (size_t)st->S, B = (size_t)st->block, Y = (size_t)st->Y, i = (size_t)(r - st->b0);
    size_t unit = (size_t)s * (size_t)st->R + (size_t)r;
    rs_unit_result *slim = &st->e.units[unit];
    *slim = *u; /* every plain field, whatever metrics.h adds */
    slim->year = NULL;
    for (size_t m = 0; m < rs_n_group_vars; m++)
        for (int g = 0; g < G; g++) st->gbuf[((m * S + (size_t)s) * B + i) * G + (size_t)g] = rs_group_vars[m].f(u, (rs_group)g);
    for (int t = 0; t < T; t++) {
        const double *row = rs_year_row(u, (rs_year_total)t);
        double sum = 0.0; /* as rs_metric_per_year adds them */
        for (size_t y = 0; y < Y; y++) {
            st->ybuf[(((size_t)t * S + (size_t)s) * B + i) * Y + y] = row[y];
            sum += row[y];
            size_t k = ((size_t)s * T + (size_t)t) * Y + y;
            if (isnan(row[y])) continue;
            st->e.year_mean[k] += row[y];
            st->mean_n[k]++;
        }
        st->e.year_sum[unit * T + (size_t)t] = sum;
    }
    st->ebuf[(size_t)s * B + i] = (double)u->events;
    st->e.events += u->events;
}

/* Take the next replicate, complete in its slot. */
static int take_replicate(rs_rstream *st)
{
    int r = st->next, w = r % st->window;
    const rs_unit_result *units[256];
    for (int s = 0; s < st->S; s++) {
        units[s] = &st->win[(size_t)w * (size_t)st->S + (size_t)s];
        keep_unit(st, s, r, units[s]);
        if (st->raw) raw_row(st, s, r, units[s]);
    }
    rs_economics_add_replicate(st->cfg, &st->econ, r, units);
    st->win_count[w] = 0;
    st->next++;
    return st->next - st->b0 == st->block || st->next == st->R ? flush_block(st) : 0;
}

int rs_rstream_put(rs_rstream *st, int s, int r, const rs_unit_result *res, rs_error *err)
{
    if (st->write_errno)
        return rs_error_set(err, RS_ERR_IO, "%s: cannot write results: %s", st->path, strerror(st->write_errno));
    if (s < 0 || s >= st->S || r < st->next || r >= st->R || res->years != st->Y)
        return rs_error_set(err, RS_ERR_IO, "results writer: unit (%d, %d) out of place", s, r);
    while (r - st->next >= st->window)
        if (grow_window(st)) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the results writer");
    int w = r % st->window;
    rs_ensemble_copy_unit(&st->win[(size_t)w * (size_t)st->S + (size_t)s], res);
    st->win_count[w]++;
    st->n_put++;
    int rc = 0;
    while (!rc && st->next < st->R && st->win_count[st->next % st->window] == st->S) rc = take_replicate(st);
    if (rc) discard_writes(st);
    return rc ? rs_error_set(err, RS_ERR_IO, "%s: cannot write results: %s", st->path,
                             strerror(st->write_errno ? st->write_errno : EIO)) : RS_OK;
}

long long rs_rstream_n_put(const rs_rstream *st) { return st->n_put; }

int rs_rstream_units_done(rs_rstream *st, rs_ensemble *e, rs_economics *econ, rs_error *err)
{
    if (st->next < st->R)
        return rs_error_set(err, RS_ERR_INTERRUPTED, "%lld of %lld work units not done",
                            (long long)st->S * st->R - st->n_put, (long long)st->S * st->R);
    size_t sty = (size_t)st->S * T * (size_t)st->Y;
    for (size_t k = 0; k < sty; k++) st->e.year_mean[k] = st->mean_n[k] ? st->e.year_mean[k] / st->mean_n[k] : NAN;
    rs_economics_finish(&st->econ);
    free_window(st);
    free(st->gbuf), free(st->ybuf), free(st->ebuf), free(st->mean_n);
    st->gbuf = st->ybuf = st->ebuf = NULL;
    st->mean_n = NULL;
    *e = st->e;
    *econ = st->econ;
    memset(&st->e, 0, sizeof st->e);
    memset(&st->econ, 0, sizeof st->econ);
    return RS_OK;
}

/* ---------- closing ---------- */

static void release(rs_rstream *st)
{
    close_datasets(st);
    close_raw(st);
    rs_h5_dims_close(&st->res);
    rs_h5_dims_close(&st->eco);
    if (st->res.group >= 0) H5Gclose(st->res.group);
    if (st->eco.group >= 0) H5Gclose(st->eco.group);
    st->res.group = st->eco.group = -1;
    free_window(st);
    free(st->gbuf), free(st->ybuf), free(st->ebuf), free(st->mean_n);
    rs_ensemble_free(&st->e);
    rs_economics_free(&st->econ);
}

/* Close the file; on failure (rc) first discard what HDF5 could not
 * write, and remove the temporary. */
static int close_file(rs_rstream *st, int rc)
{
    if (rc) discard_writes(st);
    release(st);
    if (st->file >= 0 && H5Fclose(st->file) < 0 && !rc) {
        discard_writes(st);
        H5Fclose(st->file);
        rc = -1;
    }
    st->file = -1;
    if (rc && st->created) unlink(st->tmp);
    if (st->probe_fd >= 0) close(st->probe_fd);
    st->probe_fd = -1;
    return rc;
}

int rs_rstream_close(rs_rstream *st, const rs_config *cfg, const rs_ensemble *e, const rs_economics *econ,
                     const rs_tornado *tornado, const rs_run_info *info, rs_error *err)
{
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int rc = attach_scales(st), sync_errno = 0;
    if (!rc) rc = finish_raw(st);
    close_datasets(st);
    close_raw(st);
    if (!rc) rc = rs_hdf5_end(st->file, &st->res, &st->eco, cfg, e, econ, tornado, info);
    if (!rc && (sync_errno = room_for(st, (off_t)(4 << 20) + lseek(st->probe_fd, 0, SEEK_END) / 16))) rc = -1;
    if (!rc && H5Fflush(st->file, H5F_SCOPE_GLOBAL) < 0) rc = -1;
    void *image = NULL;
    ssize_t len = 0;
    if (!rc && st->in_memory) {
        len = H5Fget_file_image(st->file, NULL, 0);
        image = len > 0 ? malloc((size_t)len) : NULL;
        if (!image || H5Fget_file_image(st->file, image, (size_t)len) != len) rc = -1;
    } else if (!rc && fsync(hdf5_fd(st->file)) != 0) {
        sync_errno = errno, rc = -1;
    }
    rc = close_file(st, rc);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    if (sync_errno) rc = rs_error_set(err, RS_ERR_IO, "%s: cannot write (disk full?): %s", st->path, strerror(sync_errno));
    else if (rc) rc = rs_error_set(err, RS_ERR_IO, "%s: could not write the HDF5 contents (disk full?)", st->path);
    else if (st->in_memory) rc = rs_write_bytes_atomic(st->path, st->force, image, (size_t)len, err);
    else rc = rs_atomic_move(st->tmp, st->path, st->force, err);
    free(image);
    free(st);
    return rc;
}

void rs_rstream_abort(rs_rstream *st)
{
    if (!st) return;
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    close_file(st, -1);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    free(st);
}
