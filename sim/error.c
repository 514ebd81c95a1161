/* reoffsim — fills rs_error reports (see include/reoffsim/error.h). Messages
 * often quote config text or file names, so they are made terminal-safe here
 * once for every caller: control characters and broken UTF-8 become \xNN. */
#include "reoffsim/error.h"

#include <stdio.h>

#include "safe_text.h"

int rs_error_set(rs_error *err, int code, const char *fmt, ...)
{
    if (err) {
        char raw[RS_ERROR_LEN];
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(raw, sizeof raw, fmt, ap);
        va_end(ap);
        rs_text_escape(raw, err->msg, sizeof err->msg);
    }
    return code;
}
