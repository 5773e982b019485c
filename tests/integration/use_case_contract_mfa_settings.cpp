// Two-factor sign-in under its configuration and at its edges, on every database adapter
// (UseCaseContract, with use_case_contract_mfa.cpp): no key for the secrets (503), enrolment
// turned off (mfa.enabled: new enrolments refused, enrolled users unaffected), a confirmation
// without an enrolment, a key that does not open the stored secrets (a configuration fault, not
// a wrong code), changes refused while locked out, and a second step with both kinds of code.
#include <stdexcept>

#include "application/auth/login.hpp"
#include "application/auth/login_second_factor.hpp"
#include "application/mfa/change_second_factor.hpp"
#include "application/mfa/enrol_totp.hpp"
#include "application/mfa/get_mfa_status.hpp"
#include "domain/audit_event.hpp"
#include "integration/use_case_harness.hpp"

namespace rampart::integration {

using namespace std::chrono_literals;
using application::ConfirmTotpCommand;
using application::DisableTotpCommand;
using application::EnrolTotpCommand;
using application::GetMfaStatusQuery;
using application::LoginSecondFactorCommand;
using application::RegenerateRecoveryCodesCommand;
using domain::ErrorCode;

TEST_P(UseCaseContract, WithoutAKeyForTheSecretsTwoFactorSignInAnswersUnavailable) {
  Register("ada@example.com");
  const auto claims = ClaimsOf(*Login("ada@example.com"));
  services_.second_factor = nullptr;  // mfa.enabled off and no mfa.encryption_key

  const auto enrol = Send(EnrolTotpCommand{}, &claims);
  EXPECT_EQ(CodeOf(enrol), ErrorCode::kUnavailable);
  EXPECT_EQ(enrol.error().detail,
            "Two-factor sign-in is not configured on this service (mfa.encryption_key).");
  EXPECT_EQ(CodeOf(Send(ConfirmTotpCommand{.code = "123456"}, &claims)), ErrorCode::kUnavailable);
  EXPECT_EQ(CodeOf(Send(DisableTotpCommand{.password = kPassword, .code = "123456"}, &claims)),
            ErrorCode::kUnavailable);
  EXPECT_EQ(CodeOf(Send(RegenerateRecoveryCodesCommand{.code = "123456"}, &claims)),
            ErrorCode::kUnavailable);
  EXPECT_EQ(CodeOf(Send(LoginSecondFactorCommand{.challenge = "c", .code = "123456"})),
            ErrorCode::kUnavailable);
  // The status needs no key: off.
  const auto status = Send(GetMfaStatusQuery{}, &claims);
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->totp_enabled);
  EXPECT_FALSE(status->enrolment_pending);
  EXPECT_TRUE(Audit(domain::audit::kMfaEnrolmentStarted).empty());
}

TEST_P(UseCaseContract, EnrolmentTurnedOffRefusesNewOnesButEnrolledUsersKeepTheirs) {
  Register("ada@example.com");
  const auto ada = ClaimsOf(*Login("ada@example.com"));
  const auto enrolled = EnrolTotp(ada);
  services_.settings.mfa.enrolment_open = false;  // mfa.enabled = false, the key kept

  Register("bob@example.com");
  const auto bob = ClaimsOf(*Login("bob@example.com"));
  const auto refused = Send(EnrolTotpCommand{}, &bob);
  EXPECT_EQ(CodeOf(refused), ErrorCode::kConflict);
  EXPECT_EQ(refused.error().detail,
            "Two-factor sign-in is turned off on this service (mfa.enabled).");

  RAMPART_CHALLENGE(challenge, "ada@example.com");
  const auto session = Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                                     .code = TotpCode(enrolled.secret)});
  ASSERT_TRUE(session) << session.error().detail;
  const auto signed_in = ClaimsOf(*session);
  clock_.Advance(30s);
  EXPECT_TRUE(Send(DisableTotpCommand{.password = kPassword, .code = TotpCode(enrolled.secret)},
                   &signed_in))
      << "and may still turn it off";
}

TEST_P(UseCaseContract, ThereIsNothingToConfirmWithoutAnEnrolment) {
  Register("ada@example.com");
  const auto claims = ClaimsOf(*Login("ada@example.com"));
  const auto confirmed = Send(ConfirmTotpCommand{.code = "123456"}, &claims);
  EXPECT_EQ(CodeOf(confirmed), ErrorCode::kConflict);
  EXPECT_NE(confirmed.error().detail.find("POST /api/v1/users/me/mfa/totp"), std::string::npos);
  EXPECT_TRUE(Audit(domain::audit::kMfaEnabled).empty());
}

TEST_P(UseCaseContract, ASecretTheConfiguredKeyDoesNotOpenIsAFaultNotAWrongCode) {
  Register("ada@example.com");
  const auto enrolled = EnrolTotp(ClaimsOf(*Login("ada@example.com")));
  // mfa.encryption_key replaced by another one: the stored secret no longer opens.
  infrastructure::SodiumSecretCipher other_key{"another-use-case-test-key-0123456789"};
  application::SecondFactorPorts other_ports{totp_codes_, other_key, qr_};
  services_.second_factor = &other_ports;

  RAMPART_CHALLENGE(challenge, "ada@example.com");
  EXPECT_THROW(Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                             .code = TotpCode(enrolled.secret)}),
               std::runtime_error);
  EXPECT_EQ(Stored("ada@example.com").failed_logins, 0) << "not counted as a guess";
  EXPECT_TRUE(Audit(domain::audit::kLoginFailed).empty());
}

TEST_P(UseCaseContract, ChangesOfTheSecondFactorAreRefusedWhileLockedOut) {
  Register("ada@example.com");
  const auto claims = ClaimsOf(*Login("ada@example.com"));
  const auto enrolled = EnrolTotp(claims);
  for (int i = 0; i < 5; ++i) {
    (void)Send(application::LoginCommand{.email = "ada@example.com", .password = "wrong password"});
  }
  ASSERT_TRUE(Stored("ada@example.com").locked_until.has_value());

  // Refused before any code is looked at, right ones included: the token holder cannot guess on.
  const auto disable =
      Send(DisableTotpCommand{.password = kPassword, .code = TotpCode(enrolled.secret)}, &claims);
  EXPECT_EQ(CodeOf(disable), ErrorCode::kLocked);
  EXPECT_GT(disable.error().retry_after_seconds.value_or(0), 0);
  EXPECT_EQ(
      CodeOf(Send(RegenerateRecoveryCodesCommand{.code = TotpCode(enrolled.secret)}, &claims)),
      ErrorCode::kLocked);
  const auto refusals = Audit(domain::audit::kMfaChangeFailed);
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].details_json, R"({"change":"recovery_codes","reason":"locked_out"})");
  EXPECT_EQ(refusals[1].details_json, R"({"change":"disable","reason":"locked_out"})");
  EXPECT_EQ(Stored("ada@example.com").failed_logins, 5) << "a refusal while locked is no guess";
  EXPECT_TRUE(Send(GetMfaStatusQuery{}, &claims)->totp_enabled);

  clock_.Advance(61s);
  const auto fresh =
      Send(RegenerateRecoveryCodesCommand{.code = TotpCode(enrolled.secret)}, &claims);
  ASSERT_TRUE(fresh) << fresh.error().detail;
  EXPECT_EQ(fresh->codes.size(), static_cast<std::size_t>(domain::kRecoveryCodeCount));
}

TEST_P(UseCaseContract, ASecondStepTakesACodeOrARecoveryCodeNotBoth) {
  Register("ada@example.com");
  const auto enrolled = EnrolTotp(ClaimsOf(*Login("ada@example.com")));
  RAMPART_CHALLENGE(challenge, "ada@example.com");
  const std::vector<LoginSecondFactorCommand> steps{
      {.challenge = challenge.challenge,
       .code = TotpCode(enrolled.secret),
       .recovery_code = enrolled.recovery_codes[0]},
      {.challenge = challenge.challenge},
      {.code = TotpCode(enrolled.secret)},
  };
  for (const auto& step : steps) EXPECT_EQ(CodeOf(Send(step)), ErrorCode::kValidation);
  EXPECT_TRUE(Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                            .code = TotpCode(enrolled.secret)}))
      << "the challenge is still usable";
}

}  // namespace rampart::integration
