#pragma once
// Internal to the server (includes Beast): what the connection loop decides about the bytes a
// client sent before any middleware runs — how a failed read ends the connection, the answer to
// a request it refuses, and the request-line and Host checks of RFC 9112 §3.2. Apart from the
// loop (connection.cpp) so that the HTTP fuzz harness (fuzz/http_head_fuzzer.cpp) drives the
// same code over Beast's parser without sockets.
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string_view>

#include "api/server/connection.hpp"
#include "api/server/http.hpp"
#include "api/server/wire.hpp"

namespace rampart::api::server_detail {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

/// How a failed read ends the connection.
enum class ReadFailure { kSilentClose, kBadRequest, kPayloadTooLarge, kHeadersTooLarge };

ReadFailure ClassifyReadError(const boost::beast::error_code& error);

/// A problem the server answers itself, before or instead of the pipeline, with the same
/// correlation id and security headers the pipeline would give it.
Response DirectProblem(Request& request, int status, std::string_view slug, std::string_view title,
                       std::string_view detail, const ConnectionLimits& limits);

/// The answer to a request whose read failed with `failure` (not kSilentClose): 400, 413, 431.
Response RefusalFor(ReadFailure failure, Request& request, const ConnectionLimits& limits);

/// What is known of a request whose read failed. Beast fills the message as it parses: a body
/// over the limit leaves a complete head (its Content-Length is checked last), a head over the
/// limit leaves nothing.
Request PartialRequest(RequestParser& parser, std::string_view peer,
                       const ConnectionLimits& limits);

/// Why the request line or Host makes the request one to refuse with 400 (RFC 9112 §3.2), or
/// nullopt; fills request.path and request.query. An absolute-form target's authority replaces
/// the Host header, as §3.2.2 requires.
std::optional<std::string_view> RequestLineError(Request& request, unsigned version);

bool Expects100Continue(const BeastRequest& message);

}  // namespace rampart::api::server_detail
