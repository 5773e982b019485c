// What Secrets Manager answers, as rampart reads it (infrastructure/aws/secrets_manager.hpp):
// GetSecretValue and PutSecretValue replies over the JSON 1.1 protocol (ARN, Name, VersionId,
// SecretString, a SecretBinary secret refused, AWS error documents), and the selection of one
// member of a SecretString that holds a JSON object (`aws-sm:<secret>#<key>` settings, the
// signing keys and the feature flags kept in a secret). A malformed answer must be an error value
// — never a crash — and no error may carry the secret's value.
//
// Input: the first byte picks the mode and the HTTP status; the rest is the answer's body (for
// the selection mode: a reference text, a NUL, then the SecretString).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws_reply_fixture.hpp"
#include "fuzz_check.hpp"
#include "infrastructure/aws/secrets_manager.hpp"
#include "infrastructure/http/url.hpp"

namespace {

using namespace rampart::infrastructure;
using namespace std::chrono_literals;

struct Fixture : rampart::fuzz::AwsReplyFixture {
  Fixture()
      : AwsReplyFixture("secretsmanager", aws::SecretsManagerServiceOptions(
                                              "us-east-1", *http::ParseUrl("http://127.0.0.1:4566"))) {}
  aws::SecretsManagerClient secrets{client};
};

Fixture& Get() {
  static Fixture fixture;
  return fixture;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const int mode = data[0] % 4;
  if (mode < 2) {
    auto& fixture = Get();
    constexpr int kStatuses[] = {200, 200, 400, 500};
    fixture.transport.status = kStatuses[(data[0] >> 2) % 4];
    fixture.transport.body.assign(body);
    if (mode == 0) {
      const auto value = fixture.secrets.GetSecretValue("prod/rampart/keys");
      if (value) FUZZ_CHECK(fixture.transport.status == 200);
    } else {
      const auto version = fixture.secrets.PutSecretValue(
          "prod/rampart/keys", "the new value", "0b2c4d6e-8f10-4a12-b345-6789abcdef01");
      if (version) FUZZ_CHECK(fixture.transport.status == 200);
    }
  } else {
    const auto nul = body.find('\0');
    const std::string_view reference_text = body.substr(0, nul);
    const std::string secret_string(nul == std::string_view::npos ? "" : body.substr(nul + 1));
    const auto reference = aws::ParseSecretReference(reference_text);
    if (!reference || !reference->has_value()) return 0;
    FUZZ_CHECK(!(*reference)->secret_id.empty());
    const auto selected = aws::SelectSecretValue(**reference, secret_string);
    if (!selected && secret_string.size() >= 16 &&
        secret_string.find((*reference)->json_key) == std::string::npos &&
        secret_string.find((*reference)->secret_id) == std::string::npos &&
        (*reference)->json_key.find(secret_string) == std::string::npos &&
        (*reference)->secret_id.find(secret_string) == std::string::npos) {
      // The error names the secret and the key (which may happen to contain the value's bytes:
      // not a leak); it never repeats the value.
      FUZZ_CHECK(selected.error().find(secret_string) == std::string::npos);
    }
  }
  return 0;
}
