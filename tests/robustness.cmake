# reoffsim robustness suite (issue 9; included by tests/CMakeLists.txt): the bad-config corpus,
# fault injection (an LD_PRELOAD shim), a replay of the fuzz corpus in every build, and — when the
# compiler is clang — the libFuzzer target. `ctest -L robustness`; `ctest -L fuzz` (clang builds).
set(ROBUSTNESS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/robustness)
set(FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

# Fault-injection shim: preloaded into reoffsim, so it is deliberately not sanitizer-instrumented
# (only the warning flags of reoffsim_warnings, not its -fsanitize options).
add_library(reoffsim_fault_shim SHARED ${ROBUSTNESS_DIR}/fault_shim.c)
target_compile_options(reoffsim_fault_shim PRIVATE -Wall -Wextra -Wshadow -Wstrict-prototypes
                       $<$<BOOL:${REOFFSIM_WERROR}>:-Werror>)
target_link_libraries(reoffsim_fault_shim PRIVATE ${CMAKE_DL_LIBS})

# Fuzz harness as a plain program: replays every file of tests/fuzz/corpus (sanitized in ASan builds).
add_executable(fuzz_config_replay ${FUZZ_DIR}/fuzz_config.c ${FUZZ_DIR}/fuzz_replay_main.c)
target_compile_definitions(fuzz_config_replay PRIVATE
                           FUZZ_CONFIG_DIR="${PROJECT_SOURCE_DIR}/configs")
target_link_libraries(fuzz_config_replay PRIVATE reoffsim_core reoffsim_warnings)

# The same for the reader of unit records (shards, checkpoints): tests/fuzz/units_corpus.
add_executable(fuzz_units_replay ${FUZZ_DIR}/fuzz_units.c ${FUZZ_DIR}/fuzz_replay_main.c)
target_compile_definitions(fuzz_units_replay PRIVATE ${HDF5_DEFINITIONS})
target_include_directories(fuzz_units_replay PRIVATE ${PROJECT_SOURCE_DIR}/sim ${HDF5_INCLUDE_DIRS})
target_link_libraries(fuzz_units_replay PRIVATE reoffsim_core reoffsim_warnings ${HDF5_LIBRARIES})

add_test(NAME bad_configs
         COMMAND bash ${ROBUSTNESS_DIR}/bad_configs.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
add_test(NAME faults
         COMMAND bash ${ROBUSTNESS_DIR}/faults.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:reoffsim_fault_shim>)
add_test(NAME fuzz_corpus_replay COMMAND fuzz_config_replay ${FUZZ_DIR}/corpus)
# Attacks (issue 21): hostile file systems and inputs — planted symlinks, special files, outputs
# that are inputs, racing runs (output_attacks); FIFOs, huge or deep YAML, hostile text (input_attacks).
set(ATTACKS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/attacks)
add_test(NAME attacks_output
         COMMAND bash ${ATTACKS_DIR}/output_attacks.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:reoffsim_fault_shim>)
add_test(NAME attacks_input
         COMMAND bash ${ATTACKS_DIR}/input_attacks.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
add_test(NAME fuzz_units_replay COMMAND fuzz_units_replay ${FUZZ_DIR}/units_corpus)
add_test(NAME damaged_units
         COMMAND bash ${ROBUSTNESS_DIR}/damaged_units.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
add_test(NAME merge_signals
         COMMAND bash ${ROBUSTNESS_DIR}/merge_signals.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR}
                 $<TARGET_FILE:reoffsim_fault_shim>)
add_test(NAME signal_within_unit
         COMMAND bash ${ROBUSTNESS_DIR}/signal_within_unit.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(bad_configs faults fuzz_corpus_replay attacks_output attacks_input fuzz_units_replay damaged_units merge_signals
                     signal_within_unit PROPERTIES
  LABELS robustness TIMEOUT 300 ENVIRONMENT "OMP_NUM_THREADS=2")
if(REOFFSIM_SANITIZE OR REOFFSIM_SANITIZE_THREAD) # a sanitized unit is slower to reach its first check
  set_tests_properties(signal_within_unit PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=2;SIGNAL_LIMIT_S=30")
endif()

# libFuzzer (clang only): a copy of the core instrumented for coverage, so the fuzzer sees the
# branches of config.c and params.c, not just the harness.
if(CMAKE_C_COMPILER_ID STREQUAL "Clang" AND NOT REOFFSIM_SANITIZE AND NOT REOFFSIM_SANITIZE_THREAD)
  set(FUZZ_FLAGS -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer -g)
  get_target_property(_core_sources reoffsim_core SOURCES)
  get_target_property(_core_dir reoffsim_core SOURCE_DIR)
  set(_fuzz_core_sources)
  foreach(s IN LISTS _core_sources)
    if(IS_ABSOLUTE "${s}")
      list(APPEND _fuzz_core_sources "${s}")
    else()
      list(APPEND _fuzz_core_sources "${_core_dir}/${s}")
    endif()
  endforeach()
  add_library(reoffsim_core_fuzz STATIC ${_fuzz_core_sources})
  foreach(prop INCLUDE_DIRECTORIES COMPILE_DEFINITIONS COMPILE_OPTIONS LINK_LIBRARIES
               INTERFACE_INCLUDE_DIRECTORIES INTERFACE_LINK_LIBRARIES)
    get_target_property(_v reoffsim_core ${prop})
    if(_v)
      set_property(TARGET reoffsim_core_fuzz PROPERTY ${prop} "${_v}")
    endif()
  endforeach()
  target_compile_options(reoffsim_core_fuzz PRIVATE ${FUZZ_FLAGS})
  add_dependencies(reoffsim_core_fuzz reoffsim_git_commit reoffsim_source_hash) # version.c includes the generated headers

  add_executable(fuzz_config ${FUZZ_DIR}/fuzz_config.c)
  target_compile_definitions(fuzz_config PRIVATE FUZZ_CONFIG_DIR="${PROJECT_SOURCE_DIR}/configs")
  target_compile_options(fuzz_config PRIVATE -fsanitize=fuzzer,address,undefined
                         -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g)
  target_link_options(fuzz_config PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_config PRIVATE reoffsim_core_fuzz reoffsim_warnings)

  # 60 s on a scratch copy of the corpus (new inputs stay in the build tree); crashes are saved
  # to fuzz-artifacts/ in the build directory.
  set(_scratch ${CMAKE_CURRENT_BINARY_DIR}/fuzz-corpus)
  set(_artifacts ${CMAKE_CURRENT_BINARY_DIR}/fuzz-artifacts/)
  add_test(NAME fuzz_config_60s
           COMMAND bash -c "rm -rf '${_scratch}' && mkdir -p '${_artifacts}' && cp -r '${FUZZ_DIR}/corpus' '${_scratch}' && exec \"$0\" -max_total_time=60 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -dict='${FUZZ_DIR}/config.dict' -artifact_prefix='${_artifacts}' '${_scratch}'"
                   $<TARGET_FILE:fuzz_config>)
  set_tests_properties(fuzz_config_60s PROPERTIES LABELS fuzz TIMEOUT 180)

  # The unit-record reader (shards, checkpoints): 60 s the same way, from tests/fuzz/units_corpus.
  add_executable(fuzz_units ${FUZZ_DIR}/fuzz_units.c)
  target_compile_definitions(fuzz_units PRIVATE ${HDF5_DEFINITIONS})
  target_include_directories(fuzz_units PRIVATE ${PROJECT_SOURCE_DIR}/sim ${HDF5_INCLUDE_DIRS})
  target_compile_options(fuzz_units PRIVATE -fsanitize=fuzzer,address,undefined
                         -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g)
  target_link_options(fuzz_units PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_units PRIVATE reoffsim_core_fuzz reoffsim_warnings ${HDF5_LIBRARIES})
  set(_units_scratch ${CMAKE_CURRENT_BINARY_DIR}/fuzz-units-corpus)
  add_test(NAME fuzz_units_60s
           COMMAND bash -c "rm -rf '${_units_scratch}' && mkdir -p '${_artifacts}' && cp -r '${FUZZ_DIR}/units_corpus' '${_units_scratch}' && exec \"$0\" -max_total_time=60 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix='${_artifacts}units-' '${_units_scratch}'"
                   $<TARGET_FILE:fuzz_units>)
  set_tests_properties(fuzz_units_60s PROPERTIES LABELS fuzz TIMEOUT 180)
endif()

# Valgrind memcheck on a small threaded run (Release builds: valgrind cannot run sanitizer builds).
if(NOT REOFFSIM_SANITIZE AND NOT REOFFSIM_SANITIZE_THREAD)
  add_test(NAME memcheck_small_run COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/robustness/memcheck.sh
           $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
  set_tests_properties(memcheck_small_run PROPERTIES LABELS robustness TIMEOUT 300)
endif()
