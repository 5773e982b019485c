#pragma once
// The secret of auth.keys_secret in AWS Secrets Manager, as the key store's port
// (infrastructure/security/key_secret_store.hpp): serving reads go through the secret cache of
// SecretsRuntime (/health shows their age), the writes of `rampart keys` are PutSecretValue
// with a fresh UUID as ClientRequestToken, and the version checks read AWSCURRENT/AWSPREVIOUS.
#include <string>

#include "infrastructure/security/key_secret_store.hpp"
#include "main/secrets_runtime.hpp"

namespace rampart {

class SecretsManagerKeySecret final : public infrastructure::VersionedSecret {
 public:
  // SecretsManagerKeySecret: `reference` is `aws-sm:<secret id or ARN>`; `secrets` is connected and
  // outlives this.
  SecretsManagerKeySecret(SecretsRuntime& secrets, std::string reference);

  std::string Describe() const override;
  std::optional<std::string> ReadForServing() override;
  std::optional<Version> Read(Stage stage) override;
  std::string Write(const std::string& text) override;

 private:
  SecretsRuntime& secrets_;
  std::string reference_;
  std::string secret_id_;
};

}  // namespace rampart
