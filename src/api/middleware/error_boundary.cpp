#include "api/middleware/error_boundary.hpp"

#include <exception>
#include <optional>
#include <typeinfo>

#include "api/http/problem.hpp"
#include "application/ports/dependency_unavailable.hpp"
#include "common/log.hpp"
#include "common/repeated_warnings.hpp"
#include "telemetry/context.hpp"

namespace rampart::api {

Response InternalErrorProblem(const Request& request) {
  return ProblemWithStatus(500, "internal", "Internal server error",
                           "An unexpected error occurred.", request);
}

boost::asio::awaitable<Response> ErrorBoundaryMiddleware::Handle(HttpContext& context,
                                                                 const Next& next) {
  const Request& request = context.request;
  std::optional<Response> unavailable;
  try {
    co_return co_await next(context);
  } catch (const application::DependencyUnavailable& error) {
    // A dependency is down or overloaded (database unreachable, circuit open, timed out): not
    // a bug, so a 503 the client may retry, not a 500. The reason is for operators only, in
    // the request's trace like every other line of it. During an outage every request fails
    // this way: one line per dependency every few seconds, with the count of those left out.
    telemetry::ContextScope scope(request.telemetry);
    log::WarnCoalesced("http", "dependency unavailable",
                       {{"correlationId", request.correlation_id},
                        {"route", request.route},
                        {"dependency", error.dependency()},
                        {"error", error.what()}},
                       error.dependency());
    domain::Error problem = domain::Error::Unavailable(
        "A service this request needs is temporarily unavailable; retry shortly.");
    problem.retry_after_seconds = 1;
    unavailable = Problem(problem, request);
  } catch (const std::exception& error) {
    telemetry::ContextScope scope(request.telemetry);
    log::Error("http", "unhandled exception",
               {{"correlationId", request.correlation_id},
                {"method", ToString(request.method)},
                {"path", request.path},
                {"route", request.route},
                {"exception", typeid(error).name()},
                {"error", error.what()}});
  } catch (...) {
    telemetry::ContextScope scope(request.telemetry);
    log::Error("http", "unhandled exception",
               {{"correlationId", request.correlation_id},
                {"method", ToString(request.method)},
                {"path", request.path},
                {"route", request.route},
                {"error", "non-standard exception"}});
  }
  if (unavailable) co_return std::move(*unavailable);
  co_return InternalErrorProblem(request);
}

}  // namespace rampart::api
