/* reoffsim — allocation of the agent state (agents.h): the 64-byte hot
 * records on cache-line boundaries, then one array per record group. */
#include "agents.h"

#include <stdlib.h>
#include <string.h>

/* The arrays besides the hot records. One list keeps allocation, freeing
 * and the bytes-per-agent count in step. */
#define RS_AGENT_FIELDS(X) X(profile) X(record) X(effects)

size_t rs_agents_bytes_per_agent(void)
{
    rs_agents a;
    size_t bytes = sizeof *a.hot;
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
    free(a->hot);
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
    if (!ok) {
        rs_agents_free(a);
        return rs_error_set(err, RS_ERR_NOMEM, "out of memory for %zu agents (%zu bytes each)", n,
                            rs_agents_bytes_per_agent());
    }
    a->n = a->capacity = n;
    return RS_OK;
}
