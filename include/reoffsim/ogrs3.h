/* reoffsim — OGRS3, the Offender Group Reconviction Scale v3 (exact).
 * Probability of a proven reoffence within one and two years (MODEL.md §2). */
#ifndef REOFFSIM_OGRS3_H
#define REOFFSIM_OGRS3_H

#include "reoffsim/types.h"

typedef struct {
    double y;  /* linear predictor */
    double p1; /* one-year probability */
    double p2; /* two-year probability */
    rs_band band;
} rs_ogrs3;

/* Score for sex, current age (years), sanctions including the current one
 * (>= 1), age at first sanction and current offence. age >= 10 and
 * first_sanction_age <= age are the caller's responsibility. */
rs_ogrs3 rs_ogrs3_score(rs_sex sex, double age, int sanctions, double first_sanction_age,
                        rs_offence offence);

/* The linear predictor y alone (what rs_ogrs3_score starts from). */
double rs_ogrs3_predictor(rs_sex sex, double age, int sanctions, double first_sanction_age, rs_offence offence);

/* Intercepts of the one- and two-year logits: P = 1 / (1 + exp(-(y + c))). */
#define RS_OGRS3_C1 1.40256
#define RS_OGRS3_C2 2.1217

/* One- and two-year probabilities from the linear predictor y. */
void rs_ogrs3_probabilities(double y, double *p1, double *p2);

/* Both probabilities from the two-year one (they share the predictor y). */
void rs_ogrs3_from_p2(double p2, double *p1, double *p2_out);

/* OGRS3 band from the two-year probability. */
rs_band rs_ogrs3_band(double p2);

/* Age-gender coefficient and offence weight (exposed for tests and reports). */
double rs_ogrs3_age_gender(rs_sex sex, double age);
double rs_ogrs3_offence_weight(rs_offence offence);

/* The age-gender term made continuous in age for adults: linear between the
 * adult bands' midpoints (19.5 .. 57.5; and beyond the outer ones along the
 * outer segments: the juvenile 16-17 band is not used), so desistance moves
 * with age instead of jumping at band edges. Equal to the band's
 * coefficient at its midpoint. *slope (if non-NULL): per year. */
double rs_ogrs3_age_gender_smooth(rs_sex sex, double age, double *slope);

/* GTO eligibility [002]: OGRS3 >= 75%, or 50–74% with robbery/burglary. */
int rs_ogrs3_gto_eligible(double p2, rs_offence offence);

#endif
