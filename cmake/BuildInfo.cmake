# Run at every build (cmake -P): writes build_info.cpp from build_info.cpp.in with the current
# `git describe`, touching the file only when the text changes, so the binary always reports the
# commit it was built from without recompiling anything when nothing changed.
# Inputs: SOURCE_DIR, INPUT, OUTPUT, PROJECT_VERSION, CMAKE_BUILD_TYPE, CMAKE_CXX_COMPILER_ID,
#         CMAKE_CXX_COMPILER_VERSION.
execute_process(
  COMMAND git describe --always --dirty --abbrev=12
  WORKING_DIRECTORY "${SOURCE_DIR}"
  OUTPUT_VARIABLE UG_GIT_DESCRIBE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT UG_GIT_DESCRIBE)
  set(UG_GIT_DESCRIBE "unknown")
endif()
configure_file("${INPUT}" "${OUTPUT}" @ONLY)
