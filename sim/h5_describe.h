/* reoffsim — label every dataset of an HDF5 file for readers without custom
 * code (h5_describe.c): units on labels, and the dimension order as text. */
#ifndef REOFFSIM_H5_DESCRIBE_H
#define REOFFSIM_H5_DESCRIBE_H

#include <hdf5.h>

/* Attribute naming a dataset's dimensions in C (row-major) order, e.g.
 * "scenario,replicate,subgroup", and the note beside it. */
#define RS_H5_DIMENSIONS_ATTR "dimensions"
#define RS_H5_DIMENSIONS_NOTE_ATTR "dimensions_note"

/* Visit every dataset below file: a dimension scale or string dataset
 * without `units` gets units "1" (labels and indices are dimensionless);
 * every other dataset whose axes all have dimension scales gets
 * `dimensions` (scale names, comma-separated, slowest-varying first) and,
 * when it has two or more, `dimensions_note` (R's hdf5r reverses them).
 * Attributes already present are left alone. Returns < 0 on failure. */
int rs_h5_describe_datasets(hid_t file);

#endif
