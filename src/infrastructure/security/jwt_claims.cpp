#include "infrastructure/security/jwt_claims.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>

namespace rampart::infrastructure {
namespace {

namespace json = boost::json;
using application::AccessClaims;
using domain::Error;
using domain::Fail;

Error Invalid() { return Error::Unauthorized("invalid token"); }

std::int64_t SecondsOf(domain::TimePoint t) { return t.time_since_epoch().count(); }

// A NumericDate that we issue: a JSON integer that fits a signed 64-bit count of seconds.
std::optional<std::int64_t> IntegerOf(const json::value& value) {
  if (const auto* i = value.if_int64()) return *i;
  if (const auto* u = value.if_uint64(); u != nullptr && *u <= INT64_MAX) {
    return static_cast<std::int64_t>(*u);
  }
  return std::nullopt;
}

std::optional<std::string> NonEmptyString(const json::object& payload, std::string_view name) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr || !value->is_string() || value->get_string().empty()) return std::nullopt;
  return std::string(value->get_string());
}

// An absent list is empty; a present one must hold only strings.
bool ReadStringArray(const json::object& payload, std::string_view name,
                     std::vector<std::string>& out) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) return true;
  const auto* array = value->if_array();
  if (array == nullptr) return false;
  out.reserve(array->size());
  for (const auto& item : *array) {
    if (!item.is_string()) return false;
    out.emplace_back(item.get_string());
  }
  return true;
}

bool AudienceMatches(const json::value& aud, std::string_view audience) {
  if (const auto* single = aud.if_string()) return *single == audience;
  if (const auto* many = aud.if_array()) {
    for (const auto& item : *many) {
      if (const auto* s = item.if_string(); s != nullptr && *s == audience) return true;
    }
  }
  return false;
}

json::array ToJsonArray(const std::vector<std::string>& items) {
  json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

// RFC 6749 §3.3 / RFC 9068 §2.2.3: `scope` is one string of space-separated names.
std::string JoinScope(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) {
    if (!joined.empty()) joined += ' ';
    joined += name;
  }
  return joined;
}

// The names of a `scope` claim, sorted and distinct; nullopt when one is empty.
std::optional<std::vector<std::string>> SplitScope(std::string_view scope) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= scope.size()) {
    const auto end = std::min(scope.find(' ', start), scope.size());
    if (end == start) return std::nullopt;
    names.emplace_back(scope.substr(start, end - start));
    start = end + 1;
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace

std::string EncodeAccessPayload(const AccessClaims& claims, std::string_view issuer,
                                std::string_view audience) {
  if (claims.kind == domain::PrincipalKind::kServiceAccount) {
    // RFC 9068: `client_id`; no session (`sid`), the account's token version in `ver`.
    json::object payload{
        {"iss", issuer},
        {"sub", claims.subject},
        {"aud", audience},
        {"exp", SecondsOf(claims.expires_at)},
        {"iat", SecondsOf(claims.issued_at)},
        {"nbf", SecondsOf(claims.issued_at)},
        {"jti", claims.token_id},
        {"client_id", claims.client_id},
        {"ver", claims.token_version},
        {"roles", ToJsonArray(claims.roles)},
        {"perm", ToJsonArray(claims.permissions)},
    };
    if (claims.scope) payload["scope"] = JoinScope(*claims.scope);
    return json::serialize(payload);
  }
  return json::serialize(json::object{
      {"iss", issuer},
      {"sub", claims.subject},
      {"aud", audience},
      {"exp", SecondsOf(claims.expires_at)},
      {"iat", SecondsOf(claims.issued_at)},
      {"nbf", SecondsOf(claims.issued_at)},
      {"jti", claims.token_id},
      {"sid", claims.session_id},
      {"ver", claims.token_version},
      {"roles", ToJsonArray(claims.roles)},
      {"perm", ToJsonArray(claims.permissions)},
      {"amr", ToJsonArray(claims.amr)},
  });
}

domain::Result<AccessClaims> DecodeAccessPayload(std::string_view payload_json,
                                                 const ClaimRules& rules) {
  json::parse_options options;
  options.max_depth = 8;
  boost::system::error_code error;
  const json::value parsed = json::parse(payload_json, error, {}, options);
  if (error) return Fail(Invalid());
  const auto* payload = parsed.if_object();
  if (payload == nullptr) return Fail(Invalid());

  const auto* iss = payload->if_contains("iss");
  if (iss == nullptr || !iss->is_string() || iss->get_string() != rules.issuer) {
    return Fail(Invalid());
  }
  const auto* aud = payload->if_contains("aud");
  if (aud == nullptr || !AudienceMatches(*aud, rules.audience)) return Fail(Invalid());

  // Compared as integers with the leeway moved to the constant side: no overflow for any
  // int64 claim value (now ± leeway is far from the int64 limits).
  const std::int64_t now = SecondsOf(rules.now);
  const std::int64_t leeway = rules.leeway.count();
  const auto* exp_value = payload->if_contains("exp");
  const auto exp = exp_value == nullptr ? std::nullopt : IntegerOf(*exp_value);
  if (!exp) return Fail(Invalid());
  if (*exp <= now - leeway) return Fail(Error::Unauthorized("token expired"));

  AccessClaims claims;
  claims.expires_at = domain::TimePoint(std::chrono::seconds(*exp));
  for (const char* name : {"nbf", "iat"}) {
    const auto* value = payload->if_contains(name);
    if (value == nullptr) continue;
    const auto seconds = IntegerOf(*value);
    if (!seconds) return Fail(Invalid());
    if (*seconds > now + leeway) return Fail(Error::Unauthorized("token not yet valid"));
    if (std::string_view(name) == "iat") {
      claims.issued_at = domain::TimePoint(std::chrono::seconds(*seconds));
    }
  }

  auto subject = NonEmptyString(*payload, "sub");
  if (!subject) return Fail(Invalid());
  claims.subject = std::move(*subject);
  if (payload->contains("client_id")) {
    // A service account's token: a client id, never a session.
    auto client_id = NonEmptyString(*payload, "client_id");
    if (!client_id || payload->contains("sid")) return Fail(Invalid());
    claims.kind = domain::PrincipalKind::kServiceAccount;
    claims.client_id = std::move(*client_id);
    if (const auto* scope = payload->if_contains("scope")) {
      if (!scope->is_string()) return Fail(Invalid());
      claims.scope = SplitScope(scope->get_string());
      if (!claims.scope) return Fail(Invalid());
    }
  } else {
    auto session = NonEmptyString(*payload, "sid");
    if (!session) return Fail(Invalid());
    claims.session_id = std::move(*session);
  }

  const auto* ver_value = payload->if_contains("ver");
  const auto ver = ver_value == nullptr ? std::nullopt : IntegerOf(*ver_value);
  if (!ver || *ver < INT_MIN || *ver > INT_MAX) return Fail(Invalid());
  claims.token_version = static_cast<int>(*ver);

  if (const auto* jti = payload->if_contains("jti")) {
    if (!jti->is_string()) return Fail(Invalid());
    claims.token_id = std::string(jti->get_string());
  }
  if (!ReadStringArray(*payload, "roles", claims.roles) ||
      !ReadStringArray(*payload, "perm", claims.permissions) ||
      !ReadStringArray(*payload, "amr", claims.amr)) {
    return Fail(Invalid());
  }
  return claims;
}

}  // namespace rampart::infrastructure
