#pragma once
// rampart:begin(iam)
// The permission catalogue is declared here, in code, and synced to the database at start.
// Endpoints require permissions, never role names.
// rampart:else
// // The permission catalogue is declared here, in code: the permissions the trusted issuer grants
// // in its tokens (`perm`, `scope`) that this service's endpoints require.
// rampart:end
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::domain {

struct PermissionInfo {
  std::string_view name;
  std::string_view description;
};

namespace permissions {
// rampart:begin(iam)
inline constexpr std::string_view kUsersRead = "users.read";
inline constexpr std::string_view kUsersWrite = "users.write";
inline constexpr std::string_view kUsersDelete = "users.delete";
inline constexpr std::string_view kRolesRead = "roles.read";
inline constexpr std::string_view kRolesManage = "roles.manage";
inline constexpr std::string_view kSessionsManage = "sessions.manage";
// rampart:end
inline constexpr std::string_view kAuditRead = "audit.read";
inline constexpr std::string_view kSystemRead = "system.read";
// rampart:begin(iam)
inline constexpr std::string_view kMfaManage = "mfa.manage";
inline constexpr std::string_view kServiceAccountsManage = "service_accounts.manage";
// rampart:end
}  // namespace permissions

// PermissionCatalogue returns every permission the service knows, in a stable order.
std::span<const PermissionInfo> PermissionCatalogue();
bool IsKnownPermission(std::string_view name);
// NormalizePermissionNames is `names` sorted (byte order) with duplicates removed: the one form
// a list of permissions is compared, stored and returned in.
std::vector<std::string> NormalizePermissionNames(std::vector<std::string> names);

// rampart:begin(iam)
// Built-in role names. `admin` holds every permission; `user` holds none (self-service only).
inline constexpr std::string_view kAdminRole = "admin";
inline constexpr std::string_view kUserRole = "user";
// rampart:end

}  // namespace rampart::domain
