#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/email.hpp"
#include "domain/time.hpp"

namespace rampart::domain {

// User is a user account. `token_version` is the security stamp: bumping it makes every access
// token issued before the bump stop working (logout-all, password change, reset).
struct User {
  std::string id;  // UUID
  Email email;
  std::string display_name;
  std::string password_hash;  // PHC string (Argon2id)
  bool email_verified = false;
  bool locked = false;
  int token_version = 1;
  int failed_logins = 0;
  std::optional<TimePoint> last_failed_login_at;
  std::optional<TimePoint> locked_until;  // brute-force lockout (temporary), unlike `locked`
  std::vector<std::string> roles;         // role names, filled by the repository
  TimePoint created_at{};
  TimePoint updated_at{};
};

inline constexpr std::size_t kMaxDisplayNameLength = 100;

// ParseDisplayName validates a display name: 1..100 characters after trimming spaces and tabs, and
// text a reader can trust (domain/plain_text.hpp: no controls, bidirectional controls or BOM,
// something visible).
Result<std::string> ParseDisplayName(std::string_view raw);

}  // namespace rampart::domain
