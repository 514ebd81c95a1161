/* reoffsim — results of a parameter sweep (config `sweep:`): for each point,
 * net present value, offences averted and the proven-reoffending change
 * against the reference, each with its uncertainty interval and MCSE; the
 * point with the highest expected NPV. Printed (terminal) and written to
 * /sweep (sweep.c). */
#ifndef REOFFSIM_SWEEP_H
#define REOFFSIM_SWEEP_H

#include <stdio.h>

#include "reoffsim/config.h"
#include "reoffsim/economics.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/stats.h"

typedef struct {
    int scenario;               /* index of the point's scenario */
    rs_summary npv;             /* GBP, area, discounted, vs the reference */
    rs_summary offences_averted;/* area, over the appraisal, vs the reference */
    rs_summary proven_pp;       /* MoJ proven reoffending rate, percentage points vs the reference */
} rs_sweep_point;

/* Summaries of every point, row-major (points[rs_sweep_points(&cfg->sweep)],
 * caller-provided); returns the index of the point with the highest mean NPV. */
int rs_sweep_summarise(const rs_config *cfg, const rs_ensemble *e, const rs_economics *x, rs_sweep_point *points);

void rs_sweep_print(FILE *out, const rs_config *cfg, const rs_ensemble *e, const rs_economics *x);

/* /sweep: one dataset per summary over the swept values (dimension scales
 * value0[, value1], each with the swept keys as an attribute). hid_t as int64. */
int rs_sweep_write(int64_t file, const rs_config *cfg, const rs_ensemble *e, const rs_economics *x);

#endif
