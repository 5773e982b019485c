#pragma once
// The small steps several endpoint files share: the `{id}` path parameter, no-store answers,
// string-array body fields, the one 422 that merges the body readers' errors with the use
// case's own validation, and the 403 line of the OpenAPI document.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/endpoints/binding.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/http.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "domain/errors.hpp"

namespace rampart::api {

// IdOf is the `{id}` path parameter of `request`.
std::string IdOf(const Request& request);

// StringArray reads the body field `name` as an array of strings: nullopt when absent (or null);
// anything else adds the field error "Must be an array of <items>." to `errors`.
std::optional<std::vector<std::string>> StringArray(const boost::json::object& body,
                                                    std::string_view name, std::string_view items,
                                                    std::vector<domain::FieldError>& errors);

// ReaderErrors is what `fields` found wrong (none when it is Ok).
std::vector<domain::FieldError> ReaderErrors(const FieldReader& fields);

// MergeFieldErrors is the 422 naming every field of `errors` and, after them, each field of
// `validation` that `errors` does not name yet.
domain::Error MergeFieldErrors(std::vector<domain::FieldError> errors,
                               std::vector<domain::FieldError> validation);

// BodyErrors is the one 422 naming every bad field of a request body — the readers' `errors`
// and, when there are any, the use case's own validation of `command` too (which the dispatcher
// would otherwise run only after the body is fixed) — or nullopt when `errors` is empty.
template <class Command>
std::optional<domain::Error> BodyErrors(std::vector<domain::FieldError> errors,
                                        const Command& command,
                                        application::Dispatcher& dispatcher) {
  if (errors.empty()) return std::nullopt;
  application::Validation validation(dispatcher.services());
  Validate(command, validation);
  return MergeFieldErrors(std::move(errors), validation.Take());
}

// Forbidden documents the 403 of an operation that needs `permission`.
OpenApiResponse Forbidden(std::string_view permission);

}  // namespace rampart::api
