#pragma once
// Cache-aside for the hot identity reads: the user by id (what /users/me and the per-request
// token check need), a session's validity, and the permissions of a user. Reads fill the cache
// from the database on a miss (one loader per key at a time: single flight) through
// Cache::GetOrCreate, whose fill ticket keeps a row read before a write's commit from being
// stored after the write's invalidation; writes invalidate through
// InvalidatingUnitOfWorkFactory, in the same request path, before and after commit.
//
// Staleness bound: an entry is removed by every write that changes it, and a fill never undoes
// that removal. Only when the cache is unreachable at the moment of an invalidation can an
// entry outlive its change, and then by at most its TTL (cache.*_ttl).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/cache/cache_keys.hpp"
#include "application/ports/cache.hpp"
#include "application/ports/unit_of_work.hpp"
#include "domain/api_key.hpp"
#include "domain/service_account.hpp"
#include "domain/session.hpp"
#include "domain/user.hpp"

namespace rampart::application {

struct CacheTtls {
  std::chrono::seconds user{60};     // also service accounts
  std::chrono::seconds session{30};  // also API keys
  std::chrono::seconds permissions{60};
};

// CachedPrincipal is a user and one of their sessions, both straight from the cache.
struct CachedPrincipal {
  domain::User user;  // without password hash and brute-force counters
  domain::Session session;
};

class IdentityCache {
 public:
  using PeekCompletion = std::move_only_function<void(std::optional<CachedPrincipal>)>;

  // IdentityCache: `cache` must outlive this.
  IdentityCache(Cache& cache, CacheKeys keys, CacheTtls ttls = {});

  // User: cache-aside reads; each opens its own read transaction on a miss. Blocking.
  std::optional<domain::User> User(UnitOfWorkFactory& database, std::string_view user_id);
  std::optional<domain::Session> Session(UnitOfWorkFactory& database, std::string_view session_id);
  std::vector<std::string> Permissions(UnitOfWorkFactory& database, std::string_view user_id);
  // ServiceAccount returns a service account without its secret hash and roles (what the token
  // check needs).
  std::optional<domain::ServiceAccount> ServiceAccount(UnitOfWorkFactory& database,
                                                       std::string_view id);
  std::vector<std::string> ServiceAccountPermissions(UnitOfWorkFactory& database,
                                                     std::string_view id);
  // ApiKey returns an API key without its secret hash and last use.
  std::optional<domain::ApiKey> ApiKey(UnitOfWorkFactory& database, std::string_view key_id);

  // Peek: the user and session from the cache only, without blocking: nullopt when either is not
  // cached. For the I/O thread's fast path; see Cache::GetAsync for the thread `done` runs on.
  void Peek(std::string_view user_id, std::string_view session_id, PeekCompletion done);
  // The same for a user and one of their API keys (the fast path of a request authenticated
  // by an API key).
  using PeekKeyCompletion =
      std::move_only_function<void(std::optional<domain::User>, std::optional<domain::ApiKey>)>;
  void PeekApiKey(std::string_view user_id, std::string_view key_id, PeekKeyCompletion done);

  void ForgetUser(std::string_view user_id);
  void ForgetSession(std::string_view session_id);
  void ForgetPermissions(std::string_view user_id);
  void ForgetAllPermissions();
  void ForgetAllUsers();
  void ForgetServiceAccount(std::string_view id);
  void ForgetApiKey(std::string_view key_id);

  Cache& Backend() { return cache_; }
  const CacheKeys& Keys() const { return keys_; }

 private:
  Cache& cache_;
  CacheKeys keys_;
  CacheTtls ttls_;
};

}  // namespace rampart::application
