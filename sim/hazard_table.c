/* reoffsim — OGRS3 Weibull hazard by predictor, tabulated (hazard_table.h). */
#include "hazard_table.h"

#include <math.h>

#include "reoffsim/ogrs3.h"

#define LN2 0.69314718055994530942

/* H = ln(1 + e^z) and its derivative, the logistic 1/(1 + e^-z). */
static double softplus(double z) { return z > 0.0 ? z + log1p(exp(-z)) : log1p(exp(z)); }
static double logistic(double z) { return 1.0 / (1.0 + exp(-z)); }

void rs_hazard_table_init(rs_hazard_table *t)
{
    for (int j = 0; j < RS_HAZARD_TABLE_KNOTS; j++) {
        double y = RS_HAZARD_TABLE_Y_MIN + (double)j / RS_HAZARD_TABLE_PER_UNIT;
        double z1 = y + RS_OGRS3_C1, z2 = y + RS_OGRS3_C2;
        double h1 = softplus(z1), h2 = softplus(z2);
        rs_hazard_knot *k = &t->knot[j];
        k->h1 = h1;
        k->dh1 = logistic(z1);
        /* k = log2(H2 / H1), so dk/dy = (H2'/H2 - H1'/H1) / ln 2. */
        k->k = log(h2 / h1) / LN2;
        k->dk = (logistic(z2) / h2 - k->dh1 / h1) / LN2;
    }
}

rs_hazard rs_hazard_table_eval(const rs_hazard_table *t, double y, double scale, double min_k, double max_k)
{
    double x = (y - RS_HAZARD_TABLE_Y_MIN) * RS_HAZARD_TABLE_PER_UNIT;
    if (!t || !(x >= 0.0 && x < (double)(RS_HAZARD_TABLE_KNOTS - 1)))
        return rs_hazard_from_ogrs3_predictor(y, scale, min_k, max_k);
    int j = (int)x;
    double s = x - j, r = 1.0 - s, step = 1.0 / RS_HAZARD_TABLE_PER_UNIT;
    /* Cubic Hermite basis on [0, 1]. */
    double b00 = (1.0 + 2.0 * s) * r * r, b10 = s * r * r * step;
    double b01 = s * s * (3.0 - 2.0 * s), b11 = -s * s * r * step;
    const rs_hazard_knot *a = &t->knot[j], *b = &t->knot[j + 1];
    double h1 = b00 * a->h1 + b10 * a->dh1 + b01 * b->h1 + b11 * b->dh1;
    double k = b00 * a->k + b10 * a->dk + b01 * b->k + b11 * b->dk;
    if (!(k >= min_k)) k = min_k;
    if (k > max_k) k = max_k;
    rs_hazard h = {scale * h1, k};
    return h;
}
