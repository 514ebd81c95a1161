/* reoffsim tests — service-effect priors include no effect (issue 19 §3):
 * every key the schema flags as an effect (RATIO, EFFECT_P) is a
 * distribution in the shipped configs whose central 95% range contains the
 * null (ratio 1, probability 0), and docs/evidence.md covers each one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "reoffsim/config.h"
#include "reoffsim/params.h"
#include "test_support.h"

/* The value at which an effect key changes nothing (as rs_params_null_effects). */
static double null_of(const rs_key *k) { return k->effect == RS_EFFECT_RATIO ? 1.0 : 0.0; }

static const rs_uncertain *prior_of(const rs_params *p, const rs_key *k)
{
    for (int i = 0; i < p->n_uncertain; i++)
        if (rs_params_key(p->uncertain[i].key) == k) return &p->uncertain[i];
    return NULL;
}

/* Does k's prior in p put its null inside the central 95% range? On no, a
 * line for the report. A fixed value passes only at the null itself. */
static int includes_null(const rs_params *p, const rs_key *k, char *why, size_t len)
{
    const rs_uncertain *u = prior_of(p, k);
    double null = null_of(k), lo = rs_params_get(p, k), hi = lo;
    if (u) lo = rs_uncertain_quantile(u, 0.025), hi = rs_uncertain_quantile(u, 0.975);
    if (lo <= null && null <= hi) return 1;
    snprintf(why, len, "  %s: %s 95%% range [%g, %g] excludes no effect (%g)\n", k->path,
             u ? rs_dist_name(u->dist) : "fixed value", lo, hi, null);
    return 0;
}

/* Effect keys of p whose prior excludes no effect; their lines in report. */
static int count_excluding(const rs_params *p, char *report, size_t len)
{
    int bad = 0;
    size_t used = strlen(report);
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        char why[256];
        if (k->effect == RS_EFFECT_NONE || includes_null(p, k, why, sizeof why)) continue;
        bad++;
        if (used + strlen(why) < len) memcpy(report + used, why, strlen(why) + 1), used += strlen(why);
    }
    return bad;
}

static int effect_key_count(void)
{
    int n = 0;
    for (size_t i = 0; i < rs_params_key_count(); i++) n += rs_params_key(i)->effect != RS_EFFECT_NONE;
    return n;
}

static void check_config(const char *name)
{
    rs_config cfg;
    rs_error err;
    char path[1024], report[8192] = "";
    if (rs_config_load(ts_config_path(name, path, sizeof path), &cfg, &err)) fail_msg("%s", err.msg);
    int bad = 0;
    for (int s = 0; s < cfg.n_scenarios; s++) bad += count_excluding(&cfg.scenarios[s].params, report, sizeof report);
    rs_config_free(&cfg);
    if (bad) fprintf(stderr, "%s: effect priors that exclude no effect (issue 19 §3; docs/evidence.md):\n%s", name, report);
    if (bad) fail_msg("%s: %d effect prior(s) exclude no effect", name, bad);
}

static void test_schema_flags_the_service_effects(void **state)
{
    (void)state;
    /* 2 DIP + 7 Tri-borough + 9 GTO effects: a new effect key must get a prior here too. */
    assert_true(effect_key_count() >= 18);
    assert_int_equal(rs_params_key_find("services.gto.iom_hazard_ratio")->effect, RS_EFFECT_RATIO);
    assert_int_equal(rs_params_key_find("services.triborough.ete_resolved")->effect, RS_EFFECT_PROBABILITY);
}

static void test_baseline_effect_priors_include_no_effect(void **state)
{
    (void)state;
    check_config("baseline.yaml");
}

static void test_triborough_effect_priors_include_no_effect(void **state)
{
    (void)state;
    check_config("triborough.yaml"); /* scenarios' `set:` could fix an effect */
}

/* The check itself fails on the priors issue 19 found (so it cannot pass vacuously). */
static void test_check_rejects_priors_that_exclude_no_effect(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"services.triborough.support_hazard_ratio", "{dist: lognormal, mean: 0.85, sd: 0.07}"}, /* the old prior */
        {"services.gto.iom_hazard_ratio", "0.9"},                                                  /* fixed, not null */
        {"services.triborough.ete_resolved", "{dist: beta, mean: 0.15, sd: 0.05}"},                /* never exactly 0 */
        {"services.gto.tag_detection_ratio", "{dist: lognormal, mean: 2.0, sd: 0.3}"},             /* all above 1 */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char base[1024], text[2048], path[1024], report[1024] = "";
        ts_config_path("baseline.yaml", base, sizeof base);
        snprintf(text, sizeof text, "base: %s\nscenarios:\n  - name: x\n    set: {%s: %s}\n", base, cases[c][0], cases[c][1]);
        assert_non_null(ts_write_config(text, path, sizeof path));
        rs_config cfg;
        rs_error err;
        int rc = rs_config_load(path, &cfg, &err);
        unlink(path);
        if (rc) fail_msg("%s", err.msg);
        assert_int_equal(count_excluding(&cfg.scenarios[0].params, report, sizeof report), 1);
        assert_non_null(strstr(report, cases[c][0]));
        rs_config_free(&cfg);
    }
}

/* docs/evidence.md gives every effect key its evidence and prior. */
static void test_evidence_doc_covers_every_effect(void **state)
{
    (void)state;
    const char *src = getenv("REOFFSIM_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/evidence.md", src ? src : ".");
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    static char doc[1 << 17];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    for (size_t i = 0; i < rs_params_key_count(); i++) {
        const rs_key *k = rs_params_key(i);
        char cell[160];
        snprintf(cell, sizeof cell, "`%s`", k->path);
        if (k->effect != RS_EFFECT_NONE && !strstr(doc, cell)) fail_msg("docs/evidence.md lacks %s", cell);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_flags_the_service_effects),
        cmocka_unit_test(test_baseline_effect_priors_include_no_effect),
        cmocka_unit_test(test_triborough_effect_priors_include_no_effect),
        cmocka_unit_test(test_check_rejects_priors_that_exclude_no_effect),
        cmocka_unit_test(test_evidence_doc_covers_every_effect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
