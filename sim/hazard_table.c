/* reoffsim — OGRS3's cumulative hazards by predictor, tabulated (hazard_table.h). */
#include "hazard_table.h"

#include <math.h>

#include "reoffsim/ogrs3.h"

/* H = ln(1 + e^z) and its derivative, the logistic 1/(1 + e^-z). */
static double softplus(double z) { return z > 0.0 ? z + log1p(exp(-z)) : log1p(exp(z)); }
static double logistic(double z) { return 1.0 / (1.0 + exp(-z)); }

void rs_ogrs3_cumulative_hazards(double y, double *h1, double *h2)
{
    *h1 = softplus(y + RS_OGRS3_C1);
    *h2 = softplus(y + RS_OGRS3_C2);
}

void rs_hazard_table_init(rs_hazard_table *t)
{
    for (int j = 0; j < RS_HAZARD_TABLE_KNOTS; j++) {
        double y = RS_HAZARD_TABLE_Y_MIN + (double)j / RS_HAZARD_TABLE_PER_UNIT;
        rs_hazard_knot *k = &t->knot[j];
        rs_ogrs3_cumulative_hazards(y, &k->h1, &k->h2);
        k->dh1 = logistic(y + RS_OGRS3_C1);
        k->dh2 = logistic(y + RS_OGRS3_C2);
    }
}

void rs_hazard_table_eval(const rs_hazard_table *t, double y, double *h1, double *h2)
{
    double x = (y - RS_HAZARD_TABLE_Y_MIN) * RS_HAZARD_TABLE_PER_UNIT;
    if (!t || !(x >= 0.0 && x < (double)(RS_HAZARD_TABLE_KNOTS - 1))) {
        rs_ogrs3_cumulative_hazards(y, h1, h2);
        return;
    }
    int j = (int)x;
    double s = x - j, r = 1.0 - s, step = 1.0 / RS_HAZARD_TABLE_PER_UNIT;
    /* Cubic Hermite basis on [0, 1]. */
    double b00 = (1.0 + 2.0 * s) * r * r, b10 = s * r * r * step;
    double b01 = s * s * (3.0 - 2.0 * s), b11 = -s * s * r * step;
    const rs_hazard_knot *a = &t->knot[j], *b = &t->knot[j + 1];
    *h1 = b00 * a->h1 + b10 * a->dh1 + b01 * b->h1 + b11 * b->dh1;
    *h2 = b00 * a->h2 + b10 * a->dh2 + b01 * b->h2 + b11 * b->dh2;
}
