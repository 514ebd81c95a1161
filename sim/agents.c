/* reoffsim — allocation of the struct-of-arrays agent state (agents.h). */
#include "agents.h"

#include <stdlib.h>
#include <string.h>

/* Each array: a pointer-to-member and its element size. One list keeps
 * allocation, freeing and the bytes-per-agent count in step. */
#define RS_AGENT_FIELDS(X)                                                                      \
    X(disposal0) X(needs0) X(offence0) X(sanctions0) X(age0_days) X(first_age_days) X(frailty)      \
    X(n_releases) X(court_case) X(licence_end) X(order_end) X(court_first) X(proven)               \
    X(first_reoffence) X(svc_flags) X(wait_since) X(sentence)

size_t rs_agents_bytes_per_agent(void)
{
    rs_agents a;
    size_t bytes = sizeof *a.hot + sizeof *a.eff_until;
#define SIZE_OF(f) bytes += sizeof *a.f;
    RS_AGENT_FIELDS(SIZE_OF)
#undef SIZE_OF
    return bytes;
}

void rs_agents_free(rs_agents *a)
{
#define FREE(f) free(a->f);
    RS_AGENT_FIELDS(FREE)
    free(a->hot);
#undef FREE
    free(a->eff_until);
    memset(a, 0, sizeof *a);
}

int rs_agents_reserve(rs_agents *a, size_t n, rs_error *err)
{
    if (n <= a->capacity) {
        a->n = n;
        return RS_OK;
    }
    rs_agents_free(a);
    int ok = 1;
    /* One cache line per agent, on line boundaries (n * 64 is a multiple of 64). */
    a->hot = aligned_alloc(64, n * sizeof *a->hot);
    if (a->hot) memset(a->hot, 0, n * sizeof *a->hot);
    ok &= a->hot != NULL;
#define ALLOC(f) ok &= (a->f = calloc(n, sizeof *a->f)) != NULL;
    RS_AGENT_FIELDS(ALLOC)
#undef ALLOC
    ok &= (a->eff_until = calloc(n, sizeof *a->eff_until)) != NULL;
    if (!ok) {
        rs_agents_free(a);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for %zu agents (%zu bytes each)", n,
                            rs_agents_bytes_per_agent());
    }
    a->n = a->capacity = n;
    return RS_OK;
}
