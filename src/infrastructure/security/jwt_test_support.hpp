#pragma once
// Fixtures for the JWT tests: a settable clock and a forger that signs arbitrary JOSE segments
// with a real key, so each attack test proves which check rejects it.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <boost/json.hpp>

#include <memory>
#include <string>

#include "application/ports/clock.hpp"
#include "infrastructure/security/base64url.hpp"
// rampart:begin(iam)
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
// rampart:end
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace rampart::infrastructure::testing {

class FakeClock final : public application::Clock {
 public:
  domain::TimePoint Now() const override { return now; }
  domain::TimePoint now{std::chrono::seconds(1'800'000'000)};
};

inline constexpr std::string_view kIssuer = "https://id.example.com";
inline constexpr std::string_view kAudience = "rampart";

// rampart:begin(iam)
inline JwtOptions TestOptions() {
  return JwtOptions{.issuer = std::string(kIssuer),
                    .audience = std::string(kAudience),
                    .access_ttl = std::chrono::seconds(600),
                    .leeway = std::chrono::seconds(30)};
}
// rampart:end

inline std::string Segment(const boost::json::value& json) {
  return Base64UrlEncode(boost::json::serialize(json));
}

// SignedToken: header.payload.signature with a valid ES256 signature by `key` over whatever
// segments given.
inline std::string SignedToken(std::string_view header_segment, std::string_view payload_segment,
                               const SigningKey& key) {
  std::string token = std::string(header_segment) + "." + std::string(payload_segment);
  const Signature signature = key.Sign(token);
  return token + "." + Base64UrlEncode(signature);
}

inline std::string SignedToken(const boost::json::value& header, const boost::json::value& payload,
                               const SigningKey& key) {
  return SignedToken(Segment(header), Segment(payload), key);
}

// Hs256 returns the base64url HMAC-SHA256 of `signing_input` keyed with `secret`: an HS256
// signature, for the algorithm-confusion attacks.
inline std::string Hs256(std::string_view secret, std::string_view signing_input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &length);
  return Base64UrlEncode(std::span<const unsigned char>(mac, length));
}

// WithSegment replaces segment `index` of `token`, keeping the others (and so the old signature).
inline std::string WithSegment(std::string_view token, int index, std::string_view segment) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  std::string parts[3] = {std::string(token.substr(0, first)),
                          std::string(token.substr(first + 1, second - first - 1)),
                          std::string(token.substr(second + 1))};
  parts[index] = segment;
  return parts[0] + "." + parts[1] + "." + parts[2];
}

// rampart:begin(iam)
class JwtFixture {
 protected:
  std::shared_ptr<const SigningKey> key_ =
      std::make_shared<const SigningKey>(SigningKey::Generate());
  std::shared_ptr<const KeyRing> ring_ =
      std::make_shared<const KeyRing>(key_, std::vector<std::shared_ptr<const SigningKey>>{});
  FakeClock clock_;
  SodiumSecureRandom random_;
  JwtTokenService service_{ring_, TestOptions(), clock_, random_};

  std::int64_t Now() const { return clock_.now.time_since_epoch().count(); }

  boost::json::object Header() const {
    return {{"alg", "ES256"}, {"typ", "at+jwt"}, {"kid", key_->Kid()}};
  }

  // Payload returns a payload the service accepts at the fake clock's time.
  boost::json::object Payload() const {
    return {{"iss", kIssuer},
            {"sub", "user-1"},
            {"aud", kAudience},
            {"exp", Now() + 600},
            {"iat", Now()},
            {"nbf", Now()},
            {"jti", "token-1"},
            {"sid", "session-1"},
            {"ver", 3},
            {"roles", boost::json::array{"admin"}},
            {"perm", boost::json::array{"users:read", "users:write"}}};
  }

  std::string Token(const boost::json::object& header, const boost::json::object& payload) const {
    return SignedToken(header, payload, *key_);
  }
};
// rampart:end

}  // namespace rampart::infrastructure::testing
