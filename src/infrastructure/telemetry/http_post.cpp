#include "infrastructure/telemetry/http_post.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace rampart::infrastructure::telemetry {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

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

std::expected<int, std::string> HttpPost(const HttpUrl& url, std::string_view content_type,
                                         std::string_view body, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto fd = Connect(url, deadline);
  if (!fd) return std::unexpected(fd.error());
  Socket socket(*fd);

  const bool ipv6 = url.host.find(':') != std::string::npos;
  std::string head = "POST " + url.path +
                     " HTTP/1.1\r\nHost: " + (ipv6 ? "[" + url.host + "]" : url.host) + ":" +
                     std::to_string(url.port) + "\r\nContent-Type: " + std::string(content_type) +
                     "\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\nUser-Agent: rampart-otlp\r\n\r\n";
  for (std::string_view part : {std::string_view(head), body}) {
    while (!part.empty()) {
      const ssize_t sent = ::send(socket.fd(), part.data(), part.size(), MSG_NOSIGNAL);
      if (sent > 0) {
        part.remove_prefix(static_cast<std::size_t>(sent));
      } else if (sent < 0 && (errno == EAGAIN || errno == EINTR)) {
        if (!Wait(socket.fd(), POLLOUT, deadline)) return std::unexpected("send: timeout");
      } else {
        return std::unexpected(Errno("send"));
      }
    }
  }
  // The status line is all we need; read until it is complete.
  std::string response;
  char buffer[1024];
  while (response.find("\r\n") == std::string::npos) {
    const ssize_t got = ::recv(socket.fd(), buffer, sizeof(buffer), 0);
    if (got > 0) {
      response.append(buffer, static_cast<std::size_t>(got));
      if (response.size() > 8192) break;
    } else if (got == 0) {
      break;
    } else if (errno == EAGAIN || errno == EINTR) {
      if (!Wait(socket.fd(), POLLIN, deadline)) return std::unexpected("receive: timeout");
    } else {
      return std::unexpected(Errno("receive"));
    }
  }
  // "HTTP/1.1 200 OK"
  if (!response.starts_with("HTTP/1.") || response.size() < 12) {
    return std::unexpected("receive: not an HTTP response");
  }
  int status = 0;
  std::from_chars(response.data() + 9, response.data() + 12, status);
  if (status < 100) return std::unexpected("receive: bad status line");
  return status;
}

}  // namespace rampart::infrastructure::telemetry
