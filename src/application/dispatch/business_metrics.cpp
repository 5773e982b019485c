#include "application/dispatch/business_metrics.hpp"

#include <array>

#include "domain/audit_event.hpp"

namespace rampart::application {
namespace {

struct Entry {
  std::string_view action;
  telemetry::Counter* counter;
};

// Actions from the fixed audit vocabulary (domain/audit_event.hpp) and their series.
const std::array<Entry, 7>& Table() {
  static const auto table = [] {
    auto& metrics = telemetry::Metrics();
    auto& registrations =
        metrics.Counter("rampart.auth.registrations", "Accounts registered (POST /auth/register).",
                        "{registration}");
    auto& logins = metrics.Counter("rampart.auth.logins", "Login attempts by outcome.", "{login}",
                                   {"outcome"});
    auto& lockouts = metrics.Counter(
        "rampart.auth.lockouts", "Accounts locked out after repeated failed logins.", "{lockout}");
    auto& reuse = metrics.Counter("rampart.auth.refresh_reuse_detections",
                                  "Spent refresh tokens presented again (the session was revoked).",
                                  "{detection}");
    auto& logouts =
        metrics.Counter("rampart.auth.logouts", "Logouts: one session, or every session of a user.",
                        "{logout}", {"scope"});
    return std::array<Entry, 7>{{
        {domain::audit::kUserCreated, &registrations.With({})},
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

telemetry::Counter* BusinessCounterFor(std::string_view action, std::string_view details_json) {
  // Accounts created by an administrator or the seed are not registrations.
  if (action == domain::audit::kUserCreated &&
      details_json.find(R"("via":"registration")") == std::string_view::npos) {
    return nullptr;
  }
  for (const auto& entry : Table()) {
    if (entry.action == action) return entry.counter;
  }
  return nullptr;
}

void DeclareBusinessMetrics() { (void)Table(); }

}  // namespace rampart::application
