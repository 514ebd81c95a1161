/* reoffsim — the checkpoint of a run (checkpoint.h): an append-only journal
 * of packed units, each record with its own CRC-32C, fsynced at each
 * checkpoint; nothing held in memory but which units are done. Until the
 * first checkpoint the journal has a temporary name (removed if the run
 * ends without one); then it is renamed to OUT.ckpt and appended in place. */
#define _POSIX_C_SOURCE 200809L
#include "reoffsim/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "crc32c.h"
#include "regular_file.h"
#include "text_file.h"
#include "unit_check.h"
#include "reoffsim/posterior.h"
#include "reoffsim/version.h"

#define JOURNAL_MAGIC "reoffsim journal 1\n"
#define RECORD_MAGIC 0x554a5352u /* "RSJU" little-endian */
#define BUF_BYTES (1u << 20)

struct rs_ckpt {
    char path[4096], tmp[4096];
    rs_units_header header; /* identity of the run, the journal's first record */
    int n_scenarios;
    unsigned char *done;    /* [s * n_replicates + r] */
    int n_done, n_units;
    double every, last_write; /* seconds; monotonic clock */
    int dirty;                /* units finished since the last write */
    int fd;                   /* the journal being appended; -1: none yet */
    int published;            /* it is at path (else at tmp) */
    int write_errno;          /* first failed write (reported at the next checkpoint) */
    size_t packed, used;      /* bytes of a packed unit; of buf in use */
    unsigned char *buf;       /* records not yet written */
    unsigned char *rec;       /* one record (load) */
    rs_unit_sink sink;        /* where rs_ckpt_load's units go */
    void *sink_ctx;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---------- fingerprint ---------- */

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static const char *byte_order(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one ? "little-endian" : "big-endian";
}

void rs_fingerprint(const rs_config *cfg, const rs_run_identity *id, char *out, size_t n)
{
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    size_t used = (size_t)snprintf(out, n,
        "format: reoffsim run fingerprint 2\n"
        "reoffsim version: %s\ngit commit: %s\nsource hash: %s\nHDF5 schema: %d\n"
        "unit layout: %zu-byte rs_unit_result, %d subgroups, %d yearly totals, %s\n"
        "config text hash: %016llx\nseed: %llu\nreplicates: %d\nagents: %d\nyears: %d\npoint estimates: %d\n"
        "scenarios: ",
        rs_version(), rs_git_commit(), rs_source_hash(), RS_SCHEMA_VERSION, sizeof(rs_unit_result), RS_N_GROUPS, RS_N_YEAR_TOTALS,
        byte_order(), (unsigned long long)fnv1a(cfg->text), (unsigned long long)run->seed, id->total_replicates,
        run->n_agents, run->years, id->point_estimates);
    for (int s = 0; s < cfg->n_scenarios && used < n; s++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", s ? "," : "", cfg->scenarios[s].name);
    if (used < n) used += (size_t)snprintf(out + used, n - used, "\n");
    if (cfg->posterior && used < n) /* its name is in the config text; its content is not */
        snprintf(out + used, n - used, "calibration posterior: crc32c %08x, %llu bytes\n", (unsigned)cfg->posterior->crc32c,
                 (unsigned long long)cfg->posterior->size);
}

/* Length of the line starting at s (without its newline). */
static size_t line_len(const char *s)
{
    const char *nl = strchr(s, '\n');
    return nl ? (size_t)(nl - s) : strlen(s);
}

int rs_fingerprint_diff(const char *a, const char *a_name, const char *b, const char *b_name, char *msg, size_t n)
{
    while (*a || *b) {
        size_t la = line_len(a), lb = line_len(b);
        if (la != lb || memcmp(a, b, la) != 0) {
            const char *colon = memchr(a, ':', la);
            size_t key = colon ? (size_t)(colon - a) : 0;
            const char *bcolon = memchr(b, ':', lb);
            snprintf(msg, n, "%.*s: %.*s in %s, %.*s in %s", (int)key, a, (int)(la - (colon ? key + 2 : 0)),
                     colon ? a + key + 2 : a, a_name, (int)(lb - (bcolon ? (size_t)(bcolon - b) + 2 : 0)),
                     bcolon ? bcolon + 2 : b, b_name);
            return 1;
        }
        a += la + (a[la] == '\n');
        b += lb + (b[lb] == '\n');
    }
    return 0;
}

/* ---------- the store ---------- */

int rs_ckpt_create(const rs_config *cfg, const rs_run_identity *id, const char *path, double every_seconds,
                   rs_ckpt **out, rs_error *err)
{
    *out = NULL;
    rs_ckpt *c = calloc(1, sizeof *c);
    if (!c) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the checkpoint");
    const rs_run_params *run = &cfg->scenarios[0].params.run;
    c->fd = -1;
    c->n_scenarios = cfg->n_scenarios;
    c->n_units = cfg->n_scenarios * run->replicates;
    c->packed = rs_unit_packed_size(run->years);
    c->done = calloc((size_t)c->n_units + 1, 1);
    c->buf = malloc(BUF_BYTES);
    c->rec = malloc(c->packed + 16);
    if (!c->done || !c->buf || !c->rec || c->packed + 16 > BUF_BYTES) {
        rs_ckpt_free(c);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the checkpoint");
    }
    snprintf(c->path, sizeof c->path, "%s", path);
    rs_units_header_init(&c->header, cfg, id);
    c->every = every_seconds;
    c->last_write = now();
    *out = c;
    return RS_OK;
}

void rs_ckpt_set_sink(rs_ckpt *c, rs_unit_sink sink, void *ctx)
{
    c->sink = sink;
    c->sink_ctx = ctx;
}

/* Write all of len bytes; 0 or an errno value. */
static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        errno = 0;
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return errno ? errno : EIO;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static void flush_buf(rs_ckpt *c)
{
    if (c->used && c->fd >= 0 && !c->write_errno) c->write_errno = write_all(c->fd, c->buf, c->used);
    c->used = 0;
}

static void append(rs_ckpt *c, const void *data, size_t len)
{
    if (c->used + len > BUF_BYTES) flush_buf(c);
    memcpy(c->buf + c->used, data, len);
    c->used += len;
}

/* The header record: the run's identity as text, then its CRC-32C. */
static size_t header_text(const rs_units_header *h, char *out, size_t n)
{
    int len = snprintf(out, n, "%sconfig: %s\nfirst replicate: %d\nreplicates here: %d\n", h->fingerprint,
                       h->config_path, h->first_replicate, h->n_replicates);
    return len < 0 ? 0 : (size_t)len < n ? (size_t)len : n - 1;
}

/* Start the journal under a temporary name: header first. */
static int start_journal(rs_ckpt *c)
{
    rs_error err;
    c->fd = rs_temp_create(c->path, c->tmp, sizeof c->tmp, &err);
    if (c->fd < 0) {
        c->write_errno = errno ? errno : EIO;
        return -1;
    }
    char text[RS_FINGERPRINT_LEN + 1200];
    uint32_t len = (uint32_t)header_text(&c->header, text, sizeof text), crc = rs_crc32c(0, text, len);
    append(c, JOURNAL_MAGIC, sizeof JOURNAL_MAGIC - 1);
    append(c, &len, sizeof len);
    append(c, text, len);
    append(c, &crc, sizeof crc);
    return 0;
}

void rs_ckpt_put(rs_ckpt *c, int s, int r, const rs_unit_result *res)
{
    size_t u = (size_t)s * (size_t)c->header.n_replicates + (size_t)r;
    if (c->done[u]) return;
    if (c->fd < 0 && !c->write_errno) start_journal(c);
    int head[3] = {(int)RECORD_MAGIC, s, c->header.first_replicate + r};
    rs_unit_pack(res, c->rec);
    uint32_t crc = rs_unit_crc(head[1], head[2], c->rec, c->packed);
    append(c, head, sizeof head);
    append(c, &crc, sizeof crc);
    append(c, c->rec, c->packed);
    c->done[u] = 1;
    c->n_done++;
    c->dirty = 1;
}

void rs_ckpt_free(rs_ckpt *c)
{
    if (!c) return;
    if (c->fd >= 0) {
        if (c->published) {
            flush_buf(c);
            (void)fsync(c->fd);
        }
        close(c->fd);
        if (!c->published) unlink(c->tmp); /* never checkpointed: nothing to resume from */
    }
    free(c->done);
    free(c->buf);
    free(c->rec);
    free(c);
}

const char *rs_ckpt_path(const rs_ckpt *c) { return c->path; }
int rs_ckpt_n_done(const rs_ckpt *c) { return c->n_done; }
int rs_ckpt_n_units(const rs_ckpt *c) { return c->n_units; }
const unsigned char *rs_ckpt_done(const rs_ckpt *c) { return c->done; }

int rs_ckpt_due(const rs_ckpt *c) { return c->every > 0 && c->dirty && now() - c->last_write >= c->every; }

/* ---------- the file ---------- */

/* Make the rename durable: fsync the directory holding path. */
static void sync_dir(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0'; else snprintf(dir, sizeof dir, ".");
    int fd = open(dir, O_RDONLY);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

int rs_ckpt_write(rs_ckpt *c, rs_error *err)
{
    c->last_write = now();
    if (c->fd < 0 && !c->write_errno) start_journal(c); /* nothing done yet: a journal of the header alone */
    flush_buf(c);
    if (!c->write_errno && fsync(c->fd) != 0) c->write_errno = errno;
    if (!c->write_errno && !c->published) {
        if (rename(c->tmp, c->path) != 0) c->write_errno = errno;
        else c->published = 1;
        sync_dir(c->path);
    }
    if (c->write_errno)
        return rs_error_set(err, RS_ERR_IO, "%s: cannot write the checkpoint journal: %s", c->path,
                            strerror(c->write_errno));
    c->dirty = 0;
    return RS_OK;
}

/* ---------- reading it back ---------- */

static int check_identity(const rs_ckpt *c, const char *text, size_t len, rs_error *err)
{
    char mine[RS_FINGERPRINT_LEN + 1200], diff[1024];
    size_t n = header_text(&c->header, mine, sizeof mine);
    if (n == len && memcmp(mine, text, n) == 0) return RS_OK;
    if (rs_fingerprint_diff(mine, "this run", text, "the checkpoint", diff, sizeof diff))
        return rs_error_set(err, RS_ERR_CONFIG, "%s belongs to a different run (%s); delete it, or start over with --force",
                            c->path, diff);
    return rs_error_set(err, RS_ERR_CONFIG, "%s belongs to a different run; delete it, or start over with --force", c->path);
}

/* The header record of the journal in f. */
static int read_header(rs_ckpt *c, FILE *f, rs_error *err)
{
    char magic[sizeof JOURNAL_MAGIC - 1];
    uint32_t len = 0, crc = 0;
    char *text = NULL;
    int rc = RS_OK;
    if (fread(magic, 1, sizeof magic, f) != sizeof magic || memcmp(magic, JOURNAL_MAGIC, sizeof magic) != 0 ||
        fread(&len, sizeof len, 1, f) != 1 || len > RS_FINGERPRINT_LEN + 1200)
        return rs_error_set(err, RS_ERR_CONFIG, "%s: not a reoffsim checkpoint journal (delete it to start over)", c->path);
    text = malloc((size_t)len + 1);
    if (!text) return rs_error_set(err, RS_ERR_NOMEM, "out of memory reading %s", c->path);
    if (fread(text, 1, len, f) != len || fread(&crc, sizeof crc, 1, f) != 1 || rs_crc32c(0, text, len) != crc)
        rc = rs_error_set(err, RS_ERR_CONFIG, "%s: checksum mismatch in the journal's header: the file is damaged; "
                          "delete it to start over", c->path);
    if (!rc) rc = check_identity(c, text, len, err);
    free(text);
    return rc;
}

static int record_error(const rs_ckpt *c, long long k, int s, int g, rs_error *err, const char *msg)
{
    return rs_error_set(err, RS_ERR_CONFIG, "%s: record %lld, unit (scenario %d, replicate %d): %s; delete the "
                        "journal to start over", c->path, k, s, g, msg);
}

/* Verify one complete record (head, crc, bytes in c->rec) and hand it on. */
static int take_record(rs_ckpt *c, long long k, const int *head, uint32_t crc, rs_unit_result *tmp, rs_error *err)
{
    int s = head[1], g = head[2], r = g - c->header.first_replicate;
    if ((uint32_t)head[0] != RECORD_MAGIC) return record_error(c, k, s, g, err, "not a unit record: the journal is damaged");
    if (rs_unit_crc(s, g, c->rec, c->packed) != crc)
        return record_error(c, k, s, g, err, "checksum mismatch: the journal is damaged (or was edited)");
    if (s < 0 || s >= c->n_scenarios || r < 0 || r >= c->header.n_replicates)
        return record_error(c, k, s, g, err, "outside this run");
    size_t u = (size_t)s * (size_t)c->header.n_replicates + (size_t)r;
    char why[256], msg[300];
    if (c->done[u]) return record_error(c, k, s, g, err, "recorded twice");
    if (rs_unit_unpack(c->rec, tmp) != 0 || rs_unit_check(tmp, c->header.years, c->header.n_agents, why, sizeof why)) {
        snprintf(msg, sizeof msg, "bad value: %s", rs_unit_unpack(c->rec, tmp) ? "another number of years" : why);
        return record_error(c, k, s, g, err, msg);
    }
    c->done[u] = 1;
    c->n_done++;
    return c->sink ? c->sink(c->sink_ctx, s, r, tmp, err) : RS_OK;
}

/* Every record of f; *good: bytes up to the end of the last whole record.
 * A record cut short at the end (the run was killed while writing it) is
 * not an error: it is dropped. */
static int read_records(rs_ckpt *c, FILE *f, long *good, int *torn, rs_error *err)
{
    double *year = malloc(sizeof *year * (size_t)c->header.years * RS_N_YEAR_TOTALS + 1);
    rs_unit_result tmp = {.years = c->header.years, .year = year};
    if (!year) return rs_error_set(err, RS_ERR_NOMEM, "out of memory reading %s", c->path);
    int rc = RS_OK;
    *torn = 0;
    for (long long k = 0; !rc; k++) {
        *good = ftell(f);
        int head[3];
        uint32_t crc;
        size_t got = fread(head, 1, sizeof head, f);
        if (got == 0 && feof(f)) break;
        if (got != sizeof head || fread(&crc, sizeof crc, 1, f) != 1 || fread(c->rec, 1, c->packed, f) != c->packed) {
            *torn = 1;
            break;
        }
        rc = take_record(c, k, head, crc, &tmp, err);
    }
    free(year);
    return rc;
}

int rs_ckpt_load(rs_ckpt *c, int *found, rs_error *err)
{
    *found = 0;
    if (access(c->path, F_OK) != 0) return RS_OK;
    *found = 1;
    char why[256];
    if (rs_regular_file_check(c->path, why, sizeof why))
        return rs_error_set(err, RS_ERR_CONFIG, "%s: %s; not a checkpoint (delete it to start over)", c->path, why);
    FILE *f = fopen(c->path, "rb");
    if (!f) return rs_error_set(err, RS_ERR_CONFIG, "%s: cannot open: %s", c->path, strerror(errno));
    long good = 0;
    int torn = 0, rc = read_header(c, f, err);
    if (!rc) rc = read_records(c, f, &good, &torn, err);
    fclose(f);
    if (rc) return rc;
    /* Append from the end of the last whole record. */
    c->fd = open(c->path, O_WRONLY | O_CLOEXEC);
    if (c->fd < 0 || ftruncate(c->fd, good) != 0 || lseek(c->fd, good, SEEK_SET) != good)
        return rs_error_set(err, RS_ERR_IO, "%s: cannot reopen the journal: %s", c->path, strerror(errno));
    c->published = 1;
    (void)torn; /* a torn last record is normal after kill -9: its unit runs again */
    return RS_OK;
}

int rs_ckpt_remove(const char *path, rs_error *err)
{
    if (unlink(path) == 0 || errno == ENOENT) return RS_OK;
    return rs_error_set(err, RS_ERR_IO, "%s: cannot remove the checkpoint: %s", path, strerror(errno));
}
