#pragma once
// Who may run a use case or call an endpoint. Permissions, never role names (SPEC §3).
#include <string_view>

namespace rampart::application {

struct Requirement {
  enum class Kind {
    kPublic,         // anyone, signed in or not
    kAuthenticated,  // any signed-in user (self-service)
    kPermission,     // a signed-in user whose current permissions include `permission`
    kSystem,         // only the process itself (CLI, start-up); never reachable over HTTP
  };
  Kind kind = Kind::kPublic;
  std::string_view permission;  // for kPermission: a name from domain::PermissionCatalogue()

  static constexpr Requirement Public() { return {Kind::kPublic, {}}; }
  static constexpr Requirement SignedIn() { return {Kind::kAuthenticated, {}}; }
  static constexpr Requirement Permission(std::string_view name) {
    return {Kind::kPermission, name};
  }
  static constexpr Requirement System() { return {Kind::kSystem, {}}; }
};

}  // namespace rampart::application
