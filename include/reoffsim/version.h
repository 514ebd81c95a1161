/* reoffsim — version and build identity, recorded in every output file. */
#ifndef REOFFSIM_VERSION_H
#define REOFFSIM_VERSION_H

#define RS_SCHEMA_VERSION 2 /* HDF5 layout version; bump on incompatible change */

const char *rs_version(void);    /* e.g. "0.1.0" */
const char *rs_git_commit(void); /* short hash at build time ("-dirty" if tracked files differed), or "unknown" */
/* First 16 hex digits of a SHA-256 over the compiled sources (sim/, include/, CMakeLists.txt) at
 * build time: two builds with one hash built the same model, committed or not. */
const char *rs_source_hash(void);

#endif
