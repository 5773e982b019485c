#pragma once
// One PostgreSQL connection driven by libpq's asynchronous API on the adapter's event loop.
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "application/ports/dependency_unavailable.hpp"
#include "infrastructure/persistence/postgres/pg_result.hpp"

namespace rampart::infrastructure::postgres {

class PgLoop;

// Called after every statement with its name and duration (from the moment the pipeline was
// sent, or the previous statement of the same pipeline finished, to its result).
using QueryObserver = std::function<void(std::string_view statement, std::chrono::nanoseconds)>;

struct ConnectOptions {
  std::string url;  // postgresql://... (a libpq connection URI or key=value string)
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds statement_timeout{5000};  // server-side, per statement; 0 = none
  std::shared_ptr<const QueryObserver> observer;      // may be null
};

// PgConnectRefused: connecting failed for a reason that waiting does not heal: the password or
// certificate was refused, the role or the database does not exist, pg_hba.conf has no entry for
// this client. Retrying such a connect only delays the operator's fix.
class PgConnectRefused : public application::DependencyUnavailable {
 public:
  using DependencyUnavailable::DependencyUnavailable;
};

// PermanentConnectFailure returns whether libpq's connection error text reports such a failure (the
// server's FATAL messages; best effort, as libpq gives no SQLSTATE for a failed connect).
bool PermanentConnectFailure(std::string_view libpq_message);

// ConnectKeywords returns the libpq connection keywords of `options`, in the order given to
// PQconnectStartParams. Network-failure defaults come first (TCP keepalives every 5 s after 10 s
// idle, 3 probes; `tcp_user_timeout` 10 s: data unacknowledged that long closes the socket), so the
// URL's own `?keepalives_idle=...&tcp_user_timeout=...` override them; then the URL (`dbname`,
// expanded); then ours that the URL must not change (`options` with statement_timeout).
std::vector<std::pair<std::string, std::string>> ConnectKeywords(const ConnectOptions& options);

// PgConnection is a connection in nonblocking pipeline mode. Every libpq call on it happens on the
// loop thread; the socket is watched through an Asio descriptor on PQsocket() (released, never
// closed, by Asio: libpq owns the fd). Worker threads call Execute, which hands the commands to the
// loop and waits for their completion: the worker blocks, the loop never does.
//
// Lifetime: owned by shared_ptr; Close() must be called to drop it (pending handlers hold a
// reference). Used by one thread at a time (the pool hands out exclusive leases).
class PgConnection : public std::enable_shared_from_this<PgConnection> {
 public:
  using Clock = std::chrono::steady_clock;
  using ConnectHandler = std::function<void(std::shared_ptr<PgConnection>, std::string error)>;

  // OpenAsync starts connecting; `done` runs on the loop thread with the connection or an error
  // text (never containing the password). Never blocks the caller.
  static void OpenAsync(PgLoop& loop, const ConnectOptions& options, ConnectHandler done);
  // Open blocks the calling (worker) thread until connected; throws DependencyUnavailable.
  static std::shared_ptr<PgConnection> Open(PgLoop& loop, const ConnectOptions& options);

  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Execute sends every command in one pipeline (statements this connection has not prepared yet
  // are prepared in the same round trip) and returns one result per command. Throws PgError for the
  // first statement the server rejected (those after it are skipped), and DependencyUnavailable
  // when the connection is lost or `timeout` passes. A timed-out call drops the connection (never a
  // blocking PQcancel, see docs/postgres.md): the call returns at `timeout` even when the server is
  // frozen or the network drops every packet.
  std::vector<PgResult> Execute(std::span<const Command> commands,
                                std::chrono::milliseconds timeout);
  PgResult Execute(const Statement& statement, Params params, std::chrono::milliseconds timeout);
  // ExecuteDetached sends `statement` (no parameters, e.g. ROLLBACK of a read-only transaction)
  // without waiting for it: the connection counts as out of a transaction at once, runs it before
  // any later call (which is pipelined behind it, not delayed by a round trip), and breaks itself
  // if it fails.
  void ExecuteDetached(const Statement& statement);
  // ExecuteScript runs SQL text with the simple query protocol (several statements allowed, no
  // parameters): migrations and transaction control. Same errors as Execute.
  void ExecuteScript(std::string sql, std::chrono::milliseconds timeout);

  // Broken returns true when the connection failed or was closed; it must not be reused.
  bool Broken() const { return broken_.load(std::memory_order_acquire); }
  // Idle returns true when no transaction is open (as of the last completed call).
  bool Idle() const { return transaction_idle_.load(std::memory_order_acquire); }
  Clock::time_point created_at() const { return created_at_; }
  // Close closes the connection on the loop (fails a pending call). Idempotent; any thread.
  void Close();

 private:
  struct Io;
  struct Operation;

  PgConnection(PgLoop& loop, PGconn* connection, ConnectOptions options);

  // ConnectStep: loop thread only.
  void ConnectStep(PostgresPollingStatusType status, ConnectHandler done);
  void FinishConnect(ConnectHandler& done);
  void FailConnect(ConnectHandler& done, std::string error);
  void Rebind();
  void WatchReadable();
  void WatchWritable();
  void Start(std::shared_ptr<Operation> operation);
  void Send(std::shared_ptr<Operation> operation);
  void Flush();
  void Drain();
  void Complete();
  void Break(std::string reason);

  std::shared_ptr<Operation> Run(std::shared_ptr<Operation> operation,
                                 std::chrono::milliseconds timeout);

  PgLoop& loop_;
  PGconn* connection_;
  const ConnectOptions options_;
  const Clock::time_point created_at_ = Clock::now();
  std::unique_ptr<Io> io_;
  std::deque<std::shared_ptr<Operation>> in_flight_;  // sent, results read in this order
  std::deque<std::shared_ptr<Operation>> waiting_;    // not sent yet (behind a script)
  std::unordered_set<std::string> prepared_;          // statement names prepared on this session
  std::unordered_set<std::string_view> preparing_;    // sent for preparing, not yet confirmed
  bool connecting_ = true;
  bool reading_ = false;
  bool writing_ = false;
  std::atomic<bool> broken_{false};
  std::atomic<bool> transaction_idle_{true};
};

}  // namespace rampart::infrastructure::postgres
