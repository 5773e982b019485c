#pragma once
// A pipelined Redis connection driven by its own Asio event loop (one thread), plain TCP or TLS
// (asio::ssl), with AUTH/SELECT on connect, a deadline on every command and reconnection with
// jittered backoff. hiredis is only the RESP codec (see resp.hpp).
//
// Event loops of other threads (the HTTP server's I/O threads) may be attached: each gets a
// connection of its own, driven by that loop, so that a command sent from a request's coroutine
// and its reply never cross threads (see AttachLoops).
//
// Failure model: the connection itself is the circuit breaker. While it is down, commands fail
// at once (no queueing behind a dead server); a command that outlives its deadline drops the
// connection (replies can no longer be matched) and fails everything in flight; reconnection
// is the half-open trial, its delay growing until a command succeeds again.
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "infrastructure/redis/redis_url.hpp"
#include "infrastructure/redis/resp.hpp"

namespace boost::asio {
class io_context;
}

namespace rampart::infrastructure::redis {

struct RedisClientOptions {
  RedisEndpoint endpoint;
  std::chrono::milliseconds connect_timeout{500};
  // Deadline of one command, from Send to its reply.
  std::chrono::milliseconds command_timeout{100};
  // Reconnection delays (full jitter between half and the ceiling).
  std::chrono::milliseconds reconnect_initial{100};
  std::chrono::milliseconds reconnect_max{5000};
  // TLS: PEM bundle of trusted CAs; empty means the system's default store.
  std::string tls_ca_file;
  // TLS: check the server certificate and its host name (turn off only for tests).
  bool tls_verify = true;
};

class RedisClient {
 public:
  using Reply = std::expected<RespValue, std::string>;
  using Callback = std::move_only_function<void(Reply)>;

  // RedisClient starts the event loop thread and connects in the background (never blocks).
  explicit RedisClient(RedisClientOptions options);
  // Fails what is in flight and joins the thread; detaches attached loops (which must still
  // exist then, unless DetachLoops was called before).
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Send queues one command; `done` gets its reply or an error (disconnected, timed out) exactly
  // once — from the client's thread, or at once on the caller's thread when disconnected.
  // From a thread running an attached loop whose connection is up, the command goes over that
  // loop's connection and `done` runs on that thread, later (never inside Send).
  // Thread-safe and non-blocking; commands sent together go out in one write (pipelining).
  void Send(std::vector<std::string> args, Callback done);
  // Call: send and wait; blocks for at most the command timeout. For worker threads only.
  Reply Call(std::vector<std::string> args);
  // Connected returns true while a connection is up and authenticated.
  bool Connected() const;
  const RedisClientOptions& Options() const;

  // AttachLoops gives each of `loops` (event loops that other threads run, e.g. the HTTP server's
  // I/O threads) a connection of its own, driven by that loop, with the same options, deadline and
  // reconnection as the client's own; it connects once the loop runs. Call before the loops serve
  // requests. Each connection is its own circuit breaker: while it is down, Send from its loop uses
  // the client's own connection (and fails fast when that is down too).
  void AttachLoops(std::span<boost::asio::io_context* const> loops);
  // DetachLoops closes the loops' connections, each on its own loop (what is in flight there
  // fails), so that the loops can run out of work. Any thread; a second call does nothing.
  void DetachLoops();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::infrastructure::redis
