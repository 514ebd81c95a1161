/* reoffsim — `reoffsim merge SHARD... --out FILE`: the shards of one run
 * (`run --replicate-range A:B`, e.g. one per Slurm array task) into the
 * results file a single run with every replicate would have written. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "reoffsim/decision.h"
#include "reoffsim/economics.h"
#include "reoffsim/io_hdf5.h"
#include "reoffsim/merge.h"
#include "results_stream.h"
#include "summary.h"

/* The one piece of process-wide state, as in cli_run.c: a signal can only
 * reach the merge through a static flag (the signal number). */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

/* SIGINT, SIGTERM, SIGHUP and SIGUSR1 stop the merge at the next check
 * (before each shard file, before the output is written) instead of killing
 * it with its temporary file left behind. */
static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

/* Exit code of a merge stopped by a signal, nothing written: 130 for SIGINT
 * (Ctrl-C), else 128 + the signal (143 for SIGTERM), as a shell reports a
 * command the signal killed. Merge has nothing to checkpoint: run it again. */
static int stopped(void)
{
    int sig = (int)interrupted;
    const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "SIGUSR1";
    fprintf(stderr, "reoffsim merge: interrupted by %s; no file written (run the same merge again)\n", name);
    return sig == SIGINT ? RS_EXIT_INTERRUPTED : 128 + sig;
}

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
          "The shards' units are read a block at a time and streamed into FILE.tmp-XXXXXX, so memory does\n"
          "not grow with the number of units beyond a few scalars per unit (docs/hpc.md).\n"
          "\n"
          "signals: SIGINT, SIGTERM, SIGHUP or SIGUSR1 while the shards are read stop the merge with\n"
          "nothing written (FILE.tmp-XXXXXX removed, no FILE); once the summaries are written, it finishes.\n"
          "\n"
          "exit codes: 0 ok, 1 runtime failure, 2 usage error or unmergeable shards (mismatched,\n"
          "overlapping, missing, truncated, damaged (checksum), out-of-range values, not reoffsim, or\n"
          "an older format), 130 stopped by SIGINT, 128 + N stopped by signal N (143: SIGTERM)\n",
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

/* rs_unit_sink of the merge: each verified unit into the results file; a
 * signal stops it between units. */
static int to_stream(void *ctx, int s, int r, const rs_unit_result *res, rs_error *err)
{
    if (interrupted) return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted");
    return rs_rstream_put(ctx, s, r, res, err);
}

/* Fail with the message of rc (the stream, if open, is removed). */
static int failed(rs_rstream *st, int rc, const rs_error *err)
{
    rs_rstream_abort(st);
    if (rc == RS_ERR_INTERRUPTED) return stopped();
    fprintf(stderr, "reoffsim merge: %s\n", err->msg);
    return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
}

/* The units of the shards streamed into the results file (temporary
 * name), then the summaries, decision and tables, then the rename. */
static int write_merged(const merge_args *a, const rs_config *cfg, rs_merge *m, int point_estimates, int argc,
                        char **argv)
{
    char started[64], host[256] = "", cmd[8192];
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    gethostname(host, sizeof host - 1);
    join_args(argc, argv, cmd, sizeof cmd);
    rs_rstream *st = NULL;
    rs_error err;
    int rc = rs_rstream_open(a->out, a->force, cfg, rs_merge_total_replicates(m), 0, &st, &err);
    if (!rc) rc = rs_merge_units(m, to_stream, st, &err);
    rs_ensemble e;
    rs_economics econ;
    if (!rc) rc = rs_rstream_units_done(st, &e, &econ, &err);
    if (rc) return failed(st, rc, &err);
    /* The same decision analysis as a single run (its null-effect and
     * break-even runs are options of `run`, not of a merge). */
    rs_decision dec;
    if ((rc = rs_decision_compute(cfg, &e, &econ, point_estimates, &dec, &err))) {
        rs_economics_free(&econ);
        rs_ensemble_free(&e);
        return failed(st, rc, &err);
    }
    if (!a->quiet) {
        rs_summary_print_head(stdout, cfg, &e, &econ);
        rs_decision_print(stdout, cfg, &dec);
        rs_summary_print_details(stdout, cfg, &e, 0);
    }
    fflush(stdout);
    if (interrupted) {
        rs_economics_free(&econ);
        rs_decision_free(&dec);
        rs_ensemble_free(&e);
        return failed(st, RS_ERR_INTERRUPTED, &err);
    }
    rs_decision_extra dctx = {cfg, &dec};
    rs_run_info info = {cmd, started, host, 0.0, 0, point_estimates, rs_decision_write_extra, &dctx};
    rc = rs_rstream_close(st, cfg, &e, &econ, NULL, &info, &err);
    rs_economics_free(&econ);
    rs_decision_free(&dec);
    if (rc) {
        rs_ensemble_free(&e);
        fprintf(stderr, "reoffsim merge: %s\n", err.msg);
        return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    if (!a->quiet)
        fprintf(stderr, "wrote %s (%d shards: %d scenarios x %d replicates)\n", a->out, rs_merge_n_shards(m),
                e.n_scenarios, e.n_replicates);
    rs_ensemble_free(&e);
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
    rs_merge *m;
    rs_error err;
    int point_estimates = 0;
    catch_signals();
    rc = rs_merge_open(a.shards, a.n, &interrupted, &cfg, &point_estimates, &m, &err);
    if (rc) {
        free(a.shards);
        if (rc == RS_ERR_INTERRUPTED) return stopped();
        fprintf(stderr, "reoffsim merge: %s\n", err.msg);
        return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    /* merge loaded the shards' config and its base files: --force must not
     * replace one of them with the merged HDF5 (nothing is written yet). */
    rc = rs_cli_check_not_config("merge", "--out", a.out, &cfg);
    if (!rc) rc = write_merged(&a, &cfg, m, point_estimates, argc, argv);
    rs_merge_free(m);
    rs_config_free(&cfg);
    free(a.shards);
    return rc;
}
