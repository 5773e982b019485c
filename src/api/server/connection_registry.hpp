#pragma once
// Internal to the server (includes Asio and Beast): the open connections, so that a graceful
// shutdown can close the idle ones at once and, after its timeout, the rest.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace rampart::api::server_detail {

// ConnectionExecutor is the executor of one I/O thread's io_context: a connection lives on one
// thread, so its coroutine, its timers and anything posted to it never run concurrently (no
// strand needed).
using ConnectionExecutor = boost::asio::io_context::executor_type;

// ConnectionSlot is one connection as the shutdown logic sees it. `stream` and `idle` belong to
// the connection's coroutine and are read or written only on `executor`.
struct ConnectionSlot {
  explicit ConnectionSlot(ConnectionExecutor e) : executor(std::move(e)) {}
  ConnectionExecutor executor;
  boost::beast::tcp_stream* stream = nullptr;  // null once the connection is done
  bool idle = false;                           // waiting for the first byte of a request
  bool fresh = true;                           // no request has arrived on it yet
  // grace is, at shutdown, the wait for a fresh connection's first request (cancelled when it
  // ends, so that it does not keep the I/O thread running).
  std::unique_ptr<boost::asio::steady_timer> grace;
};

// kFirstRequestGrace is, at shutdown, how long a connection that has not carried a request yet
// may take to send its first: the client opened it for a request that may still be on its way,
// and closing it unread would fail that request. Idle keep-alive connections are closed at
// once.
inline constexpr std::chrono::milliseconds kFirstRequestGrace{1000};

// ConnectionRegistry holds the open connections (see above). Thread-safe.
class ConnectionRegistry {
 public:
  // `on_drained` runs (on the thread of the last Remove) when the registry becomes empty
  // during a shutdown.
  explicit ConnectionRegistry(std::function<void()> on_drained)
      : on_drained_(std::move(on_drained)) {}

  // Add registers an open connection.
  void Add(std::shared_ptr<ConnectionSlot> slot);
  // Remove unregisters a connection that is done.
  void Remove(const ConnectionSlot* slot);

  // BeginShutdown marks the server as stopping and closes every idle keep-alive connection,
  // unless a request's bytes are already waiting on it; one that has not carried a request yet
  // gets kFirstRequestGrace first. Busy ones close after their current response. Returns how
  // many connections are open.
  std::size_t BeginShutdown();
  // CloseAll closes every connection now (the shutdown timeout expired). Returns how many there
  // were.
  std::size_t CloseAll();

  // Stopping says whether BeginShutdown has run.
  bool Stopping() const { return stopping_.load(std::memory_order_acquire); }
  // Size is the number of open connections.
  std::size_t Size() const;

  // CountDrained counts a request answered after the shutdown began (Drained reports them in
  // the "stopped" log line).
  void CountDrained() { drained_.fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t Drained() const { return drained_.load(std::memory_order_relaxed); }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const ConnectionSlot*, std::shared_ptr<ConnectionSlot>> open_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> drained_{0};
  std::function<void()> on_drained_;
};

}  // namespace rampart::api::server_detail
