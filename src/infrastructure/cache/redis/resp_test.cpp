#include "infrastructure/cache/redis/resp.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure::redis {
namespace {

TEST(Resp, EncodesBinarySafeArguments) {
  std::string out;
  AppendCommand(out, {"SET", std::string("k\0y", 3), "v\r\n"});
  constexpr char kWire[] = "*3\r\n$3\r\nSET\r\n$3\r\nk\0y\r\n$3\r\nv\r\n\r\n";
  EXPECT_EQ(out, std::string(kWire, sizeof kWire - 1));
}

TEST(Resp, ParsesRepliesFedInArbitraryPieces) {
  const std::string wire =
      "+OK\r\n$5\r\nhello\r\n$-1\r\n:42\r\n-ERR no\r\n*2\r\n$1\r\na\r\n$-1\r\n";
  RespParser parser;
  std::vector<RespValue> replies;
  for (char c : wire) {  // one byte at a time: the worst split
    parser.Feed(&c, 1);
    while (auto reply = parser.Next()) replies.push_back(std::move(*reply));
  }
  ASSERT_EQ(replies.size(), 6u);
  EXPECT_EQ(replies[0].type, RespValue::Type::kStatus);
  EXPECT_EQ(replies[0].text, "OK");
  EXPECT_EQ(replies[1].type, RespValue::Type::kString);
  EXPECT_EQ(replies[1].text, "hello");
  EXPECT_EQ(replies[2].type, RespValue::Type::kNil);
  EXPECT_EQ(replies[3].integer, 42);
  EXPECT_TRUE(replies[4].IsError());
  EXPECT_EQ(replies[4].text, "ERR no");
  ASSERT_EQ(replies[5].elements.size(), 2u);
  EXPECT_EQ(replies[5].elements[0].text, "a");
  EXPECT_EQ(replies[5].elements[1].type, RespValue::Type::kNil);
}

TEST(Resp, RejectsAProtocolError) {
  RespParser parser;
  parser.Feed("?bogus\r\n", 8);
  EXPECT_THROW(parser.Next(), std::runtime_error);
}

}  // namespace
}  // namespace rampart::infrastructure::redis
