#include "api/http/problem.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <string>

namespace rampart::api {
namespace {

namespace json = boost::json;
using domain::ErrorCode;

constexpr std::string_view kProblemJson = "application/problem+json";

std::string_view Title(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return "Validation failed";
    case ErrorCode::kUnauthorized:
      return "Unauthorized";
    case ErrorCode::kForbidden:
      return "Forbidden";
    case ErrorCode::kNotFound:
      return "Not found";
    case ErrorCode::kConflict:
      return "Conflict";
    // rampart:begin(iam)
    case ErrorCode::kLocked:
      return "Account locked";
    // rampart:end
    case ErrorCode::kRateLimited:
      return "Too many requests";
    case ErrorCode::kUnavailable:
      return "Service unavailable";
    case ErrorCode::kInternal:
      break;
  }
  return "Internal server error";
}

json::object ProblemBody(int status, std::string_view slug, std::string_view title,
                         std::string_view detail, const Request& request) {
  json::object body;
  body.reserve(8);
  body["type"] = std::string("/problems/").append(slug);
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;
  body["instance"] = request.path;
  body["traceId"] = request.correlation_id;
  return body;
}

Response ProblemResponse(int status, const json::object& body) {
  Response response;
  response.status = status;
  response.content_type = kProblemJson;
  response.body = json::serialize(body);
  // Errors describe one moment; a cache must not replay them.
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return 422;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    // rampart:begin(iam)
    case ErrorCode::kLocked:
      return 429;
    // rampart:end
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      break;
  }
  return 500;
}

std::string_view ProblemSlug(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return "validation";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kConflict:
      return "conflict";
    // rampart:begin(iam)
    case ErrorCode::kLocked:
      return "locked";
    // rampart:end
    case ErrorCode::kRateLimited:
      return "rate-limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      break;
  }
  return "internal";
}

Response Problem(const domain::Error& error, const Request& request) {
  const int status = HttpStatus(error.code);
  json::object body =
      ProblemBody(status, ProblemSlug(error.code), Title(error.code), error.detail, request);
  if (error.code == ErrorCode::kValidation) {
    // Bounded: a request with thousands of bad entries must not buy a response of megabytes.
    const std::size_t listed = std::min(error.fields.size(), kMaxListedFieldErrors);
    json::array errors;
    errors.reserve(listed);
    for (std::size_t i = 0; i < listed; ++i) {
      errors.push_back(
          json::object{{"field", error.fields[i].field}, {"message", error.fields[i].message}});
    }
    body["errors"] = std::move(errors);
    if (const std::size_t omitted = error.fields.size() - listed; omitted > 0) {
      body["errorsOmitted"] = omitted;
      body["detail"] = error.detail + " The first " + std::to_string(listed) + " of " +
                       std::to_string(error.fields.size()) + " field errors are listed.";
    }
  }
  Response response = ProblemResponse(status, body);
  if (error.retry_after_seconds) {
    response.SetHeader("Retry-After", std::to_string(std::max(*error.retry_after_seconds, 0)));
  }
  if (status == 401) response.SetHeader("WWW-Authenticate", "Bearer");
  return response;
}

Response ProblemWithStatus(int status, std::string_view slug, std::string_view title,
                           std::string_view detail, const Request& request) {
  return ProblemResponse(status, ProblemBody(status, slug, title, detail, request));
}

}  // namespace rampart::api

namespace rampart::api {

Response BusyProblem(const Request& request) {
  Response busy = ProblemWithStatus(503, "unavailable", "Service unavailable",
                                    "The server is busy; retry shortly.", request);
  busy.SetHeader("Retry-After", "1");
  return busy;
}

}  // namespace rampart::api
