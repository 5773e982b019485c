#include "domain/credential_format.hpp"

#include <algorithm>
#include <array>

namespace rampart::domain {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

constexpr std::array<std::uint32_t, 256> kCrcTable = [] {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}();

bool ChecksumMatches(std::string_view text) {
  if (text.size() <= kChecksumLength) return false;
  const auto body = text.substr(0, text.size() - kChecksumLength);
  const auto checksum = Base62Checksum(body);
  return text.substr(body.size()) == checksum;
}

}  // namespace

std::uint32_t Crc32(std::string_view text) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : text)
    crc = kCrcTable[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

std::string Base62Checksum(std::string_view text) {
  std::uint32_t value = Crc32(text);
  std::string out(kChecksumLength, '0');
  for (std::size_t i = kChecksumLength; i-- > 0;) {
    out[i] = kBase62[value % 62];
    value /= 62;
  }
  return out;
}

bool IsBase62(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  });
}

std::string ApiKeyText(std::string_view public_id, std::string_view secret) {
  std::string key;
  key.reserve(kApiKeyPrefix.size() + public_id.size() + 1 + secret.size() + kChecksumLength);
  key.append(kApiKeyPrefix).append(public_id).append("_").append(secret);
  key += Base62Checksum(key);
  return key;
}

std::optional<std::string_view> ApiKeyPublicId(std::string_view key) {
  constexpr std::size_t kLength =
      kApiKeyPrefix.size() + kApiKeyPublicIdLength + 1 + kApiKeySecretLength + kChecksumLength;
  if (key.size() != kLength || !key.starts_with(kApiKeyPrefix)) return std::nullopt;
  const auto public_id = key.substr(kApiKeyPrefix.size(), kApiKeyPublicIdLength);
  const auto separator = kApiKeyPrefix.size() + kApiKeyPublicIdLength;
  const auto rest = key.substr(separator + 1);
  if (key[separator] != '_' || !IsBase62(public_id) || !IsBase62(rest) || !ChecksumMatches(key)) {
    return std::nullopt;
  }
  return public_id;
}

std::string ClientSecretText(std::string_view secret) {
  std::string text(kClientSecretPrefix);
  text.append(secret);
  text += Base62Checksum(text);
  return text;
}

bool IsWellFormedClientSecret(std::string_view secret) {
  return secret.size() == kClientSecretPrefix.size() + kClientSecretLength + kChecksumLength &&
         secret.starts_with(kClientSecretPrefix) &&
         IsBase62(secret.substr(kClientSecretPrefix.size())) && ChecksumMatches(secret);
}

}  // namespace rampart::domain
