#include "application/audit/list_audit_events.hpp"

#include <algorithm>

namespace rampart::application {

namespace {

constexpr std::string_view kBadTime = "Must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z.";

// A `+` typed literally into a query string decodes to a space (form encoding), so
// `from=2026-01-31T13:00:00+01:00` from a shell arrives as "...13:00:00 01:00". No RFC 3339
// date-time holds a space, and only an offset sign can stand there.
std::optional<domain::TimePoint> ParseQueryTime(std::string text) {
  std::ranges::replace(text, ' ', '+');
  return domain::ParseRfc3339(text);
}

struct Parsed {
  PageRequest paging;
  AuditLog::Query filter;
};

// The page and repository filter `query` asks for, and every field error found on the way.
Parsed Parse(const ListAuditEventsQuery& query, std::vector<domain::FieldError>& errors) {
  const auto paging = ParsePageRequest(query.page, query.page_size, kDefaultAuditPageSize, errors);
  AuditLog::Query filter{.actor_id = query.actor_id,
                         .action = query.action,
                         .target_id = query.target_id,
                         .limit = paging.page_size,
                         .offset = paging.Offset()};
  if (query.from) {
    filter.from = ParseQueryTime(*query.from);
    if (!filter.from) errors.push_back({"from", std::string(kBadTime)});
  }
  if (query.to) {
    filter.to = ParseQueryTime(*query.to);
    if (!filter.to) errors.push_back({"to", std::string(kBadTime)});
  }
  if (filter.from && filter.to && *filter.from > *filter.to) {
    errors.push_back({"to", "Must not be before `from`."});
  }
  return {paging, std::move(filter)};
}

}  // namespace

void Validate(const ListAuditEventsQuery& query, Validation& validation) {
  std::vector<domain::FieldError> errors;
  Parse(query, errors);
  validation.Merge(errors);
}

domain::Result<AuditEventPage> Handle(const ListAuditEventsQuery& query, UseCaseContext& context) {
  std::vector<domain::FieldError> errors;  // empty: Validate ran first
  const auto [paging, filter] = Parse(query, errors);
  auto& audit = context.Uow().Audit();
  AuditEventPage page{
      .items = audit.List(filter), .page = paging.page, .page_size = paging.page_size};
  // A short page that is not past the end holds the last matching events: the total is known
  // without counting (on a large trail the count is the expensive half of the query).
  const auto listed = static_cast<long long>(page.items.size());
  if (listed < paging.page_size && (listed > 0 || paging.Offset() == 0)) {
    page.total = paging.Offset() + listed;
  } else {
    page.total = audit.Count(filter);
  }
  return page;
}

}  // namespace rampart::application
