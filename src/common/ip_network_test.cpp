#include "common/ip_network.hpp"

#include <gtest/gtest.h>

namespace rampart::net {
namespace {

IpAddress Ip(std::string_view text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address) << text;
  return address.value_or(IpAddress{});
}

TEST(IpAddress, ParsesBothFamiliesAndPrintsCanonically) {
  EXPECT_EQ(Ip("192.0.2.1").ToString(), "192.0.2.1");
  EXPECT_TRUE(Ip("192.0.2.1").IsV4());
  EXPECT_EQ(Ip("::ffff:192.0.2.1"), Ip("192.0.2.1"));
  EXPECT_EQ(Ip("2001:DB8:0:0::1").ToString(), "2001:db8::1");
  EXPECT_FALSE(Ip("::1").IsV4());
}

TEST(IpAddress, RefusesWhatIsNotAnAddress) {
  for (std::string_view bad : {"", "1.2.3", "1.2.3.4:80", "[::1]", "example.com", "1.2.3.256",
                               "fe80::1%eth0", "unknown", " 1.2.3.4"}) {
    EXPECT_FALSE(IpAddress::Parse(bad)) << bad;
  }
}

TEST(IpNetwork, ContainsByPrefix) {
  const auto ten = IpNetwork::Parse("10.0.0.0/8");
  ASSERT_TRUE(ten);
  EXPECT_TRUE(ten->Contains(Ip("10.255.1.2")));
  EXPECT_FALSE(ten->Contains(Ip("11.0.0.1")));
  EXPECT_FALSE(ten->Contains(Ip("::a00:1"))) << "an IPv6 address is not in an IPv4 network";

  const auto odd = IpNetwork::Parse("172.16.0.0/12");
  ASSERT_TRUE(odd);
  EXPECT_TRUE(odd->Contains(Ip("172.31.255.255")));
  EXPECT_FALSE(odd->Contains(Ip("172.32.0.0")));

  const auto v6 = IpNetwork::Parse("2001:db8::/32");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->Contains(Ip("2001:db8:ffff::1")));
  EXPECT_FALSE(v6->Contains(Ip("2001:db9::1")));

  const auto single = IpNetwork::Parse("127.0.0.1");
  ASSERT_TRUE(single);
  EXPECT_TRUE(single->Contains(Ip("127.0.0.1")));
  EXPECT_FALSE(single->Contains(Ip("127.0.0.2")));

  const auto all = IpNetwork::Parse("0.0.0.0/0");
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->Contains(Ip("203.0.113.9")));
}

TEST(IpNetwork, RefusesMalformedOrHostBits) {
  for (std::string_view bad :
       {"10.0.0.1/8", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "/8", "10.0.0.0/-1"}) {
    EXPECT_FALSE(IpNetwork::Parse(bad)) << bad;
  }
}

TEST(IpNetwork, ParsesAListAndNamesTheBadEntry) {
  auto list = ParseNetworkList(" 10.0.0.0/8, ::1 ,,192.168.0.0/16");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 3u);
  NetworkListError error;
  EXPECT_FALSE(ParseNetworkList("10.0.0.0/8, 300.1.1.1", &error));
  EXPECT_EQ(error.entry, "300.1.1.1");
  EXPECT_TRUE(ParseNetworkList("")->empty());
}

}  // namespace
}  // namespace rampart::net
