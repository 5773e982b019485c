#pragma once
// Port: a shared key-value cache of opaque strings with a time to live per entry. Two adapters
// pass one contract suite (tests/integration/cache_contract.hpp): the in-process LRU (embedded
// default) and Redis.
//
// A cache is an optimisation, never a source of truth: every operation is best effort. A backend
// that is down or slow turns reads into misses and writes into no-ops (within a short timeout);
// nothing here throws for a backend failure, so a caller never fails because of the cache.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::application {

/// What /health/ready reports for the cache.
struct CacheHealth {
  enum class Status { kUp, kDegraded };
  Status status = Status::kUp;
  std::chrono::microseconds latency{0};
  std::string detail;  // why it is degraded; empty when up
};

class Cache {
 public:
  using Values = std::vector<std::optional<std::string>>;
  using GetCompletion = std::move_only_function<void(Values)>;
  using Factory = std::function<std::optional<std::string>()>;

  virtual ~Cache() = default;

  /// The value under `key`, or nullopt when absent, expired or the backend is unavailable.
  /// May block for at most the adapter's command timeout: call it from a worker thread.
  virtual std::optional<std::string> Get(std::string_view key) = 0;
  /// Stores `value` under `key` for `ttl` (> 0), replacing any previous value.
  virtual void Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) = 0;
  /// Removes `key`; removing an absent key is fine.
  virtual void Remove(std::string_view key) = 0;
  /// Removes every key that starts with `prefix` (a non-empty prefix). Costs a scan: meant
  /// for rare invalidations ("every user's permissions"), not for the request path.
  virtual void RemoveByPrefix(std::string_view prefix) = 0;

  /// Looks up `keys` without blocking the caller and calls `done` exactly once with one value
  /// per key (nullopt for a miss). An in-process cache calls it before returning; a networked
  /// one later, from its own thread (so the caller must hop back to its own executor).
  virtual void GetAsync(std::vector<std::string> keys, GetCompletion done) = 0;

  /// Cheap round trip for readiness checks; never throws.
  virtual CacheHealth Health() = 0;

  /// Cache-aside with single flight: the cached value, or `factory`'s value (stored for `ttl`
  /// when it has one). Concurrent callers in this process that miss the same key wait for one
  /// factory call instead of stampeding the database. A factory that throws throws to every
  /// waiter and caches nothing.
  std::optional<std::string> GetOrCreate(std::string_view key, std::chrono::milliseconds ttl,
                                         const Factory& factory);

 private:
  struct Flight;
  std::mutex flights_mutex_;
  std::map<std::string, std::shared_ptr<Flight>, std::less<>> flights_;
};

}  // namespace rampart::application
