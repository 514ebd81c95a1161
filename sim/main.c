/* reoffsim — entry point: dispatches to the sub-commands in cli_*.c. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: reoffsim <command> [options]\n"
          "\n"
          "Agent-based microsimulation of adult reoffending (MoJ proven-reoffending measures).\n"
          "\n"
          "commands:\n"
          "  run CONFIG      simulate every scenario of CONFIG and write an HDF5 results file\n"
          "  ogrs3 ...       OGRS3 one- and two-year reoffending probabilities for one offender\n"
          "  validate CONFIG check a config file; exit 0 if valid, 2 if not\n"
          "  calibrate SPEC  fit free parameters to published targets (NLopt); write the calibrated config\n"
          "  check-targets SPEC  does a config meet every calibration target within its tolerance?\n"
          "  merge SHARD... --out FILE  combine shards of one run (run --replicate-range) into one file\n"
          "\n"
          "options:\n"
          "  -h, --help      this help (also: reoffsim <command> --help)\n"
          "  --version       version, git commit, hash of the compiled sources, HDF5 schema version\n"
          "\n"
          "exit codes: 0 ok, 1 runtime failure, 2 usage or config error, 75 stopped with a checkpoint\n"
          "(run: continue with --resume), 130 interrupted (merge: 128 + N for signal N, e.g. 143 SIGTERM)\n",
          f);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return RS_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return RS_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        rs_cli_print_version(stdout);
        return RS_EXIT_OK;
    }
    if (!strcmp(cmd, "run")) return rs_cli_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "ogrs3")) return rs_cli_ogrs3(argc - 1, argv + 1);
    if (!strcmp(cmd, "validate")) return rs_cli_validate(argc - 1, argv + 1);
    if (!strcmp(cmd, "calibrate")) return rs_cli_calibrate(argc - 1, argv + 1);
    if (!strcmp(cmd, "check-targets")) return rs_cli_check_targets(argc - 1, argv + 1);
    if (!strcmp(cmd, "merge")) return rs_cli_merge(argc - 1, argv + 1);
    fprintf(stderr, "reoffsim: unknown command '%s'\n", cmd);
    usage(stderr);
    return RS_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* A closed pipe on stdout (`reoffsim run ... | head`) must not kill a run
     * before its results file is written: writes then fail with EPIPE, the
     * command finishes, and the failure is reported below. */
    signal(SIGPIPE, SIG_IGN);
    int rc = dispatch(argc, argv);
    errno = 0;
    int flush_failed = fflush(stdout) != 0, flush_errno = errno;
    if (flush_failed || ferror(stdout)) {
        /* An earlier write's error is gone by now: only the flush's can be named. */
        if (flush_failed)
            fprintf(stderr, "reoffsim: standard output was not all written: %s\n", strerror(flush_errno));
        else
            fprintf(stderr, "reoffsim: standard output was not all written (a closed pipe or a full disk)\n");
        if (rc == RS_EXIT_OK) rc = RS_EXIT_FAILURE;
    }
    return rc;
}
