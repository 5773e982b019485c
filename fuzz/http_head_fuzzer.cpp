// The bytes of a connection as the server reads them (api/server/connection.cpp): Beast's
// request parser with the server's header and body limits, reading the head and then the body
// through the same read algorithms, in chunks of the sizes a network might deliver; then the
// server's own checks (request_reading.hpp: refusals, request line, Host), the client address
// behind a trusted proxy and the serialized answer. Requests follow each other on the
// connection (keep-alive, pipelining) until one ends it.
//
// Input: the first byte chooses the chunk size of each read (1..256 bytes), the rest is what
// the client sent.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/server/chunked_read_stream_test_support.hpp"
#include "api/server/request_reading.hpp"
#include "fuzz_check.hpp"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using namespace rampart::api;
using namespace rampart::api::server_detail;

const ConnectionLimits& Limits() {
  // The server's defaults (api/server/server.hpp), behind one trusted proxy network.
  static const ConnectionLimits limits{
      .max_body_bytes = 1 << 20,
      .max_header_bytes = 16 * 1024,
      .read_timeout = {},
      .idle_timeout = {},
      .write_timeout = {},
      .client_ip = ClientIpResolver({*rampart::net::IpNetwork::Parse("10.0.0.0/8"),
                                     *rampart::net::IpNetwork::Parse("fd00::/8")}),
      .security_headers = {.hsts = true}};
  return limits;
}

// What every answer must be: a status line, no header line split by input, the blank line.
void CheckHead(const std::string& head) {
  FUZZ_CHECK(head.starts_with("HTTP/1."));
  FUZZ_CHECK(head.ends_with("\r\n\r\n"));
  const auto end = head.size() - 4;
  for (std::size_t i = 0; i < end; ++i) {
    FUZZ_CHECK(head[i] != '\0');
    // CR only before LF, LF only after CR: a value cannot start a header line of its own.
    if (head[i] == '\r') FUZZ_CHECK(head[i + 1] == '\n');
    if (head[i] == '\n') FUZZ_CHECK(i > 0 && head[i - 1] == '\r');
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0];
  ChunkedReadStream stream({reinterpret_cast<const char*>(data + 1), size - 1}, chunk);
  const auto& limits = Limits();
  const std::string peer = (data[0] & 1) ? "10.1.2.3" : "203.0.113.9";
  beast::flat_buffer buffer;
  for (int requests = 0; requests < 64; ++requests) {
    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    beast::error_code error;
    HeadScanningBuffer head_buffer(buffer);
    http::read_header(stream, head_buffer, parser, error);
    std::optional<std::string_view> framing;
    if (!error) framing = FramingError(parser, head_buffer.Folded());
    if (!error && !framing && !parser.is_done()) {
      (void)Expects100Continue(parser.get());
      http::read(stream, buffer, parser, error);
    }
    if (error || framing) {
      const ReadFailure failure = framing ? ReadFailure::kBadRequest : ClassifyReadError(error);
      if (failure == ReadFailure::kSilentClose) break;
      Request partial = PartialRequest(parser, peer, limits);
      const Response refusal = RefusalFor(failure, partial, limits, framing);
      FUZZ_CHECK(refusal.status == 400 || refusal.status == 413 || refusal.status == 431);
      CheckHead(SerializeHead(refusal, parser.get().version(), false));
      break;
    }
    BeastRequest& message = parser.get();
    const unsigned version = message.version();
    const bool keep_alive = message.keep_alive();
    Request request = ToRequest(message, peer);
    request.client_ip = limits.client_ip.Resolve(peer, request.headers);
    FUZZ_CHECK(!request.client_ip.empty());
    Response response;
    if (const auto refusal = RequestLineError(request, version)) {
      response = DirectProblem(request, 400, "bad-request", "Bad request", *refusal, limits);
    } else {
      // What a handler may echo: the path, a query value, a header value.
      FUZZ_CHECK(request.path.starts_with('/'));
      FUZZ_CHECK(request.path.find('\0') == std::string::npos);
      response.status = 200;
      response.body = request.path;
      response.SetHeader("Location", request.path);
      if (auto value = request.QueryParam("q")) response.SetHeader("X-Echo", *value);
      response.SetHeader("X-Agent", std::string(request.Header("user-agent")));
      response.SetHeader(std::string(request.Header("x-name")), "v");
    }
    CheckHead(SerializeHead(response, version, keep_alive));
    if (!keep_alive) break;
  }
  return 0;
}
