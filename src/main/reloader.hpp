#pragma once
// The reload thread of `rampart serve` (docs/configuration.md#reload): what may change while the
// service runs — the signing keys (a rotation), and the feature flags — is read again every
// reload.interval, at once on SIGHUP (Wake), and at the moments the keys change by time alone
// (a retired key's grace ends, an automatic rotation is due).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace rampart {

class Reloader {
 public:
  // `reload` does one pass (it must not throw) and returns the next moment a pass is due by
  // time alone, or nullopt. `interval` 0: passes only on Wake() and at those moments.
  using Pass = std::function<std::optional<std::chrono::system_clock::time_point>()>;
  Reloader(std::chrono::milliseconds interval, Pass reload);
  ~Reloader();
  Reloader(const Reloader&) = delete;
  Reloader& operator=(const Reloader&) = delete;

  // Start starts the thread; the first pass runs after the first wait (the composition loaded
  // everything at start).
  void Start(std::optional<std::chrono::system_clock::time_point> first_deadline);
  // Wake: a pass now (SIGHUP). Cheap and non-blocking: callable from a signal handler's thread.
  void Wake();
  // Stop: idempotent; a pass in progress finishes first.
  void Stop();

 private:
  void Loop(std::optional<std::chrono::system_clock::time_point> deadline);

  std::chrono::milliseconds interval_;
  Pass reload_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rampart
