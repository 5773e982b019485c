#include "api/endpoints/identity_json.hpp"

#include <boost/json.hpp>

#include "api/endpoints/json_io.hpp"
#include "common/json_escape.hpp"

namespace rampart::api {

namespace json = boost::json;

json::object RoleJson(const domain::Role& role) {
  json::array permissions;
  for (const auto& name : role.permissions) permissions.emplace_back(name);
  return {{"id", role.id},
          {"name", role.name},
          {"description", role.description},
          {"permissions", std::move(permissions)},
          {"builtIn", role.built_in}};
}

json::object UserJson(const domain::User& user) {
  json::array roles;
  for (const auto& role : user.roles) roles.emplace_back(role);
  return {{"id", user.id},
          {"email", user.email.value()},
          {"displayName", user.display_name},
          {"emailVerified", user.email_verified},
          {"locked", user.locked},
          {"roles", std::move(roles)},
          {"createdAt", domain::FormatRfc3339(user.created_at)},
          {"updatedAt", domain::FormatRfc3339(user.updated_at)}};
}

std::string UserJsonText(const domain::User& user) {
  std::string out;
  out.reserve(192 + user.id.size() + user.email.value().size() + user.display_name.size() +
              16 * user.roles.size());
  out.append(R"({"id":)");
  log::AppendJsonString(out, user.id);
  out.append(R"(,"email":)");
  log::AppendJsonString(out, user.email.value());
  out.append(R"(,"displayName":)");
  log::AppendJsonString(out, user.display_name);
  out.append(R"(,"emailVerified":)").append(user.email_verified ? "true" : "false");
  out.append(R"(,"locked":)").append(user.locked ? "true" : "false");
  out.append(R"(,"roles":[)");
  for (std::size_t i = 0; i < user.roles.size(); ++i) {
    if (i > 0) out.push_back(',');
    log::AppendJsonString(out, user.roles[i]);
  }
  out.append(R"(],"createdAt":")");
  domain::AppendRfc3339(out, user.created_at);
  out.append(R"(","updatedAt":")");
  domain::AppendRfc3339(out, user.updated_at);
  out.append(R"("})");
  return out;
}

json::array RoleListJson(const std::vector<domain::Role>& roles) {
  json::array items;
  for (const auto& role : roles) items.push_back(RoleJson(role));
  return items;
}

json::object TokenPairJson(const application::TokenPair& tokens) {
  return {{"accessToken", tokens.access_token},
          {"refreshToken", tokens.refresh_token},
          {"tokenType", "Bearer"},
          {"expiresIn", tokens.expires_in.count()}};
}

Response TokenPairOk(const application::TokenPair& tokens) {
  auto response = JsonResponse(200, TokenPairJson(tokens));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace rampart::api
