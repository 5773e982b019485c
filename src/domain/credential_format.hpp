#pragma once
// The text form of the secrets rampart hands out to programs, shaped so that a leaked one is
// recognised (by a secret scanner, in a log) and a mistyped one refused without a database read:
//
//   API key        rp_<12 base62: public id>_<32 base62: secret><6 base62: checksum>
//   client secret  rpcs_<40 base62: secret><6 base62: checksum>
//   client id      rpsa_<20 base62>                     (public, no checksum)
//
// The checksum is the CRC-32 (IEEE) of everything before it, in base62, zero-padded to six
// characters — the scheme GitHub's tokens use. It is no protection (anyone can compute it); it
// tells a key from random text. Base62 is 0-9, A-Z, a-z.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::domain {

inline constexpr std::string_view kApiKeyPrefix = "rp_";
inline constexpr std::size_t kApiKeyPublicIdLength = 12;
inline constexpr std::size_t kApiKeySecretLength = 32;
inline constexpr std::string_view kClientSecretPrefix = "rpcs_";
inline constexpr std::size_t kClientSecretLength = 40;
inline constexpr std::string_view kClientIdPrefix = "rpsa_";
inline constexpr std::size_t kClientIdLength = 20;
inline constexpr std::size_t kChecksumLength = 6;

std::uint32_t Crc32(std::string_view text);
// Base62Checksum returns six base62 characters of Crc32(text).
std::string Base62Checksum(std::string_view text);
bool IsBase62(std::string_view text);

// ApiKeyText returns `rp_<public_id>_<secret>` with its checksum; both parts must be base62 of the
// lengths above.
std::string ApiKeyText(std::string_view public_id, std::string_view secret);
// ApiKeyPublicId returns the public id of a well-formed API key (shape and checksum), nullopt for
// anything else.
std::optional<std::string_view> ApiKeyPublicId(std::string_view key);

// ClientSecretText returns `rpcs_<secret>` with its checksum.
std::string ClientSecretText(std::string_view secret);
// IsWellFormedClientSecret checks the shape and checksum of a client secret.
bool IsWellFormedClientSecret(std::string_view secret);

}  // namespace rampart::domain
