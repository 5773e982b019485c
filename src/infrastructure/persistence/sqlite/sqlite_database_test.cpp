// SqliteDatabase: migrations, connection settings, the pool and the write lock.
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "application/ports/dependency_unavailable.hpp"
#include "infrastructure/persistence/sqlite/sqlite_migrations.hpp"
#include "infrastructure/persistence/sqlite/sqlite_test_support.hpp"
#include "infrastructure/sqlite/sqlite_error.hpp"

namespace rampart::infrastructure::sqlite {
namespace {

using test_support::TempDirectory;
using namespace std::chrono_literals;

bool TableExists(SqliteDatabase& database, std::string_view name) {
  auto connection = database.Acquire();
  auto query = connection->Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  query.Bind(1, name);
  return query.Next();
}

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  std::filesystem::path DatabasePath() const {
    return directory_.path() / "a" / "b" / "rampart.db";
  }
  SqliteDatabase Open(std::chrono::milliseconds busy_timeout = 5000ms, int pool_size = 4) {
    return SqliteDatabase(
        {.path = DatabasePath(), .pool_size = pool_size, .busy_timeout = busy_timeout});
  }

  TempDirectory directory_;
};

TEST_F(SqliteDatabaseTest, OpensAFreshOwnerOnlyFileInNewDirectories) {
  auto database = Open();
  EXPECT_TRUE(std::filesystem::exists(DatabasePath()));
  struct stat info {};
  ASSERT_EQ(::stat(DatabasePath().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(database.CurrentVersion(), 0);
}

// A full disk (here: the page limit reached, which SQLite reports as SQLITE_FULL like a full file
// system) is the database being unavailable (503), not an internal error (500); nothing of the
// failed statement is written.
TEST_F(SqliteDatabaseTest, AFullDiskIsTheDatabaseUnavailable) {
  auto database = Open();
  auto connection = database.Acquire();
  connection->Prepare("CREATE TABLE filler (data BLOB)").Execute();
  connection->Prepare("PRAGMA max_page_count = 8").Next();
  auto insert = [&] {
    connection->Prepare("INSERT INTO filler VALUES (zeroblob(65536))").Execute();
  };
  EXPECT_THROW(insert(), application::DependencyUnavailable);
  auto count = connection->Prepare("SELECT count(*) FROM filler");
  ASSERT_TRUE(count.Next());
  EXPECT_EQ(count.Int(0), 0);
}

TEST_F(SqliteDatabaseTest, MigrateAppliesEveryEmbeddedMigrationInOrder) {
  const auto embedded = Migrations();
  ASSERT_FALSE(embedded.empty());
  auto database = Open();
  const auto applied = database.Migrate();
  ASSERT_EQ(applied.size(), embedded.size());
  for (std::size_t i = 0; i < applied.size(); ++i) {
    EXPECT_EQ(applied[i].version, embedded[i].version);
    EXPECT_EQ(applied[i].name, embedded[i].name);
  }
  EXPECT_EQ(database.CurrentVersion(), embedded.back().version);
  // rampart:begin(iam)
  for (const char* table : {"users", "roles", "permissions", "role_permissions", "user_roles",
                            "sessions", "refresh_tokens", "audit_events", "schema_migrations"}) {
  // rampart:else
  // for (const char* table : {"audit_events", "outbox", "inbox", "notes", "schema_migrations"}) {
  // rampart:end
    EXPECT_TRUE(TableExists(database, table)) << table;
  }
  auto connection = database.Acquire();
  auto history = connection->Prepare(
      "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(history.Next());
  EXPECT_EQ(history.Int(0), embedded.front().version);
  EXPECT_EQ(history.Text(1), embedded.front().name);
  EXPECT_GT(history.Int(2), 1700000000);  // a real unix time
}

TEST_F(SqliteDatabaseTest, SecondMigrateAppliesNothing) {
  {
    auto database = Open();
    EXPECT_FALSE(database.Migrate().empty());
    EXPECT_TRUE(database.Migrate().empty());
  }
  auto reopened = Open();
  EXPECT_TRUE(reopened.Migrate().empty());
  EXPECT_EQ(reopened.CurrentVersion(), Migrations().back().version);
}

TEST_F(SqliteDatabaseTest, AppliesOnlyTheMissingMigrations) {
  const Migration first[] = {{1, "0001_a", "CREATE TABLE a (x INTEGER)"}};
  const Migration both[] = {{1, "0001_a", "CREATE TABLE a (x INTEGER)"},
                            {2, "0002_b", "CREATE TABLE b (y INTEGER); CREATE INDEX b_y ON b (y)"}};
  auto database = Open();
  EXPECT_EQ(database.Migrate(first).size(), 1U);
  const auto applied = database.Migrate(both);
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_EQ(applied[0].version, 2);
  EXPECT_TRUE(TableExists(database, "b"));
  EXPECT_EQ(database.CurrentVersion(), 2);
}

TEST_F(SqliteDatabaseTest, RefusesADatabaseNewerThanTheBinary) {
  auto database = Open();
  database.Migrate();
  const int newer = Migrations().back().version + 1;
  {
    auto connection = database.Acquire();
    connection
        ->Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        .BindAll(newer, "9999_from_the_future", 1767225600LL)
        .Execute();
  }
  try {
    database.Migrate();
    FAIL() << "Migrate accepted a newer schema";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("newer than this rampart knows"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find(std::to_string(newer)), std::string::npos);
  }
  EXPECT_EQ(database.CurrentVersion(), newer);  // nothing was changed
}

TEST_F(SqliteDatabaseTest, AFailingMigrationLeavesNoTrace) {
  const Migration migrations[] = {
      {1, "0001_good", "CREATE TABLE good (x INTEGER)"},
      {2, "0002_bad", "CREATE TABLE half (y INTEGER); INSERT INTO missing_table VALUES (1)"}};
  auto database = Open();
  try {
    database.Migrate(migrations);
    FAIL() << "the broken migration was applied";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("0002_bad"), std::string::npos) << error.what();
  }
  EXPECT_EQ(database.CurrentVersion(), 1);
  EXPECT_TRUE(TableExists(database, "good"));
  EXPECT_FALSE(TableExists(database, "half"));
}

TEST_F(SqliteDatabaseTest, RejectsMigrationsOutOfOrder) {
  const Migration migrations[] = {{2, "0002_b", "SELECT 1"}, {1, "0001_a", "SELECT 1"}};
  auto database = Open();
  EXPECT_THROW(database.Migrate(migrations), std::logic_error);
}

TEST_F(SqliteDatabaseTest, EveryConnectionUsesWalForeignKeysAndTheBusyTimeout) {
  auto database = Open();
  database.Migrate();
  // Hold several leases at once so that each is a different connection.
  std::vector<ConnectionPool::Lease> leases;
  for (int i = 0; i < 3; ++i) leases.push_back(database.Acquire());
  for (auto& connection : leases) {
    auto pragma = [&](const char* sql) {
      auto query = connection->Prepare(sql);
      EXPECT_TRUE(query.Next()) << sql;
      return query.Text(0);
    };
    EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragma("PRAGMA foreign_keys"), "1");
    EXPECT_EQ(pragma("PRAGMA synchronous"), "1");  // NORMAL
    EXPECT_EQ(pragma("PRAGMA busy_timeout"), "5000");
  }
  leases.clear();
  // Foreign keys are enforced, not only switched on.
  auto connection = database.Acquire();
  EXPECT_THROW(
      connection->Prepare("INSERT INTO user_roles (user_id, role_id) VALUES ('nobody', 'none')")
          .Execute(),
      SqliteError);
  EXPECT_TRUE(std::filesystem::exists(DatabasePath().string() + "-wal"));
}

TEST_F(SqliteDatabaseTest, PoolHandsOutAtMostItsSizeAndWaitsForARelease) {
  auto database = Open(200ms, 2);
  auto first = database.Acquire();
  auto second = database.Acquire();
  EXPECT_THROW(database.Acquire(), std::runtime_error);  // exhausted: times out

  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    auto third = database.Acquire();
    acquired = true;
  });
  std::this_thread::sleep_for(20ms);
  { auto released = std::move(first); }
  waiter.join();
  EXPECT_TRUE(acquired.load());
}

TEST_F(SqliteDatabaseTest, PoolStatsCountLeasesIdleConnectionsAndWaiters) {
  auto database = Open(5000ms, 2);
  EXPECT_EQ(database.PoolSize(), 2);
  auto first = database.Acquire();
  auto second = database.Acquire();
  auto stats = database.PoolStats();
  EXPECT_EQ(stats.open, 2);
  EXPECT_EQ(stats.idle, 0);
  EXPECT_EQ(stats.waiting, 0);

  std::thread waiter([&] { auto third = database.Acquire(); });
  // The waiter blocks in Acquire until a release (at most the 5 s acquire timeout).
  while (database.PoolStats().waiting != 1) std::this_thread::yield();
  { auto released = std::move(first); }
  waiter.join();
  stats = database.PoolStats();
  EXPECT_EQ(stats.waiting, 0);
  EXPECT_EQ(stats.idle, 1);  // the waiter's lease came back
  EXPECT_EQ(stats.open, 2);
}

TEST_F(SqliteDatabaseTest, WriteLockTimesOutWhileAnotherWriterHoldsIt) {
  auto database = Open(100ms);
  auto held = database.LockWriter();
  std::thread other([&] { EXPECT_THROW(database.LockWriter(), std::runtime_error); });
  other.join();
  held.Release();
  EXPECT_NO_THROW(database.LockWriter());
}

TEST_F(SqliteDatabaseTest, ErrorsCarrySqliteMessagesButNoBoundValues) {
  auto database = Open();
  database.Migrate();
  auto connection = database.Acquire();
  const char* insert = "INSERT INTO audit_events (id, at, action) VALUES (?, 1, 'user.updated')";
  connection->Prepare(insert).Bind(1, "secret-looking-id-123").Execute();
  try {
    connection->Prepare(insert).Bind(1, "secret-looking-id-123").Execute();
    FAIL() << "duplicate primary key accepted";
  } catch (const SqliteError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(error.IsUniqueViolation());
    EXPECT_NE(message.find("UNIQUE constraint failed: audit_events.id"), std::string::npos)
        << message;
    EXPECT_EQ(message.find("secret-looking-id-123"), std::string::npos) << message;
  }
}

TEST_F(SqliteDatabaseTest, EveryLookupUsesItsIndex) {
  auto database = Open();
  database.Migrate();
  auto connection = database.Acquire();
  // The repositories' look-ups and the step of the plan that must serve each one.
  const std::pair<const char*, const char*> lookups[] = {
      // rampart:begin(iam)
      {"SELECT id FROM users WHERE email = 'a@b.c' AND deleted_at IS NULL",
       "SEARCH users USING INDEX users_email_key (email=?)"},
      {"SELECT id FROM users WHERE id = 'x' AND deleted_at IS NULL",
       "SEARCH users USING INDEX sqlite_autoindex_users_1 (id=?)"},
      {"SELECT role_id FROM user_roles WHERE user_id = 'x'",
       "SEARCH user_roles USING PRIMARY KEY (user_id=?)"},
      {"SELECT COUNT(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = 'x'",
       "SEARCH ur USING COVERING INDEX user_roles_role_idx (role_id=?)"},
      {"SELECT id FROM roles WHERE name = 'x'",
       "SEARCH roles USING INDEX sqlite_autoindex_roles_2 (name=?)"},
      {"SELECT permission FROM role_permissions WHERE role_id = 'x'",
       "SEARCH role_permissions USING PRIMARY KEY (role_id=?)"},
      {"SELECT id FROM sessions WHERE user_id = 'x' ORDER BY created_at DESC, rowid DESC",
       "SEARCH sessions USING INDEX sessions_user_idx (user_id=?)"},
      {"SELECT token_hash FROM refresh_tokens WHERE session_id = 'x'",
       "SEARCH refresh_tokens USING COVERING INDEX refresh_tokens_session_idx (session_id=?)"},
      // rampart:end
      {"SELECT id FROM audit_events ORDER BY at DESC, rowid DESC LIMIT 50",
       "SCAN audit_events USING INDEX audit_events_at_idx"},
      {"SELECT id FROM audit_events WHERE actor_id = 'x' ORDER BY at DESC, rowid DESC LIMIT 50",
       "SEARCH audit_events USING INDEX audit_events_actor_idx (actor_id=?)"},
      {"SELECT id FROM audit_events WHERE action = 'x' ORDER BY at DESC, rowid DESC LIMIT 50",
       "SEARCH audit_events USING INDEX audit_events_action_idx (action=?)"},
      {"SELECT id FROM audit_events WHERE target_id = 'x' ORDER BY at DESC, rowid DESC LIMIT 50",
       "SEARCH audit_events USING INDEX audit_events_target_idx (target_id=?)"},
  };
  for (const auto& [sql, expected] : lookups) {
    auto plan = connection->Prepare(std::string("EXPLAIN QUERY PLAN ") + sql);
    std::vector<std::string> steps;
    while (plan.Next()) steps.push_back(plan.Text(3));
    EXPECT_NE(std::find(steps.begin(), steps.end(), expected), steps.end())
        << sql << "\n  expected step: " << expected
        << "\n  plan: " << ::testing::PrintToString(steps);
    // Sorting after the fact would mean the ordered index is not used.
    EXPECT_EQ(std::find(steps.begin(), steps.end(), "USE TEMP B-TREE FOR ORDER BY"), steps.end())
        << sql;
  }
}

}  // namespace
}  // namespace rampart::infrastructure::sqlite
