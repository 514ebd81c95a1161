/* reoffsim — terminal progress bar for long runs (runs done, events/s,
 * ETA). Silent unless enabled and stderr is a terminal. */
#ifndef REOFFSIM_PROGRESS_H
#define REOFFSIM_PROGRESS_H

#include <stdint.h>

typedef struct {
    int enabled;
    int n_scenarios;
    double start, last; /* monotonic seconds */
} rs_progress;

/* enabled = !quiet && isatty(stderr). */
void rs_progress_init(rs_progress *p, int quiet, int n_scenarios);

/* rs_progress_fn-compatible callback. */
void rs_progress_update(void *ctx, int done, int total, uint64_t events);

/* Clear the bar line. */
void rs_progress_finish(rs_progress *p);

#endif
