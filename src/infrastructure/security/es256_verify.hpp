#pragma once
// ES256 verification over an OpenSSL key, shared by SigningKey (our own keys) and Es256PublicKey
// (an external issuer's). Internal to the security adapter: only its .cpp files include this.
#include <openssl/evp.h>

#include <span>
#include <string_view>

namespace rampart::infrastructure {

// VerifyEs256 returns true only when `signature` is a 64-byte JOSE r||s ECDSA P-256/SHA-256
// signature of `data` by `key`. Leaves OpenSSL's error queue empty.
bool VerifyEs256(EVP_PKEY* key, std::string_view data, std::span<const unsigned char> signature);

}  // namespace rampart::infrastructure
