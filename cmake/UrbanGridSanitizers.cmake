# ASan + UBSan for the `asan` preset, and libFuzzer instrumentation when UG_FUZZ is on.
if(UG_SANITIZE)
  set(UG_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${UG_SAN_FLAGS})
  add_link_options(${UG_SAN_FLAGS})
endif()
if(UG_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "UG_FUZZ needs clang (libFuzzer); configure with the asan preset")
  endif()
  # Coverage instrumentation for every library; the fuzz executables link the libFuzzer main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
