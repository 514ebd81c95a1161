/* reoffsim tests — shared helpers (test_support.h). */
#define _POSIX_C_SOURCE 200809L
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static const char *source_dir(void)
{
    const char *d = getenv("REOFFSIM_SOURCE_DIR");
    return d ? d : ".";
}

const char *ts_config_path(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/configs/%s", source_dir(), name);
    return buf;
}

const char *ts_write_config(const char *text, char *buf, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, len, "%s/reoffsim-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(buf);
    if (fd < 0) return NULL;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) {
        close(fd);
        return NULL;
    }
    close(fd);
    return buf;
}

int ts_load_baseline(rs_config *cfg, int agents, int replicates, int years)
{
    char path[1024];
    rs_error err;
    int rc = rs_config_load(ts_config_path("baseline.yaml", path, sizeof path), cfg, &err);
    if (rc) {
        fprintf(stderr, "%s\n", err.msg);
        return rc;
    }
    rs_config_override_run(cfg, replicates, agents, years, NULL);
    return 0;
}

ts_units *ts_units_create(const char *config, int agents, int years)
{
    ts_units *f = calloc(1, sizeof *f);
    char path[1024];
    rs_error err;
    if (!f || years > TS_MAX_YEARS) {
        free(f);
        return NULL;
    }
    if (rs_config_load(ts_config_path(config, path, sizeof path), &f->cfg, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        free(f);
        return NULL;
    }
    rs_config_override_run(&f->cfg, 1, agents, years, NULL);
    f->ws = rs_workspace_create();
    for (int i = 0; i < 2; i++) {
        f->res[i].year = f->year[i];
        f->res[i].years = years;
    }
    return f;
}

void ts_units_free(ts_units *f)
{
    if (!f) return;
    rs_workspace_free(f->ws);
    rs_config_free(&f->cfg);
    free(f);
}

const rs_unit_result *ts_units_run(ts_units *f, const rs_params *p, uint32_t replicate, int slot)
{
    rs_error err;
    if (rs_engine_run(p, replicate, f->ws, &f->res[slot], &err)) fail_msg("%s", err.msg);
    return &f->res[slot];
}

int ts_units_teardown(void **state)
{
    ts_units_free(*state);
    return 0;
}
