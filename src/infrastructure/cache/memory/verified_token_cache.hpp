#pragma once
// A TokenService decorator that remembers access tokens whose signature it has verified, so
// that a client presenting the same token again skips the ES256 verification (~60-90 µs, several
// times the whole cost of an HTTP request). In process only; keyed by the SHA-256 of the token
// (the token itself is not kept); an entry lives until the token's `exp`, never longer.
//
// Only what Verify proves (signature, issuer, audience, expiry) is remembered. Whether the
// token is still honoured (session active, user's token version) is decided per request by the
// access check, as without this cache. When a key leaves the key ring (a retired key's grace
// ended, or `rampart keys retire --now` dropped it), the composition root calls Forget(): no
// token is answered from here after that, so none outlives the key that signed it.
//
// Each entry keeps the wall time of its verification. A remembered answer stays right only while
// time moves forward (a token valid then is valid now, up to `exp`); when the wall clock has
// stepped back before that time, the token is verified again, so that one issued "in the future"
// of the new clock is refused exactly as an unremembered one is.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "application/ports/clock.hpp"
#include "application/ports/token_service.hpp"

namespace rampart::infrastructure {

class VerifiedTokenCache final : public application::TokenService {
 public:
  using Digest = std::array<unsigned char, 32>;  // SHA-256 of a token

  // VerifiedTokenCache: `inner` and `clock` must outlive this. `max_entries` > 0 bounds memory.
  VerifiedTokenCache(application::TokenService& inner, const application::Clock& clock,
                     std::size_t max_entries, std::size_t shards = 16);
  ~VerifiedTokenCache() override;

  application::IssuedAccessToken Issue(const application::AccessClaims& claims) override {
    return inner_.Issue(claims);
  }
  domain::Result<application::AccessClaims> Verify(std::string_view token) const override;
  // VerifyShared returns the remembered claims themselves (no copy) for a token verified before.
  domain::Result<std::shared_ptr<const application::AccessClaims>> VerifyShared(
      std::string_view token) const override;

  // Size counts the tokens remembered now (expired ones not yet swept included).
  std::size_t Size() const;

  // Forget forgets every token, and every verification in progress that began before this call: its
  // result is answered but not remembered (it may have used the old keys). For a change of
  // the signing keys; every token is verified again on its next use.
  void Forget();

 private:
  // DigestHash: a digest is uniformly distributed already: its first bytes are a good hash.
  struct DigestHash {
    std::size_t operator()(const Digest& digest) const {
      std::size_t hash = 0;
      std::memcpy(&hash, digest.data(), sizeof hash);
      return hash;
    }
  };
  // Entry: a verified token's claims and the wall time of the verification.
  struct Entry {
    std::shared_ptr<const application::AccessClaims> claims;
    domain::TimePoint verified_at;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<Digest, Entry, DigestHash> entries;
  };
  // Remember stores the entry unless Forget() ran since `epoch` was read (before the verification).
  void Remember(const Digest& digest, Entry entry, std::uint64_t epoch) const;

  application::TokenService& inner_;
  const application::Clock& clock_;
  std::size_t max_per_shard_;
  mutable std::vector<std::unique_ptr<Shard>> shards_;
  // Bumped by Forget() before it clears the shards; compared under the shard's lock on store.
  std::atomic<std::uint64_t> epoch_{0};
};

}  // namespace rampart::infrastructure
