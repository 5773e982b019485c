// rampart:begin(iam)
// Contract: one-time tokens (mail flows) and the transactional outbox.
// rampart:else
// // Contract: the transactional outbox.
// rampart:end
#include <stdexcept>

#include "application/messaging/message_ledger.hpp"
#include "integration/repository_contract.hpp"

namespace rampart::integration {

namespace {

// rampart:begin(iam)
application::OneTimeToken Token(std::string hash, const std::string& user_id,
                                std::string_view purpose, long long at) {
  return {.token_hash = std::move(hash),
          .user_id = user_id,
          .purpose = std::string(purpose),
          .email = "mailed@example.com",
          .created_at = At(at),
          .expires_at = At(at + 1800)};
}
// rampart:end

application::OutboxMessage Message(std::string id, std::string aggregate, long long at) {
  return {.id = std::move(id),
          .aggregate_id = std::move(aggregate),
          .type = "mail",
          .payload = R"({"type":"mail"})",
          .created_at = At(at)};
}

}  // namespace

// rampart:begin(iam)
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
// rampart:end

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
    const auto pending = uow->Outbox().Pending(application::kMailStream, 10);
    ASSERT_EQ(pending.size(), 3u);
    EXPECT_EQ(pending[0].id, a1);
    EXPECT_EQ(pending[1].id, b1);
    EXPECT_EQ(pending[2].id, a2);
    EXPECT_EQ(pending[0].aggregate_id, "a");
    EXPECT_EQ(pending[0].payload, R"({"type":"mail"})");
    EXPECT_EQ(pending[0].next_attempt_at, At(kT0));
    EXPECT_EQ(pending[0].attempts, 0);
    EXPECT_EQ(pending[0].stream, application::kMailStream);
    EXPECT_EQ(uow->Outbox().Pending(application::kMailStream, 2).size(), 2u);
    EXPECT_TRUE(uow->Outbox().Pending(application::kEventsStream, 10).empty());
    const auto stats = uow->Outbox().PendingStats(application::kMailStream);
    EXPECT_EQ(stats.pending, 3);
    EXPECT_EQ(stats.oldest_created_at, At(kT0));
    EXPECT_EQ(stats.dead, 0);
  }
  {
    auto uow = Write();
    uow->Outbox().MarkSent({a1}, At(kT0 + 3));
    uow->Outbox().MarkFailed(b1, At(kT0 + 60), "queue down");
    uow->Commit();
  }
  auto uow = Read();
  const auto pending = uow->Outbox().Pending(application::kMailStream, 10);
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, b1);
  EXPECT_EQ(pending[0].attempts, 1);
  EXPECT_EQ(pending[0].next_attempt_at, At(kT0 + 60));
  EXPECT_EQ(uow->Outbox().PendingStats(application::kMailStream).oldest_created_at, At(kT0 + 1));
}

TEST_P(RepositoryContract, OutboxMessageOfARolledBackUnitOfWorkNeverExists) {
  {
    auto uow = Write();
    uow->Outbox().Append(Message(NewId(), "a", kT0));
    // destroyed without Commit(): rolled back together with the change it announced
  }
  auto uow = Read();
  EXPECT_TRUE(uow->Outbox().Pending(application::kMailStream, 10).empty());
  EXPECT_EQ(uow->Outbox().PendingStats(application::kMailStream).pending, 0);
  EXPECT_FALSE(uow->Outbox().PendingStats(application::kMailStream).oldest_created_at.has_value());
}

TEST_P(RepositoryContract, OutboxClaimTakesEachAggregatesHeadOnceAndLeasesIt) {
  const auto a1 = NewId(), b1 = NewId(), a2 = NewId(), c1 = NewId(), e1 = NewId();
  {
    auto uow = Write();
    uow->Outbox().Append(Message(a1, "a", kT0));
    uow->Outbox().Append(Message(b1, "b", kT0 + 1));
    uow->Outbox().Append(Message(a2, "a", kT0 + 2));
    uow->Outbox().Append(Message(c1, "c", kT0 + 3));
    auto event = Message(e1, "a", kT0);
    event.stream = application::kEventsStream;
    event.type = "rampart.user.updated";
    uow->Outbox().Append(event);
    uow->Commit();
  }
  const auto ids = [](const std::vector<application::OutboxMessage>& messages) {
    std::vector<std::string> out;
    for (const auto& message : messages) out.push_back(message.id);
    return out;
  };
  {
    auto uow = Write();
    const auto claimed =
        uow->Outbox().Claim(application::kMailStream, At(kT0 + 10), At(kT0 + 70), 10);
    // a2 waits behind a1 (one message per aggregate), the event is another stream's.
    EXPECT_EQ(ids(claimed), (std::vector<std::string>{a1, b1, c1}));
    ASSERT_FALSE(claimed.empty());
    EXPECT_EQ(claimed[0].next_attempt_at, At(kT0 + 70));
    EXPECT_EQ(claimed[0].payload, R"({"type":"mail"})");
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_TRUE(
        uow->Outbox().Claim(application::kMailStream, At(kT0 + 11), At(kT0 + 71), 10).empty())
        << "leased until kT0 + 70; a2 is still behind a1";
    const auto events =
        uow->Outbox().Claim(application::kEventsStream, At(kT0 + 11), At(kT0 + 71), 10);
    ASSERT_EQ(ids(events), std::vector<std::string>{e1});
    EXPECT_EQ(events[0].type, "rampart.user.updated");
    EXPECT_EQ(events[0].stream, application::kEventsStream);
    uow->Outbox().MarkSent({a1, b1}, At(kT0 + 12));
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_EQ(ids(uow->Outbox().Claim(application::kMailStream, At(kT0 + 13), At(kT0 + 73), 10)),
              std::vector<std::string>{a2})
        << "a1 sent: a2 is the head now; c1 still leased";
    EXPECT_EQ(ids(uow->Outbox().Claim(application::kMailStream, At(kT0 + 70), At(kT0 + 130), 1)),
              std::vector<std::string>{c1})
        << "a lease that ran out (the relay died) is claimed again";
    uow->Commit();
  }
}

TEST_P(RepositoryContract, ADeadOutboxMessageNoLongerHoldsBackItsAggregateAndCanBeRevived) {
  const auto a1 = NewId(), a2 = NewId();
  {
    auto uow = Write();
    uow->Outbox().Append(Message(a1, "a", kT0));
    uow->Outbox().Append(Message(a2, "a", kT0 + 1));
    uow->Commit();
  }
  {
    auto uow = Write();
    uow->Outbox().MarkDead(a1, At(kT0 + 5), "MessageTooLong");
    uow->Commit();
  }
  {
    auto uow = Write();
    const auto stats = uow->Outbox().PendingStats(application::kMailStream);
    EXPECT_EQ(stats.pending, 1);
    EXPECT_EQ(stats.dead, 1);
    const auto claimed =
        uow->Outbox().Claim(application::kMailStream, At(kT0 + 6), At(kT0 + 66), 10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].id, a2);
    uow->Outbox().MarkSent({a2}, At(kT0 + 7));
    EXPECT_EQ(uow->Outbox().Revive(application::kEventsStream, At(kT0 + 8)), 0);
    EXPECT_EQ(uow->Outbox().Revive(application::kMailStream, At(kT0 + 8)), 1);
    uow->Commit();
  }
  auto uow = Write();
  const auto claimed = uow->Outbox().Claim(application::kMailStream, At(kT0 + 8), At(kT0 + 68), 10);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, a1);
  EXPECT_EQ(claimed[0].attempts, 0);
  EXPECT_EQ(uow->Outbox().PendingStats(application::kMailStream).dead, 0);
}

TEST_P(RepositoryContract, SentOutboxMessagesAreDeletedOldestFirstInBatches) {
  const auto a = NewId(), b = NewId(), c = NewId(), unsent = NewId();
  {
    auto uow = Write();
    for (const auto& id : {a, b, c, unsent}) uow->Outbox().Append(Message(id, id, kT0));
    uow->Outbox().MarkSent({a}, At(kT0 + 1));
    uow->Outbox().MarkSent({b, c}, At(kT0 + 2));
    uow->Commit();
  }
  auto uow = Write();
  EXPECT_EQ(uow->Outbox().DeleteSentBefore(At(kT0 + 2), 10), 1) << "only the one sent before";
  EXPECT_EQ(uow->Outbox().DeleteSentBefore(At(kT0 + 100), 1), 1) << "at most the limit";
  EXPECT_EQ(uow->Outbox().DeleteSentBefore(At(kT0 + 100), 10), 1);
  EXPECT_EQ(uow->Outbox().PendingStats(application::kMailStream).pending, 1) << "unsent kept";
}

TEST_P(RepositoryContract, TheInboxRecordsAMessageOncePerConsumer) {
  {
    auto uow = Write();
    EXPECT_TRUE(uow->Inbox().Record("mail.smtp", "m1", At(kT0)));
    EXPECT_FALSE(uow->Inbox().Record("mail.smtp", "m1", At(kT0 + 1))) << "a duplicate";
    EXPECT_TRUE(uow->Inbox().Record("events.audit", "m1", At(kT0))) << "another consumer";
    uow->Commit();
  }
  {
    auto rolled_back = Write();
    EXPECT_TRUE(rolled_back->Inbox().Record("mail.smtp", "m2", At(kT0)));
  }
  auto uow = Write();
  EXPECT_TRUE(uow->Inbox().Contains("mail.smtp", "m1"));
  EXPECT_FALSE(uow->Inbox().Contains("mail.smtp", "m2")) << "rolled back with its handler";
  EXPECT_TRUE(uow->Inbox().Record("mail.smtp", "m2", At(kT0 + 2)));
  EXPECT_EQ(uow->Inbox().DeleteOlderThan(At(kT0 + 1), 10), 2);
  EXPECT_FALSE(uow->Inbox().Contains("mail.smtp", "m1"));
  EXPECT_TRUE(uow->Inbox().Contains("mail.smtp", "m2"));
}

TEST_P(RepositoryContract, ADeliveryFailureKeepsTheLastErrorOfAMessage) {
  {
    auto uow = Write();
    uow->DeliveryFailures().Save({.queue = "mail",
                                  .message_id = "q1",
                                  .consumer = "mail.smtp",
                                  .receive_count = 1,
                                  .error = "451 try later",
                                  .failed_at = At(kT0)});
    uow->DeliveryFailures().Save({.queue = "mail",
                                  .message_id = "q1",
                                  .consumer = "mail.smtp",
                                  .receive_count = 2,
                                  .error = "550 no such user",
                                  .failed_at = At(kT0 + 30)});
    uow->DeliveryFailures().Save({.queue = "events",
                                  .message_id = "q1",
                                  .consumer = "x",
                                  .receive_count = 1,
                                  .error = "other queue",
                                  .failed_at = At(kT0)});
    uow->Commit();
  }
  auto uow = Write();
  const auto found = uow->DeliveryFailures().Find("mail", {"q1", "q2"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message_id, "q1");
  EXPECT_EQ(found[0].consumer, "mail.smtp");
  EXPECT_EQ(found[0].receive_count, 2);
  EXPECT_EQ(found[0].error, "550 no such user");
  EXPECT_EQ(found[0].failed_at, At(kT0 + 30));
  EXPECT_TRUE(uow->DeliveryFailures().Find("mail", {}).empty());
  EXPECT_EQ(uow->DeliveryFailures().DeleteOlderThan(At(kT0 + 1), 10), 1);
  EXPECT_EQ(uow->DeliveryFailures().Find("events", {"q1"}).size(), 0u);
}

TEST_P(RepositoryContract, HandleOnceRunsAMessagesChangeOnceAndRollsBackTheRecordWithIt) {
  struct FixedClock final : application::Clock {
    domain::TimePoint Now() const override { return At(kT0); }
  } clock;
  application::DatabaseMessageLedger ledger(*factory_, clock, "events", "events.audit");
  int runs = 0;
  const auto handle = [&](application::UnitOfWork& uow) {
    ++runs;
    uow.Outbox().Append(Message(NewId(), "copy", kT0));  // the handler's own change
  };
  EXPECT_THROW(ledger.HandleOnce("e1",
                                 [&](application::UnitOfWork& uow) {
                                   handle(uow);
                                   throw std::runtime_error("handler failed");
                                 }),
               std::runtime_error);
  EXPECT_FALSE(ledger.Handled("e1")) << "rolled back with the handler's change";
  EXPECT_TRUE(ledger.HandleOnce("e1", handle));
  EXPECT_FALSE(ledger.HandleOnce("e1", handle)) << "a duplicate delivery: not handled again";
  EXPECT_EQ(runs, 2);
  EXPECT_TRUE(ledger.Handled("e1"));
  EXPECT_EQ(Read()->Outbox().PendingStats(application::kMailStream).pending, 1)
      << "the change of the failed attempt rolled back, the duplicate made none";
  EXPECT_FALSE(ledger.RecordHandled("e1"));
  EXPECT_TRUE(ledger.RecordHandled("e2"));
}

}  // namespace rampart::integration
