/* reoffsim — what money buys a service inside one work unit: budget pots
 * spent per activity and reset each financial year, and slot pools
 * (caseloads, tags) with a first-come first-served waiting list. Budgets are
 * scaled from the real area to the simulated cohort. */
#ifndef REOFFSIM_CAPACITY_H
#define REOFFSIM_CAPACITY_H

#include <stddef.h>
#include <stdint.h>

#include "reoffsim/service_params.h"

#define RS_NO_AGENT UINT32_MAX

/* Money for one budget line: £ per simulated year, spent as activities happen. */
typedef struct {
    double per_year[RS_BUDGET_YEARS]; /* £ available in the simulated cohort */
    int year;                         /* year `left` belongs to (-1: none yet) */
    double left;
} rs_pot;

/* Concurrent places (key-worker caseload, tags) and their waiting list: a
 * FIFO threaded through the agents (an agent waits on at most one list at a
 * time, so one link per agent serves every pool). */
typedef struct {
    double slots_per_year[RS_BUDGET_YEARS]; /* places in the simulated cohort */
    int used;
    uint32_t *next_waiting; /* per agent: the agent behind it (owned by the workspace) */
    uint32_t first, last;   /* longest- and shortest-waiting agents */
    size_t count;
} rs_pool;

/* £ for year y of a service line: budget_k * 1000 * (1 - cut) * share * scale. */
void rs_pot_init(rs_pot *pot, const rs_service_common *c, double share, double scale);
/* Spend `amount` at day t if the year's pot allows; returns 1 if spent. */
int rs_pot_spend(rs_pot *pot, double t, double amount);

/* Places: floor(real money / cost per worker) workers x caseload, scaled. A
 * budget too small for one worker gives zero places. */
void rs_pool_init(rs_pool *pool, const rs_service_common *c, double share, double cost_per_worker,
                  double caseload, double scale, uint32_t *next_waiting);
double rs_pool_capacity(const rs_pool *pool, double t);
/* Take a place at t if one is free; returns 1 on success. */
int rs_pool_take(rs_pool *pool, double t);
/* Give a place back. */
void rs_pool_release(rs_pool *pool);
/* Join the waiting list (the agent must not be waiting on any list); pop the
 * longest-waiting agent (or RS_NO_AGENT). */
void rs_pool_enqueue(rs_pool *pool, uint32_t agent);
uint32_t rs_pool_dequeue(rs_pool *pool);

/* Index of the budget year of day t (years past the table reuse the last). */
int rs_budget_year(double t);

#endif
