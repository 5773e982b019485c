#include "main/api_key_usage_flusher.hpp"

#include "common/log.hpp"

namespace rampart {

ApiKeyUsageFlusher::ApiKeyUsageFlusher(application::ApiKeyUsage& usage,
                                       application::UnitOfWorkFactory& database,
                                       std::chrono::milliseconds interval)
    : usage_(usage), database_(database), interval_(interval) {}

ApiKeyUsageFlusher::~ApiKeyUsageFlusher() { Stop(); }

void ApiKeyUsageFlusher::Start() {
  if (thread_.joinable() || interval_.count() <= 0) return;
  thread_ = std::thread([this] {
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
      }
      FlushOnce();
    }
  });
}

void ApiKeyUsageFlusher::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  FlushOnce();
}

void ApiKeyUsageFlusher::FlushOnce() {
  try {
    const auto written = usage_.Flush(database_);
    if (written > 0) log::Debug("api_keys", "last use written", {{"keys", written}});
  } catch (const std::exception& error) {
    log::Warn("api_keys", "writing the API keys' last use failed; retried at the next interval",
              {{"error", error.what()}});
  }
}

}  // namespace rampart
