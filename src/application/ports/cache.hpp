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
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::application {

// CacheHealth: what /health/ready reports for the cache.
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

  // Get returns the value under `key`, or nullopt when absent, expired or the backend is
  // unavailable. May block for at most the adapter's command timeout: call it from a worker thread.
  virtual std::optional<std::string> Get(std::string_view key) = 0;
  // Set stores `value` under `key` for `ttl` (> 0), replacing any previous value, unconditionally:
  // a value read from the source of truth goes through GetOrCreate (or BeginFill/FinishFill)
  // instead, so that it cannot overwrite a newer invalidation.
  virtual void Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) = 0;
  // Remove removes `key`, and ends every fill ticket of it (BeginFill); removing an absent key is
  // fine.
  virtual void Remove(std::string_view key) = 0;
  // RemoveByPrefix removes every key that starts with `prefix` (a non-empty prefix), and ends every
  // fill ticket of those keys. Costs a scan: meant for rare invalidations ("every user's
  // permissions"), not for the request path.
  virtual void RemoveByPrefix(std::string_view prefix) = 0;

  // FillTicket: permission to store one value read from the source of truth (see BeginFill).
  struct FillTicket {
    std::string key;
    std::uint64_t id = 0;  // 0: none was issued (the backend is unavailable)
    explicit operator bool() const { return id != 0; }
  };
  // BeginFill opens a fill of `key`. Take the ticket BEFORE reading the value to be cached: any
  // Remove of the key, RemoveByPrefix covering it, or later BeginFill of it ends the ticket, and so
  // does `ttl` passing. Best effort: an unavailable backend issues none (a ticket that is false).
  virtual FillTicket BeginFill(std::string_view key, std::chrono::milliseconds ttl) = 0;
  // FinishFill ends `ticket` (call it once per ticket). With a value, stores it under the ticket's
  // key for `ttl` if and only if the ticket is still valid, atomically with that check (so a value
  // read before an invalidation never lands after it); true when stored. Without a value it stores
  // nothing (an adapter may let the ticket linger until its TTL).
  virtual bool FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                          std::chrono::milliseconds ttl) = 0;

  // GetAsync looks up `keys` without blocking the caller and calls `done` exactly once with one
  // value per key (nullopt for a miss). An in-process cache calls it before returning; a networked
  // one later, from its own thread (so the caller must hop back to its own executor).
  virtual void GetAsync(std::vector<std::string> keys, GetCompletion done) = 0;

  // Health: cheap round trip for readiness checks; never throws.
  virtual CacheHealth Health() = 0;

  // GetOrCreate: cache-aside with single flight: the cached value, or `factory`'s value (stored for
  // `ttl` when it has one). Concurrent callers in this process that miss the same key wait for one
  // factory call instead of stampeding the database. A factory that throws throws to every waiter
  // and caches nothing.
  //
  // A fill never overwrites a newer invalidation: the factory runs under a fill ticket taken
  // before it (BeginFill), and its value is stored only if no Remove/RemoveByPrefix of the key
  // came in between. When one did, the callers that waited for this factory call read again
  // themselves (their value might predate a write that completed while they waited).
  std::optional<std::string> GetOrCreate(std::string_view key, std::chrono::milliseconds ttl,
                                         const Factory& factory);

 private:
  struct Flight;
  std::mutex flights_mutex_;
  std::map<std::string, std::shared_ptr<Flight>, std::less<>> flights_;
};

}  // namespace rampart::application
