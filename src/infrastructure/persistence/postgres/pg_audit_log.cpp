#include "infrastructure/persistence/postgres/pg_audit_log.hpp"

#include <algorithm>

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kAppend{
    "audit_append",
    "INSERT INTO audit_events (id, at, action, actor_id, target_type, target_id, ip,"
    " user_agent, correlation_id, details)"
    " VALUES ($1, to_timestamp($2), $3, $4, $5, $6, $7, $8, $9, $10)"};

#define RAMPART_AUDIT_SELECT                                                                 \
  "SELECT id, extract(epoch from at)::bigint, action, actor_id, target_type, target_id, ip," \
  " user_agent, correlation_id, details FROM audit_events WHERE true"
#define RAMPART_AUDIT_ORDER " ORDER BY at DESC, seq DESC LIMIT $4 OFFSET $5"

// One statement per combination of filters, so that each uses its own index. All five
// parameters are always bound; an unused filter appears in a condition the planner folds
// away, which gives the server its type.
#define RAMPART_UNUSED_1 " AND ($1::text IS NULL OR true)"
#define RAMPART_UNUSED_2 " AND ($2::text IS NULL OR true)"
#define RAMPART_UNUSED_3 " AND ($3::text IS NULL OR true)"
constexpr Statement kList[8] = {
    {"audit_list_0",
     RAMPART_AUDIT_SELECT RAMPART_UNUSED_1 RAMPART_UNUSED_2 RAMPART_UNUSED_3 RAMPART_AUDIT_ORDER},
    {"audit_list_1", RAMPART_AUDIT_SELECT
     " AND actor_id = $1" RAMPART_UNUSED_2 RAMPART_UNUSED_3 RAMPART_AUDIT_ORDER},
    {"audit_list_2",
     RAMPART_AUDIT_SELECT RAMPART_UNUSED_1 " AND action = $2" RAMPART_UNUSED_3 RAMPART_AUDIT_ORDER},
    {"audit_list_3", RAMPART_AUDIT_SELECT
     " AND actor_id = $1 AND action = $2" RAMPART_UNUSED_3 RAMPART_AUDIT_ORDER},
    {"audit_list_4", RAMPART_AUDIT_SELECT RAMPART_UNUSED_1 RAMPART_UNUSED_2
     " AND target_id = $3" RAMPART_AUDIT_ORDER},
    {"audit_list_5", RAMPART_AUDIT_SELECT " AND actor_id = $1" RAMPART_UNUSED_2
                                          " AND target_id = $3" RAMPART_AUDIT_ORDER},
    {"audit_list_6", RAMPART_AUDIT_SELECT RAMPART_UNUSED_1
     " AND action = $2 AND target_id = $3" RAMPART_AUDIT_ORDER},
    {"audit_list_7", RAMPART_AUDIT_SELECT
     " AND actor_id = $1 AND action = $2 AND target_id = $3" RAMPART_AUDIT_ORDER},
};

}  // namespace

void PgAuditLog::Append(const domain::AuditEvent& event) {
  transaction_.Defer(kAppend, ParamsOf(event.id, event.at, event.action, event.actor_id,
                                       event.target_type, event.target_id, event.ip,
                                       event.user_agent, event.correlation_id, event.details_json));
}

std::vector<domain::AuditEvent> PgAuditLog::List(const Query& filter) {
  const int mask = (filter.actor_id.empty() ? 0 : 1) | (filter.action.empty() ? 0 : 2) |
                   (filter.target_id.empty() ? 0 : 4);
  const auto result = transaction_.Query(
      kList[mask], ParamsOf(filter.actor_id, filter.action, filter.target_id,
                            std::max(filter.limit, 0), std::max(filter.offset, 0)));
  std::vector<domain::AuditEvent> events;
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

}  // namespace rampart::infrastructure::postgres
