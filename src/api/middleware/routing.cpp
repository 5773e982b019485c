#include "api/middleware/routing.hpp"

#include "api/http/problem.hpp"

namespace rampart::api {

boost::asio::awaitable<Response> RoutingMiddleware::Handle(HttpContext& context, const Next& next) {
  Request& request = context.request;
  Router::Match match = router_.Find(request.method, request.path);
  switch (match.status) {
    case Router::MatchStatus::kFound:
      context.endpoint = match.endpoint;
      request.route = match.endpoint->route;
      request.path_params = std::move(match.params);
      co_return co_await next(context);
    case Router::MatchStatus::kMethodNotAllowed: {
      // The path's route labels the request's metrics and logs: a 405 is not "unmatched".
      request.route = std::string(match.route);
      Response response =
          ProblemWithStatus(405, "method-not-allowed", "Method not allowed",
                            "This path does not accept the request's method; Allow lists the "
                            "methods it does.",
                            request);
      response.SetHeader("Allow", AllowHeaderValue(match.allowed));
      co_return response;
    }
    case Router::MatchStatus::kNotFound:
      break;
  }
  co_return ProblemWithStatus(404, "not-found", "Not found", "No resource at this path.", request);
}

}  // namespace rampart::api
