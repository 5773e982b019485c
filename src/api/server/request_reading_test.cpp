#include "api/server/request_reading.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "api/server/chunked_read_stream_test_support.hpp"

namespace rampart::api::server_detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

// Reads the head of `wire` as the connection loop does, `chunk` bytes per read, and returns
// the framing refusal (or nullopt); the read itself must succeed.
std::optional<std::string> Framing(std::string_view wire, std::size_t chunk = 4096) {
  ChunkedReadStream stream(wire, chunk);
  beast::flat_buffer buffer;
  RequestParser parser;
  HeadScanningBuffer head(buffer);
  beast::error_code error;
  http::read_header(stream, head, parser, error);
  EXPECT_FALSE(error) << error.message() << " reading " << wire;
  const auto refusal = FramingError(parser, head.Folded());
  return refusal ? std::optional<std::string>(*refusal) : std::nullopt;
}

constexpr std::string_view kPost = "POST /api/v1/notes HTTP/1.1\r\nHost: a\r\n";

TEST(Framing, AcceptsContentLengthChunkedAndNoBody) {
  EXPECT_EQ(Framing(std::string(kPost) + "Content-Length: 2\r\n\r\n{}"), std::nullopt);
  EXPECT_EQ(Framing(std::string(kPost) + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), std::nullopt);
  EXPECT_EQ(Framing(std::string(kPost) + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
            std::nullopt);
  EXPECT_EQ(Framing("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\r\n"), std::nullopt);
}

// RFC 9112 §6.3: Beast reads no body for these, and would take the body for the next request
// (the hostile-input e2e suite's smuggling cases; both were answered twice before).
TEST(Framing, RefusesATransferEncodingNotEndingInChunked) {
  for (const char* coding : {"chunked, identity", "xchunked", "gzip", "identity"}) {
    EXPECT_NE(Framing(std::string(kPost) + "Transfer-Encoding: " + coding + "\r\n\r\n0\r\n\r\n"),
              std::nullopt)
        << coding;
  }
}

// RFC 9112 §6.1: HTTP/1.0 has no Transfer-Encoding; the framing is faulty.
TEST(Framing, RefusesTransferEncodingInHttp10) {
  EXPECT_NE(Framing("POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: keep-alive\r\n\r\n0\r\n\r\n"),
            std::nullopt);
}

// RFC 9112 §5.2 allows unfolding or refusing; Beast unfolds, a proxy in front may not.
TEST(Framing, RefusesFoldedHeaderLinesWhateverTheChunking) {
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    EXPECT_NE(Framing(std::string(kPost) + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", chunk),
              std::nullopt);
    EXPECT_NE(Framing(std::string(kPost) + "Content-Length:\r\n\t0\r\n\r\n", chunk), std::nullopt);
    EXPECT_NE(Framing("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\r\n b\r\n\r\n", chunk), std::nullopt);
  }
}

// Only the head is scanned: a body may hold anything, a pipelined request may follow.
TEST(Framing, ScansTheHeadOnly) {
  EXPECT_EQ(Framing(std::string(kPost) + "Content-Length: 4\r\n\r\n\r\n x"), std::nullopt);
  EXPECT_EQ(Framing("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"),
            std::nullopt);
}

}  // namespace
}  // namespace rampart::api::server_detail
