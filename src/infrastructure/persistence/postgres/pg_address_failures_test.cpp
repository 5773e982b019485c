// Counting failed logins of an address without an account on PostgreSQL at READ COMMITTED:
// the counter is read and written back, and the first failure of an address has no row yet for
// a row lock to guard. Without the per-address lock two concurrent failures both read "none"
// and one count is lost; a lost count is a lockout that never comes (and the difference from
// an account, whose row lock serialises, tells which addresses have one).
//
// Deterministic interleaving (as pg_user_writes_test): a first transaction holds the address's
// counter (FindForUpdate); the login runs on another thread until PostgreSQL shows it waiting
// for that lock; then the first transaction saves four failures and commits. The login must
// count the fifth, and so lock the address out.
#include <gtest/gtest.h>

#include <future>

#include "application/auth/failed_logins.hpp"
#include "application/auth/login.hpp"
#include "infrastructure/persistence/postgres/pg_use_case_harness.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using application::TransactionMode;

class PgAddressFailures : public ::testing::Test, protected test_support::PgUseCaseHarness {
 protected:
  void SetUp() override { database_.Migrate(); }
};

TEST_F(PgAddressFailures, AFailedLoginWaitsForAConcurrentCountOfItsAddressAndAddsToIt) {
  const auto key = application::AddressKey(services_, "ghost@example.com");
  auto first = database_.Begin(TransactionMode::kWrite);
  ASSERT_FALSE(first->AddressFailures().FindForUpdate(key).has_value());  // no row yet
  auto login = std::async(std::launch::async, [&] {
    return dispatcher_.Send(
        application::LoginCommand{.email = "ghost@example.com", .password = "wrong password"},
        application::Caller::Anonymous({.ip = "203.0.113.9", .user_agent = "t"}));
  });
  ASSERT_TRUE(test_support::WaitForALockWaiter(temp_.Url()))
      << "the login never waited for the address's counter";
  first->AddressFailures().Save({.key = key,
                                 .failed_logins = 4,
                                 .last_failed_login_at = clock_.Now(),
                                 .locked_until = std::nullopt});
  first->Commit();

  const auto answer = login.get();
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, domain::ErrorCode::kLocked);
  const auto stored = database_.Begin(TransactionMode::kRead)->AddressFailures().Find(key);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->failed_logins, 5);
  EXPECT_TRUE(stored->locked_until.has_value());
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
