#pragma once
// RAMPART_SMTP_URL: `smtp://[user[:password]@]host[:port]` (port 587, STARTTLS per
// smtp.starttls) or `smtps://...` (port 465, TLS from the first byte). See docs/messaging.md.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace rampart::infrastructure::smtp {

struct SmtpEndpoint {
  std::string host;  // a host name, an IPv4 literal, or an IPv6 literal without brackets
  std::uint16_t port = 587;
  bool implicit_tls = false;  // smtps://
  std::string username;       // empty: no AUTH
  std::string password;       // a secret: never log it
};

// ParseSmtpUrl parses and validates an SMTP URL, percent-decoding the user and the password; the
// error is a reason phrase that never contains the URL (it may hold a password).
std::expected<SmtpEndpoint, std::string> ParseSmtpUrl(std::string_view url);

}  // namespace rampart::infrastructure::smtp
