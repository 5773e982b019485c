#include "infrastructure/security/argon2_password_hasher.hpp"

#include <gtest/gtest.h>

#include <sodium.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rampart::infrastructure {
namespace {

// Small parameters keep the suite fast; one test covers the defaults.
constexpr std::uint32_t kTestMemoryKib = 8 * 1024;
constexpr std::uint32_t kTestIterations = 1;

class Argon2PasswordHasherTest : public ::testing::Test {
 protected:
  Argon2PasswordHasher hasher_{kTestMemoryKib, kTestIterations};
};

TEST_F(Argon2PasswordHasherTest, HashIsSaltedPhcArgon2id) {
  const std::string first = hasher_.Hash("correct horse battery staple");
  const std::string second = hasher_.Hash("correct horse battery staple");
  EXPECT_TRUE(first.starts_with("$argon2id$v=19$m=8192,t=1,p=1$")) << first;
  EXPECT_NE(first, second);  // random salt
}

TEST_F(Argon2PasswordHasherTest, VerifiesTheRightPasswordOnly) {
  const std::string hash = hasher_.Hash("correct horse battery staple");
  EXPECT_TRUE(hasher_.Verify(hash, "correct horse battery staple"));
  EXPECT_FALSE(hasher_.Verify(hash, "correct horse battery stapl"));
  EXPECT_FALSE(hasher_.Verify(hash, "Correct horse battery staple"));
  EXPECT_FALSE(hasher_.Verify(hash, ""));
}

TEST_F(Argon2PasswordHasherTest, PasswordsAreBinarySafeAndLong) {
  const std::string with_nul("pa\0ss", 5);
  const std::string hash = hasher_.Hash(with_nul);
  EXPECT_TRUE(hasher_.Verify(hash, with_nul));
  EXPECT_FALSE(hasher_.Verify(hash, "pa"));

  const std::string long_password(4096, 'x');
  const std::string long_hash = hasher_.Hash(long_password);
  EXPECT_TRUE(hasher_.Verify(long_hash, long_password));
  EXPECT_FALSE(hasher_.Verify(long_hash, std::string(4095, 'x')));
}

TEST_F(Argon2PasswordHasherTest, MalformedHashesNeverVerify) {
  const std::string hash = hasher_.Hash("secret");
  EXPECT_FALSE(hasher_.Verify("", "secret"));
  EXPECT_FALSE(hasher_.Verify("not a hash", "secret"));
  EXPECT_FALSE(hasher_.Verify(hash.substr(0, hash.size() - 4), "secret"));
  EXPECT_FALSE(hasher_.Verify(hash + std::string(200, 'A'), "secret"));
  EXPECT_FALSE(hasher_.Verify(std::string(hash).insert(10, 1, '\0'), "secret"));
  EXPECT_FALSE(hasher_.Verify("$2b$12$abcdefghijklmnopqrstuu5O7gKp0YGAQ7t1YVyqzmx0hj3zGfCu6", "x"));
}

TEST_F(Argon2PasswordHasherTest, NeedsRehashWhenParametersDiffer) {
  const std::string current = hasher_.Hash("secret");
  EXPECT_FALSE(hasher_.NeedsRehash(current));

  const Argon2PasswordHasher stronger(kTestMemoryKib * 2, kTestIterations);
  EXPECT_TRUE(stronger.NeedsRehash(current));
  const Argon2PasswordHasher more_passes(kTestMemoryKib, kTestIterations + 1);
  EXPECT_TRUE(more_passes.NeedsRehash(current));
  // A hash made with other parameters still verifies, so the login can upgrade it.
  EXPECT_TRUE(stronger.Verify(current, "secret"));
}

TEST_F(Argon2PasswordHasherTest, NeedsRehashForAnythingButArgon2id) {
  // An Argon2i hash with the very same parameters (libsodium test vector format).
  EXPECT_TRUE(
      hasher_.NeedsRehash("$argon2i$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
                          "3q2+7w3Nq83vGpL9ZwKJr6m8yN8jeiUxv0d+Ud6F3X0"));
  EXPECT_TRUE(hasher_.NeedsRehash("$2b$12$abcdefghijklmnopqrstuu5O7gKp0YGAQ7t1YVyqzmx0hj3zGfCu6"));
  EXPECT_TRUE(hasher_.NeedsRehash(""));
  EXPECT_TRUE(hasher_.NeedsRehash("$argon2id$garbage"));
}

TEST_F(Argon2PasswordHasherTest, VerifyDummyCostsAboutAsMuchAsARealVerify) {
  const std::string hash = hasher_.Hash("secret");
  using Clock = std::chrono::steady_clock;
  auto once = [](auto&& f) {
    const auto start = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  // Interleaved, best of seven each: a neighbour's burst of load hits both series alike instead
  // of inflating only the one that happened to run during it (this shared 2-core machine made a
  // back-to-back best-of-three flaky).
  double real = 1e9;
  double dummy = 1e9;
  for (int i = 0; i < 7; ++i) {
    real = std::min(real, once([&] { (void)hasher_.Verify(hash, "wrong"); }));
    dummy = std::min(dummy, once([&] { hasher_.VerifyDummy("wrong"); }));
  }
  // Same parameters, same work. A dummy that skipped the hashing would be thousands of times
  // faster, so a factor of four either way still catches it with room for scheduler noise.
  EXPECT_GT(dummy, real * 0.25);
  EXPECT_LT(dummy, real * 4.0);
}

// libsodium's own string functions, the second implementation every hash must agree with.
bool LibsodiumVerifies(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string LibsodiumHash(std::string_view password, unsigned long long passes,
                          std::size_t memory_bytes, int algorithm) {
  std::vector<char> out(crypto_pwhash_STRBYTES);
  EXPECT_EQ(crypto_pwhash_str_alg(out.data(), password.data(), password.size(), passes,
                                  memory_bytes, algorithm),
            0);
  return out.data();
}

TEST_F(Argon2PasswordHasherTest, LibsodiumAndThisHasherReadEachOthersHashes) {
  const std::string ours = hasher_.Hash("correct horse battery staple");
  EXPECT_TRUE(LibsodiumVerifies(ours, "correct horse battery staple"));
  EXPECT_FALSE(LibsodiumVerifies(ours, "correct horse battery stapler"));
  EXPECT_EQ(
      crypto_pwhash_argon2id_str_needs_rehash(ours.c_str(), kTestIterations, kTestMemoryKib * 1024),
      0);

  const std::string theirs = LibsodiumHash("correct horse battery staple", kTestIterations,
                                           kTestMemoryKib * 1024, crypto_pwhash_ALG_ARGON2ID13);
  EXPECT_TRUE(hasher_.Verify(theirs, "correct horse battery staple"));
  EXPECT_FALSE(hasher_.Verify(theirs, "correct horse battery stapler"));
  // Same memory, more passes: still computed on the pool.
  const std::string more_passes = LibsodiumHash(
      "pass phrase", kTestIterations + 2, kTestMemoryKib * 1024, crypto_pwhash_ALG_ARGON2ID13);
  EXPECT_TRUE(hasher_.Verify(more_passes, "pass phrase"));
  EXPECT_FALSE(hasher_.Verify(more_passes, "pass phrasE"));
}

TEST_F(Argon2PasswordHasherTest, Argon2iAndOtherMemoryStillVerifyThroughLibsodium) {
  const std::string argon2i =
      LibsodiumHash("old password", 3, kTestMemoryKib * 1024, crypto_pwhash_ALG_ARGON2I13);
  EXPECT_TRUE(hasher_.Verify(argon2i, "old password"));
  EXPECT_FALSE(hasher_.Verify(argon2i, "old passwore"));
  const std::string bigger =
      LibsodiumHash("old password", 1, kTestMemoryKib * 2 * 1024, crypto_pwhash_ALG_ARGON2ID13);
  EXPECT_TRUE(hasher_.Verify(bigger, "old password"));
  EXPECT_FALSE(hasher_.Verify(bigger, "old passwore"));
}

TEST(Argon2PasswordHasher, MatchesTheReferenceTestVector) {
  // The reference implementation's test vector (phc-winner-argon2 src/test.c): Argon2id 1.3,
  // "password", salt "somesalt", t = 2, m = 64 MiB, p = 1: the tag
  // 09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7.
  const std::string vector =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
  const Argon2PasswordHasher hasher(65536, 2);
  EXPECT_TRUE(hasher.Verify(vector, "password"));
  EXPECT_FALSE(hasher.Verify(vector, "passwore"));
  EXPECT_TRUE(LibsodiumVerifies(vector, "password"));
}

TEST_F(Argon2PasswordHasherTest, HashesOneAfterAnotherReuseOneRegion) {
  const std::size_t before = hasher_.memory().regions();  // the dummy hash's
  for (int i = 0; i < 3; ++i) {
    const std::string hash = hasher_.Hash("secret");
    EXPECT_TRUE(hasher_.Verify(hash, "secret"));
  }
  EXPECT_EQ(before, 1U);
  EXPECT_EQ(hasher_.memory().regions(), 1U);
  EXPECT_EQ(hasher_.memory().region_bytes(), kTestMemoryKib * 1024U);
}

TEST_F(Argon2PasswordHasherTest, ConcurrentVerificationsEachGetTheirOwnMemory) {
  const std::string hash = hasher_.Hash("shared secret");
  constexpr int kThreads = 3;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3; ++i) {
        if (!hasher_.Verify(hash, "shared secret")) ++wrong;
        if (hasher_.Verify(hash, "shared secret" + std::to_string(t))) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(hasher_.memory().regions(), static_cast<std::size_t>(kThreads));
}

TEST(Argon2PasswordHasher, DefaultsAreOwaspArgon2id) {
  const Argon2PasswordHasher hasher;
  const std::string hash = hasher.Hash("secret");
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_TRUE(hasher.Verify(hash, "secret"));
  EXPECT_FALSE(hasher.NeedsRehash(hash));
}

TEST(Argon2PasswordHasher, RejectsParametersLibsodiumCannotUse) {
  EXPECT_THROW(Argon2PasswordHasher(kTestMemoryKib, 0), std::invalid_argument);
  EXPECT_THROW(Argon2PasswordHasher(4, kTestIterations), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure
