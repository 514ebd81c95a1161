/* reoffsim — CRC-32C (Castagnoli), a fast non-cryptographic checksum for the
 * raw unit records of shards and checkpoints (checkpoint_units.c). It finds
 * every 1-, 2- and 3-bit error and every burst up to 32 bits in a record:
 * damage on disk or in transfer, not deliberate forgery. */
#ifndef REOFFSIM_CRC32C_H
#define REOFFSIM_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continue the CRC-32C `crc` (0 to start) over n bytes at data. */
uint32_t rs_crc32c(uint32_t crc, const void *data, size_t n);

#endif
