// The request headers rampart reads before any handler: `Authorization` (the bearer token,
// api/middleware/bearer_auth.hpp), `X-Forwarded-For` behind trusted proxies
// (api/server/client_ip.hpp, common/ip_network.hpp), `traceparent`/`tracestate` (W3C Trace
// Context, telemetry/trace_context.hpp) and `X-Correlation-Id` (echoed into every response and
// log line).
//
// Input: newline-separated header values; the first byte selects the TCP peer and the trusted
// proxy list.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/middleware/bearer_auth.hpp"
#include "api/middleware/correlation_id.hpp"
#include "api/server/client_ip.hpp"
#include "common/ip_network.hpp"
#include "fuzz_check.hpp"
#include "telemetry/trace_context.hpp"

namespace {

using namespace rampart;

std::string_view NextLine(std::string_view& rest) {
  const auto newline = rest.find('\n');
  const auto line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  return line;
}

bool IsSafeForLogs(std::string_view text) {
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  // Authorization: a token68 or nothing, never a part of the scheme.
  const std::string_view authorization = NextLine(rest);
  const std::string_view token = api::BearerToken(authorization);
  if (!token.empty()) {
    FUZZ_CHECK(token.size() < authorization.size());
    // Spaces after the token are optional whitespace, not part of it.
    std::string_view trimmed = authorization;
    while (trimmed.ends_with(' ')) trimmed.remove_suffix(1);
    FUZZ_CHECK(trimmed.ends_with(token));
    FUZZ_CHECK(token.find(' ') == std::string_view::npos);
  }

  // X-Forwarded-For: the answer is the peer or an address some list entry spelt.
  static const std::vector<net::IpNetwork> kProxies = {*net::IpNetwork::Parse("10.0.0.0/8"),
                                                      *net::IpNetwork::Parse("2001:db8::/32")};
  static const api::ClientIpResolver kResolver(kProxies);
  const char* peers[] = {"10.0.0.1", "2001:db8::7", "::ffff:10.9.9.9", "198.51.100.4"};
  const std::string peer = peers[data[0] % 4];
  api::Headers headers;
  headers.emplace_back("x-forwarded-for", std::string(NextLine(rest)));
  headers.emplace_back("x-forwarded-for", std::string(NextLine(rest)));
  const std::string client = kResolver.Resolve(peer, headers);
  FUZZ_CHECK(net::IpAddress::Parse(client).has_value());

  // traceparent: a parsed one formats back to a header that parses to the same ids.
  const std::string_view traceparent = NextLine(rest);
  if (const auto parent = telemetry::ParseTraceParent(traceparent)) {
    FUZZ_CHECK(parent->trace_id.Valid() && parent->parent_id != 0);
    const auto again = telemetry::ParseTraceParent(
        telemetry::FormatTraceParent(parent->trace_id, parent->parent_id, parent->sampled));
    FUZZ_CHECK(again && again->trace_id == parent->trace_id &&
               again->parent_id == parent->parent_id && again->sampled == parent->sampled);
  }
  const std::string_view tracestate = NextLine(rest);
  if (telemetry::IsValidTraceState(tracestate)) FUZZ_CHECK(tracestate.size() <= 512);

  // X-Correlation-Id: echoed only when it cannot split a header or a log line.
  const std::string_view correlation = NextLine(rest);
  const std::string id = api::CorrelationIdFor(correlation);
  FUZZ_CHECK(!id.empty() && id.size() <= 128 && IsSafeForLogs(id));
  if (api::IsValidCorrelationId(correlation)) FUZZ_CHECK(id == correlation);

  // Addresses and networks as configuration and proxies spell them: canonical text round-trips.
  const std::string_view address_text = NextLine(rest);
  if (const auto address = net::IpAddress::Parse(address_text)) {
    const auto again = net::IpAddress::Parse(address->ToString());
    FUZZ_CHECK(again && *again == *address);
  }
  if (const auto network = net::IpNetwork::Parse(address_text)) {
    FUZZ_CHECK(network->prefix >= 0 && network->prefix <= 128);
    FUZZ_CHECK(network->Contains(network->base));
  }
  return 0;
}
