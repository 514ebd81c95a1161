/* reoffsim — the work units of `reoffsim run` over ranks (mpi_run.h): each
 * rank runs its own units with the usual threaded ensemble, keeping none;
 * other ranks send each finished unit to rank 0, which appends it to the
 * checkpoint journal and hands it to the streaming results writer. */
#define _POSIX_C_SOURCE 200809L
#include "mpi_run.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    rs_mpi *m;
    const rs_drun_options *o;
    rs_ckpt *ckpt;          /* rank 0 */
    int sink_rc;            /* rank 0: the sink failed */
    rs_error sink_err;
    unsigned char *done;    /* units done before this run started (from rank 0) */
    int n_replicates, first_replicate;
    rs_unit_result scratch; /* rank 0: receive buffer */
    double *scratch_year;
    int running;            /* rank 0: other ranks still running */
    int stop_sent;          /* rank 0: told the others to stop */
    int remote_rc;          /* rank 0: first failure of another rank */
    rs_error remote_err;
    int send_rc;            /* other ranks: a send failed */
    rs_error send_err;
} drun;

int rs_drun_owner(int s, int g, int size) { return (int)(((long long)s + g) % size); }

static void notice(const drun *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notice(const drun *d, const char *fmt, ...)
{
    if (!d->o->notice) return;
    char msg[RS_ERROR_LEN + 256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d->o->notice(d->o->notice_ctx, msg);
}

static int skip(void *ctx, int s, int r, rs_unit_result *res)
{
    (void)res;
    const drun *d = ctx;
    if (d->done[(size_t)s * (size_t)d->n_replicates + (size_t)r]) return 1;
    return rs_drun_owner(s, d->first_replicate + r, d->m->size) != d->m->rank;
}

/* Rank 0: a finished unit to the journal and the sink. */
static void take(drun *d, int s, int r, const rs_unit_result *res)
{
    if (rs_ckpt_done(d->ckpt)[(size_t)s * (size_t)d->n_replicates + (size_t)r]) return; /* a duplicate message */
    rs_ckpt_put(d->ckpt, s, r, res);
    if (d->sink_rc) return;
    d->sink_rc = d->o->sink ? d->o->sink(d->o->sink_ctx, s, r, res, &d->sink_err) : RS_OK;
    if (d->sink_rc && !*d->o->stop) *d->o->stop = -1; /* not a signal: no checkpoint */
}

static void write_checkpoint(drun *d)
{
    rs_error err;
    if (rs_ckpt_write(d->ckpt, &err))
        notice(d, "warning: checkpoint not written: %s", err.msg);
}

/* Rank 0: tell every other rank to stop handing out units. */
static void send_stop(drun *d)
{
    if (d->stop_sent || d->m->size == 1) return;
    d->stop_sent = 1;
    rs_error err;
    for (int k = 1; k < d->m->size; k++)
        if (rs_mpi_send_status(d->m, k, RS_MSG_STOP, 0, (int)*d->o->stop, NULL, &err))
            notice(d, "warning: %s", err.msg);
}

/* Rank 0: a failure or a stop of another rank stops this run too. */
static void on_done_message(drun *d, const rs_msg *msg)
{
    d->running--;
    if (msg->sig && !*d->o->stop) *d->o->stop = msg->sig;
    if (msg->code && msg->code != RS_ERR_INTERRUPTED && !d->remote_rc) {
        d->remote_rc = msg->code;
        rs_error_set(&d->remote_err, msg->code, "rank %d: %s", msg->source, msg->text);
        if (!*d->o->stop) *d->o->stop = -1; /* not a signal: no checkpoint */
    }
}

/* Rank 0: take in what the other ranks sent; send a stop if stopping. */
static void pump(drun *d)
{
    rs_msg msg;
    while (rs_mpi_poll(d->m, &msg, &d->scratch)) {
        if (msg.kind == RS_MSG_UNIT) take(d, msg.s, msg.r, &d->scratch);
        else if (msg.kind == RS_MSG_DONE) on_done_message(d, &msg);
    }
    if (*d->o->stop) send_stop(d);
}

/* Other ranks: a stop from rank 0 stops this rank too. */
static void listen(drun *d)
{
    rs_msg msg;
    while (rs_mpi_poll(d->m, &msg, &d->scratch))
        if (msg.kind == RS_MSG_STOP && !*d->o->stop) *d->o->stop = msg.sig ? msg.sig : -1;
}

static void unit_done(void *ctx, int s, int r, const rs_unit_result *res)
{
    drun *d = ctx;
    if (d->m->rank == 0) {
        take(d, s, r, res);
        pump(d);
        if (rs_ckpt_due(d->ckpt)) write_checkpoint(d);
        return;
    }
    if (!d->send_rc) d->send_rc = rs_mpi_send_unit(d->m, s, r, res, &d->send_err);
    if (d->send_rc && !*d->o->stop) *d->o->stop = -1;
    listen(d);
}

/* Rank 0: the journal, resumed if asked (its units go to the sink). */
static int open_store(drun *d, rs_drun_report *rep, rs_error *err)
{
    d->ckpt = d->o->ckpt;
    rs_ckpt_set_sink(d->ckpt, d->o->sink, d->o->sink_ctx);
    int found = 0, rc = d->o->resume ? rs_ckpt_load(d->ckpt, &found, err) : RS_OK;
    if (rc) return rc;
    rep->resumed = rs_ckpt_n_done(d->ckpt);
    if (d->o->resume && !found)
        notice(d, "no checkpoint %s: starting from the beginning", d->o->checkpoint_path);
    else if (d->o->resume)
        notice(d, "resuming from %s: %d of %d work units already done", d->o->checkpoint_path, rep->resumed,
               rs_ckpt_n_units(d->ckpt));
    memcpy(d->done, rs_ckpt_done(d->ckpt), (size_t)rs_ckpt_n_units(d->ckpt));
    return RS_OK;
}

static int setup(drun *d, const rs_config *cfg, rs_drun_report *rep, rs_error *err)
{
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    size_t n_units = (size_t)cfg->n_scenarios * (size_t)run->replicates;
    d->n_replicates = run->replicates;
    d->first_replicate = d->o->id.first_replicate;
    d->done = calloc(n_units ? n_units : 1, 1);
    d->scratch_year = calloc((size_t)run->years * RS_N_YEAR_TOTALS, sizeof(double));
    d->scratch.year = d->scratch_year;
    d->scratch.years = run->years;
    int rc = (!d->done || !d->scratch_year) ? rs_error_set(err, RS_ERR_NOMEM, "out of memory") : RS_OK;
    if (!rc && d->m->rank == 0) rc = open_store(d, rep, err);
    rc = rs_mpi_agree(d->m, rc);
    if (!rc) rs_mpi_bcast(d->m, d->done, n_units);
    d->running = d->m->size - 1;
    return rc;
}

/* Other ranks: report, then wait (napping) until rank 0 has everything. */
static void worker_finish(drun *d, int rc, const rs_error *err)
{
    rs_mpi_flush(d->m);
    if (!rc && d->send_rc) rc = d->send_rc, err = &d->send_err;
    rs_error serr;
    if (rs_mpi_send_status(d->m, 0, RS_MSG_DONE, rc, (int)*d->o->stop, rc ? err->msg : NULL, &serr))
        rs_mpi_say(d->m, "%s", serr.msg);
    rs_mpi_flush(d->m);
    for (;;) {
        rs_msg msg;
        if (!rs_mpi_poll(d->m, &msg, &d->scratch)) rs_mpi_nap();
        else if (msg.kind == RS_MSG_END) break;
    }
}

/* Rank 0: wait for the others, then release them. */
static void root_collect(drun *d)
{
    if (*d->o->stop) send_stop(d);
    while (d->running > 0) {
        rs_msg msg;
        if (rs_mpi_poll(d->m, &msg, &d->scratch)) {
            if (msg.kind == RS_MSG_UNIT) take(d, msg.s, msg.r, &d->scratch);
            else if (msg.kind == RS_MSG_DONE) on_done_message(d, &msg);
            if (*d->o->stop) send_stop(d);
        } else {
            if (rs_ckpt_due(d->ckpt)) write_checkpoint(d);
            rs_mpi_nap();
        }
    }
    rs_error err;
    for (int k = 1; k < d->m->size; k++)
        if (rs_mpi_send_status(d->m, k, RS_MSG_END, 0, 0, NULL, &err)) notice(d, "warning: %s", err.msg);
    rs_mpi_flush(d->m);
}

/* Rank 0: the outcome of the whole run. */
static int root_outcome(drun *d, int rc, const rs_ensemble *own, rs_ensemble *out, rs_drun_report *rep,
                        rs_error *err)
{
    rep->done = rs_ckpt_n_done(d->ckpt);
    rep->total = rs_ckpt_n_units(d->ckpt);
    if (rc && rc != RS_ERR_INTERRUPTED) return rc;
    if (d->sink_rc) {
        if (err) *err = d->sink_err;
        return d->sink_rc;
    }
    if (d->remote_rc) {
        if (err) *err = d->remote_err;
        return d->remote_rc;
    }
    /* Stopped with units left: checkpoint them. A stop after the last unit
     * finished changes nothing: the results are complete. */
    int sig = (int)*d->o->stop;
    if (rep->done < rep->total) {
        if (sig == 0)
            return rs_error_set(err, RS_ERR_IO, "%d work units are missing (lost messages?)", rep->total - rep->done);
        if (sig > 0 && (sig != SIGINT || d->o->checkpoint_on_sigint)) {
            write_checkpoint(d);
            rep->checkpointed = access(d->o->checkpoint_path, F_OK) == 0;
        }
        return rs_error_set(err, RS_ERR_INTERRUPTED, "interrupted");
    }
    *out = *own; /* counts and timing; no units */
    return RS_OK;
}

int rs_drun(rs_mpi *m, const rs_config *cfg, const rs_ensemble_options *opt, const rs_drun_options *dopt,
            rs_ensemble *out, rs_drun_report *rep, rs_error *err)
{
    memset(out, 0, sizeof *out);
    memset(rep, 0, sizeof *rep);
    drun d = {0};
    d.m = m;
    d.o = dopt;
    int rc = setup(&d, cfg, rep, err);
    rs_ensemble own = {0};
    if (!rc) {
        rs_ensemble_options o = *opt;
        o.cancel = dopt->stop;
        rs_ensemble_hooks hooks = {dopt->id.first_replicate, skip, unit_done, &d, 1};
        rs_error run_err;
        int run_rc = rs_ensemble_run_hooked(cfg, &o, &hooks, &own, &run_err);
        if (run_rc && run_rc != RS_ERR_INTERRUPTED && !*dopt->stop) *dopt->stop = -1; /* stop the others */
        if (m->rank > 0) {
            worker_finish(&d, run_rc, &run_err);
        } else {
            root_collect(&d);
            if (run_rc && err) *err = run_err;
            rc = root_outcome(&d, run_rc, &own, out, rep, err);
        }
    }
    free(d.done);
    free(d.scratch_year);
    return rc;
}
