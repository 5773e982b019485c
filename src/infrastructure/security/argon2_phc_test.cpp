#include "infrastructure/security/argon2_phc.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rampart::infrastructure {
namespace {

// A string libsodium wrote (crypto_pwhash_str_alg, Argon2id, 19 MiB, two passes).
constexpr std::string_view kLibsodium =
    "$argon2id$v=19$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$"
    "HYuYY7ebBWT/wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY";

TEST(Argon2Phc, ReadsWhatLibsodiumWrites) {
  const auto phc = ParseArgon2Phc(kLibsodium);
  ASSERT_TRUE(phc.has_value());
  EXPECT_TRUE(phc->argon2id);
  EXPECT_EQ(phc->memory_kib, 19456U);
  EXPECT_EQ(phc->iterations, 2U);
  EXPECT_EQ(phc->lanes, 1U);
  EXPECT_EQ(phc->salt.size(), 16U);
  EXPECT_EQ(phc->salt.front(), 0x06);
  EXPECT_EQ(phc->hash.size(), 32U);
  EXPECT_EQ(phc->hash.front(), 0x1d);
}

TEST(Argon2Phc, WritesWhatItReads) {
  const auto phc = ParseArgon2Phc(kLibsodium);
  ASSERT_TRUE(phc.has_value());
  EXPECT_EQ(FormatArgon2idPhc(phc->memory_kib, phc->iterations, phc->salt, phc->hash), kLibsodium);
}

TEST(Argon2Phc, ReadsArgon2i) {
  const auto phc = ParseArgon2Phc(
      "$argon2i$v=19$m=32768,t=4,p=1$c29tZXNhbHRzb21lc2FsdA$"
      "aW1hZ2luZSB0aGlzIGlzIGEgaGFzaCB2YWx1ZQ");
  ASSERT_TRUE(phc.has_value());
  EXPECT_FALSE(phc->argon2id);
  EXPECT_EQ(phc->memory_kib, 32768U);
  EXPECT_EQ(phc->iterations, 4U);
}

TEST(Argon2Phc, RefusesEveryDeviation) {
  const std::string good(kLibsodium);
  const std::vector<std::string> bad = {
      "",
      "$argon2d$v=19$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=16$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=019456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=0,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=-1,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=99999999999,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$t=2,m=19456,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=19456,t=2$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=19456,t=2,p=1$$HYuYY7ebBWT/wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw",
      "$argon2id$v=19$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$",
      "$argon2id$v=19$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw==$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=19456,t=2,p=1$BgleaG-eH7yLQ9XIzE5GWw$HYuYY7ebBWT/"
      "wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",
      "$argon2id$v=19$m=19456,t=2,p=1$Bgle$HYuYY7ebBWT/wdFwarvlkOQ50UX4rNTQLFqO1ZjSZKY",  // 3-byte
                                                                                          // salt
      "$argon2id$v=19$m=19456,t=2,p=1$BgleaG/eH7yLQ9XIzE5GWw$HYuYY7ebBWT",  // 8-byte hash
      good + "$",
      good + " ",
      good + "AAAA$AAAA",
      " " + good,
      std::string(good).insert(20, 1, '\0'),
      good + std::string(200, 'A'),  // a hash longer than 64 bytes
  };
  for (const std::string& text : bad) EXPECT_FALSE(ParseArgon2Phc(text).has_value()) << text;
}

}  // namespace
}  // namespace rampart::infrastructure
