#include "application/messaging/queue_admin.hpp"

#include <algorithm>

#include "application/common/audit.hpp"

namespace rampart::application {

namespace {

std::string Count(std::string_view name, long long value) {
  return "\"" + std::string(name) + "\":" + std::to_string(value);
}

}  // namespace

domain::Result<QueueStatsQuery::Response> Handle(const QueueStatsQuery& query,
                                                 UseCaseContext& context) {
  QueueStatsQuery::Response response{.queue = query.target.queue->Status()};
  context.Begin(TransactionMode::kWrite);
  response.outbox = context.Uow().Outbox().PendingStats(query.target.name);
  context.Audit(domain::audit::kQueueStatsViewed, "queue", query.target.name, R"({"via":"cli"})");
  context.Commit();
  return response;
}

domain::Result<ListDeadLettersQuery::Response> Handle(const ListDeadLettersQuery& query,
                                                      UseCaseContext& context) {
  const auto letters = query.target.queue->ListDeadLetters(std::max(query.limit, 1));
  std::vector<std::string> ids;
  for (const auto& letter : letters) ids.push_back(letter.message_id);
  context.Begin(TransactionMode::kWrite);
  const auto failures = context.Uow().DeliveryFailures().Find(query.target.name, ids);
  ListDeadLettersQuery::Response response;
  for (const auto& letter : letters) {
    auto& entry = response.emplace_back(ListDeadLettersQuery::Entry{.letter = letter});
    const auto failure =
        std::find_if(failures.begin(), failures.end(),
                     [&](const DeliveryFailure& f) { return f.message_id == letter.message_id; });
    if (failure != failures.end()) entry.failure = *failure;
  }
  context.Audit(domain::audit::kQueueDeadLettersListed, "queue", query.target.name,
                R"({"via":"cli",)" + Count("listed", static_cast<long long>(letters.size())) + "}");
  context.Commit();
  return response;
}

domain::Result<RedriveCommand::Response> Handle(const RedriveCommand& command,
                                                UseCaseContext& context) {
  RedriveCommand::Response response;
  if (command.outbox) {
    context.Begin(TransactionMode::kWrite);
    response.revived =
        context.Uow().Outbox().Revive(command.target.name, context.services.clock.Now());
    response.outcome.method = "outbox";
    context.Audit(domain::audit::kQueueRedriven, "queue", command.target.name,
                  R"({"via":"cli","from":"outbox",)" + Count("moved", response.revived) + "}");
    context.Commit();
    return response;
  }
  response.outcome = command.target.queue->RedriveDeadLetters(std::max(command.limit, 1));
  const auto& outcome = response.outcome;
  std::string details = R"({"via":"cli","from":"dead_letter_queue","method":)" +
                        JsonString(outcome.method) + "," + Count("moved", outcome.moved);
  if (!outcome.task.empty()) details += R"(,"task":)" + JsonString(outcome.task);
  if (!outcome.error.empty()) details += R"(,"error":)" + JsonString(outcome.error);
  context.Begin(TransactionMode::kWrite);
  context.Audit(domain::audit::kQueueRedriven, "queue", command.target.name, details + "}");
  context.Commit();
  if (!outcome.error.empty()) {
    return domain::Fail(domain::Error::Unavailable("redrive stopped after " +
                                                   std::to_string(outcome.moved) +
                                                   " message(s): " + outcome.error));
  }
  return response;
}

}  // namespace rampart::application
