#pragma once
// The client's address behind reverse proxies. X-Forwarded-For is a list each proxy appends its
// peer to, so only entries added by proxies we trust can be believed: walking from the right,
// every trusted address is a proxy of ours, and the first untrusted one is the client (anything
// left of it was written by the client and may be forged).
#include <string>
#include <string_view>
#include <vector>

#include "api/http/http.hpp"
#include "common/ip_network.hpp"

namespace rampart::api {

// ClientIpResolver finds a request's client address from its TCP peer and X-Forwarded-For.
class ClientIpResolver {
 public:
  // Trusts peers in `proxies`; with none, the client address is always the TCP peer.
  explicit ClientIpResolver(std::vector<net::IpNetwork> proxies = {})
      : proxies_(std::move(proxies)) {}

  // Resolve is the client address for a request from TCP peer `peer` (an IP literal) with
  // `headers` (names in lower case; several X-Forwarded-For fields count as one list, in
  // order). It is the peer unless that is a trusted proxy; IPv4-mapped IPv6 comes back as IPv4.
  std::string Resolve(std::string_view peer, const Headers& headers) const;

  // Empty says whether no proxy is trusted.
  bool Empty() const { return proxies_.empty(); }

 private:
  bool Trusted(const net::IpAddress& address) const;

  std::vector<net::IpNetwork> proxies_;
};

}  // namespace rampart::api
