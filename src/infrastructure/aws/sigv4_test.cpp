// SigV4 against the examples AWS documents (the generated comparison with the SDK's signer is
// tests/aws/sigv4_compare.mjs), and the checksums SQS uses.
#include "infrastructure/aws/sigv4.hpp"

#include <gtest/gtest.h>

#include "infrastructure/aws/iso8601.hpp"

namespace rampart::infrastructure::aws {
namespace {

const AwsCredentials kExample{.access_key_id = "AKIDEXAMPLE",
                              .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
const auto kAugust30 = *ParseIso8601("2015-08-30T12:36:00Z");

TEST(SigV4, GetVanillaOfTheAwsTestSuite) {
  http::HttpRequest request{.method = "GET",
                            .url = *http::ParseUrl("https://example.amazonaws.com/")};
  SignV4(request, kExample, {"us-east-1", "service"}, kAugust30);
  EXPECT_EQ(http::FindHeader(request.headers, "x-amz-date"), "20150830T123600Z");
  EXPECT_EQ(http::FindHeader(request.headers, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, TheIamListUsersExampleOfTheAwsDocumentation) {
  http::HttpRequest request{
      .method = "GET",
      .url = *http::ParseUrl("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
      .headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}};
  SignV4(request, kExample, {"us-east-1", "iam"}, kAugust30);
  EXPECT_EQ(http::FindHeader(request.headers, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, SignsTheSessionTokenAndSkipsTheUserAgent) {
  AwsCredentials temporary = kExample;
  temporary.session_token = "token";
  http::HttpRequest request{
      .method = "POST",
      .url = *http::ParseUrl("http://127.0.0.1:4566/"),
      .headers = {{"User-Agent", "x"}, {"X-Amz-Target", "AmazonSQS.ListQueues"}}};
  SignV4(request, temporary, {"eu-west-1", "sqs"}, kAugust30);
  EXPECT_EQ(http::FindHeader(request.headers, "x-amz-security-token"), "token");
  const auto authorization = http::FindHeader(request.headers, "authorization");
  EXPECT_NE(authorization.find("SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target,"),
            std::string_view::npos);
  std::string names;
  const auto canonical = CanonicalRequest(request, &names);
  EXPECT_NE(canonical.find("host:127.0.0.1:4566\n"), std::string::npos);
}

TEST(Checksums, AreLowerCaseHex) {
  EXPECT_EQ(Md5Hex("hi"), "49f68a5c8493ec2c0bf489821c21fc3b");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(UriEncode("a b/~*"), "a%20b%2F~%2A");
}

TEST(Iso8601, ReadsAndWritesCredentialExpiries) {
  const auto time = ParseIso8601("2026-12-03T08:00:00Z");
  ASSERT_TRUE(time);
  EXPECT_EQ(FormatIso8601(*time), "2026-12-03T08:00:00Z");
  EXPECT_EQ(ParseIso8601("2026-12-03T08:00:00.123Z"), time);
  EXPECT_FALSE(ParseIso8601("2026-12-03 08:00:00"));
  EXPECT_FALSE(ParseIso8601("2026-13-03T08:00:00Z"));
}

}  // namespace
}  // namespace rampart::infrastructure::aws
