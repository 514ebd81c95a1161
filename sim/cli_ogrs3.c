/* reoffsim — `reoffsim ogrs3`: the exact OGRS3 score for one offender. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "reoffsim/ogrs3.h"

static void help(FILE *f)
{
    fputs("usage: reoffsim ogrs3 --sex male|female --age YEARS --sanctions N\n"
          "                      --first-sanction-age YEARS --offence CATEGORY\n"
          "\n"
          "Prints OGRS3's linear predictor y, the one- and two-year probabilities of a\n"
          "proven reoffence and the band (low <50%, medium 50-74%, high 75-89%, very_high >=90%).\n"
          "  --sanctions            sanctions including the current one (>= 1)\n"
          "  --first-sanction-age   age at first sanction (10 .. age)\n"
          "  --offence              one of:",
          f);
    for (int o = 0; o < RS_N_OFFENCES; o++) fprintf(f, "%s %s", o % 6 == 5 ? "\n                           " : "", rs_offence_name((rs_offence)o));
    fputs("\nexample: reoffsim ogrs3 --sex male --age 25 --sanctions 5 --first-sanction-age 16 --offence theft\n", f);
}

int rs_cli_ogrs3(int argc, char **argv)
{
    const char *sex = NULL, *age = NULL, *sanctions = NULL, *first = NULL, *offence = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (rs_cli_flag(argv, i, "--help") || rs_cli_flag(argv, i, "-h")) {
            help(stdout);
            return RS_EXIT_OK;
        }
        const char **slot = NULL;
        if (rs_cli_option(argc, argv, &i, "--sex", &v)) slot = &sex;
        else if (rs_cli_option(argc, argv, &i, "--age", &v)) slot = &age;
        else if (rs_cli_option(argc, argv, &i, "--sanctions", &v)) slot = &sanctions;
        else if (rs_cli_option(argc, argv, &i, "--first-sanction-age", &v)) slot = &first;
        else if (rs_cli_option(argc, argv, &i, "--offence", &v)) slot = &offence;
        else return rs_cli_usage_error("ogrs3", "unknown option '%s'", argv[i]);
        if (!v) return rs_cli_usage_error("ogrs3", "%s needs a value", argv[i]);
        *slot = v;
    }
    if (!sex || !age || !sanctions || !first || !offence)
        return rs_cli_usage_error("ogrs3", "--sex, --age, --sanctions, --first-sanction-age and --offence are all required");
    rs_sex s;
    if (!strcmp(sex, "male")) s = RS_MALE;
    else if (!strcmp(sex, "female")) s = RS_FEMALE;
    else return rs_cli_usage_error("ogrs3", "--sex: expected male or female, got '%s'", sex);
    double a, f;
    long n;
    if (rs_cli_double("--age", age, 16, 120, &a) || rs_cli_int("--sanctions", sanctions, 1, 100000, &n) ||
        rs_cli_double("--first-sanction-age", first, 10, 120, &f))
        return RS_EXIT_USAGE;
    if (f > a) return rs_cli_usage_error("ogrs3", "--first-sanction-age (%g) is after --age (%g)", f, a);
    int o = rs_offence_from_name(offence);
    if (o < 0) return rs_cli_usage_error("ogrs3", "--offence: unknown category '%s'", offence);
    rs_ogrs3 r = rs_ogrs3_score(s, a, (int)n, f, (rs_offence)o);
    printf("y          %.6f\n", r.y);
    printf("p1         %.5f  (one-year proven reoffending probability)\n", r.p1);
    printf("p2         %.5f  (two-year proven reoffending probability)\n", r.p2);
    printf("band       %s\n", rs_band_name(r.band));
    printf("gto        %s\n", rs_ogrs3_gto_eligible(r.p2, (rs_offence)o) ? "eligible" : "not eligible");
    return RS_EXIT_OK;
}
