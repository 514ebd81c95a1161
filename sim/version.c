/* reoffsim — version strings baked in by CMake (version.h). */
#include "reoffsim/version.h"

const char *rs_version(void) { return REOFFSIM_VERSION; }
const char *rs_git_commit(void) { return REOFFSIM_GIT_COMMIT; }
