#include "infrastructure/security/key_manifest.hpp"

#include <boost/json.hpp>

namespace rampart::infrastructure {
namespace json = boost::json;
namespace {

constexpr std::int64_t kVersion = 1;
constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

json::value TimeOrNull(const std::optional<domain::TimePoint>& time) {
  if (!time) return nullptr;
  return json::string(domain::FormatRfc3339(*time));
}

const json::string& RequiredString(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    throw KeyError("key manifest: an entry has no string \"" + std::string(name) + "\"");
  }
  return value->get_string();
}

std::optional<domain::TimePoint> OptionalTime(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  const auto time = value->is_string() ? domain::ParseRfc3339(value->get_string()) : std::nullopt;
  if (!time) throw KeyError("key manifest: \"" + std::string(name) + "\" is not an RFC 3339 time");
  return time;
}

}  // namespace

std::string EncodeManifest(const KeySet& set, KeyMaterial material) {
  json::array keys;
  for (const auto& entry : set.keys) {
    json::object item{{"kid", entry.Kid()},
                      {"alg", ToString(entry.key->Algorithm())},
                      {"state", ToString(entry.state)},
                      {"createdAt", domain::FormatRfc3339(entry.created_at)},
                      {"activatedAt", TimeOrNull(entry.activated_at)},
                      {"retiredAt", TimeOrNull(entry.retired_at)}};
    if (material == KeyMaterial::kIncluded) item["privateKeyPem"] = entry.key->PrivateKeyPem();
    keys.push_back(std::move(item));
  }
  return json::serialize(json::object{{"version", kVersion}, {"keys", std::move(keys)}}) + "\n";
}

std::vector<ManifestEntry> DecodeManifest(std::string_view text) {
  boost::system::error_code error;
  const json::value document = json::parse(text, error);
  if (error || !document.is_object()) throw KeyError("key manifest: not a JSON object");
  const auto& root = document.get_object();
  const auto* version = root.if_contains("version");
  if (version == nullptr || !version->is_int64() || version->get_int64() != kVersion) {
    throw KeyError("key manifest: unknown version (this binary reads version 1)");
  }
  const auto* keys = root.if_contains("keys");
  if (keys == nullptr || !keys->is_array()) throw KeyError("key manifest: no \"keys\" array");
  std::vector<ManifestEntry> entries;
  for (const auto& item : keys->get_array()) {
    if (!item.is_object()) throw KeyError("key manifest: an entry is not an object");
    const auto& object = item.get_object();
    ManifestEntry entry;
    entry.kid = std::string(RequiredString(object, "kid"));
    // A kid names a file (<kid>.pem): base64url characters only, never a path.
    const bool base64url = !entry.kid.empty() && entry.kid.size() <= 64 &&
                           entry.kid.find_first_not_of(kBase64UrlAlphabet) == std::string::npos;
    if (!base64url) throw KeyError("key manifest: a kid is not base64url text");
    const auto algorithm = ParseSigningAlgorithm(RequiredString(object, "alg"));
    if (!algorithm) throw KeyError("key manifest: key " + entry.kid + " has an unknown alg");
    entry.algorithm = *algorithm;
    const auto state = ParseKeyState(RequiredString(object, "state"));
    if (!state) throw KeyError("key manifest: key " + entry.kid + " has an unknown state");
    entry.state = *state;
    const auto created = OptionalTime(object, "createdAt");
    if (!created) throw KeyError("key manifest: key " + entry.kid + " has no createdAt");
    entry.created_at = *created;
    entry.activated_at = OptionalTime(object, "activatedAt");
    entry.retired_at = OptionalTime(object, "retiredAt");
    if (const auto* pem = object.if_contains("privateKeyPem"); pem != nullptr) {
      if (!pem->is_string())
        throw KeyError("key manifest: key " + entry.kid + "'s privateKeyPem is not a string");
      entry.private_key_pem = std::string(pem->get_string());
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace rampart::infrastructure
