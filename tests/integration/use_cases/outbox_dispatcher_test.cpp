// The outbox dispatcher on the real adapters: the database's outbox and the embedded LocalQueue,
// with a settable clock for the backoff. Publish failures are injected by a wrapper that lets
// the first publishes fail before handing the rest to the real queue.
#include "application/messaging/outbox_dispatcher.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "infrastructure/messaging/local/local_queue.hpp"
#include "integration/use_cases/use_case_database.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace rampart::application {
namespace {

using namespace std::chrono_literals;

class SettableClock final : public Clock {
 public:
  domain::TimePoint Now() const override { return now; }
  domain::TimePoint now{std::chrono::seconds(1'800'000'000)};
};

// The real queue behind a switch that makes publishes fail (the queue being down).
class SwitchableQueue final : public MessageQueue {
 public:
  explicit SwitchableQueue(MessageQueue& inner) : inner_(inner) {}
  bool down = false;
  std::string refused_body;  // a message refused (transiently) while the others go through
  std::string Publish(const OutgoingMessage& message) override {
    if (down) throw std::runtime_error("queue unreachable");
    if (!refused_body.empty() && message.body == refused_body) {
      throw std::runtime_error("throttled");
    }
    return inner_.Publish(message);
  }
  std::vector<ReceivedMessage> Receive(int max, std::chrono::milliseconds visibility) override {
    return inner_.Receive(max, visibility);
  }
  bool Delete(std::string_view receipt) override { return inner_.Delete(receipt); }

 private:
  MessageQueue& inner_;
};

class OutboxDispatcherTest : public ::testing::Test,
                             protected infrastructure::test_support::UseCaseDatabase {
 protected:
  void SetUp() override {
    queue_ =
        std::make_unique<infrastructure::messaging::LocalQueue>(dir_ / "queue.sqlite3", random_);
    switchable_ = std::make_unique<SwitchableQueue>(*queue_);
    dispatcher_ = std::make_unique<OutboxDispatcher>(*factory_, *switchable_, clock_,
                                                     OutboxDispatcherOptions{});
  }
  std::string Append(const std::string& aggregate, const std::string& body) {
    const auto id = random_.NewUuid();
    auto uow = factory_->Begin(TransactionMode::kWrite);
    uow->Outbox().Append({.id = id,
                          .aggregate_id = aggregate,
                          .type = "mail",
                          .payload = body,
                          .created_at = clock_.now});
    uow->Commit();
    return id;
  }

  // Everything on the queue now, deleted as read.
  std::vector<ReceivedMessage> Drain() {
    std::vector<ReceivedMessage> all;
    for (;;) {
      auto got = queue_->Receive(10, 1h);
      if (got.empty()) return all;
      for (auto& message : got) {
        queue_->Delete(message.receipt_handle);
        all.push_back(std::move(message));
      }
    }
  }

  infrastructure::SodiumSecureRandom random_;
  SettableClock clock_;
  UnitOfWorkFactory* factory_ = database_.get();
  std::unique_ptr<infrastructure::messaging::LocalQueue> queue_;
  std::unique_ptr<SwitchableQueue> switchable_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
};

TEST_F(OutboxDispatcherTest, PublishesEachMessageOnceWithItsGroupAndDeduplicationId) {
  const auto first = Append("user-1", "one");
  const auto second = Append("user-2", "two");
  const auto pass = dispatcher_->DispatchOnce();
  EXPECT_EQ(pass.published, 2);
  EXPECT_EQ(dispatcher_->PendingCount(), 0);
  EXPECT_EQ(dispatcher_->DispatchOnce().published, 0) << "marked sent";
  const auto received = Drain();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].deduplication_id, first);
  EXPECT_EQ(received[0].group_id, "user-1");
  EXPECT_EQ(received[0].body, "one");
  EXPECT_EQ(received[1].deduplication_id, second);
}

TEST_F(OutboxDispatcherTest, OnePassDrainsOneAggregatesBacklogInOrder) {
  // 25 mails of one user (the SIGTERM flush of mail_flows.test.mjs): each claim holds only the
  // aggregate's head, so the pass must claim again after each batch, not stop at a short one.
  for (int i = 0; i < 25; ++i) Append("user-1", "m" + std::to_string(i));
  const auto pass = dispatcher_->DispatchOnce();
  EXPECT_EQ(pass.published, 25);
  EXPECT_EQ(dispatcher_->PendingCount(), 0);
  std::vector<std::string> bodies;
  for (const auto& message : Drain()) bodies.push_back(message.body);
  ASSERT_EQ(bodies.size(), 25u);
  for (int i = 0; i < 25; ++i) EXPECT_EQ(bodies[i], "m" + std::to_string(i));
}

TEST_F(OutboxDispatcherTest, AFailedPublishIsRetriedWithBackoffAndKeepsItsAggregatesOrder) {
  Append("user-1", "a1");
  Append("user-1", "a2");
  Append("user-2", "b1");
  switchable_->refused_body = "a1";
  auto pass = dispatcher_->DispatchOnce();
  EXPECT_EQ(pass.failed, 1);
  EXPECT_EQ(pass.published, 1) << "another aggregate is not held up; a2 waits behind a1";
  EXPECT_EQ(dispatcher_->PendingCount(), 2);
  switchable_->refused_body.clear();
  EXPECT_EQ(dispatcher_->DispatchOnce().published, 0) << "a1 not due before its backoff";
  clock_.now += std::chrono::ceil<std::chrono::seconds>(OutboxDispatcher::DoublingBackoff(0));
  EXPECT_EQ(dispatcher_->DispatchOnce().published, 2) << "a1, then a2 once a1 is sent";
  std::vector<std::string> bodies;
  for (const auto& message : Drain()) bodies.push_back(message.body);
  EXPECT_EQ(bodies, (std::vector<std::string>{"b1", "a1", "a2"}));
}

TEST_F(OutboxDispatcherTest, AnUnreachableQueuePausesTheRelayInsteadOfTryingEveryMessage) {
  for (int i = 0; i < 30; ++i) Append("user-" + std::to_string(i), "m");
  switchable_->down = true;
  auto pass = dispatcher_->DispatchOnce();
  EXPECT_EQ(pass.failed, 10) << "one batch, then the pass ends";
  EXPECT_EQ(dispatcher_->DispatchOnce().failed, 0) << "paused for the backoff";
  switchable_->down = false;
  clock_.now += std::chrono::ceil<std::chrono::seconds>(OutboxDispatcher::DoublingBackoff(0));
  int published = 0;
  for (int i = 0; i < 5; ++i) published += dispatcher_->DispatchOnce().published;
  EXPECT_EQ(published, 30);
}

TEST_F(OutboxDispatcherTest, AMessageRefusedForGoodDiesAfterMaxAttemptsAndFreesItsAggregate) {
  class Refusing final : public MessageQueue {
   public:
    explicit Refusing(MessageQueue& inner) : inner_(inner) {}
    std::string Publish(const OutgoingMessage& message) override { return inner_.Publish(message); }
    std::vector<PublishOutcome> PublishBatch(std::span<const OutgoingMessage> messages) override {
      std::vector<PublishOutcome> outcomes;
      for (const auto& message : messages) {
        if (message.body == "too-large") {
          outcomes.push_back({.error = "MessageTooLong", .permanent = true});
        } else {
          outcomes.push_back({.message_id = inner_.Publish(message)});
        }
      }
      return outcomes;
    }
    std::vector<ReceivedMessage> Receive(int max, std::chrono::milliseconds v) override {
      return inner_.Receive(max, v);
    }
    bool Delete(std::string_view receipt) override { return inner_.Delete(receipt); }

   private:
    MessageQueue& inner_;
  } refusing(*queue_);
  OutboxDispatcher dispatcher(*factory_, refusing, clock_, {.max_attempts = 2});
  Append("user-1", "too-large");
  Append("user-1", "next");
  EXPECT_EQ(dispatcher.DispatchOnce().failed, 1);
  EXPECT_EQ(dispatcher.DeadCount(), 0);
  clock_.now += 1h;
  const auto pass = dispatcher.DispatchOnce();
  EXPECT_EQ(pass.dead, 1);
  EXPECT_EQ(pass.published, 1) << "the aggregate's next message goes, in the same pass";
  EXPECT_EQ(dispatcher.DeadCount(), 1);
  const auto received = Drain();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].body, "next");
}

TEST_F(OutboxDispatcherTest, OldestPendingAgeGrowsUntilDelivered) {
  Append("user-1", "x");
  switchable_->down = true;
  clock_.now += 42s;
  dispatcher_->DispatchOnce();
  EXPECT_EQ(dispatcher_->PendingCount(), 1);
  EXPECT_EQ(dispatcher_->OldestPendingAge(), 42s);
  switchable_->down = false;
  clock_.now += 1h;
  dispatcher_->DispatchOnce();
  EXPECT_EQ(dispatcher_->PendingCount(), 0);
  EXPECT_EQ(dispatcher_->OldestPendingAge(), 0s);
}

TEST(OutboxBackoff, DoublesFromOneSecondUpToFiveMinutes) {
  EXPECT_EQ(OutboxDispatcher::DoublingBackoff(0), 1s);
  EXPECT_EQ(OutboxDispatcher::DoublingBackoff(1), 2s);
  EXPECT_EQ(OutboxDispatcher::DoublingBackoff(5), 32s);
  EXPECT_EQ(OutboxDispatcher::DoublingBackoff(9), 300s);
  EXPECT_EQ(OutboxDispatcher::DoublingBackoff(1000), 300s);
}

}  // namespace
}  // namespace rampart::application
