/* reoffsim — which of an agent's six timers fires next: the key the event
 * queue orders by (the time's float bits, then the kind, lowest first at
 * equal times), without the agent. Timers are >= 0 or +inf, never NaN.
 *
 * Every event asks this once, and which timer is next is unpredictable, so
 * it takes integer minima of the six (time bits, kind) keys (conditional
 * moves) instead of branching on comparisons, which mispredicted on most
 * events. tests/test_event_queue.c checks it against a plain search on
 * random, tied and infinite timers. */
#ifndef REOFFSIM_NEXT_TIMER_H
#define REOFFSIM_NEXT_TIMER_H

#include <stdint.h>

#include "unit.h"

/* A timer as the high half of an event key (agent 0): time bits, kind. */
static inline uint64_t rs_timer_key(float t, unsigned kind) { return rs_event_make(t, kind, 0).key; }

static inline uint64_t rs_min_key(uint64_t a, uint64_t b) { return b < a ? b : a; }

/* `service_day`: the day the agent's next service effect ends (+inf if none). */
static inline uint64_t rs_next_timer(const rs_agent_hot *h, float service_day)
{
    uint64_t k = rs_timer_key(h->t_release, RS_EV_RELEASE);
    k = rs_min_key(k, rs_timer_key(service_day, RS_EV_SERVICE));
    k = rs_min_key(k, rs_timer_key(h->t_court, RS_EV_COURT));
    k = rs_min_key(k, rs_timer_key(h->t_arrest, RS_EV_ARREST));
    k = rs_min_key(k, rs_timer_key(h->t_breach, RS_EV_BREACH));
    k = rs_min_key(k, rs_timer_key(h->t_offence, RS_EV_OFFENCE));
    return k;
}

#endif
