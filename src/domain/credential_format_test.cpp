#include "domain/credential_format.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

const std::string kPublicId = "AbCdEf012345";
const std::string kSecret = "0123456789abcdefghijABCDEFGHIJkl";

TEST(CredentialFormat, Crc32IsTheIeeeCrc) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the CRC-32 check value
  EXPECT_EQ(Base62Checksum("123456789").size(), kChecksumLength);
}

TEST(CredentialFormat, AnApiKeyRoundTripsToItsPublicId) {
  const auto key = ApiKeyText(kPublicId, kSecret);
  EXPECT_TRUE(key.starts_with("rp_AbCdEf012345_0123456789abcdef"));
  EXPECT_EQ(key.size(), 3u + 12 + 1 + 32 + 6);
  ASSERT_TRUE(ApiKeyPublicId(key));
  EXPECT_EQ(*ApiKeyPublicId(key), kPublicId);
}

TEST(CredentialFormat, AMistypedOrMalformedKeyIsRefusedByItsShapeOrChecksum) {
  const auto key = ApiKeyText(kPublicId, kSecret);
  for (std::size_t i = 3; i < key.size(); ++i) {
    if (key[i] == '_') continue;
    std::string typo = key;
    typo[i] = typo[i] == 'x' ? 'y' : 'x';
    EXPECT_FALSE(ApiKeyPublicId(typo)) << "one character changed at " << i;
  }
  EXPECT_FALSE(ApiKeyPublicId(""));
  EXPECT_FALSE(ApiKeyPublicId(key.substr(0, key.size() - 1)));
  EXPECT_FALSE(ApiKeyPublicId(key + "0"));
  EXPECT_FALSE(ApiKeyPublicId("xx" + key.substr(2)));
  std::string separator = key;
  separator[15] = '-';
  EXPECT_FALSE(ApiKeyPublicId(separator));
  std::string non_base62 = ApiKeyText(kPublicId, "0123456789abcdefghijABCDEFGHIJ-_");
  EXPECT_FALSE(ApiKeyPublicId(non_base62));  // a valid checksum of a wrong shape
}

TEST(CredentialFormat, ClientSecretsCarryAChecksumToo) {
  const auto secret = ClientSecretText(std::string(40, 'Q'));
  EXPECT_TRUE(secret.starts_with("rpcs_QQQQ"));
  EXPECT_TRUE(IsWellFormedClientSecret(secret));
  std::string typo = secret;
  typo[10] = 'R';
  EXPECT_FALSE(IsWellFormedClientSecret(typo));
  EXPECT_FALSE(IsWellFormedClientSecret("rpcs_short"));
}

}  // namespace
}  // namespace rampart::domain
