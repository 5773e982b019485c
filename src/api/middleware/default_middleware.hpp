#pragma once
#include "api/middleware/middleware.hpp"
#include "api/server/router.hpp"
#include "application/ports/token_service.hpp"

namespace rampart::api {

/// The built-in pipeline, outermost first: correlation id, access log, error boundary, routing,
/// bearer authentication. The composition root may insert more (CORS, rate limiting, security
/// headers) before passing the list to HttpServer. `router` and `tokens` must outlive it.
MiddlewareList DefaultMiddleware(const Router& router, const application::TokenService& tokens);

}  // namespace rampart::api
