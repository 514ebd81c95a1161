/* reoffsim — run one work unit (scenario, replicate): generate the cohort,
 * process every agent's events in time order until the horizon, and
 * accumulate the unit's results. A workspace holds the reusable buffers. */
#ifndef REOFFSIM_ENGINE_H
#define REOFFSIM_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "reoffsim/error.h"
#include "reoffsim/metrics.h"
#include "reoffsim/params.h"

typedef struct rs_workspace rs_workspace;

/* Create / free a workspace (one per thread). Returns NULL on no memory. */
rs_workspace *rs_workspace_create(void);
void rs_workspace_free(rs_workspace *ws);

/* A flag that, once non-zero, stops a unit within RS_ENGINE_CANCEL_EVENTS
 * events (a signal handler's flag): rs_engine_run then returns
 * RS_ERR_INTERRUPTED and the unit's result is incomplete. NULL: never. */
#define RS_ENGINE_CANCEL_EVENTS 65536
void rs_workspace_set_cancel(rs_workspace *ws, const volatile sig_atomic_t *cancel);

/* Simulate replicate `replicate` of scenario parameters p into res (whose
 * year storage must hold p->run.years entries per total). Allocates only
 * when the workspace must grow; the event loop itself never allocates. */
int rs_engine_run(const rs_params *p, uint32_t replicate, rs_workspace *ws, rs_unit_result *res,
                  rs_error *err);

/* Bytes of simulation state per agent (agent arrays + event heap slot). */
size_t rs_engine_bytes_per_agent(void);

#endif
