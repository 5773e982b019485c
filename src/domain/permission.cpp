#include "domain/permission.hpp"

#include <algorithm>
#include <array>

namespace rampart::domain {

namespace {
constexpr std::array kCatalogue{
    // rampart:begin(iam)
    PermissionInfo{permissions::kUsersRead, "List and read user accounts."},
    PermissionInfo{permissions::kUsersWrite,
                   "Create and change user accounts, lock and unlock them."},
    PermissionInfo{permissions::kUsersDelete, "Delete user accounts."},
    PermissionInfo{permissions::kRolesRead, "List and read roles and the permission catalogue."},
    PermissionInfo{permissions::kRolesManage, "Create, change and delete roles; assign roles."},
    PermissionInfo{permissions::kSessionsManage,
                   "List and revoke other users' sessions and API keys."},
    // rampart:end
    PermissionInfo{permissions::kAuditRead, "Read the audit log."},
    PermissionInfo{permissions::kSystemRead,
                   "Read detailed health, configuration and feature flags."},
    // rampart:begin(iam)
    PermissionInfo{permissions::kMfaManage, "Reset other users' two-factor sign-in."},
    PermissionInfo{permissions::kServiceAccountsManage,
                   "Create, change, disable and delete service accounts; rotate their secrets; "
                   "list and revoke their API keys."},
    // rampart:end
};
}  // namespace

std::span<const PermissionInfo> PermissionCatalogue() { return kCatalogue; }

bool IsKnownPermission(std::string_view name) {
  return std::any_of(kCatalogue.begin(), kCatalogue.end(),
                     [&](const PermissionInfo& p) { return p.name == name; });
}

std::vector<std::string> NormalizePermissionNames(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace rampart::domain
