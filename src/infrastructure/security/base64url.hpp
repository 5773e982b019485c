#pragma once
// base64url without padding (RFC 4648 §5), the encoding of every JOSE segment and JWK member.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rampart::infrastructure {

std::string Base64UrlEncode(std::span<const unsigned char> bytes);
std::string Base64UrlEncode(std::string_view bytes);

// Base64UrlDecode: strict decoding for attacker-controlled input: only the url-safe alphabet, no
// padding, no whitespace, and unused trailing bits must be zero (so every byte string has exactly
// one accepted encoding). std::nullopt on any violation.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace rampart::infrastructure
