#include "infrastructure/messaging/smtp/smtp_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rampart::infrastructure::smtp {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::expected<std::string, std::string> PercentDecode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out.push_back(raw[i]);
      continue;
    }
    if (i + 2 >= raw.size() || HexValue(raw[i + 1]) < 0 || HexValue(raw[i + 2]) < 0) {
      return std::unexpected("has an invalid percent escape in its credentials");
    }
    out.push_back(static_cast<char>(HexValue(raw[i + 1]) * 16 + HexValue(raw[i + 2])));
    i += 2;
  }
  return out;
}

bool IsHostName(std::string_view host) {
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace

std::expected<SmtpEndpoint, std::string> ParseSmtpUrl(std::string_view url) {
  SmtpEndpoint endpoint;
  std::string_view rest;
  if (url.starts_with("smtp://")) {
    rest = url.substr(7);
  } else if (url.starts_with("smtps://")) {
    rest = url.substr(8);
    endpoint.implicit_tls = true;
    endpoint.port = 465;
  } else {
    return std::unexpected("must start with smtp:// or smtps://");
  }
  if (rest.ends_with('/')) rest.remove_suffix(1);
  std::string_view authority = rest;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = rest.substr(0, at);
    authority = rest.substr(at + 1);
    const auto colon = credentials.find(':');
    auto user = PercentDecode(credentials.substr(0, colon));
    if (!user) return std::unexpected(user.error());
    if (user->empty()) return std::unexpected("has credentials without a user name");
    endpoint.username = std::move(*user);
    if (colon != std::string_view::npos) {
      auto password = PercentDecode(credentials.substr(colon + 1));
      if (!password) return std::unexpected(password.error());
      endpoint.password = std::move(*password);
    }
    const auto has_control = [](const std::string& text) {
      return std::any_of(text.begin(), text.end(),
                         [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    };
    if (has_control(endpoint.username) || has_control(endpoint.password)) {
      return std::unexpected("has a control character in its credentials");
    }
  }
  if (authority.find_first_of("/?#") != std::string_view::npos) {
    return std::unexpected("must be scheme://[user[:password]@]host[:port] without path or query");
  }

  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::unexpected("has an unclosed [IPv6] host");
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return std::unexpected("has text after the [IPv6] host");
      port = after.substr(1);
    }
    if (host.empty() ||
        host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos) {
      return std::unexpected("has an invalid [IPv6] host");
    }
  } else {
    if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (host.empty()) return std::unexpected("has no host");
    if (!IsHostName(host)) return std::unexpected("has an invalid host name");
  }
  endpoint.host = std::string(host);
  if (authority.ends_with(':')) return std::unexpected("has an invalid port");
  if (!port.empty()) {
    const auto [end, error] =
        std::from_chars(port.data(), port.data() + port.size(), endpoint.port);
    if (error != std::errc{} || end != port.data() + port.size() || endpoint.port == 0) {
      return std::unexpected("has an invalid port");
    }
  }
  return endpoint;
}

}  // namespace rampart::infrastructure::smtp
