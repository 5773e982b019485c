#include "application/sessions/list_my_sessions.hpp"

namespace rampart::application {

domain::Result<std::vector<SessionView>> Handle(const ListMySessionsQuery&,
                                                UseCaseContext& context) {
  const auto now = context.services.clock.Now();
  const auto& me = context.Me();
  std::vector<SessionView> views;
  for (auto& session : context.Uow().Sessions().ListByUser(me.user_id)) {
    if (!session.IsActive(now)) continue;
    const bool current = session.id == me.session_id;
    views.push_back({std::move(session), current});
  }
  return views;
}

}  // namespace rampart::application
