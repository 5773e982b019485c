#include "application/users/get_user.hpp"

#include "application/dispatch/no_escalation.hpp"

namespace rampart::application {

domain::Result<domain::User> FindUserOrNotFound(UnitOfWork& uow, std::string_view user_id) {
  auto user = uow.Users().FindById(user_id);
  if (!user) return domain::Fail(domain::Error::NotFound("No user with this id."));
  return std::move(*user);
}

domain::Result<domain::User> FindManageableUser(UseCaseContext& context, std::string_view user_id) {
  auto& uow = context.Uow();
  // The callers write the user back: read with the row lock (PostgreSQL; SQLite serialises
  // writers anyway), so that a concurrent change of the same user is never overwritten.
  auto found = uow.Users().FindByIdForUpdate(user_id);
  if (!found) return domain::Fail(domain::Error::NotFound("No user with this id."));
  domain::Result<domain::User> user = std::move(*found);
  if (auto allowed = RequireMayChangeUser(context, *user); !allowed) {
    return domain::Fail(allowed.error());
  }
  return user;
}

domain::Result<domain::User> Handle(const GetUserQuery& query, UseCaseContext& context) {
  auto user = FindUserOrNotFound(context.Uow(), query.user_id);
  if (user) user->password_hash.clear();
  return user;
}

}  // namespace rampart::application
