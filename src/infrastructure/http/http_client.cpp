#include "infrastructure/http/http_client.hpp"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <future>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>

namespace rampart::infrastructure::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// One connection: plain or TLS over a beast::tcp_stream (whose expiry bounds every step).
struct Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  Clock::time_point idle_since{};

  beast::tcp_stream& Lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  void Close() {
    boost::system::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().socket().close(ignored);
  }
};

TransportError Failure(TransportErrorKind kind, std::string_view step,
                       const boost::system::error_code& error) {
  if (error == beast::error::timeout || error == asio::error::operation_aborted) {
    return {TransportErrorKind::kTimeout, std::string(step) + ": timeout"};
  }
  return {kind, std::string(step) + ": " + error.message()};
}

bool IsIpLiteral(const std::string& host) {
  boost::system::error_code error;
  asio::ip::make_address(host, error);
  return !error;
}

}  // namespace

class HttpClient::Impl {
 public:
  explicit Impl(HttpClientOptions options)
      : options_(std::move(options)), tls_context_(ssl::context::tls_client) {
    tls_context_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1);
    if (options_.verify_peer) {
      boost::system::error_code error;
      if (options_.ca_file.empty()) {
        tls_context_.set_default_verify_paths(error);
      } else {
        tls_context_.load_verify_file(options_.ca_file, error);
      }
      if (error) {
        throw std::runtime_error(
            "outbound HTTP: cannot load the trusted CAs" +
            (options_.ca_file.empty() ? std::string() : " from " + options_.ca_file) + ": " +
            error.message());
      }
      tls_context_.set_verify_mode(ssl::verify_peer);
    } else {
      tls_context_.set_verify_mode(ssl::verify_none);
    }
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    // Closing the pooled connections and stopping the loop: what is in flight is destroyed
    // unfinished, and its caller's promise breaks (Send reports kStopped).
    asio::post(io_, [this] {
      for (auto& [origin, idle] : pools_) {
        for (auto& connection : idle) connection->Close();
      }
      pools_.clear();
      work_.reset();
      io_.stop();
    });
    thread_.join();
  }

  HttpResult Send(const HttpRequest& request, std::chrono::milliseconds timeout) {
    if (io_.get_executor().running_in_this_thread()) {
      return std::unexpected(
          TransportError{TransportErrorKind::kStopped, "Send called on the client's own thread"});
    }
    auto promise = std::make_shared<std::promise<HttpResult>>();
    auto future = promise->get_future();
    asio::co_spawn(
        io_, Exchange(request, Clock::now() + timeout),
        [promise](std::exception_ptr failure, HttpResult result) {
          if (failure) {
            try {
              std::rethrow_exception(failure);
            } catch (const std::exception& error) {
              result = std::unexpected(TransportError{TransportErrorKind::kIo, error.what()});
            }
          }
          promise->set_value(std::move(result));
        });
    try {
      return future.get();
    } catch (const std::future_error&) {
      return std::unexpected(TransportError{TransportErrorKind::kStopped, "client stopped"});
    }
  }

  std::uint64_t ConnectionsOpened() const { return opened_.load(); }

 private:
  using Opened = std::expected<std::unique_ptr<Connection>, TransportError>;

  std::unique_ptr<Connection> TakeIdle(const std::string& origin) {
    auto found = pools_.find(origin);
    if (found == pools_.end()) return nullptr;
    auto& idle = found->second;
    const auto now = Clock::now();
    while (!idle.empty()) {
      auto connection = std::move(idle.back());  // the most recently used is the likeliest alive
      idle.pop_back();
      if (now - connection->idle_since < options_.idle_timeout) return connection;
      connection->Close();
    }
    return nullptr;
  }

  void GiveBack(const std::string& origin, std::unique_ptr<Connection> connection) {
    auto& idle = pools_[origin];
    if (idle.size() >= options_.max_idle_per_origin) {
      connection->Close();
      return;
    }
    connection->idle_since = Clock::now();
    idle.push_back(std::move(connection));
  }

  asio::awaitable<Opened> Open(const Url& url, Clock::time_point deadline) {
    boost::system::error_code error;
    // getaddrinfo runs on Asio's private resolver thread, never on this loop; the timer
    // cancels it at the deadline.
    tcp::resolver resolver(io_);
    asio::steady_timer timer(io_, deadline);
    timer.async_wait([&resolver](boost::system::error_code waited) {
      if (!waited) resolver.cancel();
    });
    const auto addresses = co_await resolver.async_resolve(
        url.host, std::to_string(url.port), asio::redirect_error(asio::use_awaitable, error));
    timer.cancel();
    if (error) co_return std::unexpected(Failure(TransportErrorKind::kResolve, "resolve", error));

    auto connection = std::make_unique<Connection>();
    if (url.tls) {
      connection->tls.emplace(io_, tls_context_);
    } else {
      connection->plain.emplace(io_);
    }
    connection->Lowest().expires_at(deadline);
    co_await connection->Lowest().async_connect(addresses,
                                                asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return std::unexpected(Failure(TransportErrorKind::kConnect, "connect", error));
    opened_.fetch_add(1);
    if (url.tls) {
      auto& tls = *connection->tls;
      if (!IsIpLiteral(url.host) &&
          SSL_set_tlsext_host_name(tls.native_handle(), url.host.c_str()) != 1) {
        co_return std::unexpected(TransportError{TransportErrorKind::kTls, "tls: SNI refused"});
      }
      if (options_.verify_peer) tls.set_verify_callback(ssl::host_name_verification(url.host));
      co_await tls.async_handshake(ssl::stream_base::client,
                                   asio::redirect_error(asio::use_awaitable, error));
      if (error) co_return std::unexpected(Failure(TransportErrorKind::kTls, "tls", error));
    }
    co_return connection;
  }

  template <class Stream>
  asio::awaitable<HttpResult> Exchange(Stream& stream, Connection& connection,
                                       const HttpRequest& request, bool& stale) {
    beast::http::request<beast::http::string_body> message;
    message.method_string(request.method);
    message.target(request.url.target);
    message.version(11);
    message.set(beast::http::field::host, request.url.HostHeader());
    message.set(beast::http::field::user_agent, options_.user_agent);
    for (const auto& header : request.headers) message.insert(header.name, header.value);
    message.body() = request.body;
    message.keep_alive(true);
    message.prepare_payload();

    boost::system::error_code error;
    co_await beast::http::async_write(stream, message,
                                      asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      stale = error == asio::error::broken_pipe || error == asio::error::connection_reset;
      co_return std::unexpected(Failure(TransportErrorKind::kIo, "send", error));
    }
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(options_.max_response_bytes);
    parser.header_limit(64 * 1024);
    if (request.method == "HEAD") parser.skip(true);
    const std::size_t read = co_await beast::http::async_read(
        stream, connection.buffer, parser, asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      // Closed before a byte of the answer came back: a server's idle timeout on a kept-alive
      // connection (HTTP/1.1 §9.3.1: such a request may be sent again).
      stale = read == 0 && (error == beast::http::error::end_of_stream ||
                            error == asio::error::eof || error == asio::error::connection_reset);
      const auto kind =
          error == beast::http::error::body_limit || error == beast::http::error::header_limit
              ? TransportErrorKind::kProtocol
              : TransportErrorKind::kIo;
      co_return std::unexpected(Failure(kind, "receive", error));
    }
    auto answer = parser.release();
    HttpResponse response;
    response.status = static_cast<int>(answer.result_int());
    for (const auto& field : answer) {
      response.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    response.body = std::move(answer.body());
    stale = !answer.keep_alive();  // reused as "close it" below
    co_return response;
  }

  asio::awaitable<HttpResult> Exchange(HttpRequest request, Clock::time_point deadline) {
    const std::string origin = request.url.Origin();
    for (int round = 0;; ++round) {
      auto connection = TakeIdle(origin);
      const bool reused = connection != nullptr;
      if (!connection) {
        auto opened = co_await Open(request.url, deadline);
        if (!opened) co_return std::unexpected(opened.error());
        connection = std::move(*opened);
      }
      connection->Lowest().expires_at(deadline);
      bool stale = false;
      // Not a conditional expression: g++ 12 mis-handles co_await inside ?: (temporaries).
      HttpResult result;
      if (connection->tls) {
        result = co_await Exchange(*connection->tls, *connection, request, stale);
      } else {
        result = co_await Exchange(*connection->plain, *connection, request, stale);
      }
      if (result) {
        if (stale) {
          connection->Close();  // the server said Connection: close
        } else {
          connection->Lowest().expires_never();
          GiveBack(origin, std::move(connection));
        }
        co_return result;
      }
      connection->Close();
      if (!(reused && stale && round == 0 && Clock::now() < deadline)) co_return result;
    }
  }

  const HttpClientOptions options_;
  ssl::context tls_context_;
  asio::io_context io_{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{
      io_.get_executor()};
  std::map<std::string, std::deque<std::unique_ptr<Connection>>> pools_;  // loop thread only
  std::atomic<std::uint64_t> opened_{0};
  std::thread thread_;  // last: starts after everything it uses
};

HttpClient::HttpClient(HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::Send(const HttpRequest& request, std::chrono::milliseconds timeout) {
  return impl_->Send(request, timeout);
}

std::uint64_t HttpClient::ConnectionsOpened() const { return impl_->ConnectionsOpened(); }

}  // namespace rampart::infrastructure::http
