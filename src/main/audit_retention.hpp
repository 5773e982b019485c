#pragma once
// The audit retention job of `rampart serve` (docs/audit.md#retention): on a thread of its own,
// a pass at start and then one every audit.prune_interval deletes the events older than
// audit.retention (application/audit/prune_audit_events). Every instance runs it; passes of
// several instances at once split the work. Off (no thread) when audit.retention is off.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "application/ports/clock.hpp"
#include "application/ports/unit_of_work.hpp"
#include "main/config/settings.hpp"

namespace rampart {

class AuditRetention {
 public:
  AuditRetention(const config::Settings& settings, application::UnitOfWorkFactory& database,
                 application::Clock& clock);
  ~AuditRetention();
  AuditRetention(const AuditRetention&) = delete;
  AuditRetention& operator=(const AuditRetention&) = delete;

  void Start();
  // Stop: idempotent. A pass in progress stops after its current batch (what it deleted stays
  // deleted; the next start carries on).
  void Stop();

 private:
  void Loop();
  void PassOnce();

  std::chrono::seconds retention_;
  std::chrono::milliseconds interval_;
  int batch_;
  application::UnitOfWorkFactory& database_;
  application::Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rampart
