/* reoffsim — atomic text file writing (text_file.c). */
#ifndef REOFFSIM_TEXT_FILE_H
#define REOFFSIM_TEXT_FILE_H

#include "reoffsim/error.h"

int rs_write_text_atomic(const char *path, int force, const char *text, rs_error *err);

#endif
