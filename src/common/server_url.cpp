#include "common/server_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/hex_digit.hpp"

namespace rampart::net {
namespace {

// The decoded credential, or nullopt for a bad escape or a control character (decoded or not).
std::optional<std::string> DecodeCredential(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size() || HexDigitValue(raw[i + 1]) < 0 || HexDigitValue(raw[i + 2]) < 0) {
        return std::nullopt;
      }
      c = static_cast<char>(HexDigitValue(raw[i + 1]) * 16 + HexDigitValue(raw[i + 2]));
      i += 2;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
    out.push_back(c);
  }
  return out;
}

bool IsHostName(std::string_view host) {
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

bool IsIpv6Literal(std::string_view host) {
  return !host.empty() && host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
}

std::string SchemeList(std::initializer_list<std::string_view> schemes) {
  std::string list;
  for (const std::string_view scheme : schemes) {
    if (!list.empty()) list += " or ";
    list.append(scheme).append("://");
  }
  return list;
}

}  // namespace

std::expected<ServerUrl, std::string> ParseServerUrl(std::string_view url,
                                                     std::initializer_list<std::string_view> schemes) {
  ServerUrl parsed;
  std::string_view rest;
  for (const std::string_view scheme : schemes) {
    if (url.size() > scheme.size() + 3 && url.starts_with(scheme) &&
        url.substr(scheme.size(), 3) == "://") {
      parsed.scheme = std::string(scheme);
      rest = url.substr(scheme.size() + 3);
      break;
    }
  }
  if (parsed.scheme.empty()) return std::unexpected("must start with " + SchemeList(schemes));
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return std::unexpected("must not have a query or fragment");
  }

  const std::size_t at = rest.rfind('@');
  const std::size_t slash = rest.find('/', at == std::string_view::npos ? 0 : at + 1);
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) parsed.path = std::string(rest.substr(slash));
  if (at != std::string_view::npos) {
    const std::string_view credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = credentials.find(':');
    parsed.user = DecodeCredential(credentials.substr(0, colon));
    if (colon != std::string_view::npos) {
      parsed.password = DecodeCredential(credentials.substr(colon + 1));
      if (!parsed.password) return std::unexpected("has an invalid character or percent escape in its credentials");
    }
    if (!parsed.user) return std::unexpected("has an invalid character or percent escape in its credentials");
  }

  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::unexpected("has an unclosed [IPv6] host");
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return std::unexpected("has text after the [IPv6] host");
      port = after.substr(1);
      has_port = true;
    }
    if (!IsIpv6Literal(host)) return std::unexpected("has an invalid [IPv6] host");
  } else {
    if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      has_port = true;
    }
    if (host.empty()) return std::unexpected("has no host");
    if (!IsHostName(host)) return std::unexpected("has an invalid host name");
  }
  parsed.host = std::string(host);
  if (has_port) {
    std::uint16_t number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || error != std::errc{} || end != port.data() + port.size() || number == 0) {
      return std::unexpected("has an invalid port");
    }
    parsed.port = number;
  }
  return parsed;
}

}  // namespace rampart::net
