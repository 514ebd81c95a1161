/* reoffsim — name widths and scale words of the terminal tables (table_text.h). */
#include "table_text.h"

#include <stdio.h>
#include <string.h>

int rs_summary_name_width(const rs_config *cfg, int min)
{
    int w = min;
    for (int s = 0; s < cfg->n_scenarios; s++) {
        int len = (int)strlen(cfg->scenarios[s].name);
        if (len > w) w = len;
    }
    return w;
}

const char *rs_scale_cohort(const rs_config *cfg, char *buf, size_t n)
{
    snprintf(buf, n, "simulated cohort of %d offenders", cfg->scenarios[cfg->reference].params.run.n_agents);
    return buf;
}

const char *rs_scale_area(const rs_config *cfg, char *buf, size_t n)
{
    const rs_params *p = &cfg->scenarios[cfg->reference].params;
    snprintf(buf, n, "area of %.0f offenders a year over %d years", p->economics.area_offenders, p->run.years);
    return buf;
}
