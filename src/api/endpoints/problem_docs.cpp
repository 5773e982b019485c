// /problems/{slug}: the problem `type` URIs resolve to a page that explains them.
#include <array>

#include "api/endpoints/endpoints.hpp"
#include "api/http/problem.hpp"

namespace rampart::api {

namespace {

struct ProblemDoc {
  std::string_view slug;
  int status;
  std::string_view title;
  std::string_view text;
};

constexpr std::array kProblems{
    ProblemDoc{"validation", 422, "Validation failed", "One or more fields are invalid; `errors` lists each field with a message. Fix the fields and retry."},
    ProblemDoc{"bad-request", 400, "Bad request", "The request could not be read: malformed HTTP, a body that is not a JSON object, or an unsafe path."},
    // rampart:begin(iam)
    ProblemDoc{"unauthorized", 401, "Unauthorized", "Credentials are missing, wrong, expired or revoked. Log in again or refresh the access token."},
    // rampart:else
    // ProblemDoc{"unauthorized", 401, "Unauthorized", "Credentials are missing, wrong, expired or revoked. Get a new access token from the issuer and retry."},
    // rampart:end
    ProblemDoc{"forbidden", 403, "Forbidden", "The caller is authenticated but lacks the permission the endpoint requires."},
    ProblemDoc{"not-found", 404, "Not found", "No resource or route at this path."},
    ProblemDoc{"method-not-allowed", 405, "Method not allowed", "The path exists but not with this method; the `Allow` header lists the methods it has."},
    ProblemDoc{"conflict", 409, "Conflict", "The request conflicts with existing state, e.g. an email that is already registered."},
    ProblemDoc{"unsupported-media-type", 415, "Unsupported media type", "The request has a body (or a Content-Type) that is not JSON. Send JSON bodies with `Content-Type: application/json` (parameters such as `charset=utf-8` are fine; `application/<name>+json` types are accepted too)."},
    ProblemDoc{"payload-too-large", 413, "Payload too large", "The request body exceeds the configured limit (server.max_body_bytes)."},
    ProblemDoc{"request-header-fields-too-large", 431, "Request header fields too large", "The request headers exceed the configured limit (server.max_header_bytes)."},
    // rampart:begin(iam)
    ProblemDoc{"locked", 429, "Account locked", "Too many failed logins; wait for the time in `Retry-After` or ask an administrator to unlock the account."},
    // rampart:end
    ProblemDoc{"rate-limited", 429, "Too many requests", "The client sent too many requests; retry after the time in `Retry-After`."},
    ProblemDoc{"unavailable", 503, "Service unavailable", "A required dependency is down or the service is overloaded; retry after the time in `Retry-After` if present."},
    ProblemDoc{"internal", 500, "Internal server error", "An unexpected error. The `traceId` identifies the request in the service's logs."},
};

}  // namespace

std::vector<Endpoint> ProblemDocEndpoints() {
  std::vector<Endpoint> endpoints;
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/problems/{slug}",
      .execution = Execution::kInline,
      .doc = {.operation_id = "problemType",
              .summary = "Documentation of a problem type",
              .tag = "discovery",
              .responses = {{200, "An HTML page describing the problem type.", ""},
                            {404, "Unknown problem type.", ""}}},
      .handler =
          [](Request& request) {
            const auto slug = request.PathParam("slug");
            for (const auto& problem : kProblems) {
              if (problem.slug != slug) continue;
              std::string html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>";
              html += problem.title;
              html += "</title></head><body><h1>";
              html += problem.title;
              html += " (" + std::to_string(problem.status) + ")</h1><p><code>/problems/";
              html += problem.slug;
              html += "</code></p><p>";
              html += problem.text;
              html += "</p></body></html>";
              return Response{200, "text/html; charset=utf-8", std::move(html), {}};
            }
            return ProblemWithStatus(404, "not-found", "Not found", "Unknown problem type.", request);
          },
  });
  return endpoints;
}

}  // namespace rampart::api
