/* reoffsim robustness — libFuzzer harness for the config loader: each input is written to a
 * file in a private directory (beside copies of baseline.yaml and triborough.yaml, so `base:`
 * resolves) and loaded with rs_config_load, then freed. Linked with fuzz_replay_main.c it is a
 * plain program that replays every file of the directories given as arguments (no libFuzzer). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reoffsim/config.h"

#ifndef FUZZ_CONFIG_DIR
#define FUZZ_CONFIG_DIR "configs"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char input_path[4200];

/* A broken contract: say which, then abort so libFuzzer (or the replay) reports the input. */
static void die(const char *why, const char *detail)
{
    fprintf(stderr, "fuzz_config: %s%s%s\n", why, detail ? ": " : "", detail ? detail : "");
    abort();
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    FILE *out = in ? fopen(to, "wb") : NULL;
    int ok = in && out;
    char buf[8192];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) ok = fwrite(buf, 1, n, out) == n;
    if (in) fclose(in);
    if (out && fclose(out) != 0) ok = 0;
    return ok ? 0 : -1;
}

/* The private directory: removed at exit with the files in it. */
static char dir_path[4096];

static void remove_dir(void)
{
    const char *names[] = {"input.yaml", "baseline.yaml", "triborough.yaml"};
    char path[4200];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir_path, names[i]);
        unlink(path);
    }
    rmdir(dir_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* `base: /dev/stdin` must not wait for a terminal. */
    if (!freopen("/dev/null", "r", stdin)) return 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir_path, sizeof dir_path, "%s/reoffsim-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir_path)) {
        perror("fuzz_config: mkdtemp");
        exit(1);
    }
    atexit(remove_dir);
    const char *configs = getenv("REOFFSIM_CONFIG_DIR");
    if (!configs || !*configs) configs = FUZZ_CONFIG_DIR;
    const char *names[] = {"baseline.yaml", "triborough.yaml"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char from[4200], to[4200];
        snprintf(from, sizeof from, "%s/%s", configs, names[i]);
        snprintf(to, sizeof to, "%s/%s", dir_path, names[i]);
        if (copy_file(from, to) != 0) {
            fprintf(stderr, "fuzz_config: cannot copy %s (set REOFFSIM_CONFIG_DIR)\n", from);
            exit(1);
        }
    }
    snprintf(input_path, sizeof input_path, "%s/input.yaml", dir_path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(input_path, "wb");
    if (!f) die("cannot write", input_path);
    if (size && fwrite(data, 1, size, f) != size) die("cannot write", input_path);
    if (fclose(f) != 0) die("cannot write", input_path);
    rs_config cfg;
    rs_error err;
    int rc = rs_config_load(input_path, &cfg, &err);
    if (rc == RS_OK) {
        /* The contract of config.h: at least one scenario, a valid reference, and a primary
         * that differs from it (-1 when there is a single scenario). */
        int n = cfg.n_scenarios;
        if (n < 1 || !cfg.scenarios || cfg.reference < 0 || cfg.reference >= n)
            die("loaded config has no scenarios or a bad reference index", NULL);
        if (n == 1 ? cfg.primary != -1
                   : cfg.primary < 0 || cfg.primary >= n || cfg.primary == cfg.reference)
            die("loaded config breaks the primary contract of config.h (-1 with one scenario, "
                "else a valid index other than the reference)", NULL);
        rs_config_free(&cfg);
    } else if (rc != RS_ERR_CONFIG && rc != RS_ERR_NOMEM) {
        die("unexpected error code", err.msg); /* only config errors or out of memory */
    } else if (err.msg[0] == '\0') {
        die("error without a message", NULL);
    }
    return 0;
}
