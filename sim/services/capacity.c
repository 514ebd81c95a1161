/* reoffsim — budget pots and slot pools (capacity.h). */
#include "capacity.h"

#include <math.h>

#include "reoffsim/metrics.h"

int rs_budget_year(double t)
{
    int y = t > 0.0 ? rs_year_of(t) : 0;
    return y < RS_BUDGET_YEARS ? y : RS_BUDGET_YEARS - 1;
}

static double real_money(const rs_service_common *c, int y, double share)
{
    return c->budget_k[y] * 1000.0 * (1.0 - c->budget_cut) * share;
}

void rs_pot_init(rs_pot *pot, const rs_service_common *c, double share, double scale)
{
    for (int y = 0; y < RS_BUDGET_YEARS; y++) pot->per_year[y] = real_money(c, y, share) * scale;
    pot->year = -1;
    pot->left = 0.0;
}

int rs_pot_spend(rs_pot *pot, double t, double amount)
{
    int y = rs_budget_year(t);
    if (y != pot->year) {
        pot->year = y;
        pot->left = pot->per_year[y];
    }
    if (amount > pot->left) return 0;
    pot->left -= amount;
    return 1;
}

void rs_pool_init(rs_pool *pool, const rs_service_common *c, double share, double cost_per_worker,
                  double caseload, double scale, uint32_t *next_waiting)
{
    for (int y = 0; y < RS_BUDGET_YEARS; y++) {
        double workers = cost_per_worker > 0.0 ? floor(real_money(c, y, share) / cost_per_worker) : 0.0;
        pool->slots_per_year[y] = workers * caseload * scale;
    }
    pool->used = 0;
    pool->next_waiting = next_waiting;
    pool->first = pool->last = RS_NO_AGENT;
    pool->count = 0;
}

double rs_pool_capacity(const rs_pool *pool, double t)
{
    /* Whole places only: a fraction of a place serves nobody. */
    return floor(pool->slots_per_year[rs_budget_year(t)] + 1e-9);
}

int rs_pool_take(rs_pool *pool, double t)
{
    if (pool->used + 1 > rs_pool_capacity(pool, t)) return 0;
    pool->used++;
    return 1;
}

void rs_pool_release(rs_pool *pool)
{
    if (pool->used > 0) pool->used--;
}

void rs_pool_enqueue(rs_pool *pool, uint32_t agent)
{
    pool->next_waiting[agent] = RS_NO_AGENT;
    if (pool->count == 0)
        pool->first = agent;
    else
        pool->next_waiting[pool->last] = agent;
    pool->last = agent;
    pool->count++;
}

uint32_t rs_pool_dequeue(rs_pool *pool)
{
    if (pool->count == 0) return RS_NO_AGENT;
    uint32_t a = pool->first;
    pool->first = pool->next_waiting[a];
    if (--pool->count == 0) pool->first = pool->last = RS_NO_AGENT;
    return a;
}
