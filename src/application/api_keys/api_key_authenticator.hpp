#pragma once
// Turns a presented API key into the claims a request carries (AccessClaims with `api_key_id`),
// like the TokenService does for a JWT: the shape and checksum first (a mistyped or made-up key
// is refused without a database read), then the key by its public id and the SHA-256 of the
// whole key compared in constant time. A key verified once is remembered by its hash (in
// process, bounded), so the next request with it needs no database read and no worker: the
// bearer middleware finds it on the I/O thread (Remembered).
//
// Only what verification proves is remembered (this text is key K of owner O, limited to P,
// expiring at E). Whether K is still honoured (not revoked, owner not locked, deleted or
// disabled) is decided per request by the access check (auth/principal_access.hpp) through the
// identity cache, which a revocation invalidates in every instance.
//
// It also collects the keys' last use (ApiKeyUsage) for the batched write.
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "application/ports/clock.hpp"
#include "application/ports/credential_repositories.hpp"
#include "application/ports/secure_random.hpp"
#include "application/ports/token_service.hpp"
#include "application/ports/unit_of_work.hpp"

namespace rampart::application {

// ApiKeyUsage is the last use of each key, kept in memory and written in one transaction per flush
// (ApiKeyRepository::RecordUses), so that a busy key costs the database nothing per request:
// `last_used_at` is at most one flush interval (api_keys.usage_flush_interval) behind, and a
// crash loses at most that interval's uses. Thread-safe.
class ApiKeyUsage {
 public:
  // Record notes a use (an honoured request). Cheap: one map update under a mutex.
  void Record(std::string_view key_id, domain::TimePoint at, std::string_view ip);
  // Flush writes the uses noted since the last flush; how many keys. Throws on a database failure
  // (the uses are put back for the next flush).
  std::size_t Flush(UnitOfWorkFactory& database);
  std::size_t Pending() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, ApiKeyUse> pending_;
};

class ApiKeyAuthenticator {
 public:
  // ApiKeyAuthenticator: `database`, `random` and `clock` must outlive this; `max_entries` bounds
  // the keys remembered (0: none).
  ApiKeyAuthenticator(UnitOfWorkFactory& database, SecureRandom& random, const Clock& clock,
                      std::size_t max_entries);

  // Remembered returns the claims of a key verified before; null otherwise (or when it has
  // expired). Never blocks on anything but a short mutex: for the I/O thread.
  std::shared_ptr<const AccessClaims> Remembered(std::string_view key) const;
  // Authenticate verifies a key: kUnauthorized for a malformed key (no database read), an unknown
  // one or a wrong secret, and for a revoked or expired key. Blocking (one read on a miss).
  domain::Result<std::shared_ptr<const AccessClaims>> Authenticate(std::string_view key);

  ApiKeyUsage& Usage() { return usage_; }

 private:
  UnitOfWorkFactory& database_;
  SecureRandom& random_;
  const Clock& clock_;
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const AccessClaims>> remembered_;
  ApiKeyUsage usage_;
};

// ClaimsOf returns the claims an API key authenticates as.
AccessClaims ClaimsOf(const domain::ApiKey& key);

}  // namespace rampart::application
