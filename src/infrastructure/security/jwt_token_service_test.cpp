#include "infrastructure/security/jwt_token_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "infrastructure/security/jwt_test_support.hpp"

namespace rampart::infrastructure {
namespace {

namespace json = boost::json;
using application::AccessClaims;

class JwtTokenServiceTest : public ::testing::Test, protected testing::JwtFixture {
 protected:
  static AccessClaims SampleClaims() {
    AccessClaims claims;
    claims.subject = "0b7f6a0e-4a8e-4d8e-9c47-2f0f4f1f6c11";
    claims.session_id = "5d0e3d55-8d4f-4bb1-a0de-2a8f0c1c2e77";
    claims.token_version = 7;
    claims.roles = {"admin", "auditor"};
    claims.permissions = {"users:read", "users:write", "audit:read"};
    claims.amr = {"pwd", "otp"};
    return claims;
  }

  static json::object DecodeSegment(std::string_view token, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
    const std::size_t end = token.find('.', start);
    return json::parse(*Base64UrlDecode(token.substr(start, end - start))).as_object();
  }
};

TEST_F(JwtTokenServiceTest, IssuedTokenVerifiesWithAllClaims) {
  const auto issued = service_.Issue(SampleClaims());
  EXPECT_EQ(issued.expires_in, std::chrono::seconds(600));

  const auto verified = service_.Verify(issued.token);
  ASSERT_TRUE(verified) << verified.error().detail;
  const AccessClaims expected = SampleClaims();
  EXPECT_EQ(verified->subject, expected.subject);
  EXPECT_EQ(verified->session_id, expected.session_id);
  EXPECT_EQ(verified->token_version, 7);
  EXPECT_EQ(verified->roles, expected.roles);
  EXPECT_EQ(verified->permissions, expected.permissions);
  EXPECT_EQ(verified->amr, expected.amr);
  EXPECT_EQ(verified->issued_at, clock_.now);
  EXPECT_EQ(verified->expires_at, clock_.now + std::chrono::seconds(600));
  EXPECT_EQ(verified->token_id.size(), 36u);
}

TEST_F(JwtTokenServiceTest, IssuedTokenHasTheDocumentedShape) {
  const std::string token = service_.Issue(SampleClaims()).token;
  const json::object header = DecodeSegment(token, 0);
  EXPECT_EQ(header, (json::object{{"alg", "ES256"}, {"typ", "at+jwt"}, {"kid", key_->Kid()}}));

  const json::object payload = DecodeSegment(token, 1);
  for (const char* claim :
       {"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "sid", "ver", "roles", "perm", "amr"}) {
    EXPECT_TRUE(payload.contains(claim)) << claim;
  }
  EXPECT_EQ(payload.at("iss").as_string(), testing::kIssuer);
  EXPECT_EQ(payload.at("aud").as_string(), testing::kAudience);
  EXPECT_EQ(payload.at("exp").as_int64(), Now() + 600);
  EXPECT_EQ(payload.at("nbf").as_int64(), Now());

  // JOSE signature: 64 raw bytes (r||s), base64url without padding = 86 characters.
  const std::string_view signature = std::string_view(token).substr(token.rfind('.') + 1);
  EXPECT_EQ(signature.size(), 86u);
  EXPECT_EQ(Base64UrlDecode(signature)->size(), 64u);
  EXPECT_NE(DecodeSegment(service_.Issue(SampleClaims()).token, 1).at("jti"), payload.at("jti"));
}

TEST_F(JwtTokenServiceTest, AcceptsAForgedTokenOnlyWhenItIsActuallyValid) {
  // The helper itself must produce accepted tokens, or every attack test below proves nothing.
  EXPECT_TRUE(service_.Verify(Token(Header(), Payload())));
}

TEST_F(JwtTokenServiceTest, ExpiryHonoursTheLeeway) {
  const std::string token = service_.Issue(SampleClaims()).token;
  clock_.now += std::chrono::seconds(600 + 29);
  EXPECT_TRUE(service_.Verify(token));
  clock_.now += std::chrono::seconds(1);
  const auto expired = service_.Verify(token);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(expired.error().detail, "token expired");
}

TEST_F(JwtTokenServiceTest, NotBeforeAndIssuedAtInTheFutureAreRefused) {
  for (const char* claim : {"nbf", "iat"}) {
    auto payload = Payload();
    payload[claim] = Now() + 30;
    EXPECT_TRUE(service_.Verify(Token(Header(), payload))) << claim << " within leeway";
    payload[claim] = Now() + 31;
    const auto early = service_.Verify(Token(Header(), payload));
    ASSERT_FALSE(early) << claim;
    EXPECT_EQ(early.error().detail, "token not yet valid");
  }
}

TEST_F(JwtTokenServiceTest, IssuerAndAudienceMustMatch) {
  auto payload = Payload();
  payload["iss"] = "https://evil.example.com";
  EXPECT_FALSE(service_.Verify(Token(Header(), payload)));
  payload = Payload();
  payload.erase("iss");
  EXPECT_FALSE(service_.Verify(Token(Header(), payload)));

  payload = Payload();
  payload["aud"] = "another-service";
  EXPECT_FALSE(service_.Verify(Token(Header(), payload)));
  payload["aud"] = json::array{"another-service", testing::kAudience};
  EXPECT_TRUE(service_.Verify(Token(Header(), payload)));
  payload["aud"] = json::array{"another-service"};
  EXPECT_FALSE(service_.Verify(Token(Header(), payload)));
  payload["aud"] = json::array{};
  EXPECT_FALSE(service_.Verify(Token(Header(), payload)));
  payload.erase("aud");
  EXPECT_FALSE(service_.Verify(Token(Header(), payload)));
}

TEST_F(JwtTokenServiceTest, RequiredClaimsMustBePresentAndTyped) {
  const std::vector<std::pair<const char*, json::value>> broken = {
      {"exp", nullptr},
      {"exp", "1900000000"},
      {"exp", 1.9e9},
      {"sub", nullptr},
      {"sub", ""},
      {"sub", 42},
      {"sid", nullptr},
      {"sid", ""},
      {"ver", nullptr},
      {"ver", "3"},
      {"ver", 1e100},
      {"ver", 4294967296},
      {"roles", "admin"},
      {"roles", json::array{1}},
      {"perm", json::object{}},
      {"amr", "pwd"},
      {"jti", 5},
      {"nbf", "0"},
      {"iat", true},
  };
  for (const auto& [claim, value] : broken) {
    auto payload = Payload();
    if (value.is_null()) {
      payload.erase(claim);
    } else {
      payload[claim] = value;
    }
    const auto result = service_.Verify(Token(Header(), payload));
    EXPECT_FALSE(result) << claim << " = " << json::serialize(value);
  }
}

TEST_F(JwtTokenServiceTest, ServiceAccountTokenCarriesClientIdAndScopeAndNoSession) {
  AccessClaims claims;
  claims.subject = "9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
  claims.token_version = 3;
  claims.roles = {"exporter"};
  claims.permissions = {"audit.read"};
  claims.kind = domain::PrincipalKind::kServiceAccount;
  claims.client_id = "rpsa_0123456789abcdefghij";
  claims.scope = std::vector<std::string>{"audit.read", "users.read"};
  const std::string token = service_.Issue(claims).token;

  const json::object payload = DecodeSegment(token, 1);
  EXPECT_EQ(payload.at("client_id").as_string(), claims.client_id);  // RFC 9068 §2.2
  EXPECT_EQ(payload.at("scope").as_string(), "audit.read users.read");
  EXPECT_FALSE(payload.contains("sid"));
  EXPECT_EQ(DecodeSegment(token, 0).at("typ").as_string(), "at+jwt");

  const auto verified = service_.Verify(token);
  ASSERT_TRUE(verified) << verified.error().detail;
  EXPECT_EQ(verified->kind, domain::PrincipalKind::kServiceAccount);
  EXPECT_EQ(verified->subject, claims.subject);
  EXPECT_EQ(verified->client_id, claims.client_id);
  EXPECT_EQ(verified->scope, claims.scope);
  EXPECT_EQ(verified->token_version, 3);
  EXPECT_TRUE(verified->session_id.empty());

  claims.scope.reset();
  const auto unscoped = service_.Verify(service_.Issue(claims).token);
  ASSERT_TRUE(unscoped);
  EXPECT_FALSE(unscoped->scope.has_value());
  EXPECT_FALSE(DecodeSegment(service_.Issue(claims).token, 1).contains("scope"));
}

TEST_F(JwtTokenServiceTest, ClientIdExcludesSessionAndMustBeAString) {
  const std::vector<std::pair<const char*, json::value>> broken = {
      {"client_id", ""}, {"client_id", 7}, {"scope", 7}, {"scope", ""}, {"scope", "a  b"}};
  for (const auto& [claim, value] : broken) {
    auto payload = Payload();
    payload.erase("sid");
    payload["client_id"] = "rpsa_0123456789abcdefghij";
    payload[claim] = value;
    EXPECT_FALSE(service_.Verify(Token(Header(), payload)))
        << claim << " = " << json::serialize(value);
  }
  auto both = Payload();  // a session and a client id: neither a user's nor an account's token
  both["client_id"] = "rpsa_0123456789abcdefghij";
  EXPECT_FALSE(service_.Verify(Token(Header(), both)));
  auto account = Payload();
  account.erase("sid");
  account["client_id"] = "rpsa_0123456789abcdefghij";
  EXPECT_TRUE(service_.Verify(Token(Header(), account)));
}

TEST_F(JwtTokenServiceTest, ErrorsAreUnauthorizedWithAGenericReason) {
  const auto result = service_.Verify("not.a.token");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(result.error().detail, "invalid token");
}

TEST_F(JwtTokenServiceTest, RotatedOutKeysStillVerifyTheirTokens) {
  const std::string old_token = service_.Issue(SampleClaims()).token;

  auto new_key = std::make_shared<const SigningKey>(SigningKey::Generate());
  auto rotated = std::make_shared<const KeyRing>(
      new_key, std::vector<std::shared_ptr<const SigningKey>>{key_});
  JwtTokenService after_rotation(rotated, testing::TestOptions(), clock_, random_);
  const std::string new_token = after_rotation.Issue(SampleClaims()).token;
  EXPECT_EQ(DecodeSegment(new_token, 0).at("kid").as_string(), new_key->Kid());
  EXPECT_TRUE(after_rotation.Verify(old_token));
  EXPECT_TRUE(after_rotation.Verify(new_token));

  // Once the old key leaves the ring, its tokens stop verifying.
  auto retired =
      std::make_shared<const KeyRing>(new_key, std::vector<std::shared_ptr<const SigningKey>>{});
  JwtTokenService after_retirement(retired, testing::TestOptions(), clock_, random_);
  EXPECT_FALSE(after_retirement.Verify(old_token));
  EXPECT_TRUE(after_retirement.Verify(new_token));
}

TEST_F(JwtTokenServiceTest, VerifiesConcurrently) {
  std::vector<std::string> tokens;
  for (int i = 0; i < 16; ++i) tokens.push_back(service_.Issue(SampleClaims()).token);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const std::string& token = tokens[(t + i) % tokens.size()];
        if (!service_.Verify(token)) ++failures;
        if (service_.Verify(token + "x")) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(JwtTokenService, RefusesAnIncompleteConfiguration) {
  testing::FakeClock clock;
  SodiumSecureRandom random;
  auto ring =
      std::make_shared<const KeyRing>(std::make_shared<const SigningKey>(SigningKey::Generate()),
                                      std::vector<std::shared_ptr<const SigningKey>>{});
  auto options = testing::TestOptions();
  options.audience.clear();
  EXPECT_THROW(JwtTokenService(ring, options, clock, random), std::invalid_argument);
  EXPECT_THROW(JwtTokenService(nullptr, testing::TestOptions(), clock, random),
               std::invalid_argument);
  options = testing::TestOptions();
  options.access_ttl = std::chrono::seconds(0);
  EXPECT_THROW(JwtTokenService(ring, options, clock, random), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure
