#include "api/server/request_reading.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <string>

#include "api/middleware/correlation_id.hpp"
#include "api/http/problem.hpp"
#include "api/server/request_target.hpp"
#include "api/http/security_headers.hpp"

namespace rampart::api::server_detail {

namespace beast = boost::beast;
namespace http = beast::http;

void HeadScanningBuffer::consume(std::size_t n) {
  // A flat_buffer's readable bytes are one contiguous piece.
  const auto readable = buffer_.data();
  const auto* bytes = static_cast<const char*>(readable.data());
  const std::size_t count = std::min(n, readable.size());
  for (std::size_t i = 1; i < count; ++i) {
    if (bytes[i - 1] == '\n' && (bytes[i] == ' ' || bytes[i] == '\t')) folded_ = true;
  }
  buffer_.consume(n);
}

std::optional<std::string_view> FramingError(const RequestParser& parser, bool folded) {
  if (folded) return "Header fields folded over several lines are not accepted.";
  const auto& message = parser.get();
  if (message.find(http::field::transfer_encoding) == message.end()) return std::nullopt;
  if (message.version() < 11) return "HTTP/1.0 has no Transfer-Encoding.";
  if (!parser.chunked()) return "The last transfer coding must be chunked.";
  return std::nullopt;
}

ReadFailure ClassifyReadError(const beast::error_code& error) {
  if (error == http::error::header_limit) return ReadFailure::kHeadersTooLarge;
  if (error == http::error::body_limit) return ReadFailure::kPayloadTooLarge;
  // The client went away or went quiet: nobody to answer.
  if (error == http::error::end_of_stream || error == http::error::partial_message ||
      error == http::error::short_read || error == http::error::need_more) {
    return ReadFailure::kSilentClose;
  }
  if (error.category() == http::make_error_code(http::error::bad_target).category()) {
    return ReadFailure::kBadRequest;
  }
  return ReadFailure::kSilentClose;  // timeout, reset, cancelled at shutdown
}

// These answers bypass the pipeline, so they get its security headers here.
Response DirectProblem(Request& request, int status, std::string_view slug, std::string_view title,
                       std::string_view detail, const ConnectionLimits& limits) {
  if (request.correlation_id.empty()) {
    request.correlation_id = CorrelationIdFor(request.Header("x-correlation-id"));
  }
  Response response = ProblemWithStatus(status, slug, title, detail, request);
  response.SetHeader("X-Correlation-Id", request.correlation_id);
  ApplySecurityHeaders(response, limits.security_headers);
  return response;
}

Response RefusalFor(ReadFailure failure, Request& request, const ConnectionLimits& limits,
                    std::optional<std::string_view> detail) {
  switch (failure) {
    case ReadFailure::kPayloadTooLarge:
      return DirectProblem(request, 413, "payload-too-large", "Payload too large",
                           "The request body exceeds the size limit.", limits);
    case ReadFailure::kHeadersTooLarge:
      return DirectProblem(request, 431, "request-header-fields-too-large",
                           "Request header fields too large",
                           "The request headers exceed the size limit.", limits);
    default:
      break;
  }
  return DirectProblem(request, 400, "bad-request", "Bad request",
                       detail.value_or("The request is not valid HTTP."), limits);
}

Request PartialRequest(RequestParser& parser, std::string_view peer,
                       const ConnectionLimits& limits) {
  auto& message = parser.get();
  message.body().clear();
  Request request = ToRequest(message, peer);
  if (!limits.client_ip.Empty())
    request.client_ip = limits.client_ip.Resolve(peer, request.headers);
  std::string query;
  if (ParseTarget(request.target, request.path, query) != TargetError::kNone) request.path.clear();
  return request;
}

std::optional<std::string_view> RequestLineError(Request& request, unsigned version) {
  std::string authority;
  if (ParseTarget(request.target, request.path, request.query, &authority) != TargetError::kNone) {
    return "The request target is not a valid path.";
  }
  if (!HasValidHost(request.headers, version)) {
    return "The request needs exactly one valid Host header (RFC 9112 section 3.2).";
  }
  if (!authority.empty()) {
    for (auto& [name, value] : request.headers) {
      if (name == "host") value = authority;
    }
  }
  return std::nullopt;
}

bool Expects100Continue(const BeastRequest& message) {
  return message.version() >= 11 && beast::iequals(message[http::field::expect], "100-continue");
}

}  // namespace rampart::api::server_detail
