#include "infrastructure/security/bounded_password_hasher.hpp"

#include <gtest/gtest.h>

#include <future>
#include <latch>
#include <thread>

#include "application/ports/dependency_unavailable.hpp"

namespace rampart::infrastructure {
namespace {

using namespace std::chrono_literals;

// Hashes that wait inside until the test lets them finish.
class GatedHasher final : public application::PasswordHasher {
 public:
  std::string Hash(std::string_view) const override {
    inside.count_down();
    release.wait();
    return "hash";
  }
  bool Verify(std::string_view, std::string_view) const override { return true; }
  bool NeedsRehash(std::string_view) const override { return false; }
  void VerifyDummy(std::string_view) const override {}

  mutable std::latch inside{1};
  mutable std::latch release{1};
};

TEST(BoundedPasswordHasher, RefusesWithDependencyUnavailableWhenEverySlotStaysBusy) {
  auto gated = std::make_unique<GatedHasher>();
  auto& gate = *gated;
  BoundedPasswordHasher hasher(std::move(gated), {.limit = 1, .max_wait = 0ms});
  auto running = std::async(std::launch::async, [&] { return hasher.Hash("password"); });
  gate.inside.wait();
  EXPECT_THROW(hasher.Verify("hash", "password"), application::DependencyUnavailable);
  EXPECT_THROW(hasher.VerifyDummy("password"), application::DependencyUnavailable);
  EXPECT_FALSE(hasher.NeedsRehash("hash"));  // not bounded
  EXPECT_EQ(hasher.bulkhead().Rejected(), 2U);
  gate.release.count_down();
  EXPECT_EQ(running.get(), "hash");
  EXPECT_TRUE(hasher.Verify("hash", "password"));
  EXPECT_EQ(hasher.bulkhead().InUse(), 0);
}

}  // namespace
}  // namespace rampart::infrastructure
