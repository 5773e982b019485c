// Two-factor sign-in through the use cases, on every database adapter (instantiated by
// use_case_contract_sqlite_test.cpp and postgres_repository_test.cpp): enrolment and its
// confirmation, the two steps of a login, a code accepted once (RFC 6238 §5.2) within ±1 step,
// single-use recovery codes, failed second steps counted toward the lockout, turning it off, new
// recovery codes, an administrator's reset and the policy of permissions that need a second factor.
#include <algorithm>
#include <variant>

#include "application/auth/login.hpp"
#include "application/auth/login_second_factor.hpp"
#include "application/auth/logout_all.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/mfa/change_second_factor.hpp"
#include "application/mfa/enrol_totp.hpp"
#include "application/mfa/get_mfa_status.hpp"
#include "application/mfa/reset_user_mfa.hpp"
#include "application/users/get_me.hpp"
#include "application/users/list_users.hpp"
#include "domain/audit_event.hpp"
#include "integration/use_case_harness.hpp"

namespace rampart::integration {

using namespace std::chrono_literals;
using application::ConfirmTotpCommand;
using application::DisableTotpCommand;
using application::EnrolTotpCommand;
using application::LoginCommand;
using application::LoginSecondFactorCommand;
using application::RegenerateRecoveryCodesCommand;
using application::SecondFactorChallenge;
using domain::ErrorCode;

namespace {

bool Has(const std::vector<std::string>& list, std::string_view item) {
  return std::ranges::find(list, item) != list.end();
}

}  // namespace

TEST_P(UseCaseContract, EnrolmentIsActiveOnlyAfterItsConfirmation) {
  Register("ada@example.com");
  const auto claims = ClaimsOf(*Login("ada@example.com"));

  const auto started = Send(EnrolTotpCommand{}, &claims);
  ASSERT_TRUE(started) << started.error().detail;
  EXPECT_EQ(started->secret.size(), 32u);  // 160 bits in base32
  EXPECT_TRUE(started->otpauth_uri.starts_with("otpauth://totp/rampart:ada%40example.com?secret=" +
                                               started->secret + "&issuer=rampart"))
      << started->otpauth_uri;
  EXPECT_NE(started->qr_svg.find("<svg"), std::string::npos);
  // Stored sealed, never in clear.
  const auto stored = database_->Begin(application::TransactionMode::kRead)
                          ->SecondFactors()
                          .FindTotp(claims.subject);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->sealed_secret.find(started->secret), std::string::npos);
  EXPECT_FALSE(stored->Active());

  // Unconfirmed: the password alone still signs in.
  EXPECT_TRUE(Login("ada@example.com"));
  auto status = Send(application::GetMfaStatusQuery{}, &claims);
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->totp_enabled);
  EXPECT_TRUE(status->enrolment_pending);

  // A wrong code is a 422 and changes nothing.
  EXPECT_EQ(CodeOf(Send(ConfirmTotpCommand{.code = "000000"}, &claims)), ErrorCode::kValidation);
  const auto confirmed = Send(ConfirmTotpCommand{.code = TotpCode(started->secret)}, &claims);
  ASSERT_TRUE(confirmed) << confirmed.error().detail;
  EXPECT_EQ(confirmed->codes.size(), 10u);
  status = Send(application::GetMfaStatusQuery{}, &claims);
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->totp_enabled);
  EXPECT_FALSE(status->enrolment_pending);
  EXPECT_EQ(status->recovery_codes_left, 10);
  EXPECT_EQ(Audit(domain::audit::kMfaEnrolmentStarted).size(), 1u);
  EXPECT_EQ(Audit(domain::audit::kMfaEnabled).size(), 1u);
  // On: a second enrolment is refused until it is turned off.
  EXPECT_EQ(CodeOf(Send(EnrolTotpCommand{}, &claims)), ErrorCode::kConflict);
}

TEST_P(UseCaseContract, ALoginOfAnEnrolledUserNeedsTheSecondStepAndCarriesAmrOtp) {
  Register("ada@example.com");
  const auto enrolled = EnrolTotp(ClaimsOf(*Login("ada@example.com")));

  RAMPART_CHALLENGE(challenge, "ada@example.com");
  EXPECT_EQ(challenge.methods, (std::vector<std::string>{"totp", "recovery_code"}));
  EXPECT_EQ(challenge.expires_in, 300s);
  EXPECT_EQ(Audit(domain::audit::kLoginSecondFactorRequired).size(), 1u);

  const auto tokens = Send(
      LoginSecondFactorCommand{.challenge = challenge.challenge, .code = TotpCode(enrolled.secret)});
  ASSERT_TRUE(tokens) << tokens.error().detail;
  const auto claims = ClaimsOf(*tokens);
  EXPECT_EQ(claims.amr, (std::vector<std::string>{"pwd", "otp"}));
  EXPECT_TRUE(Send(application::GetMeQuery{}, &claims));
  // The session keeps its `amr` through refreshes.
  const auto refreshed =
      Send(application::RefreshTokensCommand{.refresh_token = tokens->refresh_token});
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(ClaimsOf(*refreshed).amr, (std::vector<std::string>{"pwd", "otp"}));
  // The challenge is single use.
  clock_.Advance(30s);
  EXPECT_EQ(CodeOf(Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                                 .code = TotpCode(enrolled.secret)})),
            ErrorCode::kUnauthorized);
  // A password-only session says so.
  Register("bob@example.com");
  EXPECT_EQ(ClaimsOf(*Login("bob@example.com")).amr, (std::vector<std::string>{"pwd"}));
}

TEST_P(UseCaseContract, ACodeIsAcceptedOnceAndWithinOneStepOfSkew) {
  Register("ada@example.com");
  const auto enrolled = EnrolTotp(ClaimsOf(*Login("ada@example.com")));
  const auto second_step = [&](const std::string& code) {
    const auto first = Send(LoginCommand{.email = "ada@example.com", .password = kPassword});
    EXPECT_TRUE(first && std::holds_alternative<SecondFactorChallenge>(*first));
    return Send(LoginSecondFactorCommand{
        .challenge = std::get<SecondFactorChallenge>(*first).challenge, .code = code});
  };
  // One step on from the confirmation, so that the previous step is an unused one.
  clock_.Advance(30s);
  // The previous step's code (a slow phone) works...
  const auto previous = TotpCode(enrolled.secret, -1);
  // ...but not one two steps away, either way.
  EXPECT_EQ(CodeOf(second_step(TotpCode(enrolled.secret, -2))), ErrorCode::kUnauthorized);
  EXPECT_EQ(CodeOf(second_step(TotpCode(enrolled.secret, 2))), ErrorCode::kUnauthorized);
  EXPECT_TRUE(second_step(previous));
  // The current code works once; its replay is refused, and so is the earlier step's code.
  const auto current = TotpCode(enrolled.secret);
  EXPECT_TRUE(second_step(current));
  EXPECT_EQ(CodeOf(second_step(current)), ErrorCode::kUnauthorized);
  EXPECT_EQ(CodeOf(second_step(previous)), ErrorCode::kUnauthorized);
  // The next step's code (a fast phone) is still good.
  EXPECT_TRUE(second_step(TotpCode(enrolled.secret, 1)));
  const auto failed = Audit(domain::audit::kLoginFailed);
  ASSERT_FALSE(failed.empty());
  EXPECT_TRUE(std::ranges::any_of(failed, [](const domain::AuditEvent& event) {
    return event.details_json == R"({"reason":"code_reused"})";
  }));
}

TEST_P(UseCaseContract, RecoveryCodesAreSingleUseAndANewSetVoidsTheOldOne) {
  Register("ada@example.com");
  const auto enrolled = EnrolTotp(ClaimsOf(*Login("ada@example.com")));
  ASSERT_EQ(enrolled.recovery_codes.size(), 10u);
  const auto& code = enrolled.recovery_codes[0];
  {
    RAMPART_CHALLENGE(challenge, "ada@example.com");
    // Typed in upper case, without hyphens: still the code.
    std::string typed;
    for (const char c : code) {
      if (c != '-') typed.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    const auto tokens = Send(
        LoginSecondFactorCommand{.challenge = challenge.challenge, .recovery_code = typed});
    ASSERT_TRUE(tokens) << tokens.error().detail;
    EXPECT_EQ(ClaimsOf(*tokens).amr, (std::vector<std::string>{"pwd", "otp"}));
  }
  {
    RAMPART_CHALLENGE(challenge, "ada@example.com");
    EXPECT_EQ(CodeOf(Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                                   .recovery_code = code})),
              ErrorCode::kUnauthorized);
  }
  // New codes for a current TOTP code: the old ones stop working.
  RAMPART_CHALLENGE(challenge, "ada@example.com");
  const auto session = Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                                     .recovery_code = enrolled.recovery_codes[1]});
  ASSERT_TRUE(session);
  const auto claims = ClaimsOf(*session);
  auto status = Send(application::GetMfaStatusQuery{}, &claims);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->recovery_codes_left, 8);
  EXPECT_EQ(CodeOf(Send(RegenerateRecoveryCodesCommand{.code = "123456"}, &claims)),
            ErrorCode::kValidation);
  const auto fresh = Send(RegenerateRecoveryCodesCommand{.code = TotpCode(enrolled.secret)}, &claims);
  ASSERT_TRUE(fresh) << fresh.error().detail;
  EXPECT_EQ(fresh->codes.size(), 10u);
  EXPECT_EQ(Audit(domain::audit::kRecoveryCodesRegenerated).size(), 1u);
  {
    RAMPART_CHALLENGE(again, "ada@example.com");
    EXPECT_EQ(CodeOf(Send(LoginSecondFactorCommand{.challenge = again.challenge,
                                                   .recovery_code = enrolled.recovery_codes[2]})),
              ErrorCode::kUnauthorized);
    EXPECT_TRUE(Send(LoginSecondFactorCommand{.challenge = again.challenge,
                                              .recovery_code = fresh->codes[0]}));
  }
}

TEST_P(UseCaseContract, WrongSecondStepsCountTowardTheLockout) {
  Register("ada@example.com");
  const auto enrolled = EnrolTotp(ClaimsOf(*Login("ada@example.com")));
  RAMPART_CHALLENGE(challenge, "ada@example.com");
  const auto wrong = TotpCode(enrolled.secret, 5);
  for (int i = 1; i < 5; ++i) {
    const auto refused =
        Send(LoginSecondFactorCommand{.challenge = challenge.challenge, .code = wrong});
    ASSERT_EQ(CodeOf(refused), ErrorCode::kUnauthorized) << i;
    EXPECT_EQ(refused.error().detail, application::kBadSecondFactor);
  }
  // The password step does not clear the count (else whoever knows the password could guess
  // codes for ever)...
  RAMPART_CHALLENGE(another, "ada@example.com");
  EXPECT_EQ(Stored("ada@example.com").failed_logins, 4);
  // ...the fifth wrong code locks the account, and then even the right code is refused.
  EXPECT_EQ(CodeOf(Send(LoginSecondFactorCommand{.challenge = another.challenge, .code = wrong})),
            ErrorCode::kLocked);
  const auto locked = Send(
      LoginSecondFactorCommand{.challenge = challenge.challenge, .code = TotpCode(enrolled.secret)});
  EXPECT_EQ(CodeOf(locked), ErrorCode::kLocked);
  EXPECT_EQ(locked.error().retry_after_seconds, 60);
  const auto lockouts = Audit(domain::audit::kLockout);
  ASSERT_EQ(lockouts.size(), 1u);
  EXPECT_NE(lockouts[0].details_json.find(R"("via":"second_factor")"), std::string::npos)
      << lockouts[0].details_json;

  // After the lock, the right code succeeds and clears the count.
  clock_.Advance(61s);
  const auto tokens = Send(
      LoginSecondFactorCommand{.challenge = another.challenge, .code = TotpCode(enrolled.secret)});
  ASSERT_TRUE(tokens) << tokens.error().detail;
  EXPECT_EQ(Stored("ada@example.com").failed_logins, 0);
}

TEST_P(UseCaseContract, AChallengeExpiresAndIsVoidedByALogoutAll) {
  Register("ada@example.com");
  const auto claims = ClaimsOf(*Login("ada@example.com"));
  const auto enrolled = EnrolTotp(claims);
  {
    RAMPART_CHALLENGE(challenge, "ada@example.com");
    clock_.Advance(301s);
    const auto expired = Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                                       .code = TotpCode(enrolled.secret)});
    EXPECT_EQ(CodeOf(expired), ErrorCode::kUnauthorized);
    EXPECT_EQ(expired.error().detail, application::kBadChallenge);
  }
  RAMPART_CHALLENGE(challenge, "ada@example.com");
  ASSERT_TRUE(Send(application::LogoutAllCommand{}, &claims));
  EXPECT_EQ(CodeOf(Send(LoginSecondFactorCommand{.challenge = challenge.challenge,
                                                 .code = TotpCode(enrolled.secret)})),
            ErrorCode::kUnauthorized);
  EXPECT_EQ(CodeOf(Send(LoginSecondFactorCommand{.challenge = "not-a-challenge",
                                                 .code = TotpCode(enrolled.secret)})),
            ErrorCode::kUnauthorized);
  // Neither counts toward the lockout: they say nothing about a guess of the code.
  EXPECT_EQ(Stored("ada@example.com").failed_logins, 0);
}

TEST_P(UseCaseContract, TurningItOffNeedsThePasswordAndACode) {
  Register("ada@example.com");
  const auto enrolled = EnrolTotp(ClaimsOf(*Login("ada@example.com")));
  RAMPART_CHALLENGE(challenge, "ada@example.com");
  const auto session = Send(
      LoginSecondFactorCommand{.challenge = challenge.challenge, .code = TotpCode(enrolled.secret)});
  ASSERT_TRUE(session);
  const auto claims = ClaimsOf(*session);
  clock_.Advance(30s);

  EXPECT_EQ(CodeOf(Send(DisableTotpCommand{.password = "wrong password",
                                           .code = TotpCode(enrolled.secret)},
                        &claims)),
            ErrorCode::kValidation);
  EXPECT_EQ(CodeOf(Send(DisableTotpCommand{.password = kPassword, .code = "000000"}, &claims)),
            ErrorCode::kValidation);
  EXPECT_EQ(CodeOf(Send(DisableTotpCommand{.password = kPassword}, &claims)),
            ErrorCode::kValidation);  // neither code
  EXPECT_EQ(Audit(domain::audit::kMfaChangeFailed).size(), 2u);
  EXPECT_EQ(Stored("ada@example.com").failed_logins, 2);
  ASSERT_TRUE(Send(DisableTotpCommand{.password = kPassword,
                                      .recovery_code = enrolled.recovery_codes[3]},
                   &claims));
  EXPECT_EQ(Audit(domain::audit::kMfaDisabled).size(), 1u);
  // Off: the password alone signs in, the old secret is gone, and a new enrolment may start.
  EXPECT_TRUE(Login("ada@example.com"));
  EXPECT_FALSE(database_->Begin(application::TransactionMode::kRead)
                   ->SecondFactors()
                   .FindTotp(claims.subject));
  EXPECT_EQ(CodeOf(Send(DisableTotpCommand{.password = kPassword,
                                           .code = TotpCode(enrolled.secret)},
                        &claims)),
            ErrorCode::kConflict);
  EXPECT_TRUE(Send(EnrolTotpCommand{}, &claims));
}

TEST_P(UseCaseContract, AnAdministratorResetsTwoFactorSignInAndEndsTheSessions) {
  Register("ada@example.com");
  const auto ada = ClaimsOf(*Login("ada@example.com"));
  EnrolTotp(ada);
  Register("bob@example.com");
  const auto bob = ClaimsOf(*Login("bob@example.com"));
  // Without mfa.manage: 403.
  EXPECT_EQ(CodeOf(Send(application::ResetUserMfaCommand{.user_id = ada.subject}, &bob)),
            ErrorCode::kForbidden);

  const auto admin = ClaimsOf(*Login("admin@localhost", kAdminPassword));
  const auto ended = Send(application::ResetUserMfaCommand{.user_id = ada.subject}, &admin);
  ASSERT_TRUE(ended) << ended.error().detail;
  EXPECT_EQ(*ended, 1);
  EXPECT_EQ(CodeOf(Send(application::GetMeQuery{}, &ada)), ErrorCode::kUnauthorized);
  const auto resets = Audit(domain::audit::kMfaReset);
  ASSERT_EQ(resets.size(), 1u);
  EXPECT_EQ(resets[0].actor_id, admin.subject);
  EXPECT_EQ(resets[0].target_id, ada.subject);
  // The password alone signs in again; nothing left to reset.
  EXPECT_TRUE(Login("ada@example.com"));
  EXPECT_EQ(CodeOf(Send(application::ResetUserMfaCommand{.user_id = ada.subject}, &admin)),
            ErrorCode::kNotFound);
}

TEST_P(UseCaseContract, PermissionsCanRequireASessionSignedInWithASecondFactor) {
  services_.settings.mfa.required_for = {"users.read"};
  const auto password_only = ClaimsOf(*Login("admin@localhost", kAdminPassword));
  ASSERT_FALSE(Has(password_only.amr, domain::kAmrOneTimeCode));
  const auto refused = Send(application::ListUsersQuery{}, &password_only);
  EXPECT_EQ(CodeOf(refused), ErrorCode::kForbidden);
  EXPECT_NE(refused.error().detail.find("second factor"), std::string::npos);
  // Other permissions and the own account are unaffected.
  EXPECT_TRUE(Send(application::GetMeQuery{}, &password_only));

  const auto enrolled = EnrolTotp(password_only);
  const auto first = Send(LoginCommand{.email = "admin@localhost", .password = kAdminPassword});
  ASSERT_TRUE(first && std::holds_alternative<SecondFactorChallenge>(*first));
  const auto tokens = Send(
      LoginSecondFactorCommand{.challenge = std::get<SecondFactorChallenge>(*first).challenge,
                               .code = TotpCode(enrolled.secret)});
  ASSERT_TRUE(tokens) << tokens.error().detail;
  const auto with_otp = ClaimsOf(*tokens);
  EXPECT_TRUE(Send(application::ListUsersQuery{}, &with_otp));
}

}  // namespace rampart::integration
