#include "application/common/email_input.hpp"

#include <algorithm>
#include <cctype>

namespace rampart::application {

domain::Result<domain::Email> ParseEmail(const Services& services, std::string_view raw) {
  if (services.emails == nullptr) return domain::Email::Parse(raw);
  auto normalised = services.emails->Normalise(raw);
  if (!normalised) return domain::Fail(std::move(normalised.error()));
  return domain::Email::ParseNormalised(*normalised);
}

std::optional<domain::User> FindUserByTypedEmail(UserRepository& users, const Services& services,
                                                 std::string_view raw) {
  if (auto email = ParseEmail(services, raw)) return users.FindByEmail(*email);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  if (raw.empty()) return std::nullopt;
  std::string legacy(raw);
  std::transform(legacy.begin(), legacy.end(), legacy.begin(), [](unsigned char c) {
    return static_cast<char>(c < 0x80 ? std::tolower(c) : c);
  });
  return users.FindByEmail(domain::Email::FromStored(std::move(legacy)));
}

}  // namespace rampart::application
