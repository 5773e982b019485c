#pragma once
// Every request gets a correlation id: the caller's X-Correlation-Id when it is safe to echo,
// a fresh one otherwise. It is on every response, every log line and every problem's traceId.
#include <string>
#include <string_view>

#include "api/middleware/middleware.hpp"

namespace rampart::api {

// IsValidCorrelationId says whether `id` may be echoed: 1..128 characters of [A-Za-z0-9._-],
// safe in headers, logs and JSON without escaping.
bool IsValidCorrelationId(std::string_view id);

// NewCorrelationId is a random UUID v4, e.g. "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a3b".
std::string NewCorrelationId();

// CorrelationIdFor is the caller's id `incoming` when valid, else a new one.
std::string CorrelationIdFor(std::string_view incoming);

// CorrelationIdMiddleware sets Request::correlation_id and answers it in X-Correlation-Id.
class CorrelationIdMiddleware final : public Middleware {
 public:
  std::string_view Name() const override { return "correlation-id"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;
};

}  // namespace rampart::api
