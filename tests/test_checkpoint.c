/* reoffsim tests — checkpoints: a unit survives packing, a store survives
 * its file, a checkpoint of another run is refused, and a run resumed from a
 * partial store (ensemble hooks) equals an uninterrupted run bit for bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void test_store_survives_its_file(void **state)
{
    fixture *f = *state;
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c, *back;
    rs_error err;
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    rs_ckpt_put(c, 0, 1, rs_ensemble_unit(&f->full, 0, 1));
    rs_ckpt_put(c, 0, 3, rs_ensemble_unit(&f->full, 0, 3));
    assert_int_equal(rs_ckpt_write(c, &err), 0);
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &back, &err), 0);
    int found;
    assert_int_equal(rs_ckpt_load(back, &found, &err), 0);
    assert_int_equal(found, 1);
    assert_int_equal(rs_ckpt_n_done(back), 2);
    assert_int_equal(rs_ckpt_done(back)[3], 1);
    assert_int_equal(rs_ckpt_done(back)[2], 0);
    double year[3 * RS_N_YEAR_TOTALS];
    rs_unit_result u = {.year = year, .years = 3};
    assert_int_equal(rs_ckpt_get(back, 0, 3, &u), 1);
    assert_memory_equal(year, rs_ensemble_unit(&f->full, 0, 3)->year, sizeof year);
    rs_ckpt_free(c);
    rs_ckpt_free(back);
}

static void test_checkpoint_of_another_seed_is_refused(void **state)
{
    fixture *f = *state;
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    rs_error err;
    assert_int_equal(rs_ckpt_save(&f->cfg, &id, f->path, &f->full, &err), 0);
    uint64_t seed = 99;
    rs_config_override_run(&f->cfg, 0, 0, 0, &seed);
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    int found;
    assert_int_equal(rs_ckpt_load(c, &found, &err), RS_ERR_CONFIG);
    assert_non_null(strstr(err.msg, "seed: 99 in this run"));
    rs_ckpt_free(c);
}

/* Hooks: skip the units a store already has, record the others. */
static int skip_done(void *ctx, int s, int r, rs_unit_result *res)
{
    (void)res;
    return rs_ckpt_get(ctx, s, r, res);
}

static void record(void *ctx, int s, int r, const rs_unit_result *res) { rs_ckpt_put(ctx, s, r, res); }

static void test_resumed_run_equals_uninterrupted_run(void **state)
{
    fixture *f = *state;
    rs_run_identity id = identity(&f->cfg);
    rs_ckpt *c;
    rs_error err;
    assert_int_equal(rs_ckpt_create(&f->cfg, &id, f->path, 0, &c, &err), 0);
    for (int r = 0; r < 5; r += 2) rs_ckpt_put(c, 0, r, rs_ensemble_unit(&f->full, 0, r));
    rs_ensemble_options opt = {2, NULL, NULL, NULL, 0};
    rs_ensemble_hooks hooks = {0, skip_done, record, c};
    rs_ensemble part, resumed;
    assert_int_equal(rs_ensemble_run_hooked(&f->cfg, &opt, &hooks, &part, &err), 0);
    assert_int_equal(rs_ckpt_n_done(c), 5);
    assert_int_equal(rs_ckpt_take(c, &resumed, &err), 0);
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
    rs_ensemble_hooks hooks = {3, NULL, NULL, NULL};
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
        cmocka_unit_test_setup_teardown(test_checkpoint_of_another_seed_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resumed_run_equals_uninterrupted_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shard_replicates_use_their_own_streams, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
