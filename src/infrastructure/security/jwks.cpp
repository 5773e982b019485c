#include "infrastructure/security/jwks.hpp"

#include <boost/json.hpp>

namespace rampart::infrastructure {
namespace {

namespace json = boost::json;

std::string_view StringMember(const json::object& key, std::string_view name) {
  const auto* value = key.if_contains(name);
  if (value == nullptr || !value->is_string()) return {};
  return value->get_string();
}

// A member that, when present, must be this string.
bool AbsentOr(const json::object& key, std::string_view name, std::string_view expected) {
  const auto* value = key.if_contains(name);
  return value == nullptr || (value->is_string() && value->get_string() == expected);
}

}  // namespace

const Es256PublicKey* JwksKeys::Find(std::string_view kid) const {
  const auto found = by_kid.find(kid);
  return found == by_kid.end() ? nullptr : found->second.get();
}

std::expected<JwksKeys, std::string> ParseJwks(std::string_view text) {
  json::parse_options options;
  options.max_depth = 8;
  boost::system::error_code error;
  const json::value document = json::parse(text, error, {}, options);
  if (error) return std::unexpected("the JWKS is not JSON: " + error.message());
  const auto* object = document.if_object();
  const auto* keys = object == nullptr ? nullptr : object->if_contains("keys");
  if (keys == nullptr || !keys->is_array()) {
    return std::unexpected("the JWKS has no \"keys\" array");
  }
  if (keys->get_array().size() > kMaxJwksKeys) {
    return std::unexpected("the JWKS has more than " + std::to_string(kMaxJwksKeys) + " keys");
  }

  JwksKeys out;
  for (const auto& item : keys->get_array()) {
    const auto* key = item.if_object();
    if (key == nullptr) return std::unexpected("a JWKS key is not an object");
    const std::string_view kid = StringMember(*key, "kid");
    // The algorithm belongs to the key: only P-256 keys meant for ES256 signatures verify.
    if (kid.empty() || StringMember(*key, "kty") != "EC" || StringMember(*key, "crv") != "P-256" ||
        !AbsentOr(*key, "alg", "ES256") || !AbsentOr(*key, "use", "sig")) {
      ++out.skipped;
      continue;
    }
    if (key->contains("d")) return std::unexpected("JWKS key " + std::string(kid) + " is private");
    auto parsed =
        Es256PublicKey::FromJwkCoordinates(StringMember(*key, "x"), StringMember(*key, "y"));
    if (!parsed) {
      return std::unexpected("JWKS key " + std::string(kid) + " is not a P-256 public key");
    }
    const bool added =
        out.by_kid
            .emplace(std::string(kid), std::make_shared<const Es256PublicKey>(std::move(*parsed)))
            .second;
    if (!added) return std::unexpected("the JWKS repeats the kid " + std::string(kid));
  }
  return out;
}

}  // namespace rampart::infrastructure
