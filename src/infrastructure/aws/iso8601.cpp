#include "infrastructure/aws/iso8601.hpp"

#include <charconv>
#include <cstdio>

namespace rampart::infrastructure::aws {

namespace {
bool Number(std::string_view text, std::size_t at, std::size_t digits, int& out) {
  if (at + digits > text.size()) return false;
  const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + digits, out);
  return error == std::errc() && end == text.data() + at + digits;
}
}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (!Number(text, 0, 4, year) || text.size() < 20 || text[4] != '-' ||
      !Number(text, 5, 2, month) || text[7] != '-' || !Number(text, 8, 2, day) || text[10] != 'T' ||
      !Number(text, 11, 2, hour) || text[13] != ':' || !Number(text, 14, 2, minute) ||
      text[16] != ':' || !Number(text, 17, 2, second)) {
    return std::nullopt;
  }
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  }
  if (text.substr(at) != "Z") return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  // system_clock counts nanoseconds in 64 bits: 1677 to 2262. Outside a sane window the
  // conversion below overflowed (undefined behaviour; found by fuzz/aws_reply_fuzzer.cpp with an
  // "Expiration" in the year 1013).
  if (year < 1970 || year > 2200) return std::nullopt;
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

std::string FormatIso8601(std::chrono::system_clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{seconds - day};
  char text[40];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                int(clock.minutes().count()), int(clock.seconds().count()));
  return text;
}

}  // namespace rampart::infrastructure::aws
