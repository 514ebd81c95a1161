/* reoffsim — write the calibrated config: the model config's text with each
 * free parameter's line given its fitted value and a comment saying what it
 * was fitted to, when, with which seed, and what it was before. Every other
 * line (and so every other source comment) is kept as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reoffsim/calibration.h"
#include "yaml_file.h"

/* The value node of dotted key `path` (nested mappings or dotted keys). */
static yaml_node_t *find(yaml_document_t *doc, yaml_node_t *map, const char *path)
{
    if (!map || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top; pr++) {
        const char *k = rs_yaml_scalar(yaml_document_get_node(doc, pr->key));
        if (!k) continue;
        size_t n = strlen(k);
        yaml_node_t *v = yaml_document_get_node(doc, pr->value);
        if (!strcmp(k, path)) return v;
        if (!strncmp(k, path, n) && path[n] == '.') {
            yaml_node_t *found = find(doc, v, path + n + 1);
            if (found) return found;
        }
    }
    return NULL;
}

/* Start of line `line` (0-based) in text, or NULL. */
static const char *line_start(const char *text, size_t line)
{
    const char *s = text;
    for (size_t k = 0; k < line && s; k++) {
        s = strchr(s, '\n');
        if (s) s++;
    }
    return s;
}

static void target_names(const rs_calib_spec *spec, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < spec->n_targets && used < len; k++)
        if (spec->targets[k].weight > 0)
            used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "+" : "", spec->targets[k].name);
}

/* Replace one line; *text is reallocated. */
static int replace_line(char **text, const char *at, const char *end, const char *with)
{
    size_t head = (size_t)(at - *text), tail = strlen(end), mid = strlen(with);
    char *out = malloc(head + mid + tail + 1);
    if (!out) return RS_ERR_NOMEM;
    memcpy(out, *text, head);
    memcpy(out + head, with, mid);
    memcpy(out + head + mid, end, tail + 1);
    free(*text);
    *text = out;
    return RS_OK;
}

static int rewrite_key(const rs_calib_spec *spec, yaml_document_t *doc, char **text, uint32_t key, double value,
                       const char *stamp, rs_error *err)
{
    const char *path = rs_params_key(key)->path;
    yaml_node_t *v = find(doc, yaml_document_get_root_node(doc), path);
    rs_yaml_source src = {spec->config, doc};
    if (!v) return rs_error_set(err, RS_ERR_CONFIG, "%s: %s is not set in this file (it may come from a base file)", spec->config, path);
    if (v->type != YAML_SCALAR_NODE || !rs_yaml_is_plain(v))
        return rs_yaml_fail(err, &src, v, path, "only a plain number can be calibrated%s", "");
    const char *at = line_start(*text, v->start_mark.line);
    const char *eol = at ? strchr(at, '\n') : NULL;
    if (!at) return rs_error_set(err, RS_ERR_IO, "%s: line %zu not found", spec->config, v->start_mark.line + 1);
    if (!eol) eol = at + strlen(at);
    const char *comment = memchr(at, '#', (size_t)(eol - at));
    char old_comment[512] = "", was[64];
    snprintf(was, sizeof was, "%s", (const char *)v->data.scalar.value);
    if (comment) {
        size_t n = (size_t)(eol - comment - 1);
        snprintf(old_comment, sizeof old_comment, "%.*s", (int)n, comment + 1);
    }
    /* Recalibrating: keep the value before the first calibration and its source comment. */
    const char *prev = strstr(old_comment, "; was ");
    if (!strncmp(old_comment, " calibrated:", 12) && prev) {
        const char *end = strchr(prev + 6, ';');
        if (end) {
            snprintf(was, sizeof was, "%.*s", (int)(end - prev - 6), prev + 6);
            memmove(old_comment, end + 1, strlen(end + 1) + 1);
        }
    }
    char line[1400];
    snprintf(line, sizeof line, "%.*s%.6g  # calibrated: %s; was %s;%s", (int)v->start_mark.column, at, value, stamp,
             was, old_comment);
    return replace_line(text, at, eol, line) ? rs_error_set(err, RS_ERR_NOMEM, "out of memory") : RS_OK;
}

int rs_calib_rewrite(const rs_calib_spec *spec, const rs_params *fitted, const char *date, char **text,
                     rs_error *err)
{
    size_t len = 0;
    *text = NULL;
    int rc = rs_yaml_read_file(spec->config, text, &len, err);
    if (rc) return rc;
    char names[600], stamp[800];
    target_names(spec, names, sizeof names);
    snprintf(stamp, sizeof stamp, "%s, %s, seed %llu", names, date, (unsigned long long)spec->seed);
    for (int k = 0; !rc && k < spec->n_free; k++) {
        /* Re-parse after each edit: line positions shift only within the line. */
        yaml_document_t doc;
        rc = rs_yaml_parse(spec->config, *text, strlen(*text), &doc, err);
        if (rc) break;
        const rs_key *key = rs_params_key(spec->free[k].key);
        rc = rewrite_key(spec, &doc, text, spec->free[k].key, rs_params_get(fitted, key), stamp, err);
        yaml_document_delete(&doc);
    }
    if (rc) {
        free(*text);
        *text = NULL;
    }
    return rc;
}
