#include "application/audit/prune_audit_events.hpp"

#include <algorithm>

namespace rampart::application {

AuditPruneRun PruneAuditEvents(UnitOfWorkFactory& database, domain::TimePoint bound, int batch,
                               const BetweenBatches& between_batches) {
  const auto started = std::chrono::steady_clock::now();
  AuditPruneRun run{.bound = bound};
  batch = std::max(batch, 1);
  std::chrono::nanoseconds previous_batch{0};
  for (;;) {
    if (run.batches > 0 && between_batches && !between_batches(previous_batch)) {
      run.interrupted = true;
      break;
    }
    const auto batch_started = std::chrono::steady_clock::now();
    auto unit = database.Begin(TransactionMode::kWrite);
    const int deleted = unit->Audit().DeleteOlderThan(bound, batch);
    unit->Commit();
    previous_batch = std::chrono::steady_clock::now() - batch_started;
    if (deleted > 0) ++run.batches;
    run.deleted += deleted;
    if (deleted < batch) break;
  }
  run.duration = std::chrono::steady_clock::now() - started;
  return run;
}

}  // namespace rampart::application
