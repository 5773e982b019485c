#include "infrastructure/persistence/postgres/pg_connection.hpp"
#include "telemetry/span.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <future>
#include <optional>

#include "application/ports/dependency_unavailable.hpp"
#include "common/log.hpp"
#include "infrastructure/persistence/postgres/pg_error.hpp"
#include "infrastructure/persistence/postgres/pg_loop.hpp"

namespace rampart::infrastructure::postgres {

namespace asio = boost::asio;
using application::DependencyUnavailable;

namespace {

constexpr const char* kDependency = "database";

std::string Trimmed(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? "unknown libpq error" : text;
}

std::string Field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value == nullptr ? "" : value;
}

void LogNotice(void*, const char* message) {
  log::Warn("db", "PostgreSQL server message", {{"message", Trimmed(message)}});
}

}  // namespace

struct PgConnection::Io {
  explicit Io(asio::io_context& context) : socket(context), timer(context) {}
  asio::posix::stream_descriptor socket;
  asio::steady_timer timer;
};

struct PgConnection::Operation {
  enum class Kind { kPrepare, kQuery };
  struct Item {
    Kind kind;
    std::size_t command;
  };

  std::span<const Command> commands;
  std::optional<std::string> script;  // simple-protocol text instead of commands
  std::vector<Command> owned;         // what `commands` views for a detached call
  bool detached = false;              // nobody waits: a failure breaks the connection

  std::vector<Item> items;
  std::size_t current = 0;
  std::vector<PgResult> results;
  std::optional<PgError> error;
  std::string connection_error;  // non-empty: the connection failed
  Clock::time_point last_mark{};
  bool finished = false;
  std::promise<void> done;
};

PgConnection::PgConnection(PgLoop& loop, PGconn* connection, ConnectOptions options)
    : loop_(loop),
      connection_(connection),
      options_(std::move(options)),
      io_(std::make_unique<Io>(loop.context())) {}

PgConnection::~PgConnection() {
  // Only reached once no handler holds a reference, so nothing else touches libpq or the
  // descriptor now. Asio must not close libpq's socket.
  if (io_->socket.is_open()) io_->socket.release();
  if (connection_ != nullptr) PQfinish(connection_);
}

// --- connecting ------------------------------------------------------------------------------

bool PermanentConnectFailure(std::string_view message) {
  static constexpr std::string_view kPermanent[] = {
      "password authentication failed",  // 28P01
      "authentication failed",           // 28000: certificate, ident, peer, ...
      "no pg_hba.conf entry",            // 28000
      "no password supplied",            // the server asked for one, the URL has none
      "does not exist",                  // role or database (28000, 3D000)
      "not permitted to log",            // ... in: a role without LOGIN
      "permission denied for database",  // no CONNECT privilege
  };
  for (const auto permanent : kPermanent) {
    if (message.find(permanent) != std::string_view::npos) return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> ConnectKeywords(const ConnectOptions& options) {
  // A frozen server or a blackholed network sends no RST: without these an idle connection
  // would look open for the kernel's default of two hours (keepalives) or ~15 minutes of
  // retransmissions (unacknowledged data).
  std::vector<std::pair<std::string, std::string>> keywords = {
      {"keepalives", "1"},       {"keepalives_idle", "10"},     {"keepalives_interval", "5"},
      {"keepalives_count", "3"}, {"tcp_user_timeout", "10000"},
  };
  // libpq expands the URL at its position: what it sets overrides the keywords before it.
  keywords.emplace_back("dbname", options.url);
  keywords.emplace_back("fallback_application_name", "rampart");
  // NOTICEs ("relation already exists, skipping") are noise for a service; warnings are kept.
  // After the URL, so they override an `options` given in it.
  keywords.emplace_back(
      "options", "-c statement_timeout=" + std::to_string(options.statement_timeout.count()) +
                     " -c client_min_messages=warning");
  return keywords;
}

void PgConnection::OpenAsync(PgLoop& loop, const ConnectOptions& options, ConnectHandler done) {
  const auto keywords = ConnectKeywords(options);
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (const auto& [key, value] : keywords) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* raw = PQconnectStartParams(keys.data(), values.data(), /*expand_dbname=*/1);
  // libpq would print server messages on stderr; they belong in the structured log.
  if (raw != nullptr) PQsetNoticeProcessor(raw, &LogNotice, nullptr);
  std::shared_ptr<PgConnection> connection(new PgConnection(loop, raw, options));
  asio::post(loop.context(), [connection, done = std::move(done)]() mutable {
    if (connection->connection_ == nullptr || PQstatus(connection->connection_) == CONNECTION_BAD) {
      connection->FailConnect(done, connection->connection_ == nullptr
                                        ? "out of memory"
                                        : Trimmed(PQerrorMessage(connection->connection_)));
      return;
    }
    connection->io_->timer.expires_after(connection->options_.connect_timeout);
    connection->io_->timer.async_wait([connection](boost::system::error_code error) {
      if (error || !connection->connecting_) return;
      connection->Break("connect timed out");
    });
    // libpq: start as if PQconnectPoll had returned PGRES_POLLING_WRITING.
    connection->ConnectStep(PGRES_POLLING_WRITING, std::move(done));
  });
}

std::shared_ptr<PgConnection> PgConnection::Open(PgLoop& loop, const ConnectOptions& options) {
  auto promise = std::make_shared<std::promise<std::shared_ptr<PgConnection>>>();
  auto future = promise->get_future();
  OpenAsync(loop, options, [promise](std::shared_ptr<PgConnection> connection, std::string error) {
    if (connection) {
      promise->set_value(std::move(connection));
    } else {
      const std::string reason = "connect failed: " + error;
      promise->set_exception(
          PermanentConnectFailure(error)
              ? std::make_exception_ptr(PgConnectRefused(kDependency, reason))
              : std::make_exception_ptr(DependencyUnavailable(kDependency, reason)));
    }
  });
  return future.get();  // the loop's connect timer bounds the wait
}

void PgConnection::Rebind() {
  // libpq may switch sockets while connecting (another host or address), and a new socket
  // can reuse the old number: register it afresh each time.
  if (io_->socket.is_open()) io_->socket.release();
  const int fd = PQsocket(connection_);
  if (fd >= 0) io_->socket.assign(fd);
}

void PgConnection::ConnectStep(PostgresPollingStatusType status, ConnectHandler done) {
  if (!connecting_) return;  // timed out meanwhile
  if (status == PGRES_POLLING_OK) return FinishConnect(done);
  if (status == PGRES_POLLING_FAILED)
    return FailConnect(done, Trimmed(PQerrorMessage(connection_)));
  Rebind();
  if (!io_->socket.is_open()) return FailConnect(done, "libpq has no socket");
  const auto wait = status == PGRES_POLLING_READING ? asio::posix::descriptor_base::wait_read
                                                    : asio::posix::descriptor_base::wait_write;
  io_->socket.async_wait(wait, [self = shared_from_this(),
                                done = std::move(done)](boost::system::error_code error) mutable {
    if (error) {  // the connect timer broke the connection
      if (self->connecting_) self->FailConnect(done, "connect timed out");
      return;
    }
    self->ConnectStep(PQconnectPoll(self->connection_), std::move(done));
  });
}

void PgConnection::FinishConnect(ConnectHandler& done) {
  connecting_ = false;
  io_->timer.cancel();
  if (PQsetnonblocking(connection_, 1) != 0 || PQenterPipelineMode(connection_) != 1) {
    Break(Trimmed(PQerrorMessage(connection_)));
    return done(nullptr, "cannot enter nonblocking pipeline mode");
  }
  Rebind();
  WatchReadable();
  done(shared_from_this(), "");
}

void PgConnection::FailConnect(ConnectHandler& done, std::string error) {
  connecting_ = false;
  io_->timer.cancel();
  Break(error);
  done(nullptr, std::move(error));
}

// --- socket readiness ------------------------------------------------------------------------

void PgConnection::WatchReadable() {
  if (reading_ || Broken()) return;
  reading_ = true;
  io_->socket.async_wait(asio::posix::descriptor_base::wait_read,
                         [self = shared_from_this()](boost::system::error_code error) {
                           self->reading_ = false;
                           if (error || self->Broken()) return;
                           // Also while idle: this is how a server that went away is noticed
                           // before the connection is handed out again.
                           if (PQconsumeInput(self->connection_) == 0) {
                             return self->Break(Trimmed(PQerrorMessage(self->connection_)));
                           }
                           if (!self->in_flight_.empty()) self->Drain();
                           // Drain may have started a flush; a broken connection stops here.
                           self->WatchReadable();
                         });
}

void PgConnection::WatchWritable() {
  if (writing_ || Broken()) return;
  writing_ = true;
  io_->socket.async_wait(asio::posix::descriptor_base::wait_write,
                         [self = shared_from_this()](boost::system::error_code error) {
                           self->writing_ = false;
                           if (error || self->Broken()) return;
                           self->Flush();
                         });
}

void PgConnection::Flush() {
  const int pending = PQflush(connection_);
  if (pending < 0) return Break(Trimmed(PQerrorMessage(connection_)));
  if (pending > 0) WatchWritable();  // the read watch keeps consuming input meanwhile
}

// --- calls -----------------------------------------------------------------------------------

void PgConnection::Start(std::shared_ptr<Operation> operation) {
  if (Broken()) {
    operation->connection_error = "the connection is closed";
    operation->finished = true;
    operation->done.set_value();
    return;
  }
  // Calls are pipelined behind those in flight (each has its own sync point, so an error in one
  // does not abort the next); a script needs the pipeline to itself.
  const bool can_send = in_flight_.empty() || (!operation->script && !in_flight_.back()->script);
  if (!waiting_.empty() || !can_send) {
    waiting_.push_back(std::move(operation));
    return;
  }
  Send(std::move(operation));
}

void PgConnection::Send(std::shared_ptr<Operation> operation) {
  in_flight_.push_back(std::move(operation));
  Operation& op = *in_flight_.back();
  op.last_mark = Clock::now();
  bool sent = true;
  if (op.script) {
    // The simple query protocol is not available in pipeline mode; nothing is in flight here.
    sent =
        PQexitPipelineMode(connection_) == 1 && PQsendQuery(connection_, op.script->c_str()) == 1;
  } else {
    op.results.resize(op.commands.size());
    for (std::size_t i = 0; i < op.commands.size() && sent; ++i) {
      const Command& command = op.commands[i];
      const Statement& statement = *command.statement;
      // Also not when an earlier call in flight is preparing it.
      if (statement.prepare && !prepared_.contains(statement.name) &&
          !preparing_.contains(statement.name)) {
        sent = PQsendPrepare(connection_, statement.name, statement.sql, 0, nullptr) == 1;
        preparing_.insert(statement.name);
        op.items.push_back({Operation::Kind::kPrepare, i});
      }
      std::vector<const char*> values;
      values.reserve(command.params.size());
      for (const auto& param : command.params) values.push_back(param ? param->c_str() : nullptr);
      const int count = static_cast<int>(values.size());
      if (statement.prepare) {
        sent = sent && PQsendQueryPrepared(connection_, statement.name, count, values.data(),
                                           nullptr, nullptr, 0) == 1;
      } else {
        sent = sent && PQsendQueryParams(connection_, statement.sql, count, nullptr, values.data(),
                                         nullptr, nullptr, 0) == 1;
      }
      op.items.push_back({Operation::Kind::kQuery, i});
    }
    sent = sent && PQpipelineSync(connection_) == 1;
  }
  if (!sent) return Break(Trimmed(PQerrorMessage(connection_)));
  Flush();
  if (!Broken()) Drain();  // results may already be buffered
}

void PgConnection::Drain() {
  while (!in_flight_.empty() && !Broken() && PQisBusy(connection_) == 0) {
    Operation& op = *in_flight_.front();
    PGresult* result = PQgetResult(connection_);
    if (op.script) {
      if (result == nullptr) {
        Complete();
        continue;
      }
      if (PQresultStatus(result) == PGRES_FATAL_ERROR && !op.error) {
        op.error.emplace(Field(result, PG_DIAG_SQLSTATE), Field(result, PG_DIAG_CONSTRAINT_NAME),
                         Trimmed(PQresultErrorMessage(result)));
      }
      PQclear(result);
      continue;
    }
    if (result == nullptr) {  // the end of one statement's results
      ++op.current;
      continue;
    }
    const auto status = PQresultStatus(result);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(result);
      Complete();  // later calls' results may already be buffered: keep draining
      continue;
    }
    if (op.current >= op.items.size()) {  // cannot happen with a well-behaved server
      PQclear(result);
      return Break("unexpected result from the server");
    }
    const auto item = op.items[op.current];
    const Statement& statement = *op.commands[item.command].statement;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      if (item.kind == Operation::Kind::kPrepare) {
        prepared_.insert(statement.name);
        preparing_.erase(statement.name);
        PQclear(result);
      } else {
        op.results[item.command] = PgResult(result);
        const auto now = Clock::now();
        if (options_.observer) (*options_.observer)(statement.name, now - op.last_mark);
        op.last_mark = now;
      }
    } else {
      if (item.kind == Operation::Kind::kPrepare) preparing_.erase(statement.name);
      if (status == PGRES_FATAL_ERROR && !op.error) {
        op.error.emplace(
            Field(result, PG_DIAG_SQLSTATE), Field(result, PG_DIAG_CONSTRAINT_NAME),
            std::string(statement.name) + ": " + Trimmed(PQresultErrorMessage(result)));
      }
      PQclear(result);
    }
  }
}

void PgConnection::Complete() {
  auto operation = std::move(in_flight_.front());
  in_flight_.pop_front();
  if (operation->script && PQenterPipelineMode(connection_) != 1) {
    operation->connection_error = Trimmed(PQerrorMessage(connection_));
    Break(operation->connection_error);
  }
  // With later calls in flight the transaction state is theirs to report when they complete.
  if (in_flight_.empty()) {
    transaction_idle_.store(PQtransactionStatus(connection_) == PQTRANS_IDLE,
                            std::memory_order_release);
  }
  operation->finished = true;
  operation->done.set_value();
  if (operation->detached && operation->error && !Broken()) {
    // The connection may be left inside a transaction: never hand it out again.
    Break(operation->error->what());
    return;
  }
  while (!Broken() && !waiting_.empty() &&
         (in_flight_.empty() || (!waiting_.front()->script && !in_flight_.back()->script))) {
    auto next = std::move(waiting_.front());
    waiting_.pop_front();
    Send(std::move(next));
  }
}

void PgConnection::Break(std::string reason) {
  if (broken_.exchange(true, std::memory_order_acq_rel)) return;
  const std::string error = reason.empty() ? "connection lost" : std::move(reason);
  for (auto* queue : {&in_flight_, &waiting_}) {
    for (auto& operation : *queue) {
      operation->connection_error = error;
      operation->finished = true;
      operation->done.set_value();
    }
    queue->clear();
  }
  transaction_idle_.store(false, std::memory_order_release);
  io_->timer.cancel();
  // Handlers waiting on the socket complete with operation_aborted and drop their reference.
  if (io_->socket.is_open()) io_->socket.release();
  PQfinish(connection_);
  connection_ = nullptr;
}

void PgConnection::Close() {
  asio::post(loop_.context(), [self = shared_from_this()] { self->Break("closed"); });
}

std::shared_ptr<PgConnection::Operation> PgConnection::Run(std::shared_ptr<Operation> operation,
                                                           std::chrono::milliseconds timeout) {
  if (Broken()) throw DependencyUnavailable(kDependency, "the connection is closed");
  auto future = operation->done.get_future();
  asio::post(loop_.context(), [self = shared_from_this(), operation] { self->Start(operation); });
  if (future.wait_for(timeout) == std::future_status::timeout) {
    // No PQcancel: it opens a new connection to the server and waits for its answer, blocking
    // this worker for as long as the server is frozen or the network drops packets. A server
    // that is alive has already ended the statement by its own statement_timeout (the call
    // timeout is one second longer), so a call still waiting now has a server that does not
    // answer: drop the connection. Break completes the call on the loop at once (the loop
    // never blocks), and the operation must not outlive this frame's `commands`.
    asio::post(loop_.context(), [self = shared_from_this()] { self->Break("call timed out"); });
    future.wait();
    throw DependencyUnavailable(
        kDependency, "the call timed out after " + std::to_string(timeout.count()) + " ms");
  }
  if (!operation->connection_error.empty()) {
    throw DependencyUnavailable(kDependency, "connection lost: " + operation->connection_error);
  }
  if (operation->error) throw *operation->error;
  return operation;
}

std::vector<PgResult> PgConnection::Execute(std::span<const Command> commands,
                                            std::chrono::milliseconds timeout) {
  // The caller's (worker's) side of the round trip: a child of the request's span.
  telemetry::Span span(commands.size() == 1 ? commands[0].statement->name : "pipeline",
                       telemetry::SpanKind::kClient, telemetry::Work::kDatabase);
  if (span.Recording()) {
    span.SetAttribute("db.system.name", "postgresql");
    span.SetAttribute("db.operation.batch.size", static_cast<std::int64_t>(commands.size()));
    if (commands.size() == 1) span.SetAttribute("db.query.text", commands[0].statement->sql);
  }
  auto operation = std::make_shared<Operation>();
  operation->commands = commands;
  return std::move(Run(std::move(operation), timeout)->results);
}

void PgConnection::ExecuteDetached(const Statement& statement) {
  if (Broken()) return;
  // The statement ends the transaction (or the connection breaks): the pool may take it back now.
  transaction_idle_.store(true, std::memory_order_release);
  auto operation = std::make_shared<Operation>();
  operation->owned.push_back({&statement, {}});
  operation->commands = operation->owned;
  operation->detached = true;
  asio::post(loop_.context(), [self = shared_from_this(), operation] { self->Start(operation); });
}

PgResult PgConnection::Execute(const Statement& statement, Params params,
                               std::chrono::milliseconds timeout) {
  const Command command{&statement, std::move(params)};
  return std::move(Execute(std::span(&command, 1), timeout).front());
}

void PgConnection::ExecuteScript(std::string sql, std::chrono::milliseconds timeout) {
  auto operation = std::make_shared<Operation>();
  operation->script = std::move(sql);
  Run(std::move(operation), timeout);
}

}  // namespace rampart::infrastructure::postgres
