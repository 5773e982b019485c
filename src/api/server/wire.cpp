#include "api/server/wire.hpp"

#include <time.h>

#include <chrono>
#include <cstdio>

#include "api/server/percent_decode.hpp"

namespace rampart::api::server_detail {
namespace {

namespace http = boost::beast::http;

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
         EqualsIgnoreCase(name, "connection") || EqualsIgnoreCase(name, "content-type");
}

std::string HeaderSafe(std::string_view value) {
  std::string safe;
  safe.reserve(value.size());
  for (const char c : value) {
    if (c != '\r' && c != '\n' && c != '\0') safe.push_back(c);
  }
  return safe;
}

bool IsHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!token) return false;
  }
  return true;
}

}  // namespace

Request ToRequest(BeastRequest& message, std::string_view client_ip) {
  Request request;
  request.method = ParseMethod(message.method_string());
  request.target = std::string(message.target());
  request.headers.reserve(16);
  for (const auto& field : message) {
    request.headers.emplace_back(Lowercase(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.client_ip = std::string(client_ip);
  return request;
}

ResponseHead MakeResponseHead(const Response& response, unsigned version) {
  ResponseHead head;
  head.version(version);
  head.result(static_cast<unsigned>(response.status));
  head.set(http::field::date, HttpDate());
  if (!response.content_type.empty() && !StatusForbidsBody(response.status)) {
    head.set(http::field::content_type, HeaderSafe(response.content_type));
  }
  for (const auto& [name, value] : response.headers) {
    if (!IsHeaderName(name) || IsFramingHeader(name)) continue;
    head.insert(name, HeaderSafe(value));
  }
  return head;
}

bool StatusForbidsBody(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

std::string_view HttpDate() {
  thread_local std::time_t cached_second = 0;
  thread_local char cached[32] = {};
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != cached_second) {
    // Not strftime: its day and month names follow the process locale.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm parts {};
    gmtime_r(&now, &parts);
    std::snprintf(cached, sizeof(cached), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  kDays[parts.tm_wday % 7], parts.tm_mday, kMonths[parts.tm_mon % 12],
                  parts.tm_year + 1900, parts.tm_hour, parts.tm_min, parts.tm_sec);
    cached_second = now;
  }
  return cached;
}

}  // namespace rampart::api::server_detail
