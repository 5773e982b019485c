#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteAuditLog is the append-only `audit_events` table.
class SqliteAuditLog final : public application::AuditLog {
 public:
  explicit SqliteAuditLog(Connection& connection) : connection_(connection) {}

  void Append(const domain::AuditEvent& event) override;
  // List returns newest first (ties in insertion order, latest first). A negative limit or offset
  // counts as 0.
  std::vector<domain::AuditEvent> List(const Query& query) override;
  long long Count(const Query& query) override;
  int DeleteOlderThan(domain::TimePoint bound, int limit) override;

 private:
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite
