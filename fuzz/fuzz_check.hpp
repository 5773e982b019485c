#pragma once
// FUZZ_CHECK(condition): an invariant of the code under test. A violation aborts, so libFuzzer
// reports it as a crash and keeps the input (assert() is compiled out of some builds).
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                          \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__,       \
                   #condition);                                                        \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)
