#include "api/middleware/error_boundary.hpp"

#include <exception>
#include <typeinfo>

#include "api/server/problem.hpp"
#include "common/log.hpp"

namespace rampart::api {

Response InternalErrorProblem(const Request& request) {
  return ProblemWithStatus(500, "internal", "Internal server error",
                           "An unexpected error occurred.", request);
}

boost::asio::awaitable<Response> ErrorBoundaryMiddleware::Handle(HttpContext& context,
                                                                 const Next& next) {
  const Request& request = context.request;
  try {
    co_return co_await next(context);
  } catch (const std::exception& error) {
    log::Error("http", "unhandled exception",
               {{"correlationId", request.correlation_id},
                {"method", ToString(request.method)},
                {"path", request.path},
                {"route", request.route},
                {"exception", typeid(error).name()},
                {"error", error.what()}});
  } catch (...) {
    log::Error("http", "unhandled exception",
               {{"correlationId", request.correlation_id},
                {"method", ToString(request.method)},
                {"path", request.path},
                {"route", request.route},
                {"error", "non-standard exception"}});
  }
  co_return InternalErrorProblem(request);
}

}  // namespace rampart::api
