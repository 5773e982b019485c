#include "infrastructure/aws/credential_sources.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "infrastructure/aws/iso8601.hpp"
#include "infrastructure/aws/refreshing_credentials.hpp"

extern char** environ;  // POSIX; declared by no standard header

namespace rampart::infrastructure::aws {

namespace {

namespace json = boost::json;

std::string Get(const Environment& environment, const std::string& name) {
  const auto found = environment.find(name);
  return found == environment.end() ? std::string() : found->second;
}

// A string member of a JSON object, or empty.
std::string Member(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

// The answer of a metadata call: its body on a 2xx, else why not (status only: a credentials
// endpoint's error body could echo what it was sent).
std::expected<std::string, std::string> Body(const http::CallResult& result,
                                             std::string_view what) {
  if (!result) return std::unexpected(std::string(what) + ": " + result.error().message);
  if (result->status < 200 || result->status >= 300) {
    return std::unexpected(std::string(what) + ": status " + std::to_string(result->status));
  }
  return result->body;
}

// Over plain http the SDKs send the container token only to these hosts.
bool AllowedPlainHost(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.") ||
         host == "169.254.170.2" || host == "169.254.170.23" || host == "fd00:ec2::23";
}

// IsNameableCode: a Code the error may repeat — an AWS error code (letters, digits and dots, at
// most 64) that holds none of the credentials the same document carries. Found by
// fuzz/aws_reply_fuzzer.cpp: a hostile document whose Code contained its SecretAccessKey had it
// repeated in the error, which is logged.
bool IsNameableCode(std::string_view code, const json::object& document) {
  if (code.size() > 64 || !std::all_of(code.begin(), code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.';
      })) {
    return false;
  }
  for (const char* name : {"SecretAccessKey", "Token", "AccessKeyId"}) {
    const auto value = Member(document, name);
    if (!value.empty() && code.find(value) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

Environment AwsEnvironmentFromProcess() {
  Environment result;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || !text.starts_with("AWS_")) continue;
    result.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return result;
}

std::optional<std::expected<AwsCredentials, std::string>> EnvironmentCredentials(
    const Environment& environment) {
  const std::string key = Get(environment, "AWS_ACCESS_KEY_ID");
  const std::string secret = Get(environment, "AWS_SECRET_ACCESS_KEY");
  if (key.empty() && secret.empty()) return std::nullopt;
  if (key.empty() || secret.empty()) {
    return std::unexpected(
        std::string("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together"));
  }
  return AwsCredentials{.access_key_id = key,
                        .secret_access_key = secret,
                        .session_token = Get(environment, "AWS_SESSION_TOKEN"),
                        .source = "environment"};
}

std::expected<AwsCredentials, std::string> ParseCredentialsDocument(std::string_view body,
                                                                    std::string source) {
  boost::system::error_code error;
  const json::value document = json::parse(body, error);
  if (error || !document.is_object()) {
    return std::unexpected(source + ": the credentials document is not a JSON object");
  }
  const auto& object = document.get_object();
  if (const auto code = Member(object, "Code"); !code.empty() && code != "Success") {
    return std::unexpected(source + ": the credentials document says " +
                           (IsNameableCode(code, object) ? code : "an error (Code not shown)"));
  }
  AwsCredentials credentials{.access_key_id = Member(object, "AccessKeyId"),
                             .secret_access_key = Member(object, "SecretAccessKey"),
                             .session_token = Member(object, "Token"),
                             .source = std::move(source)};
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return std::unexpected(credentials.source + ": the credentials document has no keys");
  }
  if (const auto expiration = Member(object, "Expiration"); !expiration.empty()) {
    credentials.expiration = ParseIso8601(expiration);
    if (!credentials.expiration) {
      return std::unexpected(credentials.source + ": unreadable Expiration");
    }
  }
  return credentials;
}

std::optional<std::expected<Fetcher, std::string>> ContainerFetcher(const Environment& environment,
                                                                    http::Dependency& metadata,
                                                                    const SourceOptions& options) {
  const std::string relative = Get(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const std::string full = Get(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (relative.empty() && full.empty()) return std::nullopt;
  std::optional<http::Url> url;
  if (!relative.empty()) {
    url = http::ParseUrl("http://" + options.ecs_host + (relative.starts_with('/') ? "" : "/") +
                         relative);
  } else {
    url = http::ParseUrl(full);
    if (url && !url->tls && !AllowedPlainHost(url->host)) {
      return std::unexpected(std::string(
          "AWS_CONTAINER_CREDENTIALS_FULL_URI: plain http is allowed only to loopback and the "
          "ECS/EKS credential addresses"));
    }
  }
  if (!url) {
    return std::unexpected(std::string("the container credentials URI is not a valid URL"));
  }
  const std::string token = Get(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  const std::string token_file = Get(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  Fetcher fetch = [&metadata, url = *url, token,
                   token_file]() -> std::expected<AwsCredentials, std::string> {
    http::HttpRequest request{.method = "GET", .url = url};
    // The file wins, and is read at every fetch: EKS Pod Identity rotates it.
    std::string authorization = token;
    if (!token_file.empty()) {
      std::ifstream file(token_file);
      if (!file)
        return std::unexpected(std::string("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
      std::stringstream content;
      content << file.rdbuf();
      authorization = Trim(content.str());
    }
    if (!authorization.empty()) request.headers.push_back({"Authorization", authorization});
    request.headers.push_back({"Accept", "application/json"});
    auto body = Body(metadata.Call([&] { return request; }), "ecs credentials");
    if (!body) return std::unexpected(body.error());
    return ParseCredentialsDocument(*body, "ecs");
  };
  return fetch;
}

std::optional<Fetcher> ImdsFetcher(const Environment& environment, http::Dependency& metadata,
                                   const SourceOptions& options) {
  std::string disabled = Get(environment, "AWS_EC2_METADATA_DISABLED");
  for (auto& c : disabled) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (disabled == "true") return std::nullopt;
  std::string endpoint = options.imds_endpoint;
  if (endpoint.empty()) endpoint = Get(environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (endpoint.empty()) endpoint = "http://169.254.169.254";
  while (endpoint.ends_with('/')) endpoint.pop_back();
  return [&metadata, endpoint]() -> std::expected<AwsCredentials, std::string> {
    const auto url = [&](std::string_view path) {
      return http::ParseUrl(endpoint + std::string(path));
    };
    const auto base = url("/latest/api/token");
    if (!base) return std::unexpected(std::string("the IMDS endpoint is not a valid URL"));
    // IMDSv2: a session token first (a PUT, which a forwarding proxy does not pass on).
    auto token = Body(metadata.Call([&] {
      return http::HttpRequest{.method = "PUT",
                               .url = *base,
                               .headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}};
    }),
                      "imds token");
    if (!token) return std::unexpected(token.error());
    const http::Header session{"X-aws-ec2-metadata-token", Trim(*token)};
    const std::string roles_path = "/latest/meta-data/iam/security-credentials/";
    auto roles = Body(metadata.Call([&] {
      return http::HttpRequest{.method = "GET", .url = *url(roles_path), .headers = {session}};
    }),
                      "imds role");
    if (!roles) return std::unexpected(roles.error());
    const std::string role = Trim(roles->substr(0, roles->find('\n')));
    if (role.empty() || role.find('/') != std::string::npos) {
      return std::unexpected(std::string("imds: the instance has no IAM role"));
    }
    const auto role_url = url(roles_path + role);
    if (!role_url) return std::unexpected(std::string("imds: unusable role name"));
    auto document = Body(metadata.Call([&] {
      return http::HttpRequest{.method = "GET", .url = *role_url, .headers = {session}};
    }),
                         "imds credentials");
    if (!document) return std::unexpected(document.error());
    return ParseCredentialsDocument(*document, "imds");
  };
}

namespace {
class StaticCredentials final : public CredentialsProvider {
 public:
  explicit StaticCredentials(AwsCredentials credentials) : credentials_(std::move(credentials)) {}
  std::expected<AwsCredentials, std::string> Current() override { return credentials_; }

 private:
  AwsCredentials credentials_;
};
}  // namespace

std::expected<std::unique_ptr<CredentialsProvider>, std::string> DefaultCredentialChain(
    const Environment& environment, http::Dependency& metadata, const SourceOptions& options) {
  if (auto keys = EnvironmentCredentials(environment)) {
    if (!*keys) return std::unexpected(keys->error());
    return std::make_unique<StaticCredentials>(std::move(**keys));
  }
  if (auto container = ContainerFetcher(environment, metadata, options)) {
    if (!*container) return std::unexpected(container->error());
    return std::make_unique<RefreshingCredentials>(std::move(**container));
  }
  if (auto imds = ImdsFetcher(environment, metadata, options)) {
    return std::make_unique<RefreshingCredentials>(std::move(*imds));
  }
  return std::unexpected(std::string(
      "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run in ECS, or "
      "enable EC2 instance metadata"));
}

}  // namespace rampart::infrastructure::aws
