// BOOST_ASSERT handler for the harnesses compiled with BOOST_ENABLE_ASSERT_HANDLER
// (fuzz/CMakeLists.txt): every Boost assertion aborts, as the default one does, except the ones
// listed here, which are known to be wrong and are compiled out of rampart's Release build.
//
//  - Beast 1.81 basic_parser::parse_chunk_header asserts `n >= 5` (and `n >= 3`) for the header
//    of a chunk after the first, which fails when that header arrives split across reads (the
//    http_head harness feeds 1..256 bytes per read). The code after it handles the case (it
//    returns need_more); upstream corrected the assertion (boostorg/beast#2861, Boost 1.86).
#include <boost/assert.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

bool KnownWrong(std::string_view expression, std::string_view file) {
  return file.ends_with("boost/beast/http/impl/basic_parser.ipp") &&
         (expression == "n >= 5" || expression == "n >= 3");
}

[[noreturn]] void Fail(const char* expression, const char* message, const char* function,
                       const char* file, long line) {
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed%s%s\n", file, line, function, expression,
               message != nullptr ? ": " : "", message != nullptr ? message : "");
  std::abort();
}

}  // namespace

namespace boost {

void assertion_failed(const char* expression, const char* function, const char* file, long line) {
  if (!KnownWrong(expression, file)) Fail(expression, nullptr, function, file, line);
}

void assertion_failed_msg(const char* expression, const char* message, const char* function,
                          const char* file, long line) {
  if (!KnownWrong(expression, file)) Fail(expression, message, function, file, line);
}

}  // namespace boost
