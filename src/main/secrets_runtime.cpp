#include "main/secrets_runtime.hpp"

#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/aws/secrets_manager.hpp"
#include "infrastructure/http/dependency.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "main/outbound.hpp"

namespace rampart {

namespace aws = infrastructure::aws;
namespace http = infrastructure::http;

namespace {

// The region of an ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>), or empty.
std::string RegionOfArn(std::string_view id) {
  if (!id.starts_with("arn:")) return {};
  std::size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    start = id.find(':', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const auto end = id.find(':', start);
  return end == std::string_view::npos ? std::string() : std::string(id.substr(start, end - start));
}

}  // namespace

// The AWS clients and the cache, built from the settings of the first reference (copied: the
// AWS context keeps a reference to them).
struct SecretsRuntime::Client {
  Client(const config::Settings& from, std::string region, http::Url endpoint)
      : settings(from),
        context(settings),
        dependency("secretsmanager", PolicyFrom(settings.outbound_secrets), context.Http()),
        json(aws::SecretsManagerServiceOptions(std::move(region), std::move(endpoint)), dependency,
             context.Credentials()),
        secrets(json),
        cache(
            [this](const std::string& id) -> std::expected<aws::SecretCache::Fetched, std::string> {
              auto value = secrets.GetSecretValue(id);
              if (!value) {
                return std::unexpected(value.error().Describe("Secrets Manager GetSecretValue"));
              }
              return aws::SecretCache::Fetched{.secret_string = std::move(value->secret_string),
                                               .version_id = std::move(value->version_id)};
            },
            {.ttl = settings.secrets_ttl,
             .retry = std::min<std::chrono::milliseconds>(settings.secrets_ttl,
                                                          std::chrono::seconds(10))},
            telemetry::Metrics()) {}

  config::Settings settings;
  AwsContext context;
  http::Dependency dependency;
  aws::AwsJsonClient json;
  aws::SecretsManagerClient secrets;
  aws::SecretCache cache;
};

SecretsRuntime::SecretsRuntime() = default;
SecretsRuntime::~SecretsRuntime() = default;

std::expected<void, std::string> SecretsRuntime::Connect(const config::Settings& settings,
                                                         const std::string& secret_id) {
  if (client_) return {};
  const std::string region =
      settings.aws_region.empty() ? RegionOfArn(secret_id) : settings.aws_region;
  if (region.empty()) {
    return std::unexpected(std::string(
        "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or name the secret by its ARN"));
  }
  const std::string endpoint =
      aws::ResolveEndpoint(settings.aws_endpoint_url_secrets_manager, settings.aws_endpoint_url, "",
                           "secretsmanager", region);
  auto url = http::ParseUrl(endpoint);
  if (!url) return std::unexpected("the Secrets Manager endpoint is not an http(s) URL");
  try {
    client_ = std::make_unique<Client>(settings, region, std::move(*url));
  } catch (const std::exception& error) {
    return std::unexpected(std::string(error.what()));
  }
  return {};
}

std::expected<std::string, std::string> SecretsRuntime::Resolve(const config::Settings& settings,
                                                                std::string_view reference) {
  auto parsed = aws::ParseSecretReference(reference);
  if (!parsed) return std::unexpected(parsed.error());
  if (!*parsed) return std::unexpected(std::string("is not an aws-sm: reference"));
  const auto& secret = **parsed;
  if (auto connected = Connect(settings, secret.secret_id); !connected) {
    return std::unexpected(connected.error());
  }
  auto value = client_->cache.Get(secret.secret_id);
  if (!value) return std::unexpected(value.error());
  return aws::SelectSecretValue(secret, *value);
}

std::expected<std::optional<std::string>, std::string> SecretsRuntime::ReadNow(
    const std::string& secret_id) {
  if (!client_) return std::unexpected(std::string("Secrets Manager is not connected"));
  auto refreshed = client_->cache.Refresh(secret_id);
  if (refreshed) return client_->cache.Peek(secret_id);
  // Once read, a failure keeps the last good value elsewhere; here the caller keeps what it
  // has. Never read: is there no value at all, or is the service failing?
  if (client_->cache.Peek(secret_id)) return std::unexpected(refreshed.error());
  auto current = ReadStage(secret_id, "AWSCURRENT");
  if (!current) return std::unexpected(refreshed.error());
  if (!*current) return std::optional<std::string>();
  return std::optional<std::string>(std::move((*current)->text));
}

std::expected<std::optional<SecretsRuntime::Version>, std::string> SecretsRuntime::ReadStage(
    const std::string& secret_id, std::string_view stage) {
  if (!client_) return std::unexpected(std::string("Secrets Manager is not connected"));
  auto value = client_->secrets.GetSecretValue(secret_id, stage);
  if (!value) {
    if (value.error().code == aws::kResourceNotFound) return std::optional<Version>();
    return std::unexpected(value.error().Describe("Secrets Manager GetSecretValue"));
  }
  return std::optional<Version>(
      Version{.text = std::move(value->secret_string), .version_id = std::move(value->version_id)});
}

std::expected<std::string, std::string> SecretsRuntime::Write(const std::string& secret_id,
                                                              const std::string& text) {
  if (!client_) return std::unexpected(std::string("Secrets Manager is not connected"));
  auto version = client_->secrets.PutSecretValue(secret_id, text,
                                                 infrastructure::SodiumSecureRandom().NewUuid());
  if (!version) return std::unexpected(version.error().Describe("Secrets Manager PutSecretValue"));
  return std::move(*version);
}

std::optional<std::string> SecretsRuntime::Peek(std::string_view reference) const {
  if (!client_) return std::nullopt;
  auto parsed = aws::ParseSecretReference(reference);
  if (!parsed || !*parsed) return std::nullopt;
  auto value = client_->cache.Peek((*parsed)->secret_id);
  if (!value) return std::nullopt;
  auto selected = aws::SelectSecretValue(**parsed, *value);
  if (!selected) return std::nullopt;
  return std::move(*selected);
}

void SecretsRuntime::RequestRefresh(std::string_view reference) {
  if (!client_) return;
  auto parsed = aws::ParseSecretReference(reference);
  if (parsed && *parsed) client_->cache.RequestRefresh((*parsed)->secret_id);
}

void SecretsRuntime::Start() {
  if (client_) client_->cache.Start();
}

void SecretsRuntime::Stop() {
  if (client_) client_->cache.Stop();
}

std::vector<aws::SecretStatus> SecretsRuntime::Statuses() const {
  if (!client_) return {};
  return client_->cache.Statuses();
}

}  // namespace rampart
