#include "infrastructure/persistence/postgres/pg_audit_log.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kAppend{
    "audit_append",
    "INSERT INTO audit_events (id, at, action, actor_id, target_type, target_id, ip,"
    " user_agent, correlation_id, details)"
    " VALUES ($1, to_timestamp($2), $3, $4, $5, $6, $7, $8, $9, $10)"};

// The inner SELECT walks audit_events_at_idx (at, seq) from the oldest entry and stops after
// $2 rows; SKIP LOCKED lets a second instance pruning at the same moment take the next rows
// instead of queueing behind the first one's locks (and neither deletes a row twice).
constexpr Statement kDeleteOlderThan{"audit_delete_older_than",
                                     "DELETE FROM audit_events WHERE id IN"
                                     " (SELECT id FROM audit_events WHERE at < to_timestamp($1)"
                                     " ORDER BY at, seq LIMIT $2 FOR UPDATE SKIP LOCKED)"};

constexpr int kFilters = 5;  // actor, action, target, from, to
constexpr int kCombinations = 1 << kFilters;

int MaskOf(const application::AuditLog::Query& filter) {
  return (filter.actor_id.empty() ? 0 : 1) | (filter.action.empty() ? 0 : 2) |
         (filter.target_id.empty() ? 0 : 4) | (filter.from ? 8 : 0) | (filter.to ? 16 : 0);
}

// The WHERE clause for one combination of filters, numbering only the parameters it uses from
// $1; returns the next free number in `next`. Only these constant fragments are ever joined;
// every value is a bound parameter.
std::string WhereClause(int mask, int& next) {
  std::string text = " WHERE true";
  auto add = [&](const char* before, const char* after) {
    text += before + std::to_string(next++) + after;
  };
  if (mask & 1) add(" AND actor_id = $", "");
  if (mask & 2) add(" AND action = $", "");
  if (mask & 4) add(" AND target_id = $", "");
  if (mask & 8) add(" AND at >= to_timestamp($", ")");
  if (mask & 16) add(" AND at <= to_timestamp($", ")");
  return text;
}

// One statement per combination of filters, sent unprepared: the best plan depends on the
// values (a prolific actor or a wide range walks the `at` index; a narrow range or a rare
// target does not), and these admin reads are rare enough that planning each one costs nothing
// that matters. The texts live as long as the process; Statement points into them.
struct Statements {
  std::array<std::string, kCombinations> list_sql;
  std::array<std::string, kCombinations> count_sql;
  std::array<Statement, kCombinations> list;
  std::array<Statement, kCombinations> count;
};

const Statements& AuditStatements() {
  static const Statements kStatements = [] {
    Statements s;
    for (int mask = 0; mask < kCombinations; ++mask) {
      int next = 1;
      const std::string where = WhereClause(mask, next);
      s.list_sql[mask] =
          "SELECT id, extract(epoch from at)::bigint, action, actor_id, target_type, target_id,"
          " ip, user_agent, correlation_id, details FROM audit_events" +
          where + " ORDER BY at DESC, seq DESC LIMIT $" + std::to_string(next) + " OFFSET $" +
          std::to_string(next + 1);
      s.count_sql[mask] = "SELECT count(*) FROM audit_events" + where;
      s.list[mask] = {"audit_list", s.list_sql[mask].c_str(), false};
      s.count[mask] = {"audit_count", s.count_sql[mask].c_str(), false};
    }
    return s;
  }();
  return kStatements;
}

// The values of the filters present, in WhereClause's order.
Params FilterParams(const application::AuditLog::Query& filter) {
  Params params;
  if (!filter.actor_id.empty()) params.push_back(Param(filter.actor_id));
  if (!filter.action.empty()) params.push_back(Param(filter.action));
  if (!filter.target_id.empty()) params.push_back(Param(filter.target_id));
  if (filter.from) params.push_back(Param(*filter.from));
  if (filter.to) params.push_back(Param(*filter.to));
  return params;
}

}  // namespace

void PgAuditLog::Append(const domain::AuditEvent& event) {
  transaction_.Defer(kAppend, ParamsOf(event.id, event.at, event.action, event.actor_id,
                                       event.target_type, event.target_id, event.ip,
                                       event.user_agent, event.correlation_id, event.details_json));
}

std::vector<domain::AuditEvent> PgAuditLog::List(const Query& filter) {
  auto params = FilterParams(filter);
  params.push_back(Param(std::max(filter.limit, 0)));
  params.push_back(Param(std::max(filter.offset, 0)));
  const auto result = transaction_.Query(AuditStatements().list[MaskOf(filter)], std::move(params));
  std::vector<domain::AuditEvent> events;
  events.reserve(result.Rows());
  for (int row = 0; row < result.Rows(); ++row) {
    events.push_back({.id = result.Text(row, 0),
                      .at = result.Time(row, 1),
                      .action = result.Text(row, 2),
                      .actor_id = result.Text(row, 3),
                      .target_type = result.Text(row, 4),
                      .target_id = result.Text(row, 5),
                      .ip = result.Text(row, 6),
                      .user_agent = result.Text(row, 7),
                      .correlation_id = result.Text(row, 8),
                      .details_json = result.Text(row, 9)});
  }
  return events;
}

long long PgAuditLog::Count(const Query& filter) {
  const auto result =
      transaction_.Query(AuditStatements().count[MaskOf(filter)], FilterParams(filter));
  return result.Int(0, 0);
}

int PgAuditLog::DeleteOlderThan(domain::TimePoint bound, int limit) {
  return static_cast<int>(
      transaction_.Query(kDeleteOlderThan, ParamsOf(bound, std::max(limit, 0))).Affected());
}

}  // namespace rampart::infrastructure::postgres
