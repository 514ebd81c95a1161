/* reoffsim — binary min-heap of agents keyed by their next event. Each agent
 * appears at most once; ties break on (time, kind, agent id) so the order is
 * a pure function of the model state, never of memory or threads. */
#ifndef REOFFSIM_EVENT_HEAP_H
#define REOFFSIM_EVENT_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "reoffsim/error.h"

typedef struct {
    double t;
    uint32_t kind;
    uint32_t agent;
} rs_event;

typedef struct {
    size_t n, capacity;
    rs_event *e; /* length capacity */
} rs_event_heap;

int rs_heap_reserve(rs_event_heap *h, size_t capacity, rs_error *err);
void rs_heap_free(rs_event_heap *h);
static inline void rs_heap_clear(rs_event_heap *h) { h->n = 0; }

/* a before b? */
static inline int rs_event_before(const rs_event *a, const rs_event *b)
{
    if (a->t != b->t) return a->t < b->t;
    if (a->kind != b->kind) return a->kind < b->kind;
    return a->agent < b->agent;
}

/* Push (capacity must suffice: one slot per agent). */
void rs_heap_push(rs_event_heap *h, rs_event ev);
/* Replace the top with ev (the same agent's next event) and restore order. */
void rs_heap_replace_top(rs_event_heap *h, rs_event ev);
/* Remove the top. */
void rs_heap_pop(rs_event_heap *h);

#endif
