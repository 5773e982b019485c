#include "application/roles/role_queries.hpp"

#include "application/roles/role_rules.hpp"

namespace rampart::application {

domain::Result<std::vector<domain::PermissionInfo>> Handle(const ListPermissionsQuery&,
                                                           UseCaseContext&) {
  const auto catalogue = domain::PermissionCatalogue();
  return std::vector<domain::PermissionInfo>(catalogue.begin(), catalogue.end());
}

domain::Result<std::vector<domain::Role>> Handle(const ListRolesQuery&, UseCaseContext& context) {
  return context.Uow().Roles().List();
}

domain::Result<domain::Role> Handle(const GetRoleQuery& query, UseCaseContext& context) {
  return FindRoleOrNotFound(context.Uow(), query.role_id);
}

}  // namespace rampart::application
