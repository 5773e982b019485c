#pragma once
// rampart's own request/response/endpoint types. Endpoint code sees only these, never
// Boost.Beast, so that handlers compile fast and read like plain functions.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "application/ports/token_service.hpp"
#include "telemetry/context.hpp"

namespace rampart::application {
struct Actor;
}

namespace rampart::api {

// Method is an HTTP request method; kUnknown for any other (the router finds nothing for it).
enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kUnknown };
// ToString is the method's name as sent on the wire: "GET", ...
std::string_view ToString(Method method);
// ParseMethod is the method named `text`, case-sensitively (RFC 9110 §9.1); kUnknown otherwise.
Method ParseMethod(std::string_view text);

// Headers are a message's header fields in order, name and value.
using Headers = std::vector<std::pair<std::string, std::string>>;

// Request is one HTTP request as handlers see it: filled by the server, then by the middleware
// (correlation id, route and path parameters, principal) and the endpoint guard (actor).
struct Request {
  Method method = Method::kUnknown;
  std::string target;  // as received: "/path?query" (or absolute-form "http://host/path?query")
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string, without '?'
  Headers headers;     // names lower-cased
  std::string body;
  std::string client_ip;
  std::string route;  // the matched route template, e.g. "/api/v1/notes/{id}"
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string correlation_id;  // set by the correlation-id middleware
  std::shared_ptr<const application::AccessClaims> principal;  // set by bearer authentication
  // api_key is a well-formed API key the bearer middleware could not verify without the
  // database: the endpoint guard verifies it on a worker and sets `principal`
  // (docs/security.md#api-keys).
  std::string api_key;
  // telemetry is the request's trace context (set by the telemetry middleware): code that runs
  // for the request on any thread makes it current with a telemetry::ContextScope, so that its
  // log lines and spans join the request's trace.
  telemetry::Context telemetry;
  // actor is the authenticated caller with their current permissions, set by the endpoint guard
  // (api/endpoints/endpoint_guard.hpp) of non-public endpoints.
  std::shared_ptr<const application::Actor> actor;

  // Header is the value of header `lower_name` (names compare case-insensitively), empty when
  // absent.
  std::string_view Header(std::string_view lower_name) const;
  // PathParam is the value of the route's `{name}` segment, empty when there is none.
  std::string_view PathParam(std::string_view name) const;
  // QueryParam is the percent-decoded value of a query parameter ('+' as space), nullopt when
  // absent.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

// Response is a handler's answer; the server adds Date, Content-Type (from content_type) and
// Content-Length when it writes it.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;  // extra headers (Content-Type and Content-Length are set by the server)
  // preset_headers are header lines the server writes verbatim after `headers` ("Name:
  // value\r\n" each): a constant block prepared once (the security headers,
  // ApplySecurityHeaders), so that the headers every response carries cost no allocation per
  // response. Static storage only.
  std::string_view preset_headers;

  // expected_unavailable marks a 5xx that is the answer itself, not a failure (readiness
  // reporting a dependency down): kept out of rampart.http.server.errors, so that the error
  // rate alerts on failures only.
  bool expected_unavailable = false;

  // Json is a `status` answer whose body is the JSON text `body`.
  static Response Json(int status, std::string body) {
    return {status, "application/json", std::move(body), {}};
  }
  // NoContent is a 204 without a body.
  static Response NoContent() { return {204, "", "", {}}; }
  // SetHeader sets header `name` (any case) to `value`, replacing every earlier value.
  void SetHeader(std::string name, std::string value);
};

// Access says who may call an endpoint.
enum class Access {
  kPublic,         // anyone
  kAuthenticated,  // a valid access token
  kPermission,     // a valid access token whose permissions include Endpoint::permission
};

// Execution says where the handler runs. kWorker handlers may block (database, hashing): the
// server runs them on the bounded worker pool and awaits them, so they never block an I/O thread.
enum class Execution { kInline, kWorker };

// OpenApiResponse is one response an operation documents.
struct OpenApiResponse {
  int status;
  std::string description;
  // schema_ref is the name under components/schemas; empty: no body, or for a status >= 400
  // the Problem schema (application/problem+json).
  std::string schema_ref;
};

// OpenApiQueryParameter is an optional query parameter (`?name=value`) as /openapi.json
// describes it.
struct OpenApiQueryParameter {
  std::string name;
  std::string description;
  std::string type = "string";  // a JSON Schema type: "string", "integer", ...
  std::string format;           // e.g. "date-time"; empty for none
};

// OpenApiField is one JSON body field an endpoint's binder reads (api/endpoints/binding.hpp):
// BuildOpenApiDocument checks these against the operation's request schema.
struct OpenApiField {
  std::string name;
  std::string type;  // the JSON Schema type: "string", "boolean", "array"
  bool required = false;
};

// OpenApiDoc is what /openapi.json says about an endpoint; declared together with its route and
// access.
struct OpenApiDoc {
  // operation_id is the operation's `operationId`, the method name client generators give it:
  // camelCase, unique in the document, the use case's name where there is one (`registerUser`
  // for RegisterUserCommand). BuildOpenApiDocument refuses an empty, repeated or not camelCase
  // one.
  std::string operation_id;
  std::string summary;
  std::string description;
  std::string tag;
  std::string request_schema_ref;  // name under components/schemas, empty when no body
  std::string request_media_type;  // of the body; empty: application/json
  std::vector<OpenApiResponse> responses;
  std::vector<OpenApiQueryParameter> query;
  // request_fields are the body fields the endpoint's binder reads (set by Map); null when the
  // handler reads the body itself.
  std::function<std::vector<OpenApiField>()> request_fields;
};

// Handler answers a request; it runs inline or on the worker pool (Execution).
using Handler = std::function<Response(Request&)>;

// FastPath is an optional way to answer without the worker pool (e.g. from a cache): it calls
// its FastPathDone exactly once, with a response, or with nullopt to let `handler` answer as
// usual. It must not block; the done callback may run on another thread (the server resumes the
// request on its own I/O thread).
using FastPathDone = std::move_only_function<void(std::optional<Response>)>;
using FastPath = std::function<void(Request&, FastPathDone)>;

// Endpoint is the one declaration of an endpoint: route, required permission and documentation
// never drift apart.
struct Endpoint {
  Method method;
  std::string route;  // "/api/v1/notes/{id}"; `{name}` matches one path segment
  Access access = Access::kPublic;
  std::string permission;  // for Access::kPermission
  // service_accounts, for Access::kAuthenticated: service accounts may call it too
  // (application::Requirement::service_accounts); other self-service endpoints are for users
  // only (403).
  bool service_accounts = false;
  // api_keys says whether a request an API key authenticated may call it
  // (application::Requirement::api_keys); false: 403 from the endpoint guard, and only bearer
  // tokens in /openapi.json.
  bool api_keys = true;
  Execution execution = Execution::kWorker;
  OpenApiDoc doc;
  Handler handler;
  FastPath fast_path;  // tried first when set, on the I/O thread
};

}  // namespace rampart::api
