/* reoffsim tests — OGRS3 against MODEL.md §2's reference values (1e-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reoffsim/ogrs3.h"

static void test_ogrs3_reference_predictor_gives_published_probabilities(void **state)
{
    (void)state;
    double p1, p2;
    rs_ogrs3_probabilities(-2.776835807, &p1, &p2);
    assert_float_equal(p1, 0.20193, 1e-4);
    assert_float_equal(p2, 0.34183, 1e-4);
    rs_ogrs3_probabilities(0.0, &p1, &p2);
    assert_float_equal(p1, 0.80259, 1e-4);
    assert_float_equal(p2, 0.89299, 1e-4);
}

static void test_ogrs3_worked_example_male_25_five_sanctions_theft(void **state)
{
    (void)state;
    rs_ogrs3 r = rs_ogrs3_score(RS_MALE, 25, 5, 16, RS_OFF_THEFT);
    assert_float_equal(r.y, -1.71269, 1e-4);
    assert_float_equal(r.p1, 0.423, 1e-3);
    assert_float_equal(r.p2, 0.601, 1e-3);
    assert_int_equal(r.band, RS_BAND_MEDIUM);
}

static void test_ogrs3_first_sanction_uses_lower_status_weight(void **state)
{
    (void)state;
    rs_ogrs3 first = rs_ogrs3_score(RS_FEMALE, 30, 1, 30, RS_OFF_VIOLENCE);
    /* y = AgeGender(F,30-34) + 0.12614 + 1.25112 ln(1/10) + 0 */
    assert_float_equal(first.y, -1.1291 + 0.12614 + 1.25112 * -2.302585093, 1e-6);
}

static void test_ogrs3_age_gender_band_edges(void **state)
{
    (void)state;
    assert_float_equal(rs_ogrs3_age_gender(RS_MALE, 17.99), -0.0616, 1e-12);
    assert_float_equal(rs_ogrs3_age_gender(RS_MALE, 18.0), -0.6251, 1e-12);
    assert_float_equal(rs_ogrs3_age_gender(RS_MALE, 49.9), -1.4997, 1e-12);
    assert_float_equal(rs_ogrs3_age_gender(RS_FEMALE, 50.0), -2.4498, 1e-12);
    assert_float_equal(rs_ogrs3_age_gender(RS_FEMALE, 24.5), -1.0285, 1e-12);
}

static void test_ogrs3_offence_weights_match_table(void **state)
{
    (void)state;
    assert_float_equal(rs_ogrs3_offence_weight(RS_OFF_SOLICITING), 0.7606, 1e-12);
    assert_float_equal(rs_ogrs3_offence_weight(RS_OFF_DRUG_SUPPLY), -0.7956, 1e-12);
    assert_float_equal(rs_ogrs3_offence_weight(RS_OFF_OTHER), -0.0607, 1e-12);
}

static void test_ogrs3_bands_split_at_50_75_90(void **state)
{
    (void)state;
    assert_int_equal(rs_ogrs3_band(0.4999), RS_BAND_LOW);
    assert_int_equal(rs_ogrs3_band(0.50), RS_BAND_MEDIUM);
    assert_int_equal(rs_ogrs3_band(0.75), RS_BAND_HIGH);
    assert_int_equal(rs_ogrs3_band(0.8999), RS_BAND_HIGH);
    assert_int_equal(rs_ogrs3_band(0.90), RS_BAND_VERY_HIGH);
}

static void test_gto_eligibility_needs_75_or_50_with_robbery_or_burglary(void **state)
{
    (void)state;
    assert_true(rs_ogrs3_gto_eligible(0.76, RS_OFF_THEFT));
    assert_true(rs_ogrs3_gto_eligible(0.60, RS_OFF_ROBBERY));
    assert_true(rs_ogrs3_gto_eligible(0.60, RS_OFF_BURGLARY_DOMESTIC));
    assert_false(rs_ogrs3_gto_eligible(0.60, RS_OFF_THEFT));
    assert_false(rs_ogrs3_gto_eligible(0.45, RS_OFF_ROBBERY));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ogrs3_reference_predictor_gives_published_probabilities),
        cmocka_unit_test(test_ogrs3_worked_example_male_25_five_sanctions_theft),
        cmocka_unit_test(test_ogrs3_first_sanction_uses_lower_status_weight),
        cmocka_unit_test(test_ogrs3_age_gender_band_edges),
        cmocka_unit_test(test_ogrs3_offence_weights_match_table),
        cmocka_unit_test(test_ogrs3_bands_split_at_50_75_90),
        cmocka_unit_test(test_gto_eligibility_needs_75_or_50_with_robbery_or_burglary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
