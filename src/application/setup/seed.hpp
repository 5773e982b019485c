#pragma once
#include <optional>
#include <string>

#include "application/common/services.hpp"

namespace rampart::application {

// Start-up seeding, idempotent: syncs the permission catalogue declared in code to the
// database, upserts the built-in roles (`admin` = every permission, `user` = none), and creates
// the first administrator when no user holds the `admin` role yet.
struct SeedCommand {
  std::string admin_email;
  std::string admin_password;  // empty: generate one and return it (shown to the operator once)
};

struct SeedResult {
  bool admin_created = false;
  std::string admin_email;
  std::optional<std::string> generated_password;
};

class SeedHandler {
 public:
  explicit SeedHandler(Services& services) : services_(services) {}
  // kValidation (field "RAMPART_ADMIN_EMAIL"/"RAMPART_ADMIN_PASSWORD") when the configured
  // administrator is invalid.
  domain::Result<SeedResult> Handle(const SeedCommand& command);

 private:
  Services& services_;
};

}  // namespace rampart::application
