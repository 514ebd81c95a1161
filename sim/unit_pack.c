/* reoffsim — one work unit as bytes (checkpoint.h: checkpoints, shards, MPI
 * messages): the struct with its year pointer cleared, then the year arrays.
 * Whole structs are copied, so fields that metrics.h gains travel without
 * change here; the layout is in the run fingerprint. Unpacking trusts no
 * length from the bytes: the year count must match the receiving storage. */
#include <stddef.h>
#include <string.h>

#include "reoffsim/checkpoint.h"

/* rs_unit_result holds plain values plus the `year` array it points to. If
 * it ever gains another pointer, pack/unpack must learn about it. */
size_t rs_unit_packed_size(int years)
{
    return sizeof(rs_unit_result) + (size_t)years * RS_N_YEAR_TOTALS * sizeof(double);
}

void rs_unit_pack(const rs_unit_result *res, unsigned char *buf)
{
    rs_unit_result copy;
    memcpy(&copy, res, sizeof copy);
    copy.year = NULL;
    /* the padding between `years` and `year` is zeroed, so equal units give equal bytes */
    size_t gap = offsetof(rs_unit_result, years) + sizeof copy.years;
    memset((unsigned char *)&copy + gap, 0, offsetof(rs_unit_result, year) - gap);
    memcpy(buf, &copy, sizeof copy);
    memcpy(buf + sizeof copy, res->year, (size_t)res->years * RS_N_YEAR_TOTALS * sizeof(double));
}

int rs_unit_unpack(const unsigned char *buf, rs_unit_result *res)
{
    int years;
    memcpy(&years, buf + offsetof(rs_unit_result, years), sizeof years);
    if (years != res->years) return -1; /* never a length taken from the bytes */
    double *year = res->year;
    memcpy(res, buf, sizeof *res);
    res->year = year;
    memcpy(year, buf + sizeof *res, (size_t)years * RS_N_YEAR_TOTALS * sizeof(double));
    return 0;
}
