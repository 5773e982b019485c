#include "api/endpoints/json_io.hpp"

#include <charconv>
#include <cmath>

#include <boost/json.hpp>

#include "api/http/percent_decode.hpp"
#include "api/http/problem.hpp"
#include "application/dispatch/actor.hpp"
#include "common/json_escape.hpp"

namespace rampart::api {

namespace json = boost::json;

namespace {

std::string_view TrimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         EqualsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace

bool IsJsonMediaType(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  const auto media = TrimOws(content_type.substr(0, semicolon));
  constexpr std::string_view kApplication = "application/";
  const bool json = EqualsIgnoreCase(media, "application/json") ||
                    (StartsWithIgnoreCase(media, kApplication) &&
                     media.size() > kApplication.size() + 5 && EndsWithIgnoreCase(media, "+json"));
  if (!json) return false;
  // Parameters: `name=value` or `name="value"`; only charset matters, and only UTF-8 is JSON.
  std::string_view rest =
      semicolon == std::string_view::npos ? std::string_view{} : content_type.substr(semicolon + 1);
  while (!rest.empty()) {
    const auto next = rest.find(';');
    const auto parameter = TrimOws(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    const auto equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;
    if (!EqualsIgnoreCase(TrimOws(parameter.substr(0, equals)), "charset")) continue;
    auto value = TrimOws(parameter.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!EqualsIgnoreCase(value, "utf-8") && !EqualsIgnoreCase(value, "utf8")) return false;
  }
  return true;
}

std::expected<json::object, Response> ParseJsonObject(const Request& request) {
  const auto content_type = request.Header("content-type");
  if ((!request.body.empty() || !content_type.empty()) && !IsJsonMediaType(content_type)) {
    return std::unexpected(ProblemWithStatus(
        415, "unsupported-media-type", "Unsupported media type",
        "The request body must be JSON, sent with Content-Type: application/json.", request));
  }
  boost::system::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec || !value.is_object()) {
    return std::unexpected(ProblemWithStatus(400, "bad-request", "Bad request",
                                             "The request body must be a JSON object.", request));
  }
  return std::move(value.as_object());
}

application::RequestContext ContextOf(const Request& request) {
  return {.ip = request.client_ip,
          .user_agent = std::string(request.Header("user-agent")),
          .correlation_id = request.correlation_id};
}

application::Caller CallerOf(const Request& request) {
  return {.request = ContextOf(request),
          .principal = request.principal ? &*request.principal : nullptr,
          .actor = request.actor.get()};
}

namespace {

void AppendDouble(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out.append("null");
    return;
  }
  const double magnitude = std::fabs(value);
  const auto format = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e16)
                          ? std::chars_format::fixed
                          : std::chars_format::general;
  char buffer[64];  // shortest fixed form below 1e16 needs at most ~30 characters
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  out.append(buffer, written.ptr);
}

void AppendJson(std::string& out, const json::value& value) {
  switch (value.kind()) {
    case json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        out.append(json::serialize(member.key()));
        out.push_back(':');
        AppendJson(out, member.value());
      }
      out.push_back('}');
      return;
    }
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJson(out, item);
      }
      out.push_back(']');
      return;
    }
    case json::kind::double_:
      AppendDouble(out, value.get_double());
      return;
    default:  // string, integers, bool, null: Boost.JSON's own text
      out.append(json::serialize(value));
  }
}

}  // namespace

std::string SerializeJson(const json::value& body) {
  std::string out;
  out.reserve(256);
  AppendJson(out, body);
  return out;
}

Response JsonResponse(int status, const json::value& body) {
  return Response::Json(status, SerializeJson(body));
}

Response JsonResponse(int status, std::string body) {
  return Response::Json(status, std::move(body));
}

}  // namespace rampart::api
