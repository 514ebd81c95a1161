/* reoffsim — binary min-heap of next events (event_heap.h). */
#include "event_heap.h"

#include <stdlib.h>

int rs_heap_reserve(rs_event_heap *h, size_t capacity, rs_error *err)
{
    h->n = 0;
    if (capacity <= h->capacity) return RS_OK;
    rs_event *e = realloc(h->e, capacity * sizeof *e);
    if (!e) return rs_error_set(err, RS_ERR_NOMEM, "out of memory for event heap (%zu)", capacity);
    h->e = e;
    h->capacity = capacity;
    return RS_OK;
}

void rs_heap_free(rs_event_heap *h)
{
    free(h->e);
    h->e = NULL;
    h->n = h->capacity = 0;
}

static void sift_down(rs_event_heap *h, size_t i)
{
    rs_event *e = h->e;
    rs_event x = e[i];
    size_t n = h->n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && rs_event_before(&e[c + 1], &e[c])) c++;
        if (!rs_event_before(&e[c], &x)) break;
        e[i] = e[c];
        i = c;
    }
    e[i] = x;
}

void rs_heap_push(rs_event_heap *h, rs_event ev)
{
    size_t i = h->n++;
    rs_event *e = h->e;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!rs_event_before(&ev, &e[parent])) break;
        e[i] = e[parent];
        i = parent;
    }
    e[i] = ev;
}

void rs_heap_replace_top(rs_event_heap *h, rs_event ev)
{
    h->e[0] = ev;
    sift_down(h, 0);
}

void rs_heap_pop(rs_event_heap *h)
{
    if (h->n == 0) return;
    h->e[0] = h->e[--h->n];
    if (h->n > 0) sift_down(h, 0);
}
