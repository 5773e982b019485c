#include "main/config/database_url.hpp"

#include <gtest/gtest.h>

namespace rampart::config {
namespace {

// rampart:begin(sqlite)
TEST(ParseDatabaseUrl, SqliteRelativeAndAbsolute) {
  auto relative = ParseDatabaseUrl("sqlite://data/x.db");
  ASSERT_TRUE(relative);
  EXPECT_TRUE(relative->is_sqlite);
  EXPECT_EQ(relative->sqlite_path, "data/x.db");
  auto absolute = ParseDatabaseUrl("sqlite:///var/lib/rampart/x.db");
  ASSERT_TRUE(absolute);
  EXPECT_EQ(absolute->sqlite_path, "/var/lib/rampart/x.db");
  EXPECT_FALSE(ParseDatabaseUrl("sqlite://"));
}
// rampart:else
// // A PostgreSQL-only service: a SQLite URL is refused, saying so.
// TEST(ParseDatabaseUrl, RefusesSqliteUrls) {
//   for (const char* url : {"sqlite://data/x.db", "sqlite:///var/lib/rampart/x.db", "sqlite://"}) {
//     const auto parsed = ParseDatabaseUrl(url);
//     ASSERT_FALSE(parsed) << url;
//     EXPECT_NE(parsed.error().find("PostgreSQL only"), std::string::npos) << parsed.error();
//   }
// }
// rampart:end

// rampart:begin(postgres)
TEST(ParseDatabaseUrl, PostgresShapes) {
  for (const char* good :
       {"postgresql://", "postgres://localhost", "postgresql://u:p%40ss@db.internal:5432/rampart",
        "postgresql://u@[::1]:5432/app?sslmode=require&connect_timeout=5",
        "postgresql://h1:5432,h2:5433/app?target_session_attrs=read-write",
        "postgresql:///app?host=/var/run/postgresql"}) {
    auto parsed = ParseDatabaseUrl(good);
    ASSERT_TRUE(parsed) << good << ": " << parsed.error();
    EXPECT_FALSE(parsed->is_sqlite);  // rampart:only(sqlite)
  }
}
// rampart:end

TEST(ParseDatabaseUrl, RejectsOtherSchemesAndBrokenUrls) {
  for (const char* bad : {
           "mysql://x/db", "", "/tmp/x.db",
           // rampart:begin(postgres)
           "postgresql://host:port/db", "postgresql://h:99999/db", "postgresql://u:pa/ss@h/db",
           "postgresql://h/db#frag", "postgresql://h/db?sslmode", "postgresql://h /db",
           "postgresql://u:p@ss@h/db", "postgresql://h/d%zz", "postgresql://[::1/db",
           // rampart:end
       }) {
    EXPECT_FALSE(ParseDatabaseUrl(bad)) << bad;
  }
}

// rampart:begin(postgres)
TEST(ParseDatabaseUrl, ErrorsNeverContainThePassword) {
  const auto error = ParseDatabaseUrl("postgresql://user:hunter2/x@h:bad/db");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().find("hunter2"), std::string::npos);
}
// rampart:end

// rampart:begin(sqlite)
TEST(DefaultSqliteUrl, PutsTheFileInTheDataDir) {
  EXPECT_EQ(DefaultSqliteUrl("./data"), "sqlite://./data/rampart.db");
  EXPECT_EQ(DefaultSqliteUrl("/var/lib/rampart"), "sqlite:///var/lib/rampart/rampart.db");
  EXPECT_EQ(ParseDatabaseUrl(DefaultSqliteUrl("/srv"))->sqlite_path, "/srv/rampart.db");
}
// rampart:end

TEST(MaskUrlPassword, HidesUserinfoPasswordsAndPasswordParameters) {
  // rampart:begin(postgres)
  EXPECT_EQ(MaskUrlPassword("postgresql://rampart:s3cret@db:5432/app"),
            "postgresql://rampart:********@db:5432/app");
  EXPECT_EQ(MaskUrlPassword("postgresql://u:p@ss/w@rd@db/app?sslmode=require"),
            "postgresql://u:********@db/app?sslmode=require");
  EXPECT_EQ(MaskUrlPassword("postgresql://db/app?user=u&password=s3cret&sslpassword=x"),
            "postgresql://db/app?user=u&password=********&sslpassword=********");
  EXPECT_EQ(MaskUrlPassword("postgresql://u@db/app"), "postgresql://u@db/app");
  // rampart:end
  EXPECT_EQ(MaskUrlPassword("sqlite://./data/rampart.db"), "sqlite://./data/rampart.db");
  EXPECT_EQ(MaskUrlPassword("redis://:topsecret@cache:6379"), "redis://:********@cache:6379");  // rampart:only(redis)
}

}  // namespace
}  // namespace rampart::config
