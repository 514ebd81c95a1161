/* reoffsim — the few MPI operations `reoffsim run` needs (mpi_comm.c):
 * start and finish, agree on a status, broadcast, and messages to and from
 * rank 0. Built without REOFFSIM_HAVE_MPI they are those of a lone rank. */
#ifndef REOFFSIM_MPI_COMM_H
#define REOFFSIM_MPI_COMM_H

#include <stddef.h>

#include "reoffsim/error.h"
#include "reoffsim/metrics.h"

typedef struct {
    int rank, size;
    int active;   /* MPI was initialised by rs_mpi_init */
    int error_fd; /* ranks > 0: their real stderr (stdout and stderr go to /dev/null) */
    void *impl;   /* communicator and pending sends (mpi_comm.c) */
} rs_mpi;

/* Start MPI (MPI builds; one rank otherwise). Ranks > 0 are silenced: only
 * rank 0 prints, except rs_mpi_say. */
int rs_mpi_init(rs_mpi *m, int *argc, char ***argv, rs_error *err);

/* Every rank returns rank 0's exit_code; MPI is finalised. Ranks that are
 * done sleep while they wait rather than spin. */
int rs_mpi_finish(rs_mpi *m, int exit_code);

/* Collective: the largest rc over all ranks. */
int rs_mpi_agree(rs_mpi *m, int rc);

/* Collective: n bytes from rank 0 to every rank. */
void rs_mpi_bcast(rs_mpi *m, void *buf, size_t n);

/* A line on this rank's real stderr, prefixed with the rank when size > 1. */
void rs_mpi_say(const rs_mpi *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef enum { RS_MSG_NONE, RS_MSG_UNIT, RS_MSG_DONE, RS_MSG_STOP, RS_MSG_END } rs_msg_kind;

typedef struct {
    rs_msg_kind kind;
    int source;            /* sending rank */
    int s, r;              /* RS_MSG_UNIT: the unit (local replicate index) */
    int code, sig;         /* RS_MSG_DONE: status; DONE/STOP: the signal that stopped the run (0: none) */
    char text[RS_ERROR_LEN];
} rs_msg;

/* Non-blocking sends; buffers are kept until delivered (rs_mpi_flush). */
int rs_mpi_send_unit(rs_mpi *m, int s, int r, const rs_unit_result *res, rs_error *err);
int rs_mpi_send_status(rs_mpi *m, int dest, rs_msg_kind kind, int code, int sig, const char *text, rs_error *err);

/* Receive one waiting message if there is one (returns 1). A unit's results
 * are unpacked into *unit, whose year storage must match the run. */
int rs_mpi_poll(rs_mpi *m, rs_msg *msg, rs_unit_result *unit);

/* Wait until every send of this rank is delivered. */
void rs_mpi_flush(rs_mpi *m);

/* Sleep a millisecond (between polls). */
void rs_mpi_nap(void);

#endif
