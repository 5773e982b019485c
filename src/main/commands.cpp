#include "main/commands.hpp"

#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

// rampart:begin(iam)
#include "application/setup/normalise_stored_emails.hpp"
#include "application/setup/operator_reset_password.hpp"
#include "application/setup/seed.hpp"
#include "application/users/create_user.hpp"
// rampart:end
#include "common/log.hpp"
#include "main/composition.hpp"
#include "main/config/config.hpp"
#include "main/config/unknown_variables.hpp"
#include "main/config_feature_source.hpp"
#include "main/http_service.hpp"
#include "main/secrets_runtime.hpp"
#include "main/shutdown_deadline.hpp"
#include "main/startup_checks.hpp"

namespace rampart {

namespace {

// Use-case lines of the dispatcher's logging behaviour (component "usecase"): successes at
// debug, expected failures at info, exceptions at error.
void LogUseCaseLine(const application::UseCaseLogLine& line) {
  const bool ok = line.outcome == "ok";
  const auto level =
      ok ? log::Level::debug : (line.outcome == "exception" ? log::Level::err : log::Level::info);
  if (!log::Enabled(level, "usecase")) return;
  log::Write(level, "usecase", "handled",
             {{"useCase", line.name},
              {"outcome", line.outcome},
              {"durationMs", line.duration_ms},
              {"correlationId", line.correlation_id},
              {"detail", line.detail}});
}

void ConfigureLogging(const config::Settings& settings) {
  log::Configure({.level = settings.log_level,
                  .format = settings.log_format == "text" ? log::Format::kText : log::Format::kJson,
                  .component_levels = settings.log_component_levels,
                  // Datadog's unified service tags: its log pipeline joins on them.
                  .static_fields = {{"service", settings.service_name},
                                    {"env", settings.service_env},
                                    {"version", settings.service_version}},
                  .async = false});
  application::SetUseCaseLogSink(&LogUseCaseLine);
}

// One warning per RAMPART_* variable that is no setting (production refuses them instead:
// ProductionProblems). A log line for serve and migrate; plain stderr for the admin commands,
// whose stdout is kept for a generated password.
void WarnAboutUnknownVariables(const config::Settings& settings, bool to_log) {
  for (const auto& variable : settings.unknown_variables) {
    const std::string text = config::Describe(variable) + "; it is ignored";
    if (to_log) {
      log::Warn("main", text, {{"variable", variable.name}, {"didYouMean", variable.suggestion}});
    } else {
      std::cerr << "warning: " << text << '\n';
    }
  }
}

// rampart:begin(iam)
// Prints the generated administrator password once, on the terminal, outside the JSON logs
// (never in production: it generates none). Says how to create one when none exists.
void AnnounceAdministrator(const application::SeedResult& seed) {
  if (seed.admin_missing) {
    log::Warn("setup",
              "no administrator exists and production does not generate a password: set "
              "RAMPART_ADMIN_PASSWORD (or RAMPART_ADMIN_PASSWORD_FILE) and restart, or run "
              "`rampart admin create --email <address> --password-stdin`",
              {{"email", seed.admin_email}});
    return;
  }
  if (!seed.admin_created) return;
  if (seed.generated_password) {
    std::cerr << "\n  Created the first administrator. Generated password for " << seed.admin_email
              << ": " << *seed.generated_password
              << "\n  It is shown only this once: store it or change it now.\n\n";
  }
  log::Info("setup", "created the first administrator", {{"email", seed.admin_email}});
}

// The password of an admin CLI command: the first line of stdin (without its line break), or
// a generated one (256 random bits, base64url) that the caller prints once.
struct CliPassword {
  std::string value;
  bool generated = false;
};
std::optional<CliPassword> ReadCliPassword(bool from_stdin, application::Services& services) {
  if (!from_stdin) return CliPassword{.value = services.random.NewOpaqueToken(), .generated = true};
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return CliPassword{.value = std::move(line)};
}

// One line for an expected failure: the detail, then each field error.
void PrintFailure(std::string_view command, const domain::Error& error) {
  std::cerr << command << ": " << error.detail;
  for (const auto& field : error.fields) std::cerr << " " << field.field << ": " << field.message;
  std::cerr << '\n';
}

int ExitCodeOf(const domain::Error& error) {
  switch (error.code) {
    case domain::ErrorCode::kConflict:
      return 3;
    case domain::ErrorCode::kNotFound:
      return 4;
    default:
      return 2;
  }
}
// rampart:end

// The admin commands print their own one-line outcome to stderr and only a generated password
// to stdout, so a script can capture it: no use-case log lines there.
void ConfigureCliLogging(const config::Settings& settings) {
  ConfigureLogging(settings);
  application::SetUseCaseLogSink(nullptr);
  WarnAboutUnknownVariables(settings, /*to_log=*/false);
}

// rampart:begin(iam)
// Applies migrations and syncs the permission catalogue and built-in roles (not the first
// administrator: the admin commands manage accounts themselves).
void PrepareDatabase(Composition& composition) {
  composition.Migrate();
  auto seeded = composition.Dispatcher().Send(application::SeedCommand{.create_admin = false},
                                              application::Caller::System("cli"));
  if (!seeded)
    throw std::runtime_error("seeding the built-in roles failed: " + seeded.error().detail);
}
// rampart:end

// One line naming the adapter behind each port: what this environment's configuration chose
// (every line carries `env` already).
void LogAdapters(const Composition& composition) {
  const auto adapters = composition.Adapters();
  std::vector<log::Field> fields;
  for (const auto& [port, adapter] : adapters) fields.emplace_back(port, adapter);
  log::Write(log::Level::info, "main", "adapters", fields);
}

// rampart:begin(iam)
// Rewrites the stored e-mail addresses an earlier version left out of today's normal form
// (docs/users.md); logs what it did and what it kept (user ids, never addresses). The number
// rewritten, or nullopt when the pass failed (start-up goes on: it is maintenance).
std::optional<int> NormaliseStoredEmails(Composition& composition) {
  auto outcome = composition.Dispatcher().Send(application::NormaliseStoredEmailsCommand{},
                                               application::Caller::System("startup"));
  if (!outcome) {
    log::Warn("db", "normalising stored e-mail addresses failed",
              {{"error", outcome.error().detail}});
    return std::nullopt;
  }
  if (outcome->normalised > 0) {
    log::Info("db", "normalised stored e-mail addresses", {{"count", outcome->normalised}});
  }
  for (const auto& kept : outcome->kept) {
    log::Warn("db", "stored e-mail address left out of normal form; set it again with PATCH "
                    "/api/v1/users/{id}",
              {{"userId", kept.user_id}, {"reason", kept.reason}});
  }
  return outcome->normalised;
}
// rampart:end

}  // namespace

void PrepareCliOutput(const config::Settings& settings) { ConfigureCliLogging(settings); }

// rampart:begin(iam)
int AdminCreate(const config::Settings& settings, SecretsRuntime& secrets,
                const AdminCreateOptions& options) {
  constexpr std::string_view kCommand = "admin create";
  ConfigureCliLogging(settings);
  try {
    Composition composition(settings, &secrets);
    PrepareDatabase(composition);
    const auto password = ReadCliPassword(options.password_from_stdin, composition.Services());
    if (!password) {
      std::cerr << kCommand << ": --password-stdin given but stdin has no line\n";
      return 2;
    }
    auto created = composition.Dispatcher().Send(
        application::CreateUserCommand{.email = options.email,
                                       .password = password->value,
                                       .display_name = options.display_name,
                                       .roles = std::vector<std::string>{"admin"},
                                       .email_verified = true},
        application::Caller::System("cli.admin.create"));
    if (!created) {
      PrintFailure(kCommand, created.error());
      return ExitCodeOf(created.error());
    }
    std::cerr << kCommand << ": created administrator " << created->email.value() << " (id "
              << created->id << ")\n";
    if (password->generated) std::cout << password->value << '\n';
    return 0;
  } catch (const std::exception& error) {
    std::cerr << kCommand << ": " << error.what() << '\n';
    return 1;
  }
}

int AdminResetPassword(const config::Settings& settings, SecretsRuntime& secrets,
                       const AdminResetPasswordOptions& options) {
  constexpr std::string_view kCommand = "admin reset-password";
  ConfigureCliLogging(settings);
  try {
    Composition composition(settings, &secrets);
    composition.Migrate();
    const auto password = ReadCliPassword(options.password_from_stdin, composition.Services());
    if (!password) {
      std::cerr << kCommand << ": --password-stdin given but stdin has no line\n";
      return 2;
    }
    auto reset = composition.Dispatcher().Send(
        application::OperatorResetPasswordCommand{.email = options.email,
                                                  .new_password = password->value},
        application::Caller::System("cli.admin.reset_password"));
    if (!reset) {
      PrintFailure(kCommand, reset.error());
      return ExitCodeOf(reset.error());
    }
    std::cerr << kCommand << ": password of " << options.email << " reset; "
              << reset->sessions_revoked << " session(s) revoked\n";
    if (password->generated) std::cout << password->value << '\n';
    return 0;
  } catch (const std::exception& error) {
    std::cerr << kCommand << ": " << error.what() << '\n';
    return 1;
  }
}
// rampart:end

namespace {

// Prints every refusal of `command` to stderr (one line each); true when there was any.
bool Refuse(const config::Loaded& loaded, Command command) {
  const auto problems = Refusals(loaded, command);
  for (const auto& problem : problems) std::cerr << problem.message << '\n';
  return !problems.empty();
}

// Brings the schema to this binary's version at start, or checks that it is (auto_migrate
// false). A schema migrated by a newer release is used as it is: during a rolling deploy the
// previous release keeps running on it (docs/operations.md#upgrades-and-rollback).
void PrepareSchema(Composition& composition, const config::Settings& settings) {
  auto& database = composition.Database();
  const auto status = database.Status();
  if (status.Newer()) {
    log::Warn("db",
              "the database schema is newer than this binary: running on it without migrating "
              "(a previous release during a rolling deploy?)",
              {{"schemaVersion", status.current}, {"binaryVersion", status.latest}});
    return;
  }
  if (status.pending.empty()) return;
  if (!settings.database_auto_migrate) {
    throw std::runtime_error("the database schema is at version " + std::to_string(status.current) +
                             " and this binary needs " + std::to_string(status.latest) + " (" +
                             std::to_string(status.pending.size()) +
                             " pending); database.auto_migrate is false: run `rampart migrate` "
                             "first");
  }
  const auto applied = database.Migrate();
  if (!applied.empty()) {
    log::Info("db", "applied migrations", {{"count", applied.size()}, {"latest", applied.back()}});
  }
}

}  // namespace

int Serve(const config::Loaded& loaded, const config::LoadOptions& load_options,
          SecretsRuntime& secrets) {
  if (Refuse(loaded, Command::kServe)) return kRefusedExitCode;
  const auto& settings = loaded.settings;
  ConfigureLogging(settings);
  WarnAboutUnknownVariables(settings, /*to_log=*/true);
  try {
    Composition composition(settings, &secrets);
    LogAdapters(composition);
    secrets.Start();  // background refresh (secrets.ttl); a no-op without aws-sm: settings
    PrepareSchema(composition, settings);
    // rampart:begin(iam)
    NormaliseStoredEmails(composition);
    auto seed = composition.Dispatcher().Send(
        application::SeedCommand{.admin_email = settings.admin_email,
                                 .admin_password = settings.admin_password,
                                 .generate_password = !settings.IsProduction()},
        application::Caller::System("seed"));
    if (!seed) {
      const auto& field =
          seed.error().fields.empty() ? domain::FieldError{} : seed.error().fields[0];
      std::cerr << "config: " << field.field << ": " << field.message << '\n';
      return kRefusedExitCode;
    }
    AnnounceAdministrator(*seed);
    // rampart:end
    composition.EnableFeatureReload(std::make_unique<ConfigFeatureSource>(load_options, &secrets));
    composition.StartMessaging();
    composition.StartAuditRetention();
    // rampart:begin(iam)
    composition.StartApiKeyUsage();
    // rampart:else
    // composition.StartIssuerKeys();
    // rampart:end
    // The budget covers the drain and the flushes that follow it: past it, whatever waits on
    // the database (a frozen or unreachable one) fails at once and the process exits.
    ShutdownDeadline deadline(settings.shutdown_timeout,
                              [&composition] { composition.InterruptDependencies(); });
    RunHttpService(composition, [&deadline] { deadline.Start(); });
    // rampart:begin(iam)
    composition.StopApiKeyUsage();  // after the drain: the last requests' key uses are written
    // rampart:end
    composition.StopMessaging();  // after the drain: mails of the last requests go out too
  } catch (const std::exception& error) {
    log::Error("main", "start-up failed", {{"error", error.what()}});
    std::cerr << "rampart: " << error.what() << '\n';
    log::Shutdown();
    return 1;
  }
  log::Shutdown();
  return 0;
}

int Migrate(const config::Loaded& loaded, const MigrateOptions& options) {
  if (Refuse(loaded, Command::kMigrate)) return kRefusedExitCode;
  const auto& settings = loaded.settings;
  ConfigureLogging(settings);
  WarnAboutUnknownVariables(settings, /*to_log=*/true);
  try {
    std::optional<SchemaStatus> status;
    if (options.status_only) status = StatusWithoutOpening(settings);  // rampart:only(sqlite)
    std::optional<DatabaseRuntime> database;
    if (!status) {
      database.emplace(settings);
      status = database->Status();
    }
    std::cout << "schema: version " << status->current
              << "; this binary's latest: " << status->latest << '\n';
    if (status->Newer()) {
      std::cout << "migrate: the database was migrated by a newer rampart; nothing to apply "
                   "(this binary still runs on it, see docs/operations.md#upgrades-and-rollback)\n";
      return 0;
    }
    if (options.status_only) {
      for (const auto& name : status->pending) std::cout << "pending: " << name << '\n';
      std::cout << "migrate: " << status->pending.size() << " pending migration(s)"
                << (status->pending.empty() ? "; database is up to date" : "; nothing changed")
                << '\n';
      return 0;
    }
    const auto applied = database->Migrate();
    for (const auto& name : applied) std::cout << "applied: " << name << '\n';
    std::cout << "migrate: applied " << applied.size() << " migration(s); database is up to date\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "migrate: " << error.what() << '\n';
    return 1;
  }
}

int ConfigCheck(const config::Loaded& loaded) {
  const auto& settings = loaded.settings;
  // The effective values only when every value parsed (else some are stand-ins).
  if (loaded.problems.empty()) std::cout << config::RenderEffective(settings);
  const bool refused = Refuse(loaded, Command::kConfigCheck);
  if (!settings.IsProduction()) {
    for (const auto& note : ProductionNotes(settings)) {
      std::cout << "note (production would refuse): " << note.message << '\n';
    }
  }
  if (refused) return kRefusedExitCode;
  std::cout << "configuration is valid\n";
  return 0;
}

}  // namespace rampart
