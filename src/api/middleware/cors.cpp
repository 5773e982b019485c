#include "api/middleware/cors.hpp"

#include <algorithm>

#include "api/http/percent_decode.hpp"

namespace rampart::api {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += ", ";
    joined += item;
  }
  return joined;
}

// Adds `token` to the response's Vary list (a handler may have started one).
void AddVary(Response& response, std::string_view token) {
  for (auto& [name, value] : response.headers) {
    if (!EqualsIgnoreCase(name, "vary")) continue;
    if (value.find(token) == std::string::npos) value.append(", ").append(token);
    return;
  }
  response.headers.emplace_back("Vary", std::string(token));
}

}  // namespace

CorsMiddleware::CorsMiddleware(CorsPolicy policy)
    : policy_(std::move(policy)),
      any_origin_(std::find(policy_.origins.begin(), policy_.origins.end(), "*") !=
                  policy_.origins.end()),
      methods_(Join(policy_.methods)),
      headers_(Join(policy_.headers)),
      expose_headers_(Join(policy_.expose_headers)),
      max_age_(std::to_string(policy_.max_age.count())) {}

bool CorsMiddleware::Allowed(std::string_view origin) const {
  return any_origin_ ||
         std::find(policy_.origins.begin(), policy_.origins.end(), origin) != policy_.origins.end();
}

void CorsMiddleware::AllowOrigin(Response& response, std::string_view origin) const {
  if (any_origin_ && !policy_.credentials) {
    response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  } else {
    response.headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  }
  if (policy_.credentials)
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
}

boost::asio::awaitable<Response> CorsMiddleware::Handle(HttpContext& context, const Next& next) {
  const Request& request = context.request;
  const std::string_view origin = request.Header("origin");
  if (origin.empty() || !Allowed(origin)) {
    Response response = co_await next(context);
    AddVary(response, "Origin");
    co_return response;
  }
  if (request.method == Method::kOptions &&
      !request.Header("access-control-request-method").empty()) {
    Response preflight = Response::NoContent();
    AllowOrigin(preflight, origin);
    preflight.headers.emplace_back("Access-Control-Allow-Methods", methods_);
    if (!headers_.empty()) preflight.headers.emplace_back("Access-Control-Allow-Headers", headers_);
    preflight.headers.emplace_back("Access-Control-Max-Age", max_age_);
    preflight.headers.emplace_back(
        "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    co_return preflight;
  }
  Response response = co_await next(context);
  AllowOrigin(response, origin);
  if (!expose_headers_.empty()) {
    response.headers.emplace_back("Access-Control-Expose-Headers", expose_headers_);
  }
  AddVary(response, "Origin");
  co_return response;
}

}  // namespace rampart::api
