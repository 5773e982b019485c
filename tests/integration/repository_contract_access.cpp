// Contract: the one-round-trip access state read on every authenticated request.
#include "integration/repository_contract.hpp"

namespace rampart::integration {

TEST_P(RepositoryContract, FindAccessStateJoinsTheSessionWithItsUser) {
  auto user = AddUser("access@example.com");  // token_version 3, not locked
  auto session = MakeSession(user.id, At(kT0));
  {
    auto uow = Write();
    uow->Sessions().Add(session);
    uow->Commit();
  }
  auto state = Read()->Sessions().FindAccessState(session.id);
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->user_id, user.id);
  EXPECT_EQ(state->token_version, 3);
  EXPECT_FALSE(state->user_locked);
  EXPECT_FALSE(state->session_revoked_at.has_value());
  EXPECT_EQ(state->session_idle_expires_at, session.idle_expires_at);
  EXPECT_EQ(state->session_absolute_expires_at, session.absolute_expires_at);
  EXPECT_FALSE(Read()->Sessions().FindAccessState(NewId()).has_value());
}

TEST_P(RepositoryContract, FindAccessStateSeesRevocationLockAndNewTokenVersion) {
  auto user = AddUser("access-change@example.com");
  auto session = MakeSession(user.id, At(kT0));
  {
    auto uow = Write();
    uow->Sessions().Add(session);
    uow->Commit();
  }
  user.token_version = 4;
  user.locked = true;
  session.revoked_at = At(kT0 + 30);
  session.revoked_reason = "logout_all";
  {
    auto uow = Write();
    ASSERT_TRUE(uow->Users().Update(user).has_value());
    uow->Sessions().Update(session);
    uow->Commit();
  }
  auto state = Read()->Sessions().FindAccessState(session.id);
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->token_version, 4);
  EXPECT_TRUE(state->user_locked);
  EXPECT_EQ(state->session_revoked_at, At(kT0 + 30));
}

}  // namespace rampart::integration
