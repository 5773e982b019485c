// The trusted issuer's tokens of a service without the identity domain: its keys read from
// `<auth.issuer>/.well-known/jwks.json` of a scripted loopback issuer at Start, a token it signed
// accepted, one signed with a key it does not publish refused, and an issuer that is no URL
// refused at construction.
#include "main/issuer_tokens.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <stdexcept>

#include "infrastructure/security/jwt_test_support.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "integration/http/loopback_http_server.hpp"

namespace rampart {
namespace {

namespace json = boost::json;
using infrastructure::SigningKey;

class IssuerTokensTest : public ::testing::Test {
 protected:
  IssuerTokensTest() {
    settings_.issuer = server_.BaseUrl();
    settings_.audience = "rampart";
    settings_.clock_skew = std::chrono::seconds(30);
  }

  std::string Token(const SigningKey& key, std::string_view audience = "rampart") const {
    const auto now = clock_.now.time_since_epoch().count();
    const json::object header{{"alg", "ES256"}, {"typ", "at+jwt"}, {"kid", key.Kid()}};
    const json::object payload{{"iss", settings_.issuer},
                               {"sub", "0b7f4c1e-2a55-4d1b-9a51-0f0a8d1f6c11"},
                               {"aud", audience},
                               {"exp", now + 600},
                               {"iat", now},
                               {"nbf", now},
                               {"jti", "token-1"},
                               {"sid", "session-1"},
                               {"ver", 0},
                               {"roles", json::array{}},
                               {"perm", json::array{"audit.read"}}};
    return infrastructure::testing::SignedToken(header, payload, key);
  }

  std::shared_ptr<const SigningKey> key_ =
      std::make_shared<const SigningKey>(SigningKey::Generate());
  std::atomic<int> fetches_{0};
  integration::LoopbackHttpServer server_{[this](const integration::ServerRequest& request) {
    if (request.target != "/.well-known/jwks.json") return integration::ServerReply{.status = 404};
    ++fetches_;
    return integration::ServerReply{.status = 200,
                                    .headers = {{"Content-Type", "application/json"}},
                                    .body = infrastructure::JwksJsonOf({key_})};
  }};
  infrastructure::testing::FakeClock clock_;
  config::Settings settings_;
};

TEST_F(IssuerTokensTest, AcceptsTheIssuersTokensOnceItsKeysAreRead) {
  IssuerTokens tokens(settings_, clock_);
  tokens.Start();
  EXPECT_GE(fetches_.load(), 1);
  const auto claims = tokens.Verifier().Verify(Token(*key_));
  ASSERT_TRUE(claims) << claims.error().detail;
  EXPECT_EQ(claims->subject, "0b7f4c1e-2a55-4d1b-9a51-0f0a8d1f6c11");
  EXPECT_EQ(claims->permissions, std::vector<std::string>{"audit.read"});
}

TEST_F(IssuerTokensTest, RefusesAKeyTheIssuerDoesNotPublishAndAnotherAudience) {
  IssuerTokens tokens(settings_, clock_);
  tokens.Start();
  const SigningKey stranger = SigningKey::Generate();
  EXPECT_FALSE(tokens.Verifier().Verify(Token(stranger)));
  EXPECT_FALSE(tokens.Verifier().Verify(Token(*key_, "another-service")));
}

TEST_F(IssuerTokensTest, AnIssuerThatIsNoHttpUrlIsRefused) {
  settings_.issuer = "urn:example:issuer";
  EXPECT_THROW(IssuerTokens(settings_, clock_), std::runtime_error);
}

}  // namespace
}  // namespace rampart
