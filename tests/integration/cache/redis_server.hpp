#pragma once
// A private redis-server for tests: started on 127.0.0.1 on a free port in a temp directory,
// stopped by its PID (never by name). Tests may kill, pause and restart it to exercise failure.
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rampart::integration {

/// A loopback port the kernel considers free right now (e.g. for `--tls-port`).
std::uint16_t FreeLoopbackPort();

class RedisServer {
 public:
  /// Starts redis-server with `extra_args` (e.g. {"--requirepass", "pw"}); throws
  /// std::runtime_error when it does not answer within a few seconds.
  explicit RedisServer(std::vector<std::string> extra_args = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t Port() const { return port_; }
  std::string Url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  void Kill();     // SIGKILL and reap: the server vanishes mid-conversation
  void Pause();    // SIGSTOP: the server is up but answers nothing (slow)
  void Resume();   // SIGCONT
  void Restart();  // starts again on the same port after Kill()

 private:
  void Launch();

  std::vector<std::string> extra_args_;
  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace rampart::integration
