/* reoffsim tests — shared helpers (test_support.h). */
#define _POSIX_C_SOURCE 200809L
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
