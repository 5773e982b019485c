// The role use cases through the Dispatcher on the real adapters (the database, ES256 JWT,
// Argon2id) with the identity cache on: a role's permission change, rename or deletion is seen by
// the holder's very next request although their permissions and profile were cached; authorisation
// answers before validation; a refused command changes nothing and records nothing; audit events
// carry the actor and the request's origin.
#include <gtest/gtest.h>

#include "application/roles/create_role.hpp"
#include "application/roles/delete_role.hpp"
#include "application/roles/role_queries.hpp"
#include "application/roles/set_role_permissions.hpp"
#include "application/roles/update_role.hpp"
#include "application/users/get_me.hpp"
#include "application/users/list_users.hpp"
#include "application/users/user_roles.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

class RolesAdmin : public test_support::AdminUseCaseHarness {
 protected:
  RolesAdmin() {
    context_ = {.ip = "203.0.113.9", .user_agent = "roles-test", .correlation_id = "r"};
  }
};

TEST_F(RolesAdmin, APermissionChangeReachesTheHoldersNextRequestThroughTheCache) {
  auto [role, holder] = HeldRole("support", {});
  for (int i = 0; i < 2; ++i) {  // the second answer comes from the cached permissions
    auto denied = Send(ListUsersQuery{}, &holder);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, domain::ErrorCode::kForbidden);
  }
  auto granted =
      Send(SetRolePermissionsCommand{.role_id = role.id, .permissions = {"users.read"}}, &admin_);
  ASSERT_TRUE(granted) << granted.error().detail;
  EXPECT_EQ(granted->permissions, std::vector<std::string>{"users.read"});
  ASSERT_TRUE(Send(ListUsersQuery{}, &holder));
  ASSERT_TRUE(Send(ListUsersQuery{}, &holder));

  ASSERT_TRUE(Send(SetRolePermissionsCommand{.role_id = role.id, .permissions = {}}, &admin_));
  auto revoked = Send(ListUsersQuery{}, &holder);
  ASSERT_FALSE(revoked);
  EXPECT_EQ(revoked.error().code, domain::ErrorCode::kForbidden);
}

TEST_F(RolesAdmin, RenameAndDeleteReachTheHoldersCachedProfile) {
  auto [role, holder] = HeldRole("auditors", {"audit.read"});
  ASSERT_TRUE(Send(GetMeQuery{}, &holder));  // cached now
  ASSERT_TRUE(Send(UpdateRoleCommand{.role_id = role.id, .name = "reviewers"}, &admin_));
  auto me = Send(GetMeQuery{}, &holder);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->roles, (std::vector<std::string>{"reviewers", "user"}));

  ASSERT_TRUE(Send(DeleteRoleCommand{.role_id = role.id}, &admin_));
  me = Send(GetMeQuery{}, &holder);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->roles, std::vector<std::string>{"user"});
  const auto deleted = Events(domain::audit::kRoleDeleted);
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].details_json,
            R"({"name":"reviewers","permissions":["audit.read"],"holders":1})");
}

TEST_F(RolesAdmin, AuthorisationAnswersBeforeValidation) {
  auto [role, holder] = HeldRole("readers", {"roles.read"});
  // Invalid commands from a caller without roles.manage: 403, never 422 or 404.
  auto create = Send(CreateRoleCommand{.name = "Not A Slug", .permissions = {"nope"}}, &holder);
  ASSERT_FALSE(create);
  EXPECT_EQ(create.error().code, domain::ErrorCode::kForbidden);
  auto set =
      Send(SetRolePermissionsCommand{.role_id = "missing", .permissions = {"nope"}}, &holder);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code, domain::ErrorCode::kForbidden);
  auto anonymous = Send(ListRolesQuery{});
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, domain::ErrorCode::kUnauthorized);
  // roles.read is enough to read.
  ASSERT_TRUE(Send(GetRoleQuery{.role_id = role.id}, &holder));
  ASSERT_TRUE(Send(ListPermissionsQuery{}, &holder));
  // The same invalid command from an administrator: 422 naming each field.
  create =
      Send(CreateRoleCommand{.name = "Not A Slug", .permissions = {"users.read", "nope"}}, &admin_);
  ASSERT_FALSE(create);
  EXPECT_EQ(create.error().code, domain::ErrorCode::kValidation);
  ASSERT_EQ(create.error().fields.size(), 2u);
  EXPECT_EQ(create.error().fields[0].field, "name");
  EXPECT_EQ(create.error().fields[1].field, "permissions[1]");
}

TEST_F(RolesAdmin, RefusedCommandsChangeAndRecordNothing) {
  const auto before_created = Events(domain::audit::kRoleCreated).size();
  const auto before_updated = Events(domain::audit::kRoleUpdated).size();
  auto taken = Send(CreateRoleCommand{.name = "admin"}, &admin_);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, domain::ErrorCode::kConflict);

  const auto admin_role = *Send(ListRolesQuery{}, &admin_)->begin();
  ASSERT_EQ(admin_role.name, "admin");
  auto reduce = Send(
      SetRolePermissionsCommand{.role_id = admin_role.id, .permissions = {"users.read"}}, &admin_);
  ASSERT_FALSE(reduce);
  EXPECT_EQ(reduce.error().code, domain::ErrorCode::kConflict);
  auto rename = Send(UpdateRoleCommand{.role_id = admin_role.id, .name = "root"}, &admin_);
  ASSERT_FALSE(rename);
  EXPECT_EQ(rename.error().code, domain::ErrorCode::kConflict);
  auto remove = Send(DeleteRoleCommand{.role_id = admin_role.id}, &admin_);
  ASSERT_FALSE(remove);
  EXPECT_EQ(remove.error().code, domain::ErrorCode::kConflict);

  auto now = Send(GetRoleQuery{.role_id = admin_role.id}, &admin_);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->name, "admin");
  EXPECT_EQ(now->permissions.size(), domain::PermissionCatalogue().size());
  EXPECT_EQ(Events(domain::audit::kRoleCreated).size(), before_created);
  EXPECT_EQ(Events(domain::audit::kRoleUpdated).size(), before_updated);
  EXPECT_TRUE(Events(domain::audit::kRoleDeleted).empty());
}

TEST_F(RolesAdmin, AuditEventsCarryTheActorAndTheRequestsOrigin) {
  auto role = Send(
      CreateRoleCommand{.name = "ops", .description = "Operators.", .permissions = {"system.read"}},
      &admin_);
  ASSERT_TRUE(role);
  ASSERT_TRUE(Send(
      SetRolePermissionsCommand{.role_id = role->id, .permissions = {"audit.read", "system.read"}},
      &admin_));
  // Setting what it holds already is no change and no event.
  ASSERT_TRUE(Send(
      SetRolePermissionsCommand{.role_id = role->id, .permissions = {"system.read", "audit.read"}},
      &admin_));
  std::vector<domain::AuditEvent> events;
  for (const auto& event : Events(domain::audit::kRoleCreated)) {
    if (event.target_id == role->id) events.push_back(event);
  }
  for (const auto& event : Events(domain::audit::kRoleUpdated)) {
    if (event.target_id == role->id) events.push_back(event);
  }
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].details_json, R"({"name":"ops","permissions":["system.read"]})");
  EXPECT_EQ(events[1].details_json,
            R"({"name":"ops","permissionsAdded":["audit.read"],"permissionsRemoved":[]})");
  for (const auto& event : events) {
    EXPECT_EQ(event.actor_id, admin_.subject);
    EXPECT_EQ(event.target_type, "role");
    EXPECT_EQ(event.ip, "203.0.113.9");
    EXPECT_EQ(event.user_agent, "roles-test");
    EXPECT_EQ(event.correlation_id, "r");
  }
}

}  // namespace
}  // namespace rampart::application
