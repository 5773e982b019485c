#pragma once
// Business counters (registrations, logins, lockouts, refresh-token reuse, logouts), derived
// from the audit events a use case records: an outcome is counted exactly when its audit event
// commits (UseCaseContext::Commit), so a rolled-back attempt never counts and no handler has
// to remember a second bookkeeping call. The exporters (Prometheus, OTLP, DogStatsD) read them
// from the process-wide registry like every other metric.
#include <string_view>

#include "telemetry/metrics.hpp"

namespace rampart::application {

/// The counter a committed audit event (`action`, `details_json`) adds one to, or nullptr when
/// it is not a business event. A registration is `user.created` with `"via":"registration"`.
telemetry::Counter* BusinessCounterFor(std::string_view action, std::string_view details_json = {});

/// Declares every business counter (each series at zero), so a scrape shows them before the
/// first event.
void DeclareBusinessMetrics();

}  // namespace rampart::application
