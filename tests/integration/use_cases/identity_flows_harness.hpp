#pragma once
// IdentityFlows: the identity use cases through the application layer on the real adapters
// (the database, Argon2id, ES256 JWT) with a settable clock, shared by identity_flows_test.cpp and
// identity_setup_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "application/auth/login.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/auth/register_user.hpp"
#include "application/users/get_me.hpp"
#include "integration/use_cases/dispatcher_harness.hpp"
#include "infrastructure/unicode/unicode_email_normaliser.hpp"
#include "integration/login_tokens.hpp"
#include "integration/settable_clock.hpp"

namespace rampart::application {

using namespace std::chrono_literals;  // NOLINT(google-build-using-namespace)

inline constexpr const char* kPassword = "correct horse battery staple";

// IdentityFlows signs people up, in and out through the dispatcher, with the clock in hand.
class IdentityFlows : public infrastructure::test_support::DispatcherHarness {
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


}  // namespace rampart::application
