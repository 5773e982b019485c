#include "api/openapi/openapi.hpp"

#include <boost/json.hpp>
#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "api/openapi/schemas.hpp"

namespace rampart::api {

namespace json = boost::json;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

json::array PathParameters(std::string_view route) {
  json::array parameters;
  for (std::size_t open = route.find('{'); open != std::string_view::npos;
       open = route.find('{', open + 1)) {
    const auto close = route.find('}', open);
    parameters.push_back(json::object{{"name", route.substr(open + 1, close - open - 1)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", json::object{{"type", "string"}}}});
  }
  return parameters;
}

// camelCase ASCII: a method name in every generator's target language, and URL-safe.
bool IsOperationId(std::string_view id) {
  if (id.empty() || !std::islower(static_cast<unsigned char>(id.front()))) return false;
  for (const char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Throws on an operationId that is missing, not camelCase or used twice: a declaration error
// that must stop the start (and the unit test) rather than reach a client generator.
void CheckOperationIds(const std::vector<Endpoint>& endpoints) {
  std::set<std::string_view> seen;
  for (const auto& endpoint : endpoints) {
    const std::string_view id = endpoint.doc.operation_id;
    const std::string where = std::string(ToString(endpoint.method)) + " " + endpoint.route;
    if (!IsOperationId(id)) {
      throw std::invalid_argument("OpenAPI: " + where + ": operationId \"" + std::string(id) +
                                  "\" is not a camelCase name");
    }
    if (!seen.insert(id).second) {
      throw std::invalid_argument("OpenAPI: " + where + ": operationId \"" + std::string(id) +
                                  "\" is used twice");
    }
  }
}

json::object Operation(const Endpoint& endpoint) {
  const auto& doc = endpoint.doc;
  json::object operation{{"summary", doc.summary}, {"operationId", doc.operation_id}};
  if (!doc.description.empty()) operation["description"] = doc.description;
  if (!doc.tag.empty()) operation["tags"] = json::array{doc.tag};
  auto parameters = PathParameters(endpoint.route);
  for (const auto& parameter : doc.query) {
    json::object schema{{"type", parameter.type}};
    if (!parameter.format.empty()) schema["format"] = parameter.format;
    parameters.push_back(json::object{{"name", parameter.name},
                                      {"in", "query"},
                                      {"required", false},
                                      {"description", parameter.description},
                                      {"schema", std::move(schema)}});
  }
  if (!parameters.empty()) {
    operation["parameters"] = std::move(parameters);
  }
  const bool json_body = doc.request_media_type.empty();
  if (!doc.request_schema_ref.empty()) {
    operation["requestBody"] = json::object{
        {"required", true},
        {"content",
         json::object{
             {json_body ? std::string("application/json") : doc.request_media_type,
              json::object{{"schema", json::object{{"$ref", "#/components/schemas/" +
                                                                doc.request_schema_ref}}}}}}}};
  }
  json::object responses;
  for (const auto& response : doc.responses) {
    json::object entry{{"description", response.description}};
    const bool problem = response.status >= 400 && response.schema_ref.empty();
    if (problem || !response.schema_ref.empty()) {
      const std::string media = problem ? "application/problem+json" : "application/json";
      const std::string ref = problem ? "Problem" : response.schema_ref;
      entry["content"] = json::object{
          {media, json::object{{"schema", json::object{{"$ref", "#/components/schemas/" + ref}}}}}};
    }
    responses[std::to_string(response.status)] = std::move(entry);
  }
  const json::object problem_content{
      {"application/problem+json",
       json::object{{"schema", json::object{{"$ref", "#/components/schemas/Problem"}}}}}};
  if (endpoint.access == Access::kPublic) {
    // Explicitly none: generators and linters otherwise cannot tell "public" from "forgotten".
    operation["security"] = json::array{};
  } else {
    // rampart:begin(iam)
    // An access token, or an API key (X-API-Key or as the bearer token).
    operation["security"] = json::array{json::object{{"bearerAuth", json::array{}}}};
    if (endpoint.api_keys) {
      operation["security"].as_array().push_back(json::object{{"apiKey", json::array{}}});
    }
    // rampart:else
    // // An access token of the trusted issuer.
    // operation["security"] = json::array{json::object{{"bearerAuth", json::array{}}}};
    // rampart:end
    if (endpoint.access == Access::kAuthenticated && endpoint.service_accounts) {
      operation["x-service-accounts"] = true;
    }
    if (!responses.contains("401")) {
      responses["401"] = json::object{{"description", "Missing, invalid or revoked access token."},
                                      {"content", problem_content}};
    }
  }
  if (endpoint.access == Access::kPermission) {
    operation["x-required-permission"] = endpoint.permission;
    // A declared 403 says more (the no-escalation rule); otherwise the permission alone.
    if (!responses.contains("403")) {
      responses["403"] =
          json::object{{"description", "Requires permission `" + endpoint.permission + "`."},
                       {"content", problem_content}};
    }
  }
  // What the pipeline may answer before any handler runs (docs/security.md).
  if (!doc.request_schema_ref.empty() && json_body && !responses.contains("415")) {
    responses["415"] = json::object{
        {"description", "The body is not sent as `Content-Type: application/json`."},
        {"content", problem_content}};
  }
  if (!endpoint.route.starts_with("/health/") && !responses.contains("429")) {
    responses["429"] = json::object{
        {"description",
         // rampart:begin(iam)
         "Rate limit exceeded (per client IP, per user, or the stricter login/register policy); "
         // rampart:else
         // "Rate limit exceeded (per client IP or per user); "
         // rampart:end
         "see `Retry-After` and the `RateLimit` headers."},
        {"content", problem_content}};
  }
  if (!responses.contains("503")) {
    responses["503"] =
        json::object{{"description",
                      "Overloaded: too many requests in flight or the worker queue is full; "
                      "retry after `Retry-After` seconds."},
                     {"content", problem_content}};
  }
  operation["responses"] = std::move(responses);
  return operation;
}

// rampart:begin(iam)
// The general schemas and those of the identity domain, service accounts, API keys and OAuth,
// in one object.
// rampart:else
// // The schemas, in one object.
// rampart:end
json::object Schemas() {
  auto schemas = json::parse(OpenApiSchemasJson()).as_object();
  // rampart:begin(iam)
  // Named: a temporary in the range-for's initialiser would be gone before the loop (g++ 12
  // does not extend its lifetime, P2718).
  const auto identity = json::parse(OpenApiIdentitySchemasJson());
  for (const auto& [name, schema] : identity.as_object()) schemas[name] = schema;
  const auto credentials = json::parse(OpenApiCredentialSchemasJson());
  for (const auto& [name, schema] : credentials.as_object()) schemas[name] = schema;
  // rampart:end
  return schemas;
}

// Throws when the body fields an endpoint's binder reads and its request schema disagree: a
// field the binder reads that the schema lacks (or types differently), a field the binder
// requires that the schema does not, or a schema property no binder reads. So a field added to
// a command's binder reaches the document, or every test that starts the service fails.
void CheckRequestFields(const std::vector<Endpoint>& endpoints, const json::object& schemas) {
  for (const auto& endpoint : endpoints) {
    const auto& doc = endpoint.doc;
    if (!doc.request_fields) continue;
    const std::string where = std::string(ToString(endpoint.method)) + " " + endpoint.route;
    const auto fields = doc.request_fields();
    if (doc.request_schema_ref.empty()) {
      if (fields.empty()) continue;
      throw std::invalid_argument("OpenAPI: " + where + ": the binder reads body field \"" +
                                  fields.front().name + "\" but no request schema is declared");
    }
    const auto* schema = schemas.if_contains(doc.request_schema_ref);
    if (schema == nullptr || !schema->is_object()) {
      throw std::invalid_argument("OpenAPI: " + where + ": no schema \"" +
                                  doc.request_schema_ref + "\"");
    }
    const auto* properties = schema->as_object().if_contains("properties");
    const auto* required = schema->as_object().if_contains("required");
    auto fail = [&](std::string_view field, std::string_view what) {
      throw std::invalid_argument("OpenAPI: " + where + ": body field \"" + std::string(field) +
                                  "\" " + std::string(what) + " in " + doc.request_schema_ref);
    };
    std::set<std::string_view> read;
    for (const auto& field : fields) {
      read.insert(field.name);
      const auto* property = properties != nullptr && properties->is_object()
                                 ? properties->as_object().if_contains(field.name)
                                 : nullptr;
      if (property == nullptr) fail(field.name, "is read by the binder but not declared");
      const auto* type = property->as_object().if_contains("type");
      if (type != nullptr && type->is_string() && type->as_string() != field.type) {
        fail(field.name, "is read as " + field.type + " but declared otherwise");
      }
      const bool declared_required =
          required != nullptr && required->is_array() &&
          std::ranges::any_of(required->as_array(), [&](const json::value& name) {
            return name.is_string() && name.as_string() == field.name;
          });
      if (field.required && !declared_required) fail(field.name, "is required but not so declared");
    }
    if (properties != nullptr && properties->is_object()) {
      for (const auto& property : properties->as_object()) {
        if (!read.contains(property.key())) {
          fail(property.key(), "is declared but the binder never reads it");
        }
      }
    }
  }
}

}  // namespace

std::string BuildOpenApiDocument(const std::vector<Endpoint>& endpoints, const OpenApiInfo& info) {
  CheckOperationIds(endpoints);
  auto schemas = Schemas();
  CheckRequestFields(endpoints, schemas);
  json::object paths;
  for (const auto& endpoint : endpoints) {
    auto& path = paths[endpoint.route];
    if (!path.is_object()) path = json::object{};
    path.as_object()[Lower(ToString(endpoint.method))] = Operation(endpoint);
  }
  json::object document{
      {"openapi", "3.1.0"},
      {"info",
       json::object{
           {"title", info.title}, {"version", info.version}, {"description", info.description}}},
      // Relative: the origin that served this document, the one origin /docs may call under its
      // Content-Security-Policy (the issuer may name another host).
      {"servers",
       json::array{json::object{{"url", "/"}, {"description", "The host serving this document."}}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{
           {"schemas", std::move(schemas)},
           {"securitySchemes",
            json::object{
                // rampart:begin(iam)
                {"bearerAuth",
                 json::object{{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}},
                {"apiKey",
                 json::object{{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}}}}},
                // rampart:else
                // {"bearerAuth",
                //  json::object{{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}}},
                // rampart:end
  };
  return json::serialize(document);
}

}  // namespace rampart::api
