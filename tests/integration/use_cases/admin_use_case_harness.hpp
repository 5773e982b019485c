#pragma once
// rampart:begin(iam)
// Test-only (header-only): the administration use cases through the Dispatcher on the shared
// harness (dispatcher_harness.hpp) with the identity cache on, so that every change must reach
// the next request through the invalidation. Seeded with the administrator admin@localhost,
// signed in as `admin_`. Shared by roles_admin_test, users_admin_test and escalation_test: a
// fixture derives from it and uses the members.
// rampart:else
// // Test-only (header-only): use cases through the Dispatcher on the shared harness
// // (dispatcher_harness.hpp) as principals of a trusted issuer: `admin_` holds every
// // permission of the catalogue, NewPrincipal gives a new principal without any. A fixture
// // derives from it and uses the members.
// rampart:end
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

// rampart:begin(iam)
#include "integration/login_tokens.hpp"
#include "application/auth/login.hpp"
#include "application/auth/register_user.hpp"
// rampart:end
#include "application/features/feature_flags.hpp"
// rampart:begin(iam)
#include "application/roles/create_role.hpp"
#include "application/users/user_roles.hpp"
// rampart:else
// #include "domain/permission.hpp"
// rampart:end
#include "integration/use_cases/dispatcher_harness.hpp"

namespace rampart::application::test_support {

// rampart:begin(iam)
inline constexpr const char* kPassword = "correct horse battery staple";
inline constexpr const char* kAdminPassword = "seed passphrase 123";
// rampart:end

class AdminUseCaseHarness : public infrastructure::test_support::DispatcherHarness {
 protected:
  AdminUseCaseHarness() {
    identity_cache_ = true;  // rampart:only(iam)
    feature_flags_ = &features_;
    context_ = {.ip = "203.0.113.7", .user_agent = "admin-test", .correlation_id = "c"};
  }
  void SetUp() override {
    DispatcherHarness::SetUp();
    if (HasFatalFailure()) return;
    // rampart:begin(iam)
    admin_ = SignIn("admin@localhost", kAdminPassword);
    // rampart:else
    // admin_ = NewPrincipal("administrator");
    // for (const auto& permission : domain::PermissionCatalogue()) {
    //   admin_.permissions.emplace_back(permission.name);
    // }
    // rampart:end
  }

  // rampart:begin(iam)
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
  // A new principal without permissions: a user registered and signed in (SignIn).
  AccessClaims NewPrincipal(const std::string& email) { return SignIn(email); }

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
  // rampart:else
  // // A new principal (a random subject) without permissions, as its issuer would authenticate
  // // it; `name` only names it in the test.
  // AccessClaims NewPrincipal(const std::string& name) {
  //   AccessClaims claims{.subject = random_.NewUuid()};
  //   claims.token_id = name;
  //   return claims;
  // }
  // rampart:end

  // The audit events with this action, newest first.
  std::vector<domain::AuditEvent> Events(const std::string& action) {
    auto uow = database_->Begin(TransactionMode::kRead);
    return uow->Audit().List({.action = action, .limit = 100});
  }

  // The actions of the audit events about `target`, newest first.
  std::vector<std::string> Actions(const std::string& target) {
    auto uow = database_->Begin(TransactionMode::kRead);
    std::vector<std::string> actions;
    for (const auto& event : uow->Audit().List({.target_id = target, .limit = 100})) {
      actions.push_back(event.action);
    }
    return actions;
  }

  FeatureFlags features_;  // every flag at its default until a test applies others
  AccessClaims admin_;  // the seeded administrator
};

}  // namespace rampart::application::test_support
