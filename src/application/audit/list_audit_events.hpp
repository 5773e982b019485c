#pragma once
#include <optional>
#include <string>

#include "application/common/paging.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/audit_event.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

using AuditEventPage = Page<domain::AuditEvent>;

inline constexpr int kDefaultAuditPageSize = 50;

// ListAuditEventsQuery: GET /api/v1/audit-events — the audit trail, newest first, filtered by
// actor, action, target and an inclusive time range, one page at a time with the total that
// matches.
struct ListAuditEventsQuery {
  using Response = AuditEventPage;
  static constexpr std::string_view kName = "audit.list";
  static constexpr Requirement kRequires = Requirement::Permission(domain::permissions::kAuditRead);
  // The page and its total come from one read snapshot, so they agree.
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string actor_id;             // empty: any
  std::string action;               // empty: any
  std::string target_id;            // empty: any
  std::optional<std::string> from;  // RFC 3339, as received
  std::optional<std::string> to;
  std::optional<std::string> page;  // as received; 1-based
  std::optional<std::string> page_size;
};

// Validate names each bad parameter: page, pageSize, from, to (and `to` before `from`).
void Validate(const ListAuditEventsQuery& query, Validation& validation);
domain::Result<AuditEventPage> Handle(const ListAuditEventsQuery& query, UseCaseContext& context);

}  // namespace rampart::application
