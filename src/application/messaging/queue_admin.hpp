#pragma once
// The operator's queue commands (`rampart queue stats | dead-letters | redrive`, docs/messaging.md
// "Dead letters"): counts of a queue and its outbox stream, the dead-letter queue's messages
// with the last error a consumer recorded for each, and moving dead letters (or the outbox's
// dead rows) back. Each run is audited (`queue.stats.viewed`, `queue.dead_letters.listed`,
// `queue.redriven`): the commands reach past the API's permissions (anyone with the service's
// configuration runs them), so every use leaves a trace. Not reachable over HTTP.
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/ports/inbox.hpp"
#include "application/ports/message_queue.hpp"
#include "application/ports/outbox.hpp"

namespace rampart::application {

// QueueTarget is the queue a command acts on: its name ("mail" or "events", which is also its
// outbox stream) and the adapter.
struct QueueTarget {
  std::string name;
  MessageQueue* queue = nullptr;
};

struct QueueStatsQuery {
  struct Response {
    QueueStatus queue;
    OutboxRepository::Stats outbox;
  };
  static constexpr std::string_view kName = "queue.stats";
  static constexpr Requirement kRequires = Requirement::System();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // the queue first, then the audit

  QueueTarget target;
};
domain::Result<QueueStatsQuery::Response> Handle(const QueueStatsQuery& query,
                                                 UseCaseContext& context);

struct ListDeadLettersQuery {
  struct Entry {
    DeadLetterSummary letter;
    std::optional<DeliveryFailure> failure;  // the last error a consumer recorded, if any
  };
  using Response = std::vector<Entry>;
  static constexpr std::string_view kName = "queue.dead_letters";
  static constexpr Requirement kRequires = Requirement::System();
  static constexpr Transaction kTransaction = Transaction::kOwn;

  QueueTarget target;
  int limit = 100;
};
domain::Result<ListDeadLettersQuery::Response> Handle(const ListDeadLettersQuery& query,
                                                      UseCaseContext& context);

// RedriveCommand moves up to `limit` dead letters back to the queue; with `outbox`, makes the
// outbox's dead rows of the stream live again instead (all of them). A redrive that stops half-way
// is audited with what it moved and fails with the reason (kUnavailable).
struct RedriveCommand {
  struct Response {
    RedriveOutcome outcome;
    int revived = 0;  // outbox rows made live again (`outbox`)
  };
  static constexpr std::string_view kName = "queue.redrive";
  static constexpr Requirement kRequires = Requirement::System();
  static constexpr Transaction kTransaction = Transaction::kOwn;

  QueueTarget target;
  int limit = 1000;
  bool outbox = false;
};
domain::Result<RedriveCommand::Response> Handle(const RedriveCommand& command,
                                                UseCaseContext& context);

}  // namespace rampart::application
