#include "application/dispatch/business_metrics.hpp"

// rampart:begin(iam)
#include <array>

#include "domain/audit_event.hpp"

namespace rampart::application {
namespace {

struct Entry {
  std::string_view action;
  telemetry::Counter* counter;
};

telemetry::Counter& Registrations() {
  static auto& registrations =
      telemetry::Metrics()
          .Counter("rampart.auth.registrations", "Accounts registered (POST /auth/register).",
                   "{registration}")
          .With({});
  return registrations;
}

// Actions from the fixed audit vocabulary (domain/audit_event.hpp) and their series; a
// `user.created` counts only as a registration (BusinessEvent).
const std::array<Entry, 6>& Table() {
  static const auto table = [] {
    auto& metrics = telemetry::Metrics();
    auto& logins = metrics.Counter("rampart.auth.logins", "Login attempts by outcome.", "{login}",
                                   {"outcome"});
    auto& lockouts = metrics.Counter(
        "rampart.auth.lockouts",
        "Lockouts after repeated wrong passwords (accounts, and addresses without one).",
        "{lockout}");
    auto& reuse = metrics.Counter("rampart.auth.refresh_reuse_detections",
                                  "Spent refresh tokens presented again (the session was revoked).",
                                  "{detection}");
    auto& logouts =
        metrics.Counter("rampart.auth.logouts", "Logouts: one session, or every session of a user.",
                        "{logout}", {"scope"});
    return std::array<Entry, 6>{{
        {domain::audit::kLoginSucceeded, &logins.With({"succeeded"})},
        {domain::audit::kLoginFailed, &logins.With({"failed"})},
        {domain::audit::kLockout, &lockouts.With({})},
        {domain::audit::kRefreshReused, &reuse.With({})},
        {domain::audit::kLogout, &logouts.With({"session"})},
        {domain::audit::kLogoutAll, &logouts.With({"all"})},
    }};
  }();
  return table;
}

}  // namespace

telemetry::Counter* BusinessCounterFor(std::string_view action, BusinessEvent event) {
  if (action == domain::audit::kUserCreated) {
    // Accounts created by an administrator or the seed are not registrations.
    return event == BusinessEvent::kRegistration ? &Registrations() : nullptr;
  }
  for (const auto& entry : Table()) {
    if (entry.action == action) return entry.counter;
  }
  return nullptr;
}

void DeclareBusinessMetrics() {
  (void)Registrations();
  (void)Table();
}

}  // namespace rampart::application
// rampart:else
// namespace rampart::application {
//
// // No business counter yet: map a committed audit action to a counter here (e.g. notes
// // created), declared in DeclareBusinessMetrics.
// telemetry::Counter* BusinessCounterFor(std::string_view /*action*/, BusinessEvent /*event*/) {
//   return nullptr;
// }
//
// void DeclareBusinessMetrics() {}
//
// }  // namespace rampart::application
// rampart:end
