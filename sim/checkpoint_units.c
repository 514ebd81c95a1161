/* reoffsim — raw work-unit results in HDF5 (a group shared by checkpoints
 * and shard files) and as packed bytes (MPI). Units are copied whole, as
 * bytes of rs_unit_result plus its year arrays, so fields that metrics.h
 * gains are carried without change here; the layout is in the fingerprint. */
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "h5_util.h"

/* rs_unit_result holds plain values plus the `year` array it points to. If
 * it ever gains another pointer, pack/unpack must learn about it. */
size_t rs_unit_packed_size(int years)
{
    return sizeof(rs_unit_result) + (size_t)years * RS_N_YEAR_TOTALS * sizeof(double);
}

void rs_unit_pack(const rs_unit_result *res, unsigned char *buf)
{
    rs_unit_result copy = *res;
    copy.year = NULL;
    memcpy(buf, &copy, sizeof copy);
    memcpy(buf + sizeof copy, res->year, (size_t)res->years * RS_N_YEAR_TOTALS * sizeof(double));
}

void rs_unit_unpack(const unsigned char *buf, rs_unit_result *res)
{
    double *year = res->year;
    memcpy(res, buf, sizeof *res);
    res->year = year;
    memcpy(year, buf + sizeof *res, (size_t)res->years * RS_N_YEAR_TOTALS * sizeof(double));
}

void rs_units_header_init(rs_units_header *h, const rs_config *cfg, const rs_run_identity *id)
{
    memset(h, 0, sizeof *h);
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    rs_fingerprint(cfg, id, h->fingerprint, sizeof h->fingerprint);
    snprintf(h->config_path, sizeof h->config_path, "%s", cfg->path);
    h->seed = run->seed;
    h->total_replicates = id->total_replicates;
    h->first_replicate = id->first_replicate;
    h->n_replicates = run->replicates;
    h->n_agents = run->n_agents;
    h->years = run->years;
    h->point_estimates = id->point_estimates;
}

/* ---------- reading helpers ---------- */

int rs_h5_read_attr_string(hid_t obj, const char *name, char *out, size_t n)
{
    out[0] = '\0';
    hid_t attr = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
    if (attr < 0) return -1;
    hid_t type = H5Aget_type(attr);
    int rc = -1;
    if (type >= 0 && H5Tget_class(type) == H5T_STRING && !H5Tis_variable_str(type)) {
        size_t size = H5Tget_size(type);
        char *buf = calloc(size + 1, 1);
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
    int ok = type >= 0 && H5Tget_class(type) == H5T_INTEGER && H5Aread(attr, H5T_NATIVE_LLONG, out) >= 0;
    if (type >= 0) H5Tclose(type);
    H5Aclose(attr);
    return ok ? 0 : -1;
}

/* ---------- writing ---------- */

static hid_t write_array(hid_t grp, const char *name, hid_t file_type, hid_t mem_type, int rank,
                         const hsize_t *shape, const void *data)
{
    hid_t space = H5Screate_simple(rank, shape, NULL);
    hid_t ds = H5Dcreate2(grp, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (ds >= 0 && shape[0] > 0 && H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        H5Dclose(ds);
        ds = -1;
    }
    H5Sclose(space);
    return ds;
}

static int write_header(hid_t grp, const rs_units_header *h, long long n_units)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)h->seed);
    int rc = rs_h5_attr_string(grp, "format", RS_UNITS_FORMAT);
    rc |= rs_h5_attr_string(grp, "fingerprint", h->fingerprint);
    rc |= rs_h5_attr_string(grp, "config_path", h->config_path);
    rc |= rs_h5_attr_string(grp, "seed", seed);
    rc |= rs_h5_attr_int(grp, "total_replicates", h->total_replicates);
    rc |= rs_h5_attr_int(grp, "first_replicate", h->first_replicate);
    rc |= rs_h5_attr_int(grp, "n_replicates", h->n_replicates);
    rc |= rs_h5_attr_int(grp, "n_agents", h->n_agents);
    rc |= rs_h5_attr_int(grp, "years", h->years);
    rc |= rs_h5_attr_int(grp, "point_estimates", h->point_estimates);
    rc |= rs_h5_attr_int(grp, "n_units", n_units);
    rc |= rs_h5_attr_string(grp, "long_name", "raw results of each work unit (scenario, replicate): struct bytes "
                                              "of this build's rs_unit_result and its year arrays; for resume/merge");
    return rc;
}

int rs_units_write(hid_t loc, const char *name, const rs_units_header *h, const rs_ensemble *e,
                   const unsigned char *done)
{
    size_t n_all = (size_t)e->n_scenarios * (size_t)e->n_replicates, n = 0, packed = rs_unit_packed_size(e->years);
    for (size_t u = 0; u < n_all; u++) n += !done || done[u];
    int *scen = malloc(sizeof *scen * (n + 1)), *rep = malloc(sizeof *rep * (n + 1));
    unsigned char *bytes = malloc(packed * (n + 1));
    hid_t grp = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = (!scen || !rep || !bytes || grp < 0) ? -1 : 0;
    for (size_t u = 0, k = 0; !rc && u < n_all; u++) {
        if (done && !done[u]) continue;
        scen[k] = (int)(u / (size_t)e->n_replicates);
        rep[k] = e->first_replicate + (int)(u % (size_t)e->n_replicates);
        rs_unit_pack(&e->units[u], bytes + k * packed);
        k++;
    }
    hsize_t shape1[1] = {n}, shape2[2] = {n, packed};
    hid_t ds[3] = {-1, -1, -1};
    if (!rc) rc = write_header(grp, h, (long long)n);
    if (!rc) rc = (ds[0] = write_array(grp, "scenario", H5T_STD_I32LE, H5T_NATIVE_INT, 1, shape1, scen)) < 0;
    if (!rc) rc = (ds[1] = write_array(grp, "replicate", H5T_STD_I32LE, H5T_NATIVE_INT, 1, shape1, rep)) < 0;
    if (!rc) rc = (ds[2] = write_array(grp, "unit", H5T_NATIVE_UINT8, H5T_NATIVE_UINT8, 2, shape2, bytes)) < 0;
    for (int i = 0; i < 3; i++)
        if (ds[i] >= 0) H5Dclose(ds[i]);
    if (grp >= 0) H5Gclose(grp);
    free(scen);
    free(rep);
    free(bytes);
    return rc ? -1 : 0;
}

/* ---------- reading ---------- */

int rs_units_read_header(hid_t loc, const char *name, const char *file, rs_units_header *h, rs_error *err)
{
    memset(h, 0, sizeof *h);
    hid_t grp = H5Lexists(loc, name, H5P_DEFAULT) > 0 ? H5Gopen2(loc, name, H5P_DEFAULT) : -1;
    if (grp < 0) return rs_error_set(err, RS_ERR_CONFIG, "%s: no /%s group", file, name);
    char format[64], seed[32];
    long long v[6] = {0};
    const char *keys[6] = {"total_replicates", "first_replicate", "n_replicates", "n_agents", "years", "point_estimates"};
    int rc = rs_h5_read_attr_string(grp, "format", format, sizeof format);
    if (!rc && strcmp(format, RS_UNITS_FORMAT) != 0) rc = -2;
    if (!rc) rc = rs_h5_read_attr_string(grp, "fingerprint", h->fingerprint, sizeof h->fingerprint);
    if (!rc) rc = rs_h5_read_attr_string(grp, "config_path", h->config_path, sizeof h->config_path);
    if (!rc) rc = rs_h5_read_attr_string(grp, "seed", seed, sizeof seed);
    for (int k = 0; !rc && k < 6; k++) rc = rs_h5_read_attr_llong(grp, keys[k], &v[k]);
    H5Gclose(grp);
    if (rc == -2) return rs_error_set(err, RS_ERR_CONFIG, "%s: /%s is in format '%s', this reoffsim reads '%s'", file, name, format, RS_UNITS_FORMAT);
    if (rc) return rs_error_set(err, RS_ERR_CONFIG, "%s: /%s is incomplete (truncated or not written by reoffsim)", file, name);
    h->seed = strtoull(seed, NULL, 10);
    h->total_replicates = (int)v[0];
    h->first_replicate = (int)v[1];
    h->n_replicates = (int)v[2];
    h->n_agents = (int)v[3];
    h->years = (int)v[4];
    h->point_estimates = (int)v[5];
    return RS_OK;
}

/* Read a whole 1-D or 2-D dataset of n rows into buf (row bytes given). */
static int read_rows(hid_t grp, const char *name, hid_t mem_type, size_t n, size_t row_elems, void *buf)
{
    hid_t ds = H5Lexists(grp, name, H5P_DEFAULT) > 0 ? H5Dopen2(grp, name, H5P_DEFAULT) : -1;
    if (ds < 0) return -1;
    hid_t space = H5Dget_space(ds);
    hsize_t dims[2] = {0, 1};
    int rank = H5Sget_simple_extent_dims(space, dims, NULL);
    int rc = (rank < 1 || rank > 2 || dims[0] != n || (rank == 2 ? dims[1] : 1) != row_elems) ? -1 : 0;
    if (!rc && n > 0 && H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) rc = -1;
    H5Sclose(space);
    H5Dclose(ds);
    return rc;
}

/* Place n packed units (global replicate rep[k]) into `into`. */
static int place_units(const char *file, rs_ensemble *into, unsigned char *done, size_t n, const int *scen,
                       const int *rep, const unsigned char *bytes, rs_error *err)
{
    size_t packed = rs_unit_packed_size(into->years);
    for (size_t k = 0; k < n; k++) {
        int s = scen[k], r = rep[k] - into->first_replicate;
        if (s < 0 || s >= into->n_scenarios || r < 0 || r >= into->n_replicates)
            return rs_error_set(err, RS_ERR_CONFIG, "%s: unit (scenario %d, replicate %d) is outside this run", file, s, rep[k]);
        size_t u = (size_t)s * (size_t)into->n_replicates + (size_t)r;
        if (done[u])
            return rs_error_set(err, RS_ERR_CONFIG, "%s: replicate %d of scenario %d is already in another file (overlap)",
                                file, rep[k], s);
        rs_unit_unpack(bytes + k * packed, &into->units[u]);
        done[u] = 1;
    }
    return RS_OK;
}

int rs_units_read(hid_t loc, const char *name, const char *file, rs_ensemble *into, unsigned char *done,
                  int *n_read, rs_error *err)
{
    *n_read = 0;
    hid_t grp = H5Lexists(loc, name, H5P_DEFAULT) > 0 ? H5Gopen2(loc, name, H5P_DEFAULT) : -1;
    long long n_units = -1;
    if (grp < 0 || rs_h5_read_attr_llong(grp, "n_units", &n_units) < 0 || n_units < 0) {
        if (grp >= 0) H5Gclose(grp);
        return rs_error_set(err, RS_ERR_CONFIG, "%s: /%s is incomplete (truncated or not written by reoffsim)", file, name);
    }
    size_t n = (size_t)n_units, packed = rs_unit_packed_size(into->years);
    int *scen = malloc(sizeof *scen * (n + 1)), *rep = malloc(sizeof *rep * (n + 1));
    unsigned char *bytes = malloc(packed * (n + 1));
    int rc = (!scen || !rep || !bytes) ? rs_error_set(err, RS_ERR_NOMEM, "out of memory reading %s", file) : RS_OK;
    if (!rc && (read_rows(grp, "scenario", H5T_NATIVE_INT, n, 1, scen) < 0 ||
                read_rows(grp, "replicate", H5T_NATIVE_INT, n, 1, rep) < 0 ||
                read_rows(grp, "unit", H5T_NATIVE_UINT8, n, packed, bytes) < 0))
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: /%s: unit data missing or of another layout (truncated file?)", file, name);
    if (!rc) rc = place_units(file, into, done, n, scen, rep, bytes, err);
    if (!rc) *n_read = (int)n;
    H5Gclose(grp);
    free(scen);
    free(rep);
    free(bytes);
    return rc;
}

int rs_shard_write(int64_t file, const rs_config *cfg, const rs_run_identity *id, const rs_ensemble *e)
{
    rs_units_header h;
    rs_units_header_init(&h, cfg, id);
    return rs_units_write((hid_t)file, RS_SHARD_GROUP, &h, e, NULL);
}
