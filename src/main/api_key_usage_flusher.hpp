#pragma once
// Writes the API keys' last use (application::ApiKeyUsage) on a thread of its own: every
// api_keys.usage_flush_interval, and once more when it stops (after the HTTP drain), so a
// request never writes the database for it (docs/security.md#api-keys).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "application/api_keys/api_key_authenticator.hpp"
#include "application/ports/unit_of_work.hpp"

namespace rampart {

class ApiKeyUsageFlusher {
 public:
  ApiKeyUsageFlusher(application::ApiKeyUsage& usage, application::UnitOfWorkFactory& database,
                     std::chrono::milliseconds interval);
  ~ApiKeyUsageFlusher();
  ApiKeyUsageFlusher(const ApiKeyUsageFlusher&) = delete;
  ApiKeyUsageFlusher& operator=(const ApiKeyUsageFlusher&) = delete;

  void Start();
  // Stop: idempotent: stops the thread, then writes what is pending.
  void Stop();

 private:
  void FlushOnce();

  application::ApiKeyUsage& usage_;
  application::UnitOfWorkFactory& database_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rampart
