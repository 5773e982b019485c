#pragma once
// A minimal blocking HTTP/1.1 client over plain TCP for the OTLP exporter's background thread.
// HttpClient keeps its connection open between POSTs (keep-alive), so a steady export costs one
// connection, not one per batch; every step is bounded by a timeout, so a dead or stalled
// collector costs the exporter at most `timeout` per batch and never a request.
#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::infrastructure::telemetry {

struct HttpUrl {
  std::string host;
  std::uint16_t port = 80;
  std::string path = "/";
  bool tls = false;  // https (posted through infrastructure/http, not HttpClient)
};

// ParseHttpUrl accepts "http://host[:port][/path]" (IPv6 hosts in brackets); nullopt otherwise.
std::optional<HttpUrl> ParseHttpUrl(std::string_view text);
// ParseHttpOrHttpsUrl: also "https://host[:port][/path]" (port 443 by default).
std::optional<HttpUrl> ParseHttpOrHttpsUrl(std::string_view text);

// HttpClient POSTs to one host:port over a connection it reuses while the server keeps it open. Not
// thread-safe: one exporter thread owns it.
class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Post POSTs `body` to `path` and returns the response status, or why it failed ("connect:
  // Connection refused", "timeout"). A connection the server closed while idle is replaced
  // once (nothing of the request was answered); any other failure closes the connection and
  // the next call opens a new one.
  std::expected<int, std::string> Post(std::string_view path, std::string_view content_type,
                                       std::string_view body, std::chrono::milliseconds timeout);

  // Connections opened so far (for tests: keep-alive reuses one).
  std::uint64_t Connections() const { return connections_; }

 private:
  enum class Attempt { kDone, kStale };
  std::expected<int, std::string> PostOnce(std::string_view path, std::string_view content_type,
                                           std::string_view body,
                                           std::chrono::steady_clock::time_point deadline,
                                           Attempt& outcome);
  void Close();

  std::string host_;
  std::uint16_t port_;
  std::string host_header_;  // host:port, IPv6 in brackets
  std::string head_;         // the request head, rebuilt per POST in the same buffer
  std::string response_;     // read buffer, reused
  int fd_ = -1;
  std::uint64_t connections_ = 0;
};

// HttpPost makes one POST on a connection of its own (closed afterwards).
std::expected<int, std::string> HttpPost(const HttpUrl& url, std::string_view content_type,
                                         std::string_view body, std::chrono::milliseconds timeout);

}  // namespace rampart::infrastructure::telemetry
