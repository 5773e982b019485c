#pragma once
// The one validation path of `rampart serve`, `rampart config check` and `rampart migrate`:
// every reason to refuse the configuration, listed together, with one exit code (2). Beyond
// what loading finds (values, cross-checks) it runs production's rules and what the adapters
// rampart:begin(iam)
// would refuse at start (the signing key file, the TLS files, a cache server's URL) — so that
// rampart:else
// // would refuse at start (no issuer, the TLS files, a cache server's URL) — so that
// rampart:end
// `config check` says "valid" exactly when `serve` would start.
#include <string_view>
#include <vector>

#include "main/config/config.hpp"

namespace rampart {

enum class Command { kServe, kConfigCheck, kMigrate };

// The exit code of a refused configuration, for every command.
inline constexpr int kRefusedExitCode = 2;

// Refusals returns every problem `command` refuses. `rampart migrate` reads the database settings
// only (and env, data_dir, log.*): problems of other settings do not stop it. Production's rules
// apply when settings.IsProduction(); `config check` outside production shows them as notes
// (ProductionNotes), not refusals.
std::vector<config::Problem> Refusals(const config::Loaded& loaded, Command command);

// ProductionNotes returns what production would refuse, for `config check` in another environment.
std::vector<config::Problem> ProductionNotes(const config::Settings& settings);

// MigrateUses returns whether `rampart migrate` uses the setting `key` ("" concerns all commands).
bool MigrateUses(std::string_view key);

}  // namespace rampart
