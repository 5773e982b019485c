#pragma once
// `rampart queue stats | dead-letters | redrive` (docs/messaging.md, "Dead letters"): the
// operator's view of the two queues and their dead letters, on every queue adapter alike, each
// run audited. Exit 0; 1 when a dependency fails (the database, the queue); 2 for
// bad input. Every failure is one line on stderr.
#include <string>

#include "main/config/settings.hpp"

namespace rampart {

class SecretsRuntime;

struct QueueCommandOptions {
  std::string queue;    // "mail" or "events"; empty: both (stats), "mail" (the others)
  int limit = 0;        // 0: the command's default
  bool json = false;    // one JSON document on stdout instead of a table
  bool outbox = false;  // redrive: the outbox's dead rows instead of the dead-letter queue
};

int QueueStats(const config::Settings& settings, SecretsRuntime& secrets,
               const QueueCommandOptions& options);
int QueueDeadLetters(const config::Settings& settings, SecretsRuntime& secrets,
                     const QueueCommandOptions& options);
int QueueRedrive(const config::Settings& settings, SecretsRuntime& secrets,
                 const QueueCommandOptions& options);

}  // namespace rampart
