# Why this file exists: a test that cannot run here because its tool is missing must not drop out of
# the suite in silence. ug_skipped_tests() registers each such test anyway, as a stand-in that ctest
# reports as "Skipped" in the summary of every run, and configuring prints a warning that names the
# tests, the missing tool and how to install it. In CI (the environment variable CI set to a true
# value, as .ci/run does, or -DUG_REQUIRE_ALL_TESTS=ON) a skipped test is a configure error instead:
# CI runs the whole suite or fails.
include_guard(GLOBAL)

option(UG_REQUIRE_ALL_TESTS "Fail configuring when a test would be skipped for a missing tool (always on when CI is set)"
       OFF)

# ug_skipped_tests(NAMES name… LABELS label… WHAT "what the tests check" MISSING "the tool" HOW "how to get it")
# (no semicolons in the texts: CMake would split them into lists)
function(ug_skipped_tests)
  cmake_parse_arguments(ARG "" "WHAT;MISSING;HOW" "NAMES;LABELS" ${ARGN})
  foreach(name IN LISTS ARG_NAMES)
    # Exit status 77 is the SKIP_RETURN_CODE: ctest lists the test under "did not run (Skipped)".
    add_test(NAME ${name} COMMAND sh -c [[echo "$1" >&2; exit 77]] skipped
                                  "SKIPPED: ${ARG_MISSING} was not found when this build was configured. ${ARG_HOW}")
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 LABELS "${ARG_LABELS}")
  endforeach()
  list(JOIN ARG_NAMES ", " names)
  string(CONCAT text "${ARG_MISSING} not found: these tests are SKIPPED (${ARG_WHAT}): ${names}.\n${ARG_HOW}\n"
         "Then configure this build directory again (for build/: cmake --preset release).")
  string(TOLOWER "$ENV{CI}" ci)
  set(reason "")
  if(UG_REQUIRE_ALL_TESTS)
    set(reason "UG_REQUIRE_ALL_TESTS is ON")
  elseif(ci MATCHES "^(1|true|yes|on)$")
    set(reason "the environment variable CI is $ENV{CI}")
  endif()
  if(reason)
    message(SEND_ERROR "${text}\nThis is an error, not a warning, because ${reason}: CI runs every test.")
  else()
    message(WARNING "${text} Until then ctest lists them as \"Skipped\".")
  endif()
endfunction()
