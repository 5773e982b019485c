// Tokens of an external issuer, verified with the JWKS it serves: a scripted loopback HTTP server
// serves a JWKS (written by JwksJsonOf) to the real outgoing HTTP client. Every refused token
// carries a valid signature wherever the attack allows one, so the test shows which check
// refuses it; the refetch on an unknown kid is shown to be rate-limited by counting the requests
// the issuer received.
#include "infrastructure/security/jwks_token_verifier.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "infrastructure/http/http_client.hpp"
#include "infrastructure/security/jwt_test_support.hpp"
#include "integration/http/loopback_http_server.hpp"

namespace rampart::infrastructure {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::kAudience;
using testing::kIssuer;
using testing::SignedToken;
using testing::WithSegment;

std::shared_ptr<const SigningKey> NewKey(SigningAlgorithm algorithm = SigningAlgorithm::kEs256) {
  return std::make_shared<const SigningKey>(SigningKey::Generate(algorithm));
}

// Issuer: what the issuer serves at /.well-known/jwks.json, changeable during a test.
class Issuer {
 public:
  explicit Issuer(std::string jwks) : jwks_(std::move(jwks)) {}
  void Serve(std::string jwks, int status = 200) {
    std::lock_guard lock(mutex_);
    jwks_ = std::move(jwks);
    status_ = status;
  }
  int Fetches() const {
    std::lock_guard lock(mutex_);
    return fetches_;
  }
  integration::ServerReply Answer(const integration::ServerRequest& request) {
    std::lock_guard lock(mutex_);
    if (request.target != "/.well-known/jwks.json") return {.status = 404};
    ++fetches_;
    return {.status = status_, .headers = {{"Content-Type", "application/json"}}, .body = jwks_};
  }

 private:
  mutable std::mutex mutex_;
  std::string jwks_;
  int status_ = 200;
  int fetches_ = 0;
};

std::string JwksOf(std::shared_ptr<const SigningKey> active,
                   std::vector<std::shared_ptr<const SigningKey>> others = {}) {
  others.insert(others.begin(), std::move(active));
  return JwksJsonOf(others);
}

class JwksTokenVerifierTest : public ::testing::Test {
 protected:
  std::shared_ptr<const SigningKey> key_ = NewKey();
  Issuer issuer_{JwksOf(key_)};
  integration::LoopbackHttpServer server_{
      [this](const integration::ServerRequest& request) { return issuer_.Answer(request); }};
  http::HttpClient client_;
  telemetry::Registry registry_;
  http::Dependency dependency_{
      "jwks", {.attempt_timeout = 2s, .total_timeout = 2s, .max_attempts = 1}, client_, registry_};
  testing::FakeClock clock_;
  RemoteJwks keys_{
      {.url = *JwksUrlOf(server_.BaseUrl()), .refresh_interval = 300s, .min_refetch_interval = 30s},
      dependency_,
      clock_};
  JwksTokenVerifier verifier_{
      keys_, {.issuer = std::string(kIssuer), .audience = std::string(kAudience)}, clock_};

  void SetUp() override { ASSERT_TRUE(keys_.Refresh()); }

  std::int64_t Now() const { return clock_.now.time_since_epoch().count(); }

  json::object Header(const SigningKey& key) const {
    return {{"alg", "ES256"}, {"typ", "at+jwt"}, {"kid", key.Kid()}};
  }
  // Payload: the claims of a user's access token from rampart, valid at the fake clock's time.
  json::object Payload() const {
    return {{"iss", kIssuer},
            {"sub", "user-1"},
            {"aud", kAudience},
            {"exp", Now() + 600},
            {"iat", Now()},
            {"nbf", Now()},
            {"jti", "token-1"},
            {"sid", "session-1"},
            {"ver", 0},
            {"roles", json::array{"user"}},
            {"perm", json::array{"users:read:self"}}};
  }
  std::string Token(const json::object& header, const json::object& payload,
                    const SigningKey& key) const {
    return SignedToken(header, payload, key);
  }
  std::string Token(const json::object& payload) const {
    return Token(Header(*key_), payload, *key_);
  }

  // ExpectRefused: kUnauthorized with this reason, without throwing.
  void ExpectRefused(std::string_view token, std::string_view why,
                     std::string_view reason = "invalid token") {
    domain::Result<application::AccessClaims> result;
    ASSERT_NO_THROW(result = verifier_.Verify(token)) << why;
    ASSERT_FALSE(result) << why;
    EXPECT_EQ(result.error().code, domain::ErrorCode::kUnauthorized) << why;
    EXPECT_EQ(result.error().detail, reason) << why;
  }
};

TEST_F(JwksTokenVerifierTest, AcceptsTheIssuersTokenAndReturnsItsClaims) {
  const auto claims = verifier_.Verify(Token(Payload()));
  ASSERT_TRUE(claims) << claims.error().detail;
  EXPECT_EQ(claims->subject, "user-1");
  EXPECT_EQ(claims->session_id, "session-1");
  EXPECT_EQ(claims->permissions, std::vector<std::string>{"users:read:self"});
  EXPECT_EQ(issuer_.Fetches(), 1);  // verification itself fetches nothing
}

TEST_F(JwksTokenVerifierTest, RefusesEveryAlgorithmButEs256) {
  const std::string signing_input =
      testing::Segment(json::object{{"alg", "HS256"}, {"typ", "at+jwt"}, {"kid", key_->Kid()}}) +
      "." + testing::Segment(Payload());
  // The classic confusion: the issuer's public key as the HMAC secret.
  ExpectRefused(signing_input + "." + testing::Hs256(key_->PublicKeyPem(), signing_input),
                "HS256 keyed with the public key");
  for (const char* alg : {"none", "None", "HS256", "HS512", "ES384", "ES512", "RS256", "PS256",
                          "EdDSA", "es256", ""}) {
    auto header = Header(*key_);
    header["alg"] = alg;
    ExpectRefused(Token(header, Payload(), *key_), alg);
  }
  auto no_alg = Header(*key_);
  no_alg.erase("alg");
  ExpectRefused(Token(no_alg, Payload(), *key_), "no alg");
  // alg none, unsigned: the empty signature segment is refused before anything else.
  auto none = Header(*key_);
  none["alg"] = "none";
  ExpectRefused(testing::Segment(none) + "." + testing::Segment(Payload()) + ".", "unsigned");
}

TEST_F(JwksTokenVerifierTest, RefusesAnotherKindOfTokenOrAnUnknownExtension) {
  for (const char* typ : {"JWT", "jwt", "at+JWT2", "application/jwt"}) {
    auto header = Header(*key_);
    header["typ"] = typ;
    ExpectRefused(Token(header, Payload(), *key_), typ);
  }
  auto no_typ = Header(*key_);
  no_typ.erase("typ");
  ExpectRefused(Token(no_typ, Payload(), *key_), "no typ");
  auto crit = Header(*key_);
  crit["crit"] = json::array{"exp"};
  ExpectRefused(Token(crit, Payload(), *key_), "crit");
  // Embedded keys are never used: the kid alone picks the key, and here it names none.
  auto embedded = Header(*key_);
  embedded["kid"] = "attacker";
  embedded["jwk"] = json::object{{"kty", "EC"}, {"crv", "P-256"}};
  embedded["jku"] = "https://attacker.example/jwks.json";
  ExpectRefused(Token(embedded, Payload(), *key_), "jwk/jku", "unknown signing key");
}

TEST_F(JwksTokenVerifierTest, RefusesAWrongIssuerOrAudience) {
  for (const auto& [claim, value] : std::vector<std::pair<std::string, json::value>>{
           {"iss", "https://other-issuer.example.com"},
           {"iss", "https://id.example.com/"},
           {"aud", "another-service"},
           {"aud", json::array{"another-service", "a-third"}}}) {
    auto payload = Payload();
    payload[claim] = value;
    ExpectRefused(Token(payload), claim + " " + json::serialize(value));
  }
  auto several = Payload();
  several["aud"] = json::array{"another-service", kAudience};
  EXPECT_TRUE(verifier_.Verify(Token(several)));  // an audience among several is ours
  for (const char* claim : {"iss", "aud", "exp", "sub", "sid", "ver"}) {
    auto payload = Payload();
    payload.erase(claim);
    ExpectRefused(Token(payload), std::string("no ") + claim);
  }
}

TEST_F(JwksTokenVerifierTest, ChecksExpiryAndNotBeforeWithTheLeeway) {
  auto payload = Payload();
  payload["exp"] = Now() - 29;  // within the 30 s leeway
  EXPECT_TRUE(verifier_.Verify(Token(payload)));
  payload["exp"] = Now() - 30;
  ExpectRefused(Token(payload), "expired", "token expired");

  payload = Payload();
  payload["nbf"] = Now() + 30;
  EXPECT_TRUE(verifier_.Verify(Token(payload)));
  payload["nbf"] = Now() + 31;
  ExpectRefused(Token(payload), "nbf in the future", "token not yet valid");
  payload = Payload();
  payload["iat"] = Now() + 31;
  ExpectRefused(Token(payload), "iat in the future", "token not yet valid");
  payload = Payload();
  payload["exp"] = std::to_string(Now() + 600);
  ExpectRefused(Token(payload), "exp as a string");
}

TEST_F(JwksTokenVerifierTest, RefusesATamperedOrForeignToken) {
  const std::string token = Token(Payload());
  auto elevated = Payload();
  elevated["perm"] = json::array{"users:read:self", "roles:manage"};
  ExpectRefused(WithSegment(token, 1, testing::Segment(elevated)), "payload swapped");
  std::string flipped = token;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  ExpectRefused(flipped, "signature changed");
  ExpectRefused(WithSegment(token, 2, Base64UrlEncode(std::string(64, '\0'))), "r = s = 0");
  // Another key claiming the issuer's kid: key substitution.
  ExpectRefused(Token(Header(*key_), Payload(), *NewKey()), "signed by another key");
  // Another issuer's token altogether: its own kid, unknown here.
  const auto stranger = NewKey();
  ExpectRefused(Token(Header(*stranger), Payload(), *stranger), "another issuer",
                "unknown signing key");
}

TEST_F(JwksTokenVerifierTest, RefusesMalformedTokensWithoutThrowing) {
  const std::string token = Token(Payload());
  for (const std::string& bad : std::vector<std::string>{
           std::string(), std::string("."), std::string(".."), std::string("a.b"), token + ".x.y",
           token + "=", std::string(JwksTokenVerifier::kMaxTokenSize + 1, 'a'), "not a token",
           "e30.e30.e30"}) {
    ExpectRefused(bad, bad.substr(0, 40));
  }
}

TEST_F(JwksTokenVerifierTest, ARotatedKeyVerifiesAfterTheRefetchItsFirstTokenAskedFor) {
  keys_.Start();
  const auto next = NewKey();
  issuer_.Serve(JwksOf(next, {key_}));  // the issuer rotated; this copy is older
  const std::string token = Token(Header(*next), Payload(), *next);
  ExpectRefused(token, "kid not fetched yet", "unknown signing key");
  ASSERT_TRUE(keys_.WaitForFetches(2, 10s));
  EXPECT_TRUE(verifier_.Verify(token));
  EXPECT_TRUE(verifier_.Verify(Token(Payload())));  // the old key's tokens still verify
  EXPECT_EQ(issuer_.Fetches(), 2);
}

TEST_F(JwksTokenVerifierTest, AFloodOfMadeUpKidsCostsTheIssuerOneFetchPerInterval) {
  keys_.Start();
  auto header = Header(*key_);
  int asked = 0;
  for (int i = 0; i < 200; ++i) {
    header["kid"] = "made-up-" + std::to_string(i);
    ExpectRefused(Token(header, Payload(), *key_), "made-up kid", "unknown signing key");
    asked += keys_.OnUnknownKid() ? 1 : 0;  // what the verifier's calls left for later ones
  }
  ASSERT_TRUE(keys_.WaitForFetches(2, 10s));
  EXPECT_EQ(asked, 0);  // the first unknown kid asked; every other one within 30 s was refused
  EXPECT_EQ(issuer_.Fetches(), 2);

  clock_.now += 29s;
  EXPECT_FALSE(keys_.OnUnknownKid());
  clock_.now += 1s;
  header["kid"] = "made-up-again";
  ExpectRefused(Token(header, Payload(), *key_), "a later made-up kid", "unknown signing key");
  ASSERT_TRUE(keys_.WaitForFetches(3, 10s));
  EXPECT_EQ(issuer_.Fetches(), 3);
}

TEST_F(JwksTokenVerifierTest, KeepsTheKeysInUseWhenTheIssuerFailsOrServesGarbage) {
  issuer_.Serve("{}", 503);
  EXPECT_FALSE(keys_.Refresh());
  issuer_.Serve("not a key set");
  EXPECT_FALSE(keys_.Refresh());
  issuer_.Serve(R"({"keys":[]})", 404);
  EXPECT_FALSE(keys_.Refresh());
  issuer_.Serve(std::string(std::size_t{70} * 1024, ' ') + R"({"keys":[]})");
  EXPECT_FALSE(keys_.Refresh());  // over the size limit
  EXPECT_EQ(keys_.KeyCount(), 1u);
  EXPECT_TRUE(verifier_.Verify(Token(Payload())));
  EXPECT_EQ(keys_.Fetches(), 5u);

  // A valid, empty set is the issuer's word: no key verifies any more.
  issuer_.Serve(R"({"keys":[]})");
  EXPECT_TRUE(keys_.Refresh());
  ExpectRefused(Token(Payload()), "key withdrawn", "unknown signing key");
}

TEST(JwksTokenVerifierOptions, RefusesAMissingIssuerOrAudience) {
  http::HttpClient client;
  telemetry::Registry registry;
  http::Dependency dependency("jwks", {}, client, registry);
  testing::FakeClock clock;
  RemoteJwks keys({.url = "https://id.example.com/.well-known/jwks.json"}, dependency, clock);
  EXPECT_THROW(JwksTokenVerifier(keys, {.issuer = "", .audience = "a"}, clock),
               std::invalid_argument);
  EXPECT_THROW(JwksTokenVerifier(keys, {.issuer = "i", .audience = ""}, clock),
               std::invalid_argument);
  EXPECT_THROW(RemoteJwks({.url = "ftp://example.com/jwks"}, dependency, clock),
               std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure
