/* reoffsim — `reoffsim calibrate SPEC` (fit the free parameters and write
 * the calibrated config) and `reoffsim check-targets SPEC` (does a config
 * meet every target within its tolerance?). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "cli_calibrate_abc.h"
#include "io_calibration.h"
#include "reoffsim/calibration.h"
#include "text_file.h"

static volatile sig_atomic_t interrupted; /* the one process-wide flag a signal can set */

static void on_signal(int sig) { interrupted = sig; }

typedef struct {
    const char *spec, *out, *h5, *config, *posterior;
    int force, quiet, resume;
    long threads, max_evaluations, replicates;
} calib_args;

static void print_targets(FILE *f, const rs_calib_spec *spec, const rs_target_result *r, int replicates)
{
    fprintf(f, "%-30s %-15s %9s %9s %-19s %9s %6s %s\n", "target", "kind", "published", "simulated",
            "MC 95% interval", "tolerance", "within", "source");
    for (int k = 0; k < spec->n_targets; k++) {
        const rs_target *t = &spec->targets[k];
        char ci[32];
        snprintf(ci, sizeof ci, "[%.3f, %.3f]", r[k].lo, r[k].hi);
        fprintf(f, "%-30.30s %-15s %9.3f %9.3f %-19s %9.3f %6s %s%s\n", t->name, rs_target_kind_name(t->kind), t->value,
                r[k].mean, ci, t->tolerance, r[k].within ? "yes" : "NO", t->check ? "" : "(reported only) ", t->source);
    }
    fprintf(f, "(%d replicates of %d agents; interval: Monte Carlo 95%% interval of the simulated mean)\n", replicates,
            spec->agents);
}

static void progress(void *ctx, int evaluation, double objective, const rs_calib_spec *spec,
                     const rs_target_result *results, const double *x)
{
    const calib_args *a = ctx;
    if (a->quiet) return;
    int worst = 0;
    for (int k = 1; k < spec->n_targets; k++)
        if (spec->targets[k].weight > 0 && fabs(results[k].z) > fabs(results[worst].z)) worst = k;
    fprintf(stderr, "eval %4d  objective %9.4f  worst %s z=%+.2f  x=", evaluation, objective, spec->targets[worst].name,
            results[worst].z);
    for (int k = 0; k < spec->n_free; k++) fprintf(stderr, "%s%.4g", k ? "," : "", x[k]);
    fputc('\n', stderr);
}

static int parse(int argc, char **argv, const char *cmd, calib_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *v = NULL;
        int bad = 0;
        if (rs_cli_flag(argv, i, "--force")) a->force = 1;
        else if (rs_cli_flag(argv, i, "--quiet")) a->quiet = 1;
        else if (rs_cli_flag(argv, i, "--resume")) a->resume = 1;
        else if (rs_cli_option(argc, argv, &i, "--posterior", &v)) { a->posterior = v; bad = !v; }
        else if (rs_cli_option(argc, argv, &i, "--out", &v)) { a->out = v; bad = !v; }
        else if (rs_cli_option(argc, argv, &i, "--h5", &v)) { a->h5 = v; bad = !v; }
        else if (rs_cli_option(argc, argv, &i, "--config", &v)) { a->config = v; bad = !v; }
        /* Numbers: rs_cli_int says what is wrong. */
        else if (rs_cli_option(argc, argv, &i, "--threads", &v)) { if (rs_cli_int("--threads", v, 1, 4096, &a->threads)) return RS_EXIT_USAGE; }
        else if (rs_cli_option(argc, argv, &i, "--replicates", &v)) { if (rs_cli_int("--replicates", v, 2, 1000000, &a->replicates)) return RS_EXIT_USAGE; }
        else if (rs_cli_option(argc, argv, &i, "--max-evaluations", &v)) {
            if (rs_cli_int("--max-evaluations", v, 1, 1000000, &a->max_evaluations)) return RS_EXIT_USAGE;
        }
        else if (argv[i][0] == '-') return rs_cli_usage_error(cmd, "unknown option '%s'", argv[i]);
        else if (!a->spec) a->spec = argv[i];
        else return rs_cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
        if (bad) return rs_cli_usage_error(cmd, "%s needs a value", opt);
    }
    if (!a->spec) return rs_cli_usage_error(cmd, "missing the calibration SPEC file");
    return 0;
}

/* The spec and the single scenario of the model config it names. */
/* No output may replace an input (exit 2): the spec, or a file of the model
 * config (the fitted YAML may replace the model config itself, as documented;
 * never one of its base files, and never the HDF5 table). */
static int check_not_inputs(const char *command, const char *option, const char *out, int may_be_config,
                            const calib_args *a, const rs_calib_spec *spec, const rs_config *cfg)
{
    if (!out) return 0;
    int rc = rs_cli_check_not_input(command, option, out, a->spec, "the calibration spec");
    int input = rs_config_file_index(cfg, out);
    if (!rc && input >= 0 && !(input == 0 && may_be_config)) {
        fprintf(stderr, "reoffsim %s: %s %s: is the same file as %s%s; refusing to overwrite an input\n", command,
                option, out, input ? "a base file of " : "the model config ", spec->config);
        rc = RS_EXIT_USAGE;
    }
    return rc;
}

static int load(const char *command, const char *out, const char *h5, const calib_args *a, rs_calib_spec *spec,
                rs_params *p)
{
    rs_error err;
    rs_config cfg;
    int rc = rs_calib_load(a->spec, spec, &err);
    if (!rc && a->config) snprintf(spec->config, sizeof spec->config, "%s", a->config);
    if (!rc && a->max_evaluations) spec->max_evaluations = (int)a->max_evaluations;
    if (!rc && a->replicates) spec->check_replicates = (int)a->replicates;
    if (!rc) rc = rs_config_load(spec->config, &cfg, &err);
    if (rc) {
        fprintf(stderr, "%s\n", err.msg);
        return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    rc = check_not_inputs(command, "--out", out, 1, a, spec, &cfg);
    if (!rc) rc = check_not_inputs(command, "--h5", h5, 0, a, spec, &cfg);
    *p = cfg.scenarios[cfg.reference].params;
    rs_config_free(&cfg);
    return rc;
}

static void today(char *out, size_t len)
{
    time_t now = time(NULL);
    strftime(out, len, "%Y-%m-%d", gmtime(&now));
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static int exit_code(int rc) { return rc == RS_ERR_INTERRUPTED ? RS_EXIT_INTERRUPTED : rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE; }

int rs_cli_check_targets(int argc, char **argv)
{
    if (argc >= 2 && (rs_cli_flag(argv, 1, "--help") || rs_cli_flag(argv, 1, "-h"))) {
        puts("usage: reoffsim check-targets SPEC [--config FILE] [--replicates N] [--threads N] [--h5 FILE] [--force]\n\n"
             "Runs the model config named in SPEC (or --config) with the spec's check_replicates and prints every\n"
             "target: published value, simulated mean, Monte Carlo 95% interval, tolerance. Exit 0 if every\n"
             "checked target is within its tolerance, 1 if not, 2 for a bad spec or config.\n\n"
             "  --config FILE     model config to check instead of the one SPEC names\n"
             "  --replicates N    replicates instead of SPEC's check_replicates (at least 2)\n"
             "  --threads N       OpenMP threads (default: all cores); the table does not depend on it\n"
             "  --h5 FILE         also write the table to FILE (/calibration)\n"
             "  --force           overwrite FILE if it exists");
        return RS_EXIT_OK;
    }
    calib_args a;
    rs_calib_spec spec;
    rs_params p;
    int rc = parse(argc, argv, "check-targets", &a);
    if (!rc && (a.posterior || a.resume)) return rs_cli_usage_error("check-targets", "--posterior and --resume are for calibrate");
    if (!rc && a.h5) rc = rs_cli_check_output("check-targets", "--h5", a.h5, a.force);
    if (rc || (rc = load("check-targets", NULL, a.h5, &a, &spec, &p))) return rc;
    install_signals();
    rs_ensemble_options opt = {.threads = (int)a.threads, .cancel = &interrupted, .point_estimates = 1};
    rs_target_result res[RS_MAX_TARGETS];
    double objective;
    rs_error err;
    if ((rc = rs_calib_evaluate(&spec, &p, spec.check_replicates, &opt, res, &objective, &err))) {
        fprintf(stderr, "reoffsim check-targets: %s\n", err.msg);
        return exit_code(rc);
    }
    printf("Targets for %s (objective %.3f)\n", spec.config, objective);
    print_targets(stdout, &spec, res, spec.check_replicates);
    char date[32];
    today(date, sizeof date);
    if (a.h5 && (rc = rs_hdf5_write_calibration(a.h5, a.force, &spec, res, spec.check_replicates, NULL, date, &err))) {
        fprintf(stderr, "reoffsim check-targets: %s\n", err.msg);
        return exit_code(rc);
    }
    int failed = 0;
    for (int k = 0; k < spec.n_targets; k++) failed += spec.targets[k].check && !res[k].within;
    if (failed) fprintf(stderr, "reoffsim check-targets: %d target(s) outside their tolerance\n", failed);
    return failed ? RS_EXIT_FAILURE : RS_EXIT_OK;
}

/* --h5, or FILE.yaml's name with .h5. */
static void h5_path(const calib_args *a, char *h5, size_t n)
{
    if (a->h5) {
        snprintf(h5, n, "%s", a->h5);
        return;
    }
    snprintf(h5, n, "%s", a->out);
    char *dot = strrchr(h5, '.');
    if (dot && !strchr(dot, '/')) *dot = '\0';
    strncat(h5, ".h5", n - strlen(h5) - 1);
}

static void help_calibrate(void)
{
    puts("usage: reoffsim calibrate SPEC --out FILE.yaml [--h5 FILE.h5] [--force] [--threads N]\n"
         "                          [--max-evaluations N] [--quiet]\n"
         "       reoffsim calibrate SPEC --posterior FILE.h5 [--resume] [--force] [--threads N] [--quiet]\n\n"
         "Fits the free parameters listed in SPEC (with bounds) to its targets with NLopt's subplex, on a\n"
         "fixed set of replicates (common random numbers keep the objective smooth). The objective is\n"
         "sum(weight * ((simulated - published) / tolerance)^2). Progress: one line per evaluation on\n"
         "stderr. Then writes FILE.yaml: the model config with each fitted value and a comment\n"
         "'calibrated: <targets>, <date>, seed <seed>; was <old>', and FILE.h5 (default: FILE.yaml with\n"
         ".h5) with the /calibration table. Prints the final table of every target.\n\n"
         "  --out FILE.yaml       the calibrated model config (may be the model config itself, with --force)\n"
         "  --h5 FILE.h5          the /calibration table (default: FILE.yaml's name with .h5)\n"
         "  --force               overwrite existing outputs\n"
         "  --threads N           OpenMP threads (default: all cores); the fit does not depend on it\n"
         "  --max-evaluations N   evaluations per optimiser run (default: SPEC's max_evaluations); SPEC's\n"
         "                        restarts is the number of runs, so up to restarts x N evaluations\n"
         "  --quiet               no progress lines\n\n"
         "Bayesian mode (--posterior FILE.h5): ABC-SMC (docs/calibration.md) draws SPEC's abc.particles\n"
         "posterior draws of the free parameters (uniform priors on their bounds), one simulation of SPEC's\n"
         "agents per particle with its own random numbers; the distance is the weighted RMS of\n"
         "(simulated - published) / tolerance over the fitted targets. One progress line per generation\n"
         "(tolerance, effective sample size, acceptance). Writes FILE.h5: /calibration/posterior (draws x\n"
         "parameters, weights, parameter names, spec text, seed), /calibration/abc (diagnostics per\n"
         "generation) and /calibration/predictive (posterior predictive check of every target, held-out\n"
         "ones included). A run config uses it with `calibration: {posterior: FILE.h5}`.\n"
         "  --posterior FILE.h5   the posterior file (instead of --out)\n"
         "  --resume              continue from FILE.h5.ckpt (written after every generation) if it exists;\n"
         "                        SIGTERM or Ctrl-C stops with exit 75 and keeps the checkpoint\n"
         "exit codes: 0 ok, 1 runtime failure, 2 usage or config error, 75 stopped with a checkpoint,\n"
         "130 interrupted with nothing to resume");
}

/* --posterior: the Bayesian calibration (cli_calibrate_abc.c). */
static int calibrate_posterior(const calib_args *a)
{
    if (a->out || a->h5) return rs_cli_usage_error("calibrate", "--posterior writes its own file; drop --out and --h5");
    if (a->max_evaluations || a->replicates)
        return rs_cli_usage_error("calibrate", "--max-evaluations and --replicates are for the fit; the spec's abc: "
                                  "section sets the Bayesian calibration");
    char ckpt[4096];
    rs_abc_checkpoint_path(a->posterior, ckpt, sizeof ckpt);
    struct stat st;
    if (!a->resume && !a->force && stat(ckpt, &st) == 0) {
        fprintf(stderr, "reoffsim calibrate: %s: checkpoint of an unfinished calibration; continue it with --resume, or "
                "start over with --force\n", ckpt);
        return RS_EXIT_USAGE;
    }
    int rc = rs_cli_check_output("calibrate", "--posterior", a->posterior, a->force);
    rs_calib_spec spec;
    rs_params p;
    if (rc || (rc = load("calibrate", NULL, a->posterior, a, &spec, &p))) return rc;
    install_signals();
    rs_abc_cli c = {a->posterior, a->force, a->resume, a->quiet, (int)a->threads, &interrupted};
    return rs_cli_calibrate_posterior(&c, &spec, &p);
}

int rs_cli_calibrate(int argc, char **argv)
{
    if (argc >= 2 && (rs_cli_flag(argv, 1, "--help") || rs_cli_flag(argv, 1, "-h"))) {
        help_calibrate();
        return RS_EXIT_OK;
    }
    calib_args a;
    rs_calib_spec spec;
    rs_params p;
    int rc = parse(argc, argv, "calibrate", &a);
    if (rc) return rc;
    if (a.posterior) return calibrate_posterior(&a);
    if (a.resume) return rs_cli_usage_error("calibrate", "--resume is for --posterior");
    if (!a.out) return rs_cli_usage_error("calibrate", "--out FILE.yaml (or --posterior FILE.h5) is required");
    char h5[4096];
    h5_path(&a, h5, sizeof h5);
    /* Both outputs writable before the fit, not after it, and distinct
     * (`--out X.h5` made the table's default name X.h5 too: the YAML was
     * written, then replaced by the HDF5 table). */
    if ((rc = rs_cli_check_output("calibrate", "--out", a.out, a.force)) ||
        (rc = rs_cli_check_output("calibrate", "--h5", h5, a.force)))
        return rc;
    if (!strcmp(a.out, h5) || rs_cli_check_not_input("calibrate", "--h5", h5, a.out, "--out"))
        return rs_cli_usage_error("calibrate", "--out and --h5 name the same file (%s); give --h5 another name", h5);
    if ((rc = load("calibrate", a.out, h5, &a, &spec, &p))) return rc;
    install_signals();
    rs_ensemble_options opt = {.threads = (int)a.threads, .cancel = &interrupted, .point_estimates = 1};
    rs_calib_fit_result fit;
    rs_error err;
    if ((rc = rs_calib_fit(&spec, &p, &opt, progress, &a, &fit, &err))) {
        fprintf(stderr, "reoffsim calibrate: %s\n", err.msg);
        return exit_code(rc);
    }
    rs_target_result res[RS_MAX_TARGETS];
    double objective;
    if ((rc = rs_calib_evaluate(&spec, &p, spec.check_replicates, &opt, res, &objective, &err))) {
        fprintf(stderr, "reoffsim calibrate: %s\n", err.msg);
        return exit_code(rc);
    }
    printf("Calibration of %s: %d evaluations, objective %.4f (fit) / %.4f (check, %d replicates)\n", spec.config,
           fit.evaluations, fit.objective, objective, spec.check_replicates);
    for (int k = 0; k < spec.n_free; k++)
        printf("  %-50s %10.5g  (start %.5g, bounds [%g, %g])\n", rs_params_key(spec.free[k].key)->path, fit.x[k], fit.x0[k],
               spec.free[k].lower, spec.free[k].upper);
    print_targets(stdout, &spec, res, spec.check_replicates);
    char date[32], *text = NULL;
    today(date, sizeof date);
    rc = rs_calib_rewrite(&spec, &p, date, &text, &err);
    if (!rc) rc = rs_write_text_atomic(a.out, a.force, text, &err);
    if (!rc) rc = rs_hdf5_write_calibration(h5, a.force, &spec, res, spec.check_replicates, &fit, date, &err);
    free(text);
    if (rc) {
        fprintf(stderr, "reoffsim calibrate: %s\n", err.msg);
        return exit_code(rc);
    }
    fprintf(stderr, "wrote %s and %s\n", a.out, h5);
    return RS_EXIT_OK;
}
