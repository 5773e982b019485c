#pragma once
// The PHC string of an Argon2 hash, "$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>"
// (salt and hash in base64 without padding), as libsodium and the reference libargon2 write it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::infrastructure {

struct Argon2Phc {
  bool argon2id = true;  // false: Argon2i
  std::uint32_t memory_kib = 0;
  std::uint32_t iterations = 0;
  std::uint32_t lanes = 0;
  std::vector<unsigned char> salt;
  std::vector<unsigned char> hash;
};

// ParseArgon2Phc reads a version-1.3 Argon2id or Argon2i string; nullopt for anything else or
// any deviation (other version, missing or extra field, leading zero, padding, a salt under 8 or
// a hash under 16 bytes, trailing text).
std::optional<Argon2Phc> ParseArgon2Phc(std::string_view text);

// FormatArgon2idPhc writes the string ParseArgon2Phc reads back.
std::string FormatArgon2idPhc(std::uint32_t memory_kib, std::uint32_t iterations,
                              std::span<const unsigned char> salt,
                              std::span<const unsigned char> hash);

}  // namespace rampart::infrastructure
