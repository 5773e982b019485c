// Contract: failed-login counters of addresses without an account (the lockout of unknown
// addresses).
#include <atomic>
#include <thread>

#include "integration/repository_contract.hpp"

namespace rampart::integration {

namespace {

domain::AddressFailures Counter(std::string key, int failures, long long last,
                                std::optional<long long> locked_until = std::nullopt) {
  return {.key = std::move(key),
          .failed_logins = failures,
          .last_failed_login_at = At(last),
          .locked_until = locked_until ? std::optional(At(*locked_until)) : std::nullopt};
}

void ExpectSameCounter(const std::optional<domain::AddressFailures>& actual,
                       const domain::AddressFailures& expected) {
  ASSERT_TRUE(actual.has_value()) << expected.key;
  EXPECT_EQ(actual->key, expected.key);
  EXPECT_EQ(actual->failed_logins, expected.failed_logins);
  EXPECT_EQ(actual->last_failed_login_at, expected.last_failed_login_at);
  EXPECT_EQ(actual->locked_until, expected.locked_until);
}

// Keys as the use cases make them: 64 hex digits.
std::string Key(char c) { return std::string(64, c); }

}  // namespace

TEST_P(RepositoryContract, AddressCountersRoundTripAndSaveOverwrites) {
  const auto locked = Counter(Key('a'), 5, kT0, kT0 + 60);
  const auto counting = Counter(Key('b'), 2, kT0 + 1);
  {
    auto uow = Write();
    EXPECT_FALSE(uow->AddressFailures().FindForUpdate(Key('a')).has_value());
    uow->AddressFailures().Save(locked);
    uow->AddressFailures().Save(counting);
    uow->Commit();
  }
  {
    auto uow = Read();
    ExpectSameCounter(uow->AddressFailures().Find(Key('a')), locked);
    ExpectSameCounter(uow->AddressFailures().Find(Key('b')), counting);
    EXPECT_FALSE(uow->AddressFailures().Find(Key('c')).has_value());
  }
  const auto unlocked = Counter(Key('a'), 6, kT0 + 90);  // the lock column goes back to NULL
  {
    auto uow = Write();
    ExpectSameCounter(uow->AddressFailures().FindForUpdate(Key('a')), locked);
    uow->AddressFailures().Save(unlocked);
    uow->Commit();
  }
  ExpectSameCounter(Read()->AddressFailures().Find(Key('a')), unlocked);
  {
    auto uow = Write();  // rolled back
    uow->AddressFailures().Save(Counter(Key('c'), 1, kT0));
  }
  EXPECT_FALSE(Read()->AddressFailures().Find(Key('c')).has_value());
}

TEST_P(RepositoryContract, AddressCountersGoOldestFirstStrictlyBeforeTheBoundInBatches) {
  {
    auto uow = Write();
    for (int i = 0; i < 5; ++i) {
      uow->AddressFailures().Save(Counter(Key(static_cast<char>('a' + i)), 1, kT0 + i * 10));
    }
    uow->Commit();
  }
  // Bound kT0 + 30: the counters at +0, +10, +20 may go, the one at +30 (at the bound) stays.
  auto uow = Write();
  EXPECT_EQ(uow->AddressFailures().DeleteOlderThan(At(kT0 + 30), 2), 2);
  EXPECT_FALSE(uow->AddressFailures().Find(Key('a')).has_value());
  EXPECT_FALSE(uow->AddressFailures().Find(Key('b')).has_value());
  EXPECT_TRUE(uow->AddressFailures().Find(Key('c')).has_value());
  EXPECT_EQ(uow->AddressFailures().DeleteOlderThan(At(kT0 + 30), 2), 1);
  EXPECT_EQ(uow->AddressFailures().DeleteOlderThan(At(kT0 + 30), 2), 0);
  EXPECT_EQ(uow->AddressFailures().DeleteOlderThan(At(kT0 + 1000), 0), 0);
  uow->Commit();
  auto read = Read();
  EXPECT_FALSE(read->AddressFailures().Find(Key('c')).has_value());
  EXPECT_TRUE(read->AddressFailures().Find(Key('d')).has_value());
  EXPECT_TRUE(read->AddressFailures().Find(Key('e')).has_value());
}

// Counting reads the counter and writes it back in one write unit of work: concurrent failures
// of one address must not lose increments, the very first one included (no row exists yet).
TEST_P(RepositoryContract, ConcurrentCountsOfOneAddressLoseNothingFromTheFirstOn) {
  constexpr int kThreads = 4;
  constexpr int kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        try {
          auto uow = Write();
          auto counter = uow->AddressFailures().FindForUpdate(Key('f')).value_or(
              domain::AddressFailures{.key = Key('f')});
          counter.failed_logins += 1;
          counter.last_failed_login_at = At(kT0);
          uow->AddressFailures().Save(counter);
          uow->Commit();
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Read()->AddressFailures().Find(Key('f'))->failed_logins, kThreads * kEach);
}

}  // namespace rampart::integration
