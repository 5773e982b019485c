#include "infrastructure/cache/memory/memory_cache.hpp"

#include <algorithm>
#include <stdexcept>

namespace rampart::infrastructure {

MemoryCache::MemoryCache(MemoryCacheOptions options) : now_(std::move(options.now)) {
  if (options.shards == 0 || options.max_entries == 0) {
    throw std::invalid_argument("memory cache: shards and max_entries must be positive");
  }
  const std::size_t shards = std::min(options.shards, options.max_entries);
  max_entries_per_shard_ = (options.max_entries + shards - 1) / shards;
  shards_.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

MemoryCache::~MemoryCache() = default;

MemoryCache::TimePoint MemoryCache::Now() const {
  return now_ ? now_() : std::chrono::steady_clock::now();
}

MemoryCache::Shard& MemoryCache::ShardFor(std::string_view key) {
  return *shards_[std::hash<std::string_view>{}(key) % shards_.size()];
}

std::optional<std::string> MemoryCache::Get(std::string_view key) { return GetAt(key, Now()); }

std::optional<std::string> MemoryCache::GetAt(std::string_view key, TimePoint now) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.index.find(key);
  if (found == shard.index.end()) return std::nullopt;
  const auto entry = found->second;
  if (entry->expires_at <= now) {
    shard.index.erase(found);
    shard.recent.erase(entry);
    return std::nullopt;
  }
  shard.recent.splice(shard.recent.begin(), shard.recent, entry);
  return entry->value;
}

void MemoryCache::Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  if (ttl <= std::chrono::milliseconds::zero()) return;
  Shard& shard = ShardFor(key);
  const TimePoint expires_at = Now() + ttl;
  std::lock_guard lock(shard.mutex);
  StoreLocked(shard, key, value, expires_at);
}

void MemoryCache::StoreLocked(Shard& shard, std::string_view key, std::string_view value,
                              TimePoint expires_at) {
  if (const auto found = shard.index.find(key); found != shard.index.end()) {
    found->second->value.assign(value);
    found->second->expires_at = expires_at;
    shard.recent.splice(shard.recent.begin(), shard.recent, found->second);
    return;
  }
  shard.recent.push_front(Entry{std::string(key), std::string(value), expires_at});
  shard.index.emplace(shard.recent.front().key, shard.recent.begin());
  if (shard.recent.size() > max_entries_per_shard_) {
    shard.index.erase(shard.recent.back().key);
    shard.recent.pop_back();
  }
}

void MemoryCache::Remove(std::string_view key) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  if (const auto found = shard.index.find(key); found != shard.index.end()) {
    const auto entry = found->second;
    shard.index.erase(found);
    shard.recent.erase(entry);
  }
  if (const auto fill = shard.fills.find(key); fill != shard.fills.end()) shard.fills.erase(fill);
}

void MemoryCache::RemoveByPrefix(std::string_view prefix) {
  if (prefix.empty()) return;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    for (auto entry = shard->recent.begin(); entry != shard->recent.end();) {
      if (entry->key.starts_with(prefix)) {
        shard->index.erase(entry->key);
        entry = shard->recent.erase(entry);
      } else {
        ++entry;
      }
    }
    std::erase_if(shard->fills, [&](const auto& fill) { return fill.first.starts_with(prefix); });
  }
}

application::Cache::FillTicket MemoryCache::BeginFill(std::string_view key,
                                                      std::chrono::milliseconds ttl) {
  if (ttl <= std::chrono::milliseconds::zero()) return {};
  FillTicket ticket{std::string(key), last_ticket_.fetch_add(1, std::memory_order_relaxed) + 1};
  const Fill fill{ticket.id, Now() + ttl};
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  if (const auto found = shard.fills.find(key); found != shard.fills.end()) {
    found->second = fill;  // a later fill supersedes an earlier one
  } else {
    shard.fills.emplace(ticket.key, fill);
  }
  return ticket;
}

bool MemoryCache::FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                             std::chrono::milliseconds ttl) {
  if (!ticket) return false;
  Shard& shard = ShardFor(ticket.key);
  const TimePoint now = Now();
  std::lock_guard lock(shard.mutex);
  const auto fill = shard.fills.find(ticket.key);
  if (fill == shard.fills.end() || fill->second.ticket != ticket.id) return false;
  const bool valid = fill->second.expires_at > now;
  shard.fills.erase(fill);
  if (!valid || !value || ttl <= std::chrono::milliseconds::zero()) return false;
  StoreLocked(shard, ticket.key, *value, now + ttl);
  return true;
}

void MemoryCache::GetAsync(std::vector<std::string> keys, GetCompletion done) {
  Values values;
  values.reserve(keys.size());
  const TimePoint now = Now();  // one clock read for the batch
  for (const auto& key : keys) values.push_back(GetAt(key, now));
  done(std::move(values));
}

std::size_t MemoryCache::OpenFills() const {
  std::size_t open = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    open += shard->fills.size();
  }
  return open;
}

std::size_t MemoryCache::Size() const {
  std::size_t size = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    size += shard->recent.size();
  }
  return size;
}

}  // namespace rampart::infrastructure
