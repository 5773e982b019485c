#include "api/endpoints/binding.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json.hpp>

namespace rampart::api {

namespace json = boost::json;

std::string Input::Path(std::string_view name) const {
  return request_ == nullptr ? std::string() : std::string(request_->PathParam(name));
}

std::optional<std::string> Input::Query(std::string_view name) const {
  return request_ == nullptr ? std::nullopt : request_->QueryParam(name);
}

const json::value* Input::Field(std::string_view name, std::string_view type, bool required) {
  fields_.push_back({std::string(name), std::string(type), required});
  if (!body_) {
    if (request_ != nullptr) {
      auto parsed = ParseJsonObject(*request_);
      if (parsed) {
        body_ = std::move(*parsed);
      } else {
        refusal_ = std::move(parsed.error());
      }
    }
    if (!body_) body_.emplace();
  }
  const auto* value = body_->if_contains(name);
  return value == nullptr || value->is_null() ? nullptr : value;
}

void Input::Fail(std::string_view name, std::string message) {
  errors_.push_back({std::string(name), std::move(message)});
}

std::string Input::Required(std::string_view name, std::string_view label) {
  const auto* value = Field(name, "string", true);
  if (value != nullptr && !value->is_string()) {
    Fail(name, std::string(label) + " must be a string.");
    return {};
  }
  if (value == nullptr || value->as_string().empty()) {
    Fail(name, std::string(label) + " is required.");
    return {};
  }
  return std::string(value->as_string());
}

std::optional<std::string> Input::Optional(std::string_view name, std::string_view label) {
  const auto* value = Field(name, "string", false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Fail(name, std::string(label) + " must be a string.");
    return std::nullopt;
  }
  return std::string(value->as_string());
}

std::optional<std::vector<std::string>> Input::Strings(std::string_view name,
                                                       std::string_view label) {
  const auto* value = Field(name, "array", false);
  if (value == nullptr) return std::nullopt;
  std::vector<std::string> items;
  if (const auto* array = value->if_array()) {
    for (const auto& item : *array) {
      if (!item.is_string()) break;
      items.emplace_back(item.as_string());
    }
    if (items.size() == array->size()) return items;
  }
  Fail(name, std::string(label) + " must be an array of strings.");
  return std::nullopt;
}

std::vector<std::string> Input::RequiredStrings(std::string_view name, std::string_view label) {
  const bool present = Field(name, "array", true) != nullptr;
  fields_.pop_back();  // Strings records it again
  auto items = Strings(name, label);
  fields_.back().required = true;
  if (!present) Fail(name, std::string(label) + " is required.");
  return items.value_or(std::vector<std::string>{});
}

std::optional<bool> Input::Bool(std::string_view name, std::string_view label) {
  const auto* value = Field(name, "boolean", false);
  if (value == nullptr) return std::nullopt;
  if (!value->is_bool()) {
    Fail(name, std::string(label) + " must be true or false.");
    return std::nullopt;
  }
  return value->as_bool();
}

std::optional<domain::TimePoint> Input::DateTime(std::string_view name, std::string_view label) {
  const auto text = Optional(name, label);
  if (!text) return std::nullopt;
  auto time = domain::ParseRfc3339(*text);
  if (!time) Fail(name, std::string(label) + " must be an RFC 3339 date-time.");
  return time;
}

void RequireAs(Endpoint& endpoint, const application::Requirement& requirement) {
  using Kind = application::Requirement::Kind;
  endpoint.api_keys = requirement.api_keys;
  switch (requirement.kind) {
    case Kind::kPublic:
      endpoint.access = Access::kPublic;
      return;
    case Kind::kAuthenticated:
      endpoint.access = Access::kAuthenticated;
      endpoint.service_accounts = requirement.service_accounts;
      return;
    case Kind::kPermission:
      endpoint.access = Access::kPermission;
      endpoint.permission = std::string(requirement.permission);
      return;
    case Kind::kSystem:
      break;
  }
  // A use case only the process itself may run has no business behind a route.
  throw std::logic_error("Map: " + endpoint.route + " would expose a system-only use case");
}

domain::Error FieldErrors(std::vector<domain::FieldError> errors,
                          std::vector<domain::FieldError> validation) {
  for (auto& field : validation) {
    const bool named = std::any_of(errors.begin(), errors.end(),
                                   [&](const auto& known) { return known.field == field.field; });
    if (!named) errors.push_back(std::move(field));
  }
  return domain::Error::Validation(std::move(errors));
}

Response NoStore(Response response) {
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response Created(const json::value& body, std::string location) {
  auto response = NoStore(JsonResponse(201, body));
  response.SetHeader("Location", std::move(location));
  return response;
}

}  // namespace rampart::api
