#include "infrastructure/telemetry/http_post.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace rampart::infrastructure::telemetry {
namespace {

using Clock = std::chrono::steady_clock;

// Waits for `events` until `deadline`; false on timeout or error.
bool Wait(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd entry{fd, events, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

std::string Errno(std::string_view what) { return std::string(what) + ": " + std::strerror(errno); }

std::expected<int, std::string> Connect(const HttpUrl& url, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(url.port);
  if (const int code = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found); code != 0) {
    return std::unexpected(std::string("resolve: ") + ::gai_strerror(code));
  }
  std::string last_error = "connect: no address";
  for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                            address->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, address->ai_addr, address->ai_addrlen) == 0 ||
        (errno == EINPROGRESS && Wait(fd, POLLOUT, deadline))) {
      int error = 0;
      socklen_t length = sizeof(error);
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if (error == 0) {
        ::freeaddrinfo(found);
        return fd;
      }
      errno = error;
    }
    last_error = errno == EINPROGRESS ? "connect: timeout" : Errno("connect");
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return std::unexpected(last_error);
}

}  // namespace

std::optional<HttpUrl> ParseHttpUrl(std::string_view text) {
  constexpr std::string_view kScheme = "http://";
  if (!text.starts_with(kScheme)) return std::nullopt;
  text.remove_prefix(kScheme.size());
  const auto slash = text.find('/');
  std::string_view authority = text.substr(0, slash);
  HttpUrl url;
  url.path = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port_text = rest.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return std::nullopt;
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return std::nullopt;
    }
    url.port = static_cast<std::uint16_t>(port);
  }
  return url;
}

std::optional<HttpUrl> ParseHttpOrHttpsUrl(std::string_view text) {
  constexpr std::string_view kHttps = "https://";
  if (!text.starts_with(kHttps)) return ParseHttpUrl(text);
  const bool explicit_port = [&] {
    const auto authority =
        text.substr(kHttps.size(), text.find('/', kHttps.size()) - kHttps.size());
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    return colon != std::string_view::npos &&
           (bracket == std::string_view::npos || colon > bracket);
  }();
  auto url = ParseHttpUrl("http://" + std::string(text.substr(kHttps.size())));
  if (!url) return std::nullopt;
  url->tls = true;
  if (!explicit_port) url->port = 443;
  return url;
}

HttpClient::HttpClient(std::string host, std::uint16_t port) : host_(std::move(host)), port_(port) {
  const bool ipv6 = host_.find(':') != std::string::npos;
  host_header_ = (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::expected<int, std::string> HttpClient::Post(std::string_view path,
                                                 std::string_view content_type,
                                                 std::string_view body,
                                                 std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  Attempt outcome = Attempt::kDone;
  auto result = PostOnce(path, content_type, body, deadline, outcome);
  // The server closed the idle connection before it read this request (a collector's idle
  // timeout): the request was not answered, so it goes once more on a fresh connection.
  if (outcome == Attempt::kStale) result = PostOnce(path, content_type, body, deadline, outcome);
  return result;
}

namespace {

// Case-insensitive search for a header's value in a response head ("" when absent).
std::string_view HeaderValue(std::string_view head, std::string_view name) {
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos && at + 2 < head.size()) {
    const std::size_t start = at + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line =
        head.substr(start, (end == std::string_view::npos ? head.size() : end) - start);
    if (line.size() > name.size() && line[name.size()] == ':' &&
        std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      std::string_view value = line.substr(name.size() + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
        value.remove_suffix(1);
      }
      return value;
    }
    at = end;
  }
  return {};
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Whether a connection kept open since the last POST was closed by the server meanwhile.
bool ClosedByPeer(int fd) {
  char byte;
  const ssize_t got = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

}  // namespace

std::expected<int, std::string> HttpClient::PostOnce(std::string_view path,
                                                     std::string_view content_type,
                                                     std::string_view body,
                                                     Clock::time_point deadline, Attempt& outcome) {
  outcome = Attempt::kDone;
  if (fd_ >= 0 && ClosedByPeer(fd_)) Close();
  const bool reused = fd_ >= 0;
  if (!reused) {
    auto fd = Connect(HttpUrl{host_, port_, "/"}, deadline);
    if (!fd) return std::unexpected(fd.error());
    fd_ = *fd;
    ++connections_;
  }
  const auto fail = [&](std::string why, bool stale) -> std::expected<int, std::string> {
    Close();
    if (stale && reused) outcome = Attempt::kStale;
    return std::unexpected(std::move(why));
  };

  head_.clear();
  head_.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host_header_);
  head_.append("\r\nContent-Type: ").append(content_type);
  head_.append("\r\nContent-Length: ").append(std::to_string(body.size()));
  head_.append("\r\nUser-Agent: rampart-otlp\r\n\r\n");
  for (std::string_view part : {std::string_view(head_), body}) {
    // MSG_MORE on the head: it leaves with the body, not as a small segment of its own that
    // Nagle's algorithm would hold the body behind until the server's delayed ACK.
    const int flags = MSG_NOSIGNAL | (part.data() == head_.data() && !body.empty() ? MSG_MORE : 0);
    while (!part.empty()) {
      const ssize_t sent = ::send(fd_, part.data(), part.size(), flags);
      if (sent > 0) {
        part.remove_prefix(static_cast<std::size_t>(sent));
      } else if (sent < 0 && (errno == EAGAIN || errno == EINTR)) {
        if (!Wait(fd_, POLLOUT, deadline)) return fail("send: timeout", false);
      } else {
        const bool stale = errno == EPIPE || errno == ECONNRESET;
        return fail(Errno("send"), stale);
      }
    }
  }

  // The head, then as much of the body as it announces (read and dropped: the status is all
  // an exporter needs), so that the connection is ready for the next request.
  response_.clear();
  char buffer[4096];
  std::size_t head_end = std::string::npos;
  std::optional<std::size_t> body_size;  // nullopt: until the server closes
  bool chunked = false;
  bool keep_alive = true;
  for (;;) {
    if (head_end == std::string::npos) {
      head_end = response_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const std::string_view head(response_.data(), head_end + 2);
        const std::string_view length = HeaderValue(head, "content-length");
        const std::string_view encoding = HeaderValue(head, "transfer-encoding");
        keep_alive = !EqualsIgnoreCase(HeaderValue(head, "connection"), "close") &&
                     !head.starts_with("HTTP/1.0");
        if (!length.empty()) {
          std::size_t size = 0;
          std::from_chars(length.data(), length.data() + length.size(), size);
          body_size = size;
        } else if (EqualsIgnoreCase(encoding, "chunked")) {
          chunked = true;
        } else if (head.size() >= 12 &&
                   (head[9] == '1' || head.substr(9, 3) == "204" || head.substr(9, 3) == "304")) {
          body_size = 0;
        }
      } else if (response_.size() > 16384) {
        return fail("receive: response head too long", false);
      }
    }
    if (head_end != std::string::npos) {
      const std::size_t got_body = response_.size() - (head_end + 4);
      // A collector's chunked answer is small: its last chunk ends the body (no trailers).
      if (body_size ? got_body >= *body_size
                    : chunked && std::string_view(response_).ends_with("0\r\n\r\n")) {
        break;
      }
    }
    const ssize_t got = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (got > 0) {
      response_.append(buffer, static_cast<std::size_t>(got));
    } else if (got == 0) {
      if (head_end != std::string::npos && !body_size && !chunked) {
        keep_alive = false;  // the body ran until the server closed
        break;
      }
      return fail("receive: connection closed", response_.empty());
    } else if (errno == EAGAIN || errno == EINTR) {
      if (!Wait(fd_, POLLIN, deadline)) return fail("receive: timeout", false);
    } else {
      const bool stale = errno == ECONNRESET && response_.empty();
      return fail(Errno("receive"), stale);
    }
  }
  // "HTTP/1.1 200 OK"
  int status = 0;
  if (response_.starts_with("HTTP/1.") && response_.size() >= 12) {
    std::from_chars(response_.data() + 9, response_.data() + 12, status);
  }
  if (status < 100) return fail("receive: not an HTTP response", false);
  if (!keep_alive) Close();
  return status;
}

std::expected<int, std::string> HttpPost(const HttpUrl& url, std::string_view content_type,
                                         std::string_view body, std::chrono::milliseconds timeout) {
  HttpClient client(url.host, url.port);
  return client.Post(url.path, content_type, body, timeout);
}

}  // namespace rampart::infrastructure::telemetry
