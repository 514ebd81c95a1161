/* reoffsim — the engine's queue of next events: a calendar of time buckets
 * in front of the indexed binary heap (event_heap.h). Only events in the
 * current bucket sit in the heap; later ones wait unsorted in per-bucket
 * lists threaded through the agents. Buckets partition time in order, so
 * events leave in exactly the heap's (time, kind, agent) order while the
 * heap stays small (a few dozen entries instead of every agent) and pushes
 * of far-future events cost O(1). */
#ifndef REOFFSIM_EVENT_QUEUE_H
#define REOFFSIM_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "event_heap.h"
#include "reoffsim/error.h"

/* The pending event of an agent parked in a bucket, recomputed from the
 * agent's state when its bucket comes due (state does not change while it
 * waits: every change re-sets the agent in the queue). */
typedef rs_event (*rs_event_of_fn)(const void *ctx, uint32_t agent);

typedef struct {
    rs_event_heap heap;    /* events of buckets <= current */
    uint32_t *head;        /* length n_buckets: first agent of each bucket, or RS_HEAP_ABSENT */
    uint32_t *next;        /* per agent: next agent in the same bucket */
    uint32_t *bucket_of;   /* per agent: its bucket, or RS_HEAP_ABSENT if not parked */
    size_t n_buckets, bucket_capacity, agent_capacity;
    uint32_t current;      /* bucket whose events are in the heap */
    double buckets_per_day;
    rs_event_of_fn event_of;
    const void *ctx;
} rs_event_queue;

/* Room for agents 0..agents-1 with times in [0, horizon); empties the queue. */
int rs_queue_reserve(rs_event_queue *q, size_t agents, double horizon, rs_event_of_fn event_of,
                     const void *ctx, rs_error *err);
void rs_queue_free(rs_event_queue *q);

/* Buckets used for a run of `agents` agents over `horizon` days. */
size_t rs_queue_buckets_for(size_t agents, double horizon);

/* Insert or move ev.agent to ev (ev.t must be >= the time of the last event taken). */
void rs_queue_set(rs_event_queue *q, rs_event ev);
/* Take an agent out (no-op if absent). */
void rs_queue_remove(rs_event_queue *q, uint32_t agent);
/* The earliest event into *ev; 0 if the queue is empty. */
int rs_queue_peek(rs_event_queue *q, rs_event *ev);

#endif
