#pragma once
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "infrastructure/sqlite/query.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace rampart::infrastructure::sqlite {

// Connection is one SQLite connection with its prepared-statement cache. Not thread-safe: the pool
// hands it to one unit of work (one thread) at a time.
class Connection {
 public:
  // Connection opens (creating) the database file and applies rampart's per-connection settings:
  // WAL journal, foreign keys, `busy_timeout` and synchronous=NORMAL (durable across process
  // crashes; the last commits may be lost on power failure, never corrupted).
  Connection(const std::filesystem::path& path, std::chrono::milliseconds busy_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepare returns a use of the cached statement for `sql` (prepared on first use). `sql` must be
  // a single statement whose values are all bound parameters. One use of a given statement at a
  // time.
  Query Prepare(std::string_view sql);
  // ExecuteScript runs one or more statements without parameters and without caching (schema
  // scripts).
  void ExecuteScript(const std::string& sql);

  // InTransaction returns true inside an open transaction.
  bool InTransaction() const;
  // set_read_only: while set, Prepare refuses statements that could write (a read unit of work
  // stays read-only, which is what keeps it from ever needing the write lock).
  void set_read_only(bool read_only) { read_only_ = read_only; }

 private:
  struct CachedStatement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
    std::unique_ptr<StatementTelemetry> telemetry;  // sql views this map's key
  };
  struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  sqlite3* db_ = nullptr;
  // Node-based: element addresses stay valid while the map grows.
  std::unordered_map<std::string, CachedStatement, TransparentHash, std::equal_to<>> cache_;
  bool read_only_ = false;
};

}  // namespace rampart::infrastructure::sqlite
