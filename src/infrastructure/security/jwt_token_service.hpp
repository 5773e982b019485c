#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "application/ports/clock.hpp"
#include "application/ports/secure_random.hpp"
#include "application/ports/token_service.hpp"
#include "infrastructure/security/key_ring.hpp"

namespace rampart::infrastructure {

struct JwtOptions {
  std::string issuer;    // `iss`, e.g. the service's public base URL
  std::string audience;  // `aud` required in every token
  std::chrono::seconds access_ttl{600};
  std::chrono::seconds leeway{30};  // tolerated clock skew for exp/nbf/iat
};

// JwtTokenService: access tokens as signed JWTs (RFC 7515/7519, typ "at+jwt" per RFC 9068): ES256
// or EdDSA, whichever the ring's active key is, verified with the key named by `kid` and that key's
// own algorithm. Thread-safe: Verify (and Issue) may run concurrently on any number of threads, and
// with SetKeys; each call works on one ring (immutable) and creates its own OpenSSL contexts.
// `clock` and `random` must outlive the service.
class JwtTokenService final : public application::TokenService {
 public:
  // Tokens longer than this are refused before any decoding.
  static constexpr std::size_t kMaxTokenSize = 8 * 1024;

  JwtTokenService(std::shared_ptr<const KeyRing> keys, JwtOptions options,
                  const application::Clock& clock, application::SecureRandom& random);

  // Issue sets jti (a random UUID), iat = nbf = now and exp = now + access_ttl over `claims`.
  application::IssuedAccessToken Issue(const application::AccessClaims& claims) override;
  // Verify: never throws; every failure is kUnauthorized with "invalid token", "token expired" or
  // "token not yet valid".
  domain::Result<application::AccessClaims> Verify(std::string_view token) const override;

  // SetKeys replaces the ring (a rotation, a reload): tokens issued from now on are signed by its
  // active key, and only its keys verify. Calls in progress finish with the ring they began with.
  void SetKeys(std::shared_ptr<const KeyRing> keys);
  std::shared_ptr<const KeyRing> Keys() const { return keys_.load(); }

 private:
  std::atomic<std::shared_ptr<const KeyRing>> keys_;
  JwtOptions options_;
  const application::Clock& clock_;
  application::SecureRandom& random_;
};

}  // namespace rampart::infrastructure
