#pragma once
#include "api/middleware/middleware.hpp"
#include "application/ports/rate_limit_store.hpp"

namespace rampart::api {

// RateLimitPolicies are the limits (rate_limit.* settings). Policy names appear in the
// RateLimit headers.
struct RateLimitPolicies {
  application::RateLimitPolicy ip{.name = "ip", .limit = 600, .window = std::chrono::minutes(1)};
  application::RateLimitPolicy user{
      .name = "user", .limit = 600, .window = std::chrono::minutes(1)};
  // rampart:begin(iam)
  // auth applies on top of `ip`, for POST login, register and forgot-password (password
  // guessing, sign-up spam and mail bombing are per-client attacks on a few endpoints).
  application::RateLimitPolicy auth{.name = "auth", .limit = 10, .window = std::chrono::minutes(1)};
  // rampart:end
};

// RateLimitScope says which requests a RateLimitMiddleware counts, and by what key.
enum class RateLimitScope {
  // rampart:begin(iam)
  kClientIp,  // before routing: every request but /health/* by client IP (+ `auth` on the
              // strict endpoints)
  // rampart:else
  // kClientIp,  // before routing: every request but /health/* by client IP
  // rampart:end
  kUser,      // after authentication: requests whose principal is set (a valid access token,
              // or an API key verified before), by its subject
};

// RateLimitMiddleware is token-bucket rate limiting over a RateLimitStore. A refused request
// gets 429 problem+json (type /problems/rate-limited) with Retry-After; every response of the
// scope carries the IETF draft headers (draft-ietf-httpapi-ratelimit-headers), e.g.
//   RateLimit-Policy: "ip";q=600;w=60
//   RateLimit: "ip";r=599;t=1
// where q/w are the bucket size and the seconds to refill it, r the requests left and t the
// seconds until the bucket is full again. Both stages append to the same two headers.
class RateLimitMiddleware final : public Middleware {
 public:
  // `store` must outlive the middleware.
  RateLimitMiddleware(application::RateLimitStore& store, RateLimitScope scope,
                      RateLimitPolicies policies);
  std::string_view Name() const override {
    return scope_ == RateLimitScope::kClientIp ? "rate-limit-ip" : "rate-limit-user";
  }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

  // rampart:begin(iam)
  // IsStrictEndpoint says whether the stricter `auth` policy guards the request's endpoint.
  static bool IsStrictEndpoint(const Request& request);
  // rampart:end

 private:
  application::RateLimitStore& store_;
  const RateLimitScope scope_;
  const RateLimitPolicies policies_;
  std::string ip_policy_header_;    // "ip";q=..;w=..
  std::string auth_policy_header_;  // "auth";q=..;w=..  // rampart:only(iam)
  std::string user_policy_header_;  // "user";q=..;w=..
};

}  // namespace rampart::api
