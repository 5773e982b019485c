// Each binder of the route tables, without a server: what it reads and what it names as wrong.
#include "api/endpoints/binders.hpp"

#include <gtest/gtest.h>

#include "api/endpoints/request_test_support.hpp"

namespace rampart::api {
namespace {

using testing::JsonRequest;

// Bound is the command `bind` reads from `request`, and the names of the fields it found bad.
template <class Command>
std::pair<Command, std::vector<std::string>> Bound(Binder<Command> bind, const Request& request) {
  Input in(request);
  Command command = bind(in);
  std::vector<std::string> bad;
  for (const auto& error : in.Errors()) bad.push_back(error.field);
  return {std::move(command), bad};
}

using Bad = std::vector<std::string>;

TEST(RoleBinders, CreateRole) {
  auto [command, bad] = Bound(
      BindCreateRole, JsonRequest(R"({"name":"ops","description":"d","permissions":["a"]})"));
  EXPECT_EQ(command.name, "ops");
  EXPECT_EQ(command.description, "d");
  EXPECT_EQ(command.permissions, std::vector<std::string>{"a"});
  EXPECT_TRUE(bad.empty());

  auto [empty, missing] = Bound(BindCreateRole, JsonRequest(R"({"permissions":"a"})"));
  EXPECT_EQ(empty.description, "");
  EXPECT_EQ(missing, (Bad{"name", "permissions"}));
}

TEST(RoleBinders, TheRoleIdComesFromThePath) {
  const auto request = JsonRequest(R"({"name":"ops2"})", {{"id", "r-1"}});
  EXPECT_EQ(Bound(BindGetRole, request).first.role_id, "r-1");
  EXPECT_EQ(Bound(BindDeleteRole, request).first.role_id, "r-1");
  auto [update, bad] = Bound(BindUpdateRole, request);
  EXPECT_EQ(update.role_id, "r-1");
  EXPECT_EQ(update.name, "ops2");
  EXPECT_EQ(update.description, std::nullopt);
  EXPECT_TRUE(bad.empty());
}

TEST(RoleBinders, SetRolePermissionsNeedsTheList) {
  auto [command, bad] =
      Bound(BindSetRolePermissions, JsonRequest(R"({"permissions":[]})", {{"id", "r-1"}}));
  EXPECT_EQ(command.role_id, "r-1");
  EXPECT_TRUE(command.permissions.empty());
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(Bound(BindSetRolePermissions, JsonRequest("{}")).second, Bad{"permissions"});
  EXPECT_EQ(Bound(BindSetRolePermissions, JsonRequest(R"({"permissions":[1]})")).second,
            Bad{"permissions"});
}

}  // namespace
}  // namespace rampart::api
