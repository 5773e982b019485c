#include "infrastructure/persistence/sqlite/sqlite_audit_log.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace rampart::infrastructure::sqlite {

namespace {

// The SQL for one combination of filters. Only these constant fragments are ever joined; every
// value is a bound parameter. A fixed text per combination lets each use its own index and
// keeps the statement cache at eight entries.
const std::string& ListSql(bool by_actor, bool by_action, bool by_target) {
  static const std::array<std::string, 8> kSql = [] {
    std::array<std::string, 8> sql;
    for (int mask = 0; mask < 8; ++mask) {
      std::string text =
          "SELECT id, at, action, actor_id, target_type, target_id, ip, user_agent,"
          " correlation_id, details FROM audit_events WHERE 1 = 1";
      if (mask & 1) text += " AND actor_id = ?";
      if (mask & 2) text += " AND action = ?";
      if (mask & 4) text += " AND target_id = ?";
      text += " ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?";
      sql[mask] = std::move(text);
    }
    return sql;
  }();
  return kSql[(by_actor ? 1 : 0) | (by_action ? 2 : 0) | (by_target ? 4 : 0)];
}

}  // namespace

void SqliteAuditLog::Append(const domain::AuditEvent& event) {
  connection_
      .Prepare(
          "INSERT INTO audit_events (id, at, action, actor_id, target_type, target_id, ip,"
          " user_agent, correlation_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .BindAll(event.id, event.at, event.action, event.actor_id, event.target_type, event.target_id,
               event.ip, event.user_agent, event.correlation_id, event.details_json)
      .Execute();
}

std::vector<domain::AuditEvent> SqliteAuditLog::List(const Query& filter) {
  const bool by_actor = !filter.actor_id.empty();
  const bool by_action = !filter.action.empty();
  const bool by_target = !filter.target_id.empty();
  auto query = connection_.Prepare(ListSql(by_actor, by_action, by_target));
  int index = 0;
  if (by_actor) query.Bind(++index, filter.actor_id);
  if (by_action) query.Bind(++index, filter.action);
  if (by_target) query.Bind(++index, filter.target_id);
  query.Bind(++index, std::max(filter.limit, 0));
  query.Bind(++index, std::max(filter.offset, 0));

  std::vector<domain::AuditEvent> events;
  while (query.Next()) {
    events.push_back({.id = query.Text(0),
                      .at = query.Time(1),
                      .action = query.Text(2),
                      .actor_id = query.Text(3),
                      .target_type = query.Text(4),
                      .target_id = query.Text(5),
                      .ip = query.Text(6),
                      .user_agent = query.Text(7),
                      .correlation_id = query.Text(8),
                      .details_json = query.Text(9)});
  }
  return events;
}

}  // namespace rampart::infrastructure::sqlite
