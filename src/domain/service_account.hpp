#pragma once
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace rampart::domain {

// ServiceAccount is a principal for a program rather than a person: roles like a user, but no
// password, no e-mail address and no sessions. It authenticates with client credentials (RFC 6749
// §4.4): `client_id` and a secret of which only the SHA-256 is kept. `token_version` is its
// security stamp: disabling it or rotating its secret bumps it, and every access token issued
// before stops working at once.
struct ServiceAccount {
  std::string id;  // UUID; the `sub` of its access tokens
  std::string name;
  std::string description;
  std::string client_id;    // public: rpsa_<20 base62 characters>
  std::string secret_hash;  // lower-case hex SHA-256 of the client secret
  bool disabled = false;
  int token_version = 1;
  std::vector<std::string> roles;  // role names, filled by the repository
  TimePoint created_at{};
  TimePoint updated_at{};
};

}  // namespace rampart::domain
