#include "main/health_check.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <exception>
#include <iostream>
#include <optional>

namespace rampart {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

template <class Stream>
asio::awaitable<unsigned> Exchange(Stream& stream, const std::string& host_header,
                                   const std::string& target) {
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, host_header);
  request.set(http::field::user_agent, "rampart-health");
  request.set(http::field::connection, "close");
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  co_await http::async_read(stream, buffer, response, asio::use_awaitable);
  co_return response.result_int();
}

// Connects, optionally handshakes, asks `target`. The stream's one expiry time bounds every
// step, so `timeout` is the budget of the whole exchange.
asio::awaitable<unsigned> Probe(const std::string& host, std::uint16_t port, bool tls,
                                const std::string& target, std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  const auto endpoints =
      co_await resolver.async_resolve(host, std::to_string(port), asio::use_awaitable);
  const bool ipv6 = host.find(':') != std::string::npos;
  const std::string host_header = (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  if (!tls) {
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    co_return co_await Exchange(stream, host_header, target);
  }
  // The certificate is for the public name, not loopback, and this asks the process it runs
  // beside: only whether it answers counts, so the peer is not verified.
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(executor, context);
  beast::get_lowest_layer(stream).expires_after(timeout);
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
  co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  co_return co_await Exchange(stream, host_header, target);
}

}  // namespace

std::string HealthProbeHost(const std::string& listen_host) {
  if (listen_host.empty() || listen_host == "0.0.0.0") return "127.0.0.1";
  if (listen_host == "::") return "::1";
  return listen_host;
}

int Health(const config::Settings& settings, const HealthOptions& options) {
  if (settings.listen_port == 0) {
    std::cerr << "health: server.listen has port 0 (chosen by the kernel at start): there is no "
                 "fixed port to ask\n";
    return 2;
  }
  const std::string host = HealthProbeHost(settings.listen_host);
  const std::string target = options.live ? "/health/live" : "/health/ready";
  const bool ipv6 = host.find(':') != std::string::npos;
  const std::string url = std::string(settings.tls_enabled ? "https" : "http") + "://" +
                          (ipv6 ? "[" + host + "]" : host) + ":" +
                          std::to_string(settings.listen_port) + target;

  asio::io_context io;
  std::optional<unsigned> status;
  std::string failure;
  asio::co_spawn(io,
                 Probe(host, settings.listen_port, settings.tls_enabled, target, options.timeout),
                 [&](std::exception_ptr error, unsigned result) {
                   if (!error) {
                     status = result;
                     return;
                   }
                   try {
                     std::rethrow_exception(error);
                   } catch (const boost::system::system_error& e) {
                     failure = e.code() == beast::error::timeout ? "no answer within the timeout"
                                                                 : e.code().message();
                   } catch (const std::exception& e) {
                     failure = e.what();
                   }
                 });
  io.run();
  if (!status) {
    std::cout << "health: " << url << ": " << failure << '\n';
    return 1;
  }
  std::cout << "health: " << url << ": " << *status << '\n';
  return *status == 200 ? 0 : 1;
}

}  // namespace rampart
