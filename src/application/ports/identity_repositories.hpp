#pragma once
// The identity domain's persistence ports (users, roles, sessions, failed-login counters); the
// platform's are in repositories.hpp, which includes this file. Adapters (SQLite, PostgreSQL)
// implement them and pass the shared contract suite (tests/integration/repository_contract.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/errors.hpp"
#include "domain/lockout_policy.hpp"
#include "domain/role.hpp"
#include "domain/session.hpp"
#include "domain/user.hpp"

namespace rampart::application {
// UserListQuery: filters, order and window of the admin users list (GET /api/v1/users).
struct UserListQuery {
  enum class SortField { kCreatedAt, kEmail, kDisplayName };
  // Case-insensitive (ASCII) substring of the e-mail address or the display name; empty: any.
  // Matched literally: `%`, `_` and `\` are not wildcards.
  std::string search;
  std::string role;  // a role name the user must hold; empty: any
  SortField sort = SortField::kCreatedAt;
  bool descending = true;  // ties are broken by id in the same direction
  int limit = 20;
  int offset = 0;
};

struct UserListPage {
  std::vector<domain::User> items;  // with `roles` filled
  long long total = 0;              // every live user matching the filters (exact)
};

// StoredEmail is a live user's address as stored (NormaliseStoredEmails).
struct StoredEmail {
  std::string user_id;
  std::string email;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // FindById: users come back with `roles` filled.
  virtual std::optional<domain::User> FindById(std::string_view id) = 0;
  // FindByIdForUpdate: FindById for a read-modify-write in a write unit of work (failed-login
  // counting): the row stays locked until the unit of work ends, so concurrent ones serialise
  // instead of losing an update (SQLite's single writer does that anyway; PostgreSQL takes a row
  // lock).
  virtual std::optional<domain::User> FindByIdForUpdate(std::string_view id) = 0;
  virtual std::optional<domain::User> FindByEmail(const domain::Email& email) = 0;
  // Add: kConflict when the email is taken (case-insensitively).
  virtual domain::Result<void> Add(const domain::User& user) = 0;
  // Update writes every field except `id`, `created_at` and `roles`. kConflict on a taken email,
  // kNotFound when the user does not exist.
  virtual domain::Result<void> Update(const domain::User& user) = 0;
  // SetRoles replaces the user's roles by the given role names (all must exist).
  virtual void SetRoles(std::string_view user_id, const std::vector<std::string>& role_names) = 0;
  // PermissionsOf returns distinct permission names granted through the user's roles, sorted.
  virtual std::vector<std::string> PermissionsOf(std::string_view user_id) = 0;
  virtual long long Count() = 0;
  // CountWithRole counts users (not deleted) holding the role with this name.
  virtual long long CountWithRole(std::string_view role_name) = 0;
  // CountActiveWithRoleForUpdate counts users holding the role who can sign in (not deleted, not
  // locked by an administrator), for "is this the last administrator?" guards. In a write unit of
  // work it serialises with other callers for the same role until the unit of work ends
  // (PostgreSQL: a row lock on the role; SQLite's single writer does it anyway), so two concurrent
  // guards cannot both pass.
  virtual long long CountActiveWithRoleForUpdate(std::string_view role_name) = 0;
  // ListNonAsciiEmails: live users whose stored address has a non-ASCII character: the only ones an
  // earlier version may have stored out of today's normal form (it lower-cased ASCII only).
  virtual std::vector<StoredEmail> ListNonAsciiEmails() = 0;
  // List returns one page of live users matching `query`, and how many match in all.
  virtual UserListPage List(const UserListQuery& query) = 0;
  // SoftDelete: the row stays (audit trail, foreign keys) but becomes invisible to every look-up,
  // its e-mail address free for a new account. False when no live user has this id.
  virtual bool SoftDelete(std::string_view id, domain::TimePoint at) = 0;
};

class RoleRepository {
 public:
  virtual ~RoleRepository() = default;
  virtual std::optional<domain::Role> FindByName(std::string_view name) = 0;
  // FindByNameForUpdate: FindByName for a read-modify-write in a write unit of work (the start-up
  // sync of the built-in roles): the role's row stays locked until the unit of work ends, and a
  // transaction changing it is waited for and its result read, so two concurrent callers do not
  // both act on the old state (PostgreSQL: FOR UPDATE; SQLite's single writer serialises them
  // anyway).
  virtual std::optional<domain::Role> FindByNameForUpdate(std::string_view name) = 0;
  // FindById returns nullopt for an unknown id (or one that is not a UUID).
  virtual std::optional<domain::Role> FindById(std::string_view id) = 0;
  // FindByIdForUpdate: FindById for a decision on the role's current grants and a change of the
  // role in the same write unit of work (the no-escalation rule): the row stays locked until the
  // unit of work ends, and a transaction changing the role or its grants is waited for and its
  // result read (PostgreSQL: FOR UPDATE; SQLite's single writer serialises them anyway).
  virtual std::optional<domain::Role> FindByIdForUpdate(std::string_view id) = 0;
  virtual std::vector<domain::Role> List() = 0;
  // LockExisting returns the names among `names` that name a role (sorted, distinct). Each such
  // role is kept from being deleted or renamed until the unit of work ends (FOR SHARE on
  // PostgreSQL; SQLite's single writer serialises write units anyway): a role validated this way
  // can be assigned.
  virtual std::vector<std::string> LockExisting(const std::vector<std::string>& names) = 0;
  // Add inserts a new role (with the given id) and its grants. kConflict when the name is taken.
  // Every permission must be in the catalogue table.
  virtual domain::Result<void> Add(const domain::Role& role) = 0;
  // Update writes `name`, `description` (not built_in, not the grants). kConflict when the new name
  // is taken by another role, kNotFound when the role does not exist.
  virtual domain::Result<void> Update(const domain::Role& role) = 0;
  // SetPermissions replaces the role's grants by these permission names (all in the catalogue
  // table).
  virtual void SetPermissions(std::string_view role_id,
                              const std::vector<std::string>& permissions) = 0;
  // Remove deletes the role with its grants and its assignments to users. False for an unknown id.
  virtual bool Remove(std::string_view role_id) = 0;
  // Upsert inserts the role or, when one with that name exists, updates description/built_in and
  // replaces its permissions. Returns the stored role (with its id).
  virtual domain::Role Upsert(const domain::Role& role) = 0;
  // SyncPermissions makes the permission table equal to the catalogue declared in code (adds new
  // ones, updates descriptions, removes unknown ones together with their grants).
  virtual void SyncPermissions() = 0;
};

// AccessState: what the per-request access-token check needs to know, read in one round trip: the
// session's user and whether that user and the session still honour tokens.
struct AccessState {
  std::string user_id;
  int token_version = 0;
  bool user_locked = false;  // locked by an administrator
  std::optional<domain::TimePoint> session_revoked_at;
  domain::TimePoint session_idle_expires_at{};
  domain::TimePoint session_absolute_expires_at{};
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual void Add(const domain::Session& session) = 0;
  virtual std::optional<domain::Session> FindById(std::string_view id) = 0;
  // Update writes last_used_at, idle_expires_at, revoked_at, revoked_reason.
  virtual void Update(const domain::Session& session) = 0;
  // ListByUser returns active and inactive sessions of a user, newest first.
  virtual std::vector<domain::Session> ListByUser(std::string_view user_id) = 0;
  // RevokeAllForUser revokes every not-yet-revoked session of the user; returns how many.
  virtual int RevokeAllForUser(std::string_view user_id, domain::TimePoint at,
                               std::string_view reason) = 0;
  // FindAccessState returns the session with its user's token state; nullopt when the session does
  // not exist or its user is deleted. Runs on every authenticated request: one indexed join.
  virtual std::optional<AccessState> FindAccessState(std::string_view session_id) = 0;

  virtual void AddRefreshToken(const domain::RefreshToken& token) = 0;
  virtual std::optional<domain::RefreshToken> FindRefreshToken(std::string_view token_hash) = 0;
  // SpendRefreshToken marks the token spent only if it was not spent yet; false when someone else
  // spent it first (two concurrent refreshes with one token: exactly one wins).
  virtual bool SpendRefreshToken(std::string_view token_hash, domain::TimePoint at) = 0;
};

// AddressFailureRepository: failed-login counters of addresses that have no account
// (domain::AddressFailures, keyed by its `key`): an unknown address is locked out like an account,
// so the lockout does not tell which addresses have one.
class AddressFailureRepository {
 public:
  virtual ~AddressFailureRepository() = default;
  // Find returns the address's counter; nullopt when it has none.
  virtual std::optional<domain::AddressFailures> Find(std::string_view key) = 0;
  // FindForUpdate: Find for a read-modify-write in a write unit of work (counting a failure): until
  // the unit of work ends, another FindForUpdate of the same key waits and then reads what this one
  // saved, also while the counter does not exist yet, so concurrent failures of one address
  // serialise instead of losing a count (PostgreSQL: a transaction-scoped advisory lock on the key;
  // SQLite's single writer serialises them anyway).
  virtual std::optional<domain::AddressFailures> FindForUpdate(std::string_view key) = 0;
  // Save inserts the counter or overwrites the one with its key. It has a last failure.
  virtual void Save(const domain::AddressFailures& counter) = 0;
  // DeleteOlderThan deletes at most `limit` counters whose last failure is before `bound` (never
  // one at or after it), walking the index on that time; returns how many went. Counters another
  // transaction is deleting or writing at the same moment are skipped, not waited for (PostgreSQL;
  // SQLite's single writer serialises them).
  virtual int DeleteOlderThan(domain::TimePoint bound, int limit) = 0;
};

}  // namespace rampart::application
