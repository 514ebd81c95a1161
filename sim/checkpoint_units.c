/* reoffsim — raw work-unit results in HDF5, written (a group shared by
 * checkpoints and shard files): the run's identity as attributes, then per
 * unit its scenario, replicate, packed bytes (unit_pack.c) and CRC-32C; the
 * group's own CRC-32C covers the header and the unit checksums. Reading and
 * verifying them back is units_read.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "crc32c.h"
#include "h5_util.h"

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

/* ---------- checksums ---------- */

uint32_t rs_unit_crc(int scenario, int replicate, const unsigned char *bytes, size_t packed)
{
    int key[2] = {scenario, replicate};
    return rs_crc32c(rs_crc32c(0, key, sizeof key), bytes, packed);
}

static uint32_t crc_string(uint32_t crc, const char *s) { return rs_crc32c(crc, s, strlen(s) + 1); }

uint32_t rs_units_checksum(const rs_units_header *h, const uint32_t *crc, size_t n)
{
    long long v[8] = {(long long)h->seed, h->total_replicates, h->first_replicate, h->n_replicates,
                      h->n_agents,        h->years,            h->point_estimates, h->n_units};
    uint32_t c = crc_string(0, RS_UNITS_FORMAT);
    c = crc_string(c, h->fingerprint);
    c = crc_string(c, h->config_path);
    c = rs_crc32c(c, v, sizeof v);
    return rs_crc32c(c, crc, n * sizeof *crc);
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

int rs_units_write_header(hid_t grp, const rs_units_header *h)
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
    rc |= rs_h5_attr_int(grp, "n_units", h->n_units);
    rc |= rs_h5_attr_int(grp, "checksum", (long long)h->checksum);
    rc |= rs_h5_attr_string(grp, "long_name", "raw results of each work unit (scenario, replicate): struct bytes "
                                              "of this build's rs_unit_result and its year arrays; for resume/merge");
    rc |= rs_h5_attr_string(grp, "checksums", "crc32c: CRC-32C of each row's scenario, replicate (int32, native) "
                                              "and unit bytes; checksum: CRC-32C of the header values and crc32c");
    return rc;
}

int rs_units_write_rows(hid_t loc, const char *name, const rs_units_header *h, const rs_units_rows *rows)
{
    hid_t grp = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (grp < 0) return -1;
    hsize_t shape1[1] = {rows->n}, shape2[2] = {rows->n, rows->packed};
    hid_t ds[4] = {-1, -1, -1, -1};
    int rc = rs_units_write_header(grp, h);
    if (!rc) rc = (ds[0] = write_array(grp, "scenario", H5T_STD_I32LE, H5T_NATIVE_INT, 1, shape1, rows->scenario)) < 0;
    if (!rc) rc = (ds[1] = write_array(grp, "replicate", H5T_STD_I32LE, H5T_NATIVE_INT, 1, shape1, rows->replicate)) < 0;
    if (!rc) rc = (ds[2] = write_array(grp, "unit", H5T_NATIVE_UINT8, H5T_NATIVE_UINT8, 2, shape2, rows->bytes)) < 0;
    if (!rc) rc = (ds[3] = write_array(grp, "crc32c", H5T_STD_U32LE, H5T_NATIVE_UINT32, 1, shape1, rows->crc)) < 0;
    for (int i = 0; i < 4; i++)
        if (ds[i] >= 0) H5Dclose(ds[i]);
    H5Gclose(grp);
    return rc ? -1 : 0;
}
