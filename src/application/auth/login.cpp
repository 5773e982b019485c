#include "application/auth/login.hpp"

#include "application/auth/failed_logins.hpp"
#include "application/auth/session_tokens.hpp"
#include "application/common/email_input.hpp"

namespace rampart::application {

namespace {

std::string Reason(std::string_view reason) {
  return std::string(R"({"reason":")") + std::string(reason) + "\"}";
}

// Records the failure (audit, and the account's failure counter, which may lock it out) and
// answers the one 401, or 429 when this failure locked the account.
domain::Result<TokenPair> Reject(UseCaseContext& context, const std::string& user_id,
                                 std::string_view reason) {
  const auto now = context.services.clock.Now();
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, "user", user_id, Reason(reason));
  const auto locked_until = CountAccountFailure(context, user_id, FailedPassword::kLogin);
  PruneForgottenAddresses(context);
  context.Commit();
  if (locked_until) return domain::Fail(LockedOut(*locked_until - now));
  return domain::Fail(domain::Error::Unauthorized(std::string(kBadCredentials)));
}

// The same for an address without an account, on the address's own counter: the same work,
// the same answers, so that neither tells whether the account exists.
domain::Result<TokenPair> RejectUnknown(UseCaseContext& context, std::string_view address_key) {
  const auto now = context.services.clock.Now();
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, "", "", Reason("unknown_user"));
  const auto locked_until = CountAddressFailure(context, address_key);
  PruneForgottenAddresses(context);
  context.Commit();
  if (locked_until) return domain::Fail(LockedOut(*locked_until - now));
  return domain::Fail(domain::Error::Unauthorized(std::string(kBadCredentials)));
}

// Refused while locked out, account or not (`user_id` empty): recorded, not counted.
domain::Result<TokenPair> RejectLockedOut(UseCaseContext& context, const std::string& user_id,
                                          std::chrono::seconds remaining) {
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, user_id.empty() ? "" : "user", user_id,
                  Reason("locked_out"));
  context.Commit();
  return domain::Fail(LockedOut(remaining));
}

}  // namespace

void Validate(const LoginCommand& command, Validation& validation) {
  validation.Required(command.email, "email", "Email");
  validation.Required(command.password, "password", "Password");
}

domain::Result<TokenPair> Handle(const LoginCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  // Keyed by the address's normal form, so that every spelling of one address shares a counter.
  const auto email = ParseEmail(services, command.email);
  const auto address_key = AddressKey(services, email ? email->value() : command.email);
  std::optional<domain::User> user;
  std::optional<domain::AddressFailures> address;
  {
    // The address's counter is read whether or not the account exists: the same work either way.
    auto uow = services.database.Begin(TransactionMode::kRead);
    user = FindUserByTypedEmail(uow->Users(), services, command.email);
    address = uow->AddressFailures().Find(address_key);
  }
  const auto now = services.clock.Now();
  // A locked-out account, or address without one, is refused before the password is even looked
  // at: guessing on is pointless for the attacker and costs us no Argon2 work.
  if (!user) {
    if (auto remaining =
            address ? domain::LockoutPolicy::RemainingLock(*address, now) : std::nullopt) {
      return RejectLockedOut(context, "", *remaining);
    }
    services.hasher.VerifyDummy(command.password);  // same cost as a real verification
    return RejectUnknown(context, address_key);
  }
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*user, now)) {
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
  // Decided again on the row read under the lock: the checks above used a copy read before the
  // password check, and a password change or reset, a lock or a lockout may have committed
  // since — after its revocation of every session, so a session opened now would outlive it.
  // A changed password hash or token version (password change, reset, logout-all, or a
  // concurrent login's rehash) answers the one 401, as a wrong password would: the password was
  // verified against a hash the account no longer has, and re-verifying here would hold the
  // write lock through an Argon2 computation. The client may simply log in again.
  if (current->password_hash != user->password_hash ||
      current->token_version != user->token_version) {
    return Reject(context, user->id, "credentials_changed");
  }
  if (current->locked) return Reject(context, user->id, "account_locked");
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*current, services.clock.Now())) {
    return RejectLockedOut(context, user->id, *remaining);
  }
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
