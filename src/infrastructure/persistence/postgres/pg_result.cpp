#include "infrastructure/persistence/postgres/pg_result.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace rampart::infrastructure::postgres {

std::optional<std::string> Param(std::string_view text) { return std::string(text); }
std::optional<std::string> Param(const char* text) { return std::string(text); }
std::optional<std::string> Param(const std::string& text) { return text; }
std::optional<std::string> Param(bool value) { return std::string(value ? "t" : "f"); }
std::optional<std::string> Param(int value) { return std::to_string(value); }
std::optional<std::string> Param(long long value) { return std::to_string(value); }
std::optional<std::string> Param(domain::TimePoint value) {
  return std::to_string(value.time_since_epoch().count());
}
std::optional<std::string> Param(const std::optional<domain::TimePoint>& value) {
  if (!value) return std::nullopt;
  return Param(*value);
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

long long PgResult::Affected() const {
  const char* tuples = result_ ? PQcmdTuples(result_.get()) : "";
  return *tuples == '\0' ? 0 : std::strtoll(tuples, nullptr, 10);
}

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

long long PgResult::Int(int row, int column) const {
  const char* begin = PQgetvalue(result_.get(), row, column);
  const char* end = begin + PQgetlength(result_.get(), row, column);
  long long value = 0;
  const auto [ptr, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || ptr != end) {
    throw std::runtime_error("PostgreSQL: a column expected to be an integer is not");
  }
  return value;
}

bool PgResult::Bool(int row, int column) const {
  return PQgetvalue(result_.get(), row, column)[0] == 't';
}

domain::TimePoint PgResult::Time(int row, int column) const {
  return domain::TimePoint(std::chrono::seconds(Int(row, column)));
}

std::optional<domain::TimePoint> PgResult::OptionalTime(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Time(row, column);
}

}  // namespace rampart::infrastructure::postgres
