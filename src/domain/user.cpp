#include "domain/user.hpp"

#include "domain/utf8.hpp"

namespace rampart::domain {

Result<std::string> ParseDisplayName(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  auto invalid = [](std::string message) {
    return Fail(Error::Validation({{"displayName", std::move(message)}}));
  };
  const auto length = Utf8Length(raw);
  if (!length) return invalid("Display name must be valid UTF-8.");
  if (*length == 0) return invalid("Display name is required.");
  if (*length > kMaxDisplayNameLength) return invalid("Display name must be at most 100 characters.");
  for (unsigned char c : raw) {
    if (c < 0x20 || c == 0x7f) return invalid("Display name must not contain control characters.");
  }
  return std::string(raw);
}

}  // namespace rampart::domain
