#include "infrastructure/security/argon2_phc.hpp"

#include <sodium.h>

#include <charconv>

namespace rampart::infrastructure {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
constexpr std::size_t kMaxBytes = 64;  // longer salts or hashes are not ours

// Consumes `prefix` from the front of `text`.
bool Take(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

// Consumes a decimal number without sign or leading zero, 1..UINT32_MAX.
bool TakeNumber(std::string_view& text, std::uint32_t& out) {
  if (text.empty() || text.front() == '0') return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc{}) return false;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return true;
}

std::optional<std::vector<unsigned char>> Decode(std::string_view text, std::size_t min_bytes) {
  std::vector<unsigned char> out(kMaxBytes);
  std::size_t length = 0;
  const char* end = nullptr;
  if (text.empty() ||
      sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        kVariant) != 0 ||
      end != text.data() + text.size() || length < min_bytes) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

void Encode(std::string& out, std::span<const unsigned char> bytes) {
  std::string text(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  text.resize(text.size() - 1);  // sodium_base64_encoded_len counts the terminating NUL
  out += text;
}

}  // namespace

std::optional<Argon2Phc> ParseArgon2Phc(std::string_view text) {
  Argon2Phc phc;
  if (Take(text, "$argon2id$")) {
    phc.argon2id = true;
  } else if (Take(text, "$argon2i$")) {
    phc.argon2id = false;
  } else {
    return std::nullopt;
  }
  if (!Take(text, "v=19$m=") || !TakeNumber(text, phc.memory_kib) || !Take(text, ",t=") ||
      !TakeNumber(text, phc.iterations) || !Take(text, ",p=") || !TakeNumber(text, phc.lanes) ||
      !Take(text, "$")) {
    return std::nullopt;
  }
  const std::size_t separator = text.find('$');
  if (separator == std::string_view::npos) return std::nullopt;
  auto salt = Decode(text.substr(0, separator), 8);
  auto hash = Decode(text.substr(separator + 1), 16);
  if (!salt || !hash) return std::nullopt;
  phc.salt = std::move(*salt);
  phc.hash = std::move(*hash);
  return phc;
}

std::string FormatArgon2idPhc(std::uint32_t memory_kib, std::uint32_t iterations,
                              std::span<const unsigned char> salt,
                              std::span<const unsigned char> hash) {
  std::string out = "$argon2id$v=19$m=" + std::to_string(memory_kib) +
                    ",t=" + std::to_string(iterations) + ",p=1$";
  Encode(out, salt);
  out += '$';
  Encode(out, hash);
  return out;
}

}  // namespace rampart::infrastructure
