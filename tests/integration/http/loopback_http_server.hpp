#pragma once
// A scripted HTTP/1.1 server on 127.0.0.1 (a free port), plain or TLS, for tests of outgoing
// calls: the HTTP client, the ECS and IMDS credential endpoints, AWS error answers. Each
// request is handed to `handler` on the server's own thread; connections are kept alive.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "infrastructure/http/http_types.hpp"

namespace rampart::integration {

struct ServerRequest {
  std::string method;
  std::string target;
  std::vector<infrastructure::http::Header> headers;
  std::string body;
  std::string_view Header(std::string_view name) const {
    return infrastructure::http::FindHeader(headers, name);
  }
};

struct ServerReply {
  int status = 200;
  std::vector<infrastructure::http::Header> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // wait this long before answering (timeouts)
  bool hang_up = false;                // close the connection without an answer
  bool close = false;                  // answer with Connection: close
};

struct TlsFiles {
  std::string cert_file;  // PEM chain
  std::string key_file;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<ServerReply(const ServerRequest&)>;
  explicit LoopbackHttpServer(Handler handler, const TlsFiles* tls = nullptr);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  std::uint16_t Port() const;
  /// "http://127.0.0.1:<port>" (https for TLS).
  std::string BaseUrl() const;
  std::uint64_t Connections() const;
  std::uint64_t Requests() const;
  /// Closes every idle kept-alive connection (as a server's idle timeout would).
  void CloseIdleConnections();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// A CA and a certificate for 127.0.0.1 (IP address only) signed by it, plus a second CA that
/// signed nothing, made with the openssl command in a temporary directory (removed at the end).
class TestCertificates {
 public:
  TestCertificates();
  ~TestCertificates();
  std::string Path(std::string_view name) const;  // ca.crt, server.crt, server.key, other.crt
  TlsFiles Server() const { return {Path("server.crt"), Path("server.key")}; }

 private:
  std::string dir_;
};

}  // namespace rampart::integration
