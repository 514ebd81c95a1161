/* reoffsim — OGRS3's one- and two-year cumulative hazards H = -ln(1 - P)
 * tabulated by the OGRS3 linear predictor y. The engine scores an agent at
 * every release; computed directly that takes an exp and two log1p
 * (rs_ogrs3_cumulative_hazards). Both are smooth in y, so a cubic Hermite
 * interpolation between knots 1/64 apart, with the exact values and
 * derivatives at the knots, reproduces them to ~1e-10 relative: far below
 * the float the engine stores. Outside the range the direct computation is
 * used. */
#ifndef REOFFSIM_HAZARD_TABLE_H
#define REOFFSIM_HAZARD_TABLE_H

/* Knots at y = Y_MIN + j / PER_UNIT up to Y_MAX (whole numbers). */
#define RS_HAZARD_TABLE_Y_MIN (-12)
#define RS_HAZARD_TABLE_Y_MAX 12
#define RS_HAZARD_TABLE_PER_UNIT 64
#define RS_HAZARD_TABLE_KNOTS ((RS_HAZARD_TABLE_Y_MAX - RS_HAZARD_TABLE_Y_MIN) * RS_HAZARD_TABLE_PER_UNIT + 1)

/* At a knot: H1 and H2 with their derivatives in y. */
typedef struct {
    double h1, dh1, h2, dh2;
} rs_hazard_knot;

typedef struct {
    rs_hazard_knot knot[RS_HAZARD_TABLE_KNOTS];
} rs_hazard_table;

/* OGRS3's H1 and H2 from y, computed directly: with P = 1/(1 + e^-(y+c)),
 * H = -ln(1 - P) = ln(1 + e^(y+c)). */
void rs_ogrs3_cumulative_hazards(double y, double *h1, double *h2);

/* Fill the knots (independent of every parameter: done once per thread). */
void rs_hazard_table_init(rs_hazard_table *t);

/* rs_ogrs3_cumulative_hazards, interpolated; computed directly outside the
 * table's range or when t is NULL (unit tests that build a unit by hand). */
void rs_hazard_table_eval(const rs_hazard_table *t, double y, double *h1, double *h2);

#endif
