// Two instances starting at once on an empty PostgreSQL database: both read "no built-in role",
// but only the one whose insert creates the row may record role.created. Deterministic
// interleaving as in pg_role_assignment_test.cpp: the first instance's insert is held open; the
// seed runs on a thread until pg_stat_activity shows it waiting for that row; then the first
// commits. Without the fix the seed's upsert waits, overwrites, and records a second
// role.created for `admin`.
#include <gtest/gtest.h>

#include <future>

#include "application/auth/access_token_check.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/setup/seed.hpp"
#include "domain/permission.hpp"
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

using application::Caller;
using application::TransactionMode;

class PgSeedRace : public ::testing::Test, protected test_support::PgUseCaseHarness {
 protected:
  void SetUp() override { database_.Migrate(); }

  domain::Result<application::SeedResult> Seed(const char* correlation) {
    return dispatcher_.Send(application::SeedCommand{.create_admin = false},
                            Caller::System(correlation));
  }

  // The names in the role.created events, oldest first.
  std::vector<std::string> CreatedRoleNames() {
    auto uow = database_.Begin(TransactionMode::kRead);
    auto events = uow->Audit().List({.action = std::string(domain::audit::kRoleCreated)});
    std::vector<std::string> names;
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      const auto& details = it->details_json;
      const auto start = details.find(R"("name":")");
      names.push_back(start == std::string::npos
                          ? details
                          : details.substr(start + 8, details.find('"', start + 8) - start - 8));
    }
    return names;
  }

  long long Count(std::string_view action) {
    return database_.Begin(TransactionMode::kRead)->Audit().Count({.action = std::string(action)});
  }
};

TEST_F(PgSeedRace, SeedingTwiceRecordsEachBuiltInRoleOnce) {
  ASSERT_TRUE(Seed("first"));
  ASSERT_TRUE(Seed("second"));
  EXPECT_EQ(CreatedRoleNames(), (std::vector<std::string>{"admin", "user"}));
  EXPECT_EQ(Count(domain::audit::kRoleUpdated), 0);
}

TEST_F(PgSeedRace, OnlyTheInstanceWhoseInsertCreatedTheRoleRecordsIt) {
  {
    auto catalogue = database_.Begin(TransactionMode::kWrite);
    catalogue->Roles().SyncPermissions();
    catalogue->Commit();
  }
  // The other instance, half-way through its seed: `admin` inserted, its event appended, not
  // committed yet.
  auto other = database_.Begin(TransactionMode::kWrite);
  auto admin = application::BuiltInAdminRole();
  admin.id = random_.NewUuid();
  ASSERT_TRUE(other->Roles().Add(admin));
  other->Audit().Append({.id = random_.NewUuid(),
                         .at = clock_.Now(),
                         .action = std::string(domain::audit::kRoleCreated),
                         .target_type = "role",
                         .target_id = admin.id,
                         .correlation_id = "other",
                         .details_json = R"({"via":"seed","name":"admin","permissions":[]})"});

  auto seed = std::async(std::launch::async, [&] { return Seed("this"); });
  ASSERT_TRUE(test_support::WaitForALockWaiter(temp_.Url()))
      << "the seed never waited for the other instance's insert";
  other->Commit();
  const auto seeded = seed.get();
  ASSERT_TRUE(seeded) << seeded.error().detail;

  // `admin` once (the other instance's), `user` once (this one created it).
  EXPECT_EQ(CreatedRoleNames(), (std::vector<std::string>{"admin", "user"}));
  EXPECT_EQ(Count(domain::audit::kRoleUpdated), 0);
  auto uow = database_.Begin(TransactionMode::kRead);
  EXPECT_EQ(uow->Roles().FindByName("admin")->id, admin.id);
  EXPECT_EQ(uow->Roles().FindByName("admin")->permissions.size(), admin.permissions.size());
}

// Two instances of a new version (the catalogue gained a permission) starting at once: the
// first has granted it to `admin` and recorded role.updated, not committed yet. The seed waits
// for the admin role's row, then reads what the first stored and records nothing (it used to
// compare against what it had read before and record a second role.updated).
TEST_F(PgSeedRace, ACatalogueChangeIsRecordedOnceByTwoInstancesStartingAtOnce) {
  ASSERT_TRUE(Seed("old version"));
  {
    auto old_grants = database_.Begin(TransactionMode::kWrite);
    auto admin = *old_grants->Roles().FindByName("admin");
    std::erase(admin.permissions, std::string(domain::permissions::kAuditRead));
    old_grants->Roles().Upsert(admin);
    old_grants->Commit();
  }
  auto other = database_.Begin(TransactionMode::kWrite);
  const auto before = other->Roles().FindByNameForUpdate("admin");
  ASSERT_TRUE(before);
  const auto stored = other->Roles().Upsert(application::BuiltInAdminRole());
  other->Audit().Append(
      {.id = random_.NewUuid(),
       .at = clock_.Now(),
       .action = std::string(domain::audit::kRoleUpdated),
       .target_type = "role",
       .target_id = stored.id,
       .correlation_id = "other",
       .details_json = R"({"via":"seed","name":"admin","permissionsAdded":["audit.read"]})"});

  auto seed = std::async(std::launch::async, [&] { return Seed("this"); });
  ASSERT_TRUE(test_support::WaitForALockWaiter(temp_.Url()))
      << "the seed never waited for the other instance's update";
  other->Commit();
  const auto seeded = seed.get();
  ASSERT_TRUE(seeded) << seeded.error().detail;
  EXPECT_EQ(Count(domain::audit::kRoleUpdated), 1);
  const auto admin = database_.Begin(TransactionMode::kRead)->Roles().FindByName("admin");
  EXPECT_EQ(admin->permissions.size(), application::BuiltInAdminRole().permissions.size());
}

// The first administrator, the same way: the other instance's account committed after this
// seed counted no administrator. The seed finds it holding `admin` already and records nothing
// (it used to grant `admin` again and record user.roles.changed).
TEST_F(PgSeedRace, AnAdministratorCreatedMeanwhileByTheOtherInstanceIsLeftAlone) {
  ASSERT_TRUE(Seed("roles"));
  const auto now = clock_.Now();
  auto other = database_.Begin(TransactionMode::kWrite);
  const domain::User admin{.id = random_.NewUuid(),
                           .email = *domain::Email::Parse("admin@localhost"),
                           .display_name = "Administrator",
                           .password_hash = hasher_.Hash("the other instance's password"),
                           .email_verified = true,
                           .created_at = now,
                           .updated_at = now};
  ASSERT_TRUE(other->Users().Add(admin));
  other->Users().SetRoles(admin.id, {"admin"});

  auto seed = std::async(std::launch::async, [&] {
    return dispatcher_.Send(
        application::SeedCommand{.admin_email = "admin@localhost",
                                 .admin_password = "correct horse battery staple 7"},
        Caller::System("this"));
  });
  ASSERT_TRUE(test_support::WaitForALockWaiter(temp_.Url()))
      << "the seed never waited for the other instance's insert";
  other->Commit();
  const auto seeded = seed.get();
  ASSERT_TRUE(seeded) << seeded.error().detail;
  EXPECT_FALSE(seeded->admin_created);
  EXPECT_FALSE(seeded->generated_password.has_value());
  EXPECT_EQ(Count(domain::audit::kUserRolesChanged), 0);
  EXPECT_EQ(Count(domain::audit::kUserCreated), 0);
  auto uow = database_.Begin(TransactionMode::kRead);
  EXPECT_EQ(uow->Users().FindById(admin.id)->roles, std::vector<std::string>{"admin"});
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
