// Assigning a role while another transaction deletes it, on PostgreSQL at READ COMMITTED.
// Without a lock the use case validates the role (it still exists), the deletion commits, and the
// insert into user_roles fails on the foreign key: an exception, answered 500. The use cases
// lock the roles they validated (Roles().LockExisting, FOR SHARE), so the two serialise: a
// deletion in progress makes the assignment answer 422 (unknown role) once it commits, and an
// assignment in progress makes the deletion wait for it.
//
// Deterministic interleaving, as in pg_user_writes_test.cpp: one side holds its transaction
// open; the other runs on a thread until pg_stat_activity shows it waiting for a lock; then the
// first commits.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "application/auth/access_token_check.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/roles/delete_role.hpp"
#include "application/users/create_user.hpp"
#include "application/users/user_roles.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/pg_use_case_harness.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using namespace std::chrono_literals;
using application::Caller;
using application::TransactionMode;

class PgRoleAssignment : public ::testing::Test, protected test_support::PgUseCaseHarness {
 protected:
  void SetUp() override {
    database_.Migrate();
    const auto now = clock_.Now();
    auto uow = database_.Begin(TransactionMode::kWrite);
    uow->Roles().SyncPermissions();
    ASSERT_TRUE(uow->Roles()
                    .Add({.id = kAuditorId,
                          .name = "auditor",
                          .description = "reads the audit log",
                          .permissions = {"audit.read"},
                          .built_in = false})
                    .has_value());
    ASSERT_TRUE(uow->Roles()
                    .Add({.id = kUserRoleId,
                          .name = "user",
                          .description = "everyone",
                          .permissions = {},
                          .built_in = true})
                    .has_value());
    ASSERT_TRUE(uow->Users()
                    .Add({.id = kUserId,
                          .email = *domain::Email::Parse("holder@example.com"),
                          .display_name = "Holder",
                          .password_hash = hasher_.Hash("a passphrase 1234"),
                          .created_at = now,
                          .updated_at = now})
                    .has_value());
    uow->Users().SetRoles(kUserId, {"user"});
    uow->Commit();
  }

  // Runs `use_case` on a thread until it waits for a lock, then commits `first`.
  template <class UseCase>
  auto WhileOpen(std::unique_ptr<application::UnitOfWork> first, UseCase use_case) {
    auto running = std::async(std::launch::async, use_case);
    WaitForALockWaiter();
    first->Commit();
    return running.get();
  }

  void WaitForALockWaiter() {
    ASSERT_TRUE(test_support::WaitForALockWaiter(temp_.Url()))
        << "the use case never waited for a lock";
  }

  std::vector<std::string> StoredRoles() {
    return database_.Begin(TransactionMode::kRead)->Users().FindById(kUserId)->roles;
  }

  static constexpr const char* kAuditorId = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
  static constexpr const char* kUserRoleId = "3d4e5f6a-7b8c-4d9e-8f1a-2b3c4d5e6f7a";
  static constexpr const char* kUserId = "4e5f6a7b-8c9d-4e0f-9a2b-3c4d5e6f7a8b";
};

// The outcome of a use case that must not throw (an exception is a 500 over HTTP).
template <class Result, class UseCase>
std::optional<Result> Outcome(UseCase use_case) {
  try {
    return use_case();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "the use case threw (HTTP 500): " << error.what();
    return std::nullopt;
  }
}

TEST_F(PgRoleAssignment, AssigningARoleThatIsBeingDeletedAnswersUnknownRole) {
  auto deletion = database_.Begin(TransactionMode::kWrite);
  ASSERT_TRUE(deletion->Roles().Remove(kAuditorId));
  using Result = domain::Result<std::vector<domain::Role>>;
  const auto outcome = WhileOpen(std::move(deletion), [&] {
    return Outcome<Result>([&] {
      return dispatcher_.Send(
          application::SetUserRolesCommand{.user_id = kUserId, .roles = {"auditor", "user"}},
          Caller::System("test"));
    });
  });
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(outcome->has_value());
  EXPECT_EQ(outcome->error().code, domain::ErrorCode::kValidation);
  ASSERT_EQ(outcome->error().fields.size(), 1U);
  EXPECT_EQ(outcome->error().fields[0].message, "Unknown role: auditor.");
  EXPECT_EQ(StoredRoles(), std::vector<std::string>{"user"});
}

TEST_F(PgRoleAssignment, CreatingAUserWithARoleThatIsBeingDeletedAnswersUnknownRole) {
  auto deletion = database_.Begin(TransactionMode::kWrite);
  ASSERT_TRUE(deletion->Roles().Remove(kAuditorId));
  using Result = domain::Result<domain::User>;
  const auto outcome = WhileOpen(std::move(deletion), [&] {
    return Outcome<Result>([&] {
      return dispatcher_.Send(application::CreateUserCommand{.email = "new@example.com",
                                                             .password = "a passphrase 5678",
                                                             .display_name = "New",
                                                             .roles = {{"auditor"}}},
                              Caller::System("test"));
    });
  });
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(outcome->has_value());
  EXPECT_EQ(outcome->error().code, domain::ErrorCode::kValidation);
  EXPECT_FALSE(database_.Begin(TransactionMode::kRead)
                   ->Users()
                   .FindByEmail(*domain::Email::Parse("new@example.com"))
                   .has_value());
}

TEST_F(PgRoleAssignment, DeletingARoleWaitsForAnAssignmentInProgress) {
  auto assignment = database_.Begin(TransactionMode::kWrite);
  ASSERT_EQ(assignment->Roles().LockExisting({"auditor", "user"}),
            (std::vector<std::string>{"auditor", "user"}));
  assignment->Users().SetRoles(kUserId, {"auditor", "user"});
  const auto deleted = WhileOpen(std::move(assignment), [&] {
    return dispatcher_.Send(application::DeleteRoleCommand{.role_id = kAuditorId},
                            Caller::System("test"));
  });
  ASSERT_TRUE(deleted) << deleted.error().detail;
  // The assignment committed first; the deletion then took the role away from its holder.
  EXPECT_EQ(StoredRoles(), std::vector<std::string>{"user"});
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
