/* reoffsim — making untrusted text (config values, keys, file names) safe to
 * show on a terminal: control characters and invalid UTF-8 escaped, long
 * text cut at a character boundary (safe_text.c). */
#ifndef REOFFSIM_SAFE_TEXT_H
#define REOFFSIM_SAFE_TEXT_H

#include <stddef.h>

/* Copy s into out (size n, always NUL-terminated) with every control
 * character (C0, DEL, C1) and every byte that is not part of valid UTF-8
 * written as \xNN; whole characters only. Returns out. */
char *rs_text_escape(const char *s, char *out, size_t n);

/* As rs_text_escape, but at most max_chars characters of s, then "...". */
char *rs_text_excerpt(const char *s, size_t max_chars, char *out, size_t n);

/* Length in bytes of the longest prefix of s (at most max bytes) that ends
 * on a UTF-8 character boundary. */
size_t rs_text_utf8_prefix(const char *s, size_t max);

#endif
