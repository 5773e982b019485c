#include "infrastructure/http/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rampart::infrastructure::http {

std::string Url::HostHeader() const {
  std::string host_text = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) host_text += ":" + std::to_string(port);
  return host_text;
}

std::string Url::Origin() const {
  const std::string host_text = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(tls ? "https://" : "http://") + host_text + ":" + std::to_string(port);
}

std::string_view Url::Path() const {
  const std::string_view view(target);
  return view.substr(0, view.find('?'));
}

std::string_view Url::Query() const {
  const std::string_view view(target);
  const auto mark = view.find('?');
  return mark == std::string_view::npos ? std::string_view() : view.substr(mark + 1);
}

std::optional<Url> ParseUrl(std::string_view text) {
  Url url;
  if (text.starts_with("https://")) {
    url.tls = true;
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  if (text.find('#') != std::string_view::npos) return std::nullopt;
  const auto end = text.find_first_of("/?");
  const std::string_view authority = text.substr(0, end);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view rest = end == std::string_view::npos ? std::string_view() : text.substr(end);
  url.target =
      rest.empty() ? "/" : (rest.front() == '?' ? "/" + std::string(rest) : std::string(rest));
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    if (url.host.find(':') != std::string::npos) return std::nullopt;
  }
  if (url.host.empty()) return std::nullopt;
  std::transform(url.host.begin(), url.host.end(), url.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  url.port = url.tls ? 443 : 80;
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [stop, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || stop != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return std::nullopt;
    }
    url.port = static_cast<std::uint16_t>(port);
  }
  return url;
}

}  // namespace rampart::infrastructure::http
