#include "api/server/client_ip.hpp"

#include <algorithm>

namespace rampart::api {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// An X-Forwarded-For entry: an address, possibly "[v6]:port" or "v4:port" (some proxies add
// the port).
std::optional<net::IpAddress> ParseEntry(std::string_view entry) {
  entry = Trim(entry);
  if (entry.starts_with('[')) {
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return net::IpAddress::Parse(entry.substr(1, close - 1));
  }
  const std::size_t colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    entry = entry.substr(0, colon);  // one colon: IPv4 with a port
  }
  return net::IpAddress::Parse(entry);
}

}  // namespace

bool ClientIpResolver::Trusted(const net::IpAddress& address) const {
  return std::any_of(proxies_.begin(), proxies_.end(),
                     [&](const net::IpNetwork& network) { return network.Contains(address); });
}

std::string ClientIpResolver::Resolve(std::string_view peer, const Headers& headers) const {
  const auto peer_address = net::IpAddress::Parse(peer);
  if (!peer_address) return std::string(peer);
  if (proxies_.empty() || !Trusted(*peer_address)) {
    return peer_address->IsV4() ? peer_address->ToString() : std::string(peer);
  }
  // Every X-Forwarded-For entry in order (several fields are one comma-separated list).
  std::vector<std::string_view> entries;
  for (const auto& [name, value] : headers) {
    if (name != "x-forwarded-for") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      entries.push_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  net::IpAddress client = *peer_address;
  for (auto entry = entries.rbegin(); entry != entries.rend(); ++entry) {
    const auto address = ParseEntry(*entry);
    // Garbage from a trusted hop's left: believe nothing further, the last good hop stands.
    if (!address) break;
    client = *address;
    if (!Trusted(client)) break;
  }
  return client.ToString();
}

}  // namespace rampart::api
