#pragma once
// Internal to the server (includes Beast): what the connection loop decides about the bytes a
// client sent before any middleware runs — how a failed read ends the connection, the answer to
// a request it refuses, and the request-line and Host checks of RFC 9112 §3.2. Apart from the
// loop (connection.cpp) so that the HTTP fuzz harness (fuzz/http_head_fuzzer.cpp) drives the
// same code over Beast's parser without sockets.
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

#include "api/server/connection.hpp"
#include "api/http/http.hpp"
#include "api/server/wire.hpp"

namespace rampart::api::server_detail {

// RequestParser is Beast's parser of one request with a string body.
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// ReadFailure says how a failed read ends the connection.
enum class ReadFailure { kSilentClose, kBadRequest, kPayloadTooLarge, kHeadersTooLarge };

// ClassifyReadError is how a read that failed with `error` ends the connection: a client that
// went away or went quiet (and a timeout or a shutdown) is closed silently.
ReadFailure ClassifyReadError(const boost::beast::error_code& error);

// DirectProblem is a problem the server answers itself, before or instead of the pipeline, with
// the same correlation id and security headers the pipeline would give it.
Response DirectProblem(Request& request, int status, std::string_view slug, std::string_view title,
                       std::string_view detail, const ConnectionLimits& limits);

// RefusalFor is the answer to a request whose read failed with `failure` (not kSilentClose):
// 400, 413, 431; `detail` replaces the 400's generic one.
Response RefusalFor(ReadFailure failure, Request& request, const ConnectionLimits& limits,
                    std::optional<std::string_view> detail = std::nullopt);

// PartialRequest is what is known of a request whose read failed. Beast fills the message as it
// parses: a body over the limit leaves a complete head (its Content-Length is checked last), a
// head over the limit leaves nothing.
Request PartialRequest(RequestParser& parser, std::string_view peer,
                       const ConnectionLimits& limits);

// HeadScanningBuffer is the connection's read buffer as the head reader sees it: the bytes of
// the request head pass through consume() once, whole (Beast's parser consumes a head only when
// it is complete), so they can be checked for what the parser accepts silently. Folding a
// header over lines (obs-fold, RFC 9112 §5.2) is the one such thing: Beast joins the lines, a
// proxy in front may not, and the two would frame the body differently.
class HeadScanningBuffer {
 public:
  using const_buffers_type = boost::beast::flat_buffer::const_buffers_type;
  using mutable_buffers_type = boost::beast::flat_buffer::mutable_buffers_type;

  explicit HeadScanningBuffer(boost::beast::flat_buffer& buffer) : buffer_(buffer) {}

  std::size_t size() const { return buffer_.size(); }
  std::size_t max_size() const { return buffer_.max_size(); }
  std::size_t capacity() const { return buffer_.capacity(); }
  const_buffers_type data() const { return buffer_.data(); }
  mutable_buffers_type prepare(std::size_t n) { return buffer_.prepare(n); }
  void commit(std::size_t n) { buffer_.commit(n); }
  void consume(std::size_t n);

  // Folded says whether a consumed head had a line starting with a space or tab (a folded
  // header).
  bool Folded() const { return folded_; }

 private:
  boost::beast::flat_buffer& buffer_;
  bool folded_ = false;
};

// FramingError is why the head's message framing makes the request one to refuse with 400 and
// close the connection, or nullopt (RFC 9112 §6.1, §6.3): a Transfer-Encoding whose last coding
// is not chunked (Beast would read no body and take the body for the next request), any
// Transfer-Encoding in HTTP/1.0, a folded header line. Beast itself refuses Content-Length with
// Transfer-Encoding, two different Content-Lengths and a duplicate chunked.
std::optional<std::string_view> FramingError(const RequestParser& parser, bool folded);

// RequestLineError is why the request line or Host makes the request one to refuse with 400
// (RFC 9112 §3.2), or nullopt; fills request.path and request.query. An absolute-form target's
// authority replaces the Host header, as §3.2.2 requires.
std::optional<std::string_view> RequestLineError(Request& request, unsigned version);

// Expects100Continue says whether an HTTP/1.1 request asks for `Expect: 100-continue`.
bool Expects100Continue(const BeastRequest& message);

}  // namespace rampart::api::server_detail
