# Warning flags for every UrbanGrid target: -Wall -Wextra (and -Werror unless UG_WERROR=OFF).
add_library(ug_warnings INTERFACE)
target_compile_options(ug_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                             -Wimplicit-fallthrough)
# GCC 12 reports false positives for moves of std::variant/std::optional at -O2 (GCC bugs 105562,
# 107138); clang's build in the asan preset still checks for uninitialised use at run time (UBSan/ASan).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(ug_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
if(UG_WERROR)
  target_compile_options(ug_warnings INTERFACE -Werror)
endif()

# Declares one module library with the project's warnings. Usage:
#   ug_add_module(NAME ug_core SOURCES a.cpp b.cpp)
function(ug_add_module)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ug_warnings)
  target_include_directories(${ARG_NAME} PUBLIC "${PROJECT_SOURCE_DIR}/src")
endfunction()
