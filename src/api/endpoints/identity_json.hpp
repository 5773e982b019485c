#pragma once
// The response shapes of the identity domain (SPEC §3): User, Role, token pair.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "api/http/http.hpp"
#include "application/common/token_pair.hpp"
#include "domain/role.hpp"
#include "domain/user.hpp"

namespace rampart::api {

// UserJson is a user as {id, email, displayName, emailVerified, locked, roles, createdAt,
// updatedAt}.
boost::json::object UserJson(const domain::User& user);
// UserJsonText is the same document as `serialize(UserJson(user))`, written straight into a
// string: no JSON tree, no per-field allocation. For the hot single-user answers (GET /users/me).
std::string UserJsonText(const domain::User& user);
// RoleJson is a role as {id, name, description, permissions, builtIn}.
boost::json::object RoleJson(const domain::Role& role);
// RoleListJson is `roles` as a JSON array of RoleJson.
boost::json::array RoleListJson(const std::vector<domain::Role>& roles);
// TokenPairJson is a token pair as {accessToken, refreshToken, tokenType: "Bearer", expiresIn}.
boost::json::object TokenPairJson(const application::TokenPair& tokens);
// TokenPairOk answers 200 with the token pair, no-store (RFC 6749 §5.1).
Response TokenPairOk(const application::TokenPair& tokens);

}  // namespace rampart::api
