#pragma once
// How cached entities are written into cache values: a compact, length-prefixed encoding
// (std only: the application layer has no JSON library). Secrets never enter the cache: a
// cached user carries no password hash and no brute-force counters.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/api_key.hpp"
#include "domain/service_account.hpp"
#include "domain/session.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// EncodeUser returns the user as /users/me and authorisation need it: every field except
// password_hash, failed_logins, last_failed_login_at and locked_until.
std::string EncodeUser(const domain::User& user);
// DecodeUser returns nullopt for a value this version cannot read (treated as a miss).
std::optional<domain::User> DecodeUser(std::string_view value);

// EncodeSession returns the session's identity and validity: id, user, created, last used,
// expiries, revocation.
std::string EncodeSession(const domain::Session& session);
std::optional<domain::Session> DecodeSession(std::string_view value);

// EncodeServiceAccount returns what the token check needs of a service account: id, name, client
// id, disabled, token version (no secret hash, no roles).
std::string EncodeServiceAccount(const domain::ServiceAccount& account);
std::optional<domain::ServiceAccount> DecodeServiceAccount(std::string_view value);

// EncodeApiKey returns an API key's identity and validity: id, owner, permissions, expiry,
// revocation (no secret hash, no last use).
std::string EncodeApiKey(const domain::ApiKey& key);
std::optional<domain::ApiKey> DecodeApiKey(std::string_view value);

std::string EncodeNames(const std::vector<std::string>& names);
std::optional<std::vector<std::string>> DecodeNames(std::string_view value);

}  // namespace rampart::application
