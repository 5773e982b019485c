#pragma once
// Map<UseCase>: the one declaration of an endpoint that runs a use case.
//
//   endpoints.push_back(Map<application::GetNoteQuery>(
//       dispatcher, Method::kGet, "/api/v1/notes/{id}",
//       {.operation_id = "getNote", .summary = "Get one of my notes", .tag = "notes",
//        .responses = {{200, "The note.", "Note"}, k404}},
//       BindGetNote, NoteOk));
//
// The route and its documentation, a binder (Input → command: path, query and body fields,
// each bad field an error) and a responder (the use case's result → Response). The access rule
// and the permission come from the use case's own `kRequires`, so the endpoint guard, the
// dispatcher and /openapi.json cannot disagree; BuildOpenApiDocument adds the 401/403 lines
// from them. The binder's field errors and the use case's `Validate` become one 422; then the
// command goes through the dispatcher. Binders are plain functions, unit-tested without a
// server (binders_test.cpp).
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "api/endpoints/json_io.hpp"
#include "api/http/http.hpp"
#include "api/http/problem.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "domain/errors.hpp"
#include "domain/time.hpp"

namespace rampart::api {

// Input is what a binder reads a command from: the request's path and query parameters and its
// JSON body's fields. A bad field adds a field error (so that one 422 names them all) and reads
// as empty; a body that is not a JSON object is refused (415/400) on the first body read.
class Input {
 public:
  explicit Input(const Request& request) : request_(&request) {}
  // Describing is an Input without a request, for BuildOpenApiDocument: every read finds
  // nothing, and the body fields read are recorded (Fields()).
  static Input Describing() { return Input(); }

  // Path is the `{name}` path parameter (empty when describing).
  std::string Path(std::string_view name) const;
  // Query is the percent-decoded query parameter `name`, nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;

  // Required is a body string that must be present, a string and not empty.
  std::string Required(std::string_view name, std::string_view label);
  // Optional is a body string: absent (or null) → nullopt; anything but a string → an error.
  std::optional<std::string> Optional(std::string_view name, std::string_view label);
  // Strings is a body array of strings: absent (or null) → nullopt; anything else → an error.
  std::optional<std::vector<std::string>> Strings(std::string_view name, std::string_view label);
  // RequiredStrings is a body array of strings that must be present.
  std::vector<std::string> RequiredStrings(std::string_view name, std::string_view label);
  // Bool is a body boolean: absent (or null) → nullopt; anything else → an error.
  std::optional<bool> Bool(std::string_view name, std::string_view label);

  // DateTime is a body RFC 3339 date-time: absent (or null) → nullopt; anything else → an
  // error.
  std::optional<domain::TimePoint> DateTime(std::string_view name, std::string_view label);

  // Refusal is the 415/400 answer when the body is not a JSON object; nullopt otherwise.
  std::optional<Response>& Refusal() { return refusal_; }
  // Errors are the field errors found so far.
  std::vector<domain::FieldError>& Errors() { return errors_; }
  // Fields are the body fields read, in order (what the request schema must declare).
  const std::vector<OpenApiField>& Fields() const { return fields_; }

 private:
  Input() = default;
  // Field is the body's field `name`, null when absent or JSON null (the body is parsed on the
  // first call), recording it as read with its `type` and whether it is `required`.
  const boost::json::value* Field(std::string_view name, std::string_view type, bool required);
  // Fail records a field error on `name`.
  void Fail(std::string_view name, std::string message);

  const Request* request_ = nullptr;
  std::optional<boost::json::object> body_;
  std::optional<Response> refusal_;
  std::vector<domain::FieldError> errors_;
  std::vector<OpenApiField> fields_;
};

// Binder turns a request into a use case's command; Input collects what is wrong with it.
template <class Command>
using Binder = Command (*)(Input&);

// BindNothing is the binder of a use case that takes nothing from the request.
template <class Command>
Command BindNothing(Input&) {
  return Command{};
}

// RequireAs sets `endpoint`'s access rule to what `requirement` (a use case's kRequires) says.
// Throws std::logic_error for a system-only requirement: such a use case has no route.
void RequireAs(Endpoint& endpoint, const application::Requirement& requirement);

// FieldErrors is the one 422 naming every bad field: the binder's `errors`, then each field of
// `validation` (the use case's own Validate) they do not name yet.
domain::Error FieldErrors(std::vector<domain::FieldError> errors,
                          std::vector<domain::FieldError> validation);

// Map is an endpoint that binds `Command` from the request, sends it through `dispatcher` and
// answers with `respond(result)` — or `respond(result, request)`; `respond()` or
// `respond(request)` when the result says nothing the status does not.
template <application::UseCase Command, class Respond>
Endpoint Map(application::Dispatcher& dispatcher, Method method, std::string route,
             OpenApiDoc doc, Binder<Command> bind, Respond respond) {
  using Result = typename Command::Response;
  Endpoint endpoint{.method = method, .route = std::move(route), .doc = std::move(doc)};
  RequireAs(endpoint, Command::kRequires);
  endpoint.doc.request_fields = [bind] {
    auto input = Input::Describing();
    (void)bind(input);
    return input.Fields();
  };
  endpoint.handler = [&dispatcher, bind, respond = std::move(respond)](Request& request) {
    Input input(request);
    Command command = bind(input);
    if (input.Refusal()) return std::move(*input.Refusal());
    if (!input.Errors().empty()) {
      application::Validation validation(dispatcher.services());
      if constexpr (application::HasValidator<Command>) Validate(command, validation);
      return Problem(FieldErrors(std::move(input.Errors()), validation.Take()), request);
    }
    auto result = dispatcher.Send(command, CallerOf(request));
    if (!result) return Problem(result.error(), request);
    if constexpr (std::is_void_v<Result>) {
      if constexpr (std::invocable<Respond&, const Request&>) return Response(respond(request));
      else return Response(respond());
    } else if constexpr (std::invocable<Respond&, Result&, const Request&>) {
      return Response(respond(*result, request));
    } else if constexpr (std::invocable<Respond&, Result&>) {
      return Response(respond(*result));
    } else {
      return Response(respond());  // the result says nothing the status does not
    }
  };
  return endpoint;
}

// The responders most endpoints share.

// NoStore marks `response` `Cache-Control: no-store` (answers about accounts and credentials).
Response NoStore(Response response);
// NoContent answers 204.
inline Response NoContent() { return Response::NoContent(); }
// Accepted answers 202 without a body.
inline Response Accepted() { return Response{202, "", "", {}}; }
// Created answers 201 with `body`, `Location: location` and no-store.
Response Created(const boost::json::value& body, std::string location);

}  // namespace rampart::api
