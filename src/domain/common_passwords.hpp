#pragma once
// The bundled list of commonly used and breached passwords (resources/common-passwords/, MIT,
// from zxcvbn's corpus), embedded at build time.
#include <cstddef>
#include <string_view>
#include <vector>

namespace rampart::domain {

// IsCommonPassword returns true when `password`, compared case-insensitively (ASCII), is on the
// bundled list.
bool IsCommonPassword(std::string_view password);

// CommonPasswordsWithin returns the longest entry of the bundled list found at each position of
// `password` (compared case-insensitively, ASCII), in the order they start; views into the list,
// not the password. What a strength estimator is given as extra dictionary words, so that a common
// password with something appended ("password123456") is recognised as one.
std::vector<std::string_view> CommonPasswordsWithin(std::string_view password);

// CommonPasswordCount returns how many passwords the bundled list holds.
std::size_t CommonPasswordCount();

}  // namespace rampart::domain
