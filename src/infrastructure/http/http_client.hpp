#pragma once
// The outgoing HTTP/1.1 client every adapter calls through (SQS, AWS credentials, Secrets
// Manager, the OTLP exporter's https:// endpoints): plain TCP or TLS (OpenSSL) with the server
// certificate and its host name verified against the system's CAs or a CA file, connections
// kept alive per origin (scheme, host, port) and reused, host names resolved off the event loop
// (Asio's resolver thread). It runs an event loop of its own on one thread; callers block on
// Send from their own (background) threads. Resilience (retries, breaker, bulkhead) is the
// Dependency's job (dependency.hpp), not this class's.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "infrastructure/http/http_types.hpp"

namespace rampart::infrastructure::http {

struct HttpClientOptions {
  std::string ca_file;      // PEM bundle of trusted CAs; empty: the system's store
  bool verify_peer = true;  // off only in tests of the refusal itself
  std::size_t max_idle_per_origin = 16;
  std::chrono::milliseconds idle_timeout{30000};  // an idle connection older than this is closed
  std::size_t max_response_bytes = 16 << 20;
  std::string user_agent = "rampart";
};

class HttpClient final : public HttpTransport {
 public:
  // HttpClient starts the event loop thread. Throws std::runtime_error when the CA file cannot be
  // read.
  explicit HttpClient(HttpClientOptions options = {});
  // Fails what is in flight (kStopped) and joins the thread.
  ~HttpClient() override;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Send returns one exchange within `timeout`. A kept-alive connection that the server closed
  // while idle is replaced once, within the same timeout (nothing of the response had arrived).
  // Called from the client's own thread it fails at once (it would wait on itself).
  HttpResult Send(const HttpRequest& request, std::chrono::milliseconds timeout) override;

  // ConnectionsOpened counts the connections opened so far (keep-alive reuses them).
  std::uint64_t ConnectionsOpened() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::infrastructure::http
