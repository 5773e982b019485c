// The verification and reset use cases on the real adapters (the database, Argon2id, ES256 JWT)
// with a settable clock: token expiry to the second, single use, superseding, the outbox row
// written with the change (and none for an unknown address), and what a reset ends.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "integration/login_tokens.hpp"
#include "integration/settable_clock.hpp"
#include "application/auth/forgot_password.hpp"
#include "application/auth/login.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/auth/register_user.hpp"
#include "application/auth/resend_verification.hpp"
#include "application/auth/reset_password.hpp"
#include "application/auth/verify_email.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/setup/seed.hpp"
#include "application/users/update_user.hpp"
#include "integration/use_cases/dispatcher_harness.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"

namespace rampart::application {
namespace {

using namespace std::chrono_literals;


constexpr const char* kPassword = "correct horse battery staple";
constexpr auto kVerifyTtl = 3600s;
constexpr auto kResetTtl = 600s;

class MailTokens : public infrastructure::test_support::DispatcherHarness {
 protected:
  MailTokens() {
    services_clock_ = &clock_;
    settings_.refresh_idle_ttl = 14 * 24h;
    settings_.session_max_lifetime = 90 * 24h;
    settings_.mail.public_base_url = "https://app.test/";
    settings_.mail.verify_email_ttl = kVerifyTtl;
    settings_.mail.reset_password_ttl = kResetTtl;
    context_ = {};
  }

  // The unsent outbox mails, oldest first, as parsed JSON objects.
  std::vector<boost::json::object> Mails() {
    auto uow = factory_->Begin(TransactionMode::kRead);
    std::vector<boost::json::object> mails;
    for (const auto& message : uow->Outbox().Pending(kMailStream, 1000)) {
      mails.push_back(boost::json::parse(message.payload).as_object());
    }
    return mails;
  }

  // The token= of the last mail's link under `path`.
  std::string LastToken(std::string_view path) {
    const auto mails = Mails();
    EXPECT_FALSE(mails.empty());
    if (mails.empty()) return "";
    const std::string text(mails.back().at("text").as_string());
    const std::string prefix = "https://app.test" + std::string(path) + "?token=";
    const auto at = text.find(prefix);
    EXPECT_NE(at, std::string::npos) << text;
    if (at == std::string::npos) return "";
    const auto start = at + prefix.size();
    return text.substr(start, text.find('\n', start) - start);
  }

  domain::User Register(std::string email) {
    auto user = Send(RegisterUserCommand{
        .email = std::move(email), .password = kPassword, .display_name = "Ada"});
    EXPECT_TRUE(user);
    return *user;
  }

  domain::User Stored(const std::string& id) {
    return *factory_->Begin(TransactionMode::kRead)->Users().FindById(id);
  }

  static void ExpectBadToken(const domain::Result<void>& result) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, domain::ErrorCode::kValidation);
    ASSERT_EQ(result.error().fields.size(), 1u);
    EXPECT_EQ(result.error().fields[0].field, "token");
  }

  integration::SettableClock clock_;
};

TEST_F(MailTokens, RegistrationWritesTheVerificationMailAndOnlyItsHashIsStored) {
  const auto user = Register("ada@example.com");
  const auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].at("to").as_string(), "ada@example.com");
  EXPECT_EQ(mails[0].at("type").as_string(), "mail");
  const auto token = LastToken("/verify-email");
  EXPECT_EQ(token.size(), 43u);
  auto uow = factory_->Begin(TransactionMode::kRead);
  EXPECT_FALSE(uow->OneTimeTokens().Find(token).has_value()) << "stored in clear";
  const auto stored = uow->OneTimeTokens().Find(random_.HashToken(token));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->user_id, user.id);
  EXPECT_EQ(stored->expires_at - stored->created_at, kVerifyTtl);
}

// The display name is user-controlled: the HTML part escapes it, the text part (never
// interpreted) carries it as typed.
TEST_F(MailTokens, TheMailsHtmlPartEscapesTheDisplayName) {
  ASSERT_TRUE(Send(RegisterUserCommand{.email = "eve@example.com",
                                       .password = kPassword,
                                       .display_name = R"(<a href="https://evil.test">Eve</a> & co)"}));
  const auto mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  const std::string html(mails[0].at("html").as_string());
  EXPECT_NE(html.find("<p>Hello &lt;a href=&quot;https://evil.test&quot;&gt;Eve&lt;/a&gt; &amp; co,</p>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("evil.test\">"), std::string::npos) << html;
  EXPECT_EQ(html.find("<a href=\"https://evil"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://app.test/verify-email?token="), std::string::npos) << html;
  const std::string text(mails[0].at("text").as_string());
  EXPECT_TRUE(text.starts_with(R"(Hello <a href="https://evil.test">Eve</a> & co,)")) << text;
}

TEST_F(MailTokens, AVerificationTokenWorksOnceUntilItsLastSecond) {
  const auto user = Register("ada@example.com");
  const auto token = LastToken("/verify-email");
  clock_.Advance(kVerifyTtl - 1s);
  ASSERT_TRUE(Send(VerifyEmailCommand{.token = token}));
  EXPECT_TRUE(Stored(user.id).email_verified);
  ExpectBadToken(Send(VerifyEmailCommand{.token = token}));
}

TEST_F(MailTokens, AVerificationTokenExpiresAfterItsTtl) {
  const auto user = Register("ada@example.com");
  const auto token = LastToken("/verify-email");
  clock_.Advance(kVerifyTtl);
  ExpectBadToken(Send(VerifyEmailCommand{.token = token}));
  EXPECT_FALSE(Stored(user.id).email_verified);
}

TEST_F(MailTokens, ResendSupersedesTheEarlierLink) {
  Register("ada@example.com");
  const auto first = LastToken("/verify-email");
  auto pair = integration::TokensOf(Send(LoginCommand{.email = "ada@example.com", .password = kPassword}));
  ASSERT_TRUE(pair);
  auto claims = tokens_->Verify(pair->access_token);
  ASSERT_TRUE(claims);
  ASSERT_TRUE(Send(ResendVerificationCommand{}, &*claims));
  const auto second = LastToken("/verify-email");
  ASSERT_NE(first, second);
  ExpectBadToken(Send(VerifyEmailCommand{.token = first}));
  EXPECT_TRUE(Send(VerifyEmailCommand{.token = second}));
  // Verified: a resend mails nothing more.
  const auto before = Mails().size();
  ASSERT_TRUE(Send(ResendVerificationCommand{}, &*claims));
  EXPECT_EQ(Mails().size(), before);
}

TEST_F(MailTokens, ForgotPasswordForAnUnknownAddressMailsNoOneButIsRecorded) {
  Register("ada@example.com");
  const auto before = Mails().size();
  ASSERT_TRUE(Send(ForgotPasswordCommand{.email = "nobody@example.com"}));
  ASSERT_TRUE(Send(ForgotPasswordCommand{.email = "not an address"}));
  EXPECT_EQ(Mails().size(), before);
  auto uow = factory_->Begin(TransactionMode::kRead);
  const auto events = uow->Audit().List({.action = domain::audit::kPasswordResetRequested});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].details_json, R"({"known":false})");
}

TEST_F(MailTokens, ResetSpendsTheTokenEndsSessionsAndOnlyTheNewestLinkWorks) {
  const auto user = Register("ada@example.com");
  auto session = integration::TokensOf(Send(LoginCommand{.email = "ada@example.com", .password = kPassword}));
  ASSERT_TRUE(session);
  ASSERT_TRUE(Send(ForgotPasswordCommand{.email = "ADA@example.com"}));
  const auto older = LastToken("/reset-password");
  ASSERT_TRUE(Send(ForgotPasswordCommand{.email = "ada@example.com"}));
  const auto newer = LastToken("/reset-password");
  ExpectBadToken(
      Send(ResetPasswordCommand{.token = older, .new_password = "a brand new passphrase"}));
  auto weak = Send(ResetPasswordCommand{.token = newer, .new_password = "short"});
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().fields.at(0).field, "newPassword");
  clock_.Advance(kResetTtl - 1s);
  ASSERT_TRUE(Send(ResetPasswordCommand{.token = newer, .new_password = "a brand new passphrase"}));
  const auto after = Stored(user.id);
  EXPECT_EQ(after.token_version, user.token_version + 1);
  EXPECT_TRUE(after.email_verified);
  EXPECT_FALSE(Send(RefreshTokensCommand{.refresh_token = session->refresh_token}));
  EXPECT_FALSE(Send(LoginCommand{.email = "ada@example.com", .password = kPassword}));
  EXPECT_TRUE(Send(LoginCommand{.email = "ada@example.com", .password = "a brand new passphrase"}));
  ExpectBadToken(
      Send(ResetPasswordCommand{.token = newer, .new_password = "another new passphrase"}));
}

TEST_F(MailTokens, AResetTokenExpiresAfterItsTtlAndIsNoVerificationToken) {
  Register("ada@example.com");
  const auto verification = LastToken("/verify-email");
  ExpectBadToken(
      Send(ResetPasswordCommand{.token = verification, .new_password = "a brand new passphrase"}));
  ASSERT_TRUE(Send(ForgotPasswordCommand{.email = "ada@example.com"}));
  const auto reset = LastToken("/reset-password");
  ExpectBadToken(Send(VerifyEmailCommand{.token = reset}));
  clock_.Advance(kResetTtl);
  ExpectBadToken(
      Send(ResetPasswordCommand{.token = reset, .new_password = "a brand new passphrase"}));
}

TEST_F(MailTokens, ALinkStopsWorkingWhenTheAccountsAddressChanges) {
  const auto user = Register("ada@example.com");
  const auto verification = LastToken("/verify-email");
  ASSERT_TRUE(Send(ForgotPasswordCommand{.email = "ada@example.com"}));
  const auto reset = LastToken("/reset-password");
  auto changed = dispatcher_->Send(
      UpdateUserCommand{.user_id = user.id, .email = "grace@example.com"}, Caller::System("test"));
  ASSERT_TRUE(changed) << changed.error().detail;
  // Mailed to the old address: must not verify the new one, nor reset the account.
  ExpectBadToken(Send(VerifyEmailCommand{.token = verification}));
  ExpectBadToken(
      Send(ResetPasswordCommand{.token = reset, .new_password = "a brand new passphrase"}));
  EXPECT_FALSE(Stored(user.id).email_verified);
}

}  // namespace
}  // namespace rampart::application
