#include "domain/common_passwords.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace rampart::domain {

// Generated from resources/common-passwords/common-passwords.txt (cmake/embed_word_list.cmake).
std::string_view CommonPasswordsText();

namespace {

// The embedded text split into its lines once; the file is sorted bytewise, and this sorts
// again so that a hand edit that breaks the order cannot make look-ups silently miss.
const std::vector<std::string_view>& Words() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> out;
    const std::string_view text = CommonPasswordsText();
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (end > start) out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return words;
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  std::string lower(password);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return std::binary_search(Words().begin(), Words().end(), std::string_view(lower));
}

std::size_t CommonPasswordCount() { return Words().size(); }

}  // namespace rampart::domain
