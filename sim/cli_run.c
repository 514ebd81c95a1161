/* reoffsim — `reoffsim run CONFIG`: simulate, summarise, write HDF5. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "reoffsim/sweep.h"
#include "mpi_run.h"
#include "progress.h"
#include "reoffsim/checkpoint.h"
#include "reoffsim/config.h"
#include "reoffsim/decision.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/io_hdf5.h"
#include "reoffsim/precision.h"
#include "reoffsim/tornado.h"
#include "memory_check.h"
#include "results_stream.h"
#include "summary.h"

/* The one piece of process-wide state: a signal can only reach the run
 * through a static flag (the signal number). Read by the ensemble through a
 * const pointer; the MPI driver also raises it when another rank stops. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

static void help(FILE *f)
{
    fputs("usage: reoffsim run CONFIG [options]\n"
          "\n"
          "Simulates every scenario in CONFIG over the same replicates (common random numbers),\n"
          "prints the MoJ proven-reoffending table and writes an HDF5 results file.\n"
          "\n"
          "options:\n"
          "  --out FILE        results file (default results.h5); written to FILE.tmp-XXXXXX (random),\n"
          "                    then renamed; never replaces a file that appeared meanwhile (exit 1)\n"
          "  --force           overwrite FILE if it is an existing regular file (never a link, device,\n"
          "                    FIFO, the config or one of its base files)\n"
          "  --replicates N    override run.replicates\n"
          "  --agents N        override run.n_agents\n"
          "  --years N         override run.years\n"
          "  --seed S          override run.seed (0 .. 2^64-1)\n"
          "  --threads N       OpenMP threads (default: all cores); results do not depend on it\n"
          "  --precision PP    Monte Carlo precision target: add replicates in blocks until 1.96 x the\n"
          "                    Monte Carlo standard error of the mean paired difference in proven\n"
          "                    reoffending (primary vs reference) is at most PP percentage points;\n"
          "                    replaces --replicates. It makes the average precise; it does not narrow\n"
          "                    the uncertainty interval (percentiles over replicates)\n"
          "  --block N         replicates per block with --precision (default 50)\n"
          "  --max-replicates N  stop --precision here even if not reached (default 5000)\n"
          "  --detail          the by-group MoJ table for every scenario, not just the reference\n"
          "  --point-estimates hold parameters given as distributions at their means (no PSA draws)\n"
          "  --tornado N       one-way sensitivity of the primary scenario's NPV: every uncertain\n"
          "                    parameter at its 2.5th and 97.5th percentile, N replicates per arm\n"
          "  --null-effects    also run every scenario with every service effect at none (hazard and odds\n"
          "                    ratios 1, effect probabilities 0; costs and capacity kept): the null-effect\n"
          "                    structural scenario, shown beside the main result (terminal, /decision)\n"
          "  --break-even N    effect scale at which the primary scenario's mean NPV is 0, by bisection over\n"
          "                    runs of N replicates each (about 12 runs; parameters at point values)\n"
          "  --quiet           no progress bar (it is shown only on a terminal anyway)\n"
          "  --replicate-range A:B  run only replicates A..B-1 of the --replicates N (or run.replicates)\n"
          "                    of the whole run: a shard for `reoffsim merge` (e.g. one per Slurm array\n"
          "                    task). Replicate r uses the random streams of (seed, r) whatever the split\n"
          "  --checkpoint-every S  also checkpoint FILE.ckpt (fsync the journal) every S seconds (fractions allowed;\n"
          "                    default 0: only when stopped by a signal); a kill -9 then loses at most S s\n"
          "  --resume          continue from FILE.ckpt if it exists (refused, exit 2, if it was written by\n"
          "                    another run: other config, seed, replicates, agents, years or build); start\n"
          "                    from the beginning if it does not. The result is the same file, bit for bit\n"
          "\n"
          "signals: SIGTERM or SIGUSR1 (Slurm: --signal=B:USR1@120) stop handing out work units, let the\n"
          "running ones finish, checkpoint FILE.ckpt (an append-only journal of finished units, a CRC per\n"
          "record, fsynced) and exit 75. SIGINT\n"
          "(Ctrl-C) exits 130 without results, or does the same as SIGTERM when --checkpoint-every or\n"
          "--resume is given. FILE.ckpt is removed once FILE is written; a run refuses to start over an\n"
          "existing FILE.ckpt without --resume or --force. --precision runs are not checkpointed: any of\n"
          "these signals exits 130.\n"
          "\n"
          "MPI (builds with -DREOFFSIM_MPI=ON): `mpirun -n R reoffsim run CONFIG ...` runs unit (s, r) on\n"
          "rank (s + r) mod R with --threads threads each, bit for bit the same results; rank 0 prints,\n"
          "writes and checkpoints. Stop it with SIGUSR1 to mpirun. --precision and --tornado need one rank.\n"
          "\n"
          "memory: results are streamed into FILE.tmp-XXXXXX as units finish; memory grows by about 2 KiB\n"
          "per work unit (docs/hpc.md); the last line says the run's memory estimate.\n"
          "\n"
          "exit codes: 0 ok, 1 runtime failure, 2 usage or config error, 75 stopped with a checkpoint\n"
          "(rerun with --resume), 130 interrupted (no file written)\n",
          f);
}

typedef struct {
    const char *config, *out;
    int force, quiet, detail, point_estimates;
    long tornado, break_even;
    int null_effects;
    long replicates, agents, years, threads, block, max_replicates;
    double precision_pp; /* 0: off */
    double checkpoint_every; /* seconds; 0: only on a signal */
    int resume, checkpoint_opt; /* checkpoint_opt: --checkpoint-every or --resume given */
    long range_first, range_end;  /* --replicate-range A:B; range_end 0: whole run */
    int total_replicates;         /* of the whole run (a shard runs B - A of them) */
    int has_seed;
    uint64_t seed;
} run_args;

/* --replicate-range A:B with 0 <= A < B. */
static int parse_range(const char *v, run_args *a)
{
    char first[32] = "", end[32] = "";
    const char *colon = v ? strchr(v, ':') : NULL;
    if (colon && (size_t)(colon - v) < sizeof first && strlen(colon + 1) < sizeof end) {
        memcpy(first, v, (size_t)(colon - v));
        snprintf(end, sizeof end, "%s", colon + 1);
    }
    if (!colon || rs_cli_int("--replicate-range (A)", first, 0, 10000000, &a->range_first) ||
        rs_cli_int("--replicate-range (B)", end, 1, 10000000, &a->range_end) || a->range_end <= a->range_first) {
        fprintf(stderr, "reoffsim: --replicate-range: expected A:B with 0 <= A < B, got '%s'\n", v ? v : "(nothing)");
        return 1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof *a);
    a->out = "results.h5";
    a->block = 50;
    a->max_replicates = 5000;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int bad = 0;
        if (rs_cli_flag(argv, i, "--help") || rs_cli_flag(argv, i, "-h")) {
            help(stdout);
            return -1;
        } else if (rs_cli_flag(argv, i, "--force")) a->force = 1;
        else if (rs_cli_flag(argv, i, "--quiet")) a->quiet = 1;
        else if (rs_cli_flag(argv, i, "--detail")) a->detail = 1;
        else if (rs_cli_flag(argv, i, "--point-estimates")) a->point_estimates = 1;
        else if (rs_cli_flag(argv, i, "--null-effects")) a->null_effects = 1;
        else if (rs_cli_option(argc, argv, &i, "--break-even", &v)) bad = rs_cli_int("--break-even", v, 2, 1000000, &a->break_even);
        else if (rs_cli_flag(argv, i, "--resume")) a->resume = a->checkpoint_opt = 1;
        else if (rs_cli_option(argc, argv, &i, "--replicate-range", &v)) bad = parse_range(v, a);
        else if (rs_cli_option(argc, argv, &i, "--checkpoint-every", &v)) {
            bad = rs_cli_double("--checkpoint-every", v, 0, 1e9, &a->checkpoint_every);
            a->checkpoint_opt = 1;
        }
        else if (rs_cli_option(argc, argv, &i, "--tornado", &v)) bad = rs_cli_int("--tornado", v, 2, 1000000, &a->tornado);
        else if (rs_cli_option(argc, argv, &i, "--precision", &v)) bad = rs_cli_double("--precision", v, 1e-6, 100, &a->precision_pp);
        else if (rs_cli_option(argc, argv, &i, "--block", &v)) bad = rs_cli_int("--block", v, 2, 1000000, &a->block);
        else if (rs_cli_option(argc, argv, &i, "--max-replicates", &v)) bad = rs_cli_int("--max-replicates", v, 2, 10000000, &a->max_replicates);
        else if (rs_cli_option(argc, argv, &i, "--out", &v)) {
            if (!v || !*v) return rs_cli_usage_error("run", "--out needs a file name");
            a->out = v;
        }
        else if (rs_cli_option(argc, argv, &i, "--replicates", &v)) bad = rs_cli_int("--replicates", v, 1, 10000000, &a->replicates);
        else if (rs_cli_option(argc, argv, &i, "--agents", &v)) bad = rs_cli_int("--agents", v, 1, 50000000, &a->agents);
        else if (rs_cli_option(argc, argv, &i, "--years", &v)) bad = rs_cli_int("--years", v, 1, 100, &a->years);
        else if (rs_cli_option(argc, argv, &i, "--threads", &v)) bad = rs_cli_int("--threads", v, 1, 4096, &a->threads);
        else if (rs_cli_option(argc, argv, &i, "--seed", &v)) { bad = rs_cli_u64("--seed", v, &a->seed); a->has_seed = 1; }
        else if (argv[i][0] == '-') return rs_cli_usage_error("run", "unknown option '%s'", argv[i]);
        else if (!a->config) a->config = argv[i];
        else return rs_cli_usage_error("run", "unexpected argument '%s' (one CONFIG only)", argv[i]);
        if (bad) return RS_EXIT_USAGE;
    }
    if (!a->config) return rs_cli_usage_error("run", "missing CONFIG file");
    if (a->precision_pp > 0 && a->replicates > 0)
        return rs_cli_usage_error("run", "--precision chooses the number of replicates; drop --replicates");
    if (a->range_end > 0 && (a->precision_pp > 0 || a->tornado > 0 || a->null_effects || a->break_even > 0))
        return rs_cli_usage_error("run", "--replicate-range runs a shard of a fixed run; drop --precision, --tornado, "
                                         "--null-effects and --break-even");
    if (a->precision_pp > 0 && a->checkpoint_opt)
        return rs_cli_usage_error("run", "--precision runs are not checkpointed; drop --resume and --checkpoint-every");
    if (a->precision_pp > 0 && a->block > a->max_replicates)
        return rs_cli_usage_error("run", "--block (%ld) exceeds --max-replicates (%ld)", a->block, a->max_replicates);
    return 0;
}

/* Fail before simulating if the output cannot be written. */
static int check_output(const run_args *a, const rs_config *cfg)
{
    /* A path that cannot be written fails now, not after a long simulation. */
    int rc = rs_cli_check_output("run", "--out", a->out, a->force);
    if (rc) return rc;
    rc = rs_cli_check_not_config("run", "--out", a->out, cfg); /* --force must not replace the config or a base file */
    if (rc) return rc;
    struct stat st;
    char ckpt[4096];
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", a->out);
    if (a->precision_pp <= 0 && !a->resume && !a->force && stat(ckpt, &st) == 0) {
        fprintf(stderr, "reoffsim run: %s: checkpoint of an unfinished run; continue it with --resume, or start over "
                        "with --force (or delete it)\n", ckpt);
        return RS_EXIT_USAGE;
    }
    return 0;
}

static void join_args(int argc, char **argv, char *out, size_t n)
{
    size_t used = (size_t)snprintf(out, n, "reoffsim");
    for (int i = 0; i < argc && used < n; i++) used += (size_t)snprintf(out + used, n - used, " %s", argv[i]);
}

/* Tell the user about services whose money buys nobody a place. */
static void warn_capacity(const rs_config *cfg)
{
    char notes[2048];
    for (int s = 0; s < cfg->n_scenarios; s++) {
        const rs_params *p = &cfg->scenarios[s].params;
        if (!rs_params_capacity_notes(p, p->run.years, notes, sizeof notes)) continue;
        for (char *line = strtok(notes, "\n"); line; line = strtok(NULL, "\n"))
            fprintf(stderr, "reoffsim run: warning: scenario %s: %s\n", cfg->scenarios[s].name, line);
    }
}

static int load(const run_args *a, rs_config *cfg)
{
    rs_error err;
    int rc = rs_config_load(a->config, cfg, &err);
    if (!rc) {
        rs_config_override_run(cfg, (int)a->replicates, (int)a->agents, (int)a->years, a->has_seed ? &a->seed : NULL);
        const rs_key *bad;
        for (int s = 0; !rc && s < cfg->n_scenarios; s++)
            rc = rs_params_validate(&cfg->scenarios[s].params, &bad, &err);
        if (rc) rs_config_free(cfg);
    }
    if (rc) fprintf(stderr, "%s\n", err.msg);
    char msg[512];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = a->threads > 0 ? (int)a->threads : (cores > 0 ? (int)cores : 1);
    if (!rc && rs_memory_check(&cfg->scenarios[0].params, cfg->n_scenarios, threads, msg, sizeof msg)) {
        fprintf(stderr, "reoffsim run: %s\n", msg);
        rs_config_free(cfg);
        return RS_EXIT_USAGE;
    }
    return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : (rc ? RS_EXIT_FAILURE : 0);
}

/* rs_drun_options.notice: resuming or not, and checkpoint warnings; printed
 * even with --quiet (batch logs want them). */
static void print_notice(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "reoffsim run: %s\n", msg);
}

static const char *signal_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGUSR1 ? "SIGUSR1" : "a stop on another rank";
}

static void checkpoint_options(const run_args *a, char *path, size_t n, rs_drun_options *d)
{
    snprintf(path, n, "%s.ckpt", a->out);
    memset(d, 0, sizeof *d);
    d->checkpoint_path = path;
    d->checkpoint_every = a->checkpoint_every;
    d->resume = a->resume;
    d->checkpoint_on_sigint = a->checkpoint_opt;
    d->stop = &interrupted;
    d->id = (rs_run_identity){a->total_replicates, (int)a->range_first, a->point_estimates};
    d->notice = print_notice;
}

/* Exit code of a run stopped by a signal: 75 when its work is checkpointed. */
static int stopped(const rs_drun_options *d, int checkpointed, int done, int total)
{
    if (!checkpointed) {
        fprintf(stderr, "reoffsim run: interrupted; no results written\n");
        return RS_EXIT_INTERRUPTED;
    }
    fprintf(stderr, "reoffsim run: stopped by %s; %s holds %d of %d work units; continue with --resume\n",
            signal_name((int)interrupted), d->checkpoint_path, done, total);
    return RS_EXIT_CHECKPOINTED;
}

/* Stopped after every unit was done (during --tornado): the journal holds
 * them all; a checkpoint makes it durable. */
static int stopped_after_units(const rs_drun_options *d, int n_units)
{
    rs_error err;
    int sig = (int)interrupted;
    if (!d || sig <= 0 || (sig == SIGINT && !d->checkpoint_on_sigint)) return stopped(d, 0, 0, 0);
    if (rs_ckpt_write(d->ckpt, &err)) {
        fprintf(stderr, "reoffsim run: %s\n", err.msg);
        return stopped(d, 0, 0, 0);
    }
    return stopped(d, 1, n_units, n_units);
}

/* The decision across all options, with the optional null-effect and
 * break-even runs (same options, so the same threads and stop flag). */
static int decide(const run_args *a, const rs_config *cfg, const rs_ensemble_options *opt, const rs_ensemble *e,
                  const rs_economics *econ, rs_decision *dec, rs_error *err)
{
    int rc = rs_decision_compute(cfg, e, econ, a->point_estimates, dec, err);
    if (rc) return rc;
    rs_ensemble_options quiet = *opt;
    quiet.progress = NULL;
    if (a->null_effects) rc = rs_decision_null_run(cfg, &quiet, dec, err);
    if (!rc && a->break_even > 0)
        rc = rs_break_even_run(cfg, &quiet, (int)a->break_even, rs_break_even_rival(cfg, dec), &dec->break_even, err);
    if (rc) rs_decision_free(dec);
    return rc;
}

/* A shard runs replicates [A, B) of the whole run's N (B <= N). */
static int apply_range(run_args *a, rs_config *cfg)
{
    a->total_replicates = cfg->scenarios[0].params.run.replicates;
    if (a->range_end <= 0) return 0;
    if (a->range_end > a->total_replicates)
        return rs_cli_usage_error("run", "--replicate-range %ld:%ld goes past the run's %d replicates (set --replicates N)",
                                  a->range_first, a->range_end, a->total_replicates);
    rs_config_override_run(cfg, (int)(a->range_end - a->range_first), 0, 0, NULL);
    return 0;
}

/* rs_unit_sink of the run: each finished unit into the results file. */
static int to_stream(void *ctx, int s, int r, const rs_unit_result *res, rs_error *err)
{
    return rs_rstream_put(ctx, s, r, res, err);
}

/* A --precision run (one process, in memory: its replicates grow in
 * blocks) streamed into the results file once it is done. */
static int precision_units(const run_args *a, const rs_config *cfg, const rs_ensemble_options *opt, rs_rstream **st,
                           int *reached, rs_ensemble *counts, rs_error *err)
{
    rs_precision_options popt = {a->precision_pp / 100.0, (int)a->block, (int)a->max_replicates};
    rs_ensemble e;
    int rc = rs_precision_run(cfg, opt, &popt, &e, reached, err);
    if (rc) return rc;
    rc = rs_rstream_open(a->out, a->force, cfg, e.n_replicates, 0, st, err);
    for (int r = 0; !rc && r < e.n_replicates; r++)
        for (int s = 0; !rc && s < e.n_scenarios; s++) rc = rs_rstream_put(*st, s, r, rs_ensemble_unit(&e, s, r), err);
    if (!rc) *counts = (rs_ensemble){.events = e.events, .wall_seconds = e.wall_seconds, .threads = e.threads};
    rs_ensemble_free(&e);
    return rc;
}

/* Rank 0's results file and journal for rs_drun (a shard's file also keeps
 * its raw units for merge). */
static int open_outputs(const run_args *a, const rs_config *cfg, rs_drun_options *d, rs_rstream **st, rs_error *err)
{
    int rc = rs_rstream_open(a->out, a->force, cfg, cfg->scenarios[0].params.run.replicates, (int)a->range_first, st, err);
    if (!rc && a->range_end > 0) rc = rs_rstream_keep_units(*st, cfg, &d->id, err);
    if (!rc) rc = rs_ckpt_create(cfg, &d->id, d->checkpoint_path, d->checkpoint_every, &d->ckpt, err);
    d->sink = to_stream;
    d->sink_ctx = *st;
    return rc;
}

/* Exit code for rc, with its message. */
static int fail(int rc, const rs_error *err)
{
    fprintf(stderr, "reoffsim run: %s\n", err->msg);
    return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
}

static void print_tables(const run_args *a, const rs_config *cfg, const rs_ensemble *e, const rs_economics *econ,
                         const rs_decision *dec, const rs_tornado *tornado, int reached)
{
    rs_summary_print_head(stdout, cfg, e, econ);
    rs_decision_print(stdout, cfg, dec);
    rs_summary_print_details(stdout, cfg, e, a->detail);
    rs_sweep_print(stdout, cfg, e, econ);
    if (tornado) rs_summary_print_tornado(stdout, cfg, tornado);
    if (a->precision_pp > 0)
        printf("\nMonte Carlo precision: 1.96 x MCSE of the mean difference %s vs %s = %.3f pp with %d replicates "
               "(target %.3f pp: %s)\n",
               cfg->scenarios[cfg->primary].name, cfg->scenarios[cfg->reference].name,
               100 * rs_precision_half_width(cfg, e), e->n_replicates, a->precision_pp,
               reached ? "reached" : "NOT reached; raise --max-replicates");
    fflush(stdout);
}

/* After the units: economics (streamed), tornado, decision, the terminal
 * tables, then the summary groups and the rename. */
static int finish_run(const run_args *a, const rs_config *cfg, const rs_ensemble_options *opt, const rs_drun_options *d,
                      rs_rstream *st, const rs_ensemble *counts, int reached, const rs_run_info *base)
{
    rs_ensemble e;
    rs_economics econ;
    rs_tornado tornado;
    rs_decision dec;
    rs_error err;
    int rc = rs_rstream_units_done(st, &e, &econ, &err);
    if (rc) {
        rs_rstream_abort(st);
        return fail(rc, &err);
    }
    e.events = counts->events;
    e.wall_seconds = counts->wall_seconds;
    e.threads = counts->threads;
    int n_units = e.n_scenarios * e.n_replicates, has_tornado = 0, has_dec = 0;
    if (a->tornado > 0) has_tornado = !(rc = rs_tornado_run(cfg, opt, (int)a->tornado, &tornado, &err));
    if (!rc) has_dec = !(rc = decide(a, cfg, opt, &e, &econ, &dec, &err));
    if (!rc) {
        print_tables(a, cfg, &e, &econ, &dec, has_tornado ? &tornado : NULL, reached);
        rs_run_info info = *base;
        rs_decision_extra dctx = {cfg, &dec};
        if (a->range_end <= 0) info.extra = rs_decision_write_extra, info.extra_ctx = &dctx;
        rc = rs_rstream_close(st, cfg, &e, &econ, has_tornado ? &tornado : NULL, &info, &err);
        st = NULL;
    }
    int code = RS_EXIT_OK;
    if (rc == RS_ERR_INTERRUPTED) code = stopped_after_units(d, n_units);
    else if (rc) code = fail(rc, &err);
    rs_rstream_abort(st);
    if (!rc && d && rs_ckpt_remove(d->checkpoint_path, &err)) fprintf(stderr, "reoffsim run: warning: %s\n", err.msg);
    if (!rc && !a->quiet)
        fprintf(stderr, "wrote %s (%llu events in %.2f s, %.1f M events/s, %d threads; memory estimate %.0f MiB)\n",
                a->out, (unsigned long long)e.events, e.wall_seconds,
                e.wall_seconds > 0 ? e.events / e.wall_seconds / 1e6 : 0.0, e.threads,
                rs_memory_needed(&cfg->scenarios[0].params, cfg->n_scenarios, e.threads) / (1 << 20));
    if (has_dec) rs_decision_free(&dec);
    rs_economics_free(&econ);
    rs_ensemble_free(&e);
    return code;
}

static int simulate_and_write(const run_args *a, rs_config *cfg, int argc, char **argv, rs_mpi *mpi)
{
    char started[64], host[256] = "", cmd[8192], ckpt[4096];
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    gethostname(host, sizeof host - 1);
    join_args(argc, argv, cmd, sizeof cmd);
    rs_progress prog;
    rs_progress_init(&prog, a->quiet, cfg->n_scenarios);
    rs_ensemble_options opt = {(int)a->threads, rs_progress_update, &prog, &interrupted, a->point_estimates};
    rs_ensemble counts = {0};
    rs_rstream *st = NULL;
    rs_error err;
    rs_drun_options dopt;
    rs_drun_report rep = {0};
    int rc, reached = 0;
    const rs_drun_options *d = NULL;
    if (a->precision_pp > 0) {
        rc = precision_units(a, cfg, &opt, &st, &reached, &counts, &err);
    } else {
        checkpoint_options(a, ckpt, sizeof ckpt, &dopt);
        d = &dopt;
        rc = mpi->rank == 0 ? open_outputs(a, cfg, &dopt, &st, &err) : RS_OK;
        int all = rs_mpi_agree(mpi, rc);
        if (!rc && all) rc = rs_error_set(&err, all, "another MPI rank could not start");
        if (!rc) rc = rs_drun(mpi, cfg, &opt, &dopt, &counts, &rep, &err);
        if (mpi->rank > 0) return rc ? RS_EXIT_FAILURE : RS_EXIT_OK; /* rank 0 reports and decides */
    }
    rs_progress_finish(&prog);
    int code;
    if (rc == RS_ERR_INTERRUPTED) code = d ? stopped(d, rep.checkpointed, rep.done, rep.total) : stopped(d, 0, 0, 0);
    else if (rc) code = fail(rc, &err);
    else {
        rs_run_info info = {cmd, started, host, a->precision_pp > 0 ? a->precision_pp / 100.0 : 0.0, reached,
                            a->point_estimates, NULL, NULL};
        code = finish_run(a, cfg, &opt, d, st, &counts, reached, &info);
        st = NULL;
    }
    rs_rstream_abort(st);
    if (d) rs_ckpt_free(dopt.ckpt);
    return code;
}

/* Everything but MPI start and finish; every rank runs it. */
static int run_command(rs_mpi *mpi, int argc, char **argv)
{
    run_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc) return rc < 0 ? RS_EXIT_OK : rc;
    rs_config cfg;
    int loaded = !(rc = load(&a, &cfg));
    if (!rc) rc = apply_range(&a, &cfg);
    if (!rc && mpi->rank == 0) rc = check_output(&a, &cfg);
    if (!rc && mpi->size > 1 && (a.precision_pp > 0 || a.tornado > 0))
        rc = rs_cli_usage_error("run", "--precision and --tornado run in one process; drop them or use one MPI rank");
    int all = rs_mpi_agree(mpi, rc), root_rc = rc;
    rs_mpi_bcast(mpi, &root_rc, sizeof root_rc);
    if (all && !root_rc) { /* rank 0 started but another did not: say why there */
        if (rc) rs_mpi_say(mpi, "could not start (exit code %d)", rc);
        else if (mpi->rank == 0)
            fprintf(stderr, "reoffsim run: another MPI rank could not start (config or output not visible on its node?)\n");
        rc = all;
    } else if (all) {
        rc = all;
    }
    if (rc) {
        if (loaded) rs_config_free(&cfg);
        return rc;
    }
    if (mpi->rank == 0) warn_capacity(&cfg);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    rc = simulate_and_write(&a, &cfg, argc, argv, mpi);
    rs_config_free(&cfg);
    return rc;
}

int rs_cli_run(int argc, char **argv)
{
    rs_mpi mpi;
    rs_error err;
    if (rs_mpi_init(&mpi, &argc, &argv, &err)) {
        fprintf(stderr, "reoffsim run: %s\n", err.msg);
        return RS_EXIT_FAILURE;
    }
    return rs_mpi_finish(&mpi, run_command(&mpi, argc, argv));
}
