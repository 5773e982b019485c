#include "main/queue_commands.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <boost/json.hpp>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "application/dispatch/logging.hpp"
#include "application/messaging/queue_admin.hpp"
#include "common/log.hpp"
#include "main/composition.hpp"
#include "main/config/unknown_variables.hpp"
#include "main/queues.hpp"

namespace rampart {

namespace {

namespace json = boost::json;

constexpr int kDefaultListLimit = 100;
constexpr int kDefaultRedriveLimit = 1000;

// The command's output is its own (a table, or JSON for scripts): log lines, warnings only, go
// to stderr.
void ConfigureQueueCliLogging(const config::Settings& settings) {
  log::Configure({.level = "warn",
                  .format = log::Format::kText,
                  .sink = std::make_shared<spdlog::sinks::stderr_sink_mt>()});
  application::SetUseCaseLogSink(nullptr);
  for (const auto& variable : settings.unknown_variables) {
    std::cerr << "warning: " << config::Describe(variable) << "; it is ignored\n";
  }
}

std::string Optional(const std::optional<long long>& value) {
  return value ? std::to_string(*value) : "-";
}

json::value OrNull(const std::optional<long long>& value) {
  if (!value) return nullptr;
  return *value;
}

// Runs `body` with the composition and the named queues, turning every failure into one line.
// `names` is what the command acts on; a name that is no queue is bad input (2).
template <class Body>
int Run(std::string_view command, const config::Settings& settings, SecretsRuntime& secrets,
        const std::vector<std::string>& names, Body body) {
  for (const auto& name : names) {
    if (name != kMailQueue && name != kEventsQueue) {
      std::cerr << command << ": unknown queue \"" << name << "\" (mail or events)\n";
      return 2;
    }
  }
  ConfigureQueueCliLogging(settings);
  try {
    Composition composition(settings, &secrets);
    composition.Migrate();
    Queues queues(settings, composition.Services().random);
    const int code = body(composition, queues);
    log::Shutdown();
    return code;
  } catch (const std::exception& error) {
    std::string line = error.what();
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << command << ": " << line << '\n';
    log::Shutdown();
    return 1;
  }
}

application::QueueTarget Target(Queues& queues, const std::string& name) {
  return {.name = name, .queue = &queues.Find(name)->Queue()};
}

// A failure the use case reported: one line, exit 1 (the queue or database) or 2.
int Failed(std::string_view command, const domain::Error& error) {
  std::cerr << command << ": " << error.detail << '\n';
  return error.code == domain::ErrorCode::kUnavailable ? 1 : 2;
}

}  // namespace

int QueueStats(const config::Settings& settings, SecretsRuntime& secrets,
               const QueueCommandOptions& options) {
  constexpr std::string_view kCommand = "queue stats";
  const std::vector<std::string> names =
      options.queue.empty()
          ? std::vector<std::string>{std::string(kMailQueue), std::string(kEventsQueue)}
          : std::vector<std::string>{options.queue};
  return Run(kCommand, settings, secrets, names, [&](Composition& composition, Queues& queues) {
    json::array out;
    std::ostringstream table;
    table << std::left << std::setw(8) << "queue" << std::setw(10) << "kind" << std::setw(9)
          << "visible" << std::setw(11) << "in-flight" << std::setw(14) << "dead-letters"
          << std::setw(14) << "max-receives" << std::setw(16) << "outbox-pending" << std::setw(13)
          << "outbox-dead"
          << "dead-letter-queue\n";
    for (const auto& name : names) {
      auto stats = composition.Dispatcher().Send(
          application::QueueStatsQuery{.target = Target(queues, name)},
          application::Caller::System("cli.queue.stats"));
      if (!stats) return Failed(kCommand, stats.error());
      const auto& queue = stats->queue;
      const std::optional<long long> max_receives =
          queue.max_receives ? std::optional<long long>(*queue.max_receives) : std::nullopt;
      out.push_back(json::object{{"queue", name},
                                 {"kind", queue.kind},
                                 {"visible", OrNull(queue.visible)},
                                 {"inFlight", OrNull(queue.in_flight)},
                                 {"deadLetters", OrNull(queue.dead_letters)},
                                 {"maxReceives", OrNull(max_receives)},
                                 {"deadLetterQueue", queue.dead_letter_queue},
                                 {"outboxPending", stats->outbox.pending},
                                 {"outboxDead", stats->outbox.dead}});
      table << std::setw(8) << name << std::setw(10) << queue.kind << std::setw(9)
            << Optional(queue.visible) << std::setw(11) << Optional(queue.in_flight)
            << std::setw(14) << Optional(queue.dead_letters) << std::setw(14)
            << Optional(max_receives) << std::setw(16) << stats->outbox.pending << std::setw(13)
            << stats->outbox.dead
            << (queue.dead_letter_queue.empty() ? "-" : queue.dead_letter_queue) << '\n';
    }
    std::cout << (options.json ? json::serialize(out) + "\n" : table.str());
    return 0;
  });
}

int QueueDeadLetters(const config::Settings& settings, SecretsRuntime& secrets,
                     const QueueCommandOptions& options) {
  constexpr std::string_view kCommand = "queue dead-letters";
  const std::string name = options.queue.empty() ? std::string(kMailQueue) : options.queue;
  return Run(kCommand, settings, secrets, {name}, [&](Composition& composition, Queues& queues) {
    auto listed = composition.Dispatcher().Send(
        application::ListDeadLettersQuery{
            .target = Target(queues, name),
            .limit = options.limit > 0 ? options.limit : kDefaultListLimit},
        application::Caller::System("cli.queue.dead_letters"));
    if (!listed) return Failed(kCommand, listed.error());
    json::array out;
    std::ostringstream table;
    table << std::left << std::setw(38) << "message-id" << std::setw(38) << "group" << std::setw(28)
          << "type" << std::setw(10) << "receives" << std::setw(22) << "sent"
          << "last-error\n";
    for (const auto& entry : *listed) {
      const auto& letter = entry.letter;
      const std::string sent = domain::FormatRfc3339(letter.sent_at);
      json::object item{{"messageId", letter.message_id},
                        {"group", letter.group_id},
                        {"type", letter.type},
                        {"receiveCount", letter.receive_count},
                        {"sentAt", sent},
                        {"bodyBytes", letter.body_bytes},
                        {"lastError", nullptr}};
      std::string error = "-";
      if (entry.failure) {
        item["lastError"] = json::object{{"error", entry.failure->error},
                                         {"consumer", entry.failure->consumer},
                                         {"receiveCount", entry.failure->receive_count},
                                         {"at", domain::FormatRfc3339(entry.failure->failed_at)}};
        error = entry.failure->consumer + " (receive " +
                std::to_string(entry.failure->receive_count) + "): " + entry.failure->error;
      }
      out.push_back(std::move(item));
      table << std::setw(38) << letter.message_id << std::setw(38)
            << (letter.group_id.empty() ? "-" : letter.group_id) << std::setw(28)
            << (letter.type.empty() ? "-" : letter.type) << std::setw(10) << letter.receive_count
            << std::setw(22) << sent << error << '\n';
    }
    if (options.json) {
      std::cout << json::serialize(out) << '\n';
    } else {
      std::cout << table.str();
      std::cerr << kCommand << ": " << listed->size() << " dead letter(s) in the " << name
                << " queue\n";
    }
    return 0;
  });
}

int QueueRedrive(const config::Settings& settings, SecretsRuntime& secrets,
                 const QueueCommandOptions& options) {
  constexpr std::string_view kCommand = "queue redrive";
  const std::string name = options.queue.empty() ? std::string(kMailQueue) : options.queue;
  return Run(kCommand, settings, secrets, {name}, [&](Composition& composition, Queues& queues) {
    auto redriven = composition.Dispatcher().Send(
        application::RedriveCommand{
            .target = Target(queues, name),
            .limit = options.limit > 0 ? options.limit : kDefaultRedriveLimit,
            .outbox = options.outbox},
        application::Caller::System("cli.queue.redrive"));
    if (!redriven) return Failed(kCommand, redriven.error());
    const auto& outcome = redriven->outcome;
    if (options.json) {
      json::object out{{"queue", name}, {"method", outcome.method}};
      out["moved"] = options.outbox ? redriven->revived : outcome.moved;
      if (!outcome.task.empty()) out["task"] = outcome.task;
      std::cout << json::serialize(out) << '\n';
    } else if (options.outbox) {
      std::cout << kCommand << ": " << redriven->revived << " dead outbox message(s) of the "
                << name << " stream are due again\n";
    // rampart:begin(sqs)
    } else if (!outcome.task.empty()) {
      std::cout << kCommand << ": SQS moves the " << name
                << " queue's dead letters back (StartMessageMoveTask " << outcome.task << ")\n";
    // rampart:end
    } else {
      std::cout << kCommand << ": moved " << outcome.moved << " dead letter(s) back to the " << name
                << " queue (" << outcome.method << ")\n";
    }
    return 0;
  });
}

}  // namespace rampart
