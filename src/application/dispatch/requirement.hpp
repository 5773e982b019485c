#pragma once
// Who may run a use case or call an endpoint. Permissions, never role names (SPEC §3).
#include <string_view>

namespace rampart::application {

struct Requirement {
  enum class Kind {
    kPublic,         // anyone, authenticated or not
    kAuthenticated,  // any authenticated user (self-service); service accounts only where allowed
    kPermission,     // an authenticated caller whose current permissions include `permission`
    kSystem,         // only the process itself (CLI, start-up); never reachable over HTTP
  };
  Kind kind = Kind::kPublic;
  std::string_view permission;  // for kPermission: a name from domain::PermissionCatalogue()
  // For kAuthenticated: service accounts may call it too. Self-service on a user account
  // (profile, password, sessions) is for users: a service account gets 403 there. kPermission
  // requirements accept every principal that holds the permission.
  bool service_accounts = false;
  // api_keys: whether a request an API key authenticated may call it (kAuthenticated and
  // kPermission). False where a key must not outlive itself (creating keys): 403 before the
  // request is read.
  bool api_keys = true;

  static constexpr Requirement Public() { return {Kind::kPublic, {}}; }
  // rampart:begin(iam)
  // SignedIn returns any authenticated user; a service account gets 403.
  static constexpr Requirement SignedIn() { return {Kind::kAuthenticated, {}}; }
  // rampart:end
  // SignedInPrincipal returns any authenticated principal, service accounts included (their own
  // API keys).
  static constexpr Requirement SignedInPrincipal() { return {Kind::kAuthenticated, {}, true}; }
  static constexpr Requirement Permission(std::string_view name) {
    return {Kind::kPermission, name};
  }
  static constexpr Requirement System() { return {Kind::kSystem, {}}; }
  // WithoutApiKeys is this requirement, refusing requests that an API key authenticated.
  constexpr Requirement WithoutApiKeys() const {
    Requirement copy = *this;
    copy.api_keys = false;
    return copy;
  }
};

}  // namespace rampart::application
