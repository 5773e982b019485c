#pragma once
// Internal to the server (includes Asio and Beast): one HTTP/1.1 connection, plain or TLS, from
// its first byte to its close. Both share one request loop, a template instantiated only in
// connection.cpp.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

#include "api/middleware/middleware.hpp"
#include "api/server/client_ip.hpp"
#include "api/server/connection_registry.hpp"
#include "api/http/security_headers.hpp"

namespace rampart::api::server_detail {

// ConnectionLimits are what every connection is served with: sizes, timeouts, client-address
// resolution and the security headers of the server's own answers.
struct ConnectionLimits {
  std::size_t max_body_bytes;
  std::size_t max_header_bytes;
  std::chrono::milliseconds read_timeout;
  std::chrono::milliseconds idle_timeout;
  std::chrono::milliseconds write_timeout;
  ClientIpResolver client_ip;
  SecurityHeaderOptions security_headers;
};

// ServeConnection serves requests on `stream` until the client closes, a timeout or error ends
// the connection, or the server shuts down. Registered in `registry` by the caller; removes
// itself when done. Runs on `slot->executor`.
boost::asio::awaitable<void> ServeConnection(boost::beast::tcp_stream stream,
                                             std::shared_ptr<ConnectionSlot> slot,
                                             ConnectionRegistry& registry, const Pipeline& pipeline,
                                             const ConnectionLimits& limits);

// ServeTlsConnection does the same over TLS terminated here: handshake (within read_timeout)
// with `tls`, then requests as above, then close_notify. A failed handshake closes the
// connection silently.
boost::asio::awaitable<void> ServeTlsConnection(boost::beast::tcp_stream stream,
                                                std::shared_ptr<boost::asio::ssl::context> tls,
                                                std::shared_ptr<ConnectionSlot> slot,
                                                ConnectionRegistry& registry,
                                                const Pipeline& pipeline,
                                                const ConnectionLimits& limits);

}  // namespace rampart::api::server_detail
