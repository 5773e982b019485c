#pragma once
// The in-process Cache (the embedded default): an LRU with a TTL per entry and a bound on the
// number of entries, split into shards with their own lock so that I/O and worker threads
// rarely contend. Entries live in this process only; several instances each have their own.
//
// Fill tickets (BeginFill) live in the key's shard, beside its entry, and are checked and ended
// under the same lock as Remove takes: a fill stores only if no Remove, RemoveByPrefix or later
// BeginFill of its key came after its ticket, and while the ticket's TTL has not passed.
// GetOrCreate always ends the ticket it took (FinishFill), so the map holds only open fills.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "application/ports/cache.hpp"

namespace rampart::infrastructure {

struct MemoryCacheOptions {
  // Most entries kept; beyond it the least recently used entry of the shard is dropped.
  std::size_t max_entries = 100'000;
  std::size_t shards = 16;
  // A monotonic clock; tests pass their own. Empty: std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> now;
};

class MemoryCache final : public application::Cache {
 public:
  explicit MemoryCache(MemoryCacheOptions options = {});
  ~MemoryCache() override;

  std::optional<std::string> Get(std::string_view key) override;
  void Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  void Remove(std::string_view key) override;
  void RemoveByPrefix(std::string_view prefix) override;
  FillTicket BeginFill(std::string_view key, std::chrono::milliseconds ttl) override;
  bool FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                  std::chrono::milliseconds ttl) override;
  // GetAsync answers before returning, on the caller's thread.
  void GetAsync(std::vector<std::string> keys, GetCompletion done) override;
  application::CacheHealth Health() override { return {}; }

  // Size counts the entries held now (expired ones not yet swept included).
  std::size_t Size() const;
  // OpenFills: fill tickets outstanding now.
  std::size_t OpenFills() const;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Entry {
    std::string key;
    std::string value;
    TimePoint expires_at;
  };
  struct Fill {
    std::uint64_t ticket;
    TimePoint expires_at;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> recent;  // most recently used first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index;    // keys in `recent`
    std::unordered_map<std::string, Fill, StringHash, std::equal_to<>> fills;  // by key
  };

  std::optional<std::string> GetAt(std::string_view key, TimePoint now);
  void StoreLocked(Shard& shard, std::string_view key, std::string_view value,
                   TimePoint expires_at);
  Shard& ShardFor(std::string_view key);
  TimePoint Now() const;

  std::size_t max_entries_per_shard_;
  std::function<TimePoint()> now_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::uint64_t> last_ticket_ = 0;
};

}  // namespace rampart::infrastructure
