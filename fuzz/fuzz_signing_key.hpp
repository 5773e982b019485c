#pragma once
// The signing key, the clock and the token inputs of the access-token harnesses (jwt,
// issuer_token): one fixed key, so that a corpus input signed with it reproduces across runs and
// harnesses.
#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "application/ports/clock.hpp"
#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/signing_key.hpp"

namespace rampart::fuzz {

// A P-256 key made for these harnesses only (it signs nothing else).
constexpr std::string_view kFuzzOnlyKeyPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaVwdZPCXWL3jBDog
1+2KTe9Q9uaatlePdvgPtHPf3sihRANCAAROd9JR4+yr9Xf/3A3dP/CjzimCuMZ1
q5hYA6KxxYYRyJBQeA19vRmoYtcXiTxH3QfWavj4RGAFGoeJyBIL4vU5
-----END PRIVATE KEY-----
)";

// 2027-01-15T08:00:00Z: the seeds' exp/nbf/iat are around it.
class FixedClock final : public application::Clock {
 public:
  domain::TimePoint Now() const override { return domain::TimePoint(std::chrono::seconds(1'800'000'000)); }
};

// SignedWith appends `key`'s signature over `signing_input` as the third segment.
inline std::string SignedWith(const infrastructure::SigningKey& key, std::string_view signing_input) {
  const auto signature = key.Sign(signing_input);
  return std::string(signing_input) + "." +
         infrastructure::Base64UrlEncode(
             std::span<const unsigned char>(signature.data(), signature.size()));
}

// TokenOf returns the token an input's `rest` (after its mode byte) stands for:
//   mode 0: `rest` as it is;
//   mode 1: `rest` is "<header JSON>\n<payload JSON>", signed with `key` (its kid replaces "KID"
//           in the header): the claim rules see fuzzed payloads;
//   mode 2: `rest` is a token whose signature segment is replaced by `key`'s over its first two
//           segments: the header and payload decoding see fuzzed base64url.
inline std::string TokenOf(int mode, std::string_view rest, const infrastructure::SigningKey& key) {
  using infrastructure::Base64UrlEncode;
  if (mode == 1) {
    const auto newline = rest.find('\n');
    std::string header(rest.substr(0, newline));
    const std::string_view payload =
        newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    if (const auto at = header.find("KID"); at != std::string::npos) header.replace(at, 3, key.Kid());
    return SignedWith(key, Base64UrlEncode(header) + "." + Base64UrlEncode(payload));
  }
  if (mode == 2) {
    const auto dot = rest.find('.');
    const auto second = dot == std::string_view::npos ? dot : rest.find('.', dot + 1);
    return SignedWith(key, rest.substr(0, second));
  }
  return std::string(rest);
}

}  // namespace rampart::fuzz
