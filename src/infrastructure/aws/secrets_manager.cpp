#include "infrastructure/aws/secrets_manager.hpp"

#include <boost/json.hpp>

#include <openssl/crypto.h>

namespace rampart::infrastructure::aws {

namespace json = boost::json;

std::string SecretReference::ToString() const {
  std::string text(kSecretReferencePrefix);
  text += secret_id;
  if (!json_key.empty()) text += "#" + json_key;
  return text;
}

std::expected<std::optional<SecretReference>, std::string> ParseSecretReference(
    std::string_view text) {
  if (!text.starts_with(kSecretReferencePrefix)) return std::optional<SecretReference>();
  text.remove_prefix(kSecretReferencePrefix.size());
  SecretReference reference;
  const auto hash = text.rfind('#');
  if (hash != std::string_view::npos) {
    reference.json_key = std::string(text.substr(hash + 1));
    text = text.substr(0, hash);
    if (reference.json_key.empty()) {
      return std::unexpected(std::string("names no JSON key after '#' (aws-sm:<secret>#<key>)"));
    }
  }
  if (text.empty()) {
    return std::unexpected(std::string("names no secret (aws-sm:<secret id or ARN>[#<key>])"));
  }
  reference.secret_id = std::string(text);
  return std::optional<SecretReference>(std::move(reference));
}

std::expected<std::string, std::string> SelectSecretValue(const SecretReference& reference,
                                                          const std::string& secret_string) {
  if (reference.json_key.empty()) return secret_string;
  boost::system::error_code error;
  const json::value document = json::parse(secret_string, error);
  if (error || !document.is_object()) {
    return std::unexpected("secret " + reference.secret_id +
                           " does not hold a JSON object, so it has no key \"" +
                           reference.json_key + "\"");
  }
  const auto* member = document.get_object().if_contains(reference.json_key);
  if (member == nullptr) {
    return std::unexpected("secret " + reference.secret_id + " has no key \"" + reference.json_key +
                           "\"");
  }
  if (member->is_string()) return std::string(member->get_string());
  if (member->is_number() || member->is_bool()) return json::serialize(*member);
  return std::unexpected("key \"" + reference.json_key + "\" of secret " + reference.secret_id +
                         " is not a string, number or boolean");
}

std::expected<SecretValue, AwsError> SecretsManagerClient::GetSecretValue(
    std::string_view secret_id, std::string_view version_stage) {
  json::object request{{"SecretId", secret_id}};
  if (!version_stage.empty()) request["VersionStage"] = version_stage;
  auto answer = client_.Call("GetSecretValue", json::serialize(request));
  if (!answer) return std::unexpected(std::move(answer.error()));
  boost::system::error_code error;
  const json::value document = json::parse(*answer, error);
  if (error || !document.is_object()) {
    return std::unexpected(AwsError{.http_status = 200,
                                    .code = "MalformedAnswer",
                                    .message = "the answer is not a JSON object"});
  }
  const auto& object = document.get_object();
  const auto text = [&](std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_string() ? std::string(value->get_string())
                                                  : std::string();
  };
  const auto* secret = object.if_contains("SecretString");
  if (secret == nullptr || !secret->is_string()) {
    return std::unexpected(AwsError{
        .http_status = 200,
        .code = object.contains("SecretBinary") ? "SecretBinaryUnsupported" : "MalformedAnswer",
        .message = object.contains("SecretBinary")
                       ? "the secret holds SecretBinary; rampart reads SecretString secrets only"
                       : "the answer has no SecretString"});
  }
  return SecretValue{.arn = text("ARN"),
                     .name = text("Name"),
                     .version_id = text("VersionId"),
                     .secret_string = std::string(secret->get_string())};
}

std::expected<std::string, AwsError> SecretsManagerClient::PutSecretValue(
    std::string_view secret_id, std::string_view secret_string,
    std::string_view client_request_token) {
  std::string request = json::serialize(json::object{{"SecretId", secret_id},
                                                     {"SecretString", secret_string},
                                                     {"ClientRequestToken", client_request_token}});
  auto answer = client_.Call("PutSecretValue", request);
  OPENSSL_cleanse(request.data(), request.size());  // it held the secret
  if (!answer) return std::unexpected(std::move(answer.error()));
  boost::system::error_code error;
  const json::value document = json::parse(*answer, error);
  const auto* version =
      document.is_object() ? document.get_object().if_contains("VersionId") : nullptr;
  if (error || version == nullptr || !version->is_string()) {
    return std::unexpected(AwsError{
        .http_status = 200, .code = "MalformedAnswer", .message = "the answer has no VersionId"});
  }
  return std::string(version->get_string());
}

AwsServiceOptions SecretsManagerServiceOptions(std::string region, http::Url endpoint) {
  return {.name = "Secrets Manager",
          .signing_name = "secretsmanager",
          .target_prefix = "secretsmanager",
          .json_version = "1.1",
          .region = std::move(region),
          .endpoint = std::move(endpoint)};
}

}  // namespace rampart::infrastructure::aws
