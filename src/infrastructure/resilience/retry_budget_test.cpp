#include "infrastructure/resilience/retry_budget.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rampart::infrastructure::resilience {
namespace {

using std::chrono::milliseconds;
const RetryBudget::Clock::time_point kT0{std::chrono::seconds(1000)};

TEST(RetryBudget, StartsWithTheBurstAllowanceAndThenRefusesRetries) {
  RetryBudget budget({.ratio = 0.1, .min_per_second = 0, .max_balance = 3}, kT0);
  EXPECT_TRUE(budget.TryWithdraw(kT0));
  EXPECT_TRUE(budget.TryWithdraw(kT0));
  EXPECT_TRUE(budget.TryWithdraw(kT0));
  EXPECT_FALSE(budget.TryWithdraw(kT0));
}

TEST(RetryBudget, CallsEarnRetriesInProportion) {
  RetryBudget budget({.ratio = 0.2, .min_per_second = 0, .max_balance = 1}, kT0);
  ASSERT_TRUE(budget.TryWithdraw(kT0));
  // Ten calls at 20 % earn two retries, but the balance is capped at one.
  for (int i = 0; i < 4; ++i) budget.Deposit();
  EXPECT_FALSE(budget.TryWithdraw(kT0));  // 0.8 saved
  budget.Deposit();
  EXPECT_TRUE(budget.TryWithdraw(kT0));
  for (int i = 0; i < 10; ++i) budget.Deposit();
  EXPECT_DOUBLE_EQ(budget.Balance(kT0), 1.0);
}

TEST(RetryBudget, TheSteadyAllowanceRefillsWithTime) {
  RetryBudget budget({.ratio = 0, .min_per_second = 2, .max_balance = 1}, kT0);
  ASSERT_TRUE(budget.TryWithdraw(kT0));
  EXPECT_FALSE(budget.TryWithdraw(kT0 + milliseconds(499)));
  EXPECT_TRUE(budget.TryWithdraw(kT0 + milliseconds(500)));
  EXPECT_FALSE(budget.TryWithdraw(kT0 + milliseconds(500)));
}

TEST(RetryBudget, RejectsNonsenseOptions) {
  EXPECT_THROW(RetryBudget({.ratio = -1}), std::invalid_argument);
  EXPECT_THROW(RetryBudget({.ratio = 0.1, .min_per_second = -1}), std::invalid_argument);
  EXPECT_THROW(RetryBudget({.ratio = 0.1, .min_per_second = 1, .max_balance = 0.5}),
               std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure::resilience
