#include "application/common/audit.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

TEST(AuditJson, QuotesAndEscapesStrings) {
  EXPECT_EQ(JsonString("admin"), R"("admin")");
  EXPECT_EQ(JsonString(""), R"("")");
  EXPECT_EQ(JsonString(R"(say "hi" \ bye)"), R"("say \"hi\" \\ bye")");
  EXPECT_EQ(JsonString("a\nb\tc\rd"), R"("a\nb\tc\rd")");
  EXPECT_EQ(JsonString(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(JsonString("Zoë ✓"), "\"Zoë ✓\"");
}

TEST(AuditJson, ArraysOfStrings) {
  EXPECT_EQ(JsonStringArray({}), "[]");
  EXPECT_EQ(JsonStringArray({"users.read"}), R"(["users.read"])");
  EXPECT_EQ(JsonStringArray({"a", "b\"c"}), R"(["a","b\"c"])");
}

}  // namespace
}  // namespace rampart::application
