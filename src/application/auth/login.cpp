#include "application/auth/login.hpp"

#include "application/auth/session_tokens.hpp"
#include "application/common/audit.hpp"

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

}  // namespace

domain::Result<TokenPair> LoginHandler::Handle(const LoginCommand& command,
                                               const RequestContext& context) {
  std::vector<domain::FieldError> missing;
  if (command.email.empty()) missing.push_back({"email", "Email is required."});
  if (command.password.empty()) missing.push_back({"password", "Password is required."});
  if (!missing.empty()) return domain::Fail(domain::Error::Validation(std::move(missing)));

  std::optional<domain::User> user;
  if (auto email = domain::Email::Parse(command.email)) {
    auto uow = services_.database.Begin(TransactionMode::kRead);
    user = uow->Users().FindByEmail(*email);
  }
  if (!user) {
    services_.hasher.VerifyDummy(command.password);  // same cost as a real verification
    return Fail("", context, "unknown_user");
  }
  // A locked-out account is refused before the password is even looked at: guessing on is
  // pointless for the attacker and costs us no Argon2 work.
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*user, services_.clock.Now())) {
    return FailLockedOut(user->id, context, *remaining);
  }
  if (!services_.hasher.Verify(user->password_hash, command.password)) {
    return Fail(user->id, context, "bad_password");
  }
  if (user->locked) return Fail(user->id, context, "account_locked");

  // Re-hash outside the write lock when the configured Argon2 parameters changed.
  std::optional<std::string> new_hash;
  if (services_.hasher.NeedsRehash(user->password_hash)) {
    new_hash = services_.hasher.Hash(command.password);
  }

  auto uow = services_.database.Begin(TransactionMode::kWrite);
  auto current = uow->Users().FindByIdForUpdate(user->id);
  if (!current) return Fail(user->id, context, "user_deleted");
  if (new_hash || current->failed_logins != 0 || current->locked_until) {
    if (new_hash) current->password_hash = *new_hash;
    domain::LockoutPolicy::Clear(*current);
    current->updated_at = services_.clock.Now();
    (void)uow->Users().Update(*current);
  }
  std::string refresh_token;
  const auto session = OpenSession(services_, *uow, *current, context, refresh_token);
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kLoginSucceeded,
                                     current->id, "session", session.id));
  auto tokens = MintTokens(services_, *uow, *current, session, std::move(refresh_token));
  uow->Commit();
  return tokens;
}

domain::Result<TokenPair> LoginHandler::Fail(const std::string& user_id,
                                             const RequestContext& context,
                                             std::string_view reason) {
  const auto now = services_.clock.Now();
  std::optional<domain::TimePoint> locked_until;
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kLoginFailed, "",
                                     user_id.empty() ? "" : "user", user_id, Reason(reason)));
  if (!user_id.empty()) {
    // Counted on the row read inside the write transaction: concurrent failures serialise.
    if (auto user = uow->Users().FindByIdForUpdate(user_id)) {
      locked_until = services_.settings.lockout.RecordFailure(*user, now);
      (void)uow->Users().Update(*user);
      if (locked_until) {
        uow->Audit().Append(MakeAuditEvent(
            services_, context, domain::audit::kLockout, "", "user", user_id,
            R"({"failedLogins":)" + std::to_string(user->failed_logins) + R"(,"lockedUntil":")" +
                domain::FormatRfc3339(*locked_until) + "\"}"));
      }
    }
  }
  uow->Commit();
  if (locked_until) return domain::Fail(LockedError(*locked_until - now));
  return domain::Fail(domain::Error::Unauthorized(std::string(kBadCredentials)));
}

domain::Result<TokenPair> LoginHandler::FailLockedOut(const std::string& user_id,
                                                      const RequestContext& context,
                                                      std::chrono::seconds remaining) {
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kLoginFailed, "", "user",
                                     user_id, Reason("locked_out")));
  uow->Commit();
  return domain::Fail(LockedError(remaining));
}

}  // namespace rampart::application
