// bench_hello_server: the HTTP ceiling that bench/run.sh measures rampart against.
//
// The smallest Boost.Beast server built the way rampart's listener is built: C++20 coroutines
// on one io_context run by N threads (Beast's http_server_awaitable example), HTTP/1.1
// keep-alive, an idle timeout per connection. `GET /` answers 200 "ok", anything else 404.
// It does no routing, no middleware and no logging, so the ratio rampart ÷ this server is the
// cost of everything rampart adds on top of parsing and writing HTTP.
//
// Usage: bench_hello_server <port> [threads]
//   threads defaults to std::thread::hardware_concurrency(), rampart's default io-thread count.
// Listens on 127.0.0.1 only; SIGINT/SIGTERM stop it with exit code 0.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Errors come back as values: a closed connection is the normal end of a session, not an
// exception to unwind through the coroutine frame.
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kIdleTimeout = std::chrono::seconds(30);

http::message_generator Answer(const http::request<http::string_body>& request) {
  const bool found = request.method() == http::verb::get && request.target() == "/";
  http::response<http::string_body> response{found ? http::status::ok : http::status::not_found,
                                             request.version()};
  response.set(http::field::content_type, "text/plain");
  response.keep_alive(request.keep_alive());
  response.body() = found ? "ok" : "not found";
  response.prepare_payload();
  return response;
}

asio::awaitable<void> Serve(beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  for (;;) {
    stream.expires_after(kIdleTimeout);
    http::request<http::string_body> request;
    auto [read_error, read_bytes] =
        co_await http::async_read(stream, buffer, request, kUseTuple);
    if (read_error) break;  // end of stream, idle timeout or a malformed request
    const bool keep_alive = request.keep_alive();
    auto [write_error, written_bytes] =
        co_await beast::async_write(stream, Answer(request), kUseTuple);
    if (write_error || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

// Boost 1.81's example rethrows a null exception_ptr here; check it first.
void ReportFailure(std::exception_ptr failure) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_hello_server: session failed: %s\n", error.what());
  }
}

asio::awaitable<void> Accept(tcp::acceptor acceptor) {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(kUseTuple);
    if (error) {
      if (error == asio::error::operation_aborted) co_return;
      std::fprintf(stderr, "bench_hello_server: accept: %s\n", error.message().c_str());
      continue;
    }
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), Serve(beast::tcp_stream(std::move(socket))),
                   ReportFailure);
  }
}

bool ParseNumber(std::string_view text, unsigned& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char** argv) {
  unsigned port = 0;
  unsigned threads = std::thread::hardware_concurrency();
  if (argc < 2 || argc > 3 || !ParseNumber(argv[1], port) || port == 0 || port > 65535 ||
      (argc == 3 && (!ParseNumber(argv[2], threads) || threads == 0))) {
    std::fprintf(stderr, "usage: %s <port> [threads]\n", argv[0]);
    return 2;
  }
  if (threads == 0) threads = 1;

  try {
    asio::io_context io_context{static_cast<int>(threads)};
    const tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(port)};
    tcp::acceptor acceptor{io_context, endpoint};  // sets SO_REUSEADDR, binds, listens
    asio::co_spawn(io_context, Accept(std::move(acceptor)), ReportFailure);

    asio::signal_set signals{io_context, SIGINT, SIGTERM};
    signals.async_wait([&io_context](const beast::error_code&, int) { io_context.stop(); });

    std::fprintf(stderr, "bench_hello_server: listening on 127.0.0.1:%u with %u threads\n", port,
                 threads);
    std::vector<std::jthread> runners;
    runners.reserve(threads - 1);
    for (unsigned i = 1; i < threads; ++i) runners.emplace_back([&io_context] { io_context.run(); });
    io_context.run();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_hello_server: %s\n", error.what());
    return 1;
  }
  return 0;
}
