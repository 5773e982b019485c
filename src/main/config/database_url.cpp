#include "main/config/database_url.hpp"

#include <boost/json.hpp>  // rampart:only(postgres)

#include <algorithm>
#include <cctype>
#include <optional>

#include "main/config/value_parsers.hpp"

namespace rampart::config {

// rampart:begin(postgres)
namespace {

// RFC 3986 userinfo: everything but the unreserved characters percent-encoded.
std::string EncodeUserinfo(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string WithPassword(std::string_view url, std::string_view password) {
  if (password.empty()) return std::string(url);
  return std::string(url) + (url.find('?') == std::string_view::npos ? "?" : "&") +
         "password=" + EncodeUserinfo(password);
}

std::expected<std::string, std::string> DatabaseUrlFromSecret(std::string_view text) {
  namespace json = boost::json;
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || text[start] != '{') return std::string(text);
  boost::system::error_code error;
  const json::value document = json::parse(text, error);
  if (error || !document.is_object()) return std::unexpected("is not valid JSON");
  const auto& object = document.get_object();
  const auto member = [&](std::string_view name) -> std::optional<std::string> {
    const auto* value = object.if_contains(name);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) return std::string(value->get_string());
    if (value->is_int64()) return std::to_string(value->get_int64());
    if (value->is_uint64()) return std::to_string(value->get_uint64());
    return std::nullopt;
  };
  const auto username = member("username");
  const auto password = member("password");
  const auto host = member("host");
  if (!username || !password || !host) {
    return std::unexpected(
        "is a JSON secret without username, password and host (the shape of the AWS rotation "
        "functions); name the key that holds the URL: aws-sm:<secret>#<key>");
  }
  if (const auto engine = member("engine"); engine && *engine != "postgres" &&
                                            *engine != "postgresql" &&
                                            *engine != "aurora-postgresql") {
    return std::unexpected("is a JSON secret for engine " + *engine + ", not PostgreSQL");
  }
  return "postgresql://" + EncodeUserinfo(*username) + ":" + EncodeUserinfo(*password) + "@" +
         *host + ":" + member("port").value_or("5432") + "/" +
         EncodeUserinfo(member("dbname").value_or("postgres"));
}
// rampart:end

namespace {

constexpr std::string_view kMask = "********";

// rampart:begin(postgres)
bool IsPrintable(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

// RFC 3986 characters allowed in user info and host names, '%' only as "%XX".
bool IsUrlComponent(std::string_view text, std::string_view extra) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%') {
      if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
        return false;
      }
      i += 2;
    } else if (!std::isalnum(c) &&
               std::string_view("-._~").find(static_cast<char>(c)) == std::string_view::npos &&
               extra.find(static_cast<char>(c)) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::expected<void, std::string> CheckPostgresHost(std::string_view host_port) {
  std::string_view port;
  if (host_port.starts_with('[')) {
    const auto close = host_port.find(']');
    if (close == std::string_view::npos) return std::unexpected("has an unclosed [IPv6] host");
    const auto after = host_port.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return std::unexpected("has an invalid host");
    port = after.empty() ? after : after.substr(1);
    if (!ParseHostPort(std::string(host_port.substr(0, close + 1)) + ":0")) {
      return std::unexpected("has an invalid IPv6 host");
    }
  } else {
    const auto colon = host_port.find(':');
    const auto host = host_port.substr(0, colon);
    if (host.empty() || !IsUrlComponent(host, "")) return std::unexpected("has an invalid host");
    if (colon != std::string_view::npos) {
      port = host_port.substr(colon + 1);
      if (port.empty()) return std::unexpected("has an invalid port");
    }
  }
  if (!port.empty() &&
      (port.size() > 5 || !ParseInteger(port, 1, 65535) ||
       !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))) {
    return std::unexpected("has an invalid port");
  }
  return {};
}

std::expected<void, std::string> CheckPostgres(std::string_view rest) {
  if (!IsPrintable(rest)) return std::unexpected("contains spaces or control characters");
  if (rest.find('#') != std::string_view::npos) return std::unexpected("must not have a fragment");
  const auto question = rest.find('?');
  const std::string_view query =
      question == std::string_view::npos ? "" : rest.substr(question + 1);
  rest = rest.substr(0, question);
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  const std::string_view dbname = slash == std::string_view::npos ? "" : rest.substr(slash + 1);

  const auto at = authority.find('@');
  if (at != std::string_view::npos) {
    const auto userinfo = authority.substr(0, at);
    if (userinfo.empty() || !IsUrlComponent(userinfo, "!$&'()*+,;=:")) {
      return std::unexpected("has invalid user information (percent-encode @ / : in passwords)");
    }
    authority = authority.substr(at + 1);
  }
  if (!authority.empty()) {  // empty: libpq's default (the local socket)
    std::size_t start = 0;
    while (true) {
      const auto comma = authority.find(',', start);
      const auto host =
          authority.substr(start, comma == std::string_view::npos ? authority.npos : comma - start);
      if (auto checked = CheckPostgresHost(host); !checked) return checked;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  if (!IsUrlComponent(dbname, "!$&'()*+,;=:@"))
    return std::unexpected("has an invalid database name");
  std::size_t start = 0;
  while (!query.empty()) {
    const auto amp = query.find('&', start);
    const auto pair = query.substr(start, amp == std::string_view::npos ? query.npos : amp - start);
    const auto eq = pair.find('=');
    const auto key = pair.substr(0, eq);
    if (eq == std::string_view::npos || key.empty() ||
        !std::all_of(key.begin(), key.end(),
                     [](unsigned char c) { return std::islower(c) || c == '_'; }) ||
        !IsUrlComponent(pair.substr(eq + 1), "!$'()*+,;:@/?")) {
      return std::unexpected("has an invalid query parameter (expected key=value&...)");
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return {};
}
// rampart:end

}  // namespace

std::expected<DatabaseUrl, std::string> ParseDatabaseUrl(std::string_view url) {
  // rampart:begin(sqlite)
  if (url.starts_with("sqlite://")) {
    const auto path = url.substr(9);
    if (path.empty()) return std::unexpected("has no file path (e.g. sqlite://data/rampart.db)");
    const bool control = std::any_of(path.begin(), path.end(),
                                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (control) return std::unexpected("contains control characters");
    return DatabaseUrl{.is_sqlite = true, .sqlite_path = std::filesystem::path(path)};
  }
  // rampart:else
  // if (url.starts_with("sqlite://")) {
  //   return std::unexpected(
  //       "is a SQLite URL: this service runs on PostgreSQL only (postgresql://... or "
  //       "postgres://...)");
  // }
  // rampart:end
  // rampart:begin(postgres)
  std::string_view rest;
  if (url.starts_with("postgresql://")) {
    rest = url.substr(13);
  } else if (url.starts_with("postgres://")) {
    rest = url.substr(11);
  } else {
    // rampart:begin(sqlite)
    return std::unexpected("is not a sqlite://, postgresql:// or postgres:// URL");
    // rampart:else
    // return std::unexpected("is not a postgresql:// or postgres:// URL");
    // rampart:end
  }
  if (auto checked = CheckPostgres(rest); !checked) return std::unexpected(checked.error());
  // rampart:begin(sqlite)
  return DatabaseUrl{.is_sqlite = false};
  // rampart:else
  // return DatabaseUrl{};
  // rampart:end
  // rampart:else
  // return std::unexpected("is not a sqlite:// URL");
  // rampart:end
}

// rampart:begin(sqlite)
std::string DefaultSqliteUrl(const std::filesystem::path& data_dir) {
  return "sqlite://" + (data_dir / "rampart.db").generic_string();
}
// rampart:end

std::string MaskUrlPassword(std::string_view url) {
  const auto scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto question = url.find('?', start);
  std::string out;
  const std::string_view head = url.substr(0, question);
  const auto at = head.rfind('@');
  const auto colon = head.find(':', start);
  if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
    out.append(head.substr(0, colon + 1)).append(kMask).append(head.substr(at));
  } else {
    out.append(head);
  }
  if (question == std::string_view::npos) return out;
  // Query parameters: mask the value of any key that names a password.
  out += '?';
  std::string_view query = url.substr(question + 1);
  while (true) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    std::string key(pair.substr(0, eq));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (eq != std::string_view::npos && key.find("password") != std::string::npos) {
      out.append(pair.substr(0, eq + 1)).append(kMask);
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    out += '&';
    query = query.substr(amp + 1);
  }
  return out;
}

}  // namespace rampart::config
