#pragma once
#include <optional>
#include <string>

#include "application/common/paging.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/user.hpp"

namespace rampart::application {

using UserPage = Page<domain::User>;

inline constexpr int kDefaultUserPageSize = 20;
inline constexpr std::size_t kMaxUserSearchLength = 100;

// ListUsersQuery: GET /api/v1/users — live users, one page at a time with the exact total that
// matches. `sort` is one of createdAt, email, displayName, optionally prefixed with `-` for
// descending (default `-createdAt`); email and display name order ignore case.
struct ListUsersQuery {
  using Response = UserPage;
  static constexpr std::string_view kName = "users.list";
  static constexpr Requirement kRequires = Requirement::Permission(domain::permissions::kUsersRead);
  // The page and its total come from one read snapshot, so they agree.
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::optional<std::string> search;  // substring of e-mail or display name, any case
  std::optional<std::string> role;    // a role name
  std::optional<std::string> sort;
  std::optional<std::string> page;  // as received; 1-based
  std::optional<std::string> page_size;
};

// Validate names each bad parameter: page, pageSize, search (too long / control characters), role
// (unknown role names are not an error: they match nobody), sort (not in the list).
void Validate(const ListUsersQuery& query, Validation& validation);
domain::Result<UserPage> Handle(const ListUsersQuery& query, UseCaseContext& context);

}  // namespace rampart::application
