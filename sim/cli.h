/* reoffsim — command-line front end: sub-commands, option parsing helpers,
 * exit codes. Only this layer prints to the user or decides to exit. */
#ifndef REOFFSIM_CLI_H
#define REOFFSIM_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "reoffsim/config.h"

enum {
    RS_EXIT_OK = 0,
    RS_EXIT_FAILURE = 1,     /* runtime failure (I/O, memory) */
    RS_EXIT_USAGE = 2,       /* bad usage or invalid config */
    RS_EXIT_CHECKPOINTED = 75, /* EX_TEMPFAIL: stopped by a signal, checkpoint written; rerun with --resume */
    RS_EXIT_INTERRUPTED = 130
};

/* Sub-commands: argv[0] is the sub-command name. */
int rs_cli_run(int argc, char **argv);
int rs_cli_ogrs3(int argc, char **argv);
int rs_cli_validate(int argc, char **argv);
int rs_cli_calibrate(int argc, char **argv);
int rs_cli_check_targets(int argc, char **argv);
int rs_cli_merge(int argc, char **argv);

/* Option parsing: "--name value" or "--name=value". Returns 1 and sets
 * *value (and advances *i) when argv[*i] is option `name`. */
int rs_cli_option(int argc, char **argv, int *i, const char *name, const char **value);
int rs_cli_flag(char **argv, int i, const char *name);

/* Strict number parsing for option values; print "reoffsim: --opt: ..." and return non-zero on error. */
int rs_cli_int(const char *opt, const char *s, long lo, long hi, long *out);
int rs_cli_u64(const char *opt, const char *s, uint64_t *out);
int rs_cli_double(const char *opt, const char *s, double lo, double hi, double *out);

int rs_cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Before any long work: can `command` write `path` (given as `option`)?
 * Refuses anything existing that is not a regular file (directory, symlink,
 * device, FIFO: even with force), or an existing file without `force`
 * (exit 2), and probes the directory by creating and removing a temporary as
 * the writer will (exit 1 if that fails). Prints why; 0 if writable. */
int rs_cli_check_output(const char *command, const char *option, const char *path, int force);

/* Exit 2 (with a message naming `what`, e.g. "the config") if out is the same
 * file (device and inode) as input; 0 otherwise, also if either is missing. */
int rs_cli_check_not_input(const char *command, const char *option, const char *out, const char *input,
                           const char *what);

/* Exit 2 (with a message) if out is the same file (device and inode: hard
 * links and other spellings included) as the config cfg was read from or
 * one of its base files; 0 otherwise, also if out does not exist. */
int rs_cli_check_not_config(const char *command, const char *option, const char *out, const rs_config *cfg);

void rs_cli_print_version(FILE *f);

#endif
