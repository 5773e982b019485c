# Writes OUT: a C++ source defining `std::string_view FUNCTION()` in NAMESPACE that returns the
# text of INPUT (one word per line) as one raw string literal. The list is checked into the
# repository and becomes part of the binary; nothing is read at run time.
file(READ ${INPUT} words)
string(FIND "${words}" ")rampart_words" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )rampart_words")
endif()
file(WRITE ${OUT}.tmp "// Generated from ${INPUT} by cmake/embed_word_list.cmake. Do not edit.
#include <string_view>

namespace ${NAMESPACE} {
namespace {
constexpr char kWords[] = R\"rampart_words(${words})rampart_words\";
}  // namespace
std::string_view ${FUNCTION}() { return {kWords, sizeof(kWords) - 1}; }
}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
