#pragma once
// IP addresses and CIDR networks, for the trusted-proxy rule (which peers may tell us the
// client's address). IPv4 is held as IPv4-mapped IPv6 (::ffff:a.b.c.d), so that a listener on
// "::" that sees mapped peers matches IPv4 networks too.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::net {

struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};  // IPv6, or IPv4-mapped IPv6

  // Parse accepts "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1"; nullopt for anything else (no
  // ports, no brackets, no zone ids).
  static std::optional<IpAddress> Parse(std::string_view text);
  bool IsV4() const;
  // ToString: canonical text: dotted quad for IPv4 (mapped ones included), RFC 5952 for IPv6.
  std::string ToString() const;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

struct IpNetwork {
  IpAddress base;
  int prefix = 128;  // in IPv6 bits (an IPv4 /24 is stored as /120)

  // Parse accepts "10.0.0.0/8", "2001:db8::/32", or a single address ("10.1.2.3" means /32). Host
  // bits must be zero ("10.0.0.1/8" is refused: it is most likely a typo).
  static std::optional<IpNetwork> Parse(std::string_view text);
  bool Contains(const IpAddress& address) const;
};

// NetworkListError parses a comma-separated list of networks; on error, the offending entry.
struct NetworkListError {
  std::string entry;
};
std::optional<std::vector<IpNetwork>> ParseNetworkList(std::string_view text,
                                                       NetworkListError* error = nullptr);

}  // namespace rampart::net
