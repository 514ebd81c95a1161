/* reoffsim — the Bayesian calibration command: ABC-SMC generations with a
 * progress line and a checkpoint (FILE.h5.ckpt) after each, resumable after
 * SIGTERM/SIGINT (exit 75); then the posterior predictive check and the
 * posterior file, written atomically. */
#define _POSIX_C_SOURCE 200809L
#include "cli_calibrate_abc.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "abc_io.h"
#include "calib_abc.h"
#include "cli.h"
#include "crc32c.h"
#include "progress.h"
#include "reoffsim/version.h"
#include "reoffsim/stats.h"
#include "yaml_file.h"

void rs_abc_checkpoint_path(const char *posterior, char *out, size_t n) { snprintf(out, n, "%s.ckpt", posterior); }

typedef struct {
    const rs_abc_cli *a;
    const rs_calib_spec *spec;
    const char *spec_text;
    char identity[256]; /* build and model config text */
    char ckpt[4096], date[32];
    rs_progress *bar; /* within a generation, on a terminal */
    double wall0, t0; /* seconds before this process (resumed), start of this process */
} session;

static double elapsed(const session *s) { return s->wall0 + omp_get_wtime() - s->t0; }

static void progress_line(const session *s, const rs_abc_state *st)
{
    rs_progress_finish(s->bar);
    rs_progress_init(s->bar, s->a->quiet, 1); /* the next generation's bar and ETA */
    if (s->a->quiet) return;
    const rs_abc_generation *g = &st->history[st->generations - 1];
    fprintf(stderr, "generation %3d  epsilon %8.4f  ESS %7.1f  acceptance %5.3f  unique %5d  simulations %8u  %7.0f s\n",
            st->generations - 1, g->epsilon, g->ess, g->acceptance, g->unique, st->next_sim, elapsed(s));
}

static int write_checkpoint(const session *s, const rs_abc_state *st, rs_error *err)
{
    rs_abc_file f = {.spec = s->spec, .spec_text = s->spec_text, .model_identity = s->identity, .st = st,
                     .wall_seconds = elapsed(s), .date = s->date};
    return rs_abc_write(s->ckpt, 1, &f, err);
}

/* The state: from the checkpoint (--resume, if there is one), or a fresh prior sample. */
static int start(session *s, const rs_calib_abc *c, const rs_abc_problem *pb, const rs_abc_settings *set,
                 rs_abc_state *st, rs_error *err)
{
    struct stat sb;
    if (s->a->resume && stat(s->ckpt, &sb) == 0) {
        rs_abc_file want = {.spec = s->spec, .spec_text = s->spec_text, .model_identity = s->identity};
        int rc = rs_abc_read_state(s->ckpt, &want, st, &s->wall0, err);
        if (!rc && !s->a->quiet)
            fprintf(stderr, "resuming from %s: %d generations, %u simulations\n", s->ckpt, st->generations, st->next_sim);
        return rc;
    }
    int rc = rs_abc_state_alloc(st, set->n_particles, pb->n_params, pb->n_stats, err);
    if (!rc) rc = rs_abc_start(st, pb, set, rs_calib_abc_simulate, (void *)c, err);
    if (!rc) {
        progress_line(s, st);
        rc = write_checkpoint(s, st, err);
    }
    return rc;
}

static int sample(session *s, const rs_calib_abc *c, rs_abc_state *st, rs_error *err)
{
    rs_abc_problem pb;
    rs_abc_settings set;
    rs_calib_abc_problem(s->spec, &pb);
    rs_calib_abc_settings(s->spec, &set);
    int rc = start(s, c, &pb, &set, st, err);
    while (!rc && rs_abc_check_stop(st, &set) == RS_ABC_RUNNING) {
        rc = rs_abc_step(st, &pb, &set, rs_calib_abc_simulate, (void *)c, err);
        if (!rc) progress_line(s, st);
        if (!rc) rc = write_checkpoint(s, st, err);
    }
    return rc;
}

/* Weighted mean, sd and 2.5/97.5 percentiles of parameter k. */
static void parameter_summary(const rs_abc_state *st, int k, double *out)
{
    double w = 0, m = 0, v = 0;
    for (int i = 0; i < st->n; i++) {
        w += st->weight[i];
        m += st->weight[i] * st->theta[(size_t)i * st->n_params + k];
    }
    m /= w;
    for (int i = 0; i < st->n; i++) {
        double d = st->theta[(size_t)i * st->n_params + k] - m;
        v += st->weight[i] * d * d;
    }
    out[0] = m;
    out[1] = sqrt(v / w);
    for (int q = 0; q < 2; q++) { /* weighted quantile: smallest x with cumulative weight >= q */
        double want = (q ? 0.975 : 0.025) * w, best = INFINITY;
        for (int i = 0; i < st->n; i++) {
            double x = st->theta[(size_t)i * st->n_params + k], below = 0;
            for (int j = 0; j < st->n; j++)
                if (st->theta[(size_t)j * st->n_params + k] <= x) below += st->weight[j];
            if (below >= want && x < best) best = x;
        }
        out[2 + q] = best;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_report(const session *s, const rs_abc_state *st, const double *pred, int m)
{
    const rs_calib_spec *spec = s->spec;
    const rs_abc_generation *last = &st->history[st->generations - 1];
    printf("Bayesian calibration of %s: ABC-SMC, %d particles, %d generations, %u simulations, %.0f s; stopped: %s\n",
           spec->config, st->n, st->generations - 1, st->next_sim, elapsed(s), rs_abc_stop_name(st->stop));
    printf("final tolerance %.4f (target %.4f), ESS before the last resampling %.1f, last acceptance %.3f, %d unique draws\n",
           last->epsilon, spec->abc.epsilon, last->ess, last->acceptance, last->unique);
    printf("%-50s %10s %10s %10s %10s  %s\n", "parameter", "mean", "sd", "2.5%", "97.5%", "prior (uniform)");
    for (int k = 0; k < spec->n_free; k++) {
        double v[4];
        parameter_summary(st, k, v);
        printf("%-50s %10.5g %10.4g %10.5g %10.5g  [%g, %g]\n", rs_params_key(spec->free[k].key)->path, v[0], v[1], v[2], v[3],
               spec->free[k].lower, spec->free[k].upper);
    }
    printf("Posterior predictive check (%d fresh simulations of %d agents):\n", m, spec->agents);
    printf("%-30s %-9s %9s %9s %-21s %s\n", "target", "role", "published", "mean", "95% predictive", "inside");
    double *x = malloc(sizeof *x * (size_t)m);
    for (int k = 0; x && k < spec->n_targets; k++) {
        int n = 0;
        double sum = 0;
        for (int j = 0; j < m; j++)
            if (isfinite(pred[(size_t)j * spec->n_targets + k])) sum += (x[n++] = pred[(size_t)j * spec->n_targets + k]);
        qsort(x, (size_t)n, sizeof *x, cmp_double);
        double lo = n ? rs_stats_quantile_sorted(x, (size_t)n, 0.025) : NAN, hi = n ? rs_stats_quantile_sorted(x, (size_t)n, 0.975) : NAN;
        char ci[48];
        snprintf(ci, sizeof ci, "[%.3f, %.3f]", lo, hi);
        const rs_target *t = &spec->targets[k];
        printf("%-30.30s %-9s %9.3f %9.3f %-21s %s\n", t->name, t->weight > 0 ? "fitted" : "held out", t->value,
               n ? sum / n : NAN, ci, t->value >= lo && t->value <= hi ? "yes" : "NO");
    }
    free(x);
}

static int exit_for(const session *s, int rc, const rs_abc_state *st, const rs_error *err)
{
    if (rc == RS_ERR_INTERRUPTED && st->generations > 0) {
        fprintf(stderr, "reoffsim calibrate: stopped by a signal; %s holds %d generation(s); continue with --resume\n",
                s->ckpt, st->generations);
        return RS_EXIT_CHECKPOINTED;
    }
    fprintf(stderr, "reoffsim calibrate: %s\n", err->msg);
    return rc == RS_ERR_INTERRUPTED ? RS_EXIT_INTERRUPTED : rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
}

static int finish(session *s, const rs_calib_abc *c, rs_abc_state *st, rs_error *err)
{
    int m = s->spec->abc.predictive_draws;
    int *draw = malloc(sizeof *draw * (size_t)m);
    double *pred = malloc(sizeof *pred * (size_t)m * (size_t)s->spec->n_targets);
    int rc = draw && pred ? RS_OK : rs_error_set(err, RS_ERR_NOMEM, "out of memory");
    if (!rc) rc = rs_calib_abc_predictive(c, st, draw, pred, err);
    if (!rc) {
        rs_abc_file f = {.spec = s->spec, .spec_text = s->spec_text, .model_identity = s->identity, .st = st,
                         .wall_seconds = elapsed(s), .date = s->date,
                         .n_predictive = m, .predictive_draw = draw, .predictive = pred};
        rc = rs_abc_write(s->a->posterior, s->a->force, &f, err);
    }
    rs_progress_finish(s->bar);
    if (!rc) {
        print_report(s, st, pred, m);
        unlink(s->ckpt);
        fprintf(stderr, "wrote %s\n", s->a->posterior);
    }
    free(draw);
    free(pred);
    return rc;
}

/* The build (source hash) and the model config's text (base files included): a
 * checkpoint from another of either must not be continued. */
static int model_identity(const rs_calib_spec *spec, char *out, size_t n, rs_error *err)
{
    rs_config cfg;
    int rc = rs_config_load(spec->config, &cfg, err);
    if (rc) return rc;
    uint32_t crc = rs_crc32c(0, cfg.text, strlen(cfg.text));
    snprintf(out, n, "reoffsim source %s; model config text crc32c %08x", rs_source_hash(), (unsigned)crc);
    rs_config_free(&cfg);
    return RS_OK;
}

int rs_cli_calibrate_posterior(const rs_abc_cli *a, const rs_calib_spec *spec, const rs_params *p)
{
    session s = {.a = a, .spec = spec, .t0 = omp_get_wtime()};
    rs_abc_checkpoint_path(a->posterior, s.ckpt, sizeof s.ckpt);
    time_t now = time(NULL);
    strftime(s.date, sizeof s.date, "%Y-%m-%d", gmtime(&now));
    rs_error err = {0, ""};
    char *text = NULL;
    size_t len = 0;
    rs_abc_state st;
    memset(&st, 0, sizeof st);
    int rc = rs_yaml_read_file(spec->path, &text, &len, &err);
    if (rc) return exit_for(&s, rc, &st, &err);
    s.spec_text = text;
    if ((rc = model_identity(spec, s.identity, sizeof s.identity, &err))) {
        free(text);
        return exit_for(&s, rc, &st, &err);
    }
    rs_progress bar;
    rs_progress_init(&bar, a->quiet, 1);
    s.bar = &bar;
    rs_ensemble_options opt = {.threads = a->threads, .cancel = a->cancel, .progress = rs_progress_update, .progress_ctx = &bar};
    rs_calib_abc c = {spec, p, &opt};
    rc = sample(&s, &c, &st, &err);
    if (!rc) rc = finish(&s, &c, &st, &err);
    rs_progress_finish(&bar);
    int code = rc ? exit_for(&s, rc, &st, &err) : RS_EXIT_OK;
    rs_abc_state_free(&st);
    free(text);
    return code;
}
