/* reoffsim — calendar of time buckets with a sorted due list (event_queue.h). */
#include "event_queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* About a dozen events per bucket at the model's ~3 events per agent-year:
 * sorting that few is cheap. At most one bucket per agent, so the heads
 * never cost more than 4 bytes per agent however long the horizon (at 20
 * years a bucket holds ~60 events, still cheap to sort). And at most
 * MAX_BUCKETS (512 KB of heads): parking an event reads a random bucket's
 * head, which misses the caches once the heads outgrow them; fewer, fuller
 * buckets cost less than that miss (1M agents, 5 years: ~117 events per
 * bucket, 157 -> 123 ns per event; bench/README.md). */
#define AGENT_YEARS_PER_BUCKET 4.0
#define MAX_BUCKETS 131072.0
/* A loaded bucket of up to SORT_BUFFER events is sorted as an array of keys
 * on the stack (spread_sort: spread over time sub-bins, then insertion sort,
 * or heap sort when more than INSERTION_SORT_MAX share a sub-bin); larger
 * buckets (events bunched in time) are merge-sorted as a list. */
#define INSERTION_SORT_MAX 32
#define SORT_BUFFER 1024
/* Below this many agents the bucket lists stay in cache: walking them ahead
 * of their loads (warm_step) gains nothing. */
#define WARM_MIN_AGENTS 65536

#define KIND_MASK (~(uint32_t)RS_QUEUE_END) /* the kind's bits of a link word */

size_t rs_queue_buckets_for(size_t agents, double horizon)
{
    double b = ceil((double)agents * (horizon / 365.0) / AGENT_YEARS_PER_BUCKET);
    if (b > (double)agents) b = (double)agents;
    if (b > MAX_BUCKETS) b = MAX_BUCKETS;
    if (!(b >= 1.0)) b = 1.0;
    return (size_t)b;
}

size_t rs_queue_bytes_per_agent(size_t agents, double horizon)
{
    size_t heads = rs_queue_buckets_for(agents, horizon) * sizeof(uint32_t);
    return sizeof(rs_queue_slot) + (heads + agents - 1) / agents;
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
    if (agents >= RS_EVENT_MAX_AGENTS)
        return rs_error_set(err, RS_ERR_CONFIG, "%zu agents: the event queue holds at most %u", agents,
                            RS_EVENT_MAX_AGENTS - 1);
    if (agents > q->agent_capacity) {
        if (!grow((void **)&q->slot, agents, sizeof *q->slot))
            return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the event calendar (%zu agents)", agents);
        q->agent_capacity = agents;
    }
    if (nb > q->bucket_capacity) {
        if (!grow((void **)&q->bucket_head, nb, sizeof *q->bucket_head))
            return rs_error_set(err, RS_ERR_NOMEM, "out of memory for the event calendar (%zu buckets)", nb);
        q->bucket_capacity = nb;
    }
    for (size_t b = 0; b < nb; b++) q->bucket_head[b] = RS_QUEUE_END;
    for (size_t a = 0; a < agents; a++) q->slot[a].time_bits = RS_QUEUE_NONE;
    q->due_head = q->due_tail = RS_QUEUE_END;
    q->n_buckets = nb;
    q->buckets_per_day = horizon > 0.0 ? (double)nb / horizon : 0.0;
    q->last_bucket = (double)(nb - 1);
    q->next_bucket = 0;
    for (int c = 0; c < RS_QUEUE_WARM_CURSORS; c++) q->warm[c] = RS_QUEUE_END;
    q->warm_turn = 0;
    q->warm_lists = agents >= WARM_MIN_AGENTS;
    return RS_OK;
}

void rs_queue_free(rs_event_queue *q)
{
    free(q->slot);
    free(q->bucket_head);
    memset(q, 0, sizeof *q);
}

static inline uint32_t next_of(const rs_event_queue *q, uint32_t agent) { return q->slot[agent].link & RS_QUEUE_END; }

static inline void set_next(rs_event_queue *q, uint32_t agent, uint32_t next)
{
    q->slot[agent].link = (q->slot[agent].link & KIND_MASK) | next;
}

/* A key's agent, and the link word that carries its kind (next agent unset). */
static inline uint32_t key_agent(uint64_t key) { return (uint32_t)key & RS_QUEUE_END; }
static inline uint32_t key_kind_bits(uint64_t key) { return (uint32_t)key & KIND_MASK; }

/* The queued event of a listed agent, rebuilt as its 64-bit key. */
static inline uint64_t key_of(const rs_event_queue *q, uint32_t agent)
{
    return (uint64_t)q->slot[agent].time_bits << 32 | (q->slot[agent].link & KIND_MASK) | agent;
}

/* Monotone in t, so bucket order is time order; times past the horizon
 * share the last bucket. */
static inline uint32_t bucket_of_time(const rs_event_queue *q, double t)
{
    double b = t * q->buckets_per_day;
    return b < q->last_bucket ? (uint32_t)b : (uint32_t)q->last_bucket;
}


/* Unlink `agent` from the list starting at *head; returns its predecessor
 * (RS_QUEUE_END if it was first). Singly linked: walking a list (a few
 * dozen agents) is cheaper overall than a back link, since only another
 * agent's event ever unlinks one. */
static uint32_t unlink_from(rs_event_queue *q, uint32_t *head, uint32_t agent)
{
    if (*head == agent) {
        *head = next_of(q, agent);
        return RS_QUEUE_END;
    }
    uint32_t prev = *head;
    while (next_of(q, prev) != agent) prev = next_of(q, prev);
    set_next(q, prev, next_of(q, agent));
    return prev;
}

static void due_remove(rs_event_queue *q, uint32_t agent)
{
    uint32_t prev = unlink_from(q, &q->due_head, agent);
    if (q->due_tail == agent) q->due_tail = prev;
}

/* Link `agent` (key already stored) into the sorted due list; new events are
 * usually the latest, so the tail is tried first. */
static void due_insert(rs_event_queue *q, uint32_t agent)
{
    uint64_t key = key_of(q, agent);
    if (q->due_head == RS_QUEUE_END) {
        set_next(q, agent, RS_QUEUE_END);
        q->due_head = q->due_tail = agent;
    } else if (key > key_of(q, q->due_tail)) {
        set_next(q, agent, RS_QUEUE_END);
        set_next(q, q->due_tail, agent);
        q->due_tail = agent;
    } else if (key < key_of(q, q->due_head)) {
        set_next(q, agent, q->due_head);
        q->due_head = agent;
    } else {
        uint32_t prev = q->due_head;
        while (key_of(q, next_of(q, prev)) < key) prev = next_of(q, prev);
        set_next(q, agent, next_of(q, prev));
        set_next(q, prev, agent);
    }
}

void rs_queue_remove(rs_event_queue *q, uint32_t agent)
{
    uint32_t bits = q->slot[agent].time_bits;
    if (bits == RS_QUEUE_NONE) return;
    q->slot[agent].time_bits = RS_QUEUE_NONE;
    uint32_t b = bucket_of_time(q, rs_time_of_bits(bits));
    if (b < q->next_bucket)
        due_remove(q, agent);
    else
        unlink_from(q, &q->bucket_head[b], agent);
}

void rs_queue_set(rs_event_queue *q, rs_event ev)
{
    uint32_t agent = rs_event_agent(ev);
    if (q->slot[agent].time_bits != RS_QUEUE_NONE) rs_queue_remove(q, agent); /* usually just taken: absent */
    q->slot[agent].time_bits = (uint32_t)(ev.key >> 32);
    uint32_t b = bucket_of_time(q, rs_event_time(ev));
    uint32_t kind = key_kind_bits(ev.key);
    if (b < q->next_bucket) {
        q->slot[agent].link = kind | RS_QUEUE_END;
        due_insert(q, agent);
    } else { /* park, unsorted */
        q->slot[agent].link = kind | q->bucket_head[b];
        q->bucket_head[b] = agent;
    }
}

static void insertion_sort(uint64_t *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t x = e[i];
        size_t j = i;
        while (j > 0 && x < e[j - 1]) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = x;
    }
}

static void sift_down(uint64_t *e, size_t i, size_t n)
{
    uint64_t x = e[i];
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && e[c] < e[c + 1]) c++;
        if (!(x < e[c])) break;
        e[i] = e[c];
    }
    e[i] = x;
}

static void heap_sort(uint64_t *e, size_t n)
{
    for (size_t i = n / 2; i-- > 0;) sift_down(e, i, n);
    for (size_t end = n; end-- > 1;) {
        uint64_t top = e[0];
        e[0] = e[end];
        e[end] = top;
        sift_down(e, 0, end);
    }
}

/* Merge two sorted lists; returns the head. */
static uint32_t merge_lists(rs_event_queue *q, uint32_t a, uint32_t b)
{
    uint32_t head = RS_QUEUE_END, tail = RS_QUEUE_END;
    while (a != RS_QUEUE_END && b != RS_QUEUE_END) {
        uint32_t *from = key_of(q, a) < key_of(q, b) ? &a : &b;
        uint32_t take = *from;
        *from = next_of(q, take);
        if (tail == RS_QUEUE_END) head = take; else set_next(q, tail, take);
        tail = take;
    }
    uint32_t rest = a != RS_QUEUE_END ? a : b;
    if (tail == RS_QUEUE_END) return rest;
    set_next(q, tail, rest);
    return head;
}

/* Merge sort of the m-agent list at head (recursion depth log2 m, no
 * allocation); returns the new head. */
static uint32_t sort_list(rs_event_queue *q, uint32_t head, size_t m)
{
    if (m <= 1) return head;
    uint32_t mid = head;
    for (size_t k = 1; k < m / 2; k++) mid = next_of(q, mid);
    uint32_t second = next_of(q, mid);
    set_next(q, mid, RS_QUEUE_END);
    return merge_lists(q, sort_list(q, head, m / 2), sort_list(q, second, m - m / 2));
}

/* Spread a bucket's keys over sub-bins of its time span (a counting sort by
 * time), then finish with insertion sort, which on that nearly sorted input
 * moves little and mispredicts rarely (sorting random keys directly
 * mispredicted about once per key). Bins: the power of two >= m. A key's
 * bin comes from its float time's bits, which are monotone in the time:
 * its offset from the bits of the bucket's start, scaled by a fixed-point
 * factor (no floating point per key). The bins need not be exact, nor even
 * monotone, for the result: the final pass is a full sort. If events bunch
 * into one bin (equal times), heap sort bounds the cost. Sorted keys go to
 * `out`. */
#define SPREAD_BINS_MAX SORT_BUFFER


static void spread_sort(const rs_event_queue *q, uint32_t b, const uint64_t *keys, size_t m, uint64_t *out)
{
    size_t bins = 1;
    while (bins < m) bins <<= 1;
    uint16_t start[SPREAD_BINS_MAX];
    uint16_t bin[SORT_BUFFER];
    memset(start, 0, bins * sizeof *start);
    /* The bucket's time span as float bits [lo, lo + span), widened by one
     * step each side for the rounding of its ends. */
    uint32_t lo = rs_time_bits((float)(b / q->buckets_per_day)), hi = rs_time_bits((float)((b + 1) / q->buckets_per_day));
    lo = lo > 0 ? lo - 1 : 0;
    uint64_t span = (uint64_t)(hi - lo) + 2;
    uint64_t scale = ((uint64_t)bins << 32) / span; /* bins per bit, 32.32 fixed point */
    for (size_t k = 0; k < m; k++) {
        uint32_t bits = (uint32_t)(keys[k] >> 32);
        uint64_t d = bits > lo ? bits - lo : 0;
        if (d >= span) d = span - 1; /* past the horizon: the last bucket */
        uint32_t s = (uint32_t)((d * scale) >> 32);
        bin[k] = (uint16_t)s;
        start[s]++;
    }
    uint32_t first = 0, most = 0; /* first: of each bin's keys in `out`; the sum stays in a register */
    for (size_t s = 0; s < bins; s++) {
        uint32_t count = start[s];
        most = count > most ? count : most;
        start[s] = (uint16_t)first;
        first += count;
    }
    for (size_t k = 0; k < m; k++) out[start[bin[k]]++] = keys[k];
    if (most <= INSERTION_SORT_MAX)
        insertion_sort(out, m);
    else
        heap_sort(out, m);
}

/* Sort bucket b's events into the (empty) due list. */
static void load_bucket(rs_event_queue *q, uint32_t b)
{
    uint64_t keys[SORT_BUFFER], spread[SORT_BUFFER];
    size_t m = 0;
    uint32_t head = q->bucket_head[b], agent = head;
    for (; agent != RS_QUEUE_END && m < SORT_BUFFER; agent = next_of(q, agent)) keys[m++] = key_of(q, agent);
    q->bucket_head[b] = RS_QUEUE_END;
    if (agent != RS_QUEUE_END) { /* bunched: more than the buffer holds */
        for (; agent != RS_QUEUE_END; agent = next_of(q, agent)) m++;
        head = sort_list(q, head, m);
        uint32_t tail = head;
        while (next_of(q, tail) != RS_QUEUE_END) tail = next_of(q, tail);
        q->due_head = head;
        q->due_tail = tail;
        return;
    }
    if (m == 0) return;
    const uint64_t *sorted = keys;
    if (m <= 2) {
        insertion_sort(keys, m);
    } else {
        spread_sort(q, b, keys, m, spread);
        sorted = spread;
    }
    for (size_t k = 0; k < m; k++) /* relink in key order */
        q->slot[key_agent(sorted[k])].link = key_kind_bits(sorted[k]) | (k + 1 < m ? key_agent(sorted[k + 1]) : RS_QUEUE_END);
    q->due_head = key_agent(sorted[0]);
    q->due_tail = key_agent(sorted[m - 1]);
}

/* Walking a bucket's list is a chain of dependent reads, each a cache miss
 * when the agents do not fit in cache. So while the current bucket's
 * events are handled, cursors walk the next buckets' lists, fetching each
 * link ahead of the load. A cursor reads the link it prefetched when its
 * turn comes again, RS_QUEUE_WARM_CURSORS events later: one event was too
 * little time for a miss to memory (1M agents: the read stalled ~20% of
 * the time; 2 cursors 137 -> 123 ns per event, 3 -> 117, 4 no better).
 * Cursor c walks bucket next_bucket + c, so each list has that many
 * buckets' worth of events to be walked in. Only a hint: lists change
 * meanwhile, and a cursor just stops at a list's end. */
static inline void warm_start(rs_event_queue *q)
{
    for (int c = 0; c + 1 < RS_QUEUE_WARM_CURSORS; c++) q->warm[c] = q->warm[c + 1];
    size_t b = q->next_bucket + (RS_QUEUE_WARM_CURSORS - 1);
    uint32_t head = b < q->n_buckets ? q->bucket_head[b] : RS_QUEUE_END;
    if (head != RS_QUEUE_END) __builtin_prefetch(&q->slot[head]);
    q->warm[RS_QUEUE_WARM_CURSORS - 1] = head;
}

static inline void warm_step(rs_event_queue *q)
{
    uint32_t turn = q->warm_turn;
    q->warm_turn = turn + 1 == RS_QUEUE_WARM_CURSORS ? 0 : turn + 1;
    uint32_t c = q->warm[turn];
    if (c == RS_QUEUE_END) return;
    uint32_t n = next_of(q, c); /* c's slot (time and link) is in cache by now */
    if (n != RS_QUEUE_END) __builtin_prefetch(&q->slot[n]);
    q->warm[turn] = n;
}

int rs_queue_pop(rs_event_queue *q, rs_event *ev)
{
    while (q->due_head == RS_QUEUE_END) {
        if (q->next_bucket >= q->n_buckets) return 0;
        load_bucket(q, q->next_bucket++);
        if (q->warm_lists) warm_start(q);
    }
    if (q->warm_lists) warm_step(q);
    uint32_t agent = q->due_head;
    ev->key = key_of(q, agent);
    q->due_head = next_of(q, agent);
    if (q->due_head == RS_QUEUE_END) q->due_tail = RS_QUEUE_END;
    q->slot[agent].time_bits = RS_QUEUE_NONE;
    return 1;
}
