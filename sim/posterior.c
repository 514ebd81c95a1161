/* reoffsim — a calibration posterior used by a run (posterior.h): read and
 * checked from /calibration/posterior, and one weighted draw per replicate
 * from its own Philox purpose. */
#include "reoffsim/posterior.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "h5_input.h"
#include "h5_read.h"

#define NAME_LEN 128

void rs_posterior_free(rs_posterior *post)
{
    if (!post) return;
    free(post->draws);
    free(post->weights);
    free(post->cumulative);
    free(post);
}

/* CRC-32C and size of the file's bytes (what provenance records). */
static int checksum_file(const char *path, uint32_t *crc, uint64_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    unsigned char buf[65536];
    size_t n;
    *crc = 0;
    *size = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        *crc = rs_crc32c(*crc, buf, n);
        *size += n;
    }
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    return rc;
}

/* Parameter names: each a real-valued schema key, once. */
static int check_names(rs_posterior *post, const char *names, size_t n, const char *path, rs_error *err)
{
    if (n < 1 || n > RS_POSTERIOR_MAX_PARAMS)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/parameter: %zu names (1 to %d allowed)", path, n,
                            RS_POSTERIOR_MAX_PARAMS);
    post->n_params = (int)n;
    for (size_t i = 0; i < n; i++) {
        const char *name = names + i * NAME_LEN;
        const rs_key *k = rs_params_key_find(name);
        if (!k || k->type != RS_KEY_DOUBLE)
            return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/parameter: '%.100s' is not a real-valued "
                                "model parameter of this version's schema", path, name);
        post->keys[i] = (uint32_t)(k - rs_params_key(0));
        for (size_t j = 0; j < i; j++)
            if (post->keys[j] == post->keys[i])
                return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/parameter: '%s' given twice", path, name);
    }
    return RS_OK;
}

/* Draws inside each key's range, weights finite and positive; the cumulative weights. */
static int check_values(rs_posterior *post, const char *path, rs_error *err)
{
    double total = 0.0;
    for (int d = 0; d < post->n_draws; d++) {
        double w = post->weights[d];
        if (!isfinite(w) || !(w > 0))
            return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/weights[%d] = %g: weights must be finite "
                                "and positive", path, d, w);
        total += w;
        for (int k = 0; k < post->n_params; k++) {
            const rs_key *key = rs_params_key(post->keys[k]);
            double v = post->draws[(size_t)d * (size_t)post->n_params + (size_t)k];
            if (!isfinite(v) || v < key->min || v > key->max)
                return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/draws[%d, %d] (%s) = %g: outside "
                                    "[%g, %g]", path, d, k, key->path, v, key->min, key->max);
        }
    }
    if (!isfinite(total)) return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/weights: sum is not finite", path);
    double run = 0.0;
    for (int d = 0; d < post->n_draws; d++) {
        run += post->weights[d];
        post->cumulative[d] = run / total;
    }
    post->cumulative[post->n_draws - 1] = 1.0;
    return RS_OK;
}

/* Datasets of the group, their shapes checked against each other. */
static int read_group(hid_t grp, rs_posterior *post, const char *path, rs_error *err)
{
    char names[RS_POSTERIOR_MAX_PARAMS * NAME_LEN];
    size_t n_names = 0;
    if (rs_h5_read_strings(grp, "parameter", RS_POSTERIOR_MAX_PARAMS, NAME_LEN, names, &n_names))
        return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/parameter: missing, or not a list of at most "
                            "%d names", path, RS_POSTERIOR_MAX_PARAMS);
    int rc = check_names(post, names, n_names, path, err);
    if (rc) return rc;
    hsize_t dims[2] = {0, 0}, wdims[1] = {0};
    size_t max = (size_t)RS_POSTERIOR_MAX_DRAWS * RS_POSTERIOR_MAX_PARAMS;
    if (rs_h5_read_doubles(grp, "draws", 2, max, dims, &post->draws) || dims[0] < 1 || dims[0] > RS_POSTERIOR_MAX_DRAWS ||
        dims[1] != (hsize_t)post->n_params)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/draws: missing, or not [1 to %d draws] x [%d "
                            "parameters]", path, RS_POSTERIOR_MAX_DRAWS, post->n_params);
    post->n_draws = (int)dims[0];
    if (rs_h5_read_doubles(grp, "weights", 1, RS_POSTERIOR_MAX_DRAWS, wdims, &post->weights) || wdims[0] != dims[0])
        return rs_error_set(err, RS_ERR_CONFIG, "%s: /calibration/posterior/weights: missing, or not one per draw (%d)", path,
                            post->n_draws);
    post->cumulative = malloc(sizeof *post->cumulative * (size_t)post->n_draws);
    if (!post->cumulative) return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    double seed = 0.0;
    if (!rs_h5_read_attr_double(grp, "seed", &seed) && seed >= 0 && seed < 1.8e19) post->spec_seed = (uint64_t)seed;
    return check_values(post, path, err);
}

int rs_posterior_read(const char *path, rs_posterior **out, rs_error *err)
{
    *out = NULL;
    rs_posterior *post = calloc(1, sizeof *post);
    if (!post) return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    snprintf(post->path, sizeof post->path, "%s", path);
    char why[512];
    hid_t file = rs_h5_open_input(path, why, sizeof why);
    int rc = RS_OK;
    if (file < 0) rc = rs_error_set(err, RS_ERR_CONFIG, "%s: %s", path, why);
    hid_t grp = -1;
    if (!rc) {
        H5E_BEGIN_TRY { grp = H5Gopen2(file, "calibration/posterior", H5P_DEFAULT); } H5E_END_TRY;
        if (grp < 0) rc = rs_error_set(err, RS_ERR_CONFIG, "%s: no /calibration/posterior group (write one with "
                                       "reoffsim calibrate SPEC --posterior FILE.h5)", path);
    }
    if (!rc) {
        H5E_BEGIN_TRY { rc = read_group(grp, post, path, err); } H5E_END_TRY;
    }
    if (grp >= 0) H5Gclose(grp);
    if (file >= 0) H5Fclose(file);
    if (!rc && checksum_file(path, &post->crc32c, &post->size))
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: cannot read it for its checksum", path);
    if (rc) {
        rs_posterior_free(post);
        return rc;
    }
    *out = post;
    return RS_OK;
}

int rs_posterior_pick(const rs_posterior *post, uint64_t seed, uint32_t replicate)
{
    rs_rng_block b = rs_rng_block_at(rs_rng_key_make(seed, replicate), 0, RS_PURPOSE_POSTERIOR, 0, 0);
    double u = rs_rng_u01(b.v[0]);
    int lo = 0, hi = post->n_draws - 1; /* first d with cumulative[d] >= u */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (post->cumulative[mid] >= u) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

void rs_posterior_apply(const rs_posterior *post, rs_params *p, uint32_t replicate)
{
    int d = rs_posterior_pick(post, p->run.seed, replicate);
    const double *row = post->draws + (size_t)d * (size_t)post->n_params;
    for (int k = 0; k < post->n_params; k++) rs_params_set(p, rs_params_key(post->keys[k]), row[k]);
}

int rs_posterior_param(const rs_posterior *post, uint32_t key)
{
    for (int k = 0; k < post->n_params; k++)
        if (post->keys[k] == key) return k;
    return -1;
}
