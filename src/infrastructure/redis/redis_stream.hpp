#pragma once
// Internal to redis_client.cpp (the only file that includes it, so that Asio stays out of every
// other translation unit): the connection's transport, plain TCP or TLS over TCP behind one
// read/write interface, and ErrorText for the reasons it fails with.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/system/system_error.hpp>
#include <optional>
#include <string>

namespace rampart::infrastructure::redis {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// ErrorText is an error's text for logs and callers. Boost's system_error::what() appends where it was
// thrown (" [system:111 at /usr/include/boost/asio/...]"): an operator needs the reason only.
inline std::string ErrorText(const std::exception& error) {
  if (const auto* system = dynamic_cast<const boost::system::system_error*>(&error)) {
    return system->code().message();
  }
  return error.what();
}

// Stream is plain TCP or TLS over TCP, behind one read/write interface.
class Stream {
 public:
  Stream(asio::io_context& io, ssl::context* tls) {
    if (tls != nullptr) {
      tls_.emplace(io, *tls);
    } else {
      plain_.emplace(io);
    }
  }
  tcp::socket& Socket() { return tls_ ? tls_->next_layer() : *plain_; }
  ssl::stream<tcp::socket>* Tls() { return tls_ ? &*tls_ : nullptr; }

  asio::awaitable<std::size_t> ReadSome(asio::mutable_buffer buffer) {
    if (tls_) co_return co_await tls_->async_read_some(buffer, asio::use_awaitable);
    co_return co_await plain_->async_read_some(buffer, asio::use_awaitable);
  }
  asio::awaitable<void> WriteAll(asio::const_buffer buffer) {
    if (tls_) {
      co_await asio::async_write(*tls_, buffer, asio::use_awaitable);
    } else {
      co_await asio::async_write(*plain_, buffer, asio::use_awaitable);
    }
  }
  void Close() {
    boost::system::error_code ignored;
    Socket().shutdown(tcp::socket::shutdown_both, ignored);
    Socket().close(ignored);
  }

 private:
  std::optional<tcp::socket> plain_;
  std::optional<ssl::stream<tcp::socket>> tls_;
};

}  // namespace rampart::infrastructure::redis
