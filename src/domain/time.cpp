#include "domain/time.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace rampart::domain {

std::string FormatRfc3339(TimePoint t) {
  std::string out;
  AppendRfc3339(out, t);
  return out;
}

void AppendRfc3339(std::string& out, TimePoint t) {
  // Civil-calendar arithmetic rather than gmtime_r + snprintf: this runs twice per entity answered
  // (createdAt, updatedAt) on the hottest read paths, and those take a lock and parse a format.
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{day};
  const int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) {
    std::tm tm{};
    const std::time_t seconds = t.time_since_epoch().count();
    gmtime_r(&seconds, &tm);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    out.append(buffer);
    return;
  }
  const auto seconds_of_day = static_cast<int>((t - day).count());
  char buffer[20];
  const auto put = [&buffer](std::size_t at, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      buffer[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  buffer[4] = '-';
  put(5, static_cast<int>(static_cast<unsigned>(date.month())), 2);
  buffer[7] = '-';
  put(8, static_cast<int>(static_cast<unsigned>(date.day())), 2);
  buffer[10] = 'T';
  put(11, seconds_of_day / 3600, 2);
  buffer[13] = ':';
  put(14, seconds_of_day / 60 % 60, 2);
  buffer[16] = ':';
  put(17, seconds_of_day % 60, 2);
  buffer[19] = 'Z';
  out.append(buffer, sizeof buffer);
}

namespace {

// The unsigned decimal of exactly `count` digits at `text[at]`, or -1.
int Digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<TimePoint> ParseRfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  const int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t digits_start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == digits_start) return std::nullopt;
  }
  int offset_minutes = 0;
  const std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int hours = Digits(zone, 1, 2), minutes = Digits(zone, 4, 2);
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return std::nullopt;
    offset_minutes = (zone[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  } else {
    return std::nullopt;
  }
  const auto local = std::chrono::sys_days(date) + std::chrono::hours(hour) +
                     std::chrono::minutes(minute) + std::chrono::seconds(std::min(second, 59));
  return std::chrono::time_point_cast<std::chrono::seconds>(local -
                                                            std::chrono::minutes(offset_minutes));
}

}  // namespace rampart::domain
