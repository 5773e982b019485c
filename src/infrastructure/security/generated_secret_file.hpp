#pragma once
// A secret generated on first start and kept in a file (development only: production takes its
// secrets from configuration). Used for the second factors' encryption key when it is empty.
#include <filesystem>
#include <string>

namespace rampart::infrastructure {

// LoadOrCreateSecretFile returns the file's text (its first line). When the file does not exist,
// creates it (and its directory, mode 0700) with mode 0600 holding 32 random bytes in base64url,
// durably (fsync of the file and the directory); of two processes starting at once, one creates it
// and both read the same text. Throws std::runtime_error naming the file when it cannot be read or
// created, or holds less than `minimum_length` characters.
std::string LoadOrCreateSecretFile(const std::filesystem::path& file, std::size_t minimum_length);

}  // namespace rampart::infrastructure
