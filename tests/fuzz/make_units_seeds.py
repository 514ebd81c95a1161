#!/usr/bin/python3
"""Write the seed corpus of tests/fuzz/fuzz_units.c into tests/fuzz/units_corpus/ (x86-64 layout:
792-byte rs_unit_result, 16 subgroups, 42 yearly totals; see the harness for the input format).
Usage: tests/fuzz/make_units_seeds.py [DIR]"""
import os
import struct
import sys

GROUPS, TOTALS, STRUCT = 16, 42, 792
FORMAT, FINGERPRINT, CONFIG = b"reoffsim units 2", b"format: fuzz\nscenarios: first,second\n", b"fuzz.yaml"
TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(crc, data):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def unit(years, cohort=100.0, reoffenders=30.0, events=1234, year_value=5.0):
    fields = [cohort] * GROUPS + [reoffenders] * GROUPS + [2 * reoffenders] * GROUPS + \
             [300.0 * reoffenders] * GROUPS + [0.3 * cohort] * GROUPS + [0.45 * cohort] * GROUPS
    b = struct.pack("<%dd" % (6 * GROUPS), *fields) + struct.pack("<i4xQQ", years, 0, events)
    assert len(b) == STRUCT
    return b + struct.pack("<%dd" % (years * TOTALS), *([year_value] * (years * TOTALS)))


def seed(flags, header, rows, checksum=None, damage=None):
    """header: total, first, n_rep, agents, years, point, n_units; rows: (scen, rep, bytes);
    damage: (row, byte) flipped after the checksums were computed."""
    crcs = [crc32c(crc32c(0, struct.pack("<ii", s, r)), b) for s, r, b in rows]
    if damage:
        k, i = damage
        s, r, b = rows[k]
        rows = rows[:k] + [(s, r, b[:i] + bytes([b[i] ^ 0xFF]) + b[i + 1:])] + rows[k + 1:]
    if checksum is None:
        c = crc32c(0, FORMAT + b"\0")
        c = crc32c(c, FINGERPRINT + b"\0")
        c = crc32c(c, CONFIG + b"\0")
        c = crc32c(c, struct.pack("<Q7q", 1, *header))
        checksum = crc32c(c, struct.pack("<%dI" % len(crcs), *crcs))
    out = struct.pack("<B7iI", flags, *header, checksum)
    for (s, r, b), c in zip(rows, crcs):
        out += struct.pack("<iiI", s, r, c) + b
    return out


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "units_corpus")
    os.makedirs(d, exist_ok=True)
    y = 3
    good = [(0, 0, unit(y)), (1, 0, unit(y, 90.0, 20.0)), (0, 1, unit(y, 80.0, 10.0)), (1, 1, unit(y))]
    seeds = {
        "seed_valid_checksums": seed(0, (2, 0, 2, 100, y, 0, 4), good),
        "seed_valid_recompute": seed(3, (2, 0, 2, 100, y, 0, 4), good),
        "seed_shard_range": seed(0, (4, 2, 2, 100, y, 0, 2), [(0, 2, unit(y)), (1, 3, unit(y))]),
        "seed_empty_checkpoint": seed(0, (2, 0, 2, 100, y, 0, 0), []),
        "seed_one_year": seed(0, (1, 0, 1, 50, 1, 1, 2), [(0, 0, unit(1, 50.0, 5.0)), (1, 0, unit(1, 50.0, 5.0))]),
        "seed_flipped_byte": seed(0, (2, 0, 2, 100, y, 0, 4), good, damage=(2, 5)),
        # crafted (checksums recomputed): the reader must check the values behind them
        "seed_years_field": seed(3, (2, 0, 2, 100, y, 0, 1), [(0, 0, unit(y)[:768] + struct.pack("<i", 1 << 20) + unit(y)[772:])]),
        "seed_negative_count": seed(3, (2, 0, 2, 100, y, 0, 1), [(0, 0, unit(y, -1.0))]),
        "seed_nan_year_total": seed(3, (2, 0, 2, 100, y, 0, 1), [(0, 0, unit(y, year_value=float("nan")))]),
        "seed_overlap": seed(3, (2, 0, 2, 100, y, 0, 2), [(0, 0, unit(y)), (0, 0, unit(y))]),
        "seed_outside_run": seed(3, (2, 0, 2, 100, y, 0, 1), [(5, 0, unit(y))]),
        "seed_header_ranges": seed(3, (2, 5, -1, 0, 1000, 7, 1 << 30), [(0, 0, unit(y))]),
        "seed_too_many_units": seed(3, (2, 0, 2, 100, y, 0, 9), good),
    }
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(seeds)} seeds to {d}")


if __name__ == "__main__":
    main()
