// rampart's command line: `serve`, `migrate [--status]`, `config check|list`,
// `admin create|reset-password`, `health`, `--version`, `--help` everywhere.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "main/build_info.hpp"
#include "main/commands.hpp"
#include "main/config/config.hpp"
#include "main/health_check.hpp"
#include "main/config/layers.hpp"
#include "main/config/reference.hpp"
#include "main/startup_checks.hpp"

namespace {

// Flags common to every subcommand that reads the configuration. They are the top layer of
// SPEC §2's configuration stack: defaults < files < RAMPART_* < flags.
struct ConfigFlags {
  std::string config_dir = "config";
  std::vector<std::pair<std::string, std::string>> overrides;

  void AddTo(CLI::App& command) {
    command
        .add_option("--config-dir", config_dir, "Folder with rampart.toml and rampart.<env>.toml")
        ->capture_default_str();
    AddOverride(command, "--env", "env", "development | staging | production (RAMPART_ENV)");
    AddOverride(command, "--listen", "server.listen", "host:port to serve on (RAMPART_LISTEN)");
    AddOverride(command, "--data-dir", "data_dir",
                "Folder for the database and keys (RAMPART_DATA_DIR)");
    AddOverride(command, "--database-url", "database.url",
                "sqlite://<path> or postgresql://... (RAMPART_DATABASE_URL)");
    AddOverride(command, "--log-level", "log.level",
                "trace|debug|info|warn|error|off (RAMPART_LOG_LEVEL)");
    command.add_option_function<std::vector<std::string>>(
        "--set",
        [this](const std::vector<std::string>& items) {
          for (const auto& item : items) {
            const auto equals = item.find('=');
            if (equals == std::string::npos || equals == 0) {
              throw CLI::ValidationError("--set", "expects key=value, got \"" + item + "\"");
            }
            overrides.emplace_back(item.substr(0, equals), item.substr(equals + 1));
          }
        },
        "Any setting as key=value (see docs/configuration.md); repeatable");
  }

 private:
  void AddOverride(CLI::App& command, const std::string& flag, const std::string& key,
                   const std::string& help) {
    command.add_option_function<std::string>(
        flag, [this, key](const std::string& value) { overrides.emplace_back(key, value); }, help);
  }
};

// "rampart serv": CLI11 would only say "A subcommand is required". Names the closest command
// instead; nullopt when the first argument is an option or a known command.
std::optional<std::string> UnknownCommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  const std::string given = argv[1];
  std::string closest;
  std::size_t best = 3;  // at most two edits away
  for (const auto* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (command->get_name() == given) return std::nullopt;
    const auto distance = rampart::config::EditDistance(given, command->get_name());
    if (distance < best) {
      best = distance;
      closest = command->get_name();
    }
  }
  return "rampart: unknown command \"" + given + "\"" +
         (closest.empty() ? "" : " (did you mean \"" + closest + "\"?)") + "; see rampart --help";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rampart — identity and access service"};
  app.set_version_flag("--version", std::string("rampart ") + RAMPART_VERSION + " (commit " +
                                        std::string(rampart::BuildCommit()) + ")");
  app.require_subcommand(1);

  ConfigFlags flags;
  auto* serve = app.add_subcommand("serve", "Run the HTTP service until SIGTERM/SIGINT");
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
  rampart::MigrateOptions migrate_options;
  migrate->add_flag("--status", migrate_options.status_only,
                    "List the pending migrations and the schema version; change nothing");
  auto* config = app.add_subcommand("config", "Configuration tools");
  config->require_subcommand(1);
  auto* check = config->add_subcommand(
      "check", "Validate and print the effective configuration (secrets masked)");
  bool list_markdown = false;
  auto* list = config->add_subcommand(
      "list", "Every setting: key, environment variable, default and description");
  list->add_flag("--markdown", list_markdown,
                 "The table of docs/configuration.md (generated from the same settings table)");
  auto* admin = app.add_subcommand("admin", "Account tools for the operator");
  admin->require_subcommand(1);
  rampart::AdminCreateOptions create_options;
  auto* admin_create =
      admin->add_subcommand("create", "Create a user with the admin role (e-mail verified)");
  admin_create->add_option("--email", create_options.email, "E-mail address")->required();
  admin_create->add_option("--display-name", create_options.display_name, "Display name")
      ->capture_default_str();
  admin_create->add_flag("--password-stdin", create_options.password_from_stdin,
                         "Read the password from stdin's first line (default: generate one and "
                         "print it once to stdout)");
  rampart::AdminResetPasswordOptions reset_options;
  auto* admin_reset = admin->add_subcommand(
      "reset-password", "Set a user's password, revoke their sessions, clear their lockout");
  admin_reset->add_option("--email", reset_options.email, "E-mail address")->required();
  admin_reset->add_flag("--password-stdin", reset_options.password_from_stdin,
                        "Read the password from stdin's first line (default: generate one and "
                        "print it once to stdout)");
  rampart::HealthOptions health_options;
  auto* health = app.add_subcommand(
      "health",
      "Ask the running service's /health/ready on server.listen (the container health check): "
      "exit 0 when it answers 200, else 1");
  health->add_flag("--live", health_options.live,
                   "Ask /health/live (the process answers) instead of /health/ready");
  health->add_option_function<double>(
      "--timeout",
      [&health_options](double seconds) {
        health_options.timeout = std::chrono::milliseconds(static_cast<long>(seconds * 1000));
      },
      "Seconds allowed for the whole exchange (default 3)")
      ->check(CLI::Range(0.1, 60.0));
  for (auto* command : {serve, migrate, check, admin_create, admin_reset, health}) {
    flags.AddTo(*command);
  }

  if (const auto unknown = UnknownCommand(app, argc, argv)) {
    std::cerr << *unknown << '\n';
    return 2;
  }
  CLI11_PARSE(app, argc, argv);
  // From the settings table alone: no configuration is read.
  if (list->parsed()) {
    std::cout << (list_markdown ? rampart::config::RenderSettingsMarkdown()
                                : rampart::config::RenderSettingsList());
    return 0;
  }

  const auto loaded =
      rampart::config::LoadAll({.config_dir = flags.config_dir,
                                .environment = rampart::config::EnvironmentFromProcess(),
                                .overrides = flags.overrides});
  if (serve->parsed()) return rampart::Serve(loaded);
  if (migrate->parsed()) return rampart::Migrate(loaded, migrate_options);
  if (check->parsed()) return rampart::ConfigCheck(loaded);
  // Only server.listen and tls.* matter to the health check: it runs whatever else is wrong.
  if (health->parsed()) return rampart::Health(loaded.settings, health_options);
  // The admin commands build everything but serve: any problem of loading refuses them.
  for (const auto& problem : loaded.problems) std::cerr << problem.message << '\n';
  if (!loaded.problems.empty()) return rampart::kRefusedExitCode;
  if (admin_create->parsed()) return rampart::AdminCreate(loaded.settings, create_options);
  if (admin_reset->parsed()) return rampart::AdminResetPassword(loaded.settings, reset_options);
  return 2;
}
