/* reoffsim — progress bar (progress.h). Throttled to 5 updates a second. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void rs_progress_init(rs_progress *p, int quiet, int n_scenarios)
{
    p->enabled = !quiet && isatty(fileno(stderr));
    p->n_scenarios = n_scenarios > 0 ? n_scenarios : 1;
    p->start = p->last = now();
}

void rs_progress_update(void *ctx, int done, int total, uint64_t events)
{
    rs_progress *p = ctx;
    if (!p->enabled) return;
    double t = now();
    if (done < total && t - p->last < 0.2) return;
    p->last = t;
    double elapsed = t - p->start;
    double eta = done > 0 ? elapsed * (total - done) / done : 0.0;
    enum { WIDTH = 30 };
    int filled = total > 0 ? (int)((double)WIDTH * done / total) : WIDTH;
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %d/%d runs (%d scenarios x replicates)  %.1f M events/s  ETA %d:%02d ",
            bar, done, total, p->n_scenarios, elapsed > 0 ? events / elapsed / 1e6 : 0.0,
            (int)eta / 60, (int)eta % 60);
    fflush(stderr);
}

void rs_progress_finish(rs_progress *p)
{
    if (p->enabled) fprintf(stderr, "\r%100s\r", "");
}
