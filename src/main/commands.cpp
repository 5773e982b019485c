#include "main/commands.hpp"

#include <iostream>

#include "application/setup/seed.hpp"
#include "common/log.hpp"
#include "main/composition.hpp"
#include "main/config/config.hpp"
#include "main/http_service.hpp"

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

// Refuses production start-up with insecure settings; prints every reason.
bool RefuseInsecureProduction(const config::Settings& settings) {
  if (!settings.IsProduction()) return false;
  const auto problems = config::ProductionProblems(settings);
  for (const auto& problem : problems) std::cerr << "production: " << problem << '\n';
  return !problems.empty();
}

// Prints the generated administrator password once, on the terminal, outside the JSON logs.
void AnnounceAdministrator(const application::SeedResult& seed) {
  if (!seed.admin_created) return;
  if (seed.generated_password) {
    std::cerr << "\n  Created the first administrator. Generated password for " << seed.admin_email
              << ": " << *seed.generated_password
              << "\n  It is shown only this once: store it or change it now.\n\n";
  }
  log::Info("setup", "created the first administrator", {{"email", seed.admin_email}});
}

}  // namespace

int Serve(const config::Settings& settings) {
  if (RefuseInsecureProduction(settings)) return 2;
  ConfigureLogging(settings);
  try {
    Composition composition(settings);
    if (const int applied = composition.Migrate(); applied > 0) {
      log::Info("database", "applied migrations", {{"count", applied}});
    }
    auto seed = composition.Dispatcher().Send(
        application::SeedCommand{.admin_email = settings.admin_email,
                                 .admin_password = settings.admin_password},
        application::Caller::System("seed"));
    if (!seed) {
      const auto& field =
          seed.error().fields.empty() ? domain::FieldError{} : seed.error().fields[0];
      std::cerr << "config: " << field.field << ": " << field.message << '\n';
      return 2;
    }
    AnnounceAdministrator(*seed);
    RunHttpService(composition);
  } catch (const std::exception& error) {
    log::Error("main", "start-up failed", {{"error", error.what()}});
    std::cerr << "rampart: " << error.what() << '\n';
    log::Shutdown();
    return 1;
  }
  log::Shutdown();
  return 0;
}

int Migrate(const config::Settings& settings) {
  ConfigureLogging(settings);
  try {
    Composition composition(settings);
    const int applied = composition.Migrate();
    std::cout << "migrate: applied " << applied << " migration(s); database is up to date\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "migrate: " << error.what() << '\n';
    return 1;
  }
}

int ConfigCheck(const config::Settings& settings) {
  std::cout << config::RenderEffective(settings);
  const auto problems = config::ProductionProblems(settings);
  for (const auto& problem : problems) {
    std::cout << (settings.IsProduction() ? "error: " : "note (production would refuse): ")
              << problem << '\n';
  }
  if (settings.IsProduction() && !problems.empty()) return 1;
  std::cout << "configuration is valid\n";
  return 0;
}

}  // namespace rampart
