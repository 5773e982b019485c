#pragma once
// The CLI's subcommands. Each returns the process exit code; failures print one line to stderr.
#include <string>

#include "main/config/config.hpp"

namespace rampart {

class SecretsRuntime;

// `serve`, `migrate` and `config check` take the configuration as loaded, problems included,
// and refuse it through the one validation path (main/startup_checks.hpp): every refusal on
// stderr, one line each, exit 2.

// rampart:begin(iam)
// Serve: `rampart serve`: migrate (database.auto_migrate), seed, serve until SIGTERM/SIGINT, drain,
// exit 0.
// rampart:else
// // Serve: `rampart serve`: migrate (database.auto_migrate), serve until SIGTERM/SIGINT, drain,
// // exit 0.
// rampart:end
// `load_options` produced `loaded`; the feature flags are read again from them at each reload.
// `secrets` read the settings given as aws-sm: references; serve keeps them fresh.
int Serve(const config::Loaded& loaded, const config::LoadOptions& load_options,
          SecretsRuntime& secrets);
// MigrateOptions: `rampart migrate [--status]`: apply the pending migrations (or, with --status,
// list them and change nothing). Needs the database settings only: builds no keys, cache or server.
struct MigrateOptions {
  bool status_only = false;
};
int Migrate(const config::Loaded& loaded, const MigrateOptions& options);
// ConfigCheck: `rampart config check`: print the effective configuration (secrets masked) and every
// refusal `serve` would make; exit 2 when there is one.
int ConfigCheck(const config::Loaded& loaded);

// rampart:begin(iam)
// AdminCreateOptions: `rampart admin create`: a new user with the `admin` role (e-mail verified).
// The password is read from the first line of stdin when `password_from_stdin`, else generated and
// printed once to stdout. Migrates and seeds the catalogue and built-in roles first, so it works on
// a new database. Exit 0, 1 on a dependency failure, 2 on bad input, 3 when the email is taken.
struct AdminCreateOptions {
  std::string email;
  std::string display_name = "Administrator";
  bool password_from_stdin = false;
};
int AdminCreate(const config::Settings& settings, SecretsRuntime& secrets,
                const AdminCreateOptions& options);

// AdminResetPasswordOptions: `rampart admin reset-password`: sets the password of the user with
// this e-mail (stdin or generated, as above), revokes every session, bumps the token version,
// clears the lockout. Exit 0, 1 on a dependency failure, 2 on bad input, 4 when no user has the
// address.
struct AdminResetPasswordOptions {
  std::string email;
  bool password_from_stdin = false;
};
int AdminResetPassword(const config::Settings& settings, SecretsRuntime& secrets,
                       const AdminResetPasswordOptions& options);
// rampart:end

// PrepareCliOutput: for the CLI tools: logging configured for the terminal (no use-case lines), and
// a warning on stderr for each RAMPART_* variable that is no setting.
void PrepareCliOutput(const config::Settings& settings);

}  // namespace rampart
