/* reoffsim — memory a run would need, checked before it starts (memory_check.c). */
#ifndef REOFFSIM_MEMORY_CHECK_H
#define REOFFSIM_MEMORY_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "reoffsim/params.h"

double rs_memory_needed(const rs_params *p, int n_scenarios, int threads); /* bytes */
double rs_memory_available(void);                                          /* bytes, 0 if unknown */
/* 1 (and a message) if the run would not fit in 90% of physical memory. */
int rs_memory_check(const rs_params *p, int n_scenarios, int threads, char *msg, size_t len);

#endif
