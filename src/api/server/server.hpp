#pragma once
// The HTTP/1.1 server: Boost.Beast over Asio with C++20 coroutines, N I/O threads, the
// middleware pipeline, and the worker pool for blocking handlers. The header is free of Asio
// and Beast (pimpl) so that the composition root compiles quickly.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "api/http/security_headers.hpp"
#include "api/server/worker_pool.hpp"
#include "common/ip_network.hpp"

namespace boost::asio {
class io_context;
}

namespace rampart::api {

class Middleware;

// LoopService is work that lives on the I/O threads' event loops, e.g. a Redis connection per
// loop so that a request's coroutine talks to it without a thread hop. `attach` gets every loop
// before they serve; `detach` is called once no connection is left, and must let the loops run
// out of its work (it may post to them) so that Run() can return.
struct LoopService {
  std::function<void(std::span<boost::asio::io_context* const>)> attach;
  std::function<void()> detach;
};

// TlsOptions configure TLS termination in process (off by default).
struct TlsOptions {
  bool enabled = false;
  std::filesystem::path cert_file;  // PEM chain, leaf first
  std::filesystem::path key_file;   // PEM private key
};

// ServerOptions configure an HttpServer: address, threads, limits, timeouts and shutdown.
struct ServerOptions {
  std::string host = "127.0.0.1";        // an IP address ("0.0.0.0", "::1") or a resolvable name
  std::uint16_t port = 8080;             // 0: any free port (see HttpServer::Port)
  int io_threads = 0;                    // 0: one per hardware core
  std::size_t max_body_bytes = 1 << 20;  // larger → 413
  std::size_t max_header_bytes = 16 * 1024;  // request line + headers; larger → 431
  // read_timeout: the whole request (head and body) must arrive within this time once its
  // first byte has.
  std::chrono::milliseconds read_timeout{15000};
  // idle_timeout: a keep-alive connection with no request in progress is closed after this long.
  std::chrono::milliseconds idle_timeout{60000};
  // write_timeout: a response must be written within this time (a client that does not read is
  // dropped).
  std::chrono::milliseconds write_timeout{15000};
  // shutdown_timeout: on shutdown, in-flight requests get this long to finish before
  // connections are closed.
  std::chrono::milliseconds shutdown_timeout{10000};
  // drain_delay is the lame duck: on SIGTERM/SIGINT (or Stop()) the server first keeps
  // accepting and serving for this long — `on_lame_duck` runs at once, so that readiness
  // answers 503 and load balancers take the instance out — and only then drains. A second
  // signal drains at once. 0: no delay.
  std::chrono::milliseconds drain_delay{0};
  // on_lame_duck is called on the control thread when the shutdown is requested, before the
  // drain delay (only when there is one).
  std::function<void()> on_lame_duck;
  // on_drain is called on the control thread when the drain begins (the listener is closed),
  // e.g. to start the deadline after which work still waiting on a dependency is interrupted.
  std::function<void()> on_drain;
  // trusted_proxies are the peers allowed to name the client with X-Forwarded-For (see
  // ClientIpResolver).
  std::vector<net::IpNetwork> trusted_proxies;
  // security_headers are for the answers the server gives itself, outside the pipeline (400,
  // 413, 431, 500).
  SecurityHeaderOptions security_headers;
  // accept_error_log_interval: a failing accept() (out of file descriptors or memory) is retried
  // every 50 ms; it is logged once, then at most once per this interval with the number of
  // failures since the previous line (and once more, with the count, when accepting works
  // again).
  std::chrono::milliseconds accept_error_log_interval{10000};
  // tls serves https instead of http. The certificate and key are read at construction (a
  // problem with them throws std::runtime_error) and again on SIGHUP: new handshakes use the new
  // pair, open connections keep theirs, and a pair that fails to load leaves the old one in use.
  TlsOptions tls;
  // on_reload is called on SIGHUP too (on the server's control thread, so it must only hand the
  // work off, e.g. wake a reload thread): signing keys and feature flags reload this way.
  std::function<void()> on_reload;
};

// HttpServer is the HTTP/1.1 server (see above).
class HttpServer {
 public:
  // `middleware` is the pipeline, outermost first (DefaultMiddleware() plus any extra); the
  // endpoint's handler runs after the last stage, inline or on `workers`. `workers` must
  // outlive the server; stop it only after Run() has returned.
  HttpServer(ServerOptions options, std::vector<std::shared_ptr<Middleware>> middleware,
             WorkerPool& workers);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listen binds and listens now. Throws std::runtime_error, e.g.
  // "cannot listen on 127.0.0.1:8080: Address already in use".
  void Listen();
  // Port is the bound port (the real one when options.port was 0); 0 before Listen().
  std::uint16_t Port() const;
  // AddLoopService adds work to run on the I/O loops (see LoopService). Before Run().
  void AddLoopService(LoopService service);

  // Run serves on io_threads threads (the calling one included) until SIGTERM/SIGINT or
  // Stop(), reloading the TLS certificate and calling options.on_reload on SIGHUP, then waits
  // drain_delay (lame duck, still serving), then shuts down gracefully: stops accepting, closes
  // idle keep-alive connections, lets in-flight requests finish (closing what remains after
  // shutdown_timeout), and returns once every connection and every worker job it started is
  // done. Calls Listen() if needed. Runs once per server.
  void Run();
  // Stop starts the graceful shutdown from any thread; Run() returns when it is done.
  void Stop();
  // ReloadTls reloads the TLS certificate and key as SIGHUP does (from any thread); a no-op
  // without TLS.
  void ReloadTls();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::api
