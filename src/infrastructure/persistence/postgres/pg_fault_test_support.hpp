#pragma once
// Test-only: a PostgreSQL server that stops answering. TcpProxy stands between the adapter and
// the test cluster and can drop every packet without closing anything (a blackholed network:
// no FIN, no RST); OwnCluster is a throwaway cluster that can be frozen with SIGSTOP
// (tests/services/postgres.sh freeze). Header-only, POSIX sockets: nothing links into the service.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rampart::infrastructure::postgres::test_support {

// WithPort returns `url` (postgresql://user@127.0.0.1:PORT/db) with another port.
inline std::string WithPort(const std::string& url, std::uint16_t port) {
  const auto host = url.find("127.0.0.1:");
  if (host == std::string::npos) throw std::invalid_argument("not a 127.0.0.1 URL: " + url);
  const auto digits = host + 10;
  const auto end = url.find_first_not_of("0123456789", digits);
  return url.substr(0, digits) + std::to_string(port) + url.substr(end);
}

// PortOf returns the port of a postgresql://...@127.0.0.1:PORT/... URL.
inline std::uint16_t PortOf(const std::string& url) {
  const auto host = url.find("127.0.0.1:");
  if (host == std::string::npos) throw std::invalid_argument("not a 127.0.0.1 URL: " + url);
  return static_cast<std::uint16_t>(std::stoi(url.substr(host + 10)));
}

// TcpProxy is a TCP forwarder on 127.0.0.1 to 127.0.0.1:upstream_port, on a thread of its own.
// Blackhole() stops it from accepting, reading and writing: connections stay open, data sent
// to it sits unanswered, and new connections complete their handshake in the listen backlog
// and hear nothing — what a client sees of a dropped network path or a frozen host.
class TcpProxy {
 public:
  explicit TcpProxy(std::uint16_t upstream_port) : upstream_port_(upstream_port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback(0);
    if (listen_fd_ < 0 || ::bind(listen_fd_, Raw(address), sizeof address) != 0 ||
        ::listen(listen_fd_, 64) != 0 || ::pipe(wake_) != 0) {
      throw std::runtime_error("TcpProxy: cannot listen");
    }
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, Raw(address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~TcpProxy() {
    stopping_ = true;
    Wake();
    thread_.join();
    for (const auto& pair : pairs_) {
      ::close(pair.client);
      ::close(pair.server);
    }
    ::close(listen_fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
  }
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  std::uint16_t port() const { return port_; }
  void Blackhole() {
    blackholed_ = true;
    Wake();
  }
  // Resume forwards again, including what waited meanwhile.
  void Resume() {
    blackholed_ = false;
    Wake();
  }

 private:
  struct Pair {
    int client;
    int server;
  };

  static sockaddr_in Loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }
  static sockaddr* Raw(sockaddr_in& address) { return reinterpret_cast<sockaddr*>(&address); }

  void Wake() {
    const char byte = 1;
    (void)!::write(wake_[1], &byte, 1);
  }

  // Forward copies what `from` has to `to`; false when `from` closed or failed.
  static bool Forward(int from, int to) {
    char buffer[16384];
    const auto got = ::recv(from, buffer, sizeof buffer, 0);
    if (got <= 0) return false;
    for (ssize_t sent = 0; sent < got;) {
      const auto wrote =
          ::send(to, buffer + sent, static_cast<std::size_t>(got - sent), MSG_NOSIGNAL);
      if (wrote <= 0) return false;
      sent += wrote;
    }
    return true;
  }

  void Run() {
    while (!stopping_) {
      std::vector<pollfd> fds{{wake_[0], POLLIN, 0}};
      const bool forwarding = !blackholed_;
      if (forwarding) {
        fds.push_back({listen_fd_, POLLIN, 0});
        for (const auto& pair : pairs_) {
          fds.push_back({pair.client, POLLIN, 0});
          fds.push_back({pair.server, POLLIN, 0});
        }
      }
      if (::poll(fds.data(), fds.size(), -1) < 0) continue;
      if (fds[0].revents != 0) {
        char drain[64];
        (void)!::read(wake_[0], drain, sizeof drain);
        continue;  // the mode may have changed
      }
      // fds[2..] are the pairs polled above: accept new ones only after serving those (a pair
      // accepted first would be read at an index `fds` does not have).
      std::vector<Pair> kept;
      for (std::size_t i = 0; i < pairs_.size(); ++i) {
        const auto& pair = pairs_[i];
        bool open = true;
        if (fds[2 + 2 * i].revents != 0) open = Forward(pair.client, pair.server);
        if (open && fds[3 + 2 * i].revents != 0) open = Forward(pair.server, pair.client);
        if (open) {
          kept.push_back(pair);
        } else {
          ::close(pair.client);
          ::close(pair.server);
        }
      }
      pairs_ = std::move(kept);
      if (fds[1].revents != 0) Accept();
    }
  }

  void Accept() {
    const int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) return;
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in upstream = Loopback(upstream_port_);
    if (server < 0 || ::connect(server, Raw(upstream), sizeof upstream) != 0) {
      ::close(client);
      if (server >= 0) ::close(server);
      return;
    }
    pairs_.push_back({client, server});
  }

  const std::uint16_t upstream_port_;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  std::atomic<bool> blackholed_{false};
  std::atomic<bool> stopping_{false};
  std::vector<Pair> pairs_;  // the proxy's thread only
  std::thread thread_;
};

// OwnCluster is a cluster of its own (tests/services/postgres.sh start), for tests that freeze it:
// the shared test cluster must keep answering the tests running beside them.
class OwnCluster {
 public:
  OwnCluster() : state_(MakeStateDir()) { Script("start"); }
  ~OwnCluster() {
    if (frozen_) Script("thaw");
    Script("stop");
    std::filesystem::remove_all(state_);
  }
  OwnCluster(const OwnCluster&) = delete;
  OwnCluster& operator=(const OwnCluster&) = delete;

  // Url returns the URL of its `postgres` database.
  std::string Url() const {
    std::ifstream file(state_ / "url");
    std::string url;
    std::getline(file, url);
    return url;
  }
  // Freeze: SIGSTOP of the postmaster and every backend: sockets stay open, nothing answers.
  void Freeze() {
    Script("freeze");
    frozen_ = true;
  }
  void Thaw() {
    if (!frozen_) return;
    Script("thaw");
    frozen_ = false;
  }

 private:
  static std::filesystem::path MakeStateDir() {
    char pattern[] = "/tmp/rampart-pg-fault-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
  }
  void Script(const std::string& command) const {
    const std::string line = "bash " RAMPART_SOURCE_DIR "/tests/services/postgres.sh " + command +
                             " " + state_.string() + " >/dev/null";
    if (std::system(line.c_str()) != 0) {
      throw std::runtime_error("postgres.sh " + command + " failed");
    }
  }

  std::filesystem::path state_;
  bool frozen_ = false;
};

// TimeOrHang runs `call` on a thread of its own and returns how long it took, or nullopt when it
// was still running after `patience`: then `release` runs (thaw the server, resume the proxy) so
// that the call can end and the test report the hang instead of hanging itself.
inline std::optional<std::chrono::steady_clock::duration> TimeOrHang(
    std::function<void()> call, std::chrono::seconds patience,
    const std::function<void()>& release) {
  const auto start = std::chrono::steady_clock::now();
  auto done = std::async(std::launch::async, [call = std::move(call), start] {
    call();
    return std::chrono::steady_clock::now() - start;
  });
  if (done.wait_for(patience) == std::future_status::ready) return done.get();
  release();
  done.wait();
  return std::nullopt;
}

}  // namespace rampart::infrastructure::postgres::test_support
