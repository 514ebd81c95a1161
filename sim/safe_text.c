/* reoffsim — terminal-safe rendering of untrusted text (safe_text.h). A
 * config can hold escape sequences (ESC [ ...), other control characters or
 * broken UTF-8; echoing them raw would let a file drive the user's terminal. */
#include "safe_text.h"

#include <stdio.h>
#include <string.h>

/* Bytes of the valid UTF-8 character at s (1-4), or 0 if s does not start one. */
static size_t utf8_char_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80) return 0;
    if (n == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0))) return 0; /* overlong, surrogate */
    if (n == 4 && ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))) return 0; /* overlong, > U+10FFFF */
    return n;
}

/* Unicode bidirectional controls (U+200E-200F, U+202A-202E, U+2066-2069):
 * a right-to-left override makes the rest of a line read backwards, so a
 * name can disguise what follows it (e.g. the figures of another scenario). */
static int is_bidi_control(const unsigned char *s, size_t len)
{
    if (len != 3 || s[0] != 0xe2) return 0;
    if (s[1] == 0x80) return s[2] == 0x8e || s[2] == 0x8f || (s[2] >= 0xaa && s[2] <= 0xae);
    return s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9;
}

/* True if the character of len bytes at s is a control character (C0, DEL,
 * C1, or a bidirectional control). */
static int is_control(const unsigned char *s, size_t len)
{
    if (len == 1) return s[0] < 0x20 || s[0] == 0x7f;
    if (len == 2) return s[0] == 0xc2 && s[1] < 0xa0; /* C1: U+0080..U+009F */
    return is_bidi_control(s, len);
}

size_t rs_text_utf8_prefix(const char *s, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (u[i]) {
        size_t len = utf8_char_len(u + i);
        if (len == 0) len = 1;
        if (i + len > max) break;
        i += len;
    }
    return i;
}

char *rs_text_excerpt(const char *s, size_t max_chars, char *out, size_t n)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t used = 0, chars = 0;
    if (n == 0) return out;
    out[0] = '\0';
    while (*u) {
        if (chars == max_chars) {
            if (used + 4 <= n) memcpy(out + used, "...", 4);
            return out;
        }
        size_t len = utf8_char_len(u);
        char piece[16];
        size_t plen;
        if (len == 0 || is_control(u, len)) {
            len = len ? len : 1;
            plen = 0;
            for (size_t i = 0; i < len; i++) plen += (size_t)snprintf(piece + plen, sizeof piece - plen, "\\x%02x", u[i]);
        } else {
            memcpy(piece, u, len);
            plen = len;
        }
        if (used + plen + 1 > n) break; /* only whole characters */
        memcpy(out + used, piece, plen);
        used += plen;
        out[used] = '\0';
        u += len;
        chars++;
    }
    return out;
}

char *rs_text_escape(const char *s, char *out, size_t n) { return rs_text_excerpt(s, (size_t)-1, out, n); }
