// `rampart admin reset-password` (OperatorResetPasswordCommand) through the Dispatcher on the
// real adapters with the identity cache on: the process alone may run it; like a reset by mail
// it ends every session, stops the access tokens issued before (through the cache), clears the
// lockout and is audited and announced.
#include "application/setup/operator_reset_password.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "application/users/delete_user.hpp"
#include "application/users/get_me.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using test_support::kPassword;
constexpr const char* kNewPassword = "an entirely new passphrase";

class OperatorResetPasswordTest : public test_support::AdminUseCaseHarness {
 protected:
  domain::Result<OperatorResetPasswordCommand::Response> Reset(
      const std::string& email, const std::string& password = kNewPassword) {
    return dispatcher_->Send(OperatorResetPasswordCommand{.email = email, .new_password = password},
                             Caller::System("admin reset-password"));
  }
  domain::Result<LoginResult> Login(const std::string& email, const std::string& password) {
    return Send(LoginCommand{.email = email, .password = password});
  }
};

TEST_F(OperatorResetPasswordTest, OnlyTheProcessResetsAPassword) {
  SignIn("ada@example.com");
  const auto refused =
      Send(OperatorResetPasswordCommand{.email = "ada@example.com", .new_password = kNewPassword},
           &admin_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kForbidden);
  EXPECT_TRUE(Login("ada@example.com", kPassword));
}

TEST_F(OperatorResetPasswordTest, EndsEverySessionAndTheTokensIssuedBefore) {
  const auto ada = SignIn("ada@example.com");
  ASSERT_TRUE(Login("ada@example.com", kPassword));  // a second session
  ASSERT_TRUE(Send(GetMeQuery{}, &ada));             // cached now

  const auto reset = Reset("ADA@example.com");  // as typed: any case
  ASSERT_TRUE(reset) << reset.error().detail;
  EXPECT_EQ(reset->user_id, ada.subject);
  EXPECT_EQ(reset->sessions_revoked, 2);
  const auto me = Send(GetMeQuery{}, &ada);
  ASSERT_FALSE(me);
  EXPECT_EQ(me.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_FALSE(Login("ada@example.com", kPassword));
  EXPECT_TRUE(integration::TokensOf(Login("ada@example.com", kNewPassword)));

  const auto audit = Events(domain::audit::kPasswordReset);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor_id, "") << "the process";
  EXPECT_EQ(audit[0].target_id, ada.subject);
  EXPECT_EQ(audit[0].details_json, R"({"via":"cli","sessionsRevoked":2})");
  int announced = 0;
  for (const auto& message :
       database_->Begin(TransactionMode::kRead)->Outbox().Pending(kEventsStream, 1000)) {
    if (message.type != "rampart.user.password.reset") continue;
    ++announced;
    EXPECT_EQ(message.aggregate_id, ada.subject);
    EXPECT_EQ(message.payload.find(kNewPassword), std::string::npos);
    const auto event = boost::json::parse(message.payload).as_object();
    EXPECT_EQ(event.at("subject").as_string(), "users/" + ada.subject);
  }
  EXPECT_EQ(announced, 1);
}

TEST_F(OperatorResetPasswordTest, ClearsTheLockout) {
  SignIn("ada@example.com");
  domain::Result<LoginResult> last;
  for (int i = 0; i < 5; ++i) last = Login("ada@example.com", "wrong password");
  ASSERT_FALSE(last);
  ASSERT_EQ(last.error().code, domain::ErrorCode::kLocked);
  EXPECT_EQ(Login("ada@example.com", kPassword).error().code, domain::ErrorCode::kLocked);

  ASSERT_TRUE(Reset("ada@example.com"));
  EXPECT_TRUE(integration::TokensOf(Login("ada@example.com", kNewPassword)))
      << "signs in at once, without waiting for the lock to end";
}

TEST_F(OperatorResetPasswordTest, RefusesAnUnknownAddressAndAPasswordThePolicyRefuses) {
  const auto unknown = Reset("nobody@example.com");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, domain::ErrorCode::kNotFound);

  const auto ada = SignIn("ada@example.com");
  const auto weak = Reset("ada@example.com", "short");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, domain::ErrorCode::kValidation);
  ASSERT_FALSE(weak.error().fields.empty());
  EXPECT_EQ(weak.error().fields[0].field, "password");
  EXPECT_TRUE(Send(GetMeQuery{}, &ada)) << "nothing changed";

  ASSERT_TRUE(Send(DeleteUserCommand{.user_id = ada.subject}, &admin_));
  EXPECT_EQ(Reset("ada@example.com").error().code, domain::ErrorCode::kNotFound)
      << "a deleted user is no user";
  EXPECT_TRUE(Events(domain::audit::kPasswordReset).empty());
}

}  // namespace
}  // namespace rampart::application
