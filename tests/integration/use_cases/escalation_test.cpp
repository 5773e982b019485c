// The no-escalation rule (docs/roles.md) through the Dispatcher on the real adapters: holding
// `roles.manage` (or `users.write`) is not holding every permission. Nobody grants a permission
// they do not hold — to a role or, through a role, to a user (themselves included) — and nobody
// changes a user or a role that holds a permission they lack; the refusal is 403 naming what is
// missing as far as the caller may read it, and changes and records nothing. Changes within the
// caller's own permissions stay allowed, and the last-administrator guard (409) still answers
// for those allowed to try.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "application/roles/create_role.hpp"
#include "application/roles/delete_role.hpp"
#include "application/roles/role_queries.hpp"
#include "application/roles/set_role_permissions.hpp"
#include "application/roles/update_role.hpp"
#include "application/sessions/user_sessions.hpp"
#include "application/users/create_user.hpp"
#include "application/users/get_user.hpp"
#include "application/users/lock_user.hpp"
#include "application/users/update_user.hpp"
#include "application/users/user_roles.hpp"
#include "domain/permission.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using Names = std::vector<std::string>;

class Escalation : public test_support::AdminUseCaseHarness {
 protected:
  void SetUp() override {
    AdminUseCaseHarness::SetUp();
    admin_role_ = RoleNamed(domain::kAdminRole);
    ASSERT_FALSE(admin_role_.id.empty());
  }

  domain::Role RoleNamed(std::string_view name) {
    const auto roles = Send(ListRolesQuery{}, &admin_);
    for (const auto& role : *roles) {
      if (role.name == name) return role;
    }
    ADD_FAILURE() << "no role " << name;
    return {};
  }

  // Asserts a 403 and returns its detail.
  template <class R>
  std::string Refused(const R& result) {
    EXPECT_FALSE(result);
    if (result) return "";
    EXPECT_EQ(result.error().code, domain::ErrorCode::kForbidden) << result.error().detail;
    return result.error().detail;
  }

  Names RolesOf(const AccessClaims& user) {
    auto user_now = Send(GetUserQuery{.user_id = user.subject}, &admin_);
    EXPECT_TRUE(user_now);
    return user_now ? user_now->roles : Names{};
  }

  Names PermissionsOf(const domain::Role& role) {
    auto now = Send(GetRoleQuery{.role_id = role.id}, &admin_);
    EXPECT_TRUE(now);
    return now ? now->permissions : Names{};
  }

  static Names Catalogue() {
    Names names;
    for (const auto& permission : domain::PermissionCatalogue())
      names.emplace_back(permission.name);
    return names;
  }

  domain::Role admin_role_;
};

TEST_F(Escalation, RolesManageAloneCannotGiveItselfOrAnyoneAMorePrivilegedRole) {
  auto [own, manager] = HeldRole("managers", {"roles.manage"});
  auto [auditors, auditor] = HeldRole("auditors", {"audit.read"});
  const auto plain = SignIn("plain@example.com");

  auto detail =
      Refused(Send(SetUserRolesCommand{.user_id = manager.subject, .roles = {"admin"}}, &manager));
  EXPECT_EQ(detail, "You cannot grant a role that carries a permission you do not hold: admin.")
      << "names the role it was given, not what the role carries (no roles.read)";
  Refused(Send(
      SetUserRolesCommand{.user_id = manager.subject, .roles = {"managers", "user", "auditors"}},
      &manager));
  Refused(
      Send(SetUserRolesCommand{.user_id = plain.subject, .roles = {"user", "auditors"}}, &manager));
  auto create = Send(CreateUserCommand{.email = "boss@example.com",
                                       .password = "a perfectly fine passphrase",
                                       .display_name = "Boss",
                                       .roles = Names{"admin"}},
                     &manager);
  EXPECT_EQ(create.error().code, domain::ErrorCode::kForbidden) << "needs users.write first";

  EXPECT_EQ(RolesOf(manager), (Names{"managers", "user"}));
  EXPECT_EQ(RolesOf(plain), Names{"user"});
  EXPECT_EQ(Actions(manager.subject).front(), "user.roles.changed") << "only the admin's";
  EXPECT_EQ(Actions(plain.subject), Names{"user.created"});

  // Within its permissions: roles that carry nothing it lacks.
  auto given =
      Send(SetUserRolesCommand{.user_id = plain.subject, .roles = {"managers", "user"}}, &manager);
  ASSERT_TRUE(given) << given.error().detail;
  EXPECT_EQ(RolesOf(plain), (Names{"managers", "user"}));
  EXPECT_TRUE(Send(SetUserRolesCommand{.user_id = plain.subject, .roles = {"user"}}, &manager));
}

TEST_F(Escalation, CreatingAUserGrantsOnlyRolesWithinTheCallersPermissions) {
  auto [helpdesk, holder] = HeldRole("helpdesk", {"roles.manage", "users.write"});
  auto request = [](std::string email, Names roles) {
    return CreateUserCommand{.email = std::move(email),
                             .password = "a perfectly fine passphrase",
                             .display_name = "New",
                             .roles = std::move(roles)};
  };
  const auto created_before = Events(domain::audit::kUserCreated).size();
  Refused(Send(request("boss@example.com", {"admin"}), &holder));
  ASSERT_TRUE(Send(CreateRoleCommand{.name = "readers", .permissions = {"users.read"}}, &admin_));
  Refused(Send(request("reader@example.com", {"readers", "user"}), &holder));
  EXPECT_EQ(Events(domain::audit::kUserCreated).size(), created_before);

  auto peer = Send(request("peer@example.com", {"helpdesk"}), &holder);
  ASSERT_TRUE(peer) << peer.error().detail;
  EXPECT_EQ(peer->roles, Names{"helpdesk"});
}

TEST_F(Escalation, NobodyPutsAPermissionTheyLackOnARole) {
  auto [own, manager] = HeldRole("managers", {"roles.manage", "roles.read"});
  const auto created_before = Events(domain::audit::kRoleCreated).size();

  auto detail = Refused(
      Send(SetRolePermissionsCommand{.role_id = own.id, .permissions = Catalogue()}, &manager));
  EXPECT_EQ(detail,
            "You cannot grant a permission you do not hold. Missing: audit.read, mfa.manage, "
            "service_accounts.manage, sessions.manage, system.read, users.delete, users.read, "
            "users.write.");
  Refused(Send(CreateRoleCommand{.name = "shadow", .permissions = {"roles.manage", "audit.read"}},
               &manager));
  EXPECT_EQ(PermissionsOf(own), (Names{"roles.manage", "roles.read"}));
  EXPECT_EQ(Events(domain::audit::kRoleCreated).size(), created_before);

  // Within its permissions.
  auto made = Send(CreateRoleCommand{.name = "viewers", .permissions = {"roles.read"}}, &manager);
  ASSERT_TRUE(made) << made.error().detail;
  auto widened = Send(
      SetRolePermissionsCommand{.role_id = made->id, .permissions = {"roles.manage", "roles.read"}},
      &manager);
  ASSERT_TRUE(widened) << widened.error().detail;
  EXPECT_EQ(widened->permissions, (Names{"roles.manage", "roles.read"}));
}

TEST_F(Escalation, NobodyChangesARoleCarryingAPermissionTheyLack) {
  auto [own, manager] = HeldRole("managers", {"roles.manage"});
  const auto auditors =
      *Send(CreateRoleCommand{.name = "auditors", .permissions = {"audit.read"}}, &admin_);
  const auto before_updates = Events(domain::audit::kRoleUpdated).size();

  for (const auto& role : {admin_role_, auditors}) {
    SCOPED_TRACE(role.name);
    // 403 before the built-in protection's 409: the caller may not even try.
    auto detail = Refused(Send(UpdateRoleCommand{.role_id = role.id, .name = "mine"}, &manager));
    EXPECT_EQ(detail,
              "This role carries a permission you do not have: only someone who holds it may "
              "rename, delete or change the role.")
        << "no roles.read: what the role carries is not named";
    Refused(Send(UpdateRoleCommand{.role_id = role.id, .description = "Mine."}, &manager));
    Refused(Send(SetRolePermissionsCommand{.role_id = role.id, .permissions = {}}, &manager));
    Refused(Send(SetRolePermissionsCommand{.role_id = role.id, .permissions = role.permissions},
                 &manager));
    Refused(Send(DeleteRoleCommand{.role_id = role.id}, &manager));
    EXPECT_EQ(PermissionsOf(role), role.permissions);
  }
  EXPECT_EQ(Events(domain::audit::kRoleUpdated).size(), before_updates);
  EXPECT_TRUE(Events(domain::audit::kRoleDeleted).empty());

  // With roles.read the refusal names what is missing.
  auto [reader_role, reader] = HeldRole("role-readers", {"roles.manage", "roles.read"});
  EXPECT_EQ(Refused(Send(DeleteRoleCommand{.role_id = auditors.id}, &reader)),
            "This role carries a permission you do not have: only someone who holds it may "
            "rename, delete or change the role. Missing: audit.read.");

  // Its own role, and roles carrying no more than it holds, it may change and delete.
  auto renamed = Send(UpdateRoleCommand{.role_id = own.id, .description = "Managers."}, &manager);
  ASSERT_TRUE(renamed) << renamed.error().detail;
  auto made = Send(CreateRoleCommand{.name = "spare", .permissions = {"roles.manage"}}, &manager);
  ASSERT_TRUE(made);
  EXPECT_TRUE(Send(UpdateRoleCommand{.role_id = made->id, .name = "spare2"}, &manager));
  EXPECT_TRUE(Send(SetRolePermissionsCommand{.role_id = made->id, .permissions = {}}, &manager));
  EXPECT_TRUE(Send(DeleteRoleCommand{.role_id = made->id}, &manager));
  // The built-in protection still answers to whoever may try: `user` carries nothing.
  EXPECT_EQ(
      Send(DeleteRoleCommand{.role_id = RoleNamed(domain::kUserRole).id}, &manager).error().code,
      domain::ErrorCode::kConflict);
}

TEST_F(Escalation, NobodyChangesAUserWhoHoldsAPermissionTheyLack) {
  auto [managers, manager] = HeldRole("managers", {"roles.manage"});
  auto [sessions, session_manager] = HeldRole("session-managers", {"sessions.manage"});
  auto [writers, writer] = HeldRole("writers", {"users.read", "users.write"});

  // Demoting the administrator: 403, not the last-administrator guard's 409.
  EXPECT_EQ(
      Refused(Send(SetUserRolesCommand{.user_id = admin_.subject, .roles = {"user"}}, &manager)),
      "This user holds a permission you do not have: only someone who holds it may change, "
      "lock, delete or assign roles to the account.");
  Refused(Send(SetUserRolesCommand{.user_id = admin_.subject, .roles = {"admin", "managers"}},
               &manager));
  Refused(Send(RevokeUserSessionsCommand{.user_id = admin_.subject}, &session_manager));
  // With users.read the refusal names what is missing.
  const auto detail = Refused(Send(LockUserCommand{.user_id = manager.subject}, &writer));
  EXPECT_NE(detail.find("Missing: roles.manage."), std::string::npos) << detail;
  Refused(Send(UpdateUserCommand{.user_id = admin_.subject, .display_name = "Mallory"}, &writer));
  EXPECT_EQ(RolesOf(admin_), Names{"admin"});
  EXPECT_EQ(Actions(admin_.subject), Names{"user.created"});

  // Users holding nothing it lacks are fair game, itself included.
  const auto plain = SignIn("plain@example.com");
  EXPECT_TRUE(Send(SetUserRolesCommand{.user_id = plain.subject, .roles = {"managers"}}, &manager));
  EXPECT_TRUE(Send(SetUserRolesCommand{.user_id = manager.subject, .roles = {"managers", "user"}},
                   &manager));
  const auto other = SignIn("other@example.com");
  EXPECT_TRUE(Send(LockUserCommand{.user_id = other.subject}, &writer));
  Refused(Send(LockUserCommand{.user_id = plain.subject}, &writer));  // holds roles.manage now
}

TEST_F(Escalation, PermissionsNotRoleNamesDecide) {
  // A custom role with the whole catalogue may do what `admin` may, including administering the
  // admin role and its holders; the last-administrator guard still answers 409.
  auto [everything, root] = HeldRole("everything", Catalogue());
  EXPECT_TRUE(Send(UpdateRoleCommand{.role_id = admin_role_.id, .description = "Root."}, &root));
  auto demote = Send(SetUserRolesCommand{.user_id = admin_.subject, .roles = {"user"}}, &root);
  ASSERT_FALSE(demote);
  EXPECT_EQ(demote.error().code, domain::ErrorCode::kConflict) << demote.error().detail;
  auto promoted =
      Send(SetUserRolesCommand{.user_id = root.subject, .roles = {"admin", "everything"}}, &root);
  ASSERT_TRUE(promoted) << promoted.error().detail;
  // System callers (the CLI, the seed) have no actor and pass.
  EXPECT_TRUE(dispatcher_->Send(
      SetUserRolesCommand{.user_id = root.subject, .roles = {"everything"}}, Caller::System("t")));
}

}  // namespace
}  // namespace rampart::application
