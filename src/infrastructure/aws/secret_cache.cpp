#include "infrastructure/aws/secret_cache.hpp"

#include <algorithm>

#include "common/log.hpp"

namespace rampart::infrastructure::aws {

SecretCache::SecretCache(Fetch fetch, SecretCacheOptions options,
                         rampart::telemetry::Registry& registry, Now now)
    : fetch_(std::move(fetch)),
      options_(options),
      now_(std::move(now)),
      failures_(registry.Counter("rampart.secrets.refresh_failures",
                                 "Failed reads of a Secrets Manager secret (the last good value "
                                 "stays in use).",
                                 "{read}", {"secret"})),
      fetches_(registry.Counter("rampart.secrets.fetches",
                                "Successful reads of a Secrets Manager secret.", "{read}",
                                {"secret"})) {
  age_metric_ = registry.AddCallback(
      {"rampart.secrets.age",
       "Seconds since the value in use of each Secrets Manager secret was read; above "
       "secrets.ttl, its refreshes are failing.",
       "s",
       rampart::telemetry::MetricType::kGauge,
       {"secret"}},
      [this](rampart::telemetry::Observer& out) {
        for (const auto& status : Statuses()) {
          out.Observe(static_cast<double>(status.age.count()), {status.secret_id});
        }
      });
}

SecretCache::~SecretCache() {
  Stop();
  age_metric_ = {};  // before the entries it reads go
}

std::expected<bool, std::string> SecretCache::FetchInto(const std::string& secret_id,
                                                        std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  auto fetched = fetch_(secret_id);
  lock.lock();
  auto& entry = entries_[secret_id];
  const auto now = now_();
  if (!fetched) {
    failures_.With({secret_id}).Add();
    entry.last_error = fetched.error();
    entry.next_attempt = now + options_.retry;
    return std::unexpected(fetched.error());
  }
  fetches_.With({secret_id}).Add();
  const bool changed = entry.has_value && entry.value != fetched->secret_string;
  entry.has_value = true;
  entry.value = std::move(fetched->secret_string);
  entry.version_id = std::move(fetched->version_id);
  entry.fetched_at = now;
  entry.next_attempt = now + options_.ttl;
  entry.last_error.clear();
  return changed;
}

std::expected<std::string, std::string> SecretCache::Get(const std::string& secret_id) {
  std::unique_lock lock(mutex_);
  const auto found = entries_.find(secret_id);
  if (found != entries_.end() && found->second.has_value) {
    // The background thread refreshes what is due; without it, the caller does (not before
    // the retry pause after a failed refresh).
    const bool due = now_() >= found->second.next_attempt;
    if (!due || thread_.joinable()) return found->second.value;
    if (auto refreshed = FetchInto(secret_id, lock); !refreshed) {
      log::Warn("secrets", "secret refresh failed; using the last good value",
                {{"secret", secret_id}, {"error", refreshed.error()}});
    }
    return entries_[secret_id].value;
  }
  if (auto fetched = FetchInto(secret_id, lock); !fetched) {
    if (!entries_[secret_id].has_value) entries_.erase(secret_id);
    return std::unexpected(fetched.error());
  }
  return entries_[secret_id].value;
}

std::optional<std::string> SecretCache::Peek(const std::string& secret_id) const {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(secret_id);
  if (found == entries_.end() || !found->second.has_value) return std::nullopt;
  return found->second.value;
}

std::expected<bool, std::string> SecretCache::Refresh(const std::string& secret_id) {
  std::unique_lock lock(mutex_);
  auto changed = FetchInto(secret_id, lock);
  const auto listeners = listeners_;
  lock.unlock();
  if (changed && *changed) {
    for (const auto& listener : listeners) listener(secret_id);
  }
  return changed;
}

void SecretCache::RequestRefresh(const std::string& secret_id) {
  {
    std::lock_guard lock(mutex_);
    if (std::find(requested_.begin(), requested_.end(), secret_id) == requested_.end()) {
      requested_.push_back(secret_id);
    }
  }
  wake_.notify_all();
}

void SecretCache::OnChange(std::function<void(const std::string& secret_id)> listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void SecretCache::RefreshDue() {
  std::unique_lock lock(mutex_);
  std::vector<std::string> due = std::move(requested_);
  requested_.clear();
  const auto now = now_();
  for (const auto& [id, entry] : entries_) {
    if (entry.next_attempt <= now && std::find(due.begin(), due.end(), id) == due.end()) {
      due.push_back(id);
    }
  }
  std::vector<std::string> changed;
  for (const auto& id : due) {
    auto outcome = FetchInto(id, lock);
    if (!outcome) {
      log::Warn("secrets", "secret refresh failed; the last good value stays in use",
                {{"secret", id},
                 {"error", outcome.error()},
                 {"ageSeconds",
                  std::chrono::duration_cast<std::chrono::seconds>(now_() - entries_[id].fetched_at)
                      .count()}});
    } else if (*outcome) {
      log::Info("secrets", "secret changed",
                {{"secret", id}, {"versionId", entries_[id].version_id}});
      changed.push_back(id);
    }
  }
  const auto listeners = listeners_;
  lock.unlock();
  for (const auto& id : changed) {
    for (const auto& listener : listeners) listener(id);
  }
}

void SecretCache::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto next = now_() + options_.ttl;
    for (const auto& [id, entry] : entries_) next = std::min(next, entry.next_attempt);
    const auto wait = std::max(next - now_(), Clock::duration::zero());
    wake_.wait_for(lock, wait, [this] { return stopping_ || !requested_.empty(); });
    if (stopping_) break;
    lock.unlock();
    RefreshDue();
    lock.lock();
  }
}

void SecretCache::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void SecretCache::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<SecretStatus> SecretCache::Statuses() const {
  std::lock_guard lock(mutex_);
  std::vector<SecretStatus> statuses;
  const auto now = now_();
  for (const auto& [id, entry] : entries_) {
    if (!entry.has_value) continue;
    statuses.push_back(
        {.secret_id = id,
         .version_id = entry.version_id,
         .age = std::chrono::duration_cast<std::chrono::seconds>(now - entry.fetched_at),
         .stale = !entry.last_error.empty(),
         .last_error = entry.last_error});
  }
  return statuses;
}

}  // namespace rampart::infrastructure::aws
