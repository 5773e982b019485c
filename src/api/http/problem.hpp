#pragma once
// RFC 9457 problem details: the one place where an error becomes an HTTP status and body.
#include <cstddef>
#include <string_view>

#include "api/http/http.hpp"
#include "domain/errors.hpp"

namespace rampart::api {

// HttpStatus is the HTTP status of an error code (kValidation → 422, kRateLimited → 429, ...).
int HttpStatus(domain::ErrorCode code);
// ProblemSlug is the stable problem type slug of an error code: "validation", "unauthorized",
// "forbidden", "not-found", "conflict", "rate-limited", ... (served as /problems/<slug>).
std::string_view ProblemSlug(domain::ErrorCode code);

// kMaxListedFieldErrors is the most entries a 422's `errors` lists; `errorsOmitted` counts the
// rest.
inline constexpr std::size_t kMaxListedFieldErrors = 50;

// Problem is the application/problem+json answer to `error`: type "/problems/<slug>", title,
// status, detail, instance (the request path), traceId (the request's correlation id), and
// `errors` [{field, message}] for validation (the first kMaxListedFieldErrors, then
// `errorsOmitted`: N and a detail that says so). Cache-Control: no-store; Retry-After when the
// error carries one, and WWW-Authenticate: Bearer on 401.
Response Problem(const domain::Error& error, const Request& request);

// ProblemWithStatus is a problem that is not a domain error (router/limits): 404 not-found,
// 405 method-not-allowed, 413 payload-too-large, 431 request-header-fields-too-large,
// 400 bad-request, 503 unavailable.
Response ProblemWithStatus(int status, std::string_view slug, std::string_view title,
                           std::string_view detail, const Request& request);

// BusyProblem is 503 unavailable with `Retry-After: 1`: the one answer to overload, whether the
// in-flight bound or the worker pool's queue refused the request.
Response BusyProblem(const Request& request);

}  // namespace rampart::api
