/* reoffsim — budgets by component (config_budget.h). A commissioner thinks
 * "key workers £1.2m a year, custody team £0.4m ...", while the services
 * are parameterised by a yearly total and each component's share of it:
 *
 *   services:
 *     triborough:
 *       budget_components_k: {custody: 400, keyworker: 1200, women: 300, fund: 150, other: 350}
 *
 * sets budget_k.year1..year5 to the sum (£k a year, every year; budget_cut
 * still applies) and custody_share = 400 / 2400, and so on. `other` (optional,
 * default 0) is the rest of the budget no mechanism spends (management,
 * evaluation, IT): it counts in the cost, not in any share. The shares and
 * budget_k it sets cannot also be given in the same file or `set:`; a later
 * file or a scenario may override either way. */
#include "config_budget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 5 /* the service's parts, then "other" */
#define OTHER (MAX_PARTS - 1)
#define BUDGET_YEARS 5

typedef struct {
    const char *service;
    const char *parts[MAX_PARTS]; /* share key of part p: services.<service>.<part>_share; last: other */
} component_spec;

static const component_spec specs[] = {
    {"triborough", {"custody", "keyworker", "women", "fund", "other"}},
    {"gto", {"policing", "courts", "management", "pathways", "other"}},
};

static const component_spec *spec_of(const char *path)
{
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        char key[96];
        snprintf(key, sizeof key, "services.%s.budget_components_k", specs[i].service);
        if (!strcmp(path, key)) return &specs[i];
    }
    return NULL;
}

int rs_budget_components_key(const char *path) { return spec_of(path) != NULL; }

/* The node given for `part` in mapping v (NULL if absent); fails on an unknown part. */
static int read_parts(const component_spec *sp, const rs_yaml_source *src, yaml_node_t *v, yaml_node_t *at[MAX_PARTS],
                      const char *path, rs_error *err)
{
    int rc = rs_yaml_check_duplicates(src, v, path, err);
    if (rc) return rc;
    memset(at, 0, MAX_PARTS * sizeof *at);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(src->doc, p->key);
        const char *name = rs_yaml_scalar(kn);
        int found = -1;
        for (int i = 0; name && i < MAX_PARTS; i++)
            if (!strcmp(name, sp->parts[i])) found = i;
        if (found < 0) {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown component (the %s service's are %s, %s, %s, %s and %s)%%s",
                     sp->service, sp->parts[0], sp->parts[1], sp->parts[2], sp->parts[3], sp->parts[4]);
            return rs_yaml_fail(err, src, kn, path, msg, "");
        }
        at[found] = yaml_document_get_node(src->doc, p->value);
    }
    return RS_OK;
}

static int part_value(const rs_yaml_source *src, yaml_node_t *n, const char *path, double *out, rs_error *err)
{
    const char *s = rs_yaml_scalar(n);
    char *end = NULL;
    double v = s && rs_yaml_is_plain(n) ? strtod(s, &end) : NAN;
    if (!s || end == s || *end || !isfinite(v) || v < 0.0 || v > 1e7)
        return rs_yaml_fail(err, src, n, path, "each component must be a number of £k a year in [0, 1e7]%s", "");
    *out = v;
    return RS_OK;
}

int rs_budget_components_apply(const char *path, const rs_yaml_source *src, yaml_node_t *v, rs_budget_setter set,
                               void *ctx, rs_error *err)
{
    const component_spec *sp = spec_of(path);
    if (!sp) return rs_yaml_fail(err, src, v, path, "unknown key%s", "");
    if (v->type != YAML_MAPPING_NODE)
        return rs_yaml_fail(err, src, v, path, "must be a mapping of component: £k a year%s", "");
    yaml_node_t *at[MAX_PARTS];
    int rc = read_parts(sp, src, v, at, path, err);
    double amount[MAX_PARTS], total = 0.0;
    for (int i = 0; !rc && i < MAX_PARTS; i++) {
        if (!at[i] && i == OTHER) {
            amount[i] = 0.0;
            continue;
        }
        if (!at[i]) return rs_yaml_fail(err, src, v, path, "missing component '%s' (give every component, 0 for none)",
                                        sp->parts[i]);
        rc = part_value(src, at[i], path, &amount[i], err);
        total += rc ? 0.0 : amount[i];
    }
    if (rc) return rc;
    if (!(total > 0.0))
        return rs_yaml_fail(err, src, v, path, "components add up to 0 (set budget_k to 0 for no budget)%s", "");
    char key[128];
    for (int y = 1; !rc && y <= BUDGET_YEARS; y++) {
        snprintf(key, sizeof key, "services.%s.budget_k.year%d", sp->service, y);
        rc = set(ctx, src, v, rs_params_key_find(key), total, err);
    }
    for (int i = 0; !rc && i < OTHER; i++) {
        snprintf(key, sizeof key, "services.%s.%s_share", sp->service, sp->parts[i]);
        rc = set(ctx, src, at[i], rs_params_key_find(key), amount[i] / total, err);
    }
    return rc;
}
