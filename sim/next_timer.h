/* reoffsim — which of an agent's six timers fires next: the key the event
 * queue orders by (the time's float bits, then the kind, lowest first at
 * equal times), without the agent. Timers are >= 0 or +inf, never NaN.
 *
 * Every event asks this once, so it is worth doing without branches (which
 * timer is next is unpredictable): the scalar version takes integer minima
 * of the six (time bits, kind) keys; on x86-64 (SSE2 is part of the base
 * instruction set) the timers go into two 4-float vectors in kind order, one
 * vector minimum gives the time and the lowest set bit of the lanes equal to
 * it gives the kind: about half the instructions. tests/test_event_queue.c
 * checks that both give the same key on random, tied and infinite timers. */
#ifndef REOFFSIM_NEXT_TIMER_H
#define REOFFSIM_NEXT_TIMER_H

#include <math.h>
#include <stdint.h>
#include "unit.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#define RS_NEXT_TIMER_SSE2 1
#endif

/* A timer as the high half of an event key (agent 0): time bits, kind. */
static inline uint64_t rs_timer_key(float t, unsigned kind) { return rs_event_make(t, kind, 0).key; }

static inline uint64_t rs_min_key(uint64_t a, uint64_t b) { return b < a ? b : a; }

/* `service_day`: the day the agent's next service effect ends (+inf if none). */
static inline uint64_t rs_next_timer_scalar(const rs_agent_hot *h, float service_day)
{
    uint64_t k = rs_timer_key(h->t_release, RS_EV_RELEASE);
    k = rs_min_key(k, rs_timer_key(service_day, RS_EV_SERVICE));
    k = rs_min_key(k, rs_timer_key(h->t_court, RS_EV_COURT));
    k = rs_min_key(k, rs_timer_key(h->t_arrest, RS_EV_ARREST));
    k = rs_min_key(k, rs_timer_key(h->t_breach, RS_EV_BREACH));
    k = rs_min_key(k, rs_timer_key(h->t_offence, RS_EV_OFFENCE));
    return k;
}

#ifdef RS_NEXT_TIMER_SSE2
_Static_assert(RS_EV_RELEASE == 0 && RS_EV_SERVICE == 1 && RS_EV_COURT == 2 && RS_EV_ARREST == 3 &&
                   RS_EV_BREACH == 4 && RS_EV_OFFENCE == 5,
               "the vectors' lanes are in kind order");

static inline uint64_t rs_next_timer_sse2(const rs_agent_hot *h, float service_day)
{
    __m128 low = _mm_setr_ps(h->t_release, service_day, h->t_court, h->t_arrest);
    __m128 high = _mm_setr_ps(h->t_breach, h->t_offence, INFINITY, INFINITY);
    __m128 m = _mm_min_ps(low, high);
    m = _mm_min_ps(m, _mm_shuffle_ps(m, m, _MM_SHUFFLE(1, 0, 3, 2)));
    m = _mm_min_ps(m, _mm_shuffle_ps(m, m, _MM_SHUFFLE(2, 3, 0, 1))); /* every lane: the minimum */
    /* -0 equals +0 here, as in the keys; the two padding lanes are +inf, so
     * they are only set when every timer is +inf, and then kind 0 wins in
     * both versions. */
    unsigned equal = (unsigned)_mm_movemask_ps(_mm_cmpeq_ps(low, m)) |
                     (unsigned)_mm_movemask_ps(_mm_cmpeq_ps(high, m)) << 4;
    return rs_timer_key(_mm_cvtss_f32(m), (unsigned)__builtin_ctz(equal));
}
#endif

static inline uint64_t rs_next_timer(const rs_agent_hot *h, float service_day)
{
#ifdef RS_NEXT_TIMER_SSE2
    return rs_next_timer_sse2(h, service_day);
#else
    return rs_next_timer_scalar(h, service_day);
#endif
}

#endif
