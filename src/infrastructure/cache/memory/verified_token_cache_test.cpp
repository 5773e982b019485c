#include "infrastructure/cache/memory/verified_token_cache.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>

namespace rampart::infrastructure {
namespace {

using namespace std::chrono_literals;

struct FixedClock final : application::Clock {
  domain::TimePoint now{domain::TimePoint(std::chrono::seconds(1'800'000'000))};
  domain::TimePoint Now() const override { return now; }
};

// A real stand-in for a signer: knows which tokens it issued, counts verifications.
struct CountingTokens final : application::TokenService {
  std::map<std::string, application::AccessClaims, std::less<>> issued;
  mutable int verifications = 0;
  const FixedClock* clock = nullptr;
  // Runs inside Verify, after the signature check: a hook to interleave a key change.
  std::function<void()> during_verify;

  application::IssuedAccessToken Issue(const application::AccessClaims& claims) override {
    const std::string token = "token-" + std::to_string(issued.size());
    issued[token] = claims;
    return {token, 600s};
  }
  domain::Result<application::AccessClaims> Verify(std::string_view token) const override {
    ++verifications;
    const auto found = issued.find(token);
    // Like the real signer: refused once expired, and when issued after "now" (a clock that
    // stepped back), as JwtTokenService refuses an `iat` in the future.
    if (found == issued.end() || !(clock->now < found->second.expires_at) ||
        clock->now < found->second.issued_at) {
      return domain::Fail(domain::Error::Unauthorized("bad token"));
    }
    if (during_verify) during_verify();
    return found->second;
  }
};

class VerifiedTokenCacheTest : public ::testing::Test {
 protected:
  VerifiedTokenCacheTest() { inner_.clock = &clock_; }
  std::string IssueFor(std::string subject, std::chrono::seconds lifetime) {
    application::AccessClaims claims{.subject = std::move(subject), .token_version = 3};
    claims.issued_at = clock_.now;
    claims.expires_at = clock_.now + lifetime;
    return inner_.Issue(claims).token;
  }
  FixedClock clock_;
  CountingTokens inner_;
};

TEST_F(VerifiedTokenCacheTest, VerifiesATokenOnceThenAnswersFromMemory) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  const std::string token = IssueFor("u1", 600s);
  for (int i = 0; i < 5; ++i) {
    auto claims = cache.Verify(token);
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->subject, "u1");
    EXPECT_EQ(claims->token_version, 3);
  }
  EXPECT_EQ(inner_.verifications, 1);
}

TEST_F(VerifiedTokenCacheTest, VerifySharedHandsOutTheRememberedClaimsWithoutACopy) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  const std::string token = IssueFor("u1", 600s);
  const auto first = cache.VerifyShared(token);
  const auto second = cache.VerifyShared(token);
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(first->get(), second->get());  // the same remembered object, not a copy
  EXPECT_EQ((*second)->subject, "u1");
  EXPECT_EQ(cache.Verify(token)->subject, "u1");  // the copying form answers from it too
  EXPECT_EQ(inner_.verifications, 1);
  EXPECT_FALSE(cache.VerifyShared("not-a-token"));
}

TEST_F(VerifiedTokenCacheTest, NeverAnswersForATokenPastItsExpiry) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  const std::string token = IssueFor("u1", 60s);
  ASSERT_TRUE(cache.Verify(token));
  clock_.now += 60s;
  EXPECT_FALSE(cache.Verify(token));
  EXPECT_EQ(inner_.verifications, 2);  // asked the signer again, which refused
}

// A wall clock stepped back (NTP, a restored snapshot) must not let a remembered token outlive
// what the signer would accept: it is verified again, and refused like an unremembered one.
TEST_F(VerifiedTokenCacheTest, AClockSteppedBackSendsTheTokenBackToTheSigner) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  const std::string token = IssueFor("u1", 600s);
  ASSERT_TRUE(cache.Verify(token));
  clock_.now += 10s;
  ASSERT_TRUE(cache.Verify(token));  // time went forward: answered from memory
  EXPECT_EQ(inner_.verifications, 1);
  clock_.now -= 2h;
  EXPECT_FALSE(cache.Verify(token));
  EXPECT_EQ(inner_.verifications, 2);
  clock_.now += 2h;  // back where it was: verified (and remembered) again
  EXPECT_TRUE(cache.Verify(token));
  EXPECT_EQ(inner_.verifications, 3);
}

TEST_F(VerifiedTokenCacheTest, DoesNotRememberRejectedTokens) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  EXPECT_FALSE(cache.Verify("forged"));
  EXPECT_FALSE(cache.Verify("forged"));
  EXPECT_EQ(inner_.verifications, 2);
  EXPECT_EQ(cache.Size(), 0u);
}

TEST_F(VerifiedTokenCacheTest, ATokenDifferingInOneCharacterIsVerifiedOnItsOwn) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  const std::string token = IssueFor("u1", 600s);
  ASSERT_TRUE(cache.Verify(token));
  std::string tampered = token;
  tampered.back() ^= 1;
  EXPECT_FALSE(cache.Verify(tampered));
}

// A key that leaves the ring takes its tokens with it: after Forget() every token is verified
// again (here the signer no longer accepts it, as a ring without its key would not).
TEST_F(VerifiedTokenCacheTest, ForgetSendsEveryTokenBackToTheSigner) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  const std::string token = IssueFor("u1", 600s);
  ASSERT_TRUE(cache.Verify(token));
  ASSERT_TRUE(cache.Verify(token));
  EXPECT_EQ(inner_.verifications, 1);

  inner_.issued.erase(token);  // its key was dropped from the ring
  cache.Forget();
  EXPECT_EQ(cache.Size(), 0u);
  EXPECT_FALSE(cache.Verify(token));
  EXPECT_EQ(inner_.verifications, 2);
}

// A verification that began with the old keys and finishes after Forget() is answered but not
// remembered: otherwise the token would outlive its key for the rest of its lifetime.
TEST_F(VerifiedTokenCacheTest, AVerificationStraddlingForgetIsNotRemembered) {
  VerifiedTokenCache cache(inner_, clock_, 100);
  const std::string token = IssueFor("u1", 600s);
  inner_.during_verify = [&] {
    inner_.during_verify = nullptr;
    cache.Forget();  // the key ring changes while this token's signature is being checked
  };
  ASSERT_TRUE(cache.Verify(token));
  EXPECT_EQ(cache.Size(), 0u);
  ASSERT_TRUE(cache.Verify(token));
  EXPECT_EQ(inner_.verifications, 2) << "the second use must be verified against the new keys";
  ASSERT_TRUE(cache.Verify(token));
  EXPECT_EQ(inner_.verifications, 2) << "verified with the new keys: remembered again";
}

TEST_F(VerifiedTokenCacheTest, StaysBounded) {
  VerifiedTokenCache cache(inner_, clock_, 64, 4);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(cache.Verify(IssueFor("u" + std::to_string(i), 600s)));
  EXPECT_LE(cache.Size(), 64u);
}

}  // namespace
}  // namespace rampart::infrastructure
