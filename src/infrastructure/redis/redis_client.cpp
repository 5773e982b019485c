#include "infrastructure/redis/redis_client.hpp"

#include <boost/system/system_error.hpp>

#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <span>
#include <thread>

#include "common/log.hpp"
#include "infrastructure/redis/redis_stream.hpp"
#include "infrastructure/resilience/backoff.hpp"

namespace rampart::infrastructure::redis {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Pending {
  RedisClient::Callback done;
  SteadyClock::time_point deadline;
};

}  // namespace

// One pipelined connection, driven by the event loop `io` (every member below the inbox is only
// touched there). Commands may be sent from any thread; replies are handed out on that loop.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Callback = RedisClient::Callback;
  using Reply = RedisClient::Reply;

  Connection(const RedisClientOptions& options, asio::io_context& io)
      : options_(options),
        io_(io),
        backoff_({.initial = options_.reconnect_initial, .max = options_.reconnect_max}),
        reconnect_timer_(io_),
        watchdog_(io_) {
    if (options_.endpoint.tls) {
      tls_context_.emplace(ssl::context::tls_client);
      tls_context_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                                ssl::context::no_tlsv1_1);
      if (options_.tls_verify) {
        if (options_.tls_ca_file.empty()) {
          tls_context_->set_default_verify_paths();
        } else {
          tls_context_->load_verify_file(options_.tls_ca_file);
        }
        tls_context_->set_verify_mode(ssl::verify_peer);
      } else {
        tls_context_->set_verify_mode(ssl::verify_none);
      }
    }
  }

  void Start() { asio::co_spawn(io_, Run(shared_from_this()), asio::detached); }

  // On the connection's loop: closes it for good and fails what is in flight; the loop then has
  // no more work of this connection.
  void StopHere() {
    stopping_ = true;
    session_up_ = false;
    connected_.store(false, std::memory_order_release);
    reconnect_timer_.cancel();
    watchdog_.cancel();
    if (stream_) stream_->Close();
    FailAll("redis client stopped");
    std::deque<Pending> queued;
    {
      std::lock_guard lock(inbox_mutex_);
      queued.swap(inbox_);
      inbox_bytes_.clear();
    }
    for (auto& pending : queued) pending.done(std::unexpected(std::string("redis client stopped")));
  }

  void Send(std::vector<std::string> args, Callback done) {
    if (!connected_.load(std::memory_order_acquire)) {
      done(std::unexpected(std::string("redis unavailable")));
      return;
    }
    bool schedule = false;
    {
      std::lock_guard lock(inbox_mutex_);
      AppendCommand(inbox_bytes_, args);
      inbox_.push_back({std::move(done), SteadyClock::now() + options_.command_timeout});
      schedule = !flush_scheduled_;
      flush_scheduled_ = true;
    }
    if (schedule) asio::post(io_, [self = shared_from_this()] { self->Flush(); });
  }

  RedisClient::Reply Call(std::vector<std::string> args) {
    auto promise = std::make_shared<std::promise<RedisClient::Reply>>();
    auto future = promise->get_future();
    Send(std::move(args),
         [promise](RedisClient::Reply reply) { promise->set_value(std::move(reply)); });
    // The command deadline fails it from the client's thread; the margin only guards a stall of
    // that thread itself.
    if (future.wait_for(options_.command_timeout + std::chrono::milliseconds(50)) !=
        std::future_status::ready) {
      return std::unexpected(std::string("redis command timed out"));
    }
    return future.get();
  }

  bool Connected() const { return connected_.load(std::memory_order_acquire); }
  const RedisClientOptions& Options() const { return options_; }

 private:
  // Moves what callers queued into the connection's outbox (on the client's thread).
  // The batch buffers are members swapped with the inbox's and cleared after: both keep their
  // storage, so a flush allocates nothing in the steady state.
  void Flush() {
    {
      std::lock_guard lock(inbox_mutex_);
      flushing_.swap(inbox_);
      flushing_bytes_.swap(inbox_bytes_);
      flush_scheduled_ = false;
    }
    struct Clear {
      Connection& self;
      ~Clear() {
        self.flushing_.clear();
        self.flushing_bytes_.clear();
      }
    } clear{*this};
    std::deque<Pending>& incoming = flushing_;
    std::string& bytes = flushing_bytes_;
    if (!stream_ || !session_up_) {
      for (auto& pending : incoming)
        pending.done(std::unexpected(std::string("redis unavailable")));
      return;
    }
    for (auto& pending : incoming) awaiting_.push_back(std::move(pending));
    if (writing_) {
      outbox_ += bytes;  // the running write loop takes it
      return;
    }
    // Idle connection: try the socket at once. A plain socket almost always takes the whole
    // batch, which saves spawning a write coroutine (frame, reactor round) per batch; what it
    // does not take, and anything over TLS, goes through the write loop.
    if (!stream_->Tls()) {
      boost::system::error_code error;
      stream_->Socket().non_blocking(true, error);
      const std::size_t written =
          error ? 0 : stream_->Socket().write_some(asio::buffer(bytes), error);
      if (error && error != asio::error::would_block && error != asio::error::try_again) {
        DropConnection(error.message());
        return;
      }
      if (written == bytes.size()) return;
      bytes.erase(0, written);
    }
    outbox_ += bytes;
    writing_ = true;
    asio::co_spawn(io_, WriteLoop(shared_from_this(), generation_), asio::detached);
  }

  static asio::awaitable<void> WriteLoop(std::shared_ptr<Connection> self,
                                         std::uint64_t generation) {
    try {
      while (!self->outbox_.empty() && generation == self->generation_ && self->stream_) {
        std::string chunk;
        chunk.swap(self->outbox_);
        co_await self->stream_->WriteAll(asio::buffer(chunk));
      }
    } catch (const std::exception& error) {
      if (generation == self->generation_) self->DropConnection(ErrorText(error));
    }
    if (generation == self->generation_) self->writing_ = false;
  }

  // Reads replies and hands each to the oldest waiting command (RESP replies come in order).
  asio::awaitable<void> ReadLoop() {
    RespParser parser;
    std::vector<char> buffer(64 * 1024);
    for (;;) {
      const std::size_t n = co_await stream_->ReadSome(asio::buffer(buffer));
      parser.Feed(buffer.data(), n);
      while (auto reply = parser.Next()) {
        if (awaiting_.empty()) throw std::runtime_error("redis sent a reply nobody asked for");
        Pending pending = std::move(awaiting_.front());
        awaiting_.pop_front();
        if (!healthy_since_connect_) {
          healthy_since_connect_ = true;
          backoff_.Reset();
        }
        pending.done(std::move(*reply));
      }
    }
  }

  // Sends one command during the handshake and reads its reply directly.
  asio::awaitable<RespValue> HandshakeCall(const std::vector<std::string>& args,
                                           RespParser& parser) {
    std::string bytes;
    AppendCommand(bytes, args);
    co_await stream_->WriteAll(asio::buffer(bytes));
    std::vector<char> buffer(4096);
    for (;;) {
      if (auto reply = parser.Next()) co_return std::move(*reply);
      const std::size_t n = co_await stream_->ReadSome(asio::buffer(buffer));
      parser.Feed(buffer.data(), n);
    }
  }

  asio::awaitable<void> Connect() {
    const auto& endpoint = options_.endpoint;
    stream_.emplace(io_, tls_context_ ? &*tls_context_ : nullptr);
    // One deadline for resolve + connect + TLS + AUTH/SELECT: the watchdog closes the socket.
    handshake_deadline_ = SteadyClock::now() + options_.connect_timeout;
    tcp::resolver resolver(io_);
    const auto addresses = co_await resolver.async_resolve(
        endpoint.host, std::to_string(endpoint.port), asio::use_awaitable);
    co_await asio::async_connect(stream_->Socket(), addresses, asio::use_awaitable);
    stream_->Socket().set_option(tcp::no_delay(true));
    if (auto* tls = stream_->Tls()) {
      if (!SSL_set_tlsext_host_name(tls->native_handle(), endpoint.host.c_str())) {
        throw std::runtime_error("redis: cannot set TLS server name");
      }
      if (options_.tls_verify) tls->set_verify_callback(ssl::host_name_verification(endpoint.host));
      co_await tls->async_handshake(ssl::stream_base::client, asio::use_awaitable);
    }
    RespParser parser;
    if (!endpoint.password.empty()) {
      std::vector<std::string> auth{"AUTH"};
      if (!endpoint.username.empty()) auth.push_back(endpoint.username);
      auth.push_back(endpoint.password);
      const RespValue reply = co_await HandshakeCall(auth, parser);
      if (reply.IsError()) throw std::runtime_error("redis AUTH failed: " + reply.text);
    }
    if (endpoint.database != 0) {
      // A named vector: g++ 12 miscompiles a braced temporary inside co_await.
      const std::vector<std::string> select{"SELECT", std::to_string(endpoint.database)};
      const RespValue reply = co_await HandshakeCall(select, parser);
      if (reply.IsError()) throw std::runtime_error("redis SELECT failed: " + reply.text);
    }
    handshake_deadline_.reset();
  }

  static asio::awaitable<void> Run(std::shared_ptr<Connection> self) {
    if (self->stopping_) co_return;  // stopped before it started
    self->ArmWatchdog();
    bool was_up = true;  // log the first failure, then only changes
    while (!self->stopping_) {
      try {
        co_await self->Connect();
        // Stopped while connecting (the resolver is not cancelled by closing the socket).
        if (self->stopping_) {
          self->DropConnection("redis client stopped");
          break;
        }
        self->session_up_ = true;
        self->healthy_since_connect_ = false;
        self->connected_.store(true, std::memory_order_release);
        log::Info("redis", "connected",
                  {{"host", self->options_.endpoint.host},
                   {"port", self->options_.endpoint.port},
                   {"tls", self->options_.endpoint.tls}});
        was_up = true;
        co_await self->ReadLoop();
      } catch (const std::exception& error) {
        if (was_up && !self->stopping_) {
          log::Warn("redis", "connection failed or lost; commands fail fast until it is back",
                    {{"host", self->options_.endpoint.host},
                     {"port", self->options_.endpoint.port},
                     {"error", ErrorText(error)}});
        }
        was_up = false;
      }
      self->DropConnection("redis connection lost");
      if (self->stopping_) break;
      self->reconnect_timer_.expires_after(self->backoff_.Next());
      boost::system::error_code ignored;
      co_await self->reconnect_timer_.async_wait(
          asio::redirect_error(asio::use_awaitable, ignored));
    }
  }

  // Closes the connection and fails every command in flight (they can no longer be matched).
  void DropConnection(std::string_view reason) {
    connected_.store(false, std::memory_order_release);
    session_up_ = false;
    ++generation_;
    writing_ = false;
    outbox_.clear();
    handshake_deadline_.reset();
    if (stream_) stream_->Close();
    FailAll(reason);
  }

  void FailAll(std::string_view reason) {
    auto awaiting = std::move(awaiting_);
    awaiting_.clear();
    for (auto& pending : awaiting) pending.done(std::unexpected(std::string(reason)));
  }

  // Every few milliseconds: a command or handshake past its deadline drops the connection.
  void ArmWatchdog() {
    const auto tick = std::clamp(options_.command_timeout / 4, std::chrono::milliseconds(5),
                                 std::chrono::milliseconds(50));
    watchdog_.expires_after(tick);
    watchdog_.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (error || self->stopping_) return;
      const auto now = SteadyClock::now();
      if (self->handshake_deadline_ && *self->handshake_deadline_ < now) {
        self->handshake_deadline_.reset();
        if (self->stream_) self->stream_->Close();  // the pending connect step fails
      } else if (!self->awaiting_.empty() && self->awaiting_.front().deadline < now) {
        log::Warn("redis", "command timed out; reconnecting",
                  {{"timeoutMs", self->options_.command_timeout.count()},
                   {"inFlight", self->awaiting_.size()}});
        self->DropConnection("redis command timed out");
      }
      self->ArmWatchdog();
    });
  }

  const RedisClientOptions options_;
  asio::io_context& io_;
  std::optional<ssl::context> tls_context_;
  resilience::Backoff backoff_;
  asio::steady_timer reconnect_timer_;
  asio::steady_timer watchdog_;

  std::atomic<bool> connected_ = false;  // read by callers on any thread

  std::mutex inbox_mutex_;  // callers' queue, drained by Flush on the client's thread
  std::deque<Pending> inbox_;
  std::string inbox_bytes_;
  bool flush_scheduled_ = false;

  // Only touched on the connection's loop.
  std::deque<Pending> flushing_;  // the batch being flushed (see Flush)
  std::string flushing_bytes_;
  std::optional<Stream> stream_;
  bool session_up_ = false;
  bool stopping_ = false;
  bool writing_ = false;
  bool healthy_since_connect_ = false;
  std::uint64_t generation_ = 0;  // bumped per dropped connection; stale writers stop
  std::string outbox_;
  std::deque<Pending> awaiting_;  // written or about to be, oldest first
  std::optional<SteadyClock::time_point> handshake_deadline_;
};

namespace {

// The connections of the event loop this thread runs, one per client that attached it (a
// process may hold several clients). Only this thread reads or changes its list.
struct LoopBinding {
  std::uint64_t client_id;
  std::shared_ptr<Connection> connection;
};
thread_local std::vector<LoopBinding> t_loop_bindings;

std::atomic<std::uint64_t> g_next_client_id{1};

}  // namespace

// The client's own connection on its own thread (for worker threads and blocking calls), plus
// one connection per attached event loop.
class RedisClient::Impl {
 public:
  explicit Impl(RedisClientOptions options)
      : options_(std::move(options)),
        own_(std::make_shared<Connection>(options_, io_)),
        work_(asio::make_work_guard(io_)) {
    own_->Start();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    DetachLoops();
    asio::post(io_, [this] {
      own_->StopHere();
      work_.reset();
    });
    if (thread_.joinable()) thread_.join();
  }

  void Send(std::vector<std::string> args, Callback done) {
    for (const auto& binding : t_loop_bindings) {
      if (binding.client_id != id_) continue;
      // This thread's loop has a connection: no hand-off to another thread, the reply comes
      // back here. While it is down (re)connecting, the client's own connection serves.
      if (binding.connection->Connected()) {
        binding.connection->Send(std::move(args), std::move(done));
        return;
      }
      break;
    }
    own_->Send(std::move(args), std::move(done));
  }

  Reply Call(std::vector<std::string> args) { return own_->Call(std::move(args)); }
  bool Connected() const { return own_->Connected(); }
  const RedisClientOptions& Options() const { return options_; }

  void AttachLoops(std::span<asio::io_context* const> loops) {
    std::lock_guard lock(loops_mutex_);
    for (asio::io_context* loop : loops) {
      auto connection = std::make_shared<Connection>(options_, *loop);
      attached_.push_back({loop, connection});
      // Bound and started on the loop's own thread, once it runs.
      asio::post(*loop, [connection, id = id_] {
        t_loop_bindings.push_back({id, connection});
        connection->Start();
      });
    }
  }

  void DetachLoops() {
    std::vector<std::pair<asio::io_context*, std::shared_ptr<Connection>>> attached;
    {
      std::lock_guard lock(loops_mutex_);
      attached.swap(attached_);
    }
    for (auto& [loop, connection] : attached) {
      asio::post(*loop, [connection, id = id_] {
        std::erase_if(t_loop_bindings,
                      [id](const LoopBinding& binding) { return binding.client_id == id; });
        connection->StopHere();
      });
    }
  }

 private:
  const RedisClientOptions options_;
  const std::uint64_t id_ = g_next_client_id.fetch_add(1);
  asio::io_context io_{1};  // declared before what runs on it, destroyed after
  std::shared_ptr<Connection> own_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
  std::mutex loops_mutex_;
  std::vector<std::pair<asio::io_context*, std::shared_ptr<Connection>>> attached_;
};

RedisClient::RedisClient(RedisClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

RedisClient::~RedisClient() = default;

void RedisClient::Send(std::vector<std::string> args, Callback done) {
  impl_->Send(std::move(args), std::move(done));
}

RedisClient::Reply RedisClient::Call(std::vector<std::string> args) {
  return impl_->Call(std::move(args));
}

bool RedisClient::Connected() const { return impl_->Connected(); }

const RedisClientOptions& RedisClient::Options() const { return impl_->Options(); }

void RedisClient::AttachLoops(std::span<boost::asio::io_context* const> loops) {
  impl_->AttachLoops(loops);
}

void RedisClient::DetachLoops() { impl_->DetachLoops(); }

}  // namespace rampart::infrastructure::redis
