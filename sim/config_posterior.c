/* reoffsim — `calibration: {posterior: FILE.h5}` in a run config
 * (config_posterior.h): the file resolved against the config's directory,
 * read and checked, then shared by every scenario. */
#include "config_posterior.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "regular_file.h"
#include "reoffsim/posterior.h"

/* "file:line: calibration.posterior: <composed message>". */
__attribute__((format(printf, 4, 5))) static int fail(rs_error *err, const rs_yaml_source *src, const yaml_node_t *n,
                                                      const char *fmt, ...)
{
    char msg[RS_ERROR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rs_yaml_fail(err, src, n, "calibration.posterior", "%s", msg);
}

/* The posterior must own its keys: no scenario may change one or draw it from a distribution. */
static int check_scenarios(const rs_yaml_source *src, yaml_node_t *vn, const rs_posterior *post, const rs_params *base,
                           const rs_config *cfg, rs_error *err)
{
    for (int s = 0; s < cfg->n_scenarios; s++) {
        const rs_params *p = &cfg->scenarios[s].params;
        for (int k = 0; k < post->n_params; k++) {
            const rs_key *key = rs_params_key(post->keys[k]);
            for (int u = 0; u < p->n_uncertain; u++)
                if (p->uncertain[u].key == post->keys[k])
                    return fail(err, src, vn, "%s is drawn from the posterior, and scenario "
                                        "'%s' also gives it a distribution; give it a plain value", key->path, cfg->scenarios[s].name);
            if (rs_params_get(p, key) != rs_params_get(base, key))
                return fail(err, src, vn, "scenario '%s' sets %s, which the posterior draws "
                                    "for every replicate (a scenario cannot change a calibrated parameter)",
                                    cfg->scenarios[s].name, key->path);
        }
    }
    return RS_OK;
}

static int read_posterior(const rs_yaml_source *src, yaml_node_t *vn, rs_config *cfg, rs_error *err)
{
    const char *rel = rs_yaml_scalar(vn), *slash = strrchr(src->file, '/');
    if (!rel || !*rel) return rs_yaml_fail(err, src, vn, "calibration.posterior", "expected a file name%s", "");
    char path[1024], why[256];
    if (rel[0] == '/' || !slash) snprintf(path, sizeof path, "%s", rel);
    else snprintf(path, sizeof path, "%.*s/%s", (int)(slash - src->file), src->file, rel);
    if (rs_regular_file_check(path, why, sizeof why))
        return fail(err, src, vn, "%s: %s", path, why);
    rs_error perr;
    int rc = rs_posterior_read(path, &cfg->posterior, &perr);
    if (rc == RS_ERR_CONFIG) return fail(err, src, vn, "%s", perr.msg);
    if (rc && err) *err = perr;
    return rc;
}

int rs_config_attach_posterior(const rs_yaml_source *src, yaml_node_t *node, const rs_params *base, rs_config *cfg,
                               rs_error *err)
{
    if (node->type != YAML_MAPPING_NODE)
        return rs_yaml_fail(err, src, node, "calibration", "expected a mapping {posterior: FILE.h5}%s", "");
    int rc = rs_yaml_check_duplicates(src, node, "calibration", err);
    yaml_node_t *file = NULL;
    for (yaml_node_pair_t *pr = node->data.mapping.pairs.start; !rc && pr < node->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn = yaml_document_get_node(src->doc, pr->key);
        const char *key = rs_yaml_scalar(kn) ? rs_yaml_scalar(kn) : "";
        if (!strcmp(key, "posterior")) file = yaml_document_get_node(src->doc, pr->value);
        else rc = rs_yaml_fail(err, src, kn, "calibration", "unknown key '%s' (expected posterior)", key);
    }
    if (rc) return rc;
    if (!file) return rs_yaml_fail(err, src, node, "calibration", "posterior: missing (the HDF5 file of reoffsim calibrate "
                                   "--posterior)%s", "");
    rc = read_posterior(src, file, cfg, err);
    if (!rc) rc = check_scenarios(src, file, cfg->posterior, base, cfg, err);
    for (int s = 0; !rc && s < cfg->n_scenarios; s++) cfg->scenarios[s].params.posterior = cfg->posterior;
    return rc;
}
