#pragma once
#include <string>
#include <string_view>

namespace rampart::log {

// AppendJsonEscaped appends `text` to `out` as the inside of a JSON string (no surrounding quotes):
// quotes, backslashes and control characters are escaped, and bytes that are not valid UTF-8 become
// U+FFFD, so that a line stays valid JSON whatever a client put into a logged path or header.
void AppendJsonEscaped(std::string& out, std::string_view text);

// AppendJsonString: same with the surrounding quotes.
inline void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  AppendJsonEscaped(out, text);
  out.push_back('"');
}

}  // namespace rampart::log
