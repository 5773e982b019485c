#pragma once
// Audit retention: deletes the events older than a bound in batches, each batch its own short
// write transaction along the `at` index, so no lock is held for longer than one batch and
// requests interleave between batches whatever the size of the backlog. Safe to run in several
// instances at once (see AuditLog::DeleteOlderThan). Synchronous: run it on a background thread.
#include <chrono>
#include <functional>

#include "application/ports/unit_of_work.hpp"
#include "domain/time.hpp"

namespace rampart::application {

struct AuditPruneRun {
  domain::TimePoint bound{};  // events with `at` before it were deleted; none at or after it
  long long deleted = 0;
  int batches = 0;           // write transactions that deleted something
  bool interrupted = false;  // `keep_going` said stop before the backlog was gone
  std::chrono::nanoseconds duration{0};
};

// Called between batches with how long the previous one took; false ends the pass. The caller
// pauses here (about as long as the batch took) so that writers waiting for the lock get it
// between batches instead of queueing behind a whole backlog, and stops on shutdown.
using BetweenBatches = std::function<bool(std::chrono::nanoseconds previous_batch)>;

// PruneAuditEvents deletes every event with `at` before `bound`, at most `batch` per transaction,
// until a batch comes back short. Throws when the database fails; what earlier batches deleted
// stays deleted.
AuditPruneRun PruneAuditEvents(UnitOfWorkFactory& database, domain::TimePoint bound, int batch,
                               const BetweenBatches& between_batches = {});

}  // namespace rampart::application
