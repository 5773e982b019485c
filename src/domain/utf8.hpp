#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace rampart::domain {

// Number of Unicode code points in `text`, or nullopt when it is not well-formed UTF-8
// (overlongs, surrogates and code points past U+10FFFF are rejected).
std::optional<std::size_t> Utf8Length(std::string_view text);

}  // namespace rampart::domain
