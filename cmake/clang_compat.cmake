# clang over this code base (the fuzz/ harnesses, clang-tidy): libstdc++ 12's <expected> is
# guarded by `__cpp_concepts >= 202002L`, which clang defines only from version 19 although
# clang 16 already implements what the header needs (P0848, conditionally trivial special
# members). Clang 14 and 15 do not, and cannot compile domain::Result.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
    message(FATAL_ERROR "clang ${CMAKE_CXX_COMPILER_VERSION} cannot compile libstdc++'s "
                        "std::expected: use clang++-16 (apt-get install clang-16)")
  elseif(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 19)
    add_compile_options(-D__cpp_concepts=202002L -Wno-macro-redefined)
  endif()
endif()
