#include "application/mfa/change_second_factor.hpp"

#include "application/mfa/second_factor_rules.hpp"
#include "domain/audit_event.hpp"

namespace rampart::application {

namespace {
constexpr std::string_view kDisable = "disable";
constexpr std::string_view kRecoveryCodes = "recovery_codes";
}  // namespace

void Validate(const DisableTotpCommand& command, Validation& validation) {
  validation.Required(command.password, "password", "Password");
  if (command.code.has_value() == command.recovery_code.has_value()) {
    validation.Add("code", "Give either a code from the authenticator or a recovery code.");
  }
}

void Validate(const RegenerateRecoveryCodesCommand& command, Validation& validation) {
  validation.Required(command.code, "code", "Code");
}

domain::Result<void> Handle(const DisableTotpCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  if (auto ports = SecondFactorPortsOf(services); !ports) return domain::Fail(ports.error());
  // Argon2 before the write lock, against the hash read now; the change below goes ahead only
  // if the security stamp is still the token's (a password change bumps it).
  const auto password_hash = [&]() -> std::optional<std::string> {
    auto snapshot = services.database.Begin(TransactionMode::kRead);
    auto me = snapshot->Users().FindById(context.Me().user_id);
    return me ? std::optional(me->password_hash) : std::nullopt;
  }();
  const bool password_ok = password_hash && services.hasher.Verify(*password_hash, command.password);

  auto change = BeginSecondFactorChange(context, kDisable);
  if (!change) return domain::Fail(change.error());
  const auto& user = change->user;
  if (!password_ok || user.password_hash != *password_hash) {
    return domain::Fail(RefuseSecondFactorChange(
        context, user.id, kDisable, "wrong_password",
        domain::Error::Validation({{"password", "Password is incorrect."}})));
  }
  if (const auto refused =
          ConsumeSecondFactor(context, change->enrolment, command.code, command.recovery_code)) {
    return domain::Fail(RefuseSecondFactorChange(context, user.id, kDisable, *refused,
                                                 WrongCode(command.code ? "code" : "recoveryCode")));
  }
  auto& factors = context.Uow().SecondFactors();
  factors.DeleteTotp(user.id);
  factors.DeleteRecoveryCodes(user.id);
  context.Audit(domain::audit::kMfaDisabled, "user", user.id,
                std::string(R"({"method":"totp","via":")") +
                    (command.code ? "code" : "recovery_code") + "\"}");
  context.Commit();
  return {};
}

domain::Result<RecoveryCodes> Handle(const RegenerateRecoveryCodesCommand& command,
                                     UseCaseContext& context) {
  if (auto ports = SecondFactorPortsOf(context.services); !ports) {
    return domain::Fail(ports.error());
  }
  auto change = BeginSecondFactorChange(context, kRecoveryCodes);
  if (!change) return domain::Fail(change.error());
  const auto& user = change->user;
  if (const auto refused =
          ConsumeSecondFactor(context, change->enrolment, command.code, std::nullopt)) {
    return domain::Fail(
        RefuseSecondFactorChange(context, user.id, kRecoveryCodes, *refused, WrongCode("code")));
  }
  auto codes = IssueRecoveryCodes(context, user.id);
  context.Audit(domain::audit::kRecoveryCodesRegenerated, "user", user.id,
                R"({"recoveryCodes":)" + std::to_string(codes.size()) + "}");
  context.Commit();
  return RecoveryCodes{std::move(codes)};
}

}  // namespace rampart::application
