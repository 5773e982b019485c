#include "application/common/paging.hpp"

#include <charconv>

namespace rampart::application {

namespace {

// The largest page number accepted: far past any real trail, small enough that
// (page - 1) * pageSize cannot overflow an int.
constexpr int kMaxPage = 1'000'000;

// A whole number in [min, max]; nullopt for anything else (signs, spaces, fractions).
std::optional<int> ParseBounded(const std::string& text, int min, int max) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

PageRequest ParsePageRequest(const std::optional<std::string>& page,
                             const std::optional<std::string>& page_size, int default_page_size,
                             std::vector<domain::FieldError>& errors) {
  PageRequest request{.page = 1, .page_size = default_page_size};
  if (page) {
    if (auto parsed = ParseBounded(*page, 1, kMaxPage)) {
      request.page = *parsed;
    } else {
      errors.push_back({"page", "Page must be a whole number from 1 to 1000000."});
    }
  }
  if (page_size) {
    if (auto parsed = ParseBounded(*page_size, 1, kMaxPageSize)) {
      request.page_size = *parsed;
    } else {
      errors.push_back({"pageSize", "Page size must be a whole number from 1 to 100."});
    }
  }
  return request;
}

}  // namespace rampart::application
