#include "infrastructure/sqlite/connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

#include "infrastructure/sqlite/sqlite_error.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::sqlite {

namespace {

// rampart:begin(iam)
// The database holds password hashes: create it owner-only. SQLite gives the -wal and -shm
// files the permissions of the main file, so they inherit this.
// rampart:else
// // The database holds the service's data: create it owner-only. SQLite gives the -wal and -shm
// // files the permissions of the main file, so they inherit this.
// rampart:end
void CreateOwnerOnlyFile(const std::filesystem::path& path) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);  // EEXIST is the normal case after the first start
}

// "SELECT users" from "SELECT ... FROM users WHERE ...": the operation and the table that
// follows FROM, INTO or UPDATE, as OpenTelemetry names database spans.
std::unique_ptr<StatementTelemetry> DescribeStatement(std::string_view sql) {
  auto telemetry = std::make_unique<StatementTelemetry>();
  telemetry->sql = sql;
  const auto start = sql.find_first_not_of(" \t\r\n(");
  const auto word_end = sql.find_first_of(" \t\r\n;(", start);
  telemetry->operation =
      start == std::string_view::npos ? sql : sql.substr(start, word_end - start);
  std::string upper(sql);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string collection;
  for (const std::string_view keyword : {" FROM ", " INTO ", "UPDATE "}) {
    const auto at = upper.find(keyword);
    if (at == std::string::npos) continue;
    const auto name_start = sql.find_first_not_of(' ', at + keyword.size());
    if (name_start == std::string_view::npos) break;
    const auto name_end = sql.find_first_of(" \t\r\n(;,", name_start);
    collection = std::string(sql.substr(name_start, name_end - name_start));
    break;
  }
  std::string operation(telemetry->operation);
  for (char& c : operation) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  telemetry->span_name = collection.empty() ? operation : operation + " " + collection;
  static auto& durations = rampart::telemetry::Metrics().Histogram(
      "db.client.operation.duration", "Duration of database statements.", "s",
      {"db.system.name", "db.operation.name"});
  telemetry->duration = &durations.With({"sqlite", operation});
  return telemetry;
}

}  // namespace

Connection::Connection(const std::filesystem::path& path, std::chrono::milliseconds busy_timeout) {
  CreateOwnerOnlyFile(path);
  // NOMUTEX: the pool guarantees one thread per connection at a time.
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (code != SQLITE_OK) {
    const SqliteError error(code,
                            std::string("SQLite: open ") + path.string() + ": " +
                                (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code)));
    sqlite3_close_v2(db_);
    throw error;
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
    std::string mode;
    {
      auto query = Prepare("PRAGMA journal_mode=WAL");
      if (query.Next()) mode = query.Text(0);
    }
    if (mode != "wal") {
      throw std::runtime_error("SQLite: the database refused WAL journal mode (got '" + mode +
                               "')");
    }
    ExecuteScript("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
  } catch (...) {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.statement);
    sqlite3_close_v2(db_);
    throw;
  }
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.statement);
  sqlite3_close_v2(db_);
}

Query Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &statement, &tail);
    if (code != SQLITE_OK) ThrowSqliteError(db_, code, "prepare");
    if (statement == nullptr) throw std::logic_error("SQLite: empty statement");
    const std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      sqlite3_finalize(statement);
      throw std::logic_error("SQLite: Prepare takes exactly one statement");
    }
    it = cache_.emplace(std::string(sql), CachedStatement{statement, false, nullptr}).first;
    it->second.telemetry = DescribeStatement(it->first);
  }
  CachedStatement& cached = it->second;
  if (cached.in_use) throw std::logic_error("SQLite: statement is already in use");
  if (read_only_ && sqlite3_stmt_readonly(cached.statement) == 0) {
    throw std::logic_error("SQLite: a read unit of work cannot write");
  }
  cached.in_use = true;
  return Query(cached.statement, &cached.in_use, cached.telemetry.get());
}

void Connection::ExecuteScript(const std::string& sql) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is still available from sqlite3_errmsg
  if (code != SQLITE_OK) ThrowSqliteError(db_, code, "execute script");
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace rampart::infrastructure::sqlite
