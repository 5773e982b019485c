#pragma once
// A minimal blocking HTTP/1.1 POST over plain TCP for the OTLP exporter's background thread:
// one connection per request (Connection: close), every step bounded by a timeout, so a dead
// or stalled collector costs the exporter at most `timeout` per batch and never a request.
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
};

/// "http://host[:port][/path]" (IPv6 hosts in brackets); nullopt otherwise.
std::optional<HttpUrl> ParseHttpUrl(std::string_view text);

/// POSTs `body` and returns the response status, or why it failed ("connect: Connection
/// refused", "timeout").
std::expected<int, std::string> HttpPost(const HttpUrl& url, std::string_view content_type,
                                         std::string_view body, std::chrono::milliseconds timeout);

}  // namespace rampart::infrastructure::telemetry
