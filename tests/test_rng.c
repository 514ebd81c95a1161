/* reoffsim tests — Philox known answers (Random123 kat_vectors) and the
 * keying rules that make draws depend only on what is decided. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reoffsim/rng.h"

static void check_kat(const uint32_t c[4], const uint32_t k[2], const uint32_t want[4])
{
    rs_rng_block got = rs_rng_philox(c, k);
    for (int i = 0; i < 4; i++) assert_int_equal(got.v[i], want[i]);
}

/* Random123 tests/kat_vectors, the three "philox4x32 10" lines. */
static void test_philox4x32_10_matches_random123_known_answers(void **state)
{
    (void)state;
    const uint32_t zero_c[4] = {0, 0, 0, 0}, zero_k[2] = {0, 0};
    const uint32_t zero_want[4] = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
    check_kat(zero_c, zero_k, zero_want);
    const uint32_t ones_c[4] = {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};
    const uint32_t ones_k[2] = {0xffffffff, 0xffffffff};
    const uint32_t ones_want[4] = {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
    check_kat(ones_c, ones_k, ones_want);
    const uint32_t pi_c[4] = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
    const uint32_t pi_k[2] = {0xa4093822, 0x299f31d0};
    const uint32_t pi_want[4] = {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
    check_kat(pi_c, pi_k, pi_want);
}

static void test_rng_same_key_and_counter_give_same_draw(void **state)
{
    (void)state;
    rs_rng_key k = rs_rng_key_make(42, 7);
    rs_rng_block a = rs_rng_block_at(k, 123, RS_PURPOSE_OFFENCE, 5, 0);
    rs_rng_block b = rs_rng_block_at(rs_rng_key_make(42, 7), 123, RS_PURPOSE_OFFENCE, 5, 0);
    assert_memory_equal(&a, &b, sizeof a);
}

static void test_rng_each_coordinate_changes_the_draw(void **state)
{
    (void)state;
    rs_rng_key k = rs_rng_key_make(42, 7);
    rs_rng_block base = rs_rng_block_at(k, 1, RS_PURPOSE_OFFENCE, 1, 0);
    rs_rng_block variants[5] = {
        rs_rng_block_at(rs_rng_key_make(43, 7), 1, RS_PURPOSE_OFFENCE, 1, 0),
        rs_rng_block_at(rs_rng_key_make(42, 8), 1, RS_PURPOSE_OFFENCE, 1, 0),
        rs_rng_block_at(k, 2, RS_PURPOSE_OFFENCE, 1, 0),
        rs_rng_block_at(k, 1, RS_PURPOSE_CASE, 1, 0),
        rs_rng_block_at(k, 1, RS_PURPOSE_OFFENCE, 2, 0),
    };
    for (int i = 0; i < 5; i++) assert_true(variants[i].v[0] != base.v[0] || variants[i].v[1] != base.v[1]);
}

static void test_rng_u01_is_strictly_inside_unit_interval(void **state)
{
    (void)state;
    assert_true(rs_rng_u01(0) > 0.0);
    assert_true(rs_rng_u01(0xffffffffu) < 1.0);
}

static void test_rng_uniforms_have_mean_one_half(void **state)
{
    (void)state;
    rs_rng_key k = rs_rng_key_make(1, 0);
    double sum = 0.0;
    const int n = 100000;
    for (int i = 0; i < n; i++) sum += rs_rng_u01(rs_rng_block_at(k, (uint32_t)i, RS_PURPOSE_OFFENCE, 0, 0).v[0]);
    assert_true(sum / n > 0.497 && sum / n < 0.503); /* SE 0.0009: 3.3 SE either side */
}

/* Box–Muller pairs: the first is rs_rng_normal's draw; both are standard
 * normal and uncorrelated with each other. */
static void test_rng_normal_pair_gives_two_independent_standard_normals(void **state)
{
    (void)state;
    rs_rng_key key = rs_rng_key_make(11, 3);
    const int n = 100000;
    double s[2] = {0}, ss[2] = {0}, cross = 0.0;
    for (int i = 0; i < n; i++) {
        rs_rng_block b = rs_rng_block_at(key, (uint32_t)i, RS_PURPOSE_NEEDS, 0, 0);
        double z[2];
        rs_rng_normal_pair(b.v[0], b.v[1], z);
        assert_true(z[0] == rs_rng_normal(b.v[0], b.v[1]));
        for (int k = 0; k < 2; k++) {
            s[k] += z[k];
            ss[k] += z[k] * z[k];
        }
        cross += z[0] * z[1];
    }
    for (int k = 0; k < 2; k++) {
        assert_float_equal(s[k] / n, 0.0, 0.013);  /* SE 0.0032 */
        assert_float_equal(ss[k] / n, 1.0, 0.018); /* SE 0.0045 */
    }
    assert_float_equal(cross / n, 0.0, 0.013);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox4x32_10_matches_random123_known_answers),
        cmocka_unit_test(test_rng_same_key_and_counter_give_same_draw),
        cmocka_unit_test(test_rng_each_coordinate_changes_the_draw),
        cmocka_unit_test(test_rng_u01_is_strictly_inside_unit_interval),
        cmocka_unit_test(test_rng_uniforms_have_mean_one_half),
        cmocka_unit_test(test_rng_normal_pair_gives_two_independent_standard_normals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
