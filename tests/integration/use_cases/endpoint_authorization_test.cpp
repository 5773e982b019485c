// Dispatcher::Authorize, the check an endpoint guard runs before it reads a request's body, on
// the real adapters with the identity cache on: the caller's actor for a signed-in requirement
// (with the permissions read now for a permission requirement), none for a public one or the
// process, 401 and 403 otherwise; and the actor it established carried into the use case, which
// then does not check the token again.
#include <gtest/gtest.h>

#include "application/auth/logout_all.hpp"
#include "application/users/list_users.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using domain::ErrorCode;

class EndpointAuthorization : public test_support::AdminUseCaseHarness {
 protected:
  domain::Result<std::optional<Actor>> Authorize(Requirement requirement,
                                                 const AccessClaims* claims = nullptr) {
    return dispatcher_->Authorize(requirement, Caller{.request = context_, .principal = claims});
  }
  static constexpr Requirement kReadUsers = Requirement::Permission("users.read");
};

TEST_F(EndpointAuthorization, NoActorForAPublicRequirementOrTheProcess) {
  const auto anonymous = Authorize(Requirement::Public());
  ASSERT_TRUE(anonymous);
  EXPECT_FALSE(anonymous->has_value());
  const auto process = dispatcher_->Authorize(kReadUsers, Caller::System("start-up"));
  ASSERT_TRUE(process);
  EXPECT_FALSE(process->has_value());
}

TEST_F(EndpointAuthorization, TheCallersActorOr401Or403) {
  EXPECT_EQ(Authorize(Requirement::SignedIn()).error().code, ErrorCode::kUnauthorized);
  const auto user = SignIn("ada@example.com");
  const auto signed_in = Authorize(Requirement::SignedIn(), &user);
  ASSERT_TRUE(signed_in) << signed_in.error().detail;
  ASSERT_TRUE(signed_in->has_value());
  EXPECT_EQ((*signed_in)->user_id, user.subject);
  EXPECT_EQ((*signed_in)->session_id, user.session_id);
  EXPECT_FALSE((*signed_in)->permissions_loaded) << "read only for a permission requirement";
  EXPECT_EQ(Authorize(kReadUsers, &user).error().code, ErrorCode::kForbidden);

  const auto admin = Authorize(kReadUsers, &admin_);
  ASSERT_TRUE(admin);
  ASSERT_TRUE(admin->has_value());
  EXPECT_TRUE((*admin)->permissions_loaded);
  EXPECT_TRUE((*admin)->Has("users.read"));
  EXPECT_EQ(Authorize(Requirement::System(), &admin_).error().code, ErrorCode::kForbidden);

  ASSERT_TRUE(Send(LogoutAllCommand{}, &user));
  EXPECT_EQ(Authorize(Requirement::SignedIn(), &user).error().code, ErrorCode::kUnauthorized)
      << "the token is checked now, through the cache";
}

TEST_F(EndpointAuthorization, TheActorTheGuardEstablishedGoesIntoTheUseCase) {
  const auto guarded = Authorize(kReadUsers, &admin_);
  ASSERT_TRUE(guarded && guarded->has_value());
  const Actor& actor = **guarded;
  const auto listed = dispatcher_->Send(
      ListUsersQuery{}, Caller{.request = context_, .principal = &admin_, .actor = &actor});
  ASSERT_TRUE(listed) << listed.error().detail;
  EXPECT_EQ(listed->total, 1);

  // An actor established for a signed-in requirement has no permissions yet: the use case that
  // needs one reads them (and refuses a caller without it).
  const auto user = SignIn("ada@example.com");
  const auto signed_in = Authorize(Requirement::SignedIn(), &user);
  ASSERT_TRUE(signed_in && signed_in->has_value());
  const auto refused = dispatcher_->Send(
      ListUsersQuery{}, Caller{.request = context_, .principal = &user, .actor = &**signed_in});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace rampart::application
