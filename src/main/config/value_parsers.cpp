#include "main/config/value_parsers.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>

#include <fmt/format.h>

namespace rampart::config {

namespace {

using std::chrono::milliseconds;

// Durations are added to time points later (expiry = now + ttl); system_clock counts
// nanoseconds in 64 bits (±292 years), so an absurd value must be refused here, not overflow there.
constexpr milliseconds kMaxDuration = std::chrono::days(3650);

struct Unit {
  std::string_view suffix;
  milliseconds size;
};
// Longest suffix first so that "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 5> kUnits{{{"ms", milliseconds(1)},
                                      {"s", std::chrono::seconds(1)},
                                      {"m", std::chrono::minutes(1)},
                                      {"h", std::chrono::hours(1)},
                                      {"d", std::chrono::days(1)}}};

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsHostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = host.find('.', start);
    const auto label = host.substr(start, dot == std::string_view::npos ? host.npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    const bool ok = std::all_of(label.begin(), label.end(),
                                [](unsigned char c) { return std::isalnum(c) || c == '-'; });
    if (!ok) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsIpLiteral(int family, const std::string& host) {
  std::array<unsigned char, 16> buffer{};
  return inet_pton(family, host.c_str(), buffer.data()) == 1;
}

}  // namespace

std::expected<milliseconds, std::string> ParseDuration(std::string_view text) {
  const std::string_view kForm = "is not a duration (use e.g. 500ms, 15s, 10m, 2h, 14d)";
  auto digits_end =
      std::find_if(text.begin(), text.end(), [](unsigned char c) { return !std::isdigit(c); });
  const std::string_view number = text.substr(0, digits_end - text.begin());
  const std::string_view suffix = text.substr(number.size());
  milliseconds unit = std::chrono::seconds(1);  // a bare number means seconds
  if (!suffix.empty()) {
    const auto found = std::find_if(kUnits.begin(), kUnits.end(),
                                    [&](const Unit& u) { return u.suffix == suffix; });
    if (found == kUnits.end()) return std::unexpected(std::string(kForm));
    unit = found->size;
  }
  if (!AllDigits(number) || number.size() > 12) {
    return std::unexpected(number.size() > 12 ? "is too long a duration (at most 3650d)"
                                              : std::string(kForm));
  }
  long long count = 0;
  std::from_chars(number.data(), number.data() + number.size(), count);
  if (count == 0) return std::unexpected("must be greater than zero");
  // Compared before multiplying, so that the product cannot overflow.
  if (count > kMaxDuration / unit) return std::unexpected("is too long a duration (at most 3650d)");
  return unit * count;
}

std::string FormatDuration(milliseconds duration) {
  for (auto unit = kUnits.rbegin(); unit != kUnits.rend(); ++unit) {
    if (duration.count() != 0 && duration % unit->size == milliseconds::zero()) {
      return fmt::format("{}{}", duration / unit->size, unit->suffix);
    }
  }
  return fmt::format("{}ms", duration.count());
}

std::expected<bool, std::string> ParseBool(std::string_view text) {
  const std::string lower = Lower(text);
  if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
  return std::unexpected("is not a boolean (true or false)");
}

std::expected<long long, std::string> ParseInteger(std::string_view text, long long min,
                                                   long long max) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error == std::errc::invalid_argument || end != text.data() + text.size()) {
    return std::unexpected("is not an integer");
  }
  if (error == std::errc::result_out_of_range || value < min || value > max) {
    if (min == max) return std::unexpected(fmt::format("must be {}", min));
    if (max == std::numeric_limits<long long>::max()) {
      return std::unexpected(fmt::format("must be at least {}", min));
    }
    return std::unexpected(fmt::format("must be between {} and {}", min, max));
  }
  return value;
}

std::expected<HostPort, std::string> ParseHostPort(std::string_view text) {
  const std::string kForm = "is not host:port (e.g. 127.0.0.1:8080, [::1]:8080, localhost:8080)";
  HostPort result;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::unexpected(kForm);
    }
    result.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
    if (!IsIpLiteral(AF_INET6, result.host)) {
      return std::unexpected("has an invalid IPv6 address in brackets");
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::unexpected(kForm);
    result.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    if (result.host.empty())
      return std::unexpected("has no host (0.0.0.0 listens on every interface)");
    if (result.host.find(':') != std::string::npos) {
      return std::unexpected("has an IPv6 host without brackets (write [::1]:8080)");
    }
    const bool looks_numeric =
        std::all_of(result.host.begin(), result.host.end(),
                    [](unsigned char c) { return std::isdigit(c) || c == '.'; });
    if (looks_numeric ? !IsIpLiteral(AF_INET, result.host) : !IsHostname(result.host)) {
      return std::unexpected("has an invalid host");
    }
  }
  if (!AllDigits(port_text) || port_text.size() > 5) {
    return std::unexpected("has an invalid port (0-65535)");
  }
  const auto port = ParseInteger(port_text, 0, 65535);
  if (!port) return std::unexpected("has an invalid port (0-65535)");
  result.port = static_cast<std::uint16_t>(*port);
  return result;
}

std::string FormatHostPort(std::string_view host, std::uint16_t port) {
  if (host.find(':') != std::string_view::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

std::expected<std::string, std::string> ParseChoice(std::string_view text,
                                                    std::span<const std::string_view> choices) {
  const std::string lower = Lower(text);
  for (const auto choice : choices) {
    if (lower == choice) return std::string(choice);
  }
  std::string list;
  for (const auto choice : choices) {
    if (!list.empty()) list += ", ";
    list += choice;
  }
  return std::unexpected("is not one of " + list);
}

std::expected<void, std::string> ValidateIssuerUrl(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return std::unexpected("is not an http:// or https:// URL");
  }
  const bool bad_char =
      std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7f; });
  if (bad_char) return std::unexpected("contains spaces or control characters");
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return std::unexpected("must not have a query or fragment");
  }
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.empty()) return std::unexpected("has no host");
  if (authority.find('@') != std::string_view::npos) {
    return std::unexpected("must not carry user information");
  }
  return {};
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> entries;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view entry = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.front()))) {
      entry.remove_prefix(1);
    }
    while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.back()))) {
      entry.remove_suffix(1);
    }
    if (!entry.empty()) entries.emplace_back(entry);
  }
  return entries;
}

bool IsHttpToken(std::string_view text) {
  constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           kSpecials.find(c) != std::string_view::npos;
  });
}

std::expected<void, std::string> ValidateOrigin(std::string_view text) {
  if (text == "*") return {};
  const std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::unexpected("is not an origin (scheme://host[:port], e.g. https://app.example.com)");
  }
  const std::string_view scheme = text.substr(0, scheme_end);
  const std::string_view authority = text.substr(scheme_end + 3);
  if (scheme != "http" && scheme != "https") {
    return std::unexpected("is not an http:// or https:// origin");
  }
  if (authority.empty() || authority.find_first_of("/?#@ ") != std::string_view::npos) {
    return std::unexpected("must be scheme://host[:port] without a path, query or trailing slash");
  }
  if (std::any_of(authority.begin(), authority.end(),
                  [](char c) { return std::isupper(static_cast<unsigned char>(c)); })) {
    return std::unexpected("must be lower case (browsers send origins in lower case)");
  }
  return {};
}

}  // namespace rampart::config
