#pragma once
// AWS credentials and where they come from. The secret and the session token never appear in a
// log line, an error message or `config check`: only the access key id's last four characters
// may be shown (Describe()).
#include <chrono>
#include <expected>
#include <optional>
#include <string>

namespace rampart::infrastructure::aws {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;                                        // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;  // temporary credentials
  std::string source;                                               // "environment", "ecs", "imds"

  // Describe returns "ecs (key …WXYZ, expires 2026-12-03T08:00:00Z)": safe to log.
  std::string Describe() const;
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Current returns credentials valid now, or why there are none (no secret in the message).
  virtual std::expected<AwsCredentials, std::string> Current() = 0;
  // Invalidate: the credentials were refused (ExpiredToken): the next Current() fetches new ones.
  virtual void Invalidate() {}
};

}  // namespace rampart::infrastructure::aws
