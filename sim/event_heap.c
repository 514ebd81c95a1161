/* reoffsim — indexed binary min-heap of next events (event_heap.h). */
#include "event_heap.h"

#include <stdlib.h>
#include <string.h>

int rs_heap_reserve(rs_event_heap *h, size_t capacity, rs_error *err)
{
    if (capacity > h->capacity) {
        rs_event *e = realloc(h->e, capacity * sizeof *e);
        if (e) h->e = e;
        uint32_t *pos = realloc(h->pos, capacity * sizeof *pos);
        if (pos) h->pos = pos;
        if (!e || !pos) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for event heap (%zu)", capacity);
        h->capacity = capacity;
    }
    h->n = 0;
    memset(h->pos, 0xff, capacity * sizeof *h->pos);
    return RS_OK;
}

void rs_heap_free(rs_event_heap *h)
{
    free(h->e);
    free(h->pos);
    memset(h, 0, sizeof *h);
}

static inline void place(rs_event_heap *h, size_t i, rs_event ev)
{
    h->e[i] = ev;
    h->pos[ev.agent] = (uint32_t)i;
}

static void sift_up(rs_event_heap *h, size_t i, rs_event ev)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!rs_event_before(&ev, &h->e[parent])) break;
        place(h, i, h->e[parent]);
        i = parent;
    }
    place(h, i, ev);
}

static void sift_down(rs_event_heap *h, size_t i, rs_event ev)
{
    rs_event *e = h->e;
    size_t n = h->n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && rs_event_before(&e[c + 1], &e[c])) c++;
        if (!rs_event_before(&e[c], &ev)) break;
        place(h, i, e[c]);
        i = c;
    }
    place(h, i, ev);
}

/* Put ev at slot i, moving it up or down as needed. */
static void reposition(rs_event_heap *h, size_t i, rs_event ev)
{
    if (i > 0 && rs_event_before(&ev, &h->e[(i - 1) / 2]))
        sift_up(h, i, ev);
    else
        sift_down(h, i, ev);
}

void rs_heap_push(rs_event_heap *h, rs_event ev) { sift_up(h, h->n++, ev); }

void rs_heap_set(rs_event_heap *h, rs_event ev)
{
    uint32_t i = h->pos[ev.agent];
    if (i == RS_HEAP_ABSENT)
        rs_heap_push(h, ev);
    else
        reposition(h, i, ev);
}

void rs_heap_remove(rs_event_heap *h, uint32_t agent)
{
    uint32_t i = h->pos[agent];
    if (i == RS_HEAP_ABSENT) return;
    h->pos[agent] = RS_HEAP_ABSENT;
    rs_event last = h->e[--h->n];
    if (i < h->n) reposition(h, i, last);
}

void rs_heap_pop(rs_event_heap *h)
{
    if (h->n > 0) rs_heap_remove(h, h->e[0].agent);
}

void rs_heap_replace_top(rs_event_heap *h, rs_event ev)
{
    h->pos[h->e[0].agent] = RS_HEAP_ABSENT;
    sift_down(h, 0, ev);
}
