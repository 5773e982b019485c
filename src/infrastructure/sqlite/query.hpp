#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.hpp"

struct sqlite3_stmt;

namespace rampart::telemetry {
class Span;
class Histogram;
}  // namespace rampart::telemetry

namespace rampart::infrastructure::sqlite {

// StatementTelemetry: what a statement's telemetry needs: its SQL (for spans and the slow-query
// log; parameters only, never values) and its duration series. Owned by the connection's statement
// cache.
struct StatementTelemetry {
  std::string_view sql;
  std::string_view operation;  // "SELECT", "INSERT", ...
  std::string span_name;       // "SELECT users"
  telemetry::Histogram* duration = nullptr;
};

// SetSlowQueryThreshold: statements at least this slow are logged (warn, component "db") with their
// timing; 0 turns the log off. The setting telemetry.slow_query_threshold (PostgreSQL's adapter
// follows the same one). Process-wide.
void SetSlowQueryThreshold(std::chrono::milliseconds threshold);

// Query is one use of a prepared (cached) statement: bind parameters, step through the rows, read
// the columns. Destruction resets the statement and clears its bindings, so the connection can hand
// it out again. Parameters are 1-based (SQLite's convention), columns 0-based. Times are stored as
// INTEGER unix seconds.
class Query {
 public:
  // Query starts the statement's span (a child of the current request's, when there is one) and
  // its timing; both end when the Query is destroyed.
  Query(sqlite3_stmt* statement, bool* in_use, const StatementTelemetry* telemetry = nullptr);
  Query(Query&& other) noexcept;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query& operator=(Query&&) = delete;
  ~Query();

  Query& Bind(int index, std::string_view value);
  Query& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  // Bind: without this overload a string literal would bind as `bool`.
  Query& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Query& Bind(int index, long long value);
  Query& Bind(int index, int value) { return Bind(index, static_cast<long long>(value)); }
  Query& Bind(int index, bool value) { return Bind(index, value ? 1LL : 0LL); }
  Query& Bind(int index, domain::TimePoint value);
  Query& Bind(int index, const std::optional<domain::TimePoint>& value);
  Query& BindNull(int index);

  // BindAll binds `values` to parameters 1..N.
  template <class... Values>
  Query& BindAll(const Values&... values) {
    int index = 0;
    (Bind(++index, values), ...);
    return *this;
  }

  // Next steps once: true when a row is available, false when the statement is done.
  bool Next();
  // Execute runs a statement to completion and returns the number of rows it changed.
  int Execute();

  bool IsNull(int column) const;
  long long Int(int column) const;
  bool Bool(int column) const { return Int(column) != 0; }
  std::string Text(int column) const;
  domain::TimePoint Time(int column) const;
  std::optional<domain::TimePoint> OptionalTime(int column) const;

 private:
  void FinishTelemetry() noexcept;

  sqlite3_stmt* statement_;
  bool* in_use_;
  const StatementTelemetry* telemetry_ = nullptr;
  std::unique_ptr<telemetry::Span> span_;
  std::chrono::steady_clock::time_point started_{};
  long long rows_ = 0;
};

}  // namespace rampart::infrastructure::sqlite
