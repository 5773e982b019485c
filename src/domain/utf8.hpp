#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::domain {

// Utf8Length returns the number of Unicode code points in `text`, or nullopt when it is not
// well-formed UTF-8 (overlongs, surrogates and code points past U+10FFFF are rejected).
std::optional<std::size_t> Utf8Length(std::string_view text);

// DecodeUtf8 returns the code points of `text`, or nullopt when it is not well-formed UTF-8 (as
// Utf8Length).
std::optional<std::u32string> DecodeUtf8(std::string_view text);

}  // namespace rampart::domain
