#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "api/middleware/middleware.hpp"

namespace rampart::api {

// CorsPolicy says which browser origins may call the API, and how (cors.* settings).
struct CorsPolicy {
  std::vector<std::string> origins;  // exact origins ("https://app.example.com"), or "*"
  std::vector<std::string> methods;
  std::vector<std::string> headers;         // request headers a preflight allows
  std::vector<std::string> expose_headers;  // response headers scripts may read
  bool credentials = false;
  std::chrono::seconds max_age{600};
};

// CorsMiddleware applies CORS (Fetch standard): it answers preflights from allowed origins
// itself (204 with the allowed methods, headers and max-age) and adds
// Access-Control-Allow-Origin (and -Credentials, -Expose-Headers) to their other responses. A
// request from any other origin gets no CORS header at all, so the browser withholds the
// response from the calling script. Every response says `Vary: Origin`, as it depends on it.
// "*" with credentials (refused in production) reflects any origin; "*" without answers "*".
class CorsMiddleware final : public Middleware {
 public:
  explicit CorsMiddleware(CorsPolicy policy);
  std::string_view Name() const override { return "cors"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

 private:
  bool Allowed(std::string_view origin) const;
  void AllowOrigin(Response& response, std::string_view origin) const;

  CorsPolicy policy_;
  bool any_origin_ = false;
  std::string methods_;         // joined once
  std::string headers_;         // joined once
  std::string expose_headers_;  // joined once
  std::string max_age_;
};

}  // namespace rampart::api
