/* reoffsim — calendar of time buckets with a sorted due list (event_queue.h). */
#include "event_queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* About a dozen events per bucket at the model's ~3 events per agent-year:
 * sorting that few is cheap. At most one bucket per agent, so the heads
 * never cost more than 4 bytes per agent however long the horizon (at 20
 * years a bucket holds ~60 events, still cheap to sort). */
#define AGENT_YEARS_PER_BUCKET 4.0
/* Buckets larger than this (events bunched in time) are heap-sorted. */
#define INSERTION_SORT_MAX 32

size_t rs_queue_buckets_for(size_t agents, double horizon)
{
    double b = ceil((double)agents * (horizon / 365.0) / AGENT_YEARS_PER_BUCKET);
    if (b > (double)agents) b = (double)agents;
    if (!(b >= 1.0)) b = 1.0;
    if (b > (double)(1u << 30)) b = (double)(1u << 30);
    return (size_t)b;
}

size_t rs_queue_bytes_per_agent(size_t agents, double horizon)
{
    size_t heads = rs_queue_buckets_for(agents, horizon) * sizeof(uint32_t);
    return 2 * sizeof(rs_event) + sizeof(uint32_t) + (heads + agents - 1) / agents;
}

static int grow(void **p, size_t count, size_t size)
{
    void *q = realloc(*p, count * size);
    if (!q) return 0;
    *p = q;
    return 1;
}

int rs_queue_reserve(rs_event_queue *q, size_t agents, double horizon, rs_error *err)
{
    size_t nb = rs_queue_buckets_for(agents, horizon);
    if (agents > RS_EVENT_MAX_AGENTS)
        return rs_error_set(err, RS_ERR_CONFIG, "%zu agents: the event queue holds at most %u", agents,
                            RS_EVENT_MAX_AGENTS);
    if (agents > q->agent_capacity) {
        if (!grow((void **)&q->due, agents, sizeof *q->due) || !grow((void **)&q->next, agents, sizeof *q->next) ||
            !grow((void **)&q->pending, agents, sizeof *q->pending))
            return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the event calendar (%zu agents)", agents);
        q->agent_capacity = agents;
    }
    if (nb > q->bucket_capacity) {
        if (!grow((void **)&q->bucket_head, nb, sizeof *q->bucket_head))
            return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the event calendar (%zu buckets)", nb);
        q->bucket_capacity = nb;
    }
    memset(q->bucket_head, 0xff, nb * sizeof *q->bucket_head);
    memset(q->pending, 0xff, agents * sizeof *q->pending); /* RS_QUEUE_NONE */
    q->head = q->n_due = 0;
    q->n_buckets = nb;
    q->buckets_per_day = horizon > 0.0 ? (double)nb / horizon : 0.0;
    q->next_bucket = 0;
    q->warm = RS_QUEUE_ABSENT;
    return RS_OK;
}

void rs_queue_free(rs_event_queue *q)
{
    free(q->due);
    free(q->bucket_head);
    free(q->next);
    free(q->pending);
    memset(q, 0, sizeof *q);
}

/* Monotone in t, so bucket order is time order; times past the horizon
 * share the last bucket. */
static inline uint32_t bucket_of_time(const rs_event_queue *q, double t)
{
    double b = t * q->buckets_per_day;
    return b < (double)(q->n_buckets - 1) ? (uint32_t)b : (uint32_t)(q->n_buckets - 1);
}

static void unpark(rs_event_queue *q, uint32_t agent, uint32_t bucket)
{
    /* Singly linked: walking a bucket (a few dozen agents) is cheaper overall
     * than a back link, since only another agent's event ever unparks one. */
    uint32_t *link = &q->bucket_head[bucket];
    while (*link != agent) link = &q->next[*link];
    *link = q->next[agent];
}

static void park(rs_event_queue *q, rs_event ev, uint32_t bucket)
{
    uint32_t agent = rs_event_agent(ev);
    q->next[agent] = q->bucket_head[bucket];
    q->bucket_head[bucket] = agent;
}

static void due_remove(rs_event_queue *q, rs_event ev)
{
    size_t k = q->head;
    while (q->due[k].key != ev.key) k++;
    memmove(q->due + k, q->due + k + 1, (q->n_due - k - 1) * sizeof *q->due);
    q->n_due--;
}

/* Insert keeping [head, n_due) sorted; new events are usually the latest,
 * so the scan starts from the end. */
static void due_insert(rs_event_queue *q, rs_event ev)
{
    if (q->n_due == q->agent_capacity) { /* taken events fill the front: compact */
        memmove(q->due, q->due + q->head, (q->n_due - q->head) * sizeof *q->due);
        q->n_due -= q->head;
        q->head = 0;
    }
    size_t j = q->n_due;
    while (j > q->head && rs_event_before(&ev, &q->due[j - 1])) {
        q->due[j] = q->due[j - 1];
        j--;
    }
    q->due[j] = ev;
    q->n_due++;
}

void rs_queue_remove(rs_event_queue *q, uint32_t agent)
{
    rs_event ev = q->pending[agent];
    if (ev.key == RS_QUEUE_NONE) return;
    q->pending[agent].key = RS_QUEUE_NONE;
    uint32_t b = bucket_of_time(q, rs_event_time(ev));
    if (b < q->next_bucket)
        due_remove(q, ev);
    else
        unpark(q, agent, b);
}

void rs_queue_set(rs_event_queue *q, rs_event ev)
{
    uint32_t agent = rs_event_agent(ev);
    rs_queue_remove(q, agent);
    q->pending[agent] = ev;
    uint32_t b = bucket_of_time(q, rs_event_time(ev));
    if (b < q->next_bucket)
        due_insert(q, ev);
    else
        park(q, ev, b);
}

static void insertion_sort(rs_event *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        rs_event x = e[i];
        size_t j = i;
        while (j > 0 && rs_event_before(&x, &e[j - 1])) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = x;
    }
}

static void sift_down(rs_event *e, size_t i, size_t n)
{
    rs_event x = e[i];
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && rs_event_before(&e[c], &e[c + 1])) c++;
        if (!rs_event_before(&x, &e[c])) break;
        e[i] = e[c];
    }
    e[i] = x;
}

/* In place, O(n log n), no allocation: for buckets where events bunch. */
static void heap_sort(rs_event *e, size_t n)
{
    for (size_t i = n / 2; i-- > 0;) sift_down(e, i, n);
    for (size_t end = n; end-- > 1;) {
        rs_event top = e[0];
        e[0] = e[end];
        e[end] = top;
        sift_down(e, 0, end);
    }
}

/* Sort the next bucket's events into the (empty) due list. */
static void load_bucket(rs_event_queue *q, uint32_t b)
{
    size_t m = 0;
    for (uint32_t agent = q->bucket_head[b]; agent != RS_QUEUE_ABSENT; agent = q->next[agent])
        q->due[m++] = q->pending[agent];
    q->bucket_head[b] = RS_QUEUE_ABSENT;
    if (m <= INSERTION_SORT_MAX)
        insertion_sort(q->due, m);
    else
        heap_sort(q->due, m);
    q->head = 0;
    q->n_due = m;
}

/* Walking a bucket's list is a chain of dependent reads, each a cache miss
 * when the agents do not fit in cache. So while the current bucket's
 * events are handled, a cursor walks the next bucket's list one step per
 * event, fetching each link ahead of the load. Only a hint: the list may
 * change meanwhile, and the cursor just stops at a list's end. */
static inline void warm_step(rs_event_queue *q)
{
    uint32_t c = q->warm;
    if (c == RS_QUEUE_ABSENT) return;
    uint32_t n = q->next[c];
    __builtin_prefetch(&q->pending[c]);
    if (n != RS_QUEUE_ABSENT) __builtin_prefetch(&q->next[n]);
    q->warm = n;
}

int rs_queue_pop(rs_event_queue *q, rs_event *ev)
{
    while (q->head == q->n_due) {
        if (q->next_bucket >= q->n_buckets) return 0;
        load_bucket(q, q->next_bucket++);
        q->warm = q->next_bucket < q->n_buckets ? q->bucket_head[q->next_bucket] : RS_QUEUE_ABSENT;
        if (q->warm != RS_QUEUE_ABSENT) __builtin_prefetch(&q->next[q->warm]);
    }
    warm_step(q);
    *ev = q->due[q->head++];
    q->pending[rs_event_agent(*ev)].key = RS_QUEUE_NONE;
    return 1;
}
