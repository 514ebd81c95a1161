/* reoffsim — days kept in 16 bits, as ticks of a run's clock: horizon /
 * 65534 days (40 minutes at 5 years, under 3 hours at 20), computed once per
 * unit (rs_unit.tick_days) and passed to every conversion. Per-agent days
 * that need no finer resolution use it (service effect ends, licence and
 * order ends, waiting-list joins, days from cohort entry to the first
 * in-window offence of a pending case and to the first proven reoffence),
 * which halves their bytes. Tick counts order like the days they stand
 * for. Internal. */
#ifndef REOFFSIM_DAY_TICKS_H
#define REOFFSIM_DAY_TICKS_H

#include <math.h>
#include <stdint.h>

#define RS_TICKS_AT_HORIZON 65534.0
#define RS_TICKS_MAX 65535u
/* A first-offence tick count when there is none (later than any real one). */
#define RS_TICKS_NONE UINT16_MAX

/* The length of a tick for a run of `horizon` days. */
static inline double rs_tick_days(double horizon) { return horizon / RS_TICKS_AT_HORIZON; }

/* Day of a tick count. */
static inline double rs_ticks_day(uint16_t ticks, double tick_days) { return ticks * tick_days; }

/* An end day kept in ticks where 0 means none (service effects): never. */
static inline float rs_ticks_end_day(uint16_t ticks, double tick_days)
{
    return ticks ? (float)rs_ticks_day(ticks, tick_days) : INFINITY;
}

/* The first tick at or after `day` (0 for days <= 0, including -inf;
 * RS_TICKS_MAX past the horizon): for "until" days, so a day rounds later. */
static inline uint16_t rs_ticks_up(double day, double tick_days)
{
    if (!(day > 0.0)) return 0;
    double ticks = ceil(day / tick_days);
    return ticks < RS_TICKS_MAX ? (uint16_t)ticks : (uint16_t)RS_TICKS_MAX;
}

/* The last tick at or before `day` (0 <= day < horizon): for "since" days. */
static inline uint16_t rs_ticks_down(double day, double tick_days)
{
    if (!(day > 0.0)) return 0;
    double ticks = floor(day / tick_days);
    return ticks < RS_TICKS_AT_HORIZON ? (uint16_t)ticks : (uint16_t)RS_TICKS_AT_HORIZON;
}

#endif
