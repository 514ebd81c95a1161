/* reoffsim — the engine's queue of next events: a calendar of time buckets.
 * Each agent has at most one pending event (its earliest timer). The queue
 * keeps, per agent, that event's time (float bits) and one link word: the
 * event's kind in the top 3 bits, the next agent of the same list below.
 * Events of later buckets wait unsorted in per-bucket lists; when a bucket
 * comes due its few dozen events are sorted and relinked into the due list,
 * which is consumed from its head (new events that fall in the current
 * bucket are linked in place). Buckets partition time in order, so events
 * leave in exactly (time, kind, agent) order — a pure function of the model
 * state, never of memory or threads — at O(1) cost for far-future events,
 * in 8 bytes per agent plus at most 4 of bucket heads. */
#ifndef REOFFSIM_EVENT_QUEUE_H
#define REOFFSIM_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "reoffsim/error.h"

#define RS_QUEUE_ABSENT UINT32_MAX

/* An event packed into one 64-bit key that sorts in (time, kind, agent)
 * order: the float time's bits (times are >= 0, and non-negative IEEE 754
 * floats order like their bit patterns), then 3 bits of kind, then 29 bits
 * of agent. Comparing events is one integer comparison. */
typedef struct {
    uint64_t key;
} rs_event;

#define RS_EVENT_AGENT_BITS 29
#define RS_EVENT_MAX_AGENTS (1u << RS_EVENT_AGENT_BITS)
#define RS_EVENT_MAX_KINDS 8u

/* A time's key bits (t >= 0 or +inf; -0 becomes +0), and back. */
static inline uint32_t rs_time_bits(float t)
{
    float positive = t + 0.0f;
    uint32_t bits;
    memcpy(&bits, &positive, sizeof bits);
    return bits;
}

static inline float rs_time_of_bits(uint32_t bits)
{
    float t;
    memcpy(&t, &bits, sizeof t);
    return t;
}

/* t >= 0 (or +inf), kind < RS_EVENT_MAX_KINDS, agent < RS_EVENT_MAX_AGENTS. */
static inline rs_event rs_event_make(float t, unsigned kind, uint32_t agent)
{
    rs_event e = {(uint64_t)rs_time_bits(t) << 32 | (uint64_t)kind << RS_EVENT_AGENT_BITS | agent};
    return e;
}

static inline float rs_event_time(rs_event e) { return rs_time_of_bits((uint32_t)(e.key >> 32)); }

static inline unsigned rs_event_kind_of(rs_event e) { return (unsigned)(e.key >> RS_EVENT_AGENT_BITS) & 7u; }
static inline uint32_t rs_event_agent(rs_event e) { return (uint32_t)e.key & (RS_EVENT_MAX_AGENTS - 1); }

/* a before b? */
static inline int rs_event_before(const rs_event *a, const rs_event *b) { return a->key < b->key; }

/* End of a list in a link word or head (no agent has this index). */
#define RS_QUEUE_END (RS_EVENT_MAX_AGENTS - 1)

/* An agent's place in the queue: both words are read together (a key is
 * both), so they share one 8-byte slot: one cache line per agent touched. */
typedef struct {
    uint32_t time_bits; /* its queued event's float time bits, or RS_QUEUE_NONE;
                           where it sits follows from the time: a bucket not yet
                           loaded, or the due list */
    uint32_t link;      /* kind << RS_EVENT_AGENT_BITS | next agent in the same
                           list (RS_QUEUE_END: last) */
} rs_queue_slot;

#define RS_QUEUE_WARM_CURSORS 3 /* see warm_step in event_queue.c */

typedef struct {
    rs_queue_slot *slot;   /* per agent */
    uint32_t *bucket_head; /* length n_buckets: first agent parked in each bucket */
    size_t n_buckets, bucket_capacity, agent_capacity;
    uint32_t due_head, due_tail; /* the loaded buckets' events, sorted */
    uint32_t next_bucket;  /* first bucket not yet loaded into the due list */
    uint32_t warm[RS_QUEUE_WARM_CURSORS]; /* cursors walking the next buckets' lists
                                             ahead of their loads (event_queue.c) */
    uint32_t warm_turn;    /* which cursor steps at the next event */
    int warm_lists;        /* walk lists ahead at all (populations beyond the caches) */
    double buckets_per_day;
    double last_bucket;    /* n_buckets - 1 */
} rs_event_queue;

/* The time_bits of an agent with no queued event (a NaN's bits: no event
 * time has them). */
#define RS_QUEUE_NONE UINT32_MAX

/* Room for agents 0..agents-1 (fewer than RS_EVENT_MAX_AGENTS) with times in
 * [0, horizon); empties the queue. */
int rs_queue_reserve(rs_event_queue *q, size_t agents, double horizon, rs_error *err);
void rs_queue_free(rs_event_queue *q);

/* Buckets used for a run of `agents` agents over `horizon` days. */
size_t rs_queue_buckets_for(size_t agents, double horizon);
/* Bytes the queue holds per agent (for `agents` agents over `horizon` days). */
size_t rs_queue_bytes_per_agent(size_t agents, double horizon);

/* Insert or move ev.agent to ev (ev.t must be >= the time of the last event taken). */
void rs_queue_set(rs_event_queue *q, rs_event ev);
/* Take an agent out (no-op if absent). */
void rs_queue_remove(rs_event_queue *q, uint32_t agent);
/* Take the earliest event out into *ev; 0 if the queue is empty. */
int rs_queue_pop(rs_event_queue *q, rs_event *ev);
/* The agent of the d-th next event if it is already sorted (d >= 1), else
 * RS_QUEUE_ABSENT: lets the caller prefetch that agent's state. */
static inline uint32_t rs_queue_upcoming(const rs_event_queue *q, size_t d)
{
    uint32_t a = q->due_head;
    for (size_t k = 1; k < d && a != RS_QUEUE_END; k++) a = q->slot[a].link & RS_QUEUE_END;
    return a == RS_QUEUE_END ? RS_QUEUE_ABSENT : a;
}

#endif
