// The start-up work of the identity core through the application layer: seeding the built-in
// roles and the administrator, and the e-mail address rules (case, Unicode normal forms,
// confusables, rewriting stored addresses).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "integration/login_tokens.hpp"
#include "integration/settable_clock.hpp"
#include "application/audit/list_audit_events.hpp"
#include "application/auth/login.hpp"
#include "application/auth/logout.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/auth/register_user.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/setup/normalise_stored_emails.hpp"
#include "application/setup/seed.hpp"
#include "application/users/change_password.hpp"
#include "application/users/get_me.hpp"
#include "application/users/update_me.hpp"
#include "domain/permission.hpp"
#include "integration/use_cases/dispatcher_harness.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/unicode/unicode_email_normaliser.hpp"

#include "integration/use_cases/identity_flows_harness.hpp"

namespace rampart::application {
namespace {

using domain::ErrorCode;

TEST_F(IdentityFlows, AdministratorIsSeededOnceWithEveryPermission) {
  auto tokens = Login("admin@localhost", "seed passphrase 123");
  ASSERT_TRUE(tokens);
  auto claims = services_->tokens.Verify(tokens->access_token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->roles, std::vector<std::string>{"admin"});
  EXPECT_EQ(claims->permissions.size(), domain::PermissionCatalogue().size());
  // A second start neither creates another administrator nor prints a password.
  auto again =
      dispatcher_->Send(SeedCommand{.admin_email = "admin@localhost"}, Caller::System("t"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->admin_created);
  EXPECT_FALSE(again->generated_password);
}

TEST_F(IdentityFlows, SeedRejectsAWeakAdministratorPasswordNamingTheVariable) {
  // A fresh database: no administrator yet.
  auto opened = OpenAnother("other");
  auto& factory = *opened;
  Services services = *services_;
  Services local{.database = factory,
                 .hasher = services.hasher,
                 .tokens = services.tokens,
                 .clock = services.clock,
                 .random = services.random,
                 .settings = services.settings};
  DatabaseAccessTokenCheck local_check(local);
  Dispatcher dispatcher(local, local_check);
  auto seeded =
      dispatcher.Send(SeedCommand{.admin_email = "admin@localhost", .admin_password = "short"},
                      Caller::System("t"));
  ASSERT_FALSE(seeded);
  EXPECT_EQ(seeded.error().fields.at(0).field, "RAMPART_ADMIN_PASSWORD");
  auto generated =
      dispatcher.Send(SeedCommand{.admin_email = "admin@localhost"}, Caller::System("t"));
  ASSERT_TRUE(generated);
  EXPECT_TRUE(generated->admin_created);
  ASSERT_TRUE(generated->generated_password);
  EXPECT_GE(generated->generated_password->size(), 20u);
}

// Production: no password configured means no administrator, never a generated password.
TEST_F(IdentityFlows, SeedWithoutAPasswordOrGenerationCreatesNoAdministrator) {
  auto opened = OpenAnother("production");
  auto& factory = *opened;
  Services local = *services_;
  Services production{.database = factory,
                      .hasher = local.hasher,
                      .tokens = local.tokens,
                      .clock = local.clock,
                      .random = local.random,
                      .settings = local.settings};
  DatabaseAccessTokenCheck check(production);
  Dispatcher dispatcher(production, check);
  auto seeded =
      dispatcher.Send(SeedCommand{.admin_email = "admin@localhost", .generate_password = false},
                      Caller::System("t"));
  ASSERT_TRUE(seeded);
  EXPECT_FALSE(seeded->admin_created);
  EXPECT_FALSE(seeded->generated_password);
  EXPECT_TRUE(seeded->admin_missing);
  EXPECT_EQ(factory.Begin(TransactionMode::kRead)->Users().CountWithRole(domain::kAdminRole), 0);
  // A configured password still creates one.
  auto configured = dispatcher.Send(SeedCommand{.admin_email = "admin@localhost",
                                                .admin_password = "seed passphrase 123",
                                                .generate_password = false},
                                    Caller::System("t"));
  ASSERT_TRUE(configured);
  EXPECT_TRUE(configured->admin_created);
  EXPECT_FALSE(configured->admin_missing);
}

TEST_F(IdentityFlows, SeedAuditsTheBuiltInRolesItCreatesAndThePermissionsAdminGains) {
  auto created = Audit(domain::audit::kRoleCreated);
  ASSERT_EQ(created.size(), 2u);  // newest first: user, then admin
  EXPECT_EQ(created[0].target_type, "role");
  EXPECT_EQ(created[0].details_json, R"({"via":"seed","name":"user","permissions":[]})");
  EXPECT_TRUE(
      created[1].details_json.starts_with(R"({"via":"seed","name":"admin","permissions":[")"))
      << created[1].details_json;
  EXPECT_EQ(created[1].correlation_id, "test");  // Caller::System("test")

  // A start with nothing new records nothing.
  ASSERT_TRUE(
      dispatcher_->Send(SeedCommand{.admin_email = "admin@localhost"}, Caller::System("again")));
  EXPECT_EQ(Audit(domain::audit::kRoleCreated).size(), 2u);
  EXPECT_TRUE(Audit(domain::audit::kRoleUpdated).empty());

  // As if the catalogue in code gained `audit.read` since the last start.
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    auto admin = *uow->Roles().FindByName(domain::kAdminRole);
    std::erase(admin.permissions, std::string(domain::permissions::kAuditRead));
    uow->Roles().Upsert(admin);
    uow->Commit();
  }
  ASSERT_TRUE(
      dispatcher_->Send(SeedCommand{.admin_email = "admin@localhost"}, Caller::System("upgrade")));
  const auto updated = Audit(domain::audit::kRoleUpdated);
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0].target_id, created[1].target_id);
  EXPECT_EQ(updated[0].actor_id, "");
  EXPECT_EQ(updated[0].correlation_id, "upgrade");
  EXPECT_EQ(updated[0].details_json,
            R"({"via":"seed","name":"admin","permissionsAdded":["audit.read"],)"
            R"("permissionsRemoved":[]})");
}

TEST_F(IdentityFlows, SeedKeepsTheAdminRolesDescriptionButRestoresItsPermissions) {
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    auto admin = *uow->Roles().FindByName(domain::kAdminRole);
    admin.description = "Our operators.";
    ASSERT_TRUE(uow->Roles().Update(admin));
    uow->Roles().SetPermissions(admin.id, {std::string(domain::permissions::kUsersRead)});
    uow->Commit();
  }
  ASSERT_TRUE(
      dispatcher_->Send(SeedCommand{.admin_email = "admin@localhost"}, Caller::System("again")));
  auto uow = factory_->Begin(TransactionMode::kRead);
  const auto admin = uow->Roles().FindByName(domain::kAdminRole);
  ASSERT_TRUE(admin.has_value());
  EXPECT_EQ(admin->description, "Our operators.");
  EXPECT_TRUE(admin->built_in);
  EXPECT_EQ(admin->permissions.size(), domain::PermissionCatalogue().size());
}

TEST_F(IdentityFlows, SeedGrantsAdminToAnExistingAccountAndAuditsTheRoleChange) {
  // A fresh database where the configured administrator address already signed up.
  auto opened = OpenAnother("grant");
  auto& factory = *opened;
  Services local{.database = factory,
                 .hasher = services_->hasher,
                 .tokens = services_->tokens,
                 .clock = services_->clock,
                 .random = services_->random,
                 .settings = services_->settings};
  DatabaseAccessTokenCheck local_check(local);
  Dispatcher dispatcher(local, local_check);
  // A refused seed still syncs the catalogue and the built-in roles.
  ASSERT_FALSE(
      dispatcher.Send(SeedCommand{.admin_email = "boss@example.com", .admin_password = "short"},
                      Caller::System("t")));
  auto user = dispatcher.Send(
      RegisterUserCommand{
          .email = "boss@example.com", .password = kPassword, .display_name = "Boss"},
      Caller{.request = context_});
  ASSERT_TRUE(user);
  auto seeded = dispatcher.Send(
      SeedCommand{.admin_email = "boss@example.com", .admin_password = "seed passphrase 123"},
      Caller::System("start-up"));
  ASSERT_TRUE(seeded);
  EXPECT_FALSE(seeded->admin_created);
  auto uow = factory.Begin(TransactionMode::kRead);
  const auto changed = uow->Audit().List({.action = domain::audit::kUserRolesChanged});
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].actor_id, "");
  EXPECT_EQ(changed[0].target_type, "user");
  EXPECT_EQ(changed[0].target_id, user->id);
  EXPECT_EQ(changed[0].correlation_id, "start-up");
  EXPECT_EQ(changed[0].details_json, R"({"via":"seed","added":["admin"]})");
}

TEST_F(IdentityFlows, AnUpperCaseAddressSignsInAsTheLowerCaseAccount) {
  auto tokens = Login("ADMIN@LOCALHOST", "seed passphrase 123");
  ASSERT_TRUE(tokens) << tokens.error().detail;
  EXPECT_EQ(Me(*tokens)->email.value(), "admin@localhost");
}

TEST_F(IdentityFlows, NfcAndNfdSpellingsAndUAndALabelsAreOneAccount) {
  const auto user = Register("jos\xC3\xA9@ex\xC3\xA4mple.com");  // josé@exämple.com, NFC
  EXPECT_EQ(user.email.value(), "jos\xC3\xA9@xn--exmple-cua.com");
  for (const char* same : {"jose\xCC\x81@exa\xCC\x88mple.com",  // NFD
                           "JOS\xC3\x89@xn--exmple-cua.com", "jos\xC3\xA9@EX\xC3\x84MPLE.COM"}) {
    auto again = Send(RegisterUserCommand{.email = same, .password = kPassword, .display_name = "A"});
    ASSERT_FALSE(again) << same;
    EXPECT_EQ(again.error().code, ErrorCode::kConflict) << same;
    auto tokens = Login(same);
    ASSERT_TRUE(tokens) << same;
    EXPECT_EQ(Me(*tokens)->id, user.id);
  }
}

TEST_F(IdentityFlows, ConfusableAddressesAreRefusedAtSignUp) {
  for (const char* bad : {"\xEF\xBD\x81\xEF\xBD\x84\xEF\xBD\x8D\xEF\xBD\x89\xEF\xBD\x8E@localhost",  // ａｄｍｉｎ
                          ".admin@localhost", "\xD0\xB0" "dmin@localhost"}) {
    auto user = Send(RegisterUserCommand{.email = bad, .password = kPassword, .display_name = "A"});
    ASSERT_FALSE(user) << bad;
    EXPECT_EQ(user.error().code, ErrorCode::kValidation) << bad;
    EXPECT_EQ(user.error().fields.at(0).field, "email");
  }
  // The Kelvin sign is the letter K (NFC): the same account as the ASCII spelling.
  Register("kelvin@example.com");
  auto kelvin = Send(RegisterUserCommand{
      .email = "\xE2\x84\xAA" "elvin@example.com", .password = kPassword, .display_name = "K"});
  ASSERT_FALSE(kelvin);
  EXPECT_EQ(kelvin.error().code, ErrorCode::kConflict);
}

// Addresses an earlier version stored out of normal form (it lower-cased ASCII only) are
// rewritten at start-up, unless the normal form is taken or refused.
TEST_F(IdentityFlows, StoredAddressesOutOfNormalFormAreRewrittenOnceUnlessTakenOrRefused) {
  const auto taken = Register("caf\xC3\xA9@example.com");
  const auto store = [&](std::string email) {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    domain::User user{.id = random_.NewUuid(),
                      .email = domain::Email::FromStored(std::move(email)),
                      .display_name = "Legacy",
                      .password_hash = hasher_.Hash(kPassword)};
    user.created_at = user.updated_at = clock_.Now();
    EXPECT_TRUE(uow->Users().Add(user));
    uow->Commit();
    return user.id;
  };
  const auto nfd = store("jose\xCC\x81@ex\xC3\xA4mple.com");    // NFD, U-label domain
  const auto upper = store("\xC3\x84nne@example.com");             // Änne: ASCII-only lower-casing
  const auto twin = store("cafe\xCC\x81@example.com");             // NFD of `taken`
  const auto fullwidth = store("\xEF\xBD\x81@example.com");        // ａ, refused today
  ASSERT_FALSE(Login("jos\xC3\xA9@ex\xC3\xA4mple.com")) << "typed input is normalised, the row is not";

  auto outcome = dispatcher_->Send(NormaliseStoredEmailsCommand{}, Caller::System("test"));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->normalised, 2);
  std::set<std::string> kept;
  for (const auto& entry : outcome->kept) kept.insert(entry.user_id);
  EXPECT_EQ(kept, (std::set<std::string>{twin, fullwidth}));
  auto uow = factory_->Begin(TransactionMode::kRead);
  EXPECT_EQ(uow->Users().FindById(nfd)->email.value(), "jos\xC3\xA9@xn--exmple-cua.com");
  EXPECT_EQ(uow->Users().FindById(upper)->email.value(), "\xC3\xA4nne@example.com");
  EXPECT_EQ(uow->Users().FindById(twin)->email.value(), "cafe\xCC\x81@example.com");
  EXPECT_EQ(uow->Users().FindById(taken.id)->email.value(), "caf\xC3\xA9@example.com");
  uow.reset();
  auto tokens = Login("JOS\xC3\x89@EX\xC3\x84MPLE.COM");
  ASSERT_TRUE(tokens);
  EXPECT_EQ(Me(*tokens)->id, nfd);
  EXPECT_EQ(Audit(domain::audit::kUserUpdated).size(), 2u);

  auto again = dispatcher_->Send(NormaliseStoredEmailsCommand{}, Caller::System("test"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->normalised, 0);
  EXPECT_EQ(again->kept.size(), 2u);

  // A kept address that today's rules refuse still signs in, typed as it was stored; so does
  // an ASCII one a newer rule refuses. Neither could be registered today.
  const auto dotted = store(".legacy@example.com");
  auto by_fullwidth = Login("\xEF\xBD\x81@EXAMPLE.com");
  ASSERT_TRUE(by_fullwidth);
  EXPECT_EQ(Me(*by_fullwidth)->id, fullwidth);
  auto by_dot = Login(" .Legacy@example.com");
  ASSERT_TRUE(by_dot);
  EXPECT_EQ(Me(*by_dot)->id, dotted);
  EXPECT_FALSE(Send(RegisterUserCommand{
      .email = ".other@example.com", .password = kPassword, .display_name = "A"}));
}

}  // namespace
}  // namespace rampart::application
