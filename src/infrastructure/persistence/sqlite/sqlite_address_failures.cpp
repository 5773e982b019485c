#include "infrastructure/persistence/sqlite/sqlite_address_failures.hpp"

#include <algorithm>

namespace rampart::infrastructure::sqlite {

std::optional<domain::AddressFailures> SqliteAddressFailureRepository::Find(std::string_view key) {
  auto query = connection_.Prepare(
      "SELECT failed_logins, last_failed_at, locked_until FROM address_failures WHERE key = ?");
  query.Bind(1, key);
  if (!query.Next()) return std::nullopt;
  return domain::AddressFailures{.key = std::string(key),
                                 .failed_logins = static_cast<int>(query.Int(0)),
                                 .last_failed_login_at = query.Time(1),
                                 .locked_until = query.OptionalTime(2)};
}

void SqliteAddressFailureRepository::Save(const domain::AddressFailures& counter) {
  connection_
      .Prepare(
          "INSERT INTO address_failures (key, failed_logins, last_failed_at, locked_until)"
          " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
          " failed_logins = excluded.failed_logins, last_failed_at = excluded.last_failed_at,"
          " locked_until = excluded.locked_until")
      .BindAll(counter.key, counter.failed_logins, counter.last_failed_login_at,
               counter.locked_until)
      .Execute();
}

int SqliteAddressFailureRepository::DeleteOlderThan(domain::TimePoint bound, int limit) {
  // The inner SELECT walks address_failures_last_failed_idx from the oldest entry and stops
  // after `limit` rows: the cost is the batch's, whatever the size of the table.
  return connection_
      .Prepare(
          "DELETE FROM address_failures WHERE key IN (SELECT key FROM address_failures"
          " WHERE last_failed_at < ? ORDER BY last_failed_at LIMIT ?)")
      .BindAll(bound, std::max(limit, 0))
      .Execute();
}

}  // namespace rampart::infrastructure::sqlite
