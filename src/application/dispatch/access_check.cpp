#include "application/dispatch/access_check.hpp"

#include <algorithm>
#include <iterator>

namespace rampart::application {

namespace {

std::vector<std::string> SortedDistinct(std::vector<std::string> values) {
  std::ranges::sort(values);
  values.erase(std::ranges::unique(values).begin(), values.end());
  return values;
}

}  // namespace

std::vector<std::string> LimitToScope(std::vector<std::string> permissions,
                                      const std::optional<std::vector<std::string>>& scope) {
  if (!scope) return permissions;
  std::vector<std::string> limited;
  std::ranges::set_intersection(permissions, *scope, std::back_inserter(limited));
  return limited;
}

std::vector<std::string> IssuedPermissions(const AccessClaims& claims) {
  std::optional<std::vector<std::string>> scope;
  if (claims.scope) scope = SortedDistinct(*claims.scope);
  return LimitToScope(SortedDistinct(claims.permissions), scope);
}

}  // namespace rampart::application
