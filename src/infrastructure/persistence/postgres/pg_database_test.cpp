// The PostgreSQL adapter beyond the shared contract: migrations under concurrency, timeouts
// and dropped connections, the pool's limits, fail-fast while the server is unreachable,
// metrics hooks. A server that stops answering: pg_fault_test.cpp.
#include "infrastructure/persistence/postgres/pg_database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "application/ports/dependency_unavailable.hpp"
#include "infrastructure/persistence/postgres/pg_error.hpp"
#include "infrastructure/persistence/postgres/pg_loop.hpp"
#include "infrastructure/persistence/postgres/pg_migrations.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using application::DependencyUnavailable;
using application::TransactionMode;
using namespace std::chrono_literals;
using test_support::TempPgDatabase;
using test_support::TestOptions;
using Clock = std::chrono::steady_clock;

constexpr Statement kSleep{"test_sleep", "SELECT pg_sleep($1)"};
constexpr Statement kAnswer{"test_answer", "SELECT $1::int + 1"};
constexpr Statement kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()"};

constexpr std::string_view kOwner = "owner-1";

// A URL where nothing listens: a port taken and released again.
std::string UnreachableUrl() { return "postgresql://postgres@127.0.0.1:1/postgres"; }

TEST(PgDatabase, MigratesOnceAndReportsTheVersion) {
  TempPgDatabase temp;
  PgDatabase database(TestOptions(temp.Url()));
  const auto applied = database.Migrate();
  ASSERT_EQ(applied.size(), Migrations().size());
  EXPECT_EQ(database.CurrentVersion(), Migrations().back().version);
  EXPECT_TRUE(database.Migrate().empty());
}

TEST(PgDatabase, ConcurrentMigratorsApplyEachMigrationExactlyOnce) {
  TempPgDatabase temp;
  std::vector<std::unique_ptr<PgDatabase>> instances;
  for (int i = 0; i < 4; ++i)
    instances.push_back(std::make_unique<PgDatabase>(TestOptions(temp.Url())));
  std::atomic<std::size_t> total_applied{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (auto& instance : instances) {
    threads.emplace_back([&, database = instance.get()] {
      try {
        total_applied += database->Migrate().size();
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(total_applied.load(), Migrations().size());
}

TEST(PgDatabase, AFailingMigrationLeavesNoTraceAndNamesItself) {
  TempPgDatabase temp;
  PgDatabase database(TestOptions(temp.Url()));
  const Migration good{1, "0001_good", "CREATE TABLE kept (id int)"};
  const Migration bad{2, "0002_bad", "CREATE TABLE half (id int); SELECT no_such_column FROM kept"};
  const Migration list[] = {good, bad};
  try {
    database.Migrate(list);
    FAIL() << "the bad migration was applied";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("0002_bad"), std::string::npos) << error.what();
  }
  EXPECT_EQ(database.CurrentVersion(), 1);
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = temp.Url()});
  EXPECT_THROW(connection->ExecuteScript("SELECT * FROM half", 5s), PgError);
  connection->Close();
}

TEST(PgDatabase, RefusesASchemaNewerThanItKnows) {
  TempPgDatabase temp;
  PgDatabase database(TestOptions(temp.Url()));
  database.Migrate();
  const Migration older[] = {Migrations().front()};
  const Migration newer[] = {Migrations().front(), {99, "0099_future", "SELECT 1"}};
  database.Migrate(newer);
  EXPECT_THROW(database.Migrate(older), std::runtime_error);
}

// rampart:begin(iam)
TEST(PgDatabase, AStaleSessionUpdateDoesNotUndoAConcurrentRevocation) {
  test_support::TempDatabaseFactory factory;
  const auto t0 = domain::TimePoint(std::chrono::seconds(1767225600));
  domain::User user{.id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    .email = *domain::Email::Parse("sessions@example.com"),
                    .display_name = "S",
                    .password_hash = "x",
                    .created_at = t0,
                    .updated_at = t0};
  domain::Session session{.id = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
                          .user_id = user.id,
                          .created_at = t0,
                          .last_used_at = t0,
                          .idle_expires_at = t0 + std::chrono::days(14),
                          .absolute_expires_at = t0 + std::chrono::days(90)};
  {
    auto uow = factory.Begin(TransactionMode::kWrite);
    ASSERT_TRUE(uow->Users().Add(user).has_value());
    uow->Sessions().Add(session);
    uow->Commit();
  }
  auto refresh = factory.Begin(TransactionMode::kWrite);
  auto stale = refresh->Sessions().FindById(session.id);
  ASSERT_TRUE(stale.has_value());
  {
    auto logout = factory.Begin(TransactionMode::kWrite);
    EXPECT_EQ(
        logout->Sessions().RevokeAllForUser(user.id, t0 + std::chrono::hours(1), "logout_all"), 1);
    logout->Commit();
  }
  stale->last_used_at = t0 + std::chrono::hours(2);
  refresh->Sessions().Update(*stale);
  refresh->Commit();
  const auto stored = factory.Begin(TransactionMode::kRead)->Sessions().FindById(session.id);
  EXPECT_EQ(stored->revoked_at, t0 + std::chrono::hours(1));
  EXPECT_EQ(stored->revoked_reason, "logout_all");
  EXPECT_EQ(stored->last_used_at, t0 + std::chrono::hours(2));
}
// rampart:end

TEST(PgConnection, PipelinesSeveralStatementsAndPreparesEachOncePerConnection) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  std::vector<Command> commands;
  for (int i = 0; i < 50; ++i) commands.push_back({&kAnswer, ParamsOf(i)});
  const auto results = connection->Execute(commands, 5s);
  ASSERT_EQ(results.size(), 50U);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)].Int(0, 0), i + 1);
  const auto prepared = connection->Execute(
      Statement{"test_count_prepared", "SELECT count(*) FROM pg_prepared_statements"}, {}, 5s);
  EXPECT_EQ(prepared.Int(0, 0), 2);  // test_answer and this one
  connection->Close();
}

TEST(PgConnection, UnpreparedStatementsAreBoundButNeverPrepared) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  const Statement adhoc{"test_adhoc", "SELECT $1::text || '!'", false};
  std::vector<Command> commands;
  commands.push_back({&adhoc, ParamsOf(std::string("it's"))});
  commands.push_back({&kAnswer, ParamsOf(1)});
  commands.push_back({&adhoc, ParamsOf(std::string("again"))});
  const auto results = connection->Execute(commands, 5s);
  EXPECT_EQ(results[0].Text(0, 0), "it's!");
  EXPECT_EQ(results[1].Int(0, 0), 2);
  EXPECT_EQ(results[2].Text(0, 0), "again!");
  const Statement names{"test_prepared_names",
                        "SELECT string_agg(name, ',' ORDER BY name) FROM pg_prepared_statements"};
  EXPECT_EQ(connection->Execute(names, {}, 5s).Text(0, 0), "test_answer,test_prepared_names");
  connection->Close();
}

TEST(PgConnection, AServerErrorSkipsTheRestOfThePipelineButKeepsTheConnection) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  const Statement bad{"test_bad", "SELECT 1 / $1::int"};
  std::vector<Command> commands;
  commands.push_back({&kAnswer, ParamsOf(1)});
  commands.push_back({&bad, ParamsOf(0)});
  commands.push_back({&kAnswer, ParamsOf(2)});
  try {
    connection->Execute(commands, 5s);
    FAIL() << "division by zero succeeded";
  } catch (const PgError& error) {
    EXPECT_EQ(error.sqlstate(), "22012");
    EXPECT_NE(std::string(error.what()).find("test_bad"), std::string::npos);
  }
  EXPECT_FALSE(connection->Broken());
  EXPECT_EQ(connection->Execute(kAnswer, ParamsOf(41), 5s).Int(0, 0), 42);
  connection->Close();
}

TEST(PgConnection, ADetachedStatementRunsBeforeTheNextCallWhichIsNotDelayed) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  const Statement begin{"test_begin", "BEGIN"};
  const Statement create{"test_create", "CREATE TEMP TABLE detached_probe (x int)"};
  const Statement rollback{"test_rollback", "ROLLBACK"};
  const Statement gone{"test_gone", "SELECT to_regclass('pg_temp.detached_probe') IS NULL"};
  std::vector<Command> commands;
  commands.push_back({&begin, {}});
  commands.push_back({&create, {}});
  connection->Execute(commands, 5s);
  EXPECT_FALSE(connection->Idle());
  connection->ExecuteDetached(rollback);
  EXPECT_TRUE(connection->Idle());  // at once: the pool may hand it out again
  // Sent behind the ROLLBACK in the same pipeline; the table is gone, so the ROLLBACK ran first.
  EXPECT_TRUE(connection->Execute(gone, {}, 5s).Bool(0, 0));
  EXPECT_TRUE(connection->Idle());
  EXPECT_FALSE(connection->Broken());
  connection->Close();
}

TEST(PgConnection, CallsInFlightTogetherPrepareAStatementOnce) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  const Statement one{"test_one", "SELECT 1"};
  connection->ExecuteDetached(one);  // prepares test_one; its answer is not waited for
  EXPECT_EQ(connection->Execute(one, {}, 5s).Int(0, 0), 1);  // must not prepare it again
  const Statement count{"test_count_prepared",
                        "SELECT count(*) FROM pg_prepared_statements WHERE name = 'test_one'"};
  EXPECT_EQ(connection->Execute(count, {}, 5s).Int(0, 0), 1);
  EXPECT_FALSE(connection->Broken());
  connection->Close();
}

TEST(PgConnection, AFailedDetachedStatementBreaksTheConnection) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  const Statement bad{"test_bad_detached", "SELECT 1 / 0"};
  connection->ExecuteDetached(bad);
  // Nobody waited for it, so nobody can tell what state it left: the next call fails instead.
  EXPECT_THROW(connection->Execute(kAnswer, ParamsOf(1), 5s), DependencyUnavailable);
  EXPECT_TRUE(connection->Broken());
  connection->Close();
}

TEST(PgDatabase, AReadUnitOfWorkEndsWithoutWaitingAndItsConnectionIsReused) {
  TempPgDatabase temp;
  auto options = TestOptions(temp.Url());
  options.pool.min_size = 1;
  options.pool.max_size = 1;  // every unit of work gets the same connection
  PgDatabase database(options);
  database.Migrate();
  for (int i = 0; i < 20; ++i) {
    {
      auto read = database.Begin(TransactionMode::kRead);
      EXPECT_EQ(read->Notes().Count(kOwner), i);
    }  // its ROLLBACK goes out; the next unit of work is pipelined behind it
    auto write = database.Begin(TransactionMode::kWrite);
    const auto now = domain::TimePoint(std::chrono::seconds(1'800'000'000));
    write->Notes().Add({.id = "00000000-0000-4000-8000-0000000000" + std::to_string(10 + i),
                        .owner_id = std::string(kOwner),
                        .title = "N",
                        .body = "b",
                        .created_at = now,
                        .updated_at = now});
    write->Commit();
  }
  EXPECT_EQ(database.Stats().connects, 1U);
  EXPECT_EQ(database.Begin(TransactionMode::kRead)->Notes().Count(kOwner), 20);
}

TEST(PgConnection, ACallThatTimesOutDropsItsConnectionAndTheServerEndsTheStatement) {
  PgLoop loop;
  auto connection =
      PgConnection::Open(loop, {.url = test_support::AdminUrl(), .statement_timeout = 1s});
  const auto pid = connection->Execute(kBackendPid, {}, 5s).Int(0, 0);
  const auto start = Clock::now();
  EXPECT_THROW(connection->Execute(kSleep, ParamsOf(std::string("30")), 200ms),
               DependencyUnavailable);
  EXPECT_LT(Clock::now() - start, 2s);
  // No cancel round trip: the connection is given up at the deadline.
  EXPECT_TRUE(connection->Broken());
  connection->Close();
  // The server's own statement_timeout ends the statement, and the backend its session.
  auto observer = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  static constexpr Statement kBackendAlive{
      "test_backend_alive", "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int"};
  const auto deadline = Clock::now() + 10s;
  while (observer->Execute(kBackendAlive, ParamsOf(pid), 5s).Int(0, 0) > 0 &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);  // polling the server's view
  }
  EXPECT_EQ(observer->Execute(kBackendAlive, ParamsOf(pid), 5s).Int(0, 0), 0);
  observer->Close();
}

TEST(PgConnection, ServerSideStatementTimeoutApplies) {
  PgLoop loop;
  auto connection =
      PgConnection::Open(loop, {.url = test_support::AdminUrl(), .statement_timeout = 100ms});
  try {
    connection->Execute(kSleep, ParamsOf(std::string("5")), 5s);
    FAIL() << "pg_sleep(5) outlived a 100 ms statement_timeout";
  } catch (const PgError& error) {
    EXPECT_TRUE(error.IsCancelled()) << error.sqlstate();
  }
  connection->Close();
}

TEST(PgConnection, ConnectingToNothingFailsWithDependencyUnavailable) {
  PgLoop loop;
  EXPECT_THROW(PgConnection::Open(loop, {.url = UnreachableUrl()}), DependencyUnavailable);
}

// A connect the server refuses for good (unknown role) is told from one that may heal, so that
// start-up fails at once instead of retrying for 30 s.
TEST(PgConnection, AConnectRefusedForGoodIsPgConnectRefused) {
  auto url = test_support::AdminUrl();
  url.replace(url.find("postgres@"), 9, "no_such_role@");
  PgLoop loop;
  EXPECT_THROW(PgConnection::Open(loop, {.url = url}), PgConnectRefused);
  PgPool pool(loop, {.connect = {.url = url}, .min_size = 0, .max_size = 1});
  EXPECT_THROW(pool.Acquire(), PgConnectRefused);
  // Nothing listening may come back: not refused for good.
  try {
    PgConnection::Open(loop, {.url = UnreachableUrl()});
    FAIL() << "connected to nothing";
  } catch (const PgConnectRefused&) {
    FAIL() << "a refused TCP connect was taken as permanent";
  } catch (const DependencyUnavailable&) {
  }
}

TEST(PgConnection, PermanentConnectFailuresAreToldFromPassingOnes) {
  EXPECT_TRUE(PermanentConnectFailure(
      "connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  password "
      "authentication failed for user \"rampart\""));
  EXPECT_TRUE(PermanentConnectFailure("FATAL:  role \"x\" does not exist"));
  EXPECT_TRUE(PermanentConnectFailure("FATAL:  database \"rampart\" does not exist"));
  EXPECT_TRUE(PermanentConnectFailure(
      "FATAL:  no pg_hba.conf entry for host \"10.0.0.9\", user \"r\", database \"d\""));
  EXPECT_TRUE(PermanentConnectFailure("fe_sendauth: no password supplied"));
  EXPECT_TRUE(PermanentConnectFailure("FATAL:  role \"x\" is not permitted to log"
                                      " in"));  // a role without LOGIN
  EXPECT_TRUE(PermanentConnectFailure("FATAL:  permission denied for database \"d\""));
  EXPECT_FALSE(PermanentConnectFailure(
      "connection to server at \"127.0.0.1\", port 1 failed: Connection refused"));
  EXPECT_FALSE(PermanentConnectFailure("FATAL:  the database system is starting up"));
  EXPECT_FALSE(PermanentConnectFailure("FATAL:  sorry, too many clients already"));
  EXPECT_FALSE(PermanentConnectFailure("connect timed out"));
}

TEST(PgConnection, ABackendKilledWhileIdleIsNoticedBeforeReuse) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = test_support::AdminUrl()});
  const auto pid = connection->Execute(kBackendPid, {}, 5s).Int(0, 0);
  test_support::AdminExecute("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  const auto deadline = Clock::now() + 5s;
  while (!connection->Broken() && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(connection->Broken());
  EXPECT_THROW(connection->Execute(kAnswer, ParamsOf(1), 5s), DependencyUnavailable);
  connection->Close();
}

TEST(PgPool, LeasesUpToMaxThenTimesOutAndCountsWaiters) {
  PgLoop loop;
  PoolOptions options{.connect = {.url = test_support::AdminUrl()},
                      .min_size = 0,
                      .max_size = 2,
                      .acquire_timeout = 300ms};
  PgPool pool(loop, options);
  auto first = pool.Acquire();
  auto second = pool.Acquire();
  EXPECT_EQ(pool.Stats().in_use, 2);
  std::atomic<int> waiting_seen{0};
  std::thread watcher([&] {
    for (int i = 0; i < 100 && waiting_seen == 0; ++i) {
      waiting_seen = pool.Stats().waiting;
      std::this_thread::sleep_for(2ms);
    }
  });
  const auto start = Clock::now();
  EXPECT_THROW(pool.Acquire(), DependencyUnavailable);
  EXPECT_GE(Clock::now() - start, 290ms);
  watcher.join();
  EXPECT_EQ(waiting_seen.load(), 1);
  // A returned lease goes to the next caller.
  first = PgPool::Lease();
  EXPECT_EQ(pool.Stats().idle, 1);
  auto third = pool.Acquire();
  EXPECT_EQ(pool.Stats().in_use, 2);
  EXPECT_EQ(pool.Stats().total, 2);
}

TEST(PgPool, KeepsMinSizeOpenInTheBackground) {
  PgLoop loop;
  PgPool pool(loop, {.connect = {.url = test_support::AdminUrl()}, .min_size = 3, .max_size = 5});
  const auto deadline = Clock::now() + 5s;
  while (pool.Stats().idle < 3 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(pool.Stats().idle, 3);
  EXPECT_EQ(pool.Stats().connects, 3U);
}

TEST(PgPool, FailsFastOnceTheCircuitOpens) {
  PgLoop loop;
  PoolOptions options{.connect = {.url = UnreachableUrl()}, .min_size = 0, .max_size = 4};
  options.breaker = {.failure_threshold = 3, .open_for = 60s};
  PgPool pool(loop, options);
  for (int i = 0; i < 3; ++i) EXPECT_THROW(pool.Acquire(), DependencyUnavailable);
  EXPECT_EQ(pool.Stats().breaker, resilience::CircuitBreaker::State::kOpen);
  EXPECT_EQ(pool.Stats().connect_failures, 3U);
  const auto start = Clock::now();
  for (int i = 0; i < 100; ++i) EXPECT_THROW(pool.Acquire(), DependencyUnavailable);
  EXPECT_LT(Clock::now() - start, 100ms);
  EXPECT_EQ(pool.Stats().connect_failures, 3U);  // no further connects were attempted
}

TEST(PgDatabase, ReportsStatementDurationsToTheObserver) {
  TempPgDatabase temp;
  auto options = TestOptions(temp.Url());
  std::mutex mutex;
  std::set<std::string> seen;
  options.query_observer = [&](std::string_view statement, std::chrono::nanoseconds duration) {
    std::lock_guard lock(mutex);
    if (duration.count() > 0) seen.emplace(statement);
  };
  PgDatabase database(options);
  database.Migrate();
  {
    auto uow = database.Begin(TransactionMode::kRead);
    EXPECT_EQ(uow->Notes().Count(kOwner), 0);
    uow->Commit();
  }
  database.Ping();
  std::lock_guard lock(mutex);
  EXPECT_TRUE(seen.contains("notes_count"));
  EXPECT_TRUE(seen.contains("tx_begin_read"));
  EXPECT_TRUE(seen.contains("ping"));
}

TEST(PgDatabase, StartsWithoutTheServerAndFailsCallsWithDependencyUnavailable) {
  auto options = TestOptions(UnreachableUrl());
  PgDatabase database(options);  // does not throw: the service starts and reports 503s
  EXPECT_THROW(database.Ping(), DependencyUnavailable);
  EXPECT_THROW(database.Begin(TransactionMode::kRead), DependencyUnavailable);
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
