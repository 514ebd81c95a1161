/* reoffsim tests — unit records read back from shards and checkpoints are
 * verified before use (issue 21, item 3): CRC-32C check value; unpacking
 * never takes a length from the bytes; every single-byte flip of a unit row
 * (bytes, scenario, replicate, checksum) is refused naming the unit; a
 * crafted row whose checksums were recomputed is still refused when a value
 * is out of range (negative, NaN, a count above the agents, another year
 * count); values each in range but jointly impossible (reoffenders above
 * the cohort, partitions not summing to the group all, ...) are refused
 * naming the relation; an older format is refused with a clear message. Groups are
 * written to in-memory HDF5 files (core driver), so thousands of cases take
 * well under a second. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>

#include "checkpoint.h"
#include "crc32c.h"
#include "reoffsim/ensemble.h"
#include "test_support.h"
#include "unit_check.h"

#define AGENTS 400
#define REPLICATES 2
#define YEARS 3

typedef struct {
    rs_config cfg;
    rs_ensemble full;
    rs_units_header h; /* as written, n_units and checksum set */
    size_t n, packed;
    int *scen, *rep;
    uint32_t *crc;
    unsigned char *bytes;
} fixture;

static int setup(void **state)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    fixture *f = calloc(1, sizeof *f);
    if (!f || ts_load_baseline(&f->cfg, AGENTS, REPLICATES, YEARS)) return -1;
    rs_ensemble_options opt = {2, NULL, NULL, NULL, 0};
    rs_error err;
    if (rs_ensemble_run(&f->cfg, &opt, &f->full, &err)) return -1;
    rs_run_identity id = {REPLICATES, 0, 0};
    rs_units_header_init(&f->h, &f->cfg, &id);
    f->n = (size_t)f->full.n_scenarios * REPLICATES;
    f->packed = rs_unit_packed_size(YEARS);
    f->scen = calloc(f->n, sizeof *f->scen);
    f->rep = calloc(f->n, sizeof *f->rep);
    f->crc = calloc(f->n, sizeof *f->crc);
    f->bytes = calloc(f->n, f->packed);
    if (!f->scen || !f->rep || !f->crc || !f->bytes) return -1;
    for (size_t k = 0; k < f->n; k++) {
        f->scen[k] = (int)(k / REPLICATES);
        f->rep[k] = (int)(k % REPLICATES);
        rs_unit_pack(&f->full.units[k], f->bytes + k * f->packed);
        f->crc[k] = rs_unit_crc(f->scen[k], f->rep[k], f->bytes + k * f->packed, f->packed);
    }
    f->h.n_units = (long long)f->n;
    f->h.checksum = rs_units_checksum(&f->h, f->crc, f->n);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rs_ensemble_free(&f->full);
    rs_config_free(&f->cfg);
    free(f->scen);
    free(f->rep);
    free(f->crc);
    free(f->bytes);
    free(f);
    return 0;
}

/* Write the fixture's rows (as they are now) to an in-memory file; with
 * `recompute`, first give them valid checksums (a crafted file). Read them
 * back into a fresh ensemble; returns the reader's code. */
static int write_and_read(fixture *f, int recompute, rs_error *err)
{
    rs_units_header h = f->h;
    uint32_t *crc = malloc(sizeof *crc * f->n);
    memcpy(crc, f->crc, sizeof *crc * f->n);
    if (recompute) {
        for (size_t k = 0; k < f->n; k++) crc[k] = rs_unit_crc(f->scen[k], f->rep[k], f->bytes + k * f->packed, f->packed);
        h.checksum = rs_units_checksum(&h, crc, f->n);
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_core(fapl, 1 << 16, 0);
    hid_t file = H5Fcreate("units-in-memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    assert_true(file >= 0);
    rs_units_rows rows = {f->n, f->packed, f->scen, f->rep, crc, f->bytes};
    assert_int_equal(rs_units_write_rows(file, "units", &h, &rows), 0);
    free(crc);
    rs_units_header back;
    int rc = rs_units_read_header(file, "units", "test.h5", &back, err);
    if (!rc) {
        rs_ensemble e;
        assert_int_equal(rs_ensemble_alloc(&e, f->full.n_scenarios, REPLICATES, YEARS, err), 0);
        unsigned char done[64] = {0};
        int n_read;
        rc = rs_units_read(file, "units", "test.h5", &back, &e, done, &n_read, err);
        rs_ensemble_free(&e);
    }
    H5Fclose(file);
    return rc;
}

static void test_crc32c_check_value(void **state)
{
    (void)state;
    assert_int_equal(rs_crc32c(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(rs_crc32c(rs_crc32c(0, "1234", 4), "56789", 5), 0xE3069283u);
}

static void test_unpack_takes_no_length_from_the_bytes(void **state)
{
    fixture *f = *state;
    double year[2 * RS_N_YEAR_TOTALS] = {0};
    rs_unit_result dst = {.year = year, .years = 2};
    assert_int_equal(rs_unit_unpack(f->bytes, &dst), -1); /* 3 years into storage for 2 */
    assert_int_equal(dst.years, 2);
    assert_true(year[0] == 0.0);
}

static void test_intact_units_are_read(void **state)
{
    fixture *f = *state;
    rs_error err;
    assert_int_equal(write_and_read(f, 0, &err), RS_OK);
}

/* Every byte of row k, flipped alone (checksums as stored), is refused, and
 * the message names the unit the row claims to be. */
static void flip_each(fixture *f, unsigned char *p, size_t len, const char *what, size_t k)
{
    for (size_t i = 0; i < len; i++) {
        p[i] ^= 0xFF;
        rs_error err;
        int rc = write_and_read(f, 0, &err);
        p[i] ^= 0xFF;
        if (rc != RS_ERR_CONFIG || !strstr(err.msg, "test.h5") || !strstr(err.msg, "unit (scenario "))
            fail_msg("%s byte %zu of row %zu flipped: code %d, '%s'", what, i, k, rc, rc ? err.msg : "(accepted)");
    }
}

static void test_every_byte_flip_is_refused_naming_the_unit(void **state)
{
    fixture *f = *state;
    size_t rows[2] = {0, f->n - 1};
    for (int j = 0; j < 2; j++) {
        size_t k = rows[j];
        if (j == 0) flip_each(f, f->bytes + k * f->packed, f->packed, "unit", k); /* every byte of the first row */
        flip_each(f, (unsigned char *)&f->scen[k], sizeof f->scen[k], "scenario", k);
        flip_each(f, (unsigned char *)&f->rep[k], sizeof f->rep[k], "replicate", k);
    }
}

static void test_flipped_checksums_are_refused(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof f->crc[0]; i++) {
        ((unsigned char *)&f->crc[1])[i] ^= 0x10;
        rs_error err;
        int rc = write_and_read(f, 0, &err);
        ((unsigned char *)&f->crc[1])[i] ^= 0x10;
        assert_int_equal(rc, RS_ERR_CONFIG);
        assert_non_null(strstr(err.msg, "checksum mismatch"));
    }
    f->h.checksum ^= 1;
    rs_error err;
    assert_int_equal(write_and_read(f, 0, &err), RS_ERR_CONFIG);
    f->h.checksum ^= 1;
    assert_non_null(strstr(err.msg, "test.h5: /units: checksum mismatch"));
}

/* Crafted: the value is out of range but the checksums are right. */
static void expect_bad_value(fixture *f, size_t offset, const char *fragment)
{
    rs_error err;
    int rc = write_and_read(f, 1, &err);
    if (rc != RS_ERR_CONFIG || !strstr(err.msg, "bad value") || !strstr(err.msg, fragment))
        fail_msg("byte offset %zu: code %d, '%s' (want '%s')", offset, rc, rc ? err.msg : "(accepted)", fragment);
}

static void test_out_of_range_values_are_refused_with_valid_checksums(void **state)
{
    fixture *f = *state;
    unsigned char *row = f->bytes + f->packed; /* row 1: scenario 0, replicate 1 */
    /* the sign/exponent byte of every double: a negative or huge value */
    size_t n_doubles = (f->packed - sizeof(rs_unit_result)) / sizeof(double);
    for (size_t d = 0; d < offsetof(rs_unit_result, years) / sizeof(double); d++) {
        size_t at = d * sizeof(double) + 7;
        row[at] ^= 0x80;
        double v;
        memcpy(&v, row + d * sizeof(double), sizeof v);
        if (v != 0.0) expect_bad_value(f, at, "replicate 1)"); /* -0.0 is a valid zero */
        row[at] ^= 0x80;
    }
    for (size_t d = 0; d < n_doubles; d++) {
        unsigned char *x = row + sizeof(rs_unit_result) + d * sizeof(double);
        double v, nan = NAN;
        memcpy(&v, x, sizeof v);
        memcpy(x, &nan, sizeof nan);
        expect_bad_value(f, sizeof(rs_unit_result) + d * sizeof(double), "must be finite and in [0, ");
        memcpy(x, &v, sizeof v);
    }
    /* a count above the agents, a fraction of an offender */
    double v, big = AGENTS + 1.0, half = 0.5;
    memcpy(&v, row + offsetof(rs_unit_result, cohort), sizeof v);
    memcpy(row + offsetof(rs_unit_result, cohort), &big, sizeof big);
    expect_bad_value(f, offsetof(rs_unit_result, cohort), "cohort[all]");
    memcpy(row + offsetof(rs_unit_result, reoffenders), &half, sizeof half);
    memcpy(row + offsetof(rs_unit_result, cohort), &v, sizeof v);
    expect_bad_value(f, offsetof(rs_unit_result, reoffenders), "reoffenders[all] = 0.5");
    memcpy(&v, f->bytes + offsetof(rs_unit_result, reoffenders), sizeof v); /* row 0's value */
    memcpy(row + offsetof(rs_unit_result, reoffenders), &v, sizeof v);
    /* years: a length the reader must never use */
    for (size_t i = 0; i < sizeof(int); i++) {
        row[offsetof(rs_unit_result, years) + i] ^= 0xFF;
        expect_bad_value(f, offsetof(rs_unit_result, years) + i, "years = ");
        row[offsetof(rs_unit_result, years) + i] ^= 0xFF;
    }
}

static void test_crafted_indices_are_refused(void **state)
{
    fixture *f = *state;
    rs_error err;
    int keep = f->rep[1];
    f->rep[1] = REPLICATES + 5;
    assert_int_equal(write_and_read(f, 1, &err), RS_ERR_CONFIG);
    f->rep[1] = keep;
    assert_non_null(strstr(err.msg, "outside this run"));
    keep = f->scen[1];
    f->scen[1] = 0, f->rep[1] = 0; /* row 1 claims row 0's unit */
    assert_int_equal(write_and_read(f, 1, &err), RS_ERR_CONFIG);
    f->scen[1] = keep, f->rep[1] = 1;
    assert_non_null(strstr(err.msg, "overlap"));
}

static void test_header_out_of_range_is_refused(void **state)
{
    fixture *f = *state;
    rs_error err;
    int *fields[] = {&f->h.years, &f->h.n_agents, &f->h.n_replicates, &f->h.first_replicate, &f->h.total_replicates};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        int keep = *fields[i];
        *fields[i] = -7;
        int rc = write_and_read(f, 1, &err);
        *fields[i] = keep;
        assert_int_equal(rc, RS_ERR_CONFIG);
        assert_non_null(strstr(err.msg, "out of range"));
    }
    f->h.n_units = 1000000000000LL; /* more rows than stored: never allocated */
    assert_int_equal(write_and_read(f, 1, &err), RS_ERR_CONFIG);
    f->h.n_units = (long long)f->n;
}

static void test_older_format_is_refused(void **state)
{
    (void)state;
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_core(fapl, 1 << 16, 0);
    hid_t file = H5Fcreate("old-in-memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    hid_t grp = H5Gcreate2(file, "units", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t type = H5Tcopy(H5T_C_S1), space = H5Screate(H5S_SCALAR);
    H5Tset_size(type, 17);
    hid_t attr = H5Acreate2(grp, "format", type, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attr, type, "reoffsim units 1");
    H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    H5Gclose(grp);
    rs_units_header h;
    rs_error err;
    assert_int_equal(rs_units_read_header(file, "units", "old.h5", &h, &err), RS_ERR_CONFIG);
    H5Fclose(file);
    assert_non_null(strstr(err.msg, "old.h5: /units is in format 'reoffsim units 1'"));
    assert_non_null(strstr(err.msg, "reads 'reoffsim units 2'"));
}

/* ---------- relations between fields (hand-made units) ---------- */

/* A possible unit of AGENTS agents: 10 in the cohort (caution, low band,
 * male, no previous offences, youngest age band, violence), 4 reoffenders with 6
 * reoffences, first ones 100 days after entry; every yearly total 1. */
static void make_unit(rs_unit_result *u, double *year)
{
    memset(u, 0, sizeof *u);
    u->years = YEARS;
    u->year = year;
    for (size_t i = 0; i < (size_t)YEARS * RS_N_YEAR_TOTALS; i++) year[i] = 1.0;
    const rs_group in[] = {RS_GROUP_ALL, RS_GROUP_CAUTION, RS_GROUP_BAND_LOW, RS_GROUP_MALE, RS_GROUP_PREVIOUS_0,
                           RS_GROUP_AGE_BAND_FIRST, RS_GROUP_INDEX_FIRST};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        u->cohort[in[k]] = 10, u->reoffenders[in[k]] = 4, u->reoffences[in[k]] = 6;
        u->days_to_first[in[k]] = 400, u->ogrs3_p1[in[k]] = 3, u->ogrs3_p2[in[k]] = 5;
    }
}

static void expect_relation(const rs_unit_result *u, const char *fragment)
{
    char why[256] = "";
    int rc = rs_unit_check(u, YEARS, AGENTS, why, sizeof why);
    if (rc != -1 || !strstr(why, fragment)) fail_msg("want '%s', got %d '%s'", fragment, rc, why);
}

static void test_hand_made_unit_passes(void **state)
{
    (void)state;
    double year[YEARS * RS_N_YEAR_TOTALS];
    rs_unit_result u;
    make_unit(&u, year);
    char why[256] = "";
    if (rs_unit_check(&u, YEARS, AGENTS, why, sizeof why) != 0) fail_msg("valid unit refused: %s", why);
}

static void test_each_broken_relation_is_refused(void **state)
{
    (void)state;
    double year[YEARS * RS_N_YEAR_TOTALS];
    rs_unit_result u;
    /* The review's forgery: reoffenders[female] = reoffenders[all] = agents (a 647% rate). */
    make_unit(&u, year);
    u.reoffenders[RS_GROUP_FEMALE] = u.reoffenders[RS_GROUP_ALL] = AGENTS;
    expect_relation(&u, "relation reoffenders <= cohort fails for group all");
    make_unit(&u, year);
    u.reoffenders[RS_GROUP_FEMALE] = 3; /* female cohort is 0 */
    expect_relation(&u, "relation reoffenders <= cohort fails for group female");
    make_unit(&u, year);
    u.cohort[RS_GROUP_PPO] = 11;
    expect_relation(&u, "relation cohort <= cohort[all] fails for group ppo");
    make_unit(&u, year);
    u.reoffences[RS_GROUP_MALE] = 3;
    expect_relation(&u, "relation reoffences >= reoffenders fails for group male");
    make_unit(&u, year);
    u.reoffences[RS_GROUP_ALL] = 4 * 65535.0 + 1;
    expect_relation(&u, "relation reoffences <= reoffenders x 65535 fails for group all");
    make_unit(&u, year);
    u.days_to_first[RS_GROUP_CAUTION] = 4 * (365.0 * YEARS + 1) + 1;
    expect_relation(&u, "relation days_to_first <= reoffenders x (run horizon + 1 day) fails for group caution");
    /* partitions: move one agent (or reoffender, or reoffence) to a second group of each */
    const struct {
        rs_group from, to;
        const char *name;
    } parts[] = {{RS_GROUP_CAUTION, RS_GROUP_FINE, "disposal"},
                 {RS_GROUP_BAND_LOW, RS_GROUP_BAND_HIGH, "OGRS3 band"},
                 {RS_GROUP_MALE, RS_GROUP_FEMALE, "sex"},
                 {RS_GROUP_PREVIOUS_0, RS_GROUP_PREVIOUS_11_PLUS, "previous offences"},
                 {RS_GROUP_AGE_BAND_FIRST, (rs_group)(RS_GROUP_AGE_BAND_FIRST + 3), "age band"},
                 {RS_GROUP_INDEX_FIRST, (rs_group)(RS_GROUP_INDEX_FIRST + RS_IOG_DRUG), "index offence group"}};
    char want[160];
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
        make_unit(&u, year);
        u.cohort[parts[p].to] = 1; /* one agent counted twice */
        snprintf(want, sizeof want, "sum of cohort over the %s groups = cohort[all] fails", parts[p].name);
        expect_relation(&u, want);
        make_unit(&u, year);
        u.cohort[parts[p].from] = 9, u.cohort[parts[p].to] = 1; /* cohort fine, the reoffender counted twice */
        u.reoffenders[parts[p].to] = 1, u.reoffences[parts[p].to] = 1;
        snprintf(want, sizeof want, "sum of reoffenders over the %s groups = reoffenders[all] fails", parts[p].name);
        expect_relation(&u, want);
        make_unit(&u, year);
        u.reoffences[parts[p].from] = 5; /* one reoffence lost from the partition */
        snprintf(want, sizeof want, "sum of reoffences over the %s groups = reoffences[all] fails", parts[p].name);
        expect_relation(&u, want);
    }
    /* yearly totals: bounded (counts and days 1e15, GBP 1e18) */
    make_unit(&u, year);
    rs_year_row(&u, RS_YEAR_PRISON_DAYS)[1] = 2e15;
    expect_relation(&u, "prison_days in year 2 = 2000000000000000 (must be finite and in [0, 1e+15])");
    make_unit(&u, year);
    rs_year_row(&u, RS_YEAR_OFFENCE_HARM)[0] = 2e15; /* GBP: allowed */
    char why[256] = "";
    if (rs_unit_check(&u, YEARS, AGENTS, why, sizeof why) != 0) fail_msg("2e15 GBP refused: %s", why);
    rs_year_row(&u, RS_YEAR_OFFENCE_HARM)[0] = 1e300;
    expect_relation(&u, "offence_harm in year 1 = 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32c_check_value),
        cmocka_unit_test_setup_teardown(test_unpack_takes_no_length_from_the_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intact_units_are_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_byte_flip_is_refused_naming_the_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flipped_checksums_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_values_are_refused_with_valid_checksums, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crafted_indices_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_out_of_range_is_refused, setup, teardown),
        cmocka_unit_test(test_older_format_is_refused),
        cmocka_unit_test(test_hand_made_unit_passes),
        cmocka_unit_test(test_each_broken_relation_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
