#include "application/auth/failed_logins.hpp"

#include <algorithm>

#include "domain/audit_event.hpp"
#include "domain/lockout_policy.hpp"

namespace rampart::application {

namespace {

constexpr std::string_view kLockedOut = "Too many failed logins; try again later.";
// More than the one counter a failure can add, so that a backlog of forgotten ones shrinks.
constexpr int kPruneBatch = 2;

std::string_view Via(FailedPassword source) {
  switch (source) {
    case FailedPassword::kLogin:
      return "login";
    case FailedPassword::kPasswordChange:
      return "password_change";
    case FailedPassword::kSecondFactor:
      return "second_factor";
    case FailedPassword::kSecondFactorChange:
      return "second_factor_change";
  }
  return "login";
}

// A failure that came through a signed-in session: when it locks, the sessions end.
bool ThroughASession(FailedPassword source) {
  return source == FailedPassword::kPasswordChange ||
         source == FailedPassword::kSecondFactorChange;
}

// The details of `auth.lockout`: numbers, a fixed word and a time only, never what was typed.
std::string LockoutDetails(int failures, domain::TimePoint locked_until, FailedPassword source,
                           std::optional<int> sessions_revoked = std::nullopt) {
  std::string details = R"({"failedLogins":)" + std::to_string(failures) + R"(,"lockedUntil":")" +
                        domain::FormatRfc3339(locked_until) + R"(","via":")" +
                        std::string(Via(source)) + "\"";
  if (sessions_revoked) details += R"(,"sessionsRevoked":)" + std::to_string(*sessions_revoked);
  return details + "}";
}

}  // namespace

domain::Error LockedOut(std::chrono::seconds remaining) {
  return domain::Error::Locked(std::string(kLockedOut),
                               static_cast<int>(std::max<long long>(remaining.count(), 1)));
}

std::string AddressKey(const Services& services, std::string_view address) {
  return services.random.HashToken(address);
}

std::optional<domain::TimePoint> CountAccountFailure(UseCaseContext& context,
                                                     std::string_view user_id,
                                                     FailedPassword source) {
  auto& services = context.services;
  auto& users = context.Uow().Users();
  const auto now = services.clock.Now();
  auto user = users.FindByIdForUpdate(user_id);
  if (!user) return std::nullopt;
  const auto locked_until = services.settings.lockout.RecordFailure(*user, now);
  std::optional<int> sessions_revoked;
  if (locked_until && ThroughASession(source)) {
    user->token_version += 1;
    user->updated_at = now;
    sessions_revoked = context.Uow().Sessions().RevokeAllForUser(user->id, now, "lockout");
  }
  (void)users.Update(*user);
  if (locked_until) {
    context.AuditAs("", domain::audit::kLockout, "user", user->id,
                    LockoutDetails(user->failed_logins, *locked_until, source, sessions_revoked));
  }
  return locked_until;
}

std::optional<domain::TimePoint> CountAddressFailure(UseCaseContext& context,
                                                     std::string_view address_key) {
  auto& services = context.services;
  auto& addresses = context.Uow().AddressFailures();
  const auto now = services.clock.Now();
  auto counter = addresses.FindForUpdate(address_key)
                     .value_or(domain::AddressFailures{.key = std::string(address_key)});
  const auto locked_until = services.settings.lockout.RecordFailure(counter, now);
  addresses.Save(counter);
  if (locked_until) {
    context.AuditAs("", domain::audit::kLockout, "", "",
                    LockoutDetails(counter.failed_logins, *locked_until, FailedPassword::kLogin));
  }
  return locked_until;
}

void PruneForgottenAddresses(UseCaseContext& context) {
  const auto bound =
      context.services.settings.lockout.ForgottenBefore(context.services.clock.Now());
  (void)context.Uow().AddressFailures().DeleteOlderThan(bound, kPruneBatch);
}

}  // namespace rampart::application
