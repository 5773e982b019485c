#include "application/common/paging.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

TEST(PageRequest, DefaultsWhenAbsent) {
  std::vector<domain::FieldError> errors;
  const auto request = ParsePageRequest(std::nullopt, std::nullopt, 50, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(request.page, 1);
  EXPECT_EQ(request.page_size, 50);
  EXPECT_EQ(request.Offset(), 0);
}

TEST(PageRequest, ReadsBothAndComputesTheOffset) {
  std::vector<domain::FieldError> errors;
  const auto request = ParsePageRequest("3", "100", 50, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(request.page, 3);
  EXPECT_EQ(request.page_size, 100);
  EXPECT_EQ(request.Offset(), 200);
}

TEST(PageRequest, NamesEachBadParameter) {
  for (const char* bad : {"0", "-1", "", " 1", "1.5", "abc", "99999999999", "1e2"}) {
    std::vector<domain::FieldError> errors;
    const auto request = ParsePageRequest(bad, bad, 20, errors);
    ASSERT_EQ(errors.size(), 2u) << bad;
    EXPECT_EQ(errors[0].field, "page");
    EXPECT_EQ(errors[1].field, "pageSize");
    EXPECT_EQ(request.page, 1);
    EXPECT_EQ(request.page_size, 20);
  }
  std::vector<domain::FieldError> errors;
  ParsePageRequest("1000001", "101", 20, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "page");
  EXPECT_EQ(errors[1].field, "pageSize");
}

}  // namespace
}  // namespace rampart::application
