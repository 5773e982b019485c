#include "main/audit_retention.hpp"

#include <algorithm>

#include "application/audit/prune_audit_events.hpp"
#include "common/log.hpp"
#include "telemetry/metrics.hpp"

namespace rampart {

namespace {

constexpr std::string_view kComponent = "audit";
constexpr std::chrono::nanoseconds kLongestPause = std::chrono::seconds(1);

struct RetentionMetrics {
  telemetry::Counter& deleted;
  telemetry::Histogram& duration;
  telemetry::Counter& failures;
};

RetentionMetrics& Metrics() {
  static RetentionMetrics metrics{
      .deleted =
          telemetry::Metrics()
              .Counter("rampart.audit.pruned",
                       "Audit events deleted by the retention job (audit.retention).", "{event}")
              .With({}),
      .duration = telemetry::Metrics()
                      .Histogram("rampart.audit.prune.duration",
                                 "Duration of one audit retention pass (all of its batches).")
                      .With({}),
      .failures = telemetry::Metrics()
                      .Counter("rampart.audit.prune.failures",
                               "Audit retention passes that failed (database error).", "{pass}")
                      .With({})};
  return metrics;
}

}  // namespace

AuditRetention::AuditRetention(const config::Settings& settings,
                               application::UnitOfWorkFactory& database, application::Clock& clock)
    : retention_(settings.audit_retention),
      interval_(settings.audit_prune_interval),
      batch_(settings.audit_prune_batch),
      database_(database),
      clock_(clock) {}

AuditRetention::~AuditRetention() { Stop(); }

void AuditRetention::Start() {
  if (retention_.count() <= 0 || thread_.joinable()) return;
  Metrics();  // the series exist (at 0) from the start, not from the first deletion
  thread_ = std::thread([this] { Loop(); });
}

void AuditRetention::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditRetention::Loop() {
  for (;;) {
    PassOnce();
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

void AuditRetention::PassOnce() {
  auto& metrics = Metrics();
  const auto bound = clock_.Now() - retention_;
  try {
    // As long a pause as the batch took: at most half of the pass holds the write lock.
    const auto run = application::PruneAuditEvents(
        database_, bound, batch_, [this](std::chrono::nanoseconds previous_batch) {
          std::unique_lock lock(mutex_);
          return !wake_.wait_for(lock, std::min(previous_batch, kLongestPause),
                                 [this] { return stopping_; });
        });
    metrics.deleted.Add(static_cast<std::uint64_t>(run.deleted));
    metrics.duration.Record(std::chrono::duration<double>(run.duration).count());
    log::Info(kComponent, "audit retention pass",
              {{"deleted", run.deleted},
               {"batches", run.batches},
               {"olderThan", domain::FormatRfc3339(run.bound)},
               {"durationMs", std::chrono::duration<double, std::milli>(run.duration).count()},
               {"interrupted", run.interrupted}});
  } catch (const std::exception& error) {
    metrics.failures.Add();
    log::Warn(kComponent, "audit retention pass failed; retried at the next interval",
              {{"error", error.what()}, {"olderThan", domain::FormatRfc3339(bound)}});
  }
}

}  // namespace rampart
