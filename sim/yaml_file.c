/* reoffsim — reading YAML files for the config loaders: the whole file with
 * size and text checks, libyaml's document API, and file:line: key messages. */
#include "yaml_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONFIG_BYTES (16u << 20)

int rs_yaml_line(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }

int rs_yaml_fail(rs_error *err, const rs_yaml_source *src, const yaml_node_t *n, const char *key,
                 const char *fmt, const char *detail)
{
    char msg[RS_ERROR_LEN];
    snprintf(msg, sizeof msg, fmt, detail ? detail : "");
    if (key)
        return rs_error_set(err, RS_ERR_CONFIG, "%s:%d: %s: %s", src->file, n ? rs_yaml_line(n) : 1,
                            key, msg);
    return rs_error_set(err, RS_ERR_CONFIG, "%s:%d: %s", src->file, n ? rs_yaml_line(n) : 1, msg);
}

const char *rs_yaml_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

int rs_yaml_is_plain(const yaml_node_t *n) { return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE; }

/* ---------- reading the file ---------- */

int rs_yaml_read_file(const char *path, char **out, size_t *len, rs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return rs_error_set(err, RS_ERR_CONFIG, "%s: cannot open: %s", path, strerror(errno));
    char *buf = malloc(MAX_CONFIG_BYTES + 1);
    if (!buf) {
        fclose(f);
        return rs_error_set(err, RS_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t n = fread(buf, 1, MAX_CONFIG_BYTES + 1, f);
    int read_error = ferror(f);
    fclose(f);
    if (read_error) {
        free(buf);
        return rs_error_set(err, RS_ERR_CONFIG, "%s: read error", path);
    }
    if (n > MAX_CONFIG_BYTES) {
        free(buf);
        return rs_error_set(err, RS_ERR_CONFIG, "%s:1: config larger than %u MiB", path,
                            MAX_CONFIG_BYTES >> 20);
    }
    if (memchr(buf, '\0', n)) {
        free(buf);
        return rs_error_set(err, RS_ERR_CONFIG, "%s:1: not a text file (contains NUL bytes)", path);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return RS_OK;
}

int rs_yaml_parse(const char *path, const char *text, size_t len, yaml_document_t *doc,
                      rs_error *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return rs_error_set(err, RS_ERR_NOMEM, "yaml init failed");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&parser, doc);
    if (!ok) {
        rs_error_set(err, RS_ERR_CONFIG, "%s:%zu: YAML syntax error: %s%s%s", path,
                     parser.problem_mark.line + 1, parser.problem ? parser.problem : "unknown",
                     parser.context ? " " : "", parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    return ok ? RS_OK : RS_ERR_CONFIG;
}

