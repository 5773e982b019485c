#include "infrastructure/messaging/smtp/smtp_url.hpp"

#include "common/server_url.hpp"

namespace rampart::infrastructure::smtp {

std::expected<SmtpEndpoint, std::string> ParseSmtpUrl(std::string_view url) {
  auto parsed = net::ParseServerUrl(url, {"smtp", "smtps"});
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  if (!parsed->path.empty() && parsed->path != "/") {
    return std::unexpected("must be scheme://[user[:password]@]host[:port] without path or query");
  }
  SmtpEndpoint endpoint;
  endpoint.implicit_tls = parsed->scheme == "smtps";
  endpoint.host = std::move(parsed->host);
  endpoint.port = parsed->port.value_or(endpoint.implicit_tls ? 465 : 587);
  if (parsed->user) {
    if (parsed->user->empty()) return std::unexpected("has credentials without a user name");
    endpoint.username = std::move(*parsed->user);
    endpoint.password = parsed->password.value_or("");
  }
  return endpoint;
}

}  // namespace rampart::infrastructure::smtp
