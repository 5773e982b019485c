// The logging behaviour of the dispatcher's pipeline: one line per use case through the sink the
// composition root installs, with the outcome named after the error's code (or "exception", then
// rethrown) and the correlation id of the request; nothing without a sink.
#include "application/dispatch/logging.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rampart::application {
namespace {

struct Line {
  std::string name, correlation_id, outcome, detail;
  double duration_ms = 0;
};
std::vector<Line> g_lines;

void Collect(const UseCaseLogLine& line) {
  g_lines.push_back({std::string(line.name), std::string(line.correlation_id),
                     std::string(line.outcome), std::string(line.detail), line.duration_ms});
}

class UseCaseLogging : public ::testing::Test {
 protected:
  void SetUp() override {
    g_lines.clear();
    SetUseCaseLogSink(&Collect);
  }
  void TearDown() override { SetUseCaseLogSink(nullptr); }

  Caller caller_{.request = {.ip = "203.0.113.7", .correlation_id = "req-42"}};
};

TEST_F(UseCaseLogging, ASuccessIsOneOkLineWithItsDuration) {
  const auto result = LoggingBehaviour("users.get", caller_, [] { return domain::Result<int>(7); });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 7);
  ASSERT_EQ(g_lines.size(), 1u);
  EXPECT_EQ(g_lines[0].name, "users.get");
  EXPECT_EQ(g_lines[0].correlation_id, "req-42");
  EXPECT_EQ(g_lines[0].outcome, "ok");
  EXPECT_EQ(g_lines[0].detail, "");
  EXPECT_GE(g_lines[0].duration_ms, 0.0);
}

TEST_F(UseCaseLogging, AnExpectedFailureIsNamedAfterItsCode) {
  using domain::Error;
  const std::vector<std::pair<Error, std::string>> cases{
      {Error::Validation({{"email", "Email is required."}}), "validation"},
      {Error::Unauthorized("no token"), "unauthorized"},
      {Error::Forbidden("not yours"), "forbidden"},
      {Error::NotFound("no such user"), "not-found"},
      {Error::Conflict("taken"), "conflict"},
      {Error::Locked("try later", 60), "locked"},  // rampart:only(iam)
      {Error{.code = domain::ErrorCode::kRateLimited, .detail = "slow down"}, "rate-limited"},
      {Error::Unavailable("database down"), "unavailable"},
      {Error{.code = domain::ErrorCode::kInternal, .detail = "bug"}, "internal"},
  };
  for (const auto& [error, outcome] : cases) {
    g_lines.clear();
    const auto result =
        LoggingBehaviour("x", caller_, [&] { return domain::Result<void>(domain::Fail(error)); });
    ASSERT_FALSE(result);
    ASSERT_EQ(g_lines.size(), 1u);
    EXPECT_EQ(g_lines[0].outcome, outcome);
    EXPECT_EQ(g_lines[0].detail, error.detail);
  }
}

TEST_F(UseCaseLogging, AnExceptionIsLoggedAndRethrownToTheBoundary) {
  EXPECT_THROW(LoggingBehaviour("notes.create", caller_,
                                []() -> domain::Result<void> {
                                  throw std::runtime_error("database is locked");
                                }),
               std::runtime_error);
  ASSERT_EQ(g_lines.size(), 1u);
  EXPECT_EQ(g_lines[0].outcome, "exception");
  EXPECT_EQ(g_lines[0].detail, "database is locked");
}

TEST_F(UseCaseLogging, WithoutASinkNothingIsWritten) {
  SetUseCaseLogSink(nullptr);
  ASSERT_TRUE(LoggingBehaviour("x", caller_, [] { return domain::Result<int>(1); }));
  EXPECT_TRUE(g_lines.empty());
}

}  // namespace
}  // namespace rampart::application
