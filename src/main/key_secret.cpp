#include "main/key_secret.hpp"

#include "main/config/settings.hpp"

namespace rampart {

using infrastructure::KeyError;

SecretsManagerKeySecret::SecretsManagerKeySecret(SecretsRuntime& secrets, std::string reference)
    : secrets_(secrets),
      reference_(std::move(reference)),
      secret_id_(reference_.substr(config::kSecretsManagerPrefix.size())) {}

std::string SecretsManagerKeySecret::Describe() const {
  return "secret " + reference_ + " (auth.keys_secret)";
}

std::optional<std::string> SecretsManagerKeySecret::ReadForServing() {
  auto value = secrets_.ReadNow(secret_id_);
  if (!value) throw KeyError(Describe() + ": cannot be read: " + value.error());
  return std::move(*value);
}

std::optional<infrastructure::VersionedSecret::Version> SecretsManagerKeySecret::Read(Stage stage) {
  auto version =
      secrets_.ReadStage(secret_id_, stage == Stage::kCurrent ? "AWSCURRENT" : "AWSPREVIOUS");
  if (!version) throw KeyError(Describe() + ": cannot be read: " + version.error());
  if (!*version) return std::nullopt;
  return Version{.text = std::move((*version)->text),
                 .version_id = std::move((*version)->version_id)};
}

std::string SecretsManagerKeySecret::Write(const std::string& text) {
  auto version = secrets_.Write(secret_id_, text);
  if (!version) throw KeyError(Describe() + ": cannot be written: " + version.error());
  return std::move(*version);
}

}  // namespace rampart
