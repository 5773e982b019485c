// A user's own sessions (GET and DELETE /api/v1/users/me/sessions) through the Dispatcher on the
// real adapters with the identity cache on: the active sessions with the caller's marked, and
// ending one of them — its token stops at once through the cache, the others go on — while
// another user's session, an ended one or an unknown id is the same 404.
#include <gtest/gtest.h>

#include <algorithm>

#include "application/sessions/list_my_sessions.hpp"
#include "application/sessions/revoke_my_session.hpp"
#include "application/users/get_me.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using test_support::kPassword;

class MySessions : public test_support::AdminUseCaseHarness {
 protected:
  // Another session of a signed-in user: its claims.
  AccessClaims AnotherSession(const std::string& email) {
    auto tokens = integration::TokensOf(Send(LoginCommand{.email = email, .password = kPassword}));
    EXPECT_TRUE(tokens);
    return *tokens_->Verify(tokens->access_token);
  }
  domain::ErrorCode Refused(const domain::Result<void>& result) {
    EXPECT_FALSE(result);
    return result ? domain::ErrorCode{} : result.error().code;
  }
};

TEST_F(MySessions, ListsTheActiveSessionsAndMarksTheCallers) {
  const auto laptop = SignIn("ada@example.com");
  const auto phone = AnotherSession("ada@example.com");
  const auto old = AnotherSession("ada@example.com");
  ASSERT_TRUE(Send(RevokeMySessionCommand{.session_id = old.session_id}, &old));
  SignIn("bob@example.com");

  const auto listed = Send(ListMySessionsQuery{}, &phone);
  ASSERT_TRUE(listed) << listed.error().detail;
  ASSERT_EQ(listed->size(), 2u) << "the ended one and bob's are not listed";
  std::vector<std::string> ids;
  for (const auto& view : *listed) {
    ids.push_back(view.session.id);
    EXPECT_EQ(view.session.user_id, laptop.subject);
    EXPECT_EQ(view.current, view.session.id == phone.session_id);
  }
  std::ranges::sort(ids);
  std::vector<std::string> expected{laptop.session_id, phone.session_id};
  std::ranges::sort(expected);
  EXPECT_EQ(ids, expected);
}

TEST_F(MySessions, EndingOneStopsItsTokenAtOnceAndLeavesTheOthers) {
  const auto laptop = SignIn("ada@example.com");
  const auto phone = AnotherSession("ada@example.com");
  ASSERT_TRUE(Send(GetMeQuery{}, &phone));  // cached now

  ASSERT_TRUE(Send(RevokeMySessionCommand{.session_id = phone.session_id}, &laptop));
  const auto stopped = Send(GetMeQuery{}, &phone);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_TRUE(Send(GetMeQuery{}, &laptop));
  const auto audit = Events(domain::audit::kSessionRevoked);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor_id, laptop.subject);
  EXPECT_EQ(audit[0].target_type, "session");
  EXPECT_EQ(audit[0].target_id, phone.session_id);

  // The current session may end itself too: a logout.
  ASSERT_TRUE(Send(RevokeMySessionCommand{.session_id = laptop.session_id}, &laptop));
  EXPECT_FALSE(Send(GetMeQuery{}, &laptop));
}

TEST_F(MySessions, AnotherUsersAnEndedOrAnUnknownSessionIsTheSame404) {
  const auto ada = SignIn("ada@example.com");
  const auto ada_phone = AnotherSession("ada@example.com");
  const auto bob = SignIn("bob@example.com");
  ASSERT_TRUE(Send(RevokeMySessionCommand{.session_id = ada_phone.session_id}, &ada));

  EXPECT_EQ(Refused(Send(RevokeMySessionCommand{.session_id = ada.session_id}, &bob)),
            domain::ErrorCode::kNotFound);
  EXPECT_EQ(Refused(Send(RevokeMySessionCommand{.session_id = ada_phone.session_id}, &ada)),
            domain::ErrorCode::kNotFound);
  EXPECT_EQ(Refused(Send(RevokeMySessionCommand{.session_id = "no-such-session"}, &ada)),
            domain::ErrorCode::kNotFound);
  EXPECT_TRUE(Send(GetMeQuery{}, &ada)) << "bob did not end ada's session";
  EXPECT_EQ(Events(domain::audit::kSessionRevoked).size(), 1u);
  EXPECT_EQ(Refused(Send(RevokeMySessionCommand{.session_id = ada.session_id})),
            domain::ErrorCode::kUnauthorized);
}

}  // namespace
}  // namespace rampart::application
