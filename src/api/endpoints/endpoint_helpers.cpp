#include "api/endpoints/endpoint_helpers.hpp"

#include <algorithm>
#include <utility>

namespace rampart::api {

std::string IdOf(const Request& request) { return std::string(request.PathParam("id")); }

std::optional<std::vector<std::string>> StringArray(const boost::json::object& body,
                                                    std::string_view name, std::string_view items,
                                                    std::vector<domain::FieldError>& errors) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  std::vector<std::string> values;
  if (const auto* array = value->if_array()) {
    for (const auto& item : *array) {
      if (!item.is_string()) break;
      values.emplace_back(item.as_string());
    }
    if (values.size() == array->size()) return values;
  }
  errors.push_back({std::string(name), "Must be an array of " + std::string(items) + "."});
  return std::nullopt;
}

std::vector<domain::FieldError> ReaderErrors(const FieldReader& fields) {
  return fields.Ok() ? std::vector<domain::FieldError>{} : fields.Error().fields;
}

domain::Error MergeFieldErrors(std::vector<domain::FieldError> errors,
                               std::vector<domain::FieldError> validation) {
  for (auto& field : validation) {
    const bool named = std::any_of(errors.begin(), errors.end(),
                                   [&](const auto& known) { return known.field == field.field; });
    if (!named) errors.push_back(std::move(field));
  }
  return domain::Error::Validation(std::move(errors));
}

OpenApiResponse Forbidden(std::string_view permission) {
  return {403, "The caller lacks `" + std::string(permission) + "`.", ""};
}

}  // namespace rampart::api
