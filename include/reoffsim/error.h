/* reoffsim — error reports.
 * A fixed-size message buffer that library functions fill instead of printing
 * or exiting; only the CLI decides what to do with it. */
#ifndef REOFFSIM_ERROR_H
#define REOFFSIM_ERROR_H

#include <stdarg.h>

#define RS_ERROR_LEN 1024

/* Status codes returned by library functions (0 = ok). */
enum {
    RS_OK = 0,
    RS_ERR_CONFIG = 2, /* invalid input: maps to exit code 2 */
    RS_ERR_IO = 3,     /* file system / HDF5 failure */
    RS_ERR_NOMEM = 4,  /* allocation failed */
    RS_ERR_INTERRUPTED = 5
};

typedef struct {
    int code;
    char msg[RS_ERROR_LEN];
} rs_error;

/* Set err (if non-NULL) to code and a printf-style message; returns code. */
int rs_error_set(rs_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
