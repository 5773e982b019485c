#include "main/startup_checks.hpp"

#include <sys/stat.h>

// rampart:begin(sqlite)
// rampart:else
// #include <algorithm>
// rampart:end

#include <fmt/format.h>

#include "api/server/tls_files.hpp"
#include "infrastructure/redis/redis_url.hpp"  // rampart:only(redis)
#include "infrastructure/security/signing_key.hpp"  // rampart:only(iam)

namespace rampart {
namespace {

using config::Problem;

void Add(std::vector<Problem>& problems, const config::Settings& s, std::string_view key,
         std::string_view reason) {
  problems.push_back({std::string(key), config::DescribeSetting(s, key, reason)});
}

// What the adapters would refuse when serve builds them.
std::vector<Problem> AdapterProblems(const config::Settings& s) {
  std::vector<Problem> problems;
  // rampart:begin(redis)
  if (!s.redis_url.empty()) {
    if (auto endpoint = infrastructure::redis::ParseRedisUrl(s.redis_url); !endpoint) {
      Add(problems, s, "redis.url", "is not usable: " + endpoint.error());
    }
  }
  // rampart:end
  // rampart:begin(iam)
  if (!s.signing_key_file.empty()) {
    try {
      infrastructure::SigningKey::FromPemFile(s.signing_key_file);
    } catch (const std::exception& error) {
      Add(problems, s, "auth.signing_key_file", std::string("cannot be used: ") + error.what());
    }
  }
  // rampart:else
  // // The access tokens are an external issuer's: without it no token could be verified.
  // if (s.issuer.empty()) {
  //   Add(problems, s, "auth.issuer",
  //       "must be set (RAMPART_JWT_ISSUER): the URL of the issuer whose access tokens this "
  //       "service accepts; its signing keys are read from <auth.issuer>/.well-known/jwks.json");
  // }
  // rampart:end
  if (s.tls_enabled && !s.tls_cert_file.empty() && !s.tls_key_file.empty()) {
    if (const auto problem = api::TlsFilesProblem(s.tls_cert_file, s.tls_key_file);
        !problem.empty()) {
      Add(problems, s, "tls.cert_file", "cannot be used with tls.key_file: " + problem);
    }
  }
  return problems;
}

// Production only: a private key file anyone on the host may read is a leaked key waiting to
// happen. Group access is allowed (Kubernetes' fsGroup, a service group).
std::vector<Problem> ProductionFileProblems(const config::Settings& s) {
  std::vector<Problem> problems;
  const auto check = [&](std::string_view key, const std::filesystem::path& file) {
    struct stat info {};
    if (file.empty() || ::stat(file.c_str(), &info) != 0) return;  // AdapterProblems reports it
    if ((info.st_mode & 007) == 0) return;
    problems.push_back(
        {std::string(key),
         fmt::format("production: {} ({}) is accessible to every user of the host (mode {:o}): "
                     "a private key must not be world-readable; chmod 600 (or 640) it, or mount "
                     "the secret with mode 0400",
                     key, file.string(), info.st_mode & 0777)});
  };
  check("auth.signing_key_file", s.signing_key_file);  // rampart:only(iam)
  if (s.tls_enabled) check("tls.key_file", s.tls_key_file);
  return problems;
}

void Append(std::vector<Problem>& to, std::vector<Problem> from) {
  for (auto& problem : from) to.push_back(std::move(problem));
}

}  // namespace

bool MigrateUses(std::string_view key) {
  return key.empty() || key == "env" || key == "data_dir" || key.starts_with("database.") ||
         key.starts_with("log.");
}

std::vector<Problem> ProductionNotes(const config::Settings& settings) {
  auto notes = config::ProductionRefusals(settings);
  Append(notes, ProductionFileProblems(settings));
  return notes;
}

std::vector<Problem> Refusals(const config::Loaded& loaded, Command command) {
  const auto& settings = loaded.settings;
  std::vector<Problem> problems = loaded.problems;
  // rampart:begin(sqlite)
  // An empty database.url is the embedded SQLite file (config/load.cpp).
  // rampart:else
  // // database.url has no default: every command needs it, migrate too (a value that did not
  // // parse is reported already).
  // const auto about_url = [](const Problem& problem) { return problem.key == "database.url"; };
  // if (settings.database_url.empty() && std::ranges::none_of(problems, about_url)) {
  //   problems.push_back({"database.url",
  //                       "config: database.url is empty: set RAMPART_DATABASE_URL to the "
  //                       "PostgreSQL database this service runs on "
  //                       "(postgresql://user:password@host:5432/db)"});
  // }
  // rampart:end
  if (settings.IsProduction()) Append(problems, ProductionNotes(settings));
  if (command != Command::kMigrate) Append(problems, AdapterProblems(settings));
  if (command == Command::kMigrate) {
    std::erase_if(problems, [](const Problem& problem) { return !MigrateUses(problem.key); });
  }
  return problems;
}

}  // namespace rampart
