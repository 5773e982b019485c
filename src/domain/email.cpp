#include "domain/email.hpp"

#include <algorithm>
#include <cctype>

namespace rampart::domain {

namespace {
constexpr std::size_t kMaxLength = 254;  // RFC 5321 path limit
}

Result<Email> Email::Parse(std::string_view raw) {
  auto invalid = [](std::string message) {
    return Fail(Error::Validation({{"email", std::move(message)}}));
  };
  // Trim surrounding whitespace only; inner whitespace is invalid.
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  if (raw.empty()) return invalid("Email is required.");
  if (raw.size() > kMaxLength) return invalid("Email must be at most 254 characters.");
  const auto at = raw.find('@');
  if (at == std::string_view::npos || at == 0 || raw.find('@', at + 1) != std::string_view::npos) {
    return invalid("Email must contain exactly one '@' with a local part before it.");
  }
  const std::string_view domain = raw.substr(at + 1);
  const bool bad_char = std::any_of(raw.begin(), raw.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
           c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']';
  });
  if (bad_char) return invalid("Email contains characters that are not allowed.");
  const auto dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    // "localhost" is accepted so that the default administrator `admin@localhost` is valid.
    if (domain != "localhost") return invalid("Email must have a domain such as example.com.");
  }
  std::string value(raw);
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Email(std::move(value));
}

}  // namespace rampart::domain
