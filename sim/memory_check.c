/* reoffsim — will a run fit in this machine's memory? Agent state per
 * thread plus what the streaming results writer keeps per (scenario,
 * replicate) unit (docs/hpc.md), against the physical memory; refused up
 * front with the amount it would need. */
#include <unistd.h>

#include "memory_check.h"
#include "results_stream.h"
#include "reoffsim/engine.h"
#include "reoffsim/metrics.h"

double rs_memory_needed(const rs_params *p, int n_scenarios, int threads)
{
    double agents = (double)p->run.n_agents * (double)rs_engine_bytes_per_agent() * threads;
    /* Per unit: what the writer keeps for the summaries, plus the columns
     * the summaries and the decision build from it at the end (one value
     * per subgroup, three per option). Year arrays are streamed to disk. */
    double per_unit = rs_rstream_bytes_per_unit(p->run.years) + (RS_N_GROUPS + 3) * sizeof(double);
    double units = (double)n_scenarios * (double)p->run.replicates;
    /* A unit in flight per thread (with its year arrays), the writer's
     * buffers and HDF5, and a small file's image built in memory twice. */
    double in_flight = threads * (sizeof(rs_unit_result) + (double)p->run.years * RS_N_YEAR_TOTALS * sizeof(double));
    return agents + units * per_unit + in_flight + rs_rstream_bytes_fixed(n_scenarios, p->run.years) + 64.0 * (1 << 20);
}

double rs_memory_available(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0.0;
}

int rs_memory_check(const rs_params *p, int n_scenarios, int threads, char *msg, size_t len)
{
    double need = rs_memory_needed(p, n_scenarios, threads), have = rs_memory_available();
    if (have <= 0.0 || need <= 0.9 * have) return 0;
    snprintf(msg, len,
             "%d agents x %d replicates x %d scenarios would need about %.1f GiB of memory with %d threads; "
             "this machine has %.1f GiB",
             p->run.n_agents, p->run.replicates, n_scenarios, need / 1073741824.0, threads, have / 1073741824.0);
    return 1;
}
