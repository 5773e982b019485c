// SQLite-specific behaviour of the unit of work and repositories that the shared contract
// (tests/integration/repository_contract.cpp) cannot reach through the ports.
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/audit_event.hpp"
#include "domain/permission.hpp"
#include "infrastructure/persistence/sqlite/random_uuid.hpp"
#include "infrastructure/persistence/sqlite/sqlite_test_support.hpp"
#include "infrastructure/sqlite/sqlite_error.hpp"

namespace rampart::infrastructure::sqlite {
namespace {

using application::TransactionMode;
using test_support::TempDatabaseFactory;
using test_support::TempDirectory;

domain::TimePoint At(long long seconds) { return domain::TimePoint(std::chrono::seconds(seconds)); }

// rampart:begin(iam)
domain::User MakeUser(std::string_view email) {
  return domain::User{.id = RandomUuid(),
                      .email = *domain::Email::Parse(email),
                      .display_name = "Test",
                      .password_hash = "$argon2id$test",
                      .created_at = At(1767225600),
                      .updated_at = At(1767225600)};
}
// rampart:end

domain::AuditEvent MakeEvent(std::string actor) {
  return {.id = RandomUuid(),
          .at = At(1767225600),
          .action = domain::audit::kNoteUpdated,
          .actor_id = std::move(actor)};
}

long long CountRows(SqliteDatabase& database, const char* table) {
  auto connection = database.Acquire();
  auto query = connection->Prepare(std::string("SELECT COUNT(*) FROM ") + table);
  query.Next();
  return query.Int(0);
}

TEST(RandomUuidTest, IsAVersion4UuidAndUnique) {
  const auto a = RandomUuid();
  const auto b = RandomUuid();
  ASSERT_EQ(a.size(), 36U);
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(SqliteUnitOfWorkTest, ReadUnitOfWorkRefusesToWrite) {
  TempDatabaseFactory factory;
  auto uow = factory.Begin(TransactionMode::kRead);
  EXPECT_THROW(uow->Audit().Append(MakeEvent("x")), std::logic_error);
  EXPECT_THROW(uow->Notes().Add({.id = RandomUuid(), .owner_id = "o", .title = "t"}),
               std::logic_error);
  EXPECT_EQ(uow->Notes().Count("o"), 0);  // reads still work
}

TEST(SqliteUnitOfWorkTest, CommitTwiceIsAnError) {
  TempDatabaseFactory factory;
  auto uow = factory.Begin(TransactionMode::kWrite);
  uow->Commit();
  EXPECT_THROW(uow->Commit(), std::logic_error);
}

TEST(SqliteUnitOfWorkTest, CommitReleasesTheWriteLockAtOnce) {
  TempDatabaseFactory factory;
  auto first = factory.Begin(TransactionMode::kWrite);
  first->Audit().Append(MakeEvent("a"));
  first->Commit();
  // `first` is still alive; a second writer must not wait for it.
  auto second = factory.Begin(TransactionMode::kWrite);
  second->Audit().Append(MakeEvent("b"));
  second->Commit();
  EXPECT_EQ(CountRows(factory.database(), "audit_events"), 2);
}

// rampart:begin(iam)
TEST(SqliteUserRepositoryTest, SoftDeletedUserIsInvisibleAndFreesItsEmail) {
  TempDatabaseFactory factory;
  const auto user = MakeUser("gone@example.com");
  {
    auto uow = factory.Begin(TransactionMode::kWrite);
    ASSERT_TRUE(uow->Users().Add(user).has_value());
    uow->Commit();
  }
  {
    auto connection = factory.database().Acquire();
    connection->Prepare("UPDATE users SET deleted_at = 1767225700 WHERE id = ?")
        .Bind(1, user.id)
        .Execute();
  }
  auto uow = factory.Begin(TransactionMode::kWrite);
  EXPECT_FALSE(uow->Users().FindById(user.id).has_value());
  EXPECT_FALSE(uow->Users().FindByEmail(user.email).has_value());
  EXPECT_EQ(uow->Users().Count(), 0);
  const auto updated = uow->Users().Update(user);
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, domain::ErrorCode::kNotFound);
  EXPECT_TRUE(uow->Users().Add(MakeUser("GONE@example.com")).has_value());
}

// The domain stores addresses lower-cased; the NOCASE column keeps uniqueness and look-ups
// case-insensitive even for a row written some other way (an import, a manual fix).
TEST(SqliteUserRepositoryTest, EmailColumnIgnoresCaseEvenForRowsWrittenMixedCase) {
  TempDatabaseFactory factory;
  const auto user = MakeUser("mixed@example.com");
  {
    auto uow = factory.Begin(TransactionMode::kWrite);
    ASSERT_TRUE(uow->Users().Add(user).has_value());
    uow->Commit();
  }
  {
    auto connection = factory.database().Acquire();
    connection->Prepare("UPDATE users SET email = 'Mixed@Example.COM' WHERE id = ?")
        .Bind(1, user.id)
        .Execute();
  }
  auto uow = factory.Begin(TransactionMode::kWrite);
  const auto found = uow->Users().FindByEmail(user.email);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, user.id);
  const auto added = uow->Users().Add(MakeUser("mixed@example.com"));
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().code, domain::ErrorCode::kConflict);
}

TEST(SqliteUserRepositoryTest, SetRolesWithAnUnknownRoleThrows) {
  TempDatabaseFactory factory;
  const auto user = MakeUser("roles@example.com");
  auto uow = factory.Begin(TransactionMode::kWrite);
  ASSERT_TRUE(uow->Users().Add(user).has_value());
  EXPECT_THROW(uow->Users().SetRoles(user.id, {"no-such-role"}), std::invalid_argument);
}

TEST(SqliteUserRepositoryTest, DuplicateIdIsAnErrorNotAConflict) {
  TempDatabaseFactory factory;
  const auto user = MakeUser("one@example.com");
  auto copy = MakeUser("two@example.com");
  copy.id = user.id;
  auto uow = factory.Begin(TransactionMode::kWrite);
  ASSERT_TRUE(uow->Users().Add(user).has_value());
  EXPECT_THROW((void)uow->Users().Add(copy), SqliteError);
}

TEST(SqliteRoleRepositoryTest, SyncPermissionsRemovesUnknownPermissionsWithTheirGrants) {
  TempDatabaseFactory factory;
  {
    auto uow = factory.Begin(TransactionMode::kWrite);
    uow->Roles().SyncPermissions();
    uow->Roles().Upsert({.name = "ops", .permissions = {"system.read"}});
    uow->Commit();
  }
  {
    auto connection = factory.database().Acquire();
    connection->ExecuteScript(
        "INSERT INTO permissions (name, description) VALUES ('legacy.thing', 'old');"
        "UPDATE permissions SET description = 'stale' WHERE name = 'users.read';"
        "INSERT INTO role_permissions (role_id, permission)"
        " SELECT id, 'legacy.thing' FROM roles WHERE name = 'ops';");
  }
  {
    auto uow = factory.Begin(TransactionMode::kWrite);
    EXPECT_EQ(uow->Roles().FindByName("ops")->permissions.size(), 2U);
    uow->Roles().SyncPermissions();
    uow->Commit();
  }
  auto uow = factory.Begin(TransactionMode::kRead);
  EXPECT_EQ(uow->Roles().FindByName("ops")->permissions, std::vector<std::string>{"system.read"});
  auto connection = factory.database().Acquire();
  auto legacy = connection->Prepare("SELECT COUNT(*) FROM permissions WHERE name = 'legacy.thing'");
  legacy.Next();
  EXPECT_EQ(legacy.Int(0), 0);
  auto described =
      connection->Prepare("SELECT description FROM permissions WHERE name = 'users.read'");
  ASSERT_TRUE(described.Next());
  EXPECT_EQ(described.Text(0), "List and read user accounts.");
  EXPECT_EQ(CountRows(factory.database(), "permissions"),
            static_cast<long long>(domain::PermissionCatalogue().size()));
}

// rampart:end

// Many small write transactions from two threads, with a reader alongside: none may fail with
// SQLITE_BUSY (or anything else).
TEST(SqliteConcurrencyTest, TwoWriterThreadsAndAReaderNeverSeeBusy) {
  TempDatabaseFactory factory;
  constexpr int kWritesPerThread = 300;
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  auto writer = [&](std::string actor) {
    for (int i = 0; i < kWritesPerThread; ++i) {
      try {
        auto uow = factory.Begin(TransactionMode::kWrite);
        uow->Audit().Append(MakeEvent(actor));
        uow->Commit();
      } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
        ++failures;
      }
    }
  };
  std::thread reader([&] {
    while (writing) {
      try {
        auto uow = factory.Begin(TransactionMode::kRead);
        (void)uow->Audit().List({.actor_id = "a", .limit = 10});
      } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
        ++failures;
      }
    }
  });
  std::thread a(writer, "a");
  std::thread b(writer, "b");
  a.join();
  b.join();
  writing = false;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountRows(factory.database(), "audit_events"), 2 * kWritesPerThread);
}

// Two SqliteDatabase objects on one file have separate in-process write locks, like two
// processes: SQLite's own busy_timeout must then serialise them.
TEST(SqliteConcurrencyTest, TwoDatabasesOnOneFileWaitForEachOther) {
  TempDirectory directory;
  const auto path = directory.path() / "shared.db";
  auto first = std::make_shared<SqliteDatabase>(SqliteOptions{.path = path, .pool_size = 2});
  first->Migrate();
  auto second = std::make_shared<SqliteDatabase>(SqliteOptions{.path = path, .pool_size = 2});
  constexpr int kWritesPerThread = 200;
  std::atomic<int> failures{0};
  auto writer = [&](std::shared_ptr<SqliteDatabase> database, std::string actor) {
    SqliteUnitOfWorkFactory factory(std::move(database));
    for (int i = 0; i < kWritesPerThread; ++i) {
      try {
        auto uow = factory.Begin(TransactionMode::kWrite);
        uow->Audit().Append(MakeEvent(actor));
        uow->Commit();
      } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
        ++failures;
      }
    }
  };
  std::thread a(writer, first, "a");
  std::thread b(writer, second, "b");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountRows(*first, "audit_events"), 2 * kWritesPerThread);
}

}  // namespace
}  // namespace rampart::infrastructure::sqlite
