// Database password rotation (docs/postgres.md#password-rotation): the pool connects with the
// URL of the moment (PoolOptions::current_url) and reports a refused password (28P01) through
// on_password_refused, so the composition root can fetch the rotated secret. Runs against a
// role of group password_login, which the test cluster checks with SCRAM
// (tests/services/postgres.sh); every other role is trusted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

#include "infrastructure/persistence/postgres/pg_pool.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"

namespace rampart::infrastructure::postgres {
namespace {

// A role WITH LOGIN, of group password_login, dropped (with its sessions) at the end.
class PasswordRole {
 public:
  PasswordRole() : name_("rampart_rotating_" + std::to_string(::getpid())) {
    test_support::AdminExecute("DROP ROLE IF EXISTS " + name_ + "; CREATE ROLE " + name_ +
                               " LOGIN PASSWORD 'first-password' IN ROLE password_login");
  }
  ~PasswordRole() {
    try {
      test_support::AdminExecute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name_ +
          "'; DROP ROLE IF EXISTS " + name_);
    } catch (...) {
    }
  }
  void SetPassword(const std::string& password) {
    test_support::AdminExecute("ALTER ROLE " + name_ + " PASSWORD '" + password + "'");
  }
  // The admin URL with this role and `password` (postgresql://role:password@host:port/postgres).
  std::string Url(const std::string& password) const {
    auto url = test_support::AdminUrl();
    url.replace(url.find("postgres@"), 9, name_ + ":" + password + "@");
    return url;
  }

 private:
  std::string name_;
};

TEST(PgPoolPasswordRotation, ARefusedPasswordIsReportedAndTheNextConnectUsesTheCurrentUrl) {
  PasswordRole role;
  std::mutex mutex;
  std::string current = role.Url("first-password");
  std::atomic<int> refused{0};
  PgLoop loop;
  PgPool pool(loop, {.connect = {.url = "postgresql://unused@127.0.0.1:1/none"},
                     .min_size = 0,
                     .max_size = 2,
                     .current_url =
                         [&] {
                           std::lock_guard lock(mutex);
                           return current;
                         },
                     .on_password_refused = [&] { ++refused; }});
  auto held = pool.Acquire();  // connected with the first password

  role.SetPassword("second-password");  // the rotation's setSecret step: the database changed
  // A session the server already let in keeps working; a new connect with the old password is
  // refused, and the pool says so.
  EXPECT_THROW(pool.Acquire(), PgConnectRefused);
  EXPECT_EQ(refused.load(), 1);

  {
    std::lock_guard lock(mutex);
    current = role.Url("second-password");  // the secret caught up (finishSecret)
  }
  auto fresh = pool.Acquire();
  EXPECT_EQ(refused.load(), 1);
  EXPECT_EQ(pool.Stats().total, 2);
}

TEST(PgPoolPasswordRotation, OnlyAPasswordFailureCountsAsRefusedPassword) {
  EXPECT_TRUE(
      PasswordRefused("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password "
                      "authentication failed for user \"rampart\""));
  EXPECT_FALSE(PasswordRefused("FATAL:  role \"x\" does not exist"));
  EXPECT_FALSE(
      PasswordRefused("connection to server at \"127.0.0.1\", port 1 failed: "
                      "Connection refused"));
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
