#include "application/auth/login_second_factor.hpp"

#include "application/auth/failed_logins.hpp"
#include "application/auth/login_refusals.hpp"
#include "application/auth/session_tokens.hpp"
#include "application/mfa/second_factor_rules.hpp"
#include "domain/audit_event.hpp"
#include "domain/lockout_policy.hpp"

namespace rampart::application {

void Validate(const LoginSecondFactorCommand& command, Validation& validation) {
  validation.Required(command.challenge, "challenge", "Challenge");
  if (command.code.has_value() == command.recovery_code.has_value()) {
    validation.Add("code", "Give either a code from the authenticator or a recovery code.");
  }
}

domain::Result<TokenPair> Handle(const LoginSecondFactorCommand& command,
                                 UseCaseContext& context) {
  auto& services = context.services;
  if (auto ports = SecondFactorPortsOf(services); !ports) return domain::Fail(ports.error());
  const auto challenge_hash = services.random.HashToken(command.challenge);
  const auto now = services.clock.Now();

  // One write unit of work decides and acts: the user's row lock serialises this with every
  // other login step, password change and change of the second factor of the account.
  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  const auto challenge = uow.SecondFactors().FindChallenge(challenge_hash);
  if (!challenge || !challenge->Usable(now)) {
    return domain::Fail(RejectLoginUncounted(context, "", "bad_challenge", kBadChallenge));
  }
  auto user = uow.Users().FindByIdForUpdate(challenge->user_id);
  if (!user) {
    return domain::Fail(RejectLoginUncounted(context, "", "bad_challenge", kBadChallenge));
  }
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*user, now)) {
    return domain::Fail(RejectLockedOutLogin(context, user->id, *remaining));
  }
  // Changed since the password step: a password change or reset, a logout-all (the security
  // stamp), a lock by an administrator, a reset of the second factor.
  const auto enrolment = uow.SecondFactors().FindTotp(user->id);
  if (user->token_version != challenge->token_version || user->locked || !enrolment ||
      !enrolment->Active()) {
    return domain::Fail(
        RejectLoginUncounted(context, user->id, "credentials_changed", kBadChallenge));
  }
  if (const auto refused =
          ConsumeSecondFactor(context, *enrolment, command.code, command.recovery_code)) {
    return domain::Fail(RejectLogin(context, user->id, *refused, FailedPassword::kSecondFactor,
                                    kBadSecondFactor));
  }
  // Spent in the same transaction as the code: of two concurrent second steps with one
  // challenge, exactly one opens a session.
  if (!uow.SecondFactors().ConsumeChallenge(challenge_hash, now)) {
    return domain::Fail(RejectLoginUncounted(context, user->id, "bad_challenge", kBadChallenge));
  }
  if (user->failed_logins != 0 || user->locked_until) {
    domain::LockoutPolicy::Clear(*user);
    user->updated_at = now;
    (void)uow.Users().Update(*user);
  }
  std::string refresh_token;
  auto session = OpenSession(services, uow, *user, context.caller.request, refresh_token,
                             {std::string(domain::kAmrPassword),
                              std::string(domain::kAmrOneTimeCode)});
  const bool by_recovery_code = command.recovery_code.has_value();
  std::string details = std::string(R"({"secondFactor":")") +
                        (by_recovery_code ? "recovery_code" : "totp") + "\"";
  if (by_recovery_code) {
    details += R"(,"recoveryCodesLeft":)" +
               std::to_string(uow.SecondFactors().CountUnusedRecoveryCodes(user->id));
  }
  context.AuditAs(user->id, domain::audit::kLoginSucceeded, "session", session.id, details + "}");
  auto tokens = MintTokens(services, uow, *user, session, std::move(refresh_token));
  context.Commit();
  return tokens;
}

}  // namespace rampart::application
