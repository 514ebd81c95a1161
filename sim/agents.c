/* reoffsim — allocation of the struct-of-arrays agent state (agents.h). */
#include "agents.h"

#include <stdlib.h>
#include <string.h>

/* Each array: a pointer-to-member and its element size. One list keeps
 * allocation, freeing and the bytes-per-agent count in step. */
#define RS_AGENT_FIELDS(X)                                                                 \
    X(flags) X(disposal0) X(needs0) X(offence0) X(sanctions0) X(needs) X(age0_days) X(first_age_days) X(frailty) \
    X(t_entry) X(state) X(offence) X(risk_offence) X(sanctions) X(n_offences) X(n_cases) X(n_releases) X(court_case) \
    X(haz_h1) X(haz_a) X(haz_k) X(haz_cum) X(spell_start) X(t_offence) X(t_arrest) X(t_court) X(t_release)      \
    X(t_breach) X(licence_end) X(order_end) X(arrest_count) \
    X(arrest_in_window) X(court_count) X(court_in_window) X(arrest_first) X(court_first)  \
    X(proven) X(first_reoffence) X(svc_next) X(svc_flags) X(wait_since) X(sentence)

size_t rs_agents_bytes_per_agent(void)
{
    rs_agents a;
    size_t bytes = RS_N_EFFECTS * sizeof *a.eff_until[0];
#define SIZE_OF(f) bytes += sizeof *a.f;
    RS_AGENT_FIELDS(SIZE_OF)
#undef SIZE_OF
    return bytes;
}

void rs_agents_free(rs_agents *a)
{
#define FREE(f) free(a->f);
    RS_AGENT_FIELDS(FREE)
#undef FREE
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        free(a->eff_until[k]);
    }
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
#define ALLOC(f) ok &= (a->f = calloc(n, sizeof *a->f)) != NULL;
    RS_AGENT_FIELDS(ALLOC)
#undef ALLOC
    for (int k = 0; k < RS_N_EFFECTS; k++) {
        ok &= (a->eff_until[k] = calloc(n, sizeof *a->eff_until[k])) != NULL;
    }
    if (!ok) {
        rs_agents_free(a);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for %zu agents (%zu bytes each)", n,
                            rs_agents_bytes_per_agent());
    }
    a->n = a->capacity = n;
    return RS_OK;
}
