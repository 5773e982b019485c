#include "domain/user.hpp"

#include "domain/plain_text.hpp"
#include "domain/utf8.hpp"

namespace rampart::domain {

Result<std::string> ParseDisplayName(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  auto invalid = [](std::string message) {
    return Fail(Error::Validation({{"displayName", std::move(message)}}));
  };
  if (const auto fault = CheckPlainText(raw); fault != TextFault::kNone) {
    return invalid("Display name " + std::string(Describe(fault)) + ".");
  }
  const auto length = Utf8Length(raw);
  if (*length == 0) return invalid("Display name is required.");
  if (*length > kMaxDisplayNameLength) return invalid("Display name must be at most 100 characters.");
  return std::string(raw);
}

}  // namespace rampart::domain
