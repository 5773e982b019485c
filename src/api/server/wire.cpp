#include "api/server/wire.hpp"

#include <time.h>

#include <array>
#include <boost/beast/http/status.hpp>
#include <chrono>
#include <cstdio>

#include "api/http/percent_decode.hpp"

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
  switch (name.size()) {  // most names are none of these lengths: no comparison at all
    case 10:
      return EqualsIgnoreCase(name, "connection");
    case 12:
      return EqualsIgnoreCase(name, "content-type");
    case 14:
      return EqualsIgnoreCase(name, "content-length");
    case 17:
      return EqualsIgnoreCase(name, "transfer-encoding");
    default:
      return false;
  }
}

bool IsTokenChar(char c) {
  static constexpr auto kTable = [] {
    std::array<bool, 256> table{};
    for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
    for (int c = '0'; c <= '9'; ++c) table[c] = true;
    for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
      table[static_cast<unsigned char>(c)] = true;
    return table;
  }();
  return kTable[static_cast<unsigned char>(c)];
}

bool IsHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// CR, LF and NUL would split or end a header line: they are dropped from values.
bool IsDroppedInValue(char c) { return c == '\r' || c == '\n' || c == '\0'; }

void AppendHeaderValue(std::string& out, std::string_view value) {
  // Runs without CR, LF or NUL (all of them, in practice) are appended at once. A plain scan:
  // std::string_view::find_first_of calls memchr over the set once per character.
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!IsDroppedInValue(value[i])) continue;
    out.append(value.substr(run, i - run));
    run = i + 1;
  }
  out.append(value.substr(run));
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  AppendHeaderValue(out, value);
  out.append("\r\n");
}

}  // namespace

Request ToRequest(BeastRequest& message, std::string_view client_ip) {
  Request request;
  request.method = ParseMethod(message.method_string());
  request.target = std::string(message.target());
  // Exactly as many as arrived: a generous reserve (16 pairs = 1 KiB) is a large-bin
  // allocation that makes malloc consolidate its fast bins on every request.
  std::size_t fields = 0;
  for (auto field = message.begin(); field != message.end(); ++field) ++fields;
  request.headers.reserve(fields);
  for (const auto& field : message) {
    request.headers.emplace_back(Lowercase(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.client_ip = std::string(client_ip);
  return request;
}

std::string SerializeHead(const Response& response, unsigned version, bool keep_alive) {
  std::string head;
  head.reserve(256);
  head.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  head.append(std::to_string(response.status));
  head.push_back(' ');
  // The reason phrase is optional (RFC 9112 §4): empty for a code Beast does not know.
  const auto code = http::int_to_status(static_cast<unsigned>(response.status));
  if (code != http::status::unknown) {
    const auto reason = http::obsolete_reason(code);
    head.append(reason.data(), reason.size());
  }
  head.append("\r\n");
  AppendHeader(head, "Date", HttpDate());
  if (!StatusForbidsBody(response.status)) {
    if (!response.content_type.empty()) AppendHeader(head, "Content-Type", response.content_type);
    AppendHeader(head, "Content-Length", std::to_string(response.body.size()));
  }
  for (const auto& [name, value] : response.headers) {
    if (IsHeaderName(name) && !IsFramingHeader(name)) AppendHeader(head, name, value);
  }
  head.append(response.preset_headers);  // complete lines of our own (security headers)
  if (version == 10 && keep_alive) AppendHeader(head, "Connection", "keep-alive");
  if (version != 10 && !keep_alive) AppendHeader(head, "Connection", "close");
  head.append("\r\n");
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
