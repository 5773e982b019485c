#pragma once
// The users row as the PostgreSQL adapter selects and reads it (shared by the repositories that
// read a user in the same statement as something else).
#include <string>
#include <string_view>
#include <vector>

#include "domain/user.hpp"
#include "infrastructure/persistence/postgres/pg_result.hpp"

// The user's columns of `users u`, in the order UserAt reads them (12 columns).
#define RAMPART_USER_COLUMNS                                                               \
  "u.id, u.email, u.display_name, u.password_hash, u.email_verified, u.locked,"            \
  " u.token_version, u.failed_logins, extract(epoch from u.last_failed_login_at)::bigint," \
  " extract(epoch from u.locked_until)::bigint, extract(epoch from u.created_at)::bigint," \
  " extract(epoch from u.updated_at)::bigint"

namespace rampart::infrastructure::postgres {

inline constexpr int kUserColumnCount = 12;

// UserAt returns the user in RAMPART_USER_COLUMNS starting at `first_column` of `row` (no roles).
domain::User UserAt(const PgResult& result, int row, int first_column = 0);

// ParseTextArray returns a text[] in PostgreSQL's output syntax ({a,"b c","d\"e"}) as strings; NULL
// elements are not expected (role and permission names are NOT NULL).
std::vector<std::string> ParseTextArray(std::string_view text);

}  // namespace rampart::infrastructure::postgres
