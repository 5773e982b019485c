#include "infrastructure/persistence/postgres/pg_user_repository.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "infrastructure/persistence/postgres/pg_error.hpp"
#include "infrastructure/persistence/postgres/pg_user_row.hpp"

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kSelectById{"users_by_id",
                                "SELECT " RAMPART_USER_COLUMNS
                                " FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL"};
constexpr Statement kSelectByEmail{"users_by_email",
                                   "SELECT " RAMPART_USER_COLUMNS
                                   " FROM users u WHERE lower(u.email) = lower($1)"
                                   " AND u.deleted_at IS NULL"};
// Locks the user row until the transaction ends (read-modify-write use cases).
constexpr Statement kSelectByIdForUpdate{"users_by_id_for_update",
                                         "SELECT " RAMPART_USER_COLUMNS
                                         " FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL"
                                         " FOR UPDATE"};
// Sent in the same pipeline as the user look-up: the role names of a user id, or of the live
// user with an e-mail address.
constexpr Statement kRolesById{"users_roles_by_id",
                               "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
                               " WHERE ur.user_id = $1 ORDER BY r.name"};
constexpr Statement kRolesByEmail{
    "users_roles_by_email",
    "SELECT r.name FROM users u JOIN user_roles ur ON ur.user_id = u.id"
    " JOIN roles r ON r.id = ur.role_id"
    " WHERE lower(u.email) = lower($1) AND u.deleted_at IS NULL ORDER BY r.name"};
// ON CONFLICT on the live-email index only: a duplicate id stays an error (a caller bug), and
// the transaction stays usable after a taken address.
constexpr Statement kInsert{
    "users_insert",
    "INSERT INTO users (id, email, display_name, password_hash, email_verified, locked,"
    " token_version, failed_logins, last_failed_login_at, locked_until, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9), to_timestamp($10),"
    " to_timestamp($11), to_timestamp($12))"
    " ON CONFLICT (lower(email)) WHERE deleted_at IS NULL DO NOTHING"};
constexpr Statement kSavepoint{"users_savepoint", "SAVEPOINT users_update"};
constexpr Statement kReleaseSavepoint{"users_release_savepoint", "RELEASE SAVEPOINT users_update"};
constexpr Statement kRollbackSavepoint{"users_rollback_savepoint",
                                       "ROLLBACK TO SAVEPOINT users_update"};
constexpr Statement kUpdate{
    "users_update",
    "UPDATE users SET email = $1, display_name = $2, password_hash = $3, email_verified = $4,"
    " locked = $5, token_version = $6, failed_logins = $7,"
    " last_failed_login_at = to_timestamp($8), locked_until = to_timestamp($9),"
    " updated_at = to_timestamp($10) WHERE id = $11 AND deleted_at IS NULL"};
constexpr Statement kDeleteRoles{"users_delete_roles", "DELETE FROM user_roles WHERE user_id = $1"};
constexpr Statement kInsertRoles{"users_insert_roles",
                                 "INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM "
                                 "roles WHERE name = ANY($2::text[])"};
constexpr Statement kPermissionsOf{"users_permissions_of",
                                   "SELECT DISTINCT rp.permission FROM user_roles ur"
                                   " JOIN role_permissions rp ON rp.role_id = ur.role_id"
                                   " WHERE ur.user_id = $1 ORDER BY rp.permission"};
constexpr Statement kCount{"users_count", "SELECT count(*) FROM users WHERE deleted_at IS NULL"};
constexpr Statement kNonAsciiEmails{"users_non_ascii_emails",
                                    "SELECT id, email FROM users WHERE deleted_at IS NULL"
                                    " AND octet_length(email) <> char_length(email)"
                                    " ORDER BY created_at, id"};
constexpr Statement kCountWithRole{"users_count_with_role",
                                   "SELECT count(*) FROM user_roles ur"
                                   " JOIN roles r ON r.id = ur.role_id"
                                   " JOIN users u ON u.id = ur.user_id"
                                   " WHERE r.name = $1 AND u.deleted_at IS NULL"};

constexpr Statement kCountActiveWithRole{"users_count_active_with_role",
                                         "SELECT count(*) FROM user_roles ur"
                                         " JOIN roles r ON r.id = ur.role_id"
                                         " JOIN users u ON u.id = ur.user_id"
                                         " WHERE r.name = $1 AND u.deleted_at IS NULL"
                                         " AND NOT u.locked"};
// Serialises "last administrator" guards: the second waits here for the first to commit, and
// its count (a new statement, so a new snapshot at READ COMMITTED) then sees that commit.
constexpr Statement kLockRole{"users_lock_role", "SELECT 1 FROM roles WHERE name = $1 FOR UPDATE"};
// Live users, kept exact by triggers (migration 0002): the unfiltered list's total.
constexpr Statement kLiveUsers{"users_live_count", "SELECT live FROM user_counts"};
constexpr Statement kSoftDelete{"users_soft_delete",
                                "UPDATE users SET deleted_at = to_timestamp($2),"
                                " updated_at = to_timestamp($2)"
                                " WHERE id = $1 AND deleted_at IS NULL"};
constexpr const char* kEmailTaken = "Email is already registered.";

std::optional<domain::User> ReadUser(const PgResult& user, const PgResult& roles) {
  if (user.Rows() == 0) return std::nullopt;
  domain::User result = UserAt(user, 0);
  for (int row = 0; row < roles.Rows(); ++row) result.roles.push_back(roles.Text(row, 0));
  return result;
}

// --- the users list -------------------------------------------------------------------------
// One statement per combination of search × role filter × order, sent unprepared so that each
// is planned for its actual values (a term matching 1 % of the users and one matching three
// need different plans; a cached generic plan cannot tell them apart). With a search term the
// matches are materialised once and give both the page and the total (count(*) OVER () under a
// LIMIT tempts the planner into walking the created_at index over every row: docs/postgres.md).
// Without one the page is read in index order and the total counted only when the page is full.
constexpr int kSortCount = 3 * 2;  // field × direction
// How a search term is matched (SearchKindOf).
enum class SearchKind { kNone, kContains, kAddress, kContainsWithSpace };
constexpr int kSearchKinds = 4;
constexpr int kFilterCount = kSearchKinds * 2;  // × role filter
constexpr int kListVariants = kFilterCount * kSortCount;

int SortIndex(const application::UserListQuery& query) {
  return static_cast<int>(query.sort) * 2 + (query.descending ? 1 : 0);
}

// ORDER BY for `alias` (a users row or one of the list's CTEs).
std::string OrderBy(int sort_index, const std::string& alias = "u") {
  static constexpr std::array<const char*, 3> kColumns{"%.created_at", "lower(%.email)",
                                                       "lower(%.display_name)"};
  std::string column = kColumns[sort_index / 2];
  column.replace(column.find('%'), 1, alias);
  const char* direction = sort_index % 2 ? " DESC" : " ASC";
  return " ORDER BY " + column + direction + ", " + alias + ".id" + direction;
}

// The filters over `users u`; parameters from $<next>: the search term, then the role name.
std::string Filters(SearchKind search, bool role, int& next) {
  std::string text = " WHERE u.deleted_at IS NULL";
  if (search == SearchKind::kContains) {
    // u.search is lower(email) || ' ' || lower(display_name), stored (migration 0002); the
    // parameter is the escaped '%term%' pattern.
    text += " AND u.search LIKE lower($" + std::to_string(next++) + ")";
  } else if (search == SearchKind::kContainsWithSpace) {
    // A term with a space could match across the ' ' that joins address and name in u.search
    // ("example.com ada"): the trigram index finds the candidates, the rest keeps only those
    // where the address or the name itself contains the term (as SQLite, and docs/users.md).
    const std::string pattern = "lower($" + std::to_string(next++) + ")";
    text += " AND u.search LIKE " + pattern + " AND (lower(u.email) LIKE " + pattern +
            " OR lower(u.display_name) LIKE " + pattern + ")";
  } else if (search == SearchKind::kAddress) {
    // The same matches as `u.search LIKE '%term%'` for a term with one '@', no space and no
    // LIKE wildcard (the parameter is the bare term): an address has exactly one '@', so the
    // term is inside it exactly when the local part ends with what precedes the term's '@' and
    // the domain starts with what follows it — two btree prefix look-ups (migration 0005)
    // instead of a trigram scan; and a term without a space cannot span the separator, so the
    // only other match is a display name that contains it (and so contains an '@').
    std::string term = "$";  // not "$" + to_string(): GCC 12 warns -Wrestrict on it falsely
    term += std::to_string(next++);
    text +=
        " AND ((reverse(split_part(lower(u.email), '@', 1)) LIKE reverse(split_part(lower(" + term +
        "), '@', 1)) || '%' AND split_part(lower(u.email), '@', 2) LIKE split_part(lower(" + term +
        "), '@', 2) || '%') OR (u.display_name LIKE '%@%' AND lower(u.display_name) LIKE '%' || "
        "lower(" +
        term + ") || '%'))";
  }
  if (role) {
    text +=
        " AND EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
        " WHERE ur.user_id = u.id AND r.name = $" +
        std::to_string(next++) + ")";
  }
  return text;
}

// kContainsWithSpace for a term with a space; kAddress for a term that looks like (part of) an
// e-mail address around its '@' ("ada@", "@example.org", "ada@example.org"): exactly one '@', no
// space, no LIKE wildcard or escape; kContains otherwise.
SearchKind SearchKindOf(std::string_view term) {
  if (term.empty()) return SearchKind::kNone;
  if (term.find(' ') != std::string_view::npos) return SearchKind::kContainsWithSpace;
  const bool address = std::count(term.begin(), term.end(), '@') == 1 &&
                       term.find_first_of("%_\\") == std::string_view::npos;
  return address ? SearchKind::kAddress : SearchKind::kContains;
}

// The role names of `u` as a text[] (NULL when none), sorted.
constexpr const char* kRoleNames =
    "(SELECT array_agg(r.name ORDER BY r.name) FROM user_roles ur JOIN roles r"
    " ON r.id = ur.role_id WHERE ur.user_id = u.id)";

struct ListStatements {
  std::array<std::string, kListVariants> list_sql;
  std::array<Statement, kListVariants> list;
  std::array<std::string, kFilterCount> count_sql;
  std::array<Statement, kFilterCount> count;
};

int FilterIndex(SearchKind search, bool role) {
  return static_cast<int>(search) * 2 + (role ? 1 : 0);
}

const ListStatements& UserListStatements() {
  static const ListStatements kStatements = [] {
    ListStatements s;
    for (int filter = 0; filter < kFilterCount; ++filter) {
      const auto kind = static_cast<SearchKind>(filter / 2);
      const bool search = kind != SearchKind::kNone;
      const bool role = filter & 1;
      int next = 1;
      const std::string where = Filters(kind, role, next);
      s.count_sql[filter] = "SELECT count(*) FROM users u" + where;
      s.count[filter] = {"users_list_count", s.count_sql[filter].c_str(), false};
      const std::string window =
          " LIMIT $" + std::to_string(next) + " OFFSET $" + std::to_string(next + 1);
      for (int sort = 0; sort < kSortCount; ++sort) {
        const int index = filter * kSortCount + sort;
        // The page's users (only the order's columns) are joined back to `users` for the rest,
        // with their role names: everything in one round trip.
        const std::string page_columns = " u.id, u.created_at, u.email, u.display_name";
        const std::string select = "SELECT " RAMPART_USER_COLUMNS ", " + std::string(kRoleNames);
        if (search) {
          // The matches are materialised once: the page is their top N, the total their count,
          // also when the page is past the end (the LEFT JOIN then yields one row of NULLs).
          s.list_sql[index] = "WITH m AS MATERIALIZED (SELECT" + page_columns + " FROM users u" +
                              where + "), p AS (SELECT u.* FROM m u" + OrderBy(sort) + window +
                              ") " + select +
                              ", c.n FROM (SELECT count(*) AS n FROM m) c"
                              " LEFT JOIN (p JOIN users u ON u.id = p.id) ON true" +
                              OrderBy(sort, "p");
        } else {
          s.list_sql[index] = "WITH p AS (SELECT" + page_columns + " FROM users u" + where +
                              OrderBy(sort) + window + ") " + select +
                              " FROM p JOIN users u ON u.id = p.id" + OrderBy(sort, "p");
        }
        s.list[index] = {"users_list", s.list_sql[index].c_str(), false};
      }
    }
    return s;
  }();
  return kStatements;
}

// `term` as a LIKE pattern matching it anywhere, literally (its wildcards escaped with \).
std::string ContainsPattern(std::string_view term) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace

domain::User UserAt(const PgResult& user, int row, int first) {
  return {.id = user.Text(row, first),
          .email = domain::Email::FromStored(user.Text(row, first + 1)),
          .display_name = user.Text(row, first + 2),
          .password_hash = user.Text(row, first + 3),
          .email_verified = user.Bool(row, first + 4),
          .locked = user.Bool(row, first + 5),
          .token_version = static_cast<int>(user.Int(row, first + 6)),
          .failed_logins = static_cast<int>(user.Int(row, first + 7)),
          .last_failed_login_at = user.OptionalTime(row, first + 8),
          .locked_until = user.OptionalTime(row, first + 9),
          .roles = {},
          .created_at = user.Time(row, first + 10),
          .updated_at = user.Time(row, first + 11)};
}

std::vector<std::string> ParseTextArray(std::string_view text) {
  std::vector<std::string> values;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
    throw std::runtime_error("PostgreSQL: unexpected text[] output");
  }
  text = text.substr(1, text.size() - 2);
  std::size_t i = 0;
  while (i < text.size()) {
    std::string value;
    if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i];
      }
      ++i;  // the closing quote
    } else {
      for (; i < text.size() && text[i] != ','; ++i) value += text[i];
    }
    values.push_back(std::move(value));
    if (i < text.size() && text[i] == ',') ++i;
  }
  return values;
}

std::optional<domain::User> PgUserRepository::FindById(std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  if (read_ahead_.user && read_ahead_.user->id == id) {
    auto user = std::move(read_ahead_.user);
    read_ahead_.user.reset();
    return user;
  }
  std::vector<Command> commands;
  commands.push_back({&kSelectById, ParamsOf(id)});
  commands.push_back({&kRolesById, ParamsOf(id)});
  const auto results = transaction_.Run(std::move(commands));
  return ReadUser(results[0], results[1]);
}

std::optional<domain::User> PgUserRepository::FindByIdForUpdate(std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  std::vector<Command> commands;
  commands.push_back({&kSelectByIdForUpdate, ParamsOf(id)});
  commands.push_back({&kRolesById, ParamsOf(id)});
  const auto results = transaction_.Run(std::move(commands));
  return ReadUser(results[0], results[1]);
}

std::optional<domain::User> PgUserRepository::FindByEmail(const domain::Email& email) {
  std::vector<Command> commands;
  commands.push_back({&kSelectByEmail, ParamsOf(email.value())});
  commands.push_back({&kRolesByEmail, ParamsOf(email.value())});
  const auto results = transaction_.Run(std::move(commands));
  return ReadUser(results[0], results[1]);
}

domain::Result<void> PgUserRepository::Add(const domain::User& user) {
  read_ahead_.ForgetUser();
  const auto inserted = transaction_.Query(
      kInsert,
      ParamsOf(user.id, user.email.value(), user.display_name, user.password_hash,
               user.email_verified, user.locked, user.token_version, user.failed_logins,
               user.last_failed_login_at, user.locked_until, user.created_at, user.updated_at));
  if (inserted.Affected() == 0) return domain::Fail(domain::Error::Conflict(kEmailTaken));
  return {};
}

domain::Result<void> PgUserRepository::Update(const domain::User& user) {
  read_ahead_.ForgetUser();
  // A taken address fails the UPDATE, which would abort the whole transaction: the savepoint
  // confines the failure to this call (one round trip when it succeeds).
  std::vector<Command> commands;
  commands.push_back({&kSavepoint, {}});
  commands.push_back(
      {&kUpdate, ParamsOf(user.email.value(), user.display_name, user.password_hash,
                          user.email_verified, user.locked, user.token_version, user.failed_logins,
                          user.last_failed_login_at, user.locked_until, user.updated_at, user.id)});
  commands.push_back({&kReleaseSavepoint, {}});
  long long changed = 0;
  try {
    changed = transaction_.Run(std::move(commands))[1].Affected();
  } catch (const PgError& error) {
    if (!error.IsUniqueViolation() || error.constraint() != "users_email_key") throw;
    transaction_.Query(kRollbackSavepoint, {});
    transaction_.Query(kReleaseSavepoint, {});
    return domain::Fail(domain::Error::Conflict(kEmailTaken));
  }
  if (changed == 0) return domain::Fail(domain::Error::NotFound("User not found."));
  return {};
}

void PgUserRepository::SetRoles(std::string_view user_id,
                                const std::vector<std::string>& role_names) {
  read_ahead_.ForgetUser();
  std::vector<std::string> names = role_names;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<Command> commands;
  commands.push_back({&kDeleteRoles, ParamsOf(user_id)});
  commands.push_back({&kInsertRoles, ParamsOf(user_id, TextArray(names))});
  const auto results = transaction_.Run(std::move(commands));
  if (results[1].Affected() != static_cast<long long>(names.size())) {
    throw std::invalid_argument("SetRoles: a named role does not exist");
  }
}

std::vector<std::string> PgUserRepository::PermissionsOf(std::string_view user_id) {
  std::vector<std::string> permissions;
  if (!IsUuid(user_id)) return permissions;
  if (read_ahead_.permissions && read_ahead_.permissions_user_id == user_id) {
    permissions = std::move(*read_ahead_.permissions);
    read_ahead_.permissions.reset();
    return permissions;
  }
  const auto result = transaction_.Query(kPermissionsOf, ParamsOf(user_id));
  for (int row = 0; row < result.Rows(); ++row) permissions.push_back(result.Text(row, 0));
  return permissions;
}

long long PgUserRepository::Count() { return transaction_.Query(kCount, {}).Int(0, 0); }

std::vector<application::StoredEmail> PgUserRepository::ListNonAsciiEmails() {
  const auto rows = transaction_.Query(kNonAsciiEmails, {});
  std::vector<application::StoredEmail> found;
  for (int row = 0; row < rows.Rows(); ++row) found.push_back({rows.Text(row, 0), rows.Text(row, 1)});
  return found;
}

long long PgUserRepository::CountWithRole(std::string_view role_name) {
  return transaction_.Query(kCountWithRole, ParamsOf(role_name)).Int(0, 0);
}

long long PgUserRepository::CountActiveWithRoleForUpdate(std::string_view role_name) {
  std::vector<Command> commands;
  commands.push_back({&kLockRole, ParamsOf(role_name)});
  commands.push_back({&kCountActiveWithRole, ParamsOf(role_name)});
  return transaction_.Run(std::move(commands))[1].Int(0, 0);
}

application::UserListPage PgUserRepository::List(const application::UserListQuery& query) {
  const SearchKind kind = SearchKindOf(query.search);
  const bool search = kind != SearchKind::kNone;
  const bool role = !query.role.empty();
  const auto& statements = UserListStatements();
  Params filters;
  if (kind == SearchKind::kContains || kind == SearchKind::kContainsWithSpace) {
    filters.push_back(Param(ContainsPattern(query.search)));
  }
  if (kind == SearchKind::kAddress) filters.push_back(Param(query.search));
  if (role) filters.push_back(Param(query.role));
  Params params = filters;
  params.push_back(Param(std::max(query.limit, 0)));
  params.push_back(Param(std::max(query.offset, 0)));

  const int filter = FilterIndex(kind, role);
  // Unfiltered, the total is the trigger-maintained count, read in the same round trip.
  const bool everyone = !search && !role;
  std::vector<Command> commands;
  commands.push_back({&statements.list[filter * kSortCount + SortIndex(query)], std::move(params)});
  if (everyone) commands.push_back({&kLiveUsers, {}});
  const auto results = transaction_.Run(std::move(commands));
  const auto& rows = results[0];
  application::UserListPage page;
  for (int row = 0; row < rows.Rows(); ++row) {
    if (rows.IsNull(row, 0)) continue;  // a search past the end: the count alone
    page.items.push_back(UserAt(rows, row));
    if (!rows.IsNull(row, 12)) page.items.back().roles = ParseTextArray(rows.Text(row, 12));
  }
  const auto listed = static_cast<long long>(page.items.size());
  if (search) {
    page.total = rows.Rows() > 0 ? rows.Int(0, 13) : 0;  // counted over the materialised matches
  } else if (everyone) {
    page.total = results[1].Int(0, 0);
  } else if (listed < query.limit && (listed > 0 || query.offset == 0)) {
    page.total = query.offset + listed;  // a short page holds the last matches
  } else {
    page.total = transaction_.Query(statements.count[filter], std::move(filters)).Int(0, 0);
  }
  return page;
}

bool PgUserRepository::SoftDelete(std::string_view id, domain::TimePoint at) {
  read_ahead_.ForgetUser();
  if (!IsUuid(id)) return false;
  return transaction_.Query(kSoftDelete, ParamsOf(id, at)).Affected() > 0;
}

}  // namespace rampart::infrastructure::postgres
