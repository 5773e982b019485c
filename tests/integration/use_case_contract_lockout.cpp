// The brute-force lockout through the use cases, on every database adapter (instantiated by
// use_case_contract_sqlite_test.cpp and postgres_repository_test.cpp): a wrong current password
// counts like a failed login and the lockout it causes ends the sessions; an address without an
// account is locked out exactly like an account, so the lockout does not tell which addresses have
// one.
#include "application/auth/failed_logins.hpp"
#include "application/auth/login.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/auth/register_user.hpp"
#include "application/setup/seed.hpp"
#include "application/users/change_password.hpp"
#include "application/users/get_me.hpp"
#include "integration/use_case_harness.hpp"

namespace rampart::integration {

using namespace std::chrono_literals;
using application::ChangePasswordCommand;
using domain::ErrorCode;

namespace {

// What a failure answered, comparable between an account and an address without one.
struct Answer {
  ErrorCode code{};
  std::string detail;
  int retry_after = 0;  // none
  friend bool operator==(const Answer&, const Answer&) = default;
  friend std::ostream& operator<<(std::ostream& out, const Answer& answer) {
    return out << static_cast<int>(answer.code) << " '" << answer.detail << "' retry "
               << answer.retry_after;
  }
};

template <class T>
Answer AnswerOf(const domain::Result<T>& result) {
  EXPECT_FALSE(result.has_value());
  if (result.has_value()) return {};
  return {result.error().code, result.error().detail,
          result.error().retry_after_seconds.value_or(0)};
}

ChangePasswordCommand ChangeWith(std::string current) {
  return {.current_password = std::move(current), .new_password = "a brand new passphrase"};
}

std::optional<domain::AddressFailures> CounterOf(application::Services& services,
                                                 std::string_view address) {
  return services.database.Begin(application::TransactionMode::kRead)
      ->AddressFailures()
      .Find(application::AddressKey(services, address));
}

}  // namespace

// --- defect: unlimited guessing of the current password --------------------------------------

TEST_P(UseCaseContract, WrongCurrentPasswordsLockTheAccountAndEndEverySession) {
  Register("ada@example.com");
  const auto laptop = Login("ada@example.com");
  const auto phone = Login("ada@example.com");
  ASSERT_TRUE(laptop && phone);
  const auto claims = ClaimsOf(*laptop);
  for (int i = 1; i < 5; ++i) {
    const auto wrong = Send(ChangeWith("guess " + std::to_string(i)), &claims);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::kValidation) << i;
  }
  // The fifth wrong password locks the account like a fifth failed login.
  EXPECT_EQ(AnswerOf(Send(ChangeWith("guess 5"), &claims)),
            (Answer{ErrorCode::kLocked, "Too many failed logins; try again later.", 60}));
  EXPECT_EQ(Stored("ada@example.com").failed_logins, 5);

  // Every session ended at once: access tokens, refresh tokens, this session's and the other's.
  EXPECT_EQ(AnswerOf(Send(ChangeWith(kPassword), &claims)).code, ErrorCode::kUnauthorized);
  const auto other = ClaimsOf(*phone);
  EXPECT_EQ(AnswerOf(Send(application::GetMeQuery{}, &other)).code, ErrorCode::kUnauthorized);
  for (const auto* tokens : {&*laptop, &*phone}) {
    EXPECT_EQ(
        AnswerOf(Send(application::RefreshTokensCommand{.refresh_token = tokens->refresh_token}))
            .code,
        ErrorCode::kUnauthorized);
  }
  // Locked like a login lockout: even the right password is refused until the lock is over.
  EXPECT_EQ(AnswerOf(Login("ada@example.com")).code, ErrorCode::kLocked);
  const auto lockouts = Audit(domain::audit::kLockout);
  ASSERT_EQ(lockouts.size(), 1u);
  EXPECT_EQ(lockouts[0].target_id, claims.subject);
  EXPECT_NE(lockouts[0].details_json.find(R"("via":"password_change")"), std::string::npos)
      << lockouts[0].details_json;
  EXPECT_NE(lockouts[0].details_json.find(R"("sessionsRevoked":2)"), std::string::npos)
      << lockouts[0].details_json;
  EXPECT_EQ(Audit(domain::audit::kPasswordChangeFailed).size(), 5u);

  clock_.Advance(61s);
  EXPECT_TRUE(Login("ada@example.com"));
}

TEST_P(UseCaseContract, WhileLockedOutAPasswordChangeIsRefusedEvenWithTheRightPassword) {
  Register("ada@example.com");
  const auto session = Login("ada@example.com");  // opened before the lockout: still alive
  ASSERT_TRUE(session);
  const auto claims = ClaimsOf(*session);
  for (int i = 0; i < 5; ++i) (void)Login("ada@example.com", "wrong password");
  ASSERT_EQ(AnswerOf(Login("ada@example.com")).code, ErrorCode::kLocked);

  const auto refused = AnswerOf(Send(ChangeWith(kPassword), &claims));
  EXPECT_EQ(refused.code, ErrorCode::kLocked);
  EXPECT_EQ(refused.retry_after, 60);
  const auto stored = Stored("ada@example.com");
  EXPECT_EQ(stored.failed_logins, 5);  // refused without being counted
  EXPECT_TRUE(hasher_.Verify(stored.password_hash, kPassword));
  const auto failed = Audit(domain::audit::kPasswordChangeFailed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].details_json, R"({"reason":"locked_out"})");
}

TEST_P(UseCaseContract, FailedLoginsAndWrongCurrentPasswordsShareOneCounter) {
  Register("ada@example.com");
  const auto session = Login("ada@example.com");
  ASSERT_TRUE(session);
  const auto claims = ClaimsOf(*session);
  for (int i = 0; i < 3; ++i) (void)Login("ada@example.com", "wrong password");
  EXPECT_EQ(AnswerOf(Send(ChangeWith("guess 4"), &claims)).code, ErrorCode::kValidation);
  EXPECT_EQ(AnswerOf(Send(ChangeWith("guess 5"), &claims)).code, ErrorCode::kLocked);
}

// --- defect: the lockout told which accounts exist --------------------------------------------

TEST_P(UseCaseContract, AnAddressWithoutAnAccountIsLockedOutExactlyLikeAnAccount) {
  Register("ada@example.com");
  // The same failures at the same moments, on an account and on an address without one.
  const auto both = [&](const std::string& password) {
    const auto account = AnswerOf(Login("ada@example.com", password));
    const auto nobody = AnswerOf(Login("nobody@example.com", password));
    EXPECT_EQ(account, nobody);
    return account;
  };
  for (int i = 1; i < 5; ++i) EXPECT_EQ(both("wrong password").code, ErrorCode::kUnauthorized);
  EXPECT_EQ(both("wrong password"),
            (Answer{ErrorCode::kLocked, "Too many failed logins; try again later.", 60}));
  clock_.Advance(20s);
  EXPECT_EQ(both(kPassword).retry_after, 40);  // refused, not counted: the lock does not grow
  clock_.Advance(41s);
  EXPECT_EQ(both("wrong password").retry_after, 120);  // after the lock, the next one doubles it

  const auto counter = CounterOf(services_, "nobody@example.com");
  ASSERT_TRUE(counter);
  EXPECT_EQ(counter->failed_logins, 6);
  // Keyed by the address as looked up (normalised), not as typed: the same address in another
  // case is locked out by the same counter, and has none of its own.
  const auto other_case = AnswerOf(Login("nobody@EXAMPLE.COM", "wrong password"));
  EXPECT_EQ(other_case.code, ErrorCode::kLocked);
  EXPECT_EQ(other_case.retry_after, 120);
  EXPECT_FALSE(CounterOf(services_, "nobody@EXAMPLE.COM"));
  EXPECT_EQ(CounterOf(services_, "nobody@example.com")->failed_logins, 6);
  const auto lockouts = Audit(domain::audit::kLockout);
  ASSERT_EQ(lockouts.size(), 4u);  // two each; the address's without a target
  int untargeted = 0;
  for (const auto& event : lockouts) untargeted += event.target_id.empty() ? 1 : 0;
  EXPECT_EQ(untargeted, 2);
}

TEST_P(UseCaseContract, SomethingThatIsNoAddressIsCountedToo) {
  for (int i = 1; i < 5; ++i) {
    EXPECT_EQ(AnswerOf(Login("not an address", "wrong password")).code, ErrorCode::kUnauthorized);
  }
  EXPECT_EQ(AnswerOf(Login("not an address", "wrong password")).code, ErrorCode::kLocked);
  const auto counter = CounterOf(services_, "not an address");
  ASSERT_TRUE(counter);
  EXPECT_EQ(counter->key.size(), 64u);  // a hash, whatever was typed
}

TEST_P(UseCaseContract, RegisteringALockedOutAddressDoesNotInheritTheLock) {
  for (int i = 0; i < 5; ++i) (void)Login("late@example.com", "wrong password");
  ASSERT_EQ(AnswerOf(Login("late@example.com")).code, ErrorCode::kLocked);
  Register("late@example.com");
  EXPECT_TRUE(Login("late@example.com"));
  EXPECT_EQ(Stored("late@example.com").failed_logins, 0);
}

TEST_P(UseCaseContract, LaterFailuresPruneTheCountersThePolicyHasForgotten) {
  Register("ada@example.com");
  const auto kept = [&] {
    int count = 0;
    for (const auto* address : {"a@example.com", "b@example.com", "c@example.com"}) {
      count += CounterOf(services_, address) ? 1 : 0;
    }
    return count;
  };
  for (const auto* address : {"a@example.com", "b@example.com", "c@example.com"}) {
    (void)Login(address, "wrong password");
  }
  ASSERT_EQ(kept(), 3);
  clock_.Advance(12h);  // the default reset period: forgotten only after it
  (void)Login("ada@example.com", "wrong password");
  EXPECT_EQ(kept(), 3);
  clock_.Advance(1s);
  // Each failure, on an account or not, removes up to two forgotten counters.
  (void)Login("ada@example.com", "wrong password");
  EXPECT_EQ(kept(), 1);
  (void)Login("d@example.com", "wrong password");
  EXPECT_EQ(kept(), 0);
  EXPECT_EQ(CounterOf(services_, "d@example.com")->failed_logins, 1);
}

}  // namespace rampart::integration
