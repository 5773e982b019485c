#pragma once
// Internal to the server (includes Beast): conversions between Beast messages and rampart's
// Request/Response.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string_view>

#include "api/server/http.hpp"

namespace rampart::api::server_detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using ResponseHead = boost::beast::http::response_header<>;

/// A Request from a parsed message: method, raw target, headers with lower-case names, the
/// body (moved out of `message`) and the client's address. Path and query: see ParseTarget.
Request ToRequest(BeastRequest& message, std::string_view client_ip);

/// The head of the answer to a request of HTTP `version`: status, Date, Content-Type and the
/// handler's headers. Content-Length and Connection are the caller's.
/// The handler's headers cannot set the framing (Content-Length, Transfer-Encoding,
/// Connection) and lose any CR, LF or NUL: a value echoing client input cannot split the
/// response.
ResponseHead MakeResponseHead(const Response& response, unsigned version);

/// 1xx, 204 and 304 responses have no body and no Content-Length.
bool StatusForbidsBody(int status);

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), cached per second.
std::string_view HttpDate();

}  // namespace rampart::api::server_detail
