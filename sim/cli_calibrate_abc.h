/* reoffsim — `reoffsim calibrate SPEC --posterior FILE.h5`: the Bayesian
 * calibration (ABC-SMC) with a checkpoint after every generation
 * (cli_calibrate_abc.c). */
#ifndef REOFFSIM_CLI_CALIBRATE_ABC_H
#define REOFFSIM_CLI_CALIBRATE_ABC_H

#include <signal.h>

#include "reoffsim/calibration.h"

typedef struct {
    const char *posterior;    /* the output file */
    int force, resume, quiet;
    int threads;
    const volatile sig_atomic_t *cancel;
} rs_abc_cli;

/* Run (or resume) the sampler for spec over params p; returns an exit code. */
int rs_cli_calibrate_posterior(const rs_abc_cli *a, const rs_calib_spec *spec, const rs_params *p);

/* FILE.h5's checkpoint name, FILE.h5.ckpt. */
void rs_abc_checkpoint_path(const char *posterior, char *out, size_t n);

#endif
