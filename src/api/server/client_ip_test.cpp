#include "api/server/client_ip.hpp"

#include <gtest/gtest.h>

namespace rampart::api {
namespace {

ClientIpResolver Trusting(std::string_view networks) {
  return ClientIpResolver(*net::ParseNetworkList(networks));
}

Headers Forwarded(std::initializer_list<std::string> values) {
  Headers headers{{"host", "api.example.com"}};
  for (const auto& value : values) headers.emplace_back("x-forwarded-for", value);
  return headers;
}

TEST(ClientIp, WithoutTrustedProxiesThePeerIsTheClient) {
  const ClientIpResolver none;
  EXPECT_EQ(none.Resolve("203.0.113.7", Forwarded({"198.51.100.1"})), "203.0.113.7");
}

TEST(ClientIp, AnUntrustedPeerCannotSetTheClient) {
  const auto resolver = Trusting("10.0.0.0/8");
  EXPECT_EQ(resolver.Resolve("203.0.113.7", Forwarded({"198.51.100.1"})), "203.0.113.7");
}

TEST(ClientIp, ATrustedPeerNamesTheClient) {
  const auto resolver = Trusting("10.0.0.0/8");
  EXPECT_EQ(resolver.Resolve("10.1.2.3", Forwarded({"198.51.100.1"})), "198.51.100.1");
}

TEST(ClientIp, TheRightmostUntrustedEntryWinsOverForgedOnesToItsLeft) {
  const auto resolver = Trusting("10.0.0.0/8, 192.168.0.0/16");
  // The client forged "1.1.1.1"; our ALB (10.x) saw 198.51.100.1 and appended it; an inner
  // proxy (192.168.x) appended the ALB.
  EXPECT_EQ(resolver.Resolve("192.168.1.1", Forwarded({"1.1.1.1, 198.51.100.1", "10.0.0.5"})),
            "198.51.100.1");
}

TEST(ClientIp, AllTrustedMeansTheLeftmost) {
  const auto resolver = Trusting("10.0.0.0/8");
  EXPECT_EQ(resolver.Resolve("10.0.0.1", Forwarded({"10.0.0.9, 10.0.0.8"})), "10.0.0.9");
}

TEST(ClientIp, GarbageStopsTheWalkAtTheLastGoodHop) {
  const auto resolver = Trusting("10.0.0.0/8");
  EXPECT_EQ(resolver.Resolve("10.0.0.1", Forwarded({"unknown, 10.0.0.7"})), "10.0.0.7");
  EXPECT_EQ(resolver.Resolve("10.0.0.1", Forwarded({"not-an-ip"})), "10.0.0.1");
  EXPECT_EQ(resolver.Resolve("10.0.0.1", Forwarded({})), "10.0.0.1");
}

TEST(ClientIp, PortsAndIpv6AndMappedPeers) {
  const auto resolver = Trusting("10.0.0.0/8, fd00::/8");
  EXPECT_EQ(resolver.Resolve("10.0.0.1", Forwarded({"198.51.100.1:4711"})), "198.51.100.1");
  EXPECT_EQ(resolver.Resolve("fd00::1", Forwarded({"[2001:db8::1]:443"})), "2001:db8::1");
  EXPECT_EQ(resolver.Resolve("::ffff:10.0.0.1", Forwarded({"2001:DB8::2"})), "2001:db8::2");
  EXPECT_EQ(resolver.Resolve("::ffff:203.0.113.1", Forwarded({"1.2.3.4"})), "203.0.113.1");
}

}  // namespace
}  // namespace rampart::api
