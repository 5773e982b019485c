#pragma once
// Test-only (header-only): the
// rampart:begin(iam)
// real services and dispatcher around the test's database (use_case_database.hpp: Argon2id with
// cheap parameters, ES256 JWT, libsodium), seeded with the administrator admin@localhost.
// rampart:else
// // real services and dispatcher around the test's database (use_case_database.hpp: libsodium's
// // random; access tokens taken at their word, as from a trusted issuer).
// rampart:end
// Shared by the use-case suites in tests/integration/use_cases: a fixture derives from
// DispatcherHarness, adjusts the options below in its constructor (before SetUp) and uses the
// members directly.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

// rampart:begin(iam)
#include "application/auth/access_token_check.hpp"
#include "application/cache/cached_access_token_check.hpp"
#include "application/cache/identity_cache.hpp"
#include "application/cache/invalidating_unit_of_work.hpp"
// rampart:end
#include "application/dispatch/access_check.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/setup/seed.hpp"  // rampart:only(iam)
#include "infrastructure/cache/memory/memory_cache.hpp"  // rampart:only(iam)
// rampart:begin(iam)
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
// rampart:end
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"
#include "integration/use_cases/use_case_database.hpp"

namespace rampart::infrastructure::test_support {

// rampart:begin(iam)
// DispatcherHarness wires the services over UseCaseDatabase as the composition root does and
// seeds them. Options a fixture may set in its constructor: `services_clock_`, `settings_`,
// `emails_`, `feature_flags_`, `password_strength_`, `second_factor_` (null: two-factor sign-in
// not configured), `storage_` (a wrapper around `database_`) and `identity_cache_` (on: the
// invalidating factory and the cached access-token check over the in-process cache).
// rampart:else
// // DispatcherHarness wires the services over UseCaseDatabase as the composition root does.
// // Options a fixture may set in its constructor: `services_clock_`, `settings_`,
// // `feature_flags_` and `storage_` (a wrapper around `database_`).
// rampart:end
class DispatcherHarness : public ::testing::Test, protected UseCaseDatabase {
 protected:
  static constexpr const char* kAdminPassword = "seed passphrase 123";  // rampart:only(iam)

  void SetUp() override {
    factory_ = storage_;
    // rampart:begin(iam)
    if (identity_cache_) {
      identity_ = std::make_unique<application::IdentityCache>(cache_,
                                                               application::CacheKeys("test"));
      invalidating_ =
          std::make_unique<application::InvalidatingUnitOfWorkFactory>(*storage_, *identity_);
      factory_ = invalidating_.get();
    }
    tokens_ = std::make_unique<JwtTokenService>(
        keys_, JwtOptions{.issuer = "http://test", .audience = "rampart"}, *services_clock_, random_);
    services_ = std::make_unique<application::Services>(
        application::Services{.database = *factory_,
                              .hasher = hasher_,
                              .tokens = *tokens_,
                              .clock = *services_clock_,
                              .random = random_,
                              .settings = settings_,
                              .features = feature_flags_,
                              .identity_cache = identity_.get(),
                              .emails = emails_,
                              .password_strength = password_strength_,
                              .second_factor = second_factor_});
    if (identity_) {
      check_ = std::make_unique<application::CachedAccessTokenCheck>(*services_, *identity_);
    } else {
      check_ = std::make_unique<application::DatabaseAccessTokenCheck>(*services_);
    }
    dispatcher_ = std::make_unique<application::Dispatcher>(*services_, *check_);
    ASSERT_TRUE(dispatcher_->Send(
        application::SeedCommand{.admin_email = "admin@localhost", .admin_password = kAdminPassword},
        application::Caller::System("test")));
    // rampart:else
    // services_ = std::make_unique<application::Services>(
    //     application::Services{.database = *factory_,
    //                           .clock = *services_clock_,
    //                           .random = random_,
    //                           .settings = settings_,
    //                           .features = feature_flags_});
    // check_ = std::make_unique<application::TrustedIssuerCheck>();
    // dispatcher_ = std::make_unique<application::Dispatcher>(*services_, *check_);
    // rampart:end
  }

  // Send sends a use case as an anonymous caller, or as the bearer of `claims`, from `context_`.
  template <class T>
  domain::Result<typename T::Response> Send(const T& use_case,
                                            const application::AccessClaims* claims = nullptr) {
    return dispatcher_->Send(use_case, application::Caller{.request = context_, .principal = claims});
  }

  // Options (set before SetUp).
  SystemClock system_clock_;
  application::Clock* services_clock_ = &system_clock_;
  application::AuthSettings settings_{};
  application::FeatureFlags* feature_flags_ = nullptr;
  application::UnitOfWorkFactory* storage_ = database_.get();
  // rampart:begin(iam)
  const application::EmailNormaliser* emails_ = nullptr;
  const application::PasswordStrengthEstimator* password_strength_ = nullptr;
  application::SecondFactorPorts* second_factor_ = nullptr;
  bool identity_cache_ = false;
  // rampart:end
  // The origin every request claims.
  application::RequestContext context_{
      .ip = "203.0.113.7", .user_agent = "use-case-test", .correlation_id = "c"};

  // Wired in SetUp, in this order.
  // rampart:begin(iam)
  MemoryCache cache_;
  std::unique_ptr<application::IdentityCache> identity_;
  std::unique_ptr<application::UnitOfWorkFactory> invalidating_;
  // rampart:end
  application::UnitOfWorkFactory* factory_ = nullptr;  // what the services use
  SodiumSecureRandom random_;
  // rampart:begin(iam)
  Argon2PasswordHasher hasher_{8192, 1};  // cheap: the tests are not about it
  std::shared_ptr<const KeyRing> keys_ = std::make_shared<const KeyRing>(
      std::make_shared<const SigningKey>(SigningKey::Generate()),
      std::vector<std::shared_ptr<const SigningKey>>{});
  std::unique_ptr<application::TokenService> tokens_;
  // rampart:end
  std::unique_ptr<application::Services> services_;
  std::unique_ptr<application::AccessTokenCheck> check_;
  std::unique_ptr<application::Dispatcher> dispatcher_;
};

}  // namespace rampart::infrastructure::test_support
