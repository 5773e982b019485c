#include "api/middleware/routing.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

namespace json = boost::json;
using testing_support::HeaderOf;
using testing_support::RunStage;

Endpoint Route(Method method, std::string route) {
  return Endpoint{.method = method, .route = std::move(route), .handler = [](Request&) {
                    return Response::NoContent();
                  }};
}

class RoutingTest : public testing::Test {
 protected:
  RoutingTest() {
    router_.Add(Route(Method::kGet, "/api/v1/notes/{id}"));
    router_.Add(Route(Method::kPatch, "/api/v1/notes/{id}"));
  }

  Response Send(Method method, std::string path) {
    request_.method = method;
    request_.path = std::move(path);
    request_.correlation_id = "c-1";
    RoutingMiddleware stage(router_);
    Next next = [this](HttpContext& context) -> boost::asio::awaitable<Response> {
      seen_endpoint_ = context.endpoint;
      co_return Response::Json(200, "{}");
    };
    HttpContext context{request_};
    return RunStage(stage, context, next);
  }

  Router router_;
  Request request_;
  const Endpoint* seen_endpoint_ = nullptr;
};

TEST_F(RoutingTest, SetsEndpointRouteAndParameters) {
  const Response response = Send(Method::kPatch, "/api/v1/notes/abc");
  EXPECT_EQ(response.status, 200);
  ASSERT_NE(seen_endpoint_, nullptr);
  EXPECT_EQ(seen_endpoint_->method, Method::kPatch);
  EXPECT_EQ(request_.route, "/api/v1/notes/{id}");
  EXPECT_EQ(request_.PathParam("id"), "abc");
}

TEST_F(RoutingTest, UnknownPathIsA404Problem) {
  const Response response = Send(Method::kGet, "/api/v1/nothing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(seen_endpoint_, nullptr);
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/not-found");
  EXPECT_EQ(body.at("instance"), "/api/v1/nothing");
  EXPECT_EQ(body.at("traceId"), "c-1");
}

TEST_F(RoutingTest, WrongMethodIsA405ProblemWithAllow) {
  const Response response = Send(Method::kDelete, "/api/v1/notes/abc");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(seen_endpoint_, nullptr);
  EXPECT_EQ(HeaderOf(response, "Allow"), "GET, HEAD, PATCH");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/method-not-allowed");
  EXPECT_EQ(body.at("title"), "Method not allowed");
  EXPECT_EQ(body.at("status").as_int64(), 405);
  // Its metrics and log line keep the path's route (issue 17: it was "unmatched").
  EXPECT_EQ(request_.route, "/api/v1/notes/{id}");
}

}  // namespace
}  // namespace rampart::api
