/* reoffsim tests — checkpoint journals: a unit survives packing, units
 * survive the journal, a journal of another run is refused, a torn last
 * record is dropped, a damaged record is refused naming it, a journal never
 * checkpointed is removed, and a run resumed from a partial journal
 * (ensemble hooks) equals an uninterrupted run bit for bit. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "reoffsim/checkpoint.h"
#include "reoffsim/ensemble.h"
#include "test_support.h"

typedef struct {
    rs_config cfg;
    rs_ensemble full; /* uninterrupted run */
    char path[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || ts_load_baseline(&f->cfg, 800, 5, 3)) return -1;
    rs_ensemble_options opt = {2, NULL, NULL, NULL, 0};
    rs_error err;
    if (rs_ensemble_run(&f->cfg, &opt, &f->full, &err)) return -1;
    snprintf(f->path, sizeof f->path, "/tmp/reoffsim-ckpt-test-%ld.ckpt", (long)getpid());
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    rs_ensemble_free(&f->full);
    rs_config_free(&f->cfg);
    free(f);
    return 0;
}

static rs_run_identity identity(const rs_config *cfg)
{
    return (rs_run_identity){cfg->scenarios[0].params.run.replicates, 0, 0};
}

static void assert_units_equal(const rs_ensemble *a, const rs_ensemble *b)
{
    size_t n = (size_t)a->n_scenarios * (size_t)a->n_replicates;
    for (size_t u = 0; u < n; u++) {
        rs_unit_result x = a->units[u], y = b->units[u];
        x.year = y.year = NULL;
        assert_memory_equal(&x, &y, sizeof x);
    }
    assert_memory_equal(a->year_storage, b->year_storage, n * (size_t)a->years * RS_N_YEAR_TOTALS * sizeof(double));
}

static void test_unit_survives_packing(void **state)
{
    fixture *f = *state;
    const rs_unit_result *src = &f->full.units[1];
    unsigned char *buf = malloc(rs_unit_packed_size(src->years));
    double year[3 * RS_N_YEAR_TOTALS];
    rs_unit_result dst = {.year = year, .years = 3};
    rs_unit_pack(src, buf);
    rs_unit_unpack(buf, &dst);
    assert_ptr_equal(dst.year, year);
    assert_memory_equal(dst.reoffences, src->reoffences, sizeof dst.reoffences);
    assert_memory_equal(year, src->year, sizeof year);
    assert_true(dst.events == src->events);
    free(buf);
}

/* rs_unit_sink: copy into an ensemble shaped like the run. */
static int into(void *ctx, int s, int r, const rs_unit_result *res, rs_error *err)
{
    (void)err;
    rs_ensemble_copy_unit(rs_ensemble_unit(ctx, s, r), res);
    return RS_OK;
}

/* A journal of units (0, r) for r in rs, checkpointed. */
static void journal_of(fixture *f, const int *rs, int n)
{
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    rs_error err;
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    for (int k = 0; k < n; k++) rs_ckpt_put(c, 0, rs[k], rs_ensemble_unit(&f->full, 0, rs[k]));
    assert_int_equal(rs_ckpt_write(c, &err), 0);
    rs_ckpt_free(c);
}

/* Load the journal at f->path into back (an empty ensemble); returns rc. */
static int load_into(fixture *f, rs_ensemble *back, int *n_done, rs_error *err)
{
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    assert_int_equal(rs_ensemble_alloc(back, f->cfg.n_scenarios, 5, 3, err), 0);
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, err), 0);
    rs_ckpt_set_sink(c, into, back);
    int found, rc = rs_ckpt_load(c, &found, err);
    *n_done = rs_ckpt_n_done(c);
    rs_ckpt_free(c);
    return rc;
}

static void test_store_survives_its_file(void **state)
{
    fixture *f = *state;
    journal_of(f, (int[]){1, 3}, 2);
    rs_ensemble back;
    rs_error err;
    int n;
    assert_int_equal(load_into(f, &back, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_memory_equal(rs_ensemble_unit(&back, 0, 3)->year, rs_ensemble_unit(&f->full, 0, 3)->year,
                        3 * RS_N_YEAR_TOTALS * sizeof(double));
    assert_true(rs_ensemble_unit(&back, 0, 1)->events == rs_ensemble_unit(&f->full, 0, 1)->events);
    assert_true(rs_ensemble_unit(&back, 0, 2)->events == 0); /* not in the journal */
    rs_ensemble_free(&back);
}

static void test_torn_last_record_is_dropped_and_appended_after(void **state)
{
    fixture *f = *state;
    journal_of(f, (int[]){0, 1, 2}, 3);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(truncate(f->path, st.st_size - 10), 0); /* killed while writing record 2 */
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    rs_error err;
    int found;
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    assert_int_equal(rs_ckpt_load(c, &found, &err), 0);
    assert_int_equal(rs_ckpt_n_done(c), 2);
    rs_ckpt_put(c, 0, 4, rs_ensemble_unit(&f->full, 0, 4)); /* appended after the last whole record */
    assert_int_equal(rs_ckpt_write(c, &err), 0);
    rs_ckpt_free(c);
    rs_ensemble back;
    int n;
    assert_int_equal(load_into(f, &back, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(rs_ensemble_unit(&back, 0, 4)->year, rs_ensemble_unit(&f->full, 0, 4)->year,
                        3 * RS_N_YEAR_TOTALS * sizeof(double));
    rs_ensemble_free(&back);
}

static void test_damaged_record_is_refused_naming_it(void **state)
{
    fixture *f = *state;
    journal_of(f, (int[]){0, 1, 2}, 3);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    long record = (long)(16 + rs_unit_packed_size(3)); /* head, crc, bytes */
    FILE *fp = fopen(f->path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, st.st_size - 2 * record + record / 2, SEEK_SET), 0); /* inside record 1 */
    int c = fgetc(fp);
    assert_int_equal(fseek(fp, -1, SEEK_CUR), 0);
    fputc(c ^ 0x10, fp);
    fclose(fp);
    rs_ensemble back;
    rs_error err;
    int n;
    assert_int_equal(load_into(f, &back, &n, &err), RS_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "record 1, unit (scenario 0, replicate 1)"));
    assert_non_null(strstr(err.msg, "checksum mismatch"));
    rs_ensemble_free(&back);
}

static void test_journal_never_checkpointed_is_removed(void **state)
{
    fixture *f = *state;
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    rs_error err;
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    rs_ckpt_put(c, 0, 1, rs_ensemble_unit(&f->full, 0, 1));
    rs_ckpt_free(c);
    assert_int_not_equal(access(f->path, F_OK), 0);
}

static void test_checkpoint_of_another_seed_is_refused(void **state)
{
    fixture *f = *state;
    journal_of(f, (int[]){0, 1, 2, 3, 4}, 5);
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    rs_error err;
    uint64_t seed = 99;
    rs_config_override_run(&f->cfg, 0, 0, 0, &seed);
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    int found;
    assert_int_equal(rs_ckpt_load(c, &found, &err), RS_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "seed: 99 in this run"));
    rs_ckpt_free(c);
}

/* Hooks: skip the units the journal has, record the others (journal and ensemble). */
typedef struct {
    rs_ckpt *c;
    rs_ensemble *e;
} resume_ctx;

static int skip_done(void *ctx, int s, int r, rs_unit_result *res)
{
    (void)res;
    const resume_ctx *x = ctx;
    return rs_ckpt_done(x->c)[(size_t)s * 5 + (size_t)r];
}

static void record(void *ctx, int s, int r, const rs_unit_result *res)
{
    const resume_ctx *x = ctx;
    rs_ckpt_put(x->c, s, r, res);
    rs_ensemble_copy_unit(rs_ensemble_unit(x->e, s, r), res);
}

static void test_resumed_run_equals_uninterrupted_run(void **state)
{
    fixture *f = *state;
    journal_of(f, (int[]){0, 2, 4}, 3);
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    rs_error err;
    rs_ensemble part, resumed;
    int found;
    assert_int_equal(rs_ensemble_alloc(&resumed, f->cfg.n_scenarios, 5, 3, &err), 0);
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    rs_ckpt_set_sink(c, into, &resumed);
    assert_int_equal(rs_ckpt_load(c, &found, &err), 0);
    rs_ensemble_options opt = {2, NULL, NULL, NULL, 0};
    resume_ctx x = {c, &resumed};
    rs_ensemble_hooks hooks = {0, skip_done, record, &x, 1};
    assert_int_equal(rs_ensemble_run_hooked(&f->cfg, &opt, &hooks, &part, &err), 0);
    assert_null(part.units); /* no_store: nothing kept */
    assert_int_equal(rs_ckpt_n_done(c), 5 * f->cfg.n_scenarios);
    assert_units_equal(&f->full, &resumed);
    rs_ensemble_free(&part);
    rs_ensemble_free(&resumed);
    rs_ckpt_free(c);
}

static void test_shard_replicates_use_their_own_streams(void **state)
{
    fixture *f = *state;
    rs_config_override_run(&f->cfg, 2, 0, 0, NULL);
    rs_ensemble_options opt = {1, NULL, NULL, NULL, 0};
    rs_ensemble_hooks hooks = {3, NULL, NULL, NULL, 0};
    rs_ensemble shard;
    rs_error err;
    assert_int_equal(rs_ensemble_run_hooked(&f->cfg, &opt, &hooks, &shard, &err), 0);
    assert_int_equal(shard.first_replicate, 3);
    for (int r = 0; r < 2; r++)
        assert_memory_equal(rs_ensemble_unit(&shard, 0, r)->year, rs_ensemble_unit(&f->full, 0, 3 + r)->year,
                            3 * RS_N_YEAR_TOTALS * sizeof(double));
    rs_ensemble_free(&shard);
    rs_config_override_run(&f->cfg, 5, 0, 0, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unit_survives_packing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_survives_its_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_last_record_is_dropped_and_appended_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_record_is_refused_naming_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_journal_never_checkpointed_is_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkpoint_of_another_seed_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resumed_run_equals_uninterrupted_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shard_replicates_use_their_own_streams, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
