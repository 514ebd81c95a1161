/* reoffsim — helpers shared by the YAML loaders (config.c, calibration
 * spec): read and parse a file, reach scalars, and report problems as
 * "file:line: key: message" (exit code 2 material). */
#ifndef REOFFSIM_YAML_FILE_H
#define REOFFSIM_YAML_FILE_H

#include <stddef.h>
#include <yaml.h>

#include "reoffsim/error.h"

/* A parsed file: its name (for messages) and document. */
typedef struct {
    const char *file;
    yaml_document_t *doc;
} rs_yaml_source;

/* Whole file into a NUL-terminated buffer (caller frees); refuses anything
 * but a regular file (never opens a FIFO or device), > 16 MiB and NUL bytes. */
int rs_yaml_read_file(const char *path, char **out, size_t *len, rs_error *err);
/* Parse text into doc (caller deletes it on success). Refuses a second
 * document, nesting deeper than 64 levels, and a key or value holding a NUL
 * character (a "\0" escape in a double-quoted scalar). */
int rs_yaml_parse(const char *path, const char *text, size_t len, yaml_document_t *doc, rs_error *err);

/* 1-based line of a node. */
int rs_yaml_line(const yaml_node_t *n);
/* The text of a scalar node, or NULL for anything else. */
const char *rs_yaml_scalar(const yaml_node_t *n);
int rs_yaml_is_plain(const yaml_node_t *n);

/* RS_ERR_CONFIG "file:line: prefix.key: given twice" for the first repeated
 * key of a mapping (O(n log n): a file may hold 100k keys). */
int rs_yaml_check_duplicates(const rs_yaml_source *src, yaml_node_t *map, const char *prefix, rs_error *err);

/* RS_ERR_CONFIG with "file:line: key: fmt" (fmt has one %s for detail; key may be NULL).
 * File content is quoted only as excerpts: key's leading plain-name part, and
 * detail cut to 32 characters unless fmt is exactly "%s" (a composed message). */
int rs_yaml_fail(rs_error *err, const rs_yaml_source *src, const yaml_node_t *n, const char *key,
                 const char *fmt, const char *detail);

#endif
