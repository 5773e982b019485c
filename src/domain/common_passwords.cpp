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

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return lower;
}

// The longest entry, in bytes (the list holds no entry longer than a few dozen).
std::size_t LongestWord() {
  static const std::size_t longest = [] {
    std::size_t n = 0;
    for (const auto word : Words()) n = std::max(n, word.size());
    return n;
  }();
  return longest;
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  const auto lower = AsciiLower(password);
  return std::binary_search(Words().begin(), Words().end(), std::string_view(lower));
}

std::vector<std::string_view> CommonPasswordsWithin(std::string_view password) {
  const auto lower = AsciiLower(password);
  const std::string_view text(lower);
  std::vector<std::string_view> found;
  for (std::size_t start = 0; start < text.size(); ++start) {
    // Longest first: one match per start position is enough for the estimator.
    for (std::size_t length = std::min(LongestWord(), text.size() - start); length > 0; --length) {
      const auto candidate = text.substr(start, length);
      const auto hit = std::lower_bound(Words().begin(), Words().end(), candidate);
      if (hit != Words().end() && *hit == candidate) {
        found.push_back(*hit);
        break;
      }
    }
  }
  return found;
}

std::size_t CommonPasswordCount() { return Words().size(); }

}  // namespace rampart::domain
