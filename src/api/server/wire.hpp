#pragma once
// Internal to the server (includes Beast): conversions between Beast messages and rampart's
// Request/Response.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <string_view>

#include "api/http/http.hpp"

namespace rampart::api::server_detail {

// BeastRequest is a request as Beast parses it, with a string body.
using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// ToRequest is a Request from a parsed message: method, raw target, headers with lower-case
// names, the body (moved out of `message`) and the client's address. Path and query: see
// ParseTarget.
Request ToRequest(BeastRequest& message, std::string_view client_ip);

// SerializeHead is the status line and headers of the answer to a request of HTTP `version`
// (10 or 11), up to and including the blank line: Date, Content-Type, Content-Length (the
// body's size, also for HEAD; neither when the status forbids a body), the handler's headers,
// Response::preset_headers, and Connection when it differs from the version's default. Built
// as one string rather than through Beast's serializer: a response with a dozen headers is
// written as two buffers (head and body) instead of two dozen.
//
// The handler's headers cannot set the framing (Content-Length, Transfer-Encoding,
// Connection; Content-Type comes from Response::content_type), names that are not HTTP tokens
// are dropped, and values lose any CR, LF or NUL: a value echoing client input cannot split
// the response.
std::string SerializeHead(const Response& response, unsigned version, bool keep_alive);

// StatusForbidsBody says whether `status` is one whose responses have no body and no
// Content-Length: 1xx, 204 and 304.
bool StatusForbidsBody(int status);

// HttpDate is the current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), cached per
// second and thread.
std::string_view HttpDate();

}  // namespace rampart::api::server_detail
