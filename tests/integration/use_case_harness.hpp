#pragma once
// Test-only (header-only): the real services and the real dispatcher around a database under
// test, for the tests that send use cases through the pipeline on the real adapters (SQLite or
// PostgreSQL, Argon2id, ES256 JWT, libsodium). Used by UseCaseContract (both databases, below)
// and by PostgreSQL's interleaving tests (postgres/pg_use_case_harness.hpp).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "integration/login_tokens.hpp"
#include "application/auth/access_token_check.hpp"
#include "application/auth/login.hpp"
#include "application/auth/register_user.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/mfa/enrol_totp.hpp"
#include "domain/second_factor.hpp"
#include "application/setup/seed.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/qr/qr_svg.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secret_cipher.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/totp_codes.hpp"
#include "integration/repository_contract.hpp"
#include "integration/settable_clock.hpp"

namespace rampart::integration {

// The services every use case may need, wired as the composition root does (default
// AuthSettings), over `database` and `clock`, which must outlive it.
struct UseCaseServices {
  UseCaseServices(application::UnitOfWorkFactory& database, application::Clock& clock)
      : tokens_(keys_, {.issuer = "http://test", .audience = "rampart"}, clock, random_),
        services_{.database = database,
                  .hasher = hasher_,
                  .tokens = tokens_,
                  .clock = clock,
                  .random = random_,
                  .second_factor = &second_factor_} {}

  // Declaration order is construction order: each member uses the ones above it.
  infrastructure::SodiumSecureRandom random_;
  infrastructure::Argon2PasswordHasher hasher_{8192, 1};  // cheap: the tests are not about it
  std::shared_ptr<const infrastructure::KeyRing> keys_ =
      std::make_shared<const infrastructure::KeyRing>(
          std::make_shared<const infrastructure::SigningKey>(
              infrastructure::SigningKey::Generate()),
          std::vector<std::shared_ptr<const infrastructure::SigningKey>>{});
  infrastructure::JwtTokenService tokens_;
  // Two-factor sign-in as main/second_factor_wiring.cpp wires it (a fixed key).
  infrastructure::TotpCodes totp_codes_;
  infrastructure::SodiumSecretCipher secret_cipher_{"use-case-test-key-0123456789abcdefgh"};
  infrastructure::QrSvgRenderer qr_;
  application::SecondFactorPorts second_factor_{totp_codes_, secret_cipher_, qr_};
  application::Services services_;
  application::DatabaseAccessTokenCheck check_{services_};
  application::Dispatcher dispatcher_{services_, check_};
};

// The error code of a result that must be a failure (a failure of the test when it succeeded).
template <class T>
domain::ErrorCode CodeOf(const domain::Result<T>& result) {
  EXPECT_FALSE(result.has_value());
  return result.has_value() ? domain::ErrorCode{} : result.error().code;
}

// In a UseCaseContract test: the password step of a login (kPassword) that must answer a
// second-factor challenge, as `var` (a name it declares: not parenthesised, hence the NOLINT of
// bugprone-macro-parentheses).
#define RAMPART_CHALLENGE(var, address)                                                     \
  const auto var##_result = Send(application::LoginCommand{.email = (address),             \
                                                           .password = kPassword});       \
  ASSERT_TRUE(var##_result) << var##_result.error().detail;                              \
  ASSERT_TRUE(std::holds_alternative<application::SecondFactorChallenge>(*var##_result)); \
  const auto& var = std::get<application::SecondFactorChallenge>(*var##_result)  // NOLINT

// What UseCaseContract runs on; a base so that it exists before UseCaseServices.
struct UseCaseDatabase {
  std::unique_ptr<application::UnitOfWorkFactory> database_;
  SettableClock clock_;
};

// Use-case tests that run unchanged on every database adapter (tests/integration/
// use_case_contract_*.cpp), like the repository contract: an adapter's test instantiates the
// suite with the same ContractDatabase,
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, UseCaseContract,
//                            ::testing::Values(ContractDatabase{"sqlite", &MakeSqliteFactory}),
//                            ContractDatabaseName);
//
// Every test starts on a seeded database (the permission catalogue, the built-in roles and the
// administrator admin@localhost).
class UseCaseContract : public ::testing::TestWithParam<ContractDatabase>,
                        protected UseCaseDatabase,
                        protected UseCaseServices {
 protected:
  static constexpr const char* kPassword = "correct horse battery staple";
  static constexpr const char* kAdminPassword = "seed passphrase 123";  // admin@localhost's

  UseCaseContract()
      : UseCaseDatabase{.database_ = GetParam().make_factory()},
        UseCaseServices(*database_, clock_) {}
  void SetUp() override {
    ASSERT_TRUE(dispatcher_.Send(application::SeedCommand{.admin_email = "admin@localhost",
                                                          .admin_password = kAdminPassword},
                                 application::Caller::System("test")));
  }

  // Sends a use case as an anonymous caller, or as the bearer of `claims`.
  template <class T>
  domain::Result<typename T::Response> Send(const T& use_case,
                                            const application::AccessClaims* claims = nullptr) {
    return dispatcher_.Send(use_case, {.request = request_, .principal = claims});
  }
  // Self-registration with kPassword.
  void Register(std::string email) {
    auto user = Send(application::RegisterUserCommand{
        .email = std::move(email), .password = kPassword, .display_name = "Ada"});
    ASSERT_TRUE(user) << user.error().detail;
  }
  domain::Result<application::TokenPair> Login(std::string email,
                                               std::string password = kPassword) {
    return TokensOf(Send(
        application::LoginCommand{.email = std::move(email), .password = std::move(password)}));
  }
  // Two-factor sign-in on for `claims`' user: enrolled and confirmed with the current code, then
  // the clock one step on (the confirmed step counts as used). The secret and recovery codes.
  struct TotpEnrolled {
    std::string secret;
    std::vector<std::string> recovery_codes;
  };
  TotpEnrolled EnrolTotp(const application::AccessClaims& claims) {
    auto started = Send(application::EnrolTotpCommand{}, &claims);
    EXPECT_TRUE(started) << started.error().detail;
    if (!started) return {};
    auto confirmed =
        Send(application::ConfirmTotpCommand{.code = TotpCode(started->secret)}, &claims);
    EXPECT_TRUE(confirmed) << confirmed.error().detail;
    clock_.Advance(std::chrono::seconds(domain::kTotpPeriodSeconds));
    return {started->secret, confirmed ? confirmed->codes : std::vector<std::string>{}};
  }
  // The code of `secret` at the clock's time step plus `steps`.
  std::string TotpCode(std::string_view secret, int steps = 0) {
    return totp_codes_.Code(secret, domain::TotpStepAt(clock_.Now()) + steps).value_or("");
  }
  // What a request bearing the pair's access token carries.
  application::AccessClaims ClaimsOf(const application::TokenPair& tokens) {
    auto claims = tokens_.Verify(tokens.access_token);
    EXPECT_TRUE(claims);
    return claims ? *claims : application::AccessClaims{};
  }
  std::vector<domain::AuditEvent> Audit(std::string action) {
    return database_->Begin(application::TransactionMode::kRead)
        ->Audit()
        .List({.action = std::move(action), .limit = 100});
  }
  domain::User Stored(std::string_view email) {
    return database_->Begin(application::TransactionMode::kRead)
        ->Users()
        .FindByEmail(*domain::Email::Parse(email))
        .value();
  }

  application::RequestContext request_{
      .ip = "203.0.113.7", .user_agent = "use-case-test", .correlation_id = "c-1"};
};

}  // namespace rampart::integration
