# reoffsim — the commissioner's report (scripts/report) checked in a real headless
# Chromium. Included from tests/CMakeLists.txt. Needs the Debian packages chromium,
# python3-h5py, python3-numpy and python3-matplotlib; fails (does not skip) without them.
add_test(NAME report_in_chromium
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(report_in_chromium PROPERTIES
  LABELS integration
  TIMEOUT 300
  ENVIRONMENT "OMP_NUM_THREADS=2")

# Awkward inputs and low memory (issue 21): no traceback, exit 2 / 1, no partial report directory.
add_test(NAME report_bad_inputs
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_inputs_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(report_bad_inputs PROPERTIES
  LABELS "integration;robustness" TIMEOUT 300 ENVIRONMENT "OMP_NUM_THREADS=2")

# Crafted results files (adversarial review): wrong dtypes and shapes, dangling scales and links,
# a 10^9-long scale, '/' and formulas in scenario names. Exit 2 (1 for out of memory), never a
# traceback or a partial output directory; CSV text cells neutralised (tests/attacks/).
add_test(NAME report_export_attacks
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_export_attacks.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(report_export_attacks PROPERTIES
  LABELS "integration;robustness" TIMEOUT 600 ENVIRONMENT "OMP_NUM_THREADS=2")

# The decision page (issue 20 §1) on crafted results files: ranking order, dominance labels,
# can/cannot-say sentences, detection timing, notes for what a file lacks, palette stability.
add_test(NAME report_decision
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_decision_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(report_decision PROPERTIES
  LABELS integration TIMEOUT 300 ENVIRONMENT "OMP_NUM_THREADS=2")

# The parameter-sweep section (issue 20 §2): figure and CSV from /sweep, the best point marked as
# /sweep's best_scenario, and no sweep section for a file without /sweep.
add_test(NAME report_sweep
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_sweep_test.sh $<TARGET_FILE:reoffsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(report_sweep PROPERTIES
  LABELS integration TIMEOUT 300 ENVIRONMENT "OMP_NUM_THREADS=2")
