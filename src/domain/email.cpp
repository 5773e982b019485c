#include "domain/email.hpp"

#include <algorithm>
#include <cctype>

namespace rampart::domain {

namespace {

constexpr std::size_t kMaxLength = 254;      // RFC 5321 path limit
constexpr std::size_t kMaxLocalLength = 64;  // RFC 5321 §4.5.3.1.1
constexpr std::size_t kMaxLabelLength = 63;  // RFC 1035

auto Invalid(std::string message) { return Fail(Error::Validation({{"email", std::move(message)}})); }

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool IsSpecial(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
         c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']';
}

// A host name: dot-separated labels of letters, digits and hyphens (not at either end).
bool IsHostName(std::string_view domain) {
  if (domain.empty() || domain.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const auto label = domain.substr(start, end - start);
    if (label.empty() || label.size() > kMaxLabelLength || label.front() == '-' ||
        label.back() == '-') {
      return false;
    }
    const bool ldh = std::all_of(label.begin(), label.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!ldh) return false;
    start = end + 1;
  }
  return true;
}

// The rules both parsers share; `text` is trimmed and its ASCII letters are lower case.
Result<Email> Check(std::string text) {
  if (text.empty()) return Invalid("Email is required.");
  if (text.size() > kMaxLength) return Invalid("Email must be at most 254 characters.");
  const auto at = text.find('@');
  if (at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) {
    return Invalid("Email must contain exactly one '@' with a local part before it.");
  }
  const std::string_view local = std::string_view(text).substr(0, at);
  const std::string_view domain = std::string_view(text).substr(at + 1);
  if (std::any_of(text.begin(), text.end(), IsSpecial)) {
    return Invalid("Email contains characters that are not allowed.");
  }
  if (local.size() > kMaxLocalLength) {
    return Invalid("Email's local part (before the '@') must be at most 64 characters.");
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return Invalid("Email's local part must not start or end with a dot or have two dots in a row.");
  }
  if (!IsAscii(domain)) return Invalid("Email's domain must be normalised to A-labels first.");
  // "localhost" is accepted so that the default administrator `admin@localhost` is valid.
  if (domain != "localhost" && !IsHostName(domain)) {
    return Invalid("Email must have a domain such as example.com.");
  }
  return Email::FromStored(std::move(text));
}

std::string_view Trim(std::string_view raw) {
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  return raw;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c < 0x80 ? std::tolower(c) : c);
  });
  return out;
}

}  // namespace

Result<Email> Email::Parse(std::string_view raw) {
  raw = Trim(raw);
  if (!IsAscii(raw)) {
    return Invalid("Email must contain only ASCII characters here (internationalised addresses "
                   "need the Unicode normalisation).");
  }
  return Check(AsciiLower(raw));
}

Result<Email> Email::ParseNormalised(std::string_view normalised) {
  return Check(AsciiLower(Trim(normalised)));
}

}  // namespace rampart::domain
