/* reoffsim — the work units of `reoffsim run` spread over MPI ranks (or run
 * by one process), results streamed to rank 0, which keeps the checkpoint
 * store, writes periodic checkpoints and one when the run is stopped. */
#ifndef REOFFSIM_MPI_RUN_H
#define REOFFSIM_MPI_RUN_H

#include <signal.h>

#include "mpi_comm.h"
#include "reoffsim/checkpoint.h"
#include "reoffsim/ensemble.h"

typedef struct {
    const char *checkpoint_path;       /* OUT.ckpt */
    double checkpoint_every;           /* seconds between periodic checkpoints; 0: none */
    int resume;                        /* load checkpoint_path if it exists */
    int checkpoint_on_sigint;          /* SIGINT writes one too (else it stops without results) */
    volatile sig_atomic_t *stop;       /* signal number once stopped; a stop on another rank sets it too */
    rs_run_identity id;
    void (*notice)(void *ctx, const char *msg); /* progress of resume and checkpoint trouble (rank 0) */
    void *notice_ctx;
    rs_ckpt *ckpt;                     /* rank 0: the journal (rs_ckpt_create; the caller frees it) */
    rs_unit_sink sink;                 /* rank 0: every unit of the run, once (resumed ones too) */
    void *sink_ctx;
} rs_drun_options;

typedef struct {
    int resumed;      /* units taken from the checkpoint */
    int checkpointed; /* stopped, and the checkpoint holds every finished unit */
    int done, total;  /* units finished (with the resumed ones) of all */
} rs_drun_report;

/* Unit (s, global replicate g) runs on rank (s + g) mod size: any rank
 * count gives the same results, since a unit depends only on (s, g). */
int rs_drun_owner(int s, int g, int size);

/* Run cfg's units (every rank calls it). Rank 0 hands every unit (its own,
 * the other ranks', those resumed from the journal) to dopt->sink and to
 * the journal dopt->ckpt, and returns RS_OK once all are done, or
 * RS_ERR_INTERRUPTED (rep->checkpointed says whether a checkpoint was
 * written), or the first error of any rank or of the sink. No rank keeps
 * the units: out holds only counts, events and timing. Other ranks return
 * RS_OK once rank 0 has all their results. The checkpoint file stays until
 * the caller removes it (rs_ckpt_remove) after writing the final results. */
int rs_drun(rs_mpi *m, const rs_config *cfg, const rs_ensemble_options *opt, const rs_drun_options *dopt,
            rs_ensemble *out, rs_drun_report *rep, rs_error *err);

#endif
