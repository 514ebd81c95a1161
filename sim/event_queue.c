/* reoffsim — calendar of time buckets in front of the event heap (event_queue.h). */
#include "event_queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* About two dozen events per bucket at the model's ~3 events per agent-year:
 * a heap that small stays in cache, and the bucket heads cost ~2.5 bytes per
 * agent at 5 years. */
#define AGENT_YEARS_PER_BUCKET 8.0

size_t rs_queue_buckets_for(size_t agents, double horizon)
{
    double b = ceil((double)agents * (horizon / 365.0) / AGENT_YEARS_PER_BUCKET);
    if (!(b >= 1.0)) b = 1.0;
    if (b > (double)(1u << 30)) b = (double)(1u << 30);
    return (size_t)b;
}

static int grow(void **p, size_t count, size_t size)
{
    void *q = realloc(*p, count * size);
    if (!q) return 0;
    *p = q;
    return 1;
}

int rs_queue_reserve(rs_event_queue *q, size_t agents, double horizon, rs_event_of_fn event_of,
                     const void *ctx, rs_error *err)
{
    size_t nb = rs_queue_buckets_for(agents, horizon);
    if (rs_heap_reserve(&q->heap, agents, err)) return RS_ERR_NOMEM;
    if (agents > q->agent_capacity) {
        if (!grow((void **)&q->next, agents, sizeof *q->next) ||
            !grow((void **)&q->bucket_of, agents, sizeof *q->bucket_of))
            return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the event calendar (%zu agents)", agents);
        q->agent_capacity = agents;
    }
    if (nb > q->bucket_capacity) {
        if (!grow((void **)&q->head, nb, sizeof *q->head))
            return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the event calendar (%zu buckets)", nb);
        q->bucket_capacity = nb;
    }
    memset(q->head, 0xff, nb * sizeof *q->head);
    memset(q->bucket_of, 0xff, agents * sizeof *q->bucket_of);
    q->n_buckets = nb;
    q->buckets_per_day = horizon > 0.0 ? (double)nb / horizon : 0.0;
    q->current = 0;
    q->event_of = event_of;
    q->ctx = ctx;
    return RS_OK;
}

void rs_queue_free(rs_event_queue *q)
{
    rs_heap_free(&q->heap);
    free(q->head);
    free(q->next);
    free(q->bucket_of);
    memset(q, 0, sizeof *q);
}

/* Monotone in t, so bucket order is time order; times past the horizon
 * share the last bucket. */
static inline uint32_t bucket_of_time(const rs_event_queue *q, double t)
{
    double b = t * q->buckets_per_day;
    return b < (double)(q->n_buckets - 1) ? (uint32_t)b : (uint32_t)(q->n_buckets - 1);
}

static void unpark(rs_event_queue *q, uint32_t agent)
{
    uint32_t b = q->bucket_of[agent];
    q->bucket_of[agent] = RS_HEAP_ABSENT;
    /* Singly linked: walking a bucket (a few dozen agents) is cheaper overall
     * than a back link, since only another agent's event ever unparks one. */
    uint32_t *link = &q->head[b];
    while (*link != agent) link = &q->next[*link];
    *link = q->next[agent];
}

void rs_queue_remove(rs_event_queue *q, uint32_t agent)
{
    if (q->bucket_of[agent] != RS_HEAP_ABSENT)
        unpark(q, agent);
    else
        rs_heap_remove(&q->heap, agent);
}

void rs_queue_set(rs_event_queue *q, rs_event ev)
{
    uint32_t b = bucket_of_time(q, ev.t);
    if (b <= q->current) {
        if (q->bucket_of[ev.agent] != RS_HEAP_ABSENT) unpark(q, ev.agent);
        rs_heap_set(&q->heap, ev);
        return;
    }
    rs_queue_remove(q, ev.agent);
    q->bucket_of[ev.agent] = b;
    q->next[ev.agent] = q->head[b];
    q->head[b] = ev.agent;
}

/* Move the next non-empty bucket into the (empty) heap; 0 if none is left. */
static int load_next_bucket(rs_event_queue *q)
{
    while (q->current + 1 < q->n_buckets) {
        uint32_t b = ++q->current;
        uint32_t agent = q->head[b];
        if (agent == RS_HEAP_ABSENT) continue;
        q->head[b] = RS_HEAP_ABSENT;
        while (agent != RS_HEAP_ABSENT) {
            uint32_t next = q->next[agent];
            q->bucket_of[agent] = RS_HEAP_ABSENT;
            rs_heap_push(&q->heap, q->event_of(q->ctx, agent));
            agent = next;
        }
        return 1;
    }
    return 0;
}

int rs_queue_peek(rs_event_queue *q, rs_event *ev)
{
    while (q->heap.n == 0)
        if (!load_next_bucket(q)) return 0;
    *ev = q->heap.e[0];
    return 1;
}
