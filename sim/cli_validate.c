/* reoffsim — `reoffsim validate CONFIG`: load and check a config. */
#include <stdio.h>

#include "cli.h"
#include "reoffsim/config.h"

int rs_cli_validate(int argc, char **argv)
{
    if (argc >= 2 && (rs_cli_flag(argv, 1, "--help") || rs_cli_flag(argv, 1, "-h"))) {
        puts("usage: reoffsim validate CONFIG\n\n"
             "Checks CONFIG (YAML): syntax, unknown or missing keys, types, ranges, shares that\n"
             "must sum to 1, scenario names. Prints 'file:line: key: message' and exits 2 on the\n"
             "first problem; exits 0 and prints a one-line summary when valid.");
        return RS_EXIT_OK;
    }
    if (argc != 2) return rs_cli_usage_error("validate", "expected exactly one CONFIG file");
    rs_config cfg;
    rs_error err;
    int rc = rs_config_load(argv[1], &cfg, &err);
    if (rc) {
        fprintf(stderr, "%s\n", err.msg);
        return rc == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_FAILURE;
    }
    const rs_run_params *run = &cfg.scenarios[0].params.run;
    printf("%s: valid: %d scenario(s), %zu parameters each, %d agents x %d replicates x %d years\n",
           argv[1], cfg.n_scenarios, rs_params_key_count(), run->n_agents, run->replicates, run->years);
    rs_config_free(&cfg);
    return RS_EXIT_OK;
}
