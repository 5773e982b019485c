// The example's own pieces, without a server: its settings, what /whoami answers, and how the
// recent events are kept (redeliveries once, the oldest dropped).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "endpoints.hpp"
#include "recent_events.hpp"
#include "settings.hpp"

namespace resource_server {
namespace {

namespace json = boost::json;

Lookup From(std::map<std::string, std::string> variables) {
  return [variables](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

TEST(Settings, DerivesTheJwksUrlFromTheIssuer) {
  const auto settings = LoadSettings(From({{"RESOURCE_SERVER_ISSUER", "https://id.example.com/"},
                                           {"RESOURCE_SERVER_LISTEN", "0.0.0.0:9000"},
                                           {"RESOURCE_SERVER_CLOCK_SKEW", "10"}}));
  ASSERT_TRUE(settings) << settings.error();
  EXPECT_EQ(settings->jwks_url, "https://id.example.com/.well-known/jwks.json");
  EXPECT_EQ(settings->audience, "rampart");
  EXPECT_EQ(settings->listen_host, "0.0.0.0");
  EXPECT_EQ(settings->listen_port, 9000);
  EXPECT_EQ(settings->clock_skew, std::chrono::seconds(10));
  EXPECT_TRUE(settings->events_queue_url.empty());

  const auto explicit_jwks = LoadSettings(
      From({{"RESOURCE_SERVER_ISSUER", "https://id.example.com"},
            {"RESOURCE_SERVER_JWKS_URL", "http://rampart:8080/.well-known/jwks.json"}}));
  ASSERT_TRUE(explicit_jwks);
  EXPECT_EQ(explicit_jwks->jwks_url, "http://rampart:8080/.well-known/jwks.json");
}

TEST(Settings, NamesTheVariableThatIsWrong) {
  EXPECT_NE(LoadSettings(From({})).error().find("RESOURCE_SERVER_ISSUER"), std::string::npos);
  EXPECT_NE(LoadSettings(From({{"RESOURCE_SERVER_ISSUER", "ftp://x"}}))
                .error()
                .find("RESOURCE_SERVER_ISSUER"),
            std::string::npos);
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"RESOURCE_SERVER_LISTEN", "8080"},
                                                        {"RESOURCE_SERVER_CLOCK_SKEW", "-1"},
                                                        {"RESOURCE_SERVER_JWKS_REFRESH", "5m"},
                                                        {"RESOURCE_SERVER_QUEUE_WAIT_TIME", "21"},
                                                        {"RESOURCE_SERVER_AUDIENCE", ""}}) {
    const auto settings =
        LoadSettings(From({{"RESOURCE_SERVER_ISSUER", "https://i"}, {name, value}}));
    ASSERT_FALSE(settings) << name;
    EXPECT_NE(settings.error().find(name), std::string::npos) << settings.error();
  }
}

TEST(WhoAmI, AnswersTheSubjectAndWhatTheTokenGrants) {
  rampart::application::AccessClaims claims;
  claims.subject = "5d1c7a0e-8b1f-4a3e-9c55-0f2a7d3e4b61";
  claims.session_id = "s-1";
  claims.roles = {"user"};
  claims.permissions = {"users:read:self"};
  const auto body = json::parse(WhoAmIJson(claims)).as_object();
  EXPECT_EQ(body.at("subject"), "5d1c7a0e-8b1f-4a3e-9c55-0f2a7d3e4b61");
  EXPECT_EQ(body.at("kind"), "user");
  EXPECT_EQ(body.at("sessionId"), "s-1");
  EXPECT_EQ(body.at("permissions"), json::array{"users:read:self"});
  EXPECT_FALSE(body.contains("clientId"));

  claims.kind = rampart::domain::PrincipalKind::kServiceAccount;
  claims.client_id = "reports";
  const auto machine = json::parse(WhoAmIJson(claims)).as_object();
  EXPECT_EQ(machine.at("kind"), "service_account");
  EXPECT_EQ(machine.at("clientId"), "reports");
  EXPECT_FALSE(machine.contains("sessionId"));
}

std::string Event(const std::string& id, const std::string& type = "rampart.user.registered") {
  return json::serialize(json::object{{"specversion", "1.0"},
                                      {"id", id},
                                      {"source", "https://id.example.com"},
                                      {"type", type},
                                      {"subject", "users/u-1"},
                                      {"time", "2026-12-03T10:15:02Z"},
                                      {"data", json::object{{"userId", "u-1"}}}});
}

TEST(RecentEvents, KeepsTheNewestFirstOnceEachWithoutTheirData) {
  RecentEvents events(2);
  EXPECT_TRUE(events.Add(*ParseCloudEvent(Event("e-1"))));
  EXPECT_FALSE(events.Add(*ParseCloudEvent(Event("e-1"))));  // a redelivery
  EXPECT_TRUE(events.Add(*ParseCloudEvent(Event("e-2", "rampart.user.locked"))));
  EXPECT_TRUE(events.Add(*ParseCloudEvent(Event("e-3"))));
  EXPECT_EQ(events.Size(), 2u);
  const auto body = json::parse(events.Json()).as_object();
  const auto& kept = body.at("events").as_array();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].at("id"), "e-3");
  EXPECT_EQ(kept[1].at("id"), "e-2");
  EXPECT_EQ(kept[1].at("type"), "rampart.user.locked");
  EXPECT_FALSE(kept[0].as_object().contains("data"));
}

TEST(RecentEvents, RefusesWhatIsNotACloudEvent) {
  EXPECT_FALSE(ParseCloudEvent("not json"));
  EXPECT_FALSE(ParseCloudEvent(R"({"type":"mail"})"));
  EXPECT_FALSE(ParseCloudEvent(R"({"specversion":"0.3","id":"x","source":"s","type":"t"})"));
  EXPECT_FALSE(ParseCloudEvent(R"({"specversion":"1.0","source":"s","type":"t"})"));
  EXPECT_TRUE(ParseCloudEvent(R"({"specversion":"1.0","id":"x","source":"s","type":"t"})"));
}

}  // namespace
}  // namespace resource_server
