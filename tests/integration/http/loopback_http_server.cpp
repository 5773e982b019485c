#include "integration/http/loopback_http_server.hpp"

#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace rampart::integration {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

class LoopbackHttpServer::Impl {
 public:
  Impl(Handler handler, const TlsFiles* tls) : handler_(std::move(handler)) {
    if (tls != nullptr) {
      tls_.emplace(ssl::context::tls_server);
      tls_->use_certificate_chain_file(tls->cert_file);
      tls_->use_private_key_file(tls->key_file, ssl::context::pem);
    }
    acceptor_.open(tcp::v4());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    asio::co_spawn(io_, Accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    asio::post(io_, [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      for (auto* socket : idle_) socket->close(ignored);
      io_.stop();
    });
    thread_.join();
  }

  std::uint16_t Port() const { return acceptor_.local_endpoint().port(); }
  bool Tls() const { return tls_.has_value(); }
  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> requests{0};

  // Closes the connections waiting for their next request. A connection whose answer the
  // client has read may not be back at its read yet (its write's completion can still be queued
  // behind this call): wait for at least one idle connection, for up to 2 s.
  void CloseIdle() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (;;) {
      std::promise<std::size_t> done;
      asio::post(io_, [&] {
        boost::system::error_code ignored;
        for (auto* socket : idle_) {
          socket->shutdown(tcp::socket::shutdown_both, ignored);
          socket->close(ignored);
        }
        const std::size_t closed = idle_.size();
        idle_.clear();
        done.set_value(closed);
      });
      if (done.get_future().get() > 0 || std::chrono::steady_clock::now() > deadline) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

 private:
  asio::awaitable<void> Accept() {
    for (;;) {
      boost::system::error_code error;
      tcp::socket socket =
          co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, error));
      if (error) co_return;
      ++connections;
      asio::co_spawn(io_, Serve(std::move(socket)), asio::detached);
    }
  }

  template <class Stream>
  asio::awaitable<void> Loop(Stream& stream, tcp::socket& raw) {
    beast::flat_buffer buffer;
    for (;;) {
      boost::system::error_code error;
      beast::http::request<beast::http::string_body> request;
      idle_.push_back(&raw);
      co_await beast::http::async_read(stream, buffer, request,
                                       asio::redirect_error(asio::use_awaitable, error));
      idle_.remove(&raw);
      if (error) co_return;
      ++requests;
      ServerRequest seen{
          std::string(request.method_string()), std::string(request.target()), {}, request.body()};
      for (const auto& field : request) {
        seen.headers.push_back({std::string(field.name_string()), std::string(field.value())});
      }
      ServerReply reply = handler_(seen);
      if (reply.delay.count() > 0) {
        asio::steady_timer timer(io_, reply.delay);
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, error));
      }
      if (reply.hang_up) co_return;
      beast::http::response<beast::http::string_body> response;
      response.result(static_cast<unsigned>(reply.status));
      response.version(11);
      for (const auto& header : reply.headers) response.insert(header.name, header.value);
      response.body() = reply.body;
      response.keep_alive(!reply.close && request.keep_alive());
      response.prepare_payload();
      co_await beast::http::async_write(stream, response,
                                        asio::redirect_error(asio::use_awaitable, error));
      if (error || !response.keep_alive()) co_return;
    }
  }

  asio::awaitable<void> Serve(tcp::socket socket) {
    if (!tls_) {
      co_await Loop(socket, socket);
      boost::system::error_code ignored;
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      co_return;
    }
    ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
    boost::system::error_code error;
    co_await stream.async_handshake(ssl::stream_base::server,
                                    asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return;
    co_await Loop(stream, stream.next_layer());
  }

  Handler handler_;
  asio::io_context io_{1};
  std::optional<ssl::context> tls_;
  tcp::acceptor acceptor_{io_};
  std::list<tcp::socket*> idle_;  // connections waiting for their next request (loop only)
  std::thread thread_;
};

LoopbackHttpServer::LoopbackHttpServer(Handler handler, const TlsFiles* tls)
    : impl_(std::make_unique<Impl>(std::move(handler), tls)) {}
LoopbackHttpServer::~LoopbackHttpServer() = default;
std::uint16_t LoopbackHttpServer::Port() const { return impl_->Port(); }
std::string LoopbackHttpServer::BaseUrl() const {
  return std::string(impl_->Tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(Port());
}
std::uint64_t LoopbackHttpServer::Connections() const { return impl_->connections.load(); }
std::uint64_t LoopbackHttpServer::Requests() const { return impl_->requests.load(); }
void LoopbackHttpServer::CloseIdleConnections() { impl_->CloseIdle(); }

TestCertificates::TestCertificates() {
  char pattern[] = "/tmp/rampart-http-tls-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  std::ofstream(dir_ + "/san.cnf") << "subjectAltName=IP:127.0.0.1\n";
  const std::string script =
      "cd '" + dir_ + "' && (" +
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
      "-subj /CN=rampart-test-ca -keyout ca.key -out ca.crt && "
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-subj /CN=127.0.0.1 -keyout server.key -out server.csr && "
      "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 "
      "-extfile san.cnf -out server.crt && "
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
      "-subj /CN=other-ca -keyout other.key -out other.crt) >openssl.log 2>&1";
  if (std::system(script.c_str()) != 0) {
    throw std::runtime_error("openssl failed: see " + dir_ + "/openssl.log");
  }
}

TestCertificates::~TestCertificates() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string TestCertificates::Path(std::string_view name) const {
  return dir_ + "/" + std::string(name);
}

}  // namespace rampart::integration
