/* reoffsim — a parameter sweep in a config (config_sweep.h):
 *
 *   sweep:
 *     from: triborough          # the scenario each point copies (services, set)
 *     name: kw                  # generated names: kw_<value>[_<value>]
 *     over:                     # one or two parameters; two make a grid
 *       - keys: services.triborough.keyworker_share   # or a list set together
 *         range: {from: 0.1, to: 0.5, step: 0.1}      # or values: [0.1, 0.3]
 *
 * Each point is a scenario like any other (same replicates, common random
 * numbers, paired against the reference); a swept key is fixed at the
 * point's value (its distribution, if any, is dropped for that scenario). */
#include "config_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/params.h"

typedef struct {
    const rs_yaml_source *src;
    rs_config *cfg;
    rs_error *err;
} sweep_ctx;

static yaml_node_t *node_of(const sweep_ctx *c, int id) { return yaml_document_get_node(c->src->doc, id); }

/* The value of `key` in mapping `map`, or NULL. */
static yaml_node_t *member(const sweep_ctx *c, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *k = rs_yaml_scalar(node_of(c, p->key));
        if (k && !strcmp(k, key)) return node_of(c, p->value);
    }
    return NULL;
}

/* Every key of `map` is one of `allowed` (NULL-terminated). */
static int only_keys(const sweep_ctx *c, yaml_node_t *map, const char *where, const char *const *allowed,
                     const char *expected)
{
    int rc = rs_yaml_check_duplicates(c->src, map, where, c->err);
    if (rc) return rc;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node_of(c, p->key);
        const char *k = rs_yaml_scalar(kn);
        int ok = 0;
        for (int i = 0; k && allowed[i]; i++) ok |= !strcmp(k, allowed[i]);
        if (!ok) return rs_yaml_fail(c->err, c->src, kn, where, "unknown key (expected %s)", expected);
    }
    return RS_OK;
}

static int number(const sweep_ctx *c, yaml_node_t *n, const char *where, double *out)
{
    const char *s = rs_yaml_scalar(n);
    char *end = NULL;
    double v = s && rs_yaml_is_plain(n) ? strtod(s, &end) : NAN;
    if (!s || end == s || *end || !isfinite(v)) return rs_yaml_fail(c->err, c->src, n, where, "must be a number%s", "");
    *out = v;
    return RS_OK;
}

/* One swept key: a numeric model parameter, not a run setting. */
static int add_key(const sweep_ctx *c, yaml_node_t *n, rs_sweep_dim *d)
{
    const char *path = rs_yaml_scalar(n);
    const rs_key *k = path ? rs_params_key_find(path) : NULL;
    if (!k) {
        /* A key-like name is quoted whole (the typo may be at its end); anything else only as an excerpt. */
        int plain = path && strlen(path) < 128;
        for (const char *p = path; plain && *p; p++)
            plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.';
        if (!plain) return rs_yaml_fail(c->err, c->src, n, "sweep.over.keys", "unknown key '%s'", path ? path : "");
        char msg[192];
        snprintf(msg, sizeof msg, "unknown key '%s'%s", path,
                 strstr(path, "budget_components_k") ? " (a budget component cannot be swept: sweep its share or budget_k)" : "");
        return rs_yaml_fail(c->err, c->src, n, "sweep.over.keys", "%s", msg);
    }
    if (!strncmp(path, "run.", 4))
        return rs_yaml_fail(c->err, c->src, n, "sweep.over.keys", "run settings are shared by all scenarios; cannot sweep '%s'", path);
    if (k->type != RS_KEY_DOUBLE && k->type != RS_KEY_INT)
        return rs_yaml_fail(c->err, c->src, n, "sweep.over.keys", "'%s' is not a number", path);
    if (d->n_keys == RS_SWEEP_MAX_KEYS) return rs_yaml_fail(c->err, c->src, n, "sweep.over.keys", "more than 8 keys%s", "");
    for (size_t i = 0; i < rs_params_key_count(); i++)
        if (rs_params_key(i) == k) d->keys[d->n_keys++] = (uint32_t)i;
    return RS_OK;
}

static int parse_keys(const sweep_ctx *c, yaml_node_t *n, rs_sweep_dim *d)
{
    if (!n) return RS_OK;
    if (n->type != YAML_SEQUENCE_NODE) return add_key(c, n, d);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        int rc = add_key(c, node_of(c, *it), d);
        if (rc) return rc;
    }
    return RS_OK;
}

static int add_value(const sweep_ctx *c, yaml_node_t *at, rs_sweep_dim *d, double v)
{
    if (d->n_values == RS_SWEEP_MAX_VALUES)
        return rs_yaml_fail(c->err, c->src, at, "sweep.over", "more than 64 values in one parameter%s", "");
    d->values[d->n_values++] = v;
    return RS_OK;
}

/* range: {from, to, step}: from + k step for k = 0, 1, ... up to `to`
 * (included when within a millionth of a step), computed, not accumulated. */
static int parse_range(const sweep_ctx *c, yaml_node_t *n, rs_sweep_dim *d)
{
    static const char *const allowed[] = {"from", "to", "step", NULL};
    if (n->type != YAML_MAPPING_NODE) return rs_yaml_fail(c->err, c->src, n, "sweep.over.range", "must be {from, to, step}%s", "");
    int rc = only_keys(c, n, "sweep.over.range", allowed, "from, to, step");
    double v[3];
    for (int i = 0; !rc && i < 3; i++) {
        yaml_node_t *x = member(c, n, allowed[i]);
        rc = x ? number(c, x, "sweep.over.range", &v[i])
               : rs_yaml_fail(c->err, c->src, n, "sweep.over.range", "needs from, to and step%s", "");
    }
    if (rc) return rc;
    if (!(v[2] > 0.0) || v[1] < v[0])
        return rs_yaml_fail(c->err, c->src, n, "sweep.over.range", "needs step > 0 and to >= from%s", "");
    double steps = floor((v[1] - v[0]) / v[2] + 1e-6);
    if (steps >= RS_SWEEP_MAX_VALUES)
        return rs_yaml_fail(c->err, c->src, n, "sweep.over.range", "more than 64 values in one parameter%s", "");
    for (int k = 0; !rc && k <= (int)steps; k++) rc = add_value(c, n, d, v[0] + k * v[2]);
    return rc;
}

static int parse_values(const sweep_ctx *c, yaml_node_t *n, rs_sweep_dim *d)
{
    if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.start == n->data.sequence.items.top)
        return rs_yaml_fail(c->err, c->src, n, "sweep.over.values", "must be a non-empty list of numbers%s", "");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        double v;
        int rc = number(c, node_of(c, *it), "sweep.over.values", &v);
        if (!rc) rc = add_value(c, node_of(c, *it), d, v);
        if (rc) return rc;
    }
    return RS_OK;
}

/* Every value fits every key's range (and integer keys get integers). */
static int check_values(const sweep_ctx *c, yaml_node_t *at, const rs_sweep_dim *d)
{
    for (int k = 0; k < d->n_keys; k++) {
        const rs_key *key = rs_params_key(d->keys[k]);
        for (int v = 0; v < d->n_values; v++) {
            double x = d->values[v];
            if (x < key->min || x > key->max || (key->type == RS_KEY_INT && x != floor(x))) {
                char msg[160];
                snprintf(msg, sizeof msg, "value %g outside %s's range [%g, %g]%s", x, key->path, key->min, key->max,
                         key->type == RS_KEY_INT ? " (whole numbers)" : "");
                return rs_yaml_fail(c->err, c->src, at, "sweep.over", "%s", msg);
            }
        }
    }
    return RS_OK;
}

static int parse_dim(const sweep_ctx *c, yaml_node_t *n, rs_sweep_dim *d)
{
    static const char *const allowed[] = {"keys", "values", "range", NULL};
    if (n->type != YAML_MAPPING_NODE)
        return rs_yaml_fail(c->err, c->src, n, "sweep.over", "each entry must be {keys, values or range}%s", "");
    int rc = only_keys(c, n, "sweep.over", allowed, "keys, values, range");
    if (rc) return rc;
    yaml_node_t *keys = member(c, n, "keys"), *values = member(c, n, "values"), *range = member(c, n, "range");
    if (!keys) return rs_yaml_fail(c->err, c->src, n, "sweep.over", "needs keys (one key or a list)%s", "");
    if (!values == !range) return rs_yaml_fail(c->err, c->src, n, "sweep.over", "needs exactly one of values and range%s", "");
    rc = parse_keys(c, keys, d);
    if (!rc) rc = values ? parse_values(c, values, d) : parse_range(c, range, d);
    if (!rc) rc = check_values(c, n, d);
    return rc;
}

/* "0.25" -> "0p25": scenario names hold letters, digits, _ - + only. */
static void value_label(double v, char *out, size_t n)
{
    snprintf(out, n, "%.6g", v);
    for (char *p = out; *p; p++)
        if (*p == '.') *p = 'p';
}

/* Scenario of point `point` (row-major: the last dimension varies fastest). */
static int make_point(const sweep_ctx *c, yaml_node_t *at, const char *prefix, int point, rs_scenario *out)
{
    rs_sweep *s = &c->cfg->sweep;
    const rs_scenario *from = &c->cfg->scenarios[s->from];
    *out = *from;
    char name[2 * RS_NAME_LEN] = "", desc[2 * sizeof out->description];
    snprintf(name, sizeof name, "%s", prefix);
    snprintf(desc, sizeof desc, "%s", from->description[0] ? from->description : from->name);
    int index[RS_SWEEP_MAX_DIMS];
    for (int d = s->n_dims - 1, rest = point; d >= 0; d--) {
        index[d] = rest % s->dim[d].n_values;
        rest /= s->dim[d].n_values;
    }
    for (int d = 0; d < s->n_dims; d++) {
        const rs_sweep_dim *dim = &s->dim[d];
        double v = dim->values[index[d]];
        for (int k = 0; k < dim->n_keys; k++) {
            rs_params_set(&out->params, rs_params_key(dim->keys[k]), v);
            rs_params_clear_uncertain(&out->params, dim->keys[k]);
        }
        char label[32];
        value_label(v, label, sizeof label);
        size_t len = strlen(name);
        snprintf(name + len, sizeof name - len, "_%s", label);
        len = strlen(desc);
        snprintf(desc + len, sizeof desc - len, "; %s = %g%s", rs_params_key(dim->keys[0])->path, v,
                 dim->n_keys > 1 ? " (and the keys set with it)" : "");
    }
    if (strlen(name) >= RS_NAME_LEN)
        return rs_yaml_fail(c->err, c->src, at, "sweep.name", "generated scenario name '%s' longer than 63 characters", name);
    memcpy(out->name, name, strlen(name) + 1); /* fits: checked above */
    size_t dlen = strlen(desc);
    if (dlen > sizeof out->description - 1) { /* a long description is cut, not inside a UTF-8 character */
        dlen = sizeof out->description - 1;
        while (dlen > 0 && ((unsigned char)desc[dlen] & 0xC0) == 0x80) dlen--;
    }
    memcpy(out->description, desc, dlen);
    out->description[dlen] = '\0';
    for (int i = 0; i < s->first + point; i++)
        if (!strcmp(c->cfg->scenarios[i].name, out->name))
            return rs_yaml_fail(c->err, c->src, at, "sweep", "generated scenario name '%s' is taken", out->name);
    const rs_key *bad = NULL;
    rs_error verr;
    if (rs_params_validate(&out->params, &bad, &verr)) return rs_yaml_fail(c->err, c->src, at, out->name, "%s", verr.msg);
    return RS_OK;
}

static int find_from(const sweep_ctx *c, yaml_node_t *n)
{
    const char *name = n ? rs_yaml_scalar(n) : NULL;
    for (int i = 0; name && i < c->cfg->n_scenarios; i++)
        if (!strcmp(c->cfg->scenarios[i].name, name)) {
            c->cfg->sweep.from = i;
            return RS_OK;
        }
    return rs_yaml_fail(c->err, c->src, n, "sweep.from", "must name a scenario of the config ('%s' is not one)",
                        name ? name : "");
}

static int parse_prefix(const sweep_ctx *c, yaml_node_t *n, char *prefix)
{
    const char *s = n ? rs_yaml_scalar(n) : "sweep";
    int ok = s && *s && strlen(s) < 24;
    for (const char *p = s; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
    if (!ok) return rs_yaml_fail(c->err, c->src, n, "sweep.name", "must be 1-23 letters, digits, _ or -%s", "");
    snprintf(prefix, 24, "%s", s);
    return RS_OK;
}

int rs_sweep_expand(const rs_yaml_source *src, yaml_node_t *node, rs_config *cfg, int max_scenarios, rs_error *err)
{
    static const char *const allowed[] = {"from", "name", "over", NULL};
    sweep_ctx c = {src, cfg, err};
    memset(&cfg->sweep, 0, sizeof cfg->sweep);
    if (node->type != YAML_MAPPING_NODE) return rs_yaml_fail(err, src, node, "sweep", "must be a mapping {from, name, over}%s", "");
    int rc = only_keys(&c, node, "sweep", allowed, "from, name, over");
    char prefix[24];
    if (!rc) rc = find_from(&c, member(&c, node, "from"));
    if (!rc) rc = parse_prefix(&c, member(&c, node, "name"), prefix);
    yaml_node_t *over = member(&c, node, "over");
    if (!rc && (!over || over->type != YAML_SEQUENCE_NODE || over->data.sequence.items.start == over->data.sequence.items.top ||
                over->data.sequence.items.top - over->data.sequence.items.start > RS_SWEEP_MAX_DIMS))
        rc = rs_yaml_fail(err, src, over ? over : node, "sweep.over", "must list one or two parameters%s", "");
    for (yaml_node_item_t *it = rc ? NULL : over->data.sequence.items.start; it && it < over->data.sequence.items.top; it++) {
        rc = parse_dim(&c, node_of(&c, *it), &cfg->sweep.dim[cfg->sweep.n_dims++]);
        if (rc) break;
    }
    if (rc) {
        memset(&cfg->sweep, 0, sizeof cfg->sweep);
        return rc;
    }
    int points = rs_sweep_points(&cfg->sweep);
    if (cfg->n_scenarios + points > max_scenarios) {
        memset(&cfg->sweep, 0, sizeof cfg->sweep);
        return rs_yaml_fail(err, src, over, "sweep.over", "too many scenarios with the sweep (at most 256)%s", "");
    }
    rs_scenario *grown = realloc(cfg->scenarios, (size_t)(cfg->n_scenarios + points) * sizeof *grown);
    if (!grown) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the sweep's scenarios");
    cfg->scenarios = grown;
    cfg->sweep.first = cfg->n_scenarios;
    for (int p = 0; p < points; p++) {
        rc = make_point(&c, over, prefix, p, &cfg->scenarios[cfg->sweep.first + p]);
        if (rc) return rc;
        cfg->n_scenarios++;
    }
    return RS_OK;
}
