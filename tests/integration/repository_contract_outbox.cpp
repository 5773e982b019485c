// Contract: one-time tokens (mail flows) and the transactional outbox.
#include "integration/repository_contract.hpp"

namespace rampart::integration {

namespace {

application::OneTimeToken Token(std::string hash, const std::string& user_id,
                                std::string_view purpose, long long at) {
  return {.token_hash = std::move(hash),
          .user_id = user_id,
          .purpose = std::string(purpose),
          .email = "mailed@example.com",
          .created_at = At(at),
          .expires_at = At(at + 1800)};
}

application::OutboxMessage Message(std::string id, std::string aggregate, long long at) {
  return {.id = std::move(id),
          .aggregate_id = std::move(aggregate),
          .type = "mail",
          .payload = R"({"type":"mail"})",
          .created_at = At(at)};
}

}  // namespace

TEST_P(RepositoryContract, OneTimeTokenRoundTripsAndIsSpentOnce) {
  const auto user = AddUser("token@example.com");
  {
    auto uow = Write();
    uow->OneTimeTokens().Issue(Token("h1", user.id, application::kResetPasswordPurpose, kT0));
    uow->Commit();
  }
  {
    auto uow = Read();
    const auto found = uow->OneTimeTokens().Find("h1");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->user_id, user.id);
    EXPECT_EQ(found->purpose, application::kResetPasswordPurpose);
    EXPECT_EQ(found->email, "mailed@example.com");
    EXPECT_EQ(found->created_at, At(kT0));
    EXPECT_EQ(found->expires_at, At(kT0 + 1800));
    EXPECT_FALSE(found->used_at.has_value());
    EXPECT_FALSE(uow->OneTimeTokens().Find("unknown").has_value());
  }
  auto uow = Write();
  EXPECT_TRUE(uow->OneTimeTokens().Consume("h1", At(kT0 + 5)));
  EXPECT_FALSE(uow->OneTimeTokens().Consume("h1", At(kT0 + 6)));
  EXPECT_FALSE(uow->OneTimeTokens().Consume("unknown", At(kT0 + 6)));
  uow->Commit();
  EXPECT_EQ(Read()->OneTimeTokens().Find("h1")->used_at, At(kT0 + 5));
}

TEST_P(RepositoryContract, ANewTokenSupersedesOlderOnesOfTheSamePurposeOnly) {
  const auto user = AddUser("supersede@example.com");
  const auto other = AddUser("other@example.com");
  {
    auto uow = Write();
    uow->OneTimeTokens().Issue(Token("v1", user.id, application::kVerifyEmailPurpose, kT0));
    uow->OneTimeTokens().Issue(Token("r1", user.id, application::kResetPasswordPurpose, kT0));
    uow->OneTimeTokens().Issue(Token("o1", other.id, application::kVerifyEmailPurpose, kT0));
    uow->OneTimeTokens().Issue(Token("v2", user.id, application::kVerifyEmailPurpose, kT0 + 9));
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_EQ(uow->OneTimeTokens().Find("v1")->used_at, At(kT0 + 9));
  EXPECT_FALSE(uow->OneTimeTokens().Find("v2")->used_at.has_value());
  EXPECT_FALSE(uow->OneTimeTokens().Find("r1")->used_at.has_value());
  EXPECT_FALSE(uow->OneTimeTokens().Find("o1")->used_at.has_value());
}

TEST_P(RepositoryContract, OutboxKeepsOrderTracksAttemptsAndForgetsSentMessages) {
  const auto a1 = NewId(), b1 = NewId(), a2 = NewId();
  {
    auto uow = Write();
    uow->Outbox().Append(Message(a1, "a", kT0));
    uow->Outbox().Append(Message(b1, "b", kT0 + 1));
    uow->Outbox().Append(Message(a2, "a", kT0 + 2));
    uow->Commit();
  }
  {
    auto uow = Read();
    const auto pending = uow->Outbox().Pending(10);
    ASSERT_EQ(pending.size(), 3u);
    EXPECT_EQ(pending[0].id, a1);
    EXPECT_EQ(pending[1].id, b1);
    EXPECT_EQ(pending[2].id, a2);
    EXPECT_EQ(pending[0].aggregate_id, "a");
    EXPECT_EQ(pending[0].payload, R"({"type":"mail"})");
    EXPECT_EQ(pending[0].next_attempt_at, At(kT0));
    EXPECT_EQ(pending[0].attempts, 0);
    EXPECT_EQ(uow->Outbox().Pending(2).size(), 2u);
    const auto stats = uow->Outbox().PendingStats();
    EXPECT_EQ(stats.pending, 3);
    EXPECT_EQ(stats.oldest_created_at, At(kT0));
  }
  {
    auto uow = Write();
    uow->Outbox().MarkSent(a1, At(kT0 + 3));
    uow->Outbox().MarkFailed(b1, At(kT0 + 60), "queue down");
    uow->Commit();
  }
  auto uow = Read();
  const auto pending = uow->Outbox().Pending(10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, b1);
  EXPECT_EQ(pending[0].attempts, 1);
  EXPECT_EQ(pending[0].next_attempt_at, At(kT0 + 60));
  EXPECT_EQ(uow->Outbox().PendingStats().oldest_created_at, At(kT0 + 1));
}

TEST_P(RepositoryContract, OutboxMessageOfARolledBackUnitOfWorkNeverExists) {
  {
    auto uow = Write();
    uow->Outbox().Append(Message(NewId(), "a", kT0));
    // destroyed without Commit(): rolled back together with the change it announced
  }
  auto uow = Read();
  EXPECT_TRUE(uow->Outbox().Pending(10).empty());
  EXPECT_EQ(uow->Outbox().PendingStats().pending, 0);
  EXPECT_FALSE(uow->Outbox().PendingStats().oldest_created_at.has_value());
}

}  // namespace rampart::integration
