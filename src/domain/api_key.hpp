#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/principal.hpp"
#include "domain/time.hpp"

namespace rampart::domain {

// ApiKey is a long-lived personal credential of a user or a service account, presented as
// `Authorization: Bearer rp_…` or `X-API-Key: rp_…` (domain/credential_format.hpp). Only the
// SHA-256 of the whole key is kept. It acts as its owner, within `permissions` when set: a
// request's permissions are the owner's *current* ones intersected with these, so a key never
// does more than its owner may do now.
struct ApiKey {
  std::string id;           // UUID
  std::string public_id;    // the <public id> of rp_<public id>_<secret><checksum>
  std::string secret_hash;  // lower-case hex SHA-256 of the whole key
  std::string name;
  PrincipalKind owner_kind = PrincipalKind::kUser;
  std::string owner_id;
  std::optional<std::vector<std::string>> permissions;  // sorted; nullopt: all of the owner's
  std::optional<TimePoint> expires_at;                  // nullopt: until revoked
  TimePoint created_at{};
  std::optional<TimePoint> revoked_at;
  std::optional<TimePoint> last_used_at;  // recorded in batches (ApiKeyUsage), not per request
  std::string last_used_ip;

  bool IsActive(TimePoint now) const { return !revoked_at && (!expires_at || now < *expires_at); }
};

}  // namespace rampart::domain
