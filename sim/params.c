/* reoffsim — whole-parameter-set checks: ranges of every key, groups that
 * must sum to one, and relations between keys. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reoffsim/params.h"
#include "reoffsim/posterior.h"

#define SUM_TOLERANCE 1e-6

static int check_range(const rs_params *p, const rs_key *k, const rs_key **bad, rs_error *err)
{
    double v = rs_params_get(p, k);
    if (k->type == RS_KEY_U64) return RS_OK; /* full uint64 range is valid */
    if (!isfinite(v) || v < k->min || v > k->max) {
        *bad = k;
        return rs_error_set(err, RS_ERR_CONFIG, "%s: must be in [%g, %g], got %g", k->path,
                            k->min, k->max, v);
    }
    return RS_OK;
}

/* Sum of every key in the group `group`. */
static double group_sum(const rs_params *p, const char *group)
{
    double sum = 0.0;
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        if (k->group && strcmp(k->group, group) == 0) sum += rs_params_get(p, k);
    }
    return sum;
}

static int check_groups(const rs_params *p, const rs_key **bad, rs_error *err)
{
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        /* Check each group once, at its first key. */
        if (!k->group || (i > 0 && rs_params_key(i - 1)->group &&
                          strcmp(rs_params_key(i - 1)->group, k->group) == 0))
            continue;
        double sum = group_sum(p, k->group);
        if (fabs(sum - 1.0) > SUM_TOLERANCE) {
            *bad = k;
            return rs_error_set(err, RS_ERR_CONFIG, "%s: shares must sum to 1, got %.9g",
                                k->group, sum);
        }
    }
    return RS_OK;
}

static int check_service_window(const rs_service_common *c, const char *name, const rs_key **bad,
                                rs_error *err)
{
    if (c->end_day < c->start_day) {
        char key[64];
        snprintf(key, sizeof key, "services.%s.end_day", name);
        *bad = rs_params_key_find(key);
        return rs_error_set(err, RS_ERR_CONFIG, "%s: ends (day %g) before it starts (day %g)", key,
                            c->end_day, c->start_day);
    }
    return RS_OK;
}

static int check_shares(double total, const char *key, const char *parts, const rs_key **bad, rs_error *err)
{
    if (total > 1.0 + SUM_TOLERANCE) {
        *bad = rs_params_key_find(key);
        return rs_error_set(err, RS_ERR_CONFIG, "budget shares %s add up to %g, more than 1", parts, total);
    }
    return RS_OK;
}

static int check_services(const rs_params *p, const rs_key **bad, rs_error *err)
{
    const rs_services_params *s = &p->services;
    int rc = check_service_window(&s->dip.c, "dip", bad, err);
    if (!rc) rc = check_service_window(&s->triborough.c, "triborough", bad, err);
    if (!rc) rc = check_service_window(&s->gto.c, "gto", bad, err);
    const rs_triborough_params *t = &s->triborough;
    if (!rc) rc = check_shares(t->custody_share + t->keyworker_share + t->women_share + t->fund_share,
                               "services.triborough.custody_share",
                               "services.triborough.{custody,keyworker,women,fund}_share", bad, err);
    const rs_gto_params *g = &s->gto;
    if (!rc) rc = check_shares(g->policing_share + g->courts_share + g->management_share + g->pathways_share,
                               "services.gto.policing_share",
                               "services.gto.{policing,courts,management,pathways}_share", bad, err);
    return rc;
}

static int check_relations(const rs_params *p, const rs_key **bad, rs_error *err)
{
    if (p->court.long_custody_median_days > p->court.max_custody_days) {
        *bad = rs_params_key_find("court.long_custody_median_days");
        return rs_error_set(err, RS_ERR_CONFIG,
                            "court.long_custody_median_days: exceeds court.max_custody_days");
    }
    if (p->run.cohort_period_days > p->run.years * 365.0) {
        *bad = rs_params_key_find("run.cohort_period_days");
        return rs_error_set(err, RS_ERR_CONFIG,
                            "run.cohort_period_days: cohort period (%g days) longer than the "
                            "simulated run.years (%d)",
                            p->run.cohort_period_days, p->run.years);
    }
    int rc = check_services(p, bad, err);
    if (rc) return rc;
    double window = p->run.cohort_period_days + p->run.followup_days + p->run.waiting_days;
    if (window > p->run.years * 365.0) {
        *bad = rs_params_key_find("run.years");
        return rs_error_set(err, RS_ERR_CONFIG,
                            "run.years: %d years (%g days) is shorter than cohort period + "
                            "follow-up + waiting period (%g days)",
                            p->run.years, p->run.years * 365.0, window);
    }
    return RS_OK;
}

int rs_params_validate(const rs_params *p, const rs_key **bad_key, rs_error *err)
{
    const rs_key *unused;
    const rs_key **bad = bad_key ? bad_key : &unused;
    *bad = NULL;
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        int rc = check_range(p, rs_params_key(i), bad, err);
        if (rc) return rc;
    }
    int rc = check_groups(p, bad, err);
    if (rc) return rc;
    return check_relations(p, bad, err);
}

/* Real workers (or tags) a year's money buys. */
static double workers(const rs_service_common *c, int y, double share, double cost)
{
    double money = c->budget_k[y] * 1000.0 * (1.0 - c->budget_cut) * share;
    return cost > 0.0 ? floor(money / cost) : 0.0;
}

int rs_params_capacity_notes(const rs_params *p, int years, char *out, size_t len)
{
    const rs_triborough_params *t = &p->services.triborough;
    const rs_gto_params *g = &p->services.gto;
    struct {
        const rs_service_common *c;
        const char *what;
        double share, cost;
    } lines[3] = {
        {&t->c, "triborough key workers (keyworker_share / keyworker_cost)", t->keyworker_share, t->keyworker_cost},
        {&t->c, "triborough women's service (women_share / women_keyworker_cost)", t->women_share, t->women_keyworker_cost},
        {&g->c, "gto GPS tags (policing_share / tag_cost_per_year)", g->policing_share, g->tag_cost_per_year},
    };
    int notes = 0;
    size_t used = 0;
    if (len) out[0] = '\0';
    for (int k = 0; k < 3; k++) {
        if (!lines[k].c->enabled) continue;
        for (int y = 0; y < years && y < RS_BUDGET_YEARS; y++) {
            double start = y * 365.0, end = start + 365.0;
            int active = lines[k].c->start_day < end && lines[k].c->end_day > start;
            if (!active || workers(lines[k].c, y, lines[k].share, lines[k].cost) >= 1.0) continue;
            notes++;
            if (used < len)
                used += (size_t)snprintf(out + used, len - used, "year %d: %s buys no place: nobody is served\n",
                                         y + 1, lines[k].what);
        }
    }
    return notes;
}

int rs_params_set_uncertain(rs_params *p, const rs_uncertain *u)
{
    rs_params_clear_uncertain(p, u->key);
    if (p->n_uncertain >= RS_MAX_UNCERTAIN) return -1;
    p->uncertain[p->n_uncertain++] = *u;
    return 0;
}

void rs_params_clear_uncertain(rs_params *p, uint32_t key)
{
    for (int k = 0; k < p->n_uncertain; k++)
        if (p->uncertain[k].key == key) {
            p->uncertain[k] = p->uncertain[--p->n_uncertain];
            return;
        }
}

void rs_params_draw(rs_params *p, uint32_t replicate)
{
    rs_rng_key key = rs_rng_key_make(p->run.seed, replicate);
    for (int k = 0; k < p->n_uncertain; k++) {
        const rs_key *schema = rs_params_key(p->uncertain[k].key);
        double v = rs_uncertain_draw(&p->uncertain[k], key);
        /* Keep draws inside the key's valid range (tails of normal/lognormal). */
        if (v < schema->min) v = schema->min;
        if (v > schema->max) v = schema->max;
        rs_params_set(p, schema, v);
    }
    if (p->posterior) rs_posterior_apply(p->posterior, p, replicate);
}

/* Keys checked together (besides share groups): a failed check may be the
 * fault of any of them. */
static const char *const relations[][5] = {
    {"services.triborough.custody_share", "services.triborough.keyworker_share", "services.triborough.women_share",
     "services.triborough.fund_share", NULL},
    {"services.gto.policing_share", "services.gto.courts_share", "services.gto.management_share",
     "services.gto.pathways_share", NULL},
    {"services.dip.start_day", "services.dip.end_day", NULL},
    {"services.triborough.start_day", "services.triborough.end_day", NULL},
    {"services.gto.start_day", "services.gto.end_day", NULL},
    {"court.long_custody_median_days", "court.max_custody_days", NULL},
    {"run.years", "run.cohort_period_days", "run.followup_days", "run.waiting_days", NULL},
};

size_t rs_params_related(const rs_key *k, const rs_key **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < rs_params_key_count() && n < max; i++) {
        const rs_key *other = rs_params_key(i);
        if (k->group && other->group && !strcmp(k->group, other->group)) out[n++] = other;
    }
    for (size_t r = 0; r < sizeof relations / sizeof relations[0]; r++) {
        int member = 0;
        for (int j = 0; relations[r][j]; j++) member |= !strcmp(relations[r][j], k->path);
        for (int j = 0; member && relations[r][j] && n < max; j++) out[n++] = rs_params_key_find(relations[r][j]);
    }
    if (n == 0 && max > 0) out[n++] = k;
    return n;
}
