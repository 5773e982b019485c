#pragma once
// Base32 (RFC 4648 §6), the encoding authenticator apps take TOTP secrets in.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rampart::infrastructure {

// Base32Encode: upper case, without padding (what otpauth:// URIs carry).
std::string Base32Encode(std::span<const unsigned char> bytes);

// Base32Decode: lenient in what people type: either case, spaces, hyphens and trailing `=` padding
// ignored. nullopt for any other character, or for trailing bits that are not zero.
std::optional<std::string> Base32Decode(std::string_view text);

}  // namespace rampart::infrastructure
