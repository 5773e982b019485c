#include "infrastructure/persistence/sqlite/sqlite_audit_log.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace rampart::infrastructure::sqlite {

namespace {

constexpr int kFilters = 5;  // actor, action, target, from, to

int MaskOf(const application::AuditLog::Query& filter) {
  return (filter.actor_id.empty() ? 0 : 1) | (filter.action.empty() ? 0 : 2) |
         (filter.target_id.empty() ? 0 : 4) | (filter.from ? 8 : 0) | (filter.to ? 16 : 0);
}

// The WHERE clause for one combination of filters. Only these constant fragments are ever
// joined; every value is a bound parameter. A fixed text per combination lets each use its own
// index and bounds the statement cache.
std::string WhereClause(int mask) {
  std::string text = " WHERE 1 = 1";
  if (mask & 1) text += " AND actor_id = ?";
  if (mask & 2) text += " AND action = ?";
  if (mask & 4) text += " AND target_id = ?";
  if (mask & 8) text += " AND at >= ?";
  if (mask & 16) text += " AND at <= ?";
  return text;
}

const std::string& ListSql(int mask) {
  static const auto kSql = [] {
    std::array<std::string, 1 << kFilters> sql;
    for (int m = 0; m < (1 << kFilters); ++m) {
      sql[m] =
          "SELECT id, at, action, actor_id, target_type, target_id, ip, user_agent,"
          " correlation_id, details FROM audit_events" +
          WhereClause(m) + " ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?";
    }
    return sql;
  }();
  return kSql[mask];
}

const std::string& CountSql(int mask) {
  static const auto kSql = [] {
    std::array<std::string, 1 << kFilters> sql;
    for (int m = 0; m < (1 << kFilters); ++m) {
      sql[m] = "SELECT COUNT(*) FROM audit_events" + WhereClause(m);
    }
    return sql;
  }();
  return kSql[mask];
}

// Binds the filters present, in WhereClause's order; returns the last index used.
int BindFilters(Query& query, const application::AuditLog::Query& filter) {
  int index = 0;
  if (!filter.actor_id.empty()) query.Bind(++index, filter.actor_id);
  if (!filter.action.empty()) query.Bind(++index, filter.action);
  if (!filter.target_id.empty()) query.Bind(++index, filter.target_id);
  if (filter.from) query.Bind(++index, *filter.from);
  if (filter.to) query.Bind(++index, *filter.to);
  return index;
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
  auto query = connection_.Prepare(ListSql(MaskOf(filter)));
  int index = BindFilters(query, filter);
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

long long SqliteAuditLog::Count(const Query& filter) {
  auto query = connection_.Prepare(CountSql(MaskOf(filter)));
  BindFilters(query, filter);
  query.Next();
  return query.Int(0);
}

int SqliteAuditLog::DeleteOlderThan(domain::TimePoint bound, int limit) {
  // The inner SELECT walks audit_events_at_idx (at, rowid) from the oldest entry and stops after
  // `limit` rows: the batch costs its own size, whatever the size of the trail.
  return connection_
      .Prepare(
          "DELETE FROM audit_events WHERE rowid IN"
          " (SELECT rowid FROM audit_events WHERE at < ? ORDER BY at, rowid LIMIT ?)")
      .BindAll(bound, std::max(limit, 0))
      .Execute();
}

}  // namespace rampart::infrastructure::sqlite
