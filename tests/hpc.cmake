# reoffsim HPC tests (issue 7; included by tests/CMakeLists.txt): checkpoint and resume (unit
# test and CLI signals, kill -9), MPI (REOFFSIM_MPI builds), merge of shards, and a real Slurm.
# Labels: checkpoint, mpi, merge, slurm.
add_executable(test_checkpoint test_checkpoint.c test_support.c)
target_include_directories(test_checkpoint PRIVATE ${PROJECT_SOURCE_DIR}/sim ${RANDOM123_INCLUDE_DIR})
target_link_libraries(test_checkpoint PRIVATE reoffsim_core reoffsim_warnings PkgConfig::CMOCKA)
add_test(NAME unit_checkpoint COMMAND test_checkpoint)
set_tests_properties(unit_checkpoint PROPERTIES
  ENVIRONMENT "REOFFSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR};OMP_NUM_THREADS=2"
  LABELS "unit;checkpoint" TIMEOUT 300)

# Unit records read back are verified (issue 21): checksums, byte flips, crafted out-of-range values.
add_executable(test_units_integrity test_units_integrity.c test_support.c)
target_include_directories(test_units_integrity PRIVATE ${PROJECT_SOURCE_DIR}/sim ${RANDOM123_INCLUDE_DIR}
                           ${HDF5_INCLUDE_DIRS})
target_compile_definitions(test_units_integrity PRIVATE ${HDF5_DEFINITIONS})
target_link_libraries(test_units_integrity PRIVATE reoffsim_core reoffsim_warnings PkgConfig::CMOCKA
                      ${HDF5_LIBRARIES})
add_test(NAME unit_units_integrity COMMAND test_units_integrity)
set_tests_properties(unit_units_integrity PROPERTIES
  ENVIRONMENT "REOFFSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR};OMP_NUM_THREADS=2"
  LABELS "unit;checkpoint;merge;robustness" TIMEOUT 300)

add_test(NAME checkpoint_resume
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/checkpoint_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(checkpoint_resume PROPERTIES
  LABELS "integration;checkpoint" TIMEOUT 600 ENVIRONMENT "OMP_NUM_THREADS=2")

add_test(NAME merge_shards
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/merge_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(merge_shards PROPERTIES
  LABELS "integration;merge" TIMEOUT 600 ENVIRONMENT "OMP_NUM_THREADS=2")

add_test(NAME build_fingerprint
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/build_fingerprint_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(build_fingerprint PROPERTIES
  LABELS "integration;merge" TIMEOUT 300 ENVIRONMENT "OMP_NUM_THREADS=2")

# MPI (only in a -DREOFFSIM_MPI=ON build): 1, 2 and 4 ranks x 1 and 2 threads give the same bits;
# SIGUSR1 through mpirun checkpoints; resume on another rank count. `ctest -L mpi`.
if(REOFFSIM_MPI)
  add_test(NAME mpi_ranks_bitwise_identical
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/mpi_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR}
                   ${MPIEXEC_EXECUTABLE})
  set_tests_properties(mpi_ranks_bitwise_identical PROPERTIES
    LABELS mpi TIMEOUT 600 RUN_SERIAL TRUE
    ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMP_NUM_THREADS=2")
endif()

# Slurm (MPI builds, when Debian's slurm-wlm is installed): the scripts in scripts/slurm on a real
# single-node Slurm started and stopped by the test (~30 s; needs root, else skipped). Not in
# scripts/test by default: `cd build-mpi && ctest -L slurm`.
find_program(REOFFSIM_SLURMCTLD slurmctld PATHS /usr/sbin /usr/local/sbin)
if(REOFFSIM_MPI AND REOFFSIM_SLURMCTLD)
  add_test(NAME slurm_scripts
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/slurm_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
  set_tests_properties(slurm_scripts PROPERTIES
    LABELS slurm TIMEOUT 420 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endif()

# The memory bound of the streaming writer (issue 22): run and merge of 10,000 and 40,000 units
# under 300 MiB peak RSS, at most 3 KiB more per unit (~40 s; Release only: sanitizers change RSS).
if(NOT REOFFSIM_SANITIZE)
  add_test(NAME memory_bound
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/memory_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
  set_tests_properties(memory_bound PROPERTIES LABELS "integration;checkpoint" TIMEOUT 300 RUN_SERIAL TRUE
                       ENVIRONMENT "OMP_NUM_THREADS=2")
endif()
