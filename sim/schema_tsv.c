/* reoffsim_schema — print the config schema (params_schema.c) as TSV, one key
 * a line: path, type, min, max, share group ("-" if none). The input of
 * scripts/config_doc, which renders docs/config.md; the schema table stays
 * the single source of truth for keys, types and ranges. */
#include <stdio.h>

#include "reoffsim/params.h"

static const char *type_name(rs_key_type t)
{
    switch (t) {
    case RS_KEY_DOUBLE: return "number";
    case RS_KEY_INT: return "integer";
    case RS_KEY_U64: return "unsigned 64-bit integer";
    case RS_KEY_BOOL: return "boolean";
    }
    return "?";
}

int main(void)
{
    printf("path\ttype\tmin\tmax\tgroup\n");
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        printf("%s\t%s\t%.17g\t%.17g\t%s\n", k->path, type_name(k->type), k->min, k->max, k->group ? k->group : "-");
    }
    return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
