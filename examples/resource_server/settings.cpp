#include "settings.hpp"

#include <charconv>
#include <cstdlib>

#include "infrastructure/security/remote_jwks.hpp"

namespace resource_server {
namespace {

constexpr std::string_view kPrefix = "RESOURCE_SERVER_";

std::optional<long long> Number(const std::string& text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Reads a whole number of seconds, or a count, within [min, max]; false naming the variable.
bool ReadNumber(const Lookup& lookup, const std::string& name, long long min, long long max,
                const std::function<void(long long)>& store, std::string& error) {
  const auto text = lookup(std::string(kPrefix) + name);
  if (!text) return true;
  const auto value = Number(*text);
  if (!value || *value < min || *value > max) {
    error = std::string(kPrefix) + name + ": expected a whole number from " + std::to_string(min) +
            " to " + std::to_string(max) + ", got \"" + *text + "\"";
    return false;
  }
  store(*value);
  return true;
}

}  // namespace

std::optional<std::string> FromProcess(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::expected<Settings, std::string> LoadSettings(const Lookup& lookup) {
  Settings settings;
  const auto read = [&](std::string_view name) {
    return lookup(std::string(kPrefix) + std::string(name));
  };

  if (auto listen = read("LISTEN")) {
    const auto colon = listen->rfind(':');
    const auto port = colon == std::string::npos ? std::nullopt : Number(listen->substr(colon + 1));
    if (!port || *port < 0 || *port > 65535 || colon == 0) {
      return std::unexpected("RESOURCE_SERVER_LISTEN: expected host:port, got \"" + *listen + "\"");
    }
    settings.listen_host = listen->substr(0, colon);
    settings.listen_port = static_cast<std::uint16_t>(*port);
  }
  settings.issuer = read("ISSUER").value_or("");
  if (settings.issuer.empty()) {
    return std::unexpected("RESOURCE_SERVER_ISSUER is required: the issuer of the tokens to trust");
  }
  settings.jwks_url = read("JWKS_URL").value_or("");
  if (settings.jwks_url.empty()) {
    auto derived = rampart::infrastructure::JwksUrlOf(settings.issuer);
    if (!derived) {
      return std::unexpected("RESOURCE_SERVER_ISSUER: not an http(s) URL without query: \"" +
                             settings.issuer + "\"");
    }
    settings.jwks_url = *derived;
  }
  if (auto audience = read("AUDIENCE")) settings.audience = *audience;
  if (settings.audience.empty()) return std::unexpected("RESOURCE_SERVER_AUDIENCE is empty");
  settings.events_queue_url = read("EVENTS_QUEUE_URL").value_or("");
  settings.log_level = read("LOG_LEVEL").value_or(settings.log_level);

  std::string error;
  const auto seconds = [](std::chrono::seconds& field) {
    return [&field](long long value) { field = std::chrono::seconds(value); };
  };
  if (!ReadNumber(lookup, "CLOCK_SKEW", 0, 300, seconds(settings.clock_skew), error) ||
      !ReadNumber(lookup, "JWKS_REFRESH", 1, 86400, seconds(settings.jwks_refresh), error) ||
      !ReadNumber(lookup, "JWKS_MIN_REFETCH", 1, 3600, seconds(settings.jwks_min_refetch), error) ||
      !ReadNumber(lookup, "QUEUE_WAIT_TIME", 0, 20, seconds(settings.queue_wait_time), error) ||
      !ReadNumber(
          lookup, "RECENT_EVENTS", 1, 10000,
          [&](long long value) { settings.recent_events = static_cast<std::size_t>(value); },
          error)) {
    return std::unexpected(error);
  }
  return settings;
}

}  // namespace resource_server
