#include "infrastructure/sqlite/query.hpp"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cmath>

#include "common/log.hpp"
#include "infrastructure/sqlite/sqlite_error.hpp"
#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure::sqlite {

namespace {

void Check(sqlite3_stmt* statement, int code, std::string_view doing) {
  if (code != SQLITE_OK) ThrowSqliteError(sqlite3_db_handle(statement), code, doing);
}

std::atomic<long long> g_slow_query_nanos{200'000'000};

}  // namespace

void SetSlowQueryThreshold(std::chrono::milliseconds threshold) {
  g_slow_query_nanos.store(std::chrono::nanoseconds(threshold).count());
}

Query::Query(sqlite3_stmt* statement, bool* in_use, const StatementTelemetry* telemetry)
    : statement_(statement), in_use_(in_use), telemetry_(telemetry) {
  if (telemetry_ == nullptr) return;
  started_ = std::chrono::steady_clock::now();
  if (!telemetry::Current().HasTrace()) return;
  span_ = std::make_unique<telemetry::Span>(telemetry_->span_name, telemetry::SpanKind::kClient,
                                            telemetry::Work::kDatabase);
  if (span_->Recording()) {
    span_->SetAttribute("db.system.name", "sqlite");
    span_->SetAttribute("db.operation.name", telemetry_->operation);
    span_->SetAttribute("db.query.text", telemetry_->sql);
  }
}

Query::Query(Query&& other) noexcept
    : statement_(other.statement_),
      in_use_(other.in_use_),
      telemetry_(other.telemetry_),
      span_(std::move(other.span_)),
      started_(other.started_),
      rows_(other.rows_) {
  other.statement_ = nullptr;
  other.in_use_ = nullptr;
  other.telemetry_ = nullptr;
}

void Query::FinishTelemetry() noexcept {
  if (telemetry_ == nullptr) return;
  const auto elapsed = std::chrono::steady_clock::now() - started_;
  if (telemetry_->duration != nullptr) {
    telemetry_->duration->Record(std::chrono::duration<double>(elapsed).count());
  }
  if (span_) {
    if (span_->Recording())
      span_->SetAttribute("db.response.returned_rows", static_cast<std::int64_t>(rows_));
    span_->End();
  }
  const auto threshold = g_slow_query_nanos.load(std::memory_order_relaxed);
  if (threshold > 0 && std::chrono::nanoseconds(elapsed).count() >= threshold) {
    try {
      log::Warn("db", "slow query",
                {{"system", "sqlite"},
                 {"sql", telemetry_->sql},
                 {"durationMs",
                  std::round(std::chrono::duration<double, std::micro>(elapsed).count()) / 1000.0},
                 {"rows", rows_}});
    } catch (...) {
    }
  }
}

Query::~Query() {
  FinishTelemetry();
  if (statement_ == nullptr) return;
  // sqlite3_reset repeats the last step's error code; it was already reported by Next().
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  if (in_use_ != nullptr) *in_use_ = false;
}

Query& Query::Bind(int index, std::string_view value) {
  Check(statement_,
        sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8),
        "bind text");
  return *this;
}

Query& Query::Bind(int index, long long value) {
  Check(statement_, sqlite3_bind_int64(statement_, index, value), "bind integer");
  return *this;
}

Query& Query::Bind(int index, domain::TimePoint value) {
  return Bind(index, static_cast<long long>(value.time_since_epoch().count()));
}

Query& Query::Bind(int index, const std::optional<domain::TimePoint>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Query& Query::BindNull(int index) {
  Check(statement_, sqlite3_bind_null(statement_, index), "bind null");
  return *this;
}

bool Query::Next() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) {
    ++rows_;
    return true;
  }
  if (code == SQLITE_DONE) return false;
  if (span_) span_->SetError(sqlite3_errstr(code));
  ThrowSqliteError(sqlite3_db_handle(statement_),
                   sqlite3_extended_errcode(sqlite3_db_handle(statement_)), "step");
}

int Query::Execute() {
  while (Next()) {
  }
  return sqlite3_changes(sqlite3_db_handle(statement_));
}

bool Query::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

long long Query::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Query::Text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

domain::TimePoint Query::Time(int column) const {
  return domain::TimePoint(std::chrono::seconds(Int(column)));
}

std::optional<domain::TimePoint> Query::OptionalTime(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Time(column);
}

}  // namespace rampart::infrastructure::sqlite
