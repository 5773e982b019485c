#include "application/auth/login.hpp"

#include "application/auth/session_tokens.hpp"
#include "application/common/email_input.hpp"

namespace rampart::application {

namespace {

constexpr std::string_view kLockedOut = "Too many failed logins; try again later.";

domain::Error LockedError(std::chrono::seconds remaining) {
  return domain::Error::Locked(std::string(kLockedOut),
                               static_cast<int>(std::max<long long>(remaining.count(), 1)));
}

std::string Reason(std::string_view reason) {
  return std::string(R"({"reason":")") + std::string(reason) + "\"}";
}

// Records the failure (audit, and the user's failure counter, which may lock the account out)
// and answers the one 401, or 429 when this failure locked the account.
domain::Result<TokenPair> Reject(UseCaseContext& context, const std::string& user_id,
                                 std::string_view reason) {
  auto& services = context.services;
  const auto now = services.clock.Now();
  std::optional<domain::TimePoint> locked_until;
  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  context.AuditAs("", domain::audit::kLoginFailed, user_id.empty() ? "" : "user", user_id,
                  Reason(reason));
  if (!user_id.empty()) {
    // Counted on the row read inside the write transaction: concurrent failures serialise.
    if (auto user = uow.Users().FindByIdForUpdate(user_id)) {
      locked_until = services.settings.lockout.RecordFailure(*user, now);
      (void)uow.Users().Update(*user);
      if (locked_until) {
        context.AuditAs("", domain::audit::kLockout, "user", user_id,
                        R"({"failedLogins":)" + std::to_string(user->failed_logins) +
                            R"(,"lockedUntil":")" + domain::FormatRfc3339(*locked_until) + "\"}");
      }
    }
  }
  context.Commit();
  if (locked_until) return domain::Fail(LockedError(*locked_until - now));
  return domain::Fail(domain::Error::Unauthorized(std::string(kBadCredentials)));
}

domain::Result<TokenPair> RejectLockedOut(UseCaseContext& context, const std::string& user_id,
                                          std::chrono::seconds remaining) {
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, "user", user_id, Reason("locked_out"));
  context.Commit();
  return domain::Fail(LockedError(remaining));
}

}  // namespace

void Validate(const LoginCommand& command, Validation& validation) {
  validation.Required(command.email, "email", "Email");
  validation.Required(command.password, "password", "Password");
}

domain::Result<TokenPair> Handle(const LoginCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  std::optional<domain::User> user;
  {
    auto uow = services.database.Begin(TransactionMode::kRead);
    user = FindUserByTypedEmail(uow->Users(), services, command.email);
  }
  if (!user) {
    services.hasher.VerifyDummy(command.password);  // same cost as a real verification
    return Reject(context, "", "unknown_user");
  }
  // A locked-out account is refused before the password is even looked at: guessing on is
  // pointless for the attacker and costs us no Argon2 work.
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*user, services.clock.Now())) {
    return RejectLockedOut(context, user->id, *remaining);
  }
  if (!services.hasher.Verify(user->password_hash, command.password)) {
    return Reject(context, user->id, "bad_password");
  }
  if (user->locked) return Reject(context, user->id, "account_locked");

  // Re-hash outside the write lock when the configured Argon2 parameters changed.
  std::optional<std::string> new_hash;
  if (services.hasher.NeedsRehash(user->password_hash)) {
    new_hash = services.hasher.Hash(command.password);
  }

  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  auto current = uow.Users().FindByIdForUpdate(user->id);
  if (!current) return Reject(context, user->id, "user_deleted");
  if (new_hash || current->failed_logins != 0 || current->locked_until) {
    if (new_hash) current->password_hash = *new_hash;
    domain::LockoutPolicy::Clear(*current);
    current->updated_at = services.clock.Now();
    (void)uow.Users().Update(*current);
  }
  std::string refresh_token;
  const auto session = OpenSession(services, uow, *current, context.caller.request, refresh_token);
  context.AuditAs(current->id, domain::audit::kLoginSucceeded, "session", session.id);
  auto tokens = MintTokens(services, uow, *current, session, std::move(refresh_token));
  context.Commit();
  return tokens;
}

}  // namespace rampart::application
