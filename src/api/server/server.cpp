#include "api/server/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <exception>
#include <stdexcept>
#include <thread>

#include "api/middleware/middleware.hpp"
#include "api/server/connection.hpp"
#include "api/server/dispatch.hpp"
#include "api/server/repeated_failure_log.hpp"
#include "api/server/tls_context.hpp"
#include "common/log.hpp"
#include "common/usable_cores.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kComponent = "http";

// Boost 1.81's http_server_awaitable example rethrows a null exception_ptr here; check first.
void ReportFailure(std::string_view what, std::exception_ptr failure) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    log::Error(kComponent, what, {{"error", error.what()}});
  } catch (...) {
    log::Error(kComponent, what, {{"error", "non-standard exception"}});
  }
}

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  return UsableCores();
}

telemetry::Counter& AcceptFailures() {
  static auto& failures = telemetry::Metrics()
                              .Counter("rampart.http.accept.failures",
                                       "Connections the listening socket failed to accept (out "
                                       "of file descriptors or memory).",
                                       "{failure}", {})
                              .With({});
  return failures;
}

std::string Describe(const std::string& host, std::uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

// One io_context per I/O thread (STYLE.md): a connection lives on one of them for its whole
// life, so its coroutine needs no strand. contexts_[0] also runs the control work: the
// acceptor, the signals and the shutdown, all of which therefore run on one thread.
class HttpServer::Impl {
 public:
  Impl(ServerOptions options, MiddlewareList middleware, WorkerPool& workers)
      : options_(std::move(options)),
        io_threads_(ThreadCount(options_.io_threads)),
        pipeline_(
            std::move(middleware),
            [&workers](HttpContext& context) { return DispatchToEndpoint(context, workers); }),
        limits_{options_.max_body_bytes,  options_.max_header_bytes,
                options_.read_timeout,    options_.idle_timeout,
                options_.write_timeout,   ClientIpResolver(options_.trusted_proxies),
                options_.security_headers},
        tls_(options_.tls.enabled
                 ? server_detail::MakeTlsContext(options_.tls.cert_file, options_.tls.key_file)
                 : nullptr),
        contexts_(MakeContexts(io_threads_)),
        control_(*contexts_.front()),
        acceptor_(control_),
        signals_(control_),
        shutdown_timer_(control_),
        connections_([this] { asio::post(control_, [this] { Finish(); }); }) {
    // An io_context with no connection yet must not return from run().
    for (auto& context : contexts_) keep_running_.push_back(asio::make_work_guard(*context));
    // Asio gives a loop its reactor (an epoll, an eventfd and a timerfd) with its first socket.
    // Lazily, that would happen in the completion of an accept, out of descriptors exactly when
    // accept() is failing: the exception escapes the loop and the accept coroutine is never
    // resumed, so the server stops accepting for good. A socket object per loop now sets every
    // reactor up while descriptors are plentiful.
    for (auto& context : contexts_) tcp::socket reactor_now(*context);
  }

  void Listen() {
    if (acceptor_.is_open()) return;
    const tcp::endpoint endpoint = Resolve();
    beast::error_code error;
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      throw std::runtime_error("cannot listen on " + Describe(options_.host, options_.port) + ": " +
                               error.message());
    }
    port_ = acceptor_.local_endpoint().port();
  }

  std::uint16_t Port() const { return port_; }

  void Run() {
    if (ran_.exchange(true)) throw std::logic_error("HttpServer::Run called twice");
    Listen();
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.add(SIGHUP);
    WaitForSignal();
    asio::co_spawn(control_, Accept(), [](std::exception_ptr failure) {
      ReportFailure("accept loop failed", failure);
    });
    log::Info(kComponent, "listening",
              {{"address", options_.host},
               {"port", static_cast<std::int64_t>(port_)},
               {"ioThreads", io_threads_},
               {"tls", tls_ != nullptr}});

    std::vector<asio::io_context*> loops;
    for (auto& context : contexts_) loops.push_back(context.get());
    for (auto& service : loop_services_) {
      if (service.attach) service.attach(loops);
    }

    std::vector<std::thread> threads;
    threads.reserve(contexts_.size() - 1);
    for (std::size_t i = 1; i < contexts_.size(); ++i) {
      threads.emplace_back([this, i] { RunLoop(*contexts_[i]); });
    }
    RunLoop(control_);
    for (auto& thread : threads) thread.join();

    const double took_ms =
        shutdown_started_ == Clock::time_point{}
            ? 0.0
            : std::chrono::duration<double, std::milli>(Clock::now() - shutdown_started_).count();
    log::Info(kComponent, "stopped",
              {{"drainedRequests", connections_.Drained()},
               {"forcedConnections", forced_},
               {"shutdownMs", std::round(took_ms)}});
  }

  void Stop() {
    asio::post(control_, [this] { RequestShutdown(/*from_signal=*/false); });
  }

  void AddLoopService(LoopService service) {
    if (ran_) throw std::logic_error("HttpServer::AddLoopService after Run");
    loop_services_.push_back(std::move(service));
  }

  void ReloadTls() {
    asio::post(control_, [this] { Reload(); });
  }

 private:
  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int count) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (int i = 0; i < count; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
  }

  tcp::endpoint Resolve() {
    std::string host = options_.host;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    beast::error_code error;
    const auto address = asio::ip::make_address(host, error);
    if (!error) return {address, options_.port};
    tcp::resolver resolver(control_);
    const auto results =
        resolver.resolve(host, std::to_string(options_.port), tcp::resolver::passive, error);
    if (error || results.empty()) {
      throw std::runtime_error("cannot listen on " + Describe(options_.host, options_.port) + ": " +
                               (error ? error.message() : "host not found"));
    }
    return results.begin()->endpoint();
  }

  // Runs `context` until it is out of work. A handler that throws is logged and the thread
  // goes back to work: one bad request must not take an I/O thread down.
  static void RunLoop(asio::io_context& context) {
    for (;;) {
      try {
        context.run();
        return;
      } catch (const std::exception& error) {
        log::Error(kComponent, "I/O thread caught an exception", {{"error", error.what()}});
      } catch (...) {
        log::Error(kComponent, "I/O thread caught an exception");
      }
    }
  }

  // On control_, like every use of the acceptor. Connections go round-robin to the threads.
  asio::awaitable<void> Accept() {
    std::size_t next = 0;
    for (;;) {
      asio::io_context& home = *contexts_[next++ % contexts_.size()];
      auto [error, socket] = co_await acceptor_.async_accept(home.get_executor(), kUseTuple);
      if (error) {
        if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        // Out of descriptors or memory: back off instead of spinning on the error, and log a
        // count per interval rather than a line per retry.
        AcceptFailures().Add();
        if (const auto failures = accept_failures_.Failed(Clock::now())) {
          log::Warn(kComponent, "accept failed",
                    {{"error", error.message()},
                     {"failures", *failures},
                     {"logIntervalMs", static_cast<std::int64_t>(
                                           options_.accept_error_log_interval.count())}});
        }
        asio::steady_timer pause(control_, std::chrono::milliseconds(50));
        co_await pause.async_wait(kUseTuple);
        continue;
      }
      if (const auto unlogged = accept_failures_.Recovered()) {
        log::Info(kComponent, "accepting connections again", {{"unloggedFailures", *unlogged}});
      }
      StartConnection(std::move(socket), home);
    }
  }

  // On control_, like every use of tls_.
  void StartConnection(tcp::socket socket, asio::io_context& home) {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto slot = std::make_shared<server_detail::ConnectionSlot>(home.get_executor());
    connections_.Add(slot);
    auto on_done = [](std::exception_ptr failure) { ReportFailure("connection failed", failure); };
    if (tls_) {
      asio::co_spawn(home,
                     server_detail::ServeTlsConnection(beast::tcp_stream(std::move(socket)), tls_,
                                                       slot, connections_, pipeline_, limits_),
                     on_done);
    } else {
      asio::co_spawn(home,
                     server_detail::ServeConnection(beast::tcp_stream(std::move(socket)), slot,
                                                    connections_, pipeline_, limits_),
                     on_done);
    }
  }

  // On control_. SIGHUP reloads the certificate and waits again; SIGINT/SIGTERM shut down.
  void WaitForSignal() {
    signals_.async_wait([this](const beast::error_code& error, int signal) {
      if (error) return;
      if (signal == SIGHUP) {
        Reload();
        WaitForSignal();
        return;
      }
      log::Info(kComponent, "signal received, shutting down", {{"signal", signal}});
      RequestShutdown(/*from_signal=*/true);
    });
  }

  // On control_: the lame-duck phase (when drain_delay > 0), then the drain. A second request
  // (signal or Stop) while in the phase drains at once.
  void RequestShutdown(bool from_signal) {
    if (stopping_) return;
    if (options_.drain_delay.count() <= 0 || lame_duck_) {
      BeginShutdown();
      return;
    }
    lame_duck_ = true;
    if (options_.on_lame_duck) options_.on_lame_duck();
    log::Info(kComponent, "lame duck: readiness answers 503, still serving until the drain",
              {{"drainDelayMs", options_.drain_delay.count()}});
    if (from_signal) WaitForSignal();  // (Stop() leaves the signal wait armed)
    shutdown_timer_.expires_after(options_.drain_delay);
    shutdown_timer_.async_wait([this](const beast::error_code& error) {
      if (!error) BeginShutdown();
    });
  }

  // On control_: the next accepted connections handshake with the new context; open ones keep
  // the context they hold.
  void Reload() {
    if (!tls_) {
      log::Info(kComponent, "SIGHUP: TLS is not enabled, nothing to reload");
      return;
    }
    try {
      tls_ = server_detail::MakeTlsContext(options_.tls.cert_file, options_.tls.key_file);
      log::Info(kComponent, "TLS certificate reloaded",
                {{"certFile", options_.tls.cert_file.string()}});
    } catch (const std::exception& error) {
      log::Error(kComponent, "TLS reload failed, keeping the previous certificate",
                 {{"error", error.what()}});
    }
  }

  // On control_, at shutdown: takes the connections already waiting in the listen backlog (they
  // connected before the signal, and a client may have sent its request on them already), so
  // that closing the acceptor does not reset them.
  void AcceptBacklog() {
    beast::error_code error;
    acceptor_.non_blocking(true, error);
    std::size_t next = 0;
    while (!error) {
      asio::io_context& home = *contexts_[next++ % contexts_.size()];
      tcp::socket socket(home);
      acceptor_.accept(socket, error);
      if (!error) StartConnection(std::move(socket), home);
    }
  }

  // On control_.
  void BeginShutdown() {
    if (stopping_) return;
    stopping_ = true;
    shutdown_timer_.cancel();  // the lame-duck delay, when a second signal cut it short
    shutdown_started_ = Clock::now();
    AcceptBacklog();
    beast::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    // A second SIGINT/SIGTERM while draining now ends the process the default way.
    signals_.clear(ignored);
    const std::size_t open = connections_.BeginShutdown();
    log::Info(kComponent, "shutting down", {{"openConnections", open}});
    if (options_.on_drain) options_.on_drain();
    if (open == 0) {
      Finish();
      return;
    }
    shutdown_timer_.expires_after(options_.shutdown_timeout);
    shutdown_timer_.async_wait([this](const beast::error_code& error) {
      if (error) return;  // drained in time
      forced_ = connections_.CloseAll();
      log::Warn(kComponent, "shutdown timeout, closing connections", {{"connections", forced_}});
    });
  }

  // On control_, once no connection is left: each io_context returns from run() when its
  // remaining work (worker jobs it awaits) is done.
  void Finish() {
    shutdown_timer_.cancel();
    for (auto& service : loop_services_) {
      if (service.detach) service.detach();
    }
    keep_running_.clear();
  }

  const ServerOptions options_;
  const int io_threads_;
  const Pipeline pipeline_;
  const server_detail::ConnectionLimits limits_;
  std::shared_ptr<asio::ssl::context> tls_;  // control_ only; null without TLS
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running_;
  asio::io_context& control_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer shutdown_timer_;
  server_detail::ConnectionRegistry connections_;
  std::vector<LoopService> loop_services_;  // set before Run
  std::uint16_t port_ = 0;
  std::atomic<bool> ran_{false};
  bool stopping_ = false;                 // control_ only
  bool lame_duck_ = false;                // control_ only
  Clock::time_point shutdown_started_{};  // control_ only; read after the threads joined
  std::size_t forced_ = 0;                // control_ only; read after the threads joined
  RepeatedFailureLog accept_failures_{options_.accept_error_log_interval};  // control_ only
};

HttpServer::HttpServer(ServerOptions options, std::vector<std::shared_ptr<Middleware>> middleware,
                       WorkerPool& workers)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(middleware), workers)) {}

HttpServer::~HttpServer() = default;

void HttpServer::Listen() { impl_->Listen(); }
std::uint16_t HttpServer::Port() const { return impl_->Port(); }
void HttpServer::AddLoopService(LoopService service) { impl_->AddLoopService(std::move(service)); }
void HttpServer::Run() { impl_->Run(); }
void HttpServer::Stop() { impl_->Stop(); }
void HttpServer::ReloadTls() { impl_->ReloadTls(); }

}  // namespace rampart::api
