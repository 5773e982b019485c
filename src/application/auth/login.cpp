#include "application/auth/login.hpp"

#include "application/auth/failed_logins.hpp"
#include "application/auth/login_refusals.hpp"
#include "application/auth/session_tokens.hpp"
#include "application/common/email_input.hpp"

namespace rampart::application {

namespace {

// The same as a refused password for an address without an account, on the address's own
// counter: the same work, the same answers, so that neither tells whether the account exists.
domain::Error RejectUnknown(UseCaseContext& context, std::string_view address_key) {
  const auto now = context.services.clock.Now();
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, "", "", LoginFailureDetails("unknown_user"));
  const auto locked_until = CountAddressFailure(context, address_key);
  PruneForgottenAddresses(context);
  context.Commit();
  if (locked_until) return LockedOut(*locked_until - now);
  return domain::Error::Unauthorized(std::string(kBadCredentials));
}

domain::Error Reject(UseCaseContext& context, const std::string& user_id,
                     std::string_view reason) {
  return RejectLogin(context, user_id, reason, FailedPassword::kLogin);
}

// Expired challenges go a few at a time with each new one (like the address counters).
constexpr int kChallengePruneBatch = 2;

// The challenge of an account with an active second factor, stored as its hash with the
// account's security stamp, in the caller's write unit of work.
SecondFactorChallenge IssueChallenge(UseCaseContext& context, const domain::User& user) {
  auto& services = context.services;
  const auto now = services.clock.Now();
  const auto ttl = services.settings.mfa.challenge_ttl;
  auto challenge = services.random.NewOpaqueToken();
  auto& factors = context.Uow().SecondFactors();
  (void)factors.DeleteExpiredChallenges(now, kChallengePruneBatch);
  factors.AddChallenge({.challenge_hash = services.random.HashToken(challenge),
                        .user_id = user.id,
                        .token_version = user.token_version,
                        .created_at = now,
                        .expires_at = now + ttl});
  return {.challenge = std::move(challenge),
          .methods = {std::string(kMethodTotp), std::string(kMethodRecoveryCode)},
          .expires_in = ttl};
}

}  // namespace

void Validate(const LoginCommand& command, Validation& validation) {
  validation.Required(command.email, "email", "Email");
  validation.Required(command.password, "password", "Password");
}

domain::Result<LoginResult> Handle(const LoginCommand& command, UseCaseContext& context) {
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
      return domain::Fail(RejectLockedOutLogin(context, "", *remaining));
    }
    services.hasher.VerifyDummy(command.password);  // same cost as a real verification
    return domain::Fail(RejectUnknown(context, address_key));
  }
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*user, now)) {
    return domain::Fail(RejectLockedOutLogin(context, user->id, *remaining));
  }
  if (!services.hasher.Verify(user->password_hash, command.password)) {
    return domain::Fail(Reject(context, user->id, "bad_password"));
  }
  if (user->locked) return domain::Fail(Reject(context, user->id, "account_locked"));

  // Re-hash outside the write lock when the configured Argon2 parameters changed.
  std::optional<std::string> new_hash;
  if (services.hasher.NeedsRehash(user->password_hash)) {
    new_hash = services.hasher.Hash(command.password);
  }

  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  auto current = uow.Users().FindByIdForUpdate(user->id);
  if (!current) return domain::Fail(Reject(context, user->id, "user_deleted"));
  // Decided again on the row read under the lock: the checks above used a copy read before the
  // password check, and a password change or reset, a lock or a lockout may have committed
  // since — after its revocation of every session, so a session opened now would outlive it.
  // A changed password hash or token version (password change, reset, logout-all, or a
  // concurrent login's rehash) answers the one 401, as a wrong password would: the password was
  // verified against a hash the account no longer has, and re-verifying here would hold the
  // write lock through an Argon2 computation. The client may simply log in again.
  if (current->password_hash != user->password_hash ||
      current->token_version != user->token_version) {
    return domain::Fail(Reject(context, user->id, "credentials_changed"));
  }
  if (current->locked) return domain::Fail(Reject(context, user->id, "account_locked"));
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*current, services.clock.Now())) {
    return domain::Fail(RejectLockedOutLogin(context, user->id, *remaining));
  }
  // An active second factor (read under the user's row lock, which every change of it takes):
  // the password alone opens no session. The failure counter stays as it is until the second
  // step succeeds — clearing it here would let whoever knows the password reset the count of
  // wrong codes at will.
  const auto totp = uow.SecondFactors().FindTotp(current->id);
  const bool second_step = totp && totp->Active();
  const bool clear_failures =
      !second_step && (current->failed_logins != 0 || current->locked_until);
  if (new_hash || clear_failures) {
    if (new_hash) current->password_hash = *new_hash;
    if (clear_failures) domain::LockoutPolicy::Clear(*current);
    current->updated_at = services.clock.Now();
    (void)uow.Users().Update(*current);
  }
  if (second_step) {
    auto challenge = IssueChallenge(context, *current);
    context.AuditAs(current->id, domain::audit::kLoginSecondFactorRequired, "user", current->id,
                    R"({"methods":["totp","recovery_code"]})");
    context.Commit();
    return challenge;
  }
  std::string refresh_token;
  const auto session = OpenSession(services, uow, *current, context.caller.request, refresh_token);
  context.AuditAs(current->id, domain::audit::kLoginSucceeded, "session", session.id);
  auto tokens = MintTokens(services, uow, *current, session, std::move(refresh_token));
  context.Commit();
  return tokens;
}

}  // namespace rampart::application
