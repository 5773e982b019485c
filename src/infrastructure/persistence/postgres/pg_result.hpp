#pragma once
// Results of PostgreSQL statements in text format, and the values bound to their parameters.
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace rampart::infrastructure::postgres {

// Statement is one named statement. It is prepared once per connection on first use (the name is
// the server-side prepared statement name, so it must be unique in the adapter).
//
// `prepare = false` sends it unnamed (PQsendQueryParams): still parameterised, but planned for
// the actual values on every execution. For queries whose best plan depends on the values
// (search terms of very different selectivity, e.g. the users list), where a cached generic
// plan could pick a full index walk.
struct Statement {
  const char* name;
  const char* sql;
  bool prepare = true;
};

// Text-format parameter values; nullopt binds SQL NULL.
using Params = std::vector<std::optional<std::string>>;

std::optional<std::string> Param(std::string_view text);
std::optional<std::string> Param(const char* text);
std::optional<std::string> Param(const std::string& text);
std::optional<std::string> Param(bool value);
std::optional<std::string> Param(int value);
std::optional<std::string> Param(long long value);
// Param: unix seconds; the SQL converts with to_timestamp($n).
std::optional<std::string> Param(domain::TimePoint value);
std::optional<std::string> Param(const std::optional<domain::TimePoint>& value);

// TextArray returns a text[] literal ({"a","b"} with " and \ escaped), bound as one parameter
// ($n::text[]).
std::string TextArray(const std::vector<std::string>& values);

template <class... Values>
Params ParamsOf(const Values&... values) {
  return Params{Param(values)...};
}

// Command is a statement with its parameter values, ready to send.
struct Command {
  const Statement* statement;
  Params params;
};

// PgResult is the rows of a successful statement (moved out of libpq, freed with PQclear).
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* result) : result_(result, &PQclear) {}

  int Rows() const { return result_ ? PQntuples(result_.get()) : 0; }
  // Affected counts the rows changed by INSERT/UPDATE/DELETE.
  long long Affected() const;
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string Text(int row, int column) const;
  long long Int(int row, int column) const;
  bool Bool(int row, int column) const;
  // Time returns a column selected as `extract(epoch from x)::bigint`.
  domain::TimePoint Time(int row, int column) const;
  std::optional<domain::TimePoint> OptionalTime(int row, int column) const;

 private:
  std::shared_ptr<PGresult> result_;
};

}  // namespace rampart::infrastructure::postgres
