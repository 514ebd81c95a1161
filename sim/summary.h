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

#include "table_text.h" /* name widths and scale words shared by every terminal table */

/* One-way sensitivity table, widest swing first. */
void rs_summary_print_tornado(FILE *f, const rs_config *cfg, const rs_tornado *t);

#endif
