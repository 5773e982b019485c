#include "infrastructure/security/base64url.hpp"

#include <sodium.h>

#include "infrastructure/security/sodium.hpp"

namespace rampart::infrastructure {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

bool IsBase64UrlCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string Base64UrlEncode(std::span<const unsigned char> bytes) {
  EnsureSodiumInitialized();
  // sodium_base64_encoded_len counts the terminating NUL.
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.pop_back();
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  return Base64UrlEncode(
      std::span(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  EnsureSodiumInitialized();
  // One leftover character carries only 6 bits: never a valid encoding.
  if (text.size() % 4 == 1) return std::nullopt;
  // libsodium 1.0.18 checks the alphabet on the low seven bits only: it decodes e.g. 0xDF as
  // '_'. Checked here, so a token has exactly one accepted spelling.
  for (const char c : text) {
    if (!IsBase64UrlCharacter(c)) return std::nullopt;
  }
  std::string out(text.size() / 4 * 3 + 2, '\0');
  std::size_t length = 0;
  // With `ignore` and `b64_end` null, libsodium also fails on non-zero trailing bits.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace rampart::infrastructure
