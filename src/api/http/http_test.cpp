#include "api/http/http.hpp"

#include <gtest/gtest.h>

#include "api/http/percent_decode.hpp"

namespace rampart::api {
namespace {

TEST(MethodTest, RoundTripsAndIsCaseSensitive) {
  for (Method method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                        Method::kDelete, Method::kOptions}) {
    EXPECT_EQ(ParseMethod(ToString(method)), method);
  }
  EXPECT_EQ(ParseMethod("get"), Method::kUnknown);
  EXPECT_EQ(ParseMethod("PURGE"), Method::kUnknown);
  EXPECT_EQ(ParseMethod(""), Method::kUnknown);
}

TEST(PercentDecodeTest, DecodesEscapes) {
  std::string out;
  EXPECT_TRUE(PercentDecode("caf%C3%a9%20%2F", out));
  EXPECT_EQ(out, "caf\xC3\xA9 /");
  EXPECT_TRUE(PercentDecode("a+b", out));
  EXPECT_EQ(out, "a+b");
  EXPECT_TRUE(PercentDecode("a+b", out, /*plus_as_space=*/true));
  EXPECT_EQ(out, "a b");
  EXPECT_TRUE(PercentDecode("%00", out));
  EXPECT_EQ(out, std::string(1, '\0'));
}

TEST(PercentDecodeTest, MalformedEscapesFailButKeepTheText) {
  std::string out;
  EXPECT_FALSE(PercentDecode("100%", out));
  EXPECT_EQ(out, "100%");
  EXPECT_FALSE(PercentDecode("%zz%4", out));
  EXPECT_EQ(out, "%zz%4");
  EXPECT_FALSE(PercentDecode("%4", out));
}

TEST(RequestTest, HeaderLookupIgnoresCase) {
  Request request;
  request.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("Content-Type"), "application/json");
  EXPECT_EQ(request.Header("x-a"), "1");
  EXPECT_EQ(request.Header("missing"), "");
}

TEST(RequestTest, PathParam) {
  Request request;
  request.path_params = {{"id", "42"}};
  EXPECT_EQ(request.PathParam("id"), "42");
  EXPECT_EQ(request.PathParam("other"), "");
}

TEST(RequestTest, QueryParamDecodesKeysAndValues) {
  Request request;
  request.query = "page=2&search=ann+smith&sort=%2BcreatedAt&e%6dpty=&flag&x=1&x=2&bad=%zz";
  EXPECT_EQ(request.QueryParam("page"), "2");
  EXPECT_EQ(request.QueryParam("search"), "ann smith");
  EXPECT_EQ(request.QueryParam("sort"), "+createdAt");
  EXPECT_EQ(request.QueryParam("empty"), "");
  EXPECT_EQ(request.QueryParam("flag"), "");
  EXPECT_EQ(request.QueryParam("x"), "1");
  EXPECT_EQ(request.QueryParam("bad"), "%zz");
  EXPECT_EQ(request.QueryParam("missing"), std::nullopt);
  EXPECT_EQ(request.QueryParam("pag"), std::nullopt);
}

TEST(RequestTest, EmptyQueryHasNoParams) {
  Request request;
  EXPECT_EQ(request.QueryParam("a"), std::nullopt);
  request.query = "&&";
  EXPECT_EQ(request.QueryParam(""), std::nullopt);
}

TEST(ResponseTest, SetHeaderReplacesCaseInsensitively) {
  Response response = Response::Json(200, "{}");
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("X-One", "1");
  response.SetHeader("cache-control", "max-age=60");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].first, "Cache-Control");
  EXPECT_EQ(response.headers[0].second, "max-age=60");
  EXPECT_EQ(response.headers[1].second, "1");
}

TEST(ResponseTest, SetHeaderRemovesEarlierDuplicates) {
  Response response;
  response.headers = {{"Vary", "a"}, {"X", "y"}, {"vary", "b"}};
  response.SetHeader("VARY", "c");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].second, "c");
  EXPECT_EQ(response.headers[1].first, "X");
}

}  // namespace
}  // namespace rampart::api
