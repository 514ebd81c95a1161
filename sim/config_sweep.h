/* reoffsim — `sweep:` in a config: scenarios generated over a grid of one or
 * two parameters (config_sweep.c). Internal to the config loader. */
#ifndef REOFFSIM_CONFIG_SWEEP_H
#define REOFFSIM_CONFIG_SWEEP_H

#include "reoffsim/config.h"
#include "yaml_file.h"

/* Append the sweep's scenarios to cfg (whose listed scenarios are built) and
 * describe it in cfg->sweep. Errors are file:line: sweep...: message. */
int rs_sweep_expand(const rs_yaml_source *src, yaml_node_t *node, rs_config *cfg, int max_scenarios,
                    rs_error *err);

#endif
