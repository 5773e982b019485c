// The listening socket out of file descriptors: accept() fails on every retry (every 50 ms),
// and the log gets one line per interval with a count, not one line per retry.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "api/middleware/pipeline_test_support.hpp"
#include "api/server/server_fixture.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::api {
namespace {

using namespace std::chrono_literals;
using ServerTest = testing_support::ServerFixture;

std::uint64_t AcceptFailures() {
  return telemetry::Metrics()
      .Counter("rampart.http.accept.failures", "", "{failure}", {})
      .With({})
      .Value();
}

long CountLines(const std::vector<std::string>& lines, std::string_view text) {
  return std::count_if(lines.begin(), lines.end(),
                       [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

// Polls `condition` (no sleep stands in for synchronisation: it only paces the polling).
template <class Condition>
bool Eventually(Condition condition, std::chrono::milliseconds within = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// Lowers the soft RLIMIT_NOFILE to the lowest free descriptor number: every descriptor below
// it is in use, so the process can open none; restores the limit when destroyed.
class NoFreeDescriptors {
 public:
  NoFreeDescriptors() {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    const int lowest_free = ::open("/dev/null", O_RDONLY);
    ::close(lowest_free);
    rlimit lowered = saved_;
    lowered.rlim_cur = static_cast<rlim_t>(lowest_free);
    ok_ = ::setrlimit(RLIMIT_NOFILE, &lowered) == 0 && ::open("/dev/null", O_RDONLY) < 0;
  }
  ~NoFreeDescriptors() { Restore(); }
  void Restore() { ::setrlimit(RLIMIT_NOFILE, &saved_); }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

TEST_F(ServerTest, AcceptFailuresAtDescriptorExhaustionAreLoggedOncePerIntervalWithACount) {
  Start({.accept_error_log_interval = 1h});  // one line however long the test takes
  testing_support::LogCapture logs("info");
  // The client's sockets exist before the limit drops; connecting them needs no descriptor,
  // the server's accept() does.
  const int clients[] = {::socket(AF_INET, SOCK_STREAM, 0), ::socket(AF_INET, SOCK_STREAM, 0)};
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(Port());
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const auto before = AcceptFailures();
  {
    NoFreeDescriptors exhausted;
    ASSERT_TRUE(exhausted.ok());
    for (const int client : clients) {
      ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&server), sizeof server), 0);
    }
    // Retried every 50 ms: wait for a dozen failures.
    ASSERT_TRUE(Eventually([&] { return AcceptFailures() >= before + 12; }))
        << AcceptFailures() - before << " failures; log:\n"
        << testing::PrintToString(logs.Lines());
    const auto lines = logs.Lines();
    EXPECT_EQ(CountLines(lines, "accept failed"), 1) << lines.size() << " lines";
    EXPECT_EQ(CountLines(lines, R"("failures":1,)"), 1);
    exhausted.Restore();
    ASSERT_TRUE(Eventually(
        [&] { return CountLines(logs.Lines(), "accepting connections again") == 1; }));
  }
  const auto lines = logs.Lines();
  EXPECT_EQ(CountLines(lines, "accept failed"), 1);
  const auto recovered = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find("accepting connections again") != std::string::npos;
  });
  ASSERT_NE(recovered, lines.end());
  // The failures after the first line, reported when accepting works again.
  const auto at = recovered->find(R"("unloggedFailures":)");
  ASSERT_NE(at, std::string::npos) << *recovered;
  EXPECT_GE(std::stoll(recovered->substr(at + 19)), 11) << *recovered;
  for (const int client : clients) ::close(client);
}

}  // namespace
}  // namespace rampart::api
