/* reoffsim — option parsing helpers shared by the sub-commands (cli.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "text_file.h" /* rs_temp_create: the writers' temporary */
#include "reoffsim/version.h"

int rs_cli_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0') return 0;
    /* A missing value, or the next option where the value should be
     * (`--out --force`): the caller reports the value missing. No value
     * starts with "--" (a file of that name can be given as ./--name). */
    if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0) {
        *value = NULL;
        return 1;
    }
    *value = argv[++*i];
    return 1;
}

int rs_cli_flag(char **argv, int i, const char *name) { return strcmp(argv[i], name) == 0; }

int rs_cli_int(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || errno == ERANGE || v < lo || v > hi) {
        fprintf(stderr, "reoffsim: %s: expected a whole number in [%ld, %ld], got '%s'\n", opt, lo, hi,
                s ? s : "(nothing)");
        return 1;
    }
    *out = v;
    return 0;
}

int rs_cli_u64(const char *opt, const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = (s && *s != '-') ? strtoull(s, &end, 10) : 0;
    if (!s || !*s || *s == '-' || *end || errno == ERANGE) {
        fprintf(stderr, "reoffsim: %s: expected a non-negative whole number, got '%s'\n", opt, s ? s : "(nothing)");
        return 1;
    }
    *out = (uint64_t)v;
    return 0;
}

int rs_cli_double(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = s ? strtod(s, &end) : 0.0;
    if (!s || !*s || *end || errno == ERANGE || !(v >= lo && v <= hi)) {
        fprintf(stderr, "reoffsim: %s: expected a number in [%g, %g], got '%s'\n", opt, lo, hi, s ? s : "(nothing)");
        return 1;
    }
    *out = v;
    return 0;
}

int rs_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "reoffsim %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'reoffsim %s --help'.\n", command);
    va_end(ap);
    return RS_EXIT_USAGE;
}

void rs_cli_print_version(FILE *f)
{
    fprintf(f, "reoffsim %s (commit %s, sources %s, HDF5 schema %d)\n", rs_version(), rs_git_commit(), rs_source_hash(),
            RS_SCHEMA_VERSION);
}

/* What an existing non-regular output is, for the message. */
static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "is a directory" : S_ISLNK(m) ? "is a symbolic link" : S_ISFIFO(m) ? "is a FIFO"
         : S_ISCHR(m) || S_ISBLK(m) ? "is a device" : S_ISSOCK(m) ? "is a socket" : "is not a regular file";
}

int rs_cli_check_output(const char *command, const char *option, const char *path, int force)
{
    if (!path || !*path) return rs_cli_usage_error(command, "%s needs a file name", option);
    struct stat st;
    /* lstat: a symlink is refused, not followed; --force never replaces a
     * device, FIFO, socket or directory (e.g. /dev/null as root). */
    if (lstat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            fprintf(stderr, "reoffsim %s: %s %s: %s; refusing to replace it%s\n", command, option, path,
                    file_kind(st.st_mode), S_ISDIR(st.st_mode) ? "" : " (even with --force)");
            return RS_EXIT_USAGE;
        }
        if (!force) {
            fprintf(stderr, "reoffsim %s: %s %s: already exists (use --force to overwrite)\n", command, option, path);
            return RS_EXIT_USAGE;
        }
    }
    char tmp[4096];
    rs_error err;
    int fd = rs_temp_create(path, tmp, sizeof tmp, &err);
    if (fd < 0) {
        fprintf(stderr, "reoffsim %s: %s %s: cannot create a file there: %s\n", command, option, path,
                strchr(err.msg, ':') ? strrchr(err.msg, ':') + 2 : err.msg);
        return RS_EXIT_FAILURE;
    }
    close(fd);
    unlink(tmp);
    return 0;
}

int rs_cli_check_not_input(const char *command, const char *option, const char *out, const char *input,
                           const char *what)
{
    struct stat so, si;
    if (!out || !input || stat(out, &so) != 0 || stat(input, &si) != 0) return 0;
    if (so.st_dev != si.st_dev || so.st_ino != si.st_ino) return 0;
    fprintf(stderr, "reoffsim %s: %s %s: is the same file as %s %s; refusing to overwrite an input\n", command,
            option, out, what, input);
    return RS_EXIT_USAGE;
}

int rs_cli_check_not_config(const char *command, const char *option, const char *out, const rs_config *cfg)
{
    int input = rs_config_file_index(cfg, out);
    if (input < 0) return 0;
    fprintf(stderr, "reoffsim %s: %s %s: is the same file as %s%s; refusing to overwrite an input\n", command, option,
            out, input ? "a base file of the config " : "the config ", cfg->path);
    return RS_EXIT_USAGE;
}
