/* reoffsim — the Bayesian calibration file (abc_io.c): /calibration/posterior
 * (draws x parameters, weights, parameter names, the spec text and seed), the
 * sampler's diagnostics per generation and state (/calibration/abc), and the
 * posterior predictive check of every target (/calibration/predictive).
 * The same layout, without the predictive group, is the checkpoint written
 * after every generation. Internal. */
#ifndef REOFFSIM_ABC_IO_H
#define REOFFSIM_ABC_IO_H

#include "abc_smc.h"
#include "reoffsim/calibration.h"

typedef struct {
    const rs_calib_spec *spec;
    const char *spec_text;        /* the spec file as read */
    const char *model_identity;   /* build and model config it ran (a resume must match) */
    const rs_abc_state *st;
    double wall_seconds;
    const char *date;
    /* posterior predictive (NULL in a checkpoint): n_predictive x n_targets */
    int n_predictive;
    const int *predictive_draw;
    const double *predictive;
} rs_abc_file;

/* Write atomically (temporary name, then rename). */
int rs_abc_write(const char *path, int force, const rs_abc_file *f, rs_error *err);

/* A checkpoint's state, for --resume: refused (RS_ERR_CONFIG, naming the
 * file) unless written for the same spec text and model identity, with
 * matching sizes and valid values. st is allocated here (rs_abc_state_free). */
int rs_abc_read_state(const char *path, const rs_abc_file *want, rs_abc_state *st, double *wall_seconds, rs_error *err);

#endif
