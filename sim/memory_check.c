/* reoffsim — will a run fit in this machine's memory? Agent state per
 * thread plus the results of every (scenario, replicate) unit, against the
 * physical memory; refused up front with the amount it would need. */
#include <unistd.h>

#include "memory_check.h"
#include "reoffsim/engine.h"
#include "reoffsim/metrics.h"

double rs_memory_needed(const rs_params *p, int n_scenarios, int threads)
{
    double agents = (double)p->run.n_agents * (double)rs_engine_bytes_per_agent() * threads;
    double per_unit = sizeof(rs_unit_result) + (double)p->run.years * RS_N_YEAR_TOTALS * sizeof(double);
    double units = (double)n_scenarios * (double)p->run.replicates;
    /* Results are held twice at the end: the ensemble and the HDF5 image. */
    return agents + 2.0 * units * per_unit;
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
