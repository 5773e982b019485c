#pragma once

namespace rampart::infrastructure {

// EnsureSodiumInitialized initialises libsodium once per process (thread-safe, idempotent). Every
// adapter that calls libsodium runs this first: before sodium_init() the CSPRNG and the fastest
// hashing code paths are not set up. Throws std::runtime_error when libsodium cannot initialise.
void EnsureSodiumInitialized();

}  // namespace rampart::infrastructure
