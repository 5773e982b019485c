#pragma once
// Test-only (header-only): the administration use cases through the Dispatcher on the real
// adapters (SQLite, ES256 JWT, Argon2id with cheap parameters) with the identity cache on, so
// that every change must reach the next request through the invalidation. Seeded with the
// administrator admin@localhost, signed in as `admin_`. Shared by roles_admin_test,
// users_admin_test and escalation_test: a fixture derives from it and uses the members.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "integration/login_tokens.hpp"
#include "application/auth/login.hpp"
#include "application/auth/register_user.hpp"
#include "application/cache/cached_access_token_check.hpp"
#include "application/cache/identity_cache.hpp"
#include "application/cache/invalidating_unit_of_work.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/features/feature_flags.hpp"
#include "application/roles/create_role.hpp"
#include "application/setup/seed.hpp"
#include "application/users/user_roles.hpp"
#include "infrastructure/cache/memory/memory_cache.hpp"
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"

namespace rampart::application::test_support {

inline constexpr const char* kPassword = "correct horse battery staple";
inline constexpr const char* kAdminPassword = "seed passphrase 123";

class AdminUseCaseHarness : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rampart-admin-use-cases-" + std::to_string(std::random_device{}()));
    auto database = std::make_shared<infrastructure::sqlite::SqliteDatabase>(
        infrastructure::sqlite::SqliteOptions{.path = dir_ / "rampart.db", .pool_size = 2});
    database->Migrate();
    sqlite_ = std::make_unique<infrastructure::sqlite::SqliteUnitOfWorkFactory>(database);
    identity_ = std::make_unique<IdentityCache>(cache_, CacheKeys("test"));
    factory_ = std::make_unique<InvalidatingUnitOfWorkFactory>(*sqlite_, *identity_);
    keys_ = std::make_shared<const infrastructure::KeyRing>(
        std::make_shared<const infrastructure::SigningKey>(infrastructure::SigningKey::Generate()),
        std::vector<std::shared_ptr<const infrastructure::SigningKey>>{});
    tokens_ = std::make_unique<infrastructure::JwtTokenService>(
        keys_, infrastructure::JwtOptions{.issuer = "http://test", .audience = "rampart"}, clock_,
        random_);
    services_ = std::make_unique<Services>(Services{.database = *factory_,
                                                    .hasher = hasher_,
                                                    .tokens = *tokens_,
                                                    .clock = clock_,
                                                    .random = random_,
                                                    .identity_cache = identity_.get(),
                                                    .features = &features_});
    check_ = std::make_unique<CachedAccessTokenCheck>(*services_, *identity_);
    dispatcher_ = std::make_unique<Dispatcher>(*services_, *check_);
    ASSERT_TRUE(dispatcher_->Send(
        SeedCommand{.admin_email = "admin@localhost", .admin_password = kAdminPassword},
        Caller::System("test")));
    admin_ = SignIn("admin@localhost", kAdminPassword);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Signs in; an address other than the administrator's is registered first (role `user`).
  AccessClaims SignIn(const std::string& email, const std::string& password = kPassword) {
    if (password == kPassword) {
      EXPECT_TRUE(
          Send(RegisterUserCommand{.email = email, .password = kPassword, .display_name = "Ada"}));
    }
    auto tokens = integration::TokensOf(Send(LoginCommand{.email = email, .password = password}));
    EXPECT_TRUE(tokens);
    return *tokens_->Verify(tokens->access_token);
  }

  // Sends a use case as an anonymous caller, or as the bearer of `claims`.
  template <class T>
  domain::Result<typename T::Response> Send(const T& use_case,
                                            const AccessClaims* claims = nullptr) {
    return dispatcher_->Send(use_case, Caller{.request = context_, .principal = claims});
  }

  // A custom role (made by the administrator) held by a new signed-in user: {role, holder}.
  std::pair<domain::Role, AccessClaims> HeldRole(const std::string& name,
                                                 std::vector<std::string> permissions) {
    auto role =
        Send(CreateRoleCommand{.name = name, .permissions = std::move(permissions)}, &admin_);
    EXPECT_TRUE(role) << role.error().detail;
    auto holder = SignIn(name + "@example.com");
    EXPECT_TRUE(
        Send(SetUserRolesCommand{.user_id = holder.subject, .roles = {"user", name}}, &admin_));
    return {*role, holder};
  }

  // The audit events with this action, newest first.
  std::vector<domain::AuditEvent> Events(const std::string& action) {
    auto uow = sqlite_->Begin(TransactionMode::kRead);
    return uow->Audit().List({.action = action, .limit = 100});
  }

  // The actions of the audit events about `target`, newest first.
  std::vector<std::string> Actions(const std::string& target) {
    auto uow = sqlite_->Begin(TransactionMode::kRead);
    std::vector<std::string> actions;
    for (const auto& event : uow->Audit().List({.target_id = target, .limit = 100})) {
      actions.push_back(event.action);
    }
    return actions;
  }

  std::filesystem::path dir_;
  infrastructure::MemoryCache cache_;
  infrastructure::SystemClock clock_;
  infrastructure::SodiumSecureRandom random_;
  infrastructure::Argon2PasswordHasher hasher_{8192, 1};
  std::unique_ptr<UnitOfWorkFactory> sqlite_;
  std::unique_ptr<IdentityCache> identity_;
  std::unique_ptr<UnitOfWorkFactory> factory_;
  std::shared_ptr<const infrastructure::KeyRing> keys_;
  std::unique_ptr<TokenService> tokens_;
  FeatureFlags features_;  // every flag at its default until a test applies others
  std::unique_ptr<Services> services_;
  std::unique_ptr<CachedAccessTokenCheck> check_;
  std::unique_ptr<Dispatcher> dispatcher_;
  AccessClaims admin_;  // the seeded administrator
  // The origin every request claims (a fixture may set its own in its constructor).
  RequestContext context_{.ip = "203.0.113.7", .user_agent = "admin-test", .correlation_id = "c"};
};

}  // namespace rampart::application::test_support
