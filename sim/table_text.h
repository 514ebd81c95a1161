/* reoffsim — what every terminal table shares (summary.c, decision_print.c,
 * sweep.c): the width of a column of scenario names, and the words that say
 * what counts and money are counted over (table_text.c). Internal. */
#ifndef REOFFSIM_TABLE_TEXT_H
#define REOFFSIM_TABLE_TEXT_H

#include <stddef.h>

#include "reoffsim/config.h"

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

#endif
