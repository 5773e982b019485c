#pragma once
// Access control for endpoints that are not public: a valid `Authorization: Bearer <token>`
// (verified by an AccessTokenVerifier) sets Request::principal; 401 `unauthorized` otherwise.
// rampart:begin(iam)
// An API key (`X-API-Key: rp_…`, or `Authorization: Bearer rp_…`) is checked for its shape and
// checksum here (401 without a database read when it is malformed); one verified before sets
// the principal at once, any other is left in Request::api_key for the endpoint guard to
// verify on a worker (docs/security.md#api-keys).
// Permissions are checked later, against the database, by the endpoint guard
// (api/endpoints/endpoint_guard.hpp): a role change must not wait for tokens to expire.
// rampart:else
// // Permissions are checked later by the endpoint guard (api/endpoints/endpoint_guard.hpp).
// rampart:end
#include <string_view>

#include "api/middleware/middleware.hpp"
#include "application/ports/token_service.hpp"

// rampart:begin(iam)
namespace rampart::application {
class ApiKeyAuthenticator;
}
// rampart:end

namespace rampart::api {

// BearerToken is the token of an `Authorization` header value: the scheme "Bearer" in any case,
// one or more spaces, then a token68 (RFC 6750 §2.1). Empty when the value is anything else.
std::string_view BearerToken(std::string_view authorization);

// BearerAuthMiddleware authenticates the requests to non-public endpoints (see above); public
// ones pass untouched.
class BearerAuthMiddleware final : public Middleware {
 public:
  // rampart:begin(iam)
  // `tokens` (and `api_keys`, when given) must outlive the middleware. Without `api_keys` an
  // API key is refused like any invalid token.
  explicit BearerAuthMiddleware(const application::AccessTokenVerifier& tokens,
                                const application::ApiKeyAuthenticator* api_keys = nullptr)
      : tokens_(tokens), api_keys_(api_keys) {}
  // rampart:else
  // // `tokens` must outlive the middleware.
  // explicit BearerAuthMiddleware(const application::AccessTokenVerifier& tokens)
  //     : tokens_(tokens) {}
  // rampart:end
  std::string_view Name() const override { return "bearer-auth"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

 private:
  // rampart:begin(iam)
  boost::asio::awaitable<Response> WithApiKey(HttpContext& context, const Next& next,
                                              std::string_view key);
  // rampart:end
  const application::AccessTokenVerifier& tokens_;
  const application::ApiKeyAuthenticator* api_keys_;  // rampart:only(iam)
};

}  // namespace rampart::api
