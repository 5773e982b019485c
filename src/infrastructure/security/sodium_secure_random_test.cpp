#include "infrastructure/security/sodium_secure_random.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace rampart::infrastructure {
namespace {

TEST(SodiumSecureRandom, UuidIsCanonicalVersion4) {
  SodiumSecureRandom random;
  const std::regex canonical(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string uuid = random.NewUuid();
    EXPECT_TRUE(std::regex_match(uuid, canonical)) << uuid;
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(SodiumSecureRandom, OpaqueTokenIs256BitsOfBase64Url) {
  SodiumSecureRandom random;
  const std::regex base64url("^[A-Za-z0-9_-]{43}$");  // ceil(32 * 8 / 6), no padding
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string token = random.NewOpaqueToken();
    EXPECT_TRUE(std::regex_match(token, base64url)) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(SodiumSecureRandom, HashTokenIsLowerHexSha256) {
  const SodiumSecureRandom random;
  // FIPS 180-2 test vectors.
  EXPECT_EQ(random.HashToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(random.HashToken(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace rampart::infrastructure
