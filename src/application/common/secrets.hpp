#pragma once
// Random text for the credentials rampart hands out (domain/credential_format.hpp), and the
// comparison of secrets.
#include <string>
#include <string_view>

#include "application/ports/secure_random.hpp"

namespace rampart::application {

// RandomBase62: `length` characters of base62, each uniform over the 62 (drawn from the CSPRNG's
// opaque tokens by rejection: their base64url characters outside base62 are dropped): 5.95 bits
// each.
std::string RandomBase62(SecureRandom& random, std::size_t length);

// SameSecret compares without an early exit, so the time taken says nothing about where they
// differ.
bool SameSecret(std::string_view given, std::string_view expected);

}  // namespace rampart::application
