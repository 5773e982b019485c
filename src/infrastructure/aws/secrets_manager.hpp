#pragma once
// AWS Secrets Manager's GetSecretValue and PutSecretValue over the JSON 1.1 protocol
// (X-Amz-Target `secretsmanager.<Operation>`), through AwsJsonClient: signed, retried and broken
// like every AWS call. Only SecretString secrets: a SecretBinary one is refused.
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "infrastructure/aws/aws_json_client.hpp"

namespace rampart::infrastructure::aws {

// The error code of a secret, or of a version stage, that does not exist.
inline constexpr std::string_view kResourceNotFound = "ResourceNotFoundException";

struct SecretValue {
  std::string arn;
  std::string name;
  std::string version_id;
  std::string secret_string;  // never logged, never in an error
};

// SecretReference: `aws-sm:<secret id or ARN>[#<JSON key>]`: where a setting's value comes from.
struct SecretReference {
  std::string secret_id;
  std::string json_key;  // empty: the whole SecretString

  // ToString returns "aws-sm:prod/rampart/db#url" (names the secret, never holds its value).
  std::string ToString() const;
};

inline constexpr std::string_view kSecretReferencePrefix = "aws-sm:";

// ParseSecretReference returns the reference `text` names when it starts with `aws-sm:`; nullopt
// otherwise; an error when it starts so but names no secret (empty id, empty key after '#').
std::expected<std::optional<SecretReference>, std::string> ParseSecretReference(
    std::string_view text);

// SelectSecretValue returns the value `reference` selects from a secret's SecretString: the whole
// string, or the member `json_key` of the JSON object it holds (a string as it is; a number or
// boolean as its JSON text). The error names the secret and the key, never the value.
std::expected<std::string, std::string> SelectSecretValue(const SecretReference& reference,
                                                          const std::string& secret_string);

class SecretsManagerClient {
 public:
  // SecretsManagerClient: `client` speaks to Secrets Manager (signing name `secretsmanager`, target
  // prefix `secretsmanager`, JSON 1.1): see SecretsManagerServiceOptions.
  explicit SecretsManagerClient(AwsJsonClient& client) : client_(client) {}

  // GetSecretValue returns the version of `secret_id` (a name or an ARN) labelled `version_stage`.
  std::expected<SecretValue, AwsError> GetSecretValue(
      std::string_view secret_id, std::string_view version_stage = "AWSCURRENT");

  // PutSecretValue stores `secret_string` as a new version of the existing secret `secret_id`,
  // labelled AWSCURRENT (the current one becomes AWSPREVIOUS); `client_request_token` (a fresh
  // UUID) becomes its VersionId, so that a retried call creates no second version. Returns the
  // VersionId.
  std::expected<std::string, AwsError> PutSecretValue(std::string_view secret_id,
                                                      std::string_view secret_string,
                                                      std::string_view client_request_token);

 private:
  AwsJsonClient& client_;
};

// SecretsManagerServiceOptions returns the AwsServiceOptions of Secrets Manager in `region` at
// `endpoint`.
AwsServiceOptions SecretsManagerServiceOptions(std::string region, http::Url endpoint);

}  // namespace rampart::infrastructure::aws
