#pragma once
// Access control for endpoints that are not public: a valid `Authorization: Bearer <token>`
// (verified by the TokenService) sets Request::principal; 401 `unauthorized` otherwise.
// Permissions are checked later, against the database, by the endpoint guard
// (api/endpoints/endpoint_guard.hpp): a role change must not wait for tokens to expire.
#include <string_view>

#include "api/middleware/middleware.hpp"
#include "application/ports/token_service.hpp"

namespace rampart::api {

/// The token of an `Authorization` header value: the scheme "Bearer" in any case, one or more
/// spaces, then a token68 (RFC 6750 §2.1). Empty when the value is anything else.
std::string_view BearerToken(std::string_view authorization);

class BearerAuthMiddleware final : public Middleware {
 public:
  /// `tokens` must outlive the middleware.
  explicit BearerAuthMiddleware(const application::TokenService& tokens) : tokens_(tokens) {}
  std::string_view Name() const override { return "bearer-auth"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

 private:
  const application::TokenService& tokens_;
};

}  // namespace rampart::api
