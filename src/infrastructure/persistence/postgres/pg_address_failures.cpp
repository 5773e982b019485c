#include "infrastructure/persistence/postgres/pg_address_failures.hpp"

#include <algorithm>

namespace rampart::infrastructure::postgres {

namespace {

// The two-key advisory lock (class, hashtext(key)): the first key, an arbitrary constant
// ("addr"), keeps these apart from other advisory locks; a hash collision between two
// addresses only makes them wait for each other.
constexpr Statement kLock{"address_failures_lock",
                          "SELECT pg_advisory_xact_lock(1633969266, hashtext($1))"};
constexpr Statement kFind{"address_failures_by_key",
                          "SELECT failed_logins, extract(epoch from last_failed_at)::bigint,"
                          " extract(epoch from locked_until)::bigint"
                          " FROM address_failures WHERE key = $1"};
constexpr Statement kSave{
    "address_failures_save",
    "INSERT INTO address_failures (key, failed_logins, last_failed_at, locked_until)"
    " VALUES ($1, $2, to_timestamp($3), to_timestamp($4)) ON CONFLICT (key) DO UPDATE SET"
    " failed_logins = excluded.failed_logins, last_failed_at = excluded.last_failed_at,"
    " locked_until = excluded.locked_until"};
constexpr Statement kDeleteOlderThan{
    "address_failures_delete_older_than",
    "DELETE FROM address_failures WHERE key IN (SELECT key FROM address_failures"
    " WHERE last_failed_at < to_timestamp($1) ORDER BY last_failed_at LIMIT $2"
    " FOR UPDATE SKIP LOCKED)"};

std::optional<domain::AddressFailures> Read(const PgResult& result, std::string_view key) {
  if (result.Rows() == 0) return std::nullopt;
  return domain::AddressFailures{.key = std::string(key),
                                 .failed_logins = static_cast<int>(result.Int(0, 0)),
                                 .last_failed_login_at = result.Time(0, 1),
                                 .locked_until = result.OptionalTime(0, 2)};
}

}  // namespace

std::optional<domain::AddressFailures> PgAddressFailureRepository::Find(std::string_view key) {
  return Read(transaction_.Query(kFind, ParamsOf(key)), key);
}

std::optional<domain::AddressFailures> PgAddressFailureRepository::FindForUpdate(
    std::string_view key) {
  // One round trip. The SELECT runs after the lock is granted and, at READ COMMITTED, sees what
  // the previous holder committed.
  std::vector<Command> commands;
  commands.push_back({&kLock, ParamsOf(key)});
  commands.push_back({&kFind, ParamsOf(key)});
  return Read(transaction_.Run(std::move(commands))[1], key);
}

void PgAddressFailureRepository::Save(const domain::AddressFailures& counter) {
  transaction_.Defer(kSave, ParamsOf(counter.key, counter.failed_logins,
                                     counter.last_failed_login_at, counter.locked_until));
}

int PgAddressFailureRepository::DeleteOlderThan(domain::TimePoint bound, int limit) {
  return static_cast<int>(
      transaction_.Query(kDeleteOlderThan, ParamsOf(bound, std::max(limit, 0))).Affected());
}

}  // namespace rampart::infrastructure::postgres
