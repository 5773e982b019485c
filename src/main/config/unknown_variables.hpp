#pragma once
// RAMPART_* environment variables that name no setting: a typo such as RAMPART_DATABSE_URL
// would otherwise run the service on the default database without a word. Load() records them
// in Settings::unknown_variables; every command warns about each (log line), and production
// refuses to start on any (ProductionProblems).
#include <map>
#include <string>
#include <vector>

#include "main/config/settings.hpp"

namespace rampart::config {

// UnknownEnvironmentVariables returns the RAMPART_* names in `environment` that are none of: a
// setting's variable, the `_FILE` form of a secret setting's variable, or a variable of this
// repository's own test and bench tooling (which sets them for its own processes; rampart never
// reads them). Sorted by name.
std::vector<UnknownVariable> UnknownEnvironmentVariables(
    const std::map<std::string, std::string>& environment);

// Describe returns one line: "RAMPART_DATABSE_URL is not a setting of rampart (did you mean
// RAMPART_DATABASE_URL?)".
std::string Describe(const UnknownVariable& variable);

}  // namespace rampart::config
