#pragma once
#include <string>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// POST /api/v1/auth/register — self-service sign-up. New users get the built-in `user` role.
struct RegisterUserCommand {
  std::string email;
  std::string password;
  std::string display_name;
};

class RegisterUserHandler {
 public:
  explicit RegisterUserHandler(Services& services) : services_(services) {}
  // kValidation with every failing field; kConflict when the email is taken.
  domain::Result<domain::User> Handle(const RegisterUserCommand& command,
                                      const RequestContext& context);

 private:
  Services& services_;
};

}  // namespace rampart::application
