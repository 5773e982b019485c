// Contract: roles, permissions and role grants.
#include "integration/repository_contract.hpp"

#include <algorithm>

#include "domain/permission.hpp"

namespace rampart::integration {

TEST_P(RepositoryContract, RoleWithEveryCataloguePermissionRoundTrips) {
  const auto stored = AddRole("admin", Catalogue());
  EXPECT_FALSE(stored.id.empty());
  EXPECT_EQ(Sorted(stored.permissions), Catalogue());
  const auto found = Read()->Roles().FindByName("admin");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, stored.id);
  EXPECT_EQ(found->name, "admin");
  EXPECT_EQ(found->description, "A test role.");
  EXPECT_FALSE(found->built_in);
  EXPECT_EQ(Sorted(found->permissions), Catalogue());
}

TEST_P(RepositoryContract, FindByNameForUpdateReadsWhatFindByNameReads) {
  const auto stored = AddRole("auditor", {std::string(domain::permissions::kAuditRead)});
  auto uow = Write();
  const auto locked = uow->Roles().FindByNameForUpdate("auditor");
  ASSERT_TRUE(locked.has_value());
  EXPECT_EQ(locked->id, stored.id);
  EXPECT_EQ(locked->name, "auditor");
  EXPECT_EQ(locked->description, "A test role.");
  EXPECT_EQ(locked->permissions, std::vector<std::string>{"audit.read"});
  EXPECT_FALSE(uow->Roles().FindByNameForUpdate("nobody").has_value());
  uow->Commit();
}

TEST_P(RepositoryContract, FindByIdForUpdateReadsWhatFindByIdReads) {
  const auto stored = AddRole("auditor", {std::string(domain::permissions::kAuditRead)});
  auto uow = Write();
  const auto locked = uow->Roles().FindByIdForUpdate(stored.id);
  ASSERT_TRUE(locked.has_value());
  EXPECT_EQ(locked->id, stored.id);
  EXPECT_EQ(locked->name, "auditor");
  EXPECT_EQ(locked->description, "A test role.");
  EXPECT_EQ(locked->permissions, std::vector<std::string>{"audit.read"});
  EXPECT_FALSE(uow->Roles().FindByIdForUpdate(NewId()).has_value());
  EXPECT_FALSE(uow->Roles().FindByIdForUpdate("not-a-uuid").has_value());
  uow->Commit();
}

TEST_P(RepositoryContract, SyncPermissionsIsIdempotentAndKeepsGrants) {
  AddRole("auditor", {std::string(domain::permissions::kAuditRead)});
  {
    auto uow = Write();
    uow->Roles().SyncPermissions();
    uow->Roles().SyncPermissions();
    uow->Commit();
  }
  const auto found = Read()->Roles().FindByName("auditor");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->permissions, std::vector<std::string>{"audit.read"});
}

TEST_P(RepositoryContract, UpsertUpdatesAnExistingRoleInPlace) {
  const auto created = AddRole("support", {"users.read", "users.write"});
  {
    auto uow = Write();
    const auto updated = uow->Roles().Upsert({.id = "",
                                              .name = "support",
                                              .description = "Help desk.",
                                              .permissions = {"sessions.manage", "users.read"},
                                              .built_in = true});
    EXPECT_EQ(updated.id, created.id);
    uow->Commit();
  }
  auto uow = Read();
  const auto found = uow->Roles().FindByName("support");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, created.id);
  EXPECT_EQ(found->description, "Help desk.");
  EXPECT_TRUE(found->built_in);
  EXPECT_EQ(Sorted(found->permissions),
            (std::vector<std::string>{"sessions.manage", "users.read"}));
  EXPECT_EQ(uow->Roles().List().size(), 1U);
}

TEST_P(RepositoryContract, UpsertKeepsTheIdOfANewRole) {
  const std::string id = NewId();
  auto uow = Write();
  uow->Roles().SyncPermissions();
  const auto stored = uow->Roles().Upsert(
      {.id = id, .name = "viewer", .description = "", .permissions = {}, .built_in = false});
  EXPECT_EQ(stored.id, id);
  uow->Commit();
  const auto found = Read()->Roles().FindByName("viewer");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_TRUE(found->permissions.empty());
}

TEST_P(RepositoryContract, ListReturnsEveryRoleWithItsPermissions) {
  AddRole("b-role", {"roles.read"});
  AddRole("a-role", {"users.read", "audit.read"});
  AddRole("c-role", {});
  auto roles = Read()->Roles().List();
  ASSERT_EQ(roles.size(), 3U);
  std::sort(roles.begin(), roles.end(),
            [](const domain::Role& l, const domain::Role& r) { return l.name < r.name; });
  EXPECT_EQ(roles[0].name, "a-role");
  EXPECT_EQ(Sorted(roles[0].permissions), (std::vector<std::string>{"audit.read", "users.read"}));
  EXPECT_EQ(roles[1].permissions, std::vector<std::string>{"roles.read"});
  EXPECT_TRUE(roles[2].permissions.empty());
  EXPECT_FALSE(Read()->Roles().FindByName("d-role").has_value());
}

TEST_P(RepositoryContract, SetRolesReplacesTheUsersRoles) {
  AddRole("admin", Catalogue());
  AddRole("user", {});
  AddRole("support", {"users.read"});
  const auto user = AddUser("roles@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {"user", "support"});
    uow->Commit();
  }
  EXPECT_EQ(Sorted(Read()->Users().FindById(user.id)->roles),
            (std::vector<std::string>{"support", "user"}));
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {"admin"});
    uow->Commit();
  }
  const auto found = Read()->Users().FindByEmail(user.email);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->roles, std::vector<std::string>{"admin"});
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {});
    uow->Commit();
  }
  EXPECT_TRUE(Read()->Users().FindById(user.id)->roles.empty());
}

TEST_P(RepositoryContract, PermissionsOfAreDistinctAndSorted) {
  AddRole("writer", {"users.write", "users.read", "audit.read"});
  AddRole("reader", {"users.read", "roles.read"});
  const auto user = AddUser("perms@example.com");
  const auto other = AddUser("none@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {"writer", "reader"});
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_EQ(uow->Users().PermissionsOf(user.id),
            (std::vector<std::string>{"audit.read", "roles.read", "users.read", "users.write"}));
  EXPECT_TRUE(uow->Users().PermissionsOf(other.id).empty());
}

TEST_P(RepositoryContract, AddStoresANewRoleAndRefusesATakenName) {
  const std::string id = NewId();
  {
    auto uow = Write();
    uow->Roles().SyncPermissions();
    ASSERT_TRUE(uow->Roles().Add({.id = id,
                                  .name = "auditor",
                                  .description = "Reads the log.",
                                  .permissions = {"users.read", "audit.read", "users.read"},
                                  .built_in = false}));
    const auto taken = uow->Roles().Add({.id = NewId(),
                                         .name = "auditor",
                                         .description = "",
                                         .permissions = {},
                                         .built_in = false});
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, domain::ErrorCode::kConflict);
    // The transaction stays usable after the conflict.
    ASSERT_TRUE(uow->Roles().Add(
        {.id = NewId(), .name = "other", .description = "", .permissions = {}, .built_in = false}));
    uow->Commit();
  }
  auto uow = Read();
  const auto found = uow->Roles().FindById(id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "auditor");
  EXPECT_EQ(found->description, "Reads the log.");
  EXPECT_FALSE(found->built_in);
  EXPECT_EQ(found->permissions, (std::vector<std::string>{"audit.read", "users.read"}));
  EXPECT_EQ(uow->Roles().List().size(), 2U);
}

TEST_P(RepositoryContract, FindByIdIgnoresUnknownAndMalformedIds) {
  AddRole("known", {"roles.read"});
  auto uow = Read();
  EXPECT_FALSE(uow->Roles().FindById(NewId()).has_value());
  EXPECT_FALSE(uow->Roles().FindById("not-a-uuid").has_value());
  EXPECT_FALSE(uow->Roles().FindById("").has_value());
}

TEST_P(RepositoryContract, UpdateRenamesAndRedescribesButKeepsGrantsAndBuiltIn) {
  const auto role = AddRole("support", {"users.read"});
  AddRole("taken", {});
  {
    auto uow = Write();
    auto changed = role;
    changed.name = "helpdesk";
    changed.description = "Tier 1.";
    changed.permissions = {};  // not written by Update
    changed.built_in = true;   // not written by Update
    ASSERT_TRUE(uow->Roles().Update(changed));
    changed.name = "taken";
    const auto conflict = uow->Roles().Update(changed);
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().code, domain::ErrorCode::kConflict);
    changed.id = NewId();
    changed.name = "fresh";
    const auto missing = uow->Roles().Update(changed);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, domain::ErrorCode::kNotFound);
    changed.id = "not-a-uuid";
    EXPECT_FALSE(uow->Roles().Update(changed));
    uow->Commit();  // the transaction survived the failed updates
  }
  auto uow = Read();
  const auto found = uow->Roles().FindById(role.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "helpdesk");
  EXPECT_EQ(found->description, "Tier 1.");
  EXPECT_FALSE(found->built_in);
  EXPECT_EQ(found->permissions, std::vector<std::string>{"users.read"});
  EXPECT_FALSE(uow->Roles().FindByName("support").has_value());
}

TEST_P(RepositoryContract, SetPermissionsReplacesTheGrantsAndReachesHolders) {
  const auto role = AddRole("support", {"users.read"});
  const auto user = AddUser("holder@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {"support"});
    uow->Roles().SetPermissions(role.id, {"sessions.manage", "audit.read", "audit.read"});
    uow->Commit();
  }
  {
    auto uow = Read();
    EXPECT_EQ(uow->Roles().FindById(role.id)->permissions,
              (std::vector<std::string>{"audit.read", "sessions.manage"}));
    EXPECT_EQ(uow->Users().PermissionsOf(user.id),
              (std::vector<std::string>{"audit.read", "sessions.manage"}));
  }
  {
    auto uow = Write();
    uow->Roles().SetPermissions(role.id, {});
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_TRUE(uow->Roles().FindById(role.id)->permissions.empty());
  EXPECT_TRUE(uow->Users().PermissionsOf(user.id).empty());
}

TEST_P(RepositoryContract, RemoveDeletesTheRoleItsGrantsAndItsAssignments) {
  const auto doomed = AddRole("doomed", {"users.read", "audit.read"});
  AddRole("kept", {"roles.read"});
  const auto user = AddUser("holder@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {"doomed", "kept"});
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_TRUE(uow->Roles().Remove(doomed.id));
    EXPECT_FALSE(uow->Roles().Remove(doomed.id));
    EXPECT_FALSE(uow->Roles().Remove(NewId()));
    EXPECT_FALSE(uow->Roles().Remove("not-a-uuid"));
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_FALSE(uow->Roles().FindById(doomed.id).has_value());
  EXPECT_FALSE(uow->Roles().FindByName("doomed").has_value());
  EXPECT_EQ(uow->Users().FindById(user.id)->roles, std::vector<std::string>{"kept"});
  EXPECT_EQ(uow->Users().PermissionsOf(user.id), std::vector<std::string>{"roles.read"});
  EXPECT_EQ(uow->Users().CountWithRole("doomed"), 0);
  ASSERT_EQ(uow->Roles().List().size(), 1U);
}

TEST_P(RepositoryContract, LockExistingNamesTheRolesThatExistSortedAndDistinct) {
  AddRole("zeta", {});
  AddRole("alpha", {"users.read"});
  auto uow = Write();
  EXPECT_EQ(uow->Roles().LockExisting({"zeta", "missing", "alpha", "zeta"}),
            (std::vector<std::string>{"alpha", "zeta"}));
  EXPECT_TRUE(uow->Roles().LockExisting({"missing"}).empty());
  EXPECT_TRUE(uow->Roles().LockExisting({}).empty());
  uow->Commit();
}

}  // namespace rampart::integration
