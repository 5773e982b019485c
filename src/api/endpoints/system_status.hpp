#pragma once
// What GET /health (detailed, for operators) reports beyond the readiness checks: the state of
// each dependency's client and of the process. Filled by the composition root, which knows the
// adapters; plain values only (never a URL, a host with credentials or any other secret).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rampart::api {

// SystemStatus is the detailed state GET /health reports (see above).
struct SystemStatus {
  std::string environment;  // development | staging | production
  std::string commit;       // the source commit the binary was built from ("unknown" outside git)

  struct Database {
    std::string adapter;          // the database adapter (its kind, as the start-up log names it)
    int in_use = 0;               // connections leased to a unit of work
    int idle = 0;                 // open and free
    int waiting = 0;              // callers waiting for a free connection
    int max = 0;                  // the pool's size limit
    std::string circuit_breaker;  // "closed" | "open" | "half-open"; empty: the adapter has none
    std::optional<std::uint64_t> connect_failures;  // since start (PostgreSQL)
  } database;

  struct Cache {
    bool enabled = false;
    std::string kind;             // the adapter, e.g. "memory"
    std::string circuit_breaker;  // "closed" while connected, "open" while reconnecting; empty: none
  } cache;

  struct Outbox {
    long long depth = 0;  // unpublished live messages
    double oldest_age_seconds = 0;
    long long dead = 0;  // given up on: the queue refused them for good
  };
  struct Queue {
    std::string kind;                    // "local", or the remote adapter's kind
    std::optional<long long> depth;      // waiting + in flight; nullopt: no answer
    std::optional<long long> in_flight;  // received, not deleted yet
    std::optional<long long> dead_letters;
    std::optional<int> max_receives;                    // the redrive policy's maxReceiveCount
    std::string dead_letter_queue;                      // its name
    std::optional<double> oldest_received_age_seconds;  // a remote queue: at the last receive
    std::string circuit_breaker;                        // a remote queue's outbound breaker
  };
  struct Messaging {
    bool running = false;  // false in processes without the outbox relays
    Outbox outbox;         // the mails
    Queue queue;
    Outbox events_outbox;  // the domain events
    Queue events_queue;
  } messaging;

  // Secret is one Secrets Manager secret the configuration reads (aws-sm: settings).
  struct Secret {
    std::string id;          // the secret's name or ARN as configured (never its value)
    std::string version_id;  // of the value in use
    double age_seconds = 0;  // since that value was read; above secrets.ttl: stale
    bool stale = false;      // the last refresh failed: the last good value is in use
    std::string last_error;  // of that refresh
  };
  // secrets are those in use; empty: none.
  std::vector<Secret> secrets;

  struct Process {
    double resident_bytes = 0;
    double threads = 0;
    double open_fds = 0;
    double max_fds = 0;
    double cpu_seconds = 0;
    double start_time_unix = 0;  // seconds since the epoch
  };
  std::optional<Process> process;  // nullopt when /proc cannot be read
};

}  // namespace rampart::api
