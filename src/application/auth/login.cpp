#include "application/auth/login.hpp"

#include "application/auth/session_tokens.hpp"
#include "application/common/audit.hpp"

namespace rampart::application {

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
  auto current = uow->Users().FindById(user->id);
  if (!current) return Fail(user->id, context, "user_deleted");
  if (new_hash || current->failed_logins != 0) {
    if (new_hash) current->password_hash = *new_hash;
    current->failed_logins = 0;
    current->last_failed_login_at.reset();
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
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  if (!user_id.empty()) {
    if (auto user = uow->Users().FindById(user_id)) {
      user->failed_logins += 1;
      user->last_failed_login_at = services_.clock.Now();
      (void)uow->Users().Update(*user);
    }
  }
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kLoginFailed, "",
                                     user_id.empty() ? "" : "user", user_id,
                                     std::string(R"({"reason":")") + std::string(reason) + "\"}"));
  uow->Commit();
  return domain::Fail(domain::Error::Unauthorized(std::string(kBadCredentials)));
}

}  // namespace rampart::application
