/* reoffsim — a service budget given the way a commissioner thinks of it:
 * `services.<svc>.budget_components_k: {part: £k a year, ...}` instead of a
 * yearly total and shares (config_budget.c). Internal to the config loader. */
#ifndef REOFFSIM_CONFIG_BUDGET_H
#define REOFFSIM_CONFIG_BUDGET_H

#include "reoffsim/params.h"
#include "yaml_file.h"

/* Sets key k to v as if written at node `at` (the loader tracks where). */
typedef int (*rs_budget_setter)(void *ctx, const rs_yaml_source *src, yaml_node_t *at, const rs_key *k, double v,
                                rs_error *err);

/* 1 if path is a service's budget_components_k. */
int rs_budget_components_key(const char *path);

/* Apply the mapping `v` found at `path`: every part given, each >= 0, a
 * positive total; sets budget_k.year1..year5 to the total and each part's
 * share to part / total. Errors name file:line and the part. */
int rs_budget_components_apply(const char *path, const rs_yaml_source *src, yaml_node_t *v, rs_budget_setter set,
                               void *ctx, rs_error *err);

#endif
