// The identity use cases end to end through the application layer, on the real adapters
// (the database, Argon2id, ES256 JWT) with a settable clock for expiry: what the HTTP suite cannot
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
#include "integration/use_cases/dispatcher_harness.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/unicode/unicode_email_normaliser.hpp"

#include "integration/use_cases/identity_flows_harness.hpp"

namespace rampart::application {
namespace {

using domain::ErrorCode;
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
}  // namespace
}  // namespace rampart::application

