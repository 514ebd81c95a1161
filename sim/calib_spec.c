/* reoffsim — the calibration spec file (calibration.h): which config, how
 * many replicates, the free parameters with bounds and the targets. Errors
 * are file:line: key: message like the model config's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/calibration.h"
#include "regular_file.h"
#include "yaml_file.h"

static const char *const kind_names[RS_N_TARGET_KINDS] = {"rate", "per_reoffender", "predicted_p2", "ogrs3_gap",
                                                                   "court_delay"};

const char *rs_target_kind_name(rs_target_kind k) { return k < RS_N_TARGET_KINDS ? kind_names[k] : "?"; }

static yaml_node_t *node_at(const rs_yaml_source *src, int index) { return yaml_document_get_node(src->doc, index); }

static int number(const rs_yaml_source *src, yaml_node_t *v, const char *key, double lo, double hi, double *out,
                  rs_error *err)
{
    const char *s = rs_yaml_scalar(v);
    char *end = NULL;
    double d = s ? strtod(s, &end) : NAN;
    if (!s || end == s || *end || !isfinite(d)) return rs_yaml_fail(err, src, v, key, "expected a number, got '%s'", s ? s : "");
    if (d < lo || d > hi) {
        char detail[128];
        snprintf(detail, sizeof detail, "must be in [%g, %g], got %s", lo, hi, s);
        return rs_yaml_fail(err, src, v, key, "%s", detail);
    }
    *out = d;
    return RS_OK;
}

static int text(const rs_yaml_source *src, yaml_node_t *v, const char *key, char *out, size_t len, rs_error *err)
{
    const char *s = rs_yaml_scalar(v);
    if (!s || strlen(s) >= len) return rs_yaml_fail(err, src, v, key, "expected text (at most %s characters)", len > 64 ? "191" : "63");
    snprintf(out, len, "%s", s);
    return RS_OK;
}

/* free: {key: [lower, upper], ...} */
static int parse_free(const rs_yaml_source *src, yaml_node_t *map, rs_calib_spec *spec, rs_error *err)
{
    if (map->type != YAML_MAPPING_NODE) return rs_yaml_fail(err, src, map, "free", "expected a mapping key: [lower, upper]%s", "");
    int dup = rs_yaml_check_duplicates(src, map, "free", err);
    if (dup) return dup;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn = node_at(src, pr->key), *vn = node_at(src, pr->value);
        const char *name = rs_yaml_scalar(kn) ? rs_yaml_scalar(kn) : "";
        const rs_key *k = rs_params_key_find(name);
        if (!k || k->type != RS_KEY_DOUBLE) return rs_yaml_fail(err, src, kn, name, "not a real-valued model parameter%s", "");
        if (spec->n_free >= RS_MAX_FREE) return rs_yaml_fail(err, src, kn, name, "more than 16 free parameters%s", "");
        if (vn->type != YAML_SEQUENCE_NODE || vn->data.sequence.items.top - vn->data.sequence.items.start != 2)
            return rs_yaml_fail(err, src, vn, name, "expected [lower, upper]%s", "");
        rs_free_param *f = &spec->free[spec->n_free];
        f->key = (uint32_t)(k - rs_params_key(0));
        for (int j = 0; j < spec->n_free; j++)
            if (spec->free[j].key == f->key) return rs_yaml_fail(err, src, kn, name, "free parameter given twice%s", "");
        int rc = number(src, node_at(src, vn->data.sequence.items.start[0]), name, k->min, k->max, &f->lower, err);
        if (!rc) rc = number(src, node_at(src, vn->data.sequence.items.start[1]), name, k->min, k->max, &f->upper, err);
        if (rc) return rc;
        if (!(f->lower < f->upper)) return rs_yaml_fail(err, src, vn, name, "lower bound must be below the upper%s", "");
        spec->n_free++;
    }
    return spec->n_free ? RS_OK : rs_yaml_fail(err, src, map, "free", "no free parameters%s", "");
}

_Static_assert(RS_N_GROUPS <= 64, "a target's groups are a 64-bit mask");

static int parse_groups(const rs_yaml_source *src, yaml_node_t *v, uint64_t *mask, rs_error *err)
{
    if (v->type != YAML_SEQUENCE_NODE) return rs_yaml_fail(err, src, v, "groups", "expected a list of subgroup names%s", "");
    *mask = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *item = node_at(src, *it);
        const char *name = rs_yaml_scalar(item) ? rs_yaml_scalar(item) : "";
        int g = -1;
        for (int k = 0; k < RS_N_GROUPS; k++)
            if (!strcmp(name, rs_group_name((rs_group)k))) g = k;
        if (g < 0) return rs_yaml_fail(err, src, item, "groups", "unknown subgroup '%s'", name);
        *mask |= UINT64_C(1) << g;
    }
    return *mask ? RS_OK : rs_yaml_fail(err, src, v, "groups", "empty list%s", "");
}

static int parse_target(const rs_yaml_source *src, yaml_node_t *map, rs_target *t, rs_error *err)
{
    if (map->type != YAML_MAPPING_NODE) return rs_yaml_fail(err, src, map, "targets", "each target must be a mapping%s", "");
    int dup = rs_yaml_check_duplicates(src, map, "targets", err);
    if (dup) return dup;
    memset(t, 0, sizeof *t);
    t->weight = 1.0;
    t->check = 1;
    int has_value = 0, has_tol = 0, has_kind = 0, has_groups = 0, rc = RS_OK;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; !rc && pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn = node_at(src, pr->key), *vn = node_at(src, pr->value);
        const char *key = rs_yaml_scalar(kn) ? rs_yaml_scalar(kn) : "";
        if (!strcmp(key, "name")) rc = text(src, vn, "name", t->name, sizeof t->name, err);
        else if (!strcmp(key, "source")) rc = text(src, vn, "source", t->source, sizeof t->source, err);
        else if (!strcmp(key, "value")) { rc = number(src, vn, "value", -1e6, 1e6, &t->value, err); has_value = 1; }
        else if (!strcmp(key, "tolerance")) { rc = number(src, vn, "tolerance", 1e-9, 1e6, &t->tolerance, err); has_tol = 1; }
        else if (!strcmp(key, "weight")) rc = number(src, vn, "weight", 0, 1e6, &t->weight, err);
        else if (!strcmp(key, "groups")) { rc = parse_groups(src, vn, &t->groups, err); has_groups = 1; }
        else if (!strcmp(key, "check")) {
            const char *s = rs_yaml_scalar(vn) ? rs_yaml_scalar(vn) : "";
            if (strcmp(s, "true") && strcmp(s, "false")) rc = rs_yaml_fail(err, src, vn, "check", "expected true or false%s", "");
            t->check = !strcmp(s, "true");
        } else if (!strcmp(key, "kind")) {
            const char *s = rs_yaml_scalar(vn) ? rs_yaml_scalar(vn) : "";
            int k = -1;
            for (int i = 0; i < RS_N_TARGET_KINDS; i++)
                if (!strcmp(s, kind_names[i])) k = i;
            if (k < 0) rc = rs_yaml_fail(err, src, vn, "kind", "unknown kind '%s' (rate, per_reoffender, predicted_p2, ogrs3_gap, court_delay)", s);
            t->kind = (rs_target_kind)k;
            has_kind = 1;
        } else {
            rc = rs_yaml_fail(err, src, kn, "targets", "unknown key '%s' (name, kind, groups, value, tolerance, weight, check, source)", key);
        }
    }
    if (rc) return rc;
    if (!t->name[0] || !has_value || !has_tol || !has_kind || !has_groups || !t->source[0])
        return rs_yaml_fail(err, src, map, "targets", "every target needs name, kind, groups, value, tolerance and source%s", "");
    return RS_OK;
}

static int parse_targets(const rs_yaml_source *src, yaml_node_t *seq, rs_calib_spec *spec, rs_error *err)
{
    if (seq->type != YAML_SEQUENCE_NODE) return rs_yaml_fail(err, src, seq, "targets", "expected a list%s", "");
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        if (spec->n_targets >= RS_MAX_TARGETS) return rs_yaml_fail(err, src, seq, "targets", "more than 32 targets%s", "");
        yaml_node_t *item = node_at(src, *it);
        int rc = parse_target(src, item, &spec->targets[spec->n_targets], err);
        if (rc) return rc;
        for (int j = 0; j < spec->n_targets; j++) /* names key the /calibration table */
            if (!strcmp(spec->targets[j].name, spec->targets[spec->n_targets].name))
                return rs_yaml_fail(err, src, item, "targets.name", "duplicate target name '%s'", spec->targets[j].name);
        spec->n_targets++;
    }
    return spec->n_targets ? RS_OK : rs_yaml_fail(err, src, seq, "targets", "no targets%s", "");
}

static int parse_int(const rs_yaml_source *src, yaml_node_t *v, const char *key, int lo, int hi, int *out, rs_error *err)
{
    double d = 0.0;
    int rc = number(src, v, key, lo, hi, &d, err);
    if (!rc && d != floor(d)) rc = rs_yaml_fail(err, src, v, key, "expected a whole number%s", "");
    if (!rc) *out = (int)d;
    return rc;
}

/* The model config a spec names must be a regular file: refused here, with
 * the spec's file:line (a FIFO would block the loader). */
static int check_config_file(const rs_yaml_source *src, yaml_node_t *vn, const char *path, rs_error *err)
{
    char why[256], detail[1400];
    if (!rs_regular_file_check(path, why, sizeof why)) return RS_OK;
    snprintf(detail, sizeof detail, "%s: %s", path, why);
    return rs_yaml_fail(err, src, vn, "config", "%s", detail);
}

/* abc: {particles, max_generations, predictive_draws, alpha, epsilon, min_acceptance} */
static int parse_abc(const rs_yaml_source *src, yaml_node_t *map, rs_abc_spec *abc, rs_error *err)
{
    if (map->type != YAML_MAPPING_NODE) return rs_yaml_fail(err, src, map, "abc", "expected a mapping%s", "");
    int rc = rs_yaml_check_duplicates(src, map, "abc", err);
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; !rc && pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn = node_at(src, pr->key), *vn = node_at(src, pr->value);
        const char *key = rs_yaml_scalar(kn) ? rs_yaml_scalar(kn) : "";
        if (!strcmp(key, "particles")) rc = parse_int(src, vn, "abc.particles", 10, 100000, &abc->particles, err);
        else if (!strcmp(key, "max_generations")) rc = parse_int(src, vn, "abc.max_generations", 1, 200, &abc->max_generations, err);
        else if (!strcmp(key, "predictive_draws")) rc = parse_int(src, vn, "abc.predictive_draws", 2, 100000, &abc->predictive_draws, err);
        else if (!strcmp(key, "alpha")) rc = number(src, vn, "abc.alpha", 0.05, 0.99, &abc->alpha, err);
        else if (!strcmp(key, "epsilon")) rc = number(src, vn, "abc.epsilon", 0.0, 1e6, &abc->epsilon, err);
        else if (!strcmp(key, "min_acceptance")) rc = number(src, vn, "abc.min_acceptance", 0.0, 1.0, &abc->min_acceptance, err);
        else rc = rs_yaml_fail(err, src, kn, "abc", "unknown key '%s' (particles, max_generations, predictive_draws, alpha, "
                                                    "epsilon, min_acceptance)", key);
    }
    return rc;
}

static int apply_root(const rs_yaml_source *src, yaml_node_t *root, rs_calib_spec *spec, rs_error *err)
{
    int rc = rs_yaml_check_duplicates(src, root, "", err);
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; !rc && pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn = node_at(src, pr->key), *vn = node_at(src, pr->value);
        const char *key = rs_yaml_scalar(kn) ? rs_yaml_scalar(kn) : "";
        if (!strcmp(key, "config")) {
            const char *rel = rs_yaml_scalar(vn), *slash = strrchr(spec->path, '/');
            if (!rel || !*rel) rc = rs_yaml_fail(err, src, vn, "config", "expected a file name%s", "");
            else if (rel[0] == '/' || !slash) snprintf(spec->config, sizeof spec->config, "%s", rel);
            else snprintf(spec->config, sizeof spec->config, "%.*s/%s", (int)(slash - spec->path), spec->path, rel);
            if (!rc) rc = check_config_file(src, vn, spec->config, err);
        } else if (!strcmp(key, "replicates")) rc = parse_int(src, vn, key, 2, 100000, &spec->replicates, err);
        else if (!strcmp(key, "check_replicates")) rc = parse_int(src, vn, key, 2, 100000, &spec->check_replicates, err);
        else if (!strcmp(key, "agents")) rc = parse_int(src, vn, key, 100, 50000000, &spec->agents, err);
        else if (!strcmp(key, "years")) rc = parse_int(src, vn, key, 1, 100, &spec->years, err);
        else if (!strcmp(key, "max_evaluations")) rc = parse_int(src, vn, key, 1, 1000000, &spec->max_evaluations, err);
        else if (!strcmp(key, "restarts")) rc = parse_int(src, vn, key, 1, 100, &spec->restarts, err);
        else if (!strcmp(key, "seed")) {
            const char *s = rs_yaml_scalar(vn);
            char *end = NULL;
            spec->seed = s ? strtoull(s, &end, 10) : 0;
            if (!s || end == s || *end || *s == '-') rc = rs_yaml_fail(err, src, vn, "seed", "expected a whole number%s", "");
        } else if (!strcmp(key, "free")) rc = parse_free(src, vn, spec, err);
        else if (!strcmp(key, "targets")) rc = parse_targets(src, vn, spec, err);
        else if (!strcmp(key, "abc")) rc = parse_abc(src, vn, &spec->abc, err);
        else if (!strcmp(key, "description")) continue;
        else rc = rs_yaml_fail(err, src, kn, key, "unknown key (config, replicates, check_replicates, agents, years, seed, "
                                                  "max_evaluations, restarts, free, targets, abc, description)%s", "");
    }
    return rc;
}

int rs_calib_load(const char *path, rs_calib_spec *spec, rs_error *err)
{
    memset(spec, 0, sizeof *spec);
    snprintf(spec->path, sizeof spec->path, "%s", path);
    spec->replicates = 8;
    spec->check_replicates = 24;
    spec->agents = 10000;
    spec->years = 3;
    spec->max_evaluations = 200;
    spec->restarts = 1;
    spec->seed = 20130101;
    spec->abc = (rs_abc_spec){.particles = 1000, .max_generations = 30, .predictive_draws = 200, .alpha = 0.5,
                              .epsilon = 1.0, .min_acceptance = 0.05};
    char *buf = NULL;
    size_t len = 0;
    yaml_document_t doc;
    int rc = rs_yaml_read_file(path, &buf, &len, err);
    if (rc) return rc;
    rc = rs_yaml_parse(path, buf, len, &doc, err);
    free(buf);
    if (rc) return rc;
    rs_yaml_source src = {path, &doc};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE)
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s:1: a calibration spec must be a mapping (config:, free:, targets:)", path);
    else
        rc = apply_root(&src, root, spec, err);
    if (!rc && !spec->config[0]) rc = rs_error_set(err, RS_ERR_CONFIG, "%s:1: config: missing (the model config to calibrate)", path);
    if (!rc && !spec->n_free) rc = rs_error_set(err, RS_ERR_CONFIG, "%s:1: free: missing", path);
    if (!rc && !spec->n_targets) rc = rs_error_set(err, RS_ERR_CONFIG, "%s:1: targets: missing", path);
    yaml_document_delete(&doc);
    return rc;
}
