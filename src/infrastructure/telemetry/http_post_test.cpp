#include "infrastructure/telemetry/http_post.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

namespace rampart::infrastructure::telemetry {
namespace {

// A tiny HTTP/1.1 server on loopback, on a thread of its own: it reads each request (head and
// Content-Length body), answers `status` with a small body, and after `requests_per_connection`
// answers closes the connection (with `Connection: close` in that answer when `announce_close`;
// silently, like an idle timeout, otherwise).
class TestCollector {
 public:
  TestCollector(int requests_per_connection, bool announce_close)
      : per_connection_(requests_per_connection), announce_close_(announce_close) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    ::listen(listen_fd_, 16);
    socklen_t length = sizeof(address);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TestCollector() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    thread_.join();
  }
  std::uint16_t Port() const { return port_; }
  int Accepted() const { return accepted_.load(); }
  int Requests() const { return requests_.load(); }
  std::string LastBody() const { return last_body_; }

 private:
  void Serve() {
    for (;;) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      ++accepted_;
      std::string buffer;
      for (int served = 0; served < per_connection_; ++served) {
        if (!ReadRequest(fd, buffer)) break;
        const bool last = served + 1 == per_connection_;
        const std::string answer = std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n") +
                                   (last && announce_close_ ? "Connection: close\r\n" : "") +
                                   "\r\n{}";
        ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
      }
      ::close(fd);
    }
  }

  bool ReadRequest(int fd, std::string& buffer) {
    char chunk[4096];
    for (;;) {
      const auto head_end = buffer.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const auto at = buffer.find("Content-Length: ");
        const std::size_t length = std::stoul(buffer.substr(at + 16));
        if (buffer.size() >= head_end + 4 + length) {
          last_body_ = buffer.substr(head_end + 4, length);
          buffer.erase(0, head_end + 4 + length);
          ++requests_;
          return true;
        }
      }
      const ssize_t got = ::recv(fd, chunk, sizeof(chunk), 0);
      if (got <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(got));
    }
  }

  int per_connection_;
  bool announce_close_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<int> requests_{0};
  std::string last_body_;  // read after the answer, which the client waits for
  std::thread thread_;
};

constexpr std::chrono::seconds kTimeout{5};

TEST(HttpClient, ReusesTheConnectionWhileTheServerKeepsItOpen) {
  TestCollector collector(1000, false);
  HttpClient client("127.0.0.1", collector.Port());
  for (int i = 0; i < 5; ++i) {
    const std::string body(1000 + i, 'x');
    const auto status = client.Post("/v1/traces", "application/x-protobuf", body, kTimeout);
    ASSERT_TRUE(status) << status.error();
    EXPECT_EQ(*status, 200);
    EXPECT_EQ(collector.LastBody(), body);
  }
  EXPECT_EQ(client.Connections(), 1);
  EXPECT_EQ(collector.Accepted(), 1);
  EXPECT_EQ(collector.Requests(), 5);
}

TEST(HttpClient, ReconnectsWhenTheServerClosedTheIdleConnection) {
  TestCollector collector(1, false);  // closes after each answer, without saying so
  HttpClient client("127.0.0.1", collector.Port());
  for (int i = 0; i < 3; ++i) {
    const auto status = client.Post("/v1/traces", "application/json", "{}", kTimeout);
    ASSERT_TRUE(status) << status.error();
    EXPECT_EQ(*status, 200);
  }
  EXPECT_EQ(client.Connections(), 3);
  EXPECT_EQ(collector.Requests(), 3);
}

TEST(HttpClient, HonoursConnectionClose) {
  TestCollector collector(2, true);
  HttpClient client("127.0.0.1", collector.Port());
  for (int i = 0; i < 4; ++i) {
    const auto status = client.Post("/v1/traces", "application/json", "{}", kTimeout);
    ASSERT_TRUE(status) << status.error();
  }
  EXPECT_EQ(client.Connections(), 2);
  EXPECT_EQ(collector.Requests(), 4);
}

TEST(HttpClient, ReportsARefusedConnection) {
  HttpClient client("127.0.0.1", 1);  // nothing listens on port 1
  const auto status = client.Post("/v1/traces", "application/json", "{}", kTimeout);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().find("connect"), std::string::npos) << status.error();
}

}  // namespace
}  // namespace rampart::infrastructure::telemetry
