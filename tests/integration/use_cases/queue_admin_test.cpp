// The operator's queue commands (`rampart queue stats | dead-letters | redrive`) through the
// Dispatcher on the real adapters: the database and the embedded LocalQueue, with the
// failures a consumer recorded through DatabaseMessageLedger. Each run is audited; none is open
// to a caller over HTTP, however privileged.
#include "application/messaging/queue_admin.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "application/messaging/message_ledger.hpp"
#include "infrastructure/messaging/local/local_queue.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using namespace std::chrono_literals;

// A queue whose redrive stops half-way (a remote queue's move task failing after some messages).
class HalfRedrivingQueue final : public MessageQueue {
 public:
  std::string Publish(const OutgoingMessage&) override { return "m"; }
  std::vector<ReceivedMessage> Receive(int, std::chrono::milliseconds) override { return {}; }
  bool Delete(std::string_view) override { return false; }
  RedriveOutcome RedriveDeadLetters(int limit) override {
    last_limit = limit;
    return {.moved = 2,
            .method = "StartMessageMoveTask",
            .task = "arn:task/1",
            .error = "AccessDenied: \"queue:MoveMessages\""};
  }
  int last_limit = 0;
};

class QueueAdminTest : public test_support::AdminUseCaseHarness {
 protected:
  void SetUp() override {
    AdminUseCaseHarness::SetUp();
    queue_ = std::make_unique<infrastructure::messaging::LocalQueue>(
        dir_ / "queue.sqlite3", random_,
        infrastructure::messaging::LocalQueueOptions{.max_receives = 1});
  }
  QueueTarget Mail() { return {.name = "mail", .queue = queue_.get()}; }
  template <class T>
  domain::Result<typename T::Response> AsOperator(const T& command) {
    return dispatcher_->Send(command, Caller::System("queue"));
  }
  // A mail the consumer failed on once (its failure recorded), then dead-lettered on its next
  // receive (max_receives 1); its message id.
  std::string DeadMail(const std::string& group, const std::string& error) {
    queue_->Publish({.group_id = group,
                     .deduplication_id = random_.NewUuid(),
                     .body = R"({"type":"verify_email"})",
                     .attributes = {{"type", "verify_email"}}});
    auto received = queue_->Receive(1, 0ms);
    EXPECT_EQ(received.size(), 1u);
    if (received.empty()) return "";
    if (!error.empty()) ledger_.RecordFailure(received[0], error);
    EXPECT_TRUE(queue_->Receive(1, 0ms).empty()) << "dead-lettered instead";
    return received[0].message_id;
  }
  void AppendMail(const std::string& aggregate) {
    auto uow = database_->Begin(TransactionMode::kWrite);
    uow->Outbox().Append({.id = random_.NewUuid(),
                          .aggregate_id = aggregate,
                          .type = "mail",
                          .payload = "{}",
                          .created_at = services_clock_->Now()});
    uow->Commit();
  }

  std::unique_ptr<infrastructure::messaging::LocalQueue> queue_;
  DatabaseMessageLedger ledger_{*database_, *services_clock_, "mail", "mail.smtp"};
};

TEST_F(QueueAdminTest, NoCallerButTheProcessRunsThem) {
  const QueueStatsQuery stats{.target = Mail()};
  for (const auto& refused : {Send(stats), Send(stats, &admin_)}) {
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kForbidden);
  }
  EXPECT_EQ(Send(RedriveCommand{.target = Mail()}, &admin_).error().code,
            domain::ErrorCode::kForbidden);
  EXPECT_TRUE(Events(domain::audit::kQueueStatsViewed).empty());
}

TEST_F(QueueAdminTest, StatsCountTheQueueAndItsOutboxStreamAndAreAudited) {
  DeadMail("user-1", "");
  queue_->Publish({.group_id = "user-2", .deduplication_id = "d2", .body = "{}"});
  AppendMail("user-3");
  AppendMail("user-4");

  const auto stats = AsOperator(QueueStatsQuery{.target = Mail()});
  ASSERT_TRUE(stats) << stats.error().detail;
  EXPECT_EQ(stats->queue.kind, "local");
  EXPECT_EQ(stats->queue.visible, 1);
  EXPECT_EQ(stats->queue.dead_letters, 1);
  EXPECT_EQ(stats->queue.max_receives, 1);
  EXPECT_EQ(stats->outbox.pending, 2);
  EXPECT_EQ(stats->outbox.dead, 0);
  const auto audit = Events(domain::audit::kQueueStatsViewed);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].target_type, "queue");
  EXPECT_EQ(audit[0].target_id, "mail");
  EXPECT_EQ(audit[0].actor_id, "");
  EXPECT_EQ(audit[0].details_json, R"({"via":"cli"})");
}

TEST_F(QueueAdminTest, DeadLettersShowTheLastErrorTheConsumerRecorded) {
  const auto refused = DeadMail("user-1", "550 5.1.1 mailbox unavailable");
  const auto silent = DeadMail("user-2", "");
  // The latest failure of a message replaces the earlier one, cut to 1000 characters.
  ledger_.RecordFailure({.message_id = refused, .receive_count = 1}, std::string(1500, 'x'));

  const auto listed = AsOperator(ListDeadLettersQuery{.target = Mail(), .limit = 0});
  ASSERT_TRUE(listed) << listed.error().detail;
  ASSERT_EQ(listed->size(), 1u) << "a limit below 1 lists one";
  const auto all = AsOperator(ListDeadLettersQuery{.target = Mail()});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].letter.message_id, refused);
  EXPECT_EQ((*all)[0].letter.group_id, "user-1");
  EXPECT_EQ((*all)[0].letter.type, "verify_email");
  ASSERT_TRUE((*all)[0].failure.has_value());
  EXPECT_EQ((*all)[0].failure->consumer, "mail.smtp");
  EXPECT_EQ((*all)[0].failure->error, std::string(1000, 'x'));
  EXPECT_EQ((*all)[1].letter.message_id, silent);
  EXPECT_FALSE((*all)[1].failure.has_value());
  const auto audit = Events(domain::audit::kQueueDeadLettersListed);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].details_json, R"({"via":"cli","listed":2})");
  EXPECT_EQ(audit[1].details_json, R"({"via":"cli","listed":1})");
}

TEST_F(QueueAdminTest, RedriveMovesDeadLettersBackToBeReceivedAgain) {
  const auto first = DeadMail("user-1", "timeout");
  DeadMail("user-2", "timeout");
  const auto moved = AsOperator(RedriveCommand{.target = Mail(), .limit = 1});
  ASSERT_TRUE(moved) << moved.error().detail;
  EXPECT_EQ(moved->outcome.moved, 1);
  EXPECT_EQ(moved->outcome.method, "local");
  EXPECT_EQ(queue_->DeadLetterCount(), 1);
  const auto again = queue_->Receive(10, 1h);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].message_id, first) << "the same id: its recorded failure still matches";
  EXPECT_EQ(again[0].receive_count, 1) << "a fresh receive count";
  const auto audit = Events(domain::audit::kQueueRedriven);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].details_json,
            R"({"via":"cli","from":"dead_letter_queue","method":"local","moved":1})");
}

TEST_F(QueueAdminTest, ARedriveThatStopsHalfWayIsAuditedWithWhatItMovedAndFails) {
  HalfRedrivingQueue half;
  const auto result =
      AsOperator(RedriveCommand{.target = {.name = "events", .queue = &half}, .limit = -5});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, domain::ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().detail,
            "redrive stopped after 2 message(s): AccessDenied: \"queue:MoveMessages\"");
  EXPECT_EQ(half.last_limit, 1) << "a limit below 1 moves one";
  const auto audit = Events(domain::audit::kQueueRedriven);
  ASSERT_EQ(audit.size(), 1u) << "recorded although the command failed";
  EXPECT_EQ(audit[0].target_id, "events");
  EXPECT_EQ(
      audit[0].details_json,
      R"({"via":"cli","from":"dead_letter_queue","method":"StartMessageMoveTask",)"
      R"("moved":2,"task":"arn:task/1","error":"AccessDenied: \"queue:MoveMessages\""})");
}

TEST_F(QueueAdminTest, RedriveOfTheOutboxRevivesItsDeadRows) {
  AppendMail("user-1");
  AppendMail("user-2");
  {
    auto uow = database_->Begin(TransactionMode::kWrite);
    for (const auto& message : uow->Outbox().Pending(kMailStream, 10)) {
      uow->Outbox().MarkDead(message.id, services_clock_->Now(), "MessageTooLong");
    }
    uow->Commit();
  }
  ASSERT_EQ(AsOperator(QueueStatsQuery{.target = Mail()})->outbox.dead, 2);

  const auto revived = AsOperator(RedriveCommand{.target = Mail(), .outbox = true});
  ASSERT_TRUE(revived) << revived.error().detail;
  EXPECT_EQ(revived->revived, 2);
  EXPECT_EQ(revived->outcome.method, "outbox");
  const auto stats = AsOperator(QueueStatsQuery{.target = Mail()});
  EXPECT_EQ(stats->outbox.dead, 0);
  EXPECT_EQ(stats->outbox.pending, 2);
  EXPECT_EQ(queue_->DeadLetterCount(), 0) << "the queue's own dead letters are not touched";
  const auto audit = Events(domain::audit::kQueueRedriven);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].details_json, R"({"via":"cli","from":"outbox","moved":2})");
}

// --- the consumer's ledger ---------------------------------------------------------------------

TEST_F(QueueAdminTest, TheLedgerRecordsAMessageHandledOncePerConsumer) {
  EXPECT_FALSE(ledger_.Handled("m-1"));
  EXPECT_TRUE(ledger_.RecordHandled("m-1"));
  EXPECT_TRUE(ledger_.Handled("m-1"));
  EXPECT_FALSE(ledger_.RecordHandled("m-1")) << "a second delivery";
  DatabaseMessageLedger other(*database_, *services_clock_, "mail", "mail.archive");
  EXPECT_FALSE(other.Handled("m-1")) << "each consumer has its own inbox";
}

TEST_F(QueueAdminTest, HandleOnceCommitsTheWorkWithTheMessageOrNeither) {
  int calls = 0;
  const auto work = [&](UnitOfWork& uow) {
    ++calls;
    uow.Outbox().Append({.id = random_.NewUuid(), .aggregate_id = "a", .type = "mail"});
  };
  EXPECT_TRUE(ledger_.HandleOnce("m-2", work));
  EXPECT_FALSE(ledger_.HandleOnce("m-2", work)) << "a redelivery does not run the work again";
  EXPECT_EQ(calls, 1);
  EXPECT_THROW(ledger_.HandleOnce("m-3",
                                  [&](UnitOfWork& uow) {
                                    work(uow);
                                    throw std::runtime_error("handler failed");
                                  }),
               std::runtime_error);
  EXPECT_FALSE(ledger_.Handled("m-3")) << "rolled back with the work";
  EXPECT_EQ(database_->Begin(TransactionMode::kRead)->Outbox().Pending(kMailStream, 10).size(), 1u);
  EXPECT_TRUE(ledger_.HandleOnce("m-3", work)) << "the next delivery handles it";
}

}  // namespace
}  // namespace rampart::application
