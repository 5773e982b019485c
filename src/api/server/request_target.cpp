#include "api/server/request_target.hpp"

#include <algorithm>
#include <cctype>

#include "api/http/percent_decode.hpp"

namespace rampart::api {
namespace {

bool HasDotDotSegment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

// uri-host [":" port] (RFC 3986): reg-name, IPv4 or a bracketed IP literal. No userinfo, no
// whitespace, no path characters.
bool IsAuthority(std::string_view authority) {
  return std::all_of(authority.begin(), authority.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("-._~%!$&'()*+,;=:[]").find(c) != std::string_view::npos;
  });
}

// "http://host/p?q" → "/p?q" with `authority` "host"; false when `target` is absolute-form
// but not one we serve (another scheme, no host, a userinfo part).
bool StripAbsoluteForm(std::string_view& target, std::string* authority) {
  const auto colon = target.find("://");
  if (colon == std::string_view::npos) return true;  // not absolute-form
  const auto scheme = target.substr(0, colon);
  if (!EqualsIgnoreCase(scheme, "http") && !EqualsIgnoreCase(scheme, "https")) return false;
  std::string_view rest = target.substr(colon + 3);
  const auto end = std::min(rest.find('/'), rest.find('?'));
  const auto host = rest.substr(0, end);
  if (host.empty() || !IsAuthority(host)) return false;
  if (authority) authority->assign(host);
  target = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  return true;
}

}  // namespace

TargetError ParseTarget(std::string_view target, std::string& path, std::string& query,
                        std::string* authority) {
  if (authority) authority->clear();
  std::string rooted;
  if (!target.empty() && target.front() != '/') {
    if (!StripAbsoluteForm(target, authority)) return TargetError::kNotOriginForm;
    if (target.empty() || target.front() == '?') {
      // "http://host" and "http://host?q" name the root (RFC 9110 §4.2.3).
      rooted.assign("/").append(target);
      target = rooted;
    }
  }
  if (target.empty() || target.front() != '/') return TargetError::kNotOriginForm;
  const std::size_t question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  query.assign(question == std::string_view::npos ? std::string_view{}
                                                  : target.substr(question + 1));
  if (!PercentDecode(raw_path, path)) return TargetError::kMalformedEscape;
  // An encoded slash would move segment boundaries after routing has no way to tell them
  // apart; a NUL or a ".." has no business in an API path and is a classic traversal probe.
  if (path.find('\0') != std::string::npos || HasDotDotSegment(path))
    return TargetError::kUnsafePath;
  if (path.size() != raw_path.size()) {
    for (std::size_t i = 0; i + 2 < raw_path.size(); ++i) {
      if (raw_path[i] == '%' && raw_path[i + 1] == '2' &&
          (raw_path[i + 2] == 'F' || raw_path[i + 2] == 'f')) {
        return TargetError::kUnsafePath;
      }
    }
  }
  return TargetError::kNone;
}

bool HasValidHost(const Headers& headers, unsigned version) {
  int count = 0;
  for (const auto& [name, value] : headers) {
    if (name != "host") continue;
    if (++count > 1 || !IsAuthority(value)) return false;
  }
  return count == 1 || version < 11;
}

}  // namespace rampart::api
