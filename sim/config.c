/* reoffsim — YAML config loader (libyaml document API). Maps nested keys to
 * the schema in params_schema.c, supports `base:` inheritance and a list of
 * scenarios with overrides, and reports every problem as file:line: key. */
#include "reoffsim/config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "config_budget.h"
#include "config_posterior.h"
#include "config_sweep.h"
#include "memory_check.h"
#include "regular_file.h"
#include "reoffsim/posterior.h"
#include "yaml_file.h"

#define MAX_BASE_DEPTH 8
#define MAX_SCENARIOS 256
#define PATH_LEN 256

/* Where each key was last set while loading one config chain, and the
 * parsed files of the chain (kept until the scenarios are built). */
typedef struct {
    unsigned char *set;  /* per schema key: set in the current file */
    unsigned char *ever; /* per schema key: set in any file of the chain */
    int *line;           /* per schema key: line where last set */
    int *file;           /* per schema key: index into paths of the file that set it */
    char **text;         /* accumulated rs_yaml_source text */
    size_t text_len;
    yaml_document_t *docs[MAX_BASE_DEPTH + 1];
    char *paths[MAX_BASE_DEPTH + 1];
    int n_docs;
    rs_config *cfg; /* receives the identity of each file read */
} loader;

/* ---------- scalar values ---------- */

static int parse_number(const rs_yaml_source *src, const yaml_node_t *v, const rs_key *k, double *out,
                        rs_error *err)
{
    const char *s = rs_yaml_scalar(v);
    if (!s) return rs_yaml_fail(err, src, v, k->path, "expected a number, got a %s", v->type == YAML_MAPPING_NODE ? "mapping" : "list");
    if (!rs_yaml_is_plain(v)) return rs_yaml_fail(err, src, v, k->path, "expected a number, got the quoted string '%s'", s);
    if (k->type == RS_KEY_BOOL) {
        if (!strcmp(s, "true") || !strcmp(s, "yes")) { *out = 1; return RS_OK; }
        if (!strcmp(s, "false") || !strcmp(s, "no")) { *out = 0; return RS_OK; }
        return rs_yaml_fail(err, src, v, k->path, "expected true or false, got '%s'", s);
    }
    char *end = NULL;
    errno = 0;
    double d = strtod(s, &end);
    if (*s == '\0' || end == s || *end != '\0' || errno == ERANGE || strpbrk(s, "xXpP"))
        return rs_yaml_fail(err, src, v, k->path, "expected a number, got '%s'", s);
    if (!isfinite(d)) return rs_yaml_fail(err, src, v, k->path, "must be a finite number, got '%s'", s);
    if (k->type != RS_KEY_DOUBLE && d != floor(d))
        return rs_yaml_fail(err, src, v, k->path, "expected a whole number, got '%s'", s);
    if (d < k->min || d > k->max) {
        char detail[160];
        snprintf(detail, sizeof detail, "must be in [%g, %g], got %s", k->min, k->max, s);
        return rs_yaml_fail(err, src, v, k->path, "%s", detail);
    }
    *out = d;
    return RS_OK;
}

static int parse_u64(const rs_yaml_source *src, const yaml_node_t *v, const rs_key *k, uint64_t *out,
                     rs_error *err)
{
    const char *s = rs_yaml_scalar(v);
    if (!s || !rs_yaml_is_plain(v) || *s == '-' || *s == '\0')
        return rs_yaml_fail(err, src, v, k->path, "expected a non-negative whole number%s", "");
    char *end = NULL;
    errno = 0;
    unsigned long long u = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return rs_yaml_fail(err, src, v, k->path, "expected a whole number in [0, 2^64), got '%s'", s);
    *out = (uint64_t)u;
    return RS_OK;
}

/* `{dist: beta, mean: 0.7, sd: 0.05}` and friends: the point value goes in
 * the field, the distribution in p->uncertain. */
static int set_distribution(const rs_yaml_source *src, yaml_node_t *v, const rs_key *k, rs_params *p, rs_error *err)
{
    if (k->type != RS_KEY_DOUBLE || k->group)
        return rs_yaml_fail(err, src, v, k->path, "cannot be uncertain (only real-valued keys outside share groups can)%s", "");
    int dup = rs_yaml_check_duplicates(src, v, k->path, err);
    if (dup) return dup;
    const char *dist = NULL;
    double vals[5] = {NAN, NAN, NAN, NAN, NAN}; /* mean sd low high value */
    static const char *const fields[5] = {"mean", "sd", "low", "high", "value"};
    for (yaml_node_pair_t *pair = v->data.mapping.pairs.start; pair < v->data.mapping.pairs.top; pair++) {
        yaml_node_t *kn = yaml_document_get_node(src->doc, pair->key);
        yaml_node_t *vn = yaml_document_get_node(src->doc, pair->value);
        const char *name = rs_yaml_scalar(kn) ? rs_yaml_scalar(kn) : "";
        if (!strcmp(name, "dist")) {
            dist = rs_yaml_scalar(vn);
            continue;
        }
        int f = -1;
        for (int i = 0; i < 5; i++)
            if (!strcmp(name, fields[i])) f = i;
        char *end = NULL;
        const char *text = rs_yaml_scalar(vn);
        if (f < 0) return rs_yaml_fail(err, src, kn, k->path, "unknown distribution field '%s' (dist, mean, sd, low, high, value)", name);
        vals[f] = text ? strtod(text, &end) : NAN;
        if (!text || end == text || *end || !isfinite(vals[f]))
            return rs_yaml_fail(err, src, vn, k->path, "distribution field must be a finite number, got '%s'", text ? text : "");
    }
    int d = dist ? rs_dist_from_name(dist) : -1;
    if (d < 0) return rs_yaml_fail(err, src, v, k->path, "needs dist: one of fixed, beta, lognormal, uniform, normal, censored_normal (got '%s')", dist ? dist : "");
    rs_uncertain u = {(uint32_t)(k - rs_params_key(0)), (rs_dist)d, vals[0], vals[1]};
    if (d == RS_DIST_UNIFORM) u.a = vals[2], u.b = vals[3];
    if (d == RS_DIST_FIXED) u.a = vals[4], u.b = 0.0;
    rs_error derr;
    if (rs_dist_check(u.dist, u.a, u.b, &derr)) return rs_yaml_fail(err, src, v, k->path, "%s", derr.msg);
    double point = rs_uncertain_point(&u);
    if (point < k->min || point > k->max) {
        char detail[160];
        snprintf(detail, sizeof detail, "central value must be in [%g, %g], got %g", k->min, k->max, point);
        return rs_yaml_fail(err, src, v, k->path, "%s", detail);
    }
    if (d != RS_DIST_FIXED) {
        const rs_key *related[8];
        if (rs_params_related(k, related, 8) > 1)
            return rs_yaml_fail(err, src, v, k->path, "cannot be uncertain: it is checked against other keys "
                                "(shares, start/end days), which a draw could break%s", "");
        /* Draws must stay in the key's range: the support of bounded
         * distributions, the 0.5%..99.5% quantiles of the others (a
         * censored normal is held to the range by definition). */
        double lo = d == RS_DIST_UNIFORM ? u.a : d == RS_DIST_BETA ? 0.0 : rs_uncertain_quantile(&u, 0.005);
        double hi = d == RS_DIST_UNIFORM ? u.b : d == RS_DIST_BETA ? 1.0 : rs_uncertain_quantile(&u, 0.995);
        if (lo < k->min || hi > k->max) {
            char detail[200];
            snprintf(detail, sizeof detail, "must be in [%g, %g], but this %s reaches [%g, %g]", k->min, k->max,
                     rs_dist_name(u.dist), lo, hi);
            return rs_yaml_fail(err, src, v, k->path, "%s", detail);
        }
    }
    rs_params_set(p, k, point);
    if (d == RS_DIST_FIXED) rs_params_clear_uncertain(p, u.key);
    else if (rs_params_set_uncertain(p, &u)) return rs_yaml_fail(err, src, v, k->path, "more than 64 uncertain parameters%s", "");
    return RS_OK;
}

/* ld->set values: given in the file, or derived from a budget_components_k. */
enum { SET_GIVEN = 1, SET_BY_COMPONENTS = 2 };

/* Record that key idx was set at node v of src (how: SET_*). */
static void mark(loader *ld, const rs_yaml_source *src, yaml_node_t *v, size_t idx, unsigned char how)
{
    if (!ld) return;
    ld->set[idx] = how;
    if (ld->ever) { /* a scenario's `set:` tracks only what it set */
        ld->ever[idx] = 1;
        ld->line[idx] = rs_yaml_line(v);
        ld->file[idx] = 0;
        for (int d = 0; d < ld->n_docs; d++)
            if (ld->docs[d] == src->doc) ld->file[idx] = d;
    }
}

static int set_key(loader *ld, const rs_yaml_source *src, yaml_node_t *v, const rs_key *k,
                   rs_params *p, rs_error *err)
{
    size_t idx = (size_t)(k - rs_params_key(0));
    if (ld && ld->set[idx] == SET_BY_COMPONENTS)
        return rs_yaml_fail(err, src, v, k->path, "also set by budget_components_k: give the components or the shares "
                                                  "and budget_k, not both%s", "");
    if (ld && ld->set[idx]) return rs_yaml_fail(err, src, v, k->path, "given twice%s", "");
    if (v->type == YAML_MAPPING_NODE) {
        int rc = set_distribution(src, v, k, p, err);
        if (rc) return rc;
    } else if (k->type == RS_KEY_U64) {
        uint64_t u = 0;
        int rc = parse_u64(src, v, k, &u, err);
        if (rc) return rc;
        *(uint64_t *)((char *)p + k->offset) = u;
    } else {
        double d = 0.0;
        int rc = parse_number(src, v, k, &d, err);
        if (rc) return rc;
        rs_params_set(p, k, d);
        rs_params_clear_uncertain(p, (uint32_t)idx); /* a plain value overrides a distribution */
    }
    mark(ld, src, v, idx, SET_GIVEN);
    return RS_OK;
}

/* budget_components_k's setter (config_budget.h): a yearly budget or share it derives. */
typedef struct {
    loader *ld;
    rs_params *p;
} derived_ctx;

static int set_derived(void *ctx, const rs_yaml_source *src, yaml_node_t *at, const rs_key *k, double v, rs_error *err)
{
    derived_ctx *c = ctx;
    size_t idx = (size_t)(k - rs_params_key(0));
    if (c->ld && c->ld->set[idx])
        return rs_yaml_fail(err, src, at, k->path, "given here and by budget_components_k: give the components or the "
                                                   "shares and budget_k, not both%s", "");
    rs_params_set(c->p, k, v);
    rs_params_clear_uncertain(c->p, (uint32_t)idx);
    mark(c->ld, src, at, idx, SET_BY_COMPONENTS);
    return RS_OK;
}

/* True if some schema key starts with "prefix.". */
static int is_section(const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const char *path = rs_params_key(i)->path;
        if (strncmp(path, prefix, n) == 0 && path[n] == '.') return 1;
    }
    return 0;
}

/* Walk a mapping of model keys under `prefix` (may be nested or dotted). */
static int apply_mapping(loader *ld, const rs_yaml_source *src, yaml_node_t *map, const char *prefix,
                         rs_params *p, int allow_run, rs_error *err)
{
    int dup = rs_yaml_check_duplicates(src, map, prefix, err);
    if (dup) return dup;
    for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
         pair < map->data.mapping.pairs.top; pair++) {
        yaml_node_t *kn = yaml_document_get_node(src->doc, pair->key);
        yaml_node_t *vn = yaml_document_get_node(src->doc, pair->value);
        const char *name = rs_yaml_scalar(kn);
        if (!name) return rs_yaml_fail(err, src, kn, prefix, "keys must be plain names%s", "");
        char path[PATH_LEN];
        int w = snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", name);
        if (w < 0 || (size_t)w >= sizeof path) return rs_yaml_fail(err, src, kn, name, "key too long%s", "");
        if (!allow_run && strncmp(path, "run.", 4) == 0)
            return rs_yaml_fail(err, src, kn, path,
                        "run settings are shared by all scenarios and cannot be overridden%s", "");
        const rs_key *k = rs_params_key_find(path);
        int rc;
        derived_ctx dc = {ld, p};
        if (rs_budget_components_key(path))
            rc = rs_budget_components_apply(path, src, vn, set_derived, &dc, err);
        else if (k)
            rc = set_key(ld, src, vn, k, p, err);
        else if (is_section(path) && vn->type == YAML_MAPPING_NODE)
            rc = apply_mapping(ld, src, vn, path, p, allow_run, err);
        else if (is_section(path))
            rc = rs_yaml_fail(err, src, vn, path, "expected a mapping of keys%s", "");
        else
            rc = rs_yaml_fail(err, src, kn, path, "unknown key%s", "");
        if (rc) return rc;
    }
    return RS_OK;
}

/* ---------- scenarios ---------- */

static int valid_name(const char *s)
{
    if (!*s || strlen(s) >= RS_NAME_LEN) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '+'))
            return 0;
    return 1;
}

/* `services: [dip, gto]`: exactly these services run in the scenario. */
static int parse_service_list(const rs_yaml_source *src, yaml_node_t *list, rs_params *p, rs_error *err)
{
    if (list->type != YAML_SEQUENCE_NODE)
        return rs_yaml_fail(err, src, list, "scenarios.services", "must be a list of service names, e.g. [dip, gto]%s", "");
    unsigned char listed[RS_N_SERVICES] = {0};
    for (int s = 0; s < RS_N_SERVICES; s++) rs_params_service(p, (rs_service_id)s)->enabled = 0;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(src->doc, *it);
        const char *name = rs_yaml_scalar(item);
        int id = name ? rs_service_from_name(name) : -1;
        if (id < 0)
            return rs_yaml_fail(err, src, item, "scenarios.services", "unknown service '%s' (known: dip, triborough, gto)",
                        name ? name : "");
        if (listed[id]++) return rs_yaml_fail(err, src, item, "scenarios.services", "'%s' listed twice", name);
        rs_params_service(p, (rs_service_id)id)->enabled = 1;
    }
    return RS_OK;
}

/* The scenario's parameters pass every check; if not, the error is at the
 * scenario's own key among those the failed check involves (the last one it
 * set), e.g. the share it raised rather than the first share of the group. */
static int validate_scenario(const rs_yaml_source *src, yaml_node_t *at, const loader *seen, const rs_scenario *out,
                             rs_error *err)
{
    const rs_key *bad = NULL, *related[64];
    rs_error verr;
    if (rs_params_validate(&out->params, &bad, &verr) == RS_OK) return RS_OK;
    size_t n = bad ? rs_params_related(bad, related, 64) : 0;
    const rs_key *culprit = NULL;
    int line = 0;
    for (size_t j = 0; j < n; j++) {
        size_t k = (size_t)(related[j] - rs_params_key(0));
        if (seen->ever[k] && seen->line[k] >= line) line = seen->line[k], culprit = related[j];
    }
    if (!culprit) return rs_yaml_fail(err, src, at, out->name, "%s", verr.msg);
    yaml_node_t where;
    memset(&where, 0, sizeof where);
    where.start_mark.line = (size_t)(line - 1);
    char msg[sizeof verr.msg + 160];
    snprintf(msg, sizeof msg, "%s (set here): %s", culprit->path, verr.msg);
    return rs_yaml_fail(err, src, &where, out->name, "%s", msg);
}

static int parse_scenario(const rs_yaml_source *src, yaml_node_t *node, const rs_params *base,
                          rs_scenario *out, rs_error *err)
{
    if (node->type != YAML_MAPPING_NODE)
        return rs_yaml_fail(err, src, node, "scenarios", "each scenario must be a mapping with name and set%s", "");
    memset(out, 0, sizeof *out);
    out->params = *base;
    yaml_node_t *set = NULL;
    int dup = rs_yaml_check_duplicates(src, node, "scenarios", err);
    if (dup) return dup;
    for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
         pair < node->data.mapping.pairs.top; pair++) {
        yaml_node_t *kn = yaml_document_get_node(src->doc, pair->key);
        yaml_node_t *vn = yaml_document_get_node(src->doc, pair->value);
        const char *key = rs_yaml_scalar(kn) ? rs_yaml_scalar(kn) : "";
        const char *val = rs_yaml_scalar(vn);
        if (!strcmp(key, "name")) {
            if (!val || !valid_name(val))
                return rs_yaml_fail(err, src, vn, "scenarios.name",
                            "must be 1-63 characters of letters, digits, _ - +%s", "");
            snprintf(out->name, sizeof out->name, "%s", val);
        } else if (!strcmp(key, "description")) {
            if (!val) return rs_yaml_fail(err, src, vn, "scenarios.description", "must be text%s", "");
            if (strlen(val) >= sizeof out->description) /* refused, not cut inside a UTF-8 character */
                return rs_yaml_fail(err, src, vn, "scenarios.description", "longer than 255 bytes%s", "");
            snprintf(out->description, sizeof out->description, "%s", val);
        } else if (!strcmp(key, "services")) {
            int rc = parse_service_list(src, vn, &out->params, err);
            if (rc) return rc;
        } else if (!strcmp(key, "set")) {
            if (vn->type != YAML_MAPPING_NODE)
                return rs_yaml_fail(err, src, vn, "scenarios.set", "must be a mapping of key: value%s", "");
            set = vn;
        } else {
            return rs_yaml_fail(err, src, kn, "scenarios", "unknown key '%s' (expected name, description, services, set)", key);
        }
    }
    if (!out->name[0]) return rs_yaml_fail(err, src, node, "scenarios", "scenario has no name%s", "");
    /* Tracks keys set, so `court.x` and `court: {x: }` cannot both be given,
     * and where, so a failed check names the key the scenario changed. */
    size_t nk = rs_params_key_count();
    loader seen = {.set = calloc(nk, 1), .ever = calloc(nk, 1), .line = calloc(nk, sizeof(int)),
                   .file = calloc(nk, sizeof(int))};
    int rc = seen.set && seen.ever && seen.line && seen.file ? RS_OK : rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    /* Re-validate below even without `set`: a services list changes params too. */
    if (!rc && set) rc = apply_mapping(&seen, src, set, "", &out->params, 0, err);
    if (!rc) rc = validate_scenario(src, set ? set : node, &seen, out, err);
    free(seen.set);
    free(seen.ever);
    free(seen.line);
    free(seen.file);
    return rc;
}

/* ---------- one file of a base chain ---------- */

/* A node and the file it came from (kept alive until the config is built). */
typedef struct {
    rs_yaml_source src;
    yaml_node_t *node;
} located;

/* scenarios/reference/primary/calibration: a file inherits its base's unless it has its own. */
typedef struct {
    located scenarios, reference, primary, sweep, calibration;
} file_extras;

static int load_chain(const char *path, int depth, loader *ld, rs_params *p, file_extras *extra,
                      rs_error *err);

static int apply_base(const rs_yaml_source *src, yaml_node_t *vn, int depth, loader *ld, rs_params *p,
                      file_extras *extra, rs_error *err)
{
    const char *rel = rs_yaml_scalar(vn);
    if (!rel || !*rel) return rs_yaml_fail(err, src, vn, "base", "must be a file name%s", "");
    if (depth >= MAX_BASE_DEPTH)
        return rs_yaml_fail(err, src, vn, "base", "base files nested too deeply (cycle?)%s", "");
    char path[1024];
    const char *slash = strrchr(src->file, '/');
    if (rel[0] == '/' || !slash)
        snprintf(path, sizeof path, "%s", rel);
    else
        snprintf(path, sizeof path, "%.*s/%s", (int)(slash - src->file), src->file, rel);
    char why[256];
    if (rs_regular_file_check(path, why, sizeof why)) { /* never opens a FIFO or device */
        char detail[1400];
        snprintf(detail, sizeof detail, "%s: %s", path, why);
        return rs_yaml_fail(err, src, vn, "base", "%s", detail);
    }
    int rc = load_chain(path, depth + 1, ld, p, extra, err);
    /* A base file's keys may be overridden once by this file. */
    memset(ld->set, 0, rs_params_key_count());
    return rc;
}

static int append_text(loader *ld, const char *path, const char *text, size_t len)
{
    size_t extra = len + strlen(path) + 32;
    char *grown = realloc(*ld->text, ld->text_len + extra + 1);
    if (!grown) return RS_ERR_NOMEM;
    *ld->text = grown;
    ld->text_len += (size_t)snprintf(grown + ld->text_len, extra + 1, "# ==> %s <==\n%.*s%s", path,
                                     (int)len, text, (len && text[len - 1] == '\n') ? "" : "\n");
    return RS_OK;
}

static int apply_root(const rs_yaml_source *src, yaml_node_t *root, int depth, loader *ld, rs_params *p,
                      file_extras *extra, rs_error *err)
{
    int dup = rs_yaml_check_duplicates(src, root, "", err);
    if (dup) return dup;
    /* base first, wherever it appears, so this file's keys override it. */
    for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
         pair < root->data.mapping.pairs.top; pair++) {
        yaml_node_t *kn = yaml_document_get_node(src->doc, pair->key);
        if (rs_yaml_scalar(kn) && !strcmp(rs_yaml_scalar(kn), "base")) {
            int rc = apply_base(src, yaml_document_get_node(src->doc, pair->value), depth, ld, p, extra, err);
            if (rc) return rc;
        }
    }
    for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
         pair < root->data.mapping.pairs.top; pair++) {
        yaml_node_t *kn = yaml_document_get_node(src->doc, pair->key);
        yaml_node_t *vn = yaml_document_get_node(src->doc, pair->value);
        const char *key = rs_yaml_scalar(kn);
        int rc = RS_OK;
        if (!key) return rs_yaml_fail(err, src, kn, NULL, "top-level keys must be plain names%s", "");
        located here = {*src, vn};
        if (!strcmp(key, "description") && !rs_yaml_scalar(vn))
            return rs_yaml_fail(err, src, vn, "description", "must be text%s", "");
        if (!strcmp(key, "base") || !strcmp(key, "description")) continue;
        if (!strcmp(key, "scenarios")) {
            if (vn->type != YAML_SEQUENCE_NODE)
                return rs_yaml_fail(err, src, vn, "scenarios", "must be a list of scenarios%s", "");
            extra->scenarios = here;
        } else if (!strcmp(key, "reference")) {
            extra->reference = here;
        } else if (!strcmp(key, "primary")) {
            extra->primary = here;
        } else if (!strcmp(key, "sweep")) {
            extra->sweep = here;
        } else if (!strcmp(key, "calibration")) {
            extra->calibration = here;
        } else if (is_section(key) && vn->type == YAML_MAPPING_NODE) {
            rc = apply_mapping(ld, src, vn, key, p, 1, err);
        } else if (is_section(key)) {
            rc = rs_yaml_fail(err, src, vn, key, "expected a mapping of keys%s", "");
        } else {
            rc = rs_yaml_fail(err, src, kn, key, "unknown top-level key (expected base, description, run, "
                                         "population, offending, detection, police, court, "
                                         "custody, treatment, services, economics, scenarios, reference, primary, sweep, calibration)%s", "");
        }
        if (rc) return rc;
    }
    return RS_OK;
}

/* Parse path into a document owned by the loader (freed by loader_free). */
static int keep_document(loader *ld, const char *path, const char *text, size_t len, rs_yaml_source *out, rs_error *err)
{
    if (ld->n_docs >= MAX_BASE_DEPTH + 1) return rs_error_set(err, RS_ERR_CONFIG, "%s: too many base files", path);
    char *name = malloc(strlen(path) + 1);
    yaml_document_t *doc = malloc(sizeof *doc);
    if (!name || !doc) {
        free(name);
        free(doc);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    }
    strcpy(name, path);
    int rc = rs_yaml_parse(path, text, len, doc, err);
    if (rc) {
        free(name);
        free(doc);
        return rc;
    }
    ld->docs[ld->n_docs] = doc;
    ld->paths[ld->n_docs++] = name;
    out->file = name;
    out->doc = doc;
    return RS_OK;
}

static int load_chain(const char *path, int depth, loader *ld, rs_params *p, file_extras *extra,
                      rs_error *err)
{
    char *text = NULL;
    size_t len = 0;
    rs_yaml_source src;
    int rc = rs_yaml_read_file(path, &text, &len, err);
    if (rc) return rc;
    struct stat st;
    if (ld->cfg && ld->cfg->n_files < RS_MAX_CONFIG_FILES && stat(path, &st) == 0) {
        ld->cfg->files[ld->cfg->n_files].dev = (unsigned long long)st.st_dev;
        ld->cfg->files[ld->cfg->n_files++].ino = (unsigned long long)st.st_ino;
    }
    rc = keep_document(ld, path, text, len, &src, err);
    if (rc == RS_OK && append_text(ld, path, text, len)) rc = rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    free(text);
    if (rc) return rc;
    yaml_node_t *root = yaml_document_get_root_node(src.doc);
    memset(ld->set, 0, rs_params_key_count());
    if (!root || (root->type == YAML_SCALAR_NODE && !*rs_yaml_scalar(root)))
        return rs_error_set(err, RS_ERR_CONFIG, "%s:1: config is empty", path);
    if (root->type != YAML_MAPPING_NODE)
        return rs_yaml_fail(err, &src, root, NULL, "config must be a mapping of sections (run:, population:, ...)%s", "");
    return apply_root(&src, root, depth, ld, p, extra, err);
}

static void loader_free(loader *ld)
{
    for (int k = 0; k < ld->n_docs; k++) {
        yaml_document_delete(ld->docs[k]);
        free(ld->docs[k]);
        free(ld->paths[k]);
    }
    free(ld->set);
    free(ld->ever);
    free(ld->line);
    free(ld->file);
}

/* ---------- the whole config ---------- */

static int check_complete(const char *path, const loader *ld, rs_error *err)
{
    for (size_t i = 0; i < rs_params_key_count(); i++)
        if (!ld->ever[i])
            return rs_error_set(err, RS_ERR_CONFIG,
                                "%s:1: %s: missing (every parameter must be given, with its source)",
                                path, rs_params_key(i)->path);
    return RS_OK;
}

/* The key to blame for a failed check: of the keys it involves, the one set
 * in the most derived file of the chain (the top file is parsed first, so it
 * has the lowest index): that is what the user just changed. */
static size_t blame(const loader *ld, const rs_key *bad)
{
    const rs_key *related[64];
    size_t n = rs_params_related(bad, related, 64), idx = (size_t)(bad - rs_params_key(0));
    for (size_t j = 0; j < n; j++) {
        size_t k = (size_t)(related[j] - rs_params_key(0));
        if (ld->ever[k] && ld->file[k] < ld->file[idx]) idx = k;
    }
    return idx;
}

/* A cohort too big for this machine is a config error at run.n_agents. */
static int check_memory(const loader *ld, const rs_params *p, rs_error *err)
{
    char msg[512];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (!rs_memory_check(p, 1, cores > 0 ? (int)cores : 1, msg, sizeof msg)) return RS_OK;
    size_t k = (size_t)(rs_params_key_find("run.n_agents") - rs_params_key(0));
    return rs_error_set(err, RS_ERR_CONFIG, "%s:%d: run.n_agents: %s", ld->paths[ld->file[k]], ld->line[k], msg);
}

static int validate_base(const char *path, const loader *ld, const rs_params *p, rs_error *err)
{
    const rs_key *bad = NULL;
    rs_error verr;
    if (rs_params_validate(p, &bad, &verr) == RS_OK) return RS_OK;
    if (!bad) return rs_error_set(err, RS_ERR_CONFIG, "%s:1: %s", path, verr.msg);
    size_t k = blame(ld, bad);
    const char *file = ld->file[k] >= 0 && ld->file[k] < ld->n_docs ? ld->paths[ld->file[k]] : path;
    return rs_error_set(err, RS_ERR_CONFIG, "%s:%d: %s", file, ld->line[k] ? ld->line[k] : 1, verr.msg);
}

static int build_scenarios(const located *list, const rs_params *base, rs_config *cfg, rs_error *err)
{
    const rs_yaml_source *src = &list->src;
    yaml_node_t *seq = list->node;
    size_t n = seq ? (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start) : 1;
    if (n == 0) return rs_yaml_fail(err, src, seq, "scenarios", "list is empty%s", "");
    if (n > MAX_SCENARIOS) return rs_yaml_fail(err, src, seq, "scenarios", "more than 256 scenarios%s", "");
    cfg->scenarios = calloc(n, sizeof *cfg->scenarios);
    if (!cfg->scenarios) return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    cfg->n_scenarios = (int)n;
    if (!seq) {
        snprintf(cfg->scenarios[0].name, RS_NAME_LEN, "baseline");
        cfg->scenarios[0].params = *base;
        return RS_OK;
    }
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(src->doc, seq->data.sequence.items.start[i]);
        int rc = parse_scenario(src, item, base, &cfg->scenarios[i], err);
        if (rc) return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(cfg->scenarios[j].name, cfg->scenarios[i].name))
                return rs_yaml_fail(err, src, item, "scenarios.name", "duplicate scenario name '%s'", cfg->scenarios[i].name);
    }
    return RS_OK;
}

/* Index of the scenario named by a `reference:` or `primary:` value. */
static int scenario_index(const located *at, const char *key, const rs_config *cfg, int *out, rs_error *err)
{
    const char *name = rs_yaml_scalar(at->node);
    for (int i = 0; name && i < cfg->n_scenarios; i++)
        if (!strcmp(cfg->scenarios[i].name, name)) {
            *out = i;
            return RS_OK;
        }
    return rs_yaml_fail(err, &at->src, at->node, key, "no scenario named '%s'", name ? name : "");
}

static int find_reference(const file_extras *extra, rs_config *cfg, rs_error *err)
{
    cfg->reference = 0;
    int rc = extra->reference.node ? scenario_index(&extra->reference, "reference", cfg, &cfg->reference, err) : 0;
    if (rc) return rc;
    cfg->primary = cfg->n_scenarios > 1 ? (cfg->reference == 0 ? 1 : 0) : -1;
    if (extra->primary.node) rc = scenario_index(&extra->primary, "primary", cfg, &cfg->primary, err);
    if (!rc && extra->primary.node && cfg->primary == cfg->reference)
        rc = rs_yaml_fail(err, &extra->primary.src, extra->primary.node, "primary",
                          cfg->n_scenarios > 1 ? "must differ from the reference scenario%s"
                                               : "needs at least two scenarios (a reference and a primary)%s", "");
    return rc;
}

int rs_config_load(const char *path, rs_config *cfg, rs_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    size_t nk = rs_params_key_count();
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.set = calloc(nk, 1);
    ld.ever = calloc(nk, 1);
    ld.line = calloc(nk, sizeof(int));
    ld.file = calloc(nk, sizeof(int));
    ld.text = &cfg->text;
    ld.cfg = cfg;
    rs_params base;
    memset(&base, 0, sizeof base);
    file_extras extra;
    memset(&extra, 0, sizeof extra);
    int rc = (ld.set && ld.ever && ld.line && ld.file) ? RS_OK : rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    if (rc == RS_OK) rc = load_chain(path, 0, &ld, &base, &extra, err);
    if (rc == RS_OK) rc = check_complete(path, &ld, err);
    if (rc == RS_OK) rc = validate_base(path, &ld, &base, err);
    if (rc == RS_OK) rc = check_memory(&ld, &base, err);
    if (rc == RS_OK) rc = build_scenarios(&extra.scenarios, &base, cfg, err);
    if (rc == RS_OK && extra.sweep.node) rc = rs_sweep_expand(&extra.sweep.src, extra.sweep.node, cfg, MAX_SCENARIOS, err);
    if (rc == RS_OK) rc = find_reference(&extra, cfg, err);
    if (rc == RS_OK && extra.calibration.node)
        rc = rs_config_attach_posterior(&extra.calibration.src, extra.calibration.node, &base, cfg, err);
    loader_free(&ld);
    if (rc) {
        rs_config_free(cfg);
        return rc;
    }
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    return RS_OK;
}

int rs_config_file_index(const rs_config *cfg, const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0) return -1;
    for (int i = 0; i < cfg->n_files; i++)
        if (cfg->files[i].dev == (unsigned long long)st.st_dev && cfg->files[i].ino == (unsigned long long)st.st_ino)
            return i;
    return -1;
}

void rs_config_free(rs_config *cfg)
{
    rs_posterior_free(cfg->posterior);
    free(cfg->scenarios);
    free(cfg->text);
    memset(cfg, 0, sizeof *cfg);
}

void rs_config_override_run(rs_config *cfg, int replicates, int n_agents, int years,
                            const uint64_t *seed)
{
    for (int s = 0; s < cfg->n_scenarios; s++) {
        rs_run_params *run = &cfg->scenarios[s].params.run;
        if (replicates > 0) run->replicates = replicates;
        if (n_agents > 0) run->n_agents = n_agents;
        if (years > 0) run->years = years;
        if (seed) run->seed = *seed;
    }
}
