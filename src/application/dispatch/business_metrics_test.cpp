#include "application/dispatch/business_metrics.hpp"

#include <gtest/gtest.h>

#include "domain/audit_event.hpp"

namespace rampart::application {
namespace {

std::uint64_t Value(std::string_view name, std::string_view label) {
  for (const auto& metric : telemetry::Metrics().Collect()) {
    if (metric.info.name != name) continue;
    for (const auto& point : metric.points) {
      if (label.empty() || (!point.label_values.empty() && point.label_values[0] == label)) {
        return static_cast<std::uint64_t>(point.value);
      }
    }
  }
  return UINT64_MAX;
}

TEST(BusinessMetrics, EveryBusinessActionHasItsOwnSeriesDeclaredAtZero) {
  DeclareBusinessMetrics();
  EXPECT_NE(Value("rampart.auth.logins", "succeeded"), UINT64_MAX);
  EXPECT_NE(Value("rampart.auth.logouts", "all"), UINT64_MAX);

  const std::string_view actions[] = {domain::audit::kLoginSucceeded, domain::audit::kLoginFailed,
                                      domain::audit::kLockout,        domain::audit::kRefreshReused,
                                      domain::audit::kLogout,         domain::audit::kLogoutAll};
  std::vector<telemetry::Counter*> seen{
      BusinessCounterFor(domain::audit::kUserCreated, BusinessEvent::kRegistration)};
  ASSERT_NE(seen[0], nullptr);
  for (auto action : actions) {
    auto* counter = BusinessCounterFor(action);
    ASSERT_NE(counter, nullptr) << action;
    for (auto* other : seen) EXPECT_NE(other, counter) << action;
    seen.push_back(counter);
  }
  const auto before = Value("rampart.auth.logins", "failed");
  BusinessCounterFor(domain::audit::kLoginFailed)->Add();
  EXPECT_EQ(Value("rampart.auth.logins", "failed"), before + 1);
}

TEST(BusinessMetrics, ARegistrationIsTheUseCasesMarkNotTheDetailsText) {
  DeclareBusinessMetrics();
  auto* registrations =
      BusinessCounterFor(domain::audit::kUserCreated, BusinessEvent::kRegistration);
  ASSERT_NE(registrations, nullptr);
  const auto before = Value("rampart.auth.registrations", "");
  registrations->Add();
  EXPECT_EQ(Value("rampart.auth.registrations", ""), before + 1);
  // Accounts an administrator or the seed created are `user.created` without the mark.
  EXPECT_EQ(BusinessCounterFor(domain::audit::kUserCreated), nullptr);
  // The mark belongs to `user.created`: on another action it counts nothing.
  EXPECT_EQ(BusinessCounterFor(domain::audit::kUserUpdated, BusinessEvent::kRegistration), nullptr);
}

TEST(BusinessMetrics, OtherActionsAreNotCounted) {
  EXPECT_EQ(BusinessCounterFor(domain::audit::kUserUpdated), nullptr);
  EXPECT_EQ(BusinessCounterFor(domain::audit::kPasswordChanged), nullptr);
  EXPECT_EQ(BusinessCounterFor("auth.login"), nullptr);
  EXPECT_EQ(BusinessCounterFor(""), nullptr);
}

}  // namespace
}  // namespace rampart::application
