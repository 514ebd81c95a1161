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

/* Whole file into a NUL-terminated buffer (caller frees); refuses > 16 MiB and NUL bytes. */
int rs_yaml_read_file(const char *path, char **out, size_t *len, rs_error *err);
/* Parse text into doc (caller deletes it on success). */
int rs_yaml_parse(const char *path, const char *text, size_t len, yaml_document_t *doc, rs_error *err);

/* 1-based line of a node. */
int rs_yaml_line(const yaml_node_t *n);
/* The text of a scalar node, or NULL for anything else. */
const char *rs_yaml_scalar(const yaml_node_t *n);
int rs_yaml_is_plain(const yaml_node_t *n);

/* RS_ERR_CONFIG with "file:line: key: fmt" (fmt has one %s for detail; key may be NULL). */
int rs_yaml_fail(rs_error *err, const rs_yaml_source *src, const yaml_node_t *n, const char *key,
                 const char *fmt, const char *detail);

#endif
