/* reoffsim — OGRS3 score exactly as published (MODEL.md §2, [MoJ]). */
#include "reoffsim/ogrs3.h"

#include <math.h>

/* Age bands 16–17, 18–20, 21–24, 25–29, 30–34, 35–39, 40–49, 50+. */
static const double age_lower[8] = {16, 18, 21, 25, 30, 35, 40, 50};
static const double age_gender_male[8] = {-0.0616, -0.6251, -1.0515, -1.1667,
                                          -1.326,  -1.368,  -1.4997, -2.0253};
static const double age_gender_female[8] = {-0.9592, -0.8975, -1.0285, -1.0528,
                                            -1.1291, -1.4219, -1.5247, -2.4498};

static const double offence_weight[RS_N_OFFENCES] = {
    [RS_OFF_VIOLENCE] = 0.0,
    [RS_OFF_SEXUAL_CHILD] = -0.6534,
    [RS_OFF_SEXUAL_OTHER] = 0.0328,
    [RS_OFF_SOLICITING] = 0.7606,
    [RS_OFF_BURGLARY_DOMESTIC] = -0.1239,
    [RS_OFF_BURGLARY_OTHER] = 0.2406,
    [RS_OFF_ROBBERY] = -0.6348,
    [RS_OFF_VEHICLE_THEFT] = 0.3801,
    [RS_OFF_THEFT_FROM_VEHICLE] = 0.4272,
    [RS_OFF_THEFT] = 0.6612,
    [RS_OFF_HANDLING] = 0.3519,
    [RS_OFF_FRAUD] = 0.1599,
    [RS_OFF_CRIMINAL_DAMAGE] = 0.205,
    [RS_OFF_PUBLIC_ORDER] = 0.1819,
    [RS_OFF_DRUG_SUPPLY] = -0.7956,
    [RS_OFF_DRUG_POSSESSION] = 0.0772,
    [RS_OFF_ABSCONDING] = 0.7334,
    [RS_OFF_MOTORING] = 0.2622,
    [RS_OFF_DRINK_DRIVING] = -0.1214,
    [RS_OFF_OTHER] = -0.0607,
};

double rs_ogrs3_age_gender(rs_sex sex, double age)
{
    int band = 0;
    for (int i = 0; i < 8; i++)
        if (age >= age_lower[i]) band = i;
    return sex == RS_FEMALE ? age_gender_female[band] : age_gender_male[band];
}

/* Band midpoints for the smooth age term: 16-17 at 17, 18-20 at 19.5, ...,
 * 40-49 at 45; the open 50+ band at 57.5 (assumption: the middle of 50-65,
 * where most of the band's offenders are). */
static const double age_mid[8] = {17.0, 19.5, 23.0, 27.5, 32.5, 37.5, 45.0, 57.5};

double rs_ogrs3_age_gender_smooth(rs_sex sex, double age, double *slope)
{
    const double *c = sex == RS_FEMALE ? age_gender_female : age_gender_male;
    /* The segment [age_mid[seg], age_mid[seg + 1]], extended at both ends.
     * It starts at 19.5: the model is of adults, and extending the juvenile
     * 16-17 band's segment to 18 would give men of 18 a fall of 0.23 a year
     * (the step from juvenile to adult scoring, not ageing). */
    int seg = 1;
    while (seg < 6 && age >= age_mid[seg + 1]) seg++;
    double d = (c[seg + 1] - c[seg]) / (age_mid[seg + 1] - age_mid[seg]);
    if (slope) *slope = d;
    return c[seg] + d * (age - age_mid[seg]);
}

double rs_ogrs3_offence_weight(rs_offence offence)
{
    return (offence >= 0 && offence < RS_N_OFFENCES) ? offence_weight[offence] : 0.0;
}

rs_band rs_ogrs3_band(double p2)
{
    if (p2 >= 0.90) return RS_BAND_VERY_HIGH;
    if (p2 >= 0.75) return RS_BAND_HIGH;
    if (p2 >= 0.50) return RS_BAND_MEDIUM;
    return RS_BAND_LOW;
}

void rs_ogrs3_probabilities(double y, double *p1, double *p2)
{
    *p1 = 1.0 / (1.0 + exp(-(y + RS_OGRS3_C1)));
    *p2 = 1.0 / (1.0 + exp(-(y + RS_OGRS3_C2)));
}

void rs_ogrs3_from_p2(double p2, double *p1, double *p2_out)
{
    double y = log(p2 / (1.0 - p2)) - RS_OGRS3_C2;
    rs_ogrs3_probabilities(y, p1, p2_out);
}

double rs_ogrs3_predictor(rs_sex sex, double age, int sanctions, double first_sanction_age, rs_offence offence)
{
    /* Copas rate: sanctions per (10 + years since first sanction); ages in years, not rounded. */
    double copas = log((double)sanctions / (10.0 + age - first_sanction_age));
    double status = sanctions == 1 ? 0.12614 : 0.46306;
    return rs_ogrs3_age_gender(sex, age) + status + 1.25112 * copas + rs_ogrs3_offence_weight(offence);
}

rs_ogrs3 rs_ogrs3_score(rs_sex sex, double age, int sanctions, double first_sanction_age,
                        rs_offence offence)
{
    rs_ogrs3 r;
    r.y = rs_ogrs3_predictor(sex, age, sanctions, first_sanction_age, offence);
    rs_ogrs3_probabilities(r.y, &r.p1, &r.p2);
    r.band = rs_ogrs3_band(r.p2);
    return r;
}

int rs_ogrs3_gto_eligible(double p2, rs_offence offence)
{
    if (p2 >= 0.75) return 1;
    int robbery_or_burglary = offence == RS_OFF_ROBBERY || offence == RS_OFF_BURGLARY_DOMESTIC ||
                              offence == RS_OFF_BURGLARY_OTHER;
    return p2 >= 0.50 && robbery_or_burglary;
}
