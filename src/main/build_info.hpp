#pragma once
#include <string_view>

namespace rampart {

// BuildCommit returns the git commit this binary was built from (generated at build time by
// cmake/build_commit.cmake): 12 hex digits, "-dirty" when tracked files had changed, or
// "unknown" when built outside a git checkout.
std::string_view BuildCommit();

}  // namespace rampart
