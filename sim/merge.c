/* reoffsim — merge shards of one run (merge.h): check that they are
 * reoffsim shards of the same run that cover [0, total) exactly once, load
 * the config they name, and read their raw units into one ensemble. */
#include "reoffsim/merge.h"

#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "h5_input.h"
#include "reoffsim/version.h"

typedef struct {
    const char *path;
    rs_units_header h;
} shard;

/* A signal asked merge to stop (checked before each shard file). */
static int stopped(const volatile sig_atomic_t *stop, rs_error *err)
{
    return stop && *stop ? rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted") : RS_OK;
}

/* Open path as a reoffsim results file of this schema holding a shard. */
static int open_shard(const char *path, hid_t *file, rs_error *err)
{
    char why[256];
    *file = rs_h5_open_input(path, why, sizeof why); /* a FIFO is refused, never opened */
    if (*file < 0)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: %s (a shard is a results file written by reoffsim)", path, why);
    char title[64];
    long long schema = -1;
    if (rs_h5_read_attr_string(*file, "title", title, sizeof title) < 0 || strcmp(title, "reoffsim results") != 0)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: not a reoffsim results file", path);
    if (rs_h5_read_attr_llong(*file, "schema_version", &schema) < 0 || schema != RS_SCHEMA_VERSION)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: results schema %lld, this reoffsim merges schema %d (written by %s reoffsim)",
                            path, schema, RS_SCHEMA_VERSION, schema < RS_SCHEMA_VERSION ? "an older" : "a newer");
    if (H5Lexists(*file, RS_SHARD_GROUP, H5P_DEFAULT) <= 0)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: not a shard: it holds no /%s group of raw unit results (write shards "
                            "with `reoffsim run --replicate-range A:B`; older reoffsim versions did not)", path, RS_SHARD_GROUP);
    return RS_OK;
}

static int read_headers(shard *sh, int n, const volatile sig_atomic_t *stop, rs_error *err)
{
    for (int i = 0; i < n; i++) {
        hid_t file = -1;
        int rc = stopped(stop, err);
        if (!rc) rc = open_shard(sh[i].path, &file, err);
        if (!rc) rc = rs_units_read_header(file, RS_SHARD_GROUP, sh[i].path, &sh[i].h, err);
        if (file >= 0) H5Fclose(file);
        if (rc) return rc;
        char diff[1024];
        if (i > 0 && rs_fingerprint_diff(sh[0].h.fingerprint, sh[0].path, sh[i].h.fingerprint, sh[i].path, diff, sizeof diff))
            return rs_error_set(err, RS_ERR_CONFIG, "%s and %s are not shards of the same run (%s)", sh[0].path, sh[i].path, diff);
    }
    return RS_OK;
}

static int by_first_replicate(const void *a, const void *b)
{
    const shard *x = a, *y = b;
    return (x->h.first_replicate > y->h.first_replicate) - (x->h.first_replicate < y->h.first_replicate);
}

/* Sorted by first replicate, the ranges must tile [0, total). */
static int check_coverage(shard *sh, int n, rs_error *err)
{
    qsort(sh, (size_t)n, sizeof *sh, by_first_replicate);
    int next = 0, total = sh[0].h.total_replicates;
    for (int i = 0; i < n; i++) {
        int first = sh[i].h.first_replicate, end = first + sh[i].h.n_replicates;
        if (first < next)
            return rs_error_set(err, RS_ERR_CONFIG, "%s (replicates %d..%d) and %s (replicates %d..%d) overlap",
                                sh[i - 1].path, sh[i - 1].h.first_replicate, next - 1, sh[i].path, first, end - 1);
        if (first > next)
            return rs_error_set(err, RS_ERR_CONFIG, "replicates %d..%d are in no shard (a missing file?)", next, first - 1);
        next = end;
    }
    if (next != total)
        return rs_error_set(err, RS_ERR_CONFIG, "replicates %d..%d of the run's %d are in no shard (a missing file?)",
                            next, total - 1, total);
    return RS_OK;
}

/* The config the shards ran, as they ran it; it must not have changed. */
static int load_config(const rs_units_header *h, rs_config *cfg, rs_error *err)
{
    rs_error cerr;
    int rc = rs_config_load(h->config_path, cfg, &cerr);
    if (rc) return rs_error_set(err, rc, "the shards' config: %s", cerr.msg);
    rs_config_override_run(cfg, h->total_replicates, h->n_agents, h->years, &h->seed);
    for (int s = 0; !rc && s < cfg->n_scenarios; s++) rc = rs_params_validate(&cfg->scenarios[s].params, NULL, &cerr);
    char fp[RS_FINGERPRINT_LEN], diff[1024];
    rs_run_identity id = {h->total_replicates, 0, h->point_estimates};
    if (rc) {
        rc = rs_error_set(err, rc, "the shards' config: %s", cerr.msg);
    } else {
        rs_fingerprint(cfg, &id, fp, sizeof fp);
        if (rs_fingerprint_diff(fp, h->config_path, h->fingerprint, "the shards", diff, sizeof diff))
            rc = rs_error_set(err, RS_ERR_CONFIG, "%s is not what the shards ran (%s)", h->config_path, diff);
    }
    if (rc) rs_config_free(cfg);
    return rc;
}

struct rs_merge {
    shard *sh;
    int n, n_scenarios;
    const volatile sig_atomic_t *stop;
};

int rs_merge_total_replicates(const rs_merge *m) { return m->sh[0].h.total_replicates; }
int rs_merge_n_shards(const rs_merge *m) { return m->n; }

void rs_merge_free(rs_merge *m)
{
    if (!m) return;
    free(m->sh);
    free(m);
}

static int read_units(const rs_merge *m, unsigned char *done, rs_unit_sink sink, void *ctx, rs_error *err)
{
    for (int i = 0; i < m->n; i++) {
        const shard *sh = &m->sh[i];
        if (stopped(m->stop, err)) return RS_ERR_INTERRUPTED;
        char why[256];
        hid_t file = rs_h5_open_input(sh->path, why, sizeof why); /* again: it may have been replaced */
        int n_read = 0, want = m->n_scenarios * sh->h.n_replicates;
        int rc = file < 0 ? rs_error_set(err, RS_ERR_CONFIG, "%s: %s", sh->path, why)
                          : rs_units_stream(file, RS_SHARD_GROUP, sh->path, &sh->h, m->n_scenarios, 0,
                                            sh->h.total_replicates, done, sink, ctx, &n_read, err);
        if (file >= 0) H5Fclose(file);
        if (!rc && n_read != want)
            rc = rs_error_set(err, RS_ERR_CONFIG, "%s: holds %d work units, its replicate range needs %d (truncated?)",
                              sh->path, n_read, want);
        if (rc) return rc;
    }
    return RS_OK;
}

int rs_merge_open(const char *const *paths, int n, const volatile sig_atomic_t *stop, rs_config *cfg,
                  int *point_estimates, rs_merge **out, rs_error *err)
{
    *out = NULL;
    if (n < 1) return rs_error_set(err, RS_ERR_CONFIG, "no shard files given");
    rs_merge *m = calloc(1, sizeof *m);
    shard *sh = calloc((size_t)n, sizeof *sh);
    if (!m || !sh) {
        free(m);
        free(sh);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    }
    for (int i = 0; i < n; i++) sh[i].path = paths[i];
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* our messages, not HDF5's error stack */
    int rc = read_headers(sh, n, stop, err);
    if (!rc) rc = check_coverage(sh, n, err); /* sorts them by first replicate */
    if (!rc) rc = load_config(&sh[0].h, cfg, err);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    if (rc) {
        free(sh);
        free(m);
        return rc;
    }
    m->sh = sh;
    m->n = n;
    m->n_scenarios = cfg->n_scenarios;
    m->stop = stop;
    *point_estimates = sh[0].h.point_estimates;
    *out = m;
    return RS_OK;
}

int rs_merge_units(rs_merge *m, rs_unit_sink sink, void *ctx, rs_error *err)
{
    unsigned char *done = calloc((size_t)m->n_scenarios * (size_t)rs_merge_total_replicates(m), 1);
    if (!done) return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int rc = read_units(m, done, sink, ctx, err);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    free(done);
    return rc;
}
