#include "infrastructure/aws/aws_json_client.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "infrastructure/aws/sigv4.hpp"

namespace rampart::infrastructure::aws {

namespace {
namespace json = boost::json;

std::string Member(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}
}  // namespace

std::string AwsError::Describe(std::string_view operation) const {
  std::string text(operation);
  text += ": ";
  if (http_status == 0) return text + message;
  text += code.empty() ? std::string("error") : code;
  text += " (" + std::to_string(http_status) + ")";
  if (!message.empty()) text += ": " + message;
  return text;
}

bool IsThrottlingCode(std::string_view code) {
  static constexpr std::string_view kCodes[] = {"Throttling",
                                                "ThrottlingException",
                                                "ThrottledException",
                                                "RequestThrottledException",
                                                "TooManyRequestsException",
                                                "ProvisionedThroughputExceededException",
                                                "TransactionInProgressException",
                                                "RequestLimitExceeded",
                                                "BandwidthLimitExceeded",
                                                "LimitExceededException",
                                                "RequestThrottled",
                                                "SlowDown",
                                                "PriorRequestNotComplete",
                                                "EC2ThrottledException",
                                                "KMSThrottlingException",
                                                "AWS.SimpleQueueService.RequestThrottled"};
  return std::find(std::begin(kCodes), std::end(kCodes), code) != std::end(kCodes);
}

bool IsExpiredCredentialsCode(std::string_view code) {
  return code == "ExpiredToken" || code == "ExpiredTokenException" || code == "RequestExpired" ||
         code == "InvalidClientTokenId";
}

AwsError ParseAwsError(const http::HttpResponse& response) {
  AwsError error{.http_status = response.status};
  boost::system::error_code parse_error;
  const json::value document = json::parse(response.body, parse_error);
  if (!parse_error && document.is_object()) {
    const auto& object = document.get_object();
    std::string type = Member(object, "__type");
    if (type.empty()) type = Member(object, "code");
    if (const auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
    error.code = std::move(type);
    error.message = Member(object, "message");
    if (error.message.empty()) error.message = Member(object, "Message");
  }
  // SQS's JSON protocol also names the legacy (query protocol) code: "Code;Sender".
  if (const auto query = response.HeaderValue("x-amzn-query-error"); !query.empty()) {
    const std::string legacy(query.substr(0, query.find(';')));
    if (error.code.empty() || IsThrottlingCode(legacy)) error.code = legacy;
  }
  if (error.code.empty()) error.code = response.HeaderValue("x-amzn-errortype");
  if (const auto colon = error.code.find(':'); colon != std::string::npos) error.code.resize(colon);
  error.retryable =
      response.status >= 500 || response.status == 429 || IsThrottlingCode(error.code);
  return error;
}

std::string ResolveEndpoint(std::string_view service_override, std::string_view global_override,
                            std::string_view fallback, std::string_view endpoint_prefix,
                            std::string_view region) {
  if (!service_override.empty()) return std::string(service_override);
  if (!global_override.empty()) return std::string(global_override);
  if (!fallback.empty()) return std::string(fallback);
  return "https://" + std::string(endpoint_prefix) + "." + std::string(region) + ".amazonaws.com";
}

AwsJsonClient::AwsJsonClient(AwsServiceOptions options, http::Dependency& dependency,
                             CredentialsProvider& credentials, Now now)
    : options_(std::move(options)),
      dependency_(dependency),
      credentials_(credentials),
      now_(std::move(now)) {}

std::expected<std::string, AwsError> AwsJsonClient::Call(std::string_view operation,
                                                         std::string body,
                                                         std::chrono::milliseconds allowance) {
  std::optional<std::string> credentials_error;
  const std::string target = options_.target_prefix + "." + std::string(operation);
  const auto make = [&]() {
    http::HttpRequest request{.method = "POST", .url = options_.endpoint};
    request.url.target = "/";
    request.headers = {{"Content-Type", "application/x-amz-json-" + options_.json_version},
                       {"X-Amz-Target", target}};
    request.body = body;
    // Credentials are taken per attempt: a refresh (or an invalidation) between attempts
    // signs the retry with the new ones.
    auto credentials = credentials_.Current();
    if (!credentials) {
      credentials_error = credentials.error();
      return request;  // unsigned: refused by the service, and reported as credentials_error
    }
    credentials_error.reset();
    SignV4(request, *credentials, {options_.region, options_.signing_name}, now_());
    return request;
  };
  const auto classify = [&](const http::HttpResponse& response) {
    if (response.status >= 200 && response.status < 300) return http::Verdict::kSuccess;
    if (credentials_error) return http::Verdict::kPermanent;
    const AwsError error = ParseAwsError(response);
    if (IsExpiredCredentialsCode(error.code)) {
      credentials_.Invalidate();
      return http::Verdict::kThrottled;  // retried with fresh credentials, no breaker failure
    }
    if (IsThrottlingCode(error.code) || response.status == 429) return http::Verdict::kThrottled;
    if (response.status >= 500) return http::Verdict::kRetryable;
    return http::Verdict::kPermanent;
  };
  const auto result = dependency_.Call(make, classify, allowance);
  if (credentials_error) {
    return std::unexpected(AwsError{.message = "no credentials: " + *credentials_error});
  }
  if (!result) {
    return std::unexpected(AwsError{.message = result.error().message, .retryable = true});
  }
  if (result->status >= 200 && result->status < 300) return result->body;
  return std::unexpected(ParseAwsError(*result));
}

}  // namespace rampart::infrastructure::aws
