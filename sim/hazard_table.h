/* reoffsim — OGRS3's Weibull hazard (hazard.h) tabulated by the OGRS3
 * linear predictor y. The engine scores an agent's hazard at every release
 * and sanction; computed directly that takes an exp, two log1p and a log
 * (rs_hazard_from_ogrs3_predictor). Both outputs are smooth in y, so a
 * cubic Hermite interpolation between knots 1/64 apart, with the exact
 * values and derivatives at the knots, reproduces them to ~1e-10 (relative
 * for H1, absolute for k): far below the float the engine stores them in.
 * Outside the tabulated range the direct computation is used. */
#ifndef REOFFSIM_HAZARD_TABLE_H
#define REOFFSIM_HAZARD_TABLE_H

#include "hazard.h"

/* Knots at y = Y_MIN + j / PER_UNIT up to Y_MAX (whole numbers). */
#define RS_HAZARD_TABLE_Y_MIN (-12)
#define RS_HAZARD_TABLE_Y_MAX 12
#define RS_HAZARD_TABLE_PER_UNIT 64
#define RS_HAZARD_TABLE_KNOTS ((RS_HAZARD_TABLE_Y_MAX - RS_HAZARD_TABLE_Y_MIN) * RS_HAZARD_TABLE_PER_UNIT + 1)

/* At a knot: H1 = -ln(1 - P1) and the unclamped shape k, with their
 * derivatives in y. */
typedef struct {
    double h1, dh1, k, dk;
} rs_hazard_knot;

typedef struct {
    rs_hazard_knot knot[RS_HAZARD_TABLE_KNOTS];
} rs_hazard_table;

/* Fill the knots (independent of every parameter: done once per thread). */
void rs_hazard_table_init(rs_hazard_table *t);

/* rs_hazard_from_ogrs3_predictor(y, scale, min_k, max_k), interpolated;
 * computed directly outside the table's range or when t is NULL (unit
 * tests that build a unit by hand). */
rs_hazard rs_hazard_table_eval(const rs_hazard_table *t, double y, double scale, double min_k, double max_k);

#endif
