#include "api/server/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <array>
#include <exception>
#include <optional>

#include "api/middleware/access_log.hpp"
#include "api/middleware/correlation_id.hpp"
#include "api/middleware/error_boundary.hpp"
#include "api/middleware/telemetry.hpp"
#include "api/http/problem.hpp"
#include "api/server/request_reading.hpp"
#include "api/http/security_headers.hpp"
#include "api/server/wire.hpp"
#include "common/log.hpp"

namespace rampart::api::server_detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

// Errors come back as values: a closed connection is the normal end of a session.
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kFirstReadBytes = 4096;
// After refusing a request the client may still be sending it. Closing with unread data makes
// the kernel send a reset, which can destroy our answer before the client reads it: read and
// discard for a while first (nginx's "lingering close").
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 4 << 20;
// How long a closing TLS connection waits for the client's close_notify.
constexpr auto kTlsShutdownTime = std::chrono::seconds(1);

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

std::string RemoteAddress(beast::tcp_stream& stream) {
  beast::error_code error;
  const auto endpoint = stream.socket().remote_endpoint(error);
  return error ? std::string() : endpoint.address().to_string();
}

// Whether the client has sent bytes we have not read yet.
bool BytesWaiting(beast::tcp_stream& stream) {
  beast::error_code error;
  return stream.socket().available(error) > 0 && !error;
}

// Runs the pipeline; an exception that escapes every stage still gets a 500 problem.
asio::awaitable<Response> Answer(const Pipeline& pipeline, Request& request,
                                 const ConnectionLimits& limits) {
  std::exception_ptr failure;
  try {
    HttpContext context{request};
    co_return co_await pipeline.Run(context);
  } catch (...) {
    failure = std::current_exception();
  }
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    log::Error("http", "exception escaped the pipeline",
               {{"correlationId", request.correlation_id}, {"error", error.what()}});
  } catch (...) {
    log::Error("http", "exception escaped the pipeline",
               {{"correlationId", request.correlation_id}});
  }
  if (request.correlation_id.empty()) request.correlation_id = NewCorrelationId();
  Response response = InternalErrorProblem(request);
  response.SetHeader("X-Correlation-Id", request.correlation_id);
  ApplySecurityHeaders(response, limits.security_headers);
  co_return response;
}

// The TCP stream under a plain or TLS stream (timeouts, socket options, close).
template <class Stream>
beast::tcp_stream& Tcp(Stream& stream) {
  return beast::get_lowest_layer(stream);
}

// Writes `response`; HEAD gets the head only, with the Content-Length a GET would have.
template <class Stream>
asio::awaitable<bool> Write(Stream& stream, Method method, unsigned version,
                            const Response& response, bool keep_alive,
                            std::chrono::milliseconds timeout) {
  const std::string head = SerializeHead(response, version, keep_alive);
  const bool with_body = method != Method::kHead && !StatusForbidsBody(response.status);
  const std::array<asio::const_buffer, 2> buffers{
      asio::buffer(head), with_body ? asio::buffer(response.body) : asio::const_buffer()};
  Tcp(stream).expires_after(timeout);
  auto [error, bytes] = co_await asio::async_write(stream, buffers, kUseTuple);
  co_return !error;
}

template <class Stream>
asio::awaitable<void> Linger(Stream& stream) {
  beast::error_code ignored;
  Tcp(stream).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  std::array<char, 16 * 1024> scratch;
  std::size_t discarded = 0;
  Tcp(stream).expires_after(kLingerTime);
  while (discarded < kLingerBytes) {
    auto [error, bytes] = co_await stream.async_read_some(asio::buffer(scratch), kUseTuple);
    if (error) break;
    discarded += bytes;
  }
}

// Unregisters the connection however its coroutine ends.
struct SlotGuard {
  ConnectionSlot& slot;
  ConnectionRegistry& registry;
  ~SlotGuard() {
    slot.stream = nullptr;
    slot.idle = false;
    if (slot.grace) slot.grace->cancel();
    registry.Remove(&slot);
  }
};

// Closes a plain connection: a FIN after the last response (or after lingering).
asio::awaitable<void> Close(beast::tcp_stream& stream, bool linger) {
  if (linger) {
    co_await Linger(stream);
  } else {
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
  stream.close();
}

// Closes a TLS connection: close_notify (briefly waiting for the peer's) unless lingering.
asio::awaitable<void> Close(TlsStream& stream, bool linger) {
  if (linger) {
    co_await Linger(stream);
  } else {
    Tcp(stream).expires_after(kTlsShutdownTime);
    co_await stream.async_shutdown(kUseTuple);
  }
  Tcp(stream).close();
}

// Serves requests on `stream` (plain or TLS) until the connection should end; true when the
// last answer refused a request the client may still be sending (linger before closing).
template <class Stream>
asio::awaitable<bool> ServeRequests(Stream& stream, ConnectionSlot& slot,
                                    ConnectionRegistry& registry, const Pipeline& pipeline,
                                    const ConnectionLimits& limits, const std::string& peer) {
  beast::flat_buffer buffer;
  bool linger = false;
  for (;;) {
    // Idle: wait for the first byte of the next request (unless pipelined bytes are buffered).
    if (buffer.size() == 0) {
      // Draining: answer a request the client has already sent, never wait for a new one on a
      // keep-alive connection; a new connection gets kFirstRequestGrace to send its first.
      const bool stopping = registry.Stopping();
      if (stopping && !slot.fresh && !BytesWaiting(Tcp(stream))) break;
      if (buffer.capacity() > 64 * 1024) buffer.shrink_to_fit();
      slot.idle = true;
      Tcp(stream).expires_after(
          stopping ? std::min<std::chrono::milliseconds>(limits.idle_timeout, kFirstRequestGrace)
                   : limits.idle_timeout);
      auto [error, bytes] =
          co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), kUseTuple);
      slot.idle = false;
      if (error) break;
      slot.fresh = false;
      buffer.commit(bytes);
    }

    // Reading: head and body must arrive within read_timeout.
    const auto started = Clock::now();
    Tcp(stream).expires_after(limits.read_timeout);
    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    HeadScanningBuffer head_buffer(buffer);
    auto [error, head_bytes] =
        co_await http::async_read_header(stream, head_buffer, parser, kUseTuple);
    std::optional<std::string_view> framing;
    if (!error) framing = FramingError(parser, head_buffer.Folded());
    if (!error && !framing && !parser.is_done()) {
      if (Expects100Continue(parser.get())) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        std::tie(error, std::ignore) =
            co_await asio::async_write(stream, asio::buffer(kContinue), kUseTuple);
      }
      if (!error)
        std::tie(error, std::ignore) = co_await http::async_read(stream, buffer, parser, kUseTuple);
    }
    if (error || framing) {
      // A framing refusal closes the connection unread: its body cannot be told from the next
      // request (RFC 9112 §6.3).
      const ReadFailure failure = framing ? ReadFailure::kBadRequest : ClassifyReadError(error);
      if (failure == ReadFailure::kSilentClose) break;
      Request partial = PartialRequest(parser, peer, limits);
      Response refusal = RefusalFor(failure, partial, limits, framing);
      const auto status = refusal.status;
      const auto bytes = refusal.body.size();
      co_await Write(stream, partial.method, parser.get().version(), refusal,
                     /*keep_alive=*/false, limits.write_timeout);
      LogAccess(partial, status, bytes, Clock::now() - started);
      RecordUnroutedRequest(partial, status, Clock::now() - started);
      linger = true;
      break;
    }
    Tcp(stream).expires_never();  // only the handler may take its time

    BeastRequest& message = parser.get();
    const unsigned version = message.version();
    bool keep_alive = message.keep_alive();
    Request request = ToRequest(message, peer);
    if (!limits.client_ip.Empty())
      request.client_ip = limits.client_ip.Resolve(peer, request.headers);
    Response response;
    if (const auto refusal = RequestLineError(request, version)) {
      response = DirectProblem(request, 400, "bad-request", "Bad request", *refusal, limits);
      LogAccess(request, response.status, response.body.size(), Clock::now() - started);
      RecordUnroutedRequest(request, response.status, Clock::now() - started);
    } else {
      response = co_await Answer(pipeline, request, limits);
    }
    if (registry.Stopping()) {
      keep_alive = false;  // drain: answer, then close
      registry.CountDrained();
    }
    if (!co_await Write(stream, request.method, version, response, keep_alive,
                        limits.write_timeout) ||
        !keep_alive) {
      break;
    }
  }

  co_return linger;
}

}  // namespace

asio::awaitable<void> ServeConnection(beast::tcp_stream stream,
                                      std::shared_ptr<ConnectionSlot> slot,
                                      ConnectionRegistry& registry, const Pipeline& pipeline,
                                      const ConnectionLimits& limits) {
  SlotGuard guard{*slot, registry};
  slot->stream = &stream;
  const std::string peer = RemoteAddress(stream);
  const bool linger = co_await ServeRequests(stream, *slot, registry, pipeline, limits, peer);
  co_await Close(stream, linger);
}

asio::awaitable<void> ServeTlsConnection(beast::tcp_stream tcp,
                                         std::shared_ptr<asio::ssl::context> tls,
                                         std::shared_ptr<ConnectionSlot> slot,
                                         ConnectionRegistry& registry, const Pipeline& pipeline,
                                         const ConnectionLimits& limits) {
  SlotGuard guard{*slot, registry};
  // `tls` stays alive with the connection: a reload (SIGHUP) swaps the server's context for new
  // handshakes while this one keeps the certificate it started with.
  TlsStream stream(std::move(tcp), *tls);
  slot->stream = &Tcp(stream);
  const std::string peer = RemoteAddress(Tcp(stream));
  Tcp(stream).expires_after(limits.read_timeout);
  auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::server, kUseTuple);
  if (error) {
    // Scanners, plain HTTP on the TLS port, TLS 1.1 clients: nothing to answer.
    log::Debug("http", "TLS handshake failed", {{"clientIp", peer}, {"error", error.message()}});
    Tcp(stream).close();
    co_return;
  }
  const bool linger = co_await ServeRequests(stream, *slot, registry, pipeline, limits, peer);
  co_await Close(stream, linger);
}

}  // namespace rampart::api::server_detail
