#pragma once
// The JWS compact serialisation (RFC 7515 §7.1): header.payload.signature, each segment
// base64url. Shared by every verifier of access tokens (ours, and an external issuer's).
#include <cstddef>
#include <optional>
#include <string_view>

namespace rampart::infrastructure {

// CompactJws: the three segments of a token (still encoded) and the signed part.
struct CompactJws {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // "header.payload": what the signature covers
};

// SplitCompactJws returns the segments of `token` when it is at most `max_size` bytes and has
// exactly three non-empty segments (so a JWE, with five, is refused); std::nullopt otherwise.
// Nothing is decoded here.
std::optional<CompactJws> SplitCompactJws(std::string_view token, std::size_t max_size);

}  // namespace rampart::infrastructure
