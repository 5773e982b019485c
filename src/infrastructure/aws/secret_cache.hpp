#pragma once
// The secrets the configuration names (`aws-sm:<id>[#<key>]`), kept in memory: fetched once
// at start, refreshed in the background when their TTL passes, refetched at once on request
// (a refused database password). A refresh that fails keeps the last good value (stale), logs,
// counts `rampart.secrets.refresh_failures` and shows in the age (`rampart.secrets.age`,
// /health): the service keeps running on what it had. docs/configuration.md#aws-secrets-manager.
#include <chrono>
#include <condition_variable>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::aws {

struct SecretCacheOptions {
  std::chrono::milliseconds ttl{std::chrono::minutes(5)};  // a value older than this is refetched
  // After a failed refresh, the next attempt comes this long later (not a full TTL).
  std::chrono::milliseconds retry{std::chrono::seconds(10)};
};

// SecretStatus: what /health and the metrics show of one secret.
struct SecretStatus {
  std::string secret_id;
  std::string version_id;
  std::chrono::seconds age{0};  // since the value in use was fetched
  bool stale = false;           // its last refresh failed (the value is older than the TTL)
  std::string last_error;       // of that refresh; never holds the secret
};

class SecretCache {
 public:
  struct Fetched {
    std::string secret_string;
    std::string version_id;
  };
  // Reads a secret's current value (AWSCURRENT); the error names the secret, never its value.
  using Fetch = std::function<std::expected<Fetched, std::string>(const std::string& secret_id)>;
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  SecretCache(Fetch fetch, SecretCacheOptions options, rampart::telemetry::Registry& registry,
              Now now = Clock::now);
  ~SecretCache();
  SecretCache(const SecretCache&) = delete;
  SecretCache& operator=(const SecretCache&) = delete;

  // Get returns the secret's SecretString: the cached one while younger than the TTL (or while a
  // refresh fails: stale), else fetched now. An error only when it was never fetched.
  std::expected<std::string, std::string> Get(const std::string& secret_id);

  // Peek returns the value held now, however old; nullopt when none. Never fetches (safe under a
  // lock).
  std::optional<std::string> Peek(const std::string& secret_id) const;

  // Refresh fetches the secret now, whatever its age (blocking). True when its value changed; an
  // error (and the old value kept) when the fetch failed.
  std::expected<bool, std::string> Refresh(const std::string& secret_id);

  // RequestRefresh asks the background thread to refetch the secret at once (any thread; never
  // blocks, so the database's event loop may call it).
  void RequestRefresh(const std::string& secret_id);

  // OnChange: called on the background thread after a refresh changed a secret's value.
  void OnChange(std::function<void(const std::string& secret_id)> listener);

  // Start starts the background refresh (every cached secret whose TTL passed). Stop() or the
  // destructor ends it.
  void Start();
  void Stop();

  std::vector<SecretStatus> Statuses() const;

  // RefreshDue runs the background thread's work once (tests drive it without the thread).
  void RefreshDue();

 private:
  struct Entry {
    bool has_value = false;
    std::string value;
    std::string version_id;
    Clock::time_point fetched_at{};
    Clock::time_point next_attempt{};
    std::string last_error;
  };
  void Run();
  // FetchInto: the fetch and its bookkeeping; `lock` is released around the network call.
  std::expected<bool, std::string> FetchInto(const std::string& secret_id,
                                             std::unique_lock<std::mutex>& lock);

  Fetch fetch_;
  SecretCacheOptions options_;
  Now now_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Entry> entries_;
  std::vector<std::string> requested_;
  std::vector<std::function<void(const std::string&)>> listeners_;
  bool stopping_ = false;
  std::thread thread_;
  rampart::telemetry::CounterFamily& failures_;
  rampart::telemetry::CounterFamily& fetches_;
  rampart::telemetry::CallbackHandle age_metric_;
};

}  // namespace rampart::infrastructure::aws
