#pragma once
// The CLI's subcommands. Each returns the process exit code; failures print one line to stderr.
#include "main/config/settings.hpp"

namespace rampart {

// `rampart serve`: migrate, seed, serve until SIGTERM/SIGINT, drain, exit 0.
int Serve(const config::Settings& settings);
// `rampart migrate`: apply pending migrations and report them.
int Migrate(const config::Settings& settings);
// `rampart config check`: print the effective configuration (secrets masked); non-zero when
// production mode would refuse it.
int ConfigCheck(const config::Settings& settings);

}  // namespace rampart
