// rampart's command line: `serve`, `migrate [--status]`, `config check|list`,
// `admin create|reset-password`, `keys list|rotate|retire`,  // rampart:only(iam)
// `queue stats|dead-letters|redrive`, `health`, `--version`, `--help` everywhere.
// `new`: the template's generator (docs/template.md).  // rampart:only(template)
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "main/build_info.hpp"
#include "main/commands.hpp"
#include "main/config/config.hpp"
#include "main/health_check.hpp"
#include "main/key_commands.hpp"  // rampart:only(iam)
#include "main/new_service.hpp"  // rampart:only(template)
#include "main/secrets_runtime.hpp"
#include "main/config/layers.hpp"
#include "main/config/reference.hpp"
#include "main/queue_commands.hpp"
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
                // rampart:begin(sqlite)
                "Folder for the database and keys (RAMPART_DATA_DIR)");
                // rampart:else
                // "Folder for local state, e.g. the embedded queues (RAMPART_DATA_DIR)");
                // rampart:end
    AddOverride(command, "--database-url", "database.url",
                // rampart:begin(postgres)
                // rampart:begin(sqlite)
                "sqlite://<path> or postgresql://... (RAMPART_DATABASE_URL)");
                // rampart:else
                // "postgresql://... (required; RAMPART_DATABASE_URL)");
                // rampart:end
                // rampart:else
                // "sqlite://<path> (RAMPART_DATABASE_URL)");
                // rampart:end
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
  // rampart:begin(iam)
  CLI::App app{"rampart — identity and access service"};
  // rampart:else
  // CLI::App app{"rampart — web service"};
  // rampart:end
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
  // rampart:begin(iam)
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
  // rampart:end
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
  // The queues' operator commands (docs/events.md, "Dead letters").
  auto* queue = app.add_subcommand("queue", "The message queues and their dead letters");
  queue->require_subcommand(1);
  rampart::QueueCommandOptions queue_options;
  auto* queue_stats = queue->add_subcommand(
      "stats", "Counts of each queue (mail, events), its dead letters and its outbox stream");
  auto* queue_dead = queue->add_subcommand(
      "dead-letters",
      "List a queue's dead letters (never their bodies) with the last error a consumer recorded");
  auto* queue_redrive = queue->add_subcommand(
      // rampart:begin(sqs)
      "redrive", "Move a queue's dead letters back to it (SQS: StartMessageMoveTask, else "
                 "receive-and-send)");
      // rampart:else
      // "redrive", "Move a queue's dead letters back to it (receive-and-send)");
      // rampart:end
  queue_stats->add_option("--queue", queue_options.queue, "mail or events (default: both)");
  queue_dead->add_option("--queue", queue_options.queue, "mail or events (default: mail)");
  queue_dead->add_option("--limit", queue_options.limit, "Most dead letters listed (default 100)");
  queue_redrive->add_option("--queue", queue_options.queue, "mail or events (default: mail)");
  queue_redrive->add_option("--limit", queue_options.limit,
                            "Most dead letters moved (default 1000; a move task moves all)");
  queue_redrive->add_flag("--outbox", queue_options.outbox,
                          "Make the outbox's dead messages of the stream due again instead");
  for (auto* command : {queue_stats, queue_dead, queue_redrive}) {
    command->add_flag("--json", queue_options.json, "One JSON document on stdout");
  }
  // rampart:begin(iam)
  auto* keys = app.add_subcommand(
      "keys",
      "Signing keys of auth.keys_dir or auth.keys_secret: list them, rotate, retire one "
      "(docs/security.md)");
  keys->require_subcommand(1);
  rampart::KeysListOptions list_options;
  auto* keys_list = keys->add_subcommand(
      "list", "Every key with its algorithm, state (next, active, retired) and times");
  keys_list->add_flag("--json", list_options.json, "Print one JSON document instead of a table");
  auto* keys_rotate = keys->add_subcommand(
      "rotate",
      "The published next key signs from now on, the active key retires (in the JWKS until its "
      "tokens expired), a new next key is published; on an empty store: create the first keys");
  rampart::KeysRetireOptions retire_options;
  auto* keys_retire = keys->add_subcommand(
      "retire", "Stop publishing a key: a next key is replaced; a retired key goes with --now");
  keys_retire
      ->add_option("kid", retire_options.kid,
                   "The key's kid (see `rampart keys list`); one that starts with '-' goes "
                   "after `--`")
      ->required();
  keys_retire->add_flag("--now", retire_options.now,
                        "Drop a retired key at once: tokens it signed stop verifying (for a "
                        "compromised key)");
  // rampart:end
  // rampart:begin(template)
  // The template's generator (docs/template.md): every argument goes to its script, --help too.
  auto* create = app.add_subcommand(
      "new", "Generate a new service from this checkout: rampart new <name> [--db ...] (--help)");
  create->prefix_command();
  create->set_help_flag();
  // rampart:end
  // rampart:begin(iam)
  for (auto* command : {serve, migrate, check, admin_create, admin_reset, health, keys_list,
                        keys_rotate, keys_retire, queue_stats, queue_dead, queue_redrive}) {
  // rampart:else
  // for (auto* command : {serve, migrate, check, health, queue_stats, queue_dead, queue_redrive}) {
  // rampart:end
    flags.AddTo(*command);
  }

  if (const auto unknown = UnknownCommand(app, argc, argv)) {
    std::cerr << *unknown << '\n';
    return 2;
  }
  CLI11_PARSE(app, argc, argv);
  if (create->parsed()) return rampart::NewService(create->remaining());  // rampart:only(template)
  // From the settings table alone: no configuration is read.
  if (list->parsed()) {
    std::cout << (list_markdown ? rampart::config::RenderSettingsMarkdown()
                                : rampart::config::RenderSettingsList());
    return 0;
  }

  // Settings given as aws-sm:<secret> are read from Secrets Manager while loading; the cache
  // lives as long as the process (serve refreshes it). The container health check reads no
  // secret: it needs server.listen and tls.* only.
  rampart::SecretsRuntime secrets;
  rampart::config::LoadOptions load_options{
      .config_dir = flags.config_dir,
      .environment = rampart::config::EnvironmentFromProcess(),
      .overrides = flags.overrides};
  if (!health->parsed()) {
    load_options.secrets = [&secrets](const rampart::config::Settings& settings,
                                      std::string_view reference) {
      return secrets.Resolve(settings, reference);
    };
  }
  const auto loaded = rampart::config::LoadAll(load_options);
  if (serve->parsed()) return rampart::Serve(loaded, load_options, secrets);
  if (migrate->parsed()) return rampart::Migrate(loaded, migrate_options);
  if (check->parsed()) return rampart::ConfigCheck(loaded);
  // Only server.listen and tls.* matter to the health check: it runs whatever else is wrong.
  if (health->parsed()) return rampart::Health(loaded.settings, health_options);
  // rampart:begin(iam)
  // The admin, key and queue commands build everything but serve: any problem of loading
  // refuses them.
  // rampart:else
  // // The queue commands build everything but serve: any problem of loading refuses them.
  // rampart:end
  for (const auto& problem : loaded.problems) std::cerr << problem.message << '\n';
  if (!loaded.problems.empty()) return rampart::kRefusedExitCode;
  // rampart:begin(iam)
  if (admin_create->parsed()) return rampart::AdminCreate(loaded.settings, secrets, create_options);
  if (admin_reset->parsed()) return rampart::AdminResetPassword(loaded.settings, secrets, reset_options);
  // rampart:end
  if (queue_stats->parsed()) return rampart::QueueStats(loaded.settings, secrets, queue_options);
  if (queue_dead->parsed()) return rampart::QueueDeadLetters(loaded.settings, secrets, queue_options);
  if (queue_redrive->parsed()) return rampart::QueueRedrive(loaded.settings, secrets, queue_options);
  // rampart:begin(iam)
  if (keys_list->parsed()) return rampart::KeysList(loaded.settings, secrets, list_options);
  if (keys_rotate->parsed()) return rampart::KeysRotate(loaded.settings, secrets);
  if (keys_retire->parsed()) return rampart::KeysRetire(loaded.settings, secrets, retire_options);
  // rampart:end
  return 2;
}
