// The no-escalation rule for roles (docs/roles.md) under concurrency, on PostgreSQL at READ
// COMMITTED: a caller may change only a role whose permissions they all hold, so the check must
// see the permissions the change will apply to. While another transaction is granting the role
// a permission the caller lacks, a check on the role read without a lock passes on the old
// grants: the rename commits at once, the deletion waits only at its DELETE (for the grant's
// foreign-key lock) and then removes a role that now carries the permission. The use cases read
// the role with its row lock (RoleRepository::FindByIdForUpdate), so they wait for the grant
// and refuse (403) on what it committed.
//
// Deterministic interleaving, as in pg_user_writes_test.cpp: the granting transaction stays
// open; the use case runs on a thread until pg_stat_activity shows it waiting for a lock; then
// the grant commits.
#include <gtest/gtest.h>

#include <future>

#include "application/dispatch/dispatcher.hpp"
#include "application/roles/delete_role.hpp"
#include "application/roles/role_queries.hpp"
#include "application/roles/set_role_permissions.hpp"
#include "application/roles/update_role.hpp"
#include "infrastructure/persistence/postgres/pg_use_case_harness.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using application::Caller;
using application::TransactionMode;
using Names = std::vector<std::string>;

class PgRoleChanges : public ::testing::Test, protected test_support::PgUseCaseHarness {
 protected:
  void SetUp() override {
    database_.Migrate();
    const auto now = clock_.Now();
    auto uow = database_.Begin(TransactionMode::kWrite);
    uow->Roles().SyncPermissions();
    ASSERT_TRUE(uow->Roles()
                    .Add({.id = kAuditorsId,
                          .name = "auditors",
                          .description = "read the audit log",
                          .permissions = {"audit.read"},
                          .built_in = false})
                    .has_value());
    ASSERT_TRUE(uow->Users()
                    .Add({.id = kManagerId,
                          .email = *domain::Email::Parse("manager@example.com"),
                          .display_name = "Manager",
                          .password_hash = "unused",
                          .created_at = now,
                          .updated_at = now})
                    .has_value());
    uow->Commit();
  }

  // A caller holding roles.manage and audit.read (not users.delete), as the API's endpoint
  // guard hands it over (permissions already read for the request).
  Caller Manager() {
    return Caller{.request = {.ip = "203.0.113.5", .user_agent = "t", .correlation_id = "c"},
                  .principal = &claims_,
                  .actor = &manager_};
  }

  // Runs `use_case` while another transaction grants the auditors role users.delete; once the
  // use case waits for a lock, the grant commits.
  template <class UseCase>
  auto AgainstAGrantInProgress(UseCase use_case) {
    auto grant = database_.Begin(TransactionMode::kWrite);
    grant->Roles().SetPermissions(kAuditorsId, {"audit.read", "users.delete"});
    auto running = std::async(std::launch::async, use_case);
    const bool waited = test_support::WaitForALockWaiter(temp_.Url());
    grant->Commit();
    EXPECT_TRUE(waited) << "the use case never waited for the role's row lock";
    return running.get();
  }

  domain::Role Auditors() {
    return *database_.Begin(TransactionMode::kRead)->Roles().FindById(kAuditorsId);
  }

  static constexpr const char* kAuditorsId = "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c";
  static constexpr const char* kManagerId = "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d";
  application::AccessClaims claims_{.subject = kManagerId, .session_id = "s", .token_version = 0};
  application::Actor manager_{.user_id = kManagerId,
                              .permissions = {"audit.read", "roles.manage"},
                              .permissions_loaded = true};
};

TEST_F(PgRoleChanges, RenamingWaitsForAGrantInProgressAndRefusesWhatItGave) {
  auto renamed = AgainstAGrantInProgress([&] {
    return dispatcher_.Send(application::UpdateRoleCommand{.role_id = kAuditorsId, .name = "mine"},
                            Manager());
  });
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().code, domain::ErrorCode::kForbidden) << renamed.error().detail;
  EXPECT_EQ(Auditors().name, "auditors");
}

TEST_F(PgRoleChanges, DeletingWaitsForAGrantInProgressAndRefusesWhatItGave) {
  auto deleted = AgainstAGrantInProgress([&] {
    return dispatcher_.Send(application::DeleteRoleCommand{.role_id = kAuditorsId}, Manager());
  });
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, domain::ErrorCode::kForbidden) << deleted.error().detail;
  EXPECT_EQ(Auditors().permissions, (Names{"audit.read", "users.delete"}));
}

TEST_F(PgRoleChanges, ReplacingPermissionsWaitsForAGrantInProgressAndRefusesWhatItGave) {
  auto replaced = AgainstAGrantInProgress([&] {
    return dispatcher_.Send(
        application::SetRolePermissionsCommand{.role_id = kAuditorsId, .permissions = {}},
        Manager());
  });
  ASSERT_FALSE(replaced);
  EXPECT_EQ(replaced.error().code, domain::ErrorCode::kForbidden) << replaced.error().detail;
  EXPECT_EQ(Auditors().permissions, (Names{"audit.read", "users.delete"}));
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
