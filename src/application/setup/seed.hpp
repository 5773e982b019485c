#pragma once
#include <optional>
#include <string>

#include "application/dispatch/use_case.hpp"

namespace rampart::application {

struct SeedResult {
  bool admin_created = false;
  std::string admin_email;
  std::optional<std::string> generated_password;
  // No user holds the admin role and none was created (no password given, none generated).
  bool admin_missing = false;
};

// SeedCommand: start-up seeding, idempotent: syncs the permission catalogue declared in code to the
// database, upserts the built-in roles (`admin` = every permission, `user` = none), and creates
// the first administrator when no user holds the `admin` role yet.
struct SeedCommand {
  using Response = SeedResult;
  static constexpr std::string_view kName = "setup.seed";
  static constexpr Requirement kRequires = Requirement::System();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // several steps, Argon2 between

  std::string admin_email;
  std::string admin_password;  // empty: generate one and return it (shown to the operator once)
  // False (production): with no admin_password, create no administrator and report
  // admin_missing instead — a generated password printed at start would end in the log pipeline.
  bool generate_password = true;
  // False: only the catalogue and the built-in roles (`rampart admin create` adds its own).
  bool create_admin = true;
};

// Handle: kValidation (field "RAMPART_ADMIN_EMAIL"/"RAMPART_ADMIN_PASSWORD") when the configured
// administrator is invalid.
domain::Result<SeedResult> Handle(const SeedCommand& command, UseCaseContext& context);

// BuiltInAdminRole returns the built-in roles' definitions: `admin` holds the whole catalogue,
// `user` nothing.
domain::Role BuiltInAdminRole();
domain::Role BuiltInUserRole();

}  // namespace rampart::application
