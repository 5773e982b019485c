#include "application/sessions/list_my_sessions.hpp"

namespace rampart::application {

domain::Result<std::vector<SessionView>> ListMySessionsHandler::Handle(
    const ListMySessionsQuery& query) {
  const auto now = services_.clock.Now();
  auto uow = services_.database.Begin(TransactionMode::kRead);
  std::vector<SessionView> views;
  for (auto& session : uow->Sessions().ListByUser(query.principal.subject)) {
    if (!session.IsActive(now)) continue;
    const bool current = session.id == query.principal.session_id;
    views.push_back({std::move(session), current});
  }
  return views;
}

}  // namespace rampart::application
