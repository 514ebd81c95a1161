/* reoffsim — fills rs_error reports (see include/reoffsim/error.h). */
#include "reoffsim/error.h"

#include <stdio.h>

int rs_error_set(rs_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}
