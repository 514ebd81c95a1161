/* reoffsim — the terminal summary table of a finished run: per scenario the
 * MoJ measures with 95% uncertainty intervals and Monte Carlo standard
 * errors, by subgroup, and paired differences. */
#ifndef REOFFSIM_SUMMARY_H
#define REOFFSIM_SUMMARY_H

#include <stdio.h>

#include "reoffsim/config.h"
#include "reoffsim/economics.h"
#include "reoffsim/ensemble.h"
#include "reoffsim/tornado.h"

/* The terminal summary in two parts, so that a section (the decision) can go
 * between them: everything through Economics, then the by-group tables
 * (all_details: for every scenario, not just the reference). */
void rs_summary_print_head(FILE *f, const rs_config *cfg, const rs_ensemble *e, const rs_economics *econ);
void rs_summary_print_details(FILE *f, const rs_config *cfg, const rs_ensemble *e, int all_details);

/* Width of a column of scenario names: the longest name, at least `min`
 * (names are never cut: two names that differ only at the end print apart). */
int rs_summary_name_width(const rs_config *cfg, int min);

/* What the terminal's counts and money are counted over, in words, written to buf (n bytes) and
 * returned (docs/report.md "Every count says its scale"; the report's scale.py). Counts from
 * /results and /summary are for the simulated cohort per simulated year: "simulated cohort of
 * 2000 offenders, per simulated year". Money and offences averted from /economics, /decision and
 * /sweep are for the area over the appraisal: "area of 7500 offenders a year over 5 years". */
const char *rs_scale_cohort(const rs_config *cfg, char *buf, size_t n);
const char *rs_scale_area(const rs_config *cfg, char *buf, size_t n);
#define RS_SCALE_TEXT 96 /* enough for either */

/* One-way sensitivity table, widest swing first. */
void rs_summary_print_tornado(FILE *f, const rs_config *cfg, const rs_tornado *t);

#endif
