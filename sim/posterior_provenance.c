/* reoffsim — /provenance attributes naming the calibration posterior a run
 * drew from, its checksum, and the draw each replicate took. */
#include "posterior_provenance.h"

#include <stdio.h>
#include <stdlib.h>

#include "h5_util.h"
#include "reoffsim/posterior.h"

/* Replicate r's draw index, for every replicate of e, as an int64 array attribute. */
static int write_draw_indices(hid_t prov, const rs_posterior *post, const rs_config *cfg, const rs_ensemble *e)
{
    hsize_t n = (hsize_t)(e->n_replicates > 0 ? e->n_replicates : 1);
    long long *idx = malloc(sizeof *idx * (size_t)n);
    if (!idx) return -1;
    for (hsize_t r = 0; r < n; r++)
        idx[r] = rs_posterior_pick(post, cfg->scenarios[0].params.run.seed, (uint32_t)(e->first_replicate + (int)r));
    hid_t space = H5Screate_simple(1, &n, NULL);
    hid_t attr = H5Acreate2(prov, "calibration_posterior_draw", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    int rc = attr < 0 || H5Awrite(attr, H5T_NATIVE_LLONG, idx) < 0 ? -1 : 0;
    if (attr >= 0) H5Aclose(attr);
    H5Sclose(space);
    free(idx);
    return rc;
}

int rs_posterior_write_provenance(hid_t prov, const rs_config *cfg, const rs_ensemble *e)
{
    const rs_posterior *post = cfg->posterior;
    if (!post) return rs_h5_attr_string(prov, "calibration_posterior", "(none)");
    char crc[16];
    snprintf(crc, sizeof crc, "%08x", (unsigned)post->crc32c);
    int rc = rs_h5_attr_string(prov, "calibration_posterior", post->path);
    rc |= rs_h5_attr_string(prov, "calibration_posterior_crc32c", crc);
    rc |= rs_h5_attr_int(prov, "calibration_posterior_bytes", (long long)post->size);
    rc |= rs_h5_attr_int(prov, "calibration_posterior_draws", post->n_draws);
    rc |= rs_h5_attr_string(prov, "calibration_posterior_meaning",
                            "each replicate r takes draw calibration_posterior_draw[r] of the file's /calibration/posterior "
                            "(weighted, chosen by the Philox stream (seed, r; POSTERIOR)), the same in every scenario; "
                            "not applied with point estimates");
    if (!rc) rc = write_draw_indices(prov, post, cfg, e);
    return rc;
}
