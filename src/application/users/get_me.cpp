#include "application/users/get_me.hpp"

#include "application/users/current_user.hpp"

namespace rampart::application {

domain::Result<domain::User> GetMeHandler::Handle(const GetMeQuery& query) {
  auto uow = services_.database.Begin(TransactionMode::kRead);
  return LoadCurrentUser(*uow, query.principal, services_.clock.Now());
}

}  // namespace rampart::application
