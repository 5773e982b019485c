#include "api/middleware/bearer_auth.hpp"

#include <algorithm>
#include <array>

#include "api/http/percent_decode.hpp"
#include "api/http/problem.hpp"
#include "application/api_keys/api_key_authenticator.hpp"  // rampart:only(iam)
#include "common/log.hpp"
#include "domain/credential_format.hpp"  // rampart:only(iam)
#include "telemetry/span.hpp"

namespace rampart::api {
namespace {

constexpr std::size_t kMaxTokenLength = 8192;

// A table: this runs over every character of every bearer token (hundreds per request).
bool IsToken68Char(char c) {
  static constexpr auto kTable = [] {
    std::array<bool, 256> table{};
    for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
    for (int c = '0'; c <= '9'; ++c) table[c] = true;
    for (const char c : std::string_view("-._~+/")) table[static_cast<unsigned char>(c)] = true;
    return table;
  }();
  return kTable[static_cast<unsigned char>(c)];
}

Response Unauthorized(const Request& request, std::string_view detail, bool token_present) {
  Response response = ProblemWithStatus(401, "unauthorized", "Unauthorized", detail, request);
  // RFC 6750 §3.1: no error code when the request carried no token at all.
  response.SetHeader("WWW-Authenticate",
                     token_present ? R"(Bearer error="invalid_token")" : "Bearer");
  return response;
}

}  // namespace

std::string_view BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() ||
      !EqualsIgnoreCase(authorization.substr(0, kScheme.size()), kScheme) ||
      authorization[kScheme.size()] != ' ') {
    return {};
  }
  std::string_view token = authorization.substr(kScheme.size());
  token.remove_prefix(std::min(token.find_first_not_of(' '), token.size()));
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  // token68: a run of token characters followed only by '=' padding.
  const std::size_t body = token.find_first_of('=');
  const std::string_view padding = body == std::string_view::npos ? "" : token.substr(body);
  const std::string_view chars = token.substr(0, body);
  if (chars.empty() || token.size() > kMaxTokenLength ||
      !std::all_of(chars.begin(), chars.end(), IsToken68Char) ||
      padding.find_first_not_of('=') != std::string_view::npos) {
    return {};
  }
  return token;
}

namespace {

// Verification is synchronous, so the request's context may be current around it (never
// across a co_await): the signature check's span (JwtTokenService; a token already verified
// and cached costs microseconds and records none) joins the request's trace.
auto VerifyInScope(const application::AccessTokenVerifier& tokens, const Request& request,
                   std::string_view token) {
  telemetry::ContextScope scope(request.telemetry);
  return tokens.VerifyShared(token);
}

}  // namespace

boost::asio::awaitable<Response> BearerAuthMiddleware::Handle(HttpContext& context,
                                                              const Next& next) {
  const Endpoint* endpoint = context.endpoint;
  if (endpoint == nullptr || endpoint->access == Access::kPublic) co_return co_await next(context);

  Request& request = context.request;
  const std::string_view header = request.Header("authorization");
  // rampart:begin(iam)
  const std::string_view api_key_header = request.Header("x-api-key");
  if (!api_key_header.empty()) {
    if (!header.empty()) {
      co_return Unauthorized(request, "Send one credential: Authorization or X-API-Key.", true);
    }
    co_return co_await WithApiKey(context, next, api_key_header);
  }
  // rampart:end
  if (header.empty()) {
    co_return Unauthorized(request, "An access token is required.", false);
  }
  const std::string_view token = BearerToken(header);
  if (token.empty()) {
    co_return Unauthorized(request, "The Authorization header must carry a Bearer token.", true);
  }
  // rampart:begin(iam)
  if (token.starts_with(domain::kApiKeyPrefix)) co_return co_await WithApiKey(context, next, token);
  // rampart:end
  auto claims = VerifyInScope(tokens_, request, token);
  if (!claims) {
    telemetry::ContextScope scope(request.telemetry);
    // The precise reason is for operators; the client learns only that the token is not valid.
    log::Info("auth", "access token rejected",
              {{"correlationId", request.correlation_id},
               {"reason", claims.error().detail},
               {"route", request.route}});
    co_return Unauthorized(request, "The access token is invalid or has expired.", true);
  }
  // rampart:begin(iam)
  // Permissions are not checked here: the token's `perm` claim is as old as the token. The
  // endpoint guard checks the caller's current permissions (api/endpoints/endpoint_guard.hpp).
  // rampart:else
  // // Permissions are checked by the endpoint guard (api/endpoints/endpoint_guard.hpp).
  // rampart:end
  request.principal = *std::move(claims);
  co_return co_await next(context);
}

// rampart:begin(iam)
boost::asio::awaitable<Response> BearerAuthMiddleware::WithApiKey(HttpContext& context,
                                                                  const Next& next,
                                                                  std::string_view key) {
  Request& request = context.request;
  if (api_keys_ == nullptr || !domain::ApiKeyPublicId(key)) {
    co_return Unauthorized(request, "The API key is malformed.", true);
  }
  if (auto claims = api_keys_->Remembered(key)) {
    request.principal = std::move(claims);
  } else {
    request.api_key = std::string(key);  // verified by the endpoint guard, on a worker
  }
  co_return co_await next(context);
}
// rampart:end

}  // namespace rampart::api
