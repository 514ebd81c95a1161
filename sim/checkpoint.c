/* reoffsim — the checkpoint store of a run (checkpoint.h): done units in
 * memory, the run's fingerprint, and the checkpoint file written atomically
 * (HDF5 via a temporary name, fsync, rename, fsync of the directory). */
#define _POSIX_C_SOURCE 200809L
#include "reoffsim/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "h5_input.h"
#include "h5_util.h"
#include "reoffsim/posterior.h"
#include "reoffsim/version.h"

struct rs_ckpt {
    char path[4096];
    rs_units_header header; /* identity of the run, written with the units */
    rs_ensemble store;      /* shaped like the ensemble this process runs */
    unsigned char *done;    /* [s * n_replicates + r] */
    int n_done, n_units;
    double every, last_write; /* seconds; monotonic clock */
    int dirty;                /* units finished since the last write */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---------- fingerprint ---------- */

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static const char *byte_order(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one ? "little-endian" : "big-endian";
}

void rs_fingerprint(const rs_config *cfg, const rs_run_identity *id, char *out, size_t n)
{
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    size_t used = (size_t)snprintf(out, n,
        "format: reoffsim run fingerprint 2\n"
        "reoffsim version: %s\ngit commit: %s\nsource hash: %s\nHDF5 schema: %d\n"
        "unit layout: %zu-byte rs_unit_result, %d subgroups, %d yearly totals, %s\n"
        "config text hash: %016llx\nseed: %llu\nreplicates: %d\nagents: %d\nyears: %d\npoint estimates: %d\n"
        "scenarios: ",
        rs_version(), rs_git_commit(), rs_source_hash(), RS_SCHEMA_VERSION, sizeof(rs_unit_result), RS_N_GROUPS, RS_N_YEAR_TOTALS,
        byte_order(), (unsigned long long)fnv1a(cfg->text), (unsigned long long)run->seed, id->total_replicates,
        run->n_agents, run->years, id->point_estimates);
    for (int s = 0; s < cfg->n_scenarios && used < n; s++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", s ? "," : "", cfg->scenarios[s].name);
    if (used < n) used += (size_t)snprintf(out + used, n - used, "\n");
    if (cfg->posterior && used < n) /* its name is in the config text; its content is not */
        snprintf(out + used, n - used, "calibration posterior: crc32c %08x, %llu bytes\n", (unsigned)cfg->posterior->crc32c,
                 (unsigned long long)cfg->posterior->size);
}

/* Length of the line starting at s (without its newline). */
static size_t line_len(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl ? (size_t)(nl - s) : strlen(s);
}

int rs_fingerprint_diff(const char *a, const char *a_name, const char *b, const char *b_name, char *msg, size_t n)
{
    while (*a || *b) {
        size_t la = line_len(a), lb = line_len(b);
        if (la != lb || memcmp(a, b, la) != 0) {
            const char *colon = memchr(a, ':', la);
            size_t key = colon ? (size_t)(colon - a) : 0;
            const char *bcolon = memchr(b, ':', lb);
            snprintf(msg, n, "%.*s: %.*s in %s, %.*s in %s", (int)key, a, (int)(la - (colon ? key + 2 : 0)),
                     colon ? a + key + 2 : a, a_name, (int)(lb - (bcolon ? (size_t)(bcolon - b) + 2 : 0)),
                     bcolon ? bcolon + 2 : b, b_name);
            return 1;
        }
        a += la + (a[la] == '\n');
        b += lb + (b[lb] == '\n');
    }
    return 0;
}

/* ---------- the store ---------- */

int rs_ckpt_create(const rs_config *cfg, const rs_run_identity *id, const char *path, double every_seconds,
                   rs_ckpt **out, rs_error *err)
{
    *out = NULL;
    rs_ckpt *c = calloc(1, sizeof *c);
    if (!c) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the checkpoint");
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    int rc = rs_ensemble_alloc(&c->store, cfg->n_scenarios, run->replicates, run->years, err);
    if (rc) {
        free(c);
        return rc;
    }
    c->store.first_replicate = id->first_replicate;
    c->n_units = cfg->n_scenarios * run->replicates;
    c->done = calloc((size_t)c->n_units, 1);
    if (!c->done) {
        rs_ckpt_free(c);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the checkpoint");
    }
    snprintf(c->path, sizeof c->path, "%s", path);
    rs_units_header_init(&c->header, cfg, id);
    c->every = every_seconds;
    c->last_write = now();
    *out = c;
    return RS_OK;
}

void rs_ckpt_free(rs_ckpt *c)
{
    if (!c) return;
    rs_ensemble_free(&c->store);
    free(c->done);
    free(c);
}

const char *rs_ckpt_path(const rs_ckpt *c) { return c->path; }
int rs_ckpt_n_done(const rs_ckpt *c) { return c->n_done; }
int rs_ckpt_n_units(const rs_ckpt *c) { return c->n_units; }
const unsigned char *rs_ckpt_done(const rs_ckpt *c) { return c->done; }

static size_t slot(const rs_ckpt *c, int s, int r) { return (size_t)s * (size_t)c->store.n_replicates + (size_t)r; }

void rs_ckpt_put(rs_ckpt *c, int s, int r, const rs_unit_result *res)
{
    size_t u = slot(c, s, r);
    rs_ensemble_copy_unit(&c->store.units[u], res);
    if (!c->done[u]) c->n_done++;
    c->done[u] = 1;
    c->dirty = 1;
}

int rs_ckpt_get(const rs_ckpt *c, int s, int r, rs_unit_result *res)
{
    size_t u = slot(c, s, r);
    if (!c->done[u]) return 0;
    rs_ensemble_copy_unit(res, &c->store.units[u]);
    return 1;
}

int rs_ckpt_due(const rs_ckpt *c) { return c->every > 0 && c->dirty && now() - c->last_write >= c->every; }

/* ---------- the file ---------- */

static int contents(hid_t file, void *ctx)
{
    const rs_ckpt *c = ctx;
    int rc = rs_h5_attr_string(file, "title", "reoffsim checkpoint");
    rc |= rs_h5_attr_string(file, "resume", "reoffsim run ... --resume (same config and options)");
    if (!rc) rc = rs_units_write(file, "units", &c->header, &c->store, c->done);
    return rc;
}

/* Make the rename durable: fsync the directory holding path. */
static void sync_dir(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0'; else snprintf(dir, sizeof dir, ".");
    int fd = open(dir, O_RDONLY);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

int rs_ckpt_write(rs_ckpt *c, rs_error *err)
{
    int rc = rs_h5_write_atomic(c->path, 1, contents, c, err);
    c->last_write = now();
    if (rc) return rc;
    sync_dir(c->path);
    c->dirty = 0;
    return RS_OK;
}

static int check_identity(const rs_ckpt *c, const rs_units_header *h, rs_error *err)
{
    char diff[1024];
    if (rs_fingerprint_diff(c->header.fingerprint, "this run", h->fingerprint, "the checkpoint", diff, sizeof diff))
        return rs_error_set(err, RS_ERR_CONFIG, "%s belongs to a different run (%s); delete it, or start over with --force",
                            c->path, diff);
    if (h->first_replicate != c->header.first_replicate || h->n_replicates != c->header.n_replicates)
        return rs_error_set(err, RS_ERR_CONFIG,
                            "%s covers replicates %d..%d, this run %d..%d; delete it, or start over with --force", c->path,
                            h->first_replicate, h->first_replicate + h->n_replicates - 1, c->header.first_replicate,
                            c->header.first_replicate + c->header.n_replicates - 1);
    return RS_OK;
}

int rs_ckpt_load(rs_ckpt *c, int *found, rs_error *err)
{
    *found = 0;
    if (access(c->path, F_OK) != 0) return RS_OK;
    *found = 1;
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    char why[256];
    hid_t file = rs_h5_open_input(c->path, why, sizeof why); /* a FIFO is refused, never opened */
    rs_units_header h;
    int n_read = 0, rc;
    if (file < 0)
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: %s; not a checkpoint (delete it to start over)", c->path, why);
    else if (!(rc = rs_units_read_header(file, "units", c->path, &h, err)) && !(rc = check_identity(c, &h, err)))
        rc = rs_units_read(file, "units", c->path, &h, &c->store, c->done, &n_read, err);
    if (file >= 0) H5Fclose(file);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    c->n_done = 0;
    for (int u = 0; u < c->n_units; u++) c->n_done += c->done[u] != 0;
    return rc;
}

int rs_ckpt_take(rs_ckpt *c, rs_ensemble *out, rs_error *err)
{
    if (c->n_done < c->n_units)
        return rs_error_set(err, RS_ERR_INTERRUPTED, "%d of %d work units not done", c->n_units - c->n_done, c->n_units);
    *out = c->store;
    memset(&c->store, 0, sizeof c->store);
    return RS_OK;
}

int rs_ckpt_save(const rs_config *cfg, const rs_run_identity *id, const char *path, const rs_ensemble *e,
                 rs_error *err)
{
    rs_ckpt *c;
    int rc = rs_ckpt_create(cfg, id, path, 0.0, &c, err);
    if (rc) return rc;
    for (int s = 0; s < e->n_scenarios; s++)
        for (int r = 0; r < e->n_replicates; r++) rs_ckpt_put(c, s, r, rs_ensemble_unit(e, s, r));
    rc = rs_ckpt_write(c, err);
    rs_ckpt_free(c);
    return rc;
}

int rs_ckpt_remove(const char *path, rs_error *err)
{
    if (unlink(path) == 0 || errno == ENOENT) return RS_OK;
    return rs_error_set(err, RS_ERR_IO, "%s: cannot remove the checkpoint: %s", path, strerror(errno));
}
