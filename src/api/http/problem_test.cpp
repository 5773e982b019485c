#include "api/http/problem.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace rampart::api {
namespace {

namespace json = boost::json;
using domain::Error;
using domain::ErrorCode;

Request RequestAt(std::string path) {
  Request request;
  request.path = std::move(path);
  request.correlation_id = "corr-1";
  return request;
}

std::string_view HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

TEST(ProblemTest, StatusAndSlugForEveryCode) {
  struct Case {
    ErrorCode code;
    int status;
    std::string_view slug;
  };
  for (const Case& c :
       {Case{ErrorCode::kValidation, 422, "validation"},
        Case{ErrorCode::kUnauthorized, 401, "unauthorized"},
        Case{ErrorCode::kForbidden, 403, "forbidden"}, Case{ErrorCode::kNotFound, 404, "not-found"},
        Case{ErrorCode::kConflict, 409, "conflict"},
        Case{ErrorCode::kLocked, 429, "locked"},  // rampart:only(iam)
        Case{ErrorCode::kRateLimited, 429, "rate-limited"},
        Case{ErrorCode::kUnavailable, 503, "unavailable"},
        Case{ErrorCode::kInternal, 500, "internal"}}) {
    EXPECT_EQ(HttpStatus(c.code), c.status) << c.slug;
    EXPECT_EQ(ProblemSlug(c.code), c.slug);
  }
}

TEST(ProblemTest, BodyHasExactlyTheRfc9457Keys) {
  const Response response =
      Problem(Error::Conflict("The name is already taken."), RequestAt("/api/v1/widgets"));
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.size(), 6u);
  EXPECT_EQ(body.at("type"), "/problems/conflict");
  EXPECT_EQ(body.at("title"), "Conflict");
  EXPECT_EQ(body.at("status").as_int64(), 409);
  EXPECT_EQ(body.at("detail"), "The name is already taken.");
  EXPECT_EQ(body.at("instance"), "/api/v1/widgets");
  EXPECT_EQ(body.at("traceId"), "corr-1");
  EXPECT_EQ(HeaderOf(response, "Retry-After"), "");
  EXPECT_EQ(HeaderOf(response, "WWW-Authenticate"), "");
}

TEST(ProblemTest, ValidationListsEveryField) {
  const Response response =
      Problem(Error::Validation({{"email", "Email is invalid."}, {"password", "Too short."}}),
              RequestAt("/x"));
  EXPECT_EQ(response.status, 422);
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("title"), "Validation failed");
  EXPECT_EQ(body.at("type"), "/problems/validation");
  const auto& errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("field"), "email");
  EXPECT_EQ(errors[0].at("message"), "Email is invalid.");
  EXPECT_EQ(errors[1].at("field"), "password");
}

// 5,000 unknown permission names once produced a 494 KB body: the list is bounded.
TEST(ProblemTest, ValidationListsAtMostFiftyFieldsAndCountsTheRest) {
  std::vector<domain::FieldError> fields;
  for (int i = 0; i < 5000; ++i) {
    fields.push_back({"permissions[" + std::to_string(i) + "]", "Unknown permission."});
  }
  const Response response = Problem(Error::Validation(std::move(fields)), RequestAt("/x"));
  EXPECT_EQ(response.status, 422);
  EXPECT_LT(response.body.size(), 4096u);
  const auto body = json::parse(response.body).as_object();
  const auto& errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), kMaxListedFieldErrors);
  EXPECT_EQ(errors.back().at("field"), "permissions[49]");
  EXPECT_EQ(body.at("errorsOmitted").as_int64(), 4950);
  EXPECT_EQ(body.at("detail"),
            "The request has invalid fields. The first 50 of 5000 field errors are listed.");

  const auto few = json::parse(
      Problem(Error::Validation({{"email", "Email is invalid."}}), RequestAt("/x")).body);
  EXPECT_FALSE(few.as_object().contains("errorsOmitted"));
}

TEST(ProblemTest, UnauthorizedAsksForABearerToken) {
  const Response response =
      Problem(Error::Unauthorized("Invalid credentials."), RequestAt("/api/v1/widgets"));
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(HeaderOf(response, "WWW-Authenticate"), "Bearer");
  EXPECT_EQ(json::parse(response.body).at("title"), "Unauthorized");
}

// rampart:begin(iam)
TEST(ProblemTest, LockedCarriesRetryAfter) {
  Error error{ErrorCode::kLocked, "Too many failed logins.", {}, 60};
  const Response response = Problem(error, RequestAt("/login"));
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(HeaderOf(response, "Retry-After"), "60");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/locked");
  EXPECT_EQ(body.at("title"), "Account locked");
}
// rampart:end

TEST(ProblemTest, RateLimitedCarriesRetryAfter) {
  Error error{ErrorCode::kRateLimited, "Slow down.", {}, 7};
  const Response response = Problem(error, RequestAt("/api/v1/widgets"));
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(HeaderOf(response, "Retry-After"), "7");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/rate-limited");
}

TEST(ProblemTest, TitlesOfTheOtherCodes) {
  const auto title = [](ErrorCode code) {
    return json::parse(Problem(Error{code, "d", {}, std::nullopt}, RequestAt("/")).body)
        .at("title")
        .as_string();
  };
  EXPECT_EQ(title(ErrorCode::kForbidden), "Forbidden");
  EXPECT_EQ(title(ErrorCode::kNotFound), "Not found");
  EXPECT_EQ(title(ErrorCode::kRateLimited), "Too many requests");
  EXPECT_EQ(title(ErrorCode::kUnavailable), "Service unavailable");
  EXPECT_EQ(title(ErrorCode::kInternal), "Internal server error");
}

TEST(ProblemTest, ProblemWithStatusForNonDomainErrors) {
  const Response response = ProblemWithStatus(405, "method-not-allowed", "Method not allowed",
                                              "DELETE is not allowed here.", RequestAt("/a\"b"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/method-not-allowed");
  EXPECT_EQ(body.at("instance"), "/a\"b");  // escaped properly
  EXPECT_EQ(body.at("traceId"), "corr-1");
}

}  // namespace
}  // namespace rampart::api
