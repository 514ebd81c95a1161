/* reoffsim — reading YAML files for the config loaders: the whole file with
 * size and text checks (regular files only), libyaml's document API behind a
 * structural pre-pass (one document, nesting depth), no NUL inside a key or
 * value, duplicate keys, and
 * file:line: key messages that quote file content only as short, escaped
 * excerpts. */
#define _POSIX_C_SOURCE 200809L
#include "yaml_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regular_file.h"
#include "safe_text.h"

#define MAX_CONFIG_BYTES (16u << 20)
#define MAX_DEPTH 64        /* nested mappings/lists; deeper input is refused */
#define VALUE_EXCERPT 32    /* characters of a quoted value in a message */
#define KEY_EXCERPT 64      /* characters of a key name in a message */

int rs_yaml_line(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }

/* A key for a message: its leading plain-name part (letters, digits, _ . - +,
 * at most KEY_EXCERPT characters), "..." if anything follows. Keys come from
 * the file, which may be any file (base: /etc/shadow): nothing else is shown. */
static const char *key_excerpt(const char *key, char *out, size_t n)
{
    size_t i = 0;
    while (key[i] && i < KEY_EXCERPT && i + 4 < n && (strchr("_.-+", key[i]) || (key[i] >= 'a' && key[i] <= 'z') ||
                                                     (key[i] >= 'A' && key[i] <= 'Z') || (key[i] >= '0' && key[i] <= '9')))
        i++;
    if (i == 0) return key[0] ? "(a key that is not a plain name)" : "(empty key)";
    snprintf(out, n, "%.*s%s", (int)i, key, key[i] ? "..." : "");
    return out;
}

int rs_yaml_fail(rs_error *err, const rs_yaml_source *src, const yaml_node_t *n, const char *key,
                 const char *fmt, const char *detail)
{
    char msg[RS_ERROR_LEN], shown[256], kbuf[KEY_EXCERPT + 8];
    /* fmt "%s": detail is a composed message; otherwise it is a value from the file. */
    if (detail && strcmp(fmt, "%s") != 0) detail = rs_text_excerpt(detail, VALUE_EXCERPT, shown, sizeof shown);
    snprintf(msg, sizeof msg, fmt, detail ? detail : "");
    if (key) key = key_excerpt(key, kbuf, sizeof kbuf);
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
    /* stat before open: a FIFO or device is never opened (it could block or
     * have side effects); O_NONBLOCK in case one replaced the file since. */
    char why[256];
    if (rs_regular_file_check(path, why, sizeof why)) return rs_error_set(err, RS_ERR_CONFIG, "%s: %s", path, why);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return rs_error_set(err, RS_ERR_CONFIG, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return rs_error_set(err, RS_ERR_CONFIG, "%s: not a regular file", path);
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return rs_error_set(err, RS_ERR_NOMEM, "%s: out of memory", path);
    }
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

static int syntax_error(const char *path, const yaml_parser_t *parser, rs_error *err)
{
    return rs_error_set(err, RS_ERR_CONFIG, "%s:%zu: YAML syntax error: %s%s%s", path, parser->problem_mark.line + 1,
                        parser->problem ? parser->problem : "unknown", parser->context ? " " : "",
                        parser->context ? parser->context : "");
}

/* Walk the events once before building the document: refuse nesting deeper
 * than MAX_DEPTH (libyaml's time grows with the square of the depth) and a
 * second document (`---`, or text after `...`), which yaml_parser_load would
 * silently ignore. */
static int check_structure(const char *path, const char *text, size_t len, rs_error *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return rs_error_set(err, RS_ERR_NOMEM, "yaml init failed");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int depth = 0, docs = 0, rc = RS_OK, done = 0, ended = 0;
    while (!rc && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            if (ended) /* libyaml: "did not find expected <document start>" */
                rc = rs_error_set(err, RS_ERR_CONFIG, "%s:%zu: text after the end of the document ('...'): "
                                  "a config is a single document", path, parser.problem_mark.line + 1);
            else
                rc = syntax_error(path, &parser, err);
            break;
        }
        ended = ev.type == YAML_DOCUMENT_END_EVENT;
        size_t line = ev.start_mark.line + 1;
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > MAX_DEPTH)
                rc = rs_error_set(err, RS_ERR_CONFIG, "%s:%zu: nested more than %d levels deep", path, line, MAX_DEPTH);
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        } else if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
            rc = rs_error_set(err, RS_ERR_CONFIG, "%s:%zu: a second YAML document ('---', or text after '...'): "
                              "a config is a single document", path, line);
        } else if (ev.type == YAML_STREAM_END_EVENT) {
            done = 1;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc;
}

/* A "\0" escape in a double-quoted scalar gives libyaml a value whose
 * length exceeds its strlen; every reader would see it cut at the NUL
 * ("remand_probability\0IGNORED" as remand_probability, a base file name
 * with junk after it). Refuse any such key or value, naming its line. */
static int check_no_nul(const char *path, yaml_document_t *doc, rs_error *err)
{
    for (yaml_node_t *n = doc->nodes.start; n < doc->nodes.top; n++)
        if (n->type == YAML_SCALAR_NODE && strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
            return rs_error_set(err, RS_ERR_CONFIG, "%s:%d: a key or value contains a NUL character (a \\0 escape); "
                                "refused, as it would be cut there", path, rs_yaml_line(n));
    return RS_OK;
}

int rs_yaml_parse(const char *path, const char *text, size_t len, yaml_document_t *doc,
                      rs_error *err)
{
    int rc = check_structure(path, text, len, err);
    if (rc) return rc;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return rs_error_set(err, RS_ERR_NOMEM, "yaml init failed");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&parser, doc);
    if (!ok) syntax_error(path, &parser, err);
    yaml_parser_delete(&parser);
    if (!ok) return RS_ERR_CONFIG;
    if ((rc = check_no_nul(path, doc, err))) yaml_document_delete(doc);
    return rc;
}

/* ---------- duplicate keys ---------- */

typedef struct {
    const char *key;
    size_t index;
} key_at;

static int by_key_then_index(const void *a, const void *b)
{
    const key_at *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

int rs_yaml_check_duplicates(const rs_yaml_source *src, yaml_node_t *map, const char *prefix, rs_error *err)
{
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start), m = 0;
    if (n < 2) return RS_OK;
    key_at *keys = malloc(n * sizeof *keys);
    if (!keys) return rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *k = rs_yaml_scalar(yaml_document_get_node(src->doc, map->data.mapping.pairs.start[i].key));
        if (k) keys[m++] = (key_at){k, i};
    }
    /* Sorted by name, then position: the second of each run of equal names is
     * a repeat; report the earliest repeat in the file, as a linear scan would. */
    qsort(keys, m, sizeof *keys, by_key_then_index);
    size_t first_repeat = n;
    for (size_t i = 1; i < m; i++)
        if (!strcmp(keys[i].key, keys[i - 1].key) && (i < 2 || strcmp(keys[i - 1].key, keys[i - 2].key)) &&
            keys[i].index < first_repeat)
            first_repeat = keys[i].index;
    free(keys);
    if (first_repeat == n) return RS_OK;
    yaml_node_t *kn = yaml_document_get_node(src->doc, map->data.mapping.pairs.start[first_repeat].key);
    const char *name = rs_yaml_scalar(kn);
    char path[512];
    snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", name);
    return rs_yaml_fail(err, src, kn, path, "given twice%s", "");
}
