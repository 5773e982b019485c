#include "api/middleware/security_headers.hpp"

#include <algorithm>
#include <cctype>

namespace rampart::api {

namespace {

bool HasHeader(const Response& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& header) {
    return std::equal(header.first.begin(), header.first.end(), name.begin(), name.end(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                  std::tolower(static_cast<unsigned char>(b)); });
  });
}

}  // namespace

boost::asio::awaitable<Response> SecurityHeadersMiddleware::Handle(HttpContext& context,
                                                                   const Next& next) {
  Response response = co_await next(context);
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  response.SetHeader("Referrer-Policy", "no-referrer");
  if (!HasHeader(response, "cache-control")) response.SetHeader("Cache-Control", "no-store");
  co_return response;
}

}  // namespace rampart::api
