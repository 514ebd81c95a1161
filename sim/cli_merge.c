/* reoffsim — `reoffsim merge SHARD... --out FILE`: the shards of one run
 * (`run --replicate-range A:B`, e.g. one per Slurm array task) into the
 * results file a single run with every replicate would have written. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "reoffsim/economics.h"
#include "reoffsim/io_hdf5.h"
#include "reoffsim/merge.h"
#include "summary.h"

static void help(FILE *f)
{
    fputs("usage: reoffsim merge SHARD.h5... --out FILE [--force] [--quiet]\n"
          "\n"
          "Combines the shards of one run (written by `reoffsim run CONFIG --replicates N\n"
          "--replicate-range A:B`, e.g. one per Slurm array task) into FILE, which equals (h5diff,\n"
          "excluding /provenance/run) the file of a single run with all N replicates: economics,\n"
          "summaries and comparisons are recomputed from the merged work units. The shards must share\n"
          "config text, seed, agents, years, N and reoffsim build, and their ranges must cover 0..N-1\n"
          "exactly once. The config file named in the shards is read again (from the same path, so run\n"
          "merge where the shards ran, or give run an absolute config path); it must be unchanged.\n"
          "\n"
          "options:\n"
          "  --out FILE   merged results file (required); written to a temporary FILE.tmp-XXXXXX, then renamed\n"
          "  --force      overwrite FILE if it exists\n"
          "  --quiet      no tables on stdout, no 'wrote' line\n"
          "\n"
          "exit codes: 0 ok, 1 runtime failure, 2 usage error or unmergeable shards (mismatched,\n"
          "overlapping, missing, truncated, not reoffsim, or an older schema)\n",
          f);
}

typedef struct {
    const char *out;
    int force, quiet, n;
    const char **shards; /* argv entries */
} merge_args;

static int parse_args(int argc, char **argv, merge_args *a)
{
    memset(a, 0, sizeof *a);
    a->shards = calloc((size_t)argc + 1, sizeof *a->shards);
    if (!a->shards) return RS_EXIT_FAILURE;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (rs_cli_flag(argv, i, "--help") || rs_cli_flag(argv, i, "-h")) {
            help(stdout);
            return -1;
        } else if (rs_cli_flag(argv, i, "--force")) a->force = 1;
        else if (rs_cli_flag(argv, i, "--quiet")) a->quiet = 1;
        else if (rs_cli_option(argc, argv, &i, "--out", &v)) {
            if (!v || !*v) return rs_cli_usage_error("merge", "--out needs a file name");
            a->out = v;
        } else if (argv[i][0] == '-') return rs_cli_usage_error("merge", "unknown option '%s'", argv[i]);
        else a->shards[a->n++] = argv[i];
    }
    if (a->n == 0) return rs_cli_usage_error("merge", "no shard files given");
    if (!a->out) return rs_cli_usage_error("merge", "missing --out FILE");
    int rc = rs_cli_check_output("merge", "--out", a->out, a->force);
    for (int k = 0; !rc && k < a->n; k++) /* --force must not replace a shard */
        rc = rs_cli_check_not_input("merge", "--out", a->out, a->shards[k], "the shard");
    return rc;
}

static void join_args(int argc, char **argv, char *out, size_t n)
{
    size_t used = (size_t)snprintf(out, n, "reoffsim");
    for (int i = 0; i < argc && used < n; i++) used += (size_t)snprintf(out + used, n - used, " %s", argv[i]);
}

static int write_merged(const merge_args *a, const rs_config *cfg, const rs_ensemble *e, int point_estimates,
                        int argc, char **argv)
{
    char started[64], host[256] = "", cmd[8192];
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    gethostname(host, sizeof host - 1);
    join_args(argc, argv, cmd, sizeof cmd);
    rs_economics econ;
    rs_error err;
    int rc = rs_economics_compute(cfg, e, &econ, &err);
    if (rc) {
        fprintf(stderr, "reoffsim merge: %s\n", err.msg);
        return RS_EXIT_FAILURE;
    }
    if (!a->quiet) rs_summary_print(stdout, cfg, e, &econ, 0);
    fflush(stdout);
    rs_run_info info = {cmd, started, host, 0.0, 0, point_estimates, NULL, NULL};
    rc = rs_hdf5_write(a->out, a->force, cfg, e, &econ, NULL, &info, &err);
    rs_economics_free(&econ);
    if (rc) {
        fprintf(stderr, "reoffsim merge: %s\n", err.msg);
        return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    if (!a->quiet)
        fprintf(stderr, "wrote %s (%d shards: %d scenarios x %d replicates)\n", a->out, a->n, e->n_scenarios,
                e->n_replicates);
    return RS_EXIT_OK;
}

int rs_cli_merge(int argc, char **argv)
{
    merge_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc) {
        free(a.shards);
        return rc < 0 ? RS_EXIT_OK : rc;
    }
    rs_config cfg;
    rs_ensemble e;
    rs_error err;
    int point_estimates = 0;
    rc = rs_merge_shards(a.shards, a.n, &cfg, &e, &point_estimates, &err);
    if (rc) {
        fprintf(stderr, "reoffsim merge: %s\n", err.msg);
        free(a.shards);
        return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    rc = write_merged(&a, &cfg, &e, point_estimates, argc, argv);
    rs_ensemble_free(&e);
    rs_config_free(&cfg);
    free(a.shards);
    return rc;
}
