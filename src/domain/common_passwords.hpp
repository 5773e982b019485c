#pragma once
// The bundled list of commonly used and breached passwords (resources/common-passwords/, MIT,
// from zxcvbn's corpus), embedded at build time.
#include <cstddef>
#include <string_view>

namespace rampart::domain {

// True when `password`, compared case-insensitively (ASCII), is on the bundled list.
bool IsCommonPassword(std::string_view password);

// How many passwords the bundled list holds.
std::size_t CommonPasswordCount();

}  // namespace rampart::domain
