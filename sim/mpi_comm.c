/* reoffsim — MPI operations of `reoffsim run` (mpi_comm.h). The only file
 * with MPI calls; without REOFFSIM_HAVE_MPI it is a single rank and every
 * message operation is a no-op. Waits poll and nap, so idle ranks do not
 * spin a core that a busy rank (or its threads) could use. */
#define _POSIX_C_SOURCE 200809L
#include "mpi_comm.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reoffsim/checkpoint.h"

void rs_mpi_nap(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

void rs_mpi_say(const rs_mpi *m, const char *fmt, ...)
{
    char line[RS_ERROR_LEN + 128];
    int used = m->size > 1 ? snprintf(line, sizeof line, "reoffsim run: rank %d: ", m->rank)
                           : snprintf(line, sizeof line, "reoffsim run: ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + used, sizeof line - (size_t)used, fmt, ap);
    va_end(ap);
    size_t n = strlen(line);
    if (n + 1 < sizeof line) line[n++] = '\n';
    fflush(stderr);
    if (write(m->error_fd >= 0 ? m->error_fd : 2, line, n) < 0) { /* nothing more to do */ }
}

#ifndef REOFFSIM_HAVE_MPI

int rs_mpi_init(rs_mpi *m, int *argc, char ***argv, rs_error *err)
{
    (void)argc, (void)argv, (void)err;
    memset(m, 0, sizeof *m);
    m->size = 1;
    m->error_fd = -1;
    return RS_OK;
}

int rs_mpi_finish(rs_mpi *m, int exit_code) { (void)m; return exit_code; }
int rs_mpi_agree(rs_mpi *m, int rc) { (void)m; return rc; }
void rs_mpi_bcast(rs_mpi *m, void *buf, size_t n) { (void)m, (void)buf, (void)n; }
void rs_mpi_flush(rs_mpi *m) { (void)m; }
int rs_mpi_poll(rs_mpi *m, rs_msg *msg, rs_unit_result *unit) { (void)m, (void)unit; msg->kind = RS_MSG_NONE; return 0; }

int rs_mpi_send_unit(rs_mpi *m, int s, int r, const rs_unit_result *res, rs_error *err)
{
    (void)m, (void)s, (void)r, (void)res;
    return rs_error_set(err, RS_ERR_IO, "no MPI in this build");
}

int rs_mpi_send_status(rs_mpi *m, int dest, rs_msg_kind kind, int code, int sig, const char *text, rs_error *err)
{
    (void)m, (void)dest, (void)kind, (void)code, (void)sig, (void)text;
    return rs_error_set(err, RS_ERR_IO, "no MPI in this build");
}

#else

#include <mpi.h>

enum { TAG_UNIT = 71, TAG_DONE, TAG_STOP, TAG_END };

typedef struct {
    MPI_Comm comm;
    MPI_Request *req;  /* pending sends */
    void **buf;        /* their buffers */
    size_t n, cap;
} comm_state;

/* Wait for a request without spinning. */
static void wait_request(MPI_Request *req)
{
    int flag = 0;
    while (MPI_Test(req, &flag, MPI_STATUS_IGNORE) == MPI_SUCCESS && !flag) rs_mpi_nap();
}

/* Ranks > 0 keep their stderr for rs_mpi_say and print nothing else. */
static void silence(rs_mpi *m)
{
    fflush(stdout);
    fflush(stderr);
    m->error_fd = dup(2);
    int null = open("/dev/null", O_WRONLY);
    if (null < 0) return;
    dup2(null, 1);
    dup2(null, 2);
    close(null);
}

int rs_mpi_init(rs_mpi *m, int *argc, char ***argv, rs_error *err)
{
    memset(m, 0, sizeof *m);
    m->size = 1;
    m->error_fd = -1;
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
        return rs_error_set(err, RS_ERR_IO, "MPI_Init_thread failed");
    m->active = 1;
    comm_state *st = calloc(1, sizeof *st);
    if (!st || provided < MPI_THREAD_SERIALIZED) {
        free(st);
        MPI_Finalize();
        m->active = 0;
        return rs_error_set(err, RS_ERR_IO, "this MPI does not provide MPI_THREAD_SERIALIZED (results are sent from OpenMP threads)");
    }
    MPI_Comm_dup(MPI_COMM_WORLD, &st->comm);
    MPI_Comm_rank(st->comm, &m->rank);
    MPI_Comm_size(st->comm, &m->size);
    m->impl = st;
    if (m->rank > 0) silence(m);
    return RS_OK;
}

int rs_mpi_agree(rs_mpi *m, int rc)
{
    if (!m->active || m->size == 1) return rc;
    comm_state *st = m->impl;
    int all = rc;
    MPI_Request req;
    MPI_Iallreduce(&rc, &all, 1, MPI_INT, MPI_MAX, st->comm, &req);
    wait_request(&req);
    return all;
}

void rs_mpi_bcast(rs_mpi *m, void *buf, size_t n)
{
    if (!m->active || m->size == 1 || n == 0) return;
    comm_state *st = m->impl;
    MPI_Request req;
    MPI_Ibcast(buf, (int)n, MPI_BYTE, 0, st->comm, &req);
    wait_request(&req);
}

int rs_mpi_finish(rs_mpi *m, int exit_code)
{
    if (!m->active) return exit_code;
    rs_mpi_flush(m);
    rs_mpi_bcast(m, &exit_code, sizeof exit_code);
    comm_state *st = m->impl;
    MPI_Comm_free(&st->comm);
    free(st->req);
    free(st->buf);
    free(st);
    m->impl = NULL;
    MPI_Finalize();
    m->active = 0;
    if (m->error_fd >= 0) close(m->error_fd);
    m->error_fd = -1;
    return exit_code;
}

/* Free the buffers of delivered sends. */
static void reap(comm_state *st)
{
    size_t kept = 0;
    for (size_t i = 0; i < st->n; i++) {
        int flag = 0;
        MPI_Test(&st->req[i], &flag, MPI_STATUS_IGNORE);
        if (flag) {
            free(st->buf[i]);
        } else {
            st->req[kept] = st->req[i];
            st->buf[kept++] = st->buf[i];
        }
    }
    st->n = kept;
}

/* Send buf (taken over) to dest without blocking. */
static int post(rs_mpi *m, int dest, int tag, void *buf, size_t n, rs_error *err)
{
    comm_state *st = m->impl;
    reap(st);
    if (st->n == st->cap) {
        size_t cap = st->cap ? 2 * st->cap : 16;
        MPI_Request *req = realloc(st->req, cap * sizeof *req);
        if (req) st->req = req;
        void **bufs = req ? realloc(st->buf, cap * sizeof *bufs) : NULL;
        if (!req || !bufs) {
            free(buf);
            return rs_error_set(err, RS_ERR_NOMEM, "out of memory for MPI sends");
        }
        st->buf = bufs;
        st->cap = cap;
    }
    if (MPI_Isend(buf, (int)n, MPI_BYTE, dest, tag, st->comm, &st->req[st->n]) != MPI_SUCCESS) {
        free(buf);
        return rs_error_set(err, RS_ERR_IO, "MPI_Isend to rank %d failed", dest);
    }
    st->buf[st->n++] = buf;
    return RS_OK;
}

int rs_mpi_send_unit(rs_mpi *m, int s, int r, const rs_unit_result *res, rs_error *err)
{
    size_t n = 2 * sizeof(int) + rs_unit_packed_size(res->years);
    unsigned char *buf = malloc(n);
    if (!buf) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for an MPI message");
    int head[2] = {s, r};
    memcpy(buf, head, sizeof head);
    rs_unit_pack(res, buf + sizeof head);
    return post(m, 0, TAG_UNIT, buf, n, err);
}

typedef struct {
    int code, sig;
    char text[RS_ERROR_LEN];
} status_msg;

int rs_mpi_send_status(rs_mpi *m, int dest, rs_msg_kind kind, int code, int sig, const char *text, rs_error *err)
{
    status_msg *msg = calloc(1, sizeof *msg);
    if (!msg) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for an MPI message");
    msg->code = code;
    msg->sig = sig;
    snprintf(msg->text, sizeof msg->text, "%s", text ? text : "");
    int tag = kind == RS_MSG_DONE ? TAG_DONE : kind == RS_MSG_STOP ? TAG_STOP : TAG_END;
    return post(m, dest, tag, msg, sizeof *msg, err);
}

/* Decode a received message of `count` bytes. */
static void decode(int tag, const unsigned char *buf, int count, rs_msg *msg, rs_unit_result *unit)
{
    if (tag == TAG_UNIT) {
        int head[2];
        memcpy(head, buf, sizeof head);
        msg->kind = (size_t)count == sizeof head + rs_unit_packed_size(unit->years) ? RS_MSG_UNIT : RS_MSG_NONE;
        msg->s = head[0];
        msg->r = head[1];
        if (msg->kind == RS_MSG_UNIT && rs_unit_unpack(buf + sizeof head, unit) != 0) msg->kind = RS_MSG_NONE;
        return;
    }
    status_msg st;
    memset(&st, 0, sizeof st);
    memcpy(&st, buf, (size_t)count < sizeof st ? (size_t)count : sizeof st);
    st.text[sizeof st.text - 1] = '\0';
    msg->kind = tag == TAG_DONE ? RS_MSG_DONE : tag == TAG_STOP ? RS_MSG_STOP : RS_MSG_END;
    msg->code = st.code;
    msg->sig = st.sig;
    memcpy(msg->text, st.text, sizeof msg->text);
}

int rs_mpi_poll(rs_mpi *m, rs_msg *msg, rs_unit_result *unit)
{
    memset(msg, 0, sizeof *msg);
    if (!m->active || m->size == 1) return 0;
    comm_state *st = m->impl;
    int flag = 0, count = 0;
    MPI_Status status;
    if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, st->comm, &flag, &status) != MPI_SUCCESS || !flag) return 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    unsigned char *buf = malloc(count > 0 ? (size_t)count : 1);
    if (!buf) return 0; /* try again later */
    MPI_Recv(buf, count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, st->comm, MPI_STATUS_IGNORE);
    msg->source = status.MPI_SOURCE;
    decode(status.MPI_TAG, buf, count, msg, unit);
    free(buf);
    return 1;
}

void rs_mpi_flush(rs_mpi *m)
{
    if (!m->active) return;
    comm_state *st = m->impl;
    for (reap(st); st->n > 0; reap(st)) rs_mpi_nap();
}

#endif
