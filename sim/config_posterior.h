/* reoffsim — the config's `calibration: {posterior: FILE.h5}` section: the
 * posterior file read, checked against the scenarios and attached to each.
 * Internal to the config loader; config_posterior.c. */
#ifndef REOFFSIM_CONFIG_POSTERIOR_H
#define REOFFSIM_CONFIG_POSTERIOR_H

#include "reoffsim/config.h"
#include "yaml_file.h"

/* node: the value of `calibration:` in src. Reads the posterior (errors are
 * src's file:line: calibration.posterior: ...), refuses a calibrated key that
 * a scenario changes or gives a distribution (the posterior would silently
 * override it), and points every scenario's params.posterior at cfg->posterior. */
int rs_config_attach_posterior(const rs_yaml_source *src, yaml_node_t *node, const rs_params *base, rs_config *cfg,
                               rs_error *err);

#endif
