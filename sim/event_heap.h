/* reoffsim — indexed binary min-heap of agents keyed by their next event.
 * Each agent appears at most once (pos[] finds it, so a service can
 * re-time another agent); ties break on (time, kind, agent id) so the order
 * is a pure function of the model state, never of memory or threads. */
#ifndef REOFFSIM_EVENT_HEAP_H
#define REOFFSIM_EVENT_HEAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "reoffsim/error.h"

#define RS_HEAP_ABSENT UINT32_MAX

typedef struct {
    double t;
    uint32_t kind;
    uint32_t agent;
} rs_event;

typedef struct {
    size_t n, capacity;
    rs_event *e;   /* length capacity */
    uint32_t *pos; /* length capacity: heap index of agent, or RS_HEAP_ABSENT */
} rs_event_heap;

/* Room for agents 0..capacity-1; empties the heap. */
int rs_heap_reserve(rs_event_heap *h, size_t capacity, rs_error *err);
void rs_heap_free(rs_event_heap *h);

/* a before b? Event times are finite and >= 0, and for such doubles the
 * IEEE 754 bit patterns order like the values, so the comparison is done on
 * integers (fewer instructions in the sift-down loop, the engine's hot path). */
static inline int rs_event_before(const rs_event *a, const rs_event *b)
{
    uint64_t ta, tb;
    memcpy(&ta, &a->t, sizeof ta);
    memcpy(&tb, &b->t, sizeof tb);
    if (ta != tb) return ta < tb;
    uint64_t ka = (uint64_t)a->kind << 32 | a->agent, kb = (uint64_t)b->kind << 32 | b->agent;
    return ka < kb;
}

/* Insert or move ev.agent to ev. */
void rs_heap_set(rs_event_heap *h, rs_event ev);
/* Take an agent out (no-op if absent). */
void rs_heap_remove(rs_event_heap *h, uint32_t agent);
/* Push a new agent / remove the top / re-key the top. */
void rs_heap_push(rs_event_heap *h, rs_event ev);
void rs_heap_pop(rs_event_heap *h);
void rs_heap_replace_top(rs_event_heap *h, rs_event ev);

#endif
