/* reoffsim — `reoffsim run CONFIG`: simulate, summarise, write HDF5. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"
#include "reoffsim/config.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/io_hdf5.h"
#include "reoffsim/precision.h"
#include "reoffsim/tornado.h"
#include "summary.h"

/* The one piece of process-wide state: a signal can only reach the run
 * through a static flag. Read by the ensemble through a const pointer. */
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
          "  --out FILE        results file (default results.h5); written to FILE.tmp-PID, then renamed\n"
          "  --force           overwrite FILE if it exists\n"
          "  --replicates N    override run.replicates\n"
          "  --agents N        override run.n_agents\n"
          "  --years N         override run.years\n"
          "  --seed S          override run.seed (0 .. 2^64-1)\n"
          "  --threads N       OpenMP threads (default: all cores); results do not depend on it\n"
          "  --precision PP    add replicates in blocks until the 95%% CI half-width of the primary\n"
          "                    scenario's paired difference in proven reoffending (vs the reference) is\n"
          "                    at most PP percentage points; replaces --replicates\n"
          "  --block N         replicates per block with --precision (default 50)\n"
          "  --max-replicates N  stop --precision here even if not reached (default 5000)\n"
          "  --detail          the by-group MoJ table for every scenario, not just the reference\n"
          "  --point-estimates hold parameters given as distributions at their means (no PSA draws)\n"
          "  --tornado N       one-way sensitivity of the primary scenario's NPV: every uncertain\n"
          "                    parameter at its 2.5th and 97.5th percentile, N replicates per arm\n"
          "  --quiet           no progress bar (it is shown only on a terminal anyway)\n"
          "\n"
          "exit codes: 0 ok, 1 runtime failure, 2 usage or config error, 130 interrupted (no file written)\n",
          f);
}

typedef struct {
    const char *config, *out;
    int force, quiet, detail, point_estimates;
    long tornado;
    long replicates, agents, years, threads, block, max_replicates;
    double precision_pp; /* 0: off */
    int has_seed;
    uint64_t seed;
} run_args;

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
        else if (rs_cli_option(argc, argv, &i, "--tornado", &v)) bad = rs_cli_int("--tornado", v, 2, 1000000, &a->tornado);
        else if (rs_cli_option(argc, argv, &i, "--precision", &v)) bad = rs_cli_double("--precision", v, 1e-6, 100, &a->precision_pp);
        else if (rs_cli_option(argc, argv, &i, "--block", &v)) bad = rs_cli_int("--block", v, 2, 1000000, &a->block);
        else if (rs_cli_option(argc, argv, &i, "--max-replicates", &v)) bad = rs_cli_int("--max-replicates", v, 2, 10000000, &a->max_replicates);
        else if (rs_cli_option(argc, argv, &i, "--out", &v)) { bad = !v || !*v; a->out = v; }
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
    if (a->precision_pp > 0 && a->block > a->max_replicates)
        return rs_cli_usage_error("run", "--block (%ld) exceeds --max-replicates (%ld)", a->block, a->max_replicates);
    return 0;
}

/* Fail before simulating if the output cannot be written. */
static int check_output(const run_args *a)
{
    struct stat st;
    if (stat(a->out, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "reoffsim run: --out %s: is a directory\n", a->out);
            return RS_EXIT_USAGE;
        }
        if (!a->force) {
            fprintf(stderr, "reoffsim run: --out %s: already exists (use --force to overwrite)\n", a->out);
            return RS_EXIT_USAGE;
        }
    }
    /* Probe: create (and remove) the temporary the writer will use, so a path
     * that cannot be written fails now, not after a long simulation. */
    char tmp[4096];
    rs_hdf5_temp_name(a->out, tmp, sizeof tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        fprintf(stderr, "reoffsim run: --out %s: cannot create a file there: %s\n", a->out, strerror(errno));
        return RS_EXIT_FAILURE;
    }
    close(fd);
    unlink(tmp);
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
    return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : (rc ? RS_EXIT_FAILURE : 0);
}

static int simulate_and_write(const run_args *a, rs_config *cfg, int argc, char **argv)
{
    char started[64], host[256] = "", cmd[8192];
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    gethostname(host, sizeof host - 1);
    join_args(argc, argv, cmd, sizeof cmd);
    rs_progress prog;
    rs_progress_init(&prog, a->quiet, cfg->n_scenarios);
    rs_ensemble_options opt = {.threads = (int)a->threads, .progress = rs_progress_update, .progress_ctx = &prog,
                               .cancel = &interrupted, .point_estimates = a->point_estimates};
    rs_ensemble e;
    rs_error err;
    int rc, reached = 0;
    if (a->precision_pp > 0) {
        rs_precision_options popt = {a->precision_pp / 100.0, (int)a->block, (int)a->max_replicates};
        rc = rs_precision_run(cfg, &opt, &popt, &e, &reached, &err);
    } else {
        rc = rs_ensemble_run(cfg, &opt, &e, &err);
    }
    rs_progress_finish(&prog);
    if (rc == RS_ERR_INTERRUPTED) {
        fprintf(stderr, "reoffsim run: interrupted; no results written\n");
        return RS_EXIT_INTERRUPTED;
    }
    if (rc) {
        fprintf(stderr, "reoffsim run: %s\n", err.msg);
        return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    rs_economics econ;
    rs_tornado tornado;
    if (!(rc = rs_economics_compute(cfg, &e, &econ, &err)) && a->tornado > 0) {
        if ((rc = rs_tornado_run(cfg, &opt, (int)a->tornado, &tornado, &err))) rs_economics_free(&econ);
    }
    if (rc) {
        fprintf(stderr, "reoffsim run: %s\n", err.msg);
        rs_ensemble_free(&e);
        return rc == RS_ERR_INTERRUPTED ? RS_EXIT_INTERRUPTED : rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    rs_summary_print(stdout, cfg, &e, &econ, a->detail);
    if (a->tornado > 0) rs_summary_print_tornado(stdout, cfg, &tornado);
    if (a->precision_pp > 0)
        printf("\nPrecision: 95%% CI half-width of %s vs %s = %.3f pp with %d replicates (target %.3f pp: %s)\n",
               cfg->scenarios[cfg->primary].name, cfg->scenarios[cfg->reference].name,
               100 * rs_precision_half_width(cfg, &e), e.n_replicates, a->precision_pp,
               reached ? "reached" : "NOT reached; raise --max-replicates");
    fflush(stdout);
    rs_run_info info = {cmd, started, host, a->precision_pp > 0 ? a->precision_pp / 100.0 : 0.0, reached,
                        a->point_estimates};
    rc = rs_hdf5_write(a->out, a->force, cfg, &e, &econ, a->tornado > 0 ? &tornado : NULL, &info, &err);
    rs_economics_free(&econ);
    if (rc) fprintf(stderr, "reoffsim run: %s\n", err.msg);
    else if (!a->quiet)
        fprintf(stderr, "wrote %s (%llu events in %.2f s, %.1f M events/s, %d threads)\n", a->out,
                (unsigned long long)e.events, e.wall_seconds, e.wall_seconds > 0 ? e.events / e.wall_seconds / 1e6 : 0.0,
                e.threads);
    rs_ensemble_free(&e);
    return rc ? RS_EXIT_FAILURE : RS_EXIT_OK;
}

int rs_cli_run(int argc, char **argv)
{
    run_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc) return rc < 0 ? RS_EXIT_OK : rc;
    rs_config cfg;
    if ((rc = load(&a, &cfg))) return rc;
    if ((rc = check_output(&a))) {
        rs_config_free(&cfg);
        return rc;
    }
    warn_capacity(&cfg);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    rc = simulate_and_write(&a, &cfg, argc, argv);
    rs_config_free(&cfg);
    return rc;
}
