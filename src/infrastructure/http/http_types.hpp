#pragma once
// Requests, responses and transport failures of outgoing HTTP calls, and the transport port
// that the resilience layer (dependency.hpp) calls through. No Asio here.
#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "infrastructure/http/url.hpp"

namespace rampart::infrastructure::http {

struct Header {
  std::string name;
  std::string value;
};

// FindHeader: case-insensitive look-up; empty when absent.
std::string_view FindHeader(const std::vector<Header>& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  Url url;
  std::vector<Header> headers;  // Host and Content-Length are added by the client
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::vector<Header> headers;
  std::string body;
  std::string_view HeaderValue(std::string_view name) const { return FindHeader(headers, name); }
};

// TransportErrorKind: why no response arrived. Every kind except kStopped is worth another attempt.
enum class TransportErrorKind {
  kResolve,   // the host name did not resolve
  kConnect,   // refused, unreachable
  kTls,       // handshake failed: also an untrusted certificate or a wrong host name
  kTimeout,   // the attempt's deadline passed
  kIo,        // the connection broke mid-exchange
  kProtocol,  // not HTTP/1.1, or a response over the size limit
  kStopped,   // the client is shutting down
};

std::string_view ToString(TransportErrorKind kind);

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::kIo;
  std::string message;  // never contains request headers or bodies
};

using HttpResult = std::expected<HttpResponse, TransportError>;

// HttpTransport: one HTTP exchange, bounded by `timeout` (resolve, connect, TLS, write and read
// together).
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Send blocks the calling thread; for background threads, never for an event loop's.
  virtual HttpResult Send(const HttpRequest& request, std::chrono::milliseconds timeout) = 0;
};

}  // namespace rampart::infrastructure::http
