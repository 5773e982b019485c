#pragma once
// rampart:begin(iam)
// Business counters (registrations, logins, lockouts, refresh-token reuse, logouts), derived
// from the audit events a use case records:
// rampart:else
// // Business counters, derived from the audit events a use case records:
// rampart:end
// an outcome is counted exactly when its audit event
// commits (UseCaseContext::Commit), so a rolled-back attempt never counts and no handler has
// to remember a second bookkeeping call. The exporters (Prometheus, OTLP, DogStatsD) read them
// from the process-wide registry like every other metric.
#include <string_view>

#include "telemetry/metrics.hpp"

namespace rampart::application {

// BusinessEvent: what a use case says about an audit event beyond its action: `user.created` is
// recorded for self-registrations, accounts an administrator creates and the seeded administrator
// alike, and only the first is a registration. Set by the use case (register_user), not parsed from
// the event's details.
enum class BusinessEvent { kNone, kRegistration };

// BusinessCounterFor returns the counter a committed audit event adds one to, or nullptr when it is
// not a business event. A registration is `user.created` marked BusinessEvent::kRegistration.
telemetry::Counter* BusinessCounterFor(std::string_view action,
                                       BusinessEvent event = BusinessEvent::kNone);

// DeclareBusinessMetrics declares every business counter (each series at zero), so a scrape shows
// them before the first event.
void DeclareBusinessMetrics();

}  // namespace rampart::application
