#pragma once
// Test helpers for the server: a real HttpServer on a free port in a thread, and a blocking
// client that speaks raw HTTP over one connection.
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "api/middleware/default_middleware.hpp"
#include "api/server/server.hpp"

namespace rampart::api::testing_support {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using HttpResponse = http::response<http::string_body>;

// RawClient is a blocking client that writes raw bytes and reads responses on one connection.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port,
                     std::chrono::milliseconds receive_timeout = std::chrono::seconds(5))
      : socket_(io_) {
    socket_.connect({asio::ip::address_v4::loopback(), port});
    // Blocking reads give up after this long, so a broken server fails a test, not hangs it.
    timeval timeout{};
    timeout.tv_sec = receive_timeout.count() / 1000;
    timeout.tv_usec = (receive_timeout.count() % 1000) * 1000;
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }

  void Send(std::string_view raw) {
    beast::error_code ignored;  // the server may close first; the read then says so
    asio::write(socket_, asio::buffer(raw.data(), raw.size()), ignored);
  }

  // Read is the next response; nullopt when the connection ended (or the read timed out)
  // first.
  std::optional<HttpResponse> Read(bool head_request = false) {
    http::response_parser<http::string_body> parser;
    parser.skip(head_request);
    parser.body_limit(16 << 20);
    beast::error_code error;
    http::read(socket_, buffer_, parser, error);
    if (error) return std::nullopt;
    return parser.release();
  }

  // ClosedByServer waits until the server closes the connection (true) or `within` passes
  // (false); data that arrives meanwhile is discarded.
  bool ClosedByServer(std::chrono::milliseconds within = std::chrono::seconds(3)) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    char scratch[4096];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd watch{socket_.native_handle(), POLLIN, 0};
      if (::poll(&watch, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0))) <= 0) {
        return false;  // nothing happened in time
      }
      beast::error_code error;
      socket_.read_some(asio::buffer(scratch), error);
      if (error) return true;  // end of stream or reset
    }
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

// Get is the raw text of a GET request for `target`, with `extra_headers` (CRLF-terminated).
inline std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

// RunningServer is a server on 127.0.0.1 and a free port, running in its own thread until
// StopAndWait() or its destruction.
class RunningServer {
 public:
  RunningServer(ServerOptions options, MiddlewareList middleware, WorkerPool& workers)
      : server_(std::make_unique<HttpServer>(std::move(options), std::move(middleware), workers)) {
    server_->Listen();
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningServer() { StopAndWait(); }

  std::uint16_t Port() const { return server_->Port(); }
  HttpServer& Server() { return *server_; }

  void StopAndWait() {
    if (!thread_.joinable()) return;
    server_->Stop();
    thread_.join();
  }
  bool Joinable() const { return thread_.joinable(); }
  std::thread& Thread() { return thread_; }

 private:
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace rampart::api::testing_support
