// The identity use cases end to end through the application layer, on the real adapters
// (SQLite, Argon2id, ES256 JWT) with a settable clock for expiry: what the HTTP suite cannot
// reach without waiting days.
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
#include "infrastructure/persistence/sqlite/sqlite_use_case_harness.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/unicode/unicode_email_normaliser.hpp"

namespace rampart::application {
namespace {

using namespace std::chrono_literals;
using domain::ErrorCode;

constexpr const char* kPassword = "correct horse battery staple";

class IdentityFlows : public infrastructure::sqlite::test_support::SqliteUseCaseHarness {
 protected:
  IdentityFlows() {
    services_clock_ = &clock_;
    settings_ = {.refresh_idle_ttl = 14 * 24h, .session_max_lifetime = 90 * 24h};
    emails_ = &email_rules_;
    context_ = {.ip = "203.0.113.7", .user_agent = "flows-test", .correlation_id = "c-1"};
  }

  domain::User Register(std::string email) {
    auto user = Send(RegisterUserCommand{
        .email = std::move(email), .password = kPassword, .display_name = "Ada"});
    EXPECT_TRUE(user) << (user ? "" : user.error().detail);
    return *user;
  }
  domain::Result<TokenPair> Login(std::string email, std::string password = kPassword) {
    return integration::TokensOf(
        Send(LoginCommand{.email = std::move(email), .password = std::move(password)}));
  }
  domain::Result<TokenPair> Refresh(const std::string& token) {
    return Send(RefreshTokensCommand{.refresh_token = token});
  }
  domain::Result<domain::User> Me(const TokenPair& tokens) {
    auto claims = services_->tokens.Verify(tokens.access_token);
    if (!claims) return domain::Fail(claims.error());
    return Send(GetMeQuery{}, &*claims);
  }
  std::vector<domain::AuditEvent> Audit(std::string action) {
    auto uow = factory_->Begin(TransactionMode::kRead);
    return uow->Audit().List({.action = std::move(action), .limit = 100});
  }

  integration::SettableClock clock_;
  infrastructure::UnicodeEmailNormaliser email_rules_;
};

TEST_F(IdentityFlows, RegisterThenLoginGivesATokenForTheUser) {
  const auto user = Register("Ada@Example.com");
  EXPECT_EQ(user.email.value(), "ada@example.com");
  EXPECT_EQ(user.roles, std::vector<std::string>{"user"});
  auto tokens = Login("ADA@example.com");
  ASSERT_TRUE(tokens);
  auto me = Me(*tokens);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->id, user.id);
  const auto created = Audit(domain::audit::kUserCreated);  // newest first: then the seeded admin
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0].actor_id, user.id);
  EXPECT_EQ(created[0].target_id, user.id);
  EXPECT_EQ(created[0].details_json, R"({"via":"registration","roles":["user"]})");
  EXPECT_EQ(created[1].actor_id, "") << "the process seeded the administrator";
  EXPECT_EQ(created[1].details_json, R"({"via":"seed","roles":["admin"]})");
  ASSERT_EQ(Audit(domain::audit::kLoginSucceeded).size(), 1u);
  EXPECT_EQ(Audit(domain::audit::kLoginSucceeded)[0].ip, "203.0.113.7");
}

TEST_F(IdentityFlows, RegisterRejectsEveryBadFieldAtOnceAndDuplicates) {
  auto bad = Send(RegisterUserCommand{.email = "nope", .password = "short", .display_name = ""});
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().code, ErrorCode::kValidation);
  std::set<std::string> fields;
  for (const auto& field : bad.error().fields) fields.insert(field.field);
  EXPECT_EQ(fields, (std::set<std::string>{"email", "password", "displayName"}));

  Register("ada@example.com");
  auto duplicate = Send(RegisterUserCommand{
      .email = "ADA@example.com", .password = kPassword, .display_name = "Other"});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
}

TEST_F(IdentityFlows, BadCredentialsAreIndistinguishable) {
  Register("ada@example.com");
  auto wrong_password = Login("ada@example.com", "wrong password here");
  auto unknown_user = Login("nobody@example.com");
  auto malformed_email = Login("not-an-email");
  for (const auto* result : {&wrong_password, &unknown_user, &malformed_email}) {
    ASSERT_FALSE(*result);
    EXPECT_EQ(result->error().code, ErrorCode::kUnauthorized);
    EXPECT_EQ(result->error().detail, kBadCredentials);
  }
  EXPECT_EQ(Audit(domain::audit::kLoginFailed).size(), 3u);
}

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
  auto opened = infrastructure::sqlite::test_support::OpenSqlite(dir_ / "other.db", 1);
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
  auto opened = infrastructure::sqlite::test_support::OpenSqlite(dir_ / "production.db", 1);
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
  auto opened = infrastructure::sqlite::test_support::OpenSqlite(dir_ / "grant.db", 1);
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

TEST_F(IdentityFlows, RefreshRotatesAndReuseRevokesTheSession) {
  Register("ada@example.com");
  auto first = Login("ada@example.com");
  ASSERT_TRUE(first);
  auto second = Refresh(first->refresh_token);
  ASSERT_TRUE(second);
  EXPECT_NE(second->refresh_token, first->refresh_token);
  EXPECT_TRUE(Me(*second));

  auto reused = Refresh(first->refresh_token);  // the thief (or the user) replays the old one
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, ErrorCode::kUnauthorized);
  EXPECT_FALSE(Refresh(second->refresh_token)) << "the whole session is revoked";
  EXPECT_FALSE(Me(*second)) << "access tokens of the revoked session stop working";
  EXPECT_EQ(Audit(domain::audit::kRefreshReused).size(), 1u);
}

TEST_F(IdentityFlows, RefreshTokensExpireWhenIdleAndAtTheAbsoluteLifetime) {
  Register("ada@example.com");
  auto tokens = Login("ada@example.com");
  ASSERT_TRUE(tokens);
  // Used every 13 days, the session survives past the 14-day idle limit...
  for (int i = 0; i < 6; ++i) {
    clock_.Advance(13 * 24h);
    tokens = Refresh(tokens->refresh_token);
    ASSERT_TRUE(tokens) << "refresh " << i;
  }
  // ...but not past its 90-day absolute lifetime (78 days so far, then 13 more).
  clock_.Advance(13 * 24h);
  EXPECT_FALSE(Refresh(tokens->refresh_token));

  auto idle = Login("ada@example.com");
  ASSERT_TRUE(idle);
  clock_.Advance(15 * 24h);
  EXPECT_FALSE(Refresh(idle->refresh_token));
}

TEST_F(IdentityFlows, LogoutRevokesTheSessionAndIsIdempotent) {
  Register("ada@example.com");
  auto tokens = Login("ada@example.com");
  ASSERT_TRUE(tokens);
  EXPECT_TRUE(Send(LogoutCommand{.refresh_token = tokens->refresh_token}));
  EXPECT_FALSE(Refresh(tokens->refresh_token));
  EXPECT_FALSE(Me(*tokens));
  EXPECT_TRUE(Send(LogoutCommand{.refresh_token = tokens->refresh_token}));
  EXPECT_TRUE(Send(LogoutCommand{.refresh_token = "never-issued"}));
  EXPECT_EQ(Audit(domain::audit::kLogout).size(), 1u);
}

TEST_F(IdentityFlows, ChangePasswordRevokesEverySessionAndOldTokens) {
  Register("ada@example.com");
  auto laptop = Login("ada@example.com");
  auto phone = Login("ada@example.com");
  ASSERT_TRUE(laptop && phone);
  auto claims = services_->tokens.Verify(laptop->access_token);
  ASSERT_TRUE(claims);
  auto wrong = Send(ChangePasswordCommand{.current_password = "not my password",
                                          .new_password = "a brand new passphrase"},
                    &*claims);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().fields.at(0).field, "currentPassword");
  auto weak =
      Send(ChangePasswordCommand{.current_password = kPassword, .new_password = "short"}, &*claims);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().fields.at(0).field, "newPassword");

  ASSERT_TRUE(Send(ChangePasswordCommand{.current_password = kPassword,
                                         .new_password = "a brand new passphrase"},
                   &*claims));
  EXPECT_FALSE(Me(*laptop));
  EXPECT_FALSE(Me(*phone));
  EXPECT_FALSE(Refresh(phone->refresh_token));
  EXPECT_FALSE(Login("ada@example.com"));
  EXPECT_TRUE(Login("ada@example.com", "a brand new passphrase"));
  EXPECT_EQ(Audit(domain::audit::kPasswordChanged).size(), 1u);
  const auto failed = Audit(domain::audit::kPasswordChangeFailed);  // the wrong current one only
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].actor_id, claims->subject);
  EXPECT_EQ(failed[0].target_id, claims->subject);
  EXPECT_EQ(failed[0].correlation_id, "c-1");
}

TEST_F(IdentityFlows, UpdateMeChangesTheDisplayNameAndAudits) {
  Register("ada@example.com");
  auto tokens = Login("ada@example.com");
  ASSERT_TRUE(tokens);
  auto claims = services_->tokens.Verify(tokens->access_token);
  auto invalid = Send(UpdateMeCommand{.display_name = std::string(101, 'x')}, &*claims);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kValidation);
  auto updated = Send(UpdateMeCommand{.display_name = "Countess Lovelace"}, &*claims);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->display_name, "Countess Lovelace");
  EXPECT_EQ(Me(*tokens)->display_name, "Countess Lovelace");
  EXPECT_EQ(Audit(domain::audit::kUserUpdated).size(), 1u);
}

TEST_F(IdentityFlows, RehashesOnLoginWhenTheParametersChange) {
  Register("ada@example.com");
  infrastructure::Argon2PasswordHasher stronger(9216, 1);
  Services upgraded{.database = *factory_,
                    .hasher = stronger,
                    .tokens = *tokens_,
                    .clock = clock_,
                    .random = random_,
                    .settings = services_->settings};
  DatabaseAccessTokenCheck upgraded_check(upgraded);
  ASSERT_TRUE(Dispatcher(upgraded, upgraded_check)
                  .Send(LoginCommand{.email = "ada@example.com", .password = kPassword},
                        Caller{.request = context_}));
  auto uow = factory_->Begin(TransactionMode::kRead);
  auto user = uow->Users().FindByEmail(*domain::Email::Parse("ada@example.com"));
  ASSERT_TRUE(user);
  EXPECT_NE(user->password_hash.find("m=9216"), std::string::npos) << user->password_hash;
}

TEST_F(IdentityFlows, AuditTrailPagesWithExactTotalsForAuditorsOnly) {
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("nobody@example.com"));  // 5 failures
  const auto user = Register("ada@example.com");                          // user.created
  auto admin = Login("admin@localhost", "seed passphrase 123");           // auth.login.succeeded
  ASSERT_TRUE(admin);
  auto admin_claims = services_->tokens.Verify(admin->access_token);
  ASSERT_TRUE(admin_claims);
  auto list = [&](ListAuditEventsQuery query) { return Send(query, &*admin_claims); };
  // Seed's two role.created and user.created, 5 failures and the lockout they cause (an
  // address without an account is locked out too), the registration, the admin's login: 11.
  for (const auto& [page, page_size, items] : {std::tuple{"1", "3", 3u},
                                               {"4", "3", 2u},
                                               {"5", "3", 0u},
                                               {"2", "4", 4u},
                                               {"1", "10", 10u},
                                               {"1", "100", 11u},
                                               {"12", "1", 0u}}) {
    auto reply = list({.page = page, .page_size = page_size});
    ASSERT_TRUE(reply) << page << "/" << page_size;
    EXPECT_EQ(reply->items.size(), items) << page << "/" << page_size;
    EXPECT_EQ(reply->total, 11) << page << "/" << page_size;
    EXPECT_EQ(reply->page, std::stoi(page));
    EXPECT_EQ(reply->page_size, std::stoi(page_size));
  }
  auto failures = list({.action = domain::audit::kLoginFailed, .page_size = "2"});
  ASSERT_TRUE(failures);
  EXPECT_EQ(failures->total, 5);
  auto mine = list({.actor_id = user.id});
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->total, 1);
  EXPECT_EQ(mine->items.at(0).action, domain::audit::kUserCreated);

  auto bad = list({.from = "yesterday", .page = "0"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kValidation);
  EXPECT_EQ(bad.error().fields.size(), 2u);

  auto tokens = Login("ada@example.com");
  ASSERT_TRUE(tokens);
  auto user_claims = services_->tokens.Verify(tokens->access_token);
  ASSERT_TRUE(user_claims);
  auto forbidden = Send(ListAuditEventsQuery{}, &*user_claims);
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(forbidden.error().code, ErrorCode::kForbidden);
  auto anonymous = Send(ListAuditEventsQuery{});
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().code, ErrorCode::kUnauthorized);
}

// Every entry point takes an address through ParseEmail: one normal form for sign-up and login.
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
