#include "infrastructure/security/sodium_secret_cipher.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rampart::infrastructure {
namespace {

constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef-test-key";

TEST(SodiumSecretCipher, SealsAndOpensBoundToTheContext) {
  SodiumSecretCipher cipher(kKey);
  const auto sealed = cipher.Seal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "user-1");
  EXPECT_TRUE(sealed.starts_with("v1."));
  EXPECT_EQ(sealed.find("GEZDGNBV"), std::string::npos);
  EXPECT_EQ(cipher.Open(sealed, "user-1"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_FALSE(cipher.Open(sealed, "user-2"));  // a row moved to another user does not open
}

TEST(SodiumSecretCipher, EverySealIsDifferent) {
  SodiumSecretCipher cipher(kKey);
  EXPECT_NE(cipher.Seal("secret", "user-1"), cipher.Seal("secret", "user-1"));
}

TEST(SodiumSecretCipher, RefusesAlteredForeignAndMalformedValues) {
  SodiumSecretCipher cipher(kKey);
  auto sealed = cipher.Seal("secret", "user-1");
  auto altered = sealed;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher.Open(altered, "user-1"));
  SodiumSecretCipher other(std::string(kKey) + "-other");
  EXPECT_FALSE(other.Open(sealed, "user-1"));
  EXPECT_FALSE(cipher.Open("v2." + sealed.substr(3), "user-1"));
  EXPECT_FALSE(cipher.Open("v1.", "user-1"));
  EXPECT_FALSE(cipher.Open("v1.!!!", "user-1"));
}

TEST(SodiumSecretCipher, RefusesShortKeys) {
  EXPECT_THROW(SodiumSecretCipher("too short"), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure
