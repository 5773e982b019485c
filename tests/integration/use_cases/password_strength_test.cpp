// The strength estimate of new passwords (application/common/password_rules.hpp) through the use
// cases that set one: it runs only on a password the domain's policy accepts, with the account's
// own words as context (its address and display name, the service's words), refuses below
// AuthSettings::password_min_strength with the estimator's feedback, and is off at 0. The
// estimator is a recording double, or zxcvbn itself where the test says so.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "application/common/password_rules.hpp"
#include "application/ports/password_strength.hpp"
#include "application/setup/operator_reset_password.hpp"
#include "application/users/change_password.hpp"
#include "application/users/create_user.hpp"
#include "infrastructure/password_strength/zxcvbn_estimator.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using test_support::kPassword;

// Answers `score` (or what zxcvbn answers, once `real` is set) and records what it was asked.
class RecordingEstimator final : public PasswordStrengthEstimator {
 public:
  PasswordStrength Estimate(std::string_view password,
                            std::span<const std::string> context_words) const override {
    ++calls;
    context.assign(context_words.begin(), context_words.end());
    if (real != nullptr) return real->Estimate(password, context_words);
    return {.score = score,
            .warning = "This is a top-10 common password.",
            .suggestions = {"Add another word or two.", "Avoid common phrases."}};
  }
  int score = 4;
  const PasswordStrengthEstimator* real = nullptr;
  mutable int calls = 0;
  mutable std::vector<std::string> context;
};

class PasswordStrengthTest : public test_support::AdminUseCaseHarness {
 protected:
  PasswordStrengthTest() {
    password_strength_ = &estimator_;
    settings_.password_context_words = {"rampart", "Acme Corp"};
  }
  // The field errors of a refused registration.
  std::vector<domain::FieldError> Refusal(const std::string& email, const std::string& password,
                                          const std::string& display_name = "Ada") {
    auto result = Send(
        RegisterUserCommand{.email = email, .password = password, .display_name = display_name});
    EXPECT_FALSE(result);
    if (result) return {};
    EXPECT_EQ(result.error().code, domain::ErrorCode::kValidation);
    return result.error().fields;
  }

  RecordingEstimator estimator_;
  infrastructure::ZxcvbnEstimator zxcvbn_;
};

TEST_F(PasswordStrengthTest, ContextWordsAreTheAccountsAndTheServicesWordsLongestFirst) {
  const auto email = *domain::Email::Parse("Ada.Lovelace@Example.COM");
  EXPECT_EQ(
      PasswordContextWords(*services_, {.email = &email, .display_name = "Ada King-Lovelace"}),
      (std::vector<std::string>{"ada.lovelace@example.com", "lovelace", "example", "rampart",
                                "king", "acme", "corp", "ada", "com"}));
  // Without a valid address: the display name's words (non-ASCII letters stay inside a word,
  // words under three characters go) and the service's.
  EXPECT_EQ(PasswordContextWords(*services_, {.display_name = "Zoë O'Brien"}),
            (std::vector<std::string>{"rampart", "brien", "zoë", "acme", "corp"}));
}

TEST_F(PasswordStrengthTest, AWeakPasswordIsRefusedWithTheEstimatorsFeedback) {
  estimator_.score = 2;  // below the default minimum, 3
  const auto fields = Refusal("ada.lovelace@example.com", "a passphrase of sorts", "Ada Lovelace");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].field, "password");
  EXPECT_EQ(fields[0].message,
            "This password is too easy to guess. This is a top-10 common password. Add another "
            "word or two. Avoid common phrases.");
  EXPECT_EQ(estimator_.context[0], "ada.lovelace@example.com") << "the account's own words";
  EXPECT_TRUE(Events(domain::audit::kUserCreated).size() == 1u) << "only the administrator";

  estimator_.score = 3;
  EXPECT_TRUE(Send(RegisterUserCommand{.email = "ada.lovelace@example.com",
                                       .password = "a passphrase of sorts",
                                       .display_name = "Ada Lovelace"}));
}

TEST_F(PasswordStrengthTest, TheEstimateRunsOnlyOnAPasswordThePolicyAccepts) {
  estimator_.score = 0;
  const int before = estimator_.calls;
  const auto fields = Refusal("ada@example.com", "short");
  ASSERT_EQ(fields.size(), 1u) << "the policy's refusal only";
  EXPECT_EQ(fields[0].field, "password");
  EXPECT_EQ(fields[0].message.find("too easy to guess"), std::string::npos);
  EXPECT_EQ(estimator_.calls, before);
}

TEST_F(PasswordStrengthTest, AMinimumOfZeroTurnsTheEstimateOff) {
  services_->settings.password_min_strength = 0;
  estimator_.score = 0;
  const int before = estimator_.calls;
  EXPECT_TRUE(Send(RegisterUserCommand{
      .email = "ada@example.com", .password = "a passphrase of sorts", .display_name = "Ada"}));
  EXPECT_EQ(estimator_.calls, before);
}

TEST_F(PasswordStrengthTest, EveryWayOfSettingAPasswordAsksZxcvbn) {
  const auto ada = SignIn("ada.lovelace@example.com");
  estimator_.real = &zxcvbn_;
  // Built on the account's own words and a date: weak for this account (zxcvbn's own warning).
  const std::string own_words = "lovelace1815ada";
  const auto changed =
      Send(ChangePasswordCommand{.current_password = kPassword, .new_password = own_words}, &ada);
  ASSERT_FALSE(changed);
  ASSERT_EQ(changed.error().fields.size(), 1u);
  EXPECT_EQ(changed.error().fields[0].field, "newPassword");
  EXPECT_NE(changed.error().fields[0].message.find("your name, your e-mail address"),
            std::string::npos)
      << changed.error().fields[0].message;
  EXPECT_EQ(changed.error().fields[0].message.find(own_words), std::string::npos) << "never quoted";

  const auto reset = dispatcher_->Send(
      OperatorResetPasswordCommand{.email = "ada.lovelace@example.com", .new_password = own_words},
      Caller::System("admin"));
  ASSERT_FALSE(reset);
  EXPECT_EQ(reset.error().fields.at(0).field, "password");

  const auto created = Send(
      CreateUserCommand{
          .email = "bob@example.com", .password = "password123456", .display_name = "Bob"},
      &admin_);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().fields.at(0).field, "password");
  EXPECT_NE(created.error().fields.at(0).message.find("Common passwords and words"),
            std::string::npos)
      << "a listed password with a suffix: the policy lets it through, zxcvbn does not";

  EXPECT_TRUE(Send(ChangePasswordCommand{.current_password = kPassword,
                                         .new_password = "zebra-lantern-oxide-47"},
                   &ada));
}

}  // namespace
}  // namespace rampart::application
